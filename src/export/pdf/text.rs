//! Text and fonts: a shaped run as printpdf text operations (glyph ids,
//! adjustments, the `/ActualText` a run needs), the fonts' fixed resource
//! names and printpdf's parse of each font file.

use lopdf::{Object, StringFormat};
use printpdf::{Codepoint, DictItem, FontId, Op, ParsedFont, Point, Pt, TextItem};

use super::{finite, glyph_text};
use crate::fonts::{Face, FaceKey, Style};

/// Fixed resource names, six capital letters, which are also the subset
/// tag: `UPRB`, a letter for the family (`R` for Noto Sans, then `A`, `B`…)
/// and one for the style.
pub(super) fn font_id(key: FaceKey) -> FontId {
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
    FontId(format!("{prefix}{}{style}", char::from(FAMILY[k % 26])))
}

/// Where the current text line starts, inside one text object (`BT`
/// resets it to the origin).
///
/// Pieces of text are placed with `Td`, relative to the previous piece,
/// rather than with an absolute `Tm`: printpdf rewrites `Tm`-placed runs,
/// reading every glyph's width through its font parse to merge runs on
/// one baseline, which cost a twentieth of a build and changes nothing
/// here (a run is already one `TJ` with its own adjustments).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Cursor {
    x: f32,
    y: f32,
}

impl Cursor {
    fn move_to(&mut self, x: f32, y: f32, ops: &mut Vec<Op>) {
        let (x, y) = (finite(x), finite(y));
        ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(x - self.x),
                y: Pt(y - self.y),
            },
        });
        *self = Cursor { x, y };
    }
}

/// The `/ActualText` of `run`, as a marked-content property, when it needs
/// one: a left-to-right run whose glyphs do not stand one for one, in
/// order, for its characters (ligatures, Indic and South-East Asian
/// clusters), so that it extracts as its characters in order, with the
/// space it was broken at. Right-to-left runs are drawn in visual order,
/// which extractors (poppler, pdf.js) put back into reading order
/// themselves from each glyph's ToUnicode text; an ActualText there would
/// be reversed again.
pub(super) fn actual_text(run: &crate::layout::Run) -> Option<DictItem> {
    if run.is_simple() || run.rtl {
        return None;
    }
    let mut text = run.text.clone();
    if run.space_after {
        text.push(' ');
    }
    Some(DictItem::String {
        data: utf16_with_bom(&text),
        literal: false,
    })
}

/// Draws a shaped run with its baseline starting at `(x, y)`.
///
/// Glyphs are shown by id, each followed by the adjustment that moves the
/// viewer's pen (which advances by the `/W` width printpdf writes: the
/// font's advance in thousandths of an em, truncated) to where the shaper
/// put the next glyph; a glyph raised or lowered (a mark above or below
/// its base) starts a new positioned piece. Each glyph carries its text
/// for the font's ToUnicode map ([`glyph_text`]), unless that text is the
/// character whose own glyph it is ([`Face::primary_char`]): most glyphs,
/// which then cost no string each and are told to `own_glyph`, whose
/// ToUnicode text the document gives the font; the caller marks a run
/// that needs it with its [`actual_text`]. A run that ends a line broken
/// at a space is followed by that space's glyph.
pub(super) fn glyph_ops(
    run: &crate::layout::Run,
    (x, y): (f32, f32),
    face: &Face,
    own_glyph: &mut dyn FnMut(u16),
    cursor: &mut Cursor,
    ops: &mut Vec<Op>,
) {
    let size = finite(run.size);
    let upem = face.units_per_em();
    // Each glyph carries its text, so a one-for-one run extracts right
    // whichever glyph the shaper chose.
    let simple = run.is_simple();
    // A simple run's glyphs stand one for one, in order, for its
    // characters: no texts to work out.
    let chars: Vec<char> = if simple {
        run.text.chars().collect()
    } else {
        Vec::new()
    };
    let mut texts = if simple {
        Vec::new()
    } else {
        glyph_text::glyph_texts(run, |c| face.shaper().glyph_index(c).map(|g| g.0))
    };
    // The glyph's text, unless it is the character whose own glyph it is.
    // (A simple run's own glyphs go as text, below: its other glyphs get
    // their character.)
    let mut cid = |k: usize, id: u16| -> Option<String> {
        if simple {
            return Some(chars.get(k).map(char::to_string).unwrap_or_default());
        }
        let text = texts.get_mut(k).map(std::mem::take).unwrap_or_default();
        let mut it = text.chars();
        if let (Some(c), None) = (it.next(), it.next())
            && face.primary_char(id) == Some(c)
        {
            own_glyph(id);
            return None;
        }
        Some(text)
    };
    let glyphs = &run.glyphs;
    let mut pen = 0.0f32;
    let mut i = 0;
    while i < glyphs.len() {
        let dy = glyphs[i].dy;
        let mut j = i;
        while j < glyphs.len() && glyphs[j].dy == dy {
            j += 1;
        }
        let start = x + (pen + glyphs[i].dx) * size;
        let mut shown = Shown::default();
        for k in i..j {
            let g = glyphs[k];
            let w_pdf = (f32::from(face.glyph_advance(g.id)) * 1000.0 / upem).trunc();
            let offset = if k + 1 < j {
                w_pdf - (g.advance + glyphs[k + 1].dx - g.dx) * 1000.0
            } else {
                0.0
            };
            let offset = if offset.abs() < 0.01 {
                0.0
            } else {
                finite(offset)
            };
            // A character shown by its own glyph goes as text, which printpdf
            // encodes through the same character map: one string for a run
            // of them rather than an object for each glyph. (`chars` is
            // empty unless the run is simple.)
            match chars.get(k) {
                Some(&c) if face.primary_char(g.id) == Some(c) => shown.char(c, offset),
                _ => shown.glyph(Codepoint {
                    gid: g.id,
                    offset,
                    cid: cid(k, g.id),
                }),
            }
            pen += g.advance;
        }
        cursor.move_to(start, y + dy * size, ops);
        ops.push(Op::ShowText {
            items: shown.finish(),
        });
        i = j;
    }
    // The space the line was broken at, drawn (invisible) past the run's
    // end so that its text does not run into the next line's first word.
    if run.space_after
        && !run.rtl
        && let Some(space) = face.shaper().glyph_index(' ')
    {
        cursor.move_to(x + run.width, y, ops);
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint::with_cid(
                space.0,
                0.0,
                " ".to_string(),
            )])],
        });
    }
}

/// The items of one `TJ`: characters shown by their own glyphs as text,
/// other glyphs by id, each followed by its adjustment.
#[derive(Default)]
pub(super) struct Shown {
    items: Vec<TextItem>,
    text: String,
    glyphs: Vec<Codepoint>,
}

impl Shown {
    fn char(&mut self, c: char, offset: f32) {
        self.end_glyphs();
        self.text.push(c);
        if offset != 0.0 {
            self.end_text();
            self.items.push(TextItem::Offset(offset));
        }
    }

    fn glyph(&mut self, glyph: Codepoint) {
        self.end_text();
        self.glyphs.push(glyph);
    }

    fn end_text(&mut self) {
        if !self.text.is_empty() {
            self.items
                .push(TextItem::Text(std::mem::take(&mut self.text)));
        }
    }

    fn end_glyphs(&mut self) {
        if !self.glyphs.is_empty() {
            self.items
                .push(TextItem::GlyphIds(std::mem::take(&mut self.glyphs)));
        }
    }

    fn finish(mut self) -> Vec<TextItem> {
        self.end_text();
        self.end_glyphs();
        self.items
    }
}

/// UTF-16BE with a byte-order mark, the encoding of a PDF text string.
pub(super) fn utf16_with_bom(s: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

/// A PDF text string: UTF-16BE with a byte-order mark.
pub(super) fn text_string(s: &str) -> Object {
    Object::String(utf16_with_bom(s), StringFormat::Hexadecimal)
}

/// printpdf's parse of a font file, made once per thread for each file and
/// shared by the documents that thread writes (parsing is a tenth of a
/// pack's time). Per thread, not per process: printpdf reads a glyph's
/// width through a cache behind a lock and reference counts inside the
/// parse, which two threads writing at once would contend for.
/// The font cache keeps each file alive, so its address identifies it.
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
    use crate::fonts::Fonts;

    /// A character shown by its own glyph is handed to printpdf as text,
    /// which printpdf turns back into a glyph through its own reading of
    /// the character map: that reading must give the glyph the shaper
    /// gave, for every such character of every built-in face.
    #[test]
    fn printpdf_maps_every_own_glyph_character_as_the_shaper_does() {
        for style in [
            Style::Regular,
            Style::Bold,
            Style::Italic,
            Style::BoldItalic,
        ] {
            let face = Fonts::builtin().face(style);
            let parsed = parsed_font(face.bytes(), face.index()).unwrap();
            let mut checked = 0;
            for c in (0..0x11_0000u32).filter_map(char::from_u32) {
                let Some(glyph) = face.shaper().glyph_index(c).map(|g| g.0) else {
                    continue;
                };
                if face.primary_char(glyph) != Some(c) {
                    continue;
                }
                assert_eq!(
                    parsed.lookup_glyph_index(c as u32),
                    Some(glyph),
                    "{} U+{:04X}",
                    face.family(),
                    c as u32
                );
                checked += 1;
            }
            assert!(checked > 1000, "{}: {checked}", face.family());
        }
    }

    /// Characters shown by their own glyphs become runs of text, split
    /// where an adjustment falls; any other glyph stays a glyph with its
    /// text.
    #[test]
    fn own_glyphs_are_shown_as_text_and_others_by_id() {
        let mut shown = Shown::default();
        shown.char('N', 0.0);
        shown.char('o', -12.5);
        shown.char('t', 0.0);
        shown.glyph(Codepoint::with_cid(500, 0.0, "fi".into()));
        shown.char('x', 0.0);
        let items = shown.finish();
        assert_eq!(items.len(), 5, "{items:?}");
        assert!(matches!(&items[0], TextItem::Text(t) if t == "No"));
        assert!(matches!(&items[1], TextItem::Offset(o) if *o == -12.5));
        assert!(matches!(&items[2], TextItem::Text(t) if t == "t"));
        assert!(
            matches!(&items[3], TextItem::GlyphIds(g) if g.len() == 1 && g[0].gid == 500 && g[0].cid.as_deref() == Some("fi"))
        );
        assert!(matches!(&items[4], TextItem::Text(t) if t == "x"));
    }
}
