//! Diagnostics: problems in the user's files, collected rather than thrown,
//! each located at a file, line and column, and printed the way compilers
//! print them.

use std::fmt;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

use crate::source::{Location, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of problem, e.g. `unknown-key`.
    pub code: &'static str,
    pub message: String,
    /// The file as the user knows it, e.g. `inputs/meetings/2024-03-21-france.yaml`.
    pub file: Option<String>,
    /// 1-based line and column; 0 when the problem has no place in a file.
    pub line: usize,
    pub column: usize,
    /// The offending line, quoted.
    pub source_line: Option<String>,
    /// What would be right, e.g. `did you mean "title"?`.
    pub hint: Option<String>,
    location: Option<Location>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            source_line: None,
            hint: None,
            location: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the diagnostic at a place in one of the `sources`.
    pub fn at(mut self, sources: &Sources, location: Location) -> Self {
        let file = sources.get(location.file);
        self.file = Some(file.display.clone());
        self.line = location.line;
        self.column = location.column;
        self.source_line = Some(file.line_text(location.line).to_string());
        self.location = Some(location);
        self
    }

    /// Names a file without a place in it (a file that could not be read).
    pub fn in_file(mut self, display: impl Into<String>) -> Self {
        self.file = Some(display.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as a compiler prints it: a header, the file:line:column,
    /// the quoted line with the offending part underlined, then the hint.
    pub fn render(&self, sources: &Sources) -> String {
        if self.location.is_none() {
            return self.render_unplaced();
        }
        let mut files: SimpleFiles<String, String> = SimpleFiles::new();
        let mut d = match self.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_code(self.code)
        .with_message(&self.message);
        if let Some(loc) = &self.location {
            // Only the offending line is shown, cut to a window around the
            // column when it is long: a 30,000-character line is no help.
            let f = sources.get(loc.file);
            let (shown, start, end) = window(f.line_text(loc.line), loc);
            let text = format!("{}{shown}\n", "\n".repeat(loc.line - 1));
            let offset = loc.line - 1;
            let id = files.add(f.display.clone(), text);
            d = d.with_label(cs::Label::primary(id, offset + start..offset + end));
        }
        if let Some(hint) = &self.hint {
            d = d.with_note(format!("help: {hint}"));
        }
        let config = term::Config::default();
        term::emit_into_string(&config, &files, &d).unwrap_or_else(|_| format!("{self}\n"))
    }
}

impl Diagnostic {
    /// A diagnostic about a whole file, or about no file at all.
    fn render_unplaced(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{sev}[{}]: {}\n", self.code, self.message);
        if let Some(file) = &self.file {
            out.push_str(&format!("  ┌─ {file}\n"));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  = help: {hint}\n"));
        }
        out.push('\n');
        out
    }
}

/// The part of `line` to quote (at most [`QUOTE_CHARS`] characters around
/// the location's column), and the span's byte range within it.
fn window(line: &str, loc: &Location) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col = loc.column.max(1).saturating_sub(1).min(chars.len());
    let start_byte: usize = chars[..col].iter().map(|c| c.len_utf8()).sum();
    let end_byte = (start_byte + loc.span.len()).min(line.len());
    let span_chars = line
        .get(start_byte..end_byte)
        .map_or(1, |s| s.chars().count())
        .max(1);
    let (from, to) = if chars.len() <= QUOTE_CHARS {
        (0, chars.len())
    } else {
        let from = col.saturating_sub(QUOTE_CHARS / 3);
        (from, (from + QUOTE_CHARS).min(chars.len()))
    };
    let text = |a: usize, b: usize| -> String { chars[a.min(b)..b].iter().collect() };
    let mut shown = String::from(if from > 0 { "…" } else { "" });
    shown.push_str(&text(from, col));
    let start = shown.len();
    shown.push_str(&text(col, (col + span_chars).min(to)));
    let end = shown.len().max(start + 1);
    shown.push_str(&text((col + span_chars).min(to), to));
    if to < chars.len() {
        shown.push('…');
    }
    (shown, start, end)
}

/// Longest quotation of a source line, in characters.
const QUOTE_CHARS: usize = 120;

/// The one-line form: `file:line:column: error[code]: message (hint)`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), 0) => write!(f, "{file}: ")?,
            (Some(file), line) => write!(f, "{file}:{line}:{}: ", self.column)?,
            (None, _) => {}
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}]: {}", self.code, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, line and column so that output is stable.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.items
    }
}

/// The nearest of `known` to `given`, when it is near enough to be a likely
/// typo: a few edits away (a swap of two letters counts as one), or sharing a
/// long prefix.
pub fn nearest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Two letters (a state code) are one edit from too many others to guess.
    if given.chars().count() <= 2 {
        return None;
    }
    let given_l = given.to_lowercase();
    let allowed = (given.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|k| {
            let k_l = k.to_lowercase();
            let edits = strsim::damerau_levenshtein(&given_l, &k_l);
            let similar = strsim::jaro_winkler(&given_l, &k_l);
            (edits, similar, k)
        })
        .filter(|(edits, similar, _)| *edits <= allowed || *similar >= 0.9)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)))
        .map(|(_, _, k)| k)
}

/// `did you mean "x"?` when a near key or id exists.
pub fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    nearest(given, known).map(|k| format!("did you mean \"{k}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_only() {
        assert_eq!(nearest("titel", ["title", "text", "themes"]), Some("title"));
        assert_eq!(nearest("R13", ["R01", "R12"]), Some("R12"));
        assert_eq!(nearest("lvi", ["liv", "opennet"]), Some("liv"));
        assert_eq!(nearest("fco", ["foc"]), Some("foc"));
        assert_eq!(nearest("zzzzzz", ["title", "text"]), None);
    }

    #[test]
    fn one_line_form_names_file_line_column() {
        let mut sources = Sources::default();
        let id = sources.add(
            "meetings/a.yaml".into(),
            "inputs/meetings/a.yaml".into(),
            "id: a\nrecommendations: [R99]\n".into(),
        );
        let loc = sources.at_line_col(id, 2, 19);
        let d = Diagnostic::error("unknown-reference", "unknown recommendation id \"R99\"")
            .at(&sources, loc);
        assert_eq!(
            d.to_string(),
            "inputs/meetings/a.yaml:2:19: error[unknown-reference]: unknown recommendation id \"R99\""
        );
        assert_eq!(d.source_line.as_deref(), Some("recommendations: [R99]"));
        let rendered = d.render(&sources);
        assert!(
            rendered.contains("inputs/meetings/a.yaml:2:19"),
            "{rendered}"
        );
        assert!(rendered.contains("^^^"), "{rendered}");
    }
}
