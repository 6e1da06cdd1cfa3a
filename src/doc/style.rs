//! The style sheet: every visual decision of a document, in points.
//!
//! Both writers derive their look from a [`StyleSheet`] and keep no style
//! constant of their own: the PDF layout places text with these sizes,
//! spacings and colours, and the DOCX writer turns the same values into Word
//! styles, numbering and page settings. Change a size or a colour here and it
//! changes in both formats. The colours and the contrast they must keep
//! are in [`super::color`]; how a table's width is shared between its
//! columns is the layout's (`layout::table`).

pub use super::color::{Color, min_contrast, palette};

/// The paper size a campaign asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageSize {
    #[default]
    A4,
    Letter,
}

impl PageSize {
    /// Width and height in millimetres.
    pub fn mm(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (210.0, 297.0),
            PageSize::Letter => (215.9, 279.4),
        }
    }
}

/// Points in a millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// The page: paper and margins. Lengths in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PageStyle {
    pub size: PageSize,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    /// From the top edge of the paper to the top of the running header's line.
    pub header_top: f32,
    /// From the bottom edge of the paper to the bottom of the footer's line.
    pub footer_bottom: f32,
    /// The least width and height of the text area, whatever the margins
    /// leave: a page always has room for a line and for a few lines.
    pub least_text_area: f32,
}

impl PageStyle {
    /// Width and height of the paper in points.
    pub fn paper(&self) -> (f32, f32) {
        let (w, h) = self.size.mm();
        (w * MM, h * MM)
    }

    /// The width text is set in: the paper less the side margins.
    pub fn measure(&self) -> f32 {
        let (w, _) = self.paper();
        (w - self.margin_left - self.margin_right).max(self.least_text_area)
    }

    /// The height of the body area: the paper less top and bottom margins.
    pub fn body_height(&self) -> f32 {
        let (_, h) = self.paper();
        (h - self.margin_top - self.margin_bottom).max(self.least_text_area)
    }
}

/// One role of text: a title, a heading level, body text, a table cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size in points.
    pub size: f32,
    pub bold: bool,
    pub color: Color,
    /// Line height as a multiple of the size.
    pub leading: f32,
    /// Space above a paragraph of this role.
    pub space_before: f32,
    /// Space below a paragraph of this role.
    pub space_after: f32,
}

impl TextStyle {
    /// The height of one line, in points.
    pub fn line_height(&self) -> f32 {
        self.size * self.leading
    }
}

/// How the items of a numbered list are numbered at one nesting level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// 1, 2, 3
    Decimal,
    /// a, b, … z, aa, bb (as Word counts letters)
    LowerLetter,
    /// i, ii, iii, iv
    LowerRoman,
}

impl Numbering {
    /// The number `n` (from 1) in this style, without its suffix.
    pub fn format(self, n: u64) -> String {
        match self {
            Numbering::Decimal => n.to_string(),
            Numbering::LowerLetter => {
                if n == 0 {
                    return "0".into();
                }
                let letter = char::from(b'a' + ((n - 1) % 26) as u8);
                let times = ((n - 1) / 26 + 1).min(64) as usize;
                std::iter::repeat_n(letter, times).collect()
            }
            Numbering::LowerRoman => roman(n),
        }
    }

    /// Word's name for this number format (`w:numFmt`).
    pub fn word_name(self) -> &'static str {
        match self {
            Numbering::Decimal => "decimal",
            Numbering::LowerLetter => "lowerLetter",
            Numbering::LowerRoman => "lowerRoman",
        }
    }
}

/// Lower-case roman numerals; numbers from 4,000 on stay decimal.
fn roman(n: u64) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const PARTS: [(u64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in PARTS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Lists: markers per nesting level, indentation and spacing.
#[derive(Debug, Clone, PartialEq)]
pub struct ListStyle {
    /// Bullets of levels 0, 1, 2, then again from the first.
    pub bullets: [&'static str; 3],
    /// Numbering of levels 0, 1, 2, then again from the first.
    pub numbering: [Numbering; 3],
    /// What follows a number: `1.`
    pub number_suffix: &'static str,
    /// How far each level's text is indented from the level above; the
    /// marker hangs in this space. A list whose widest marker (with
    /// `marker_gap` after it) needs more is indented by that instead, up
    /// to `max_indent_share` of its width: see `layout::list_indent`, the
    /// rule both formats follow.
    pub indent: f32,
    /// The least space between a marker and its item's text, as a share
    /// of the body text's size (0.5: half an em).
    pub marker_gap: f32,
    /// No list is indented by more than this share of the width it is set in.
    pub max_indent_share: f32,
    /// Space between list items, and above and below a nested list.
    pub item_spacing: f32,
    /// Space above a top-level list (space owed by the block above, if
    /// larger, wins: spaces between blocks collapse to the largest).
    pub space_before: f32,
    /// Space below a top-level list.
    pub space_after: f32,
    /// Colour of bullets (numbers take the body text's colour).
    pub bullet_color: Color,
}

impl ListStyle {
    /// The marker of the item numbered `n` of a list at nesting `level`.
    pub fn marker(&self, ordered: bool, level: usize, n: u64) -> String {
        if ordered {
            self.numbering[level % 3].format(n) + self.number_suffix
        } else {
            self.bullets[level % 3].to_string()
        }
    }
}

/// Tables: cell text, padding, rules and the header row's fill.
#[derive(Debug, Clone, PartialEq)]
pub struct TableStyle {
    pub text: TextStyle,
    /// The header row's text (bold, in the heading colour).
    pub header_text: TextStyle,
    pub header_fill: Color,
    /// Padding inside every cell, on all four sides.
    pub padding: f32,
    /// Space above and below a table.
    pub spacing: f32,
    /// The rule under every body row.
    pub rule_width: f32,
    pub rule_color: Color,
    /// The rules above and below the header row.
    pub header_rule_width: f32,
    pub header_rule_color: Color,
    /// No column is narrower than this share of the measure's minimum.
    pub max_min_share: f32,
}

/// The running header, the footer line and the page label.
#[derive(Debug, Clone, PartialEq)]
pub struct FurnitureStyle {
    pub text: TextStyle,
    /// The rule under the running header.
    pub rule_width: f32,
    pub rule_color: Color,
    /// Space between the header's text and its rule.
    pub rule_gap: f32,
    /// The least space between the footer line and the page label.
    pub label_gap: f32,
    /// The page label takes at most this share of the measure; a longer
    /// one is shortened with an ellipsis.
    pub label_max_share: f32,
}

impl FurnitureStyle {
    /// The widest the page label may be set in a measure of `measure`.
    pub fn label_max_width(&self, measure: f32) -> f32 {
        measure * self.label_max_share
    }

    /// The room the footer line has in a measure of `measure` beside a page
    /// label `label_width` wide (with the gap between them when there is a
    /// label).
    pub fn footer_room(&self, measure: f32, label_width: f32) -> f32 {
        let gap = if label_width > 0.0 {
            self.label_gap
        } else {
            0.0
        };
        measure - label_width - gap
    }
}

/// The cover block: space above it and the accent rule under the title.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverStyle {
    pub title: TextStyle,
    pub subtitle: TextStyle,
    pub line: TextStyle,
    /// Space above a cover that opens the document, as a share of the body's height.
    pub top_share: f32,
    /// The accent rule's thickness, colour and length (share of the measure, at most `rule_max`).
    pub rule_width: f32,
    pub rule_color: Color,
    pub rule_share: f32,
    pub rule_max: f32,
    /// Space between the subtitle and the rule, and between the rule and the lines.
    pub rule_space_before: f32,
    pub rule_space_after: f32,
    /// The row of logos under the rule: every logo is this tall (its width
    /// follows its aspect ratio), with `logo_gap` between two logos and
    /// between two rows when they wrap, and `logo_space_after` below.
    pub logo_height: f32,
    pub logo_gap: f32,
    pub logo_space_after: f32,
    /// The height of the logos' line as a multiple of its tallest logo (a
    /// DOCX's line spacing for the paragraph of inline pictures; the PDF's
    /// row is exactly as tall as its tallest logo).
    pub logo_leading: f32,
    /// The size of the space between two logos in a DOCX, which Word then
    /// widens by `logo_gap`: the smallest a DOCX can set (1 pt), so that the
    /// gap is `logo_gap` and that space's width (about a quarter of a
    /// point), as close to the PDF's as Word allows.
    pub logo_spacer_size: f32,
    /// Space after the cover.
    pub space_after: f32,
}

impl CoverStyle {
    /// The size in points of a logo of `width_px` × `height_px` pixels:
    /// `logo_height` tall, unless at that height it is wider than `measure`,
    /// when it shrinks to the measure's width.
    pub fn logo_size(&self, width_px: u32, height_px: u32, measure: f32) -> (f32, f32) {
        let aspect = width_px.max(1) as f32 / height_px.max(1) as f32;
        let h = self.logo_height.max(1.0);
        let w = h * aspect;
        if w > measure && measure > 0.0 {
            (measure, measure / aspect)
        } else {
            (w, h)
        }
    }
}

/// How a redline shows its changes: each kind in its own colour, and not
/// by colour alone (inserted text underlined, deleted text struck through,
/// a bar in the margin beside every line with a change).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeStyle {
    pub inserted: Color,
    pub deleted: Color,
    /// Text whose styling alone changed (a change bar, no line through it).
    pub restyled: Color,
    /// The change bar's width, in points.
    pub bar_width: f32,
    /// From the text's edge to the change bar's middle, in points: the
    /// bar stands in the margin on the side lines start from.
    pub bar_gap: f32,
}

/// How endnotes look: a reference is a raised number, smaller than its
/// text (in a DOCX, Word's superscript); the notes themselves are set as
/// body text under a level-2 heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoteStyle {
    /// A reference's size, as a fraction of its text's.
    pub reference_scale: f32,
    /// How far a reference's baseline is raised, in ems of its text's size.
    pub reference_rise: f32,
}

impl ChangeStyle {
    /// The colour text with `change` is set in, and its lines and bar.
    pub fn color(&self, change: super::Change) -> Color {
        match change {
            super::Change::Inserted => self.inserted,
            super::Change::Deleted => self.deleted,
            super::Change::Restyled => self.restyled,
        }
    }
}

/// Every visual decision of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleSheet {
    pub page: PageStyle,
    pub body: TextStyle,
    /// Headings of level 1, 2 and 3.
    pub headings: [TextStyle; 3],
    pub cover: CoverStyle,
    pub lists: ListStyle,
    pub table: TableStyle,
    pub furniture: FurnitureStyle,
    pub link_color: Color,
    /// How a redline shows what changed.
    pub changes: ChangeStyle,
    /// How endnotes and their references look.
    pub notes: NoteStyle,
    /// Whether link text is underlined (it is always coloured).
    pub underline_links: bool,
    /// The thinnest a link's underline is drawn, in points, however thin
    /// its font's own underline is at its size (a DOCX leaves the
    /// thickness to the reader).
    pub least_underline: f32,
    /// No line is shorter than this multiple of its largest font size,
    /// whatever its role's leading (a DOCX's line heights are least
    /// heights, which a reader widens for a larger glyph itself).
    pub least_leading: f32,
    /// The font family a DOCX names for every script; it cannot embed
    /// fonts. Arial is on every Windows and macOS machine, covers the
    /// Vietnamese letters of Latin Extended Additional, and LibreOffice
    /// substitutes the metric-compatible Liberation Sans for it. The PDF
    /// embeds Noto Sans, whose widths are close to Arial's.
    pub docx_font: &'static str,
    /// The languages (primary subtags) whose writing has no italic: their
    /// fonts have none (Noto has no Arabic or Hebrew italic), and a
    /// slanted copy is not how they emphasise. Emphasis in a document in
    /// one of them is set in bold, in both formats (see
    /// [`StyleSheet::emphasis`]).
    pub upright_languages: &'static [&'static str],
    /// The fewest lines of a paragraph left at the foot of a page or
    /// carried to the head of the next (widows and orphans); 2 is also
    /// Word's widow control, which a DOCX then turns on.
    pub lines_kept_together: usize,
}

impl StyleSheet {
    /// The house style on `size` paper: 25 mm at the top, 22 mm at the
    /// bottom and sides on A4; 0.85 inch at the sides and 20 mm at the bottom
    /// on the slightly wider, shorter Letter.
    pub fn for_page(size: PageSize) -> StyleSheet {
        let mut page = PageStyle {
            size,
            margin_top: 25.0 * MM,
            margin_bottom: 22.0 * MM,
            margin_left: 22.0 * MM,
            margin_right: 22.0 * MM,
            header_top: 11.0 * MM,
            footer_bottom: 10.0 * MM,
            least_text_area: 72.0,
        };
        if size == PageSize::Letter {
            page.margin_left = 0.85 * 72.0;
            page.margin_right = 0.85 * 72.0;
            page.margin_bottom = 20.0 * MM;
        }
        let text = |size: f32, color: Color| TextStyle {
            size,
            bold: false,
            color,
            leading: 1.38,
            space_before: 0.0,
            space_after: 0.0,
        };
        let heading = |size: f32, before: f32, after: f32| TextStyle {
            bold: true,
            leading: 1.25,
            space_before: before,
            space_after: after,
            ..text(size, palette::HEADING)
        };
        let table_text = text(9.0, palette::TEXT);
        let body = TextStyle {
            space_after: 7.0,
            ..text(10.5, palette::TEXT)
        };
        StyleSheet {
            page,
            body,
            headings: [
                heading(16.0, 20.0, 8.0),
                heading(13.0, 16.0, 6.0),
                heading(11.5, 14.0, 4.0),
            ],
            cover: CoverStyle {
                title: TextStyle {
                    leading: 1.2,
                    space_after: 12.0,
                    ..heading(26.0, 0.0, 0.0)
                },
                subtitle: TextStyle {
                    leading: 1.3,
                    ..text(15.0, palette::MUTED)
                },
                line: TextStyle {
                    space_after: 3.0,
                    ..text(11.0, palette::TEXT)
                },
                top_share: 0.12,
                rule_width: 2.5,
                rule_color: palette::ACCENT,
                rule_share: 0.22,
                rule_max: 120.0,
                rule_space_before: 16.0,
                rule_space_after: 14.0,
                logo_height: 36.0,
                logo_gap: 14.0,
                logo_space_after: 14.0,
                logo_leading: 1.0,
                logo_spacer_size: 1.0,
                space_after: 30.0,
            },
            lists: ListStyle {
                bullets: ["•", "–", "·"],
                numbering: [
                    Numbering::Decimal,
                    Numbering::LowerLetter,
                    Numbering::LowerRoman,
                ],
                number_suffix: ".",
                indent: 18.0,
                marker_gap: 0.5,
                max_indent_share: 0.5,
                item_spacing: 3.0,
                space_before: body.space_after * 0.5,
                space_after: body.space_after,
                bullet_color: palette::ACCENT,
            },
            table: TableStyle {
                text: table_text,
                header_text: TextStyle {
                    bold: true,
                    color: palette::HEADING,
                    ..table_text
                },
                header_fill: palette::TABLE_HEADER_FILL,
                padding: 4.0,
                spacing: 10.0,
                rule_width: 0.5,
                rule_color: palette::RULE,
                header_rule_width: 0.75,
                header_rule_color: palette::HEADING,
                max_min_share: 0.4,
            },
            furniture: FurnitureStyle {
                text: TextStyle {
                    leading: 1.2,
                    ..text(8.0, palette::MUTED)
                },
                rule_width: 0.5,
                rule_color: palette::RULE,
                rule_gap: 3.0,
                label_gap: 12.0,
                label_max_share: 0.4,
            },
            link_color: palette::LINK,
            notes: NoteStyle {
                reference_scale: 0.65,
                reference_rise: 0.33,
            },
            changes: ChangeStyle {
                inserted: palette::INSERTED,
                deleted: palette::DELETED,
                restyled: palette::RESTYLED,
                bar_width: 1.5,
                bar_gap: 8.0,
            },
            underline_links: true,
            least_underline: 0.4,
            least_leading: 1.05,
            docx_font: "Arial",
            upright_languages: &["ar", "fa", "ur", "ps", "he", "yi"],
            lines_kept_together: 2,
        }
    }

    /// The weight and slant (bold, italic) a span marked `bold` and
    /// `italic` is set in, in a document in `lang`: emphasis (italic) is
    /// bold where the language's writing has no italic.
    pub fn emphasis(&self, lang: &super::LanguageTag, bold: bool, italic: bool) -> (bool, bool) {
        if italic && self.upright_languages.contains(&lang.primary().as_str()) {
            (true, false)
        } else {
            (bold, italic)
        }
    }

    /// The look of a speaker's script (`statements/<id>.pdf`, `.docx`),
    /// read aloud from a lectern: this sheet with large type (14 pt body,
    /// headings to match), wide spacing (lines 1.75 times the size, a
    /// blank line's worth between paragraphs) and numbered paragraphs set
    /// well apart. Every other decision (page, colours, furniture) stays.
    pub fn script(&self) -> StyleSheet {
        let body = TextStyle {
            size: 14.0,
            leading: 1.75,
            space_after: 14.0,
            ..self.body
        };
        let heading = |h: &TextStyle, size: f32| TextStyle {
            size,
            space_before: h.space_before * 1.5,
            space_after: h.space_after * 1.5,
            ..*h
        };
        StyleSheet {
            body,
            headings: [
                heading(&self.headings[0], 20.0),
                heading(&self.headings[1], 16.5),
                heading(&self.headings[2], 15.0),
            ],
            lists: ListStyle {
                indent: 28.0,
                item_spacing: body.space_after,
                space_before: body.space_after * 0.5,
                space_after: body.space_after,
                ..self.lists.clone()
            },
            ..self.clone()
        }
    }

    /// The style of a heading of `level`.
    pub fn heading(&self, level: super::HeadingLevel) -> &TextStyle {
        &self.headings[level.index()]
    }
}

impl Default for StyleSheet {
    fn default() -> Self {
        StyleSheet::for_page(PageSize::A4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_cycle_by_level_as_word_numbers_them() {
        let lists = StyleSheet::default().lists;
        assert_eq!(lists.marker(true, 0, 12), "12.");
        assert_eq!(lists.marker(true, 1, 2), "b.");
        assert_eq!(lists.marker(true, 1, 28), "bb.");
        assert_eq!(lists.marker(true, 2, 14), "xiv.");
        assert_eq!(lists.marker(true, 3, 3), "3.");
        assert_eq!(lists.marker(false, 0, 1), "•");
        assert_eq!(lists.marker(false, 1, 1), "–");
        assert_eq!(lists.marker(false, 4, 9), "–");
        assert_eq!(roman(1994), "mcmxciv");
        assert_eq!(roman(4000), "4000");
    }

    #[test]
    fn a_script_is_set_larger_and_wider_than_a_pack() {
        let house = StyleSheet::default();
        let script = house.script();
        assert!(script.body.size >= 14.0 && script.body.size > house.body.size);
        assert!(script.body.leading > house.body.leading);
        assert!(script.lists.item_spacing > house.lists.item_spacing);
        assert!((0..3).all(|i| script.headings[i].size > house.headings[i].size));
        // Only the type and spacing change.
        assert_eq!((script.page, script.table), (house.page, house.table));
    }

    #[test]
    fn the_measure_is_the_paper_less_the_side_margins() {
        let a4 = StyleSheet::for_page(PageSize::A4).page;
        assert!((a4.measure() - (210.0 - 44.0) * MM).abs() < 0.01);
        let letter = StyleSheet::for_page(PageSize::Letter).page;
        assert!((letter.measure() - (8.5 - 1.7) * 72.0).abs() < 0.01);
    }
}
