//! Writing a build's rendered files into the output folder and removing the
//! stale ones, each only when needed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::tasks::Task;
use super::{BuildError, Watch};
use crate::output::{self, Manifest};

/// Writes each rendered file atomically into `out`, unless the file there
/// already has these very bytes, and records it in the manifest; returns
/// the paths written. A folder in the place of a file is found before
/// anything is written.
pub(super) fn outputs(
    out: &Path,
    rendered: &[(&Task, Vec<u8>)],
    manifest: &mut Manifest,
    watch: &dyn Watch,
) -> Result<Vec<PathBuf>, BuildError> {
    // A folder where a file goes would stop the build half-way: it is
    // found before anything is written.
    if let Some((task, _)) = rendered
        .iter()
        .find(|(task, _)| fs::symlink_metadata(out.join(&task.name)).is_ok_and(|m| m.is_dir()))
    {
        return Err(BuildError::io(
            format!("cannot write {}", task.name),
            io::Error::other(format!(
                "{} is a folder, so nothing was written",
                out.join(&task.name).display()
            )),
        ));
    }
    manifest.tool = format!("upr-brief {}", env!("CARGO_PKG_VERSION"));
    // An input changed, but not what a file shows: it stays as it is. The
    // others are written aside in parallel, then put in place in order.
    let (changed, hashes): (Vec<bool>, Vec<String>) = rendered
        .par_iter()
        .map(|(task, bytes)| {
            let changed = fs::read(out.join(&task.name)).map_or(true, |old| old != *bytes);
            (changed, output::sha256(bytes))
        })
        .unzip();
    let staged = rendered
        .par_iter()
        .zip(&changed)
        .filter(|(_, changed)| **changed)
        .map(|((task, bytes), _)| {
            output::stage(out, &task.name, bytes)
                .map_err(|e| BuildError::io(format!("cannot write {}", task.name), e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut written = Vec::new();
    output::put_in_place(out, staged, |name| {
        let path = out.join(name);
        watch.wrote(&path);
        written.push(path);
    })
    .map_err(|(name, e)| BuildError::io(format!("cannot write {name}"), e))?;
    for ((task, _), sha256) in rendered.iter().zip(hashes) {
        manifest.outputs.insert(
            task.name.clone(),
            output::Output {
                sha256,
                fingerprint: task.fingerprint.clone(),
                inputs: task.inputs.clone(),
            },
        );
    }
    Ok(written)
}

/// Removes outputs the manifest lists for meetings (or a submission) that no
/// longer exist, `stems` being those that do: only files the tool wrote, and
/// only while they are unchanged. Returns the paths removed.
pub(super) fn remove_stale(
    manifest: &mut Manifest,
    out: &Path,
    stems: &[String],
    watch: &dyn Watch,
) -> io::Result<Vec<PathBuf>> {
    let stale: Vec<String> = manifest
        .outputs
        .keys()
        .filter(|name| {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            !stems.iter().any(|s| s == stem)
        })
        .cloned()
        .collect();
    let mut removed = Vec::new();
    for name in stale {
        let entry = manifest.outputs.remove(&name);
        let path = out.join(&name);
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
            && fs::read(&path).is_ok_and(|b| entry.is_some_and(|e| output::sha256(&b) == e.sha256));
        if ours {
            fs::remove_file(&path)?;
            watch.removed(&path);
            removed.push(path);
        }
    }
    Ok(removed)
}
