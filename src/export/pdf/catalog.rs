//! What the file says about itself: the catalog (language, viewer
//! preferences, outline, structure tree, output intent), the Info
//! dictionary cleaned of what printpdf claims, and the XMP metadata.

use lopdf::{Dictionary, Object, ObjectId};
use sha2::{Digest, Sha256};

use super::outline::write_outline;
use super::structure::PageTags;
use super::{PdfOptions, archive, file, structure};
use crate::doc::Metadata;
use crate::layout::PagedDocument;

/// Seconds since the epoch, clamped to years 1–9999.
pub(super) fn clamp_date(secs: i64) -> i64 {
    secs.clamp(-62_135_596_800, 253_402_300_799)
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since the epoch (clamped to years 1–9999).
pub(super) fn pdf_date(secs: i64) -> String {
    let dt = chrono::DateTime::from_timestamp(clamp_date(secs), 0).unwrap_or_default();
    format!("D:{}Z", dt.format("%Y%m%d%H%M%S"))
}

/// Hex digits of a hash of every page's content: the XMP's document id,
/// the same for the same content.
pub(super) fn content_id(lo: &lopdf::Document, page_ids: &[ObjectId], title: &str) -> String {
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
pub(super) fn finish(
    lo: &mut lopdf::Document,
    meta: &Metadata,
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
    if meta.author.is_empty() {
        info.remove(b"Author");
    }
    if meta.subject.is_empty() {
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
    let document_id = content_id(lo, &page_ids, &meta.title);
    let xmp = archive::xmp(&archive::Metadata {
        title: &meta.title,
        author: &meta.author,
        subject: &meta.subject,
        language: meta.language.as_str(),
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
    if !meta.language.is_empty() {
        catalog.set("Lang", Object::string_literal(meta.language.as_str()));
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

/// The text of a PDF text string (UTF-16BE with a byte-order mark, or
/// PDFDocEncoding read as Latin-1).
pub(super) fn pdf_text(o: &Object) -> Option<String> {
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
