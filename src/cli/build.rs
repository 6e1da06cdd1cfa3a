//! `upr-brief build`: every pack, the summary and the submission as PDF and
//! DOCX, and the manifest. The build itself is [`crate::build`]; this file
//! turns the flags into a request and prints what the build tells it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use clap::builder::PossibleValue;
use indicatif::{ProgressBar, ProgressStyle};

use super::{CampaignArgs, exit, failure, print_diagnostics, report};
use crate::build::{self, BuildError, BuildReport, BuildRequest, Watch};
use crate::diag::{Diagnostic, did_you_mean};
use crate::export::Format;
use crate::source::Sources;

/// `--format`'s values are the formats' extensions.
impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.extension()))
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
    /// When another build is writing into the output folder, stop (exit
    /// 3) instead of waiting for it to finish.
    #[arg(long)]
    pub no_wait: bool,
}

pub fn run(args: &Args) -> u8 {
    let started = Instant::now();
    let request = BuildRequest {
        inputs: args.campaign.inputs.clone(),
        templates: args.campaign.templates_dir().map(Path::to_path_buf),
        out: args.out.clone(),
        formats: args.format.clone(),
        only: args.only.clone(),
        force: args.force,
        jobs: args.jobs,
        fonts: args.campaign.font_search(),
        wait: !args.no_wait,
        time: crate::pipeline::build_time(),
    };
    let console = Console {
        quiet: args.quiet,
        bar: OnceLock::new(),
    };
    match build::run_watched(&request, &console) {
        Ok(report) => {
            finished(&report, started);
            exit::OK
        }
        Err(e) => failed(e),
    }
}

/// The last line of a build (printed even when quiet).
pub(super) fn finished(report: &BuildReport, started: Instant) {
    println!(
        "wrote {}, unchanged {}, removed {} in {:.2} s",
        report.written.len(),
        report.unchanged.len(),
        report.removed.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Prints why a build stopped and returns the exit code for it.
pub(super) fn failed(e: BuildError) -> u8 {
    match e {
        BuildError::Invalid(invalid) => {
            let errors = invalid.diags.errors();
            report(invalid.diags, &invalid.sources);
            eprintln!(
                "{}: nothing written",
                super::count(errors, "error", "errors")
            );
            exit::INVALID
        }
        BuildError::UnknownMeeting { ref id, ref known } => {
            eprintln!("error: {e}");
            if let Some(hint) = meeting_hint(id, known) {
                eprintln!("  = help: {hint}");
            }
            exit::USAGE
        }
        e @ (BuildError::Export { .. } | BuildError::Busy { .. }) => {
            eprintln!("error: {e}");
            exit::FAILURE
        }
        BuildError::Io { what, error } => failure(&what, &error),
    }
}

/// The did-you-mean of an unknown `--only`: an id a typo away, else the
/// ids that end with what was given as their last words (`tunisia` for
/// `2024-11-04-tunisia`, `france` for two meetings with France).
pub(super) fn meeting_hint(given: &str, known: &[String]) -> Option<String> {
    if let Some(hint) = did_you_mean(given, known.iter().map(String::as_str)) {
        return Some(hint);
    }
    let tail = format!("-{}", given.to_lowercase());
    let ending: Vec<String> = known
        .iter()
        .filter(|k| k.to_lowercase().ends_with(&tail))
        .map(|k| format!("\"{k}\""))
        .collect();
    (!ending.is_empty()).then(|| format!("did you mean {}?", ending.join(" or ")))
}

/// What a build shows on the terminal while it runs: the warnings, even
/// when quiet; the word count, a progress bar and a line per file written
/// or removed, unless quiet.
struct Console {
    quiet: bool,
    bar: OnceLock<ProgressBar>,
}

impl Watch for Console {
    fn checked(
        &self,
        warnings: &[Diagnostic],
        sources: &Sources,
        words: Option<crate::render::WordCount>,
    ) {
        print_diagnostics(warnings, sources);
        if !self.quiet
            && let Some(count) = words
        {
            println!("submission: {count}");
        }
    }

    fn rendering(&self, files: usize) {
        let _ = self.bar.set(progress(files, self.quiet));
    }

    fn file_started(&self, name: &str) {
        if let Some(bar) = self.bar.get() {
            bar.set_message(name.to_string());
        }
    }

    fn file_done(&self, _name: &str) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    fn rendered(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }

    fn wrote(&self, path: &Path) {
        if !self.quiet {
            println!("wrote {}", path.display());
        }
    }

    fn removed(&self, path: &Path) {
        if !self.quiet {
            println!("removed {}", path.display());
        }
    }

    fn waiting(&self, out: &Path) {
        // Even when quiet: a build that seems to hang says why.
        waiting(out);
    }
}

/// Says that a command waits for another build of `out` to finish.
pub(super) fn waiting(out: &Path) {
    eprintln!("waiting for another build of {} to finish…", out.display());
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
