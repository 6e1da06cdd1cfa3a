//! The scope of a build limited to some meetings (`--only`): the input files
//! their packs are made of. An error in any other file (another meeting, the
//! summary's template, a submission over its word limit) does not stop such
//! a build; it is reported as a warning. A full build stays all-or-nothing.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use chrono::NaiveDate;

use super::plan::{self, Hashes};
use crate::assemble::pack_language;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontSearch;
use crate::normalize::Campaign;
use crate::pipeline::{self, Loaded};
use crate::source::Sources;

/// Why an error outside the scope does not stop the build.
pub const OUTSIDE: &str =
    "not part of the packs this build writes (--only), so it does not stop it";

/// The files the packs of the meetings `only` are made of, by the names
/// their diagnostics carry (`inputs/meetings/...`, a templates folder's own
/// path); empty when none of them is a meeting of `campaign`.
pub fn files(campaign: &Campaign, sources: &Sources, only: &[String]) -> BTreeSet<String> {
    let hashes = Hashes::of(sources);
    let mut rels = BTreeSet::new();
    for meeting in campaign.meetings.iter().filter(|m| only.contains(&m.id)) {
        let lang = pack_language(campaign, meeting);
        rels.extend(plan::pack_inputs(campaign, &hashes, &meeting.id, &lang).into_keys());
    }
    displays(sources, &rels)
}

/// The names diagnostics give the files of `sources` whose paths relative
/// to the inputs folder are `rels`.
fn displays(sources: &Sources, rels: &BTreeSet<String>) -> BTreeSet<String> {
    sources
        .iter()
        .filter(|(_, f)| rels.contains(f.rel.to_string_lossy().as_ref()))
        .map(|(_, f)| f.display.clone())
        .collect()
}

/// Whether `diagnostic` is about a file outside `files`. A diagnostic with no file
/// (a missing inputs folder) is never outside: it concerns every pack.
pub fn outside(diagnostic: &Diagnostic, files: &BTreeSet<String>) -> bool {
    diagnostic.file.as_ref().is_some_and(|f| !files.contains(f))
}

/// [`pipeline::load`] for a build of the packs of the meetings `only` (all
/// when empty), with the fonts searched in `fonts`: errors outside what
/// those packs are made of become warnings.
pub fn load(
    root: &Path,
    templates: Option<&Path>,
    fonts: &FontSearch,
    today: NaiveDate,
    only: &[String],
) -> io::Result<Loaded> {
    if only.is_empty() {
        return pipeline::load_narrowed(root, templates, fonts, today, &pipeline::keep_errors);
    }
    pipeline::load_narrowed(
        root,
        templates,
        fonts,
        today,
        &|campaign, sources, diags| narrow(campaign, sources, only, diags),
    )
}

/// Narrows the errors of a campaign loaded for the meetings `only`: errors
/// outside what their packs are made of become warnings. The other meetings
/// stay in the campaign (their packs are assembled but not written, and
/// their files on disk are kept, not taken for stale). Does nothing when
/// `only` names no meeting of the campaign.
pub fn narrow(campaign: &Campaign, sources: &Sources, only: &[String], diags: &mut Diagnostics) {
    let files = files(campaign, sources, only);
    if files.is_empty() {
        return;
    }
    diags.demote(|_, diagnostic| outside(diagnostic, &files), OUTSIDE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use std::path::PathBuf;

    #[test]
    fn a_diagnostic_is_outside_unless_its_file_is_in_scope() {
        let mut sources = Sources::default();
        for (rel, display) in [
            ("campaign.yaml", "inputs/campaign.yaml"),
            ("meetings/a.yaml", "inputs/meetings/a.yaml"),
            ("meetings/b.yaml", "inputs/meetings/b.yaml"),
            ("templates/pack.md.hbs", "my-templates/pack.md.hbs"),
        ] {
            sources.add(PathBuf::from(rel), display.into(), String::new());
        }
        let rels = ["campaign.yaml", "meetings/a.yaml", "templates/pack.md.hbs"]
            .into_iter()
            .map(String::from)
            .collect();
        let files = displays(&sources, &rels);
        let at = |file: Option<&str>| {
            let mut d = Diagnostic::error(Code::Render, "x");
            d.file = file.map(String::from);
            d
        };
        assert!(!outside(&at(Some("inputs/meetings/a.yaml")), &files));
        assert!(!outside(&at(Some("inputs/campaign.yaml")), &files));
        // A templates folder named anything: its own path.
        assert!(!outside(&at(Some("my-templates/pack.md.hbs")), &files));
        assert!(outside(&at(Some("inputs/meetings/b.yaml")), &files));
        assert!(outside(&at(Some("inputs/meetings/xa.yaml")), &files));
        assert!(!outside(&at(None), &files));
    }
}
