//! Rendering a build's files, in parallel: each document once, then each
//! of its formats, each file's bytes handed on as soon as they exist.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Watch;
use super::tasks::Task;
use crate::diag::Diagnostic;
use crate::doc::Document;
use crate::export::{self, ExportError, ExportOptions, Format};

/// Which document a file is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Product {
    Pack(usize),
    /// The redline of a pack against its last handover
    /// (`changes/<id>.pdf`, `.docx`).
    Redline(usize),
    Summary,
    Submission,
    /// The advance questions (`questions.pdf`, `.docx`).
    Questions,
    /// A speaker's script (`statements/<id>.pdf`, `.docx`), set in the
    /// style sheet's script look.
    Statement(usize),
    /// `calendar.ics`, written from its view, not from a document.
    Calendar,
}

/// Writes the redline of pack `i` in a format from its current document.
pub(super) type Redline<'a> =
    dyn Fn(usize, &Document, Format, &ExportOptions) -> Result<Vec<u8>, Failed> + Sync + 'a;

/// Why the files could not be rendered.
pub(super) enum Failed {
    /// A template failed for a document (reported once, as it would repeat).
    Template(Box<Diagnostic>),
    /// A writer failed for a file.
    Export { file: String, error: ExportError },
    /// A file's bytes could not be written aside.
    SetAside { file: String, error: std::io::Error },
}

/// Every document file in `todo` (those with a format; the calendar is
/// its caller's), in `todo`'s order, rendered in parallel: each document
/// once (from `document`), then its formats, the second beside the first
/// when a thread is free to take it (in a full build the other threads are
/// busy with packs and take it late, if at all), and each file's bytes
/// handed to `set_aside` as soon as they exist, so that a build never holds
/// them all. The summary is started first so that it does not run alone at
/// the end.
pub(super) fn files<'t, D, K, R>(
    todo: &[&'t Task],
    document: &D,
    redline: &Redline<'_>,
    options: &ExportOptions,
    set_aside: &K,
    watch: &dyn Watch,
) -> Result<Vec<(&'t Task, R)>, Failed>
where
    D: Fn(Product) -> Result<Document, Box<Diagnostic>> + Sync,
    K: Fn(&Task, Vec<u8>) -> Result<R, Failed> + Sync,
    R: Send,
{
    type Group<'t> = Vec<(usize, &'t Task, Format)>;
    let mut groups: BTreeMap<Product, Group<'t>> = BTreeMap::new();
    for (i, t) in todo.iter().enumerate() {
        if let Some(format) = t.format {
            groups.entry(t.product).or_default().push((i, *t, format));
        }
    }
    let mut groups: Vec<(Product, Group<'t>)> = groups.into_iter().collect();
    groups.sort_by_key(|(product, _)| *product != Product::Summary);
    type Files<'t, R> = Vec<(usize, &'t Task, R)>;
    let render_document =
        |product: Product, tasks: &[(usize, &'t Task, Format)]| -> Result<Files<'t, R>, Failed> {
            let doc = document(product).map_err(Failed::Template)?;
            let write = |&(i, t, format): &(usize, &'t Task, Format)| {
                watch.file_started(&t.name);
                // Dated as the task says (a file rendered again from the
                // same content keeps its date).
                // A speaker's script in its own look.
                let script = matches!(product, Product::Statement(_));
                let dated = if options.timestamp == Some(t.date) && !script {
                    Cow::Borrowed(options)
                } else {
                    Cow::Owned(ExportOptions {
                        timestamp: Some(t.date),
                        style: if script {
                            options.style.script()
                        } else {
                            options.style.clone()
                        },
                        ..options.clone()
                    })
                };
                let bytes = match product {
                    Product::Redline(i) => redline(i, &doc, format, &dated),
                    _ => export::write(&doc, format, &dated).map_err(|error| Failed::Export {
                        file: t.name.clone(),
                        error,
                    }),
                };
                let aside = bytes.and_then(|b| set_aside(t, b));
                watch.file_done(&t.name);
                aside.map(|k| (i, t, k))
            };
            // A document's two formats side by side, when a core is free to
            // take the second (after an edit, the summary is most of the work).
            match tasks {
                [first, second] => {
                    let (a, b) = rayon::join(|| write(first), || write(second));
                    Ok(vec![a?, b?])
                }
                _ => tasks.iter().map(write).collect(),
            }
        };
    let mut results: Vec<(Product, Result<Files<'t, R>, Failed>)> = groups
        .par_iter()
        .map(|(product, tasks)| (*product, render_document(*product, tasks)))
        .collect();
    // The first failure in document order, whichever thread met it first.
    results.sort_by_key(|r| r.0);
    let mut files = Vec::with_capacity(todo.len());
    for (_, r) in results {
        files.extend(r?);
    }
    files.sort_by_key(|f| f.0);
    Ok(files.into_iter().map(|(_, t, k)| (t, k)).collect())
}
