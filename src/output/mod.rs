//! Writing outputs: file names, atomic replacement, and the manifest.
//!
//! Every file is written to a temporary file in the output folder and renamed
//! over its final name, so a reader never sees half a file and a symbolic
//! link in the folder is replaced, never written through.

mod lock;
mod manifest;

pub use lock::{LOCK, Lock, lock};
pub use manifest::{MANIFEST, Manifest, Output};

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockWriteGuard};

use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Removes the files of `dir` that a manifest listed (`stale`: names and
/// entries) and that are no longer outputs: only files the tool wrote, and
/// only while they are unchanged (their bytes still hash to the entry's).
/// `removed` hears each path as it goes; returns the paths removed.
pub fn remove_stale(
    dir: &Path,
    stale: &BTreeMap<String, Output>,
    removed: &mut dyn FnMut(&Path),
) -> io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for (name, entry) in stale {
        let path = dir.join(name);
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
            && fs::read(&path).is_ok_and(|b| sha256(&b) == entry.sha256);
        if ours {
            fs::remove_file(&path)?;
            removed(&path);
            paths.push(path);
        }
    }
    Ok(paths)
}

/// Writes `bytes` to `dir/name` atomically.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let staged = stage(dir, name, bytes)?;
    staged.sync()?;
    staged.put_in_place(dir)
}

/// A file written in full beside its final name, not yet in its place.
/// It is closed: a build of thousands of files never holds thousands of
/// open files.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::TempPath,
    name: String,
}

impl Staged {
    /// Flushes the file's data to the disk. (The data, not the handle, is
    /// synced: the file is opened again for it.)
    fn sync(&self) -> io::Result<()> {
        fs::OpenOptions::new()
            .write(true)
            .open(&self.tmp)?
            .sync_all()
    }

    fn put_in_place(self, dir: &Path) -> io::Result<()> {
        self.tmp
            .persist(dir.join(&self.name))
            .map_err(|e| e.error)?;
        Ok(())
    }
}

/// The start of every temporary file's name: `.upr-brief-`, then the
/// number of the process that writes it and a dash.
const TEMPORARY: &str = ".upr-brief-";

/// Writes `bytes` to a temporary file in `dir`, to become `dir/name` with
/// [`put_in_place`]; dropped, it is removed and `dir/name` never changes.
/// Its name holds this process's number, so that a later build can tell it
/// from another build's when this one was stopped before it could remove
/// it ([`remove_abandoned`]).
pub fn stage(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<Staged> {
    // Files are staged side by side; once the process is stopping, never.
    let mut staging = STAGING.read().unwrap_or_else(|e| e.into_inner());
    if !staging.dirs.contains(dir) {
        drop(staging);
        (STAGING.write().unwrap_or_else(|e| e.into_inner()))
            .dirs
            .insert(dir.to_path_buf());
        staging = STAGING.read().unwrap_or_else(|e| e.into_inner());
    }
    let staged = stage_file(dir, name, bytes);
    drop(staging);
    staged
}

fn stage_file(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<Staged> {
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMPORARY}{}-", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are private; outputs are shared like any document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))?;
    }
    Ok(Staged {
        tmp: tmp.into_temp_path(),
        name: name.to_string(),
    })
}

/// Where this process stages files and the locks it holds: what a stopped
/// process removes ([`stop`]).
struct Staging {
    dirs: BTreeSet<PathBuf>,
    locks: BTreeSet<PathBuf>,
}

static STAGING: RwLock<Staging> = RwLock::new(Staging {
    dirs: BTreeSet::new(),
    locks: BTreeSet::new(),
});

fn register_lock(path: &Path) {
    let mut staging = STAGING.write().unwrap_or_else(|e| e.into_inner());
    staging.locks.insert(path.to_path_buf());
}

fn unregister_lock(path: &Path) {
    let mut staging = STAGING.write().unwrap_or_else(|e| e.into_inner());
    staging.locks.remove(path);
}

/// Stopping the process: once a file being written aside is complete,
/// removes every temporary file this process wrote, and the files of the
/// locks it holds (still held: the process is about to end, which lets
/// them go). Until the guard is dropped, no file is staged and no lock
/// taken or let go: the caller ends the process holding it.
pub fn stop() -> impl Sized {
    let staging: RwLockWriteGuard<'static, Staging> =
        STAGING.write().unwrap_or_else(|e| e.into_inner());
    let own = format!("{TEMPORARY}{}-", std::process::id());
    for dir in &staging.dirs {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name
                .to_str()
                .is_some_and(|n| n.starts_with(&own) && n.ends_with(".tmp"))
            {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    for lock in &staging.locks {
        let _ = fs::remove_file(lock);
    }
    staging
}

/// Removes the temporary files in `dir` that a build stopped half-way left
/// (killed, or interrupted with Ctrl-C, while it wrote files aside): those
/// whose process no longer runs. Another build's files, running, stay.
/// Returns how many were removed.
pub fn remove_abandoned(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    let own = std::process::id();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMPORARY))
            .filter(|n| n.ends_with(".tmp"))
            .and_then(|n| n.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != own && !running(pid) && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Whether a process numbered `pid` runs (any process: a number taken
/// again by another program counts as running, and its files stay).
#[cfg(unix)]
#[allow(unsafe_code)]
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 sends nothing; kill only checks that the process
    // exists and may be signalled.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Elsewhere no process is known to have stopped: nothing is removed.
#[cfg(not(unix))]
fn running(_: u32) -> bool {
    true
}

/// Puts every staged file of `dir` in its place, in order, once all of
/// them are on the disk, calling `placed` with each name: a reader never
/// sees half a file, nor a crash a file named but empty. An error names
/// the file it met.
pub fn put_in_place(
    dir: &Path,
    staged: Vec<Staged>,
    mut placed: impl FnMut(&str),
) -> Result<(), (String, io::Error)> {
    sync_all(&staged)?;
    for file in staged {
        let name = file.name.clone();
        file.put_in_place(dir).map_err(|e| (name.clone(), e))?;
        placed(&name);
    }
    Ok(())
}

/// Syncs every staged file, several at a time (waiting on the disk, not
/// the processor): concurrent syncs share the file system's journal
/// commits, where one after another each waited for its own.
fn sync_all(staged: &[Staged]) -> Result<(), (String, io::Error)> {
    const AT_ONCE: usize = 16;
    let per = staged.len().div_ceil(AT_ONCE).max(1);
    std::thread::scope(|scope| {
        let running: Vec<_> = staged
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .try_for_each(|s| s.sync().map_err(|e| (s.name.clone(), e)))
                })
            })
            .collect();
        running.into_iter().try_for_each(|t| {
            t.join().unwrap_or_else(|_| {
                Err((String::new(), io::Error::other("a sync thread panicked")))
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_a_link_instead_of_writing_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("precious.txt");
        fs::write(&target, "keep me").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, dir.path().join("x.pdf")).unwrap();
        write_atomic(dir.path(), "x.pdf", b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
        assert_eq!(fs::read(dir.path().join("x.pdf")).unwrap(), b"new");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_is_replaced_whole_never_rewritten_in_place() {
        // A reader that opened the old file keeps reading the old bytes: the
        // new file is written aside and renamed over the name, so no one can
        // ever see a half-written file under it.
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "x.pdf", b"old bytes").unwrap();
        let mut reader = fs::File::open(dir.path().join("x.pdf")).unwrap();
        write_atomic(dir.path(), "x.pdf", b"new").unwrap();
        let mut old = String::new();
        reader.read_to_string(&mut old).unwrap();
        assert_eq!(old, "old bytes");
        assert_eq!(fs::read(dir.path().join("x.pdf")).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("x.pdf"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    /// Staged files appear under their names only when put in place, all
    /// of them, in order; a staged file dropped leaves nothing behind.
    #[test]
    fn staged_files_appear_only_when_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.pdf"), "old").unwrap();
        let staged: Vec<Staged> = ["a.pdf", "b.pdf", "c.pdf"]
            .iter()
            .map(|n| stage(dir.path(), n, n.as_bytes()).unwrap())
            .collect();
        assert!(!dir.path().join("a.pdf").exists());
        assert_eq!(fs::read_to_string(dir.path().join("b.pdf")).unwrap(), "old");
        let dropped = stage(dir.path(), "d.pdf", b"never").unwrap();
        drop(dropped);
        let mut placed = Vec::new();
        put_in_place(dir.path(), staged, |n| placed.push(n.to_string())).unwrap();
        assert_eq!(placed, ["a.pdf", "b.pdf", "c.pdf"]);
        for n in ["a.pdf", "b.pdf", "c.pdf"] {
            assert_eq!(fs::read_to_string(dir.path().join(n)).unwrap(), n);
        }
        // No temporary file is left, and the dropped one never appeared.
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.pdf", "b.pdf", "c.pdf"]);
    }

    /// A staged file is closed once written: a build of thousands of files
    /// stays far below any limit on open files.
    #[cfg(target_os = "linux")]
    #[test]
    fn staged_files_hold_no_open_file() {
        let dir = tempfile::tempdir().unwrap();
        let open = || fs::read_dir("/proc/self/fd").unwrap().count();
        let before = open();
        let staged: Vec<Staged> = (0..200)
            .map(|n| stage(dir.path(), &format!("{n}.pdf"), b"x").unwrap())
            .collect();
        // Other tests' threads open files too: a margin, far below 200.
        let during = open();
        assert!(during < before + 50, "{before} open, then {during}");
        put_in_place(dir.path(), staged, |_| {}).unwrap();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 200);
        assert_eq!(fs::read(dir.path().join("199.pdf")).unwrap(), b"x");
    }

    /// A temporary file whose process has ended is removed; this process's,
    /// and any other file, stay.
    #[cfg(unix)]
    #[test]
    fn abandoned_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let abandoned = format!(".upr-brief-{dead}-a1b2c3.tmp");
        let ours = stage(dir.path(), "x.pdf", b"x").unwrap();
        for name in [
            abandoned.as_str(),
            ".upr-brief-old.tmp",
            "a.pdf",
            ".upr-brief-12-x.pdf",
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        assert_eq!(remove_abandoned(dir.path()).unwrap(), 1);
        assert!(!dir.path().join(&abandoned).exists());
        for name in [".upr-brief-old.tmp", "a.pdf", ".upr-brief-12-x.pdf"] {
            assert!(dir.path().join(name).exists(), "{name}");
        }
        put_in_place(dir.path(), vec![ours], |_| {}).unwrap();
        assert_eq!(fs::read(dir.path().join("x.pdf")).unwrap(), b"x");
    }

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
