//! How far a list is indented: the one rule both formats follow, so that
//! a list's text starts at the same place in the PDF and the DOCX.

use super::text::measure;
use crate::doc::style::{ListStyle, StyleSheet};
use crate::fonts::{Fonts, Style};

/// The markers of a list's `count` items at nesting `depth`, numbered
/// from `start` when `ordered`.
pub fn list_markers(
    lists: &ListStyle,
    ordered: bool,
    depth: usize,
    start: u32,
    count: usize,
) -> Vec<String> {
    (0..count)
        .map(|k| lists.marker(ordered, depth, u64::from(start) + k as u64))
        .collect()
}

/// How far the text of a list with `markers` is indented from the start
/// of the `width` it is set in: the style's indent, or more when the
/// widest marker (set at the body's size, with the style's gap after it)
/// needs it, but never more than the style's share of `width`. The
/// markers hang at the start of the indent, as Word sets them.
pub fn list_indent(fonts: &Fonts, style: &StyleSheet, markers: &[String], width: f32) -> f32 {
    let lists = &style.lists;
    let size = style.body.size;
    let gap = size * lists.marker_gap;
    let widest = markers
        .iter()
        .map(|m| measure(fonts, Style::Regular, size, m))
        .fold(0.0, f32::max);
    lists
        .indent
        .max(widest + gap)
        .min(width * lists.max_indent_share)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_indented_by_the_style_unless_its_markers_need_more() {
        let style = StyleSheet::default();
        let fonts = Fonts::builtin();
        let short = list_markers(&style.lists, true, 0, 1, 9);
        assert_eq!(list_indent(fonts, &style, &short, 450.0), 18.0);
        let bullets = list_markers(&style.lists, false, 1, 1, 3);
        assert_eq!(bullets, ["–", "–", "–"]);
        assert_eq!(list_indent(fonts, &style, &bullets, 450.0), 18.0);
        // "1000." is wider than the indent: the indent widens to it and
        // half an em, but not past half the width.
        let long = list_markers(&style.lists, true, 0, 998, 3);
        let widest = measure(fonts, Style::Regular, 10.5, "1000.");
        let indent = list_indent(fonts, &style, &long, 450.0);
        assert!(widest + 5.25 > 18.0);
        assert_eq!(indent, widest + 5.25);
        assert_eq!(list_indent(fonts, &style, &long, 40.0), 20.0);
    }
}
