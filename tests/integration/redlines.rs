//! The redline of a pack handed over and changed since,
//! `changes/<meeting-id>.docx`: written only for such a pack, removed once
//! the pack is handed over again, with Word's tracked changes by the
//! coalition at the build's date; and a real client, LibreOffice, accepting
//! every change gets the current pack's text and rejecting every change
//! the text handed over.

use crate::common;
use crate::docx_accessibility::{parts, problems};

use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build, copy_dir, example_inputs, run, tool};

pub(crate) const SWEDEN: &str = "2024-03-20-sweden";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The example campaign in a fresh folder with Sweden's pack handed over
/// on 20 March 2024, and the folder its builds write to.
fn handed_over() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    copy_dir(&example_inputs(), &inputs);
    hand_over(&inputs);
    let out = dir.path().join("out");
    (dir, inputs, out)
}

fn hand_over(inputs: &Path) {
    let (code, log) = run(tool()
        .args(["handover", SWEDEN, "--date", "2024-03-20", "--inputs"])
        .arg(inputs)
        .env("SOURCE_DATE_EPOCH", "1710892800"));
    assert_eq!(code, 0, "{log}");
}

/// Rewords R07, sets a word of R01 in bold rather than italic, drops
/// Sweden's first ask and adds another.
pub(crate) fn edit(inputs: &Path) {
    let replace = |path: PathBuf, from: &str, to: &str| {
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{}: {from}", path.display());
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    replace(
        inputs.join("recommendations/civic-space.yaml"),
        "Repeal article 117 of the Penal Code (*Bộ",
        "Urgently repeal article 117 of the Penal Code (*Bộ",
    );
    replace(
        inputs.join("recommendations/digital-rights.yaml"),
        "Amend the Law on Cybersecurity (*Luật An ninh mạng*,",
        "Amend the Law on Cybersecurity (**Luật An ninh mạng**,",
    );
    let meeting = inputs.join(format!("meetings/{SWEDEN}.yaml"));
    replace(
        meeting.clone(),
        "  - Repeat the 2014 recommendation on vague Penal Code provisions, naming articles 117 and 331 and adding *as recommended previously*.\n",
        "",
    );
    replace(
        meeting,
        "in Sweden's statement at the review on 7 May 2024.\n",
        "in Sweden's statement at the review on 7 May 2024.\n  - Ask about internet shutdowns.\n",
    );
}

fn redline(out: &Path) -> PathBuf {
    out.join("changes").join(format!("{SWEDEN}.docx"))
}

fn docx_only(inputs: &Path, out: &Path) -> String {
    let (code, log) = build(inputs, out, &["--format", "docx"]);
    assert_eq!(code, 0, "{log}");
    log
}

#[test]
fn a_pack_changed_since_its_handover_gets_a_redline_until_handed_over_again() {
    let (_dir, inputs, out) = handed_over();
    docx_only(&inputs, &out);
    assert!(
        !out.join("changes").exists(),
        "no redline of a current pack"
    );

    edit(&inputs);
    let log = docx_only(&inputs, &out);
    assert!(log.contains(&format!("changes/{SWEDEN}.docx")), "{log}");
    let parts = parts(&fs::read(redline(&out)).unwrap());
    let body = &parts["word/document.xml"];
    let xml = roxmltree::Document::parse(body).unwrap();
    let changes: Vec<_> = xml
        .descendants()
        .filter(|n| n.tag_name().namespace() == Some(W))
        .filter(|n| matches!(n.tag_name().name(), "ins" | "del"))
        .collect();
    assert!(changes.len() >= 4, "{}", changes.len());
    let mut ids: Vec<_> = (xml.descendants())
        .filter(|n| matches!(n.tag_name().name(), "ins" | "del" | "rPrChange"))
        .map(|n| n.attribute((W, "id")))
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "every change has an id of its own");
    for c in &changes {
        assert_eq!(c.attribute((W, "author")), Some("LIV, OpenNet, IJC"));
        assert_eq!(c.attribute((W, "date")), Some("2024-04-20T00:00:00Z"));
    }
    // Deleted text is deleted text; a deleted ask is a deleted paragraph.
    let deleted: String = xml
        .descendants()
        .filter(|n| n.tag_name().name() == "delText")
        .filter_map(|n| n.text())
        .collect();
    assert!(
        deleted.contains("Repeat the 2014 recommendation"),
        "{deleted}"
    );
    assert!(body.contains("<w:rPr><w:del "), "a deleted paragraph mark");
    // A change of styling alone is Word's own: the run's earlier look.
    let restyled: Vec<_> = xml
        .descendants()
        .filter(|n| n.tag_name().name() == "rPrChange")
        .collect();
    assert_eq!(restyled.len(), 1, "{body}");
    assert_eq!(
        restyled[0].attribute((W, "author")),
        Some("LIV, OpenNet, IJC")
    );
    let earlier = restyled[0].first_element_child().unwrap();
    assert_eq!(earlier.tag_name().name(), "rPr");
    let names: Vec<_> = earlier.children().map(|n| n.tag_name().name()).collect();
    assert_eq!(names, ["i", "iCs"]);
    let run = restyled[0].parent().unwrap().parent().unwrap();
    assert!(run.descendants().any(|n| n.tag_name().name() == "b"));
    assert!(
        run.descendants()
            .any(|n| n.text() == Some("Luật An ninh mạng"))
    );
    assert_eq!(problems(&parts), Vec::<String>::new());

    // The same build again writes nothing; the redline is in the manifest.
    let again = docx_only(&inputs, &out);
    assert!(again.contains("wrote 0"), "{again}");
    let manifest = fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains(&format!("changes/{SWEDEN}.docx")));
    assert!(manifest.contains(&format!("handovers/{SWEDEN}.yaml")));

    // Handed over again: the embassy holds the current pack.
    hand_over(&inputs);
    let log = docx_only(&inputs, &out);
    assert!(!redline(&out).exists(), "{log}");
    assert!(!out.join("changes").exists());
}

#[test]
fn a_campaign_never_handed_over_gets_no_redline_and_its_author_is_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    copy_dir(&example_inputs(), &inputs);
    let out = dir.path().join("out");
    docx_only(&inputs, &out);
    assert!(!out.join("changes").exists());

    let campaign = inputs.join("campaign.yaml");
    let text = fs::read_to_string(&campaign).unwrap();
    fs::write(&campaign, format!("{text}handover_author: \"\"\n")).unwrap();
    let (code, log) = build(&inputs, &out, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("campaign.yaml:"), "{log}");
    assert!(log.contains("handover_author"), "{log}");
}

/// The Python that has LibreOffice's UNO bridge, or `None` (the test is
/// skipped) unless `UPR_BRIEF_REQUIRE_TOOLS` is set.
fn python_uno() -> Option<&'static str> {
    let works = |python: &str| {
        Command::new(python)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let office = Command::new("soffice").arg("--version").output().is_ok();
    // The bridge is installed for the system's Python (Debian's
    // python3-uno), which another `python3` on the PATH may hide.
    if office
        && let Some(python) = ["python3", "/usr/bin/python3"]
            .into_iter()
            .find(|p| works(p))
    {
        return Some(python);
    }
    assert!(
        std::env::var_os("UPR_BRIEF_REQUIRE_TOOLS").is_none(),
        "soffice and python3 with `import uno` (python3-uno) are required"
    );
    eprintln!("LibreOffice or its Python UNO bridge is not installed: skipping");
    None
}

/// The text LibreOffice reads in `docx` after `action` (accept, reject or
/// none) on its tracked changes and saving it.
fn reviewed(python: &str, action: &str, docx: &Path) -> String {
    let saved = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/review_changes.py");
    let out = Command::new(python)
        .arg(script)
        .arg(action)
        .arg(docx)
        .arg(saved.path().join("saved.docx"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// `docx` with its first insertion that holds text taken out.
fn without_an_insertion(docx: &Path) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(fs::read(docx).unwrap())).unwrap();
    let mut written = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let start = text.find("<w:ins ").unwrap();
            let end = start + text[start..].find("</w:ins>").unwrap() + "</w:ins>".len();
            assert!(text[start..end].contains("<w:t"));
            bytes = format!("{}{}", &text[..start], &text[end..]).into_bytes();
        }
        written
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        written.write_all(&bytes).unwrap();
    }
    written.finish().unwrap().into_inner()
}

#[test]
fn libreoffice_accepting_all_gives_the_pack_and_rejecting_all_the_pack_handed_over() {
    let Some(python) = python_uno() else {
        return;
    };
    let (dir, inputs, out) = handed_over();
    docx_only(&inputs, &out);
    let handed = dir.path().join("handed-over.docx");
    fs::copy(out.join(format!("{SWEDEN}.docx")), &handed).unwrap();
    edit(&inputs);
    docx_only(&inputs, &out);

    let current = reviewed(python, "none", &out.join(format!("{SWEDEN}.docx")));
    let before = reviewed(python, "none", &handed);
    assert_ne!(current, before);
    assert!(current.contains("Urgently repeal article 117"), "{current}");
    let accepted = reviewed(python, "accept", &redline(&out));
    assert_eq!(accepted, current);
    let rejected = reviewed(python, "reject", &redline(&out));
    assert_eq!(rejected, before);

    // The check can fail: a redline missing one insertion is not the pack.
    let broken = dir.path().join("broken.docx");
    fs::write(&broken, without_an_insertion(&redline(&out))).unwrap();
    assert_ne!(reviewed(python, "accept", &broken), current);
}

/// The structure elements of `pdf` that a screen reader reads in place of
/// their text (`/ActualText`), in no particular order.
fn spoken(pdf: &lopdf::Document) -> Vec<String> {
    pdf.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").ok() == Some(&lopdf::Object::Name(b"Span".to_vec())))
        .filter_map(|d| d.get(b"ActualText").ok().map(common::pdf_string))
        .collect()
}

/// The filled rectangles drawn on the pages of `pdf` wholly outside the
/// text area, left (`x` < `left`) or right (`x` > `right`) of it: change
/// bars. `(x, width)` of each.
fn margin_fills(pdf: &lopdf::Document, left: f32, right: f32) -> Vec<(f32, f32)> {
    let number = |o: &lopdf::Object| o.as_float().unwrap_or_default();
    let mut out = Vec::new();
    for page in pdf.get_pages().values() {
        let content = pdf.get_and_decode_page_content(*page).unwrap();
        out.extend(
            (content.operations.iter())
                .filter(|op| op.operator == "re")
                .map(|op| (number(&op.operands[0]), number(&op.operands[2])))
                .filter(|&(x, w)| x + w < left || x > right),
        );
    }
    out
}

/// Sweden's redline PDF after `edit`, and its pack's PDF, in `inputs`'
/// language.
fn redline_pdf(inputs: &Path, out: &Path, edit: impl FnOnce(&Path)) -> (Vec<u8>, Vec<u8>) {
    hand_over(inputs);
    edit(inputs);
    let (code, log) = build(inputs, out, &["--format", "pdf"]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains(&format!("changes/{SWEDEN}.pdf")), "{log}");
    assert!(
        !out.join("changes").join(format!("{SWEDEN}.docx")).exists(),
        "a PDF build writes no DOCX redline"
    );
    (
        fs::read(out.join("changes").join(format!("{SWEDEN}.pdf"))).unwrap(),
        fs::read(out.join(format!("{SWEDEN}.pdf"))).unwrap(),
    )
}

#[test]
fn the_redline_pdf_shows_each_change_to_the_eye_and_to_a_screen_reader() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    copy_dir(&example_inputs(), &inputs);
    let out = dir.path().join("out");
    let (redline, pack) = redline_pdf(&inputs, &out, edit);

    // It conforms, as every PDF the tool writes.
    assert_eq!(
        crate::pdf_conformance::problems_of(&redline),
        Vec::<String>::new()
    );
    // Its text read back: the box of changes, then the struck and the
    // inserted words side by side, and the deleted ask.
    let text = common::pdf_text_of(&redline);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("Changes since the pack handed over on 20 March 2024"),
        "{text}"
    );
    assert!(text.contains("reworded"), "{text}");
    assert!(
        text.contains("Repeal Urgently repeal article 117"),
        "{text}"
    );
    assert!(text.contains("Repeat the 2014 recommendation"), "{text}");
    assert!(text.contains("Ask about internet shutdowns"), "{text}");
    assert!(!common::pdf_text_of(&pack).contains("Repeat the 2014"));

    // A screen reader is told what was deleted and what inserted.
    let said = spoken(&lopdf::Document::load_mem(&redline).unwrap());
    for words in [
        "deleted: Repeal",
        "inserted: Urgently repeal",
        "inserted: Ask about internet shutdowns.",
    ] {
        assert!(said.iter().any(|s| s == words), "{words}: {said:?}");
    }
    assert!(
        said.iter()
            .any(|s| s.starts_with("deleted: Repeat the 2014"))
    );
    assert!(said.iter().any(|s| s.starts_with("formatting changed: ")));
    // A change bar beside every changed line, in the left margin (A4,
    // 22 mm margins); the pack itself has none, nor anything said in
    // place of its text.
    let margin = 22.0 * 72.0 / 25.4;
    let bars = margin_fills(
        &lopdf::Document::load_mem(&redline).unwrap(),
        margin,
        595.0 - margin,
    );
    assert!(!bars.is_empty());
    assert!(bars.iter().all(|&(x, _)| x < margin), "{bars:?}");
    let pack_pdf = lopdf::Document::load_mem(&pack).unwrap();
    assert_eq!(margin_fills(&pack_pdf, margin, 595.0 - margin), Vec::new());
    assert_eq!(spoken(&pack_pdf), Vec::<String>::new());

    // The snapshot of its structure: the box, then the pack's text with
    // its changes as spans.
    let path = dir.path().join("redline.pdf");
    fs::write(&path, &redline).unwrap();
    if let Some(tree) = common::external("pdfinfo", &["-struct-text", path.to_str().unwrap()]) {
        insta::assert_snapshot!("sweden_redline_structure", tree);
    }
}

#[test]
fn an_arabic_redline_has_its_change_bars_in_the_right_margin_and_conforms() {
    let (dir, inputs) = crate::handovers::example_in("ar");
    let out = dir.path().join("out");
    let (code, log) = build(&inputs, &out, &["--format", "pdf"]);
    if code == 1
        && log.contains("no-glyph")
        && std::env::var_os("UPR_BRIEF_REQUIRE_TOOLS").is_none()
    {
        eprintln!("the Arabic fonts are not installed: skipping");
        return;
    }
    // The asks are the meeting's own text, in whatever language.
    let (redline, _) = redline_pdf(&inputs, &out, |inputs| {
        let path = inputs.join(format!("meetings/{SWEDEN}.yaml"));
        let mut m: serde_yaml::Value =
            serde_yaml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let asks = m["asks"].as_sequence_mut().unwrap();
        asks.remove(0);
        asks.push("Ask about internet shutdowns.".into());
        fs::write(&path, serde_yaml::to_string(&m).unwrap()).unwrap();
    });
    assert_eq!(
        crate::pdf_conformance::problems_of(&redline),
        Vec::<String>::new()
    );
    let said = spoken(&lopdf::Document::load_mem(&redline).unwrap());
    assert!(
        said.iter()
            .any(|s| s == "أُدرج: Ask about internet shutdowns."),
        "{said:?}"
    );
    let margin = 22.0 * 72.0 / 25.4;
    let bars = margin_fills(
        &lopdf::Document::load_mem(&redline).unwrap(),
        margin,
        595.0 - margin,
    );
    assert!(!bars.is_empty());
    assert!(bars.iter().all(|&(x, _)| x > 595.0 - margin), "{bars:?}");
}
