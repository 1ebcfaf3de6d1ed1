//! What a certificate says, in Japanese and in English (issue 11): the holder's rows, the
//! course table of an academic record and the sentence that certifies them, from the
//! approved enrollment and the imported course records. `pdf` lays it out.

use chrono::NaiveDate;
use cis_shared::application::Completion;
use cis_shared::catalog::{CertificateLanguage, LocalizedName};
use cis_shared::documents::{group_code, printed_title, CertificateSource};
use cis_shared::Locale;

use crate::db::{academic_record, enrollment};
use crate::pdf::{Certificate, CourseTable, Footer, Stamp};

/// Everything a copy is made of.
pub struct CopyFacts<'a> {
    pub language: CertificateLanguage,
    pub source: CertificateSource,
    pub title: &'a LocalizedName,
    pub enrollment: &'a enrollment::Model,
    /// `YYYY-MM-DD`, from the graduate's account.
    pub birth_date: &'a str,
    /// Faculty, department and subject.
    pub affiliation: &'a [LocalizedName],
    pub program: Option<&'a LocalizedName>,
    /// Whether the program is an undergraduate one (it graduates; the others complete).
    pub undergraduate: bool,
    pub courses: &'a [academic_record::Model],
    pub university: &'a LocalizedName,
    pub seal_png: Option<std::sync::Arc<Vec<u8>>>,
    pub serial: String,
    pub issued_on: NaiveDate,
    /// Canonical (16 characters).
    pub code: &'a str,
    pub public_url: &'a str,
}

fn locale(language: CertificateLanguage) -> Locale {
    match language {
        CertificateLanguage::Ja => Locale::Ja,
        CertificateLanguage::En => Locale::En,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2000年4月1日` / `April 1, 2000`.
pub fn long_date(date: NaiveDate, language: CertificateLanguage) -> String {
    use chrono::Datelike;
    match language {
        CertificateLanguage::Ja => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        CertificateLanguage::En => format!("{} {}, {}", MONTHS[date.month0() as usize], date.day(), date.year()),
    }
}

/// `2018年4月` / `April 2018`, from `YYYY-MM` (shown as stored when it is not).
fn year_month(text: &str, language: CertificateLanguage) -> String {
    let parsed = text.split_once('-').and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<usize>().ok()?)));
    match (parsed, language) {
        (Some((y, m)), CertificateLanguage::Ja) if (1..=12).contains(&m) => format!("{y}年{m}月"),
        (Some((y, m)), CertificateLanguage::En) if (1..=12).contains(&m) => format!("{} {y}", MONTHS[m - 1]),
        _ => text.to_owned(),
    }
}

/// `2.0` credits from 20 tenths.
pub fn credits(tenths: i64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// How the enrollment ended, in the words of the certificate.
fn ending(facts: &CopyFacts<'_>) -> (&'static str, &'static str) {
    match (facts.enrollment.completion, facts.undergraduate) {
        (Completion::Graduated, true) => ("卒業", "graduation"),
        (Completion::Graduated, false) => ("修了", "completion"),
        (Completion::Withdrawn, _) => ("退学", "withdrawal"),
    }
}

/// The holder's name as printed: kanji on a Japanese copy, roman letters on an English one.
pub fn holder_name(enrollment: &enrollment::Model, language: CertificateLanguage) -> String {
    match language {
        CertificateLanguage::Ja => enrollment.name.clone(),
        CertificateLanguage::En => enrollment.name_roman.clone(),
    }
}

/// The certificate a copy prints.
pub fn certificate(facts: &CopyFacts<'_>) -> Certificate {
    let language = facts.language;
    let l = locale(language);
    let ja = language == CertificateLanguage::Ja;
    let name = holder_name(facts.enrollment, language);
    let affiliation =
        facts.affiliation.iter().map(|n| n.get(l).to_owned()).collect::<Vec<_>>().join(if ja { " " } else { ", " });
    let birth = NaiveDate::parse_from_str(facts.birth_date, "%Y-%m-%d")
        .map(|d| long_date(d, language))
        .unwrap_or_else(|_| facts.birth_date.to_owned());
    let (end_ja, end_en) = ending(facts);
    let entered = year_month(&facts.enrollment.matriculation, language);
    let ended = year_month(&facts.enrollment.graduation, language);
    let mut rows = vec![
        (if ja { "氏名" } else { "Name" }.to_owned(), name.clone()),
        (if ja { "生年月日" } else { "Date of birth" }.to_owned(), birth),
        (if ja { "学籍番号" } else { "Student ID number" }.to_owned(), facts.enrollment.student_id.clone()),
        (if ja { "所属" } else { "Faculty / Department" }.to_owned(), affiliation.clone()),
    ];
    if let Some(program) = facts.program {
        rows.push((if ja { "課程" } else { "Program" }.to_owned(), program.get(l).to_owned()));
    }
    rows.push((if ja { "入学年月" } else { "Date of entrance" }.to_owned(), entered.clone()));
    let end_label = if ja { format!("{end_ja}年月") } else { format!("Date of {end_en}") };
    rows.push((end_label, ended.clone()));
    let university = facts.university.get(l).to_owned();
    let statement = match facts.source {
        CertificateSource::AcademicRecord if ja => "上記のとおり相違ないことを証明する。".to_owned(),
        CertificateSource::AcademicRecord => {
            format!(
                "This is to certify that the above is a true record of the academic work of {name} at {university}."
            )
        }
        _ => enrollment_statement(facts, &name, &affiliation, &university, &entered, &ended),
    };
    let courses = (facts.source == CertificateSource::AcademicRecord).then(|| course_table(facts.courses, language));
    Certificate {
        language: language.as_str(),
        title: printed_title(facts.title.get(l)).to_owned(),
        serial: format!("No. {}", facts.serial),
        rows,
        courses,
        statement: vec![statement],
        issued_on: if ja {
            format!("発行日　{}", long_date(facts.issued_on, language))
        } else {
            format!("Date of issue: {}", long_date(facts.issued_on, language))
        },
        signatory: if ja { "学長".to_owned() } else { "President".to_owned() },
        seal_text: seal_text(&facts.university.ja),
        university,
        seal_png: facts.seal_png.clone(),
        footer: footer(language, facts.code, facts.public_url),
    }
}

/// The foot of every page of a copy: its code (canonical, 16 characters) in groups, and
/// where and how to verify it.
pub fn footer(language: CertificateLanguage, code: &str, public_url: &str) -> Footer {
    let ja = language == CertificateLanguage::Ja;
    let code = group_code(code);
    let base = public_url.trim_end_matches('/');
    let verify_text = if ja {
        format!("この証明書が本学の発行したものであることは、{base}/verify でこのコードを入力するか、QRコードを読み取って確認できます。")
    } else {
        format!("To check that this certificate is genuine, enter this code at {base}/verify or scan the QR code.")
    };
    Footer {
        verify_url: format!("{base}/verify#{code}"),
        code,
        code_label: if ja { "証明書検証コード".to_owned() } else { "Verification code".to_owned() },
        verify_text,
    }
}

/// What a copy of a document staff prepared adds to it: its serial and footer.
pub fn stamp(
    language: CertificateLanguage,
    title: &LocalizedName,
    serial: &str,
    code: &str,
    public_url: &str,
) -> Stamp {
    Stamp {
        language: language.as_str(),
        title: printed_title(title.get(locale(language))).to_owned(),
        serial: format!("No. {serial}"),
        footer: footer(language, code, public_url),
    }
}

fn enrollment_statement(
    facts: &CopyFacts<'_>,
    name: &str,
    affiliation: &str,
    university: &str,
    entered: &str,
    ended: &str,
) -> String {
    let ja = facts.language == CertificateLanguage::Ja;
    match (facts.enrollment.completion, ja) {
        (Completion::Graduated, true) => {
            format!("上記の者は、本学 {affiliation} を {ended} に{}したことを証明する。", ending(facts).0)
        }
        (Completion::Withdrawn, true) => {
            format!("上記の者は、本学 {affiliation} に {entered} から {ended} まで在籍したことを証明する。")
        }
        (Completion::Graduated, false) if facts.undergraduate => {
            format!("This is to certify that {name} graduated from {affiliation}, {university}, in {ended}.")
        }
        (Completion::Graduated, false) => {
            let program = facts.program.map(|p| format!(" the {}", p.en)).unwrap_or_default();
            format!("This is to certify that {name} completed{program} at {affiliation}, {university}, in {ended}.")
        }
        (Completion::Withdrawn, false) => {
            format!("This is to certify that {name} was enrolled at {affiliation}, {university}, from {entered} to {ended}.")
        }
    }
}

fn course_table(courses: &[academic_record::Model], language: CertificateLanguage) -> CourseTable {
    let ja = language == CertificateLanguage::Ja;
    let headings = if ja {
        ["学期", "科目番号", "授業科目", "単位", "評価"]
    } else {
        ["Term", "Code", "Course", "Credits", "Grade"]
    }
    .map(str::to_owned);
    let rows = courses
        .iter()
        .map(|c| {
            let title = if ja { &c.title_ja } else { &c.title_en };
            [
                c.term.clone(),
                c.course_code.clone(),
                title.clone(),
                credits(i64::from(c.credits_tenths)),
                c.grade.clone(),
            ]
        })
        .collect();
    let total: i64 = courses.iter().map(|c| i64::from(c.credits_tenths)).sum();
    let total = if ja {
        format!("修得単位数合計　{}", credits(total))
    } else {
        format!("Total credits: {}", credits(total))
    };
    CourseTable { headings, rows, total }
}

/// What a generated seal engraves: `〇〇大学長之印` for a Japanese name; for a name in Latin
/// letters (the demo's "The University"), its words in capitals over `PRESIDENT`, one a line.
pub fn seal_text(university: &str) -> String {
    match university.is_ascii() {
        true => format!("{}\nPRESIDENT", university.split_whitespace().collect::<Vec<_>>().join("\n").to_uppercase()),
        false => format!("{university}長之印"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_credits_read_as_certificates_write_them() {
        let date = NaiveDate::from_ymd_opt(2000, 4, 1).unwrap();
        assert_eq!(long_date(date, CertificateLanguage::Ja), "2000年4月1日");
        assert_eq!(long_date(date, CertificateLanguage::En), "April 1, 2000");
        assert_eq!(year_month("2018-04", CertificateLanguage::Ja), "2018年4月");
        assert_eq!(year_month("2022-03", CertificateLanguage::En), "March 2022");
        assert_eq!(credits(15), "1.5");
        assert_eq!(credits(1240), "124.0");
    }

    #[test]
    fn a_seal_engraves_the_name_as_the_university_writes_it() {
        assert_eq!(seal_text("デモ大学"), "デモ大学長之印");
        assert_eq!(seal_text("The University"), "THE\nUNIVERSITY\nPRESIDENT");
    }
}
