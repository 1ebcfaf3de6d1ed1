use cis_shared::documents::CopyStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "issued_copies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub order_id: i64,
    pub order_item_id: i64,
    /// 1 to the item's copies.
    pub copy_number: i32,
    pub certificate_type_id: i64,
    pub title: String,
    pub language: String,
    pub holder_name: String,
    pub university_name: String,
    /// `YYYY-MM-DD`, Japan time.
    pub issued_on: String,
    /// SHA-256 (hex) of the canonical code.
    pub code_hash: String,
    /// The canonical code, sealed with the server's key.
    pub code_sealed: String,
    pub pdf_file: String,
    pub pdf_sha256: String,
    pub pages: i32,
    pub issued_at: DateTimeUtc,
    pub print_job_id: Option<i64>,
    pub printed_at: Option<DateTimeUtc>,
    pub status: CopyStatus,
    pub revoked_at: Option<DateTimeUtc>,
    pub revocation_reason: Option<String>,
    pub revoked_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
