//! Incremental builds: only what changed is rewritten, what disappeared is
//! removed (only if the tool wrote it), a user's files survive, and a failed
//! build leaves the output folder exactly as it was.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{Campaign, build};

/// Every file in a folder and the SHA-256 of its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                upr_brief::output::sha256(&fs::read(e.path()).unwrap()),
            )
        })
        .collect()
}

fn written(log: &str) -> Vec<String> {
    let mut w: Vec<String> = log
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .filter(|l| !l.contains(", unchanged"))
        .map(|l| {
            Path::new(l)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    w.sort();
    w
}

#[test]
fn editing_one_meeting_rewrites_its_pack_and_the_summary_only() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    assert_eq!(written(&log).len(), 7, "{log}");

    let (_, log) = build(&c.inputs(), out.path(), &[]);
    assert!(written(&log).is_empty(), "{log}");
    assert!(log.contains("wrote 0, unchanged 7, removed 0"), "{log}");

    let meeting = c.inputs().join("meetings/2024-03-19-foc.yaml");
    let text = fs::read_to_string(&meeting)
        .unwrap()
        .replace("Seoul", "Seoul, Republic of Korea");
    fs::write(&meeting, text).unwrap();
    let (_, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(
        written(&log),
        [
            "2024-03-19-foc.docx",
            "2024-03-19-foc.pdf",
            // The meeting's place is on the calendar too.
            "calendar.ics",
            "summary.docx",
            "summary.pdf"
        ],
        "{log}"
    );

    // --force renders everything again, but a file whose bytes are the same
    // is left as it is.
    let (_, log) = build(&c.inputs(), out.path(), &["--force"]);
    assert!(log.contains("wrote 0, unchanged 7, removed 0"), "{log}");
}

#[test]
fn a_change_that_no_output_shows_writes_nothing_and_a_no_op_build_nothing_at_all() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    // The internal notes of the FOC meeting are in no output (the base FOC
    // meeting has none shown; the summary shows France's only if set).
    let meeting = c.inputs().join("meetings/2024-03-21-france.yaml");
    let text = fs::read_to_string(&meeting).unwrap();
    // Talking points appear in the summary only: the pack's bytes stay.
    fs::write(
        &meeting,
        text.replace("Thank France for 2019.", "Thank France for 2019 and 2014."),
    )
    .unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    assert_eq!(written(&log), ["summary.docx", "summary.pdf"], "{log}");
    assert!(log.contains("wrote 2, unchanged 5, removed 0"), "{log}");

    // Nothing changed: not a file is touched, the manifest included.
    let modified = |dir: &Path| -> BTreeMap<String, std::time::SystemTime> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, e.metadata().unwrap().modified().unwrap())
            })
            .collect()
    };
    let before = modified(out.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("wrote 0, unchanged 7, removed 0"), "{log}");
    assert_eq!(modified(out.path()), before, "{log}");
}

#[test]
fn a_removed_meeting_loses_its_pack_but_a_users_files_survive() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("notes.txt"), "mine").unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    // The user replaced one output with their own edited copy.
    fs::write(out.path().join("2024-03-19-foc.docx"), "edited by hand").unwrap();
    fs::remove_file(c.inputs().join("meetings/2024-03-19-foc.yaml")).unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &["--force"]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("removed 1 in"), "{log}");
    let removed: Vec<&str> = log.lines().filter(|l| l.starts_with("removed /")).collect();
    assert_eq!(removed.len(), 1, "{log}");
    assert!(removed[0].ends_with("2024-03-19-foc.pdf"), "{log}");
    assert!(!out.path().join("2024-03-19-foc.pdf").exists());
    assert_eq!(
        fs::read_to_string(out.path().join("2024-03-19-foc.docx")).unwrap(),
        "edited by hand"
    );
    assert_eq!(
        fs::read_to_string(out.path().join("notes.txt")).unwrap(),
        "mine"
    );
    let manifest = fs::read_to_string(out.path().join("manifest.json")).unwrap();
    assert!(!manifest.contains("2024-03-19-foc"), "{manifest}");
}

#[test]
fn a_damaged_output_is_rebuilt() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    fs::write(out.path().join("summary.pdf"), "truncated").unwrap();
    let (_, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(written(&log), ["summary.pdf"], "{log}");
}

/// An output changed in place, to the same length and with its old
/// modification time put back, is still found and rebuilt: what a build
/// trusts without reading a file is its change time, which cannot be set
/// back. The same build without the damage writes nothing.
#[test]
fn an_output_damaged_to_the_same_length_and_time_is_rebuilt() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    let (_, log) = build(&c.inputs(), out.path(), &[]);
    assert!(written(&log).is_empty(), "{log}");

    let path = out.path().join("2024-03-19-foc.pdf");
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let mut bytes = fs::read(&path).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::io::Write::write_all(&mut &file, &bytes).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);

    let (_, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(written(&log), ["2024-03-19-foc.pdf"], "{log}");
    let (_, log) = build(&c.inputs(), out.path(), &[]);
    assert!(written(&log).is_empty(), "{log}");
}

#[test]
fn a_failed_build_leaves_the_output_folder_exactly_as_it_was() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    fs::write(out.path().join("notes.txt"), "mine").unwrap();
    let before = snapshot(out.path());
    fs::write(
        c.inputs().join("meetings/2024-03-19-foc.yaml"),
        "date: 2024-02-30\n",
    )
    .unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &["--force"]).0, 1);
    assert_eq!(snapshot(out.path()), before);
}

#[test]
fn a_folder_in_the_place_of_an_output_stops_the_build_before_it_writes() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    fs::create_dir(out.path().join("summary.pdf")).unwrap();
    fs::write(out.path().join("summary.pdf/keep.txt"), "mine").unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &[]);
    assert_eq!(code, 3, "{log}");
    assert!(
        log.contains("summary.pdf") && log.contains("is a folder"),
        "{log}"
    );
    assert!(log.contains("nothing was written"), "{log}");
    let names: Vec<String> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["summary.pdf"], "{log}");
    assert_eq!(
        fs::read_to_string(out.path().join("summary.pdf/keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused_and_kept() {
    let c = Campaign::base_with(&[]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::write(&out, "a file of the user's").unwrap();
    let (code, log) = build(&c.inputs(), &out, &[]);
    assert_eq!(code, 3, "{log}");
    assert!(log.contains("is a file, not a folder"), "{log}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "a file of the user's");
}

/// Replaces `from` with `to` in the file `rel` under `dir`; the text must
/// be there, so that an edit can never silently miss.
fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// What every PDF in `out` says, by stem: its document properties (title,
/// subject), its text with no white space (a line may break anywhere) and
/// the SHA-256 of each picture's data.
fn texts(out: &Path) -> BTreeMap<String, String> {
    fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            let pdf = lopdf::Document::load(&p).unwrap();
            let info = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
            let info = pdf.get_dictionary(info).unwrap();
            let mut said = String::new();
            for key in [&b"Title"[..], b"Subject"] {
                said.push_str(&info.get(key).map(common::pdf_string).unwrap_or_default());
            }
            said.extend(common::pdf_text(&p).chars().filter(|c| !c.is_whitespace()));
            for object in pdf.objects.values() {
                if let Ok(stream) = object.as_stream()
                    && stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Image")
                {
                    said.push_str(&upr_brief::output::sha256(&stream.content));
                }
            }
            (p.file_stem().unwrap().to_string_lossy().into_owned(), said)
        })
        .collect()
}

const FOC: &str = "2024-03-19-foc";
const FRANCE: &str = "2024-03-21-france";

/// The base campaign's submission, added for these tests.
const SUBMISSION: &str = "submission:
  kind: joint
  keywords: [internet]
  sections:
    - { title: Background, body: \"Some text.\" }
";

/// One kind of input edited after a full build: the outputs (by stem, both
/// formats) the next build must rewrite, each because its text changed (to
/// hold `MARK`, where the edit writes it). The others keep their bytes.
struct Case {
    what: &'static str,
    /// Applied to the inputs folder and the templates folder.
    apply: fn(&Path, &Path),
    rewritten: &'static [&'static str],
    /// The edit writes `MARK`, which the rewritten outputs must then show.
    marked: bool,
}

const MARK: &str = "Zebrafinch";

/// OpenNet's logo in the campaign of these tests, made with `shade`.
fn logo(inputs: &Path, shade: u8) {
    let png = crate::logos::png_logo(12, 6, shade);
    fs::create_dir_all(inputs.join("logos")).unwrap();
    fs::write(inputs.join("logos/opennet.png"), png).unwrap();
}

const CASES: &[Case] = &[
    Case {
        // Logos are drawn on the covers of packs and the submission only.
        what: "a member's logo file",
        apply: |i, _| logo(i, 0xC0),
        rewritten: &[FOC, FRANCE, "submission"],
        marked: false,
    },
    Case {
        // R03 is in the French pack only (FR's priorities); every pack
        // depends on the recommendation files.
        what: "a recommendation's text",
        apply: |i, _| {
            edit(
                i,
                "recommendations/recs.yaml",
                "of the Penal Code.",
                "of the Penal Code Zebrafinch.",
            )
        },
        rewritten: &[FRANCE, "submission"],
        marked: true,
    },
    Case {
        // Theme titles head the submission's groups of recommendations.
        what: "a theme's title",
        apply: |i, _| {
            edit(
                i,
                "recommendations/recs.yaml",
                "title: Cybersecurity law",
                "title: Zebrafinch law",
            )
        },
        rewritten: &["submission"],
        marked: true,
    },
    Case {
        // Sweden is a member of the FOC: its pack says which members sit on
        // the Council. France's pack does not depend on Sweden; the summary
        // does, through Sweden's points as a lobbying target.
        what: "a member state's Council term",
        apply: |i, _| {
            edit(
                i,
                "states/se.yaml",
                "foc_member: true",
                "foc_member: true\nhrc_member: { from: 2024, to: 2026 }",
            )
        },
        rewritten: &[FOC, "summary"],
        marked: false,
    },
    Case {
        what: "the counterpart state's Council term",
        apply: |i, _| {
            edit(
                i,
                "states/fr.yaml",
                "hrc_member: { from: 2024, to: 2026 }",
                "hrc_member: { from: 2021, to: 2023 }",
            )
        },
        rewritten: &[FOC, FRANCE, "summary"],
        marked: false,
    },
    Case {
        what: "an organisation's members",
        apply: |i, _| edit(i, "organizations/foc.yaml", "[FR, SE, NL]", "[SE, NL]"),
        rewritten: &[FOC],
        marked: false,
    },
    Case {
        what: "the campaign",
        apply: |i, _| {
            edit(
                i,
                "campaign.yaml",
                "title: Test campaign",
                "title: Zebrafinch campaign",
            )
        },
        // The calendar's name is the campaign's title.
        rewritten: &[FOC, FRANCE, "submission", "summary", "calendar"],
        marked: true,
    },
    Case {
        what: "the pack template",
        apply: |_, t| edit(t, "pack.md.hbs", "{{/each}}\n", "{{/each}}\n\nZebrafinch\n"),
        rewritten: &[FOC, FRANCE],
        marked: true,
    },
    Case {
        // The French pack is the only one in French.
        what: "a language file",
        apply: |_, t| {
            edit(
                t,
                "i18n/fr.yaml",
                "recommendations: Nos recommandations",
                "recommendations: Zebrafinch",
            )
        },
        rewritten: &[FRANCE],
        marked: true,
    },
];

#[test]
fn each_kind_of_input_rewrites_exactly_the_outputs_made_from_it() {
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut failures = Vec::new();
    for case in CASES {
        let c = Campaign::base_with(&[]);
        let campaign = fs::read_to_string(c.inputs().join("campaign.yaml")).unwrap();
        fs::write(c.inputs().join("campaign.yaml"), campaign + SUBMISSION).unwrap();
        edit(
            &c.inputs(),
            "campaign.yaml",
            "short: OpenNet\n",
            "short: OpenNet\n    logo: logos/opennet.png\n",
        );
        logo(&c.inputs(), 0x20);
        let templates = c.dir.path().join("templates");
        common::copy_dir(&builtin, &templates);
        let out = c.dir.path().join("out");
        let args = ["--templates", templates.to_str().unwrap()];
        let (code, log) = build(&c.inputs(), &out, &args);
        assert_eq!(code, 0, "{}: {log}", case.what);
        let before = texts(&out);
        (case.apply)(&c.inputs(), &templates);
        let (code, log) = build(&c.inputs(), &out, &args);
        assert_eq!(code, 0, "{}: {log}", case.what);
        let after = texts(&out);

        let mut expected: Vec<String> = case
            .rewritten
            .iter()
            .flat_map(|s| match *s {
                "calendar" => vec!["calendar.ics".to_string()],
                s => vec![format!("{s}.docx"), format!("{s}.pdf")],
            })
            .collect();
        expected.sort();
        if written(&log) != expected {
            failures.push(format!(
                "{}: rewrote {:?}, expected {expected:?}",
                case.what,
                written(&log)
            ));
        }
        // The documents' texts (the calendar is read back in review_calendar).
        for stem in case.rewritten.iter().filter(|s| **s != "calendar") {
            if before[*stem] == after[*stem] {
                failures.push(format!(
                    "{}: the text of {stem}.pdf did not change",
                    case.what
                ));
            }
        }
        // An edit that writes the mark shows it in every output that changed.
        for stem in case
            .rewritten
            .iter()
            .filter(|s| case.marked && **s != "calendar")
        {
            if !after[*stem].contains(MARK) {
                failures.push(format!("{}: {stem}.pdf does not show {MARK}", case.what));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_new_build_day_rewrites_only_what_shows_the_day() {
    // The summary says "as of" the build date and flags overdue follow-ups
    // as of it; packs, the submission and the calendar show no such date.
    // A later SOURCE_DATE_EPOCH changes the summary's text (a follow-up
    // due 15 April falls overdue), so the summary alone is rewritten, with
    // the new date; every other file keeps its bytes and its date.
    let c = Campaign::base_with(&[]);
    let out = c.dir.path().join("out");
    let (code, log) = build_at(&c.inputs(), &out, APRIL_13, &[]);
    assert_eq!(code, 0, "{log}");
    let before = texts(&out);
    let bytes = snapshot(&out);
    assert!(
        !before["summary"].contains("OVERDUE"),
        "{}",
        before["summary"]
    );
    let (code, log) = build_at(&c.inputs(), &out, APRIL_20, &[]);
    assert_eq!(code, 0, "{log}");
    assert_eq!(written(&log), ["summary.docx", "summary.pdf"], "{log}");
    let after = texts(&out);
    assert!(after["summary"].contains("OVERDUE"), "{}", after["summary"]);
    let now = snapshot(&out);
    for (name, hash) in &bytes {
        let rewritten = name.starts_with("summary.") || name == "manifest.json";
        assert_eq!(now[name] != *hash, rewritten, "{name}");
    }
    assert_eq!(dates(&out, "summary"), [APRIL_20; 4]);
    assert_eq!(dates(&out, FOC), [APRIL_13; 4]);
    assert_eq!(calendar_stamps(&out), [APRIL_13]);
    let m = manifest_dates(&out);
    assert_eq!(m["summary.pdf"], Some(APRIL_20), "{m:?}");
    assert_eq!(m["calendar.ics"], Some(APRIL_13), "{m:?}");
    assert_eq!(m[&format!("{FRANCE}.docx")], Some(APRIL_13), "{m:?}");
}

/// 13 and 20 April 2024, 00:00 UTC, in seconds since the epoch.
const APRIL_13: i64 = 1_712_966_400;
const APRIL_20: i64 = 1_713_571_200;

/// Runs `upr-brief build` with `SOURCE_DATE_EPOCH` at `epoch`.
fn build_at(inputs: &Path, out: &Path, epoch: i64, extra: &[&str]) -> (i32, String) {
    common::run(
        common::tool()
            .args(["build", "--inputs"])
            .arg(inputs)
            .arg("--out")
            .arg(out)
            .args(extra)
            .env("SOURCE_DATE_EPOCH", epoch.to_string()),
    )
}

/// The dates inside a document, in seconds since the epoch: the PDF's
/// CreationDate and ModDate, the DOCX's dcterms:created and
/// dcterms:modified.
fn dates(out: &Path, stem: &str) -> [i64; 4] {
    let pdf = lopdf::Document::load(out.join(format!("{stem}.pdf"))).unwrap();
    let info = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = pdf.get_dictionary(info).unwrap();
    let pdf_date = |key: &[u8]| {
        let text = common::pdf_string(info.get(key).unwrap());
        chrono::NaiveDateTime::parse_from_str(&text[2..16], "%Y%m%d%H%M%S")
            .unwrap()
            .and_utc()
            .timestamp()
    };
    let mut zip =
        zip::ZipArchive::new(fs::File::open(out.join(format!("{stem}.docx"))).unwrap()).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    let core = roxmltree::Document::parse(&core).unwrap();
    let docx_date = |name: &str| {
        let text = core
            .descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap();
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .timestamp()
    };
    [
        pdf_date(b"CreationDate"),
        pdf_date(b"ModDate"),
        docx_date("created"),
        docx_date("modified"),
    ]
}

/// Every distinct DTSTAMP of `calendar.ics`, in seconds since the epoch.
fn calendar_stamps(out: &Path) -> Vec<i64> {
    let ics = fs::read_to_string(out.join("calendar.ics")).unwrap();
    let mut stamps: Vec<i64> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("DTSTAMP:"))
        .map(|s| {
            chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y%m%dT%H%M%SZ")
                .unwrap()
                .and_utc()
                .timestamp()
        })
        .collect();
    assert!(!stamps.is_empty(), "{ics}");
    stamps.sort();
    stamps.dedup();
    stamps
}

/// The date the manifest records for each output.
fn manifest_dates(out: &Path) -> BTreeMap<String, Option<i64>> {
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    json["outputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, o)| (name.clone(), o["date"].as_i64()))
        .collect()
}

/// Every file of a folder with its inode and modification time.
fn stat(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            let m = e.metadata().unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, (m.ino(), m.modified().unwrap()))
        })
        .collect()
}

#[test]
fn a_later_build_time_with_nothing_changed_writes_nothing_the_manifest_included() {
    let c = Campaign::base_with(&[]);
    let campaign = fs::read_to_string(c.inputs().join("campaign.yaml")).unwrap();
    fs::write(c.inputs().join("campaign.yaml"), campaign + SUBMISSION).unwrap();
    let (one, two) = (c.dir.path().join("one"), c.dir.path().join("two"));
    // Two clean builds at one time are the same bytes, manifest included.
    for out in [&one, &two] {
        let (code, log) = build_at(&c.inputs(), out, APRIL_20, &[]);
        assert_eq!(code, 0, "{log}");
    }
    let first = snapshot(&one);
    assert_eq!(first.len(), 10, "{first:?}");
    assert_eq!(first, snapshot(&two));
    assert!(manifest_dates(&one).values().all(|d| *d == Some(APRIL_20)));

    // Hours later on the same day, nothing to change: not a file is
    // touched, and every date inside them is the first build's.
    let before = stat(&one);
    std::thread::sleep(std::time::Duration::from_millis(20));
    for extra in [&[][..], &["--force"]] {
        let (code, log) = build_at(&c.inputs(), &one, APRIL_20 + 5 * 3600, extra);
        assert_eq!(code, 0, "{log}");
        assert!(log.contains("wrote 0, unchanged 9, removed 0"), "{log}");
        assert_eq!(stat(&one), before, "{extra:?} {log}");
    }
    assert_eq!(snapshot(&one), first);
    for stem in [FOC, FRANCE, "summary", "submission"] {
        assert_eq!(dates(&one, stem), [APRIL_20; 4], "{stem}");
    }
    assert_eq!(calendar_stamps(&one), [APRIL_20]);
}

#[test]
fn an_edit_under_a_later_build_time_dates_only_the_outputs_it_changed() {
    let c = Campaign::base_with(&[]);
    let out = c.dir.path().join("out");
    assert_eq!(build_at(&c.inputs(), &out, APRIL_20, &[]).0, 0);
    let before = snapshot(&out);
    let later = APRIL_20 + 3 * 3600;
    edit(
        &c.inputs(),
        "meetings/2024-03-19-foc.yaml",
        "Seoul",
        "Busan",
    );
    let (code, log) = build_at(&c.inputs(), &out, later, &[]);
    assert_eq!(code, 0, "{log}");
    let changed = [
        "2024-03-19-foc.docx",
        "2024-03-19-foc.pdf",
        "calendar.ics",
        "summary.docx",
        "summary.pdf",
    ];
    assert_eq!(written(&log), changed, "{log}");
    // What changed carries the new time, inside the file and in the
    // manifest; the rest keep their bytes and the first build's time.
    assert_eq!(dates(&out, FOC), [later; 4]);
    assert_eq!(dates(&out, "summary"), [later; 4]);
    assert_eq!(calendar_stamps(&out), [later]);
    assert_eq!(dates(&out, FRANCE), [APRIL_20; 4]);
    let after = snapshot(&out);
    for (name, date) in manifest_dates(&out) {
        let rewritten = changed.contains(&name.as_str());
        let expected = if rewritten { later } else { APRIL_20 };
        assert_eq!(date, Some(expected), "{name}");
        assert_eq!(after[&name] != before[&name], rewritten, "{name}");
    }

    // A lost output is made again as it was, with its own date: the same
    // bytes, whatever the build's time.
    fs::remove_file(out.join(format!("{FRANCE}.pdf"))).unwrap();
    let (code, log) = build_at(&c.inputs(), &out, later + 3600, &[]);
    assert_eq!(code, 0, "{log}");
    assert_eq!(written(&log), [format!("{FRANCE}.pdf")], "{log}");
    assert_eq!(snapshot(&out), after);
}

#[test]
fn a_failed_render_removes_nothing_and_creates_nothing() {
    // A template that names a field no pack has fails only when the packs
    // are rendered, after the inputs were found valid.
    let c = Campaign::base_with(&[]);
    let out = c.dir.path().join("out");
    assert_eq!(build(&c.inputs(), &out, &[]).0, 0);
    // The FOC meeting is gone: its pack is now stale, but the build fails.
    fs::remove_file(c.inputs().join("meetings/2024-03-19-foc.yaml")).unwrap();
    let templates = c.dir.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("pack.md.hbs"),
        "# {{campaign.no_such_field}}\n",
    )
    .unwrap();
    let before = snapshot(&out);
    let args = ["--templates", templates.to_str().unwrap()];
    let (code, log) = build(&c.inputs(), &out, &args);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("no_such_field") && log.contains("nothing written"),
        "{log}"
    );
    assert_eq!(snapshot(&out), before, "{log}");
    assert!(before.contains_key("2024-03-19-foc.pdf"));

    // Into a folder that does not exist yet: it is not created.
    let fresh = c.dir.path().join("fresh/out");
    let (code, log) = build(&c.inputs(), &fresh, &args);
    assert_eq!(code, 1, "{log}");
    assert!(!c.dir.path().join("fresh").exists(), "{log}");
}

#[test]
fn invalid_inputs_create_no_output_folder() {
    let c = Campaign::base_with(&[("meetings/2024-03-19-foc.yaml", "date: 2024-02-30\n")]);
    let fresh = c.dir.path().join("out");
    let (code, log) = build(&c.inputs(), &fresh, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(!fresh.exists(), "{log}");
}

#[test]
fn quiet_prints_no_line_per_file() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(&c.inputs(), out.path(), &[]).0, 0);
    fs::remove_file(c.inputs().join("meetings/2024-03-19-foc.yaml")).unwrap();
    fs::write(
        c.inputs().join("campaign.yaml"),
        fs::read_to_string(c.inputs().join("campaign.yaml"))
            .unwrap()
            .replace("title: Test campaign", "title: Another campaign"),
    )
    .unwrap();
    let (code, log) = build(&c.inputs(), out.path(), &["--quiet"]);
    assert_eq!(code, 0, "{log}");
    // Files were written and removed, and only the final line says so.
    assert!(log.contains("wrote 5, unchanged 0, removed 2"), "{log}");
    assert!(
        !log.lines()
            .any(|l| l.starts_with("wrote /") || l.starts_with("removed /")),
        "{log}"
    );
}
