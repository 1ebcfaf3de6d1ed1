//! Payments of orders (issue 10): one per order, recorded by staff (a postal money order or a
//! bank transfer) with the idempotency key it was recorded with.

use sea_orm_migration::prelude::*;

use crate::{id_column, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .col(id_column(Payments::Id))
                    // One payment an order: two confirmations at once record one.
                    .col(ColumnDef::new(Payments::OrderId).big_integer().not_null().unique_key())
                    .col(ColumnDef::new(Payments::Method).string_len(32).not_null())
                    .col(ColumnDef::new(Payments::AmountYen).integer().not_null())
                    .col(ColumnDef::new(Payments::Note).string_len(800).not_null())
                    .col(ColumnDef::new(Payments::RecordedBy).big_integer().null())
                    .col(ColumnDef::new(Payments::IdempotencyKey).string_len(64).not_null())
                    .col(ColumnDef::new(Payments::RequestHash).string_len(64).not_null())
                    .col(timestamp(Payments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Payments::Table, Payments::OrderId)
                            .to(Alias::new("orders"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Payments::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    OrderId,
    Method,
    AmountYen,
    Note,
    RecordedBy,
    IdempotencyKey,
    RequestHash,
    CreatedAt,
}
