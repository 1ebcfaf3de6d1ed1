use sea_orm::entity::prelude::*;

/// A university's order settings: `cis_shared::ordering::OrderSettings` as JSON.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub university_id: i64,
    pub settings: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
