//! Certificates as A4 PDF (issue 11), drawn with krilla: IPAex Mincho and Gothic embedded as
//! subsets, the university's seal, and on every page the copy's verification code and a QR
//! code of its verification address. What a certificate says is decided in
//! `domain::documents`; this module only lays it out.

mod fonts;
mod page;
mod stamp;

use std::sync::Arc;

use krilla::configure::ConfigurationBuilder;
use krilla::error::KrillaError;
use krilla::metadata::Metadata;
use krilla::pdf::{Pdf, PdfDocument, PdfError};
use krilla::{Document, SerializeSettings};

pub use fonts::{FontError, Fonts};
use page::{Pen, A4};
pub use stamp::{pages_of, stamp, Stamp};

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
    /// On every page: the copy's code and QR code.
    pub footer: Footer,
}

/// What every page of a copy carries at its foot, generated or prepared by staff.
#[derive(Debug, Clone)]
pub struct Footer {
    /// The verification code in groups of four.
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

/// A document drawn by `draw`, in krilla's PDF version (1.7), or in the version of a PDF it
/// embeds when that one is newer (a prepared document, or a copy stamped on one, in PDF
/// 2.0): krilla refuses to embed a PDF newer than the one it writes.
fn build(draw: impl Fn(&mut Document)) -> Result<Vec<u8>, String> {
    let mut document = Document::new();
    draw(&mut document);
    match document.finish() {
        Err(KrillaError::Pdf(_, PdfError::VersionMismatch(version), _)) => {
            let configuration =
                ConfigurationBuilder::new().with_version(version).finish().map_err(|e| format!("PDF: {e:?}"))?;
            let mut document = Document::new_with(SerializeSettings { configuration, ..Default::default() });
            draw(&mut document);
            document.finish().map_err(|e| format!("PDF: {e:?}"))
        }
        other => other.map_err(|e| format!("PDF: {e:?}")),
    }
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
    let mut stored = Vec::with_capacity(copies.len());
    for (copy, pages) in copies {
        let pdf = Pdf::new(Arc::new(copy.clone())).map_err(|e| format!("stored copy: {e:?}"))?;
        stored.push((PdfDocument::new(Arc::new(pdf)), (0..*pages as usize).collect::<Vec<usize>>()));
    }
    build(|document| {
        document.set_metadata(Metadata::new().title(letter.title.clone()).language(letter.language.to_owned()));
        {
            let mut page = document.start_page_with(A4.clone());
            let mut surface = page.surface();
            let mut pen = Pen::new(fonts, &mut surface);
            page::draw_letter(&mut pen, letter);
            surface.finish();
            page.finish();
        }
        for (pdf, pages) in &stored {
            document.embed_pdf_pages(pdf, pages);
        }
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn fonts() -> Option<Fonts> {
        let dir = std::env::var("CIS_FONT_DIR").unwrap_or_else(|_| "/usr/share/fonts".to_owned());
        Fonts::load(std::path::Path::new(&dir)).ok()
    }

    pub(crate) fn sample(language: &'static str, courses: usize) -> Certificate {
        let ja = language == "ja";
        Certificate {
            language,
            title: if ja { "成績証明書" } else { "Certificate of Academic Record" }.to_owned(),
            serial: "No. 2611-5307-1142-1-1".to_owned(),
            rows: vec![("氏名".to_owned(), "電電 太郎".to_owned()), ("学籍番号".to_owned(), "1234567".to_owned())],
            courses: Some(CourseTable {
                headings: ["学期", "科目番号", "授業科目", "単位", "評価"].map(str::to_owned),
                rows: (0..courses)
                    .map(|i| {
                        [
                            "2021 前期".to_owned(),
                            format!("LIT-{i:03}"),
                            format!("日本文学特殊講義 {i}"),
                            "2.0".to_owned(),
                            "A".to_owned(),
                        ]
                    })
                    .collect(),
                total: "修得単位数合計　124.0".to_owned(),
            }),
            statement: vec!["上記のとおり相違ないことを証明する。".to_owned()],
            issued_on: "発行日　2026年11月26日".to_owned(),
            university: "デモ大学".to_owned(),
            signatory: "学長".to_owned(),
            seal_png: None,
            seal_text: "デモ大学長之印".to_owned(),
            footer: sample_footer(),
        }
    }

    pub(crate) fn sample_footer() -> Footer {
        Footer {
            code: "7KQ2-9XGA-M3TD-H0VE".to_owned(),
            code_label: "証明書検証コード".to_owned(),
            verify_text: "https://cis.example.ac.jp/verify".to_owned(),
            verify_url: "https://cis.example.ac.jp/verify#7KQ2-9XGA-M3TD-H0VE".to_owned(),
        }
    }

    #[test]
    fn a_long_record_runs_over_pages_each_with_the_code() {
        let Some(fonts) = fonts() else {
            eprintln!("skipped: no IPAex fonts (cargo xtask test installs them)");
            return;
        };
        let short = render(&fonts, &sample("ja", 10)).unwrap();
        assert_eq!(short.pages, 1);
        let long = render(&fonts, &sample("ja", 80)).unwrap();
        assert!(long.pages >= 3, "{} pages", long.pages);
        // Fonts are embedded as subsets: a page of text stays small.
        assert!(short.bytes.len() < 200_000, "{} bytes", short.bytes.len());
        if let Ok(dir) = std::env::var("CIS_PDF_SAMPLES") {
            std::fs::write(format!("{dir}/short.pdf"), &short.bytes).unwrap();
            std::fs::write(format!("{dir}/long.pdf"), &long.bytes).unwrap();
        }
    }
}
