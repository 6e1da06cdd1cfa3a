//! Incremental builds: only what changed is rewritten, what disappeared is
//! removed (only if the tool wrote it), a user's files survive, and a failed
//! build leaves the output folder exactly as it was.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{Campaign, build};

/// Every file in a folder and the SHA-256 of its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                upr_brief::output::sha256(&fs::read(e.path()).unwrap()),
            )
        })
        .collect()
}

fn written(log: &str) -> Vec<String> {
    let mut w: Vec<String> = log
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .filter(|l| !l.contains(", unchanged"))
        .map(|l| {
            Path::new(l)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    w.sort();
    w
}

#[test]
fn editing_one_meeting_rewrites_its_pack_and_the_summary_only() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    assert_eq!(written(&log).len(), 6, "{log}");

    let (_, log) = build(&c.inputs(), out.path(), &[]);
    assert!(written(&log).is_empty(), "{log}");
    assert!(log.contains("wrote 0, unchanged 6, removed 0"), "{log}");

    let meeting = c.inputs().join("meetings/2024-03-19-foc.yaml");
    let text = fs::read_to_string(&meeting)
        .unwrap()
        .replace("Seoul", "Seoul, Republic of Korea");
    fs::write(&meeting, text).unwrap();
    let (_, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(
        written(&log),
        [
            "2024-03-19-foc.docx",
            "2024-03-19-foc.pdf",
            "summary.docx",
            "summary.pdf"
        ],
        "{log}"
    );

    let (_, log) = build(&c.inputs(), out.path(), &["--force"]);
    assert_eq!(written(&log).len(), 6, "{log}");
}

#[test]
fn a_removed_meeting_loses_its_pack_but_a_users_files_survive() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("notes.txt"), "mine").unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    // The user replaced one output with their own edited copy.
    fs::write(out.path().join("2024-03-19-foc.docx"), "edited by hand").unwrap();
    fs::remove_file(c.inputs().join("meetings/2024-03-19-foc.yaml")).unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &["--force"]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("removed 1 in"), "{log}");
    assert!(!out.path().join("2024-03-19-foc.pdf").exists());
    assert_eq!(
        fs::read_to_string(out.path().join("2024-03-19-foc.docx")).unwrap(),
        "edited by hand"
    );
    assert_eq!(
        fs::read_to_string(out.path().join("notes.txt")).unwrap(),
        "mine"
    );
    let manifest = fs::read_to_string(out.path().join("manifest.json")).unwrap();
    assert!(!manifest.contains("2024-03-19-foc"), "{manifest}");
}

#[test]
fn a_damaged_output_is_rebuilt() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    fs::write(out.path().join("summary.pdf"), "truncated").unwrap();
    let (_, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(written(&log), ["summary.pdf"], "{log}");
}

#[test]
fn a_failed_build_leaves_the_output_folder_exactly_as_it_was() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    fs::write(out.path().join("notes.txt"), "mine").unwrap();
    let before = snapshot(out.path());
    fs::write(
        c.inputs().join("meetings/2024-03-19-foc.yaml"),
        "date: 2024-02-30\n",
    )
    .unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &["--force"]).0, 1);
    assert_eq!(snapshot(out.path()), before);
}

#[test]
fn a_folder_in_the_place_of_an_output_stops_the_build_before_it_writes() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    fs::create_dir(out.path().join("summary.pdf")).unwrap();
    fs::write(out.path().join("summary.pdf/keep.txt"), "mine").unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 3, "{log}");
    assert!(
        log.contains("summary.pdf") && log.contains("is a folder"),
        "{log}"
    );
    assert!(log.contains("nothing was written"), "{log}");
    let names: Vec<String> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["summary.pdf"], "{log}");
    assert_eq!(
        fs::read_to_string(out.path().join("summary.pdf/keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused_and_kept() {
    let c = Campaign::base_with(&[]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::write(&out, "a file of the user's").unwrap();
    let (code, log) = build(&c.inputs(), &out, &[]);
    assert_eq!(code, 3, "{log}");
    assert!(log.contains("is a file, not a folder"), "{log}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "a file of the user's");
}
