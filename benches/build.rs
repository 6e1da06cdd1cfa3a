//! `cargo bench --bench build`: how fast and how big the tool is on a
//! 200-meeting campaign and on a 2,000-meeting one, against the targets of
//! issue #18.
//!
//! Generates a synthetic campaign (see `support/generate.rs`) into a temporary
//! folder and runs the release binary on it as a subprocess, the way staff and
//! CI run it: `check`; fresh full builds; a no-op rebuild; one meeting edited,
//! then `build` (each run a different change to one of the meeting's asks,
//! which its pack and the summary both show; the bench stops if that pack or
//! the summary, in either format, was not rewritten, so the figure can never
//! be a no-op's); `--force`, `--jobs 1`, one format at a time; every meeting
//! handed over, then the recommendation most packs hold reworded in every
//! language, then `build` (its packs again and a redline, PDF and DOCX, of
//! each: the row "redlines for 200 packs", reported). Then the same
//! campaign with 2,000 meetings: `check` and fresh full builds. It measures
//! wall time, CPU time and each child's peak memory (`wait4`), and the sizes
//! of the packs, and prints each figure beside its target with PASS or MISS:
//!
//! | figure                                   | target                           |
//! |------------------------------------------|----------------------------------|
//! | full build, 200 meetings (404 files)     | ≤ 0.6 s                          |
//! | one meeting edited, then `build`         | ≤ 0.12 s                         |
//! | no-op rebuild                            | ≤ 0.05 s                         |
//! | full build, 2,000 meetings               | ≤ 6 s, ≤ 10× the 200-meeting one |
//! | peak memory, 2,000 meetings              | ≤ 400 MB                         |
//! | peak memory, 200 meetings                | ≤ 150 MB                         |
//! | `check`, 200 meetings                    | ≤ 0.08 s                         |
//! | `check`, multi-script / Latin campaign   | ≤ 2×                             |
//! | largest pack PDF / DOCX                  | ≤ 150 KB / ≤ 60 KB               |
//!
//! Times are medians, the fastest run beside them. A benchmark, not a test:
//! a missed target is reported, not failed.
//!
//! Other tools, on packs of the same content, for scale: with `pandoc` on
//! PATH, Pandoc converting one pack written in Markdown to DOCX (a process
//! per file, the way it is used); with the PyPI package `typst` importable by
//! `python3`, Typst compiling 20 packs written in Typst markup to tagged
//! PDF/A-2b and UA-1 PDFs with one compiler reused in-process after a
//! warm-up (a script the bench writes to its work folder). Each is set
//! beside our time per file of the one-format build, as a ratio.
//!
//! Options (after `--`): `--meetings N` (200), `--large N` (meetings of the
//! large campaign, 2000), `--no-large` (skip the large campaign, for quick
//! iterations), `--recommendations M` (60), `--runs K` (timed runs of each
//! command, 3; `check` and the edit get 2K + 1, at least 5), `--seed S`,
//! `--keep DIR` (work in DIR and leave the inputs and outputs there),
//! `--scripts` (a third of the packs in Arabic, a third in Chinese, every
//! recommendation translated into both: needs fonts for them), `--generate
//! DIR` (only write the campaign to DIR/inputs), `--script-check` (only
//! the multi-script `check` against the Latin one). `UPR_BRIEF_BIN`
//! overrides the binary. Each campaign folder has its own font cache
//! (`XDG_CACHE_HOME`), filled by its first, untimed `check`.

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
    /// Meetings of the large campaign, or `None` with `--no-large`.
    large: Option<usize>,
    runs: usize,
    keep: Option<PathBuf>,
    generate_only: Option<PathBuf>,
    script_check_only: bool,
    bin: PathBuf,
}

fn opts() -> Opts {
    let mut o = Opts {
        cfg: generate::Config::default(),
        large: Some(2000),
        runs: 3,
        keep: None,
        generate_only: None,
        script_check_only: false,
        bin: env::var_os("UPR_BRIEF_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_upr-brief"))),
    };
    let mut no_large = false;
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
            "--large" => o.large = Some(number("--large", value("--large"))),
            "--no-large" => no_large = true,
            "--recommendations" => {
                o.cfg.recommendations = number("--recommendations", value("--recommendations"))
            }
            "--runs" => o.runs = number("--runs", value("--runs")).max(1),
            "--seed" => o.cfg.seed = number("--seed", value("--seed")) as u64,
            "--scripts" => o.cfg.scripts = true,
            "--keep" => o.keep = Some(value("--keep").into()),
            "--generate" => o.generate_only = Some(value("--generate").into()),
            "--script-check" => o.script_check_only = true,
            // cargo bench passes --bench to every bench binary.
            "--bench" => {}
            other => eprintln!("ignoring argument {other}"),
        }
    }
    if no_large {
        o.large = None;
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
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
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

/// The number of files a build wrote, from its final line `wrote 5,
/// unchanged 400, removed 0 in 0.10 s` (printed with `--quiet` too).
fn wrote(r: &Run) -> Option<usize> {
    let last = r.stdout.lines().last()?;
    let n = last.strip_prefix("wrote ")?.split(',').next()?;
    n.trim().parse().ok()
}

/// "wrote 5 files", or the final line as it is.
fn written(r: &Run) -> String {
    match wrote(r) {
        Some(n) => format!("wrote {n} files"),
        None => r.stdout.lines().last().unwrap_or("").to_string(),
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

#[derive(Default)]
struct Table {
    rows: Vec<[String; 4]>,
    /// Titles printed before the row at each index.
    sections: Vec<(usize, String)>,
    misses: Vec<String>,
}

impl Table {
    /// Starts a group of rows under `title`.
    fn section(&mut self, title: &str) {
        self.sections.push((self.rows.len(), title.to_string()));
    }

    fn row(&mut self, what: &str, measured: String, target: &str, pass: Option<bool>) {
        let verdict = match pass {
            Some(true) => "PASS",
            Some(false) => {
                // The figure without its parenthesised details.
                let name = what.split(" (").next().unwrap_or(what).trim();
                self.misses.push(name.to_string());
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
        for (i, r) in self.rows.iter().enumerate() {
            for (_, title) in self.sections.iter().filter(|(at, _)| *at == i) {
                println!("\n  {title}");
            }
            line(r);
        }
    }
}

/// The largest peak memory of several sets of runs, in KiB.
fn peak_kib(sets: &[&Timed]) -> u64 {
    sets.iter().map(|t| t.max_rss_kib).max().unwrap_or(0)
}

/// Runs `check` in `dir` and insists on a valid campaign (exit 0, no
/// errors); returns its summary line, e.g. `0 errors, 99 warnings`.
fn check_valid(bin: &Path, dir: &Path) -> String {
    let first = run(bin, &["check"], dir);
    let summary_line = first
        .stdout
        .lines()
        .rev()
        .find(|l| l.contains("errors,"))
        .unwrap_or("")
        .to_string();
    if first.code != 0 || !summary_line.starts_with("0 errors") {
        eprintln!(
            "the generated campaign in {} does not pass `check` (exit {}):\n{}\n{}",
            dir.display(),
            first.code,
            tail(&first.stdout, 20),
            tail(&first.stderr, 60)
        );
        std::process::exit(1);
    }
    summary_line
}

/// `runs` full builds of the campaign in `dir`, each into the empty folder
/// `out` (removed before each run; the last build stays).
fn full_builds(bin: &Path, dir: &Path, out: &str, runs: usize) -> Timed {
    timed(
        (0..runs)
            .map(|_| {
                let _ = fs::remove_dir_all(dir.join(out));
                run_ok(bin, &["build", "--quiet", "--out", out], dir)
            })
            .collect(),
    )
}

/// One meeting edited, then `build` into `out`, which holds an up-to-date
/// build: `runs` times, each a different edit of the meeting's first ask,
/// which both its pack and the campaign summary show. Each build must
/// rewrite the meeting's pack and the summary in both formats, so that the
/// figure can never be a no-op's; the meeting is put back afterwards (and
/// `out` brought up to date again). Returns the runs and the meeting's id.
fn edited_builds(
    bin: &Path,
    work: &Path,
    campaign: &generate::Campaign,
    out: &str,
    runs: usize,
) -> (Timed, String) {
    // A meeting from the middle of the campaign, whose file can be edited.
    let n = campaign.meetings.len();
    let (id, rel) = (0..n)
        .map(|k| &campaign.meetings[(n / 2 + k) % n].id)
        .find_map(|id| {
            let (rel, _) = campaign.edited_meeting(id, 0)?;
            Some((id.clone(), rel))
        })
        .expect("a meeting with asks to edit");
    let path = work.join("inputs").join(&rel);
    let original = fs::read(&path).expect("read the meeting to edit");
    let watched = [
        format!("{id}.pdf"),
        format!("{id}.docx"),
        "summary.pdf".to_string(),
        "summary.docx".to_string(),
    ];
    let read_watched = || -> Vec<Vec<u8>> {
        watched
            .iter()
            .map(|f| fs::read(work.join(out).join(f)).unwrap_or_default())
            .collect()
    };
    let runs: Vec<Run> = (1..=runs)
        .map(|revision| {
            let (_, text) = campaign
                .edited_meeting(&id, revision)
                .expect("the meeting can be edited");
            let before = read_watched();
            fs::write(&path, text).expect("write the edited meeting");
            let r = run_ok(bin, &["build", "--quiet", "--out", out], work);
            let after = read_watched();
            let unchanged: Vec<&str> = watched
                .iter()
                .zip(before.iter().zip(&after))
                .filter(|(_, (b, a))| b == a)
                .map(|(f, _)| f.as_str())
                .collect();
            if !unchanged.is_empty() {
                eprintln!(
                    "after an edit of an ask of {rel}, `build` did not rewrite {} ({}): \
                     the edit row would time a no-op",
                    unchanged.join(", "),
                    written(&r)
                );
                std::process::exit(1);
            }
            r
        })
        .collect();
    fs::write(&path, original).expect("put the edited meeting back");
    run_ok(bin, &["build", "--quiet", "--out", out], work);
    (timed(runs), id)
}

/// What the redline row measured: the timed builds, how many packs the
/// reworded recommendation is in, and the redline files (PDF and DOCX) the
/// last build wrote.
struct Redlines {
    builds: Timed,
    packs: usize,
    redlines: usize,
}

/// Every meeting handed over, then one recommendation reworded everywhere
/// (in English and its translations): the one most packs hold, as the
/// handover files record them. Each timed `build` into `out` writes those
/// packs again and a redline of each (PDF and DOCX); the bench stops if
/// it wrote none. Afterwards the recommendation and the handovers are
/// taken back and `out` is brought up to date again.
fn redline_builds(
    bin: &Path,
    work: &Path,
    campaign: &generate::Campaign,
    out: &str,
    runs: usize,
) -> Redlines {
    let mut args = vec!["handover", "--date", "2024-03-01"];
    args.extend(campaign.meetings.iter().map(|m| m.id.as_str()));
    run_ok(bin, &args, work);
    run_ok(bin, &["build", "--quiet", "--out", out], work);
    // The recommendation most packs hold, by the handover files.
    let mut held: BTreeMap<String, usize> = BTreeMap::new();
    let handovers = work.join("inputs").join("handovers");
    for entry in fs::read_dir(&handovers)
        .expect("the handover files")
        .flatten()
    {
        let text = fs::read_to_string(entry.path()).unwrap_or_default();
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("- { id: \"")
                && let Some(id) = rest.split('"').next()
            {
                *held.entry(id.to_string()).or_default() += 1;
            }
        }
    }
    let (id, packs) = held
        .into_iter()
        .max_by_key(|(id, n)| (*n, std::cmp::Reverse(id.clone())))
        .expect("packs with recommendations");
    let (rel, _) = campaign
        .reworded_recommendation(&id, 0)
        .expect("the recommendation can be reworded");
    let path = work.join("inputs").join(&rel);
    let original = fs::read(&path).expect("read the recommendations");
    let changes = work.join(out).join("changes");
    let runs: Vec<Run> = (1..=runs)
        .map(|revision| {
            let (_, text) = campaign
                .reworded_recommendation(&id, revision)
                .expect("the recommendation can be reworded");
            fs::write(&path, text).expect("write the reworded recommendation");
            let r = run_ok(bin, &["build", "--quiet", "--out", out], work);
            if wrote(&r).unwrap_or(0) < packs {
                eprintln!(
                    "after {id} was reworded, `build` wrote fewer files than the {packs} packs \
                     that hold it ({}): the redline row would time a no-op",
                    written(&r)
                );
                std::process::exit(1);
            }
            r
        })
        .collect();
    let redlines = count(&sizes(&changes), "pdf") + count(&sizes(&changes), "docx");
    if redlines == 0 {
        eprintln!("after {id} was reworded, `build` wrote no redline");
        std::process::exit(1);
    }
    fs::write(&path, original).expect("put the recommendation back");
    fs::remove_dir_all(&handovers).expect("take the handovers back");
    run_ok(bin, &["build", "--quiet", "--out", out], work);
    Redlines {
        builds: timed(runs),
        packs,
        redlines,
    }
}

/// The figures of the large campaign.
struct Large {
    meetings: usize,
    files: usize,
    summary_pdf: u64,
    check: Timed,
    full: Timed,
}

/// The same campaign with `meetings` meetings, in `work/large`: it must pass
/// `check` (timed once), then `runs` full builds into an empty folder.
fn large(o: &Opts, bin: &Path, work: &Path, meetings: usize) -> Large {
    let cfg = generate::Config { meetings, ..o.cfg };
    let dir = work.join("large");
    let _ = fs::remove_dir_all(dir.join("inputs"));
    let campaign = generate::generate(&cfg);
    campaign
        .write(&dir.join("inputs"))
        .expect("write the large campaign");
    println!(
        "large campaign: {} meetings ({} words of meeting records) in {}",
        campaign.meetings.len(),
        campaign.words(),
        dir.display()
    );
    println!("large check: {}", check_valid(bin, &dir));
    let check = timed(vec![run_ok(bin, &["check"], &dir)]);
    let full = full_builds(bin, &dir, "out", o.runs);
    println!("large full build: {}", final_line(&full.last));
    let all = sizes(&dir.join("out"));
    Large {
        meetings,
        files: count(&all, "pdf") + count(&all, "docx"),
        summary_pdf: all.get("summary.pdf").copied().unwrap_or(0),
        check,
        full,
    }
}

/// `check` on a campaign like the main one (without its `--scripts`), and
/// on the same with packs in Arabic and Chinese, which need fonts beyond
/// the built-in ones: `runs` timed runs of each, in `work/script-check`.
fn script_checks(o: &Opts, bin: &Path, work: &Path, runs: usize) -> (Timed, Timed) {
    let timed_check = |scripts: bool, name: &str| {
        let cfg = generate::Config { scripts, ..o.cfg };
        let dir = work.join("script-check").join(name);
        let _ = fs::remove_dir_all(dir.join("inputs"));
        generate::generate(&cfg)
            .write(&dir.join("inputs"))
            .expect("write the campaign");
        println!("{name} check: {}", check_valid(bin, &dir));
        timed((0..runs).map(|_| run_ok(bin, &["check"], &dir)).collect())
    };
    (timed_check(false, "latin"), timed_check(true, "scripts"))
}

/// The row of [`script_checks`]: the multi-script `check` within twice the Latin one's time.
fn script_check_row(t: &mut Table, (latin, scripts): &(Timed, Timed), meetings: usize) {
    let ratio = scripts.wall.as_secs_f64() / latin.wall.as_secs_f64();
    t.row(
        &format!("check, {meetings} meetings: multi-script / Latin"),
        format!("{} / {} ({ratio:.2}×)", secs_min(scripts), secs_min(latin)),
        "≤ 2×",
        Some(ratio <= 2.0),
    );
}

fn final_line(r: &Run) -> String {
    r.stdout.lines().last().unwrap_or("").to_string()
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
        "upr-brief benchmark: {} meetings (large: {}), {} recommendations, seed {:#x}",
        n,
        o.large
            .map_or("skipped".to_string(), |l| format!("{l} meetings")),
        o.cfg.recommendations,
        o.cfg.seed
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

    if o.script_check_only {
        let checks = script_checks(&o, &bin, &work, (o.runs * 2 + 1).max(5));
        let mut t = Table::default();
        t.section("check with scripts beyond Latin");
        script_check_row(&mut t, &checks, n);
        t.print();
        return;
    }

    let help = run_ok(&bin, &["build", "--help"], &work).stdout;
    let has_force = help.contains("--force");
    let has_jobs = help.contains("--jobs");
    println!(
        "build flags: --force {}, --jobs {}",
        if has_force { "yes" } else { "no" },
        if has_jobs { "yes" } else { "no" }
    );

    // check: the inputs must be valid, then the median of several runs.
    println!("check: {}", check_valid(&bin, &work));
    let check_runs = (o.runs * 2 + 1).max(5);
    let check = timed(
        (0..check_runs)
            .map(|_| run_ok(&bin, &["check"], &work))
            .collect(),
    );

    // Full builds, each into an empty folder; the last one stays in
    // out-full for the rebuilds and the sizes.
    let full = full_builds(&bin, &work, "out-full", o.runs);
    println!("full build: {}", final_line(&full.last));

    // A second build into a folder that holds an up-to-date build.
    let noop = timed(
        (0..o.runs)
            .map(|_| run_ok(&bin, &["build", "--quiet", "--out", "out-full"], &work))
            .collect(),
    );
    println!("no-op rebuild: {}", final_line(&noop.last));

    // One meeting edited, then a build into the same folder.
    let edit_runs = check_runs;
    let (edit, edited_id) = edited_builds(&bin, &work, &campaign, "out-full", edit_runs);
    println!(
        "one meeting ({edited_id}) edited, then build: {}",
        final_line(&edit.last)
    );

    let forced = has_force.then(|| {
        timed(
            (0..o.runs)
                .map(|_| {
                    run_ok(
                        &bin,
                        &["build", "--quiet", "--force", "--out", "out-full"],
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
        let out = format!("out-{format}");
        let t = timed(
            (0..o.runs)
                .map(|_| {
                    let _ = fs::remove_dir_all(work.join(&out));
                    run_ok(
                        &bin,
                        &["build", "--quiet", "--format", format, "--out", &out],
                        &work,
                    )
                })
                .collect(),
        );
        let files = count(&sizes(&work.join(&out)), format);
        (t, files.max(1))
    };
    let (pdf, pdf_files) = per_format("pdf");
    let (docx, docx_files) = per_format("docx");

    // Every pack handed over, one recommendation reworded everywhere.
    let redlines = redline_builds(&bin, &work, &campaign, "out-full", o.runs);
    println!(
        "redlines: one recommendation in {} packs reworded, then build: {}",
        redlines.packs,
        final_line(&redlines.builds.last)
    );

    // The large campaign, last: its outputs are the largest.
    let large = o.large.map(|meetings| large(&o, &bin, &work, meetings));

    let all = sizes(&work.join("out-full"));
    let pdfs = pack_sizes(&all, "pdf");
    let docxs = pack_sizes(&all, "docx");
    let max = |v: &[u64]| v.iter().copied().max().unwrap_or(0);
    let files = count(&all, "pdf") + count(&all, "docx");

    let mut t = Table::default();
    t.section("targets of issue #18");
    t.row(
        &format!(
            "full build, {n} meetings, {files} files (median of {})",
            o.runs
        ),
        secs_min(&full),
        "≤ 0.60 s",
        Some(full.wall <= Duration::from_millis(600)),
    );
    t.row(
        &format!(
            "one meeting edited, then build ({}; median of {edit_runs})",
            written(&edit.last)
        ),
        secs_min(&edit),
        "≤ 0.12 s",
        Some(edit.wall <= Duration::from_millis(120)),
    );
    t.row(
        &format!("no-op rebuild ({})", written(&noop.last)),
        secs_min(&noop),
        "≤ 0.05 s",
        Some(noop.wall <= Duration::from_millis(50)),
    );
    match &large {
        Some(l) => {
            t.row(
                &format!(
                    "full build, {} meetings, {} files (median of {})",
                    l.meetings, l.files, o.runs
                ),
                secs_min(&l.full),
                "≤ 6.00 s",
                Some(l.full.wall <= Duration::from_secs(6)),
            );
            let ratio = l.full.wall.as_secs_f64() / full.wall.as_secs_f64().max(1e-9);
            t.row(
                &format!("  full build, {} / {n} meetings, time ratio", l.meetings),
                format!("{ratio:.1}×"),
                "≤ 10×",
                Some(ratio <= 10.0),
            );
            let peak = peak_kib(&[&l.check, &l.full]);
            t.row(
                &format!("peak memory, {} meetings", l.meetings),
                format!("{:.1} MB", mb_of_kib(peak)),
                "≤ 400 MB",
                Some(mb_of_kib(peak) <= 400.0),
            );
        }
        None => {
            for what in [
                "full build, large campaign",
                "  full build, large / main campaign, time ratio",
                "peak memory, large campaign",
            ] {
                t.row(what, "skipped (--no-large)".into(), "", None);
            }
        }
    }
    t.row(
        &format!(
            "redlines for {n} packs: one recommendation in {} packs reworded, then build \
             ({}, {} redline files; median of {})",
            redlines.packs,
            written(&redlines.builds.last),
            redlines.redlines,
            o.runs
        ),
        secs_min(&redlines.builds),
        "report",
        None,
    );
    let mut small = vec![&check, &full, &noop, &edit, &pdf, &docx, &redlines.builds];
    small.extend(forced.iter());
    small.extend(serial.iter());
    let peak = peak_kib(&small);
    t.row(
        &format!("peak memory, {n} meetings (largest child's max RSS)"),
        format!("{:.1} MB", mb_of_kib(peak)),
        "≤ 150 MB",
        Some(mb_of_kib(peak) <= 150.0),
    );
    t.row(
        &format!("check, {n} meetings (median of {check_runs})"),
        secs_min(&check),
        "≤ 0.08 s",
        Some(check.wall <= Duration::from_millis(80)),
    );

    let checks = script_checks(&o, &bin, &work, check_runs);
    script_check_row(&mut t, &checks, n);

    t.section("other figures");
    t.row(
        "CPU time (user + sys) of check / full build / edit / no-op",
        format!(
            "{:.3} / {:.3} / {:.3} / {:.3} s",
            check.cpu.as_secs_f64(),
            full.cpu.as_secs_f64(),
            edit.cpu.as_secs_f64(),
            noop.cpu.as_secs_f64()
        ),
        "",
        None,
    );
    if let Some(f) = &forced {
        t.row("forced rebuild (--force)", secs_min(f), "", None);
    }
    if let Some(s) = &serial {
        t.row("full build with --jobs 1", secs(s.wall), "", None);
    }
    t.row(
        "peak memory of check / full build / edit",
        format!(
            "{:.1} / {:.1} / {:.1} MB",
            mb_of_kib(check.max_rss_kib),
            mb_of_kib(full.max_rss_kib),
            mb_of_kib(edit.max_rss_kib)
        ),
        "",
        None,
    );
    if let Some(l) = &large {
        t.row(
            &format!(
                "{} meetings: check / CPU time of the full build / summary.pdf size",
                l.meetings
            ),
            format!(
                "{:.3} s / {:.3} s / {}",
                l.check.wall.as_secs_f64(),
                l.full.cpu.as_secs_f64(),
                kb(l.summary_pdf)
            ),
            "",
            None,
        );
    }
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
            "",
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

    t.section("peer tools, on packs of the same content");
    let pandoc_version = pandoc_version();
    let typst_ok = typst_importable();
    if pandoc_version.is_none() && !typst_ok {
        t.row(
            "peer comparison",
            "neither pandoc nor typst installed".into(),
            "",
            None,
        );
    } else {
        let recommendations = pack_recommendations(&bin, &work, &campaign);
        let peer = Peer {
            o: &o,
            work: &work,
            campaign: &campaign,
            recommendations: &recommendations,
            all: &all,
        };
        match &pandoc_version {
            Some(version) => peer.pandoc(version, &docx, docx_files, &mut t),
            None => t.row("Pandoc DOCX", "pandoc not on PATH".into(), "", None),
        }
        if typst_ok {
            peer.typst(&pdf, pdf_files, &mut t);
        } else {
            t.row(
                "Typst PDF",
                "typst not importable by python3".into(),
                "",
                None,
            );
        }
    }

    println!("load average after: {}", load_average());
    println!();
    t.print();
    println!();
    if n != 200 || o.large.is_some_and(|l| l != 2000) {
        println!("note: the targets are set for 200 and 2,000 meetings");
    }
    if t.misses.is_empty() {
        println!("all targets met");
    } else {
        println!("targets missed: {}", t.misses.join("; "));
    }
    if o.keep.is_some() {
        println!("inputs and outputs kept in {}", work.display());
    }
}

/// Each pack's recommendations in order, by meeting id, as `list` prints them.
fn pack_recommendations(
    bin: &Path,
    work: &Path,
    campaign: &generate::Campaign,
) -> BTreeMap<String, Vec<String>> {
    let list = run_ok(bin, &["list"], work).stdout;
    list.lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let id = words.next()?.to_string();
            let ids = words
                .filter(|w| campaign.recommendations.iter().any(|r| r.id == *w))
                .map(String::from)
                .collect();
            Some((id, ids))
        })
        .collect()
}

/// The first line of `pandoc --version`, when pandoc is on PATH.
fn pandoc_version() -> Option<String> {
    let v = Command::new("pandoc").arg("--version").output().ok()?;
    v.status.success().then(|| {
        String::from_utf8_lossy(&v.stdout)
            .lines()
            .next()
            .unwrap_or("pandoc")
            .to_string()
    })
}

/// Whether `python3` can import the typst package (PyPI `typst`).
fn typst_importable() -> bool {
    Command::new("python3")
        .args(["-c", "import typst"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What the comparisons with other tools share.
struct Peer<'a> {
    o: &'a Opts,
    work: &'a Path,
    campaign: &'a generate::Campaign,
    recommendations: &'a BTreeMap<String, Vec<String>>,
    /// Sizes of the full build's files.
    all: &'a BTreeMap<String, u64>,
}

/// The folder of the Noto Sans files the binary embeds, for Typst.
const FONTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts");

/// Written to the work folder and run with python3: compiles Typst files to
/// PDF with one compiler, reused as a batch tool built on Typst would reuse
/// it, the first file a warm-up (fonts loaded, caches filled), the others
/// timed one by one, each a different document (Typst memoizes: the same
/// one again would cost next to nothing).
const TYPST_SCRIPT: &str = r#"# Written by upr-brief's benchmark (benches/build.rs).
# python3 typst_bench.py FONT_DIR SOURCE_DATE_EPOCH WARMUP.typ PACK.typ...
import importlib.metadata
import statistics
import sys
import time

import typst

fonts, epoch, warmup, *packs = sys.argv[1:]
compiler = typst.Compiler(font_paths=[fonts], ignore_system_fonts=True)


def pdf(path):
    # Tagged PDF/A-2b and PDF/UA-1, like upr-brief's packs.
    return compiler.compile(
        input=path, format="pdf", pdf_standards=["a-2b", "ua-1"], timestamp=int(epoch)
    )


pdf(warmup)
times, sizes = [], []
for path in packs:
    start = time.perf_counter()
    out = pdf(path)
    times.append(time.perf_counter() - start)
    sizes.append(len(out))
with open("typst-pack.pdf", "wb") as f:
    f.write(out)
print("version", importlib.metadata.version("typst"))
print("count", len(times))
print("ms_per_pdf", 1000 * sum(times) / len(times))
print("median_ms", 1000 * statistics.median(times))
print("median_bytes", int(statistics.median(sizes)))
"#;

impl Peer<'_> {
    /// A pack of `meeting` with the recommendations its real pack has.
    fn ids(&self, meeting: &generate::Meeting) -> Vec<&str> {
        self.recommendations
            .get(&meeting.id)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The Markdown equivalent of the pack of median DOCX size, converted to
    /// DOCX by Pandoc; its time per pack against ours.
    fn pandoc(&self, version: &str, docx: &Timed, docx_files: usize, t: &mut Table) {
        // The meeting whose DOCX pack has the median size.
        let mut by_size: Vec<(u64, &generate::Meeting)> = self
            .campaign
            .meetings
            .iter()
            .filter_map(|m| self.all.get(&format!("{}.docx", m.id)).map(|&s| (s, m)))
            .collect();
        by_size.sort_by_key(|(s, m)| (*s, m.id.clone()));
        let Some(&(ours, meeting)) = by_size.get(by_size.len() / 2) else {
            return;
        };
        let ids = self.ids(meeting);
        let md = self.campaign.pack_markdown(meeting, &ids);
        fs::write(self.work.join("pandoc-pack.md"), md).expect("write the Markdown pack");
        let runs: Vec<Duration> = (0..self.o.runs)
            .map(|_| {
                let start = Instant::now();
                let status = Command::new("pandoc")
                    .args(["-f", "markdown", "-t", "docx", "-o", "pandoc-pack.docx"])
                    .arg("pandoc-pack.md")
                    .current_dir(self.work)
                    .status()
                    .expect("run pandoc");
                assert!(status.success(), "pandoc failed");
                start.elapsed()
            })
            .collect();
        let theirs = median(runs);
        let their_size = fs::metadata(self.work.join("pandoc-pack.docx"))
            .map(|m| m.len())
            .unwrap_or(0);
        let our_per_pack = docx.wall / docx_files as u32;
        t.row(
            &format!(
                "Pandoc DOCX of pack {} ({} recommendations; {version}; a process per file)",
                meeting.id,
                ids.len()
            ),
            ms(theirs),
            "",
            None,
        );
        t.row(
            "  upr-brief DOCX time per file (DOCX-only build wall / files)",
            ms(our_per_pack),
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

    /// Typst equivalents of up to 20 packs spread over the campaign,
    /// compiled to PDF in one Python process after a warm-up; their time
    /// per PDF against ours (the PDF-only build's wall time per file).
    fn typst(&self, pdf: &Timed, pdf_files: usize, t: &mut Table) {
        let mut meetings: Vec<&generate::Meeting> = self.campaign.meetings.iter().collect();
        meetings.sort_by(|a, b| a.id.cmp(&b.id));
        if meetings.len() < 2 {
            t.row("Typst PDF", "needs 2 meetings or more".into(), "", None);
            return;
        }
        // The warm-up, then every k-th pack.
        let count = (meetings.len() - 1).min(20);
        let step = (meetings.len() - 1) / count;
        let chosen: Vec<&generate::Meeting> = (0..count).map(|i| meetings[1 + i * step]).collect();
        let dir = self.work.join("typst");
        fs::create_dir_all(&dir).expect("create the Typst folder");
        let mut args: Vec<String> = vec![
            "typst_bench.py".into(),
            FONTS.into(),
            SOURCE_DATE_EPOCH.into(),
        ];
        for (k, m) in std::iter::once(meetings[0])
            .chain(chosen.iter().copied())
            .enumerate()
        {
            let rel = format!("typst/pack-{k:02}.typ");
            fs::write(
                self.work.join(&rel),
                self.campaign.pack_typst(m, &self.ids(m)),
            )
            .expect("write a Typst pack");
            args.push(rel);
        }
        fs::write(self.work.join("typst_bench.py"), TYPST_SCRIPT).expect("write the script");
        let out = Command::new("python3")
            .args(&args)
            .current_dir(self.work)
            .output()
            .expect("run python3");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let field = |key: &str| {
            stdout
                .lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix(' '))
                .map(str::to_string)
        };
        let number = |key: &str| field(key).and_then(|v| v.parse::<f64>().ok());
        let (Some(per_pdf), Some(median_ms), Some(their_bytes)) = (
            number("ms_per_pdf"),
            number("median_ms"),
            number("median_bytes"),
        ) else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            t.row(
                "Typst PDF",
                format!("failed: {}", stderr.lines().last().unwrap_or("no output")),
                "",
                None,
            );
            return;
        };
        let version = field("version").unwrap_or_default();
        let ours = pdf.wall.as_secs_f64() * 1000.0 / pdf_files as f64;
        t.row(
            &format!(
                "Typst PDF, {count} packs, one compiler reused (typst {version}, PDF/A-2b + UA-1)"
            ),
            format!("{per_pdf:.1} ms (median {median_ms:.1})"),
            "",
            None,
        );
        t.row(
            "  upr-brief PDF time per file (PDF-only build wall / files)",
            format!("{ours:.1} ms"),
            "",
            None,
        );
        t.row(
            "  Typst time / upr-brief PDF time per file",
            format!("{:.1}×", per_pdf / ours.max(1e-9)),
            "",
            None,
        );
        let our_sizes: Vec<u64> = chosen
            .iter()
            .filter_map(|m| self.all.get(&format!("{}.pdf", m.id)).copied())
            .collect();
        let our_bytes = median_u64(our_sizes);
        t.row(
            "  Typst PDF size / upr-brief PDF size (medians, same packs)",
            format!(
                "{} / {} = {:.2}",
                kb(their_bytes as u64),
                kb(our_bytes),
                their_bytes / our_bytes.max(1) as f64
            ),
            "",
            None,
        );
    }
}
