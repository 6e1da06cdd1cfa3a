//! The furniture phase: once the page count is known, the running header
//! (with its rule), the footer line and the page label are drawn on every
//! page, each shortened with an ellipsis to fit: the footer line only in
//! the name it holds, so that its date stays whole beside the page label.

use super::page::{Item, Page, Rect, Tag};
use super::text::{Line, TextSpan, fit_line, fit_line_shortening};
use crate::doc::style::StyleSheet;
use crate::doc::{Direction, FooterLine, Furniture, first_strong};
use crate::fonts::{Fonts, Style};

/// Where furniture goes: the body's box and the baselines, in page y.
pub(super) struct Frame {
    pub body: Rect,
    pub header_baseline: f32,
    pub footer_baseline: f32,
}

/// Draws `furniture` on every one of `pages`.
pub(super) fn draw(
    pages: &mut [Page],
    furniture: &Furniture,
    frame: &Frame,
    style: &StyleSheet,
    fonts: &Fonts,
    direction: Direction,
) {
    let rtl = direction.is_rtl();
    let n = pages.len();
    let f = &style.furniture;
    let size = f.text.size;
    let body = frame.body;
    let fit = |text: &str, width: f32| {
        let span = TextSpan::new(text, Style::Regular, size, f.text.color);
        fit_line(fonts, span, width, rtl)
    };
    let place = |line: Line, x: f32, y: f32, items: &mut Vec<Item>| {
        for run in line.runs {
            items.push(Item::Text {
                x: x + run.x,
                y,
                run,
                tag: Tag::Pagination,
            });
        }
    };
    let face = fonts.face(Style::Regular);
    let header = fit(&furniture.header, body.width);
    for (k, page) in pages.iter_mut().enumerate() {
        let hy = frame.header_baseline;
        if !header.runs.is_empty() {
            place(header.clone(), body.x, hy, &mut page.items);
            let ry = hy + face.descender() * size - f.rule_gap;
            page.items.push(Item::Rule {
                x1: body.x,
                y1: ry,
                x2: body.x + body.width,
                y2: ry,
                width: f.rule_width,
                color: f.rule_color,
            });
        }
        let fy = frame.footer_baseline;
        let label_text = furniture.page_label.render(k + 1, n);
        let label = fit(&label_text, f.label_max_width(body.width));
        let label_w = label.width;
        if !label.runs.is_empty() {
            place(label, body.x + body.width - label_w, fy, &mut page.items);
        }
        let room = f.footer_room(body.width, label_w);
        let (footer, _) = footer_line(fonts, &furniture.footer, style, room, direction);
        if !footer.runs.is_empty() {
            place(footer, body.x, fy, &mut page.items);
        }
    }
}

/// `footer` set in the furniture's style within `width` in a document
/// running in `direction`, its name set apart (in the direction of its
/// first letter, as text of unknown language) and shortened first; with
/// the footer as set (the whole line as its name when not even the name's
/// shortening made it fit).
pub fn footer_line(
    fonts: &Fonts,
    footer: &FooterLine,
    style: &StyleSheet,
    width: f32,
    direction: Direction,
) -> (Line, FooterLine) {
    let t = &style.furniture.text;
    let span = |s: &str| TextSpan::new(s, Style::Regular, t.size, t.color);
    let name = TextSpan {
        isolate: Some(first_strong(&footer.name, direction)),
        ..span(&footer.name)
    };
    let spans = [span(&footer.before), name, span(&footer.after)];
    let rtl = direction.is_rtl();
    let (line, texts) = fit_line_shortening(fonts, &spans, 1, width, rtl);
    let set = match <[String; 3]>::try_from(texts) {
        Ok([before, name, after]) => FooterLine::naming(before, name, after),
        Err(texts) => FooterLine::from(texts.concat()),
    };
    (line, set)
}
