//! Setting styled text: fonts, bidirectional order, shaping, line breaking.
//!
//! A paragraph's spans are flattened into one text and then, in order:
//! 1. **fonts**: every character gets a family ([`Fonts::family_for`]:
//!    Noto Sans, else the fallback chosen for its script; neutral
//!    characters stay with the text around them);
//! 2. **bidi levels** (UAX #9, crate `unicode-bidi`), with the document's
//!    direction as every paragraph's; a span in another language (a quote,
//!    English standing in for a translation) is an isolate in its own
//!    language's direction, with the quotation marks that enclose it, so
//!    its punctuation stays at its own ends;
//! 3. **shaping** of each run of one span, family and level
//!    ([`super::shape`]), whose advances give every character its width
//!    (a cluster's width counts at its first character);
//! 4. **line breaking** greedily at UAX #14's opportunities (crate
//!    `unicode-linebreak`); a paragraph in a script written without spaces
//!    between words (Thai, Lao, Khmer, Myanmar) is segmented with ICU4X's
//!    dictionaries instead. A token wider than the measure (a long URL, a
//!    run of 3,000 letters) is cut between clusters, so nothing is drawn
//!    past the margin;
//! 5. each line's runs are put in visual order (rule L2) and listed from
//!    the document's start edge: left to right in a left-to-right
//!    document, right to left in a right-to-left one, whose pages the
//!    layout mirrors at the end (see [`super::paginate`]).
//!
//! Steps 1 to 3 are `itemize`, the break opportunities of step 4
//! `segment`, the breaking itself `line_break`, step 5 the lines `itemize`
//! makes; `fit` sets one line that must fit, shortened with an ellipsis.

mod fit;
mod itemize;
mod line_break;
mod segment;

pub use fit::{fit_line, fit_line_shortening};
pub use line_break::break_lines;

use crate::doc::style::Color;
use crate::doc::{Change, Direction, Url};
use crate::fonts::{FaceKey, Fonts, Style, is_invisible};
use itemize::Prepared;

/// A glyph of a set run: its id, how far the pen moves after it (in em),
/// and the index in the run's characters of the first character it stands
/// for (several glyphs may share one: a cluster). Where the shaper moved
/// it off the pen (a mark), the run's `offsets` say by how much. A long
/// document holds millions of these until its pages are drawn: no field
/// that most glyphs leave at zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunGlyph {
    pub id: u16,
    pub advance: f32,
    pub cluster: u32,
}

/// Where a run's glyph is drawn relative to the pen, in em, for the few
/// glyphs the shaper moved (marks above or below their base).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphOffset {
    /// The glyph's index in the run's `glyphs`.
    pub glyph: u32,
    pub dx: f32,
    pub dy: f32,
}

/// Slack for floating-point comparisons of widths, in points.
const EPS: f32 = 0.01;

/// A span of text in one style, ready to be set.
#[derive(Debug, Clone, PartialEq)]
pub struct TextSpan {
    pub text: String,
    pub style: Style,
    /// Font size in points.
    pub size: f32,
    pub color: Color,
    /// Target when the span is a link.
    pub link: Option<Url>,
    /// In a redline, what became of the span (drawn underlined, struck
    /// through, with a change bar).
    pub change: Option<Change>,
    /// The direction of the span's own language when it is set apart from
    /// the paragraph (a bidi isolate): text in another language.
    pub isolate: Option<Direction>,
}

impl TextSpan {
    /// A span with no link, in the paragraph's language.
    pub fn new(text: impl Into<String>, style: Style, size: f32, color: Color) -> Self {
        TextSpan {
            text: text.into(),
            style,
            size,
            color,
            link: None,
            change: None,
            isolate: None,
        }
    }
}

/// A piece of one line in one face and one direction, shaped.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The run's characters in logical (reading) order.
    pub text: String,
    pub style: Style,
    /// Which family of the build's [`Fonts`] sets the run (0: Noto Sans).
    pub family: u8,
    pub size: f32,
    pub color: Color,
    pub link: Option<Url>,
    /// In a redline, what became of the run's text.
    pub change: Option<Change>,
    /// The index of the span the run is part of, among the spans that were
    /// set (so the layout can tell which inline it draws).
    pub span: u32,
    /// Offset of the run from the start edge of its line, in points.
    pub x: f32,
    /// Advance width of the run, in points.
    pub width: f32,
    /// Whether the run reads right to left (its glyphs are still listed
    /// left to right, as drawn).
    pub rtl: bool,
    /// The run ends its line where the line was broken at white space,
    /// which is not drawn: a reader of the text needs a space there.
    pub space_after: bool,
    /// The shaped glyphs, left to right.
    pub glyphs: Box<[RunGlyph]>,
    /// The offsets of the glyphs drawn off the pen, by ascending index.
    pub offsets: Box<[GlyphOffset]>,
}

impl Run {
    /// Where glyph `k` is drawn relative to the pen, in em.
    pub fn offset(&self, k: usize) -> (f32, f32) {
        match self.offsets.binary_search_by_key(&(k as u32), |o| o.glyph) {
            Ok(i) => (self.offsets[i].dx, self.offsets[i].dy),
            Err(_) => (0.0, 0.0),
        }
    }

    /// The face the run is set in.
    pub fn face(&self) -> FaceKey {
        FaceKey {
            family: self.family,
            style: self.style,
        }
    }

    /// Whether each glyph stands for exactly one character, in reading
    /// order: then the font's character map alone extracts the text.
    pub fn is_simple(&self) -> bool {
        !self.rtl
            && self.glyphs.len() == self.text.chars().count()
            && self
                .glyphs
                .iter()
                .enumerate()
                .all(|(i, g)| g.cluster as usize == i)
    }
}

/// One set line: runs from the start edge, trailing spaces removed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub runs: Vec<Run>,
    /// Width of the visible text, in points.
    pub width: f32,
}

impl Line {
    /// The largest font size on the line (0 for an empty line).
    pub fn max_size(&self) -> f32 {
        self.runs.iter().map(|r| r.size).fold(0.0, f32::max)
    }

    /// The line's text, runs joined in the order they are listed.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// Makes `text` safe to draw with `fonts`: NFC-normalizes it, turns tabs
/// into spaces and line/paragraph separators into `\n`, drops control and
/// invisible format characters no font draws, and replaces every run of
/// characters no font draws (which the coverage check reports as errors
/// for input text) by one U+FFFD, or `?` if that is missing too.
pub fn sanitize(fonts: &Fonts, text: &str) -> String {
    let replacement = if fonts.face(Style::Regular).has_char('\u{FFFD}') {
        '\u{FFFD}'
    } else {
        '?'
    };
    let mut out = String::with_capacity(text.len());
    let mut last_replaced = false;
    for c in crate::nfc::nfc(text).chars() {
        let c = match c {
            '\t' => ' ',
            '\r' => continue,
            '\u{2028}' | '\u{2029}' | '\u{0085}' => '\n',
            _ => c,
        };
        if c == '\n' {
            out.push(c);
            last_replaced = false;
            continue;
        }
        if c.is_control() {
            continue;
        }
        // An invisible mark is kept only where a face has a glyph for it.
        let drawn = if is_invisible(c) {
            fonts.family_for(c, None).is_some()
        } else {
            fonts.draws(c)
        };
        if c == '\u{00A0}' || c == '\u{202F}' {
            // Not every face has the no-break spaces; they measure and
            // draw as a space (line breaking has already seen them).
            out.push(if fonts.families().iter().all(|f| f.covers(c)) {
                c
            } else {
                ' '
            });
            last_replaced = false;
        } else if drawn {
            out.push(c);
            last_replaced = false;
        } else if is_invisible(c) || (last_replaced && (is_mark(c) || c == '\u{200D}')) {
            continue;
        } else if !last_replaced {
            out.push(replacement);
            last_replaced = true;
        }
    }
    out
}

/// A combining mark, which stays with the character before it.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Width of `text` in points when set in `style` at `size` (after
/// [`sanitize`], shaped, in a left-to-right line).
pub fn measure(fonts: &Fonts, style: Style, size: f32, text: &str) -> f32 {
    let spans = [TextSpan::new(text, style, size, Color::BLACK)];
    Prepared::new(fonts, &spans, false).line_width()
}

/// The widest unbreakable piece of the spans (the least width they can be set
/// in without breaking a word), and their width on one line, in points.
pub fn min_max_width(fonts: &Fonts, spans: &[TextSpan]) -> (f32, f32) {
    let p = Prepared::new(fonts, spans, false);
    let mut min = 0.0f32;
    let mut max = 0.0f32;
    let mut line_start = 0;
    for seg in &p.segments {
        let ve = p.visible_end(seg.start, seg.end);
        min = min.max(p.cum[ve] - p.cum[seg.start]);
        if seg.mandatory {
            max = max.max(p.cum[ve] - p.cum[line_start]);
            line_start = seg.end;
        }
    }
    let n = p.chars.len();
    let ve = p.visible_end(line_start, n);
    max = max.max(p.cum[ve] - p.cum[line_start.min(ve)]);
    (min, max.max(min))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) fn span(text: &str, style: Style) -> TextSpan {
        TextSpan::new(text, style, 10.0, Color::BLACK)
    }

    pub(super) fn fonts() -> &'static Fonts {
        Fonts::builtin()
    }

    #[test]
    fn missing_glyphs_are_substituted() {
        let f = fonts();
        assert_eq!(sanitize(f, "ok 😀👍🏽 fine"), "ok \u{FFFD} fine");
        assert_eq!(sanitize(f, "a\u{7}b\u{0}c\td\r\n"), "abc d\n");
        // Decomposed input comes out precomposed (NFC).
        assert_eq!(sanitize(f, "Nguye\u{302}\u{303}n"), "Nguyễn");
        let w = measure(fonts(), Style::Regular, 10.0, "😀");
        assert!(w > 0.0);
    }

    #[test]
    fn min_and_max_widths() {
        let spans = vec![span("short averyveryverylongword x", Style::Regular)];
        let (min, max) = min_max_width(fonts(), &spans);
        let long = measure(fonts(), Style::Regular, 10.0, "averyveryverylongword");
        assert!((min - long).abs() < 0.01);
        assert!(max > min);
    }
}
