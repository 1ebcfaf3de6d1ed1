use sea_orm::entity::prelude::*;

/// Failed logins per mail address, known or not (so a lock tells a stranger nothing).
/// The address is kept as SHA-256 only.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub email_hash: String,
    /// Failures since the last success or lock.
    pub failures: i32,
    /// How many times the address has been locked; each lock lasts twice the one before.
    pub lockouts: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
