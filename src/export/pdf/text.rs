//! Text: a shaped run as glyph codes in a `TJ` with the adjustments that
//! put each glyph where the shaper put it, and the `/ActualText` a run
//! needs.

use lopdf::{Object, StringFormat};

use super::content::Content;
use super::font::{Subset, pdf_width};
use super::{finite, glyph_text};
use crate::fonts::Face;

/// Where the current text line starts, inside one text object (`BT`
/// resets it to the origin).
///
/// Pieces of text are placed with `Td`, relative to the previous piece.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Cursor {
    x: f32,
    y: f32,
}

impl Cursor {
    fn move_to(&mut self, x: f32, y: f32, content: &mut Content) {
        let (x, y) = (finite(x), finite(y));
        content.move_text(x - self.x, y - self.y);
        *self = Cursor { x, y };
    }
}

/// The `/ActualText` of `run` (UTF-16BE with its byte-order mark), when it needs
/// one: a left-to-right run whose glyphs do not stand one for one, in
/// order, for its characters (ligatures, Indic and South-East Asian
/// clusters), so that it extracts as its characters in order, with the
/// space it was broken at. Right-to-left runs are drawn in visual order,
/// which extractors (poppler, pdf.js) put back into reading order
/// themselves from each glyph's ToUnicode text; an ActualText there would
/// be reversed again.
pub(super) fn actual_text(run: &crate::layout::Run) -> Option<Vec<u8>> {
    if run.is_simple() || run.rtl {
        return None;
    }
    let mut text = run.text.clone();
    if run.space_after {
        text.push(' ');
    }
    Some(utf16_with_bom(&text))
}

/// Draws a shaped run with its baseline starting at `(x, y)`.
///
/// Glyphs are shown by their codes in the face's subset, each followed by
/// the adjustment that moves the viewer's pen (which advances by the
/// glyph's `/W` width, [`pdf_width`]) to where the shaper put the next
/// glyph; a glyph raised or lowered (a mark above or below its base)
/// starts a new positioned piece. A glyph whose text here is not the
/// character the character map gives it has that text ([`glyph_text`])
/// told to `text_of`, for the font's ToUnicode map; the caller marks a
/// run that needs it with its [`actual_text`]. A run that ends a line broken at a space is followed
/// by that space's glyph.
pub(super) fn glyph_ops(
    run: &crate::layout::Run,
    (x, y): (f32, f32),
    face: &Face,
    subset: &Subset,
    text_of: &mut dyn FnMut(u16, GlyphText),
    cursor: &mut Cursor,
    content: &mut Content,
) {
    let size = finite(run.size);
    // A simple run's glyphs stand one for one, in order, for its
    // characters; any other run's get their texts worked out, for those
    // glyphs that need one.
    let simple = run.is_simple();
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
    let glyphs = &run.glyphs;
    let mut pen = 0.0f32;
    let mut i = 0;
    while i < glyphs.len() {
        let (dx, dy) = run.offset(i);
        let mut j = i + 1;
        while j < glyphs.len() && run.offset(j).1 == dy {
            j += 1;
        }
        let start = x + (pen + dx) * size;
        cursor.move_to(start, y + dy * size, content);
        let mut tj = content.show();
        for k in i..j {
            let g = glyphs[k];
            let own = own_char(face, g.id);
            let mut code = subset.code(g.id);
            if simple {
                // A glyph drawn for a character that is not its own (two
                // characters drawn by one glyph).
                let c = chars.get(k).copied();
                if c.is_some() && c != own {
                    text_of(
                        g.id,
                        GlyphText::Exact(c.map(String::from).unwrap_or_default()),
                    );
                }
            } else {
                let text = texts.get_mut(k).map(std::mem::take).unwrap_or_default();
                if own.is_none() {
                    text_of(
                        g.id,
                        if run.rtl {
                            GlyphText::Exact(text)
                        } else {
                            GlyphText::InCluster(text)
                        },
                    );
                } else if run.rtl
                    && let Some(c) = drawn_for(own, &text)
                    && let Some(alias) = subset.alias(g.id, c)
                {
                    code = alias;
                }
            }
            tj.code(code);
            if k + 1 < j {
                let next_dx = run.offset(k + 1).0;
                let this_dx = run.offset(k).0;
                let offset = pdf_width(face, g.id) - (g.advance + next_dx - this_dx) * 1000.0;
                if offset.abs() >= 0.01 {
                    tj.adjust(finite(offset));
                }
            }
            pen += g.advance;
        }
        drop(tj);
        i = j;
    }
    // The space the line was broken at, drawn (invisible) past the run's
    // end so that its text does not run into the next line's first word.
    if run.space_after
        && !run.rtl
        && let Some(space) = face.shaper().glyph_index(' ')
    {
        cursor.move_to(x + run.width, y, content);
        content.show().code(subset.code(space.0));
    }
}

/// The character whose own glyph `glyph` is ([`Face::primary_char`]),
/// unless that is a presentation form (a ligature such as U+FB01, an
/// Arabic joining form): text is written with the characters the forms
/// stand for, which a ToUnicode map should give back. A mirrored glyph
/// (the `)` drawn for `(` in right-to-left text) keeps its own character,
/// as extractors expect.
pub(super) fn own_char(face: &Face, glyph: u16) -> Option<char> {
    face.primary_char(glyph)
        .filter(|c| !matches!(c, '\u{FB00}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'))
}

/// The character a glyph whose own character is `own` was drawn for, when
/// that is another single character: in right-to-left text, a mirrored
/// glyph (the `)` drawn for `(`, the `»` drawn for `«`).
pub(super) fn drawn_for(own: Option<char>, text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (own, chars.next(), chars.next()) {
        (Some(own), Some(c), None) if c != own => Some(c),
        _ => None,
    }
}

/// The glyphs of a right-to-left `run` drawn for another character than
/// their own ([`drawn_for`]), each with that character: they are shown by
/// a code of their own, whose ToUnicode text is that character, where the
/// font allows one.
pub(super) fn mirrored_glyphs(run: &crate::layout::Run, face: &Face) -> Vec<(u16, char)> {
    if !run.rtl {
        return Vec::new();
    }
    let texts = glyph_text::glyph_texts(run, |c| face.shaper().glyph_index(c).map(|g| g.0));
    run.glyphs
        .iter()
        .zip(&texts)
        .filter_map(|(g, text)| drawn_for(own_char(face, g.id), text).map(|c| (g.id, c)))
        .collect()
}

/// The text a glyph was drawn for, where the character map does not give
/// it: a ToUnicode map gives a glyph one text wherever it is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum GlyphText {
    /// The glyph's own text where it was drawn: in a run whose glyphs
    /// stand one for one for its characters, or a glyph without a
    /// character of its own in a right-to-left run (whose glyphs
    /// extractors read one by one). It wins over the character map, the
    /// first one drawn over later ones.
    Exact(String),
    /// A glyph the character map gives no character, drawn in a cluster
    /// of a left-to-right run that carries its `/ActualText`: the text of
    /// its cluster, used only where nothing else gives the glyph a text.
    InCluster(String),
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
