//! Handovers: one file per meeting in `handovers/`, written by `upr-brief
//! handover`, each a list of the times the meeting's pack was handed over.
//! A file of a meeting that no longer exists is a warning (the record is
//! kept, in case the meeting comes back); a broken entry is an error.

use std::collections::BTreeMap;

use super::check::Checker;
use super::model::{Handover, Meeting, Origin};
use crate::diag::{Code, did_you_mean};
use crate::ingest::Parsed;
use crate::ingest::handover::HandoverFile;
use crate::source::YPath;

/// Every handover file's entries, checked, by meeting id; `meetings_known`
/// says whether every meeting file parsed (else a handover of a meeting
/// not found may be of one in a file that did not).
pub fn resolve(
    c: &mut Checker,
    files: &[Parsed<HandoverFile>],
    meetings: &[Meeting],
    meetings_known: bool,
) -> BTreeMap<String, Vec<Handover>> {
    let mut out = BTreeMap::new();
    for p in files {
        let f = p.file;
        let id = c
            .sources
            .get(f)
            .rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let entries: Vec<Handover> = p
            .value
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| {
                let path = YPath::root().idx(i);
                let date = c.date(f, &path.key("date"), &entry.date)?;
                let fingerprint = entry.fingerprint.trim().to_string();
                if fingerprint.len() != 64 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
                    c.error(
                        f,
                        &path.key("fingerprint"),
                        Code::InvalidValue,
                        format!("\"{fingerprint}\" is not a fingerprint"),
                        Some("a fingerprint is the 64 hexadecimal digits `upr-brief handover` wrote; record the handover again rather than editing it".into()),
                    );
                    return None;
                }
                let pack_path = path.key("pack");
                c.date(f, &pack_path.key("date"), &entry.pack.date)?;
                Some(Handover {
                    date,
                    to: c.texts(f, &path.key("to"), &entry.to),
                    language: c.language_tag(f, &path.key("language"), &entry.language),
                    formats: entry.formats.clone(),
                    fingerprint: fingerprint.to_lowercase(),
                    note: c.optional(f, &path.key("note"), entry.note.as_ref()),
                    pack: entry.pack.clone(),
                    document: entry.document.clone(),
                    origin: Origin { file: f, path },
                })
            })
            .collect();
        if meetings.iter().any(|m| m.id == id) {
            out.insert(id, entries);
        } else if meetings_known {
            let known = meetings.iter().map(|m| m.id.as_str());
            let hint = did_you_mean(&id, known).unwrap_or_else(|| {
                "the file is kept as a record; delete it if the handover no longer matters".into()
            });
            c.warning(
                f,
                &YPath::root(),
                Code::HandoverOfUnknownMeeting,
                format!("a handover of meeting \"{id}\", which no longer exists"),
                Some(hint),
            );
        }
    }
    out
}
