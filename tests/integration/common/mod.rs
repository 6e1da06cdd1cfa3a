//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cff;
pub mod sample;
pub mod uhri;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use upr_brief::pipeline::{self, Loaded};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn example_inputs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs")
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The base fixture campaign with some files replaced or added, in a fresh folder.
pub struct Campaign {
    pub dir: tempfile::TempDir,
}

impl Campaign {
    pub fn base_with(files: &[(&str, &str)]) -> Campaign {
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("inputs");
        copy_dir(&fixtures().join("base"), &inputs);
        for (rel, text) in files {
            let path = inputs.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        Campaign { dir }
    }

    /// The base campaign with `n` more copies of its France meeting
    /// (`meetings/2024-03-21-france-<i>.yaml`): as many meetings as a test
    /// needs.
    pub fn with_france_copies(n: usize) -> Campaign {
        let c = Campaign::base_with(&[]);
        let meeting =
            fs::read_to_string(c.inputs().join("meetings/2024-03-21-france.yaml")).unwrap();
        for i in 0..n {
            let name = format!("meetings/2024-03-21-france-{i:03}.yaml");
            fs::write(c.inputs().join(name), &meeting).unwrap();
        }
        c
    }

    /// The base campaign with its two meetings replaced by the marked ones
    /// of `tests/fixtures/marked` (see [`marked`]), and `files` on top.
    pub fn marked_with(files: &[(&str, &str)]) -> Campaign {
        let c = Campaign::base_with(&[]);
        copy_dir(&fixtures().join("marked"), &c.inputs());
        for (rel, text) in files {
            fs::write(c.inputs().join(rel), text).unwrap();
        }
        c
    }

    pub fn inputs(&self) -> PathBuf {
        self.dir.path().join("inputs")
    }

    pub fn load(&self) -> Loaded {
        pipeline::load(
            &self.inputs(),
            None,
            chrono::NaiveDate::from_ymd_opt(2024, 4, 20).unwrap(),
        )
        .unwrap()
    }
}

/// Runs an independent tool (poppler, qpdf, ...) and returns its output;
/// `None` when it is not installed, unless `UPR_BRIEF_REQUIRE_TOOLS` is set
/// (as CI sets it), where a missing tool fails the test instead of skipping
/// its checks.
pub fn external(cmd: &str, args: &[&str]) -> Option<String> {
    external_with(
        cmd,
        args,
        std::env::var_os("UPR_BRIEF_REQUIRE_TOOLS").is_some(),
    )
}

/// [`external`], with the requirement given.
pub fn external_with(cmd: &str, args: &[&str], required: bool) -> Option<String> {
    let out = match Command::new(cmd).args(args).output() {
        Ok(out) => out,
        Err(e) if required => {
            panic!("{cmd} is required here (UPR_BRIEF_REQUIRE_TOOLS) but cannot run: {e}")
        }
        Err(_) => {
            eprintln!("{cmd} is not installed: skipping its checks");
            return None;
        }
    };
    assert!(out.status.success(), "{cmd} {args:?} failed: {out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text of every page of a PDF, as lopdf extracts it.
pub fn pdf_text_of(bytes: &[u8]) -> String {
    let pdf = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    pdf.extract_text(&pages).unwrap()
}

/// A PDF text string (PDFDocEncoding taken as UTF-8, or UTF-16BE with its
/// byte-order mark) as a `String`.
pub fn pdf_string(obj: &lopdf::Object) -> String {
    let bytes = obj.as_str().expect("a string");
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}

/// The MediaBox of a PDF's first page, in points, rounded.
pub fn first_media_box(pdf: &lopdf::Document) -> Vec<i64> {
    let page = pdf.get_pages()[&1];
    pdf.get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap().round() as i64)
        .collect()
}

/// The text of the PDF at `path`.
pub fn pdf_text(path: &Path) -> String {
    pdf_text_of(&fs::read(path).unwrap())
}

/// Every diagnostic of a run in its one-line form.
pub fn messages(loaded: &Loaded) -> Vec<String> {
    loaded.diags.iter().map(ToString::to_string).collect()
}

/// The tool, as a command to add arguments to.
pub fn tool() -> Command {
    Command::new(env!("CARGO_BIN_EXE_upr-brief"))
}

/// Runs `cmd`; returns the exit code and stdout followed by stderr.
pub fn run(cmd: &mut Command) -> (i32, String) {
    let o = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code().unwrap_or(-1), text)
}

/// Runs `upr-brief build` with a fixed `SOURCE_DATE_EPOCH` (20 April 2024);
/// returns the exit code and stdout followed by stderr.
pub fn build(inputs: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    run(tool()
        .arg("build")
        .arg("--inputs")
        .arg(inputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", "1713571200"))
}

/// Builds the multi-script campaign (`tests/fixtures/scripts`) into `out`
/// with `extra` flags. Its fonts beyond Noto Sans come from the system:
/// without them the build stops with no-glyph errors, and this gives `None`
/// (the caller skips) unless `UPR_BRIEF_REQUIRE_TOOLS` is set.
pub fn build_scripts(out: &Path, extra: &[&str]) -> Option<()> {
    let (code, log) = build(&fixtures().join("scripts"), out, extra);
    if code == 1
        && log.contains("no-glyph")
        && std::env::var_os("UPR_BRIEF_REQUIRE_TOOLS").is_none()
    {
        eprintln!("the fonts for these scripts are not installed: skipping\n{log}");
        return None;
    }
    assert_eq!(code, 0, "{log}");
    Some(())
}

/// The marked meetings of `tests/fixtures/marked`: each field of the France
/// (tag `FR`) and FOC (tag `FOC`) meetings holds a marker made of the field
/// and the tag, e.g. `TALKFR`, `ASKFOC`, `PERSONFR`; France has a second
/// person, `OTHERFR`. France is held, the FOC meeting planned.
pub mod marked {
    pub const FRANCE: &str = "2024-03-21-france";
    pub const FOC: &str = "2024-03-19-foc";

    /// The e-mail addresses of a meeting's people.
    pub fn emails(tag: &str) -> Vec<&'static str> {
        match tag {
            "FR" => vec!["personfr@example.org", "otherfr@example.org"],
            _ => vec!["personfoc@example.org"],
        }
    }

    /// What only the summary may show of a meeting: its talking points,
    /// outcome, follow-up, internal notes and its people's addresses.
    pub fn internal(tag: &str) -> Vec<String> {
        ["TALK", "OUTCOME", "FOLLOW", "NOTES"]
            .iter()
            .map(|m| format!("{m}{tag}"))
            .chain(emails(tag).into_iter().map(String::from))
            .collect()
    }

    /// What a meeting's own pack shows and no other pack may: its asks and
    /// its people's names.
    pub fn own(tag: &str) -> Vec<String> {
        let mut v = vec![format!("ASK{tag}"), format!("PERSON{tag}")];
        if tag == "FR" {
            v.push("OTHERFR".into());
        }
        v
    }
}

/// One run of text as a PDF draws it: where, in which size and fill colour.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfRun {
    /// Page number, from 1.
    pub page: u32,
    pub x: f32,
    pub y: f32,
    pub size: f32,
    /// The fill colour as six hex digits, e.g. `1F3A5F`.
    pub color: String,
    pub text: String,
}

/// Every text run of a PDF, read from its content streams with lopdf: the
/// `Tf`, `rg` and text position (`Tm`, or `Td` from the line start, which
/// `BT` resets) at each `Tj`/`TJ`, the text decoded through the font's
/// ToUnicode map.
pub fn pdf_runs(bytes: &[u8]) -> Vec<PdfRun> {
    use lopdf::Object;
    let pdf = lopdf::Document::load_mem(bytes).unwrap();
    let number = |o: &Object| o.as_float().unwrap();
    let mut runs = Vec::new();
    for (page, id) in pdf.get_pages() {
        let fonts = pdf.get_page_fonts(id).unwrap();
        let content = lopdf::content::Content::decode(&pdf.get_page_content(id)).unwrap();
        let (mut font, mut size, mut color, mut x, mut y) =
            (Vec::new(), 0.0, String::from("000000"), 0.0, 0.0);
        for op in &content.operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "Tf" => {
                    font = o[0].as_name().unwrap().to_vec();
                    size = number(&o[1]);
                }
                "rg" => {
                    color = o
                        .iter()
                        .map(|c| format!("{:02X}", (number(c) * 255.0).round() as u8))
                        .collect();
                }
                "BT" => {
                    x = 0.0;
                    y = 0.0;
                }
                "Tm" => {
                    x = number(&o[4]);
                    y = number(&o[5]);
                }
                "Td" => {
                    x += number(&o[0]);
                    y += number(&o[1]);
                }
                "Tj" | "TJ" => {
                    let encoding = fonts[&font].get_font_encoding(&pdf).unwrap();
                    let strings: Vec<&Object> = match &o[0] {
                        Object::Array(items) => items.iter().collect(),
                        s => vec![s],
                    };
                    let text: String = strings
                        .into_iter()
                        .filter_map(|s| s.as_str().ok())
                        .map(|s| lopdf::Document::decode_text(&encoding, s).unwrap())
                        .collect();
                    runs.push(PdfRun {
                        page,
                        x,
                        y,
                        size,
                        color: color.clone(),
                        text,
                    });
                }
                _ => {}
            }
        }
    }
    runs
}
