use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_types")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    /// `ja` or `en`: the language the certificate is printed in.
    pub language: String,
    pub fee_yen: i32,
    pub sort_order: i32,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
