//! `upr-brief handover` and what changed since: a copy of the example
//! campaign has Sweden's pack handed over (in English, Arabic and Chinese:
//! the change list is made of what each pack says), then edited in each way
//! a pack can change; the change list of each edit is exact. Then the
//! handover file itself: idempotence, comments kept, a dry run, a meeting
//! that no longer exists, and nothing internal in it.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_yaml::Value;

use common::{Campaign, copy_dir, example_inputs, marked, run, tool};
use upr_brief::assemble::handover::english;
use upr_brief::pipeline;

const SWEDEN: &str = "2024-03-20-sweden";

/// `upr-brief handover` with a fixed day (20 March 2024); exit code and output.
fn handover(inputs: &Path, args: &[&str]) -> (i32, String) {
    run(tool()
        .arg("handover")
        .args(args)
        .arg("--inputs")
        .arg(inputs)
        .arg("--templates")
        .arg(inputs.join("no-templates"))
        .env("SOURCE_DATE_EPOCH", "1710892800"))
}

/// The example campaign in a fresh folder, Sweden's pack in `language`.
pub(crate) fn example_in(language: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    copy_dir(&example_inputs(), &inputs);
    edit(
        &inputs.join("meetings").join(format!("{SWEDEN}.yaml")),
        |m| {
            m["language"] = language.into();
        },
    );
    (dir, inputs)
}

/// Rewrites a YAML file through `f` (its comments are not kept).
fn edit(path: &Path, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_yaml::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    fs::write(path, serde_yaml::to_string(&v).unwrap()).unwrap();
}

/// The recommendation `id` in whichever file holds it.
fn edit_recommendation(inputs: &Path, id: &str, f: impl Fn(&mut Value)) {
    for entry in fs::read_dir(inputs.join("recommendations")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        if text.contains(&format!("id: {id}\n")) {
            edit(&path, |v| {
                for item in v["items"].as_sequence_mut().unwrap() {
                    if item["id"].as_str() == Some(id) {
                        f(item);
                    }
                }
            });
        }
    }
}

fn meeting(inputs: &Path) -> PathBuf {
    inputs.join("meetings").join(format!("{SWEDEN}.yaml"))
}

fn asks(inputs: &Path, f: impl FnOnce(&mut Vec<Value>)) {
    edit(&meeting(inputs), |m| {
        f(m["asks"].as_sequence_mut().unwrap())
    });
}

/// The edits, each made alone on a copy of the handed-over campaign; each
/// returns the templates folder to build with.
type Edit = fn(&Path) -> Option<PathBuf>;

const EDITS: [(&str, Edit); 12] = [
    ("nothing", |_| None),
    ("R07's English text reworded", |i| {
        edit_recommendation(i, "R07", |r| {
            r["text"] = format!("{} Now.", r["text"].as_str().unwrap()).into();
        });
        None
    }),
    ("R07's French text reworded", |i| {
        edit_recommendation(i, "R07", |r| {
            let fr = &mut r["translations"]["fr"];
            fr["text"] = format!("{} Maintenant.", fr["text"].as_str().unwrap()).into();
        });
        None
    }),
    ("R02 raised", |i| {
        edit(&meeting(i), |m| {
            m["recommendations"]
                .as_sequence_mut()
                .unwrap()
                .push("R02".into());
        });
        None
    }),
    ("one recommendation fewer a pack", |i| {
        edit(&i.join("campaign.yaml"), |c| {
            c["max_recommendations_per_pack"] = 5.into();
        });
        None
    }),
    ("an ask added", |i| {
        asks(i, |a| a.push("Ask about the 2025 Press Law.".into()));
        None
    }),
    ("the first ask removed", |i| {
        asks(i, |a| {
            a.remove(0);
        });
        None
    }),
    ("the second ask reworded", |i| {
        asks(i, |a| {
            a[1] = "Raise the Law on Cybersecurity at the review.".into()
        });
        None
    }),
    ("the earlier recommendation noted", |i| {
        edit(&i.join("states/se.yaml"), |s| {
            s["prior_recommendations"][0]["response"] = "noted".into();
        });
        None
    }),
    ("Sweden on the Council", |i| {
        edit(&i.join("states/se.yaml"), |s| {
            let term: Value = serde_yaml::from_str("{ from: 2024, to: 2026 }").unwrap();
            s["hrc_member"] = term;
        });
        None
    }),
    ("date and place", |i| {
        edit(&meeting(i), |m| {
            m["date"] = "2024-03-22".into();
            m["location"] = "Embassy of Sweden, Seoul".into();
        });
        None
    }),
    ("a label of the language file", |i| {
        let templates = i.parent().unwrap().join("templates");
        let lang = language_of(i);
        let file = format!("{lang}.yaml");
        let builtin = upr_brief::render::builtin_files()
            .into_iter()
            .find(|(name, _)| name.ends_with(&file))
            .unwrap();
        let mut v: Value = serde_yaml::from_str(builtin.1).unwrap();
        v["labels"]["who_we_are"] = "— Who we are —".into();
        fs::create_dir_all(templates.join("i18n")).unwrap();
        fs::write(
            templates.join("i18n").join(file),
            serde_yaml::to_string(&v).unwrap(),
        )
        .unwrap();
        Some(templates)
    }),
];

fn language_of(inputs: &Path) -> String {
    let m: Value = serde_yaml::from_str(&fs::read_to_string(meeting(inputs)).unwrap()).unwrap();
    m["language"].as_str().unwrap().to_string()
}

/// What each edit changes in Sweden's pack handed over in `language`: per
/// edit, `edit: changes` in English, then in the pack's language.
fn change_lists(language: &str) -> Option<String> {
    let (_dir, inputs) = example_in(language);
    let (code, log) = handover(&inputs, &[SWEDEN]);
    if code == 1
        && log.contains("no-glyph")
        && std::env::var_os("UPR_BRIEF_REQUIRE_TOOLS").is_none()
    {
        eprintln!("the fonts for {language} are not installed: skipping\n{log}");
        return None;
    }
    assert_eq!(code, 0, "{log}");
    let mut lines = Vec::new();
    for (name, make) in EDITS {
        let copy = tempfile::tempdir().unwrap();
        let edited = copy.path().join("inputs");
        copy_dir(&inputs, &edited);
        let templates = make(&edited);
        let loaded = pipeline::load(
            &edited,
            templates.as_deref(),
            NaiveDate::from_ymd_opt(2024, 4, 20).unwrap(),
        )
        .unwrap();
        assert!(
            !loaded.diags.has_errors(),
            "{name}: {:?}",
            common::messages(&loaded)
        );
        let assembled = loaded.assembled.unwrap();
        let status = assembled
            .handovers
            .iter()
            .find(|s| s.meeting == SWEDEN)
            .unwrap();
        let changes = if status.is_current() {
            "current".to_string()
        } else {
            // In English, as `check` says it, and in the pack's language.
            let words = loaded.templates.language(language).unwrap();
            format!(
                "{}\n    {}",
                english(&status.changes),
                words.changes(&status.changes)
            )
        };
        lines.push(format!("{name}: {changes}"));
    }
    Some(lines.join("\n"))
}

#[test]
fn each_edit_of_an_english_pack_has_its_exact_change_list() {
    if let Some(lists) = change_lists("en") {
        insta::assert_snapshot!(lists);
    }
}

#[test]
fn each_edit_of_a_french_pack_has_its_exact_change_list() {
    if let Some(lists) = change_lists("fr") {
        insta::assert_snapshot!(lists);
    }
}

#[test]
fn each_edit_of_an_arabic_pack_has_its_exact_change_list() {
    if let Some(lists) = change_lists("ar") {
        insta::assert_snapshot!(lists);
    }
}

#[test]
fn each_edit_of_a_chinese_pack_has_its_exact_change_list() {
    if let Some(lists) = change_lists("zh") {
        insta::assert_snapshot!(lists);
    }
}

#[test]
fn check_list_and_the_summary_say_which_packs_changed_since() {
    let (_dir, inputs) = example_in("en");
    // The FOC's meeting comes first, but its pack stays current.
    assert_eq!(handover(&inputs, &[SWEDEN, "2024-03-19-foc"]).0, 0);
    let check = |inputs: &Path| {
        run(tool()
            .args(["check", "--inputs"])
            .arg(inputs)
            .env("SOURCE_DATE_EPOCH", "1710892800"))
    };
    let list = |inputs: &Path| run(tool().args(["list", "--inputs"]).arg(inputs)).1;
    // Unchanged: no warning, "current".
    let (code, log) = check(&inputs);
    assert_eq!(code, 0, "{log}");
    assert!(!log.contains("handover-outdated"), "{log}");
    assert!(list(&inputs).contains("handed over 2024-03-20 current"));

    EDITS[5].1(&inputs);
    let (code, log) = check(&inputs);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains(
            "warning[handover-outdated]: the pack handed to Sweden on 20 March 2024 has changed since: ask 3 added"
        ),
        "{log}"
    );
    assert!(
        log.contains(&format!("inputs/meetings/{SWEDEN}.yaml:")),
        "{log}"
    );
    assert_eq!(log.matches("handover-outdated").count(), 1, "{log}");
    let listed = list(&inputs);
    let line = listed.lines().find(|l| l.starts_with(SWEDEN)).unwrap();
    assert!(line.ends_with("handed over 2024-03-20 changed"), "{listed}");
    let foc = listed
        .lines()
        .find(|l| l.starts_with("2024-03-19-foc"))
        .unwrap();
    assert!(foc.ends_with("handed over 2024-03-20 current"), "{listed}");
    let never = listed
        .lines()
        .find(|l| l.starts_with("2024-03-21-chile"))
        .unwrap();
    assert!(!never.contains("handed over"), "{listed}");

    // The summary: Sweden's outdated pack before the FOC's current one.
    let loaded =
        pipeline::load(&inputs, None, NaiveDate::from_ymd_opt(2024, 4, 20).unwrap()).unwrap();
    let doc = loaded
        .templates
        .summary(
            &loaded.assembled.as_ref().unwrap().summary,
            &loaded.inputs.sources,
        )
        .unwrap();
    let text: Vec<String> = upr_brief::doc::text::blocks(&doc)
        .iter()
        .map(|b| b.text())
        .collect();
    let at = |s: &str| {
        text.iter()
            .position(|t| t == s)
            .unwrap_or_else(|| panic!("{s}: {text:#?}"))
    };
    let section = at("Packs handed over");
    let sweden = at("Sweden");
    let foc = at("Freedom Online Coalition");
    assert!(section < sweden && sweden < foc, "{text:#?}");
    assert_eq!(
        text[sweden + 1],
        "20 March 2024: Anna Exempel · Language: en"
    );
    assert_eq!(
        text[sweden + 2],
        "Changed since the last handover: ask 3 added"
    );
    assert_eq!(text[foc + 2], "Their copy is current");
}

#[test]
fn recording_the_same_pack_twice_the_same_day_adds_nothing_and_says_so() {
    let (_dir, inputs) = example_in("en");
    let file = inputs.join("handovers").join(format!("{SWEDEN}.yaml"));
    let (code, log) = handover(&inputs, &[SWEDEN]);
    assert_eq!(code, 0, "{log}");
    let first = fs::read_to_string(&file).unwrap();
    // What the tool writes is what its schema describes.
    let schema: serde_json::Value =
        serde_json::from_str(&upr_brief::ingest::schema::schema("handover").unwrap()).unwrap();
    let written: serde_json::Value = serde_yaml::from_str(&first).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&written)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let (code, log) = handover(&inputs, &[SWEDEN]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("already recorded"), "{log}");
    assert_eq!(fs::read_to_string(&file).unwrap(), first);
    // Another day, or other people, is another handover.
    // A name given decomposed and with spaces is the name as inputs hold it.
    let (code, log) = handover(&inputs, &[SWEDEN, "--to", " Someone Else\u{301} "]);
    assert_eq!(code, 0, "{log}");
    let second = fs::read_to_string(&file).unwrap();
    assert!(second.starts_with(&first));
    assert_eq!(second.matches("\n- date: 2024-03-20").count(), 2);
    assert!(second.contains("to: [\"Someone Elsé\"]"), "{second}");
    let (code, log) = handover(&inputs, &[SWEDEN, "--to", "Someone Elsé"]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("already recorded"), "{log}");
}

#[test]
fn a_second_handover_keeps_the_comments_and_notes_people_added() {
    let (_dir, inputs) = example_in("en");
    assert_eq!(handover(&inputs, &[SWEDEN, "--note", "at the summit"]).0, 0);
    let file = inputs.join("handovers").join(format!("{SWEDEN}.yaml"));
    let text = fs::read_to_string(&file).unwrap();
    let edited = text.replace(
        "  note: \"at the summit\"\n",
        "  note: \"at the summit; she asked for the French text\" # by hand\n# Our own comment.\n",
    );
    assert_ne!(edited, text);
    fs::write(&file, &edited).unwrap();
    EDITS[1].1(&inputs);
    let (code, log) = handover(&inputs, &[SWEDEN, "--date", "2024-04-02"]);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("changed since the handover of 2024-03-20: R07 reworded"),
        "{log}"
    );
    let after = fs::read_to_string(&file).unwrap();
    assert!(after.starts_with(&edited), "{after}");
    assert!(after.contains("\n- date: 2024-04-02\n"));
    // And the pack handed over last is the current one.
    let loaded =
        pipeline::load(&inputs, None, NaiveDate::from_ymd_opt(2024, 4, 20).unwrap()).unwrap();
    let handovers = &loaded.assembled.unwrap().handovers;
    assert!(handovers[0].is_current());
    assert_eq!(handovers[0].date.to_string(), "2024-04-02");
}

#[test]
fn a_dry_run_prints_the_entry_and_writes_nothing() {
    let (_dir, inputs) = example_in("en");
    let (code, log) = handover(&inputs, &[SWEDEN, "--dry-run"]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("would record"), "{log}");
    assert!(
        log.contains("- date: 2024-03-20\n  to: [\"Anna Exempel\"]"),
        "{log}"
    );
    assert!(
        log.contains("{ kind: heading, level: 2, text: \"R07. Repeal article 117"),
        "{log}"
    );
    assert!(!inputs.join("handovers").exists());
}

#[test]
fn an_unknown_meeting_is_a_usage_error_and_an_invalid_pack_is_refused() {
    let (_dir, inputs) = example_in("en");
    let (code, log) = handover(&inputs, &["2024-03-20-swedn"]);
    assert_eq!(code, 2, "{log}");
    assert!(log.contains("did you mean \"2024-03-20-sweden\"?"), "{log}");
    // An error in what Sweden's pack is made of stops it, located.
    edit(&meeting(&inputs), |m| {
        m["recommendations"]
            .as_sequence_mut()
            .unwrap()
            .push("R99".into());
    });
    let (code, log) = handover(&inputs, &[SWEDEN]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains(&format!("meetings/{SWEDEN}.yaml:")), "{log}");
    assert!(log.contains("R99"), "{log}");
    assert!(!inputs.join("handovers").exists());
    // Another meeting's error does not stop it.
    let (code, log) = handover(&inputs, &["2024-03-21-france"]);
    assert_eq!(code, 0, "{log}");
}

#[test]
fn a_handover_of_a_meeting_that_no_longer_exists_is_a_warning() {
    let (_dir, inputs) = example_in("en");
    assert_eq!(handover(&inputs, &[SWEDEN]).0, 0);
    let load = |inputs: &Path| {
        pipeline::load(inputs, None, NaiveDate::from_ymd_opt(2024, 4, 20).unwrap()).unwrap()
    };
    let unknown = |loaded: &pipeline::Loaded| {
        common::messages(loaded)
            .into_iter()
            .filter(|m| m.contains("no longer exists"))
            .collect::<Vec<_>>()
    };
    assert!(unknown(&load(&inputs)).is_empty());
    fs::rename(
        meeting(&inputs),
        inputs.join("meetings/2024-03-20-sweden-moved.yaml"),
    )
    .unwrap();
    let loaded = load(&inputs);
    assert!(
        !loaded.diags.has_errors(),
        "{:?}",
        common::messages(&loaded)
    );
    let found = unknown(&loaded);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains(&format!("handovers/{SWEDEN}.yaml")),
        "{found:?}"
    );
}

#[test]
fn a_handover_file_holds_only_what_the_pack_showed() {
    let c = Campaign::marked_with(&[]);
    let (code, log) = handover(&c.inputs(), &[marked::FRANCE, marked::FOC]);
    assert_eq!(code, 0, "{log}");
    for (id, own, other) in [(marked::FRANCE, "FR", "FOC"), (marked::FOC, "FOC", "FR")] {
        let text =
            fs::read_to_string(c.inputs().join("handovers").join(format!("{id}.yaml"))).unwrap();
        for marker in marked::own(own) {
            assert!(
                text.contains(&marker),
                "{marker} missing from {id}'s handover"
            );
        }
        for marker in marked::internal(own)
            .into_iter()
            .chain(marked::internal(other))
            .chain(marked::own(other))
        {
            assert!(
                !text.contains(&marker),
                "{marker} leaked into {id}'s handover"
            );
        }
    }
}

#[test]
fn a_broken_handover_file_stops_its_own_meeting_only() {
    let (_dir, inputs) = example_in("en");
    fs::create_dir_all(inputs.join("handovers")).unwrap();
    fs::write(
        inputs.join("handovers").join(format!("{SWEDEN}.yaml")),
        "- dat: 2024-03-20\n",
    )
    .unwrap();
    // Appending to a file that does not read would not read either.
    let (code, log) = handover(&inputs, &[SWEDEN]);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains(&format!("handovers/{SWEDEN}.yaml:1:3")),
        "{log}"
    );
    assert!(log.contains("did you mean \"date\"?"), "{log}");
    // Another meeting's handover is recorded all the same.
    let (code, log) = handover(&inputs, &["2024-03-21-france"]);
    assert_eq!(code, 0, "{log}");
    assert!(inputs.join("handovers/2024-03-21-france.yaml").is_file());
}

#[test]
fn an_organisations_pack_changes_with_its_members_seats_on_the_council() {
    let (_dir, inputs) = example_in("en");
    let foc = "2024-03-19-foc";
    assert_eq!(handover(&inputs, &[foc]).0, 0);
    let recorded =
        fs::read_to_string(inputs.join("handovers").join(format!("{foc}.yaml"))).unwrap();
    assert!(
        recorded.contains("council: [\"FR 2024-2026\", "),
        "{recorded}"
    );
    edit(&inputs.join("states/fr.yaml"), |s| {
        s.as_mapping_mut().unwrap().remove("hrc_member");
    });
    let loaded =
        pipeline::load(&inputs, None, NaiveDate::from_ymd_opt(2024, 4, 20).unwrap()).unwrap();
    let assembled = loaded.assembled.unwrap();
    let status = assembled
        .handovers
        .iter()
        .find(|s| s.meeting == foc)
        .unwrap();
    assert_eq!(english(&status.changes), "Council status changed");
}
