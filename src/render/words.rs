//! The submission's word count, as the UN's word limit is applied to it.
//!
//! The rule, written down so that a count can be checked by hand:
//! - a word is a run of characters between white space that holds at least
//!   one letter or digit: `A/HRC/41/7`, `e-mail`, `2018`, `Việt` and
//!   `(Luật` are one word each; a dash, bullet or other punctuation standing
//!   alone (`—`, `–`, `•`, `;`) is not a word;
//! - spans of one paragraph are joined before counting, so `**Title.** Text`
//!   is two words, and a word split by a style change is still one;
//! - headings, paragraphs, list items and table cells (header included) are
//!   counted; the cover (title, submitters, key words) is not;
//! - list numbers and bullets are drawn by the writers, not text, and are not
//!   counted (as a word processor does not count automatic numbering);
//! - nor are the numbers of endnote references; the endnotes themselves
//!   (their texts, not their heading or numbers) are counted when
//!   `submission.endnotes_count` is true, its default, and not otherwise.

use crate::doc::{Block, Document, Inline};

/// A submission's word count, as `check` and `build` print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordCount {
    pub words: usize,
    /// The limit for the submission's kind.
    pub limit: usize,
    /// Whether the count includes the endnotes; `None` when there are none.
    pub endnotes: Option<bool>,
}

/// `812 words (limit 5630)`, with `, including endnotes` or `, excluding
/// endnotes` after the words when the submission has notes.
impl std::fmt::Display for WordCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let notes = match self.endnotes {
            None => "",
            Some(true) => ", including endnotes",
            Some(false) => ", excluding endnotes",
        };
        write!(f, "{} words{notes} (limit {})", self.words, self.limit)
    }
}

/// Words in `doc` outside its cover, by the rule above; the endnotes'
/// words only when `endnotes` is true.
pub fn word_count(doc: &Document, endnotes: bool) -> usize {
    blocks(&doc.blocks, endnotes)
}

/// Whether `doc` has endnotes.
pub fn has_notes(doc: &Document) -> bool {
    doc.blocks.iter().any(|b| matches!(b, Block::Notes(_)))
}

fn blocks(b: &[Block], endnotes: bool) -> usize {
    b.iter()
        .map(|b| match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => spans(content),
            Block::List { items, .. } => items.iter().map(|i| blocks(i, endnotes)).sum(),
            Block::Table(t) => {
                t.header.iter().flatten().map(|c| spans(c)).sum::<usize>()
                    + t.rows.iter().flatten().map(|c| spans(c)).sum::<usize>()
            }
            Block::Notes(n) if endnotes => n.notes.iter().map(|n| spans(&n.content)).sum(),
            Block::Notes(_) | Block::PageBreak | Block::Cover(_) => 0,
        })
        .sum()
}

fn spans(s: &[Inline]) -> usize {
    let text: String = (s.iter())
        .filter(|i| i.note.is_none())
        .map(|i| i.text.as_str())
        .collect();
    text.split_whitespace().filter(|w| is_word(w)).count()
}

/// A run of non-space characters is a word when it holds a letter or
/// digit: the rule a statement's timing shares.
use crate::assemble::statement::is_word;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Cover, Table};

    fn p(text: &str) -> Block {
        Block::Paragraph(vec![Inline::plain(text)])
    }

    #[test]
    fn punctuation_alone_is_not_a_word_and_a_symbol_is_one() {
        // Counted by hand: Amend(1) the(2) 2018(3) Law(4) (Luật(5) An(6)
        // ninh(7) mạng)(8) see(9) A/HRC/41/7(10) e-mail(11) us(12); the
        // dash, the bullet, the semicolon and the ellipsis are not words.
        let doc = Document {
            blocks: vec![p(
                "Amend the 2018 Law — (Luật An ninh mạng) • see A/HRC/41/7 ; e-mail us …",
            )],
            ..Document::default()
        };
        assert_eq!(word_count(&doc, true), 12);
    }

    #[test]
    fn spans_are_joined_before_counting() {
        // "Re" + "lease" is one word split by a style change; "Title." and
        // "Text" are two.
        let bold = |t: &str| Inline {
            bold: true,
            ..Inline::plain(t)
        };
        let doc = Document {
            blocks: vec![
                Block::Paragraph(vec![bold("Re"), Inline::plain("lease them")]),
                Block::Paragraph(vec![bold("Title."), Inline::plain(" Text")]),
            ],
            ..Document::default()
        };
        assert_eq!(word_count(&doc, true), 4);
    }

    #[test]
    fn the_cover_is_excluded_and_every_other_block_counted() {
        let cell = |t: &str| vec![Inline::plain(t)];
        let doc = Document {
            blocks: vec![
                // Not counted: 9 words on the cover.
                Block::Cover(Cover {
                    title: vec![Inline::plain("Joint submission")],
                    subtitle: vec![Inline::plain("Universal Periodic Review of Viet Nam")],
                    lines: vec![vec![Inline::plain("Key words: internet")]],
                    logos: Vec::new(),
                }),
                // 2
                Block::Heading {
                    level: crate::doc::HeadingLevel::H1,
                    content: cell("First section"),
                },
                // 3 + 2 (nested list), and the numbers are not words
                Block::List {
                    ordered: true,
                    start: 7,
                    items: vec![
                        vec![p("one two three")],
                        vec![Block::List {
                            ordered: false,
                            start: 1,
                            items: vec![vec![p("four five")]],
                        }],
                    ],
                },
                Block::PageBreak,
                // header 2 + rows 3 + 1
                Block::Table(Table {
                    header: Some(vec![cell("Column one"), cell("—")]),
                    rows: vec![vec![cell("a b"), cell("c")], vec![cell("d"), cell("–")]],
                }),
            ],
            ..Document::default()
        };
        assert_eq!(word_count(&doc, true), 2 + 3 + 2 + 2 + 3 + 1);
    }

    #[test]
    fn endnotes_count_when_asked_and_references_never() {
        use crate::doc::{Note, Notes};
        // 3 words, a reference standing apart ("1") that is no word, and
        // a note of 4 words under a heading that is not counted.
        let doc = Document {
            blocks: vec![
                Block::Paragraph(vec![
                    Inline::plain("Detained since 2020 "),
                    Inline::note_reference(1),
                ]),
                Block::Notes(Notes {
                    title: vec![Inline::plain("Notes")],
                    notes: vec![Note {
                        number: 1,
                        content: vec![Inline::plain("See A/HRC/WGAD/2023/22, para. 5.")],
                    }],
                }),
            ],
            ..Document::default()
        };
        assert_eq!(word_count(&doc, true), 3 + 4);
        assert_eq!(word_count(&doc, false), 3);
        assert!(has_notes(&doc));
        let count = |endnotes| WordCount {
            words: 7,
            limit: 5630,
            endnotes,
        };
        assert_eq!(count(None).to_string(), "7 words (limit 5630)");
        assert_eq!(
            count(Some(true)).to_string(),
            "7 words, including endnotes (limit 5630)"
        );
        assert_eq!(
            count(Some(false)).to_string(),
            "7 words, excluding endnotes (limit 5630)"
        );
    }
}
