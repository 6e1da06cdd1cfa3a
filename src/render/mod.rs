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
mod templates;
mod words;

pub use templates::{Templates, builtin_files};
pub use words::{WordCount, has_notes, word_count};

use handlebars::Handlebars;
use serde::Serialize;

use crate::assemble::handover::RedlineView;
use crate::assemble::mail::MailView;
use crate::assemble::pack::MemberView;
use crate::assemble::{PackView, QuestionsView, StatementView, SubmissionView, SummaryView};
use crate::diag::Diagnostic;
use crate::doc::diff::BlockDiff;
use crate::doc::redline::{self, Spoken};
use crate::doc::{Block, Document, FooterLine, Furniture, LanguageTag, Metadata, PageLabel};
use crate::source::Sources;

impl Templates {
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
            blocks: with_logos(self.blocks(&md, lang), &view.campaign.coalition),
        })
    }

    /// The blocks of a document's Markdown, its notes (if any) headed by
    /// the language's `notes` label.
    fn blocks(&self, md: &str, lang: &str) -> Vec<Block> {
        let mut blocks = markdown::to_blocks(md);
        if let Some(Block::Notes(notes)) = blocks.last_mut() {
            notes.title = vec![crate::doc::Inline::plain(self.label(lang, "notes"))];
        }
        blocks
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
        // A pack changed since its handover is sent again with what
        // changed; else a held meeting's draft thanks the people met, and
        // a planned one's sends the pack ahead of it.
        let name = if view.update.is_some() {
            "update"
        } else if view.held {
            "thanks"
        } else {
            "mail"
        };
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

    /// The document of a pack's redline (`changes/<meeting-id>.pdf`): the
    /// box of what changed since its last handover (the changes template),
    /// after the cover when the pack opens with one, then the pack's text
    /// compared with the text handed over (`diff`), each change marked
    /// and worded for a screen reader in the pack's language
    /// (`doc::redline`); the pack's furniture and properties.
    pub fn redline(
        &self,
        view: &RedlineView,
        pack: &Document,
        diff: &[BlockDiff],
        sources: &Sources,
    ) -> Result<Document, Box<Diagnostic>> {
        let lang = view.language.as_str();
        let md = self.markdown("changes", view, lang, sources)?;
        let label = |k: &str| self.label(lang, k);
        let spoken = Spoken {
            inserted: label("change_spoken_inserted"),
            deleted: label("change_spoken_deleted"),
            restyled: label("change_spoken_restyled"),
        };
        let logos = (pack.blocks.iter())
            .find_map(|b| match b {
                Block::Cover(c) => Some(c.logos.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let mut blocks = redline::blocks(diff, &logos, &spoken);
        let at = usize::from(matches!(blocks.first(), Some(Block::Cover(_))));
        blocks.splice(at..at, self.blocks(&md, lang));
        Ok(Document {
            meta: pack.meta.clone(),
            furniture: pack.furniture.clone(),
            blocks,
        })
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
            blocks: self.blocks(&md, lang),
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
            blocks: with_logos(self.blocks(&md, lang), &view.campaign.coalition),
        })
    }
}

impl Templates {
    /// The Markdown the questions template makes of the advance questions.
    pub fn questions_markdown(
        &self,
        view: &QuestionsView,
        sources: &Sources,
    ) -> Result<String, Box<Diagnostic>> {
        self.markdown("questions", view, &view.language, sources)
    }

    /// The document of the advance questions (`questions.pdf`): public,
    /// in the campaign's language.
    pub fn questions(
        &self,
        view: &QuestionsView,
        sources: &Sources,
    ) -> Result<Document, Box<Diagnostic>> {
        let lang = view.language.as_str();
        let md = self.questions_markdown(view, sources)?;
        let label = |k: &str| self.label(lang, k);
        Ok(Document {
            meta: Metadata {
                title: format!(
                    "{}{}{}",
                    label("questions_title"),
                    label("dash"),
                    view.campaign.title
                ),
                subject: view.campaign.title.clone(),
                author: view.campaign.coalition_names(),
                language: LanguageTag::from(lang),
            },
            furniture: Furniture {
                header: view.campaign.title.clone(),
                footer: label("questions_title").into(),
                page_label: PageLabel::parse(&label("page_of")),
            },
            blocks: markdown::to_blocks(&md),
        })
    }
}

impl Templates {
    /// The Markdown the statement template makes of one statement.
    pub fn statement_markdown(
        &self,
        view: &StatementView,
        sources: &Sources,
    ) -> Result<String, Box<Diagnostic>> {
        self.markdown("statement", view, &view.language, sources)
    }

    /// The document of a speaker's script, in the statement's language:
    /// public, it shows only the statement's own fields. Its look (large
    /// type, wide spacing) is the style sheet's script look, which the
    /// build gives its writers.
    pub fn statement(
        &self,
        view: &StatementView,
        sources: &Sources,
    ) -> Result<Document, Box<Diagnostic>> {
        let lang = view.language.as_str();
        let md = self.statement_markdown(view, sources)?;
        let label = |k: &str| self.label(lang, k);
        let kind = label(match view.kind {
            crate::normalize::StatementKind::PreSession => "statement_pre_session",
            crate::normalize::StatementKind::Adoption => "statement_adoption",
            crate::normalize::StatementKind::Other => "statement_other",
        });
        Ok(Document {
            meta: Metadata {
                title: view.title.clone(),
                subject: kind.clone(),
                author: view.author(),
                language: LanguageTag::from(lang),
            },
            furniture: Furniture {
                header: format!("{}{}{}", label("statement_script"), label("dash"), kind),
                footer: view.title.clone().into(),
                page_label: PageLabel::parse(&label("page_of")),
            },
            blocks: markdown::to_blocks(&md),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::handover::ChangeLabel;
    use crate::assemble::mail::{MailPersonView, SenderView, UpdateView};
    use crate::assemble::pack::{CampaignView, StateRef};
    use crate::diag::Diagnostics;
    use crate::normalize::Review;
    use chrono::NaiveDate;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    /// The draft of a held meeting in `language`, changed since its
    /// handover on 20 March 2024 when `update` is given.
    fn view(language: &str, update: Option<UpdateView>) -> MailView {
        let person = MailPersonView {
            name: "Anna Exempel".into(),
            title: Some("Political Officer".into()),
            salutation: None,
        };
        MailView {
            id: "2024-03-20-sweden".into(),
            language: language.into(),
            people: vec![person.clone()],
            saluted: Vec::new(),
            greeted: vec![person],
            counterpart: "Sweden".into(),
            institution: "Ministry for Foreign Affairs".into(),
            date: day(3, 20),
            time: None,
            campaign: CampaignView {
                title: "T".into(),
                title_language: "en".into(),
                state_under_review: StateRef {
                    code: "VN".into(),
                    name: "Viet Nam".into(),
                    name_language: "en".into(),
                },
                review: Review {
                    cycle: 4,
                    session: 46,
                    date: day(5, 7),
                    dates: Default::default(),
                },
                coalition: Vec::new(),
            },
            sender: SenderView {
                name: "Jordan".into(),
                organization: "LIV".into(),
            },
            held: true,
            asks: vec!["Raise the Law on Cybersecurity.".into()],
            update,
        }
    }

    fn update() -> UpdateView {
        UpdateView {
            date: day(3, 20),
            changes: vec![
                ChangeLabel {
                    label: "change_reworded",
                    item: "R07".into(),
                },
                ChangeLabel {
                    label: "change_ask_added",
                    item: "3".into(),
                },
                ChangeLabel {
                    label: "change_place",
                    item: String::new(),
                },
            ],
        }
    }

    fn templates() -> (Templates, Sources) {
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let templates = Templates::load(None, &mut sources, &mut diags).unwrap();
        assert!(!diags.has_errors());
        (templates, sources)
    }

    #[test]
    fn a_changed_pack_gets_the_update_draft_in_each_language() {
        let (templates, sources) = templates();
        for lang in ["ar", "en", "es", "fr", "ru", "zh"] {
            let label = |key: &str| templates.label(lang, key);
            let (subject, body) = templates
                .mail(&view(lang, Some(update())), &sources)
                .unwrap();
            assert_eq!(
                subject,
                label("update_subject").replace("{state}", "Viet Nam"),
                "{lang}"
            );
            let handed = templates.language(lang).unwrap().date(day(3, 20));
            let since = label("update_body").replace("{date}", &handed);
            assert!(body.contains(&since), "{lang}: {body}");
            // One change a line, each worded by its label.
            let lines: Vec<&str> = body.lines().filter(|l| l.starts_with("- ")).collect();
            assert_eq!(
                lines,
                [
                    format!("- {}", label("change_reworded").replace("{item}", "R07")),
                    format!("- {}", label("change_ask_added").replace("{item}", "3")),
                    format!("- {}", label("change_place")),
                ],
                "{lang}"
            );
            assert!(body.contains(&label("update_changes")), "{lang}: {body}");
            assert!(body.contains(&label("update_attached")), "{lang}: {body}");
            assert!(
                !subject.contains('{') && !body.contains('{'),
                "{lang}: {body}"
            );
            // Not the thanks of a held meeting: no asks repeated.
            assert!(!body.contains("Cybersecurity"), "{lang}: {body}");
        }
    }

    #[test]
    fn a_statement_shows_its_numbers_and_running_times_in_each_language() {
        use crate::assemble::statement::{Signatory, statement};
        use crate::normalize::{Section, Statement, StatementKind};
        let (templates, sources) = templates();
        for lang in ["ar", "en", "es", "fr", "ru", "zh"] {
            // 60 words (or characters) and then 60 more, at 120 a minute.
            let unit = if lang == "zh" { "字" } else { "word " };
            let body = format!("{}\n\n{}", unit.repeat(60), unit.repeat(60));
            let s = Statement {
                id: "adoption".into(),
                title: "Statement".into(),
                kind: StatementKind::Adoption,
                minutes: 2.0,
                language: lang.into(),
                words_per_minute: Some(120),
                sections: vec![Section {
                    title: "Section".into(),
                    body,
                }],
                origin: Default::default(),
            };
            let by = vec![Signatory {
                name: "LIV".into(),
                name_language: "en".into(),
            }];
            let view = statement(&s, by);
            // Without the escapes the Markdown gives `:` and `.`.
            let md = (templates.statement_markdown(&view, &sources).unwrap()).replace('\\', "");
            let label = |key: &str| templates.label(lang, key);
            assert!(md.contains("1. ") && md.contains("2. "), "{lang}: {md}");
            assert!(
                md.contains("[0:30]") && md.contains("[1:00]"),
                "{lang}: {md}"
            );
            assert!(md.contains(&label("statement_adoption")), "{lang}: {md}");
            assert!(
                md.contains(&label("statement_running_time")),
                "{lang}: {md}"
            );
            assert!(!md.contains('{'), "{lang}: {md}");
            let doc = templates.statement(&view, &sources).unwrap();
            assert_eq!(doc.meta.language.to_string(), lang);
            assert_eq!(doc.meta.author, "LIV");
        }
    }

    #[test]
    fn a_pack_still_current_gets_the_thanks_or_the_pack_ahead() {
        let (templates, sources) = templates();
        let (held, _) = templates.mail(&view("en", None), &sources).unwrap();
        assert_eq!(
            held,
            templates
                .label("en", "thanks_subject")
                .replace("{state}", "Viet Nam")
        );
        let planned = MailView {
            held: false,
            ..view("en", None)
        };
        let (ahead, _) = templates.mail(&planned, &sources).unwrap();
        assert_eq!(
            ahead,
            templates
                .label("en", "mail_subject")
                .replace("{state}", "Viet Nam")
        );
        // A planned meeting's pack changed since its handover: the update.
        let changed = MailView {
            held: false,
            ..view("en", Some(update()))
        };
        let (subject, _) = templates.mail(&changed, &sources).unwrap();
        assert!(subject.starts_with("Updated briefing pack"), "{subject}");
    }
}
