//! Colours and their contrast: the palette the style sheet takes its
//! colours from, and WCAG 2's contrast rule every text colour is checked
//! against on every background it can stand on.

use super::style::{StyleSheet, TextStyle};

/// An RGB colour, each channel from 0.0 to 1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl Color {
    pub const BLACK: Color = Color::rgb8(0, 0, 0);
    /// The paper: neither format paints a page background.
    pub const WHITE: Color = Color::rgb8(255, 255, 255);

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

    /// Six upper-case hex digits, as Word writes colours: `1F3A5F`.
    pub fn hex(self) -> String {
        let c = self.clamped();
        let byte = |v: f32| (v * 255.0).round() as u8;
        format!("{:02X}{:02X}{:02X}", byte(c.r), byte(c.g), byte(c.b))
    }

    /// Relative luminance as WCAG 2 defines it: each sRGB channel made
    /// linear, weighted by how bright the eye sees it; 0 black, 1 white.
    pub fn luminance(self) -> f32 {
        let c = self.clamped();
        let linear = |v: f32| {
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
    }

    /// The WCAG 2 contrast ratio of two colours, from 1 (none) to 21
    /// (black on white); the order does not matter.
    pub fn contrast(self, other: Color) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// The least contrast WCAG 2 (1.4.3, level AA) asks of text against its
/// background: 3:1 for large text (18 pt, or 14 pt bold), else 4.5:1.
pub fn min_contrast(size: f32, bold: bool) -> f32 {
    if size >= 18.0 || (bold && size >= 14.0) {
        3.0
    } else {
        4.5
    }
}

/// The palette.
pub mod palette {
    use super::Color;
    pub const TEXT: Color = Color::rgb8(0x1a, 0x1a, 0x1a);
    pub const HEADING: Color = Color::rgb8(0x1f, 0x3a, 0x5f);
    pub const LINK: Color = Color::rgb8(0x0b, 0x4f, 0xb3);
    pub const MUTED: Color = Color::rgb8(0x5a, 0x5f, 0x66);
    /// Also the bullets' colour: dark enough for text on the table
    /// header's fill (4.5:1), not only on the page.
    pub const ACCENT: Color = Color::rgb8(0x2d, 0x6c, 0xa3);
    pub const TABLE_HEADER_FILL: Color = Color::rgb8(0xe3, 0xe9, 0xf1);
    pub const RULE: Color = Color::rgb8(0xb4, 0xbc, 0xc8);
    /// A redline's inserted, deleted and restyled text: told apart by
    /// hue, and by underline and strikeout for whoever cannot see it.
    pub const INSERTED: Color = Color::rgb8(0x0f, 0x6b, 0x2e);
    pub const DELETED: Color = Color::rgb8(0xa4, 0x16, 0x1a);
    pub const RESTYLED: Color = Color::rgb8(0x6b, 0x2f, 0xa0);
}

impl StyleSheet {
    /// Every colour text is set in, with the least size and the weight it
    /// is set at: each text role, links (at the smallest size they can
    /// take, a table cell's) and list bullets (a glyph at the body's size).
    pub fn text_colours(&self) -> Vec<(&'static str, Color, f32, bool)> {
        let role = |name, t: &TextStyle| (name, t.color, t.size, t.bold);
        let [h1, h2, h3] = &self.headings;
        vec![
            role("body", &self.body),
            role("heading 1", h1),
            role("heading 2", h2),
            role("heading 3", h3),
            role("cover title", &self.cover.title),
            role("cover subtitle", &self.cover.subtitle),
            role("cover line", &self.cover.line),
            role("table text", &self.table.text),
            role("table header", &self.table.header_text),
            role("furniture", &self.furniture.text),
            (
                "link",
                self.link_color,
                self.table.text.size.min(self.body.size),
                false,
            ),
            ("bullet", self.lists.bullet_color, self.body.size, false),
            (
                "inserted",
                self.changes.inserted,
                self.table.text.size,
                false,
            ),
            ("deleted", self.changes.deleted, self.table.text.size, false),
            (
                "restyled",
                self.changes.restyled,
                self.table.text.size,
                false,
            ),
        ]
    }

    /// The backgrounds text can stand on: the page and the table header's fill.
    pub fn backgrounds(&self) -> [(&'static str, Color); 2] {
        [
            ("page", Color::WHITE),
            ("table header fill", self.table.header_fill),
        ]
    }

    /// Every pair of text colour and background below WCAG's least
    /// contrast ([`min_contrast`]), described; empty when all pass.
    pub fn contrast_failures(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (role, colour, size, bold) in self.text_colours() {
            for (ground, background) in self.backgrounds() {
                let ratio = colour.contrast(background);
                let least = min_contrast(size, bold);
                if ratio < least {
                    out.push(format!(
                        "{role} #{} on the {ground} #{}: {ratio:.2}:1, below {least}:1",
                        colour.hex(),
                        background.hex()
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::style::PageSize;

    #[test]
    fn colours_are_written_as_word_writes_them() {
        assert_eq!(palette::HEADING.hex(), "1F3A5F");
        assert_eq!(
            Color {
                r: 2.0,
                g: f32::NAN,
                b: 0.5
            }
            .hex(),
            "FF0080"
        );
    }

    #[test]
    fn contrast_is_computed_as_wcag_defines_it() {
        assert!((Color::BLACK.contrast(Color::WHITE) - 21.0).abs() < 0.01);
        assert!((Color::WHITE.contrast(Color::WHITE) - 1.0).abs() < 1e-6);
        // #767676 is the lightest grey with 4.5:1 on white.
        let grey = Color::rgb8(0x76, 0x76, 0x76);
        assert!((grey.contrast(Color::WHITE) - 4.54).abs() < 0.01);
        assert_eq!(
            grey.contrast(Color::WHITE),
            Color::WHITE.contrast(grey),
            "symmetric"
        );
        assert_eq!(min_contrast(18.0, false), 3.0);
        assert_eq!(min_contrast(14.0, true), 3.0);
        assert_eq!(min_contrast(14.0, false), 4.5);
        assert_eq!(min_contrast(13.9, true), 4.5);
    }

    #[test]
    fn every_text_colour_has_enough_contrast_on_both_papers() {
        for size in [PageSize::A4, PageSize::Letter] {
            let s = StyleSheet::for_page(size);
            assert_eq!(s.text_colours().len(), 15);
            assert_eq!(s.contrast_failures(), Vec::<String>::new(), "{size:?}");
        }
    }

    #[test]
    fn a_too_light_colour_fails_the_contrast_rule() {
        let mut s = StyleSheet::default();
        // Light grey furniture: 2.3:1 on white.
        s.furniture.text.color = Color::rgb8(0xa0, 0xa0, 0xa0);
        // The old accent: 5.5:1 on white but 4.48:1 on the header fill.
        s.lists.bullet_color = Color::rgb8(0x2e, 0x6d, 0xa4);
        let failures = s.contrast_failures();
        assert_eq!(failures.len(), 3, "{failures:?}");
        assert!(failures[0].starts_with("furniture #A0A0A0 on the page"));
        assert!(failures[2].starts_with("bullet #2E6DA4 on the table header fill"));
        // The same grey passes as large text (3:1), not as body text.
        let grey = Color::rgb8(0x90, 0x90, 0x90);
        assert!(grey.contrast(Color::WHITE) >= min_contrast(18.0, false));
        assert!(grey.contrast(Color::WHITE) < min_contrast(11.0, false));
    }
}
