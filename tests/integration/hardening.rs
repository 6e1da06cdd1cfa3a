//! Hostile inputs and environments: templates that recurse, paths that leave
//! the inputs folder, very large campaigns, machine details in metadata, and
//! builds killed half-way. Each test is named for what it guards.

use crate::common;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::Campaign;

/// Runs the tool with `args`, the inputs folder and `extra` arguments.
fn tool(args: &[&str], inputs: &Path, extra: &[&str]) -> (i32, String) {
    common::run(
        common::tool()
            .args(args)
            .arg("--inputs")
            .arg(inputs)
            .args(extra),
    )
}

/// The base campaign with a templates folder holding `name` = `body`; the
/// folder's path.
fn with_template(name: &str, body: &str) -> (Campaign, String) {
    let c = Campaign::base_with(&[]);
    let templates = c.dir.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(templates.join(name), body).unwrap();
    let t = templates.to_string_lossy().into_owned();
    (c, t)
}

#[test]
fn template_recursion_is_refused_not_a_stack_overflow() {
    for body in [
        "x {{> pack}}",
        "{{#*inline \"a\"}}A{{> b}}{{/inline}}{{#*inline \"b\"}}B{{> a}}{{/inline}}{{> a}}",
    ] {
        let (c, t) = with_template("pack.md.hbs", body);
        let (code, log) = tool(&["check"], &c.inputs(), &["--templates", &t]);
        assert_eq!(code, 1, "{log}");
        assert!(log.contains("templates cannot use partials"), "{log}");
        assert!(log.contains("pack.md.hbs:1:"), "{log}");
    }
}

#[test]
fn a_misspelt_template_field_is_an_error_at_its_line() {
    let (c, t) = with_template(
        "pack.md.hbs",
        "# {{campaign.title}}\n\n{{campaign.titel}}\n",
    );
    let (code, log) = tool(&["check"], &c.inputs(), &["--templates", &t]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("pack.md.hbs:3:"), "{log}");
    assert!(log.contains("campaign.titel"), "{log}");
}

#[test]
fn check_and_build_both_report_a_summary_template_error() {
    let (c, t) = with_template(
        "summary.md.hbs",
        "# {{campaign.title}}\n\n{{campaign.titel}}\n",
    );
    let out = c.dir.path().join("out").to_string_lossy().into_owned();
    for args in [vec!["check"], vec!["build", "--out", &out]] {
        let (code, log) = tool(&args, &c.inputs(), &["--templates", &t]);
        assert_eq!(code, 1, "{args:?}: {log}");
        assert!(log.contains("summary.md.hbs:3:"), "{args:?}: {log}");
    }
    assert!(!c.dir.path().join("out/manifest.json").exists());
}

#[test]
fn a_logo_path_outside_the_inputs_folder_is_refused() {
    for logo in ["../../etc/passwd", "/etc/passwd", "logos/../../secret.png"] {
        let campaign = fs::read_to_string(common::fixtures().join("base/campaign.yaml"))
            .unwrap()
            .replace(
                "short: LIV\n",
                &format!("short: LIV\n    logo: \"{logo}\"\n"),
            );
        let c = Campaign::base_with(&[("campaign.yaml", &campaign)]);
        let (code, log) = tool(&["check"], &c.inputs(), &[]);
        assert_eq!(code, 1, "{log}");
        assert!(log.contains("error[path-outside-inputs]"), "{logo}: {log}");
    }
}

#[test]
fn three_thousand_recommendations_and_a_3000_character_word_build_in_bounded_time() {
    let word = "x".repeat(3000);
    // Thirty files of a hundred: each stays under the 1 MiB file limit.
    let files: Vec<(String, String)> = (0..30)
        .map(|f| {
            let mut items = String::from("items:\n");
            for i in 0..100 {
                let n = f * 100 + i;
                items.push_str(&format!(
                    "  - {{ id: B{n:04}, title: \"Title {n}\", text: \"{word}\", themes: [cyber], priority: {} }}\n",
                    1 + n % 5
                ));
            }
            (format!("recommendations/bulk-{f:02}.yaml"), items)
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let c = Campaign::base_with(&refs);
    let out = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let (code, log) = tool(
        &["build"],
        &c.inputs(),
        &["--out", &out.path().to_string_lossy()],
    );
    assert_eq!(code, 0, "{}", &log[..log.len().min(3000)]);
    // A hang guard, not a speed target (see the benchmark for those).
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    let pdf = lopdf::Document::load(out.path().join("2024-03-19-foc.pdf")).unwrap();
    assert!(pdf.get_pages().len() >= 2);
}

#[test]
fn metadata_carries_no_local_user_host_or_path() {
    let c = Campaign::base_with(&[]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(
        tool(
            &["build"],
            &c.inputs(),
            &["--out", &out.path().to_string_lossy()]
        )
        .0,
        0
    );
    let mut local: Vec<String> = vec![
        c.dir.path().to_string_lossy().into_owned(),
        out.path().to_string_lossy().into_owned(),
    ];
    for var in ["USER", "HOME", "LOGNAME"] {
        if let Ok(v) = std::env::var(var)
            && v.len() > 2
        {
            local.push(v);
        }
    }
    if let Ok(host) = fs::read_to_string("/etc/hostname")
        && host.trim().len() > 2
    {
        local.push(host.trim().to_string());
    }
    for entry in fs::read_dir(out.path()).unwrap() {
        let path = entry.unwrap().path();
        let mut text = String::new();
        if path.extension().is_some_and(|e| e == "docx") {
            let mut zip = zip::ZipArchive::new(fs::File::open(&path).unwrap()).unwrap();
            for i in 0..zip.len() {
                zip.by_index(i).unwrap().read_to_string(&mut text).unwrap();
            }
        } else {
            text = String::from_utf8_lossy(&fs::read(&path).unwrap()).into_owned();
        }
        for l in &local {
            assert!(!text.contains(l.as_str()), "{} holds {l}", path.display());
        }
    }
}

/// Files are written aside as they are rendered: a build killed while it
/// renders leaves them, and the next build into the folder removes them.
#[test]
fn a_build_after_a_killed_one_removes_what_it_left_aside() {
    let c = Campaign::with_france_copies(100);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spawn = || {
        common::tool()
            .arg("build")
            .arg("--inputs")
            .arg(c.inputs())
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let aside = || {
        fs::read_dir(&out)
            .map(|d| {
                d.filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .starts_with(".upr-brief-")
                })
                .count()
            })
            .unwrap_or(0)
    };
    let mut child = spawn();
    let started = Instant::now();
    while aside() < 5
        && child.try_wait().unwrap().is_none()
        && started.elapsed() < Duration::from_secs(120)
    {
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        aside() > 0,
        "the build was not killed while it wrote files aside"
    );
    assert!(spawn().wait().unwrap().success());
    assert_eq!(aside(), 0, "files left aside by the killed build remain");
}

#[test]
fn a_build_killed_half_way_leaves_no_half_written_file_under_a_final_name() {
    // A campaign big enough to take a while: the same meeting a hundred times.
    let c = Campaign::with_france_copies(100);
    let spawn = |out: &Path| {
        common::tool()
            .arg("build")
            .arg("--inputs")
            .arg(c.inputs())
            .arg("--out")
            .arg(out)
            .env("SOURCE_DATE_EPOCH", "1713571200")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // The complete files, to compare every file left by a killed build with.
    let whole = tempfile::tempdir().unwrap();
    assert!(spawn(whole.path()).wait().unwrap().success());
    let total = fs::read_dir(whole.path()).unwrap().count();
    let finals = |dir: &Path| -> Vec<String> {
        fs::read_dir(dir)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    // Not the files written aside, nor the lock file.
                    .filter(|n| !n.starts_with(".upr-brief-") && n != ".upr-brief.lock")
                    .collect()
            })
            .unwrap_or_default()
    };

    // Killed once the first file is in place, then a third and two thirds
    // of the way through the writes.
    let mut killed_while_writing = 0;
    for wanted in [1, total / 3, 2 * total / 3] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut child = spawn(&out);
        let started = Instant::now();
        while finals(&out).len() < wanted
            && child.try_wait().unwrap().is_none()
            && started.elapsed() < Duration::from_secs(120)
        {
            std::thread::sleep(Duration::from_micros(200));
        }
        let _ = child.kill();
        let _ = child.wait();
        let names = finals(&out);
        eprintln!("killed with {} of {total} files in place", names.len());
        if !names.is_empty() && names.len() < total {
            killed_while_writing += 1;
        }
        // Every file under its final name is whole: the very bytes of a
        // complete build.
        for name in names {
            assert!(
                fs::read(out.join(&name)).unwrap() == fs::read(whole.path().join(&name)).unwrap(),
                "{name} is not the whole file (killed after {wanted} files)"
            );
        }
    }
    assert!(
        killed_while_writing > 0,
        "no kill landed while files were being written: the test checked nothing"
    );
}

/// The files of `out` whose names start with `.upr-brief-`: the ones a
/// build writes aside.
fn aside_in(out: &Path) -> Vec<String> {
    fs::read_dir(out)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".upr-brief-"))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until the build `child` has written at least `n` files aside in
/// `out` (it is then rendering, and holds the lock on `out`).
fn until_aside(child: &mut std::process::Child, out: &Path, n: usize) {
    let started = Instant::now();
    while aside_in(out).len() < n {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it wrote {n} files aside"
        );
        assert!(started.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Ctrl-C (SIGINT) or SIGTERM while a build writes files aside: it
/// removes them, and its lock file, and ends by that signal (which a shell
/// reports as 130 or 143).
#[cfg(unix)]
#[test]
fn an_interrupted_build_removes_what_it_wrote_aside() {
    use std::os::unix::process::ExitStatusExt;
    let c = Campaign::with_france_copies(100);
    for (signal, number) in [("INT", 2), ("TERM", 15)] {
        let out = c.dir.path().join(format!("out-{signal}"));
        let mut child = common::tool()
            .arg("build")
            .arg("--inputs")
            .arg(c.inputs())
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        until_aside(&mut child, &out, 5);
        assert!(out.join(".upr-brief.lock").is_file());
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(number), "{signal}: {status:?}");
        assert_eq!(aside_in(&out), Vec::<String>::new(), "{signal}");
        assert!(!out.join(".upr-brief.lock").exists(), "{signal}");
        // Stopped before anything was put in place.
        assert!(!out.join("manifest.json").exists(), "{signal}");
    }
}

/// Two builds into one folder: the second waits for the first, says so,
/// and then finds everything written; with --no-wait it stops (exit 3).
#[test]
fn a_second_build_into_the_same_folder_waits_for_the_first() {
    let c = Campaign::with_france_copies(100);
    let out = c.dir.path().join("out");
    let build = |extra: &[&str]| {
        let mut cmd = common::tool();
        cmd.arg("build")
            .arg("--inputs")
            .arg(c.inputs())
            .arg("--out")
            .arg(&out)
            .args(extra)
            .env("SOURCE_DATE_EPOCH", "1713571200")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    };
    let mut first = build(&[]).spawn().unwrap();
    until_aside(&mut first, &out, 1);

    let refused = build(&["--no-wait"]).output().unwrap();
    let said = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert_eq!(refused.status.code(), Some(3), "{said}");
    assert!(
        said.contains(&format!("another build is writing into {}", out.display())),
        "{said}"
    );

    let second = build(&[]).output().unwrap();
    let first = first.wait_with_output().unwrap();
    let (log, said) = (
        String::from_utf8_lossy(&second.stdout),
        String::from_utf8_lossy(&second.stderr),
    );
    assert!(first.status.success(), "{first:?}");
    assert!(second.status.success(), "{log}{said}");
    assert!(
        said.contains(&format!(
            "waiting for another build of {} to finish…",
            out.display()
        )),
        "{said}"
    );
    // It read the manifest the first one wrote: nothing left to write.
    let files = 2 * 102 + 3;
    assert!(
        log.contains(&format!("wrote 0, unchanged {files}, removed 0")),
        "{log}"
    );
    assert!(
        String::from_utf8_lossy(&first.stdout)
            .contains(&format!("wrote {files}, unchanged 0, removed 0")),
        "{first:?}"
    );
    assert!(!out.join(".upr-brief.lock").exists());
}
