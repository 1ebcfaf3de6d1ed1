//! Orders (issue 10): what a graduate ordered for one student record through one channel,
//! with the lines and fees as they were when ordered, the reservation number of a
//! convenience-store order, the delivery of a post order, and the idempotency key it was
//! created with.

use sea_orm_migration::prelude::*;

use crate::{drop_tables, id_column, timestamp, university_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(id_column(Orders::Id))
                    .col(ColumnDef::new(Orders::UniversityId).big_integer().not_null())
                    .col(ColumnDef::new(Orders::OrderNumber).string_len(20).not_null().unique_key())
                    .col(ColumnDef::new(Orders::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Orders::EnrollmentId).big_integer().not_null())
                    .col(ColumnDef::new(Orders::Channel).string_len(32).not_null())
                    .col(ColumnDef::new(Orders::State).string_len(32).not_null())
                    .col(ColumnDef::new(Orders::PaymentMethod).string_len(32).not_null())
                    .col(ColumnDef::new(Orders::Fees).text().not_null())
                    .col(ColumnDef::new(Orders::TotalYen).integer().not_null())
                    .col(ColumnDef::new(Orders::StorePrintFeeYen).integer().not_null())
                    .col(ColumnDef::new(Orders::ReservationNumber).string_len(12).null().unique_key())
                    .col(ColumnDef::new(Orders::PrintDeadline).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Orders::Delivery).text().null())
                    .col(ColumnDef::new(Orders::IdempotencyKey).string_len(64).not_null())
                    .col(ColumnDef::new(Orders::RequestHash).string_len(64).not_null())
                    .col(timestamp(Orders::CreatedAt))
                    .col(timestamp(Orders::UpdatedAt))
                    .col(ColumnDef::new(Orders::PaidAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut university_fk(Orders::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::AccountId)
                            .to(Alias::new("graduate_accounts"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::EnrollmentId)
                            .to(Alias::new("enrollments"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("orders_account_key")
                    .table(Orders::Table)
                    .col(Orders::AccountId)
                    .col(Orders::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("orders_account_created")
                    .table(Orders::Table)
                    .col(Orders::AccountId)
                    .col(Orders::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrderItems::Table)
                    .col(id_column(OrderItems::Id))
                    .col(ColumnDef::new(OrderItems::OrderId).big_integer().not_null())
                    .col(ColumnDef::new(OrderItems::CertificateTypeId).big_integer().not_null())
                    .col(ColumnDef::new(OrderItems::NameJa).string_len(200).not_null())
                    .col(ColumnDef::new(OrderItems::NameEn).string_len(200).not_null())
                    .col(ColumnDef::new(OrderItems::Language).string_len(2).not_null())
                    .col(ColumnDef::new(OrderItems::Copies).integer().not_null())
                    .col(ColumnDef::new(OrderItems::UnitFeeYen).integer().not_null())
                    .col(ColumnDef::new(OrderItems::AmountYen).integer().not_null())
                    .col(ColumnDef::new(OrderItems::Position).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderItems::Table, OrderItems::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderItems::Table, OrderItems::CertificateTypeId)
                            .to(Alias::new("certificate_types"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("order_items_order").table(OrderItems::Table).col(OrderItems::OrderId).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, vec![OrderItems::Table.into_iden(), Orders::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    UniversityId,
    OrderNumber,
    AccountId,
    EnrollmentId,
    Channel,
    State,
    PaymentMethod,
    Fees,
    TotalYen,
    StorePrintFeeYen,
    ReservationNumber,
    PrintDeadline,
    Delivery,
    IdempotencyKey,
    RequestHash,
    CreatedAt,
    UpdatedAt,
    PaidAt,
}

#[derive(DeriveIden)]
enum OrderItems {
    Table,
    Id,
    OrderId,
    CertificateTypeId,
    NameJa,
    NameEn,
    Language,
    Copies,
    UnitFeeYen,
    AmountYen,
    Position,
}
