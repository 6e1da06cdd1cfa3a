//! Stage 2: check every rule of the input format and resolve every reference,
//! producing the typed [`Campaign`]. All problems are collected in one pass:
//! every kind's ids are defined first, then every file is checked and its
//! references resolved.

mod campaign;
mod check;
mod handovers;
mod meetings;
pub mod model;
mod organizations;
mod recommendations;
mod states;
mod symbols;
mod themes;

pub use model::*;
pub use themes::{uhri_key, uhri_map};

use std::collections::BTreeSet;

use check::Checker;
use symbols::{SymbolKind, SymbolTable};

use crate::diag::Diagnostics;
use crate::ingest::Inputs;

/// Checks and resolves `inputs`; `languages` are those packs can be written
/// in. Returns the campaign when `campaign.yaml`
/// parsed; the caller decides what to do when `diags` holds errors.
pub fn normalize(
    inputs: &Inputs,
    languages: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Campaign> {
    let mut c = Checker {
        sources: &inputs.sources,
        diags,
        languages,
    };
    let mut symbols = SymbolTable::new(&inputs.sources);

    // Declarations first, so that references can be checked in one pass.
    if let Some(p) = &inputs.campaign {
        campaign::declare(&mut c, &mut symbols, p);
    }
    let themes = themes::declare(&mut c, &mut symbols, &inputs.recommendations);
    recommendations::declare(&mut c, &mut symbols, &inputs.recommendations);
    states::declare(&mut c, &mut symbols, &inputs.states);
    organizations::declare(&mut c, &mut symbols, &inputs.organizations);
    // A kind with a file that did not parse is not checked against: every
    // reference into it would be reported, burying the one real error.
    for kind in SymbolKind::ALL {
        if !inputs.is_complete(kind.defined_in()) {
            symbols.leave_unchecked(kind);
        }
    }

    let recommendations = recommendations::resolve(&mut c, &symbols, &inputs.recommendations);
    let states = states::resolve(&mut c, &symbols, &inputs.states);
    let organizations = organizations::resolve(&mut c, &symbols, &inputs.organizations);
    let campaign = inputs
        .campaign
        .as_ref()
        .map(|p| campaign::resolve(&mut c, &inputs.root, p));
    let review_date = campaign.as_ref().map(|k| k.review.date);
    let meetings = meetings::resolve(&mut c, &mut symbols, &inputs.meetings, review_date);

    let handovers = handovers::resolve(
        &mut c,
        &inputs.handovers,
        &meetings,
        inputs.is_complete(crate::ingest::InputKind::Meeting),
    );

    let mut campaign = campaign?;
    states::check_prior_cycles(&mut c, &inputs.states, &states, campaign.review.cycle);
    states::check_advance_cycles(&mut c, &inputs.states, &states, campaign.review.cycle);
    let mut states = states;
    states::merge_imported(
        &mut c,
        &inputs.imported,
        &mut states,
        &themes,
        campaign.review.cycle,
    );
    campaign.states = states;
    campaign.organizations = organizations;
    campaign.themes = themes;
    campaign.recommendations = recommendations;
    campaign.meetings = meetings;
    campaign.handovers = handovers;
    Some(campaign)
}
