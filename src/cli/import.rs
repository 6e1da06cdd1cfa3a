//! `upr-brief import uhri FILE.xlsx`: earlier recommendations to the state
//! under review, from an export of the UN's Universal Human Rights Index,
//! into the recommending states' files (see `import::store`).

use std::fs;
use std::path::{Path, PathBuf};

use super::{count, exit, failure, print_diagnostics, report};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::import::store::{self, ChangeKind, Plan};
use crate::import::uhri;
use crate::render::Templates;
use crate::source::Sources;
use crate::{ingest, normalize, output};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Earlier recommendations from an export of the Universal Human Rights
    /// Index (uhri.ohchr.org, "Export to Excel") into
    /// `states/imported/<code>.uhri.yaml`, one file per recommending state.
    Uhri(UhriArgs),
}

#[derive(Debug, clap::Args)]
pub struct UhriArgs {
    /// The exported workbook (.xlsx).
    #[arg(value_name = "FILE.xlsx")]
    pub file: PathBuf,
    /// The campaign's inputs folder.
    #[arg(long, value_name = "DIR", default_value = "inputs")]
    pub inputs: PathBuf,
    /// Print what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(command: &Command) -> u8 {
    match command {
        Command::Uhri(args) => uhri_command(args),
    }
}

fn uhri_command(args: &UhriArgs) -> u8 {
    let shown = args.file.display().to_string();
    let bytes = match fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => return failure(&format!("cannot read {shown}"), &e),
    };
    // The campaign first: its state under review, cycle and themes.
    let mut diags = Diagnostics::default();
    let loaded = ingest::ingest(&args.inputs, &mut diags).and_then(|mut inputs| {
        let dir = Path::new("templates");
        let templates = Templates::load(
            Some(dir).filter(|dir| dir.is_dir()),
            &mut inputs.sources,
            &mut diags,
        )?;
        Ok((inputs, templates))
    });
    let (inputs, templates) = match loaded {
        Ok(l) => l,
        Err(e) => return failure("cannot read the inputs", &e),
    };
    let campaign = normalize::normalize(&inputs, &templates.languages(), &mut diags);
    if diags.has_errors() {
        let errors = diags.errors();
        let only_errors: Vec<Diagnostic> = diags
            .sorted()
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        print_diagnostics(&only_errors, &inputs.sources);
        eprintln!(
            "{errors} errors in {}: nothing imported (`upr-brief check` lists every problem)",
            args.inputs.display()
        );
        return exit::INVALID;
    }
    let Some(campaign) = campaign else {
        return exit::INVALID;
    };

    let mut diags = Diagnostics::default();
    let export = match uhri::read(&bytes, &shown, &mut diags) {
        Ok(export) => export,
        Err(unreadable) => {
            print_diagnostics(&[*unreadable], &Sources::default());
            eprintln!("{shown} cannot be read: nothing imported");
            return exit::FAILURE;
        }
    };
    if diags.has_errors() {
        let errors = diags.errors();
        report(diags, &Sources::default());
        eprintln!("{errors} errors in {shown}: nothing imported");
        return exit::INVALID;
    }
    let plan = store::plan(&campaign, &inputs, &export);
    summary(&shown, &export, &plan, &campaign.state_under_review);
    warnings(&plan, &shown, &mut diags);
    report(diags, &Sources::default());

    let mut written = 0;
    for change in plan.changes.iter().filter(|c| c.changes()) {
        describe(change, args.dry_run);
        if args.dry_run {
            continue;
        }
        let path = args.inputs.join(&change.rel);
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Err(e) = fs::create_dir_all(dir)
            .and_then(|()| output::write_atomic(dir, name, change.new.as_bytes()))
        {
            return failure(&format!("cannot write {}", path.display()), &e);
        }
        written += 1;
    }
    let same = plan.changes.iter().filter(|c| !c.changes()).count();
    if args.dry_run {
        let n = plan.changes.iter().filter(|c| c.changes()).count();
        println!(
            "dry run: {} would change, {same} unchanged; nothing written",
            count(n, "file", "files")
        );
    } else {
        println!(
            "{} written, {same} unchanged",
            count(written, "file", "files")
        );
    }
    exit::OK
}

/// What the export held and what the import takes from it.
fn summary(shown: &str, export: &uhri::Export, plan: &Plan, sur: &str) {
    // Each count with its noun, singular and plural.
    let left = [
        (
            export.not_upr,
            "row without a recommending state (not the UPR's)",
            "rows without a recommending state (not the UPR's)",
        ),
        (
            export.no_position,
            "recommendation without a position yet",
            "recommendations without a position yet",
        ),
        (
            plan.other_state,
            "recommendation to other states",
            "recommendations to other states",
        ),
        (
            plan.not_earlier,
            "recommendation of this review's cycle or later",
            "recommendations of this review's cycle or later",
        ),
        (
            plan.in_profile,
            "recommendation the profiles already have",
            "recommendations the profiles already have",
        ),
        (
            plan.by_reviewed,
            "recommendation whose only recommending state is the one under review",
            "recommendations whose only recommending state is the one under review",
        ),
    ];
    // Each row is imported or left out for one reason.
    println!(
        "read {shown}: sheet \"{}\", {}: {} imported as earlier recommendations to {sur}, {} left out",
        export.sheet,
        count(export.rows, "recommendation", "recommendations"),
        plan.used,
        left.iter().map(|(n, _, _)| n).sum::<usize>()
    );
    for (n, one, many) in left.iter().filter(|(n, _, _)| *n > 0) {
        println!("left out: {}", count(*n, one, many));
    }
}

/// The warnings of an import: themes no campaign theme declares (each once)
/// and partial positions taken as noted.
fn warnings(plan: &Plan, shown: &str, diags: &mut Diagnostics) {
    if !plan.unmapped.is_empty() {
        let list: Vec<String> = plan
            .unmapped
            .iter()
            .map(|(t, n)| format!("\"{t}\" ({n})"))
            .collect();
        diags.push(
            Diagnostic::warning(
                Code::UnmappedTheme,
                format!(
                    "{} by any campaign theme, so the recommendations with them get no theme from them: {}",
                    count(
                        plan.unmapped.len(),
                        "Index theme is not declared",
                        "Index themes are not declared"
                    ),
                    list.join(", ")
                ),
            )
            .in_file(shown)
            .with_hint("add them to a theme's `uhri:` list in recommendations/*.yaml; the next build uses them, no new import needed"),
        );
    }
    if plan.partial > 0 {
        diags.push(
            Diagnostic::warning(
                Code::PartialPosition,
                format!(
                    "{} partly supported (\"Supported/Noted\"); they are imported as noted",
                    count(plan.partial, "recommendation was", "recommendations were")
                ),
            )
            .in_file(shown)
            .with_hint("a pack never says supported for what was supported only in part"),
        );
    }
}

/// One line per changed file; a dry run also lists the entries.
fn describe(change: &store::Change, dry_run: bool) {
    let verb = if dry_run { "would write" } else { "wrote" };
    let rel = change.rel.display();
    match &change.kind {
        ChangeKind::Profile { name } => {
            println!("{verb} {rel}: new profile for {} ({name})", change.code)
        }
        ChangeKind::Imported {
            added,
            updated,
            unchanged,
            kept,
            removed,
        } => {
            let removed_n = if removed.is_empty() {
                String::new()
            } else {
                format!(", {} removed (now in the profile)", removed.len())
            };
            println!(
                "{verb} {rel}: {} added, {} updated, {unchanged} unchanged, {kept} kept from earlier imports{removed_n}",
                added.len(),
                updated.len()
            );
            if dry_run {
                for a in added {
                    println!("  + {a}");
                }
                for u in updated {
                    println!("  ~ {u}");
                }
                for r in removed {
                    println!("  - {r}");
                }
            }
        }
    }
}
