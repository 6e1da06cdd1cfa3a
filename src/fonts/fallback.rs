//! Fonts for the scripts Noto Sans does not cover: found in the fonts
//! folder (`--fonts`), then among the system's fonts, and chosen by a rule
//! that gives the same faces on a given machine every time.
//!
//! The rule, for each script the campaign writes that the built-in faces
//! lack (in the order of the scripts' names), then for the leftover
//! script-neutral characters:
//! 1. a face in the fonts folder before any system face;
//! 2. then the face that draws the most of the characters still missing;
//! 3. then the family named for the script in the Noto collection
//!    ("Noto Sans Arabic", "Noto Sans Khmer"; "Noto Sans CJK SC" for Han,
//!    the UN's simplified Chinese), then any "Noto Sans" family that is not
//!    monospaced or a UI/display variant, then any sans-serif family, then
//!    the rest;
//! 4. then family name, file path and face index, so ties never depend on
//!    the order a directory lists its files in.
//!
//! The chosen family's regular face sets upright text; its bold face (the
//! weight nearest 700 at or above 600) bold text. A family without italics
//! sets italic text upright, and bold italic in its bold face.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;

use unicode_script::{Script, UnicodeScript};

use super::scan::{self, Place, Scanned};
use super::{Family, FontError, FontFile, Fonts, files, is_neutral};

/// How the diagnostics name the fonts searched when only the built-in ones are.
pub const BUILTIN_ONLY: &str = "the built-in Noto Sans (Latin with Vietnamese, Greek, Cyrillic)";

/// Where fonts beyond the built-in ones are looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSearch {
    /// The fonts folder (`--fonts`); searched first, when it exists (a
    /// missing one is no error: the default names `fonts`).
    pub folder: Option<PathBuf>,
    /// Whether the system's fonts are searched too.
    pub system: bool,
}

impl Default for FontSearch {
    /// No folder; the system's fonts.
    fn default() -> Self {
        FontSearch {
            folder: None,
            system: true,
        }
    }
}

/// A face found on disk, not yet read.
struct Candidate {
    path: PathBuf,
    index: u32,
    family: String,
    weight: u16,
    italic: bool,
    /// 0 for the fonts folder, 1 for the system's fonts.
    source: u8,
    /// `covered[i]`: whether the face draws the `i`th needed character.
    covered: Vec<bool>,
}

/// The fonts for a campaign whose text needs the characters `needed`
/// beyond what Noto Sans draws: Noto Sans alone when `needed` is empty,
/// else with the fallback families the rule above picks. Files that
/// cannot be read are skipped and returned, for a warning.
pub fn resolve(needed: &BTreeSet<char>, search: &FontSearch) -> (Fonts, Vec<FontError>) {
    let builtin = Fonts::builtin();
    let needed: Vec<char> = needed
        .iter()
        .copied()
        .filter(|&c| !builtin.draws(c))
        .collect();
    if needed.is_empty() {
        return (builtin.clone(), Vec::new());
    }
    let (candidates, searched) = discover(search, &needed);
    let mut errors = Vec::new();
    let chosen = choose(&candidates, &needed);

    // Each family's files are read, hashed and parsed on their own thread:
    // a CJK collection is 20 MB a style.
    let loaded: Vec<_> = chosen
        .into_par_iter()
        .map(|((family, source), scripts)| {
            let result = load_family(&candidates, &family, source);
            (family, scripts, result)
        })
        .collect();
    let mut fallbacks = Vec::new();
    for (family, scripts, result) in loaded {
        match result {
            Ok((fam, files)) => {
                let names: Vec<String> =
                    scripts.iter().map(|s| s.full_name().to_string()).collect();
                let files = files
                    .into_iter()
                    .map(|(path, index, sha256)| FontFile {
                        family: family.clone(),
                        scripts: names.clone(),
                        path,
                        index,
                        sha256,
                    })
                    .collect();
                fallbacks.push((fam, scripts, files));
            }
            Err(e) => errors.push(e),
        }
    }
    (Fonts::with_fallbacks(fallbacks, searched), errors)
}

/// The families the rule picks among `candidates` for `needed`, each as
/// (family, source) with the scripts it stands for, in order of choice.
fn choose(candidates: &[Candidate], needed: &[char]) -> Vec<((String, u8), Vec<Script>)> {
    // Strong scripts first, each with the characters it needs; the neutral
    // characters after them, under `Common`.
    let mut groups: BTreeMap<&'static str, (Script, Vec<usize>)> = BTreeMap::new();
    let mut neutral = Vec::new();
    for (i, &c) in needed.iter().enumerate() {
        if is_neutral(c) {
            neutral.push(i);
        } else {
            let s = c.script();
            groups
                .entry(s.full_name())
                .or_insert((s, Vec::new()))
                .1
                .push(i);
        }
    }
    // (family, source) → scripts it stands for, in order of choice.
    let mut chosen: Vec<((String, u8), Vec<Script>)> = Vec::new();
    let mut drawn = vec![false; needed.len()];
    let mut choose = |script: Script, wanted: &[usize], drawn: &mut Vec<bool>| {
        loop {
            let missing: Vec<usize> = wanted.iter().copied().filter(|&i| !drawn[i]).collect();
            let best = candidates
                .iter()
                .filter(|c| !c.italic)
                .map(|c| (c, missing.iter().filter(|&&i| c.covered[i]).count()))
                .filter(|&(_, n)| n > 0)
                .min_by(|(a, na), (b, nb)| {
                    (
                        a.source,
                        std::cmp::Reverse(*na),
                        name_rank(&a.family, script),
                    )
                        .cmp(&(
                            b.source,
                            std::cmp::Reverse(*nb),
                            name_rank(&b.family, script),
                        ))
                        .then_with(|| {
                            (&a.family, &a.path, a.index).cmp(&(&b.family, &b.path, b.index))
                        })
                });
            let Some((best, _)) = best else { break };
            for (d, &c) in drawn.iter_mut().zip(&best.covered) {
                *d |= c;
            }
            let key = (best.family.clone(), best.source);
            match chosen.iter_mut().find(|(k, _)| *k == key) {
                Some((_, scripts)) if !scripts.contains(&script) => scripts.push(script),
                Some(_) => {}
                None => chosen.push((key, vec![script])),
            }
        }
    };
    for (script, wanted) in groups.values() {
        choose(*script, wanted, &mut drawn);
    }
    choose(Script::Common, &neutral, &mut drawn);
    chosen
}

/// Ranks a family's name for `script`: lower is preferred.
fn name_rank(family: &str, script: Script) -> u8 {
    let preferred = match script {
        Script::Han | Script::Hiragana | Script::Katakana | Script::Bopomofo => {
            "Noto Sans CJK SC".to_string()
        }
        Script::Hangul => "Noto Sans CJK KR".to_string(),
        s => format!("Noto Sans {}", s.full_name().replace('_', " ")),
    };
    let variant = ["Mono", "UI", "Display"]
        .iter()
        .any(|v| family.split(' ').any(|w| w == *v));
    if family == preferred {
        0
    } else if family.starts_with("Noto Sans") && !variant {
        1
    } else if family.contains("Sans") && !variant {
        2
    } else {
        3
    }
}

/// Reads the faces of `family` from `source`: regular, bold, italic, bold italic.
#[allow(clippy::type_complexity)]
fn load_family(
    candidates: &[Candidate],
    family: &str,
    source: u8,
) -> Result<(Family, Vec<(String, u32, String)>), FontError> {
    let members: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.family == family && c.source == source)
        .collect();
    let pick = |italic: bool, bold: bool| -> Option<&Candidate> {
        members
            .iter()
            .copied()
            .filter(|c| c.italic == italic && (c.weight >= 600) == bold)
            .min_by_key(|c| {
                let target: i32 = if bold { 700 } else { 400 };
                (
                    (i32::from(c.weight) - target).abs(),
                    c.path.clone(),
                    c.index,
                )
            })
    };
    let picks = [
        pick(false, false).or_else(|| pick(false, true)),
        pick(false, true),
        pick(true, false),
        pick(true, true),
    ];
    // Read the styles' files at once (each is read once per process; the
    // loads below find them cached), keeping the first error for below.
    let mut distinct: Vec<&Candidate> = Vec::new();
    for c in picks.iter().flatten() {
        if !distinct.iter().any(|d| d.path == c.path) {
            distinct.push(c);
        }
    }
    distinct
        .par_iter()
        .for_each(|c| drop(files::face(&c.path, c.index)));
    let mut files = Vec::new();
    let mut load = |c: Option<&Candidate>| -> Result<Option<super::Face>, FontError> {
        let Some(c) = c else { return Ok(None) };
        let (face, file) = files::face(&c.path, c.index)?;
        let entry = (
            c.path.display().to_string(),
            c.index,
            file.sha256.to_string(),
        );
        if !files.contains(&entry) {
            files.push(entry);
        }
        Ok(Some(face))
    };
    let regular = load(picks[0])?.ok_or_else(|| FontError {
        source: family.to_string(),
        message: "no upright face".into(),
    })?;
    let bold = load(picks[1])?;
    let italic = load(picks[2])?;
    let bold_italic = load(picks[3])?;
    Ok((Family::new(regular, bold, italic, bold_italic), files))
}

/// Every face in the fonts folder and (when searched) the system's fonts,
/// with which of `needed` each draws, sorted by source, path and index;
/// and the places searched, in words. What each place holds comes from
/// the font cache when it is current ([`scan`]).
fn discover(search: &FontSearch, needed: &[char]) -> (Vec<Candidate>, String) {
    let cache = scan::default_dir();
    let mut out = Vec::new();
    let mut places = vec!["the built-in Noto Sans".to_string()];
    if let Some(dir) = search.folder.as_deref().filter(|d| d.is_dir()) {
        let faces = scan::faces(Place::Folder(dir), cache.as_deref());
        collect(&faces, 0, needed, &mut out);
        let n = faces.len();
        places.push(format!("the fonts folder {} ({n} faces)", dir.display()));
    }
    if search.system {
        let faces = scan::faces(Place::System, cache.as_deref());
        collect(&faces, 1, needed, &mut out);
        let n = faces.len();
        places.push(format!("the system's fonts ({n} faces)"));
    }
    out.sort_by(|a, b| (a.source, &a.path, a.index).cmp(&(b.source, &b.path, b.index)));
    let searched = match places.len() {
        1 => places.remove(0),
        _ => {
            let last = places.pop().unwrap_or_default();
            format!("{} and {last}", places.join(", "))
        }
    };
    (out, searched)
}

/// Adds the faces of `faces` that draw any of `needed` to `out`.
fn collect(faces: &[Scanned], source: u8, needed: &[char], out: &mut Vec<Candidate>) {
    for f in faces {
        let Some(family) = &f.family else { continue };
        let covered: Vec<bool> = needed.iter().map(|&c| f.draws(c)).collect();
        if !covered.iter().any(|&c| c) {
            continue;
        }
        out.push(Candidate {
            path: f.path.clone(),
            index: f.index,
            family: family.clone(),
            weight: f.weight,
            italic: f.italic,
            source,
            covered,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A face of `family` from `source` (0 the folder, 1 the system) that
    /// draws the needed characters marked `true`.
    fn face(family: &str, source: u8, path: &str, covered: &[bool]) -> Candidate {
        Candidate {
            path: PathBuf::from(path),
            index: 0,
            family: family.to_string(),
            weight: 400,
            italic: false,
            source,
            covered: covered.to_vec(),
        }
    }

    fn families(chosen: &[((String, u8), Vec<Script>)]) -> Vec<(&str, u8)> {
        chosen.iter().map(|((f, s), _)| (f.as_str(), *s)).collect()
    }

    const ARABIC: [char; 3] = ['ب', 'س', 'ل'];

    #[test]
    fn the_folder_comes_before_more_coverage() {
        // The system's face draws all three letters; the folder's one.
        let candidates = [
            face("Folder Arabic", 0, "/f/a.ttf", &[true, false, false]),
            face("Noto Sans Arabic", 1, "/s/b.ttf", &[true, true, true]),
        ];
        let chosen = choose(&candidates, &ARABIC);
        assert_eq!(
            families(&chosen),
            [("Folder Arabic", 0), ("Noto Sans Arabic", 1)]
        );
        assert_eq!(chosen[0].1, [Script::Arabic]);
        // Without the folder's face, the system's alone.
        let chosen = choose(&candidates[1..], &ARABIC);
        assert_eq!(families(&chosen), [("Noto Sans Arabic", 1)]);
    }

    #[test]
    fn within_a_source_coverage_then_the_name_then_the_path() {
        let candidates = [
            face("Noto Sans Arabic", 1, "/s/b.ttf", &[true, true, false]),
            face("Some Arabic", 1, "/s/c.ttf", &[true, true, true]),
        ];
        // More coverage wins over the preferred name.
        assert_eq!(
            families(&choose(&candidates, &ARABIC)),
            [("Some Arabic", 1)]
        );
        // At equal coverage the script's Noto family wins, then a Sans.
        let candidates = [
            face("Amiri", 1, "/s/a.ttf", &[true; 3]),
            face("DejaVu Sans", 1, "/s/d.ttf", &[true; 3]),
            face("Noto Sans Arabic", 1, "/s/z.ttf", &[true; 3]),
        ];
        assert_eq!(
            families(&choose(&candidates, &ARABIC)),
            [("Noto Sans Arabic", 1)]
        );
        assert_eq!(
            families(&choose(&candidates[..2], &ARABIC)),
            [("DejaVu Sans", 1)]
        );
        // Then the family's name, whatever order the faces come in.
        let candidates = [
            face("Zeta", 1, "/s/a.ttf", &[true; 3]),
            face("Alpha", 1, "/s/b.ttf", &[true; 3]),
        ];
        assert_eq!(families(&choose(&candidates, &ARABIC)), [("Alpha", 1)]);
    }

    #[test]
    fn italic_faces_are_never_chosen_for_a_script() {
        let mut italic = face("Folder Arabic", 0, "/f/i.ttf", &[true; 3]);
        italic.italic = true;
        let candidates = [italic, face("Noto Sans Arabic", 1, "/s/b.ttf", &[true; 3])];
        assert_eq!(
            families(&choose(&candidates, &ARABIC)),
            [("Noto Sans Arabic", 1)]
        );
    }
}
