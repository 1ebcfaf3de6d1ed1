use sea_orm::entity::prelude::*;

/// One download of a delivered copy.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery_downloads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub delivery_id: i64,
    pub copy_id: i64,
    /// `cis_shared::delivery::DownloadFormat` as stored.
    pub format: String,
    pub at: DateTimeUtc,
    pub client_address: String,
    pub user_agent: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
