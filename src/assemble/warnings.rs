//! Warnings about a valid campaign that a user preparing a meeting needs:
//! a plan whose date has passed, a held meeting with no outcome, a pack with
//! nothing to hand over, a state under review with no profile, a planned
//! meeting after the deadline for advance questions, and a meeting that
//! asks for advance questions after that deadline.

use chrono::NaiveDate;

use super::PackView;
use super::calendar::{Step, date_of};
use crate::diag::Diagnostic;
use crate::normalize::{Campaign, Status};
use crate::source::{Sources, YPath};

/// The warnings of `campaign` as of `today`, in meeting order.
pub fn warnings(
    campaign: &Campaign,
    packs: &[PackView],
    sources: &Sources,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let at = |file, path: &YPath, code, message: String| {
        Diagnostic::warning(code, message).at(sources, sources.locate(file, path))
    };
    if !campaign.states.contains_key(&campaign.state_under_review)
        && let Some((file, _)) = sources
            .iter()
            .find(|(_, f)| f.rel.as_os_str() == "campaign.yaml")
    {
        found.push(
            at(
                file,
                &YPath::root().key("state_under_review"),
                crate::diag::Code::NoProfile,
                format!(
                    "the state under review, {}, has no state profile",
                    campaign.state_under_review
                ),
            )
            .with_hint(format!(
                "add states/{}.yaml with its `names` so that packs can name it in their language",
                campaign.state_under_review.to_lowercase()
            )),
        );
    }
    for (meeting, pack) in campaign.meetings.iter().zip(packs) {
        let (file, path) = (meeting.origin.file, &meeting.origin.path);
        match meeting.status {
            Status::Planned if meeting.date < today => found.push(
                at(
                    file,
                    &path.key("date"),
                    crate::diag::Code::PastPlan,
                    format!(
                        "the meeting is still planned, but its date ({}) has passed",
                        meeting.date
                    ),
                )
                .with_hint("set `status: held` and record its `outcome`, or move its date"),
            ),
            Status::Held if meeting.outcome.as_deref().is_none_or(str::is_empty) => found.push(
                at(
                    file,
                    &path.key("status"),
                    crate::diag::Code::NoOutcome,
                    "the meeting was held but has no outcome".into(),
                )
                .with_hint("record its `outcome` (shown in the summary only)"),
            ),
            _ => {}
        }
        let deadline = date_of(&campaign.review, Step::AdvanceQuestions);
        // A meeting that asks its counterpart to send advance questions after
        // the deadline for them asks too late, held or planned. This says
        // more than the warning below, which it replaces for such a meeting.
        let late_questions =
            deadline.filter(|d| meeting.date > *d && !meeting.questions.is_empty());
        if let Some(deadline) = late_questions {
            found.push(
                at(
                    file,
                    &path.key("questions"),
                    crate::diag::Code::AfterDeadline,
                    format!(
                        "the meeting asks for advance questions on {}, after the deadline of {deadline}",
                        meeting.date
                    ),
                )
                .with_hint(
                    "states send their advance questions by the deadline: meet earlier, or ask for recommendations at the review instead",
                ),
            );
        }
        // A pack asks a state to raise its recommendations at the review:
        // planned after the deadline for advance questions, it comes too late
        // for them (a meeting after the review itself is `after-review`).
        if let Some(deadline) = deadline
            && late_questions.is_none()
            && meeting.status == Status::Planned
            && meeting.date > deadline
            && meeting.date <= campaign.review.date
        {
            found.push(
                at(
                    file,
                    &path.key("date"),
                    crate::diag::Code::AfterDeadline,
                    format!(
                        "the meeting ({}) is planned after the deadline for advance questions ({deadline})",
                        meeting.date
                    ),
                )
                .with_hint(
                    "states send their advance questions by then: meet earlier, or expect only recommendations at the review",
                ),
            );
        }
        if pack.recommendations.is_empty() && pack.asks.is_empty() {
            found.push(
                at(
                    file,
                    &path.key("counterpart"),
                    crate::diag::Code::EmptyPack,
                    "the pack has no recommendations and no asks".into(),
                )
                .with_hint(
                    "raise `recommendations`, add `themes` or `asks`, or give the counterpart `priorities`",
                ),
            );
        }
    }
    found
}
