//! One page's content: its pictures, fills and rules, text and links as
//! printpdf operations, each in the marked-content sequence of what it is
//! (a structure node with its MCID, or an artifact).

use std::collections::BTreeMap;

use lopdf::Object;
use printpdf::{
    Actions, BorderArray, ColorArray, CurTransMat, DictItem, HighlightingMode, Line, LinePoint,
    LinkAnnotation, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, XObjectId,
};

use super::finite;
use super::image::{image_id, name, same_image};
use super::structure::{self, PageTags};
use super::text::{Cursor, actual_text, font_id, glyph_ops, text_string};
use crate::doc::Image;
use crate::doc::style::Color;
use crate::fonts::{FaceKey, Fonts};
use crate::layout::{Item, Node, Tag};

pub(super) fn rgb(c: Color) -> printpdf::Color {
    let c = c.clamped();
    printpdf::Color::Rgb(Rgb {
        r: c.r,
        g: c.g,
        b: c.b,
        icc_profile: None,
    })
}

pub(super) fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(finite(x)),
            y: Pt(finite(y)),
        },
        bezier: false,
    }
}

/// Opens the marked-content sequence of content tagged `tag`: a
/// pagination artifact, or content of a structure node with the next MCID;
/// `extra` are further properties.
pub(super) fn begin_marked(
    tag: Tag,
    extra: Vec<(String, DictItem)>,
    structure: &[Node],
    page_tags: &mut PageTags,
    ops: &mut Vec<Op>,
) {
    begin_marked_as(None, tag, extra, structure, page_tags, ops);
}

/// [`begin_marked`] with the sequence tagged `as_tag` rather than by the
/// node's structure type.
pub(super) fn begin_marked_as(
    as_tag: Option<&str>,
    tag: Tag,
    extra: Vec<(String, DictItem)>,
    structure: &[Node],
    page_tags: &mut PageTags,
    ops: &mut Vec<Op>,
) {
    let (type_name, mut properties) = match tag {
        Tag::Pagination => (
            "Artifact",
            BTreeMap::from([("Type".to_string(), name("Pagination"))]),
        ),
        Tag::Node(node) => {
            let role = structure
                .get(node as usize)
                .map_or(crate::layout::Role::Paragraph, |n| n.role);
            let mcid = page_tags.mcid(node);
            (
                structure::type_name(role),
                BTreeMap::from([("MCID".to_string(), DictItem::Int(mcid))]),
            )
        }
    };
    properties.extend(extra);
    ops.push(Op::BeginMarkedContentWithProperties {
        tag: as_tag.unwrap_or(type_name).into(),
        properties: DictItem::Dict { map: properties },
    });
}

/// Draws `image` into `rect` (inside the marked content its caller opened).
pub(super) fn image_ops(rect: &crate::layout::Rect, id: XObjectId, ops: &mut Vec<Op>) {
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetTransformationMatrix {
        matrix: CurTransMat::Raw([
            finite(rect.width),
            0.0,
            0.0,
            finite(rect.height),
            finite(rect.x),
            finite(rect.y),
        ]),
    });
    ops.push(Op::UseXobject {
        id,
        transform: printpdf::XObjectTransform {
            no_auto_scale: true,
            ..Default::default()
        },
    });
    ops.push(Op::RestoreGraphicsState);
}

/// One page drawn: its operations, what each marked-content id and link
/// belongs to, and the glyphs drawn without a text of their own (each its
/// character's own glyph, whose text the font's ToUnicode map gets from the
/// character map).
pub(super) struct Drawn {
    pub ops: Vec<Op>,
    pub tags: PageTags,
    /// Sorted, without repeats.
    pub mapped: Vec<(FaceKey, u16)>,
}

/// Drawing operations for one page: pictures, then fills and rules (one
/// artifact), then text, then links. `images` are the document's pictures,
/// in resource order; `structure` the layout's nodes.
pub(super) fn page_ops(
    items: &[Item],
    images: &[&Image],
    fonts: &Fonts,
    structure: &[Node],
) -> Drawn {
    let mut ops = Vec::new();
    let mut tags = PageTags::default();
    let mut mapped = Vec::new();
    for item in items {
        if let Item::Image { rect, image, tag } = item
            && let Some(n) = images.iter().position(|i| same_image(i, image))
        {
            // The alternative text is the element's; it is repeated here
            // for tools that read only the content.
            let alt = match text_string(&image.alt) {
                Object::String(data, _) => data,
                _ => Vec::new(),
            };
            let alt = DictItem::String {
                data: alt,
                literal: false,
            };
            let extra = vec![("Alt".to_string(), alt)];
            begin_marked(*tag, extra, structure, &mut tags, &mut ops);
            image_ops(rect, image_id(n), &mut ops);
            ops.push(Op::EndMarkedContent);
        }
    }
    let decoration = items
        .iter()
        .any(|i| matches!(i, Item::Fill { .. } | Item::Rule { .. }));
    if decoration {
        ops.push(Op::BeginMarkedContent {
            tag: "Artifact".into(),
        });
    }
    for item in items {
        if let Item::Fill { rect, color } = item {
            ops.push(Op::SetFillColor { col: rgb(*color) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    mode: Some(PaintMode::Fill),
                    ..Rect::from_xywh(
                        Pt(finite(rect.x)),
                        Pt(finite(rect.y)),
                        Pt(finite(rect.width)),
                        Pt(finite(rect.height)),
                    )
                },
            });
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
            ops.push(Op::SetOutlineColor { col: rgb(*color) });
            ops.push(Op::SetOutlineThickness {
                pt: Pt(finite(*width)),
            });
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![point(*x1, *y1), point(*x2, *y2)],
                    is_closed: false,
                },
            });
        }
    }
    if decoration {
        ops.push(Op::EndMarkedContent);
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
                    ops.push(Op::EndTextSection);
                    ops.push(Op::EndMarkedContent);
                }
                let extra = vec![("ActualText".to_string(), text.clone())];
                begin_marked_as(Some("Span"), *tag, extra, structure, &mut tags, &mut ops);
                ops.push(Op::StartTextSection);
                cursor = Cursor::default();
            }
            _ if open != Some(*tag) => {
                if open.is_some() {
                    ops.push(Op::EndTextSection);
                    ops.push(Op::EndMarkedContent);
                }
                begin_marked(*tag, Vec::new(), structure, &mut tags, &mut ops);
                ops.push(Op::StartTextSection);
                cursor = Cursor::default();
                open = Some(*tag);
            }
            _ => {}
        }
        if font != Some((key, run.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(key)),
                size: Pt(finite(run.size)),
            });
            font = Some((key, run.size));
        }
        if fill != Some(run.color) {
            ops.push(Op::SetFillColor {
                col: rgb(run.color),
            });
            fill = Some(run.color);
        }
        let face = fonts.face_of(run.face());
        let mut own_glyph = |glyph: u16| mapped.push((key, glyph));
        match (actual, tag) {
            (Some(_), Tag::Node(_)) => {
                glyph_ops(run, (*x, *y), face, &mut own_glyph, &mut cursor, &mut ops);
                ops.push(Op::EndTextSection);
                ops.push(Op::EndMarkedContent);
                // The node's further text opens a sequence of its own.
            }
            // An artifact has no structure to lose: its `/Span` nests.
            (Some(text), Tag::Pagination) => {
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Span".into(),
                    properties: DictItem::Dict {
                        map: BTreeMap::from([("ActualText".to_string(), text)]),
                    },
                });
                glyph_ops(run, (*x, *y), face, &mut own_glyph, &mut cursor, &mut ops);
                ops.push(Op::EndMarkedContent);
            }
            (None, _) => glyph_ops(run, (*x, *y), face, &mut own_glyph, &mut cursor, &mut ops),
        }
    }
    if open.is_some() {
        ops.push(Op::EndTextSection);
        ops.push(Op::EndMarkedContent);
    }
    for item in items {
        if let Item::Link { rect, url, tag } = item {
            tags.links.push(match tag {
                Tag::Node(node) => *node,
                Tag::Pagination => 0,
            });
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect::from_xywh(
                        Pt(finite(rect.x)),
                        Pt(finite(rect.y)),
                        Pt(finite(rect.width)),
                        Pt(finite(rect.height)),
                    ),
                    Actions::Uri(url.to_string()),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    Some(HighlightingMode::Invert),
                ),
            });
        }
    }
    mapped.sort_unstable();
    mapped.dedup();
    Drawn { ops, tags, mapped }
}
