//! The build as a library: a campaign's packs, summary and submission
//! written into an output folder in every format asked for, with the
//! manifest.
//!
//! The order makes a failed build harmless: everything is checked first;
//! then every file is rendered (documents in parallel) and its bytes
//! written aside, beside its name, as soon as they exist; only when every
//! file exists is any put in its place or anything removed, each file
//! atomically and only if its bytes changed. Outputs whose
//! fingerprint is unchanged and whose file is intact are not rendered at all.
//!
//! Nothing here prints: a caller learns what happens while it happens
//! through a [`Watch`], and what happened from the [`BuildReport`] or the
//! [`BuildError`].

pub mod plan;
mod render;
pub mod scope;
mod tasks;
pub use tasks::{CHANGES, STATEMENTS};
mod write;

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::export::{ExportError, ExportOptions, Format, PageSize};
use crate::fonts::FontSearch;
use crate::normalize::{self, Campaign};
use crate::output::Manifest;
use crate::pipeline::{self, Loaded};
use crate::source::Sources;
use render::{Failed, Product};

/// Product to build, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildRequest {
    /// The campaign's inputs folder.
    pub inputs: PathBuf,
    /// A folder whose files override the built-in templates one by one;
    /// `None` uses the built-in ones.
    pub templates: Option<PathBuf>,
    /// Where the files are written; created only when the build writes.
    pub out: PathBuf,
    /// The formats to write; order and repeats do not matter.
    pub formats: Vec<Format>,
    /// Build only these meetings' packs, leaving the summary and the
    /// submission as they are; empty builds everything.
    pub only: Vec<String>,
    /// Rebuild every output, changed or not.
    pub force: bool,
    /// Run every parallel step (parsing, hashing, rendering) on at most this
    /// many threads; `None`: one per core.
    pub jobs: Option<usize>,
    /// Where fonts for scripts beyond Noto Sans's are looked for.
    pub fonts: FontSearch,
    /// When another build writes into `out`, wait for it to finish;
    /// otherwise stop with [`BuildError::Busy`].
    pub wait: bool,
    /// The build's time, in seconds since the epoch (the caller reads it,
    /// once: [`pipeline::build_time`]): the date inside every file written
    /// anew, and the day follow-ups are overdue as of.
    pub time: i64,
}

impl BuildRequest {
    /// Everything, in every format, from `inputs` with the built-in
    /// templates into `out`, at `time` (seconds since the epoch).
    pub fn new(inputs: impl Into<PathBuf>, out: impl Into<PathBuf>, time: i64) -> BuildRequest {
        BuildRequest {
            inputs: inputs.into(),
            templates: None,
            out: out.into(),
            formats: Format::ALL.to_vec(),
            only: Vec::new(),
            force: false,
            jobs: None,
            fonts: FontSearch::default(),
            wait: true,
            time,
        }
    }
}

/// Product a build did. Every path is inside the output folder.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Files written because they were new or their bytes changed, in the
    /// order they were written.
    pub written: Vec<PathBuf>,
    /// Files left as they were, in plan order: up to date, or rendered to
    /// the bytes already there.
    pub unchanged: Vec<PathBuf>,
    /// Outputs of meetings (or a submission) that no longer exist, removed.
    pub removed: Vec<PathBuf>,
    /// The inputs' warnings, sorted by place: the campaign is valid, but
    /// whoever prepares the meetings should hear them.
    pub warnings: Vec<Diagnostic>,
    /// The submission's word count and the limit for its kind, when the
    /// campaign has a submission.
    pub submission_words: Option<crate::render::WordCount>,
}

/// Why a build wrote nothing, or stopped.
#[derive(Debug)]
pub enum BuildError {
    /// The inputs or templates have errors; nothing was written.
    Invalid(Box<Invalid>),
    /// `only` names a meeting the campaign does not have (a usage error);
    /// nothing was written.
    UnknownMeeting { id: String, known: Vec<String> },
    /// A writer could not produce `file`; nothing was written.
    Export { file: String, error: ExportError },
    /// Reading or writing the disk failed while doing `what`.
    Io { what: String, error: io::Error },
    /// Another build writes into `out`, and the request said not to wait;
    /// nothing was written.
    Busy { out: PathBuf },
}

/// The diagnostics of invalid inputs, with the files they point into.
#[derive(Debug)]
pub struct Invalid {
    pub diags: Diagnostics,
    pub sources: Sources,
}

impl BuildError {
    fn invalid(diags: Diagnostics, sources: Sources) -> BuildError {
        BuildError::Invalid(Box::new(Invalid { diags, sources }))
    }

    pub(crate) fn io(what: impl Into<String>, error: io::Error) -> BuildError {
        BuildError::Io {
            what: what.into(),
            error,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid(i) => write!(f, "{} errors: nothing written", i.diags.errors()),
            BuildError::UnknownMeeting { id, known } => write!(
                f,
                "--only {id}: no meeting has this id (known: {})",
                known.join(", ")
            ),
            BuildError::Export { file, error } => write!(f, "{file}: {error}: nothing written"),
            BuildError::Io { what, error } => write!(f, "{what}: {error}"),
            BuildError::Busy { out } => write!(
                f,
                "another build is writing into {}: nothing written",
                out.display()
            ),
        }
    }
}

impl std::error::Error for BuildError {}

/// Product a build tells its caller while it runs (for progress and per-file
/// lines); each method does nothing unless overridden. Methods may be called
/// from the rendering threads.
pub trait Watch: Sync {
    /// The inputs are valid and nothing is rendered yet: their warnings,
    /// sorted by place, and the submission's word count and limit.
    fn checked(
        &self,
        _warnings: &[Diagnostic],
        _sources: &Sources,
        _words: Option<crate::render::WordCount>,
    ) {
    }
    /// `files` files are about to be rendered.
    fn rendering(&self, _files: usize) {}
    /// The file named `name` is being rendered.
    fn file_started(&self, _name: &str) {}
    /// The file named `name` is rendered (or failed).
    fn file_done(&self, _name: &str) {}
    /// Rendering is over, whether it succeeded or not.
    fn rendered(&self) {}
    /// `path` was written.
    fn wrote(&self, _path: &Path) {}
    /// `path` was removed.
    fn removed(&self, _path: &Path) {}
    /// Another build writes into the output folder `out`: this one waits
    /// for it to finish.
    fn waiting(&self, _out: &Path) {}
}

/// Hears nothing.
impl Watch for () {}

/// Reads the campaign at `request.inputs` and builds it, silently.
pub fn run(request: &BuildRequest) -> Result<BuildReport, BuildError> {
    run_watched(request, &())
}

/// [`run`], telling `watch` what happens while it happens.
pub fn run_watched(request: &BuildRequest, watch: &dyn Watch) -> Result<BuildReport, BuildError> {
    in_pool(request.jobs, || {
        let loaded = scope::load(
            &request.inputs,
            request.templates.as_deref(),
            &request.fonts,
            pipeline::day_of(request.time),
            &request.only,
        )
        .map_err(|e| BuildError::io("cannot read the inputs", e))?;
        build(request, loaded, watch, true)
    })
}

/// Builds a campaign its caller has already loaded, silently, for a caller
/// that needs the campaign itself too (`mail` renders its drafts from it):
/// the inputs are read once. `loaded` is [`scope::load`]'s result as of
/// the day of `request.time`, with any diagnostics the caller has already
/// shown taken out of it; `request.inputs` and `request.templates` are not
/// read again. The caller holds the lock on `request.out` ([`lock`]).
pub fn run_loaded(request: &BuildRequest, loaded: Loaded) -> Result<BuildReport, BuildError> {
    in_pool(request.jobs, || build(request, loaded, &(), false))
}

/// Takes the lock on the output folder `out` (created if need be), which a
/// build holds while it reads the manifest, renders and writes: a second
/// build into the same folder waits for the first (telling `watch`), or,
/// unless `wait`, stops with [`BuildError::Busy`].
pub fn lock(out: &Path, wait: bool, watch: &dyn Watch) -> Result<crate::output::Lock, BuildError> {
    fs::create_dir_all(out)
        .map_err(|e| BuildError::io(format!("cannot create {}", out.display()), e))?;
    crate::output::lock(out, wait, &|| watch.waiting(out))
        .map_err(|e| BuildError::io(format!("cannot lock {}", out.display()), e))?
        .ok_or_else(|| BuildError::Busy {
            out: out.to_path_buf(),
        })
}

/// Runs `f` on a pool of `jobs` threads, so that every parallel step inside
/// uses at most that many; on the global pool when `None`.
fn in_pool<T: Send>(
    jobs: Option<usize>,
    f: impl FnOnce() -> Result<T, BuildError> + Send,
) -> Result<T, BuildError> {
    let Some(n) = jobs else {
        return f();
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n.max(1))
        .build()
        .map_err(|e| BuildError::io("cannot start the threads", io::Error::other(e)))?;
    pool.install(f)
}

/// The build proper, from the loaded campaign to the written files; it
/// takes the lock on the output folder when `take_lock` (else its caller
/// holds it).
fn build(
    request: &BuildRequest,
    mut loaded: Loaded,
    watch: &dyn Watch,
    take_lock: bool,
) -> Result<BuildReport, BuildError> {
    // The submission is always rendered: its word count is always checked;
    // so is every statement's time. A build of some packs only does not
    // write them, so their problems do not stop that build.
    let before = loaded.diags.iter().count();
    pipeline::render_submission(&mut loaded);
    pipeline::check_statements(&mut loaded);
    if !request.only.is_empty() {
        (loaded.diags).demote(|i, _| i >= before, scope::OUTSIDE);
    }
    if loaded.diags.has_errors() || loaded.assembled.is_none() {
        return Err(BuildError::invalid(loaded.diags, loaded.inputs.sources));
    }
    let Loaded {
        inputs,
        campaign,
        assembled,
        submission,
        submission_words,
        templates,
        fonts,
        diags,
        ..
    } = loaded;
    let (Some(campaign), Some(assembled)) = (campaign, assembled) else {
        return Err(BuildError::invalid(diags, inputs.sources));
    };
    let packs = &assembled.packs;
    if let Some(id) = request
        .only
        .iter()
        .find(|id| !packs.iter().any(|p| &p.id == *id))
    {
        return Err(BuildError::UnknownMeeting {
            id: id.clone(),
            known: packs.iter().map(|p| p.id.clone()).collect(),
        });
    }
    let warnings = diags.sorted();
    watch.checked(&warnings, &inputs.sources, submission_words);

    let out = &request.out;
    if out.exists() && !out.is_dir() {
        let e = io::Error::other("it is a file, not a folder");
        return Err(BuildError::io(
            format!("cannot write into {}", out.display()),
            e,
        ));
    }
    // The folders made for this build, removed again, the deepest first,
    // when it fails without having found them: a failed build leaves no
    // trace, not even an empty folder.
    let created: Vec<PathBuf> = out
        .ancestors()
        .take_while(|dir| !dir.as_os_str().is_empty() && !dir.exists())
        .map(Path::to_path_buf)
        .collect();
    let held = if take_lock {
        match lock(out, request.wait, watch) {
            Ok(held) => Some(held),
            Err(e) => {
                remove_dirs(&created);
                return Err(e);
            }
        }
    } else {
        None
    };
    let abandon = |held: Option<crate::output::Lock>, e: BuildError| {
        drop(held);
        remove_dirs(&created);
        e
    };

    // Product this build would write, with what each file depends on.
    let sources = &inputs.sources;
    let stamp = request.time;
    let options =
        ExportOptions::for_page(page_size(&campaign), Some(stamp)).with_fonts(fonts.clone());
    // The manifest is read while the plan is made.
    let (mut plan, mut manifest) = rayon::join(
        || {
            tasks::plan(
                request,
                &campaign,
                &assembled,
                sources,
                &fonts,
                pipeline::day_of(stamp),
            )
        },
        || Manifest::read(out),
    );

    // An output whose content is unchanged keeps its date, whatever the
    // build's: only a change of content dates a file anew.
    tasks::dates(&mut plan.tasks, &manifest, stamp);
    let since = tasks::changed_at(&out.join(crate::output::MANIFEST));
    let todo: Vec<&tasks::Task> = plan
        .tasks
        .par_iter()
        .filter(|t| request.force || !tasks::up_to_date(&manifest, out, t, since))
        .collect();

    // Every file is rendered, and written aside, before any is put in its
    // place.
    let document = |product: Product| match product {
        Product::Pack(i) | Product::Redline(i) => templates.pack(&packs[i], sources),
        Product::Summary => templates.summary(&assembled.summary, sources),
        Product::Statement(i) => templates.statement(&assembled.statements[i], sources),
        Product::Submission => submission.clone().ok_or_else(|| {
            Box::new(Diagnostic::error(
                crate::diag::Code::Render,
                "the campaign has no submission",
            ))
        }),
        Product::Questions => match &assembled.questions {
            Some(view) => templates.questions(view, sources),
            None => Err(Box::new(Diagnostic::error(
                crate::diag::Code::Render,
                "no theme has advance questions",
            ))),
        },
        // Never asked: render::files renders documents only.
        Product::Calendar => Err(Box::new(Diagnostic::error(
            crate::diag::Code::Render,
            "calendar.ics is not a document",
        ))),
    };
    // Each file's bytes are written aside as soon as they exist (a build
    // never holds them all), into the folder.
    if let Err(e) = write::check_places(out, &todo) {
        return Err(abandon(held, e));
    }
    fs::create_dir_all(out)
        .map_err(|e| BuildError::io(format!("cannot create {}", out.display()), e))?;
    // Product a build stopped half-way left aside goes; failing that is no
    // reason to stop this one.
    let _ = crate::output::remove_abandoned(out);
    if todo
        .iter()
        .any(|t| matches!(t.product, Product::Redline(_)))
    {
        fs::create_dir_all(out.join(tasks::CHANGES))
            .map_err(|e| BuildError::io(format!("cannot create {}", tasks::CHANGES), e))?;
    }
    if todo
        .iter()
        .any(|t| matches!(t.product, Product::Statement(_)))
    {
        fs::create_dir_all(out.join(tasks::STATEMENTS))
            .map_err(|e| BuildError::io(format!("cannot create {}", tasks::STATEMENTS), e))?;
    }
    let set_aside = |task: &tasks::Task, bytes: Vec<u8>| write::set_aside(out, task, bytes);
    // A redline compares the pack with the text of its last handover: the
    // DOCX with Word's tracked changes, the PDF with its changes marked
    // and a box of what changed.
    let redline = |i: usize,
                   doc: &crate::doc::Document,
                   format: Format,
                   options: &ExportOptions| {
        let pack = &packs[i];
        let handed_over = (campaign.handovers.get(&pack.id))
            .and_then(|h| h.last())
            .map_or(&[][..], |h| &h.document[..]);
        let name = format!("{}/{}.{}", tasks::CHANGES, pack.id, format.extension());
        let failed = |error| Failed::Export {
            file: name.clone(),
            error,
        };
        match format {
            Format::Docx => {
                crate::export::redline_docx(doc, handed_over, &campaign.handover_author, options)
                    .map_err(failed)
            }
            Format::Pdf => {
                let status = (assembled.handovers.iter())
                    .find(|h| h.meeting == pack.id)
                    .ok_or_else(|| Failed::Export {
                        file: name.clone(),
                        error: ExportError {
                            format: "PDF",
                            message: "the pack was never handed over".into(),
                        },
                    })?;
                let view = crate::assemble::handover::RedlineView::of(status, &pack.language);
                let diff = crate::doc::diff::diff(handed_over, &crate::doc::text::blocks(doc));
                let redline = templates
                    .redline(&view, doc, &diff, sources)
                    .map_err(Failed::Template)?;
                crate::export::write(&redline, Format::Pdf, options).map_err(failed)
            }
        }
    };
    watch.rendering(todo.len());
    let rendered = render::files(&todo, &document, &redline, &options, &set_aside, watch).and_then(
        |mut files| {
            // The calendar is no document: its text comes from its view.
            if let Some(task) = todo.iter().find(|t| t.product == Product::Calendar) {
                watch.file_started(&task.name);
                let text = templates
                    .language(&assembled.calendar.language)
                    .map(|l| crate::export::ics::ics(&assembled.calendar, l, task.date))
                    .unwrap_or_default();
                files.push((*task, set_aside(task, text.into_bytes())?));
                watch.file_done(&task.name);
            }
            Ok(files)
        },
    );
    watch.rendered();
    let rendered = match rendered {
        Ok(r) => r,
        Err(failed) => {
            // Product was written aside is gone with the failure; the folders
            // made for it go too.
            return Err(abandon(
                held,
                match failed {
                    Failed::Template(d) => {
                        let mut diags = Diagnostics::default();
                        diags.push(*d);
                        BuildError::invalid(diags, inputs.sources)
                    }
                    Failed::Export { file, error } => BuildError::Export { file, error },
                    Failed::SetAside { file, error } => {
                        BuildError::io(format!("cannot write {file}"), error)
                    }
                },
            ));
        }
    };
    let rendered_any = !rendered.is_empty();
    let read_as = (manifest.tool.clone(), manifest.fonts.clone());
    let written = write::outputs(out, rendered, &mut manifest, watch)?;
    manifest.fonts = fonts.files().to_vec();
    let removed = write::remove_stale(&mut manifest, out, &plan.stems, watch)
        .map_err(|e| BuildError::io("cannot remove an old output", e))?;
    // The redlines' folder goes with its last redline, the statements'
    // with its last statement.
    let _ = fs::remove_dir(out.join(tasks::CHANGES));
    let _ = fs::remove_dir(out.join(tasks::STATEMENTS));
    // Written after the outputs, and always when any was: its change time
    // then vouches for every output changed before it (`up_to_date`). When
    // nothing was rendered or removed and the tool and fonts are the same,
    // it is the manifest that was read.
    let unchanged_manifest = !rendered_any
        && removed.is_empty()
        && read_as == (manifest.tool.clone(), manifest.fonts.clone());
    if !written.is_empty() {
        manifest.rewrite(out)
    } else if unchanged_manifest {
        Ok(())
    } else {
        manifest.write(out)
    }
    .map_err(|e| BuildError::io("cannot write the manifest", e))?;
    drop(held);
    let fresh: BTreeSet<&PathBuf> = written.iter().collect();
    let unchanged = plan
        .tasks
        .iter()
        .map(|t| out.join(&t.name))
        .filter(|path| !fresh.contains(path))
        .collect();
    Ok(BuildReport {
        written,
        unchanged,
        removed,
        warnings,
        submission_words,
    })
}

/// Removes the empty folders `dirs`, in order.
fn remove_dirs(dirs: &[PathBuf]) {
    for dir in dirs {
        let _ = fs::remove_dir(dir);
    }
}

/// The paper the campaign asks for.
fn page_size(c: &Campaign) -> PageSize {
    match c.page_size {
        normalize::PageSize::A4 => PageSize::A4,
        normalize::PageSize::Letter => PageSize::Letter,
    }
}
