//! Markdown footnotes in narrative fields are endnotes: in the submission
//! and in packs, a real endnotes part in DOCX (read back by python-docx and
//! LibreOffice when installed) and a Notes section in PDF, each note a
//! `Note` element with a unique `/ID`, linked both ways; the submission's
//! word count counts them or not, and says which. Each check here is shown
//! to fail on an output broken on purpose.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;

use lopdf::{Document, Object};

use crate::common::{self, Campaign};

/// The note of the submission's second section, referred to twice.
const SUBMISSION_NOTE: &str = "Report of the Working Group on Viet Nam (A/HRC/41/7).";
/// The note of the France meeting's ask, in its pack.
const ASK_NOTE: &str = "Le décret 53/2022/NĐ-CP.";

/// The base campaign with a submission whose sections use notes (a note
/// referred to twice, two notes in one section) and a France meeting whose
/// ask has one; `endnotes_count` as given.
fn campaign(endnotes_count: Option<bool>) -> Campaign {
    let base = fs::read_to_string(common::fixtures().join("base/campaign.yaml")).unwrap();
    let count = endnotes_count.map_or(String::new(), |c| format!("  endnotes_count: {c}\n"));
    let campaign = format!(
        "{base}submission:\n  kind: joint\n{count}  sections:\n\
         \x20   - title: Background\n\
         \x20     body: \"Bloggers are detained.[^a] Two laws apply.[^b]\\n\\n\
         [^a]: Three words here.\\n[^b]: See *the* [law](https://example.org/law).\"\n\
         \x20   - title: Follow-up\n\
         \x20     body: |\n\
         \x20       Viet Nam noted 50 recommendations.[^wg]\n\n\
         \x20       It supported 241.[^wg]\n\n\
         \x20       [^wg]: {SUBMISSION_NOTE}\n"
    );
    let meeting =
        fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap()
            .replace(
                "asks: [\"Raise R02 in the dialogue.\"]",
                &format!("asks: [\"Raise R02 in the dialogue.[^d]\\n[^d]: {ASK_NOTE}\"]"),
            );
    assert!(meeting.contains("[^d]"));
    Campaign::base_with(&[
        ("campaign.yaml", &campaign),
        ("meetings/2024-03-21-france.yaml", &meeting),
    ])
}

/// Builds `c` into `out`; returns what the build printed.
fn build(c: &Campaign, out: &Path) -> String {
    let (code, log) = common::build(&c.inputs(), out, &[]);
    assert_eq!(code, 0, "{log}");
    log
}

/// What is wrong with a PDF's endnotes, for `numbers` notes: each note a
/// `Note` element with an `/ID` unique in the document and in the
/// structure root's `/IDTree`; each number of a note a link to its first
/// reference and each reference a link to its note, by named destinations
/// that exist.
fn pdf_note_problems(bytes: &[u8], notes: usize) -> Vec<String> {
    let pdf = Document::load_mem(bytes).unwrap();
    let mut problems = Vec::new();
    let mut ids = Vec::new();
    for object in pdf.objects.values() {
        let Ok(d) = object.as_dict() else { continue };
        if d.get(b"S").and_then(Object::as_name).ok() == Some(b"Note".as_slice()) {
            match d.get(b"ID") {
                Ok(id) => ids.push(common::pdf_string(id)),
                Err(_) => problems.push("a Note without an /ID".to_string()),
            }
        }
    }
    let unique: BTreeSet<&String> = ids.iter().collect();
    if unique.len() != ids.len() {
        problems.push(format!("Note ids not unique: {ids:?}"));
    }
    if ids.len() != notes {
        problems.push(format!(
            "{} Note elements with an id, not {notes}",
            ids.len()
        ));
    }
    let catalog = pdf.catalog().unwrap();
    let root = catalog
        .get(b"StructTreeRoot")
        .and_then(|r| pdf.get_dictionary(r.as_reference()?))
        .unwrap();
    let tree: BTreeSet<String> = match root.get(b"IDTree").and_then(Object::as_dict) {
        Ok(t) => (t.get(b"Names").and_then(Object::as_array).unwrap().iter())
            .step_by(2)
            .map(common::pdf_string)
            .collect(),
        Err(_) => BTreeSet::new(),
    };
    if tree != ids.iter().cloned().collect() {
        problems.push(format!("the IDTree holds {tree:?}, the notes {ids:?}"));
    }
    // Named destinations and the links that go to them.
    let dests: BTreeSet<String> = catalog
        .get(b"Names")
        .and_then(Object::as_dict)
        .and_then(|n| n.get(b"Dests"))
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Names"))
        .and_then(Object::as_array)
        .map(|a| a.iter().step_by(2).map(common::pdf_string).collect())
        .unwrap_or_default();
    let mut gone_to = BTreeSet::new();
    for object in pdf.objects.values() {
        let Ok(d) = object.as_dict() else { continue };
        if let Ok(a) = d.get(b"A").and_then(Object::as_dict)
            && a.get(b"S").and_then(Object::as_name).ok() == Some(b"GoTo".as_slice())
        {
            gone_to.insert(common::pdf_string(a.get(b"D").unwrap()));
        }
    }
    for n in 1..=notes {
        for name in [format!("note-{n}"), format!("ref-{n}")] {
            if !gone_to.contains(&name) {
                problems.push(format!("no link goes to {name}"));
            }
            if !dests.contains(&name) {
                problems.push(format!("no destination {name}"));
            }
        }
    }
    problems
}

/// The text of the PDF at `path` as poppler's pdftotext reads it, else
/// as lopdf does.
fn text_of(path: &Path) -> String {
    let p = path.display().to_string();
    common::external("pdftotext", &["-layout", &p, "-"]).unwrap_or_else(|| common::pdf_text(path))
}

/// A part of a DOCX package.
fn part(docx: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut file = zip.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    Some(text)
}

/// What is wrong with a DOCX's endnotes, for `notes` notes: the endnotes
/// part related to the document and declared, Word's separators, each note
/// once with its `w:endnoteRef`, and each referred to from the body.
fn docx_note_problems(docx: &[u8], notes: usize) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(endnotes) = part(docx, "word/endnotes.xml") else {
        return vec!["no endnotes part".into()];
    };
    let rels = part(docx, "word/_rels/document.xml.rels").unwrap();
    if !rels.contains("relationships/endnotes\" Target=\"endnotes.xml\"") {
        problems.push("the endnotes part is not related to the document".into());
    }
    let types = part(docx, "[Content_Types].xml").unwrap();
    if !types.contains("PartName=\"/word/endnotes.xml\"") {
        problems.push("the endnotes part has no content type".into());
    }
    let xml = roxmltree::Document::parse(&endnotes).unwrap();
    let w = |n: roxmltree::Node, name: &str| n.is_element() && n.tag_name().name() == name;
    let kinds: Vec<(Option<&str>, &str)> = (xml.descendants())
        .filter(|n| w(*n, "endnote"))
        .map(|n| {
            let attr = |a: &str| n.attributes().find(|x| x.name() == a).map(|x| x.value());
            (attr("type"), attr("id").unwrap_or(""))
        })
        .collect();
    if kinds.first() != Some(&(Some("separator"), "-1"))
        || kinds.get(1) != Some(&(Some("continuationSeparator"), "0"))
    {
        problems.push(format!("not Word's separators first: {kinds:?}"));
    }
    let ids: Vec<&str> = (kinds.iter())
        .filter(|(kind, _)| kind.is_none())
        .map(|(_, id)| *id)
        .collect();
    let expected: Vec<String> = (1..=notes).map(|n| n.to_string()).collect();
    if ids != expected {
        problems.push(format!("endnotes {ids:?}, not {expected:?}"));
    }
    let marks = xml.descendants().filter(|n| w(*n, "endnoteRef")).count();
    if marks != notes {
        problems.push(format!(
            "{marks} endnote numbers (w:endnoteRef), not {notes}"
        ));
    }
    let document = part(docx, "word/document.xml").unwrap();
    let body = roxmltree::Document::parse(&document).unwrap();
    let referred: BTreeSet<String> = (body.descendants())
        .filter(|n| w(*n, "endnoteReference"))
        .filter_map(|n| {
            n.attributes()
                .find(|a| a.name() == "id")
                .map(|a| a.value().to_string())
        })
        .collect();
    if referred != expected.iter().cloned().collect() {
        problems.push(format!("the body refers to {referred:?}, not {expected:?}"));
    }
    problems
}

#[test]
fn the_submission_and_a_pack_have_their_notes_in_both_formats() {
    let c = campaign(None);
    let out = tempfile::tempdir().unwrap();
    build(&c, out.path());
    let pdf = fs::read(out.path().join("submission.pdf")).unwrap();
    // Three notes: the one referred to twice is numbered once.
    assert_eq!(pdf_note_problems(&pdf, 3), Vec::<String>::new());
    let problems = crate::pdf_conformance::problems_of(&pdf);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let text = text_of(&out.path().join("submission.pdf"));
    let notes = text.rfind("Notes").expect("a Notes section");
    let body = text.find("It supported 241").expect("the body");
    assert!(body < notes, "{text}");
    for note in ["1. Three words here.", "3. Report of the Working Group"] {
        let at = text.find(note).unwrap_or_else(|| panic!("{note}: {text}"));
        assert!(at > notes, "{note} before the Notes heading");
    }
    let docx = fs::read(out.path().join("submission.docx")).unwrap();
    assert_eq!(docx_note_problems(&docx, 3), Vec::<String>::new());
    // The note's link has the relationship of the document's.
    let rels = part(&docx, "word/_rels/endnotes.xml.rels").unwrap();
    assert!(rels.contains("https://example.org/law"), "{rels}");

    // The pack of the meeting whose ask has a note, in French.
    let pack = fs::read(out.path().join("2024-03-21-france.pdf")).unwrap();
    assert_eq!(pdf_note_problems(&pack, 1), Vec::<String>::new());
    assert!(crate::pdf_conformance::problems_of(&pack).is_empty());
    let text = text_of(&out.path().join("2024-03-21-france.pdf"));
    assert!(text.contains("Notes"), "{text}");
    assert!(text.contains(ASK_NOTE), "{text}");
    let pack = fs::read(out.path().join("2024-03-21-france.docx")).unwrap();
    assert_eq!(docx_note_problems(&pack, 1), Vec::<String>::new());
    // The other pack has none, and no endnotes part.
    let other = fs::read(out.path().join("2024-03-19-foc.docx")).unwrap();
    assert!(part(&other, "word/endnotes.xml").is_none());
    assert!(!text_of(&out.path().join("2024-03-19-foc.pdf")).contains("Notes"));
}

#[test]
fn the_checks_fail_on_notes_broken_on_purpose() {
    let c = campaign(None);
    let out = tempfile::tempdir().unwrap();
    build(&c, out.path());
    let bytes = fs::read(out.path().join("submission.pdf")).unwrap();
    // A Note without its /ID.
    let mut pdf = Document::load_mem(&bytes).unwrap();
    for object in pdf.objects.values_mut() {
        if let Ok(d) = object.as_dict_mut()
            && d.get(b"S").and_then(Object::as_name).ok() == Some(b"Note".as_slice())
        {
            d.remove(b"ID");
            break;
        }
    }
    let mut broken = Vec::new();
    pdf.save_to(&mut broken).unwrap();
    let problems = pdf_note_problems(&broken, 3);
    assert!(
        problems.iter().any(|p| p == "a Note without an /ID"),
        "{problems:?}"
    );
    // A link back that goes nowhere.
    let mut pdf = Document::load_mem(&bytes).unwrap();
    for object in pdf.objects.values_mut() {
        if let Ok(d) = object.as_dict_mut()
            && let Ok(a) = d.get_mut(b"A").and_then(Object::as_dict_mut)
            && a.get(b"D").map(common::pdf_string).ok().as_deref() == Some("ref-2")
        {
            a.set("D", Object::string_literal("elsewhere"));
        }
    }
    let mut broken = Vec::new();
    pdf.save_to(&mut broken).unwrap();
    let problems = pdf_note_problems(&broken, 3);
    assert_eq!(problems, ["no link goes to ref-2"]);
    // A DOCX whose body lost a reference, and one without endnotes.
    let docx = fs::read(out.path().join("submission.docx")).unwrap();
    let document = part(&docx, "word/document.xml").unwrap();
    let broken = document.replacen("<w:endnoteReference w:id=\"2\"/>", "", 1);
    assert_ne!(broken, document);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let mut rebuilt = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        rebuilt
            .start_file(&name, zip::write::SimpleFileOptions::default())
            .unwrap();
        let data = if name == "word/document.xml" {
            broken.as_bytes().to_vec()
        } else {
            data
        };
        std::io::Write::write_all(&mut rebuilt, &data).unwrap();
    }
    let rebuilt = rebuilt.finish().unwrap().into_inner();
    let problems = docx_note_problems(&rebuilt, 3);
    assert!(
        problems[0].starts_with("the body refers to"),
        "{problems:?}"
    );
    let other = fs::read(out.path().join("2024-03-19-foc.docx")).unwrap();
    assert_eq!(docx_note_problems(&other, 1), ["no endnotes part"]);
}

/// `submission: N words…` as `check` prints it.
fn count_line(c: &Campaign) -> String {
    let (code, out) = common::run(common::tool().args(["check", "--inputs"]).arg(c.inputs()));
    assert_eq!(code, 0, "{out}");
    out.lines()
        .find(|l| l.starts_with("submission: "))
        .unwrap_or_else(|| panic!("{out}"))
        .to_string()
}

#[test]
fn the_word_count_says_whether_it_includes_the_endnotes() {
    // Counted by hand: "Background" 1, "Bloggers are detained. Two laws
    // apply." 6, "Follow-up" 1, "Viet Nam noted 50 recommendations." 5,
    // "It supported 241." 3: 16; the paragraph numbers and the references'
    // numbers are not words. The notes: 3 + 3 + 9 = 15 words.
    let with = count_line(&campaign(None));
    let explicit = count_line(&campaign(Some(true)));
    let without = count_line(&campaign(Some(false)));
    assert_eq!(with, explicit);
    let words = |line: &str| -> usize {
        line.trim_start_matches("submission: ")
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(
        with.contains(" words, including endnotes (limit 5630)"),
        "{with}"
    );
    assert!(
        without.contains(" words, excluding endnotes (limit 5630)"),
        "{without}"
    );
    assert_eq!(words(&with) - words(&without), 15, "{with} / {without}");
    // The build prints the same line.
    let out = tempfile::tempdir().unwrap();
    let c = campaign(Some(false));
    let log = build(&c, out.path());
    assert!(log.contains(&without), "{log}");
    // Without notes the line is as it always was.
    let plain = count_line(&Campaign::base_with(&[(
        "campaign.yaml",
        &(fs::read_to_string(common::fixtures().join("base/campaign.yaml")).unwrap()
            + "submission:\n  kind: joint\n  sections: [ { title: A, body: \"One two.\" } ]\n"),
    )]));
    assert!(plain.ends_with(" words (limit 5630)"), "{plain}");
}

#[test]
fn python_docx_and_libreoffice_read_the_endnotes() {
    let c = campaign(None);
    let out = tempfile::tempdir().unwrap();
    build(&c, out.path());
    let docx = out.path().join("submission.docx");
    // python-docx opens the package and finds the endnotes part through
    // the document's relationships.
    let script = r#"import sys
try:
    import docx
except ImportError:
    print('no-python-docx'); sys.exit(0)
d = docx.Document(sys.argv[1])
part = [r.target_part for r in d.part.rels.values() if r.reltype.endswith('/endnotes')][0]
from lxml import etree
x = etree.fromstring(part.blob)
ns = {'w': 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'}
for e in x.findall('w:endnote', ns):
    if e.get('{%s}type' % ns['w']) is None:
        print(e.get('{%s}id' % ns['w']), ''.join(e.itertext()).strip())
"#;
    let docx_path = docx.display().to_string();
    if let Some(printed) = common::external("python3", &["-c", script, &docx_path])
        && printed.trim() != "no-python-docx"
    {
        let lines: Vec<&str> = printed.lines().collect();
        assert_eq!(
            lines,
            [
                "1 Three words here.",
                "2 See the law.",
                &format!("3 {SUBMISSION_NOTE}"),
            ]
        );
    }
    // LibreOffice sets the notes at the end, numbered 1, 2, 3.
    let office = tempfile::tempdir().unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        office.path().join("p").display()
    );
    let outdir = office.path().display().to_string();
    let converted = common::external(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            &outdir,
            &docx_path,
        ],
    );
    if converted.is_none() {
        return;
    }
    let text = text_of(&office.path().join("submission.pdf"));
    let body = text.find("It supported 241").expect("the body");
    let note = text.rfind(SUBMISSION_NOTE).expect("the note");
    assert!(note > body, "{text}");
    assert!(
        text.contains("noted 50 recommendations.3"),
        "decimal numbers: {text}"
    );
}
