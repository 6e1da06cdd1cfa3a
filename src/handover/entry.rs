//! One handover entry as the tool writes it into
//! `handovers/<meeting-id>.yaml`: appended as text after what the file
//! holds, so that earlier entries, hand-edited notes and comments stay as
//! they are, byte for byte. Each block of the document is one line
//! (`- { kind: heading, level: 2, text: "..." }`), so that a file's
//! history reads as a diff of the pack.

use std::io;
use std::path::Path;

use chrono::NaiveDate;

use crate::doc::text::{Mark, TextBlock};
use crate::ingest::handover::{HandedFormat, HandoverFile, PackRecord};
use crate::ingest::schema;
use crate::ingest::yaml::{quoted, scalar};

/// A handover to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub date: NaiveDate,
    pub to: Vec<String>,
    pub language: String,
    pub formats: Vec<HandedFormat>,
    pub fingerprint: String,
    pub note: Option<String>,
    pub pack: PackRecord,
    pub document: Vec<TextBlock>,
}

/// The text of a new handover file, before its first entry.
fn header(rel: &Path) -> String {
    let mut out = String::new();
    if let Some(line) = schema::modeline(rel) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(
        "# The handovers of this meeting's pack: what the counterpart was given, and\n\
         # when. `upr-brief handover` appends an entry each time; commit this file\n\
         # with the campaign. Edit an entry's `note` at will: the rest is the pack\n\
         # as it was handed over, which later builds compare with the current one.\n",
    );
    out
}

/// `[a, b]`, each quoted.
fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", items.join(", "))
}

/// One block as one line of flow YAML.
fn block(b: &TextBlock) -> String {
    let (head, marks) = match b {
        TextBlock::Cover { text, marks } => (format!("kind: cover, text: {}", quoted(text)), marks),
        TextBlock::Heading { level, text, marks } => (
            format!("kind: heading, level: {level}, text: {}", quoted(text)),
            marks,
        ),
        TextBlock::Paragraph { text, marks } => {
            (format!("kind: paragraph, text: {}", quoted(text)), marks)
        }
        TextBlock::Item {
            level,
            number,
            text,
            marks,
        } => {
            let number = number.map(|n| format!(", number: {n}")).unwrap_or_default();
            (
                format!("kind: item, level: {level}{number}, text: {}", quoted(text)),
                marks,
            )
        }
        TextBlock::Continued { level, text, marks } => (
            format!("kind: continued, level: {level}, text: {}", quoted(text)),
            marks,
        ),
        TextBlock::Row {
            header,
            cells,
            marks,
        } => {
            let header = if *header { ", header: true" } else { "" };
            (format!("kind: row{header}, cells: {}", list(cells)), marks)
        }
        TextBlock::PageBreak => return "{ kind: page-break }".to_string(),
    };
    if marks.is_empty() {
        format!("{{ {head} }}")
    } else {
        let marks: Vec<String> = marks.iter().map(mark).collect();
        format!("{{ {head}, marks: [{}] }}", marks.join(", "))
    }
}

/// One mark in flow YAML: `{ at: 4, len: 8, bold: true }`.
fn mark(m: &Mark) -> String {
    let mut fields = Vec::new();
    if let Some(cell) = m.cell {
        fields.push(format!("cell: {cell}"));
    }
    fields.push(format!("at: {}, len: {}", m.at, m.len));
    if m.bold {
        fields.push("bold: true".into());
    }
    if m.italic {
        fields.push("italic: true".into());
    }
    if let Some(link) = &m.link {
        fields.push(format!("link: {}", quoted(link)));
    }
    if let Some(lang) = &m.lang {
        fields.push(format!("lang: {}", quoted(lang)));
    }
    format!("{{ {} }}", fields.join(", "))
}

/// The entry as the items of a YAML list at the top of a file.
pub fn render(e: &Entry) -> String {
    let mut out = String::new();
    let mut line = |indent: usize, s: String| {
        out.push_str(&" ".repeat(indent));
        out.push_str(&s);
        out.push('\n');
    };
    line(0, format!("- date: {}", e.date));
    line(2, format!("to: {}", list(&e.to)));
    line(2, format!("language: {}", scalar(&e.language)));
    let formats: Vec<&str> = e.formats.iter().map(|f| f.name()).collect();
    line(2, format!("formats: [{}]", formats.join(", ")));
    line(2, format!("fingerprint: {}", scalar(&e.fingerprint)));
    if let Some(note) = &e.note {
        line(2, format!("note: {}", quoted(note)));
    }
    let p = &e.pack;
    line(2, "pack:".into());
    line(4, format!("counterpart: {}", quoted(&p.counterpart)));
    line(4, format!("date: {}", quoted(&p.date)));
    if let Some(time) = &p.time {
        line(4, format!("time: {}", quoted(time)));
    }
    line(4, format!("place: {}", quoted(&p.place)));
    line(4, format!("council: {}", list(&p.council)));
    if p.recommendations.is_empty() {
        line(4, "recommendations: []".into());
    } else {
        line(4, "recommendations:".into());
        for r in &p.recommendations {
            line(
                6,
                format!(
                    "- {{ id: {}, title: {}, text: {} }}",
                    quoted(&r.id),
                    quoted(&r.title),
                    quoted(&r.text)
                ),
            );
        }
    }
    if p.asks.is_empty() {
        line(4, "asks: []".into());
    } else {
        line(4, "asks:".into());
        for a in &p.asks {
            line(6, format!("- {}", quoted(a)));
        }
    }
    if p.earlier.is_empty() {
        line(4, "earlier: []".into());
    } else {
        line(4, "earlier:".into());
        for x in &p.earlier {
            let reference = x
                .reference
                .as_ref()
                .map(|r| format!(", ref: {}", quoted(r)))
                .unwrap_or_default();
            line(
                6,
                format!(
                    "- {{ cycle: {}{reference}, text: {}, response: {} }}",
                    x.cycle,
                    quoted(&x.text),
                    scalar(&x.response)
                ),
            );
        }
    }
    if e.document.is_empty() {
        line(2, "document: []".into());
    } else {
        line(2, "document:".into());
        for b in &e.document {
            line(4, format!("- {}", block(b)));
        }
    }
    out
}

/// The handover file at `rel` (whose text is `old`, if it exists) with
/// `entry` appended: everything before it kept as it was. The result is
/// read back, so that a file the tool cannot read again is never written.
pub fn append(rel: &Path, old: Option<&str>, entry: &Entry) -> io::Result<String> {
    let mut text = match old {
        Some(old) => old.to_string(),
        None => header(rel),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&render(entry));
    match serde_yaml::from_str::<HandoverFile>(&text) {
        Ok(_) => Ok(text),
        Err(e) => Err(io::Error::other(format!(
            "{} would not read back after the new entry ({e}); is its list written in flow style (`[...]`)?",
            rel.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::handover::{RecordedEarlier, RecordedRecommendation};

    fn entry() -> Entry {
        Entry {
            date: NaiveDate::from_ymd_opt(2024, 3, 20).unwrap(),
            to: vec!["Anna \"A\" Svensson".into()],
            language: "en".into(),
            formats: vec![HandedFormat::Pdf, HandedFormat::Docx],
            fingerprint: "ab".repeat(32),
            note: Some("by hand: yes".into()),
            pack: PackRecord {
                counterpart: "Sweden".into(),
                date: "2024-03-20".into(),
                time: Some("10:00".into()),
                place: "Seoul".into(),
                council: vec!["SE 2024-2026".into()],
                recommendations: vec![RecordedRecommendation {
                    id: "R01".into(),
                    title: "No".into(),
                    text: "a: b # c".into(),
                }],
                asks: vec!["- x".into()],
                earlier: vec![RecordedEarlier {
                    cycle: 3,
                    reference: None,
                    text: "t".into(),
                    response: "noted".into(),
                }],
            },
            document: vec![
                TextBlock::Heading {
                    level: 1,
                    text: "يوم".into(),
                    marks: vec![],
                },
                TextBlock::Row {
                    header: true,
                    cells: vec!["日期".into(), "".into()],
                    marks: vec![Mark {
                        cell: Some(0),
                        at: 0,
                        len: 2,
                        bold: true,
                        italic: false,
                        link: Some("https://example.org/a?b=\"c\"".into()),
                        lang: Some("zh".into()),
                    }],
                },
                TextBlock::PageBreak,
            ],
        }
    }

    #[test]
    fn an_entry_reads_back_as_written() {
        let text = append(Path::new("handovers/x.yaml"), None, &entry()).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../../schema/handover.schema.json\n")
        );
        let file: HandoverFile = serde_yaml::from_str(&text).unwrap();
        let h = &file[0];
        assert_eq!(h.date, "2024-03-20");
        assert_eq!(h.to, vec!["Anna \"A\" Svensson"]);
        assert_eq!(h.pack, entry().pack);
        assert_eq!(h.document, entry().document);
        assert_eq!(h.note.as_deref(), Some("by hand: yes"));
    }

    #[test]
    fn appending_keeps_every_byte_before() {
        let old = "# mine\n- date: 2024-03-01 # first\n  language: en\n  fingerprint: x\n  pack: { counterpart: S, date: \"2024-03-01\", place: P }";
        let text = append(Path::new("handovers/x.yaml"), Some(old), &entry()).unwrap();
        assert!(text.starts_with(old));
        let file: HandoverFile = serde_yaml::from_str(&text).unwrap();
        assert_eq!(file.len(), 2);
    }

    #[test]
    fn a_file_that_would_not_read_back_is_refused() {
        let err = append(Path::new("handovers/x.yaml"), Some("[]\n"), &entry());
        assert!(err.is_err());
    }
}
