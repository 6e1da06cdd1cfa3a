//! Pagination: blocks in, pages of positioned items out.
//!
//! Every block is first cut into *bands*: unbreakable horizontal strips (one
//! line of text, one table row) that carry their own marks. The flow then
//! stacks bands onto pages. A band marked keep-with-next (heading lines, a
//! table's header row, the first line of a short paragraph) moves to the next
//! page together with what follows it; a table row that starts a page is
//! preceded by a copy of its table's header row. Finally the header, footer
//! and page label are drawn on every page, once the page count is known.

use super::Color;
use super::text::{Line, Run, TextSpan, break_lines, min_max_width};
use crate::doc::{Block, Cover, Document, Inline, Table};
use crate::export::PageSize;
use crate::fonts::{Fonts, Style};

const EPS: f32 = 0.01;
const MM: f32 = 72.0 / 25.4;

/// Margins, type sizes, spacing and colours of a PDF. All lengths in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    /// Distance from the top edge of the page to the header's baseline.
    pub header_baseline: f32,
    /// Distance from the bottom edge of the page to the footer's baseline.
    pub footer_baseline: f32,
    pub body_size: f32,
    /// Sizes of headings of level 1, 2 and 3.
    pub heading_sizes: [f32; 3],
    /// Space above headings of level 1, 2 and 3.
    pub heading_space_before: [f32; 3],
    /// Space below headings of level 1, 2 and 3.
    pub heading_space_after: [f32; 3],
    pub table_size: f32,
    pub furniture_size: f32,
    pub cover_title_size: f32,
    pub cover_subtitle_size: f32,
    pub cover_line_size: f32,
    /// Line height as a multiple of the font size.
    pub line_height: f32,
    /// Space after a paragraph.
    pub paragraph_spacing: f32,
    /// Space between list items.
    pub list_item_spacing: f32,
    /// Indentation of list item text, per nesting level (widened to fit long numbers).
    pub list_indent: f32,
    /// Space above and below a table.
    pub table_spacing: f32,
    /// Padding inside table cells.
    pub cell_padding: f32,
    pub text_color: Color,
    pub heading_color: Color,
    pub link_color: Color,
    /// Colour of the header, footer and page label.
    pub muted_color: Color,
    pub accent_color: Color,
    pub table_header_fill: Color,
    pub rule_color: Color,
    pub rule_width: f32,
    /// Whether link text is underlined (it is always coloured).
    pub underline_links: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            margin_top: 25.0 * MM,
            margin_bottom: 22.0 * MM,
            margin_left: 22.0 * MM,
            margin_right: 22.0 * MM,
            header_baseline: 14.0 * MM,
            footer_baseline: 11.0 * MM,
            body_size: 10.5,
            heading_sizes: [17.0, 13.5, 11.5],
            heading_space_before: [20.0, 16.0, 14.0],
            heading_space_after: [8.0, 6.0, 4.0],
            table_size: 9.0,
            furniture_size: 8.0,
            cover_title_size: 26.0,
            cover_subtitle_size: 15.0,
            cover_line_size: 11.0,
            line_height: 1.38,
            paragraph_spacing: 7.0,
            list_item_spacing: 3.0,
            list_indent: 17.0,
            table_spacing: 10.0,
            cell_padding: 4.0,
            text_color: Color::rgb8(0x1a, 0x1a, 0x1a),
            heading_color: Color::rgb8(0x1f, 0x3a, 0x5f),
            link_color: Color::rgb8(0x0b, 0x4f, 0xb3),
            muted_color: Color::rgb8(0x5a, 0x5f, 0x66),
            accent_color: Color::rgb8(0x2e, 0x6d, 0xa4),
            table_header_fill: Color::rgb8(0xe3, 0xe9, 0xf1),
            rule_color: Color::rgb8(0xb4, 0xbc, 0xc8),
            rule_width: 0.5,
            underline_links: true,
        }
    }
}

impl Theme {
    /// The default theme with side margins suited to the paper: 22 mm on A4,
    /// 0.85 inch on the slightly wider, shorter Letter.
    pub fn for_page(size: PageSize) -> Theme {
        let mut t = Theme::default();
        if size == PageSize::Letter {
            t.margin_left = 0.85 * 72.0;
            t.margin_right = 0.85 * 72.0;
            t.margin_bottom = 20.0 * MM;
        }
        t
    }
}

/// A rectangle in page coordinates: `(x, y)` is its bottom-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text whose baseline starts at `(x, y)`; `run.x` is its
    /// offset within its line and is already included in `x`.
    Text { x: f32, y: f32, run: Run },
    /// A filled rectangle (table header background).
    Fill { rect: Rect, color: Color },
    /// A straight line (rules, link underlines).
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
    },
    /// A clickable area opening `url`.
    Link { rect: Rect, url: String },
}

/// One page's items, in drawing order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A heading for the document outline (bookmarks).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// 1 to 3.
    pub level: u8,
    pub title: String,
    /// Page index, from 0.
    pub page: usize,
    /// Page y of the top of the heading's line.
    pub top: f32,
    /// Page x of the heading's left edge.
    pub left: f32,
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct PagedDocument {
    pub width: f32,
    pub height: f32,
    /// The area body text stays inside (header and footer are outside it).
    pub body: Rect,
    /// Always at least one page.
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}

/// A mark inside a band: x is absolute, `dy` measures down from the band's top.
#[derive(Debug, Clone)]
enum Mark {
    Text {
        x: f32,
        dy: f32,
        run: Run,
    },
    Fill {
        x: f32,
        dy: f32,
        w: f32,
        h: f32,
        color: Color,
    },
    HRule {
        x1: f32,
        x2: f32,
        dy: f32,
        width: f32,
        color: Color,
    },
    Link {
        x: f32,
        dy: f32,
        w: f32,
        h: f32,
        url: String,
    },
}

#[derive(Debug, Clone, Default)]
struct Band {
    height: f32,
    space_before: f32,
    marks: Vec<Mark>,
    keep_with_next: bool,
    /// Baseline of the band's first line, for list markers.
    baseline: Option<f32>,
    outline: Option<(u8, String)>,
    /// This band is a table body row; index into `Builder::headers`.
    table_row_of: Option<usize>,
    /// A forced page break (the band itself draws nothing).
    page_break: bool,
}

struct Builder<'a> {
    fonts: &'a Fonts,
    theme: &'a Theme,
    body_height: f32,
    bands: Vec<Band>,
    /// The header-row band of each table, repeated after page breaks.
    headers: Vec<Option<Band>>,
    gap: f32,
}

fn inline_spans(inlines: &[Inline], size: f32, base: Style, theme: &Theme) -> Vec<TextSpan> {
    inlines
        .iter()
        .map(|i| {
            let mut style = Style::from_flags(i.bold, i.italic);
            if base == Style::Bold {
                style = style.bolded();
            }
            TextSpan {
                text: i.text.clone(),
                style,
                size,
                color: if i.link.is_some() {
                    theme.link_color
                } else if base == Style::Bold {
                    theme.heading_color
                } else {
                    theme.text_color
                },
                link: i.link.clone(),
            }
        })
        .collect()
}

fn plain_text(inlines: &[Inline]) -> String {
    let s: String = inlines.iter().map(|i| i.text.as_str()).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn recolor(spans: &mut [TextSpan], color: Color) {
    for s in spans {
        if s.link.is_none() {
            s.color = color;
        }
    }
}

impl<'a> Builder<'a> {
    fn space(&mut self, s: f32) {
        self.gap = self.gap.max(s);
    }

    fn push(&mut self, mut band: Band) {
        band.space_before = band.space_before.max(self.gap);
        self.gap = 0.0;
        self.bands.push(band);
    }

    fn line_height(&self, size: f32) -> f32 {
        size * self.theme.line_height
    }

    /// Baseline offset inside a line box of `line_h` for text of `size`.
    fn baseline_in(&self, size: f32, line_h: f32) -> f32 {
        let face = self.fonts.face(Style::Regular);
        let content = (face.ascender() - face.descender()) * size;
        (line_h - content) / 2.0 + face.ascender() * size
    }

    /// Marks for one line whose box top is at `dy`, starting at `x`.
    fn line_marks(&self, line: &Line, x: f32, baseline: f32, marks: &mut Vec<Mark>) {
        for run in &line.runs {
            let rx = x + run.x;
            marks.push(Mark::Text {
                x: rx,
                dy: baseline,
                run: run.clone(),
            });
            if let Some(url) = &run.link {
                let face = self.fonts.face(run.style);
                let (upos, uthick) = face.underline();
                if self.theme.underline_links {
                    marks.push(Mark::HRule {
                        x1: rx,
                        x2: rx + run.width,
                        dy: baseline - upos * run.size,
                        width: (uthick * run.size).max(0.4),
                        color: run.color,
                    });
                }
                let top = baseline - face.ascender() * run.size;
                let h = (face.ascender() - face.descender()) * run.size;
                marks.push(Mark::Link {
                    x: rx,
                    dy: top,
                    w: run.width,
                    h,
                    url: url.clone(),
                });
            }
        }
    }

    /// One band per line of `spans`; returns how many bands were pushed.
    fn text_bands(
        &mut self,
        spans: &[TextSpan],
        x: f32,
        width: f32,
        size: f32,
        line_h: f32,
    ) -> usize {
        let lines = break_lines(self.fonts, spans, width);
        let n = lines.len();
        for line in &lines {
            let size = if line.max_size() > 0.0 {
                line.max_size()
            } else {
                size
            };
            let lh = line_h.max(size * 1.05);
            let baseline = self.baseline_in(size, lh);
            let mut band = Band {
                height: lh,
                baseline: Some(baseline),
                ..Band::default()
            };
            self.line_marks(line, x, baseline, &mut band.marks);
            self.push(band);
        }
        n
    }

    fn paragraph(&mut self, inlines: &[Inline], x: f32, width: f32, after: f32) {
        let size = self.theme.body_size;
        let spans = inline_spans(inlines, size, Style::Regular, self.theme);
        let first = self.bands.len();
        let n = self.text_bands(&spans, x, width, size, self.line_height(size));
        // No single line of a paragraph alone at the foot or head of a page.
        if n >= 2 {
            self.bands[first].keep_with_next = true;
            self.bands[first + n - 2].keep_with_next = true;
        }
        self.space(after);
    }

    fn heading(&mut self, level: u8, inlines: &[Inline], x: f32, width: f32) {
        let li = usize::from(level.clamp(1, 3)) - 1;
        let t = self.theme;
        let size = t.heading_sizes[li];
        self.space(t.heading_space_before[li]);
        let spans = inline_spans(inlines, size, Style::Bold, t);
        let first = self.bands.len();
        let n = self.text_bands(&spans, x, width, size, size * 1.25);
        for b in &mut self.bands[first..] {
            b.keep_with_next = true;
        }
        if n > 0 {
            self.bands[first].outline = Some((li as u8 + 1, plain_text(inlines)));
        }
        self.space(t.heading_space_after[li]);
    }

    fn list(
        &mut self,
        ordered: bool,
        start: u32,
        items: &[Vec<Block>],
        x: f32,
        width: f32,
        depth: usize,
    ) {
        let t = self.theme;
        let size = t.body_size;
        let labels: Vec<String> = (0..items.len())
            .map(|k| {
                if ordered {
                    format!("{}.", u64::from(start) + k as u64)
                } else {
                    "•".to_string()
                }
            })
            .collect();
        let label_gap = size * 0.5;
        let widest = labels
            .iter()
            .map(|l| self.fonts.width(Style::Regular, l, size))
            .fold(0.0, f32::max);
        let indent = t.list_indent.max(widest + label_gap).min(width * 0.5);
        let text_x = x + indent;
        let text_w = width - indent;
        self.space(if depth == 0 {
            t.paragraph_spacing * 0.5
        } else {
            t.list_item_spacing
        });
        for (item, label) in items.iter().zip(&labels) {
            let first = self.bands.len();
            self.blocks(item, text_x, text_w, depth + 1, true);
            if self.bands.len() == first || self.bands[first].page_break {
                let lh = self.line_height(size);
                let band = Band {
                    height: lh,
                    baseline: Some(self.baseline_in(size, lh)),
                    ..Band::default()
                };
                self.bands.insert(first, band);
            }
            let band = &self.bands[first];
            let baseline = band.baseline.unwrap_or(self.baseline_in(size, band.height));
            let lw = self.fonts.width(Style::Regular, label, size);
            let lx = if ordered {
                text_x - label_gap - lw
            } else {
                x + (indent - lw) / 2.0 - indent * 0.15
            };
            let run = Run {
                text: label.clone(),
                style: Style::Regular,
                size,
                color: if ordered {
                    t.text_color
                } else {
                    t.accent_color
                },
                link: None,
                x: 0.0,
                width: lw,
            };
            self.bands[first].marks.push(Mark::Text {
                x: lx.max(x),
                dy: baseline,
                run,
            });
            self.space(t.list_item_spacing);
        }
        self.space(if depth == 0 {
            t.paragraph_spacing
        } else {
            t.list_item_spacing
        });
    }

    fn table(&mut self, table: &Table, x: f32, width: f32) {
        let t = self.theme;
        let ncols = table.columns();
        if ncols == 0 {
            return;
        }
        let size = t.table_size;
        let pad = t.cell_padding;
        fn cell(row: &[Vec<Inline>], c: usize) -> &[Inline] {
            row.get(c).map(Vec::as_slice).unwrap_or(&[])
        }
        let has_header = table.header.iter().any(|c| !plain_text(c).is_empty());
        let header_spans: Vec<Vec<TextSpan>> = (0..ncols)
            .map(|c| {
                let mut s = inline_spans(cell(&table.header, c), size, Style::Bold, t);
                recolor(&mut s, t.heading_color);
                s
            })
            .collect();
        let row_spans: Vec<Vec<Vec<TextSpan>>> = table
            .rows
            .iter()
            .map(|r| {
                (0..ncols)
                    .map(|c| inline_spans(cell(r, c), size, Style::Regular, t))
                    .collect()
            })
            .collect();

        // Column widths from content (CSS automatic table layout, simplified).
        let mut mins = vec![0.0f32; ncols];
        let mut maxs = vec![0.0f32; ncols];
        let all_rows = std::iter::once(&header_spans)
            .filter(|_| has_header)
            .chain(row_spans.iter());
        for row in all_rows {
            for (c, spans) in row.iter().enumerate() {
                let (mn, mx) = min_max_width(self.fonts, spans);
                mins[c] = mins[c].max(mn + 2.0 * pad);
                maxs[c] = maxs[c].max(mx + 2.0 * pad);
            }
        }
        for c in 0..ncols {
            mins[c] = mins[c].min(width * 0.4).max(2.0 * pad + size);
            maxs[c] = maxs[c].max(mins[c]);
        }
        let widths = column_widths(&mins, &maxs, width);
        let mut col_x = Vec::with_capacity(ncols);
        let mut acc = x;
        for w in &widths {
            col_x.push(acc);
            acc += w;
        }

        let lh = self.line_height(size);
        let baseline = self.baseline_in(size, lh);
        let tid = self.headers.len();
        self.space(t.table_spacing);

        let header_band = if has_header {
            let band = self.row_band(&header_spans, &col_x, &widths, lh, baseline, true, x, width);
            band.map(|mut b| {
                b.keep_with_next = !table.rows.is_empty();
                b
            })
        } else {
            None
        };
        let header_h = header_band.as_ref().map_or(0.0, |b| b.height);
        self.headers.push(header_band.clone());
        if let Some(b) = header_band {
            self.push(b);
        }
        let max_chunk = (self.body_height - header_h).max(lh + 2.0 * pad);
        for row in &row_spans {
            let lines: Vec<Vec<Line>> = row
                .iter()
                .zip(&widths)
                .map(|(spans, w)| break_lines(self.fonts, spans, w - 2.0 * pad))
                .collect();
            let nlines = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let per_chunk = (((max_chunk - 2.0 * pad) / lh).floor() as usize).max(1);
            let mut from = 0;
            while from < nlines {
                let to = (from + per_chunk).min(nlines);
                let mut band = Band {
                    height: (to - from) as f32 * lh + 2.0 * pad,
                    baseline: Some(pad + baseline),
                    table_row_of: Some(tid),
                    ..Band::default()
                };
                for (c, cell_lines) in lines.iter().enumerate() {
                    for (k, line) in cell_lines.iter().enumerate().take(to).skip(from) {
                        let dy = pad + (k - from) as f32 * lh + baseline;
                        self.line_marks(line, col_x[c] + pad, dy, &mut band.marks);
                    }
                }
                band.marks.push(Mark::HRule {
                    x1: x,
                    x2: x + width,
                    dy: band.height,
                    width: t.rule_width,
                    color: t.rule_color,
                });
                self.push(band);
                from = to;
            }
        }
        self.space(t.table_spacing);
    }

    /// The header row of a table, drawn over a fill with a rule above and below.
    #[allow(clippy::too_many_arguments)]
    fn row_band(
        &self,
        cells: &[Vec<TextSpan>],
        col_x: &[f32],
        widths: &[f32],
        lh: f32,
        baseline: f32,
        header: bool,
        x: f32,
        width: f32,
    ) -> Option<Band> {
        let t = self.theme;
        let pad = t.cell_padding;
        let lines: Vec<Vec<Line>> = cells
            .iter()
            .zip(widths)
            .map(|(spans, w)| break_lines(self.fonts, spans, w - 2.0 * pad))
            .collect();
        let nlines = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let height = nlines as f32 * lh + 2.0 * pad;
        let mut band = Band {
            height,
            baseline: Some(pad + baseline),
            ..Band::default()
        };
        if header {
            band.marks.push(Mark::Fill {
                x,
                dy: 0.0,
                w: width,
                h: height,
                color: t.table_header_fill,
            });
            band.marks.push(Mark::HRule {
                x1: x,
                x2: x + width,
                dy: 0.0,
                width: t.rule_width * 1.6,
                color: t.heading_color,
            });
        }
        for (c, cell_lines) in lines.iter().enumerate() {
            for (k, line) in cell_lines.iter().enumerate() {
                let dy = pad + k as f32 * lh + baseline;
                self.line_marks(line, col_x[c] + pad, dy, &mut band.marks);
            }
        }
        band.marks.push(Mark::HRule {
            x1: x,
            x2: x + width,
            dy: height,
            width: t.rule_width * if header { 1.6 } else { 1.0 },
            color: if header {
                t.heading_color
            } else {
                t.rule_color
            },
        });
        Some(band)
    }

    fn cover(&mut self, cover: &Cover, x: f32, width: f32) {
        let t = self.theme;
        if self.bands.is_empty() {
            // Space above a cover that opens the document; a band, not a gap,
            // because gaps collapse at the top of a page.
            self.push(Band {
                height: self.body_height * 0.12,
                ..Band::default()
            });
        }
        let title_size = t.cover_title_size;
        let mut spans = vec![TextSpan::new(
            cover.title.clone(),
            Style::Bold,
            title_size,
            t.heading_color,
        )];
        self.text_bands(&spans, x, width, title_size, title_size * 1.2);
        if !cover.subtitle.trim().is_empty() {
            self.space(title_size * 0.45);
            let size = t.cover_subtitle_size;
            spans = vec![TextSpan::new(
                cover.subtitle.clone(),
                Style::Regular,
                size,
                t.muted_color,
            )];
            self.text_bands(&spans, x, width, size, size * 1.3);
        }
        self.space(16.0);
        self.push(Band {
            height: 2.5,
            marks: vec![Mark::HRule {
                x1: x,
                x2: x + (width * 0.22).min(120.0),
                dy: 1.25,
                width: 2.5,
                color: t.accent_color,
            }],
            ..Band::default()
        });
        self.space(14.0);
        let size = t.cover_line_size;
        for line in &cover.lines {
            let spans = vec![TextSpan::new(
                line.clone(),
                Style::Regular,
                size,
                t.text_color,
            )];
            if self.text_bands(&spans, x, width, size, self.line_height(size)) > 0 {
                self.space(3.0);
            }
        }
        self.space(t.heading_space_before[0] * 1.5);
    }

    fn blocks(&mut self, blocks: &[Block], x: f32, width: f32, depth: usize, tight: bool) {
        let after = if tight {
            self.theme.list_item_spacing
        } else {
            self.theme.paragraph_spacing
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
                    self.bands.push(Band {
                        page_break: true,
                        ..Band::default()
                    });
                    self.gap = 0.0;
                }
                Block::Cover(cover) => self.cover(cover, x, width),
            }
        }
    }
}

/// Distributes `width` over columns with least widths `mins` and preferred
/// widths `maxs`, filling the full width. Columns whose content fits in an
/// equal share of the room left keep their preferred width (so short names
/// and numbers do not wrap); the rest share what remains between their least
/// and preferred widths, as CSS automatic table layout does.
fn column_widths(mins: &[f32], maxs: &[f32], width: f32) -> Vec<f32> {
    let sum_min: f32 = mins.iter().sum();
    let sum_max: f32 = maxs.iter().sum();
    if sum_min >= width || sum_min <= 0.0 {
        let total = sum_min.max(EPS);
        return mins.iter().map(|m| m / total * width).collect();
    }
    if sum_max <= width {
        // Everything fits on one line: share the spare room by preferred width.
        return maxs
            .iter()
            .map(|m| m + (width - sum_max) * m / sum_max)
            .collect();
    }
    let n = mins.len();
    let mut fixed = vec![false; n];
    let mut avail = width;
    loop {
        let open = fixed.iter().filter(|f| !**f).count();
        if open == 0 {
            break;
        }
        let share = avail / open as f32;
        let mut changed = false;
        for c in 0..n {
            if !fixed[c] && maxs[c] <= share {
                fixed[c] = true;
                avail -= maxs[c];
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let open_min: f32 = (0..n).filter(|&c| !fixed[c]).map(|c| mins[c]).sum();
    let open_flex: f32 = (0..n)
        .filter(|&c| !fixed[c])
        .map(|c| maxs[c] - mins[c])
        .sum();
    if avail < open_min || open_flex <= EPS {
        let spare = width - sum_min;
        let flex: f32 = mins.iter().zip(maxs).map(|(a, b)| b - a).sum();
        return mins
            .iter()
            .zip(maxs)
            .map(|(a, b)| a + spare * (b - a) / flex.max(EPS))
            .collect();
    }
    (0..n)
        .map(|c| {
            if fixed[c] {
                maxs[c]
            } else {
                mins[c] + (avail - open_min) * (maxs[c] - mins[c]) / open_flex
            }
        })
        .collect()
}

/// Substitutes `{page}` and `{pages}` in a page label.
fn page_label(label: &str, page: usize, pages: usize) -> String {
    label
        .replace("{page}", &page.to_string())
        .replace("{pages}", &pages.to_string())
}

/// Shortens `text` with an ellipsis until it fits `width` in `style` at `size`.
fn fit(fonts: &Fonts, style: Style, size: f32, text: &str, width: f32) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = super::text::sanitize(fonts.face(style), &text);
    if super::text::measure(fonts, style, size, &text) <= width {
        return text;
    }
    let face = fonts.face(style);
    let room = width - face.width("…", size);
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += face.advance(c).unwrap_or(0.0) * size;
        if used > room {
            break;
        }
        out.push(c);
    }
    if out.trim().is_empty() {
        return String::new();
    }
    out.trim_end().to_string() + "…"
}

/// Lays out `doc` on pages of `size`.
pub fn paginate(doc: &Document, size: PageSize, theme: &Theme, fonts: &Fonts) -> PagedDocument {
    let (wmm, hmm) = size.mm();
    let (pw, ph) = (wmm * MM, hmm * MM);
    let sane = |v: f32, max: f32| {
        if v.is_finite() {
            v.clamp(0.0, max)
        } else {
            0.0
        }
    };
    let ml = sane(theme.margin_left, pw * 0.4);
    let mr = sane(theme.margin_right, pw * 0.4);
    let mt = sane(theme.margin_top, ph * 0.4);
    let mb = sane(theme.margin_bottom, ph * 0.4);
    let body = Rect {
        x: ml,
        y: mb,
        width: pw - ml - mr,
        height: ph - mt - mb,
    };
    let mut b = Builder {
        fonts,
        theme,
        body_height: body.height,
        bands: Vec::new(),
        headers: Vec::new(),
        gap: 0.0,
    };
    b.blocks(&doc.blocks, body.x, body.width, 0, false);
    let Builder { bands, headers, .. } = b;

    let mut pages: Vec<Page> = vec![Page::default()];
    let mut outline = Vec::new();
    let mut cursor = 0.0f32; // distance below the body's top
    let mut has_content = false;
    let mut break_pending = false;
    let place = |band: &Band, top: f32, page: &mut Page| {
        let y0 = ph - mt - top;
        for m in &band.marks {
            page.items.push(match m {
                Mark::Text { x, dy, run } => Item::Text {
                    x: *x,
                    y: y0 - dy,
                    run: run.clone(),
                },
                Mark::Fill { x, dy, w, h, color } => Item::Fill {
                    rect: Rect {
                        x: *x,
                        y: y0 - dy - h,
                        width: *w,
                        height: *h,
                    },
                    color: *color,
                },
                Mark::HRule {
                    x1,
                    x2,
                    dy,
                    width,
                    color,
                } => Item::Rule {
                    x1: *x1,
                    y1: y0 - dy,
                    x2: *x2,
                    y2: y0 - dy,
                    width: *width,
                    color: *color,
                },
                Mark::Link { x, dy, w, h, url } => Item::Link {
                    rect: Rect {
                        x: *x,
                        y: y0 - dy - h,
                        width: *w,
                        height: *h,
                    },
                    url: url.clone(),
                },
            });
        }
    };
    for (i, band) in bands.iter().enumerate() {
        if band.page_break {
            // Opened lazily, so a trailing break leaves no blank page.
            break_pending = has_content;
            continue;
        }
        if break_pending {
            pages.push(Page::default());
            cursor = 0.0;
            has_content = false;
            break_pending = false;
        }
        let before = if has_content { band.space_before } else { 0.0 };
        let mut need = before + band.height;
        let mut j = i;
        while bands[j].keep_with_next && j + 1 < bands.len() && !bands[j + 1].page_break {
            j += 1;
            need += bands[j].space_before + bands[j].height;
        }
        let chain_breaks = need <= body.height && cursor + need > body.height + EPS;
        let alone_breaks = cursor + before + band.height > body.height + EPS;
        let mut top = cursor + before;
        if has_content && (chain_breaks || alone_breaks) {
            pages.push(Page::default());
            top = 0.0;
            if let Some(Some(header)) = band.table_row_of.and_then(|t| headers.get(t)) {
                place(header, 0.0, pages.last_mut().expect("a page"));
                top = header.height;
            }
        }
        let page = pages.last_mut().expect("there is always a page");
        place(band, top, page);
        if let Some((level, title)) = &band.outline {
            outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: pages.len() - 1,
                top: ph - mt - top,
                left: body.x,
            });
        }
        cursor = top + band.height;
        has_content = true;
    }

    // Page furniture, now that the page count is known.
    let n = pages.len();
    let fsize = theme.furniture_size;
    let muted = theme.muted_color;
    let text_item = |text: String, x: f32, y: f32| {
        let width = fonts.width(Style::Regular, &text, fsize);
        Item::Text {
            x,
            y,
            run: Run {
                text,
                style: Style::Regular,
                size: fsize,
                color: muted,
                link: None,
                x: 0.0,
                width,
            },
        }
    };
    let face = fonts.face(Style::Regular);
    for (k, page) in pages.iter_mut().enumerate() {
        let header = fit(
            fonts,
            Style::Regular,
            fsize,
            &doc.furniture.header,
            body.width,
        );
        let hy = ph - sane(theme.header_baseline, ph);
        if !header.is_empty() {
            page.items.push(text_item(header, body.x, hy));
            let ry = hy + face.descender() * fsize - 3.0;
            page.items.push(Item::Rule {
                x1: body.x,
                y1: ry,
                x2: body.x + body.width,
                y2: ry,
                width: theme.rule_width * 0.8,
                color: theme.rule_color,
            });
        }
        let fy = sane(theme.footer_baseline, ph);
        let label = fit(
            fonts,
            Style::Regular,
            fsize,
            &page_label(&doc.furniture.page_label, k + 1, n),
            body.width * 0.4,
        );
        let label_w = fonts.width(Style::Regular, &label, fsize);
        if !label.is_empty() {
            page.items
                .push(text_item(label, body.x + body.width - label_w, fy));
        }
        let room = body.width - label_w - if label_w > 0.0 { 12.0 } else { 0.0 };
        let footer = fit(fonts, Style::Regular, fsize, &doc.furniture.footer, room);
        if !footer.is_empty() {
            page.items.push(text_item(footer, body.x, fy));
        }
    }
    PagedDocument {
        width: pw,
        height: ph,
        body,
        pages,
        outline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Furniture;

    fn para(s: &str) -> Block {
        Block::Paragraph(vec![Inline::plain(s)])
    }

    fn heading(level: u8, s: &str) -> Block {
        Block::Heading {
            level,
            content: vec![Inline::plain(s)],
        }
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            furniture: Furniture {
                header: "HEADER".into(),
                footer: "FOOTER".into(),
                page_label: "Page {page} of {pages}".into(),
            },
            blocks,
            ..Document::default()
        }
    }

    fn body_texts(page: &Page, body: &Rect) -> Vec<(f32, f32, String)> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { x, y, run } if *y > body.y - 1.0 => Some((*x, *y, run.text.clone())),
                _ => None,
            })
            .filter(|(_, _, t)| t != "HEADER")
            .collect()
    }

    fn lay(d: &Document) -> PagedDocument {
        paginate(d, PageSize::A4, &Theme::default(), Fonts::builtin())
    }

    #[test]
    fn headings_are_never_last_on_a_page() {
        let filler = "Quyền tự do ngôn luận được Hiến pháp bảo đảm. ".repeat(6);
        // Shift the heading's position down the page one line at a time.
        for n in 0..40 {
            let mut blocks: Vec<Block> = (0..n).map(|_| para("One line.")).collect();
            for k in 0..6 {
                blocks.push(heading(1 + (k % 3) as u8, &format!("Heading {k}")));
                blocks.push(para(&filler));
            }
            let laid = lay(&doc(blocks));
            for page in &laid.pages {
                let texts = body_texts(page, &laid.body);
                let last = texts.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
                assert!(
                    !last.2.starts_with("Heading"),
                    "n={n}: heading at page foot"
                );
            }
        }
    }

    #[test]
    fn body_stays_inside_the_margins() {
        let long = "averyveryverylongwordwithoutanybreakopportunityatall".repeat(30);
        let mut blocks = vec![para(&long), heading(1, &long)];
        blocks.push(Block::List {
            ordered: true,
            start: 98,
            items: vec![vec![para(&long)], vec![para("x")], vec![para("y")]],
        });
        blocks.push(Block::Table(Table {
            header: vec![vec![Inline::plain("A")], vec![Inline::plain(&long)]],
            rows: vec![vec![vec![Inline::plain(&long)], vec![Inline::plain("b")]]; 5],
        }));
        let laid = lay(&doc(blocks));
        let b = laid.body;
        for page in &laid.pages {
            for item in &page.items {
                if let Item::Text { x, y, run } = item {
                    assert!(
                        *x >= b.x - EPS && x + run.width <= b.x + b.width + 0.05,
                        "{run:?}"
                    );
                    let furniture = *y > b.y + b.height || *y < b.y;
                    assert!(furniture || *y - run.size * 0.3 >= b.y - EPS);
                }
            }
        }
    }

    #[test]
    fn table_header_repeats_and_numbering_restarts() {
        let table = Table {
            header: vec![vec![Inline::plain("Name")], vec![Inline::plain("Status")]],
            rows: (0..120)
                .map(|r| {
                    vec![
                        vec![Inline::plain(format!("Person {r}"))],
                        vec![Inline::plain("detained")],
                    ]
                })
                .collect(),
        };
        let list = |n: usize| Block::List {
            ordered: true,
            start: 1,
            items: (0..n).map(|k| vec![para(&format!("item {k}"))]).collect(),
        };
        let laid = lay(&doc(vec![list(3), Block::Table(table), list(2)]));
        assert!(laid.pages.len() >= 3);
        let mut row_pages = 0;
        for page in &laid.pages {
            let texts: Vec<String> = body_texts(page, &laid.body)
                .into_iter()
                .map(|t| t.2)
                .collect();
            if texts.iter().any(|t| t.starts_with("Person")) {
                row_pages += 1;
                assert!(texts.contains(&"Name".to_string()));
            }
        }
        assert_eq!(row_pages, laid.pages.len());
        let labels: Vec<String> = laid
            .pages
            .iter()
            .flat_map(|p| body_texts(p, &laid.body))
            .map(|t| t.2)
            .filter(|t| t.ends_with('.') && t.len() <= 3)
            .collect();
        assert_eq!(labels, ["1.", "2.", "3.", "1.", "2."]);
        let last = laid.pages.last().unwrap();
        let label = last.items.iter().any(|i| {
            matches!(i, Item::Text { run, .. } if run.text == format!("Page {n} of {n}", n = laid.pages.len()))
        });
        assert!(label);
    }

    #[test]
    fn a_row_taller_than_a_page_is_split() {
        let tall = "line\n".repeat(200);
        let laid = lay(&doc(vec![Block::Table(Table {
            header: vec![vec![Inline::plain("H")]],
            rows: vec![vec![vec![Inline::plain(tall)]]],
        })]));
        assert!(laid.pages.len() >= 3);
        let count: usize = laid
            .pages
            .iter()
            .flat_map(|p| body_texts(p, &laid.body))
            .filter(|t| t.2 == "line")
            .count();
        assert_eq!(count, 200);
    }

    #[test]
    fn page_breaks_and_empty_documents() {
        assert_eq!(lay(&Document::default()).pages.len(), 1);
        let laid = lay(&doc(vec![
            Block::PageBreak,
            para("a"),
            Block::PageBreak,
            Block::PageBreak,
            para("b"),
            Block::PageBreak,
        ]));
        assert_eq!(laid.pages.len(), 2);
    }

    #[test]
    fn column_widths_fill_the_measure() {
        for (mins, maxs) in [
            (vec![20.0, 40.0, 60.0], vec![30.0, 400.0, 90.0]),
            (vec![10.0, 10.0], vec![20.0, 30.0]),
            (vec![300.0, 300.0], vec![900.0, 900.0]),
        ] {
            let w = column_widths(&mins, &maxs, 450.0);
            assert!((w.iter().sum::<f32>() - 450.0).abs() < 0.1, "{w:?}");
        }
        let w = column_widths(&[20.0, 40.0, 60.0], &[30.0, 400.0, 90.0], 450.0);
        assert_eq!(w[0], 30.0);
        assert_eq!(w[2], 90.0);
    }

    #[test]
    fn furniture_is_fitted_and_drawable() {
        let mut d = doc(vec![para("x")]);
        d.furniture.header = format!("Header 😀 {}", "and on ".repeat(100));
        let laid = lay(&d);
        let header = laid.pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Text { run, .. } if run.text.starts_with("Header") => Some(run.clone()),
                _ => None,
            })
            .unwrap();
        assert!(header.text.contains('\u{FFFD}') && header.text.ends_with('…'));
        assert!(header.width <= laid.body.width);
    }
}
