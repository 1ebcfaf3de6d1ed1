use sea_orm::entity::prelude::*;

/// A graduate's login session: ended by logout, idleness, age, a replayed refresh token, an
/// account change or from another of the account's sessions (Login history).
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
    pub end_reason: Option<EndReason>,
    pub user_agent: Option<String>,
    pub client_address: Option<String>,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum EndReason {
    #[sea_orm(string_value = "logout")]
    Logout,
    /// Idle longer than `CIS_IDLE_TIMEOUT_MINUTES`: the automatic logout.
    #[sea_orm(string_value = "idle")]
    Idle,
    /// Older than `CIS_SESSION_MAX_HOURS`, however active.
    #[sea_orm(string_value = "max_age")]
    MaxAge,
    /// A refresh token was presented a second time.
    #[sea_orm(string_value = "replay")]
    Replay,
    /// The account's address or credentials changed.
    #[sea_orm(string_value = "account_change")]
    AccountChange,
    /// Ended by the graduate from another session (Login history).
    #[sea_orm(string_value = "ended_elsewhere")]
    EndedElsewhere,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::graduate_account::Entity",
        from = "Column::AccountId",
        to = "super::graduate_account::Column::Id"
    )]
    Account,
}

/// A session and its account in one statement (the authenticated path).
impl Related<super::graduate_account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
