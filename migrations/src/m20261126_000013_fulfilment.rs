//! Fulfilment of orders (issue 10): a hold with its reason and the state it held, the
//! university's reason for a cancellation, printing and shipment (carrier and tracking
//! number), and when the graduate was reminded of the print deadline; an order's history
//! read from the audit log by its target.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite adds one at a time.
        let columns = [
            ColumnDef::new(Orders::HeldFrom).string_len(32).null().to_owned(),
            ColumnDef::new(Orders::HeldAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Orders::Reason).string_len(800).null().to_owned(),
            ColumnDef::new(Orders::PrintedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Orders::ShippedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Orders::Carrier).string_len(32).null().to_owned(),
            ColumnDef::new(Orders::TrackingNumber).string_len(64).null().to_owned(),
            ColumnDef::new(Orders::RemindedAt).timestamp_with_time_zone().null().to_owned(),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(Orders::Table).add_column(&mut column).to_owned()).await?;
        }
        // The sweep's look-ups: held orders by when, reservations by deadline.
        manager
            .create_index(
                Index::create()
                    .name("orders_state_deadline")
                    .table(Orders::Table)
                    .col(Orders::State)
                    .col(Orders::PrintDeadline)
                    .to_owned(),
            )
            .await?;
        // An order's history: its audit events.
        manager
            .create_index(
                Index::create()
                    .name("audit_events_target")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::TargetKind)
                    .col(AuditEvents::TargetId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("audit_events_target").table(AuditEvents::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("orders_state_deadline").table(Orders::Table).to_owned()).await?;
        for column in [
            Orders::HeldFrom,
            Orders::HeldAt,
            Orders::Reason,
            Orders::PrintedAt,
            Orders::ShippedAt,
            Orders::Carrier,
            Orders::TrackingNumber,
            Orders::RemindedAt,
        ] {
            manager.alter_table(Table::alter().table(Orders::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    State,
    PrintDeadline,
    HeldFrom,
    HeldAt,
    Reason,
    PrintedAt,
    ShippedAt,
    Carrier,
    TrackingNumber,
    RemindedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    TargetKind,
    TargetId,
}
