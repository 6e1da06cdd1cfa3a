//! The flow phase: bands are stacked onto pages. A band marked
//! keep-with-next moves to the next page together with what follows it; a
//! table row that starts a page is preceded by a copy of its table's header
//! row; forced page breaks open a page lazily, so a trailing break leaves
//! no blank page.

use super::band::{Band, Bands, Mark};
use super::page::{Item, OutlineEntry, Page, Rect, Tag};

const EPS: f32 = 0.01;

/// Pages with their body items, and the outline.
pub(super) struct Flowed {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}

/// Draws `band`'s marks with its top at `top` below the body's top edge,
/// which is at page y `body_top`; a `repeat` (a table header drawn again
/// after a page break) is an artifact, its content being tagged once.
fn place(band: &Band, body_top: f32, top: f32, page: &mut Page, repeat: bool) {
    let y0 = body_top - top;
    let tagged = |tag: &Tag| if repeat { Tag::Pagination } else { *tag };
    for m in &band.marks {
        page.items.push(match m {
            Mark::Text { x, dy, run, tag } => Item::Text {
                x: *x,
                y: y0 - dy,
                run: run.clone(),
                tag: tagged(tag),
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
            Mark::Link {
                x,
                dy,
                w,
                h,
                url,
                tag,
            } => Item::Link {
                rect: Rect {
                    x: *x,
                    y: y0 - dy - h,
                    width: *w,
                    height: *h,
                },
                url: url.clone(),
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
                    x: *x,
                    y: y0 - dy - h,
                    width: *w,
                    height: *h,
                },
                image: image.clone(),
                tag: tagged(tag),
            },
        });
    }
}

/// Stacks `bands` into pages whose body is `body`.
pub(super) fn flow(all: &Bands, body: Rect) -> Flowed {
    let Bands { bands, headers } = all;
    let body_top = body.y + body.height;
    let mut pages: Vec<Page> = vec![Page::default()];
    let mut outline = Vec::new();
    let mut cursor = 0.0f32; // distance below the body's top
    let mut has_content = false;
    let mut break_pending = false;
    for (i, band) in bands.iter().enumerate() {
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
            if let Some(Some(header)) = band.table_row_of.and_then(|t| headers.get(t)) {
                place(
                    header,
                    body_top,
                    0.0,
                    pages.last_mut().expect("a page"),
                    true,
                );
                top = header.height;
            }
        }
        let page = pages.last_mut().expect("there is always a page");
        place(band, body_top, top, page, false);
        if let Some((level, title)) = &band.outline {
            outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
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
