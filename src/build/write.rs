//! Writing a build's rendered files into the output folder and removing the
//! stale ones, each only when needed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::render::Failed;
use super::tasks::Task;
use super::{BuildError, Watch};
use crate::output::{self, Manifest};

/// A rendered file set aside: its hash, and its bytes written aside when they
/// differ from the file already in its place.
#[derive(Debug)]
pub(super) struct SetAside {
    sha256: String,
    staged: Option<output::Staged>,
}

/// Fails, before anything is written, when a folder stands where one of
/// `tasks`' files goes: it would stop the build half-way.
pub(super) fn check_places(out: &Path, tasks: &[&Task]) -> Result<(), BuildError> {
    match tasks
        .iter()
        .find(|task| fs::symlink_metadata(out.join(&task.name)).is_ok_and(|m| m.is_dir()))
    {
        Some(task) => Err(BuildError::io(
            format!("cannot write {}", task.name),
            io::Error::other(format!(
                "{} is a folder, so nothing was written",
                out.join(&task.name).display()
            )),
        )),
        None => Ok(()),
    }
}

/// Keeps `task`'s rendered `bytes`: hashed, and written beside their name
/// in `out` unless the file there already has these very bytes (an input
/// changed, but not what the file shows: it stays as it is).
pub(super) fn set_aside(out: &Path, task: &Task, bytes: Vec<u8>) -> Result<SetAside, Failed> {
    let changed = fs::read(out.join(&task.name)).map_or(true, |old| old != bytes);
    let sha256 = output::sha256(&bytes);
    let staged = if changed {
        let staged = output::stage(out, &task.name, &bytes).map_err(|error| Failed::SetAside {
            file: task.name.clone(),
            error,
        })?;
        Some(staged)
    } else {
        None
    };
    Ok(SetAside { sha256, staged })
}

/// Puts every file set aside that changed in its place in `out`, in order, once
/// all are on the disk, and records every one in the manifest; returns the
/// paths written.
pub(super) fn outputs(
    out: &Path,
    aside: Vec<(&Task, SetAside)>,
    manifest: &mut Manifest,
    watch: &dyn Watch,
) -> Result<Vec<PathBuf>, BuildError> {
    manifest.tool = format!("upr-brief {}", env!("CARGO_PKG_VERSION"));
    let mut staged = Vec::new();
    for (task, aside) in aside {
        staged.extend(aside.staged);
        manifest.outputs.insert(
            task.name.clone(),
            output::Output {
                sha256: aside.sha256,
                fingerprint: task.fingerprint.clone(),
                inputs: task.inputs.clone(),
                date: Some(task.date),
            },
        );
    }
    let mut written = Vec::new();
    output::put_in_place(out, staged, |name| {
        let path = out.join(name);
        watch.wrote(&path);
        written.push(path);
    })
    .map_err(|(name, e)| BuildError::io(format!("cannot write {name}"), e))?;
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
    let (stale, current) =
        std::mem::take(&mut manifest.outputs)
            .into_iter()
            .partition(|(name, _)| {
                let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
                !stems.iter().any(|s| s == stem)
            });
    manifest.outputs = current;
    output::remove_stale(out, &stale, &mut |path| watch.removed(path))
}
