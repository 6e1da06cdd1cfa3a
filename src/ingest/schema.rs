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

use super::InputKind;
use super::raw;

/// Every kind as (its name, the folder its files live in under `inputs/`,
/// or `None` for `campaign.yaml` at the top), for callers that name kinds
/// in text.
pub const KINDS: [(&str, Option<&str>); 6] = named_kinds();

const fn named_kinds() -> [(&'static str, Option<&'static str>); 6] {
    let mut out = [("", None); 6];
    let mut i = 0;
    while i < out.len() {
        out[i] = (InputKind::ALL[i].name(), InputKind::ALL[i].folder());
        i += 1;
    }
    out
}

/// The schema of one kind of input file as pretty-printed JSON with a final
/// newline. Keys are sorted, so the text is the same on every run.
pub fn generate(kind: InputKind) -> Option<String> {
    let schema = match kind {
        InputKind::Campaign => root::<raw::Campaign>(),
        InputKind::State => root::<raw::State>(),
        InputKind::Organization => root::<raw::Organization>(),
        InputKind::Recommendations => root::<raw::RecommendationFile>(),
        InputKind::Meeting => root::<raw::Meeting>(),
        InputKind::Handover => root::<super::handover::HandoverFile>(),
    };
    let mut text = serde_json::to_string_pretty(&sorted(schema)).ok()?;
    text.push('\n');
    Some(text)
}

/// The schema of the kind named `name` (see [`InputKind::name`]), or `None`
/// for a name that is no kind's.
pub fn schema(name: &str) -> Option<String> {
    generate(InputKind::from_name(name)?)
}

/// Every schema: (file name, text), in the order of [`InputKind::ALL`].
pub fn schemas() -> Vec<(String, String)> {
    InputKind::ALL
        .into_iter()
        .filter_map(|kind| Some((kind.schema_file(), generate(kind)?)))
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

/// The name of the kind of the input file at `rel` (relative to the inputs
/// folder); see [`InputKind::of_path`].
pub fn kind_of(rel: &Path) -> Option<&'static str> {
    InputKind::of_path(rel).map(InputKind::name)
}

/// The first line of the input file at `rel`: the YAML language server's
/// comment naming its schema, relative to the file's own folder, with the
/// `schema/` folder next to `inputs/`.
pub fn modeline(rel: &Path) -> Option<String> {
    let kind = InputKind::of_path(rel)?;
    let up = "../".repeat(rel.components().count());
    Some(format!(
        "# yaml-language-server: $schema={up}schema/{}",
        kind.schema_file()
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
