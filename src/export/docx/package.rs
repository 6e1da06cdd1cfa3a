//! The package step: the parts docx-rs writes, repaired (`wordml.rs`),
//! with the body written as it was built, and the parts written here
//! instead of docx-rs's; then the ZIP.
//!
//! docx-rs writes the content types, the package and document
//! relationships, the numbering, font table, header and footer parts and
//! the pictures' media; `styles.rs` writes the styles, and this file the
//! settings, the core properties and the document's relationships to its
//! hyperlinks.

use std::collections::HashSet;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

use super::DocxOptions;
use super::document::{Body, BodyPart};
use super::text::escape;
use super::wordml::{Additions, Repair, Xml, docx_rs_spelling, escaped, repair};
use super::zip::PartCache;
use crate::doc::{Document, ImageFormat};
use crate::export::ExportError;

/// The extension a picture's part is named with (`.jpeg`, the media
/// type's own name, as Word writes it).
fn media_extension(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "png",
        ImageFormat::Jpeg => "jpeg",
    }
}

fn internal(message: impl Into<String>) -> ExportError {
    ExportError {
        format: "DOCX",
        message: message.into(),
    }
}

fn xml_error(e: impl std::fmt::Display) -> ExportError {
    internal(format!("docx-rs wrote XML not read back: {e}"))
}

/// document.xml: what docx-rs writes (the body's pictures and the section
/// properties) with the body's repaired XML in its place.
fn document_xml(
    written: &[u8],
    items: Vec<BodyPart>,
    additions: Additions<'_>,
) -> Result<Vec<u8>, ExportError> {
    let mut reader = Reader::from_reader(written);
    let mut repaired = Repair::new(additions);
    let mut items = items.into_iter();
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "w:body" => {
                repaired.event(Event::Start(e))?;
                for item in items.by_ref() {
                    match item {
                        BodyPart::Xml(xml) => repaired.write_repaired(&xml),
                        BodyPart::Picture => picture(&mut reader, &mut repaired)?,
                    }
                }
            }
            Event::Start(e) if e.name().as_ref() == "w:p" => {
                return Err(internal("docx-rs wrote a paragraph not built"));
            }
            other => repaired.event(other)?,
        }
    }
    repaired.finish()
}

/// Passes the next paragraph docx-rs wrote, one with a picture, on to
/// `repaired`.
fn picture(reader: &mut Reader<&[u8]>, repaired: &mut Repair<'_>) -> Result<(), ExportError> {
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match &event {
            Event::Start(e) if depth == 0 && e.name().as_ref() != "w:p" => {
                return Err(internal("a picture not written where built"));
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => return Err(internal("a picture not written")),
            _ => {}
        }
        repaired.event(event)?;
        if depth == 0 {
            return Ok(());
        }
    }
}

/// The part names `[Content_Types].xml` declares (`Override PartName`),
/// without the leading slash.
fn declared_parts(content_types: &[u8]) -> Result<HashSet<String>, ExportError> {
    let mut reader = Reader::from_reader(content_types);
    let mut parts = HashSet::new();
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Eof => return Ok(parts),
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "Override" => {
                if let Some(name) = e.try_get_attribute("PartName").map_err(xml_error)? {
                    let name = name
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(xml_error)?;
                    parts.insert(name.trim_start_matches('/').to_string());
                }
            }
            _ => {}
        }
    }
}

const HYPERLINK_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
const ENDNOTES_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes";
const ENDNOTES_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml";
/// The endnotes part's relationship id in the document's relationships.
const ENDNOTES_ID: &str = "rIdEndnotes";
const ENDNOTES_PART: &str = "word/endnotes.xml";

/// endnotes.xml: the separator and continuation separator Word draws
/// above the endnotes (ids -1 and 0, as Word numbers them), then `notes`,
/// the document's `w:endnote` elements, already repaired.
fn endnotes_xml(notes: &[u8]) -> Vec<u8> {
    let mut w = Xml::new();
    w.event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )));
    w.event(Event::Text(BytesText::new("\n")));
    w.open(
        "w:endnotes",
        &[
            (
                "xmlns:w",
                "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            ),
            (
                "xmlns:r",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            ),
            (
                "xmlns:mc",
                "http://schemas.openxmlformats.org/markup-compatibility/2006",
            ),
            (
                "xmlns:w14",
                "http://schemas.microsoft.com/office/word/2010/wordml",
            ),
            ("mc:Ignorable", "w14"),
        ],
    );
    for (id, kind, mark) in [
        ("-1", "separator", "w:separator"),
        ("0", "continuationSeparator", "w:continuationSeparator"),
    ] {
        w.open("w:endnote", &[("w:type", kind), ("w:id", id)]);
        w.open("w:p", &[]);
        w.open("w:pPr", &[]);
        w.empty(
            "w:spacing",
            &[("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")],
        );
        w.close("w:pPr");
        w.open("w:r", &[]);
        w.empty(mark, &[]);
        w.close("w:r");
        w.close("w:p");
        w.close("w:endnote");
    }
    let mut out = w.into_string().into_bytes();
    out.extend_from_slice(notes);
    let mut w = Xml::new();
    w.close("w:endnotes");
    out.extend(w.into_string().into_bytes());
    out
}

/// `[Content_Types].xml` with an `Override` for `part` of `content_type`
/// added last.
fn with_override(
    content_types: &[u8],
    part: &str,
    content_type: &str,
) -> Result<Vec<u8>, ExportError> {
    let mut reader = Reader::from_reader(content_types);
    let mut out = Writer::new(Vec::with_capacity(content_types.len() + 160));
    let write = |out: &mut Writer<Vec<u8>>, e: Event<'_>| {
        out.write_event(e)
            .map_err(|e| internal(format!("cannot write XML: {e}")))
    };
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Eof => break,
            Event::End(e) if e.local_name().as_ref() == "Types" => {
                let mut o = BytesStart::new("Override");
                o.push_attribute(("PartName", format!("/{part}").as_str()));
                o.push_attribute(("ContentType", content_type));
                write(&mut out, Event::Empty(o))?;
                write(&mut out, Event::End(e))?;
            }
            other => write(&mut out, other)?,
        }
    }
    Ok(out.into_inner())
}

/// A relationships part holding `links` as `rIdLink{n}` (the endnotes'
/// own, with the ids the document's have).
fn link_rels(links: &[String]) -> Vec<u8> {
    let mut w = Xml::new();
    w.event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )));
    w.event(Event::Text(BytesText::new("\n")));
    w.open(
        "Relationships",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        )],
    );
    for (n, target) in links.iter().enumerate() {
        let id = format!("rIdLink{}", n + 1);
        w.empty(
            "Relationship",
            &[
                ("Id", &id),
                ("Type", HYPERLINK_TYPE),
                ("Target", target),
                ("TargetMode", "External"),
            ],
        );
    }
    w.close("Relationships");
    w.into_string().into_bytes()
}

/// The document's relationships: docx-rs's without its hyperlinks (which
/// it writes in `HashMap` order), a JPEG picture's pointing to its file
/// (docx-rs names every media file `.png`), and `links` as `rIdLink{n}`;
/// all sorted by id.
fn document_rels(
    rels: &[u8],
    links: &[String],
    media: &[(String, ImageFormat)],
    endnotes: bool,
) -> Result<Vec<u8>, ExportError> {
    let mut reader = Reader::from_reader(rels);
    let mut out = Writer::new(Vec::with_capacity(rels.len() + links.len() * 160));
    let mut entries: Vec<(String, BytesStart<'static>)> = Vec::new();
    let write = |out: &mut Writer<Vec<u8>>, e: Event<'_>| {
        out.write_event(e)
            .map_err(|e| internal(format!("cannot write XML: {e}")))
    };
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Eof => break,
            Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let attribute = |name: &str| -> Result<String, ExportError> {
                    Ok(e.try_get_attribute(name)
                        .map_err(xml_error)?
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default())
                };
                if attribute("Type")? == HYPERLINK_TYPE {
                    continue;
                }
                let id = attribute("Id")?;
                let jpeg = media
                    .iter()
                    .any(|(m, format)| *m == id && *format == ImageFormat::Jpeg);
                let element = if jpeg {
                    let mut renamed = BytesStart::new("Relationship");
                    for a in e.attributes() {
                        let a = a.map_err(xml_error)?;
                        if a.key.as_ref() == "Target" {
                            let target =
                                format!("media/{id}.{}", media_extension(ImageFormat::Jpeg));
                            renamed.push_attribute(("Target", target.as_str()));
                        } else {
                            renamed.push_attribute(a);
                        }
                    }
                    docx_rs_spelling(renamed)
                } else {
                    e.into_owned()
                };
                entries.push((id, element));
            }
            Event::End(e) if e.local_name().as_ref() == "Relationships" => {
                for (n, target) in links.iter().enumerate() {
                    let target = escape(target);
                    let mut link = BytesStart::new("Relationship");
                    link.push_attribute(("Id", format!("rIdLink{}", n + 1).as_str()));
                    link.push_attribute(("Type", HYPERLINK_TYPE));
                    link.push_attribute(escaped("Target", &target));
                    link.push_attribute(("TargetMode", "External"));
                    entries.push((format!("rIdLink{}", n + 1), docx_rs_spelling(link)));
                }
                if endnotes {
                    let mut rel = BytesStart::new("Relationship");
                    rel.push_attribute(("Id", ENDNOTES_ID));
                    rel.push_attribute(("Type", ENDNOTES_TYPE));
                    rel.push_attribute(("Target", "endnotes.xml"));
                    entries.push((ENDNOTES_ID.to_string(), docx_rs_spelling(rel)));
                }
                entries.sort_by(|a, b| natord::compare(&a.0, &b.0));
                if entries.windows(2).any(|w| w[0].0 == w[1].0) {
                    return Err(internal("duplicate relationship id"));
                }
                for (_, element) in entries.drain(..) {
                    write(&mut out, Event::Empty(element))?;
                }
                write(&mut out, Event::End(e))?;
            }
            other => write(&mut out, other)?,
        }
    }
    Ok(out.into_inner())
}

/// Our own core.xml: docx-rs has no setter for title, creator or language.
pub(super) fn core_xml(doc: &Document, options: &DocxOptions) -> String {
    let date = options
        .timestamp
        .filter(|t| (1970..=9999).contains(&chrono::Datelike::year(t)))
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut w = Xml::new();
    w.event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )));
    w.event(Event::Text(BytesText::new("\n")));
    w.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    let mut element = |name: &str, value: &str| {
        let value = escape(value);
        let value = value.trim();
        if !value.is_empty() {
            w.open(name, &[]);
            w.event(Event::Text(BytesText::from_escaped(value)));
            w.close(name);
        }
    };
    element("dc:title", &doc.meta.title);
    element("dc:subject", &doc.meta.subject);
    element("dc:creator", &doc.meta.author);
    element("cp:lastModifiedBy", &doc.meta.author);
    element("dc:language", doc.meta.language.as_str());
    element("cp:revision", "1");
    for name in ["dcterms:created", "dcterms:modified"] {
        w.open(name, &[("xsi:type", "dcterms:W3CDTF")]);
        w.event(Event::Text(BytesText::new(&date)));
        w.close(name);
    }
    w.close("cp:coreProperties");
    w.into_string()
}

/// settings.xml, in schema order (docx-rs puts `w:defaultTabStop` before
/// `w:zoom` and adds East Asian layout compatibility options).
const SETTINGS_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>\
<w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" \
w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
</w:settings>";

/// settings.xml of a document with endnotes: [`SETTINGS_XML`] with the
/// endnotes' properties where the schema has them (before `w:compat`):
/// numbered 1, 2, 3 (Word's and LibreOffice's default is i, ii, iii), and
/// the separator and continuation separator of the endnotes part.
const SETTINGS_WITH_ENDNOTES_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>\
<w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:endnotePr><w:numFmt w:val=\"decimal\"/>\
<w:endnote w:id=\"-1\"/><w:endnote w:id=\"0\"/></w:endnotePr>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" \
w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
</w:settings>";

/// The parts docx-rs writes, repaired and completed, with ours, packed.
pub(super) fn assemble(
    body: Body,
    doc: &Document,
    styles: String,
    options: &DocxOptions,
    cache: &PartCache,
) -> Result<Vec<u8>, ExportError> {
    let Body {
        docx,
        items,
        links,
        numbers,
        picture_alts,
        media,
        mut run_extensions,
        endnotes,
    } = body;
    let mut written = docx.build();
    let has_endnotes = !endnotes.is_empty();
    written.document = document_xml(
        &written.document,
        items,
        Additions {
            runs: Some(&mut run_extensions),
            pictures: &picture_alts,
            decimal_endnotes: has_endnotes,
            ..Additions::default()
        },
    )?;
    // The lists' numbering instances last, where docx-rs puts the ones it holds.
    written.numberings = repair(
        &written.numberings,
        Additions {
            before_end: Some(("w:numbering", &numbers)),
            ..Additions::default()
        },
    )?;
    for part in written.headers.iter_mut().chain(written.footers.iter_mut()) {
        let additions = Additions {
            runs: Some(&mut run_extensions),
            ..Additions::default()
        };
        *part = repair(part, additions)?;
    }
    if !run_extensions.is_empty() {
        return Err(internal("a run property for a paragraph not written"));
    }
    // docx-rs always adds an empty Normal without `w:default="1"`, has no
    // `w:lang`, and writes style properties out of schema order: ours
    // (`styles.rs`) replace its styles part.
    written.styles = styles.into_bytes();
    // docx-rs writes settings out of schema order.
    written.settings = match has_endnotes {
        false => SETTINGS_XML.as_bytes().to_vec(),
        true => SETTINGS_WITH_ENDNOTES_XML.as_bytes().to_vec(),
    };
    written.document_rels = document_rels(&written.document_rels, &links, &media, has_endnotes)?;
    // docx-rs has no endnotes: their part, its relationships (the
    // hyperlinks of the notes' text) and its content type are ours.
    let mut extra: Vec<(String, Vec<u8>)> = Vec::new();
    if has_endnotes {
        written.content_type =
            with_override(&written.content_type, ENDNOTES_PART, ENDNOTES_CONTENT_TYPE)?;
        extra.push((ENDNOTES_PART.to_string(), endnotes_xml(&endnotes)));
        extra.push((
            "word/_rels/endnotes.xml.rels".to_string(),
            link_rels(&links),
        ));
    }
    // docx-rs has no setter for title, creator, subject or language.
    written.doc_props.core = core_xml(doc, options).into_bytes();
    pack(written, &media, &extra, cache)
}

/// Writes the parts in a fixed order, Deflate-compressed, with the fixed DOS
/// epoch as their date (`zip.rs`).
pub(super) fn pack(
    written: docx_rs::XMLDocx,
    media: &[(String, ImageFormat)],
    extra: &[(String, Vec<u8>)],
    cache: &PartCache,
) -> Result<Vec<u8>, ExportError> {
    let declared = declared_parts(&written.content_type)?;
    let declared = |part: &str| declared.contains(part);
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &written.content_type),
        ("_rels/.rels".into(), &written.rels),
        ("docProps/app.xml".into(), &written.doc_props.app),
        ("docProps/core.xml".into(), &written.doc_props.core),
        ("docProps/custom.xml".into(), &written.doc_props.custom),
        ("word/document.xml".into(), &written.document),
        (
            "word/_rels/document.xml.rels".into(),
            &written.document_rels,
        ),
        ("word/styles.xml".into(), &written.styles),
        ("word/numbering.xml".into(), &written.numberings),
        ("word/settings.xml".into(), &written.settings),
        ("word/fontTable.xml".into(), &written.font_table),
        ("word/comments.xml".into(), &written.comments),
        (
            "word/commentsExtended.xml".into(),
            &written.comments_extended,
        ),
        ("word/footnotes.xml".into(), &written.footnotes),
    ];
    // Parts docx-rs does not write (the endnotes), after its own.
    for (name, bytes) in extra {
        parts.push((name.clone(), bytes));
    }
    for (i, header) in written.headers.iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), header));
        if let Some(rels) = written.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
        }
    }
    for (i, footer) in written.footers.iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), footer));
        if let Some(rels) = written.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
        }
    }
    // A part neither declared nor a relationship part is not referenced
    // (docx-rs writes an empty footnotes.xml even without footnotes).
    parts.retain(|(name, _)| {
        name == "[Content_Types].xml" || name.ends_with(".rels") || declared(name)
    });
    // Pictures, in the order docx-rs found them; their content types are
    // declared by extension (docx-rs declares png and jpeg).
    for (id, bytes) in &written.media {
        let format = media
            .iter()
            .find(|(m, _)| m == id)
            .map_or(ImageFormat::Png, |(_, format)| *format);
        parts.push((
            format!("word/media/{id}.{}", media_extension(format)),
            bytes,
        ));
    }

    super::zip::write(&parts, cache)
        .map_err(|_| internal("the package is larger than a ZIP file holds"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A small document as docx-rs writes it: a table, a header, a footer
    /// and a hyperlink.
    fn raw() -> docx_rs::XMLDocx {
        use docx_rs::*;
        let cell =
            TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("c")));
        let table = Table::new(vec![TableRow::new(vec![cell])]).set_grid(vec![100]);
        let link = Hyperlink::new("https://a.org", HyperlinkType::External)
            .add_run(Run::new().add_text("a"));
        let text = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
        Docx::new()
            .header(Header::new().add_paragraph(text("h")))
            .footer(Footer::new().add_paragraph(text("f")))
            .add_table(table)
            .add_paragraph(Paragraph::new().add_hyperlink(link))
            .build()
    }

    fn string(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn docx_rs_core_properties_have_no_title_and_ours_do() {
        let x = raw();
        assert!(!string(&x.doc_props.core).contains("<dc:title>"));
        let doc = Document {
            meta: crate::doc::Metadata {
                title: "Brief & <pack>".into(),
                language: "fr".into(),
                ..Default::default()
            },
            ..Document::default()
        };
        let core = core_xml(&doc, &DocxOptions::default());
        assert!(core.contains("<dc:title>Brief &amp; &lt;pack&gt;</dc:title>"));
        assert!(core.contains("<dc:language>fr</dc:language>"));
        assert!(core.contains("1970-01-01T00:00:00Z"));
    }

    #[test]
    fn docx_rs_settings_are_out_of_order_and_ours_are_not() {
        let raw = string(&raw().settings);
        assert!(raw.find("defaultTabStop").unwrap() < raw.find("zoom").unwrap());
        assert!(SETTINGS_XML.find("zoom").unwrap() < SETTINGS_XML.find("defaultTabStop").unwrap());
    }

    #[test]
    fn packed_entries_are_deflated_and_dated_at_the_dos_epoch() {
        let bytes = pack(raw(), &[], &[], &PartCache::default()).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = zip.file_names().map(String::from).collect();
        assert_eq!(names[0], "[Content_Types].xml");
        assert!(!names.contains(&"word/footnotes.xml".to_string()));
        for i in 0..zip.len() {
            let entry = zip.by_index(i).unwrap();
            assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
            assert_eq!(entry.last_modified(), Some(zip::DateTime::default()));
        }
    }

    /// The `Id` of every relationship in `rels`, in order.
    fn ids(rels: &str) -> Vec<String> {
        let mut reader = Reader::from_str(rels);
        let mut ids = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Eof => return ids,
                Event::Empty(e) => {
                    if let Some(id) = e.try_get_attribute("Id").unwrap() {
                        ids.push(id.value.into_owned());
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn docx_rs_hyperlinks_give_way_to_ours_in_order_and_all_are_sorted_by_id() {
        let rels = string(&raw().document_rels);
        assert!(rels.contains(HYPERLINK_TYPE), "{rels}");
        let links = ["https://a".to_string(), "https://b?x=1&y=2\">".to_string()];
        let out = string(&document_rels(rels.as_bytes(), &links, &[], false).unwrap());
        let ids = ids(&out);
        assert!(ids.ends_with(&["rIdLink1".to_string(), "rIdLink2".to_string()]));
        assert_eq!(ids.iter().filter(|i| i.starts_with("rIdLink")).count(), 2);
        let mut sorted = ids.clone();
        sorted.sort_by(|a, b| natord::compare(a, b));
        assert_eq!(ids, sorted);
        assert!(
            out.contains("Target=\"https://b?x=1&amp;y=2&quot;&gt;\""),
            "{out}"
        );
        // A relationship of docx-rs's own that our links would duplicate.
        let twice = rels.replace("Id=\"rId1\"", "Id=\"rIdLink1\"");
        assert!(document_rels(twice.as_bytes(), &links, &[], false).is_err());
    }

    /// A document as docx-rs writes it with two pictures: a PNG and a JPEG.
    fn with_pictures() -> docx_rs::XMLDocx {
        use docx_rs::*;
        let png = b"\x89PNG\r\n\x1a\n-not-decoded-here".to_vec();
        let jpeg = vec![0xFF, 0xD8, 0xFF, 0xD9];
        let run = |bytes: Vec<u8>, id: &str| {
            Run::new().add_image(
                Pic::new_with_dimensions(bytes, 4, 2)
                    .id(id)
                    .size(50_800, 25_400),
            )
        };
        Docx::new()
            .add_paragraph(
                Paragraph::new()
                    .add_run(run(png, "rIdLogo1"))
                    .add_run(run(jpeg, "rIdLogo2")),
            )
            .build()
    }

    #[test]
    fn docx_rs_gives_pictures_no_description_and_they_get_their_alt_text() {
        let x = with_pictures();
        let before = string(&x.document);
        assert_eq!(
            before
                .matches("<wp:docPr id=\"1\" name=\"Figure\" />")
                .count(),
            2,
            "{before}"
        );
        let alts = ["Liberty & <Voice>".to_string(), "Article 19".to_string()];
        let describe = |alts: &[String]| {
            let additions = Additions {
                pictures: alts,
                ..Additions::default()
            };
            document_xml(&x.document, vec![BodyPart::Picture], additions)
        };
        let after = string(&describe(&alts).unwrap());
        assert!(!after.contains("name=\"Figure\""));
        assert!(after.contains(
            "<wp:docPr id=\"1\" name=\"Logo 1\" descr=\"Liberty &amp; &lt;Voice&gt;\" title=\"Liberty &amp; &lt;Voice&gt;\" />"
        ));
        assert!(after.contains("<wp:docPr id=\"2\" name=\"Logo 2\" descr=\"Article 19\""));
        assert!(describe(&alts[..1]).is_err());
        // A picture paragraph docx-rs wrote that the body did not build.
        let additions = Additions {
            pictures: &alts,
            ..Additions::default()
        };
        assert!(document_xml(&x.document, Vec::new(), additions).is_err());
    }

    #[test]
    fn docx_rs_names_a_jpeg_png_and_it_is_renamed_in_rels_and_package() {
        let mut x = with_pictures();
        let rels = string(&x.document_rels);
        assert!(rels.contains("Target=\"media/rIdLogo2.png\""), "{rels}");
        let ids: Vec<&str> = x.media.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(ids, ["rIdLogo1", "rIdLogo2"]);
        let media = [
            ("rIdLogo1".to_string(), ImageFormat::Png),
            ("rIdLogo2".to_string(), ImageFormat::Jpeg),
        ];
        x.document_rels = document_rels(&x.document_rels, &[], &media, false).unwrap();
        let rels = string(&x.document_rels);
        assert!(rels.contains("Target=\"media/rIdLogo1.png\""));
        assert!(rels.contains("Target=\"media/rIdLogo2.jpeg\""));
        let content_types = string(&x.content_type);
        assert!(content_types.contains("ContentType=\"image/jpeg\" Extension=\"jpeg\""));
        let bytes = pack(x, &media, &[], &PartCache::default()).unwrap();
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<&str> = zip.file_names().collect();
        assert!(names.contains(&"word/media/rIdLogo1.png"), "{names:?}");
        assert!(names.contains(&"word/media/rIdLogo2.jpeg"), "{names:?}");
    }
}
