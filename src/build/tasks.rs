//! The plan of a build: every file it would write, with the exact inputs
//! each depends on and its fingerprint, and which of them are up to date.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;

use super::BuildRequest;
use super::render::What;
use crate::assemble::PackView;
use crate::export::Format;
use crate::normalize::Campaign;
use crate::output::{self, Manifest, plan};
use crate::pipeline;
use crate::source::Sources;

/// One file to produce.
pub(super) struct Task {
    /// The file's name in the output folder.
    pub name: String,
    pub what: What,
    pub format: Format,
    pub inputs: plan::Inputs,
    pub fingerprint: String,
}

/// The files a build would write and the outputs the campaign has.
pub(super) struct Plan {
    /// Every file asked for (the caller skips the up-to-date ones).
    pub tasks: Vec<Task>,
    /// The stem of every output the campaign has, asked for or not: any
    /// other output in the manifest is stale.
    pub stems: Vec<String>,
}

/// The files `request` asks for, each with what it depends on and its
/// fingerprint.
pub(super) fn plan(
    request: &BuildRequest,
    campaign: &Campaign,
    packs: &[PackView],
    has_submission: bool,
    sources: &Sources,
    today: NaiveDate,
) -> Plan {
    let page = super::page_size(campaign);
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
    if request.only.is_empty() {
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
        stems.retain(|s| request.only.contains(&s.0));
    }
    let mut formats = request.formats.clone();
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
    Plan {
        tasks,
        stems: every_stem,
    }
}

/// The manifest says this file was written from the same inputs, and the
/// file on disk is still the one written.
pub(super) fn up_to_date(manifest: &Manifest, out: &Path, task: &Task) -> bool {
    let Some(entry) = manifest.outputs.get(&task.name) else {
        return false;
    };
    entry.fingerprint == task.fingerprint
        && fs::read(out.join(&task.name)).is_ok_and(|b| output::sha256(&b) == entry.sha256)
}
