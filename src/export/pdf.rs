//! The PDF writer: tagged, PDF/UA-1 and PDF/A-2b.
//!
//! [`crate::layout`] decides where everything goes; this module draws it with
//! printpdf, which embeds and subsets the fonts and writes ToUnicode maps so
//! the text can be searched and copied. Then, through lopdf, it adds what
//! printpdf cannot: a nested outline with exact targets, the document
//! language (`/Lang`), the structure tree (`structure`), XMP metadata and
//! an sRGB output intent (`archive`), and a trailer `/ID` taken from a hash
//! of the content.
//!
//! Every piece of content is marked: text, pictures and links are drawn in
//! marked-content sequences with an MCID, one per run of items of one
//! structure node, so that the structure tree can point at them; running
//! header, footer and page label are `/Artifact <</Type /Pagination>>`,
//! rules and fills a plain `/Artifact`.
//!
//! Pictures (the cover's logos) are image XObjects written from the model's
//! pixels made in `image`: a JPEG's own data as DCTDecode, a PNG's samples as
//! FlateDecode with its alpha as a soft mask (`/SMask`). Each is drawn inside
//! a `/Figure` marked-content sequence, its element carrying the `/Alt`.
//!
//! Output is deterministic: the font resource names are fixed, the dates are
//! the Unix epoch unless [`PdfOptions::creation_date`] says otherwise, and
//! nothing is read from the machine, so the same input gives the same bytes.

mod archive;
mod file;
mod glyph_text;
mod image;
mod structure;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, ColorArray, FontId, HighlightingMode, Line, LinePoint,
    LinkAnnotation, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};
use printpdf::{CurTransMat, DictItem, XObject, XObjectId};
use sha2::{Digest, Sha256};

use super::ExportError;
use crate::doc::style::{Color, StyleSheet};
use crate::doc::{Document, Image};
use crate::fonts::{Face, FaceKey, Fonts, Style};
use crate::layout::{Item, Node, OutlineEntry, PagedDocument, Tag, paginate};
use image::{image_id, image_xobject, name, same_image};
use structure::PageTags;

/// Settings of a PDF that are not part of its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PdfOptions {
    /// Creation and modification date as seconds since the Unix epoch (as in
    /// `SOURCE_DATE_EPOCH`). `None` writes the epoch itself, so output never
    /// depends on the clock.
    pub creation_date: Option<i64>,
}

/// Writes `doc` as a PDF in the look of `style` (which names the paper).
pub fn pdf(doc: &Document, style: &StyleSheet, fonts: &Fonts) -> Result<Vec<u8>, ExportError> {
    pdf_with_options(doc, style, fonts, &PdfOptions::default())
}

/// [`pdf`] with explicit [`PdfOptions`].
pub fn pdf_with_options(
    doc: &Document,
    style: &StyleSheet,
    fonts: &Fonts,
    options: &PdfOptions,
) -> Result<Vec<u8>, ExportError> {
    let mut laid = paginate(doc, style, fonts);
    let mut pdoc = PdfDocument::new(&doc.meta.title);
    {
        let info = &mut pdoc.metadata.info;
        info.author = doc.meta.author.clone();
        info.subject = doc.meta.subject.clone();
        info.creator = "upr-brief".into();
        info.producer = format!("upr-brief {} (printpdf)", env!("CARGO_PKG_VERSION"));
    }

    let used: BTreeSet<FaceKey> = laid
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text { run, .. } => Some(fonts.canonical(run.face())),
            _ => None,
        })
        .collect();

    // Each distinct picture once, named in order of first use.
    let mut images: Vec<&Image> = Vec::new();
    for item in laid.pages.iter().flat_map(|p| &p.items) {
        if let Item::Image { image, .. } = item
            && !images.iter().any(|i| same_image(i, image))
        {
            images.push(image);
        }
    }
    for (n, image) in images.iter().enumerate() {
        let pixels = image::pixels(image).map_err(|e| err(format!("a picture: {e}")))?;
        pdoc.resources.xobjects.map.insert(
            image_id(n),
            XObject::External(image_xobject(image, &pixels)),
        );
    }

    // Images are shared (reference counted) with the document model.
    let owned: Vec<Image> = images.into_iter().cloned().collect();
    let images: Vec<&Image> = owned.iter().collect();
    let links = structure::link_texts(&laid);
    // Each page drawn on its own, in parallel (a long summary has hundreds),
    // and its laid-out items dropped once drawn: a long summary's glyphs
    // and printpdf's operations for them need not be held together.
    let structure_nodes = &laid.structure;
    let drawn: Vec<Drawn> = laid
        .pages
        .par_iter_mut()
        .map(|p| {
            let items = std::mem::take(&mut p.items);
            page_ops(&items, &images, fonts, structure_nodes)
        })
        .collect();
    let (wmm, hmm) = style.page.size.mm();
    let mut tags = Vec::with_capacity(drawn.len());
    let mut mapped: BTreeSet<(FaceKey, u16)> = BTreeSet::new();
    let mut pages = Vec::with_capacity(drawn.len());
    for d in drawn {
        tags.push(d.tags);
        mapped.extend(d.mapped);
        pages.push(PdfPage::new(Mm(wmm), Mm(hmm), d.ops));
    }
    pdoc.with_pages(pages);

    // The fonts, each told the text of the glyphs drawn without one (their
    // characters' own glyphs), for its ToUnicode map.
    for &key in &used {
        let face = fonts.face_of(key);
        let mut parsed = parsed_font(face.bytes(), face.index())
            .ok_or_else(|| err(format!("printpdf cannot read the font {}", face.family())))?;
        for &(_, glyph) in mapped.range((key, 0)..=(key, u16::MAX)) {
            if let Some(c) = face.primary_char(glyph) {
                parsed.cache_glyph_mapping(glyph, c.encode_utf8(&mut [0; 4]));
            }
        }
        pdoc.resources
            .fonts
            .map
            .insert(font_id(key), PdfFont::new(parsed));
    }

    let save = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdoc.to_lopdf_document(&save, &mut warnings);
    drop(pdoc);
    let elements =
        finish(&mut lo, doc, &laid, &links, &tags, options).map_err(|e| err(e.to_string()))?;
    compress(&mut lo);

    // The /ID is a hash of the file as written with a blank /ID: written
    // once with zeros, which are then overwritten in place. Object streams:
    // the structure tree is thousands of small dictionaries, which deflate
    // well only together (PDF/A-2 allows them).
    lo.trailer.set("ID", id_pair(&[0; 16]));
    let mut bytes = file::write(lo, &elements, DEFLATE_LEVEL);
    let hash = Sha256::digest(&bytes);
    set_id(&mut bytes, &hash[..16]).ok_or_else(|| err("no /ID in the trailer".into()))?;
    Ok(bytes)
}

/// How hard streams are deflated: lopdf's own `compress` uses level 9, which
/// costs about as much as the rest of the writer for a few per cent of size.
const DEFLATE_LEVEL: u32 = 6;

/// Deflates every stream that has no filter yet, where that makes it
/// smaller: in parallel, as a long summary has hundreds of pages (each
/// stream on its own, so the bytes do not depend on the threads).
fn compress(lo: &mut lopdf::Document) {
    let streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(s) if s.allows_compression && !s.dict.has(b"Filter") => Some(s),
            _ => None,
        })
        .collect();
    streams.into_par_iter().for_each(|stream| {
        let packed = super::deflate::zlib(&stream.content, DEFLATE_LEVEL);
        if packed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    });
}

/// Overwrites the two blank (all-zero) ids of the trailer's `/ID` with
/// `id`: in the trailer, or in the cross-reference stream's dictionary
/// (never compressed) that stands for it.
fn set_id(bytes: &mut [u8], id: &[u8]) -> Option<()> {
    let blank: Vec<u8> = format!("<{}>", "00".repeat(id.len())).into_bytes();
    let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
    let trailer = match bytes.windows(7).rposition(|w| w == b"trailer") {
        Some(at) => at,
        None => {
            let xref = bytes.windows(5).rposition(|w| w == b"/XRef")?;
            let obj = bytes[..xref].windows(3).rposition(|w| w == b"obj")?;
            // The dictionary ends where the stream's data starts.
            let data = obj + bytes[obj..].windows(6).position(|w| w == b"stream")?;
            bytes[obj..data]
                .windows(blank.len())
                .position(|w| w == blank)?;
            obj
        }
    };
    for _ in 0..2 {
        let at = trailer
            + bytes[trailer..]
                .windows(blank.len())
                .position(|w| w == blank)?;
        bytes[at + 1..at + blank.len() - 1].copy_from_slice(hex.as_bytes());
    }
    Some(())
}

fn err(message: String) -> ExportError {
    ExportError {
        format: "PDF",
        message,
    }
}

/// Fixed resource names, six capital letters, which are also the subset
/// tag: `UPRB`, a letter for the family (`R` for Noto Sans, then `A`, `B`…)
/// and one for the style.
fn font_id(key: FaceKey) -> FontId {
    const FAMILY: &[u8; 26] = b"RABCDEFGHIJKLMNOPQSTUVWXYZ";
    let k = usize::from(key.family);
    let prefix = [
        "UPRB", "UPRC", "UPRD", "UPRE", "UPRF", "UPRG", "UPRH", "UPRI", "UPRJ", "UPRK",
    ][(k / 26).min(9)];
    let style = match key.style {
        Style::Regular => 'R',
        Style::Bold => 'B',
        Style::Italic => 'I',
        Style::BoldItalic => 'J',
    };
    FontId(format!("{prefix}{}{style}", char::from(FAMILY[k % 26])))
}

fn rgb(c: Color) -> printpdf::Color {
    let c = c.clamped();
    printpdf::Color::Rgb(Rgb {
        r: c.r,
        g: c.g,
        b: c.b,
        icc_profile: None,
    })
}

fn finite(v: f32) -> f32 {
    if v.is_finite() { v } else { 0.0 }
}

fn point(x: f32, y: f32) -> LinePoint {
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
fn begin_marked(
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
fn begin_marked_as(
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
fn image_ops(rect: &crate::layout::Rect, id: XObjectId, ops: &mut Vec<Op>) {
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
struct Drawn {
    ops: Vec<Op>,
    tags: PageTags,
    /// Sorted, without repeats.
    mapped: Vec<(FaceKey, u16)>,
}

/// Drawing operations for one page: pictures, then fills and rules (one
/// artifact), then text, then links. `images` are the document's pictures,
/// in resource order; `structure` the layout's nodes.
fn page_ops(items: &[Item], images: &[&Image], fonts: &Fonts, structure: &[Node]) -> Drawn {
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

/// Where the current text line starts, inside one text object (`BT`
/// resets it to the origin).
///
/// Pieces of text are placed with `Td`, relative to the previous piece,
/// rather than with an absolute `Tm`: printpdf rewrites `Tm`-placed runs,
/// reading every glyph's width through its font parse to merge runs on
/// one baseline, which cost a twentieth of a build and changes nothing
/// here (a run is already one `TJ` with its own adjustments).
#[derive(Debug, Default, Clone, Copy)]
struct Cursor {
    x: f32,
    y: f32,
}

impl Cursor {
    fn move_to(&mut self, x: f32, y: f32, ops: &mut Vec<Op>) {
        let (x, y) = (finite(x), finite(y));
        ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(x - self.x),
                y: Pt(y - self.y),
            },
        });
        *self = Cursor { x, y };
    }
}

/// The `/ActualText` of `run`, as a marked-content property, when it needs
/// one: a left-to-right run whose glyphs do not stand one for one, in
/// order, for its characters (ligatures, Indic and South-East Asian
/// clusters), so that it extracts as its characters in order, with the
/// space it was broken at. Right-to-left runs are drawn in visual order,
/// which extractors (poppler, pdf.js) put back into reading order
/// themselves from each glyph's ToUnicode text; an ActualText there would
/// be reversed again.
fn actual_text(run: &crate::layout::Run) -> Option<DictItem> {
    if run.is_simple() || run.rtl {
        return None;
    }
    let mut text = run.text.clone();
    if run.space_after {
        text.push(' ');
    }
    Some(DictItem::String {
        data: utf16_with_bom(&text),
        literal: false,
    })
}

/// Draws a shaped run with its baseline starting at `(x, y)`.
///
/// Glyphs are shown by id, each followed by the adjustment that moves the
/// viewer's pen (which advances by the `/W` width printpdf writes: the
/// font's advance in thousandths of an em, truncated) to where the shaper
/// put the next glyph; a glyph raised or lowered (a mark above or below
/// its base) starts a new positioned piece. Each glyph carries its text
/// for the font's ToUnicode map ([`glyph_text`]), unless that text is the
/// character whose own glyph it is ([`Face::primary_char`]): most glyphs,
/// which then cost no string each and are told to `own_glyph`, whose
/// ToUnicode text the document gives the font; the caller marks a run
/// that needs it with its [`actual_text`]. A run that ends a line broken
/// at a space is followed by that space's glyph.
fn glyph_ops(
    run: &crate::layout::Run,
    (x, y): (f32, f32),
    face: &Face,
    own_glyph: &mut dyn FnMut(u16),
    cursor: &mut Cursor,
    ops: &mut Vec<Op>,
) {
    let size = finite(run.size);
    let upem = face.units_per_em();
    // Each glyph carries its text, so a one-for-one run extracts right
    // whichever glyph the shaper chose.
    let simple = run.is_simple();
    // A simple run's glyphs stand one for one, in order, for its
    // characters: no texts to work out.
    let chars: Vec<char> = if simple {
        run.text.chars().collect()
    } else {
        Vec::new()
    };
    let mut texts = if simple {
        Vec::new()
    } else {
        glyph_text::glyph_texts(run, |c| face.shaper().glyph_index(c).map(|g| g.0))
    };
    // The glyph's text, unless it is the character whose own glyph it is.
    // (A simple run's own glyphs go as text, below: its other glyphs get
    // their character.)
    let mut cid = |k: usize, id: u16| -> Option<String> {
        if simple {
            return Some(chars.get(k).map(char::to_string).unwrap_or_default());
        }
        let text = texts.get_mut(k).map(std::mem::take).unwrap_or_default();
        let mut it = text.chars();
        if let (Some(c), None) = (it.next(), it.next())
            && face.primary_char(id) == Some(c)
        {
            own_glyph(id);
            return None;
        }
        Some(text)
    };
    let glyphs = &run.glyphs;
    let mut pen = 0.0f32;
    let mut i = 0;
    while i < glyphs.len() {
        let dy = glyphs[i].dy;
        let mut j = i;
        while j < glyphs.len() && glyphs[j].dy == dy {
            j += 1;
        }
        let start = x + (pen + glyphs[i].dx) * size;
        let mut shown = Shown::default();
        for k in i..j {
            let g = glyphs[k];
            let w_pdf = (f32::from(face.glyph_advance(g.id)) * 1000.0 / upem).trunc();
            let offset = if k + 1 < j {
                w_pdf - (g.advance + glyphs[k + 1].dx - g.dx) * 1000.0
            } else {
                0.0
            };
            let offset = if offset.abs() < 0.01 {
                0.0
            } else {
                finite(offset)
            };
            // A character shown by its own glyph goes as text, which printpdf
            // encodes through the same character map: one string for a run
            // of them rather than an object for each glyph. (`chars` is
            // empty unless the run is simple.)
            match chars.get(k) {
                Some(&c) if face.primary_char(g.id) == Some(c) => shown.char(c, offset),
                _ => shown.glyph(Codepoint {
                    gid: g.id,
                    offset,
                    cid: cid(k, g.id),
                }),
            }
            pen += g.advance;
        }
        cursor.move_to(start, y + dy * size, ops);
        ops.push(Op::ShowText {
            items: shown.finish(),
        });
        i = j;
    }
    // The space the line was broken at, drawn (invisible) past the run's
    // end so that its text does not run into the next line's first word.
    if run.space_after
        && !run.rtl
        && let Some(space) = face.shaper().glyph_index(' ')
    {
        cursor.move_to(x + run.width, y, ops);
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint::with_cid(
                space.0,
                0.0,
                " ".to_string(),
            )])],
        });
    }
}

/// The items of one `TJ`: characters shown by their own glyphs as text,
/// other glyphs by id, each followed by its adjustment.
#[derive(Default)]
struct Shown {
    items: Vec<TextItem>,
    text: String,
    glyphs: Vec<Codepoint>,
}

impl Shown {
    fn char(&mut self, c: char, offset: f32) {
        self.end_glyphs();
        self.text.push(c);
        if offset != 0.0 {
            self.end_text();
            self.items.push(TextItem::Offset(offset));
        }
    }

    fn glyph(&mut self, glyph: Codepoint) {
        self.end_text();
        self.glyphs.push(glyph);
    }

    fn end_text(&mut self) {
        if !self.text.is_empty() {
            self.items
                .push(TextItem::Text(std::mem::take(&mut self.text)));
        }
    }

    fn end_glyphs(&mut self) {
        if !self.glyphs.is_empty() {
            self.items
                .push(TextItem::GlyphIds(std::mem::take(&mut self.glyphs)));
        }
    }

    fn finish(mut self) -> Vec<TextItem> {
        self.end_text();
        self.end_glyphs();
        self.items
    }
}

/// UTF-16BE with a byte-order mark, the encoding of a PDF text string.
fn utf16_with_bom(s: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

fn id_pair(id: &[u8]) -> Object {
    let s = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    Object::Array(vec![s.clone(), s])
}

/// A PDF text string: UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> Object {
    Object::String(utf16_with_bom(s), StringFormat::Hexadecimal)
}

/// Seconds since the epoch, clamped to years 1–9999.
fn clamp_date(secs: i64) -> i64 {
    secs.clamp(-62_135_596_800, 253_402_300_799)
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since the epoch (clamped to years 1–9999).
fn pdf_date(secs: i64) -> String {
    let dt = chrono::DateTime::from_timestamp(clamp_date(secs), 0).unwrap_or_default();
    format!("D:{}Z", dt.format("%Y%m%d%H%M%S"))
}

/// Hex digits of a hash of every page's content: the XMP's document id,
/// the same for the same content.
fn content_id(lo: &lopdf::Document, page_ids: &[ObjectId], title: &str) -> String {
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    for &page in page_ids {
        h.update(lo.get_page_content(page));
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Adds the outline, /Lang, viewer preferences, the structure tree, the
/// XMP metadata and output intent, and clean Info entries. The structure
/// elements come back as bytes, for the file writer.
fn finish(
    lo: &mut lopdf::Document,
    doc: &Document,
    laid: &PagedDocument,
    links: &std::collections::HashMap<crate::layout::NodeId, String>,
    tags: &[PageTags],
    options: &PdfOptions,
) -> lopdf::Result<file::Serialized> {
    // ISO 32000-1, which PDF/A-2 and PDF/UA-1 build on.
    lo.version = "1.7".into();
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let outlines = if laid.outline.is_empty() || page_ids.is_empty() {
        None
    } else {
        Some(write_outline(lo, &laid.outline, &page_ids))
    };

    let info_id = lo.trailer.get(b"Info")?.as_reference()?;
    let info = lo.get_dictionary_mut(info_id)?;
    // printpdf claims PDF/X in every file; this is no PDF/X file. Empty
    // entries go too: the XMP repeats each entry there is.
    for key in [
        &b"GTS_PDFXVersion"[..],
        b"Trapped",
        b"Identifier",
        b"Keywords",
    ] {
        info.remove(key);
    }
    if doc.meta.author.is_empty() {
        info.remove(b"Author");
    }
    if doc.meta.subject.is_empty() {
        info.remove(b"Subject");
    }
    let secs = options.creation_date.unwrap_or(0);
    let date = Object::string_literal(pdf_date(secs));
    info.set("CreationDate", date.clone());
    info.set("ModDate", date);
    let creator = info
        .get(b"Creator")
        .ok()
        .and_then(pdf_text)
        .unwrap_or_default();
    let producer = info
        .get(b"Producer")
        .ok()
        .and_then(pdf_text)
        .unwrap_or_default();

    let root_id = lo.trailer.get(b"Root")?.as_reference()?;
    let elements = structure::write(lo, laid, links, tags, &page_ids, root_id)?;
    let document_id = content_id(lo, &page_ids, &doc.meta.title);
    let xmp = archive::xmp(&archive::Metadata {
        title: &doc.meta.title,
        author: &doc.meta.author,
        subject: &doc.meta.subject,
        language: doc.meta.language.as_str(),
        creator: &creator,
        producer: &producer,
        date: secs,
        document_id: &document_id,
    });
    let metadata = lo.add_object(archive::metadata_stream(&xmp));
    let profile = lo.add_object(archive::profile_stream());
    let catalog = lo.get_dictionary_mut(root_id)?;
    catalog.set("Metadata", Object::Reference(metadata));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![archive::output_intent(profile)]),
    );
    if !doc.meta.language.is_empty() {
        catalog.set("Lang", Object::string_literal(doc.meta.language.as_str()));
    }
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    match outlines {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    Ok(elements)
}

/// Writes the headings as a nested outline (level 1 > 2 > 3, a skipped level
/// nests under the nearest shallower heading) and returns the root's id.
fn write_outline(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    page_ids: &[ObjectId],
) -> ObjectId {
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // parent[i]: index of the entry's parent, None for top level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if entries[top].level >= e.level {
                stack.pop();
            } else {
                break;
            }
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    let mut descendants = vec![0i64; entries.len()];
    for i in (0..entries.len()).rev() {
        if let Some(p) = parent[i] {
            descendants[p] += 1 + descendants[i];
        }
    }
    for (i, e) in entries.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&e.title));
        d.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            d.set("Count", Object::Integer(descendants[i]));
        }
        let page = page_ids[e.page.min(page_ids.len() - 1)];
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Real(finite(e.left)),
                Object::Real(finite(e.top)),
                Object::Null,
            ]),
        );
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[first]));
        r.set("Last", Object::Reference(ids[last]));
    }
    r.set("Count", Object::Integer(entries.len() as i64));
    lo.objects.insert(root, Object::Dictionary(r));
    root
}

/// The text of a PDF text string (UTF-16BE with a byte-order mark, or
/// PDFDocEncoding read as Latin-1).
fn pdf_text(o: &Object) -> Option<String> {
    let Object::String(bytes, _) = o else {
        return None;
    };
    Some(match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(units) => {
            let units: Vec<u16> = units
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    })
}

/// printpdf's parse of a font file, made once per thread for each file and
/// shared by the documents that thread writes (parsing is a tenth of a
/// pack's time). Per thread, not per process: printpdf reads a glyph's
/// width through a cache behind a lock and reference counts inside the
/// parse, which two threads writing at once would contend for.
/// The font cache keeps each file alive, so its address identifies it.
fn parsed_font(bytes: &'static [u8], index: u32) -> Option<ParsedFont> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<HashMap<(usize, u32), ParsedFont>> = RefCell::new(HashMap::new());
    }
    let key = (bytes.as_ptr() as usize, index);
    if let Some(f) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Some(f);
    }
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(bytes, index as usize, &mut warnings)?;
    CACHE.with(|c| c.borrow_mut().insert(key, parsed.clone()));
    Some(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Style;

    /// A character shown by its own glyph is handed to printpdf as text,
    /// which printpdf turns back into a glyph through its own reading of
    /// the character map: that reading must give the glyph the shaper
    /// gave, for every such character of every built-in face.
    #[test]
    fn printpdf_maps_every_own_glyph_character_as_the_shaper_does() {
        for style in [
            Style::Regular,
            Style::Bold,
            Style::Italic,
            Style::BoldItalic,
        ] {
            let face = Fonts::builtin().face(style);
            let parsed = parsed_font(face.bytes(), face.index()).unwrap();
            let mut checked = 0;
            for c in (0..0x11_0000u32).filter_map(char::from_u32) {
                let Some(glyph) = face.shaper().glyph_index(c).map(|g| g.0) else {
                    continue;
                };
                if face.primary_char(glyph) != Some(c) {
                    continue;
                }
                assert_eq!(
                    parsed.lookup_glyph_index(c as u32),
                    Some(glyph),
                    "{} U+{:04X}",
                    face.family(),
                    c as u32
                );
                checked += 1;
            }
            assert!(checked > 1000, "{}: {checked}", face.family());
        }
    }

    /// Characters shown by their own glyphs become runs of text, split
    /// where an adjustment falls; any other glyph stays a glyph with its
    /// text.
    #[test]
    fn own_glyphs_are_shown_as_text_and_others_by_id() {
        let mut shown = Shown::default();
        shown.char('N', 0.0);
        shown.char('o', -12.5);
        shown.char('t', 0.0);
        shown.glyph(Codepoint::with_cid(500, 0.0, "fi".into()));
        shown.char('x', 0.0);
        let items = shown.finish();
        assert_eq!(items.len(), 5, "{items:?}");
        assert!(matches!(&items[0], TextItem::Text(t) if t == "No"));
        assert!(matches!(&items[1], TextItem::Offset(o) if *o == -12.5));
        assert!(matches!(&items[2], TextItem::Text(t) if t == "t"));
        assert!(
            matches!(&items[3], TextItem::GlyphIds(g) if g.len() == 1 && g[0].gid == 500 && g[0].cid.as_deref() == Some("fi"))
        );
        assert!(matches!(&items[4], TextItem::Text(t) if t == "x"));
    }
}
