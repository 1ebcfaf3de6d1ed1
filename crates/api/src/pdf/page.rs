//! The layout of an A4 certificate page and of a cover letter, in points from the top left.

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::image::Image;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;

use super::fonts::{Face, Fonts};
use super::{Certificate, CoverLetter, Footer};

pub(super) static A4: LazyLock<PageSettings> =
    LazyLock::new(|| PageSettings::from_wh(595.0, 842.0).expect("A4 is a valid page size"));

const LEFT: f32 = 60.0;
pub(super) const RIGHT: f32 = 535.0;
const CENTER: f32 = 297.5;
/// Where the footer (code and QR) begins; the course table stops above it.
pub(super) const FOOTER_TOP: f32 = 735.0;
const TABLE_BOTTOM: f32 = 715.0;
/// The last page keeps this much below its table for the statement and the signature.
const CLOSING_HEIGHT: f32 = 215.0;
const ROW_HEIGHT: f32 = 15.0;
const HOLDER_LEADING: f32 = 24.0;
const FIRST_TOP: f32 = 175.0;
const NEXT_TOP: f32 = 105.0;

pub(super) const BLACK: (u8, u8, u8) = (0, 0, 0);
pub(super) const GREY: (u8, u8, u8) = (90, 90, 90);
const SEAL_RED: (u8, u8, u8) = (196, 30, 36);

fn color((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

/// The part of a certificate one page carries.
#[derive(Debug, Clone)]
pub(super) struct Slice {
    first: bool,
    rows: Range<usize>,
    /// The statement, date and signature: on the last page.
    closing: bool,
}

/// Splits the course table over pages so that each ends above the footer and the last keeps
/// room for the statement and the signature.
pub(super) fn paginate(certificate: &Certificate) -> Vec<Slice> {
    let count = certificate.courses.as_ref().map_or(0, |t| t.rows.len());
    let first_table = FIRST_TOP + HOLDER_LEADING * certificate.rows.len() as f32 + 30.0;
    let mut slices = Vec::new();
    let mut start = 0;
    loop {
        let top = if slices.is_empty() { first_table } else { NEXT_TOP + 18.0 };
        let capacity = (((TABLE_BOTTOM - top) / ROW_HEIGHT).floor() as usize).max(1);
        let end = (start + capacity).min(count);
        slices.push(Slice { first: slices.is_empty(), rows: start..end, closing: false });
        start = end;
        if start >= count {
            break;
        }
    }
    let last = slices.len() - 1;
    let top = if last == 0 { first_table } else { NEXT_TOP + 18.0 };
    let table = if certificate.courses.is_some() { 18.0 + 30.0 } else { 0.0 };
    let table_end = top + ROW_HEIGHT * slices[last].rows.len() as f32 + table;
    if table_end + CLOSING_HEIGHT <= FOOTER_TOP {
        slices[last].closing = true;
    } else {
        slices.push(Slice { first: false, rows: count..count, closing: true });
    }
    slices
}

/// Draws with the certificate's fonts on one page.
pub(super) struct Pen<'a, 'b> {
    fonts: &'a Fonts,
    surface: &'a mut Surface<'b>,
}

impl<'a, 'b> Pen<'a, 'b> {
    pub(super) fn new(fonts: &'a Fonts, surface: &'a mut Surface<'b>) -> Pen<'a, 'b> {
        Pen { fonts, surface }
    }

    pub(super) fn color(&mut self, rgb: (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill { paint: color(rgb).into(), ..Default::default() }));
    }

    fn text(&mut self, x: f32, y: f32, face: Face, size: f32, text: &str) {
        self.surface.draw_text(Point::from_xy(x, y), self.fonts.font(face), size, text, false, TextDirection::Auto);
    }

    pub(super) fn text_right(&mut self, right: f32, y: f32, face: Face, size: f32, text: &str) {
        let width = self.fonts.width(face, size, text);
        self.text(right - width, y, face, size, text);
    }

    fn text_center(&mut self, center: f32, y: f32, face: Face, size: f32, text: &str) {
        let width = self.fonts.width(face, size, text);
        self.text(center - width / 2.0, y, face, size, text);
    }

    /// `text` cut to `width`, with an ellipsis when it was longer.
    fn fitted(&self, face: Face, size: f32, width: f32, text: &str) -> String {
        if self.fonts.width(face, size, text) <= width {
            return text.to_owned();
        }
        let mut cut: String = text.to_owned();
        while !cut.is_empty() && self.fonts.width(face, size, &format!("{cut}…")) > width {
            cut.pop();
        }
        format!("{cut}…")
    }

    /// Sets `text` in lines of at most `width`, breaking Latin text at spaces and Japanese
    /// between characters; returns the baseline after the last line.
    fn paragraph(&mut self, (x, y): (f32, f32), width: f32, face: Face, size: f32, leading: f32, text: &str) -> f32 {
        let mut y = y;
        for line in wrap(self.fonts, face, size, width, text) {
            self.text(x, y, face, size, &line);
            y += leading;
        }
        y
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, rgb: (u8, u8, u8)) {
        let mut path = PathBuilder::new();
        path.move_to(x1, y1);
        path.line_to(x2, y2);
        self.stroke(path, width, rgb);
    }

    fn square(&mut self, rect: Rect, width: f32, rgb: (u8, u8, u8)) {
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        self.stroke(path, width, rgb);
    }

    /// Strokes `path`, then sets the text colour back to black.
    fn stroke(&mut self, path: PathBuilder, width: f32, rgb: (u8, u8, u8)) {
        if let Some(path) = path.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke { paint: color(rgb).into(), width, ..Default::default() }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
        self.color(BLACK);
    }

    /// A QR code of `data`, `size` points square, its top left at (x, y).
    fn qr(&mut self, x: f32, y: f32, size: f32, data: &str) {
        let Ok(code) = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M) else { return };
        let modules = code.width();
        // A quiet zone of two modules each side.
        let unit = size / (modules + 4) as f32;
        let mut path = PathBuilder::new();
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (col, row) = ((i % modules) as f32, (i / modules) as f32);
                if let Some(rect) = Rect::from_xywh(x + (col + 2.0) * unit, y + (row + 2.0) * unit, unit, unit) {
                    path.push_rect(rect);
                }
            }
        }
        if let Some(path) = path.finish() {
            self.color(BLACK);
            self.surface.draw_path(&path);
        }
    }

    /// The university's seal: its image, or a red square with `text` set in columns from the
    /// right, as a seal is engraved.
    fn seal(&mut self, x: f32, y: f32, size: f32, png: Option<&Arc<Vec<u8>>>, text: &str) {
        if let Some(image) = png.and_then(|png| Image::from_png(png.clone().into(), true).ok()) {
            if let Some(size) = Size::from_wh(size, size) {
                self.surface.push_transform(&krilla::geom::Transform::from_translate(x, y));
                self.surface.draw_image(image, size);
                self.surface.pop();
            }
            return;
        }
        let Some(outer) = Rect::from_xywh(x, y, size, size) else { return };
        self.square(outer, 2.2, SEAL_RED);
        if let Some(inner) = Rect::from_xywh(x + 3.0, y + 3.0, size - 6.0, size - 6.0) {
            self.square(inner, 0.8, SEAL_RED);
        }
        if text.contains('\n') {
            self.seal_lines(outer, text.lines().collect());
            return;
        }
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() {
            return;
        }
        let columns = (chars.len() as f32).sqrt().ceil() as usize;
        let rows = chars.len().div_ceil(columns);
        let cell = (size - 10.0) / rows.max(columns) as f32;
        let glyph = cell * 0.92;
        let left = x + (size - cell * columns as f32) / 2.0;
        let top = y + (size - cell * rows as f32) / 2.0;
        self.color(SEAL_RED);
        for (i, c) in chars.iter().enumerate() {
            let (column, row) = (columns - 1 - i / rows, i % rows);
            let cx = left + cell * column as f32 + cell / 2.0;
            let baseline = top + cell * row as f32 + cell * 0.86;
            self.text_center(cx, baseline, Face::Mincho, glyph, &c.to_string());
        }
        self.color(BLACK);
    }

    /// A seal of words in Latin letters: one a line, centred, the same size, as large as the
    /// longest fits.
    fn seal_lines(&mut self, outer: Rect, lines: Vec<&str>) {
        let inner = outer.width() - 12.0;
        let widest = lines.iter().map(|l| self.fonts.width(Face::Mincho, 1.0, l)).fold(0.0_f32, f32::max);
        let by_height = inner / (lines.len() as f32 * 1.15);
        let size = if widest > 0.0 { (inner / widest).min(by_height) } else { by_height };
        let top = outer.top() + (outer.height() - size * 1.15 * lines.len() as f32) / 2.0;
        let center = outer.left() + outer.width() / 2.0;
        self.color(SEAL_RED);
        for (i, line) in lines.iter().enumerate() {
            self.text_center(center, top + size * 1.15 * (i as f32 + 0.8), Face::Mincho, size, line);
        }
        self.color(BLACK);
    }
}

/// Lines of at most `width`: Latin words stay whole, Japanese breaks between characters.
fn wrap(fonts: &Fonts, face: Face, size: f32, width: f32, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for token in tokens(paragraph) {
            let candidate = format!("{line}{token}");
            if !line.is_empty() && fonts.width(face, size, candidate.trim_end()) > width {
                lines.push(line.trim_end().to_owned());
                line = token.trim_start().to_owned();
            } else {
                line = candidate;
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// Words with their trailing space, and single characters of Japanese.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_ascii() && c != ' ' {
            word.push(c);
        } else if c == ' ' {
            word.push(c);
            tokens.push(std::mem::take(&mut word));
        } else {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            tokens.push(c.to_string());
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

/// Spaces a short Japanese title out, as certificates set it (`卒 業 証 明 書`).
fn spaced(title: &str, language: &str) -> String {
    if language == "ja" && title.chars().count() <= 8 {
        title.chars().map(String::from).collect::<Vec<_>>().join(" ")
    } else {
        title.to_owned()
    }
}

pub(super) fn draw(pen: &mut Pen<'_, '_>, certificate: &Certificate, slice: &Slice, index: usize, count: usize) {
    pen.color(BLACK);
    pen.text_right(RIGHT, 60.0, Face::Gothic, 9.0, &certificate.serial);
    let mut y;
    if slice.first {
        pen.text_center(CENTER, 125.0, Face::Mincho, 24.0, &spaced(&certificate.title, certificate.language));
        y = FIRST_TOP;
        for (label, value) in &certificate.rows {
            pen.text(LEFT + 20.0, y, Face::Gothic, 10.0, label);
            let end = pen.paragraph((LEFT + 150.0, y), RIGHT - LEFT - 170.0, Face::Mincho, 12.0, 16.0, value);
            y = y.max(end - 16.0) + HOLDER_LEADING;
        }
        y += 6.0;
    } else {
        pen.text(LEFT, 80.0, Face::Mincho, 13.0, &certificate.title);
        y = NEXT_TOP;
    }
    if let Some(table) = &certificate.courses {
        let holds_rows = slice.first || !slice.rows.is_empty();
        if holds_rows {
            y = course_rows(pen, table, slice.rows.clone(), y);
            if slice.rows.end == table.rows.len() {
                pen.text_right(RIGHT, y + 6.0, Face::Gothic, 10.0, &table.total);
                y += 30.0;
            }
        }
    }
    if slice.closing {
        closing(pen, certificate, y + 20.0);
    }
    footer(pen, &certificate.footer, index, count);
}

/// The column positions of the course table: term, code, title, credits (right-aligned), grade.
const COLUMNS: [f32; 5] = [LEFT, LEFT + 72.0, LEFT + 142.0, LEFT + 420.0, LEFT + 432.0];

fn course_rows(pen: &mut Pen<'_, '_>, table: &super::CourseTable, rows: Range<usize>, top: f32) -> f32 {
    let mut y = top;
    let heading = &table.headings;
    pen.color(GREY);
    for (i, text) in heading.iter().enumerate() {
        if i == 3 {
            pen.text_right(COLUMNS[3], y, Face::Gothic, 8.5, text);
        } else {
            pen.text(COLUMNS[i], y, Face::Gothic, 8.5, text);
        }
    }
    pen.line(LEFT, y + 4.0, RIGHT, y + 4.0, 0.6, GREY);
    y += 18.0;
    for row in &table.rows[rows] {
        let title = pen.fitted(Face::Mincho, 9.0, COLUMNS[3] - COLUMNS[2] - 30.0, &row[2]);
        pen.text(COLUMNS[0], y, Face::Mincho, 9.0, &pen.fitted(Face::Mincho, 9.0, 68.0, &row[0]));
        pen.text(COLUMNS[1], y, Face::Gothic, 8.5, &row[1]);
        pen.text(COLUMNS[2], y, Face::Mincho, 9.0, &title);
        pen.text_right(COLUMNS[3], y, Face::Mincho, 9.0, &row[3]);
        pen.text(COLUMNS[4], y, Face::Mincho, 9.0, &row[4]);
        y += ROW_HEIGHT;
    }
    pen.line(LEFT, y - 10.0, RIGHT, y - 10.0, 0.6, GREY);
    y
}

fn closing(pen: &mut Pen<'_, '_>, certificate: &Certificate, top: f32) {
    let mut y = top;
    for paragraph in &certificate.statement {
        y = pen.paragraph((LEFT + 20.0, y), RIGHT - LEFT - 40.0, Face::Mincho, 12.0, 20.0, paragraph) + 8.0;
    }
    y += 16.0;
    pen.text(LEFT + 20.0, y, Face::Mincho, 12.0, &certificate.issued_on);
    y += 44.0;
    let seal = 62.0;
    let right = RIGHT - seal - 12.0;
    pen.text_right(right, y, Face::Mincho, 15.0, &certificate.university);
    pen.text_right(right, y + 22.0, Face::Mincho, 12.0, &certificate.signatory);
    pen.seal(RIGHT - seal, y - 30.0, seal, certificate.seal_png.as_ref(), &certificate.seal_text);
}

/// The foot of every page of a copy: the QR code, the code with its label and where to
/// verify it, and the page's number.
pub(super) fn footer(pen: &mut Pen<'_, '_>, footer: &Footer, index: usize, count: usize) {
    pen.line(LEFT, FOOTER_TOP, RIGHT, FOOTER_TOP, 0.5, GREY);
    pen.qr(LEFT - 4.0, FOOTER_TOP + 6.0, 72.0, &footer.verify_url);
    let x = LEFT + 76.0;
    pen.color(GREY);
    pen.text(x, FOOTER_TOP + 22.0, Face::Gothic, 8.0, &footer.code_label);
    pen.color(BLACK);
    pen.text(x, FOOTER_TOP + 42.0, Face::Gothic, 15.0, &footer.code);
    pen.color(GREY);
    pen.paragraph((x, FOOTER_TOP + 58.0), RIGHT - x - 50.0, Face::Mincho, 7.5, 10.0, &footer.verify_text);
    pen.text_right(RIGHT, FOOTER_TOP + 72.0, Face::Gothic, 8.0, &format!("{} / {}", index + 1, count));
    pen.color(BLACK);
}

/// A cover letter: the recipient's address top left (for a window envelope), the date and
/// the sender top right, a title and the body.
pub(super) fn draw_letter(pen: &mut Pen<'_, '_>, letter: &CoverLetter) {
    pen.color(BLACK);
    let mut y = 95.0;
    for line in &letter.address {
        y = pen.paragraph((LEFT + 10.0, y), 260.0, Face::Mincho, 12.0, 18.0, line);
    }
    pen.text_right(RIGHT, 70.0, Face::Mincho, 10.5, &letter.date);
    let mut sender_y = 90.0;
    for line in &letter.sender {
        pen.text_right(RIGHT, sender_y, Face::Mincho, 10.5, line);
        sender_y += 15.0;
    }
    y = y.max(sender_y) + 50.0;
    pen.text_center(CENTER, y, Face::Mincho, 16.0, &letter.title);
    y += 40.0;
    for paragraph in &letter.body {
        y = pen.paragraph((LEFT + 10.0, y), RIGHT - LEFT - 20.0, Face::Mincho, 11.0, 18.0, paragraph) + 8.0;
    }
}
