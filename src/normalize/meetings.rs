//! Meetings: one file each in `meetings/`, referring to every other kind; each becomes a pack.

use super::check::{self, Checker};
use super::model::{Counterpart, FollowUp, Meeting, Origin, Party, Person};
use super::symbols::{SymbolKind, SymbolTable, referenced_id, references};
use super::themes;
use crate::diag::Code;
use crate::ingest::{Parsed, raw};
use crate::source::{FileId, YPath};

/// Output names a meeting id must not take.
const RESERVED_IDS: [&str; 5] = ["summary", "submission", "manifest", "calendar", "questions"];

/// A meeting's length when its file gives none, in minutes.
const DEFAULT_DURATION: u32 = 60;
/// The longest meeting, in minutes: twelve hours (a longer one is a typo).
const MAX_DURATION: i64 = 720;

/// Every meeting, checked, in order of date, time and id; a meeting whose
/// id another took first is reported and left out.
pub fn resolve(
    c: &mut Checker,
    symbols: &mut SymbolTable,
    files: &[Parsed<raw::Meeting>],
    review_date: Option<chrono::NaiveDate>,
) -> Vec<Meeting> {
    let mut meetings = Vec::new();
    for p in files {
        let m = meeting(c, symbols, p, review_date);
        let path = if p.value.id.is_some() {
            YPath::root().key("id")
        } else {
            YPath::root()
        };
        let at = Origin { file: p.file, path };
        match symbols.define(SymbolKind::Meeting, m.id.clone(), at) {
            Ok(()) => meetings.push(m),
            Err(d) => c.diags.push(*d),
        }
    }
    meetings.sort_by(|a, b| (a.date, &a.time, &a.id).cmp(&(b.date, &b.time, &b.id)));
    meetings
}

fn meeting(
    c: &mut Checker,
    symbols: &SymbolTable,
    p: &Parsed<raw::Meeting>,
    review_date: Option<chrono::NaiveDate>,
) -> Meeting {
    let f = p.file;
    let root = YPath::root();
    let m = &p.value;
    let file_rel = c.sources.get(f).rel.clone();
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
                let at = Origin {
                    file: f,
                    path: cpath.key("state"),
                };
                let fix = format!("add a profile in states/{}.yaml", code.to_lowercase());
                if let Err(d) = symbols.resolve(SymbolKind::State, &code, &at, &fix) {
                    c.diags.push(*d);
                }
            }
            Party::State(code)
        }
        (None, Some(o)) => Party::Organization(referenced_id(
            c,
            symbols,
            SymbolKind::Organization,
            &Origin {
                file: f,
                path: cpath.key("organization"),
            },
            o,
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
                salutation: c.optional(f, &pp.key("salutation"), person.salutation.as_ref()),
            }
        })
        .collect();
    let delegation = references(
        c,
        symbols,
        SymbolKind::CoalitionMember,
        &Origin {
            file: f,
            path: root.key("delegation"),
        },
        &m.delegation,
        "coalition members are declared in campaign.yaml",
    );
    let errors = c.diags.errors();
    let lead = m.lead.as_ref().map(|l| {
        referenced_id(
            c,
            symbols,
            SymbolKind::CoalitionMember,
            &Origin {
                file: f,
                path: root.key("lead"),
            },
            l,
            "the lead is a coalition id from campaign.yaml",
        )
    });
    // A lead that is no coalition id is already an error.
    if let Some(l) = &lead
        && c.diags.errors() == errors
        && !delegation.contains(l)
        && !m.delegation.is_empty()
    {
        c.warning(
            f,
            &root.key("lead"),
            Code::LeadNotInDelegation,
            format!("the lead \"{l}\" is not in the meeting's delegation"),
            Some(format!(
                "add {l} to `delegation`, or name one of its members as the lead"
            )),
        );
    }
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
                symbols,
                SymbolKind::CoalitionMember,
                &Origin {
                    file: f,
                    path: fp.key("owner"),
                },
                &fu.owner,
                "owners are coalition ids from campaign.yaml",
            );
            FollowUp {
                action: c.narrative(f, &fp.key("action"), &fu.action),
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
        duration: m.duration.map_or(DEFAULT_DURATION, |d| {
            duration(c, f, &root.key("duration"), d)
        }),
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
        themes: themes::refs(c, symbols, f, root.key("themes"), &m.themes),
        recommendations: references(
            c,
            symbols,
            SymbolKind::Recommendation,
            &Origin {
                file: f,
                path: root.key("recommendations"),
            },
            &m.recommendations,
            "recommendations are declared under `items:` in recommendations/",
        ),
        questions: references(
            c,
            symbols,
            SymbolKind::Question,
            &Origin {
                file: f,
                path: root.key("questions"),
            },
            &m.questions,
            "advance questions are declared under a theme's `questions:` in recommendations/",
        ),
        talking_points: c.narratives(f, &root.key("talking_points"), &m.talking_points),
        asks: c.narratives(f, &root.key("asks"), &m.asks),
        status: m.status,
        outcome: c.optional_narrative(f, &root.key("outcome"), m.outcome.as_ref()),
        follow_up,
        internal_notes: c.optional_narrative(
            f,
            &root.key("internal_notes"),
            m.internal_notes.as_ref(),
        ),
        file: file_rel,
        origin: Origin {
            file: f,
            path: root,
        },
    }
}

/// A meeting id names the pack's files, so it must be a slug and must not
/// take the name of another output.
/// A meeting's length in minutes, from 1 to [`MAX_DURATION`].
fn duration(c: &mut Checker, f: FileId, path: &YPath, minutes: i64) -> u32 {
    match u32::try_from(minutes) {
        Ok(m) if (1..=MAX_DURATION).contains(&minutes) => m,
        _ => {
            c.error(
                f,
                path,
                Code::OutOfRange,
                format!("a duration of {minutes} minutes is out of range"),
                Some(format!(
                    "duration is the meeting's length in minutes, from 1 to {MAX_DURATION}"
                )),
            );
            DEFAULT_DURATION
        }
    }
}

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
