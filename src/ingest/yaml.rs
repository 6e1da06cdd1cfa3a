//! serde_yaml, with its errors turned into located diagnostics in the words
//! of our users: keys, values and files rather than fields and types; and
//! the scalars the tool writes when it writes an input file.

use serde::de::DeserializeOwned;

use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::source::{FileId, Sources};

/// Parses file `file` of `sources` as a `T`.
pub fn parse<T: DeserializeOwned>(sources: &Sources, file: FileId) -> Result<T, Box<Diagnostic>> {
    let text = &sources.get(file).text;
    if is_blank(text) {
        let keys = known_keys::<T>();
        let mut d = Diagnostic::error(Code::EmptyFile, "the file is empty")
            .at(sources, sources.at_line_col(file, 1, 1));
        if !keys.is_empty() {
            d = d.with_hint(format!(
                "expected a mapping with the keys {}",
                keys.join(", ")
            ));
        }
        return Err(Box::new(d));
    }
    let value = serde_yaml::from_str::<T>(text).map_err(|e| {
        let d = tab_indent(text)
            .map(|(line, column)| {
                Diagnostic::error(Code::YamlSyntax, "tabs cannot indent YAML; use spaces")
                    .at(sources, sources.at_line_col(file, line, column))
                    .with_hint("replace the tab with spaces (two per level, as elsewhere)")
            })
            .or_else(|| {
                let message = e.to_string();
                split(&message)
                    .1
                    .starts_with("duplicate field")
                    .then(|| duplicate_key(sources, file))
                    .flatten()
            })
            .unwrap_or_else(|| to_diagnostic(&e, sources, file));
        Box::new(d)
    })?;
    match duplicate_key(sources, file) {
        Some(d) => Err(Box::new(d)),
        None => Ok(value),
    }
}

/// The line and column (1-based) of the first tab in a line's indentation.
fn tab_indent(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        line[..indent]
            .find('\t')
            .map(|at| (i + 1, line[..at].chars().count() + 1))
    })
}

/// A key given twice in one mapping, at any depth: serde_yaml reports one
/// only in a struct (at the start of the file) and lets a map keep the last.
fn duplicate_key(sources: &Sources, file: FileId) -> Option<Diagnostic> {
    let d = crate::source::duplicate_key(&sources.get(file).text)?;
    let place = if d.mapping == crate::source::YPath::root() {
        "the top level".to_string()
    } else {
        d.mapping.to_string()
    };
    Some(
        Diagnostic::error(
            Code::DuplicateKey,
            format!("the key \"{}\" is given twice in {place}", d.key),
        )
        .at(sources, sources.at_line_col(file, d.again.0, d.again.1))
        .with_hint(format!(
            "first given on line {}; keep one of the two",
            d.first.0
        )),
    )
}

/// True when the text holds nothing but blank lines and comments.
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

/// The keys a `T` accepts, learnt by offering it a key it cannot know.
fn known_keys<T: DeserializeOwned>() -> Vec<String> {
    match serde_yaml::from_str::<T>("\"\\u0000\": 0") {
        Err(e) => {
            let full = e.to_string();
            let (_, message) = split(&full);
            backticked(message.split_once("expected").map_or("", |(_, rest)| rest))
        }
        Ok(_) => Vec::new(),
    }
}

fn to_diagnostic(e: &serde_yaml::Error, sources: &Sources, file: FileId) -> Diagnostic {
    let full = e.to_string();
    let (path, message) = split(&full);
    let place = if path.is_empty() {
        "the top level".to_string()
    } else {
        path.to_string()
    };
    let message = strip_locations(message);
    let message = message.as_str();
    let expected = backticked(message.split_once("expected").map_or("", |(_, rest)| rest));
    let first = backticked(message).into_iter().next().unwrap_or_default();
    let known = || expected.iter().map(String::as_str);
    let (code, text, hint) = if message.starts_with("unknown field") {
        let hint = did_you_mean(&first, known())
            .unwrap_or_else(|| format!("known keys: {}", expected.join(", ")));
        (
            Code::UnknownKey,
            format!("unknown key \"{first}\" in {place}"),
            Some(hint),
        )
    } else if message.starts_with("unknown variant") {
        let hint = did_you_mean(&first, known())
            .unwrap_or_else(|| format!("expected one of: {}", expected.join(", ")));
        (
            Code::InvalidValue,
            format!("unknown value \"{first}\" for {place}"),
            Some(hint),
        )
    } else if message.starts_with("missing field") {
        (
            Code::MissingKey,
            format!("missing key \"{first}\" in {place}"),
            None,
        )
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let what = message.replace("invalid type: ", "found ");
        let (found, wanted) = what.split_once(", expected ").unwrap_or((&what, ""));
        let wanted = expected_in_words(&place, wanted);
        (
            Code::WrongType,
            format!("{place} must be {wanted}; {found}"),
            None,
        )
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        (
            Code::TooComplex,
            format!("{message}: the file nests or repeats aliases too deeply"),
            Some("write the values out instead of using YAML aliases".to_string()),
        )
    } else {
        (Code::YamlSyntax, format!("invalid YAML: {message}"), None)
    };
    let loc = match e.location() {
        Some(l) => sources.at_line_col(file, l.line(), l.column()),
        None => sources.at_line_col(file, 1, 1),
    };
    // A comma or colon inside `{ ... }` ends a value: the rest reads as a
    // key of its own, or breaks the mapping.
    let split_value = match e.location() {
        _ if code == Code::YamlSyntax => message.contains("while parsing a flow mapping"),
        Some(l) => in_flow_mapping(&sources.get(file).text, l.line(), l.column()),
        None => false,
    };
    let hint = if split_value {
        Some(
            "a comma or colon inside { ... } ends the value: put the value in quotes, \
             e.g. institution: \"Embassy of France, Seoul\""
                .to_string(),
        )
    } else {
        hint
    };
    let d = Diagnostic::error(code, text).at(sources, loc);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// What serde expected, in the words of someone editing the file: a field
/// with a known range says it, a type says what to write.
fn expected_in_words(place: &str, wanted: &str) -> String {
    let field = place.rsplit('.').next().unwrap_or(place);
    let field = field.split('[').next().unwrap_or(field);
    match field {
        "priority" => return "a whole number from 1 (highest) to 5".into(),
        "cycle" => return "the cycle's number, e.g. 4".into(),
        "session" => return "the Working Group session's number, e.g. 46".into(),
        "from" | "to" => return "a year, e.g. 2024".into(),
        "max_recommendations_per_pack" => return "a whole number, e.g. 10".into(),
        _ => {}
    }
    match wanted {
        "i64" | "i32" | "u64" | "u32" | "u16" | "u8" | "usize" => "a whole number".into(),
        "f64" | "f32" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a string" => "text (put it in quotes if it looks like a number or a date)".into(),
        "a sequence" => "a list, e.g. [a, b] or lines starting with \"- \"".into(),
        w if w.starts_with("struct ") || w == "a map" => "a mapping of keys and values".into(),
        "" => "something else".into(),
        w => w.to_string(),
    }
}

/// Splits serde_yaml's `path: message at line L column C` into path and message.
fn split(full: &str) -> (&str, &str) {
    let body = match full.rfind(" at line ") {
        Some(i) if full[i..].contains(" column ") => &full[..i],
        _ => full,
    };
    match body.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !path.contains('`') && !path.is_empty() => {
            (path, rest)
        }
        _ => ("", body),
    }
}

/// Removes serde_yaml's ` at line L column C` from inside a message: the
/// diagnostic states the place itself.
fn strip_locations(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + " at line ".len()..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let n = digits(rest);
        let Some(after) = rest[n..].strip_prefix(" column ") else {
            break;
        };
        let m = digits(after);
        if n == 0 || m == 0 {
            break;
        }
        let end = i + " at line ".len() + n + " column ".len() + m;
        out.replace_range(i..end, "");
    }
    out
}

/// The error at `line`, `column` (1-based) lies inside a `{ ... }` mapping
/// that a comma or colon split: an unquoted `,` or `:` comes before it there.
fn in_flow_mapping(text: &str, line: usize, column: usize) -> bool {
    let Some(l) = text.lines().nth(line.wrapping_sub(1)) else {
        return false;
    };
    let before: String = l.chars().take(column.saturating_sub(1)).collect();
    let Some(open) = before.rfind('{') else {
        return false;
    };
    let inside = &before[open + 1..];
    // What is at the error reads as a key but has no value of its own: the
    // tail of a value cut by the comma or colon before it.
    let at: String = l.chars().skip(column.saturating_sub(1)).collect();
    let token = at.split([',', '}']).next().unwrap_or("");
    !inside.contains(['"', '\'', '}'])
        && inside.matches([',', ':']).count() >= 2
        && !token.contains(':')
}

/// The `quoted` words of a serde message, in order.
fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// A YAML double-quoted scalar: JSON's string escapes are YAML's too.
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A YAML scalar for a word: plain when every YAML reader takes it for
/// text, else double-quoted. YAML 1.1 readers take `NO` (Norway's code),
/// `y`, `on`, `null`, `~` and anything like a number for something else.
pub fn scalar(s: &str) -> String {
    let plain = s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "y" | "yes" | "n" | "no" | "true" | "false" | "on" | "off" | "null"
        );
    if plain { s.to_string() } else { quoted(s) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::raw;

    fn sources(text: &str) -> (Sources, FileId) {
        let mut s = Sources::default();
        let id = s.add(
            "meetings/m.yaml".into(),
            "inputs/meetings/m.yaml".into(),
            text.into(),
        );
        (s, id)
    }

    #[test]
    fn unknown_key_names_the_key_and_suggests() {
        let (s, id) = sources(
            "date: 2024-03-21\nlocation: Seoul\ncounterpart:\n  institution: X\n  poeple: []\ndelegation: [liv]\n",
        );
        let d = parse::<raw::Meeting>(&s, id).unwrap_err();
        assert_eq!(d.code.as_str(), "unknown-key");
        assert_eq!((d.line, d.column), (5, 3));
        assert!(
            d.message.contains("\"poeple\" in counterpart"),
            "{}",
            d.message
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean \"people\"?"));
    }

    #[test]
    fn empty_file_lists_the_keys() {
        let (s, id) = sources("# nothing here\n\n");
        let d = parse::<raw::Organization>(&s, id).unwrap_err();
        assert_eq!(d.code.as_str(), "empty-file");
        assert_eq!(
            d.hint.as_deref(),
            Some("expected a mapping with the keys id, name, names, members, priorities")
        );
    }

    #[test]
    fn bad_enum_value_suggests() {
        let (s, id) = sources(
            "date: 2024-03-21\nlocation: Seoul\nformat: formel\ncounterpart: {institution: X}\ndelegation: [liv]\n",
        );
        let d = parse::<raw::Meeting>(&s, id).unwrap_err();
        assert_eq!(d.code.as_str(), "invalid-value");
        assert_eq!(d.hint.as_deref(), Some("did you mean \"formal\"?"));
    }

    #[test]
    fn syntax_errors_state_their_place_once() {
        let (s, id) = sources("date: 2024-03-21\ndelegation: [liv, opennet\nstatus: held\n");
        let d = parse::<raw::Meeting>(&s, id).unwrap_err();
        assert_eq!(d.code.as_str(), "yaml-syntax");
        assert!(!d.message.contains("at line"), "{}", d.message);
        assert_eq!(d.line, 3);
    }

    #[test]
    fn a_misspelt_key_in_braces_is_not_taken_for_a_split_value() {
        let (s, id) = sources(
            "date: 2024-03-21\nlocation: Seoul\ncounterpart: { institution: X, poeple: [] }\ndelegation: [liv]\n",
        );
        let d = parse::<raw::Meeting>(&s, id).unwrap_err();
        assert_eq!(d.code.as_str(), "unknown-key");
        assert_eq!(d.hint.as_deref(), Some("did you mean \"people\"?"));
    }

    #[test]
    fn tabs_are_found_in_indentation_only() {
        assert_eq!(tab_indent("a:\n  b: 1\n \tc: 2\n"), Some((3, 2)));
        assert_eq!(tab_indent("a: \"x\ty\"\nb:\t1\n"), None);
    }

    #[test]
    fn a_duplicate_key_is_found_at_its_own_depth() {
        // `name` twice, but at different depths first: the second top-level
        // one is the duplicate.
        let (s, id) =
            sources("code: SE\nname: Sweden\nnames: { fr: Suède }\nlanguage: en\nname: Suède\n");
        let d = parse::<raw::State>(&s, id).unwrap_err();
        assert_eq!(d.code.as_str(), "duplicate-key");
        assert_eq!((d.line, d.column), (5, 1));
        assert_eq!(
            d.hint.as_deref(),
            Some("first given on line 2; keep one of the two")
        );
    }

    #[test]
    fn a_duplicate_key_in_a_nested_map_is_an_error() {
        // serde keeps the last of two map entries; the file says both.
        let (s, id) = sources(
            "code: SE\nname: Sweden\nnames:\n  es: Suecia\n  fr: Suède\n  es: Svecia\nlanguage: en\n",
        );
        let d = parse::<raw::State>(&s, id).unwrap_err();
        assert_eq!(d.code.as_str(), "duplicate-key");
        assert_eq!(d.message, "the key \"es\" is given twice in names");
        assert_eq!((d.line, d.column), (6, 3));
        assert_eq!(
            d.hint.as_deref(),
            Some("first given on line 4; keep one of the two")
        );
    }

    #[test]
    fn types_are_named_in_words() {
        assert_eq!(
            expected_in_words("the top level", "a boolean"),
            "true or false"
        );
        assert_eq!(
            expected_in_words("items[0].priority", "i64"),
            "a whole number from 1 (highest) to 5"
        );
        assert_eq!(expected_in_words("coalition[1]", "u32"), "a whole number");
    }
}
