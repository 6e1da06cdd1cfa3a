//! Pictures in the document model: a PNG or JPEG file, read and checked once.
//!
//! [`ImageFile::check`] reads a file's dimensions and decodes it once to check
//! it, so that a file that cannot be read is found when the model is built,
//! not while a document is written. The model keeps the file as given and
//! knows no writer: what a format makes of the pixels (a PDF's samples and
//! soft mask) is its writer's business, from [`decode_png`] and
//! [`jpeg_frame`].

use std::io::Cursor;
use std::sync::Arc;

/// The file format of an [`Image`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

/// A PNG decoded to 8-bit samples, row by row: `channels` colour samples
/// (1 grey, 3 RGB) a pixel, followed by an alpha sample when `alpha`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    pub channels: usize,
    pub alpha: bool,
    pub samples: Vec<u8>,
}

/// A JPEG's frame header: its size, its number of components (1 grey,
/// 3 RGB, 4 CMYK) and whether it is an Adobe file (whose CMYK samples are
/// stored inverted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegFrame {
    pub width: u32,
    pub height: u32,
    pub components: u8,
    pub adobe: bool,
}

/// A picture: a file's bytes, its size in pixels and its alternative text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The file as given: what a DOCX embeds.
    pub bytes: Arc<[u8]>,
    pub format: ImageFormat,
    pub width_px: u32,
    pub height_px: u32,
    /// What the picture shows, for readers who cannot see it.
    pub alt: String,
}

/// Why a file is no image this model can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageError(pub String);

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Images larger than this many pixels a side are refused (a logo needs far
/// fewer; the limit keeps a hostile header from asking for gigabytes).
const MAX_SIDE: u32 = 10_000;

/// Most memory a PNG may decode into.
const MAX_DECODED: usize = 256 << 20;

/// A picture file checked to be one this model can hold: its bytes as
/// given, format and size in pixels. What a stage keeps of an input file
/// (read once, so that what is hashed is what is drawn); an [`Image`] once
/// its alternative text is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFile {
    pub bytes: Arc<[u8]>,
    pub format: ImageFormat,
    pub width_px: u32,
    pub height_px: u32,
}

impl ImageFile {
    /// Reads `bytes` as a PNG or JPEG file (told apart by their signatures).
    pub fn check(bytes: Arc<[u8]>) -> Result<ImageFile, ImageError> {
        let (format, width_px, height_px) = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            let (w, h, _) = decode_png(&bytes)?;
            (ImageFormat::Png, w, h)
        } else if bytes.starts_with(&[0xFF, 0xD8]) {
            let JpegFrame {
                width: w,
                height: h,
                ..
            } = jpeg_frame(&bytes)?;
            // The data is decoded once to check it, up to 16 megapixels
            // (48 MB of pixels); a larger logo is refused below or passed
            // on its header alone.
            if u64::from(w) * u64::from(h) <= 16_000_000 {
                jpeg_data(&bytes)?;
            }
            (ImageFormat::Jpeg, w, h)
        } else {
            return Err(ImageError("it is neither a PNG nor a JPEG file".into()));
        };
        if width_px == 0 || height_px == 0 || width_px > MAX_SIDE || height_px > MAX_SIDE {
            return Err(ImageError(format!(
                "its size, {width_px} × {height_px} pixels, is not from 1 to {MAX_SIDE} a side"
            )));
        }
        Ok(ImageFile {
            bytes,
            format,
            width_px,
            height_px,
        })
    }

    /// The picture with `alt` as its alternative text.
    pub fn with_alt(self, alt: impl Into<String>) -> Image {
        Image {
            bytes: self.bytes,
            format: self.format,
            width_px: self.width_px,
            height_px: self.height_px,
            alt: alt.into(),
        }
    }
}

impl Image {
    /// Reads `bytes` as a PNG or JPEG file, with `alt` as its alternative
    /// text (see [`ImageFile::check`]).
    pub fn decode(bytes: Arc<[u8]>, alt: impl Into<String>) -> Result<Image, ImageError> {
        ImageFile::check(bytes).map(|file| file.with_alt(alt))
    }

    /// Width over height.
    pub fn aspect(&self) -> f32 {
        self.width_px as f32 / self.height_px.max(1) as f32
    }
}

/// Decodes a PNG to 8-bit grey or RGB samples, with an alpha sample a
/// pixel when it has any (palette transparency included): its width,
/// height and samples.
pub fn decode_png(bytes: &[u8]) -> Result<(u32, u32, Raster), ImageError> {
    let bad = |e: png::DecodingError| ImageError(format!("it is not a readable PNG file ({e})"));
    let mut decoder =
        png::Decoder::new_with_limits(Cursor::new(bytes), png::Limits { bytes: MAX_DECODED });
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(bad)?;
    let (w, h) = {
        let info = reader.info();
        (info.width, info.height)
    };
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(ImageError(format!(
            "its size, {w} × {h} pixels, is not from 1 to {MAX_SIDE} a side"
        )));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| ImageError("it is too large".into()))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(bad)?;
    buf.truncate(frame.buffer_size());
    let (channels, has_alpha) = match reader.output_color_type().0 {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return Err(ImageError("its palette cannot be read".into())),
    };
    let stride = channels + usize::from(has_alpha);
    let pixels = (w as usize) * (h as usize);
    if buf.len() < pixels * stride {
        return Err(ImageError(
            "it holds fewer pixels than its size says".into(),
        ));
    }
    buf.truncate(pixels * stride);
    Ok((
        w,
        h,
        Raster {
            channels,
            alpha: has_alpha,
            samples: buf,
        },
    ))
}

/// Decodes a JPEG's image data once, with zune-jpeg, and keeps nothing: a
/// file can have a sound header and damaged data, which a PDF reader would
/// show as a broken picture.
fn jpeg_data(bytes: &[u8]) -> Result<(), ImageError> {
    use zune_jpeg::JpegDecoder;
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let bad = |e: String| ImageError(format!("it is not a readable JPEG file ({e})"));
    let side = MAX_SIDE as usize;
    let options = DecoderOptions::default()
        .set_max_width(side)
        .set_max_height(side)
        .set_strict_mode(true);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|e| bad(e.to_string()))?;
    let size = decoder
        .output_buffer_size()
        .ok_or_else(|| bad("no image size".into()))?;
    let mut out = vec![0u8; size];
    decoder
        .decode_into(&mut out)
        .map_err(|e| bad(format!("damaged image data: {e}")))
}

/// Reads a JPEG's frame header (its size and number of components) and
/// whether it is an Adobe file.
pub fn jpeg_frame(bytes: &[u8]) -> Result<JpegFrame, ImageError> {
    let bad = |what: &str| ImageError(format!("it is not a readable JPEG file ({what})"));
    let u16_at = |i: usize| -> Option<usize> {
        Some(usize::from(*bytes.get(i)?) << 8 | usize::from(*bytes.get(i + 1)?))
    };
    let mut adobe = false;
    let mut i = 2;
    loop {
        // Markers start with 0xFF, and may be padded with more of them.
        if bytes.get(i) != Some(&0xFF) {
            return Err(bad("no frame header"));
        }
        while bytes.get(i) == Some(&0xFF) {
            i += 1;
        }
        let marker = *bytes.get(i).ok_or_else(|| bad("it ends early"))?;
        i += 1;
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            return Err(bad("no frame header before the image data"));
        }
        let len = u16_at(i).ok_or_else(|| bad("it ends early"))?;
        if len < 2 || i + len > bytes.len() {
            return Err(bad("a segment runs past the end"));
        }
        if marker == 0xEE && bytes[i + 2..i + len].starts_with(b"Adobe") {
            adobe = true;
        }
        match marker {
            // Baseline, extended sequential and progressive Huffman coding:
            // what every PDF reader's DCTDecode reads.
            0xC0..=0xC2 => {
                if len < 8 {
                    return Err(bad("a short frame header"));
                }
                let precision = bytes[i + 2];
                let h = u16_at(i + 3).ok_or_else(|| bad("it ends early"))? as u32;
                let w = u16_at(i + 5).ok_or_else(|| bad("it ends early"))? as u32;
                let components = bytes[i + 7];
                if precision != 8 || !matches!(components, 1 | 3 | 4) {
                    return Err(bad("not 8-bit grey, RGB or CMYK"));
                }
                return Ok(JpegFrame {
                    width: w,
                    height: h,
                    components,
                    adobe,
                });
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(bad("lossless or arithmetic coding"));
            }
            _ => i += len,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A PNG of `w` × `h` RGBA pixels, made with the `png` encoder.
    pub(crate) fn png_rgba(w: u32, h: u32, alpha: u8) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        let data: Vec<u8> = (0..w * h)
            .flat_map(|i| [(i % 256) as u8, 0x40, 0x80, alpha])
            .collect();
        writer.write_image_data(&data).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn a_png_decodes_to_its_samples_with_its_alpha() {
        let img = Image::decode(png_rgba(6, 3, 0x80).into(), "LIV").unwrap();
        assert_eq!((img.width_px, img.height_px), (6, 3));
        assert_eq!(img.format, ImageFormat::Png);
        assert_eq!(img.alt, "LIV");
        let (_, _, raster) = decode_png(&img.bytes).unwrap();
        assert_eq!((raster.channels, raster.alpha), (3, true));
        assert_eq!(raster.samples.len(), 6 * 3 * 4);
    }

    #[test]
    fn a_jpeg_header_gives_its_size_and_components() {
        // SOI, an APP0 segment, then a baseline frame header of 2 × 3 pixels.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 8, 0x00, 0x03,
            0x00, 0x02, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1,
        ];
        let frame = jpeg_frame(&jpeg).unwrap();
        assert_eq!(
            frame,
            JpegFrame {
                width: 2,
                height: 3,
                components: 3,
                adobe: false
            }
        );
        // A header alone is not a picture: its data is decoded too.
        assert!(Image::decode(jpeg.to_vec().into(), "x").is_err());
    }

    #[test]
    fn a_jpeg_with_damaged_data_is_an_error() {
        let good: &[u8] = include_bytes!("../../inputs/logos/opennet.jpg");
        let img = Image::decode(good.to_vec().into(), "OpenNet").unwrap();
        assert_eq!(img.format, ImageFormat::Jpeg);
        // Cut in the middle of the scan: the header still reads.
        let cut = good[..good.len() * 3 / 4].to_vec();
        assert!(jpeg_frame(&cut).is_ok());
        let e = Image::decode(cut.into(), "OpenNet").unwrap_err();
        assert!(e.0.contains("not a readable JPEG"), "{e}");
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        let mut png = png_rgba(4, 4, 0x80);
        let cut = png.len() - 30;
        png.truncate(cut);
        assert!(Image::decode(png.into(), "x").is_err());
        assert!(Image::decode(b"\x89PNG\r\n\x1a\ngarbage".to_vec().into(), "x").is_err());
        assert!(Image::decode(vec![0xFF, 0xD8, 0xFF].into(), "x").is_err());
        assert!(Image::decode(vec![0xFF, 0xD8, 0xFF, 0xDA, 0, 2].into(), "x").is_err());
        assert!(Image::decode(b"GIF89a".to_vec().into(), "x").is_err());
        assert!(Image::decode(Vec::new().into(), "x").is_err());
    }
}
