//! The command line: one definition per flag, one file per subcommand.

mod build;
mod check;
mod completions;
mod handover;
mod import;
mod init;
mod list;
mod mail;
mod schema;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::Sources;

/// Exit codes, as SPEC fixes them.
pub mod exit {
    pub const OK: u8 = 0;
    pub const INVALID: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const FAILURE: u8 = 3;
}

#[derive(Debug, Parser)]
#[command(
    name = "upr-brief",
    version,
    about = "Tailored UPR briefing packs from campaign YAML"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write every pack, the summary and the submission as PDF and DOCX, and the manifest.
    Build(build::Args),
    /// Check the inputs and report every problem found; writes nothing.
    Check(check::Args),
    /// One line per pack that `build` would write.
    List(list::Args),
    /// Create a new campaign folder: example inputs, templates, a README and a CI workflow.
    Init(init::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::Args),
    /// Print the man page.
    Man,
    /// Write the JSON Schema of each kind of input file, for editors.
    Schema(schema::Args),
    /// Write a draft e-mail per meeting, to the people met, the pack attached; sends nothing.
    Mail(mail::Args),
    /// Record that the current pack of each meeting was handed over, in the
    /// meeting's file under inputs/handovers/.
    Handover(handover::Args),
    /// Bring earlier recommendations from the UN's records into the state profiles.
    #[command(subcommand)]
    Import(import::Command),
    /// The campaign's meeting ids, one a line, for completion scripts.
    #[command(hide = true)]
    MeetingIds(completions::MeetingIdsArgs),
}

/// Runs the parsed command line and returns the process's exit code.
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::List(args) => list::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man => completions::man(),
        Command::Schema(args) => schema::run(&args),
        Command::Mail(args) => mail::run(&args),
        Command::Handover(args) => handover::run(&args),
        Command::Import(command) => import::run(&command),
        Command::MeetingIds(args) => completions::meeting_ids(&args),
    };
    ExitCode::from(code)
}

/// Where a campaign is: its inputs and its templates. Every command that
/// reads a campaign flattens this, so the flags are defined once.
#[derive(Debug, clap::Args)]
pub struct CampaignArgs {
    /// The campaign's inputs folder.
    #[arg(long, value_name = "DIR", default_value = "inputs")]
    pub inputs: PathBuf,
    /// A folder whose files override the built-in templates one by one.
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub templates: PathBuf,
    /// A folder of fonts (.ttf, .otf, .ttc) searched first for scripts the
    /// built-in Noto Sans does not cover; then the system's fonts are.
    #[arg(long, value_name = "DIR", default_value = "fonts")]
    pub fonts: PathBuf,
}

impl CampaignArgs {
    /// Where fonts are looked for: the fonts folder when it exists, then
    /// the system's fonts.
    pub fn font_search(&self) -> crate::fonts::FontSearch {
        crate::fonts::FontSearch {
            folder: Some(self.fonts.clone()),
            system: true,
        }
    }

    /// The templates folder, when it exists; otherwise the built-in
    /// templates are used.
    pub fn templates_dir(&self) -> Option<&Path> {
        Some(self.templates.as_path()).filter(|dir| dir.is_dir())
    }
}

/// `n` and the noun that counts it: "1 error", "2 errors" (`many` is the
/// plural).
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Prints diagnostics to stderr, errors and warnings alike, sorted by place.
fn report(diags: Diagnostics, sources: &Sources) {
    print_diagnostics(&diags.sorted(), sources);
}

/// Prints diagnostics to stderr in the order given.
fn print_diagnostics(diags: &[Diagnostic], sources: &Sources) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = write!(err, "{}", d.render(sources));
    }
}

/// An I/O failure: said plainly, exit 3.
fn failure(what: &str, e: &std::io::Error) -> u8 {
    eprintln!("error: {what}: {e}");
    exit::FAILURE
}
