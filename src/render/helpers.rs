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

fn date_param(h: &Helper, name: &'static str) -> Result<NaiveDate, RenderError> {
    let s = param(h, name)?;
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| RenderErrorReason::Other(format!("`{name}` needs a date, not \"{s}\"")).into())
}

/// `{{date d}}`: a date in the document's language (the context's `language`).
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
        let d = date_param(h, "date")?;
        let lang = ctx
            .data()
            .get("language")
            .and_then(|l| l.as_str())
            .unwrap_or("en");
        let text = match self
            .languages
            .get(lang)
            .or_else(|| self.languages.get("en"))
        {
            Some(l) => l.date(d),
            None => d.to_string(),
        };
        out.write(&(self.escape)(&text))?;
        Ok(())
    }
}

/// `{{year d}}`: the year of a date.
pub fn year(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&date_param(h, "year")?.year().to_string())?;
    Ok(())
}

/// `{{inline text}}`: a narrative field as one line of inline Markdown.
pub fn inline(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&escape::inline(param(h, "inline")?))?;
    Ok(())
}

/// `{{paragraphs text}}`: a narrative field as paragraphs.
pub fn paragraphs(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&escape::paragraphs(param(h, "paragraphs")?))?;
    Ok(())
}

/// `[text]({{url u}})`: a link destination.
pub fn url(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&escape::url(param(h, "url")?))?;
    Ok(())
}

/// `[text]({{mailto address}})`: an e-mail link destination.
pub fn mailto(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&escape::url(&format!("mailto:{}", param(h, "mailto")?)))?;
    Ok(())
}
