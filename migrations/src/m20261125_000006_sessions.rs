//! Graduate sessions with rotating refresh tokens, and the per-address login failures that
//! lock an address for a growing time (ARCHITECTURE.md 4: `sessions`, `login_attempts`).

use sea_orm_migration::prelude::*;

use crate::{drop_tables, id_column, timestamp, unique_per_university, university_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(id_column(Sessions::Id))
                    .col(ColumnDef::new(Sessions::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(Sessions::AccountId).big_integer().not_null())
                    .col(timestamp(Sessions::CreatedAt))
                    .col(timestamp(Sessions::LastSeenAt))
                    .col(ColumnDef::new(Sessions::EndedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Sessions::EndReason).string_len(32).null())
                    .col(ColumnDef::new(Sessions::UserAgent).string_len(200).null())
                    .col(ColumnDef::new(Sessions::ClientAddress).string_len(64).null())
                    .foreign_key(&mut university_fk(Sessions::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::AccountId)
                            .to(GraduateAccounts::Table, GraduateAccounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("sessions_account").table(Sessions::Table).col(Sessions::AccountId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(id_column(RefreshTokens::Id))
                    .col(ColumnDef::new(RefreshTokens::SessionId).big_integer().not_null())
                    .col(ColumnDef::new(RefreshTokens::TokenHash).string_len(64).not_null().unique_key())
                    .col(timestamp(RefreshTokens::CreatedAt))
                    .col(ColumnDef::new(RefreshTokens::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefreshTokens::Table, RefreshTokens::SessionId)
                            .to(Sessions::Table, Sessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(id_column(LoginAttempts::Id))
                    .col(ColumnDef::new(LoginAttempts::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(LoginAttempts::EmailHash).string_len(64).not_null())
                    .col(ColumnDef::new(LoginAttempts::Failures).integer().not_null().default(0))
                    .col(ColumnDef::new(LoginAttempts::Lockouts).integer().not_null().default(0))
                    .col(ColumnDef::new(LoginAttempts::LockedUntil).timestamp_with_time_zone().null())
                    .col(timestamp(LoginAttempts::UpdatedAt))
                    .foreign_key(&mut university_fk(LoginAttempts::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_per_university("login_attempts_email", LoginAttempts::Table, LoginAttempts::EmailHash))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![LoginAttempts::Table.into_iden(), RefreshTokens::Table.into_iden(), Sessions::Table.into_iden()],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum GraduateAccounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UniversityId,
    AccountId,
    CreatedAt,
    LastSeenAt,
    EndedAt,
    EndReason,
    UserAgent,
    ClientAddress,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    SessionId,
    TokenHash,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    UniversityId,
    EmailHash,
    Failures,
    Lockouts,
    LockedUntil,
    UpdatedAt,
}
