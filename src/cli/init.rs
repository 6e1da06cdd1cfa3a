//! `upr-brief init DIR`: a new campaign folder, ready to check and build.

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
        ".github/workflows/briefing-packs.yml",
        include_str!("../../starter/.github/workflows/briefing-packs.yml"),
    ),
    ("output/.keep", ""),
];

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
    let inputs = STARTER.iter().map(|(rel, text)| {
        let line = rel
            .strip_prefix("inputs/")
            .and_then(|r| schema::modeline(Path::new(r)));
        let text = match line {
            Some(line) => format!("{line}\n{text}"),
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
