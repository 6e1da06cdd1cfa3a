//! The advisory lock on an output folder: one build (or `mail`) at a time
//! writes into it. The lock file is no output: it exists only while a build
//! holds it, and no manifest lists it.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// The lock file's name in the output folder.
pub const LOCK: &str = ".upr-brief.lock";

/// The lock on a folder, held until dropped; its file is removed then,
/// before the lock is let go.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked: a build waiting on this file then
        // finds it gone and locks a new one (`lock`).
        let _ = fs::remove_file(&self.path);
        super::unregister_lock(&self.path);
        let _ = self.file.unlock();
    }
}

/// Locks `dir` (an existing folder). When another process holds its lock,
/// calls `waiting` once and waits for it, or, unless `wait`, gives `None`.
pub fn lock(dir: &Path, wait: bool, waiting: &dyn Fn()) -> io::Result<Option<Lock>> {
    let path = dir.join(LOCK);
    let mut told = false;
    loop {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if !wait => return Ok(None),
            Err(TryLockError::WouldBlock) => {
                if !told {
                    waiting();
                    told = true;
                }
                file.lock()?;
            }
            Err(TryLockError::Error(e)) => return Err(e),
        }
        // The build that held it removes its file before letting go: locked
        // is only the file still in its place.
        if same_file(&file, &path) {
            super::register_lock(&path);
            return Ok(Some(Lock { file, path }));
        }
    }
}

/// Whether `path` names the open `file`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_or_gives_up_and_the_file_goes_with_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path(), false, &|| panic!("nobody holds it")).unwrap();
        let first = first.expect("free");
        assert!(dir.path().join(LOCK).is_file());
        // Held (a lock is per open file, so this process is refused too).
        assert!(lock(dir.path(), false, &|| ()).unwrap().is_none());
        let told = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                lock(dir.path(), true, &|| {
                    told.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                })
                .unwrap()
                .expect("waited for it")
            });
            while told.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                std::thread::yield_now();
            }
            drop(first);
            let second = waiter.join().unwrap();
            assert!(dir.path().join(LOCK).is_file());
            drop(second);
        });
        assert_eq!(told.into_inner(), 1);
        assert!(!dir.path().join(LOCK).exists());
    }
}
