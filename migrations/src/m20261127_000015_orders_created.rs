//! The staff's list of every order, newest first (issue 10), at 100,000 orders: read from
//! an index in that order instead of sorting the table for each page.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Without `university_id` first: SQLite, which keeps no statistics here, would then
        // take this index for every query naming the university, a graduate's orders too.
        manager
            .create_index(
                Index::create()
                    .name("orders_created")
                    .table(Orders::Table)
                    .col(Orders::CreatedAt)
                    .col(Orders::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("orders_created").table(Orders::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    CreatedAt,
}
