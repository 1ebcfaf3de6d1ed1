//! Academic records (issue 11): each student's course rows as staff imported them by CSV,
//! replaced whole per student by each import.

use sea_orm_migration::prelude::*;

use crate::{id_column, timestamp, university_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AcademicRecords::Table)
                    .col(id_column(AcademicRecords::Id))
                    .col(ColumnDef::new(AcademicRecords::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(AcademicRecords::StudentId).string_len(40).not_null())
                    .col(ColumnDef::new(AcademicRecords::Position).integer().not_null())
                    .col(ColumnDef::new(AcademicRecords::Term).string_len(80).not_null())
                    .col(ColumnDef::new(AcademicRecords::CourseCode).string_len(40).not_null())
                    .col(ColumnDef::new(AcademicRecords::TitleJa).string_len(400).not_null())
                    .col(ColumnDef::new(AcademicRecords::TitleEn).string_len(400).not_null())
                    .col(ColumnDef::new(AcademicRecords::CreditsTenths).integer().not_null())
                    .col(ColumnDef::new(AcademicRecords::Grade).string_len(40).not_null())
                    .col(timestamp(AcademicRecords::ImportedAt))
                    .foreign_key(&mut university_fk(AcademicRecords::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("academic_records_student")
                    .table(AcademicRecords::Table)
                    .col(AcademicRecords::UniversityId)
                    .col(AcademicRecords::StudentId)
                    .col(AcademicRecords::Position)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AcademicRecords::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AcademicRecords {
    Table,
    Id,
    UniversityId,
    StudentId,
    Position,
    Term,
    CourseCode,
    TitleJa,
    TitleEn,
    CreditsTenths,
    Grade,
    ImportedAt,
}
