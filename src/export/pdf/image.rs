//! The pictures of a PDF: image XObjects made from the model's files. A
//! JPEG's own data is drawn as it stands (DCTDecode); a PNG is decoded to
//! its samples, deflated, with its alpha as a soft mask (`/SMask`). Each
//! distinct picture is made once a document.

use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::doc::{Image, ImageError, JpegFrame, decode_png, jpeg_frame};

/// What a PDF needs to draw an image's pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Pixels {
    /// A JPEG, drawn from its own coded data: `components` is 1 (grey),
    /// 3 (RGB) or 4 (CMYK); `inverted` when an Adobe CMYK file stores its
    /// samples inverted.
    Coded { components: u8, inverted: bool },
    /// A PNG's samples at 8 bits, row by row: `channels` is 1 (grey) or 3
    /// (RGB), zlib-compressed; `alpha` one byte a pixel, zlib-compressed,
    /// present only when some pixel is not fully opaque.
    Samples {
        channels: u8,
        color: Arc<[u8]>,
        alpha: Option<Arc<[u8]>>,
    },
}

/// How hard a PNG's samples are deflated.
const LEVEL: u32 = 6;

/// The pixels of `image` as a PDF draws them.
pub(super) fn pixels(image: &Image) -> Result<Pixels, ImageError> {
    if image.bytes.starts_with(&[0xFF, 0xD8]) {
        let JpegFrame {
            components, adobe, ..
        } = jpeg_frame(&image.bytes)?;
        return Ok(Pixels::Coded {
            components,
            inverted: components == 4 && adobe,
        });
    }
    let (w, h, raster) = decode_png(&image.bytes)?;
    let pixels = (w as usize) * (h as usize);
    let channels = raster.channels;
    let zlib = |data: &[u8]| -> Arc<[u8]> { super::super::deflate::zlib(data, LEVEL).into() };
    let (color, alpha) = if raster.alpha {
        let mut color = Vec::with_capacity(pixels * channels);
        let mut alpha = Vec::with_capacity(pixels);
        for px in raster.samples.chunks_exact(channels + 1).take(pixels) {
            color.extend_from_slice(&px[..channels]);
            alpha.push(px[channels]);
        }
        let opaque = alpha.iter().all(|&a| a == 255);
        (color, (!opaque).then_some(alpha))
    } else {
        (raster.samples, None)
    };
    Ok(Pixels::Samples {
        channels: channels as u8,
        color: zlib(&color),
        alpha: alpha.as_deref().map(zlib),
    })
}

pub(super) fn same_image(a: &Image, b: &Image) -> bool {
    std::sync::Arc::ptr_eq(&a.bytes, &b.bytes) || a.bytes == b.bytes
}

/// The fixed resource name of the `n`th picture (from 0).
pub(super) fn image_id(n: usize) -> String {
    format!("Im{}", n + 1)
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Adds an image XObject of `image`'s pixels to `lo`, with its alpha as a
/// soft mask, and returns its id.
pub(super) fn add_image(lo: &mut lopdf::Document, image: &Image, pixels: &Pixels) -> ObjectId {
    let dict = |color_space: &str, filter: &str| {
        let mut d = Dictionary::new();
        d.set("Type", name("XObject"));
        d.set("Subtype", name("Image"));
        d.set("Width", Object::Integer(image.width_px.into()));
        d.set("Height", Object::Integer(image.height_px.into()));
        d.set("BitsPerComponent", Object::Integer(8));
        d.set("ColorSpace", name(color_space));
        d.set("Filter", name(filter));
        d
    };
    // Already compressed: the writer's deflate pass leaves them alone.
    let stream = |d: Dictionary, content: Vec<u8>| Stream::new(d, content).with_compression(false);
    match pixels {
        Pixels::Coded {
            components,
            inverted,
        } => {
            let space = match components {
                1 => "DeviceGray",
                4 => "DeviceCMYK",
                _ => "DeviceRGB",
            };
            let mut d = dict(space, "DCTDecode");
            if *inverted {
                let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec();
                d.set("Decode", Object::Array(decode));
            }
            lo.add_object(stream(d, image.bytes.to_vec()))
        }
        Pixels::Samples {
            channels,
            color,
            alpha,
        } => {
            let space = if *channels == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            let mut d = dict(space, "FlateDecode");
            if let Some(alpha) = alpha {
                let mask = lo.add_object(stream(dict("DeviceGray", "FlateDecode"), alpha.to_vec()));
                d.set("SMask", Object::Reference(mask));
            }
            lo.add_object(stream(d, color.to_vec()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doc::image::tests::png_rgba;

    #[test]
    fn a_transparent_png_keeps_its_alpha_and_an_opaque_one_has_none() {
        let img = Image::decode(png_rgba(6, 3, 0x80).into(), "LIV").unwrap();
        let Pixels::Samples {
            channels, alpha, ..
        } = pixels(&img).unwrap()
        else {
            panic!("a PNG has samples");
        };
        assert_eq!(channels, 3);
        assert!(alpha.is_some());
        let opaque = Image::decode(png_rgba(6, 3, 0xFF).into(), "LIV").unwrap();
        assert!(matches!(
            pixels(&opaque).unwrap(),
            Pixels::Samples { alpha: None, .. }
        ));
    }

    #[test]
    fn a_jpeg_is_drawn_from_its_own_data() {
        let good: &[u8] = include_bytes!("../../../inputs/logos/opennet.jpg");
        let img = Image::decode(good.to_vec().into(), "OpenNet").unwrap();
        assert!(matches!(pixels(&img).unwrap(), Pixels::Coded { .. }));
    }
}
