//! Bounds on identity-document uploads: each link counts the images it has stored
//! (replacements included), and a rate-limit hit may weigh more than one (the bytes of an
//! upload, for the per-client byte budget).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OneTimeTokens::Table)
                    .add_column(ColumnDef::new(OneTimeTokens::Uploads).integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RateLimitHits::Table)
                    .add_column(ColumnDef::new(RateLimitHits::Weight).big_integer().not_null().default(1))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(RateLimitHits::Table).drop_column(RateLimitHits::Weight).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(OneTimeTokens::Table).drop_column(OneTimeTokens::Uploads).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Uploads,
}

#[derive(DeriveIden)]
enum RateLimitHits {
    Table,
    Weight,
}
