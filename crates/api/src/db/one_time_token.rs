use cis_shared::Locale;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;

/// A one-time link: only the SHA-256 of its token is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub purpose: Purpose,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub email: String,
    pub locale: Locale,
    pub subject_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    /// Identity-document images stored through the link, replaced ones included.
    pub uploads: i32,
}

/// What a one-time link was sent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Purpose {
    /// Registration (manual 2.1): proves the address, then carries the uploads and the form.
    #[sea_orm(string_value = "verify_email")]
    VerifyEmail,
    /// Reopens an application the university sent back.
    #[sea_orm(string_value = "resubmit")]
    Resubmit,
    /// Manual 2.4 (b): mailed to the new address of a logged-in graduate (`subject_id` the
    /// account, `email` the new address); following it changes the address.
    #[sea_orm(string_value = "change_email")]
    ChangeEmail,
    /// Mailed to the old address once it has been changed (`subject_id` the account, `email`
    /// the old address): restores it and ends every session, for seven days.
    #[sea_orm(string_value = "undo_email_change")]
    UndoEmailChange,
    /// A forgotten password (manual 2.4 (f)): `subject_id` is the account whose secrets
    /// the link sets.
    #[sea_orm(string_value = "reset_password")]
    PasswordReset,
    /// An additional student ID number (manual 2.3): the logged-in account (`subject_id`)
    /// asked for it; the student record is sent under it.
    #[sea_orm(string_value = "add_student_id")]
    AddStudentId,
    /// Reopens an additional student ID application (`subject_id`) the university sent back.
    #[sea_orm(string_value = "resubmit_student_id")]
    ResubmitStudentId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Uses the link `id` up at `now`: `true` for the one caller that did, `false` when it was
/// used already (of two requests racing for one link, one wins).
pub async fn use_up(db: &impl ConnectionTrait, id: i64, now: DateTimeUtc) -> Result<bool, DbErr> {
    let claimed = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Retires every unused link of `purpose` for `subject_id` at `now` (a completed reset
/// leaves no other reset link of the account working).
pub async fn retire_all(
    db: &impl ConnectionTrait,
    purpose: Purpose,
    subject_id: i64,
    now: DateTimeUtc,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::Purpose.eq(purpose))
        .filter(Column::SubjectId.eq(subject_id))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
