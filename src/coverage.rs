//! Every character a document may show has a glyph: a character of an input
//! or language file that no font draws is an error located at its value, in
//! `check` as in `build`, so that no PDF ever shows a missing glyph or U+FFFD
//! in place of a user's text. YAML comments and keys are not shown and are
//! not checked; nor is what only a document in a language no document is
//! written in would show (a translation into it, its language file).

use std::collections::BTreeSet;
use std::path::Path;

use unicode_script::UnicodeScript;
use yaml_rust2::parser::{Event, Parser};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::fonts::Fonts;
use crate::source::Sources;

/// Reports every value of the YAML files in `sources` (inputs and language
/// files) that holds a character `fonts` cannot draw: one diagnostic per
/// value, at its first such character.
pub fn check(sources: &Sources, fonts: &Fonts, diags: &mut Diagnostics) {
    check_shown(sources, fonts, None, diags);
}

/// [`check`] for documents in the languages `shown` only (every language
/// when `None`): a value under a language in `names`, `titles` or
/// `translations`, and a language file (`i18n/<lang>.yaml`), is checked only
/// when its language is shown.
pub fn check_shown(
    sources: &Sources,
    fonts: &Fonts,
    shown: Option<&BTreeSet<String>>,
    diags: &mut Diagnostics,
) {
    let hidden = |lang: &str| shown.is_some_and(|s| !s.contains(lang));
    for (id, file) in sources.iter() {
        if shows(&file.rel, &file.text, fonts, &hidden) {
            let text = &file.text;
            values(text, &hidden, |value, index| {
                let mut missing = value.chars().filter(|&c| !fonts.draws(c));
                let Some(first) = missing.next() else {
                    return;
                };
                let more = missing.count();
                let at = locate(text, index, first);
                diags.push(uncovered(first, more, fonts).at(sources, sources.at_byte(id, at)));
            });
        }
    }
}

/// The characters of the values documents in the languages `shown` show
/// that the built-in fonts do not draw: what fallback fonts must cover.
pub fn needed(sources: &Sources, shown: Option<&BTreeSet<String>>) -> BTreeSet<char> {
    let builtin = Fonts::builtin();
    let hidden = |lang: &str| shown.is_some_and(|s| !s.contains(lang));
    let mut out = BTreeSet::new();
    for (_, file) in sources.iter() {
        if shows(&file.rel, &file.text, builtin, &hidden) {
            values(&file.text, &hidden, |value, _| {
                out.extend(value.chars().filter(|&c| !builtin.draws(c)));
            });
        }
    }
    out
}

/// Whether a file may show text `fonts` cannot draw: a YAML file, not the
/// language file of a hidden language, with a character `fonts` lacks or
/// an escape that may stand for any character (most files are drawable as
/// written and are not parsed).
fn shows(rel: &Path, text: &str, fonts: &Fonts, hidden: &dyn Fn(&str) -> bool) -> bool {
    if language_file(rel).is_some_and(hidden) {
        return false;
    }
    let yaml = rel.extension().is_some_and(|e| e == "yaml" || e == "yml");
    yaml && (text.contains('\\') || !text.chars().all(|c| c.is_ascii() || fonts.draws(c)))
}

/// The language of a language file, `i18n/<lang>.yaml`.
fn language_file(rel: &Path) -> Option<&str> {
    let folder = rel.parent()?.file_name()?;
    (folder == "i18n" && rel.extension()? == "yaml").then_some(())?;
    rel.file_stem()?.to_str()
}

/// The keys whose values are maps from a language to its text.
const BY_LANGUAGE: [&str; 3] = ["names", "titles", "translations"];

/// Calls `f` with every scalar value of the YAML `text` that a document
/// may show (not keys, not a text in a hidden language) and the character
/// index where its token starts.
fn values(text: &str, hidden: &dyn Fn(&str) -> bool, mut f: impl FnMut(&str, usize)) {
    let mut parser = Parser::new_from_str(text);
    // Open collections, innermost last: in a mapping, whether the next
    // node is a key (keys alternate with values; only values are shown);
    // `None` in a sequence.
    let mut open: Vec<Option<bool>> = Vec::new();
    // Beside it, each open mapping's latest key (`None` for a sequence).
    let mut keys: Vec<Option<String>> = Vec::new();
    while let Ok((event, mark)) = parser.next_token() {
        let is_key = match open.last_mut() {
            Some(Some(next_is_key)) => std::mem::replace(next_is_key, !*next_is_key),
            _ => false,
        };
        match event {
            Event::StreamEnd => break,
            Event::MappingStart(..) => {
                open.push(Some(true));
                keys.push(None);
            }
            Event::SequenceStart(..) => {
                open.push(None);
                keys.push(None);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                open.pop();
                keys.pop();
            }
            Event::Scalar(value, ..) if is_key => {
                if let Some(last) = keys.last_mut() {
                    *last = Some(value);
                }
            }
            Event::Scalar(..) if in_hidden_language(&keys, hidden) => {}
            Event::Scalar(value, ..) => f(&value, mark.index()),
            _ => {}
        }
    }
}

/// Whether the value at `keys` is a text in a language `hidden` says no
/// document is written in: under `names`, `titles` or `translations`, then
/// that language.
fn in_hidden_language(keys: &[Option<String>], hidden: &dyn Fn(&str) -> bool) -> bool {
    keys.windows(2).any(|w| match (&w[0], &w[1]) {
        (Some(by), Some(lang)) => {
            BY_LANGUAGE.contains(&by.as_str()) && hidden(&lang.trim().to_lowercase())
        }
        _ => false,
    })
}

/// The byte offset of `c` at or after the character index `from` in `text`,
/// else that of `from` itself (the value's start: `c` was written as an
/// escape).
fn locate(text: &str, from: usize, c: char) -> usize {
    let start = text.char_indices().nth(from).map_or(text.len(), |(i, _)| i);
    text[start..].find(c).map_or(start, |i| start + i)
}

/// A script's name followed by "script", once: "Khmer script", "Khitan
/// Small Script".
fn script_name(c: char) -> String {
    let name = format!("{:?}", c.script()).replace('_', " ");
    if name.ends_with(" Script") {
        name
    } else {
        format!("{name} script")
    }
}

fn uncovered(c: char, more: usize, fonts: &Fonts) -> Diagnostic {
    let script = script_name(c);
    let also = match more {
        0 => String::new(),
        1 => " (and 1 more character in this value)".to_string(),
        n => format!(" (and {n} more characters in this value)"),
    };
    Diagnostic::error(
        Code::NoGlyph,
        format!(
            "no font can draw \"{c}\" (U+{:04X}, {script}){also}",
            u32::from(c)
        ),
    )
    .with_hint(format!(
        "fonts searched: {}. Install a font for the {script} (on Debian or Ubuntu, \
         the package fonts-noto-core covers most scripts and fonts-noto-cjk Chinese, \
         Japanese and Korean), or put its .ttf or .otf file in the fonts folder (--fonts)",
        fonts.searched()
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_script_is_named_script_once() {
        assert_eq!(super::script_name('ច'), "Khmer script");
        assert_eq!(super::script_name('\u{18B00}'), "Khitan Small Script");
    }

    use super::*;
    use std::path::PathBuf;

    fn diagnose(text: &str) -> Vec<String> {
        let mut sources = Sources::default();
        sources.add(
            PathBuf::from("meetings/m.yaml"),
            "inputs/meetings/m.yaml".into(),
            text.into(),
        );
        let mut diags = Diagnostics::default();
        check(&sources, Fonts::builtin(), &mut diags);
        diags
            .sorted()
            .into_iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn a_character_no_font_draws_is_located_at_its_value() {
        let found = diagnose("outcome: ok\nasks:\n  - \"Quote: ច្បាប់ (law)\"\n  - fine\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("3:13: no font can draw \"ច\" (U+1785, Khmer script) (and 5 more"),
            "{found:?}"
        );
        // Escaped, it is found at the value.
        let found = diagnose("outcome: \"\\u4E2D\"\n");
        assert_eq!(
            found,
            ["1:10: no font can draw \"中\" (U+4E2D, Han script)"]
        );
    }

    #[test]
    fn what_is_drawn_or_never_shown_passes() {
        // Vietnamese, Greek, Cyrillic, typography; comments and keys are not shown.
        let fine = "# ملاحظة: تعليق\ntext: Nguyễn Văn Đài — Ελλάδα, Россия « » …\nnotes: \"soft\u{AD}hyphen\"\n";
        assert!(diagnose(fine).is_empty(), "{:?}", diagnose(fine));
        assert_eq!(diagnose("ملاحظة: x\n").len(), 0, "a key is not shown");
    }

    #[test]
    fn each_value_gets_one_diagnostic() {
        let found = diagnose("a: 😀\nb: [ok, 😀😀]\nc: { d: 😀 }\n");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[1].contains("(and 1 more character"), "{found:?}");
    }

    /// The values of `rel` with no glyph, for documents in `shown`.
    fn diagnose_shown(rel: &str, text: &str, shown: &[&str]) -> Vec<String> {
        let mut sources = Sources::default();
        sources.add(PathBuf::from(rel), rel.into(), text.into());
        let shown: BTreeSet<String> = shown.iter().map(|s| s.to_string()).collect();
        let mut diags = Diagnostics::default();
        check_shown(&sources, Fonts::builtin(), Some(&shown), &mut diags);
        diags
            .sorted()
            .into_iter()
            .map(|d| format!("{}:{}", d.line, d.column))
            .collect()
    }

    #[test]
    fn a_text_in_a_language_no_document_is_written_in_is_not_checked() {
        let state = "code: SE\nname: Sweden\nnames: { fr: Suède, zh: 瑞典, AR: السويد }\n";
        assert!(diagnose_shown("states/se.yaml", state, &["en", "fr"]).is_empty());
        // Shown, the same values are errors, each at its own.
        assert_eq!(
            diagnose_shown("states/se.yaml", state, &["en", "zh", "ar"]),
            ["3:25", "3:33"]
        );
        // Under `translations` (a block mapping below a sequence) and `titles`.
        let recs = "themes:\n  - id: t\n    title: T\n    titles:\n      zh: 主题\nitems:\n  - id: R1\n    translations:\n      zh:\n        title: 标题\n";
        assert!(diagnose_shown("recommendations/r.yaml", recs, &["en"]).is_empty());
        assert_eq!(
            diagnose_shown("recommendations/r.yaml", recs, &["en", "zh"]),
            ["5:11", "10:16"]
        );
        // A language code elsewhere than under a map of translations is
        // no such map: its value is checked.
        let meeting = "zh: 会议\nnotes: { zh: 会议 }\n";
        assert_eq!(
            diagnose_shown("meetings/m.yaml", meeting, &["en"]),
            ["1:5", "2:14"]
        );
    }

    #[test]
    fn a_language_file_is_checked_only_when_its_language_is_shown() {
        let file = "labels:\n  meeting: 会议\n";
        let rel = "templates/i18n/zh.yaml";
        assert!(diagnose_shown(rel, file, &["en"]).is_empty());
        assert_eq!(diagnose_shown(rel, file, &["en", "zh"]), ["2:12"]);
        // Every language when none is named.
        let mut sources = Sources::default();
        sources.add(PathBuf::from(rel), rel.into(), file.into());
        let mut diags = Diagnostics::default();
        check(&sources, Fonts::builtin(), &mut diags);
        assert_eq!(diags.sorted().len(), 1);
    }
}
