//! Where a paragraph may break: UAX #14's opportunities, or ICU4X's
//! dictionaries for a script written without spaces between words, never
//! inside a range of numbers.

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use unicode_linebreak::linebreaks;

pub(super) struct Segment {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) mandatory: bool,
}

/// Characters of scripts written without spaces between words, which only
/// a dictionary can break (UAX #14's class SA).
fn needs_dictionary(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}'
        | '\u{19E0}'..='\u{19FF}' | '\u{1A20}'..='\u{1AAF}' | '\u{A9E0}'..='\u{A9FF}'
        | '\u{AA60}'..='\u{AADF}')
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
pub(super) fn segments(text: &str, chars: &[char], char_byte: &[usize]) -> Vec<Segment> {
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

#[cfg(test)]
mod tests {
    use super::super::break_lines;
    use super::super::tests::{fonts, span};
    use super::*;
    use crate::fonts::Style;

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
