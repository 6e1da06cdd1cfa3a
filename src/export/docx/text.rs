//! Text as WordprocessingML may hold it (NFC, without the characters XML
//! forbids, escaped: [`crate::export::xml`]) and the language as Word names it.

use crate::doc::LanguageTag;

pub(super) use crate::export::xml::{clean, escape};

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
