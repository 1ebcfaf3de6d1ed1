//! Certificates as documents (issue 11): where each certificate type's content comes from,
//! the printing stations and their jobs, and every issued copy with its verification code.

use sea_orm_migration::prelude::*;

use crate::{drop_tables, id_column, timestamp, university_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut source =
            ColumnDef::new(CertificateTypes::Source).string_len(20).not_null().default("enrollment").to_owned();
        manager.alter_table(Table::alter().table(CertificateTypes::Table).add_column(&mut source).to_owned()).await?;
        // The catalogues seeded before this migration: the academic record comes from the course
        // records, the medical examination certificate is prepared by staff.
        for (code, source) in [("academic_record", "academic_record"), ("medical_examination", "staff_prepared")] {
            manager
                .exec_stmt(
                    Query::update()
                        .table(CertificateTypes::Table)
                        .value(CertificateTypes::Source, source)
                        .and_where(Expr::col(CertificateTypes::Code).eq(code))
                        .to_owned(),
                )
                .await?;
        }
        stations(manager).await?;
        print_jobs(manager).await?;
        issued_copies(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![IssuedCopies::Table.into_iden(), PrintJobs::Table.into_iden(), PrintStations::Table.into_iden()],
        )
        .await?;
        manager
            .alter_table(Table::alter().table(CertificateTypes::Table).drop_column(CertificateTypes::Source).to_owned())
            .await
            .map(drop)
    }
}

async fn stations(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(PrintStations::Table)
                .col(id_column(PrintStations::Id))
                .col(ColumnDef::new(PrintStations::UniversityId).big_integer().not_null())
                .col(ColumnDef::new(PrintStations::Name).string_len(400).not_null())
                .col(ColumnDef::new(PrintStations::Kind).string_len(20).not_null())
                // The station's key is `cis_ps_<id>_<secret>`; only the secret's argon2id hash is kept.
                .col(ColumnDef::new(PrintStations::KeyHash).string_len(255).not_null())
                .col(timestamp(PrintStations::CreatedAt))
                .col(ColumnDef::new(PrintStations::CreatedBy).big_integer().null())
                .col(ColumnDef::new(PrintStations::RevokedAt).timestamp_with_time_zone().null())
                .col(ColumnDef::new(PrintStations::LastUsedAt).timestamp_with_time_zone().null())
                .foreign_key(&mut university_fk(PrintStations::Table))
                .to_owned(),
        )
        .await
}

async fn print_jobs(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(PrintJobs::Table)
                .col(id_column(PrintJobs::Id))
                .col(ColumnDef::new(PrintJobs::UniversityId).big_integer().not_null())
                .col(ColumnDef::new(PrintJobs::OrderId).big_integer().not_null())
                // Who prints: `station:<id>` or, at the counter screen, `staff:<id>`.
                .col(ColumnDef::new(PrintJobs::Client).string_len(40).not_null())
                .col(ColumnDef::new(PrintJobs::IdempotencyKey).string_len(64).not_null())
                .col(ColumnDef::new(PrintJobs::RequestHash).string_len(64).not_null())
                .col(ColumnDef::new(PrintJobs::AmountYen).integer().not_null())
                .col(ColumnDef::new(PrintJobs::State).string_len(20).not_null())
                .col(timestamp(PrintJobs::CreatedAt))
                .col(ColumnDef::new(PrintJobs::FinishedAt).timestamp_with_time_zone().null())
                .foreign_key(&mut university_fk(PrintJobs::Table))
                .foreign_key(
                    ForeignKey::create()
                        .from(PrintJobs::Table, PrintJobs::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("print_jobs_idempotency")
                .table(PrintJobs::Table)
                .col(PrintJobs::Client)
                .col(PrintJobs::IdempotencyKey)
                .unique()
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create().name("print_jobs_order").table(PrintJobs::Table).col(PrintJobs::OrderId).to_owned(),
        )
        .await
}

async fn issued_copies(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let text = |c: IssuedCopies, len: u32| ColumnDef::new(c).string_len(len).not_null().to_owned();
    manager
        .create_table(
            Table::create()
                .table(IssuedCopies::Table)
                .col(id_column(IssuedCopies::Id))
                .col(ColumnDef::new(IssuedCopies::UniversityId).big_integer().not_null())
                .col(ColumnDef::new(IssuedCopies::OrderId).big_integer().not_null())
                .col(ColumnDef::new(IssuedCopies::OrderItemId).big_integer().not_null())
                .col(ColumnDef::new(IssuedCopies::CopyNumber).integer().not_null())
                .col(ColumnDef::new(IssuedCopies::CertificateTypeId).big_integer().not_null())
                // What the copy says, as printed: what verification answers.
                .col(text(IssuedCopies::Title, 400))
                .col(text(IssuedCopies::Language, 2))
                .col(text(IssuedCopies::HolderName, 400))
                .col(text(IssuedCopies::UniversityName, 400))
                .col(text(IssuedCopies::IssuedOn, 10))
                // The code's SHA-256 finds the copy; the code itself is kept sealed.
                .col(text(IssuedCopies::CodeHash, 64))
                .col(text(IssuedCopies::CodeSealed, 255))
                .col(text(IssuedCopies::PdfFile, 255))
                .col(text(IssuedCopies::PdfSha256, 64))
                .col(ColumnDef::new(IssuedCopies::Pages).integer().not_null())
                .col(timestamp(IssuedCopies::IssuedAt))
                .col(ColumnDef::new(IssuedCopies::PrintJobId).big_integer().null())
                .col(ColumnDef::new(IssuedCopies::PrintedAt).timestamp_with_time_zone().null())
                .col(ColumnDef::new(IssuedCopies::Status).string_len(20).not_null())
                .col(ColumnDef::new(IssuedCopies::RevokedAt).timestamp_with_time_zone().null())
                .col(ColumnDef::new(IssuedCopies::RevocationReason).string_len(800).null())
                .col(ColumnDef::new(IssuedCopies::RevokedBy).big_integer().null())
                .foreign_key(&mut university_fk(IssuedCopies::Table))
                .foreign_key(
                    ForeignKey::create()
                        .from(IssuedCopies::Table, IssuedCopies::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    // A copy is generated once: two requests racing to issue it meet here.
    let indexes = [
        ("issued_copies_item_copy", vec![IssuedCopies::OrderItemId, IssuedCopies::CopyNumber], true),
        ("issued_copies_code", vec![IssuedCopies::CodeHash], true),
        ("issued_copies_pdf", vec![IssuedCopies::PdfSha256], false),
        ("issued_copies_order", vec![IssuedCopies::OrderId], false),
    ];
    for (name, columns, unique) in indexes {
        let mut index = Index::create().name(name).table(IssuedCopies::Table).to_owned();
        for column in columns {
            index.col(column);
        }
        if unique {
            index.unique();
        }
        manager.create_index(index).await?;
    }
    Ok(())
}

#[derive(DeriveIden)]
enum CertificateTypes {
    Table,
    Code,
    Source,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PrintStations {
    Table,
    Id,
    UniversityId,
    Name,
    Kind,
    KeyHash,
    CreatedAt,
    CreatedBy,
    RevokedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum PrintJobs {
    Table,
    Id,
    UniversityId,
    OrderId,
    Client,
    IdempotencyKey,
    RequestHash,
    AmountYen,
    State,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum IssuedCopies {
    Table,
    Id,
    UniversityId,
    OrderId,
    OrderItemId,
    CopyNumber,
    CertificateTypeId,
    Title,
    Language,
    HolderName,
    UniversityName,
    IssuedOn,
    CodeHash,
    CodeSealed,
    PdfFile,
    PdfSha256,
    Pages,
    IssuedAt,
    PrintJobId,
    PrintedAt,
    Status,
    RevokedAt,
    RevocationReason,
    RevokedBy,
}
