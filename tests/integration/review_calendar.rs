//! The review calendar: `calendar.ics` read back by a parser (its events,
//! their `DATE` values, UIDs stable across builds and edits), the summary's
//! section, explicit dates checked and located, the after-deadline warning,
//! and how the file takes part in incremental builds and `--only`.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use icalendar::parser::{read_calendar, unfold};

use common::{Campaign, build, messages};

/// The events of an `.ics` file built with `common::build`: UID → (DTSTART
/// with its parameters, SUMMARY).
fn events(ics: &str) -> BTreeMap<String, (String, String)> {
    let unfolded = unfold(ics);
    let cal = read_calendar(&unfolded).expect("calendar.ics parses");
    // The VCALENDAR's own properties.
    let version = cal.properties.iter().find(|p| p.name == "VERSION");
    assert_eq!(version.map(|p| p.val.as_str()), Some("2.0"));
    assert!(cal.properties.iter().any(|p| p.name == "PRODID"));
    cal.components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|e| {
            let prop = |key: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == key)
                    .unwrap_or_else(|| panic!("{key} in {e:?}"))
            };
            let start = prop("DTSTART");
            let params: Vec<String> = start
                .params
                .iter()
                .map(|p| {
                    format!(
                        "{}={}",
                        p.key,
                        p.val.as_ref().map(|v| v.as_str()).unwrap_or("")
                    )
                })
                .collect();
            // Every build here has SOURCE_DATE_EPOCH at 20 April 2024.
            assert_eq!(prop("DTSTAMP").val.as_str(), "20240420T000000Z");
            (
                prop("UID").val.to_string(),
                (
                    format!("{};{}", params.join(";"), start.val),
                    prop("SUMMARY").val.to_string(),
                ),
            )
        })
        .collect()
}

fn ics(out: &Path) -> String {
    fs::read_to_string(out.join("calendar.ics")).unwrap()
}

#[test]
fn the_example_campaigns_calendar_reads_back() {
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&common::example_inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    let text = ics(out.path());
    // RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "a bare LF: {line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let ev = events(&text);
    let at = |uid: &str| ev.get(uid).map(|e| e.0.as_str());
    // Viet Nam, 7 May 2024: documents about 26 March, advance questions 27 April.
    assert_eq!(
        at("documents@vn-upr4.upr-brief"),
        Some("VALUE=DATE;20240326")
    );
    assert_eq!(
        at("advance-questions@vn-upr4.upr-brief"),
        Some("VALUE=DATE;20240427")
    );
    assert_eq!(at("review@vn-upr4.upr-brief"), Some("VALUE=DATE;20240507"));
    assert_eq!(
        at("recommendations-list@vn-upr4.upr-brief"),
        Some("VALUE=DATE;20240509")
    );
    // A meeting with a time starts at it, in Seoul; the FOC met at 10:00.
    assert_eq!(
        at("meeting-2024-03-19-foc@vn-upr4.upr-brief"),
        Some("TZID=Asia/Seoul;20240319T100000")
    );
    assert!(
        ev.keys()
            .any(|u| u.starts_with("follow-up-") && u.ends_with("@vn-upr4.upr-brief")),
        "{ev:?}"
    );
    // No one's e-mail address: an `@` only in UIDs.
    for line in unfold(&text).lines() {
        assert!(!line.contains('@') || line.starts_with("UID:"), "{line}");
    }
    // The summary has the section, with both estimates.
    let summary = common::pdf_text(&out.path().join("summary.pdf"));
    assert!(summary.contains("Review calendar"), "{summary}");
    assert!(summary.contains("26 March 2024"), "{summary}");
    assert!(summary.contains("27 April 2024"), "{summary}");
    assert!(summary.contains("September 2024"), "{summary}");
}

#[test]
fn uids_and_bytes_are_stable_and_explicit_dates_override() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    let first = ics(out.path());
    // A second build into another folder: byte for byte the same.
    let again = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), again.path(), &[]).0, 0);
    assert_eq!(first, ics(again.path()));

    // An edit of an unrelated field (the title) keeps every UID.
    let campaign = c.inputs().join("campaign.yaml");
    let text = fs::read_to_string(&campaign).unwrap();
    fs::write(&campaign, text.replace("Test campaign", "Renamed campaign")).unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    let renamed = ics(out.path());
    let uids = |t: &str| events(t).into_keys().collect::<Vec<_>>();
    assert_eq!(uids(&first), uids(&renamed));
    assert_ne!(first, renamed, "the calendar's name is the title");

    // An explicit date replaces the rule's, under the same UID.
    let dates = text.replace(
        "date: 2024-05-07 }",
        "date: 2024-05-07, documents: 2024-03-20, submission_deadline: 2023-10-05 }",
    );
    assert_ne!(dates, text);
    fs::write(&campaign, dates).unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    let ev = events(&ics(out.path()));
    assert_eq!(ev["documents@vn-upr4.upr-brief"].0, "VALUE=DATE;20240320");
    assert_eq!(
        ev["submission-deadline@vn-upr4.upr-brief"].0,
        "VALUE=DATE;20231005"
    );
    assert_eq!(uids(&first).len() + 1, ev.len());
}

#[test]
fn explicit_dates_on_the_wrong_side_of_the_review_are_located_errors() {
    let campaign = fs::read_to_string(common::fixtures().join("base/campaign.yaml")).unwrap();
    let wrong = campaign.replace(
        "review: { cycle: 4, session: 46, date: 2024-05-07 }",
        "review:\n  cycle: 4\n  session: 46\n  date: 2024-05-07\n  advance_questions: 2024-05-08\n  adoption: 2024-05-01\n  pre_session: 2024-04-31\n",
    );
    assert_ne!(wrong, campaign);
    let loaded = Campaign::base_with(&[("campaign.yaml", &wrong)]).load();
    let m = messages(&loaded);
    let at = |needle: &str| m.iter().filter(|l| l.contains(needle)).count();
    assert_eq!(at("campaign.yaml:8:22: error[date-order]"), 1, "{m:?}");
    assert_eq!(at("campaign.yaml:9:13: error[date-order]"), 1, "{m:?}");
    assert_eq!(at("campaign.yaml:10:16: error[invalid-date]"), 1, "{m:?}");
    assert!(
        m.iter()
            .any(|l| l
                .contains("advance_questions (2024-05-08) is not before the review (2024-05-07)")),
        "{m:?}"
    );
}

#[test]
fn a_planned_meeting_after_the_advance_questions_deadline_warns_at_its_date() {
    let france =
        fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap();
    let warned = |text: &str| {
        let loaded = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", text)]).load();
        assert!(!loaded.diags.has_errors(), "{:?}", messages(&loaded));
        messages(&loaded)
            .into_iter()
            .filter(|m| m.contains("warning[after-deadline]"))
            .collect::<Vec<_>>()
    };
    let planned = france
        .replace("status: held", "status: planned")
        .replace("outcome: \"Positive.\"\n", "");
    // 30 April: after the deadline of 27 April, before the review.
    let late = planned.replace("date: 2024-03-21", "date: 2024-04-30");
    let w = warned(&late);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("/meetings/2024-03-21-france.yaml:1:7: warning[after-deadline]"),
        "{w:?}"
    );
    assert!(w[0].contains("(2024-04-27)"), "{w:?}");
    // On the deadline itself, or held, it does not.
    assert!(warned(&planned.replace("date: 2024-03-21", "date: 2024-04-27")).is_empty());
    assert!(warned(&france.replace("date: 2024-03-21", "date: 2024-04-30")).is_empty());
}

#[test]
fn the_calendar_is_rewritten_only_when_an_event_changes_and_never_by_only() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &["--format", "pdf"]);
    assert_eq!(code, 0, "{log}");
    // Written whatever the formats asked for, and listed in the manifest.
    assert!(log.contains("calendar.ics"), "{log}");
    let manifest = fs::read_to_string(out.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("\"calendar.ics\""), "{manifest}");

    // An edit no event shows (a talking point): the calendar stays.
    let france = c.inputs().join("meetings/2024-03-21-france.yaml");
    let text = fs::read_to_string(&france).unwrap();
    fs::write(&france, text.replace("Thank France", "Thank France warmly")).unwrap();
    let (_, log) = build(&c.inputs(), out.path(), &["--format", "pdf"]);
    assert!(log.contains("summary.pdf"), "{log}");
    assert!(!log.contains("calendar.ics"), "{log}");

    // Moving the review moves its steps: calendar and summary are rewritten.
    let campaign = c.inputs().join("campaign.yaml");
    let text = fs::read_to_string(&campaign).unwrap();
    fs::write(
        &campaign,
        text.replace("date: 2024-05-07", "date: 2024-05-08"),
    )
    .unwrap();
    let (_, log) = build(&c.inputs(), out.path(), &["--format", "pdf"]);
    assert!(
        log.contains("wrote ") && log.contains("calendar.ics"),
        "{log}"
    );
    assert!(log.contains("summary.pdf"), "{log}");
    assert!(ics(out.path()).contains("DTSTART;VALUE=DATE:20240428"));

    // --only writes the named pack only: not the calendar.
    let only = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), only.path(), &["--only", "2024-03-21-france"]);
    assert_eq!(code, 0, "{log}");
    assert!(!only.path().join("calendar.ics").exists(), "{log}");
    // Nor does it remove the calendar a full build wrote.
    let (code, log) = build(&c.inputs(), out.path(), &["--only", "2024-03-21-france"]);
    assert_eq!(code, 0, "{log}");
    assert!(out.path().join("calendar.ics").exists(), "{log}");
}

/// A property of a parsed component: its parameters (`KEY=value;…`), a
/// colon and its value.
fn prop(c: &icalendar::parser::Component, name: &str) -> String {
    let p = c
        .properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} in {c:?}"));
    let params: Vec<String> = p
        .params
        .iter()
        .map(|q| format!("{}={}", q.key, q.val.as_ref().map_or("", |v| v.as_str())))
        .collect();
    format!("{}:{}", params.join(";"), p.val)
}

/// The base campaign with `campaign.yaml`'s extra lines and a meeting on
/// 2 April 2024 at 10:00 (after Europe's change to summer time), France's
/// lasting 90 minutes; built, its `calendar.ics` returned.
fn built_calendar(campaign_lines: &str) -> String {
    let base = |f: &str| fs::read_to_string(common::fixtures().join("base").join(f)).unwrap();
    let campaign = format!("{}{campaign_lines}", base("campaign.yaml"));
    let france = base("meetings/2024-03-21-france.yaml");
    let long = france.replace("time: \"14:00\"\n", "time: \"14:00\"\nduration: 90\n");
    assert_ne!(long, france);
    let april = france
        .replace("date: 2024-03-21", "date: 2024-04-02")
        .replace("time: \"14:00\"", "time: \"10:00\"");
    let c = Campaign::base_with(&[
        ("campaign.yaml", &campaign),
        ("meetings/2024-03-21-france.yaml", &long),
        ("meetings/2024-04-02-france.yaml", &april),
    ]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &["--format", "pdf"]);
    assert_eq!(code, 0, "{log}");
    ics(out.path())
}

/// The observances of the calendar's one VTIMEZONE, each as
/// `KIND DTSTART FROM→TO`, after checking its TZID; none without one.
fn observances(cal: &icalendar::parser::Calendar, zone: Option<&str>) -> Vec<String> {
    let zones: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VTIMEZONE")
        .collect();
    let Some(zone) = zone else {
        assert!(zones.is_empty(), "{zones:?}");
        return Vec::new();
    };
    assert_eq!(zones.len(), 1, "{zones:?}");
    assert_eq!(prop(zones[0], "TZID"), format!(":{zone}"));
    zones[0]
        .components
        .iter()
        .map(|o| {
            format!(
                "{} {} {}→{}",
                o.name,
                prop(o, "DTSTART"),
                prop(o, "TZOFFSETFROM"),
                prop(o, "TZOFFSETTO")
            )
        })
        .collect()
}

fn event<'a>(
    cal: &'a icalendar::parser::Calendar<'a>,
    uid: &str,
) -> &'a icalendar::parser::Component<'a> {
    cal.components
        .iter()
        .find(|c| c.name == "VEVENT" && prop(c, "UID") == format!(":{uid}@vn-upr4.upr-brief"))
        .unwrap_or_else(|| panic!("{uid}"))
}

#[test]
fn meetings_last_their_duration_in_the_campaigns_time_zone() {
    // Geneva (Europe/Zurich) changes to summer time on 31 March 2024, between the meetings.
    let text = built_calendar("time_zone: Europe/Zurich\n");
    let unfolded = unfold(&text);
    let cal = read_calendar(&unfolded).expect("calendar.ics parses");
    let span = |uid: &str| {
        let e = event(&cal, uid);
        (prop(e, "DTSTART"), prop(e, "DTEND"))
    };
    assert_eq!(
        span("meeting-2024-03-21-france"),
        (
            "TZID=Europe/Zurich:20240321T140000".to_string(),
            "TZID=Europe/Zurich:20240321T153000".to_string()
        )
    );
    // One hour when the file gives no duration.
    assert_eq!(
        span("meeting-2024-04-02-france"),
        (
            "TZID=Europe/Zurich:20240402T100000".to_string(),
            "TZID=Europe/Zurich:20240402T110000".to_string()
        )
    );
    // Winter time since October 2023, then summer time from 31 March.
    assert_eq!(
        observances(&cal, Some("Europe/Zurich")),
        [
            "STANDARD :20231029T030000 :+0200→:+0100",
            "DAYLIGHT :20240331T020000 :+0100→:+0200",
        ]
    );
    // The VTIMEZONE comes before the events that name it.
    assert!(text.find("BEGIN:VTIMEZONE") < text.find("BEGIN:VEVENT"));

    // Seoul has had no summer time since 1988: one observance.
    let seoul = built_calendar("time_zone: Asia/Seoul\n");
    let unfolded = unfold(&seoul);
    let cal = read_calendar(&unfolded).unwrap();
    assert_eq!(
        observances(&cal, Some("Asia/Seoul")),
        ["STANDARD :19881009T030000 :+1000→:+0900"]
    );
    assert_eq!(
        prop(event(&cal, "meeting-2024-03-21-france"), "DTEND"),
        "TZID=Asia/Seoul:20240321T153000"
    );

    // Without a time zone: floating times, still with their end.
    let floating = built_calendar("");
    let unfolded = unfold(&floating);
    let cal = read_calendar(&unfolded).unwrap();
    assert_eq!(observances(&cal, None), Vec::<String>::new());
    let e = event(&cal, "meeting-2024-03-21-france");
    assert_eq!(prop(e, "DTSTART"), ":20240321T140000");
    assert_eq!(prop(e, "DTEND"), ":20240321T153000");
    // A meeting without a time stays an all-day event.
    let foc = event(&cal, "meeting-2024-03-19-foc");
    assert_eq!(prop(foc, "DTSTART"), "VALUE=DATE:20240319");
    assert_eq!(prop(foc, "DTEND"), "VALUE=DATE:20240320");
}

#[test]
fn a_step_known_to_its_month_spans_the_month_as_an_estimate() {
    let text = built_calendar("");
    let unfolded = unfold(&text);
    let cal = read_calendar(&unfolded).unwrap();
    let adoption = event(&cal, "adoption");
    assert_eq!(prop(adoption, "DTSTART"), "VALUE=DATE:20240901");
    assert_eq!(prop(adoption, "DTEND"), "VALUE=DATE:20241001");
    assert_eq!(
        prop(adoption, "SUMMARY"),
        ":Adoption of the outcome by the Human Rights Council (September 2024, estimate)"
    );
    let mid_term = event(&cal, "mid-term-report");
    assert_eq!(prop(mid_term, "DTSTART"), "VALUE=DATE:20261101");
    assert_eq!(prop(mid_term, "DTEND"), "VALUE=DATE:20261201");
    assert!(prop(mid_term, "SUMMARY").contains("estimate)"));
    // A step with its day is one day, and no estimate in its title.
    let review = event(&cal, "review");
    assert_eq!(prop(review, "DTEND"), "VALUE=DATE:20240508");
    assert!(!prop(review, "SUMMARY").contains("estimate"));

    // The title is in the calendar's language: a French summary's.
    let campaign = fs::read_to_string(common::fixtures().join("base/campaign.yaml")).unwrap();
    let c = Campaign::base_with(&[(
        "campaign.yaml",
        &campaign.replace("language: en", "language: fr"),
    )]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &["--format", "pdf"]);
    assert_eq!(code, 0, "{log}");
    let fr = ics(out.path());
    let unfolded = unfold(&fr);
    let cal = read_calendar(&unfolded).unwrap();
    let summary = prop(event(&cal, "adoption"), "SUMMARY");
    assert!(
        summary.ends_with("(septembre 2024, estimation)"),
        "{summary}"
    );
}

#[test]
fn an_unknown_time_zone_or_a_wrong_duration_is_a_located_error() {
    let base = |f: &str| fs::read_to_string(common::fixtures().join("base").join(f)).unwrap();
    let campaign = format!("{}time_zone: Europe/Zurch\n", base("campaign.yaml"));
    let line = campaign.lines().count();
    let france = base("meetings/2024-03-21-france.yaml")
        .replace("time: \"14:00\"\n", "time: \"14:00\"\nduration: 0\n");
    let loaded = Campaign::base_with(&[
        ("campaign.yaml", &campaign),
        ("meetings/2024-03-21-france.yaml", &france),
    ])
    .load();
    let m = messages(&loaded);
    let zone: Vec<_> = m
        .iter()
        .filter(|l| l.contains("error[unknown-time-zone]"))
        .collect();
    assert_eq!(zone.len(), 1, "{m:?}");
    assert!(
        zone[0].contains(&format!(
            "campaign.yaml:{line}:12: error[unknown-time-zone]"
        )),
        "{m:?}"
    );
    assert!(zone[0].contains("did you mean \"Europe/Zurich\"?"), "{m:?}");
    assert!(
        m.iter().any(
            |l| l.contains("2024-03-21-france.yaml:3:11: error[out-of-range]")
                && l.contains("duration of 0 minutes")
        ),
        "{m:?}"
    );
    // Case aside, a real zone and a day's meeting are accepted.
    for (zone, minutes) in [("europe/zurich", 60), ("Asia/Seoul", 720)] {
        let loaded = Campaign::base_with(&[
            (
                "campaign.yaml",
                &format!("{}time_zone: {zone}\n", base("campaign.yaml")),
            ),
            (
                "meetings/2024-03-21-france.yaml",
                &france.replace("duration: 0", &format!("duration: {minutes}")),
            ),
        ])
        .load();
        assert!(!loaded.diags.has_errors(), "{:?}", messages(&loaded));
    }
    let long = france.replace("duration: 0", "duration: 721");
    let loaded = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", &long)]).load();
    assert!(
        messages(&loaded)
            .iter()
            .any(|l| l.contains("error[out-of-range]") && l.contains("721")),
        "{:?}",
        messages(&loaded)
    );
}
