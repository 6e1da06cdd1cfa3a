//! Markdown (what a template renders to) → the document model.
//!
//! Conventions for templates: a paragraph that is exactly `:::cover` opens the
//! cover, and one that is exactly `:::` closes it (the first heading inside is
//! the title, the first paragraph the subtitle, the rest its lines); a
//! thematic break (`---`) is a page break. These are recognised from the
//! template's own source text, so escaped data can never produce them.
//!
//! A span's language is marked by the `lang` helper (`{{#lang "en"}}…{{/lang}}`)
//! with control characters: [`LANG_OPEN`], the tag, [`LANG_TAG_END`], the
//! text, [`LANG_CLOSE`]. No data can write them: every escape drops control
//! characters, and normalize refuses them in input text. Here they become
//! [`Inline::lang`] and are removed; marks nest.
//!
//! A note's text stands at its reference between [`NOTE_OPEN`] and
//! [`NOTE_CLOSE`] (put there by the narrative helpers from the field's
//! Markdown footnotes): it is taken out into the document's endnotes
//! ([`Block::Notes`], last), numbered in the order of first reference, and
//! the reference becomes an [`Inline::note`]. A note of the same text
//! referenced again gets the same number.

use pulldown_cmark::{Event, HeadingLevel as MdLevel, Options, Parser, Tag, TagEnd};

use crate::doc::{Block, Cover, HeadingLevel, Inline, LanguageTag, Note, Notes, Table, Url};

/// Opens a language mark; the tag follows, up to [`LANG_TAG_END`].
pub const LANG_OPEN: char = '\u{2}';
/// Ends the tag of a language mark; the marked text follows.
pub const LANG_TAG_END: char = '\u{1F}';
/// Closes the innermost language mark.
pub const LANG_CLOSE: char = '\u{3}';

/// Opens a note: the text between it and [`NOTE_CLOSE`] is an endnote's,
/// and where it stands its reference. Written by the `inline` and
/// `paragraphs` helpers only (see [`crate::doc::notes`]).
pub const NOTE_OPEN: char = '\u{E}';
/// Closes a note's text.
pub const NOTE_CLOSE: char = '\u{F}';

/// `inner` marked as written in `tag`, for a template helper.
pub fn mark_language(tag: &LanguageTag, inner: &str) -> String {
    format!("{LANG_OPEN}{tag}{LANG_TAG_END}{inner}{LANG_CLOSE}")
}

/// Parses `md` into blocks.
pub fn to_blocks(md: &str) -> Vec<Block> {
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES).into_offset_iter();
    let mut b = Builder::default();
    for (event, range) in parser {
        b.event(event, &md[range]);
    }
    b.finish()
}

/// A narrative field's inline Markdown as plain text, for a draft e-mail:
/// emphasis marks dropped, a link as `text <url>` (its URL alone when that
/// is its text), paragraphs joined by a space. Nothing in `md` opens a
/// block: it is read as `escape::inline` makes it.
pub fn to_plain_text(md: &str) -> String {
    // A draft e-mail leaves notes out, references and texts alike.
    let mut md = super::escape::inline(md);
    while let Some(open) = md.find(NOTE_OPEN) {
        let close = md[open..]
            .find(NOTE_CLOSE)
            .map_or(md.len(), |c| open + c + 1);
        md.replace_range(open..close, "");
    }
    // A reference whose note is in another part of its field (a paragraph
    // of its own, for `paragraphs`).
    let references: Vec<_> = crate::doc::notes::references(&md).map(|(r, _)| r).collect();
    for r in references.into_iter().rev() {
        md.replace_range(r, "");
    }
    let mut out = String::with_capacity(md.len());
    // The open links' destinations, and where each one's text starts.
    let mut links: Vec<(String, usize)> = Vec::new();
    for event in Parser::new_ext(&md, Options::empty()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((dest_url.into_string(), out.len()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, start)) = links.pop() {
                    let url = url.strip_prefix("mailto:").unwrap_or(&url).to_string();
                    if out[start..].trim().is_empty() {
                        out.truncate(start);
                        out.push_str(&url);
                    } else if out[start..] != url {
                        out.push_str(&format!(" <{url}>"));
                    }
                }
            }
            Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Open containers while walking the events.
enum Frame {
    List {
        ordered: bool,
        start: u32,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    Quote(Vec<Block>),
    Table(Table),
    Row(Vec<Vec<Inline>>),
}

#[derive(Default)]
struct Builder {
    out: Vec<Block>,
    stack: Vec<Frame>,
    /// The inline run being collected, and the styles in force.
    spans: Vec<Inline>,
    bold: usize,
    italic: usize,
    link: Option<Url>,
    heading: Option<HeadingLevel>,
    in_cell: bool,
    in_code: bool,
    /// The open language marks, innermost last, and the tag being read
    /// when a mark's tag is not finished yet.
    langs: Vec<Option<LanguageTag>>,
    reading_tag: Option<String>,
    /// Inside a `:::` marker paragraph, which is not content.
    skipping: bool,
    cover: Option<Vec<Block>>,
    /// The document's notes so far, and, inside a note's marks, the
    /// spans and styles of the text around it.
    notes: Vec<Note>,
    outside_note: Option<Outside>,
}

/// The text a note's marks interrupt, kept until the note ends.
struct Outside {
    spans: Vec<Inline>,
    bold: usize,
    italic: usize,
    link: Option<Url>,
}

impl Builder {
    fn event(&mut self, event: Event, source: &str) {
        match event {
            Event::Start(tag) => self.start(tag, source),
            Event::End(end) => self.end(end),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::Rule => self.push(Block::PageBreak),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, source: &str) {
        match tag {
            Tag::Paragraph => match source.trim() {
                ":::cover" => {
                    self.cover = Some(Vec::new());
                    self.skip_paragraph();
                }
                ":::" => {
                    let blocks = self.cover.take().unwrap_or_default();
                    self.skip_paragraph();
                    self.push(cover(blocks));
                }
                _ => self.spans.clear(),
            },
            Tag::Heading { level, .. } => {
                self.spans.clear();
                self.heading = Some(match level {
                    MdLevel::H1 => HeadingLevel::H1,
                    MdLevel::H2 => HeadingLevel::H2,
                    _ => HeadingLevel::H3,
                });
            }
            Tag::List(start) => self.stack.push(Frame::List {
                ordered: start.is_some(),
                start: start.map_or(1, |s| s.min(u32::MAX as u64) as u32),
                items: Vec::new(),
            }),
            Tag::Item => self.stack.push(Frame::Item(Vec::new())),
            Tag::BlockQuote(_) => self.stack.push(Frame::Quote(Vec::new())),
            Tag::CodeBlock(_) => {
                self.spans.clear();
                self.in_code = true;
            }
            Tag::Table(_) => self.stack.push(Frame::Table(Table {
                header: None,
                rows: Vec::new(),
            })),
            Tag::TableHead | Tag::TableRow => self.stack.push(Frame::Row(Vec::new())),
            Tag::TableCell => {
                self.spans.clear();
                self.in_cell = true;
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => {
                self.link = Url::parse(&dest_url);
            }
            _ => {}
        }
    }

    fn skip_paragraph(&mut self) {
        self.spans.clear();
        self.skipping = true;
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Paragraph => {
                if self.skipping {
                    self.skipping = false;
                    self.spans.clear();
                } else if !self.spans.is_empty() {
                    let spans = self.take_spans();
                    self.push(Block::Paragraph(spans));
                }
            }
            TagEnd::Heading(_) => {
                let level = self.heading.take().unwrap_or(HeadingLevel::H3);
                let content = self.take_spans();
                self.push(Block::Heading { level, content });
            }
            TagEnd::CodeBlock => {
                self.in_code = false;
                let spans = self.take_spans();
                if !spans.is_empty() {
                    self.push(Block::Paragraph(spans));
                }
            }
            TagEnd::Item => {
                // Tight lists put text straight into the item.
                if !self.spans.is_empty() {
                    let spans = self.take_spans();
                    self.push(Block::Paragraph(spans));
                }
                if let Some(Frame::Item(blocks)) = self.stack.pop()
                    && let Some(Frame::List { items, .. }) = self.stack.last_mut()
                {
                    items.push(blocks);
                }
            }
            TagEnd::List(_) => {
                if let Some(Frame::List {
                    ordered,
                    start,
                    items,
                }) = self.stack.pop()
                {
                    self.push(Block::List {
                        ordered,
                        start,
                        items,
                    });
                }
            }
            TagEnd::BlockQuote(_) => {
                if let Some(Frame::Quote(blocks)) = self.stack.pop() {
                    for b in blocks {
                        self.push(b);
                    }
                }
            }
            TagEnd::TableCell => {
                self.in_cell = false;
                let spans = self.take_spans();
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(spans);
                }
            }
            TagEnd::TableHead => {
                if let Some(Frame::Row(cells)) = self.stack.pop()
                    && let Some(Frame::Table(t)) = self.stack.last_mut()
                {
                    // A header row of empty cells is no header at all.
                    let blank = cells.iter().flatten().all(|i| i.text.trim().is_empty());
                    t.header = (!blank).then_some(cells);
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Row(cells)) = self.stack.pop()
                    && let Some(Frame::Table(t)) = self.stack.last_mut()
                {
                    t.rows.push(cells);
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table(t)) = self.stack.pop() {
                    self.push(Block::Table(t));
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => self.link = None,
            _ => {}
        }
    }

    /// Text, split at the language marks it holds.
    fn text(&mut self, t: &str) {
        let mut piece = String::new();
        for c in t.chars() {
            if let Some(tag) = &mut self.reading_tag {
                if c == LANG_TAG_END {
                    let tag = LanguageTag::parse(tag);
                    self.reading_tag = None;
                    self.langs.push(tag);
                } else {
                    tag.push(c);
                }
                continue;
            }
            match c {
                NOTE_OPEN | NOTE_CLOSE => {
                    self.styled_text(&std::mem::take(&mut piece));
                    if c == NOTE_OPEN {
                        self.open_note();
                    } else {
                        self.close_note();
                    }
                }
                LANG_OPEN | LANG_CLOSE => {
                    self.styled_text(&std::mem::take(&mut piece));
                    if c == LANG_OPEN {
                        self.reading_tag = Some(String::new());
                    } else {
                        self.langs.pop();
                    }
                }
                c => piece.push(c),
            }
        }
        self.styled_text(&piece);
    }

    /// Starts collecting a note's text, unstyled by the text around it.
    fn open_note(&mut self) {
        if self.outside_note.is_some() {
            return;
        }
        self.outside_note = Some(Outside {
            spans: std::mem::take(&mut self.spans),
            bold: std::mem::take(&mut self.bold),
            italic: std::mem::take(&mut self.italic),
            link: self.link.take(),
        });
    }

    /// Ends a note's text: the note is numbered (a note of the same text
    /// keeps its number) and its reference joins the text around it.
    fn close_note(&mut self) {
        let Some(outside) = self.outside_note.take() else {
            return;
        };
        let content = tidy(std::mem::replace(&mut self.spans, outside.spans));
        (self.bold, self.italic, self.link) = (outside.bold, outside.italic, outside.link);
        if self.skipping || content.is_empty() {
            return;
        }
        let number = match self.notes.iter().find(|n| n.content == content) {
            Some(n) => n.number,
            None => {
                let number = self.notes.len() as u32 + 1;
                self.notes.push(Note { number, content });
                number
            }
        };
        self.spans.push(Inline::note_reference(number));
    }

    /// The language in force: the innermost mark's.
    fn lang(&self) -> Option<LanguageTag> {
        self.langs.iter().rev().find_map(Clone::clone)
    }

    fn styled_text(&mut self, t: &str) {
        if self.skipping || t.is_empty() {
            return;
        }
        // NFC, and no control character but tab and line break: checked
        // here once, so that no writer has to.
        let text: String = crate::nfc::nfc(t)
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\t' | '\n'))
            .collect();
        let (bold, italic, link) = (self.bold > 0, self.italic > 0, self.link.clone());
        let lang = self.lang();
        match self.spans.last_mut() {
            Some(last)
                if last.bold == bold
                    && last.italic == italic
                    && last.link == link
                    && last.lang == lang
                    && last.note.is_none() =>
            {
                last.text.push_str(&text);
            }
            _ => self.spans.push(Inline {
                text,
                bold,
                italic,
                link,
                lang,
                change: None,
                note: None,
            }),
        }
    }

    fn take_spans(&mut self) -> Vec<Inline> {
        let spans = std::mem::take(&mut self.spans);
        if self.in_code {
            return spans;
        }
        tidy(spans)
    }

    /// Adds a finished block to the innermost open container.
    fn push(&mut self, block: Block) {
        if let Some(cover) = &mut self.cover
            && self.stack.is_empty()
        {
            cover.push(block);
            return;
        }
        match self.stack.last_mut() {
            Some(Frame::Item(blocks)) | Some(Frame::Quote(blocks)) => blocks.push(block),
            _ => self.out.push(block),
        }
    }

    fn finish(mut self) -> Vec<Block> {
        if let Some(blocks) = self.cover.take() {
            self.out.insert(0, cover(blocks));
        }
        if !self.notes.is_empty() {
            self.out.push(Block::Notes(Notes {
                title: Vec::new(),
                notes: self.notes,
            }));
        }
        self.out
    }
}

/// Spans with runs of spaces (left by soft breaks and template layout)
/// collapsed, trimmed at both ends, and empty spans left out.
fn tidy(mut spans: Vec<Inline>) -> Vec<Inline> {
    for s in &mut spans {
        let mut collapsed = String::with_capacity(s.text.len());
        for c in s.text.chars() {
            if !(c == ' ' && collapsed.ends_with(' ')) {
                collapsed.push(c);
            }
        }
        s.text = collapsed;
    }
    if let Some(first) = spans.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    spans.retain(|s| !s.text.is_empty());
    spans
}

/// The cover from the blocks between `:::cover` and `:::`: each text keeps
/// its spans' languages, not their emphasis or links (the cover has a look
/// of its own), and spans in one language are joined.
fn cover(blocks: Vec<Block>) -> Block {
    let text = |spans: &[Inline]| {
        let mut out: Vec<Inline> = Vec::new();
        for s in spans {
            match out.last_mut() {
                Some(last) if last.lang == s.lang => last.text.push_str(&s.text),
                _ => out.push(Inline {
                    lang: s.lang.clone(),
                    ..Inline::plain(s.text.clone())
                }),
            }
        }
        out
    };
    let mut title: Vec<Inline> = Vec::new();
    let mut lines = Vec::new();
    for b in &blocks {
        match b {
            Block::Heading { content, .. } if title.is_empty() => title = text(content),
            Block::Heading { content, .. } | Block::Paragraph(content) => lines.push(text(content)),
            _ => {}
        }
    }
    let subtitle = if lines.is_empty() {
        Vec::new()
    } else {
        lines.remove(0)
    };
    Block::Cover(Cover {
        title,
        subtitle,
        lines,
        logos: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_emphasis_and_writes_links_out() {
        assert_eq!(
            to_plain_text("Ban **single-use** plastic and *recycling* `now`"),
            "Ban single-use plastic and recycling now"
        );
        assert_eq!(
            to_plain_text("See [the report](https://x.org/a) and <https://y.org>."),
            "See the report <https://x.org/a> and <https://y.org>."
        );
        // Markdown escapes are read as such; what would open a block is text.
        assert_eq!(to_plain_text(r"2 \* 3 = 6"), "2 * 3 = 6");
        assert_eq!(
            to_plain_text("1. Raise it\n\n# again"),
            "1. Raise it # again"
        );
        assert_eq!(to_plain_text("a_b_c and 5 < 6 & 7"), "a_b_c and 5 < 6 & 7");
    }

    fn plain(t: &str) -> Inline {
        Inline::plain(t)
    }

    #[test]
    fn headings_paragraphs_styles_and_links() {
        let blocks = to_blocks("# Title\n\nSome **bold** and *it* [link](https://x.org).\n");
        assert_eq!(
            blocks[0],
            Block::Heading {
                level: HeadingLevel::H1,
                content: vec![plain("Title")]
            }
        );
        let Block::Paragraph(spans) = &blocks[1] else {
            panic!()
        };
        assert_eq!(
            spans[1],
            Inline {
                text: "bold".into(),
                bold: true,
                italic: false,
                link: None,
                lang: None,
                change: None,
                note: None,
            }
        );
        assert!(spans[3].italic);
        assert_eq!(spans[5].link, Url::parse("https://x.org"));
    }

    #[test]
    fn lists_restart_and_tables_have_headers() {
        let blocks =
            to_blocks("1. a\n2. b\n\npara\n\n- x\n- y\n\n| H1 | H2 |\n|---|---|\n| c | d |\n");
        assert!(
            matches!(&blocks[0], Block::List { ordered: true, start: 1, items } if items.len() == 2)
        );
        assert!(matches!(&blocks[2], Block::List { ordered: false, .. }));
        let Block::Table(t) = &blocks[3] else {
            panic!("{blocks:?}")
        };
        assert_eq!(t.header, Some(vec![vec![plain("H1")], vec![plain("H2")]]));
        assert_eq!(t.rows, vec![vec![vec![plain("c")], vec![plain("d")]]]);
        let blocks = to_blocks("|   |  |\n|---|---|\n| c | d |\n");
        let Block::Table(t) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(t.header, None, "a header row of empty cells is no header");
        assert_eq!(t.columns(), 2);
    }

    #[test]
    fn cover_and_page_break_come_from_the_template_only() {
        let blocks = to_blocks(":::cover\n\n# T\n\nSub\n\nLine\n\n:::\n\n---\n\n\\:::cover\n");
        assert_eq!(
            blocks[0],
            Block::Cover(Cover {
                title: vec![plain("T")],
                subtitle: vec![plain("Sub")],
                lines: vec![vec![plain("Line")]],
                logos: Vec::new(),
            })
        );
        assert_eq!(blocks[1], Block::PageBreak);
        // Escaped data that reads ":::cover" stays a paragraph.
        assert_eq!(blocks[2], Block::Paragraph(vec![plain(":::cover")]));
    }

    #[test]
    fn the_cover_keeps_its_texts_languages_not_their_emphasis() {
        let en = LanguageTag::from("en");
        let md = format!(
            ":::cover\n\n# {}\n\nPour **{}** et *lui*\n\n:::\n",
            mark_language(&en, "Digital *rights* — 4th cycle"),
            mark_language(&en, "Embassy")
        );
        let Block::Cover(cover) = &to_blocks(&md)[0] else {
            panic!("no cover")
        };
        assert_eq!(
            cover.title,
            [plain("Digital rights — 4th cycle").in_language(en.clone())]
        );
        assert_eq!(
            cover.subtitle,
            [
                plain("Pour "),
                plain("Embassy").in_language(en),
                plain(" et lui")
            ]
        );
    }

    #[test]
    fn language_marks_become_span_languages() {
        let fr = LanguageTag::from("fr");
        let en = LanguageTag::from("en");
        let md = format!(
            "Avant {} après\n\n## {}\n",
            mark_language(&en, &format!("*old* {} text", mark_language(&fr, "dit"))),
            mark_language(&en, "Title")
        );
        let blocks = to_blocks(&md);
        let Block::Paragraph(spans) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        let shown: Vec<(&str, Option<&str>, bool)> = spans
            .iter()
            .map(|s| {
                (
                    s.text.as_str(),
                    s.lang.as_ref().map(LanguageTag::as_str),
                    s.italic,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("Avant ", None, false),
                ("old", Some("en"), true),
                (" ", Some("en"), false),
                ("dit", Some("fr"), false),
                (" text", Some("en"), false),
                (" après", None, false),
            ]
        );
        assert_eq!(
            blocks[1],
            Block::Heading {
                level: HeadingLevel::H2,
                content: vec![plain("Title").in_language(en)]
            }
        );
        // A tag that is no language tag marks nothing, and text is kept.
        let blocks = to_blocks(&format!("{LANG_OPEN}x\"y{LANG_TAG_END}kept{LANG_CLOSE}\n"));
        assert_eq!(blocks[0], Block::Paragraph(vec![plain("kept")]));
    }

    #[test]
    fn escaped_data_cannot_mark_a_language() {
        use super::super::escape;
        let forged = format!("{LANG_OPEN}fr{LANG_TAG_END}forged{LANG_CLOSE}");
        for md in [
            escape::plain(&forged),
            escape::inline(&forged),
            escape::paragraphs(&forged),
            escape::url(&forged),
        ] {
            for block in to_blocks(&md) {
                let Block::Paragraph(spans) = block else {
                    panic!("{md:?}")
                };
                assert!(spans.iter().all(|s| s.lang.is_none()), "{md:?}");
            }
        }
    }

    #[test]
    fn notes_are_numbered_by_first_reference_and_go_last() {
        use super::super::escape::{inline, paragraphs};
        // The second field refers to its notes in the other order; the
        // first field's note "a" is referred to twice.
        let md = format!(
            "# Title\n\n{}\n\n- {}\n",
            paragraphs("First[^a], *again*[^a].\n\n[^a]: A/HRC/WGAD/2023/22, para. 5."),
            inline("Two[^y] and one[^x].\n[^x]: See [the law](https://x.org).\n[^y]: **Second**.")
        );
        let blocks = to_blocks(&md);
        let Block::Paragraph(spans) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            spans,
            &[
                plain("First"),
                Inline::note_reference(1),
                plain(", "),
                Inline {
                    italic: true,
                    ..plain("again")
                },
                Inline::note_reference(1),
                plain("."),
            ]
        );
        let Block::List { items, .. } = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            items[0],
            [Block::Paragraph(vec![
                plain("Two"),
                Inline::note_reference(2),
                plain(" and one"),
                Inline::note_reference(3),
                plain("."),
            ])]
        );
        let Block::Notes(notes) = &blocks[3] else {
            panic!("{blocks:?}")
        };
        assert_eq!(blocks.len(), 4, "the notes come last");
        let shown: Vec<(u32, Vec<Inline>)> = (notes.notes.iter())
            .map(|n| (n.number, n.content.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                (1, vec![plain("A/HRC/WGAD/2023/22, para. 5.")]),
                (
                    2,
                    vec![
                        Inline {
                            bold: true,
                            ..plain("Second")
                        },
                        plain(".")
                    ]
                ),
                (
                    3,
                    vec![
                        plain("See "),
                        Inline {
                            link: Url::parse("https://x.org"),
                            ..plain("the law")
                        },
                        plain(".")
                    ]
                ),
            ]
        );
        // Without notes there is no notes block, and a draft e-mail's
        // text leaves them out.
        assert!(
            !to_blocks("plain\n")
                .iter()
                .any(|b| matches!(b, Block::Notes(_)))
        );
        assert_eq!(
            to_plain_text("Held[^1] since 2020.\n[^1]: A/HRC/1."),
            "Held since 2020."
        );
        let paragraphs = super::super::helpers::PLAIN_HELPERS[1].write;
        assert_eq!(
            paragraphs("Held[^1] since 2020.\n\n[^1]: A/HRC/1.\n\nAgain.").unwrap(),
            "Held since 2020.\n\nAgain."
        );
    }

    #[test]
    fn unsafe_links_keep_their_text_only() {
        let blocks = to_blocks("[click](javascript:alert(1))\n");
        assert_eq!(blocks[0], Block::Paragraph(vec![plain("click")]));
    }
}
