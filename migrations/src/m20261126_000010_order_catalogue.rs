//! What can be ordered and how (issue 10): per certificate type the most copies in one
//! order, the sheets a copy takes, the channels and who may order it; per university the
//! order settings (fees, postage, payment methods, the print deadline) as one document.

use sea_orm_migration::prelude::*;

use crate::{timestamp, university_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite adds one at a time.
        let columns = [
            ColumnDef::new(CertificateTypes::MaxCopies).integer().not_null().default(10).to_owned(),
            ColumnDef::new(CertificateTypes::Sheets).integer().not_null().default(1).to_owned(),
            ColumnDef::new(CertificateTypes::Channels)
                .string_len(100)
                .not_null()
                .default("convenience_store,post")
                .to_owned(),
            ColumnDef::new(CertificateTypes::DegreePrograms).text().not_null().default("").to_owned(),
            ColumnDef::new(CertificateTypes::Completions).string_len(100).not_null().default("").to_owned(),
        ];
        for mut column in columns {
            manager
                .alter_table(Table::alter().table(CertificateTypes::Table).add_column(&mut column).to_owned())
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(OrderSettings::Table)
                    .col(ColumnDef::new(OrderSettings::UniversityId).big_integer().not_null().primary_key())
                    .col(ColumnDef::new(OrderSettings::Settings).text().not_null())
                    .col(timestamp(OrderSettings::UpdatedAt))
                    .foreign_key(&mut university_fk(OrderSettings::Table))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OrderSettings::Table).to_owned()).await?;
        for column in [
            CertificateTypes::MaxCopies,
            CertificateTypes::Sheets,
            CertificateTypes::Channels,
            CertificateTypes::DegreePrograms,
            CertificateTypes::Completions,
        ] {
            manager.alter_table(Table::alter().table(CertificateTypes::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum CertificateTypes {
    Table,
    MaxCopies,
    Sheets,
    Channels,
    DegreePrograms,
    Completions,
}

#[derive(DeriveIden)]
enum OrderSettings {
    Table,
    UniversityId,
    Settings,
    UpdatedAt,
}
