//! The review calendar: each step of the review on its date, from
//! `campaign.yaml` where it gives the date (`review.<step>`), else from the
//! step's rule; with the meetings and open follow-ups, the view `calendar.ics`
//! is written from.
//!
//! The rules, and the facts they rest on (the project's research notes):
//!
//! - **Submission deadline** and **pre-session**: only when given. OHCHR sets
//!   the stakeholder deadline for each session (for the 41st session the
//!   portal closed about seven to eight months before it); the pre-sessions
//!   are "about one month before" the Working Group. Neither is estimated.
//! - **Documents**: six weeks (42 days) before the review. The three
//!   documents of a review "are released about 6 weeks before the review".
//! - **Advance questions**: ten days before. Advance questions are
//!   submitted by states "in writing ten days before the review" (UPR Info,
//!   the UPR's modalities).
//! - **List of recommendations**: two days (48 hours) after. Since the 21st
//!   session a list of the recommendations is published "48 hours after the
//!   review" (UPR Info, on the publication of draft Working Group reports);
//!   the Working Group adopts its draft report a day later (three days after
//!   both of Viet Nam's last reviews: 22 → 25 January 2019, 7 → 10 May 2024).
//! - **Adoption** by the Human Rights Council: the month of the first of its
//!   regular sessions (March, June, September) that opens at least three
//!   months after the review, so that the state can answer the
//!   recommendations first. Viet Nam's review of 22 January 2019 was adopted
//!   at the June–July session (4 July 2019), that of 7 May 2024 at the
//!   September session (27 September 2024). Month only.
//! - **Mid-term report**: the month two and a half years after the review,
//!   halfway to the next review (reviews come about every five years; states
//!   committed in 2014 to a mid-term report "two years after" their review;
//!   Viet Nam filed its third-cycle report, after the January 2019 review, in
//!   2022). Month only.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use super::SummaryView;
use crate::normalize::{Campaign, Review, Status};

/// A step of the review, in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    SubmissionDeadline,
    PreSession,
    Documents,
    AdvanceQuestions,
    Review,
    RecommendationsList,
    Adoption,
    MidTermReport,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 8] = [
        Step::SubmissionDeadline,
        Step::PreSession,
        Step::Documents,
        Step::AdvanceQuestions,
        Step::Review,
        Step::RecommendationsList,
        Step::Adoption,
        Step::MidTermReport,
    ];

    /// The step's stable name, as in its calendar UID (`documents`).
    pub fn id(self) -> &'static str {
        match self {
            Step::SubmissionDeadline => "submission-deadline",
            Step::PreSession => "pre-session",
            Step::Documents => "documents",
            Step::AdvanceQuestions => "advance-questions",
            Step::Review => "review",
            Step::RecommendationsList => "recommendations-list",
            Step::Adoption => "adoption",
            Step::MidTermReport => "mid-term-report",
        }
    }

    /// The key of its title in the language files (`calendar_documents`).
    pub fn label(self) -> String {
        format!("calendar_{}", self.id().replace('-', "_"))
    }

    /// The date `campaign.yaml` gives for this step, if any.
    fn explicit(self, review: &Review) -> Option<NaiveDate> {
        let d = &review.dates;
        match self {
            Step::SubmissionDeadline => d.submission_deadline,
            Step::PreSession => d.pre_session,
            Step::Documents => d.documents,
            Step::AdvanceQuestions => d.advance_questions,
            Step::Review => Some(review.date),
            Step::RecommendationsList => d.recommendations_list,
            Step::Adoption => d.adoption,
            Step::MidTermReport => d.mid_term_report,
        }
    }

    /// The step's date by its rule, from the date of the review, and whether
    /// only its month is known; `None` for the steps no rule can date.
    pub fn rule(self, review: NaiveDate) -> Option<(NaiveDate, bool)> {
        match self {
            Step::SubmissionDeadline | Step::PreSession => None,
            Step::Documents => review.checked_sub_days(Days::new(42)).map(|d| (d, false)),
            Step::AdvanceQuestions => review.checked_sub_days(Days::new(10)).map(|d| (d, false)),
            Step::Review => Some((review, false)),
            Step::RecommendationsList => review.checked_add_days(Days::new(2)).map(|d| (d, false)),
            Step::Adoption => adoption_month(review).map(|d| (d, true)),
            Step::MidTermReport => review
                .checked_add_months(Months::new(30))
                .and_then(|d| d.with_day(1))
                .map(|d| (d, true)),
        }
    }
}

/// The first day of the month of the Council's first regular session
/// (March, June, September) that opens three months or more after `review`.
fn adoption_month(review: NaiveDate) -> Option<NaiveDate> {
    let earliest = review.checked_add_months(Months::new(3))?;
    (review.year()..=review.year() + 1)
        .flat_map(|y| [3, 6, 9].map(|m| NaiveDate::from_ymd_opt(y, m, 1)))
        .flatten()
        .find(|d| *d >= earliest)
}

/// One step of the review on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewEvent {
    pub step: Step,
    /// The key of its title in the language files.
    pub label: String,
    pub date: NaiveDate,
    /// Only the month is known (`date` is its first day).
    pub month_only: bool,
    /// The date is `campaign.yaml`'s, not a rule's estimate.
    pub explicit: bool,
}

/// The steps of `review` that have a date, in date order (ties in step order).
pub fn review_events(review: &Review) -> Vec<ReviewEvent> {
    let mut events: Vec<ReviewEvent> = Step::ALL
        .iter()
        .filter_map(|&step| {
            let (date, month_only, explicit) = match step.explicit(review) {
                Some(d) => (d, false, true),
                None => {
                    let (d, month) = step.rule(review.date)?;
                    (d, month, false)
                }
            };
            Some(ReviewEvent {
                step,
                label: step.label(),
                date,
                month_only,
                explicit,
            })
        })
        .collect();
    events.sort_by_key(|e| (e.date, e.step));
    events
}

/// The date of `step` on the calendar of `review`, explicit or by its rule.
pub fn date_of(review: &Review, step: Step) -> Option<NaiveDate> {
    step.explicit(review)
        .or_else(|| step.rule(review.date).map(|(d, _)| d))
}

/// What `calendar.ics` shows: the review's steps, every meeting and every
/// open follow-up with a due date. Internal like the summary, without
/// anyone's e-mail address.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarView {
    /// The summary's language, of the titles.
    pub language: String,
    /// The right-hand side of every UID (`vn-upr4.upr-brief`): the state
    /// under review and the cycle, which identify the campaign.
    pub domain: String,
    pub title: String,
    /// The state under review's name, in `language`.
    pub state: String,
    pub cycle: u32,
    pub session: u32,
    /// The IANA time zone of the meetings' times; none: floating times.
    pub time_zone: Option<String>,
    pub review: Vec<ReviewEvent>,
    pub meetings: Vec<MeetingEvent>,
    pub follow_ups: Vec<FollowUpEvent>,
}

/// A meeting on the calendar.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingEvent {
    pub id: String,
    pub date: NaiveDate,
    /// `HH:MM`, local time where the meeting is.
    pub time: Option<String>,
    /// In minutes.
    pub duration: u32,
    pub location: String,
    pub counterpart: String,
    pub institution: String,
    /// The delegation's short names.
    pub delegation: Vec<String>,
    pub status: Status,
}

/// An open follow-up with a due date.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpEvent {
    /// The meeting's id and the follow-up's place (from 1) in its list.
    pub key: String,
    pub due: NaiveDate,
    pub action: String,
    /// The owner's short name.
    pub owner: String,
    pub counterpart: String,
}

/// The calendar of `campaign`, in the language of its `summary`: the
/// campaign's title, its counterparts' names and its review's steps as the
/// summary gives them.
pub fn calendar(campaign: &Campaign, summary: &SummaryView) -> CalendarView {
    let counterpart = |id: &str| {
        summary
            .meetings
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.counterpart.clone())
            .unwrap_or_default()
    };
    let short = |id: &str| {
        campaign
            .coalition
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.short.clone())
    };
    let meetings = campaign
        .meetings
        .iter()
        .map(|m| MeetingEvent {
            id: m.id.clone(),
            date: m.date,
            time: m.time.clone(),
            duration: m.duration,
            location: m.location.clone(),
            counterpart: counterpart(&m.id),
            institution: m.counterpart.institution.clone(),
            delegation: m.delegation.iter().map(|d| short(d)).collect(),
            status: m.status,
        })
        .collect();
    let follow_ups = campaign
        .meetings
        .iter()
        .flat_map(|m| {
            m.follow_up.iter().enumerate().filter_map(move |(i, f)| {
                let due = f.due.filter(|_| !f.done)?;
                Some((m, i, f, due))
            })
        })
        .map(|(m, i, f, due)| FollowUpEvent {
            key: format!("{}-{}", m.id, i + 1),
            due,
            action: f.action.clone(),
            owner: short(&f.owner),
            counterpart: counterpart(&m.id),
        })
        .collect();
    CalendarView {
        language: summary.language.clone(),
        domain: format!(
            "{}-upr{}.upr-brief",
            campaign.state_under_review.to_lowercase(),
            campaign.review.cycle
        ),
        title: summary.campaign.title.clone(),
        state: summary.campaign.state_under_review.name.clone(),
        cycle: campaign.review.cycle,
        session: campaign.review.session,
        time_zone: campaign.time_zone.clone(),
        review: summary.calendar.clone(),
        meetings,
        follow_ups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::ReviewDates;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn review(date: NaiveDate, dates: ReviewDates) -> Review {
        Review {
            cycle: 4,
            session: 46,
            date,
            dates,
        }
    }

    fn find(events: &[ReviewEvent], step: Step) -> Option<&ReviewEvent> {
        events.iter().find(|e| e.step == step)
    }

    #[test]
    fn viet_nam_2024_by_the_rules() {
        let events = review_events(&review(day(2024, 5, 7), ReviewDates::default()));
        let at = |s| find(&events, s).map(|e| (e.date, e.month_only, e.explicit));
        assert_eq!(at(Step::Documents), Some((day(2024, 3, 26), false, false)));
        assert_eq!(
            at(Step::AdvanceQuestions),
            Some((day(2024, 4, 27), false, false))
        );
        assert_eq!(at(Step::Review), Some((day(2024, 5, 7), false, true)));
        assert_eq!(
            at(Step::RecommendationsList),
            Some((day(2024, 5, 9), false, false))
        );
        // HRC57, September 2024, adopted Viet Nam's outcome (27 September).
        assert_eq!(at(Step::Adoption), Some((day(2024, 9, 1), true, false)));
        assert_eq!(
            at(Step::MidTermReport),
            Some((day(2026, 11, 1), true, false))
        );
        // Never invented.
        assert_eq!(at(Step::SubmissionDeadline), None);
        assert_eq!(at(Step::PreSession), None);
        let dates: Vec<NaiveDate> = events.iter().map(|e| e.date).collect();
        assert!(dates.is_sorted());
    }

    #[test]
    fn adoption_at_the_session_three_months_on() {
        // Viet Nam, 22 January 2019: adopted at HRC41 (June–July).
        assert_eq!(adoption_month(day(2019, 1, 22)), Some(day(2019, 6, 1)));
        // A November review: the March session of the next year.
        assert_eq!(adoption_month(day(2022, 11, 10)), Some(day(2023, 3, 1)));
        assert_eq!(adoption_month(day(2024, 5, 7)), Some(day(2024, 9, 1)));
    }

    #[test]
    fn adoption_three_months_to_the_day_is_that_session() {
        // Exactly three months before the June session: adopted there.
        assert_eq!(adoption_month(day(2024, 3, 1)), Some(day(2024, 6, 1)));
        assert_eq!(adoption_month(day(2023, 12, 1)), Some(day(2024, 3, 1)));
        // A day later is less than three months: the next session.
        assert_eq!(adoption_month(day(2024, 3, 2)), Some(day(2024, 9, 1)));
        assert_eq!(adoption_month(day(2023, 12, 2)), Some(day(2024, 6, 1)));
        // A day earlier is more than three months: still that session.
        assert_eq!(adoption_month(day(2024, 2, 29)), Some(day(2024, 6, 1)));
    }

    #[test]
    fn explicit_dates_override_the_rules() {
        let dates = ReviewDates {
            submission_deadline: Some(day(2023, 10, 5)),
            pre_session: Some(day(2024, 4, 3)),
            documents: Some(day(2024, 3, 20)),
            adoption: Some(day(2024, 9, 27)),
            ..ReviewDates::default()
        };
        let r = review(day(2024, 5, 7), dates);
        let events = review_events(&r);
        let at = |s| find(&events, s).map(|e| (e.date, e.month_only, e.explicit));
        assert_eq!(
            at(Step::SubmissionDeadline),
            Some((day(2023, 10, 5), false, true))
        );
        assert_eq!(at(Step::PreSession), Some((day(2024, 4, 3), false, true)));
        assert_eq!(at(Step::Documents), Some((day(2024, 3, 20), false, true)));
        assert_eq!(at(Step::Adoption), Some((day(2024, 9, 27), false, true)));
        // The others keep their rules.
        assert_eq!(
            at(Step::AdvanceQuestions),
            Some((day(2024, 4, 27), false, false))
        );
        assert_eq!(
            events.first().map(|e| e.step),
            Some(Step::SubmissionDeadline)
        );
        assert_eq!(date_of(&r, Step::Documents), Some(day(2024, 3, 20)));
        assert_eq!(date_of(&r, Step::AdvanceQuestions), Some(day(2024, 4, 27)));
    }

    #[test]
    fn every_step_has_a_label_key() {
        assert_eq!(Step::MidTermReport.label(), "calendar_mid_term_report");
        for lang in [
            include_str!("../../templates/i18n/en.yaml"),
            include_str!("../../templates/i18n/fr.yaml"),
            include_str!("../../templates/i18n/es.yaml"),
        ] {
            for step in Step::ALL {
                assert!(lang.contains(&format!("  {}:", step.label())), "{step:?}");
            }
        }
    }
}
