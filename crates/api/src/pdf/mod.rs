//! Certificates as A4 PDF (issue 11), drawn with krilla: IPAex Mincho and Gothic embedded as
//! subsets, the university's seal, and on every page the copy's verification code and a QR
//! code of its verification address. What a certificate says is decided in
//! `domain::documents`; this module only lays it out.

mod fonts;
mod page;

use std::sync::Arc;

use krilla::metadata::Metadata;
use krilla::pdf::{Pdf, PdfDocument};
use krilla::Document;

pub use fonts::{FontError, Fonts};
use page::{Pen, A4};

/// A course table: the column headings, the rows, and the line under them (the credit total).
#[derive(Debug, Clone)]
pub struct CourseTable {
    pub headings: [String; 5],
    pub rows: Vec<[String; 5]>,
    pub total: String,
}

/// What one copy says, in the words of its language.
#[derive(Debug, Clone)]
pub struct Certificate {
    /// `ja` or `en`: the PDF's language.
    pub language: &'static str,
    pub title: String,
    /// Top right: the order number and the copy.
    pub serial: String,
    /// Label and value, under the title (name, birth date, student ID, faculty, …).
    pub rows: Vec<(String, String)>,
    pub courses: Option<CourseTable>,
    /// Paragraphs certifying the above.
    pub statement: Vec<String>,
    pub issued_on: String,
    pub university: String,
    /// Under the university's name (`学長` / `President`).
    pub signatory: String,
    /// The university's seal as PNG, or `None` for the generated one.
    pub seal_png: Option<Arc<Vec<u8>>>,
    /// The characters of the generated seal.
    pub seal_text: String,
    /// The verification code in groups of four, on every page.
    pub code: String,
    /// The code's label, and the sentence that tells where to verify.
    pub code_label: String,
    pub verify_text: String,
    /// The QR code's content: the verification address of this copy.
    pub verify_url: String,
}

/// A rendered copy.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: u32,
}

/// Lays a certificate out on as many A4 pages as its course table needs.
pub fn render(fonts: &Fonts, certificate: &Certificate) -> Result<Rendered, String> {
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(certificate.title.clone())
            .language(certificate.language.to_owned())
            .creator("Certificate Issuance Service".to_owned()),
    );
    let pages = page::paginate(certificate);
    let count = pages.len();
    for (index, slice) in pages.iter().enumerate() {
        let mut page = document.start_page_with(A4.clone());
        let mut surface = page.surface();
        let mut pen = Pen::new(fonts, &mut surface);
        page::draw(&mut pen, certificate, slice, index, count);
        surface.finish();
        page.finish();
    }
    let bytes = document.finish().map_err(|e| format!("PDF: {e:?}"))?;
    Ok(Rendered { bytes, pages: count as u32 })
}

/// A letter to go with a post order: the address block, then lines of text.
#[derive(Debug, Clone)]
pub struct CoverLetter {
    pub language: &'static str,
    pub address: Vec<String>,
    pub date: String,
    pub sender: Vec<String>,
    pub title: String,
    pub body: Vec<String>,
}

/// One PDF of the cover letter followed by every page of the stored copies, as they are.
pub fn bundle(fonts: &Fonts, letter: &CoverLetter, copies: &[(Vec<u8>, u32)]) -> Result<Vec<u8>, String> {
    let mut document = Document::new();
    document.set_metadata(Metadata::new().title(letter.title.clone()).language(letter.language.to_owned()));
    {
        let mut page = document.start_page_with(A4.clone());
        let mut surface = page.surface();
        let mut pen = Pen::new(fonts, &mut surface);
        page::draw_letter(&mut pen, letter);
        surface.finish();
        page.finish();
    }
    for (copy, pages) in copies {
        let pdf = Pdf::new(Arc::new(copy.clone())).map_err(|e| format!("stored copy: {e:?}"))?;
        let pages: Vec<usize> = (0..*pages as usize).collect();
        document.embed_pdf_pages(&PdfDocument::new(Arc::new(pdf)), &pages);
    }
    document.finish().map_err(|e| format!("PDF: {e:?}"))
}
