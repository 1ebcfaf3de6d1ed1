//! Graduate accounts get credentials and personal data; enrollments; decisions on
//! applications.

use sea_orm_migration::prelude::*;

use crate::{id_column, timestamp, university_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        for column in [
            ColumnDef::new(GraduateAccounts::PasswordHash).string_len(200).null().to_owned(),
            ColumnDef::new(GraduateAccounts::SecondPasswordHash).string_len(200).null().to_owned(),
            ColumnDef::new(GraduateAccounts::InitialPasswordExpiresAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(GraduateAccounts::Name).string_len(100).not_null().default("").to_owned(),
            ColumnDef::new(GraduateAccounts::NameKana).string_len(100).not_null().default("").to_owned(),
            ColumnDef::new(GraduateAccounts::BirthDate).string_len(10).not_null().default("").to_owned(),
            ColumnDef::new(GraduateAccounts::Profile).text().not_null().default("{}").to_owned(),
        ] {
            manager.alter_table(Table::alter().table(GraduateAccounts::Table).add_column(column).to_owned()).await?;
        }
        for column in [
            ColumnDef::new(Applications::AccountId).big_integer().null().to_owned(),
            ColumnDef::new(Applications::DecidedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Applications::DecidedBy).big_integer().null().to_owned(),
            ColumnDef::new(Applications::DecisionReason).text().null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Applications::Table).add_column(column).to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Enrollments::Table)
                    .col(id_column(Enrollments::Id))
                    .col(ColumnDef::new(Enrollments::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(Enrollments::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Enrollments::Name).string_len(100).not_null())
                    .col(ColumnDef::new(Enrollments::NameKana).string_len(100).not_null())
                    .col(ColumnDef::new(Enrollments::NameRoman).string_len(100).not_null())
                    .col(ColumnDef::new(Enrollments::AffiliationId).big_integer().not_null())
                    .col(ColumnDef::new(Enrollments::DegreeProgram).string_len(64).not_null())
                    .col(ColumnDef::new(Enrollments::StudentId).string_len(20).not_null())
                    .col(ColumnDef::new(Enrollments::Matriculation).string_len(7).not_null())
                    .col(ColumnDef::new(Enrollments::Graduation).string_len(7).not_null())
                    .col(ColumnDef::new(Enrollments::Completion).string_len(16).not_null())
                    .col(timestamp(Enrollments::CreatedAt))
                    .foreign_key(&mut university_fk(Enrollments::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Enrollments::Table, Enrollments::AccountId)
                            .to(GraduateAccounts::Table, GraduateAccounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Enrollments::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum GraduateAccounts {
    Table,
    Id,
    PasswordHash,
    SecondPasswordHash,
    InitialPasswordExpiresAt,
    Name,
    NameKana,
    BirthDate,
    Profile,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    AccountId,
    DecidedAt,
    DecidedBy,
    DecisionReason,
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Id,
    UniversityId,
    AccountId,
    Name,
    NameKana,
    NameRoman,
    AffiliationId,
    DegreeProgram,
    StudentId,
    Matriculation,
    Graduation,
    Completion,
    CreatedAt,
}
