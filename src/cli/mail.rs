//! `upr-brief mail`: one draft e-mail per person met who has an e-mail
//! address, the meeting's pack attached, written to `OUT/mail/`. Nothing is
//! sent.
//!
//! The order follows `build`: inputs and templates are checked and every
//! draft's text rendered first; then the packs are brought up to date by the
//! same incremental build as `build` (for the meetings with a draft only);
//! then each draft is composed around the packs' bytes on disk and written
//! atomically. Drafts this command wrote earlier for people no longer in a
//! meeting are removed, so that nobody is sent a stale draft.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::build::{self, Format};
use super::{InputsArg, TemplatesArg, exit, failure, report};
use crate::assemble::mail::{self as views, Addressed};
use crate::diag::Diagnostic;
use crate::mail::{self, Attachment};
use crate::output;
use crate::pipeline;
use crate::source::YPath;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: InputsArg,
    #[command(flatten)]
    pub templates: TemplatesArg,
    /// Where the packs are built; the drafts go to its `mail` folder.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Attach each pack's DOCX too, beside its PDF.
    #[arg(long)]
    pub docx: bool,
}

/// A draft's recipient and its rendered text.
struct Text {
    to: Addressed,
    subject: String,
    body: String,
}

pub fn run(args: &Args) -> u8 {
    let mut loaded =
        match pipeline::load(&args.inputs.inputs, args.templates.dir(), pipeline::today()) {
            Ok(l) => l,
            Err(e) => return failure("cannot read the inputs", &e),
        };
    let templates = &loaded.templates;
    let sources = &loaded.inputs.sources;
    let (Some(campaign), Some(assembled)) = (&loaded.campaign, &loaded.assembled) else {
        return invalid(loaded.diags, sources);
    };
    if loaded.diags.has_errors() {
        return invalid(loaded.diags, sources);
    }
    let Some(sender) = views::sender(campaign) else {
        let d = Diagnostic::error(
            "no-sender",
            "no coalition member has a contact e-mail address to send the drafts from",
        )
        .with_hint("add `contact: { name: ..., email: ... }` to a member of the coalition");
        let d = match &loaded.inputs.campaign {
            Some(p) => d.at(
                sources,
                sources.locate_key(p.file, &YPath::root().key("coalition")),
            ),
            None => d,
        };
        loaded.diags.push(d);
        return invalid(loaded.diags, sources);
    };

    // Every draft's text, before anything is built or written.
    let mut texts: Vec<Text> = Vec::new();
    for pack in &assembled.packs {
        for to in views::drafts(campaign, pack, &sender) {
            match templates.mail(&to.view, sources) {
                Ok((subject, body)) => texts.push(Text { to, subject, body }),
                Err(d) => {
                    // One template error would repeat for every draft.
                    loaded.diags.push(*d);
                    return invalid(loaded.diags, sources);
                }
            }
        }
    }
    let diags = std::mem::take(&mut loaded.diags);
    report(diags, sources);

    let out = &args.out;
    let dir = out.join("mail");
    if texts.is_empty() {
        println!("no drafts: nobody met has an e-mail address");
        return match remove_stale(&dir, &BTreeSet::new()) {
            Ok(_) => exit::OK,
            Err(e) => failure("cannot remove an old draft", &e),
        };
    }

    // The packs on disk are the ones the inputs give.
    let mut formats = vec![Format::Pdf];
    if args.docx {
        formats.push(Format::Docx);
    }
    let only: BTreeSet<&str> = texts.iter().map(|t| t.to.view.id.as_str()).collect();
    let code = build::run(&build::Args {
        inputs: InputsArg {
            inputs: args.inputs.inputs.clone(),
        },
        templates: TemplatesArg {
            templates: args.templates.templates.clone(),
        },
        out: out.clone(),
        format: formats.clone(),
        only: only.iter().map(|s| s.to_string()).collect(),
        jobs: None,
        force: false,
        quiet: true,
        warnings: false,
    });
    if code != exit::OK {
        return code;
    }

    if let Err(e) = fs::create_dir_all(&dir) {
        return failure(&format!("cannot create {}", dir.display()), &e);
    }
    let date = mail::draft_date(pipeline::source_date_epoch());
    let mut written = BTreeSet::new();
    for text in &texts {
        let id = &text.to.view.id;
        let mut attachments = Vec::new();
        for format in &formats {
            let name = format!("{id}.{}", format.extension());
            match fs::read(out.join(&name)) {
                Ok(bytes) => attachments.push(Attachment {
                    content_type: Attachment::content_type_of(&name),
                    file_name: name,
                    bytes,
                }),
                Err(e) => {
                    return failure(&format!("cannot read {}", out.join(&name).display()), &e);
                }
            }
        }
        let draft = match mail::compose(
            &text.to,
            &sender,
            &text.subject,
            &text.body,
            &attachments,
            date,
        ) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {id}: person {}: {e}", text.to.number);
                return exit::INVALID;
            }
        };
        if let Err(e) = output::write_atomic(&dir, &draft.file_name, &draft.bytes) {
            return failure(&format!("cannot write {}", draft.file_name), &e);
        }
        println!(
            "wrote {} (to {})",
            dir.join(&draft.file_name).display(),
            draft.to
        );
        if draft.oversized() {
            eprintln!(
                "warning: {}: the attachments total {:.1} MB, more than {} MB; mail servers may refuse the message",
                dir.join(&draft.file_name).display(),
                draft.attachment_bytes as f64 / 1e6,
                mail::ATTACHMENTS_WARN_BYTES / 1_000_000,
            );
        }
        written.insert(draft.file_name);
    }
    if let Err(e) = remove_stale(&dir, &written) {
        return failure("cannot remove an old draft", &e);
    }
    exit::OK
}

fn invalid(diags: crate::diag::Diagnostics, sources: &crate::source::Sources) -> u8 {
    let errors = diags.errors();
    report(diags, sources);
    eprintln!("{errors} errors: nothing written");
    exit::INVALID
}

/// Removes the drafts in `dir` (files named `<meeting-id>--<n>.eml`) that
/// this run did not write: their person or meeting is gone, or has lost
/// the e-mail address.
fn remove_stale(dir: &Path, written: &BTreeSet<String>) -> std::io::Result<usize> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(0);
    };
    let mut stale = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_draft_name(&name) && !written.contains(&name) && entry.file_type()?.is_file() {
            stale.push(entry.path());
        }
    }
    stale.sort();
    for path in &stale {
        fs::remove_file(path)?;
        println!("removed {}", path.display());
    }
    Ok(stale.len())
}

/// `<meeting-id>--<n>.eml`, the names of drafts.
fn is_draft_name(name: &str) -> bool {
    name.strip_suffix(".eml")
        .and_then(|s| s.rsplit_once("--"))
        .is_some_and(|(id, n)| {
            !id.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_names() {
        assert!(is_draft_name("2024-03-21-france--1.eml"));
        assert!(is_draft_name("x--12.eml"));
        assert!(!is_draft_name("notes.eml"));
        assert!(!is_draft_name("x--.eml"));
        assert!(!is_draft_name("x--1.pdf"));
        assert!(!is_draft_name("--1.eml"));
    }
}
