//! Unicode NFC, cheap for text that is already in it (almost all of ours:
//! inputs are normalised on the way in, so later stages mostly just check).

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `s` in NFC; borrowed when it already is.
pub fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_only_what_needs_it() {
        assert!(matches!(nfc("Nguyễn Văn Đài"), Cow::Borrowed(_)));
        assert_eq!(nfc("Nguye\u{0302}\u{0303}n"), "Nguyễn");
    }
}
