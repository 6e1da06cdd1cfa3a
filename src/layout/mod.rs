//! Page layout for the PDF writer: pure geometry, no printpdf types.
//!
//! [`paginate`] runs the phases in order: [`text`] measures and breaks styled
//! text into lines; the block phase (`blocks`, and [`table`] for tables)
//! cuts every block into bands with the style sheet's sizes, spacing and
//! colours; the flow phase stacks bands onto pages; the furniture phase draws
//! header, footer and page label once the page count is known. The result
//! ([`page`]) is pages of positioned text runs, filled boxes, rules and link
//! areas, which `export::pdf` only has to draw. All lengths are PDF points
//! (1/72 inch); page coordinates have their origin at the bottom-left corner,
//! as in PDF.

mod band;
mod blocks;
mod flow;
mod furniture;
mod list;
pub mod page;
pub mod shape;
pub mod table;
pub mod text;

pub use furniture::footer_line;
pub use list::{list_indent, list_markers};
pub use page::{
    Item, LinkTarget, Node, NodeId, OutlineEntry, Page, PagedDocument, Rect, Role, Tag,
};
pub use shape::Glyph;
pub use table::table_columns;
pub use text::{Line, Run, TextSpan, break_lines, measure};

use crate::doc::Document;
use crate::doc::style::StyleSheet;
use crate::fonts::{Fonts, Style};

/// `v` if it is a finite length in `0..=max`, else the nearest such length
/// (0 for NaN): a hostile style sheet cannot push the body off the page.
fn sane(v: f32, max: f32) -> f32 {
    if v.is_finite() {
        v.clamp(0.0, max)
    } else {
        0.0
    }
}

/// Lays out `doc` with `style` (which names the paper) and `fonts`.
pub fn paginate(doc: &Document, style: &StyleSheet, fonts: &Fonts) -> PagedDocument {
    let (pw, ph) = style.page.paper();
    let p = &style.page;
    let ml = sane(p.margin_left, pw * 0.4);
    let mr = sane(p.margin_right, pw * 0.4);
    let mt = sane(p.margin_top, ph * 0.4);
    let mb = sane(p.margin_bottom, ph * 0.4);
    let body = Rect {
        x: ml,
        y: mb,
        width: pw - ml - mr,
        height: ph - mt - mb,
    };
    // Every paragraph runs in the document's direction, its language's.
    let direction = doc.direction();
    let rtl = direction.is_rtl();
    let mut builder = blocks::Builder::new(
        fonts,
        style,
        (body.x, body.height),
        rtl,
        doc.meta.language.clone(),
    );
    builder.blocks(&doc.blocks, body.x, body.width, 0, false);
    let flowed = flow::flow(std::mem::take(&mut builder.out), body);
    let mut pages = flowed.pages;
    let face = fonts.face(Style::Regular);
    let size = style.furniture.text.size;
    let frame = furniture::Frame {
        body,
        header_baseline: ph - sane(p.header_top, ph) - face.ascender() * size,
        footer_baseline: sane(p.footer_bottom, ph) - face.descender() * size,
    };
    furniture::draw(&mut pages, &doc.furniture, &frame, style, fonts, direction);
    let mut outline = flowed.outline;
    if rtl {
        mirror(&mut pages, &mut outline, pw);
    }
    // Each page holds its items until it is drawn: no room to spare.
    for page in &mut pages {
        page.items.shrink_to_fit();
    }
    PagedDocument {
        width: pw,
        height: ph,
        body,
        pages,
        outline,
        structure: builder.nodes,
    }
}

/// Turns pages laid out from the left edge into pages read from the
/// right: every x measured from the start edge becomes a distance from
/// the right edge. Text runs keep their glyphs' left-to-right order, which
/// bidi has already made visual; pictures are moved, not flipped.
fn mirror(pages: &mut [Page], outline: &mut [OutlineEntry], width: f32) {
    let flip_rect = |r: &mut Rect| r.x = width - r.x - r.width;
    for page in pages {
        for item in &mut page.items {
            match item {
                Item::Text { x, run, .. } => *x = width - *x - run.width,
                Item::Fill { rect, .. } | Item::Link { rect, .. } | Item::Image { rect, .. } => {
                    flip_rect(rect)
                }
                Item::Rule { x1, x2, .. } => {
                    *x1 = width - *x1;
                    *x2 = width - *x2;
                }
            }
        }
    }
    for entry in outline {
        entry.left = width - entry.left;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Block, Furniture, Inline, Table};

    const EPS: f32 = 0.01;

    fn para(s: &str) -> Block {
        Block::Paragraph(vec![Inline::plain(s)])
    }

    fn heading(level: u8, s: &str) -> Block {
        Block::Heading {
            level: crate::doc::HeadingLevel::clamped(level),
            content: vec![Inline::plain(s)],
        }
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            furniture: Furniture {
                header: "HEADER".into(),
                footer: "FOOTER".into(),
                page_label: "Page {page} of {pages}".into(),
            },
            blocks,
            ..Document::default()
        }
    }

    fn body_texts(page: &Page, body: &Rect) -> Vec<(f32, f32, String)> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { x, y, run, .. } if *y > body.y - 1.0 => {
                    Some((*x, *y, run.text.clone()))
                }
                _ => None,
            })
            .filter(|(_, _, t)| t != "HEADER")
            .collect()
    }

    fn lay(d: &Document) -> PagedDocument {
        paginate(d, &StyleSheet::default(), Fonts::builtin())
    }

    #[test]
    fn headings_are_never_last_on_a_page() {
        let filler = "Quyền tự do ngôn luận được Hiến pháp bảo đảm. ".repeat(6);
        // Shift the heading's position down the page one line at a time.
        for n in 0..40 {
            let mut blocks: Vec<Block> = (0..n).map(|_| para("One line.")).collect();
            for k in 0..6 {
                blocks.push(heading(1 + (k % 3) as u8, &format!("Heading {k}")));
                blocks.push(para(&filler));
            }
            let laid = lay(&doc(blocks));
            for page in &laid.pages {
                let texts = body_texts(page, &laid.body);
                let last = texts.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
                assert!(
                    !last.2.starts_with("Heading"),
                    "n={n}: heading at page foot"
                );
            }
        }
    }

    /// Whether a page break leaves a single line of a paragraph alone, at
    /// the foot of one page or the head of the next: the paragraphs are
    /// shifted down a page one line at a time, alone and in list items.
    #[test]
    fn no_page_starts_or_ends_with_a_single_line_of_a_paragraph() {
        // Each paragraph's words say which paragraph they belong to.
        let words = |k: usize, n: usize| format!("p{k}x ").repeat(n);
        for lines in [2usize, 3, 4, 5] {
            for shift in 0..45 {
                let mut blocks: Vec<Block> = (0..shift).map(|_| para("One line.")).collect();
                for k in 0..4 {
                    let text = words(k, lines * 19);
                    if k % 2 == 0 {
                        blocks.push(para(&text));
                    } else {
                        blocks.push(Block::List {
                            ordered: false,
                            start: 1,
                            items: vec![vec![para(&text)]],
                        });
                    }
                }
                let laid = lay(&doc(blocks));
                // Per page, the paragraph of each body line, top to bottom.
                let pages: Vec<Vec<String>> = laid
                    .pages
                    .iter()
                    .map(|page| {
                        let mut texts = body_texts(page, &laid.body);
                        texts.retain(|t| t.2.starts_with('p'));
                        texts.sort_by(|a, b| b.1.total_cmp(&a.1));
                        texts.dedup_by(|a, b| (a.1 - b.1).abs() < 0.1);
                        texts.into_iter().map(|t| t.2[..3].to_string()).collect()
                    })
                    .collect();
                for pair in pages.windows(2) {
                    let (Some(last), Some(first)) = (pair[0].last(), pair[1].first()) else {
                        continue;
                    };
                    if last != first {
                        continue;
                    }
                    let foot = pair[0].iter().rev().take_while(|p| *p == last).count();
                    let head = pair[1].iter().take_while(|p| *p == first).count();
                    assert!(
                        foot >= 2 && head >= 2,
                        "{lines} lines, shift {shift}: {foot} at the foot, {head} at the head"
                    );
                }
            }
        }
    }

    #[test]
    fn every_item_of_a_right_to_left_list_has_its_marker_on_the_right() {
        let mut d = doc(vec![Block::List {
            ordered: false,
            start: 1,
            // An English item, and one with no strong letter: both read
            // right to left in a right-to-left document.
            items: vec![vec![para("Person 5, Counsellor")], vec![para("2024")]],
        }]);
        d.meta.language = crate::doc::LanguageTag::parse("ar").unwrap();
        let laid = lay(&d);
        let bullet = StyleSheet::default().lists.marker(false, 0, 1);
        let texts = body_texts(&laid.pages[0], &laid.body);
        let at = |t: &str| texts.iter().find(|x| x.2 == t).unwrap().clone();
        let markers: Vec<(f32, f32)> = texts
            .iter()
            .filter(|x| x.2 == bullet)
            .map(|x| (x.0, x.1))
            .collect();
        assert_eq!(markers.len(), 2, "{texts:?}");
        let right = laid.body.x + laid.body.width;
        for (text, (mx, _)) in ["Person 5, Counsellor", "2024"].iter().zip(&markers) {
            let item = at(text);
            // The marker right of the text, the text ending at the indent.
            assert!(*mx > item.0, "{texts:?}");
            let w = crate::layout::measure(Fonts::builtin(), Style::Regular, 10.5, text);
            let indent = StyleSheet::default().lists.indent;
            assert!((item.0 + w - (right - indent)).abs() < 0.5, "{texts:?}");
        }
    }

    #[test]
    fn body_stays_inside_the_margins() {
        let long = "averyveryverylongwordwithoutanybreakopportunityatall".repeat(30);
        let mut blocks = vec![para(&long), heading(1, &long)];
        blocks.push(Block::List {
            ordered: true,
            start: 98,
            items: vec![vec![para(&long)], vec![para("x")], vec![para("y")]],
        });
        blocks.push(Block::Table(Table {
            header: Some(vec![vec![Inline::plain("A")], vec![Inline::plain(&long)]]),
            rows: vec![vec![vec![Inline::plain(&long)], vec![Inline::plain("b")]]; 5],
        }));
        let laid = lay(&doc(blocks));
        let b = laid.body;
        for page in &laid.pages {
            for item in &page.items {
                if let Item::Text { x, y, run, .. } = item {
                    assert!(
                        *x >= b.x - EPS && x + run.width <= b.x + b.width + 0.05,
                        "{run:?}"
                    );
                    let furniture = *y > b.y + b.height || *y < b.y;
                    assert!(furniture || *y - run.size * 0.3 >= b.y - EPS);
                }
            }
        }
    }

    #[test]
    fn table_header_repeats_and_numbering_restarts() {
        let table = Table {
            header: Some(vec![
                vec![Inline::plain("Name")],
                vec![Inline::plain("Status")],
            ]),
            rows: (0..120)
                .map(|r| {
                    vec![
                        vec![Inline::plain(format!("Person {r}"))],
                        vec![Inline::plain("detained")],
                    ]
                })
                .collect(),
        };
        let list = |n: usize| Block::List {
            ordered: true,
            start: 1,
            items: (0..n).map(|k| vec![para(&format!("item {k}"))]).collect(),
        };
        let laid = lay(&doc(vec![list(3), Block::Table(table), list(2)]));
        assert!(laid.pages.len() >= 3);
        let mut row_pages = 0;
        for page in &laid.pages {
            let texts: Vec<String> = body_texts(page, &laid.body)
                .into_iter()
                .map(|t| t.2)
                .collect();
            if texts.iter().any(|t| t.starts_with("Person")) {
                row_pages += 1;
                assert!(texts.contains(&"Name".to_string()));
            }
        }
        assert_eq!(row_pages, laid.pages.len());
        let labels: Vec<String> = laid
            .pages
            .iter()
            .flat_map(|p| body_texts(p, &laid.body))
            .map(|t| t.2)
            .filter(|t| t.ends_with('.') && t.len() <= 3)
            .collect();
        assert_eq!(labels, ["1.", "2.", "3.", "1.", "2."]);
        let last = laid.pages.last().unwrap();
        let label = last.items.iter().any(|i| {
            matches!(i, Item::Text { run, .. } if run.text == format!("Page {n} of {n}", n = laid.pages.len()))
        });
        assert!(label);
    }

    #[test]
    fn a_row_taller_than_a_page_is_split() {
        let tall = "line\n".repeat(200);
        let laid = lay(&doc(vec![Block::Table(Table {
            header: Some(vec![vec![Inline::plain("H")]]),
            rows: vec![vec![vec![Inline::plain(tall)]]],
        })]));
        assert!(laid.pages.len() >= 3);
        let count: usize = laid
            .pages
            .iter()
            .flat_map(|p| body_texts(p, &laid.body))
            .filter(|t| t.2 == "line")
            .count();
        assert_eq!(count, 200);
    }

    #[test]
    fn page_breaks_and_empty_documents() {
        assert_eq!(lay(&Document::default()).pages.len(), 1);
        let laid = lay(&doc(vec![
            Block::PageBreak,
            para("a"),
            Block::PageBreak,
            Block::PageBreak,
            para("b"),
            Block::PageBreak,
        ]));
        assert_eq!(laid.pages.len(), 2);
    }

    /// Logos wrap onto further rows, each row within the measure, all at
    /// the style's common height; a logo wider than the measure at that
    /// height shrinks to the measure, keeping its aspect ratio.
    #[test]
    fn logos_wrap_into_rows_and_a_wide_one_shrinks_to_the_measure() {
        use crate::doc::{Cover, Image};
        use std::sync::Arc;
        let logo = |w: u32, h: u32, alt: &str| {
            let bytes = crate::doc::image::tests::png_rgba(w, h, 255);
            Image::decode(Arc::from(bytes), alt).unwrap()
        };
        let mut logos: Vec<Image> = (0..12).map(|i| logo(150, 60, &format!("m{i}"))).collect();
        logos.push(logo(2000, 10, "wide"));
        let cover = Block::Cover(Cover {
            title: vec![crate::doc::Inline::plain("T")],
            subtitle: Vec::new(),
            lines: vec![vec![crate::doc::Inline::plain("line")]],
            logos,
        });
        let style = StyleSheet::default();
        let laid = paginate(&doc(vec![cover]), &style, Fonts::builtin());
        let body = laid.body;
        let images: Vec<(Rect, String)> = laid.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Image { rect, image, .. } => Some((*rect, image.alt.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(images.len(), 13);
        let c = &style.cover;
        // 150 × 60 px at 36 pt high is 90 pt wide: four fit in the measure
        // (4 × 90 + 3 × 14 = 402 pt ≤ 470.6 pt), a fifth would not (506 pt).
        let mut rows: Vec<f32> = images[..12].iter().map(|(r, _)| r.y).collect();
        rows.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        assert_eq!(rows.len(), 3, "{images:?}");
        for (r, alt) in &images[..12] {
            assert!((r.height - c.logo_height).abs() < 0.01, "{alt}");
            assert!((r.width - 90.0).abs() < 0.01, "{alt}");
            assert!(
                r.x >= body.x - 0.01 && r.x + r.width <= body.x + body.width + 0.01,
                "{alt}"
            );
        }
        // The wide one: the measure's width, its aspect ratio kept, on a row
        // of its own below the others.
        let (wide, _) = images[12];
        assert!((wide.width - body.width).abs() < 0.01, "{wide:?}");
        assert!((wide.width / wide.height - 200.0).abs() < 0.5, "{wide:?}");
        assert!(wide.y < rows[2], "{wide:?}");
    }

    #[test]
    fn furniture_is_fitted_and_drawable() {
        let mut d = doc(vec![para("x")]);
        d.furniture.header = format!("Header 😀 {}", "and on ".repeat(100));
        let laid = lay(&d);
        let header = laid.pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Text { run, .. } if run.text.starts_with("Header") => Some(run.clone()),
                _ => None,
            })
            .unwrap();
        assert!(header.text.contains('\u{FFFD}') && header.text.ends_with('…'));
        assert!(header.width <= laid.body.width);
    }
}
