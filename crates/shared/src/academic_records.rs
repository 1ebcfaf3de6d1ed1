//! Academic records (issue 11): the course rows staff import by CSV — student ID number,
//! term, course code, course title in both languages, credits and grade — read and checked
//! here, so that the preview names each row's problems at its column before anything is
//! saved.

use serde::{Deserialize, Serialize};

use crate::catalog::LocalizedName;
use crate::fields;
use crate::messages::ErrorCode;

/// The columns of an import, in this order, named in its first row.
pub const COLUMNS: [&str; 7] = ["student_id", "term", "course_code", "title_ja", "title_en", "credits", "grade"];
/// The most rows one import may hold.
pub const MAX_ROWS: usize = 50_000;

/// One course of a student's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseRecord {
    pub student_id: String,
    /// As the university writes it (`2024 前期`, `2024-1`): 1 to 20 characters.
    pub term: String,
    /// 1 to 20 half-width letters, digits and hyphens.
    pub course_code: String,
    pub title: LocalizedName,
    /// In tenths of a credit (`1.5` credits is 15): 0 to 200.
    pub credits_tenths: u32,
    /// 1 to 10 characters (`S`, `A`, `優`, `合`, `P`).
    pub grade: String,
}

/// A problem of an import, at its row (1 is the header) and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportError {
    pub row: usize,
    /// A column of [`COLUMNS`], or `file` for the file as a whole.
    pub column: String,
    pub code: ErrorCode,
}

/// What an import holds and what is wrong with it; saved only when nothing is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "rows": 2, "students": 1, "saved": false,
    "errors": [{"row": 3, "column": "credits", "code": "out_of_range"}]
})))]
pub struct ImportReport {
    /// Course rows, the header not counted.
    pub rows: usize,
    /// Distinct student ID numbers.
    pub students: usize,
    pub errors: Vec<ImportError>,
    /// Whether the students' records were replaced (never for a preview or with errors).
    pub saved: bool,
}

/// The records of a CSV file (UTF-8, a byte order mark allowed, RFC 4180 quoting), or every
/// problem at its row and column.
pub fn parse_import(text: &str) -> Result<Vec<CourseRecord>, Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rows = split_csv(text).map_err(|row| vec![problem(row, "file", ErrorCode::CsvInvalid)])?;
    let Some((header, body)) = rows.split_first() else {
        return Err(vec![problem(1, "file", ErrorCode::Required)]);
    };
    let missing: Vec<ImportError> = COLUMNS
        .iter()
        .filter(|c| !header.iter().any(|h| h.trim() == **c))
        .map(|c| problem(1, c, ErrorCode::ColumnMissing))
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    if body.len() > MAX_ROWS {
        return Err(vec![problem(MAX_ROWS + 2, "file", ErrorCode::TooLong)]);
    }
    let index = |name: &str| header.iter().position(|h| h.trim() == name).unwrap_or(0);
    let at: Vec<usize> = COLUMNS.iter().map(|c| index(c)).collect();
    let mut records = Vec::with_capacity(body.len());
    let mut errors = Vec::new();
    for (i, cells) in body.iter().enumerate() {
        let cell = |c: usize| cells.get(at[c]).map(|s| s.trim()).unwrap_or("");
        match record(&cell) {
            Ok(r) => records.push(r),
            Err(found) => errors.extend(found.into_iter().map(|(c, code)| problem(i + 2, COLUMNS[c], code))),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

fn problem(row: usize, column: &str, code: ErrorCode) -> ImportError {
    ImportError { row, column: column.to_owned(), code }
}

/// One row's record from its cells (by column number), or its problems.
fn record<'a>(cell: &dyn Fn(usize) -> &'a str) -> Result<CourseRecord, Vec<(usize, ErrorCode)>> {
    let mut errors = Vec::new();
    let mut take = |c: usize, check: fn(&str) -> Result<(), ErrorCode>| {
        let value = cell(c);
        let result = if value.is_empty() { Err(ErrorCode::Required) } else { check(value) };
        if let Err(code) = result {
            errors.push((c, code));
        }
        value.to_owned()
    };
    let student_id = take(0, |v| fields::parse_student_id(v).map(drop));
    let term = take(1, |v| fields::parse_line(v, 20).map(drop));
    let course_code = take(2, |v| match v.len() <= 20 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        true => Ok(()),
        false => Err(ErrorCode::CodeInvalid),
    });
    let ja = take(3, |v| fields::parse_line(v, 100).map(drop));
    let en = take(4, |v| fields::parse_line(v, 100).map(drop));
    let credits = take(5, |v| credits_tenths(v).map(drop));
    let grade = take(6, |v| fields::parse_line(v, 10).map(drop));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CourseRecord {
        student_id,
        term,
        course_code,
        title: LocalizedName { ja, en },
        credits_tenths: credits_tenths(&credits).unwrap_or(0),
        grade,
    })
}

/// Credits as written (`2`, `1.5`), in tenths: 0 to 20 credits, at most one decimal.
pub fn credits_tenths(text: &str) -> Result<u32, ErrorCode> {
    let (whole, tenth) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || tenth.len() != 1 || !digits(tenth) {
        return Err(ErrorCode::OutOfRange);
    }
    let value = whole.parse::<u32>().unwrap_or(u32::MAX) * 10 + tenth.parse::<u32>().unwrap_or(0);
    if value <= 200 {
        Ok(value)
    } else {
        Err(ErrorCode::OutOfRange)
    }
}

/// The rows of a CSV text as cells (RFC 4180: commas, double quotes doubled inside quoted
/// cells, line breaks inside them, CRLF or LF); blank lines are skipped. The row of the
/// first malformed quote on failure.
fn split_csv(text: &str) -> Result<Vec<Vec<String>>, usize> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut line, mut started) = (false, 1, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                line += usize::from(c == '\n');
                cell.push(c);
            }
            (false, '"') if cell.is_empty() => quoted = true,
            (false, '"') => return Err(line),
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                if row.iter().any(|c| !c.is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
                line += 1;
            }
            (false, c) => cell.push(c),
        }
        started = true;
    }
    if quoted {
        return Err(line);
    }
    if started {
        row.push(cell);
        if row.iter().any(|c| !c.is_empty()) {
            rows.push(row);
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "student_id,term,course_code,title_ja,title_en,credits,grade\n";

    /// Found by the fuzz target `records_csv` (a header naming its columns twice, rows
    /// shorter than it): each problem at its row, never a panic.
    #[test]
    fn rows_shorter_than_a_repeated_header_are_refused_at_their_row() {
        let header = "student_id,term,course_code,title_ja,title_en,creditsode,title_ja,title_en,credits,grade\n";
        let errors = parse_import(&format!("{header}1234567,2024,ECO-101\n,\n")).unwrap_err();
        assert!(errors.iter().any(|e| e.row == 2 && e.column == "title_ja" && e.code == ErrorCode::Required));
        assert!(errors.iter().all(|e| (2..=3).contains(&e.row)));
    }

    #[test]
    fn a_good_file_reads_with_quotes_and_a_byte_order_mark() {
        let text = format!(
            "\u{feff}{HEADER}1234567,2024 前期,ECO-101,経済学入門,\"Introduction to Economics, I\",2,A\r\n\
             1234567,2024 後期,ECO-102,\"「経済」\"\"演習\"\"\",Seminar,1.5,優\n\n"
        );
        let records = parse_import(&text).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].title.en, "Introduction to Economics, I");
        assert_eq!(records[1].title.ja, "「経済」\"演習\"");
        assert_eq!(records[1].credits_tenths, 15);
    }

    #[test]
    fn each_problem_is_named_by_its_row_and_column() {
        let text = format!("{HEADER}1234567,2024,ECO 101,経済学,Economics,2.25,A\n,2024,ECO-1,経済学,,21,\n");
        let errors = parse_import(&text).unwrap_err();
        let found: Vec<(usize, &str, ErrorCode)> = errors.iter().map(|e| (e.row, e.column.as_str(), e.code)).collect();
        assert_eq!(
            found,
            [
                (2, "course_code", ErrorCode::CodeInvalid),
                (2, "credits", ErrorCode::OutOfRange),
                (3, "student_id", ErrorCode::Required),
                (3, "title_en", ErrorCode::Required),
                (3, "credits", ErrorCode::OutOfRange),
                (3, "grade", ErrorCode::Required),
            ]
        );
    }

    #[test]
    fn a_missing_column_or_a_broken_quote_refuses_the_file() {
        let errors = parse_import("student_id,term\n1,2\n").unwrap_err();
        assert!(errors.iter().all(|e| e.row == 1 && e.code == ErrorCode::ColumnMissing));
        assert_eq!(errors.len(), 5);
        let broken = format!("{HEADER}1234567,\"2024,ECO,a,b,1,A\n");
        assert_eq!(parse_import(&broken).unwrap_err()[0].code, ErrorCode::CsvInvalid);
        assert_eq!(parse_import("").unwrap_err()[0].code, ErrorCode::Required);
    }

    #[test]
    fn credits_take_one_decimal_up_to_twenty() {
        assert_eq!(credits_tenths("2"), Ok(20));
        assert_eq!(credits_tenths("0.5"), Ok(5));
        assert_eq!(credits_tenths("20"), Ok(200));
        for bad in ["20.5", "1.25", "-1", "x", ".5", "2.", "１"] {
            assert_eq!(credits_tenths(bad), Err(ErrorCode::OutOfRange), "{bad}");
        }
    }
}
