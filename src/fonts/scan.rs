//! The faces found in a place (the fonts folder, the system's fonts) and
//! the characters each draws, kept between runs in the user's cache folder
//! (`$XDG_CACHE_HOME/upr-brief`, else `~/.cache/upr-brief`).
//!
//! Scanning opens every font file of the place, hundreds on a desktop; the
//! cache lets a command open none of them. It is used only while every file
//! it lists and every folder that holds them (with the usual font folders and
//! fontconfig's configuration, for the system's fonts) has the modification
//! time and size it had at the scan: a font added, removed or replaced
//! changes one of these. The faces come out the same, read from the cache or
//! from the files; a cache that cannot be read, parsed or written is
//! scanned around, never an error.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Where faces are looked for.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// A fonts folder and its subfolders.
    Folder(&'a Path),
    /// The system's fonts, as fontdb finds them.
    System,
}

/// A face as a scan found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scanned {
    pub path: PathBuf,
    pub index: u32,
    /// Its first family name, if it has one.
    pub family: Option<String>,
    pub weight: u16,
    pub italic: bool,
    /// The characters it draws, as sorted ranges of code points.
    chars: Vec<(u32, u32)>,
}

impl Scanned {
    /// Whether the face has a glyph for `c`.
    pub fn draws(&self, c: char) -> bool {
        let c = u32::from(c);
        let i = self.chars.partition_point(|&(_, end)| end < c);
        self.chars.get(i).is_some_and(|&(start, _)| start <= c)
    }
}

/// A file's or folder's state: modification time (seconds and nanoseconds
/// since the epoch) and size; `None` when it does not exist.
type State = Option<(u64, u32, u64)>;

fn state(path: &Path) -> State {
    let m = fs::metadata(path).ok()?;
    let t = m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((t.as_secs(), t.subsec_nanos(), m.len()))
}

/// The cache of one place.
#[derive(Serialize, Deserialize)]
struct Cache {
    /// What the scan depended on beyond the files: the place, and the
    /// environment fontdb reads.
    key: String,
    stamps: Vec<(PathBuf, State)>,
    faces: Vec<Scanned>,
}

/// Bumped when the cache's shape or meaning changes.
const FORMAT: u32 = 1;

/// The user's cache folder for upr-brief, if the environment names one.
pub fn default_dir() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    std::env::var_os("XDG_CACHE_HOME")
        .and_then(absolute)
        .or_else(|| {
            std::env::var_os("HOME")
                .and_then(absolute)
                .map(|h| h.join(".cache"))
        })
        .map(|d| d.join("upr-brief"))
}

/// The faces of `place`, from the cache in `cache` when it is current,
/// else scanned (and the cache rewritten); sorted by path and index.
pub fn faces(place: Place, cache: Option<&Path>) -> Vec<Scanned> {
    let key = key(place);
    let file = cache.map(|d| d.join(format!("fonts-{}.json", file_stem(&key))));
    if let Some(c) = file.as_deref().and_then(|f| read(f, &key)) {
        return c.faces;
    }
    let faces = scan(place);
    if let Some(f) = file {
        let stamps = watched(place, &faces)
            .into_iter()
            .map(|p| {
                let s = state(&p);
                (p, s)
            })
            .collect();
        // Best effort: a cache folder that cannot be written costs a scan.
        let _ = write(
            &f,
            &Cache {
                key,
                stamps,
                faces: faces.clone(),
            },
        );
    }
    faces
}

/// The key of a place: the format, the place and what fontdb reads from
/// the environment.
fn key(place: Place) -> String {
    let mut key = format!("upr-brief font cache {FORMAT}\n");
    match place {
        Place::Folder(dir) => {
            let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
            key.push_str(&format!("folder {}\n", dir.display()));
        }
        Place::System => {
            key.push_str("system\n");
            for var in ["HOME", "XDG_CONFIG_HOME", "FONTCONFIG_FILE"] {
                let v = std::env::var_os(var).unwrap_or_default();
                key.push_str(&format!("{var}={}\n", v.to_string_lossy()));
            }
        }
    }
    key
}

fn file_stem(key: &str) -> String {
    let hash = Sha256::digest(key.as_bytes());
    hash.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The cache at `file` when it is for `key` and nothing it watches changed.
fn read(file: &Path, key: &str) -> Option<Cache> {
    let bytes = fs::read(file).ok()?;
    let cache: Cache = serde_json::from_slice(&bytes).ok()?;
    let current = cache.key == key
        && cache
            .stamps
            .par_iter()
            .all(|(path, was)| state(path) == *was);
    current.then_some(cache)
}

/// Writes `cache` to `file` through a temporary file beside it, renamed
/// over it: a reader sees the old cache or the new one, never a part.
fn write(file: &Path, cache: &Cache) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&serde_json::to_vec(cache).map_err(std::io::Error::other)?)?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// What a scan of `place` depends on: its faces' files, the folders holding
/// them and their parents up to the place's roots, and the roots themselves
/// (with fontconfig's configuration for the system's fonts), so that a font
/// added anywhere a scan looks changes one of them.
fn watched(place: Place, faces: &[Scanned]) -> Vec<PathBuf> {
    let roots: Vec<PathBuf> = match place {
        Place::Folder(dir) => vec![fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())],
        Place::System => system_roots(),
    };
    let mut paths: Vec<PathBuf> = roots.clone();
    for f in faces {
        paths.push(f.path.clone());
        let mut dir = f.path.parent();
        while let Some(d) = dir {
            paths.push(d.to_path_buf());
            if roots.iter().any(|r| r == d) || !roots.iter().any(|r| d.starts_with(r)) {
                break;
            }
            dir = d.parent();
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

/// The folders fontdb searches for the system's fonts without fontconfig,
/// and fontconfig's configuration files and folder, which may name others.
fn system_roots() -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/etc/fonts/fonts.conf",
        "/etc/fonts/local.conf",
        "/etc/fonts/conf.d",
        "/Library/Fonts",
        "/System/Library/Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        for p in [".fonts", ".local/share/fonts", "Library/Fonts"] {
            roots.push(home.join(p));
        }
        let config =
            std::env::var_os("XDG_CONFIG_HOME").map_or(home.join(".config"), PathBuf::from);
        roots.push(config.join("fontconfig"));
        roots.push(config.join("fontconfig/fonts.conf"));
    }
    if let Some(f) = std::env::var_os("FONTCONFIG_FILE") {
        roots.push(PathBuf::from(f));
    }
    roots
}

/// Every face of `place`, each file opened once.
fn scan(place: Place) -> Vec<Scanned> {
    let mut db = fontdb::Database::new();
    match place {
        Place::Folder(dir) => db.load_fonts_dir(dir),
        Place::System => db.load_system_fonts(),
    }
    let infos: Vec<&fontdb::FaceInfo> = db.faces().collect();
    let mut faces: Vec<Scanned> = infos
        .par_iter()
        .filter_map(|info| {
            let path = match &info.source {
                fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
                fontdb::Source::Binary(_) => return None,
            };
            let chars = db
                .with_face_data(info.id, |data, index| {
                    ttf_parser::Face::parse(data, index)
                        .map(|f| chars(&f))
                        .unwrap_or_default()
                })
                .unwrap_or_default();
            Some(Scanned {
                path,
                index: info.index,
                family: info.families.first().map(|(f, _)| f.clone()),
                weight: info.weight.0,
                italic: info.style != fontdb::Style::Normal,
                chars,
            })
        })
        .collect();
    faces.sort_by(|a, b| (&a.path, a.index).cmp(&(&b.path, b.index)));
    faces
}

/// The characters `face` has a glyph for, as sorted ranges.
fn chars(face: &ttf_parser::Face) -> Vec<(u32, u32)> {
    let mut points = Vec::new();
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables {
            if sub.is_unicode() {
                sub.codepoints(|c| points.push(c));
            }
        }
    }
    // Format 4's closing segment maps U+FFFF without listing it.
    points.push(0xFFFF);
    points.sort_unstable();
    points.dedup();
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for c in points {
        if char::from_u32(c).is_none_or(|ch| face.glyph_index(ch).is_none()) {
            continue;
        }
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == c => *end = c,
            _ => ranges.push((c, c)),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fonts")
            .join(name)
    }

    /// A fonts folder holding the built-in regular face, and a cache folder.
    fn setup() -> (tempfile::TempDir, tempfile::TempDir) {
        let folder = tempfile::tempdir().unwrap();
        fs::copy(builtin("NotoSans-Regular.ttf"), folder.path().join("a.ttf")).unwrap();
        (folder, tempfile::tempdir().unwrap())
    }

    fn cache_file(cache: &Path) -> PathBuf {
        let files: Vec<PathBuf> = fs::read_dir(cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    }

    #[test]
    fn the_cache_gives_the_faces_a_scan_does() {
        let (folder, cache) = setup();
        let place = Place::Folder(folder.path());
        let scanned = faces(place, None);
        assert_eq!(scanned.len(), 1);
        assert_eq!(scanned[0].family.as_deref(), Some("Noto Sans"));
        assert!(scanned[0].draws('ễ') && scanned[0].draws('A'));
        assert!(!scanned[0].draws('ب') && !scanned[0].draws('中'));
        // Cold (scanned and written), then warm (read): the same faces.
        assert_eq!(faces(place, Some(cache.path())), scanned);
        assert_eq!(faces(place, Some(cache.path())), scanned);
        // The warm run read the cache: an edit of it shows through.
        let file = cache_file(cache.path());
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, text.replace("\"Noto Sans\"", "\"From the cache\"")).unwrap();
        let cached = faces(place, Some(cache.path()));
        assert_eq!(cached[0].family.as_deref(), Some("From the cache"));
    }

    #[test]
    fn a_corrupt_cache_is_scanned_around_and_rewritten() {
        let (folder, cache) = setup();
        let place = Place::Folder(folder.path());
        let scanned = faces(place, Some(cache.path()));
        let file = cache_file(cache.path());
        for junk in [&b""[..], b"{\"key\":", b"\xff\xfe not json", b"[]"] {
            fs::write(&file, junk).unwrap();
            assert_eq!(faces(place, Some(cache.path())), scanned);
            let again: Cache = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
            assert_eq!(again.faces, scanned);
        }
    }

    #[test]
    fn a_font_added_or_replaced_is_found() {
        let (folder, cache) = setup();
        let place = Place::Folder(folder.path());
        assert_eq!(faces(place, Some(cache.path())).len(), 1);
        // Added, in a new subfolder.
        fs::create_dir(folder.path().join("more")).unwrap();
        fs::copy(
            builtin("NotoSans-Bold.ttf"),
            folder.path().join("more/b.ttf"),
        )
        .unwrap();
        let found = faces(place, Some(cache.path()));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found, faces(place, None));
        // Replaced in place by another face: read anew.
        fs::copy(builtin("NotoSans-Italic.ttf"), folder.path().join("a.ttf")).unwrap();
        let found = faces(place, Some(cache.path()));
        assert!(found.iter().any(|f| f.italic), "{found:?}");
        assert_eq!(found, faces(place, None));
        // Removed.
        fs::remove_file(folder.path().join("more/b.ttf")).unwrap();
        assert_eq!(faces(place, Some(cache.path())).len(), 1);
    }

    #[test]
    fn a_cache_that_cannot_be_written_costs_a_scan_only() {
        let (folder, cache) = setup();
        let place = Place::Folder(folder.path());
        // The cache folder's place is taken by a file.
        let blocked = cache.path().join("upr-brief");
        fs::write(&blocked, "a file").unwrap();
        assert_eq!(faces(place, Some(&blocked)), faces(place, None));
        assert_eq!(fs::read_to_string(&blocked).unwrap(), "a file");
    }

    #[test]
    fn a_face_draws_what_its_cmap_maps() {
        let bytes = fs::read(builtin("NotoSans-Regular.ttf")).unwrap();
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        let (folder, _) = setup();
        let scanned = faces(Place::Folder(folder.path()), None);
        let mut drawn = 0;
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(scanned[0].draws(c), face.glyph_index(c).is_some(), "{c:?}");
            drawn += usize::from(scanned[0].draws(c));
        }
        assert!(drawn > 2000, "{drawn}");
    }

    #[test]
    fn ranges_answer_for_every_character() {
        let face = Scanned {
            path: PathBuf::new(),
            index: 0,
            family: None,
            weight: 400,
            italic: false,
            chars: vec![(0x41, 0x43), (0x100, 0x100)],
        };
        let drawn: Vec<bool> = ['@', 'A', 'B', 'C', 'D', '\u{FF}', '\u{100}', '\u{101}']
            .iter()
            .map(|&c| face.draws(c))
            .collect();
        assert_eq!(drawn, [false, true, true, true, false, false, true, false]);
    }
}
