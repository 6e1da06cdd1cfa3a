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
