//! Reading an export of the UN's Universal Human Rights Index (uhri.ohchr.org,
//! "Export to Excel" on a search result).
//!
//! What an export looks like, as public code that reads it shows: one sheet
//! whose first row names the columns (`Text`, `Document Symbol`, `UPR
//! Reccomending States` — the Index's own spelling —, `UPR Position`, `UPR
//! Session`, `Themes`, `Sdgs`, `Countries Concerned`, `Reccomending Body`,
//! `Document Publication Date`, ...); a cell with several values holds one
//! per line, each after "- "; dates are spreadsheet serial numbers; rows
//! of treaty bodies and special procedures, which have no recommending
//! state, come in the same sheet. Columns are found by name (either
//! spelling, any order, case and punctuation aside), never by position.
//!
//! Each UPR row becomes a [`Record`]; every problem is a diagnostic that
//! names the sheet, the row and the column.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use super::countries;
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::ingest::raw::Response;

/// A column the import reads: its name as the Index writes it, the other
/// names it is known by, and whether an export must have it.
struct Column {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const TEXT: Column = Column {
    name: "Text",
    aliases: &[],
    required: true,
};
const SYMBOL: Column = Column {
    name: "Document Symbol",
    aliases: &["Symbol"],
    required: false,
};
const STATES: Column = Column {
    name: "UPR Reccomending States",
    aliases: &["UPR Recommending States", "Recommending States"],
    required: true,
};
const POSITION: Column = Column {
    name: "UPR Position",
    aliases: &["Position"],
    required: true,
};
const SESSION: Column = Column {
    name: "UPR Session",
    aliases: &["Session"],
    required: true,
};
const THEMES: Column = Column {
    name: "Themes",
    aliases: &[],
    required: false,
};
const COUNTRIES: Column = Column {
    name: "Countries Concerned",
    aliases: &["Countries", "State under Review"],
    required: false,
};
const PARAGRAPH: Column = Column {
    name: "Paragraph",
    aliases: &["Annotations", "Paragraph Number"],
    required: false,
};
const PUBLISHED: Column = Column {
    name: "Document Publication Date",
    aliases: &["Publication Date"],
    required: false,
};
const LANGUAGE: Column = Column {
    name: "Language",
    aliases: &[],
    required: false,
};

const COLUMNS: [&Column; 10] = [
    &TEXT, &SYMBOL, &STATES, &POSITION, &SESSION, &THEMES, &COUNTRIES, &PARAGRAPH, &PUBLISHED,
    &LANGUAGE,
];

/// Exports larger than this are refused rather than read.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// One UPR recommendation of the export.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Its row in the sheet, counted from 1 as a spreadsheet shows it.
    pub row: u32,
    /// The text, NFC, without the paragraph number it may start with.
    pub text: String,
    /// The document symbol, e.g. `A/HRC/41/7`.
    pub symbol: Option<String>,
    /// The paragraph in that document, e.g. `38.168`.
    pub paragraph: Option<String>,
    /// The recommending states' codes, each with the name the export gave.
    pub states: Vec<(String, String)>,
    pub response: Response,
    /// Whether the Index gives a partial position (`Supported/Noted`),
    /// taken as noted.
    pub partial: bool,
    pub session: u32,
    pub cycle: u32,
    /// The Index's themes, verbatim.
    pub themes: Vec<String>,
    /// The codes of the states concerned, when the export names them.
    pub concerned: Option<Vec<String>>,
    pub published: Option<NaiveDate>,
    pub language: String,
}

/// What the export holds, and the rows left out.
#[derive(Debug, Default)]
pub struct Export {
    pub sheet: String,
    /// Rows that are not empty after the header: `records`, `not_upr` and
    /// `no_position` together, when no row has an error.
    pub rows: usize,
    pub records: Vec<Record>,
    /// Rows without a recommending state: not the UPR's (treaty bodies,
    /// special procedures).
    pub not_upr: usize,
    /// UPR rows without a position yet.
    pub no_position: usize,
}

/// The cycle of a Working Group session. Sessions 1–12 were the first cycle
/// (2008–2011), 13–26 the second (2012–2016), 27–40 the third (2017–2022),
/// 41 on the fourth (from November 2022). Later cycles are taken to have
/// fourteen sessions each, as the second, third and fourth do.
pub fn cycle_of(session: u32) -> Option<u32> {
    match session {
        0 => None,
        1..=12 => Some(1),
        13..=26 => Some(2),
        s => Some(3 + (s - 27) / 14),
    }
}

/// The spreadsheet column letters of a 0-based index: 0 is `A`, 27 `AB`.
pub fn column_letters(index: u32) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Where a problem is: the sheet, and a row and column when there is one.
struct At<'a> {
    display: &'a str,
    sheet: &'a str,
}

impl At<'_> {
    fn file(&self, d: Diagnostic) -> Diagnostic {
        d.in_file(self.display)
    }

    fn sheet(
        &self,
        severity: fn(Code, String) -> Diagnostic,
        code: Code,
        msg: String,
    ) -> Diagnostic {
        self.file(severity(code, format!("sheet \"{}\": {msg}", self.sheet)))
    }

    fn cell(&self, code: Code, row: u32, col: u32, header: &str, msg: String) -> Diagnostic {
        self.file(Diagnostic::error(
            code,
            format!(
                "sheet \"{}\", row {row}, column {} ({header}): {msg}",
                self.sheet,
                column_letters(col)
            ),
        ))
    }
}

fn error(code: Code, msg: String) -> Diagnostic {
    Diagnostic::error(code, msg)
}

/// Reads the export in `bytes`; `display` names the file in diagnostics.
/// `Err` is a file that cannot be read as a workbook at all. Problems of
/// its content go to `diags`; the records of rows without problems are
/// kept either way, but a caller should write nothing when there are errors.
pub fn read(
    bytes: &[u8],
    display: &str,
    diags: &mut Diagnostics,
) -> Result<Export, Box<Diagnostic>> {
    let mut at = At { display, sheet: "" };
    let mut export = Export::default();
    if bytes.len() > MAX_BYTES {
        return Err(Box::new(at.file(error(
            Code::FileTooLarge,
            format!(
                "the file is {} bytes; exports are limited to {MAX_BYTES} bytes",
                bytes.len()
            ),
        ))));
    }
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Box::new(
            at.file(error(
                Code::Spreadsheet,
                format!("this is not an Excel workbook (.xlsx) that can be read: {e}"),
            ))
            .with_hint("export the search from uhri.ohchr.org with \"Export to Excel\""),
        )
    })?;
    let Some(sheet) = book.sheet_names().into_iter().next() else {
        return Err(Box::new(at.file(error(
            Code::Spreadsheet,
            "the workbook has no sheet".into(),
        ))));
    };
    export.sheet = sheet.clone();
    let range = book.worksheet_range(&sheet).map_err(|e| {
        Box::new(at.file(error(
            Code::Spreadsheet,
            format!("sheet \"{sheet}\" cannot be read: {e}"),
        )))
    })?;
    at.sheet = &sheet;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate();
    let Some((_, header)) = rows.next() else {
        diags.push(
            at.sheet(
                Diagnostic::error,
                Code::EmptyFile,
                "the sheet is empty".into(),
            )
            .with_hint("export a search that finds recommendations"),
        );
        return Ok(export);
    };
    // Each column read → its index in the row and its absolute column.
    let names: Vec<String> = header.iter().map(cell_text).collect();
    let mut found: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (i, h) in names.iter().enumerate() {
        let k = header_key(h);
        if let Some(c) = COLUMNS
            .iter()
            .find(|c| header_key(c.name) == k || c.aliases.iter().any(|a| header_key(a) == k))
        {
            found.entry(c.name).or_insert(i);
        }
    }
    let mut missing = false;
    for c in COLUMNS.iter().filter(|c| c.required) {
        if !found.contains_key(c.name) {
            missing = true;
            let known: Vec<&str> = names.iter().map(String::as_str).collect();
            let hint = did_you_mean(c.name, known.iter().copied()).unwrap_or_else(|| {
                format!(
                    "the first row names the columns; it has: {}",
                    known.join(", ")
                )
            });
            diags.push(
                at.sheet(
                    Diagnostic::error,
                    Code::MissingKey,
                    format!("row {}: no column \"{}\"", row0 + 1, c.name),
                )
                .with_hint(hint),
            );
        }
    }
    if missing {
        return Ok(export);
    }
    let mut data_rows = 0;
    for (i, row) in rows {
        let row_no = row0 + i as u32 + 1;
        let get = |c: &Column| -> Option<(&Data, u32)> {
            let idx = *found.get(c.name)?;
            Some((row.get(idx).unwrap_or(&Data::Empty), col0 + idx as u32))
        };
        if row.iter().all(|d| cell_text(d).trim().is_empty()) {
            continue;
        }
        data_rows += 1;
        let errors_before = diags.errors();
        let Some((states_cell, states_col)) = get(&STATES) else {
            continue;
        };
        let state_names = bullets(&cell_text(states_cell));
        if state_names.is_empty() {
            export.not_upr += 1;
            continue;
        }
        let mut states = Vec::new();
        for name in &state_names {
            match countries::code_of(name) {
                Some(code) => states.push((code.to_string(), countries::display_name(name))),
                None => {
                    let mut d = at.cell(
                        Code::InvalidStateCode,
                        row_no,
                        states_col,
                        STATES.name,
                        format!("unknown state \"{name}\""),
                    );
                    if let Some(h) = did_you_mean(name, countries::names()) {
                        d = d.with_hint(h);
                    }
                    diags.push(d);
                }
            }
        }
        let (pos_cell, pos_col) = get(&POSITION).unwrap_or((&Data::Empty, 0));
        let pos_text = single(&cell_text(pos_cell));
        let (response, partial) = match position(&pos_text) {
            Position::Known(r, partial) => (r, partial),
            Position::None => {
                export.no_position += 1;
                continue;
            }
            Position::Unknown => {
                diags.push(
                    at.cell(
                        Code::InvalidValue,
                        row_no,
                        pos_col,
                        POSITION.name,
                        format!("unknown position \"{pos_text}\""),
                    )
                    .with_hint("the Index writes Supported, Noted or Supported/Noted"),
                );
                (Response::Noted, false)
            }
        };
        let (session_cell, session_col) = get(&SESSION).unwrap_or((&Data::Empty, 0));
        let session = session_number(session_cell);
        let cycle = session.and_then(cycle_of);
        if cycle.is_none() {
            diags.push(
                at.cell(
                    Code::InvalidValue,
                    row_no,
                    session_col,
                    SESSION.name,
                    format!(
                        "\"{}\" is not a UPR session",
                        single(&cell_text(session_cell))
                    ),
                )
                .with_hint("a session is a number from 1, e.g. 32 or \"32nd session\""),
            );
        }
        let (text_cell, text_col) = get(&TEXT).unwrap_or((&Data::Empty, 0));
        let (para_in_text, text) = split_paragraph(&crate::nfc::nfc(cell_text(text_cell).trim()));
        if text.is_empty() {
            diags.push(at.cell(
                Code::EmptyValue,
                row_no,
                text_col,
                TEXT.name,
                "the recommendation has no text".into(),
            ));
        }
        let paragraph = get(&PARAGRAPH)
            .map(|(d, _)| single(&cell_text(d)))
            .filter(|p| !p.is_empty())
            .or(para_in_text);
        let published = match get(&PUBLISHED) {
            Some((d, col)) => match date_of(d) {
                Ok(date) => date,
                Err(shown) => {
                    diags.push(
                        at.cell(
                            Code::InvalidDate,
                            row_no,
                            col,
                            PUBLISHED.name,
                            format!("\"{shown}\" is not a date"),
                        )
                        .with_hint("the Index gives dates as spreadsheet serial numbers, e.g. 43558 for 3 April 2019"),
                    );
                    None
                }
            },
            None => None,
        };
        let concerned = get(&COUNTRIES).map(|(d, _)| {
            bullets(&cell_text(d))
                .iter()
                .filter_map(|n| countries::code_of(n).map(String::from))
                .collect::<Vec<_>>()
        });
        let language = match get(&LANGUAGE) {
            Some((d, col)) => {
                let given = single(&cell_text(d));
                match language_tag(&given) {
                    Some(tag) => tag,
                    None if given.is_empty() => "en",
                    None => {
                        let names = LANGUAGES.iter().map(|(_, name)| *name);
                        let hint = did_you_mean(&given, names).unwrap_or_else(|| {
                            "the Index's languages are the UN's six: Arabic, Chinese, English, French, Russian and Spanish (or ar, zh, en, fr, ru, es)".into()
                        });
                        diags.push(
                            at.cell(
                                Code::InvalidValue,
                                row_no,
                                col,
                                LANGUAGE.name,
                                format!("unknown language \"{given}\""),
                            )
                            .with_hint(hint),
                        );
                        "en"
                    }
                }
            }
            None => "en",
        };
        if diags.errors() > errors_before {
            continue;
        }
        export.records.push(Record {
            row: row_no,
            text,
            symbol: get(&SYMBOL)
                .map(|(d, _)| single(&cell_text(d)))
                .filter(|s| !s.is_empty()),
            paragraph,
            states,
            response,
            partial,
            session: session.unwrap_or(0),
            cycle: cycle.unwrap_or(0),
            themes: get(&THEMES)
                .map(|(d, _)| bullets(&crate::nfc::nfc(&cell_text(d))))
                .unwrap_or_default(),
            concerned: concerned.filter(|c| !c.is_empty()),
            published,
            language: language.to_string(),
        });
    }
    if data_rows == 0 {
        diags.push(
            at.sheet(
                Diagnostic::error,
                Code::EmptyFile,
                "the sheet has a header row but no recommendations".into(),
            )
            .with_hint("export a search that finds recommendations"),
        );
    }
    export.rows = data_rows;
    Ok(export)
}

/// The UN's six languages, the Index's: each one's tag and English name.
const LANGUAGES: [(&str, &str); 6] = [
    ("ar", "Arabic"),
    ("zh", "Chinese"),
    ("en", "English"),
    ("fr", "French"),
    ("ru", "Russian"),
    ("es", "Spanish"),
];

/// The tag of a `Language` cell, which names one of the UN's languages in
/// English or by its tag, case aside.
fn language_tag(given: &str) -> Option<&'static str> {
    let given = given.trim();
    LANGUAGES
        .iter()
        .find(|(tag, name)| tag.eq_ignore_ascii_case(given) || name.eq_ignore_ascii_case(given))
        .map(|(tag, _)| *tag)
}

/// A header as it is compared: letters and digits only, lower case.
fn header_key(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A cell's value as text: numbers as the shortest text that reads back.
fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => format!("{e}"),
        Data::Empty => String::new(),
    }
}

/// The values of a cell that holds one per line, each after "- ".
pub fn bullets(cell: &str) -> Vec<String> {
    cell.lines()
        .map(|l| l.trim().trim_start_matches(['-', '•']).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The one value of a cell, without its "- ".
fn single(cell: &str) -> String {
    bullets(cell).join(" ")
}

enum Position {
    Known(Response, bool),
    /// No position yet: the review's outcome is not adopted.
    None,
    Unknown,
}

/// The Index's position as a response. A partial position ("Supported/Noted",
/// "partially supported") is taken as noted: a pack must not say that a
/// recommendation was supported when only part of it was.
fn position(text: &str) -> Position {
    let t = text.trim().to_lowercase();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    match t.as_str() {
        "" | "pending" | "-" => Position::None,
        "supported" | "accepted" => Position::Known(Response::Supported, false),
        "noted" => Position::Known(Response::Noted, false),
        "supported/noted"
        | "supported / noted"
        | "noted/supported"
        | "partially supported"
        | "supported in part"
        | "accepted in part"
        | "partially accepted" => Position::Known(Response::Noted, true),
        _ => Position::Unknown,
    }
}

/// The number of a session cell: `32`, `32.0`, `"32"`, `"- 32nd session"`, `"Session 32"`.
fn session_number(d: &Data) -> Option<u32> {
    match d {
        Data::Int(i) => u32::try_from(*i).ok(),
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f < 1e6 => Some(*f as u32),
        Data::String(s) => {
            let digits: String = s
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        }
        _ => None,
    }
}

/// A text's leading paragraph number (`38.168 Take steps…`) and the rest.
fn split_paragraph(text: &str) -> (Option<String>, String) {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number = text[..end].trim_end_matches('.');
    let is_para = number.contains('.')
        && number.split('.').all(|p| !p.is_empty())
        && text[end..].starts_with(char::is_whitespace);
    if is_para {
        (Some(number.to_string()), text[end..].trim().to_string())
    } else {
        (None, text.to_string())
    }
}

/// Days from the spreadsheet epoch (30 December 1899, which absorbs the
/// 1900 leap-year error of the 1900 date system) to a date.
fn from_serial(serial: f64) -> Option<NaiveDate> {
    // 1 January 1900 to 31 December 9999.
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// A date cell: a serial number (as a number or as text), a date the
/// workbook formats as one, or `YYYY-MM-DD`; empty is none. `Err` holds
/// the cell as shown.
fn date_of(d: &Data) -> Result<Option<NaiveDate>, String> {
    let serial = match d {
        Data::Empty => return Ok(None),
        Data::Int(i) => *i as f64,
        Data::Float(f) => *f,
        Data::DateTime(dt) if dt.is_datetime() => dt.as_f64(),
        Data::String(s) | Data::DateTimeIso(s) => {
            let t = single(s);
            if t.is_empty() {
                return Ok(None);
            }
            if let Ok(date) = NaiveDate::parse_from_str(t.get(..10).unwrap_or(&t), "%Y-%m-%d") {
                return Ok(Some(date));
            }
            t.parse::<f64>().map_err(|_| t.clone())?
        }
        other => return Err(cell_text(other)),
    };
    from_serial(serial).map(Some).ok_or_else(|| cell_text(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_give_their_cycles() {
        assert_eq!(cycle_of(0), None);
        assert_eq!(cycle_of(1), Some(1));
        assert_eq!(cycle_of(5), Some(1)); // Viet Nam, May 2009
        assert_eq!(cycle_of(12), Some(1));
        assert_eq!(cycle_of(13), Some(2));
        assert_eq!(cycle_of(18), Some(2)); // Viet Nam, February 2014
        assert_eq!(cycle_of(26), Some(2));
        assert_eq!(cycle_of(27), Some(3));
        assert_eq!(cycle_of(32), Some(3)); // Viet Nam, January 2019
        assert_eq!(cycle_of(40), Some(3));
        assert_eq!(cycle_of(41), Some(4));
        assert_eq!(cycle_of(46), Some(4)); // Viet Nam, May 2024
        assert_eq!(cycle_of(54), Some(4));
        assert_eq!(cycle_of(55), Some(5));
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn bullets_split_a_cell_into_its_values() {
        assert_eq!(
            bullets("- Freedom of opinion and expression\n- Human rights defenders\n"),
            [
                "Freedom of opinion and expression",
                "Human rights defenders"
            ]
        );
        assert_eq!(bullets("- Sweden"), ["Sweden"]);
        assert_eq!(bullets("Sweden"), ["Sweden"]);
        assert_eq!(bullets("\r\n-  \n"), Vec::<String>::new());
        // A hyphen inside a value stays.
        assert_eq!(bullets("- Non-discrimination"), ["Non-discrimination"]);
    }

    #[test]
    fn positions_map_to_responses_partial_ones_to_noted() {
        assert!(matches!(
            position("Supported"),
            Position::Known(Response::Supported, false)
        ));
        assert!(matches!(
            position(" noted "),
            Position::Known(Response::Noted, false)
        ));
        assert!(matches!(
            position("Supported/Noted"),
            Position::Known(Response::Noted, true)
        ));
        assert!(matches!(
            position("Partially supported"),
            Position::Known(Response::Noted, true)
        ));
        assert!(matches!(position(""), Position::None));
        assert!(matches!(position("Maybe"), Position::Unknown));
    }

    #[test]
    fn sessions_are_read_from_numbers_and_words() {
        assert_eq!(session_number(&Data::Int(32)), Some(32));
        assert_eq!(session_number(&Data::Float(18.0)), Some(18));
        assert_eq!(session_number(&Data::Float(18.5)), None);
        assert_eq!(
            session_number(&Data::String("32nd Session".into())),
            Some(32)
        );
        assert_eq!(session_number(&Data::String("Session 5".into())), Some(5));
        assert_eq!(session_number(&Data::String("first".into())), None);
        assert_eq!(session_number(&Data::Empty), None);
    }

    #[test]
    fn a_leading_paragraph_number_is_split_from_the_text() {
        assert_eq!(
            split_paragraph("38.168 Take steps to guarantee"),
            (Some("38.168".into()), "Take steps to guarantee".into())
        );
        assert_eq!(
            split_paragraph("143.4. Ensure that"),
            (Some("143.4".into()), "Ensure that".into())
        );
        assert_eq!(
            split_paragraph("2018 was a year"),
            (None, "2018 was a year".into())
        );
        assert_eq!(split_paragraph("38.168"), (None, "38.168".into()));
        assert_eq!(split_paragraph("Ensure"), (None, "Ensure".into()));
    }

    #[test]
    fn serial_dates_count_from_the_spreadsheet_epoch() {
        let d = |y, m, day| Ok(Some(NaiveDate::from_ymd_opt(y, m, day).unwrap()));
        assert_eq!(date_of(&Data::Float(43558.0)), d(2019, 4, 3));
        assert_eq!(date_of(&Data::Float(46125.4996282407)), d(2026, 4, 13));
        assert_eq!(date_of(&Data::String("43558".into())), d(2019, 4, 3));
        assert_eq!(date_of(&Data::String("2019-04-03".into())), d(2019, 4, 3));
        assert_eq!(date_of(&Data::Empty), Ok(None));
        assert_eq!(date_of(&Data::Float(-3.0)), Err("-3".into()));
        assert_eq!(
            date_of(&Data::String("yesterday".into())),
            Err("yesterday".into())
        );
        assert_eq!(date_of(&Data::Float(1e12)), Err("1000000000000".into()));
    }

    #[test]
    fn languages_by_english_name_or_tag_give_the_tag() {
        for (given, tag) in [
            ("English", "en"),
            ("french", "fr"),
            ("SPANISH", "es"),
            (" Arabic ", "ar"),
            ("Chinese", "zh"),
            ("Russian", "ru"),
            ("en", "en"),
            ("FR", "fr"),
            ("es", "es"),
            ("ar", "ar"),
            ("zh", "zh"),
            ("ru", "ru"),
        ] {
            assert_eq!(language_tag(given), Some(tag), "{given}");
        }
        for given in ["", "Englisch", "de", "Portuguese", "en-GB", "eng"] {
            assert_eq!(language_tag(given), None, "{given}");
        }
    }

    #[test]
    fn headers_match_in_either_spelling_case_and_punctuation_aside() {
        assert_eq!(
            header_key("UPR Reccomending States"),
            header_key(STATES.name)
        );
        assert_eq!(
            header_key("upr recommending-states"),
            header_key(STATES.aliases[0])
        );
        assert_eq!(header_key(" Document  Symbol "), header_key(SYMBOL.name));
    }
}
