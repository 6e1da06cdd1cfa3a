//! What docx-rs 0.4 writes, made schema-valid and completed, event by event.
//!
//! docx-rs builds each paragraph, table and part; its bytes are read back
//! here as quick-xml events and written again, with these changes, each
//! decided by the element an event belongs to, never by searching text:
//!
//! - the children of `w:pPr`, `w:rPr`, `w:tblPr` and `w:sectPr` in the
//!   schema's order (`schema.rs`): docx-rs writes, among others,
//!   `w:spacing` before `w:keepNext`, `w:sz` before `w:rStyle`,
//!   `w:tblLayout` after `w:tblCellMar`, the header and footer references
//!   last in `w:sectPr`;
//! - no empty `w:rPr` first in a `w:pPr` or a `w:r`: docx-rs writes one in
//!   every paragraph and run (first in `w:pPr`, where the schema wants it
//!   last); empty, it says nothing;
//! - what docx-rs has no API for, as typed values: a run's direction and
//!   language ([`RunExtension`]: `w:rtl`, `w:lang`), a right-to-left table
//!   (`w:bidiVisual`), a repeating header row (`w:tblHeader`), a picture's
//!   id, name and alternative text (`wp:docPr`, which docx-rs writes as
//!   `id="1" name="Figure"` for every drawing);
//! - no `w:type` on `w:gridCol`, which CT_TblGridCol does not have.
//!
//! Elements docx-rs writes keep its spelling (`<w:b />`); a run property
//! added here is written as quick-xml writes it (`<w:rtl/>`).
//!
//! Tracked changes and endnotes plug in here. docx-rs 0.4 writes `w:ins`
//! and `w:del` around runs (`Paragraph::add_insert`, `add_delete`): their
//! runs are counted like any other ([`run_count`]), so a run inside one
//! gets its [`RunExtension`] as well; their `w:id`s, which docx-rs counts
//! across the process, are numbered again per document
//! ([`Additions::change_ids`]); a `w:rPrChange` (which docx-rs
//! lacks) is one more optional field of [`RunExtension`], and the order of
//! `schema.rs` puts it last in `w:rPr` (and a paragraph mark's `w:ins` or
//! `w:del` first). Endnotes, which docx-rs lacks, are a part of their own,
//! written with [`Xml`] from typed values; a run holding the
//! `w:endnoteReference` is one more kind of run content, and the part's
//! relationship and content type are added to docx-rs's, event by event,
//! as the hyperlinks' relationships are (`package.rs`).

mod extension;
mod schema;
mod writer;

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

pub(super) use extension::{NoteRun, Restyled, RunExtension, RunExtensions, run_count};
use schema::order_of;
pub(super) use writer::{Xml, docx_rs_spelling, escaped};

use crate::export::ExportError;

fn internal(message: impl Into<String>) -> ExportError {
    ExportError {
        format: "DOCX",
        message: message.into(),
    }
}

/// What a part gets besides the repairs every part gets.
#[derive(Default)]
pub(super) struct Additions<'a> {
    /// Run properties docx-rs cannot write; each is used once.
    pub runs: Option<&'a mut RunExtensions>,
    /// Tables run right to left (`w:bidiVisual`).
    pub tables_rtl: bool,
    /// The first row is a repeating header row (`w:tblHeader`).
    pub header_row: bool,
    /// The alternative text of each picture, in order; the `n`th (from 1)
    /// gets `n` as its id.
    pub pictures: &'a [String],
    /// Written (and repaired) just before the end tag of the element named.
    pub before_end: Option<(&'a str, &'a [u8])>,
    /// The id the next tracked change (`w:ins`, `w:del`) gets, counted on:
    /// docx-rs numbers them with a counter of the process.
    pub change_ids: Option<&'a mut u32>,
    /// The section numbers its endnotes 1, 2, 3 (`w:endnotePr`), where
    /// LibreOffice reads it; the settings say it to Word.
    pub decimal_endnotes: bool,
}

/// Whether `e` starts a tracked change.
fn is_change(e: &BytesStart<'_>) -> bool {
    matches!(e.name().as_ref(), "w:ins" | "w:del" | "w:rPrChange")
}

/// A repairing writer: events in, the repaired part out.
pub(super) struct Repair<'a> {
    out: Writer<Vec<u8>>,
    add: Additions<'a>,
    /// The container being collected (see [`order_of`]) and its depth.
    collecting: Vec<Event<'static>>,
    depth: usize,
    /// The current paragraph's run extensions, and its runs so far.
    paragraph_runs: Vec<(usize, RunExtension)>,
    run_index: usize,
    /// Just after a `w:r` start: the run's extension, if any, and that its
    /// properties may come next.
    after_run_start: Option<Option<RunExtension>>,
    header_row_pending: bool,
    /// How many pictures have been described.
    pictures_done: usize,
    /// The endnote number the current run holds, written before its end.
    run_note: Option<NoteRun>,
}

impl<'a> Repair<'a> {
    pub fn new(add: Additions<'a>) -> Self {
        let header_row_pending = add.header_row;
        Repair {
            out: Writer::new(Vec::new()),
            add,
            collecting: Vec::new(),
            depth: 0,
            paragraph_runs: Vec::new(),
            run_index: 0,
            after_run_start: None,
            header_row_pending,
            pictures_done: 0,
            run_note: None,
        }
    }

    fn write(&mut self, event: Event<'_>) -> Result<(), ExportError> {
        let event = match event {
            Event::Start(e) if is_change(&e) => Event::Start(self.renumbered(&e)),
            Event::Empty(e) if is_change(&e) => Event::Empty(self.renumbered(&e)),
            other => other,
        };
        self.out
            .write_event(event)
            .map_err(|e| internal(format!("cannot write XML: {e}")))
    }

    /// Writes `bytes`, a part's repaired XML, as they are.
    pub fn write_repaired(&mut self, bytes: &[u8]) {
        self.out.get_mut().extend_from_slice(bytes);
    }

    /// A tracked change's start tag with the next id of the document.
    fn renumbered(&mut self, e: &BytesStart<'_>) -> BytesStart<'static> {
        let Some(next) = self.add.change_ids.as_deref_mut() else {
            return e.clone().into_owned();
        };
        let id = next.to_string();
        *next += 1;
        let mut out = BytesStart::new(e.name().as_ref().to_string());
        for a in e.attributes().flatten() {
            if a.key.as_ref() == "w:id" {
                out.push_attribute(("w:id", id.as_str()));
            } else {
                out.push_attribute(a);
            }
        }
        out
    }

    /// Takes one event of what docx-rs wrote.
    pub fn event(&mut self, event: Event<'_>) -> Result<(), ExportError> {
        if !self.collecting.is_empty() {
            match &event {
                Event::Start(_) => self.depth += 1,
                Event::End(_) => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
            self.collecting.push(event.into_owned());
            if self.depth == 0 {
                let collected = std::mem::take(&mut self.collecting);
                let run = self.after_run_start.take().flatten();
                for e in self.arrange(collected, run)? {
                    self.write(e)?;
                }
            }
            return Ok(());
        }
        // What a run holds first: its properties, empty or not.
        if let Some(run) = self.after_run_start.take() {
            match &event {
                Event::Empty(e) if e.name().as_ref() == "w:rPr" => {
                    if let Some(run) = run {
                        let open = BytesStart::new("w:rPr");
                        let events = vec![Event::Start(open), Event::End(BytesEnd::new("w:rPr"))];
                        for e in self.arrange(events, Some(run))? {
                            self.write(e)?;
                        }
                    }
                    return Ok(());
                }
                Event::Start(e) if e.name().as_ref() == "w:rPr" => {
                    self.after_run_start = Some(run);
                }
                _ => {
                    if let Some(run) = run {
                        let open = BytesStart::new("w:rPr");
                        let events = vec![Event::Start(open), Event::End(BytesEnd::new("w:rPr"))];
                        for e in self.arrange(events, Some(run))? {
                            self.write(e)?;
                        }
                    }
                }
            }
        }
        match event {
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                if name == "w:p" {
                    self.start_paragraph(&e)?;
                } else if name == "w:r" {
                    let index = self.run_index;
                    self.run_index += 1;
                    let at = self.paragraph_runs.iter().position(|(i, _)| *i == index);
                    let mut run = at.map(|at| self.paragraph_runs.swap_remove(at).1);
                    self.run_note = run.as_mut().and_then(|r| r.note.take());
                    let run = run.filter(|r| !r.is_empty());
                    self.write(Event::Start(e))?;
                    self.after_run_start = Some(run);
                    return Ok(());
                } else if order_of(name).is_some() {
                    self.depth = 1;
                    self.collecting.push(Event::Start(e.into_owned()));
                    return Ok(());
                }
                self.write(Event::Start(e))
            }
            Event::End(e) => {
                if let Some((name, inserted)) = self.add.before_end
                    && e.name().as_ref() == name
                {
                    self.add.before_end = None;
                    self.feed(inserted)?;
                }
                if e.name().as_ref() == "w:p" && !self.paragraph_runs.is_empty() {
                    return Err(internal("a run property for a run not written"));
                }
                if e.name().as_ref() == "w:r"
                    && let Some(note) = self.run_note.take()
                {
                    self.write(Event::Empty(note.element()))?;
                }
                self.write(Event::End(e))
            }
            Event::Empty(e) => match e.name().as_ref() {
                "w:gridCol" => {
                    let mut col = BytesStart::new("w:gridCol");
                    for a in e.attributes().flatten() {
                        if a.key.as_ref() != "w:type" {
                            col.push_attribute(a);
                        }
                    }
                    self.write(Event::Empty(docx_rs_spelling(col)))
                }
                "wp:docPr" => self.describe_picture(),
                "w:p" => {
                    self.start_paragraph(&e)?;
                    self.write(Event::Empty(e))
                }
                _ => self.write(Event::Empty(e)),
            },
            other => self.write(other),
        }
    }

    fn start_paragraph(&mut self, e: &BytesStart<'_>) -> Result<(), ExportError> {
        if !self.paragraph_runs.is_empty() {
            return Err(internal("a run property for a run not written"));
        }
        self.run_index = 0;
        let id = e
            .try_get_attribute("w14:paraId")
            .ok()
            .flatten()
            .map(|a| a.value.into_owned());
        if let (Some(id), Some(runs)) = (id, self.add.runs.as_deref_mut()) {
            self.paragraph_runs = runs.take(&id);
        }
        Ok(())
    }

    /// The next picture's id, name and alternative text.
    fn describe_picture(&mut self) -> Result<(), ExportError> {
        let (alt, rest) = self
            .add
            .pictures
            .split_first()
            .ok_or_else(|| internal("more pictures written than built"))?;
        self.add.pictures = rest;
        self.pictures_done += 1;
        let n = self.pictures_done.to_string();
        let alt = super::text::escape(alt);
        let mut e = BytesStart::new("wp:docPr");
        e.push_attribute(("id", n.as_str()));
        e.push_attribute(("name", format!("Logo {n}").as_str()));
        e.push_attribute(escaped("descr", &alt));
        e.push_attribute(escaped("title", &alt));
        self.write(Event::Empty(docx_rs_spelling(e)))
    }

    /// A collected container (its start, children and end) in order, with
    /// what it gets added.
    fn arrange(
        &mut self,
        events: Vec<Event<'static>>,
        run: Option<RunExtension>,
    ) -> Result<Vec<Event<'static>>, ExportError> {
        let (Some(Event::Start(open)), Some(Event::End(_))) = (events.first(), events.last())
        else {
            return Ok(events);
        };
        let name = open.name().as_ref().to_string();
        let order = order_of(&name).unwrap_or(&[]);
        let mut children: Vec<Vec<Event<'static>>> = Vec::new();
        let mut depth = 0usize;
        for e in &events[1..events.len() - 1] {
            if depth == 0 {
                children.push(Vec::new());
            }
            match e {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            if let Some(last) = children.last_mut() {
                last.push(e.clone());
            }
        }
        match name.as_str() {
            "w:pPr" => {
                if let Some([Event::Empty(e)]) = children.first().map(Vec::as_slice)
                    && e.name().as_ref() == "w:rPr"
                {
                    children.remove(0);
                }
                for child in &mut children {
                    if matches!(child.first(), Some(Event::Start(e)) if e.name().as_ref() == "w:rPr")
                    {
                        *child = self.arrange(std::mem::take(child), None)?;
                    }
                }
            }
            "w:rPr" => children.extend(run.unwrap_or_default().children()),
            "w:sectPr" if self.add.decimal_endnotes => {
                let mut format = BytesStart::new("w:numFmt");
                format.push_attribute(("w:val", "decimal"));
                children.push(vec![
                    Event::Start(BytesStart::new("w:endnotePr")),
                    Event::Empty(format),
                    Event::End(BytesEnd::new("w:endnotePr")),
                ]);
            }
            "w:tblPr" if self.add.tables_rtl => {
                children.push(vec![Event::Empty(BytesStart::new("w:bidiVisual"))]);
            }
            "w:trPr" if std::mem::take(&mut self.header_row_pending) => {
                let header = docx_rs_spelling(BytesStart::new("w:tblHeader"));
                children.insert(0, vec![Event::Empty(header)]);
            }
            _ => {}
        }
        let rank = |child: &Vec<Event<'static>>| {
            let local = match child.first() {
                Some(Event::Start(e) | Event::Empty(e)) => e.local_name().as_ref().to_string(),
                _ => String::new(),
            };
            order
                .iter()
                .position(|n| *n == local)
                .unwrap_or(order.len())
        };
        children.sort_by_key(rank);
        if name == "w:trPr" {
            // A row's properties may come in any order, but for its
            // tracked insertion or deletion, which comes last (docx-rs
            // writes it first).
            children.sort_by_key(|child| {
                matches!(child.first(), Some(Event::Start(e) | Event::Empty(e))
                    if matches!(e.local_name().as_ref(), "ins" | "del" | "trPrChange"))
            });
        }
        let mut out = Vec::with_capacity(events.len() + 2);
        out.push(events[0].clone());
        out.extend(children.into_iter().flatten());
        out.push(events[events.len() - 1].clone());
        Ok(out)
    }

    /// Reads `xml`, as docx-rs wrote it, event by event.
    pub fn feed(&mut self, xml: &[u8]) -> Result<(), ExportError> {
        let mut reader = Reader::from_reader(xml);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => return Ok(()),
                Ok(event) => self.event(event)?,
                Err(e) => return Err(internal(format!("docx-rs wrote XML not read back: {e}"))),
            }
        }
    }

    /// The repaired part; an error if something to add found no place.
    pub fn finish(self) -> Result<Vec<u8>, ExportError> {
        if !self.collecting.is_empty() {
            return Err(internal("an element is not closed"));
        }
        if !self.add.pictures.is_empty() {
            return Err(internal("fewer pictures written than built"));
        }
        if self.add.before_end.is_some() || self.header_row_pending {
            return Err(internal("a table or part without its end"));
        }
        if !self.paragraph_runs.is_empty() {
            return Err(internal("a run property for a run not written"));
        }
        Ok(self.out.into_inner())
    }
}

/// `xml` (as docx-rs wrote it) repaired, with `add`.
pub(super) fn repair(xml: &[u8], add: Additions<'_>) -> Result<Vec<u8>, ExportError> {
    let mut r = Repair::new(add);
    r.feed(xml)?;
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::*;

    fn string(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    fn at(xml: &str, tag: &str) -> usize {
        xml.find(tag).unwrap_or_else(|| panic!("{tag}: {xml}"))
    }

    /// A tracked row's insertion comes after the row's other properties,
    /// and tracked changes are numbered by the document, from its counter.
    #[test]
    fn tracked_changes_are_numbered_per_document_and_a_tracked_row_last() {
        let row = TableRow::new(vec![TableCell::new().add_paragraph(
            Paragraph::new().add_insert(Insert::new(Run::new().add_text("new")).author("A")),
        )])
        .cant_split()
        .insert(Insert::new_with_empty().author("A"));
        let mut next = 7;
        let add = Additions {
            change_ids: Some(&mut next),
            ..Additions::default()
        };
        let xml = string(&repair(&row.build(), add).unwrap());
        assert!(at(&xml, "<w:cantSplit") < at(&xml, "<w:ins"), "{xml}");
        assert!(xml.contains(r#"<w:ins w:id="7""#), "{xml}");
        assert!(xml.contains(r#"<w:ins w:id="8""#), "{xml}");
        assert_eq!(next, 9);
    }

    /// `xml` with every `element` given the attribute `key="value"` (as a
    /// later docx-rs, or another writer, might write it), and every empty
    /// element spelled without the space docx-rs puts before `/>`.
    fn respelled(xml: &[u8], element: &str, key: &str, value: &str) -> Vec<u8> {
        let mut reader = Reader::from_reader(xml);
        let mut out = Writer::new(Vec::new());
        let plain = |e: &BytesStart<'_>| {
            let mut plain = BytesStart::new(e.name().as_ref().to_string());
            plain.extend_attributes(e.attributes().flatten());
            if e.name().as_ref() == element {
                plain.push_attribute((key, value));
            }
            plain
        };
        loop {
            let event = match reader.read_event().unwrap() {
                Event::Eof => return out.into_inner(),
                Event::Start(e) => Event::Start(plain(&e)),
                Event::Empty(e) => Event::Empty(plain(&e)),
                other => other.into_owned(),
            };
            out.write_event(event).unwrap();
        }
    }

    /// A document as docx-rs writes it: a table with cell margins and a
    /// fixed layout, a header and a footer, a paragraph with properties
    /// docx-rs writes out of order.
    fn written() -> Vec<u8> {
        let cell =
            TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("c")));
        let table = Table::new(vec![TableRow::new(vec![cell]).cant_split()])
            .set_grid(vec![100])
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(80, 80, 80, 80));
        let run = Run::new()
            .add_text("a")
            .size(24)
            .bold()
            .style("Hyperlink")
            .fonts(RunFonts::new().ascii("Arial"));
        let mut p = Paragraph::new()
            .add_run(run)
            .keep_next(true)
            .line_spacing(LineSpacing::new().after(10))
            .style("Heading1");
        p.property = p.property.bidi(true);
        let text = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
        Docx::new()
            .header(Header::new().add_paragraph(text("h")))
            .footer(Footer::new().add_paragraph(text("f")))
            .add_table(table)
            .add_paragraph(p)
            .build()
            .document
    }

    /// What every part gets: properties, table and section in schema
    /// order, no empty `w:rPr` first, no `w:type` on a grid column.
    fn assert_repaired(after: &str) {
        assert!(
            at(after, "<w:tblLayout ") < at(after, "<w:tblCellMar"),
            "{after}"
        );
        let grid = &after[at(after, "<w:gridCol ")..];
        assert!(!grid[..at(grid, ">")].contains("w:type"), "{after}");
        assert!(
            at(after, "<w:headerReference ") < at(after, "<w:pgSz "),
            "{after}"
        );
        assert!(!after.contains("<w:pPr><w:rPr") && !after.contains("<w:r><w:rPr />"));
        assert!(!after.contains("<w:r><w:rPr/>"), "{after}");
        let order = [
            "<w:pStyle ",
            "<w:keepNext",
            "<w:bidi",
            "<w:spacing ",
            "<w:rStyle ",
            "<w:rFonts ",
            "<w:b ",
            "<w:bCs ",
            "<w:sz ",
            "<w:szCs ",
        ];
        let heading = &after[at(after, "<w:pStyle w:val=\"Heading1\"")..];
        let heading = heading
            .replace("<w:b/>", "<w:b />")
            .replace("<w:bCs/>", "<w:bCs />");
        let positions: Vec<usize> = order.iter().map(|t| at(&heading, t)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{after}");
    }

    #[test]
    fn docx_rs_departs_from_the_schema_and_its_output_is_repaired() {
        let before = string(&written());
        assert!(before.contains("</w:tblCellMar><w:tblLayout "), "{before}");
        assert!(before.contains(" w:type=\"dxa\""));
        assert!(at(&before, "<w:headerReference ") > at(&before, "<w:pgSz "));
        assert!(before.contains("<w:pPr><w:rPr />") && before.contains("<w:r><w:rPr />"));
        assert!(at(&before, "<w:sz ") < at(&before, "<w:rStyle "));
        assert!(at(&before, "<w:spacing ") < at(&before, "<w:keepNext"));

        let after = string(&repair(&written(), Additions::default()).unwrap());
        assert_repaired(&after);
        // Nothing else changes: every element docx-rs wrote, in its spelling.
        let elements = |xml: &str| {
            let mut names: Vec<String> = xml
                .split('<')
                .skip(1)
                .map(|e| e.split('>').next().unwrap_or_default().to_string())
                .filter(|e| !e.starts_with("w:rPr") && !e.starts_with("/w:rPr"))
                .map(|e| e.replace(" w:type=\"dxa\"", ""))
                .collect();
            names.sort();
            names
        };
        assert_eq!(elements(&before), elements(&after));
    }

    /// docx-rs may one day write attributes it does not write today, or
    /// spell an empty element without its space: the same repairs hold.
    #[test]
    fn attributes_and_spellings_docx_rs_does_not_write_today_are_repaired_alike() {
        for (element, key, value) in [
            ("w:sectPr", "w:rsidR", "00A1B2C3"),
            ("w:tblPr", "w:x", "1"),
            ("w:pPr", "w:rsidR", "00A1B2C3"),
            ("w:rPr", "w:x", "1"),
            ("w:tblCellMar", "w:x", "1"),
            ("w:p", "w:tooltip", "a > b & \"c\" </w:p>"),
            ("w:r", "w:x", "<w:rPr />"),
        ] {
            let xml = respelled(&written(), element, key, value);
            let additions = Additions {
                tables_rtl: true,
                header_row: true,
                ..Additions::default()
            };
            let after = string(&repair(&xml, additions).unwrap());
            assert_repaired(&after);
            assert!(after.contains("<w:bidiVisual/>"), "{element}: {after}");
            assert!(
                at(&after, "<w:bidiVisual/>") < at(&after, "<w:tblW "),
                "{after}"
            );
            assert!(after.contains("<w:tblHeader />"), "{element}: {after}");
        }
    }

    #[test]
    fn docx_rs_has_no_run_direction_nor_language_and_they_go_to_their_runs() {
        let mut p = Paragraph::new().id("0000000A");
        let mut extensions = RunExtensions::default();
        p = p.add_run(Run::new().add_text("plain"));
        extensions.add(
            &p.id,
            run_count(&p),
            RunExtension {
                rtl: true,
                lang: Some("ar-EG".into()),
                ..RunExtension::default()
            },
        );
        p = p.add_run(Run::new().add_text("السويد").bold());
        let link = Hyperlink::new("https://a.org", HyperlinkType::External)
            .add_run(Run::new().add_text("link"));
        p = p.add_hyperlink(link);
        extensions.add(
            &p.id,
            run_count(&p),
            RunExtension {
                rtl: true,
                lang: None,
                ..RunExtension::default()
            },
        );
        p = p.add_run(Run::new().add_text("last"));
        // An empty extension says nothing and is not kept.
        extensions.add(&p.id, 0, RunExtension::default());
        let before = string(&p.build());
        assert!(!before.contains("<w:rtl") && !before.contains("<w:lang"));

        let additions = Additions {
            runs: Some(&mut extensions),
            ..Additions::default()
        };
        let after = string(&repair(before.as_bytes(), additions).unwrap());
        assert!(extensions.is_empty());
        assert!(
            after.contains(
                "<w:r><w:rPr><w:b /><w:bCs /><w:rtl/>\
             <w:lang w:val=\"ar-EG\" w:eastAsia=\"ar-EG\" w:bidi=\"ar-EG\"/></w:rPr>\
             <w:t xml:space=\"preserve\">السويد</w:t>"
            ),
            "{after}"
        );
        assert!(
            after.contains("<w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space=\"preserve\">last</w:t>"),
            "{after}"
        );
        assert!(
            after.contains("<w:r><w:t xml:space=\"preserve\">plain</w:t>"),
            "{after}"
        );
        assert_eq!(after.matches("<w:rtl/>").count(), 2);

        // An extension for a run the paragraph does not have is an error.
        let mut extensions = RunExtensions::default();
        extensions.add(
            &p.id,
            9,
            RunExtension {
                rtl: true,
                lang: None,
                ..RunExtension::default()
            },
        );
        let additions = Additions {
            runs: Some(&mut extensions),
            ..Additions::default()
        };
        assert!(repair(before.as_bytes(), additions).is_err());
    }

    /// A tracked insertion's runs are counted as docx-rs writes them, so
    /// that a run inside one gets its properties too.
    #[test]
    fn runs_of_a_tracked_insertion_get_their_properties() {
        let mut p = Paragraph::new().id("0000000B");
        let mut extensions = RunExtensions::default();
        p = p.add_run(Run::new().add_text("before"));
        p = p.add_insert(
            Insert::new(Run::new().add_text("one"))
                .add_run(Run::new().add_text("two"))
                .author("a")
                .date("2024-01-01T00:00:00Z"),
        );
        extensions.add(
            &p.id,
            run_count(&p),
            RunExtension {
                rtl: false,
                lang: Some("fr-FR".into()),
                ..RunExtension::default()
            },
        );
        p = p.add_run(Run::new().add_text("after"));
        assert_eq!(run_count(&p), 4);
        let additions = Additions {
            runs: Some(&mut extensions),
            ..Additions::default()
        };
        let after = string(&repair(&p.build(), additions).unwrap());
        assert!(after.contains("<w:ins "), "{after}");
        assert!(after.contains(
            "<w:r><w:rPr><w:lang w:val=\"fr-FR\" w:eastAsia=\"fr-FR\" w:bidi=\"fr-FR\"/></w:rPr>\
             <w:t xml:space=\"preserve\">after</w:t>"
        ), "{after}");
    }

    #[test]
    fn rows_go_into_their_table_and_instances_last_in_the_numbering() {
        let shell = Table::new(Vec::new()).set_grid(vec![100]).build();
        let row = |t: &str| {
            let cell =
                TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)));
            TableRow::new(vec![cell]).cant_split().build()
        };
        let rows = [row("1"), row("2")].concat();
        let additions = Additions {
            header_row: true,
            before_end: Some(("w:tbl", &rows)),
            ..Additions::default()
        };
        let table = string(&repair(&shell, additions).unwrap());
        assert!(at(&table, "</w:tblGrid>") < at(&table, "<w:tr>"), "{table}");
        assert!(at(&table, ">2<") < at(&table, "</w:tbl>"));
        assert_eq!(table.matches("<w:tblHeader />").count(), 1);
        assert!(
            table.contains("<w:trPr><w:tblHeader /><w:cantSplit />"),
            "{table}"
        );
        // A table that never ends, or has no row to mark, is an error.
        let additions = Additions {
            before_end: Some(("w:tbl", &rows)),
            ..Additions::default()
        };
        assert!(repair(&shell[..shell.len() - 8], additions).is_err());
        let additions = Additions {
            header_row: true,
            ..Additions::default()
        };
        assert!(repair(&shell, additions).is_err());

        let numbering = Docx::new()
            .add_abstract_numbering(AbstractNumbering::new(2))
            .add_numbering(Numbering::new(1, 2))
            .build()
            .numberings;
        let instance = Numbering::new(11, 2)
            .add_override(LevelOverride::new(0).start(3))
            .build();
        let additions = Additions {
            before_end: Some(("w:numbering", &instance)),
            ..Additions::default()
        };
        let after = string(&repair(&numbering, additions).unwrap());
        assert!(
            at(&after, "w:numId=\"1\"") < at(&after, "w:numId=\"11\""),
            "{after}"
        );
        assert!(at(&after, "w:numId=\"11\"") < at(&after, "</w:numbering>"));
    }
}
