//! JSON Schemas (draft 2020-12) of the input files, generated from the raw
//! structs the parser reads them into, so that the schema and the parser
//! cannot disagree: a key the parser rejects (`deny_unknown_fields`) is
//! `additionalProperties: false` in the schema, and every field's doc comment
//! is its description, which editors show as people type.
//!
//! The schemas belong in a `schema/` folder next to `inputs/`; each input file
//! names its schema on its first line ([`modeline`]) for the YAML language
//! server.

use std::path::Path;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

use super::raw;

/// The kinds of input file: (kind, the folder its files live in under
/// `inputs/`, or `None` for `campaign.yaml` at the top).
pub const KINDS: [(&str, Option<&str>); 5] = [
    ("campaign", None),
    ("state", Some("states")),
    ("organization", Some("organizations")),
    ("recommendations", Some("recommendations")),
    ("meeting", Some("meetings")),
];

/// The file name of a kind's schema: `campaign.schema.json`.
pub fn file_name(kind: &str) -> String {
    format!("{kind}.schema.json")
}

/// The schema of one kind of input file as pretty-printed JSON with a final
/// newline, or `None` for an unknown kind. Keys are sorted, so the text is
/// the same on every run.
pub fn schema(kind: &str) -> Option<String> {
    let schema = match kind {
        "campaign" => root::<raw::Campaign>(),
        "state" => root::<raw::State>(),
        "organization" => root::<raw::Organization>(),
        "recommendations" => root::<raw::RecommendationFile>(),
        "meeting" => root::<raw::Meeting>(),
        _ => return None,
    };
    let mut text = serde_json::to_string_pretty(&sorted(schema)).ok()?;
    text.push('\n');
    Some(text)
}

/// Every schema: (file name, text), in the order of [`KINDS`].
pub fn schemas() -> Vec<(String, String)> {
    KINDS
        .iter()
        .filter_map(|(kind, _)| Some((file_name(kind), schema(kind)?)))
        .collect()
}

fn root<T: JsonSchema>() -> serde_json::Value {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// The value with every object's keys in sorted order, whatever the map
/// type of `serde_json` in this build.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// The kind of the input file at `rel` (relative to the inputs folder):
/// `campaign.yaml` or a `.yaml` file in one of the kinds' folders.
pub fn kind_of(rel: &Path) -> Option<&'static str> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        ["campaign.yaml"] => Some("campaign"),
        [folder, file] if file.ends_with(".yaml") => KINDS
            .iter()
            .find(|(_, f)| *f == Some(*folder))
            .map(|(kind, _)| *kind),
        _ => None,
    }
}

/// The first line of the input file at `rel`: the YAML language server's
/// comment naming its schema, relative to the file's own folder, with the
/// `schema/` folder next to `inputs/`.
pub fn modeline(rel: &Path) -> Option<String> {
    let kind = kind_of(rel)?;
    let up = "../".repeat(rel.components().count());
    Some(format!(
        "# yaml-language-server: $schema={up}schema/{}",
        file_name(kind)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modelines_resolve_from_each_files_folder() {
        assert_eq!(
            modeline(Path::new("campaign.yaml")).unwrap(),
            "# yaml-language-server: $schema=../schema/campaign.schema.json"
        );
        assert_eq!(
            modeline(Path::new("meetings/2024-03-21-france.yaml")).unwrap(),
            "# yaml-language-server: $schema=../../schema/meeting.schema.json"
        );
        assert_eq!(
            modeline(Path::new("recommendations/x.yaml")).unwrap(),
            "# yaml-language-server: $schema=../../schema/recommendations.schema.json"
        );
        assert_eq!(modeline(Path::new("meetings/x.yml")), None);
        assert_eq!(modeline(Path::new("notes.yaml")), None);
    }

    #[test]
    fn unknown_keys_are_refused_and_every_field_is_described() {
        for (name, text) in schemas() {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                v["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{name}"
            );
            let mut objects = vec![&v];
            objects.extend(v["$defs"].as_object().into_iter().flat_map(|d| d.values()));
            for o in objects
                .into_iter()
                .filter(|o| o.get("properties").is_some())
            {
                assert_eq!(o["additionalProperties"], false, "{name}: {o}");
                for (key, p) in o["properties"].as_object().unwrap() {
                    let described = p["description"].as_str().is_some_and(|d| !d.is_empty());
                    assert!(described, "{name}: `{key}` has no description");
                }
            }
        }
    }
}
