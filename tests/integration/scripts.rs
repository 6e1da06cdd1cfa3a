//! Every UN language and script: the `scripts` fixture has a pack in each
//! of the six UN languages and quotes in Khmer, Thai, Myanmar and
//! Devanagari. Its fonts beyond Noto Sans come from the system (CI installs
//! Debian's fonts-noto-core and fonts-noto-cjk); without them the build
//! stops with no-glyph errors, and these tests skip unless
//! `UPR_BRIEF_REQUIRE_TOOLS` is set.

use std::path::Path;

use crate::common::{self, external};

/// Builds the scripts campaign into `out`; `None` when the machine lacks
/// the fonts and they are not required.
fn build(out: &Path) -> Option<()> {
    common::build_scripts(out, &["--quiet"])
}

const PACKS: [(&str, &[&str]); 6] = [
    (
        "2024-03-20-gb",
        &[
            "ច្បាប់ស្តីពីការគ្រប់គ្រងប្រព័ន្ធទូរគមនាគមន៍",
            "ဆက်သွယ်ရေးဥပဒေ",
            "सूचना प्रौद्योगिकी अधिनियम",
            "Nguyễn Văn Đài",
        ],
    ),
    (
        "2024-03-21-fr",
        &["Campagne de test — Viet Nam", "Nguyễn Văn Đài"],
    ),
    ("2024-03-22-cl", &["Campaña de prueba — Viet Nam"]),
    (
        "2024-03-23-ru",
        &["Тестовая кампания — Вьетнам", "ဆက်သွယ်ရေးဥပဒေ"],
    ),
    (
        "2024-03-24-cn",
        &[
            "测试活动——越南",
            "保护本区域的言论自由",
            "सूचना प्रौद्योगिकी अधिनियम",
        ],
    ),
    (
        "2024-03-25-eg",
        &[
            "حملة تجريبية — فييت نام",
            "حماية حرية التعبير في المنطقة",
            // A letter with its mark, then the same letter without.
            "أُعدت من أجل",
        ],
    ),
];

#[test]
fn six_languages_and_every_script_read_back_from_the_pdf() {
    let out = tempfile::tempdir().unwrap();
    if build(out.path()).is_none() {
        return;
    }
    for (id, shown) in PACKS {
        let path = out.path().join(format!("{id}.pdf"));
        let bytes = std::fs::read(&path).unwrap();
        // Every font embedded and subset.
        let pdf = lopdf::Document::load_mem(&bytes).unwrap();
        let mut fonts = 0;
        for object in pdf.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor") {
                continue;
            }
            fonts += 1;
            let name = String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap())
                .into_owned();
            let tag = name.split('+').next().unwrap();
            assert!(
                tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) && name.contains('+'),
                "{id}: {name} is not subset"
            );
            assert!(
                dict.has(b"FontFile2") || dict.has(b"FontFile3"),
                "{id}: {name} is not embedded"
            );
        }
        assert!(fonts >= 2, "{id}: {fonts} fonts");
        // The text comes back in reading order, with no U+FFFD.
        let Some(text) = external("pdftotext", &[path.to_str().unwrap(), "-"]) else {
            continue;
        };
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!flat.contains('\u{FFFD}'), "{id}: U+FFFD in\n{text}");
        for s in shown {
            assert!(flat.contains(s), "{id}: {s:?} not in\n{text}");
        }
    }
}

#[test]
fn the_manifest_names_each_scripts_font_with_its_hash() {
    let out = tempfile::tempdir().unwrap();
    if build(out.path()).is_none() {
        return;
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    let fonts = manifest["fonts"].as_array().expect("a fonts list");
    let scripts: Vec<&str> = fonts
        .iter()
        .flat_map(|f| f["scripts"].as_array().unwrap())
        .filter_map(|s| s.as_str())
        .collect();
    for s in ["Arabic", "Han", "Khmer", "Thai", "Myanmar", "Devanagari"] {
        assert!(scripts.contains(&s), "{s} not in {scripts:?}");
    }
    for f in fonts {
        let hash = f["sha256"].as_str().unwrap();
        assert_eq!(hash.len(), 64, "{f}");
        assert!(Path::new(f["path"].as_str().unwrap()).is_file(), "{f}");
    }
    // A Latin-only campaign uses the built-in fonts alone: no list.
    let latin = tempfile::tempdir().unwrap();
    let (code, log) = common::build(&common::fixtures().join("base"), latin.path(), &["--quiet"]);
    assert_eq!(code, 0, "{log}");
    let manifest = std::fs::read_to_string(latin.path().join("manifest.json")).unwrap();
    assert!(!manifest.contains("\"fonts\""), "{manifest}");
}

/// Lines of a page as `pdftotext -bbox-layout` finds them: (xMin, xMax).
fn lines(path: &Path) -> Option<Vec<(f32, f32)>> {
    let xml = external(
        "pdftotext",
        &["-bbox-layout", "-f", "1", "-l", "1", path.to_str()?, "-"],
    )?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, options).unwrap();
    Some(
        doc.descendants()
            .filter(|n| n.tag_name().name() == "line")
            .map(|n| {
                let f = |a: &str| n.attribute(a).unwrap().parse::<f32>().unwrap();
                (f("xMin"), f("xMax"))
            })
            .collect(),
    )
}

#[test]
fn the_arabic_pack_runs_right_to_left_and_the_others_left_to_right() {
    let out = tempfile::tempdir().unwrap();
    if build(out.path()).is_none() {
        return;
    }
    // A4 with the style sheet's margins: text starts at 62.4 pt from the
    // left edge in a left-to-right pack, ends 62.4 pt from the right edge in
    // a right-to-left one.
    let (left, right) = (62.36, 595.28 - 62.36);
    let count = |lines: &[(f32, f32)]| {
        let at_left = lines.iter().filter(|l| (l.0 - left).abs() < 1.5).count();
        let at_right = lines.iter().filter(|l| (l.1 - right).abs() < 1.5).count();
        (at_left, at_right)
    };
    let Some(arabic) = lines(&out.path().join("2024-03-25-eg.pdf")) else {
        return;
    };
    let english = lines(&out.path().join("2024-03-20-gb.pdf")).unwrap();
    let (ar_left, ar_right) = count(&arabic);
    let (en_left, en_right) = count(&english);
    assert!(
        ar_right > 2 * ar_left,
        "Arabic: {ar_left} lines at the left, {ar_right} at the right"
    );
    assert!(
        en_left > 2 * en_right,
        "English: {en_left} at the left, {en_right} at the right"
    );
}

/// Whether a DOCX paragraph reads right to left: its own `w:bidi`, else its
/// style's, which in a right-to-left document is on.
fn docx_paragraph_rtl(p: roxmltree::Node, rtl_doc: bool) -> bool {
    let bidi = p
        .children()
        .find(|c| c.tag_name().name() == "pPr")
        .and_then(|ppr| ppr.children().find(|c| c.tag_name().name() == "bidi"));
    match bidi {
        None => rtl_doc,
        Some(b) => !matches!(
            b.attributes()
                .find(|a| a.name() == "val")
                .map(|a| a.value()),
            Some("0" | "false" | "off")
        ),
    }
}

#[test]
fn the_arabic_docx_gives_a_left_to_right_paragraph_the_pdfs_direction() {
    let out = tempfile::tempdir().unwrap();
    if common::build_scripts(out.path(), &["--quiet", "--only", "2024-03-25-eg"]).is_none() {
        return;
    }
    let bytes = std::fs::read(out.path().join("2024-03-25-eg.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let text = |p: roxmltree::Node| -> String {
        p.descendants()
            .filter(|n| n.tag_name().name() == "t")
            .filter_map(|n| n.text())
            .collect()
    };
    let paragraphs: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "p")
        .collect();
    // Every paragraph reads as the PDF's layout sets the same text.
    for &p in &paragraphs {
        let t = text(p);
        assert_eq!(
            docx_paragraph_rtl(p, true),
            upr_brief::layout::paragraph_rtl(&t, true),
            "{t:?}"
        );
    }
    // The English text standing in for a missing translation says so.
    const ENGLISH: &str = "Release bloggers such as Nguyễn Văn Đài.";
    let english = paragraphs
        .iter()
        .find(|&&p| text(p) == ENGLISH)
        .expect("the English fallback paragraph");
    let ppr = english
        .children()
        .find(|c| c.tag_name().name() == "pPr")
        .unwrap();
    let bidi: Vec<Option<&str>> = ppr
        .children()
        .filter(|c| c.tag_name().name() == "bidi")
        .map(|b| b.attribute((W, "val")))
        .collect();
    assert_eq!(bidi, [Some("0")], "{ENGLISH}");
    // An Arabic paragraph stays right to left.
    let arabic = paragraphs
        .iter()
        .find(|&&p| text(p) == "توصياتنا")
        .expect("an Arabic heading");
    assert!(docx_paragraph_rtl(*arabic, true));
    // And the PDF sets that paragraph from the left margin.
    let pdf = std::fs::read(out.path().join("2024-03-25-eg.pdf")).unwrap();
    let runs = common::pdf_runs(&pdf);
    let first = runs
        .iter()
        .find(|r| r.text.starts_with("Release bloggers"))
        .expect("the English paragraph in the PDF");
    assert!((first.x - 62.36).abs() < 0.5, "{first:?}");
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
