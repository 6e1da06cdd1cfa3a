//! The PDF writer: tagged, PDF/UA-1 and PDF/A-2b.
//!
//! [`pdf`] takes a document already laid out ([`Paged`]: the caller runs
//! [`crate::layout`]) and draws it, one concern a module:
//!
//! - `page`: a page's content as printpdf operations, each piece in the
//!   marked-content sequence of what it is; `text`: shaped runs as glyph
//!   operations, the `/ActualText` a run needs, font resource names and
//!   printpdf's parse of each font; `glyph_text`: the text each glyph
//!   stands for; `image`: pictures as image XObjects.
//! - printpdf turns the operations into content streams, embeds and
//!   subsets the fonts and writes their ToUnicode maps.
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
mod file;
mod glyph_text;
mod image;
mod outline;
mod page;
mod structure;
mod text;

use std::collections::BTreeSet;

use rayon::prelude::*;

use lopdf::Object;
use printpdf::{Mm, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, XObject};

use super::ExportError;
use crate::doc::style::{PageSize, StyleSheet};
use crate::doc::{Document, Image, Metadata};
use crate::fonts::{FaceKey, Fonts};
use crate::layout::{Item, PagedDocument, paginate};
use catalog::finish;
use image::{image_id, image_xobject, same_image};
use page::{Drawn, page_ops};
use text::{font_id, parsed_font};

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
    /// The paper the layout was made for.
    pub paper: PageSize,
    pub meta: &'a Metadata,
    pub fonts: &'a Fonts,
}

impl<'a> Paged<'a> {
    /// `doc` laid out with `style` (which names the paper) and `fonts`.
    pub fn of(doc: &'a Document, style: &StyleSheet, fonts: &'a Fonts) -> Paged<'a> {
        Paged {
            layout: paginate(doc, style, fonts),
            paper: style.page.size,
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
        paper,
        meta,
        fonts,
    } = doc;
    let mut printpdf_doc = PdfDocument::new(&meta.title);
    {
        let info = &mut printpdf_doc.metadata.info;
        info.author = meta.author.clone();
        info.subject = meta.subject.clone();
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
        printpdf_doc.resources.xobjects.map.insert(
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
    let (wmm, hmm) = paper.mm();
    let mut tags = Vec::with_capacity(drawn.len());
    let mut mapped: BTreeSet<(FaceKey, u16)> = BTreeSet::new();
    let mut pages = Vec::with_capacity(drawn.len());
    for d in drawn {
        tags.push(d.tags);
        mapped.extend(d.mapped);
        pages.push(PdfPage::new(Mm(wmm), Mm(hmm), d.ops));
    }
    printpdf_doc.with_pages(pages);

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
        printpdf_doc
            .resources
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
    let mut lo = printpdf_doc.to_lopdf_document(&save, &mut warnings);
    drop(printpdf_doc);
    let elements =
        finish(&mut lo, meta, &laid, &links, &tags, options).map_err(|e| err(e.to_string()))?;
    compress(&mut lo);

    // Object streams: the structure tree is thousands of small
    // dictionaries, which deflate well only together (PDF/A-2 allows them).
    let bytes = file::write(lo, &elements, DEFLATE_LEVEL);
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

fn err(message: String) -> ExportError {
    ExportError {
        format: "PDF",
        message,
    }
}

pub(super) fn finite(v: f32) -> f32 {
    if v.is_finite() { v } else { 0.0 }
}
