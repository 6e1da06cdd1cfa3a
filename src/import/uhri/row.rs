//! One row of an export read into a [`Record`], every problem a diagnostic
//! at its cell.

use calamine::Data;

use super::cells::{
    LANGUAGES, Position, bullets, cell_text, date_of, language_tag, position, session_number,
    single, split_paragraph,
};
use super::columns::{
    COUNTRIES, Found, LANGUAGE, PARAGRAPH, POSITION, PUBLISHED, SESSION, STATES, SYMBOL, TEXT,
    THEMES,
};
use super::{At, Record, countries, cycle_of};
use crate::diag::{Code, Diagnostics, did_you_mean};
use crate::ingest::raw::Response;

/// What a row of the export is.
pub(super) enum Row {
    /// No recommending state: not the UPR's (a treaty body, a special
    /// procedure).
    NotUpr,
    /// A UPR recommendation without a position yet.
    NoPosition,
    /// A recommendation with an error, in the diagnostics.
    Invalid,
    Record(Record),
}

/// One row of the sheet, `row_no` as a spreadsheet counts it.
pub(super) struct Cells<'r> {
    pub row: &'r [Data],
    pub row_no: u32,
    pub found: &'r Found,
    pub at: &'r At<'r>,
}

impl<'r> Cells<'r> {
    fn get(&self, column: &super::columns::Column) -> Option<(&'r Data, u32)> {
        self.found.get(self.row, column)
    }

    /// The error of the cell at `col` under the header `header`.
    fn error(&self, code: Code, col: u32, header: &str, msg: String) -> crate::diag::Diagnostic {
        self.at.cell(code, self.row_no, col, header, msg)
    }
}

/// Reads a row that is not empty; its problems go to `diags`.
pub(super) fn read(cells: &Cells<'_>, diags: &mut Diagnostics) -> Row {
    let errors_before = diags.errors();
    let Some((states_cell, states_col)) = cells.get(&STATES) else {
        return Row::Invalid;
    };
    let state_names = bullets(&cell_text(states_cell));
    if state_names.is_empty() {
        return Row::NotUpr;
    }
    let states = states(cells, &state_names, states_col, diags);
    let Some((response, partial)) = response(cells, diags) else {
        return Row::NoPosition;
    };
    let (session_cell, session_col) = cells.get(&SESSION).unwrap_or((&Data::Empty, 0));
    let session = session_number(session_cell);
    let cycle = session.and_then(cycle_of);
    if cycle.is_none() {
        diags.push(
            cells
                .error(
                    Code::InvalidValue,
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
    let (text_cell, text_col) = cells.get(&TEXT).unwrap_or((&Data::Empty, 0));
    let (para_in_text, text) = split_paragraph(&crate::nfc::nfc(cell_text(text_cell).trim()));
    if text.is_empty() {
        diags.push(cells.error(
            Code::EmptyValue,
            text_col,
            TEXT.name,
            "the recommendation has no text".into(),
        ));
    }
    let paragraph = (cells.get(&PARAGRAPH))
        .map(|(d, _)| single(&cell_text(d)))
        .filter(|p| !p.is_empty())
        .or(para_in_text);
    let published = published(cells, diags);
    let concerned = cells.get(&COUNTRIES).map(|(d, _)| {
        bullets(&cell_text(d))
            .iter()
            .filter_map(|n| countries::code_of(n).map(String::from))
            .collect::<Vec<_>>()
    });
    let language = language(cells, diags);
    if diags.errors() > errors_before {
        return Row::Invalid;
    }
    Row::Record(Record {
        row: cells.row_no,
        text,
        symbol: (cells.get(&SYMBOL))
            .map(|(d, _)| single(&cell_text(d)))
            .filter(|s| !s.is_empty()),
        paragraph,
        states,
        response,
        partial,
        session: session.unwrap_or(0),
        cycle: cycle.unwrap_or(0),
        themes: (cells.get(&THEMES))
            .map(|(d, _)| bullets(&crate::nfc::nfc(&cell_text(d))))
            .unwrap_or_default(),
        concerned: concerned.filter(|c| !c.is_empty()),
        published,
        language: language.to_string(),
    })
}

/// The recommending states' codes, each with the name the export gave; an
/// error for each name that is no state's.
fn states(
    cells: &Cells<'_>,
    names: &[String],
    col: u32,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut states = Vec::new();
    for name in names {
        match countries::code_of(name) {
            Some(code) => states.push((code.to_string(), countries::display_name(name))),
            None => {
                let mut error = cells.error(
                    Code::InvalidStateCode,
                    col,
                    STATES.name,
                    format!("unknown state \"{name}\""),
                );
                if let Some(h) = did_you_mean(name, countries::names()) {
                    error = error.with_hint(h);
                }
                diags.push(error);
            }
        }
    }
    states
}

/// The position as a response, and whether it is partial; `None` when the
/// row has no position yet. A position the Index does not write is an
/// error (and taken as noted).
fn response(cells: &Cells<'_>, diags: &mut Diagnostics) -> Option<(Response, bool)> {
    let (cell, col) = cells.get(&POSITION).unwrap_or((&Data::Empty, 0));
    let text = single(&cell_text(cell));
    match position(&text) {
        Position::Known(r, partial) => Some((r, partial)),
        Position::None => None,
        Position::Unknown => {
            diags.push(
                cells
                    .error(
                        Code::InvalidValue,
                        col,
                        POSITION.name,
                        format!("unknown position \"{text}\""),
                    )
                    .with_hint("the Index writes Supported, Noted or Supported/Noted"),
            );
            Some((Response::Noted, false))
        }
    }
}

/// The publication date, when the export has the column and the cell is
/// not empty; an error for a cell that is no date.
fn published(cells: &Cells<'_>, diags: &mut Diagnostics) -> Option<chrono::NaiveDate> {
    let (cell, col) = cells.get(&PUBLISHED)?;
    match date_of(cell) {
        Ok(date) => date,
        Err(shown) => {
            diags.push(
                cells
                    .error(
                        Code::InvalidDate,
                        col,
                        PUBLISHED.name,
                        format!("\"{shown}\" is not a date"),
                    )
                    .with_hint(
                        "the Index gives dates as spreadsheet serial numbers, e.g. 43558 for 3 April 2019",
                    ),
            );
            None
        }
    }
}

/// The tag of the row's language: English when the export has no such
/// column or the cell is empty; an error (and English) for a language that
/// is not one of the UN's six.
fn language(cells: &Cells<'_>, diags: &mut Diagnostics) -> &'static str {
    let Some((cell, col)) = cells.get(&LANGUAGE) else {
        return "en";
    };
    let given = single(&cell_text(cell));
    match language_tag(&given) {
        Some(tag) => tag,
        None if given.is_empty() => "en",
        None => {
            let names = LANGUAGES.iter().map(|(_, name)| *name);
            let hint = did_you_mean(&given, names).unwrap_or_else(|| {
                "the Index's languages are the UN's six: Arabic, Chinese, English, French, Russian and Spanish (or ar, zh, en, fr, ru, es)".into()
            });
            diags.push(
                cells
                    .error(
                        Code::InvalidValue,
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
