//! Statements (`statements/<id>.pdf`, `.docx`): a speaker's script with
//! its paragraphs numbered and the running time after each, in the script
//! look; `check` refuses one that runs over its minutes, at the section to
//! shorten; a statement's files go when it does.

use std::fs;

use crate::common::{self, Campaign};

/// The base campaign's `campaign.yaml` with `statements` appended.
fn with_statements(statements: &str) -> Campaign {
    let base = fs::read_to_string(common::fixtures().join("base/campaign.yaml")).unwrap();
    Campaign::base_with(&[("campaign.yaml", &format!("{base}statements:\n{statements}"))])
}

/// A statement of `minutes` whose two sections hold `first` and `second`
/// words (the word "word" repeated; the second section two paragraphs of
/// half each).
fn statement(minutes: &str, first: usize, second: usize) -> String {
    let words = |n: usize| vec!["word"; n].join(" ");
    format!(
        "  - id: adoption
    title: Statement at the adoption
    kind: adoption
    minutes: {minutes}
    language: en
    sections:
      - title: Opening
        body: \"{}\"
      - title: Recommendations
        body: \"{}\\n\\n{}\"
",
        words(first),
        words(second / 2),
        words(second - second / 2)
    )
}

fn check(c: &Campaign) -> (i32, String) {
    common::run(common::tool().arg("check").arg("--inputs").arg(c.inputs()))
}

#[test]
fn the_example_statement_is_numbered_timed_and_conforms() {
    let out = tempfile::tempdir().unwrap();
    let (code, log) = common::build(&common::example_inputs(), out.path(), &["--quiet"]);
    assert_eq!(code, 0, "{log}");
    let dir = out.path().join("statements");
    let pdf = fs::read(dir.join("pre-session.pdf")).unwrap();
    let text = common::pdf_text_of(&pdf);
    // Numbered paragraphs, each with its running time: the first 42 words
    // at 120 a minute take 21 seconds; the whole, 620 words, 5:10.
    let spaced: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(spaced.contains("7 May 2024. [0:21]"), "{spaced}");
    assert!(
        spaced.contains("Running time: 5:10; Time allowed: 6:00"),
        "{spaced}"
    );
    assert!(spaced.contains("Thank you. [5:10]"), "{spaced}");
    // The last paragraph is the fourteenth.
    if let Some(layout) = common::external(
        "pdftotext",
        &[
            "-layout",
            &dir.join("pre-session.pdf").to_string_lossy(),
            "-",
        ],
    ) {
        assert!(layout.contains("14. Each of these"), "{layout}");
        assert!(layout.contains("[0:21]"), "{layout}");
    }
    let problems = crate::pdf_conformance::problems_of(&pdf);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let docx = crate::docx_accessibility::parts(&fs::read(dir.join("pre-session.docx")).unwrap());
    let problems = crate::docx_accessibility::problems(&docx);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Large type in Word too: the body text is 14 pt (28 half-points),
    // the packs' 10.5 pt.
    let styles = &docx["word/styles.xml"];
    assert!(styles.contains("w:val=\"28\""), "{styles}");
    // Public, and only its own: nothing of a meeting or the submission.
    assert!(!spaced.contains("Political Officer"), "{spaced}");
}

#[test]
fn check_refuses_a_statement_over_its_minutes_at_the_section_to_shorten() {
    // 1 minute at 120 words a minute: 120 words. 40 + 90 = 130 words run
    // 1:05, 5 seconds and 10 words over; the longer section is the second.
    let c = with_statements(&statement("1", 40, 90));
    let (code, log) = check(&c);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("error[statement-too-long]"), "{log}");
    assert!(
        log.contains(
            "the statement \"adoption\" runs 1:05 at 120 words a minute, \
             5 seconds (10 words) over its 1 minute"
        ),
        "{log}"
    );
    assert!(
        log.contains("from its longest section, \"Recommendations\""),
        "{log}"
    );
    // At the second section's body: the line after its title.
    let campaign = fs::read_to_string(c.inputs().join("campaign.yaml")).unwrap();
    let line = campaign
        .lines()
        .position(|l| l.contains("title: Recommendations"))
        .unwrap()
        + 2;
    assert!(log.contains(&format!("campaign.yaml:{line}:")), "{log}");
    // A full build stops at it and writes nothing.
    let out = tempfile::tempdir().unwrap();
    let (code, log) = common::build(&c.inputs(), &out.path().join("out"), &["--quiet"]);
    assert_eq!(code, 1, "{log}");
    assert!(!out.path().join("out").exists());
    // A build of one pack does not write it, so it is not stopped.
    let (code, log) = common::build(
        &c.inputs(),
        &out.path().join("out"),
        &["--quiet", "--only", "2024-03-21-france"],
    );
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("statement-too-long"), "{log}");
    assert!(!out.path().join("out/statements").exists());
}

#[test]
fn a_statement_that_fits_passes_and_a_fractional_minute_counts() {
    // Exactly 120 words fit one minute.
    let (code, log) = check(&with_statements(&statement("1", 40, 80)));
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("statement adoption: runs 1:00 of 1:00 (120 words at 120 a minute)"),
        "{log}"
    );
    // A minute and a half: 180 words; 181 run one word over.
    let (code, log) = check(&with_statements(&statement("1.5", 81, 100)));
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("1 second (1 word) over its 1.5 minutes"),
        "{log}"
    );
}

#[test]
fn a_statement_s_keys_and_values_are_checked() {
    let bad = statement("1", 10, 10).replace("minutes: 1", "minuts: 1");
    let (code, log) = check(&with_statements(&bad));
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("unknown-key") && log.contains("minutes"),
        "{log}"
    );
    let (code, log) = check(&with_statements(&statement("0", 10, 10)));
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("minutes 0 is out of range"), "{log}");
    let bad = statement("1", 10, 10).replace("kind: adoption", "kind: plenary");
    let (code, log) = check(&with_statements(&bad));
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("pre-session"), "{log}");
}

#[test]
fn a_removed_statement_s_files_are_removed_on_the_next_build() {
    let c = with_statements(&statement("2", 40, 80));
    let out = tempfile::tempdir().unwrap();
    let (code, log) = common::build(&c.inputs(), out.path(), &["--quiet"]);
    assert_eq!(code, 0, "{log}");
    let dir = out.path().join("statements");
    assert!(dir.join("adoption.pdf").exists() && dir.join("adoption.docx").exists());
    let text = common::pdf_text(&dir.join("adoption.pdf"));
    assert!(text.contains("[0:20]") && text.contains("[1:00]"), "{text}");
    let manifest = fs::read_to_string(out.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("statements/adoption.pdf"), "{manifest}");
    // A build with nothing changed writes nothing.
    let (code, log) = common::build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("wrote 0"), "{log}");
    // The statement goes: its files and their folder go with it.
    let base = fs::read_to_string(common::fixtures().join("base/campaign.yaml")).unwrap();
    fs::write(c.inputs().join("campaign.yaml"), base).unwrap();
    let (code, log) = common::build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    assert!(!dir.exists(), "{log}");
    let manifest = fs::read_to_string(out.path().join("manifest.json")).unwrap();
    assert!(!manifest.contains("statements/"), "{manifest}");
}
