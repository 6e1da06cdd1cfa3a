//! Where imported recommendations go: one file per recommending state,
//! `states/imported/<code>.uhri.yaml`, which the import writes whole and
//! normalize merges into the state's profile. Profiles are never rewritten,
//! so their comments and hand-written entries stay as people left them;
//! a recommending state without a profile gets a minimal new one.
//!
//! An import merges into what earlier imports wrote: an entry is known by
//! its reference when that names a paragraph, else by its text; one the
//! export has again is replaced, one it lacks is kept (an export is often
//! one search among several). Entries are sorted by cycle, reference and
//! text and written the same way every time, so importing the same export
//! twice changes no byte.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::uhri::{Export, Record};
use crate::ingest::imported::{self, ImportedFile, ImportedRecommendation};
use crate::ingest::yaml::{quoted, scalar};
use crate::ingest::{Inputs, schema};
use crate::normalize::{Campaign, uhri_key, uhri_map};

/// One file the import writes, or would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Relative to the inputs folder.
    pub rel: PathBuf,
    /// The state's code.
    pub code: String,
    /// What the file holds now, if it exists.
    pub old: Option<String>,
    pub new: String,
    pub kind: ChangeKind,
}

/// What a change writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// A new, minimal profile for a state that had none.
    Profile { name: String },
    /// The state's imported recommendations.
    Imported {
        /// Entries of this export, by what became of them.
        added: Vec<String>,
        updated: Vec<String>,
        unchanged: usize,
        /// Entries of earlier imports this export does not have.
        kept: usize,
        /// Entries of earlier imports that the state's profile now has.
        removed: Vec<String>,
    },
}

impl Change {
    /// Whether writing it changes the file.
    pub fn changes(&self) -> bool {
        self.old.as_deref() != Some(self.new.as_str())
    }
}

/// What an import does.
#[derive(Debug, Default)]
pub struct Plan {
    /// Sorted by path.
    pub changes: Vec<Change>,
    /// Recommendations used (one per row, whatever the number of states).
    pub used: usize,
    /// Rows about another state than the one under review.
    pub other_state: usize,
    /// Rows of this review's cycle or later: not earlier recommendations.
    pub not_earlier: usize,
    /// Recommendations a profile already has by hand.
    pub in_profile: usize,
    /// Recommendations whose only recommending state is the one under review.
    pub by_reviewed: usize,
    /// Recommendations whose position was partial, taken as noted.
    pub partial: usize,
    /// Index themes no campaign theme declares, with how many of the used
    /// recommendations have each.
    pub unmapped: BTreeMap<String, usize>,
}

/// The file of `code`'s imported recommendations, relative to the inputs folder.
pub fn imported_path(code: &str) -> PathBuf {
    Path::new(imported::FOLDER).join(format!("{}{}", code.to_lowercase(), imported::SUFFIX))
}

/// The reference of a record: `A/HRC/41/7 para 38.168`.
fn reference(r: &Record) -> Option<String> {
    match (&r.symbol, &r.paragraph) {
        (Some(s), Some(p)) => Some(format!("{s} para {p}")),
        (Some(s), None) => Some(s.clone()),
        (None, Some(p)) => Some(format!("para {p}")),
        (None, None) => None,
    }
}

/// Text as compared: letters and digits, lower case, one space between words.
fn text_key(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A reference that names a paragraph, as compared: `A/HRC/26/6, para.
/// 143.166` is `a/hrc/26/6 para 143.166`. `None` for one without a paragraph.
fn paragraph_key(reference: &str) -> Option<String> {
    let words: Vec<String> = reference
        .replace(',', " ")
        .split_whitespace()
        .map(|w| match w.to_lowercase().as_str() {
            "para." | "paragraph" => "para".to_string(),
            w => w.to_string(),
        })
        .collect();
    words.iter().any(|w| w == "para").then(|| words.join(" "))
}

/// What an entry is known by across imports.
fn key(e: &ImportedRecommendation) -> String {
    match e.reference.as_deref().and_then(paragraph_key) {
        Some(r) => format!("ref {r}"),
        None => format!("text {}", text_key(&e.text)),
    }
}

/// The hand-written earlier recommendations of one profile, as compared
/// with imported ones: each one's paragraph, if its reference names one,
/// and its text.
#[derive(Debug, Default)]
struct ByHand(Vec<(Option<String>, String)>);

impl ByHand {
    /// Whether the profile has `e`: one with the same paragraph when both
    /// name one, else one with the same text.
    fn has(&self, e: &ImportedRecommendation) -> bool {
        let paragraph = e.reference.as_deref().and_then(paragraph_key);
        let text = text_key(&e.text);
        self.0.iter().any(|(p, t)| match (p, &paragraph) {
            (Some(p), Some(q)) => p == q,
            _ => *t == text,
        })
    }
}

/// A short label of an entry for listings: its reference, else its text's start.
pub fn label(e: &ImportedRecommendation) -> String {
    let what = e.reference.clone().unwrap_or_else(|| {
        let t: String = e.text.chars().take(48).collect();
        if t.len() < e.text.len() {
            format!("\"{t}…\"")
        } else {
            format!("\"{t}\"")
        }
    });
    let response = match e.response {
        crate::ingest::raw::Response::Supported => "supported",
        crate::ingest::raw::Response::Noted => "noted",
    };
    format!("cycle {}, {what} ({response})", e.cycle)
}

/// Works out every file the import of `export` writes into the campaign
/// read from `inputs`.
pub fn plan(campaign: &Campaign, inputs: &Inputs, export: &Export) -> Plan {
    let sur = campaign.state_under_review.as_str();
    let map = uhri_map(&campaign.themes);
    let mut plan = Plan::default();
    let mut by_hand: BTreeMap<String, ByHand> = BTreeMap::new();
    for p in &inputs.states {
        let hand = by_hand.entry(p.value.code.trim().to_string()).or_default();
        for r in &p.value.prior_recommendations {
            let paragraph = r.reference.as_deref().and_then(paragraph_key);
            hand.0.push((paragraph, text_key(&r.text)));
        }
    }
    let in_profile =
        |code: &str, e: &ImportedRecommendation| by_hand.get(code).is_some_and(|h| h.has(e));
    let mut fresh: BTreeMap<String, BTreeMap<String, ImportedRecommendation>> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for r in &export.records {
        if r.concerned
            .as_ref()
            .is_some_and(|c| !c.iter().any(|c| c == sur))
        {
            plan.other_state += 1;
            continue;
        }
        if r.cycle >= campaign.review.cycle {
            plan.not_earlier += 1;
            continue;
        }
        let entry = ImportedRecommendation {
            cycle: i64::from(r.cycle),
            session: Some(i64::from(r.session)),
            reference: reference(r),
            text: r.text.clone(),
            response: r.response,
            language: r.language.clone(),
            uhri_themes: r.themes.clone(),
        };
        // Each row counts once: imported when one of its states takes it.
        let (mut used, mut had) = (false, false);
        for (code, name) in &r.states {
            if code == sur {
                continue;
            }
            if in_profile(code, &entry) {
                had = true;
                continue;
            }
            used = true;
            names.entry(code.clone()).or_insert_with(|| name.clone());
            fresh
                .entry(code.clone())
                .or_default()
                .entry(key(&entry))
                .or_insert_with(|| entry.clone());
        }
        if used {
            plan.used += 1;
            plan.partial += usize::from(r.partial);
            let unmapped: BTreeSet<&String> = r
                .themes
                .iter()
                .filter(|t| !map.contains_key(&uhri_key(t)))
                .collect();
            for t in unmapped {
                *plan.unmapped.entry(t.clone()).or_default() += 1;
            }
        } else if had {
            plan.in_profile += 1;
        } else {
            plan.by_reviewed += 1;
        }
    }

    let profiles: BTreeSet<String> = inputs
        .states
        .iter()
        .map(|p| p.value.code.trim().to_string())
        .collect();
    let earlier: BTreeMap<&str, (&ImportedFile, usize)> = inputs
        .imported
        .iter()
        .map(|p| (p.value.code.trim(), (&p.value, p.file)))
        .collect();
    let text_of = |rel: &Path| -> Option<String> {
        inputs
            .sources
            .iter()
            .find(|(_, f)| f.rel == rel)
            .map(|(_, f)| f.text.clone())
    };
    // Every state this export has recommendations of, and every state an
    // earlier import wrote: what its profile now has leaves its file.
    let codes: BTreeSet<String> = fresh
        .keys()
        .cloned()
        .chain(earlier.keys().map(|c| c.to_string()))
        .collect();
    for code in codes {
        let entries = fresh.remove(&code).unwrap_or_default();
        let rel = imported_path(&code);
        let mut merged: BTreeMap<String, ImportedRecommendation> = BTreeMap::new();
        let mut removed = Vec::new();
        if let Some((file, _)) = earlier.get(code.as_str()) {
            for e in &file.prior_recommendations {
                if in_profile(&code, e) {
                    removed.push(label(e));
                } else {
                    merged.insert(key(e), e.clone());
                }
            }
        }
        if entries.is_empty() && removed.is_empty() {
            continue;
        }
        let (mut added, mut updated, mut unchanged) = (Vec::new(), Vec::new(), 0);
        let before = merged.len();
        let mut touched = 0;
        for (k, e) in entries {
            match merged.get(&k) {
                None => added.push(label(&e)),
                Some(old) if *old == e => unchanged += 1,
                Some(_) => updated.push(label(&e)),
            }
            if merged.contains_key(&k) {
                touched += 1;
            }
            merged.insert(k, e);
        }
        let kept = before - touched;
        let file = ImportedFile {
            code: code.clone(),
            prior_recommendations: sorted(merged.into_values().collect()),
        };
        plan.changes.push(Change {
            old: text_of(&rel),
            new: render(&file),
            rel,
            code: code.clone(),
            kind: ChangeKind::Imported {
                added,
                updated,
                unchanged,
                kept,
                removed,
            },
        });
        if !profiles.contains(&code) {
            let rel = PathBuf::from("states").join(format!("{}.yaml", code.to_lowercase()));
            let name = names.get(&code).cloned().unwrap_or_else(|| code.clone());
            if text_of(&rel).is_none() && !inputs.root.join(&rel).exists() {
                plan.changes.push(Change {
                    new: render_profile(&rel, &code, &name),
                    old: None,
                    rel,
                    code: code.clone(),
                    kind: ChangeKind::Profile { name },
                });
            }
        }
    }
    plan.changes.sort_by(|a, b| a.rel.cmp(&b.rel));
    plan
}

/// By cycle, then reference (38.2 before 38.10), then text.
fn sorted(mut entries: Vec<ImportedRecommendation>) -> Vec<ImportedRecommendation> {
    entries.sort_by(|a, b| {
        a.cycle
            .cmp(&b.cycle)
            .then_with(|| {
                natord::compare(
                    a.reference.as_deref().unwrap_or(""),
                    b.reference.as_deref().unwrap_or(""),
                )
            })
            .then_with(|| a.text.cmp(&b.text))
    });
    entries
}

/// The text of an imported file, the same for the same entries.
pub fn render(file: &ImportedFile) -> String {
    let mut out = String::new();
    out.push_str(
        "# Earlier recommendations of this state to the state under review, from the\n\
         # UN's Universal Human Rights Index. Written by `upr-brief import uhri`: a\n\
         # new import rewrites this file. Their themes come from the `uhri:` lists of\n\
         # the campaign's themes; to change a recommendation, copy it into the\n\
         # state's profile (an import then leaves it out here).\n",
    );
    out.push_str(&format!("code: {}\n", scalar(&file.code)));
    if file.prior_recommendations.is_empty() {
        out.push_str("prior_recommendations: []\n");
        return out;
    }
    out.push_str("prior_recommendations:\n");
    for e in &file.prior_recommendations {
        out.push_str(&format!("  - cycle: {}\n", e.cycle));
        if let Some(s) = e.session {
            out.push_str(&format!("    session: {s}\n"));
        }
        if let Some(r) = &e.reference {
            out.push_str(&format!("    ref: {}\n", quoted(r)));
        }
        out.push_str(&format!("    text: {}\n", quoted(&e.text)));
        let response = match e.response {
            crate::ingest::raw::Response::Supported => "supported",
            crate::ingest::raw::Response::Noted => "noted",
        };
        out.push_str(&format!("    response: {}\n", scalar(response)));
        out.push_str(&format!("    language: {}\n", quoted(&e.language)));
        let themes: Vec<String> = e.uhri_themes.iter().map(|t| quoted(t)).collect();
        out.push_str(&format!("    uhri_themes: [{}]\n", themes.join(", ")));
    }
    out
}

/// A minimal profile: the code and the name the Index gave.
fn render_profile(rel: &Path, code: &str, name: &str) -> String {
    let mut out = String::new();
    if let Some(line) = schema::modeline(rel) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(
        "# State profile made by `upr-brief import uhri` for the state's earlier\n\
         # recommendations (states/imported/); complete it by hand.\n",
    );
    out.push_str(&format!("code: {}\nname: {}\n", scalar(code), quoted(name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::raw::Response;

    fn entry(cycle: i64, reference: Option<&str>, text: &str) -> ImportedRecommendation {
        ImportedRecommendation {
            cycle,
            session: Some(32),
            reference: reference.map(String::from),
            text: text.into(),
            response: Response::Noted,
            language: "en".into(),
            uhri_themes: vec!["Freedom of opinion and expression".into()],
        }
    }

    #[test]
    fn a_rendered_file_reads_back_as_the_same_entries() {
        let file = ImportedFile {
            code: "SE".into(),
            prior_recommendations: vec![
                entry(
                    2,
                    Some("A/HRC/26/6 para 143.166"),
                    "Ensure \"that\" \\ freedom: yes # no\nnew line",
                ),
                entry(3, None, "Ünïcode — text: 'quoted'"),
            ],
        };
        let text = render(&file);
        let back: ImportedFile = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, file);
        assert_eq!(render(&back), text);
    }

    #[test]
    fn words_a_yaml_1_1_reader_takes_for_no_text_are_quoted() {
        for word in [
            "NO", "No", "no", "N", "y", "YES", "On", "OFF", "true", "False", "null", "NULL", "~",
            "", "12", "0x1F", "1_000", "1:20", ".inf", "-.5", "+1", "1e3", "a b", "a:b",
        ] {
            assert_eq!(scalar(word), quoted(word), "{word}");
        }
        for word in ["SE", "GB", "NOR", "supported", "noted", "en-GB", "Nord_1"] {
            assert_eq!(scalar(word), word, "{word}");
        }
    }

    #[test]
    fn a_rendered_profile_of_norway_keeps_its_code_text() {
        let text = render_profile(Path::new("states/no.yaml"), "NO", "Norway");
        assert!(text.contains("\ncode: \"NO\"\n"), "{text}");
        let file = ImportedFile {
            code: "NO".into(),
            prior_recommendations: vec![entry(2, None, "Ensure")],
        };
        let text = render(&file);
        assert!(text.contains("\ncode: \"NO\"\n"), "{text}");
        let back: ImportedFile = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, file);
    }

    #[test]
    fn entries_sort_by_cycle_then_paragraph_in_number_order() {
        let e = sorted(vec![
            entry(3, Some("A/HRC/41/7 para 38.10"), "b"),
            entry(3, Some("A/HRC/41/7 para 38.2"), "a"),
            entry(2, Some("A/HRC/26/6 para 143.4"), "c"),
        ]);
        let refs: Vec<_> = e.iter().map(|e| e.reference.clone().unwrap()).collect();
        assert_eq!(
            refs,
            [
                "A/HRC/26/6 para 143.4",
                "A/HRC/41/7 para 38.2",
                "A/HRC/41/7 para 38.10"
            ]
        );
    }

    #[test]
    fn a_profile_has_an_entry_by_its_paragraph_else_by_its_text() {
        let hand = ByHand(vec![
            (
                paragraph_key("A/HRC/26/6, para. 143.166"),
                text_key("Edited"),
            ),
            (None, text_key("Take steps.")),
        ]);
        assert!(hand.has(&entry(2, Some("A/HRC/26/6 para 143.166"), "Ensure")));
        assert!(hand.has(&entry(3, Some("A/HRC/41/7 para 38.1"), "take  steps")));
        assert!(hand.has(&entry(3, None, "Take steps")));
        // Another paragraph, or another text, is another recommendation.
        assert!(!hand.has(&entry(2, Some("A/HRC/26/6 para 143.16"), "Edited")));
        assert!(!hand.has(&entry(2, None, "Ensure")));
    }

    #[test]
    fn an_entry_is_known_by_its_paragraph_else_by_its_text() {
        let a = entry(3, Some("A/HRC/41/7 para 38.168"), "Take steps");
        let b = entry(3, Some("A/HRC/41/7 para 38.168"), "Take steps, revised");
        assert_eq!(key(&a), key(&b));
        let c = entry(3, Some("A/HRC/41/7"), "Take  steps.");
        let d = entry(3, None, "take steps");
        assert_eq!(key(&c), key(&d));
        assert_ne!(key(&a), key(&c));
    }
}
