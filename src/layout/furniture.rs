//! The furniture phase: once the page count is known, the running header
//! (with its rule), the footer line and the page label are drawn on every
//! page, each shortened with an ellipsis to fit.

use super::page::{Item, Page, Rect};
use super::text::{Run, measure, sanitize};
use crate::doc::Furniture;
use crate::doc::style::StyleSheet;
use crate::fonts::{Fonts, Style};

/// Shortens `text` with an ellipsis until it fits `width` in `style` at `size`.
fn fit(fonts: &Fonts, style: Style, size: f32, text: &str, width: f32) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = sanitize(fonts.face(style), &text);
    if measure(fonts, style, size, &text) <= width {
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
) {
    let n = pages.len();
    let f = &style.furniture;
    let size = f.text.size;
    let body = frame.body;
    let text_item = |text: String, x: f32, y: f32| {
        let width = fonts.width(Style::Regular, &text, size);
        Item::Text {
            x,
            y,
            run: Run {
                text,
                style: Style::Regular,
                size,
                color: f.text.color,
                link: None,
                x: 0.0,
                width,
            },
        }
    };
    let face = fonts.face(Style::Regular);
    let header = fit(fonts, Style::Regular, size, &furniture.header, body.width);
    for (k, page) in pages.iter_mut().enumerate() {
        let hy = frame.header_baseline;
        if !header.is_empty() {
            page.items.push(text_item(header.clone(), body.x, hy));
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
        let label = fit(
            fonts,
            Style::Regular,
            size,
            &furniture.page_label.render(k + 1, n),
            body.width * 0.4,
        );
        let label_w = fonts.width(Style::Regular, &label, size);
        if !label.is_empty() {
            page.items
                .push(text_item(label, body.x + body.width - label_w, fy));
        }
        let room = body.width - label_w - if label_w > 0.0 { 12.0 } else { 0.0 };
        let footer = fit(fonts, Style::Regular, size, &furniture.footer, room);
        if !footer.is_empty() {
            page.items.push(text_item(footer, body.x, fy));
        }
    }
}
