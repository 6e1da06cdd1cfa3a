//! The symbol table: the ids the inputs define, by kind, and the check of every reference to them.

use std::collections::{BTreeMap, BTreeSet};

use super::check::Checker;
use super::model::Origin;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::ingest::InputKind;
use crate::source::Sources;

/// A kind of id that the inputs define and refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SymbolKind {
    /// A member of the coalition, in `campaign.yaml`.
    CoalitionMember,
    /// A theme, under `themes:` in a recommendations file.
    Theme,
    /// A recommendation, under `items:` in a recommendations file.
    Recommendation,
    /// An advance question, under a theme's `questions:` in a recommendations file.
    Question,
    /// A state profile, by its state code.
    State,
    /// An organisation's profile.
    Organization,
    /// A meeting, which names its pack's files.
    Meeting,
}

impl SymbolKind {
    pub const ALL: [SymbolKind; 7] = [
        SymbolKind::CoalitionMember,
        SymbolKind::Theme,
        SymbolKind::Recommendation,
        SymbolKind::Question,
        SymbolKind::State,
        SymbolKind::Organization,
        SymbolKind::Meeting,
    ];

    /// The kind of input file that defines ids of this kind.
    pub const fn defined_in(self) -> InputKind {
        match self {
            SymbolKind::CoalitionMember => InputKind::Campaign,
            SymbolKind::Theme | SymbolKind::Recommendation | SymbolKind::Question => {
                InputKind::Recommendations
            }
            SymbolKind::State => InputKind::State,
            SymbolKind::Organization => InputKind::Organization,
            SymbolKind::Meeting => InputKind::Meeting,
        }
    }

    /// A definition, as a duplicate one is named: `duplicate theme id "x"`.
    const fn definition(self) -> &'static str {
        match self {
            SymbolKind::CoalitionMember => "coalition id",
            SymbolKind::Theme => "theme id",
            SymbolKind::Recommendation => "recommendation id",
            SymbolKind::Question => "question id",
            SymbolKind::State => "state profile",
            SymbolKind::Organization => "organisation id",
            SymbolKind::Meeting => "meeting id",
        }
    }

    /// A reference, as an unknown one is named: `unknown theme "x"`.
    const fn reference(self) -> &'static str {
        match self {
            SymbolKind::CoalitionMember => "coalition member",
            SymbolKind::Theme => "theme",
            SymbolKind::Recommendation => "recommendation id",
            SymbolKind::Question => "question id",
            SymbolKind::State => "state profile",
            SymbolKind::Organization => "organisation",
            SymbolKind::Meeting => "meeting",
        }
    }
}

/// Every id defined in the inputs, by kind, with where it was first defined.
pub struct SymbolTable<'a> {
    sources: &'a Sources,
    defined: BTreeMap<SymbolKind, BTreeMap<String, Origin>>,
    unchecked: BTreeSet<SymbolKind>,
}

impl<'a> SymbolTable<'a> {
    /// An empty table for ids defined in `sources`.
    pub fn new(sources: &'a Sources) -> Self {
        SymbolTable {
            sources,
            defined: BTreeMap::new(),
            unchecked: BTreeSet::new(),
        }
    }

    /// References to `kind` are no longer checked: some of its ids may be
    /// in a file that could not be read, and reporting every reference to
    /// them would bury the one real error.
    pub fn leave_unchecked(&mut self, kind: SymbolKind) {
        self.unchecked.insert(kind);
    }

    /// Records that `id` is defined `at`. A second definition is an error
    /// that names the first, and the first stays the definition.
    pub fn define(
        &mut self,
        kind: SymbolKind,
        id: String,
        at: Origin,
    ) -> Result<(), Box<Diagnostic>> {
        let ids = self.defined.entry(kind).or_default();
        if let Some(first) = ids.get(&id) {
            let loc = self.sources.locate(first.file, &first.path);
            let first = format!(
                "{}:{}:{}",
                self.sources.get(first.file).display,
                loc.line,
                loc.column
            );
            let what = kind.definition();
            return Err(Box::new(
                Diagnostic::error(Code::DuplicateId, format!("duplicate {what} \"{id}\""))
                    .at(self.sources, self.sources.locate(at.file, &at.path))
                    .with_hint(format!("first defined at {first}")),
            ));
        }
        ids.insert(id, at);
        Ok(())
    }

    /// Where the `kind` `id` referred to `at` is defined, or `None` when
    /// references to `kind` are not checked. An unknown id is an error
    /// whose hint is the nearest known id, else `fix`.
    pub fn resolve(
        &self,
        kind: SymbolKind,
        id: &str,
        at: &Origin,
        fix: &str,
    ) -> Result<Option<&Origin>, Box<Diagnostic>> {
        if self.unchecked.contains(&kind) {
            return Ok(None);
        }
        let known = self.defined.get(&kind);
        if let Some(definition) = known.and_then(|ids| ids.get(id)) {
            return Ok(Some(definition));
        }
        let empty = BTreeMap::new();
        let known = known.unwrap_or(&empty);
        let hint =
            did_you_mean(id, known.keys().map(String::as_str)).unwrap_or_else(|| fix.to_string());
        let what = kind.reference();
        Err(Box::new(
            Diagnostic::error(
                Code::UnknownReference,
                format!("unknown {what} \"{id}\" (known: {})", known_list(known)),
            )
            .at(self.sources, self.sources.locate(at.file, &at.path))
            .with_hint(hint),
        ))
    }
}

/// `R01, R02, R03` or, for long lists, `R01..R12`.
fn known_list(known: &BTreeMap<String, Origin>) -> String {
    if known.is_empty() {
        return "none".into();
    }
    let mut sorted: Vec<&str> = known.keys().map(String::as_str).collect();
    sorted.sort_by(|a, b| natord::compare(a, b));
    if sorted.len() <= 8 {
        sorted.join(", ")
    } else {
        format!("{}..{}", sorted[0], sorted[sorted.len() - 1])
    }
}

/// The id at `at` read as text, resolved as a `kind`; an unknown one is reported.
pub fn referenced_id(
    c: &mut Checker,
    symbols: &SymbolTable,
    kind: SymbolKind,
    at: &Origin,
    raw: &str,
    fix: &str,
) -> String {
    let id = c.text(at.file, &at.path, raw);
    if let Err(d) = symbols.resolve(kind, &id, at, fix) {
        c.diags.push(*d);
    }
    id
}

/// The list of ids at `at`, each resolved as a `kind`; an unknown id, or
/// one listed twice, is reported.
pub fn references(
    c: &mut Checker,
    symbols: &SymbolTable,
    kind: SymbolKind,
    at: &Origin,
    items: &[String],
    fix: &str,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_at = Origin {
            file: at.file,
            path: at.path.idx(i),
        };
        let id = referenced_id(c, symbols, kind, &item_at, item, fix);
        if out.contains(&id) {
            c.error(
                at.file,
                &item_at.path,
                Code::DuplicateReference,
                format!("{} \"{id}\" is listed twice", kind.reference()),
                None,
            );
        } else {
            out.push(id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::YPath;

    fn sources() -> Sources {
        let mut sources = Sources::default();
        sources.add(
            "recommendations/a.yaml".into(),
            "inputs/recommendations/a.yaml".into(),
            "items:\n  - id: R12\n  - id: R12\n  - id: R20\n".into(),
        );
        sources
    }

    fn item(i: usize) -> Origin {
        Origin {
            file: 0,
            path: YPath::root().key("items").idx(i).key("id"),
        }
    }

    #[test]
    fn a_second_definition_is_an_error_naming_the_first() {
        let sources = sources();
        let mut symbols = SymbolTable::new(&sources);
        let rec = SymbolKind::Recommendation;
        assert!(symbols.define(rec, "R12".into(), item(0)).is_ok());
        let d = symbols.define(rec, "R12".into(), item(1)).unwrap_err();
        assert_eq!(
            d.to_string(),
            "inputs/recommendations/a.yaml:3:9: error[duplicate-id]: \
             duplicate recommendation id \"R12\" \
             (first defined at inputs/recommendations/a.yaml:2:9)"
        );
        // The same id of another kind is no duplicate.
        assert!(
            symbols
                .define(SymbolKind::Theme, "R12".into(), item(2))
                .is_ok()
        );
        let first = symbols.resolve(rec, "R12", &item(2), "").unwrap();
        assert_eq!(first.map(|o| o.path.clone()), Some(item(0).path));
    }

    #[test]
    fn an_unknown_reference_suggests_the_nearest_id() {
        let sources = sources();
        let mut symbols = SymbolTable::new(&sources);
        let rec = SymbolKind::Recommendation;
        symbols.define(rec, "R12".into(), item(0)).unwrap();
        symbols.define(rec, "R20".into(), item(2)).unwrap();
        let d = symbols
            .resolve(rec, "R13", &item(1), "declare it")
            .unwrap_err();
        assert_eq!(d.code, Code::UnknownReference);
        assert_eq!(
            d.message,
            "unknown recommendation id \"R13\" (known: R12, R20)"
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean \"R12\"?"));
        let d = symbols
            .resolve(rec, "zzzzzz", &item(1), "declare it")
            .unwrap_err();
        assert_eq!(d.hint.as_deref(), Some("declare it"));
        let d = symbols
            .resolve(SymbolKind::Theme, "x", &item(1), "")
            .unwrap_err();
        assert_eq!(d.message, "unknown theme \"x\" (known: none)");
    }

    #[test]
    fn references_to_an_unchecked_kind_are_not_reported() {
        let sources = sources();
        let mut symbols = SymbolTable::new(&sources);
        symbols.leave_unchecked(SymbolKind::State);
        assert!(matches!(
            symbols.resolve(SymbolKind::State, "FR", &item(0), ""),
            Ok(None)
        ));
        assert!(
            symbols
                .resolve(SymbolKind::Organization, "x", &item(0), "")
                .is_err()
        );
    }

    #[test]
    fn long_lists_of_known_ids_are_shortened_in_natural_order() {
        let ids: BTreeMap<String, Origin> = (1..=10)
            .map(|i| (format!("R{i}"), Origin::default()))
            .collect();
        assert_eq!(known_list(&ids), "R1..R10");
        assert_eq!(known_list(&BTreeMap::new()), "none");
    }
}
