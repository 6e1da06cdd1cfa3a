//! `upr-brief mail` end to end: every draft read back with a standard MIME
//! parser; one per meeting, addressed to every person of that meeting with an
//! address, from the contact of its lead, dated from SOURCE_DATE_EPOCH, with
//! the packs on disk attached byte for byte; identical on a second run; and
//! nothing internal in a draft's body or attachments.

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
    /// The `X-Unsent` header, which makes a mail program open the file as
    /// a draft to send rather than as mail received.
    unsent: Option<String>,
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
        unsent: m.header_raw("X-Unsent").map(|v| v.trim().to_string()),
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

/// The address a meeting's draft comes from, as SPEC says: the contact of
/// its `lead`, else of the first of its delegation with a contact e-mail.
fn expected_sender(campaign: &upr_brief::normalize::Campaign, id: &str) -> String {
    let meeting = campaign.meetings.iter().find(|m| m.id == id).unwrap();
    let email = |member: &String| {
        campaign
            .coalition
            .iter()
            .find(|c| &c.id == member)
            .and_then(|c| c.contact.as_ref()?.email.clone())
    };
    match &meeting.lead {
        Some(lead) => email(lead).unwrap(),
        None => meeting.delegation.iter().find_map(email).unwrap(),
    }
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
    let with_email: Vec<&str> = campaign
        .meetings
        .iter()
        .filter(|m| m.counterpart.people.iter().any(|p| p.email.is_some()))
        .map(|m| m.id.as_str())
        .collect();

    let written = drafts(&out);
    assert_eq!(written.len(), with_email.len(), "{text}");
    assert!(with_email.len() >= 4);
    let mut ids = Vec::new();
    for (name, bytes) in &written {
        assert!(text.contains(name.as_str()), "no line for {name}: {text}");
        let meeting_id = name.strip_suffix(".eml").unwrap();
        let meeting = campaign
            .meetings
            .iter()
            .find(|m| m.id == meeting_id)
            .unwrap();
        let d = read(bytes);

        // To every person of this meeting with an address, in order; from
        // the contact of its lead.
        let to: Vec<String> = meeting
            .counterpart
            .people
            .iter()
            .filter_map(|p| p.email.clone())
            .collect();
        assert_eq!(d.to, to, "{name}");
        assert_eq!(d.from, [expected_sender(&campaign, meeting_id)], "{name}");
        assert_eq!(d.date, EPOCH, "{name}");
        assert_eq!(d.unsent.as_deref(), Some("1"), "{name}");
        // Each pack's language: the meeting's, else its state's.
        let subject = match meeting_id {
            "2024-03-21-france" => {
                "Merci pour notre réunion — Examen périodique universel (Viet Nam)"
            }
            "2024-03-21-chile" | "2024-03-27-honduras" => {
                "Gracias por nuestra reunión — Examen Periódico Universal (Viet Nam)"
            }
            _ => "Thank you for our meeting — Universal Periodic Review of Viet Nam",
        };
        assert_eq!(d.subject, subject, "{name}");
        for person in meeting
            .counterpart
            .people
            .iter()
            .filter(|p| p.email.is_some())
        {
            assert!(d.body.contains(&person.name), "{name}: {}", d.body);
        }
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

    // The example's meetings were held: each draft thanks the people met
    // and repeats the asks, in the pack's language, never the outcome.
    let france = read(&written["2024-03-21-france.eml"]);
    assert!(
        france.subject.starts_with("Merci pour notre réunion"),
        "{}",
        france.subject
    );
    assert!(
        france.body.contains("reçus le 21 mars 2024.")
            && france.body.contains("\n- Follow up recommendation 168"),
        "{}",
        france.body
    );
    let sweden = read(&written["2024-03-20-sweden.eml"]);
    assert!(
        sweden
            .body
            .contains("Thank you for meeting us on 20 March 2024."),
        "{}",
        sweden.body
    );

    // A second run changes nothing.
    let (code, text) = mail(&example_inputs(), &out, &[]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(drafts(&out), written);
    assert!(text.contains("wrote 0,"), "the packs were rebuilt: {text}");
    assert!(!text.contains(".eml (to"), "a draft was rewritten: {text}");
}

#[test]
fn with_docx_both_packs_are_attached_and_only_the_tools_stale_drafts_go() {
    let c = Campaign::base_with(&[]);
    let out = c.dir.path().join("out");
    let (code, text) = mail(&c.inputs(), &out, &["--docx"]);
    assert_eq!(code, 0, "{text}");
    let written = drafts(&out);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        ["2024-03-21-france.eml"]
    );
    let d = read(&written["2024-03-21-france.eml"]);
    assert_eq!(d.attachments.len(), 2);
    for name in ["2024-03-21-france.pdf", "2024-03-21-france.docx"] {
        let on_disk = fs::read(out.join(name)).unwrap();
        assert_eq!(sha256(&d.attachments[name]), sha256(&on_disk), "{name}");
    }
    assert_eq!(d.to, ["a.martin@example.org"]);
    assert_eq!(d.from, ["staff@example.org"]);

    // The person loses the address: the old draft is removed; the user's
    // own files, a draft of their own among them, stay.
    fs::write(out.join("mail/notes.txt"), "mine").unwrap();
    fs::write(out.join("mail/2024-03-19-foc.eml"), "written by hand").unwrap();
    let meeting = c.inputs().join("meetings/2024-03-21-france.yaml");
    let text = fs::read_to_string(&meeting).unwrap();
    fs::write(&meeting, text.replace(", email: a.martin@example.org", "")).unwrap();
    let (code, text) = mail(&c.inputs(), &out, &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("removed"), "{text}");
    assert!(!out.join("mail/2024-03-21-france.eml").exists());
    assert!(out.join("mail/notes.txt").is_file());
    assert_eq!(
        fs::read_to_string(out.join("mail/2024-03-19-foc.eml")).unwrap(),
        "written by hand"
    );
}

#[test]
fn a_removed_meeting_loses_its_draft() {
    let c = Campaign::base_with(&[]);
    let out = c.dir.path().join("out");
    assert_eq!(mail(&c.inputs(), &out, &[]).0, 0);
    assert!(out.join("mail/2024-03-21-france.eml").is_file());
    fs::remove_file(c.inputs().join("meetings/2024-03-21-france.yaml")).unwrap();
    let (code, text) = mail(&c.inputs(), &out, &[]);
    assert_eq!(code, 0, "{text}");
    assert!(!out.join("mail/2024-03-21-france.eml").exists(), "{text}");
}

#[test]
fn the_lead_sends_the_draft_and_must_have_a_contact() {
    let campaign = fs::read_to_string(common::fixtures().join("base/campaign.yaml"))
        .unwrap()
        .replace(
            "    short: OpenNet\n",
            "    short: OpenNet\n    contact: { name: Net Staff, email: net@example.org }\n",
        );
    let france =
        fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap();
    // By default, the first of the delegation with a contact: liv.
    let c = Campaign::base_with(&[("campaign.yaml", &campaign)]);
    let out = c.dir.path().join("out");
    assert_eq!(mail(&c.inputs(), &out, &[]).0, 0);
    let d = read(&drafts(&out)["2024-03-21-france.eml"]);
    assert_eq!(d.from, ["staff@example.org"]);
    // The delegation in the other order: opennet comes first.
    let swapped = france.replace("delegation: [liv, opennet]", "delegation: [opennet, liv]");
    let c = Campaign::base_with(&[
        ("campaign.yaml", &campaign),
        ("meetings/2024-03-21-france.yaml", &swapped),
    ]);
    let out = c.dir.path().join("out");
    assert_eq!(mail(&c.inputs(), &out, &[]).0, 0);
    assert_eq!(
        read(&drafts(&out)["2024-03-21-france.eml"]).from,
        ["net@example.org"]
    );
    // A lead chooses, whatever the order.
    let led = format!("{france}lead: opennet\n");
    let c = Campaign::base_with(&[
        ("campaign.yaml", &campaign),
        ("meetings/2024-03-21-france.yaml", &led),
    ]);
    let out = c.dir.path().join("out");
    assert_eq!(mail(&c.inputs(), &out, &[]).0, 0);
    assert_eq!(
        read(&drafts(&out)["2024-03-21-france.eml"]).from,
        ["net@example.org"]
    );
    // A lead without a contact address is an error at the lead; nothing is written.
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", &led)]);
    let out = c.dir.path().join("out");
    let (code, text) = mail(&c.inputs(), &out, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("error[no-sender]: the lead \"opennet\" has no contact e-mail address"),
        "{text}"
    );
    assert!(
        text.contains("meetings/2024-03-21-france.yaml:17:7"),
        "{text}"
    );
    assert!(!out.exists());
    // A lead that is no coalition member is an invalid input, for check too.
    let unknown = format!("{france}lead: nobody\n");
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", &unknown)]);
    let (code, text) = run(tool().arg("check").arg("--inputs").arg(c.inputs()));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("unknown coalition member \"nobody\""),
        "{text}"
    );
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

/// The marked campaign's drafts: file name, recipients, the marker of its
/// own meeting, and the markers of the other meeting's people.
const MARKED: [(&str, &[&str], &str, &[&str]); 2] = [
    (
        "2024-03-21-france.eml",
        &["personfr@example.org", "otherfr@example.org"],
        "FR",
        &["personfoc@example.org", "PERSONFOC"],
    ),
    (
        "2024-03-19-foc.eml",
        &["personfoc@example.org"],
        "FOC",
        &[
            "personfr@example.org",
            "otherfr@example.org",
            "PERSONFR",
            "OTHERFR",
        ],
    ),
];

/// What a draft of the marked campaign shows that it must not: anything
/// internal of either meeting, a recipient's address outside the `To:`
/// header, anything of the other meeting's people; or not its own pack.
/// `raw` is the message as written, `d` as a mail program reads it.
fn leaks(name: &str, raw: &[u8], d: &Draft, to: &[&str], own: &str, other: &[&str]) -> Vec<String> {
    let raw = String::from_utf8_lossy(raw).into_owned();
    let mut found = Vec::new();
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
    match texts.iter().find(|t| t.0.ends_with(".pdf")) {
        Some((_, pdf)) if pdf.contains(&format!("ASK{own}")) => {}
        _ => found.push(format!("{name}: not its own pack")),
    }
    let internal = ["TALK", "OUTCOME", "FOLLOW", "NOTES"];
    for tag in ["FR", "FOC"] {
        for marker in internal.iter().map(|m| format!("{m}{tag}")) {
            if raw.contains(&marker) {
                found.push(format!("{marker} in {name}"));
            }
            for (part, text) in &texts {
                if text.contains(&marker) {
                    found.push(format!("{marker} in {name}: {part}"));
                }
            }
        }
    }
    // The recipients' addresses are in the To header only.
    for address in to {
        for (part, text) in &texts {
            if text.contains(address) {
                found.push(format!("{address} in {name}: {part}"));
            }
        }
        if raw.matches(address).count() != 1 {
            found.push(format!("{address} outside the To header of {name}"));
        }
    }
    // Nothing of the other meeting's people, anywhere.
    for marker in other {
        if raw.contains(marker) {
            found.push(format!("{marker} in {name}"));
        }
        for (part, text) in &texts {
            if text.contains(marker) {
                found.push(format!("{marker} in {name}: {part}"));
            }
        }
    }
    found
}

#[test]
fn drafts_leak_nothing_internal_and_nothing_of_another_meeting() {
    let c = Campaign::marked_with(&[]);
    let out = c.dir.path().join("out");
    let (code, text) = mail(&c.inputs(), &out, &["--docx"]);
    assert_eq!(code, 0, "{text}");
    let written = drafts(&out);
    assert_eq!(written.len(), 2, "{text}");
    for (name, to, own, other) in MARKED {
        let d = read(&written[name]);
        assert_eq!(d.to, to);
        if own == "FR" {
            // One greeting for both people, in the pack's language.
            assert!(
                d.body.starts_with("Bonjour PERSONFR et OTHERFR,"),
                "{}",
                d.body
            );
        }
        assert_eq!(
            leaks(name, &written[name], &d, to, own, other),
            Vec::<String>::new()
        );
    }
}

/// `mail --only` writes the named meetings' drafts, needs only what their
/// packs are made of to be valid, and leaves the other drafts as they are.
#[test]
fn only_writes_the_named_drafts_and_keeps_the_others() {
    let c = Campaign::with_france_copies(1);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = mail(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    let before = drafts(out.path());
    assert_eq!(before.len(), 2, "{log}");
    let (code, log) = mail(&c.inputs(), out.path(), &["--only", "2024-03-21-francee"]);
    assert_eq!(code, 2, "{log}");
    assert!(log.contains("2024-03-21-france"), "{log}");

    // The copy gets an error: a full run stops, a run for France does not.
    let copy = c.inputs().join("meetings/2024-03-21-france-000.yaml");
    let text = fs::read_to_string(&copy).unwrap().replace("[R02]", "[R99]");
    fs::write(&copy, text).unwrap();
    let (code, log) = mail(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 1, "{log}");
    let (code, log) = mail(&c.inputs(), out.path(), &["--only", "2024-03-21-france"]);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("R99") && log.contains("does not stop it"),
        "{log}"
    );
    assert_eq!(
        drafts(out.path()),
        before,
        "the other draft is kept, the named one unchanged"
    );
    assert!(!log.lines().any(|l| l.starts_with("removed ")), "{log}");
    assert!(log.contains("removed 0"), "{log}");
}

/// A planned meeting's draft sends the pack ahead of it, with dates as UN
/// documents write them, in sentences that read naturally in the pack's
/// language.
#[test]
fn a_planned_meetings_draft_sends_the_pack_ahead_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    common::copy_dir(&example_inputs(), &inputs);
    for id in ["2024-03-21-france", "2024-03-21-chile", "2024-03-20-sweden"] {
        let path = inputs.join(format!("meetings/{id}.yaml"));
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("status: held"), "{id}");
        fs::write(&path, text.replace("status: held", "status: planned")).unwrap();
    }
    let out = dir.path().join("out");
    let (code, text) = mail(&inputs, &out, &[]);
    assert_eq!(code, 0, "{text}");
    let written = drafts(&out);
    let france = read(&written["2024-03-21-france.eml"]);
    assert!(!france.subject.starts_with("Merci"), "{}", france.subject);
    assert!(
        france.body.contains("notre réunion du 21 mars 2024."),
        "{}",
        france.body
    );
    assert!(
        france
            .body
            .contains("(État examiné\u{a0}: Viet Nam), le 7 mai 2024."),
        "{}",
        france.body
    );
    assert!(!france.body.contains(" — "), "{}", france.body);
    let chile = read(&written["2024-03-21-chile.eml"]);
    assert!(
        chile
            .body
            .contains("(Estado examinado: Viet Nam), el 7 de mayo de 2024."),
        "{}",
        chile.body
    );
    let sweden = read(&written["2024-03-20-sweden.eml"]);
    assert!(
        sweden
            .body
            .contains("at the Universal Periodic Review of Viet Nam, on 7 May 2024."),
        "{}",
        sweden.body
    );

    // No asks in a draft sent ahead of the meeting.
    assert!(
        !france.body.contains("Follow up recommendation 168"),
        "{}",
        france.body
    );
}

/// A mail body is plain text: an ask's inline Markdown arrives as what it
/// means, its emphasis marks dropped and its link written out.
#[test]
fn a_thank_you_draft_writes_inline_markdown_out_as_plain_text() {
    let france =
        fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap();
    let asks = r#"asks: ["Raise **recycling** and *repair*, see [our note](https://example.org/note) or <https://example.org/x>."]"#;
    let changed = france.replace(r#"asks: ["Raise R02 in the dialogue."]"#, asks);
    assert_ne!(changed, france);
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", &changed)]);
    let out = c.dir.path().join("out");
    let (code, text) = mail(&c.inputs(), &out, &[]);
    assert_eq!(code, 0, "{text}");
    let d = read(&drafts(&out)["2024-03-21-france.eml"]);
    assert!(
        d.body.lines().any(|l| l
            == "- Raise recycling and repair, see our note <https://example.org/note> or <https://example.org/x>."),
        "{}",
        d.body
    );
    assert!(!d.body.contains('*'), "{}", d.body);
}

/// `mail --quiet` silences the lines per draft written or removed, never a
/// warning: drafting the pack of a planned meeting whose date has passed
/// warns, as `check` does.
#[test]
fn quiet_mail_keeps_the_warnings_and_drops_the_lines_per_draft() {
    let france =
        fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap();
    let planned = france.replace("status: held", "status: planned");
    assert_ne!(planned, france);
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", &planned)]);
    let out = c.dir.path().join("out");
    let past =
        "warning[past-plan]: the meeting is still planned, but its date (2024-03-21) has passed";
    let (code, text) = mail(&c.inputs(), &out, &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains(past), "{text}");
    assert!(text.contains("2024-03-21-france.eml (to"), "{text}");

    fs::remove_dir_all(&out).unwrap();
    for quiet in ["--quiet", "-q"] {
        let (code, text) = mail(&c.inputs(), &out, &[quiet]);
        assert_eq!(code, 0, "{text}");
        assert!(text.contains(past), "{text}");
        assert!(out.join("mail/2024-03-21-france.eml").is_file());
        assert!(!text.contains(".eml"), "{text}");
    }
    // A stale draft is removed without a line.
    fs::remove_file(c.inputs().join("meetings/2024-03-21-france.yaml")).unwrap();
    let (code, text) = mail(&c.inputs(), &out, &["--quiet"]);
    assert_eq!(code, 0, "{text}");
    assert!(!out.join("mail/2024-03-21-france.eml").exists());
    assert!(!text.contains(".eml"), "{text}");
}

/// A draft's sentences are the language's own, not English word order:
/// Chinese with its full-width marks and no added space, a person with a
/// `salutation` greeted by it, the others by name with no gendered guess.
#[test]
fn drafts_are_written_in_each_languages_own_sentences() {
    let france =
        fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap()
            .replace("status: held", "status: planned");
    let two = france.replace(
        "people: [ { name: A. Martin, title: Political Officer, email: a.martin@example.org } ]",
        "people: [ { name: A. Martin, title: Political Officer, email: a.martin@example.org }, { name: B. Roux, email: b.roux@example.org } ]",
    );
    assert_ne!(two, france);
    let saluted = france.replace(
        "email: a.martin@example.org }",
        "email: a.martin@example.org, salutation: Уважаемая госпожа Мартен }",
    );
    assert_ne!(saluted, france);
    for (meeting, lang, subject, greeting, sentence) in [
        (
            &two,
            "zh",
            "Viet Nam普遍定期审议——情况简报",
            "尊敬的A. Martin和B. Roux：",
            "随函附上我们为2024年3月21日会议编写的情况简报。简报列出了我们请各国在2024年5月7日对Viet Nam进行的普遍定期审议中提出的建议。",
        ),
        (
            &saluted,
            "ru",
            "Универсальный периодический обзор: Viet Nam — справочная записка",
            "Уважаемая госпожа Мартен!",
            "к встрече 21 марта 2024 года.",
        ),
        (
            &two,
            "ar",
            "الاستعراض الدوري الشامل المتعلق بـViet Nam — مذكرة إحاطة",
            "حضرة A. Martin وB. Roux،",
            "باجتماعنا المقرر في 21 آذار/مارس 2024.",
        ),
    ] {
        let c = Campaign::base_with(&[(
            "meetings/2024-03-21-france.yaml",
            &format!("{meeting}language: {lang}\n"),
        )]);
        let out = c.dir.path().join("out");
        let (code, text) = mail(&c.inputs(), &out, &[]);
        assert_eq!(code, 0, "{text}");
        let d = read(&drafts(&out)["2024-03-21-france.eml"]);
        assert_eq!(d.subject, subject, "{lang}");
        assert_eq!(d.body.lines().next(), Some(greeting), "{lang}: {}", d.body);
        assert!(d.body.contains(sentence), "{lang}: {}", d.body);
        assert!(!d.body.contains("(-ая)"), "{lang}: {}", d.body);
    }
}

/// Counts the CLI prints agree with their number: "1 organisation",
/// "1 error", from `check` and `mail` alike.
#[test]
fn counts_of_one_are_singular() {
    let c = Campaign::base_with(&[]);
    let (code, text) = run(tool().arg("check").arg("--inputs").arg(c.inputs()));
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(
            ": 1 campaign, 3 state profiles, 1 organisation, 1 recommendation file, 2 meetings"
        ),
        "{text}"
    );
    let france =
        fs::read_to_string(common::fixtures().join("base/meetings/2024-03-21-france.yaml"))
            .unwrap()
            .replace("[R02]", "[R99]");
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", &france)]);
    let (code, text) = mail(&c.inputs(), &c.dir.path().join("out"), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("\n1 error: nothing written"), "{text}");
    let (code, text) = run(tool().arg("check").arg("--inputs").arg(c.inputs()));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("1 error, "), "{text}");
}

/// A draft signs with the sender's organisation as the draft's language
/// names it, where the coalition member gives that name.
#[test]
fn the_signature_names_the_organisation_in_the_drafts_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, text) = mail(&common::fixtures().join("scripts"), &out, &[]);
    assert_eq!(code, 0, "{text}");
    let drafts = drafts(&out);
    for (id, name) in [
        ("2024-03-25-eg.eml", "المبادرات القانونية من أجل فيتنام"),
        ("2024-03-24-cn.eml", "越南法律倡议"),
        ("2024-03-23-ru.eml", "Правовые инициативы для Вьетнама"),
    ] {
        let body = read(&drafts[id]).body;
        assert!(body.trim_end().ends_with(name), "{id}: {body}");
        assert!(
            !body.contains("Legal Initiatives for Vietnam"),
            "{id}: {body}"
        );
    }
}

/// `mail::run` as a library: the time is the request's (the clock is not
/// read), and the report names every draft and the build of the packs. A
/// run at a later time dates the drafts anew, while the packs they attach,
/// unchanged, are not rendered again.
#[test]
fn the_library_dates_the_drafts_with_the_requests_time() {
    use upr_brief::mail::{self, MailRequest};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let time = 1_700_000_000;
    let request = MailRequest {
        inputs: example_inputs(),
        templates: None,
        out: out.clone(),
        docx: false,
        only: Vec::new(),
        fonts: Default::default(),
        time,
    };
    let report = mail::run(&request).unwrap();
    let built = report.build.as_ref().expect("the packs are built");
    assert!(!built.written.is_empty());
    let written = drafts(&out);
    assert_eq!(report.drafts.len(), written.len());
    assert!(report.drafts.iter().all(|d| d.written));
    for bytes in written.values() {
        assert_eq!(read(bytes).date, time);
    }
    let later = time + 86_400;
    let again = mail::run(&MailRequest {
        time: later,
        ..request
    })
    .unwrap();
    let rebuilt = again.build.as_ref().expect("the packs are checked");
    assert!(rebuilt.written.is_empty(), "{:?}", rebuilt.written);
    assert!(again.drafts.iter().all(|d| d.written));
    assert!(again.removed.is_empty());
    for bytes in drafts(&out).values() {
        assert_eq!(read(bytes).date, later);
    }
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Records that the packs of `ids` were handed over on `date`.
fn hand_over(inputs: &Path, ids: &[&str], date: &str) {
    let (code, log) = run(tool()
        .arg("handover")
        .args(ids)
        .args(["--date", date, "--inputs"])
        .arg(inputs)
        .env("SOURCE_DATE_EPOCH", EPOCH.to_string()));
    assert_eq!(code, 0, "{log}");
}

/// Word's tracked changes (`w:ins`, `w:del`) in the body of a DOCX.
fn tracked_changes(docx: &[u8]) -> usize {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut body = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut body)
        .unwrap();
    let xml = roxmltree::Document::parse(&body).unwrap();
    xml.descendants()
        .filter(|n| n.tag_name().namespace() == Some(W))
        .filter(|n| matches!(n.tag_name().name(), "ins" | "del"))
        .count()
}

/// The attachments' names, in order.
fn attached(d: &Draft) -> Vec<&str> {
    d.attachments.keys().map(String::as_str).collect()
}

/// A pack changed since its handover gets an update draft in its
/// language: since the day it was handed over, what changed in the pack's
/// terms, with the current pack and its redline attached. A pack handed
/// over and unchanged, or handed over again, gets the ordinary draft.
#[test]
fn a_pack_changed_since_its_handover_gets_an_update_draft_with_its_redline() {
    use crate::redlines::{SWEDEN, edit};
    const FRANCE: &str = "2024-03-21-france";
    const CHILE: &str = "2024-03-21-chile";
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    common::copy_dir(&example_inputs(), &inputs);
    hand_over(&inputs, &[SWEDEN], "2024-03-20");
    hand_over(&inputs, &[FRANCE, CHILE], "2024-03-21");
    let out = dir.path().join("out");
    let eml = |id: &str| format!("{id}.eml");
    let pdf = |id: &str| format!("{id}.pdf");
    let redline = |id: &str| format!("{id}-changes.docx");

    // Handed over and unchanged: the ordinary drafts, no redline.
    let (code, text) = mail(&inputs, &out, &[]);
    assert_eq!(code, 0, "{text}");
    let unchanged = drafts(&out);
    let sweden = read(&unchanged[&eml(SWEDEN)]);
    assert_eq!(
        sweden.subject,
        "Thank you for our meeting — Universal Periodic Review of Viet Nam"
    );
    assert!(!sweden.body.contains("reworded"), "{}", sweden.body);
    assert_eq!(attached(&sweden), [pdf(SWEDEN)]);
    assert!(!out.join("changes").exists());

    // R07 reworded, R01 restyled, Sweden's asks changed; an ask added to
    // France's pack.
    edit(&inputs);
    let meeting = inputs.join(format!("meetings/{FRANCE}.yaml"));
    let before = fs::read_to_string(&meeting).unwrap();
    let last_ask = "adding *comme recommandé précédemment*.\n";
    assert!(before.contains(last_ask));
    let ask = "  - Interroger le Viet Nam sur les coupures d'Internet.\n";
    fs::write(
        &meeting,
        before.replacen(last_ask, &format!("{last_ask}{ask}"), 1),
    )
    .unwrap();
    let (code, text) = mail(&inputs, &out, &[]);
    assert_eq!(code, 0, "{text}");
    let written = drafts(&out);

    let sweden = read(&written[&eml(SWEDEN)]);
    assert_eq!(
        sweden.subject,
        "Updated briefing pack — Universal Periodic Review of Viet Nam"
    );
    assert!(
        sweden.body.contains(
            "The briefing pack we handed over to you on 20 March 2024 has since been updated."
        ),
        "{}",
        sweden.body
    );
    let changes: Vec<&str> = sweden
        .body
        .lines()
        .filter(|l| l.starts_with("- "))
        .collect();
    assert!(changes.contains(&"- R07 reworded"), "{}", sweden.body);
    assert!(changes.contains(&"- R01 reworded"), "{}", sweden.body);
    assert!(
        sweden.body.contains("Word document with tracked changes"),
        "{}",
        sweden.body
    );
    // The current pack and its redline, byte for byte as the build wrote
    // them; the pack's DOCX only with --docx.
    assert_eq!(attached(&sweden), [redline(SWEDEN), pdf(SWEDEN)]);
    let on_disk = fs::read(out.join(pdf(SWEDEN))).unwrap();
    assert_eq!(sha256(&sweden.attachments[&pdf(SWEDEN)]), sha256(&on_disk));
    let changes_docx = fs::read(out.join(format!("changes/{SWEDEN}.docx"))).unwrap();
    let sent = &sweden.attachments[&redline(SWEDEN)];
    assert_eq!(sha256(sent), sha256(&changes_docx));
    assert!(tracked_changes(sent) > 0);
    // The check can fail: the pack's own DOCX has no tracked changes.
    assert_eq!(
        tracked_changes(&fs::read(out.join(format!("{SWEDEN}.docx"))).unwrap()),
        0
    );

    // In the pack's language, French here, with its own wording of the
    // changes.
    let france = read(&written[&eml(FRANCE)]);
    assert_eq!(
        france.subject,
        "Note d'information mise à jour — Examen périodique universel (Viet Nam)"
    );
    assert!(
        france
            .body
            .contains("que nous vous avons remise le 21 mars 2024 a été mise à jour"),
        "{}",
        france.body
    );
    assert!(
        france.body.lines().any(|l| l == "- demande 3 ajoutée"),
        "{}",
        france.body
    );
    assert!(!france.body.contains("ask 3 added"), "{}", france.body);
    assert!(!france.body.contains("Interroger"), "{}", france.body);
    assert_eq!(attached(&france), [redline(FRANCE), pdf(FRANCE)]);
    assert!(tracked_changes(&france.attachments[&redline(FRANCE)]) > 0);

    // Chile's pack, handed over, is unchanged in Spanish: it is thanked.
    let chile = read(&written[&eml(CHILE)]);
    assert!(chile.subject.starts_with("Gracias"), "{}", chile.subject);
    assert_eq!(attached(&chile), [pdf(CHILE)]);
    assert_eq!(written[&eml(CHILE)], unchanged[&eml(CHILE)]);

    // With --docx, the pack's DOCX too.
    let (code, text) = mail(&inputs, &out, &["--docx", "--only", SWEDEN]);
    assert_eq!(code, 0, "{text}");
    let sweden = read(&drafts(&out)[&eml(SWEDEN)]);
    assert_eq!(
        attached(&sweden),
        [redline(SWEDEN), format!("{SWEDEN}.docx"), pdf(SWEDEN)]
    );

    // Handed over again: the embassy holds the current pack.
    hand_over(&inputs, &[SWEDEN], "2024-04-01");
    let (code, text) = mail(&inputs, &out, &[]);
    assert_eq!(code, 0, "{text}");
    let sweden = read(&drafts(&out)[&eml(SWEDEN)]);
    assert!(
        sweden.subject.starts_with("Thank you"),
        "{}",
        sweden.subject
    );
    assert_eq!(attached(&sweden), [pdf(SWEDEN)]);
}

/// An update draft, its redline included, leaks nothing internal and
/// nothing of another meeting, like any draft; the scan would say so.
#[test]
fn update_drafts_leak_nothing_internal_and_nothing_of_another_meeting() {
    let c = Campaign::marked_with(&[]);
    hand_over(
        &c.inputs(),
        &["2024-03-21-france", "2024-03-19-foc"],
        "2024-03-21",
    );
    for (id, tag) in [("2024-03-21-france", "FR"), ("2024-03-19-foc", "FOC")] {
        let path = c.inputs().join(format!("meetings/{id}.yaml"));
        let text = fs::read_to_string(&path).unwrap();
        let asks = format!("asks: [\"ASK{tag}\"]");
        assert!(text.contains(&asks), "{id}");
        let more = format!("asks: [\"ASK{tag}\", \"ASK{tag}AGAIN\"]");
        fs::write(&path, text.replace(&asks, &more)).unwrap();
    }
    let out = c.dir.path().join("out");
    let (code, text) = mail(&c.inputs(), &out, &["--docx"]);
    assert_eq!(code, 0, "{text}");
    let written = drafts(&out);
    assert_eq!(written.len(), 2, "{text}");
    for (name, to, own, other) in MARKED {
        let d = read(&written[name]);
        let id = name.strip_suffix(".eml").unwrap();
        assert_eq!(
            attached(&d),
            [
                format!("{id}-changes.docx"),
                format!("{id}.docx"),
                format!("{id}.pdf")
            ],
            "{name}"
        );
        assert_eq!(
            leaks(name, &written[name], &d, to, own, other),
            Vec::<String>::new()
        );
        // The scan can fail: a talking point in the body is found.
        let mut leaky = read(&written[name]);
        leaky.body.push_str("TALKFR\n");
        assert_eq!(
            leaks(name, &written[name], &leaky, to, own, other),
            [format!("TALKFR in {name}: body")]
        );
    }
}
