//! The pack language and the translated texts, with a warning wherever a
//! translation is missing and English is used instead.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Diagnostics};
use crate::normalize::{
    Campaign, Meeting, Organization, Origin, Party, Question, Recommendation, State, Theme,
};
use crate::source::Sources;

/// SPEC's precedence: the meeting's language, else the counterpart state's,
/// else the campaign's.
pub fn pack_language(campaign: &Campaign, meeting: &Meeting) -> String {
    if let Some(l) = &meeting.language {
        return l.clone();
    }
    if let Party::State(code) = &meeting.counterpart.party
        && let Some(l) = campaign.states.get(code).and_then(|s| s.language.clone())
    {
        return l;
    }
    campaign.language.clone()
}

/// Looks up translations and warns once per missing (item, language).
pub struct Localizer<'a> {
    sources: &'a Sources,
    warned: BTreeSet<(String, String)>,
    pub diags: Diagnostics,
}

/// A recommendation's texts in one language.
pub struct RecommendationText {
    pub title: String,
    pub text: String,
    pub rationale: Option<String>,
    /// The fields shown in English for want of a translation.
    pub in_english: Vec<&'static str>,
}

/// The language a name or title with `translations` is shown in, in a pack
/// in `lang`: `lang` where it has a translation (English needs none), else
/// English, which stands in for it.
pub fn shown_in(translations: &BTreeMap<String, String>, lang: &str) -> String {
    if lang == "en" || translations.contains_key(lang) {
        lang.to_string()
    } else {
        "en".to_string()
    }
}

impl<'a> Localizer<'a> {
    pub fn new(sources: &'a Sources) -> Self {
        Localizer {
            sources,
            warned: BTreeSet::new(),
            diags: Diagnostics::default(),
        }
    }

    /// A located warning, for the caller to push.
    pub fn warning_at(
        &self,
        file: crate::source::FileId,
        path: &crate::source::YPath,
        code: crate::diag::Code,
        message: String,
    ) -> Diagnostic {
        let loc = self.sources.locate(file, path);
        Diagnostic::warning(code, message).at(self.sources, loc)
    }

    fn warn(&mut self, origin: &Origin, key: String, lang: &str, message: String) {
        if self.warned.insert((key, lang.to_string())) {
            let loc = self.sources.locate(origin.file, &origin.path);
            self.diags.push(
                Diagnostic::warning(crate::diag::Code::MissingTranslation, message)
                    .at(self.sources, loc)
                    .with_hint("the English text is used instead"),
            );
        }
    }

    pub fn recommendation(&mut self, r: &Recommendation, lang: &str) -> RecommendationText {
        if lang == "en" {
            return RecommendationText {
                title: r.title.clone(),
                text: r.text.clone(),
                rationale: r.rationale.clone(),
                in_english: Vec::new(),
            };
        }
        let Some(t) = r.translations.get(lang) else {
            self.warn(
                &r.origin,
                format!("recommendation {}", r.id),
                lang,
                format!("recommendation {} has no \"{lang}\" translation", r.id),
            );
            return RecommendationText {
                in_english: vec!["title", "text", "rationale"],
                ..self.recommendation(r, "en")
            };
        };
        let mut missing = Vec::new();
        let mut pick = |field: &'static str, tr: &Option<String>, en: &str| match tr {
            Some(s) => s.clone(),
            None => {
                missing.push(field);
                en.to_string()
            }
        };
        let title = pick("title", &t.title, &r.title);
        let text = pick("text", &t.text, &r.text);
        let rationale = match (&t.rationale, &r.rationale) {
            (Some(s), _) => Some(s.clone()),
            (None, Some(en)) => {
                missing.push("rationale");
                Some(en.clone())
            }
            (None, None) => None,
        };
        if !missing.is_empty() {
            self.warn(
                &r.origin,
                format!("recommendation {} {}", r.id, missing.join(",")),
                lang,
                format!(
                    "recommendation {} has no \"{lang}\" {}",
                    r.id,
                    missing.join(" or ")
                ),
            );
        }
        RecommendationText {
            title,
            text,
            rationale,
            in_english: missing,
        }
    }

    /// `english`, or its translation into `lang` from `translations`; a
    /// missing one warns once, at `origin`, that `what` has no `lang` `noun`.
    fn translated(
        &mut self,
        english: &str,
        translations: &BTreeMap<String, String>,
        lang: &str,
        origin: &Origin,
        (what, noun): (String, &str),
    ) -> String {
        if lang == "en" {
            return english.to_string();
        }
        if let Some(t) = translations.get(lang) {
            return t.clone();
        }
        let message = format!("{what} has no \"{lang}\" {noun}");
        self.warn(origin, what, lang, message);
        english.to_string()
    }

    /// An advance question's text in `lang`, and the language it is shown
    /// in: `lang`, or English standing in (with a warning) for a missing
    /// translation.
    pub fn question(&mut self, q: &Question, lang: &str) -> (String, String) {
        let what = (format!("question {}", q.id), "translation");
        let text = self.translated(&q.text, &q.translations, lang, &q.origin, what);
        (text, shown_in(&q.translations, lang))
    }

    pub fn theme(&mut self, t: &Theme, lang: &str) -> String {
        let what = (format!("theme {}", t.id), "title");
        self.translated(&t.title, &t.titles, lang, &t.origin, what)
    }

    /// The campaign's title in `lang`, else in English with a warning.
    pub fn campaign_title(&mut self, c: &Campaign, lang: &str) -> String {
        let what = ("the campaign".to_string(), "title");
        self.translated(&c.title, &c.titles, lang, &c.origin, what)
    }

    /// An organisation's name in `lang`, else in English with a warning.
    pub fn organization(&mut self, o: &Organization, lang: &str) -> String {
        let what = (format!("organization {}", o.id), "name");
        self.translated(&o.name, &o.names, lang, &o.origin, what)
    }

    pub fn state(&mut self, s: &State, lang: &str) -> String {
        let what = (format!("state {}", s.code), "name");
        self.translated(&s.name, &s.names, lang, &s.origin, what)
    }

    /// The name of a meeting's counterpart in `lang`: a state's or an
    /// organisation's (its id when it has no profile).
    pub fn counterpart(&mut self, campaign: &Campaign, party: &Party, lang: &str) -> String {
        match party {
            Party::State(code) => self.state_name(campaign, code, lang),
            Party::Organization(id) => match campaign.organizations.get(id) {
                Some(o) => self.organization(o, lang),
                None => id.clone(),
            },
        }
    }

    /// The name of a state by code: its profile's, else the ISO 3166 English name.
    pub fn state_name(&mut self, campaign: &Campaign, code: &str, lang: &str) -> String {
        match campaign.states.get(code) {
            Some(s) => self.state(s, lang),
            None => isocountry::CountryCode::for_alpha2(code)
                .map(|c| c.name().to_string())
                .unwrap_or_else(|_| code.to_string()),
        }
    }
}
