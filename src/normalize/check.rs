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

    /// A narrative field: like [`Checker::required`], and its Markdown
    /// footnotes must each be defined once and referred to (see
    /// [`crate::doc::notes`]).
    pub fn narrative(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = self.required(file, path, s);
        self.notes(file, path, &t);
        t
    }

    /// An optional narrative field (see [`Checker::narrative`]).
    pub fn optional_narrative(
        &mut self,
        file: FileId,
        path: &YPath,
        s: Option<&String>,
    ) -> Option<String> {
        let t = self.optional(file, path, s);
        if let Some(t) = &t {
            self.notes(file, path, t);
        }
        t
    }

    /// A list of narrative texts (see [`Checker::texts`] and
    /// [`Checker::narrative`]).
    pub fn narratives(&mut self, file: FileId, path: &YPath, items: &[String]) -> Vec<String> {
        let out = self.texts(file, path, items);
        for (i, s) in items.iter().enumerate() {
            self.notes(file, &path.idx(i), s);
        }
        out
    }

    /// Reports each problem of the Markdown footnotes of the field at `path`.
    fn notes(&mut self, file: FileId, path: &YPath, s: &str) {
        for problem in crate::doc::notes::split(s).problems() {
            let hint = match problem {
                crate::doc::notes::NoteProblem::Undefined(ref l) => format!(
                    "define it in the same field, on a line of its own: [^{l}]: the note's text"
                ),
                crate::doc::notes::NoteProblem::Unused(ref l) => {
                    format!("refer to it in the field's text with [^{l}], or remove it")
                }
                crate::doc::notes::NoteProblem::Duplicate(_) => {
                    "give each note its own label".to_string()
                }
            };
            self.error(
                file,
                path,
                Code::Note,
                format!("{path} {problem}"),
                Some(hint),
            );
        }
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

    /// An advance question's id: like a recommendation's, e.g. `Q1`.
    pub fn question_id(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = self.text(file, path, s);
        if !is_recommendation_id(&t) {
            self.error(
                file,
                path,
                Code::InvalidId,
                format!("question id \"{t}\" is not a valid id"),
                Some("ids are 1 to 64 letters, digits and hyphens, e.g. Q1".into()),
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

    /// A time of day written `HH:MM` (or `H:MM`, e.g. `9:30`), as `HH:MM`.
    pub fn time(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = s.trim().to_string();
        match time_of_day(&t) {
            Some(time) => time,
            None => {
                self.error(
                    file,
                    path,
                    Code::InvalidTime,
                    format!("\"{t}\" is not a time of day"),
                    Some("write times as \"HH:MM\" in quotes, e.g. \"14:00\"".into()),
                );
                t
            }
        }
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
            let named = code_for_language_name(&t)
                .filter(|code| self.languages.contains(code))
                .map(|code| format!("did you mean \"{code}\"?"));
            let hint = named
                .or_else(|| did_you_mean(&t, known.iter().copied()))
                .unwrap_or_else(|| {
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

    /// The language of a text: a well-formed BCP 47 tag (`en`, `fr`,
    /// `pt-BR`) whose language ISO 639 knows, with or without a language
    /// file, for it only marks the text.
    pub fn language_tag(&mut self, file: FileId, path: &YPath, s: &str) -> String {
        let t = s.trim();
        let parsed = crate::doc::LanguageTag::parse(t).filter(|_| is_well_formed_tag(t));
        let message = match &parsed {
            Some(tag) if is_known_language(&tag.primary()) => return tag.to_string(),
            Some(_) => format!("\"{t}\" is not the tag of a known language"),
            None => format!("\"{t}\" is not a language tag"),
        };
        let hint = match code_for_language_name(t) {
            Some(code) => format!("did you mean \"{code}\"?"),
            None => "write a language code such as en, fr, es or pt-BR".into(),
        };
        self.error(file, path, Code::InvalidLanguageTag, message, Some(hint));
        t.to_string()
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

/// `HH:MM` or `H:MM` as `HH:MM`, when it is a time of day.
fn time_of_day(t: &str) -> Option<String> {
    let (h, m) = t.split_once(':')?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(1..=2).contains(&h.len()) || m.len() != 2 || !digits(h) || !digits(m) {
        return None;
    }
    let t = format!("{h:0>2}:{m}");
    chrono::NaiveTime::parse_from_str(&t, "%H:%M").ok()?;
    Some(t)
}

/// Whether `tag` has the form of RFC 5646's `langtag` or `privateuse`:
/// language (2–3 letters and up to three extended subtags, or 4–8
/// letters), then an optional script, region, variants, extensions and
/// private use, in that order.
pub fn is_well_formed_tag(tag: &str) -> bool {
    let subtags: Vec<&str> = tag.split('-').collect();
    let alpha = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let alnum = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let private = |rest: &[&str]| !rest.is_empty() && rest.iter().all(|s| alnum(s, 1..=8));
    if subtags[0].eq_ignore_ascii_case("x") {
        return private(&subtags[1..]);
    }
    let first = subtags[0];
    let mut i = if alpha(first, 2..=3) {
        let mut i = 1;
        while i < subtags.len() && i <= 3 && alpha(subtags[i], 3..=3) {
            i += 1;
        }
        i
    } else if alpha(first, 4..=8) {
        1
    } else {
        return false;
    };
    let at = |i: usize| subtags.get(i).copied().unwrap_or("");
    if alpha(at(i), 4..=4) {
        i += 1;
    }
    if alpha(at(i), 2..=2) || (at(i).len() == 3 && at(i).bytes().all(|b| b.is_ascii_digit())) {
        i += 1;
    }
    let variant = |s: &str| {
        alnum(s, 5..=8) || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit() && alnum(s, 4..=4))
    };
    while i < subtags.len() && variant(subtags[i]) {
        i += 1;
    }
    while i < subtags.len() && alnum(subtags[i], 1..=1) && !subtags[i].eq_ignore_ascii_case("x") {
        let start = i + 1;
        i = start;
        while i < subtags.len() && alnum(subtags[i], 2..=8) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if i < subtags.len() && subtags[i].eq_ignore_ascii_case("x") {
        return private(&subtags[i + 1..]);
    }
    i == subtags.len()
}

/// Whether ISO 639 knows the primary language subtag `code` (lower case):
/// a two-letter code of ISO 639-1, or a three-letter one of ISO 639-3.
fn is_known_language(code: &str) -> bool {
    match code.len() {
        2 => isolang::Language::from_639_1(code).is_some(),
        3 => isolang::Language::from_639_3(code).is_some(),
        _ => false,
    }
}

/// The shortest code of a language written as its English name or as a
/// three-letter code, e.g. "English" or "eng" → "en".
fn code_for_language_name(s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    let lang =
        isolang::Language::from_name_lowercase(&s).or_else(|| isolang::Language::from_639_3(&s))?;
    Some(lang.to_639_1().unwrap_or(lang.to_639_3()).to_string())
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
    fn times_take_one_or_two_digits_for_the_hour() {
        assert_eq!(time_of_day("9:30").as_deref(), Some("09:30"));
        assert_eq!(time_of_day("09:30").as_deref(), Some("09:30"));
        assert_eq!(time_of_day("23:59").as_deref(), Some("23:59"));
        for bad in [
            "24:00", "9:60", "9:5", "930", "+9:30", "009:30", "9:30:00", "",
        ] {
            assert_eq!(time_of_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn language_tags_are_well_formed_and_of_a_known_language() {
        for good in [
            "en",
            "fr",
            "pt-BR",
            "zh-Hans-CN",
            "sr-Latn",
            "es-419",
            "de-CH-1901",
            "en-x-foc",
            "yue",
            "zh-yue",
        ] {
            assert!(is_well_formed_tag(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "en-",
            "en--GB",
            "english please",
            "en-GB-x",
            "123",
            "en-a",
            "en-Latn-Latn-GB-GB",
        ] {
            assert!(!is_well_formed_tag(bad), "{bad}");
        }
        assert!(is_known_language("en") && is_known_language("yue"));
        assert!(!is_known_language("xx") && !is_known_language("english"));
        assert_eq!(code_for_language_name("English").as_deref(), Some("en"));
        assert_eq!(code_for_language_name("spanish").as_deref(), Some("es"));
        assert_eq!(code_for_language_name("ara").as_deref(), Some("ar"));
        assert_eq!(code_for_language_name("Klingonese"), None);
    }

    #[test]
    fn a_language_name_is_refused_with_its_code_as_the_hint() {
        let mut diags = Diagnostics::default();
        let mut sources = Sources::default();
        let f = sources.add(
            "a.yaml".into(),
            "inputs/a.yaml".into(),
            "language: english\n".into(),
        );
        let languages = BTreeSet::from(["en".to_string(), "fr".to_string()]);
        let mut c = Checker {
            sources: &sources,
            diags: &mut diags,
            languages: &languages,
        };
        let at = YPath::root().key("language");
        assert_eq!(c.language_tag(f, &at, "pt-BR"), "pt-BR");
        c.language_tag(f, &at, "english");
        c.language(f, &at, "English");
        c.language_tag(f, &at, "xx");
        let found: Vec<(String, Option<String>)> = diags
            .iter()
            .map(|d| (d.message.clone(), d.hint.clone()))
            .collect();
        let hint = Some("did you mean \"en\"?".to_string());
        assert_eq!(
            found[0],
            (
                "\"english\" is not the tag of a known language".into(),
                hint.clone()
            )
        );
        assert_eq!(found[1], ("unsupported language \"english\"".into(), hint));
        assert_eq!(found[2].0, "\"xx\" is not the tag of a known language");
        assert_eq!(found.len(), 3);
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
