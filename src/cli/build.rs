//! `upr-brief build`: every pack, the summary and the submission as PDF and
//! DOCX, and the manifest.
//!
//! The order makes a failed build harmless: everything is checked and
//! rendered in memory first (packs in parallel); only when every file's bytes
//! exist is the output folder created and anything written or removed, each
//! file atomically and only if its bytes changed. Outputs whose fingerprint
//! is unchanged and whose file is intact are not rendered at all.

use std::collections::BTreeMap;
use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::{CampaignArgs, exit, failure, report};
use crate::doc::Document;
use crate::export::{self, PageSize};
use crate::fonts::Fonts;
use crate::layout::page::Theme;
use crate::normalize::{self, Campaign};
use crate::output::{self, Manifest, plan};
use crate::pipeline::{self, Loaded};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub campaign: CampaignArgs,
    /// Where the files are written.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Which formats to write.
    #[arg(long, value_delimiter = ',', default_value = "pdf,docx")]
    pub format: Vec<Format>,
    /// Build only this meeting's pack (repeatable); the summary and the
    /// submission are then left as they are.
    #[arg(long, value_name = "MEETING_ID")]
    pub only: Vec<String>,
    /// Render with at most N threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Rebuild every output, changed or not.
    #[arg(long)]
    pub force: bool,
    /// Print only problems (warnings and errors) and the final line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Whether to print the inputs' warnings (a caller that already printed
    /// them, as `mail` does, turns this off).
    #[arg(skip = true)]
    pub warnings: bool,
}

/// Which document a file is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum What {
    Pack(usize),
    Summary,
    Submission,
}

/// One file to produce.
struct Task {
    name: String,
    what: What,
    format: Format,
    inputs: plan::Inputs,
    fingerprint: String,
}

/// Reports the diagnostics of invalid inputs; nothing is written.
fn invalid(loaded: Loaded) -> u8 {
    let errors = loaded.diags.errors();
    report(loaded.diags, &loaded.inputs.sources);
    eprintln!("{errors} errors: nothing written");
    exit::INVALID
}

pub fn run(args: &Args) -> u8 {
    let started = Instant::now();
    // Every parallel step (parsing, hashing, rendering) runs on this pool.
    if let Some(n) = args.jobs
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
    {
        return failure("cannot start the threads", &std::io::Error::other(e));
    }
    // One time for the whole build: the dates inside every file and the
    // summary's build date.
    let stamp = pipeline::build_time();
    let today = pipeline::day_of(stamp);
    let mut loaded =
        match pipeline::load(&args.campaign.inputs, args.campaign.templates_dir(), today) {
            Ok(l) => l,
            Err(e) => return failure("cannot read the inputs", &e),
        };
    // The submission is always rendered: its word count is always checked.
    pipeline::render_submission(&mut loaded);
    if loaded.diags.has_errors() || loaded.assembled.is_none() {
        return invalid(loaded);
    }
    let Loaded {
        inputs,
        campaign,
        assembled,
        submission,
        submission_words,
        templates,
        diags,
        ..
    } = loaded;
    let (Some(campaign), Some(assembled)) = (campaign, assembled) else {
        return exit::INVALID;
    };
    let packs = &assembled.packs;
    for id in &args.only {
        if !packs.iter().any(|p| &p.id == id) {
            let known: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
            eprintln!(
                "error: --only {id}: no meeting has this id (known: {})",
                known.join(", ")
            );
            return exit::USAGE;
        }
    }
    // Warnings are printed even when quiet: only progress and per-file
    // lines are silenced.
    if args.warnings {
        report(diags, &inputs.sources);
    }
    if !args.quiet
        && let Some((words, limit)) = submission_words
    {
        println!("submission: {words} words (limit {limit})");
    }

    // What this build would write, with what each file depends on.
    let sources = &inputs.sources;
    let page = page_size(&campaign);
    let (tasks, every_stem) =
        plan_tasks(args, &campaign, packs, submission.is_some(), sources, today);

    let out = &args.out;
    if out.exists() && !out.is_dir() {
        let e = std::io::Error::other("it is a file, not a folder");
        return failure(&format!("cannot write into {}", out.display()), &e);
    }
    let mut manifest = Manifest::read(out);
    let (todo, unchanged): (Vec<&Task>, Vec<&Task>) = tasks
        .par_iter()
        .partition(|t| args.force || !up_to_date(&manifest, out, t));

    // Render every file in memory before writing anything.
    let document = |what: What| match what {
        What::Pack(i) => templates.pack(&packs[i], sources),
        What::Summary => templates.summary(&assembled.summary, sources),
        What::Submission => submission.clone().ok_or_else(|| {
            Box::new(crate::diag::Diagnostic::error(
                "render",
                "the campaign has no submission",
            ))
        }),
    };
    let bar = progress(todo.len(), args.quiet);
    let rendered = render_files(&todo, &document, page, stamp, &bar);
    bar.finish_and_clear();
    let rendered = match rendered {
        Ok(r) => r,
        Err(Failed::Template(d)) => {
            eprint!("{}", d.render(sources));
            eprintln!("1 errors: nothing written");
            return exit::INVALID;
        }
        Err(Failed::Export(e)) => {
            eprintln!("error: {e}: nothing written");
            return exit::FAILURE;
        }
    };

    // The folder is created only now: a build that fails before this point
    // leaves no trace, not even an empty folder.
    if let Err(e) = fs::create_dir_all(out) {
        return failure(&format!("cannot create {}", out.display()), &e);
    }
    let written = match write_outputs(out, &rendered, &mut manifest, args.quiet) {
        Ok(n) => n,
        Err((what, e)) => return failure(&what, &e),
    };
    let removed = match remove_stale(&mut manifest, out, &every_stem, args.quiet) {
        Ok(n) => n,
        Err(e) => return failure("cannot remove an old output", &e),
    };
    if let Err(e) = manifest.write(out) {
        return failure("cannot write the manifest", &e);
    }
    println!(
        "wrote {written}, unchanged {}, removed {removed} in {:.2} s",
        unchanged.len() + rendered.len() - written,
        started.elapsed().as_secs_f64()
    );
    exit::OK
}

/// The files this build would write (all of them; the caller skips the
/// up-to-date ones), each with what it depends on and its fingerprint, and
/// the stem of every output the campaign has (for removing stale ones).
fn plan_tasks(
    args: &Args,
    campaign: &Campaign,
    packs: &[crate::assemble::PackView],
    has_submission: bool,
    sources: &crate::source::Sources,
    today: chrono::NaiveDate,
) -> (Vec<Task>, Vec<String>) {
    let page = page_size(campaign);
    let epoch = pipeline::source_date_epoch().map_or_else(|| "none".to_string(), |e| e.to_string());
    let hashes = plan::Hashes::of(sources);
    let mut stems: Vec<(String, What, plan::Inputs)> = Vec::new();
    for (i, pack) in packs.iter().enumerate() {
        stems.push((
            pack.id.clone(),
            What::Pack(i),
            plan::pack_inputs(campaign, &hashes, &pack.id, &pack.language),
        ));
    }
    let every_stem: Vec<String> = stems
        .iter()
        .map(|s| s.0.clone())
        .chain(["summary".to_string()])
        .chain(has_submission.then(|| "submission".to_string()))
        .collect();
    if args.only.is_empty() {
        let deps = plan::summary_inputs(&hashes, &campaign.language, today);
        stems.push(("summary".into(), What::Summary, deps));
        if has_submission {
            stems.push((
                "submission".into(),
                What::Submission,
                plan::submission_inputs(campaign, &hashes, &campaign.language),
            ));
        }
    } else {
        stems.retain(|s| args.only.contains(&s.0));
    }
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let tasks = stems
        .iter()
        .flat_map(|(stem, what, deps)| {
            let epoch = &epoch;
            formats.iter().map(move |&format| {
                let name = format!("{stem}.{}", format.extension());
                let facts = [
                    ("page", format!("{page:?}")),
                    ("SOURCE_DATE_EPOCH", epoch.clone()),
                ];
                Task {
                    fingerprint: plan::fingerprint(&name, deps, &facts),
                    name,
                    what: *what,
                    format,
                    inputs: deps.clone(),
                }
            })
        })
        .collect();
    (tasks, every_stem)
}

/// Why the files could not be rendered.
enum Failed {
    /// A template failed for a document (reported once, as it would repeat).
    Template(Box<crate::diag::Diagnostic>),
    /// A writer failed for a file.
    Export(String),
}

/// The bytes of every file in `todo`, in `todo`'s order, rendered in
/// parallel: each document once (from `document`), then each of its formats
/// in turn (one document's files at a time keeps the peak memory of the
/// largest, the summary, low). The summary is started first so that it does
/// not run alone at the end.
fn render_files<'t, D>(
    todo: &[&'t Task],
    document: &D,
    page: PageSize,
    stamp: i64,
    bar: &ProgressBar,
) -> Result<Vec<(&'t Task, Vec<u8>)>, Failed>
where
    D: Fn(What) -> Result<Document, Box<crate::diag::Diagnostic>> + Sync,
{
    let mut groups: BTreeMap<What, Vec<(usize, &'t Task)>> = BTreeMap::new();
    for (i, t) in todo.iter().enumerate() {
        groups.entry(t.what).or_default().push((i, *t));
    }
    let mut groups: Vec<(What, Vec<(usize, &'t Task)>)> = groups.into_iter().collect();
    groups.sort_by_key(|(what, _)| *what != What::Summary);
    type Files<'t> = Vec<(usize, &'t Task, Vec<u8>)>;
    let render_document = |what: What, tasks: &[(usize, &'t Task)]| -> Result<Files<'t>, Failed> {
        let doc = document(what).map_err(Failed::Template)?;
        tasks
            .iter()
            .map(|&(i, t)| {
                bar.set_message(t.name.clone());
                let bytes = write_format(&doc, t.format, page, stamp)
                    .map_err(|e| Failed::Export(format!("{}: {e}", t.name)));
                bar.inc(1);
                bytes.map(|b| (i, t, b))
            })
            .collect()
    };
    let mut results: Vec<(What, Result<Files<'t>, Failed>)> = groups
        .par_iter()
        .map(|(what, tasks)| (*what, render_document(*what, tasks)))
        .collect();
    // The first failure in document order, whichever thread met it first.
    results.sort_by_key(|r| r.0);
    let mut files = Vec::with_capacity(todo.len());
    for (_, r) in results {
        files.extend(r?);
    }
    files.sort_by_key(|f| f.0);
    Ok(files.into_iter().map(|(_, t, b)| (t, b)).collect())
}

/// Writes each rendered file atomically into `out`, unless the file there
/// already has these very bytes, and records it in the manifest; returns how
/// many files were written, or which file could not be and why. A folder in
/// the place of a file is found before anything is written.
fn write_outputs(
    out: &Path,
    rendered: &[(&Task, Vec<u8>)],
    manifest: &mut Manifest,
    quiet: bool,
) -> Result<usize, (String, std::io::Error)> {
    // A folder where a file goes would stop the build half-way: it is
    // found before anything is written.
    if let Some((task, _)) = rendered
        .iter()
        .find(|(task, _)| fs::symlink_metadata(out.join(&task.name)).is_ok_and(|m| m.is_dir()))
    {
        return Err((
            format!("cannot write {}", task.name),
            std::io::Error::other(format!(
                "{} is a folder, so nothing was written",
                out.join(&task.name).display()
            )),
        ));
    }
    manifest.tool = format!("upr-brief {}", env!("CARGO_PKG_VERSION"));
    let mut written = 0;
    for (task, bytes) in rendered {
        // An input changed, but not what this file shows: it stays as it is.
        let same = fs::read(out.join(&task.name)).is_ok_and(|old| old == *bytes);
        if !same {
            output::write_atomic(out, &task.name, bytes)
                .map_err(|e| (format!("cannot write {}", task.name), e))?;
            written += 1;
            if !quiet {
                println!("wrote {}", out.join(&task.name).display());
            }
        }
        manifest.outputs.insert(
            task.name.clone(),
            output::Output {
                sha256: output::sha256(bytes),
                fingerprint: task.fingerprint.clone(),
                inputs: task.inputs.clone(),
            },
        );
    }
    Ok(written)
}

/// The manifest says this file was written from the same inputs, and the
/// file on disk is still the one written.
fn up_to_date(manifest: &Manifest, out: &Path, task: &Task) -> bool {
    let Some(entry) = manifest.outputs.get(&task.name) else {
        return false;
    };
    entry.fingerprint == task.fingerprint
        && fs::read(out.join(&task.name)).is_ok_and(|b| output::sha256(&b) == entry.sha256)
}

/// Removes outputs the manifest lists for meetings (or a submission) that no
/// longer exist: only files the tool wrote, and only while they are unchanged.
fn remove_stale(
    manifest: &mut Manifest,
    out: &Path,
    stems: &[String],
    quiet: bool,
) -> std::io::Result<usize> {
    let stale: Vec<String> = manifest
        .outputs
        .keys()
        .filter(|name| {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            !stems.iter().any(|s| s == stem)
        })
        .cloned()
        .collect();
    let mut removed = 0;
    for name in stale {
        let entry = manifest.outputs.remove(&name);
        let path = out.join(&name);
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
            && fs::read(&path).is_ok_and(|b| entry.is_some_and(|e| output::sha256(&b) == e.sha256));
        if ours {
            fs::remove_file(&path)?;
            removed += 1;
            if !quiet {
                println!("removed {}", path.display());
            }
        }
    }
    Ok(removed)
}

/// A progress bar on a terminal, unless quiet; a hidden one otherwise.
fn progress(len: usize, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || len == 0 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

fn page_size(c: &Campaign) -> PageSize {
    match c.page_size {
        normalize::PageSize::A4 => PageSize::A4,
        normalize::PageSize::Letter => PageSize::Letter,
    }
}

/// The bytes of `doc` in `format`, dated `stamp` (seconds since the epoch:
/// the build's time, or `SOURCE_DATE_EPOCH`).
fn write_format(
    doc: &Document,
    format: Format,
    page: PageSize,
    stamp: i64,
) -> Result<Vec<u8>, export::ExportError> {
    match format {
        Format::Docx => {
            let options = export::docx::DocxOptions {
                timestamp: chrono::DateTime::from_timestamp(stamp, 0),
            };
            export::docx::docx_with_options(doc, page, &options)
        }
        Format::Pdf => {
            let options = export::pdf::PdfOptions {
                creation_date: Some(stamp),
            };
            let theme = Theme::for_page(page);
            export::pdf::pdf_with_options(doc, page, &theme, Fonts::builtin(), &options)
        }
    }
}
