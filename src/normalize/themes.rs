//! Themes: declared under `themes:` in recommendations files, referred to from every other kind.

use std::collections::BTreeMap;

use super::check::Checker;
use super::model::{Origin, Question, Theme};
use super::symbols::{SymbolKind, SymbolTable, references};
use crate::diag::Code;
use crate::ingest::{Parsed, raw};
use crate::source::{FileId, YPath};

/// Defines the themes of every recommendations file and checks each one
/// defined first; a duplicate is left out. Each theme's advance questions
/// are defined and checked with it (their ids are unique across all files).
pub fn declare(
    c: &mut Checker,
    symbols: &mut SymbolTable,
    files: &[Parsed<raw::RecommendationFile>],
) -> BTreeMap<String, Theme> {
    let mut out = BTreeMap::new();
    for p in files {
        for (i, t) in p.value.themes.iter().enumerate() {
            let path = YPath::root().key("themes").idx(i);
            let id = c.slug(p.file, &path.key("id"), &t.id, "theme id");
            let at = Origin {
                file: p.file,
                path: path.key("id"),
            };
            if let Err(d) = symbols.define(SymbolKind::Theme, id.clone(), at) {
                c.diags.push(*d);
                continue;
            }
            let theme = Theme {
                id: id.clone(),
                title: c.required(p.file, &path.key("title"), &t.title),
                titles: c.translations(p.file, &path.key("titles"), &t.titles),
                uhri: uhri_themes(c, p.file, &path.key("uhri"), &t.uhri),
                questions: questions(c, symbols, p.file, &path.key("questions"), &t.questions),
                file: c.sources.get(p.file).rel.clone(),
                origin: Origin { file: p.file, path },
            };
            out.insert(id, theme);
        }
    }
    out
}

/// A theme's advance questions, each id defined; one whose id another
/// question took first is reported and left out.
fn questions(
    c: &mut Checker,
    symbols: &mut SymbolTable,
    file: FileId,
    path: &YPath,
    items: &[raw::Question],
) -> Vec<Question> {
    let mut out = Vec::new();
    for (i, q) in items.iter().enumerate() {
        let path = path.idx(i);
        let id = c.question_id(file, &path.key("id"), &q.id);
        let at = Origin {
            file,
            path: path.key("id"),
        };
        if let Err(d) = symbols.define(SymbolKind::Question, id.clone(), at) {
            c.diags.push(*d);
            continue;
        }
        out.push(Question {
            id,
            text: c.required(file, &path.key("text"), &q.text),
            translations: c.translations(file, &path.key("translations"), &q.translations),
            origin: Origin { file, path },
        });
    }
    out
}

/// A theme's `uhri` list: each entry is text, none twice (in any case).
fn uhri_themes(c: &mut Checker, file: FileId, path: &YPath, items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, t) in c.texts(file, path, items).into_iter().enumerate() {
        if out.iter().any(|o| uhri_key(o) == uhri_key(&t)) {
            c.error(
                file,
                &path.idx(i),
                Code::DuplicateReference,
                format!("the Index theme \"{t}\" is listed twice"),
                Some("list each Index theme once".into()),
            );
        } else {
            out.push(t);
        }
    }
    out
}

/// How an Index theme is compared: case and runs of spaces do not count,
/// so `Human rights defenders` and `Human Rights  Defenders` are one theme.
pub fn uhri_key(theme: &str) -> String {
    theme
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Which campaign themes each Index theme maps to, by [`uhri_key`].
pub fn uhri_map(themes: &BTreeMap<String, Theme>) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in themes.values() {
        for u in &t.uhri {
            map.entry(uhri_key(u)).or_default().push(t.id.clone());
        }
    }
    map
}

/// The list of themes at `path`, each checked to be declared.
pub fn refs(
    c: &mut Checker,
    symbols: &SymbolTable,
    file: FileId,
    path: YPath,
    items: &[String],
) -> Vec<String> {
    references(
        c,
        symbols,
        SymbolKind::Theme,
        &Origin { file, path },
        items,
        "declare it under `themes:` in a recommendations file",
    )
}
