//! A document's text, block by block: each block's kind and its inline text
//! without styling. It is what a handover records of the pack it handed
//! over (`inputs/handovers/`), so that a later build can tell what changed
//! and rebuild the earlier text block by block and word by word, without
//! the earlier files and whatever a writer draws differently since.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Block, Cover, Document, Inline};

/// One block of a document's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum TextBlock {
    /// A line of the cover: the title, the subtitle, then each further line.
    Cover {
        /// The line's text.
        text: String,
        /// Its styled stretches.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// A heading of level 1 to 3.
    Heading {
        /// 1 to 3.
        level: u8,
        /// The heading's text.
        text: String,
        /// Its styled stretches.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    Paragraph {
        /// The paragraph's text.
        text: String,
        /// Its styled stretches.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// The first paragraph of a list item, `level` 1 for a top-level list;
    /// `number` for an item of a numbered list.
    Item {
        /// 1 for a top-level list, 2 for a list inside its item, and so on.
        level: u8,
        /// The item's number in a numbered list.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<u32>,
        /// The paragraph's text.
        text: String,
        /// Its styled stretches.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// A further paragraph of the list item before it.
    Continued {
        /// The list's level.
        level: u8,
        /// The paragraph's text.
        text: String,
        /// Its styled stretches.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// A table row: its cells' text; `header` for the header row.
    Row {
        /// Whether it is the table's header row.
        #[serde(default, skip_serializing_if = "is_false")]
        header: bool,
        /// Each cell's text.
        cells: Vec<String>,
        /// The styled stretches of its cells.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    PageBreak,
}

/// A stretch of a block's text set apart: bold, italic, a link, or text in
/// another language than the document's. Its place is counted in
/// characters (Unicode scalar values) from the start of the block's text,
/// or of its cell's in a table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    /// In a table row: the cell, counted from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<usize>,
    /// Where the stretch starts.
    pub at: usize,
    /// How many characters it runs for.
    pub len: usize,
    /// Set in bold.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bold: bool,
    /// Set in italic.
    #[serde(default, skip_serializing_if = "is_false")]
    pub italic: bool,
    /// The link's target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The language of the stretch, when not the document's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The stretches of `inlines` with a style, each run of one style one mark
/// (in cell `cell` of a table row).
pub fn marks(inlines: &[Inline], cell: Option<usize>) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::new();
    let mut at = 0;
    for i in inlines {
        let len = i.text.chars().count();
        let styled = i.bold || i.italic || i.link.is_some() || i.lang.is_some();
        if styled && len > 0 {
            let mark = Mark {
                cell,
                at,
                len,
                bold: i.bold,
                italic: i.italic,
                link: i.link.as_ref().map(|u| u.as_str().to_string()),
                lang: i.lang.as_ref().map(|l| l.as_str().to_string()),
            };
            match out.last_mut() {
                Some(last)
                    if last.at + last.len == at
                        && Mark {
                            at,
                            len,
                            ..last.clone()
                        } == mark =>
                {
                    last.len += len;
                }
                _ => out.push(mark),
            }
        }
        at += len;
    }
    out
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl TextBlock {
    /// The block's styled stretches (a table row's by cell).
    pub fn marks(&self) -> &[Mark] {
        match self {
            TextBlock::Cover { marks, .. }
            | TextBlock::Heading { marks, .. }
            | TextBlock::Paragraph { marks, .. }
            | TextBlock::Item { marks, .. }
            | TextBlock::Continued { marks, .. }
            | TextBlock::Row { marks, .. } => marks,
            TextBlock::PageBreak => &[],
        }
    }

    /// The block's words as they read: its text, or its cells one after
    /// another.
    pub fn text(&self) -> String {
        match self {
            TextBlock::Cover { text, .. }
            | TextBlock::Heading { text, .. }
            | TextBlock::Paragraph { text, .. }
            | TextBlock::Item { text, .. }
            | TextBlock::Continued { text, .. } => text.clone(),
            TextBlock::Row { cells, .. } => cells.join(" | "),
            TextBlock::PageBreak => String::new(),
        }
    }
}

/// The text of `doc`'s blocks, in order (page furniture and metadata are
/// made of what the blocks show, and pictures are not text).
pub fn blocks(doc: &Document) -> Vec<TextBlock> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        push(&mut out, block, 0);
    }
    out
}

/// The SHA-256 (hex) of the text of `blocks`, serialized canonically: the
/// fingerprint of a document's content, the same whatever draws it.
pub fn fingerprint(blocks: &[TextBlock]) -> String {
    let json = serde_json::to_string(blocks).unwrap_or_default();
    Sha256::digest(json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Inline text without its styling.
pub fn plain(inlines: &[Inline]) -> String {
    inlines.iter().map(|i| i.text.as_str()).collect()
}

fn push(out: &mut Vec<TextBlock>, block: &Block, depth: u8) {
    match block {
        Block::Heading { level, content } => out.push(TextBlock::Heading {
            level: level.get(),
            text: plain(content),
            marks: marks(content, None),
        }),
        Block::Paragraph(content) => out.push(TextBlock::Paragraph {
            text: plain(content),
            marks: marks(content, None),
        }),
        // The notes read as a heading and a numbered list.
        Block::Notes(notes) => {
            out.push(TextBlock::Heading {
                level: 2,
                text: plain(&notes.title),
                marks: marks(&notes.title, None),
            });
            for note in &notes.notes {
                out.push(TextBlock::Item {
                    level: depth.saturating_add(1),
                    number: Some(note.number),
                    text: plain(&note.content),
                    marks: marks(&note.content, None),
                });
            }
        }
        Block::List {
            ordered,
            start,
            items,
        } => {
            let level = depth.saturating_add(1);
            for (i, item) in items.iter().enumerate() {
                let number = ordered.then(|| start.saturating_add(i as u32));
                let mut first = true;
                for b in item {
                    match b {
                        Block::Paragraph(content) if first => {
                            first = false;
                            out.push(TextBlock::Item {
                                level,
                                number,
                                text: plain(content),
                                marks: marks(content, None),
                            });
                        }
                        Block::Paragraph(content) => out.push(TextBlock::Continued {
                            level,
                            text: plain(content),
                            marks: marks(content, None),
                        }),
                        other => push(out, other, level),
                    }
                }
            }
        }
        Block::Table(table) => {
            let row = |header: bool, row: &Vec<Vec<Inline>>| TextBlock::Row {
                header,
                cells: row.iter().map(|c| plain(c)).collect(),
                marks: (row.iter().enumerate())
                    .flat_map(|(i, c)| marks(c, Some(i)))
                    .collect(),
            };
            if let Some(header) = &table.header {
                out.push(row(true, header));
            }
            for r in &table.rows {
                out.push(row(false, r));
            }
        }
        Block::PageBreak => out.push(TextBlock::PageBreak),
        Block::Cover(Cover {
            title,
            subtitle,
            lines,
            ..
        }) => {
            let lines = [title, subtitle].into_iter().chain(lines);
            for line in lines.filter(|l| !l.is_empty()) {
                out.push(TextBlock::Cover {
                    text: plain(line),
                    marks: marks(line, None),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{HeadingLevel, Table};

    fn p(s: &str) -> Block {
        Block::Paragraph(vec![Inline::plain(s)])
    }

    #[test]
    fn blocks_keep_their_kind_and_text_in_order() {
        let doc = Document {
            blocks: vec![
                Block::Heading {
                    level: HeadingLevel::H2,
                    content: vec![Inline::plain("R01. "), Inline::plain("Amend")],
                },
                Block::List {
                    ordered: true,
                    start: 1,
                    items: vec![vec![p("one"), p("more")], vec![p("two")]],
                },
                Block::Table(Table {
                    header: Some(vec![vec![Inline::plain("Date")]]),
                    rows: vec![vec![vec![Inline::plain("20 March 2024")]]],
                }),
            ],
            ..Document::default()
        };
        let b = blocks(&doc);
        assert_eq!(
            b,
            vec![
                TextBlock::Heading {
                    level: 2,
                    text: "R01. Amend".into(),
                    marks: vec![]
                },
                TextBlock::Item {
                    level: 1,
                    number: Some(1),
                    text: "one".into(),
                    marks: vec![]
                },
                TextBlock::Continued {
                    level: 1,
                    text: "more".into(),
                    marks: vec![]
                },
                TextBlock::Item {
                    level: 1,
                    number: Some(2),
                    text: "two".into(),
                    marks: vec![]
                },
                TextBlock::Row {
                    header: true,
                    cells: vec!["Date".into()],
                    marks: vec![]
                },
                TextBlock::Row {
                    header: false,
                    cells: vec!["20 March 2024".into()],
                    marks: vec![]
                },
            ]
        );
    }

    #[test]
    fn the_fingerprint_changes_with_any_word_and_only_then() {
        let p = |text: &str| TextBlock::Paragraph {
            text: text.into(),
            marks: vec![],
        };
        let a = vec![p("a b")];
        let b = vec![p("a c")];
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a).len(), 64);
    }

    #[test]
    fn a_block_reads_back_from_its_yaml_and_refuses_unknown_keys() {
        let b: Vec<TextBlock> = serde_yaml::from_str(
            "- { kind: item, level: 1, number: 2, text: x }\n- { kind: page-break }",
        )
        .unwrap();
        assert_eq!(
            b[0],
            TextBlock::Item {
                level: 1,
                number: Some(2),
                text: "x".into(),
                marks: vec![]
            }
        );
        assert_eq!(b[1], TextBlock::PageBreak);
        let bad = serde_yaml::from_str::<Vec<TextBlock>>("- { kind: paragraph, txt: x }");
        assert!(bad.is_err());
    }

    #[test]
    fn styled_stretches_are_marked_by_character_and_merged_when_alike() {
        let bold = |s: &str| Inline {
            bold: true,
            ..Inline::plain(s)
        };
        let inlines = vec![
            Inline::plain("Dạy "),
            bold("bold"),
            bold(" too"),
            Inline::plain(" then "),
            Inline::plain("en").in_language(crate::doc::LanguageTag::from("en")),
        ];
        let m = marks(&inlines, None);
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!((m[0].at, m[0].len, m[0].bold), (4, 8, true));
        assert_eq!((m[1].at, m[1].len), (18, 2));
        assert_eq!(m[1].lang.as_deref(), Some("en"));
        // A style changes the fingerprint, as a word does.
        let p = |marks| {
            vec![TextBlock::Paragraph {
                text: "Dạy bold too then en".into(),
                marks,
            }]
        };
        assert_ne!(fingerprint(&p(m)), fingerprint(&p(vec![])));
    }
}
