use sea_orm::entity::prelude::*;

/// The PDF staff attached to an order line of a certificate type they prepare.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "prepared_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub order_id: i64,
    #[sea_orm(unique)]
    pub order_item_id: i64,
    /// Under `<data dir>/certificates/`, as attached.
    pub pdf_file: String,
    pub pdf_sha256: String,
    pub pages: i32,
    pub attached_at: DateTimeUtc,
    pub attached_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
