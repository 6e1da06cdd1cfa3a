//! The model's checked values: a heading level, a link target, a page label
//! and a language tag are checked once, when Markdown and the views become
//! a [`Document`](super::Document), and every writer trusts them.

use std::fmt;

/// A heading level: 1, 2 or 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HeadingLevel(u8);

impl HeadingLevel {
    pub const H1: HeadingLevel = HeadingLevel(1);
    pub const H2: HeadingLevel = HeadingLevel(2);
    pub const H3: HeadingLevel = HeadingLevel(3);

    /// `level` clamped into 1..=3: Markdown's levels 4 to 6 become 3, and 0 becomes 1.
    pub fn clamped(level: u8) -> HeadingLevel {
        HeadingLevel(level.clamp(1, 3))
    }

    /// The level, 1 to 3.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The level as an index from 0 (0 to 2).
    pub fn index(self) -> usize {
        usize::from(self.0 - 1)
    }
}

impl fmt::Display for HeadingLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A link target: an `http`, `https` or `mailto` URL, in NFC, without
/// surrounding space or control characters, and with every byte outside
/// RFC 3986's characters percent-encoded (a valid `%XX` is kept), so that
/// it can go as it is into a PDF URI action and a DOCX relationship.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Url(String);

impl Url {
    /// The schemes a document may link to.
    pub const SCHEMES: [&'static str; 3] = ["https://", "http://", "mailto:"];

    /// `text` as a link target, or `None` when it is not an allowed URL
    /// (a `javascript:` link, a relative path, nothing at all).
    pub fn parse(text: &str) -> Option<Url> {
        let text = crate::nfc::nfc(text.trim());
        let lower = text.to_ascii_lowercase();
        let scheme = Url::SCHEMES.iter().find(|s| lower.starts_with(*s))?;
        if text.len() == scheme.len() {
            return None;
        }
        let bytes: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_control()).collect();
        let mut out = String::with_capacity(bytes.len());
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
        Some(Url(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One piece of a page label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelPart {
    Text(String),
    /// The current page's number.
    Page,
    /// The number of pages.
    Pages,
}

/// A page label such as "Page {page} of {pages}", parsed once into text
/// and the two numbers it may show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageLabel(Vec<LabelPart>);

impl PageLabel {
    /// Parses the placeholders `{page}` and `{pages}`; anything else is text.
    pub fn parse(label: &str) -> PageLabel {
        let mut parts = Vec::new();
        let mut rest = label;
        while !rest.is_empty() {
            let page = rest.find("{page}");
            let pages = rest.find("{pages}");
            let (at, len, part) = match (page, pages) {
                (Some(a), Some(b)) if b < a => (b, 7, LabelPart::Pages),
                (Some(a), _) => (a, 6, LabelPart::Page),
                (None, Some(b)) => (b, 7, LabelPart::Pages),
                (None, None) => {
                    parts.push(LabelPart::Text(rest.to_string()));
                    break;
                }
            };
            if at > 0 {
                parts.push(LabelPart::Text(rest[..at].to_string()));
            }
            parts.push(part);
            rest = &rest[at + len..];
        }
        PageLabel(parts)
    }

    pub fn parts(&self) -> &[LabelPart] {
        &self.0
    }

    /// Whether the label shows nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.0
            .iter()
            .all(|p| matches!(p, LabelPart::Text(t) if t.trim().is_empty()))
    }

    /// The label on page `page` of `pages`.
    pub fn render(&self, page: usize, pages: usize) -> String {
        self.0
            .iter()
            .map(|p| match p {
                LabelPart::Text(t) => t.clone(),
                LabelPart::Page => page.to_string(),
                LabelPart::Pages => pages.to_string(),
            })
            .collect()
    }
}

/// The label as written, with its placeholders.
impl fmt::Display for PageLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.0 {
            match part {
                LabelPart::Text(t) => f.write_str(t)?,
                LabelPart::Page => f.write_str("{page}")?,
                LabelPart::Pages => f.write_str("{pages}")?,
            }
        }
        Ok(())
    }
}

impl From<&str> for PageLabel {
    fn from(label: &str) -> PageLabel {
        PageLabel::parse(label)
    }
}

/// A BCP 47 language tag such as `fr` or `pt-BR`, or none ("undetermined").
#[derive(Debug, Clone, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct LanguageTag(String);

impl LanguageTag {
    /// `tag` if it has the shape of a BCP 47 tag: subtags of 1 to 8 ASCII
    /// letters or digits joined by hyphens, the first of letters only.
    pub fn parse(tag: &str) -> Option<LanguageTag> {
        let tag = tag.trim();
        let mut subtags = tag.split('-');
        let first = subtags.next()?;
        let valid = tag.len() <= 35
            && (2..=8).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_alphabetic())
            && subtags.all(|s| {
                (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        valid.then(|| LanguageTag(tag.to_string()))
    }

    /// The tag, or the empty string when undetermined.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag in lower case, e.g. `pt` for `pt-BR`.
    pub fn primary(&self) -> String {
        self.0
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the language is written right to left, by its primary
    /// subtag (a script subtag such as `-Latn` is not looked at).
    pub fn is_rtl(&self) -> bool {
        RTL_LANGUAGES.contains(&self.primary().as_str())
    }

    /// The direction text in this language runs in.
    pub fn direction(&self) -> Direction {
        if self.is_rtl() {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

/// Languages written right to left (ISO 639 codes): Arabic and the
/// languages written in its script, Hebrew, Yiddish, Dhivehi (Thaana),
/// Syriac, N'Ko, Samaritan and Mandaic.
const RTL_LANGUAGES: [&str; 21] = [
    "ar", "arc", "arz", "azb", "ckb", "dv", "fa", "glk", "he", "iw", "ks", "lrc", "mzn", "nqo",
    "pnb", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// The direction of a document or a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    pub fn is_rtl(self) -> bool {
        self == Direction::Rtl
    }
}

/// Whether `c` belongs to a right-to-left script (Unicode's strong R and AL
/// blocks: Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, their
/// presentation forms, and the historic ones of the SMP). Digits, spaces
/// and punctuation in those blocks count too: they belong with the text
/// around them.
pub fn is_rtl_char(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
}

/// The direction of the first letter of `text` with one (UAX #9's "first
/// strong" rule, as for text of unknown language), else `otherwise`.
pub fn first_strong(text: &str, otherwise: Direction) -> Direction {
    text.chars()
        .find_map(|c| {
            if is_rtl_char(c) && c.is_alphabetic() {
                Some(Direction::Rtl)
            } else if c.is_alphabetic() {
                Some(Direction::Ltr)
            } else {
                None
            }
        })
        .unwrap_or(otherwise)
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tag that is not BCP 47-shaped becomes "undetermined".
impl From<&str> for LanguageTag {
    fn from(tag: &str) -> LanguageTag {
        LanguageTag::parse(tag).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels_are_clamped() {
        assert_eq!(HeadingLevel::clamped(0), HeadingLevel::H1);
        assert_eq!(HeadingLevel::clamped(2).get(), 2);
        assert_eq!(HeadingLevel::clamped(6), HeadingLevel::H3);
        assert_eq!(HeadingLevel::H3.index(), 2);
    }

    #[test]
    fn urls_are_allowed_schemes_encoded_as_uris() {
        let url = |s: &str| Url::parse(s).map(|u| u.as_str().to_string());
        assert_eq!(
            url(" https://ex.org/a b "),
            Some("https://ex.org/a%20b".into())
        );
        assert_eq!(
            url("https://ex.org/%20ok"),
            Some("https://ex.org/%20ok".into())
        );
        assert_eq!(
            url("https://ex.org/100%"),
            Some("https://ex.org/100%25".into())
        );
        assert_eq!(
            url("https://vi.wikipedia.org/wiki/Đài"),
            Some("https://vi.wikipedia.org/wiki/%C4%90%C3%A0i".into())
        );
        // Decomposed "à" is composed first, so both spellings link alike.
        assert_eq!(url("https://x.org/a\u{300}"), url("https://x.org/\u{e0}"));
        assert_eq!(
            url("https://x.org/\"<>\u{7}\\"),
            Some("https://x.org/%22%3C%3E%5C".into())
        );
        assert_eq!(url("MAILTO:a@b.org"), Some("MAILTO:a@b.org".into()));
        assert_eq!(url("javascript:alert(1)"), None);
        assert_eq!(url("/relative"), None);
        assert_eq!(url("https://"), None);
    }

    #[test]
    fn page_labels_split_into_numbers_and_text() {
        use LabelPart::*;
        let text = |s: &str| Text(s.to_string());
        assert_eq!(
            PageLabel::parse("Page {page} of {pages}").parts(),
            [text("Page "), Page, text(" of "), Pages]
        );
        assert_eq!(
            PageLabel::parse("{pages}/{page}").parts(),
            [Pages, text("/"), Page]
        );
        assert_eq!(PageLabel::parse("{page").parts(), [text("{page")]);
        assert!(PageLabel::parse("").parts().is_empty());
        assert!(PageLabel::parse("  ").is_blank() && !PageLabel::parse("{page}").is_blank());
        assert_eq!(
            PageLabel::parse("Página {page} de {pages}").render(2, 9),
            "Página 2 de 9"
        );
        let label = "{pages} / {page} {x}";
        assert_eq!(PageLabel::parse(label).to_string(), label);
    }

    #[test]
    fn language_tags_are_checked() {
        assert_eq!(LanguageTag::from("pt-BR").as_str(), "pt-BR");
        assert_eq!(LanguageTag::from("pt-BR").primary(), "pt");
        assert_eq!(LanguageTag::from(" fr ").as_str(), "fr");
        for bad in ["", "x\"y", "1a", "e", "en--GB", "toolongsubtag", "fr-"] {
            assert!(LanguageTag::from(bad).is_empty(), "{bad}");
        }
    }

    #[test]
    fn right_to_left_languages_and_text() {
        for rtl in ["ar", "AR-eg", "he", "fa", "ur", "ps", "yi", "dv", "ckb"] {
            assert!(LanguageTag::from(rtl).is_rtl(), "{rtl}");
            assert_eq!(LanguageTag::from(rtl).direction(), Direction::Rtl);
        }
        for ltr in ["en", "fr", "zh", "ru", "es", "vi", "arn", "ku", ""] {
            assert!(!LanguageTag::from(ltr).is_rtl(), "{ltr}");
            assert_eq!(LanguageTag::from(ltr).direction(), Direction::Ltr);
        }
        assert!("السويد".chars().all(is_rtl_char));
        assert!("שלום".chars().all(is_rtl_char));
        assert!(!"Sweden 2024, 北京".chars().any(is_rtl_char));
    }
}
