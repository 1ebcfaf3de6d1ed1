use cis_shared::Locale;
use sea_orm::entity::prelude::*;

/// A message waiting for delivery, delivered (`sent_at`), or refused for good (`failed_at`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub kind: OutboxKind,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub locale: Locale,
    pub created_at: DateTimeUtc,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// A worker holds the row until then.
    pub claimed_until: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    /// Refused for good by the SMTP server (`last_error` says why): not retried until an
    /// administrator sends it again.
    pub failed_at: Option<DateTimeUtc>,
}

/// What the outbox delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum OutboxKind {
    /// A mail, through SMTP or into files (webhooks later).
    #[sea_orm(string_value = "mail")]
    Mail,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
