//! SPEC's confidentiality rule, on the pack views: internal fields appear in
//! the summary only, and nothing of one meeting appears in another's pack.

use crate::common;

use common::{Campaign, marked};

#[test]
fn packs_carry_no_internal_field_and_nothing_of_another_meeting() {
    let c = Campaign::marked_with(&[]);
    let loaded = c.load();
    assert!(!loaded.diags.has_errors());
    let assembled = loaded.assembled.unwrap();
    for (pack, own, other) in [
        (&assembled.packs[0], "FOC", "FR"),
        (&assembled.packs[1], "FR", "FOC"),
    ] {
        let json = serde_json::to_string(pack).unwrap();
        for marker in marked::own(own) {
            assert!(json.contains(&marker), "{marker} missing from {}", pack.id);
        }
        for marker in marked::internal(own)
            .into_iter()
            .chain(marked::internal(other))
            .chain(marked::own(other))
        {
            assert!(!json.contains(&marker), "{marker} leaked into {}", pack.id);
        }
    }
    // The summary is internal: it holds every one of them.
    let summary = serde_json::to_string(&assembled.summary).unwrap();
    for marker in marked::internal("FR")
        .into_iter()
        .chain(marked::internal("FOC"))
    {
        assert!(
            summary.contains(&marker),
            "{marker} missing from the summary"
        );
    }
}

#[test]
fn summary_counts_meetings_council_members_and_overdue_follow_ups() {
    let c = Campaign::marked_with(&[]);
    let loaded = c.load(); // as of 2024-04-20
    let s = loaded.assembled.unwrap().summary;
    assert_eq!((s.held, s.planned), (1, 1));
    let met: Vec<&str> = s.council_met.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(met, ["FR"]);
    assert_eq!(s.council_seats, 47);
    // Dated first, undated last; the one due 2024-04-01 is overdue.
    assert_eq!(s.follow_ups[0].action, "FOLLOWFR");
    assert!(s.follow_ups[0].overdue);
    assert!(!s.follow_ups[1].overdue);
    // The matrix marks where each recommendation is raised.
    let r03 = s.matrix.rows.iter().find(|r| r.id == "R03").unwrap();
    let france_col = s
        .matrix
        .meetings
        .iter()
        .position(|m| m == marked::FRANCE)
        .unwrap();
    assert!(r03.raised[france_col]);
}

/// `questions.pdf` and `.docx` are public: built from the marked meetings
/// (France held, asking for Q1), they show the questions and the states,
/// and none of the meetings' internal fields, asks, people or addresses.
#[test]
fn the_advance_questions_carry_nothing_of_any_meeting() {
    use std::io::Read;
    let marked_meeting = |name: &str| {
        std::fs::read_to_string(common::fixtures().join("marked/meetings").join(name)).unwrap()
    };
    let france = marked_meeting("2024-03-21-france.yaml") + "questions: [Q1]\n";
    let foc = marked_meeting("2024-03-19-foc.yaml") + "questions: [Q1]\n";
    let base_fr = std::fs::read_to_string(common::fixtures().join("base/states/fr.yaml")).unwrap();
    let fr = base_fr + "advance_questions: [3]\n";
    let c = Campaign::marked_with(&[
        ("meetings/2024-03-21-france.yaml", &france),
        ("meetings/2024-03-19-foc.yaml", &foc),
        ("states/fr.yaml", &fr),
        (
            "recommendations/questions.yaml",
            "themes:\n  - { id: privacy, title: Privacy, questions: [ { id: Q1, text: QUESTIONONE } ] }\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = common::build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    let pdf_path = out.path().join("questions.pdf");
    let pdf = common::pdf_text(&pdf_path);
    let pdf_raw = String::from_utf8_lossy(&std::fs::read(&pdf_path).unwrap()).into_owned();
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(out.path().join("questions.docx")).unwrap())
            .unwrap();
    let mut docx = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if !f.name().starts_with("word/media/") {
            f.read_to_string(&mut docx).unwrap();
        }
    }
    for shown in ["QUESTIONONE", "France", "asked"] {
        assert!(
            pdf.contains(shown) && docx.contains(shown),
            "{shown} missing"
        );
    }
    let forbidden = ["FR", "FOC"]
        .into_iter()
        .flat_map(|tag| marked::internal(tag).into_iter().chain(marked::own(tag)));
    for m in forbidden {
        for (what, text) in [
            ("PDF text", &pdf),
            ("PDF bytes", &pdf_raw),
            ("DOCX parts", &docx),
        ] {
            assert!(
                !text.contains(m.as_str()),
                "{m} leaked into the {what} of questions"
            );
        }
    }
}
