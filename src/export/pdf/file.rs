//! A finished lopdf document as the bytes of a PDF file: the objects that
//! may be compressed packed into object streams, the rest written directly,
//! and a cross-reference stream.
//!
//! This is the file layout lopdf's own `save_with_options` writes with
//! object and cross-reference streams (same objects, order, numbers and
//! bytes), done in one pass: each object is serialized once, as it is
//! packed, and dropped; the object streams are deflated in parallel with
//! the shared compressors. (lopdf's writer clones every object into its
//! object streams and serializes each three times.)
//!
//! What may go in an object stream (ISO 32000-1, 7.5.7): any object of
//! generation 0 that is not a stream, nor the encryption dictionary, nor a
//! cross-reference or object stream. (The document catalog may: these files
//! are not linearized.)

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// Objects in one object stream at most.
const PER_STREAM: usize = 200;

/// Objects of the document kept in their PDF syntax rather than as lopdf
/// objects, each of generation 0 and fit for an object stream: a long
/// summary's structure tree is tens of thousands of small dictionaries,
/// which as lopdf objects take several times the memory of their bytes.
#[derive(Debug, Default)]
pub(super) struct Serialized {
    bytes: Vec<u8>,
    /// Each object's number and where its bytes end, in the order pushed.
    ends: Vec<(u32, usize)>,
}

impl Serialized {
    /// Keeps `object`, numbered `id` (whose generation is 0), as its bytes.
    pub fn push(&mut self, id: ObjectId, object: &Object) {
        debug_assert!(id.1 == 0 && packable(object), "{id:?} cannot be packed");
        value(&mut self.bytes, object);
        self.ends.push((id.0, self.bytes.len()));
    }

    /// The objects' numbers and bytes, by number.
    fn by_number(&self) -> Vec<(u32, &[u8])> {
        let mut start = 0;
        let mut objects: Vec<(u32, &[u8])> = self
            .ends
            .iter()
            .map(|&(id, end)| {
                let bytes = &self.bytes[start..end];
                start = end;
                (id, bytes)
            })
            .collect();
        objects.sort_by_key(|&(id, _)| id);
        objects
    }
}

/// An object to pack: a lopdf object (boxed: a long summary packs a few
/// thousand of them among hundreds of thousands serialized ones), or one
/// already serialized.
enum Packed<'a> {
    Object(Box<Object>),
    Bytes(&'a [u8]),
}

/// The file's bytes: `lo`'s objects and the `serialized` ones (numbered
/// apart from them), with those that may be packed into object streams of
/// [`PER_STREAM`] deflated at `level`, and the trailer's `/ID` a hash of
/// the rest.
pub(super) fn write<'a>(lo: lopdf::Document, serialized: &'a Serialized, level: u32) -> Vec<u8> {
    let lopdf::Document {
        version,
        binary_mark,
        mut trailer,
        objects,
        max_id,
        ..
    } = lo;
    // Blank until the rest of the file is known.
    trailer.set("ID", id_pair(&[0; 16]));
    let encrypt = match trailer.get(b"Encrypt") {
        Ok(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    let mut direct: Vec<(ObjectId, Object)> = Vec::new();
    let mut packed: Vec<Vec<(u32, Packed<'a>)>> = Vec::new();
    let mut pack = |id: u32, object: Packed<'a>| match packed.last_mut() {
        Some(stream) if stream.len() < PER_STREAM => stream.push((id, object)),
        _ => packed.push(vec![(id, object)]),
    };
    // Both kinds in the order of their numbers, as if they were one map.
    let mut ready = serialized.by_number().into_iter().peekable();
    for (id, object) in objects {
        while let Some((number, bytes)) = ready.next_if(|&(number, _)| number < id.0) {
            pack(number, Packed::Bytes(bytes));
        }
        if type_is(&object, b"ObjStm") {
            // Packing is this writer's: old object streams are not kept.
            continue;
        }
        if id.1 == 0 && Some(id) != encrypt && packable(&object) {
            pack(id.0, Packed::Object(Box::new(object)));
        } else {
            direct.push((id, object));
        }
    }
    for (number, bytes) in ready {
        pack(number, Packed::Bytes(bytes));
    }
    // Each object stream serialized and deflated on its own: in parallel.
    let streams: Vec<(Vec<u32>, Vec<u8>)> = packed
        .into_par_iter()
        .map(|objects| object_stream(objects, level))
        .collect();

    // The file at once (a long summary's is megabytes): no copies as it
    // grows, and each object dropped as soon as it is written.
    let room: usize = direct
        .iter()
        .map(|(_, object)| match object {
            Object::Stream(s) => s.content.len() + 256,
            _ => 256,
        })
        .chain(
            streams
                .iter()
                .map(|(ids, bytes)| bytes.len() + 16 * ids.len() + 64),
        )
        .sum();
    let mut out = Vec::with_capacity(room + 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(version.as_bytes());
    out.push(b'\n');
    out.push(b'%');
    out.extend_from_slice(&binary_mark);
    out.push(b'\n');

    let mut xref = Xref::default();
    for ((id, generation), object) in direct {
        xref.set(id, Entry::Offset(out.len(), generation));
        indirect(&mut out, id, generation, &object);
    }
    let mut next = max_id;
    for (ids, stream) in streams {
        next += 1;
        for (index, id) in ids.into_iter().enumerate() {
            xref.set(id, Entry::Packed(next, index));
        }
        xref.set(next, Entry::Offset(out.len(), 0));
        out.extend_from_slice(itoa::Buffer::new().format(next).as_bytes());
        out.extend_from_slice(b" 0 obj\n");
        out.extend_from_slice(&stream);
        out.extend_from_slice(b" \nendobj\n");
    }

    // The cross-reference stream, whose dictionary is the trailer.
    let start = out.len();
    next += 1;
    xref.set(next, Entry::Offset(start, 0));
    let (table, index) = xref.encode(max_id + 1);
    trailer.set("Type", Object::Name(b"XRef".to_vec()));
    trailer.set("Size", i64::from(next) + 1);
    trailer.set(
        "W",
        Object::Array(vec![1, 4, 2].into_iter().map(Object::Integer).collect()),
    );
    trailer.set("Index", Object::Array(index));
    trailer.remove(b"Filter");
    trailer.set("Length", table.len() as i64);
    // The /ID: a hash of the file as it would be with a blank one (the
    // objects, then the trailer with zeros for the ID), made before the
    // trailer is written with it.
    let tail = |trailer: &Dictionary| {
        let mut tail = Vec::new();
        tail.extend_from_slice(itoa::Buffer::new().format(next).as_bytes());
        tail.extend_from_slice(b" 0 obj\n");
        dictionary(&mut tail, trailer);
        stream_data(&mut tail, &table);
        tail.extend_from_slice(b" \nendobj\n");
        tail.extend_from_slice(b"\nstartxref\n");
        tail.extend_from_slice(itoa::Buffer::new().format(start).as_bytes());
        tail.extend_from_slice(b"\n%%EOF");
        tail
    };
    let mut hash = Sha256::new();
    hash.update(&out);
    hash.update(tail(&trailer));
    trailer.set("ID", id_pair(&hash.finalize()[..16]));
    out.extend_from_slice(&tail(&trailer));
    out
}

/// The trailer's `/ID`: `id` twice (the file's first and its present
/// version are one).
fn id_pair(id: &[u8]) -> Object {
    let s = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    Object::Array(vec![s.clone(), s])
}

/// Whether `object` may be packed into an object stream (its generation,
/// the encryption dictionary and old object streams aside).
fn packable(object: &Object) -> bool {
    !matches!(object, Object::Stream(_)) && !type_is(object, b"XRef")
}

/// Whether `object` is a dictionary or stream whose `/Type` is `name`.
fn type_is(object: &Object, name: &[u8]) -> bool {
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return false,
    };
    matches!(dict.get(b"Type"), Ok(Object::Name(n)) if n == name)
}

/// An object stream holding `objects` (in order), as the bytes of its
/// dictionary and stream, and the numbers of the objects in it.
fn object_stream(objects: Vec<(u32, Packed)>, level: u32) -> (Vec<u32>, Vec<u8>) {
    let mut ids = Vec::with_capacity(objects.len());
    let mut offsets = Vec::new();
    let mut body = Vec::new();
    for (id, object) in objects {
        if !offsets.is_empty() {
            offsets.push(b' ');
        }
        offsets.extend_from_slice(itoa::Buffer::new().format(id).as_bytes());
        offsets.push(b' ');
        offsets.extend_from_slice(itoa::Buffer::new().format(body.len()).as_bytes());
        match object {
            Packed::Object(object) => value(&mut body, &object),
            Packed::Bytes(bytes) => body.extend_from_slice(bytes),
        }
        body.push(b' ');
        ids.push(id);
    }
    offsets.push(b' ');
    let first = offsets.len();
    offsets.extend_from_slice(&body);
    drop(body);
    let data = crate::export::deflate::zlib(&offsets, level);
    drop(offsets);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"ObjStm".to_vec()));
    dict.set("N", ids.len() as i64);
    dict.set("First", first as i64);
    dict.set("Length", data.len() as i64);
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut out = Vec::with_capacity(data.len() + 96);
    dictionary(&mut out, &dict);
    stream_data(&mut out, &data);
    (ids, out)
}

/// Where each object is: at an offset in the file (with its generation),
/// or the `index`th object of an object stream.
#[derive(Clone, Copy)]
enum Entry {
    Offset(usize, u16),
    Packed(u32, usize),
}

/// The cross-reference entries by object number.
#[derive(Default)]
struct Xref {
    entries: Vec<Option<Entry>>,
}

impl Xref {
    fn set(&mut self, id: u32, entry: Entry) {
        let at = id as usize;
        if self.entries.len() <= at {
            self.entries.resize(at + 1, None);
        }
        self.entries[at] = Some(entry);
    }

    /// The stream's data, `[1 4 2]` bytes an entry, and its `/Index`: one
    /// subsection for each run of numbers that have an entry, from 1 up to
    /// at least `size` (object 0, the head of the free list, is left out).
    fn encode(&self, size: u32) -> (Vec<u8>, Vec<Object>) {
        let end = self.entries.len().max(size as usize);
        let mut data = Vec::with_capacity(end * 7);
        let mut index = Vec::new();
        let mut run: Option<(usize, i64)> = None;
        for id in 1..end {
            let Some(entry) = self.entries.get(id).copied().flatten() else {
                if let Some((start, count)) = run.take() {
                    index.extend([Object::Integer(start as i64), Object::Integer(count)]);
                }
                continue;
            };
            match &mut run {
                Some((_, count)) => *count += 1,
                None => run = Some((id, 1)),
            }
            let (kind, field, small) = match entry {
                Entry::Offset(offset, generation) => (1u8, offset as u32, generation),
                Entry::Packed(stream, at) => (2u8, stream, at as u16),
            };
            data.push(kind);
            data.extend_from_slice(&field.to_be_bytes());
            data.extend_from_slice(&small.to_be_bytes());
        }
        if let Some((start, count)) = run {
            index.extend([Object::Integer(start as i64), Object::Integer(count)]);
        }
        (data, index)
    }
}

/// `id generation obj … endobj`, with the spaces lopdf puts around a
/// number, name or stream.
fn indirect(out: &mut Vec<u8>, id: u32, generation: u16, object: &Object) {
    out.extend_from_slice(itoa::Buffer::new().format(id).as_bytes());
    out.push(b' ');
    out.extend_from_slice(itoa::Buffer::new().format(generation).as_bytes());
    out.extend_from_slice(b" obj\n");
    if spaced_before(object) {
        out.push(b' ');
    }
    value(out, object);
    if spaced_after(object) {
        out.push(b' ');
    }
    out.extend_from_slice(b"\nendobj\n");
}

/// Objects that need a space before them to be read apart from the one
/// before.
fn spaced_before(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// Objects followed by a space before `endobj`.
fn spaced_after(object: &Object) -> bool {
    spaced_before(object) || matches!(object, Object::Name(_) | Object::Stream(_))
}

/// One object's PDF syntax.
fn value(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(n) => out.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
        Object::Real(r) => {
            use std::io::Write;
            let _ = write!(out, "{r}");
        }
        Object::Name(name) => self::name(out, name),
        Object::String(text, StringFormat::Literal) => literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.reserve(text.len() * 2 + 2);
            out.push(b'<');
            for &b in text {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && spaced_before(item) {
                    out.push(b' ');
                }
                value(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => dictionary(out, dict),
        Object::Stream(stream) => {
            dictionary(out, &stream.dict);
            stream_data(out, &stream.content);
        }
        Object::Reference((id, generation)) => {
            out.extend_from_slice(itoa::Buffer::new().format(*id).as_bytes());
            out.push(b' ');
            out.extend_from_slice(itoa::Buffer::new().format(*generation).as_bytes());
            out.extend_from_slice(b" R");
        }
    }
}

/// `stream`, the data and `endstream`, each keyword on its own line. The
/// line end before `endstream` is CR LF where the data ends in a CR (a
/// deflated stream's checksum can): a reader that drops one line end,
/// LF or CR LF, before `endstream` (as PDF/A validators measure a
/// stream) then still finds the data's own CR.
fn stream_data(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(data);
    if data.last() == Some(&b'\r') {
        out.extend_from_slice(b"\r\nendstream");
    } else {
        out.extend_from_slice(b"\nendstream");
    }
}

fn dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, item) in dict {
        name(out, key);
        if spaced_before(item) {
            out.push(b' ');
        }
        value(out, item);
    }
    out.extend_from_slice(b">>");
}

/// A name, with white space, delimiters, `#` and bytes outside `!`..`~`
/// written as `#XX`.
fn name(out: &mut Vec<u8>, name: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.push(b);
        }
    }
}

/// A literal string: a backslash, a carriage return (as `\r`) and every
/// parenthesis without its partner escaped; balanced pairs kept as they
/// are.
fn literal(out: &mut Vec<u8>, text: &[u8]) {
    let mut escape = vec![false; text.len()];
    let mut open = Vec::new();
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'(' => open.push(i),
            b')' if open.pop().is_none() => escape[i] = true,
            b'\\' | b'\r' => escape[i] = true,
            _ => {}
        }
    }
    for i in open {
        escape[i] = true;
    }
    out.push(b'(');
    for (&b, &e) in text.iter().zip(&escape) {
        if e {
            out.push(b'\\');
            out.push(if b == b'\r' { b'r' } else { b });
        } else {
            out.push(b);
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> lopdf::Document {
        let mut lo = lopdf::Document::with_version("1.7");
        let pages = lo.new_object_id();
        let content = lo.add_object(lopdf::Stream::new(
            Dictionary::new(),
            b"BT /F1 12 Tf (Hi) Tj ET".to_vec(),
        ));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages));
        page.set("Contents", Object::Reference(content));
        page.set(
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 595.5.into(), 842.into()]),
        );
        let page = lo.add_object(page);
        let mut kids = Dictionary::new();
        kids.set("Type", Object::Name(b"Pages".to_vec()));
        kids.set("Kids", Object::Array(vec![Object::Reference(page)]));
        kids.set("Count", 1);
        lo.objects.insert(pages, Object::Dictionary(kids));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages));
        catalog.set("Lang", Object::string_literal("a(b)c)d\\e("));
        catalog.set("Odd Name", Object::Name(b"a b#".to_vec()));
        let catalog = lo.add_object(catalog);
        lo.trailer.set("Root", Object::Reference(catalog));
        // Enough small objects for two object streams.
        for n in 0..250 {
            lo.add_object(Object::Integer(n));
        }
        lo
    }

    /// The same bytes as lopdf's own writer with object and
    /// cross-reference streams, which every reader of our files has read.
    #[test]
    fn writes_what_lopdf_writes() {
        let mut theirs = Vec::new();
        let options = lopdf::SaveOptions {
            use_object_streams: true,
            use_xref_streams: true,
            linearize: false,
            object_stream_config: lopdf::ObjectStreamConfig {
                max_objects_per_stream: PER_STREAM,
                compression_level: 6,
            },
        };
        let ours = write(doc(), &Serialized::default(), 6);
        // The same /ID, which lopdf leaves to its caller.
        let id = lopdf::Document::load_mem(&ours)
            .unwrap()
            .trailer
            .get(b"ID")
            .unwrap()
            .clone();
        let mut doc = doc();
        doc.trailer.set("ID", id);
        doc.save_with_options(&mut theirs, options).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    /// lopdf reads the file back: every object, the packed ones included.
    /// The /ID is the same for the same objects and another for others.
    #[test]
    fn the_id_follows_the_content() {
        let id = |bytes: &[u8]| {
            let trailer = lopdf::Document::load_mem(bytes).unwrap().trailer;
            trailer.get(b"ID").unwrap().clone()
        };
        let a = write(doc(), &Serialized::default(), 6);
        let b = write(doc(), &Serialized::default(), 6);
        let mut other = doc();
        other.add_object(Object::Integer(7));
        let c = write(other, &Serialized::default(), 6);
        assert_eq!(id(&a), id(&b));
        assert_ne!(id(&a), id(&c));
        let Object::Array(pair) = id(&a) else {
            panic!("an array");
        };
        assert_eq!(pair.len(), 2);
        assert_ne!(
            pair[0],
            Object::String(vec![0; 16], StringFormat::Hexadecimal)
        );
    }

    #[test]
    fn reads_back() {
        let bytes = write(doc(), &Serialized::default(), 6);
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        let original = doc();
        // Every object, plus two object streams and the cross-reference stream.
        assert_eq!(back.objects.len(), original.objects.len() + 3);
        for (id, object) in &original.objects {
            let read = back.get_object(*id).unwrap();
            match (object, read) {
                (Object::Stream(a), Object::Stream(b)) => assert_eq!(a.content, b.content),
                (a, b) => assert_eq!(a, b, "object {id:?}"),
            }
        }
        let catalog = back.catalog().unwrap();
        assert_eq!(
            catalog.get(b"Lang").unwrap().as_str().unwrap(),
            b"a(b)c)d\\e("
        );
    }

    /// Data ending in a carriage return keeps it: the line end before
    /// `endstream` is then CR LF, and readers take the data back whole.
    #[test]
    fn a_stream_ending_in_a_carriage_return_keeps_it() {
        let mut lo = doc();
        let id = lo.add_object(lopdf::Stream::new(Dictionary::new(), b"data\r".to_vec()));
        let bytes = write(lo, &Serialized::default(), 6);
        assert!(
            bytes.windows(16).any(|w| w == b"data\r\r\nendstream"),
            "no CR LF before endstream"
        );
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        let stream = back.get_object(id).unwrap().as_stream().unwrap();
        assert_eq!(stream.content, b"data\r");
        // Any other data is followed by a line feed alone.
        let plain = write(doc(), &Serialized::default(), 6);
        assert!(!plain.windows(11).any(|w| w == b"\r\nendstream"));
    }

    /// Objects kept as bytes are written exactly as the same objects kept
    /// in the document, interleaved with the others by number.
    #[test]
    fn serialized_objects_are_written_as_the_objects_would_be() {
        let whole = doc();
        let mut lo = doc();
        let mut serialized = Serialized::default();
        // Every third small object and the catalog as bytes, pushed out of
        // order.
        let mut moved: Vec<ObjectId> = lo
            .objects
            .iter()
            .filter(|(id, o)| matches!(o, Object::Integer(n) if n % 3 == 0) || id.0 == 4)
            .map(|(id, _)| *id)
            .collect();
        assert!(moved.len() > 80);
        moved.reverse();
        for id in moved {
            let object = lo.objects.remove(&id).unwrap();
            serialized.push(id, &object);
        }
        let ours = write(lo, &serialized, 6);
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&write(whole, &Serialized::default(), 6))
        );
        // And an object changed before it was kept shows as changed.
        let mut lo = doc();
        let mut serialized = Serialized::default();
        let id = *lo.objects.keys().last().unwrap();
        lo.objects.remove(&id);
        serialized.push(id, &Object::Integer(-1));
        let back = lopdf::Document::load_mem(&write(lo, &serialized, 6)).unwrap();
        assert_eq!(back.get_object(id).unwrap(), &Object::Integer(-1));
    }

    #[test]
    fn escapes_unbalanced_parentheses_only() {
        let mut out = Vec::new();
        literal(&mut out, b"(a)b)c(\\\r");
        assert_eq!(out, b"((a)b\\)c\\(\\\\\\r)");
        let mut out = Vec::new();
        name(&mut out, b"A B#\xC3");
        assert_eq!(out, b"/A#20B#23#C3");
    }
}
