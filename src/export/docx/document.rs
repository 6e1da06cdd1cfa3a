//! The document body: blocks of the model become docx-rs paragraphs,
//! tables (`table`), lists (`list`) and runs and hyperlinks (`runs`),
//! styled by the Word styles of `styles.rs` and the numbering of
//! `numbering.rs`; also the header and footer.

use docx_rs::{
    BreakType, BuildXML, Docx, Footer, Header, LineSpacing, LineSpacingType, Numbering, PageMargin,
    Paragraph, Pic, Run,
};

use super::numbering::{self, BULLET_NUM, FIRST_ORDERED_NUM};
use super::text::{clean, word_language};
use super::twips;
use super::wordml::{Additions, NoteRun, RunExtensions, Xml, repair};
use crate::doc::ImageFormat;
use crate::doc::style::StyleSheet;
use crate::doc::{Block, Cover, Document, FooterLine, Image, LanguageTag, Notes, first_strong};
use crate::export::ExportError;
use crate::fonts::Fonts;

mod list;
mod redline;
mod relationships;
mod runs;
mod table;

pub(super) use redline::Revision;

use relationships::RelationshipIds;

/// The document: the parts docx-rs writes, the body's XML, and what the
/// package step adds to the parts docx-rs writes.
pub(super) struct Body {
    /// Page settings, numbering, header and footer, and the paragraphs
    /// with pictures, whose media docx-rs packages.
    pub docx: Docx,
    /// The body in order: repaired XML, and paragraphs with pictures,
    /// which are in `docx`.
    pub items: Vec<BodyPart>,
    /// Hyperlink targets in document order; `rIdLink{n}` is `links[n - 1]`.
    pub links: Vec<String>,
    /// The XML of the ordered lists' numbering instances (`w:num`), which
    /// the package step puts after the ones docx-rs writes.
    pub numbers: Vec<u8>,
    /// The alternative text of every picture, in document order: docx-rs
    /// gives its drawings none.
    pub picture_alts: Vec<String>,
    /// Each distinct picture's relationship id and format: docx-rs names
    /// every media file `.png`.
    pub media: Vec<(String, ImageFormat)>,
    /// The run properties docx-rs cannot write of the paragraphs it
    /// writes itself (header, footer, pictures).
    pub run_extensions: RunExtensions,
    /// The endnotes (`w:endnote` elements, repaired XML), in order; empty
    /// when the document has none, and then there is no endnotes part.
    pub endnotes: Vec<u8>,
}

/// EMUs (English Metric Units, the unit of DrawingML) in a point.
const EMU_PER_POINT: f32 = 12_700.0;

/// Builds `doc` with docx-rs in the look of `style`: page settings,
/// numbering, header, footer and body.
pub(super) fn body(doc: &Document, style: &StyleSheet, fonts: &Fonts) -> Result<Body, ExportError> {
    body_with(doc, style, fonts, |writer| {
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
    })
}

/// The body of `doc`'s redline against the text handed over: its blocks
/// as `diff` has them, with tracked changes made by `revision`; its page,
/// header and footer as `doc`'s.
pub(super) fn redline_body(
    doc: &Document,
    style: &StyleSheet,
    fonts: &Fonts,
    diff: &[crate::doc::diff::BlockDiff],
    revision: &Revision,
) -> Result<Body, ExportError> {
    body_with(doc, style, fonts, |writer| writer.redline(diff, revision))
}

/// The body of `doc`, its blocks written by `blocks`.
fn body_with(
    doc: &Document,
    style: &StyleSheet,
    fonts: &Fonts,
    blocks: impl FnOnce(&mut Writer<'_>),
) -> Result<Body, ExportError> {
    let mut writer = Writer::new(style, fonts, &doc.meta.language);
    blocks(&mut writer);
    let page = &style.page;
    let (width, height) = page.paper();
    let mut docx = Docx::new()
        .page_size(twips(width) as u32, twips(height) as u32)
        .page_margin(
            PageMargin::new()
                .top(twips(page.margin_top))
                .bottom(twips(page.margin_bottom))
                .left(twips(page.margin_left))
                .right(twips(page.margin_right))
                .header(twips(page.header_top))
                .footer(twips(page.footer_bottom))
                .gutter(0),
        )
        .add_abstract_numbering(numbering::bullets(&style.lists))
        .add_abstract_numbering(numbering::numbers(&style.lists))
        .add_numbering(Numbering::new(BULLET_NUM, numbering::BULLET_ABSTRACT));

    let header = clean(&doc.furniture.header);
    if !header.trim().is_empty() {
        let p = writer.paragraph().style("Header");
        let p = writer.text_runs(p, &header, false, false, None);
        docx = docx.header(Header::new().add_paragraph(writer.directed(p)));
    }
    let label = &doc.furniture.page_label;
    let footer = docx_footer(doc, style, fonts);
    if !footer.is_blank() || !label.is_blank() {
        // The footer line on the left, the page label at the right tab stop.
        let mut p = writer.paragraph().style("Footer");
        if !footer.is_blank() {
            p = writer.text_runs(p, &clean(&footer.before), false, false, None);
            // The name, of unknown language, set apart in its first
            // letter's direction, as in the PDF.
            let name = clean(&footer.name);
            let dir = first_strong(&name, doc.direction());
            let apart = (dir != doc.direction()).then_some(dir);
            let runs = writer.runs_in(&name, false, false, None, apart);
            p = writer.add_runs(p, runs);
            p = writer.text_runs(p, &clean(&footer.after), false, false, None);
        }
        if !label.is_blank() {
            p = writer.page_label(p.add_run(Run::new().add_tab()), label);
        }
        docx = docx.footer(Footer::new().add_paragraph(writer.directed(p)));
    }

    for p in std::mem::take(&mut writer.pictures) {
        docx = docx.add_paragraph(p);
    }
    // docx-rs relates the numbering part to the document only when it
    // holds a numbered paragraph or table itself.
    if writer.numbered {
        docx.document_rels.has_numberings = true;
    }
    if let Some(error) = writer.error {
        return Err(error);
    }
    Ok(Body {
        docx,
        items: writer.items,
        links: writer.relationships.links().to_vec(),
        numbers: writer.numbers,
        picture_alts: writer.picture_alts,
        media: writer.relationships.media(),
        run_extensions: writer.run_extensions,
        endnotes: writer.endnotes,
    })
}

/// Whether `p` holds a picture.
fn has_picture(p: &Paragraph) -> bool {
    p.children.iter().any(|c| match c {
        docx_rs::ParagraphChild::Run(run) => run
            .children
            .iter()
            .any(|c| matches!(c, docx_rs::RunChild::Drawing(_))),
        _ => false,
    })
}

/// The footer line as the PDF sets it: within the measure less the page
/// label (as wide as with two-digit numbers, which Word's fields show),
/// the counterpart's name shortened first so that the date stays whole.
fn docx_footer(doc: &Document, style: &StyleSheet, fonts: &Fonts) -> FooterLine {
    let f = &style.furniture;
    let label = doc.furniture.page_label.render(88, 88);
    let measure = style.page.measure();
    let label_w = crate::layout::measure(fonts, crate::fonts::Style::Regular, f.text.size, &label)
        .min(f.label_max_width(measure));
    let room = f.footer_room(measure, label_w);
    crate::layout::footer_line(fonts, &doc.furniture.footer, style, room, doc.direction()).1
}

/// A piece of the body, in order.
pub(super) enum BodyPart {
    /// Paragraphs and tables, as repaired XML.
    Xml(Vec<u8>),
    /// The next paragraph in what docx-rs writes: one with a picture.
    Picture,
}

/// Where a list item sits: its numbering instance and level.
#[derive(Clone, Copy)]
struct ListContext {
    num: usize,
    level: usize,
    /// How deep the list is nested (0: top level), which Word's levels
    /// stop counting at [`MAX_LEVEL`].
    depth: usize,
    /// The item's text indent from the margin and its marker's hanging
    /// indent, in points, by the layout's list-indent rule.
    left: f32,
    hanging: f32,
    /// The block ends a top-level list: the list's space after follows it.
    ends_list: bool,
}

struct Writer<'a> {
    /// What table columns are measured with.
    fonts: &'a Fonts,
    style: &'a StyleSheet,
    /// The measure in twips.
    text_width: usize,
    items: Vec<BodyPart>,
    /// The paragraphs with pictures, in order, for docx-rs to write.
    pictures: Vec<Paragraph>,
    /// The ordered lists' numbering instances (`w:num`, one per list, each
    /// with a start override), written as XML as each list starts rather
    /// than held, nine level overrides to an instance, until the end.
    numbers: Vec<u8>,
    next_num: usize,
    relationships: RelationshipIds,
    picture_alts: Vec<String>,
    next_para_id: u32,
    /// A page break waiting for the next block, which then starts a page
    /// (`w:pageBreakBefore`) rather than following an empty break paragraph.
    pending_break: bool,
    /// Whether the document runs right to left: its paragraph styles and
    /// every paragraph are `w:bidi`.
    rtl: bool,
    /// The document's language, and as `w:lang` names it; a span in
    /// another gets its own `w:lang`.
    lang: LanguageTag,
    language: String,
    /// The run properties docx-rs cannot write, of the paragraphs not yet
    /// repaired.
    run_extensions: RunExtensions,
    /// The first thing that went wrong; the writer goes on regardless.
    error: Option<ExportError>,
    /// Whether a paragraph or table row written as XML is numbered: docx-rs
    /// relates the numbering part only to a document it sees one in.
    numbered: bool,
    /// The id of the next tracked change (`w:ins`, `w:del`): docx-rs
    /// counts them across threads and documents.
    next_change_id: u32,
    /// The endnotes written so far (see [`Body::endnotes`]).
    endnotes: Vec<u8>,
    /// The endnotes referred to so far.
    notes_referred: std::collections::BTreeSet<u32>,
}

impl<'a> Writer<'a> {
    fn new(style: &'a StyleSheet, fonts: &'a Fonts, language: &LanguageTag) -> Self {
        Writer {
            fonts,
            rtl: language.is_rtl(),
            lang: language.clone(),
            language: word_language(language),
            run_extensions: RunExtensions::default(),
            error: None,
            style,
            // From the margins in twips, so that the grid fills the measure Word computes.
            text_width: (twips(style.page.paper().0)
                - twips(style.page.margin_left)
                - twips(style.page.margin_right))
            .max(twips(style.page.least_text_area)) as usize,
            items: Vec::new(),
            numbers: Vec::new(),
            next_num: FIRST_ORDERED_NUM,
            relationships: RelationshipIds::default(),
            pictures: Vec::new(),
            picture_alts: Vec::new(),
            next_para_id: 1,
            pending_break: false,
            numbered: false,
            next_change_id: 1,
            endnotes: Vec::new(),
            notes_referred: std::collections::BTreeSet::new(),
        }
    }

    /// A new paragraph with a paragraph id that depends only on its position,
    /// not on docx-rs's thread-local counter.
    fn paragraph(&mut self) -> Paragraph {
        let id = format!("{:08X}", self.next_para_id & 0x7FFF_FFFF);
        self.next_para_id = self.next_para_id.wrapping_add(1);
        Paragraph::new().id(id)
    }

    /// `p` in the document's direction, as the PDF's layout sets every
    /// paragraph: in a right-to-left document `w:bidi`, whatever its text
    /// (its style says so too; this keeps a reader that overlooks the
    /// style's from setting a paragraph of Latin text left to right).
    fn directed(&mut self, mut p: Paragraph) -> Paragraph {
        if self.rtl {
            // docx-rs has `bidi` on the paragraph's properties only.
            p.property = p.property.bidi(true);
        }
        p
    }

    fn push_paragraph(&mut self, mut p: Paragraph) {
        if std::mem::take(&mut self.pending_break) {
            p = p.page_break_before(true);
        }
        let p = self.directed(p);
        self.add_to_body(p);
    }

    /// Adds `p` to the body: as repaired XML at once, or for docx-rs to
    /// write when it holds a picture.
    fn add_to_body(&mut self, p: Paragraph) {
        self.numbered |= p.has_numbering;
        if has_picture(&p) {
            self.pictures.push(p);
            self.items.push(BodyPart::Picture);
            return;
        }
        let additions = Additions {
            runs: Some(&mut self.run_extensions),
            change_ids: Some(&mut self.next_change_id),
            ..Additions::default()
        };
        match repair(&p.build(), additions) {
            Ok(xml) => self.push_xml(xml),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }

    /// Adds repaired XML to the body.
    fn push_xml(&mut self, xml: Vec<u8>) {
        if let Some(BodyPart::Xml(last)) = self.items.last_mut() {
            last.extend_from_slice(&xml);
        } else {
            self.items.push(BodyPart::Xml(xml));
        }
    }

    /// A table cannot start a page by itself: a pending break gets its own
    /// paragraph.
    fn flush_break(&mut self) {
        if std::mem::take(&mut self.pending_break) {
            let p = self
                .paragraph()
                .add_run(Run::new().add_break(BreakType::Page));
            let p = self.directed(p);
            self.add_to_body(p);
        }
    }

    /// Writes one block. `list` is set for blocks inside a list item after the
    /// item's first paragraph: they are indented to the item's text.
    fn block(&mut self, block: &Block, list: Option<ListContext>) {
        match block {
            Block::Heading { level, content } => {
                let p = self.paragraph().style(&format!("Heading{}", level.get()));
                let p = self.inlines(p, content);
                self.push_paragraph(p);
            }
            Block::Paragraph(content) => {
                let mut p = self.paragraph();
                if let Some(ctx) = list {
                    p = p
                        .style("ListParagraph")
                        .indent(Some(twips(ctx.left)), None, None, None);
                    if ctx.ends_list {
                        p = self.list_space(p, false, true);
                    }
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
            Block::Notes(notes) => self.notes(notes),
        }
    }

    /// The endnotes: each a `w:endnote` of the endnotes part, numbered as
    /// in the model, its paragraph in the endnote text style opening with
    /// the note's number (`w:endnoteRef`), which Word draws. Word places
    /// endnotes at the document's end itself, with no heading: the
    /// model's title is the PDF's.
    fn notes(&mut self, notes: &Notes) {
        for note in &notes.notes {
            let p = self.paragraph().style("EndnoteText");
            let p = self.note_run(p, NoteRun::Mark);
            let p = self.text_runs(p, " ", false, false, None);
            let p = self.inlines(p, &note.content);
            let p = self.directed(p);
            let additions = Additions {
                runs: Some(&mut self.run_extensions),
                change_ids: Some(&mut self.next_change_id),
                ..Additions::default()
            };
            match repair(&p.build(), additions) {
                Ok(xml) => {
                    let mut open = Xml::new();
                    open.open("w:endnote", &[("w:id", &note.number.to_string())]);
                    self.endnotes.extend(open.into_string().into_bytes());
                    self.endnotes.extend(xml);
                    let mut close = Xml::new();
                    close.close("w:endnote");
                    self.endnotes.extend(close.into_string().into_bytes());
                }
                Err(e) => {
                    self.error.get_or_insert(e);
                }
            }
        }
    }

    /// The cover: its texts in the cover's styles, a span in another
    /// language with its own `w:lang`.
    fn cover(&mut self, cover: &Cover) {
        let p = self.paragraph().style("Title");
        let p = self.inlines(p, &cover.title);
        self.push_paragraph(p);
        if cover.subtitle.iter().any(|s| !clean(&s.text).is_empty()) {
            let p = self.paragraph().style("Subtitle");
            let p = self.inlines(p, &cover.subtitle);
            self.push_paragraph(p);
        }
        let p = self.paragraph().style("CoverRule");
        self.push_paragraph(p);
        self.logos(&cover.logos);
        let c = &self.style.cover;
        let last_after =
            LineSpacing::new().after(twips(c.space_after.max(c.line.space_after)) as u32);
        let count = cover.lines.len();
        for (k, line) in cover.lines.iter().enumerate() {
            let p = self.paragraph().style("CoverLine");
            let mut p = self.inlines(p, line);
            if k + 1 == count {
                p = p.line_spacing(last_after.clone());
            }
            self.push_paragraph(p);
        }
    }

    /// The cover's logos: one paragraph of inline pictures at the style's
    /// common height (shrunk to the measure as in the PDF), which Word wraps
    /// as it wraps words; between two, a one-point space widened by the gap.
    fn logos(&mut self, logos: &[Image]) {
        if logos.is_empty() {
            return;
        }
        let c = &self.style.cover;
        let measure = self.text_width as f32 / 20.0;
        let spacing = LineSpacing::new()
            .before(0)
            .after(twips(c.logo_space_after) as u32)
            .line((240.0 * c.logo_leading).round() as i32)
            .line_rule(LineSpacingType::Auto);
        let mut p = self.paragraph().keep_next(true).line_spacing(spacing);
        for (k, image) in logos.iter().enumerate() {
            if k > 0 {
                p = p.add_run(
                    Run::new()
                        .add_text(" ")
                        .size((c.logo_spacer_size * 2.0).round().max(1.0) as usize)
                        .character_spacing(twips(c.logo_gap)),
                );
            }
            let (w, h) = c.logo_size(image.width_px, image.height_px, measure);
            let emu = |pt: f32| (pt * EMU_PER_POINT).round().max(1.0) as u32;
            let pic =
                Pic::new_with_dimensions(image.bytes.to_vec(), image.width_px, image.height_px)
                    .id(self.relationships.picture(image))
                    .size(emu(w), emu(h));
            p = p.add_run(Run::new().add_image(pic));
            self.picture_alts.push(clean(&image.alt));
        }
        self.push_paragraph(p);
    }
}
