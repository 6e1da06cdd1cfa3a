//! Writes the test suite's sample briefing pack as DOCX and reports the time
//! per document: `cargo run --release --example docx_sample -- out.docx [a4|letter]`.

#[path = "../tests/integration/common/sample.rs"]
mod sample;

use std::time::Instant;

use upr_brief::doc::style::StyleSheet;
use upr_brief::export::PageSize;
use upr_brief::export::docx::docx;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "sample.docx".into());
    let page = match args.next().as_deref() {
        Some("letter") => PageSize::Letter,
        _ => PageSize::A4,
    };
    let doc = sample::sample();
    let bytes = docx(&doc, &StyleSheet::for_page(page))?;
    let runs = 50;
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(docx(
            std::hint::black_box(&doc),
            &StyleSheet::for_page(page),
        )?);
    }
    let per_doc = start.elapsed() / runs;
    std::fs::write(&out, &bytes)?;
    println!("{out}: {} bytes, {per_doc:?} per document", bytes.len());
    Ok(())
}
