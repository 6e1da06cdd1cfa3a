//! Text as WordprocessingML may hold it: NFC, without the characters XML
//! forbids, escaped for content and attributes; link targets as URIs; the
//! language as Word names it.

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

/// A hyperlink target as a URI: whitespace trimmed, forbidden characters
/// dropped, and everything outside RFC 3986's set percent-encoded (Word
/// reports a damaged file for some malformed targets).
pub(super) fn uri(link: &str) -> String {
    let link = clean(link);
    let link = link.trim();
    let bytes = link.as_bytes();
    let mut out = String::with_capacity(link.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)
            || (b == b'%'
                && bytes.len() > i + 2
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit());
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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

/// A BCP 47 tag if `tag` looks like one, else the empty string.
pub(super) fn language_tag(tag: &str) -> String {
    let tag = tag.trim();
    let valid = !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if valid {
        tag.to_string()
    } else {
        String::new()
    }
}

/// The language for `w:lang`: Word wants language and region.
pub(super) fn word_language(tag: &str) -> String {
    let tag = language_tag(tag);
    match tag.to_ascii_lowercase().as_str() {
        "en" => "en-GB".into(),
        "fr" => "fr-FR".into(),
        "es" => "es-ES".into(),
        "vi" => "vi-VN".into(),
        "pt" => "pt-PT".into(),
        "de" => "de-DE".into(),
        "ru" => "ru-RU".into(),
        "zh" => "zh-CN".into(),
        "ar" => "ar-SA".into(),
        _ => tag,
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
    fn uri_encodes_what_is_not_uri() {
        assert_eq!(uri(" https://ex.org/a b "), "https://ex.org/a%20b");
        assert_eq!(uri("https://ex.org/%20ok"), "https://ex.org/%20ok");
        assert_eq!(uri("https://ex.org/100%"), "https://ex.org/100%25");
        assert_eq!(
            uri("https://vi.wikipedia.org/wiki/Đài"),
            "https://vi.wikipedia.org/wiki/%C4%90%C3%A0i"
        );
        assert_eq!(uri("https://x.org/\"<>"), "https://x.org/%22%3C%3E");
    }

    #[test]
    fn language_tags() {
        assert_eq!(word_language("fr"), "fr-FR");
        assert_eq!(word_language("en-US"), "en-US");
        assert_eq!(word_language("x\"y"), "");
        assert_eq!(language_tag(""), "");
    }
}
