//! Universities and their catalogue: affiliation tree, degree programs, certificate types.

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
                    .table(Universities::Table)
                    .col(id_column(Universities::Id))
                    .col(ColumnDef::new(Universities::Code).string_len(32).not_null().unique_key())
                    .col(ColumnDef::new(Universities::NameJa).string_len(200).not_null())
                    .col(ColumnDef::new(Universities::NameEn).string_len(200).not_null())
                    .col(timestamp(Universities::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Affiliations::Table)
                    .col(id_column(Affiliations::Id))
                    .col(ColumnDef::new(Affiliations::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(Affiliations::ParentId).big_integer().null())
                    .col(ColumnDef::new(Affiliations::Level).string_len(16).not_null())
                    .col(ColumnDef::new(Affiliations::Code).string_len(100).not_null())
                    .col(ColumnDef::new(Affiliations::NameJa).string_len(200).not_null())
                    .col(ColumnDef::new(Affiliations::NameEn).string_len(200).not_null())
                    .col(ColumnDef::new(Affiliations::SortOrder).integer().not_null().default(0))
                    .foreign_key(&mut university_fk(Affiliations::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Affiliations::Table, Affiliations::ParentId)
                            .to(Affiliations::Table, Affiliations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_per_university(
                "affiliations_university_code",
                Affiliations::Table,
                Affiliations::Code,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DegreePrograms::Table)
                    .col(id_column(DegreePrograms::Id))
                    .col(ColumnDef::new(DegreePrograms::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(DegreePrograms::Code).string_len(64).not_null())
                    .col(ColumnDef::new(DegreePrograms::NameJa).string_len(200).not_null())
                    .col(ColumnDef::new(DegreePrograms::NameEn).string_len(200).not_null())
                    .col(ColumnDef::new(DegreePrograms::SortOrder).integer().not_null().default(0))
                    .foreign_key(&mut university_fk(DegreePrograms::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_per_university(
                "degree_programs_university_code",
                DegreePrograms::Table,
                DegreePrograms::Code,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CertificateTypes::Table)
                    .col(id_column(CertificateTypes::Id))
                    .col(ColumnDef::new(CertificateTypes::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(CertificateTypes::Code).string_len(64).not_null())
                    .col(ColumnDef::new(CertificateTypes::NameJa).string_len(200).not_null())
                    .col(ColumnDef::new(CertificateTypes::NameEn).string_len(200).not_null())
                    .col(ColumnDef::new(CertificateTypes::Language).string_len(2).not_null())
                    .col(ColumnDef::new(CertificateTypes::FeeYen).integer().not_null())
                    .col(ColumnDef::new(CertificateTypes::SortOrder).integer().not_null().default(0))
                    .col(ColumnDef::new(CertificateTypes::Active).boolean().not_null().default(true))
                    .foreign_key(&mut university_fk(CertificateTypes::Table))
                    .check(Expr::col(CertificateTypes::FeeYen).gte(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_per_university(
                "certificate_types_university_code",
                CertificateTypes::Table,
                CertificateTypes::Code,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                CertificateTypes::Table.into_iden(),
                DegreePrograms::Table.into_iden(),
                Affiliations::Table.into_iden(),
                Universities::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Universities {
    Table,
    Id,
    Code,
    NameJa,
    NameEn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Affiliations {
    Table,
    Id,
    UniversityId,
    ParentId,
    Level,
    Code,
    NameJa,
    NameEn,
    SortOrder,
}

#[derive(DeriveIden)]
enum DegreePrograms {
    Table,
    Id,
    UniversityId,
    Code,
    NameJa,
    NameEn,
    SortOrder,
}

#[derive(DeriveIden)]
enum CertificateTypes {
    Table,
    Id,
    UniversityId,
    Code,
    NameJa,
    NameEn,
    Language,
    FeeYen,
    SortOrder,
    Active,
}
