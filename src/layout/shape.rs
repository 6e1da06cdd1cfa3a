//! Shaping: text in one face and one direction becomes positioned glyphs
//! (rustybuzz, the Rust port of HarfBuzz: Arabic joining and ligatures,
//! Indic and South-East Asian clusters, kerning, mark positioning).
//!
//! Text is shaped a word at a time (pieces split at spaces), and each
//! thread keeps the words it shaped: packs repeat the same recommendations,
//! labels and names, so most words are shaped once per thread and build.
//! Shaping across a space changes nothing in the fonts used here (no
//! contextual forms or kerning pairs reach across a space).

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::Arc;

use crate::fonts::Face;

/// One glyph as the shaper placed it. Lengths are in em (1.0 = the font size).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The glyph's id in its face.
    pub id: u16,
    /// How far the pen moves after the glyph.
    pub advance: f32,
    /// Where the glyph is drawn relative to the pen (marks, kerning).
    pub dx: f32,
    pub dy: f32,
    /// The byte offset, in the shaped text, of the first character the
    /// glyph stands for (several glyphs may share one: a cluster).
    pub cluster: u32,
}

/// Entries a thread keeps before it starts over (bounds memory on huge inputs).
const CACHE_LIMIT: usize = 100_000;

/// A face (file address and index) and a direction.
type Key = (usize, u32, bool);
/// Shaped words by face and direction, and how many there are.
type Cache = (usize, HashMap<Key, HashMap<Box<str>, Arc<[Glyph]>>>);

/// Shape plans by face, direction and script: making one looks up the
/// font's features, which costs more than shaping a short word.
type Plans = HashMap<(usize, u32, bool, rustybuzz::Script), Arc<rustybuzz::ShapePlan>>;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new((0, HashMap::default()));
    static PLANS: RefCell<Plans> = RefCell::new(HashMap::default());
}

/// The glyphs of `text` in `face`, in visual order (left to right); `rtl`
/// shapes right to left (for text at an odd bidi level).
pub fn shape(face: &Face, text: &str, rtl: bool) -> Vec<Glyph> {
    let mut out = Vec::with_capacity(text.len());
    let pieces = pieces(text);
    let mut push = |start: usize, piece: &str| {
        let glyphs = shape_cached(face, piece, rtl);
        out.extend(glyphs.iter().map(|g| Glyph {
            cluster: g.cluster + start as u32,
            ..*g
        }));
    };
    if rtl {
        for &(start, end) in pieces.iter().rev() {
            push(start, &text[start..end]);
        }
    } else {
        for &(start, end) in &pieces {
            push(start, &text[start..end]);
        }
    }
    out
}

/// Byte ranges of `text` split into words and the spaces between them.
fn pieces(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c == ' ';
        if in_space.is_some_and(|s| s != space) {
            out.push((start, i));
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

fn shape_cached(face: &Face, text: &str, rtl: bool) -> Arc<[Glyph]> {
    let (ptr, index) = face.id();
    let key = (ptr, index, rtl);
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(g) = cache.1.get(&key).and_then(|m| m.get(text)) {
            return g.clone();
        }
        let glyphs: Arc<[Glyph]> = shape_uncached(face, text, rtl).into();
        if cache.0 >= CACHE_LIMIT {
            cache.1.clear();
            cache.0 = 0;
        }
        cache.0 += 1;
        cache
            .1
            .entry(key)
            .or_default()
            .insert(text.into(), glyphs.clone());
        glyphs
    })
}

fn shape_uncached(face: &Face, text: &str, rtl: bool) -> Vec<Glyph> {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let direction = if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    };
    buffer.set_direction(direction);
    buffer.guess_segment_properties();
    let script = buffer.script();
    let (ptr, index) = face.id();
    let plan = PLANS.with(|plans| {
        plans
            .borrow_mut()
            .entry((ptr, index, rtl, script))
            .or_insert_with(|| {
                Arc::new(rustybuzz::ShapePlan::new(
                    face.shaper(),
                    direction,
                    Some(script),
                    None,
                    &[],
                ))
            })
            .clone()
    });
    let shaped = rustybuzz::shape_with_plan(face.shaper(), &plan, buffer);
    let upem = face.units_per_em();
    shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| Glyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: pos.x_advance as f32 / upem,
            dx: pos.x_offset as f32 / upem,
            dy: pos.y_offset as f32 / upem,
            cluster: info.cluster,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Fonts, Style};

    #[test]
    fn latin_is_one_glyph_a_letter_with_the_fonts_advances() {
        let face = Fonts::builtin().face(Style::Regular);
        let g = shape(face, "Nguyễn Đài", false);
        assert_eq!(g.len(), "Nguyễn Đài".chars().count());
        let total: f32 = g.iter().map(|g| g.advance).sum();
        assert!((total * 10.0 - face.width("Nguyễn Đài", 10.0)).abs() < 0.5);
        // Clusters are byte offsets into the text, in order.
        assert!(g.windows(2).all(|w| w[0].cluster < w[1].cluster));
        assert_eq!(g[7].cluster as usize, "Nguyễn ".len());
    }

    #[test]
    fn kerning_moves_glyphs_closer() {
        let face = Fonts::builtin().face(Style::Regular);
        let shaped: f32 = shape(face, "AVAV", false).iter().map(|g| g.advance).sum();
        let nominal = face.width("AVAV", 1.0);
        assert!(shaped < nominal - 0.01, "{shaped} vs {nominal}");
    }

    #[test]
    fn right_to_left_pieces_come_in_visual_order() {
        assert_eq!(pieces("ab  c"), vec![(0, 2), (2, 4), (4, 5)]);
        assert!(pieces("").is_empty());
        let face = Fonts::builtin().face(Style::Regular);
        let g = shape(face, "ab cd", true);
        // Visual order of a right-to-left run: the last word first.
        let clusters: Vec<u32> = g.iter().map(|g| g.cluster).collect();
        assert_eq!(clusters, vec![4, 3, 2, 1, 0]);
    }
}
