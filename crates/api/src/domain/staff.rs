//! University staff accounts. For now: the bootstrap administrator that lets the first
//! person into the staff area.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};
use secrecy::SecretString;

use crate::crypto;
use crate::db::staff_user;

/// The roles of staff (ARCHITECTURE.md section 4).
pub const ROLE_ADMINISTRATOR: &str = "administrator";

/// What start-up did about the bootstrap administrator.
#[derive(Debug)]
pub enum Bootstrap {
    /// An administrator already exists; nothing changed.
    AlreadyPresent,
    /// Created with the configured password.
    Created,
    /// Created with a generated password, to be shown once to whoever started the server.
    CreatedWithGeneratedPassword(SecretString),
}

/// Makes sure the university has an administrator: the one from `CIS_ADMIN_EMAIL`.
pub async fn ensure_bootstrap_administrator(
    db: &DatabaseConnection,
    university_id: i64,
    email: &str,
    password: Option<SecretString>,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Bootstrap> {
    let administrators = staff_user::Entity::find()
        .filter(staff_user::Column::UniversityId.eq(university_id))
        .filter(staff_user::Column::Role.eq(ROLE_ADMINISTRATOR))
        .count(db)
        .await?;
    if administrators > 0 {
        return Ok(Bootstrap::AlreadyPresent);
    }
    let (password, outcome) = match password {
        Some(p) => (p, Bootstrap::Created),
        None => {
            let generated = crypto::generate_password(20);
            (generated.clone(), Bootstrap::CreatedWithGeneratedPassword(generated))
        }
    };
    staff_user::ActiveModel {
        university_id: Set(university_id),
        email: Set(email.to_ascii_lowercase()),
        display_name: Set("Administrator".to_owned()),
        role: Set(ROLE_ADMINISTRATOR.to_owned()),
        password_hash: Set(crypto::hash_secret(password).await?),
        disabled: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(outcome)
}
