//! `upr-brief list`: one line per pack that `build` would write.

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
    let rows: Vec<[String; 5]> = assembled
        .packs
        .iter()
        .map(|p| {
            let ids: Vec<&str> = p.recommendations.iter().map(|r| r.id.as_str()).collect();
            [
                p.id.clone(),
                p.date.to_string(),
                p.counterpart.name.clone(),
                p.language.clone(),
                format!("{:>2}  {}", ids.len(), ids.join(" ")),
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w2) = (width(0), width(2));
    for r in &rows {
        println!("{:<w0$}  {}  {:<w2$}  {}  {}", r[0], r[1], r[2], r[3], r[4]);
    }
    report(loaded.diags, &loaded.inputs.sources);
    exit::OK
}
