//! `upr-brief handover MEETING_ID...`: records that the current pack of
//! each meeting was handed over, in `inputs/handovers/<meeting-id>.yaml`
//! (see [`crate::handover`]); atomically, everything already in the file kept.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;

use super::build::meeting_hint;
use super::{CampaignArgs, exit, failure, print_diagnostics};
use crate::assemble::handover::english;
use crate::diag::Diagnostic;
use crate::handover::{self, HandoverError, HandoverRequest, Planned};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The meetings whose current packs were handed over.
    #[arg(value_name = "MEETING_ID", required = true)]
    pub meetings: Vec<String>,
    #[command(flatten)]
    pub campaign: CampaignArgs,
    /// The day they were handed over (default: today, or the day of
    /// SOURCE_DATE_EPOCH).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// To whom (repeatable; default: the people met).
    #[arg(long, value_name = "NAME")]
    pub to: Vec<String>,
    /// A note kept with the record.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Print what would be recorded; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a date written YYYY-MM-DD"))
}

pub fn run(args: &Args) -> u8 {
    let request = HandoverRequest {
        inputs: args.campaign.inputs.clone(),
        templates: args.campaign.templates_dir().map(Path::to_path_buf),
        fonts: args.campaign.font_search(),
        meetings: args.meetings.clone(),
        date: args.date,
        to: args.to.clone(),
        note: args.note.clone(),
        time: crate::pipeline::build_time(),
    };
    let planned = match handover::plan(&request) {
        Ok(p) => p,
        Err(HandoverError::Invalid(diags, sources)) => {
            let errors: Vec<Diagnostic> = diags
                .sorted()
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
            print_diagnostics(&errors, &sources);
            eprintln!(
                "{} in the packs' inputs: nothing recorded (`upr-brief check` lists every problem)",
                super::count(errors.len(), "error", "errors")
            );
            return exit::INVALID;
        }
        Err(HandoverError::UnknownMeeting { id, known }) => {
            eprintln!(
                "error: {id}: no meeting has this id (known: {})",
                known.join(", ")
            );
            if let Some(hint) = meeting_hint(&id, &known) {
                eprintln!("  = help: {hint}");
            }
            return exit::USAGE;
        }
        Err(HandoverError::Io(e)) => return failure("cannot record the handover", &e),
    };
    for p in &planned {
        describe(p, &args.campaign.inputs, args.dry_run);
        let Some(new) = p.new.as_ref().filter(|_| !args.dry_run) else {
            continue;
        };
        let path = args.campaign.inputs.join(&p.rel);
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Err(e) =
            fs::create_dir_all(dir).and_then(|()| output::write_atomic(dir, name, new.as_bytes()))
        {
            return failure(&format!("cannot write {}", path.display()), &e);
        }
    }
    if args.dry_run {
        println!("dry run: nothing written");
    }
    exit::OK
}

/// What was recorded, or would be; a dry run also prints the entry.
fn describe(p: &Planned, inputs: &Path, dry_run: bool) {
    let e = &p.entry;
    let rel = inputs.join(&p.rel);
    let to = if e.to.is_empty() {
        "no one named".to_string()
    } else {
        e.to.join(", ")
    };
    if p.new.is_none() {
        println!(
            "{}: already recorded as handed over on {} to {to}, and the pack is the same: nothing added",
            p.meeting, e.date
        );
        return;
    }
    let verb = if dry_run { "would record" } else { "recorded" };
    println!(
        "{}: {verb} the pack ({}) handed over on {} to {to}, in {}",
        p.meeting,
        e.language,
        e.date,
        rel.display()
    );
    if let Some((date, changes)) = &p.since {
        if changes.is_empty() {
            println!("  the same pack as handed over on {date}");
        } else {
            println!(
                "  changed since the handover of {date}: {}",
                english(changes)
            );
        }
    }
    if dry_run {
        print!("{}", handover::render_entry(e));
    }
}
