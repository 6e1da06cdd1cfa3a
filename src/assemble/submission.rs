//! The stakeholder submission: the coalition's own report to the UN, with
//! paragraphs numbered continuously across sections and every recommendation
//! grouped by theme.

use serde::Serialize;

use super::localize::Localizer;
use super::pack::{CampaignView, campaign_view};
use crate::normalize::{Campaign, Recommendation, SubmissionKind};

#[derive(Debug, Clone, Serialize)]
pub struct SubmissionView {
    pub language: String,
    pub campaign: CampaignView,
    pub kind: SubmissionKind,
    pub word_limit: usize,
    /// Whether the endnotes count in the word limit; nothing the
    /// submission shows.
    #[serde(skip)]
    pub endnotes_count: bool,
    pub keywords: Vec<String>,
    pub sections: Vec<SectionView>,
    pub themes: Vec<ThemeGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub title: String,
    pub paragraphs: Vec<Numbered>,
}

/// A paragraph with its number in the submission.
#[derive(Debug, Clone, Serialize)]
pub struct Numbered {
    pub n: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeGroup {
    /// Empty for recommendations without a theme.
    pub title: String,
    pub recommendations: Vec<NumberedRecommendation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NumberedRecommendation {
    pub n: usize,
    pub id: String,
    pub title: String,
    pub text: String,
}

/// The paragraphs of a section body: split at blank lines. A note's
/// definition, wherever the body has it, goes with each paragraph that
/// refers to the note, so that every paragraph is a field of its own.
fn paragraphs(body: &str) -> Vec<String> {
    let notes = crate::doc::notes::split(body);
    let paragraphs = notes.body.split("\n\n").map(str::trim);
    (paragraphs.filter(|p| !p.is_empty()))
        .map(|p| {
            let mut out = p.to_string();
            let mut given: Vec<&str> = Vec::new();
            for (_, label) in crate::doc::notes::references(p) {
                if let Some(text) = notes.definition(label)
                    && !given.contains(&label)
                {
                    given.push(label);
                    out.push_str(&format!("\n[^{label}]: {text}"));
                }
            }
            out
        })
        .collect()
}

fn order(a: &&Recommendation, b: &&Recommendation) -> std::cmp::Ordering {
    a.priority
        .cmp(&b.priority)
        .then_with(|| natord::compare(&a.id, &b.id))
}

/// Builds the submission view, or `None` when the campaign has none.
pub fn submission(campaign: &Campaign, loc: &mut Localizer) -> Option<SubmissionView> {
    let s = campaign.submission.as_ref()?;
    let lang = campaign.language.clone();
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    let sections = s
        .sections
        .iter()
        .map(|sec| SectionView {
            title: sec.title.clone(),
            paragraphs: paragraphs(&sec.body)
                .into_iter()
                .map(|text| Numbered { n: next(), text })
                .collect(),
        })
        .collect();
    // Each recommendation under its first theme; groups in the order of their
    // most important recommendation.
    let mut recs: Vec<&Recommendation> = campaign.recommendations.values().collect();
    recs.sort_by(order);
    let mut groups: Vec<(Option<&str>, Vec<&Recommendation>)> = Vec::new();
    for r in recs {
        let key = r.themes.first().map(String::as_str);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(r),
            None => groups.push((key, vec![r])),
        }
    }
    groups.sort_by_key(|(k, _)| k.is_none());
    let themes = groups
        .into_iter()
        .map(|(key, list)| ThemeGroup {
            title: key
                .and_then(|k| campaign.themes.get(k))
                .map(|t| loc.theme(t, &lang))
                .unwrap_or_default(),
            recommendations: list
                .into_iter()
                .map(|r| {
                    let t = loc.recommendation(r, &lang);
                    NumberedRecommendation {
                        n: next(),
                        id: r.id.clone(),
                        title: t.title,
                        text: t.text,
                    }
                })
                .collect(),
        })
        .collect();
    Some(SubmissionView {
        language: lang.clone(),
        campaign: campaign_view(campaign, loc, &lang),
        kind: s.kind,
        word_limit: s.kind.word_limit(),
        endnotes_count: s.endnotes_count,
        keywords: s.keywords.clone(),
        sections,
        themes,
    })
}
