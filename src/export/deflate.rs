//! Deflate compression, as a zlib stream (RFC 1950, for PDF streams) or
//! raw (RFC 1951, for ZIP entries), with one compressor per thread and
//! kind, reset between uses.
//!
//! A fresh compressor allocates and clears about 300 KB of window and hash
//! tables; a build deflates thousands of streams, most of them a few
//! kilobytes, so setting one up each time cost more than compressing.
//! Resetting keeps the allocation; the output is the same bytes a fresh
//! compressor writes.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

thread_local! {
    /// The compressors of this thread, by level and zlib header (a few).
    static COMPRESSORS: RefCell<Vec<((u32, bool), Compress)>> = const { RefCell::new(Vec::new()) };
}

/// `data` as a zlib stream at `level` (0–9).
pub fn zlib(data: &[u8], level: u32) -> Vec<u8> {
    deflate(data, level, true)
}

/// `data` as raw deflate data at `level` (0–9), as a ZIP entry holds it.
pub fn raw(data: &[u8], level: u32) -> Vec<u8> {
    deflate(data, level, false)
}

fn deflate(data: &[u8], level: u32, header: bool) -> Vec<u8> {
    let level = level.min(9);
    let kind = (level, header);
    let fresh = || Compress::new(Compression::new(level), header);
    COMPRESSORS.with(|cell| {
        let Ok(mut all) = cell.try_borrow_mut() else {
            // Re-entered on this thread (cannot happen today): a fresh one.
            return run(&mut fresh(), data, header);
        };
        let at = match all.iter().position(|(k, _)| *k == kind) {
            Some(at) => at,
            None => {
                all.push((kind, fresh()));
                all.len() - 1
            }
        };
        let z = &mut all[at].1;
        z.reset();
        run(z, data, header)
    })
}

fn run(z: &mut Compress, data: &[u8], header: bool) -> Vec<u8> {
    // Deflate's worst case is a few bytes per 16 KB block over the input.
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
        let input = data.get(consumed..).unwrap_or_default();
        if out.capacity() - out.len() < 64 {
            out.reserve(data.len() / 4 + 64);
        }
        match z.compress_vec(input, &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return out,
            Ok(Status::Ok | Status::BufError) => out.reserve(data.len() / 4 + 64),
            // The compressor is in a bad state: start over with a fresh one.
            Err(_) => {
                return run(
                    &mut Compress::new(Compression::new(6), header),
                    data,
                    header,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn fresh(data: &[u8], level: u32) -> Vec<u8> {
        run(
            &mut Compress::new(Compression::new(level), true),
            data,
            true,
        )
    }

    #[test]
    fn a_reused_compressor_writes_what_a_fresh_one_does() {
        let big: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let inputs: [&[u8]; 4] = [b"", b"BT /F1 12 Tf (Hello) Tj ET", &big, b"again"];
        // Twice over: the second round reuses compressors with a history.
        for _ in 0..2 {
            for level in [1, 6] {
                for data in inputs {
                    let z = zlib(data, level);
                    assert!(inflate(&z) == data, "level {level}: does not round-trip");
                    assert!(
                        z == fresh(data, level),
                        "level {level}, {} bytes: differs from a fresh compressor",
                        data.len()
                    );
                }
            }
        }
    }

    #[test]
    fn raw_deflate_has_no_zlib_header_and_inflates() {
        let data = b"<w:p><w:r><w:t>Hello</w:t></w:r></w:p>".repeat(50);
        let z = raw(&data, 6);
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(&z[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, data);
        // The same data between a zlib stream's header and checksum.
        let wrapped = zlib(&data, 6);
        assert_eq!(&wrapped[2..wrapped.len() - 4], &z[..]);
    }

    #[test]
    fn incompressible_data_round_trips() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let noise: Vec<u8> = (0..100_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        let z = zlib(&noise, 6);
        assert!(z.len() > noise.len());
        assert_eq!(inflate(&z), noise);
    }
}
