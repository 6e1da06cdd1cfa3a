//! A pack's redline: its text as compared with the text handed over
//! (`doc::diff`), each block a paragraph in the style of its kind, with
//! Word's own tracked changes: inserted words in `w:ins`, deleted words
//! as `w:delText` in `w:del`, and a whole block inserted or deleted with
//! its paragraph mark (`w:pPr/w:rPr/w:ins`, `w:del`), so that accepting
//! every change gives the current text and rejecting every change the text
//! handed over. A table row is one paragraph, its cells between ` | `, as
//! the recorded text reads it.

use docx_rs::{Delete, Insert, Paragraph, Run, RunChild};

use super::super::text::clean;
use super::super::twips;
use super::Writer;
use crate::doc::diff::{BlockDiff, WordOp};
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

impl Writer<'_> {
    /// Writes the blocks of `diff` with their changes made by `revision`.
    pub(super) fn redline(&mut self, diff: &[BlockDiff], revision: &Revision) {
        let mut cover_lines = 0;
        for d in diff {
            let (block, mark) = match d {
                BlockDiff::Same(b) | BlockDiff::Restyled { new: b, .. } => (b, Fate::Kept),
                BlockDiff::Changed { new, .. } => (new, Fate::Kept),
                BlockDiff::Inserted(b) => (b, Fate::Inserted),
                BlockDiff::Deleted(b) => (b, Fate::Deleted),
            };
            if matches!(block, TextBlock::PageBreak) {
                // A page break kept starts the next block's page; one
                // inserted or deleted changes no text.
                if mark == Fate::Kept {
                    self.flush_break();
                    self.pending_break = true;
                }
                continue;
            }
            let mut p = self.styled_paragraph(block, &mut cover_lines);
            p = match d {
                BlockDiff::Changed { old, new, words } => {
                    let (mut at_old, mut at_new) = (0, 0);
                    for op in words {
                        p = match op {
                            WordOp::Same(s) => {
                                let p = self.pieces(p, s, new, at_new, Fate::Kept, revision);
                                at_old += s.chars().count();
                                at_new += s.chars().count();
                                p
                            }
                            WordOp::Inserted(s) => {
                                let p = self.pieces(p, s, new, at_new, Fate::Inserted, revision);
                                at_new += s.chars().count();
                                p
                            }
                            WordOp::Deleted(s) => {
                                let p = self.pieces(p, s, old, at_old, Fate::Deleted, revision);
                                at_old += s.chars().count();
                                p
                            }
                        };
                    }
                    p
                }
                _ => self.pieces(p, &block.text(), block, 0, mark, revision),
            };
            p = match mark {
                Fate::Inserted => p.insert(&revision.author, &revision.date),
                Fate::Deleted => p.delete(&revision.author, &revision.date),
                Fate::Kept => p,
            };
            self.push_paragraph(p);
        }
    }

    /// A new paragraph in the style of `block`'s kind.
    fn styled_paragraph(&mut self, block: &TextBlock, cover_lines: &mut usize) -> Paragraph {
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
            TextBlock::Item { level, .. } | TextBlock::Continued { level, .. } => {
                let indent = twips(self.style.lists.indent * f32::from(*level));
                p.style("ListParagraph")
                    .indent(Some(indent), None, None, None)
            }
            TextBlock::Paragraph { .. } | TextBlock::Row { .. } | TextBlock::PageBreak => p,
        }
    }

    /// Adds `text`, which starts at character `at` of `block`'s text, to
    /// `p` as runs styled as the block's marks say, inside a tracked
    /// change unless kept.
    fn pieces(
        &mut self,
        mut p: Paragraph,
        text: &str,
        block: &TextBlock,
        at: usize,
        fate: Fate,
        revision: &Revision,
    ) -> Paragraph {
        for (piece, bold, italic) in styled(text, at, marks_of(block)) {
            let piece = clean(&piece);
            if piece.is_empty() {
                continue;
            }
            let runs = self.runs(&piece, bold, italic, None);
            for (run, extension) in runs {
                self.run_extensions
                    .add(&p.id, super::super::wordml::run_count(&p), extension);
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

/// `text`, starting at character `at` of its block, cut where its bold or
/// italic changes by `marks`.
fn styled(text: &str, at: usize, marks: &[Mark]) -> Vec<(String, bool, bool)> {
    let mut out: Vec<(String, bool, bool)> = Vec::new();
    for (k, c) in text.chars().enumerate() {
        let here = at + k;
        let mark = marks
            .iter()
            .find(|m| m.cell.is_none() && m.at <= here && here < m.at + m.len);
        let (bold, italic) = mark.map_or((false, false), |m| (m.bold, m.italic));
        match out.last_mut() {
            Some((s, b, i)) if *b == bold && *i == italic => s.push(c),
            _ => out.push((c.to_string(), bold, italic)),
        }
    }
    out
}
