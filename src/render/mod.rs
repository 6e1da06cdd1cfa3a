//! Stage 4a: views → Markdown (Handlebars templates) → the document model.
//!
//! The default templates in `templates/` are compiled in; a templates folder
//! overrides them file by file. Strict mode: a misspelt field is an error at
//! the template's line, not an empty string.

mod escape;
mod helpers;
pub mod i18n;
mod lang;
pub mod markdown;
mod words;

pub use words::word_count;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use handlebars::Handlebars;
use rayon::prelude::*;
use serde::Serialize;

use crate::assemble::mail::MailView;
use crate::assemble::pack::MemberView;
use crate::assemble::{PackView, SubmissionView, SummaryView};
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Block, Document, FooterLine, Furniture, LanguageTag, Metadata, PageLabel};
use crate::source::{FileId, Sources};
use i18n::Language;

/// The templates compiled into the binary: (name, file, text).
const TEMPLATES: [(&str, &str, &str); 3] = [
    (
        "pack",
        "pack.md.hbs",
        include_str!("../../templates/pack.md.hbs"),
    ),
    (
        "summary",
        "summary.md.hbs",
        include_str!("../../templates/summary.md.hbs"),
    ),
    (
        "submission",
        "submission.md.hbs",
        include_str!("../../templates/submission.md.hbs"),
    ),
];

/// The plain-text templates compiled into the binary: (name, file, text).
/// Nothing in them is escaped, for nothing in them is Markdown.
const TEXT_TEMPLATES: [(&str, &str, &str); 2] = [
    (
        "mail",
        "mail.txt.hbs",
        include_str!("../../templates/mail.txt.hbs"),
    ),
    (
        "thanks",
        "thanks.txt.hbs",
        include_str!("../../templates/thanks.txt.hbs"),
    ),
];

/// The language files compiled into the binary: the six official
/// languages of the United Nations.
pub(super) const LANGUAGES: [(&str, &str); 6] = [
    ("ar", include_str!("../../templates/i18n/ar.yaml")),
    ("en", include_str!("../../templates/i18n/en.yaml")),
    ("es", include_str!("../../templates/i18n/es.yaml")),
    ("fr", include_str!("../../templates/i18n/fr.yaml")),
    ("ru", include_str!("../../templates/i18n/ru.yaml")),
    ("zh", include_str!("../../templates/i18n/zh.yaml")),
];

/// The built-in templates and language files as files, relative to a
/// templates folder: what `init` gives a new campaign to edit.
pub fn builtin_files() -> Vec<(String, &'static str)> {
    TEMPLATES
        .iter()
        .chain(&TEXT_TEMPLATES)
        .map(|(_, rel, text)| (rel.to_string(), *text))
        .chain(
            LANGUAGES
                .iter()
                .map(|(lang, text)| (format!("i18n/{lang}.yaml"), *text)),
        )
        .collect()
}

/// Loaded templates and language files, ready to render.
pub struct Templates {
    /// The Markdown templates: values are escaped.
    hb: Handlebars<'static>,
    /// The plain-text templates (the draft e-mail): values are not escaped.
    text: Handlebars<'static>,
    languages: BTreeMap<String, Language>,
    /// Each language's labels as the JSON the templates read them from
    /// (`labels.<key>`), made once rather than for every document.
    labels: BTreeMap<String, serde_json::Value>,
    /// Template name → its file in `Sources`, for locating render errors.
    files: BTreeMap<String, FileId>,
}

/// Reads `dir/rel` when a templates folder is given and holds it, else the built-in text.
fn source_of(
    dir: Option<&Path>,
    rel: &str,
    builtin: &str,
    sources: &mut Sources,
) -> io::Result<FileId> {
    if let Some(dir) = dir {
        let path = dir.join(rel);
        if path.is_file() {
            let text = fs::read_to_string(&path)?;
            return Ok(sources.add(
                Path::new("templates").join(rel),
                path.display().to_string(),
                text,
            ));
        }
    }
    Ok(sources.add(
        Path::new("templates").join(rel),
        format!("templates/{rel} (built in)"),
        builtin.to_string(),
    ))
}

impl Templates {
    /// Loads the templates (from `dir` where it overrides them) into `sources`,
    /// reporting problems to `diags`.
    pub fn load(
        dir: Option<&Path>,
        sources: &mut Sources,
        diags: &mut Diagnostics,
    ) -> io::Result<Templates> {
        let dir = dir.filter(|d| d.is_dir());
        let mut languages = BTreeMap::new();
        let mut language_files = BTreeMap::new();
        // The built-in languages, and any other a templates folder adds.
        let mut codes: Vec<(String, &str)> =
            LANGUAGES.iter().map(|(l, t)| (l.to_string(), *t)).collect();
        for extra in extra_languages(dir) {
            if !codes.iter().any(|(l, _)| *l == extra) {
                codes.push((extra, ""));
            }
        }
        // The files are added in a fixed order (their ids), then parsed in
        // parallel.
        let mut files_of_languages = Vec::with_capacity(codes.len());
        for (lang, builtin) in codes {
            let rel = format!("i18n/{lang}.yaml");
            files_of_languages.push((lang, source_of(dir, &rel, builtin, sources)?));
        }
        let parsed: Vec<Result<Language, serde_yaml::Error>> = files_of_languages
            .par_iter()
            .map(|(_, file)| serde_yaml::from_str::<Language>(&sources.get(*file).text))
            .collect();
        for ((lang, file), parsed) in files_of_languages.into_iter().zip(parsed) {
            match parsed {
                Ok(l) => {
                    languages.insert(lang.clone(), l);
                    language_files.insert(lang, file);
                }
                Err(e) => {
                    let loc = e.location().map_or_else(
                        || sources.at_line_col(file, 1, 1),
                        |l| sources.at_line_col(file, l.line(), l.column()),
                    );
                    diags.push(
                        Diagnostic::error(
                            crate::diag::Code::InvalidLanguageFile,
                            format!("invalid language file: {e}"),
                        )
                        .at(sources, loc),
                    );
                }
            }
        }
        check_languages(&languages, &language_files, sources, diags);

        let mut files = BTreeMap::new();
        let mut hb = registry(&languages, escape::plain, true);
        let mut text = registry(&languages, handlebars::no_escape, false);
        // Sources in a fixed order, then each template compiled in
        // parallel (compiling is most of loading), then registered in order.
        let mut to_compile = Vec::new();
        for (markdown, templates) in [(true, &TEMPLATES[..]), (false, &TEXT_TEMPLATES[..])] {
            for (name, rel, builtin) in templates {
                let file = source_of(dir, rel, builtin, sources)?;
                files.insert(name.to_string(), file);
                to_compile.push((markdown, *name, file));
            }
        }
        let compiled: Vec<Result<handlebars::Template, handlebars::TemplateError>> = to_compile
            .par_iter()
            .map(|(_, name, file)| {
                handlebars::Template::compile_with_name(&sources.get(*file).text, name.to_string())
            })
            .collect();
        for ((markdown, name, file), compiled) in to_compile.into_iter().zip(compiled) {
            let hb = if markdown { &mut hb } else { &mut text };
            match compiled {
                Err(e) => {
                    let (line, col) = e.pos().unwrap_or((1, 1));
                    let loc = sources.at_line_col(file, line, col);
                    diags.push(
                        Diagnostic::error(
                            crate::diag::Code::TemplateSyntax,
                            format!("invalid template: {}", e.reason()),
                        )
                        .at(sources, loc),
                    );
                }
                Ok(template) => {
                    // A partial can include itself through another without
                    // end, and that ends the process with a stack overflow:
                    // such a template is never registered.
                    if let Some((line, col)) = partial_at(&template) {
                        let loc = sources.at_line_col(file, line, col);
                        diags.push(
                            Diagnostic::error(
                                crate::diag::Code::TemplatePartial,
                                "templates cannot use partials or inline partials",
                            )
                            .at(sources, loc)
                            .with_hint(
                                "a partial can include itself without end; write the text out in the template",
                            ),
                        );
                    } else {
                        hb.register_template(name, template);
                    }
                }
            }
        }
        let labels = languages
            .iter()
            .map(|(lang, l)| {
                let labels = l
                    .labels
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect();
                (lang.clone(), serde_json::Value::Object(labels))
            })
            .collect();
        Ok(Templates {
            hb,
            text,
            languages,
            labels,
            files,
        })
    }

    /// The languages packs can be written in: one for each language file.
    pub fn languages(&self) -> std::collections::BTreeSet<String> {
        self.languages.keys().cloned().collect()
    }

    /// The language file of `lang`, else English's.
    pub fn language(&self, lang: &str) -> Option<&Language> {
        self.languages
            .get(lang)
            .or_else(|| self.languages.get("en"))
    }

    /// Renders template `name` with `view` as Markdown.
    fn markdown<T: Serialize>(
        &self,
        name: &str,
        view: &T,
        lang: &str,
        sources: &Sources,
    ) -> Result<String, Box<Diagnostic>> {
        self.render(&self.hb, name, view, lang, sources)
    }

    /// Renders template `name` of `registry` with `view`, the language's
    /// labels and the language's code.
    fn render<T: Serialize>(
        &self,
        registry: &Handlebars<'static>,
        name: &str,
        view: &T,
        lang: &str,
        sources: &Sources,
    ) -> Result<String, Box<Diagnostic>> {
        let labels = self
            .labels
            .get(lang)
            .or_else(|| self.labels.get("en"))
            .cloned()
            .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
        let mut data = serde_json::to_value(view)
            .map_err(|e| Box::new(Diagnostic::error(crate::diag::Code::Render, e.to_string())))?;
        if let Some(map) = data.as_object_mut() {
            map.insert("labels".into(), labels);
            map.insert(
                "language".into(),
                serde_json::Value::String(lang.to_string()),
            );
        }
        // The context takes the JSON as it is: `render` would copy it whole.
        let context = handlebars::Context::from(data);
        registry.render_with_context(name, &context).map_err(|e| {
            let file = e
                .template_name
                .as_ref()
                .and_then(|n| self.files.get(n))
                .copied();
            let d = match e.reason() {
                handlebars::RenderErrorReason::MissingVariable(Some(path)) => {
                    unknown_field(name, path, context.data())
                }
                reason => Diagnostic::error(
                    crate::diag::Code::Template,
                    format!("cannot render the {name} template: {reason}"),
                ),
            };
            Box::new(match (file, e.line_no) {
                (Some(f), Some(line)) => d.at(
                    sources,
                    sources.at_line_col(f, line, e.column_no.unwrap_or(1)),
                ),
                _ => d,
            })
        })
    }

    /// The Markdown the pack template makes of one pack.
    pub fn pack_markdown(
        &self,
        view: &PackView,
        sources: &Sources,
    ) -> Result<String, Box<Diagnostic>> {
        self.markdown("pack", view, &view.language, sources)
    }

    /// The document of one pack.
    pub fn pack(&self, view: &PackView, sources: &Sources) -> Result<Document, Box<Diagnostic>> {
        let lang = view.language.as_str();
        let md = self.pack_markdown(view, sources)?;
        let label = |k: &str| self.language(lang).map(|l| l.label(k)).unwrap_or_default();
        let date = self
            .language(lang)
            .map(|l| l.date(view.date))
            .unwrap_or_default();
        Ok(Document {
            meta: Metadata {
                title: format!(
                    "{}{}{}",
                    label("briefing_for"),
                    label("colon"),
                    view.counterpart.institution
                ),
                subject: view.campaign.title.clone(),
                author: view.campaign.coalition_names(),
                language: LanguageTag::from(lang),
            },
            furniture: Furniture {
                header: view.campaign.title.clone(),
                footer: FooterLine::naming(
                    format!("{}{}", label("prepared_for"), label("colon")),
                    view.counterpart.institution.clone(),
                    format!("{}{date}", label("dash")),
                ),
                page_label: PageLabel::parse(&label("page_of")),
            },
            blocks: with_logos(markdown::to_blocks(&md), &view.campaign.coalition),
        })
    }

    fn label(&self, lang: &str, key: &str) -> String {
        self.language(lang)
            .map(|l| l.label(key))
            .unwrap_or_default()
    }

    /// The subject and the plain-text body of a draft e-mail: the mail
    /// template's first line is the subject, the rest (after blank lines)
    /// the body. Line ends are `\n`.
    pub fn mail(
        &self,
        view: &MailView,
        sources: &Sources,
    ) -> Result<(String, String), Box<Diagnostic>> {
        // A held meeting's draft thanks the people met; a planned one's
        // sends the pack ahead of it.
        let name = if view.held { "thanks" } else { "mail" };
        let text = self.render(&self.text, name, view, &view.language, sources)?;
        let text = text.replace("\r\n", "\n");
        let text = text.trim_start_matches(['\n', ' ', '\t']);
        let (subject, body) = text.split_once('\n').unwrap_or((text, ""));
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        // One blank line between paragraphs, however the template's
        // optional parts (a greeting line per salutation) fell.
        let mut body: Vec<&str> = body.lines().map(str::trim_end).collect();
        body.dedup_by(|a, b| a.is_empty() && b.is_empty());
        let body = body.join("\n").trim_matches('\n').to_string() + "\n";
        if subject.is_empty() || body.trim().is_empty() {
            let d = Diagnostic::error(
                crate::diag::Code::Template,
                format!("the {name} template gives no subject or no body"),
            )
            .with_hint("its first line is the subject; the body follows a blank line");
            let file = self.files.get(name).copied();
            return Err(Box::new(match file {
                Some(f) => d.at(sources, sources.at_line_col(f, 1, 1)),
                None => d,
            }));
        }
        Ok((subject, body))
    }

    /// The Markdown the summary template makes of the campaign summary.
    pub fn summary_markdown(
        &self,
        view: &SummaryView,
        sources: &Sources,
    ) -> Result<String, Box<Diagnostic>> {
        self.markdown("summary", view, &view.language, sources)
    }

    /// The document of the campaign summary: internal on every page.
    pub fn summary(
        &self,
        view: &SummaryView,
        sources: &Sources,
    ) -> Result<Document, Box<Diagnostic>> {
        let lang = view.language.as_str();
        let md = self.summary_markdown(view, sources)?;
        let label = |k: &str| self.label(lang, k);
        let as_of = self
            .language(lang)
            .map(|l| l.date(view.as_of))
            .unwrap_or_default();
        Ok(Document {
            meta: Metadata {
                title: format!(
                    "{}{}{}",
                    label("summary_title"),
                    label("dash"),
                    view.campaign.title
                ),
                subject: label("internal"),
                author: view.campaign.coalition_names(),
                language: LanguageTag::from(lang),
            },
            furniture: Furniture {
                header: format!(
                    "{}{}{}",
                    label("internal"),
                    label("dash"),
                    view.campaign.title
                ),
                footer: FooterLine::naming(
                    "",
                    label("summary_title"),
                    format!("{}{} {}", label("dash"), label("as_of"), as_of),
                ),
                page_label: PageLabel::parse(&label("page_of")),
            },
            blocks: markdown::to_blocks(&md),
        })
    }

    /// The document of the stakeholder submission.
    pub fn submission(
        &self,
        view: &SubmissionView,
        sources: &Sources,
    ) -> Result<Document, Box<Diagnostic>> {
        let lang = view.language.as_str();
        let md = self.markdown("submission", view, lang, sources)?;
        let label = |k: &str| self.label(lang, k);
        let kind = match view.kind {
            crate::normalize::SubmissionKind::Joint => label("joint_submission"),
            crate::normalize::SubmissionKind::Individual => label("individual_submission"),
        };
        let shorts: Vec<&str> = view
            .campaign
            .coalition
            .iter()
            .map(|m| m.short.as_str())
            .collect();
        Ok(Document {
            meta: Metadata {
                title: format!(
                    "{kind} — {} {}",
                    label("upr_of"),
                    view.campaign.state_under_review.name
                ),
                subject: view.campaign.title.clone(),
                author: view.campaign.coalition_names(),
                language: LanguageTag::from(lang),
            },
            furniture: Furniture {
                header: format!(
                    "{} {} — {kind}",
                    label("upr_of"),
                    view.campaign.state_under_review.name
                ),
                footer: shorts.join(" · ").into(),
                page_label: PageLabel::parse(&label("page_of")),
            },
            blocks: with_logos(markdown::to_blocks(&md), &view.campaign.coalition),
        })
    }
}

/// A template's reference to a field its view lacks: "unknown field
/// `counterpart.instituton`", with the nearest field where one is near (of
/// the fields beside it when its parent is found from the top of the view,
/// else of any field of the view).
fn unknown_field(template: &str, path: &str, data: &serde_json::Value) -> Diagnostic {
    let path = path.trim_start_matches("this.");
    let (parent, field) = path.rsplit_once('.').unwrap_or(("", path));
    let mut beside_keys = std::collections::BTreeSet::new();
    let beside = parent
        .split('.')
        .filter(|p| !p.is_empty())
        .try_fold(data, |v, key| match v {
            serde_json::Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            v => v.get(key),
        });
    if let Some(map) = beside.and_then(|v| v.as_object()) {
        beside_keys.extend(map.keys().map(String::as_str));
    }
    // Inside a block the path is relative to the block's value: any field
    // of the view may be the one meant.
    let near = crate::diag::nearest(field, beside_keys.iter().copied()).or_else(|| {
        let mut every = std::collections::BTreeSet::new();
        every_key(data, &mut every);
        crate::diag::nearest(field, every.iter().copied())
    });
    let message = match near {
        Some(near) => format!("unknown field `{path}` (did you mean `{near}`?)"),
        None => format!("unknown field `{path}`"),
    };
    Diagnostic::error(crate::diag::Code::Template, message).with_hint(format!(
        "the {template} template can use only the fields of its view"
    ))
}

/// Every object key anywhere in `v`.
fn every_key<'a>(v: &'a serde_json::Value, out: &mut std::collections::BTreeSet<&'a str>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.as_str());
                every_key(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| every_key(v, out)),
        _ => {}
    }
}

/// `blocks` with the logos of `coalition` (in its order, each with its
/// member's name as alternative text) on the first cover, if there is one.
fn with_logos(mut blocks: Vec<Block>, coalition: &[MemberView]) -> Vec<Block> {
    if let Some(Block::Cover(cover)) = blocks.iter_mut().find(|b| matches!(b, Block::Cover(_))) {
        cover.logos = coalition.iter().filter_map(|m| m.logo.clone()).collect();
    }
    blocks
}

/// Where a template uses a partial (`{{> x}}`) or a decorator such as an
/// inline partial, as (line, column).
fn partial_at(t: &handlebars::template::Template) -> Option<(usize, usize)> {
    use handlebars::template::TemplateElement as E;
    t.elements.iter().enumerate().find_map(|(i, e)| {
        let here = || t.mapping.get(i).map_or((1, 1), |m| (m.0, m.1));
        match e {
            E::PartialExpression(_)
            | E::PartialBlock(_)
            | E::DecoratorExpression(_)
            | E::DecoratorBlock(_) => Some(here()),
            E::HelperBlock(h) => h
                .template
                .as_ref()
                .and_then(partial_at)
                .or_else(|| h.inverse.as_ref().and_then(partial_at)),
            _ => None,
        }
    })
}

/// Language codes of the files `dir/i18n/<code>.yaml`, where `<code>` is two
/// or three lower-case letters.
fn extra_languages(dir: Option<&Path>) -> Vec<String> {
    let Some(dir) = dir else { return Vec::new() };
    let Ok(entries) = fs::read_dir(dir.join("i18n")) else {
        return Vec::new();
    };
    let mut codes: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let code = name.strip_suffix(".yaml")?.to_string();
            let ok = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
            ok.then_some(code)
        })
        .collect();
    codes.sort();
    codes
}

/// A Handlebars registry in strict mode with the helpers, escaping values
/// with `escape`; `markdown` when its templates write Markdown.
fn registry(
    languages: &BTreeMap<String, Language>,
    escape: fn(&str) -> String,
    markdown: bool,
) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(escape);
    hb.register_helper(
        "date",
        Box::new(helpers::DateHelper {
            languages: languages.clone(),
            escape,
        }),
    );
    hb.register_helper(
        "plural",
        Box::new(helpers::PluralHelper {
            languages: languages.clone(),
            escape,
        }),
    );
    hb.register_helper(
        "fill",
        Box::new(helpers::FillHelper {
            languages: languages.clone(),
            escape,
        }),
    );
    for helper in helpers::TEXT_HELPERS {
        hb.register_helper(helper.name, Box::new(helper));
    }
    if !markdown {
        // Plain text shows what inline Markdown means, not its marks.
        for helper in helpers::PLAIN_HELPERS {
            hb.register_helper(helper.name, Box::new(helper));
        }
    }
    // Only Markdown carries language marks; plain text has nowhere to put them.
    hb.register_helper("lang", Box::new(lang::LangHelper { mark: markdown }));
    hb
}

/// Every language file has the keys of the English one, and twelve months
/// (twelve standalone months too, where it has them); a label the English
/// file lacks is a warning, most likely a misspelt key.
fn check_languages(
    languages: &BTreeMap<String, Language>,
    files: &BTreeMap<String, FileId>,
    sources: &Sources,
    diags: &mut Diagnostics,
) {
    let Some(en) = languages.get("en") else {
        return;
    };
    for (lang, l) in languages {
        let file = files[lang];
        let at_top = || sources.at_line_col(file, 1, 1);
        for (key, months) in [
            ("months", &l.months),
            ("months_standalone", &l.months_standalone),
        ] {
            if key == "months_standalone" && months.is_empty() {
                continue;
            }
            if months.len() != 12 {
                diags.push(
                    Diagnostic::error(
                        crate::diag::Code::InvalidLanguageFile,
                        format!("{lang}: `{key}` lists {} months, not 12", months.len()),
                    )
                    .at(sources, at_top()),
                );
            }
        }
        let (missing, extra) = i18n::label_differences(en, l);
        for key in missing {
            diags.push(
                Diagnostic::error(
                    crate::diag::Code::MissingLabel,
                    format!("the {lang} language file has no label \"{key}\""),
                )
                .at(sources, at_top())
                .with_hint(format!("add `{key}:` under `labels:`")),
            );
        }
        for key in extra {
            let known = en.labels.keys().map(String::as_str);
            let hint = crate::diag::did_you_mean(key, known).unwrap_or_else(|| {
                "every label must be in the English file, every language's fallback".to_string()
            });
            diags.push(
                Diagnostic::warning(
                    crate::diag::Code::InvalidLanguageFile,
                    format!("the {lang} language file has a label \"{key}\" the English one lacks"),
                )
                .at(sources, at_top())
                .with_hint(hint),
            );
        }
    }
}
