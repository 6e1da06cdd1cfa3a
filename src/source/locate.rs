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

/// A key given twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The mapping that holds it.
    pub mapping: YPath,
    pub key: String,
    /// Where the key is first given (1-based line and column).
    pub first: (usize, usize),
    /// Where it is given again.
    pub again: (usize, usize),
}

/// The first key given twice in one mapping of the first document, at any
/// depth, block or flow; keys that are not plain text (collections) are not
/// compared. A file that does not scan is searched up to where it fails.
pub fn duplicate_key(text: &str) -> Option<DuplicateKey> {
    /// An open collection: a sequence's next index, or a mapping's keys
    /// so far and the key whose value comes next.
    enum Open {
        Seq(usize),
        Map {
            keys: HashMap<String, (usize, usize)>,
            pending: Option<String>,
        },
    }
    let mut parser = Parser::new_from_str(text);
    let mut path = YPath::root();
    let mut stack: Vec<Open> = Vec::new();
    // Places the next collection on the path, under its key or index.
    let enter = |stack: &mut Vec<Open>, path: &mut YPath| match stack.last_mut() {
        Some(Open::Seq(next)) => {
            path.0.push(Seg::Index(*next));
            *next += 1;
        }
        Some(Open::Map { pending, .. }) => {
            path.0.push(Seg::Key(pending.take().unwrap_or_default()));
        }
        None => {}
    };
    while let Ok((event, mark)) = parser.next_token() {
        let pos = (mark.line(), mark.col() + 1);
        match event {
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Scalar(value, ..) => match stack.last_mut() {
                Some(Open::Map { keys, pending }) if pending.is_none() => {
                    if let Some(&first) = keys.get(&value) {
                        return Some(DuplicateKey {
                            mapping: path,
                            key: value,
                            first,
                            again: pos,
                        });
                    }
                    keys.insert(value.clone(), pos);
                    *pending = Some(value);
                }
                Some(Open::Map { pending, .. }) => *pending = None,
                Some(Open::Seq(next)) => *next += 1,
                None => {}
            },
            Event::Alias(_) => match stack.last_mut() {
                // An alias used as a key is not compared.
                Some(Open::Map { pending, .. }) if pending.is_none() => {
                    *pending = Some(String::new())
                }
                Some(Open::Map { pending, .. }) => *pending = None,
                Some(Open::Seq(next)) => *next += 1,
                None => {}
            },
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let root = stack.is_empty();
                // A collection used as a key opens with no key pending: it
                // is walked, and its value then follows as a key's would.
                if let Some(Open::Map { pending, .. }) = stack.last_mut()
                    && pending.is_none()
                {
                    *pending = Some(String::new());
                    path.0.push(Seg::Key(String::new()));
                } else if !root {
                    enter(&mut stack, &mut path);
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(0)
                } else {
                    Open::Map {
                        keys: HashMap::new(),
                        pending: None,
                    }
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
    None
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
    fn a_key_given_twice_is_found_at_any_depth() {
        let nested = "name: A\nnames:\n  es: B\n  fr: C\n  es: D\n";
        let d = duplicate_key(nested).unwrap();
        assert_eq!(d.mapping.to_string(), "names");
        assert_eq!((d.key.as_str(), d.first, d.again), ("es", (3, 3), (5, 3)));

        let flow = "items:\n  - id: R1\n    translations: { zh: a, fr: b, zh: c }\n";
        let d = duplicate_key(flow).unwrap();
        assert_eq!(d.mapping.to_string(), "items[0].translations");
        assert_eq!((d.first, d.again), ((3, 21), (3, 35)));

        // The same key in two items of a list, or at two depths, is no duplicate.
        let fine = "a: [{x: 1}, {x: 2}]\nb:\n  - x: 1\n    y: {x: 2}\n  - x: 3\nx: 4\n";
        assert_eq!(duplicate_key(fine), None);

        let second_item = "a:\n  - x: 1\n  - y: 2\n    y: 3\n";
        let d = duplicate_key(second_item).unwrap();
        assert_eq!(d.mapping.to_string(), "a[1]");
        assert_eq!(d.again, (4, 5));
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
