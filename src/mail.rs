//! The drafts as a library: one e-mail per meeting, to every person met who
//! has an e-mail address, from the contact of the meeting's lead, the pack
//! attached, written to `OUT/mail/<meeting-id>.eml`. A pack changed since
//! its last handover gets an update draft instead, which says what changed
//! and attaches its redline too (`OUT/changes/<meeting-id>.docx`, as
//! `<meeting-id>-changes.docx`). Nothing is sent.
//!
//! The order follows [`build`]: inputs and templates are checked and every
//! draft's text rendered first; then the packs are brought up to date by the
//! same incremental build (for the meetings with a draft only, from the
//! campaign already loaded: the inputs are read once); then each draft is
//! composed around the packs' bytes on disk and written atomically. Drafts
//! this wrote earlier (listed in `OUT/mail/manifest.json`) for meetings that
//! no longer have one are removed, so that nobody is sent a stale draft;
//! other files are kept.
//!
//! Nothing here prints or reads the clock: the caller hears the checked
//! warnings and the wait for the lock through a [`Watch`], learns what was
//! written from the [`MailReport`], and gives the time in the request.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::assemble::mail::{self as views, Addressed};
use crate::build::{self, BuildError, BuildReport, BuildRequest, Watch, scope};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::export::Format;
use crate::export::eml::{self, Attachment, ComposeError};
use crate::fonts::FontSearch;
use crate::normalize::Meeting;
use crate::output::{self, Manifest};
use crate::pipeline::{self, Loaded};
use crate::source::YPath;

/// Which drafts to write, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRequest {
    /// The campaign's inputs folder.
    pub inputs: PathBuf,
    /// A folder whose files override the built-in templates; `None` uses
    /// the built-in ones.
    pub templates: Option<PathBuf>,
    /// Where the packs are built; the drafts go to its `mail` folder.
    pub out: PathBuf,
    /// Attach each pack's DOCX too, beside its PDF.
    pub docx: bool,
    /// Only these meetings' drafts (only what their packs are made of must
    /// be valid; the other drafts are left as they are); empty: all.
    pub only: Vec<String>,
    /// Where fonts for scripts beyond Noto Sans's are looked for.
    pub fonts: FontSearch,
    /// The time of the run, in seconds since the epoch: the packs' build
    /// time and the drafts' `Date`.
    pub time: i64,
}

/// What a run did.
#[derive(Debug)]
pub struct MailReport {
    /// The build of the packs the drafts attach; `None` when there is no
    /// draft to write (nobody met has an e-mail address).
    pub build: Option<BuildReport>,
    /// Every draft, in meeting order.
    pub drafts: Vec<DraftReport>,
    /// Drafts written earlier for meetings that no longer have one, removed.
    pub removed: Vec<PathBuf>,
}

/// One draft of a run.
#[derive(Debug)]
pub struct DraftReport {
    pub path: PathBuf,
    /// The recipients' addresses, comma-separated.
    pub to: String,
    /// Written because it was new or its bytes changed.
    pub written: bool,
    /// The attachments' size, in bytes.
    pub attachment_bytes: u64,
}

impl DraftReport {
    /// The attachments are large enough that mail servers may refuse it.
    pub fn oversized(&self) -> bool {
        self.attachment_bytes > eml::ATTACHMENTS_WARN_BYTES
    }
}

/// Why a run wrote no draft, or stopped.
#[derive(Debug)]
pub enum MailError {
    /// What would stop a build: invalid inputs, an unknown meeting, the
    /// disk; or the build of the packs failed.
    Build(BuildError),
    /// The draft of the meeting `id` could not be composed (an address the
    /// message format refuses); no draft was written.
    Compose { id: String, error: ComposeError },
}

impl fmt::Display for MailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MailError::Build(e) => e.fmt(f),
            MailError::Compose { id, error } => write!(f, "{id}: {error}"),
        }
    }
}

impl std::error::Error for MailError {}

impl From<BuildError> for MailError {
    fn from(e: BuildError) -> MailError {
        MailError::Build(e)
    }
}

/// A draft's recipients and its rendered text.
struct Text {
    to: Addressed,
    subject: String,
    body: String,
}

/// Writes the drafts `request` asks for, silently.
pub fn run(request: &MailRequest) -> Result<MailReport, MailError> {
    run_watched(request, &())
}

/// [`run`], telling `watch` the warnings once every draft's text is
/// rendered ([`Watch::checked`]) and when another build holds the output
/// folder ([`Watch::waiting`]).
pub fn run_watched(request: &MailRequest, watch: &dyn Watch) -> Result<MailReport, MailError> {
    let mut loaded = scope::load(
        &request.inputs,
        request.templates.as_deref(),
        &request.fonts,
        pipeline::day_of(request.time),
        &request.only,
    )
    .map_err(|e| BuildError::io("cannot read the inputs", e))?;
    if loaded.diags.has_errors() || loaded.campaign.is_none() || loaded.assembled.is_none() {
        return Err(invalid(loaded).into());
    }
    let texts = texts(request, &mut loaded)?;
    let diags = std::mem::take(&mut loaded.diags);
    watch.checked(&diags.sorted(), &loaded.inputs.sources, None);

    let in_scope = |id: &str| request.only.is_empty() || request.only.iter().any(|o| o == id);
    let dir = request.out.join("mail");
    if texts.is_empty() {
        let mut manifest = Manifest::read(&dir);
        let before = std::mem::take(&mut manifest.outputs);
        keep_others(&before, &mut manifest, &in_scope);
        let removed = remove_stale(&dir, &before, &manifest)?;
        if !before.is_empty() {
            manifest
                .write(&dir)
                .map_err(|e| BuildError::io("cannot remove an old draft", e))?;
        }
        return Ok(MailReport {
            build: None,
            drafts: Vec::new(),
            removed,
        });
    }

    // The packs on disk are the ones the inputs give.
    let mut formats = vec![Format::Pdf];
    if request.docx {
        formats.push(Format::Docx);
    }
    // The build writes a redline only beside DOCX packs.
    let mut built_formats = formats.clone();
    if !request.docx && texts.iter().any(|t| t.to.view.update.is_some()) {
        built_formats.push(Format::Docx);
    }
    let only: BTreeSet<String> = texts.iter().map(|t| t.to.view.id.clone()).collect();
    let packs = BuildRequest {
        formats: built_formats,
        only: only.into_iter().collect(),
        templates: request.templates.clone(),
        fonts: request.fonts.clone(),
        ..BuildRequest::new(&request.inputs, &request.out, request.time)
    };
    // Held until the drafts are written, like a build's.
    let _lock = build::lock(&request.out, true, watch)?;
    let built = build::run_loaded(&packs, loaded)?;

    let drafts = compose(&texts, &request.out, &formats, request.time)?;
    fs::create_dir_all(&dir)
        .map_err(|e| BuildError::io(format!("cannot create {}", dir.display()), e))?;
    let mut manifest = Manifest::read(&dir);
    let before = std::mem::take(&mut manifest.outputs);
    keep_others(&before, &mut manifest, &in_scope);
    let drafts = write(&dir, &drafts, &mut manifest)?;
    let removed = remove_stale(&dir, &before, &manifest)?;
    manifest
        .write(&dir)
        .map_err(|e| BuildError::io("cannot write the drafts' manifest", e))?;
    Ok(MailReport {
        build: Some(built),
        drafts,
        removed,
    })
}

/// The invalid inputs of `loaded`, with its diagnostics.
fn invalid(loaded: Loaded) -> BuildError {
    BuildError::Invalid(Box::new(build::Invalid {
        diags: loaded.diags,
        sources: loaded.inputs.sources,
    }))
}

/// Every draft's text, before anything is built or written: an error for
/// each meeting whose people have an address but whose draft has no
/// sender, and the first template error (it would repeat for every draft).
fn texts(request: &MailRequest, loaded: &mut Loaded) -> Result<Vec<Text>, BuildError> {
    let (Some(campaign), Some(assembled)) = (&loaded.campaign, &loaded.assembled) else {
        return Ok(Vec::new());
    };
    if let Some(id) =
        (request.only.iter()).find(|id| !campaign.meetings.iter().any(|m| &m.id == *id))
    {
        return Err(BuildError::UnknownMeeting {
            id: id.clone(),
            known: campaign.meetings.iter().map(|m| m.id.clone()).collect(),
        });
    }
    let in_scope = |id: &str| request.only.is_empty() || request.only.iter().any(|o| o == id);
    let sources = &loaded.inputs.sources;
    let mut texts = Vec::new();
    let mut errors = Diagnostics::default();
    let mut coalition_warned = false;
    for (meeting, pack) in campaign.meetings.iter().zip(&assembled.packs) {
        if !in_scope(&meeting.id) {
            continue;
        }
        let Some(sender) = views::sender(campaign, meeting) else {
            if !meeting.counterpart.people.iter().any(|p| p.email.is_some()) {
                continue; // no draft to send
            }
            if meeting.lead.is_none() && std::mem::replace(&mut coalition_warned, true) {
                continue;
            }
            errors.push(no_sender(loaded, meeting));
            continue;
        };
        let handover = (assembled.handovers.iter()).find(|h| h.meeting == meeting.id);
        let Some(to) = views::draft(campaign, pack, handover, sender) else {
            continue;
        };
        match loaded.templates.mail(&to.view, sources) {
            Ok((subject, body)) => texts.push(Text { to, subject, body }),
            Err(d) => {
                errors.push(*d);
                break;
            }
        }
    }
    loaded.diags.extend(errors);
    if loaded.diags.has_errors() {
        let diags = std::mem::take(&mut loaded.diags);
        let sources = std::mem::take(&mut loaded.inputs.sources);
        return Err(BuildError::Invalid(Box::new(build::Invalid {
            diags,
            sources,
        })));
    }
    Ok(texts)
}

/// The error of a `meeting` whose people have addresses but whose lead (or,
/// without a lead, every coalition member) has no contact address to send
/// the draft from.
fn no_sender(loaded: &Loaded, meeting: &Meeting) -> Diagnostic {
    let sources = &loaded.inputs.sources;
    match &meeting.lead {
        Some(lead) => Diagnostic::error(
            Code::NoSender,
            format!("the lead \"{lead}\" has no contact e-mail address to send the draft from"),
        )
        .with_hint(format!(
            "add `contact: {{ name: ..., email: ... }}` to {lead} in campaign.yaml, or choose another lead"
        ))
        .at(
            sources,
            sources.locate(meeting.origin.file, &meeting.origin.path.key("lead")),
        ),
        None => {
            let diagnostic = Diagnostic::error(
                Code::NoSender,
                "no coalition member has a contact e-mail address to send the drafts from",
            )
            .with_hint("add `contact: { name: ..., email: ... }` to a member of the coalition");
            match &loaded.inputs.campaign {
                Some(p) => diagnostic.at(
                    sources,
                    sources.locate_key(p.file, &YPath::root().key("coalition")),
                ),
                None => diagnostic,
            }
        }
    }
}

/// Every draft composed around the packs in `out` (and an update's
/// redline, in `out/changes`), before any is written: an address the
/// message format refuses stops the run with nothing written.
fn compose(
    texts: &[Text],
    out: &Path,
    formats: &[Format],
    time: i64,
) -> Result<Vec<eml::Draft>, MailError> {
    let date = eml::draft_date(time);
    let mut drafts = Vec::new();
    for text in texts {
        let id = &text.to.view.id;
        let read = |path: PathBuf| {
            fs::read(&path)
                .map_err(|e| BuildError::io(format!("cannot read {}", path.display()), e))
        };
        let mut attachments = Vec::new();
        for format in formats {
            let name = format!("{id}.{}", format.extension());
            attachments.push(Attachment {
                content_type: format.media_type(),
                bytes: read(out.join(&name))?,
                file_name: name,
            });
        }
        if text.to.view.update.is_some() {
            attachments.push(Attachment {
                content_type: Format::Docx.media_type(),
                bytes: read(out.join(build::CHANGES).join(format!("{id}.docx")))?,
                file_name: redline_attachment(id),
            });
        }
        let draft = eml::compose(&text.to, &text.subject, &text.body, &attachments, date).map_err(
            |error| MailError::Compose {
                id: id.clone(),
                error,
            },
        )?;
        drafts.push(draft);
    }
    Ok(drafts)
}

/// The file name a meeting's redline goes by in its update draft: apart
/// from the pack's own DOCX in a mail program's list of attachments.
fn redline_attachment(meeting: &str) -> String {
    format!("{meeting}-changes.docx")
}

/// Writes each of `drafts` into `dir` whose bytes changed, and records
/// every one in `manifest`.
fn write(
    dir: &Path,
    drafts: &[eml::Draft],
    manifest: &mut Manifest,
) -> Result<Vec<DraftReport>, BuildError> {
    manifest.tool = format!("upr-brief {}", env!("CARGO_PKG_VERSION"));
    let mut reports = Vec::new();
    for draft in drafts {
        let path = dir.join(&draft.file_name);
        let written = !fs::read(&path).is_ok_and(|old| old == draft.bytes);
        if written {
            output::write_atomic(dir, &draft.file_name, &draft.bytes)
                .map_err(|e| BuildError::io(format!("cannot write {}", draft.file_name), e))?;
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
        reports.push(DraftReport {
            path,
            to: draft.to.clone(),
            written,
            attachment_bytes: draft.attachment_bytes,
        });
    }
    Ok(reports)
}

/// Keeps in `manifest` the drafts of `before` whose meeting is outside this
/// run's scope (`only`): they are neither rewritten nor removed.
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

/// Removes the drafts the manifest in `dir` listed (`before`) that this run
/// did not write (`now`): their meeting is gone, or nobody met has an
/// address any more.
fn remove_stale(
    dir: &Path,
    before: &BTreeMap<String, output::Output>,
    now: &Manifest,
) -> Result<Vec<PathBuf>, BuildError> {
    let stale: BTreeMap<String, output::Output> = before
        .iter()
        .filter(|(name, _)| !now.outputs.contains_key(*name))
        .map(|(name, entry)| (name.clone(), entry.clone()))
        .collect();
    output::remove_stale(dir, &stale, &mut |_| {})
        .map_err(|e: io::Error| BuildError::io("cannot remove an old draft", e))
}
