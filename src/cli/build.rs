//! `upr-brief build`: every pack as PDF and DOCX, and the manifest.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use super::{InputsArg, TemplatesArg, exit, failure, report};
use crate::doc::Document;
use crate::export::{self, PageSize};
use crate::fonts::Fonts;
use crate::layout::page::Theme;
use crate::normalize::{self, Campaign};
use crate::output::{self, Manifest};
use crate::pipeline::{self, Loaded};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: InputsArg,
    #[command(flatten)]
    pub templates: TemplatesArg,
    /// Where the packs are written.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Which formats to write.
    #[arg(long, value_delimiter = ',', default_value = "pdf,docx")]
    pub format: Vec<Format>,
    /// Build only this meeting's pack (repeatable).
    #[arg(long, value_name = "MEETING_ID")]
    pub only: Vec<String>,
    /// Print only errors and the final line.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &Args) -> u8 {
    let loaded = match pipeline::load_and_render(
        &args.inputs.inputs,
        args.templates.dir(),
        pipeline::today(),
    ) {
        Ok(l) => l,
        Err(e) => return failure("cannot read the inputs", &e),
    };
    if loaded.diags.has_errors() || loaded.campaign.is_none() {
        let errors = loaded.diags.errors();
        report(loaded.diags, &loaded.inputs.sources);
        eprintln!("{errors} errors: nothing written");
        return exit::INVALID;
    }
    let Loaded {
        inputs,
        campaign,
        assembled,
        documents,
        diags,
    } = loaded;
    let campaign = campaign.expect("checked above");
    let packs = assembled.map(|a| a.packs).unwrap_or_default();
    for id in &args.only {
        if !packs.iter().any(|p| &p.id == id) {
            let known: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
            eprintln!(
                "error: --only {id}: no meeting has this id (known: {})",
                known.join(", ")
            );
            return exit::USAGE;
        }
    }
    if !args.quiet {
        report(diags, &inputs.sources);
    }
    if let Err(e) = fs::create_dir_all(&args.out) {
        return failure(&format!("cannot create {}", args.out.display()), &e);
    }
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let mut manifest = Manifest::read(&args.out);
    manifest.tool = format!("upr-brief {}", env!("CARGO_PKG_VERSION"));
    let mut written = 0;
    for (pack, doc) in packs.iter().zip(&documents) {
        if !args.only.is_empty() && !args.only.contains(&pack.id) {
            continue;
        }
        let deps = pack_inputs(&campaign, &inputs.sources, &pack.id, &pack.language);
        for &format in &formats {
            let name = format!("{}.{}", pack.id, format.extension());
            let bytes = match write_format(doc, format, page_size(&campaign)) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {name}: {e}");
                    return exit::FAILURE;
                }
            };
            if let Err(e) = output::write_atomic(&args.out, &name, &bytes) {
                return failure(&format!("cannot write {name}"), &e);
            }
            if !args.quiet {
                println!("wrote {}", args.out.join(&name).display());
            }
            manifest.outputs.insert(
                name,
                output::Output {
                    sha256: output::sha256(&bytes),
                    inputs: deps.clone(),
                },
            );
            written += 1;
        }
    }
    if let Err(e) = manifest.write(&args.out) {
        return failure("cannot write the manifest", &e);
    }
    println!("wrote {written} files to {}", args.out.display());
    exit::OK
}

fn page_size(c: &Campaign) -> PageSize {
    match c.page_size {
        normalize::PageSize::A4 => PageSize::A4,
        normalize::PageSize::Letter => PageSize::Letter,
    }
}

/// The bytes of `doc` in `format`. Dates inside the files come from
/// `SOURCE_DATE_EPOCH` when set, else the epoch: never from the clock.
fn write_format(
    doc: &Document,
    format: Format,
    page: PageSize,
) -> Result<Vec<u8>, export::ExportError> {
    let epoch = pipeline::source_date_epoch();
    match format {
        Format::Docx => {
            let options = export::docx::DocxOptions {
                timestamp: epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)),
            };
            export::docx::docx_with_options(doc, page, &options)
        }
        Format::Pdf => {
            let options = export::pdf::PdfOptions {
                creation_date: epoch,
            };
            let theme = Theme::for_page(page);
            export::pdf::pdf_with_options(doc, page, &theme, Fonts::builtin(), &options)
        }
    }
}

/// The files a pack is made from: campaign.yaml, its meeting, its
/// counterpart's profile, every recommendations file, its template and
/// language file; each with its SHA-256.
fn pack_inputs(
    campaign: &Campaign,
    sources: &crate::source::Sources,
    id: &str,
    lang: &str,
) -> BTreeMap<String, String> {
    let meeting = campaign.meetings.iter().find(|m| m.id == id);
    let counterpart = meeting.and_then(|m| match &m.counterpart.party {
        normalize::Party::State(code) => campaign.states.get(code).map(|s| s.file.clone()),
        normalize::Party::Organization(o) => campaign.organizations.get(o).map(|o| o.file.clone()),
    });
    let wanted = |rel: &std::path::Path| {
        let r = rel.to_string_lossy();
        r == "campaign.yaml"
            || r.starts_with("recommendations/")
            || meeting.is_some_and(|m| m.file == rel)
            || counterpart.as_deref() == Some(rel)
            || r == "templates/pack.md.hbs"
            || r == format!("templates/i18n/{lang}.yaml")
    };
    sources
        .iter()
        .filter(|(_, f)| wanted(&f.rel))
        .map(|(_, f)| {
            (
                f.rel.to_string_lossy().into_owned(),
                output::sha256(f.text.as_bytes()),
            )
        })
        .collect()
}
