//! `cargo bench --bench build`: how fast and how big a 200-meeting campaign is.
//!
//! Generates a synthetic campaign (see `support/generate.rs`) into a temporary
//! folder and runs the release binary on it as a subprocess, the way staff and
//! CI run it: `check`, fresh full builds, a no-op rebuild, one format at a
//! time; measures wall time and each child's peak memory (`wait4`), and the
//! sizes of the packs. With `pandoc` on PATH it also converts one equivalent
//! Markdown pack to DOCX, for scale. Prints each figure beside its target.
//!
//! A benchmark, not a test: a missed target is reported, not failed.
//!
//! Options (after `--`): `--meetings N` (200), `--recommendations M` (60),
//! `--runs K` (timed runs of each command, 3), `--seed S`, `--keep DIR` (work
//! in DIR and leave the inputs and outputs there), `--scripts` (a third of
//! the packs in Arabic, a third in Chinese, every recommendation translated
//! into both: needs fonts for them), `--generate DIR` (only
//! write the campaign to DIR/inputs). `UPR_BRIEF_BIN` overrides the binary.

#[path = "support/generate.rs"]
mod generate;

use std::collections::BTreeMap;
use std::env;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Dates in the outputs come from here, so runs are comparable.
const SOURCE_DATE_EPOCH: &str = "1711000000";

struct Opts {
    cfg: generate::Config,
    runs: usize,
    keep: Option<PathBuf>,
    generate_only: Option<PathBuf>,
    bin: PathBuf,
}

fn opts() -> Opts {
    let mut o = Opts {
        cfg: generate::Config::default(),
        runs: 3,
        keep: None,
        generate_only: None,
        bin: env::var_os("UPR_BRIEF_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_upr-brief"))),
    };
    let mut args = env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next().unwrap_or_else(|| {
                eprintln!("{name} needs a value");
                std::process::exit(2)
            })
        };
        let number = |name: &str, v: String| -> usize {
            v.parse().unwrap_or_else(|_| {
                eprintln!("{name}: \"{v}\" is not a number");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--meetings" => o.cfg.meetings = number("--meetings", value("--meetings")),
            "--recommendations" => {
                o.cfg.recommendations = number("--recommendations", value("--recommendations"))
            }
            "--runs" => o.runs = number("--runs", value("--runs")).max(1),
            "--seed" => o.cfg.seed = number("--seed", value("--seed")) as u64,
            "--scripts" => o.cfg.scripts = true,
            "--keep" => o.keep = Some(value("--keep").into()),
            "--generate" => o.generate_only = Some(value("--generate").into()),
            // cargo bench passes --bench to every bench binary.
            "--bench" => {}
            other => eprintln!("ignoring argument {other}"),
        }
    }
    o
}

/// One finished child process.
struct Run {
    wall: Duration,
    cpu: Duration,
    max_rss_kib: u64,
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `bin args` in `cwd` and measures it. The child is reaped with
/// `wait4`, which gives its own peak resident set size.
#[allow(unsafe_code)] // wait4: the only way to read a child's peak memory
fn run(bin: &Path, args: &[&str], cwd: &Path) -> Run {
    let out_path = cwd.join(".bench-stdout");
    let err_path = cwd.join(".bench-stderr");
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("create the stdout file"))
        .stderr(File::create(&err_path).expect("create the stderr file"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data; wait4 fills it in for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(r, pid, "wait4 failed: {}", std::io::Error::last_os_error());
    // The child was reaped here; dropping the handle does not wait again.
    drop(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Run {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_kib: usage.ru_maxrss as u64,
        code,
        stdout: fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

/// Runs and insists on exit code 0.
fn run_ok(bin: &Path, args: &[&str], cwd: &Path) -> Run {
    let r = run(bin, args, cwd);
    if r.code != 0 {
        eprintln!(
            "`upr-brief {}` exited with {}\n--- stdout\n{}\n--- stderr\n{}",
            args.join(" "),
            r.code,
            tail(&r.stdout, 40),
            tail(&r.stderr, 60)
        );
        std::process::exit(1);
    }
    r
}

/// "400 files rewritten", from the final line `wrote 400 files to DIR`.
fn written(r: &Run) -> String {
    let last = r.stdout.lines().last().unwrap_or("");
    match last.split_whitespace().nth(1) {
        Some(n) if last.starts_with("wrote ") => format!("{n} files rewritten"),
        _ => last.to_string(),
    }
}

fn tail(s: &str, lines: usize) -> String {
    let v: Vec<&str> = s.lines().collect();
    v[v.len().saturating_sub(lines)..].join("\n")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn median_u64(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

/// Every run's wall time, the median, and the largest peak memory.
struct Timed {
    wall: Duration,
    /// The fastest run: the least disturbed by other work on the machine.
    min: Duration,
    cpu: Duration,
    max_rss_kib: u64,
    last: Run,
}

fn timed(runs: Vec<Run>) -> Timed {
    let wall = median(runs.iter().map(|r| r.wall).collect());
    let min = runs.iter().map(|r| r.wall).min().unwrap_or_default();
    let cpu = median(runs.iter().map(|r| r.cpu).collect());
    let max_rss_kib = runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(0);
    let last = runs.into_iter().last().expect("at least one run");
    Timed {
        wall,
        min,
        cpu,
        max_rss_kib,
        last,
    }
}

/// The machine's load (other builds distort the timings), from /proc/loadavg.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The sizes of the files in `dir` by name.
fn sizes(dir: &Path) -> BTreeMap<String, u64> {
    fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let len = e.metadata().ok()?.len();
                    Some((e.file_name().to_string_lossy().into_owned(), len))
                })
                .collect()
        })
        .unwrap_or_default()
}

const NOT_PACKS: [&str; 2] = ["summary", "submission"];

/// Sizes of the packs (not summary or submission) with extension `ext`.
fn pack_sizes(all: &BTreeMap<String, u64>, ext: &str) -> Vec<u64> {
    all.iter()
        .filter_map(|(name, &len)| {
            let stem = name.strip_suffix(&format!(".{ext}"))?;
            (!NOT_PACKS.contains(&stem)).then_some(len)
        })
        .collect()
}

fn count(all: &BTreeMap<String, u64>, ext: &str) -> usize {
    all.keys()
        .filter(|n| n.ends_with(&format!(".{ext}")))
        .count()
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// The median, and the fastest run beside it.
fn secs_min(t: &Timed) -> String {
    format!(
        "{:.3} s (min {:.3})",
        t.wall.as_secs_f64(),
        t.min.as_secs_f64()
    )
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// 1 KB = 1000 bytes, 1 MB = 10^6 bytes (the stricter reading of the targets).
fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

fn mb_of_kib(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1e6
}

struct Table {
    rows: Vec<[String; 4]>,
    misses: Vec<String>,
}

impl Table {
    fn row(&mut self, what: &str, measured: String, target: &str, pass: Option<bool>) {
        let verdict = match pass {
            Some(true) => "PASS",
            Some(false) => {
                self.misses.push(what.to_string());
                "MISS"
            }
            None => "",
        };
        self.rows.push([
            what.to_string(),
            measured,
            target.to_string(),
            verdict.to_string(),
        ]);
    }

    fn print(&self) {
        let w: Vec<usize> = (0..3)
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| r[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |r: &[String; 4]| {
            println!(
                "  {:<w0$}  {:>w1$}  {:<w2$}  {}",
                r[0],
                r[1],
                r[2],
                r[3],
                w0 = w[0],
                w1 = w[1],
                w2 = w[2]
            )
        };
        line(&[
            "figure".into(),
            "measured".into(),
            "target".into(),
            "".into(),
        ]);
        line(&[
            "-".repeat(w[0]),
            "-".repeat(w[1]),
            "-".repeat(w[2]),
            "----".into(),
        ]);
        for r in &self.rows {
            line(r);
        }
    }
}

fn main() {
    let o = opts();
    if let Some(dir) = &o.generate_only {
        let campaign = generate::generate(&o.cfg);
        campaign
            .write(&dir.join("inputs"))
            .expect("write the campaign");
        println!(
            "wrote a campaign of {} meetings and {} recommendations to {}",
            o.cfg.meetings,
            o.cfg.recommendations,
            dir.join("inputs").display()
        );
        return;
    }
    let bin = o.bin.clone();
    if !bin.is_file() {
        eprintln!(
            "no binary at {}: run `cargo build --release` or set UPR_BRIEF_BIN",
            bin.display()
        );
        std::process::exit(1);
    }
    let temp;
    let work: PathBuf = match &o.keep {
        Some(dir) => {
            fs::create_dir_all(dir).expect("create the --keep folder");
            let _ = fs::remove_dir_all(dir.join("inputs"));
            dir.clone()
        }
        None => {
            temp = tempfile::tempdir().expect("a temporary folder");
            temp.path().to_path_buf()
        }
    };
    let n = o.cfg.meetings;
    println!(
        "upr-brief benchmark: {} meetings, {} recommendations, seed {:#x}",
        n, o.cfg.recommendations, o.cfg.seed
    );
    println!("binary: {}", bin.display());
    println!("load average before: {}", load_average());
    println!("work folder: {}", work.display());

    let campaign = generate::generate(&o.cfg);
    campaign
        .write(&work.join("inputs"))
        .expect("write the campaign");
    println!(
        "generated: {} state profiles, {} meetings ({} words of meeting records)",
        campaign.states.len(),
        campaign.meetings.len(),
        campaign.words()
    );

    let help = run_ok(&bin, &["build", "--help"], &work).stdout;
    let has_force = help.contains("--force");
    let has_jobs = help.contains("--jobs");
    println!(
        "build flags: --force {}, --jobs {}",
        if has_force { "yes" } else { "no" },
        if has_jobs { "yes" } else { "no" }
    );

    // check: the inputs must be valid, then the median of several runs.
    let first = run(&bin, &["check"], &work);
    let summary_line = first
        .stdout
        .lines()
        .rev()
        .find(|l| l.contains("errors,"))
        .unwrap_or("")
        .to_string();
    if first.code != 0 || !summary_line.starts_with("0 errors") {
        eprintln!(
            "the generated campaign does not pass `check` (exit {}):\n{}\n{}",
            first.code,
            tail(&first.stdout, 20),
            tail(&first.stderr, 60)
        );
        std::process::exit(1);
    }
    println!("check: {summary_line}");
    let check_runs = (o.runs * 2 + 1).max(5);
    let check = timed(
        (0..check_runs)
            .map(|_| run_ok(&bin, &["check"], &work))
            .collect(),
    );

    // Full builds, each into an empty folder.
    let full = timed(
        (0..o.runs)
            .map(|i| {
                let out = format!("out-full-{i}");
                let _ = fs::remove_dir_all(work.join(&out));
                run_ok(&bin, &["build", "--quiet", "--out", &out], &work)
            })
            .collect(),
    );
    let final_line = |r: &Run| r.stdout.lines().last().unwrap_or("").to_string();
    println!("full build: {}", final_line(&full.last));

    // A second build into a folder that holds an up-to-date build.
    let noop = timed(
        (0..o.runs)
            .map(|_| run_ok(&bin, &["build", "--quiet", "--out", "out-full-0"], &work))
            .collect(),
    );
    println!("no-op rebuild: {}", final_line(&noop.last));
    let forced = has_force.then(|| {
        timed(
            (0..o.runs)
                .map(|_| {
                    run_ok(
                        &bin,
                        &["build", "--quiet", "--force", "--out", "out-full-0"],
                        &work,
                    )
                })
                .collect(),
        )
    });
    let serial = has_jobs.then(|| {
        let _ = fs::remove_dir_all(work.join("out-jobs-1"));
        timed(vec![run_ok(
            &bin,
            &["build", "--quiet", "--jobs", "1", "--out", "out-jobs-1"],
            &work,
        )])
    });

    // One format at a time, into empty folders.
    let per_format = |format: &str| {
        let t = timed(
            (0..o.runs)
                .map(|i| {
                    let out = format!("out-{format}-{i}");
                    let _ = fs::remove_dir_all(work.join(&out));
                    run_ok(
                        &bin,
                        &["build", "--quiet", "--format", format, "--out", &out],
                        &work,
                    )
                })
                .collect(),
        );
        let files = count(&sizes(&work.join(format!("out-{format}-0"))), format);
        (t, files.max(1))
    };
    let (pdf, pdf_files) = per_format("pdf");
    let (docx, docx_files) = per_format("docx");

    let all = sizes(&work.join("out-full-0"));
    let pdfs = pack_sizes(&all, "pdf");
    let docxs = pack_sizes(&all, "docx");
    let max = |v: &[u64]| v.iter().copied().max().unwrap_or(0);

    let mut t = Table {
        rows: Vec::new(),
        misses: Vec::new(),
    };
    t.row(
        &format!("check (median of {check_runs})"),
        secs_min(&check),
        "≤ 0.20 s",
        Some(check.wall <= Duration::from_millis(200)),
    );
    t.row(
        &format!(
            "full build, {n} meetings, {} files (median of {})",
            count(&all, "pdf") + count(&all, "docx"),
            o.runs
        ),
        secs_min(&full),
        "≤ 2.00 s",
        Some(full.wall <= Duration::from_secs(2)),
    );
    t.row(
        "  CPU time (user + sys) of check / full build / no-op",
        format!(
            "{:.3} / {:.3} / {:.3} s",
            check.cpu.as_secs_f64(),
            full.cpu.as_secs_f64(),
            noop.cpu.as_secs_f64()
        ),
        "",
        None,
    );
    t.row(
        &format!("no-op rebuild ({})", written(&noop.last)),
        secs_min(&noop),
        "≤ 0.15 s",
        Some(noop.wall <= Duration::from_millis(150)),
    );
    if let Some(f) = &forced {
        t.row("forced rebuild (--force)", secs_min(f), "", None);
    }
    if let Some(s) = &serial {
        t.row("full build with --jobs 1", secs(s.wall), "", None);
    }
    let peak = [&check, &full, &noop, &pdf, &docx]
        .iter()
        .map(|t| t.max_rss_kib)
        .chain(forced.iter().map(|t| t.max_rss_kib))
        .max()
        .unwrap_or(0);
    t.row(
        "peak memory (largest child's max RSS)",
        format!("{:.1} MB", mb_of_kib(peak)),
        "≤ 250 MB",
        Some(mb_of_kib(peak) <= 250.0),
    );
    t.row(
        "  peak memory of check / full build",
        format!(
            "{:.1} / {:.1} MB",
            mb_of_kib(check.max_rss_kib),
            mb_of_kib(full.max_rss_kib)
        ),
        "",
        None,
    );
    for (name, t_fmt, files) in [("PDF", &pdf, pdf_files), ("DOCX", &docx, docx_files)] {
        t.row(
            &format!("{name} only: build of {files} files"),
            secs_min(t_fmt),
            "",
            None,
        );
        t.row(
            &format!("  {name} time per file (wall / files)"),
            ms(t_fmt.wall / files as u32),
            if name == "PDF" {
                "Typst: 40–100 ms"
            } else {
                "Pandoc: 100–140 ms"
            },
            None,
        );
        t.row(
            &format!("  {name} per file beyond check ((wall − check) / files)"),
            ms(t_fmt.wall.saturating_sub(check.wall) / files as u32),
            "",
            None,
        );
    }
    t.row(
        &format!("pack PDF size, max (median of {})", pdfs.len()),
        format!("{} ({})", kb(max(&pdfs)), kb(median_u64(pdfs.clone()))),
        "≤ 150 KB",
        Some(max(&pdfs) <= 150_000),
    );
    t.row(
        &format!("pack DOCX size, max (median of {})", docxs.len()),
        format!("{} ({})", kb(max(&docxs)), kb(median_u64(docxs.clone()))),
        "≤ 60 KB",
        Some(max(&docxs) <= 60_000),
    );
    for stem in NOT_PACKS {
        for ext in ["pdf", "docx"] {
            if let Some(&len) = all.get(&format!("{stem}.{ext}")) {
                t.row(&format!("{stem}.{ext} size"), kb(len), "", None);
            }
        }
    }
    pandoc(&o, &work, &bin, &campaign, &all, &docx, docx_files, &mut t);

    println!("load average after: {}", load_average());
    println!();
    t.print();
    println!();
    if t.misses.is_empty() {
        println!("all targets met");
    } else {
        println!("targets missed: {}", t.misses.join("; "));
    }
    if o.keep.is_some() {
        println!("inputs and outputs kept in {}", work.display());
    }
}

/// With `pandoc` on PATH: the Markdown equivalent of the pack of median DOCX
/// size, converted to DOCX; its time per pack against ours.
#[allow(clippy::too_many_arguments)]
fn pandoc(
    o: &Opts,
    work: &Path,
    bin: &Path,
    campaign: &generate::Campaign,
    all: &BTreeMap<String, u64>,
    docx: &Timed,
    docx_files: usize,
    t: &mut Table,
) {
    let version = Command::new("pandoc").arg("--version").output();
    let Some(version) = version.ok().filter(|v| v.status.success()) else {
        t.row("pandoc comparison", "pandoc not on PATH".into(), "", None);
        return;
    };
    let version = String::from_utf8_lossy(&version.stdout)
        .lines()
        .next()
        .unwrap_or("pandoc")
        .to_string();
    // The meeting whose DOCX pack has the median size.
    let mut by_size: Vec<(u64, &generate::Meeting)> = campaign
        .meetings
        .iter()
        .filter_map(|m| all.get(&format!("{}.docx", m.id)).map(|&s| (s, m)))
        .collect();
    by_size.sort_by_key(|(s, m)| (*s, m.id.clone()));
    let Some(&(ours, meeting)) = by_size.get(by_size.len() / 2) else {
        return;
    };
    // Its recommendations, as `list` reports them.
    let list = run_ok(bin, &["list"], work).stdout;
    let ids: Vec<&str> = list
        .lines()
        .find(|l| l.split_whitespace().next() == Some(meeting.id.as_str()))
        .map(|l| {
            l.split_whitespace()
                .skip(1)
                .filter(|w| campaign.recommendations.iter().any(|r| r.id == *w))
                .collect()
        })
        .unwrap_or_default();
    let md = campaign.pack_markdown(meeting, &ids);
    let md_path = work.join("pandoc-pack.md");
    fs::write(&md_path, md).expect("write the Markdown pack");
    let runs: Vec<Duration> = (0..o.runs)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new("pandoc")
                .args(["-f", "markdown", "-t", "docx", "-o", "pandoc-pack.docx"])
                .arg("pandoc-pack.md")
                .current_dir(work)
                .status()
                .expect("run pandoc");
            assert!(status.success(), "pandoc failed");
            start.elapsed()
        })
        .collect();
    let theirs = median(runs);
    let their_size = fs::metadata(work.join("pandoc-pack.docx"))
        .map(|m| m.len())
        .unwrap_or(0);
    let our_per_pack = docx.wall / docx_files as u32;
    t.row(
        &format!(
            "Pandoc DOCX of pack {} ({} recommendations; {version})",
            meeting.id,
            ids.len()
        ),
        ms(theirs),
        "",
        None,
    );
    t.row(
        "  Pandoc time / upr-brief DOCX time per file",
        format!(
            "{:.1}×",
            theirs.as_secs_f64() / our_per_pack.as_secs_f64().max(1e-9)
        ),
        "",
        None,
    );
    t.row(
        "  Pandoc DOCX size / upr-brief DOCX size",
        format!(
            "{} / {} = {:.2}",
            kb(their_size),
            kb(ours),
            their_size as f64 / ours.max(1) as f64
        ),
        "",
        None,
    );
}
