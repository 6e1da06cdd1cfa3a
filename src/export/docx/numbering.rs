//! List numbering: one abstract numbering for bullets and one for numbered
//! lists, their markers, colours and indents taken from the style sheet's
//! list style, level by level.
//!
//! docx-rs writes its own `abstractNum`/`num` with id 1; ours start at 10.

use docx_rs::{
    AbstractNumbering, Level, LevelJc, LevelOverride, LevelText, NumberFormat, Numbering,
    SpecialIndentType, Start,
};

use super::twips;
use crate::doc::style::ListStyle;

pub(super) const BULLET_ABSTRACT: usize = 10;
pub(super) const ORDERED_ABSTRACT: usize = 11;
pub(super) const BULLET_NUM: usize = 10;
pub(super) const FIRST_ORDERED_NUM: usize = 11;
/// Word allows list levels 0 to 8.
pub(super) const MAX_LEVEL: usize = 8;

/// Left indent of a list level's text, in twips: each level's marker hangs
/// where the text of the level above starts.
pub(super) fn list_indent(lists: &ListStyle, level: usize) -> i32 {
    twips(lists.indent) * (level as i32 + 1)
}

fn level(lists: &ListStyle, level: usize, format: &str, text: String) -> Level {
    Level::new(
        level,
        Start::new(1),
        NumberFormat::new(format),
        LevelText::new(text),
        LevelJc::new("left"),
    )
    .indent(
        Some(list_indent(lists, level)),
        Some(SpecialIndentType::Hanging(twips(lists.indent))),
        None,
        None,
    )
}

/// Bullets, level by level, in the style's bullet colour.
pub(super) fn bullets(lists: &ListStyle) -> AbstractNumbering {
    let mut a = AbstractNumbering::new(BULLET_ABSTRACT);
    for l in 0..=MAX_LEVEL {
        let marker = lists.marker(false, l, 1);
        a = a.add_level(level(lists, l, "bullet", marker).color(lists.bullet_color.hex()));
    }
    a
}

/// Numbers, level by level: decimal, letters, roman numerals, as the style says.
pub(super) fn numbers(lists: &ListStyle) -> AbstractNumbering {
    let mut a = AbstractNumbering::new(ORDERED_ABSTRACT);
    for l in 0..=MAX_LEVEL {
        let format = lists.numbering[l % 3].word_name();
        let text = format!("%{}{}", l + 1, lists.number_suffix);
        a = a.add_level(level(lists, l, format, text));
    }
    a
}

/// One numbered list's instance: it starts at `start` at `level`, and every
/// other level restarts at 1, wherever the list sits.
pub(super) fn instance(id: usize, level: usize, start: u32) -> Numbering {
    let mut numbering = Numbering::new(id, ORDERED_ABSTRACT);
    for l in 0..=MAX_LEVEL {
        // Word's own limit for a list start is 32767.
        let first = if l == level {
            start.min(32767) as usize
        } else {
            1
        };
        numbering = numbering.add_override(LevelOverride::new(l).start(first));
    }
    numbering
}
