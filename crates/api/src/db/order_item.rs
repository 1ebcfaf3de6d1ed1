use sea_orm::entity::prelude::*;

/// A line of an order with the name and commission of its type when it was ordered.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub certificate_type_id: i64,
    pub name_ja: String,
    pub name_en: String,
    /// `ja` or `en`.
    pub language: String,
    pub copies: i32,
    pub unit_fee_yen: i32,
    pub amount_yen: i32,
    /// The line's place in the order.
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
