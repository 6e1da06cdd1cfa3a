//! `upr-brief check`: everything `build` does short of writing files.

use super::{CampaignArgs, count, exit, failure, report};
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub campaign: CampaignArgs,
}

pub fn run(args: &Args) -> u8 {
    let loaded = match pipeline::load_and_check(
        &args.campaign.inputs,
        args.campaign.templates_dir(),
        &args.campaign.font_search(),
        pipeline::today(),
    ) {
        Ok(l) => l,
        Err(e) => return failure("cannot read the inputs", &e),
    };
    let i = &loaded.inputs;
    // Handover files only once there are any, so that a campaign never
    // handed over reads as it always did.
    let handovers = if i.handovers.is_empty() {
        String::new()
    } else {
        format!(
            ", {}",
            count(i.handovers.len(), "handover file", "handover files")
        )
    };
    println!(
        "read {}: {}, {}, {}, {}, {}{handovers}",
        args.campaign.inputs.display(),
        count(usize::from(i.campaign.is_some()), "campaign", "campaigns"),
        count(i.states.len(), "state profile", "state profiles"),
        count(i.organizations.len(), "organisation", "organisations"),
        count(
            i.recommendations.len(),
            "recommendation file",
            "recommendation files"
        ),
        count(i.meetings.len(), "meeting", "meetings"),
    );
    if let Some(c) = &loaded.campaign {
        println!(
            "campaign: {}, {}, {}, {}",
            count(c.recommendations.len(), "recommendation", "recommendations"),
            count(c.themes.len(), "theme", "themes"),
            count(c.meetings.len(), "meeting", "meetings"),
            count(c.meetings.len(), "pack", "packs"),
        );
    }
    if let Some(count) = loaded.submission_words {
        println!("submission: {count}");
    }
    for s in loaded.assembled.iter().flat_map(|a| &a.statements) {
        println!(
            "statement {}: runs {} of {} ({} {} at {} a minute)",
            s.id,
            s.total,
            s.limit,
            s.units,
            s.unit.name(),
            s.pace
        );
    }
    let (errors, warnings) = (loaded.diags.errors(), loaded.diags.warnings());
    report(loaded.diags, &loaded.inputs.sources);
    println!(
        "{}, {}",
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings")
    );
    if errors > 0 { exit::INVALID } else { exit::OK }
}
