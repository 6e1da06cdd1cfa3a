//! Any text, as the Markdown a template renders to: the document model and
//! both writers never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upr_brief::doc::style::StyleSheet;
use upr_brief::doc::{Document, Furniture, Metadata};
use upr_brief::export::{PageSize, docx, pdf};
use upr_brief::fonts::Fonts;
use upr_brief::render::markdown;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = Document {
        meta: Metadata { title: text.chars().take(40).collect(), language: "vi".into(), ..Metadata::default() },
        furniture: Furniture { page_label: "{page}/{pages}".into(), ..Furniture::default() },
        blocks: markdown::to_blocks(&text),
    };
    let a4 = StyleSheet::for_page(PageSize::A4);
    let _ = pdf::pdf(pdf::Paged::of(&doc, &a4, Fonts::builtin()), &pdf::PdfOptions::default());
    let _ = docx::docx(&doc, &StyleSheet::for_page(PageSize::Letter));
});
