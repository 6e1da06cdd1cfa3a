//! What a build writes, and exactly what each output depends on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::sha256;
use crate::normalize::{Campaign, Party};
use crate::source::Sources;

/// The inputs of one output: file (relative to the inputs folder, or
/// `templates/...`) → SHA-256 of its text.
pub type Inputs = BTreeMap<String, String>;

/// The SHA-256 of every source file, by path relative to the inputs folder
/// (templates as `templates/...`): hashed once per build, however many
/// outputs depend on a file.
pub struct Hashes(Inputs);

impl Hashes {
    pub fn of(sources: &Sources) -> Hashes {
        Hashes(
            sources
                .iter()
                .map(|(_, f)| (rel(&f.rel), sha256(f.text.as_bytes())))
                .collect(),
        )
    }

    fn select(&self, wanted: impl Fn(&str) -> bool) -> Inputs {
        self.0
            .iter()
            .filter(|(rel, _)| wanted(rel))
            .map(|(rel, hash)| (rel.clone(), hash.clone()))
            .collect()
    }
}

/// A path as the manifest writes it.
fn rel(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The files a meeting's pack is made from: campaign.yaml, the recommendation
/// files, the meeting, its counterpart's profile (for an organisation, also
/// its members' profiles), the profile of the state under review, the pack
/// template and the pack's language file.
pub fn pack_inputs(campaign: &Campaign, hashes: &Hashes, meeting_id: &str, lang: &str) -> Inputs {
    let Some(meeting) = campaign.meetings.iter().find(|m| m.id == meeting_id) else {
        return Inputs::new();
    };
    let mut files: BTreeSet<String> = BTreeSet::new();
    match &meeting.counterpart.party {
        Party::State(code) => files.extend(campaign.states.get(code).map(|s| rel(&s.file))),
        Party::Organization(id) => {
            if let Some(o) = campaign.organizations.get(id) {
                files.insert(rel(&o.file));
                files.extend(
                    o.members
                        .iter()
                        .filter_map(|c| campaign.states.get(c))
                        .map(|s| rel(&s.file)),
                );
            }
        }
    }
    files.extend(
        campaign
            .states
            .get(&campaign.state_under_review)
            .map(|s| rel(&s.file)),
    );
    files.insert(rel(&meeting.file));
    files.insert("campaign.yaml".into());
    files.insert("templates/pack.md.hbs".into());
    files.insert(format!("templates/i18n/{lang}.yaml"));
    hashes.select(|rel| rel.starts_with("recommendations/") || files.contains(rel))
}

/// The summary depends on every input file, its template and its language file.
pub fn summary_inputs(hashes: &Hashes, lang: &str) -> Inputs {
    let language = format!("templates/i18n/{lang}.yaml");
    hashes.select(|rel| {
        !rel.starts_with("templates/") || rel == "templates/summary.md.hbs" || rel == language
    })
}

/// The submission depends on campaign.yaml, the recommendation files, the
/// state profile of the state under review, its template and language file.
pub fn submission_inputs(campaign: &Campaign, hashes: &Hashes, lang: &str) -> Inputs {
    let language = format!("templates/i18n/{lang}.yaml");
    let sur = campaign
        .states
        .get(&campaign.state_under_review)
        .map(|s| rel(&s.file));
    hashes.select(|rel| {
        rel == "campaign.yaml"
            || rel.starts_with("recommendations/")
            || sur.as_deref() == Some(rel)
            || rel == "templates/submission.md.hbs"
            || rel == language
    })
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
