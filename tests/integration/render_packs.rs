//! Packs rendered from the templates: the document model (snapshotted as a
//! readable outline), hostile text kept literal, and the DOCX read back with
//! a real XML parser.

use crate::common;

use std::io::Read;

use common::{Campaign, example_inputs};
use upr_brief::doc::style::StyleSheet;
use upr_brief::doc::{Block, Document, Inline};
use upr_brief::export::{PageSize, docx};
use upr_brief::pipeline::{self, Loaded};

/// A campaign loaded, and each of its packs rendered to a document, in pack
/// order.
struct Rendered {
    loaded: Loaded,
    documents: Vec<Document>,
}

fn rendered(inputs: &std::path::Path) -> Rendered {
    rendered_with(inputs, None)
}

/// The campaign rendered as of 20 April 2024 (with `templates` overriding
/// the built-in ones), which must have no error.
fn rendered_with(inputs: &std::path::Path, templates: Option<&std::path::Path>) -> Rendered {
    let today = chrono::NaiveDate::from_ymd_opt(2024, 4, 20).unwrap();
    let loaded = pipeline::load(inputs, templates, today).unwrap();
    let errors: Vec<String> = loaded
        .diags
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let documents = loaded
        .assembled
        .as_ref()
        .unwrap()
        .packs
        .iter()
        .map(|p| {
            let doc = loaded.templates.pack(p, &loaded.inputs.sources);
            doc.unwrap_or_else(|d| panic!("{}: {d}", p.id))
        })
        .collect();
    Rendered { loaded, documents }
}

fn doc<'a>(rendered: &'a Rendered, id: &str) -> &'a Document {
    let packs = &rendered.loaded.assembled.as_ref().unwrap().packs;
    let i = packs.iter().position(|p| p.id == id).unwrap();
    &rendered.documents[i]
}

fn spans(s: &[Inline]) -> String {
    s.iter()
        .map(|i| {
            let mut t = i.text.clone();
            if i.note.is_some() {
                t = format!("[^{t}]");
            }
            if i.bold {
                t = format!("**{t}**");
            }
            if i.italic {
                t = format!("_{t}_");
            }
            if let Some(l) = &i.link {
                t = format!("[{t}]({l})");
            }
            if let Some(l) = &i.lang {
                t = format!("‹{l}›{t}‹/{l}›");
            }
            t
        })
        .collect()
}

/// One line per block, indented for nesting: what a reviewer reads.
fn outline(blocks: &[Block], indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    for b in blocks {
        match b {
            Block::Heading { level, content } => {
                out.push_str(&format!("{pad}H{level} {}\n", spans(content)))
            }
            Block::Paragraph(s) => out.push_str(&format!("{pad}P {}\n", spans(s))),
            Block::List {
                ordered,
                start,
                items,
            } => {
                out.push_str(&format!(
                    "{pad}{} {start}\n",
                    if *ordered { "OL" } else { "UL" }
                ));
                for item in items {
                    outline(item, indent + 1, out);
                }
            }
            Block::Table(t) => {
                let row = |cells: &Vec<Vec<Inline>>| {
                    cells
                        .iter()
                        .map(|c| spans(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                if let Some(header) = &t.header {
                    out.push_str(&format!("{pad}TH | {} |\n", row(header)));
                }
                for r in &t.rows {
                    out.push_str(&format!("{pad}TR | {} |\n", row(r)));
                }
            }
            Block::PageBreak => out.push_str(&format!("{pad}PAGEBREAK\n")),
            Block::Cover(c) => {
                out.push_str(&format!(
                    "{pad}COVER {}\n{pad}  {}\n",
                    spans(&c.title),
                    spans(&c.subtitle)
                ));
                for l in &c.lines {
                    out.push_str(&format!("{pad}  {}\n", spans(l)));
                }
            }
            Block::Notes(n) => {
                out.push_str(&format!("{pad}NOTES {}\n", spans(&n.title)));
                for note in &n.notes {
                    out.push_str(&format!(
                        "{pad}  {}. {}\n",
                        note.number,
                        spans(&note.content)
                    ));
                }
            }
        }
    }
}

fn describe(d: &Document) -> String {
    let mut s = format!(
        "title: {}\nsubject: {}\nauthor: {}\nlanguage: {}\nheader: {}\nfooter: {}\npage: {}\n\n",
        d.meta.title,
        d.meta.subject,
        d.meta.author,
        d.meta.language,
        d.furniture.header,
        d.furniture.footer,
        d.furniture.page_label
    );
    outline(&d.blocks, 0, &mut s);
    s
}

#[test]
fn example_packs_as_document_models() {
    let loaded = rendered(&example_inputs());
    insta::assert_snapshot!("france_pack", describe(doc(&loaded, "2024-03-21-france")));
    insta::assert_snapshot!("foc_pack", describe(doc(&loaded, "2024-03-19-foc")));
}

#[test]
fn packs_follow_their_language_with_no_english_label_left() {
    let loaded = rendered(&example_inputs());
    let fr = describe(doc(&loaded, "2024-03-21-france"));
    let es = describe(doc(&loaded, "2024-03-21-chile"));
    for english in [
        "Briefing for",
        "Our recommendations",
        "Page {page} of",
        "What we ask",
        "Who we are",
        "Date of the review",
    ] {
        assert!(!fr.contains(english), "French pack has \"{english}\"");
        assert!(!es.contains(english), "Spanish pack has \"{english}\"");
    }
    assert!(fr.contains("21 mars 2024"));
    assert!(fr.contains("7 mai 2024"));
    assert!(es.contains("21 de marzo de 2024"));
    assert!(es.contains("Página {page} de {pages}"));
}

const HOSTILE: &str = r##"date: 2024-03-21
location: "# Not a heading | not a cell"
counterpart:
  state: FR
  institution: "Embassy *of* [France](https://evil.example) <script>x</script>"
  people: [ { name: "Phạm | Đoan *Trang* [x](y)", title: "1. Officer" } ]
delegation: [liv]
asks:
  - "# heading?\n\n- list?\n\n| a | b |\n|---|---|\n| c | d |"
  - "Keep *emphasis* and [links](https://example.org) but not <b>html</b>"
"##;

#[test]
fn hostile_text_is_shown_literally_and_changes_no_structure() {
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", HOSTILE)]);
    let loaded = rendered(&c.inputs());
    let d = describe(doc(&loaded, "2024-03-21-france"));
    assert!(
        d.contains("Embassy *of* [France](https://evil.example) <script>x</script>"),
        "{d}"
    );
    assert!(
        d.contains("**Phạm | Đoan *Trang* [x](y)**, 1. Officer"),
        "{d}"
    );
    assert!(
        d.contains("TR | 21 mars 2024 | # Not a heading | not a cell |"),
        "{d}"
    );
    // The narrative ask keeps inline Markdown, and its block syntax stays text.
    assert!(
        d.contains("P # heading? - list? | a | b | |---|---| | c | d |"),
        "{d}"
    );
    assert!(d.contains("_emphasis_"), "{d}");
    assert!(d.contains("[links](https://example.org)"), "{d}");
    assert!(d.contains("<b>html</b>"), "{d}");
    // No heading, list or table came from data: the pack has the template's.
    let headings = d.lines().filter(|l| l.starts_with("H")).count();
    let base = describe(doc(
        &rendered(&Campaign::base_with(&[]).inputs()),
        "2024-03-21-france",
    ));
    assert_eq!(
        headings,
        base.lines().filter(|l| l.starts_with("H")).count()
    );
    assert_eq!(d.lines().filter(|l| l.starts_with("TH")).count(), 1);
}

fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let tree = roxmltree::Document::parse(&xml).unwrap();
    tree.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn docx_packs_read_back_with_their_tailored_recommendations_in_order() {
    let loaded = rendered(&example_inputs());
    let packs = &loaded.loaded.assembled.as_ref().unwrap().packs;
    for (pack, d) in packs.iter().zip(&loaded.documents) {
        let text = docx_text(&docx::docx(d, &StyleSheet::for_page(PageSize::A4)).unwrap());
        let mut at = 0;
        for r in &pack.recommendations {
            let heading = format!("{}. {}", r.id, r.title);
            let found = text[at..]
                .find(&heading)
                .unwrap_or_else(|| panic!("{}: {heading} missing or out of order", pack.id));
            at += found + heading.len();
        }
        assert!(text.contains(&pack.counterpart.institution));
    }
    let france = docx_text(
        &docx::docx(
            doc(&loaded, "2024-03-21-france"),
            &StyleSheet::for_page(PageSize::A4),
        )
        .unwrap(),
    );
    assert!(france.contains("Nguyễn Văn Đài"));
    assert!(france.contains("Luật An ninh mạng"));
    assert!(france.contains("Nos recommandations"));
}

#[test]
fn adding_a_language_is_adding_a_file() {
    let c = Campaign::base_with(&[(
        "meetings/2024-03-20-sweden.yaml",
        "date: 2024-03-20\nlocation: Stockholm\ncounterpart: {state: SE, institution: Utrikesdepartementet}\ndelegation: [liv]\nlanguage: sv\n",
    )]);
    let templates = c.dir.path().join("templates");
    std::fs::create_dir_all(templates.join("i18n")).unwrap();
    let en = include_str!("../../templates/i18n/en.yaml");
    let sv = en
        .replace("[January, February, March, April, May, June, July, August, September, October, November, December]", "[januari, februari, mars, april, maj, juni, juli, augusti, september, oktober, november, december]")
        .replace("recommendations: Our recommendations", "recommendations: Våra rekommendationer");
    std::fs::write(templates.join("i18n/sv.yaml"), &sv).unwrap();
    let loaded = rendered_with(&c.inputs(), Some(&templates));
    let d = describe(doc(&loaded, "2024-03-20-sweden"));
    assert!(d.contains("H1 Våra rekommendationer"), "{d}");
    assert!(d.contains("20 mars 2024"), "{d}");
    assert!(d.contains("language: sv"), "{d}");

    // A language file missing a label is an error naming it.
    std::fs::write(
        templates.join("i18n/sv.yaml"),
        sv.replace("  asks: What we ask of you\n", ""),
    )
    .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 4, 20).unwrap();
    let loaded =
        pipeline::load_and_check(&c.inputs(), Some(&templates), &Default::default(), today)
            .unwrap();
    let msgs: Vec<String> = loaded.diags.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("the sv language file has no label \"asks\"")),
        "{msgs:?}"
    );
    assert!(!msgs.iter().any(|m| m.contains("lacks")), "{msgs:?}");

    // A misspelt one is also a label the English file lacks: a warning
    // that suggests the right key.
    std::fs::write(
        templates.join("i18n/sv.yaml"),
        sv.replace(
            "  asks: What we ask of you\n",
            "  aks: What we ask of you\n",
        ),
    )
    .unwrap();
    let loaded =
        pipeline::load_and_check(&c.inputs(), Some(&templates), &Default::default(), today)
            .unwrap();
    let msgs: Vec<String> = loaded.diags.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter().any(|m| m.contains(
            "warning[invalid-language-file]: the sv language file has a label \"aks\" the English one lacks (did you mean \"asks\"?)"
        )),
        "{msgs:?}"
    );
    // A Russian-style list of standalone months must have twelve.
    std::fs::write(
        templates.join("i18n/sv.yaml"),
        format!("{sv}months_standalone: [januari]\n"),
    )
    .unwrap();
    let loaded =
        pipeline::load_and_check(&c.inputs(), Some(&templates), &Default::default(), today)
            .unwrap();
    let msgs: Vec<String> = loaded.diags.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("sv: `months_standalone` lists 1 months, not 12")),
        "{msgs:?}"
    );
}

/// France's profile with three earlier recommendations: one supported
/// (expression), one noted (journalists) and one on a theme no recommendation
/// of France's pack has (cyber).
const FRANCE_PRIORS: &str = r#"code: FR
name: France
names: { fr: France, es: Francia }
language: fr
hrc_member: { from: 2024, to: 2026 }
foc_member: true
priorities: [expression]
prior_recommendations:
  - cycle: 3
    ref: A/HRC/41/7 para 38.168
    text: "Guarantee freedom of expression online"
    response: supported
    themes: [expression]
  - cycle: 3
    ref: A/HRC/41/7 para 38.200
    text: "Release detained bloggers"
    response: noted
    themes: [journalists]
  - cycle: 2
    ref: A/HRC/26/6 para 143.1
    text: "Unrelated cybersecurity quote"
    response: supported
    themes: [cyber]
"#;

#[test]
fn earlier_recommendations_show_their_own_response_in_every_pack_language() {
    // (language, "supported", "noted") as the language files say them.
    let languages = [
        ("en", "supported", "noted"),
        ("fr", "acceptée", "il en a pris note"),
        ("es", "apoyada", "se tomó nota de ella"),
        ("ru", "поддержана", "принята к сведению"),
        ("zh", "支持", "注意到"),
        ("ar", "أيدتها", "أحاطت علماً بها"),
    ];
    let meeting =
        std::fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap();
    for (lang, supported, noted) in languages {
        let meeting = format!("{meeting}language: {lang}\n");
        let c = Campaign::base_with(&[
            ("states/fr.yaml", FRANCE_PRIORS),
            ("meetings/2024-03-21-france.yaml", &meeting),
        ]);
        // Arabic and Chinese have no font yet: the document, not its PDF.
        let (d, _, _) = pack_before_the_glyph_check(&c, "2024-03-21-france");
        let text = describe(&d);
        let line = |quote: &str| {
            text.lines()
                .find(|l| l.contains(quote))
                .unwrap_or_else(|| panic!("{lang}: {quote:?} is not quoted:\n{text}"))
                .to_string()
        };
        // Each quote ends with its own response, in the pack's language.
        let noted_line = line("Release detained bloggers");
        assert!(
            noted_line.ends_with(&format!("**{noted}**")),
            "{lang}: {noted_line}"
        );
        let supported_line = line("Guarantee freedom of expression online");
        assert!(
            supported_line.ends_with(&format!("**{supported}**")),
            "{lang}: {supported_line}"
        );
        // No recommendation of the pack is on cyber: that one is not quoted.
        assert!(
            !text.contains("Unrelated cybersecurity quote"),
            "{lang}:\n{text}"
        );
    }
}

/// The base campaign with France and Viet Nam named in all six UN languages
/// and the France meeting's pack in `lang`.
fn france_pack_in(lang: &str) -> Campaign {
    let base = common::fixtures().join("base");
    let meeting = std::fs::read_to_string(base.join("meetings/2024-03-21-france.yaml")).unwrap();
    let france = std::fs::read_to_string(base.join("states/fr.yaml"))
        .unwrap()
        .replace(
            "names: { fr: France, es: Francia }",
            "names: { fr: France, es: Francia, ru: Франция, zh: 法国, ar: فرنسا }",
        );
    let viet_nam = std::fs::read_to_string(base.join("states/vn.yaml"))
        .unwrap()
        .replace(
            "names: { fr: Viet Nam, es: Viet Nam }",
            "names: { fr: Viet Nam, es: Viet Nam, ru: Вьетнам, zh: 越南, ar: فييت نام }",
        );
    Campaign::base_with(&[
        ("states/fr.yaml", &france),
        ("states/vn.yaml", &viet_nam),
        (
            "meetings/2024-03-21-france.yaml",
            &format!("{meeting}language: {lang}\n"),
        ),
    ])
}

/// The pack `id` of `c` as a document and as Markdown, with the warnings
/// of the stages that made it: ingest, templates, normalize, assemble and
/// render, without `load`'s check that a font draws every character, which
/// fails for Arabic and Chinese as long as no font for them is found.
fn pack_before_the_glyph_check(c: &Campaign, id: &str) -> (Document, String, Vec<String>) {
    let mut diags = upr_brief::diag::Diagnostics::default();
    let mut inputs = upr_brief::ingest::ingest(&c.inputs(), &mut diags).unwrap();
    let templates =
        upr_brief::render::Templates::load(None, &mut inputs.sources, &mut diags).unwrap();
    let campaign = upr_brief::normalize::normalize(&inputs, &templates.languages(), &mut diags);
    let campaign = campaign.unwrap_or_else(|| panic!("{:?}", diags.iter().collect::<Vec<_>>()));
    let today = chrono::NaiveDate::from_ymd_opt(2024, 4, 20).unwrap();
    let assembled = upr_brief::assemble::assemble(&campaign, &inputs.sources, today);
    diags.extend(assembled.diags);
    let messages: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(!diags.has_errors(), "{messages:?}");
    let pack = assembled.packs.iter().find(|p| p.id == id).unwrap();
    let markdown = templates.pack_markdown(pack, &inputs.sources).unwrap();
    let document = templates.pack(pack, &inputs.sources).unwrap();
    (document, markdown, messages)
}

#[test]
fn arabic_and_chinese_packs_show_their_labels_dates_and_names() {
    // (language, what the document and its DOCX must show: labels, the
    // meeting's and the review's dates, the counterpart and the state under
    // review; the page label)
    let cases = [
        (
            "ar",
            [
                "H1 توصياتنا",
                "الدولة موضوع الاستعراض: **فييت نام**",
                "21 آذار/مارس 2024",
                "تاريخ الاستعراض: 7 أيار/مايو 2024",
                "H1 وفدكم والاستعراض: فرنسا",
                "عضو في مجلس حقوق الإنسان (مدة العضوية 2024–2026)",
            ],
            "الصفحة {page} من {pages}",
        ),
        (
            "zh",
            [
                "H1 我们的建议",
                "受审议国：**越南**",
                "2024年3月21日",
                "审议日期：2024年5月7日",
                "H1 贵国代表团与本次审议：法国",
                "人权理事会成员（任期 2024–2026）",
            ],
            "第{page}页，共{pages}页",
        ),
    ];
    for (lang, shown, page) in cases {
        let c = france_pack_in(lang);
        let (d, markdown, msgs) = pack_before_the_glyph_check(&c, "2024-03-21-france");
        let text = describe(&d);
        assert!(
            markdown.contains(shown[0].trim_start_matches("H1 ")),
            "{markdown}"
        );
        for s in shown {
            assert!(text.contains(s), "{lang}: {s:?} not in\n{text}");
        }
        assert!(text.contains(&format!("language: {lang}\n")), "{text}");
        assert!(text.contains(&format!("page: {page}\n")), "{text}");
        for english in [
            "Briefing for",
            "Our recommendations",
            "What we ask",
            "Who we are",
            "Date of the review",
            "March",
            "France",
            "Viet Nam",
        ] {
            // The French embassy's own free text stays as written.
            let without_free_text = text
                .replace("Embassy of France in the Republic of Korea", "")
                .replace("Embassy of France, Seoul", "");
            assert!(
                !without_free_text.contains(english),
                "{lang}: {english:?} in\n{text}"
            );
        }
        // The DOCX says the same.
        // (less the joiners that keep a range of years on one line)
        let docx = docx_text(&docx::docx(&d, &StyleSheet::for_page(PageSize::A4)).unwrap())
            .replace('\u{200D}', "");
        for s in shown {
            let s = s.trim_start_matches("H1 ").replace("**", "");
            assert!(docx.contains(&s), "{lang}: {s:?} not in the DOCX:\n{docx}");
        }
        // Names are translated: no warning about a state's name.
        assert!(!msgs.iter().any(|m| m.contains("state ")), "{msgs:?}");
    }
}

/// France's profile with a second earlier recommendation, quoted in Spanish.
const FRANCE_QUOTING_SPANISH: &str = r#"code: FR
name: France
names: { fr: France, es: Francia }
language: fr
hrc_member: { from: 2024, to: 2026 }
foc_member: true
priorities: [expression]
prior_recommendations:
  - cycle: 3
    ref: A/HRC/41/7 para 38.168
    text: "Take steps to guarantee freedom of opinion and freedom of expression, including on the Internet"
    response: supported
    themes: [expression, cyber]
  - cycle: 2
    text: "Garantizar la libertad de expresión en línea"
    response: noted
    themes: [journalists]
    language: es
"#;

/// Each run of `word/document.xml` as (its text, its `w:lang w:val`), in order.
fn docx_runs(bytes: &[u8]) -> Vec<(String, Option<String>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let tree = roxmltree::Document::parse(&xml).unwrap();
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    tree.descendants()
        .filter(|n| n.has_tag_name((w, "r")))
        .map(|r| {
            let text = r
                .descendants()
                .filter(|n| n.has_tag_name((w, "t")))
                .filter_map(|n| n.text())
                .collect();
            let lang = r
                .descendants()
                .find(|n| n.has_tag_name((w, "lang")))
                .and_then(|l| l.attribute((w, "val")))
                .map(str::to_string);
            (text, lang)
        })
        .collect()
}

#[test]
fn quotes_and_english_stand_ins_are_marked_with_their_language_in_the_docx() {
    let c = Campaign::base_with(&[("states/fr.yaml", FRANCE_QUOTING_SPANISH)]);
    let loaded = rendered(&c.inputs());
    let france = doc(&loaded, "2024-03-21-france");
    let bytes = docx::docx(france, &StyleSheet::for_page(PageSize::A4)).unwrap();
    let runs = docx_runs(&bytes);
    let lang_of = |text: &str| {
        let run = runs.iter().find(|(t, _)| t.contains(text));
        run.unwrap_or_else(|| panic!("no run with {text:?}: {runs:?}"))
            .1
            .clone()
    };
    // Earlier recommendations, quoted in their own language.
    assert_eq!(
        lang_of("Garantizar la libertad de expresión en línea").as_deref(),
        Some("es-ES")
    );
    assert_eq!(
        lang_of("Take steps to guarantee freedom of opinion").as_deref(),
        Some("en-GB")
    );
    // R03 has no French translation: its English title and text stand in.
    assert_eq!(lang_of("Repeal article 117").as_deref(), Some("en-GB"));
    assert_eq!(
        lang_of("Repeal article 117 of the Penal Code.").as_deref(),
        Some("en-GB")
    );
    // Translated text and the French labels are in the document's language.
    assert_eq!(lang_of("Libérer les blogueurs"), None);
    assert_eq!(lang_of("Nos recommandations"), None);
    // An English pack marks nothing English, but still the Spanish quote.
    let c = Campaign::base_with(&[(
        "states/fr.yaml",
        &FRANCE_QUOTING_SPANISH.replace("language: fr\n", "language: en\n"),
    )]);
    let loaded = rendered(&c.inputs());
    let bytes = docx::docx(
        doc(&loaded, "2024-03-21-france"),
        &StyleSheet::for_page(PageSize::A4),
    )
    .unwrap();
    let marked: Vec<(String, Option<String>)> = docx_runs(&bytes)
        .into_iter()
        .filter(|r| r.1.is_some())
        .collect();
    assert!(
        marked
            .iter()
            .all(|(t, l)| l.as_deref() == Some("es-ES") && t.contains("Garantizar")),
        "{marked:?}"
    );
    assert!(!marked.is_empty());
}

#[test]
fn a_cover_title_standing_in_for_a_translation_is_marked_in_the_docx() {
    // The hostile campaign's title has no French translation.
    let loaded = rendered(&common::fixtures().join("hostile"));
    let bytes = docx::docx(
        doc(&loaded, "2024-04-02-phap"),
        &StyleSheet::for_page(PageSize::A4),
    )
    .unwrap();
    let runs = docx_runs(&bytes);
    let title = runs
        .iter()
        .find(|(t, _)| t.contains("Quyền số ở Việt Nam"))
        .unwrap_or_else(|| panic!("no title: {runs:?}"));
    assert_eq!(title.1.as_deref(), Some("en-GB"), "{runs:?}");
    // A translated title is in the document's language.
    let loaded = rendered(&example_inputs());
    let bytes = docx::docx(
        doc(&loaded, "2024-03-21-france"),
        &StyleSheet::for_page(PageSize::A4),
    )
    .unwrap();
    let runs = docx_runs(&bytes);
    let title = runs
        .iter()
        .find(|(t, _)| t.contains("Droits numériques au Viet Nam"))
        .unwrap();
    assert_eq!(title.1, None);
}

/// Every separator, quotation mark and sentence pattern of a pack comes
/// from its language file: Chinese full-width marks with no added space,
/// Arabic commas and guillemets, French guillemets with narrow no-break
/// spaces, Russian "в 2024 году"; and an earlier recommendation quoted
/// under another is said to be so once, listing them.
#[test]
fn packs_punctuate_and_word_their_sentences_in_their_language() {
    let nn = '\u{202f}';
    let cases: [(&str, Vec<String>); 6] = [
        (
            "en",
            vec![
                "Martin**, Political Officer".into(),
                "Not a member of the Human Rights Council in 2024".into(),
                " (cycle 3, A/HRC/41/7 para 38.168): “Take steps".into(),
                "Internet” — ".into(),
                "Briefing for: Embassy of France".into(),
            ],
        ),
        (
            "fr",
            vec![
                "Martin**, Political Officer".into(),
                "N'est pas membre du Conseil des droits de l'homme en 2024".into(),
                format!(" (3e cycle, A/HRC/41/7 para 38.168)\u{a0}: «{nn}‹en›Take steps"),
                format!("Internet‹/en›{nn}» — "),
            ],
        ),
        (
            "es",
            vec![
                "No es miembro del Consejo de Derechos Humanos en 2024".into(),
                " (ciclo 3, A/HRC/41/7 para 38.168): «‹en›Take steps".into(),
            ],
        ),
        (
            "ru",
            vec![
                "Martin**, Political Officer".into(),
                "Не является членом Совета по правам человека в 2024 году".into(),
                " (цикл 3, A/HRC/41/7 para 38.168): «‹en›Take steps".into(),
                "Internet‹/en›» — ".into(),
            ],
        ),
        (
            "zh",
            vec![
                "Martin**，Political Officer".into(),
                "2024年非人权理事会成员".into(),
                "（第3轮，A/HRC/41/7 para 38.168）：“‹en›Take steps".into(),
                "Internet‹/en›”——".into(),
                "简报对象：Embassy of France".into(),
            ],
        ),
        (
            "ar",
            vec![
                "Martin**، Political Officer".into(),
                "ليست عضواً في مجلس حقوق الإنسان في عام 2024".into(),
                " (الجولة 3، A/HRC/41/7 para 38.168): «‹en›Take steps".into(),
                "Internet‹/en›» — ".into(),
            ],
        ),
    ];
    let base = common::fixtures().join("base");
    let fr = std::fs::read_to_string(base.join("states/fr.yaml")).unwrap();
    let not_member = fr.replace("hrc_member: { from: 2024, to: 2026 }\n", "");
    assert_ne!(not_member, fr);
    for (lang, shown) in cases {
        let c = france_pack_in(lang);
        std::fs::write(
            c.inputs().join("states/fr.yaml"),
            std::fs::read_to_string(c.inputs().join("states/fr.yaml"))
                .unwrap()
                .replace("hrc_member: { from: 2024, to: 2026 }\n", ""),
        )
        .unwrap();
        let (d, _, _) = pack_before_the_glyph_check(&c, "2024-03-21-france");
        let text = describe(&d);
        for s in &shown {
            assert!(text.contains(s.as_str()), "{lang}: {s:?} not in\n{text}");
        }
        if lang == "zh" {
            // No Latin separator, and no space after a full-width mark.
            for latin in ["“ ", "： ", "（ ", " (", "， "] {
                assert!(!text.contains(latin), "{lang}: {latin:?} in\n{text}");
            }
        }
    }
}

/// Four earlier recommendations quoted under R01 are said to be so once,
/// in a line that lists them.
#[test]
fn earlier_recommendations_quoted_elsewhere_are_listed_once() {
    let base = common::fixtures().join("base");
    let fr = std::fs::read_to_string(base.join("states/fr.yaml")).unwrap();
    let more = (0..3)
        .map(|i| {
            format!(
                "  - cycle: 2\n    ref: A/HRC/26/6 para 143.{i}\n    text: \"Other text {i}\"\n    response: noted\n    themes: [expression, cyber]\n"
            )
        })
        .collect::<String>();
    let meeting = std::fs::read_to_string(base.join("meetings/2024-03-21-france.yaml"))
        .unwrap()
        .replace(
            "recommendations: [R02]",
            "recommendations: [R01, R02]\nlanguage: en",
        );
    let c = Campaign::base_with(&[
        ("states/fr.yaml", &format!("{fr}{more}")),
        ("meetings/2024-03-21-france.yaml", &meeting),
    ]);
    let (d, markdown, _) = pack_before_the_glyph_check(&c, "2024-03-21-france");
    let text = describe(&d);
    // Quoted in full under R01; every other recommendation of the pack
    // says so in one line.
    assert_eq!(text.matches("“Other text 1”").count(), 1, "{markdown}");
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("quoted under"))
        .collect();
    let others = text.lines().filter(|l| l.starts_with("H2 ")).count() - 1;
    assert_eq!(lines.len(), others, "{markdown}");
    for line in lines {
        assert!(
            line.ends_with(
                "_Your earlier recommendations_ (cycle 3, A/HRC/41/7 para 38.168; cycle 2, A/HRC/26/6 para 143.0; cycle 2, A/HRC/26/6 para 143.1; cycle 2, A/HRC/26/6 para 143.2): quoted under R01"
            ),
            "{line}"
        );
    }
}

/// A misspelt field in a template is named, with the field meant, at its
/// place in the template file: no Rust internals.
#[test]
fn a_misspelt_template_field_is_named_at_its_line_with_the_field_meant() {
    let dir = tempfile::tempdir().unwrap();
    let builtin = include_str!("../../templates/pack.md.hbs");
    for (from, to, message) in [
        (
            "{{counterpart.institution}}",
            "{{counterpart.instituton}}",
            "error[template]: unknown field `counterpart.instituton` (did you mean `institution`?)",
        ),
        (
            "- **{{name}}**",
            "- **{{nmae}}**",
            "error[template]: unknown field `nmae` (did you mean `name`?)",
        ),
    ] {
        let changed = builtin.replacen(from, to, 1);
        assert_ne!(changed, builtin);
        std::fs::write(dir.path().join("pack.md.hbs"), &changed).unwrap();
        let (line, column) = changed
            .lines()
            .enumerate()
            .find_map(|(i, l)| l.find(to).map(|c| (i + 1, c + to.find("{{").unwrap() + 1)))
            .unwrap();
        let (code, text) = common::run(
            common::tool()
                .arg("check")
                .arg("--inputs")
                .arg(common::fixtures().join("base"))
                .arg("--templates")
                .arg(dir.path()),
        );
        assert_eq!(code, 1, "{text}");
        assert!(text.contains(message), "{text}");
        assert!(
            text.contains(&format!("pack.md.hbs:{line}:{column}")),
            "{line}:{column} {text}"
        );
        assert!(!text.contains("strict mode"), "{text}");
    }
}
