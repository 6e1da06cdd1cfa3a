//! Measuring and breaking styled text into lines.
//!
//! Widths come from the font's own advances (see [`crate::fonts`]); there is no
//! kerning, exactly as printpdf draws the text. Lines break greedily at the
//! break opportunities of UAX #14 (crate `unicode-linebreak`), across spans of
//! different styles. A token wider than the measure (a long URL, a run of
//! 3,000 letters) is broken between characters so nothing is drawn past the
//! margin.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use crate::doc::Url;
use crate::doc::style::Color;
use crate::fonts::{Face, Fonts, Style, is_invisible};

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
}

impl TextSpan {
    /// A span with no link.
    pub fn new(text: impl Into<String>, style: Style, size: f32, color: Color) -> Self {
        TextSpan {
            text: text.into(),
            style,
            size,
            color,
            link: None,
        }
    }
}

/// A piece of one line in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub style: Style,
    pub size: f32,
    pub color: Color,
    pub link: Option<Url>,
    /// Offset of the run from the start of its line, in points.
    pub x: f32,
    /// Advance width of the run, in points.
    pub width: f32,
}

/// One set line: runs left to right, trailing spaces removed.
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

    /// The line's text, runs joined.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// Combining marks, which must stay with the character before them.
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Whitespace that may hang past the end of a line (not the no-break spaces).
fn is_trailing_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

/// Makes `text` safe to draw in `face`: NFC-normalizes it, turns tabs into
/// spaces and line/paragraph separators into `\n`, drops control and
/// invisible format characters, and replaces every run of characters the face
/// lacks (emoji, scripts it does not cover) by one U+FFFD, or `?` if the face
/// lacks that too. Everything left has a glyph, so what is measured is drawn.
pub fn sanitize(face: &Face, text: &str) -> String {
    let replacement = if face.has_char('\u{FFFD}') {
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
        if face.has_char(c) {
            out.push(c);
            last_replaced = false;
        } else if c == '\u{00A0}' || c == '\u{202F}' {
            out.push(' ');
            last_replaced = false;
        } else if is_invisible(c) || (last_replaced && (is_combining(c) || c == '\u{200D}')) {
            continue;
        } else if !last_replaced {
            out.push(replacement);
            last_replaced = true;
        }
    }
    out
}

/// Width of `text` in points when set in `style` at `size` (after [`sanitize`]).
pub fn measure(fonts: &Fonts, style: Style, size: f32, text: &str) -> f32 {
    let face = fonts.face(style);
    face.width(&sanitize(face, text), size)
}

/// The widest unbreakable piece of the spans (the least width they can be set
/// in without breaking a word), and their width on one line, in points.
pub fn min_max_width(fonts: &Fonts, spans: &[TextSpan]) -> (f32, f32) {
    let p = Prepared::new(fonts, spans);
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

struct Segment {
    start: usize,
    end: usize,
    mandatory: bool,
}

/// The spans flattened into one character sequence with prefix widths.
struct Prepared<'a> {
    spans: &'a [TextSpan],
    chars: Vec<char>,
    /// Index into `spans` for every character.
    span_of: Vec<usize>,
    /// `cum[i]` is the width of `chars[..i]`.
    cum: Vec<f32>,
    segments: Vec<Segment>,
}

impl<'a> Prepared<'a> {
    fn new(fonts: &Fonts, spans: &'a [TextSpan]) -> Self {
        let mut all = String::new();
        let mut chars = Vec::new();
        let mut span_of = Vec::new();
        let mut cum = vec![0.0f32];
        let mut byte_to_char = Vec::new();
        for (si, span) in spans.iter().enumerate() {
            let face = fonts.face(span.style);
            let size = if span.size.is_finite() && span.size > 0.0 {
                span.size
            } else {
                0.0
            };
            for c in sanitize(face, &span.text).chars() {
                byte_to_char.extend(std::iter::repeat_n(chars.len(), c.len_utf8()));
                all.push(c);
                chars.push(c);
                span_of.push(si);
                let w = if c == '\n' {
                    0.0
                } else {
                    face.advance(c).unwrap_or(0.0) * size
                };
                let prev = *cum.last().unwrap_or(&0.0);
                cum.push(prev + w);
            }
        }
        byte_to_char.push(chars.len());
        let mut segments = Vec::new();
        let mut start = 0;
        for (byte, op) in linebreaks(&all) {
            let end = byte_to_char.get(byte).copied().unwrap_or(chars.len());
            if end <= start && byte < all.len() {
                continue;
            }
            segments.push(Segment {
                start,
                end,
                mandatory: op == BreakOpportunity::Mandatory && end < chars.len(),
            });
            start = end;
        }
        Prepared {
            spans,
            chars,
            span_of,
            cum,
            segments,
        }
    }

    fn visible_end(&self, start: usize, end: usize) -> usize {
        let mut ve = end;
        while ve > start && is_trailing_space(self.chars[ve - 1]) {
            ve -= 1;
        }
        ve
    }

    fn width(&self, start: usize, end: usize) -> f32 {
        self.cum[end] - self.cum[start]
    }

    fn line(&self, start: usize, end: usize) -> Line {
        let mut runs: Vec<Run> = Vec::new();
        let mut i = start;
        while i < end {
            let si = self.span_of[i];
            let mut j = i;
            while j < end && self.span_of[j] == si {
                j += 1;
            }
            let text: String = self.chars[i..j].iter().filter(|&&c| c != '\n').collect();
            if !text.is_empty() {
                let span = &self.spans[si];
                runs.push(Run {
                    text,
                    style: span.style,
                    size: span.size,
                    color: span.color,
                    link: span.link.clone(),
                    x: self.width(start, i),
                    width: self.width(i, j),
                });
            }
            i = j;
        }
        Line {
            runs,
            width: self.width(start, end),
        }
    }

    /// Where to cut a too-wide token that starts at `i`: the most characters
    /// that fit in `max_width`, at least one, never before a combining mark.
    fn char_cut(&self, i: usize, end: usize, max_width: f32) -> usize {
        let mut j = i + 1;
        while j < end && (self.width(i, j + 1) <= max_width + EPS || is_combining(self.chars[j])) {
            j += 1;
        }
        while j < end && is_combining(self.chars[j]) {
            j += 1;
        }
        j
    }
}

/// Breaks `spans` into lines no wider than `max_width` points.
///
/// Returns no lines when the spans hold no visible text. Each line holds at
/// least one character, so a measure narrower than a single glyph still ends.
pub fn break_lines(fonts: &Fonts, spans: &[TextSpan], max_width: f32) -> Vec<Line> {
    let max_width = if max_width.is_finite() {
        max_width.max(0.0)
    } else {
        f32::MAX
    };
    let p = Prepared::new(fonts, spans);
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut line_start = 0usize;
    let mut line_end = 0usize;
    for seg in &p.segments {
        let ve = p.visible_end(seg.start, seg.end);
        let empty = line_start == seg.start;
        if !empty && p.width(line_start, ve) > max_width + EPS {
            bounds.push((line_start, line_end));
            line_start = seg.start;
        }
        if line_start == seg.start && p.width(seg.start, ve) > max_width + EPS {
            let mut i = seg.start;
            loop {
                let j = p.char_cut(i, ve, max_width);
                if j >= ve {
                    break;
                }
                bounds.push((i, j));
                i = j;
            }
            line_start = i;
        }
        line_end = ve;
        if seg.mandatory {
            bounds.push((line_start, line_end));
            line_start = seg.end;
            line_end = seg.end;
        }
    }
    if line_start < p.chars.len() {
        bounds.push((line_start, line_end.max(line_start)));
    }
    let lines: Vec<Line> = bounds.into_iter().map(|(s, e)| p.line(s, e)).collect();
    if lines.iter().all(|l| l.runs.is_empty()) {
        return Vec::new();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, style: Style) -> TextSpan {
        TextSpan::new(text, style, 10.0, Color::BLACK)
    }

    fn fonts() -> &'static Fonts {
        Fonts::builtin()
    }

    #[test]
    fn no_line_wider_than_the_measure() {
        let text = "Nguyễn Văn Đài, a lawyer, was sentenced under Article 79. \
                    La liberté d’expression n’est pas négociable. ¿Cuántas personas \
                    siguen detenidas? Luật An ninh mạng 2018 restricts online speech. ";
        let spans = vec![
            span(text, Style::Regular),
            span("Bold words here ", Style::Bold),
            span(&text.repeat(3), Style::Italic),
        ];
        for width in [40.0, 80.0, 123.4, 200.0, 451.0] {
            let lines = break_lines(fonts(), &spans, width);
            assert!(lines.len() > 1);
            for l in &lines {
                assert!(
                    l.width <= width + EPS,
                    "{} > {width}: {:?}",
                    l.width,
                    l.text()
                );
                let last = l.runs.last().unwrap();
                assert!((last.x + last.width - l.width).abs() < 0.01);
                assert!(!l.text().ends_with(' '));
            }
            // Nothing lost: the words come back in order.
            let joined: Vec<String> = lines.iter().map(Line::text).collect();
            let words: Vec<&str> = joined.iter().flat_map(|l| l.split(' ')).collect();
            let expect: Vec<&str> = spans
                .iter()
                .flat_map(|s| s.text.split_whitespace())
                .collect();
            assert_eq!(words.concat(), expect.concat());
        }
    }

    #[test]
    fn a_3000_char_word_breaks_by_characters() {
        let word = "ư".repeat(1500) + &"x".repeat(1500);
        let spans = vec![span(&format!("Before {word} after"), Style::Regular)];
        let lines = break_lines(fonts(), &spans, 200.0);
        assert!(lines.len() > 10);
        for l in &lines {
            assert!(l.width <= 200.0 + EPS);
        }
        let total: usize = lines.iter().map(|l| l.text().chars().count()).sum();
        assert_eq!(total, 3000 + "Before".len() + "after".len() + 1);
        assert_eq!(lines[0].text(), "Before");
    }

    #[test]
    fn long_url_breaks_and_keeps_its_link() {
        let mut s = span(
            "https://example.org/a/very/long/path/that/never/ends/with/query?x=1&y=2&z=3&w=4",
            Style::Regular,
        );
        s.link = Url::parse("https://example.org/");
        let lines = break_lines(fonts(), &[span("See ", Style::Regular), s], 90.0);
        assert!(lines.len() >= 3);
        for l in &lines {
            assert!(l.width <= 90.0 + EPS);
        }
        assert!(lines.iter().skip(1).all(|l| l.runs[0].link.is_some()));
    }

    #[test]
    fn tiny_or_silly_measures_terminate() {
        let spans = vec![span("Đài ab", Style::Bold)];
        for w in [0.0, -5.0, 0.5, f32::NAN, f32::INFINITY] {
            let lines = break_lines(fonts(), &spans, w);
            assert!(!lines.is_empty());
        }
        assert!(break_lines(fonts(), &[], 100.0).is_empty());
        assert!(break_lines(fonts(), &[span("   ", Style::Regular)], 100.0).is_empty());
    }

    #[test]
    fn mandatory_breaks_and_styles_across_spans() {
        let spans = vec![
            span("one\ntwo ", Style::Regular),
            span("Nguyễn", Style::Bold),
            span(", ba", Style::Italic),
        ];
        let lines = break_lines(fonts(), &spans, 500.0);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "one");
        assert_eq!(lines[1].text(), "two Nguyễn, ba");
        assert_eq!(lines[1].runs.len(), 3);
        assert_eq!(lines[1].runs[1].style, Style::Bold);
    }

    #[test]
    fn missing_glyphs_are_substituted() {
        let face = fonts().face(Style::Regular);
        assert_eq!(sanitize(face, "ok 😀👍🏽 fine"), "ok \u{FFFD} fine");
        assert_eq!(sanitize(face, "a\u{7}b\u{0}c\td\r\n"), "abc d\n");
        // Decomposed input comes out precomposed (NFC).
        assert_eq!(sanitize(face, "Nguye\u{302}\u{303}n"), "Nguyễn");
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
