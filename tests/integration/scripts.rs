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

/// Lines of the body of every page (not the running header and footer) as
/// `pdftotext -bbox-layout` finds them: (xMin, xMax, text).
fn text_lines(path: &Path) -> Option<Vec<(f32, f32, String)>> {
    let xml = external("pdftotext", &["-bbox-layout", path.to_str()?, "-"])?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, options).unwrap();
    Some(
        doc.descendants()
            .filter(|n| n.tag_name().name() == "line")
            .filter(|n| {
                // A4, 25 mm margin at the top and 22 mm at the bottom.
                let f = |a: &str| n.attribute(a).unwrap().parse::<f32>().unwrap();
                f("yMin") > 70.0 && f("yMax") < 841.89 - 62.0
            })
            .map(|n| {
                let f = |a: &str| n.attribute(a).unwrap().parse::<f32>().unwrap();
                // Words that touch (pieces of one word in two fonts) are
                // joined without a space.
                let mut text = String::new();
                let mut end = f32::NAN;
                for w in n.children().filter(|w| w.tag_name().name() == "word") {
                    let g = |a: &str| w.attribute(a).unwrap().parse::<f32>().unwrap();
                    if !text.is_empty() && (g("xMin") - end).abs() > 0.05 {
                        text.push(' ');
                    }
                    text.push_str(w.text().unwrap_or(""));
                    end = g("xMax");
                }
                (f("xMin"), f("xMax"), text)
            })
            .collect(),
    )
}

#[test]
fn every_line_of_the_arabic_pdf_runs_right_to_left_and_quotes_keep_their_ends() {
    let out = tempfile::tempdir().unwrap();
    if common::build_scripts(out.path(), &["--quiet", "--only", "2024-03-25-eg"]).is_none() {
        return;
    }
    let Some(lines) = text_lines(&out.path().join("2024-03-25-eg.pdf")) else {
        return;
    };
    let (left, right) = (62.36, 595.28 - 62.36);
    // No line starts at the left margin without reaching the right one:
    // paragraphs, list items and cells of Latin text alone (the
    // coalition's line on the cover, who we are, the contact) too.
    for (x0, x1, text) in &lines {
        assert!(
            (x0 - left).abs() > 1.5 || (x1 - right).abs() < 1.5,
            "set from the left: {text:?} ({x0}..{x1})"
        );
    }
    let line = |start: &str| {
        lines
            .iter()
            .find(|l| l.2.contains(start))
            .unwrap_or_else(|| panic!("{start:?} not in {lines:#?}"))
    };
    // The cover's line of Latin names ends at the right margin.
    let cover = line("OpenNet · ");
    assert!((cover.1 - right).abs() < 1.5, "{cover:?}");
    // A Latin list item ends at the indent, its bullet right of it.
    let indent = upr_brief::doc::style::StyleSheet::default().lists.indent;
    let contact = line("Staff Member (LIV)");
    assert!((contact.1 - (right - indent)).abs() < 1.5, "{contact:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.2 == "•" && (l.1 - right).abs() < 1.5),
        "no bullet at the right margin"
    );
    // English standing in for a translation keeps its full stop at its end.
    let fallback = line("more than 590");
    assert!(
        fallback
            .2
            .starts_with("Bloggers detained since 2018 number more than 590. "),
        "{fallback:?}"
    );
    // An English quote keeps its quotation marks at its own ends.
    assert!(
        line("Guarantee the rights")
            .2
            .contains("«Guarantee the rights of")
    );
    // (poppler mirrors a guillemet it reads in a right-to-left line: the
    // position is what this checks, the page shows "»".)
    let end = line("lawyer of their choice");
    assert!(
        end.2.contains("lawyer of their choice.»") || end.2.contains("lawyer of their choice.«"),
        "{end:?}"
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
fn the_arabic_docx_runs_right_to_left_and_sets_other_text_apart() {
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
    let text = |n: roxmltree::Node| -> String {
        n.descendants()
            .filter(|n| n.tag_name().name() == "t")
            .filter_map(|n| n.text())
            .collect()
    };
    let paragraphs: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "p")
        .collect();
    // Every paragraph reads right to left, Latin text alone too.
    for &p in &paragraphs {
        assert!(docx_paragraph_rtl(p, false), "{:?}", text(p));
    }
    let latin = paragraphs
        .iter()
        .find(|&&p| text(p).starts_with("Staff Member (LIV)"))
        .expect("the contact");
    assert!(docx_paragraph_rtl(*latin, false));
    // Text in English is one run, not right to left, between
    // left-to-right marks, its quotation marks and full stop inside.
    let runs: Vec<(String, bool)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "r")
        .map(|r| {
            let rtl = r.descendants().any(|c| c.tag_name().name() == "rtl");
            (text(r), rtl)
        })
        .collect();
    for expected in [
        "\u{200E}Release bloggers such as Nguyễn Văn Đài.\u{200E}",
        "\u{200E}Bloggers detained since 2018 number more than 590.\u{200E}",
        "\u{200E}«Guarantee the rights of detainees, including prompt access to a lawyer of their choice.»\u{200E}",
    ] {
        assert!(
            runs.contains(&(expected.to_string(), false)),
            "{expected:?} not in {runs:#?}"
        );
    }
}

/// Every text run of a PDF with the font that draws it: (the font's
/// `/BaseFont` without its subset tag, the run's text as its glyphs are
/// drawn, from the left).
fn runs_with_fonts(bytes: &[u8]) -> Vec<(String, String)> {
    let pdf = lopdf::Document::load_mem(bytes).unwrap();
    let mut runs = Vec::new();
    for id in pdf.get_pages().into_values() {
        let fonts = pdf.get_page_fonts(id).unwrap();
        let content = lopdf::content::Content::decode(&pdf.get_page_content(id)).unwrap();
        let mut font = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
                "Tj" | "TJ" => {
                    let dict = fonts[&font];
                    let encoding = dict.get_font_encoding(&pdf).unwrap();
                    let strings: Vec<&lopdf::Object> = match &op.operands[0] {
                        lopdf::Object::Array(items) => items.iter().collect(),
                        s => vec![s],
                    };
                    let text: String = strings
                        .into_iter()
                        .filter_map(|s| s.as_str().ok())
                        .map(|s| lopdf::Document::decode_text(&encoding, s).unwrap())
                        .collect();
                    let name =
                        String::from_utf8_lossy(dict.get(b"BaseFont").unwrap().as_name().unwrap())
                            .into_owned();
                    let name = name
                        .split_once('+')
                        .map_or(name.clone(), |(_, n)| n.to_string());
                    runs.push((name, text));
                }
                _ => {}
            }
        }
    }
    runs
}

#[test]
fn each_script_is_drawn_in_its_own_face() {
    let out = tempfile::tempdir().unwrap();
    let only = [
        "--quiet",
        "--only",
        "2024-03-25-eg",
        "--only",
        "2024-03-24-cn",
    ];
    if common::build_scripts(out.path(), &only).is_none() {
        return;
    }
    let arabic = runs_with_fonts(&std::fs::read(out.path().join("2024-03-25-eg.pdf")).unwrap());
    let face = |runs: &[(String, String)], text: &str| -> String {
        runs.iter()
            .find(|r| r.1.contains(text))
            .unwrap_or_else(|| panic!("{text:?} not in {runs:#?}"))
            .0
            .clone()
    };
    for (font, text) in &arabic {
        // Arabic letters, and Arabic-Indic digits, in the Arabic face.
        let arabic_letters = text.chars().any(|c| ('\u{0620}'..='\u{064A}').contains(&c));
        let indic_digits = text.chars().any(|c| ('\u{0660}'..='\u{0669}').contains(&c));
        if arabic_letters || indic_digits {
            assert!(font.starts_with("NotoSansArabic-"), "{text:?} in {font}");
        }
        // Latin letters in Noto Sans (or, for a link's address, too).
        if text.chars().any(|c| c.is_ascii_alphabetic()) {
            assert!(font.starts_with("NotoSans-"), "{text:?} in {font}");
        }
    }
    // ASCII digits inside Arabic text stay in the Arabic face; inside an
    // English sentence, in Noto Sans with it.
    let session = arabic.iter().find(|r| r.1 == "46").expect("the session");
    assert!(session.0.starts_with("NotoSansArabic-"), "{session:?}");
    assert!(
        ["١٢", "٢٠١٨"]
            .iter()
            .all(|d| arabic.iter().any(|r| r.1.contains(d)))
    );
    let english = face(&arabic, "Bloggers detained since 2018");
    assert_eq!(english, "NotoSans-Regular");
    // Arabic emphasis (the rationale's label, "why it matters"), which has
    // no italic, is bold. A right-to-left run's glyphs read from the left.
    let emphasis = arabic
        .iter()
        .find(|r| r.1.chars().rev().collect::<String>().contains("يهم"))
        .unwrap();
    assert_eq!(emphasis.0, "NotoSansArabic-Bold", "{emphasis:?}");

    let chinese = runs_with_fonts(&std::fs::read(out.path().join("2024-03-24-cn.pdf")).unwrap());
    for (font, text) in &chinese {
        if text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
            assert!(font.starts_with("NotoSansCJK"), "{text:?} in {font}");
        }
        if text.chars().any(|c| c.is_ascii_alphabetic()) {
            assert!(font.starts_with("NotoSans-"), "{text:?} in {font}");
        }
    }
    assert_eq!(face(&chinese, "Release bloggers"), "NotoSans-Regular");
}
