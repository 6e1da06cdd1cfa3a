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

/// The kind of a problem; its [`Code::as_str`] is printed in brackets, as in
/// `error[unknown-key]`, and does not change between versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    // Ingest: the inputs folder and its files.
    /// The inputs folder does not exist.
    MissingInputs,
    /// A file that must exist does not: `campaign.yaml`, a logo.
    MissingFile,
    /// A file that looks like an input but is not read (`.yml`).
    IgnoredFile,
    /// An input file over the size limit.
    FileTooLarge,
    /// A file that is not UTF-8.
    InvalidUtf8,
    // The shape of a YAML file.
    /// A file with nothing but comments.
    EmptyFile,
    /// Text that is not YAML.
    YamlSyntax,
    /// A key given twice in one mapping.
    DuplicateKey,
    /// A key the file's kind does not have.
    UnknownKey,
    /// A required key that is absent.
    MissingKey,
    /// A value of the wrong type, e.g. text for a number.
    WrongType,
    /// YAML nested or aliased beyond the parser's limits.
    TooComplex,
    // The rules of values and references.
    /// A value outside the ones allowed.
    InvalidValue,
    /// A control character in text.
    InvalidCharacter,
    /// Text over the length limit.
    TextTooLong,
    /// Text, or a list, that must not be empty and is.
    EmptyValue,
    /// An id that is not a valid id.
    InvalidId,
    /// A meeting id that another output's file name takes.
    ReservedId,
    /// An id defined twice.
    DuplicateId,
    /// Not a `YYYY-MM-DD` calendar date.
    InvalidDate,
    /// Not an `HH:MM` time of day.
    InvalidTime,
    /// Not a time zone of the IANA database.
    UnknownTimeZone,
    /// Not an ISO 3166-1 alpha-2 code.
    InvalidStateCode,
    /// A language with no language file.
    UnknownLanguage,
    /// Not a BCP 47 language tag.
    InvalidLanguageTag,
    /// Not an e-mail address.
    InvalidEmail,
    /// Not a web address.
    InvalidUrl,
    /// A path that leads outside the inputs folder.
    PathOutsideInputs,
    /// A number outside its range.
    OutOfRange,
    /// An earlier cycle's recommendation from this cycle or later.
    NotEarlier,
    /// A meeting after the review.
    AfterReview,
    /// A date of the review calendar on the wrong side of the review.
    DateOrder,
    /// A reference to an id that is not defined.
    UnknownReference,
    /// An id listed twice in one list.
    DuplicateReference,
    /// A meeting's lead who is not in its delegation.
    LeadNotInDelegation,
    /// One earlier recommendation given in two places; the first is used.
    DuplicatePrior,
    // Warnings about a valid campaign.
    /// The state under review has no state profile.
    NoProfile,
    /// A planned meeting whose date has passed.
    PastPlan,
    /// A held meeting without an outcome.
    NoOutcome,
    /// A planned meeting after the deadline for advance questions.
    AfterDeadline,
    /// A pack with nothing to hand over.
    EmptyPack,
    /// A meeting raising more recommendations than the cap.
    OverCap,
    /// English standing in for the pack's language.
    MissingTranslation,
    /// A pack that changed since it was handed over.
    HandoverOutdated,
    /// A handover file of a meeting the campaign no longer has.
    HandoverOfUnknownMeeting,
    // Templates, language files and outputs.
    /// A language file that cannot be used.
    InvalidLanguageFile,
    /// A label a language file lacks.
    MissingLabel,
    /// A template that does not compile.
    TemplateSyntax,
    /// A template that uses partials.
    TemplatePartial,
    /// A template that fails to render, or gives no mail.
    Template,
    /// A document that cannot be rendered.
    Render,
    /// A submission over its word limit.
    WordLimit,
    /// A Markdown footnote referred to and not defined, defined and never
    /// referred to, or defined twice, in one narrative field.
    Note,
    /// A statement that runs longer than its speaker's time.
    StatementTooLong,
    /// A character no font can draw.
    NoGlyph,
    /// A draft e-mail with no one to send it from.
    NoSender,
    // Imports.
    /// A file to import that is not a workbook that can be read.
    Spreadsheet,
    /// An Index theme that no campaign theme declares.
    UnmappedTheme,
    /// A partial position ("Supported/Noted"), imported as noted.
    PartialPosition,
}

impl Code {
    /// The stable, kebab-case name of the code, e.g. `unknown-key`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::MissingInputs => "missing-inputs",
            Code::MissingFile => "missing-file",
            Code::IgnoredFile => "ignored-file",
            Code::FileTooLarge => "file-too-large",
            Code::InvalidUtf8 => "invalid-utf8",
            Code::EmptyFile => "empty-file",
            Code::YamlSyntax => "yaml-syntax",
            Code::DuplicateKey => "duplicate-key",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::WrongType => "wrong-type",
            Code::TooComplex => "too-complex",
            Code::InvalidValue => "invalid-value",
            Code::InvalidCharacter => "invalid-character",
            Code::TextTooLong => "text-too-long",
            Code::EmptyValue => "empty-value",
            Code::InvalidId => "invalid-id",
            Code::ReservedId => "reserved-id",
            Code::DuplicateId => "duplicate-id",
            Code::InvalidDate => "invalid-date",
            Code::InvalidTime => "invalid-time",
            Code::UnknownTimeZone => "unknown-time-zone",
            Code::InvalidStateCode => "invalid-state-code",
            Code::UnknownLanguage => "unknown-language",
            Code::InvalidLanguageTag => "invalid-language-tag",
            Code::InvalidEmail => "invalid-email",
            Code::InvalidUrl => "invalid-url",
            Code::PathOutsideInputs => "path-outside-inputs",
            Code::OutOfRange => "out-of-range",
            Code::NotEarlier => "not-earlier",
            Code::AfterReview => "after-review",
            Code::DateOrder => "date-order",
            Code::UnknownReference => "unknown-reference",
            Code::DuplicateReference => "duplicate-reference",
            Code::LeadNotInDelegation => "lead-not-in-delegation",
            Code::DuplicatePrior => "duplicate-prior",
            Code::NoProfile => "no-profile",
            Code::PastPlan => "past-plan",
            Code::NoOutcome => "no-outcome",
            Code::AfterDeadline => "after-deadline",
            Code::EmptyPack => "empty-pack",
            Code::OverCap => "over-cap",
            Code::MissingTranslation => "missing-translation",
            Code::HandoverOutdated => "handover-outdated",
            Code::HandoverOfUnknownMeeting => "handover-of-unknown-meeting",
            Code::InvalidLanguageFile => "invalid-language-file",
            Code::MissingLabel => "missing-label",
            Code::TemplateSyntax => "template-syntax",
            Code::TemplatePartial => "template-partial",
            Code::Template => "template",
            Code::Render => "render",
            Code::WordLimit => "word-limit",
            Code::Note => "note",
            Code::StatementTooLong => "statement-too-long",
            Code::NoGlyph => "no-glyph",
            Code::NoSender => "no-sender",
            Code::Spreadsheet => "spreadsheet",
            Code::UnmappedTheme => "unmapped-theme",
            Code::PartialPosition => "partial-position",
        }
    }
}

/// One problem found in the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The kind of problem, e.g. [`Code::UnknownKey`].
    pub code: Code,
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
    pub fn error(code: Code, message: impl Into<String>) -> Self {
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

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
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
        .with_code(self.code.as_str())
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
        let mut out = format!("{sev}[{}]: {}\n", self.code.as_str(), self.message);
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
        write!(f, "{sev}[{}]: {}", self.code.as_str(), self.message)?;
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

    /// Turns each error for which `outside` holds (given its index, in the
    /// order found, and itself) into a warning, its hint saying `why` it no
    /// longer stops the run; returns how many.
    pub fn demote(&mut self, outside: impl Fn(usize, &Diagnostic) -> bool, why: &str) -> usize {
        let mut count = 0;
        let items = self.items.iter_mut().enumerate();
        for (_, d) in items.filter(|(i, d)| d.is_error() && outside(*i, d)) {
            d.severity = Severity::Warning;
            d.hint = Some(match d.hint.take() {
                Some(hint) => format!("{hint}; {why}"),
                None => why.to_string(),
            });
            count += 1;
        }
        count
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
    fn codes_print_as_their_stable_names() {
        assert_eq!(Code::UnknownReference.as_str(), "unknown-reference");
        assert_eq!(Code::YamlSyntax.as_str(), "yaml-syntax");
        assert_eq!(Code::InvalidUtf8.as_str(), "invalid-utf8");
        assert_eq!(Code::PathOutsideInputs.as_str(), "path-outside-inputs");
        let d = Diagnostic::warning(Code::MissingTranslation, "no French title");
        assert_eq!(
            d.to_string(),
            "warning[missing-translation]: no French title"
        );
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
        let d = Diagnostic::error(Code::UnknownReference, "unknown recommendation id \"R99\"")
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
