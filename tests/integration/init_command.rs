//! `upr-brief init`: a fresh campaign folder checks and builds; a folder in
//! use is refused. Completions and the man page come from the same definitions.

use crate::common;

use std::fs;
use std::path::Path;

fn tool(dir: &Path, args: &[&str]) -> (i32, String) {
    common::run(common::tool().args(args).current_dir(dir))
}

#[test]
fn a_fresh_campaign_folder_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, log) = tool(tmp.path(), &["init", "campaign"]);
    assert_eq!(code, 0, "{log}");
    let dir = tmp.path().join("campaign");
    for rel in [
        "README.md",
        ".github/workflows/briefing-packs.yml",
        "inputs/campaign.yaml",
        "templates/pack.md.hbs",
        "templates/mail.txt.hbs",
        "templates/update.txt.hbs",
        "templates/i18n/fr.yaml",
    ] {
        assert!(dir.join(rel).is_file(), "{rel} missing");
    }
    let meeting = fs::read_to_string(dir.join("inputs/meetings/2024-03-20-sweden.yaml")).unwrap();
    assert!(
        meeting.starts_with("# yaml-language-server: $schema=../../schema/meeting.schema.json\n"),
        "{meeting}"
    );
    assert!(dir.join("schema/meeting.schema.json").is_file());
    let workflow = fs::read_to_string(dir.join(".github/workflows/briefing-packs.yml")).unwrap();
    assert!(workflow.contains("upr-brief check") && workflow.contains("upr-brief build"));
    assert!(workflow.contains("upload-artifact") && workflow.contains("path: output"));
    // upr-brief is not in a registry: the workflow installs it from a pinned
    // source, and builds on every push instead of guessing from HEAD~1.
    assert!(
        workflow.contains(
            "cargo install --locked --git \"$UPR_BRIEF_GIT\" --tag \"$UPR_BRIEF_TAG\" upr-brief"
        ),
        "{workflow}"
    );
    assert!(workflow.contains("UPR_BRIEF_TAG: v"), "{workflow}");
    assert!(!workflow.contains("HEAD~1"), "{workflow}");
    assert!(
        !workflow
            .lines()
            .any(|l| l.trim_end().ends_with("cargo install --locked upr-brief")),
        "{workflow}"
    );
    fonts_step(&workflow);
    let (code, log) = tool(&dir, &["check"]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("0 errors, 0 warnings"), "{log}");
    let (code, log) = tool(&dir, &["build"]);
    assert_eq!(code, 0, "{log}");
    for name in [
        "2024-03-20-sweden.pdf",
        "2024-03-21-france.docx",
        "summary.pdf",
        "submission.docx",
        "manifest.json",
    ] {
        assert!(
            dir.join("output").join(name).is_file(),
            "{name} missing:\n{log}"
        );
    }
}

#[test]
fn init_refuses_a_folder_in_use() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("precious.txt"), "keep").unwrap();
    let (code, log) = tool(tmp.path(), &["init", "."]);
    assert_eq!(code, 2, "{log}");
    assert!(log.contains("not empty"), "{log}");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definitions() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let (code, out) = tool(tmp.path(), &["completions", shell]);
        assert_eq!(code, 0);
        assert!(
            out.contains("build") && out.contains("inputs"),
            "{shell}: {out}"
        );
    }
    let (code, out) = tool(tmp.path(), &["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH upr-brief"), "{out}");
}

/// The workflow installs the font packages its `FONT_PACKAGES` lists
/// before it checks or builds (the starter's packs are in English and
/// French: none), and says which languages need which package.
fn fonts_step(workflow: &str) {
    let yaml: serde_yaml::Value = serde_yaml::from_str(workflow).unwrap();
    assert_eq!(
        yaml["env"]["FONT_PACKAGES"].as_str(),
        Some(""),
        "{workflow}"
    );
    let steps = yaml["jobs"]["packs"]["steps"].as_sequence().unwrap();
    let run = |s: &serde_yaml::Value| s["run"].as_str().unwrap_or_default().to_string();
    let install = steps
        .iter()
        .position(|s| run(s).contains("apt-get install"))
        .expect("no step installs fonts");
    let step = &steps[install];
    assert_eq!(step["if"].as_str(), Some("env.FONT_PACKAGES != ''"));
    assert!(
        run(step).ends_with("--no-install-recommends $FONT_PACKAGES"),
        "{workflow}"
    );
    let check = steps
        .iter()
        .position(|s| run(s) == "upr-brief check")
        .unwrap();
    assert!(install < check, "{workflow}");
    let comment: String = workflow
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .collect::<Vec<_>>()
        .join(" ");
    for said in [
        "Arabic (ar) needs fonts-noto-core",
        "Chinese (zh), Japanese and Korean need fonts-noto-cjk",
    ] {
        let flat = comment.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(said), "{said}: {workflow}");
    }
}
