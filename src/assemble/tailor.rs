//! SPEC's tailoring rule: which recommendations a pack carries, in what order.

use std::collections::BTreeSet;

use crate::normalize::{Campaign, Meeting, Recommendation};

/// The recommendations of one pack: the meeting's own list in its order, then
/// those whose themes meet `priorities` or the meeting's themes, by priority
/// then id (R2 before R10), up to the campaign's cap. Explicit ones are never
/// dropped, even past the cap. Returns the list and how many are explicit.
pub fn select<'c>(
    campaign: &'c Campaign,
    meeting: &Meeting,
    priorities: &[String],
) -> (Vec<&'c Recommendation>, usize) {
    let explicit: Vec<&Recommendation> = meeting
        .recommendations
        .iter()
        .filter_map(|id| campaign.recommendations.get(id))
        .collect();
    let wanted: BTreeSet<&str> = priorities
        .iter()
        .chain(&meeting.themes)
        .map(String::as_str)
        .collect();
    let mut matched: Vec<&Recommendation> = campaign
        .recommendations
        .values()
        .filter(|r| !meeting.recommendations.contains(&r.id))
        .filter(|r| r.themes.iter().any(|t| wanted.contains(t.as_str())))
        .collect();
    matched.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then_with(|| natord::compare(&a.id, &b.id))
    });
    let room = campaign
        .max_recommendations_per_pack
        .saturating_sub(explicit.len());
    matched.truncate(room);
    let n_explicit = explicit.len();
    let mut all = explicit;
    all.extend(matched);
    (all, n_explicit)
}
