//! SPEC's confidentiality rule, on the pack views: internal fields appear in
//! the summary only, and nothing of one meeting appears in another's pack.

mod common;

use common::Campaign;

const FRANCE: &str = r#"date: 2024-03-21
location: Embassy of France, Seoul
counterpart:
  state: FR
  institution: Embassy of France
  people: [ { name: PERSON-FR, title: Officer, email: EMAIL-FR@example.org } ]
delegation: [liv]
talking_points: ["TALK-FR"]
asks: ["ASK-FR"]
status: held
outcome: "OUTCOME-FR"
follow_up: [ { action: "FOLLOW-FR", owner: liv, due: 2024-04-01 } ]
internal_notes: "NOTES-FR"
"#;

const FOC: &str = r#"date: 2024-03-19
location: Seoul
counterpart:
  organization: foc
  institution: Freedom Online Coalition
  people: [ { name: PERSON-FOC, email: EMAIL-FOC@example.org } ]
delegation: [opennet]
talking_points: ["TALK-FOC"]
asks: ["ASK-FOC"]
outcome: "OUTCOME-FOC"
follow_up: [ { action: "FOLLOW-FOC", owner: opennet } ]
internal_notes: "NOTES-FOC"
"#;

fn internal(tag: &str) -> Vec<String> {
    ["TALK", "OUTCOME", "FOLLOW", "NOTES", "EMAIL"]
        .iter()
        .map(|m| format!("{m}-{tag}"))
        .collect()
}

#[test]
fn packs_carry_no_internal_field_and_nothing_of_another_meeting() {
    let c = Campaign::base_with(&[
        ("meetings/2024-03-21-france.yaml", FRANCE),
        ("meetings/2024-03-19-foc.yaml", FOC),
    ]);
    let loaded = c.load();
    assert!(!loaded.diags.has_errors());
    let assembled = loaded.assembled.unwrap();
    for (pack, own, other) in [
        (&assembled.packs[0], "FOC", "FR"),
        (&assembled.packs[1], "FR", "FOC"),
    ] {
        let json = serde_json::to_string(pack).unwrap();
        assert!(json.contains(&format!("ASK-{own}")), "{json}");
        assert!(json.contains(&format!("PERSON-{own}")), "{json}");
        for marker in internal(own).iter().chain(&internal(other)) {
            assert!(
                !json.contains(marker.as_str()),
                "{marker} leaked into {}",
                pack.id
            );
        }
        for marker in [format!("ASK-{other}"), format!("PERSON-{other}")] {
            assert!(!json.contains(&marker), "{marker} leaked into {}", pack.id);
        }
    }
    // The summary is internal: it holds every one of them.
    let summary = serde_json::to_string(&assembled.summary).unwrap();
    for marker in internal("FR").iter().chain(&internal("FOC")) {
        assert!(
            summary.contains(marker.as_str()),
            "{marker} missing from the summary"
        );
    }
}

#[test]
fn summary_counts_meetings_council_members_and_overdue_follow_ups() {
    let c = Campaign::base_with(&[
        ("meetings/2024-03-21-france.yaml", FRANCE),
        ("meetings/2024-03-19-foc.yaml", FOC),
    ]);
    let loaded = c.load(); // as of 2024-04-20
    let s = loaded.assembled.unwrap().summary;
    assert_eq!((s.held, s.planned), (1, 1));
    let met: Vec<&str> = s.council_met.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(met, ["FR"]);
    assert_eq!(s.council_seats, 47);
    // Dated first, undated last; the one due 2024-04-01 is overdue.
    assert_eq!(s.follow_ups[0].action, "FOLLOW-FR");
    assert!(s.follow_ups[0].overdue);
    assert!(!s.follow_ups[1].overdue);
    // The matrix marks where each recommendation is raised.
    let r03 = s.matrix.rows.iter().find(|r| r.id == "R03").unwrap();
    let france_col = s
        .matrix
        .meetings
        .iter()
        .position(|m| m == "2024-03-21-france")
        .unwrap();
    assert!(r03.raised[france_col]);
}
