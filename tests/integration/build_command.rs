//! `upr-brief build` end to end: the files it writes, read back with a PDF
//! parser and an XML parser; the manifest; confidentiality in the written
//! files; and nothing written when the inputs are invalid.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use common::{Campaign, build, example_inputs, marked};

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

/// Text without any whitespace: line breaks in a PDF may or may not extract
/// as spaces, so order checks compare the characters only.
fn bare(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn build_writes_a_pdf_and_a_docx_per_meeting_and_a_true_manifest() {
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&example_inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    let ids = [
        "2024-03-19-foc",
        "2024-03-20-sweden",
        "2024-03-21-chile",
        "2024-03-21-france",
        "2024-03-27-honduras",
    ];
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    for id in ids {
        for ext in ["pdf", "docx"] {
            let name = format!("{id}.{ext}");
            let bytes = fs::read(out.path().join(&name)).unwrap();
            assert_eq!(
                manifest["outputs"][&name]["sha256"],
                upr_brief::output::sha256(&bytes),
                "{name}"
            );
            assert!(log.contains(&name), "{log}");
        }
    }
    let inputs = manifest["outputs"]["2024-03-21-france.pdf"]["inputs"]
        .as_object()
        .unwrap();
    for rel in [
        "campaign.yaml",
        "meetings/2024-03-21-france.yaml",
        "states/fr.yaml",
        "templates/pack.md.hbs",
        "templates/i18n/fr.yaml",
    ] {
        assert!(inputs.contains_key(rel), "{rel} missing from {inputs:?}");
    }
    assert!(!inputs.contains_key("states/se.yaml"));
    assert!(!inputs.contains_key("meetings/2024-03-20-sweden.yaml"));
    // Ten pack files, the summary, the submission, the advance questions
    // and the pre-session statement in two formats each, and the calendar.
    assert!(
        log.contains("wrote 19, unchanged 0, removed 0 in "),
        "{log}"
    );
}

#[test]
fn pdf_and_docx_read_back_with_the_tailoring_and_vietnamese_intact() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(&example_inputs(), out.path(), &[]).0, 0);
    let loaded = upr_brief::pipeline::load(
        &example_inputs(),
        None,
        chrono::NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(),
    )
    .unwrap();
    for pack in &loaded.assembled.unwrap().packs {
        let pdf = bare(&common::pdf_text(
            &out.path().join(format!("{}.pdf", pack.id)),
        ));
        let docx = bare(&docx_text(&out.path().join(format!("{}.docx", pack.id))));
        for text in [&pdf, &docx] {
            let mut at = 0;
            for r in &pack.recommendations {
                let heading = bare(&format!("{}. {}", r.id, r.title));
                let found = text[at..]
                    .find(&heading)
                    .unwrap_or_else(|| panic!("{}: {heading} missing or out of order", pack.id));
                at += found + heading.len();
            }
        }
        assert!(
            pdf.contains(&bare(&pack.counterpart.institution)),
            "{}",
            pack.id
        );
    }
    let fr = squash(&common::pdf_text(&out.path().join("2024-03-21-france.pdf")));
    assert!(fr.contains("Nguyễn Văn Đài"), "{fr}");
    assert!(fr.contains("Luật An ninh mạng"));
    assert!(fr.contains("Page 1 sur"));
    assert!(
        fr.contains("Préparé pour : Embassy of France in the Republic of Korea — 21 mars 2024")
    );
}

#[test]
fn no_internal_field_and_nothing_of_another_meeting_reaches_a_written_pack() {
    let c = Campaign::marked_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    for (id, own, other) in [(marked::FRANCE, "FR", "FOC"), (marked::FOC, "FOC", "FR")] {
        let pdf_path = out.path().join(format!("{id}.pdf"));
        let docx_path = out.path().join(format!("{id}.docx"));
        let pdf = common::pdf_text(&pdf_path);
        let pdf_raw = String::from_utf8_lossy(&fs::read(&pdf_path).unwrap()).into_owned();
        let docx: String = docx_parts(&docx_path).into_values().collect();
        for m in marked::own(own) {
            assert!(
                pdf.contains(&m) && docx.contains(&m),
                "{m} missing from {id}"
            );
        }
        let forbidden = marked::internal(own)
            .into_iter()
            .chain(marked::internal(other))
            .chain(marked::own(other));
        for m in forbidden {
            for (what, text) in [
                ("PDF text", &pdf),
                ("PDF bytes", &pdf_raw),
                ("DOCX parts", &docx),
            ] {
                assert!(
                    !text.contains(m.as_str()),
                    "{m} leaked into the {what} of {id}"
                );
            }
        }
    }
}

#[test]
fn invalid_inputs_write_nothing_and_leave_the_output_folder_as_it_was() {
    let c = Campaign::base_with(&[(
        "meetings/2024-03-21-france.yaml",
        "date: 2024-02-30\nlocation: X\ncounterpart: {state: FR, institution: Y}\ndelegation: [liv]\n",
    )]);
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("2024-03-21-france.pdf"), b"an older pack").unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("nothing written"), "{log}");
    let names: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1);
    assert_eq!(
        fs::read(out.path().join("2024-03-21-france.pdf")).unwrap(),
        b"an older pack"
    );
}

#[test]
fn only_and_format_select_what_is_written() {
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(
        &example_inputs(),
        out.path(),
        &["--only", "2024-03-20-sweden", "--format", "docx"],
    );
    assert_eq!(code, 0, "{log}");
    let mut names: Vec<String> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["2024-03-20-sweden.docx", "manifest.json"]);
    let (code, log) = build(
        &example_inputs(),
        out.path(),
        &["--only", "2024-03-20-swedn"],
    );
    assert_eq!(code, 2, "{log}");
    assert!(log.contains("no meeting has this id"), "{log}");
}

#[test]
fn two_builds_of_the_same_inputs_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let one_thread = tempfile::tempdir().unwrap();
    assert_eq!(build(&example_inputs(), a.path(), &[]).0, 0);
    assert_eq!(build(&example_inputs(), b.path(), &[]).0, 0);
    assert_eq!(
        build(&example_inputs(), one_thread.path(), &["--jobs", "1"]).0,
        0
    );
    let mut names: Vec<_> = fs::read_dir(a.path())
        .unwrap()
        .map(|e| std::path::PathBuf::from(e.unwrap().file_name()))
        .filter(|name| name != std::path::Path::new("statements"))
        .collect();
    names.extend(
        fs::read_dir(a.path().join("statements"))
            .unwrap()
            .map(|e| std::path::Path::new("statements").join(e.unwrap().file_name())),
    );
    // Nine documents (the statement in its folder) in two formats, the
    // calendar and the manifest.
    assert_eq!(names.len(), 2 * 9 + 2, "{names:?}");
    for name in names {
        let x = fs::read(a.path().join(&name)).unwrap();
        for other in [&b, &one_thread] {
            let y = fs::read(other.path().join(&name)).unwrap();
            assert!(x == y, "{name:?} differs between two builds");
        }
    }
}

#[test]
fn decomposed_input_comes_out_composed_in_both_formats() {
    use unicode_normalization::UnicodeNormalization;
    let composed = "Nguyễn Văn Đài";
    let decomposed: String = composed.nfd().collect();
    let recs = fs::read_to_string(common::fixtures().join("base/recommendations/recs.yaml"))
        .unwrap()
        .replace(composed, &decomposed);
    let c = Campaign::base_with(&[("recommendations/recs.yaml", &recs)]);
    // The input really is decomposed: e + combining marks, not ễ.
    let input = fs::read_to_string(c.inputs().join("recommendations/recs.yaml")).unwrap();
    assert!(!input.contains(composed));
    assert!(
        input
            .chars()
            .any(|ch| ('\u{300}'..='\u{36F}').contains(&ch))
    );

    let out = tempfile::tempdir().unwrap();
    let meeting = "date: 2024-03-21\nlocation: Seoul\ncounterpart: {state: SE, institution: Embassy}\ndelegation: [liv]\nrecommendations: [R02]\n";
    fs::write(c.inputs().join("meetings/2024-03-22-sweden.yaml"), meeting).unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    let combining = |s: &str| s.chars().any(|ch| ('\u{300}'..='\u{36F}').contains(&ch));
    let pdf = common::pdf_text(&out.path().join("2024-03-22-sweden.pdf"));
    let docx = docx_text(&out.path().join("2024-03-22-sweden.docx"));
    for (format, text) in [("pdf", &pdf), ("docx", &docx)] {
        assert!(bare(text).contains(&bare(composed)), "{format}: {text}");
        assert!(!combining(text), "{format} holds a combining mark: {text}");
    }
}

/// The PDF's CreationDate and the DOCX's dcterms:created, as seconds since
/// the epoch.
fn document_dates(out: &Path, stem: &str) -> (i64, i64) {
    let pdf = lopdf::Document::load(out.join(format!("{stem}.pdf"))).unwrap();
    let info = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let date = pdf
        .get_dictionary(info)
        .unwrap()
        .get(b"CreationDate")
        .unwrap()
        .as_str()
        .unwrap()
        .to_vec();
    let date = String::from_utf8(date).unwrap();
    let pdf_time = chrono::NaiveDateTime::parse_from_str(&date[2..16], "%Y%m%d%H%M%S")
        .unwrap()
        .and_utc()
        .timestamp();
    let core = &docx_parts(&out.join(format!("{stem}.docx")))["docProps/core.xml"];
    let tree = roxmltree::Document::parse(core).unwrap();
    let created = tree
        .descendants()
        .find(|n| n.tag_name().name() == "created")
        .and_then(|n| n.text())
        .unwrap();
    let docx_time = chrono::DateTime::parse_from_rfc3339(created)
        .unwrap()
        .timestamp();
    (pdf_time, docx_time)
}

#[test]
fn without_source_date_epoch_files_are_dated_at_the_build_and_say_the_same() {
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    };
    let c = Campaign::base_with(&[]);
    let unset = |out: &Path| {
        common::run(
            common::tool()
                .args(["build", "--inputs"])
                .arg(c.inputs())
                .arg("--out")
                .arg(out)
                .env_remove("SOURCE_DATE_EPOCH"),
        )
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let before = now();
    assert_eq!(unset(a.path()).0, 0);
    assert_eq!(unset(b.path()).0, 0);
    let after = now();
    for stem in ["2024-03-21-france", "summary"] {
        // Dated at the build, in both formats, not at 1 January 1970.
        for out in [a.path(), b.path()] {
            let (pdf, docx) = document_dates(out, stem);
            assert!((before..=after).contains(&pdf), "{stem}.pdf: {pdf}");
            assert!((before..=after).contains(&docx), "{stem}.docx: {docx}");
        }
        // Apart from the date, the two builds say the same.
        let text = |out: &Path| common::pdf_text(&out.join(format!("{stem}.pdf")));
        assert_eq!(text(a.path()), text(b.path()), "{stem}");
        let body =
            |out: &Path| docx_parts(&out.join(format!("{stem}.docx")))["word/document.xml"].clone();
        assert_eq!(body(a.path()), body(b.path()), "{stem}");
    }
    // With SOURCE_DATE_EPOCH, its value.
    let fixed = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), fixed.path(), &[]).0, 0);
    assert_eq!(
        document_dates(fixed.path(), "summary"),
        (1_713_571_200, 1_713_571_200)
    );
}

#[test]
fn quiet_silences_progress_and_file_lines_but_never_a_warning() {
    // R03 has no French translation: the French pack warns.
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &["--quiet"]);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("warning[missing-translation]: recommendation R03 has no \"fr\" translation"),
        "{log}"
    );
    assert!(!log.lines().any(|l| l.starts_with("wrote /")), "{log}");
    assert!(log.contains("wrote 7, unchanged 0, removed 0"), "{log}");
    // Once, not once per output; and the campaign's title, which has no
    // French translation either, once, at the title.
    assert_eq!(
        log.matches("R03 has no \"fr\" translation").count(),
        1,
        "{log}"
    );
    assert_eq!(
        log.matches("warning[missing-translation]: the campaign has no \"fr\" title")
            .count(),
        1,
        "{log}"
    );
    assert!(log.contains("campaign.yaml:2:8"), "{log}");
    assert_eq!(
        log.matches("warning[missing-translation]").count(),
        2,
        "{log}"
    );
}

#[test]
fn the_campaigns_page_size_reaches_both_formats() {
    let campaign = fs::read_to_string(common::fixtures().join("base/campaign.yaml"))
        .unwrap()
        .replace("page_size: A4", "page_size: Letter");
    let c = Campaign::base_with(&[("campaign.yaml", &campaign)]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    for stem in ["2024-03-21-france", "summary"] {
        // US Letter: 612 × 792 pt in the PDF, 12240 × 15840 twips in the DOCX.
        let pdf = lopdf::Document::load(out.path().join(format!("{stem}.pdf"))).unwrap();
        assert_eq!(common::first_media_box(&pdf), [0, 0, 612, 792], "{stem}");
        let xml = &docx_parts(&out.path().join(format!("{stem}.docx")))["word/document.xml"];
        assert!(
            xml.contains(r#"w:w="12240""#) && xml.contains(r#"w:h="15840""#),
            "{stem}: no Letter page size in the DOCX"
        );
    }
}

/// `--only` needs only what the named packs are made of to be valid: an
/// error in another meeting is a warning there, an error in the named
/// meeting or in a file its pack is made of stops it, and a full build
/// stays all-or-nothing.
#[test]
fn only_needs_only_what_its_packs_are_made_of_to_be_valid() {
    let foc = "date: 2024-03-19\nlocation: Seoul\nformat: informal\ncounterpart:\n  organization: foc\n  institution: Freedom Online Coalition\ndelegation: [opennet]\nrecommendations: [R99]\nstatus: held\noutcome: \"Noted.\"\n";
    let c = Campaign::base_with(&[("meetings/2024-03-19-foc.yaml", foc)]);
    let out = tempfile::tempdir().unwrap();

    let all = out.path().join("all");
    let (code, log) = common::build(&c.inputs(), &all, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(!all.exists(), "{log}");

    let france = out.path().join("france");
    let (code, log) = common::build(&c.inputs(), &france, &["--only", "2024-03-21-france"]);
    assert_eq!(code, 0, "{log}");
    assert!(france.join("2024-03-21-france.pdf").exists(), "{log}");
    assert!(!france.join("2024-03-19-foc.pdf").exists(), "{log}");
    assert!(log.contains("warning") && log.contains("R99"), "{log}");
    assert!(log.contains("2024-03-19-foc.yaml:8:"), "{log}");

    let foc_out = out.path().join("foc");
    let (code, log) = common::build(&c.inputs(), &foc_out, &["--only", "2024-03-19-foc"]);
    assert_eq!(code, 1, "{log}");
    assert!(!foc_out.exists(), "{log}");

    // France's pack is made of France's profile: its error stops France.
    let profile = "code: FR\nname: France\nlanguage: fr\npriorities: [no-such-theme]\n";
    let c = Campaign::base_with(&[("states/fr.yaml", profile)]);
    let france = out.path().join("france-profile");
    let (code, log) = common::build(&c.inputs(), &france, &["--only", "2024-03-21-france"]);
    assert_eq!(code, 1, "{log}");
    assert!(!france.exists(), "{log}");
}

/// Every `--only` counts, not the first alone: each named pack's files are
/// in the scope (an error in the second pack's meeting stops the build, an
/// error in a third meeting does not), and every named pack is written.
#[test]
fn every_only_widens_the_scope_and_is_written() {
    let sweden = |recs: &str| {
        format!(
            "date: 2024-03-20\nlocation: Seoul\ncounterpart: {{state: SE, institution: Embassy}}\ndelegation: [liv]\nrecommendations: [{recs}]\n"
        )
    };
    let foc =
        fs::read_to_string(common::fixtures().join("base/meetings/2024-03-19-foc.yaml")).unwrap();
    let only = [
        "--only",
        "2024-03-21-france",
        "--only",
        "2024-03-19-foc",
        "--format",
        "pdf",
        "--format",
        "docx",
    ];
    let out = tempfile::tempdir().unwrap();

    // The second pack's meeting names an unknown recommendation.
    let broken = foc.replace("status: held", "recommendations: [R99]\nstatus: held");
    assert_ne!(broken, foc);
    let c = Campaign::base_with(&[
        ("meetings/2024-03-19-foc.yaml", &broken),
        ("meetings/2024-03-20-sweden.yaml", &sweden("R02")),
    ]);
    let stopped = out.path().join("stopped");
    let (code, log) = common::build(&c.inputs(), &stopped, &only);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("error[") && log.contains("R99"), "{log}");
    assert!(log.contains("2024-03-19-foc.yaml:"), "{log}");
    assert!(!stopped.exists(), "{log}");

    // A third meeting's error is outside both packs: a warning, and both
    // packs are written, in both formats, the third one's not.
    let c = Campaign::base_with(&[("meetings/2024-03-20-sweden.yaml", &sweden("R99"))]);
    let both = out.path().join("both");
    let (code, log) = common::build(&c.inputs(), &both, &only);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("warning[") && log.contains("R99"), "{log}");
    assert!(log.contains("2024-03-20-sweden.yaml:"), "{log}");
    let mut written: Vec<String> = fs::read_dir(&both)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "2024-03-19-foc.docx",
            "2024-03-19-foc.pdf",
            "2024-03-21-france.docx",
            "2024-03-21-france.pdf",
            "manifest.json"
        ],
        "{log}"
    );
}

/// The language file of a pack is part of what it is made of, whatever the
/// templates folder is called and wherever the pack's language comes from
/// (here France's profile, the meeting naming none).
#[test]
fn only_counts_the_packs_own_language_file_from_a_templates_folder() {
    let c = Campaign::base_with(&[]);
    let tpl = c.dir.path().join("my-look");
    fs::create_dir_all(tpl.join("i18n")).unwrap();
    let fr = include_str!("../../templates/i18n/fr.yaml")
        // A private-use character: no font anywhere draws it.
        .replace("  meeting: Réunion", "  meeting: Réunion \u{F0001}");
    assert!(fr.contains('\u{F0001}'));
    fs::write(tpl.join("i18n/fr.yaml"), fr).unwrap();
    let templates = tpl.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();

    let france = out.path().join("france");
    let args = ["--templates", templates, "--only", "2024-03-21-france"];
    let (code, log) = build(&c.inputs(), &france, &args);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("error[no-glyph]") && log.contains("i18n/fr.yaml"),
        "{log}"
    );
    assert!(!france.exists(), "{log}");

    // The English FOC pack is not made of the French file.
    let foc = out.path().join("foc");
    let args = ["--templates", templates, "--only", "2024-03-19-foc"];
    let (code, log) = build(&c.inputs(), &foc, &args);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("warning[no-glyph]"), "{log}");
}
