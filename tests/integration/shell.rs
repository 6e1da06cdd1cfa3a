//! The command line in a shell: completion scripts that complete, and
//! commands that end quietly when their reader goes away.

use std::process::Stdio;

use clap::CommandFactory;

use crate::common::{self, example_inputs};

/// What bash completes for `words`, the last being the word under the
/// cursor, with the script `upr-brief completions bash` prints.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let (code, script) = common::run(common::tool().args(["completions", "bash"]));
    assert_eq!(code, 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upr-brief.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let n = words.len() - 1;
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={n}; _upr__brief upr-brief '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        quoted.join(" "),
        words[n],
        words[n - 1],
    );
    let Some(out) = common::external("bash", &["-c", &program]) else {
        return Vec::new();
    };
    out.lines().map(String::from).collect()
}

#[test]
fn bash_completes_each_subcommands_options() {
    if common::external("bash", &["-c", "true"]).is_none() {
        return;
    }
    let top = bash_completes(&["upr-brief", ""]);
    for sub in ["build", "check", "mail", "init"] {
        assert!(top.contains(&sub.to_string()), "{top:?}");
    }
    let build = bash_completes(&["upr-brief", "build", "--"]);
    for opt in ["--inputs", "--out", "--only", "--force", "--quiet"] {
        assert!(build.contains(&opt.to_string()), "build: {build:?}");
    }
    let mail = bash_completes(&["upr-brief", "mail", "--d"]);
    assert_eq!(mail, ["--docx"]);
}

#[test]
fn a_reader_that_goes_away_early_ends_the_program_quietly() {
    for args in [
        &["completions", "fish"][..],
        &["man"][..],
        &["list", "--inputs"][..],
    ] {
        let mut cmd = common::tool();
        cmd.args(args);
        if args[0] == "list" {
            cmd.arg(example_inputs());
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the program has printed anything, as
        // `| head -1` does once it has its line.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.status.code().is_none_or(|c| c == 0), "{args:?}: {err}");
    }
}

#[test]
fn the_man_page_documents_every_command_and_refers_to_no_missing_page() {
    let (code, page) = common::run(common::tool().arg("man"));
    assert_eq!(code, 0, "{page}");
    // One complete page: no references to pages that do not exist.
    assert!(!page.contains("upr\\-brief\\-build(1)"), "{page}");
    for section in [
        ".SH COMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    // Every command a user can type, nested ones too, has its section with
    // each of its options.
    let mut commands = Vec::new();
    let mut stack = vec![(String::from("upr-brief"), upr_brief::cli::Cli::command())];
    while let Some((path, cmd)) = stack.pop() {
        for sub in cmd.get_subcommands() {
            if sub.get_name() != "help" && !sub.is_hide_set() {
                stack.push((format!("{path} {}", sub.get_name()), sub.clone()));
            }
        }
        if path != "upr-brief" {
            commands.push((path, cmd));
        }
    }
    assert!(commands.iter().any(|(p, _)| p == "upr-brief import uhri"));
    let sections: Vec<&str> = page.split(".SS ").collect();
    for (path, cmd) in &commands {
        let heading = format!("\"{}\"\n", path.replace('-', "\\-"));
        let section = sections
            .iter()
            .find(|s| s.starts_with(&heading))
            .unwrap_or_else(|| panic!("{path} missing"));
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let name = match (arg.get_long(), arg.get_value_names()) {
                (Some(long), _) => format!("\\fB\\-\\-{}\\fR", long.replace('-', "\\-")),
                (None, Some(v)) => format!("\\fI{}\\fR", v[0].replace('-', "\\-")),
                (None, None) => format!("\\fI{}\\fR", arg.get_id()),
            };
            assert!(
                section.contains(&name),
                "{path}: {name} missing:\n{section}"
            );
        }
    }
    assert!(page.contains("\\fBupr\\-brief import uhri [OPTIONS] <FILE.xlsx>\\fR"));
    let files = page.split(".SH FILES").nth(1).unwrap();
    for file in [
        "states/imported/*.uhri.yaml",
        "calendar.ics",
        "manifest.json",
    ] {
        assert!(files.contains(file), "FILES: {file} missing");
    }
    for option in [
        "\\fB\\-\\-only\\fR \\fIMEETING_ID\\fR",
        "\\fB\\-\\-force\\fR",
        "\\fB\\-\\-docx\\fR",
    ] {
        assert!(page.contains(option), "{option} missing");
    }
    assert!(page.contains("SOURCE_DATE_EPOCH"));
    assert_eq!(page.matches(".ds Aq '").count(), 1, "one preamble");
    // groff reads it without a warning, where it is installed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upr-brief.1");
    std::fs::write(&path, &page).unwrap();
    if let Ok(out) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&path)
        .output()
    {
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && warnings.trim().is_empty(),
            "{warnings}"
        );
    }
}
