//! Stage 3: from the campaign to one view per output. Pure: no I/O, and the
//! same campaign always gives the same views.

pub mod calendar;
pub mod handover;
mod localize;
pub mod mail;
pub mod pack;
pub mod questions;
pub mod statement;
pub mod submission;
pub mod summary;
pub mod tailor;
pub mod targets;
mod warnings;

pub use calendar::CalendarView;
pub use localize::pack_language;
pub use pack::PackView;
pub use questions::QuestionsView;
pub use statement::StatementView;
pub use submission::SubmissionView;
pub use summary::SummaryView;

use chrono::NaiveDate;

use crate::diag::Diagnostics;
use crate::normalize::Campaign;
use crate::source::Sources;

/// Every view of a campaign, with the warnings met while building them
/// (missing translations, over-full packs) and those about the campaign
/// itself (see `warnings`).
pub struct Assembled {
    pub packs: Vec<PackView>,
    pub summary: SummaryView,
    /// What `calendar.ics` shows.
    pub calendar: CalendarView,
    /// Present when the campaign has a `submission`.
    pub submission: Option<SubmissionView>,
    /// Present when any theme has advance questions (`questions.pdf`).
    pub questions: Option<QuestionsView>,
    /// The speaker's scripts, timed, in the campaign's order.
    pub statements: Vec<StatementView>,
    /// Where each pack handed over stands against its last handover, in
    /// the packs' order (filled in once the packs' text is known).
    pub handovers: Vec<handover::HandoverStatus>,
    pub diags: Diagnostics,
}

/// Builds the pack of every meeting, the summary (as of `today`), the
/// submission and the advance questions.
/// submission and the statements.
pub fn assemble(campaign: &Campaign, sources: &Sources, today: NaiveDate) -> Assembled {
    let mut loc = localize::Localizer::new(sources);
    let packs: Vec<PackView> = campaign
        .meetings
        .iter()
        .map(|m| pack::pack(campaign, m, &mut loc))
        .collect();
    let summary = summary::summary(campaign, &packs, today, &mut loc);
    let calendar = calendar::calendar(campaign, &summary);
    let submission = submission::submission(campaign, &mut loc);
    let questions = questions::questions(campaign, &mut loc);
    let statements = statement::statements(campaign);
    let mut diags = loc.diags;
    for d in warnings::warnings(campaign, &packs, sources, today) {
        diags.push(d);
    }
    Assembled {
        packs,
        summary,
        calendar,
        submission,
        questions,
        statements,
        handovers: Vec::new(),
        diags,
    }
}
