//! Itemizing a paragraph: its spans flattened into one text, each
//! character given a font family and a bidi level (a span in another
//! language set apart as an isolate, with the quotation marks that enclose
//! it), runs of one span, family and level shaped; then the runs of any
//! stretch of it in visual order, as a [`Line`].

use unicode_bidi::{BidiInfo, Level};

use super::segment::{Segment, segments};
use super::{EPS, GlyphOffset, Line, Run, RunGlyph, TextSpan, sanitize};
use crate::doc::Direction;
use crate::doc::quotes::{closes_quote, is_quote_space, opens_quote};
use crate::fonts::{FaceKey, Fonts};
use crate::layout::shape::{Glyph, shape};

/// Whitespace that may hang past the end of a line (not the no-break spaces).
fn is_trailing_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

/// A run of characters in one span, family and bidi level, shaped.
struct Item {
    /// Character range in the paragraph.
    start: usize,
    end: usize,
    span: usize,
    family: u8,
    level: u8,
    /// Glyphs left to right; `cluster` is a character index in the paragraph.
    glyphs: Vec<Glyph>,
}

/// The spans flattened into one character sequence, shaped, with prefix widths.
pub(super) struct Prepared<'a> {
    pub(super) spans: &'a [TextSpan],
    pub(super) chars: Vec<char>,
    /// Whether a character starts a cluster (lines are never cut inside one).
    pub(super) cluster_start: Vec<bool>,
    /// `cum[i]` is the width of `chars[..i]`.
    pub(super) cum: Vec<f32>,
    items: Vec<Item>,
    pub(super) segments: Vec<Segment>,
    /// The document reads right to left: lines list runs from the right.
    pub(super) rtl_doc: bool,
}

/// The character ranges to set apart as bidi isolates, each with its
/// direction: every span with an [`TextSpan::isolate`] direction, widened
/// to the quotation marks (and the spaces inside them) that enclose it,
/// neighbours of one direction merged into one isolate.
fn isolates(
    chars: &[char],
    spans: &[(usize, usize, Option<Direction>)],
) -> Vec<(usize, usize, Direction)> {
    let mut out: Vec<(usize, usize, Direction)> = Vec::new();
    for &(s, e, dir) in spans {
        let Some(dir) = dir else { continue };
        if s >= e {
            continue;
        }
        let (mut s, mut e) = (s, e);
        let mut k = s;
        while k > 0 && is_quote_space(chars[k - 1]) {
            k -= 1;
        }
        if k > 0 && opens_quote(chars[k - 1]) {
            s = k - 1;
        }
        let mut k = e;
        while k < chars.len() && is_quote_space(chars[k]) {
            k += 1;
        }
        if k < chars.len() && closes_quote(chars[k]) {
            e = k + 1;
        }
        match out.last_mut() {
            Some(last) if last.2 == dir && last.1 >= s => last.1 = last.1.max(e),
            last => {
                let s = s.max(last.map_or(0, |l| l.1));
                if s < e {
                    out.push((s, e, dir));
                }
            }
        }
    }
    out
}

impl<'a> Prepared<'a> {
    pub(super) fn new(fonts: &Fonts, spans: &'a [TextSpan], rtl_doc: bool) -> Self {
        let mut all = String::new();
        let mut chars = Vec::new();
        let mut char_byte = Vec::new();
        let mut span_of = Vec::new();
        let mut ranges = Vec::with_capacity(spans.len());
        for (si, span) in spans.iter().enumerate() {
            let from = chars.len();
            for c in sanitize(fonts, &span.text).chars() {
                char_byte.push(all.len());
                all.push(c);
                chars.push(c);
                span_of.push(si);
            }
            ranges.push((from, chars.len(), span.isolate));
        }
        char_byte.push(all.len());
        let n = chars.len();
        let isolates = isolates(&chars, &ranges);

        // Bidi levels: all 0 in the common case of left-to-right text with
        // nothing that could read otherwise.
        let levels: Vec<u8> = if !rtl_doc
            && isolates.iter().all(|i| i.2 == Direction::Ltr)
            && chars.iter().all(|&c| (c as u32) < 0x0590)
        {
            vec![0; n]
        } else {
            // The text the algorithm sees: the isolates' initiators (LRI,
            // RLI) and terminators (PDI) around them, never drawn.
            let mut text = String::with_capacity(all.len() + 6 * isolates.len());
            let mut at = Vec::with_capacity(n);
            let mut next = isolates.iter().peekable();
            let mut open: Option<usize> = None;
            for (i, &c) in chars.iter().enumerate() {
                if let Some(&&(s, e, dir)) = next.peek()
                    && s == i
                {
                    text.push(if dir.is_rtl() { '\u{2067}' } else { '\u{2066}' });
                    open = Some(e);
                    next.next();
                }
                at.push(text.len());
                text.push(c);
                if open == Some(i + 1) {
                    text.push('\u{2069}');
                    open = None;
                }
            }
            let base = if rtl_doc { Level::rtl() } else { Level::ltr() };
            let info = BidiInfo::new(&text, Some(base));
            at.iter().map(|&b| info.levels[b].number()).collect()
        };

        // Items: maximal runs of one span, family and level (`\n` in none).
        let mut items: Vec<Item> = Vec::new();
        let mut prev_family: Option<u8> = None;
        let mut i = 0;
        while i < n {
            if chars[i] == '\n' {
                prev_family = None;
                i += 1;
                continue;
            }
            let family = fonts.family_for(chars[i], prev_family).unwrap_or(0);
            let mut j = i + 1;
            let mut fam = family;
            while j < n && chars[j] != '\n' && span_of[j] == span_of[i] && levels[j] == levels[i] {
                let f = fonts.family_for(chars[j], Some(fam)).unwrap_or(0);
                if f != family {
                    break;
                }
                fam = f;
                j += 1;
            }
            prev_family = Some(family);
            items.push(Item {
                start: i,
                end: j,
                span: span_of[i],
                family,
                level: levels[i],
                glyphs: Vec::new(),
            });
            i = j;
        }

        // Shape every item; a glyph's width counts at its cluster's first character.
        let mut width = vec![0.0f32; n];
        let mut cluster_start = vec![false; n];
        for item in &mut items {
            let span = &spans[item.span];
            let size = if span.size.is_finite() && span.size > 0.0 {
                span.size
            } else {
                0.0
            };
            let face = fonts.face_of(FaceKey {
                family: item.family,
                style: span.style,
            });
            let base = char_byte[item.start];
            let text = &all[base..char_byte[item.end]];
            let mut glyphs = shape(face, text, item.level % 2 == 1);
            for g in &mut glyphs {
                let byte = base + g.cluster as usize;
                let ci = char_byte[..n]
                    .binary_search(&byte)
                    .unwrap_or_else(|k| k.saturating_sub(1));
                g.cluster = ci as u32;
                width[ci] += g.advance * size;
                cluster_start[ci] = true;
            }
            item.glyphs = glyphs;
        }
        let mut cum = Vec::with_capacity(n + 1);
        cum.push(0.0f32);
        for w in &width {
            let prev = *cum.last().unwrap_or(&0.0);
            cum.push(prev + w);
        }

        let segments = segments(&all, &chars, &char_byte);
        Prepared {
            spans,
            chars,
            cluster_start,
            cum,
            items,
            segments,
            rtl_doc,
        }
    }

    pub(super) fn visible_end(&self, start: usize, end: usize) -> usize {
        let mut ve = end;
        while ve > start && is_trailing_space(self.chars[ve - 1]) {
            ve -= 1;
        }
        ve
    }

    pub(super) fn width(&self, start: usize, end: usize) -> f32 {
        self.cum[end] - self.cum[start]
    }

    /// The width of the whole text on one line.
    pub(super) fn line_width(&self) -> f32 {
        let n = self.chars.len();
        self.width(0, self.visible_end(0, n))
    }

    /// The runs of characters `start..end`, in visual order, listed from
    /// the document's start edge; the one that ends the line logically is
    /// marked when white space follows the line.
    pub(super) fn line(&self, start: usize, end: usize) -> Line {
        let space_after = self.chars.get(end).is_some_and(|c| c.is_whitespace());
        // Pieces of items inside the line, in logical order.
        let mut pieces: Vec<(usize, usize, &Item)> = Vec::new();
        for item in &self.items {
            let s = item.start.max(start);
            let e = item.end.min(end);
            if s < e {
                pieces.push((s, e, item));
            }
        }
        // Rule L2: from the highest level down to the lowest odd one,
        // reverse every stretch of pieces at that level or higher.
        let max = pieces.iter().map(|p| p.2.level).max().unwrap_or(0);
        let min_odd = pieces
            .iter()
            .map(|p| p.2.level)
            .filter(|l| l % 2 == 1)
            .min()
            .unwrap_or(max + 1);
        let mut level = max;
        while level >= min_odd && level > 0 {
            let mut k = 0;
            while k < pieces.len() {
                if pieces[k].2.level >= level {
                    let from = k;
                    while k < pieces.len() && pieces[k].2.level >= level {
                        k += 1;
                    }
                    pieces[from..k].reverse();
                } else {
                    k += 1;
                }
            }
            level -= 1;
        }
        if self.rtl_doc {
            pieces.reverse();
        }
        let mut runs = Vec::with_capacity(pieces.len());
        let mut x = 0.0;
        for (s, e, item) in pieces {
            let span = &self.spans[item.span];
            // Exactly as long as it needs to be: a long document's lines
            // are all held until its pages are drawn.
            let inside = |g: &&Glyph| (s..e).contains(&(g.cluster as usize));
            let mut glyphs = Vec::with_capacity(item.glyphs.iter().filter(inside).count());
            let mut offsets = Vec::new();
            for g in item.glyphs.iter().filter(inside) {
                if g.dx != 0.0 || g.dy != 0.0 {
                    offsets.push(GlyphOffset {
                        glyph: glyphs.len() as u32,
                        dx: g.dx,
                        dy: g.dy,
                    });
                }
                glyphs.push(RunGlyph {
                    id: g.id,
                    advance: g.advance,
                    cluster: g.cluster - s as u32,
                });
            }
            let width = self.width(s, e);
            runs.push(Run {
                text: self.chars[s..e].iter().collect(),
                style: span.style,
                family: item.family,
                size: span.size,
                color: span.color,
                link: span.link.clone(),
                change: span.change,
                span: item.span as u32,
                x,
                width,
                rtl: item.level % 2 == 1,
                space_after: space_after && e == end,
                glyphs: glyphs.into(),
                offsets: offsets.into(),
            });
            x += width;
        }
        Line {
            runs,
            width: self.width(start, end),
        }
    }

    /// Where to cut a too-wide token that starts at `i`: the most characters
    /// that fit in `max_width`, at least one cluster, never inside a cluster.
    pub(super) fn char_cut(&self, i: usize, end: usize, max_width: f32) -> usize {
        let mut j = i + 1;
        while j < end && (self.width(i, j + 1) <= max_width + EPS || !self.cluster_start[j]) {
            j += 1;
        }
        while j < end && !self.cluster_start[j] {
            j += 1;
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fonts, span};
    use super::super::{TextSpan, break_lines};
    use crate::doc::Direction;
    use crate::fonts::Style;

    /// The runs of `spans` set on one line in a right-to-left document,
    /// from the left edge as drawn (the layout lists them from the right).
    fn drawn_from_left(spans: &[TextSpan]) -> Vec<String> {
        let lines = break_lines(fonts(), spans, 1000.0, true);
        assert_eq!(lines.len(), 1);
        let mut runs = lines[0].runs.clone();
        runs.sort_by(|a, b| b.x.total_cmp(&a.x));
        runs.into_iter().map(|r| r.text).collect()
    }

    #[test]
    fn text_in_another_direction_keeps_its_punctuation_and_quotation_marks() {
        let english = |t: &str| TextSpan {
            isolate: Some(Direction::Ltr),
            ..span(t, Style::Regular)
        };
        // An English sentence alone in a right-to-left paragraph: its full
        // stop stays at its end, on the right.
        let alone = drawn_from_left(&[english("Held for more than 590.")]);
        assert_eq!(alone.concat(), "Held for more than 590.");
        // Not set apart, the full stop goes to the paragraph's end, the left.
        let plain = drawn_from_left(&[span("Held for more than 590.", Style::Regular)]);
        assert_eq!(plain.first().map(String::as_str), Some("."), "{plain:?}");
        // A quote: its quotation marks enclose it, left to right.
        let quoted = drawn_from_left(&[
            span("قال: “", Style::Bold),
            english("the rights of detainees."),
            span("” — انتهى", Style::Regular),
        ]);
        let text = quoted.concat();
        assert!(text.contains("“the rights of detainees.”"), "{quoted:?}");
        // Two spans of one quote stay in their order.
        let two = drawn_from_left(&[
            span("قال ", Style::Regular),
            english("first "),
            TextSpan {
                isolate: Some(Direction::Ltr),
                ..span("second", Style::Bold)
            },
        ]);
        let text = two.concat();
        assert!(text.starts_with("first second"), "{two:?}");
    }

    #[test]
    fn mirrored_quotation_marks_around_text_in_another_direction_read_left_to_right() {
        let english = |t: &str| TextSpan {
            isolate: Some(Direction::Ltr),
            ..span(t, Style::Regular)
        };
        // Guillemets mirror in a right-to-left run: the ones enclosing an
        // English quote belong to the quote's left-to-right run.
        let spans = [
            span("قال: «", Style::Regular),
            english("the rights of detainees, including prompt access to a lawyer."),
            span("» — انتهى", Style::Regular),
        ];
        // On one line, and broken over several.
        for width in [1000.0, 120.0] {
            let lines = break_lines(fonts(), &spans, width, true);
            let runs: Vec<(String, bool)> = lines
                .iter()
                .flat_map(|l| l.runs.iter())
                .map(|r| (r.text.clone(), r.rtl))
                .collect();
            for mark in ["«", "»"] {
                assert!(
                    runs.iter()
                        .any(|(t, rtl)| t.contains(mark) && t.len() > 3 && !rtl)
                        || runs.iter().any(|(t, rtl)| t == mark && !rtl),
                    "{mark} not left to right beside the quote: {runs:?}"
                );
            }
        }
    }
}
