//! Digital delivery (issue 11): the recipient a graduate names on an order, the delivery's
//! link (its token's hash only), every download of it, and the university's signing keys
//! for the Verifiable Credentials (the private half sealed).

use sea_orm_migration::prelude::*;

use crate::{drop_tables, id_column, timestamp, university_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // `cis_shared::delivery::Recipient` as JSON, for `digital` orders.
        let mut recipient = ColumnDef::new(Orders::Recipient).text().null().to_owned();
        manager.alter_table(Table::alter().table(Orders::Table).add_column(&mut recipient).to_owned()).await?;
        deliveries(manager).await?;
        downloads(manager).await?;
        signing_keys(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![SigningKeys::Table.into_iden(), DeliveryDownloads::Table.into_iden(), Deliveries::Table.into_iden()],
        )
        .await?;
        manager
            .alter_table(Table::alter().table(Orders::Table).drop_column(Orders::Recipient).to_owned())
            .await
            .map(drop)
    }
}

async fn deliveries(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Deliveries::Table)
                .col(id_column(Deliveries::Id))
                .col(ColumnDef::new(Deliveries::UniversityId).big_integer().not_null())
                .col(ColumnDef::new(Deliveries::OrderId).big_integer().not_null())
                // The link's token is mailed once; only its SHA-256 is kept.
                .col(ColumnDef::new(Deliveries::TokenHash).string_len(64).not_null())
                .col(timestamp(Deliveries::SentAt))
                .col(timestamp(Deliveries::ExpiresAt))
                .col(ColumnDef::new(Deliveries::OpenedAt).timestamp_with_time_zone().null())
                .col(ColumnDef::new(Deliveries::CancelledAt).timestamp_with_time_zone().null())
                .foreign_key(&mut university_fk(Deliveries::Table))
                .foreign_key(
                    ForeignKey::create()
                        .from(Deliveries::Table, Deliveries::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    // One delivery per order: two workers racing to send it meet here.
    for (name, column) in [("deliveries_order", Deliveries::OrderId), ("deliveries_token", Deliveries::TokenHash)] {
        manager
            .create_index(Index::create().name(name).table(Deliveries::Table).col(column).unique().to_owned())
            .await?;
    }
    Ok(())
}

async fn downloads(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(DeliveryDownloads::Table)
                .col(id_column(DeliveryDownloads::Id))
                .col(ColumnDef::new(DeliveryDownloads::DeliveryId).big_integer().not_null())
                .col(ColumnDef::new(DeliveryDownloads::CopyId).big_integer().not_null())
                // `pdf` or `credential`.
                .col(ColumnDef::new(DeliveryDownloads::Format).string_len(20).not_null())
                .col(timestamp(DeliveryDownloads::At))
                // The client's address and browser, as the audit log keeps them.
                .col(ColumnDef::new(DeliveryDownloads::ClientAddress).string_len(64).not_null())
                .col(ColumnDef::new(DeliveryDownloads::UserAgent).string_len(200).not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(DeliveryDownloads::Table, DeliveryDownloads::DeliveryId)
                        .to(Deliveries::Table, Deliveries::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("delivery_downloads_delivery")
                .table(DeliveryDownloads::Table)
                .col(DeliveryDownloads::DeliveryId)
                .to_owned(),
        )
        .await
}

async fn signing_keys(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(SigningKeys::Table)
                .col(id_column(SigningKeys::Id))
                .col(ColumnDef::new(SigningKeys::UniversityId).big_integer().not_null())
                // The JWK thumbprint (RFC 7638) of the public key.
                .col(ColumnDef::new(SigningKeys::Kid).string_len(64).not_null())
                // Ed25519: the public key (URL-safe base64) and the private seed, sealed.
                .col(ColumnDef::new(SigningKeys::PublicKey).string_len(64).not_null())
                .col(ColumnDef::new(SigningKeys::PrivateSealed).string_len(255).not_null())
                .col(timestamp(SigningKeys::CreatedAt))
                .foreign_key(&mut university_fk(SigningKeys::Table))
                .to_owned(),
        )
        .await?;
    // One key per university until keys rotate: two first signatures racing meet here.
    manager
        .create_index(
            Index::create()
                .name("signing_keys_university")
                .table(SigningKeys::Table)
                .col(SigningKeys::UniversityId)
                .unique()
                .to_owned(),
        )
        .await
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    Recipient,
}

#[derive(DeriveIden)]
enum Deliveries {
    Table,
    Id,
    UniversityId,
    OrderId,
    TokenHash,
    SentAt,
    ExpiresAt,
    OpenedAt,
    CancelledAt,
}

#[derive(DeriveIden)]
enum DeliveryDownloads {
    Table,
    Id,
    DeliveryId,
    CopyId,
    Format,
    At,
    ClientAddress,
    UserAgent,
}

#[derive(DeriveIden)]
enum SigningKeys {
    Table,
    Id,
    UniversityId,
    Kid,
    PublicKey,
    PrivateSealed,
    CreatedAt,
}
