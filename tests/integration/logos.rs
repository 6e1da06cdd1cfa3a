//! Coalition logos on the covers of packs and the submission, read back: the
//! PDF's image XObjects (with a soft mask for transparency) drawn at the
//! common height on page 1, the DOCX's media parts and drawings with their
//! alternative text; a corrupt logo is a located error; a cover without
//! logos is laid out as before.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use common::{Campaign, build, example_inputs, run, tool};
use lopdf::Object;
use upr_brief::doc::style::StyleSheet;

const LIV: &str = "Legal Initiatives for Vietnam";
const OPENNET: &str = "OpenNet Korea";

/// A PNG of `w` × `h` pixels, half transparent, made with the `png` encoder.
pub fn png_logo(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    let data: Vec<u8> = (0..w * h).flat_map(|_| [shade, 0x40, 0x80, 0x80]).collect();
    writer.write_image_data(&data).unwrap();
    writer.finish().unwrap();
    out
}

fn example_build() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&example_inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    out
}

/// A picture drawn on a page: its XObject's dictionary and the size and
/// alternative text it is drawn with.
struct Drawn {
    xobject: lopdf::Dictionary,
    width: f32,
    height: f32,
    alt: Option<String>,
}

/// The pictures drawn on each page (from 1), from the `cm` and `Do`
/// operators of its content and the `/Figure` span around them.
fn drawn_pictures(path: &Path) -> BTreeMap<u32, Vec<Drawn>> {
    let pdf = lopdf::Document::load(path).unwrap();
    let mut pages = BTreeMap::new();
    for (number, id) in pdf.get_pages() {
        let content = lopdf::content::Content::decode(&pdf.get_page_content(id)).unwrap();
        let page = pdf.get_dictionary(id).unwrap();
        let resources = match page.get(b"Resources").unwrap() {
            Object::Reference(r) => pdf.get_dictionary(*r).unwrap(),
            Object::Dictionary(d) => d,
            _ => panic!("no resources"),
        };
        let xobjects = resources
            .get(b"XObject")
            .ok()
            .map(|o| match o {
                Object::Reference(r) => pdf.get_dictionary(*r).unwrap().clone(),
                Object::Dictionary(d) => d.clone(),
                _ => panic!("XObject is no dictionary"),
            })
            .unwrap_or_default();
        let mut drawn = Vec::new();
        let (mut size, mut alt) = ((0.0, 0.0), None);
        for op in &content.operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "BDC" if o[0].as_name().unwrap() == b"Figure" => {
                    alt = o[1]
                        .as_dict()
                        .unwrap()
                        .get(b"Alt")
                        .ok()
                        .map(common::pdf_string);
                }
                // The first `cm` of a picture places it; printpdf's own is the identity.
                "cm" if o[0].as_float().unwrap() != 1.0 || o[3].as_float().unwrap() != 1.0 => {
                    size = (o[0].as_float().unwrap(), o[3].as_float().unwrap());
                }
                "Do" => {
                    let name = o[0].as_name().unwrap();
                    let id = xobjects.get(name).unwrap().as_reference().unwrap();
                    let stream = pdf.get_object(id).unwrap().as_stream().unwrap();
                    drawn.push(Drawn {
                        xobject: stream.dict.clone(),
                        width: size.0,
                        height: size.1,
                        alt: alt.take(),
                    });
                }
                _ => {}
            }
        }
        pages.insert(number, drawn);
    }
    pages
}

fn name_of(d: &lopdf::Dictionary, key: &[u8]) -> String {
    d.get(key)
        .ok()
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

#[test]
fn pdf_covers_draw_each_logo_once_at_the_common_height_with_a_soft_mask_for_transparency() {
    let out = example_build();
    let height = StyleSheet::default().cover.logo_height;
    for file in ["2024-03-20-sweden.pdf", "submission.pdf"] {
        let pages = drawn_pictures(&out.path().join(file));
        let first = &pages[&1];
        assert_eq!(first.len(), 2, "{file}: one image XObject per logo");
        let (png, jpeg) = (&first[0], &first[1]);
        for (d, px) in [(png, (150.0, 60.0)), (jpeg, (90.0, 60.0))] {
            assert_eq!(name_of(&d.xobject, b"Subtype"), "Image");
            assert!((d.height - height).abs() < 0.01, "{file}: {}", d.height);
            let aspect = px.0 / px.1;
            assert!((d.width / d.height - aspect).abs() < 0.01, "{file}");
        }
        // The transparent PNG has a soft mask; the JPEG is its own data.
        assert!(png.xobject.get(b"SMask").is_ok(), "{file}");
        assert_eq!(name_of(&png.xobject, b"Filter"), "FlateDecode");
        assert!(jpeg.xobject.get(b"SMask").is_err(), "{file}");
        assert_eq!(name_of(&jpeg.xobject, b"Filter"), "DCTDecode");
        assert_eq!(png.alt.as_deref(), Some(LIV));
        assert_eq!(jpeg.alt.as_deref(), Some(OPENNET));
        // Only on the cover.
        assert!(pages.iter().skip(1).all(|(_, d)| d.is_empty()), "{file}");
    }
    // The summary has no cover logos.
    let summary = drawn_pictures(&out.path().join("summary.pdf"));
    assert!(summary.values().all(Vec::is_empty));
}

/// Every part of a DOCX, by name.
fn docx_parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

#[test]
fn docx_covers_embed_each_logo_with_its_aspect_ratio_and_alt_text() {
    let out = example_build();
    for file in ["2024-03-20-sweden.docx", "submission.docx"] {
        let parts = docx_parts(&out.path().join(file));
        let text = |name: &str| String::from_utf8(parts[name].clone()).unwrap();
        let rels_xml = text("word/_rels/document.xml.rels");
        let rels = roxmltree::Document::parse(&rels_xml).unwrap();
        let target: BTreeMap<&str, &str> = rels
            .descendants()
            .filter(|n| n.has_tag_name("Relationship"))
            .map(|n| (n.attribute("Id").unwrap(), n.attribute("Target").unwrap()))
            .collect();
        let content_types = text("[Content_Types].xml");
        let document = text("word/document.xml");
        let tree = roxmltree::Document::parse(&document).unwrap();
        let drawings: Vec<_> = tree
            .descendants()
            .filter(|n| n.tag_name().name() == "inline")
            .collect();
        assert_eq!(drawings.len(), 2, "{file}");
        let mut alts = Vec::new();
        for d in drawings {
            let child = |name: &str| {
                d.descendants()
                    .find(|n| n.tag_name().name() == name)
                    .unwrap()
            };
            let blip = child("blip");
            let embed = blip
                .attributes()
                .find(|a| a.name() == "embed")
                .unwrap()
                .value();
            let media = format!("word/{}", target[embed]);
            let bytes = parts
                .get(&media)
                .unwrap_or_else(|| panic!("{file}: {media}"));
            let ext = media.rsplit('.').next().unwrap();
            assert!(
                content_types.contains(&format!("Extension=\"{ext}\"")),
                "{file}: {ext}"
            );
            let image = upr_brief::doc::Image::decode(bytes.clone().into(), "").unwrap();
            let expected_ext = match image.format {
                upr_brief::doc::ImageFormat::Png => "png",
                upr_brief::doc::ImageFormat::Jpeg => "jpeg",
            };
            assert_eq!(ext, expected_ext, "{file}: {media}");
            let extent = child("extent");
            let cx: f32 = extent.attribute("cx").unwrap().parse().unwrap();
            let cy: f32 = extent.attribute("cy").unwrap().parse().unwrap();
            assert!((cx / cy - image.aspect()).abs() < 0.01, "{file}: {cx}/{cy}");
            let height = StyleSheet::default().cover.logo_height * 12_700.0;
            assert!((cy - height).abs() < 1.0, "{file}: {cy}");
            alts.push(child("docPr").attribute("descr").unwrap().to_string());
        }
        assert_eq!(alts, [LIV, OPENNET], "{file}");
    }
    // The summary has no pictures.
    let parts = docx_parts(&out.path().join("summary.docx"));
    assert!(!parts.keys().any(|k| k.starts_with("word/media/")));
    assert!(!String::from_utf8_lossy(&parts["word/document.xml"]).contains("<w:drawing>"));
}

/// The base campaign with OpenNet's logo at `logos/opennet.png`, holding `bytes`.
fn with_logo(bytes: &[u8]) -> Campaign {
    let campaign = fs::read_to_string(common::fixtures().join("base/campaign.yaml"))
        .unwrap()
        .replace(
            "short: OpenNet\n",
            "short: OpenNet\n    logo: logos/opennet.png\n",
        );
    let c = Campaign::base_with(&[("campaign.yaml", &campaign)]);
    fs::create_dir_all(c.inputs().join("logos")).unwrap();
    fs::write(c.inputs().join("logos/opennet.png"), bytes).unwrap();
    c
}

#[test]
fn a_corrupt_logo_is_an_error_at_its_logo_key() {
    let good = png_logo(8, 4, 0x20);
    // A good logo checks; the same file with its pixel data damaged does not.
    let c = with_logo(&good);
    let (code, log) = run(tool().arg("check").arg("--inputs").arg(c.inputs()));
    assert_eq!(code, 0, "{log}");
    let idat = good.windows(4).position(|w| w == b"IDAT").unwrap();
    let mut bad = good.clone();
    for b in &mut bad[idat + 4..idat + 12] {
        *b ^= 0x5A;
    }
    for bytes in [
        bad,
        b"\x89PNG\r\n\x1a\nnot a png".to_vec(),
        b"GIF89a".to_vec(),
    ] {
        let c = with_logo(&bytes);
        let (code, log) = run(tool().arg("check").arg("--inputs").arg(c.inputs()));
        assert_eq!(code, 1, "{log}");
        let campaign = fs::read_to_string(c.inputs().join("campaign.yaml")).unwrap();
        let line = campaign
            .lines()
            .position(|l| l.contains("logo: logos/opennet.png"))
            .unwrap()
            + 1;
        assert!(
            log.contains(&format!("campaign.yaml:{line}:")),
            "line {line}: {log}"
        );
        assert!(
            log.contains("logo \"logos/opennet.png\" cannot be read"),
            "{log}"
        );
        assert!(!log.contains("panicked"), "{log}");
        let out = c.dir.path().join("out");
        let (code, log) = build(&c.inputs(), &out, &[]);
        assert_eq!(code, 1, "{log}");
        assert!(!out.join("manifest.json").exists());
    }
}

#[test]
fn a_cover_without_logos_is_laid_out_as_before_and_one_with_logos_makes_room() {
    use upr_brief::doc::{Block, Cover, Document, Image, Inline};
    use upr_brief::layout::{Item, paginate};
    let style = StyleSheet::default();
    let fonts = upr_brief::fonts::Fonts::builtin();
    let cover = |logos: Vec<Image>| Document {
        blocks: vec![Block::Cover(Cover {
            title: vec![Inline::plain("Title")],
            subtitle: vec![Inline::plain("Subtitle")],
            lines: vec![vec![Inline::plain("First line")]],
            logos,
        })],
        ..Document::default()
    };
    // The accent rule's y and the first line's baseline.
    let positions = |doc: &Document| {
        let laid = paginate(doc, &style, fonts);
        let items = &laid.pages[0].items;
        let rule = items
            .iter()
            .find_map(|i| match i {
                Item::Rule { y1, .. } => Some(*y1),
                _ => None,
            })
            .unwrap();
        let line = items
            .iter()
            .find_map(|i| match i {
                Item::Text { y, run, .. } if run.text == "First line" => Some(*y),
                _ => None,
            })
            .unwrap();
        let images: Vec<_> = items
            .iter()
            .filter(|i| matches!(i, Item::Image { .. }))
            .collect();
        (rule, line, images.len())
    };
    let (rule, line, images) = positions(&cover(Vec::new()));
    assert_eq!(images, 0);
    // Without logos the lines follow the rule by the rule's spacing alone.
    let c = &style.cover;
    let expected = rule - c.rule_width / 2.0 - c.rule_space_after;
    let line_top = line + fonts.face(upr_brief::fonts::Style::Regular).ascender() * c.line.size;
    assert!(
        line_top <= expected + 0.01 && line_top > expected - c.line.size,
        "{line_top} {expected}"
    );

    let logo = Image::decode(png_logo(30, 10, 0x80).into(), "Member").unwrap();
    let (rule2, line2, images) = positions(&cover(vec![logo.clone(), logo]));
    assert_eq!(images, 2);
    assert!((rule2 - rule).abs() < 0.01);
    let room = c.logo_height + c.logo_space_after;
    assert!((line - line2 - room).abs() < 0.01, "{line} {line2} {room}");
}
