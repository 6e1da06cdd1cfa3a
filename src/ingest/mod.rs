//! Stage 1: find the input files, read them, and parse each into the raw
//! struct that mirrors it. Every problem becomes a located diagnostic; a file
//! that fails to parse is left out and the others go on.

pub mod handover;
pub mod imported;
pub mod kind;
pub mod raw;
pub mod schema;
pub mod yaml;

pub use kind::InputKind;

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Sources};

/// Input files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A raw value and the file it came from.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub file: FileId,
    pub value: T,
}

/// Everything read from an inputs folder.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The inputs folder itself.
    pub root: PathBuf,
    pub sources: Sources,
    pub campaign: Option<Parsed<raw::Campaign>>,
    pub states: Vec<Parsed<raw::State>>,
    pub organizations: Vec<Parsed<raw::Organization>>,
    pub recommendations: Vec<Parsed<raw::RecommendationFile>>,
    pub meetings: Vec<Parsed<raw::Meeting>>,
    /// Recommendations brought in by `upr-brief import`, one file per
    /// recommending state (`states/imported/*.uhri.yaml`).
    pub imported: Vec<Parsed<imported::ImportedFile>>,
    /// What each meeting's pack was handed over as, one file per meeting
    /// (`handovers/<meeting-id>.yaml`).
    pub handovers: Vec<Parsed<handover::HandoverFile>>,
    /// The kinds with a file that could not be parsed: references to such a
    /// kind cannot be checked completely.
    pub incomplete: BTreeSet<InputKind>,
}

impl Inputs {
    /// Whether every file of `kind` parsed (and, for the campaign, whether
    /// there is one), so that references to its ids can be checked.
    pub fn is_complete(&self, kind: InputKind) -> bool {
        match kind {
            InputKind::Campaign => self.campaign.is_some(),
            _ => !self.incomplete.contains(&kind),
        }
    }
}

/// Reads and parses every input file under `root`. Problems in the files are
/// pushed to `diags`; only a failure to read the disk is an `Err`.
pub fn ingest(root: &Path, diags: &mut Diagnostics) -> io::Result<Inputs> {
    let mut inputs = Inputs {
        root: root.to_path_buf(),
        ..Inputs::default()
    };
    let shown = |rel: &Path| root.join(rel).display().to_string();
    if !root.is_dir() {
        diags.push(
            Diagnostic::error(Code::MissingInputs, "the inputs folder does not exist")
                .in_file(root.display().to_string())
                .with_hint("pass --inputs DIR, or run `upr-brief init DIR` to start a campaign"),
        );
        return Ok(inputs);
    }
    // Every file is read first (in parallel), then added to the sources in
    // order; then the files are parsed in parallel (YAML parsing is most of
    // this stage's time), and values and diagnostics are kept in file order.
    let campaign = PathBuf::from(kind::CAMPAIGN_FILE);
    let campaign = if root.join(&campaign).is_file() {
        vec![campaign]
    } else {
        diags.push(
            Diagnostic::error(Code::MissingFile, "campaign.yaml is missing")
                .in_file(shown(&campaign))
                .with_hint("every inputs folder has exactly one campaign.yaml"),
        );
        Vec::new()
    };
    let groups = [
        campaign,
        files_of_kind(root, InputKind::State, diags)?,
        files_of_kind(root, InputKind::Organization, diags)?,
        files_of_kind(root, InputKind::Recommendations, diags)?,
        files_of_kind(root, InputKind::Meeting, diags)?,
        imported_files(root)?,
        files_of_kind(root, InputKind::Handover, diags)?,
    ];
    let contents: Vec<Content> = groups
        .par_iter()
        .flatten()
        .map(|rel| load(root, rel))
        .collect::<io::Result<_>>()?;
    let mut contents = contents.into_iter();
    let [
        campaign,
        states,
        organizations,
        recommendations,
        meetings,
        imported,
        handovers,
    ] = groups.map(|group| {
        (&mut contents)
            .take(group.len())
            .map(|content| content.add(&mut inputs.sources))
            .collect::<Vec<Read>>()
    });

    let sources = &inputs.sources;
    let mut incomplete = Vec::new();
    let (campaign, _) = parse_all(sources, campaign, diags);
    let (states, failed) = parse_all(sources, states, diags);
    incomplete.extend(failed.then_some(InputKind::State));
    let (organizations, failed) = parse_all(sources, organizations, diags);
    incomplete.extend(failed.then_some(InputKind::Organization));
    let (recommendations, failed) = parse_all(sources, recommendations, diags);
    incomplete.extend(failed.then_some(InputKind::Recommendations));
    let (meetings, failed) = parse_all(sources, meetings, diags);
    incomplete.extend(failed.then_some(InputKind::Meeting));
    let (imported, _) = parse_all(sources, imported, diags);
    let (handovers, failed) = parse_all(sources, handovers, diags);
    incomplete.extend(failed.then_some(InputKind::Handover));

    inputs.campaign = campaign.into_iter().next();
    inputs.states = states;
    inputs.organizations = organizations;
    inputs.recommendations = recommendations;
    inputs.meetings = meetings;
    inputs.imported = imported;
    inputs.handovers = handovers;
    inputs.incomplete.extend(incomplete);
    Ok(inputs)
}

/// A file read: its text is in the sources, or a diagnostic says why it
/// could not be read.
type Read = Result<FileId, Box<Diagnostic>>;

/// Parses the files read as `T`, in parallel. Returns the values and whether
/// any file failed; diagnostics go to `diags` in file order.
fn parse_all<T: DeserializeOwned + Send>(
    sources: &Sources,
    files: Vec<Read>,
    diags: &mut Diagnostics,
) -> (Vec<Parsed<T>>, bool) {
    let results: Vec<Result<Parsed<T>, Box<Diagnostic>>> = files
        .into_par_iter()
        .map(|read| {
            let file = read?;
            yaml::parse::<T>(sources, file).map(|value| Parsed { file, value })
        })
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut failed = false;
    for result in results {
        match result {
            Ok(p) => parsed.push(p),
            Err(d) => {
                diags.push(*d);
                failed = true;
            }
        }
    }
    (parsed, failed)
}

/// The `*.yaml` files of one kind, relative to `root`, in sorted order. Files
/// ending in `.yml` are not read; a warning says so.
fn files_of_kind(
    root: &Path,
    kind: InputKind,
    diags: &mut Diagnostics,
) -> io::Result<Vec<PathBuf>> {
    let Some(folder) = kind.folder() else {
        return Ok(Vec::new());
    };
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let base = glob::Pattern::escape(&dir.to_string_lossy());
    let mut found = Vec::new();
    for ext in ["yaml", "yml"] {
        let pattern = format!("{base}/*.{ext}");
        let paths = glob::glob(&pattern).map_err(|e| io::Error::other(e.to_string()))?;
        for path in paths {
            let path = path.map_err(io::Error::from)?;
            if !path.is_file() {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            if ext == "yml" {
                diags.push(
                    Diagnostic::warning(Code::IgnoredFile, "this file is not read")
                        .in_file(path.display().to_string())
                        .with_hint("input files end in .yaml; rename it to be read"),
                );
            } else {
                found.push(rel);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The imported files (`states/imported/*.uhri.yaml`), relative to `root`,
/// in sorted order.
pub fn imported_files(root: &Path) -> io::Result<Vec<PathBuf>> {
    let dir = root.join(imported::FOLDER);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in fs::read_dir(&dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.ends_with(imported::SUFFIX) && entry.path().is_file() {
            found.push(Path::new(imported::FOLDER).join(name));
        }
    }
    found.sort();
    Ok(found)
}

/// One input file as read from the disk, before it joins the sources.
enum Content {
    /// Its text (a byte-order mark dropped).
    Text {
        rel: PathBuf,
        display: String,
        text: String,
    },
    /// Not UTF-8: its text with replacement characters, and where the
    /// first invalid byte falls in it.
    NotUtf8 {
        rel: PathBuf,
        display: String,
        text: String,
        valid: usize,
    },
    /// Too large to read.
    TooLarge(Box<Diagnostic>),
}

/// Reads one file, or learns why it cannot be read (only a failure of
/// the disk is an `Err`).
fn load(root: &Path, rel: &Path) -> io::Result<Content> {
    let path = root.join(rel);
    let display = path.display().to_string();
    let size = fs::metadata(&path)?.len();
    if size > MAX_FILE_BYTES {
        return Ok(Content::TooLarge(Box::new(
            Diagnostic::error(
                Code::FileTooLarge,
                format!(
                    "the file is {size} bytes; input files are limited to {MAX_FILE_BYTES} bytes"
                ),
            )
            .in_file(display)
            .with_hint("split it into several files"),
        )));
    }
    let mut bytes = fs::read(&path)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let rel = rel.to_path_buf();
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Content::Text { rel, display, text },
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = String::from_utf8_lossy(&bytes[..e.utf8_error().valid_up_to()]).len();
            let text = String::from_utf8_lossy(bytes).into_owned();
            Content::NotUtf8 {
                rel,
                display,
                text,
                valid,
            }
        }
    })
}

impl Content {
    /// Adds the file to `sources`: its id, or the diagnostic that says why
    /// it cannot be parsed.
    fn add(self, sources: &mut Sources) -> Read {
        match self {
            Content::Text { rel, display, text } => Ok(sources.add(rel, display, text)),
            Content::NotUtf8 {
                rel,
                display,
                text,
                valid,
            } => {
                let file = sources.add(rel, display, text);
                let loc = sources.at_byte(file, valid);
                Err(Box::new(
                    Diagnostic::error(Code::InvalidUtf8, "the file is not valid UTF-8")
                        .at(sources, loc)
                        .with_hint("save the file as UTF-8 in your editor"),
                ))
            }
            Content::TooLarge(d) => Err(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_complete_unless_a_file_failed_or_the_campaign_is_missing() {
        let mut inputs = Inputs::default();
        assert!(!inputs.is_complete(InputKind::Campaign));
        assert!(inputs.is_complete(InputKind::State));
        inputs.incomplete.insert(InputKind::State);
        assert!(!inputs.is_complete(InputKind::State));
        assert!(inputs.is_complete(InputKind::Meeting));
    }
}
