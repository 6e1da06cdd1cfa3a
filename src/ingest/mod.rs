//! Stage 1: find the input files, read them, and parse each into the raw
//! struct that mirrors it. Every problem becomes a located diagnostic; a file
//! that fails to parse is left out and the others go on.

pub mod raw;
pub mod schema;
pub mod yaml;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics};
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
    /// The kinds (`states`, `recommendations`, ...) with a file that could not
    /// be parsed: references to that kind cannot be checked completely.
    pub incomplete: std::collections::BTreeSet<&'static str>,
}

/// The folders of an inputs directory, each holding one kind of file.
pub const KINDS: [&str; 4] = ["states", "organizations", "recommendations", "meetings"];

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
            Diagnostic::error("missing-inputs", "the inputs folder does not exist")
                .in_file(root.display().to_string())
                .with_hint("pass --inputs DIR, or run `upr-brief init DIR` to start a campaign"),
        );
        return Ok(inputs);
    }
    let campaign = PathBuf::from("campaign.yaml");
    if root.join(&campaign).is_file() {
        inputs.campaign = read(root, &campaign, &mut inputs.sources, diags)?;
    } else {
        diags.push(
            Diagnostic::error("missing-file", "campaign.yaml is missing")
                .in_file(shown(&campaign))
                .with_hint("every inputs folder has exactly one campaign.yaml"),
        );
    }
    for kind in KINDS {
        for rel in files_of_kind(root, kind, diags)? {
            let before = diags.errors();
            match kind {
                "states" => push(
                    &mut inputs.states,
                    read(root, &rel, &mut inputs.sources, diags)?,
                ),
                "organizations" => push(
                    &mut inputs.organizations,
                    read(root, &rel, &mut inputs.sources, diags)?,
                ),
                "recommendations" => push(
                    &mut inputs.recommendations,
                    read(root, &rel, &mut inputs.sources, diags)?,
                ),
                _ => push(
                    &mut inputs.meetings,
                    read(root, &rel, &mut inputs.sources, diags)?,
                ),
            }
            if diags.errors() > before {
                inputs.incomplete.insert(kind);
            }
        }
    }
    Ok(inputs)
}

fn push<T>(list: &mut Vec<Parsed<T>>, item: Option<Parsed<T>>) {
    list.extend(item);
}

/// The `*.yaml` files of one kind, relative to `root`, in sorted order. Files
/// ending in `.yml` are not read; a warning says so.
fn files_of_kind(root: &Path, kind: &str, diags: &mut Diagnostics) -> io::Result<Vec<PathBuf>> {
    let dir = root.join(kind);
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
                    Diagnostic::warning("ignored-file", "this file is not read")
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

/// Reads one file and parses it as `T`.
fn read<T: DeserializeOwned>(
    root: &Path,
    rel: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> io::Result<Option<Parsed<T>>> {
    let path = root.join(rel);
    let display = path.display().to_string();
    let size = fs::metadata(&path)?.len();
    if size > MAX_FILE_BYTES {
        diags.push(
            Diagnostic::error(
                "file-too-large",
                format!(
                    "the file is {size} bytes; input files are limited to {MAX_FILE_BYTES} bytes"
                ),
            )
            .in_file(display)
            .with_hint("split it into several files"),
        );
        return Ok(None);
    }
    let bytes = fs::read(&path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(e) => {
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).len();
            let file = sources.add(rel.to_path_buf(), display, lossy);
            let loc = sources.at_byte(file, valid);
            diags.push(
                Diagnostic::error("invalid-utf8", "the file is not valid UTF-8")
                    .at(sources, loc)
                    .with_hint("save the file as UTF-8 in your editor"),
            );
            return Ok(None);
        }
    };
    let file = sources.add(rel.to_path_buf(), display, text);
    match yaml::parse::<T>(sources, file) {
        Ok(value) => Ok(Some(Parsed { file, value })),
        Err(d) => {
            diags.push(*d);
            Ok(None)
        }
    }
}
