//! `upr-brief check`: everything `build` does short of writing files.

use super::{CampaignArgs, exit, failure, report};
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
    println!(
        "read {}: {} campaign, {} state profiles, {} organisations, {} recommendation files, {} meetings",
        args.campaign.inputs.display(),
        usize::from(i.campaign.is_some()),
        i.states.len(),
        i.organizations.len(),
        i.recommendations.len(),
        i.meetings.len(),
    );
    if let Some(c) = &loaded.campaign {
        println!(
            "campaign: {} recommendations, {} themes, {} meetings, {} packs",
            c.recommendations.len(),
            c.themes.len(),
            c.meetings.len(),
            c.meetings.len(),
        );
    }
    if let Some((words, limit)) = loaded.submission_words {
        println!("submission: {words} words (limit {limit})");
    }
    let (errors, warnings) = (loaded.diags.errors(), loaded.diags.warnings());
    report(loaded.diags, &loaded.inputs.sources);
    println!("{errors} errors, {warnings} warnings");
    if errors > 0 { exit::INVALID } else { exit::OK }
}
