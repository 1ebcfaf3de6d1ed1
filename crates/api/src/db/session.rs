use sea_orm::entity::prelude::*;

/// A graduate's login session: ended by logout, idleness, a replayed refresh token or an
/// account change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub account_id: i64,
    pub created_at: DateTimeUtc,
    /// The last authenticated request (updated at most every few seconds).
    pub last_seen_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
    /// `logout`, `idle`, `replay`, `account_change`.
    pub end_reason: Option<String>,
    pub user_agent: Option<String>,
    pub client_address: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
