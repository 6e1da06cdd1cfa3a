//! `upr-brief mail`: one draft e-mail per meeting, written to
//! `OUT/mail/<meeting-id>.eml` by [`crate::mail::run`]; nothing is sent.
//! This turns the flags into a request and prints what happened.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{CampaignArgs, exit, print_diagnostics};
use crate::build::Watch;
use crate::diag::Diagnostic;
use crate::export::eml;
use crate::mail::{self, MailError, MailRequest};
use crate::pipeline;
use crate::source::Sources;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub campaign: CampaignArgs,
    /// Where the packs are built; the drafts go to its `mail` folder.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Attach each pack's DOCX too, beside its PDF.
    #[arg(long)]
    pub docx: bool,
    /// Write only this meeting's draft (repeatable); only what its pack is
    /// made of must be valid, and the other drafts are left as they are.
    #[arg(long, value_name = "MEETING_ID")]
    pub only: Vec<String>,
    /// Print only problems (warnings and errors) and the final lines.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &Args) -> u8 {
    let started = Instant::now();
    let request = MailRequest {
        inputs: args.campaign.inputs.clone(),
        templates: args.campaign.templates_dir().map(Path::to_path_buf),
        out: args.out.clone(),
        docx: args.docx,
        only: args.only.clone(),
        fonts: args.campaign.font_search(),
        time: pipeline::build_time(),
    };
    let report = match mail::run_watched(&request, &Console) {
        Ok(report) => report,
        Err(MailError::Build(e)) => return super::build::failed(e),
        Err(e @ MailError::Compose { .. }) => {
            eprintln!("error: {e}");
            return exit::INVALID;
        }
    };
    match &report.build {
        Some(built) => super::build::finished(built, started),
        None => println!("no drafts: nobody met has an e-mail address"),
    }
    for draft in &report.drafts {
        if draft.written && !args.quiet {
            println!("wrote {} (to {})", draft.path.display(), draft.to);
        }
        if draft.oversized() {
            eprintln!(
                "warning: {}: the attachments total {:.1} MB, more than {} MB; mail servers may refuse the message",
                draft.path.display(),
                draft.attachment_bytes as f64 / 1e6,
                eml::ATTACHMENTS_WARN_BYTES / 1_000_000,
            );
        }
    }
    if !args.quiet {
        for path in &report.removed {
            println!("removed {}", path.display());
        }
    }
    exit::OK
}

/// What `mail` shows while it runs: the inputs' warnings, and why it waits.
struct Console;

impl Watch for Console {
    fn checked(
        &self,
        warnings: &[Diagnostic],
        sources: &Sources,
        _: Option<crate::render::WordCount>,
    ) {
        print_diagnostics(warnings, sources);
    }

    fn waiting(&self, out: &Path) {
        super::build::waiting(out);
    }
}
