use sea_orm::entity::prelude::*;

/// A one-time link: only the SHA-256 of its token is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    /// `verify_email` (registration), later `reset_password`, `change_email`, `resubmit` ...
    pub purpose: String,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub email: String,
    pub locale: String,
    pub subject_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    /// Identity-document images stored through the link, replaced ones included.
    pub uploads: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
