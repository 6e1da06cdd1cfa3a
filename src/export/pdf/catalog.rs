//! What the file says about itself: the catalog (language, viewer
//! preferences, outline, structure tree, output intent), the Info
//! dictionary and the XMP metadata.

use lopdf::{Dictionary, Object, ObjectId};
use sha2::{Digest, Sha256};

use super::outline::write_outline;
use super::structure::PageTags;
use super::text::text_string;
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

/// Hex digits of a hash of the title and of every page's content (given
/// as each page's own hash): the XMP's document id, the same for the same
/// content.
pub(super) fn content_id(title: &str, pages: &[[u8; 32]]) -> String {
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    for page in pages {
        h.update(page);
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Who made the file, as the Info dictionary and the XMP say.
const CREATOR: &str = "upr-brief";

fn producer() -> String {
    format!("upr-brief {}", env!("CARGO_PKG_VERSION"))
}

/// Adds the outline, /Lang, viewer preferences, the structure tree, the
/// XMP metadata and output intent, and the Info dictionary; `document_id`
/// is [`content_id`]. The structure elements come back as bytes, for the
/// file writer.
pub(super) fn finish(
    lo: &mut lopdf::Document,
    meta: &Metadata,
    laid: &PagedDocument,
    links: &std::collections::HashMap<crate::layout::NodeId, String>,
    tags: &[PageTags],
    options: &PdfOptions,
    document_id: &str,
) -> lopdf::Result<file::Serialized> {
    // ISO 32000-1, which PDF/A-2 and PDF/UA-1 build on.
    lo.version = "1.7".into();
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let outlines = if laid.outline.is_empty() || page_ids.is_empty() {
        None
    } else {
        Some(write_outline(lo, &laid.outline, &page_ids))
    };

    // Info: only the entries there are, each repeated in the XMP.
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    if !meta.author.is_empty() {
        info.set("Author", text_string(&meta.author));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text_string(&meta.subject));
    }
    let creator = CREATOR.to_string();
    let producer = producer();
    info.set("Creator", text_string(&creator));
    info.set("Producer", text_string(&producer));
    let secs = options.creation_date.unwrap_or(0);
    let date = Object::string_literal(pdf_date(secs));
    info.set("CreationDate", date.clone());
    info.set("ModDate", date);
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));

    let root_id = lo.trailer.get(b"Root")?.as_reference()?;
    let elements = structure::write(lo, laid, links, tags, &page_ids, root_id)?;
    let xmp = archive::xmp(&archive::Metadata {
        title: &meta.title,
        author: &meta.author,
        subject: &meta.subject,
        language: meta.language.as_str(),
        creator: &creator,
        producer: &producer,
        date: secs,
        document_id,
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
