//! What changed in a pack since its handover, as typed values: [`Change`]
//! (worded in English by `Display`, in a pack's language by its label),
//! and [`changes`], which compares two [`PackRecord`]s and fingerprints.

use serde::Serialize;

use crate::ingest::handover::{PackRecord, RecordedEarlier};

/// One thing that changed in a pack since its handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// A recommendation the pack did not have.
    Added { id: String },
    /// A recommendation the pack no longer has.
    Removed { id: String },
    /// A recommendation whose title or text the pack now words otherwise.
    Reworded { id: String },
    /// An ask the pack did not have: its number in the current pack.
    AskAdded { number: usize },
    /// An ask the pack no longer has: its number in the pack handed over.
    AskRemoved { number: usize },
    /// An ask worded otherwise, at the same number.
    AskChanged { number: usize },
    /// An earlier recommendation the pack now quotes.
    EarlierAdded { reference: String },
    /// An earlier recommendation the pack no longer quotes.
    EarlierRemoved { reference: String },
    /// An earlier recommendation quoted with another response or text
    /// (an import updated it).
    EarlierChanged { reference: String },
    /// The counterpart's Council seat (or its members' seats) as stated.
    Council,
    /// The meeting's date or time.
    Date,
    /// The meeting's place.
    Place,
    /// The pack's language.
    Language,
    /// The text differs for none of the reasons above: a template or a
    /// language file was edited.
    WordingElsewhere,
}

impl Change {
    /// The key of the label that words the change in a pack's language
    /// (`templates/i18n/*.yaml`, a pattern with `{item}`), and the item.
    pub fn label(&self) -> (&'static str, String) {
        match self {
            Change::Added { id } => ("change_added", id.clone()),
            Change::Removed { id } => ("change_removed", id.clone()),
            Change::Reworded { id } => ("change_reworded", id.clone()),
            Change::AskAdded { number } => ("change_ask_added", number.to_string()),
            Change::AskRemoved { number } => ("change_ask_removed", number.to_string()),
            Change::AskChanged { number } => ("change_ask_changed", number.to_string()),
            Change::EarlierAdded { reference } => ("change_earlier_added", reference.clone()),
            Change::EarlierRemoved { reference } => ("change_earlier_removed", reference.clone()),
            Change::EarlierChanged { reference } => ("change_earlier_changed", reference.clone()),
            Change::Council => ("change_council", String::new()),
            Change::Date => ("change_date", String::new()),
            Change::Place => ("change_place", String::new()),
            Change::Language => ("change_language", String::new()),
            Change::WordingElsewhere => ("change_wording", String::new()),
        }
    }
}

/// In English, as diagnostics say it: `R03 reworded`.
impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added { id } => write!(f, "{id} added"),
            Change::Removed { id } => write!(f, "{id} removed"),
            Change::Reworded { id } => write!(f, "{id} reworded"),
            Change::AskAdded { number } => write!(f, "ask {number} added"),
            Change::AskRemoved { number } => write!(f, "ask {number} removed"),
            Change::AskChanged { number } => write!(f, "ask {number} changed"),
            Change::EarlierAdded { reference } => {
                write!(f, "earlier recommendation {reference} now quoted")
            }
            Change::EarlierRemoved { reference } => {
                write!(f, "earlier recommendation {reference} no longer quoted")
            }
            Change::EarlierChanged { reference } => {
                write!(f, "earlier recommendation {reference} changed")
            }
            Change::Council => write!(f, "Council status changed"),
            Change::Date => write!(f, "date changed"),
            Change::Place => write!(f, "place changed"),
            Change::Language => write!(f, "language changed"),
            Change::WordingElsewhere => write!(f, "wording elsewhere"),
        }
    }
}

/// The changes, in English, one after another: `R03 reworded, R11 added`.
pub fn english(changes: &[Change]) -> String {
    let words: Vec<String> = changes.iter().map(Change::to_string).collect();
    words.join(", ")
}
/// What changed from the pack handed over (`old`, its text's fingerprint
/// `old_print`) to the current one: nothing when the fingerprints are the
/// same; else the changes in the domain's terms, in the pack's order, or
/// [`Change::WordingElsewhere`] alone when none explains the difference.
pub fn changes(
    old: &PackRecord,
    old_print: &str,
    old_language: &str,
    new: &PackRecord,
    new_print: &str,
    new_language: &str,
) -> Vec<Change> {
    if old_print == new_print {
        return Vec::new();
    }
    let mut out = Vec::new();
    let same_language = old_language == new_language;
    if !same_language {
        out.push(Change::Language);
    }
    for r in &new.recommendations {
        match old.recommendations.iter().find(|o| o.id == r.id) {
            None => out.push(Change::Added { id: r.id.clone() }),
            Some(o) if same_language && (o.title != r.title || o.text != r.text) => {
                out.push(Change::Reworded { id: r.id.clone() })
            }
            Some(_) => {}
        }
    }
    for o in &old.recommendations {
        if !new.recommendations.iter().any(|r| r.id == o.id) {
            out.push(Change::Removed { id: o.id.clone() });
        }
    }
    if same_language {
        out.extend(ask_changes(&old.asks, &new.asks));
    }
    out.extend(earlier_changes(&old.earlier, &new.earlier));
    if old.council != new.council {
        out.push(Change::Council);
    }
    if old.date != new.date || old.time != new.time {
        out.push(Change::Date);
    }
    if old.place != new.place {
        out.push(Change::Place);
    }
    if out.is_empty() {
        out.push(Change::WordingElsewhere);
    }
    out
}

/// Asks as numbered: with as many asks as before, each one worded
/// otherwise changed; else those no longer there removed (by their old
/// number) and those new added (by their new number).
fn ask_changes(old: &[String], new: &[String]) -> Vec<Change> {
    if old.len() == new.len() {
        return (old.iter().zip(new))
            .enumerate()
            .filter(|(_, (o, n))| o != n)
            .map(|(i, _)| Change::AskChanged { number: i + 1 })
            .collect();
    }
    let mut out: Vec<Change> = new
        .iter()
        .enumerate()
        .filter(|(_, n)| !old.contains(n))
        .map(|(i, _)| Change::AskAdded { number: i + 1 })
        .collect();
    out.extend(
        old.iter()
            .enumerate()
            .filter(|(_, o)| !new.contains(o))
            .map(|(i, _)| Change::AskRemoved { number: i + 1 }),
    );
    out
}

/// How an earlier recommendation is named in a change: its reference, else
/// its cycle and the start of its text.
fn earlier_name(e: &RecordedEarlier) -> String {
    match &e.reference {
        Some(r) => r.clone(),
        None => {
            let start: String = e.text.chars().take(40).collect();
            let more = if e.text.chars().count() > 40 {
                "…"
            } else {
                ""
            };
            format!("(cycle {}) “{start}{more}”", e.cycle)
        }
    }
}

/// Earlier recommendations are the same one when their cycle and
/// reference agree, or, without a reference, their cycle and text.
fn same_earlier(a: &RecordedEarlier, b: &RecordedEarlier) -> bool {
    a.cycle == b.cycle
        && match (&a.reference, &b.reference) {
            (Some(x), Some(y)) => x == y,
            (None, None) => a.text == b.text,
            _ => false,
        }
}

fn earlier_changes(old: &[RecordedEarlier], new: &[RecordedEarlier]) -> Vec<Change> {
    let mut out = Vec::new();
    for n in new {
        match old.iter().find(|o| same_earlier(o, n)) {
            None => out.push(Change::EarlierAdded {
                reference: earlier_name(n),
            }),
            Some(o) if o != n => out.push(Change::EarlierChanged {
                reference: earlier_name(n),
            }),
            Some(_) => {}
        }
    }
    for o in old {
        if !new.iter().any(|n| same_earlier(o, n)) {
            out.push(Change::EarlierRemoved {
                reference: earlier_name(o),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::handover::RecordedRecommendation;

    fn rec(id: &str, text: &str) -> RecordedRecommendation {
        RecordedRecommendation {
            id: id.into(),
            title: "t".into(),
            text: text.into(),
        }
    }

    fn pack() -> PackRecord {
        PackRecord {
            counterpart: "Sweden".into(),
            date: "2024-03-20".into(),
            place: "Seoul".into(),
            council: vec!["SE 2024-2026".into()],
            recommendations: vec![rec("R01", "a"), rec("R03", "b")],
            asks: vec!["x".into(), "y".into()],
            ..PackRecord::default()
        }
    }

    #[test]
    fn the_same_fingerprint_is_no_change_whatever_the_records_say() {
        let mut new = pack();
        new.place = "Busan".into();
        assert!(changes(&pack(), "a", "en", &new, "a", "en").is_empty());
    }

    #[test]
    fn changes_come_in_the_domains_terms_and_the_packs_order() {
        let mut new = pack();
        new.recommendations[1].text = "c".into();
        new.recommendations.push(rec("R11", "d"));
        new.recommendations.remove(0);
        new.asks[1] = "z".into();
        new.council.clear();
        new.date = "2024-03-21".into();
        let c = changes(&pack(), "a", "en", &new, "b", "en");
        assert_eq!(
            english(&c),
            "R03 reworded, R11 added, R01 removed, ask 2 changed, Council status changed, date changed"
        );
    }

    #[test]
    fn asks_added_or_removed_keep_their_numbers() {
        let old = vec!["x".to_string(), "y".into()];
        let added = vec!["x".to_string(), "w".into(), "y".into()];
        assert_eq!(
            ask_changes(&old, &added),
            vec![Change::AskAdded { number: 2 }]
        );
        assert_eq!(
            ask_changes(&added, &old),
            vec![Change::AskRemoved { number: 2 }]
        );
    }

    #[test]
    fn a_different_text_for_no_known_reason_is_wording_elsewhere() {
        let c = changes(&pack(), "a", "en", &pack(), "b", "en");
        assert_eq!(c, vec![Change::WordingElsewhere]);
    }

    #[test]
    fn a_response_updated_is_an_earlier_recommendation_changed() {
        let e = |response: &str| RecordedEarlier {
            cycle: 3,
            reference: Some("A/HRC/41/7 para 38.1".into()),
            text: "t".into(),
            response: response.into(),
        };
        let mut old = pack();
        old.earlier = vec![e("noted")];
        let mut new = pack();
        new.earlier = vec![e("supported")];
        assert_eq!(
            english(&changes(&old, "a", "en", &new, "b", "en")),
            "earlier recommendation A/HRC/41/7 para 38.1 changed"
        );
    }
}
