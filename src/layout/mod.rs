//! Page layout for the PDF writer: pure geometry, no printpdf types.
//!
//! [`text`] measures and breaks styled text into lines; [`page`] turns a
//! [`Document`](crate::doc::Document) into pages of positioned text runs,
//! filled boxes, rules and link areas, which `export::pdf` only has to draw.
//! All lengths are PDF points (1/72 inch); page coordinates have their origin
//! at the bottom-left corner, as in PDF.

pub mod page;
pub mod text;

pub use page::{Item, OutlineEntry, Page, PagedDocument, Rect, Theme, paginate};
pub use text::{Line, Run, TextSpan, break_lines, measure};

/// An RGB colour, each channel from 0.0 to 1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl Color {
    pub const BLACK: Color = Color::rgb8(0, 0, 0);

    /// A colour from 8-bit channels, e.g. `Color::rgb8(0x1f, 0x3a, 0x5f)`.
    pub const fn rgb8(r: u8, g: u8, b: u8) -> Color {
        Color {
            r: r as f32 / 255.0,
            g: g as f32 / 255.0,
            b: b as f32 / 255.0,
        }
    }

    /// The colour with every channel clamped into 0.0..=1.0 (NaN becomes 0).
    pub fn clamped(self) -> Color {
        let c = |v: f32| if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) };
        Color {
            r: c(self.r),
            g: c(self.g),
            b: c(self.b),
        }
    }
}
