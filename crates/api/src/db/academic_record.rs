use sea_orm::entity::prelude::*;

/// One course of a student's academic record, as imported.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "academic_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub student_id: String,
    /// The row's place in the student's record (the order of the import).
    pub position: i32,
    pub term: String,
    pub course_code: String,
    pub title_ja: String,
    pub title_en: String,
    pub credits_tenths: i32,
    pub grade: String,
    pub imported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
