//! Writes the test briefing pack to a PDF and reports size and time.
//!
//! `cargo run --release --example pdf_sample -- OUT.pdf [ROWS] [REPEATS]`

#[path = "../tests/integration/common/sample.rs"]
mod sample;

use std::time::Instant;

use upr_brief::doc::style::StyleSheet;
use upr_brief::export::PageSize;
use upr_brief::export::pdf::pdf;
use upr_brief::fonts::Fonts;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = args.get(1).cloned().unwrap_or_else(|| "sample.pdf".into());
    let rows: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(60);
    let repeats: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let letter = args.get(4).is_some_and(|s| s == "letter");
    let size = if letter {
        PageSize::Letter
    } else {
        PageSize::A4
    };
    let doc = sample::sample_document(rows);
    let t0 = Instant::now();
    let fonts = Fonts::builtin();
    let t_fonts = t0.elapsed();
    let style = StyleSheet::for_page(size);
    let first = Instant::now();
    let bytes = pdf(&doc, &style, fonts).expect("pdf");
    let t_first = first.elapsed();
    let start = Instant::now();
    for _ in 0..repeats {
        let again = pdf(&doc, &style, fonts).expect("pdf");
        assert_eq!(again, bytes, "deterministic");
    }
    let per = start.elapsed() / repeats.max(1) as u32;
    std::fs::write(&out, &bytes).expect("write");
    let pages = lopdf::Document::load_mem(&bytes)
        .map(|d| d.get_pages().len())
        .unwrap_or(0);
    println!(
        "{out}: {} bytes, {pages} pages; font parse {t_fonts:?}; first call {t_first:?}; mean of {repeats} calls {per:?}",
        bytes.len()
    );
}
