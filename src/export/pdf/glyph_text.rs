//! The text each glyph of a shaped run stands for, which printpdf writes
//! into the font's ToUnicode map.
//!
//! A ToUnicode map gives a glyph one text wherever it is drawn, so a
//! glyph's text must not depend on the cluster it was shaped in. A glyph
//! that stands alone for its cluster (a letter, a ligature such as
//! lam-alef) gets the cluster's characters. In a cluster of several glyphs
//! (a letter and its marks) the whole cluster's text on every glyph would
//! repeat the cluster when extracted, and would give the letter the marks
//! of this one place everywhere else the glyph is drawn ("أجل" coming back
//! "أُجل" after "أُعدت"). There each glyph that is a character's own glyph
//! in the font's character map (a mark, a letter in its isolated form)
//! gets that character, and the one glyph left (the letter in its joining
//! form) the characters left. A right-to-left run needs this: it carries
//! no `/ActualText`, which extractors would reverse with the run. A
//! left-to-right run whose glyphs are not one per character is wrapped in
//! `/ActualText`, which is what extractors read, and keeps the cluster's
//! text on each glyph; so does a cluster the character map cannot split.

use crate::layout::Run;

/// The text of each of `run`'s glyphs, in the order of `run.glyphs`;
/// `nominal` is the font's character map (a character's own glyph).
pub(super) fn glyph_texts(run: &Run, nominal: impl Fn(char) -> Option<u16>) -> Vec<String> {
    let chars: Vec<char> = run.text.chars().collect();
    let n = chars.len();
    // The end of each cluster: the next larger cluster start.
    let mut starts: Vec<usize> = run.glyphs.iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let range = |c: usize| {
        let next = starts.partition_point(|&s| s <= c);
        let end = starts.get(next).map_or(n, |&s| s.min(n));
        c.min(n)..end.max(c).min(n)
    };
    let mut texts: Vec<String> = run
        .glyphs
        .iter()
        .map(|g| chars[range(g.cluster as usize)].iter().collect())
        .collect();
    if !run.rtl {
        return texts;
    }
    for &start in &starts {
        let members: Vec<usize> = (0..run.glyphs.len())
            .filter(|&k| run.glyphs[k].cluster as usize == start)
            .collect();
        if members.len() < 2 {
            continue;
        }
        let mut left: Vec<Option<char>> = chars[range(start)].iter().copied().map(Some).collect();
        let mut own: Vec<Option<char>> = vec![None; members.len()];
        for (m, &k) in members.iter().enumerate() {
            let id = run.glyphs[k].id;
            if let Some(slot) = left
                .iter_mut()
                .find(|c| c.is_some_and(|c| nominal(c) == Some(id)))
            {
                own[m] = slot.take();
            }
        }
        let rest: String = left.into_iter().flatten().collect();
        let unmatched: Vec<usize> = (0..members.len()).filter(|&m| own[m].is_none()).collect();
        // Exactly one glyph for what the character map leaves, or it stays as it was.
        let split = match unmatched.as_slice() {
            [] => rest.is_empty(),
            [_] => !rest.is_empty(),
            _ => false,
        };
        if !split {
            continue;
        }
        for (m, &k) in members.iter().enumerate() {
            texts[k] = match own[m] {
                Some(c) => c.to_string(),
                None => rest.clone(),
            };
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::style::Color;
    use crate::fonts::Style;
    use crate::layout::text::RunGlyph;

    fn run(text: &str, rtl: bool, glyphs: &[(u16, u32)]) -> Run {
        Run {
            text: text.into(),
            style: Style::Regular,
            family: 1,
            size: 10.0,
            color: Color::BLACK,
            link: None,
            change: None,
            span: 0,
            x: 0.0,
            width: 0.0,
            rtl,
            space_after: false,
            glyphs: glyphs
                .iter()
                .map(|&(id, cluster)| RunGlyph {
                    id,
                    advance: 0.5,
                    cluster,
                })
                .collect(),
            offsets: Box::default(),
        }
    }

    /// A character map: alef with hamza 10, damma 11, ain 12, dal 13, teh 14.
    fn nominal(c: char) -> Option<u16> {
        match c {
            'أ' => Some(10),
            '\u{64F}' => Some(11),
            'ع' => Some(12),
            'د' => Some(13),
            'ت' => Some(14),
            _ => None,
        }
    }

    #[test]
    fn a_letter_and_its_mark_each_get_their_own_character() {
        // "أُعدت" drawn left to right: teh (final form 40), dal (final 41),
        // ain (initial 42), then damma and alef with hamza, one cluster.
        let r = run("أُعدت", true, &[(40, 4), (41, 3), (42, 2), (11, 0), (10, 0)]);
        assert_eq!(glyph_texts(&r, nominal), ["ت", "د", "ع", "\u{64F}", "أ"]);
        // The letter in a joining form is the glyph the map leaves.
        let r = run("أُ", true, &[(11, 0), (50, 0)]);
        assert_eq!(glyph_texts(&r, nominal), ["\u{64F}", "أ"]);
    }

    #[test]
    fn a_ligature_gets_all_its_characters() {
        let r = run("لا", true, &[(60, 0)]);
        assert_eq!(glyph_texts(&r, nominal), ["لا"]);
    }

    #[test]
    fn a_cluster_the_map_cannot_split_keeps_its_text_on_each_glyph() {
        // Two glyphs the map knows nothing of.
        let r = run("أُ", true, &[(70, 0), (71, 0)]);
        assert_eq!(glyph_texts(&r, nominal), ["أُ", "أُ"]);
        // Every glyph matched, but a character left over.
        let r = run("أُع", true, &[(11, 0), (10, 0)]);
        assert_eq!(glyph_texts(&r, nominal), ["أُع", "أُع"]);
    }

    #[test]
    fn a_left_to_right_run_keeps_each_clusters_text() {
        let r = run("ab", false, &[(11, 0), (10, 0)]);
        assert_eq!(glyph_texts(&r, |_| Some(11)), ["ab", "ab"]);
    }

    #[test]
    fn clusters_out_of_range_give_no_panic() {
        let r = run("a", true, &[(1, 5), (2, 5), (3, 0)]);
        let texts = glyph_texts(&r, |_| None);
        assert_eq!(texts.len(), 3);
    }
}
