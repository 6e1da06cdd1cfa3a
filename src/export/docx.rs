//! The DOCX writer.
//!
//! The document tree is built with docx-rs, then a few parts are corrected
//! before packing, because docx-rs 0.4 cannot express them or does not write
//! them deterministically:
//!
//! * `docProps/core.xml` is replaced: docx-rs has no setter for title, creator,
//!   subject or language.
//! * `word/document.xml` gets `<w:tblHeader/>` on each table's header row
//!   (docx-rs has no API for a repeating header row).
//! * `word/styles.xml` is written here (see `styles_xml`): docx-rs always
//!   adds an empty `Normal` without `w:default="1"`, has no `w:lang`, and
//!   writes style properties out of schema order.
//! * The empty `<w:rPr />` that docx-rs puts first in every `w:pPr` is dropped
//!   (the schema wants `w:pStyle` first).
//! * `w:gridCol` loses its non-schema `w:type`, and `w:sectPr` lists its
//!   header and footer references first.
//! * `word/_rels/document.xml.rels` is rewritten: docx-rs emits hyperlink
//!   relationships in `HashMap` order. Hyperlink ids are assigned here in
//!   document order (`rIdLink1`, `rIdLink2`, ...) and all relationships are
//!   sorted by id.
//! * The ZIP is packed here: fixed entry order, fixed timestamps, Deflate
//!   (docx-rs stores every entry uncompressed).
//!
//! docx-rs always writes its own `abstractNum`/`num` with id 1; our numbering
//! ids start at 10.
//!
//! Fonts cannot be embedded with docx-rs. The body font is [`BODY_FONT`]
//! (Arial): it is installed on every Windows and macOS machine and covers the
//! Vietnamese letters of Latin Extended Additional (U+1EA0–U+1EFF), and
//! LibreOffice substitutes the metric-compatible Liberation Sans for it.

use std::io::{Cursor, Write};

use docx_rs::{
    AbstractNumbering, BorderType, BreakType, Docx, Footer, Header, Hyperlink, HyperlinkData,
    HyperlinkType, IndentLevel, Level, LevelJc, LevelOverride, LevelText, NumPages, NumberFormat,
    Numbering, NumberingId, PageMargin, PageNum, Paragraph, Run, Shading, ShdType,
    SpecialIndentType, Start, Table as DocxTable, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableLayoutType, TableRow, WidthType,
};
use zip::write::SimpleFileOptions;

use super::{ExportError, PageSize};
use crate::doc::{Block, Cover, Document, Inline, Table};

/// The font named for every script slot (ascii, hAnsi, eastAsia, cs).
pub const BODY_FONT: &str = "Arial";

/// Options beyond the document itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocxOptions {
    /// Written as `dcterms:created` and `dcterms:modified`. `None` writes
    /// 1970-01-01T00:00:00Z, so that the output depends on nothing but the input.
    pub timestamp: Option<chrono::DateTime<chrono::Utc>>,
}

/// Writes `doc` as a DOCX file on `page` paper and returns its bytes.
///
/// The output depends only on the arguments: two calls give identical bytes.
pub fn docx(doc: &Document, page: PageSize) -> Result<Vec<u8>, ExportError> {
    docx_with_options(doc, page, &DocxOptions::default())
}

/// [`docx`] with a fixed creation timestamp or other [`DocxOptions`].
pub fn docx_with_options(
    doc: &Document,
    page: PageSize,
    options: &DocxOptions,
) -> Result<Vec<u8>, ExportError> {
    let geometry = Geometry::of(page);
    let mut writer = Writer::new(geometry.text_width());
    for (index, block) in doc.blocks.iter().enumerate() {
        // A page break at the very end would only add an empty page.
        let trailing_break = matches!(block, Block::PageBreak)
            && doc.blocks[index + 1..]
                .iter()
                .all(|b| matches!(b, Block::PageBreak));
        if !trailing_break {
            writer.block(block, None);
        }
    }

    let mut d = Docx::new()
        .page_size(geometry.width, geometry.height)
        .page_margin(
            PageMargin::new()
                .top(geometry.margin_top)
                .bottom(geometry.margin_top)
                .left(geometry.margin_side)
                .right(geometry.margin_side)
                .header(geometry.header_distance)
                .footer(geometry.header_distance)
                .gutter(0),
        );
    d = d
        .add_abstract_numbering(bullet_abstract())
        .add_abstract_numbering(ordered_abstract())
        .add_numbering(Numbering::new(BULLET_NUM, BULLET_ABSTRACT));
    for numbering in std::mem::take(&mut writer.numberings) {
        d = d.add_numbering(numbering);
    }

    let header = clean(&doc.furniture.header);
    if !header.trim().is_empty() {
        let p = writer
            .paragraph()
            .style("Header")
            .add_run(text_run(&header, false, false));
        d = d.header(Header::new().add_paragraph(p));
    }
    let footer_line = clean(&doc.furniture.footer);
    let label = clean(&doc.furniture.page_label);
    if !footer_line.trim().is_empty() || !label.trim().is_empty() {
        let mut footer = Footer::new();
        if !label.trim().is_empty() {
            footer = footer.add_paragraph(page_label(writer.paragraph().style("Footer"), &label));
        }
        if !footer_line.trim().is_empty() {
            footer =
                footer.add_paragraph(writer.paragraph().style("FooterNote").add_run(text_run(
                    &footer_line,
                    false,
                    false,
                )));
        }
        d = d.footer(footer);
    }

    let links = std::mem::take(&mut writer.links);
    let tables = std::mem::take(&mut writer.tables_with_header);
    for item in writer.items {
        d = match item {
            Item::Paragraph(p) => d.add_paragraph(*p),
            Item::Table(t) => d.add_table(*t),
        };
    }

    let mut x = d.build();
    x.document = mark_header_rows(&x.document, &tables)?;
    x.document = schema_order(&x.document)?;
    x.styles = styles_xml(&word_language(&doc.meta.language)).into_bytes();
    x.settings = SETTINGS_XML.as_bytes().to_vec();
    for part in [&mut x.document, &mut x.numberings]
        .into_iter()
        .chain(x.headers.iter_mut())
        .chain(x.footers.iter_mut())
    {
        *part = drop_empty_rpr(part)?;
    }
    x.document_rels = rewrite_document_rels(&x.document_rels, &links)?;
    x.doc_props.core = core_xml(doc, options).into_bytes();
    pack(x)
}

// ---------------------------------------------------------------------------
// Page geometry, in twips (1/20 pt).

struct Geometry {
    width: u32,
    height: u32,
    margin_top: i32,
    margin_side: i32,
    header_distance: i32,
}

impl Geometry {
    fn of(page: PageSize) -> Self {
        match page {
            // 2.5 cm top and bottom, 2.2 cm at the sides.
            PageSize::A4 => Geometry {
                width: 11906,
                height: 16838,
                margin_top: 1418,
                margin_side: 1247,
                header_distance: 709,
            },
            // One inch all round.
            PageSize::Letter => Geometry {
                width: 12240,
                height: 15840,
                margin_top: 1440,
                margin_side: 1440,
                header_distance: 720,
            },
        }
    }

    fn text_width(&self) -> usize {
        (self.width as i32 - 2 * self.margin_side).max(1440) as usize
    }
}

// ---------------------------------------------------------------------------
// Styles.
//
// styles.xml is written here rather than with docx-rs: docx-rs always adds
// an empty Normal without `w:default="1"`, has no `w:lang`, and writes the
// children of `w:style`, `w:pPr` and `w:rPr` out of schema order. Ours has
// one Normal (the default), body formatting in docDefaults, and schema order.

const ACCENT: &str = "1F3864";
const GREY: &str = "595959";
const LINK: &str = "0563C1";
const HEADER_FILL: &str = "D9E2F3";
const BORDER: &str = "8C8C8C";

/// One style, with its `w:pPr` and `w:rPr` children already in schema order.
struct StyleDef {
    kind: &'static str,
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    next: Option<&'static str>,
    priority: Option<u32>,
    ppr: String,
    rpr: String,
}

fn paragraph(id: &'static str, name: &'static str, priority: Option<u32>) -> StyleDef {
    StyleDef {
        kind: "paragraph",
        id,
        name,
        based_on: Some("Normal"),
        next: Some("Normal"),
        priority,
        ppr: String::new(),
        rpr: String::new(),
    }
}

/// `w:rPr` children in schema order: b, i, color, sz, u.
fn rpr(bold: bool, italic: bool, color: Option<&str>, half_points: Option<u32>) -> String {
    let mut x = String::new();
    if bold {
        x.push_str("<w:b/><w:bCs/>");
    }
    if italic {
        x.push_str("<w:i/><w:iCs/>");
    }
    if let Some(c) = color {
        x.push_str(&format!("<w:color w:val=\"{c}\"/>"));
    }
    if let Some(s) = half_points {
        x.push_str(&format!("<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>"));
    }
    x
}

fn space(before: u32, after: u32) -> String {
    format!("<w:spacing w:before=\"{before}\" w:after=\"{after}\"/>")
}

fn heading(level: u32, id: &'static str, name: &'static str, size: u32, before: u32) -> StyleDef {
    StyleDef {
        ppr: format!(
            "<w:keepNext/><w:keepLines/>{}<w:outlineLvl w:val=\"{}\"/>",
            space(before, 120),
            level - 1
        ),
        // Upright, as the PDF sets it: the two formats should look alike.
        rpr: rpr(true, false, Some(ACCENT), Some(size)),
        ..paragraph(id, name, Some(9))
    }
}

fn style_defs() -> Vec<StyleDef> {
    vec![
        StyleDef {
            based_on: None,
            next: None,
            ..paragraph("Normal", "Normal", Some(0))
        },
        StyleDef {
            kind: "character",
            based_on: None,
            next: None,
            ..paragraph("DefaultParagraphFont", "Default Paragraph Font", Some(1))
        },
        StyleDef {
            ppr: format!("<w:keepNext/>{}", space(0, 240)),
            rpr: rpr(true, false, Some(ACCENT), Some(52)),
            ..paragraph("Title", "Title", Some(10))
        },
        StyleDef {
            ppr: format!("<w:keepNext/>{}", space(0, 360)),
            rpr: rpr(false, false, Some(GREY), Some(30)),
            ..paragraph("Subtitle", "Subtitle", Some(11))
        },
        heading(1, "Heading1", "heading 1", 32, 360),
        heading(2, "Heading2", "heading 2", 26, 280),
        heading(3, "Heading3", "heading 3", 23, 200),
        StyleDef {
            ppr: space(0, 60),
            ..paragraph("ListParagraph", "List Paragraph", Some(34))
        },
        StyleDef {
            ppr: "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>"
                .into(),
            rpr: rpr(false, false, None, Some(19)),
            ..paragraph("TableText", "Table Text", None)
        },
        StyleDef {
            ppr: space(0, 80),
            rpr: rpr(false, false, None, Some(24)),
            ..paragraph("CoverLine", "Cover Line", None)
        },
        StyleDef {
            ppr: space(0, 0),
            rpr: rpr(false, false, Some(GREY), Some(17)),
            ..paragraph("Header", "header", Some(99))
        },
        StyleDef {
            ppr: format!("{}<w:jc w:val=\"center\"/>", space(0, 0)),
            rpr: rpr(false, false, Some(GREY), Some(17)),
            ..paragraph("Footer", "footer", Some(99))
        },
        StyleDef {
            based_on: Some("Footer"),
            next: Some("FooterNote"),
            ppr: format!("{}<w:jc w:val=\"center\"/>", space(40, 0)),
            rpr: rpr(false, false, Some(GREY), Some(15)),
            ..paragraph("FooterNote", "Footer Note", None)
        },
        StyleDef {
            kind: "character",
            based_on: Some("DefaultParagraphFont"),
            next: None,
            rpr: format!("<w:color w:val=\"{LINK}\"/><w:u w:val=\"single\"/>"),
            ..paragraph("Hyperlink", "Hyperlink", Some(99))
        },
    ]
}

/// settings.xml, in schema order (docx-rs puts `w:defaultTabStop` before
/// `w:zoom` and adds East Asian layout compatibility options).
const SETTINGS_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>\
<w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" \
w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
</w:settings>";

/// The whole styles part. `lang` is a checked language tag or empty.
fn styles_xml(lang: &str) -> String {
    let f = BODY_FONT;
    let lang = if lang.is_empty() {
        String::new()
    } else {
        format!("<w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"{lang}\"/>")
    };
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:eastAsia=\"{f}\" w:cs=\"{f}\"/>\
         <w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>{lang}</w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr>\
         <w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/>\
         </w:pPr></w:pPrDefault></w:docDefaults>"
    );
    for s in style_defs() {
        let default = if matches!(s.id, "Normal" | "DefaultParagraphFont") {
            " w:default=\"1\""
        } else {
            ""
        };
        x.push_str(&format!(
            "<w:style w:type=\"{}\"{default} w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            s.kind, s.id, s.name
        ));
        if let Some(b) = s.based_on {
            x.push_str(&format!("<w:basedOn w:val=\"{b}\"/>"));
        }
        if let Some(n) = s.next {
            x.push_str(&format!("<w:next w:val=\"{n}\"/>"));
        }
        if let Some(p) = s.priority {
            x.push_str(&format!("<w:uiPriority w:val=\"{p}\"/>"));
        }
        if s.id == "DefaultParagraphFont" {
            x.push_str("<w:semiHidden/><w:unhideWhenUsed/>");
        } else if s.id == "Hyperlink" {
            x.push_str("<w:unhideWhenUsed/>");
        } else {
            x.push_str("<w:qFormat/>");
        }
        if !s.ppr.is_empty() {
            x.push_str(&format!("<w:pPr>{}</w:pPr>", s.ppr));
        }
        if !s.rpr.is_empty() {
            x.push_str(&format!("<w:rPr>{}</w:rPr>", s.rpr));
        }
        x.push_str("</w:style>");
    }
    x.push_str("</w:styles>");
    x
}

// ---------------------------------------------------------------------------
// Numbering. docx-rs writes abstractNum 1 and num 1 itself; ours start at 10.

const BULLET_ABSTRACT: usize = 10;
const ORDERED_ABSTRACT: usize = 11;
const BULLET_NUM: usize = 10;
const FIRST_ORDERED_NUM: usize = 11;
/// Word allows list levels 0 to 8.
const MAX_LEVEL: usize = 8;

/// Left indent of a list level: each level's number sits where the text of
/// the level above starts.
fn list_indent(level: usize) -> i32 {
    720 + 360 * level as i32
}

fn bullet_abstract() -> AbstractNumbering {
    let mut a = AbstractNumbering::new(BULLET_ABSTRACT);
    for level in 0..=MAX_LEVEL {
        let glyph = ["\u{2022}", "\u{25E6}", "\u{25AA}"][level % 3];
        a = a.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new(glyph),
                LevelJc::new("left"),
            )
            .indent(
                Some(list_indent(level)),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
    }
    a
}

fn ordered_abstract() -> AbstractNumbering {
    let mut a = AbstractNumbering::new(ORDERED_ABSTRACT);
    for level in 0..=MAX_LEVEL {
        let format = ["decimal", "lowerLetter", "lowerRoman"][level % 3];
        a = a.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(format!("%{}.", level + 1)),
                LevelJc::new("left"),
            )
            .indent(
                Some(list_indent(level)),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
    }
    a
}

// ---------------------------------------------------------------------------
// The document body.

enum Item {
    Paragraph(Box<Paragraph>),
    Table(Box<DocxTable>),
}

/// Where a list item sits: its numbering instance and level.
#[derive(Clone, Copy)]
struct ListContext {
    num: usize,
    level: usize,
}

struct Writer {
    text_width: usize,
    items: Vec<Item>,
    /// Ordered-list instances, one per list, each with a start override.
    numberings: Vec<Numbering>,
    next_num: usize,
    /// Hyperlink targets in document order; `rIdLink{n}` is `links[n - 1]`.
    links: Vec<String>,
    /// For each table in document order, whether its first row is a header.
    tables_with_header: Vec<bool>,
    next_para_id: u32,
    /// A page break waiting for the next block, which then starts a page
    /// (`w:pageBreakBefore`) rather than following an empty break paragraph.
    pending_break: bool,
}

impl Writer {
    fn new(text_width: usize) -> Self {
        Writer {
            text_width,
            items: Vec::new(),
            numberings: Vec::new(),
            next_num: FIRST_ORDERED_NUM,
            links: Vec::new(),
            tables_with_header: Vec::new(),
            next_para_id: 1,
            pending_break: false,
        }
    }

    /// A new paragraph with a paragraph id that depends only on its position,
    /// not on docx-rs's thread-local counter.
    fn paragraph(&mut self) -> Paragraph {
        let id = format!("{:08X}", self.next_para_id & 0x7FFF_FFFF);
        self.next_para_id = self.next_para_id.wrapping_add(1);
        Paragraph::new().id(id)
    }

    fn push_paragraph(&mut self, mut p: Paragraph) {
        if std::mem::take(&mut self.pending_break) {
            p = p.page_break_before(true);
        }
        self.items.push(Item::Paragraph(Box::new(p)));
    }

    /// A table cannot start a page by itself: a pending break gets its own
    /// paragraph.
    fn flush_break(&mut self) {
        if std::mem::take(&mut self.pending_break) {
            let p = self
                .paragraph()
                .add_run(Run::new().add_break(BreakType::Page));
            self.items.push(Item::Paragraph(Box::new(p)));
        }
    }

    /// Writes one block. `list` is set for blocks inside a list item after the
    /// item's first paragraph: they are indented to the item's text.
    fn block(&mut self, block: &Block, list: Option<ListContext>) {
        match block {
            Block::Heading { level, content } => {
                let level = (*level).clamp(1, 3);
                let p = self.paragraph().style(&format!("Heading{level}"));
                let p = self.inlines(p, content);
                self.push_paragraph(p);
            }
            Block::Paragraph(content) => {
                let mut p = self.paragraph();
                if let Some(ctx) = list {
                    p = p.style("ListParagraph").indent(
                        Some(list_indent(ctx.level)),
                        None,
                        None,
                        None,
                    );
                }
                let p = self.inlines(p, content);
                self.push_paragraph(p);
            }
            Block::List {
                ordered,
                start,
                items,
            } => self.list(*ordered, *start, items, list),
            Block::Table(table) => self.table(table),
            Block::PageBreak => {
                // Two breaks in a row: the first one makes an empty page.
                self.flush_break();
                self.pending_break = true;
            }
            Block::Cover(cover) => self.cover(cover),
        }
    }

    fn list(
        &mut self,
        ordered: bool,
        start: u32,
        items: &[Vec<Block>],
        parent: Option<ListContext>,
    ) {
        let level = parent.map_or(0, |p| (p.level + 1).min(MAX_LEVEL));
        let num = if ordered {
            let id = self.next_num;
            self.next_num += 1;
            let mut numbering = Numbering::new(id, ORDERED_ABSTRACT);
            // Override every level so that the list restarts wherever it sits.
            for l in 0..=MAX_LEVEL {
                // Word's own limit for a list start is 32767.
                let first = if l == level {
                    start.min(32767) as usize
                } else {
                    1
                };
                numbering = numbering.add_override(LevelOverride::new(l).start(first));
            }
            self.numberings.push(numbering);
            id
        } else {
            BULLET_NUM
        };
        let ctx = ListContext { num, level };
        for item in items {
            let mut rest = item.as_slice();
            let mut p = self
                .paragraph()
                .style("ListParagraph")
                .numbering(NumberingId::new(ctx.num), IndentLevel::new(ctx.level));
            if let Some((Block::Paragraph(content), tail)) = rest.split_first() {
                p = self.inlines(p, content);
                rest = tail;
            }
            self.push_paragraph(p);
            for block in rest {
                self.block(block, Some(ctx));
            }
        }
    }

    fn cover(&mut self, cover: &Cover) {
        let title = clean(&cover.title);
        let p = self
            .paragraph()
            .style("Title")
            .add_run(text_run(&title, false, false));
        self.push_paragraph(p);
        let subtitle = clean(&cover.subtitle);
        if !subtitle.is_empty() {
            let p = self
                .paragraph()
                .style("Subtitle")
                .add_run(text_run(&subtitle, false, false));
            self.push_paragraph(p);
        }
        for line in &cover.lines {
            let p =
                self.paragraph()
                    .style("CoverLine")
                    .add_run(text_run(&clean(line), false, false));
            self.push_paragraph(p);
        }
    }

    fn table(&mut self, table: &Table) {
        let columns = table.columns();
        if columns == 0 {
            return;
        }
        let widths = column_widths(table, columns, self.text_width);
        let has_header = !table.header.is_empty();
        let mut rows = Vec::with_capacity(table.rows.len() + 1);
        if has_header {
            rows.push(self.row(&table.header, &widths, true));
        }
        for row in &table.rows {
            rows.push(self.row(row, &widths, false));
        }
        if rows.is_empty() {
            return;
        }
        let border = |pos| {
            TableBorder::new(pos)
                .border_type(BorderType::Single)
                .size(4)
                .color(BORDER)
        };
        let borders = TableBorders::new()
            .set(border(TableBorderPosition::Top))
            .set(border(TableBorderPosition::Left))
            .set(border(TableBorderPosition::Bottom))
            .set(border(TableBorderPosition::Right))
            .set(border(TableBorderPosition::InsideH))
            .set(border(TableBorderPosition::InsideV));
        let t = DocxTable::new(rows)
            .set_grid(widths)
            .width(self.text_width, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(borders);
        self.flush_break();
        self.tables_with_header.push(has_header);
        self.items.push(Item::Table(Box::new(t)));
        // Two tables in a row would merge into one; a paragraph also gives
        // the table some room below.
        let p = self.paragraph();
        self.push_paragraph(p);
    }

    fn row(&mut self, cells: &[Vec<Inline>], widths: &[usize], header: bool) -> TableRow {
        let empty = Vec::new();
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, width)| {
                let content = cells.get(i).unwrap_or(&empty);
                let p = self.paragraph().style("TableText");
                let p = if header {
                    let bold: Vec<Inline> = content
                        .iter()
                        .map(|s| Inline {
                            bold: true,
                            ..s.clone()
                        })
                        .collect();
                    self.inlines(p, &bold)
                } else {
                    self.inlines(p, content)
                };
                let mut cell = TableCell::new()
                    .width(*width, WidthType::Dxa)
                    .add_paragraph(p);
                if header {
                    cell = cell.shading(
                        Shading::new()
                            .shd_type(ShdType::Clear)
                            .color("auto")
                            .fill(HEADER_FILL),
                    );
                }
                cell
            })
            .collect();
        TableRow::new(cells).cant_split()
    }

    /// Adds styled runs to `p`. Consecutive spans with the same link target
    /// become one hyperlink.
    fn inlines(&mut self, mut p: Paragraph, content: &[Inline]) -> Paragraph {
        let mut i = 0;
        while i < content.len() {
            let span = &content[i];
            let target = span.link.as_deref().map(uri).filter(|u| !u.is_empty());
            match target {
                None => {
                    p = p.add_run(text_run(&clean(&span.text), span.bold, span.italic));
                    i += 1;
                }
                Some(target) => {
                    let mut j = i;
                    let mut runs = Vec::new();
                    while j < content.len()
                        && content[j].link.as_deref().map(uri).as_deref() == Some(&target)
                    {
                        let s = &content[j];
                        runs.push(text_run(&clean(&s.text), s.bold, s.italic).style("Hyperlink"));
                        j += 1;
                    }
                    self.links.push(target.clone());
                    let mut link = Hyperlink::new(target.as_str(), HyperlinkType::External);
                    // Replace docx-rs's id from its process-wide counter.
                    link.link = HyperlinkData::External {
                        rid: format!("rIdLink{}", self.links.len()),
                        path: target,
                    };
                    for run in runs {
                        link = link.add_run(run);
                    }
                    p = p.add_hyperlink(link);
                    i = j;
                }
            }
        }
        p
    }
}

/// One run; tabs become `w:tab` and line breaks `w:br`. `text` is already clean.
fn text_run(text: &str, bold: bool, italic: bool) -> Run {
    let mut run = Run::new();
    if bold {
        run = run.bold();
    }
    if italic {
        run = run.italic();
    }
    let mut piece = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' | '\r' => {
                if !piece.is_empty() {
                    run = run.add_text(std::mem::take(&mut piece));
                }
                if c == '\t' {
                    run = run.add_tab();
                } else {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    run = run.add_break(BreakType::TextWrapping);
                }
            }
            _ => piece.push(c),
        }
    }
    if !piece.is_empty() {
        run = run.add_text(piece);
    }
    run
}

/// The page label with `{page}` and `{pages}` as PAGE and NUMPAGES fields.
fn page_label(mut p: Paragraph, label: &str) -> Paragraph {
    for part in split_page_label(label) {
        p = match part {
            LabelPart::Text(t) => p.add_run(text_run(t, false, false)),
            LabelPart::Page => p.add_page_num(PageNum::new()),
            LabelPart::Pages => p.add_num_pages(NumPages::new()),
        };
    }
    p
}

#[derive(Debug, PartialEq, Eq)]
enum LabelPart<'a> {
    Text(&'a str),
    Page,
    Pages,
}

fn split_page_label(label: &str) -> Vec<LabelPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = label;
    while !rest.is_empty() {
        let page = rest.find("{page}");
        let pages = rest.find("{pages}");
        let (at, len, part) = match (page, pages) {
            (Some(a), Some(b)) if b < a => (b, 7, LabelPart::Pages),
            (Some(a), _) => (a, 6, LabelPart::Page),
            (None, Some(b)) => (b, 7, LabelPart::Pages),
            (None, None) => {
                parts.push(LabelPart::Text(rest));
                break;
            }
        };
        if at > 0 {
            parts.push(LabelPart::Text(&rest[..at]));
        }
        parts.push(part);
        rest = &rest[at + len..];
    }
    parts
}

/// Column widths in twips that add up to `total`: proportional to the square
/// root of the longest cell text, so that no column starves.
fn column_widths(table: &Table, columns: usize, total: usize) -> Vec<usize> {
    let length = |cell: &Vec<Inline>| cell.iter().map(|s| s.text.chars().count()).sum::<usize>();
    let weights: Vec<f64> = (0..columns)
        .map(|c| {
            let longest = std::iter::once(&table.header)
                .chain(table.rows.iter())
                .filter_map(|row| row.get(c))
                .map(length)
                .max()
                .unwrap_or(0);
            (longest.clamp(4, 80) as f64).sqrt()
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut widths: Vec<usize> = weights
        .iter()
        .map(|w| ((w / sum) * total as f64).floor().max(1.0) as usize)
        .collect();
    // Hand the rounding remainder to the last column.
    let used: usize = widths.iter().sum();
    if let Some(last) = widths.last_mut()
        && used <= total
    {
        *last += total - used;
    }
    widths
}

// ---------------------------------------------------------------------------
// Text and attribute hygiene.

/// NFC text with every character XML 1.0 forbids removed, and C1 controls too.
fn clean(text: &str) -> String {
    crate::nfc::nfc(text)
        .chars()
        .filter(|&c| allowed_char(c))
        .collect()
}

fn allowed_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{7E}'
        | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// A hyperlink target as a URI: whitespace trimmed, forbidden characters
/// dropped, and everything outside RFC 3986's set percent-encoded (Word
/// reports a damaged file for some malformed targets).
fn uri(link: &str) -> String {
    let link = clean(link);
    let link = link.trim();
    let bytes = link.as_bytes();
    let mut out = String::with_capacity(link.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)
            || (b == b'%'
                && bytes.len() > i + 2
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit());
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A BCP 47 tag if `tag` looks like one, else the empty string.
fn language_tag(tag: &str) -> String {
    let tag = tag.trim();
    let valid = !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if valid {
        tag.to_string()
    } else {
        String::new()
    }
}

/// The language for `w:lang`: Word wants language and region.
fn word_language(tag: &str) -> String {
    let tag = language_tag(tag);
    match tag.to_ascii_lowercase().as_str() {
        "en" => "en-GB".into(),
        "fr" => "fr-FR".into(),
        "es" => "es-ES".into(),
        "vi" => "vi-VN".into(),
        "pt" => "pt-PT".into(),
        "de" => "de-DE".into(),
        "ru" => "ru-RU".into(),
        "zh" => "zh-CN".into(),
        "ar" => "ar-SA".into(),
        _ => tag,
    }
}

// ---------------------------------------------------------------------------
// Corrections to the parts docx-rs wrote.

fn internal(message: impl Into<String>) -> ExportError {
    ExportError {
        format: "DOCX",
        message: message.into(),
    }
}

fn utf8(part: &[u8], name: &str) -> Result<String, ExportError> {
    String::from_utf8(part.to_vec()).map_err(|_| internal(format!("{name} is not UTF-8")))
}

/// Adds `<w:tblHeader/>` to the first row of each table that has a header.
fn mark_header_rows(document: &[u8], tables: &[bool]) -> Result<Vec<u8>, ExportError> {
    let xml = utf8(document, "document.xml")?;
    let mut out = String::with_capacity(xml.len() + tables.len() * 16);
    let mut rest = xml.as_str();
    let mut count = 0;
    while let Some(at) = rest.find("<w:tbl>") {
        let has_header = *tables
            .get(count)
            .ok_or_else(|| internal("more tables written than built"))?;
        count += 1;
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        if has_header {
            let tr = after
                .find("<w:trPr>")
                .ok_or_else(|| internal("table row without properties"))?;
            let end = tr + "<w:trPr>".len();
            out.push_str(&after[..end]);
            out.push_str("<w:tblHeader />");
            rest = &after[end..];
        } else {
            out.push_str("<w:tbl>");
            rest = &after["<w:tbl>".len()..];
        }
    }
    out.push_str(rest);
    if count != tables.len() {
        return Err(internal("fewer tables written than built"));
    }
    Ok(out.into_bytes())
}

/// Two repairs towards the schema, where docx-rs departs from it in ways a
/// strict reader could object to: `w:gridCol` carries no `w:type`, and in
/// `w:sectPr` the header and footer references come first.
fn schema_order(document: &[u8]) -> Result<Vec<u8>, ExportError> {
    let source = utf8(document, "document.xml")?;
    let mut xml = String::with_capacity(source.len());
    let mut rest = source.as_str();
    while let Some(at) = rest.find("<w:gridCol ") {
        let end = rest[at..]
            .find('>')
            .map(|e| at + e + 1)
            .ok_or_else(|| internal("gridCol is not closed"))?;
        xml.push_str(&rest[..at]);
        xml.push_str(&rest[at..end].replace(" w:type=\"dxa\"", ""));
        rest = &rest[end..];
    }
    xml.push_str(rest);
    let Some(open) = xml.rfind("<w:sectPr>") else {
        return Ok(xml.into_bytes());
    };
    let body = open + "<w:sectPr>".len();
    let close = xml[body..]
        .find("</w:sectPr>")
        .map(|at| body + at)
        .ok_or_else(|| internal("sectPr is not closed"))?;
    let mut references = String::new();
    let mut others = String::new();
    let mut rest = &xml[body..close];
    while let Some(at) = rest.find('<') {
        let end = rest[at..]
            .find("/>")
            .map(|e| at + e + 2)
            .ok_or_else(|| internal("unexpected element in sectPr"))?;
        let element = &rest[at..end];
        if element.starts_with("<w:headerReference ") || element.starts_with("<w:footerReference ")
        {
            references.push_str(element);
        } else {
            others.push_str(element);
        }
        rest = &rest[end..];
    }
    Ok(format!("{}{references}{others}{}", &xml[..body], &xml[close..]).into_bytes())
}

/// Drops the empty `<w:rPr />` docx-rs puts first in every `w:pPr` (the
/// schema wants it last) and in every run; empty, it says nothing.
fn drop_empty_rpr(part: &[u8]) -> Result<Vec<u8>, ExportError> {
    let xml = utf8(part, "a WordprocessingML part")?;
    Ok(xml
        .replace("<w:pPr><w:rPr />", "<w:pPr>")
        .replace("<w:r><w:rPr />", "<w:r>")
        .into_bytes())
}

const HYPERLINK_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

/// Replaces docx-rs's hyperlink relationships (in `HashMap` order) with ours
/// in document order and sorts all relationships by id.
fn rewrite_document_rels(rels: &[u8], links: &[String]) -> Result<Vec<u8>, ExportError> {
    let xml = utf8(rels, "document.xml.rels")?;
    let open = xml
        .find("<Relationship ")
        .or_else(|| xml.find("</Relationships>"))
        .ok_or_else(|| internal("document.xml.rels has no Relationships element"))?;
    let close = xml
        .rfind("</Relationships>")
        .ok_or_else(|| internal("document.xml.rels is not closed"))?;
    let mut entries: Vec<(String, String)> = Vec::new();
    for element in xml[open..close].split("<Relationship ").skip(1) {
        let element = format!("<Relationship {}", element.trim_end());
        if element.contains(HYPERLINK_TYPE) {
            continue;
        }
        entries.push((attribute(&element, "Id").unwrap_or_default(), element));
    }
    for (i, target) in links.iter().enumerate() {
        let id = format!("rIdLink{}", i + 1);
        let element = format!(
            "<Relationship Id=\"{id}\" Type=\"{HYPERLINK_TYPE}\" Target=\"{}\" TargetMode=\"External\" />",
            escape(target)
        );
        entries.push((id, element));
    }
    entries.sort_by(|a, b| natord::compare(&a.0, &b.0));
    let mut ids: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    ids.dedup();
    if ids.len() != entries.len() {
        return Err(internal("duplicate relationship id"));
    }
    let mut out = String::with_capacity(xml.len() + links.len() * 160);
    out.push_str(&xml[..open]);
    for (_, element) in &entries {
        out.push_str(element);
    }
    out.push_str(&xml[close..]);
    Ok(out.into_bytes())
}

fn attribute(element: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let len = element[start..].find('"')?;
    Some(element[start..start + len].to_string())
}

/// Our own core.xml: docx-rs has no setter for title, creator or language.
fn core_xml(doc: &Document, options: &DocxOptions) -> String {
    let date = options
        .timestamp
        .filter(|t| (1970..=9999).contains(&chrono::Datelike::year(t)))
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let mut element = |name: &str, value: &str| {
        let value = escape(value);
        let value = value.trim();
        if !value.is_empty() {
            xml.push_str(&format!("<{name}>{value}</{name}>"));
        }
    };
    element("dc:title", &doc.meta.title);
    element("dc:subject", &doc.meta.subject);
    element("dc:creator", &doc.meta.author);
    element("cp:lastModifiedBy", &doc.meta.author);
    element("dc:language", &language_tag(&doc.meta.language));
    element("cp:revision", "1");
    xml.push_str(&format!(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>\
         </cp:coreProperties>"
    ));
    xml
}

// ---------------------------------------------------------------------------
// Packing.

/// Writes the parts in a fixed order, Deflate-compressed, with the fixed DOS
/// epoch as their date (even if `zip/time` gets enabled somewhere).
fn pack(x: docx_rs::XMLDocx) -> Result<Vec<u8>, ExportError> {
    let content_types = utf8(&x.content_type, "[Content_Types].xml")?;
    let declared = |part: &str| content_types.contains(&format!("\"/{part}\""));
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &x.content_type),
        ("_rels/.rels".into(), &x.rels),
        ("docProps/app.xml".into(), &x.doc_props.app),
        ("docProps/core.xml".into(), &x.doc_props.core),
        ("docProps/custom.xml".into(), &x.doc_props.custom),
        ("word/document.xml".into(), &x.document),
        ("word/_rels/document.xml.rels".into(), &x.document_rels),
        ("word/styles.xml".into(), &x.styles),
        ("word/numbering.xml".into(), &x.numberings),
        ("word/settings.xml".into(), &x.settings),
        ("word/fontTable.xml".into(), &x.font_table),
        ("word/comments.xml".into(), &x.comments),
        ("word/commentsExtended.xml".into(), &x.comments_extended),
        ("word/footnotes.xml".into(), &x.footnotes),
    ];
    for (i, header) in x.headers.iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), header));
        if let Some(rels) = x.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
        }
    }
    for (i, footer) in x.footers.iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), footer));
        if let Some(rels) = x.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
        }
    }
    // A part neither declared nor a relationship part is not referenced
    // (docx-rs writes an empty footnotes.xml even without footnotes).
    parts.retain(|(name, _)| {
        name == "[Content_Types].xml" || name.ends_with(".rels") || declared(name)
    });

    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let zip_error = |e: zip::result::ZipError| internal(format!("zip: {e}"));
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(zip_error)?;
        zip.write_all(bytes)
            .map_err(|e| internal(format!("zip: {e}")))?;
    }
    let cursor = zip.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_label_splits_into_fields() {
        use LabelPart::*;
        assert_eq!(
            split_page_label("Page {page} of {pages}"),
            vec![Text("Page "), Page, Text(" of "), Pages]
        );
        assert_eq!(
            split_page_label("Página {page} de {pages}"),
            vec![Text("Página "), Page, Text(" de "), Pages]
        );
        assert_eq!(
            split_page_label("{pages}/{page}"),
            vec![Pages, Text("/"), Page]
        );
        assert_eq!(split_page_label("{page"), vec![Text("{page")]);
        assert!(split_page_label("").is_empty());
    }

    #[test]
    fn clean_strips_what_xml_forbids_and_composes() {
        assert_eq!(clean("a\u{0}b\u{1}c\u{B}d\u{FFFE}e\u{85}f"), "abcdef");
        assert_eq!(clean("tab\tline\n"), "tab\tline\n");
        // "Nguyễn" decomposed becomes NFC.
        let decomposed = "Nguye\u{302}\u{303}n";
        assert_eq!(clean(decomposed), "Nguy\u{1EC5}n");
    }

    #[test]
    fn uri_encodes_what_is_not_uri() {
        assert_eq!(uri(" https://ex.org/a b "), "https://ex.org/a%20b");
        assert_eq!(uri("https://ex.org/%20ok"), "https://ex.org/%20ok");
        assert_eq!(uri("https://ex.org/100%"), "https://ex.org/100%25");
        assert_eq!(
            uri("https://vi.wikipedia.org/wiki/Đài"),
            "https://vi.wikipedia.org/wiki/%C4%90%C3%A0i"
        );
        assert_eq!(uri("https://x.org/\"<>"), "https://x.org/%22%3C%3E");
    }

    #[test]
    fn language_tags() {
        assert_eq!(word_language("fr"), "fr-FR");
        assert_eq!(word_language("en-US"), "en-US");
        assert_eq!(word_language("x\"y"), "");
        assert_eq!(language_tag(""), "");
    }

    #[test]
    fn rels_are_sorted_and_links_in_order() {
        let rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="t" Target="b.xml" /><Relationship Id="rIdLink2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="x" TargetMode="External" /><Relationship Id="rId10" Type="t" Target="c.xml" /><Relationship Id="rId1" Type="t" Target="a.xml" /></Relationships>"#;
        let out =
            rewrite_document_rels(rels, &["https://a".into(), "https://b?x=1&y=2".into()]).unwrap();
        let out = String::from_utf8(out).unwrap();
        let ids: Vec<String> = out
            .split("<Relationship ")
            .skip(1)
            .filter_map(|e| attribute(&format!(" {e}"), "Id"))
            .collect();
        assert_eq!(ids, ["rId1", "rId2", "rId10", "rIdLink1", "rIdLink2"]);
        assert!(out.contains("Target=\"https://b?x=1&amp;y=2\""));
        assert!(!out.contains("Target=\"x\""));
    }

    #[test]
    fn column_widths_fill_the_text_width() {
        let t = Table {
            header: vec![vec![Inline::plain("Name")], vec![Inline::plain("Detail")]],
            rows: vec![vec![
                vec![Inline::plain("Nguyễn Văn Đài")],
                vec![Inline::plain("x".repeat(3000))],
            ]],
        };
        let w = column_widths(&t, 3, 9000);
        assert_eq!(w.iter().sum::<usize>(), 9000);
        assert!(w[1] > w[0] && w[0] > w[2]);
        let many = column_widths(&t, 20000, 9000);
        assert!(many.iter().all(|&w| w >= 1));
    }

    #[test]
    fn header_rows_are_marked() {
        let xml = b"<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl>";
        let out = mark_header_rows(xml, &[true, false]).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 1);
        assert!(out.starts_with("<w:tbl><w:tr><w:trPr><w:tblHeader /><w:cantSplit />"));
        assert!(mark_header_rows(xml, &[true]).is_err());
    }
}
