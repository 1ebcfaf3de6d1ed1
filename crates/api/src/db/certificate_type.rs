use cis_shared::documents::CertificateSource;
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
    /// On sale; `false` once withdrawn (past orders keep it).
    pub active: bool,
    pub max_copies: i32,
    pub sheets: i32,
    /// Comma-separated channel codes (`convenience_store,post`).
    pub channels: String,
    /// Comma-separated degree program codes; empty for every program.
    pub degree_programs: String,
    /// Comma-separated completions (`graduated`, `withdrawn`); empty for every one.
    pub completions: String,
    pub source: CertificateSource,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
