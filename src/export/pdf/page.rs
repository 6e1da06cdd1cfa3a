//! One page's content: its pictures, fills and rules, text and links,
//! drawn straight into a content stream, each piece in the marked-content
//! sequence of what it is (a structure node with its MCID, or an
//! artifact).

use std::collections::BTreeMap;

use super::content::{Content, Property};
use super::finite;
use super::font::{Subset, font_id};
use super::image::{image_id, same_image};
use super::structure::{self, PageTags};
use super::text::{Cursor, GlyphText, actual_text, glyph_ops, utf16_with_bom};
use crate::doc::Image;
use crate::doc::style::Color;
use crate::fonts::{FaceKey, Fonts};
use crate::layout::{Item, LinkTarget, Node, Tag};

/// Opens the marked-content sequence of content tagged `tag`: a
/// pagination artifact, or content of a structure node with the next
/// MCID, tagged `as_tag` if given (else by the node's structure type);
/// `extra` are further properties.
fn begin_marked(
    content: &mut Content,
    as_tag: Option<&str>,
    tag: Tag,
    extra: &[(&str, Property<'_>)],
    structure: &[Node],
    page_tags: &mut PageTags,
) {
    match tag {
        Tag::Pagination => {
            let mut properties = vec![("Type", Property::Name("Pagination"))];
            properties.extend_from_slice(extra);
            content.begin_marked_with(as_tag.unwrap_or("Artifact"), &properties);
        }
        Tag::Node(node) => {
            let role = structure
                .get(node as usize)
                .map_or(crate::layout::Role::Paragraph, |n| n.role);
            let mcid = page_tags.mcid(node);
            let mut properties = extra.to_vec();
            properties.push(("MCID", Property::Int(mcid)));
            content.begin_marked_with(as_tag.unwrap_or(structure::type_name(role)), &properties);
        }
    }
}

/// Draws `image` into `rect` (inside the marked content its caller opened).
fn draw_image(content: &mut Content, rect: &crate::layout::Rect, name: &str) {
    content.save();
    content.transform([
        finite(rect.width),
        0.0,
        0.0,
        finite(rect.height),
        finite(rect.x),
        finite(rect.y),
    ]);
    content.draw_xobject(name);
    content.restore();
}

/// A link annotation to be: its rectangle `[x1 y1 x2 y2]` and where it
/// goes.
pub(super) struct Link {
    pub rect: [f32; 4],
    pub target: LinkTarget,
}

/// One page drawn: its content stream, what each marked-content id and
/// link belongs to, its links, and the texts of the glyphs drawn for a
/// text the character map does not give them (for the fonts' ToUnicode
/// maps).
pub(super) struct Drawn {
    pub content: Vec<u8>,
    pub tags: PageTags,
    pub links: Vec<Link>,
    pub texts: Vec<(FaceKey, u16, GlyphText)>,
}

/// The content of one page: pictures, then fills and rules (one artifact),
/// then text, then links. `images` are the document's pictures, in
/// resource order; `subsets` the fonts, by face; `structure` the layout's
/// nodes.
pub(super) fn draw_page(
    items: &[Item],
    images: &[&Image],
    fonts: &Fonts,
    subsets: &BTreeMap<FaceKey, Subset>,
    structure: &[Node],
) -> Drawn {
    let mut content = Content::default();
    let mut tags = PageTags::default();
    let mut texts = Vec::new();
    let mut links = Vec::new();
    for item in items {
        if let Item::Image { rect, image, tag } = item
            && let Some(n) = images.iter().position(|i| same_image(i, image))
        {
            // The alternative text is the element's; it is repeated here
            // for tools that read only the content.
            let alt = utf16_with_bom(&image.alt);
            let extra = [("Alt", Property::Bytes(&alt))];
            begin_marked(&mut content, None, *tag, &extra, structure, &mut tags);
            draw_image(&mut content, rect, &image_id(n));
            content.end_marked();
        }
    }
    let decoration = items
        .iter()
        .any(|i| matches!(i, Item::Fill { .. } | Item::Rule { .. }));
    if decoration {
        content.begin_marked("Artifact");
    }
    for item in items {
        if let Item::Fill { rect, color } = item {
            content.fill_color(*color);
            content.fill_rect(rect.x, rect.y, rect.width, rect.height);
        }
    }
    for item in items {
        if let Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } = item
        {
            content.stroke_color(*color);
            content.line_width(*width);
            content.line((*x1, *y1), (*x2, *y2));
        }
    }
    if decoration {
        content.end_marked();
    }
    // Text: one marked-content sequence (and text object) for each run of
    // items of one node. Font and colour are graphics state, which lasts
    // from one text object to the next.
    let mut open: Option<Tag> = None;
    let mut cursor = Cursor::default();
    let mut font: Option<(FaceKey, f32)> = None;
    let mut fill: Option<Color> = None;
    for item in items {
        let Item::Text { x, y, run, tag } = item else {
            continue;
        };
        if run.glyphs.is_empty() {
            continue;
        }
        let key = fonts.canonical(run.face());
        let Some(subset) = subsets.get(&key) else {
            continue;
        };
        let actual = actual_text(run);
        match (&actual, tag) {
            // Content of a structure node that needs an `/ActualText` gets
            // a marked-content sequence of its own (of the same node),
            // beside the node's other sequences and not nested in one: a
            // reader that ends the node's content at the first `EMC` inside
            // it (poppler's structure text) would lose the rest of the
            // node's line. Tagged `/Span`, the tag readers take an
            // `/ActualText` from.
            (Some(text), Tag::Node(_)) => {
                if open.take().is_some() {
                    content.end_text();
                    content.end_marked();
                }
                let extra = [("ActualText", Property::Bytes(text))];
                begin_marked(
                    &mut content,
                    Some("Span"),
                    *tag,
                    &extra,
                    structure,
                    &mut tags,
                );
                content.begin_text();
                cursor = Cursor::default();
            }
            _ if open != Some(*tag) => {
                if open.is_some() {
                    content.end_text();
                    content.end_marked();
                }
                begin_marked(&mut content, None, *tag, &[], structure, &mut tags);
                content.begin_text();
                cursor = Cursor::default();
                open = Some(*tag);
            }
            _ => {}
        }
        if font != Some((key, run.size)) {
            content.font(&font_id(key), finite(run.size));
            font = Some((key, run.size));
        }
        if fill != Some(run.color) {
            content.fill_color(run.color);
            fill = Some(run.color);
        }
        let face = fonts.face_of(run.face());
        let mut text_of = |glyph: u16, text: GlyphText| texts.push((key, glyph, text));
        let at = (*x, *y);
        // An artifact has no structure to lose: its `/Span` nests.
        let nested_span = match (&actual, tag) {
            (Some(text), Tag::Pagination) => {
                content.begin_marked_with("Span", &[("ActualText", Property::Bytes(text))]);
                true
            }
            _ => false,
        };
        glyph_ops(
            run,
            at,
            face,
            subset,
            &mut text_of,
            &mut cursor,
            &mut content,
        );
        if nested_span {
            content.end_marked();
        } else if actual.is_some() && matches!(tag, Tag::Node(_)) {
            // The node's further text opens a sequence of its own.
            content.end_text();
            content.end_marked();
        }
    }
    if open.is_some() {
        content.end_text();
        content.end_marked();
    }
    for item in items {
        if let Item::Link { rect, target, tag } = item {
            tags.links.push(match tag {
                Tag::Node(node) => *node,
                Tag::Pagination => 0,
            });
            links.push(Link {
                rect: [
                    finite(rect.x),
                    finite(rect.y),
                    finite(rect.x + rect.width),
                    finite(rect.y + rect.height),
                ],
                target: target.clone(),
            });
        }
    }
    Drawn {
        content: content.into_bytes(),
        tags,
        links,
        texts,
    }
}
