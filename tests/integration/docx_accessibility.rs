//! The rules of Word's accessibility checker that the XML decides, on every
//! DOCX `build` writes for the example and hostile campaigns: a title, the
//! document's language, headings without a skipped level, header rows
//! marked and no merged cells, alternative text on pictures, link text that
//! is not a bare address where a name exists, and text contrast (WCAG 2:
//! 4.5:1, 3:1 for large text). Each rule also fails on a pack broken on
//! purpose. `scripts/conformance.py` checks the same rules in CI.

use crate::common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Read};
use std::sync::OnceLock;

use roxmltree::{Document as Xml, Node};
use upr_brief::doc::style::{Color, min_contrast};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const DC: &str = "http://purl.org/dc/elements/1.1/";

pub(crate) type Parts = BTreeMap<String, String>;

pub(crate) fn parts(bytes: &[u8]) -> Parts {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Parts::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            out.insert(name, text);
        }
    }
    out
}

/// The DOCX files of a build of `inputs` (a folder under the crate), by
/// file stem; built once per test run.
fn built(inputs: &'static str) -> &'static BTreeMap<String, Parts> {
    static EXAMPLE: OnceLock<BTreeMap<String, Parts>> = OnceLock::new();
    static HOSTILE: OnceLock<BTreeMap<String, Parts>> = OnceLock::new();
    let cell = if inputs == "inputs" {
        &EXAMPLE
    } else {
        &HOSTILE
    };
    cell.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(inputs);
        let (code, log) = common::build(&folder, out.path(), &["--format", "docx"]);
        assert_eq!(code, 0, "{log}");
        let mut docs = BTreeMap::new();
        for entry in std::fs::read_dir(out.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "docx") {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                docs.insert(stem, parts(&std::fs::read(&path).unwrap()));
            }
        }
        docs
    })
}

fn example() -> &'static BTreeMap<String, Parts> {
    built("inputs")
}

fn hostile() -> &'static BTreeMap<String, Parts> {
    built("tests/fixtures/hostile")
}

fn is_w(n: Node, name: &str) -> bool {
    n.tag_name().namespace() == Some(W) && n.tag_name().name() == name
}

fn all<'a>(node: Node<'a, 'a>, name: &str) -> Vec<Node<'a, 'a>> {
    node.descendants().filter(|n| is_w(*n, name)).collect()
}

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|n| is_w(*n, name))
}

fn val<'a>(node: Node<'a, 'a>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| c.attribute((W, "val")))
}

fn text(node: Node) -> String {
    all(node, "t").iter().filter_map(|t| t.text()).collect()
}

fn hex(v: &str) -> Option<Color> {
    if v.len() != 6 || !v.chars().all(|c| c.is_ascii_hexdigit()) {
        return None; // `auto`: Word chooses black or white
    }
    let byte = |i: usize| u8::from_str_radix(&v[i..i + 2], 16).unwrap();
    Some(Color::rgb8(byte(0), byte(2), byte(4)))
}

/// What a `w:rPr` sets: colour (`Some(None)` for `auto`), size in points, bold.
#[derive(Clone, Copy, Default)]
struct Look {
    color: Option<Option<Color>>,
    size: Option<f32>,
    bold: Option<bool>,
}

impl Look {
    fn of(rpr: Option<Node>) -> Look {
        let Some(rpr) = rpr else {
            return Look::default();
        };
        Look {
            color: val(rpr, "color").map(hex),
            size: val(rpr, "sz").and_then(|s| s.parse::<f32>().ok().map(|h| h / 2.0)),
            bold: child(rpr, "b").map(|b| !matches!(b.attribute((W, "val")), Some("0" | "false"))),
        }
    }

    /// `self` with what `over` sets on top.
    fn then(self, over: Look) -> Look {
        Look {
            color: over.color.or(self.color),
            size: over.size.or(self.size),
            bold: over.bold.or(self.bold),
        }
    }
}

/// The styles part, resolved: each style's look (its basedOn chain and the
/// defaults) and outline level.
struct Styles {
    looks: HashMap<String, Look>,
    outline: HashMap<String, u32>,
    defaults: Look,
    language: Option<String>,
}

impl Styles {
    fn new(xml: &str) -> Styles {
        let doc = Xml::parse(xml).unwrap();
        let defaults_rpr = all(doc.root(), "rPrDefault")
            .first()
            .and_then(|d| child(*d, "rPr"));
        let language = defaults_rpr
            .and_then(|rpr| val(rpr, "lang"))
            .map(str::to_string);
        let defaults = Look {
            size: Some(10.0),
            bold: Some(false),
            color: Some(None),
        }
        .then(Look::of(defaults_rpr));
        let styles: HashMap<&str, Node> = all(doc.root(), "style")
            .into_iter()
            .filter_map(|s| Some((s.attribute((W, "styleId"))?, s)))
            .collect();
        let mut looks = HashMap::new();
        let mut outline = HashMap::new();
        for id in styles.keys() {
            let mut chain = Vec::new();
            let mut at = Some(*id);
            while let Some(s) = at.and_then(|i| styles.get(i)) {
                if chain.len() > 16 {
                    break;
                }
                chain.push(*s);
                at = val(*s, "basedOn");
            }
            let mut look = Look::default();
            for s in chain.iter().rev() {
                look = look.then(Look::of(child(*s, "rPr")));
                if let Some(level) = child(*s, "pPr")
                    .and_then(|p| val(p, "outlineLvl"))
                    .and_then(|l| l.parse::<u32>().ok())
                {
                    outline.insert(id.to_string(), level + 1);
                }
            }
            looks.insert(id.to_string(), look);
        }
        Styles {
            looks,
            outline,
            defaults,
            language,
        }
    }

    fn look(&self, id: Option<&str>) -> Look {
        id.and_then(|i| self.looks.get(i))
            .copied()
            .unwrap_or_default()
    }
}

/// The relationship targets of a part, by id.
fn targets(rels: Option<&String>) -> HashMap<String, String> {
    let Some(rels) = rels else {
        return HashMap::new();
    };
    let doc = Xml::parse(rels).unwrap();
    doc.descendants()
        .filter_map(|r| Some((r.attribute("Id")?.into(), r.attribute("Target")?.into())))
        .collect()
}

fn looks_like_address(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    !t.contains(char::is_whitespace)
        && ["http://", "https://", "ftp://", "www.", "mailto:"]
            .iter()
            .any(|p| t.starts_with(p))
}

/// The same address, give or take the scheme, `www.` and a final slash.
fn same_address(a: &str, b: &str) -> bool {
    let norm = |u: &str| {
        let u = u.trim().to_ascii_lowercase();
        let u = u
            .split_once("://")
            .map_or(u.clone(), |(_, rest)| rest.into());
        let u = u.strip_prefix("www.").unwrap_or(&u).to_string();
        u.trim_end_matches('/').to_string()
    };
    norm(a) == norm(b)
}

/// The rules, on a package's parts by name; what breaks them, described.
pub(crate) fn problems(parts: &Parts) -> Vec<String> {
    let mut out = Vec::new();
    let core = Xml::parse(&parts["docProps/core.xml"]).unwrap();
    let title = core
        .descendants()
        .find(|n| n.tag_name().namespace() == Some(DC) && n.tag_name().name() == "title")
        .and_then(|t| t.text())
        .unwrap_or_default();
    if title.trim().is_empty() {
        out.push("no title".to_string());
    }
    let styles = Styles::new(&parts["word/styles.xml"]);
    if styles.language.as_deref().is_none_or(str::is_empty) {
        out.push("no language".to_string());
    }
    let white = Color::WHITE;
    for (id, look) in &styles.looks {
        let look = styles.defaults.then(*look);
        check_contrast(&mut out, &format!("style {id}"), look, white);
    }
    if let Some(numbering) = parts.get("word/numbering.xml") {
        let doc = Xml::parse(numbering).unwrap();
        for lvl in all(doc.root(), "lvl") {
            let look = styles.defaults.then(Look::of(child(lvl, "rPr")));
            check_contrast(&mut out, "a list marker", look, white);
        }
    }

    for (name, xml) in parts {
        let story = name == "word/document.xml"
            || (name.starts_with("word/header") || name.starts_with("word/footer"))
                && name.ends_with(".xml");
        if !story {
            continue;
        }
        let doc = Xml::parse(xml).unwrap();
        let root = doc.root();
        if name == "word/document.xml" {
            let mut previous = 0;
            for p in all(root, "p") {
                let style = child(p, "pPr").and_then(|ppr| val(ppr, "pStyle"));
                if let Some(level) = style.and_then(|s| styles.outline.get(s)) {
                    if *level > previous + 1 {
                        out.push(format!("heading skips from {previous} to {level}"));
                    }
                    previous = *level;
                }
            }
        }
        for (n, table) in all(root, "tbl").into_iter().enumerate() {
            let merged = all(table, "vMerge").len()
                + all(table, "gridSpan")
                    .iter()
                    .filter(|g| g.attribute((W, "val")).is_some_and(|v| v != "1"))
                    .count();
            if merged > 0 {
                out.push(format!("table {n} has merged cells"));
            }
            let rows: Vec<Node> = table.children().filter(|r| is_w(*r, "tr")).collect();
            let marked: Vec<bool> = rows
                .iter()
                .map(|r| {
                    child(*r, "trPr")
                        .and_then(|p| child(p, "tblHeader"))
                        .is_some()
                })
                .collect();
            if marked.windows(2).any(|w| w[1] && !w[0]) {
                out.push(format!("table {n} marks a header row below the first"));
            }
            let shaded_first = rows.first().is_some_and(|r| {
                let cells = all(*r, "tc");
                !cells.is_empty() && cells.iter().all(|c| !all(*c, "shd").is_empty())
            });
            if rows.len() > 1 && shaded_first && !marked[0] {
                out.push(format!("table {n} has an unmarked header row"));
            }
        }
        for pr in root
            .descendants()
            .filter(|n| n.tag_name().namespace() == Some(WP) && n.tag_name().name() == "docPr")
        {
            if pr.attribute("descr").unwrap_or_default().trim().is_empty() {
                out.push("a picture without alternative text".to_string());
            }
        }
        let rels = targets(parts.get(&format!("word/_rels/{}.rels", &name[5..])));
        let links: Vec<(String, String)> = all(root, "hyperlink")
            .iter()
            .filter_map(|h| Some((text(*h), rels.get(h.attribute((R, "id"))?)?.clone())))
            .collect();
        let named: HashSet<&str> = links
            .iter()
            .filter(|(t, _)| !t.trim().is_empty() && !looks_like_address(t))
            .map(|(_, target)| target.as_str())
            .collect();
        for (t, target) in &links {
            if t.trim().is_empty() {
                out.push(format!("a link to {target} without text"));
            } else if looks_like_address(t) && !same_address(t, target) {
                out.push(format!("link text {t} is not its target {target}"));
            } else if looks_like_address(t) && named.contains(target.as_str()) {
                out.push(format!("a bare address {t} that another link names"));
            }
        }
        for p in all(root, "p") {
            let background = p
                .ancestors()
                .find(|a| is_w(*a, "tc"))
                .and_then(|tc| child(tc, "tcPr"))
                .and_then(|pr| child(pr, "shd"))
                .and_then(|s| s.attribute((W, "fill")))
                .and_then(hex)
                .unwrap_or(white);
            let style = child(p, "pPr").and_then(|ppr| val(ppr, "pStyle"));
            for run in all(p, "r") {
                if text(run).trim().is_empty() {
                    continue;
                }
                let rpr = child(run, "rPr");
                let look = styles
                    .defaults
                    .then(styles.look(style))
                    .then(styles.look(rpr.and_then(|r| val(r, "rStyle"))))
                    .then(Look::of(rpr));
                check_contrast(&mut out, &format!("{:?}", text(run)), look, background);
            }
        }
    }
    out
}

fn check_contrast(out: &mut Vec<String>, what: &str, look: Look, background: Color) {
    let Some(Some(color)) = look.color else {
        return;
    };
    let ratio = color.contrast(background);
    let least = min_contrast(look.size.unwrap_or(10.0), look.bold.unwrap_or(false));
    if ratio < least {
        out.push(format!(
            "contrast of {what}: #{} on #{} is {ratio:.2}:1",
            color.hex(),
            background.hex()
        ));
    }
}

#[test]
fn every_docx_of_the_example_and_hostile_campaigns_passes() {
    for (set, docs) in [("example", example()), ("hostile", hostile())] {
        assert!(docs.contains_key("summary") && docs.contains_key("submission"));
        assert!(docs.len() >= 6, "{set}: {:?}", docs.keys());
        for (stem, parts) in docs {
            assert_eq!(problems(parts), Vec::<String>::new(), "{set}/{stem}");
        }
    }
}

/// Every hyperlink of a package: its text and target.
fn links(parts: &Parts) -> Vec<(String, String)> {
    let rels = targets(parts.get("word/_rels/document.xml.rels"));
    let doc = Xml::parse(&parts["word/document.xml"]).unwrap();
    all(doc.root(), "hyperlink")
        .iter()
        .map(|h| {
            let id = h.attribute((R, "id")).unwrap();
            (text(*h), rels[id].clone())
        })
        .collect()
}

#[test]
fn a_link_shows_its_title_where_the_inputs_have_one() {
    // The example's inputs name everything they link to: coalition members
    // their websites, sources their addresses.
    for (stem, parts) in example() {
        for (text, target) in links(parts) {
            assert!(!looks_like_address(&text), "{stem}: {text} → {target}");
        }
    }
    let foc = links(&example()["2024-03-19-foc"]);
    assert!(foc.contains(&(
        "Legal Initiatives for Vietnam".to_string(),
        "https://www.liv.ngo".to_string()
    )));
    // The hostile campaign's bare addresses are the ones its authors wrote
    // without a title: in running text, and a source titled by its address.
    let lien_minh = links(&hostile()["2024-04-01-lien-minh"]);
    let bare: HashSet<&str> = lien_minh
        .iter()
        .filter(|(t, _)| looks_like_address(t))
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(bare.len(), 1, "{bare:?}");
    assert!(bare.iter().all(|t| t.contains("download?token=")));
    for (member, address) in [
        ("Tiếng Nói Tự Do", "member=tieng-noi"),
        ("Dân Luật", "section-00"),
    ] {
        assert!(
            lien_minh
                .iter()
                .any(|(t, u)| t.starts_with(member) && u.contains(address)),
            "{member} is named, not its address"
        );
    }
}

/// The FOC pack with `from` replaced by `to` (each once) in part `name`.
fn broken(name: &str, from: &str, to: &str) -> Vec<String> {
    let mut parts = example()["2024-03-19-foc"].clone();
    let part = parts.get_mut(name).unwrap();
    assert!(part.contains(from), "{from} not in {name}");
    *part = part.replacen(from, to, 1);
    problems(&parts)
}

fn fails_with(problems: Vec<String>, expected: &str) {
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "expected {expected:?} in {problems:?}"
    );
}

#[test]
fn each_rule_fails_on_a_pack_broken_on_purpose() {
    let core = &example()["2024-03-19-foc"]["docProps/core.xml"];
    let title = &core[core.find("<dc:title>").unwrap()..core.find("</dc:title>").unwrap()];
    fails_with(broken("docProps/core.xml", title, "<dc:title>"), "no title");
    fails_with(
        broken(
            "word/styles.xml",
            "<w:lang w:val=\"en",
            "<w:lang w:val=\"\" x=\"",
        ),
        "no language",
    );
    fails_with(
        broken(
            "word/document.xml",
            "<w:pStyle w:val=\"Heading2\" />",
            "<w:pStyle w:val=\"Heading3\" />",
        ),
        "heading skips from 1 to 3",
    );
    fails_with(
        broken("word/document.xml", "<w:tblHeader />", ""),
        "unmarked header row",
    );
    fails_with(
        broken(
            "word/document.xml",
            "<w:tcW ",
            "<w:gridSpan w:val=\"2\" /><w:tcW ",
        ),
        "merged cells",
    );
    fails_with(
        broken("word/document.xml", "<w:tcW ", "<w:vMerge /><w:tcW "),
        "merged cells",
    );
    fails_with(
        broken("word/document.xml", "descr=\"Legal", "descr=\" \" x=\""),
        "without alternative text",
    );
    fails_with(
        broken(
            "word/document.xml",
            ">Legal Initiatives for Vietnam</w:t></w:r></w:hyperlink>",
            ">https://opennet.or.kr</w:t></w:r></w:hyperlink>",
        ),
        "is not its target",
    );
    fails_with(
        broken(
            "word/document.xml",
            ">Legal Initiatives for Vietnam</w:t></w:r></w:hyperlink>",
            ">https://www.liv.ngo/</w:t></w:r></w:hyperlink><w:hyperlink r:id=\"rIdLink1\"><w:r><w:t>LIV</w:t></w:r></w:hyperlink>",
        ),
        "another link names",
    );
    // A muted grey lighter than #767676 fails at the subtitle's 15 pt.
    fails_with(
        broken("word/styles.xml", "5A5F66", "8A8F96"),
        "contrast of style Subtitle",
    );
    // The accent as it was: enough on white, too little on the header fill.
    fails_with(
        broken(
            "word/document.xml",
            "<w:pStyle w:val=\"TableHeader\" /></w:pPr><w:r>",
            "<w:pStyle w:val=\"TableHeader\" /></w:pPr><w:r><w:rPr><w:color w:val=\"2E6DA4\" /></w:rPr>",
        ),
        "on #E3E9F1",
    );
    fails_with(
        broken("word/numbering.xml", "2D6CA3", "9DB5D0"),
        "a list marker",
    );
}
