//! The views of the draft e-mails: one per person met who has an e-mail
//! address, from the coalition's contact.
//!
//! Confidentiality by construction, as for packs: [`MailView`], all that the
//! mail template sees, has no field that could hold talking points, an
//! outcome, follow-ups, internal notes or anybody's e-mail address. The one
//! address a draft needs, its recipient's, is kept beside the view in
//! [`Addressed`] and goes only into the `To:` header.

use chrono::NaiveDate;
use serde::Serialize;

use super::pack::{CampaignView, PackView, PersonView};
use crate::normalize::Campaign;

/// Who sends the drafts: the first coalition member whose contact has an
/// e-mail address.
#[derive(Debug, Clone)]
pub struct Sender {
    /// The contact's name.
    pub name: String,
    pub email: String,
    /// The member organisation's full name.
    pub organization: String,
}

/// What the mail template may print about the sender.
#[derive(Debug, Clone, Serialize)]
pub struct SenderView {
    pub name: String,
    pub organization: String,
}

/// What the mail template sees of one draft.
#[derive(Debug, Clone, Serialize)]
pub struct MailView {
    /// The meeting's id, as in the pack's file name.
    pub id: String,
    /// The pack's language, which the draft is written in.
    pub language: String,
    /// The person written to: name and title only.
    pub person: PersonView,
    /// "France" or "Freedom Online Coalition", in the pack's language.
    pub counterpart: String,
    pub institution: String,
    /// The meeting's date and time.
    pub date: NaiveDate,
    pub time: Option<String>,
    pub campaign: CampaignView,
    pub sender: SenderView,
}

/// One draft's view and the only address it goes to.
#[derive(Debug, Clone)]
pub struct Addressed {
    /// The person's place in the meeting's `people`, from 1: the `<n>` of
    /// `<meeting-id>--<n>.eml`, stable when others lack an address.
    pub number: usize,
    /// The recipient's name and address, for the `To:` header only.
    pub to_name: String,
    pub to_email: String,
    pub view: MailView,
}

/// The sender of every draft, if any coalition member has a contact e-mail.
pub fn sender(campaign: &Campaign) -> Option<Sender> {
    campaign.coalition.iter().find_map(|m| {
        let contact = m.contact.as_ref()?;
        Some(Sender {
            name: contact.name.clone(),
            email: contact.email.clone()?,
            organization: m.name.clone(),
        })
    })
}

/// The drafts of one pack: one per person of its meeting with an e-mail
/// address, in the meeting's order.
pub fn drafts(campaign: &Campaign, pack: &PackView, sender: &Sender) -> Vec<Addressed> {
    let Some(meeting) = campaign.meetings.iter().find(|m| m.id == pack.id) else {
        return Vec::new();
    };
    meeting
        .counterpart
        .people
        .iter()
        .zip(&pack.counterpart.people)
        .enumerate()
        .filter_map(|(i, (person, shown))| {
            Some(Addressed {
                number: i + 1,
                to_name: person.name.clone(),
                to_email: person.email.clone()?,
                view: MailView {
                    id: pack.id.clone(),
                    language: pack.language.clone(),
                    person: shown.clone(),
                    counterpart: pack.counterpart.name.clone(),
                    institution: pack.counterpart.institution.clone(),
                    date: pack.date,
                    time: pack.time.clone(),
                    campaign: pack.campaign.clone(),
                    sender: SenderView {
                        name: sender.name.clone(),
                        organization: sender.organization.clone(),
                    },
                },
            })
        })
        .collect()
}
