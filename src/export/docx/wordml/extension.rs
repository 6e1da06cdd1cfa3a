//! The run properties docx-rs 0.4 has no API for, and which run of which
//! paragraph each belongs to.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

/// The run properties docx-rs 0.4 has no API for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RunExtension {
    /// `w:rtl`: the run is right-to-left text.
    pub rtl: bool,
    /// `w:lang` (as `w:val`, `w:eastAsia` and `w:bidi`): the run's
    /// language, when it is not the document's.
    pub lang: Option<String>,
    /// `w:rPrChange`: the run was styled otherwise before a tracked change.
    pub restyled: Option<Restyled>,
    /// The run holds an endnote's number, which Word draws: not
    /// properties but the run's content, written before its end.
    pub note: Option<NoteRun>,
}

/// What a run holding an endnote's number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoteRun {
    /// `w:endnoteReference`: the reference in the text to endnote `id`.
    Reference(u32),
    /// `w:endnoteRef`: the note's own number, first in its text.
    Mark,
}

impl NoteRun {
    /// Its element.
    pub(super) fn element(self) -> BytesStart<'static> {
        match self {
            NoteRun::Reference(id) => {
                let mut e = BytesStart::new("w:endnoteReference");
                e.push_attribute(("w:id", id.to_string().as_str()));
                e
            }
            NoteRun::Mark => BytesStart::new("w:endnoteRef"),
        }
    }
}

/// How a run was styled before a tracked change of its styling alone, by
/// whom and when (ISO 8601).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Restyled {
    pub bold: bool,
    pub italic: bool,
    pub author: String,
    pub date: String,
}

impl RunExtension {
    pub fn is_empty(&self) -> bool {
        !self.rtl && self.lang.is_none() && self.restyled.is_none() && self.note.is_none()
    }

    /// Its elements, in the order of CT_RPr.
    pub(super) fn children(&self) -> Vec<Vec<Event<'static>>> {
        let mut out = Vec::new();
        if self.rtl {
            out.push(vec![Event::Empty(BytesStart::new("w:rtl"))]);
        }
        if let Some(lang) = &self.lang {
            let mut e = BytesStart::new("w:lang");
            for key in ["w:val", "w:eastAsia", "w:bidi"] {
                e.push_attribute((key, lang.as_str()));
            }
            out.push(vec![Event::Empty(e)]);
        }
        if let Some(r) = &self.restyled {
            // Its id is the document's to give (`Additions::change_ids`).
            let mut change = BytesStart::new("w:rPrChange");
            change.push_attribute(("w:id", "0"));
            change.push_attribute(("w:author", r.author.as_str()));
            change.push_attribute(("w:date", r.date.as_str()));
            let mut events = vec![Event::Start(change), Event::Start(BytesStart::new("w:rPr"))];
            // Complex-script text's too, as docx-rs sets both.
            let looks = [(r.bold, ["w:b", "w:bCs"]), (r.italic, ["w:i", "w:iCs"])];
            for name in looks.iter().filter(|l| l.0).flat_map(|l| l.1) {
                events.push(Event::Empty(BytesStart::new(name)));
            }
            events.push(Event::End(quick_xml::events::BytesEnd::new("w:rPr")));
            events.push(Event::End(quick_xml::events::BytesEnd::new("w:rPrChange")));
            out.push(events);
        }
        out
    }
}

/// Run properties docx-rs cannot write, by the paragraph they are in (its
/// `w14:paraId`, unique in a document) and the run's place among that
/// paragraph's runs (from 0, in the order docx-rs writes them).
#[derive(Debug, Default)]
pub(crate) struct RunExtensions(HashMap<String, Vec<(usize, RunExtension)>>);

impl RunExtensions {
    pub fn add(&mut self, paragraph: &str, run: usize, extension: RunExtension) {
        if !extension.is_empty() {
            self.0
                .entry(paragraph.to_string())
                .or_default()
                .push((run, extension));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The extensions of the runs of `paragraph`, taken out.
    pub(super) fn take(&mut self, paragraph: &str) -> Vec<(usize, RunExtension)> {
        self.0.remove(paragraph).unwrap_or_default()
    }
}

/// How many `w:r` docx-rs writes for `p`'s children so far: one per run,
/// page number and page count field; a hyperlink's, inserted or deleted
/// text's runs each.
pub(crate) fn run_count(p: &docx_rs::Paragraph) -> usize {
    runs_in(&p.children)
}

fn runs_in(children: &[docx_rs::ParagraphChild]) -> usize {
    use docx_rs::{DeleteChild, InsertChild, ParagraphChild};
    children
        .iter()
        .map(|c| match c {
            ParagraphChild::Run(_) | ParagraphChild::PageNum(_) | ParagraphChild::NumPages(_) => 1,
            ParagraphChild::Hyperlink(h) => runs_in(&h.children),
            ParagraphChild::Insert(i) => i
                .children
                .iter()
                .filter(|c| matches!(c, InsertChild::Run(_)))
                .count(),
            ParagraphChild::Delete(d) => d
                .children
                .iter()
                .filter(|c| matches!(c, DeleteChild::Run(_)))
                .count(),
            _ => 0,
        })
        .sum()
}
