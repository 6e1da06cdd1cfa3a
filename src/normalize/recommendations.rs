//! Recommendations: declared under `items:` in recommendations files, raised by meetings.

use std::collections::BTreeMap;

use super::check::Checker;
use super::model::{Origin, Recommendation, Source, Translation};
use super::symbols::{SymbolKind, SymbolTable};
use super::themes;
use crate::diag::Code;
use crate::ingest::{Parsed, raw};
use crate::source::YPath;

/// Defines the id of every recommendation.
pub fn declare(
    c: &mut Checker,
    symbols: &mut SymbolTable,
    files: &[Parsed<raw::RecommendationFile>],
) {
    for p in files {
        for (i, r) in p.value.items.iter().enumerate() {
            let path = YPath::root().key("items").idx(i).key("id");
            let id = c.recommendation_id(p.file, &path, &r.id);
            let at = Origin { file: p.file, path };
            if let Err(d) = symbols.define(SymbolKind::Recommendation, id, at) {
                c.diags.push(*d);
            }
        }
    }
}

/// Every recommendation, checked, by id; of two with one id, the first.
pub fn resolve(
    c: &mut Checker,
    symbols: &SymbolTable,
    files: &[Parsed<raw::RecommendationFile>],
) -> BTreeMap<String, Recommendation> {
    let mut recommendations = BTreeMap::new();
    for p in files {
        for (i, r) in p.value.items.iter().enumerate() {
            let rec = recommendation(c, symbols, p, &YPath::root().key("items").idx(i), r);
            recommendations.entry(rec.id.clone()).or_insert(rec);
        }
    }
    recommendations
}

fn recommendation(
    c: &mut Checker,
    symbols: &SymbolTable,
    p: &Parsed<raw::RecommendationFile>,
    path: &YPath,
    r: &raw::Recommendation,
) -> Recommendation {
    let f = p.file;
    let priority = if (1..=5).contains(&r.priority) {
        r.priority as u8
    } else {
        c.error(
            f,
            &path.key("priority"),
            Code::OutOfRange,
            format!("priority {} is out of range", r.priority),
            Some("priorities run from 1 (highest) to 5".into()),
        );
        5
    };
    let mut translations = BTreeMap::new();
    for (lang, t) in &r.translations {
        let tp = path.key("translations").key(lang);
        let lang = c.language(f, &tp, lang);
        let t = Translation {
            title: c.optional(f, &tp.key("title"), t.title.as_ref()),
            text: c.optional_narrative(f, &tp.key("text"), t.text.as_ref()),
            rationale: c.optional_narrative(f, &tp.key("rationale"), t.rationale.as_ref()),
        };
        translations.insert(lang, t);
    }
    Recommendation {
        id: c.text(f, &path.key("id"), &r.id),
        title: c.required(f, &path.key("title"), &r.title),
        text: c.narrative(f, &path.key("text"), &r.text),
        rationale: c.optional_narrative(f, &path.key("rationale"), r.rationale.as_ref()),
        themes: themes::refs(c, symbols, f, path.key("themes"), &r.themes),
        priority,
        sources: r
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| Source {
                title: c.required(f, &path.key("sources").idx(i).key("title"), &s.title),
                url: c.url(f, &path.key("sources").idx(i).key("url"), &s.url),
            })
            .collect(),
        translations,
        file: c.sources.get(f).rel.clone(),
        origin: Origin {
            file: f,
            path: path.clone(),
        },
    }
}
