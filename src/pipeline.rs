//! The stages run in order: ingest → normalize → assemble → render. Commands
//! call [`load`] or [`load_and_check`] and decide what to do with the result;
//! [`crate::build`] renders and writes the documents.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate};
use rayon::prelude::*;

use crate::assemble::{self, Assembled, PackView, SummaryView};
use crate::diag::Diagnostics;
use crate::doc::Document;
use crate::fonts::{FontSearch, Fonts};
use crate::ingest::{self, Inputs};
use crate::normalize::{self, Campaign};
use crate::render::{self, Templates};
use crate::source::Sources;

/// A campaign read, checked and assembled, with every diagnostic found on the
/// way.
pub struct Loaded {
    pub inputs: Inputs,
    /// Present when the inputs have no errors.
    pub campaign: Option<Campaign>,
    pub assembled: Option<Assembled>,
    /// The stakeholder submission, when the campaign has one.
    pub submission: Option<Document>,
    /// The submission's word count and the limit for its kind.
    pub submission_words: Option<render::WordCount>,
    /// The templates and language files (built in, or overridden).
    pub templates: Templates,
    /// The fonts the documents are set in: Noto Sans and the fallbacks
    /// found for the other scripts the campaign writes.
    pub fonts: Arc<Fonts>,
    pub diags: Diagnostics,
}

/// Runs ingest → normalize → assemble over the inputs folder `root`, with
/// the templates and language files (from `templates` where it overrides the
/// built-in ones: the language files there say which languages packs can be
/// written in). Problems in the files are diagnostics; only a failure to read
/// the disk is an `Err`.
pub fn load(root: &Path, templates: Option<&Path>, today: NaiveDate) -> io::Result<Loaded> {
    load_narrowed(root, templates, &FontSearch::default(), today, &keep_errors)
}

/// What may turn some errors of a normalized campaign into warnings before
/// it is assembled: given the campaign, its sources and the diagnostics so
/// far, called only when they hold errors.
pub type Narrow<'a> = dyn Fn(&Campaign, &Sources, &mut Diagnostics) + 'a;

/// Turns no error into a warning: every error stops the campaign.
pub fn keep_errors(_: &Campaign, _: &Sources, _: &mut Diagnostics) {}

/// [`load`] with the fonts searched in `fonts`, and `narrow` applied to the
/// errors of the normalized campaign (a build of some meetings' packs
/// narrows them to what those packs are made of).
pub fn load_narrowed(
    root: &Path,
    templates: Option<&Path>,
    fonts: &FontSearch,
    today: NaiveDate,
    narrow: &Narrow<'_>,
) -> io::Result<Loaded> {
    let mut diags = Diagnostics::default();
    let mut inputs = ingest::ingest(root, &mut diags)?;
    let templates = Templates::load(templates, &mut inputs.sources, &mut diags)?;
    let unreadable = diags.errors();
    let campaign = normalize::normalize(&inputs, &templates.languages(), &mut diags);
    let shown = shown_languages(&inputs);
    let fonts = Arc::new(choose_fonts(&inputs.sources, &shown, fonts, &mut diags));
    if let Some(c) = campaign.as_ref()
        && diags.has_errors()
    {
        narrow(c, &inputs.sources, &mut diags);
    }
    if let Some(c) = campaign.as_ref()
        && unreadable > 0
        && diags.errors() == unreadable
    {
        warnings_of_the_rest(c, &inputs, today, &mut diags);
    }
    let campaign = campaign.filter(|_| !diags.has_errors());
    let assembled = campaign.as_ref().map(|c| {
        let mut a = assemble::assemble(c, &inputs.sources, today);
        diags.extend(std::mem::take(&mut a.diags));
        handover_statuses(c, &mut a, &templates, &inputs.sources, &mut diags);
        a
    });
    Ok(Loaded {
        inputs,
        campaign,
        assembled,
        submission: None,
        submission_words: None,
        templates,
        fonts,
        diags,
    })
}

/// Where each pack handed over stands against its last handover: its text
/// now (the pack rendered into its document) against the one recorded.
/// Each outdated one is a warning, and the summary lists them all. A pack
/// that cannot be rendered is left out: its error is reported when it is.
fn handover_statuses(
    campaign: &Campaign,
    assembled: &mut Assembled,
    templates: &Templates,
    sources: &Sources,
    diags: &mut Diagnostics,
) {
    use crate::assemble::handover;
    use crate::doc::text;
    if campaign.handovers.is_empty() {
        return;
    }
    let statuses: Vec<handover::HandoverStatus> = assembled
        .packs
        .par_iter()
        .filter_map(|view| {
            let recorded = campaign.handovers.get(&view.id)?;
            let doc = templates.pack(view, sources).ok()?;
            handover::status(view, &text::fingerprint(&text::blocks(&doc)), recorded)
        })
        .collect();
    for s in statuses.iter().filter(|s| !s.is_current()) {
        if let Some(d) = handover::outdated_warning(campaign, s, sources) {
            diags.push(d);
        }
    }
    assembled.summary.handovers = handover::summary_rows(campaign, &assembled.summary, &statuses);
    assembled.handovers = statuses;
}

/// The warnings of a campaign whose only errors are files that could not be
/// read or parsed: everything else is checked as if they were absent, but a
/// pack without recommendations or a state without a profile may be
/// missing only what such a file holds, and is not reported.
fn warnings_of_the_rest(
    campaign: &Campaign,
    inputs: &Inputs,
    today: NaiveDate,
    diags: &mut Diagnostics,
) {
    use crate::diag::Code;
    let complete = ingest::InputKind::ALL
        .iter()
        .all(|&k| inputs.is_complete(k));
    let a = assemble::assemble(campaign, &inputs.sources, today);
    for d in a.diags.iter() {
        if complete || !matches!(d.code, Code::EmptyPack | Code::NoProfile) {
            diags.push(d.clone());
        }
    }
}

/// The fonts for what the campaign shows (its inputs, and the language
/// files of the languages it writes), and an error at every value with a
/// character none of them draws.
fn choose_fonts(
    sources: &Sources,
    shown: &BTreeSet<String>,
    search: &FontSearch,
    diags: &mut Diagnostics,
) -> Fonts {
    let needed = crate::coverage::needed(sources, Some(shown));
    let (fonts, errors) = crate::fonts::fallback::resolve(&needed, search);
    for e in errors {
        diags.push(crate::diag::Diagnostic::warning(
            crate::diag::Code::NoGlyph,
            format!("{e}; the font was skipped"),
        ));
    }
    crate::coverage::check_shown(sources, &fonts, Some(shown), diags);
    fonts
}

/// The languages a document of the campaign in `inputs` may be written in:
/// English (every language's fallback), the campaign's, every statement's, every meeting's
/// and state profile's (more than the packs use, never fewer).
fn shown_languages(inputs: &Inputs) -> BTreeSet<String> {
    let campaign = inputs.campaign.iter().map(|c| Some(&c.value.language));
    let statements = (inputs.campaign.iter())
        .flat_map(|c| c.value.statements.iter())
        .map(|s| Some(&s.language));
    let meetings = inputs.meetings.iter().map(|m| m.value.language.as_ref());
    let states = inputs.states.iter().map(|s| s.value.language.as_ref());
    campaign
        .chain(statements)
        .chain(meetings)
        .chain(states)
        .flatten()
        .map(|l| l.trim().to_lowercase())
        .chain(["en".to_string()])
        .collect()
}

/// [`load`], then every template rendered for every pack and the summary,
/// and the submission rendered and counted: every problem `build` can meet,
/// for `check`. The pack and summary documents are not built from the
/// rendered Markdown, a step that cannot fail.
pub fn load_and_check(
    root: &Path,
    templates: Option<&Path>,
    fonts: &FontSearch,
    today: NaiveDate,
) -> io::Result<Loaded> {
    let mut loaded = load_narrowed(root, templates, fonts, today, &keep_errors)?;
    let rendered = render_all(
        &mut loaded,
        |t, pack, sources| t.pack_markdown(pack, sources).map(drop),
        |t, view, sources| t.summary_markdown(view, sources).map(drop),
    );
    // The advance questions' template, when they are written.
    if rendered.is_some()
        && let Some(view) = loaded.assembled.as_ref().and_then(|a| a.questions.as_ref())
        && let Err(d) = loaded
            .templates
            .questions_markdown(view, &loaded.inputs.sources)
    {
        loaded.diags.push(*d);
    }
    Ok(loaded)
}

type Rendered<T> = Result<T, Box<crate::diag::Diagnostic>>;

/// Renders every pack with `pack` (in parallel) and the summary with
/// `summary` (beside them: it is the largest), then the submission. The
/// first template error, in pack order and then the summary's, becomes a
/// diagnostic: the same error would repeat for every pack.
fn render_all<P: Send, S: Send>(
    loaded: &mut Loaded,
    pack: impl Fn(&Templates, &PackView, &Sources) -> Rendered<P> + Sync,
    summary: impl Fn(&Templates, &SummaryView, &Sources) -> Rendered<S> + Sync,
) -> Option<(Vec<P>, S)> {
    if loaded.diags.has_errors() {
        return None;
    }
    let assembled = loaded.assembled.as_ref()?;
    let sources = &loaded.inputs.sources;
    let templates = &loaded.templates;
    let (packs, summary) = rayon::join(
        || {
            assembled
                .packs
                .par_iter()
                .map(|p| pack(templates, p, sources))
                .collect::<Vec<_>>()
        },
        || summary(templates, &assembled.summary, sources),
    );
    let rendered = packs
        .into_iter()
        .collect::<Result<Vec<P>, _>>()
        .and_then(|packs| Ok((packs, summary?)));
    match rendered {
        Ok(r) => {
            render_submission(loaded);
            check_statements(loaded);
            Some(r)
        }
        Err(d) => {
            loaded.diags.push(*d);
            None
        }
    }
}

/// Renders the submission, when the campaign has one, and checks its word
/// count against the limit for its kind.
pub fn render_submission(loaded: &mut Loaded) {
    let Some(view) = loaded
        .assembled
        .as_ref()
        .and_then(|a| a.submission.as_ref())
    else {
        return;
    };
    match loaded.templates.submission(view, &loaded.inputs.sources) {
        Ok(doc) => {
            let count = render::WordCount {
                words: render::word_count(&doc, view.endnotes_count),
                limit: view.word_limit,
                endnotes: render::has_notes(&doc).then_some(view.endnotes_count),
            };
            let (words, limit) = (count.words, count.limit);
            loaded.submission_words = Some(count);
            if words > limit {
                let error = word_limit_error(&loaded.inputs, words, limit);
                loaded.diags.push(error);
            }
            loaded.submission = Some(doc);
        }
        Err(error) => loaded.diags.push(*error),
    }
}

/// The submission is over the UN's word limit for its kind.
fn word_limit_error(inputs: &Inputs, words: usize, limit: usize) -> crate::diag::Diagnostic {
    let d = crate::diag::Diagnostic::error(
        crate::diag::Code::WordLimit,
        format!("the submission has {words} words; the limit for its kind is {limit}"),
    )
    .with_hint(format!(
        "cut {} words from its sections or recommendations",
        words - limit
    ));
    match &inputs.campaign {
        Some(p) => {
            let loc = inputs
                .sources
                .locate_key(p.file, &crate::source::YPath::root().key("submission"));
            d.at(&inputs.sources, loc)
        }
        None => d,
    }
}

/// Checks that every statement fits the time its speaker has (an error
/// at the body of its longest section, the field to shorten, saying by how
/// many seconds and words it runs over), and renders each one's Markdown,
/// so that an error of the statement template is found too.
pub fn check_statements(loaded: &mut Loaded) {
    let Loaded {
        campaign: Some(campaign),
        assembled: Some(assembled),
        inputs,
        templates,
        diags,
        ..
    } = loaded
    else {
        return;
    };
    let sources = &inputs.sources;
    for (statement, view) in campaign.statements.iter().zip(&assembled.statements) {
        if let Some(over) = view.overrun() {
            diags.push(statement_too_long(statement, view, over, sources));
        }
    }
    if let Some(error) = (assembled.statements.iter())
        .find_map(|view| templates.statement_markdown(view, sources).err())
    {
        diags.push(*error);
    }
}

/// A statement runs longer than its `minutes`.
fn statement_too_long(
    statement: &crate::normalize::Statement,
    view: &assemble::StatementView,
    over: assemble::statement::Overrun,
    sources: &Sources,
) -> crate::diag::Diagnostic {
    let unit = view.unit.name();
    let minutes = if statement.minutes.fract() == 0.0 {
        format!("{}", statement.minutes as u64)
    } else {
        format!("{}", statement.minutes)
    };
    let minutes = match minutes.as_str() {
        "1" => "1 minute".to_string(),
        m => format!("{m} minutes"),
    };
    let seconds = match over.seconds {
        1 => "1 second".to_string(),
        s => format!("{s} seconds"),
    };
    let units = match over.units {
        1 => unit.trim_end_matches('s').to_string(),
        _ => unit.to_string(),
    };
    let d = crate::diag::Diagnostic::error(
        crate::diag::Code::StatementTooLong,
        format!(
            "the statement \"{}\" runs {} at {} {unit} a minute, {seconds} ({} {units}) over its {minutes}",
            view.id, view.total, view.pace, over.units
        ),
    );
    let longest = view.longest_section();
    let section = view.sections.get(longest).map_or("", |s| s.title.as_str());
    let d = d.with_hint(format!(
        "cut {} {units}, e.g. from its longest section, \"{section}\"; or give the speaker more time in `minutes`",
        over.units
    ));
    let at = statement
        .origin
        .path
        .key("sections")
        .idx(longest)
        .key("body");
    d.at(sources, sources.locate(statement.origin.file, &at))
}

/// `SOURCE_DATE_EPOCH`, when set to a number of seconds.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
}

/// The time of the build, in seconds since the epoch: `SOURCE_DATE_EPOCH`
/// when set (reproducible builds), else the clock. The dates inside the
/// files and the build date come from it.
pub fn build_time() -> i64 {
    source_date_epoch().unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    })
}

/// The day of [`build_time`] (UTC): what follow-ups are overdue as of.
pub fn today() -> NaiveDate {
    day_of(build_time())
}

/// The UTC day of a time in seconds since the epoch.
pub fn day_of(secs: i64) -> NaiveDate {
    DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .date_naive()
}
