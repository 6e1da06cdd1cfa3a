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
}

impl RunExtension {
    pub fn is_empty(&self) -> bool {
        !self.rtl && self.lang.is_none()
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
