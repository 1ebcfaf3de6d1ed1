//! Importing academic records (issue 11): a CSV file of course rows is read and checked
//! (every problem at its row and column, and every student ID number must be one of the
//! university's registered student records); a preview stops there; otherwise each
//! student's record is replaced by the file's rows in one transaction, as an audit event.

use std::collections::BTreeSet;

use cis_shared::academic_records::{parse_import, CourseRecord, ImportError, ImportReport};
use cis_shared::messages::ErrorCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, Set};

use super::audit::{self, Actor};
use super::Scope;
use crate::db::{academic_record, enrollment};

/// Reads, checks and (unless `dry_run` or anything is wrong) saves an import.
pub async fn import(
    scope: Scope<'_>,
    (staff_id, client): (i64, &str),
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportReport, DbErr> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        let error = ImportError { row: 1, column: "file".into(), code: ErrorCode::CsvInvalid };
        return Ok(ImportReport { rows: 0, students: 0, errors: vec![error], saved: false });
    };
    let records = match parse_import(text) {
        Ok(records) => records,
        Err(errors) => {
            let rows = text.lines().count().saturating_sub(1);
            return Ok(ImportReport { rows, students: 0, errors, saved: false });
        }
    };
    let students: BTreeSet<&str> = records.iter().map(|r| r.student_id.as_str()).collect();
    let errors = unknown_students(scope, &records, &students).await?;
    let mut report = ImportReport { rows: records.len(), students: students.len(), errors, saved: false };
    if dry_run || !report.errors.is_empty() {
        return Ok(report);
    }
    let txn = crate::db::begin_write(scope.db).await?;
    academic_record::Entity::delete_many()
        .filter(academic_record::Column::UniversityId.eq(scope.university.id))
        .filter(academic_record::Column::StudentId.is_in(students.iter().copied()))
        .exec(&txn)
        .await?;
    for (position, r) in records.iter().enumerate() {
        academic_record::ActiveModel {
            university_id: Set(scope.university.id),
            student_id: Set(r.student_id.clone()),
            position: Set(position as i32),
            term: Set(r.term.clone()),
            course_code: Set(r.course_code.clone()),
            title_ja: Set(r.title.ja.clone()),
            title_en: Set(r.title.en.clone()),
            credits_tenths: Set(r.credits_tenths as i32),
            grade: Set(r.grade.clone()),
            imported_at: Set(scope.now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let event = audit::Event {
        actor: Actor::Staff(staff_id),
        action: "academic_records.imported",
        target: None,
        detail: Some(format!("{} rows, {} students", report.rows, report.students)),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    report.saved = true;
    Ok(report)
}

/// The rows whose student ID number is no registered student record of the university.
async fn unknown_students(
    scope: Scope<'_>,
    records: &[CourseRecord],
    students: &BTreeSet<&str>,
) -> Result<Vec<ImportError>, DbErr> {
    let mut known = BTreeSet::new();
    let list: Vec<&str> = students.iter().copied().collect();
    for chunk in list.chunks(500) {
        let found: Vec<String> = enrollment::Entity::find()
            .select_only()
            .column(enrollment::Column::StudentId)
            .filter(enrollment::Column::UniversityId.eq(scope.university.id))
            .filter(enrollment::Column::StudentId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(scope.db)
            .await?;
        known.extend(found);
    }
    Ok(records
        .iter()
        .enumerate()
        .filter(|(_, r)| !known.contains(&r.student_id))
        .map(|(i, _)| ImportError { row: i + 2, column: "student_id".into(), code: ErrorCode::StudentUnknown })
        .collect())
}
