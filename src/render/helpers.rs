//! The template helpers: `date`, `year`, `inline`, `paragraphs`, `url`, `mailto`.
//! Each writes Markdown that is already escaped.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};

use super::escape;
use super::i18n::Language;

/// The string value of the helper's first parameter.
fn param<'a>(h: &'a Helper, name: &'static str) -> Result<&'a str, RenderError> {
    h.param(0).and_then(|p| p.value().as_str()).ok_or_else(|| {
        RenderErrorReason::ParamTypeMismatchForName(name, "0".into(), "string".into()).into()
    })
}

/// `s` as a `YYYY-MM-DD` date, for the helper `name`.
fn parse_date(name: &str, s: &str) -> Result<NaiveDate, RenderError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| RenderErrorReason::Other(format!("`{name}` needs a date, not \"{s}\"")).into())
}

/// The language file of the document being rendered (the context's
/// `language`), else English's.
fn document_language<'a>(
    languages: &'a BTreeMap<String, Language>,
    ctx: &Context,
) -> Option<&'a Language> {
    languages
        .get(context_language(ctx))
        .or_else(|| languages.get("en"))
}

/// The code of the document's language: the context's `language`, else en.
fn context_language(ctx: &Context) -> &str {
    ctx.data()
        .get("language")
        .and_then(|l| l.as_str())
        .unwrap_or("en")
}

/// `{{date d}}`: a date in the document's language (the context's
/// `language`); `{{date d month=true}}` only its month and year.
pub struct DateHelper {
    pub languages: BTreeMap<String, Language>,
    /// How the date is escaped: for Markdown, or not at all for plain text.
    pub escape: fn(&str) -> String,
}

impl HelperDef for DateHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let d = parse_date("date", param(h, "date")?)?;
        let month = h
            .hash_get("month")
            .is_some_and(|v| v.value().as_bool() == Some(true));
        let text = match document_language(&self.languages, ctx) {
            Some(l) if month => l.month(d),
            Some(l) => l.date(d),
            None => d.to_string(),
        };
        out.write(&(self.escape)(&text))?;
        Ok(())
    }
}

/// `{{fill labels.key name=value ...}}`: a label that is a sentence
/// pattern, each `{name}` in it replaced by the value given as `name` (a
/// value named `date` or ending in `_date` written as a date in the
/// document's language), so that each language orders the sentence its
/// own way. The whole is escaped with `escape`.
pub struct FillHelper {
    pub languages: BTreeMap<String, Language>,
    pub escape: fn(&str) -> String,
}

impl HelperDef for FillHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let mut text = param(h, "fill")?.to_string();
        let language = document_language(&self.languages, ctx);
        for (name, value) in h.hash() {
            let value = match value.value() {
                serde_json::Value::String(s) if *name == "date" || name.ends_with("_date") => {
                    let d = parse_date("fill", s)?;
                    language.map_or_else(|| d.to_string(), |l| l.date(d))
                }
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            text = text.replace(&format!("{{{name}}}"), &value);
        }
        out.write(&(self.escape)(&text))?;
        Ok(())
    }
}

/// `{{plural "key" n}}`: the form of label `key` for the count `n` in the
/// document's language (see [`Language::plural`]), escaped with `escape`.
pub struct PluralHelper {
    pub languages: BTreeMap<String, Language>,
    pub escape: fn(&str) -> String,
}

impl HelperDef for PluralHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let key = param(h, "plural")?;
        let n = h.param(1).and_then(|p| p.value().as_u64()).ok_or_else(|| {
            RenderError::from(RenderErrorReason::ParamTypeMismatchForName(
                "plural",
                "1".into(),
                "whole number".into(),
            ))
        })?;
        let text = match document_language(&self.languages, ctx) {
            Some(l) => l.plural(context_language(ctx), key, n),
            None => format!("{n} {key}"),
        };
        out.write(&(self.escape)(&text))?;
        Ok(())
    }
}

/// A helper that writes its one string parameter, transformed by `write`
/// into Markdown that is already escaped.
pub struct TextHelper {
    pub name: &'static str,
    pub write: fn(&str) -> Result<String, RenderError>,
}

impl HelperDef for TextHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        out.write(&(self.write)(param(h, self.name)?)?)?;
        Ok(())
    }
}

/// `inline` and `paragraphs` for plain text (a draft e-mail): inline
/// Markdown read and written out as text (see
/// [`super::markdown::to_plain_text`]).
pub const PLAIN_HELPERS: [TextHelper; 2] = [
    TextHelper {
        name: "inline",
        write: |s| Ok(super::markdown::to_plain_text(s)),
    },
    TextHelper {
        name: "paragraphs",
        write: |s| {
            // The field without its notes' definitions, which would be
            // paragraphs of their own.
            let paragraphs: Vec<String> = crate::doc::notes::split(s)
                .body
                .replace("\r\n", "\n")
                .split("\n\n")
                .map(super::markdown::to_plain_text)
                .filter(|p| !p.is_empty())
                .collect();
            Ok(paragraphs.join("\n\n"))
        },
    },
];

/// Every helper but `date`.
pub const TEXT_HELPERS: [TextHelper; 5] = [
    // `{{year d}}`: the year of a date.
    TextHelper {
        name: "year",
        write: |s| Ok(parse_date("year", s)?.year().to_string()),
    },
    // `{{inline text}}`: a narrative field as one line of inline Markdown.
    TextHelper {
        name: "inline",
        write: |s| Ok(escape::inline(s)),
    },
    // `{{paragraphs text}}`: a narrative field as paragraphs.
    TextHelper {
        name: "paragraphs",
        write: |s| Ok(escape::paragraphs(s)),
    },
    // `[text]({{url u}})`: a link destination.
    TextHelper {
        name: "url",
        write: |s| Ok(escape::url(s)),
    },
    // `[text]({{mailto address}})`: an e-mail link destination.
    TextHelper {
        name: "mailto",
        write: |s| Ok(escape::url(&format!("mailto:{s}"))),
    },
];
