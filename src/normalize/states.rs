//! State profiles: one file each in `states/`, defined by state code.

use std::collections::{BTreeMap, BTreeSet};

use super::check::Checker;
use super::model::{Origin, PriorRecommendation, State, Term, Theme};
use super::symbols::{SymbolKind, SymbolTable};
use super::themes;
use crate::diag::Code;
use crate::ingest::{Parsed, imported, raw};
use crate::source::YPath;

/// Defines the state code of every profile.
pub fn declare(c: &mut Checker, symbols: &mut SymbolTable, files: &[Parsed<raw::State>]) {
    for p in files {
        let path = YPath::root().key("code");
        let code = c.state_code(p.file, &path, &p.value.code);
        let at = Origin { file: p.file, path };
        if let Err(d) = symbols.define(SymbolKind::State, code, at) {
            c.diags.push(*d);
        }
    }
}

/// Every profile, checked, by state code; of two with one code, the first.
pub fn resolve(
    c: &mut Checker,
    symbols: &SymbolTable,
    files: &[Parsed<raw::State>],
) -> BTreeMap<String, State> {
    let mut states = BTreeMap::new();
    for p in files {
        let s = state(c, symbols, p);
        states.entry(s.code.clone()).or_insert(s);
    }
    states
}

fn state(c: &mut Checker, symbols: &SymbolTable, p: &Parsed<raw::State>) -> State {
    let f = p.file;
    let root = YPath::root();
    let s = &p.value;
    let hrc_member = s.hrc_member.map(|t| {
        let path = root.key("hrc_member");
        let ok_year = |y: i64| (2006..=2100).contains(&y);
        if !ok_year(t.from) || !ok_year(t.to) {
            c.error(
                f,
                &path,
                Code::OutOfRange,
                format!("Council term {}–{} is not a plausible term", t.from, t.to),
                Some("the Council first sat in 2006; write years like 2024".into()),
            );
        } else if t.from > t.to {
            c.error(
                f,
                &path.key("to"),
                Code::OutOfRange,
                format!(
                    "the Council term ends ({}) before it starts ({})",
                    t.to, t.from
                ),
                None,
            );
        }
        Term {
            from: t.from.clamp(0, 9999) as i32,
            to: t.to.clamp(0, 9999) as i32,
        }
    });
    let prior_recommendations = s
        .prior_recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let path = root.key("prior_recommendations").idx(i);
            PriorRecommendation {
                cycle: prior_cycle(c, f, &path, r.cycle),
                reference: c.optional(f, &path.key("ref"), r.reference.as_ref()),
                text: c.required(f, &path.key("text"), &r.text),
                response: r.response,
                themes: themes::refs(c, symbols, f, path.key("themes"), &r.themes),
                language: r.language.as_ref().map_or_else(
                    || "en".to_string(),
                    |l| c.language_tag(f, &path.key("language"), l),
                ),
            }
        })
        .collect();
    let advance_questions =
        advance_cycles(c, f, &root.key("advance_questions"), &s.advance_questions);
    State {
        code: s.code.trim().to_string(),
        name: c.required(f, &root.key("name"), &s.name),
        names: c.translations(f, &root.key("names"), &s.names),
        language: s
            .language
            .as_ref()
            .map(|l| c.language(f, &root.key("language"), l)),
        hrc_member,
        foc_member: s.foc_member,
        regional_group: s.regional_group,
        priorities: themes::refs(c, symbols, f, root.key("priorities"), &s.priorities),
        prior_recommendations,
        advance_questions,
        file: c.sources.get(f).rel.clone(),
        origin: Origin {
            file: f,
            path: root,
        },
    }
}

/// The cycles of `advance_questions`, ascending: each a UPR cycle (from 1),
/// none twice; a bad one is reported and left out.
fn advance_cycles(
    c: &mut Checker,
    f: crate::source::FileId,
    path: &YPath,
    cycles: &[i64],
) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for (i, &cycle) in cycles.iter().enumerate() {
        let at = path.idx(i);
        match u32::try_from(cycle) {
            Ok(n) if n >= 1 => {
                if out.contains(&n) {
                    c.error(
                        f,
                        &at,
                        Code::DuplicateReference,
                        format!("cycle {n} is listed twice in advance_questions"),
                        Some("list each cycle once".into()),
                    );
                } else {
                    out.push(n);
                }
            }
            _ => c.error(
                f,
                &at,
                Code::OutOfRange,
                format!("cycle {cycle} is not a UPR cycle"),
                Some("UPR cycles are numbered from 1".into()),
            ),
        }
    }
    out.sort_unstable();
    out
}

/// A state cannot have sent questions in advance of a review later than
/// this one: each cycle of `advance_questions` after `cycle` is an error.
pub fn check_advance_cycles(
    c: &mut Checker,
    files: &[Parsed<raw::State>],
    states: &BTreeMap<String, State>,
    cycle: u32,
) {
    for p in files {
        let Some(s) = states.get(p.value.code.trim()) else {
            continue;
        };
        if s.file != c.sources.get(p.file).rel {
            continue;
        }
        for (i, &given) in p.value.advance_questions.iter().enumerate() {
            if given > i64::from(cycle) {
                c.error(
                    p.file,
                    &YPath::root().key("advance_questions").idx(i),
                    Code::OutOfRange,
                    format!("cycle {given} is after this review's cycle {cycle}"),
                    Some(format!(
                        "advance_questions lists the cycles, up to {cycle}, in which the state sent questions"
                    )),
                );
            }
        }
    }
}

/// Earlier recommendations must come from earlier cycles than this review's.
pub fn check_prior_cycles(
    c: &mut Checker,
    files: &[Parsed<raw::State>],
    states: &BTreeMap<String, State>,
    cycle: u32,
) {
    for p in files {
        let Some(s) = states.get(p.value.code.trim()) else {
            continue;
        };
        if s.file != c.sources.get(p.file).rel {
            continue;
        }
        for (i, r) in s.prior_recommendations.iter().enumerate() {
            if r.cycle >= cycle {
                let path = YPath::root()
                    .key("prior_recommendations")
                    .idx(i)
                    .key("cycle");
                c.warning(
                    p.file,
                    &path,
                    Code::NotEarlier,
                    format!(
                        "cycle {} is not earlier than this review's cycle {cycle}",
                        r.cycle
                    ),
                    None,
                );
            }
        }
    }
}

/// Adds the recommendations of the imported files (`upr-brief import`) to
/// the profiles of their states, after the profiles' own. Each one's themes
/// are the campaign themes that declare one of its Index themes (`uhri:`),
/// so that a change of those declarations needs no new import.
pub fn merge_imported(
    c: &mut Checker,
    files: &[Parsed<imported::ImportedFile>],
    states: &mut BTreeMap<String, State>,
    themes: &BTreeMap<String, Theme>,
    cycle: u32,
) {
    let map = super::themes::uhri_map(themes);
    // Where each state's earlier recommendations are given so far: its
    // profile's first, then what earlier imported files added.
    let mut given: BTreeMap<String, Vec<(Same, Origin)>> = BTreeMap::new();
    for p in files {
        let f = p.file;
        let root = YPath::root();
        let code = c.state_code(f, &root.key("code"), &p.value.code);
        let mut recs = Vec::new();
        for (i, r) in p.value.prior_recommendations.iter().enumerate() {
            let path = root.key("prior_recommendations").idx(i);
            let prior = prior_cycle(c, f, &path, r.cycle);
            if prior >= 1 && prior >= cycle {
                c.warning(
                    f,
                    &path.key("cycle"),
                    Code::NotEarlier,
                    format!("cycle {prior} is not earlier than this review's cycle {cycle}"),
                    None,
                );
            }
            let language = c.language_tag(f, &path.key("language"), &r.language);
            let themes: BTreeSet<String> = r
                .uhri_themes
                .iter()
                .filter_map(|t| map.get(&super::themes::uhri_key(t)))
                .flatten()
                .cloned()
                .collect();
            recs.push(PriorRecommendation {
                cycle: prior,
                reference: c.optional(f, &path.key("ref"), r.reference.as_ref()),
                text: c.required(f, &path.key("text"), &r.text),
                response: r.response,
                themes: themes.into_iter().collect(),
                language,
            });
        }
        match states.get_mut(&code) {
            Some(s) => {
                let given = given.entry(code.clone()).or_insert_with(|| {
                    let list = YPath::root().key("prior_recommendations");
                    s.prior_recommendations
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let at = Origin {
                                file: s.origin.file,
                                path: list.idx(i),
                            };
                            (Same::of(r), at)
                        })
                        .collect()
                });
                for (i, r) in recs.into_iter().enumerate() {
                    let same = Same::of(&r);
                    let path = root.key("prior_recommendations").idx(i);
                    if let Some((_, first)) = given.iter().find(|(g, _)| g.is(&same)) {
                        let place = c.sources.locate(first.file, &first.path);
                        let shown = match &r.reference {
                            Some(reference) => format!("\"{reference}\""),
                            None => "with this text".to_string(),
                        };
                        c.warning(
                            f,
                            &path,
                            Code::DuplicatePrior,
                            format!(
                                "the earlier recommendation {shown} is also given in {}, line {}; that one is used",
                                c.sources.get(first.file).display,
                                place.line
                            ),
                            Some(
                                "run `upr-brief import uhri` again to leave it out of this file"
                                    .into(),
                            ),
                        );
                        continue;
                    }
                    given.push((same, Origin { file: f, path }));
                    s.prior_recommendations.push(r);
                }
            }
            None if !recs.is_empty() => c.warning(
                f,
                &root.key("code"),
                Code::NoProfile,
                format!("no state profile has the code {code}: its imported recommendations are not used"),
                Some(format!("add states/{}.yaml with `code: {code}` and the state's name", code.to_lowercase())),
            ),
            None => {}
        }
    }
}

/// What makes two earlier recommendations one: the same paragraph
/// reference, or, where either has none, the same text in the same cycle
/// (spaces and case aside).
#[derive(Debug)]
struct Same {
    reference: Option<String>,
    cycle: u32,
    text: String,
}

impl Same {
    fn of(r: &PriorRecommendation) -> Same {
        let plain = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        Same {
            reference: r.reference.as_deref().map(plain),
            cycle: r.cycle,
            text: plain(&r.text),
        }
    }

    fn is(&self, other: &Same) -> bool {
        match (&self.reference, &other.reference) {
            (Some(a), Some(b)) => a == b,
            _ => self.cycle == other.cycle && self.text == other.text,
        }
    }
}

/// The cycle of an earlier recommendation, with an error when it is no
/// UPR cycle (they are numbered from 1).
fn prior_cycle(c: &mut Checker, f: crate::source::FileId, path: &YPath, cycle: i64) -> u32 {
    if cycle < 1 {
        c.error(
            f,
            &path.key("cycle"),
            Code::OutOfRange,
            format!("cycle {cycle} is not a UPR cycle"),
            Some("UPR cycles are numbered from 1".into()),
        );
    }
    cycle.clamp(0, i64::from(u32::MAX)) as u32
}
