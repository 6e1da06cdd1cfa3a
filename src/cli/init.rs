//! `upr-brief init DIR`: a new campaign folder, ready to check and build.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{exit, failure};
use crate::ingest::schema;
use crate::render;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create; it must not exist or be empty.
    pub dir: PathBuf,
}

/// The starter campaign: small, valid and commented.
const STARTER: [(&str, &str); 11] = [
    (
        "inputs/campaign.yaml",
        include_str!("../../starter/inputs/campaign.yaml"),
    ),
    (
        "inputs/states/se.yaml",
        include_str!("../../starter/inputs/states/se.yaml"),
    ),
    (
        "inputs/states/fr.yaml",
        include_str!("../../starter/inputs/states/fr.yaml"),
    ),
    (
        "inputs/states/vn.yaml",
        include_str!("../../starter/inputs/states/vn.yaml"),
    ),
    (
        "inputs/organizations/foc.yaml",
        include_str!("../../starter/inputs/organizations/foc.yaml"),
    ),
    (
        "inputs/recommendations/recommendations.yaml",
        include_str!("../../starter/inputs/recommendations/recommendations.yaml"),
    ),
    (
        "inputs/meetings/2024-03-20-sweden.yaml",
        include_str!("../../starter/inputs/meetings/2024-03-20-sweden.yaml"),
    ),
    (
        "inputs/meetings/2024-03-21-france.yaml",
        include_str!("../../starter/inputs/meetings/2024-03-21-france.yaml"),
    ),
    ("README.md", include_str!("../../starter/README.md")),
    (
        WORKFLOW,
        include_str!("../../starter/.github/workflows/briefing-packs.yml"),
    ),
    ("output/.keep", ""),
];

/// The CI workflow that checks and builds the campaign on every push.
const WORKFLOW: &str = ".github/workflows/briefing-packs.yml";

/// The starter campaign's binary files: a placeholder logo.
const STARTER_BINARY: [(&str, &[u8]); 1] = [(
    "inputs/logos/liv.png",
    include_bytes!("../../starter/inputs/logos/liv.png"),
)];

pub fn run(args: &Args) -> u8 {
    let dir = &args.dir;
    if fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        eprintln!(
            "error: {} is not empty; init only fills a new or empty folder",
            dir.display()
        );
        return exit::USAGE;
    }
    if dir.exists() && !dir.is_dir() {
        eprintln!("error: {} is a file", dir.display());
        return exit::USAGE;
    }
    let templates = render::builtin_files()
        .into_iter()
        .map(|(rel, text)| (format!("templates/{rel}"), text));
    // Input files start with the line that tells editors their schema.
    // The CI workflow installs the fonts the starter's languages need.
    let packages = font_packages(&starter_languages()).join(" ");
    let inputs = STARTER.iter().map(|(rel, text)| {
        let line = rel
            .strip_prefix("inputs/")
            .and_then(|r| schema::modeline(Path::new(r)));
        let text = match line {
            Some(line) => format!("{line}\n{text}"),
            None if *rel == WORKFLOW => text.replacen(
                "FONT_PACKAGES: \"\"",
                &format!("FONT_PACKAGES: \"{packages}\""),
                1,
            ),
            None => text.to_string(),
        };
        (rel.to_string(), text)
    });
    let schemas = schema::schemas()
        .into_iter()
        .map(|(name, text)| (format!("schema/{name}"), text));
    let files = inputs
        .chain(templates.map(|(rel, text)| (rel, text.to_string())))
        .chain(schemas);
    let files = files.map(|(rel, text)| (rel, text.into_bytes())).chain(
        STARTER_BINARY
            .iter()
            .map(|(rel, b)| (rel.to_string(), b.to_vec())),
    );
    for (rel, bytes) in files {
        if let Err(e) = write(dir, &rel, &bytes) {
            return failure(&format!("cannot write {}", dir.join(&rel).display()), &e);
        }
    }
    println!("created the campaign folder {}", dir.display());
    println!(
        "next: cd {} && upr-brief check && upr-brief build",
        dir.display()
    );
    exit::OK
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes)
}

/// The languages the starter's packs, summary and submission are written
/// in: every `language` its input files give.
fn starter_languages() -> BTreeSet<String> {
    STARTER
        .iter()
        .filter(|(rel, _)| rel.starts_with("inputs/") && rel.ends_with(".yaml"))
        .filter_map(|(_, text)| serde_yaml::from_str::<serde_yaml::Value>(text).ok())
        .filter_map(|v| v.get("language")?.as_str().map(str::to_string))
        .collect()
}

/// The Debian packages of the fonts that text in `languages` needs beyond
/// the built-in Noto Sans (Latin, Greek, Cyrillic), judged by the scripts
/// of each language file's labels: fonts-noto-cjk for Han, kana and
/// Hangul, fonts-noto-core for any other script. A language without a
/// built-in language file needs nothing known.
fn font_packages(languages: &BTreeSet<String>) -> Vec<&'static str> {
    use unicode_script::{Script, UnicodeScript};
    let files = render::builtin_files();
    let mut packages = BTreeSet::new();
    for lang in languages {
        let name = format!("i18n/{lang}.yaml");
        let Some((_, text)) = files.iter().find(|(rel, _)| *rel == name) else {
            continue;
        };
        for c in text.chars() {
            match c.script() {
                Script::Latin | Script::Greek | Script::Cyrillic => {}
                Script::Common | Script::Inherited | Script::Unknown => {}
                Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul => {
                    packages.insert("fonts-noto-cjk");
                }
                _ => {
                    packages.insert("fonts-noto-core");
                }
            }
        }
    }
    // The general package first, as a reader would list them.
    let mut packages: Vec<&str> = packages.into_iter().collect();
    packages.sort_by_key(|p| *p != "fonts-noto-core");
    packages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packages(langs: &[&str]) -> Vec<&'static str> {
        font_packages(&langs.iter().map(|l| l.to_string()).collect())
    }

    #[test]
    fn each_language_needs_the_package_of_its_script() {
        assert!(packages(&["en", "fr", "es", "ru"]).is_empty());
        assert_eq!(packages(&["ar"]), ["fonts-noto-core"]);
        assert_eq!(packages(&["zh", "en"]), ["fonts-noto-cjk"]);
        assert_eq!(
            packages(&["zh", "ar", "ru"]),
            ["fonts-noto-core", "fonts-noto-cjk"]
        );
        // No language file, nothing known to need.
        assert!(packages(&["xx"]).is_empty());
    }

    #[test]
    fn the_starter_is_written_in_latin_languages_only() {
        let langs = starter_languages();
        assert!(langs.contains("en") && langs.contains("fr"), "{langs:?}");
        assert!(font_packages(&langs).is_empty(), "{langs:?}");
    }
}
