//! The example campaign in `inputs/` (SPEC's motivating case) checks clean,
//! and `list` shows the tailoring SPEC implies for it.

use crate::common;

use std::process::Command;

use common::example_inputs;
use upr_brief::assemble::pack::PartyView;
use upr_brief::pipeline;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_upr-brief"))
        .args(args)
        .arg("--inputs")
        .arg(example_inputs())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn example_campaign_checks_clean() {
    let (code, out, err) = run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("5 meetings"), "{out}");
    assert!(out.contains("0 errors"), "{out}");
    // The one warning is the deliberate gap: R12 has no Spanish text.
    assert!(
        err.contains("recommendation R12 has no \"es\" translation"),
        "{err}"
    );
}

#[test]
fn list_shows_each_pack_with_its_tailored_recommendations() {
    let (code, out, _) = run(&["list"]);
    assert_eq!(code, 0);
    let rows: Vec<String> = out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // Explicit recommendations first, in the meeting's order; then theme
    // matches by priority and id; at most 6 (the campaign's cap).
    assert_eq!(
        rows,
        [
            "2024-03-19-foc 2024-03-19 Freedom Online Coalition en 6 R04 R05 R03 R01 R07 R09",
            "2024-03-20-sweden 2024-03-20 Sweden en 6 R07 R01 R09 R05 R08 R10",
            "2024-03-21-chile 2024-03-21 Chile es 6 R03 R02 R01 R07 R05 R08",
            "2024-03-21-france 2024-03-21 France fr 6 R01 R08 R07 R03 R09 R02",
            "2024-03-27-honduras 2024-03-27 Honduras es 5 R09 R12 R04 R10 R06",
        ]
    );
}

#[test]
fn packs_state_council_terms_foc_membership_and_earlier_recommendations() {
    let loaded = pipeline::load(
        &example_inputs(),
        None,
        chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
    )
    .unwrap();
    let packs = loaded.assembled.unwrap().packs;
    let state = |id: &str| match &packs.iter().find(|p| p.id == id).unwrap().counterpart.party {
        PartyView::State(s) => s.clone(),
        PartyView::Organization(_) => panic!("{id} is a state"),
    };
    let term = |id: &str| state(id).council_term.map(|t| (t.from, t.to));
    assert_eq!(term("2024-03-21-france"), Some((2024, 2026)));
    assert_eq!(term("2024-03-21-chile"), Some((2023, 2025)));
    assert_eq!(term("2024-03-27-honduras"), Some((2022, 2024)));
    assert_eq!(
        term("2024-03-20-sweden"),
        None,
        "Sweden was not on the Council in 2024"
    );
    assert_eq!(state("2024-03-20-sweden").foc_member, Some(true));
    assert_eq!(state("2024-03-21-france").foc_member, Some(true));

    let foc = packs.iter().find(|p| p.id == "2024-03-19-foc").unwrap();
    let PartyView::Organization(o) = &foc.counterpart.party else {
        panic!()
    };
    let seats: Vec<&str> = o
        .members_on_council
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    for code in ["AR", "CR", "DE", "FI", "FR", "NL", "US"] {
        assert!(seats.contains(&code), "{code} missing from {seats:?}");
    }
    assert!(!seats.contains(&"SE"));

    // Sweden's own 2009 recommendation is quoted beside a matching one.
    let sweden = packs.iter().find(|p| p.id == "2024-03-20-sweden").unwrap();
    assert!(
        sweden
            .recommendations
            .iter()
            .any(|r| r.prior.iter().any(|p| p.cycle == 1))
    );
    // The French pack keeps the Vietnamese intact (NFC from decomposed
    // input: build_command's decomposed_input_comes_out_composed_in_both_formats).
    let france = packs.iter().find(|p| p.id == "2024-03-21-france").unwrap();
    assert!(france.recommendations[0].text.contains("Luật An ninh mạng"));
    let all: String = packs
        .iter()
        .flat_map(|p| p.recommendations.iter())
        .filter_map(|r| r.rationale.clone())
        .collect();
    assert!(all.contains("Nguyễn Văn Đài"));
}
