//! Lists: bullets share one numbering instance, each ordered list has its
//! own, which starts at the list's first number.

use docx_rs::{BuildXML, IndentLevel, NumberingId};

use super::super::numbering::{self, BULLET_NUM, MAX_LEVEL};
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
        let level = parent.map_or(0, |p| (p.level + 1).min(MAX_LEVEL));
        let num = if ordered {
            let id = self.next_num;
            self.next_num += 1;
            let instance = numbering::instance(id, level, start);
            self.numbers.extend_from_slice(&instance.build());
            id
        } else {
            BULLET_NUM
        };
        let ctx = ListContext { num, level };
        for item in items {
            let mut rest = item.as_slice();
            let mut p = self
                .paragraph()
                .style("ListParagraph")
                .numbering(NumberingId::new(ctx.num), IndentLevel::new(ctx.level));
            if let Some((Block::Paragraph(content), tail)) = rest.split_first() {
                p = self.inlines(p, content);
                rest = tail;
            }
            self.push_paragraph(p);
            for block in rest {
                self.block(block, Some(ctx));
            }
        }
    }
}
