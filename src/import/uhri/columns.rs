//! The columns an import reads, found by name in the sheet's first row
//! (either spelling, any order, case and punctuation aside), never by
//! position.

use std::collections::BTreeMap;

use calamine::Data;

use super::At;
use super::cells::cell_text;
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};

/// A column the import reads: its name as the Index writes it, the other
/// names it is known by, and whether an export must have it.
pub(super) struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    required: bool,
}

pub(super) const TEXT: Column = Column {
    name: "Text",
    aliases: &[],
    required: true,
};
pub(super) const SYMBOL: Column = Column {
    name: "Document Symbol",
    aliases: &["Symbol"],
    required: false,
};
pub(super) const STATES: Column = Column {
    name: "UPR Reccomending States",
    aliases: &["UPR Recommending States", "Recommending States"],
    required: true,
};
pub(super) const POSITION: Column = Column {
    name: "UPR Position",
    aliases: &["Position"],
    required: true,
};
pub(super) const SESSION: Column = Column {
    name: "UPR Session",
    aliases: &["Session"],
    required: true,
};
pub(super) const THEMES: Column = Column {
    name: "Themes",
    aliases: &[],
    required: false,
};
pub(super) const COUNTRIES: Column = Column {
    name: "Countries Concerned",
    aliases: &["Countries", "State under Review"],
    required: false,
};
pub(super) const PARAGRAPH: Column = Column {
    name: "Paragraph",
    aliases: &["Annotations", "Paragraph Number"],
    required: false,
};
pub(super) const PUBLISHED: Column = Column {
    name: "Document Publication Date",
    aliases: &["Publication Date"],
    required: false,
};
pub(super) const LANGUAGE: Column = Column {
    name: "Language",
    aliases: &[],
    required: false,
};

pub(super) const COLUMNS: [&Column; 10] = [
    &TEXT, &SYMBOL, &STATES, &POSITION, &SESSION, &THEMES, &COUNTRIES, &PARAGRAPH, &PUBLISHED,
    &LANGUAGE,
];

/// Where the columns read are in the sheet.
pub(super) struct Found {
    /// Each column found (by its name) → its index in a row.
    index: BTreeMap<&'static str, usize>,
    /// The sheet's first column, counted from 0.
    first_column: u32,
}

impl Found {
    /// The columns the `header` row names; `None`, with an error in `diags`
    /// for each, when a required one is missing. `header_row` and
    /// `first_column` are where the header is in the sheet, from 0.
    pub(super) fn of(
        header: &[Data],
        header_row: u32,
        first_column: u32,
        at: &At,
        diags: &mut Diagnostics,
    ) -> Option<Found> {
        let names: Vec<String> = header.iter().map(cell_text).collect();
        let mut index: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (i, h) in names.iter().enumerate() {
            let k = header_key(h);
            if let Some(c) = COLUMNS
                .iter()
                .find(|c| header_key(c.name) == k || c.aliases.iter().any(|a| header_key(a) == k))
            {
                index.entry(c.name).or_insert(i);
            }
        }
        let mut missing = false;
        for c in COLUMNS.iter().filter(|c| c.required) {
            if !index.contains_key(c.name) {
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
                        format!("row {}: no column \"{}\"", header_row + 1, c.name),
                    )
                    .with_hint(hint),
                );
            }
        }
        (!missing).then_some(Found {
            index,
            first_column,
        })
    }

    /// The cell of `column` in `row` (empty past the row's end) and its
    /// column in the sheet; `None` when the sheet has no such column.
    pub(super) fn get<'r>(&self, row: &'r [Data], column: &Column) -> Option<(&'r Data, u32)> {
        let i = *self.index.get(column.name)?;
        Some((
            row.get(i).unwrap_or(&Data::Empty),
            self.first_column + i as u32,
        ))
    }
}

/// A header as it is compared: letters and digits only, lower case.
pub(super) fn header_key(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
