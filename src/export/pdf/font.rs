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

use super::text::{GlyphText, mirrored_glyphs, own_char};
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

/// What a face draws on a document's pages: its glyphs (ascending), and
/// the glyphs drawn for another character than their own in
/// right-to-left text, with that character (ascending, without repeats).
#[derive(Debug, Default)]
pub(super) struct Used {
    pub glyphs: Vec<u16>,
    pub mirrored: Vec<(u16, char)>,
}

/// What each face draws on `pages`, by the face that draws it.
pub(super) fn used_glyphs(pages: &[Page], fonts: &Fonts) -> BTreeMap<FaceKey, Used> {
    // Per face: which glyph ids are drawn, and the mirrored ones.
    type Seen = (Vec<bool>, Vec<(u16, char)>);
    let mut seen: BTreeMap<FaceKey, Seen> = BTreeMap::new();
    for item in pages.iter().flat_map(|p| &p.items) {
        let Item::Text { run, .. } = item else {
            continue;
        };
        if run.glyphs.is_empty() {
            continue;
        }
        let key = fonts.canonical(run.face());
        let face = fonts.face_of(key);
        let (set, mirrored) = seen
            .entry(key)
            .or_insert_with(|| (vec![false; 1 << 16], Vec::new()));
        for glyph in drawn_glyphs(run, face) {
            set[usize::from(glyph)] = true;
        }
        mirrored.extend(mirrored_glyphs(run, face));
    }
    seen.into_iter()
        .map(|(key, (set, mut mirrored))| {
            let glyphs = (0..=u16::MAX).filter(|&g| set[usize::from(g)]).collect();
            mirrored.sort_unstable();
            mirrored.dedup();
            (key, Used { glyphs, mirrored })
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
    /// Further codes, for glyphs drawn for another character than their
    /// own (see [`Used::mirrored`]): by glyph and character. Only a
    /// TrueType program has them, its `/CIDToGIDMap` taking them to their
    /// glyphs.
    aliases: Vec<((u16, char), u16)>,
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

    /// The code of `glyph` drawn for `c`, when it has one of its own.
    pub fn alias(&self, glyph: u16, c: char) -> Option<u16> {
        let at = self
            .aliases
            .binary_search_by_key(&(glyph, c), |a| a.0)
            .ok()?;
        Some(self.aliases[at].1)
    }

    /// Gives each of `mirrored` a code of its own after the glyphs' codes,
    /// where the program lets codes be chosen (TrueType).
    fn with_aliases(mut self, mirrored: &[(u16, char)]) -> Subset {
        if !matches!(self.program, Program::TrueType(_)) {
            return self;
        }
        let first = self
            .codes
            .iter()
            .flatten()
            .max()
            .map_or(1, |&c| u32::from(c) + 1);
        let drawn = mirrored
            .iter()
            .filter(|&&(glyph, _)| matches!(self.codes.get(usize::from(glyph)), Some(Some(_))));
        for (next, &(glyph, c)) in (first..).zip(drawn) {
            let Ok(code) = u16::try_from(next) else {
                break;
            };
            self.aliases.push(((glyph, c), code));
        }
        self
    }
}

/// `face` subset to the glyphs of `used`. A TrueType face printpdf cannot
/// subset is embedded whole.
pub(super) fn subset(key: FaceKey, face: &Face, used: &Used) -> Result<Subset, String> {
    subset_to(key, face, &used.glyphs).map(|s| s.with_aliases(&used.mirrored))
}

fn subset_to(key: FaceKey, face: &Face, glyphs: &[u16]) -> Result<Subset, String> {
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
                aliases: Vec::new(),
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
                aliases: Vec::new(),
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
    // Codes ascending, each with its glyph and text: `/W` and ToUnicode
    // list them so. Aliases come after every glyph's own code.
    let mut coded: Vec<(u16, u16, String)> = glyphs
        .iter()
        .map(|&g| (subset.code(g), g, texts.of(face, g)))
        .collect();
    coded.sort_unstable_by_key(|&(code, _, _)| code);
    coded.dedup_by_key(|&mut (code, _, _)| code);
    coded.extend(
        subset
            .aliases
            .iter()
            .map(|&((glyph, c), code)| (code, glyph, c.to_string())),
    );
    // A TrueType program's codes are its glyph ids, an alias the id of
    // its glyph.
    let cid_to_gid = (!subset.aliases.is_empty()).then(|| {
        let last = coded.last().map_or(0, |&(code, _, _)| code);
        let mut map: Vec<u8> = (0..=last).flat_map(u16::to_be_bytes).collect();
        for &((glyph, _), code) in &subset.aliases {
            let at = usize::from(code) * 2;
            map[at..at + 2].copy_from_slice(&subset.code(glyph).to_be_bytes());
        }
        map
    });

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

    let cmap = to_unicode_cmap(
        &id,
        coded.iter().map(|(code, _, text)| (*code, text.as_str())),
    );
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
    let widths_of: Vec<(u16, u16)> = coded
        .iter()
        .map(|&(code, glyph, _)| (code, glyph))
        .collect();
    cid_font.set("W", Object::Array(widths(face, &widths_of)));
    if subtype == "CIDFontType2" {
        match cid_to_gid {
            Some(map) => {
                let map = lo.add_object(Stream::new(Dictionary::new(), map));
                cid_font.set("CIDToGIDMap", Object::Reference(map));
            }
            // Codes are the subset's glyph ids.
            None => cid_font.set("CIDToGIDMap", name("Identity")),
        }
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
fn to_unicode_cmap<'t>(name: &str, entries: impl Iterator<Item = (u16, &'t str)>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = write!(
        out,
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering ({name}) /Supplement 0 >> def\n\
         /CMapName /{name}-UTF16 def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    );
    let mapped: Vec<(u16, &str)> = entries.filter(|(_, t)| !t.is_empty()).collect();
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
            [(1, "A"), (2, ""), (3, "fi"), (4, "𝐀")].into_iter(),
        );
        assert!(
            cmap.contains(
                "3 beginbfchar\n<0001> <0041>\n<0003> <00660069>\n<0004> <D835DC00>\nendbfchar"
            ),
            "{cmap}"
        );
        assert!(!cmap.contains("<0002>"));
    }

    /// A glyph drawn for another character than its own (a mirrored
    /// parenthesis) gets a code of its own, which the `/CIDToGIDMap` takes
    /// to the glyph and the ToUnicode map to that character; without one,
    /// codes are glyph ids.
    #[test]
    fn a_mirrored_glyph_gets_a_code_of_its_own() {
        let face = Fonts::builtin().face(Style::Regular);
        let key = FaceKey {
            family: 0,
            style: Style::Regular,
        };
        let open = face.shaper().glyph_index('(').unwrap().0;
        let close = face.shaper().glyph_index(')').unwrap().0;
        let mut glyphs = vec![open, close];
        glyphs.sort_unstable();
        let plain = Used {
            glyphs: glyphs.clone(),
            mirrored: Vec::new(),
        };
        let mirrored = Used {
            glyphs,
            mirrored: vec![(close, '(')],
        };

        let cid_font = |used: &Used| {
            let subset = subset(key, face, used).unwrap();
            let alias = subset.alias(close, '(');
            let mut lo = lopdf::Document::with_version("1.7");
            let id = write(&mut lo, subset, face, &used.glyphs, &GlyphTexts::default());
            let font = lo.get_dictionary(id).unwrap().clone();
            let cid = font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]
                .as_dict()
                .unwrap()
                .clone();
            let cmap_id = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
            let cmap = lo
                .get_object(cmap_id)
                .unwrap()
                .as_stream()
                .unwrap()
                .content
                .clone();
            (alias, cid, String::from_utf8(cmap).unwrap(), lo)
        };

        let (alias, cid, _, _) = cid_font(&plain);
        assert_eq!(alias, None);
        assert_eq!(cid.get(b"CIDToGIDMap").unwrap(), &name("Identity"));

        let (alias, cid, cmap, lo) = cid_font(&mirrored);
        let alias = alias.expect("an alias");
        let map_id = cid.get(b"CIDToGIDMap").unwrap().as_reference().unwrap();
        let map = &lo.get_object(map_id).unwrap().as_stream().unwrap().content;
        let at = usize::from(alias) * 2;
        let target = u16::from_be_bytes([map[at], map[at + 1]]);
        let close_code = subset(key, face, &plain).unwrap().code(close);
        assert_eq!(target, close_code, "the alias draws the glyph of )");
        assert!(cmap.contains(&format!("<{alias:04X}> <0028>")), "{cmap}");
        assert!(
            cmap.contains(&format!("<{close_code:04X}> <0029>")),
            "{cmap}"
        );
    }
}
