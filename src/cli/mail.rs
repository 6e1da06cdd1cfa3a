//! `upr-brief mail`: one draft e-mail per meeting, to every person met who
//! has an e-mail address, from the contact of the meeting's lead, the pack
//! attached, written to `OUT/mail/<meeting-id>.eml`. Nothing is sent.
//!
//! The order follows `build`: inputs and templates are checked and every
//! draft's text rendered first; then the packs are brought up to date by the
//! same incremental build as `build` (for the meetings with a draft only,
//! from the campaign already loaded: the inputs are read once);
//! then each draft is composed around the packs' bytes on disk and written
//! atomically. Drafts this command wrote earlier (listed in
//! `OUT/mail/manifest.json`) for meetings that no longer have one are
//! removed, so that nobody is sent a stale draft; other files are kept.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{CampaignArgs, exit, failure, report};
use crate::assemble::mail::{self as views, Addressed};
use crate::build::{self, BuildRequest};
use crate::diag::Diagnostic;
use crate::export::Format;
use crate::mail::{self, Attachment};
use crate::output::{self, Manifest};
use crate::pipeline;
use crate::source::YPath;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub campaign: CampaignArgs,
    /// Where the packs are built; the drafts go to its `mail` folder.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Attach each pack's DOCX too, beside its PDF.
    #[arg(long)]
    pub docx: bool,
    /// Write only this meeting's draft (repeatable); only what its pack is
    /// made of must be valid, and the other drafts are left as they are.
    #[arg(long, value_name = "MEETING_ID")]
    pub only: Vec<String>,
    /// Print only problems (warnings and errors) and the final lines.
    #[arg(long, short)]
    pub quiet: bool,
}

/// A draft's recipient and its rendered text.
struct Text {
    to: Addressed,
    subject: String,
    body: String,
}

pub fn run(args: &Args) -> u8 {
    let started = Instant::now();
    // One time for the drafts' checks and the packs' build alike.
    let stamp = pipeline::build_time();
    let loaded = pipeline::load_scoped(
        &args.campaign.inputs,
        args.campaign.templates_dir(),
        &args.campaign.font_search(),
        pipeline::day_of(stamp),
        &args.only,
    );
    let mut loaded = match loaded {
        Ok(l) => l,
        Err(e) => return failure("cannot read the inputs", &e),
    };
    let templates = &loaded.templates;
    let sources = &loaded.inputs.sources;
    let (Some(campaign), Some(assembled)) = (&loaded.campaign, &loaded.assembled) else {
        return invalid(loaded.diags, sources);
    };
    if loaded.diags.has_errors() {
        return invalid(loaded.diags, sources);
    }
    if let Some(id) = args
        .only
        .iter()
        .find(|id| !campaign.meetings.iter().any(|m| &m.id == *id))
    {
        return super::build::failed(build::BuildError::UnknownMeeting {
            id: id.clone(),
            known: campaign.meetings.iter().map(|m| m.id.clone()).collect(),
        });
    }
    let in_scope = |id: &str| args.only.is_empty() || args.only.iter().any(|o| o == id);
    // Every draft's text, before anything is built or written.
    let mut texts: Vec<Text> = Vec::new();
    let mut coalition_warned = false;
    for (meeting, pack) in campaign.meetings.iter().zip(&assembled.packs) {
        if !in_scope(&meeting.id) {
            continue;
        }
        let Some(sender) = views::sender(campaign, meeting) else {
            if !meeting.counterpart.people.iter().any(|p| p.email.is_some()) {
                continue; // no draft to send
            }
            let d = match &meeting.lead {
                Some(lead) => Diagnostic::error(
                    crate::diag::Code::NoSender,
                    format!("the lead \"{lead}\" has no contact e-mail address to send the draft from"),
                )
                .with_hint(format!(
                    "add `contact: {{ name: ..., email: ... }}` to {lead} in campaign.yaml, or choose another lead"
                ))
                .at(
                    sources,
                    sources.locate(meeting.origin.file, &meeting.origin.path.key("lead")),
                ),
                None if coalition_warned => continue,
                None => {
                    coalition_warned = true;
                    let d = Diagnostic::error(
                        crate::diag::Code::NoSender,
                        "no coalition member has a contact e-mail address to send the drafts from",
                    )
                    .with_hint("add `contact: { name: ..., email: ... }` to a member of the coalition");
                    match &loaded.inputs.campaign {
                        Some(p) => d.at(
                            sources,
                            sources.locate_key(p.file, &YPath::root().key("coalition")),
                        ),
                        None => d,
                    }
                }
            };
            loaded.diags.push(d);
            continue;
        };
        let Some(to) = views::draft(campaign, pack, sender) else {
            continue;
        };
        match templates.mail(&to.view, sources) {
            Ok((subject, body)) => texts.push(Text { to, subject, body }),
            Err(d) => {
                // One template error would repeat for every draft.
                loaded.diags.push(*d);
                return invalid(loaded.diags, sources);
            }
        }
    }
    if loaded.diags.has_errors() {
        return invalid(std::mem::take(&mut loaded.diags), sources);
    }
    let diags = std::mem::take(&mut loaded.diags);
    report(diags, sources);

    let out = &args.out;
    let dir = out.join("mail");
    if texts.is_empty() {
        println!("no drafts: nobody met has an e-mail address");
        let mut manifest = Manifest::read(&dir);
        let before = std::mem::take(&mut manifest.outputs);
        keep_others(&before, &mut manifest, &in_scope);
        return match remove_stale(&dir, &before, &manifest, args.quiet).and_then(|_| {
            if before.is_empty() {
                Ok(())
            } else {
                manifest.write(&dir)
            }
        }) {
            Ok(()) => exit::OK,
            Err(e) => failure("cannot remove an old draft", &e),
        };
    }

    // The packs on disk are the ones the inputs give.
    let mut formats = vec![Format::Pdf];
    if args.docx {
        formats.push(Format::Docx);
    }
    let only: BTreeSet<String> = texts.iter().map(|t| t.to.view.id.clone()).collect();
    let request = BuildRequest {
        formats: formats.clone(),
        only: only.into_iter().collect(),
        templates: args.campaign.templates_dir().map(Path::to_path_buf),
        ..BuildRequest::new(&args.campaign.inputs, out)
    };
    // Held until the drafts are written, like a build's.
    let _lock = match build::lock(out, true, &Waiting) {
        Ok(lock) => lock,
        Err(e) => return super::build::failed(e),
    };
    match build::run_loaded(&request, loaded, stamp) {
        Ok(report) => super::build::finished(&report, started),
        Err(e) => return super::build::failed(e),
    }

    let date = mail::draft_date(pipeline::source_date_epoch());
    // Every draft composed before any is written: an address the message
    // format refuses stops the run with nothing written.
    let mut drafts = Vec::new();
    for text in &texts {
        let id = &text.to.view.id;
        let mut attachments = Vec::new();
        for format in &formats {
            let name = format!("{id}.{}", format.extension());
            match fs::read(out.join(&name)) {
                Ok(bytes) => attachments.push(Attachment {
                    content_type: format.media_type(),
                    file_name: name,
                    bytes,
                }),
                Err(e) => {
                    return failure(&format!("cannot read {}", out.join(&name).display()), &e);
                }
            }
        }
        match mail::compose(&text.to, &text.subject, &text.body, &attachments, date) {
            Ok(d) => drafts.push(d),
            Err(e) => {
                eprintln!("error: {id}: {e}");
                return exit::INVALID;
            }
        }
    }
    if let Err(e) = fs::create_dir_all(&dir) {
        return failure(&format!("cannot create {}", dir.display()), &e);
    }
    let mut manifest = Manifest::read(&dir);
    let before = std::mem::take(&mut manifest.outputs);
    keep_others(&before, &mut manifest, &in_scope);
    manifest.tool = format!("upr-brief {}", env!("CARGO_PKG_VERSION"));
    for draft in &drafts {
        let path = dir.join(&draft.file_name);
        if !fs::read(&path).is_ok_and(|old| old == draft.bytes) {
            if let Err(e) = output::write_atomic(&dir, &draft.file_name, &draft.bytes) {
                return failure(&format!("cannot write {}", draft.file_name), &e);
            }
            if !args.quiet {
                println!("wrote {} (to {})", path.display(), draft.to);
            }
        }
        if draft.oversized() {
            eprintln!(
                "warning: {}: the attachments total {:.1} MB, more than {} MB; mail servers may refuse the message",
                path.display(),
                draft.attachment_bytes as f64 / 1e6,
                mail::ATTACHMENTS_WARN_BYTES / 1_000_000,
            );
        }
        manifest.outputs.insert(
            draft.file_name.clone(),
            output::Output {
                sha256: output::sha256(&draft.bytes),
                fingerprint: String::new(),
                inputs: Default::default(),
                date: None,
            },
        );
    }
    if let Err(e) = remove_stale(&dir, &before, &manifest, args.quiet) {
        return failure("cannot remove an old draft", &e);
    }
    if let Err(e) = manifest.write(&dir) {
        return failure("cannot write the drafts' manifest", &e);
    }
    exit::OK
}

/// Keeps in `manifest` the drafts of `before` whose meeting is outside this
/// run's scope (`--only`): they are neither rewritten nor removed.
fn keep_others(
    before: &BTreeMap<String, output::Output>,
    manifest: &mut Manifest,
    in_scope: &dyn Fn(&str) -> bool,
) {
    for (name, entry) in before {
        let id = name.strip_suffix(".eml").unwrap_or(name);
        if !in_scope(id) {
            manifest.outputs.insert(name.clone(), entry.clone());
        }
    }
}

fn invalid(diags: crate::diag::Diagnostics, sources: &crate::source::Sources) -> u8 {
    let errors = diags.errors();
    report(diags, sources);
    eprintln!(
        "{}: nothing written",
        super::count(errors, "error", "errors")
    );
    exit::INVALID
}

/// Removes the drafts the manifest in `dir` listed (`before`) that this run
/// did not write (their meeting is gone, or nobody met has an address any
/// more): only files the tool wrote, and only while they are unchanged;
/// a line for each unless `quiet`.
fn remove_stale(
    dir: &Path,
    before: &BTreeMap<String, output::Output>,
    now: &Manifest,
    quiet: bool,
) -> std::io::Result<usize> {
    let mut removed = 0;
    for (name, entry) in before {
        if now.outputs.contains_key(name) {
            continue;
        }
        let path = dir.join(name);
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
            && fs::read(&path).is_ok_and(|b| output::sha256(&b) == entry.sha256);
        if ours {
            fs::remove_file(&path)?;
            if !quiet {
                println!("removed {}", path.display());
            }
            removed += 1;
        }
    }
    Ok(removed)
}

/// Says, when the lock on the output folder is held, that `mail` waits.
struct Waiting;

impl build::Watch for Waiting {
    fn waiting(&self, out: &Path) {
        super::build::waiting(out);
    }
}
