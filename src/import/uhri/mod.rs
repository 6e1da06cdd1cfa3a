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
//!
//! `columns` finds the columns by name, `row` reads each row into a
//! record, `cells` reads the values of single cells.

mod cells;
mod columns;
mod row;

pub use cells::bullets;

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use chrono::NaiveDate;

use super::countries;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::ingest::raw::Response;
use columns::Found;
use row::Row;

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
    fn file(&self, diagnostic: Diagnostic) -> Diagnostic {
        diagnostic.in_file(self.display)
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
    let (sheet, range) = sheet(bytes, &at)?;
    export.sheet = sheet.clone();
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
    let Some(found) = Found::of(header, row0, col0, &at, diags) else {
        return Ok(export);
    };
    for (i, row) in rows {
        if row.iter().all(|d| cells::cell_text(d).trim().is_empty()) {
            continue;
        }
        export.rows += 1;
        let cells = row::Cells {
            row,
            row_no: row0 + i as u32 + 1,
            found: &found,
            at: &at,
        };
        match row::read(&cells, diags) {
            Row::NotUpr => export.not_upr += 1,
            Row::NoPosition => export.no_position += 1,
            Row::Invalid => {}
            Row::Record(record) => export.records.push(record),
        }
    }
    if export.rows == 0 {
        diags.push(
            at.sheet(
                Diagnostic::error,
                Code::EmptyFile,
                "the sheet has a header row but no recommendations".into(),
            )
            .with_hint("export a search that finds recommendations"),
        );
    }
    Ok(export)
}

/// The name and cells of the first sheet of the workbook in `bytes`; an
/// error for a file too large, no workbook, or no sheet that can be read.
fn sheet(bytes: &[u8], at: &At) -> Result<(String, Range<Data>), Box<Diagnostic>> {
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
    let range = book.worksheet_range(&sheet).map_err(|e| {
        Box::new(at.file(error(
            Code::Spreadsheet,
            format!("sheet \"{sheet}\" cannot be read: {e}"),
        )))
    })?;
    Ok((sheet, range))
}

#[cfg(test)]
mod tests {
    use super::cells::*;
    use super::columns::{STATES, SYMBOL, header_key};
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
