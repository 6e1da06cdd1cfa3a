//! Field-level rules: text, ids, dates, codes, languages, addresses. Each
//! check reports a located diagnostic and returns the canonical value.

use chrono::NaiveDate;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::source::{FileId, Sources, YPath};

/// Longest text accepted in one field, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Reports problems at places in the input files.
pub struct Checker<'a> {
    pub sources: &'a Sources,
    pub diags: &'a mut Diagnostics,
    /// The languages with a language file: the ones packs can be written in.
    pub languages: &'a BTreeSet<String>,
}

impl Checker<'_> {
    /// Reports an error at the value `path` of `file`.
    pub fn error(
        &mut self,
        file: FileId,
        path: &YPath,
        code: Code,
        message: String,
        hint: Option<String>,
    ) {
        self.report(Diagnostic::error(code, message), file, path, hint);
    }

    /// Reports a warning at the value `path` of `file`.
    pub fn warning(
        &mut self,
        file: FileId,
        path: &YPath,
        code: Code,
        message: String,
        hint: Option<String>,
    ) {
        self.report(Diagnostic::warning(code, message), file, path, hint);
    }

    fn report(&mut self, d: Diagnostic, file: FileId, path: &YPath, hint: Option<String>) {
        let d = d.at(self.sources, self.sources.locate(file, path));
        self.diags.push(match hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    }

    /// NFC-normalised, trimmed text; control characters and oversized text are errors.
    pub fn text(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = crate::nfc::nfc(s).trim().to_string();
        if let Some(c) = t
            .chars()
            .find(|&c| c.is_control() && c != '\n' && c != '\t')
        {
            self.error(
                file,
                path,
                Code::InvalidCharacter,
                format!("{path} contains the control character U+{:04X}", c as u32),
                Some("remove it; only line breaks and tabs are allowed in text".into()),
            );
        }
        let n = t.chars().count();
        if n > MAX_TEXT_CHARS {
            self.error(
                file,
                path,
                Code::TextTooLong,
                format!("{path} is {n} characters long; the limit is {MAX_TEXT_CHARS}"),
                None,
            );
        }
        t
    }

    /// Like [`Checker::text`], and the text must not be empty.
    pub fn required(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = self.text(file, path, s);
        if t.is_empty() {
            self.error(
                file,
                path,
                Code::EmptyValue,
                format!("{path} is empty"),
                None,
            );
        }
        t
    }

    pub fn optional(&mut self, file: FileId, path: &YPath, s: Option<&String>) -> Option<String> {
        s.map(|s| self.text(file, path, s))
            .filter(|t| !t.is_empty())
    }

    /// A list of texts; empty entries are dropped with a warning.
    pub fn texts(&mut self, file: FileId, path: &YPath, items: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for (i, s) in items.iter().enumerate() {
            let p = path.idx(i);
            let t = self.text(file, &p, s);
            if t.is_empty() {
                self.warning(
                    file,
                    &p,
                    Code::EmptyValue,
                    format!("{p} is empty and is left out"),
                    None,
                );
            } else {
                out.push(t);
            }
        }
        out
    }

    /// A map from language to text, with languages checked and every text
    /// required.
    pub fn translations(
        &mut self,
        file: FileId,
        path: &YPath,
        map: &BTreeMap<String, String>,
    ) -> BTreeMap<String, String> {
        map.iter()
            .map(|(lang, text)| {
                let lang = self.language(file, &path.key(lang), lang);
                let text = self.required(file, &path.key(&lang), text);
                (lang, text)
            })
            .collect()
    }

    /// A slug id: `^[a-z0-9][a-z0-9-]{0,63}$`.
    pub fn slug(&mut self, file: FileId, path: &YPath, s: &str, what: &str) -> String {
        let t = self.text(file, path, s);
        if !is_slug(&t) {
            let lower = t.to_lowercase().replace([' ', '_'], "-");
            let hint = if is_slug(&lower) {
                format!("ids are lower case with hyphens, e.g. \"{lower}\"")
            } else {
                "ids are 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit".into()
            };
            self.error(
                file,
                path,
                Code::InvalidId,
                format!("{what} \"{t}\" is not a valid id"),
                Some(hint),
            );
        }
        t
    }

    /// A recommendation id: a slug that may also use upper case, e.g. `R01`.
    pub fn recommendation_id(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = self.text(file, path, s);
        if !is_recommendation_id(&t) {
            self.error(
                file,
                path,
                Code::InvalidId,
                format!("recommendation id \"{t}\" is not a valid id"),
                Some("ids are 1 to 64 letters, digits and hyphens, e.g. R01".into()),
            );
        }
        t
    }

    /// A real calendar date written `YYYY-MM-DD`.
    pub fn date(&mut self, file: FileId, path: &YPath, s: &str) -> Option<NaiveDate> {
        let t = s.trim();
        let shaped = t.len() == 10
            && t.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shaped {
            self.error(
                file,
                path,
                Code::InvalidDate,
                format!("\"{t}\" is not a date"),
                Some("write dates as YYYY-MM-DD, e.g. 2024-03-21".into()),
            );
            return None;
        }
        match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.error(
                    file,
                    path,
                    Code::InvalidDate,
                    format!("{t} is not a real date"),
                    None,
                );
                None
            }
        }
    }

    /// A time of day written `HH:MM`.
    pub fn time(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = s.trim().to_string();
        let ok = t.len() == 5
            && chrono::NaiveTime::parse_from_str(&t, "%H:%M").is_ok()
            && t.as_bytes()[2] == b':';
        if !ok {
            self.error(
                file,
                path,
                Code::InvalidTime,
                format!("\"{t}\" is not a time of day"),
                Some("write times as \"HH:MM\" in quotes, e.g. \"14:00\"".into()),
            );
        }
        t
    }

    /// An IANA time zone (`Europe/Zurich`), as the database spells it.
    pub fn time_zone(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = s.trim();
        if let Ok(tz) = jiff::tz::TimeZone::get(t)
            && let Some(name) = tz.iana_name()
        {
            return name.to_string();
        }
        let known: Vec<String> = jiff::tz::db()
            .available()
            .map(|n| n.as_str().to_string())
            .collect();
        let hint = crate::diag::did_you_mean(t, known.iter().map(String::as_str))
            .unwrap_or_else(|| "write an IANA time zone, e.g. \"Europe/Zurich\"".into());
        self.error(
            file,
            path,
            Code::UnknownTimeZone,
            format!("\"{t}\" is not a time zone of the IANA database"),
            Some(hint),
        );
        t.to_string()
    }

    /// An ISO 3166-1 alpha-2 code, upper case, checked against the standard's list.
    pub fn state_code(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = s.trim().to_string();
        if is_state_code(&t) {
            return t;
        }
        let hint = if is_state_code(&t.to_uppercase()) {
            Some(format!(
                "state codes are upper case: \"{}\"",
                t.to_uppercase()
            ))
        } else if let Some(code) = code_for_name(&t) {
            Some(format!("the ISO 3166-1 alpha-2 code of {t} is \"{code}\""))
        } else if t.eq_ignore_ascii_case("UK") {
            Some("the ISO 3166-1 alpha-2 code of the United Kingdom is \"GB\"".into())
        } else {
            Some("use an ISO 3166-1 alpha-2 code, e.g. FR for France".into())
        };
        self.error(
            file,
            path,
            Code::InvalidStateCode,
            format!("\"{t}\" is not an ISO 3166-1 alpha-2 state code"),
            hint,
        );
        t
    }

    /// A pack language: one with a language file.
    pub fn language(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = s.trim().to_lowercase();
        if !self.languages.contains(&t) {
            let known: Vec<&str> = self.languages.iter().map(String::as_str).collect();
            let hint = did_you_mean(&t, known.iter().copied()).unwrap_or_else(|| {
                format!(
                    "supported languages: {}; add templates/i18n/{t}.yaml to add one",
                    known.join(", ")
                )
            });
            self.error(
                file,
                path,
                Code::UnknownLanguage,
                format!("unsupported language \"{t}\""),
                Some(hint),
            );
        }
        t
    }

    /// The language of a text: any BCP 47-shaped tag (`en`, `fr`, `pt-BR`),
    /// with or without a language file, for it only marks the text.
    pub fn language_tag(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        match crate::doc::LanguageTag::parse(s) {
            Some(tag) => tag.to_string(),
            None => {
                self.error(
                    file,
                    path,
                    Code::InvalidLanguageTag,
                    format!("\"{}\" is not a language tag", s.trim()),
                    Some("write a language code such as en, fr, es or pt-BR".into()),
                );
                s.trim().to_string()
            }
        }
    }

    /// An e-mail address of the form `name@domain.tld`.
    pub fn email(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = s.trim().to_string();
        if !is_email(&t) {
            self.error(
                file,
                path,
                Code::InvalidEmail,
                format!("\"{t}\" is not an e-mail address"),
                None,
            );
        }
        t
    }

    /// A web address starting with `http://` or `https://`.
    pub fn url(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = s.trim().to_string();
        if !is_url(&t) {
            self.error(
                file,
                path,
                Code::InvalidUrl,
                format!("\"{t}\" is not a web address"),
                Some("links start with https:// or http://".into()),
            );
        }
        t
    }
}

pub fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

pub fn is_recommendation_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

pub fn is_state_code(s: &str) -> bool {
    s.len() == 2
        && s.bytes().all(|b| b.is_ascii_uppercase())
        && isocountry::CountryCode::for_alpha2(s).is_ok()
}

/// The code of a state given by its English name, e.g. "France" -> "FR".
fn code_for_name(name: &str) -> Option<&'static str> {
    isocountry::CountryCode::as_array()
        .iter()
        .find(|c| c.name().eq_ignore_ascii_case(name))
        .map(|c| c.alpha2())
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"".contains(c))
}

pub fn is_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("2024-03-21-france"));
        assert!(is_slug("liv"));
        assert!(!is_slug("-x"));
        assert!(!is_slug("../etc"));
        assert!(!is_slug("France"));
        assert!(!is_slug(""));
        assert!(!is_slug(&"a".repeat(65)));
        assert!(is_recommendation_id("R01"));
        assert!(!is_recommendation_id("R 01"));
    }

    #[test]
    fn state_codes_come_from_the_standard() {
        assert!(is_state_code("FR"));
        assert!(is_state_code("VN"));
        assert!(!is_state_code("fr"));
        assert!(!is_state_code("UK"));
        assert!(!is_state_code("XX"));
        assert_eq!(code_for_name("france"), Some("FR"));
    }

    #[test]
    fn emails_and_urls() {
        assert!(is_email("a.b@example.org"));
        assert!(!is_email("a.b@example"));
        assert!(!is_email("a b@example.org"));
        assert!(is_url("https://example.org/x?y"));
        assert!(!is_url("example.org"));
        assert!(!is_url("https://"));
    }

    #[test]
    fn text_is_nfc_and_trimmed() {
        let mut diags = Diagnostics::default();
        let mut sources = Sources::default();
        let f = sources.add("a.yaml".into(), "inputs/a.yaml".into(), "a: b\n".into());
        let languages = BTreeSet::from(["en".to_string()]);
        let mut c = Checker {
            sources: &sources,
            diags: &mut diags,
            languages: &languages,
        };
        // "Nguyễn" written with combining marks becomes the precomposed form.
        let decomposed = "  Nguye\u{0302}\u{0303}n  ";
        assert_eq!(c.text(f, &YPath::root(), decomposed), "Nguyễn");
        assert!(diags.is_empty());
    }

    #[test]
    fn dates_must_be_real() {
        let mut diags = Diagnostics::default();
        let mut sources = Sources::default();
        let f = sources.add("a.yaml".into(), "inputs/a.yaml".into(), "a: b\n".into());
        let languages = BTreeSet::from(["en".to_string()]);
        let mut c = Checker {
            sources: &sources,
            diags: &mut diags,
            languages: &languages,
        };
        assert!(c.date(f, &YPath::root(), "2024-02-29").is_some());
        assert!(c.date(f, &YPath::root(), "2023-02-29").is_none());
        assert!(c.date(f, &YPath::root(), "21/03/2024").is_none());
        assert_eq!(diags.errors(), 2);
    }
}
