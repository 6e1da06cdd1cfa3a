//! The generator of `tests/fixtures/uhri/export.snap.xlsx`, a small export of the
//! UN's Universal Human Rights Index as "Export to Excel" writes one: its
//! columns by their Index names (with the Index's spelling "Reccomending"),
//! several values in a cell as "- " lines, dates as serial numbers, the
//! paragraph at the start of the text, languages by their English names,
//! rows of a treaty body and about another state mixed in. `import_uhri::the_committed_fixture_is_what_the_generator_writes`
//! checks the committed file, an insta snapshot; `INSTA_UPDATE=always cargo
//! test the_committed_fixture` writes it again.
//!
//! The texts are earlier recommendations to Viet Nam as published (see the
//! research notes). What is marked illustrative below is not: positions of
//! the 2nd cycle (A/HRC/26/6/Add.1 was not consulted), paragraph numbers of
//! the 3rd, a second state on one row, dates, annotation ids, and the rows
//! that only show what the import leaves out.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

/// A cell of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

fn t(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

/// The columns, in the order of the Index's export.
pub const HEADERS: [&str; 17] = [
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "Document Symbol",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "UPR Reccomending States",
    "UPR Position",
    "Type",
    "OHCHR Annotation Id",
    "UPR Session",
    "Regions Concerned",
    "Recommending Regions",
    "Date of publication on UHRI",
    "Language",
];

/// Column indexes, for tests that change a cell.
pub const TEXT: usize = 0;
pub const DATE: usize = 7;
pub const STATES: usize = 8;
pub const POSITION: usize = 9;
pub const SESSION: usize = 12;
pub const LANGUAGE: usize = 16;

const FOE: &str = "Freedom of opinion and expression";
const NORMS: &str = "Acceptance of international norms";

#[allow(clippy::too_many_arguments)]
fn row(
    n: usize,
    text: &str,
    concerned: &str,
    body: &str,
    symbol: &str,
    themes: &[&str],
    date: f64,
    states: &[&str],
    position: &str,
    session: Cell,
) -> Vec<Cell> {
    let bullets = |items: &[&str]| {
        items
            .iter()
            .map(|i| format!("- {i}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    vec![
        t(text),
        t(&bullets(&[concerned])),
        t(&bullets(&[body])),
        t(symbol),
        t(&bullets(themes)),
        t("- General"),
        t("- 16.10 - Public access to information and fundamental freedoms"),
        Cell::Number(date),
        t(&bullets(states)),
        t(position),
        t("- Recommendations"),
        // Illustrative.
        t(&format!("00000000-0000-4000-8000-{n:012}")),
        session,
        t("- Asia-Pacific"),
        t(""),
        Cell::Number(45000.0 + n as f64 + 0.4996282407),
        // The language by its English name, as the Index writes it.
        t("English"),
    ]
}

/// The rows of the fixture, after the header row (sheet row 2 on).
pub fn rows() -> Vec<Vec<Cell>> {
    let num = Cell::Number;
    vec![
        // 2: France, 3rd cycle; the profile already has it by hand.
        row(
            1,
            "38.168 Take steps to guarantee freedom of opinion and freedom of expression, including on the Internet, in the context of the adoption of the law on cybersecurity",
            "Viet Nam",
            "UPR",
            "A/HRC/41/7",
            &[FOE],
            43558.0,
            &["France"],
            "Supported",
            t("- 32nd session"),
        ),
        // 3: Iceland, 3rd cycle; no profile yet.
        row(
            2,
            "38.184 Lift restrictions on freedom of expression, and particularly online freedom, in line with Viet Nam's obligations under international law",
            "Viet Nam",
            "UPR",
            "A/HRC/41/7",
            &[FOE, NORMS],
            43558.0,
            &["Iceland"],
            "Supported",
            num(32.0),
        ),
        // 4: Sweden, 1st cycle; its profile has it by hand.
        row(
            3,
            "Ensure that full respect for the freedom of expression, including on the Internet, is implemented",
            "Viet Nam",
            "UPR",
            "A/HRC/12/11",
            &[FOE],
            40000.0,
            &["Sweden"],
            "Supported",
            t("Session 5"),
        ),
        // 5: Sweden, 2nd cycle (position illustrative).
        row(
            4,
            "143.166 Ensure that freedom of expression is protected both offline and online and amend or remove vague provisions in the penal code, as well as new legislation to make sure that limitations on freedom of expression are strictly in line with ICCPR",
            "Viet Nam",
            "UPR",
            "A/HRC/26/6",
            &[FOE],
            41730.0,
            &["Sweden"],
            "Noted",
            num(18.0),
        ),
        // 6: Chile, 2nd cycle (partial position illustrative).
        row(
            5,
            "143.168 Implement in a more effective manner the recommendations guaranteeing the right to freedom of expression",
            "Viet Nam",
            "UPR",
            "A/HRC/26/6",
            &[FOE],
            41730.0,
            &["Chile"],
            "Supported/Noted",
            num(18.0),
        ),
        // 7: Belgium, 2nd cycle (position illustrative); no profile yet.
        row(
            6,
            "143.4 Ensure that any law governing the Internet is in compliance with the international human rights obligations of Viet Nam as a State party to ICCPR",
            "Viet Nam",
            "UPR",
            "A/HRC/26/6",
            &[FOE, NORMS],
            41730.0,
            &["Belgium"],
            "Noted",
            num(18.0),
        ),
        // 8: the United States by its UN name, 2nd cycle (position illustrative).
        row(
            7,
            "143.118 Revise vague national security laws that are used to suppress universal rights, and unconditionally release all political prisoners, such as Dr. Cu Huy Ha Vu, Le Quoc Quan, Dieu Cay and Tran Huynh Duy Thuc",
            "Viet Nam",
            "UPR",
            "A/HRC/26/6",
            &["Human rights defenders", "Liberty & security of the person"],
            41730.0,
            &["United States of America"],
            "Noted",
            num(18.0),
        ),
        // 9: New Zealand and (illustrative) the Republic of Korea on one row.
        row(
            8,
            "143.153 Protect freedom of expression both offline and online by bringing legislation such as Decrees 2 and 72 into compliance with international human rights law",
            "Viet Nam",
            "UPR",
            "A/HRC/26/6",
            &[FOE],
            41730.0,
            &["New Zealand", "Republic of Korea"],
            "Supported",
            num(18.0),
        ),
        // 10: about another state under review: left out (illustrative).
        row(
            9,
            "(Illustrative) A recommendation to another state under review, which the import leaves out.",
            "Cambodia",
            "UPR",
            "A/HRC/41/16",
            &[FOE],
            43558.0,
            &["Sweden"],
            "Supported",
            num(32.0),
        ),
        // 11: a treaty body's recommendation: no recommending state, left out.
        row(
            10,
            "(Illustrative) A treaty body's recommendation, which has no recommending state.",
            "Viet Nam",
            "CCPR",
            "CCPR/C/VNM/CO/3",
            &[FOE],
            43706.0,
            &[],
            "",
            Cell::Empty,
        ),
        // 12: of the review's own cycle: not an earlier one, left out (illustrative).
        row(
            11,
            "(Illustrative) A recommendation of the 4th cycle, the review's own.",
            "Viet Nam",
            "UPR",
            "A/HRC/57/7",
            &[FOE],
            45450.0,
            &["Lithuania"],
            "Supported",
            t("46th session"),
        ),
    ]
}

/// An xlsx workbook of one sheet with `headers` and `rows`, the same bytes
/// every time.
pub fn workbook(headers: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 3, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Cell::Empty => {}
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// The fixture's bytes.
pub fn fixture() -> Vec<u8> {
    workbook(&HEADERS, &rows())
}
