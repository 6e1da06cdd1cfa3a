//! Writing outputs: file names, atomic replacement, and the manifest.
//!
//! Every file is written to a temporary file in the output folder and renamed
//! over its final name, so a reader never sees half a file and a symbolic
//! link in the folder is replaced, never written through.

mod manifest;
pub mod plan;

pub use manifest::{MANIFEST, Manifest, Output};

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `bytes` to `dir/name` atomically.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".upr-brief-")
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
    tmp.as_file().sync_all()?;
    tmp.persist(dir.join(name)).map_err(|e| e.error)?;
    Ok(())
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

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
