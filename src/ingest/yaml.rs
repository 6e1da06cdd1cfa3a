//! serde_yaml, with its errors turned into located diagnostics in the words
//! of our users: keys, values and files rather than fields and types.

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, did_you_mean};
use crate::source::{FileId, Sources};

/// Parses file `file` of `sources` as a `T`.
pub fn parse<T: DeserializeOwned>(sources: &Sources, file: FileId) -> Result<T, Box<Diagnostic>> {
    let text = &sources.get(file).text;
    if is_blank(text) {
        let keys = known_keys::<T>();
        let mut d = Diagnostic::error("empty-file", "the file is empty")
            .at(sources, sources.at_line_col(file, 1, 1));
        if !keys.is_empty() {
            d = d.with_hint(format!(
                "expected a mapping with the keys {}",
                keys.join(", ")
            ));
        }
        return Err(Box::new(d));
    }
    serde_yaml::from_str::<T>(text).map_err(|e| Box::new(to_diagnostic(&e, sources, file)))
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
            "unknown-key",
            format!("unknown key \"{first}\" in {place}"),
            Some(hint),
        )
    } else if message.starts_with("unknown variant") {
        let hint = did_you_mean(&first, known())
            .unwrap_or_else(|| format!("expected one of: {}", expected.join(", ")));
        (
            "invalid-value",
            format!("unknown value \"{first}\" for {place}"),
            Some(hint),
        )
    } else if message.starts_with("missing field") {
        (
            "missing-key",
            format!("missing key \"{first}\" in {place}"),
            None,
        )
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let what = message.replace("invalid type: ", "found ");
        (
            "wrong-type",
            format!("wrong type for {place}: {what}"),
            None,
        )
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        (
            "too-complex",
            format!("{message}: the file nests or repeats aliases too deeply"),
            Some("write the values out instead of using YAML aliases".to_string()),
        )
    } else {
        ("yaml-syntax", format!("invalid YAML: {message}"), None)
    };
    let loc = match e.location() {
        Some(l) => sources.at_line_col(file, l.line(), l.column()),
        None => sources.at_line_col(file, 1, 1),
    };
    let d = Diagnostic::error(code, text).at(sources, loc);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
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

/// The `quoted` words of a serde message, in order.
fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
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
        assert_eq!(d.code, "unknown-key");
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
        assert_eq!(d.code, "empty-file");
        assert_eq!(
            d.hint.as_deref(),
            Some("expected a mapping with the keys id, name, members, priorities")
        );
    }

    #[test]
    fn bad_enum_value_suggests() {
        let (s, id) = sources(
            "date: 2024-03-21\nlocation: Seoul\nformat: formel\ncounterpart: {institution: X}\ndelegation: [liv]\n",
        );
        let d = parse::<raw::Meeting>(&s, id).unwrap_err();
        assert_eq!(d.code, "invalid-value");
        assert_eq!(d.hint.as_deref(), Some("did you mean \"formal\"?"));
    }

    #[test]
    fn syntax_errors_state_their_place_once() {
        let (s, id) = sources("date: 2024-03-21\ndelegation: [liv, opennet\nstatus: held\n");
        let d = parse::<raw::Meeting>(&s, id).unwrap_err();
        assert_eq!(d.code, "yaml-syntax");
        assert!(!d.message.contains("at line"), "{}", d.message);
        assert_eq!(d.line, 3);
    }
}
