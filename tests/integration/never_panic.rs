//! Property test: whatever is done to an input file — random bytes, a cut,
//! a line duplicated, deleted or replaced by something hostile — loading the
//! campaign never panics and never hangs; it answers with or without errors.

use crate::common;

use std::fs;
use std::process::Command;

use proptest::prelude::*;

const FILES: [&str; 8] = [
    "campaign.yaml",
    "states/fr.yaml",
    "states/se.yaml",
    "organizations/foc.yaml",
    "recommendations/recs.yaml",
    "meetings/2024-03-21-france.yaml",
    "meetings/2024-03-19-foc.yaml",
    "handovers/2024-03-21-france.yaml",
];

/// The base campaign with France's pack handed over (the handover file of
/// `tests/fixtures/handovers`), so that the handover is mutated too and
/// every case compares a pack with its handover.
fn handed_over() -> common::Campaign {
    let c = common::Campaign::base_with(&[]);
    common::copy_dir(
        &common::fixtures().join("handovers"),
        &c.inputs().join("handovers"),
    );
    c
}

/// Lines that have broken YAML tools before.
const HOSTILE: [&str; 16] = [
    "a: &a [*a]",
    "x: *nowhere",
    "? [complex, key]\n: value",
    "!!binary aGVsbG8=",
    "id: ../../etc/passwd",
    "date: 9999-99-99",
    "  - - - - - - -",
    "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
    "\t\tkey:\tvalue",
    "--- \n--- \n...",
    "text: \"unterminated",
    "recommendations: [R01, R01, R01]",
    "priority: 99999999999999999999999",
    "code: \u{0}",
    "title: \u{202e}reversed",
    "%YAML 9.9",
];

#[derive(Debug, Clone)]
enum Mutation {
    Bytes(Vec<u8>),
    Truncate(usize),
    Duplicate(usize),
    Delete(usize),
    Replace(usize, String),
    Hostile(usize, usize),
    Deep(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600).prop_map(Mutation::Bytes),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::Duplicate),
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), "\\PC{0,40}").prop_map(|(i, s)| Mutation::Replace(i, s)),
        (any::<usize>(), 0..HOSTILE.len()).prop_map(|(i, h)| Mutation::Hostile(i, h)),
        (1usize..3000).prop_map(Mutation::Deep),
    ]
}

fn apply(text: &str, m: &Mutation) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len().max(1);
    match m {
        Mutation::Bytes(b) => return b.clone(),
        Mutation::Truncate(at) => return text.as_bytes()[..at % (text.len() + 1)].to_vec(),
        Mutation::Duplicate(i) => {
            let l = lines.get(i % n).cloned().unwrap_or_default();
            lines.insert(i % n, l);
        }
        Mutation::Delete(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
        }
        Mutation::Replace(i, s) => {
            if !lines.is_empty() {
                lines[i % n] = s.clone();
            }
        }
        Mutation::Hostile(i, h) => lines.insert(i % n, HOSTILE[*h].to_string()),
        Mutation::Deep(d) => lines.push(format!("deep: {}{}", "[".repeat(*d), "]".repeat(*d))),
    }
    lines.join("\n").into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        // A case that runs this long has hung: it fails rather than stalls.
        timeout: 20_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_mutated_input_never_panics(file in 0..FILES.len(), m in mutation()) {
        let c = handed_over();
        let path = c.inputs().join(FILES[file]);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, apply(&text, &m)).unwrap();
        let loaded = upr_brief::pipeline::load(&c.inputs(), None, chrono::NaiveDate::from_ymd_opt(2024, 4, 1).unwrap());
        prop_assert!(loaded.is_ok());
        let loaded = loaded.unwrap();
        // Either the campaign assembled, or there are errors saying why not.
        prop_assert!(loaded.assembled.is_some() || loaded.diags.has_errors());
        for d in loaded.diags.iter() {
            // Rendering never panics either.
            let _ = d.render(&loaded.inputs.sources);
        }
    }
}

/// The binary's answer to a few hostile campaigns is exit 0 or 1, never a crash.
#[test]
fn the_binary_answers_0_or_1() {
    for (i, m) in [
        Mutation::Bytes(vec![0xff, 0xfe, 0x00, b':']),
        Mutation::Deep(2000),
        Mutation::Hostile(3, 0),
        Mutation::Truncate(17),
    ]
    .iter()
    .enumerate()
    {
        let c = handed_over();
        let path = c.inputs().join(FILES[i % FILES.len()]);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, apply(&text, m)).unwrap();
        for cmd in ["check", "list"] {
            let out = Command::new(env!("CARGO_BIN_EXE_upr-brief"))
                .args([cmd, "--inputs"])
                .arg(c.inputs())
                .output()
                .unwrap();
            let code = out.status.code();
            assert!(
                matches!(code, Some(0 | 1)),
                "{cmd} {m:?}: {code:?}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
