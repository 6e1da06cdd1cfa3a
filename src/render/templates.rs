//! Loading the templates and language files: the built-in ones, a
//! templates folder that overrides them file by file, and the checks on
//! what was loaded.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use handlebars::Handlebars;
use rayon::prelude::*;

use super::i18n::Language;
use super::{escape, helpers, i18n, lang};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{FileId, Sources};

/// The templates compiled into the binary: (name, file, text).
const TEMPLATES: [(&str, &str, &str); 6] = [
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
    (
        "changes",
        "changes.md.hbs",
        include_str!("../../templates/changes.md.hbs"),
    ),
    (
        "questions",
        "questions.md.hbs",
        include_str!("../../templates/questions.md.hbs"),
    ),
    (
        "statement",
        "statement.md.hbs",
        include_str!("../../templates/statement.md.hbs"),
    ),
];

/// The plain-text templates compiled into the binary: (name, file, text).
/// Nothing in them is escaped, for nothing in them is Markdown.
const TEXT_TEMPLATES: [(&str, &str, &str); 3] = [
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
    (
        "update",
        "update.txt.hbs",
        include_str!("../../templates/update.txt.hbs"),
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
    pub(super) hb: Handlebars<'static>,
    /// The plain-text templates (the draft e-mail): values are not escaped.
    pub(super) text: Handlebars<'static>,
    pub(super) languages: BTreeMap<String, Language>,
    /// Each language's labels as the JSON the templates read them from
    /// (`labels.<key>`), made once rather than for every document.
    pub(super) labels: BTreeMap<String, serde_json::Value>,
    /// Template name → its file in `Sources`, for locating render errors.
    pub(super) files: BTreeMap<String, FileId>,
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
