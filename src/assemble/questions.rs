//! `questions.pdf`: every advance question, by theme, and beside each the
//! states that sent questions in advance in earlier cycles, with how far
//! the coalition has come with each: asked, met, or not yet.
//!
//! Public like a pack: the view holds the questions, the themes, the
//! states' names and cycles and a status per state and question, nothing
//! of a meeting but whether one was held with the state and which
//! questions it listed.
//!
//! The statuses count a state's own meetings only (not those with an
//! organisation it belongs to: such a meeting asks the organisation, not
//! the state), and held ones only, as the summary's "met" does: a planned
//! meeting has asked nothing yet.

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::{Step, date_of};
use super::localize::{Localizer, shown_in};
use super::pack::{CampaignView, PackQuestion, campaign_view, question_views};
use crate::normalize::{Campaign, Party, Status};

#[derive(Debug, Clone, Serialize)]
pub struct QuestionsView {
    /// The campaign's language.
    pub language: String,
    pub campaign: CampaignView,
    /// The deadline for advance questions on the review calendar.
    pub deadline: NaiveDate,
    /// The states whose profiles list `advance_questions`, by code.
    pub states: Vec<AskerView>,
    /// The themes with questions, in the order of their ids.
    pub themes: Vec<QuestionTheme>,
}

/// A state that sent questions in advance before.
#[derive(Debug, Clone, Serialize)]
pub struct AskerView {
    pub code: String,
    pub name: String,
    pub name_language: String,
    /// The cycles in which it sent them, ascending.
    pub cycles: Vec<u32>,
}

/// A theme's questions and, per state, the status of each.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionTheme {
    pub id: String,
    pub title: String,
    pub title_language: String,
    pub questions: Vec<PackQuestion>,
    /// One row per state of [`QuestionsView::states`], in that order.
    pub rows: Vec<StateRow>,
}

/// A state's status for each question of a theme.
#[derive(Debug, Clone, Serialize)]
pub struct StateRow {
    pub code: String,
    pub name: String,
    pub name_language: String,
    pub cycles: Vec<u32>,
    /// In the order of the theme's questions.
    pub statuses: Vec<QuestionStatus>,
}

/// Where the coalition stands with a state on one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionStatus {
    /// A held meeting with the state listed the question.
    Asked,
    /// A meeting with the state was held, but none listed this question.
    Met,
    /// No meeting with the state has been held.
    NotYet,
}

/// The status of question `id` with state `code`, from the held meetings
/// with that state.
pub fn status(campaign: &Campaign, code: &str, id: &str) -> QuestionStatus {
    let mut held = campaign
        .meetings
        .iter()
        .filter(|m| m.status == Status::Held)
        .filter(|m| matches!(&m.counterpart.party, Party::State(c) if c == code))
        .peekable();
    if held.peek().is_none() {
        QuestionStatus::NotYet
    } else if held.any(|m| m.questions.iter().any(|q| q == id)) {
        QuestionStatus::Asked
    } else {
        QuestionStatus::Met
    }
}

/// The view of `questions.pdf`, in the campaign's language, or `None` when
/// no theme has questions.
pub fn questions(campaign: &Campaign, loc: &mut Localizer) -> Option<QuestionsView> {
    if !campaign.has_questions() {
        return None;
    }
    let lang = campaign.language.clone();
    let deadline = date_of(&campaign.review, Step::AdvanceQuestions)?;
    let states: Vec<AskerView> = campaign
        .states
        .values()
        .filter(|s| !s.advance_questions.is_empty())
        .map(|s| AskerView {
            code: s.code.clone(),
            name: loc.state(s, &lang),
            name_language: shown_in(&s.names, &lang),
            cycles: s.advance_questions.clone(),
        })
        .collect();
    let themes = campaign
        .themes
        .values()
        .filter(|t| !t.questions.is_empty())
        .map(|t| {
            let ids: Vec<String> = t.questions.iter().map(|q| q.id.clone()).collect();
            let rows = states
                .iter()
                .map(|s| StateRow {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    name_language: s.name_language.clone(),
                    cycles: s.cycles.clone(),
                    statuses: ids.iter().map(|id| status(campaign, &s.code, id)).collect(),
                })
                .collect();
            QuestionTheme {
                id: t.id.clone(),
                title: loc.theme(t, &lang),
                title_language: shown_in(&t.titles, &lang),
                questions: question_views(campaign, &ids, loc, &lang),
                rows,
            }
        })
        .collect();
    Some(QuestionsView {
        language: lang.clone(),
        campaign: campaign_view(campaign, loc, &lang),
        deadline,
        states,
        themes,
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::QuestionStatus::{Asked, Met, NotYet};
    use super::*;
    use crate::normalize::test_campaign;
    use crate::normalize::tests::QUESTIONS;

    fn base_meeting(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/base/meetings")
            .join(name);
        std::fs::read_to_string(path).unwrap()
    }

    /// The base campaign with [`QUESTIONS`]; France (held, in French) asks
    /// for Q2 then Q1; Sweden and France sent questions before; a planned
    /// meeting with Sweden lists Q1, and `extra` files on top.
    fn assembled(extra: &[(&str, &str)]) -> (Campaign, super::super::Assembled) {
        let france = base_meeting("2024-03-21-france.yaml") + "questions: [Q2, Q1]\n";
        let sweden = "date: 2024-04-10\nlocation: Seoul\ncounterpart: { state: SE, institution: Embassy of Sweden }\ndelegation: [liv]\nasks: [\"ASKSE\"]\nquestions: [Q1]\n";
        let mut files = vec![
            ("recommendations/questions.yaml", QUESTIONS),
            ("meetings/2024-03-21-france.yaml", france.as_str()),
            ("meetings/2024-04-10-sweden.yaml", sweden),
            (
                "states/se.yaml",
                "code: SE\nname: Sweden\nnames: { fr: Suède }\nadvance_questions: [2, 3]\n",
            ),
        ];
        let fr = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/base/states/fr.yaml"),
        )
        .unwrap()
            + "advance_questions: [3]\n";
        files.push(("states/fr.yaml", fr.as_str()));
        files.extend_from_slice(extra);
        let (campaign, sources, diags) = test_campaign(&files);
        assert!(!diags.has_errors(), "{diags:?}");
        let campaign = campaign.unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let assembled = super::super::assemble(&campaign, &sources, today);
        (campaign, assembled)
    }

    fn pack<'a>(a: &'a super::super::Assembled, id: &str) -> &'a super::super::PackView {
        a.packs.iter().find(|p| p.id == id).unwrap()
    }

    #[test]
    fn a_pack_shows_its_own_meetings_questions_in_order_with_the_deadline() {
        let (_, a) = assembled(&[]);
        let france = pack(&a, "2024-03-21-france");
        assert_eq!(france.language, "fr");
        let q = france.questions.as_ref().unwrap();
        // Ten days before the review of 7 May 2024.
        assert_eq!(q.deadline, NaiveDate::from_ymd_opt(2024, 4, 27).unwrap());
        let ids: Vec<&str> = q.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["Q2", "Q1"]);
        // Q1 in French; Q2, untranslated, in English, marked so and warned.
        assert_eq!(q.items[1].text, "Qui autorise l'accès aux données ?");
        assert_eq!(q.items[1].text_language, "fr");
        assert_eq!(q.items[0].text, "Is a judge involved?");
        assert_eq!(q.items[0].text_language, "en");
        assert_eq!(q.items[0].theme.id, "privacy");
        let warned: Vec<String> = a.diags.iter().map(|d| d.message.clone()).collect();
        assert!(
            warned.contains(&"question Q2 has no \"fr\" translation".to_string()),
            "{warned:#?}"
        );
        assert!(
            !warned.iter().any(|m| m.contains("question Q1")),
            "{warned:#?}"
        );
        // Another meeting's questions are its own: Sweden's pack has Q1
        // only, in English; the FOC meeting lists none and has no section.
        let sweden = pack(&a, "2024-04-10-sweden").questions.as_ref().unwrap();
        let ids: Vec<&str> = sweden.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["Q1"]);
        assert_eq!(sweden.items[0].text_language, "en");
        assert!(pack(&a, "2024-03-19-foc").questions.is_none());
    }

    #[test]
    fn the_questions_view_sets_each_state_that_asked_before_against_our_meetings() {
        let (campaign, a) = assembled(&[]);
        let view = a.questions.unwrap();
        assert_eq!(view.language, "en");
        assert_eq!(view.deadline, NaiveDate::from_ymd_opt(2024, 4, 27).unwrap());
        let states: Vec<(&str, &[u32])> = view
            .states
            .iter()
            .map(|s| (s.code.as_str(), s.cycles.as_slice()))
            .collect();
        assert_eq!(states, [("FR", &[3][..]), ("SE", &[2, 3][..])]);
        // Themes in id order, each with its questions and a row per state.
        let themes: Vec<(&str, Vec<&str>)> = view
            .themes
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    t.questions.iter().map(|q| q.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            themes,
            [("penal", vec!["Q3"]), ("privacy", vec!["Q1", "Q2"])]
        );
        let privacy = &view.themes[1];
        let rows: Vec<(&str, &[QuestionStatus])> = privacy
            .rows
            .iter()
            .map(|r| (r.code.as_str(), r.statuses.as_slice()))
            .collect();
        // France: met (held), asked for Q1 and Q2. Sweden: only a planned
        // meeting, which has asked nothing yet.
        assert_eq!(
            rows,
            [("FR", &[Asked, Asked][..]), ("SE", &[NotYet, NotYet][..])]
        );
        assert_eq!(view.themes[0].rows[0].statuses, [Met]);
        // The FOC meeting (France is a member) does not count for France.
        assert_eq!(status(&campaign, "NL", "Q1"), NotYet);
        // Held, Sweden's meeting asks for Q1.
        let held = "date: 2024-04-10\nlocation: Seoul\ncounterpart: { state: SE, institution: Embassy of Sweden }\ndelegation: [liv]\nstatus: held\noutcome: Done.\nquestions: [Q1]\n";
        let (campaign, _) = assembled(&[("meetings/2024-04-10-sweden.yaml", held)]);
        assert_eq!(status(&campaign, "SE", "Q1"), Asked);
        assert_eq!(status(&campaign, "SE", "Q2"), Met);
    }

    #[test]
    fn no_questions_no_view_and_nothing_in_the_packs() {
        let (campaign, sources, diags) = test_campaign(&[]);
        assert!(!diags.has_errors());
        let campaign = campaign.unwrap();
        assert!(!campaign.has_questions());
        let today = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let a = super::super::assemble(&campaign, &sources, today);
        assert!(a.questions.is_none());
        assert!(a.packs.iter().all(|p| p.questions.is_none()));
    }

    #[test]
    fn a_meeting_asking_for_questions_after_the_deadline_is_warned_once() {
        let late = |status: &str| {
            format!(
                "date: 2024-04-30\nlocation: Seoul\ncounterpart: {{ state: SE, institution: Embassy of Sweden }}\ndelegation: [liv]\nasks: [Ask.]\nstatus: {status}\noutcome: Done.\nquestions: [Q1]\n"
            )
        };
        for status in ["planned", "held"] {
            let text = late(status);
            let (_, a) = assembled(&[("meetings/2024-04-10-sweden.yaml", &text)]);
            let found: Vec<String> = a
                .diags
                .iter()
                .filter(|d| d.code == crate::diag::Code::AfterDeadline)
                .map(ToString::to_string)
                .collect();
            assert_eq!(found.len(), 1, "{status}: {found:#?}");
            assert!(
                found[0].contains("2024-04-10-sweden.yaml:8:12: warning[after-deadline]: the meeting asks for advance questions on 2024-04-30, after the deadline of 2024-04-27"),
                "{status}: {found:#?}"
            );
        }
        // On the deadline itself, in time.
        let in_time = late("planned").replace("2024-04-30", "2024-04-27");
        let (_, a) = assembled(&[("meetings/2024-04-10-sweden.yaml", &in_time)]);
        assert!(
            !a.diags
                .iter()
                .any(|d| d.code == crate::diag::Code::AfterDeadline)
        );
        // Without questions, a planned meeting after the deadline keeps the
        // warning at its date.
        let plain = late("planned").replace("questions: [Q1]\n", "");
        let (_, a) = assembled(&[("meetings/2024-04-10-sweden.yaml", &plain)]);
        let found: Vec<String> = a.diags.iter().map(ToString::to_string).collect();
        assert!(
            found.iter().any(|m| m.contains(
                ":1:7: warning[after-deadline]: the meeting (2024-04-30) is planned after"
            )),
            "{found:#?}"
        );
    }
}
