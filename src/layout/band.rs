//! Bands: the unbreakable horizontal strips (one line of text, one table
//! row) that the block phase makes and the flow phase stacks onto pages.

use super::page::{LinkTarget, Tag};
use super::text::Run;
use crate::doc::Image;
use crate::doc::style::Color;

/// A mark inside a band: x is absolute, `dy` measures down from the band's top.
#[derive(Debug, Clone)]
pub(super) enum Mark {
    Text {
        x: f32,
        dy: f32,
        run: Run,
        tag: Tag,
    },
    Fill {
        x: f32,
        dy: f32,
        w: f32,
        h: f32,
        color: Color,
    },
    HRule {
        x1: f32,
        x2: f32,
        dy: f32,
        width: f32,
        color: Color,
    },
    Link {
        x: f32,
        dy: f32,
        w: f32,
        h: f32,
        target: LinkTarget,
        tag: Tag,
    },
    Image {
        x: f32,
        dy: f32,
        w: f32,
        h: f32,
        image: Image,
        tag: Tag,
    },
}

#[derive(Debug, Clone, Default)]
pub(super) struct Band {
    pub height: f32,
    pub space_before: f32,
    pub marks: Vec<Mark>,
    /// Moves to the next page together with the band after it.
    pub keep_with_next: bool,
    /// Baseline of the band's first line, for list markers.
    pub baseline: Option<f32>,
    /// An outline entry (level, title) starts here.
    pub outline: Option<(u8, String)>,
    /// This band is a table body row; index into the table headers.
    pub table_row_of: Option<usize>,
    /// A forced page break (the band itself draws nothing).
    pub page_break: bool,
}

/// Every band of a document, and each table's header-row band (repeated
/// after a page break inside the table).
#[derive(Debug, Default)]
pub(super) struct Bands {
    pub bands: Vec<Band>,
    pub headers: Vec<Option<Band>>,
}
