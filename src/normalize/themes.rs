//! Themes: declared under `themes:` in recommendations files, referred to from every other kind.

use std::collections::BTreeMap;

use super::check::Checker;
use super::model::{Origin, Theme};
use super::symbols::{SymbolKind, SymbolTable, references};
use crate::ingest::{Parsed, raw};
use crate::source::{FileId, YPath};

/// Defines the themes of every recommendations file and checks each one
/// defined first; a duplicate is left out.
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
                file: c.sources.get(p.file).rel.clone(),
                origin: Origin { file: p.file, path },
            };
            out.insert(id, theme);
        }
    }
    out
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
