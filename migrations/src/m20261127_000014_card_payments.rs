//! Card payment through Stripe Checkout (issue 10): an order's Checkout Session (its id, to
//! match the `checkout.session.completed` webhook, and the page the graduate pays on) and
//! the payment intent a refund names; a payment's refund, or why it failed.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite adds one at a time.
        let orders = [
            ColumnDef::new(Orders::CheckoutSessionId).string_len(255).null().to_owned(),
            ColumnDef::new(Orders::CheckoutUrl).string_len(2048).null().to_owned(),
            ColumnDef::new(Orders::PaymentIntentId).string_len(255).null().to_owned(),
        ];
        for mut column in orders {
            manager.alter_table(Table::alter().table(Orders::Table).add_column(&mut column).to_owned()).await?;
        }
        let payments = [
            ColumnDef::new(Payments::RefundId).string_len(255).null().to_owned(),
            ColumnDef::new(Payments::RefundedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Payments::RefundError).string_len(400).null().to_owned(),
        ];
        for mut column in payments {
            manager.alter_table(Table::alter().table(Payments::Table).add_column(&mut column).to_owned()).await?;
        }
        // The webhook finds the order by its session; a session pays one order.
        manager
            .create_index(
                Index::create()
                    .name("orders_checkout_session")
                    .table(Orders::Table)
                    .col(Orders::CheckoutSessionId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("orders_checkout_session").table(Orders::Table).to_owned()).await?;
        for column in [Payments::RefundId, Payments::RefundedAt, Payments::RefundError] {
            manager.alter_table(Table::alter().table(Payments::Table).drop_column(column).to_owned()).await?;
        }
        for column in [Orders::CheckoutSessionId, Orders::CheckoutUrl, Orders::PaymentIntentId] {
            manager.alter_table(Table::alter().table(Orders::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    CheckoutSessionId,
    CheckoutUrl,
    PaymentIntentId,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    RefundId,
    RefundedAt,
    RefundError,
}
