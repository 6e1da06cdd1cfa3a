//! `OUT/manifest.json`: what the tool wrote, from which inputs, with hashes.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::write_atomic;

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// What was written, from which inputs, with hashes.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// `upr-brief <version>`.
    pub tool: String,
    /// By output file name.
    pub outputs: BTreeMap<String, Output>,
    /// The font files used beyond the built-in Noto Sans, with the scripts
    /// each sets and its hash (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fonts: Vec<crate::fonts::FontFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Output {
    /// SHA-256 of the file as written.
    pub sha256: String,
    /// SHA-256 over everything the file depends on: when it is unchanged and
    /// the file still has `sha256`, the file is up to date.
    pub fingerprint: String,
    /// Input files (relative to the inputs folder, or `templates/...`) and their hashes.
    pub inputs: BTreeMap<String, String>,
    /// The date inside the file (its creation and modification date, a
    /// calendar's `DTSTAMP`), in seconds since the Unix epoch: the time of
    /// the build that last changed its content. A build that renders the
    /// file again from the same fingerprint gives it this date again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<i64>,
}

impl Manifest {
    /// The manifest in `dir`, or an empty one when there is none or it cannot be read.
    pub fn read(dir: &Path) -> Manifest {
        fs::read(dir.join(MANIFEST))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes the manifest into `dir`, unless the one there is the same.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        let json = self.json()?;
        if fs::read(dir.join(MANIFEST)).is_ok_and(|old| old == json) {
            return Ok(());
        }
        write_atomic(dir, MANIFEST, &json)
    }

    /// Writes the manifest into `dir`, the same or not.
    pub fn rewrite(&self, dir: &Path) -> io::Result<()> {
        write_atomic(dir, MANIFEST, &self.json()?)
    }

    fn json(&self) -> io::Result<Vec<u8>> {
        let mut json = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        json.push(b'\n');
        Ok(json)
    }
}
