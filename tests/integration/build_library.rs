//! The build driven as a library: `build::run` and `build::run_loaded` over
//! a request, what their report lists, their errors, and what a `Watch`
//! hears, in which order.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use common::{Campaign, example_inputs};
use upr_brief::build::{self, BuildError, BuildRequest, Watch};
use upr_brief::diag::Diagnostic;
use upr_brief::export::Format;
use upr_brief::pipeline;
use upr_brief::source::Sources;

/// The file names of `paths`.
fn names(paths: &[PathBuf]) -> BTreeSet<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_build_reports_the_files_it_wrote_and_a_second_run_reports_them_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    common::copy_dir(&example_inputs(), &inputs);
    let out = dir.path().join("out");
    let request = BuildRequest {
        jobs: Some(2),
        ..BuildRequest::new(&inputs, &out, pipeline::build_time())
    };

    let first = build::run(&request).unwrap();
    let loaded = pipeline::load(&inputs, None, pipeline::today()).unwrap();
    let assembled = loaded.assembled.as_ref().unwrap();
    let stems: Vec<String> = assembled
        .packs
        .iter()
        .map(|p| p.id.clone())
        .chain(["summary".to_string()])
        .chain(assembled.submission.as_ref().map(|_| "submission".into()))
        .chain(assembled.questions.as_ref().map(|_| "questions".into()))
        .chain(assembled.statements.iter().map(|s| s.id.clone()))
        .collect();
    let expected: BTreeSet<String> = stems
        .iter()
        .flat_map(|s| [format!("{s}.pdf"), format!("{s}.docx")])
        .chain(["calendar.ics".to_string()])
        .collect();
    assert_eq!(names(&first.written), expected);
    let statements = out.join("statements");
    for path in &first.written {
        let parent = path.parent();
        assert!(
            parent == Some(out.as_path()) || parent == Some(statements.as_path()),
            "{}",
            path.display()
        );
        assert!(path.is_file(), "{}", path.display());
    }
    assert!(first.unchanged.is_empty(), "{:?}", first.unchanged);
    assert!(first.removed.is_empty(), "{:?}", first.removed);
    assert_eq!(first.warnings.len(), loaded.diags.warnings());
    assert_eq!(
        first.submission_words.is_some(),
        assembled.submission.is_some()
    );
    assert!(out.join("manifest.json").is_file());

    let second = build::run(&request).unwrap();
    assert!(second.written.is_empty(), "{:?}", second.written);
    assert_eq!(names(&second.unchanged), expected);
    assert!(second.removed.is_empty(), "{:?}", second.removed);

    // A meeting gone: its pack is removed, and nothing else.
    fs::remove_file(inputs.join("meetings/2024-03-27-honduras.yaml")).unwrap();
    let third = build::run(&request).unwrap();
    assert_eq!(
        names(&third.removed),
        set(&["2024-03-27-honduras.docx", "2024-03-27-honduras.pdf"])
    );
    assert!(!out.join("2024-03-27-honduras.pdf").exists());
    assert!(out.join("2024-03-21-france.pdf").is_file());
}

#[test]
fn an_unknown_meeting_or_invalid_inputs_write_nothing() {
    let c = Campaign::base_with(&[]);
    let out = c.dir.path().join("out");
    let request = BuildRequest {
        only: vec!["nope".into()],
        ..BuildRequest::new(c.inputs(), &out, pipeline::build_time())
    };
    match build::run(&request) {
        Err(BuildError::UnknownMeeting { id, known }) => {
            assert_eq!(id, "nope");
            assert_eq!(known, ["2024-03-19-foc", "2024-03-21-france"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(!out.exists());

    let bad = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", "date: soon\n")]);
    match build::run(&BuildRequest::new(
        bad.inputs(),
        &out,
        pipeline::build_time(),
    )) {
        Err(BuildError::Invalid(invalid)) => assert!(invalid.diags.errors() > 0),
        other => panic!("{other:?}"),
    }
    assert!(!out.exists());

    let missing = c.dir.path().join("no-such-folder");
    match build::run(&BuildRequest::new(&missing, &out, pipeline::build_time())) {
        Err(BuildError::Invalid(invalid)) => assert_eq!(invalid.diags.errors(), 1),
        other => panic!("{other:?}"),
    }
    assert!(!out.exists());

    // A file where the output folder goes: an I/O failure.
    fs::write(&out, "not a folder").unwrap();
    match build::run(&BuildRequest::new(c.inputs(), &out, pipeline::build_time())) {
        Err(BuildError::Io { what, .. }) => {
            assert_eq!(what, format!("cannot write into {}", out.display()))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fs::read_to_string(&out).unwrap(), "not a folder");
}

/// Every file in `dir` and its bytes, by name.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// Files are written aside as soon as they are rendered. A build that fails
/// later (a pack template that fails for every pack, after the summary, the
/// first document, was rendered and written aside) leaves no trace: no
/// folder where there was none, and in a folder that was there the earlier
/// build's files as they were, and nothing beside them.
#[test]
fn a_build_that_fails_while_rendering_leaves_no_trace() {
    let c = Campaign::base_with(&[]);
    let templates = c.dir.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    let failing = "# {{no_such_field}}\n";
    let out = c.dir.path().join("out");
    let request = BuildRequest {
        templates: Some(templates.clone()),
        jobs: Some(1),
        ..BuildRequest::new(c.inputs(), &out, pipeline::build_time())
    };
    fs::write(templates.join("pack.md.hbs"), failing).unwrap();
    match build::run(&request) {
        Err(BuildError::Invalid(invalid)) => assert_eq!(invalid.diags.errors(), 1),
        other => panic!("{other:?}"),
    }
    assert!(!out.exists());

    fs::remove_file(templates.join("pack.md.hbs")).unwrap();
    build::run(&request).unwrap();
    let before = listing(&out);
    assert!(before.iter().any(|(name, _)| name == "summary.pdf"));
    // The summary changes (an internal note), so its new bytes are written
    // aside before the packs fail.
    let meeting = c.inputs().join("meetings/2024-03-21-france.yaml");
    let text = fs::read_to_string(&meeting).unwrap();
    assert!(text.contains("Follow up in Geneva."));
    fs::write(
        &meeting,
        text.replace("Follow up in Geneva.", "Call Geneva."),
    )
    .unwrap();
    fs::write(templates.join("pack.md.hbs"), failing).unwrap();
    let forced = BuildRequest {
        force: true,
        ..request.clone()
    };
    match build::run(&forced) {
        Err(BuildError::Invalid(invalid)) => assert_eq!(invalid.diags.errors(), 1),
        other => panic!("{other:?}"),
    }
    assert_eq!(listing(&out), before);
}

/// Every event a build tells its watch, in order.
#[derive(Default)]
struct Log(Mutex<Vec<String>>);

impl Log {
    fn push(&self, event: String) {
        self.0.lock().unwrap().push(event);
    }
}

impl Watch for Log {
    fn checked(
        &self,
        warnings: &[Diagnostic],
        _: &Sources,
        _: Option<upr_brief::render::WordCount>,
    ) {
        self.push(format!("checked {}", warnings.len()));
    }
    fn rendering(&self, files: usize) {
        self.push(format!("rendering {files}"));
    }
    fn file_started(&self, name: &str) {
        self.push(format!("started {name}"));
    }
    fn file_done(&self, name: &str) {
        self.push(format!("done {name}"));
    }
    fn rendered(&self) {
        self.push("rendered".into());
    }
    fn wrote(&self, path: &Path) {
        self.push(format!(
            "wrote {}",
            path.file_name().unwrap().to_string_lossy()
        ));
    }
}

#[test]
fn a_watch_hears_every_file_rendered_before_any_is_written() {
    let c = Campaign::base_with(&[]);
    let out = c.dir.path().join("out");
    let request = BuildRequest {
        formats: vec![Format::Docx, Format::Docx],
        only: vec!["2024-03-21-france".into(), "2024-03-19-foc".into()],
        ..BuildRequest::new(c.inputs(), &out, pipeline::build_time())
    };
    let log = Log::default();
    let report = build::run_watched(&request, &log).unwrap();
    let events = log.0.into_inner().unwrap();
    assert_eq!(
        names(&report.written),
        set(&["2024-03-19-foc.docx", "2024-03-21-france.docx"])
    );
    assert!(events[0].starts_with("checked "), "{events:?}");
    assert_eq!(events[1], "rendering 2", "{events:?}");
    let rendered = events.iter().position(|e| e == "rendered").unwrap();
    assert_eq!(rendered, 6, "{events:?}");
    assert!(
        events[2..rendered]
            .iter()
            .all(|e| e.starts_with("started ") || e.starts_with("done ")),
        "{events:?}"
    );
    assert_eq!(
        events[rendered + 1..],
        ["wrote 2024-03-19-foc.docx", "wrote 2024-03-21-france.docx"],
        "{events:?}"
    );
}

#[test]
fn a_loaded_campaign_is_built_without_reading_the_inputs_again() {
    let c = Campaign::base_with(&[]);
    let time = pipeline::build_time();
    let loaded = pipeline::load(&c.inputs(), None, pipeline::day_of(time)).unwrap();
    fs::remove_dir_all(c.inputs()).unwrap();
    let out = c.dir.path().join("out");
    let request = BuildRequest {
        formats: vec![Format::Pdf],
        only: vec!["2024-03-21-france".into()],
        ..BuildRequest::new(c.inputs(), &out, time)
    };
    let report = build::run_loaded(&request, loaded).unwrap();
    assert_eq!(names(&report.written), set(&["2024-03-21-france.pdf"]));
    assert!(
        fs::read(out.join("2024-03-21-france.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );
}

/// The files a build of `request` renders (not only writes), as its watch hears.
fn rendered(request: &BuildRequest) -> BTreeSet<String> {
    let log = Log::default();
    build::run_watched(request, &log).unwrap();
    let events = log.0.into_inner().unwrap();
    events
        .iter()
        .filter_map(|e| e.strip_prefix("started "))
        .map(String::from)
        .collect()
}

/// Outputs are fingerprinted by what they show: an edit that changes
/// nothing a pack shows does not even render it again.
#[test]
fn only_outputs_whose_view_changed_are_rendered_again() {
    let c = Campaign::base_with(&[]);
    let out = c.dir.path().join("out");
    let request = BuildRequest {
        formats: vec![Format::Pdf],
        ..BuildRequest::new(c.inputs(), &out, pipeline::build_time())
    };
    assert!(rendered(&request).contains("2024-03-21-france.pdf"));
    assert_eq!(
        rendered(&request),
        set(&[]),
        "a no-op build renders nothing"
    );

    let meeting = c.inputs().join("meetings/2024-03-21-france.yaml");
    let edit = |from: &str, to: &str| {
        let text = fs::read_to_string(&meeting).unwrap();
        assert!(text.contains(from), "{from}");
        fs::write(&meeting, text.replace(from, to)).unwrap();
    };
    // Internal notes and talking points are shown in the summary only.
    edit("Follow up in Geneva.", "Call Geneva first.");
    assert_eq!(rendered(&request), set(&["summary.pdf"]));
    edit("Thank France for 2019.", "Thank France warmly.");
    assert_eq!(rendered(&request), set(&["summary.pdf"]));
    // The asks are shown in the pack too.
    edit("Raise R02 in the dialogue.", "Raise R02 twice.");
    assert_eq!(
        rendered(&request),
        set(&["2024-03-21-france.pdf", "summary.pdf"])
    );
    // Another meeting's outcome is in the summary, not in France's pack.
    let foc = c.inputs().join("meetings/2024-03-19-foc.yaml");
    let text = fs::read_to_string(&foc)
        .unwrap()
        .replace("Noted.", "Welcomed.");
    fs::write(&foc, text).unwrap();
    assert_eq!(rendered(&request), set(&["summary.pdf"]));
}
