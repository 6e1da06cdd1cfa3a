//! Setting text that must stay on one line (the running header, the
//! footer line, the page label, a list marker), shortened with an
//! ellipsis when it is too wide.

use super::itemize::Prepared;
use super::{EPS, Line, TextSpan, measure};
use crate::fonts::Fonts;

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
        // Cuts before `untried` fit; cuts from `too_wide` on do not.
        let (mut untried, mut too_wide) = (0, cuts.len());
        let mut best = None;
        while untried < too_wide {
            let mid = (untried + too_wide) / 2;
            let line = with_cut(mid);
            if line.0.width <= width + EPS {
                best = Some(line);
                untried = mid + 1;
            } else {
                too_wide = mid;
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
