//! `word/styles.xml` from the style sheet: body text in the document
//! defaults, and one Word style per role (title, subtitle, cover rule and
//! lines, three heading levels, list paragraph, table text, header, footer,
//! hyperlink), each with its `w:pPr` and `w:rPr` children in schema order.

use super::text::escape;
use super::twips;
use crate::doc::Direction;
use crate::doc::style::{StyleSheet, TextStyle};
use crate::export::ScriptFamilies;

/// One style, with its `w:pPr` and `w:rPr` children already in schema order.
struct StyleDef {
    kind: &'static str,
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    next: Option<&'static str>,
    priority: Option<u32>,
    ppr: String,
    rpr: String,
}

fn paragraph(id: &'static str, name: &'static str, priority: Option<u32>) -> StyleDef {
    StyleDef {
        kind: "paragraph",
        id,
        name,
        based_on: Some("Normal"),
        next: Some("Normal"),
        priority,
        ppr: String::new(),
        rpr: String::new(),
    }
}

/// Font size in half-points, as `w:sz` wants it.
fn half_points(size: f32) -> u32 {
    (size * 2.0).round().max(2.0) as u32
}

/// `w:rPr` children of a text role in schema order: b, color, sz.
fn rpr(text: &TextStyle) -> String {
    let mut x = String::new();
    if text.bold {
        x.push_str("<w:b/><w:bCs/>");
    }
    let s = half_points(text.size);
    x.push_str(&format!(
        "<w:color w:val=\"{}\"/><w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>",
        text.color.hex()
    ));
    x
}

/// `w:spacing` of a text role: space before and after, and the line height
/// as a least height (so that a larger glyph is never clipped).
fn spacing(text: &TextStyle) -> String {
    spacing_with(text, text.space_before, text.space_after)
}

fn spacing_with(text: &TextStyle, before: f32, after: f32) -> String {
    format!(
        "<w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"{}\" w:lineRule=\"atLeast\"/>",
        twips(before).max(0),
        twips(after).max(0),
        twips(text.line_height()).max(1)
    )
}

/// A bottom border of `width` points in `color`, `gap` points below the text.
fn bottom_border(width: f32, color: &str, gap: f32) -> String {
    // Border widths are in eighths of a point (2 to 96); spaces in points.
    let eighths = ((width * 8.0).round() as u32).clamp(2, 96);
    format!(
        "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"{eighths}\" w:space=\"{}\" w:color=\"{color}\"/></w:pBdr>",
        gap.round().max(0.0) as u32
    )
}

fn style_defs(s: &StyleSheet) -> Vec<StyleDef> {
    let c = &s.cover;
    let measure = s.page.measure();
    let rule_length = (measure * c.rule_share).min(c.rule_max);
    let heading = |level: u8, id: &'static str, name: &'static str| {
        let text = &s.headings[usize::from(level) - 1];
        StyleDef {
            ppr: format!(
                "<w:keepNext/><w:keepLines/>{}<w:outlineLvl w:val=\"{}\"/>",
                spacing(text),
                level - 1
            ),
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
            ppr: format!(
                "<w:keepNext/>{}",
                spacing_with(
                    &c.title,
                    s.page.body_height() * c.top_share,
                    c.title.space_after
                )
            ),
            rpr: rpr(&c.title),
            ..paragraph("Title", "Title", Some(10))
        },
        StyleDef {
            ppr: format!("<w:keepNext/>{}", spacing_with(&c.subtitle, 0.0, 0.0)),
            rpr: rpr(&c.subtitle),
            ..paragraph("Subtitle", "Subtitle", Some(11))
        },
        // The accent rule under the title: an empty paragraph whose bottom
        // border is as long as the PDF's rule.
        StyleDef {
            ppr: format!(
                "<w:keepNext/>{}<w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"20\" w:lineRule=\"exact\"/><w:ind w:right=\"{}\"/>",
                bottom_border(c.rule_width, &c.rule_color.hex(), 0.0),
                twips(c.rule_space_before),
                twips(c.rule_space_after),
                twips(measure - rule_length).max(0)
            ),
            rpr: "<w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/>".into(),
            ..paragraph("CoverRule", "Cover Rule", None)
        },
        StyleDef {
            ppr: spacing(&c.line),
            rpr: rpr(&c.line),
            ..paragraph("CoverLine", "Cover Line", None)
        },
        heading(1, "Heading1", "heading 1"),
        heading(2, "Heading2", "heading 2"),
        heading(3, "Heading3", "heading 3"),
        StyleDef {
            ppr: spacing_with(&s.body, 0.0, s.lists.item_spacing),
            ..paragraph("ListParagraph", "List Paragraph", Some(34))
        },
        StyleDef {
            ppr: spacing_with(&s.table.text, 0.0, 0.0),
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
            ppr: format!(
                "{}{}",
                bottom_border(f.rule_width, &f.rule_color.hex(), f.rule_gap),
                spacing_with(&f.text, 0.0, 0.0)
            ),
            rpr: rpr(&f.text),
            ..paragraph("Header", "header", Some(99))
        },
        // The footer line on the left, the page label at a right tab stop
        // at the end of the measure: one line, as in the PDF.
        StyleDef {
            ppr: format!(
                "<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs>{}",
                twips(measure),
                spacing_with(&f.text, 0.0, 0.0)
            ),
            rpr: rpr(&f.text),
            ..paragraph("Footer", "footer", Some(99))
        },
        StyleDef {
            kind: "character",
            based_on: Some("DefaultParagraphFont"),
            next: None,
            rpr: format!(
                "<w:color w:val=\"{}\"/>{}",
                s.link_color.hex(),
                if s.underline_links {
                    "<w:u w:val=\"single\"/>"
                } else {
                    ""
                }
            ),
            ..paragraph("Hyperlink", "Hyperlink", Some(99))
        },
    ]
}

/// `w:widowControl` (Word's two lines kept together at a page break) when
/// the style sheet keeps two lines or more together, else nothing.
fn widow_control(s: &StyleSheet) -> String {
    if s.lines_kept_together >= 2 {
        "<w:widowControl/>".to_string()
    } else {
        String::new()
    }
}

/// `ppr` (children in schema order) with `w:bidi`, placed where CT_PPrBase
/// has it: after the borders, shading and tabs, before spacing, indents,
/// justification and outline level.
fn with_bidi(ppr: &str) -> String {
    let at = [
        "<w:adjustRightInd",
        "<w:snapToGrid",
        "<w:spacing",
        "<w:ind ",
        "<w:jc ",
        "<w:outlineLvl",
    ]
    .iter()
    .filter_map(|e| ppr.find(e))
    .min()
    .unwrap_or(ppr.len());
    format!("{}<w:bidi/>{}", &ppr[..at], &ppr[at..])
}

/// `w:rFonts`: the Latin slots name `latin`, the complex-script and East
/// Asian ones the families given, else nothing (the reader's default).
fn run_fonts(latin: &str, scripts: &ScriptFamilies) -> String {
    let mut x = format!("<w:rFonts w:ascii=\"{0}\" w:hAnsi=\"{0}\"", escape(latin));
    if let Some(f) = &scripts.east_asian {
        x.push_str(&format!(" w:eastAsia=\"{}\"", escape(f)));
    }
    if let Some(f) = &scripts.complex {
        x.push_str(&format!(" w:cs=\"{}\"", escape(f)));
    }
    x.push_str("/>");
    x
}

/// The whole styles part. `lang` is a checked language tag or empty; in a
/// right-to-left document every paragraph style is `w:bidi`.
pub(super) fn styles_xml(
    s: &StyleSheet,
    lang: &str,
    direction: Direction,
    scripts: &ScriptFamilies,
) -> String {
    let fonts = run_fonts(s.docx_font, scripts);
    let rtl = direction.is_rtl();
    let bidi = |ppr: &str| {
        if rtl { with_bidi(ppr) } else { ppr.to_string() }
    };
    let lang = if lang.is_empty() {
        String::new()
    } else {
        format!("<w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"{lang}\"/>")
    };
    let body = &s.body;
    let size = half_points(body.size);
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:docDefaults><w:rPrDefault><w:rPr>{fonts}\
         <w:color w:val=\"{color}\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>{lang}\
         </w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr>{spacing}</w:pPr></w:pPrDefault></w:docDefaults>",
        color = body.color.hex(),
        spacing = bidi(&(widow_control(s) + &spacing(body))),
    );
    for d in style_defs(s) {
        let default = if matches!(d.id, "Normal" | "DefaultParagraphFont") {
            " w:default=\"1\""
        } else {
            ""
        };
        x.push_str(&format!(
            "<w:style w:type=\"{}\"{default} w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            d.kind, d.id, d.name
        ));
        if let Some(b) = d.based_on {
            x.push_str(&format!("<w:basedOn w:val=\"{b}\"/>"));
        }
        if let Some(n) = d.next {
            x.push_str(&format!("<w:next w:val=\"{n}\"/>"));
        }
        if let Some(p) = d.priority {
            x.push_str(&format!("<w:uiPriority w:val=\"{p}\"/>"));
        }
        if d.id == "DefaultParagraphFont" {
            x.push_str("<w:semiHidden/><w:unhideWhenUsed/>");
        } else if d.id == "Hyperlink" {
            x.push_str("<w:unhideWhenUsed/>");
        } else {
            x.push_str("<w:qFormat/>");
        }
        let ppr = if d.kind == "paragraph" {
            bidi(&d.ppr)
        } else {
            d.ppr
        };
        if !ppr.is_empty() {
            x.push_str(&format!("<w:pPr>{ppr}</w:pPr>"));
        }
        if !d.rpr.is_empty() {
            x.push_str(&format!("<w:rPr>{}</w:rPr>", d.rpr));
        }
        x.push_str("</w:style>");
    }
    x.push_str("</w:styles>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::style::PageSize;

    #[test]
    fn sizes_and_colours_come_from_the_style_sheet() {
        let mut s = StyleSheet::for_page(PageSize::A4);
        let none = ScriptFamilies::default();
        let xml = styles_xml(&s, "fr-FR", Direction::Ltr, &none);
        assert!(xml.contains("w:styleId=\"Heading1\""));
        let h1 = &xml[xml.find("w:styleId=\"Heading1\"").unwrap()..];
        assert!(h1[..h1.find("</w:style>").unwrap()].contains("<w:sz w:val=\"32\"/>"));
        s.headings[0].size = 20.0;
        s.headings[0].color = crate::doc::style::Color::rgb8(0x12, 0x34, 0x56);
        let xml = styles_xml(&s, "", Direction::Ltr, &none);
        let h1 = &xml[xml.find("w:styleId=\"Heading1\"").unwrap()..];
        let h1 = &h1[..h1.find("</w:style>").unwrap()];
        assert!(
            h1.contains("<w:sz w:val=\"40\"/>") && h1.contains("w:val=\"123456\""),
            "{h1}"
        );
        assert!(!xml.contains("<w:lang"));
    }

    #[test]
    fn bidi_goes_where_the_schema_has_it() {
        assert_eq!(with_bidi(""), "<w:bidi/>");
        assert_eq!(
            with_bidi("<w:keepNext/><w:pBdr/><w:spacing w:before=\"0\"/><w:ind w:right=\"9\"/>"),
            "<w:keepNext/><w:pBdr/><w:bidi/><w:spacing w:before=\"0\"/><w:ind w:right=\"9\"/>"
        );
        assert_eq!(
            with_bidi("<w:tabs><w:tab w:val=\"right\"/></w:tabs>"),
            "<w:tabs><w:tab w:val=\"right\"/></w:tabs><w:bidi/>"
        );
    }
}
