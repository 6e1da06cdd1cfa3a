//! Warnings about a valid campaign: a plan whose date has passed, a held
//! meeting without an outcome, a pack with nothing to hand over, and a state
//! under review without a profile. Each is located at the field to change.

use crate::common;

use common::{Campaign, messages};

/// The warnings of `code` in the base campaign changed by `files`, as of
/// 20 April 2024.
fn warned(files: &[(&str, &str)], code: &str) -> Vec<String> {
    let loaded = Campaign::base_with(files).load();
    assert!(!loaded.diags.has_errors(), "{:?}", messages(&loaded));
    messages(&loaded)
        .into_iter()
        .filter(|m| m.contains(&format!("warning[{code}]")))
        .collect()
}

const FRANCE: &str = "meetings/2024-03-21-france.yaml";

fn france_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(common::fixtures().join("base").join(FRANCE)).unwrap();
    assert!(text.contains(from), "{from}");
    text.replace(from, to)
}

#[test]
fn the_base_campaign_has_none_of_these_warnings() {
    for code in ["past-plan", "no-outcome", "empty-pack", "no-profile"] {
        assert!(warned(&[], code).is_empty(), "{code}");
    }
}

#[test]
fn a_planned_meeting_whose_date_has_passed() {
    // 21 March 2024, planned, built on 20 April 2024: at its date (line 1).
    let past = france_with("status: held", "status: planned");
    let w = warned(&[(FRANCE, &past)], "past-plan");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("/meetings/2024-03-21-france.yaml:1:7: warning[past-plan]"),
        "{w:?}"
    );
    // On the day after the build date it is not past yet.
    let future = past.replace("date: 2024-03-21", "date: 2024-04-21");
    assert!(warned(&[(FRANCE, &future)], "past-plan").is_empty());
    // Nor on the build date itself.
    let today = past.replace("date: 2024-03-21", "date: 2024-04-20");
    assert!(warned(&[(FRANCE, &today)], "past-plan").is_empty());
}

#[test]
fn a_held_meeting_without_an_outcome() {
    let none = france_with("outcome: \"Positive.\"\n", "");
    let w = warned(&[(FRANCE, &none)], "no-outcome");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("/meetings/2024-03-21-france.yaml:13:9: warning[no-outcome]"),
        "{w:?}"
    );
    let empty = france_with("outcome: \"Positive.\"", "outcome: \"\"");
    assert_eq!(warned(&[(FRANCE, &empty)], "no-outcome").len(), 1);
}

#[test]
fn a_pack_with_no_recommendations_and_no_asks() {
    // Sweden without priorities: nothing matches, nothing is raised.
    let sweden = ("states/se.yaml", "code: SE\nname: Sweden\nlanguage: en\n");
    let meeting = "date: 2024-03-22\nlocation: Seoul\ncounterpart:\n  state: SE\n  institution: Embassy\ndelegation: [liv]\n";
    let w = warned(
        &[sweden, ("meetings/2024-03-22-sweden.yaml", meeting)],
        "empty-pack",
    );
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("/meetings/2024-03-22-sweden.yaml:4:3: warning[empty-pack]"),
        "{w:?}"
    );
    // An ask alone is something to hand over.
    let with_ask = format!("{meeting}asks: [\"Ask something.\"]\n");
    assert!(
        warned(
            &[sweden, ("meetings/2024-03-22-sweden.yaml", &with_ask)],
            "empty-pack"
        )
        .is_empty()
    );
}

#[test]
fn a_state_under_review_without_a_profile() {
    let c = Campaign::base_with(&[]);
    std::fs::remove_file(c.inputs().join("states/vn.yaml")).unwrap();
    let loaded = c.load();
    let w: Vec<String> = messages(&loaded)
        .into_iter()
        .filter(|m| m.contains("warning[no-profile]"))
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("/campaign.yaml:3:21: warning[no-profile]"),
        "{w:?}"
    );
    assert!(w[0].contains("VN"), "{w:?}");
}

#[test]
fn a_file_that_fails_to_parse_hides_no_other_file_s_warnings() {
    // The France meeting planned and past; the FOC meeting does not parse.
    let past = france_with("status: held", "status: planned");
    let c = common::Campaign::base_with(&[
        (FRANCE, &past),
        (
            "meetings/2024-03-19-foc.yaml",
            "date: 2024-03-19\nlocation: [Seoul\n",
        ),
    ]);
    let (code, text) = common::run(common::tool().args(["check", "--inputs"]).arg(c.inputs()));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("error[wrong-type]"), "{text}");
    assert!(text.contains("warning[past-plan]"), "{text}");
    assert!(!text.contains(" 0 warnings"), "{text}");

    // What the other files give alone, every one of them, is given with the error.
    let alone = common::Campaign::base_with(&[(FRANCE, &past)]);
    std::fs::remove_file(alone.inputs().join("meetings/2024-03-19-foc.yaml")).unwrap();
    let valid = alone.load();
    let broken = c.load();
    let warnings = |l: &upr_brief::pipeline::Loaded| -> Vec<String> {
        messages(l)
            .into_iter()
            .filter(|m| m.contains(": warning["))
            .map(|m| {
                m.split_once("/inputs/")
                    .map_or(m.clone(), |(_, r)| r.to_string())
            })
            .collect()
    };
    assert!(!warnings(&valid).is_empty());
    assert_eq!(warnings(&broken), warnings(&valid));
}

#[test]
fn a_lead_outside_the_delegation() {
    let led = france_with(
        "delegation: [liv, opennet]",
        "delegation: [opennet]\nlead: liv",
    );
    let w = warned(&[(FRANCE, &led)], "lead-not-in-delegation");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("/meetings/2024-03-21-france.yaml:10:7: warning[lead-not-in-delegation]"),
        "{w:?}"
    );
    assert!(w[0].contains("\"liv\""), "{w:?}");
    // A lead among the delegation is what is expected.
    let fine = france_with(
        "delegation: [liv, opennet]",
        "delegation: [liv, opennet]\nlead: liv",
    );
    assert!(warned(&[(FRANCE, &fine)], "lead-not-in-delegation").is_empty());
}
