//! Registration (manual 2.1): one-time links, rate-limit counters, graduate accounts (the
//! address check), identity documents and applications.

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
                    .table(OneTimeTokens::Table)
                    .col(id_column(OneTimeTokens::Id))
                    .col(ColumnDef::new(OneTimeTokens::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(OneTimeTokens::Purpose).string_len(32).not_null())
                    // SHA-256 of the token, hex: the token itself is never stored.
                    .col(ColumnDef::new(OneTimeTokens::TokenHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(OneTimeTokens::Email).string_len(254).not_null())
                    .col(ColumnDef::new(OneTimeTokens::Locale).string_len(2).not_null())
                    .col(ColumnDef::new(OneTimeTokens::SubjectId).big_integer().null())
                    .col(timestamp(OneTimeTokens::CreatedAt))
                    .col(timestamp(OneTimeTokens::ExpiresAt))
                    .col(ColumnDef::new(OneTimeTokens::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut university_fk(OneTimeTokens::Table))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RateLimitHits::Table)
                    .col(id_column(RateLimitHits::Id))
                    .col(ColumnDef::new(RateLimitHits::Scope).string_len(32).not_null())
                    // SHA-256 of what is limited (an address, a client address), hex.
                    .col(ColumnDef::new(RateLimitHits::KeyHash).string_len(64).not_null())
                    .col(timestamp(RateLimitHits::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("rate_limit_hits_lookup")
                    .table(RateLimitHits::Table)
                    .col(RateLimitHits::Scope)
                    .col(RateLimitHits::KeyHash)
                    .col(RateLimitHits::CreatedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(GraduateAccounts::Table)
                    .col(id_column(GraduateAccounts::Id))
                    .col(ColumnDef::new(GraduateAccounts::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(GraduateAccounts::Email).string_len(254).not_null())
                    .col(ColumnDef::new(GraduateAccounts::EmailNormalized).string_len(254).not_null())
                    .col(ColumnDef::new(GraduateAccounts::State).string_len(32).not_null())
                    .col(ColumnDef::new(GraduateAccounts::Locale).string_len(2).not_null())
                    .col(timestamp(GraduateAccounts::CreatedAt))
                    .foreign_key(&mut university_fk(GraduateAccounts::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_per_university(
                "graduate_accounts_university_email",
                GraduateAccounts::Table,
                GraduateAccounts::EmailNormalized,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Applications::Table)
                    .col(id_column(Applications::Id))
                    .col(ColumnDef::new(Applications::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(Applications::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Applications::State).string_len(32).not_null())
                    .col(ColumnDef::new(Applications::ReceptionNumber).string_len(32).not_null().unique_key())
                    .col(ColumnDef::new(Applications::Email).string_len(254).not_null())
                    .col(ColumnDef::new(Applications::Locale).string_len(2).not_null())
                    .col(ColumnDef::new(Applications::ApplicantName).string_len(100).not_null())
                    .col(ColumnDef::new(Applications::ApplicantNameKana).string_len(100).not_null())
                    .col(ColumnDef::new(Applications::Form).text().not_null())
                    .col(ColumnDef::new(Applications::TokenId).big_integer().null())
                    .col(timestamp(Applications::SubmittedAt))
                    .foreign_key(&mut university_fk(Applications::Table))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdentityDocuments::Table)
                    .col(id_column(IdentityDocuments::Id))
                    .col(ColumnDef::new(IdentityDocuments::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(IdentityDocuments::TokenId).big_integer().not_null())
                    .col(ColumnDef::new(IdentityDocuments::ApplicationId).big_integer().null())
                    .col(ColumnDef::new(IdentityDocuments::ContentType).string_len(32).not_null())
                    .col(ColumnDef::new(IdentityDocuments::Width).integer().not_null())
                    .col(ColumnDef::new(IdentityDocuments::Height).integer().not_null())
                    .col(ColumnDef::new(IdentityDocuments::ByteSize).big_integer().not_null())
                    .col(ColumnDef::new(IdentityDocuments::StorageName).string_len(80).not_null())
                    .col(timestamp(IdentityDocuments::CreatedAt))
                    .foreign_key(&mut university_fk(IdentityDocuments::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(IdentityDocuments::Table, IdentityDocuments::TokenId)
                            .to(OneTimeTokens::Table, OneTimeTokens::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(IdentityDocuments::Table, IdentityDocuments::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                IdentityDocuments::Table.into_iden(),
                Applications::Table.into_iden(),
                GraduateAccounts::Table.into_iden(),
                RateLimitHits::Table.into_iden(),
                OneTimeTokens::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Id,
    UniversityId,
    Purpose,
    TokenHash,
    Email,
    Locale,
    SubjectId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum RateLimitHits {
    Table,
    Id,
    Scope,
    KeyHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GraduateAccounts {
    Table,
    Id,
    UniversityId,
    Email,
    EmailNormalized,
    State,
    Locale,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    UniversityId,
    Kind,
    State,
    ReceptionNumber,
    Email,
    Locale,
    ApplicantName,
    ApplicantNameKana,
    Form,
    TokenId,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum IdentityDocuments {
    Table,
    Id,
    UniversityId,
    TokenId,
    ApplicationId,
    ContentType,
    Width,
    Height,
    ByteSize,
    StorageName,
    CreatedAt,
}
