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
    },
    /// A heading of level 1 to 3.
    Heading {
        /// 1 to 3.
        level: u8,
        /// The heading's text.
        text: String,
    },
    Paragraph {
        /// The paragraph's text.
        text: String,
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
    },
    /// A further paragraph of the list item before it.
    Continued {
        /// The list's level.
        level: u8,
        /// The paragraph's text.
        text: String,
    },
    /// A table row: its cells' text; `header` for the header row.
    Row {
        /// Whether it is the table's header row.
        #[serde(default, skip_serializing_if = "is_false")]
        header: bool,
        /// Each cell's text.
        cells: Vec<String>,
    },
    PageBreak,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl TextBlock {
    /// The block's words as they read: its text, or its cells one after
    /// another.
    pub fn text(&self) -> String {
        match self {
            TextBlock::Cover { text }
            | TextBlock::Heading { text, .. }
            | TextBlock::Paragraph { text }
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
        }),
        Block::Paragraph(content) => out.push(TextBlock::Paragraph {
            text: plain(content),
        }),
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
                            });
                        }
                        Block::Paragraph(content) => out.push(TextBlock::Continued {
                            level,
                            text: plain(content),
                        }),
                        other => push(out, other, level),
                    }
                }
            }
        }
        Block::Table(table) => {
            let cells = |row: &Vec<Vec<Inline>>| row.iter().map(|c| plain(c)).collect();
            if let Some(header) = &table.header {
                out.push(TextBlock::Row {
                    header: true,
                    cells: cells(header),
                });
            }
            for row in &table.rows {
                out.push(TextBlock::Row {
                    header: false,
                    cells: cells(row),
                });
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
                out.push(TextBlock::Cover { text: plain(line) });
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
                    text: "R01. Amend".into()
                },
                TextBlock::Item {
                    level: 1,
                    number: Some(1),
                    text: "one".into()
                },
                TextBlock::Continued {
                    level: 1,
                    text: "more".into()
                },
                TextBlock::Item {
                    level: 1,
                    number: Some(2),
                    text: "two".into()
                },
                TextBlock::Row {
                    header: true,
                    cells: vec!["Date".into()]
                },
                TextBlock::Row {
                    header: false,
                    cells: vec!["20 March 2024".into()]
                },
            ]
        );
    }

    #[test]
    fn the_fingerprint_changes_with_any_word_and_only_then() {
        let a = vec![TextBlock::Paragraph { text: "a b".into() }];
        let b = vec![TextBlock::Paragraph { text: "a c".into() }];
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
                text: "x".into()
            }
        );
        assert_eq!(b[1], TextBlock::PageBreak);
        let bad = serde_yaml::from_str::<Vec<TextBlock>>("- { kind: paragraph, txt: x }");
        assert!(bad.is_err());
    }
}
