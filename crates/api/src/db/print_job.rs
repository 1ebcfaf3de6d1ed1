use cis_shared::printing::PrintJobState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "print_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub order_id: i64,
    /// `station:<id>` or `staff:<id>`.
    pub client: String,
    pub idempotency_key: String,
    pub request_hash: String,
    pub amount_yen: i32,
    pub state: PrintJobState,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
