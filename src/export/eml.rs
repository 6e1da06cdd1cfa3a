//! Draft e-mails as standard RFC 5322 messages, built with lettre's message
//! builder. Nothing is sent and no server is contacted: a draft is bytes
//! that `upr-brief mail` writes to `OUT/mail/<meeting-id>.eml`, to be
//! opened, checked and sent from a mail program.
//!
//! Everything in a draft is deterministic, so that two runs on the same
//! inputs give the same bytes: the `Date` is a parameter (the
//! build's time), and the Message-ID and the MIME boundary
//! are derived from a hash of the meeting, its recipients and the
//! attachments.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment as Part, Mailbox, MultiPart, SinglePart};

use crate::assemble::mail::Addressed;
use crate::output::sha256;

/// Attachments above this many bytes in one draft get a warning: many mail
/// servers refuse messages much larger (and base64 adds a third).
pub const ATTACHMENTS_WARN_BYTES: u64 = 10 * 1000 * 1000;

/// A file attached to a draft.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl Attachment {
    /// The MIME type of a pack file, from its extension.
    pub fn content_type_of(file_name: &str) -> &'static str {
        match file_name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("pdf") => "application/pdf",
            Some("docx") => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            _ => "application/octet-stream",
        }
    }
}

/// One composed draft.
#[derive(Debug, Clone)]
pub struct Draft {
    /// `<meeting-id>.eml`.
    pub file_name: String,
    /// The recipients' addresses, comma-separated.
    pub to: String,
    /// The whole message, CRLF line ends.
    pub bytes: Vec<u8>,
    /// The attachments' total size in bytes, before encoding.
    pub attachment_bytes: u64,
}

impl Draft {
    /// The attachments are large enough to deserve a warning.
    pub fn oversized(&self) -> bool {
        self.attachment_bytes > ATTACHMENTS_WARN_BYTES
    }
}

/// Why a draft could not be composed: an address the message format does
/// not accept.
#[derive(Debug)]
pub struct ComposeError(pub String);

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ComposeError {}

/// The `Date` of drafts made at `secs` seconds since the epoch (the
/// build's time; before the epoch is the epoch).
pub fn draft_date(secs: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs.max(0).unsigned_abs())
}

fn mailbox(name: &str, email: &str) -> Result<Mailbox, ComposeError> {
    let address = email.parse().map_err(|e| {
        ComposeError(format!(
            "\"{email}\" is not an address a message can use: {e}"
        ))
    })?;
    Ok(Mailbox::new(Some(name.to_string()), address))
}

/// Composes the draft `to` (its recipients and sender), with `subject`, the
/// plain-text `body` and the `attachments`, dated `date`.
pub fn compose(
    to: &Addressed,
    subject: &str,
    body: &str,
    attachments: &[Attachment],
    date: SystemTime,
) -> Result<Draft, ComposeError> {
    let file_name = format!("{}.eml", to.view.id);
    let sender = &to.sender;
    // The identity of this draft: which meeting, to whom, which packs.
    let mut identity = format!("{}\n", to.view.id);
    for (_, email) in &to.to {
        identity.push_str(&format!("{email}\n"));
    }
    for a in attachments {
        identity.push_str(&format!("{} {}\n", a.file_name, sha256(&a.bytes)));
    }
    let hash = sha256(identity.as_bytes());
    let domain = sender
        .email
        .rsplit_once('@')
        .map_or("upr-brief.invalid", |(_, d)| d);
    let message_id = format!("<upr-brief.{}@{domain}>", &hash[..32]);
    // `=_` never occurs in base64 or quoted-printable text.
    let boundary = format!("=_upr-brief_{}", &hash[32..]);

    let mut parts = MultiPart::mixed()
        .boundary(boundary)
        .singlepart(SinglePart::plain(body.to_string()));
    for a in attachments {
        let content_type = ContentType::parse(a.content_type)
            .map_err(|e| ComposeError(format!("{}: {e}", a.file_name)))?;
        parts =
            parts.singlepart(Part::new(a.file_name.clone()).body(a.bytes.clone(), content_type));
    }
    let mut message = Message::builder().from(mailbox(&sender.name, &sender.email)?);
    for (name, email) in &to.to {
        message = message.to(mailbox(name, email)?);
    }
    let message = message
        .subject(subject)
        .date(date)
        .message_id(Some(message_id))
        // Opens as an unsent message, ready to edit and send, in Outlook.
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Unsent"),
            "1".to_string(),
        ))
        .multipart(parts)
        .map_err(|e| ComposeError(e.to_string()))?;
    Ok(Draft {
        file_name,
        to: to
            .to
            .iter()
            .map(|(_, e)| e.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        bytes: message.formatted(),
        attachment_bytes: attachments.iter().map(|a| a.bytes.len() as u64).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::mail::MailPersonView;
    use crate::assemble::mail::{MailView, Sender, SenderView};
    use crate::assemble::pack::{CampaignView, StateRef};
    use crate::normalize::Review;
    use chrono::NaiveDate;

    /// A draft of the France meeting to the people whose addresses are given.
    fn addressed(emails: &[&str]) -> Addressed {
        let date = NaiveDate::from_ymd_opt(2024, 3, 21).unwrap();
        Addressed {
            to: emails
                .iter()
                .map(|e| ("Camille Exemple".to_string(), e.to_string()))
                .collect(),
            sender: Sender {
                name: "Jordan".into(),
                email: "advocacy@example.org".into(),
                organization: "LIV".into(),
                names: Default::default(),
            },
            view: MailView {
                id: "2024-03-21-france".into(),
                language: "fr".into(),
                people: vec![MailPersonView {
                    name: "Camille Exemple".into(),
                    title: None,
                    salutation: None,
                }],
                saluted: Vec::new(),
                greeted: Vec::new(),
                counterpart: "France".into(),
                institution: "Embassy".into(),
                date,
                time: None,
                campaign: CampaignView {
                    title: "T".into(),
                    title_language: "en".into(),
                    state_under_review: StateRef {
                        code: "VN".into(),
                        name: "Viet Nam".into(),
                        name_language: "en".into(),
                    },
                    review: Review {
                        cycle: 4,
                        session: 46,
                        date,
                        dates: Default::default(),
                    },
                    coalition: Vec::new(),
                },
                sender: SenderView {
                    name: "Jordan".into(),
                    organization: "LIV".into(),
                },
                held: false,
                asks: Vec::new(),
                update: None,
            },
        }
    }

    fn pdf(len: usize) -> Vec<Attachment> {
        vec![Attachment {
            file_name: "2024-03-21-france.pdf".into(),
            content_type: Attachment::content_type_of("x.pdf"),
            bytes: vec![b'%'; len],
        }]
    }

    #[test]
    fn drafts_are_deterministic_and_their_ids_differ_by_recipients() {
        let date = draft_date(1_711_929_600);
        let one = ["camille@example.org"];
        let two = ["camille@example.org", "dominique@example.org"];
        let a = compose(&addressed(&one), "S", "B\n", &pdf(10), date).unwrap();
        let b = compose(&addressed(&one), "S", "B\n", &pdf(10), date).unwrap();
        let c = compose(&addressed(&two), "S", "B\n", &pdf(10), date).unwrap();
        assert_eq!(a.bytes, b.bytes);
        assert_eq!(a.file_name, "2024-03-21-france.eml");
        let id = |d: &Draft| {
            String::from_utf8_lossy(&d.bytes)
                .lines()
                .find(|l| l.starts_with("Message-ID:"))
                .unwrap()
                .to_string()
        };
        assert_ne!(id(&a), id(&c));
        assert!(id(&a).ends_with("@example.org>"), "{}", id(&a));
        let text = String::from_utf8_lossy(&a.bytes);
        assert!(
            text.contains("Date: Mon, 01 Apr 2024 00:00:00 +0000"),
            "{text}"
        );
        assert_eq!(c.to, "camille@example.org, dominique@example.org");
    }

    #[test]
    fn large_attachments_are_flagged() {
        let date = draft_date(0);
        let to = addressed(&["camille@example.org"]);
        let small = compose(&to, "S", "B\n", &pdf(1000), date).unwrap();
        assert!(!small.oversized());
        let big = pdf(ATTACHMENTS_WARN_BYTES as usize + 1);
        let large = compose(&to, "S", "B\n", &big, date).unwrap();
        assert!(large.oversized());
    }

    #[test]
    fn an_address_the_format_refuses_is_an_error_not_a_panic() {
        let to = addressed(&["camille@example.org", "not an address"]);
        let e = compose(&to, "S", "B\n", &pdf(1), draft_date(0)).unwrap_err();
        assert!(e.to_string().contains("not an address"), "{e}");
    }
}
