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

use std::fmt;
use std::sync::OnceLock;

use unicode_script::{Script, UnicodeScript};

mod face;
pub mod fallback;
mod files;
mod scan;

pub use face::Face;
pub use fallback::FontSearch;

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

/// A family of four faces (regular, bold, italic, bold italic). A family
/// that lacks a style stands in with its nearest one: italic with the
/// upright face, bold italic with the bold one (scripts such as Arabic and
/// Chinese have no italics).
#[derive(Debug, Clone)]
pub struct Family {
    faces: [Face; 4],
    /// Which of the four faces are the family's own (the others stand in).
    own: [bool; 4],
}

impl Family {
    /// A family from its faces; a missing one is taken from the nearest.
    pub fn new(
        regular: Face,
        bold: Option<Face>,
        italic: Option<Face>,
        bold_italic: Option<Face>,
    ) -> Family {
        let own = [
            true,
            bold.is_some(),
            italic.is_some(),
            bold_italic.is_some(),
        ];
        let bold = bold.unwrap_or_else(|| regular.clone());
        let italic = italic.unwrap_or_else(|| regular.clone());
        let bold_italic =
            bold_italic.unwrap_or_else(|| if own[1] { bold.clone() } else { italic.clone() });
        Family {
            faces: [regular, bold, italic, bold_italic],
            own,
        }
    }

    /// The face for a style.
    pub fn face(&self, style: Style) -> &Face {
        &self.faces[style.index()]
    }

    /// The style whose face sets `style`: itself, or the one standing in
    /// for it (so a PDF embeds a face once, however it is asked for).
    pub fn canonical(&self, style: Style) -> Style {
        match style {
            _ if self.own[style.index()] => style,
            Style::Italic => Style::Regular,
            Style::BoldItalic if self.own[1] => Style::Bold,
            Style::BoldItalic => self.canonical(Style::Italic),
            other => other,
        }
    }

    /// The family's name, from its regular face.
    pub fn name(&self) -> &str {
        self.faces[0].family_name()
    }

    /// Whether the family draws `c` (its regular face has a glyph for it).
    pub fn covers(&self, c: char) -> bool {
        self.faces[0].has_char(c)
    }
}

/// Which face of which family: what a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceKey {
    /// Index into [`Fonts`]' families; 0 is the built-in Noto Sans.
    pub family: u8,
    pub style: Style,
}

/// A font file a build uses beyond the built-in faces, for the manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FontFile {
    /// The family, e.g. "Noto Sans Arabic".
    pub family: String,
    /// The scripts it was chosen for, e.g. `["Arabic"]`.
    pub scripts: Vec<String>,
    /// The file as found (in the fonts folder or the system's fonts).
    pub path: String,
    /// The face within a collection file (0 otherwise).
    pub index: u32,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
}

/// The fonts a build sets text in: the built-in Noto Sans first, then the
/// fallback families chosen for the scripts it does not cover (see
/// [`fallback`]), each with the scripts it was chosen for.
#[derive(Debug, Clone)]
pub struct Fonts {
    families: Vec<Family>,
    /// For each script a fallback was chosen for, that family's index.
    by_script: Vec<(Script, u8)>,
    /// The files of the fallback families, for the manifest.
    files: Vec<FontFile>,
    /// Where fonts were looked for, as diagnostics name it.
    searched: String,
    /// Tells this set of fonts from every other one made in the process
    /// (a copy keeps it), for caches of what was set in them.
    id: u64,
}

/// A new [`Fonts::id`].
fn next_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

static BUILTIN_BYTES: [(&str, &[u8]); 4] = [
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../../fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../../fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoSans-Italic.ttf",
        include_bytes!("../../fonts/NotoSans-Italic.ttf"),
    ),
    (
        "NotoSans-BoldItalic.ttf",
        include_bytes!("../../fonts/NotoSans-BoldItalic.ttf"),
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

/// Whether `c` needs no glyph of its own: white space, a control
/// character or an invisible format mark.
pub fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace() || c.is_control() || is_invisible(c)
}

/// Whether `c` belongs to no script of its own (punctuation, digits,
/// symbols, combining marks): it takes the font of the text around it.
pub fn is_neutral(c: char) -> bool {
    matches!(
        c.script(),
        Script::Common | Script::Inherited | Script::Unknown
    )
}

impl Fonts {
    /// The embedded Noto Sans family alone, parsed on first use and then shared.
    pub fn builtin() -> &'static Fonts {
        static BUILTIN: OnceLock<Fonts> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let [r, b, i, bi] = BUILTIN_BYTES.map(|(name, bytes)| {
                // The files are part of the source tree and tested; a failure here
                // is a broken build, not bad input.
                Face::parse(bytes, 0, name).expect("the embedded Noto Sans faces parse")
            });
            Fonts {
                families: vec![Family::new(r, Some(b), Some(i), Some(bi))],
                by_script: Vec::new(),
                files: Vec::new(),
                searched: fallback::BUILTIN_ONLY.to_string(),
                id: next_id(),
            }
        })
    }

    /// The built-in family followed by `fallbacks`, each with the scripts
    /// it stands for and its file.
    pub fn with_fallbacks(
        fallbacks: Vec<(Family, Vec<Script>, Vec<FontFile>)>,
        searched: String,
    ) -> Fonts {
        let mut fonts = Fonts::builtin().clone();
        fonts.id = next_id();
        // Family indexes are a byte; no campaign needs 255 scripts' fonts.
        for (n, (family, scripts, files)) in fallbacks.into_iter().take(254).enumerate() {
            let index = u8::try_from(n + 1).unwrap_or(u8::MAX);
            for s in scripts {
                fonts.by_script.push((s, index));
            }
            fonts.families.push(family);
            fonts.files.extend(files);
        }
        fonts.searched = searched;
        fonts
    }

    /// Whether some family can draw `c`, or `c` needs no glyph.
    pub fn draws(&self, c: char) -> bool {
        needs_no_glyph(c) || self.families.iter().any(|f| f.covers(c))
    }

    /// The family to set `c` in, after a character set in `prev`: a
    /// neutral character stays with the text before it where that family
    /// draws it; otherwise Noto Sans where it covers `c`, then the family
    /// chosen for `c`'s script, then any family that draws it.
    pub fn family_for(&self, c: char, prev: Option<u8>) -> Option<u8> {
        // The common case first: text Noto Sans draws, after text it set.
        if prev.is_none_or(|p| p == 0) && self.families[0].covers(c) {
            return Some(0);
        }
        if let Some(p) = prev
            && (is_neutral(c) || needs_no_glyph(c))
            && self
                .families
                .get(usize::from(p))
                .is_some_and(|f| f.covers(c) || needs_no_glyph(c))
        {
            return Some(p);
        }
        if self.families[0].covers(c) {
            return Some(0);
        }
        let script = c.script();
        if let Some(&(_, i)) = self.by_script.iter().find(|(s, _)| *s == script)
            && self.families[usize::from(i)].covers(c)
        {
            return Some(i);
        }
        (0..self.families.len())
            .find(|&i| self.families[i].covers(c))
            .and_then(|i| u8::try_from(i).ok())
    }

    /// This set of fonts' identity in the process (see the field).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The built-in family's face for a style.
    pub fn face(&self, style: Style) -> &Face {
        self.families[0].face(style)
    }

    /// The face a key names (the built-in one for an unknown family).
    pub fn face_of(&self, key: FaceKey) -> &Face {
        self.families
            .get(usize::from(key.family))
            .unwrap_or(&self.families[0])
            .face(key.style)
    }

    /// `key` with the style whose face actually sets it (see [`Family::canonical`]).
    pub fn canonical(&self, key: FaceKey) -> FaceKey {
        let style = self
            .families
            .get(usize::from(key.family))
            .map_or(key.style, |f| f.canonical(key.style));
        FaceKey { style, ..key }
    }

    /// The families, the built-in one first.
    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// The fallback font files in use, for the manifest.
    pub fn files(&self) -> &[FontFile] {
        &self.files
    }

    /// Where fonts were looked for, in words, for diagnostics.
    pub fn searched(&self) -> &str {
        &self.searched
    }

    /// The family whose faces set text of `script` in this build, for
    /// writers that name fonts rather than embed them (the DOCX).
    pub fn family_name_for(&self, script: Script) -> Option<&str> {
        self.by_script
            .iter()
            .find(|(s, _)| *s == script)
            .map(|&(_, i)| self.families[usize::from(i)].name())
    }

    /// A text that changes whenever the fonts would: the files' hashes and
    /// the scripts they stand for (part of every output's fingerprint).
    pub fn fingerprint(&self) -> String {
        self.files
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{}:{}\n",
                    f.sha256,
                    f.index,
                    f.family,
                    f.scripts.join(",")
                )
            })
            .collect()
    }

    /// Width of `text` in points in the built-in face of `style` at `size`,
    /// from nominal advances.
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
        for bytes in [&b""[..], &[1, 2, 3], &[0; 100], b"not a font at all"] {
            let e = Face::parse(bytes, 0, "bad.ttf").unwrap_err();
            assert_eq!(e.source, "bad.ttf");
        }
        let missing = std::path::Path::new("/nonexistent/font.ttf");
        assert!(files::face(missing, 0).is_err());
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
