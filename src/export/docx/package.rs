//! The package step: every correction of what docx-rs writes, then the ZIP.
//!
//! docx-rs 0.4 builds the document tree; these parts are corrected here,
//! because docx-rs cannot express them or does not write them
//! deterministically. Each function names the docx-rs behaviour it corrects,
//! and each has a test below that fails without it.

use super::DocxOptions;
use super::document::Body;
use super::text::escape;
use crate::doc::Document;
use crate::export::ExportError;

fn internal(message: impl Into<String>) -> ExportError {
    ExportError {
        format: "DOCX",
        message: message.into(),
    }
}

pub(super) fn utf8<'a>(part: &'a [u8], name: &str) -> Result<&'a str, ExportError> {
    std::str::from_utf8(part).map_err(|_| internal(format!("{name} is not UTF-8")))
}

/// Replaces each stand-in paragraph's XML with the paragraphs it stands
/// for: `paragraphs[k]` is (stand-in, paragraphs), in document order.
pub(super) fn insert_paragraphs(
    document: &[u8],
    paragraphs: &[(Vec<u8>, Vec<u8>)],
) -> Result<Vec<u8>, ExportError> {
    let extra: usize = paragraphs.iter().map(|(_, xml)| xml.len()).sum();
    let mut out = Vec::with_capacity(document.len() + extra);
    let mut rest = document;
    for (stand_in, xml) in paragraphs {
        let at = rest
            .windows(stand_in.len())
            .position(|w| w == stand_in.as_slice())
            .ok_or_else(|| internal("a stand-in paragraph was not written"))?;
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(xml);
        rest = &rest[at + stand_in.len()..];
    }
    out.extend_from_slice(rest);
    Ok(out)
}

/// Puts each table's rows, written apart as they were built (see
/// `body.rs`), into the table docx-rs wrote without them: `rows[k]` just
/// before the `k`th `</w:tbl>` (tables do not nest here).
pub(super) fn insert_table_rows(document: &[u8], rows: &[Vec<u8>]) -> Result<Vec<u8>, ExportError> {
    const CLOSE: &[u8] = b"</w:tbl>";
    let extra: usize = rows.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(document.len() + extra);
    let mut rest = document;
    let mut tables = rows.iter();
    while let Some(at) = rest.windows(CLOSE.len()).position(|w| w == CLOSE) {
        let table = tables
            .next()
            .ok_or_else(|| internal("more tables written than built"))?;
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(table);
        out.extend_from_slice(CLOSE);
        rest = &rest[at + CLOSE.len()..];
    }
    if tables.next().is_some() {
        return Err(internal("fewer tables written than built"));
    }
    out.extend_from_slice(rest);
    Ok(out)
}

/// Puts `numbers`, numbering instances (`w:num`) written apart as their
/// lists started (see `body.rs`), last in the numbering part, where
/// docx-rs puts the instances it holds.
pub(super) fn append_numbers(numbering: &[u8], numbers: &[u8]) -> Result<Vec<u8>, ExportError> {
    const CLOSE: &[u8] = b"</w:numbering>";
    let at = numbering
        .windows(CLOSE.len())
        .rposition(|w| w == CLOSE)
        .ok_or_else(|| internal("numbering.xml is not closed"))?;
    let mut out = Vec::with_capacity(numbering.len() + numbers.len());
    out.extend_from_slice(&numbering[..at]);
    out.extend_from_slice(numbers);
    out.extend_from_slice(&numbering[at..]);
    Ok(out)
}

/// Adds `<w:tblHeader/>` to the first row of each table that has a header.
pub(super) fn mark_header_rows(document: &[u8], tables: &[bool]) -> Result<Vec<u8>, ExportError> {
    let xml = utf8(document, "document.xml")?;
    let mut out = String::with_capacity(xml.len() + tables.len() * 16);
    let mut rest = xml;
    let mut count = 0;
    while let Some(at) = rest.find("<w:tbl>") {
        let has_header = *tables
            .get(count)
            .ok_or_else(|| internal("more tables written than built"))?;
        count += 1;
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        if has_header {
            let tr = after
                .find("<w:trPr>")
                .ok_or_else(|| internal("table row without properties"))?;
            let end = tr + "<w:trPr>".len();
            out.push_str(&after[..end]);
            out.push_str("<w:tblHeader />");
            rest = &after[end..];
        } else {
            out.push_str("<w:tbl>");
            rest = &after["<w:tbl>".len()..];
        }
    }
    out.push_str(rest);
    if count != tables.len() {
        return Err(internal("fewer tables written than built"));
    }
    Ok(out.into_bytes())
}

/// Three repairs towards the schema, where docx-rs departs from it in ways
/// a strict reader could object to: `w:gridCol` carries no `w:type`, in
/// `w:tblPr` the `w:tblLayout` comes before `w:tblCellMar`, and in
/// `w:sectPr` the header and footer references come first.
pub(super) fn schema_order(document: &[u8]) -> Result<Vec<u8>, ExportError> {
    let source = layout_before_cell_margins(utf8(document, "document.xml")?)?;
    let mut xml = String::with_capacity(source.len());
    let mut rest = source.as_str();
    while let Some(at) = rest.find("<w:gridCol ") {
        let end = rest[at..]
            .find('>')
            .map(|e| at + e + 1)
            .ok_or_else(|| internal("gridCol is not closed"))?;
        xml.push_str(&rest[..at]);
        xml.push_str(&rest[at..end].replace(" w:type=\"dxa\"", ""));
        rest = &rest[end..];
    }
    xml.push_str(rest);
    drop(source);
    let Some(open) = xml.rfind("<w:sectPr>") else {
        return Ok(xml.into_bytes());
    };
    let body = open + "<w:sectPr>".len();
    let close = xml[body..]
        .find("</w:sectPr>")
        .map(|at| body + at)
        .ok_or_else(|| internal("sectPr is not closed"))?;
    let mut references = String::new();
    let mut others = String::new();
    let mut rest = &xml[body..close];
    while let Some(at) = rest.find('<') {
        let end = rest[at..]
            .find("/>")
            .map(|e| at + e + 2)
            .ok_or_else(|| internal("unexpected element in sectPr"))?;
        let element = &rest[at..end];
        if element.starts_with("<w:headerReference ") || element.starts_with("<w:footerReference ")
        {
            references.push_str(element);
        } else {
            others.push_str(element);
        }
        rest = &rest[end..];
    }
    references.push_str(&others);
    xml.replace_range(body..close, &references);
    Ok(xml.into_bytes())
}

/// Moves each `w:tblLayout` that docx-rs writes right after `w:tblCellMar`
/// to just before it, where CT_TblPr puts it.
fn layout_before_cell_margins(xml: &str) -> Result<String, ExportError> {
    const CLOSE: &str = "</w:tblCellMar>";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(open) = rest.find("<w:tblCellMar>") {
        let close = rest[open..]
            .find(CLOSE)
            .map(|c| open + c + CLOSE.len())
            .ok_or_else(|| internal("tblCellMar is not closed"))?;
        out.push_str(&rest[..open]);
        let after = &rest[close..];
        if after.starts_with("<w:tblLayout ") {
            let end = after
                .find("/>")
                .map(|e| e + 2)
                .ok_or_else(|| internal("tblLayout is not closed"))?;
            out.push_str(&after[..end]);
            out.push_str(&rest[open..close]);
            rest = &after[end..];
        } else {
            out.push_str(&rest[open..close]);
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Drops the empty `<w:rPr />` docx-rs puts first in every `w:pPr` (the
/// schema wants it last) and in every run; empty, it says nothing.
pub(super) fn drop_empty_rpr(part: &[u8]) -> Result<Vec<u8>, ExportError> {
    const EMPTY: &str = "<w:rPr />";
    let xml = utf8(part, "a WordprocessingML part")?;
    // One pass: each empty `w:rPr` that follows, in what docx-rs wrote, a
    // `<w:pPr>` or a `<w:r>` goes.
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut done = 0;
    while let Some(at) = rest.find(EMPTY) {
        let before = &xml[..done + at];
        out.push_str(&rest[..at]);
        if !(before.ends_with("<w:pPr>") || before.ends_with("<w:r>")) {
            out.push_str(EMPTY);
        }
        rest = &rest[at + EMPTY.len()..];
        done += at + EMPTY.len();
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}

/// Replaces each run's placeholder `w:fitText` (see
/// [`extras_placeholder`](super::document::extras_placeholder)) with the run
/// properties docx-rs has no API for: `w:rtl` (a run of right-to-left text)
/// and `w:lang` (a span in another language than the document's). Returns
/// the part and how many placeholders it held.
pub(super) fn run_extras(part: &[u8], extras: &[String]) -> Result<(Vec<u8>, usize), ExportError> {
    const OPEN: &str = "<w:fitText ";
    let xml = utf8(part, "a WordprocessingML part")?;
    let mut out = String::with_capacity(xml.len() + extras.len() * 48);
    let mut rest = xml;
    let mut count = 0;
    while let Some(at) = rest.find(OPEN) {
        let end = rest[at..]
            .find("/>")
            .map(|e| at + e + 2)
            .ok_or_else(|| internal("fitText is not closed"))?;
        let extra = attribute(&rest[at..end], "w:id")
            .and_then(|k| k.parse::<usize>().ok())
            .and_then(|k| extras.get(k))
            .ok_or_else(|| internal("a run placeholder without its properties"))?;
        out.push_str(&rest[..at]);
        out.push_str(extra);
        rest = &rest[end..];
        count += 1;
    }
    out.push_str(rest);
    Ok((out.into_bytes(), count))
}

/// The children of `w:rPr` in the order of the schema's CT_RPr.
const RPR_ORDER: [&str; 39] = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
];

/// The children of `w:pPr` in the order of the schema's CT_PPr.
const PPR_ORDER: [&str; 36] = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

/// Puts the children of every `w:pPr` and `w:rPr` in schema order: docx-rs
/// writes, among others, `w:spacing` before `w:keepNext` and `w:bidi`, and
/// `w:sz` first and `w:rStyle` last; [`run_extras`] puts `w:rtl` and
/// `w:lang` where the placeholder was.
pub(super) fn properties_in_order(part: &[u8]) -> Result<Vec<u8>, ExportError> {
    let xml = utf8(part, "a WordprocessingML part")?;
    let xml = children_in_order(xml, "w:pPr", &PPR_ORDER)?;
    Ok(children_in_order(&xml, "w:rPr", &RPR_ORDER)?.into_bytes())
}

/// `xml` with the child elements of every `<{parent}>` sorted (stably) by
/// their place in `order`; a child not in it goes last.
fn children_in_order(xml: &str, parent: &str, order: &[&str]) -> Result<String, ExportError> {
    let open = format!("<{parent}>");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let body = at + open.len();
        out.push_str(&rest[..body]);
        // Each child from its `<` to the end of its element; the parent ends
        // at the first closing tag at depth 0.
        let mut children: Vec<&str> = Vec::new();
        let mut pos = body;
        let close = loop {
            let lt = rest[pos..]
                .find('<')
                .map(|l| pos + l)
                .ok_or_else(|| internal(format!("{parent} is not closed")))?;
            if rest[lt..].starts_with("</") {
                break lt;
            }
            let mut depth = 0usize;
            let mut cursor = lt;
            let end = loop {
                let tag_end = rest[cursor..]
                    .find('>')
                    .map(|g| cursor + g + 1)
                    .ok_or_else(|| internal(format!("a tag in {parent} is not closed")))?;
                let tag = &rest[cursor..tag_end];
                if tag.starts_with("</") {
                    depth = depth.saturating_sub(1);
                } else if !tag.ends_with("/>") {
                    depth += 1;
                }
                if depth == 0 {
                    break tag_end;
                }
                cursor = rest[tag_end..]
                    .find('<')
                    .map(|l| tag_end + l)
                    .ok_or_else(|| internal(format!("{parent} is not closed")))?;
            };
            children.push(&rest[lt..end]);
            pos = end;
        };
        let rank = |c: &&str| {
            let name = c[1..]
                .split([' ', '/', '>'])
                .next()
                .unwrap_or_default()
                .trim_start_matches("w:");
            order.iter().position(|n| *n == name).unwrap_or(order.len())
        };
        children.sort_by_key(rank);
        out.push_str(&children.concat());
        rest = &rest[close..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Adds `<w:bidiVisual/>` first in every `w:tblPr` (where CT_TblPr has it,
/// there being no table style nor position): docx-rs has no API for a
/// right-to-left table, whose first column is on the right.
pub(super) fn tables_right_to_left(document: &[u8]) -> Result<Vec<u8>, ExportError> {
    let xml = utf8(document, "document.xml")?;
    Ok(xml
        .replace("<w:tblPr>", "<w:tblPr><w:bidiVisual/>")
        .into_bytes())
}

/// What docx-rs writes for every drawing's non-visual properties: the same
/// id, a generic name and no description.
const DOCX_RS_DOC_PR: &str = "<wp:docPr id=\"1\" name=\"Figure\" />";

/// Gives the `n`th drawing (from 1) the id `n`, the name "Logo n" and its
/// alternative text `alts[n - 1]` as `descr` and `title`: docx-rs writes
/// `id="1" name="Figure"` for every drawing and has no setter for either.
pub(super) fn describe_pictures(document: &[u8], alts: &[String]) -> Result<Vec<u8>, ExportError> {
    let xml = utf8(document, "document.xml")?;
    let pieces: Vec<&str> = xml.split(DOCX_RS_DOC_PR).collect();
    if pieces.len() != alts.len() + 1 {
        return Err(internal(
            "a different number of pictures written than built",
        ));
    }
    let mut out = String::with_capacity(xml.len() + alts.len() * 96);
    for (n, piece) in pieces.iter().enumerate() {
        out.push_str(piece);
        if let Some(alt) = alts.get(n) {
            let alt = escape(alt);
            out.push_str(&format!(
                "<wp:docPr id=\"{}\" name=\"Logo {}\" descr=\"{alt}\" title=\"{alt}\" />",
                n + 1,
                n + 1
            ));
        }
    }
    Ok(out.into_bytes())
}

/// The file extension of a media part's bytes: JPEG by its signature, else PNG.
fn media_extension(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        "jpeg"
    } else {
        "png"
    }
}

/// Points each relationship to a JPEG media file at `media/{id}.jpeg`:
/// docx-rs names every media file `{id}.png`, whose declared content type
/// (`image/png`) a JPEG's bytes belie. [`pack`] names the parts alike.
pub(super) fn jpeg_media_targets(
    rels: &[u8],
    media: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, ExportError> {
    let mut xml = utf8(rels, "document.xml.rels")?.to_string();
    for (id, bytes) in media {
        let ext = media_extension(bytes);
        if ext != "png" {
            xml = xml.replace(
                &format!("Target=\"media/{id}.png\""),
                &format!("Target=\"media/{id}.{ext}\""),
            );
        }
    }
    Ok(xml.into_bytes())
}

const HYPERLINK_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

/// Replaces docx-rs's hyperlink relationships (in `HashMap` order) with ours
/// in document order and sorts all relationships by id.
pub(super) fn rewrite_document_rels(rels: &[u8], links: &[String]) -> Result<Vec<u8>, ExportError> {
    let xml = utf8(rels, "document.xml.rels")?;
    let open = xml
        .find("<Relationship ")
        .or_else(|| xml.find("</Relationships>"))
        .ok_or_else(|| internal("document.xml.rels has no Relationships element"))?;
    let close = xml
        .rfind("</Relationships>")
        .ok_or_else(|| internal("document.xml.rels is not closed"))?;
    let mut entries: Vec<(String, String)> = Vec::new();
    for element in xml[open..close].split("<Relationship ").skip(1) {
        let element = format!("<Relationship {}", element.trim_end());
        if element.contains(HYPERLINK_TYPE) {
            continue;
        }
        entries.push((attribute(&element, "Id").unwrap_or_default(), element));
    }
    for (i, target) in links.iter().enumerate() {
        let id = format!("rIdLink{}", i + 1);
        let element = format!(
            "<Relationship Id=\"{id}\" Type=\"{HYPERLINK_TYPE}\" Target=\"{}\" TargetMode=\"External\" />",
            escape(target)
        );
        entries.push((id, element));
    }
    entries.sort_by(|a, b| natord::compare(&a.0, &b.0));
    let mut ids: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    ids.dedup();
    if ids.len() != entries.len() {
        return Err(internal("duplicate relationship id"));
    }
    let mut out = String::with_capacity(xml.len() + links.len() * 160);
    out.push_str(&xml[..open]);
    for (_, element) in &entries {
        out.push_str(element);
    }
    out.push_str(&xml[close..]);
    Ok(out.into_bytes())
}

pub(super) fn attribute(element: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let len = element[start..].find('"')?;
    Some(element[start..start + len].to_string())
}

/// Our own core.xml: docx-rs has no setter for title, creator or language.
pub(super) fn core_xml(doc: &Document, options: &DocxOptions) -> String {
    let date = options
        .timestamp
        .filter(|t| (1970..=9999).contains(&chrono::Datelike::year(t)))
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let mut element = |name: &str, value: &str| {
        let value = escape(value);
        let value = value.trim();
        if !value.is_empty() {
            xml.push_str(&format!("<{name}>{value}</{name}>"));
        }
    };
    element("dc:title", &doc.meta.title);
    element("dc:subject", &doc.meta.subject);
    element("dc:creator", &doc.meta.author);
    element("cp:lastModifiedBy", &doc.meta.author);
    element("dc:language", doc.meta.language.as_str());
    element("cp:revision", "1");
    xml.push_str(&format!(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>\
         </cp:coreProperties>"
    ));
    xml
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

/// Builds the parts with docx-rs, corrects them, and packs the file.
pub(super) fn finish(
    mut written: Body,
    doc: &Document,
    styles: String,
    options: &DocxOptions,
) -> Result<Vec<u8>, ExportError> {
    let mut x = written.docx.build();
    // The paragraphs body.rs wrote as XML, in the place of their stand-ins,
    // and each given up once in place: a long document's parts are held
    // in as few copies as can be.
    x.document = insert_paragraphs(&x.document, &std::mem::take(&mut written.paragraphs))?;
    // docx-rs holds every cell of every table at once: body.rs wrote the
    // rows as it built them.
    x.document = insert_table_rows(&x.document, &std::mem::take(&mut written.table_rows))?;
    // The same for the lists' numbering instances.
    x.numberings = append_numbers(&x.numberings, &written.numbers)?;
    // docx-rs has no API for a repeating table header row.
    x.document = mark_header_rows(&x.document, &written.tables_with_header)?;
    // docx-rs writes `w:gridCol` with a non-schema `w:type`, and the header
    // and footer references last in `w:sectPr`.
    x.document = schema_order(&x.document)?;
    // docx-rs always adds an empty Normal without `w:default="1"`, has no
    // `w:lang`, and writes style properties out of schema order: ours
    // (`styles.rs`) replace its styles part.
    x.styles = styles.into_bytes();
    // docx-rs writes settings out of schema order.
    x.settings = SETTINGS_XML.as_bytes().to_vec();
    // docx-rs puts an empty `w:rPr` first in every `w:pPr` and run.
    for part in [&mut x.document, &mut x.numberings]
        .into_iter()
        .chain(x.headers.iter_mut())
        .chain(x.footers.iter_mut())
    {
        *part = drop_empty_rpr(part)?;
    }
    // docx-rs has no `w:rtl` nor `w:lang` on runs: body.rs left a
    // placeholder in each run that needs them.
    let mut replaced = 0;
    for part in std::iter::once(&mut x.document)
        .chain(x.headers.iter_mut())
        .chain(x.footers.iter_mut())
    {
        let (with_extras, count) = run_extras(part, &written.run_extras)?;
        *part = with_extras;
        replaced += count;
    }
    if replaced != written.run_extras.len() {
        return Err(internal("run placeholders written and built differ"));
    }
    // docx-rs writes paragraph and run properties out of schema order.
    for part in [&mut x.document, &mut x.numberings]
        .into_iter()
        .chain(x.headers.iter_mut())
        .chain(x.footers.iter_mut())
    {
        *part = properties_in_order(part)?;
    }
    // docx-rs has no API for a right-to-left table.
    if written.rtl {
        x.document = tables_right_to_left(&x.document)?;
    }
    // docx-rs gives every drawing `id="1" name="Figure"` and no description.
    x.document = describe_pictures(&x.document, &written.picture_alts)?;
    // docx-rs names every media file `.png`, JPEGs too.
    x.document_rels = jpeg_media_targets(&x.document_rels, &x.media)?;
    // docx-rs writes hyperlink relationships in `HashMap` order.
    x.document_rels = rewrite_document_rels(&x.document_rels, &written.links)?;
    // docx-rs has no setter for title, creator, subject or language.
    x.doc_props.core = core_xml(doc, options).into_bytes();
    // docx-rs stores every entry uncompressed, with the current time.
    pack(x)
}

/// Writes the parts in a fixed order, Deflate-compressed, with the fixed DOS
/// epoch as their date (`zip.rs`).
pub(super) fn pack(x: docx_rs::XMLDocx) -> Result<Vec<u8>, ExportError> {
    let content_types = utf8(&x.content_type, "[Content_Types].xml")?;
    let declared = |part: &str| content_types.contains(&format!("\"/{part}\""));
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &x.content_type),
        ("_rels/.rels".into(), &x.rels),
        ("docProps/app.xml".into(), &x.doc_props.app),
        ("docProps/core.xml".into(), &x.doc_props.core),
        ("docProps/custom.xml".into(), &x.doc_props.custom),
        ("word/document.xml".into(), &x.document),
        ("word/_rels/document.xml.rels".into(), &x.document_rels),
        ("word/styles.xml".into(), &x.styles),
        ("word/numbering.xml".into(), &x.numberings),
        ("word/settings.xml".into(), &x.settings),
        ("word/fontTable.xml".into(), &x.font_table),
        ("word/comments.xml".into(), &x.comments),
        ("word/commentsExtended.xml".into(), &x.comments_extended),
        ("word/footnotes.xml".into(), &x.footnotes),
    ];
    for (i, header) in x.headers.iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), header));
        if let Some(rels) = x.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
        }
    }
    for (i, footer) in x.footers.iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), footer));
        if let Some(rels) = x.footer_rels.get(i) {
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
    for (id, bytes) in &x.media {
        parts.push((format!("word/media/{id}.{}", media_extension(bytes)), bytes));
    }

    super::zip::write(&parts).map_err(|_| internal("the package is larger than a ZIP file holds"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A small document as docx-rs writes it: a table with cell margins and
    /// a fixed layout, a header, a footer and a hyperlink.
    fn raw() -> docx_rs::XMLDocx {
        use docx_rs::*;
        let cell =
            TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("c")));
        let table = Table::new(vec![TableRow::new(vec![cell])])
            .set_grid(vec![100])
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(80, 80, 80, 80));
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
    fn docx_rs_departs_from_the_schema_order_and_schema_order_repairs_it() {
        let x = raw();
        let before = string(&x.document);
        assert!(before.contains("</w:tblCellMar><w:tblLayout "), "{before}");
        assert!(before.contains(" w:type=\"dxa\""));
        let references = |xml: &str| xml.find("<w:headerReference ").unwrap();
        let page_size = |xml: &str| xml.find("<w:pgSz ").unwrap();
        assert!(references(&before) > page_size(&before));

        let after = string(&schema_order(&x.document).unwrap());
        assert!(after.find("<w:tblLayout ").unwrap() < after.find("<w:tblCellMar>").unwrap());
        let grid = &after[after.find("<w:gridCol ").unwrap()..];
        assert!(!grid[..grid.find('>').unwrap()].contains("w:type"));
        assert!(references(&after) < page_size(&after));
    }

    #[test]
    fn docx_rs_writes_empty_run_properties_and_they_are_dropped() {
        let x = raw();
        assert!(string(&x.document).contains("<w:rPr />"));
        let after = string(&drop_empty_rpr(&x.document).unwrap());
        assert!(!after.contains("<w:pPr><w:rPr />") && !after.contains("<w:r><w:rPr />"));
    }

    /// Only an empty `w:rPr` right after `<w:pPr>` or `<w:r>` in what was
    /// written goes; one that a removal brings next to them stays.
    #[test]
    fn empty_run_properties_go_only_where_docx_rs_put_them_first() {
        let xml = "<w:pPr><w:rPr /><w:rPr /></w:pPr><w:r><w:rPr /><w:t>a</w:t></w:r>\
                   <w:rPr /><w:r><w:rPr><w:b /></w:rPr></w:r><w:rPr />";
        assert_eq!(
            string(&drop_empty_rpr(xml.as_bytes()).unwrap()),
            "<w:pPr><w:rPr /></w:pPr><w:r><w:t>a</w:t></w:r>\
             <w:rPr /><w:r><w:rPr><w:b /></w:rPr></w:r><w:rPr />"
        );
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
        let bytes = pack(raw()).unwrap();
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

    #[test]
    fn numbers_go_last_in_the_numbering_part() {
        let part = b"<w:numbering><w:abstractNum/><w:num w:numId=\"1\"/></w:numbering>";
        let out = append_numbers(part, b"<w:num w:numId=\"11\"/>").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<w:numbering><w:abstractNum/><w:num w:numId=\"1\"/><w:num w:numId=\"11\"/></w:numbering>"
        );
        assert!(append_numbers(b"<w:numbering>", b"").is_err());
    }

    #[test]
    fn paragraphs_take_the_place_of_their_stand_ins_in_order() {
        let doc = b"<w:body><w:p>A</w:p><w:tbl/><w:p>B</w:p><w:sectPr/></w:body>";
        let paragraphs = [
            (
                b"<w:p>A</w:p>".to_vec(),
                b"<w:p>1</w:p><w:p>2</w:p>".to_vec(),
            ),
            (b"<w:p>B</w:p>".to_vec(), b"<w:p>3</w:p>".to_vec()),
        ];
        let out = insert_paragraphs(doc, &paragraphs).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<w:body><w:p>1</w:p><w:p>2</w:p><w:tbl/><w:p>3</w:p><w:sectPr/></w:body>"
        );
        // A stand-in docx-rs did not write (or wrote out of order) is an error.
        let swapped = [paragraphs[1].clone(), paragraphs[0].clone()];
        assert!(insert_paragraphs(doc, &swapped).is_err());
        assert!(insert_paragraphs(b"<w:body/>", &paragraphs[..1]).is_err());
    }

    #[test]
    fn table_rows_go_into_their_tables_in_order() {
        let doc = b"<w:body><w:tbl><w:tblPr/></w:tbl><w:p/><w:tbl><w:tblPr/></w:tbl></w:body>";
        let rows = [
            b"<w:tr>1</w:tr>".to_vec(),
            b"<w:tr>2</w:tr><w:tr>3</w:tr>".to_vec(),
        ];
        let out = insert_table_rows(doc, &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<w:body><w:tbl><w:tblPr/><w:tr>1</w:tr></w:tbl><w:p/><w:tbl><w:tblPr/>\
             <w:tr>2</w:tr><w:tr>3</w:tr></w:tbl></w:body>"
        );
        // A table without its rows, or rows without their table, is an error.
        assert!(insert_table_rows(doc, &rows[..1]).is_err());
        let three = [rows[0].clone(), rows[1].clone(), rows[1].clone()];
        assert!(insert_table_rows(doc, &three).is_err());
    }

    #[test]
    fn rels_are_sorted_and_links_in_order() {
        let rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="t" Target="b.xml" /><Relationship Id="rIdLink2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="x" TargetMode="External" /><Relationship Id="rId10" Type="t" Target="c.xml" /><Relationship Id="rId1" Type="t" Target="a.xml" /></Relationships>"#;
        let out =
            rewrite_document_rels(rels, &["https://a".into(), "https://b?x=1&y=2".into()]).unwrap();
        let out = String::from_utf8(out).unwrap();
        let ids: Vec<String> = out
            .split("<Relationship ")
            .skip(1)
            .filter_map(|e| attribute(&format!(" {e}"), "Id"))
            .collect();
        assert_eq!(ids, ["rId1", "rId2", "rId10", "rIdLink1", "rIdLink2"]);
        assert!(out.contains("Target=\"https://b?x=1&amp;y=2\""));
        assert!(!out.contains("Target=\"x\""));
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
        assert_eq!(before.matches(DOCX_RS_DOC_PR).count(), 2, "{before}");
        assert!(!before.contains("descr="));
        let alts = ["Liberty & <Voice>".to_string(), "Article 19".to_string()];
        let after = string(&describe_pictures(&x.document, &alts).unwrap());
        assert!(!after.contains(DOCX_RS_DOC_PR));
        assert!(after.contains(
            "<wp:docPr id=\"1\" name=\"Logo 1\" descr=\"Liberty &amp; &lt;Voice&gt;\" title=\"Liberty &amp; &lt;Voice&gt;\" />"
        ));
        assert!(after.contains("<wp:docPr id=\"2\" name=\"Logo 2\" descr=\"Article 19\""));
        assert!(describe_pictures(&x.document, &alts[..1]).is_err());
    }

    #[test]
    fn docx_rs_names_a_jpeg_png_and_it_is_renamed_in_rels_and_package() {
        let mut x = with_pictures();
        let rels = string(&x.document_rels);
        assert!(rels.contains("Target=\"media/rIdLogo2.png\""), "{rels}");
        let ids: Vec<&str> = x.media.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(ids, ["rIdLogo1", "rIdLogo2"]);
        x.document_rels = jpeg_media_targets(&x.document_rels, &x.media).unwrap();
        let rels = string(&x.document_rels);
        assert!(rels.contains("Target=\"media/rIdLogo1.png\""));
        assert!(rels.contains("Target=\"media/rIdLogo2.jpeg\""));
        let content_types = string(&x.content_type);
        assert!(content_types.contains("ContentType=\"image/jpeg\" Extension=\"jpeg\""));
        let bytes = pack(x).unwrap();
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<&str> = zip.file_names().collect();
        assert!(names.contains(&"word/media/rIdLogo1.png"), "{names:?}");
        assert!(names.contains(&"word/media/rIdLogo2.jpeg"), "{names:?}");
    }

    #[test]
    fn header_rows_are_marked() {
        let xml = b"<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl>";
        let out = mark_header_rows(xml, &[true, false]).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 1);
        assert!(out.starts_with("<w:tbl><w:tr><w:trPr><w:tblHeader /><w:cantSplit />"));
        assert!(mark_header_rows(xml, &[true]).is_err());
    }

    #[test]
    fn docx_rs_has_no_run_direction_nor_language_and_placeholders_become_them() {
        use docx_rs::*;
        let mut marked = Run::new().add_text("السويد").bold();
        marked.run_property.fit_text = super::super::document::extras_placeholder(1).fit_text;
        let x = Docx::new()
            .add_paragraph(
                Paragraph::new()
                    .add_run(marked)
                    .add_run(Run::new().add_text("plain")),
            )
            .build();
        let before = string(&x.document);
        assert!(!before.contains("<w:rtl") && !before.contains("<w:lang"));
        assert_eq!(before.matches("<w:fitText ").count(), 1, "{before}");
        let extras = ["<w:lang w:val=\"x\"/>".to_string(), "<w:rtl/>".to_string()];
        let (after, count) = run_extras(&x.document, &extras).unwrap();
        let after = string(&after);
        assert_eq!(count, 1);
        assert!(!after.contains("fitText") && !after.contains("w:val=\"x\""));
        assert!(after.contains("<w:rtl/>"), "{after}");
        // A placeholder whose properties are missing is an error.
        assert!(run_extras(&x.document, &extras[..1]).is_err());
    }

    #[test]
    fn docx_rs_writes_properties_out_of_schema_order_and_they_are_sorted() {
        use docx_rs::*;
        let run = Run::new()
            .add_text("a")
            .size(24)
            .bold()
            .style("Hyperlink")
            .fonts(RunFonts::new().ascii("Arial"));
        let mut p = Paragraph::new()
            .add_run(run)
            .keep_next(true)
            .line_spacing(LineSpacing::new().after(10))
            .style("Heading1");
        p.property = p.property.bidi(true);
        let x = Docx::new().add_paragraph(p).build();
        let before = string(&x.document);
        let at = |xml: &str, tag: &str| xml.find(tag).unwrap_or_else(|| panic!("{tag}: {xml}"));
        assert!(at(&before, "<w:sz ") < at(&before, "<w:rStyle "));
        assert!(at(&before, "<w:spacing ") < at(&before, "<w:keepNext"));
        assert!(at(&before, "<w:spacing ") < at(&before, "<w:bidi"));
        let after = string(&properties_in_order(&drop_empty_rpr(&x.document).unwrap()).unwrap());
        let order = [
            "<w:pStyle ",
            "<w:keepNext",
            "<w:bidi",
            "<w:spacing ",
            "<w:rStyle ",
            "<w:rFonts ",
            "<w:b ",
            "<w:bCs ",
            "<w:sz ",
            "<w:szCs ",
        ];
        let positions: Vec<usize> = order.iter().map(|t| at(&after, t)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{after}");
        assert_eq!(
            after.len(),
            string(&drop_empty_rpr(&x.document).unwrap()).len()
        );
    }

    #[test]
    fn docx_rs_has_no_right_to_left_table_and_it_gets_one() {
        let x = raw();
        let before = string(&x.document);
        assert!(before.contains("<w:tblPr>") && !before.contains("bidiVisual"));
        let after = string(&tables_right_to_left(&x.document).unwrap());
        assert!(
            after.contains("<w:tblPr><w:bidiVisual/><w:tblW "),
            "{after}"
        );
    }
}
