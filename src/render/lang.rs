//! The `lang` block helper: `{{#lang "en"}}…{{/lang}}` marks its content as
//! written in a language (a quote kept in its own language, English
//! standing in for a missing translation), so that the writers can tag it.
//!
//! In a Markdown template the content is wrapped in the private marks of
//! [`markdown::mark_language`](super::markdown::mark_language), made of
//! control characters that no escaped value can contain; content in the
//! document's own language (the context's `language`) is left unmarked.
//! In a plain-text template the content is written as it is.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, Renderable, StringOutput,
};

use super::markdown::mark_language;
use crate::doc::LanguageTag;

pub struct LangHelper {
    /// Whether to mark the content (Markdown) or only write it (plain text).
    pub mark: bool,
}

impl HelperDef for LangHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let given = h.param(0).and_then(|p| p.value().as_str());
        let tag = given
            .and_then(LanguageTag::parse)
            .ok_or_else(|| -> RenderError {
                RenderErrorReason::Other(format!(
                    "`lang` needs a language tag such as \"en\" or \"pt-BR\", not {}",
                    h.param(0)
                        .map_or_else(|| "nothing".to_string(), |p| p.value().to_string())
                ))
                .into()
            })?;
        let Some(template) = h.template() else {
            return Ok(());
        };
        let document = ctx.data().get("language").and_then(|l| l.as_str());
        let same = document.is_some_and(|d| d.eq_ignore_ascii_case(tag.as_str()));
        if !self.mark || same {
            return template.render(r, ctx, rc, out);
        }
        let mut inner = StringOutput::new();
        template.render(r, ctx, rc, &mut inner)?;
        let inner = inner.into_string().map_err(|e| -> RenderError {
            RenderErrorReason::Other(format!("`lang`: {e}")).into()
        })?;
        out.write(&mark_language(&tag, &inner))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(mark: bool, template: &str) -> Result<String, RenderError> {
        let mut hb = Handlebars::new();
        hb.register_helper("lang", Box::new(LangHelper { mark }));
        hb.render_template(template, &serde_json::json!({"language": "fr", "t": "x"}))
    }

    #[test]
    fn only_another_language_is_marked_and_only_in_markdown() {
        let en = LanguageTag::from("en");
        let marked = render(true, "a {{#lang \"en\"}}{{t}}{{/lang}} b").unwrap();
        assert_eq!(marked, format!("a {} b", mark_language(&en, "x")));
        assert_eq!(render(true, "{{#lang \"fr\"}}{{t}}{{/lang}}").unwrap(), "x");
        assert_eq!(
            render(false, "{{#lang \"en\"}}{{t}}{{/lang}}").unwrap(),
            "x"
        );
        assert!(render(true, "{{#lang \"not a tag\"}}{{t}}{{/lang}}").is_err());
        assert!(render(true, "{{#lang 3}}{{t}}{{/lang}}").is_err());
    }
}
