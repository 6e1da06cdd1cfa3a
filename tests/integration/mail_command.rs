//! `upr-brief mail` end to end: every draft read back with a standard MIME
//! parser; addressed to exactly one person of its own meeting, from the
//! coalition's contact, dated from SOURCE_DATE_EPOCH, with the packs on disk
//! attached byte for byte; identical on a second run; and nothing internal
//! in a draft's body or attachments.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use common::{Campaign, example_inputs, run, tool};
use mail_parser::{MessageParser, MimeHeaders};
use upr_brief::output::sha256;
use upr_brief::pipeline;

const EPOCH: i64 = 1711929600; // 2024-04-01

fn mail(inputs: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    run(tool()
        .arg("mail")
        .arg("--inputs")
        .arg(inputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", EPOCH.to_string()))
}

/// The drafts written: file name → bytes.
fn drafts(out: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(out.join("mail"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// What a draft says, as a mail program reads it.
struct Draft {
    to: Vec<String>,
    from: Vec<String>,
    subject: String,
    date: i64,
    message_id: String,
    body: String,
    /// Attachment file name → bytes.
    attachments: BTreeMap<String, Vec<u8>>,
}

fn read(bytes: &[u8]) -> Draft {
    let m = MessageParser::default()
        .parse(bytes)
        .expect("a MIME message");
    let addresses = |a: Option<&mail_parser::Address>| -> Vec<String> {
        a.map(|a| {
            a.iter()
                .filter_map(|x| x.address())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
    };
    assert_eq!(m.text_body_count(), 1);
    Draft {
        to: addresses(m.to()),
        from: addresses(m.from()),
        subject: m.subject().unwrap_or_default().to_string(),
        date: m.date().expect("a Date header").to_timestamp(),
        message_id: m.message_id().unwrap_or_default().to_string(),
        body: m.body_text(0).unwrap().into_owned(),
        attachments: m
            .attachments()
            .map(|a| {
                (
                    a.attachment_name().unwrap_or_default().to_string(),
                    a.contents().to_vec(),
                )
            })
            .collect(),
    }
}

fn docx_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            all.push_str(&s);
        }
    }
    all
}

#[test]
fn example_drafts_are_addressed_dated_and_carry_the_packs_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, text) = mail(&example_inputs(), &out, &[]);
    assert_eq!(code, 0, "{text}");

    let loaded = pipeline::load(
        &example_inputs(),
        None,
        chrono::NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(),
    )
    .unwrap();
    let campaign = loaded.campaign.unwrap();
    let sender = campaign
        .coalition
        .iter()
        .find_map(|m| m.contact.as_ref()?.email.clone())
        .unwrap();
    let with_email: usize = campaign
        .meetings
        .iter()
        .map(|m| {
            m.counterpart
                .people
                .iter()
                .filter(|p| p.email.is_some())
                .count()
        })
        .sum();

    let written = drafts(&out);
    assert_eq!(written.len(), with_email, "{text}");
    assert!(with_email >= 5);
    let mut ids = Vec::new();
    for (name, bytes) in &written {
        assert!(text.contains(name.as_str()), "no line for {name}: {text}");
        let (meeting_id, n) = name
            .strip_suffix(".eml")
            .unwrap()
            .rsplit_once("--")
            .unwrap();
        let meeting = campaign
            .meetings
            .iter()
            .find(|m| m.id == meeting_id)
            .unwrap();
        let person = &meeting.counterpart.people[n.parse::<usize>().unwrap() - 1];
        let d = read(bytes);

        // To exactly one person, of this meeting; from the coalition's contact.
        assert_eq!(d.to, [person.email.clone().unwrap()], "{name}");
        assert_eq!(d.from, std::slice::from_ref(&sender), "{name}");
        assert_eq!(d.date, EPOCH, "{name}");
        assert!(!d.subject.is_empty());
        assert!(d.body.contains(&person.name), "{name}: {}", d.body);
        ids.push(d.message_id.clone());

        // The PDF pack on disk, byte for byte.
        let pack = format!("{meeting_id}.pdf");
        assert_eq!(d.attachments.keys().collect::<Vec<_>>(), [&pack], "{name}");
        let on_disk = fs::read(out.join(&pack)).unwrap();
        assert_eq!(sha256(&d.attachments[&pack]), sha256(&on_disk), "{name}");
    }
    // One Message-ID per draft.
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), written.len());

    // The review date as UN documents write it, in the pack's language.
    let france = read(&written["2024-03-21-france--1.eml"]);
    assert!(france.body.contains("7 mai 2024"), "{}", france.body);
    assert!(france.body.contains("21 mars 2024"), "{}", france.body);
    let chile = read(&written["2024-03-21-chile--1.eml"]);
    assert!(chile.body.contains("7 de mayo de 2024"), "{}", chile.body);
    let sweden = read(&written["2024-03-20-sweden--1.eml"]);
    assert!(sweden.body.contains("7 May 2024"), "{}", sweden.body);
    // The French meeting's second person has no address: no draft.
    assert!(!written.contains_key("2024-03-21-france--2.eml"));

    // A second run changes nothing.
    let (code, text) = mail(&example_inputs(), &out, &[]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(drafts(&out), written);
    assert!(text.contains("wrote 0,"), "the packs were rebuilt: {text}");
}

#[test]
fn with_docx_both_packs_are_attached_and_stale_drafts_go() {
    let c = Campaign::base_with(&[]);
    let out = c.dir.path().join("out");
    let (code, text) = mail(&c.inputs(), &out, &["--docx"]);
    assert_eq!(code, 0, "{text}");
    let written = drafts(&out);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        ["2024-03-21-france--1.eml"]
    );
    let d = read(&written["2024-03-21-france--1.eml"]);
    assert_eq!(d.attachments.len(), 2);
    for name in ["2024-03-21-france.pdf", "2024-03-21-france.docx"] {
        let on_disk = fs::read(out.join(name)).unwrap();
        assert_eq!(sha256(&d.attachments[name]), sha256(&on_disk), "{name}");
    }
    assert_eq!(d.to, ["a.martin@example.org"]);
    assert_eq!(d.from, ["staff@example.org"]);

    // The person loses the address: the old draft is removed, others stay.
    fs::write(out.join("mail/notes.txt"), "mine").unwrap();
    let meeting = c.inputs().join("meetings/2024-03-21-france.yaml");
    let text = fs::read_to_string(&meeting).unwrap();
    fs::write(&meeting, text.replace(", email: a.martin@example.org", "")).unwrap();
    let (code, text) = mail(&c.inputs(), &out, &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("removed"), "{text}");
    assert!(drafts(&out).is_empty());
    assert!(out.join("mail/notes.txt").is_file());
}

#[test]
fn without_a_coalition_contact_address_nothing_is_written() {
    let base = fs::read_to_string(common::fixtures().join("base/campaign.yaml")).unwrap();
    let campaign = base.replace(", email: staff@example.org", "");
    assert_ne!(campaign, base);
    let c = Campaign::base_with(&[("campaign.yaml", &campaign)]);
    let out = c.dir.path().join("out");
    let (code, text) = mail(&c.inputs(), &out, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("contact e-mail address"), "{text}");
    assert!(!out.exists());
}

#[test]
fn drafts_leak_nothing_internal_and_nothing_of_another_person() {
    let c = Campaign::marked_with(&[]);
    let out = c.dir.path().join("out");
    let (code, text) = mail(&c.inputs(), &out, &["--docx"]);
    assert_eq!(code, 0, "{text}");
    let written = drafts(&out);
    assert_eq!(written.len(), 3, "{text}");
    for (name, to, own, other_people) in [
        (
            "2024-03-21-france--1.eml",
            "personfr@example.org",
            "FR",
            vec!["otherfr@example.org", "personfoc@example.org", "OTHERFR"],
        ),
        (
            "2024-03-21-france--2.eml",
            "otherfr@example.org",
            "FR",
            vec!["personfr@example.org", "personfoc@example.org", "PERSONFR"],
        ),
        (
            "2024-03-19-foc--1.eml",
            "personfoc@example.org",
            "FOC",
            vec!["personfr@example.org", "otherfr@example.org"],
        ),
    ] {
        let raw = String::from_utf8_lossy(&written[name]).into_owned();
        let d = read(&written[name]);
        assert_eq!(d.to, [to]);
        let mut texts = vec![("body", d.body.clone()), ("subject", d.subject.clone())];
        for (file, bytes) in &d.attachments {
            let text = if file.ends_with(".pdf") {
                common::pdf_text_of(bytes)
            } else {
                docx_xml(bytes)
            };
            texts.push((file.as_str(), text));
        }
        // The pack attached is this meeting's own.
        let pdf = &texts.iter().find(|t| t.0.ends_with(".pdf")).unwrap().1;
        assert!(pdf.contains(&format!("ASK{own}")), "{name}");
        let internal = ["TALK", "OUTCOME", "FOLLOW", "NOTES"];
        for tag in ["FR", "FOC"] {
            for marker in internal.iter().map(|m| format!("{m}{tag}")) {
                assert!(!raw.contains(&marker), "{marker} in {name}");
                for (part, text) in &texts {
                    assert!(!text.contains(&marker), "{marker} in {name}: {part}");
                }
            }
        }
        // The recipient's address is in the To header only.
        for (part, text) in &texts {
            assert!(!text.contains(to), "{to} in {name}: {part}");
        }
        assert_eq!(raw.matches(to).count(), 1, "{name}");
        // No other person's address or name, anywhere.
        for marker in other_people {
            assert!(!raw.contains(marker), "{marker} in {name}");
            for (part, text) in &texts {
                let attachment = part.ends_with(".pdf") || part.ends_with(".docx");
                if attachment && !marker.contains('@') {
                    // The pack names every person met; it never has an address.
                    continue;
                }
                assert!(!text.contains(marker), "{marker} in {name}: {part}");
            }
        }
    }
}
