//! Text as WordprocessingML may hold it: NFC, without the characters XML
//! forbids, escaped for content and attributes; the
//! language as Word names it.

use crate::doc::LanguageTag;

/// NFC text with every character XML 1.0 forbids removed, and C1 controls too.
pub(super) fn clean(text: &str) -> String {
    crate::nfc::nfc(text)
        .chars()
        .filter(|&c| allowed_char(c))
        .collect()
}

pub(super) fn allowed_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{7E}'
        | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes text for XML content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The language for `w:lang`: Word wants language and region.
pub(super) fn word_language(tag: &LanguageTag) -> String {
    match tag.as_str().to_ascii_lowercase().as_str() {
        "en" => "en-GB".into(),
        "fr" => "fr-FR".into(),
        "es" => "es-ES".into(),
        "vi" => "vi-VN".into(),
        "pt" => "pt-PT".into(),
        "de" => "de-DE".into(),
        "ru" => "ru-RU".into(),
        "zh" => "zh-CN".into(),
        "ar" => "ar-SA".into(),
        _ => tag.as_str().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_what_xml_forbids_and_composes() {
        assert_eq!(clean("a\u{0}b\u{1}c\u{B}d\u{FFFE}e\u{85}f"), "abcdef");
        assert_eq!(clean("tab\tline\n"), "tab\tline\n");
        // "Nguyễn" decomposed becomes NFC.
        let decomposed = "Nguye\u{302}\u{303}n";
        assert_eq!(clean(decomposed), "Nguy\u{1EC5}n");
    }

    #[test]
    fn language_tags() {
        let word = |t: &str| word_language(&LanguageTag::from(t));
        assert_eq!(word("fr"), "fr-FR");
        assert_eq!(word("en-US"), "en-US");
        assert_eq!(word("x\"y"), "");
    }
}
