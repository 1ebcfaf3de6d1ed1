//! Documents staff prepare and the university's seal (issue 11): the PDF attached to an
//! order line of a `staff_prepared` certificate type (one a line, replaced in place until a
//! copy is issued from it), and the seal image administrators upload (none: the generated
//! seal).

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
                    .table(PreparedDocuments::Table)
                    .col(id_column(PreparedDocuments::Id))
                    .col(ColumnDef::new(PreparedDocuments::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(PreparedDocuments::OrderId).big_integer().not_null())
                    // One document a line: attaching again replaces it.
                    .col(ColumnDef::new(PreparedDocuments::OrderItemId).big_integer().not_null().unique_key())
                    .col(ColumnDef::new(PreparedDocuments::PdfFile).string_len(255).not_null())
                    .col(ColumnDef::new(PreparedDocuments::PdfSha256).string_len(64).not_null())
                    .col(ColumnDef::new(PreparedDocuments::Pages).integer().not_null())
                    .col(timestamp(PreparedDocuments::AttachedAt))
                    .col(ColumnDef::new(PreparedDocuments::AttachedBy).big_integer().null())
                    .foreign_key(&mut university_fk(PreparedDocuments::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PreparedDocuments::Table, PreparedDocuments::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PreparedDocuments::Table, PreparedDocuments::OrderItemId)
                            .to(OrderItems::Table, OrderItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("prepared_documents_order")
                    .table(PreparedDocuments::Table)
                    .col(PreparedDocuments::OrderId)
                    .to_owned(),
            )
            .await?;
        // The seal's file under `<data dir>/certificates/`; null prints the generated seal.
        let mut seal = ColumnDef::new(Universities::SealFile).string_len(255).null().to_owned();
        manager.alter_table(Table::alter().table(Universities::Table).add_column(&mut seal).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Universities::Table).drop_column(Universities::SealFile).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(PreparedDocuments::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum PreparedDocuments {
    Table,
    Id,
    UniversityId,
    OrderId,
    OrderItemId,
    PdfFile,
    PdfSha256,
    Pages,
    AttachedAt,
    AttachedBy,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrderItems {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Universities {
    Table,
    SealFile,
}
