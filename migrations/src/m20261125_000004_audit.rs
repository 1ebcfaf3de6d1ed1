//! The audit log: every decision, staff login and account change (ARCHITECTURE.md 6).

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
                    .table(AuditEvents::Table)
                    .col(id_column(AuditEvents::Id))
                    .col(ColumnDef::new(AuditEvents::UniversityId).big_integer().not_null())
                    .col(timestamp(AuditEvents::CreatedAt))
                    .col(ColumnDef::new(AuditEvents::ActorKind).string_len(16).not_null())
                    .col(ColumnDef::new(AuditEvents::ActorId).big_integer().null())
                    .col(ColumnDef::new(AuditEvents::Action).string_len(64).not_null())
                    .col(ColumnDef::new(AuditEvents::TargetKind).string_len(32).null())
                    .col(ColumnDef::new(AuditEvents::TargetId).big_integer().null())
                    .col(ColumnDef::new(AuditEvents::Detail).text().null())
                    .col(ColumnDef::new(AuditEvents::ClientAddress).string_len(64).null())
                    .foreign_key(&mut university_fk(AuditEvents::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_events_university_time")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::UniversityId)
                    .col(AuditEvents::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditEvents::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    UniversityId,
    CreatedAt,
    ActorKind,
    ActorId,
    Action,
    TargetKind,
    TargetId,
    Detail,
    ClientAddress,
}
