//! Spacing and list indents, read back from both formats: the gap the PDF
//! leaves between two blocks against the DOCX's space after the first and
//! before the second (a word processor leaves the larger of the two, as the
//! PDF's layout does), and where a list item's marker and text start
//! against the DOCX's indents, level by level.

use roxmltree::{Document as Xml, Node};

use super::{W, attr, w};
use crate::common::PdfRun;

/// A length attribute in twips, as points.
fn points(node: Node, name: &str) -> Option<f32> {
    attr(node, name)
        .and_then(|v| v.parse::<f32>().ok())
        .map(|t| t / 20.0)
}

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children()
        .find(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(W))
}

/// The style `id` and the styles it is based on, nearest first.
fn style_chain<'a>(styles: &'a Xml<'a>, id: &str) -> Vec<Node<'a, 'a>> {
    let mut chain = Vec::new();
    let mut next = Some(id.to_string());
    while let Some(id) = next.take() {
        let Some(style) = styles.root_element().children().find(|s| {
            s.tag_name().name() == "style" && attr(*s, "styleId").as_deref() == Some(&id)
        }) else {
            break;
        };
        chain.push(style);
        next = child(style, "basedOn").and_then(|b| attr(b, "val"));
    }
    chain
}

/// One DOCX paragraph of the body, outside tables, as a reader sees it.
#[derive(Debug, Clone)]
pub struct Para {
    pub style: String,
    pub text: String,
    /// Space before and after, and the line height (least), in points.
    pub before: f32,
    pub after: f32,
    pub line: f32,
    pub size: f32,
    /// For a list item: its level, text indent and the marker's hanging
    /// indent, in points.
    pub list: Option<(u32, f32, f32)>,
    /// Whether a table stands between this paragraph and the one before.
    pub after_table: bool,
}

/// `name`'s attribute `key` on the nearest of `sources` that has it.
fn first_of(sources: &[Option<Node>], name: &str, keys: &[&str]) -> Option<f32> {
    sources.iter().flatten().find_map(|ppr| {
        let node = child(*ppr, name)?;
        keys.iter().find_map(|k| points(node, k))
    })
}

/// The numbering level `ilvl` of instance `num_id`: its `w:pPr`.
fn numbering_ppr<'a>(numbering: &'a Xml<'a>, num_id: &str, ilvl: &str) -> Option<Node<'a, 'a>> {
    let root = numbering.root_element();
    let num = root
        .children()
        .find(|n| n.tag_name().name() == "num" && attr(*n, "numId").as_deref() == Some(num_id))?;
    let abstract_id = attr(child(num, "abstractNumId")?, "val")?;
    let abs = root.children().find(|n| {
        n.tag_name().name() == "abstractNum"
            && attr(*n, "abstractNumId").as_deref() == Some(&abstract_id)
    })?;
    let lvl = abs
        .children()
        .find(|n| n.tag_name().name() == "lvl" && attr(*n, "ilvl").as_deref() == Some(ilvl))?;
    child(lvl, "pPr")
}

/// The body's paragraphs with the spacing, size and list indents Word
/// resolves for them: the paragraph's own properties, then its numbering
/// level's (indents), then its style's and the styles it is based on, then
/// the document defaults, attribute by attribute.
pub fn docx_paragraphs(document: &Xml, styles: &Xml, numbering: Option<&Xml>) -> Vec<Para> {
    let body = w(document.root_element(), "body").expect("a body");
    let defaults = w(styles.root_element(), "docDefaults");
    let default_ppr = defaults
        .and_then(|d| w(d, "pPrDefault"))
        .and_then(|d| w(d, "pPr"));
    let default_rpr = defaults
        .and_then(|d| w(d, "rPrDefault"))
        .and_then(|d| w(d, "rPr"));
    let mut out = Vec::new();
    let mut after_table = false;
    for block in body.children() {
        match block.tag_name().name() {
            "tbl" => after_table = true,
            "p" => {
                let ppr = child(block, "pPr");
                let style = ppr
                    .and_then(|p| child(p, "pStyle"))
                    .and_then(|s| attr(s, "val"))
                    .unwrap_or_else(|| "Normal".into());
                let chain = style_chain(styles, &style);
                let mut pprs: Vec<Option<Node>> = vec![ppr];
                pprs.extend(chain.iter().map(|s| child(*s, "pPr")));
                pprs.push(default_ppr);
                let mut rprs: Vec<Option<Node>> = chain.iter().map(|s| child(*s, "rPr")).collect();
                rprs.push(default_rpr);
                let list = ppr.and_then(|p| child(p, "numPr")).map(|num| {
                    let id = child(num, "numId").and_then(|n| attr(n, "val")).unwrap();
                    let lvl = child(num, "ilvl").and_then(|n| attr(n, "val")).unwrap();
                    let level_ppr = numbering.and_then(|n| numbering_ppr(n, &id, &lvl));
                    let mut sources = vec![ppr, level_ppr];
                    sources.extend(chain.iter().map(|s| child(*s, "pPr")));
                    let left = first_of(&sources, "ind", &["left", "start"]).unwrap_or(0.0);
                    let hanging = first_of(&sources, "ind", &["hanging"]).unwrap_or(0.0);
                    (lvl.parse().unwrap(), left, hanging)
                });
                let text: String = block
                    .descendants()
                    .filter(|n| n.tag_name().name() == "t")
                    .filter_map(|n| n.text())
                    .collect::<String>()
                    .replace(['\u{200D}', '\u{200E}', '\u{200F}'], "");
                out.push(Para {
                    style,
                    text,
                    before: first_of(&pprs, "spacing", &["before"]).unwrap_or(0.0),
                    after: first_of(&pprs, "spacing", &["after"]).unwrap_or(0.0),
                    line: first_of(&pprs, "spacing", &["line"]).unwrap_or(0.0),
                    size: first_of(&rprs, "sz", &["val"]).map_or(10.0, |half| half * 10.0),
                    list,
                    after_table: std::mem::take(&mut after_table),
                });
            }
            _ => {}
        }
    }
    out
}

/// The index of the PDF run that starts `para`'s first line, at or after
/// `from`: its text starts the paragraph's and it is set at its size.
fn find_run(runs: &[PdfRun], from: usize, para: &Para) -> Option<usize> {
    let text = para.text.trim_start();
    (from..runs.len()).find(|&i| {
        let r = &runs[i];
        r.text.trim().chars().count() >= 3
            && text.starts_with(r.text.trim_end())
            && (r.size - para.size).abs() < 0.01
    })
}

/// How the spacing between consecutive body paragraphs on one page, and
/// the indents of list items, differ between the PDF (`runs`, with the
/// page's left margin `left` and the regular face's ascender and
/// descender per point) and the DOCX (`paras`).
pub fn differences(paras: &[Para], runs: &[PdfRun], left: f32, face: (f32, f32)) -> Vec<String> {
    let (ascender, descender) = face;
    // Where a line of `size` sits in its box of `height`: from its
    // baseline up to the box's top, the glyph box centred in it.
    let above_baseline =
        |size: f32, height: f32| (height - (ascender - descender) * size) / 2.0 + ascender * size;
    let mut found = Vec::new();
    let mut cursor = 0;
    let mut previous: Option<(usize, &Para)> = None;
    let (mut gaps, mut indents) = (0, 0);
    for para in paras {
        let Some(at) = find_run(runs, cursor, para) else {
            previous = None;
            continue;
        };
        cursor = at + 1;
        let run = &runs[at];
        if let Some((level, indent, hanging)) = para.list {
            indents += 1;
            let text_at = run.x - left;
            // The marker: the nearest run left of the text on its baseline.
            let marker = runs
                .iter()
                .filter(|r| r.page == run.page && (r.y - run.y).abs() < 0.01 && r.x < run.x)
                .map(|r| r.x - left)
                .fold(f32::MIN, f32::max);
            if (text_at - indent).abs() > 0.05 || (marker - (indent - hanging)).abs() > 0.05 {
                found.push(format!(
                    "list level {level}: PDF text at {text_at:.2}, marker at {marker:.2}; \
                     DOCX indent {indent:.2}, hanging {hanging:.2} ({:?})",
                    para.text
                ));
            }
        }
        if let Some((prev_at, prev)) = previous.filter(|_| !para.after_table) {
            // The previous paragraph's last line: the lowest of its lines
            // above this one on this page.
            let last = runs[prev_at..at]
                .iter()
                .filter(|r| r.page == run.page && r.y > run.y + 0.01)
                .min_by(|a, b| a.y.total_cmp(&b.y));
            if let Some(last) = last {
                gaps += 1;
                let bottom = last.y + above_baseline(last.size, prev.line) - prev.line;
                let top = run.y + above_baseline(run.size, para.line);
                let gap = bottom - top;
                let docx = prev.after.max(para.before);
                if (gap - docx).abs() > 0.15 {
                    found.push(format!(
                        "space between {} and {}: PDF {gap:.2}, DOCX {docx:.2} \
                         (after {:.2}, before {:.2}; {:?})",
                        prev.style, para.style, prev.after, para.before, para.text
                    ));
                }
            }
        }
        previous = Some((at, para));
    }
    if gaps == 0 || (indents == 0 && paras.iter().any(|p| p.list.is_some())) {
        found.push(format!(
            "nothing compared: {gaps} gaps, {indents} list items"
        ));
    }
    found
}
