//! `upr-brief import uhri`: an export of the Universal Human Rights Index
//! into a copy of the example campaign. The imported recommendations pass
//! `check` and reach packs and the ranking of targets; a second import
//! changes no byte; profiles (comments, hand-written entries) are never
//! rewritten; a dry run writes nothing; every bad cell is named by sheet,
//! row and column; Index themes no campaign theme declares are reported
//! once each.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::uhri::{self, Cell};
use crate::common::{copy_dir, example_inputs, fixtures, run, tool};

/// The export the generator writes, committed as an insta snapshot of
/// [`the_committed_fixture_is_what_the_generator_writes`].
fn fixture_path() -> PathBuf {
    fixtures().join("uhri/export.snap.xlsx")
}

/// A copy of the example campaign.
fn campaign() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_inputs(), &dir.path().join("inputs"));
    dir
}

fn import(inputs: &Path, file: &Path, extra: &[&str]) -> (i32, String) {
    run(tool()
        .args(["import", "uhri"])
        .arg(file)
        .arg("--inputs")
        .arg(inputs)
        .args(extra))
}

/// Every file under `dir` and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// The fixture with `change` made to its rows, written into `dir`.
fn export_with(dir: &Path, headers: &[&str], change: impl FnOnce(&mut Vec<Vec<Cell>>)) -> PathBuf {
    let mut rows = uhri::rows();
    change(&mut rows);
    let path = dir.join("export.xlsx");
    fs::write(&path, uhri::workbook(headers, &rows)).unwrap();
    path
}

fn load(inputs: &Path) -> upr_brief::pipeline::Loaded {
    upr_brief::pipeline::load(
        inputs,
        None,
        chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
    )
    .unwrap()
}

#[test]
fn the_committed_fixture_is_what_the_generator_writes() {
    let bytes = uhri::fixture();
    // The generator writes the same bytes every time, or the snapshot could
    // never match.
    assert!(uhri::fixture() == bytes);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(fixtures().join("uhri"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description("written by tests/integration/common/uhri.rs");
    settings.bind(|| insta::assert_binary_snapshot!("export.xlsx", bytes));
}

#[test]
fn imported_recommendations_pass_check_and_reach_packs_and_the_ranking() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");

    // Before: Sweden's pack quotes only its hand-written recommendation, and
    // Belgium, which has no profile, is no target.
    let before = load(&inputs);
    let sweden = |l: &upr_brief::pipeline::Loaded| -> Vec<String> {
        let a = l.assembled.as_ref().expect("the campaign assembles");
        let pack = a
            .packs
            .iter()
            .find(|p| p.id == "2024-03-20-sweden")
            .unwrap();
        let mut texts: Vec<String> = pack
            .recommendations
            .iter()
            .flat_map(|r| r.prior.iter().map(|p| p.text.clone()))
            .collect();
        texts.sort();
        texts.dedup();
        texts
    };
    let targets = |l: &upr_brief::pipeline::Loaded| -> Vec<(String, u32)> {
        let a = l.assembled.as_ref().unwrap();
        a.summary
            .targets
            .iter()
            .map(|t| (t.code.clone(), t.score))
            .collect()
    };
    let penal = "Ensure that freedom of expression is protected both offline and online";
    assert!(!sweden(&before).iter().any(|t| t.starts_with(penal)));
    assert!(!targets(&before).iter().any(|(c, _)| c == "BE"));

    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert_eq!(code, 0, "{out}");
    for rel in [
        "states/imported/se.uhri.yaml",
        "states/imported/is.uhri.yaml",
        "states/imported/be.uhri.yaml",
        "states/imported/cl.uhri.yaml",
        "states/imported/us.uhri.yaml",
        "states/imported/nz.uhri.yaml",
        "states/imported/kr.uhri.yaml",
        "states/is.yaml",
        "states/be.yaml",
        "states/nz.yaml",
        "states/kr.yaml",
    ] {
        assert!(inputs.join(rel).is_file(), "{rel} missing:\n{out}");
    }
    // Left out: France's (its profile has it), the rows of another state,
    // of a treaty body and of the review's own cycle.
    assert!(
        !inputs.join("states/imported/fr.uhri.yaml").exists(),
        "{out}"
    );
    assert!(
        !inputs.join("states/imported/lt.uhri.yaml").exists(),
        "{out}"
    );
    assert!(
        out.contains("left out: 1 row without a recommending state"),
        "{out}"
    );
    assert!(
        out.contains("left out: 1 recommendation to other states"),
        "{out}"
    );
    assert!(
        out.contains("left out: 1 recommendation of this review's cycle or later"),
        "{out}"
    );
    assert!(
        out.contains("left out: 2 recommendations the profiles already have"),
        "{out}"
    );
    let se = fs::read_to_string(inputs.join("states/imported/se.uhri.yaml")).unwrap();
    assert!(se.contains("ref: \"A/HRC/26/6 para 143.166\""), "{se}");
    assert!(se.contains("response: noted"), "{se}");
    assert!(se.contains("language: \"en\""), "{se}");
    assert!(se.contains("cycle: 2\n    session: 18\n"), "{se}");
    // The paragraph number went into the reference, the text is the rest.
    assert!(se.contains(&format!("text: \"{penal}")), "{se}");
    let cl = fs::read_to_string(inputs.join("states/imported/cl.uhri.yaml")).unwrap();
    assert!(
        cl.contains("response: noted"),
        "a partial position is noted: {cl}"
    );
    assert!(
        out.contains("warning[partial-position]: 1 recommendation was partly supported"),
        "{out}"
    );

    let (code, out) = run(tool().arg("check").arg("--inputs").arg(&inputs));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\n0 errors"), "{out}");

    // After: Sweden's pack quotes the imported recommendation (its theme
    // comes from the `uhri:` list of freedom-of-expression); Belgium ranks
    // with a noted recommendation on the campaign's themes.
    let after = load(&inputs);
    assert!(
        sweden(&after).iter().any(|t| t.starts_with(penal)),
        "{:?}",
        sweden(&after)
    );
    let be = after
        .assembled
        .as_ref()
        .unwrap()
        .summary
        .targets
        .iter()
        .find(|t| t.code == "BE")
        .expect("Belgium is a target");
    assert_eq!(be.name, "Belgium");
    assert!(
        be.score >= 5,
        "one noted recommendation on a theme: {}",
        be.score
    );
}

#[test]
fn a_second_import_changes_no_byte_and_a_changed_export_does() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert_eq!(code, 0, "{out}");
    let first = snapshot(&inputs);
    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 files written, 7 unchanged"), "{out}");
    assert!(
        snapshot(&inputs) == first,
        "the second import changed files"
    );

    // The check can fail: an export with Sweden's position changed updates
    // that one entry, and only that file.
    let changed = export_with(dir.path(), &uhri::HEADERS, |rows| {
        rows[3][uhri::POSITION] = Cell::Text("Supported".into());
    });
    let (code, out) = import(&inputs, &changed, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("wrote states/imported/se.uhri.yaml: 0 added, 1 updated"),
        "{out}"
    );
    let third = snapshot(&inputs);
    let differ: Vec<&PathBuf> = first
        .keys()
        .filter(|k| first.get(*k) != third.get(*k))
        .collect();
    assert_eq!(differ, [Path::new("states/imported/se.uhri.yaml")]);
}

#[test]
fn profiles_keep_their_comments_and_hand_written_entries() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    let before = snapshot(&inputs.join("states"));
    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert_eq!(code, 0, "{out}");
    let after = snapshot(&inputs.join("states"));
    // Every profile there was is byte for byte what it was: comments such
    // as Sweden's commented-out 2nd-cycle entry stay.
    for (rel, bytes) in &before {
        assert!(after.get(rel) == Some(bytes), "{} changed", rel.display());
    }
    let se = String::from_utf8(after[Path::new("se.yaml")].clone()).unwrap();
    assert!(se.contains("# Not in the packs until its response is verified"));
    // The hand-written entries are not imported a second time: France's
    // 3rd-cycle and Sweden's 1st-cycle recommendations are in the export too.
    assert!(!after.contains_key(Path::new("imported/fr.uhri.yaml")));
    let se_imported = String::from_utf8(after[Path::new("imported/se.uhri.yaml")].clone()).unwrap();
    assert!(!se_imported.contains("A/HRC/12/11"), "{se_imported}");

    // The check can fail: without France's hand-written entry, the
    // import brings it in.
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    let fr = fs::read_to_string(inputs.join("states/fr.yaml")).unwrap();
    let cut = fr.find("prior_recommendations:").unwrap();
    fs::write(inputs.join("states/fr.yaml"), &fr[..cut]).unwrap();
    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert_eq!(code, 0, "{out}");
    let imported = fs::read_to_string(inputs.join("states/imported/fr.uhri.yaml")).unwrap();
    assert!(imported.contains("A/HRC/41/7 para 38.168"), "{imported}");
}

#[test]
fn a_dry_run_prints_the_changes_and_writes_nothing() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    let before = snapshot(&inputs);
    let (code, out) = import(&inputs, &fixture_path(), &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(snapshot(&inputs) == before, "a dry run wrote files");
    assert!(
        out.contains("would write states/imported/se.uhri.yaml: 1 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    assert!(
        out.contains("  + cycle 2, A/HRC/26/6 para 143.166 (noted)"),
        "{out}"
    );
    assert!(
        out.contains("would write states/be.yaml: new profile for BE (Belgium)"),
        "{out}"
    );
    assert!(out.contains("dry run: 11 files would change"), "{out}");

    // The check can fail: without --dry-run the same command writes.
    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(snapshot(&inputs) != before);
}

#[test]
fn index_themes_no_campaign_theme_declares_are_reported_once_each() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    let (code, out) = import(&inputs, &fixture_path(), &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("warning[unmapped-theme]").count(), 1, "{out}");
    assert!(
        out.contains(
            "2 Index themes are not declared by any campaign theme, so the recommendations with them get no theme from them: \"Acceptance of international norms\" (2), \"Liberty & security of the person\" (1)"
        ),
        "{out}"
    );
    // The check can fail: once a theme declares them, nothing is reported.
    let file = inputs.join("recommendations/civic-space.yaml");
    let text = fs::read_to_string(&file).unwrap().replace(
        "uhri: [Human rights defenders]",
        "uhri: [Human rights defenders, Acceptance of international norms, Liberty & security of the person]",
    );
    fs::write(&file, text).unwrap();
    let (code, out) = import(&inputs, &fixture_path(), &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("unmapped-theme"), "{out}");
}

#[test]
fn columns_are_found_by_name_in_any_order_and_either_spelling() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    let mut headers: Vec<&str> = uhri::HEADERS.to_vec();
    headers[uhri::STATES] = "UPR Recommending States";
    let mut rows = uhri::rows();
    headers.reverse();
    for r in &mut rows {
        r.reverse();
    }
    let path = dir.path().join("reordered.xlsx");
    fs::write(&path, uhri::workbook(&headers, &rows)).unwrap();
    let (code, out) = import(&inputs, &path, &[]);
    assert_eq!(code, 0, "{out}");
    let (_, again) = import(&inputs, &fixture_path(), &[]);
    assert!(
        again.contains("0 files written, 7 unchanged"),
        "same records: {again}"
    );
}

/// Each bad cell: the import fails with exit 1, names sheet, row and
/// column, and writes nothing.
#[test]
fn every_bad_cell_is_located_by_sheet_row_and_column() {
    type Case = (usize, usize, Cell, &'static str);
    let cases: [Case; 6] = [
        (
            3,
            uhri::POSITION,
            Cell::Text("Maybe".into()),
            "sheet \"Sheet1\", row 5, column J (UPR Position): unknown position \"Maybe\"",
        ),
        (
            0,
            uhri::SESSION,
            Cell::Text("first".into()),
            "sheet \"Sheet1\", row 2, column M (UPR Session): \"first\" is not a UPR session",
        ),
        (
            1,
            uhri::DATE,
            Cell::Number(-12.0),
            "sheet \"Sheet1\", row 3, column H (Document Publication Date): \"-12\" is not a date",
        ),
        (
            4,
            uhri::STATES,
            Cell::Text("- Chile\n- Atlantis".into()),
            "sheet \"Sheet1\", row 6, column I (UPR Reccomending States): unknown state \"Atlantis\"",
        ),
        (
            5,
            uhri::TEXT,
            Cell::Empty,
            "sheet \"Sheet1\", row 7, column A (Text): the recommendation has no text",
        ),
        (
            2,
            uhri::LANGUAGE,
            Cell::Text("Klingon".into()),
            "sheet \"Sheet1\", row 4, column Q (Language): unknown language \"Klingon\"",
        ),
    ];
    for (row, col, cell, message) in cases {
        let dir = campaign();
        let inputs = dir.path().join("inputs");
        let before = snapshot(&inputs);
        let path = export_with(dir.path(), &uhri::HEADERS, |rows| rows[row][col] = cell);
        let (code, out) = import(&inputs, &path, &[]);
        assert_eq!(code, 1, "{message}: {out}");
        assert!(out.contains(message), "{message}:\n{out}");
        assert!(out.contains("export.xlsx"), "{out}");
        assert!(snapshot(&inputs) == before, "{message}: files written");
    }
    // The check can fail: the fixture itself has none of these.
    let dir = campaign();
    let (code, out) = import(&dir.path().join("inputs"), &fixture_path(), &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("error"), "{out}");
}

#[test]
fn files_that_are_no_export_fail_with_a_diagnostic_never_a_panic() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    // Not a workbook at all, whatever its name says: a file that cannot be
    // read as one (exit 3).
    let text = dir.path().join("notes.xlsx");
    fs::write(&text, "Text,UPR Position\n").unwrap();
    let (code, out) = import(&inputs, &text, &[]);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("error[spreadsheet]: this is not an Excel workbook"),
        "{out}"
    );
    // A required column missing.
    let headers: Vec<&str> = uhri::HEADERS
        .iter()
        .map(|h| {
            if *h == "UPR Position" {
                "Position of the State"
            } else {
                h
            }
        })
        .collect();
    let path = export_with(dir.path(), &headers, |_| {});
    let (code, out) = import(&inputs, &path, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("sheet \"Sheet1\": row 1: no column \"UPR Position\""),
        "{out}"
    );
    // An empty sheet, and one with headers only.
    let empty = dir.path().join("empty.xlsx");
    fs::write(&empty, uhri::workbook(&[], &[])).unwrap();
    let (code, out) = import(&inputs, &empty, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("sheet \"Sheet1\": the sheet is empty"),
        "{out}"
    );
    let path = export_with(dir.path(), &uhri::HEADERS, |rows| rows.clear());
    let (code, out) = import(&inputs, &path, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("a header row but no recommendations"), "{out}");
    // A file that cannot be read is an I/O failure.
    let (code, out) = import(&inputs, &dir.path().join("missing.xlsx"), &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("cannot read"), "{out}");
    // Nothing was written by any of them.
    assert!(!inputs.join("states/imported").exists());
}

/// `entry` appended to a profile's earlier recommendations, which end the
/// file (a profile without them gets the key).
fn add_to_profile(inputs: &Path, rel: &str, entry: &str) {
    let path = inputs.join(rel);
    let mut text = fs::read_to_string(&path).unwrap();
    if !text.contains("prior_recommendations:") {
        text.push_str("prior_recommendations:\n");
    }
    text.push_str(entry);
    fs::write(&path, text).unwrap();
}

#[test]
fn a_recommendation_copied_into_a_profile_leaves_the_imported_file() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert_eq!(code, 0, "{out}");
    let se = inputs.join("states/imported/se.uhri.yaml");
    assert!(fs::read_to_string(&se).unwrap().contains("143.166"));

    // Sweden's imported entry copied into its profile, its text changed: the
    // same paragraph makes it the same recommendation.
    add_to_profile(
        &inputs,
        "states/se.yaml",
        "  - cycle: 2\n    ref: A/HRC/26/6 para 143.166\n    text: \"Ensure that freedom of expression is protected, offline and online\"\n    response: noted\n    themes: [freedom-of-expression]\n",
    );
    let before = snapshot(&inputs);
    let (code, out) = import(&inputs, &fixture_path(), &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(snapshot(&inputs) == before, "a dry run wrote files");
    assert!(
        out.contains(
            "would write states/imported/se.uhri.yaml: 0 added, 0 updated, 0 unchanged, 0 kept from earlier imports, 1 removed (now in the profile)"
        ),
        "{out}"
    );
    assert!(
        out.contains("  - cycle 2, A/HRC/26/6 para 143.166 (noted)"),
        "{out}"
    );
    assert!(
        out.contains("left out: 3 recommendations the profiles already have"),
        "{out}"
    );
    assert!(
        out.contains("dry run: 1 file would change, 6 unchanged"),
        "{out}"
    );

    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert_eq!(code, 0, "{out}");
    let imported = fs::read_to_string(&se).unwrap();
    assert!(!imported.contains("143.166"), "{imported}");
    assert!(imported.contains("prior_recommendations: []"), "{imported}");
    // The profile itself is as it was left, and the campaign is valid.
    assert!(snapshot(&inputs)[Path::new("states/se.yaml")] == before[Path::new("states/se.yaml")]);
    let (code, out) = run(tool().arg("check").arg("--inputs").arg(&inputs));
    assert_eq!(code, 0, "{out}");
    // Importing again changes nothing (Sweden's file is no longer one the
    // export touches).
    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert!(
        code == 0 && out.contains("0 files written, 6 unchanged"),
        "{out}"
    );

    // By its text, when the copy has no paragraph: Belgium's, copied with
    // other case and spacing, leaves be.uhri.yaml even on the import of an
    // export without Belgium's row.
    add_to_profile(
        &inputs,
        "states/be.yaml",
        "  - cycle: 2\n    text: \"ensure that any law governing the internet is in compliance with the international human rights obligations of Viet Nam as a State party to ICCPR.\"\n    response: noted\n",
    );
    let without_belgium = export_with(dir.path(), &uhri::HEADERS, |rows| {
        rows.remove(5);
    });
    let (code, out) = import(&inputs, &without_belgium, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("wrote states/imported/be.uhri.yaml: 0 added, 0 updated, 0 unchanged, 0 kept from earlier imports, 1 removed"),
        "{out}"
    );
    let be = fs::read_to_string(inputs.join("states/imported/be.uhri.yaml")).unwrap();
    assert!(!be.contains("143.4"), "{be}");

    // The check can fail: another paragraph with the same text is another
    // recommendation, and stays.
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert_eq!(code, 0, "{out}");
    add_to_profile(
        &inputs,
        "states/nz.yaml",
        "  - cycle: 2\n    ref: A/HRC/26/6 para 143.999\n    text: \"Protect freedom of expression both offline and online by bringing legislation such as Decrees 2 and 72 into compliance with international human rights law\"\n    response: supported\n",
    );
    let (code, out) = import(&inputs, &fixture_path(), &[]);
    assert!(
        code == 0 && out.contains("0 files written, 7 unchanged"),
        "{out}"
    );
}

/// The numbers of an import's summary: the recommendations read, those
/// imported and those left out, as its first line gives them, and the
/// number of each "left out:" line.
fn counts(out: &str) -> ([usize; 3], Vec<usize>) {
    let numbers = |line: &str| -> Vec<usize> {
        line.split([' ', ',', ':'])
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    let first = out
        .lines()
        .find(|l| l.starts_with("read "))
        .unwrap_or_else(|| panic!("no summary: {out}"));
    let first = numbers(first.split_once("\", ").unwrap().1);
    let left = out
        .lines()
        .filter_map(|l| l.strip_prefix("left out: "))
        .map(|l| numbers(l)[0])
        .collect();
    (
        first.try_into().unwrap_or_else(|f| panic!("{f:?}: {out}")),
        left,
    )
}

#[test]
fn the_summary_counts_each_row_once_and_adds_up() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    // Of the fixture's 11 rows, 6 are imported and 5 left out: a treaty
    // body's, one about Cambodia, one of the review's own cycle, and two
    // that France's and Sweden's profiles have.
    let (code, out) = import(&inputs, &fixture_path(), &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(counts(&out), ([11, 6, 5], vec![1, 1, 1, 2]), "{out}");

    // A row of two states, one of whose profiles has it, is imported once
    // and not also left out; a row without a position yet is left out.
    let path = export_with(dir.path(), &uhri::HEADERS, |rows| {
        rows[0][uhri::STATES] = Cell::Text("- France\n- Iceland".into());
        rows[4][uhri::POSITION] = Cell::Empty;
    });
    let (code, out) = import(&inputs, &path, &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    let ([read, imported, left], lines) = counts(&out);
    assert_eq!((read, imported, left), (11, 6, 5), "{out}");
    assert_eq!(left, lines.iter().sum::<usize>(), "{out}");
    assert!(
        out.contains("left out: 1 recommendation without a position yet"),
        "{out}"
    );
    assert!(
        out.contains("left out: 1 recommendation the profiles already have"),
        "{out}"
    );
    assert!(
        out.contains("  + cycle 3, A/HRC/41/7 para 38.168 (supported)"),
        "{out}"
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_exit_3_and_writes_nothing() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    let before = snapshot(&inputs);
    let readme = dir.path().join("README.md");
    fs::write(&readme, "# A campaign\n\nNotes for staff.\n").unwrap();
    let (code, out) = import(&inputs, &readme, &[]);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("error[spreadsheet]: this is not an Excel workbook"),
        "{out}"
    );
    assert!(
        out.contains("README.md cannot be read: nothing imported"),
        "{out}"
    );
    assert!(snapshot(&inputs) == before, "files written");
}

#[test]
fn language_names_and_tags_become_tags() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    // Sweden's 2nd-cycle row in French, Chile's in Spanish by its tag, and
    // Belgium's with no language (English).
    let path = export_with(dir.path(), &uhri::HEADERS, |rows| {
        rows[3][uhri::LANGUAGE] = Cell::Text("French".into());
        rows[4][uhri::LANGUAGE] = Cell::Text("ES".into());
        rows[5][uhri::LANGUAGE] = Cell::Empty;
    });
    let (code, out) = import(&inputs, &path, &[]);
    assert_eq!(code, 0, "{out}");
    let language = |code: &str| {
        let file = inputs.join(format!("states/imported/{code}.uhri.yaml"));
        let text = fs::read_to_string(file).unwrap();
        let file: upr_brief::ingest::imported::ImportedFile = serde_yaml::from_str(&text).unwrap();
        file.prior_recommendations[0].language.clone()
    };
    assert_eq!(language("se"), "fr");
    assert_eq!(language("cl"), "es");
    assert_eq!(language("be"), "en");
    // The fixture's "English" is `en`.
    assert_eq!(language("is"), "en");
    // A near miss is named, with the name it was probably meant to be.
    let path = export_with(dir.path(), &uhri::HEADERS, |rows| {
        rows[3][uhri::LANGUAGE] = Cell::Text("Frnech".into());
    });
    let (code, out) = import(&inputs, &path, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("row 5, column Q (Language): unknown language \"Frnech\""),
        "{out}"
    );
    assert!(out.contains("did you mean \"French\"?"), "{out}");
}

#[test]
fn what_the_import_writes_reads_the_same_in_a_yaml_1_1_reader() {
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    // Norway, whose code a YAML 1.1 reader takes for false when plain.
    let path = export_with(dir.path(), &uhri::HEADERS, |rows| {
        rows[1][uhri::STATES] = Cell::Text("- Norway\n- Iceland".into());
    });
    let (code, out) = import(&inputs, &path, &[]);
    assert_eq!(code, 0, "{out}");
    let written: Vec<PathBuf> = snapshot(&inputs)
        .into_keys()
        .filter(|rel| {
            rel.starts_with("states/imported")
                || ["states/no.yaml", "states/is.yaml"].contains(&rel.to_str().unwrap())
        })
        .collect();
    assert_eq!(written.len(), 10, "{written:?}");
    for rel in ["states/no.yaml", "states/imported/no.uhri.yaml"] {
        let text = fs::read_to_string(inputs.join(rel)).unwrap();
        assert!(text.contains("\ncode: \"NO\"\n"), "{rel}: {text}");
    }
    let (code, out) = run(tool().arg("check").arg("--inputs").arg(&inputs));
    assert_eq!(code, 0, "{out}");

    // PyYAML reads YAML 1.1: each file gives it what it gives this tool.
    let script = "import json, sys\n\
try:\n    import yaml\nexcept ImportError:\n    print('no-pyyaml'); sys.exit(0)\n\
print(json.dumps([yaml.safe_load(open(p, encoding='utf-8')) for p in sys.argv[1:]]))\n";
    let paths: Vec<String> = written
        .iter()
        .map(|rel| inputs.join(rel).display().to_string())
        .collect();
    let mut args = vec!["-c", script];
    args.extend(paths.iter().map(String::as_str));
    let Some(json) = crate::common::external("python3", &args) else {
        return;
    };
    if json.trim() == "no-pyyaml" {
        eprintln!("PyYAML is not installed: skipping its checks");
        return;
    }
    let theirs: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    for (rel, theirs) in written.iter().zip(theirs) {
        let text = fs::read_to_string(inputs.join(rel)).unwrap();
        let ours: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(theirs, ours, "{}", rel.display());
    }
}

/// "Countries Concerned" is optional: without the column, or with its cell
/// empty, a row is taken to be about the state under review.
#[test]
fn rows_without_countries_concerned_are_imported() {
    const CONCERNED: usize = 1;
    assert_eq!(uhri::HEADERS[CONCERNED], "Countries Concerned");
    let dir = campaign();
    let inputs = dir.path().join("inputs");
    // Without the column: Cambodia's row cannot be told apart, so it is
    // imported with the others (Sweden's second).
    let headers: Vec<&str> = uhri::HEADERS
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != CONCERNED)
        .map(|(_, h)| *h)
        .collect();
    let path = export_with(dir.path(), &headers, |rows| {
        for r in rows.iter_mut() {
            r.remove(CONCERNED);
        }
    });
    let (code, out) = import(&inputs, &path, &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(counts(&out), ([11, 7, 4], vec![1, 1, 2]), "{out}");
    assert!(!out.contains("other states"), "{out}");
    assert!(
        out.contains("would write states/imported/se.uhri.yaml: 2 added"),
        "{out}"
    );
    // With the column and every cell of it empty: the same.
    let path = export_with(dir.path(), &uhri::HEADERS, |rows| {
        for r in rows.iter_mut() {
            r[CONCERNED] = Cell::Empty;
        }
    });
    let (code, again) = import(&inputs, &path, &["--dry-run"]);
    assert_eq!(code, 0, "{again}");
    assert_eq!(counts(&again), ([11, 7, 4], vec![1, 1, 2]), "{again}");
    // One empty cell: Iceland's row is imported, and Cambodia's is still
    // about another state.
    let path = export_with(dir.path(), &uhri::HEADERS, |rows| {
        rows[1][CONCERNED] = Cell::Empty
    });
    let (code, out) = import(&inputs, &path, &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(counts(&out), ([11, 6, 5], vec![1, 1, 1, 2]), "{out}");
    assert!(
        out.contains("would write states/imported/is.uhri.yaml: 1 added"),
        "{out}"
    );
}
