//! Font files read from disk, once per process.
//!
//! A face keeps a shaper's view into its file's bytes for as long as it is
//! used, and faces are shared by every document of every build a process
//! runs; so a file, once read, stays in memory for the process, and its
//! SHA-256 (for the manifest and fingerprints) is computed once. A process
//! reads few font files (one or two per script it meets), so this is small.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

use super::{Face, FontError};

/// A font file in memory for the rest of the process, with its hash.
#[derive(Clone, Copy)]
pub struct File {
    pub bytes: &'static [u8],
    pub sha256: &'static str,
}

type Cache = HashMap<PathBuf, File>;
type Faces = HashMap<(PathBuf, u32), Face>;

fn files() -> &'static Mutex<Cache> {
    static FILES: OnceLock<Mutex<Cache>> = OnceLock::new();
    FILES.get_or_init(|| Mutex::new(HashMap::new()))
}

fn faces() -> &'static Mutex<Faces> {
    static FACES: OnceLock<Mutex<Faces>> = OnceLock::new();
    FACES.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The file at `path`, read on first use.
pub fn read(path: &Path) -> Result<File, FontError> {
    if let Some(f) = files().lock().ok().and_then(|c| c.get(path).copied()) {
        return Ok(f);
    }
    let bytes = std::fs::read(path).map_err(|e| FontError {
        source: path.display().to_string(),
        message: e.to_string(),
    })?;
    let hash = Sha256::digest(&bytes);
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    let mut cache = files().lock().ok();
    // Two threads may have read the file at once: keep the first, so every
    // face of the file shares one copy, and free the other.
    if let Some(f) = cache.as_ref().and_then(|c| c.get(path).copied()) {
        return Ok(f);
    }
    let file = File {
        bytes: Box::leak(bytes.into_boxed_slice()),
        sha256: Box::leak(hex.into_boxed_str()),
    };
    if let Some(c) = cache.as_mut() {
        c.insert(path.to_path_buf(), file);
    }
    Ok(file)
}

/// Face `index` of the file at `path`, parsed on first use.
pub fn face(path: &Path, index: u32) -> Result<(Face, File), FontError> {
    let file = read(path)?;
    let key = (path.to_path_buf(), index);
    if let Some(f) = faces().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok((f, file));
    }
    let face = Face::parse(file.bytes, index, &path.display().to_string())?;
    if let Ok(mut c) = faces().lock() {
        c.insert(key, face.clone());
    }
    Ok((face, file))
}
