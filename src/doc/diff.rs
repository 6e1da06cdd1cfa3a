//! What changed between two versions of a document's text (`text::TextBlock`s):
//! the blocks aligned first, by kind and text, then the words of each block
//! that changed, by the words of its script (ICU4X's word boundaries, with
//! its dictionaries for Chinese, Japanese, Thai, Khmer and the like, which
//! never cut a grapheme), with `similar`'s diff.
//!
//! Spaces and punctuation between words are tokens too, so that the
//! operations of a block give back, kept and deleted, its old text, and kept
//! and inserted, its new text, character for character.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::text::TextBlock;

/// One step of a block's words from the old text to the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordOp {
    /// In both.
    Same(String),
    /// In the new text only.
    Inserted(String),
    /// In the old text only.
    Deleted(String),
}

/// What became of one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockDiff {
    /// The same text and styling.
    Same(TextBlock),
    /// A block of the new version only.
    Inserted(TextBlock),
    /// A block of the old version only.
    Deleted(TextBlock),
    /// The same text, styled differently (bold, italic, a link, a language).
    Restyled { old: TextBlock, new: TextBlock },
    /// The old block reworded into the new one, word by word.
    Changed {
        old: TextBlock,
        new: TextBlock,
        words: Vec<WordOp>,
    },
}

impl BlockDiff {
    /// Whether the block is the same in both versions.
    pub fn is_same(&self) -> bool {
        matches!(self, BlockDiff::Same(_))
    }
}

/// How similar two blocks must be (the share of their words in common)
/// to be taken as one block reworded rather than one removed and one added.
const REWORDED: f32 = 0.5;

/// The blocks of `new` against those of `old`, in the new version's order,
/// each deleted block where it stood.
pub fn diff(old: &[TextBlock], new: &[TextBlock]) -> Vec<BlockDiff> {
    let key = |b: &TextBlock| (kind(b), b.text());
    let old_keys: Vec<_> = old.iter().map(key).collect();
    let new_keys: Vec<_> = new.iter().map(key).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (o, n) = (&old[old_index + k], &new[new_index + k]);
                    out.push(if o.marks() == n.marks() {
                        BlockDiff::Same(n.clone())
                    } else {
                        BlockDiff::Restyled {
                            old: o.clone(),
                            new: n.clone(),
                        }
                    });
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend(
                old[old_index..old_index + old_len]
                    .iter()
                    .cloned()
                    .map(BlockDiff::Deleted),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(
                new[new_index..new_index + new_len]
                    .iter()
                    .cloned()
                    .map(BlockDiff::Inserted),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => pair(
                &old[old_index..old_index + old_len],
                &new[new_index..new_index + new_len],
                &mut out,
            ),
        }
    }
    out
}

/// Pairs the blocks of a replaced stretch in order: an old block is the
/// first new one of its kind at least [`REWORDED`] alike, the new blocks
/// before it inserted; an old block with none is deleted.
fn pair(old: &[TextBlock], new: &[TextBlock], out: &mut Vec<BlockDiff>) {
    let mut next = 0;
    for o in old {
        let old_text = o.text();
        let old_words = wordlike(&old_text);
        let found = (next..new.len()).find(|&j| {
            kind(&new[j]) == kind(o) && alike(&old_words, &wordlike(&new[j].text())) >= REWORDED
        });
        match found {
            Some(j) => {
                out.extend(new[next..j].iter().cloned().map(BlockDiff::Inserted));
                out.push(BlockDiff::Changed {
                    old: o.clone(),
                    new: new[j].clone(),
                    words: word_ops(&o.text(), &new[j].text()),
                });
                next = j + 1;
            }
            None => out.push(BlockDiff::Deleted(o.clone())),
        }
    }
    out.extend(new[next..].iter().cloned().map(BlockDiff::Inserted));
}

/// The words of `text` without the spaces and punctuation between them.
fn wordlike(text: &str) -> Vec<&str> {
    let mut w = words(text);
    w.retain(|w| w.chars().any(char::is_alphanumeric));
    w
}

/// The share of the words of `a` and `b` that the diff keeps.
fn alike(a: &[&str], b: &[&str]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let same: usize = capture_diff_slices(Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op {
            DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    2.0 * same as f32 / (a.len() + b.len()) as f32
}

/// The operations that turn `old` into `new`, word by word, adjacent ones
/// of one kind merged.
pub fn word_ops(old: &str, new: &str) -> Vec<WordOp> {
    let (a, b) = (words(old), words(new));
    let mut out: Vec<WordOp> = Vec::new();
    let mut push = |op: WordOp| match (out.last_mut(), op) {
        (Some(WordOp::Same(s)), WordOp::Same(t))
        | (Some(WordOp::Inserted(s)), WordOp::Inserted(t))
        | (Some(WordOp::Deleted(s)), WordOp::Deleted(t)) => s.push_str(&t),
        (_, op) => out.push(op),
    };
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        for (tag, old_range, new_range) in [op.as_tag_tuple()] {
            match tag {
                similar::DiffTag::Equal => push(WordOp::Same(b[new_range].concat())),
                similar::DiffTag::Delete => push(WordOp::Deleted(a[old_range].concat())),
                similar::DiffTag::Insert => push(WordOp::Inserted(b[new_range].concat())),
                similar::DiffTag::Replace => {
                    push(WordOp::Deleted(a[old_range].concat()));
                    push(WordOp::Inserted(b[new_range].concat()));
                }
            }
        }
    }
    out
}

/// `text` cut at its word boundaries: words, and the spaces and
/// punctuation between them, each a piece of its own.
pub fn words(text: &str) -> Vec<&str> {
    let segmenter = WordSegmenter::new_auto(WordBreakInvariantOptions::default());
    let mut out = Vec::new();
    let mut start = 0;
    for end in segmenter.segment_str(text) {
        if end > start {
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A block's kind, with its level: blocks of different kinds are never
/// one block reworded.
fn kind(b: &TextBlock) -> (u8, u8) {
    match b {
        TextBlock::Cover { .. } => (0, 0),
        TextBlock::Heading { level, .. } => (1, *level),
        TextBlock::Paragraph { .. } => (2, 0),
        TextBlock::Item { level, .. } => (3, *level),
        TextBlock::Continued { level, .. } => (4, *level),
        TextBlock::Row { header, .. } => (5, u8::from(*header)),
        TextBlock::PageBreak => (6, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::text::Mark;

    fn para(text: &str) -> TextBlock {
        TextBlock::Paragraph {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    /// The old and the new text back from the operations.
    fn sides(ops: &[WordOp]) -> (String, String) {
        let (mut old, mut new) = (String::new(), String::new());
        for op in ops {
            match op {
                WordOp::Same(s) => {
                    old.push_str(s);
                    new.push_str(s);
                }
                WordOp::Inserted(s) => new.push_str(s),
                WordOp::Deleted(s) => old.push_str(s),
            }
        }
        (old, new)
    }

    #[test]
    fn latin_words_change_whole() {
        let (a, b) = (
            "Amend the Law on Cybersecurity now.",
            "Repeal the Law on Cybersecurity now.",
        );
        let ops = word_ops(a, b);
        assert_eq!(
            ops,
            vec![
                WordOp::Deleted("Amend".into()),
                WordOp::Inserted("Repeal".into()),
                WordOp::Same(" the Law on Cybersecurity now.".into()),
            ]
        );
        assert_eq!(sides(&ops), (a.into(), b.into()));
    }

    #[test]
    fn arabic_words_change_whole() {
        let (a, b) = ("تعديل قانون الأمن السيبراني", "إلغاء قانون الأمن السيبراني");
        let ops = word_ops(a, b);
        assert_eq!(ops[0], WordOp::Deleted("تعديل".into()));
        assert_eq!(ops[1], WordOp::Inserted("إلغاء".into()));
        assert_eq!(sides(&ops), (a.into(), b.into()));
    }

    /// Chinese, written without spaces, changes by its dictionary's words,
    /// never by bytes or single characters cut from a word.
    #[test]
    fn chinese_changes_by_words() {
        let (a, b) = ("修改网络安全法", "废除网络安全法");
        assert!(words(a).len() > 1, "{:?}", words(a));
        let ops = word_ops(a, b);
        assert_eq!(sides(&ops), (a.into(), b.into()));
        assert!(
            ops.iter()
                .any(|op| matches!(op, WordOp::Same(s) if s.contains("安全"))),
            "{ops:?}"
        );
        assert_eq!(ops.last(), Some(&WordOp::Same(words(b)[1..].concat())));
    }

    #[test]
    fn a_grapheme_is_never_cut() {
        // "e" with a combining acute accent, and a flag of two code points.
        let text = "cafe\u{301} 🇻🇳 done";
        assert!(words(text).iter().all(|w| !w.starts_with('\u{301}')));
        assert!(words(text).contains(&"🇻🇳"));
    }

    #[test]
    fn blocks_are_aligned_before_words() {
        let old = [
            para("Intro."),
            para("Amend the law now."),
            para("Gone entirely."),
        ];
        let new = [
            para("Intro."),
            para("A new paragraph here."),
            para("Amend the whole law now."),
        ];
        let d = diff(&old, &new);
        assert!(d[0].is_same());
        assert!(matches!(&d[1], BlockDiff::Inserted(b) if b.text() == "A new paragraph here."));
        assert!(matches!(&d[2], BlockDiff::Changed { .. }));
        assert!(matches!(&d[3], BlockDiff::Deleted(b) if b.text() == "Gone entirely."));
    }

    #[test]
    fn styling_alone_is_a_restyle() {
        let bold = TextBlock::Paragraph {
            text: "Amend".into(),
            marks: vec![Mark {
                cell: None,
                at: 0,
                len: 5,
                bold: true,
                italic: false,
                link: None,
                lang: None,
            }],
        };
        assert!(matches!(
            diff(&[para("Amend")], &[bold])[..],
            [BlockDiff::Restyled { .. }]
        ));
    }
}
