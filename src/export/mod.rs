//! One writer per output format. Each takes a [`Document`] and returns the
//! file's bytes; none of them touches the file system. [`write()`] picks the
//! writer for a [`Format`].

pub(crate) mod deflate;
pub mod docx;
pub mod eml;
pub mod ics;
pub mod pdf;
pub(crate) mod xml;

use std::fmt;
use std::sync::Arc;

use crate::doc::Document;
use crate::doc::style::StyleSheet;
use crate::fonts::Fonts;

pub use crate::doc::style::PageSize;

/// An output format: the file type a [`Document`] is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    /// Every format, in the order outputs are listed.
    pub const ALL: [Format; 2] = [Format::Pdf, Format::Docx];

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// The IANA media type, as in an e-mail attachment's `Content-Type`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }
}

/// How every file of a build is written, whatever its format: the look
/// (which names the paper), the fonts and the date inside the file.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Every visual decision, shared by both formats.
    pub style: StyleSheet,
    /// The creation and modification date, in seconds since the Unix epoch
    /// (the build's time, or `SOURCE_DATE_EPOCH`). `None` writes the epoch
    /// itself, so that the output depends on nothing but the input.
    pub timestamp: Option<i64>,
    /// The fonts text is set in (the PDF embeds them).
    pub fonts: Arc<Fonts>,
    /// The font families the PDF uses beyond Latin, for a DOCX to name.
    pub script_fonts: ScriptFamilies,
    /// The DOCX parts every package of the build shares, deflated once.
    pub docx_parts: docx::PartCache,
}

impl PartialEq for ExportOptions {
    /// Fonts are equal when they are the same set (they are chosen once a build).
    fn eq(&self, other: &Self) -> bool {
        self.style == other.style
            && self.timestamp == other.timestamp
            && Arc::ptr_eq(&self.fonts, &other.fonts)
            && self.script_fonts == other.script_fonts
    }
}

/// The families of the fonts used for complex scripts (Arabic, Hebrew,
/// Indic, Thai…) and East Asian text, by name: a DOCX names them in its
/// `w:cs` and `w:eastAsia` font slots. `None` leaves a slot to the reader's
/// default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScriptFamilies {
    pub complex: Option<String>,
    pub east_asian: Option<String>,
}

impl ScriptFamilies {
    /// The families `fonts` sets complex scripts and East Asian text in:
    /// the one chosen for Han (else kana, else Hangul) is East Asian; the
    /// first other fallback family is the complex scripts' one.
    pub fn of(fonts: &Fonts) -> ScriptFamilies {
        use unicode_script::Script;
        let east = [
            Script::Han,
            Script::Hiragana,
            Script::Katakana,
            Script::Hangul,
        ];
        let east_asian = east.iter().find_map(|&s| fonts.family_name_for(s));
        let complex = fonts
            .families()
            .iter()
            .skip(1)
            .map(|f| f.name())
            .find(|&name| Some(name) != east_asian);
        ScriptFamilies {
            complex: complex.map(str::to_string),
            east_asian: east_asian.map(str::to_string),
        }
    }
}

impl ExportOptions {
    /// The options for `page`-sized paper, dated `timestamp`: the one place
    /// that picks the style sheet for a page size.
    pub fn for_page(page: PageSize, timestamp: Option<i64>) -> ExportOptions {
        ExportOptions {
            style: StyleSheet::for_page(page),
            timestamp,
            fonts: Arc::new(Fonts::builtin().clone()),
            script_fonts: ScriptFamilies::default(),
            docx_parts: docx::PartCache::default(),
        }
    }

    /// What the DOCX writer takes of these options.
    fn docx(&self) -> docx::DocxOptions {
        docx::DocxOptions {
            timestamp: self
                .timestamp
                .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0)),
            script_fonts: self.script_fonts.clone(),
            fonts: Some(self.fonts.clone()),
        }
    }

    /// These options with `fonts` instead of the built-in ones alone.
    pub fn with_fonts(self, fonts: Arc<Fonts>) -> ExportOptions {
        ExportOptions {
            script_fonts: ScriptFamilies::of(&fonts),
            fonts,
            ..self
        }
    }
}

/// The bytes of `doc` written as `format` with `options`.
pub fn write(
    doc: &Document,
    format: Format,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Pdf => {
            let pdf_options = pdf::PdfOptions {
                creation_date: options.timestamp,
            };
            let laid = pdf::Paged::of(doc, &options.style, &options.fonts);
            pdf::pdf(laid, &pdf_options)
        }
        Format::Docx => {
            let docx_options = options.docx();
            docx::docx_in_build(doc, &options.style, &docx_options, &options.docx_parts)
        }
    }
}

/// The redline DOCX of `doc` against `handed_over`, the text of the
/// version handed over, its tracked changes by `author` at the options'
/// time (see `docx::redline_in_build`).
pub fn redline_docx(
    doc: &Document,
    handed_over: &[crate::doc::text::TextBlock],
    author: &str,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let docx_options = options.docx();
    docx::redline_in_build(
        doc,
        handed_over,
        author,
        &options.style,
        &docx_options,
        &options.docx_parts,
    )
}

/// A writer could not produce its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    pub format: &'static str,
    pub message: String,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.format, self.message)
    }
}

impl std::error::Error for ExportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_has_its_extension_and_media_type() {
        assert_eq!(Format::Pdf.extension(), "pdf");
        assert_eq!(Format::Docx.extension(), "docx");
        assert_eq!(Format::Pdf.media_type(), "application/pdf");
        assert_eq!(
            Format::Docx.media_type(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(Format::ALL, [Format::Pdf, Format::Docx]);
    }

    #[test]
    fn write_dispatches_to_the_writer_of_the_format() {
        let doc = Document::default();
        let options = ExportOptions::for_page(PageSize::A4, Some(0));
        let pdf = write(&doc, Format::Pdf, &options).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let docx = write(&doc, Format::Docx, &options).unwrap();
        assert!(docx.starts_with(b"PK"));
    }

    #[test]
    fn the_page_size_decides_the_style_sheet() {
        let a4 = ExportOptions::for_page(PageSize::A4, None);
        let letter = ExportOptions::for_page(PageSize::Letter, None);
        assert_eq!(a4.style, StyleSheet::for_page(PageSize::A4));
        assert_eq!(letter.style, StyleSheet::for_page(PageSize::Letter));
        assert_ne!(a4.style, letter.style);
    }
}
