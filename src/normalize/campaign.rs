//! The campaign: `campaign.yaml`, which defines the coalition's members.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;

use super::check::Checker;
use super::model::{
    Campaign, Contact, Logo, Member, Origin, Review, ReviewDates, Section, Statement, Submission,
};
use super::symbols::{SymbolKind, SymbolTable};
use crate::diag::Code;
use crate::doc::ImageFile;
use crate::ingest::{Parsed, raw};
use crate::source::{FileId, YPath};

/// Defines the id of every coalition member.
pub fn declare(c: &mut Checker, symbols: &mut SymbolTable, p: &Parsed<raw::Campaign>) {
    for (i, m) in p.value.coalition.iter().enumerate() {
        let path = YPath::root().key("coalition").idx(i).key("id");
        let id = c.slug(p.file, &path, &m.id, "coalition id");
        let at = Origin { file: p.file, path };
        if let Err(d) = symbols.define(SymbolKind::CoalitionMember, id, at) {
            c.diags.push(*d);
        }
    }
}

/// The campaign, checked; its states, themes and the rest are filled in by
/// the caller.
pub fn resolve(c: &mut Checker, inputs_root: &Path, p: &Parsed<raw::Campaign>) -> Campaign {
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
        dates: ReviewDates::default(),
    };
    let review = Review {
        dates: review_dates(c, f, &k.review, review.date),
        ..review
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
    let coalition: Vec<Member> = k
        .coalition
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let path = root.key("coalition").idx(i);
            let name = c.required(f, &path.key("name"), &m.name);
            Member {
                id: m.id.trim().to_string(),
                names: c.translations(f, &path.key("names"), &m.names),
                short: c.required(f, &path.key("short"), &m.short),
                website: m
                    .website
                    .as_ref()
                    .map(|w| c.url(f, &path.key("website"), w)),
                logo: m
                    .logo
                    .as_ref()
                    .and_then(|l| logo(c, inputs_root, f, &path.key("logo"), l)),
                name,
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
            endnotes_count: s.endnotes_count.unwrap_or(true),
            sections: s
                .sections
                .iter()
                .enumerate()
                .map(|(i, sec)| Section {
                    title: c.required(f, &path.key("sections").idx(i).key("title"), &sec.title),
                    body: c.narrative(f, &path.key("sections").idx(i).key("body"), &sec.body),
                })
                .collect(),
        }
    });
    let statements = statements(c, f, &k.statements);
    let handover_author = match &k.handover_author {
        Some(a) => c.required(f, &root.key("handover_author"), a),
        None => (coalition.iter())
            .map(|m| m.short.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    Campaign {
        handover_author,
        title: c.required(f, &root.key("title"), &k.title),
        titles: c.translations(f, &root.key("titles"), &k.titles),
        state_under_review: c.state_code(f, &root.key("state_under_review"), &k.state_under_review),
        review,
        language: c.language(f, &root.key("language"), &k.language),
        page_size: k.page_size,
        time_zone: k
            .time_zone
            .as_ref()
            .map(|z| c.time_zone(f, &root.key("time_zone"), z)),
        max_recommendations_per_pack: max as usize,
        coalition,
        submission,
        statements,
        states: BTreeMap::new(),
        organizations: BTreeMap::new(),
        themes: BTreeMap::new(),
        recommendations: BTreeMap::new(),
        meetings: Vec::new(),
        handovers: BTreeMap::new(),
        origin: Origin {
            file: f,
            path: root.key("title"),
        },
    }
}

/// The longest a statement may be, in minutes: no slot of the Council is
/// longer than a review's three and a half hours.
const MAX_STATEMENT_MINUTES: f64 = 210.0;

/// The statements, each checked: a unique slug, a title, a positive time
/// and pace, a language with a language file, sections with text. Whether
/// one fits its time is the pipeline's check (`pipeline::check_statements`),
/// which a build of some packs only does not stop at.
fn statements(c: &mut Checker, f: FileId, given: &[raw::Statement]) -> Vec<Statement> {
    let mut seen = std::collections::BTreeSet::new();
    given
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let path = YPath::root().key("statements").idx(i);
            let id = c.slug(f, &path.key("id"), &s.id, "statement id");
            if !seen.insert(id.clone()) {
                c.error(
                    f,
                    &path.key("id"),
                    Code::DuplicateId,
                    format!("statement id \"{id}\" is used twice"),
                    Some("each statement's files are named by its id: give it another".into()),
                );
            }
            let minutes = s.minutes;
            if !(minutes.is_finite() && minutes > 0.0 && minutes <= MAX_STATEMENT_MINUTES) {
                c.error(
                    f,
                    &path.key("minutes"),
                    Code::OutOfRange,
                    format!("minutes {minutes} is out of range"),
                    Some(format!(
                        "the time the speaker has, a number of minutes above 0 and at most {MAX_STATEMENT_MINUTES}, e.g. 6 or 1.5"
                    )),
                );
            }
            let words_per_minute = s.words_per_minute.map(|n| {
                if !(1..=1000).contains(&n) {
                    c.error(
                        f,
                        &path.key("words_per_minute"),
                        Code::OutOfRange,
                        format!("words_per_minute {n} is out of range"),
                        Some("a speaker's pace, from 1 to 1000; 120 words a minute is usual".into()),
                    );
                    120
                } else {
                    n as u32
                }
            });
            if s.sections.is_empty() {
                c.error(
                    f,
                    &path.key("sections"),
                    Code::EmptyValue,
                    format!("statement \"{id}\" has no sections"),
                    Some("give it at least one section with a title and a body".into()),
                );
            }
            Statement {
                title: c.required(f, &path.key("title"), &s.title),
                kind: s.kind,
                minutes,
                language: c.language(f, &path.key("language"), &s.language),
                words_per_minute,
                sections: (s.sections.iter().enumerate())
                    .map(|(j, sec)| {
                        let at = path.key("sections").idx(j);
                        Section {
                            title: c.required(f, &at.key("title"), &sec.title),
                            body: c.required(f, &at.key("body"), &sec.body),
                        }
                    })
                    .collect(),
                origin: Origin { file: f, path },
                id,
            }
        })
        .collect()
}

/// The review calendar's explicit dates, each checked to fall before the
/// review (the submission deadline, the pre-session, the documents, the
/// advance questions) or after it (the list of recommendations, the
/// adoption, the mid-term report).
fn review_dates(c: &mut Checker, f: FileId, r: &raw::Review, review: NaiveDate) -> ReviewDates {
    let path = YPath::root().key("review");
    // `review` is the default date when the review's own date is invalid:
    // no order is checked against it then.
    let known = review != NaiveDate::default();
    let mut date = |key: &str, given: &Option<String>, before: bool| -> Option<NaiveDate> {
        let at = path.key(key);
        let d = c.date(f, &at, given.as_deref()?)?;
        let wrong = if before { d >= review } else { d <= review };
        if known && wrong {
            let (side, what) = if before {
                ("before", "precede")
            } else {
                ("after", "follow")
            };
            c.error(
                f,
                &at,
                Code::DateOrder,
                format!("{key} ({d}) is not {side} the review ({review})"),
                Some(format!("this date must {what} the review date; check both")),
            );
        }
        Some(d)
    };
    ReviewDates {
        submission_deadline: date("submission_deadline", &r.submission_deadline, true),
        pre_session: date("pre_session", &r.pre_session, true),
        documents: date("documents", &r.documents, true),
        advance_questions: date("advance_questions", &r.advance_questions, true),
        recommendations_list: date("recommendations_list", &r.recommendations_list, false),
        adoption: date("adoption", &r.adoption, false),
        mid_term_report: date("mid_term_report", &r.mid_term_report, false),
    }
}

/// Logo files larger than this are refused before they are read.
const MAX_LOGO_BYTES: u64 = 16 << 20;

/// A logo: a relative path inside the inputs folder to a PNG or JPEG file,
/// read and checked here, once per build.
fn logo(c: &mut Checker, inputs_root: &Path, f: FileId, path: &YPath, given: &str) -> Option<Logo> {
    let mut rel = PathBuf::from(given.trim());
    // An absolute path into the inputs folder is taken as the path from it.
    if rel.is_absolute()
        && let (Ok(full), Ok(root)) = (rel.canonicalize(), inputs_root.canonicalize())
        && let Ok(within) = full.strip_prefix(&root)
    {
        rel = within.to_path_buf();
    }
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
    let read = std::fs::metadata(&full).and_then(|meta| {
        if meta.len() > MAX_LOGO_BYTES {
            Err(std::io::Error::other("it is larger than 16 MiB"))
        } else {
            std::fs::read(&full)
        }
    });
    let decoded = read
        .map_err(|e| e.to_string())
        .and_then(|bytes| ImageFile::check(bytes.into()).map_err(|e| e.to_string()));
    match decoded {
        Ok(file) => Some(Logo { path: rel, file }),
        Err(why) => {
            c.error(
                f,
                path,
                Code::InvalidValue,
                format!("logo \"{given}\" cannot be read: {why}"),
                Some("give a PNG or JPEG file, e.g. exported again from an image editor".into()),
            );
            None
        }
    }
}
