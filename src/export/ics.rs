//! `calendar.ics`: the review calendar, the meetings and the open
//! follow-ups as an RFC 5545 calendar, written with the `icalendar` crate
//! (which escapes text, folds lines at 75 octets and ends them with CRLF).
//!
//! Every event has a UID made of what it is, not of a counter or the clock
//! (`documents@vn-upr4.upr-brief`, `meeting-<id>@…`, `follow-up-<meeting
//! id>-<n>@…`), so that a calendar app importing a new build updates its
//! events instead of adding them twice; and a DTSTAMP from the build's time
//! (`SOURCE_DATE_EPOCH` when set). The steps of the review and follow-ups are
//! all-day events (`VALUE=DATE`, the end being the next day, exclusive); a
//! step known only to its month spans the month and says it is an estimate.
//! A meeting with a time starts then and ends its duration later: in the
//! campaign's `time_zone` (`TZID`, with a `VTIMEZONE` made from the tz
//! database bundled with jiff, the zone's offsets and transitions over the
//! meetings' dates), else as a floating local time. Nothing in it holds an
//! e-mail address.

use chrono::{DateTime, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, Property};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

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
    let all_day = |event: &mut Event, day: NaiveDate| {
        event.starts(day);
        event.ends(day.checked_add_days(Days::new(1)).unwrap_or(day));
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
        let source = if step.explicit {
            label("calendar_explicit")
        } else {
            label("calendar_estimate")
        };
        let mut e = event(step.step.id().to_string());
        let title = if step.month_only {
            // The whole month, its end the first day of the next.
            e.starts(step.date);
            e.ends(
                step.date
                    .checked_add_months(Months::new(1))
                    .unwrap_or(step.date),
            );
            let month =
                label("calendar_month_estimate").replace("{month}", &language.month(step.date));
            format!("{} {month}", label(&step.label))
        } else {
            all_day(&mut e, step.date);
            label(&step.label)
        };
        e.summary(&title).description(&format!("{review}{source}"));
        cal.push(e);
    }
    let zone = view
        .time_zone
        .as_deref()
        .and_then(|z| Some((z, TimeZone::get(z).ok()?)));
    // Each timed meeting's start and end, in local time.
    let mut spans = Vec::new();
    for m in &view.meetings {
        let mut e = event(format!("meeting-{}", m.id));
        match m
            .time
            .as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
        {
            Some(t) => {
                let start = m.date.and_time(t);
                let minutes = TimeDelta::minutes(i64::from(m.duration));
                match &zone {
                    Some((name, tz)) => {
                        let end = zoned_end(tz, start, m.duration).unwrap_or(start + minutes);
                        let at = |d: NaiveDateTime| CalendarDateTime::WithTimezone {
                            date_time: d,
                            tzid: name.to_string(),
                        };
                        e.starts(at(start)).ends(at(end));
                        spans.push((start, end));
                    }
                    None => {
                        e.starts(start).ends(start + minutes);
                    }
                }
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
    let text = cal.to_string();
    match (
        &zone,
        spans.iter().map(|s| s.0).min(),
        spans.iter().map(|s| s.1).max(),
    ) {
        (Some((name, tz)), Some(first), Some(last)) => {
            // Before the first event, as RFC 5545 shows time zones.
            let at = text
                .find("BEGIN:VEVENT\r\n")
                .or_else(|| text.find("END:VCALENDAR"))
                .unwrap_or(text.len());
            let vtimezone = vtimezone(name, tz, first, last);
            format!("{}{vtimezone}{}", &text[..at], &text[at..])
        }
        _ => text,
    }
}

/// The end, in local time, of a meeting starting at `start` in `tz` and
/// lasting `minutes` (across a change of offset, the clock's new time).
fn zoned_end(tz: &TimeZone, start: NaiveDateTime, minutes: u32) -> Option<NaiveDateTime> {
    let end = instant(tz, start)?
        .checked_add(SignedDuration::from_mins(i64::from(minutes)))
        .ok()?;
    Some(local(tz.to_offset(end), end))
}

/// The instant of a local time in `tz` (a time a change skips or repeats
/// taken as the earlier offset gives it).
fn instant(tz: &TimeZone, t: NaiveDateTime) -> Option<Timestamp> {
    use chrono::{Datelike, Timelike};
    let small = |n: u32| i8::try_from(n).ok();
    let civil = jiff::civil::DateTime::new(
        i16::try_from(t.year()).ok()?,
        small(t.month())?,
        small(t.day())?,
        small(t.hour())?,
        small(t.minute())?,
        0,
        0,
    )
    .ok()?;
    tz.to_ambiguous_timestamp(civil).compatible().ok()
}

/// The local time at `offset` of the instant `ts`.
fn local(offset: Offset, ts: Timestamp) -> NaiveDateTime {
    DateTime::from_timestamp(ts.as_second() + i64::from(offset.seconds()), 0)
        .unwrap_or_default()
        .naive_utc()
}

/// `+HHMM` (`+HHMMSS` when the offset has seconds), as RFC 5545 writes offsets.
fn utc_offset(offset: Offset) -> String {
    let s = offset.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let a = s.unsigned_abs();
    let (h, m, sec) = (a / 3600, a % 3600 / 60, a % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// The `VTIMEZONE` of `tz` over the local times `first` to `last`: the
/// observance in force at `first` and each change of offset until `last`,
/// each a STANDARD or DAYLIGHT with its onset in the local time before it.
/// (icalendar has no time zone component; these lines are short ASCII,
/// needing no folding or escaping.)
fn vtimezone(name: &str, tz: &TimeZone, first: NaiveDateTime, last: NaiveDateTime) -> String {
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{name}\r\n");
    let (Some(from), Some(to)) = (instant(tz, first), instant(tz, last)) else {
        return out + "END:VTIMEZONE\r\n";
    };
    let mut observance =
        |kind: &str, onset: NaiveDateTime, before: Offset, after: Offset, abbr: &str| {
            out.push_str(&format!(
                "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
                onset.format("%Y%m%dT%H%M%S"),
                utc_offset(before),
                utc_offset(after),
            ));
            if abbr
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-".contains(c))
                && !abbr.is_empty()
            {
                out.push_str(&format!("TZNAME:{abbr}\r\n"));
            }
            out.push_str(&format!("END:{kind}\r\n"));
        };
    // The change in force at `from` (at it or before), then those up to `to`.
    let just_after = from
        .checked_add(SignedDuration::from_secs(1))
        .unwrap_or(from);
    let in_force = tz.preceding(just_after).next();
    let later = tz.following(from).take_while(|t| t.timestamp() <= to);
    if in_force.is_none() {
        // A zone that never changed: one observance since the epoch.
        let info = tz.to_offset_info(from);
        let kind = if info.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        let onset = DateTime::UNIX_EPOCH.naive_utc();
        observance(
            kind,
            onset,
            info.offset(),
            info.offset(),
            info.abbreviation(),
        );
    }
    for t in in_force.into_iter().chain(later) {
        let before = tz.to_offset(
            t.timestamp()
                .checked_sub(SignedDuration::from_secs(1))
                .unwrap_or(t.timestamp()),
        );
        let kind = if t.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        observance(
            kind,
            local(before, t.timestamp()),
            before,
            t.offset(),
            t.abbreviation(),
        );
    }
    out + "END:VTIMEZONE\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap()
    }

    #[test]
    fn offsets_as_rfc_5545_writes_them() {
        let o = |s| utc_offset(Offset::from_seconds(s).unwrap());
        assert_eq!(o(3600), "+0100");
        assert_eq!(o(-(3 * 3600 + 1800)), "-0330");
        assert_eq!(o(0), "+0000");
        // Local mean times have seconds (Zurich's until 1894: +0:34:08).
        assert_eq!(o(2048), "+003408");
    }

    #[test]
    fn a_zone_that_never_changed_has_one_observance() {
        let utc = TimeZone::get("UTC").unwrap();
        let v = vtimezone("UTC", &utc, at(2024, 3, 1, 10), at(2024, 11, 1, 10));
        assert_eq!(v.matches("BEGIN:STANDARD").count(), 1, "{v}");
        assert!(!v.contains("DAYLIGHT"), "{v}");
        assert!(
            v.contains("TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\n"),
            "{v}"
        );
    }

    #[test]
    fn every_change_between_the_first_and_last_meeting_is_listed() {
        // New York, March 2024 to March 2025: summer time, winter, summer.
        let ny = TimeZone::get("America/New_York").unwrap();
        let v = vtimezone(
            "America/New_York",
            &ny,
            at(2024, 3, 1, 10),
            at(2025, 3, 20, 10),
        );
        let kinds: Vec<&str> = v
            .lines()
            .filter(|l| l.starts_with("BEGIN:") && *l != "BEGIN:VTIMEZONE")
            .collect();
        assert_eq!(
            kinds,
            [
                "BEGIN:STANDARD",
                "BEGIN:DAYLIGHT",
                "BEGIN:STANDARD",
                "BEGIN:DAYLIGHT"
            ],
            "{v}"
        );
        assert!(
            v.contains(
                "DTSTART:20240310T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT"
            ),
            "{v}"
        );
        assert!(
            v.contains(
                "DTSTART:20241103T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST"
            ),
            "{v}"
        );
    }
}
