//! The schema, one migration per step, portable between SQLite and PostgreSQL.
//! They run at start-up and with `cis migrate`.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_catalog;
mod m20261125_000002_staff_and_outbox;
mod m20261125_000003_registration;
mod m20261125_000004_audit;
mod m20261125_000005_accounts;
mod m20261125_000006_sessions;
mod m20261125_000007_staff_token_version;
mod m20261125_000008_upload_bounds;
mod m20261126_000010_order_catalogue;
mod m20261126_000011_orders;
mod m20261126_000012_payments;
mod m20261126_000013_fulfilment;
mod m20261126_mailchange_token_subject;
mod m20261127_000014_card_payments;
mod m20261127_000015_orders_created;
mod m20261127_000016_academic_records;
mod m20261128_000017_documents;
mod m20261129_000018_prepared_documents;
mod m20261129_000019_digital_delivery;
mod m20261130_000020_mail_failures;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_catalog::Migration),
            Box::new(m20261125_000002_staff_and_outbox::Migration),
            Box::new(m20261125_000003_registration::Migration),
            Box::new(m20261125_000004_audit::Migration),
            Box::new(m20261125_000005_accounts::Migration),
            Box::new(m20261125_000006_sessions::Migration),
            Box::new(m20261125_000007_staff_token_version::Migration),
            Box::new(m20261125_000008_upload_bounds::Migration),
            Box::new(m20261126_mailchange_token_subject::Migration),
            Box::new(m20261126_000010_order_catalogue::Migration),
            Box::new(m20261126_000011_orders::Migration),
            Box::new(m20261126_000012_payments::Migration),
            Box::new(m20261126_000013_fulfilment::Migration),
            Box::new(m20261127_000014_card_payments::Migration),
            Box::new(m20261127_000015_orders_created::Migration),
            Box::new(m20261127_000016_academic_records::Migration),
            Box::new(m20261128_000017_documents::Migration),
            Box::new(m20261129_000018_prepared_documents::Migration),
            Box::new(m20261129_000019_digital_delivery::Migration),
            Box::new(m20261130_000020_mail_failures::Migration),
        ]
    }
}

/// An auto-increment 64-bit primary key (`bigserial` on PostgreSQL, the rowid on SQLite).
pub(crate) fn id_column<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().auto_increment().primary_key().to_owned()
}

/// A `created_at`-style timestamp column in UTC.
pub(crate) fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().not_null().to_owned()
}

/// A unique index over `(university_id, column)`: codes and addresses are unique within a
/// university.
pub(crate) fn unique_per_university<T: IntoIden + 'static, C: IntoIden + 'static>(
    name: &str,
    table: T,
    column: C,
) -> IndexCreateStatement {
    Index::create().name(name).table(table).col(Alias::new("university_id")).col(column).unique().to_owned()
}

/// Drops tables in the order given (dependents first).
pub(crate) async fn drop_tables(manager: &SchemaManager<'_>, tables: Vec<DynIden>) -> Result<(), DbErr> {
    for table in tables {
        manager.drop_table(Table::drop().table(table).to_owned()).await?;
    }
    Ok(())
}

/// A reference to `universities.id`, the owner of every row (ARCHITECTURE.md section 4).
pub(crate) fn university_fk<T: IntoIden + 'static>(table: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, Alias::new("university_id"))
        .to(Alias::new("universities"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}
