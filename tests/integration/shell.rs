//! The command line in a shell: completion scripts that complete, and
//! commands that end quietly when their reader goes away.

use std::path::Path;
use std::process::Stdio;

use clap::CommandFactory;

use crate::common::{self, example_inputs};

/// What bash completes for `words`, the last being the word under the
/// cursor, with the script `upr-brief completions bash` prints.
fn bash_completes(words: &[&str]) -> Vec<String> {
    bash_completes_in(Path::new("."), words)
}

/// [`bash_completes`] in the folder `dir`, with the tool on the `PATH`.
fn bash_completes_in(dir: &Path, words: &[&str]) -> Vec<String> {
    let bin = Path::new(env!("CARGO_BIN_EXE_upr-brief")).parent().unwrap();
    let (code, script) = common::run(common::tool().args(["completions", "bash"]));
    assert_eq!(code, 0);
    let script_dir = tempfile::tempdir().unwrap();
    let path = script_dir.path().join("upr-brief.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let n = words.len() - 1;
    let program = format!(
        "PATH='{}':\"$PATH\"; cd '{}'; source '{}'; COMP_WORDS=({}); COMP_CWORD={n}; _upr__brief upr-brief '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        bin.display(),
        dir.display(),
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
fn bash_completes_meeting_ids_for_only_and_workbooks_for_import() {
    if common::external("bash", &["-c", "true"]).is_none() {
        return;
    }
    // `--only` takes the campaign's meeting ids, from the inputs folder the
    // command line names (or inputs/ where the command runs).
    let inputs = example_inputs();
    let inputs = inputs.to_str().unwrap();
    let ids = bash_completes(&[
        "upr-brief",
        "build",
        "--inputs",
        inputs,
        "--only",
        "2024-03-2",
    ]);
    assert_eq!(
        ids,
        [
            "2024-03-20-sweden",
            "2024-03-21-chile",
            "2024-03-21-france",
            "2024-03-27-honduras"
        ]
    );
    let campaign = common::example_inputs();
    let ids = bash_completes_in(
        campaign.parent().unwrap(),
        &["upr-brief", "mail", "--only", ""],
    );
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert!(ids.contains(&"2024-03-19-foc".to_string()), "{ids:?}");
    // Another campaign's ids, the multi-script one's.
    let scripts = common::fixtures().join("scripts");
    let ids = bash_completes(&[
        "upr-brief",
        "build",
        "--only",
        "2024-03-2",
        "--inputs",
        scripts.to_str().unwrap(),
        "--only",
        "",
    ]);
    assert!(ids.contains(&"2024-03-24-cn".to_string()), "{ids:?}");
    assert!(!ids.iter().any(|i| i.contains("sweden")), "{ids:?}");
    // `handover` takes meeting ids, and still its options and their values.
    let ids = bash_completes(&["upr-brief", "handover", "--inputs", inputs, "2024-03-2"]);
    assert_eq!(ids.len(), 4, "{ids:?}");
    let more = bash_completes(&[
        "upr-brief",
        "handover",
        "--dry-run",
        "--inputs",
        inputs,
        "2024-03-20-sweden",
        "2024-03-19",
    ]);
    assert_eq!(more, ["2024-03-19-foc"]);
    let opts = bash_completes(&["upr-brief", "handover", "--d"]);
    assert_eq!(opts, ["--date", "--dry-run"]);

    // `import uhri` takes a workbook: folders and .xlsx files, no others.
    let dir = tempfile::tempdir().unwrap();
    for f in ["export.xlsx", "OLD.XLSX", "README.md", "export.xlsx.txt"] {
        std::fs::write(dir.path().join(f), "").unwrap();
    }
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    let mut files = bash_completes_in(dir.path(), &["upr-brief", "import", "uhri", ""]);
    files.sort();
    assert_eq!(files, ["OLD.XLSX", "export.xlsx", "exports"]);
    // Its options still complete.
    let opts = bash_completes_in(dir.path(), &["upr-brief", "import", "uhri", "--d"]);
    assert_eq!(opts, ["--dry-run"]);
}

#[test]
fn zsh_and_fish_scripts_complete_meeting_ids_and_workbooks() {
    let (code, zsh) = common::run(common::tool().args(["completions", "zsh"]));
    assert_eq!(code, 0);
    assert_eq!(
        zsh.matches(":MEETING_ID:_upr_brief_meeting_ids'").count(),
        2,
        "{zsh}"
    );
    assert!(zsh.contains("_upr_brief_meeting_ids() {"), "{zsh}");
    assert!(zsh.contains("handed over:_upr_brief_meeting_ids'"), "{zsh}");
    assert!(zsh.contains(":_files -g \"*.(xlsx|XLSX)\"'"), "{zsh}");
    let (code, fish) = common::run(common::tool().args(["completions", "fish"]));
    assert_eq!(code, 0);
    let only: Vec<&str> = fish.lines().filter(|l| l.contains(" -l only ")).collect();
    assert_eq!(only.len(), 2, "{fish}");
    assert!(
        fish.contains(
            "__fish_upr_brief_using_subcommand handover\" -f -a \"(__fish_upr_brief_meeting_ids)\""
        ),
        "{fish}"
    );
    for line in only {
        assert!(
            line.ends_with(" -f -a \"(__fish_upr_brief_meeting_ids)\""),
            "{line}"
        );
    }
    assert!(
        fish.contains("function __fish_upr_brief_meeting_ids"),
        "{fish}"
    );
    assert!(
        fish.contains("uhri\" -f -a \"(__fish_upr_brief_workbooks)\""),
        "{fish}"
    );
    // Each shell parses its script, where it is installed.
    for (shell, script) in [("zsh", &zsh), ("fish", &fish)] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("script");
        std::fs::write(&path, script).unwrap();
        let flag = if shell == "zsh" { "-n" } else { "--no-execute" };
        common::external_with(shell, &[flag, path.to_str().unwrap()], false);
    }
}

/// What fish completes for the command line `line` in the folder `dir`,
/// with the script `upr-brief completions fish` prints; `None` without fish.
fn fish_completes(dir: &Path, line: &str) -> Option<Vec<String>> {
    let (code, script) = common::run(common::tool().args(["completions", "fish"]));
    assert_eq!(code, 0);
    let script_dir = tempfile::tempdir().unwrap();
    let path = script_dir.path().join("upr-brief.fish");
    std::fs::write(&path, script).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_upr-brief")).parent().unwrap();
    let program = format!(
        "set PATH '{}' $PATH; cd '{}'; source '{}'; complete -C '{line}'",
        bin.display(),
        dir.display(),
        path.display()
    );
    let out = common::external_with("fish", &["--no-config", "-c", &program], false)?;
    // Each line is a candidate, then a tab and its description.
    Some(
        out.lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect(),
    )
}

#[test]
fn fish_completes_meeting_ids_for_only_and_workbooks_for_import() {
    let inputs = example_inputs();
    let line = format!(
        "upr-brief build --inputs {} --only 2024-03-2",
        inputs.display()
    );
    let Some(ids) = fish_completes(Path::new("."), &line) else {
        return;
    };
    assert_eq!(
        ids,
        [
            "2024-03-20-sweden",
            "2024-03-21-chile",
            "2024-03-21-france",
            "2024-03-27-honduras"
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    for f in ["export.xlsx", "OLD.XLSX", "README.md"] {
        std::fs::write(dir.path().join(f), "").unwrap();
    }
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    let mut files = fish_completes(dir.path(), "upr-brief import uhri ").unwrap();
    files.sort();
    assert_eq!(files, ["OLD.XLSX", "export.xlsx", "exports/"]);
}

#[test]
fn the_hidden_meeting_ids_command_lists_ids_else_file_names() {
    let base = common::fixtures().join("base/meetings/2024-03-21-france.yaml");
    let france = std::fs::read_to_string(base).unwrap();
    let named = format!("id: 2024-05-01-tunisia\n{france}");
    // A meeting that does not parse still has its file's name.
    let campaign = common::Campaign::base_with(&[
        ("meetings/named.yaml", &named),
        ("meetings/2024-06-01-broken.yaml", "date: [\n"),
    ]);
    let (code, out) = common::run(
        common::tool()
            .args(["meeting-ids", "--inputs"])
            .arg(campaign.inputs()),
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "2024-03-19-foc",
            "2024-03-21-france",
            "2024-05-01-tunisia",
            "2024-06-01-broken"
        ],
        "{out}"
    );
}

#[test]
fn an_unknown_only_suggests_the_meeting_id_that_ends_with_it() {
    let inputs = example_inputs();
    for command in ["build", "mail"] {
        let out_dir = tempfile::tempdir().unwrap();
        let (code, out) = common::run(
            common::tool()
                .args([command, "--inputs"])
                .arg(&inputs)
                .arg("--out")
                .arg(out_dir.path())
                .args(["--only", "honduras"]),
        );
        assert_eq!(code, 2, "{out}");
        assert!(
            out.contains("--only honduras: no meeting has this id"),
            "{out}"
        );
        assert!(
            out.contains("did you mean \"2024-03-27-honduras\"?"),
            "{out}"
        );
    }
    // A typo in a whole id is suggested too; a name no id ends with, and
    // that is near none, suggests nothing.
    let out_dir = tempfile::tempdir().unwrap();
    let (code, out) = common::run(
        common::tool()
            .args(["build", "--inputs"])
            .arg(&inputs)
            .arg("--out")
            .arg(out_dir.path())
            .args(["--only", "2024-03-20-swedn"]),
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("did you mean \"2024-03-20-sweden\"?"), "{out}");
    let (code, out) = common::run(
        common::tool()
            .args(["build", "--inputs"])
            .arg(&inputs)
            .arg("--out")
            .arg(out_dir.path())
            .args(["--only", "tunisia"]),
    );
    assert_eq!(code, 2, "{out}");
    assert!(!out.contains("did you mean"), "{out}");
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
