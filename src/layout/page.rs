//! What layout produces: pages of positioned text runs, fills, rules,
//! pictures and link areas, and the outline. The PDF writer only has to draw these.

use super::text::Run;
use crate::doc::style::Color;
use crate::doc::{Image, Url};

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
    Text { x: f32, y: f32, run: Run },
    /// A filled rectangle (table header background).
    Fill { rect: Rect, color: Color },
    /// A straight line (rules, link underlines).
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
    },
    /// A clickable area opening `url`.
    Link { rect: Rect, url: Url },
    /// A picture filling `rect` (a logo on the cover); its alternative text
    /// is `image.alt`, for the writer to keep beside it.
    Image { rect: Rect, image: Image },
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
}
