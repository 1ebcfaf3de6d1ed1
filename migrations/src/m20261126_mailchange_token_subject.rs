//! One-time links found by what they are for and whose they are: a graduate's pending mail
//! address change is read on every `GET /api/v1/me` (and replaced by a newer request).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "idx_one_time_tokens_subject";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(OneTimeTokens::Table)
                    .col(OneTimeTokens::SubjectId)
                    .col(OneTimeTokens::Purpose)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(INDEX).table(OneTimeTokens::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    SubjectId,
    Purpose,
}
