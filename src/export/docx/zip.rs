//! The DOCX's ZIP container (PKWARE APPNOTE 6.3.10, the subset OOXML
//! packages use: no ZIP64, no encryption, no data descriptors): each part
//! deflated, dated at the DOS epoch, then the central directory.
//!
//! Written here rather than through the `zip` crate's writer, which sets
//! up a fresh compressor for every part, where a pack has a dozen parts of
//! a few hundred bytes and most are the same in every pack of a build
//! ([`PartCache`]). The `zip` crate still reads every package back in the
//! tests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::super::deflate;

/// How hard parts are deflated (zlib's default).
const LEVEL: u32 = 6;

/// 1980-01-01 00:00:00 in MS-DOS date and time format: the earliest date
/// a ZIP entry can hold, so packages do not depend on the clock.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version 2.0: deflate. "Made by" UNIX (3), so the permissions below hold.
const VERSION_NEEDED: u16 = 20;
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// A regular file, rw-r--r--, in the high half of the external attributes.
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;
const DEFLATED: u16 = 8;

/// A part deflated, with the CRC-32 of its bytes.
struct Packed {
    data: Vec<u8>,
    crc: u32,
}

/// Parts that are the same in every package of a build (settings, fonts,
/// comments, relationships, styles of a language…), deflated once: they
/// are most of a pack's parts. Only the parts `shared` names are kept,
/// the first `KEPT` different ones at most, so the cache stays small
/// whatever the documents say. A build makes one and hands it to every
/// package it writes; clones share it.
#[derive(Clone, Default)]
pub struct PartCache(Arc<Mutex<HashMap<Vec<u8>, Arc<Packed>>>>);

impl std::fmt::Debug for PartCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.0.lock().map_or(0, |k| k.len());
        f.debug_struct("PartCache").field("kept", &kept).finish()
    }
}

/// Whether a part is the same in many packages.
fn shared(name: &str) -> bool {
    matches!(
        name,
        "[Content_Types].xml"
            | "_rels/.rels"
            | "docProps/app.xml"
            | "docProps/custom.xml"
            | "word/styles.xml"
            | "word/settings.xml"
            | "word/fontTable.xml"
            | "word/comments.xml"
            | "word/commentsExtended.xml"
            | "word/footnotes.xml"
    ) || (name.starts_with("word/_rels/") && !name.ends_with("document.xml.rels"))
}

/// How many shared parts are kept deflated at most.
const KEPT: usize = 256;

/// `bytes` deflated: from `cache` when the part is [`shared`].
fn packed(name: &str, bytes: &[u8], cache: &PartCache) -> Arc<Packed> {
    let pack = || {
        Arc::new(Packed {
            data: deflate::raw(bytes, LEVEL),
            crc: crc32fast::hash(bytes),
        })
    };
    if !shared(name) {
        return pack();
    }
    if let Some(p) = cache.0.lock().ok().and_then(|k| k.get(bytes).cloned()) {
        return p;
    }
    let p = pack();
    if let Ok(mut kept) = cache.0.lock()
        && kept.len() < KEPT
    {
        kept.insert(bytes.to_vec(), p.clone());
    }
    p
}

/// Why a package cannot be written as a plain ZIP file.
#[derive(Debug)]
pub(super) struct TooLarge;

/// A ZIP file of `parts` (name, bytes) in this order; shared parts
/// deflated once per `cache`.
pub(super) fn write(parts: &[(String, &[u8])], cache: &PartCache) -> Result<Vec<u8>, TooLarge> {
    let total: usize = parts.iter().map(|(_, b)| b.len() / 2 + 64).sum();
    let mut out = Vec::with_capacity(total);
    let mut central = Vec::new();
    for (name, bytes) in parts {
        let packed = packed(name, bytes, cache);
        let (crc, packed) = (packed.crc, &packed.data);
        let offset = u32::try_from(out.len()).map_err(|_| TooLarge)?;
        let size = u32::try_from(bytes.len()).map_err(|_| TooLarge)?;
        let packed_size = u32::try_from(packed.len()).map_err(|_| TooLarge)?;
        let name_len = u16::try_from(name.len()).map_err(|_| TooLarge)?;
        // The names are ASCII part names; a non-ASCII one is flagged UTF-8.
        let flags: u16 = if name.is_ascii() { 0 } else { 1 << 11 };

        // Local file header.
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, VERSION_NEEDED);
        put16(&mut out, flags);
        put16(&mut out, DEFLATED);
        put16(&mut out, DOS_TIME);
        put16(&mut out, DOS_DATE);
        put32(&mut out, crc);
        put32(&mut out, packed_size);
        put32(&mut out, size);
        put16(&mut out, name_len);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(packed);

        // Its central directory entry.
        put32(&mut central, 0x0201_4b50);
        put16(&mut central, VERSION_MADE_BY);
        put16(&mut central, VERSION_NEEDED);
        put16(&mut central, flags);
        put16(&mut central, DEFLATED);
        put16(&mut central, DOS_TIME);
        put16(&mut central, DOS_DATE);
        put32(&mut central, crc);
        put32(&mut central, packed_size);
        put32(&mut central, size);
        put16(&mut central, name_len);
        put16(&mut central, 0); // extra field length
        put16(&mut central, 0); // comment length
        put16(&mut central, 0); // disk number
        put16(&mut central, 0); // internal attributes
        put32(&mut central, EXTERNAL_ATTRIBUTES);
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let entries = u16::try_from(parts.len()).map_err(|_| TooLarge)?;
    let directory_at = u32::try_from(out.len()).map_err(|_| TooLarge)?;
    let directory_size = u32::try_from(central.len()).map_err(|_| TooLarge)?;
    out.extend_from_slice(&central);
    // End of central directory record.
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // the disk the directory starts on
    put16(&mut out, entries);
    put16(&mut out, entries);
    put32(&mut out, directory_size);
    put32(&mut out, directory_at);
    put16(&mut out, 0); // comment length
    // The offsets above must fit in 32 bits too (no ZIP64).
    u32::try_from(out.len()).map_err(|_| TooLarge)?;
    Ok(out)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    #[test]
    fn the_zip_crate_reads_back_every_part_with_its_metadata() {
        let big = "<w:t>Nguyễn Văn Đài</w:t>".repeat(2_000);
        let parts: Vec<(String, &[u8])> = vec![
            ("[Content_Types].xml".into(), b"<Types/>"),
            ("word/document.xml".into(), big.as_bytes()),
            ("word/empty.xml".into(), b""),
        ];
        let bytes = write(&parts, &PartCache::default()).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), 3);
        for (i, (name, data)) in parts.iter().enumerate() {
            let mut entry = zip.by_index(i).unwrap();
            assert_eq!(entry.name(), name);
            assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
            assert_eq!(entry.last_modified(), Some(zip::DateTime::default()));
            assert_eq!(entry.unix_mode(), Some(0o100_644));
            let mut back = Vec::new();
            // Reading checks the CRC-32 too.
            entry.read_to_end(&mut back).unwrap();
            assert_eq!(&back, data);
        }
    }

    /// A shared part comes from the cache only when its bytes are the
    /// same: the same name with other bytes is deflated anew.
    #[test]
    fn shared_parts_are_deflated_once_for_their_bytes() {
        let cache = PartCache::default();
        let a = packed("word/settings.xml", b"<w:settings a=\"1\"/>", &cache);
        let again = packed(
            "word/settings.xml",
            b"<w:settings a=\"1\"/>",
            &cache.clone(),
        );
        assert!(Arc::ptr_eq(&a, &again));
        // Another build's cache deflates it anew.
        let elsewhere = packed(
            "word/settings.xml",
            b"<w:settings a=\"1\"/>",
            &PartCache::default(),
        );
        assert!(!Arc::ptr_eq(&a, &elsewhere));
        let other = packed("word/settings.xml", b"<w:settings a=\"2\"/>", &cache);
        assert!(!Arc::ptr_eq(&a, &other));
        assert_ne!(a.crc, other.crc);
        assert_eq!(deflate::raw(b"<w:settings a=\"2\"/>", LEVEL), other.data);
        // A document's own part is never kept.
        let doc = packed("word/document.xml", b"<w:document/>", &cache);
        let doc_again = packed("word/document.xml", b"<w:document/>", &cache);
        assert!(!Arc::ptr_eq(&doc, &doc_again));
    }

    #[test]
    fn a_damaged_entry_fails_its_checksum() {
        let data = b"<w:document>abc</w:document>".repeat(10);
        let mut bytes = write(
            &[("word/document.xml".into(), &data[..])],
            &PartCache::default(),
        )
        .unwrap();
        // Readers check the CRC-32 of the central directory entry, 16
        // bytes into it.
        let central = bytes
            .windows(4)
            .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .unwrap();
        bytes[central + 16] ^= 0xff;
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut back = Vec::new();
        let read = zip.by_index(0).unwrap().read_to_end(&mut back);
        assert!(read.is_err(), "a wrong checksum went unnoticed");
    }
}
