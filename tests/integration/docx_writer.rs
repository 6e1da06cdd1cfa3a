//! Writes the sample briefing pack as DOCX and reads it back with the `zip`
//! crate and a real XML parser.

use crate::common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Read};

use common::sample::{self, HOSTILE, NAMES};
use roxmltree::{Document as Xml, Node};
use upr_brief::doc::style::StyleSheet;
use upr_brief::doc::{
    Block, Document, Furniture, HeadingLevel, Inline, LanguageTag, Metadata, PageLabel, Table, Url,
    is_rtl_char,
};
use upr_brief::export::docx::{DocxOptions, PartCache, docx, docx_in_build, docx_with_options};
use upr_brief::export::{PageSize, ScriptFamilies};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Every entry of the package, by name, in archive order.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            assert_eq!(
                file.compression(),
                zip::CompressionMethod::Deflated,
                "{} is not deflated",
                file.name()
            );
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8 part");
            (file.name().to_string(), text)
        })
        .collect()
}

fn parts(bytes: &[u8]) -> BTreeMap<String, String> {
    unzip(bytes).into_iter().collect()
}

fn w<'a>(node: Node<'a, 'a>, name: &str) -> Vec<Node<'a, 'a>> {
    node.descendants()
        .filter(|n| n.tag_name().namespace() == Some(W) && n.tag_name().name() == name)
        .collect()
}

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children()
        .find(|n| n.tag_name().namespace() == Some(W) && n.tag_name().name() == name)
}

fn val(node: Node, name: &str) -> Option<String> {
    child(node, name).and_then(|c| c.attribute((W, "val")).map(str::to_string))
}

/// The text of a paragraph: `w:t` contents, in order.
fn text(p: Node) -> String {
    w(p, "t").iter().filter_map(|t| t.text()).collect()
}

fn style_of(p: Node) -> Option<String> {
    child(p, "pPr").and_then(|ppr| val(ppr, "pStyle"))
}

fn numbering_of(p: Node) -> Option<(String, String)> {
    let num_pr = child(p, "pPr").and_then(|ppr| child(ppr, "numPr"))?;
    Some((val(num_pr, "numId")?, val(num_pr, "ilvl")?))
}

fn sample_docx() -> Vec<u8> {
    docx(&sample::sample(), &StyleSheet::for_page(PageSize::A4)).expect("docx")
}

#[test]
fn every_part_is_well_formed_xml_in_a_fixed_order() {
    let entries = unzip(&sample_docx());
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names[0], "[Content_Types].xml");
    assert_eq!(names[1], "_rels/.rels");
    for name in [
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "docProps/core.xml",
        "word/header1.xml",
        "word/footer1.xml",
    ] {
        assert!(names.contains(&name), "{name} is missing");
    }
    for (name, text) in &entries {
        Xml::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let unique: HashSet<&&str> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "duplicate zip entries");
}

#[test]
fn every_part_is_declared_and_dated_1980() {
    let bytes = sample_docx();
    let parts = parts(&bytes);
    let types = Xml::parse(&parts["[Content_Types].xml"]).unwrap();
    let overrides: HashSet<&str> = types
        .descendants()
        .filter_map(|n| n.attribute("PartName"))
        .collect();
    for name in parts.keys() {
        if !name.ends_with(".rels") && name != "[Content_Types].xml" {
            assert!(overrides.contains(format!("/{name}").as_str()), "{name}");
        }
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        assert_eq!(
            file.last_modified(),
            Some(zip::DateTime::default()),
            "{}",
            file.name()
        );
    }
}

/// Children of these elements must follow the order of the WordprocessingML
/// schema (ECMA-376 Part 1, CT_PPrBase, CT_RPr, CT_Style, CT_SectPr, CT_Settings
/// — only the members we can write are listed).
const SCHEMA_ORDER: &[(&str, &[&str])] = &[
    (
        "pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "widowControl",
            "numPr",
            "pBdr",
            "shd",
            "tabs",
            "bidi",
            "spacing",
            "ind",
            "jc",
            "outlineLvl",
            "rPr",
            "sectPr",
        ],
    ),
    (
        "rPr",
        &[
            "rStyle", "rFonts", "b", "bCs", "i", "iCs", "strike", "color", "sz", "szCs", "u",
            "rtl", "lang",
        ],
    ),
    (
        "style",
        &[
            "name",
            "basedOn",
            "next",
            "link",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
        ],
    ),
    (
        "sectPr",
        &[
            "headerReference",
            "footerReference",
            "pgSz",
            "pgMar",
            "pgNumType",
            "cols",
            "titlePg",
            "docGrid",
        ],
    ),
    (
        "settings",
        &[
            "zoom",
            "defaultTabStop",
            "characterSpacingControl",
            "compat",
        ],
    ),
    (
        "tblPr",
        &[
            "tblStyle",
            "bidiVisual",
            "tblW",
            "jc",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
        ],
    ),
    (
        "tcPr",
        &["tcW", "gridSpan", "vMerge", "tcBorders", "shd", "vAlign"],
    ),
];

#[test]
fn properties_follow_schema_order() {
    let docs = [sample_docx(), arabic_docx(&ScriptFamilies::default())];
    for (name, text) in docs.iter().flat_map(|d| unzip(d)) {
        if !name.starts_with("word/") || name.ends_with(".rels") {
            continue;
        }
        let xml = Xml::parse(&text).unwrap();
        for (parent, order) in SCHEMA_ORDER {
            for node in w(xml.root(), parent) {
                let children: Vec<&str> = node
                    .children()
                    .filter(|c| c.is_element())
                    .map(|c| c.tag_name().name())
                    .collect();
                let positions: Vec<usize> = children
                    .iter()
                    .map(|c| {
                        order.iter().position(|o| o == c).unwrap_or_else(|| {
                            panic!("{name}: unexpected {c} in {parent}: {children:?}")
                        })
                    })
                    .collect();
                assert!(
                    positions.windows(2).all(|p| p[0] < p[1]),
                    "{name}: {parent} children out of order: {children:?}"
                );
            }
        }
    }
}

#[test]
fn styles_are_real_and_unique() {
    let parts = parts(&sample_docx());
    let styles = Xml::parse(&parts["word/styles.xml"]).unwrap();
    let mut ids = HashMap::new();
    for style in w(styles.root(), "style") {
        let id = style.attribute((W, "styleId")).unwrap().to_string();
        *ids.entry(id).or_insert(0) += 1;
    }
    for (id, count) in &ids {
        assert_eq!(*count, 1, "style {id} defined {count} times");
    }
    let defaults: Vec<&str> = w(styles.root(), "style")
        .into_iter()
        .filter(|s| s.attribute((W, "default")) == Some("1"))
        .filter(|s| s.attribute((W, "type")) == Some("paragraph"))
        .filter_map(|s| s.attribute((W, "styleId")))
        .collect();
    assert_eq!(
        defaults,
        ["Normal"],
        "Normal is the one default paragraph style"
    );
    for (id, name, level) in [
        ("Heading1", "heading 1", Some("0")),
        ("Heading2", "heading 2", Some("1")),
        ("Heading3", "heading 3", Some("2")),
        ("Title", "Title", None),
    ] {
        let style = w(styles.root(), "style")
            .into_iter()
            .find(|s| s.attribute((W, "styleId")) == Some(id))
            .unwrap_or_else(|| panic!("no style {id}"));
        assert_eq!(val(style, "name").as_deref(), Some(name));
        let ppr = child(style, "pPr").unwrap();
        assert_eq!(val(ppr, "outlineLvl").as_deref(), level, "{id}");
        assert!(child(ppr, "keepNext").is_some(), "{id} keeps with next");
    }
    let link = w(styles.root(), "style")
        .into_iter()
        .find(|s| s.attribute((W, "styleId")) == Some("Hyperlink"))
        .expect("Hyperlink style");
    assert_eq!(link.attribute((W, "type")), Some("character"));

    // Body defaults: the Latin slots name the font (hAnsi covers
    // U+1EA0–1EFF); the others are the reader's unless given.
    let defaults = w(styles.root(), "rPrDefault")[0];
    let fonts = w(defaults, "rFonts")[0];
    for slot in ["ascii", "hAnsi"] {
        assert!(fonts.attribute((W, slot)).is_some(), "rFonts/{slot}");
    }
    for slot in ["eastAsia", "cs"] {
        assert!(fonts.attribute((W, slot)).is_none(), "rFonts/{slot}");
    }
    let lang = w(defaults, "lang")[0];
    assert_eq!(lang.attribute((W, "val")), Some("fr-FR"));

    // Every style a paragraph or run names is defined.
    for part in ["word/document.xml", "word/header1.xml", "word/footer1.xml"] {
        let xml = Xml::parse(&parts[part]).unwrap();
        for used in w(xml.root(), "pStyle")
            .into_iter()
            .chain(w(xml.root(), "rStyle"))
        {
            let id = used.attribute((W, "val")).unwrap();
            assert!(ids.contains_key(id), "{part} uses undefined style {id}");
        }
    }
}

#[test]
fn paragraphs_use_the_styles() {
    let parts = parts(&sample_docx());
    let document = Xml::parse(&parts["word/document.xml"]).unwrap();
    let styled: Vec<(String, String)> = w(document.root(), "p")
        .into_iter()
        .filter_map(|p| style_of(p).map(|s| (s, text(p))))
        .collect();
    let find = |style: &str, text: &str| styled.iter().any(|(s, t)| s == style && t.contains(text));
    assert!(find("Title", "Examen périodique universel"));
    assert!(find("Subtitle", "Note d'information"));
    assert!(find("Heading1", "1. Résumé"));
    // The page break after the cover starts the next page at the heading.
    let summary = w(document.root(), "p")
        .into_iter()
        .find(|p| text(*p) == "1. Résumé")
        .unwrap();
    assert!(child(child(summary, "pPr").unwrap(), "pageBreakBefore").is_some());
    assert!(
        w(document.root(), "br")
            .iter()
            .all(|b| b.attribute((W, "type")) != Some("page"))
    );
    assert!(find("Heading2", "1.1 Recommandations prioritaires"));
    assert!(find("Heading3", "1.1.1 Contexte"));
    assert!(find("Heading2", "1.2 Recomendaciones (español)"));
}

#[test]
fn lists_use_own_numbering_and_each_ordered_list_restarts() {
    let parts = parts(&sample_docx());
    let numbering = Xml::parse(&parts["word/numbering.xml"]).unwrap();
    let document = Xml::parse(&parts["word/document.xml"]).unwrap();

    let mut abstract_ids = HashSet::new();
    let mut abstract_format = HashMap::new();
    for a in w(numbering.root(), "abstractNum") {
        let id = a.attribute((W, "abstractNumId")).unwrap().to_string();
        assert!(abstract_ids.insert(id.clone()), "abstractNum {id} twice");
        let lvl0 = w(a, "lvl")[0];
        abstract_format.insert(id, val(lvl0, "numFmt").unwrap());
    }
    let mut nums: HashMap<String, (String, HashMap<String, String>)> = HashMap::new();
    for n in w(numbering.root(), "num") {
        let id = n.attribute((W, "numId")).unwrap().to_string();
        let abs = val(n, "abstractNumId").unwrap();
        assert!(abstract_ids.contains(&abs), "num {id} points nowhere");
        let overrides = w(n, "lvlOverride")
            .into_iter()
            .map(|o| {
                (
                    o.attribute((W, "ilvl")).unwrap().to_string(),
                    val(o, "startOverride").unwrap_or_default(),
                )
            })
            .collect();
        assert!(
            nums.insert(id.clone(), (abs, overrides)).is_none(),
            "num {id} twice"
        );
    }

    // Numbered items, in document order, as (numId, ilvl, text).
    let items: Vec<(String, String, String)> = w(document.root(), "p")
        .into_iter()
        .filter_map(|p| numbering_of(p).map(|(n, l)| (n, l, text(p))))
        .collect();
    for (num, _, _) in &items {
        let id: u32 = num.parse().unwrap();
        assert!(id >= 10, "list uses docx-rs's own numbering {id}");
        assert!(nums.contains_key(num));
    }
    let num_of = |needle: &str| {
        items
            .iter()
            .find(|(_, _, t)| t.contains(needle))
            .map(|(n, l, _)| (n.clone(), l.clone()))
            .unwrap_or_else(|| panic!("no list item {needle}"))
    };
    let format = |num: &str| abstract_format[&nums[num].0].clone();

    let (first, level) = num_of("Libérer Nguyễn Văn Đài");
    assert_eq!(level, "0");
    assert_eq!(format(&first), "decimal");
    assert_eq!(num_of("Abroger").0, first, "one list, one num");
    let (second, _) = num_of("Liberar a todas");
    assert_eq!(format(&second), "decimal");
    assert_ne!(first, second, "the second numbered list has its own num");
    assert_eq!(nums[&second].1.get("0").map(String::as_str), Some("1"));
    assert_eq!(nums[&first].1.get("0").map(String::as_str), Some("1"));

    let (bullets, _) = num_of("Détention arbitraire");
    assert_eq!(format(&bullets), "bullet");

    // The nested ordered list sits one level down, in its own num.
    let (nested, nested_level) = num_of("Sous-élément a");
    assert_eq!(nested_level, "1");
    assert_ne!(nested, first);
    assert_ne!(nested, second);
    assert_eq!(nums[&nested].1.get("1").map(String::as_str), Some("1"));
}

#[test]
fn table_header_repeats_and_rows_do_not_split() {
    let parts = parts(&sample_docx());
    let document = Xml::parse(&parts["word/document.xml"]).unwrap();
    let tables = w(document.root(), "tbl");
    assert_eq!(tables.len(), 1);
    let table = tables[0];
    let rows = w(table, "tr");
    assert_eq!(rows.len(), 61);
    let header = rows[0];
    let trpr = child(header, "trPr").unwrap();
    assert!(child(trpr, "tblHeader").is_some(), "header row repeats");
    assert!(w(header, "shd")[0].attribute((W, "fill")).is_some());
    for row in &rows[1..] {
        let trpr = child(*row, "trPr").unwrap();
        assert!(child(trpr, "tblHeader").is_none());
        assert!(child(trpr, "cantSplit").is_some());
        assert_eq!(w(*row, "tc").len(), 4);
    }
    // Full width: the grid adds up to the table width.
    let grid: u32 = w(table, "gridCol")
        .iter()
        .map(|g| g.attribute((W, "w")).unwrap().parse::<u32>().unwrap())
        .sum();
    let width: u32 = w(table, "tblW")[0]
        .attribute((W, "w"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(grid, width);
    assert_eq!(width, 11906 - 2 * 1247);
    assert!(text(rows[5]).contains(NAMES[5 % NAMES.len()]));
}

#[test]
fn text_survives_intact() {
    let parts = parts(&sample_docx());
    let document = Xml::parse(&parts["word/document.xml"]).unwrap();
    let all: String = w(document.root(), "p")
        .into_iter()
        .map(|p| text(p) + "\n")
        .collect();
    for name in NAMES {
        assert!(all.contains(name), "{name}");
    }
    assert!(all.contains("Luật An ninh mạng"));
    assert!(all.contains("Página de recomendaciones"));
    // Hostile text is literal; forbidden characters are gone.
    let expected: String = HOSTILE
        .chars()
        .filter(|c| !matches!(c, '\u{0}' | '\u{7}' | '\u{1B}' | '\u{FFFF}'))
        .collect();
    assert!(all.contains(&expected), "hostile text");
    assert!(all.contains(&sample::long_word()));
    // A tab became w:tab and a newline w:br.
    assert!(all.contains("Tabhere, linebreak."));
    // NFC: no combining marks anywhere.
    assert!(!all.chars().any(|c| ('\u{300}'..='\u{36F}').contains(&c)));

    let header = Xml::parse(&parts["word/header1.xml"]).unwrap();
    assert_eq!(
        text(w(header.root(), "p")[0]),
        "UPR Viet Nam 2024 — Nguyễn Văn Đài"
    );
}

#[test]
fn hyperlinks_resolve_to_external_relationships_in_order() {
    let parts = parts(&sample_docx());
    let document = Xml::parse(&parts["word/document.xml"]).unwrap();
    let rels = Xml::parse(&parts["word/_rels/document.xml.rels"]).unwrap();
    let relationships: Vec<Node> = rels
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .collect();
    let by_id: HashMap<&str, Node> = relationships
        .iter()
        .map(|r| (r.attribute("Id").unwrap(), *r))
        .collect();
    assert_eq!(
        by_id.len(),
        relationships.len(),
        "duplicate relationship ids"
    );

    let links = w(document.root(), "hyperlink");
    assert_eq!(links.len(), 2 + 60 + 1);
    for (i, link) in links.iter().enumerate() {
        let id = link.attribute((R, "id")).expect("r:id");
        assert_eq!(id, format!("rIdLink{}", i + 1), "ids in document order");
        let rel = by_id.get(id).expect("relationship exists");
        assert!(rel.attribute("Type").unwrap().ends_with("/hyperlink"));
        assert_eq!(rel.attribute("TargetMode"), Some("External"));
        let run_style = w(*link, "rStyle")[0].attribute((W, "val"));
        assert_eq!(run_style, Some("Hyperlink"));
    }
    assert_eq!(
        by_id["rIdLink1"].attribute("Target"),
        Some("https://www.ohchr.org/en/countries/viet-nam")
    );
    assert_eq!(
        by_id["rIdLink2"].attribute("Target"),
        Some("https://vi.wikipedia.org/wiki/Lu%E1%BA%ADt_An_ninh_m%E1%BA%A1ng_2018")
    );
    assert_eq!(
        by_id["rIdLink63"].attribute("Target"),
        Some("https://ex.org/a%20b?q=%3Cx%3E&r=%221%22")
    );
    // Every r:id used in the document resolves.
    for node in document.descendants() {
        if let Some(id) = node.attribute((R, "id")) {
            assert!(by_id.contains_key(id), "dangling {id}");
        }
    }
    // Sorted.
    let ids: Vec<&str> = relationships
        .iter()
        .map(|r| r.attribute("Id").unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| natord::compare(a, b));
    assert_eq!(ids, sorted);
}

#[test]
fn core_properties_carry_the_metadata_and_nothing_local() {
    let parts = parts(&sample_docx());
    let core = Xml::parse(&parts["docProps/core.xml"]).unwrap();
    let get = |name: &str| {
        core.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(
        get("title").as_deref(),
        Some("UPR Viet Nam — Note d'information")
    );
    assert_eq!(
        get("creator").as_deref(),
        Some("Defend the Defenders; Article 19")
    );
    assert_eq!(
        get("subject").as_deref(),
        Some("Examen périodique universel, 4e cycle")
    );
    assert_eq!(get("language").as_deref(), Some("fr"));
    assert_eq!(get("created").as_deref(), Some("1970-01-01T00:00:00Z"));
    assert_eq!(get("modified").as_deref(), Some("1970-01-01T00:00:00Z"));

    let package: String = parts.values().cloned().collect();
    for local in [std::env::var("USER").ok(), std::env::var("HOSTNAME").ok()]
        .into_iter()
        .flatten()
        .filter(|s| s.len() > 3)
    {
        assert!(!package.contains(&local), "{local} leaked into the package");
    }
    assert!(!package.contains("/work/"));

    let at = chrono::DateTime::parse_from_rfc3339("2024-03-21T09:30:00Z")
        .unwrap()
        .to_utc();
    let stamped = docx_with_options(
        &sample::sample(),
        &StyleSheet::for_page(PageSize::A4),
        &DocxOptions {
            timestamp: Some(at),
            ..DocxOptions::default()
        },
    )
    .unwrap();
    assert!(parts_of(&stamped, "docProps/core.xml").contains("2024-03-21T09:30:00Z"));
}

fn parts_of(bytes: &[u8], name: &str) -> String {
    parts(bytes).remove(name).unwrap()
}

#[test]
fn footer_has_page_and_numpages_fields() {
    let parts = parts(&sample_docx());
    let footer = Xml::parse(&parts["word/footer1.xml"]).unwrap();
    // One line, as in the PDF: the footer text, a tab to the right-aligned
    // tab stop, then the page label.
    let paragraphs = w(footer.root(), "p");
    assert_eq!(paragraphs.len(), 1);
    let label = paragraphs[0];
    let sequence: Vec<String> = label
        .descendants()
        .filter_map(|n| match n.tag_name().name() {
            "t" => n.text().map(|t| format!("t:{t}")),
            "tab" => Some("tab".into()),
            "instrText" => n.text().map(|t| format!("field:{}", t.trim())),
            _ => None,
        })
        .collect();
    assert_eq!(
        sequence,
        [
            "t:Préparé pour l'Ambassade de France — 21 mars 2024",
            "tab",
            "t:Page ",
            "field:PAGE",
            "t:1",
            "t: of ",
            "field:NUMPAGES",
            "t:1"
        ]
    );

    let mut spanish = sample::sample();
    spanish.furniture.page_label = "Página {page} de {pages}".into();
    let bytes = docx(&spanish, &StyleSheet::for_page(PageSize::Letter)).unwrap();
    let footer = parts_of(&bytes, "word/footer1.xml");
    let footer = Xml::parse(&footer).unwrap();
    let instr: Vec<&str> = w(footer.root(), "instrText")
        .iter()
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(instr, ["PAGE", "NUMPAGES"]);
    assert!(text(w(footer.root(), "p")[0]).contains("Página "));
    let document = parts_of(&bytes, "word/document.xml");
    assert!(document.contains("<w:pgSz w:w=\"12240\" w:h=\"15840\" />"));
}

#[test]
fn output_is_byte_identical_across_calls() {
    let doc = sample::sample();
    let first = docx(&doc, &StyleSheet::for_page(PageSize::A4)).unwrap();
    let second = docx(&doc, &StyleSheet::for_page(PageSize::A4)).unwrap();
    assert!(first == second, "two calls differ");
    // Another thread, with docx-rs's thread-local and global counters elsewhere.
    let third =
        std::thread::spawn(move || docx(&doc, &StyleSheet::for_page(PageSize::A4)).unwrap())
            .join()
            .unwrap();
    assert!(first == third, "a call on another thread differs");
}

/// The packages of one build share their deflated parts; the bytes are
/// those of a package written alone, whichever was written first.
#[test]
fn packages_of_one_build_are_those_written_alone() {
    let doc = sample::sample();
    let style = StyleSheet::for_page(PageSize::A4);
    let alone = docx(&doc, &style).unwrap();
    let build = PartCache::default();
    let options = DocxOptions::default();
    let fr = Document {
        meta: Metadata {
            language: LanguageTag::from("fr"),
            ..doc.meta.clone()
        },
        ..doc.clone()
    };
    let fr_alone = docx(&fr, &style).unwrap();
    for _ in 0..2 {
        assert!(docx_in_build(&doc, &style, &options, &build).unwrap() == alone);
        assert!(docx_in_build(&fr, &style, &options, &build).unwrap() == fr_alone);
    }
}

#[test]
fn degenerate_documents_do_not_panic() {
    let empty = Document::default();
    let bytes = docx(&empty, &StyleSheet::for_page(PageSize::A4)).unwrap();
    dump("empty.docx", &bytes);
    for (name, text) in unzip(&bytes) {
        Xml::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }

    let nasty = "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{7F}\u{9F}\u{FFFE}\u{FFFF}<>&\"'\u{10FFFF}";
    let nasty_inline = |link: Option<&str>| Inline {
        text: nasty.into(),
        bold: true,
        italic: true,
        // A hostile path in an allowed URL: the model percent-encodes it.
        link: link.and_then(|l| Url::parse(&format!("https://ex.org/{l}"))),
        lang: None,
        change: None,
        note: None,
    };
    let doc = Document {
        meta: Metadata {
            title: nasty.into(),
            subject: nasty.into(),
            author: nasty.into(),
            language: "not a tag <x>".into(),
        },
        furniture: Furniture {
            header: nasty.into(),
            footer: nasty.into(),
            page_label: "{page}{pages}{page".into(),
        },
        blocks: vec![
            Block::Heading {
                level: HeadingLevel::clamped(0),
                content: vec![],
            },
            Block::Heading {
                level: HeadingLevel::clamped(200),
                content: vec![nasty_inline(Some(nasty))],
            },
            Block::Paragraph(vec![]),
            Block::Paragraph(vec![nasty_inline(Some("")), nasty_inline(Some("   "))]),
            Block::List {
                ordered: true,
                start: 0,
                items: vec![],
            },
            Block::List {
                ordered: true,
                start: u32::MAX,
                items: vec![
                    vec![],
                    vec![Block::PageBreak],
                    vec![Block::Table(Table {
                        header: None,
                        rows: vec![],
                    })],
                ],
            },
            deep_list(20),
            Block::Table(Table {
                header: None,
                rows: vec![vec![], vec![vec![nasty_inline(None)]; 3]],
            }),
            Block::Table(Table {
                header: Some(vec![vec![]; 40]),
                rows: (0..500)
                    .map(|i| vec![vec![Inline::plain(i.to_string())]])
                    .collect(),
            }),
            Block::Cover(upr_brief::doc::Cover {
                title: Vec::new(),
                subtitle: vec![Inline::plain(nasty)],
                lines: vec![Vec::new(), vec![Inline::plain(nasty)]],
                logos: Vec::new(),
            }),
            Block::PageBreak,
            Block::PageBreak,
        ],
    };
    let bytes = docx(&doc, &StyleSheet::for_page(PageSize::Letter)).unwrap();
    dump("degenerate.docx", &bytes);
    for (name, text) in unzip(&bytes) {
        Xml::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let document = parts_of(&bytes, "word/document.xml");
    let document = Xml::parse(&document).unwrap();
    assert_eq!(w(document.root(), "tbl").len(), 2);
    // Header with no content: no tblHeader on the header-less table.
    assert_eq!(w(document.root(), "tblHeader").len(), 1);
    let numbering = parts_of(&bytes, "word/numbering.xml");
    assert!(numbering.contains("<w:startOverride w:val=\"32767\" />"));
    // List levels stop at 8.
    assert!(
        w(document.root(), "ilvl").iter().all(|l| l
            .attribute((W, "val"))
            .unwrap()
            .parse::<u32>()
            .unwrap()
            <= 8)
    );
}

/// Writes `bytes` to `$DOCX_DUMP_DIR/name` when that variable is set, for
/// opening the test documents in real clients.
fn dump(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("DOCX_DUMP_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn deep_list(depth: usize) -> Block {
    let mut block = Block::List {
        ordered: false,
        start: 1,
        items: vec![vec![Block::Paragraph(vec![Inline::plain("deepest")])]],
    };
    for d in 0..depth {
        block = Block::List {
            ordered: d % 2 == 0,
            start: 1,
            items: vec![vec![Block::Paragraph(vec![Inline::plain("level")]), block]],
        };
    }
    block
}

fn arabic_span(text: &str) -> Inline {
    Inline::plain(text)
}

/// A briefing pack in Arabic, built in code: right to left, with an
/// English quote, a French word, bold, italic, lists and a table.
fn arabic() -> Document {
    let cell = |t: &str| vec![arabic_span(t)];
    Document {
        meta: Metadata {
            title: "إحاطة للسفارة".into(),
            language: LanguageTag::from("ar"),
            ..Metadata::default()
        },
        furniture: Furniture {
            header: "فييت نام — الاستعراض الدوري الشامل".into(),
            footer: "أُعدّت من أجل: سفارة السويد".into(),
            page_label: PageLabel::parse("الصفحة {page} من {pages}"),
        },
        blocks: vec![
            Block::Heading {
                level: HeadingLevel::H1,
                content: vec![arabic_span("توصياتنا")],
            },
            Block::Paragraph(vec![
                arabic_span("تعديل قانون الأمن السيبراني (Luật An ninh mạng) لعام 2018 "),
                Inline {
                    bold: true,
                    ..arabic_span("فوراً")
                },
                arabic_span(" و"),
                Inline {
                    italic: true,
                    ..arabic_span("دون شروط")
                },
            ]),
            Block::Paragraph(vec![
                arabic_span("توصية سابقة: «"),
                Inline::plain("Take steps to guarantee freedom of expression")
                    .in_language(LanguageTag::from("en")),
                arabic_span("»"),
            ]),
            // No right-to-left letter: this paragraph reads left to right.
            Block::Paragraph(vec![Inline::plain(
                "Release bloggers (2024): https://example.org",
            )]),
            Block::List {
                ordered: true,
                start: 1,
                items: vec![
                    vec![Block::Paragraph(cell("الإفراج عن المدونين"))],
                    vec![Block::Paragraph(cell("إلغاء المادة 117"))],
                ],
            },
            Block::List {
                ordered: false,
                start: 1,
                items: vec![vec![Block::Paragraph(cell("المراقبة على الإنترنت"))]],
            },
            Block::Table(Table {
                header: Some(vec![cell("الدولة"), cell("الرد")]),
                rows: vec![vec![cell("السويد"), cell("مؤيَّدة")]],
            }),
        ],
    }
}

fn arabic_docx(fonts: &ScriptFamilies) -> Vec<u8> {
    let options = DocxOptions {
        script_fonts: fonts.clone(),
        ..DocxOptions::default()
    };
    let bytes =
        docx_with_options(&arabic(), &StyleSheet::for_page(PageSize::A4), &options).expect("docx");
    dump("arabic.docx", &bytes);
    bytes
}

/// The text of a run: its `w:t` contents.
fn run_text(r: Node) -> String {
    w(r, "t").iter().filter_map(|t| t.text()).collect()
}

fn has_rpr(r: Node, name: &str) -> bool {
    child(r, "rPr").and_then(|rpr| child(rpr, name)).is_some()
}

#[test]
fn a_right_to_left_document_runs_right_to_left() {
    let all = parts(&arabic_docx(&ScriptFamilies::default()));
    for name in ["word/document.xml", "word/header1.xml", "word/footer1.xml"] {
        let xml = Xml::parse(&all[name]).unwrap();
        let paragraphs = w(xml.root(), "p");
        assert!(!paragraphs.is_empty(), "{name}");
        for p in paragraphs {
            // Each reads right to left, whatever its text (one of Latin
            // text alone too), as the PDF's layout sets it.
            let bidi = child(p, "pPr").and_then(|ppr| child(ppr, "bidi"));
            let bidi = bidi.map(|b| b.attribute((W, "val")));
            assert_eq!(bidi, Some(None), "{name}: {}", text(p));
        }
        for r in w(xml.root(), "r") {
            let t = run_text(r);
            if t.chars().any(is_rtl_char) {
                assert!(has_rpr(r, "rtl"), "{name}: {t:?} without w:rtl");
            } else {
                assert!(!has_rpr(r, "rtl"), "{name}: {t:?} with w:rtl");
            }
        }
    }
    let document = Xml::parse(&all["word/document.xml"]).unwrap();
    assert!(!all["word/document.xml"].contains("<w:bidi w:val=\"0\"/>"));
    // Arabic emphasis, which has no italic, is bold, as in the PDF.
    let emphasis = w(document.root(), "r")
        .into_iter()
        .find(|r| run_text(*r) == "دون شروط")
        .unwrap();
    assert!(has_rpr(emphasis, "b") && !has_rpr(emphasis, "i"));
    // Arabic and Latin text in one span become runs of their own.
    let runs: Vec<String> = w(document.root(), "r").into_iter().map(run_text).collect();
    assert!(
        runs.contains(&"Luật An ninh mạng) ".to_string()),
        "{runs:?}"
    );
    let tables = w(document.root(), "tbl");
    assert_eq!(tables.len(), 1);
    for t in tables {
        let tbl_pr = child(t, "tblPr").unwrap();
        let first = tbl_pr.children().find(|c| c.is_element()).unwrap();
        assert_eq!(first.tag_name().name(), "bidiVisual");
    }
    // Every paragraph style, and the defaults, run right to left too.
    let styles = Xml::parse(&all["word/styles.xml"]).unwrap();
    for s in w(styles.root(), "style") {
        let id = s.attribute((W, "styleId")).unwrap();
        let bidi = child(s, "pPr").and_then(|ppr| child(ppr, "bidi"));
        let paragraph = s.attribute((W, "type")) == Some("paragraph");
        assert_eq!(bidi.is_some(), paragraph, "{id}");
    }
    let defaults = w(styles.root(), "pPrDefault")[0];
    // Widow control on for every paragraph, first of the defaults.
    let first = defaults.descendants().filter(|n| n.is_element()).nth(2);
    assert_eq!(first.map(|n| n.tag_name().name()), Some("widowControl"));
    assert_eq!(w(defaults, "bidi").len(), 1);
    // The document's language in every slot of the defaults.
    let lang = w(w(styles.root(), "rPrDefault")[0], "lang")[0];
    for slot in ["val", "bidi", "eastAsia"] {
        assert_eq!(lang.attribute((W, slot)), Some("ar-SA"), "w:lang/{slot}");
    }
    // The English quote says so, set apart as one left-to-right run with
    // its quotation marks, between left-to-right marks; nothing else has
    // a language of its own.
    let with_lang: Vec<(String, Option<&str>)> = w(document.root(), "r")
        .into_iter()
        .filter_map(|r| {
            let l = child(r, "rPr").and_then(|rpr| child(rpr, "lang"))?;
            Some((run_text(r), l.attribute((W, "val"))))
        })
        .collect();
    assert_eq!(
        with_lang,
        [(
            "\u{200E}«Take steps to guarantee freedom of expression»\u{200E}".to_string(),
            Some("en-GB")
        )]
    );
}

#[test]
fn a_left_to_right_document_has_nothing_right_to_left() {
    for (name, text) in unzip(&sample_docx()) {
        for tag in ["<w:bidi", "<w:rtl", "<w:bidiVisual", "<w:fitText"] {
            assert!(!text.contains(tag), "{name} has {tag}");
        }
    }
}

#[test]
fn complex_script_twins_go_with_every_bold_italic_and_size() {
    let twins = [("b", "bCs"), ("i", "iCs"), ("sz", "szCs")];
    for bytes in [sample_docx(), arabic_docx(&ScriptFamilies::default())] {
        let mut seen = 0;
        for (name, text) in unzip(&bytes) {
            if !name.starts_with("word/") || name.ends_with(".rels") {
                continue;
            }
            let xml = Xml::parse(&text).unwrap();
            for rpr in w(xml.root(), "rPr") {
                for (plain, twin) in twins {
                    if let Some(p) = child(rpr, plain) {
                        seen += 1;
                        let t = child(rpr, twin)
                            .unwrap_or_else(|| panic!("{name}: w:{plain} without w:{twin}"));
                        assert_eq!(
                            t.attribute((W, "val")),
                            p.attribute((W, "val")),
                            "{name}: w:{twin}"
                        );
                    }
                }
            }
        }
        assert!(seen > 10, "only {seen} bold, italic or size properties");
    }
}

#[test]
fn a_span_in_another_language_carries_its_own_lang() {
    let doc = Document {
        meta: Metadata {
            language: LanguageTag::from("en"),
            ..Metadata::default()
        },
        blocks: vec![Block::Paragraph(vec![
            Inline::plain("The French delegation said "),
            Inline {
                italic: true,
                ..Inline::plain("liberté d'expression").in_language(LanguageTag::from("fr"))
            },
            Inline::plain(" and the Swedish name is "),
            Inline::plain("السويد").in_language(LanguageTag::from("ar")),
            Inline::plain("; this is ").in_language(LanguageTag::from("en")),
            Inline::plain("English."),
        ])],
        ..Document::default()
    };
    let bytes = docx(&doc, &StyleSheet::for_page(PageSize::A4)).unwrap();
    let xml = parts_of(&bytes, "word/document.xml");
    let xml = Xml::parse(&xml).unwrap();
    let runs: Vec<(String, Option<String>, bool)> = w(xml.root(), "r")
        .into_iter()
        .map(|r| {
            let lang = child(r, "rPr").and_then(|rpr| child(rpr, "lang")).map(|l| {
                let val = l.attribute((W, "val")).unwrap();
                for slot in ["bidi", "eastAsia"] {
                    assert_eq!(l.attribute((W, slot)), Some(val));
                }
                val.to_string()
            });
            (run_text(r), lang, has_rpr(r, "rtl"))
        })
        .collect();
    let expected: Vec<(String, Option<String>, bool)> = [
        ("The French delegation said ", None, false),
        ("liberté d'expression", Some("fr-FR"), false),
        (" and the Swedish name is ", None, false),
        ("\u{200F}السويد\u{200F}", Some("ar-SA"), true),
        // The document's own language needs no mark.
        ("; this is ", None, false),
        ("English.", None, false),
    ]
    .into_iter()
    .map(|(t, l, r)| (t.to_string(), l.map(str::to_string), r))
    .collect();
    assert_eq!(runs, expected);
    // An Arabic word in an English document does not turn its paragraph.
    assert!(w(xml.root(), "bidi").is_empty());
}

#[test]
fn script_fonts_name_the_complex_and_east_asian_slots() {
    let fonts = ScriptFamilies {
        complex: Some("Noto Naskh Arabic".into()),
        east_asian: Some("Noto Sans CJK SC".into()),
    };
    let styles = parts_of(&arabic_docx(&fonts), "word/styles.xml");
    let styles = Xml::parse(&styles).unwrap();
    let defaults = w(styles.root(), "rPrDefault")[0];
    let r_fonts = w(defaults, "rFonts")[0];
    let slot = |s: &str| r_fonts.attribute((W, s));
    assert_eq!(slot("cs"), Some("Noto Naskh Arabic"));
    assert_eq!(slot("eastAsia"), Some("Noto Sans CJK SC"));
    assert_eq!(
        slot("ascii"),
        Some(StyleSheet::for_page(PageSize::A4).docx_font)
    );
    assert_eq!(slot("hAnsi"), slot("ascii"));
    let only_cs = ScriptFamilies {
        complex: Some("Noto Naskh Arabic".into()),
        east_asian: None,
    };
    let styles = parts_of(&arabic_docx(&only_cs), "word/styles.xml");
    assert!(styles.contains("w:cs=\"Noto Naskh Arabic\"") && !styles.contains("w:eastAsia=\"N"));
}
