//! `calendar.ics`: the review calendar, the meetings and the open
//! follow-ups as an RFC 5545 calendar, written with the `icalendar` crate
//! (which escapes text, folds lines at 75 octets and ends them with CRLF).
//!
//! Every event has a UID made of what it is, not of a counter or the clock
//! (`documents@vn-upr4.upr-brief`, `meeting-<id>@…`, `follow-up-<meeting
//! id>-<n>@…`), so that a calendar app importing a new build updates its
//! events instead of adding them twice; and a DTSTAMP from the build's time
//! (`SOURCE_DATE_EPOCH` when set). The steps of the review and follow-ups are
//! all-day events (`VALUE=DATE`, the end being the next day); a meeting with
//! a time starts then, in the local time of its place (a floating time: the
//! inputs name no time zone). Nothing in it holds an e-mail address.

use chrono::{DateTime, Days, NaiveDate, NaiveTime};
use icalendar::{Calendar, Component, Event, EventLike, Property};

use crate::assemble::CalendarView;
use crate::normalize::Status;
use crate::render::i18n::Language;

/// The calendar's text: titles in `language` (the summary's), every
/// DTSTAMP at `stamp` (seconds since the epoch).
pub fn ics(view: &CalendarView, language: &Language, stamp: i64) -> String {
    let label = |k: &str| language.label(k);
    let colon = label("colon");
    let stamp = DateTime::from_timestamp(stamp, 0).unwrap_or_default();
    let event = |uid: String| {
        let mut e = Event::new();
        e.uid(&format!("{uid}@{}", view.domain)).timestamp(stamp);
        e
    };
    let all_day = |e: &mut Event, d: NaiveDate| {
        e.starts(d);
        e.ends(d.checked_add_days(Days::new(1)).unwrap_or(d));
    };
    let mut cal = Calendar::empty();
    for (k, v) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//upr-brief//review calendar//EN"),
        ("CALSCALE", "GREGORIAN"),
    ] {
        cal.append_property(Property::new(k, v));
    }
    cal.name(&view.title);
    // Each step's description: the review, then whether its date is given.
    let review = format!(
        "{} — {}{colon} {} · {}{colon} {} · {}{colon} ",
        view.state,
        label("cycle"),
        view.cycle,
        label("session"),
        view.session,
        label("calendar_source"),
    );
    for step in &view.review {
        let when = if step.month_only {
            format!(" ({})", language.month(step.date))
        } else {
            String::new()
        };
        let source = if step.explicit {
            label("calendar_explicit")
        } else {
            label("calendar_estimate")
        };
        let mut e = event(step.step.id().to_string());
        all_day(&mut e, step.date);
        e.summary(&format!("{}{when}", label(&step.label)))
            .description(&format!("{review}{source}"));
        cal.push(e);
    }
    for m in &view.meetings {
        let mut e = event(format!("meeting-{}", m.id));
        match m
            .time
            .as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
        {
            Some(t) => {
                e.starts(m.date.and_time(t));
            }
            None => all_day(&mut e, m.date),
        }
        let status = match m.status {
            Status::Held => label("held"),
            Status::Planned => label("planned"),
        };
        e.summary(&format!("{} — {}", label("meeting"), m.counterpart))
            .location(&m.location)
            .description(&format!(
                "{} · {}{colon} {} · {}{colon} {status}",
                m.institution,
                label("delegation"),
                m.delegation.join(", "),
                label("status"),
            ));
        cal.push(e);
    }
    for f in &view.follow_ups {
        let mut e = event(format!("follow-up-{}", f.key));
        all_day(&mut e, f.due);
        e.summary(&format!("{} {}", label("calendar_follow_up"), f.action))
            .description(&format!(
                "{}{colon} {} · {}{colon} {}",
                label("owner"),
                f.owner,
                label("meeting"),
                f.counterpart
            ));
        cal.push(e);
    }
    cal.to_string()
}
