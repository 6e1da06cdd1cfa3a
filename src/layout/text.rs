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

use std::cell::RefCell;

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use rustc_hash::FxHashMap;
use unicode_bidi::{BidiInfo, Level};
use unicode_linebreak::linebreaks;

use super::shape::{Glyph, shape};
use crate::doc::quotes::{closes_quote, is_quote_space, opens_quote};
use crate::doc::style::Color;
use crate::doc::{Direction, Url};
use crate::fonts::{FaceKey, Fonts, Style, is_invisible};

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
    /// The index of the span the run is part of, among the spans that were
    /// set (so the layout can tell which inline it draws).
    pub span: usize,
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
    /// The shaped glyphs, left to right; each glyph's `cluster` is the
    /// index in `text`'s characters of the first character it stands for.
    pub glyphs: Vec<Glyph>,
}

impl Run {
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

/// Whitespace that may hang past the end of a line (not the no-break spaces).
fn is_trailing_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

/// Characters of scripts written without spaces between words, which only
/// a dictionary can break (UAX #14's class SA).
fn needs_dictionary(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}'
        | '\u{19E0}'..='\u{19FF}' | '\u{1A20}'..='\u{1AAF}' | '\u{A9E0}'..='\u{A9FF}'
        | '\u{AA60}'..='\u{AADF}')
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

struct Segment {
    start: usize,
    end: usize,
    mandatory: bool,
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
struct Prepared<'a> {
    spans: &'a [TextSpan],
    chars: Vec<char>,
    /// Whether a character starts a cluster (lines are never cut inside one).
    cluster_start: Vec<bool>,
    /// `cum[i]` is the width of `chars[..i]`.
    cum: Vec<f32>,
    items: Vec<Item>,
    segments: Vec<Segment>,
    /// The document reads right to left: lines list runs from the right.
    rtl_doc: bool,
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
    fn new(fonts: &Fonts, spans: &'a [TextSpan], rtl_doc: bool) -> Self {
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

    /// The width of the whole text on one line.
    fn line_width(&self) -> f32 {
        let n = self.chars.len();
        self.width(0, self.visible_end(0, n))
    }

    /// The runs of characters `start..end`, in visual order, listed from
    /// the document's start edge; the one that ends the line logically is
    /// marked when white space follows the line.
    fn line(&self, start: usize, end: usize) -> Line {
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
            let glyphs: Vec<Glyph> = item
                .glyphs
                .iter()
                .filter(|g| (s..e).contains(&(g.cluster as usize)))
                .map(|g| Glyph {
                    cluster: g.cluster - s as u32,
                    ..*g
                })
                .collect();
            let width = self.width(s, e);
            runs.push(Run {
                text: self.chars[s..e].iter().collect(),
                style: span.style,
                family: item.family,
                size: span.size,
                color: span.color,
                link: span.link.clone(),
                span: item.span,
                x,
                width,
                rtl: item.level % 2 == 1,
                space_after: space_after && e == end,
                glyphs,
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
    fn char_cut(&self, i: usize, end: usize, max_width: f32) -> usize {
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

/// Whether a break before `chars[at]` would cut a range of numbers such
/// as "2024–2026" after its en dash, which UAX #14 allows.
fn inside_range(chars: &[char], at: usize) -> bool {
    at >= 2
        && chars[at - 1] == '–'
        && chars[at - 2].is_numeric()
        && chars.get(at).is_some_and(|c| c.is_numeric())
}

/// The line-break opportunities of `text` as character ranges.
fn segments(text: &str, chars: &[char], char_byte: &[usize]) -> Vec<Segment> {
    let n = chars.len();
    let to_char = |byte: usize| {
        char_byte
            .binary_search(&byte)
            .unwrap_or_else(|k| k.min(n))
            .min(n)
    };
    let breaks: Vec<usize> = if chars.iter().any(|&c| needs_dictionary(c)) {
        let segmenter = LineSegmenter::new_auto(LineBreakOptions::default());
        segmenter.segment_str(text).filter(|&b| b > 0).collect()
    } else {
        // A mandatory break is recognised below by the `\n` before it.
        linebreaks(text).map(|(b, _)| b).collect()
    };
    let mut out = Vec::new();
    let mut start = 0;
    for byte in breaks {
        let end = to_char(byte);
        if end <= start && byte < text.len() || inside_range(chars, end) {
            continue;
        }
        out.push(Segment {
            start,
            end,
            mandatory: end > 0 && chars[end - 1] == '\n' && end < n,
        });
        start = end;
    }
    out
}

/// Breaks `spans` into lines no wider than `max_width` points, in a
/// document read right to left when `rtl_doc`.
///
/// Returns no lines when the spans hold no visible text. Each line holds at
/// least one cluster, so a measure narrower than a single glyph still ends.
pub fn break_lines(fonts: &Fonts, spans: &[TextSpan], max_width: f32, rtl_doc: bool) -> Vec<Line> {
    let key = lines_key(fonts, spans, max_width, rtl_doc);
    if let Some(lines) = LINES.with(|c| c.borrow().1.get(&key).cloned()) {
        return lines;
    }
    let lines = break_uncached(fonts, spans, max_width, rtl_doc);
    let cost = key.len()
        + lines
            .iter()
            .flat_map(|l| &l.runs)
            .map(|r| r.text.len() + r.glyphs.len() * std::mem::size_of::<Glyph>() + 128)
            .sum::<usize>();
    LINES.with(|c| {
        let mut c = c.borrow_mut();
        if c.0 + cost > LINES_LIMIT {
            c.1.clear();
            c.0 = 0;
        }
        c.0 += cost;
        c.1.insert(key, lines.clone());
    });
    lines
}

/// Broken paragraphs by [`lines_key`].
type LineCache = FxHashMap<Vec<u8>, Vec<Line>>;

/// Bytes of lines a thread keeps before it starts over.
const LINES_LIMIT: usize = 3 << 20;

thread_local! {
    /// Paragraphs this thread has broken into lines, with roughly how many
    /// bytes they take: packs repeat the same recommendations, rationales
    /// and labels at the same width, which are then set once per thread.
    static LINES: RefCell<(usize, LineCache)> = RefCell::new((0, FxHashMap::default()));
}

/// Everything [`break_lines`] depends on, as bytes: the fonts, the width,
/// the document's direction and each span's text, style, size, colour and
/// link target (each length-prefixed, so no two inputs share a key).
fn lines_key(fonts: &Fonts, spans: &[TextSpan], max_width: f32, rtl_doc: bool) -> Vec<u8> {
    let text: usize = spans.iter().map(|s| s.text.len() + 48).sum();
    let mut key = Vec::with_capacity(16 + text);
    key.extend_from_slice(&fonts.id().to_le_bytes());
    key.extend_from_slice(&max_width.to_bits().to_le_bytes());
    key.push(u8::from(rtl_doc));
    for s in spans {
        key.push(s.style as u8);
        key.push(match s.isolate {
            None => 0,
            Some(Direction::Ltr) => 1,
            Some(Direction::Rtl) => 2,
        });
        for v in [s.size, s.color.r, s.color.g, s.color.b] {
            key.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        let link = s.link.as_ref().map_or("", |u| u.as_str());
        for part in [link, s.text.as_str()] {
            key.extend_from_slice(&(part.len() as u64).to_le_bytes());
            key.extend_from_slice(part.as_bytes());
        }
    }
    key
}

fn break_uncached(fonts: &Fonts, spans: &[TextSpan], max_width: f32, rtl_doc: bool) -> Vec<Line> {
    let max_width = if max_width.is_finite() {
        max_width.max(0.0)
    } else {
        f32::MAX
    };
    let p = Prepared::new(fonts, spans, rtl_doc);
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

/// `spans` on one line within `width`, in a document read right to left
/// when `rtl_doc`: when they are too wide, only `spans[shorten]` is
/// shortened, with an ellipsis, and the others stay whole (a footer's
/// date beside the name it shortens); when even that is not enough, the
/// whole line is shortened at its end as [`fit_line`] does. Returns the
/// line and the texts it was set from: those of `spans`, or the whole
/// line's alone.
pub fn fit_line_shortening(
    fonts: &Fonts,
    spans: &[TextSpan],
    shorten: usize,
    width: f32,
    rtl_doc: bool,
) -> (Line, Vec<String>) {
    let set = |spans: &[TextSpan]| {
        let p = Prepared::new(fonts, spans, rtl_doc);
        let n = p.chars.len();
        let mut line = p.line(0, p.visible_end(0, n));
        line.runs.iter_mut().for_each(|r| r.space_after = false);
        (line, spans.iter().map(|s| s.text.clone()).collect())
    };
    let whole = set(spans);
    if whole.0.width <= width + EPS {
        return whole;
    }
    if shorten < spans.len() {
        let name = Prepared::new(fonts, std::slice::from_ref(&spans[shorten]), rtl_doc);
        let mut parts = spans.to_vec();
        // The longest start of the name, cut between clusters, that fits
        // (found by halving: a longer start is never narrower).
        let cuts: Vec<usize> = (1..name.chars.len())
            .filter(|&j| name.cluster_start[j])
            .filter(|&j| !name.chars[..j].iter().all(|c| c.is_whitespace()))
            .collect();
        let mut with_cut = |k: usize| {
            let kept: String = name.chars[..cuts[k]].iter().collect();
            parts[shorten].text = kept.trim_end().to_string() + "…";
            set(&parts)
        };
        let (mut lo, mut hi) = (0, cuts.len());
        let mut best = None;
        while lo < hi {
            let mid = (lo + hi) / 2;
            let line = with_cut(mid);
            if line.0.width <= width + EPS {
                best = Some(line);
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if let Some(line) = best {
            return line;
        }
    }
    let Some(first) = spans.first() else {
        return whole;
    };
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let (line, text) = fit_text(
        fonts,
        TextSpan {
            text,
            isolate: None,
            ..first.clone()
        },
        width,
        rtl_doc,
    );
    (line, vec![text])
}

/// `span` on one line, shortened with an ellipsis until it fits `width`
/// (empty when not even the ellipsis does), in a document read right to
/// left when `rtl_doc`.
pub fn fit_line(fonts: &Fonts, span: TextSpan, width: f32, rtl_doc: bool) -> Line {
    fit_text(fonts, span, width, rtl_doc).0
}

/// [`fit_line`], with the text the line holds, in reading order.
fn fit_text(fonts: &Fonts, span: TextSpan, width: f32, rtl_doc: bool) -> (Line, String) {
    let text = span.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut span = TextSpan { text, ..span };
    let full = Prepared::new(fonts, std::slice::from_ref(&span), rtl_doc);
    let n = full.chars.len();
    if full.width(0, full.visible_end(0, n)) <= width + EPS {
        let mut line = full.line(0, full.visible_end(0, n));
        line.runs.iter_mut().for_each(|r| r.space_after = false);
        return (line, full.chars[..full.visible_end(0, n)].iter().collect());
    }
    let ellipsis = measure(fonts, span.style, span.size, "…");
    let room = width - ellipsis;
    let mut cut = 0;
    for j in 1..=n {
        if full.width(0, j) > room + EPS {
            break;
        }
        if j == n || full.cluster_start[j] {
            cut = j;
        }
    }
    let kept: String = full.chars[..cut].iter().collect();
    if kept.trim().is_empty() {
        return (Line::default(), String::new());
    }
    span.text = kept.trim_end().to_string() + "…";
    let short = Prepared::new(fonts, std::slice::from_ref(&span), rtl_doc);
    let m = short.chars.len();
    let mut line = short.line(0, short.visible_end(0, m));
    line.runs.iter_mut().for_each(|r| r.space_after = false);
    (line, span.text)
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
    fn a_paragraph_set_again_comes_back_as_set_the_first_time() {
        let spans = vec![
            span("Release bloggers such as ", Style::Regular),
            span("Nguyễn Văn Đài", Style::Bold),
            span(" and Phạm Đoan Trang.", Style::Regular),
        ];
        let first = break_lines(fonts(), &spans, 90.0, false);
        assert!(first.len() > 1);
        assert_eq!(break_lines(fonts(), &spans, 90.0, false), first);
        assert_eq!(break_uncached(fonts(), &spans, 90.0, false), first);
        // A different measure is a different paragraph.
        assert_ne!(break_lines(fonts(), &spans, 400.0, false), first);
    }

    #[test]
    fn the_line_cache_key_tells_every_input_apart() {
        let key = |spans: &[TextSpan], width: f32, rtl: bool| lines_key(fonts(), spans, width, rtl);
        let base = vec![span("ab", Style::Regular), span("c", Style::Regular)];
        let k = key(&base, 100.0, false);
        // The same text cut into other spans.
        let moved = vec![span("a", Style::Regular), span("bc", Style::Regular)];
        assert_ne!(k, key(&moved, 100.0, false));
        assert_ne!(k, key(&base, 100.5, false));
        assert_ne!(k, key(&base, 100.0, true));
        let mut bold = base.clone();
        bold[1].style = Style::Bold;
        assert_ne!(k, key(&bold, 100.0, false));
        let mut bigger = base.clone();
        bigger[0].size = 10.5;
        assert_ne!(k, key(&bigger, 100.0, false));
        let mut red = base.clone();
        red[0].color = Color::rgb8(200, 0, 0);
        assert_ne!(k, key(&red, 100.0, false));
        let mut linked = base.clone();
        linked[0].link = crate::doc::Url::parse("https://example.org");
        assert_ne!(k, key(&linked, 100.0, false));
        // Another set of fonts, even with the same faces.
        let other = Fonts::with_fallbacks(Vec::new(), String::new());
        assert_ne!(k, lines_key(&other, &base, 100.0, false));
        assert_eq!(k, key(&base.clone(), 100.0, false));
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
            let lines = break_lines(fonts(), &spans, width, false);
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
        let lines = break_lines(fonts(), &spans, 200.0, false);
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
        let lines = break_lines(fonts(), &[span("See ", Style::Regular), s], 90.0, false);
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
            let lines = break_lines(fonts(), &spans, w, false);
            assert!(!lines.is_empty());
        }
        assert!(break_lines(fonts(), &[], 100.0, false).is_empty());
        assert!(break_lines(fonts(), &[span("   ", Style::Regular)], 100.0, false).is_empty());
    }

    #[test]
    fn mandatory_breaks_and_styles_across_spans() {
        let spans = vec![
            span("one\ntwo ", Style::Regular),
            span("Nguyễn", Style::Bold),
            span(", ba", Style::Italic),
        ];
        let lines = break_lines(fonts(), &spans, 500.0, false);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "one");
        assert_eq!(lines[1].text(), "two Nguyễn, ba");
        assert_eq!(lines[1].runs.len(), 3);
        assert_eq!(lines[1].runs[1].style, Style::Bold);
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

    /// Break opportunities of `text`, as the characters before each.
    fn breaks(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut char_byte: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        char_byte.push(text.len());
        segments(text, &chars, &char_byte)
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn chinese_breaks_between_ideographs_never_before_closing_punctuation() {
        let parts = breaks("言论自由，包括（网络）言论。");
        assert!(parts.len() > 5, "{parts:?}");
        for p in &parts {
            let first = p.chars().next().unwrap();
            let last = p.chars().last().unwrap();
            assert!(
                !"，。）」".contains(first),
                "a line would start with {first}: {parts:?}"
            );
            assert!(
                !"（「".contains(last),
                "a line would end with {last}: {parts:?}"
            );
        }
        assert_eq!(parts.concat(), "言论自由，包括（网络）言论。");
    }

    #[test]
    fn thai_and_khmer_break_between_words_by_dictionary() {
        // No spaces: UAX #14 alone gives no opportunity inside.
        let thai = "พระราชบัญญัติว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์";
        assert_eq!(linebreaks(thai).count(), 1);
        let parts = breaks(thai);
        assert!(parts.len() >= 5, "{parts:?}");
        assert!(parts.contains(&"คอมพิวเตอร์".to_string()), "{parts:?}");
        assert_eq!(parts.concat(), thai);
        let khmer = "ច្បាប់ស្តីពីការគ្រប់គ្រងប្រព័ន្ធទូរគមនាគមន៍";
        let parts = breaks(khmer);
        assert!(parts.len() >= 3, "{parts:?}");
        // Never inside a cluster: no part starts with a combining sign.
        for p in &parts {
            let c = p.chars().next().unwrap();
            assert!(!('\u{17B6}'..='\u{17D3}').contains(&c), "{parts:?}");
        }
    }

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

    #[test]
    fn a_range_of_years_is_never_broken() {
        let text = "France (2024–2026) and 2019 – 2021, x–2";
        let parts = breaks(text);
        assert!(parts.iter().any(|p| p == "(2024–2026) "), "{parts:?}");
        // A spaced dash still breaks, as does a dash after a letter.
        assert!(parts.iter().any(|p| p == "– "), "{parts:?}");
        assert!(parts.iter().any(|p| p == "x–"), "{parts:?}");
        // Set in a narrow measure, the range stays on one line.
        let lines = break_lines(
            fonts(),
            &[span("France (2024–2026)", Style::Regular)],
            60.0,
            false,
        );
        assert!(lines.iter().any(|l| l.text() == "(2024–2026)"), "{lines:?}");
    }
}
