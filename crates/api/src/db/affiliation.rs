use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "affiliations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub parent_id: Option<i64>,
    /// `faculty`, `department` or `subject`.
    pub level: String,
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
