//! What changed in a pack since it was handed over, in the domain's terms:
//! recommendations added, removed or reworded, asks, the earlier
//! recommendations quoted, the counterpart's Council seat, the meeting's
//! date and place; "wording elsewhere" when the text differs for none of
//! these reasons (a template or a language file changed).
//!
//! A handover records a [`PackRecord`] of the pack's view ([`record`]) and
//! the fingerprint of its text (`doc::text`); the current pack gives the
//! same two, and [`changes`] compares them. Nothing here needs the earlier
//! files.

mod changes;

pub use changes::{Change, changes, english};

use chrono::NaiveDate;
use serde::Serialize;

use super::pack::{PackView, PartyView};
use super::summary::SummaryView;
use crate::diag::{Code, Diagnostic};
use crate::ingest::handover::{PackRecord, RecordedEarlier, RecordedRecommendation};
use crate::normalize::{Campaign, Handover, Party, Response};
use crate::source::Sources;

/// What the pack of `view` says, in the domain's terms, for a handover to
/// record. Only what the pack shows: its view has nothing internal.
pub fn record(view: &PackView) -> PackRecord {
    let seat = |code: &str, from: i32, to: i32| format!("{code} {from}-{to}");
    let council = match &view.counterpart.party {
        PartyView::State(s) => s
            .council_term
            .iter()
            .map(|t| seat(&s.code, t.from, t.to))
            .collect(),
        PartyView::Organization(o) => o
            .members_on_council
            .iter()
            .map(|m| seat(&m.code, m.term.from, m.term.to))
            .collect(),
    };
    let mut earlier: Vec<RecordedEarlier> = Vec::new();
    for p in view.recommendations.iter().flat_map(|r| &r.prior) {
        let e = RecordedEarlier {
            cycle: p.cycle,
            reference: p.reference.clone(),
            text: p.text.clone(),
            response: match p.response {
                Response::Supported => "supported",
                Response::Noted => "noted",
            }
            .to_string(),
        };
        if !earlier.contains(&e) {
            earlier.push(e);
        }
    }
    PackRecord {
        counterpart: view.counterpart.name.clone(),
        date: view.date.to_string(),
        time: view.time.clone(),
        place: view.location.clone(),
        council,
        recommendations: view
            .recommendations
            .iter()
            .map(|r| RecordedRecommendation {
                id: r.id.clone(),
                title: r.title.clone(),
                text: r.text.clone(),
            })
            .collect(),
        asks: view.asks.clone(),
        earlier,
    }
}
/// Where a meeting's pack stands against its last handover.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverStatus {
    pub meeting: String,
    /// The last handover.
    pub date: NaiveDate,
    pub to: Vec<String>,
    pub language: String,
    /// Empty when the pack is the one handed over.
    pub changes: Vec<Change>,
}

impl HandoverStatus {
    /// Whether the counterpart holds the current pack.
    pub fn is_current(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Where the pack of `view` (whose text has the fingerprint `print`) stands
/// against the last of `handovers`; `None` when it was never handed over.
pub fn status(view: &PackView, print: &str, handovers: &[Handover]) -> Option<HandoverStatus> {
    let last = handovers.last()?;
    let changes = changes(
        &last.pack,
        &last.fingerprint,
        &last.language,
        &record(view),
        print,
        &view.language,
    );
    Some(HandoverStatus {
        meeting: view.id.clone(),
        date: last.date,
        to: last.to.clone(),
        language: last.language.clone(),
        changes,
    })
}

/// The warning that the pack of a meeting changed since its last
/// handover, at the meeting's file: "the pack handed to Sweden on 20 March
/// 2024 has changed since: R03 reworded, R11 added".
pub fn outdated_warning(
    campaign: &Campaign,
    status: &HandoverStatus,
    sources: &Sources,
) -> Option<Diagnostic> {
    let meeting = campaign.meetings.iter().find(|m| m.id == status.meeting)?;
    let name = match &meeting.counterpart.party {
        Party::State(code) => campaign.states.get(code).map(|s| s.name.clone()),
        Party::Organization(id) => campaign.organizations.get(id).map(|o| o.name.clone()),
    }
    .unwrap_or_else(|| meeting.counterpart.institution.clone());
    let at = sources.locate(meeting.origin.file, &meeting.origin.path);
    Some(
        Diagnostic::warning(
            Code::HandoverOutdated,
            format!(
                "the pack handed to {name} on {} has changed since: {}",
                status.date.format("%-d %B %Y"),
                english(&status.changes)
            ),
        )
        .at(sources, at)
        .with_hint(format!(
            "once the current pack is handed over, record it: upr-brief handover {}",
            status.meeting
        )),
    )
}

/// A pack handed over, as the summary shows it.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverRow {
    pub meeting: String,
    /// The counterpart's name in the summary's language.
    pub counterpart: String,
    /// Every handover, oldest first.
    pub handovers: Vec<HandoverEntryRow>,
    /// Whether the counterpart holds the current pack.
    pub current: bool,
    /// What changed since the last handover, for the template to word.
    pub changes: Vec<ChangeLabel>,
}

/// One handover: when, to whom, in which language.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverEntryRow {
    pub date: NaiveDate,
    pub to: Vec<String>,
    pub language: String,
}

/// A change as a template words it: `fill (lookup labels label) item=item`.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeLabel {
    pub label: &'static str,
    pub item: String,
}

impl From<&Change> for ChangeLabel {
    fn from(c: &Change) -> Self {
        let (label, item) = c.label();
        ChangeLabel { label, item }
    }
}

/// What a redline's box of changes shows (the changes template): when
/// and to whom the pack it compares with was handed over, and what changed
/// since, for the template to word in the pack's language.
#[derive(Debug, Clone, Serialize)]
pub struct RedlineView {
    pub meeting: String,
    /// The current pack's language, which the box is written in.
    pub language: String,
    /// The last handover's date and people.
    pub date: NaiveDate,
    pub to: Vec<String>,
    pub changes: Vec<ChangeLabel>,
}

impl RedlineView {
    /// The view of the redline of a pack in `language` that stands as
    /// `status` says against its last handover.
    pub fn of(status: &HandoverStatus, language: &str) -> RedlineView {
        RedlineView {
            meeting: status.meeting.clone(),
            language: language.to_string(),
            date: status.date,
            to: status.to.clone(),
            changes: status.changes.iter().map(ChangeLabel::from).collect(),
        }
    }
}

/// The summary's rows of the packs handed over: one per meeting with a
/// handover, the outdated first, each group in the meetings' order.
pub fn summary_rows(
    campaign: &Campaign,
    summary: &SummaryView,
    statuses: &[HandoverStatus],
) -> Vec<HandoverRow> {
    let mut rows: Vec<HandoverRow> = summary
        .meetings
        .iter()
        .filter_map(|m| {
            let status = statuses.iter().find(|s| s.meeting == m.id)?;
            let handovers = campaign.handovers.get(&m.id)?;
            Some(HandoverRow {
                meeting: m.id.clone(),
                counterpart: m.counterpart.clone(),
                handovers: handovers
                    .iter()
                    .map(|h| HandoverEntryRow {
                        date: h.date,
                        to: h.to.clone(),
                        language: h.language.clone(),
                    })
                    .collect(),
                current: status.is_current(),
                changes: status.changes.iter().map(ChangeLabel::from).collect(),
            })
        })
        .collect();
    rows.sort_by_key(|r| r.current);
    rows
}
