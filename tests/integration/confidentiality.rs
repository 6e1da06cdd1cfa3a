//! SPEC's confidentiality rule, on the pack views: internal fields appear in
//! the summary only, and nothing of one meeting appears in another's pack.

use crate::common;

use common::{Campaign, marked};

#[test]
fn packs_carry_no_internal_field_and_nothing_of_another_meeting() {
    let c = Campaign::marked_with(&[]);
    let loaded = c.load();
    assert!(!loaded.diags.has_errors());
    let assembled = loaded.assembled.unwrap();
    for (pack, own, other) in [
        (&assembled.packs[0], "FOC", "FR"),
        (&assembled.packs[1], "FR", "FOC"),
    ] {
        let json = serde_json::to_string(pack).unwrap();
        for marker in marked::own(own) {
            assert!(json.contains(&marker), "{marker} missing from {}", pack.id);
        }
        for marker in marked::internal(own)
            .into_iter()
            .chain(marked::internal(other))
            .chain(marked::own(other))
        {
            assert!(!json.contains(&marker), "{marker} leaked into {}", pack.id);
        }
    }
    // The summary is internal: it holds every one of them.
    let summary = serde_json::to_string(&assembled.summary).unwrap();
    for marker in marked::internal("FR")
        .into_iter()
        .chain(marked::internal("FOC"))
    {
        assert!(
            summary.contains(&marker),
            "{marker} missing from the summary"
        );
    }
}

#[test]
fn summary_counts_meetings_council_members_and_overdue_follow_ups() {
    let c = Campaign::marked_with(&[]);
    let loaded = c.load(); // as of 2024-04-20
    let s = loaded.assembled.unwrap().summary;
    assert_eq!((s.held, s.planned), (1, 1));
    let met: Vec<&str> = s.council_met.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(met, ["FR"]);
    assert_eq!(s.council_seats, 47);
    // Dated first, undated last; the one due 2024-04-01 is overdue.
    assert_eq!(s.follow_ups[0].action, "FOLLOWFR");
    assert!(s.follow_ups[0].overdue);
    assert!(!s.follow_ups[1].overdue);
    // The matrix marks where each recommendation is raised.
    let r03 = s.matrix.rows.iter().find(|r| r.id == "R03").unwrap();
    let france_col = s
        .matrix
        .meetings
        .iter()
        .position(|m| m == marked::FRANCE)
        .unwrap();
    assert!(r03.raised[france_col]);
}
