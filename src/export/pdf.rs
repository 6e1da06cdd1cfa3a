//! The PDF writer: tagged, PDF/UA-1 and PDF/A-2b.
//!
//! [`pdf`] takes a document already laid out ([`Paged`]: the caller runs
//! [`crate::layout`]) and writes it, one concern a module:
//!
//! - `font`: the glyphs each face draws, collected from the layout before
//!   any page is drawn; each face subset to them (by printpdf), so that a
//!   glyph's code is known when its page is drawn; at the end the font
//!   objects, with their widths and ToUnicode maps.
//! - `page`: a page's content, drawn straight into a content stream
//!   (`content` writes the operators), each piece in the marked-content
//!   sequence of what it is; `text`: shaped runs as glyph codes and the
//!   `/ActualText` a run needs; `glyph_text`: the text a glyph stands for;
//!   `image`: pictures as image XObjects. Each page's stream is deflated
//!   as soon as it is drawn and its laid-out items dropped: a long summary
//!   is never held as drawing operations.
//! - Through lopdf, which holds the objects: `outline` (bookmarks),
//!   `structure` (the structure tree, parent tree, link annotations),
//!   `catalog` (language, viewer preferences, Info, the XMP of `archive`
//!   with its sRGB output intent).
//! - `file` serializes the objects (object streams, a cross-reference
//!   stream) with a trailer `/ID` hashed from the rest of the file.
//!
//! Every piece of content is marked: text, pictures and links are drawn in
//! marked-content sequences with an MCID, one per run of items of one
//! structure node, so that the structure tree can point at them; running
//! header, footer and page label are `/Artifact <</Type /Pagination>>`,
//! rules and fills a plain `/Artifact`.
//!
//! Output is deterministic: the font resource names are fixed, the dates are
//! the Unix epoch unless [`PdfOptions::creation_date`] says otherwise, and
//! nothing is read from the machine, so the same input gives the same bytes.

mod archive;
mod catalog;
mod content;
mod file;
mod font;
mod glyph_text;
mod image;
mod outline;
mod page;
mod structure;
mod text;

use std::collections::BTreeMap;

use rayon::prelude::*;

use lopdf::{Dictionary, Object, Stream};
use sha2::{Digest, Sha256};

use super::ExportError;
use crate::doc::style::StyleSheet;
use crate::doc::{Document, Image, Metadata};
use crate::fonts::{FaceKey, Fonts};
use crate::layout::{Item, LinkTarget, PagedDocument, paginate};
use catalog::{content_id, finish};
use font::{Subset, font_id};
use image::{add_image, image_id, same_image};
use page::{Drawn, Link, draw_page};

/// Settings of a PDF that are not part of its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PdfOptions {
    /// Creation and modification date as seconds since the Unix epoch (as in
    /// `SOURCE_DATE_EPOCH`). `None` writes the epoch itself, so output never
    /// depends on the clock.
    pub creation_date: Option<i64>,
}

/// A document laid out in pages, ready to be drawn: the layout, what the
/// file says about the document, and the fonts the layout's runs are set in.
pub struct Paged<'a> {
    pub layout: PagedDocument,
    pub meta: &'a Metadata,
    pub fonts: &'a Fonts,
}

impl<'a> Paged<'a> {
    /// `doc` laid out with `style` (which names the paper) and `fonts`.
    pub fn of(doc: &'a Document, style: &StyleSheet, fonts: &'a Fonts) -> Paged<'a> {
        Paged {
            layout: paginate(doc, style, fonts),
            meta: &doc.meta,
            fonts,
        }
    }
}

/// Writes a laid-out document as a PDF. The layout's pages are taken, each
/// dropped once drawn.
pub fn pdf(doc: Paged<'_>, options: &PdfOptions) -> Result<Vec<u8>, ExportError> {
    let Paged {
        layout: mut laid,
        meta,
        fonts,
    } = doc;
    let mut lo = lopdf::Document::with_version("1.7");

    // Each face subset to the glyphs it draws before any page is drawn, so
    // that pages are drawn straight into content streams.
    let used = font::used_glyphs(&laid.pages, fonts);
    let subsets: BTreeMap<FaceKey, Subset> = used
        .par_iter()
        .map(|(&key, used)| font::subset(key, fonts.face_of(key), used).map(|s| (key, s)))
        .collect::<Result<_, String>>()
        .map_err(err)?;

    // Each distinct picture once, named in order of first use.
    let mut images: Vec<&Image> = Vec::new();
    for item in laid.pages.iter().flat_map(|p| &p.items) {
        if let Item::Image { image, .. } = item
            && !images.iter().any(|i| same_image(i, image))
        {
            images.push(image);
        }
    }
    let mut xobjects = Dictionary::new();
    for (n, image) in images.iter().enumerate() {
        let pixels = image::pixels(image).map_err(|e| err(format!("a picture: {e}")))?;
        let id = add_image(&mut lo, image, &pixels);
        xobjects.set(image_id(n), Object::Reference(id));
    }
    // Images are shared (reference counted) with the document model.
    let owned: Vec<Image> = images.into_iter().cloned().collect();
    let images: Vec<&Image> = owned.iter().collect();
    let links = structure::link_texts(&laid);
    let destinations = note_destinations(&laid);

    // Each page drawn on its own, in parallel (a long summary has
    // thousands), its laid-out items dropped and its stream deflated as
    // soon as it is drawn.
    let structure_nodes = &laid.structure;
    let drawn: Vec<(Drawn, [u8; 32], bool)> = laid
        .pages
        .par_iter_mut()
        .map(|p| {
            let items = std::mem::take(&mut p.items);
            let mut d = draw_page(&items, &images, fonts, &subsets, structure_nodes);
            drop(items);
            let hash: [u8; 32] = Sha256::digest(&d.content).into();
            let packed = super::deflate::zlib(&d.content, DEFLATE_LEVEL);
            let deflated = packed.len() < d.content.len();
            if deflated {
                d.content = packed;
            }
            (d, hash, deflated)
        })
        .collect();

    let pages_id = lo.new_object_id();
    let resources_id = lo.new_object_id();
    let mut tags = Vec::with_capacity(drawn.len());
    let mut hashes = Vec::with_capacity(drawn.len());
    let mut kids = Vec::with_capacity(drawn.len());
    let mut texts: BTreeMap<FaceKey, font::GlyphTexts> = BTreeMap::new();
    let media_box = Object::Array(
        [0.0, 0.0, finite(laid.width), finite(laid.height)]
            .map(Object::Real)
            .to_vec(),
    );
    for (d, hash, deflated) in drawn {
        let Drawn {
            content,
            tags: page_tags,
            links: page_links,
            texts: page_texts,
        } = d;
        for (key, glyph, text) in page_texts {
            texts.entry(key).or_default().add(glyph, text);
        }
        let mut stream_dict = Dictionary::new();
        if deflated {
            stream_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
        let contents = lo.add_object(Stream::new(stream_dict, content).with_compression(false));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        page.set("MediaBox", media_box.clone());
        page.set("Resources", Object::Reference(resources_id));
        page.set("Contents", Object::Reference(contents));
        if !page_links.is_empty() {
            page.set(
                "Annots",
                Object::Array(page_links.into_iter().map(link_annotation).collect()),
            );
        }
        kids.push(Object::Reference(lo.add_object(page)));
        tags.push(page_tags);
        hashes.push(hash);
    }

    let mut font_dict = Dictionary::new();
    for (key, subset) in subsets {
        let glyphs = used.get(&key).map_or(&[][..], |u| u.glyphs.as_slice());
        let no_texts = font::GlyphTexts::default();
        let face_texts = texts.get(&key).unwrap_or(&no_texts);
        let id = font::write(&mut lo, subset, fonts.face_of(key), glyphs, face_texts);
        font_dict.set(font_id(key), Object::Reference(id));
    }
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(font_dict));
    if !xobjects.is_empty() {
        resources.set("XObject", Object::Dictionary(xobjects));
    }
    lo.objects
        .insert(resources_id, Object::Dictionary(resources));
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Count", Object::Integer(kids.len() as i64));
    let page_refs = match destinations.is_empty() {
        true => Vec::new(),
        false => kids.clone(),
    };
    pages.set("Kids", Object::Array(kids));
    lo.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    if !destinations.is_empty() {
        // The endnotes' named destinations, which their links go to.
        let names = (destinations.into_iter())
            .flat_map(|(name, (page, x, top))| {
                let page = page_refs.get(page).cloned().unwrap_or(Object::Null);
                let xyz = vec![
                    page,
                    Object::Name(b"XYZ".to_vec()),
                    Object::Real(finite(x)),
                    Object::Real(finite(top)),
                    Object::Null,
                ];
                [Object::string_literal(name), Object::Array(xyz)]
            })
            .collect();
        let mut dests = Dictionary::new();
        dests.set("Names", Object::Array(names));
        let mut tree = Dictionary::new();
        tree.set("Dests", Object::Dictionary(dests));
        catalog.set("Names", Object::Dictionary(tree));
    }
    let catalog_id = lo.add_object(catalog);
    lo.trailer.set("Root", Object::Reference(catalog_id));

    let document_id = content_id(&meta.title, &hashes);
    let elements = finish(&mut lo, meta, &laid, &links, &tags, options, &document_id)
        .map_err(|e| err(e.to_string()))?;
    compress(&mut lo);

    // Object streams: the structure tree is thousands of small
    // dictionaries, which deflate well only together (PDF/A-2 allows them).
    let bytes = file::write(lo, &elements, DEFLATE_LEVEL);
    Ok(bytes)
}

/// The named destinations of endnotes and their references, sorted as a
/// name tree wants: `note-n` where note n's number (the link back) is
/// drawn, `ref-n` where its first reference is; each its page, left and
/// top.
fn note_destinations(laid: &PagedDocument) -> BTreeMap<String, (usize, f32, f32)> {
    let mut out = BTreeMap::new();
    for (page, p) in laid.pages.iter().enumerate() {
        for item in &p.items {
            let Item::Link { rect, target, .. } = item else {
                continue;
            };
            let name = match target {
                LinkTarget::Url(_) => continue,
                LinkTarget::Note(n) => destination(LinkTarget::Reference(*n)),
                LinkTarget::Reference(n) => destination(LinkTarget::Note(*n)),
            };
            out.entry(name)
                .or_insert((page, rect.x, rect.y + rect.height));
        }
    }
    out
}

/// The name of the destination a link to `target` within the document
/// goes to.
fn destination(target: LinkTarget) -> String {
    match target {
        LinkTarget::Note(n) => format!("note-{n}"),
        LinkTarget::Reference(n) => format!("ref-{n}"),
        LinkTarget::Url(url) => url.to_string(),
    }
}

/// A link annotation, inline: the structure tree makes it an object of
/// its own with its place in the parent tree.
fn link_annotation(link: Link) -> Object {
    let mut action = Dictionary::new();
    match link.target {
        LinkTarget::Url(url) => {
            action.set("S", Object::Name(b"URI".to_vec()));
            action.set("URI", Object::string_literal(url.as_str()));
        }
        target => {
            action.set("S", Object::Name(b"GoTo".to_vec()));
            action.set("D", Object::string_literal(destination(target)));
        }
    }
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Annot".to_vec()));
    dict.set("Subtype", Object::Name(b"Link".to_vec()));
    dict.set("Rect", Object::Array(link.rect.map(Object::Real).to_vec()));
    dict.set("Border", Object::Array(vec![Object::Integer(0); 3]));
    dict.set("H", Object::Name(b"I".to_vec()));
    dict.set("A", Object::Dictionary(action));
    Object::Dictionary(dict)
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

fn err(message: String) -> ExportError {
    ExportError {
        format: "PDF",
        message,
    }
}

pub(super) fn finite(v: f32) -> f32 {
    if v.is_finite() { v } else { 0.0 }
}
