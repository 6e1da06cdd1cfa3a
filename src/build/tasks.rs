//! The plan of a build: every file it would write, with the exact inputs
//! each depends on and its fingerprint, and which of them are up to date.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::BuildRequest;
use super::plan;
use super::render::Product;
use crate::assemble::Assembled;
use crate::assemble::handover::RedlineView;
use crate::export::Format;
use crate::normalize::Campaign;
use crate::output::{self, Manifest};
use crate::source::Sources;

/// The folder of the redlines, `changes/<meeting-id>.pdf` and `.docx`.
pub const CHANGES: &str = "changes";

/// The folder of the speaker's scripts, `statements/<id>.pdf` and `.docx`.
pub const STATEMENTS: &str = "statements";

/// One file to produce.
pub(super) struct Task {
    /// The file's name in the output folder.
    pub name: String,
    pub product: Product,
    /// The document's format; `None` for `calendar.ics`, which is no document.
    pub format: Option<Format>,
    pub inputs: plan::Inputs,
    /// Product the file shows, without the date inside it.
    pub fingerprint: String,
    /// The date inside the file, in seconds since the epoch: set by
    /// [`dates`].
    pub date: i64,
}

/// The files a build would write and the outputs the campaign has.
pub(super) struct Plan {
    /// Every file asked for (the caller skips the up-to-date ones).
    pub tasks: Vec<Task>,
    /// The stem of every output the campaign has, asked for or not: any
    /// other output in the manifest is stale.
    pub stems: Vec<String>,
}

/// `shows` and the coalition's logo files, which covers draw.
fn with_logos(mut shows: plan::Inputs, hashes: &plan::Hashes, campaign: &Campaign) -> plan::Inputs {
    shows.extend(hashes.logos(campaign).clone());
    shows
}

/// Product one output depends on.
struct Deps {
    /// The input files it is made from (recorded in the manifest).
    made_of: plan::Inputs,
    /// Product it shows (its fingerprint): its view, template and language files.
    shows: plan::Inputs,
}

/// The files `request` asks for, each with what it depends on and its
/// fingerprint.
pub(super) fn plan(
    request: &BuildRequest,
    campaign: &Campaign,
    assembled: &Assembled,
    sources: &Sources,
    fonts: &crate::fonts::Fonts,
    today: NaiveDate,
) -> Plan {
    let fonts = crate::output::sha256(fonts.fingerprint().as_bytes());
    let page = super::page_size(campaign);
    let hashes = plan::Hashes::of(sources);
    // Each output is fingerprinted by what it shows: its view, template and
    // language files (the tool's version, which fixes the fonts and the
    // writers, and the page size are facts of every fingerprint), never by
    // the date inside the file (`dates` gives it one). Each
    // view is serialized and hashed: the packs' in parallel, beside the
    // summary's (the largest) and the submission's.
    let pack_stems = || -> Vec<(String, Product, Deps)> {
        assembled
            .packs
            .par_iter()
            .enumerate()
            .map(|(i, pack)| {
                (
                    pack.id.clone(),
                    Product::Pack(i),
                    Deps {
                        made_of: plan::pack_inputs(campaign, &hashes, &pack.id, &pack.language),
                        // The logos' pixels are not in the view: their files are.
                        shows: with_logos(
                            plan::view_inputs(&hashes, pack, "pack.md.hbs", &pack.language),
                            &hashes,
                            campaign,
                        ),
                    },
                )
            })
            .collect()
    };
    let whole = request.only.is_empty();
    let campaign_stems = || -> Vec<(String, Product, Deps)> {
        let mut stems = Vec::new();
        if !whole {
            return stems;
        }
        let lang = &campaign.language;
        let mut shows = plan::view_inputs(&hashes, &assembled.summary, "summary.md.hbs", lang);
        // Which follow-ups are overdue depends on the day.
        shows.insert("build date".into(), today.to_string());
        let made_of = plan::summary_inputs(&hashes, lang, today);
        stems.push(("summary".into(), Product::Summary, Deps { made_of, shows }));
        if let Some(view) = &assembled.submission {
            let deps = Deps {
                made_of: plan::submission_inputs(campaign, &hashes, lang),
                shows: with_logos(
                    plan::view_inputs(&hashes, view, "submission.md.hbs", lang),
                    &hashes,
                    campaign,
                ),
            };
            stems.push(("submission".into(), Product::Submission, deps));
        }
        if let Some(view) = &assembled.questions {
            let deps = Deps {
                made_of: plan::questions_inputs(&hashes, lang),
                shows: plan::view_inputs(&hashes, view, "questions.md.hbs", lang),
            };
            stems.push(("questions".into(), Product::Questions, deps));
        }
        stems.extend(statement_stems(assembled, &hashes));
        stems
    };
    let (mut stems, campaign_stems) = rayon::join(pack_stems, campaign_stems);
    let redlines = redline_stems(campaign, assembled, &hashes, &stems);
    let has_submission = assembled.submission.is_some();
    let every_stem: Vec<String> = stems
        .iter()
        .chain(&redlines)
        .map(|s| s.0.clone())
        .chain(["summary".to_string(), "calendar".to_string()])
        .chain(has_submission.then(|| "submission".to_string()))
        .chain(
            assembled
                .questions
                .is_some()
                .then(|| "questions".to_string()),
        )
        .chain((assembled.statements.iter()).map(|s| statement_stem(&s.id)))
        .collect();
    if whole {
        stems.extend(campaign_stems);
    } else {
        stems.retain(|s| request.only.contains(&s.0));
    }
    let mut formats = request.formats.clone();
    formats.sort();
    formats.dedup();
    let redlines: Vec<_> = redlines
        .into_iter()
        .filter(|s| whole || request.only.iter().any(|id| s.0 == redline_stem(id)))
        .collect();
    let mut tasks: Vec<Task> = (stems.par_iter().chain(redlines.par_iter()))
        .flat_map_iter(|(stem, product, deps)| {
            let formats = &formats;
            let fonts = &fonts;
            formats.iter().map(move |&format| {
                let name = format!("{stem}.{}", format.extension());
                let facts = [("page", format!("{page:?}")), ("fonts", fonts.clone())];
                // Recorded: the files it is made of, and the hash of its view.
                let mut inputs = deps.made_of.clone();
                inputs.extend(
                    deps.shows
                        .get("view")
                        .map(|v| ("view".to_string(), v.clone())),
                );
                Task {
                    fingerprint: plan::fingerprint(&name, &deps.shows, &facts),
                    name,
                    product: *product,
                    format: Some(format),
                    inputs,
                    date: 0,
                }
            })
        })
        .collect();
    // The calendar, on a full build only and whatever the formats asked for
    // (it has none): it shows its view in the summary's language (it has no
    // template), and is made of every input, like the summary.
    if request.only.is_empty() {
        let lang = &campaign.language;
        let shows = plan::view_inputs(&hashes, &assembled.calendar, "calendar.ics", lang);
        let mut inputs = plan::summary_inputs(&hashes, lang, today);
        inputs.retain(|k, _| k != "templates/summary.md.hbs" && k != "build date");
        inputs.extend(shows.get("view").map(|v| ("view".to_string(), v.clone())));
        let name = "calendar.ics".to_string();
        tasks.push(Task {
            fingerprint: plan::fingerprint(&name, &shows, &[]),
            name,
            product: Product::Calendar,
            format: None,
            inputs,
            date: 0,
        });
    }
    Plan {
        tasks,
        stems: every_stem,
    }
}

/// The stem of a statement's files.
fn statement_stem(id: &str) -> String {
    format!("{STATEMENTS}/{id}")
}

/// A speaker's script for each statement: made of campaign.yaml, its
/// template and language file, showing its view (its text and times).
fn statement_stems(assembled: &Assembled, hashes: &plan::Hashes) -> Vec<(String, Product, Deps)> {
    (assembled.statements.iter().enumerate())
        .map(|(i, view)| {
            let lang = &view.language;
            let deps = Deps {
                made_of: plan::statement_inputs(hashes, lang),
                shows: plan::view_inputs(hashes, view, "statement.md.hbs", lang),
            };
            (statement_stem(&view.id), Product::Statement(i), deps)
        })
        .collect()
}

/// The stem of a meeting's redline.
fn redline_stem(meeting: &str) -> String {
    format!("{CHANGES}/{meeting}")
}

/// A redline for each pack changed since its last handover: made of the
/// pack's inputs, its handover file and the changes template, showing what
/// the pack shows, the text handed over, the author of its changes and
/// the box of what changed.
fn redline_stems(
    campaign: &Campaign,
    assembled: &Assembled,
    hashes: &plan::Hashes,
    packs: &[(String, Product, Deps)],
) -> Vec<(String, Product, Deps)> {
    let changed =
        |id: &str| (assembled.handovers.iter()).any(|h| h.meeting == id && !h.is_current());
    packs
        .iter()
        .filter(|(id, _, _)| changed(id))
        .filter_map(|(id, product, deps)| {
            let Product::Pack(i) = product else {
                return None;
            };
            let handover = hashes.handover(id);
            let mut made_of = deps.made_of.clone();
            made_of.extend(handover.clone());
            let mut shows = deps.shows.clone();
            shows.extend(handover);
            shows.insert("handover author".into(), campaign.handover_author.clone());
            // The PDF's box of changes: its template, language file and view.
            let status = assembled.handovers.iter().find(|h| &h.meeting == id)?;
            let lang = &assembled.packs[*i].language;
            let view = RedlineView::of(status, lang);
            for (key, hash) in plan::view_inputs(hashes, &view, "changes.md.hbs", lang) {
                if key == "view" {
                    shows.insert("changes view".into(), hash);
                } else {
                    made_of.insert(key.clone(), hash.clone());
                    shows.insert(key, hash);
                }
            }
            Some((
                redline_stem(id),
                Product::Redline(*i),
                Deps { made_of, shows },
            ))
        })
        .collect()
}

/// Dates every task: a file whose content is what the manifest recorded
/// (the same fingerprint) keeps the date it was written with, so that
/// rendering it again gives the same bytes; any other is dated `stamp`,
/// the build's time.
pub(super) fn dates(tasks: &mut [Task], manifest: &Manifest, stamp: i64) {
    for task in tasks {
        task.date = manifest
            .outputs
            .get(&task.name)
            .filter(|e| e.fingerprint == task.fingerprint)
            .and_then(|e| e.date)
            .unwrap_or(stamp);
    }
}

/// The manifest says this file was written from the same inputs, and the
/// file on disk is still the one written.
///
/// The file is taken to be the one written, without reading it, when its
/// inode last changed strictly before the manifest's did (`since`, from
/// [`changed_at`]): a build writes the manifest after its outputs, and
/// anything that touches a file after that (writing, replacing, copying
/// over it, even keeping an old modification time) sets its change time to
/// the present, which no one can set back. Otherwise (the same tick, no
/// change times, a file changed since) it is hashed and compared.
pub(super) fn up_to_date(
    manifest: &Manifest,
    out: &Path,
    task: &Task,
    since: Option<Changed>,
) -> bool {
    let Some(entry) = manifest.outputs.get(&task.name) else {
        return false;
    };
    if entry.fingerprint != task.fingerprint {
        return false;
    }
    let path = out.join(&task.name);
    if let (Some(since), Some(at)) = (since, changed_at(&path))
        && at < since
    {
        return true;
    }
    fs::read(path).is_ok_and(|b| output::sha256(&b) == entry.sha256)
}

/// When a file's inode last changed: seconds and nanoseconds.
pub(super) type Changed = (i64, i64);

/// When the file at `path` last changed (its `ctime`), where the system
/// keeps one; `None` for a folder, a link or what cannot be read.
pub(super) fn changed_at(path: &Path) -> Option<Changed> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = fs::symlink_metadata(path).ok()?;
        m.is_file().then(|| (m.ctime(), m.ctime_nsec()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(name: &str) -> Task {
        Task {
            name: name.into(),
            product: Product::Summary,
            format: Some(Format::Pdf),
            inputs: Default::default(),
            fingerprint: "f".into(),
            date: 0,
        }
    }

    /// A file whose inode changed before the manifest's is trusted without
    /// being read; at the same time or later, or with no time to compare,
    /// its bytes decide.
    #[test]
    fn a_file_changed_before_the_manifest_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.pdf"), b"bytes on disk").unwrap();
        let mut manifest = Manifest::default();
        manifest.outputs.insert(
            "a.pdf".into(),
            output::Output {
                // Not the file's hash: only a read can tell.
                sha256: output::sha256(b"other bytes"),
                fingerprint: "f".into(),
                inputs: Default::default(),
                date: None,
            },
        );
        let t = task("a.pdf");
        let at = changed_at(&dir.path().join("a.pdf"));
        assert!(at.is_some());
        let later = at.map(|(s, n)| (s + 1, n));
        assert!(up_to_date(&manifest, dir.path(), &t, later));
        assert!(!up_to_date(&manifest, dir.path(), &t, at));
        assert!(!up_to_date(&manifest, dir.path(), &t, None));
        // Read and compared: the same bytes are up to date.
        manifest.outputs.get_mut("a.pdf").unwrap().sha256 = output::sha256(b"bytes on disk");
        assert!(up_to_date(&manifest, dir.path(), &t, None));
        // A changed fingerprint is never up to date.
        let mut other = task("a.pdf");
        other.fingerprint = "g".into();
        assert!(!up_to_date(&manifest, dir.path(), &other, later));
        // Nor a file the manifest lists that is not there.
        let entry = manifest.outputs["a.pdf"].clone();
        manifest.outputs.insert("b.pdf".into(), entry);
        assert!(!up_to_date(&manifest, dir.path(), &task("b.pdf"), later));
    }
}
