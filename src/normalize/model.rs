//! The typed campaign model: every text NFC-normalised and trimmed, every date
//! parsed, every reference resolved. Later stages read it and never see raw
//! YAML.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::source::{FileId, YPath};

pub use crate::ingest::raw::{
    MeetingFormat, PageSize, RegionalGroup, Response, StatementKind, Status, SubmissionKind,
};

/// A whole campaign: `campaign.yaml` and every profile, list and meeting.
#[derive(Debug, Clone, Serialize)]
pub struct Campaign {
    pub title: String,
    /// The title in other languages, by language code.
    pub titles: BTreeMap<String, String>,
    /// ISO 3166-1 alpha-2 code of the state under review.
    pub state_under_review: String,
    pub review: Review,
    /// The default pack language.
    pub language: String,
    pub page_size: PageSize,
    /// The IANA time zone of the meetings' times, as the database names it.
    pub time_zone: Option<String>,
    /// The author of a redline's tracked changes (`handover_author`, else
    /// the coalition's short names).
    pub handover_author: String,
    pub max_recommendations_per_pack: usize,
    pub coalition: Vec<Member>,
    pub submission: Option<Submission>,
    /// The speaker's scripts, in the order `campaign.yaml` lists them.
    pub statements: Vec<Statement>,
    /// State profiles by code.
    pub states: BTreeMap<String, State>,
    /// Organisation profiles by id.
    pub organizations: BTreeMap<String, Organization>,
    /// Declared themes by id.
    pub themes: BTreeMap<String, Theme>,
    /// Recommendations by id.
    pub recommendations: BTreeMap<String, Recommendation>,
    /// Meetings in date, time and id order.
    pub meetings: Vec<Meeting>,
    /// The recorded handovers of each meeting's pack, by meeting id, oldest
    /// first (`handovers/`); only of meetings that exist.
    #[serde(skip)]
    pub handovers: BTreeMap<String, Vec<Handover>>,
    /// Where `campaign.yaml` defines the title, for diagnostics.
    #[serde(skip)]
    pub origin: Origin,
}

impl Campaign {
    /// The advance question `id` and the theme it is declared under.
    pub fn question(&self, id: &str) -> Option<(&Theme, &Question)> {
        self.themes
            .values()
            .find_map(|t| t.questions.iter().find(|q| q.id == id).map(|q| (t, q)))
    }

    /// Whether any theme has advance questions (then `questions.pdf` is written).
    pub fn has_questions(&self) -> bool {
        self.themes.values().any(|t| !t.questions.is_empty())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub cycle: u32,
    pub session: u32,
    pub date: NaiveDate,
    /// The dates `campaign.yaml` gives explicitly; each overrides its rule
    /// (see `assemble::calendar`). Not serialized: only the calendar shows
    /// them, so a pack's fingerprint (its view, which holds the review)
    /// ignores them.
    #[serde(skip)]
    pub dates: ReviewDates,
}

/// The explicit dates of the review calendar, each checked to fall on the
/// right side of the review.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReviewDates {
    pub submission_deadline: Option<NaiveDate>,
    pub pre_session: Option<NaiveDate>,
    pub documents: Option<NaiveDate>,
    pub advance_questions: Option<NaiveDate>,
    pub recommendations_list: Option<NaiveDate>,
    pub adoption: Option<NaiveDate>,
    pub mid_term_report: Option<NaiveDate>,
}

/// A coalition member.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// The name in other languages, by language code.
    pub names: BTreeMap<String, String>,
    pub short: String,
    pub website: Option<String>,
    /// The member's logo, read and checked.
    pub logo: Option<Logo>,
    pub contact: Option<Contact>,
}

/// A coalition member's logo: where it is and the file found there.
#[derive(Debug, Clone, Serialize)]
pub struct Logo {
    /// Relative to the inputs folder; checked to stay inside it.
    pub path: PathBuf,
    /// The file, read once and checked to be a picture a document can
    /// hold; its alternative text is the views' choice.
    #[serde(skip)]
    pub file: crate::doc::ImageFile,
}

#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Submission {
    pub kind: SubmissionKind,
    pub keywords: Vec<String>,
    /// Whether the endnotes count in the word limit.
    pub endnotes_count: bool,
    pub sections: Vec<Section>,
}

impl SubmissionKind {
    /// The UN's word limit for a stakeholder submission of this kind.
    pub fn word_limit(self) -> usize {
        match self {
            SubmissionKind::Joint => 5630,
            SubmissionKind::Individual => 2815,
        }
    }
}

/// An oral statement: a speaker's script, timed.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub id: String,
    pub title: String,
    pub kind: StatementKind,
    /// The time the speaker has, in minutes (positive).
    pub minutes: f64,
    /// The language it is delivered in (one with a language file).
    pub language: String,
    /// The speaker's pace as given (words, or characters, a minute); the
    /// default is the timing rule's (`assemble::statement`).
    pub words_per_minute: Option<u32>,
    pub sections: Vec<Section>,
    /// Where `campaign.yaml` gives it (`statements[i]`), for diagnostics.
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct State {
    pub code: String,
    pub name: String,
    /// Translated names by language.
    pub names: BTreeMap<String, String>,
    pub language: Option<String>,
    pub hrc_member: Option<Term>,
    pub foc_member: Option<bool>,
    pub regional_group: Option<RegionalGroup>,
    pub priorities: Vec<String>,
    pub prior_recommendations: Vec<PriorRecommendation>,
    /// The cycles in which the state sent questions in advance, ascending.
    pub advance_questions: Vec<u32>,
    pub file: PathBuf,
    /// Where in the inputs it was defined, for diagnostics.
    #[serde(skip)]
    pub origin: Origin,
}

/// A term on the Human Rights Council, inclusive years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    pub from: i32,
    pub to: i32,
}

impl Term {
    pub fn covers(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

impl State {
    /// The Council term that includes `year`, if the state sat on the Council then.
    pub fn council_term_in(&self, year: i32) -> Option<Term> {
        self.hrc_member.filter(|t| t.covers(year))
    }
}

/// A recommendation this state made to the state under review in an earlier cycle.
#[derive(Debug, Clone, Serialize)]
pub struct PriorRecommendation {
    pub cycle: u32,
    pub reference: Option<String>,
    pub text: String,
    pub response: Response,
    pub themes: Vec<String>,
    /// The language of `text`: a checked BCP 47 tag, `en` by default.
    pub language: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// The name in other languages, by language code.
    pub names: BTreeMap<String, String>,
    /// State codes; a member need not have a profile.
    pub members: Vec<String>,
    pub priorities: Vec<String>,
    pub file: PathBuf,
    /// Where in the inputs it was defined, for diagnostics.
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    pub id: String,
    pub title: String,
    pub titles: BTreeMap<String, String>,
    /// The Universal Human Rights Index themes it covers, as declared.
    pub uhri: Vec<String>,
    /// The advance questions on this theme, in their file's order.
    pub questions: Vec<Question>,
    pub file: PathBuf,
    /// Where in the inputs it was defined, for diagnostics.
    #[serde(skip)]
    pub origin: Origin,
}

/// A question a state could send in advance of the review.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    /// In English; inline Markdown.
    pub text: String,
    /// The text in other languages, by language code.
    pub translations: BTreeMap<String, String>,
    /// Where in the inputs it was defined, for diagnostics.
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    pub id: String,
    pub title: String,
    pub text: String,
    pub rationale: Option<String>,
    pub themes: Vec<String>,
    /// 1 (highest) to 5.
    pub priority: u8,
    pub sources: Vec<Source>,
    pub translations: BTreeMap<String, Translation>,
    pub file: PathBuf,
    /// Where in the inputs it was defined, for diagnostics.
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Translation {
    pub title: Option<String>,
    pub text: Option<String>,
    pub rationale: Option<String>,
}

/// A meeting record, internal fields included. Only the summary sees it whole;
/// packs are built from the parts `assemble` copies out.
#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    pub id: String,
    pub date: NaiveDate,
    /// `HH:MM`.
    pub time: Option<String>,
    /// In minutes.
    pub duration: u32,
    pub location: String,
    pub format: MeetingFormat,
    pub counterpart: Counterpart,
    pub delegation: Vec<String>,
    /// Whose contact sends the e-mail draft (a coalition id), when given.
    pub lead: Option<String>,
    pub language: Option<String>,
    pub themes: Vec<String>,
    pub recommendations: Vec<String>,
    /// Advance questions asked of the counterpart, by id, in order.
    pub questions: Vec<String>,
    pub talking_points: Vec<String>,
    pub asks: Vec<String>,
    pub status: Status,
    pub outcome: Option<String>,
    pub follow_up: Vec<FollowUp>,
    pub internal_notes: Option<String>,
    pub file: PathBuf,
    /// Where in the inputs it was defined, for diagnostics.
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counterpart {
    pub party: Party,
    pub institution: String,
    pub people: Vec<Person>,
}

/// Whom a meeting is with: a state profile's code or an organisation's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    State(String),
    Organization(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    /// How a draft e-mail greets the person; only the draft shows it.
    pub salutation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    pub action: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
}

/// One recorded handover of a meeting's pack (`handovers/<id>.yaml`).
#[derive(Debug, Clone)]
pub struct Handover {
    pub date: NaiveDate,
    /// The names of the people it was given to.
    pub to: Vec<String>,
    /// The pack's language then.
    pub language: String,
    pub formats: Vec<crate::ingest::handover::HandedFormat>,
    /// The fingerprint of the pack's text then (`doc::text::fingerprint`).
    pub fingerprint: String,
    pub note: Option<String>,
    /// What the pack said then, in the domain's terms.
    pub pack: crate::ingest::handover::PackRecord,
    /// The pack's text then, block by block.
    pub document: Vec<crate::doc::text::TextBlock>,
    /// The entry in its file.
    pub origin: Origin,
}

/// The file and the place in it where a value was defined.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub file: FileId,
    pub path: YPath,
}
