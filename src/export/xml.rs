//! Text for an XML part (the DOCX's WordprocessingML, the PDF's XMP
//! metadata): NFC, without the characters XML 1.0 forbids, escaped.

/// NFC text with every character XML 1.0 forbids removed, and C1 controls too.
pub(crate) fn clean(text: &str) -> String {
    crate::nfc::nfc(text)
        .chars()
        .filter(|&c| allowed_char(c))
        .collect()
}

pub(crate) fn allowed_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{7E}'
        | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
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
