//! The fonts of a PDF: which glyphs each face draws, each face subset to
//! them before any page is drawn, the code each glyph is shown by, and at
//! the end the font objects (ISO 32000-1, 9.7: a `Type0` font with
//! `Identity-H` encoding over a CIDFont, its descriptor, `/W` widths, the
//! embedded program and a `ToUnicode` map).
//!
//! printpdf subsets (through allsorts) and reads a CFF font's charset; the
//! objects are written here, so that pages can be drawn straight into
//! content streams once the codes are known, and a page's drawing need not
//! be kept until the end.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream};
use printpdf::ParsedFont;

use super::text::{GlyphText, own_char};
use crate::fonts::{Face, FaceKey, Fonts, Style};
use crate::layout::{Item, Page};

/// The widths a PDF states for glyphs: the advance in thousandths of an
/// em, truncated. Text is positioned against these widths, so a shown
/// glyph's adjustment and the font's `/W` entry both come from here.
pub(super) fn pdf_width(face: &Face, glyph: u16) -> f32 {
    (f32::from(face.glyph_advance(glyph)) * 1000.0 / face.units_per_em()).trunc()
}

/// Fixed resource names, six capital letters, which are also the subset
/// tag: `UPRB`, a letter for the family (`R` for Noto Sans, then `A`, `B`…)
/// and one for the style.
pub(super) fn font_id(key: FaceKey) -> String {
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
    format!("{prefix}{}{style}", char::from(FAMILY[k % 26]))
}

/// The glyphs a run draws: its own, and the space drawn after a line
/// broken at a space (see `text::glyph_ops`).
pub(super) fn drawn_glyphs<'r>(
    run: &'r crate::layout::Run,
    face: &Face,
) -> impl Iterator<Item = u16> + 'r {
    let space = (run.space_after && !run.rtl)
        .then(|| face.shaper().glyph_index(' ').map(|g| g.0))
        .flatten();
    run.glyphs.iter().map(|g| g.id).chain(space)
}

/// The glyphs each face draws on `pages`, by the face that draws them.
pub(super) fn used_glyphs(pages: &[Page], fonts: &Fonts) -> BTreeMap<FaceKey, Vec<u16>> {
    let mut seen: BTreeMap<FaceKey, Vec<bool>> = BTreeMap::new();
    for item in pages.iter().flat_map(|p| &p.items) {
        let Item::Text { run, .. } = item else {
            continue;
        };
        if run.glyphs.is_empty() {
            continue;
        }
        let key = fonts.canonical(run.face());
        let face = fonts.face_of(key);
        let set = seen.entry(key).or_insert_with(|| vec![false; 1 << 16]);
        for glyph in drawn_glyphs(run, face) {
            set[usize::from(glyph)] = true;
        }
    }
    seen.into_iter()
        .map(|(key, set)| {
            let glyphs = (0..=u16::MAX).filter(|&g| set[usize::from(g)]).collect();
            (key, glyphs)
        })
        .collect()
}

/// What the file embeds of a face.
enum Program {
    /// TrueType outlines (`/FontFile2`, `CIDFontType2`).
    TrueType(Vec<u8>),
    /// A CID-keyed CFF table on its own (`/FontFile3 /CIDFontType0C`),
    /// whose charset resolves the codes.
    CidCff(Vec<u8>),
    /// An OpenType file with CFF outlines (`/FontFile3 /OpenType`).
    OpenType(Vec<u8>),
}

/// A face subset to the glyphs a document draws.
pub(super) struct Subset {
    pub key: FaceKey,
    program: Program,
    /// Whether the program is a subset (named with the subset tag).
    reduced: bool,
    /// The code each of the face's glyphs is shown by, indexed by glyph
    /// id; only drawn glyphs have one.
    codes: Vec<Option<u16>>,
}

impl Subset {
    /// The code `glyph` is shown by (`.notdef`'s if it was not among the
    /// glyphs the face was subset to, which [`used_glyphs`] rules out).
    pub fn code(&self, glyph: u16) -> u16 {
        self.codes
            .get(usize::from(glyph))
            .copied()
            .flatten()
            .unwrap_or(0)
    }
}

/// `face` subset to `glyphs` (ascending). A TrueType face printpdf cannot
/// subset is embedded whole.
pub(super) fn subset(key: FaceKey, face: &Face, glyphs: &[u16]) -> Result<Subset, String> {
    let parsed = parsed_font(face.bytes(), face.index())
        .ok_or_else(|| format!("printpdf cannot read the font {}", face.family()))?;
    let wanted: BTreeMap<u16, String> = glyphs.iter().map(|&g| (g, String::new())).collect();
    let mut codes = vec![None; usize::from(face.shaper().number_of_glyphs()).max(1)];
    match printpdf::subset_font(&parsed, &wanted) {
        Ok(sub) => {
            // A CID-keyed CFF shows each glyph by the CID its charset gives
            // it (the subset keeps the original CIDs); any other program by
            // its glyph id in the subset.
            let cids = printpdf::cff_charset_gid_to_cid_map(&sub.bytes, 0);
            for (&old, &(new, _)) in &sub.glyph_mapping {
                let code = cids
                    .as_ref()
                    .and_then(|m| m.get(&new).copied())
                    .unwrap_or(new);
                if let Some(slot) = codes.get_mut(usize::from(old)) {
                    *slot = Some(code);
                }
            }
            let program = if let Some(cff) = printpdf::extract_cid_keyed_cff(&sub.bytes, 0) {
                Program::CidCff(cff)
            } else if sub.bytes.starts_with(b"OTTO") {
                Program::OpenType(sub.bytes)
            } else {
                Program::TrueType(sub.bytes)
            };
            Ok(Subset {
                key,
                program,
                reduced: true,
                codes,
            })
        }
        Err(e) if !face.bytes().starts_with(b"OTTO") => {
            let whole = printpdf::extract_collection_face(face.bytes(), face.index() as usize)
                .unwrap_or_else(|| face.bytes().to_vec());
            if whole.starts_with(b"OTTO") {
                return Err(format!("cannot subset the font {}: {e}", face.family()));
            }
            for &g in glyphs {
                if let Some(slot) = codes.get_mut(usize::from(g)) {
                    *slot = Some(g);
                }
            }
            Ok(Subset {
                key,
                program: Program::TrueType(whole),
                reduced: false,
                codes,
            })
        }
        Err(e) => Err(format!("cannot subset the font {}: {e}", face.family())),
    }
}

/// The texts glyphs were drawn for that the character map does not give
/// them, the first of each kind for each glyph.
#[derive(Debug, Default)]
pub(super) struct GlyphTexts {
    exact: BTreeMap<u16, String>,
    in_cluster: BTreeMap<u16, String>,
}

impl GlyphTexts {
    pub fn add(&mut self, glyph: u16, text: GlyphText) {
        let (map, text) = match text {
            GlyphText::Exact(t) => (&mut self.exact, t),
            GlyphText::InCluster(t) => (&mut self.in_cluster, t),
        };
        map.entry(glyph).or_insert(text);
    }

    /// A glyph's ToUnicode text: where it was drawn for exactly its text,
    /// else its character in the character map, else the text of a
    /// cluster it was drawn in.
    fn of(&self, face: &Face, glyph: u16) -> String {
        if let Some(t) = self.exact.get(&glyph) {
            return t.clone();
        }
        match own_char(face, glyph) {
            Some(c) => c.to_string(),
            None => self.in_cluster.get(&glyph).cloned().unwrap_or_default(),
        }
    }
}

/// Adds the font objects of `subset` to `lo` and returns the `Type0`
/// font's id. `glyphs` are the glyphs drawn (ascending); `texts` the
/// texts of those drawn for one the character map does not give.
pub(super) fn write(
    lo: &mut lopdf::Document,
    subset: Subset,
    face: &Face,
    glyphs: &[u16],
    texts: &GlyphTexts,
) -> ObjectId {
    let id = font_id(subset.key);
    let postscript = postscript_name(face);
    let base_font = if subset.reduced {
        format!("{id}+{postscript}")
    } else {
        postscript
    };
    // Codes ascending, each with its glyph: `/W` and ToUnicode list them so.
    let mut coded: Vec<(u16, u16)> = glyphs.iter().map(|&g| (subset.code(g), g)).collect();
    coded.sort_unstable();
    coded.dedup_by_key(|&mut (code, _)| code);

    let (subtype, file_key, program) = match subset.program {
        Program::TrueType(bytes) => {
            let mut dict = Dictionary::new();
            dict.set("Length1", Object::Integer(bytes.len() as i64));
            ("CIDFontType2", "FontFile2", Stream::new(dict, bytes))
        }
        Program::CidCff(bytes) => (
            "CIDFontType0",
            "FontFile3",
            Stream::new(subtype_dict("CIDFontType0C"), bytes),
        ),
        Program::OpenType(bytes) => (
            "CIDFontType0",
            "FontFile3",
            Stream::new(subtype_dict("OpenType"), bytes),
        ),
    };
    let program = lo.add_object(program);
    let descriptor = lo.add_object(descriptor(face, &base_font, file_key, program));

    let to_unicode: Vec<(u16, String)> = coded
        .iter()
        .map(|&(code, glyph)| (code, texts.of(face, glyph)))
        .collect();
    let cmap = to_unicode_cmap(&id, &to_unicode);
    let to_unicode = lo.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));

    let mut cid_font = Dictionary::new();
    cid_font.set("Type", name("Font"));
    cid_font.set("Subtype", name(subtype));
    cid_font.set("BaseFont", name(&base_font));
    let mut system = Dictionary::new();
    system.set("Registry", Object::string_literal("Adobe"));
    system.set("Ordering", Object::string_literal("Identity"));
    system.set("Supplement", Object::Integer(0));
    cid_font.set("CIDSystemInfo", Object::Dictionary(system));
    cid_font.set("FontDescriptor", Object::Reference(descriptor));
    cid_font.set("DW", Object::Integer(1000));
    cid_font.set("W", Object::Array(widths(face, &coded)));
    if subtype == "CIDFontType2" {
        // Codes are the subset's glyph ids.
        cid_font.set("CIDToGIDMap", name("Identity"));
    }

    let mut font = Dictionary::new();
    font.set("Type", name("Font"));
    font.set("Subtype", name("Type0"));
    font.set("BaseFont", name(&base_font));
    font.set("Encoding", name("Identity-H"));
    font.set(
        "DescendantFonts",
        Object::Array(vec![Object::Dictionary(cid_font)]),
    );
    font.set("ToUnicode", Object::Reference(to_unicode));
    lo.add_object(font)
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn subtype_dict(subtype: &str) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Subtype", name(subtype));
    dict
}

/// The face's PostScript name (name table entry 6), or its family name
/// without spaces.
fn postscript_name(face: &Face) -> String {
    let from_table = face
        .shaper()
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string().or_else(|| Some(latin1(n.name))));
    let raw = from_table.unwrap_or_else(|| face.family().to_string());
    // A name object holds no delimiter or white space, and PostScript
    // names are printable ASCII.
    let clean: String = raw
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .take(63)
        .collect();
    if clean.is_empty() {
        "Font".into()
    } else {
        clean
    }
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The font descriptor (9.8): metrics in thousandths of an em.
fn descriptor(face: &Face, base_font: &str, file_key: &str, program: ObjectId) -> Dictionary {
    let tt = face.shaper();
    let scale = 1000.0 / face.units_per_em();
    let em = |v: f32| Object::Integer((v * scale).round() as i64);
    let bbox = tt.global_bounding_box();
    let italic_angle = tt.italic_angle();
    // Bit 6 nonsymbolic (the Latin character set), bit 7 italic.
    let flags = 32 | if italic_angle != 0.0 { 64 } else { 0 };
    // No table states the vertical stem width; estimate it from the
    // weight class, as is usual (about 88 at 400, 166 at 700).
    let weight = f32::from(tt.weight().to_number());
    let stem_v = 50 + (weight / 65.0).powi(2).round() as i64;
    let mut d = Dictionary::new();
    d.set("Type", name("FontDescriptor"));
    d.set("FontName", name(base_font));
    d.set("Flags", Object::Integer(flags));
    d.set(
        "FontBBox",
        Object::Array(vec![
            em(f32::from(bbox.x_min)),
            em(f32::from(bbox.y_min)),
            em(f32::from(bbox.x_max)),
            em(f32::from(bbox.y_max)),
        ]),
    );
    d.set("ItalicAngle", Object::Real(italic_angle));
    d.set("Ascent", em(f32::from(tt.ascender())));
    d.set("Descent", em(f32::from(tt.descender())));
    d.set(
        "CapHeight",
        em(f32::from(tt.capital_height().unwrap_or(tt.ascender()))),
    );
    d.set("StemV", Object::Integer(stem_v));
    d.set(file_key, Object::Reference(program));
    d
}

/// The `/W` array: runs of consecutive codes, each with its widths.
fn widths(face: &Face, coded: &[(u16, u16)]) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut first = 0u16;
    let mut last: Option<u16> = None;
    for &(code, glyph) in coded {
        if last.is_some_and(|l| l.checked_add(1) != Some(code)) {
            out.push(Object::Integer(first.into()));
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            first = code;
        }
        run.push(Object::Integer(pdf_width(face, glyph) as i64));
        last = Some(code);
    }
    if !run.is_empty() {
        out.push(Object::Integer(first.into()));
        out.push(Object::Array(run));
    }
    out
}

/// A ToUnicode CMap (9.10.3) mapping each two-byte code to its text in
/// UTF-16BE; a code without text is left out.
fn to_unicode_cmap(name: &str, entries: &[(u16, String)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = write!(
        out,
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering ({name}) /Supplement 0 >> def\n\
         /CMapName /{name}-UTF16 def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    );
    let mapped: Vec<&(u16, String)> = entries.iter().filter(|(_, t)| !t.is_empty()).collect();
    // At most 100 entries a block (the limit PostScript CMaps keep to).
    for block in mapped.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (code, text) in block {
            let utf16: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            let _ = writeln!(out, "<{code:04X}> <{utf16}>");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// printpdf's parse of a font file, made once per thread for each file and
/// shared by the documents that thread writes. Per thread, not per
/// process: printpdf reads glyphs through a cache behind a lock and
/// reference counts inside the parse, which two threads writing at once
/// would contend for. The font cache keeps each file alive, so its address
/// identifies it.
pub(super) fn parsed_font(bytes: &'static [u8], index: u32) -> Option<ParsedFont> {
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

    #[test]
    fn widths_run_over_consecutive_codes() {
        let face = Fonts::builtin().face(Style::Regular);
        let a = face.shaper().glyph_index('a').unwrap().0;
        let b = face.shaper().glyph_index('b').unwrap().0;
        let w = widths(face, &[(3, a), (4, b), (9, a)]);
        let wa = pdf_width(face, a) as i64;
        let wb = pdf_width(face, b) as i64;
        assert_eq!(
            w,
            vec![
                Object::Integer(3),
                Object::Array(vec![Object::Integer(wa), Object::Integer(wb)]),
                Object::Integer(9),
                Object::Array(vec![Object::Integer(wa)]),
            ]
        );
    }

    #[test]
    fn the_cmap_maps_codes_to_utf16_and_leaves_out_empty_texts() {
        let cmap = to_unicode_cmap(
            "UPRBRR",
            &[
                (1, "A".into()),
                (2, String::new()),
                (3, "fi".into()),
                (4, "𝐀".into()),
            ],
        );
        assert!(
            cmap.contains(
                "3 beginbfchar\n<0001> <0041>\n<0003> <00660069>\n<0004> <D835DC00>\nendbfchar"
            ),
            "{cmap}"
        );
        assert!(!cmap.contains("<0002>"));
    }
}
