//! The view of one pack: what goes outside the coalition.
//!
//! Confidentiality by construction: these types have no field that could hold
//! talking points, an outcome, follow-ups, internal notes or the e-mail
//! address of a counterpart's person, so no template can print them.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::calendar::{Step, date_of};
use super::localize::{Localizer, pack_language, shown_in};
use super::tailor;
use crate::diag::Diagnostic;
use crate::normalize::{
    Campaign, Meeting, MeetingFormat, Party, RegionalGroup, Response, Review, Term,
};

#[derive(Debug, Clone, Serialize)]
pub struct PackView {
    pub id: String,
    pub language: String,
    pub date: NaiveDate,
    pub time: Option<String>,
    pub location: String,
    pub format: MeetingFormat,
    pub campaign: CampaignView,
    pub counterpart: CounterpartView,
    /// The coalition members at the meeting.
    pub delegation: Vec<MemberView>,
    pub recommendations: Vec<PackRecommendation>,
    /// What the coalition asks this counterpart to do.
    pub asks: Vec<String>,
    /// The advance questions the meeting asks the counterpart to send,
    /// with the deadline; `None` when it lists none.
    pub questions: Option<PackQuestions>,
}

/// The questions a pack suggests the counterpart send in advance.
#[derive(Debug, Clone, Serialize)]
pub struct PackQuestions {
    /// The deadline for advance questions on the review calendar.
    pub deadline: NaiveDate,
    /// The meeting's questions, in its order.
    pub items: Vec<PackQuestion>,
}

/// One advance question, in the view's language where it has a translation.
#[derive(Debug, Clone, Serialize)]
pub struct PackQuestion {
    pub id: String,
    pub text: String,
    /// The language `text` is in: the view's, or `en` standing in.
    pub text_language: String,
    /// The theme it is declared under.
    pub theme: ThemeView,
}

/// The questions `ids` in `lang`, in that order, each with its theme.
pub(super) fn question_views(
    campaign: &Campaign,
    ids: &[String],
    loc: &mut Localizer,
    lang: &str,
) -> Vec<PackQuestion> {
    ids.iter()
        .filter_map(|id| campaign.question(id))
        .map(|(theme, q)| {
            let (text, text_language) = loc.question(q, lang);
            PackQuestion {
                id: q.id.clone(),
                text,
                text_language,
                theme: ThemeView {
                    id: theme.id.clone(),
                    title: loc.theme(theme, lang),
                    title_language: shown_in(&theme.titles, lang),
                },
            }
        })
        .collect()
}

/// What every pack says about the campaign.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignView {
    pub title: String,
    /// The language `title` is in: the pack's, or `en` standing in for a
    /// missing translation. Every `*_language` field of a view says the
    /// same of its text, for the template to mark with `lang`.
    pub title_language: String,
    pub state_under_review: StateRef,
    pub review: Review,
    pub coalition: Vec<MemberView>,
}

impl CampaignView {
    /// The coalition members' names, as a document's author.
    pub fn coalition_names(&self) -> String {
        let names: Vec<&str> = self.coalition.iter().map(|m| m.name.as_str()).collect();
        names.join(", ")
    }
}

/// A coalition member, with the coalition's own public contact.
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub id: String,
    /// In the view's language when the member gives it, else in English.
    pub name: String,
    pub name_language: String,
    pub short: String,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    /// The member's logo, for the cover, with the member's name as its
    /// alternative text; not for templates.
    #[serde(skip)]
    pub logo: Option<crate::doc::Image>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StateRef {
    pub code: String,
    pub name: String,
    pub name_language: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CounterpartView {
    /// "France" or "Freedom Online Coalition", in the pack's language.
    pub name: String,
    pub name_language: String,
    pub institution: String,
    /// Names and titles only: never e-mail addresses.
    pub people: Vec<PersonView>,
    pub party: PartyView,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub name: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PartyView {
    State(StateProfileView),
    Organization(OrganizationView),
}

#[derive(Debug, Clone, Serialize)]
pub struct StateProfileView {
    pub code: String,
    /// The Council term that includes the review's year.
    pub council_term: Option<Term>,
    /// Any Council term the profile records, current or not.
    pub hrc_member: Option<Term>,
    /// `None` when the profile does not say.
    pub foc_member: Option<bool>,
    pub regional_group: Option<RegionalGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganizationView {
    pub id: String,
    pub member_count: usize,
    /// Members that sit on the Council in the review's year.
    pub members_on_council: Vec<CouncilSeat>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CouncilSeat {
    pub code: String,
    pub name: String,
    pub name_language: String,
    pub term: Term,
}

#[derive(Debug, Clone, Serialize)]
pub struct PackRecommendation {
    pub id: String,
    pub title: String,
    pub title_language: String,
    pub text: String,
    pub text_language: String,
    pub rationale: Option<String>,
    pub rationale_language: String,
    pub themes: Vec<ThemeView>,
    pub priority: u8,
    pub sources: Vec<SourceView>,
    /// Raised because the meeting lists it (rather than by theme).
    pub explicit: bool,
    /// The counterpart's own earlier recommendations that share a theme.
    pub prior: Vec<PriorView>,
    /// Those of `prior` quoted in full under another recommendation of the
    /// pack, by that recommendation, in the order of `prior`: the pack
    /// says once where they are.
    pub quoted_elsewhere: Vec<QuotedElsewhere>,
}

/// Earlier recommendations quoted in full under recommendation `under`.
#[derive(Debug, Clone, Serialize)]
pub struct QuotedElsewhere {
    pub under: String,
    pub priors: Vec<PriorRef>,
}

/// Which earlier recommendation: its cycle and reference.
#[derive(Debug, Clone, Serialize)]
pub struct PriorRef {
    pub cycle: u32,
    pub reference: Option<String>,
}

/// The priors of `prior` quoted under another recommendation, grouped by it.
fn quoted_elsewhere(prior: &[PriorView]) -> Vec<QuotedElsewhere> {
    let mut groups: Vec<QuotedElsewhere> = Vec::new();
    for p in prior {
        let Some(under) = &p.quoted_under else {
            continue;
        };
        let r = PriorRef {
            cycle: p.cycle,
            reference: p.reference.clone(),
        };
        match groups.iter_mut().find(|g| &g.under == under) {
            Some(g) => g.priors.push(r),
            None => groups.push(QuotedElsewhere {
                under: under.clone(),
                priors: vec![r],
            }),
        }
    }
    groups
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeView {
    pub id: String,
    pub title: String,
    pub title_language: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorView {
    /// When this earlier recommendation was already quoted beside another
    /// recommendation of the pack, that one's id: it is quoted once in full.
    pub quoted_under: Option<String>,
    pub cycle: u32,
    pub reference: Option<String>,
    pub text: String,
    /// The language `text` is quoted in.
    pub language: String,
    pub response: Response,
}

/// The coalition's members (those of `ids` only, when given), named in
/// `lang` where they give a name in it.
pub(super) fn member_views(
    campaign: &Campaign,
    ids: Option<&[String]>,
    lang: &str,
) -> Vec<MemberView> {
    campaign
        .coalition
        .iter()
        .filter(|m| ids.is_none_or(|ids| ids.contains(&m.id)))
        .map(|m| MemberView {
            id: m.id.clone(),
            name: m.names.get(lang).unwrap_or(&m.name).clone(),
            name_language: shown_in(&m.names, lang),
            short: m.short.clone(),
            website: m.website.clone(),
            contact_name: m.contact.as_ref().map(|c| c.name.clone()),
            contact_email: m.contact.as_ref().and_then(|c| c.email.clone()),
            logo: m.logo.as_ref().map(|l| l.file.clone().with_alt(&m.name)),
        })
        .collect()
}

pub(super) fn campaign_view(campaign: &Campaign, loc: &mut Localizer, lang: &str) -> CampaignView {
    let code = &campaign.state_under_review;
    CampaignView {
        title: loc.campaign_title(campaign, lang),
        title_language: shown_in(&campaign.titles, lang),
        state_under_review: StateRef {
            code: code.clone(),
            name: loc.state_name(campaign, code, lang),
            name_language: state_name_language(campaign, code, lang),
        },
        review: campaign.review.clone(),
        coalition: member_views(campaign, None, lang),
    }
}

/// Builds the pack of `meeting`.
pub fn pack(campaign: &Campaign, meeting: &Meeting, loc: &mut Localizer) -> PackView {
    let lang = pack_language(campaign, meeting);
    let year = campaign.review.date.year();
    let ((name, name_language), party, priorities, prior_pool) = match &meeting.counterpart.party {
        Party::State(code) => {
            let state = campaign.states.get(code);
            let view = StateProfileView {
                code: code.clone(),
                council_term: state.and_then(|s| s.council_term_in(year)),
                hrc_member: state.and_then(|s| s.hrc_member),
                foc_member: state.and_then(|s| s.foc_member),
                regional_group: state.and_then(|s| s.regional_group),
            };
            (
                (
                    loc.state_name(campaign, code, &lang),
                    state_name_language(campaign, code, &lang),
                ),
                PartyView::State(view),
                state.map(|s| s.priorities.clone()).unwrap_or_default(),
                state
                    .map(|s| s.prior_recommendations.as_slice())
                    .unwrap_or_default(),
            )
        }
        Party::Organization(id) => {
            let org = campaign.organizations.get(id);
            let members = org.map(|o| o.members.as_slice()).unwrap_or_default();
            let members_on_council = members
                .iter()
                .filter_map(|code| {
                    let s = campaign.states.get(code)?;
                    let term = s.council_term_in(year)?;
                    Some((code, term))
                })
                .map(|(code, term)| CouncilSeat {
                    code: code.clone(),
                    name: loc.state_name(campaign, code, &lang),
                    name_language: state_name_language(campaign, code, &lang),
                    term,
                })
                .collect();
            let view = OrganizationView {
                id: id.clone(),
                member_count: members.len(),
                members_on_council,
            };
            (
                org.map_or_else(
                    || (id.clone(), lang.clone()),
                    |o| (loc.organization(o, &lang), shown_in(&o.names, &lang)),
                ),
                PartyView::Organization(view),
                org.map(|o| o.priorities.clone()).unwrap_or_default(),
                &[][..],
            )
        }
    };
    let (selected, n_explicit) = tailor::select(campaign, meeting, &priorities);
    if n_explicit > campaign.max_recommendations_per_pack {
        let l = loc_of(loc, meeting);
        loc.diags.push(l.with_hint(format!(
            "all {n_explicit} are kept; the campaign's max_recommendations_per_pack is {}",
            campaign.max_recommendations_per_pack
        )));
    }
    // Index into the pool → the recommendation it was first quoted beside.
    let mut quoted: Vec<Option<String>> = vec![None; prior_pool.len()];
    let recommendations = selected
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let texts = loc.recommendation(r, &lang);
            let language = |field: &str| {
                let english = texts.in_english.contains(&field);
                if english { "en" } else { lang.as_str() }.to_string()
            };
            PackRecommendation {
                id: r.id.clone(),
                title_language: language("title"),
                text_language: language("text"),
                rationale_language: language("rationale"),
                title: texts.title,
                text: texts.text,
                rationale: texts.rationale,
                themes: r
                    .themes
                    .iter()
                    .filter_map(|t| campaign.themes.get(t))
                    .map(|t| ThemeView {
                        id: t.id.clone(),
                        title: loc.theme(t, &lang),
                        title_language: shown_in(&t.titles, &lang),
                    })
                    .collect(),
                priority: r.priority,
                sources: r
                    .sources
                    .iter()
                    .map(|s| SourceView {
                        title: s.title.clone(),
                        url: s.url.clone(),
                    })
                    .collect(),
                explicit: i < n_explicit,
                quoted_elsewhere: Vec::new(),
                prior: prior_pool
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.themes.iter().any(|t| r.themes.contains(t)))
                    .map(|(k, p)| PriorView {
                        quoted_under: first_quote(&mut quoted[k], &r.id),
                        cycle: p.cycle,
                        reference: p.reference.clone(),
                        text: p.text.clone(),
                        language: p.language.clone(),
                        response: p.response,
                    })
                    .collect(),
            }
        })
        .map(|mut r: PackRecommendation| {
            r.quoted_elsewhere = quoted_elsewhere(&r.prior);
            r
        })
        .collect();
    PackView {
        id: meeting.id.clone(),
        language: lang.clone(),
        date: meeting.date,
        time: meeting.time.clone(),
        location: meeting.location.clone(),
        format: meeting.format,
        campaign: campaign_view(campaign, loc, &lang),
        counterpart: CounterpartView {
            name,
            name_language,
            institution: meeting.counterpart.institution.clone(),
            people: meeting
                .counterpart
                .people
                .iter()
                .map(|p| PersonView {
                    name: p.name.clone(),
                    title: p.title.clone(),
                })
                .collect(),
            party,
        },
        delegation: member_views(campaign, Some(&meeting.delegation), &lang),
        recommendations,
        asks: meeting.asks.clone(),
        questions: pack_questions(campaign, meeting, loc, &lang),
    }
}

/// The meeting's advance questions with the deadline for sending them, or
/// `None` when it lists none.
fn pack_questions(
    campaign: &Campaign,
    meeting: &Meeting,
    loc: &mut Localizer,
    lang: &str,
) -> Option<PackQuestions> {
    let deadline = date_of(&campaign.review, Step::AdvanceQuestions)?;
    let items = question_views(campaign, &meeting.questions, loc, lang);
    (!items.is_empty()).then_some(PackQuestions { deadline, items })
}

/// The language a state's name is shown in: its profile's translation's,
/// else English (a state without a profile has its ISO 3166 English name).
fn state_name_language(campaign: &Campaign, code: &str, lang: &str) -> String {
    campaign
        .states
        .get(code)
        .map_or_else(|| "en".to_string(), |s| shown_in(&s.names, lang))
}

fn loc_of(loc: &Localizer, meeting: &Meeting) -> Diagnostic {
    let path = meeting.origin.path.key("recommendations");
    loc.warning_at(
        meeting.origin.file,
        &path,
        crate::diag::Code::OverCap,
        format!(
            "the meeting raises {} recommendations explicitly, more than the cap",
            meeting.recommendations.len()
        ),
    )
}

/// Records that an earlier recommendation is quoted beside `id`; returns the
/// recommendation it was already quoted beside, if any. Each recommendation
/// meets each earlier one once: a pack's ids are unique (normalize refuses an
/// id listed twice).
fn first_quote(slot: &mut Option<String>, id: &str) -> Option<String> {
    match slot {
        Some(first) => Some(first.clone()),
        None => {
            *slot = Some(id.to_string());
            None
        }
    }
}
