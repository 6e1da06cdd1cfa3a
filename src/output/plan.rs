//! What a build writes, and exactly what each output depends on.

use std::collections::BTreeMap;
use std::path::Path;

use super::sha256;
use crate::normalize::{Campaign, Party};
use crate::source::Sources;

/// The inputs of one output: file (relative to the inputs folder, or
/// `templates/...`) → SHA-256 of its text.
pub type Inputs = BTreeMap<String, String>;

/// The files a meeting's pack is made from: campaign.yaml, the recommendation
/// files, the meeting, its counterpart's profile (for an organisation, also
/// its members' profiles), the profile of the state under review, the pack
/// template and the pack's language file.
pub fn pack_inputs(campaign: &Campaign, sources: &Sources, meeting_id: &str, lang: &str) -> Inputs {
    let Some(meeting) = campaign.meetings.iter().find(|m| m.id == meeting_id) else {
        return Inputs::new();
    };
    let mut profiles: Vec<&Path> = Vec::new();
    match &meeting.counterpart.party {
        Party::State(code) => profiles.extend(campaign.states.get(code).map(|s| s.file.as_path())),
        Party::Organization(id) => {
            if let Some(o) = campaign.organizations.get(id) {
                profiles.push(&o.file);
                profiles.extend(
                    o.members
                        .iter()
                        .filter_map(|c| campaign.states.get(c))
                        .map(|s| s.file.as_path()),
                );
            }
        }
    }
    profiles.extend(
        campaign
            .states
            .get(&campaign.state_under_review)
            .map(|s| s.file.as_path()),
    );
    let language = format!("templates/i18n/{lang}.yaml");
    select(sources, |rel| {
        rel == "campaign.yaml"
            || rel.starts_with("recommendations/")
            || Path::new(rel) == meeting.file
            || profiles.iter().any(|p| Path::new(rel) == *p)
            || rel == "templates/pack.md.hbs"
            || rel == language
    })
}

/// The summary depends on every input file, its template and its language file.
pub fn summary_inputs(sources: &Sources, lang: &str) -> Inputs {
    let language = format!("templates/i18n/{lang}.yaml");
    select(sources, |rel| {
        !rel.starts_with("templates/") || rel == "templates/summary.md.hbs" || rel == language
    })
}

/// The submission depends on campaign.yaml, the recommendation files, the
/// state profile of the state under review, its template and language file.
pub fn submission_inputs(campaign: &Campaign, sources: &Sources, lang: &str) -> Inputs {
    let language = format!("templates/i18n/{lang}.yaml");
    let sur = campaign
        .states
        .get(&campaign.state_under_review)
        .map(|s| s.file.as_path());
    select(sources, |rel| {
        rel == "campaign.yaml"
            || rel.starts_with("recommendations/")
            || sur == Some(Path::new(rel))
            || rel == "templates/submission.md.hbs"
            || rel == language
    })
}

fn select(sources: &Sources, wanted: impl Fn(&str) -> bool) -> Inputs {
    sources
        .iter()
        .map(|(_, f)| (f.rel.to_string_lossy().into_owned(), f))
        .filter(|(rel, _)| wanted(rel))
        .map(|(rel, f)| (rel, sha256(f.text.as_bytes())))
        .collect()
}

/// A fingerprint of everything an output depends on: the tool's version
/// (which fixes the built-in fonts and the writers), the output's name, its
/// input files, and any further facts (page size, build date, timestamp).
pub fn fingerprint(name: &str, inputs: &Inputs, facts: &[(&str, String)]) -> String {
    let mut text = format!("upr-brief {}\noutput {name}\n", env!("CARGO_PKG_VERSION"));
    for (rel, hash) in inputs {
        text.push_str(&format!("input {rel} {hash}\n"));
    }
    for (key, value) in facts {
        text.push_str(&format!("{key} {value}\n"));
    }
    sha256(text.as_bytes())
}
