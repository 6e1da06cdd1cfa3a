//! `upr-brief list`: one line per pack that `build` would write.

use unicode_width::UnicodeWidthStr;

use super::{CampaignArgs, exit, failure, report};
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub campaign: CampaignArgs,
}

pub fn run(args: &Args) -> u8 {
    let loaded = match pipeline::load(
        &args.campaign.inputs,
        args.campaign.templates_dir(),
        pipeline::today(),
    ) {
        Ok(l) => l,
        Err(e) => return failure("cannot read the inputs", &e),
    };
    let Some(assembled) = &loaded.assembled else {
        report(loaded.diags, &loaded.inputs.sources);
        return exit::INVALID;
    };
    let rows: Vec<[String; 6]> = assembled
        .packs
        .iter()
        .map(|p| {
            let ids: Vec<&str> = p.recommendations.iter().map(|r| r.id.as_str()).collect();
            // Once handed over: the last handover's date, and whether the
            // pack is still the one handed over.
            let handed = assembled
                .handovers
                .iter()
                .find(|h| h.meeting == p.id)
                .map(|h| {
                    let state = if h.is_current() { "current" } else { "changed" };
                    format!("  handed over {} {state}", h.date)
                })
                .unwrap_or_default();
            [
                p.id.clone(),
                p.date.to_string(),
                p.counterpart.name.clone(),
                p.language.clone(),
                format!("{:>2}  {}", ids.len(), ids.join(" ")),
                handed,
            ]
        })
        .collect();
    // Columns by the width a terminal gives the text: a Chinese character
    // takes two columns, an Arabic vowel mark none.
    let width = |i: usize| rows.iter().map(|r| r[i].width()).max().unwrap_or(0);
    let (w0, w2) = (width(0), width(2));
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    for r in &rows {
        println!(
            "{}  {}  {}  {}  {}{}",
            pad(&r[0], w0),
            r[1],
            pad(&r[2], w2),
            r[3],
            r[4],
            r[5]
        );
    }
    report(loaded.diags, &loaded.inputs.sources);
    exit::OK
}
