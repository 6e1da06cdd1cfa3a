//! The block phase: headings, paragraphs, lists and the cover become bands
//! (tables are in [`super::table`]), with the sizes, spacing and colours of
//! the style sheet, and the structure nodes their marks are tagged with:
//! each block makes its node when it is laid out, so the nodes are in
//! document order.

use super::band::{Band, Bands, Mark};
use super::list::{list_indent, list_markers};
use super::page::{LinkTarget, Node, NodeId, Role, Tag};
use super::text::{Line, TextSpan, break_lines, fit_line};
use crate::doc::style::{Color, StyleSheet, TextStyle};
use crate::doc::{Block, Change, Cover, HeadingLevel, Inline, LanguageTag, Notes};
use crate::fonts::{Fonts, Style};

pub(super) struct Builder<'a> {
    pub fonts: &'a Fonts,
    pub style: &'a StyleSheet,
    /// The document reads right to left (see [`super::text`]).
    pub rtl: bool,
    pub body_height: f32,
    /// The body's left edge: change bars stand in the margin left of it
    /// (right of the body once a right-to-left page is mirrored).
    pub body_left: f32,
    pub out: Bands,
    /// The structure so far; node 0 is the document.
    pub nodes: Vec<Node>,
    /// The node that blocks laid out now belong to.
    parent: NodeId,
    /// The document's language, which a span's is told from.
    pub lang: LanguageTag,
    /// Space owed before the next band (collapsing: the largest wins).
    gap: f32,
    /// The link nodes of endnotes: a reference's (raised, to its note) and
    /// a note's number's (back to the first reference), with their targets.
    note_links: std::collections::HashMap<NodeId, LinkTarget>,
}

/// The spans of `inlines` set in `text`'s role in a document in `lang`;
/// links take the link colour, emphasis the style sheet's look for the
/// language, and a span in another language is set apart in its own
/// direction.
pub(super) fn inline_spans(
    inlines: &[Inline],
    text: &TextStyle,
    style: &StyleSheet,
    lang: &LanguageTag,
) -> Vec<TextSpan> {
    inlines
        .iter()
        .map(|i| {
            let (bold, italic) = style.emphasis(lang, i.bold, i.italic);
            let mut font = Style::from_flags(bold, italic);
            if text.bold {
                font = font.bolded();
            }
            TextSpan {
                text: i.text.clone(),
                style: font,
                // A note's reference is smaller, and raised (`line_marks`).
                size: match i.note {
                    Some(_) => text.size * style.notes.reference_scale,
                    None => text.size,
                },
                color: match &i.change {
                    Some(mark) => style.changes.color(mark.change),
                    None if i.link.is_some() => style.link_color,
                    None => text.color,
                },
                link: i.link.clone(),
                change: i.change.as_ref().map(|m| m.change),
                isolate: other_language(i, lang),
            }
        })
        .collect()
}

/// The direction of `inline`'s language when it is not `lang`.
pub(super) fn other_language(inline: &Inline, lang: &LanguageTag) -> Option<crate::doc::Direction> {
    inline
        .lang
        .as_ref()
        .filter(|l| *l != lang)
        .map(LanguageTag::direction)
}

pub(super) fn plain_text(inlines: &[Inline]) -> String {
    let s: String = inlines.iter().map(|i| i.text.as_str()).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<'a> Builder<'a> {
    pub fn new(
        fonts: &'a Fonts,
        style: &'a StyleSheet,
        body: (f32, f32),
        rtl: bool,
        lang: LanguageTag,
    ) -> Self {
        let (body_left, body_height) = body;
        Builder {
            fonts,
            style,
            rtl,
            body_height,
            body_left,
            out: Bands::default(),
            nodes: vec![Node {
                role: Role::Document,
                parent: None,
                lang: None,
                alt: None,
                actual: None,
            }],
            parent: 0,
            lang,
            gap: 0.0,
            note_links: std::collections::HashMap::new(),
        }
    }

    /// A new structure node of `role` under `parent`.
    pub fn node(&mut self, role: Role, parent: NodeId) -> NodeId {
        self.nodes.push(Node {
            role,
            parent: Some(parent),
            lang: None,
            alt: None,
            actual: None,
        });
        (self.nodes.len() - 1) as NodeId
    }

    /// A new block node under the current parent.
    pub fn block_node(&mut self, role: Role) -> NodeId {
        self.node(role, self.parent)
    }

    /// The tag of each of `inlines` set inside `container`: a link node of
    /// its own for a link, a span node for text in another language than
    /// the document's (carrying that language) or for a redline's change
    /// (carrying what a screen reader says of it), else the container.
    pub fn inline_tags(&mut self, inlines: &[Inline], container: NodeId) -> Vec<Tag> {
        let mut tags = Vec::with_capacity(inlines.len());
        for inline in inlines {
            let lang = inline.lang.clone().filter(|l| *l != self.lang);
            let role = if inline.link.is_some() || inline.note.is_some() {
                Role::Link
            } else if lang.is_some() || inline.change.is_some() {
                Role::Span
            } else {
                tags.push(Tag::Node(container));
                continue;
            };
            let id = self.node(role, container);
            let node = &mut self.nodes[id as usize];
            node.lang = lang;
            node.actual = inline.change.as_ref().map(|m| m.spoken.clone());
            if let Some(n) = inline.note {
                self.note_links.insert(id, LinkTarget::Note(n));
            }
            tags.push(Tag::Node(id));
        }
        tags
    }

    pub fn space(&mut self, s: f32) {
        self.gap = self.gap.max(s);
    }

    pub fn push(&mut self, mut band: Band) {
        band.space_before = band.space_before.max(self.gap);
        self.gap = 0.0;
        self.out.bands.push(band);
    }

    /// Baseline offset inside a line box of `line_h` for text of `size`.
    pub fn baseline_in(&self, size: f32, line_h: f32) -> f32 {
        let face = self.fonts.face(Style::Regular);
        let content = (face.ascender() - face.descender()) * size;
        (line_h - content) / 2.0 + face.ascender() * size
    }

    /// Marks for one line whose baseline is at `baseline`, starting at `x`;
    /// `tags` has the tag of each span the line was set from. A redline's
    /// inserted text is underlined and its deleted text struck through, in
    /// the change's colour, and a line with any change has a change bar in
    /// the margin its lines start from.
    pub fn line_marks(
        &self,
        line: Line,
        x: f32,
        baseline: f32,
        tags: &[Tag],
        marks: &mut Vec<Mark>,
    ) {
        // The change bar: its colour, and the top and bottom of the line's
        // changed text.
        let mut bar: Option<(Color, f32, f32)> = None;
        for run in line.runs {
            let rx = x + run.x;
            let tag = tags.get(run.span as usize).copied().unwrap_or(Tag::Node(0));
            let link = run.link.clone();
            let change = run.change;
            let (face, size, width, color) = (run.face(), run.size, run.width, run.color);
            // A note's reference stands above the baseline, by a share
            // of its text's size, and links to its note; the note's
            // number links back.
            let note_link = match tag {
                Tag::Node(id) => self.note_links.get(&id).cloned(),
                Tag::Pagination => None,
            };
            let rise = match note_link {
                Some(LinkTarget::Note(_)) => {
                    let notes = &self.style.notes;
                    size / notes.reference_scale * notes.reference_rise
                }
                _ => 0.0,
            };
            let baseline = baseline - rise;
            let link = link.map(LinkTarget::Url).or(note_link);
            marks.push(Mark::Text {
                x: rx,
                dy: baseline,
                run,
                tag,
            });
            let face = self.fonts.face_of(face);
            let (upos, uthick) = face.underline();
            let thickness = (uthick * size).max(self.style.least_underline);
            let top = baseline - face.ascender() * size;
            let h = (face.ascender() - face.descender()) * size;
            if let Some(change) = change {
                let through = match change {
                    Change::Inserted => Some(-upos),
                    Change::Deleted => Some(face.strikeout()),
                    Change::Restyled => None,
                };
                if let Some(at) = through {
                    marks.push(Mark::HRule {
                        x1: rx,
                        x2: rx + width,
                        dy: baseline - at * size,
                        width: thickness,
                        color,
                    });
                }
                let (_, t, b) = bar.get_or_insert((color, top, top + h));
                (*t, *b) = (t.min(top), b.max(top + h));
            }
            if let Some(target) = &link {
                let is_url = matches!(target, LinkTarget::Url(_));
                if self.style.underline_links && change.is_none() && is_url {
                    marks.push(Mark::HRule {
                        x1: rx,
                        x2: rx + width,
                        dy: baseline - upos * size,
                        width: thickness,
                        color,
                    });
                }
                marks.push(Mark::Link {
                    x: rx,
                    dy: top,
                    w: width,
                    h,
                    target: target.clone(),
                    tag,
                });
            }
        }
        if let Some((color, top, bottom)) = bar {
            let c = &self.style.changes;
            marks.push(Mark::Fill {
                x: self.body_left - c.bar_gap - c.bar_width / 2.0,
                dy: top,
                w: c.bar_width,
                h: bottom - top,
                color,
            });
        }
    }

    /// One band per line of `spans` set in `text`'s role, each span's
    /// marks tagged with its tag in `tags`; returns how many bands were
    /// pushed.
    fn text_bands(
        &mut self,
        spans: &[TextSpan],
        tags: &[Tag],
        x: f32,
        width: f32,
        text: &TextStyle,
    ) -> usize {
        let lines = break_lines(self.fonts, spans, width, self.rtl);
        let n = lines.len();
        for line in lines {
            let size = if line.max_size() > 0.0 {
                line.max_size()
            } else {
                text.size
            };
            let lh = text.line_height().max(size * self.style.least_leading);
            let baseline = self.baseline_in(size, lh);
            let mut band = Band {
                height: lh,
                baseline: Some(baseline),
                ..Band::default()
            };
            self.line_marks(line, x, baseline, tags, &mut band.marks);
            self.push(band);
        }
        n
    }

    fn paragraph(&mut self, inlines: &[Inline], x: f32, width: f32, after: f32) {
        self.body_text(Role::Paragraph, inlines, x, width, after);
    }

    /// The endnotes: their heading, then each note as body text, its
    /// number before its text, tagged as a note.
    fn notes(&mut self, notes: &Notes, x: f32, width: f32) {
        self.heading(HeadingLevel::H2, &notes.title, x, width);
        for note in &notes.notes {
            let mut inlines = Vec::with_capacity(note.content.len() + 2);
            inlines.push(Inline::plain(note.number.to_string()));
            inlines.push(Inline::plain(". "));
            inlines.extend(note.content.iter().cloned());
            let after = self.style.body.space_after;
            let body = self.style.body;
            let spans = inline_spans(&inlines, &body, self.style, &self.lang);
            let p = self.block_node(Role::Note(note.number));
            let mut tags = self.inline_tags(&inlines, p);
            // The number is a link back to the first reference.
            let back = self.node(Role::Link, p);
            self.note_links
                .insert(back, LinkTarget::Reference(note.number));
            tags[0] = Tag::Node(back);
            self.text_block(&spans, &tags, x, width, after);
        }
    }

    /// A paragraph of body text whose node has `role`.
    fn body_text(&mut self, role: Role, inlines: &[Inline], x: f32, width: f32, after: f32) {
        let body = self.style.body;
        let spans = inline_spans(inlines, &body, self.style, &self.lang);
        let p = self.block_node(role);
        let tags = self.inline_tags(inlines, p);
        self.text_block(&spans, &tags, x, width, after);
    }

    /// The lines of a paragraph of body text, kept together as the style
    /// sheet says.
    fn text_block(&mut self, spans: &[TextSpan], tags: &[Tag], x: f32, width: f32, after: f32) {
        let body = self.style.body;
        let first = self.out.bands.len();
        let n = self.text_bands(spans, tags, x, width, &body);
        // No fewer than the style's lines of a paragraph at the foot or
        // the head of a page.
        let k = self.style.lines_kept_together.clamp(1, n.max(1));
        if n >= 2 {
            for b in (first..first + k - 1).chain(first + n - k..first + n - 1) {
                self.out.bands[b].keep_with_next = true;
            }
        }
        self.space(after);
    }

    fn heading(&mut self, level: HeadingLevel, inlines: &[Inline], x: f32, width: f32) {
        let text = *self.style.heading(level);
        self.space(text.space_before);
        let spans = inline_spans(inlines, &text, self.style, &self.lang);
        let h = self.block_node(Role::Heading(level.get()));
        let tags = self.inline_tags(inlines, h);
        let first = self.out.bands.len();
        let n = self.text_bands(&spans, &tags, x, width, &text);
        for b in &mut self.out.bands[first..] {
            b.keep_with_next = true;
        }
        if n > 0 {
            self.out.bands[first].outline = Some((level.get(), plain_text(inlines)));
        }
        self.space(text.space_after);
    }

    /// A list at nesting `depth` (0 for a top-level list). Markers hang at
    /// the start of the indent, as Word sets them.
    fn list(
        &mut self,
        ordered: bool,
        start: u32,
        items: &[Vec<Block>],
        x: f32,
        width: f32,
        depth: usize,
    ) {
        let lists = &self.style.lists;
        let body = self.style.body;
        let size = body.size;
        let labels = list_markers(lists, ordered, depth, start, items.len());
        let indent = list_indent(self.fonts, self.style, &labels, width);
        let item_spacing = lists.item_spacing;
        let marker_color = if ordered {
            body.color
        } else {
            lists.bullet_color
        };
        let text_x = x + indent;
        let text_w = width - indent;
        self.space(if depth == 0 {
            lists.space_before
        } else {
            item_spacing
        });
        let list = self.block_node(Role::List { ordered });
        let outer = self.parent;
        for (item, label) in items.iter().zip(labels) {
            let li = self.node(Role::ListItem, list);
            let lbl = self.node(Role::Label, li);
            self.parent = self.node(Role::ListBody, li);
            let first = self.out.bands.len();
            self.blocks(item, text_x, text_w, depth + 1, true);
            self.parent = outer;
            if self.out.bands.len() == first || self.out.bands[first].page_break {
                let lh = body.line_height();
                let band = Band {
                    height: lh,
                    baseline: Some(self.baseline_in(size, lh)),
                    ..Band::default()
                };
                self.out.bands.insert(first, band);
            }
            let band = &self.out.bands[first];
            let baseline = band.baseline.unwrap_or(self.baseline_in(size, band.height));
            let span = TextSpan::new(label, Style::Regular, size, marker_color);
            let line = fit_line(self.fonts, span, f32::INFINITY, self.rtl);
            for run in line.runs {
                self.out.bands[first].marks.push(Mark::Text {
                    x: x + run.x,
                    dy: baseline,
                    run,
                    tag: Tag::Node(lbl),
                });
            }
            self.space(item_spacing);
        }
        self.space(if depth == 0 {
            self.style.lists.space_after
        } else {
            item_spacing
        });
    }

    fn cover(&mut self, cover: &Cover, x: f32, width: f32) {
        let c = &self.style.cover;
        if self.out.bands.is_empty() {
            // Space above a cover that opens the document; a band, not a gap,
            // because gaps collapse at the top of a page.
            self.push(Band {
                height: self.body_height * c.top_share,
                ..Band::default()
            });
        }
        let (title, subtitle, line) = (c.title, c.subtitle, c.line);
        // Each text in the cover's look, a span in another language tagged with it.
        let lang = self.lang.clone();
        let changes = self.style.changes;
        let spans = |texts: &[Inline], style: Style, text: &TextStyle| -> Vec<TextSpan> {
            texts
                .iter()
                .map(|t| {
                    let change = t.change.as_ref().map(|m| m.change);
                    let color = change.map_or(text.color, |c| changes.color(c));
                    TextSpan {
                        isolate: other_language(t, &lang),
                        change,
                        ..TextSpan::new(t.text.clone(), style, text.size, color)
                    }
                })
                .collect()
        };
        // The cover's title is the document's first heading.
        let h = self.block_node(Role::Heading(1));
        let tags = self.inline_tags(&cover.title, h);
        self.text_bands(
            &spans(&cover.title, Style::Bold, &title),
            &tags,
            x,
            width,
            &title,
        );
        if !plain_text(&cover.subtitle).is_empty() {
            self.space(title.space_after);
            let p = self.block_node(Role::Paragraph);
            let tags = self.inline_tags(&cover.subtitle, p);
            let spans = spans(&cover.subtitle, Style::Regular, &subtitle);
            self.text_bands(&spans, &tags, x, width, &subtitle);
        }
        self.space(c.rule_space_before);
        self.push(Band {
            height: c.rule_width,
            marks: vec![Mark::HRule {
                x1: x,
                x2: x + (width * c.rule_share).min(c.rule_max),
                dy: c.rule_width / 2.0,
                width: c.rule_width,
                color: c.rule_color,
            }],
            ..Band::default()
        });
        self.space(c.rule_space_after);
        self.logos(&cover.logos, x, width);
        let space_after = c.space_after;
        for text in &cover.lines {
            let p = self.block_node(Role::Paragraph);
            let tags = self.inline_tags(text, p);
            if self.text_bands(&spans(text, Style::Regular, &line), &tags, x, width, &line) > 0 {
                self.space(line.space_after);
            }
        }
        self.space(space_after);
    }

    /// The cover's row of logos: each at the style's common height (or
    /// shrunk to the measure), left to right with the style's gap, wrapping
    /// onto a new row, one band per row, when the next does not fit.
    fn logos(&mut self, logos: &[crate::doc::Image], x: f32, width: f32) {
        let c = &self.style.cover;
        let mut rows: Vec<Vec<(&crate::doc::Image, f32, f32)>> = Vec::new();
        let mut used = 0.0;
        for image in logos {
            let (w, h) = c.logo_size(image.width_px, image.height_px, width);
            match rows.last_mut() {
                Some(row) if used + c.logo_gap + w <= width + 0.01 => {
                    used += c.logo_gap + w;
                    row.push((image, w, h));
                }
                _ => {
                    used = w;
                    rows.push(vec![(image, w, h)]);
                }
            }
        }
        let (gap, after) = (c.logo_gap, c.logo_space_after);
        for (i, row) in rows.iter().enumerate() {
            let height = row.iter().map(|l| l.2).fold(0.0, f32::max);
            let mut at = x;
            let mut marks = Vec::with_capacity(row.len());
            for &(image, w, h) in row {
                let figure = self.block_node(Role::Figure);
                self.nodes[figure as usize].alt = Some(image.alt.clone());
                marks.push(Mark::Image {
                    x: at,
                    // Logos shrunk to the measure sit on the row's foot.
                    dy: height - h,
                    w,
                    h,
                    image: image.clone(),
                    tag: Tag::Node(figure),
                });
                at += w + gap;
            }
            if i > 0 {
                self.space(gap);
            }
            self.push(Band {
                height,
                marks,
                ..Band::default()
            });
        }
        if !rows.is_empty() {
            self.space(after);
        }
    }

    /// Lays out `blocks` at `x` in `width`; `tight` inside list items.
    pub fn blocks(&mut self, blocks: &[Block], x: f32, width: f32, depth: usize, tight: bool) {
        let after = if tight {
            self.style.lists.item_spacing
        } else {
            self.style.body.space_after
        };
        for block in blocks {
            match block {
                Block::Heading { level, content } => self.heading(*level, content, x, width),
                Block::Paragraph(inlines) => self.paragraph(inlines, x, width, after),
                Block::List {
                    ordered,
                    start,
                    items,
                } => self.list(*ordered, *start, items, x, width, depth),
                Block::Table(table) => self.table(table, x, width),
                Block::PageBreak => {
                    self.out.bands.push(Band {
                        page_break: true,
                        ..Band::default()
                    });
                    self.gap = 0.0;
                }
                Block::Cover(cover) => self.cover(cover, x, width),
                Block::Notes(notes) => self.notes(notes, x, width),
            }
        }
    }
}
