//! The text of every input file, kept so that any later stage can point a
//! diagnostic at a line and column of the file a value came from.

mod locate;

pub use locate::{DuplicateKey, YPath, duplicate_key};

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// One input file as read from disk.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the inputs folder, e.g. `meetings/2024-03-21-france.yaml`.
    pub rel: PathBuf,
    /// Path as the user knows it, e.g. `inputs/meetings/2024-03-21-france.yaml`.
    pub display: String,
    /// The text (lossily decoded when the file was not valid UTF-8).
    pub text: String,
    line_starts: Vec<usize>,
    index: OnceLock<locate::Index>,
}

/// Where a value sits in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: FileId,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte range of the value (or key) in the file.
    pub span: Range<usize>,
}

/// All input files of one run.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, rel: PathBuf, display: String, text: String) -> FileId {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.files.push(SourceFile {
            rel,
            display,
            text,
            line_starts,
            index: OnceLock::new(),
        });
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }

    /// The location of a 1-based line and column (in characters), with a span
    /// running to the end of the token that starts there.
    pub fn at_line_col(&self, file: FileId, line: usize, column: usize) -> Location {
        let f = &self.files[file];
        let line = line.clamp(1, f.line_starts.len());
        let start_of_line = f.line_starts[line - 1];
        let text = f.line_text(line);
        let byte_in_line = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        let start = start_of_line + byte_in_line;
        let rest = &text[byte_in_line..];
        let len = token_len(rest);
        Location {
            file,
            line,
            column: column.max(1),
            span: start..start + len,
        }
    }

    /// The location of a byte offset.
    pub fn at_byte(&self, file: FileId, byte: usize) -> Location {
        let f = &self.files[file];
        let byte = byte.min(f.text.len());
        let line = f.line_starts.partition_point(|&s| s <= byte);
        let start_of_line = f.line_starts[line - 1];
        let column = f.text[start_of_line..]
            .char_indices()
            .take_while(|(i, _)| start_of_line + i < byte)
            .count()
            + 1;
        Location {
            file,
            line,
            column,
            span: byte..byte,
        }
    }

    /// Where the value at `path` sits in the file; falls back to the nearest
    /// enclosing value that exists (a missing key points at its mapping), and to
    /// the start of the file.
    pub fn locate(&self, file: FileId, path: &YPath) -> Location {
        self.find(file, path, false)
    }

    /// Like [`Sources::locate`], but points at the key of a mapping entry
    /// rather than at its value.
    pub fn locate_key(&self, file: FileId, path: &YPath) -> Location {
        self.find(file, path, true)
    }

    fn find(&self, file: FileId, path: &YPath, want_key: bool) -> Location {
        let f = &self.files[file];
        let index = f.index.get_or_init(|| locate::Index::build(&f.text));
        let mut p = path.clone();
        loop {
            if let Some(entry) = index.get(&p) {
                let (line, col) = match (want_key && p == *path, entry.key) {
                    (true, Some(k)) => k,
                    _ => entry.value,
                };
                return self.at_line_col(file, line, col);
            }
            if !p.pop() {
                return self.at_line_col(file, 1, 1);
            }
        }
    }
}

impl SourceFile {
    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Length in bytes of the token at the start of `rest`: a quoted string, or a
/// plain scalar up to a comment or the end of the line.
fn token_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    match chars.next() {
        None => 0,
        Some((_, q @ ('"' | '\''))) => chars
            .find(|&(_, c)| c == q)
            .map_or(rest.len(), |(i, c)| i + c.len_utf8()),
        Some(_) => {
            let mut end = rest.len();
            for stop in [" #", ": ", ", ", ",", "]", "}"] {
                if let Some(i) = rest.find(stop) {
                    end = end.min(i);
                }
            }
            let token = rest[..end].trim_end();
            let token = token.strip_suffix(':').unwrap_or(token);
            token.len().max(1).min(rest.len())
        }
    }
}
