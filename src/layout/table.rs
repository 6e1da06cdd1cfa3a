//! The table phase: column widths from measured content, then one band per
//! row (a row taller than a page is cut into chunks), the header row kept
//! with the first row and repeated after every page break.

use super::band::{Band, Mark};
use super::blocks::{Builder, inline_spans};
use super::page::{Role, Tag};
use super::text::{Line, TextSpan, break_lines, min_max_width};
use crate::doc::style::StyleSheet;
use crate::doc::{Cell, LanguageTag, Table};
use crate::fonts::Fonts;

/// The cells of `row`, padded to `columns` with empty cells.
fn cells(row: &[Cell], columns: usize) -> impl Iterator<Item = &[crate::doc::Inline]> {
    (0..columns).map(move |c| row.get(c).map(Vec::as_slice).unwrap_or(&[]))
}

/// Where a table's columns are: their left edges and widths, in points.
struct Columns {
    x: Vec<f32>,
    widths: Vec<f32>,
}

/// A table's spans: the header row (if any) and the body rows.
struct Spans {
    header: Option<Vec<Vec<TextSpan>>>,
    rows: Vec<Vec<Vec<TextSpan>>>,
}

fn spans(table: &Table, style: &StyleSheet, lang: &LanguageTag) -> Spans {
    let columns = table.columns();
    let t = &style.table;
    Spans {
        header: table.header.as_ref().map(|h| {
            cells(h, columns)
                .map(|c| inline_spans(c, &t.header_text, style, lang))
                .collect()
        }),
        rows: table
            .rows
            .iter()
            .map(|r| {
                cells(r, columns)
                    .map(|c| inline_spans(c, &t.text, style, lang))
                    .collect()
            })
            .collect(),
    }
}

fn widths_of(
    fonts: &Fonts,
    style: &StyleSheet,
    spans: &Spans,
    columns: usize,
    width: f32,
) -> Vec<f32> {
    let t = &style.table;
    let pad = t.padding;
    let mut mins = vec![0.0f32; columns];
    let mut maxs = vec![0.0f32; columns];
    for row in spans.header.iter().chain(spans.rows.iter()) {
        for (c, cell) in row.iter().enumerate() {
            let (mn, mx) = min_max_width(fonts, cell);
            mins[c] = mins[c].max(mn + 2.0 * pad);
            maxs[c] = maxs[c].max(mx + 2.0 * pad);
        }
    }
    for c in 0..columns {
        mins[c] = mins[c]
            .min(width * t.max_min_share)
            .max(2.0 * pad + t.text.size);
        maxs[c] = maxs[c].max(mins[c]);
    }
    column_widths(&mins, &maxs, width)
}

/// The widths in points of `table`'s columns set in `width` in a document
/// in `lang`, by the style sheet's one rule: both writers call this, so a
/// table has the same columns in the PDF and the DOCX.
pub fn table_columns(
    fonts: &Fonts,
    style: &StyleSheet,
    table: &Table,
    width: f32,
    lang: &LanguageTag,
) -> Vec<f32> {
    let columns = table.columns();
    if columns == 0 {
        return Vec::new();
    }
    widths_of(fonts, style, &spans(table, style, lang), columns, width)
}

impl Builder<'_> {
    pub(super) fn table(&mut self, table: &Table, x: f32, width: f32) {
        let ncols = table.columns();
        if ncols == 0 {
            return;
        }
        let t = &self.style.table;
        let (pad, size, spacing) = (t.padding, t.text.size, t.spacing);
        let lh = t.text.line_height();
        let spans = spans(table, self.style, &self.lang);
        let widths = widths_of(self.fonts, self.style, &spans, ncols, width);
        let mut col_x = Vec::with_capacity(ncols);
        let mut acc = x;
        for w in &widths {
            col_x.push(acc);
            acc += w;
        }
        let cols = Columns { x: col_x, widths };

        let baseline = self.baseline_in(size, lh);
        let tid = self.out.headers.len();
        self.space(spacing);

        // Table > THead > TR > TH (each heading its column), then
        // TBody > TR > TD; a row's chunks and the pages it runs over share
        // its nodes.
        let tnode = self.block_node(Role::Table);
        let mut header_tags: Vec<Vec<Tag>> = Vec::new();
        if let Some(h) = &table.header {
            let thead = self.node(Role::TableHead, tnode);
            let tr = self.node(Role::TableRow, thead);
            for cell in cells(h, ncols) {
                let th = self.node(Role::HeaderCell, tr);
                header_tags.push(self.inline_tags(cell, th));
            }
        }
        let tbody = (!table.rows.is_empty()).then(|| self.node(Role::TableBody, tnode));
        let header_band = spans.header.as_ref().map(|h| {
            let mut b = self.header_band(h, &header_tags, &cols, lh, baseline);
            b.keep_with_next = !table.rows.is_empty();
            b
        });
        let header_h = header_band.as_ref().map_or(0.0, |b| b.height);
        self.out.headers.push(header_band.clone());
        if let Some(b) = header_band {
            self.push(b);
        }
        let max_chunk = (self.body_height - header_h).max(lh + 2.0 * pad);
        let (rule_width, rule_color) = (t.rule_width, t.rule_color);
        for (row, cells_in) in spans.rows.iter().zip(&table.rows) {
            let tr = self.node(Role::TableRow, tbody.unwrap_or(tnode));
            let mut tags: Vec<Vec<Tag>> = Vec::with_capacity(ncols);
            for cell in cells(cells_in, ncols) {
                let td = self.node(Role::DataCell, tr);
                tags.push(self.inline_tags(cell, td));
            }
            let mut lines = self.cell_lines(row, &cols);
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
                for (c, cell_lines) in lines.iter_mut().enumerate() {
                    for (k, line) in cell_lines.iter_mut().enumerate().take(to).skip(from) {
                        let dy = pad + (k - from) as f32 * lh + baseline;
                        // Each line goes into one band only: moved, not copied.
                        let line = std::mem::take(line);
                        self.line_marks(line, cols.x[c] + pad, dy, &tags[c], &mut band.marks);
                    }
                }
                band.marks.push(Mark::HRule {
                    x1: x,
                    x2: x + width,
                    dy: band.height,
                    width: rule_width,
                    color: rule_color,
                });
                self.push(band);
                from = to;
            }
        }
        self.space(spacing);
    }

    fn cell_lines(&self, row: &[Vec<TextSpan>], cols: &Columns) -> Vec<Vec<Line>> {
        let pad = self.style.table.padding;
        row.iter()
            .zip(&cols.widths)
            .map(|(spans, w)| break_lines(self.fonts, spans, w - 2.0 * pad, self.rtl))
            .collect()
    }

    /// The header row of a table, drawn over a fill with a rule above and
    /// below; `tags` has each cell's span tags.
    fn header_band(
        &self,
        cells: &[Vec<TextSpan>],
        tags: &[Vec<Tag>],
        cols: &Columns,
        lh: f32,
        baseline: f32,
    ) -> Band {
        let t = &self.style.table;
        let pad = t.padding;
        let x = cols.x.first().copied().unwrap_or(0.0);
        let width: f32 = cols.widths.iter().sum();
        let lines = self.cell_lines(cells, cols);
        let nlines = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let height = nlines as f32 * lh + 2.0 * pad;
        let mut band = Band {
            height,
            baseline: Some(pad + baseline),
            ..Band::default()
        };
        band.marks.push(Mark::Fill {
            x,
            dy: 0.0,
            w: width,
            h: height,
            color: t.header_fill,
        });
        for dy in [0.0, height] {
            band.marks.push(Mark::HRule {
                x1: x,
                x2: x + width,
                dy,
                width: t.header_rule_width,
                color: t.header_rule_color,
            });
        }
        for (c, cell_lines) in lines.into_iter().enumerate() {
            for (k, line) in cell_lines.into_iter().enumerate() {
                let dy = pad + k as f32 * lh + baseline;
                let tags = tags.get(c).map_or(&[][..], Vec::as_slice);
                self.line_marks(line, cols.x[c] + pad, dy, tags, &mut band.marks);
            }
        }
        band
    }
}

/// Distributes `width` over columns with least widths `mins` and preferred
/// widths `maxs`, filling the full width: the one column-width rule of both
/// formats. Columns whose content fits in an equal share of the room left
/// keep their preferred width (so short names and numbers do not wrap); the
/// rest share what remains between their least and preferred widths, as CSS
/// automatic table layout does.
pub fn column_widths(mins: &[f32], maxs: &[f32], width: f32) -> Vec<f32> {
    const EPS: f32 = 0.01;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
