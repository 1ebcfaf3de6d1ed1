//! What start-up sets up: the bootstrap administrator and the kept JWT secret.

use cis_api::db::staff_user;
use cis_api::domain::staff::{ensure_bootstrap_administrator, Bootstrap};
use cis_tests::{on_both_databases, ADMIN_EMAIL, ADMIN_PASSWORD};
use sea_orm::EntityTrait;

on_both_databases! {
    async fn the_configured_administrator_exists_with_a_hashed_password(app) {
        let staff = staff_user::Entity::find().all(app.db()).await.unwrap();
        assert_eq!(staff.len(), 1);
        assert_eq!(staff[0].email, ADMIN_EMAIL);
        assert_eq!(sea_orm::ActiveEnum::to_value(&staff[0].role), "administrator");
        assert!(staff[0].password_hash.starts_with("$argon2id$"));
        assert!(!staff[0].password_hash.contains(ADMIN_PASSWORD));

        let again = ensure_bootstrap_administrator(app.db(), app.state.university.id, "other@example.jp", None, app.clock.now())
            .await
            .unwrap();
        assert!(matches!(again, Bootstrap::AlreadyPresent));
        assert_eq!(staff_user::Entity::find().all(app.db()).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn the_generated_jwt_secret_is_private_to_the_owner() {
    let app = cis_tests::spawn_app().await;
    let path = app.data_dir.join("jwt-secret");
    let secret = std::fs::read_to_string(&path).unwrap();
    assert!(secret.len() >= 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

/// Every connection of the SQLite pool waits for the write lock and syncs as configured,
/// not only the one that happened to run the pragmas.
#[tokio::test]
async fn every_sqlite_connection_gets_the_pragmas() {
    use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
    let app = cis_tests::spawn_app().await;
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(app.db().begin().await.unwrap());
    }
    for txn in &held {
        let pragma = |name: &str| {
            let sql = format!("PRAGMA {name}");
            async move {
                let row =
                    txn.query_one(Statement::from_string(txn.get_database_backend(), sql)).await.unwrap().unwrap();
                row.try_get_by_index::<i64>(0).unwrap()
            }
        };
        assert_eq!(pragma("busy_timeout").await, 5000);
        assert_eq!(pragma("synchronous").await, 1, "NORMAL");
        assert_eq!(pragma("foreign_keys").await, 1);
    }
}
