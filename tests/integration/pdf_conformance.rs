//! Every PDF `build` writes is PDF/UA-1 and PDF/A-2b, as an independent
//! validator (the `page_validation` crate, which reports ISO rule numbers)
//! judges: the example campaign's, the hostile fixture's and the
//! multi-script fixture's. The widths of every CID-keyed CFF font (Noto
//! Sans CJK) are also checked here against its embedded program, with a
//! correct reading of the program (`common::cff`). Negative tests break a
//! good pack one way each (a paragraph left untagged, a figure without
//! alternative text, the output intent removed, a wrong `/W` or `/DW`) to
//! prove the checks can fail. A snapshot of one pack's structure tree,
//! printed in reading order, pins what a screen reader reads.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use lopdf::{Document, Object};
use page_validation::{ValidationOptions, ValidationProfile, validate_pdf_bytes};

use crate::common;
use crate::common::cff::Cff;

const PROFILES: [ValidationProfile; 2] = [ValidationProfile::PdfUa1, ValidationProfile::PdfA2b];

/// The failed rules of `bytes` under `profile`, one line each.
fn failures(bytes: &[u8], profile: ValidationProfile) -> Vec<String> {
    let options = ValidationOptions::default().profile(profile);
    let report = validate_pdf_bytes(bytes, &options).expect("the validator reads the file");
    let mut out: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
    if !report.is_compliant && out.is_empty() {
        out.push(format!("{profile}: not compliant"));
    }
    out
}

/// Every PDF directly in `dir`, sorted.
fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
}

/// A width `/W` gives `cid`, else `/DW`, else 1000 (ISO 32000-1 9.7.4.3).
fn dictionary_width(w: &[Object], dw: Option<f64>, cid: u16) -> f64 {
    let number = |o: &Object| o.as_float().ok().map(f64::from);
    let cid = i64::from(cid);
    let mut k = 0;
    while k < w.len() {
        let Ok(first) = w[k].as_i64() else { break };
        match w.get(k + 1) {
            Some(Object::Array(widths)) => {
                if let Some(width) = usize::try_from(cid - first)
                    .ok()
                    .and_then(|i| widths.get(i))
                    .and_then(number)
                {
                    return width;
                }
                k += 2;
            }
            Some(last) => {
                if let (Ok(last), Some(width)) = (last.as_i64(), w.get(k + 2).and_then(number))
                    && (first..=last).contains(&cid)
                {
                    return width;
                }
                k += 3;
            }
            None => break,
        }
    }
    dw.unwrap_or(1000.0)
}

/// A CIDFont with an embedded CID-keyed CFF program (`CIDFontType0C`):
/// its Type0 font's `/BaseFont`, its `/W`, `/DW` and program bytes.
struct CffFont {
    name: Vec<u8>,
    w: Vec<Object>,
    dw: Option<f64>,
    program: Vec<u8>,
}

impl CffFont {
    fn label(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }
}

/// Every Type0 font of `pdf` whose CIDFont (a direct object or not) is a
/// `CIDFontType0`.
fn cff_fonts(pdf: &Document) -> Vec<CffFont> {
    let resolve = |o: &Object| match o {
        Object::Reference(r) => pdf.get_object(*r).ok().cloned(),
        o => Some(o.clone()),
    };
    let mut out = Vec::new();
    for object in pdf.objects.values() {
        let Ok(type0) = object.as_dict() else {
            continue;
        };
        if type0.get(b"Subtype").ok() != Some(&Object::Name(b"Type0".to_vec())) {
            continue;
        }
        let Some(font) = type0
            .get(b"DescendantFonts")
            .ok()
            .and_then(resolve)
            .and_then(|l| l.as_array().ok()?.first().cloned())
            .and_then(|f| resolve(&f))
            .and_then(|f| f.as_dict().ok().cloned())
        else {
            continue;
        };
        if font.get(b"Subtype").ok() != Some(&Object::Name(b"CIDFontType0".to_vec())) {
            continue;
        }
        let name = type0
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .unwrap_or_default()
            .to_vec();
        let w = font
            .get(b"W")
            .ok()
            .and_then(resolve)
            .and_then(|o| o.as_array().ok().cloned())
            .unwrap_or_default();
        let dw = font
            .get(b"DW")
            .ok()
            .and_then(resolve)
            .and_then(|o| o.as_float().ok().map(f64::from));
        let program = font
            .get(b"FontDescriptor")
            .and_then(Object::as_reference)
            .and_then(|d| pdf.get_dictionary(d))
            .and_then(|d| d.get(b"FontFile3"))
            .and_then(Object::as_reference)
            .and_then(|f| pdf.get_object(f))
            .and_then(Object::as_stream)
            .map(|s| {
                s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone())
            });
        out.push(CffFont {
            name,
            w,
            dw,
            program: program.expect("a CIDFontType0 font embeds its program"),
        });
    }
    out
}

/// The codes each Type0 font (by `/BaseFont`) shows, from every page's
/// content stream (two bytes a code, as `Identity-H` has them).
fn shown_codes(pdf: &Document) -> BTreeMap<Vec<u8>, BTreeSet<u16>> {
    let mut out: BTreeMap<Vec<u8>, BTreeSet<u16>> = BTreeMap::new();
    for (_, page) in pdf.get_pages() {
        let fonts = pdf.get_page_fonts(page).unwrap();
        let descendant = |name: &[u8]| -> Option<Vec<u8>> {
            Some(
                fonts
                    .get(name)?
                    .get(b"BaseFont")
                    .ok()?
                    .as_name()
                    .ok()?
                    .to_vec(),
            )
        };
        let content = lopdf::content::Content::decode(&pdf.get_page_content(page)).unwrap();
        let mut current = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => current = op.operands[0].as_name().ok().and_then(descendant),
                "Tj" | "TJ" => {
                    let Some(font) = current.clone() else {
                        continue;
                    };
                    let strings: Vec<&Object> = match &op.operands[0] {
                        Object::Array(items) => items.iter().collect(),
                        s => vec![s],
                    };
                    let codes = out.entry(font).or_default();
                    for s in strings.into_iter().filter_map(|s| s.as_str().ok()) {
                        codes.extend(s.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Where a CIDFont's `/W` (or `/DW`) and its embedded CFF program disagree
/// on a glyph's width, for every CID the program has and every code the
/// content streams show, read as Type 2 defines it.
fn cff_width_problems(pdf: &Document) -> Vec<String> {
    let shown = shown_codes(pdf);
    let mut problems = Vec::new();
    for font in cff_fonts(pdf) {
        let Some(program) = Cff::parse(&font.program) else {
            problems.push(format!("{}: the CFF program cannot be read", font.label()));
            continue;
        };
        let mut cids: BTreeSet<u16> = program.cids().iter().copied().filter(|&c| c != 0).collect();
        cids.extend(shown.get(&font.name).into_iter().flatten());
        for cid in cids {
            let Some(glyph) = program.glyph(cid) else {
                problems.push(format!(
                    "{}: CID {cid} is shown but not in the program",
                    font.label()
                ));
                continue;
            };
            let Some(width) = program.width(glyph) else {
                problems.push(format!(
                    "{}: CID {cid}'s width cannot be read",
                    font.label()
                ));
                continue;
            };
            let listed = dictionary_width(&font.w, font.dw, cid);
            if (width - listed).abs() > 1.0 {
                problems.push(format!(
                    "{}: CID {cid} is {width} wide in the program but {listed} in /W or /DW",
                    font.label()
                ));
            }
        }
    }
    problems
}

/// Whether a failure of ISO 14289-1 7.21.5 or ISO 19005-2 6.2.11.5 on a
/// CIDFontType0C width is `page_validation` 0.12.2 misreading the
/// program, not a wrong width: it reads a charstring's operands as DICT
/// operands, taking `callgsubr` (byte 29) for the start of a 32-bit number,
/// so a glyph whose hints start with a call to a global subroutine (Noto
/// Sans CJK's proportional digits) gets its Font DICT's default width. It
/// is that when some CIDFont of `pdf` has the CID, that misreading gives
/// the failure's program width, and the program's true width is the
/// failure's `/W` width, which is that font's `/W` or `/DW` width. The
/// tests also compare every such font's `/W` and `/DW` with its program
/// themselves ([`cff_width_problems`]), so no wrong width passes.
fn misread_cff_width(pdf: &Document, failure: &str) -> bool {
    if !(failure.contains("14289-1:2014:7.21.5:1") || failure.contains("19005-2:2011:6.2.11.5:1")) {
        return false;
    }
    let Some(rest) = failure.split("has rendered CID ").nth(1) else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (Some(cid), Some(reported), Some(listed)) = (
        words.first().and_then(|w| w.parse::<u16>().ok()),
        words.get(2).and_then(|w| w.parse::<f64>().ok()),
        words.get(9).and_then(|w| w.parse::<f64>().ok()),
    ) else {
        return false;
    };
    if words.get(3..9) != Some(&["in", "its", "embedded", "CIDFontType0C", "program", "but"]) {
        return false;
    }
    let near = |a: f64, b: f64| (a - b).abs() <= 1.0;
    cff_fonts(pdf).iter().any(|font| {
        let Some(program) = Cff::parse(&font.program) else {
            return false;
        };
        let Some(glyph) = program.glyph(cid) else {
            return false;
        };
        program
            .dict_reading_width(glyph)
            .is_some_and(|w| near(w, reported))
            && program.width(glyph).is_some_and(|w| near(w, listed))
            && near(dictionary_width(&font.w, font.dw, cid), listed)
    })
}

/// The failures of `bytes` under both profiles, but for the validator's
/// misreading of CFF widths, and where its CFF fonts' widths disagree with
/// their programs.
pub(crate) fn problems_of(bytes: &[u8]) -> Vec<String> {
    let pdf = Document::load_mem(bytes).unwrap();
    let mut problems = cff_width_problems(&pdf);
    for profile in PROFILES {
        for f in failures(bytes, profile) {
            if !misread_cff_width(&pdf, &f) {
                problems.push(format!("({profile}): {f}"));
            }
        }
    }
    problems
}

/// Builds `inputs` and checks every PDF against both profiles; returns how
/// many files were checked.
fn all_conform(inputs: &Path) -> usize {
    let out = tempfile::tempdir().unwrap();
    let (code, log) = common::build(inputs, out.path(), &["--quiet", "--format", "pdf"]);
    assert_eq!(code, 0, "{log}");
    built_conform(out.path())
}

/// Checks every PDF in `out` against both profiles; returns how many.
fn built_conform(out: &Path) -> usize {
    let files = pdfs(out);
    assert!(!files.is_empty());
    let mut problems = Vec::new();
    for file in &files {
        let bytes = fs::read(file).unwrap();
        for p in problems_of(&bytes) {
            problems.push(format!(
                "{} {p}",
                file.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    files.len()
}

#[test]
fn the_example_campaign_conforms() {
    all_conform(&common::example_inputs());
}

#[test]
fn the_hostile_campaign_conforms() {
    all_conform(&common::fixtures().join("hostile"));
}

/// The benchmark's generator: a seeded synthetic campaign.
#[path = "../../benches/support/generate.rs"]
#[allow(dead_code)]
mod generate;

/// A synthetic campaign (the benchmark's, smaller): long summary tables
/// across many pages, packs in three languages, many counterparts.
#[test]
fn a_synthetic_campaign_conforms() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    let cfg = generate::Config {
        meetings: 12,
        ..Default::default()
    };
    generate::generate(&cfg).write(&inputs).unwrap();
    // Twelve packs, the summary and the submission.
    assert_eq!(all_conform(&inputs), 14);
}

/// Needs the system's Noto fonts, like the scripts tests: skipped without
/// them unless `UPR_BRIEF_REQUIRE_TOOLS` is set.
#[test]
fn the_multi_script_campaign_conforms() {
    let out = tempfile::tempdir().unwrap();
    if common::build_scripts(out.path(), &["--quiet", "--format", "pdf"]).is_none() {
        return;
    }
    assert_eq!(built_conform(out.path()), 7);
}

/// The example campaign's packs, built once into a temporary folder.
fn example_pack(name: &str) -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let (code, log) = common::build(
        &common::example_inputs(),
        out.path(),
        &["--quiet", "--format", "pdf", "--only", name],
    );
    assert_eq!(code, 0, "{log}");
    fs::read(out.path().join(format!("{name}.pdf"))).unwrap()
}

fn save(pdf: &mut Document) -> Vec<u8> {
    // lopdf writes a single LF before `endstream`, which a validator takes
    // for part of data that ends in a CR (as deflated data may): such a
    // stream is written decompressed instead.
    for object in pdf.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.content.last() == Some(&b'\r')
        {
            stream.decompress().unwrap();
            assert_ne!(stream.content.last(), Some(&b'\r'));
        }
    }
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).unwrap();
    bytes
}

/// Whether any failure under `profile` names `rule`.
fn fails(bytes: &[u8], profile: ValidationProfile, rule: &str) -> bool {
    failures(bytes, profile).iter().any(|f| f.contains(rule))
}

/// The pack the negative tests break: it has logos, links and a table.
const PACK: &str = "2024-03-19-foc";

#[test]
fn an_untagged_paragraph_fails_pdf_ua() {
    let good = example_pack(PACK);
    assert!(failures(&good, ValidationProfile::PdfUa1).is_empty());
    let mut pdf = Document::load_mem(&good).unwrap();
    let page = *pdf.get_pages().get(&1).unwrap();
    let mut content = lopdf::content::Content::decode(&pdf.get_page_content(page)).unwrap();
    // Drop the first paragraph's BDC and its EMC: its text is then neither
    // tagged nor an artifact.
    let begin = content
        .operations
        .iter()
        .position(|op| {
            op.operator == "BDC" && op.operands.first() == Some(&Object::Name(b"P".to_vec()))
        })
        .expect("a paragraph on page 1");
    let mut depth = 0;
    let end = (begin..content.operations.len())
        .find(|&k| {
            match content.operations[k].operator.as_str() {
                "BDC" | "BMC" => depth += 1,
                "EMC" => depth -= 1,
                _ => {}
            }
            depth == 0
        })
        .unwrap();
    content.operations.remove(end);
    content.operations.remove(begin);
    pdf.change_page_content(page, content.encode().unwrap())
        .unwrap();
    let bad = save(&mut pdf);
    assert!(
        fails(&bad, ValidationProfile::PdfUa1, "14289-1:2014:7.1"),
        "{:?}",
        failures(&bad, ValidationProfile::PdfUa1)
    );
}

#[test]
fn a_figure_without_alternative_text_fails_pdf_ua() {
    let mut pdf = Document::load_mem(&example_pack(PACK)).unwrap();
    let figures: Vec<_> = pdf
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"S").ok() == Some(&Object::Name(b"Figure".to_vec())))
        })
        .map(|(id, _)| *id)
        .collect();
    assert!(!figures.is_empty(), "the pack has logos");
    for id in figures {
        let d = pdf.get_dictionary(id).unwrap();
        assert!(!common::pdf_string(d.get(b"Alt").unwrap()).is_empty());
        pdf.get_dictionary_mut(id).unwrap().remove(b"Alt");
    }
    let bad = save(&mut pdf);
    assert!(
        fails(&bad, ValidationProfile::PdfUa1, "14289-1:2014:7.3"),
        "{:?}",
        failures(&bad, ValidationProfile::PdfUa1)
    );
}

#[test]
fn a_missing_output_intent_fails_pdf_a() {
    let good = example_pack(PACK);
    assert!(failures(&good, ValidationProfile::PdfA2b).is_empty());
    let mut pdf = Document::load_mem(&good).unwrap();
    let root = pdf.trailer.get(b"Root").unwrap().as_reference().unwrap();
    pdf.get_dictionary_mut(root)
        .unwrap()
        .remove(b"OutputIntents");
    let bad = save(&mut pdf);
    assert!(
        !failures(&bad, ValidationProfile::PdfA2b).is_empty(),
        "DeviceRGB without an output intent must fail"
    );
}

/// What a screen reader reads, in order: poppler's view of the French
/// pack's structure tree (headings, lists, the table with its header
/// cells' scope, links, and the quoted recommendation in English). Every
/// paragraph reads whole: a run with an `/ActualText` (a ligature, a
/// Vietnamese name) is a marked-content sequence of its paragraph beside
/// the others, not nested in one, where poppler would end the paragraph.
#[test]
fn a_packs_structure_tree_reads_in_document_order() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("pack.pdf");
    let bytes = example_pack("2024-03-21-france");
    // The quote in English is a Span with its own language; the pack is French.
    let pdf = Document::load_mem(&bytes).unwrap();
    let root = pdf.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = pdf.get_dictionary(root).unwrap();
    assert_eq!(common::pdf_string(catalog.get(b"Lang").unwrap()), "fr");
    let span_langs: Vec<String> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").ok() == Some(&Object::Name(b"Span".to_vec())))
        .filter_map(|d| d.get(b"Lang").ok().map(common::pdf_string))
        .collect();
    assert!(span_langs.iter().any(|l| l == "en"), "{span_langs:?}");
    fs::write(&path, &bytes).unwrap();
    let Some(tree) = common::external("pdfinfo", &["-struct-text", path.to_str().unwrap()]) else {
        return;
    };
    insta::assert_snapshot!("france_pack_structure", tree);
}

/// The Chinese pack of the multi-script fixture, set in Noto Sans CJK (a
/// CID-keyed CFF font); `None` without the system's fonts, unless they are
/// required.
fn chinese_pack() -> Option<Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    common::build_scripts(
        out.path(),
        &["--quiet", "--format", "pdf", "--only", "2024-03-24-cn"],
    )?;
    Some(fs::read(out.path().join("2024-03-24-cn.pdf")).unwrap())
}

/// Applies `edit` to the `/W` array and the dictionary of the CIDFont of
/// the Type0 font whose `/BaseFont` ends with `name`.
fn edit_cid_font(pdf: &mut Document, name: &str, edit: impl FnOnce(&mut lopdf::Dictionary)) {
    let id = pdf
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"BaseFont")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n.ends_with(name.as_bytes()))
            })
        })
        .map(|(id, _)| *id)
        .expect("the font");
    let type0 = pdf.get_dictionary_mut(id).unwrap();
    let Object::Array(list) = type0.get_mut(b"DescendantFonts").unwrap() else {
        panic!("DescendantFonts is a direct array here");
    };
    let Object::Dictionary(font) = &mut list[0] else {
        panic!("the CIDFont is a direct dictionary here");
    };
    edit(font);
}

/// The `/W` width slot of `cid` in a `c [w …]` group.
fn width_slot(font: &mut lopdf::Dictionary, cid: i64) -> &mut Object {
    let Object::Array(w) = font.get_mut(b"W").unwrap() else {
        panic!("/W is a direct array here");
    };
    let mut k = 0;
    while k + 1 < w.len() {
        let first = w[k].as_i64().unwrap();
        let len = w[k + 1].as_array().map_or(0, |a| a.len()) as i64;
        if (first..first + len).contains(&cid) {
            let Object::Array(group) = &mut w[k + 1] else {
                unreachable!()
            };
            return &mut group[(cid - first) as usize];
        }
        k += 2;
    }
    panic!("CID {cid} is not in /W")
}

const CJK: &str = "NotoSansCJKsc-Regular";

#[test]
fn a_wrong_cff_width_is_found() {
    let Some(good) = chinese_pack() else {
        return;
    };
    let pdf = Document::load_mem(&good).unwrap();
    assert!(!cff_fonts(&pdf).is_empty(), "the pack has no CFF font");
    assert!(problems_of(&good).is_empty(), "{:?}", problems_of(&good));
    // Only that misreading is taken for one.
    let failure = |cid: u16, program: f64, listed: f64| {
        format!(
            "[ISO 14289-1:2014:7.21.5:1] Conformance: font object has rendered CID {cid} width \
             {program:.3} in its embedded CIDFontType0C program but {listed:.3} in /W or /DW"
        )
    };
    assert!(misread_cff_width(&pdf, &failure(20, 742.0, 555.0)));
    for (cid, program, listed) in [
        (20, 742.0, 600.0),
        (20, 700.0, 555.0),
        (1644, 742.0, 1000.0),
    ] {
        assert!(!misread_cff_width(&pdf, &failure(cid, program, listed)));
    }
    let other_rule = failure(20, 742.0, 555.0).replace("7.21.5:1", "7.21.4.1:1");
    assert!(!misread_cff_width(&pdf, &other_rule));
    // CID 20 is a proportional digit (555), which page_validation 0.12.2
    // misreads as 742; CID 1644 an ideograph (1000) it reads right. The
    // validator reports only the first misread glyph it meets, which may
    // be another one (full-width punctuation before the first digit).
    let first_misread = failures(&good, PROFILES[0])
        .iter()
        .filter(|f| misread_cff_width(&pdf, f))
        .find_map(|f| {
            f.split("has rendered CID ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse::<u16>()
                .ok()
        });
    for (cid, wrong) in [(20, 600), (1644, 900)] {
        let mut pdf = Document::load_mem(&good).unwrap();
        edit_cid_font(&mut pdf, CJK, |f| {
            *width_slot(f, cid) = Object::Integer(wrong)
        });
        let bad = save(&mut pdf);
        let ours = cff_width_problems(&Document::load_mem(&bad).unwrap());
        assert!(
            ours.iter().any(|p| p.contains(&format!("CID {cid} is "))),
            "{ours:?}"
        );
        let all = problems_of(&bad);
        assert!(all.iter().any(|p| p.contains(&format!("CID {cid} is "))));
        // Nor is the validator's failure on the digit taken for its
        // misreading: the program's true width is not the one in /W. (It
        // reports the first CID whose widths differ, here the digit it
        // misreads, so the ideograph's wrong width is ours alone to find.)
        if cid == 20 && first_misread == Some(20) {
            for rule in ["14289-1:2014:7.21.5:1", "19005-2:2011:6.2.11.5:1"] {
                assert!(all.iter().any(|p| p.contains(rule)), "{all:?}");
            }
        }
    }
}

#[test]
fn a_cff_width_left_to_dw_must_be_dws() {
    let Some(good) = chinese_pack() else {
        return;
    };
    // CID 1644, an ideograph 1000 wide, alone in its /W group.
    let drop = |f: &mut lopdf::Dictionary| {
        let Object::Array(w) = f.get_mut(b"W").unwrap() else {
            panic!("/W is a direct array here");
        };
        let at = w
            .iter()
            .position(|o| o.as_i64().ok() == Some(1644))
            .expect("CID 1644 starts a /W group");
        assert_eq!(w[at + 1].as_array().unwrap().len(), 1);
        w.drain(at..at + 2);
    };
    let mut pdf = Document::load_mem(&good).unwrap();
    edit_cid_font(&mut pdf, CJK, drop);
    let left_to_dw = save(&mut pdf);
    let left = problems_of(&left_to_dw);
    assert!(left.is_empty(), "/DW is 1000: {left:?}");
    let mut pdf = Document::load_mem(&left_to_dw).unwrap();
    edit_cid_font(&mut pdf, CJK, |f| f.set("DW", 900));
    let bad = save(&mut pdf);
    let ours = cff_width_problems(&Document::load_mem(&bad).unwrap());
    assert!(
        ours.iter()
            .any(|p| p.contains("CID 1644 is 1000 wide in the program but 900")),
        "{ours:?}"
    );
}

/// The spans of `doc` in another language than its own, cover included:
/// (language, text).
fn foreign_spans(doc: &upr_brief::doc::Document) -> Vec<(String, String)> {
    use upr_brief::doc::{Block, Inline};
    fn inlines(spans: &[Inline], own: &str, out: &mut Vec<(String, String)>) {
        for s in spans {
            if let Some(l) = s.lang.as_ref().filter(|l| l.as_str() != own) {
                out.push((l.as_str().to_string(), s.text.clone()));
            }
        }
    }
    fn blocks(list: &[Block], own: &str, out: &mut Vec<(String, String)>) {
        for b in list {
            match b {
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    inlines(content, own, out)
                }
                Block::List { items, .. } => items.iter().for_each(|i| blocks(i, own, out)),
                Block::Table(t) => t
                    .header
                    .iter()
                    .chain(&t.rows)
                    .flatten()
                    .for_each(|c| inlines(c, own, out)),
                Block::Cover(c) => {
                    for spans in [&c.title, &c.subtitle].into_iter().chain(&c.lines) {
                        inlines(spans, own, out);
                    }
                }
                Block::Notes(n) => {
                    for note in &n.notes {
                        inlines(&note.content, own, out);
                    }
                }
                Block::PageBreak => {}
            }
        }
    }
    let mut out = Vec::new();
    blocks(&doc.blocks, doc.meta.language.as_str(), &mut out);
    out
}

/// The text `pdf` shows in each language, as its structure tree says:
/// each marked-content sequence is in the `/Lang` of its structure element
/// or of the nearest ancestor that has one, else in the catalog's. The
/// text of each language in content order, without white space.
fn text_by_language(pdf: &Document) -> BTreeMap<String, String> {
    let get = |o: &Object| -> Object {
        match o {
            Object::Reference(r) => pdf.get_object(*r).unwrap().clone(),
            o => o.clone(),
        }
    };
    let lang_of = |d: &lopdf::Dictionary| d.get(b"Lang").ok().map(common::pdf_string);
    let root = pdf.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = pdf.get_dictionary(root).unwrap();
    let mut languages: BTreeMap<(lopdf::ObjectId, i64), String> = BTreeMap::new();
    // (kid, its element's language, its element's page)
    let tree = get(catalog.get(b"StructTreeRoot").unwrap());
    let mut todo: Vec<(Object, String, Option<lopdf::ObjectId>)> = vec![(
        tree.as_dict().unwrap().get(b"K").unwrap().clone(),
        lang_of(catalog).unwrap(),
        None,
    )];
    while let Some((kid, lang, page)) = todo.pop() {
        match get(&kid) {
            Object::Array(kids) => todo.extend(kids.into_iter().map(|k| (k, lang.clone(), page))),
            Object::Integer(mcid) => {
                languages.insert((page.expect("an MCID's page"), mcid), lang);
            }
            Object::Dictionary(d) => {
                let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                if let Ok(mcid) = d.get(b"MCID").and_then(Object::as_i64) {
                    languages.insert((page.expect("an MCR's page"), mcid), lang);
                } else if let Ok(k) = d.get(b"K") {
                    todo.push((k.clone(), lang_of(&d).unwrap_or(lang), page));
                }
            }
            _ => {}
        }
    }
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (_, page) in pdf.get_pages() {
        let fonts = pdf.get_page_fonts(page).unwrap();
        let content = lopdf::content::Content::decode(&pdf.get_page_content(page)).unwrap();
        let mut marks: Vec<Option<i64>> = Vec::new();
        let mut font = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => marks.push(
                    op.operands
                        .get(1)
                        .and_then(|p| p.as_dict().ok())
                        .and_then(|p| p.get(b"MCID").and_then(Object::as_i64).ok()),
                ),
                "BMC" => marks.push(None),
                "EMC" => {
                    marks.pop();
                }
                "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
                "Tj" | "TJ" => {
                    let Some(mcid) = marks.iter().rev().find_map(|m| *m) else {
                        continue;
                    };
                    let lang = languages.get(&(page, mcid)).expect("the MCID's element");
                    let encoding = fonts[&font].get_font_encoding(pdf).unwrap();
                    let strings: Vec<&Object> = match &op.operands[0] {
                        Object::Array(items) => items.iter().collect(),
                        s => vec![s],
                    };
                    let text = out.entry(lang.clone()).or_default();
                    for s in strings.into_iter().filter_map(|s| s.as_str().ok()) {
                        let shown = Document::decode_text(&encoding, s).unwrap();
                        text.extend(shown.chars().filter(|c| !c.is_whitespace()));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The spans of `doc` in another language whose text `pdf` does not show
/// in that language.
fn untagged_languages(doc: &upr_brief::doc::Document, pdf: &[u8]) -> Vec<String> {
    let shown = text_by_language(&Document::load_mem(pdf).unwrap());
    foreign_spans(doc)
        .into_iter()
        .filter(|(lang, text)| {
            let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            !shown.get(lang).is_some_and(|t| t.contains(&text))
        })
        .map(|(lang, text)| format!("{lang}: {text:?}"))
        .collect()
}

/// Each pack of `inputs`, rendered to the model and written as a PDF.
fn packs_and_pdfs(inputs: &Path) -> Vec<(String, upr_brief::doc::Document, Vec<u8>)> {
    use upr_brief::doc::style::StyleSheet;
    use upr_brief::export::PageSize;
    let today = chrono::NaiveDate::from_ymd_opt(2024, 4, 20).unwrap();
    let loaded = upr_brief::pipeline::load(inputs, None, today).unwrap();
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    packs
        .iter()
        .map(|p| {
            let doc = loaded.templates.pack(p, &loaded.inputs.sources).unwrap();
            let style = StyleSheet::for_page(PageSize::A4);
            let laid =
                upr_brief::export::pdf::Paged::of(&doc, &style, upr_brief::fonts::Fonts::builtin());
            let bytes = upr_brief::export::pdf::pdf(laid, &Default::default()).unwrap();
            (p.id.clone(), doc, bytes)
        })
        .collect()
}

/// PDF/UA-1 7.2: text in another language than the document's says so. The
/// hostile French pack's title has no French translation and is shown in
/// English on its cover; quoted earlier recommendations keep theirs.
#[test]
fn text_in_another_language_carries_its_lang() {
    let mut seen = 0;
    for inputs in [common::example_inputs(), common::fixtures().join("hostile")] {
        for (id, doc, bytes) in packs_and_pdfs(&inputs) {
            seen += foreign_spans(&doc).len();
            let problems = untagged_languages(&doc, &bytes);
            assert!(problems.is_empty(), "{id}: {problems:?}");
        }
    }
    assert!(seen > 5, "only {seen} spans in other languages");

    // The cover's title, in English, is checked like any other text: without
    // its /Lang the check fails.
    let (_, doc, good) = packs_and_pdfs(&common::fixtures().join("hostile"))
        .into_iter()
        .find(|(id, _, _)| id == "2024-04-02-phap")
        .unwrap();
    let Some(upr_brief::doc::Block::Cover(cover)) = doc.blocks.first() else {
        panic!("no cover")
    };
    assert_eq!(
        cover.title[0].lang.as_ref().map(|l| l.as_str()),
        Some("en"),
        "{cover:?}"
    );
    let mut pdf = Document::load_mem(&good).unwrap();
    for object in pdf.objects.values_mut() {
        if let Ok(d) = object.as_dict_mut()
            && d.get(b"S").is_ok()
        {
            d.remove(b"Lang");
        }
    }
    let bad = save(&mut pdf);
    let problems = untagged_languages(&doc, &bad);
    assert!(
        problems.iter().any(|p| p.contains("Quyền số ở Việt Nam")),
        "{problems:?}"
    );
}
