//! One look in both formats: a built pack read back (the PDF with lopdf,
//! the DOCX's styles with an XML parser) has the same page margins, the
//! same size and colour for the title, each heading level and body text,
//! the same space between blocks (headings, paragraphs, lists) and the same
//! list indents at every level (see [`spacing`]).

mod spacing;

use crate::common::{self, PdfRun, example_inputs, pdf_runs};

use std::collections::HashMap;
use std::io::Read;

use roxmltree::{Document as Xml, Node};
use upr_brief::doc::style::StyleSheet;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn docx_part(bytes: &[u8], name: &str) -> String {
    docx_part_if_any(bytes, name).unwrap_or_else(|| panic!("no {name}"))
}

fn docx_part_if_any(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut s).unwrap();
    Some(s)
}

/// How the spacing between blocks and the list indents differ between
/// the PDF and the DOCX of one left-to-right document.
fn spacing_differences(pdf: &[u8], docx: &[u8]) -> Vec<String> {
    let styles = docx_part(docx, "word/styles.xml");
    let styles = Xml::parse(&styles).unwrap();
    let document = docx_part(docx, "word/document.xml");
    let document = Xml::parse(&document).unwrap();
    let numbering = docx_part_if_any(docx, "word/numbering.xml");
    let numbering = numbering.as_deref().map(|n| Xml::parse(n).unwrap());
    let paras = spacing::docx_paragraphs(&document, &styles, numbering.as_ref());
    let section = w(document.root_element(), "sectPr").unwrap();
    let margins = w(section, "pgMar").unwrap();
    let left = attr(margins, "left").unwrap().parse::<f32>().unwrap() / 20.0;
    let face = upr_brief::fonts::Fonts::builtin().face(upr_brief::fonts::Style::Regular);
    let face = (face.ascender(), face.descender());
    spacing::differences(&paras, &pdf_runs(pdf), left, face)
}

fn w<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.descendants()
        .find(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(W))
}

fn attr(node: Node, name: &str) -> Option<String> {
    node.attribute((W, name)).map(String::from)
}

/// Size (points) and colour of a paragraph style, following `w:basedOn`
/// down to the document defaults, as Word resolves them.
#[derive(Debug, Clone, PartialEq)]
struct Look {
    size: f32,
    color: String,
}

fn style_look(styles: &Xml, id: &str) -> Look {
    let root = styles.root_element();
    let defaults = w(root, "rPrDefault").expect("document defaults");
    let mut size = None;
    let mut color = None;
    let mut next = Some(id.to_string());
    while let Some(id) = next.take() {
        let style = root
            .children()
            .find(|s| s.tag_name().name() == "style" && attr(*s, "styleId").as_deref() == Some(&id))
            .unwrap_or_else(|| panic!("no style {id}"));
        if let Some(rpr) = style.children().find(|c| c.tag_name().name() == "rPr") {
            size = size.or_else(|| w(rpr, "sz").and_then(|s| attr(s, "val")));
            color = color.or_else(|| w(rpr, "color").and_then(|c| attr(c, "val")));
        }
        next = w(style, "basedOn").and_then(|b| attr(b, "val"));
    }
    let size = size.or_else(|| w(defaults, "sz").and_then(|s| attr(s, "val")));
    let color = color.or_else(|| w(defaults, "color").and_then(|c| attr(c, "val")));
    Look {
        size: size.expect("a size").parse::<f32>().unwrap() / 2.0,
        color: color.expect("a colour"),
    }
}

/// The text of the first paragraph of each style in the document.
fn first_text_by_style(document: &Xml) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for p in document
        .descendants()
        .filter(|n| n.tag_name().name() == "p")
    {
        let style = w(p, "pStyle")
            .and_then(|s| attr(s, "val"))
            .unwrap_or_else(|| "Normal".into());
        let text: String = p
            .descendants()
            .filter(|n| n.tag_name().name() == "t")
            .filter_map(|n| n.text())
            .collect();
        if !text.trim().is_empty() && !p.ancestors().any(|a| a.tag_name().name() == "tbl") {
            out.entry(style).or_insert(text);
        }
    }
    out
}

/// The PDF run that starts the paragraph whose text is `text`.
fn run_starting<'a>(runs: &'a [PdfRun], text: &str) -> &'a PdfRun {
    runs.iter()
        .filter(|r| r.text.trim().len() >= 3)
        .find(|r| text.starts_with(r.text.trim_end()))
        .unwrap_or_else(|| panic!("no PDF run starts {text:?}"))
}

fn close(a: f32, b: f32, tolerance: f32) -> bool {
    (a - b).abs() <= tolerance
}

/// How the PDF and the DOCX of one document differ in margins, and in
/// size and colour of the title, the headings and body text.
fn differences(pdf: &[u8], docx: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut differ = |ok: bool, what: String| {
        if !ok {
            found.push(what);
        }
    };
    let styles = docx_part(docx, "word/styles.xml");
    let styles = Xml::parse(&styles).unwrap();
    let document = docx_part(docx, "word/document.xml");
    let document = Xml::parse(&document).unwrap();
    let runs = pdf_runs(pdf);

    // Text roles: the same size and colour.
    let texts = first_text_by_style(&document);
    for style in ["Title", "Heading1", "Heading2", "Normal"] {
        let text = texts
            .get(style)
            .unwrap_or_else(|| panic!("the pack has no {style} paragraph"));
        let look = style_look(&styles, style);
        let run = run_starting(&runs, text);
        differ(
            close(run.size, look.size, 0.01) && run.color == look.color,
            format!(
                "{style}: PDF {} pt #{}, DOCX {} pt #{} ({text:?})",
                run.size, run.color, look.size, look.color
            ),
        );
    }
    // Heading level 3 does not occur in the pack: compare the style sheet's
    // size through the styles part, which both writers read from.
    let h3 = style_look(&styles, "Heading3");
    let sheet = StyleSheet::default();
    differ(
        (h3.size, h3.color.clone()) == (sheet.headings[2].size, sheet.headings[2].color.hex()),
        format!("Heading3: DOCX {h3:?}"),
    );

    // Paper and margins.
    let pdf_doc = lopdf::Document::load_mem(pdf).unwrap();
    let media = common::first_media_box(&pdf_doc);
    let section = w(document.root_element(), "sectPr").unwrap();
    let pg_size = w(section, "pgSz").unwrap();
    let twips = |node: Node, name: &str| attr(node, name).unwrap().parse::<f32>().unwrap() / 20.0;
    differ(
        close(media[2] as f32, twips(pg_size, "w"), 0.6)
            && close(media[3] as f32, twips(pg_size, "h"), 0.6),
        format!("paper: PDF {media:?}"),
    );
    let (page_w, page_h) = (twips(pg_size, "w"), twips(pg_size, "h"));
    let margins = w(section, "pgMar").unwrap();
    let (left, right) = (twips(margins, "left"), twips(margins, "right"));
    let (top, bottom) = (twips(margins, "top"), twips(margins, "bottom"));
    let body: Vec<&PdfRun> = runs
        .iter()
        .filter(|r| r.y < page_h - top + 1.0 && r.y > bottom - 1.0)
        .collect();
    let min_x = body.iter().map(|r| r.x).fold(f32::MAX, f32::min);
    differ(
        close(min_x, left, 0.05),
        format!("left margin: PDF {min_x}, DOCX {left}"),
    );
    // The rule under the running header spans the measure.
    let content = pdf_doc.get_page_content(pdf_doc.get_pages()[&2]);
    let ops = lopdf::content::Content::decode(&content)
        .unwrap()
        .operations;
    let ends: Vec<f32> = ops
        .iter()
        .filter(|o| o.operator == "l")
        .map(|o| o.operands[0].as_float().unwrap())
        .collect();
    let widest = ends.iter().copied().fold(0.0, f32::max);
    differ(
        close(widest, page_w - right, 0.05),
        format!("right margin: PDF {}, DOCX {right}", page_w - widest),
    );
    // Text stays between the top and bottom margins, and the first line of
    // a page starts within one line of the top margin. A heading's line
    // (1.25 × its size) is shorter than Noto Sans's ascender to descender
    // (1.36, room for stacked Vietnamese marks), so its glyph box may reach
    // 0.06 × its size past its line, centred in it.
    let fonts = upr_brief::fonts::Fonts::builtin();
    let face = fonts.face(upr_brief::fonts::Style::Regular);
    for r in &body {
        let overshoot = 0.06 * r.size;
        differ(
            r.y + face.ascender() * r.size <= page_h - top + overshoot,
            format!("{r:?} above the top margin {top}"),
        );
        differ(
            r.y + face.descender() * r.size >= bottom - overshoot,
            format!("{r:?} below the bottom margin {bottom}"),
        );
    }
    let page2_top = body
        .iter()
        .filter(|r| r.page == 2)
        .map(|r| r.y + face.ascender() * r.size)
        .fold(0.0, f32::max);
    differ(
        page_h - top - page2_top < 0.5 * sheet.body.line_height(),
        format!("top margin: PDF {}, DOCX {top}", page_h - page2_top),
    );
    found.extend(spacing_differences(pdf, docx));
    found
}

#[test]
fn a_pack_has_the_same_margins_sizes_and_colours_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, log) = common::build(&example_inputs(), &out, &[]);
    assert_eq!(code, 0, "{log}");
    let pdf = std::fs::read(out.join("2024-03-21-france.pdf")).unwrap();
    let docx = std::fs::read(out.join("2024-03-21-france.docx")).unwrap();
    assert_eq!(differences(&pdf, &docx), Vec::<String>::new());
}

/// The comparison fails when one format leaves the style sheet.
#[test]
fn a_pdf_in_another_look_differs() {
    let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let loaded = upr_brief::pipeline::load(&example_inputs(), None, today).unwrap();
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    let pack = packs.iter().find(|p| p.id == "2024-03-21-france").unwrap();
    let doc = &loaded.templates.pack(pack, &loaded.inputs.sources).unwrap();
    let sheet = StyleSheet::default();
    let docx = upr_brief::export::docx::docx(doc, &sheet).unwrap();
    let fonts = upr_brief::fonts::Fonts::builtin();
    let write_pdf = |sheet: &StyleSheet| {
        let laid = upr_brief::export::pdf::Paged::of(doc, sheet, fonts);
        upr_brief::export::pdf::pdf(laid, &Default::default()).unwrap()
    };
    let pdf = write_pdf(&sheet);
    assert_eq!(differences(&pdf, &docx), Vec::<String>::new());

    let mut other = sheet.clone();
    other.headings[0].size = 17.0;
    other.body.color = upr_brief::doc::style::Color::rgb8(0, 0, 0);
    other.page.margin_left += 10.0;
    other.page.margin_top -= 20.0;
    let pdf = write_pdf(&other);
    let found = differences(&pdf, &docx).join("\n");
    for what in [
        "Heading1:",
        "Normal:",
        "left margin",
        "above the top margin",
    ] {
        assert!(found.contains(what), "{what} not found in:\n{found}");
    }

    // Spacing and list indents, each changed in the PDF alone.
    let mut other = sheet.clone();
    other.headings[1].space_before += 4.0;
    other.body.space_after += 2.0;
    other.lists.space_before = 12.0;
    other.lists.indent += 6.0;
    let pdf = pdf_of(doc, &other, fonts);
    let found = spacing_differences(&pdf, &docx).join("\n");
    for what in [
        "space between Normal and Heading2",
        "space between Normal and Normal",
        "space between Normal and ListParagraph",
        "space between Heading1 and ListParagraph",
        "list level 0",
    ] {
        assert!(found.contains(what), "{what} not found in:\n{found}");
    }
}

/// Lists nested three deep, one of them numbered from 998 (markers wider
/// than the style's indent), between paragraphs and headings: the same
/// spacing and indents at every level in both formats, and not when the
/// PDF's indent differs.
#[test]
fn nested_lists_have_the_same_indents_and_spacing_in_both_formats() {
    use upr_brief::doc::{Block, Document, HeadingLevel, Inline};
    let para = |t: &str| Block::Paragraph(vec![Inline::plain(t)]);
    let list = |ordered: bool, start: u32, items: Vec<Vec<Block>>| Block::List {
        ordered,
        start,
        items,
    };
    let innermost = list(
        false,
        1,
        vec![
            vec![para("Innermost item one")],
            vec![para("Innermost item two")],
        ],
    );
    let middle = list(
        false,
        1,
        vec![
            vec![para("Middle item one")],
            vec![para("Middle item two, with a list"), innermost],
            vec![para("Middle item three")],
        ],
    );
    let doc = Document {
        blocks: vec![
            Block::Heading {
                level: HeadingLevel::clamped(1),
                content: vec![Inline::plain("Lists in both formats")],
            },
            para("A paragraph before the list."),
            list(
                true,
                998,
                vec![
                    vec![para("Item nine hundred ninety-eight")],
                    vec![para("Item nine hundred ninety-nine, with a list"), middle],
                    vec![
                        para("Item one thousand, the widest marker"),
                        para("Its second paragraph follows."),
                    ],
                ],
            ),
            para("A paragraph after the list."),
            Block::Heading {
                level: HeadingLevel::clamped(2),
                content: vec![Inline::plain("A heading after it")],
            },
            para("The last paragraph."),
        ],
        ..Document::default()
    };
    let sheet = StyleSheet::default();
    let fonts = upr_brief::fonts::Fonts::builtin();
    let docx = upr_brief::export::docx::docx(&doc, &sheet).unwrap();
    let pdf = pdf_of(&doc, &sheet, fonts);
    let found = spacing_differences(&pdf, &docx);
    assert_eq!(found, Vec::<String>::new());
    let numbering = docx_part(&docx, "word/numbering.xml");
    assert!(numbering.contains("w:ilvl=\"2\""), "three levels");

    // The widest marker sets the outer list's indent, the style's indent
    // the nested lists'.
    let widest = upr_brief::layout::measure(fonts, upr_brief::fonts::Style::Regular, 10.5, "1000.");
    assert!(widest + 5.25 > sheet.lists.indent + 1.0);

    let mut other = sheet.clone();
    other.lists.marker_gap = 1.0;
    other.lists.space_after += 5.0;
    let pdf = pdf_of(&doc, &other, fonts);
    let found = spacing_differences(&pdf, &docx).join("\n");
    for what in [
        "list level 0",
        "list level 1",
        "list level 2",
        "space between ListParagraph and Normal",
    ] {
        assert!(found.contains(what), "{what} not found in:\n{found}");
    }
}

/// `doc` laid out with `sheet` and written as a PDF.
fn pdf_of(
    doc: &upr_brief::doc::Document,
    sheet: &StyleSheet,
    fonts: &upr_brief::fonts::Fonts,
) -> Vec<u8> {
    let laid = upr_brief::export::pdf::Paged::of(doc, sheet, fonts);
    upr_brief::export::pdf::pdf(laid, &Default::default()).unwrap()
}
