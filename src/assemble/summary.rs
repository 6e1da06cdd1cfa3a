//! The campaign summary: internal, so it carries everything, confidential
//! fields included.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::calendar::{ReviewEvent, review_events};
use super::localize::Localizer;
use super::pack::{CampaignView, MemberView, PackView, campaign_view, member_views};
use super::targets::{Contact, Reason, targets};
use crate::normalize::{Campaign, MeetingFormat, Party, RegionalGroup, Status, Term};

/// Seats on the Human Rights Council.
pub const COUNCIL_SEATS: usize = 47;

#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    pub language: String,
    pub campaign: CampaignView,
    /// The date overdue follow-ups are measured against.
    pub as_of: NaiveDate,
    pub held: usize,
    pub planned: usize,
    /// Council members (in the review's year) the coalition met in a held
    /// meeting, out of [`COUNCIL_SEATS`].
    pub council_met: Vec<SeatMet>,
    pub council_seats: usize,
    /// Council members with only planned meetings, shown apart.
    pub council_planned: Vec<SeatMet>,
    /// Members of the Freedom Online Coalition met in a held meeting.
    pub foc_met: Vec<SeatMet>,
    /// FOC members with only planned meetings.
    pub foc_planned: Vec<SeatMet>,
    /// The review calendar: its steps in date order.
    pub calendar: Vec<ReviewEvent>,
    /// Every state with a profile, ranked by `assemble::targets`' rule: the
    /// most worth meeting and not yet contacted first.
    pub targets: Vec<TargetRow>,
    pub matrix: Matrix,
    pub meetings: Vec<MeetingRecord>,
    pub follow_ups: Vec<FollowUpRow>,
    /// The packs handed over, the outdated first (filled in once the
    /// packs' text is known: `assemble::handover::summary_rows`).
    pub handovers: Vec<super::handover::HandoverRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeatMet {
    pub code: String,
    pub name: String,
    pub term: Option<Term>,
}

/// A lobbying target: a state, its score and why, and where the coalition
/// stands with it. Nothing of any meeting but whether it was held.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    /// 1 for the first.
    pub rank: usize,
    pub code: String,
    /// In the summary's language.
    pub name: String,
    pub score: u32,
    pub why: Vec<WhyRow>,
    /// The label key of where the coalition stands with the state.
    pub status: &'static str,
}

/// One reason a target scores, for the template to write as a phrase:
/// `label[: themes | : group] (+points)`, where a label with a count is
/// one with plural forms and one with `in_year` a pattern with `{year}`.
#[derive(Debug, Clone, Serialize)]
pub struct WhyRow {
    /// The label key of the phrase (with a count, the key its plural
    /// forms `<label>_<category>` share).
    pub label: &'static str,
    pub count: Option<usize>,
    pub in_year: Option<i32>,
    /// Theme titles in the summary's language.
    pub themes: Vec<String>,
    /// The label key of a regional group.
    pub group: Option<&'static str>,
    pub points: u32,
}

/// The label key of a regional group's name.
fn group_label(group: RegionalGroup) -> &'static str {
    match group {
        RegionalGroup::African => "group_african",
        RegionalGroup::AsiaPacific => "group_asia_pacific",
        RegionalGroup::EasternEuropean => "group_eastern_european",
        RegionalGroup::Grulac => "group_grulac",
        RegionalGroup::Weog => "group_weog",
    }
}

/// The ranked targets, with names, themes and phrases in `lang`.
fn target_rows(campaign: &Campaign, loc: &mut Localizer, lang: &str) -> Vec<TargetRow> {
    targets(campaign)
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let why = t
                .reasons
                .into_iter()
                .map(|(reason, points)| {
                    let mut row = WhyRow {
                        label: "",
                        count: None,
                        in_year: None,
                        themes: Vec::new(),
                        group: None,
                        points,
                    };
                    match reason {
                        Reason::PriorNoted { count } => {
                            row.label = "target_noted";
                            row.count = Some(count);
                        }
                        Reason::PriorSupported { count } => {
                            row.label = "target_supported";
                            row.count = Some(count);
                        }
                        Reason::Council { year } => {
                            row.label = "target_council";
                            row.in_year = Some(year);
                        }
                        Reason::Foc => row.label = "target_foc",
                        Reason::SharedThemes { themes } => {
                            row.label = "target_themes";
                            row.themes = themes
                                .iter()
                                .map(|id| match campaign.themes.get(id) {
                                    Some(th) => loc.theme(th, lang),
                                    None => id.clone(),
                                })
                                .collect();
                        }
                        Reason::NewRegion { group } => {
                            row.label = "target_region";
                            row.group = Some(group_label(group));
                        }
                    }
                    row
                })
                .collect();
            TargetRow {
                rank: i + 1,
                name: loc.state_name(campaign, &t.code, lang),
                code: t.code,
                score: t.score,
                why,
                status: match t.contact {
                    Contact::NotContacted => "target_not_contacted",
                    Contact::Planned => "target_planned",
                    Contact::Met => "target_met",
                },
            }
        })
        .collect()
}

/// Which recommendation was raised in which pack.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// Meeting ids, in meeting order: the columns.
    pub meetings: Vec<String>,
    pub rows: Vec<MatrixRow>,
    /// The same, cut into tables of at most [`MATRIX_COLUMNS`] meetings that fit a page.
    pub tables: Vec<MatrixTable>,
}

/// Meetings per table of the printed matrix.
pub const MATRIX_COLUMNS: usize = 6;

#[derive(Debug, Clone, Serialize)]
pub struct MatrixTable {
    /// The counterparts' names, with the meeting dates.
    pub columns: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub id: String,
    pub title: String,
    /// One flag per column of [`Matrix::meetings`].
    pub raised: Vec<bool>,
}

/// One meeting, whole.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingRecord {
    pub id: String,
    pub date: NaiveDate,
    pub time: Option<String>,
    pub location: String,
    pub format: MeetingFormat,
    pub status: Status,
    pub counterpart: String,
    pub institution: String,
    pub people: Vec<PersonRecord>,
    pub delegation: Vec<MemberView>,
    pub language: String,
    pub recommendations: Vec<String>,
    pub talking_points: Vec<String>,
    pub asks: Vec<String>,
    pub outcome: Option<String>,
    pub internal_notes: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonRecord {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUpRow {
    pub meeting: String,
    /// The counterpart's name, for reading.
    pub counterpart: String,
    pub action: String,
    /// The owner's short name (its coalition id when unknown).
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
    pub overdue: bool,
}

/// Builds the summary from the campaign and its packs, as of `today`.
pub fn summary(
    campaign: &Campaign,
    packs: &[PackView],
    today: NaiveDate,
    loc: &mut Localizer,
) -> SummaryView {
    let lang = campaign.language.clone();
    let year = campaign.review.date.year();
    // Only a held meeting counts as met; states met only in planned
    // meetings are shown apart.
    let (mut council, mut foc) = (BTreeSet::new(), BTreeSet::new());
    let (mut council_planned, mut foc_planned) = (BTreeSet::new(), BTreeSet::new());
    for m in &campaign.meetings {
        if let Party::State(code) = &m.counterpart.party
            && let Some(s) = campaign.states.get(code)
        {
            let (council, foc) = match m.status {
                Status::Held => (&mut council, &mut foc),
                Status::Planned => (&mut council_planned, &mut foc_planned),
            };
            if s.council_term_in(year).is_some() {
                council.insert(code.clone());
            }
            if s.foc_member == Some(true) {
                foc.insert(code.clone());
            }
        }
    }
    council_planned.retain(|c| !council.contains(c));
    foc_planned.retain(|c| !foc.contains(c));
    let seat = |loc: &mut Localizer, code: &String| SeatMet {
        code: code.clone(),
        name: loc.state_name(campaign, code, &lang),
        term: campaign
            .states
            .get(code)
            .and_then(|s| s.council_term_in(year)),
    };
    // Each meeting's counterpart, named in the summary's language (a pack
    // names it in its own).
    let counterparts: BTreeMap<&str, String> = campaign
        .meetings
        .iter()
        .map(|m| {
            let name = loc.counterpart(campaign, &m.counterpart.party, &lang);
            (m.id.as_str(), name)
        })
        .collect();
    let counterpart = |id: &str| counterparts.get(id).cloned().unwrap_or_default();
    let council_met = council.iter().map(|c| seat(loc, c)).collect();
    let council_planned = council_planned.iter().map(|c| seat(loc, c)).collect();
    let foc_met = foc.iter().map(|c| seat(loc, c)).collect();
    let foc_planned = foc_planned.iter().map(|c| seat(loc, c)).collect();
    let matrix = Matrix {
        meetings: packs.iter().map(|p| p.id.clone()).collect(),
        rows: campaign
            .recommendations
            .values()
            .map(|r| MatrixRow {
                id: r.id.clone(),
                title: r.title.clone(),
                raised: packs
                    .iter()
                    .map(|p| p.recommendations.iter().any(|x| x.id == r.id))
                    .collect(),
            })
            .collect(),
        tables: Vec::new(),
    };
    let mut matrix = matrix;
    matrix.rows.sort_by(|a, b| natord::compare(&a.id, &b.id));
    let names: Vec<String> = packs
        .iter()
        .map(|p| format!("{} ({})", counterpart(&p.id), p.date.format("%d/%m")))
        .collect();
    let mut start = 0;
    while start < packs.len() {
        let end = (start + MATRIX_COLUMNS).min(packs.len());
        matrix.tables.push(MatrixTable {
            columns: names[start..end].to_vec(),
            rows: matrix
                .rows
                .iter()
                .map(|r| MatrixRow {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    raised: r.raised[start..end].to_vec(),
                })
                .collect(),
        });
        start = end;
    }
    let meetings = campaign
        .meetings
        .iter()
        .map(|m| {
            let pack = packs.iter().find(|p| p.id == m.id);
            MeetingRecord {
                id: m.id.clone(),
                date: m.date,
                time: m.time.clone(),
                location: m.location.clone(),
                format: m.format,
                status: m.status,
                counterpart: counterpart(&m.id),
                institution: m.counterpart.institution.clone(),
                people: m
                    .counterpart
                    .people
                    .iter()
                    .map(|p| PersonRecord {
                        name: p.name.clone(),
                        title: p.title.clone(),
                        email: p.email.clone(),
                    })
                    .collect(),
                delegation: member_views(campaign, Some(&m.delegation), &lang),
                language: pack.map(|p| p.language.clone()).unwrap_or_default(),
                recommendations: pack
                    .map(|p| p.recommendations.iter().map(|r| r.id.clone()).collect())
                    .unwrap_or_default(),
                talking_points: m.talking_points.clone(),
                asks: m.asks.clone(),
                outcome: m.outcome.clone(),
                internal_notes: m.internal_notes.clone(),
            }
        })
        .collect();
    let mut follow_ups: Vec<FollowUpRow> = campaign
        .meetings
        .iter()
        .flat_map(|m| {
            let counterpart = counterpart(&m.id);
            m.follow_up.iter().map(move |f| FollowUpRow {
                meeting: m.id.clone(),
                counterpart: counterpart.clone(),
                action: f.action.clone(),
                owner: campaign
                    .coalition
                    .iter()
                    .find(|c| c.id == f.owner)
                    .map_or_else(|| f.owner.clone(), |c| c.short.clone()),
                due: f.due,
                done: f.done,
                overdue: !f.done && f.due.is_some_and(|d| d < today),
            })
        })
        .collect();
    // Undated follow-ups last; ties keep meeting order.
    follow_ups.sort_by_key(|f| (f.due.is_none(), f.due));
    SummaryView {
        language: lang.clone(),
        campaign: campaign_view(campaign, loc, &lang),
        as_of: today,
        held: campaign
            .meetings
            .iter()
            .filter(|m| m.status == Status::Held)
            .count(),
        planned: campaign
            .meetings
            .iter()
            .filter(|m| m.status == Status::Planned)
            .count(),
        council_met,
        council_seats: COUNCIL_SEATS,
        council_planned,
        foc_met,
        foc_planned,
        calendar: review_events(&campaign.review),
        targets: target_rows(campaign, loc, &lang),
        matrix,
        meetings,
        follow_ups,
        handovers: Vec::new(),
    }
}
