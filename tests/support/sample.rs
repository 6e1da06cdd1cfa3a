//! A briefing pack built in code, shared by the PDF tests and the timing example.

use upr_brief::doc::{Block, Cover, Document, Furniture, Inline, Metadata, Table};

pub fn t(s: &str) -> Inline {
    Inline::plain(s)
}

pub fn b(s: &str) -> Inline {
    Inline {
        bold: true,
        ..Inline::plain(s)
    }
}

pub fn i(s: &str) -> Inline {
    Inline {
        italic: true,
        ..Inline::plain(s)
    }
}

pub fn link(s: &str, url: &str) -> Inline {
    Inline {
        link: Some(url.to_string()),
        ..Inline::plain(s)
    }
}

pub fn h(level: u8, s: &str) -> Block {
    Block::Heading {
        level,
        content: vec![t(s)],
    }
}

pub fn p(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(inlines)
}

pub const LONG_URL: &str = "https://www.ohchr.org/en/hr-bodies/upr/vn-index/documents/session-46/recommendations-and-voluntary-pledges/annex-matrix-of-recommendations-vietnam-2024-final-version.pdf";

pub fn metadata() -> Metadata {
    Metadata {
        title: "Việt Nam — UPR Briefing (4th cycle)".into(),
        subject: "Quyền tự do ngôn luận / Freedom of expression".into(),
        author: "Coalition pour la liberté d’expression; Nguyễn Thị Hà".into(),
        language: "en-GB".into(),
    }
}

pub fn furniture() -> Furniture {
    Furniture {
        header: "Universal Periodic Review of Việt Nam — Briefing pack".into(),
        footer: "Prepared for Embassy of France — 21 March 2024".into(),
        page_label: "Page {page} of {pages}".into(),
    }
}

/// A 60-row table of cases.
pub fn cases_table(rows: usize) -> Table {
    let names = [
        "Nguyễn Văn Đài",
        "Phạm Đoan Trang",
        "Lê Đình Lượng",
        "Trần Huỳnh Duy Thức",
        "Đặng Đình Bách",
        "Hoàng Thị Minh Hồng",
    ];
    let laws = [
        "Điều 117 Bộ luật Hình sự",
        "Luật An ninh mạng",
        "Điều 331",
        "Điều 109",
    ];
    Table {
        header: vec![
            vec![t("#")],
            vec![t("Name")],
            vec![t("Charge")],
            vec![t("Sentence and status")],
        ],
        rows: (0..rows)
            .map(|r| {
                vec![
                    vec![t(&(r + 1).to_string())],
                    vec![b(names[r % names.len()])],
                    vec![t(laws[r % laws.len()])],
                    vec![
                        t(&format!("{} years; ", 4 + r % 11)),
                        i(if r % 3 == 0 {
                            "détention arbitraire selon le Groupe de travail, avis n° 2024/12"
                        } else {
                            "in prison"
                        }),
                    ],
                ]
            })
            .collect(),
    }
}

pub fn sample_document(rows: usize) -> Document {
    Document {
        meta: metadata(),
        furniture: furniture(),
        blocks: vec![
            Block::Cover(Cover {
                title: "Việt Nam: Freedom of Expression under the Luật An ninh mạng".into(),
                subtitle: "Briefing pack for the 4th cycle of the Universal Periodic Review".into(),
                lines: vec![
                    "Geneva, 21 March 2024".into(),
                    "Coalition: Article 19 · Amnesty International · Human Rights Watch".into(),
                ],
            }),
            h(1, "Summary"),
            p(vec![
                t("Since the last review, the authorities have imprisoned "),
                b("Nguyễn Văn Đài"),
                t(" and others for peaceful expression. The "),
                i("Luật An ninh mạng"),
                t(
                    " (Cybersecurity Law, 2018) obliges platforms to remove content within 24 hours. See the ",
                ),
                link(
                    "OHCHR country page",
                    "https://www.ohchr.org/en/countries/viet-nam",
                ),
                t(" for the record of the third cycle."),
            ]),
            p(vec![
                t(
                    "« La liberté d’expression n’est pas négociable », a rappelé la délégation française. ",
                ),
                t(
                    "¿Cuántas personas siguen detenidas por publicar en Facebook? La respuesta del Estado fue evasiva. ",
                ),
                t("Quyền tự do ngôn luận được Hiến pháp năm 2013 bảo đảm tại Điều 25."),
            ]),
            h(2, "Recommendations"),
            Block::List {
                ordered: true,
                start: 1,
                items: vec![
                    vec![p(vec![
                        t("Release "),
                        b("Phạm Đoan Trang"),
                        t(" and all others detained for their expression."),
                    ])],
                    vec![p(vec![t(
                        "Amend Articles 117 and 331 of the Penal Code to bring them into line with Article 19 of the ICCPR.",
                    )])],
                    vec![
                        p(vec![t("Review the Luật An ninh mạng, in particular:")]),
                        Block::List {
                            ordered: false,
                            start: 1,
                            items: vec![
                                vec![p(vec![t("data localisation (Article 26);")])],
                                vec![p(vec![t("the 24-hour takedown duty;")])],
                            ],
                        },
                    ],
                ],
            },
            h(3, "Sources"),
            Block::List {
                ordered: false,
                start: 1,
                items: vec![
                    vec![p(vec![link(
                        "UPR Info: Viet Nam",
                        "https://www.upr-info.org/en/review/viet-nam",
                    )])],
                    vec![p(vec![
                        t("Matrix of recommendations: "),
                        link(LONG_URL, LONG_URL),
                    ])],
                ],
            },
            h(2, "Cases of concern"),
            p(vec![t(
                "The table lists people imprisoned for their expression since 2019.",
            )]),
            Block::Table(cases_table(rows)),
            h(1, "Annex"),
            h(2, "Method"),
            p(vec![t("Numbered lists restart in every list:")]),
            Block::List {
                ordered: true,
                start: 1,
                items: vec![vec![p(vec![t("first")])], vec![p(vec![t("second")])]],
            },
            h(3, "Contacts"),
            p(vec![
                t("Write to "),
                link("brief@example.org", "mailto:brief@example.org"),
                t("."),
            ]),
        ],
    }
}
