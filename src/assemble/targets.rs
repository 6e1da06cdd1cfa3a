//! Lobbying targets: every state with a profile (the state under review
//! aside), scored by what makes it worth meeting, beside whether the
//! coalition met it, plans to, or has not contacted it yet.
//!
//! Coalitions choose the states to lobby from who recommended what in the
//! last cycle and how the state under review responded (UPR Info's training
//! for civil society; its advice to recommending states is to repeat a
//! recommendation "as recommended previously"). The rule, in points:
//!
//! | what the state's profile says                                        | points |
//! |----------------------------------------------------------------------|-------:|
//! | each earlier recommendation on a campaign theme                      |     +3 |
//! | … and noted: leverage, ask the state to repeat it                    |  +2 more |
//! | … and supported: ask the state to follow its implementation up       |  +1 more |
//! | member of the Human Rights Council in the review's year              |     +3 |
//! | member of the Freedom Online Coalition (`foc_member: true`)          |     +2 |
//! | each campaign theme among its `priorities`, at most two              |     +1 |
//! | its regional group has no met or planned state yet                   |     +1 |
//!
//! The campaign's themes are the themes of its recommendations. A state is
//! *met* when a held meeting has it as the counterpart, *planned* when only
//! planned ones do, else *not contacted*; a meeting with an organisation it
//! belongs to does not count, as in the summary's "met" lists. Targets come
//! not contacted first, then planned, then met; within each, by score
//! (highest first), ties by the profile's name, then code.

use std::collections::BTreeSet;

use chrono::Datelike;
use serde::Serialize;

use crate::normalize::{Campaign, Party, RegionalGroup, Response, State, Status};

/// Each earlier recommendation on a campaign theme.
pub const PRIOR: u32 = 3;
/// More for one that was noted.
pub const NOTED: u32 = 2;
/// More for one that was supported.
pub const SUPPORTED: u32 = 1;
/// A seat on the Council in the review's year.
pub const COUNCIL: u32 = 3;
/// Membership of the Freedom Online Coalition.
pub const FOC: u32 = 2;
/// Each campaign theme among the state's priorities ...
pub const SHARED_THEME: u32 = 1;
/// ... counted for at most this many themes.
pub const SHARED_THEMES_COUNTED: usize = 2;
/// A regional group no met or planned state belongs to.
pub const NEW_REGION: u32 = 1;

/// Where the coalition stands with a state; the order targets are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Contact {
    NotContacted,
    Planned,
    Met,
}

/// Why a state scores: one line of the rule, with its points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Reason {
    /// Earlier recommendations on the campaign's themes that were noted.
    PriorNoted {
        count: usize,
    },
    /// Earlier recommendations on the campaign's themes that were supported.
    PriorSupported {
        count: usize,
    },
    /// A Council member in this year.
    Council {
        year: i32,
    },
    Foc,
    /// The campaign themes among its priorities, in the order it lists them.
    SharedThemes {
        themes: Vec<String>,
    },
    /// Its regional group has no met or planned state.
    NewRegion {
        group: RegionalGroup,
    },
}

/// A state worth meeting, and how much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub code: String,
    pub score: u32,
    /// Each reason with its points, in the order of the rule.
    pub reasons: Vec<(Reason, u32)>,
    pub contact: Contact,
}

/// Where the coalition stands with the state `code`.
fn contact(campaign: &Campaign, code: &str) -> Contact {
    let with_state = campaign
        .meetings
        .iter()
        .filter(|m| matches!(&m.counterpart.party, Party::State(c) if c == code));
    let mut seen = Contact::NotContacted;
    for m in with_state {
        seen = seen.max(match m.status {
            Status::Held => Contact::Met,
            Status::Planned => Contact::Planned,
        });
    }
    seen
}

/// The reasons of one state, given the campaign's themes, the review's year
/// and the regional groups already reached.
fn reasons(
    state: &State,
    themes: &BTreeSet<&str>,
    year: i32,
    reached: &BTreeSet<RegionalGroup>,
) -> Vec<(Reason, u32)> {
    let mut out = Vec::new();
    let on_theme = |response| {
        state
            .prior_recommendations
            .iter()
            .filter(|p| p.response == response)
            .filter(|p| p.themes.iter().any(|t| themes.contains(t.as_str())))
            .count()
    };
    let noted = on_theme(Response::Noted);
    if noted > 0 {
        let points = noted as u32 * (PRIOR + NOTED);
        out.push((Reason::PriorNoted { count: noted }, points));
    }
    let supported = on_theme(Response::Supported);
    if supported > 0 {
        let points = supported as u32 * (PRIOR + SUPPORTED);
        out.push((Reason::PriorSupported { count: supported }, points));
    }
    if state.council_term_in(year).is_some() {
        out.push((Reason::Council { year }, COUNCIL));
    }
    if state.foc_member == Some(true) {
        out.push((Reason::Foc, FOC));
    }
    let mut shared: Vec<String> = Vec::new();
    for t in &state.priorities {
        if themes.contains(t.as_str()) && !shared.contains(t) {
            shared.push(t.clone());
        }
    }
    if !shared.is_empty() {
        let points = shared.len().min(SHARED_THEMES_COUNTED) as u32 * SHARED_THEME;
        out.push((Reason::SharedThemes { themes: shared }, points));
    }
    if let Some(group) = state.regional_group
        && !reached.contains(&group)
    {
        out.push((Reason::NewRegion { group }, NEW_REGION));
    }
    out
}

/// Every state with a profile but the state under review, ranked by the rule
/// at the top of this module.
pub fn targets(campaign: &Campaign) -> Vec<Target> {
    let themes: BTreeSet<&str> = campaign
        .recommendations
        .values()
        .flat_map(|r| r.themes.iter().map(String::as_str))
        .collect();
    let year = campaign.review.date.year();
    let states: Vec<(&State, Contact)> = campaign
        .states
        .values()
        .filter(|s| s.code != campaign.state_under_review)
        .map(|s| (s, contact(campaign, &s.code)))
        .collect();
    let reached: BTreeSet<RegionalGroup> = states
        .iter()
        .filter(|(_, c)| *c != Contact::NotContacted)
        .filter_map(|(s, _)| s.regional_group)
        .collect();
    let mut ranked: Vec<(&State, Target)> = states
        .into_iter()
        .map(|(s, contact)| {
            let reasons = reasons(s, &themes, year, &reached);
            let target = Target {
                code: s.code.clone(),
                score: reasons.iter().map(|(_, p)| p).sum(),
                reasons,
                contact,
            };
            (s, target)
        })
        .collect();
    ranked.sort_by(|(a, x), (b, y)| {
        x.contact
            .cmp(&y.contact)
            .then(y.score.cmp(&x.score))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.code.cmp(&b.code))
    });
    ranked.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use chrono::NaiveDate;

    use super::*;
    use crate::normalize::{
        Counterpart, Meeting, MeetingFormat, Origin, PageSize, PriorRecommendation, Recommendation,
        Review, ReviewDates, Term,
    };

    fn state(code: &str, name: &str) -> State {
        State {
            code: code.into(),
            name: name.into(),
            names: BTreeMap::new(),
            language: None,
            hrc_member: None,
            foc_member: None,
            regional_group: None,
            priorities: Vec::new(),
            prior_recommendations: Vec::new(),
            advance_questions: Vec::new(),
            file: PathBuf::new(),
            origin: Origin::default(),
        }
    }

    fn prior(response: Response, theme: &str) -> PriorRecommendation {
        PriorRecommendation {
            cycle: 3,
            reference: None,
            text: "An earlier recommendation.".into(),
            response,
            themes: vec![theme.into()],
            language: "en".into(),
        }
    }

    fn recommendation(id: &str, theme: &str) -> Recommendation {
        Recommendation {
            id: id.into(),
            title: id.into(),
            text: id.into(),
            rationale: None,
            themes: vec![theme.into()],
            priority: 1,
            sources: Vec::new(),
            translations: BTreeMap::new(),
            file: PathBuf::new(),
            origin: Origin::default(),
        }
    }

    fn meeting(party: Party, status: Status) -> Meeting {
        Meeting {
            id: format!("{party:?}-{status:?}").to_lowercase(),
            date: NaiveDate::from_ymd_opt(2024, 3, 20).unwrap(),
            time: None,
            duration: 60,
            location: "Seoul".into(),
            format: MeetingFormat::Formal,
            counterpart: Counterpart {
                party,
                institution: "Embassy".into(),
                people: Vec::new(),
            },
            delegation: Vec::new(),
            lead: None,
            language: None,
            themes: Vec::new(),
            recommendations: Vec::new(),
            questions: Vec::new(),
            talking_points: Vec::new(),
            asks: Vec::new(),
            status,
            outcome: None,
            follow_up: Vec::new(),
            internal_notes: None,
            file: PathBuf::new(),
            origin: Origin::default(),
        }
    }

    fn term(from: i32, to: i32) -> Option<Term> {
        Some(Term { from, to })
    }

    /// Viet Nam reviewed in 2024 on two themes, `expression` and `cyber`;
    /// `health` is declared by no recommendation, so it is no campaign theme.
    fn campaign() -> Campaign {
        use RegionalGroup::*;
        use Response::*;
        let mut states = Vec::new();
        // The state under review: a Council member, never a target.
        let mut vn = state("VN", "Viet Nam");
        vn.hrc_member = term(2023, 2025);
        vn.regional_group = Some(AsiaPacific);
        states.push(vn);
        let mut dk = state("DK", "Denmark");
        dk.prior_recommendations = vec![prior(Noted, "expression"), prior(Noted, "cyber")];
        dk.foc_member = Some(true);
        dk.regional_group = Some(Weog);
        states.push(dk);
        let mut se = state("SE", "Sweden");
        se.prior_recommendations = vec![prior(Noted, "cyber")];
        se.foc_member = Some(true);
        se.regional_group = Some(Weog);
        states.push(se);
        let mut gh = state("GH", "Ghana");
        gh.prior_recommendations = vec![prior(Noted, "health")];
        gh.hrc_member = term(2024, 2026);
        gh.foc_member = Some(true);
        gh.regional_group = Some(African);
        states.push(gh);
        let mut jp = state("JP", "Japan");
        jp.hrc_member = term(2024, 2026);
        jp.foc_member = Some(true);
        jp.regional_group = Some(AsiaPacific);
        states.push(jp);
        let mut ar = state("AR", "Argentina");
        ar.hrc_member = term(2019, 2021);
        ar.regional_group = Some(Grulac);
        states.push(ar);
        let mut cl = state("CL", "Chile");
        cl.hrc_member = term(2023, 2025);
        cl.regional_group = Some(Grulac);
        cl.priorities = vec!["expression".into(), "health".into(), "cyber".into()];
        states.push(cl);
        let mut fr = state("FR", "France");
        fr.prior_recommendations = vec![prior(Supported, "expression")];
        fr.hrc_member = term(2024, 2026);
        fr.foc_member = Some(true);
        fr.regional_group = Some(Weog);
        fr.priorities = vec!["expression".into()];
        states.push(fr);
        Campaign {
            title: "Test".into(),
            titles: BTreeMap::new(),
            state_under_review: "VN".into(),
            review: Review {
                cycle: 4,
                session: 46,
                date: NaiveDate::from_ymd_opt(2024, 5, 7).unwrap(),
                dates: ReviewDates::default(),
            },
            language: "en".into(),
            page_size: PageSize::A4,
            time_zone: None,
            handover_author: String::new(),
            max_recommendations_per_pack: 10,
            coalition: Vec::new(),
            submission: None,
            statements: Vec::new(),
            states: states.into_iter().map(|s| (s.code.clone(), s)).collect(),
            organizations: BTreeMap::new(),
            themes: BTreeMap::new(),
            recommendations: [
                recommendation("R01", "expression"),
                recommendation("R02", "cyber"),
            ]
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect(),
            meetings: vec![
                // France met, and met again later: met.
                meeting(Party::State("FR".into()), Status::Held),
                meeting(Party::State("FR".into()), Status::Planned),
                // Chile only planned.
                meeting(Party::State("CL".into()), Status::Planned),
                // A meeting with an organisation meets none of its members.
                meeting(Party::Organization("foc".into()), Status::Held),
            ],
            handovers: BTreeMap::new(),
            origin: Default::default(),
        }
    }

    fn ranking(c: &Campaign) -> Vec<(String, u32, Contact)> {
        targets(c)
            .into_iter()
            .map(|t| (t.code, t.score, t.contact))
            .collect()
    }

    fn row(code: &str, score: u32, contact: Contact) -> (String, u32, Contact) {
        (code.into(), score, contact)
    }

    #[test]
    fn the_known_ranking() {
        use Contact::*;
        // WEOG (France) and GRULAC (Chile) are reached; African and
        // Asia-Pacific are not.
        let expected = vec![
            // 2 noted on campaign themes 2×(3+2) + FOC 2 = 12.
            row("DK", 12, NotContacted),
            // 1 noted (3+2) + FOC 2 = 7.
            row("SE", 7, NotContacted),
            // Council 3 + FOC 2 + Africa not reached 1 = 6; its noted
            // recommendation on `health` is off the campaign's themes.
            row("GH", 6, NotContacted),
            // Council 3 + FOC 2 + Asia-Pacific not reached 1 = 6; after
            // Ghana by name.
            row("JP", 6, NotContacted),
            // Its Council term ended in 2021: 0.
            row("AR", 0, NotContacted),
            // Council 3 + shared themes expression, cyber 2×1 = 5 (health
            // is no campaign theme).
            row("CL", 5, Planned),
            // 1 supported (3+1) + Council 3 + FOC 2 + shared theme 1 = 10.
            row("FR", 10, Met),
        ];
        assert_eq!(ranking(&campaign()), expected);
    }

    #[test]
    fn the_reasons_carry_their_points() {
        let targets = targets(&campaign());
        let of = |code: &str| {
            targets
                .iter()
                .find(|t| t.code == code)
                .map(|t| t.reasons.clone())
                .unwrap()
        };
        assert_eq!(
            of("DK"),
            vec![(Reason::PriorNoted { count: 2 }, 10), (Reason::Foc, 2)]
        );
        assert_eq!(
            of("GH"),
            vec![
                (Reason::Council { year: 2024 }, 3),
                (Reason::Foc, 2),
                (
                    Reason::NewRegion {
                        group: RegionalGroup::African
                    },
                    1
                ),
            ]
        );
        assert_eq!(
            of("CL"),
            vec![
                (Reason::Council { year: 2024 }, 3),
                (
                    Reason::SharedThemes {
                        themes: vec!["expression".into(), "cyber".into()]
                    },
                    2
                ),
            ]
        );
        assert_eq!(
            of("FR"),
            vec![
                (Reason::PriorSupported { count: 1 }, 4),
                (Reason::Council { year: 2024 }, 3),
                (Reason::Foc, 2),
                (
                    Reason::SharedThemes {
                        themes: vec!["expression".into()]
                    },
                    1
                ),
            ]
        );
    }

    #[test]
    fn a_supported_recommendation_weighs_less_than_a_noted_one() {
        let mut c = campaign();
        let se = c.states.get_mut("SE").unwrap();
        se.prior_recommendations[0].response = Response::Supported;
        let order: Vec<(String, u32)> = targets(&c)
            .into_iter()
            .map(|t| (t.code, t.score))
            .take(4)
            .collect();
        // Sweden: 1 supported (3+1) + FOC 2 = 6, tied with Ghana and Japan,
        // and last of the three by name.
        let expected = [("DK", 12), ("GH", 6), ("JP", 6), ("SE", 6)]
            .map(|(c, s)| (c.to_string(), s))
            .to_vec();
        assert_eq!(order, expected);
    }

    #[test]
    fn the_state_under_review_is_never_a_target() {
        let c = campaign();
        assert!(targets(&c).iter().all(|t| t.code != "VN"));
        assert_eq!(targets(&c).len(), c.states.len() - 1);
    }

    #[test]
    fn meeting_a_region_takes_its_bonus_from_the_others() {
        let mut c = campaign();
        c.meetings
            .push(meeting(Party::State("JP".into()), Status::Planned));
        let t = targets(&c);
        // Japan now planned: Asia-Pacific reached, Japan 3 + 2 = 5.
        let jp = t.iter().find(|t| t.code == "JP").unwrap();
        assert_eq!((jp.score, jp.contact), (5, Contact::Planned));
        // Planned by score: Chile 5 and Japan 5, by name.
        let planned: Vec<&str> = t
            .iter()
            .filter(|t| t.contact == Contact::Planned)
            .map(|t| t.code.as_str())
            .collect();
        assert_eq!(planned, ["CL", "JP"]);
    }

    #[test]
    fn shared_themes_count_at_most_two() {
        let mut c = campaign();
        c.recommendations
            .insert("R03".into(), recommendation("R03", "health"));
        let cl = targets(&c).into_iter().find(|t| t.code == "CL").unwrap();
        // Three shared themes now, two counted: Council 3 + 2 = 5.
        assert_eq!(cl.score, 5);
    }
}
