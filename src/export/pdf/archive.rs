//! What PDF/A-2b asks beyond a well-formed file, and the identification
//! PDF/UA-1 asks for: XMP metadata that repeats the Info dictionary and
//! names both standards, and an sRGB output intent, all written with lopdf.
//!
//! The output intent's ICC profile is generated here, byte for byte the
//! same every time, from sRGB's published definition (IEC 61966-2-1): a
//! version 2 display profile whose colorants are sRGB's primaries adapted
//! to D50 and whose three tone curves share one 1024-entry table of sRGB's
//! transfer function. No crate we could depend on ships an sRGB profile
//! (colour-management crates build theirs at run time, for their own
//! transforms), and a profile of a few kilobytes made from the standard's
//! numbers needs no licence.

use crate::export::xml::escape;
use lopdf::{Dictionary, Object, Stream};

/// The Info entries the XMP repeats, and the language and ids.
pub(super) struct Metadata<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub language: &'a str,
    pub creator: &'a str,
    pub producer: &'a str,
    /// Seconds since the Unix epoch, the Info dictionary's dates.
    pub date: i64,
    /// Hex digits derived from the document's content.
    pub document_id: &'a str,
}

/// `YYYY-MM-DDThh:mm:ssZ`, the XMP form of [`super::pdf_date`].
fn xmp_date(secs: i64) -> String {
    let dt =
        chrono::DateTime::from_timestamp(super::catalog::clamp_date(secs), 0).unwrap_or_default();
    dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `8-4-4-4-12` groups of the first 32 of `hex`'s digits.
fn uuid(hex: &str) -> String {
    let h: String = hex.chars().chain(std::iter::repeat('0')).take(32).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// The XMP packet: Dublin Core title, creator, description and language;
/// the XMP basic and PDF schemas with the Info dictionary's creator tool,
/// producer and dates; document and instance ids; PDF/A-2b and PDF/UA-1
/// identification, with the extension schema PDF/A asks for the PDF/UA
/// identification schema, which PDF/A does not predefine.
pub(super) fn xmp(m: &Metadata) -> String {
    let date = xmp_date(m.date);
    let mut dc = String::new();
    dc.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        escape(m.title)
    ));
    if !m.author.is_empty() {
        dc.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(m.author)
        ));
    }
    if !m.subject.is_empty() {
        dc.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(m.subject)
        ));
    }
    if !m.language.is_empty() {
        dc.push_str(&format!(
            "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
            escape(m.language)
        ));
    }
    let id = uuid(m.document_id);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
{dc}<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdf:Producer>{producer}</pdf:Producer>
<xmpMM:DocumentID>{id}</xmpMM:DocumentID>
<xmpMM:InstanceID>{id}</xmpMM:InstanceID>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{FEFF}',
        creator = escape(m.creator),
        producer = escape(m.producer),
    )
}

/// The catalog's `/Metadata` stream for `xmp`, left uncompressed so that
/// tools which do not parse PDF can still find it.
pub(super) fn metadata_stream(xmp: &str) -> Object {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    Object::Stream(Stream::new(dict, xmp.as_bytes().to_vec()).with_compression(false))
}

/// The sRGB output intent, given the id of its profile's stream.
pub(super) fn output_intent(profile: lopdf::ObjectId) -> Object {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"OutputIntent".to_vec()));
    d.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    d.set(
        "OutputConditionIdentifier",
        Object::string_literal("sRGB IEC61966-2.1"),
    );
    d.set(
        "RegistryName",
        Object::string_literal("http://www.color.org"),
    );
    d.set("Info", Object::string_literal("sRGB IEC61966-2.1"));
    d.set("DestOutputProfile", Object::Reference(profile));
    Object::Dictionary(d)
}

/// The ICC profile's stream (three components).
pub(super) fn profile_stream() -> Object {
    let mut dict = Dictionary::new();
    dict.set("N", Object::Integer(3));
    Object::Stream(Stream::new(dict, srgb_profile()))
}

/// An ICC `s15Fixed16Number`.
fn s15(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn xyz(x: f64, y: f64, z: f64) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    for v in [x, y, z] {
        t.extend_from_slice(&s15(v));
    }
    t
}

/// sRGB's transfer function: encoded value to linear light, both 0–1.
fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// A version 2 sRGB display profile (see the module's documentation).
pub(super) fn srgb_profile() -> Vec<u8> {
    // textDescriptionType: ASCII, then empty Unicode and ScriptCode parts.
    let desc = {
        let text = b"sRGB IEC61966-2.1\0";
        let mut t = b"desc\0\0\0\0".to_vec();
        t.extend_from_slice(&(text.len() as u32).to_be_bytes());
        t.extend_from_slice(text);
        t.extend_from_slice(&[0; 4 + 4 + 2 + 1 + 67]);
        t
    };
    let cprt = b"text\0\0\0\0No copyright, use freely\0".to_vec();
    let trc = {
        const N: u32 = 1024;
        let mut t = b"curv\0\0\0\0".to_vec();
        t.extend_from_slice(&N.to_be_bytes());
        for i in 0..N {
            let v = srgb_to_linear(f64::from(i) / f64::from(N - 1));
            t.extend_from_slice(&((v * 65535.0).round() as u16).to_be_bytes());
        }
        t
    };
    // Tag data, each once; the three tone curves share one.
    let data: [(&[u8; 4], Vec<u8>); 7] = [
        (b"desc", desc),
        (b"cprt", cprt),
        // The media white point, D65, as display profiles of version 2 give it.
        (b"wtpt", xyz(0.9505, 1.0, 1.0891)),
        // sRGB's primaries, adapted to D50 (Bradford).
        (b"rXYZ", xyz(0.43607, 0.22249, 0.01392)),
        (b"gXYZ", xyz(0.38515, 0.71687, 0.09708)),
        (b"bXYZ", xyz(0.14307, 0.06061, 0.71410)),
        (b"rTRC", trc),
    ];
    let tags = data.len() + 2;
    let mut offset = 128 + 4 + 12 * tags;
    let mut table: Vec<u8> = (tags as u32).to_be_bytes().to_vec();
    let mut body: Vec<u8> = Vec::new();
    let mut entry = |sig: &[u8; 4], at: usize, len: usize| {
        table.extend_from_slice(sig);
        table.extend_from_slice(&(at as u32).to_be_bytes());
        table.extend_from_slice(&(len as u32).to_be_bytes());
    };
    for (sig, bytes) in &data {
        entry(sig, offset, bytes.len());
        if *sig == b"rTRC" {
            entry(b"gTRC", offset, bytes.len());
            entry(b"bTRC", offset, bytes.len());
        }
        body.extend_from_slice(bytes);
        offset += bytes.len();
        while !offset.is_multiple_of(4) {
            body.push(0);
            offset += 1;
        }
    }
    let size = offset as u32;
    let mut header = Vec::with_capacity(128);
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&[0; 4]); // preferred CMM
    header.extend_from_slice(&[2, 0x10, 0, 0]); // version 2.1
    header.extend_from_slice(b"mntrRGB XYZ ");
    for v in [2024u16, 1, 1, 0, 0, 0] {
        header.extend_from_slice(&v.to_be_bytes());
    }
    header.extend_from_slice(b"acsp");
    header.extend_from_slice(&[0; 4 + 4 + 4 + 4 + 8]); // platform, flags, maker, model, attributes
    header.extend_from_slice(&0u32.to_be_bytes()); // perceptual intent
    for v in [0.9642, 1.0, 0.8249] {
        header.extend_from_slice(&s15(v)); // the PCS illuminant, D50
    }
    header.resize(128, 0);
    let mut profile = header;
    profile.extend_from_slice(&table);
    profile.extend_from_slice(&body);
    debug_assert_eq!(profile.len(), size as usize);
    profile
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_a_well_formed_srgb_display_profile() {
        let p = srgb_profile();
        assert_eq!(
            u32::from_be_bytes(p[..4].try_into().unwrap()) as usize,
            p.len()
        );
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        let tags = u32::from_be_bytes(p[128..132].try_into().unwrap()) as usize;
        assert_eq!(tags, 9);
        for k in 0..tags {
            let e = &p[132 + 12 * k..144 + 12 * k];
            let at = u32::from_be_bytes(e[4..8].try_into().unwrap()) as usize;
            let len = u32::from_be_bytes(e[8..12].try_into().unwrap()) as usize;
            assert_eq!(at % 4, 0);
            assert!(at + len <= p.len());
        }
        // Mid grey: sRGB 0.5 is about 21.4 % linear light.
        assert!((srgb_to_linear(0.5) - 0.214).abs() < 0.001);
    }

    #[test]
    fn xmp_escapes_and_repeats_the_dates() {
        let m = Metadata {
            title: "A <b> & \"c\"",
            author: "",
            subject: "",
            language: "fr",
            creator: "upr-brief",
            producer: "upr-brief",
            date: 1_700_000_000,
            document_id: "00ff",
        };
        let x = xmp(&m);
        assert!(x.contains("A &lt;b&gt; &amp; &quot;c&quot;"));
        assert!(!x.contains("dc:creator"));
        assert_eq!(x.matches("2023-11-14T22:13:20Z").count(), 3);
        assert!(x.contains("uuid:00ff0000-0000-"));
        let start = x.find("<x:xmpmeta").unwrap();
        let end = x.find("<?xpacket end").unwrap();
        roxmltree::Document::parse(&x[start..end]).unwrap();
    }
}
