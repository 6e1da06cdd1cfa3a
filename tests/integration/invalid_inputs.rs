//! One folder per invalid case under `tests/fixtures/invalid/`: the base
//! campaign in `tests/fixtures/base/`, changed by the case's `files/` (added or
//! replaced) and `delete` (paths removed, one a line). `upr-brief check` must
//! exit 1 and print exactly what the case's `expected.snap` holds: every
//! diagnostic, in order, and the count, nothing more or less.
//!
//! The expected output is an insta snapshot, like every expected output of
//! the tests: to add a case, make a folder with `files/` and/or `delete`,
//! then run `INSTA_UPDATE=always cargo test invalid_inputs` (or `cargo
//! insta review`) and read the diff before committing.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{copy_dir, fixtures};

/// Builds the case's inputs in a fresh folder and runs `check` there.
fn run_case(case: &Path) -> (i32, String, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    copy_dir(&fixtures().join("base"), &inputs);
    if case.join("files").is_dir() {
        copy_dir(&case.join("files"), &inputs);
    }
    if let Ok(list) = fs::read_to_string(case.join("delete")) {
        for rel in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(inputs.join(rel.trim())).unwrap();
        }
    }
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_upr-brief"))
        .args(["check", "--inputs", "inputs"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text, elapsed)
}

/// What `check` printed, as its snapshot holds it: trailing spaces dropped,
/// so that an editor's trimming does not fail a case.
fn printed(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n")
}

/// `text` holds `line` where no digit follows it: a location `:1:7` is not
/// found inside `:1:70`.
fn contains_exactly(text: &str, line: &str) -> bool {
    text.match_indices(line)
        .any(|(i, _)| !text[i + line.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

#[test]
fn a_location_matches_only_itself() {
    assert!(contains_exactly("a.yaml:1:7: error", "a.yaml:1:7"));
    assert!(contains_exactly("a.yaml:1:7", "a.yaml:1:7"));
    assert!(!contains_exactly("a.yaml:1:70: error", "a.yaml:1:7"));
    assert!(contains_exactly(
        "a.yaml:1:70 and a.yaml:1:7\n",
        "a.yaml:1:7"
    ));
}

#[test]
fn every_output_name_is_a_reserved_meeting_id() {
    for id in ["summary", "submission", "manifest"] {
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("inputs");
        copy_dir(&fixtures().join("base"), &inputs);
        let meeting = fs::read_to_string(inputs.join("meetings/2024-03-19-foc.yaml")).unwrap();
        fs::write(inputs.join(format!("meetings/{id}.yaml")), &meeting).unwrap();
        // Given as a key, too, in another file.
        fs::write(
            inputs.join("meetings/other.yaml"),
            format!("id: {id}\n{meeting}"),
        )
        .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_upr-brief"))
            .args(["check", "--inputs", "inputs"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stderr).into_owned()
            + &String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{id}: {text}");
        for at in [
            format!("inputs/meetings/{id}.yaml:1:1"),
            "inputs/meetings/other.yaml:1:5".into(),
        ] {
            assert!(
                contains_exactly(&text, &at),
                "{id}: no error at {at}:\n{text}"
            );
        }
        assert_eq!(
            text.matches(&format!(
                "error[reserved-id]: meeting id \"{id}\" would overwrite"
            ))
            .count(),
            2,
            "{id}: {text}"
        );
    }
}

#[test]
fn base_campaign_is_valid() {
    let out = Command::new(env!("CARGO_BIN_EXE_upr-brief"))
        .args(["check", "--inputs"])
        .arg(fixtures().join("base"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("0 errors"), "{text}");
}

#[test]
fn every_invalid_case_reports_its_diagnostics() {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "expected the full set of cases");
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let (code, text, elapsed) = run_case(case);
        assert!(!text.contains("panicked"), "{name} panicked:\n{text}");
        assert_eq!(code, 1, "{name}: exit {code}, expected 1\n{text}");
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(case);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!(
            "`upr-brief check` on the invalid case {name}: stdout, then stderr"
        ));
        settings.bind(|| insta::assert_snapshot!("expected", printed(&text)));
        // A hang guard, not a speed target: every case is rejected in well
        // under a second; ten seconds means something loops.
        assert!(elapsed < Duration::from_secs(10), "{name} took {elapsed:?}");
    }
}

#[test]
fn a_time_with_a_one_digit_hour_is_read_as_hh_mm() {
    let france = "meetings/2024-03-21-france.yaml";
    let text = fs::read_to_string(fixtures().join("base").join(france)).unwrap();
    // Unquoted, as people write it, and quoted.
    for time in ["time: 9:30", "time: \"9:30\""] {
        let c = common::Campaign::base_with(&[(france, &text.replace("time: \"14:00\"", time))]);
        let loaded = c.load();
        assert!(
            !loaded.diags.has_errors(),
            "{:?}",
            common::messages(&loaded)
        );
        let campaign = loaded.campaign.unwrap();
        let m = campaign
            .meetings
            .iter()
            .find(|m| m.id == "2024-03-21-france")
            .unwrap();
        assert_eq!(m.time.as_deref(), Some("09:30"), "{time}");
    }
}

#[test]
fn an_absolute_logo_path_is_accepted_inside_the_inputs_folder_only() {
    let logo = crate::logos::png_logo(8, 4, 0x20);
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("opennet.png"), &logo).unwrap();
    let base = fs::read_to_string(fixtures().join("base/campaign.yaml")).unwrap();
    let c = common::Campaign::base_with(&[("logos/opennet.png", "")]);
    fs::write(c.inputs().join("logos/opennet.png"), &logo).unwrap();
    let with_logo = |path: &Path| {
        let campaign = base.replace(
            "short: OpenNet\n",
            &format!("short: OpenNet\n    logo: \"{}\"\n", path.display()),
        );
        fs::write(c.inputs().join("campaign.yaml"), campaign).unwrap();
        c.load()
    };
    let inside = with_logo(&c.inputs().join("logos/opennet.png"));
    assert!(
        !inside.diags.has_errors(),
        "{:?}",
        common::messages(&inside)
    );
    let campaign = inside.campaign.unwrap();
    let opennet = campaign
        .coalition
        .iter()
        .find(|m| m.id == "opennet")
        .unwrap();
    assert_eq!(
        opennet.logo.as_ref().map(|l| l.path.clone()),
        Some(PathBuf::from("logos/opennet.png"))
    );
    let beyond = with_logo(&outside.path().join("opennet.png"));
    let m = common::messages(&beyond);
    assert!(
        m.iter().any(|m| m.contains("error[path-outside-inputs]")),
        "{m:?}"
    );
}
