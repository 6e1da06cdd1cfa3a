//! The views of the draft e-mails: one per meeting, to every person met who
//! has an e-mail address, from the contact of the meeting's lead.
//!
//! Confidentiality by construction, as for packs: [`MailView`], all that the
//! mail template sees, has no field that could hold talking points, an
//! outcome, follow-ups, internal notes or anybody's e-mail address. The
//! addresses a draft needs, its recipients', are kept beside the view in
//! [`Addressed`] and go only into the `To:` header.

use chrono::NaiveDate;
use serde::Serialize;

use super::handover::{ChangeLabel, HandoverStatus};
use super::pack::{CampaignView, PackView};
use crate::normalize::{Campaign, Meeting};

/// Who sends a draft: the contact of a coalition member.
#[derive(Debug, Clone)]
pub struct Sender {
    /// The contact's name.
    pub name: String,
    pub email: String,
    /// The member organisation's full name.
    pub organization: String,
    /// Its full name in other languages, by language.
    pub names: std::collections::BTreeMap<String, String>,
}

/// What the mail template may print about the sender.
#[derive(Debug, Clone, Serialize)]
pub struct SenderView {
    pub name: String,
    pub organization: String,
}

/// A person written to: what the pack shows of them, and how to greet them.
#[derive(Debug, Clone, Serialize)]
pub struct MailPersonView {
    pub name: String,
    pub title: Option<String>,
    /// The meeting's `salutation` for them, if it gives one.
    pub salutation: Option<String>,
}

/// What the mail template sees of one draft.
#[derive(Debug, Clone, Serialize)]
pub struct MailView {
    /// The meeting's id, as in the pack's file name.
    pub id: String,
    /// The pack's language, which the draft is written in.
    pub language: String,
    /// The people written to, in the meeting's order: names, titles and
    /// salutations only.
    pub people: Vec<MailPersonView>,
    /// The salutations of those people who have one, in order: each
    /// greets its person.
    pub saluted: Vec<String>,
    /// Those without a salutation, in order: greeted together by name.
    pub greeted: Vec<MailPersonView>,
    /// "France" or "Freedom Online Coalition", in the pack's language.
    pub counterpart: String,
    pub institution: String,
    /// The meeting's date and time.
    pub date: NaiveDate,
    pub time: Option<String>,
    pub campaign: CampaignView,
    pub sender: SenderView,
    /// The meeting was held: the draft thanks the people met (the thank-you
    /// template) rather than sending the pack ahead of it.
    pub held: bool,
    /// What the coalition asks the counterpart to do, as the pack shows it.
    pub asks: Vec<String>,
    /// The pack changed since it was last handed over: the draft sends the
    /// current pack with its redline and says what changed (the update
    /// template), whether the meeting is planned or held.
    pub update: Option<UpdateView>,
}

/// What the update template sees of a pack changed since its handover:
/// when it was handed over and what changed, in the terms the pack shows
/// (recommendation ids, asks' numbers, earlier recommendations'
/// references); never to whom it was handed over.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// The day of the last handover.
    pub date: NaiveDate,
    /// What changed since, for the template to word:
    /// `fill (lookup labels label) item=item`.
    pub changes: Vec<ChangeLabel>,
}

impl UpdateView {
    /// The update a pack whose last handover gives `status` needs; `None`
    /// while the counterpart holds the current pack.
    pub fn of(status: &HandoverStatus) -> Option<UpdateView> {
        (!status.is_current()).then(|| UpdateView {
            date: status.date,
            changes: status.changes.iter().map(ChangeLabel::from).collect(),
        })
    }
}

/// One draft's view, its sender and the only addresses it goes to.
#[derive(Debug, Clone)]
pub struct Addressed {
    /// The recipients' names and addresses, for the `To:` header only.
    pub to: Vec<(String, String)>,
    pub sender: Sender,
    pub view: MailView,
}

/// The sender of a meeting's draft: the contact of its `lead`; else of the
/// first member of its delegation with a contact e-mail; else of the first
/// coalition member with one. `None` when the lead, or every member, has no
/// contact e-mail.
pub fn sender(campaign: &Campaign, meeting: &Meeting) -> Option<Sender> {
    let of = |id: &String| -> Option<Sender> {
        let m = campaign.coalition.iter().find(|m| &m.id == id)?;
        let contact = m.contact.as_ref()?;
        Some(Sender {
            name: contact.name.clone(),
            email: contact.email.clone()?,
            organization: m.name.clone(),
            names: m.names.clone(),
        })
    };
    match &meeting.lead {
        Some(lead) => of(lead),
        None => meeting
            .delegation
            .iter()
            .find_map(of)
            .or_else(|| campaign.coalition.iter().find_map(|m| of(&m.id))),
    }
}

/// The draft of one pack's meeting: to every person met with an e-mail
/// address, in the meeting's order; `None` when nobody has one. `handover`
/// is where the pack stands against its last handover, if it was handed
/// over: a pack changed since gets an update draft.
pub fn draft(
    campaign: &Campaign,
    pack: &PackView,
    handover: Option<&HandoverStatus>,
    sender: Sender,
) -> Option<Addressed> {
    let meeting = campaign.meetings.iter().find(|m| m.id == pack.id)?;
    let (to, people): (Vec<(String, String)>, Vec<MailPersonView>) = meeting
        .counterpart
        .people
        .iter()
        .zip(&pack.counterpart.people)
        .filter_map(|(person, shown)| {
            let email = person.email.clone()?;
            let shown = MailPersonView {
                name: shown.name.clone(),
                title: shown.title.clone(),
                salutation: person.salutation.clone(),
            };
            Some(((person.name.clone(), email), shown))
        })
        .unzip();
    if to.is_empty() {
        return None;
    }
    let saluted = people.iter().filter_map(|p| p.salutation.clone()).collect();
    let greeted = people
        .iter()
        .filter(|p| p.salutation.is_none())
        .cloned()
        .collect();
    let view = MailView {
        id: pack.id.clone(),
        language: pack.language.clone(),
        people,
        saluted,
        greeted,
        counterpart: pack.counterpart.name.clone(),
        institution: pack.counterpart.institution.clone(),
        date: pack.date,
        time: pack.time.clone(),
        campaign: pack.campaign.clone(),
        sender: SenderView {
            name: sender.name.clone(),
            // In the draft's language where the member gives that name.
            organization: sender
                .names
                .get(&pack.language)
                .unwrap_or(&sender.organization)
                .clone(),
        },
        held: meeting.status == crate::normalize::Status::Held,
        asks: pack.asks.clone(),
        update: handover
            .filter(|h| h.meeting == pack.id)
            .and_then(UpdateView::of),
    };
    Some(Addressed { to, sender, view })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::handover::Change;

    fn status(changes: Vec<Change>) -> HandoverStatus {
        HandoverStatus {
            meeting: "2024-03-20-sweden".into(),
            date: NaiveDate::from_ymd_opt(2024, 3, 20).unwrap(),
            to: vec!["Anna Exempel".into()],
            language: "en".into(),
            changes,
        }
    }

    #[test]
    fn a_pack_changed_since_its_handover_needs_an_update_worded_by_labels() {
        let changed = status(vec![
            Change::Reworded { id: "R07".into() },
            Change::AskAdded { number: 3 },
            Change::Date,
        ]);
        let update = UpdateView::of(&changed).expect("an update");
        assert_eq!(update.date, changed.date);
        let labels: Vec<(&str, &str)> = (update.changes.iter())
            .map(|c| (c.label, c.item.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("change_reworded", "R07"),
                ("change_ask_added", "3"),
                ("change_date", "")
            ]
        );
        // Only the date and the changes: not to whom it was handed over.
        let json = serde_json::to_string(&update).unwrap();
        assert!(!json.contains("Anna"), "{json}");
    }

    #[test]
    fn a_pack_handed_over_unchanged_needs_no_update() {
        assert!(UpdateView::of(&status(Vec::new())).is_none());
    }
}
