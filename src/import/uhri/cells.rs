//! The values of an export's cells: text, lists of values, positions,
//! sessions, paragraph numbers, dates and languages as the Index writes
//! them.

use calamine::Data;
use chrono::NaiveDate;

use crate::ingest::raw::Response;

/// The UN's six languages, the Index's: each one's tag and English name.
pub(super) const LANGUAGES: [(&str, &str); 6] = [
    ("ar", "Arabic"),
    ("zh", "Chinese"),
    ("en", "English"),
    ("fr", "French"),
    ("ru", "Russian"),
    ("es", "Spanish"),
];

/// The tag of a `Language` cell, which names one of the UN's languages in
/// English or by its tag, case aside.
pub(super) fn language_tag(given: &str) -> Option<&'static str> {
    let given = given.trim();
    LANGUAGES
        .iter()
        .find(|(tag, name)| tag.eq_ignore_ascii_case(given) || name.eq_ignore_ascii_case(given))
        .map(|(tag, _)| *tag)
}

/// A cell's value as text: numbers as the shortest text that reads back.
pub(super) fn cell_text(cell: &Data) -> String {
    match cell {
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
pub(super) fn single(cell: &str) -> String {
    bullets(cell).join(" ")
}

pub(super) enum Position {
    Known(Response, bool),
    /// No position yet: the review's outcome is not adopted.
    None,
    Unknown,
}

/// The Index's position as a response. A partial position ("Supported/Noted",
/// "partially supported") is taken as noted: a pack must not say that a
/// recommendation was supported when only part of it was.
pub(super) fn position(text: &str) -> Position {
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
pub(super) fn session_number(cell: &Data) -> Option<u32> {
    match cell {
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
pub(super) fn split_paragraph(text: &str) -> (Option<String>, String) {
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
pub(super) fn from_serial(serial: f64) -> Option<NaiveDate> {
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
pub(super) fn date_of(cell: &Data) -> Result<Option<NaiveDate>, String> {
    let serial = match cell {
        Data::Empty => return Ok(None),
        Data::Int(i) => *i as f64,
        Data::Float(f) => *f,
        Data::DateTime(dt) if dt.is_datetime() => dt.as_f64(),
        Data::String(s) | Data::DateTimeIso(s) => {
            let text = single(s);
            if text.is_empty() {
                return Ok(None);
            }
            if let Ok(date) = NaiveDate::parse_from_str(text.get(..10).unwrap_or(&text), "%Y-%m-%d")
            {
                return Ok(Some(date));
            }
            text.parse::<f64>().map_err(|_| text.clone())?
        }
        other => return Err(cell_text(other)),
    };
    from_serial(serial).map(Some).ok_or_else(|| cell_text(cell))
}
