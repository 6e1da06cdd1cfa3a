//! The fonts a PDF is set in.
//!
//! The built-in family is Noto Sans 2.004 (SIL OFL 1.1, see `fonts/OFL.txt`),
//! whose four static faces cover every precomposed Vietnamese letter as well
//! as French and Spanish. The files are compiled into the binary so output never
//! depends on what the machine has installed.
//!
//! A [`Fonts`] keeps two things per face: the raw TrueType bytes, handed to
//! printpdf for embedding and subsetting, and a table of horizontal advances
//! read with ttf-parser, which the line breaker measures with. The advances
//! are the same numbers printpdf writes into the PDF `/W` array, so what the
//! layout measures is what a viewer draws.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// One of the four faces of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    /// All four faces, in the order [`Fonts`] stores them.
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ];

    /// The face for a span's bold and italic flags.
    pub fn from_flags(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }

    /// This face made bold (used for headings and table headers).
    pub fn bolded(self) -> Style {
        match self {
            Style::Regular | Style::Bold => Style::Bold,
            Style::Italic | Style::BoldItalic => Style::BoldItalic,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A font file could not be read or is not a usable TrueType/OpenType face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontError {
    /// Which face or file was being loaded.
    pub source: String,
    pub message: String,
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot use font {}: {}", self.source, self.message)
    }
}

impl std::error::Error for FontError {}

/// One parsed face: its bytes and the metrics the layout needs.
#[derive(Clone)]
pub struct Face {
    bytes: Arc<[u8]>,
    family: String,
    units_per_em: f32,
    ascender: f32,
    descender: f32,
    underline_position: f32,
    underline_thickness: f32,
    /// Advance width in font units of every character the cmap maps.
    advances: HashMap<char, u16>,
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Face")
            .field("family", &self.family)
            .field("bytes", &self.bytes.len())
            .field("chars", &self.advances.len())
            .finish()
    }
}

impl Face {
    /// Parses a TrueType/OpenType face; `source` names it in errors.
    pub fn parse(bytes: Arc<[u8]>, source: &str) -> Result<Face, FontError> {
        let err = |message: String| FontError {
            source: source.to_string(),
            message,
        };
        let face = ttf_parser::Face::parse(&bytes, 0).map_err(|e| err(e.to_string()))?;
        let upem = face.units_per_em();
        if upem == 0 {
            return Err(err("units per em is zero".into()));
        }
        let cmap = face
            .tables()
            .cmap
            .ok_or_else(|| err("the font has no cmap table".into()))?;
        let mut advances = HashMap::new();
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
                }
            });
        }
        if advances.is_empty() {
            return Err(err("the font maps no Unicode characters".into()));
        }
        if !advances.contains_key(&' ') {
            return Err(err("the font has no space character".into()));
        }
        let family = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::FULL_NAME && n.is_unicode())
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| source.to_string());
        let (upos, uthick) = face
            .underline_metrics()
            .map(|m| (m.position as f32, m.thickness as f32))
            .unwrap_or((-0.1 * upem as f32, 0.05 * upem as f32));
        let upem_f = upem as f32;
        let face_data = Face {
            family,
            units_per_em: upem_f,
            ascender: face.ascender() as f32 / upem_f,
            descender: face.descender() as f32 / upem_f,
            underline_position: upos / upem_f,
            underline_thickness: uthick.max(1.0) / upem_f,
            advances,
            bytes: bytes.clone(),
        };
        Ok(face_data)
    }

    /// The TrueType bytes, for embedding.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The font file, shared: holding it keeps its address for the process.
    pub fn shared_bytes(&self) -> Arc<[u8]> {
        self.bytes.clone()
    }

    /// The face's full name from its name table, e.g. "Noto Sans Bold".
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.advances.contains_key(&c)
    }

    /// The advance of `c` in em (1.0 = the font size), or `None` when the
    /// face has no glyph for it.
    pub fn advance(&self, c: char) -> Option<f32> {
        self.advances
            .get(&c)
            .map(|&a| f32::from(a) / self.units_per_em)
    }

    /// Width of `text` in points at `size`; characters the face lacks count as zero.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.advances.get(&c).copied().unwrap_or(0)))
            .sum();
        units as f32 / self.units_per_em * size
    }

    /// Ascender above the baseline, in em.
    pub fn ascender(&self) -> f32 {
        self.ascender
    }

    /// Descender below the baseline, in em (negative).
    pub fn descender(&self) -> f32 {
        self.descender
    }

    /// Underline offset from the baseline (negative is below) and thickness, in em.
    pub fn underline(&self) -> (f32, f32) {
        (self.underline_position, self.underline_thickness)
    }
}

/// A family of four faces, parsed once and shared by every document.
#[derive(Debug, Clone)]
pub struct Fonts {
    faces: [Face; 4],
}

static BUILTIN_BYTES: [(&str, &[u8]); 4] = [
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoSans-Italic.ttf",
        include_bytes!("../fonts/NotoSans-Italic.ttf"),
    ),
    (
        "NotoSans-BoldItalic.ttf",
        include_bytes!("../fonts/NotoSans-BoldItalic.ttf"),
    ),
];

/// Characters with no width and no meaning on paper (soft hyphen, zero-width
/// and directional marks, variation selectors, tags): dropped when the font
/// has no glyph for them.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

impl Fonts {
    /// The embedded Noto Sans family, parsed on first use and then shared.
    pub fn builtin() -> &'static Fonts {
        static BUILTIN: OnceLock<Fonts> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let faces = BUILTIN_BYTES.map(|(name, bytes)| {
                // The files are part of the source tree and tested; a failure here
                // is a broken build, not bad input.
                Face::parse(Arc::from(bytes), name).expect("the embedded Noto Sans faces parse")
            });
            Fonts { faces }
        })
    }

    /// A family from four TrueType/OpenType files named by a theme.
    pub fn from_files(
        regular: &Path,
        bold: &Path,
        italic: &Path,
        bold_italic: &Path,
    ) -> Result<Fonts, FontError> {
        let read = |p: &Path| -> Result<(Vec<u8>, String), FontError> {
            let name = p.display().to_string();
            std::fs::read(p)
                .map(|b| (b, name.clone()))
                .map_err(|e| FontError {
                    source: name,
                    message: e.to_string(),
                })
        };
        Fonts::from_named_bytes([
            read(regular)?,
            read(bold)?,
            read(italic)?,
            read(bold_italic)?,
        ])
    }

    /// A family from the bytes of four faces: regular, bold, italic, bold italic.
    pub fn from_bytes(faces: [Vec<u8>; 4]) -> Result<Fonts, FontError> {
        let [r, b, i, bi] = faces;
        Fonts::from_named_bytes([
            (r, "regular".to_string()),
            (b, "bold".to_string()),
            (i, "italic".to_string()),
            (bi, "bold italic".to_string()),
        ])
    }

    fn from_named_bytes(faces: [(Vec<u8>, String); 4]) -> Result<Fonts, FontError> {
        let [r, b, i, bi] = faces;
        Ok(Fonts {
            faces: [
                Face::parse(Arc::from(r.0), &r.1)?,
                Face::parse(Arc::from(b.0), &b.1)?,
                Face::parse(Arc::from(i.0), &i.1)?,
                Face::parse(Arc::from(bi.0), &bi.1)?,
            ],
        })
    }

    /// Whether every style of the family can draw `c`, or `c` needs no
    /// glyph (white space, a control character, an invisible format mark).
    pub fn draws(&self, c: char) -> bool {
        c.is_whitespace()
            || c.is_control()
            || is_invisible(c)
            || self.faces.iter().all(|f| f.has_char(c))
    }

    /// The face for a style.
    pub fn face(&self, style: Style) -> &Face {
        &self.faces[style.index()]
    }

    /// Width of `text` in points in `style` at `size`.
    pub fn width(&self, style: Style, text: &str, size: f32) -> f32 {
        self.face(style).width(text, size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_covers_vietnamese_french_spanish() {
        let fonts = Fonts::builtin();
        let sample = "Nguyễn Văn Đài Luật An ninh mạng Quyền tự do ngôn luận ỮữỰựỲỳỴỵỶỷỸỹ \
                      « La liberté d’expression » ¿Cuántas? ñ ç œ – — … •";
        for style in Style::ALL {
            for c in sample.chars() {
                assert!(fonts.face(style).has_char(c), "{style:?} lacks {c:?}");
            }
        }
        assert!(std::ptr::eq(Fonts::builtin(), fonts), "parsed once");
    }

    #[test]
    fn widths_come_from_the_font() {
        let f = Fonts::builtin();
        let w = f.width(Style::Regular, "Nguyễn", 10.0);
        assert!(w > 20.0 && w < 50.0, "{w}");
        assert!(f.width(Style::Bold, "Nguyễn", 10.0) > w);
        assert_eq!(f.width(Style::Regular, "", 10.0), 0.0);
        assert!(f.face(Style::Regular).advance('\u{1F600}').is_none());
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        let e = Fonts::from_bytes([vec![], vec![1, 2, 3], vec![0; 100], vec![]]).unwrap_err();
        assert_eq!(e.source, "regular");
        let missing = Path::new("/nonexistent/font.ttf");
        assert!(Fonts::from_files(missing, missing, missing, missing).is_err());
        let dir = std::env::temp_dir().join("upr-brief-bad-font.ttf");
        std::fs::write(&dir, b"not a font at all").unwrap();
        assert!(Fonts::from_files(&dir, &dir, &dir, &dir).is_err());
        let _ = std::fs::remove_file(&dir);
    }

    #[test]
    fn shareable_across_threads() {
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<Fonts>();
        let handles: Vec<_> = (0..2)
            .map(|_| std::thread::spawn(|| Fonts::builtin().width(Style::Regular, "Đài", 12.0)))
            .collect();
        for h in handles {
            assert!(h.join().unwrap() > 0.0);
        }
    }
}
