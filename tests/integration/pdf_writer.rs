//! The PDF writer, read back with lopdf.

use crate::common;

use common::external as tool;
use common::sample::*;
use lopdf::{Dictionary, Document as Pdf, Object};
use upr_brief::doc::style::StyleSheet;
use upr_brief::doc::{Block, Cover, Document, Inline, Table};
use upr_brief::export::PageSize;
use upr_brief::export::pdf::{Paged, PdfOptions, pdf};
use upr_brief::fonts::Fonts;

fn write(doc: &Document) -> Vec<u8> {
    let style = StyleSheet::default();
    pdf(
        Paged::of(doc, &style, Fonts::builtin()),
        &PdfOptions::default(),
    )
    .expect("a PDF")
}

fn load(bytes: &[u8]) -> Pdf {
    Pdf::load_mem(bytes).expect("lopdf reads the PDF")
}

fn page_texts(pdf: &Pdf) -> Vec<String> {
    let n = pdf.get_pages().len() as u32;
    (1..=n)
        .map(|p| pdf.extract_text(&[p]).expect("text extracts"))
        .collect()
}

/// Decodes a PDF text string (UTF-16BE with BOM, or PDFDocEncoding/ASCII).
fn catalog(pdf: &Pdf) -> &Dictionary {
    pdf.catalog().unwrap()
}

fn info(pdf: &Pdf) -> &Dictionary {
    let id = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
    pdf.get_dictionary(id).unwrap()
}

/// lopdf's extractor joins lines without a space, so compare without whitespace.
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

/// The annotation dictionaries of a page (printpdf writes them inline).
fn annotations(pdf: &Pdf, page: lopdf::ObjectId) -> Vec<Dictionary> {
    let page = pdf.get_dictionary(page).unwrap();
    let Ok(annots) = page.get(b"Annots") else {
        return Vec::new();
    };
    let (_, annots) = pdf.dereference(annots).unwrap();
    annots
        .as_array()
        .unwrap()
        .iter()
        .map(|a| pdf.dereference(a).unwrap().1.as_dict().unwrap().clone())
        .collect()
}

#[test]
fn text_reads_back_with_vietnamese_intact() {
    let bytes = write(&sample_document(60));
    let pdf = load(&bytes);
    let all = squash(&page_texts(&pdf).concat());
    for s in [
        "Nguyễn Văn Đài",
        "Luật An ninh mạng",
        "Quyền tự do ngôn luận",
        "Phạm Đoan Trang",
        "« La liberté d’expression n’est pas négociable »",
        "¿Cuántas personas",
        "Page 1 of",
        "Prepared for Embassy of France — 21 March 2024",
        "Universal Periodic Review of Việt Nam",
    ] {
        assert!(all.contains(&squash(s)), "missing {s:?}");
    }
    // What came back is NFC: no combining marks.
    assert!(!all.chars().any(|c| ('\u{0300}'..='\u{036F}').contains(&c)));
}

#[test]
fn long_table_spans_pages_with_its_header_on_each() {
    let bytes = write(&sample_document(60));
    let pdf = load(&bytes);
    let texts = page_texts(&pdf);
    assert!(texts.len() > 1, "{} pages", texts.len());
    let n = texts.len();
    let mut table_pages = 0;
    for (k, text) in texts.iter().enumerate() {
        assert!(
            squash(text).contains(&squash(&format!("Page {} of {n}", k + 1))),
            "page label on page {}",
            k + 1
        );
        if text.contains("in prison") {
            table_pages += 1;
            assert!(
                text.contains("Sentence and status"),
                "header row missing on page {}",
                k + 1
            );
        }
    }
    assert!(table_pages >= 2, "table on {table_pages} pages");
    let all = texts.concat();
    for r in ["Hoàng Thị Minh Hồng", "Trần Huỳnh Duy Thức"] {
        assert!(all.contains(r));
    }
}

#[test]
fn outline_is_nested_with_exact_targets() {
    let pdf = load(&write(&sample_document(60)));
    let cat = catalog(&pdf);
    assert_eq!(
        cat.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let root = pdf
        .get_dictionary(cat.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();

    // Walk the tree into (depth, title) pairs.
    fn walk(pdf: &Pdf, first: Option<&Object>, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut cur = first.map(|o| o.as_reference().unwrap());
        while let Some(id) = cur {
            let d = pdf.get_dictionary(id).unwrap();
            out.push((depth, common::pdf_string(d.get(b"Title").unwrap())));
            let dest = d.get(b"Dest").unwrap().as_array().unwrap();
            assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
            assert!(dest[3].as_float().unwrap() > 0.0, "exact top");
            walk(pdf, d.get(b"First").ok(), depth + 1, out);
            cur = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
        }
    }
    let mut entries = Vec::new();
    walk(&pdf, root.get(b"First").ok(), 0, &mut entries);
    let expect = [
        (0, "Summary"),
        (1, "Recommendations"),
        (2, "Sources"),
        (1, "Cases of concern"),
        (0, "Annex"),
        (1, "Method"),
        (2, "Contacts"),
    ];
    let got: Vec<(usize, &str)> = entries.iter().map(|(d, t)| (*d, t.as_str())).collect();
    assert_eq!(got, expect);
}

#[test]
fn metadata_language_and_links() {
    let pdf = load(&write(&sample_document(60)));
    let cat = catalog(&pdf);
    assert_eq!(cat.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
    let info = info(&pdf);
    assert_eq!(
        common::pdf_string(info.get(b"Title").unwrap()),
        "Việt Nam — UPR Briefing (4th cycle)"
    );
    assert_eq!(
        common::pdf_string(info.get(b"Author").unwrap()),
        "Coalition pour la liberté d’expression; Nguyễn Thị Hà"
    );
    assert!(common::pdf_string(info.get(b"Subject").unwrap()).starts_with("Quyền tự do"));
    assert!(info.get(b"GTS_PDFXVersion").is_err());

    let mut uris = Vec::new();
    for (_, page) in pdf.get_pages() {
        for annot in annotations(&pdf, page) {
            let border = annot.get(b"Border").unwrap().as_array().unwrap();
            assert!(
                border.iter().all(|b| b.as_float().unwrap() == 0.0),
                "no border"
            );
            let action = annot.get(b"A").unwrap().as_dict().unwrap();
            uris.push(
                String::from_utf8(action.get(b"URI").unwrap().as_str().unwrap().to_vec()).unwrap(),
            );
        }
    }
    assert!(uris.contains(&"https://www.ohchr.org/en/countries/viet-nam".to_string()));
    assert!(uris.contains(&"mailto:brief@example.org".to_string()));
    // The long URL wraps over three lines: one annotation per line.
    assert_eq!(uris.iter().filter(|u| *u == LONG_URL).count(), 3);
}

#[test]
fn output_is_byte_identical() {
    let doc = sample_document(60);
    let a = write(&doc);
    let other = write(&sample_document(5));
    let b = write(&doc);
    assert_eq!(a, b);
    assert_ne!(a, other);
    let c = std::thread::spawn(move || write(&doc)).join().unwrap();
    assert_eq!(a, c);
    // The /ID is a content hash, so different documents get different ids.
    let id = |bytes: &[u8]| load(bytes).trailer.get(b"ID").unwrap().clone();
    assert_ne!(id(&a), id(&other));
    // Both ids are the first 16 bytes of the SHA-256 of the file written
    // with a blank (all-zero) /ID.
    let lopdf::Object::Array(ids) = id(&a) else {
        panic!("/ID is not an array")
    };
    let expect: String = {
        use sha2::Digest;
        let hex: String = ids[0]
            .as_str()
            .unwrap()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        let mut blank = a.clone();
        let mut at = 0;
        while let Some(i) = blank[at..].windows(32).position(|w| w == hex.as_bytes()) {
            blank[at + i..at + i + 32].fill(b'0');
            at += i + 32;
        }
        sha2::Sha256::digest(&blank)[..16]
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    };
    for i in &ids {
        let got: String = i
            .as_str()
            .unwrap()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert_eq!(got, expect);
    }
}

#[test]
fn creation_date_option() {
    let opts = PdfOptions {
        creation_date: Some(1_711_000_000),
    };
    let doc = sample_document(3);
    let style = StyleSheet::for_page(PageSize::Letter);
    let bytes = pdf(Paged::of(&doc, &style, Fonts::builtin()), &opts).unwrap();
    let pdf = load(&bytes);
    let date = common::pdf_string(info(&pdf).get(b"CreationDate").unwrap());
    assert_eq!(date, "D:20240321054640Z");
    assert_eq!(common::first_media_box(&pdf)[2], 612);
}

fn check(doc: &Document) -> Vec<String> {
    let bytes = write(doc);
    let pdf = load(&bytes);
    assert!(!pdf.get_pages().is_empty());
    page_texts(&pdf)
}

#[test]
fn hostile_inputs_do_not_panic() {
    // Empty document: one page with the furniture only.
    let texts = check(&Document::default());
    assert_eq!(texts.len(), 1);

    let mut doc = Document {
        meta: metadata(),
        furniture: furniture(),
        blocks: vec![],
    };
    let word = "Đ".repeat(1000) + &"x".repeat(2000);
    doc.blocks = vec![
        Block::Table(Table {
            header: None,
            rows: vec![],
        }),
        Block::Table(Table {
            header: Some(vec![vec![]]),
            rows: vec![vec![], vec![vec![Inline::plain("ragged")], vec![], vec![]]],
        }),
        para(vec![span(&word)]),
        para(vec![span(
            "Emoji 😀👍🏽 and missing scripts ᚠᛇᚻ 𝔘𝔫𝔦 \u{7}\u{0}\t tab",
        )]),
        heading(1, ""),
        heading(7, "Level seven becomes three"),
        heading(0, "Level zero becomes one"),
        Block::PageBreak,
        Block::PageBreak,
        Block::List {
            ordered: true,
            start: u32::MAX,
            items: vec![
                vec![],
                vec![Block::PageBreak],
                vec![Block::Table(cases_table(2))],
            ],
        },
        Block::Cover(Cover {
            title: Vec::new(),
            subtitle: Vec::new(),
            lines: vec![Vec::new()],
            logos: Vec::new(),
        }),
        Block::Table(Table {
            header: Some(vec![vec![span(&word)], vec![span("x")]]),
            rows: vec![vec![vec![span(&word.repeat(3))], vec![span("y")]]],
        }),
    ];
    let texts = check(&doc);
    let all: String = texts.concat().split_whitespace().collect();
    assert!(all.contains(&"x".repeat(100)));
    assert!(all.contains('\u{FFFD}'));
    assert!(all.contains("4294967296."), "numbering past u32::MAX");

    // A 500-row table.
    let big = Document {
        blocks: vec![Block::Table(cases_table(500))],
        ..doc.clone()
    };
    let texts = check(&big);
    assert!(texts.len() > 10);
    assert!(texts.iter().all(|t| t.contains("Sentence and status")));

    // A deeply nested list and a silly theme.
    let mut nested = para(vec![span("core")]);
    for _ in 0..40 {
        nested = Block::List {
            ordered: false,
            start: 1,
            items: vec![vec![nested]],
        };
    }
    let mut theme = StyleSheet::default();
    theme.page.margin_left = 1e9;
    theme.page.margin_top = f32::NAN;
    theme.body.size = 0.0;
    theme.body.leading = -1.0;
    let nested_doc = Document {
        blocks: vec![nested, Block::Table(cases_table(3))],
        ..doc.clone()
    };
    let none = PdfOptions::default();
    pdf(Paged::of(&nested_doc, &theme, Fonts::builtin()), &none).unwrap();
    let letter = StyleSheet::for_page(PageSize::Letter);
    pdf(Paged::of(&nested_doc, &letter, Fonts::builtin()), &none).unwrap();
}

#[test]
fn a_missing_tool_fails_where_tools_are_required() {
    assert_eq!(
        common::external_with("upr-brief-no-such-tool", &[], false),
        None
    );
    let required =
        std::panic::catch_unwind(|| common::external_with("upr-brief-no-such-tool", &[], true));
    assert!(
        required.is_err(),
        "a missing tool passed where it is required"
    );
}

fn attr(tag: &str, name: &str) -> f32 {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

/// Cross-checks with poppler and qpdf when they are installed
/// (`apt-get install poppler-utils qpdf`); skipped otherwise, except where
/// `UPR_BRIEF_REQUIRE_TOOLS` is set (CI), where a missing tool fails.
#[test]
fn poppler_and_qpdf_agree() {
    let dir = std::env::temp_dir().join(format!("upr-brief-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("brief.pdf");
    let theme = StyleSheet::default().page;
    std::fs::write(&path, write(&sample_document(60))).unwrap();
    let file = path.to_str().unwrap();

    let Some(fonts) = tool("pdffonts", &[file]) else {
        return;
    };
    let faces: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(faces.len(), 3, "{fonts}");
    for f in faces {
        let cols: Vec<&str> = f.split_whitespace().collect();
        assert!(cols[0].contains("+NotoSans-"), "{f}");
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "emb sub uni: {f}"
        );
    }
    let check = tool("qpdf", &["--check", file]).unwrap_or_default();
    if !check.is_empty() {
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{check}"
        );
    }
    let text = tool("pdftotext", &[file, "-"]).unwrap();
    for s in [
        "Nguyễn Văn Đài",
        "Luật An ninh mạng",
        "¿Cuántas",
        "Page 3 of",
    ] {
        assert!(text.contains(s), "pdftotext lacks {s:?}");
    }

    // Every word lies inside the margins, or in the header/footer band.
    let bbox = tool("pdftotext", &["-bbox", file, "-"]).unwrap();
    let furniture = furniture();
    let allowed: String = [
        furniture.header,
        furniture.footer.to_string(),
        "Page of 0123456789".into(),
    ]
    .join(" ");
    let mut page_h = 0.0;
    let mut page_w = 0.0;
    let mut words = 0;
    for line in bbox.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page_w = attr(line, "width");
            page_h = attr(line, "height");
        }
        if !line.starts_with("<word ") {
            continue;
        }
        words += 1;
        let word = &line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()];
        let (x0, y0, x1, y1) = (
            attr(line, "xMin"),
            attr(line, "yMin"),
            attr(line, "xMax"),
            attr(line, "yMax"),
        );
        let tol = 3.0;
        assert!(
            x0 >= theme.margin_left - 0.5 && x1 <= page_w - theme.margin_right + 0.5,
            "{word:?} outside the side margins: {x0}..{x1}"
        );
        let in_body = y0 >= theme.margin_top - tol && y1 <= page_h - theme.margin_bottom + tol;
        let in_header = y1 <= theme.margin_top;
        let in_footer = y0 >= page_h - theme.margin_bottom;
        assert!(
            in_body || in_header || in_footer,
            "{word:?} in a margin: {y0}..{y1}"
        );
        if !in_body {
            let w = word.replace("&amp;", "&");
            assert!(allowed.contains(&w), "{word:?} in the header/footer band");
        }
    }
    assert!(words > 500);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The footer of a pack for a counterpart with a long name: the name is
/// shortened, the date and the page label stay whole, in every language
/// and direction.
#[test]
fn a_long_name_is_shortened_in_the_footer_and_the_date_stays_whole() {
    const LONG: &str = "Permanent Mission of the Republic of Somewhere to the United \
                        Nations Office and other International Organizations at Geneva";
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    common::copy_dir(&common::fixtures().join("scripts"), &inputs);
    // (meeting, date, page label of page 1, right to left)
    let packs = [
        ("2024-03-21-fr", "21 mars 2024", "Page 1 sur 2", false),
        (
            "2024-03-22-cl",
            "22 de marzo de 2024",
            "Página 1 de 2",
            false,
        ),
        (
            "2024-03-23-ru",
            "23 марта 2024 года",
            "Страница 1 из 2",
            false,
        ),
        ("2024-03-24-cn", "2024年3月24日", "第1页，共2页", false),
        ("2024-03-25-eg", "25 آذار/مارس 2024", "الصفحة 1 من 2", true),
    ];
    for (id, ..) in packs {
        let path = inputs.join(format!("meetings/{id}.yaml"));
        let yaml = std::fs::read_to_string(&path).unwrap();
        let at = yaml.find("institution: ").unwrap();
        let end = at + yaml[at..].find('\n').unwrap();
        let yaml = format!("{}institution: {LONG}{}", &yaml[..at], &yaml[end..]);
        std::fs::write(&path, yaml).unwrap();
    }
    let out = dir.path().join("out");
    let mut only = vec!["--quiet"];
    for (id, ..) in packs {
        only.extend(["--only", id]);
    }
    let (code, log) = common::build(&inputs, &out, &only);
    if code == 1
        && log.contains("no-glyph")
        && std::env::var_os("UPR_BRIEF_REQUIRE_TOOLS").is_none()
    {
        eprintln!("the fonts for these scripts are not installed: skipping");
        return;
    }
    assert_eq!(code, 0, "{log}");
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (id, date, label, rtl) in packs {
        let bytes = std::fs::read(out.join(format!("{id}.pdf"))).unwrap();
        // The footer's runs on page 1 (below the body's 22 mm margin), in
        // reading order: from the right in a right-to-left pack.
        let mut runs: Vec<common::PdfRun> = common::pdf_runs(&bytes)
            .into_iter()
            .filter(|r| r.page == 1 && r.y < 60.0)
            .collect();
        runs.sort_by(|a, b| a.x.total_cmp(&b.x));
        if rtl {
            runs.reverse();
        }
        // A right-to-left run's glyphs are drawn, and read back, from the left.
        let footer: String = runs
            .iter()
            .map(|r| match r.text.chars().any(upr_brief::doc::is_rtl_char) {
                true => r.text.chars().rev().collect(),
                false => r.text.clone(),
            })
            .collect();
        let footer = bare(&footer);
        assert!(
            footer.contains(&bare(date)),
            "{id}: {date:?} not whole in {footer:?}"
        );
        assert!(
            footer.contains(&bare(label)),
            "{id}: {label:?} not whole in {footer:?}"
        );
        assert!(
            footer.contains("Permanent") && footer.contains('…'),
            "{id}: {footer:?}"
        );
        assert!(!footer.contains(&bare(LONG)), "{id}: {footer:?}");
        // The DOCX's footer shortens the same name, keeping the date whole.
        let docx = std::fs::read(out.join(format!("{id}.docx"))).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/footer1.xml").unwrap(), &mut xml)
            .unwrap();
        let xml = roxmltree::Document::parse(&xml).unwrap();
        let text: String = xml
            .descendants()
            .filter(|n| n.tag_name().name() == "t")
            .filter_map(|n| n.text())
            .collect();
        assert!(text.contains(date) && text.contains('…'), "{id}: {text:?}");
        assert!(!text.contains(LONG), "{id}: {text:?}");
    }
}
