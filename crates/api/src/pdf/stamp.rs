//! Copies of a document staff prepared (issue 11): each page of their PDF, scaled to fit
//! an A4 page above the footer (so the stamp never covers its text), under the same footer
//! a generated certificate has: the copy's verification code, its QR code and the page's
//! number. krilla embeds the pages as they are (its `pdf` feature, hayro underneath).

use std::sync::Arc;

use krilla::geom::{Size, Transform};
use krilla::metadata::Metadata;
use krilla::pdf::{Pdf, PdfDocument};

use super::fonts::{Face, Fonts};
use super::page::{self, Pen, A4, FOOTER_TOP, GREY, RIGHT};
use super::{build, Footer, Rendered};

/// What a prepared document's copy adds to it.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// `ja` or `en`: the PDF's language.
    pub language: &'static str,
    pub title: String,
    /// The order number and the copy, above the page number.
    pub serial: String,
    pub footer: Footer,
}

/// The room a prepared page has: the A4 page above the footer, less a margin.
const ROOM: (f32, f32) = (595.0, FOOTER_TOP - 8.0);

/// Reads a PDF: its pages, or `None` when it cannot be read (damaged, locked with a password,
/// no page). CPU-bound: call on the blocking pool.
pub fn pages_of(bytes: &[u8]) -> Option<usize> {
    let pdf = Pdf::new(Arc::new(bytes.to_vec())).ok()?;
    let count = pdf.pages().len();
    (count > 0).then_some(count)
}

/// The copy: every page of `original` with the stamp. CPU-bound: call on the blocking pool.
pub fn stamp(fonts: &Fonts, stamp: &Stamp, original: &[u8]) -> Result<Rendered, String> {
    let pdf = Pdf::new(Arc::new(original.to_vec())).map_err(|e| format!("prepared document: {e:?}"))?;
    let sizes: Vec<(f32, f32)> = pdf.pages().iter().map(|p| p.render_dimensions()).collect();
    if sizes.is_empty() {
        return Err("prepared document without pages".to_owned());
    }
    let source = PdfDocument::new(Arc::new(pdf));
    let count = sizes.len();
    let bytes = build(|document| {
        document.set_metadata(
            Metadata::new()
                .title(stamp.title.clone())
                .language(stamp.language.to_owned())
                .creator("Certificate Issuance Service".to_owned()),
        );
        for (index, &(width, height)) in sizes.iter().enumerate() {
            let mut page = document.start_page_with(A4.clone());
            let mut surface = page.surface();
            // Scaled to the room (never enlarged past it), centred across, from the top.
            let scale = (ROOM.0 / width.max(1.0)).min(ROOM.1 / height.max(1.0));
            let (w, h) = (width * scale, height * scale);
            if let Some(size) = Size::from_wh(w, h) {
                surface.push_transform(&Transform::from_translate((ROOM.0 - w) / 2.0, 0.0));
                surface.draw_pdf_page(&source, size, index);
                surface.pop();
            }
            let mut pen = Pen::new(fonts, &mut surface);
            pen.color(GREY);
            pen.text_right(RIGHT, FOOTER_TOP + 22.0, Face::Gothic, 8.0, &stamp.serial);
            page::footer(&mut pen, &stamp.footer, index, count);
            surface.finish();
            page.finish();
        }
    })?;
    Ok(Rendered { bytes, pages: count as u32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Option<Fonts> {
        let dir = std::env::var("CIS_FONT_DIR").unwrap_or_else(|_| "/usr/share/fonts".to_owned());
        Fonts::load(std::path::Path::new(&dir)).ok()
    }

    #[test]
    fn every_page_of_a_prepared_document_is_stamped_and_nothing_else_reads_as_one() {
        let Some(fonts) = fonts() else {
            eprintln!("skipped: no IPAex fonts (cargo xtask test installs them)");
            return;
        };
        let original = super::super::render(&fonts, &super::super::tests::sample("ja", 80)).unwrap();
        assert_eq!(pages_of(&original.bytes), Some(original.pages as usize));
        let stamp_ = Stamp {
            language: "ja",
            title: "健康診断証明書".to_owned(),
            serial: "No. 2611-5307-1142-1-1".to_owned(),
            footer: super::super::tests::sample_footer(),
        };
        let copy = stamp(&fonts, &stamp_, &original.bytes).unwrap();
        assert_eq!(copy.pages, original.pages);
        assert_eq!(pages_of(&copy.bytes), Some(copy.pages as usize));
        if let Ok(dir) = std::env::var("CIS_PDF_SAMPLES") {
            std::fs::write(format!("{dir}/stamped.pdf"), &copy.bytes).unwrap();
        }
        assert_eq!(pages_of(b"%PDF-1.7\nnot really"), None);
        assert!(stamp(&fonts, &stamp_, b"%PDF-1.7\nnot really").is_err());
    }
}
