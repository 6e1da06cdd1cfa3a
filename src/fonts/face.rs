//! One parsed face: its bytes, the metrics the layout needs, and a shaper.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::FontError;

/// One face of a font file, parsed once and shared (cloning is cheap).
///
/// The bytes live for the whole process: the built-in faces are compiled in,
/// and a fallback file is read once per process (see `fonts/files.rs`), so a
/// face can keep the shaper's view of its tables beside them.
#[derive(Clone)]
pub struct Face(Arc<Inner>);

struct Inner {
    bytes: &'static [u8],
    index: u32,
    typographic: String,
    full: String,
    units_per_em: f32,
    ascender: f32,
    descender: f32,
    underline_position: f32,
    underline_thickness: f32,
    /// The strikeout line's offset above the baseline, in em.
    strikeout_position: f32,
    /// Advance width in font units of every character the cmap maps.
    advances: Advances,
    /// For each glyph id, the code point whose own glyph it is, as a
    /// [`primary_rank`] (`u32::MAX`: none).
    primary: Vec<u32>,
    /// The shaper's face (rustybuzz reads GSUB/GPOS/kern through it).
    shaper: rustybuzz::Face<'static>,
}

/// Advance widths by character: a table indexed by code point for the
/// Basic Multilingual Plane (every character of Latin, Arabic and CJK text,
/// looked up once per character laid out), a sorted list beyond it.
struct Advances {
    /// `MISSING` where the face has no glyph.
    bmp: Vec<u16>,
    astral: Vec<(char, u16)>,
    len: usize,
}

const MISSING: u16 = u16::MAX;

impl Advances {
    fn new(all: HashMap<char, u16>) -> Advances {
        let top = all
            .keys()
            .filter(|&&c| (c as u32) < 0x1_0000)
            .map(|&c| c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut bmp = vec![MISSING; top];
        let mut astral = Vec::new();
        for (&c, &a) in &all {
            // An advance of 65535 units is no real glyph's: clamp it below
            // the marker rather than lose the character.
            let a = a.min(MISSING - 1);
            match bmp.get_mut(c as usize) {
                Some(slot) => *slot = a,
                None => astral.push((c, a)),
            }
        }
        astral.sort_unstable();
        Advances {
            bmp,
            astral,
            len: all.len(),
        }
    }

    fn get(&self, c: char) -> Option<u16> {
        match self.bmp.get(c as usize) {
            Some(&MISSING) => None,
            Some(&a) => Some(a),
            None => self
                .astral
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .map(|i| self.astral[i].1),
        }
    }
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Face")
            .field("name", &self.0.full)
            .field("index", &self.0.index)
            .field("bytes", &self.0.bytes.len())
            .field("chars", &self.0.advances.len)
            .finish()
    }
}

impl Face {
    /// Parses face `index` of a TrueType/OpenType file or collection;
    /// `source` names it in errors.
    pub fn parse(bytes: &'static [u8], index: u32, source: &str) -> Result<Face, FontError> {
        let err = |message: String| FontError {
            source: source.to_string(),
            message,
        };
        let face = ttf_parser::Face::parse(bytes, index).map_err(|e| err(e.to_string()))?;
        let upem = face.units_per_em();
        if upem == 0 {
            return Err(err("units per em is zero".into()));
        }
        let cmap = face
            .tables()
            .cmap
            .ok_or_else(|| err("the font has no cmap table".into()))?;
        let mut advances = HashMap::new();
        let mut primary = vec![u32::MAX; usize::from(face.number_of_glyphs())];
        for subtable in cmap.subtables {
            if !subtable.is_unicode() {
                continue;
            }
            subtable.codepoints(|cp| {
                if let Some(c) = char::from_u32(cp)
                    && let Some(gid) = subtable.glyph_index(cp)
                    && gid.0 != 0
                {
                    let adv = face.glyph_hor_advance(gid).unwrap_or(0);
                    advances.entry(c).or_insert(adv);
                    // A character's own glyph as the shaper maps it.
                    if face.glyph_index(c) == Some(gid)
                        && let Some(p) = primary.get_mut(usize::from(gid.0))
                    {
                        *p = (*p).min(primary_rank(c));
                    }
                }
            });
        }
        if advances.is_empty() {
            return Err(err("the font maps no Unicode characters".into()));
        }
        let advances = Advances::new(advances);
        if advances.get(' ').is_none() {
            return Err(err("the font has no space character".into()));
        }
        let family = name(&face, ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            .or_else(|| name(&face, ttf_parser::name_id::FAMILY))
            .unwrap_or_else(|| source.to_string());
        let full = name(&face, ttf_parser::name_id::FULL_NAME).unwrap_or_else(|| family.clone());
        let (upos, uthick) = face
            .underline_metrics()
            .map(|m| (m.position as f32, m.thickness as f32))
            .unwrap_or((-0.1 * upem as f32, 0.05 * upem as f32));
        let upem_f = upem as f32;
        // Without the font's own (OS/2), a strikeout through the middle of
        // a lowercase letter, as most Latin fonts place it.
        let strike = (face.strikeout_metrics())
            .map(|m| m.position as f32)
            .unwrap_or(0.26 * upem_f);
        let shaper = rustybuzz::Face::from_face(face.clone());
        Ok(Face(Arc::new(Inner {
            bytes,
            index,
            typographic: family,
            full,
            units_per_em: upem_f,
            ascender: face.ascender() as f32 / upem_f,
            descender: face.descender() as f32 / upem_f,
            underline_position: upos / upem_f,
            underline_thickness: uthick.max(1.0) / upem_f,
            strikeout_position: strike / upem_f,
            advances,
            primary,
            shaper,
        })))
    }

    /// The font file's bytes, for embedding.
    pub fn bytes(&self) -> &'static [u8] {
        self.0.bytes
    }

    /// Which face of a collection file this is (0 for a single-face file).
    pub fn index(&self) -> u32 {
        self.0.index
    }

    /// An identity for caches: the same file and face index.
    pub fn id(&self) -> (usize, u32) {
        (self.0.bytes.as_ptr() as usize, self.0.index)
    }

    /// The face's full name from its name table, e.g. "Noto Sans Bold".
    pub fn family(&self) -> &str {
        &self.0.full
    }

    /// The family the face belongs to, e.g. "Noto Sans Arabic" (the
    /// typographic family where the font names one).
    pub fn family_name(&self) -> &str {
        &self.0.typographic
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.0.advances.get(c).is_some()
    }

    /// The advance of `c` in em (1.0 = the font size), or `None` when the
    /// face has no glyph for it.
    pub fn advance(&self, c: char) -> Option<f32> {
        self.0
            .advances
            .get(c)
            .map(|a| f32::from(a) / self.0.units_per_em)
    }

    /// Width of `text` in points at `size` from the characters' nominal
    /// advances (no shaping); characters the face lacks count as zero.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.0.advances.get(c).unwrap_or(0)))
            .sum();
        units as f32 / self.0.units_per_em * size
    }

    /// Font units per em.
    pub fn units_per_em(&self) -> f32 {
        self.0.units_per_em
    }

    /// Ascender above the baseline, in em.
    pub fn ascender(&self) -> f32 {
        self.0.ascender
    }

    /// Descender below the baseline, in em (negative).
    pub fn descender(&self) -> f32 {
        self.0.descender
    }

    /// Underline offset from the baseline (negative is below) and thickness, in em.
    pub fn underline(&self) -> (f32, f32) {
        (self.0.underline_position, self.0.underline_thickness)
    }

    /// The strikeout line's offset above the baseline, in em (its
    /// thickness is the underline's).
    pub fn strikeout(&self) -> f32 {
        self.0.strikeout_position
    }

    /// The face as the shaper sees it.
    pub fn shaper(&self) -> &rustybuzz::Face<'static> {
        &self.0.shaper
    }

    /// The character whose own glyph `glyph` is (the character map gives
    /// the character this glyph, and the shaper takes that mapping): where
    /// several are, the smallest that is its own compatibility form (so
    /// 立 rather than the Kangxi radical ⽴ that shares its glyph), else the
    /// smallest; `None` for a glyph no character maps to, such as a
    /// ligature or a joining form.
    pub fn primary_char(&self, glyph: u16) -> Option<char> {
        char::from_u32(*self.0.primary.get(usize::from(glyph))? & CODE_POINT)
    }

    /// A glyph's advance in font units, as the PDF's `/W` array states it.
    pub fn glyph_advance(&self, glyph: u16) -> u16 {
        self.0
            .shaper
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0)
    }
}

/// The bits of a [`primary_rank`] that hold the code point.
const CODE_POINT: u32 = 0x1F_FFFF;

/// How `c` ranks as a glyph's primary character, the least first:
/// characters that are their own compatibility form (NFKC) before those
/// that are not (a Kangxi radical, a presentation form, a full-width
/// letter), then by code point.
fn primary_rank(c: char) -> u32 {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    let compatibility = is_nfkc_quick(std::iter::once(c)) == IsNormalized::No;
    u32::from(c) | (u32::from(compatibility) << 21)
}

/// A name-table entry in Unicode (Windows or Unicode platform).
fn name(face: &ttf_parser::Face, id: u16) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == id && n.is_unicode())
        .find_map(|n| n.to_string())
        .filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use crate::fonts::{Fonts, Style};

    /// A glyph's primary character is the one whose own glyph it is:
    /// the smallest where several characters share the glyph, none for a
    /// glyph no character maps to; a ligature's is its presentation form
    /// (U+FB01 for "fi") where the font maps one, never its first letter.
    #[test]
    fn a_glyph_stands_for_the_character_whose_own_glyph_it_is() {
        let face = Fonts::builtin().face(Style::Regular);
        let own = |c: char| face.shaper().glyph_index(c).map(|g| g.0).unwrap();
        for c in ['a', 'Đ', 'ễ', 'Ж', '1', '(', '—'] {
            assert_eq!(face.primary_char(own(c)), Some(c), "{c}");
        }
        // The no-break space draws the space's glyph, which stands for the
        // space.
        if own('\u{a0}') == own(' ') {
            assert_eq!(face.primary_char(own('\u{a0}')), Some(' '));
        }
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str("fi");
        let shaped = rustybuzz::shape(face.shaper(), &[], buffer);
        let infos = shaped.glyph_infos();
        if infos.len() == 1 {
            let ligature = infos[0].glyph_id as u16;
            let primary = face.primary_char(ligature);
            assert!(
                primary.is_none() || primary == Some('\u{fb01}'),
                "{primary:?}"
            );
        }
        assert_eq!(face.primary_char(0), None);
        assert_eq!(face.primary_char(u16::MAX), None);
    }

    /// Where a character and its compatibility form share a glyph, the
    /// glyph stands for the character, whichever code point is smaller.
    #[test]
    fn a_shared_glyph_stands_for_the_character_not_its_compatibility_form() {
        use super::primary_rank;
        // The Kangxi radical ⽴ (U+2F74) is smaller than 立 (U+7ACB).
        assert!(primary_rank('立') < primary_rank('\u{2F74}'));
        assert!(primary_rank('a') < primary_rank('\u{FF41}'));
        assert!(primary_rank('ح') < primary_rank('\u{FEA3}'));
        // Among characters that are their own form, the smaller wins.
        assert!(primary_rank('(') < primary_rank(')'));
        // A no-break space is a compatibility form of the space.
        assert!(primary_rank(' ') < primary_rank('\u{A0}'));
    }
}
