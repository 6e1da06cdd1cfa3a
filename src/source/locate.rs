//! Line and column of every key and value in a YAML file, by path.
//!
//! serde_yaml gives typed values but forgets where they came from; this index
//! is built from yaml-rust2's event stream (which never expands aliases) the
//! first time a diagnostic needs a position in a file.

use std::collections::HashMap;
use std::fmt;

use yaml_rust2::Event;
use yaml_rust2::parser::Parser;

/// A path into a YAML document: mapping keys and sequence indexes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YPath(Vec<Seg>);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Key(String),
    Index(usize),
}

impl YPath {
    /// The document root.
    pub fn root() -> Self {
        YPath(Vec::new())
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(key.to_string()));
        p
    }

    /// This path extended by a sequence index.
    pub fn idx(&self, index: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(index));
        p
    }

    /// Removes the last segment; false at the root.
    pub fn pop(&mut self) -> bool {
        self.0.pop().is_some()
    }
}

impl fmt::Display for YPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Positions (1-based line, 1-based column) of a value and of its key.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub key: Option<(usize, usize)>,
    pub value: (usize, usize),
}

#[derive(Debug, Default)]
pub(super) struct Index {
    entries: HashMap<YPath, Entry>,
}

/// An open collection while walking the events.
enum Frame {
    Seq {
        next: usize,
    },
    /// `first` is true until the first key is seen: block mappings start
    /// where their first key does, so that key's position replaces the
    /// parser's mark for the mapping.
    Map {
        key: Option<(String, (usize, usize))>,
        first: bool,
    },
}

impl Index {
    pub fn get(&self, path: &YPath) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// Walks the first document of `text`. A file that does not scan gives a
    /// partial index: positions then fall back to enclosing values.
    pub fn build(text: &str) -> Index {
        let mut index = Index::default();
        let mut parser = Parser::new_from_str(text);
        let mut path = YPath::root();
        let mut stack: Vec<Frame> = Vec::new();
        while let Ok((event, mark)) = parser.next_token() {
            let pos = (mark.line(), mark.col() + 1);
            match event {
                Event::StreamEnd | Event::DocumentEnd => break,
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { key, first }) = stack.last_mut()
                        && key.is_none()
                    {
                        *key = Some((value, pos));
                        if std::mem::take(first)
                            && let Some(e) = index.entries.get_mut(&path)
                        {
                            e.value = pos;
                        }
                        continue;
                    }
                    index.value(&mut stack, &mut path, pos, false);
                }
                Event::Alias(_) => index.value(&mut stack, &mut path, pos, false),
                Event::SequenceStart(..) => {
                    index.value(&mut stack, &mut path, pos, true);
                    stack.push(Frame::Seq { next: 0 });
                }
                Event::MappingStart(..) => {
                    index.value(&mut stack, &mut path, pos, true);
                    stack.push(Frame::Map {
                        key: None,
                        first: true,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                    if !stack.is_empty() {
                        path.pop();
                    }
                }
                _ => {}
            }
        }
        index
    }

    /// Records a value at the current place; a collection stays open on the path.
    fn value(&mut self, stack: &mut [Frame], path: &mut YPath, pos: (usize, usize), opens: bool) {
        let (seg, key_pos) = match stack.last_mut() {
            None => {
                self.entries.insert(
                    YPath::root(),
                    Entry {
                        key: None,
                        value: pos,
                    },
                );
                return;
            }
            Some(Frame::Seq { next }) => {
                *next += 1;
                (Seg::Index(*next - 1), None)
            }
            Some(Frame::Map { key, .. }) => match key.take() {
                Some((k, kpos)) => (Seg::Key(k), Some(kpos)),
                // A collection used as a key: keep the path balanced.
                None => (Seg::Key(String::new()), None),
            },
        };
        path.0.push(seg);
        self.entries.insert(
            path.clone(),
            Entry {
                key: key_pos,
                value: pos,
            },
        );
        if !opens {
            path.0.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_and_items() {
        let text = "a: 1\nb:\n  - x: \"héllo\"\n    y: [p, q]\nc: {d: e}\n";
        let index = Index::build(text);
        let at = |p: YPath| index.get(&p).map(|e| e.value);
        assert_eq!(at(YPath::root().key("a")), Some((1, 4)));
        assert_eq!(at(YPath::root().key("b").idx(0).key("x")), Some((3, 8)));
        assert_eq!(
            at(YPath::root().key("b").idx(0).key("y").idx(1)),
            Some((4, 12))
        );
        assert_eq!(at(YPath::root().key("c").key("d")), Some((5, 8)));
        // A block mapping inside a sequence starts at its first key.
        assert_eq!(at(YPath::root().key("b").idx(0)), Some((3, 5)));
        let key = index
            .get(&YPath::root().key("b").idx(0).key("y"))
            .unwrap()
            .key;
        assert_eq!(key, Some((4, 5)));
    }

    #[test]
    fn path_display_reads_like_yaml() {
        let p = YPath::root()
            .key("counterpart")
            .key("people")
            .idx(2)
            .key("email");
        assert_eq!(p.to_string(), "counterpart.people[2].email");
    }
}
