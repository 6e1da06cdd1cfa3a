//! Raw structs that mirror the input files key for key. Unknown keys are
//! rejected here; values are checked and resolved in `normalize`. Numbers that
//! have a range (priorities, cycles) are read as `i64` so that the range check
//! can report every problem, not only the first.
//!
//! The same structs give the JSON Schemas of the input files (`upr-brief
//! schema`, see `ingest::schema`): every field's doc comment is its
//! description there, so each one is written for the people who edit the
//! YAML. A list or map that may be left empty (`asks:` with nothing after it)
//! is read through `nullable` and declared as `Option<...>` to the schema.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// An empty value (`asks:` with nothing after it) reads as an empty list or map.
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `campaign.yaml`: the campaign, the coalition, the review and the stakeholder submission. Exactly one per inputs folder.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// The campaign's title, shown at the top of every page of every pack.
    pub title: String,
    /// The title in other languages, by language code (e.g. `{ fr: ..., es: ... }`); a pack in a language without one shows the English title, with a warning.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub titles: BTreeMap<String, String>,
    /// ISO 3166-1 alpha-2 code, upper case, of the state under review (e.g. `VN`).
    pub state_under_review: String,
    /// The review: cycle, Working Group session and date.
    pub review: Review,
    /// The default pack language: one of the six official languages of the UN, `ar`, `zh`, `en`, `fr`, `ru` or `es` (or one a templates folder adds).
    pub language: String,
    /// The paper size of the PDF and DOCX files: `A4` (the default) or `Letter`.
    #[serde(default)]
    pub page_size: PageSize,
    /// The IANA time zone the meetings' times are in (e.g. `Asia/Seoul`, `Europe/Zurich`), for `calendar.ics`; without it, a meeting's time is a floating local time.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Who the tracked changes of a redline (`changes/<meeting-id>.docx`) are by, as Word's Review pane lists them; default the coalition's short names, e.g. `LIV, OpenNet, IJC`.
    #[serde(default)]
    pub handover_author: Option<String>,
    /// At most this many recommendations in a pack (default 10); the ones a meeting lists explicitly are never dropped.
    #[serde(default = "default_max_recommendations")]
    pub max_recommendations_per_pack: i64,
    /// The coalition's member organisations, in the order the packs name them.
    pub coalition: Vec<Member>,
    /// The coalition's stakeholder submission, when it writes one.
    #[serde(default)]
    pub submission: Option<Submission>,
    /// Speaker's scripts (`statements/<id>.pdf`, `.docx`): oral statements with the running time at the end of each paragraph; `check` refuses one that runs over its `minutes`. Public, like the packs.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<Statement>>")]
    pub statements: Vec<Statement>,
}

fn default_max_recommendations() -> i64 {
    10
}

/// The Universal Periodic Review of the state under review.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The UPR cycle, numbered from 1 (e.g. 4).
    pub cycle: i64,
    /// The Working Group session of the review (e.g. 46).
    pub session: i64,
    /// The date of the review, `YYYY-MM-DD`.
    pub date: String,
    /// The deadline for stakeholder submissions, `YYYY-MM-DD` (OHCHR sets it for each session; it is shown only when given).
    #[serde(default)]
    pub submission_deadline: Option<String>,
    /// The date of the pre-session in Geneva, `YYYY-MM-DD` (shown only when given).
    #[serde(default)]
    pub pre_session: Option<String>,
    /// When the three documents of the review are published, `YYYY-MM-DD`; default: six weeks before the review.
    #[serde(default)]
    pub documents: Option<String>,
    /// The deadline for states' advance questions, `YYYY-MM-DD`; default: ten days before the review.
    #[serde(default)]
    pub advance_questions: Option<String>,
    /// When the list of recommendations is published, `YYYY-MM-DD`; default: two days (48 hours) after the review.
    #[serde(default)]
    pub recommendations_list: Option<String>,
    /// When the Human Rights Council adopts the outcome, `YYYY-MM-DD`; default: the month of the Council's regular session (March, June or September) that follows the review by at least three months.
    #[serde(default)]
    pub adoption: Option<String>,
    /// When the mid-term report is due, `YYYY-MM-DD`; default: the month two and a half years after the review.
    #[serde(default)]
    pub mid_term_report: Option<String>,
}

/// The paper size of the documents.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema, PartialEq, Eq, Serialize)]
pub enum PageSize {
    #[default]
    A4,
    Letter,
}

/// A member organisation of the coalition.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// A slug (lower case letters, digits and `-`) that meetings use in `delegation` and follow-ups in `owner`.
    pub id: String,
    /// The organisation's full name.
    pub name: String,
    /// The name in other languages, by language code (e.g. `{ ar: ..., zh: ... }`); a document in a language without one shows `name`.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub names: BTreeMap<String, String>,
    /// A short name or acronym (e.g. `LIV`).
    pub short: String,
    /// The organisation's website, `https://...`.
    #[serde(default)]
    pub website: Option<String>,
    /// A logo image, relative to the inputs folder.
    #[serde(default)]
    pub logo: Option<String>,
    /// The organisation's public contact for this campaign, printed in the packs; the first member with an e-mail address sends the draft e-mails.
    #[serde(default)]
    pub contact: Option<Contact>,
}

/// A coalition member's public contact.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The contact person's name.
    pub name: String,
    /// The contact's e-mail address, printed in the packs.
    #[serde(default)]
    pub email: Option<String>,
}

/// The coalition's stakeholder submission for the review.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// `joint` (several organisations, 5,630 words at most) or `individual` (2,815 words at most).
    pub kind: SubmissionKind,
    /// Key words listed at the top of the submission.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub keywords: Vec<String>,
    /// Whether the endnotes' words count in the word limit (default true);
    /// the printed count says which.
    #[serde(default)]
    pub endnotes_count: Option<bool>,
    /// The submission's sections, before its recommendations.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<Section>>")]
    pub sections: Vec<Section>,
}

/// Whether one organisation or several make the submission.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubmissionKind {
    Joint,
    Individual,
}

/// An oral statement the coalition delivers, as its speaker reads it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// A slug (lower case letters, digits and `-`): the name of its files, `statements/<id>.pdf` and `.docx`.
    pub id: String,
    /// The statement's title, at its top.
    pub title: String,
    /// When it is delivered: `pre-session` (5 to 7 minutes a speaker, sent two weeks ahead, in English), `adoption` (about two minutes for an organisation when the Council adopts the outcome) or `other`.
    pub kind: StatementKind,
    /// How long the speaker may speak, in minutes (e.g. `6`, or `1.5`); a statement that runs longer is an error.
    pub minutes: f64,
    /// The language it is delivered in (`ar`, `zh`, `en`, `fr`, `ru`, `es`, or one a templates folder adds).
    pub language: String,
    /// The speaker's pace: words a minute (default 120), or for a language written without spaces between words (Chinese, Japanese) characters a minute (default 250).
    #[serde(default)]
    pub words_per_minute: Option<i64>,
    /// The statement's sections, in the order they are read; each paragraph of a body is numbered and timed.
    pub sections: Vec<Section>,
}

/// When an oral statement is delivered.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatementKind {
    PreSession,
    Adoption,
    Other,
}

/// A section of the submission or of a statement.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's heading.
    pub title: String,
    /// The section's text, paragraphs separated by a blank line; inline
    /// Markdown (emphasis, strong, links) is kept, and Markdown footnotes
    /// (`[^1]`, defined on a line `[^1]: …`) become endnotes.
    pub body: String,
}

/// `states/*.yaml`: the profile of one state, a counterpart or a member of an organisation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// ISO 3166-1 alpha-2 code, upper case (e.g. `SE`); quote `"NO"` for Norway.
    pub code: String,
    /// The state's name in English.
    pub name: String,
    /// The state's name in other languages, by language code (e.g. `{ fr: Suède, es: Suecia, ru: Швеция, zh: 瑞典, ar: السويد }`); a pack, summary or submission in a language without one shows the English name, with a warning.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub names: BTreeMap<String, String>,
    /// The language of packs for this state (`ar`, `zh`, `en`, `fr`, `ru`, `es`, or one a templates folder adds); else the campaign's.
    #[serde(default)]
    pub language: Option<String>,
    /// The state's term on the Human Rights Council, if it has one.
    #[serde(default)]
    pub hrc_member: Option<Term>,
    /// Whether the state is a member of the Freedom Online Coalition; leave it out when not known, and packs say nothing about it.
    #[serde(default)]
    pub foc_member: Option<bool>,
    /// The state's UN regional group.
    #[serde(default)]
    pub regional_group: Option<RegionalGroup>,
    /// Theme ids the state cares about; recommendations on these themes go into its packs.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub priorities: Vec<String>,
    /// Recommendations this state made to the state under review in earlier cycles, quoted in its packs.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<PriorRecommendation>>")]
    pub prior_recommendations: Vec<PriorRecommendation>,
    /// The UPR cycles in which the state sent questions in advance to the state under review (e.g. `[2, 3]`), as the Working Group's report names them; `questions.pdf` lists these states beside each advance question.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<i64>>")]
    pub advance_questions: Vec<i64>,
}

/// A term on the Human Rights Council, in inclusive years.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The first year of the term (e.g. 2024).
    pub from: i64,
    /// The last year of the term (e.g. 2026).
    pub to: i64,
}

/// The five regional groups of the United Nations.
#[derive(
    Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Serialize,
)]
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

/// A recommendation the state made to the state under review in an earlier cycle.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorRecommendation {
    /// The cycle in which it was made, earlier than the campaign's.
    pub cycle: i64,
    /// Where it is found, free text (e.g. `A/HRC/41/7 para 38.168`).
    #[serde(rename = "ref", default)]
    pub reference: Option<String>,
    /// The recommendation's text, as the report of the Working Group gives it.
    pub text: String,
    /// The response of the state under review: `supported` or `noted`.
    pub response: Response,
    /// Theme ids; it is quoted beside the pack's recommendations that share one.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub themes: Vec<String>,
    /// The language of `text`, a BCP 47 tag such as `en`, `fr` or `es` (no language file needed); packs quote the text in it and mark it so. Default `en`.
    #[serde(default)]
    pub language: Option<String>,
}

/// The response of the state under review to a recommendation.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Response {
    Supported,
    Noted,
}

/// `organizations/*.yaml`: the profile of an organisation of states met as one counterpart (e.g. the Freedom Online Coalition).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// A slug (lower case letters, digits and `-`) that meetings use in `counterpart.organization`.
    pub id: String,
    /// The organisation's full name.
    pub name: String,
    /// The name in other languages, by language code (e.g. `{ fr: Coalition pour la liberté en ligne }`); a pack in a language without one shows the English name, with a warning.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub names: BTreeMap<String, String>,
    /// The member states' ISO 3166-1 alpha-2 codes; a member need not have a profile.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub members: Vec<String>,
    /// Theme ids the organisation cares about; recommendations on these themes go into its packs.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub priorities: Vec<String>,
}

/// `recommendations/*.yaml`: themes and the coalition's recommendations.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationFile {
    /// The themes this file declares; every theme used anywhere is declared in some file.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<Theme>>")]
    pub themes: Vec<Theme>,
    /// The recommendations; their ids are unique across all files.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<Recommendation>>")]
    pub items: Vec<Recommendation>,
}

/// A theme that recommendations, priorities and meetings refer to by id.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// A slug (lower case letters, digits and `-`), e.g. `freedom-of-expression`.
    pub id: String,
    /// The theme's title in English.
    pub title: String,
    /// The theme's title in other languages, by language code.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub titles: BTreeMap<String, String>,
    /// The themes of the UN's Universal Human Rights Index this theme covers, as the Index writes them (e.g. `Freedom of opinion and expression`): recommendations brought in by `upr-brief import uhri` with one of them get this theme.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub uhri: Vec<String>,
    /// Questions on this theme that states could send in advance of the review; a meeting lists those it asks its counterpart to put (`questions: [Q1]`).
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<Question>>")]
    pub questions: Vec<Question>,
}

/// A question a state could send to the state under review in advance of the review.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique across all files, e.g. `Q1`; upper case letters are allowed.
    pub id: String,
    /// The question in English; inline Markdown is kept.
    pub text: String,
    /// The question in other languages, by language code (`ar`, `zh`, `fr`, `ru`, `es`); a document in a language without one shows the English text, with a warning.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub translations: BTreeMap<String, String>,
}

/// A recommendation the coalition asks states to make.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// Unique across all files, e.g. `R01`; upper case letters are allowed.
    pub id: String,
    /// A short title in English.
    pub title: String,
    /// The recommendation's text in English; inline Markdown is kept.
    pub text: String,
    /// Why it matters, in English; inline Markdown is kept.
    #[serde(default)]
    pub rationale: Option<String>,
    /// Theme ids; packs select recommendations whose themes meet the counterpart's priorities.
    pub themes: Vec<String>,
    /// 1 (highest) to 5; packs list the selected recommendations by priority, then id.
    pub priority: i64,
    /// Sources quoted under the recommendation.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<Source>>")]
    pub sources: Vec<Source>,
    /// Translations by language code (`ar`, `zh`, `fr`, `ru`, `es`); missing texts fall back to English with a warning.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<BTreeMap<String, Translation>>")]
    pub translations: BTreeMap<String, Translation>,
}

/// A source of a recommendation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source's title.
    pub title: String,
    /// The source's address, `https://...`.
    pub url: String,
}

/// A recommendation in another language; what is left out stays in English.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The translated title.
    #[serde(default)]
    pub title: Option<String>,
    /// The translated text.
    #[serde(default)]
    pub text: Option<String>,
    /// The translated rationale.
    #[serde(default)]
    pub rationale: Option<String>,
}

/// `meetings/*.yaml`: one meeting with an embassy, a delegation or an organisation. Talking points, outcome, follow-ups, internal notes and people's e-mail addresses stay inside the coalition: they are never in a pack.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// The meeting's id and the name of its pack; defaults to the file name without `.yaml`.
    #[serde(default)]
    pub id: Option<String>,
    /// The date of the meeting, `YYYY-MM-DD`.
    pub date: String,
    /// The time of the meeting, `HH:MM` (quote it: `"14:00"`).
    #[serde(default)]
    pub time: Option<String>,
    /// How long the meeting lasts, in minutes (default 60; at most 720), for `calendar.ics`.
    #[serde(default)]
    pub duration: Option<i64>,
    /// Where the meeting takes place.
    pub location: String,
    /// `formal` (the default) or `informal`.
    #[serde(default)]
    pub format: MeetingFormat,
    /// Whom the coalition meets: a state or an organisation, the institution and its people.
    pub counterpart: Counterpart,
    /// The ids of the coalition members at the meeting.
    pub delegation: Vec<String>,
    /// The coalition member whose contact sends the meeting's e-mail draft;
    /// by default the first of the delegation with a contact e-mail.
    #[serde(default)]
    pub lead: Option<String>,
    /// The pack's language (`ar`, `zh`, `en`, `fr`, `ru`, `es`, or one a templates folder adds); else the state's, else the campaign's.
    #[serde(default)]
    pub language: Option<String>,
    /// Extra theme ids: recommendations on these themes also go into the pack.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub themes: Vec<String>,
    /// Recommendation ids raised first in the pack, in this order; never dropped.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub recommendations: Vec<String>,
    /// Ids of advance questions (declared under a theme's `questions:`) the coalition asks this counterpart to send to the state under review, in this order; printed in its pack with the deadline for advance questions.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub questions: Vec<String>,
    /// The delegation's own speaking notes. Internal: never in a pack or an e-mail.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub talking_points: Vec<String>,
    /// What the coalition asks this counterpart to do; printed in its pack.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub asks: Vec<String>,
    /// `planned` (the default) or `held`.
    #[serde(default)]
    pub status: Status,
    /// What came of the meeting. Internal: never in a pack or an e-mail.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Actions after the meeting. Internal: never in a pack or an e-mail.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<FollowUp>>")]
    pub follow_up: Vec<FollowUp>,
    /// Notes for the coalition only. Internal: never in a pack or an e-mail.
    #[serde(default)]
    pub internal_notes: Option<String>,
}

/// Whether a meeting is formal or informal.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MeetingFormat {
    #[default]
    Formal,
    Informal,
}

/// Whether a meeting is still planned or has been held.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Planned,
    Held,
}

/// Whom a meeting is with: exactly one of `state` and `organization`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Counterpart {
    /// The code of a state profile (e.g. `FR`), when the counterpart is a state.
    #[serde(default)]
    pub state: Option<String>,
    /// The id of an organisation profile (e.g. `foc`), when the counterpart is an organisation.
    #[serde(default)]
    pub organization: Option<String>,
    /// The institution met, e.g. `Embassy of France in the Republic of Korea`.
    pub institution: String,
    /// The people met; their names and titles are printed in the pack.
    #[serde(default, deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<Person>>")]
    pub people: Vec<Person>,
}

/// A person met.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The person's name, printed in the pack and used to greet them in the draft e-mail.
    pub name: String,
    /// The person's title or function (e.g. `Political Officer`).
    #[serde(default)]
    pub title: Option<String>,
    /// The person's e-mail address. Internal: never in a pack; `upr-brief mail` uses it only as the address of this person's draft.
    #[serde(default)]
    pub email: Option<String>,
    /// How the draft e-mail greets this person, written out in the pack's language (e.g. `Dear Ms Martin`, `Madame la Conseillère`, `Уважаемая госпожа Мартен`). Without it, the draft greets the person by name and title in a formula that assumes no gender.
    #[serde(default)]
    pub salutation: Option<String>,
}

/// An action after a meeting. Internal: never in a pack or an e-mail.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// What is to be done.
    pub action: String,
    /// The id of the coalition member who does it.
    pub owner: String,
    /// When it is due, `YYYY-MM-DD`.
    #[serde(default)]
    pub due: Option<String>,
    /// Whether it is done (default `false`).
    #[serde(default)]
    pub done: bool,
}
