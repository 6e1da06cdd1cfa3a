//! Text as runs: a run per direction, with its language when not the
//! document's; spans of inline content, with their hyperlinks; the page label.

use docx_rs::{
    BreakType, Hyperlink, HyperlinkData, HyperlinkType, NumPages, PageNum, Paragraph, Run,
};

use super::super::text::{clean, word_language};
use super::super::wordml::{NoteRun, RunExtension, run_count};
use super::Writer;
use crate::doc::quotes::{closes_quote, is_quote_space, opens_quote};
use crate::doc::{Direction, Inline, LabelPart, LanguageTag, PageLabel, is_rtl_char};

impl Writer<'_> {
    /// Adds `text` (already clean) to `p` as runs, one per direction: a
    /// run of right-to-left text gets `w:rtl`, and one in `lang`, when that
    /// is not the document's language, its own `w:lang`.
    pub(super) fn text_runs(
        &mut self,
        p: Paragraph,
        text: &str,
        bold: bool,
        italic: bool,
        lang: Option<&LanguageTag>,
    ) -> Paragraph {
        if text.is_empty() {
            return p;
        }
        let runs = self.runs(text, bold, italic, lang);
        self.add_runs(p, runs)
    }

    /// Adds `runs` to `p`, each with the properties docx-rs cannot write.
    pub(super) fn add_runs(
        &mut self,
        mut p: Paragraph,
        runs: Vec<(Run, RunExtension)>,
    ) -> Paragraph {
        for (run, extension) in runs {
            self.run_extensions.add(&p.id, run_count(&p), extension);
            p = p.add_run(run);
        }
        p
    }

    pub(super) fn runs(
        &mut self,
        text: &str,
        bold: bool,
        italic: bool,
        lang: Option<&LanguageTag>,
    ) -> Vec<(Run, RunExtension)> {
        let apart = self.set_apart(lang);
        self.runs_in(text, bold, italic, lang, apart)
    }

    /// The runs of `text`, set apart in the direction `apart` when given.
    pub(super) fn runs_in(
        &mut self,
        text: &str,
        bold: bool,
        italic: bool,
        lang: Option<&LanguageTag>,
        apart: Option<Direction>,
    ) -> Vec<(Run, RunExtension)> {
        let (bold, italic) = self.style.emphasis(&self.lang, bold, italic);
        let pieces: Vec<(String, bool)> = match apart {
            // Text in the other direction is one run in its own direction,
            // between marks of that direction: Word and LibreOffice then
            // keep its punctuation and quotation marks at its own ends.
            Some(dir) => {
                let mark = if dir.is_rtl() { '\u{200F}' } else { '\u{200E}' };
                vec![(format!("{mark}{text}{mark}"), dir.is_rtl())]
            }
            None => direction_segments(text)
                .into_iter()
                .map(|(piece, rtl)| (piece.to_string(), rtl))
                .collect(),
        };
        let lang = lang
            .map(word_language)
            .filter(|l| !l.is_empty() && *l != self.language);
        pieces
            .into_iter()
            .map(|(piece, rtl)| {
                let extension = RunExtension {
                    rtl,
                    lang: lang.clone(),
                    restyled: None,
                    note: None,
                };
                (text_run(&piece, bold, italic), extension)
            })
            .collect()
    }

    /// The direction of text in `lang` when it is not the document's: such
    /// text is set apart from the paragraph.
    pub(super) fn set_apart(&self, lang: Option<&LanguageTag>) -> Option<Direction> {
        lang.filter(|l| **l != self.lang)
            .map(LanguageTag::direction)
            .filter(|d| d.is_rtl() != self.rtl)
    }

    /// The page label with its numbers as PAGE and NUMPAGES fields.
    pub(super) fn page_label(&mut self, mut p: Paragraph, label: &PageLabel) -> Paragraph {
        for part in label.parts() {
            p = match part {
                LabelPart::Text(t) => self.text_runs(p, &clean(t), false, false, None),
                LabelPart::Page => p.add_page_num(PageNum::new()),
                LabelPart::Pages => p.add_num_pages(NumPages::new()),
            };
        }
        p
    }

    /// Adds to `p` a run holding an endnote's number, in the endnote
    /// reference style (superscript).
    pub(super) fn note_run(&mut self, p: Paragraph, note: NoteRun) -> Paragraph {
        let extension = RunExtension {
            note: Some(note),
            ..RunExtension::default()
        };
        self.add_runs(p, vec![(Run::new().style("EndnoteReference"), extension)])
    }

    /// Adds styled runs to `p`. Consecutive spans with the same link target
    /// become one hyperlink.
    pub(super) fn inlines(&mut self, mut p: Paragraph, content: &[Inline]) -> Paragraph {
        let content = &quotes_inside(content, |i| self.set_apart(i.lang.as_ref()).is_some());
        let mut i = 0;
        while i < content.len() {
            let span = &content[i];
            if let Some(number) = span.note {
                // A note is referred to once (Word numbers a reference
                // and its note together); a reference to it again is its
                // number, raised as a reference is.
                if self.notes_referred.insert(number) {
                    p = self.note_run(p, NoteRun::Reference(number));
                } else {
                    let run = Run::new()
                        .add_text(number.to_string())
                        .style("EndnoteReference");
                    p = self.add_runs(p, vec![(run, RunExtension::default())]);
                }
                i += 1;
                continue;
            }
            match &span.link {
                None => {
                    let lang = span.lang.as_ref();
                    p = self.text_runs(p, &clean(&span.text), span.bold, span.italic, lang);
                    i += 1;
                }
                Some(target) => {
                    let mut j = i;
                    let mut runs = Vec::new();
                    while j < content.len() && content[j].link.as_ref() == Some(target) {
                        let s = &content[j];
                        let text = clean(&s.text);
                        for run in self.runs(&text, s.bold, s.italic, s.lang.as_ref()) {
                            runs.push((run.0.style("Hyperlink"), run.1));
                        }
                        j += 1;
                    }
                    let mut link = Hyperlink::new(target.as_str(), HyperlinkType::External);
                    // Our id in place of docx-rs's from its process-wide counter.
                    link.link = HyperlinkData::External {
                        rid: self.relationships.link(target.as_str()),
                        path: target.to_string(),
                    };
                    let first = run_count(&p);
                    for (k, (run, extension)) in runs.into_iter().enumerate() {
                        self.run_extensions.add(&p.id, first + k, extension);
                        link = link.add_run(run);
                    }
                    p = p.add_hyperlink(link);
                    i = j;
                }
            }
        }
        p
    }
}

/// `content` with the quotation marks around each span that `apart`
/// sets apart moved into it (with the spaces inside them), so that they
/// read in the quote's direction, as the PDF's layout sets them.
fn quotes_inside(content: &[Inline], apart: impl Fn(&Inline) -> bool) -> Vec<Inline> {
    let mut out = content.to_vec();
    for i in 0..out.len() {
        if !apart(&out[i]) {
            continue;
        }
        if i > 0 && !apart(&out[i - 1]) {
            let before = &out[i - 1].text;
            let kept = before.trim_end_matches(is_quote_space);
            if kept.ends_with(opens_quote) {
                let at = kept.len() - kept.chars().next_back().map_or(0, char::len_utf8);
                let moved = before[at..].to_string();
                out[i - 1].text.truncate(at);
                out[i].text.insert_str(0, &moved);
            }
        }
        if i + 1 < out.len() && !apart(&out[i + 1]) {
            let after = &out[i + 1].text;
            let rest = after.trim_start_matches(is_quote_space);
            if rest.starts_with(closes_quote) {
                let at = after.len() - rest.len() + rest.chars().next().map_or(0, char::len_utf8);
                let moved = after[..at].to_string();
                out[i + 1].text.drain(..at);
                out[i].text.push_str(&moved);
            }
        }
    }
    out
}

/// One run; tabs become `w:tab` and line breaks `w:br`, and a range of
/// numbers ("2024–2026") gets a zero-width joiner after its en dash, which
/// Word (its "no-width non break") and LibreOffice do not break after, as
/// the PDF does not. `text` is already clean.
fn text_run(text: &str, bold: bool, italic: bool) -> Run {
    let mut run = Run::new();
    if bold {
        run = run.bold();
    }
    if italic {
        run = run.italic();
    }
    let mut piece = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' | '\r' => {
                if !piece.is_empty() {
                    run = run.add_text(std::mem::take(&mut piece));
                }
                if c == '\t' {
                    run = run.add_tab();
                } else {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    run = run.add_break(BreakType::TextWrapping);
                }
            }
            '–' if piece.chars().next_back().is_some_and(char::is_numeric)
                && chars.peek().is_some_and(|n| n.is_numeric()) =>
            {
                piece.push_str("–\u{200D}");
            }
            _ => piece.push(c),
        }
    }
    if !piece.is_empty() {
        run = run.add_text(piece);
    }
    run
}

/// `text` cut where its direction changes, each piece with whether it is
/// right to left: a piece runs from one strongly directional letter to the
/// next of the other direction; spaces, digits and punctuation stay with
/// the piece before them (at the start, with the first letter's).
fn direction_segments(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let strong = if is_rtl_char(c) {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        match (current, strong) {
            (Some(now), Some(next)) if now != next => {
                out.push((&text[start..i], now));
                start = i;
                current = Some(next);
            }
            (None, Some(_)) => current = strong,
            _ => {}
        }
    }
    if start < text.len() || out.is_empty() {
        out.push((&text[start..], current.unwrap_or(false)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_of_numbers_is_joined_after_its_dash() {
        let text = |r: Run| -> String {
            r.children
                .iter()
                .filter_map(|c| match c {
                    docx_rs::RunChild::Text(t) => Some(t.text.clone()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            text(text_run(
                "France (2024–2026), 2019 – 2021, a–b",
                false,
                false
            )),
            "France (2024–\u{200D}2026), 2019 – 2021, a–b"
        );
    }

    #[test]
    fn text_is_cut_where_its_direction_changes() {
        assert_eq!(direction_segments("Sweden"), [("Sweden", false)]);
        assert_eq!(direction_segments(""), [("", false)]);
        assert_eq!(direction_segments(" 2024 "), [(" 2024 ", false)]);
        assert_eq!(
            direction_segments("السويد (Sweden), 2024 مرحبا"),
            [
                ("السويد (", true),
                ("Sweden), 2024 ", false),
                ("مرحبا", true)
            ]
        );
        assert_eq!(direction_segments("« السويد"), [("« السويد", true)]);
    }
}
