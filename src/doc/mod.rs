//! The document model shared by every output format.
//!
//! A `Document` is what a template means once its Markdown is parsed: headings,
//! paragraphs of styled spans, lists, tables, page breaks and a cover block, plus
//! metadata and the text of the page furniture. Pictures (the coalition's
//! logos on a cover) are [`Image`]s, read and checked once when the model is
//! built. It knows nothing of printpdf or
//! docx-rs; each writer in `export` takes a `Document` and returns bytes.

pub mod color;
pub mod diff;
pub(crate) mod image;
pub mod notes;
pub mod quotes;
pub mod redline;
pub mod style;
pub mod text;
mod values;

pub use image::{
    Image, ImageError, ImageFile, ImageFormat, JpegFrame, Raster, decode_png, jpeg_frame,
};
pub use values::{
    Direction, HeadingLevel, LabelPart, LanguageTag, PageLabel, Url, first_strong, is_rtl_char,
};

/// A whole document, ready for a writer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub meta: Metadata,
    pub furniture: Furniture,
    pub blocks: Vec<Block>,
}

/// Document properties written into the PDF Info dictionary and DOCX core properties.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    pub title: String,
    pub subject: String,
    /// Who wrote it: the coalition's names.
    pub author: String,
    /// BCP 47 language tag of the text, e.g. `en`, `fr`, `vi`.
    pub language: LanguageTag,
}

impl Document {
    /// The direction the document runs in: its language's.
    pub fn direction(&self) -> Direction {
        self.meta.language.direction()
    }
}

/// Text repeated on every page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Furniture {
    /// Page header, e.g. the campaign title.
    pub header: String,
    /// Footer line that makes a forwarded copy traceable,
    /// e.g. "Prepared for: Embassy of France — 21 March 2024".
    pub footer: FooterLine,
    /// The page-number label, parsed from a text with the placeholders
    /// `{page}` and `{pages}`, e.g. "Page {page} of {pages}".
    pub page_label: PageLabel,
}

/// The footer line: `before`, `name` and `after` one after another. Where
/// the line is too long for the page, only `name` (the counterpart's) is
/// shortened, with an ellipsis: the text around it (the date) stays whole.
/// The name, of unknown language, is set apart from the line in the
/// direction of its first letter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FooterLine {
    pub before: String,
    pub name: String,
    pub after: String,
}

impl FooterLine {
    /// The line with `name` as the part to shorten.
    pub fn naming(
        before: impl Into<String>,
        name: impl Into<String>,
        after: impl Into<String>,
    ) -> Self {
        FooterLine {
            before: before.into(),
            name: name.into(),
            after: after.into(),
        }
    }

    /// Whether the line has no visible text.
    pub fn is_blank(&self) -> bool {
        [&self.before, &self.name, &self.after]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// The whole line.
impl std::fmt::Display for FooterLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.before, self.name, self.after)
    }
}

/// A line of text alone, shortened at its end when too long.
impl From<String> for FooterLine {
    fn from(text: String) -> Self {
        FooterLine::naming("", text, "")
    }
}

impl From<&str> for FooterLine {
    fn from(text: &str) -> Self {
        FooterLine::from(text.to_string())
    }
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading of level 1 to 3.
    Heading {
        level: HeadingLevel,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// A bullet (`ordered == false`) or numbered list; a numbered list starts at
    /// `start`. Each item holds blocks: paragraphs and nested lists.
    List {
        ordered: bool,
        start: u32,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
    PageBreak,
    Cover(Cover),
    /// The document's endnotes, last: a heading and the notes in the
    /// order of their first reference. Absent from a document without
    /// notes.
    Notes(Notes),
}

/// The endnotes of a document, referenced from its text by
/// [`Inline::note`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes {
    /// The section's heading, in the document's language ("Notes").
    pub title: Vec<Inline>,
    /// The notes; the first is number 1, and so on.
    pub notes: Vec<Note>,
}

/// One endnote: its number (1, 2, …) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub number: u32,
    pub content: Vec<Inline>,
}

/// A table, with an optional header row repeated on every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header row; `None` when the source's header cells are all empty,
    /// so that no writer draws an empty row.
    pub header: Option<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The number of columns: that of the widest row, the header included.
    pub fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain(self.header.as_ref().map(Vec::len))
            .max()
            .unwrap_or(0)
    }
}

/// One table cell: a run of inlines.
pub type Cell = Vec<Inline>;

/// The title block on the first page. Its texts are spans for their
/// language alone: a title in English standing in for a missing
/// translation is marked so in both formats; the cover's own look sets
/// their weight and colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub title: Vec<Inline>,
    pub subtitle: Vec<Inline>,
    /// Further lines: date, place, the coalition's members.
    pub lines: Vec<Vec<Inline>>,
    /// The coalition members' logos, in the coalition's order, drawn in a
    /// row between the accent rule and the lines; each one's alternative
    /// text is its member's name.
    pub logos: Vec<Image>,
}

/// A span of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// The target when the span is a link.
    pub link: Option<Url>,
    /// The span's language where the template marked it: a quote kept in
    /// its own language, or English standing in for a missing translation.
    /// `None`: the document's language.
    pub lang: Option<LanguageTag>,
    /// In a redline, what became of the span since the version handed
    /// over; `None` in every other document.
    pub change: Option<ChangeMark>,
    /// When the span is a reference to an endnote, that note's number
    /// (its text is the number as shown); `None` for all other text.
    pub note: Option<u32>,
}

/// A redline's mark on a span of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeMark {
    pub change: Change,
    /// What a screen reader says in place of the span's text, in the
    /// document's language: "deleted: the old words".
    pub spoken: String,
}

/// What became of a span of a redline's text since the version it is
/// compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Text the earlier version did not have.
    Inserted,
    /// Text of the earlier version only, shown struck through.
    Deleted,
    /// Text of both versions, styled otherwise (bold, italic, a link, a
    /// language) in this one.
    Restyled,
}

impl Inline {
    /// Plain text with no style.
    pub fn plain(text: impl Into<String>) -> Self {
        Inline {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
            lang: None,
            change: None,
            note: None,
        }
    }

    /// A reference to endnote `number`, shown as the number.
    pub fn note_reference(number: u32) -> Self {
        Inline {
            note: Some(number),
            ..Inline::plain(number.to_string())
        }
    }

    /// The same span, in `lang`.
    pub fn in_language(self, lang: LanguageTag) -> Self {
        Inline {
            lang: Some(lang),
            ..self
        }
    }
}
