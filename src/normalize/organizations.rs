//! Organisations' profiles: one file each in `organizations/`, a meeting's possible counterpart.

use std::collections::BTreeMap;

use super::check::Checker;
use super::model::{Organization, Origin};
use super::symbols::{SymbolKind, SymbolTable};
use super::themes;
use crate::diag::Code;
use crate::ingest::{Parsed, raw};
use crate::source::YPath;

/// Defines the id of every organisation.
pub fn declare(c: &mut Checker, symbols: &mut SymbolTable, files: &[Parsed<raw::Organization>]) {
    for p in files {
        let path = YPath::root().key("id");
        let id = c.slug(p.file, &path, &p.value.id, "organisation id");
        let at = Origin { file: p.file, path };
        if let Err(d) = symbols.define(SymbolKind::Organization, id, at) {
            c.diags.push(*d);
        }
    }
}

/// Every organisation, checked, by id; of two with one id, the first.
pub fn resolve(
    c: &mut Checker,
    symbols: &SymbolTable,
    files: &[Parsed<raw::Organization>],
) -> BTreeMap<String, Organization> {
    let mut organizations = BTreeMap::new();
    for p in files {
        let o = organization(c, symbols, p);
        organizations.entry(o.id.clone()).or_insert(o);
    }
    organizations
}

fn organization(
    c: &mut Checker,
    symbols: &SymbolTable,
    p: &Parsed<raw::Organization>,
) -> Organization {
    let f = p.file;
    let root = YPath::root();
    let o = &p.value;
    let mut members: Vec<String> = Vec::new();
    for (i, m) in o.members.iter().enumerate() {
        let path = root.key("members").idx(i);
        let code = c.state_code(f, &path, m);
        if members.contains(&code) {
            c.warning(
                f,
                &path,
                Code::DuplicateReference,
                format!("member \"{code}\" is listed twice"),
                None,
            );
        } else {
            members.push(code);
        }
    }
    Organization {
        id: o.id.trim().to_string(),
        name: c.required(f, &root.key("name"), &o.name),
        names: c.translations(f, &root.key("names"), &o.names),
        members,
        priorities: themes::refs(c, symbols, f, root.key("priorities"), &o.priorities),
        file: c.sources.get(f).rel.clone(),
        origin: Origin {
            file: f,
            path: root,
        },
    }
}
