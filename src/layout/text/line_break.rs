//! Breaking a paragraph into lines: greedily at its break opportunities,
//! a token wider than the measure cut between clusters; each paragraph
//! broken once per thread.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::RunGlyph;
use super::itemize::Prepared;
use super::{EPS, Line, TextSpan};
use crate::doc::Direction;
use crate::fonts::Fonts;

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
            .map(|r| r.text.len() + r.glyphs.len() * std::mem::size_of::<RunGlyph>() + 128)
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

#[cfg(test)]
mod tests {
    use super::super::tests::{fonts, span};
    use super::*;
    use crate::doc::Url;
    use crate::doc::style::Color;
    use crate::fonts::Style;

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
}
