//! Advance questions: `questions.pdf` and `.docx` (every question by theme,
//! the states that sent questions before and where we stand with each),
//! a pack's section with the deadline, the warning for a meeting that asks
//! too late, and the file's removal when no theme has questions.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use crate::common::{self, Campaign, build, example_inputs};

/// Every XML part of a DOCX, decompressed (pictures left out).
fn docx_parts(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .filter_map(|i| {
            let mut f = zip.by_index(i).unwrap();
            if f.name().starts_with("word/media/") {
                return None;
            }
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            Some((f.name().to_string(), s))
        })
        .collect()
}

/// The text of a DOCX's body, its runs joined by spaces.
fn docx_text(path: &Path) -> String {
    let parts = docx_parts(path);
    let tree = roxmltree::Document::parse(&parts["word/document.xml"]).unwrap();
    tree.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Two themes of the base campaign get questions; France (held) asks for
/// Q2; Sweden sent questions in cycles 2 and 3, France in 3.
const QUESTIONS: &str = "\
themes:
  - id: privacy
    title: Privacy and access to data
    questions:
      - { id: Q1, text: \"Which authority authorises access to users' data?\", translations: { fr: \"Quelle autorité autorise l'accès aux données des utilisateurs ?\" } }
  - id: penal
    title: Penal Code, articles 117 and 331
    questions:
      - { id: Q2, text: How many persons were prosecuted under article 117?, translations: { fr: \"Combien de personnes ont été poursuivies sur le fondement de l'article 117 ?\" } }
";

fn with_questions(extra: &[(&str, &str)]) -> Campaign {
    let base = Campaign::base_with(&[]);
    let read = |rel: &str| fs::read_to_string(base.inputs().join(rel)).unwrap();
    let france = read("meetings/2024-03-21-france.yaml") + "questions: [Q2]\n";
    let fr = read("states/fr.yaml") + "advance_questions: [3]\n";
    let se = read("states/se.yaml") + "advance_questions: [2, 3]\n";
    let mut files = vec![
        ("recommendations/questions.yaml", QUESTIONS),
        ("meetings/2024-03-21-france.yaml", france.as_str()),
        ("states/fr.yaml", fr.as_str()),
        ("states/se.yaml", se.as_str()),
    ];
    files.extend_from_slice(extra);
    Campaign::base_with(&files)
}

#[test]
fn build_writes_the_questions_with_the_states_that_asked_before() {
    let c = with_questions(&[]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    let pdf_bytes = fs::read(out.path().join("questions.pdf")).unwrap();
    let pdf = squash(&common::pdf_text_of(&pdf_bytes));
    let docx = squash(&docx_text(&out.path().join("questions.docx")));
    for text in [&pdf, &docx] {
        for shown in [
            "Advance questions",
            "they are due by 27 April 2024",
            "Privacy and access to data",
            "Q1",
            "Which authority authorises access to users' data?",
            "Penal Code, articles 117 and 331",
            "How many persons were prosecuted under article 117?",
            "France",
            "Sweden",
            "2, 3",
        ] {
            assert!(text.contains(shown), "{shown:?} missing from {text}");
        }
    }
    // France, met, asked for Q2 and not Q1; Sweden not met.
    assert!(pdf.contains("France 3 asked"), "{pdf}");
    assert!(pdf.contains("France 3 met"), "{pdf}");
    assert!(pdf.contains("Sweden 2, 3 not yet"), "{pdf}");
    // A public document that conforms like every PDF the tool writes.
    let problems = crate::pdf_conformance::problems_of(&pdf_bytes);
    assert!(problems.is_empty(), "{problems:#?}");
    let manifest = fs::read_to_string(out.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("\"questions.pdf\""), "{manifest}");

    // Without questions, the next build removes both files.
    fs::remove_file(c.inputs().join("recommendations/questions.yaml")).unwrap();
    let base = Campaign::base_with(&[]);
    for rel in [
        "meetings/2024-03-21-france.yaml",
        "states/fr.yaml",
        "states/se.yaml",
    ] {
        fs::copy(base.inputs().join(rel), c.inputs().join(rel)).unwrap();
    }
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    assert!(!out.path().join("questions.pdf").exists(), "{log}");
    assert!(!out.path().join("questions.docx").exists(), "{log}");
}

#[test]
fn a_pack_shows_its_questions_with_the_deadline_in_its_language() {
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&example_inputs(), out.path(), &["--format", "pdf"]);
    assert_eq!(code, 0, "{log}");
    // France's pack, in French, lists Q2 then Q1 under the heading.
    let france = squash(&common::pdf_text(&out.path().join("2024-03-21-france.pdf")));
    let heading = france
        .find("Questions que vous pourriez soumettre à l'avance")
        .unwrap_or_else(|| panic!("no section in {france}"));
    let section = &france[heading..];
    assert!(
        section.contains("au plus tard le 27 avril 2024"),
        "{section}"
    );
    let (q2, q1) = (section.find("Q2").unwrap(), section.find("Q1").unwrap());
    assert!(q2 < q1, "{section}");
    assert!(
        section.contains("articles 117 et 331 du Code pénal"),
        "{section}"
    );
    // A pack whose meeting lists none has no such section.
    let sweden = squash(&common::pdf_text(&out.path().join("2024-03-20-sweden.pdf")));
    assert!(!sweden.contains("send in advance"), "{sweden}");
    assert!(!sweden.contains("Q1"), "{sweden}");
    // The campaign's questions, in English.
    let questions = squash(&common::pdf_text(&out.path().join("questions.pdf")));
    assert!(questions.contains("Law on Cybersecurity"), "{questions}");
    assert!(questions.contains("Germany 2, 3 not yet"), "{questions}");
}

#[test]
fn a_meeting_that_asks_for_questions_after_the_deadline_is_warned() {
    let late = "\
date: 2024-04-30
location: Embassy of Sweden, Seoul
counterpart: { state: SE, institution: Embassy of Sweden }
delegation: [liv]
asks: [Raise Q1.]
status: held
outcome: Agreed.
questions: [Q1]
";
    let c = with_questions(&[("meetings/2024-04-30-sweden.yaml", late)]);
    let (code, log) = common::run(common::tool().arg("check").arg("--inputs").arg(c.inputs()));
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains(
            "the meeting asks for advance questions on 2024-04-30, after the deadline of 2024-04-27"
        ),
        "{log}"
    );
    assert!(log.contains("2024-04-30-sweden.yaml:8:12"), "{log}");
    // Once: not also the planned meeting's warning.
    assert_eq!(log.matches("after-deadline").count(), 1, "{log}");
    // In time, no warning.
    let on_time = late.replace("2024-04-30", "2024-04-26");
    let c = with_questions(&[("meetings/2024-04-30-sweden.yaml", &on_time)]);
    let (code, log) = common::run(common::tool().arg("check").arg("--inputs").arg(c.inputs()));
    assert_eq!(code, 0, "{log}");
    assert!(!log.contains("after-deadline"), "{log}");
}

#[test]
fn an_unknown_question_stops_the_build() {
    let c = with_questions(&[]);
    let path = c.inputs().join("meetings/2024-03-21-france.yaml");
    let text = fs::read_to_string(&path).unwrap().replace("[Q2]", "[Q12]");
    fs::write(&path, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("unknown question id \"Q12\" (known: Q1, Q2)"),
        "{log}"
    );
    assert!(log.contains("did you mean \"Q1\"?"), "{log}");
}
