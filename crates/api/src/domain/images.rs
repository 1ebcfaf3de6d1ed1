//! Identity document images: the type judged by content, decoded within bounds, turned
//! upright, and re-encoded, so no EXIF, no trailing bytes and nothing hidden is kept.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The largest upload accepted (manual 2.1 step 13 images from phone cameras).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The most pixels decoded: a 40-megapixel photo is plenty for a document.
pub const MAX_PIXELS: u64 = 40_000_000;
const MAX_SIDE: u32 = 12_000;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("larger than 10 MiB")]
    TooLarge,
    #[error("not a JPEG, GIF or PNG image")]
    UnsupportedType,
    #[error("the image has too many pixels")]
    TooManyPixels,
    #[error("the image cannot be decoded")]
    Undecodable,
}

/// A re-encoded image ready to store.
pub struct CleanImage {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Decodes and re-encodes an upload: JPEG stays JPEG (quality 90), GIF and PNG become PNG.
/// CPU-bound: call on the blocking pool.
pub fn sanitize(bytes: &[u8]) -> Result<CleanImage, ImageError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImageError::TooLarge);
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif)) => f,
        _ => return Err(ImageError::UnsupportedType),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 16 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(classify)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageError::TooManyPixels);
    }
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(classify)?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    let mut out = Cursor::new(Vec::new());
    let (content_type, extension) = if format == ImageFormat::Jpeg {
        let rgb = image.to_rgb8();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
        rgb.write_with_encoder(encoder).map_err(|_| ImageError::Undecodable)?;
        ("image/jpeg", "jpg")
    } else {
        image.write_to(&mut out, ImageFormat::Png).map_err(|_| ImageError::Undecodable)?;
        ("image/png", "png")
    };
    Ok(CleanImage { bytes: out.into_inner(), content_type, extension, width: image.width(), height: image.height() })
}

fn classify(error: image::ImageError) -> ImageError {
    match error {
        image::ImageError::Limits(_) => ImageError::TooManyPixels,
        _ => ImageError::Undecodable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        DynamicImage::new_rgb8(width, height).write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_png_is_reencoded_without_trailing_bytes() {
        let mut bytes = png(40, 30);
        bytes.extend_from_slice(b"<?php hidden ?>");
        let clean = sanitize(&bytes).unwrap();
        assert_eq!((clean.width, clean.height, clean.content_type), (40, 30, "image/png"));
        assert!(!clean.bytes.windows(5).any(|w| w == b"<?php"));
    }

    #[test]
    fn the_type_is_judged_by_content() {
        // (A PNG declaring huge dimensions is refused too: tests/api/registration.rs.)
        assert_eq!(sanitize(b"just some text, named photo.png").err(), Some(ImageError::UnsupportedType));
        let truncated = &png(200, 200)[..60];
        assert_eq!(sanitize(truncated).err(), Some(ImageError::Undecodable));
    }
}
