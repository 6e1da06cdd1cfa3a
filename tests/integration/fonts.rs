//! The fonts a build chooses beyond Noto Sans: the fonts folder
//! (`--fonts`) before the system's fonts, read back from the PDF's embedded
//! fonts and the manifest's list.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Campaign;

/// A system font the fonts folder copies: Noto Naskh Arabic, which
/// `fonts-noto-core` installs beside Noto Sans Arabic (the rule's own pick
/// for Arabic). `None` (the caller skips) where it is missing, unless
/// `UPR_BRIEF_REQUIRE_TOOLS` is set.
fn system_naskh() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf");
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("UPR_BRIEF_REQUIRE_TOOLS").is_none(),
        "{} is missing (fonts-noto-core)",
        path.display()
    );
    None
}

/// The base campaign with France's pack in Arabic.
fn arabic_campaign() -> Campaign {
    let france =
        fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap();
    Campaign::base_with(&[(
        "meetings/2024-03-21-france.yaml",
        &format!("{france}language: ar\n"),
    )])
}

/// Builds `inputs` as PDF with the fonts folder `fonts` and the font cache
/// in `cache`; returns the manifest's fonts as (family, path, scripts).
fn build_with(
    inputs: &Path,
    out: &Path,
    fonts: &Path,
    cache: &Path,
) -> Vec<(String, String, String)> {
    let (code, log) = common::run(
        common::tool()
            .arg("build")
            .arg("--inputs")
            .arg(inputs)
            .arg("--out")
            .arg(out)
            .arg("--fonts")
            .arg(fonts)
            .args(["--format", "pdf", "--quiet"])
            .env("XDG_CACHE_HOME", cache)
            .env("SOURCE_DATE_EPOCH", "1713571200"),
    );
    assert_eq!(code, 0, "{log}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    manifest["fonts"]
        .as_array()
        .expect("a fonts list")
        .iter()
        .map(|f| {
            let scripts: Vec<&str> = f["scripts"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|s| s.as_str())
                .collect();
            (
                f["family"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                scripts.join(","),
            )
        })
        .collect()
}

/// The names of the fonts embedded in a PDF, without their subset tags.
fn embedded(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor"))
        .map(|d| {
            let name = String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap())
                .into_owned();
            name.split_once('+')
                .map_or(name.clone(), |(_, n)| n.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_fonts_folder_comes_before_the_systems_fonts() {
    let Some(naskh) = system_naskh() else { return };
    let c = arabic_campaign();
    let cache = tempfile::tempdir().unwrap();
    let pack = "2024-03-21-france.pdf";

    // No folder: the system's Noto Sans Arabic, the rule's pick for Arabic.
    let empty = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let fonts = build_with(&c.inputs(), out.path(), empty.path(), cache.path());
    let arabic: Vec<_> = fonts.iter().filter(|f| f.2.contains("Arabic")).collect();
    assert!(!arabic.is_empty(), "{fonts:?}");
    assert!(
        arabic.iter().all(|f| f.0 == "Noto Sans Arabic"),
        "{fonts:?}"
    );
    let names = embedded(&out.path().join(pack));
    assert!(
        names.iter().any(|n| n.starts_with("NotoSansArabic")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.starts_with("NotoNaskhArabic")),
        "{names:?}"
    );

    // A folder holding a copy of the system's Noto Naskh Arabic: its face
    // sets the Arabic text, though the system's has Noto Sans Arabic.
    let folder = tempfile::tempdir().unwrap();
    let copy = folder.path().join("NotoNaskhArabic-Regular.ttf");
    fs::copy(&naskh, &copy).unwrap();
    let out = tempfile::tempdir().unwrap();
    let fonts = build_with(&c.inputs(), out.path(), folder.path(), cache.path());
    let arabic: Vec<_> = fonts.iter().filter(|f| f.2.contains("Arabic")).collect();
    // Its one face (the folder has no bold) sets Arabic.
    assert_eq!(arabic.len(), 1, "{fonts:?}");
    assert_eq!(arabic[0].0, "Noto Naskh Arabic", "{fonts:?}");
    assert_eq!(
        fs::canonicalize(&arabic[0].1).unwrap(),
        fs::canonicalize(&copy).unwrap(),
        "the folder's file, not the system's: {fonts:?}"
    );
    let names = embedded(&out.path().join(pack));
    assert!(
        names.iter().any(|n| n.starts_with("NotoNaskhArabic")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.starts_with("NotoSansArabic")),
        "{names:?}"
    );
}

#[test]
fn the_font_cache_never_changes_the_choice() {
    if system_naskh().is_none() {
        return;
    }
    let c = arabic_campaign();
    let folder = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let fonts_in = |cache: &Path| {
        let out = tempfile::tempdir().unwrap();
        build_with(&c.inputs(), out.path(), folder.path(), cache)
    };
    // No usable cache folder (a file stands in its place): a scan.
    let blocked = cache.path().join("blocked");
    fs::write(&blocked, "").unwrap();
    let scanned = fonts_in(&blocked);
    assert!(
        scanned.iter().any(|f| f.2.contains("Arabic")),
        "{scanned:?}"
    );
    // Cold, then warm: the same fonts, and a cache was written.
    let dir = cache.path().join("cache");
    assert_eq!(fonts_in(&dir), scanned);
    let files: Vec<PathBuf> = fs::read_dir(dir.join("upr-brief"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    assert_eq!(fonts_in(&dir), scanned);
    // A corrupt cache is ignored and rewritten.
    for f in &files {
        fs::write(f, "{ not json").unwrap();
    }
    assert_eq!(fonts_in(&dir), scanned);
    for f in &files {
        let text = fs::read(f).unwrap();
        assert!(
            serde_json::from_slice::<serde_json::Value>(&text).is_ok(),
            "{f:?}"
        );
    }
}
