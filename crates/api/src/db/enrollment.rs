use cis_shared::application::Completion;
use sea_orm::entity::prelude::*;

/// A graduate's student record (one per student ID number).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrollments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub account_id: i64,
    pub name: String,
    pub name_kana: String,
    pub name_roman: String,
    pub affiliation_id: i64,
    pub degree_program: String,
    pub student_id: String,
    pub matriculation: String,
    pub graduation: String,
    pub completion: Completion,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
