//! Stage 2: check every rule of the input format and resolve every reference,
//! producing the typed [`Campaign`]. All problems are collected in one pass.

mod check;
pub mod model;

pub use model::*;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use check::Checker;

use crate::diag::{Code, Diagnostics, did_you_mean};
use crate::ingest::{InputKind, Inputs, Parsed, raw};
use crate::source::{FileId, YPath};

/// Output names a meeting id must not take.
const RESERVED_IDS: [&str; 3] = ["summary", "submission", "manifest"];

/// Checks and resolves `inputs`; `languages` are those packs can be written
/// in. Returns the campaign when `campaign.yaml`
/// parsed; the caller decides what to do when `diags` holds errors.
pub fn normalize(
    inputs: &Inputs,
    languages: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Campaign> {
    let mut c = Checker {
        sources: &inputs.sources,
        diags,
        languages,
    };
    let root = YPath::root();

    // Declarations first, so that references can be checked in one pass.
    let coalition_ids: Option<BTreeSet<String>> = inputs.campaign.as_ref().map(|p| {
        let mut seen = BTreeMap::new();
        for (i, m) in p.value.coalition.iter().enumerate() {
            let path = root.key("coalition").idx(i).key("id");
            let id = c.slug(p.file, &path, &m.id, "coalition id");
            first_definition(&mut c, &mut seen, id, p.file, path, "coalition id");
        }
        seen.into_keys().collect()
    });
    let themes = declare_themes(&mut c, &inputs.recommendations);
    let theme_ids: BTreeSet<String> = themes.keys().cloned().collect();
    let mut rec_ids = BTreeMap::new();
    for p in &inputs.recommendations {
        for (i, r) in p.value.items.iter().enumerate() {
            let path = root.key("items").idx(i).key("id");
            let id = c.recommendation_id(p.file, &path, &r.id);
            first_definition(&mut c, &mut rec_ids, id, p.file, path, "recommendation id");
        }
    }
    let mut state_codes = BTreeMap::new();
    for p in &inputs.states {
        let path = root.key("code");
        let code = c.state_code(p.file, &path, &p.value.code);
        first_definition(
            &mut c,
            &mut state_codes,
            code,
            p.file,
            path,
            "state profile",
        );
    }
    let mut org_ids = BTreeMap::new();
    for p in &inputs.organizations {
        let path = root.key("id");
        let id = c.slug(p.file, &path, &p.value.id, "organisation id");
        first_definition(&mut c, &mut org_ids, id, p.file, path, "organisation id");
    }
    // A kind with a file that did not parse is not checked against: every
    // reference into it would be reported, burying the one real error.
    let complete = |kind| inputs.is_complete(kind);
    let known = Known {
        themes: complete(InputKind::Recommendations).then_some(theme_ids),
        recommendations: complete(InputKind::Recommendations)
            .then(|| rec_ids.into_keys().collect()),
        states: complete(InputKind::State).then(|| state_codes.into_keys().collect()),
        organizations: complete(InputKind::Organization).then(|| org_ids.into_keys().collect()),
        coalition: coalition_ids,
    };

    let mut recommendations = BTreeMap::new();
    for p in &inputs.recommendations {
        for (i, r) in p.value.items.iter().enumerate() {
            let rec = recommendation(&mut c, &known, p, &root.key("items").idx(i), r);
            recommendations.entry(rec.id.clone()).or_insert(rec);
        }
    }
    let mut states = BTreeMap::new();
    for p in &inputs.states {
        let s = state(&mut c, &known, p);
        states.entry(s.code.clone()).or_insert(s);
    }
    let mut organizations = BTreeMap::new();
    for p in &inputs.organizations {
        let o = organization(&mut c, &known, p);
        organizations.entry(o.id.clone()).or_insert(o);
    }
    let campaign = inputs
        .campaign
        .as_ref()
        .map(|p| campaign(&mut c, &inputs.root, p));
    let review_date = campaign.as_ref().map(|k| k.review.date);
    let mut meetings = Vec::new();
    let mut meeting_ids = BTreeMap::new();
    for p in &inputs.meetings {
        let m = meeting(&mut c, &known, p, review_date);
        let id_path = if p.value.id.is_some() {
            root.key("id")
        } else {
            root.clone()
        };
        if first_definition(
            &mut c,
            &mut meeting_ids,
            m.id.clone(),
            p.file,
            id_path,
            "meeting id",
        ) {
            meetings.push(m);
        }
    }
    meetings.sort_by(|a, b| (a.date, &a.time, &a.id).cmp(&(b.date, &b.time, &b.id)));

    let mut campaign = campaign?;
    check_prior_cycles(&mut c, inputs, &states, campaign.review.cycle);
    campaign.states = states;
    campaign.organizations = organizations;
    campaign.themes = themes.into_iter().map(|(k, (t, _))| (k, t)).collect();
    campaign.recommendations = recommendations;
    campaign.meetings = meetings;
    Some(campaign)
}

/// The ids every reference is checked against.
/// Each is `None` when a file of its kind could not be read: references to
/// it are then not checked.
struct Known {
    themes: Option<BTreeSet<String>>,
    recommendations: Option<BTreeSet<String>>,
    states: Option<BTreeSet<String>>,
    organizations: Option<BTreeSet<String>>,
    coalition: Option<BTreeSet<String>>,
}

/// Records where `id` is first defined; a second definition is an error that
/// names the first. Returns whether this was the first.
fn first_definition(
    c: &mut Checker,
    seen: &mut BTreeMap<String, (FileId, YPath)>,
    id: String,
    file: FileId,
    path: YPath,
    what: &str,
) -> bool {
    if let Some((f0, p0)) = seen.get(&id) {
        let first = c.place(*f0, p0);
        c.error(
            file,
            &path,
            Code::DuplicateId,
            format!("duplicate {what} \"{id}\""),
            Some(format!("first defined at {first}")),
        );
        false
    } else {
        seen.insert(id, (file, path));
        true
    }
}

/// `R01, R02, R03` or, for long lists, `R01..R12`.
fn known_list(known: &BTreeSet<String>) -> String {
    if known.is_empty() {
        return "none".into();
    }
    let mut sorted: Vec<&String> = known.iter().collect();
    sorted.sort_by(|a, b| natord::compare(a, b));
    if sorted.len() <= 8 {
        sorted
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!("{}..{}", sorted[0], sorted[sorted.len() - 1])
    }
}

/// Checks a list of references against `known`, reporting each unknown one.
fn references(
    c: &mut Checker,
    file: FileId,
    path: &YPath,
    items: &[String],
    known: Option<&BTreeSet<String>>,
    what: &str,
    fix: &str,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = path.idx(i);
        let id = referenced_id(c, file, &p, item, known, what, fix);
        if out.contains(&id) {
            c.error(
                file,
                &p,
                Code::DuplicateReference,
                format!("{what} \"{id}\" is listed twice"),
                None,
            );
        } else {
            out.push(id);
        }
    }
    out
}

/// The id at `path` (checked as text), checked against `known`.
fn referenced_id(
    c: &mut Checker,
    file: FileId,
    path: &YPath,
    raw: &str,
    known: Option<&BTreeSet<String>>,
    what: &str,
    fix: &str,
) -> String {
    let id = c.text(file, path, raw);
    reference(c, file, path, &id, known, what, fix);
    id
}

/// Checks one reference against `known`.
fn reference(
    c: &mut Checker,
    file: FileId,
    path: &YPath,
    id: &str,
    known: Option<&BTreeSet<String>>,
    what: &str,
    fix: &str,
) {
    let Some(known) = known else { return };
    if known.contains(id) {
        return;
    }
    let hint =
        did_you_mean(id, known.iter().map(String::as_str)).unwrap_or_else(|| fix.to_string());
    c.error(
        file,
        path,
        Code::UnknownReference,
        format!("unknown {what} \"{id}\" (known: {})", known_list(known)),
        Some(hint),
    );
}

fn theme_refs(
    c: &mut Checker,
    known: &Known,
    file: FileId,
    path: &YPath,
    items: &[String],
) -> Vec<String> {
    references(
        c,
        file,
        path,
        items,
        known.themes.as_ref(),
        "theme",
        "declare it under `themes:` in a recommendations file",
    )
}

fn declare_themes(
    c: &mut Checker,
    files: &[Parsed<raw::RecommendationFile>],
) -> BTreeMap<String, (Theme, YPath)> {
    let mut seen = BTreeMap::new();
    let mut out = BTreeMap::new();
    for p in files {
        for (i, t) in p.value.themes.iter().enumerate() {
            let path = YPath::root().key("themes").idx(i);
            let id = c.slug(p.file, &path.key("id"), &t.id, "theme id");
            if !first_definition(c, &mut seen, id.clone(), p.file, path.key("id"), "theme id") {
                continue;
            }
            let theme = Theme {
                id: id.clone(),
                title: c.required(p.file, &path.key("title"), &t.title),
                titles: translations_map(c, p.file, &path.key("titles"), &t.titles),
                file: rel(c, p.file),
                origin: Origin {
                    file: p.file,
                    path: path.clone(),
                },
            };
            out.insert(id, (theme, path));
        }
    }
    out
}

/// A map from language to text, with languages checked.
fn translations_map(
    c: &mut Checker,
    file: FileId,
    path: &YPath,
    map: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    map.iter()
        .map(|(lang, text)| {
            let lang = c.language(file, &path.key(lang), lang);
            let text = c.required(file, &path.key(&lang), text);
            (lang, text)
        })
        .collect()
}

fn rel(c: &Checker, file: FileId) -> PathBuf {
    c.sources.get(file).rel.clone()
}

fn recommendation(
    c: &mut Checker,
    known: &Known,
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
            text: c.optional(f, &tp.key("text"), t.text.as_ref()),
            rationale: c.optional(f, &tp.key("rationale"), t.rationale.as_ref()),
        };
        translations.insert(lang, t);
    }
    Recommendation {
        id: c.text(f, &path.key("id"), &r.id),
        title: c.required(f, &path.key("title"), &r.title),
        text: c.required(f, &path.key("text"), &r.text),
        rationale: c.optional(f, &path.key("rationale"), r.rationale.as_ref()),
        themes: theme_refs(c, known, f, &path.key("themes"), &r.themes),
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
        file: rel(c, f),
        origin: Origin {
            file: f,
            path: path.clone(),
        },
    }
}

fn state(c: &mut Checker, known: &Known, p: &Parsed<raw::State>) -> State {
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
            if r.cycle < 1 {
                c.error(
                    f,
                    &path.key("cycle"),
                    Code::OutOfRange,
                    format!("cycle {} is not a UPR cycle", r.cycle),
                    Some("UPR cycles are numbered from 1".into()),
                );
            }
            PriorRecommendation {
                cycle: r.cycle.clamp(0, u32::MAX as i64) as u32,
                reference: c.optional(f, &path.key("ref"), r.reference.as_ref()),
                text: c.required(f, &path.key("text"), &r.text),
                response: r.response,
                themes: theme_refs(c, known, f, &path.key("themes"), &r.themes),
            }
        })
        .collect();
    State {
        code: s.code.trim().to_string(),
        name: c.required(f, &root.key("name"), &s.name),
        names: translations_map(c, f, &root.key("names"), &s.names),
        language: s
            .language
            .as_ref()
            .map(|l| c.language(f, &root.key("language"), l)),
        hrc_member,
        foc_member: s.foc_member,
        regional_group: s.regional_group,
        priorities: theme_refs(c, known, f, &root.key("priorities"), &s.priorities),
        prior_recommendations,
        file: rel(c, f),
        origin: Origin {
            file: f,
            path: root,
        },
    }
}

/// Earlier recommendations must come from earlier cycles than this review's.
fn check_prior_cycles(
    c: &mut Checker,
    inputs: &Inputs,
    states: &BTreeMap<String, State>,
    cycle: u32,
) {
    for p in &inputs.states {
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

fn organization(c: &mut Checker, known: &Known, p: &Parsed<raw::Organization>) -> Organization {
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
        members,
        priorities: theme_refs(c, known, f, &root.key("priorities"), &o.priorities),
        file: rel(c, f),
        origin: Origin {
            file: f,
            path: root,
        },
    }
}

fn campaign(c: &mut Checker, inputs_root: &Path, p: &Parsed<raw::Campaign>) -> Campaign {
    let f = p.file;
    let root = YPath::root();
    let k = &p.value;
    let positive = |c: &mut Checker, n: i64, key: &YPath, what: &str| -> u32 {
        if !(1..=1000).contains(&n) {
            c.error(
                f,
                key,
                Code::OutOfRange,
                format!("{what} {n} is out of range"),
                Some(format!("{what} is a number from 1")),
            );
            1
        } else {
            n as u32
        }
    };
    let review = Review {
        cycle: positive(c, k.review.cycle, &root.key("review").key("cycle"), "cycle"),
        session: positive(
            c,
            k.review.session,
            &root.key("review").key("session"),
            "session",
        ),
        date: c
            .date(f, &root.key("review").key("date"), &k.review.date)
            .unwrap_or_default(),
    };
    let max = positive(
        c,
        k.max_recommendations_per_pack,
        &root.key("max_recommendations_per_pack"),
        "max_recommendations_per_pack",
    );
    if k.coalition.is_empty() {
        c.error(
            f,
            &root.key("coalition"),
            Code::EmptyValue,
            "the coalition has no members".into(),
            None,
        );
    }
    let coalition = k
        .coalition
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let path = root.key("coalition").idx(i);
            Member {
                id: m.id.trim().to_string(),
                name: c.required(f, &path.key("name"), &m.name),
                short: c.required(f, &path.key("short"), &m.short),
                website: m
                    .website
                    .as_ref()
                    .map(|w| c.url(f, &path.key("website"), w)),
                logo: m
                    .logo
                    .as_ref()
                    .and_then(|l| logo(c, inputs_root, f, &path.key("logo"), l)),
                contact: m.contact.as_ref().map(|ct| Contact {
                    name: c.required(f, &path.key("contact").key("name"), &ct.name),
                    email: ct
                        .email
                        .as_ref()
                        .map(|e| c.email(f, &path.key("contact").key("email"), e)),
                }),
            }
        })
        .collect();
    let submission = k.submission.as_ref().map(|s| {
        let path = root.key("submission");
        Submission {
            kind: s.kind,
            keywords: c.texts(f, &path.key("keywords"), &s.keywords),
            sections: s
                .sections
                .iter()
                .enumerate()
                .map(|(i, sec)| Section {
                    title: c.required(f, &path.key("sections").idx(i).key("title"), &sec.title),
                    body: c.required(f, &path.key("sections").idx(i).key("body"), &sec.body),
                })
                .collect(),
        }
    });
    Campaign {
        title: c.required(f, &root.key("title"), &k.title),
        state_under_review: c.state_code(f, &root.key("state_under_review"), &k.state_under_review),
        review,
        language: c.language(f, &root.key("language"), &k.language),
        page_size: k.page_size,
        max_recommendations_per_pack: max as usize,
        coalition,
        submission,
        states: BTreeMap::new(),
        organizations: BTreeMap::new(),
        themes: BTreeMap::new(),
        recommendations: BTreeMap::new(),
        meetings: Vec::new(),
    }
}

/// A logo path: relative, inside the inputs folder, an existing PNG or JPEG.
fn logo(
    c: &mut Checker,
    inputs_root: &Path,
    f: FileId,
    path: &YPath,
    given: &str,
) -> Option<PathBuf> {
    let rel = PathBuf::from(given.trim());
    let inside = rel
        .components()
        .all(|comp| matches!(comp, Component::Normal(_)));
    if !inside || rel.as_os_str().is_empty() {
        c.error(
            f,
            path,
            Code::PathOutsideInputs,
            format!("logo \"{given}\" is not a path inside the inputs folder"),
            Some("give a path relative to the inputs folder, e.g. logos/liv.png".into()),
        );
        return None;
    }
    let full = inputs_root.join(&rel);
    let within = match (full.canonicalize(), inputs_root.canonicalize()) {
        (Ok(a), Ok(b)) => a.starts_with(b),
        _ => {
            c.error(
                f,
                path,
                Code::MissingFile,
                format!("logo \"{given}\" does not exist"),
                Some(format!("looked for {}", full.display())),
            );
            return None;
        }
    };
    if !within {
        c.error(
            f,
            path,
            Code::PathOutsideInputs,
            format!("logo \"{given}\" links outside the inputs folder"),
            None,
        );
        return None;
    }
    let ext = rel
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    if !matches!(ext.as_str(), "png" | "jpg" | "jpeg") {
        c.error(
            f,
            path,
            Code::InvalidValue,
            format!("logo \"{given}\" is not a PNG or JPEG file"),
            None,
        );
        return None;
    }
    Some(rel)
}

fn meeting(
    c: &mut Checker,
    known: &Known,
    p: &Parsed<raw::Meeting>,
    review_date: Option<chrono::NaiveDate>,
) -> Meeting {
    let f = p.file;
    let root = YPath::root();
    let m = &p.value;
    let file_rel = rel(c, f);
    let id = match &m.id {
        Some(id) => meeting_id(c, f, &root.key("id"), id),
        None => {
            let stem = file_rel
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            meeting_id(c, f, &root, &stem)
        }
    };
    let date = c.date(f, &root.key("date"), &m.date);
    if let (Some(d), Some(r)) = (date, review_date)
        && d > r
    {
        c.warning(
            f,
            &root.key("date"),
            Code::AfterReview,
            format!("the meeting ({d}) is after the review ({r})"),
            None,
        );
    }
    let cp = &m.counterpart;
    let cpath = root.key("counterpart");
    let party = match (&cp.state, &cp.organization) {
        (Some(s), None) => {
            let code = c.state_code(f, &cpath.key("state"), s);
            if check::is_state_code(&code) {
                reference(
                    c,
                    f,
                    &cpath.key("state"),
                    &code,
                    known.states.as_ref(),
                    "state profile",
                    &format!("add a profile in states/{}.yaml", code.to_lowercase()),
                );
            }
            Party::State(code)
        }
        (None, Some(o)) => Party::Organization(referenced_id(
            c,
            f,
            &cpath.key("organization"),
            o,
            known.organizations.as_ref(),
            "organisation",
            "add a profile in organizations/",
        )),
        (Some(_), Some(_)) => {
            c.error(
                f,
                &cpath,
                Code::InvalidValue,
                "the counterpart names both a state and an organization".into(),
                Some("keep one of `state:` and `organization:`".into()),
            );
            Party::State(String::new())
        }
        (None, None) => {
            c.error(
                f,
                &cpath,
                Code::MissingKey,
                "the counterpart names neither a state nor an organization".into(),
                Some("add `state: XX` or `organization: id`".into()),
            );
            Party::State(String::new())
        }
    };
    let people = cp
        .people
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let pp = cpath.key("people").idx(i);
            Person {
                name: c.required(f, &pp.key("name"), &person.name),
                title: c.optional(f, &pp.key("title"), person.title.as_ref()),
                email: person
                    .email
                    .as_ref()
                    .map(|e| c.email(f, &pp.key("email"), e)),
            }
        })
        .collect();
    let delegation = references(
        c,
        f,
        &root.key("delegation"),
        &m.delegation,
        known.coalition.as_ref(),
        "coalition member",
        "coalition members are declared in campaign.yaml",
    );
    let lead = m.lead.as_ref().map(|l| {
        referenced_id(
            c,
            f,
            &root.key("lead"),
            l,
            known.coalition.as_ref(),
            "coalition member",
            "the lead is a coalition id from campaign.yaml",
        )
    });
    if m.delegation.is_empty() {
        c.error(
            f,
            &root.key("delegation"),
            Code::EmptyValue,
            "the delegation is empty".into(),
            Some("list the coalition ids of the members who attend".into()),
        );
    }
    let follow_up = m
        .follow_up
        .iter()
        .enumerate()
        .map(|(i, fu)| {
            let fp = root.key("follow_up").idx(i);
            let owner = referenced_id(
                c,
                f,
                &fp.key("owner"),
                &fu.owner,
                known.coalition.as_ref(),
                "coalition member",
                "owners are coalition ids from campaign.yaml",
            );
            FollowUp {
                action: c.required(f, &fp.key("action"), &fu.action),
                owner,
                due: fu.due.as_ref().and_then(|d| c.date(f, &fp.key("due"), d)),
                done: fu.done,
            }
        })
        .collect();
    Meeting {
        id,
        date: date.unwrap_or_default(),
        time: m.time.as_ref().map(|t| c.time(f, &root.key("time"), t)),
        location: c.required(f, &root.key("location"), &m.location),
        format: m.format,
        counterpart: Counterpart {
            party,
            institution: c.required(f, &cpath.key("institution"), &cp.institution),
            people,
        },
        delegation,
        lead,
        language: m
            .language
            .as_ref()
            .map(|l| c.language(f, &root.key("language"), l)),
        themes: theme_refs(c, known, f, &root.key("themes"), &m.themes),
        recommendations: references(
            c,
            f,
            &root.key("recommendations"),
            &m.recommendations,
            known.recommendations.as_ref(),
            "recommendation id",
            "recommendations are declared under `items:` in recommendations/",
        ),
        talking_points: c.texts(f, &root.key("talking_points"), &m.talking_points),
        asks: c.texts(f, &root.key("asks"), &m.asks),
        status: m.status,
        outcome: c.optional(f, &root.key("outcome"), m.outcome.as_ref()),
        follow_up,
        internal_notes: c.optional(f, &root.key("internal_notes"), m.internal_notes.as_ref()),
        file: file_rel,
        origin: Origin {
            file: f,
            path: root,
        },
    }
}

/// A meeting id names the pack's files, so it must be a slug and must not
/// take the name of another output.
fn meeting_id(c: &mut Checker, f: FileId, path: &YPath, given: &str) -> String {
    let id = given.trim().to_string();
    if !check::is_slug(&id) {
        let why = if id.contains(['/', '\\', '.']) || id.contains("..") {
            "contains path characters and is not safe as a file name"
        } else {
            "is not a valid id"
        };
        c.error(f, path, Code::InvalidId, format!("meeting id \"{id}\" {why}"), Some("meeting ids are 1 to 64 lower-case letters, digits and hyphens; rename the file or set `id:`".into()));
    } else if RESERVED_IDS.contains(&id.as_str()) {
        c.error(
            f,
            path,
            Code::ReservedId,
            format!("meeting id \"{id}\" would overwrite the campaign's {id} file"),
            Some("choose another id".into()),
        );
    }
    id
}
