//! A redline as a document: the blocks of [`super::diff::diff`] set back
//! into the document model, each stretch of text inserted, deleted or
//! restyled since the version compared with marked with its [`Change`],
//! for a writer to show (the PDF: underlined, struck through, a change bar
//! beside the line). A block inserted or deleted whole has every stretch
//! marked; the styling each stretch had (bold, italic, a link, a language)
//! is that of the version it is shown from, the deleted text the old one's.
//!
//! The blocks come back in the shapes the text was recorded from: cover
//! lines into a cover (title, subtitle, lines, and the current pack's
//! logos), table rows into tables, list items into lists nested by level,
//! a numbered list cut where its numbers do not follow on (a deleted item
//! keeps the number it had).

use super::diff::{BlockDiff, WordOp, word_ops};
use super::text::{Mark, TextBlock};
use super::{
    Block, Change, ChangeMark, Cover, HeadingLevel, Image, Inline, LanguageTag, Table, Url,
};

/// How a screen reader is told of each change, in the document's
/// language: a pattern around the span's text, `{text}` where it goes
/// (`deleted: {text}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spoken {
    pub inserted: String,
    pub deleted: String,
    pub restyled: String,
}

impl Spoken {
    /// What is said of `text` with `change`.
    pub fn say(&self, change: Change, text: &str) -> String {
        let pattern = match change {
            Change::Inserted => &self.inserted,
            Change::Deleted => &self.deleted,
            Change::Restyled => &self.restyled,
        };
        if pattern.contains("{text}") {
            pattern.replace("{text}", text)
        } else {
            format!("{pattern} {text}")
        }
    }
}

impl Default for Spoken {
    /// In English.
    fn default() -> Self {
        Spoken {
            inserted: "inserted: {text}".into(),
            deleted: "deleted: {text}".into(),
            restyled: "formatted: {text}".into(),
        }
    }
}

/// The blocks of `diff`, a redline's text, with their changes marked and
/// worded for a screen reader by `spoken`; `logos` go on its cover.
pub fn blocks(diff: &[BlockDiff], logos: &[Image], spoken: &Spoken) -> Vec<Block> {
    let mut out = unspoken(diff, logos);
    for b in &mut out {
        speak(b, spoken);
    }
    out
}

/// Gives every changed span of `block` its spoken form.
fn speak(block: &mut Block, spoken: &Spoken) {
    let spans = |spans: &mut Vec<Inline>| {
        for s in spans.iter_mut() {
            if let Some(mark) = s.change.as_mut() {
                mark.spoken = spoken.say(mark.change, &s.text);
            }
        }
    };
    match block {
        Block::Heading { content, .. } | Block::Paragraph(content) => spans(content),
        Block::List { items, .. } => {
            for b in items.iter_mut().flatten() {
                speak(b, spoken);
            }
        }
        Block::Table(t) => {
            for cell in t
                .header
                .iter_mut()
                .flatten()
                .chain(t.rows.iter_mut().flatten())
            {
                spans(cell);
            }
        }
        Block::Cover(c) => {
            for line in [&mut c.title, &mut c.subtitle]
                .into_iter()
                .chain(&mut c.lines)
            {
                spans(line);
            }
        }
        Block::Notes(n) => {
            spans(&mut n.title);
            for note in &mut n.notes {
                spans(&mut note.content);
            }
        }
        Block::PageBreak => {}
    }
}

fn unspoken(diff: &[BlockDiff], logos: &[Image]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < diff.len() {
        let run =
            |is: fn(&TextBlock) -> bool| diff[k..].iter().take_while(|d| is(shown(d).0)).count();
        let n = run(|b| matches!(b, TextBlock::Cover { .. }));
        if n > 0 {
            out.push(cover(&diff[k..k + n], logos));
            k += n;
            continue;
        }
        let n = run(|b| matches!(b, TextBlock::Row { .. }));
        if n > 0 {
            out.push(Block::Table(table(&diff[k..k + n])));
            k += n;
            continue;
        }
        let n = run(|b| matches!(b, TextBlock::Item { .. } | TextBlock::Continued { .. }));
        if n > 0 {
            let entries: Vec<Entry> = diff[k..k + n].iter().map(entry).collect();
            out.extend(lists(&entries));
            k += n;
            continue;
        }
        let d = &diff[k];
        k += 1;
        match shown(d) {
            (TextBlock::Heading { level, .. }, _) => out.push(Block::Heading {
                level: HeadingLevel::clamped(*level),
                content: inlines(d),
            }),
            (TextBlock::PageBreak, None) => out.push(Block::PageBreak),
            // A page break inserted or deleted changes no text.
            (TextBlock::PageBreak, Some(_)) => {}
            _ => out.push(Block::Paragraph(inlines(d))),
        }
    }
    out
}

/// The block a change shows (the new one, or the one deleted) and what
/// became of it as a whole: `None` when it is in both versions.
fn shown(d: &BlockDiff) -> (&TextBlock, Option<Change>) {
    match d {
        BlockDiff::Same(b) | BlockDiff::Restyled { new: b, .. } => (b, None),
        BlockDiff::Changed { new, .. } => (new, None),
        BlockDiff::Inserted(b) => (b, Some(Change::Inserted)),
        BlockDiff::Deleted(b) => (b, Some(Change::Deleted)),
    }
}

/// The text of a block that is not a table row.
fn text_of(b: &TextBlock) -> &str {
    match b {
        TextBlock::Cover { text, .. }
        | TextBlock::Heading { text, .. }
        | TextBlock::Paragraph { text, .. }
        | TextBlock::Item { text, .. }
        | TextBlock::Continued { text, .. } => text,
        TextBlock::Row { .. } | TextBlock::PageBreak => "",
    }
}

/// The spans of a block that is not a table row, with their changes.
fn inlines(d: &BlockDiff) -> Vec<Inline> {
    match d {
        BlockDiff::Same(b) => spans(text_of(b), b.marks(), None, 0, None),
        BlockDiff::Inserted(b) => spans(text_of(b), b.marks(), None, 0, Some(Change::Inserted)),
        BlockDiff::Deleted(b) => spans(text_of(b), b.marks(), None, 0, Some(Change::Deleted)),
        BlockDiff::Restyled { old, new } => restyled(text_of(new), old.marks(), new.marks(), None),
        BlockDiff::Changed { old, new, words } => worded(words, old.marks(), new.marks(), None),
    }
}

/// The spans of `words`, a block's words as they changed: kept and
/// inserted words styled by the new text's `new` marks, deleted ones by
/// the old text's `old` (those of cell `cell` in a table row).
fn worded(words: &[WordOp], old: &[Mark], new: &[Mark], cell: Option<usize>) -> Vec<Inline> {
    let (mut at_old, mut at_new) = (0, 0);
    let mut out = Vec::new();
    for op in words {
        let (text, change) = match op {
            WordOp::Same(s) => (s, None),
            WordOp::Inserted(s) => (s, Some(Change::Inserted)),
            WordOp::Deleted(s) => (s, Some(Change::Deleted)),
        };
        let n = text.chars().count();
        if change == Some(Change::Deleted) {
            out.extend(spans(text, old, cell, at_old, change));
            at_old += n;
        } else {
            out.extend(spans(text, new, cell, at_new, change));
            at_new += n;
            if change.is_none() {
                at_old += n;
            }
        }
    }
    merged(out)
}

/// The spans of `text`, the same in both versions but styled otherwise:
/// the stretches whose styling changed are [`Change::Restyled`].
fn restyled(text: &str, old: &[Mark], new: &[Mark], cell: Option<usize>) -> Vec<Inline> {
    let mut out = Vec::new();
    for (k, c) in text.chars().enumerate() {
        let now = mark_at(new, cell, k);
        let changed = style_of(now) != style_of(mark_at(old, cell, k));
        out.push(styled(
            c.to_string(),
            now,
            changed.then_some(Change::Restyled),
        ));
    }
    merged(out)
}

/// The spans of `text`, which starts at character `at` of its block (or
/// cell `cell`), cut where its styling by `marks` changes, each with
/// `change`.
fn spans(
    text: &str,
    marks: &[Mark],
    cell: Option<usize>,
    at: usize,
    change: Option<Change>,
) -> Vec<Inline> {
    let out = (text.chars().enumerate())
        .map(|(k, c)| styled(c.to_string(), mark_at(marks, cell, at + k), change))
        .collect();
    merged(out)
}

/// The mark over character `at` of cell `cell` (or of the block).
fn mark_at(marks: &[Mark], cell: Option<usize>, at: usize) -> Option<&Mark> {
    marks
        .iter()
        .find(|m| m.cell == cell && m.at <= at && at < m.at + m.len)
}

/// What a mark sets: bold, italic, link, language.
fn style_of(mark: Option<&Mark>) -> (bool, bool, Option<&str>, Option<&str>) {
    mark.map_or((false, false, None, None), |m| {
        (m.bold, m.italic, m.link.as_deref(), m.lang.as_deref())
    })
}

/// `text` styled by `mark`, with `change`.
fn styled(text: String, mark: Option<&Mark>, change: Option<Change>) -> Inline {
    let (bold, italic, link, lang) = style_of(mark);
    Inline {
        text,
        bold,
        italic,
        link: link.and_then(Url::parse),
        lang: lang.map(LanguageTag::from),
        change: change.map(|change| ChangeMark {
            change,
            spoken: String::new(),
        }),
        note: None,
    }
}

/// `spans` with neighbours of one style and change joined, empty ones
/// dropped.
fn merged(spans: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for s in spans {
        if s.text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last)
                if (last.bold, last.italic, &last.link, &last.lang, &last.change)
                    == (s.bold, s.italic, &s.link, &s.lang, &s.change) =>
            {
                last.text.push_str(&s.text);
            }
            _ => out.push(s),
        }
    }
    out
}

/// Cover lines, in order: the title, the subtitle, then the further lines.
fn cover(diff: &[BlockDiff], logos: &[Image]) -> Block {
    let mut lines: Vec<Vec<Inline>> = diff.iter().map(inlines).collect();
    let mut take = || {
        if lines.is_empty() {
            Vec::new()
        } else {
            lines.remove(0)
        }
    };
    let title = take();
    let subtitle = take();
    Block::Cover(Cover {
        title,
        subtitle,
        lines,
        logos: logos.to_vec(),
    })
}

/// Table rows, in order, as one table: the first row its header when it
/// was one.
fn table(diff: &[BlockDiff]) -> Table {
    let mut header = None;
    let mut rows = Vec::new();
    for (k, d) in diff.iter().enumerate() {
        let is_header = matches!(shown(d).0, TextBlock::Row { header: true, .. });
        let cells = row_cells(d);
        if k == 0 && is_header {
            header = Some(cells);
        } else {
            rows.push(cells);
        }
    }
    Table { header, rows }
}

/// The cells of a table row, each with its changes.
fn row_cells(d: &BlockDiff) -> Vec<Vec<Inline>> {
    let cells = |b: &TextBlock| match b {
        TextBlock::Row { cells, .. } => cells.clone(),
        _ => Vec::new(),
    };
    let whole = |b: &TextBlock, change| -> Vec<Vec<Inline>> {
        (cells(b).iter().enumerate())
            .map(|(i, c)| spans(c, b.marks(), Some(i), 0, change))
            .collect()
    };
    match d {
        BlockDiff::Same(b) => whole(b, None),
        BlockDiff::Inserted(b) => whole(b, Some(Change::Inserted)),
        BlockDiff::Deleted(b) => whole(b, Some(Change::Deleted)),
        BlockDiff::Restyled { old, new } => (cells(new).iter().enumerate())
            .map(|(i, c)| restyled(c, old.marks(), new.marks(), Some(i)))
            .collect(),
        BlockDiff::Changed { old, new, .. } => {
            let (old_cells, new_cells) = (cells(old), cells(new));
            let columns = old_cells.len().max(new_cells.len());
            (0..columns)
                .map(|i| {
                    let at = |c: &[String]| c.get(i).cloned().unwrap_or_default();
                    let words = word_ops(&at(&old_cells), &at(&new_cells));
                    worded(&words, old.marks(), new.marks(), Some(i))
                })
                .collect()
        }
    }
}

/// A list block of the redline: its level, its number in a numbered
/// list, whether it starts an item (else it continues the one before),
/// and its spans.
struct Entry {
    level: u8,
    number: Option<u32>,
    starts_item: bool,
    content: Vec<Inline>,
}

fn entry(d: &BlockDiff) -> Entry {
    let (level, number, starts_item) = match shown(d).0 {
        TextBlock::Item { level, number, .. } => (*level, *number, true),
        TextBlock::Continued { level, .. } => (*level, None, false),
        _ => (1, None, false),
    };
    Entry {
        level: level.max(1),
        number,
        starts_item,
        content: inlines(d),
    }
}

/// A list being made: ordered or not, its start, its items, and the last
/// number given.
struct Open {
    ordered: bool,
    start: u32,
    items: Vec<Vec<Block>>,
    last: Option<u32>,
}

impl Open {
    /// Whether an item numbered `number` (`None`: a bullet) goes on in
    /// this list.
    fn follows(&self, number: Option<u32>) -> bool {
        self.ordered == number.is_some()
            && (!self.ordered || self.last.and_then(|n| n.checked_add(1)) == number)
    }

    fn block(self) -> Block {
        Block::List {
            ordered: self.ordered,
            start: self.start,
            items: self.items,
        }
    }
}

/// The lists of `entries`, at the level of the first: an item's deeper
/// entries are a list inside it; a numbered list is cut where the numbers
/// do not follow on, or the kind of list changes.
fn lists(entries: &[Entry]) -> Vec<Block> {
    let Some(first) = entries.first() else {
        return Vec::new();
    };
    let level = first.level;
    let mut out = Vec::new();
    let mut list: Option<Open> = None;
    let mut k = 0;
    while k < entries.len() {
        let e = &entries[k];
        if e.level > level {
            let n = entries[k..].iter().take_while(|d| d.level > level).count();
            let nested = lists(&entries[k..k + n]);
            match list.as_mut().and_then(|l| l.items.last_mut()) {
                Some(item) => item.extend(nested),
                None => out.extend(nested),
            }
            k += n;
            continue;
        }
        k += 1;
        let paragraph = Block::Paragraph(e.content.clone());
        if !e.starts_item
            && let Some(item) = list.as_mut().and_then(|l| l.items.last_mut())
        {
            item.push(paragraph);
            continue;
        }
        if !list.as_ref().is_some_and(|l| l.follows(e.number)) {
            out.extend(list.take().map(Open::block));
            list = Some(Open {
                ordered: e.number.is_some(),
                start: e.number.unwrap_or(1),
                items: Vec::new(),
                last: None,
            });
        }
        if let Some(l) = list.as_mut() {
            l.items.push(vec![paragraph]);
            l.last = e.number;
        }
    }
    out.extend(list.map(Open::block));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::diff::diff;
    use crate::doc::text;

    fn para(text: &str) -> TextBlock {
        TextBlock::Paragraph {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    fn kind(s: &Inline) -> Option<Change> {
        s.change.as_ref().map(|c| c.change)
    }

    fn blocks(diff: &[BlockDiff], logos: &[Image]) -> Vec<Block> {
        super::blocks(diff, logos, &Spoken::default())
    }

    fn changed(blocks: &[Block]) -> Vec<(String, Option<Change>)> {
        let mut out = Vec::new();
        for b in blocks {
            if let Block::Paragraph(spans) = b {
                out.extend(spans.iter().map(|s| (s.text.clone(), kind(s))));
            }
        }
        out
    }

    #[test]
    fn a_reworded_paragraph_shows_its_deleted_and_inserted_words() {
        let old = [para("Repeal article 117 now.")];
        let new = [para("Urgently repeal article 117 now.")];
        let got = changed(&blocks(&diff(&old, &new), &[]));
        assert_eq!(
            got,
            vec![
                ("Repeal".into(), Some(Change::Deleted)),
                ("Urgently repeal".into(), Some(Change::Inserted)),
                (" article 117 now.".into(), None),
            ]
        );
    }

    #[test]
    fn accepting_or_rejecting_the_changes_gives_either_version() {
        let old = [para("One."), para("Two words here."), para("Gone.")];
        let new = [para("One."), para("Two new words here."), para("Added.")];
        let got = blocks(&diff(&old, &new), &[]);
        let keep = |drop: Change| -> Vec<TextBlock> {
            let kept: Vec<Block> = (got.iter())
                .filter_map(|b| match b {
                    Block::Paragraph(s) => {
                        let s: Vec<Inline> = s
                            .iter()
                            .filter(|i| kind(i) != Some(drop))
                            .cloned()
                            .collect();
                        (!s.is_empty()).then_some(Block::Paragraph(s))
                    }
                    other => Some(other.clone()),
                })
                .collect();
            text::blocks(&crate::doc::Document {
                blocks: kept,
                ..Default::default()
            })
        };
        assert_eq!(keep(Change::Deleted), new);
        assert_eq!(keep(Change::Inserted), old);
    }

    #[test]
    fn a_screen_reader_is_told_what_was_deleted_and_inserted() {
        let old = [para("Repeal article 117.")];
        let new = [para("Amend article 117.")];
        let got = blocks(&diff(&old, &new), &[]);
        let Block::Paragraph(spans) = &got[0] else {
            panic!("{got:?}")
        };
        let said: Vec<&str> = (spans.iter())
            .filter_map(|s| s.change.as_ref().map(|c| c.spoken.as_str()))
            .collect();
        assert_eq!(said, ["deleted: Repeal", "inserted: Amend"]);
    }

    #[test]
    fn a_change_of_style_alone_is_marked_restyled_where_it_changed() {
        let mark = |bold: bool| Mark {
            cell: None,
            at: 4,
            len: 5,
            bold,
            italic: !bold,
            link: None,
            lang: None,
        };
        let old = [TextBlock::Paragraph {
            text: "The words stay.".into(),
            marks: vec![mark(false)],
        }];
        let new = [TextBlock::Paragraph {
            text: "The words stay.".into(),
            marks: vec![mark(true)],
        }];
        let got = blocks(&diff(&old, &new), &[]);
        let Block::Paragraph(spans) = &got[0] else {
            panic!("{got:?}")
        };
        let restyled: Vec<&str> = (spans.iter())
            .filter(|s| kind(s) == Some(Change::Restyled))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(restyled, ["words"]);
        assert!(spans.iter().any(|s| s.bold && s.text == "words"));
    }

    #[test]
    fn a_deleted_numbered_item_keeps_its_number_in_a_list_of_its_own() {
        let item = |number, text: &str| TextBlock::Item {
            level: 1,
            number: Some(number),
            text: text.into(),
            marks: Vec::new(),
        };
        let old = [item(1, "First ask."), item(2, "Second ask, dropped.")];
        let new = [item(1, "First ask."), item(2, "A wholly other request.")];
        let got = blocks(&diff(&old, &new), &[]);
        let starts: Vec<(u32, usize)> = (got.iter())
            .filter_map(|b| match b {
                Block::List { start, items, .. } => Some((*start, items.len())),
                _ => None,
            })
            .collect();
        assert_eq!(starts, [(1, 2), (2, 1)], "{got:#?}");
    }

    #[test]
    fn rows_make_a_table_with_its_header_and_changed_cells() {
        let row = |header, cells: &[&str]| TextBlock::Row {
            header,
            cells: cells.iter().map(|c| c.to_string()).collect(),
            marks: Vec::new(),
        };
        let old = [
            row(true, &["Id", "Text"]),
            row(false, &["R01", "Old words"]),
        ];
        let new = [
            row(true, &["Id", "Text"]),
            row(false, &["R01", "New words"]),
        ];
        let got = blocks(&diff(&old, &new), &[]);
        let [Block::Table(t)] = &got[..] else {
            panic!("{got:?}")
        };
        assert!(t.header.is_some());
        let cell: Vec<(&str, Option<Change>)> = t.rows[0][1]
            .iter()
            .map(|s| (s.text.as_str(), kind(s)))
            .collect();
        assert_eq!(
            cell,
            [
                ("Old", Some(Change::Deleted)),
                ("New", Some(Change::Inserted)),
                (" words", None)
            ]
        );
    }
}
