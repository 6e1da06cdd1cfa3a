//! The DOCX writer, in parts: `document` builds the document with docx-rs
//! from the model, each paragraph and table written and repaired as it is
//! made; `wordml` repairs what docx-rs writes event by event and adds, as
//! typed values, what docx-rs has no API for; `numbering` and `styles`
//! turn the style sheet into Word numbering and styles; `text` keeps text
//! XML-safe; `package` puts the parts together and `zip` packs them
//! deterministically.
//!
//! docx-rs writes the content types, the package and document
//! relationships, the numbering, font table, header and footer parts, the
//! section properties and the pictures (drawing and media); the styles,
//! settings and core properties are written here from typed values.
//!
//! Fonts cannot be embedded with docx-rs; the Latin slots name the style
//! sheet's `docx_font`, the complex-script and East Asian ones the
//! families of [`ScriptFamilies`] when given.
//!
//! A document in a right-to-left language runs right to left throughout:
//! its paragraph styles and every paragraph are `w:bidi`, its tables
//! `w:bidiVisual`, as the PDF's layout sets them. Whatever the document's
//! direction, a run of right-to-left text is `w:rtl`, and a span in
//! another language than the document's has its own `w:lang`; one in the
//! other direction is set apart as one run in its own direction, with the
//! quotation marks around it, between marks of that direction (LRM, RLM).

mod document;
mod numbering;
mod package;
mod styles;
mod text;
mod wordml;
mod zip;

pub use zip::PartCache;

use super::{ExportError, ScriptFamilies};
use crate::doc::Document;
use crate::doc::style::StyleSheet;

/// Options beyond the document itself.
#[derive(Debug, Clone, Default)]
pub struct DocxOptions {
    /// Written as `dcterms:created` and `dcterms:modified`. `None` writes
    /// 1970-01-01T00:00:00Z, so that the output depends on nothing but the input.
    pub timestamp: Option<chrono::DateTime<chrono::Utc>>,
    /// The families named for complex scripts and East Asian text.
    pub script_fonts: ScriptFamilies,
    /// The fonts the PDF of the same build is set in, which measure table
    /// columns as the PDF does; `None`: the built-in Noto Sans.
    pub fonts: Option<std::sync::Arc<crate::fonts::Fonts>>,
}

impl DocxOptions {
    /// The fonts that measure table columns: the build's, else the
    /// built-in Noto Sans.
    fn fonts_or_builtin(&self) -> &crate::fonts::Fonts {
        self.fonts
            .as_deref()
            .unwrap_or_else(|| crate::fonts::Fonts::builtin())
    }
}

/// Points as twips (1/20 pt), the unit of Word's lengths.
fn twips(points: f32) -> i32 {
    if points.is_finite() {
        (points * 20.0)
            .round()
            .clamp(-31_680.0 * 20.0, 31_680.0 * 20.0) as i32
    } else {
        0
    }
}

/// Writes `doc` as a DOCX file in the look of `style` and returns its bytes.
///
/// The output depends only on the arguments: two calls give identical bytes.
pub fn docx(doc: &Document, style: &StyleSheet) -> Result<Vec<u8>, ExportError> {
    docx_with_options(doc, style, &DocxOptions::default())
}

/// [`docx`] with a fixed creation timestamp or other [`DocxOptions`].
pub fn docx_with_options(
    doc: &Document,
    style: &StyleSheet,
    options: &DocxOptions,
) -> Result<Vec<u8>, ExportError> {
    docx_in_build(doc, style, options, &PartCache::default())
}

/// [`docx_with_options`] for one package of a build: the parts every
/// package of the build shares are deflated once, in `parts`.
pub fn docx_in_build(
    doc: &Document,
    style: &StyleSheet,
    options: &DocxOptions,
    parts: &PartCache,
) -> Result<Vec<u8>, ExportError> {
    let fonts = options.fonts_or_builtin();
    let body = document::body(doc, style, fonts)?;
    package_of(body, doc, style, options, parts)
}

/// The package of `body`, `doc`'s document part, with the styles of
/// `style` in `doc`'s language and direction.
fn package_of(
    body: document::Body,
    doc: &Document,
    style: &StyleSheet,
    options: &DocxOptions,
    parts: &PartCache,
) -> Result<Vec<u8>, ExportError> {
    let styles = styles::styles_xml(
        style,
        &text::word_language(&doc.meta.language),
        doc.direction(),
        &options.script_fonts,
        !body.endnotes.is_empty(),
    );
    package::assemble(body, doc, styles, options, parts)
}

/// The redline of `doc` against `handed_over`, the text of the version
/// handed over: `doc`'s text with Word's tracked changes, made by `author`
/// at `options.timestamp`, which Word's Review pane lists: accepting all
/// gives `doc`'s text, rejecting all the text handed over.
pub fn redline_in_build(
    doc: &Document,
    handed_over: &[crate::doc::text::TextBlock],
    author: &str,
    style: &StyleSheet,
    options: &DocxOptions,
    parts: &PartCache,
) -> Result<Vec<u8>, ExportError> {
    let fonts = options.fonts_or_builtin();
    let diff = crate::doc::diff::diff(handed_over, &crate::doc::text::blocks(doc));
    let revision = document::Revision {
        author: author.to_string(),
        date: options
            .timestamp
            .unwrap_or_default()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
    };
    let body = document::redline_body(doc, style, fonts, &diff, &revision)?;
    package_of(body, doc, style, options, parts)
}
