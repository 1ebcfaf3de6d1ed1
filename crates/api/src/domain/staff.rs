//! University staff accounts: the bootstrap administrator, and logging in.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};
use secrecy::SecretString;

use chrono::Duration;

use super::audit::{self, Actor};
use super::rate_limit::{self, Limit, RetryAfter};
use crate::crypto;
use crate::db::staff_user;
use crate::state::AppState;

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

/// Staff login, per client address and per account.
const LOGIN_PER_CLIENT: Limit = Limit { scope: "staff_login_client", max: 30, window: Duration::minutes(10) };
const LOGIN_PER_ACCOUNT: Limit = Limit { scope: "staff_login_account", max: 10, window: Duration::minutes(15) };

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("wrong address or password")]
    InvalidCredentials,
    #[error("too many attempts")]
    RateLimited(RetryAfter),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A staff member who proved who they are.
#[derive(Debug, Clone)]
pub struct StaffIdentity {
    pub id: i64,
    pub role: String,
}

/// A hash to verify against when the address is unknown, so that a wrong address takes
/// as long as a wrong password and the answer tells nothing.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let salt = SaltString::encode_b64(b"cis-dummy-salt!!").expect("salt");
        argon2::Argon2::default().hash_password(b"no account has this password", &salt).expect("hash").to_string()
    })
}

/// Checks a staff member's address and password; every attempt is an audit event.
pub async fn login(
    state: &AppState,
    email: &str,
    password: SecretString,
    client: &str,
) -> Result<StaffIdentity, LoginError> {
    let now = state.clock.now();
    let university = state.university.id;
    let email = email.trim().to_ascii_lowercase();
    rate_limit::hit(&state.db, &LOGIN_PER_CLIENT, client, now).await?.map_err(LoginError::RateLimited)?;
    rate_limit::hit(&state.db, &LOGIN_PER_ACCOUNT, &email, now).await?.map_err(LoginError::RateLimited)?;

    let user = staff_user::Entity::find()
        .filter(staff_user::Column::UniversityId.eq(university))
        .filter(staff_user::Column::Email.eq(&email))
        .one(&state.db)
        .await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| dummy_hash().to_owned());
    let matches = crypto::verify_secret(password, hash).await?;
    let accepted = user.filter(|u| matches && !u.disabled);
    let event =
        |actor, action| audit::Event { actor, action, target: None, detail: None, client_address: Some(client) };
    match accepted {
        Some(user) => {
            audit::record(&state.db, university, event(Actor::Staff(user.id), "staff.login"), now).await?;
            Ok(StaffIdentity { id: user.id, role: user.role })
        }
        None => {
            let mut failed = event(Actor::Anonymous, "staff.login_failed");
            failed.detail = Some(email);
            audit::record(&state.db, university, failed, now).await?;
            Err(LoginError::InvalidCredentials)
        }
    }
}

/// The staff member behind a token, if still enabled.
pub async fn active(state: &AppState, id: i64) -> Result<Option<StaffIdentity>, sea_orm::DbErr> {
    Ok(staff_user::Entity::find_by_id(id)
        .filter(staff_user::Column::UniversityId.eq(state.university.id))
        .filter(staff_user::Column::Disabled.eq(false))
        .one(&state.db)
        .await?
        .map(|u| StaffIdentity { id: u.id, role: u.role }))
}
