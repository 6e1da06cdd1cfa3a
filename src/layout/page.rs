//! What layout produces: pages of positioned text runs, fills, rules,
//! pictures and link areas, the outline, and the document's logical
//! structure. The PDF writer only has to draw these and tag them.

use super::text::Run;
use crate::doc::style::Color;
use crate::doc::{Image, LanguageTag, Url};

/// The index of a [`Node`] in [`PagedDocument::structure`].
pub type NodeId = u32;

/// What a structure node is: the standard structure types of a tagged PDF
/// that the document model has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The root: every block is below it.
    Document,
    /// A heading of level 1 to 3.
    Heading(u8),
    Paragraph,
    /// A list; numbered when `ordered`.
    List {
        ordered: bool,
    },
    ListItem,
    /// A list item's marker.
    Label,
    /// A list item's content.
    ListBody,
    Table,
    TableHead,
    TableBody,
    TableRow,
    /// A header cell, heading its column.
    HeaderCell,
    DataCell,
    /// A link: its text, and the clickable areas ([`Item::Link`]).
    Link,
    /// Text in another language than the document's, or a redline's
    /// change.
    Span,
    /// A picture with its alternative text.
    Figure,
    /// An endnote, with its number: unique in the document, it names the
    /// element (`/ID`).
    Note(u32),
}

impl Role {
    /// Inline roles (links, spans in another language) belong to the
    /// paragraph or cell around them, where they take their place among
    /// its text; the others are blocks, children of their parent in the
    /// order they were made.
    pub fn is_inline(self) -> bool {
        matches!(self, Role::Link | Role::Span)
    }
}

/// A node of the document's logical structure, in document order: a
/// node's children come after it, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    /// `None` only for the root.
    pub parent: Option<NodeId>,
    /// The language of the node's text when it differs from the document's.
    pub lang: Option<LanguageTag>,
    /// Alternative text (a figure's).
    pub alt: Option<String>,
    /// What a screen reader says in place of the node's text (a redline's
    /// change: "deleted: the old words").
    pub actual: Option<String>,
}

/// What a drawn item is part of: a structure node, or an artifact (page
/// furniture, a repeated table header), which a screen reader skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Node(NodeId),
    /// Running header, footer, page label, a table header row repeated
    /// after a page break.
    Pagination,
}

/// A rectangle in page coordinates: `(x, y)` is its bottom-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text whose baseline starts at `(x, y)`; `run.x` is its
    /// offset within its line and is already included in `x`.
    Text { x: f32, y: f32, run: Run, tag: Tag },
    /// A filled rectangle (table header background), always decoration.
    Fill { rect: Rect, color: Color },
    /// A straight line (rules, link underlines), always decoration.
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
    },
    /// A clickable area going to `target`; `tag` is its link's node.
    Link {
        rect: Rect,
        target: LinkTarget,
        tag: Tag,
    },
    /// A picture filling `rect` (a logo on the cover); its alternative text
    /// is `image.alt`, for the writer to keep beside it.
    Image { rect: Rect, image: Image, tag: Tag },
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// An address outside the document.
    Url(Url),
    /// Endnote `n`: a reference's link.
    Note(u32),
    /// The first reference to endnote `n`: the link of the note's number.
    Reference(u32),
}

/// One page's items, in drawing order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A heading for the document outline (bookmarks).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// 1 to 3.
    pub level: u8,
    pub title: String,
    /// Page index, from 0.
    pub page: usize,
    /// Page y of the top of the heading's line.
    pub top: f32,
    /// Page x of the heading's left edge.
    pub left: f32,
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct PagedDocument {
    pub width: f32,
    pub height: f32,
    /// The area body text stays inside (header and footer are outside it).
    pub body: Rect,
    /// Always at least one page.
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// The logical structure: node 0 is the [`Role::Document`] root.
    pub structure: Vec<Node>,
}
