//! `word/styles.xml` from the style sheet: body text in the document
//! defaults, and one Word style per role (title, subtitle, cover rule and
//! lines, three heading levels, list paragraph, table text, header, footer,
//! hyperlink). Paragraph and run properties are typed values that write
//! their children in the schema's order (CT_PPr, CT_RPr).

use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};

use super::text::escape;
use super::twips;
use super::wordml::{Xml, escaped};
use crate::doc::Direction;
use crate::doc::style::{StyleSheet, TextStyle};
use crate::export::ScriptFamilies;

/// One style.
struct StyleDef {
    kind: &'static str,
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    next: Option<&'static str>,
    priority: Option<u32>,
    ppr: ParagraphProps,
    rpr: RunProps,
}

fn paragraph(id: &'static str, name: &'static str, priority: Option<u32>) -> StyleDef {
    StyleDef {
        kind: "paragraph",
        id,
        name,
        based_on: Some("Normal"),
        next: Some("Normal"),
        priority,
        ppr: ParagraphProps::default(),
        rpr: RunProps::default(),
    }
}

/// `w:spacing`: space before and after and the line height, in twips.
#[derive(Clone, Copy)]
struct Spacing {
    before: i32,
    after: i32,
    line: i32,
    /// `atLeast` or `exact`.
    rule: &'static str,
}

/// A bottom border (`w:pBdr/w:bottom`).
struct BottomBorder {
    /// Eighths of a point, 2 to 96.
    eighths: u32,
    /// Points between the text and the border.
    space: u32,
    color: String,
}

/// The paragraph properties a style uses, written in CT_PPr's order.
#[derive(Default)]
struct ParagraphProps {
    keep_next: bool,
    keep_lines: bool,
    widow_control: bool,
    bottom_border: Option<BottomBorder>,
    /// A right tab stop at this position (twips).
    right_tab: Option<i32>,
    bidi: bool,
    spacing: Option<Spacing>,
    right_indent: Option<i32>,
    outline_level: Option<u8>,
}

impl ParagraphProps {
    fn is_empty(&self) -> bool {
        !(self.keep_next
            || self.keep_lines
            || self.widow_control
            || self.bidi
            || self.bottom_border.is_some()
            || self.right_tab.is_some()
            || self.spacing.is_some()
            || self.right_indent.is_some()
            || self.outline_level.is_some())
    }

    fn write(&self, w: &mut Xml) {
        if self.is_empty() {
            return;
        }
        w.open("w:pPr", &[]);
        if self.keep_next {
            w.empty("w:keepNext", &[]);
        }
        if self.keep_lines {
            w.empty("w:keepLines", &[]);
        }
        if self.widow_control {
            w.empty("w:widowControl", &[]);
        }
        if let Some(b) = &self.bottom_border {
            w.open("w:pBdr", &[]);
            let (size, space) = (b.eighths.to_string(), b.space.to_string());
            w.empty(
                "w:bottom",
                &[
                    ("w:val", "single"),
                    ("w:sz", &size),
                    ("w:space", &space),
                    ("w:color", &b.color),
                ],
            );
            w.close("w:pBdr");
        }
        if let Some(pos) = self.right_tab {
            w.open("w:tabs", &[]);
            w.empty("w:tab", &[("w:val", "right"), ("w:pos", &pos.to_string())]);
            w.close("w:tabs");
        }
        if self.bidi {
            w.empty("w:bidi", &[]);
        }
        if let Some(s) = self.spacing {
            w.empty(
                "w:spacing",
                &[
                    ("w:before", &s.before.to_string()),
                    ("w:after", &s.after.to_string()),
                    ("w:line", &s.line.to_string()),
                    ("w:lineRule", s.rule),
                ],
            );
        }
        if let Some(right) = self.right_indent {
            w.empty("w:ind", &[("w:right", &right.to_string())]);
        }
        if let Some(level) = self.outline_level {
            w.empty("w:outlineLvl", &[("w:val", &level.to_string())]);
        }
        w.close("w:pPr");
    }
}

/// The run properties a style uses, written in CT_RPr's order.
#[derive(Default)]
struct RunProps {
    /// `w:rFonts`: the Latin family, and the East Asian and complex-script
    /// ones when given.
    fonts: Option<(String, ScriptFamilies)>,
    bold: bool,
    color: Option<String>,
    /// Half-points.
    size: Option<u32>,
    underline: bool,
    /// `w:vertAlign` superscript.
    superscript: bool,
    /// `w:lang` for Latin, East Asian and complex-script text alike.
    lang: Option<String>,
}

impl RunProps {
    fn is_empty(&self) -> bool {
        !(self.bold || self.underline || self.superscript)
            && self.fonts.is_none()
            && self.color.is_none()
            && self.size.is_none()
            && self.lang.is_none()
    }

    fn write(&self, w: &mut Xml) {
        if self.is_empty() {
            return;
        }
        w.open("w:rPr", &[]);
        if let Some((latin, scripts)) = &self.fonts {
            let latin = escape(latin);
            let east_asian = scripts.east_asian.as_deref().map(escape);
            let complex = scripts.complex.as_deref().map(escape);
            let mut e = BytesStart::new("w:rFonts");
            e.push_attribute(escaped("w:ascii", &latin));
            e.push_attribute(escaped("w:hAnsi", &latin));
            if let Some(f) = &east_asian {
                e.push_attribute(escaped("w:eastAsia", f));
            }
            if let Some(f) = &complex {
                e.push_attribute(escaped("w:cs", f));
            }
            w.event(Event::Empty(e));
        }
        if self.bold {
            w.empty("w:b", &[]);
            w.empty("w:bCs", &[]);
        }
        if let Some(color) = &self.color {
            w.empty("w:color", &[("w:val", color)]);
        }
        if let Some(size) = self.size {
            let size = size.to_string();
            w.empty("w:sz", &[("w:val", &size)]);
            w.empty("w:szCs", &[("w:val", &size)]);
        }
        if self.underline {
            w.empty("w:u", &[("w:val", "single")]);
        }
        if self.superscript {
            w.empty("w:vertAlign", &[("w:val", "superscript")]);
        }
        if let Some(lang) = &self.lang {
            w.empty(
                "w:lang",
                &[("w:val", lang), ("w:eastAsia", lang), ("w:bidi", lang)],
            );
        }
        w.close("w:rPr");
    }
}

/// Font size in half-points, as `w:sz` wants it.
fn half_points(size: f32) -> u32 {
    (size * 2.0).round().max(2.0) as u32
}

/// The run properties of a text role: bold, colour, size.
fn rpr(text: &TextStyle) -> RunProps {
    RunProps {
        bold: text.bold,
        color: Some(text.color.hex()),
        size: Some(half_points(text.size)),
        ..RunProps::default()
    }
}

/// `w:spacing` of a text role: space before and after, and the line height
/// as a least height (so that a larger glyph is never clipped).
fn spacing(text: &TextStyle) -> Spacing {
    spacing_with(text, text.space_before, text.space_after)
}

fn spacing_with(text: &TextStyle, before: f32, after: f32) -> Spacing {
    Spacing {
        before: twips(before).max(0),
        after: twips(after).max(0),
        line: twips(text.line_height()).max(1),
        rule: "atLeast",
    }
}

/// A bottom border of `width` points in `color`, `gap` points below the text.
fn bottom_border(width: f32, color: String, gap: f32) -> BottomBorder {
    BottomBorder {
        eighths: ((width * 8.0).round() as u32).clamp(2, 96),
        space: gap.round().max(0.0) as u32,
        color,
    }
}

fn style_defs(s: &StyleSheet) -> Vec<StyleDef> {
    let c = &s.cover;
    let measure = s.page.measure();
    let rule_length = (measure * c.rule_share).min(c.rule_max);
    let heading = |level: u8, id: &'static str, name: &'static str| {
        let text = &s.headings[usize::from(level) - 1];
        StyleDef {
            ppr: ParagraphProps {
                keep_next: true,
                keep_lines: true,
                spacing: Some(spacing(text)),
                outline_level: Some(level - 1),
                ..ParagraphProps::default()
            },
            rpr: rpr(text),
            ..paragraph(id, name, Some(9))
        }
    };
    let f = &s.furniture;
    vec![
        StyleDef {
            based_on: None,
            next: None,
            ..paragraph("Normal", "Normal", Some(0))
        },
        StyleDef {
            kind: "character",
            based_on: None,
            next: None,
            ..paragraph("DefaultParagraphFont", "Default Paragraph Font", Some(1))
        },
        StyleDef {
            ppr: ParagraphProps {
                keep_next: true,
                spacing: Some(spacing_with(
                    &c.title,
                    s.page.body_height() * c.top_share,
                    c.title.space_after,
                )),
                ..ParagraphProps::default()
            },
            rpr: rpr(&c.title),
            ..paragraph("Title", "Title", Some(10))
        },
        StyleDef {
            ppr: ParagraphProps {
                keep_next: true,
                spacing: Some(spacing_with(&c.subtitle, 0.0, 0.0)),
                ..ParagraphProps::default()
            },
            rpr: rpr(&c.subtitle),
            ..paragraph("Subtitle", "Subtitle", Some(11))
        },
        // The accent rule under the title: an empty paragraph whose bottom
        // border is as long as the PDF's rule.
        StyleDef {
            ppr: ParagraphProps {
                keep_next: true,
                bottom_border: Some(bottom_border(c.rule_width, c.rule_color.hex(), 0.0)),
                spacing: Some(Spacing {
                    before: twips(c.rule_space_before),
                    after: twips(c.rule_space_after),
                    line: 20,
                    rule: "exact",
                }),
                right_indent: Some(twips(measure - rule_length).max(0)),
                ..ParagraphProps::default()
            },
            rpr: RunProps {
                size: Some(2),
                ..RunProps::default()
            },
            ..paragraph("CoverRule", "Cover Rule", None)
        },
        StyleDef {
            ppr: spaced(spacing(&c.line)),
            rpr: rpr(&c.line),
            ..paragraph("CoverLine", "Cover Line", None)
        },
        heading(1, "Heading1", "heading 1"),
        heading(2, "Heading2", "heading 2"),
        heading(3, "Heading3", "heading 3"),
        StyleDef {
            ppr: spaced(spacing_with(&s.body, 0.0, s.lists.item_spacing)),
            ..paragraph("ListParagraph", "List Paragraph", Some(34))
        },
        StyleDef {
            ppr: spaced(spacing_with(&s.table.text, 0.0, 0.0)),
            rpr: rpr(&s.table.text),
            ..paragraph("TableText", "Table Text", None)
        },
        StyleDef {
            based_on: Some("TableText"),
            next: Some("TableText"),
            rpr: rpr(&s.table.header_text),
            ..paragraph("TableHeader", "Table Header", None)
        },
        StyleDef {
            ppr: ParagraphProps {
                bottom_border: Some(bottom_border(f.rule_width, f.rule_color.hex(), f.rule_gap)),
                spacing: Some(spacing_with(&f.text, 0.0, 0.0)),
                ..ParagraphProps::default()
            },
            rpr: rpr(&f.text),
            ..paragraph("Header", "header", Some(99))
        },
        // The footer line on the left, the page label at a right tab stop
        // at the end of the measure: one line, as in the PDF.
        StyleDef {
            ppr: ParagraphProps {
                right_tab: Some(twips(measure)),
                spacing: Some(spacing_with(&f.text, 0.0, 0.0)),
                ..ParagraphProps::default()
            },
            rpr: rpr(&f.text),
            ..paragraph("Footer", "footer", Some(99))
        },
        StyleDef {
            kind: "character",
            based_on: Some("DefaultParagraphFont"),
            next: None,
            rpr: RunProps {
                color: Some(s.link_color.hex()),
                underline: s.underline_links,
                ..RunProps::default()
            },
            ..paragraph("Hyperlink", "Hyperlink", Some(99))
        },
    ]
}

/// The endnotes' styles, Word's own: the notes' text as body text, the
/// numbers (in the text and before each note) superscript.
fn note_style_defs(s: &StyleSheet) -> Vec<StyleDef> {
    vec![
        StyleDef {
            ppr: spaced(spacing(&s.body)),
            rpr: rpr(&s.body),
            ..paragraph("EndnoteText", "endnote text", Some(99))
        },
        StyleDef {
            kind: "character",
            based_on: Some("DefaultParagraphFont"),
            next: None,
            rpr: RunProps {
                superscript: true,
                ..RunProps::default()
            },
            ..paragraph("EndnoteReference", "endnote reference", Some(99))
        },
    ]
}

/// Paragraph properties with only `spacing`.
fn spaced(spacing: Spacing) -> ParagraphProps {
    ParagraphProps {
        spacing: Some(spacing),
        ..ParagraphProps::default()
    }
}

/// The whole styles part. `lang` is a checked language tag or empty; in a
/// right-to-left document every paragraph style is `w:bidi`.
pub(super) fn styles_xml(
    s: &StyleSheet,
    lang: &str,
    direction: Direction,
    scripts: &ScriptFamilies,
    endnotes: bool,
) -> String {
    let rtl = direction.is_rtl();
    let body = &s.body;
    let mut w = Xml::new();
    w.event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )));
    w.event(Event::Text(BytesText::new("\n")));
    w.open(
        "w:styles",
        &[(
            "xmlns:w",
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        )],
    );
    w.open("w:docDefaults", &[]);
    w.open("w:rPrDefault", &[]);
    RunProps {
        fonts: Some((s.docx_font.to_string(), scripts.clone())),
        color: Some(body.color.hex()),
        size: Some(half_points(body.size)),
        lang: (!lang.is_empty()).then(|| lang.to_string()),
        ..RunProps::default()
    }
    .write(&mut w);
    w.close("w:rPrDefault");
    w.open("w:pPrDefault", &[]);
    // Word's two lines kept together at a page break, when the style
    // sheet keeps two lines or more together.
    ParagraphProps {
        widow_control: s.lines_kept_together >= 2,
        bidi: rtl,
        spacing: Some(spacing(body)),
        ..ParagraphProps::default()
    }
    .write(&mut w);
    w.close("w:pPrDefault");
    w.close("w:docDefaults");
    let mut defs = style_defs(s);
    if endnotes {
        defs.extend(note_style_defs(s));
    }
    for mut style in defs {
        let mut attributes = vec![("w:type", style.kind)];
        if matches!(style.id, "Normal" | "DefaultParagraphFont") {
            attributes.push(("w:default", "1"));
        }
        attributes.push(("w:styleId", style.id));
        w.open("w:style", &attributes);
        w.empty("w:name", &[("w:val", style.name)]);
        if let Some(b) = style.based_on {
            w.empty("w:basedOn", &[("w:val", b)]);
        }
        if let Some(n) = style.next {
            w.empty("w:next", &[("w:val", n)]);
        }
        if let Some(p) = style.priority {
            w.empty("w:uiPriority", &[("w:val", &p.to_string())]);
        }
        if style.id == "DefaultParagraphFont" {
            w.empty("w:semiHidden", &[]);
            w.empty("w:unhideWhenUsed", &[]);
        } else if matches!(style.id, "Hyperlink" | "EndnoteText" | "EndnoteReference") {
            w.empty("w:unhideWhenUsed", &[]);
        } else {
            w.empty("w:qFormat", &[]);
        }
        style.ppr.bidi |= rtl && style.kind == "paragraph";
        style.ppr.write(&mut w);
        style.rpr.write(&mut w);
        w.close("w:style");
    }
    w.close("w:styles");
    w.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::style::PageSize;

    #[test]
    fn sizes_and_colours_come_from_the_style_sheet() {
        let mut s = StyleSheet::for_page(PageSize::A4);
        let none = ScriptFamilies::default();
        let xml = styles_xml(&s, "fr-FR", Direction::Ltr, &none, false);
        assert_eq!(heading1(&xml, "sz"), Some("32".into()));
        s.headings[0].size = 20.0;
        s.headings[0].color = crate::doc::style::Color::rgb8(0x12, 0x34, 0x56);
        let xml = styles_xml(&s, "", Direction::Ltr, &none, false);
        assert_eq!(heading1(&xml, "sz"), Some("40".into()));
        assert_eq!(heading1(&xml, "color"), Some("123456".into()));
        let parsed = roxmltree::Document::parse(&xml).unwrap();
        assert!(!parsed.descendants().any(|n| n.tag_name().name() == "lang"));
    }

    /// The `w:val` of the first `name` element in the Heading1 style of a
    /// styles part, read with an XML parser.
    fn heading1(xml: &str, name: &str) -> Option<String> {
        let parsed = roxmltree::Document::parse(xml).unwrap();
        let style = parsed.descendants().find(|n| {
            n.tag_name().name() == "style"
                && n.attributes()
                    .any(|a| a.name() == "styleId" && a.value() == "Heading1")
        })?;
        let found = style.descendants().find(|n| n.tag_name().name() == name)?;
        let val = found.attributes().find(|a| a.name() == "val")?;
        Some(val.value().to_string())
    }

    #[test]
    fn bidi_goes_where_the_schema_has_it() {
        let xml = |p: ParagraphProps| {
            let mut w = Xml::new();
            p.write(&mut w);
            w.into_string()
        };
        assert_eq!(
            xml(ParagraphProps {
                bidi: true,
                ..ParagraphProps::default()
            }),
            "<w:pPr><w:bidi/></w:pPr>"
        );
        assert_eq!(
            xml(ParagraphProps {
                keep_next: true,
                bottom_border: Some(bottom_border(1.0, "000000".into(), 0.0)),
                bidi: true,
                spacing: Some(Spacing {
                    before: 0,
                    after: 0,
                    line: 20,
                    rule: "exact"
                }),
                right_indent: Some(9),
                ..ParagraphProps::default()
            }),
            "<w:pPr><w:keepNext/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"8\" w:space=\"0\" \
             w:color=\"000000\"/></w:pBdr><w:bidi/><w:spacing w:before=\"0\" w:after=\"0\" \
             w:line=\"20\" w:lineRule=\"exact\"/><w:ind w:right=\"9\"/></w:pPr>"
        );
        assert_eq!(
            xml(ParagraphProps {
                right_tab: Some(9000),
                bidi: true,
                ..ParagraphProps::default()
            }),
            "<w:pPr><w:tabs><w:tab w:val=\"right\" w:pos=\"9000\"/></w:tabs><w:bidi/></w:pPr>"
        );
        assert_eq!(xml(ParagraphProps::default()), "");
    }
}
