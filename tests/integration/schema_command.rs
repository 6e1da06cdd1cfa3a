//! `upr-brief schema`: the committed `schema/` folder is what the parser's
//! types generate; every example input validates against its schema and
//! starts with the line that points editors to it; a misspelt key is
//! rejected by the schema as by the parser.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Campaign, example_inputs, fixtures};
use upr_brief::ingest::schema;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn validator(kind: &str) -> jsonschema::Validator {
    let text = schema::schema(kind).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::new(&value).unwrap()
}

/// Every input file under `inputs`, relative to it.
fn input_files(inputs: &Path) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("campaign.yaml")];
    for (_, folder) in schema::KINDS {
        let Some(folder) = folder else { continue };
        let Ok(entries) = fs::read_dir(inputs.join(folder)) else {
            continue;
        };
        let mut names: Vec<PathBuf> = entries
            .map(|e| Path::new(folder).join(e.unwrap().file_name()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        names.sort();
        files.extend(names);
    }
    files
}

/// The YAML file as the JSON value an editor's schema check sees.
fn as_json(path: &Path) -> serde_json::Value {
    serde_yaml::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn errors(kind: &str, value: &serde_json::Value) -> Vec<String> {
    validator(kind)
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for (name, text) in schema::schemas() {
        let committed = fs::read_to_string(root().join("schema").join(&name))
            .unwrap_or_else(|e| panic!("schema/{name}: {e}"));
        assert!(
            committed == text,
            "schema/{name} differs from the types in src/ingest/raw.rs: run `cargo run -- schema`"
        );
    }
    let names: Vec<String> = schema::schemas().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "campaign.schema.json",
            "state.schema.json",
            "organization.schema.json",
            "recommendations.schema.json",
            "meeting.schema.json",
            "handover.schema.json"
        ]
    );
}

#[test]
fn the_command_writes_the_same_files_and_only_when_they_change() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schema");
    let run = || {
        let o = Command::new(env!("CARGO_BIN_EXE_upr-brief"))
            .args(["schema", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    // Each file's inode and modification time.
    let stat = || -> Vec<(String, u64, std::time::SystemTime)> {
        schema::schemas()
            .into_iter()
            .map(|(name, _)| {
                let m = fs::metadata(out.join(&name)).unwrap();
                (name, m.ino(), m.modified().unwrap())
            })
            .collect()
    };
    let stdout = run();
    assert_eq!(stdout.matches("wrote ").count(), 6, "{stdout}");
    let first = stat();
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Again: every file already says the same, and none is touched.
    let stdout = run();
    assert_eq!(stdout.matches("unchanged ").count(), 6, "{stdout}");
    assert!(!stdout.contains("wrote "), "{stdout}");
    assert_eq!(stat(), first);
    for (name, text) in schema::schemas() {
        assert_eq!(fs::read_to_string(out.join(&name)).unwrap(), text, "{name}");
    }
    // A file that differs is written again, and only it.
    let (edited, _) = &schema::schemas()[0];
    fs::write(out.join(edited), "{}").unwrap();
    let before = stat();
    let stdout = run();
    assert_eq!(stdout.matches("wrote ").count(), 1, "{stdout}");
    assert!(stdout.contains(&format!("{edited}\n")), "{stdout}");
    for ((name, ino, _), (_, was, _)) in stat().iter().zip(&before) {
        assert_eq!(ino != was, name == edited, "{name}");
    }
    for (name, text) in schema::schemas() {
        assert_eq!(fs::read_to_string(out.join(&name)).unwrap(), text, "{name}");
    }
}

#[test]
fn every_example_and_fixture_input_validates_against_its_schema() {
    let mut checked = 0;
    for inputs in [example_inputs(), fixtures().join("base")] {
        for rel in input_files(&inputs) {
            let kind = schema::kind_of(&rel).unwrap();
            let errs = errors(kind, &as_json(&inputs.join(&rel)));
            assert!(
                errs.is_empty(),
                "{}: {errs:#?}",
                inputs.join(&rel).display()
            );
            checked += 1;
        }
    }
    assert!(checked > 25, "only {checked} files checked");
}

#[test]
fn every_example_input_starts_with_its_schema_line() {
    let inputs = example_inputs();
    for rel in input_files(&inputs) {
        let text = fs::read_to_string(inputs.join(&rel)).unwrap();
        let first = text.lines().next().unwrap_or("");
        let line = schema::modeline(&rel).unwrap();
        assert_eq!(first, line, "{}", rel.display());
        // The path resolves from the file's folder to the committed schema.
        let target = line.split("$schema=").nth(1).unwrap();
        let folder = inputs.join(&rel).parent().unwrap().to_path_buf();
        assert!(folder.join(target).is_file(), "{}: {target}", rel.display());
    }
}

#[test]
fn a_misspelt_key_is_rejected_by_the_schema_as_by_the_parser() {
    let campaign = fixtures().join("base/campaign.yaml");
    let text = fs::read_to_string(&campaign).unwrap();
    let misspelt = text.replacen("title:", "titel:", 1);
    let value: serde_json::Value = serde_yaml::from_str(&misspelt).unwrap();
    let errs = errors("campaign", &value);
    assert!(errs.iter().any(|e| e.contains("titel")), "{errs:#?}");
    let c = Campaign::base_with(&[("campaign.yaml", &misspelt)]);
    let loaded = c.load();
    assert!(loaded.diags.has_errors());
    assert!(
        common::messages(&loaded)
            .iter()
            .any(|m| m.contains("titel"))
    );

    // Deeper down too: a person's misspelt key in a meeting.
    let meeting = fixtures().join("base/meetings/2024-03-21-france.yaml");
    let mut value = as_json(&meeting);
    value["counterpart"]["people"][0]["emial"] = "x@example.org".into();
    assert!(!errors("meeting", &value).is_empty());
    // And a value of the wrong kind.
    let mut value = as_json(&meeting);
    value["format"] = "casual".into();
    assert!(!errors("meeting", &value).is_empty());
}

#[test]
fn lists_left_empty_are_accepted_as_the_parser_accepts_them() {
    let meeting = fixtures().join("base/meetings/2024-03-21-france.yaml");
    let mut value = as_json(&meeting);
    value["asks"] = serde_json::Value::Null;
    value["themes"] = serde_json::Value::Null;
    assert_eq!(errors("meeting", &value), Vec::<String>::new());
}
