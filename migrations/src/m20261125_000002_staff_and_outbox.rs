//! Staff accounts (the bootstrap administrator first) and the outbox of mail to deliver.

use sea_orm_migration::prelude::*;

use crate::{id_column, timestamp, unique_per_university, university_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StaffUsers::Table)
                    .col(id_column(StaffUsers::Id))
                    .col(ColumnDef::new(StaffUsers::UniversityId).big_integer().not_null())
                    // Compared without regard to case: stored lower-cased.
                    .col(ColumnDef::new(StaffUsers::Email).string_len(254).not_null())
                    .col(ColumnDef::new(StaffUsers::DisplayName).string_len(200).not_null())
                    .col(ColumnDef::new(StaffUsers::Role).string_len(16).not_null())
                    .col(ColumnDef::new(StaffUsers::PasswordHash).string_len(200).not_null())
                    .col(ColumnDef::new(StaffUsers::Disabled).boolean().not_null().default(false))
                    .col(timestamp(StaffUsers::CreatedAt))
                    .foreign_key(&mut university_fk(StaffUsers::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_per_university("staff_users_university_email", StaffUsers::Table, StaffUsers::Email))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(id_column(Outbox::Id))
                    .col(ColumnDef::new(Outbox::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(Outbox::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Outbox::Recipient).string_len(254).not_null())
                    .col(ColumnDef::new(Outbox::Subject).string_len(400).not_null())
                    .col(ColumnDef::new(Outbox::BodyText).text().not_null())
                    .col(ColumnDef::new(Outbox::Locale).string_len(2).not_null())
                    .col(timestamp(Outbox::CreatedAt))
                    .col(ColumnDef::new(Outbox::Attempts).integer().not_null().default(0))
                    .col(timestamp(Outbox::NextAttemptAt))
                    .col(ColumnDef::new(Outbox::ClaimedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Outbox::SentAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Outbox::LastError).text().null())
                    .foreign_key(&mut university_fk(Outbox::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::SentAt)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Outbox::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(StaffUsers::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum StaffUsers {
    Table,
    Id,
    UniversityId,
    Email,
    DisplayName,
    Role,
    PasswordHash,
    Disabled,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    UniversityId,
    Kind,
    Recipient,
    Subject,
    BodyText,
    Locale,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    SentAt,
    LastError,
}
