//! One folder per invalid case under `tests/fixtures/invalid/`: the base
//! campaign in `tests/fixtures/base/`, changed by the case's `files/` (added or
//! replaced) and `delete` (paths removed, one a line). `upr-brief check` must
//! exit 1 and print every line of the case's `expected` file.
//!
//! To add a case: make a folder with `files/` and/or `delete`, run
//! `upr-brief check` on it by hand, and write the lines it must print into
//! `expected`.

mod common;

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
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = fs::read_to_string(case.join("expected"))
            .unwrap_or_else(|_| panic!("{name}: no `expected` file"));
        let (code, text, elapsed) = run_case(case);
        assert!(!text.contains("panicked"), "{name} panicked:\n{text}");
        if code != 1 {
            failures.push(format!("{name}: exit {code}, expected 1\n{text}"));
        }
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            if !text.contains(line) {
                failures.push(format!("{name}: missing `{line}` in:\n{text}"));
            }
        }
        // A hang guard, not a speed target: every case is rejected in well
        // under a second; ten seconds means something loops.
        assert!(elapsed < Duration::from_secs(10), "{name} took {elapsed:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
