//! Mail the SMTP server refused for good (a 5xx answer such as `550 no such user`): the
//! outbox row stops being retried and waits, with its reason, for an administrator to send
//! it again (issue 12).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut failed_at = ColumnDef::new(Outbox::FailedAt).timestamp_with_time_zone().null().to_owned();
        manager.alter_table(Table::alter().table(Outbox::Table).add_column(&mut failed_at).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::FailedAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    FailedAt,
}
