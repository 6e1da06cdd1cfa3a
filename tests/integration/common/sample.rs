//! Documents built in code for the writer tests and the sample examples:
//! Vietnamese, French and Spanish text, headings, lists, long tables, links
//! and hostile text. [`sample`] is the DOCX tests' pack, [`sample_document`]
//! the PDF tests' (with a table of any length).

#![allow(dead_code)]

use upr_brief::doc::{
    Block, Cover, Document, Furniture, HeadingLevel, Inline, Metadata, Table, Url,
};

pub fn span(text: &str) -> Inline {
    Inline::plain(text)
}

pub fn bold(text: &str) -> Inline {
    Inline {
        bold: true,
        ..Inline::plain(text)
    }
}

pub fn italic(text: &str) -> Inline {
    Inline {
        italic: true,
        ..Inline::plain(text)
    }
}

pub fn link(text: &str, url: &str) -> Inline {
    Inline {
        link: Some(Url::parse(url).expect("an http(s) or mailto URL")),
        ..Inline::plain(text)
    }
}

pub fn para(spans: Vec<Inline>) -> Block {
    Block::Paragraph(spans)
}

pub fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level: HeadingLevel::clamped(level),
        content: vec![span(text)],
    }
}

pub fn list(ordered: bool, items: &[&str]) -> Block {
    Block::List {
        ordered,
        start: 1,
        items: items.iter().map(|t| vec![para(vec![span(t)])]).collect(),
    }
}

pub const NAMES: [&str; 5] = [
    "Nguyễn Văn Đài",
    "Phạm Đoan Trang",
    "Lê Đình Lượng",
    "Trần Huỳnh Duy Thức",
    "Huỳnh Thục Vy",
];

pub const HOSTILE: &str = "<tag> & | * [x](y) \"quoted\" 'single' \u{0}\u{7}\u{1B}\u{FFFF}end";

pub fn long_word() -> String {
    "Đ".repeat(1000) + &"a".repeat(1000) + &"ễ".repeat(1000)
}

pub fn sample() -> Document {
    let rows: Vec<Vec<Vec<Inline>>> = (1..=60)
        .map(|i| {
            let name = NAMES[i % NAMES.len()];
            vec![
                vec![span(&i.to_string())],
                vec![bold(name)],
                vec![span("Luật An ninh mạng (2018), điều 117 Bộ luật Hình sự")],
                vec![link(
                    "Rapport",
                    "https://www.ohchr.org/fr/hr-bodies/upr/vn-index",
                )],
            ]
        })
        .collect();
    let table = Table {
        header: Some(vec![
            vec![span("N°")],
            vec![span("Nom / Tên")],
            vec![span("Chef d'accusation")],
            vec![span("Source")],
        ]),
        rows,
    };

    let blocks = vec![
        Block::Cover(Cover {
            title: vec![span("Viet Nam — Examen périodique universel, 4e cycle")],
            subtitle: vec![span("Note d'information pour les délégations")],
            lines: vec![
                vec![span("Genève, mars 2024")],
                vec![span("Coalition: Defend the Defenders & Article 19 <draft>")],
            ],
            logos: Vec::new(),
        }),
        Block::PageBreak,
        heading(1, "1. Résumé"),
        para(vec![
            span("Le Viet Nam détient au moins "),
            bold("159"),
            span(" prisonniers d'opinion, dont "),
            italic("Nguyễn Văn Đài"),
            span(" et "),
            italic("Phạm Đoan Trang"),
            span(". Voir le "),
            link(
                "rapport du HCDH",
                "https://www.ohchr.org/en/countries/viet-nam",
            ),
            span(" et la "),
            link(
                "Luật An ninh mạng",
                "https://vi.wikipedia.org/wiki/Luật_An_ninh_mạng_2018",
            ),
            span("."),
        ]),
        heading(2, "1.1 Recommandations prioritaires"),
        list(
            true,
            &[
                "Libérer Nguyễn Văn Đài et Lê Đình Lượng.",
                "Abroger l'article 117 du Code pénal.",
                "Modifier la Luật An ninh mạng.",
            ],
        ),
        heading(3, "1.1.1 Contexte"),
        list(
            false,
            &[
                "Détention arbitraire",
                "Surveillance en ligne",
                "Restrictions à la liberté d'association",
            ],
        ),
        Block::List {
            ordered: false,
            start: 1,
            items: vec![
                vec![
                    para(vec![span("Niveau 1 avec sous-liste")]),
                    Block::List {
                        ordered: true,
                        start: 1,
                        items: vec![
                            vec![para(vec![span("Sous-élément a")])],
                            vec![para(vec![span("Sous-élément b")])],
                        ],
                    },
                    para(vec![span("Suite du niveau 1")]),
                ],
                vec![para(vec![span("Second élément")])],
            ],
        },
        heading(2, "1.2 Recomendaciones (español)"),
        para(vec![span(
            "Página de recomendaciones: España recomendó liberar a Trần Huỳnh Duy Thức.",
        )]),
        list(
            true,
            &[
                "Liberar a todas las personas defensoras.",
                "Garantizar la libertad de expresión en línea.",
            ],
        ),
        heading(1, "2. Prisonniers d'opinion"),
        Block::Table(table),
        heading(2, "Texte hostile"),
        para(vec![
            span(HOSTILE),
            link("lien <bizarre>", "https://ex.org/a b?q=<x>&r=\"1\""),
        ]),
        para(vec![span(&long_word())]),
        para(vec![span("Tab\there, line\nbreak.")]),
    ];

    Document {
        meta: Metadata {
            title: "UPR Viet Nam — Note d'information".into(),
            subject: "Examen périodique universel, 4e cycle".into(),
            author: "Defend the Defenders; Article 19".into(),
            language: "fr".into(),
        },
        furniture: Furniture {
            header: "UPR Viet Nam 2024 — Nguyễn Văn Đài".into(),
            footer: "Préparé pour l'Ambassade de France — 21 mars 2024".into(),
            page_label: "Page {page} of {pages}".into(),
        },
        blocks,
    }
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
        header: Some(vec![
            vec![span("#")],
            vec![span("Name")],
            vec![span("Charge")],
            vec![span("Sentence and status")],
        ]),
        rows: (0..rows)
            .map(|r| {
                vec![
                    vec![span(&(r + 1).to_string())],
                    vec![bold(names[r % names.len()])],
                    vec![span(laws[r % laws.len()])],
                    vec![
                        span(&format!("{} years; ", 4 + r % 11)),
                        italic(if r % 3 == 0 {
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
                title: vec![span(
                    "Việt Nam: Freedom of Expression under the Luật An ninh mạng",
                )],
                subtitle: vec![span(
                    "Briefing pack for the 4th cycle of the Universal Periodic Review",
                )],
                lines: vec![
                    vec![span("Geneva, 21 March 2024")],
                    vec![span(
                        "Coalition: Article 19 · Amnesty International · Human Rights Watch",
                    )],
                ],
                logos: Vec::new(),
            }),
            heading(1, "Summary"),
            para(vec![
                span("Since the last review, the authorities have imprisoned "),
                bold("Nguyễn Văn Đài"),
                span(" and others for peaceful expression. The "),
                italic("Luật An ninh mạng"),
                span(
                    " (Cybersecurity Law, 2018) obliges platforms to remove content within 24 hours. See the ",
                ),
                link(
                    "OHCHR country page",
                    "https://www.ohchr.org/en/countries/viet-nam",
                ),
                span(" for the record of the third cycle."),
            ]),
            para(vec![
                span(
                    "« La liberté d’expression n’est pas négociable », a rappelé la délégation française. ",
                ),
                span(
                    "¿Cuántas personas siguen detenidas por publicar en Facebook? La respuesta del Estado fue evasiva. ",
                ),
                span("Quyền tự do ngôn luận được Hiến pháp năm 2013 bảo đảm tại Điều 25."),
            ]),
            heading(2, "Recommendations"),
            Block::List {
                ordered: true,
                start: 1,
                items: vec![
                    vec![para(vec![
                        span("Release "),
                        bold("Phạm Đoan Trang"),
                        span(" and all others detained for their expression."),
                    ])],
                    vec![para(vec![span(
                        "Amend Articles 117 and 331 of the Penal Code to bring them into line with Article 19 of the ICCPR.",
                    )])],
                    vec![
                        para(vec![span("Review the Luật An ninh mạng, in particular:")]),
                        Block::List {
                            ordered: false,
                            start: 1,
                            items: vec![
                                vec![para(vec![span("data localisation (Article 26);")])],
                                vec![para(vec![span("the 24-hour takedown duty;")])],
                            ],
                        },
                    ],
                ],
            },
            heading(3, "Sources"),
            Block::List {
                ordered: false,
                start: 1,
                items: vec![
                    vec![para(vec![link(
                        "UPR Info: Viet Nam",
                        "https://www.upr-info.org/en/review/viet-nam",
                    )])],
                    vec![para(vec![
                        span("Matrix of recommendations: "),
                        link(LONG_URL, LONG_URL),
                    ])],
                ],
            },
            heading(2, "Cases of concern"),
            para(vec![span(
                "The table lists people imprisoned for their expression since 2019.",
            )]),
            Block::Table(cases_table(rows)),
            heading(1, "Annex"),
            heading(2, "Method"),
            para(vec![span("Numbered lists restart in every list:")]),
            Block::List {
                ordered: true,
                start: 1,
                items: vec![
                    vec![para(vec![span("first")])],
                    vec![para(vec![span("second")])],
                ],
            },
            heading(3, "Contacts"),
            para(vec![
                span("Write to "),
                link("brief@example.org", "mailto:brief@example.org"),
                span("."),
            ]),
        ],
    }
}
