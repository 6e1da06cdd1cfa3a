//! The flow phase: bands are stacked onto pages. A band marked
//! keep-with-next moves to the next page together with what follows it; a
//! table row that starts a page is preceded by a copy of its table's header
//! row; forced page breaks open a page lazily, so a trailing break leaves
//! no blank page.

use super::band::{Bands, Mark};
use super::page::{Item, OutlineEntry, Page, Rect, Tag};

const EPS: f32 = 0.01;

/// Pages with their body items, and the outline.
pub(super) struct Flowed {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}

/// Draws `marks` with their band's top at `top` below the body's top edge,
/// which is at page y `body_top`; a `repeat` (a table header drawn again
/// after a page break) is an artifact, its content being tagged once. The
/// marks are moved onto the page: a long document's runs are never held
/// twice.
fn place(marks: Vec<Mark>, body_top: f32, top: f32, page: &mut Page, repeat: bool) {
    let y0 = body_top - top;
    let tagged = |tag: Tag| if repeat { Tag::Pagination } else { tag };
    page.items.reserve(marks.len());
    for m in marks {
        page.items.push(match m {
            Mark::Text { x, dy, run, tag } => Item::Text {
                x,
                y: y0 - dy,
                run,
                tag: tagged(tag),
            },
            Mark::Fill { x, dy, w, h, color } => Item::Fill {
                rect: Rect {
                    x,
                    y: y0 - dy - h,
                    width: w,
                    height: h,
                },
                color,
            },
            Mark::HRule {
                x1,
                x2,
                dy,
                width,
                color,
            } => Item::Rule {
                x1,
                y1: y0 - dy,
                x2,
                y2: y0 - dy,
                width,
                color,
            },
            Mark::Link {
                x,
                dy,
                w,
                h,
                target,
                tag,
            } => Item::Link {
                rect: Rect {
                    x,
                    y: y0 - dy - h,
                    width: w,
                    height: h,
                },
                target,
                tag: tagged(tag),
            },
            Mark::Image {
                x,
                dy,
                w,
                h,
                image,
                tag,
            } => Item::Image {
                rect: Rect {
                    x,
                    y: y0 - dy - h,
                    width: w,
                    height: h,
                },
                image,
                tag: tagged(tag),
            },
        });
    }
}

/// Stacks `bands` into pages whose body is `body`, moving their marks.
pub(super) fn flow(all: Bands, body: Rect) -> Flowed {
    let Bands { mut bands, headers } = all;
    let body_top = body.y + body.height;
    let mut pages: Vec<Page> = vec![Page::default()];
    let mut outline = Vec::new();
    let mut cursor = 0.0f32; // distance below the body's top
    let mut has_content = false;
    let mut break_pending = false;
    for i in 0..bands.len() {
        let band = &bands[i];
        if band.page_break {
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
            if let Some(Some(header)) = bands[i].table_row_of.and_then(|t| headers.get(t)) {
                place(
                    header.marks.clone(),
                    body_top,
                    0.0,
                    pages.last_mut().expect("a page"),
                    true,
                );
                top = header.height;
            }
        }
        let band = &mut bands[i];
        let page = pages.last_mut().expect("there is always a page");
        place(std::mem::take(&mut band.marks), body_top, top, page, false);
        if let Some((level, title)) = band.outline.take() {
            outline.push(OutlineEntry {
                level,
                title,
                page: pages.len() - 1,
                top: body_top - top,
                left: body.x,
            });
        }
        cursor = top + band.height;
        has_content = true;
    }
    Flowed { pages, outline }
}
