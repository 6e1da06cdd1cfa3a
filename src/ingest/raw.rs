//! Raw structs that mirror the input files key for key. Unknown keys are
//! rejected here; values are checked and resolved in `normalize`. Numbers that
//! have a range (priorities, cycles) are read as `i64` so that the range check
//! can report every problem, not only the first.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// An empty value (`asks:` with nothing after it) reads as an empty list or map.
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `campaign.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub title: String,
    pub state_under_review: String,
    pub review: Review,
    pub language: String,
    #[serde(default)]
    pub page_size: PageSize,
    #[serde(default = "default_max_recommendations")]
    pub max_recommendations_per_pack: i64,
    pub coalition: Vec<Member>,
    #[serde(default)]
    pub submission: Option<Submission>,
}

fn default_max_recommendations() -> i64 {
    10
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub cycle: i64,
    pub session: i64,
    pub date: String,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Serialize)]
pub enum PageSize {
    #[default]
    A4,
    Letter,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub short: String,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub kind: SubmissionKind,
    #[serde(default, deserialize_with = "nullable")]
    pub keywords: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubmissionKind {
    Joint,
    Individual,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    pub body: String,
}

/// `states/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub code: String,
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub names: BTreeMap<String, String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub hrc_member: Option<Term>,
    /// `None` when membership is not known: packs then say nothing about it.
    #[serde(default)]
    pub foc_member: Option<bool>,
    #[serde(default)]
    pub regional_group: Option<RegionalGroup>,
    #[serde(default, deserialize_with = "nullable")]
    pub priorities: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub prior_recommendations: Vec<PriorRecommendation>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub from: i64,
    pub to: i64,
}

/// The five regional groups of the United Nations.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum RegionalGroup {
    African,
    #[serde(rename = "Asia-Pacific")]
    AsiaPacific,
    #[serde(rename = "Eastern European")]
    EasternEuropean,
    #[serde(rename = "GRULAC")]
    Grulac,
    #[serde(rename = "WEOG")]
    Weog,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorRecommendation {
    pub cycle: i64,
    #[serde(rename = "ref", default)]
    pub reference: Option<String>,
    pub text: String,
    pub response: Response,
    #[serde(default, deserialize_with = "nullable")]
    pub themes: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Response {
    Supported,
    Noted,
}

/// `organizations/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: String,
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub members: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub priorities: Vec<String>,
}

/// `recommendations/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationFile {
    #[serde(default, deserialize_with = "nullable")]
    pub themes: Vec<Theme>,
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<Recommendation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub title: String,
    #[serde(default, deserialize_with = "nullable")]
    pub titles: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub id: String,
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub rationale: Option<String>,
    pub themes: Vec<String>,
    pub priority: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub sources: Vec<Source>,
    #[serde(default, deserialize_with = "nullable")]
    pub translations: BTreeMap<String, Translation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub rationale: Option<String>,
}

/// `meetings/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    #[serde(default)]
    pub id: Option<String>,
    pub date: String,
    #[serde(default)]
    pub time: Option<String>,
    pub location: String,
    #[serde(default)]
    pub format: MeetingFormat,
    pub counterpart: Counterpart,
    pub delegation: Vec<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub themes: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub recommendations: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub talking_points: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub asks: Vec<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub follow_up: Vec<FollowUp>,
    #[serde(default)]
    pub internal_notes: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MeetingFormat {
    #[default]
    Formal,
    Informal,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Planned,
    Held,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counterpart {
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub organization: Option<String>,
    pub institution: String,
    #[serde(default, deserialize_with = "nullable")]
    pub people: Vec<Person>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub action: String,
    pub owner: String,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub done: bool,
}
