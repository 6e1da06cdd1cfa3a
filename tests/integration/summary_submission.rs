//! The campaign summary (internal) and the stakeholder submission: what each
//! holds, paragraph numbering, and the UN's word limits.

use crate::common;

use std::path::Path;

use common::{Campaign, marked};
use upr_brief::doc::Block;

const CAMPAIGN: &str = r#"title: Test campaign
state_under_review: VN
review: { cycle: 4, session: 46, date: 2024-05-07 }
language: en
max_recommendations_per_pack: 3
coalition:
  - { id: liv, name: Legal Initiatives for Vietnam, short: LIV }
  - { id: opennet, name: OpenNet, short: OpenNet }
submission:
  kind: KIND
  keywords: [internet]
  sections:
    - title: Background
      body: "First paragraph.\n\nSecond paragraph.WORDS"
    - title: Law
      body: "Third paragraph."
"#;

fn campaign(kind: &str, extra_words: usize) -> String {
    CAMPAIGN
        .replace("KIND", kind)
        .replace("WORDS", &" word".repeat(extra_words))
}

fn run(cmd: &str, inputs: &Path, out: Option<&Path>) -> (i32, String) {
    let mut c = common::tool();
    c.arg(cmd)
        .arg("--inputs")
        .arg(inputs)
        .env("SOURCE_DATE_EPOCH", "1713571200");
    if let Some(out) = out {
        c.arg("--out").arg(out);
    }
    common::run(&mut c)
}

#[test]
fn the_summary_holds_every_internal_field_and_the_submission_none() {
    let c = Campaign::marked_with(&[("campaign.yaml", &campaign("joint", 0))]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = run("build", &c.inputs(), Some(out.path()));
    assert_eq!(code, 0, "{log}");
    let summary = common::pdf_text(&out.path().join("summary.pdf"));
    let submission = common::pdf_text(&out.path().join("submission.pdf"));
    let markers = marked::internal("FR")
        .into_iter()
        .chain(marked::own("FR"))
        .chain(marked::internal("FOC"))
        .chain(marked::own("FOC"));
    for marker in markers {
        assert!(
            summary.contains(&marker),
            "{marker} missing from the summary"
        );
        assert!(!submission.contains(&marker), "{marker} in the submission");
    }
    // Marked internal on every page.
    let pdf = lopdf::Document::load(out.path().join("summary.pdf")).unwrap();
    for page in pdf.get_pages().keys() {
        let text = pdf.extract_text(&[*page]).unwrap();
        assert!(
            text.contains("Internal — not for distribution"),
            "page {page}"
        );
    }
    // The follow-up due 1 April 2024 is overdue as of 20 April 2024.
    assert!(summary.contains("OVERDUE"), "{summary}");
    assert!(summary.contains("Members of the Human Rights Council met"));
}

#[test]
fn submission_paragraphs_and_recommendations_are_numbered_continuously() {
    let c = Campaign::base_with(&[("campaign.yaml", &campaign("joint", 0))]);
    let today = chrono::NaiveDate::from_ymd_opt(2024, 4, 20).unwrap();
    let loaded =
        upr_brief::pipeline::load_and_check(&c.inputs(), None, &Default::default(), today).unwrap();
    let doc = loaded.submission.expect("a submission");
    let starts: Vec<(u32, usize)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List {
                ordered: true,
                start,
                items,
            } => Some((*start, items.len())),
            _ => None,
        })
        .collect();
    // Background: 1-2; Law: 3; then the four recommendations, grouped by theme.
    let mut next = 1;
    for (start, len) in &starts {
        assert_eq!(*start, next, "{starts:?}");
        next += *len as u32;
    }
    assert_eq!(next, 1 + 3 + 4, "{starts:?}");
    let Block::Cover(cover) = &doc.blocks[0] else {
        panic!("no cover")
    };
    let lines: Vec<String> = cover
        .lines
        .iter()
        .map(|l| l.iter().map(|s| s.text.as_str()).collect())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Legal Initiatives for Vietnam (LIV); OpenNet (OpenNet)")),
        "{cover:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("Key words: internet")),
        "{cover:?}"
    );
}

/// The word count of the submission as `check` prints it.
fn words(inputs: &Path) -> (i32, String, usize) {
    let (code, log) = run("check", inputs, None);
    let n = log
        .lines()
        .find_map(|l| l.strip_prefix("submission: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (code, log, n)
}

/// The words of the test campaign's submission, counted by hand by the rule
/// in `src/render/words.rs` (the cover is not counted, list numbers are not
/// words):
/// - section headings "Background" 1, "Law" 1, "Our recommendations" 2;
/// - paragraphs "First paragraph." 2, "Second paragraph." 2, "Third
///   paragraph." 2;
/// - theme headings, in order of the first recommendation of each:
///   "Cybersecurity law" 2, "Freedom of expression" 3, "Journalists and
///   bloggers" 3;
/// - recommendations, "Title." then text: R01 5 + 9 ("Amend the Law on
///   Cybersecurity (Luật An ninh mạng)." 9: "(Luật" and "mạng)." are words),
///   R04 2 + 3, R03 3 + 7, R02 2 + 7.
const HAND_COUNTED: usize = 4 + 6 + 8 + (14 + 5 + 10 + 9);

#[test]
fn the_word_count_is_the_hand_counted_one() {
    let c = Campaign::base_with(&[("campaign.yaml", &campaign("joint", 0))]);
    let (code, log, n) = words(&c.inputs());
    assert_eq!((code, n), (0, HAND_COUNTED), "{log}");
    // build prints the same count, unless quiet.
    let line = format!("submission: {HAND_COUNTED} words (limit 5630)");
    let out = tempfile::tempdir().unwrap();
    let (code, log) = run("build", &c.inputs(), Some(out.path()));
    assert!(code == 0 && log.contains(&line), "{log}");
    let quiet = tempfile::tempdir().unwrap();
    let (code, log) = common::run(
        common::tool()
            .args(["build", "--quiet", "--inputs"])
            .arg(c.inputs())
            .arg("--out")
            .arg(quiet.path()),
    );
    assert!(code == 0 && !log.contains("submission:"), "{log}");
    // Punctuation standing alone adds nothing; each added word adds one.
    let dashes = campaign("joint", 0).replace("Third paragraph.", "Third — paragraph – • .");
    let c = Campaign::base_with(&[("campaign.yaml", &dashes)]);
    assert_eq!(words(&c.inputs()).2, HAND_COUNTED, "dashes counted");
    let c = Campaign::base_with(&[("campaign.yaml", &campaign("joint", 3))]);
    assert_eq!(words(&c.inputs()).2, HAND_COUNTED + 3);
    // The cover (coalition names, key words) is not counted.
    let cover = campaign("joint", 0).replace(
        "keywords: [internet]",
        "keywords: [internet, freedom of expression, access to information]",
    );
    let c = Campaign::base_with(&[("campaign.yaml", &cover)]);
    assert_eq!(words(&c.inputs()).2, HAND_COUNTED, "cover counted");
}

#[test]
fn the_word_limit_is_enforced_at_5630_and_2815() {
    for (kind, limit) in [("joint", 5630), ("individual", 2815)] {
        let at = Campaign::base_with(&[("campaign.yaml", &campaign(kind, limit - HAND_COUNTED))]);
        let (code, log, n) = words(&at.inputs());
        assert_eq!((code, n), (0, limit), "{log}");
        let over =
            Campaign::base_with(&[("campaign.yaml", &campaign(kind, limit - HAND_COUNTED + 1))]);
        let (code, log, n) = words(&over.inputs());
        assert_eq!((code, n), (1, limit + 1), "{log}");
        assert!(
            log.contains(&format!(
                "the submission has {} words; the limit for its kind is {limit}",
                limit + 1
            )),
            "{log}"
        );
        assert!(log.contains("campaign.yaml:9:1"), "{log}");
        // And build writes nothing: not even the output folder is created.
        let out = tempfile::tempdir().unwrap();
        let fresh = out.path().join("out");
        assert_eq!(run("build", &over.inputs(), Some(&fresh)).0, 1);
        assert!(
            !fresh.exists(),
            "an invalid build created its output folder"
        );
    }
}

/// `build --only` writes the named pack although the submission is over
/// its limit: the submission is not part of that build. The limit is still
/// reported, as a warning.
#[test]
fn only_builds_a_pack_while_the_submission_is_over_its_limit() {
    let over =
        Campaign::base_with(&[("campaign.yaml", &campaign("joint", 5630 - HAND_COUNTED + 1))]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = common::build(&over.inputs(), out.path(), &["--only", "2024-03-21-france"]);
    assert_eq!(code, 0, "{log}");
    for file in ["2024-03-21-france.pdf", "2024-03-21-france.docx"] {
        assert!(out.path().join(file).exists(), "{file}: {log}");
    }
    assert!(!out.path().join("submission.pdf").exists(), "{log}");
    assert!(log.contains("the submission has 5631 words"), "{log}");
    assert!(log.contains("does not stop it"), "{log}");
}

#[test]
fn a_follow_up_is_overdue_from_the_day_after_it_was_due() {
    // The base France meeting has one open follow-up, due 15 April 2024.
    let c = Campaign::base_with(&[]);
    let overdue_on = |y, m, d| {
        let today = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let loaded = upr_brief::pipeline::load(&c.inputs(), None, today).unwrap();
        let rows = loaded.assembled.unwrap().summary.follow_ups;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].due, chrono::NaiveDate::from_ymd_opt(2024, 4, 15));
        rows[0].overdue
    };
    assert!(!overdue_on(2024, 4, 14));
    assert!(!overdue_on(2024, 4, 15), "due today is not overdue yet");
    assert!(overdue_on(2024, 4, 16));
    // Done is never overdue.
    let meeting = std::fs::read_to_string(c.inputs().join("meetings/2024-03-21-france.yaml"))
        .unwrap()
        .replace("done: false", "done: true");
    std::fs::write(c.inputs().join("meetings/2024-03-21-france.yaml"), meeting).unwrap();
    assert!(!overdue_on(2024, 4, 16));
}

#[test]
fn only_held_meetings_count_as_met_and_planned_ones_are_shown_apart() {
    let names = |seats: &[upr_brief::assemble::summary::SeatMet]| -> Vec<String> {
        seats.iter().map(|s| s.name.clone()).collect()
    };
    // France is on the Council and in the FOC; its meeting is held.
    let c = Campaign::base_with(&[]);
    let summary = c.load().assembled.unwrap().summary;
    assert_eq!(names(&summary.council_met), ["France"]);
    assert_eq!(names(&summary.foc_met), ["France"]);
    assert!(summary.council_planned.is_empty() && summary.foc_planned.is_empty());
    assert_eq!((summary.held, summary.planned), (2, 0));
    // Planned, it is not met, but shown apart.
    let france =
        std::fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap()
            .replace("status: held", "status: planned");
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", &france)]);
    let summary = c.load().assembled.unwrap().summary;
    assert!(summary.council_met.is_empty() && summary.foc_met.is_empty());
    assert_eq!(names(&summary.council_planned), ["France"]);
    assert_eq!(names(&summary.foc_planned), ["France"]);
    assert_eq!((summary.held, summary.planned), (1, 1));
    let out = tempfile::tempdir().unwrap();
    let (code, log) = run("build", &c.inputs(), Some(out.path()));
    assert_eq!(code, 0, "{log}");
    let text = common::pdf_text(&out.path().join("summary.pdf"));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("Members of the Human Rights Council met: 0 out of 47"),
        "{text}"
    );
    assert!(
        text.contains("Members of the Council with a meeting planned: France (2024–2026)"),
        "{text}"
    );
}

#[test]
fn follow_ups_name_their_owner_by_short_name() {
    let c = Campaign::base_with(&[]);
    let summary = c.load().assembled.unwrap().summary;
    // The base follow-up's owner is `liv`, whose short name is LIV.
    assert_eq!(summary.follow_ups[0].owner, "LIV");
}

#[test]
fn the_matrix_and_the_meeting_records_follow_the_packs() {
    let c = Campaign::base_with(&[]);
    let assembled = c.load().assembled.unwrap();
    let summary = &assembled.summary;
    // Columns are the packs in meeting order: the FOC (19 March), France (21).
    assert_eq!(
        summary.matrix.meetings,
        ["2024-03-19-foc", "2024-03-21-france"]
    );
    let raised: Vec<(&str, Vec<bool>)> = summary
        .matrix
        .rows
        .iter()
        .map(|r| (r.id.as_str(), r.raised.clone()))
        .collect();
    assert_eq!(
        raised,
        [
            ("R01", vec![true, false]),
            ("R02", vec![false, true]),
            ("R03", vec![false, true]),
            ("R04", vec![true, false]),
        ]
    );
    // Two meetings fit one printed table.
    assert_eq!(summary.matrix.tables.len(), 1);
    assert_eq!(
        summary.matrix.tables[0].columns,
        ["Freedom Online Coalition (19/03)", "France (21/03)"]
    );
    assert_eq!(summary.matrix.tables[0].rows[1].raised, [false, true]);
    // Each meeting record and follow-up names its counterpart, with the
    // pack's language and recommendations.
    let records: Vec<(&str, &str, Vec<String>)> = summary
        .meetings
        .iter()
        .map(|m| {
            (
                m.counterpart.as_str(),
                m.language.as_str(),
                m.recommendations.clone(),
            )
        })
        .collect();
    assert_eq!(
        records,
        [
            (
                "Freedom Online Coalition",
                "en",
                vec!["R01".into(), "R04".into()]
            ),
            ("France", "fr", vec!["R02".into(), "R03".into()]),
        ]
    );
    assert_eq!(summary.follow_ups[0].counterpart, "France");
    assert_eq!(summary.follow_ups[0].meeting, "2024-03-21-france");
}

#[test]
fn the_matrix_is_cut_into_tables_of_six_meetings() {
    // Eight meetings: tables of 6 and 2 columns.
    let c = Campaign::with_france_copies(6);
    let summary = c.load().assembled.unwrap().summary;
    assert_eq!(summary.matrix.meetings.len(), 8);
    let widths: Vec<usize> = summary
        .matrix
        .tables
        .iter()
        .map(|t| t.columns.len())
        .collect();
    assert_eq!(widths, [6, 2]);
    for t in &summary.matrix.tables {
        assert!(t.rows.iter().all(|r| r.raised.len() == t.columns.len()));
    }
}

/// Denmark: one earlier recommendation on a campaign theme, noted.
const DENMARK: &str = r#"code: DK
name: Denmark
names: { fr: Danemark }
foc_member: true
regional_group: WEOG
prior_recommendations:
  - cycle: 3
    text: "Cease harassment of journalists expressing views on the internet."
    response: noted
    themes: [journalists]
"#;

/// Ghana: on the Council in 2024, from a group nobody met.
const GHANA: &str = r#"code: GH
name: Ghana
names: { fr: Ghana }
hrc_member: { from: 2024, to: 2026 }
regional_group: African
"#;

/// The base campaign (France met, Sweden a profile only) with Denmark and
/// Ghana. By the rule in `src/assemble/targets.rs`:
/// - Denmark: noted 3+2 + FOC 2 = 7 (WEOG is reached through France);
/// - Ghana: Council 3 + African group not reached 1 = 4;
/// - Sweden: FOC 2 + shared theme `journalists` 1 = 3;
/// - France, met, last: supported 3+1 + Council 3 + FOC 2 + shared theme 1 = 10.
#[test]
fn the_summary_ranks_lobbying_targets_not_contacted_first() {
    let c = Campaign::base_with(&[("states/dk.yaml", DENMARK), ("states/gh.yaml", GHANA)]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = run("build", &c.inputs(), Some(out.path()));
    assert_eq!(code, 0, "{log}");
    let text = common::pdf_text(&out.path().join("summary.pdf"));
    let section = text
        .split("Lobbying targets")
        .nth(1)
        .expect("a Lobbying targets section");
    let section = section.split("Recommendations raised").next().unwrap();
    // Compared without spaces: the PDF's text loses them where a cell wraps.
    let flat: String = section.split_whitespace().collect();
    let at = |needle: &str| {
        let needle: String = needle.split_whitespace().collect();
        flat.find(&needle)
            .unwrap_or_else(|| panic!("{needle} not in {flat}"))
    };
    assert!(at("Denmark") < at("Ghana"), "{flat}");
    assert!(at("Ghana") < at("Sweden"), "{flat}");
    assert!(at("Sweden") < at("France"), "{flat}");
    for phrase in [
        "1 earlier recommendation noted (+5)",
        "Council member in 2024 (+3)",
        "Regional group not yet reached: African States (+1)",
        "Shares our themes: Journalists and bloggers (+1)",
        "1 earlier recommendation supported (+4)",
        "Journalists and bloggers (+1) not contacted",
        "Freedom of expression (+1) met",
    ] {
        at(phrase);
    }
    // Viet Nam, under review, is no target; nobody's e-mail is listed.
    assert!(!flat.contains("Viet Nam"), "{flat}");
    assert!(!flat.contains('@'), "{flat}");
}

#[test]
fn the_lobbying_targets_speak_the_summary_language() {
    let campaign = std::fs::read_to_string(common::fixtures().join("base/campaign.yaml"))
        .unwrap()
        .replace("language: en", "language: fr");
    let c = Campaign::base_with(&[
        ("campaign.yaml", &campaign),
        ("states/dk.yaml", DENMARK),
        ("states/gh.yaml", GHANA),
    ]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = run("build", &c.inputs(), Some(out.path()));
    assert_eq!(code, 0, "{log}");
    let text = common::pdf_text(&out.path().join("summary.pdf"));
    // Compared without spaces: the PDF's text loses them where a cell wraps.
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains("Ciblesduplaidoyer"), "{flat}");
    assert!(
        flat.contains("1recommandationantérieuredontl'Étatexaminéaprisnote(+5)"),
        "{flat}"
    );
    assert!(flat.contains("pasencorecontacté"), "{flat}");
    let section = flat.split("Ciblesduplaidoyer").nth(1).unwrap();
    assert!(
        section.find("Danemark").unwrap() < section.find("Suède").unwrap(),
        "{section}"
    );
}

/// A count in the summary takes the form its language's grammar gives it:
/// Russian one, few and many, with "году" after a year.
#[test]
fn counts_in_the_summary_take_the_languages_plural_forms() {
    let campaign = std::fs::read_to_string(common::fixtures().join("base/campaign.yaml"))
        .unwrap()
        .replace("language: en", "language: ru");
    let noted = |n: usize| {
        let recs: String = (0..n)
            .map(|i| {
                format!(
                    "  - cycle: 3\n    ref: A/HRC/41/7 para 38.{i}\n    text: \"Cease harassment of journalists, case {i}.\"\n    response: noted\n    themes: [journalists]\n"
                )
            })
            .collect();
        DENMARK
            .split("prior_recommendations:")
            .next()
            .unwrap()
            .to_string()
            + "prior_recommendations:\n"
            + &recs
    };
    for (n, phrase) in [
        (2, "2 предыдущие рекомендации приняты к сведению (+10)"),
        (5, "5 предыдущих рекомендаций принято к сведению (+25)"),
        (1, "1 предыдущая рекомендация принята к сведению (+5)"),
    ] {
        let denmark = noted(n);
        let c = Campaign::base_with(&[
            ("campaign.yaml", &campaign),
            ("states/dk.yaml", &denmark),
            ("states/gh.yaml", GHANA),
        ]);
        let out = tempfile::tempdir().unwrap();
        let (code, log) = run("build", &c.inputs(), Some(out.path()));
        assert_eq!(code, 0, "{log}");
        let text = common::pdf_text(&out.path().join("summary.pdf"));
        // Compared without spaces: the PDF's text loses them where a cell wraps.
        let flat: String = text.split_whitespace().collect();
        let phrase: String = phrase.split_whitespace().collect();
        assert!(flat.contains(&phrase), "{n}: {phrase} not in {flat}");
        assert!(flat.contains("ЧленСоветав2024году(+3)"), "{flat}");
    }
}
