//! Lists: bullets share one numbering instance, each ordered list has its
//! own, which starts at the list's first number.

use docx_rs::{BuildXML, IndentLevel, LineSpacing, NumberingId, Paragraph, SpecialIndentType};

use super::super::numbering::{self, BULLET_NUM, MAX_LEVEL};
use super::super::twips;
use super::{ListContext, Writer};
use crate::doc::Block;

impl Writer<'_> {
    pub(super) fn list(
        &mut self,
        ordered: bool,
        start: u32,
        items: &[Vec<Block>],
        parent: Option<ListContext>,
    ) {
        let depth = parent.map_or(0, |p| p.depth + 1);
        let level = depth.min(MAX_LEVEL);
        let num = if ordered {
            let id = self.next_num;
            self.next_num += 1;
            let instance = numbering::instance(id, level, start);
            self.numbers.extend_from_slice(&instance.build());
            id
        } else {
            BULLET_NUM
        };
        // The layout's indent for this list's markers, from the text of
        // the item it is nested in.
        let lists = &self.style.lists;
        let markers = crate::layout::list_markers(lists, ordered, depth, start, items.len());
        let (outer, ends) = parent.map_or((0.0, true), |p| (p.left, p.ends_list));
        let measure = self.text_width as f32 / 20.0;
        let hanging = crate::layout::list_indent(self.fonts, self.style, &markers, measure - outer);
        let left = outer + hanging;
        // The numbering's level already says so unless the markers widened it.
        let as_numbered = twips(left) == numbering::list_indent(lists, level)
            && twips(hanging) == twips(lists.indent);
        let ctx = ListContext {
            num,
            level,
            depth,
            left,
            hanging,
            ends_list: false,
        };
        for (k, item) in items.iter().enumerate() {
            let last_item = ends && k + 1 == items.len();
            let mut rest = item.as_slice();
            let mut p = self
                .paragraph()
                .style("ListParagraph")
                .numbering(NumberingId::new(ctx.num), IndentLevel::new(ctx.level));
            if !as_numbered {
                let hang = SpecialIndentType::Hanging(twips(ctx.hanging));
                p = p.indent(Some(twips(ctx.left)), Some(hang), None, None);
            }
            if let Some((Block::Paragraph(content), tail)) = rest.split_first() {
                p = self.inlines(p, content);
                rest = tail;
            }
            let first = parent.is_none() && k == 0;
            p = self.list_space(p, first, last_item && rest.is_empty());
            self.push_paragraph(p);
            for (b, block) in rest.iter().enumerate() {
                let ends_list = last_item && b + 1 == rest.len();
                self.block(block, Some(ListContext { ends_list, ..ctx }));
            }
        }
    }

    /// `p` with the space a top-level list has before it when `first`
    /// (its first paragraph) and after it when `last` (its last).
    pub(super) fn list_space(&self, p: Paragraph, first: bool, last: bool) -> Paragraph {
        let lists = &self.style.lists;
        let mut spacing = LineSpacing::new();
        if first {
            spacing = spacing.before(twips(lists.space_before).max(0) as u32);
        }
        if last {
            spacing = spacing.after(twips(lists.space_after).max(0) as u32);
        }
        if first || last {
            p.line_spacing(spacing)
        } else {
            p
        }
    }
}
