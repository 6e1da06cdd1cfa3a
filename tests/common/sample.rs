//! A briefing pack built in code: Vietnamese, French and Spanish text,
//! headings, lists, a long table, links and hostile text.

#![allow(dead_code)]

use upr_brief::doc::{Block, Cover, Document, Furniture, Inline, Metadata, Table};

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
        link: Some(url.to_string()),
        ..Inline::plain(text)
    }
}

pub fn para(spans: Vec<Inline>) -> Block {
    Block::Paragraph(spans)
}

pub fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
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
        header: vec![
            vec![span("N°")],
            vec![span("Nom / Tên")],
            vec![span("Chef d'accusation")],
            vec![span("Source")],
        ],
        rows,
    };

    let blocks = vec![
        Block::Cover(Cover {
            title: "Viet Nam — Examen périodique universel, 4e cycle".into(),
            subtitle: "Note d'information pour les délégations".into(),
            lines: vec![
                "Genève, mars 2024".into(),
                "Coalition: Defend the Defenders & Article 19 <draft>".into(),
            ],
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
