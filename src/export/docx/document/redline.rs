//! A pack's redline: its text as compared with the text handed over
//! (`doc::diff`), each block a paragraph in the style of its kind, with
//! Word's own tracked changes: inserted words in `w:ins`, deleted words
//! as `w:delText` in `w:del`, and a whole block inserted or deleted with
//! its paragraph mark (`w:pPr/w:rPr/w:ins`, `w:del`), so that accepting
//! every change gives the current text and rejecting every change the text
//! handed over; a change of bold or italic alone is a `w:rPrChange` with
//! the run's earlier look. Table rows in a row make a table of equal columns, a row
//! inserted or deleted whole a tracked row; list items are numbered as
//! the recorded items say.

use docx_rs::{BuildXML, Delete, IndentLevel, Insert, NumberingId, Paragraph, Run, RunChild};

use super::super::numbering::{self, BULLET_NUM, MAX_LEVEL};
use super::super::text::clean;
use super::super::twips;
use super::super::wordml::{Restyled, run_count};
use super::Writer;
use crate::doc::diff::{BlockDiff, WordOp, word_ops};
use crate::doc::text::{Mark, TextBlock};

/// Who made the tracked changes, and when (ISO 8601, `w:date`).
#[derive(Debug, Clone)]
pub(in crate::export::docx) struct Revision {
    pub author: String,
    pub date: String,
}

/// A stretch of a block's text and what became of it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    Kept,
    Inserted,
    Deleted,
}

/// The numbering instance of the ordered list being written: its id, its
/// level and the last number given.
#[derive(Clone, Copy)]
struct Ordered {
    num: usize,
    level: usize,
    last: u32,
}

impl Writer<'_> {
    /// Writes the blocks of `diff` with their changes made by `revision`.
    pub(super) fn redline(&mut self, diff: &[BlockDiff], revision: &Revision) {
        let mut cover_lines = 0;
        let mut ordered: Option<Ordered> = None;
        let mut k = 0;
        while k < diff.len() {
            if is_row(&diff[k]) {
                let rows = diff[k..].iter().take_while(|d| is_row(d)).count();
                self.redline_table(&diff[k..k + rows], revision);
                k += rows;
                continue;
            }
            self.redline_block(&diff[k], revision, &mut cover_lines, &mut ordered);
            k += 1;
        }
    }

    fn redline_block(
        &mut self,
        d: &BlockDiff,
        revision: &Revision,
        cover_lines: &mut usize,
        ordered: &mut Option<Ordered>,
    ) {
        let (block, fate) = shown(d);
        if matches!(block, TextBlock::PageBreak) {
            // A page break kept starts the next block's page; one
            // inserted or deleted changes no text.
            if fate == Fate::Kept {
                self.flush_break();
                self.pending_break = true;
            }
            return;
        }
        let p = self.styled_paragraph(block, cover_lines, ordered);
        let mut p = match d {
            BlockDiff::Changed { old, new, words } => {
                self.word_runs(p, words, marks_of(old), marks_of(new), revision)
            }
            BlockDiff::Restyled { old, new } => {
                let look = Look {
                    marks: marks_of(new),
                    before: Some(marks_of(old)),
                };
                self.pieces(p, &block.text(), look, 0, fate, revision)
            }
            _ => self.pieces(
                p,
                &block.text(),
                Look::of(marks_of(block)),
                0,
                fate,
                revision,
            ),
        };
        p = match fate {
            Fate::Inserted => p.insert(&revision.author, &revision.date),
            Fate::Deleted => p.delete(&revision.author, &revision.date),
            Fate::Kept => p,
        };
        self.push_paragraph(p);
    }

    /// Adds the runs of `words` to `p`: kept, inserted or deleted, styled
    /// by the marks of the old or the new text.
    fn word_runs(
        &mut self,
        mut p: Paragraph,
        words: &[WordOp],
        old: &[Mark],
        new: &[Mark],
        revision: &Revision,
    ) -> Paragraph {
        let (mut at_old, mut at_new) = (0, 0);
        for op in words {
            let (text, fate) = match op {
                WordOp::Same(s) => (s, Fate::Kept),
                WordOp::Inserted(s) => (s, Fate::Inserted),
                WordOp::Deleted(s) => (s, Fate::Deleted),
            };
            let (marks, at) = if fate == Fate::Deleted {
                (old, at_old)
            } else {
                (new, at_new)
            };
            p = self.pieces(p, text, Look::of(marks), at, fate, revision);
            let n = text.chars().count();
            if fate != Fate::Inserted {
                at_old += n;
            }
            if fate != Fate::Deleted {
                at_new += n;
            }
        }
        p
    }

    /// A run of table rows as one table of equal columns, each row and each
    /// cell's words as they changed; a row inserted or deleted whole is a
    /// tracked row (`w:trPr/w:ins`, `w:del`).
    fn redline_table(&mut self, rows: &[BlockDiff], revision: &Revision) {
        let cells = |b: &TextBlock| match b {
            TextBlock::Row { cells, .. } => cells.clone(),
            _ => Vec::new(),
        };
        let columns = (rows.iter())
            .flat_map(|d| match d {
                BlockDiff::Changed { old, new, .. } | BlockDiff::Restyled { old, new } => {
                    vec![cells(old).len(), cells(new).len()]
                }
                BlockDiff::Same(b) | BlockDiff::Inserted(b) | BlockDiff::Deleted(b) => {
                    vec![cells(b).len()]
                }
            })
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        let width = self.text_width / columns;
        let mut widths = vec![width; columns];
        widths[columns - 1] += self.text_width - width * columns;
        let header = |d: &BlockDiff| matches!(shown(d).0, TextBlock::Row { header: true, .. });
        let has_header = rows.first().is_some_and(header);
        let mut xml = Vec::new();
        for d in rows {
            let (block, fate) = shown(d);
            let ops: Vec<Vec<WordOp>> = match d {
                BlockDiff::Changed { old, new, .. } => {
                    let (old, new) = (cells(old), cells(new));
                    (0..columns)
                        .map(|i| {
                            let at = |c: &Vec<String>| c.get(i).cloned().unwrap_or_default();
                            word_ops(&at(&old), &at(&new))
                        })
                        .collect()
                }
                _ => (cells(block).into_iter())
                    .map(|c| {
                        vec![match fate {
                            Fate::Kept => WordOp::Same(c),
                            Fate::Inserted => WordOp::Inserted(c),
                            Fate::Deleted => WordOp::Deleted(c),
                        }]
                    })
                    .collect(),
            };
            let mut row = self.row_with(&widths, header(d), |writer, i, p| match ops.get(i) {
                Some(ops) => writer.word_runs(p, ops, &[], &[], revision),
                None => p,
            });
            row = match fate {
                Fate::Inserted => row.insert(
                    Insert::new_with_empty()
                        .author(&revision.author)
                        .date(&revision.date),
                ),
                Fate::Deleted => {
                    row.delete(Delete::new().author(&revision.author).date(&revision.date))
                }
                Fate::Kept => row,
            };
            self.numbered |= row.has_numbering;
            xml.extend_from_slice(&row.build());
        }
        self.flush_break();
        self.table_of_rows(&xml, widths, has_header);
    }

    /// A new paragraph in the style of `block`'s kind; a list item in its
    /// list's numbering.
    fn styled_paragraph(
        &mut self,
        block: &TextBlock,
        cover_lines: &mut usize,
        ordered: &mut Option<Ordered>,
    ) -> Paragraph {
        let p = self.paragraph();
        match block {
            TextBlock::Cover { .. } => {
                *cover_lines += 1;
                p.style(if *cover_lines == 1 {
                    "Title"
                } else {
                    "CoverLine"
                })
            }
            TextBlock::Heading { level, .. } => p.style(&format!("Heading{}", level.clamp(&1, &3))),
            TextBlock::Item { level, number, .. } => {
                let level = usize::from(level.saturating_sub(1)).min(MAX_LEVEL);
                let num = match number {
                    None => BULLET_NUM,
                    Some(n) => match ordered {
                        Some(o) if o.level == level && o.last.checked_add(1) == Some(*n) => {
                            o.last = *n;
                            o.num
                        }
                        _ => {
                            let num = self.next_num;
                            self.next_num += 1;
                            let instance = numbering::instance(num, level, *n);
                            self.numbers.extend_from_slice(&instance.build());
                            *ordered = Some(Ordered {
                                num,
                                level,
                                last: *n,
                            });
                            num
                        }
                    },
                };
                p.style("ListParagraph")
                    .numbering(NumberingId::new(num), IndentLevel::new(level))
            }
            TextBlock::Continued { level, .. } => {
                let indent = twips(self.style.lists.indent * f32::from(*level));
                p.style("ListParagraph")
                    .indent(Some(indent), None, None, None)
            }
            TextBlock::Paragraph { .. } | TextBlock::Row { .. } | TextBlock::PageBreak => p,
        }
    }

    /// Adds `text`, which starts at character `at` of a block's text whose
    /// styled stretches are `marks`, to `p` as runs styled by them, inside
    /// a tracked change unless kept.
    fn pieces(
        &mut self,
        mut p: Paragraph,
        text: &str,
        look: Look<'_>,
        at: usize,
        fate: Fate,
        revision: &Revision,
    ) -> Paragraph {
        for (piece, now, before, lang) in styled(text, at, look) {
            let piece = clean(&piece);
            if piece.is_empty() {
                continue;
            }
            // Styled otherwise before: a tracked change of its styling, in
            // the emphasis the document's language shows.
            let restyled = before.filter(|b| *b != now).map(|(bold, italic)| {
                let (bold, italic) = self.style.emphasis(&self.lang, bold, italic);
                Restyled {
                    bold,
                    italic,
                    author: revision.author.clone(),
                    date: revision.date.clone(),
                }
            });
            // Marked with its language (a quote kept as made), not set
            // apart with direction marks: the redline's text is the pack's,
            // character for character, cut wherever a word changed.
            let lang = lang.map(|l| crate::doc::LanguageTag::from(l.as_str()));
            let runs = self.runs_in(&piece, now.0, now.1, lang.as_ref(), None);
            for (run, mut extension) in runs {
                extension.restyled = restyled.clone();
                self.run_extensions.add(&p.id, run_count(&p), extension);
                p = match fate {
                    Fate::Kept => p.add_run(run),
                    Fate::Inserted => p.add_insert(
                        Insert::new(run)
                            .author(&revision.author)
                            .date(&revision.date),
                    ),
                    Fate::Deleted => p.add_delete(
                        Delete::new()
                            .add_run(deleted(run))
                            .author(&revision.author)
                            .date(&revision.date),
                    ),
                };
            }
        }
        p
    }
}

/// The block a change shows (the new one, or the one deleted) and what
/// became of it as a whole.
fn shown(d: &BlockDiff) -> (&TextBlock, Fate) {
    match d {
        BlockDiff::Same(b) | BlockDiff::Restyled { new: b, .. } => (b, Fate::Kept),
        BlockDiff::Changed { new, .. } => (new, Fate::Kept),
        BlockDiff::Inserted(b) => (b, Fate::Inserted),
        BlockDiff::Deleted(b) => (b, Fate::Deleted),
    }
}

fn is_row(d: &BlockDiff) -> bool {
    matches!(shown(d).0, TextBlock::Row { .. })
}

/// `run` with its text as deleted text (`w:delText`).
fn deleted(mut run: Run) -> Run {
    for child in &mut run.children {
        if let RunChild::Text(t) = child {
            *child = RunChild::DeleteText(docx_rs::DeleteText::new(&t.text));
        }
    }
    run
}

/// The marks of a block's text; a table row's are by cell, and its text
/// is set plain.
fn marks_of(block: &TextBlock) -> &[Mark] {
    match block {
        TextBlock::Cover { marks, .. }
        | TextBlock::Heading { marks, .. }
        | TextBlock::Paragraph { marks, .. }
        | TextBlock::Item { marks, .. }
        | TextBlock::Continued { marks, .. } => marks,
        TextBlock::Row { .. } | TextBlock::PageBreak => &[],
    }
}

/// The styled stretches of a block's text, and those it had before a
/// change of styling alone.
#[derive(Clone, Copy)]
struct Look<'a> {
    marks: &'a [Mark],
    before: Option<&'a [Mark]>,
}

impl<'a> Look<'a> {
    fn of(marks: &'a [Mark]) -> Self {
        Look {
            marks,
            before: None,
        }
    }
}

/// Bold and italic at character `at` by `marks`.
fn emphasis(marks: &[Mark], at: usize) -> (bool, bool) {
    marks
        .iter()
        .find(|m| m.cell.is_none() && m.at <= at && at < m.at + m.len)
        .map_or((false, false), |m| (m.bold, m.italic))
}

/// The language of character `at` by `marks`, when not the document's.
fn language(marks: &[Mark], at: usize) -> Option<&str> {
    marks
        .iter()
        .find(|m| m.cell.is_none() && m.at <= at && at < m.at + m.len)
        .and_then(|m| m.lang.as_deref())
}

/// `text`, starting at character `at` of its block, cut where its bold or
/// italic changes by `look` (now, and before when given) or its language.
type Piece = (String, (bool, bool), Option<(bool, bool)>, Option<String>);

fn styled(text: &str, at: usize, look: Look<'_>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (k, c) in text.chars().enumerate() {
        let now = emphasis(look.marks, at + k);
        let before = look.before.map(|m| emphasis(m, at + k));
        let lang = language(look.marks, at + k);
        match out.last_mut() {
            Some((s, n, b, l)) if *n == now && *b == before && l.as_deref() == lang => s.push(c),
            _ => out.push((c.to_string(), now, before, lang.map(str::to_string))),
        }
    }
    out
}
