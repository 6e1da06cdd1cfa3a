//! Tables: rules between rows only, a header row shaded, columns as the
//! PDF's layout measures them.

use docx_rs::{
    BorderType, BuildXML, LineSpacing, Shading, ShdType, Table as DocxTable, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellBorder, TableCellBorderPosition,
    TableCellBorders, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use super::super::twips;
use super::super::wordml::{Additions, repair};
use super::Writer;
use crate::doc::{Inline, Table};

impl Writer<'_> {
    pub(super) fn table(&mut self, table: &Table) {
        let columns = table.columns();
        if columns == 0 {
            return;
        }
        let widths = self.column_widths(table);
        let table_has_header = table.header.is_some();
        // Each row is written as XML as soon as it is built, rather than
        // held as docx-rs values until the table ends (a summary has tens
        // of thousands of cells); they go into the table when it is repaired.
        let mut rows = Vec::new();
        for (row, header) in table
            .header
            .iter()
            .map(|h| (h, true))
            .chain(table.rows.iter().map(|r| (r, false)))
        {
            let row = self.row(row, &widths, header);
            self.numbered |= row.has_numbering;
            rows.extend_from_slice(&row.build());
        }
        self.table_of_rows(&rows, widths, table_has_header);
    }

    /// A table of `rows` (XML of `w:tr`s) with columns `widths` wide, the
    /// first a header row when `table_has_header`.
    pub(super) fn table_of_rows(
        &mut self,
        rows: &[u8],
        widths: Vec<usize>,
        table_has_header: bool,
    ) {
        if rows.is_empty() {
            return;
        }
        let t = &self.style.table;
        let rule = |pos, width: f32, color: String| {
            TableBorder::new(pos)
                .border_type(BorderType::Single)
                .size(eighths(width))
                .color(color)
        };
        let none = |pos| TableBorder::new(pos).border_type(BorderType::Nil);
        let (top_width, top_color) = if table_has_header {
            (t.header_rule_width, t.header_rule_color)
        } else {
            (t.rule_width, t.rule_color)
        };
        // Rules between rows only, as in the PDF: no vertical lines.
        let borders = TableBorders::new()
            .set(rule(TableBorderPosition::Top, top_width, top_color.hex()))
            .set(none(TableBorderPosition::Left))
            .set(rule(
                TableBorderPosition::Bottom,
                t.rule_width,
                t.rule_color.hex(),
            ))
            .set(none(TableBorderPosition::Right))
            .set(rule(
                TableBorderPosition::InsideH,
                t.rule_width,
                t.rule_color.hex(),
            ))
            .set(none(TableBorderPosition::InsideV));
        let pad = twips(t.padding).max(0) as usize;
        let table = DocxTable::new(Vec::new())
            .set_grid(widths)
            .width(self.text_width, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(pad, pad, pad, pad))
            .set_borders(borders);
        self.flush_break();
        let additions = Additions {
            runs: Some(&mut self.run_extensions),
            tables_rtl: self.rtl,
            header_row: table_has_header,
            before_end: Some(("w:tbl", rows)),
            ..Additions::default()
        };
        match repair(&table.build(), additions) {
            Ok(xml) => self.push_xml(xml),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        // Two tables in a row would merge into one; a paragraph also gives
        // the table some room below.
        let p = self.paragraph().line_spacing(
            LineSpacing::new()
                .after(0)
                .line(twips(t.spacing))
                .line_rule(docx_rs::LineSpacingType::Exact),
        );
        self.push_paragraph(p);
    }

    /// The layout's column widths (the style sheet's one rule, measured
    /// with the PDF's fonts, whose widths are close to the DOCX's), in
    /// twips adding up to the measure.
    pub(super) fn column_widths(&self, table: &Table) -> Vec<usize> {
        let points = crate::layout::table_columns(
            self.fonts,
            self.style,
            table,
            self.text_width as f32 / 20.0,
            &self.lang,
        );
        let mut widths: Vec<usize> = points
            .iter()
            .map(|w| (w * 20.0).floor().max(1.0) as usize)
            .collect();
        // Hand the rounding remainder to the last column.
        let used: usize = widths.iter().sum();
        if let Some(last) = widths.last_mut()
            && used <= self.text_width
        {
            *last += self.text_width - used;
        }
        widths
    }

    pub(super) fn row(
        &mut self,
        cells: &[Vec<Inline>],
        widths: &[usize],
        header: bool,
    ) -> TableRow {
        let empty = Vec::new();
        self.row_with(widths, header, |writer, i, p| {
            writer.inlines(p, cells.get(i).unwrap_or(&empty))
        })
    }

    /// A row of cells `widths` wide, the text of cell `i` added to its
    /// paragraph by `content`.
    pub(super) fn row_with(
        &mut self,
        widths: &[usize],
        header: bool,
        mut content: impl FnMut(&mut Self, usize, docx_rs::Paragraph) -> docx_rs::Paragraph,
    ) -> TableRow {
        let t = &self.style.table;
        let fill = t.header_fill.hex();
        let under_header = TableCellBorder::new(TableCellBorderPosition::Bottom)
            .border_type(BorderType::Single)
            .size(eighths(t.header_rule_width))
            .color(t.header_rule_color.hex());
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, width)| {
                let p = self
                    .paragraph()
                    .style(if header { "TableHeader" } else { "TableText" });
                let p = content(self, i, p);
                let p = self.directed(p);
                let mut cell = TableCell::new()
                    .width(*width, WidthType::Dxa)
                    .add_paragraph(p);
                if header {
                    cell = cell
                        .shading(
                            Shading::new()
                                .shd_type(ShdType::Clear)
                                .color("auto")
                                .fill(fill.clone()),
                        )
                        .set_borders(TableCellBorders::with_empty().set(under_header.clone()));
                }
                cell
            })
            .collect();
        TableRow::new(cells).cant_split()
    }
}

/// A border width in eighths of a point, as Word wants it (2 to 96).
fn eighths(points: f32) -> usize {
    ((points * 8.0).round() as usize).clamp(2, 96)
}
