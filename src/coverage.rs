//! Every character a document may show has a glyph: a character of an input
//! or language file that no font draws is an error located at its value, in
//! `check` as in `build`, so that no PDF ever shows a missing glyph or U+FFFD
//! in place of a user's text. YAML comments and keys are not shown and are
//! not checked.

use std::collections::BTreeSet;
use std::path::Path;

use unicode_script::UnicodeScript;
use yaml_rust2::parser::{Event, Parser};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::fonts::Fonts;
use crate::source::{FileId, Sources};

/// Which files' text a build shows: every input file, and the language
/// files of the languages it writes (`i18n/<code>.yaml`).
pub struct Shown<'a> {
    pub languages: &'a BTreeSet<String>,
}

impl Shown<'_> {
    fn includes(&self, rel: &Path) -> bool {
        let yaml = rel.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !yaml {
            return false;
        }
        match (rel.parent(), rel.file_stem()) {
            (Some(dir), Some(stem)) if dir == Path::new("i18n") => {
                self.languages.contains(stem.to_string_lossy().as_ref())
            }
            _ => true,
        }
    }
}

/// The characters of the values shown that the built-in fonts do not
/// draw: what the fallback fonts must cover.
pub fn needed(sources: &Sources, shown: &Shown) -> BTreeSet<char> {
    let builtin = Fonts::builtin();
    let mut out = BTreeSet::new();
    for (id, file) in sources.iter() {
        if shown.includes(&file.rel) && needs_parsing(&file.text, builtin) {
            values(&sources.get(id).text, |value, _| {
                out.extend(value.chars().filter(|&c| !builtin.draws(c)));
            });
        }
    }
    out
}

/// Reports every value of the files shown (inputs and language files)
/// that holds a character `fonts` cannot draw: one diagnostic per value,
/// at its first such character.
pub fn check(sources: &Sources, fonts: &Fonts, shown: &Shown, diags: &mut Diagnostics) {
    for (id, file) in sources.iter() {
        if shown.includes(&file.rel) && needs_parsing(&file.text, fonts) {
            check_file(sources, id, fonts, diags);
        }
    }
}

/// Most files are drawable as written; only the others, and those with an
/// escape that may stand for any character, are parsed.
fn needs_parsing(text: &str, fonts: &Fonts) -> bool {
    text.contains('\\') || !text.chars().all(|c| c.is_ascii() || fonts.draws(c))
}

/// Calls `f` with every scalar value of the YAML `text` (not keys) and the
/// character index where its token starts.
fn values(text: &str, mut f: impl FnMut(&str, usize)) {
    let mut parser = Parser::new_from_str(text);
    // Open collections, innermost last: in a mapping, whether the next
    // node is a key (keys alternate with values; only values are shown);
    // `None` in a sequence.
    let mut open: Vec<Option<bool>> = Vec::new();
    while let Ok((event, mark)) = parser.next_token() {
        let is_key = match open.last_mut() {
            Some(Some(next_is_key)) => std::mem::replace(next_is_key, !*next_is_key),
            _ => false,
        };
        match event {
            Event::StreamEnd => break,
            Event::MappingStart(..) => open.push(Some(true)),
            Event::SequenceStart(..) => open.push(None),
            Event::MappingEnd | Event::SequenceEnd => {
                open.pop();
            }
            Event::Scalar(value, ..) if !is_key => f(&value, mark.index()),
            _ => {}
        }
    }
}

fn check_file(sources: &Sources, id: FileId, fonts: &Fonts, diags: &mut Diagnostics) {
    let text = &sources.get(id).text;
    values(text, |value, index| {
        let mut missing = value.chars().filter(|&c| !fonts.draws(c));
        let Some(first) = missing.next() else {
            return;
        };
        let more = missing.count();
        let at = locate(text, index, first);
        diags.push(uncovered(first, more, fonts).at(sources, sources.at_byte(id, at)));
    });
}

/// The byte offset of `c` at or after the character index `from` in `text`,
/// else that of `from` itself (the value's start: `c` was written as an
/// escape).
fn locate(text: &str, from: usize, c: char) -> usize {
    let start = text.char_indices().nth(from).map_or(text.len(), |(i, _)| i);
    text[start..].find(c).map_or(start, |i| start + i)
}

fn uncovered(c: char, more: usize, fonts: &Fonts) -> Diagnostic {
    let script = format!("{:?}", c.script()).replace('_', " ");
    let also = match more {
        0 => String::new(),
        1 => " (and 1 more character in this value)".to_string(),
        n => format!(" (and {n} more characters in this value)"),
    };
    Diagnostic::error(
        Code::NoGlyph,
        format!(
            "no font can draw \"{c}\" (U+{:04X}, {script} script){also}",
            u32::from(c)
        ),
    )
    .with_hint(format!(
        "fonts searched: {}. Install a font for the {script} script (on Debian or Ubuntu, \
         the package fonts-noto-core covers most scripts and fonts-noto-cjk Chinese, \
         Japanese and Korean), or put its .ttf or .otf file in the fonts folder (--fonts)",
        fonts.searched()
    ))
}

#[cfg(test)]
mod tests {
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
        let languages = BTreeSet::new();
        check(
            &sources,
            Fonts::builtin(),
            &Shown {
                languages: &languages,
            },
            &mut diags,
        );
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
}
