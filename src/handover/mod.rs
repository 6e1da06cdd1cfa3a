//! `upr-brief handover` as a library, which never prints nor writes: what
//! recording the handover of some meetings' packs appends to each
//! meeting's `handovers/<meeting-id>.yaml` ([`plan`]). The command line
//! prints the plan and writes it, atomically.
//!
//! The campaign is loaded as for `build --only` with those meetings: only
//! what their packs (and their handover files) are made of must be valid.

mod entry;

use std::collections::BTreeSet;
use std::io;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::assemble::handover::{self, Change};
use crate::build::scope;
use crate::diag::Diagnostics;
use crate::doc::text;
use crate::fonts::FontSearch;
use crate::ingest::handover::{FOLDER, HandedFormat};
use crate::pipeline;
use crate::source::Sources;

pub use entry::{Entry, render as render_entry};

/// What to record.
#[derive(Debug, Clone)]
pub struct HandoverRequest {
    /// The campaign's inputs folder.
    pub inputs: PathBuf,
    /// A folder overriding the built-in templates; `None` uses those.
    pub templates: Option<PathBuf>,
    pub fonts: FontSearch,
    /// The meetings whose packs were handed over.
    pub meetings: Vec<String>,
    /// The day; `None`: the day of `time`.
    pub date: Option<NaiveDate>,
    /// To whom; empty: the people met.
    pub to: Vec<String>,
    pub note: Option<String>,
    /// The time of the command (`pipeline::build_time`), read once by the caller.
    pub time: i64,
}

/// What recording one meeting's handover does.
#[derive(Debug, Clone)]
pub struct Planned {
    pub meeting: String,
    /// The handover file, relative to the inputs folder.
    pub rel: PathBuf,
    pub entry: Entry,
    /// The file's text now, if it exists.
    pub old: Option<String>,
    /// The file's text with the entry appended; `None` when the last entry
    /// already records this pack handed over that day to those people.
    pub new: Option<String>,
    /// What changed since the handover before, if there was one.
    pub since: Option<(NaiveDate, Vec<Change>)>,
}

/// Why nothing can be recorded.
#[derive(Debug)]
pub enum HandoverError {
    /// The packs' inputs or templates have errors (every diagnostic, with
    /// the files they point into).
    Invalid(Diagnostics, Sources),
    /// A meeting id the campaign does not have.
    UnknownMeeting {
        id: String,
        known: Vec<String>,
    },
    Io(io::Error),
}

/// The handover file of `meeting`, relative to the inputs folder.
pub fn file_of(meeting: &str) -> PathBuf {
    PathBuf::from(FOLDER).join(format!("{meeting}.yaml"))
}

/// What recording the handovers of `request` would append, one per
/// meeting, in the order asked (each meeting once).
pub fn plan(request: &HandoverRequest) -> Result<Vec<Planned>, HandoverError> {
    let only = &request.meetings;
    let day = request
        .date
        .unwrap_or_else(|| pipeline::day_of(request.time));
    let loaded = pipeline::load_narrowed(
        &request.inputs,
        request.templates.as_deref(),
        &request.fonts,
        pipeline::day_of(request.time),
        &|campaign, sources, diags| {
            let mut files = scope::files(campaign, sources, only);
            if files.is_empty() {
                return;
            }
            let own: BTreeSet<PathBuf> = only.iter().map(|m| file_of(m)).collect();
            files.extend(
                sources
                    .iter()
                    .filter(|(_, f)| own.contains(&f.rel))
                    .map(|(_, f)| f.display.clone()),
            );
            diags.demote(|_, d| scope::outside(d, &files), scope::OUTSIDE);
        },
    )
    .map_err(HandoverError::Io)?;
    let pipeline::Loaded {
        inputs,
        campaign,
        assembled,
        templates,
        mut diags,
        ..
    } = loaded;
    let (Some(campaign), Some(assembled)) = (campaign, assembled) else {
        return Err(HandoverError::Invalid(diags, inputs.sources));
    };
    if diags.has_errors() {
        return Err(HandoverError::Invalid(diags, inputs.sources));
    }
    let mut seen = BTreeSet::new();
    let mut planned = Vec::new();
    for id in only.iter().filter(|id| seen.insert(id.as_str())) {
        let Some(view) = assembled.packs.iter().find(|p| &p.id == id) else {
            return Err(HandoverError::UnknownMeeting {
                id: id.clone(),
                known: assembled.packs.iter().map(|p| p.id.clone()).collect(),
            });
        };
        let doc = match templates.pack(view, &inputs.sources) {
            Ok(doc) => doc,
            Err(d) => {
                diags.push(*d);
                return Err(HandoverError::Invalid(diags, inputs.sources));
            }
        };
        let document = text::blocks(&doc);
        let fingerprint = text::fingerprint(&document);
        let to = if request.to.is_empty() {
            view.counterpart
                .people
                .iter()
                .map(|p| p.name.clone())
                .collect()
        } else {
            request.to.iter().map(|n| text_in(n)).collect()
        };
        let entry = Entry {
            date: day,
            to,
            language: view.language.clone(),
            formats: vec![HandedFormat::Pdf, HandedFormat::Docx],
            fingerprint,
            note: request.note.as_deref().map(text_in),
            pack: handover::record(view),
            document,
        };
        let earlier = campaign.handovers.get(id).map(Vec::as_slice).unwrap_or(&[]);
        let since =
            handover::status(view, &entry.fingerprint, earlier).map(|s| (s.date, s.changes));
        let repeated = earlier.last().is_some_and(|last| {
            last.date == entry.date
                && last.fingerprint == entry.fingerprint
                && same_people(&last.to, &entry.to)
        });
        let rel = file_of(id);
        let path = inputs.root.join(&rel);
        let old = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(HandoverError::Io(e)),
        };
        let new = (!repeated)
            .then(|| entry::append(&rel, old.as_deref(), &entry))
            .transpose()
            .map_err(HandoverError::Io)?;
        planned.push(Planned {
            meeting: id.clone(),
            rel,
            entry,
            old,
            new,
            since,
        });
    }
    Ok(planned)
}

/// Text given on the command line as inputs hold it: NFC, trimmed.
fn text_in(s: &str) -> String {
    crate::nfc::nfc(s.trim()).into_owned()
}

/// The same people, in any order.
fn same_people(a: &[String], b: &[String]) -> bool {
    let set = |v: &[String]| {
        v.iter()
            .map(|s| s.trim().to_string())
            .collect::<BTreeSet<_>>()
    };
    set(a) == set(b)
}
