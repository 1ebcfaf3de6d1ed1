//! University staff accounts: the bootstrap administrator, and logging in.

use cis_shared::email::{self, Email};
use cis_shared::messages::ErrorCode;
use cis_shared::staff::{NewStaffUser, StaffRole, StaffUser, StaffUserChange};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use secrecy::{ExposeSecret, SecretString};

use chrono::Duration;
use cis_shared::staff::ActorKind;
use cis_shared::Locale;
use sea_orm::DbErr;

use super::audit::{self, Actor};
use super::lockout;
use super::rate_limit::{self, Limit, RetryAfter};
use super::{Mailer, Scope};
use crate::crypto::{self, sha256_hex};
use crate::db::{audit_event, staff_user};
use crate::mail::templates::{render, StaffLoginLockedMail, StaffPasswordMail};

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
        .filter(staff_user::Column::Role.eq(StaffRole::Administrator))
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
        email: Set(email::normalize(email)),
        display_name: Set("Administrator".to_owned()),
        role: Set(StaffRole::Administrator),
        password_hash: Set(crypto::hash_secret(password).await?),
        disabled: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(outcome)
}

/// Staff login per client address, successes included: enough for an office behind one
/// router.
const LOGIN_PER_CLIENT: Limit = Limit { scope: "staff_login_client", max: 30, window: Duration::minutes(10) };
/// Failures in a row from one client that lock the address for that client.
const FAILURES_FROM_ONE_CLIENT: i32 = 5;
/// Failures in a row from anywhere that lock the address for every client the member has
/// not logged in from lately: a stranger alone is held by the per-client lock long before.
const FAILURES_FROM_ANYWHERE: i32 = 20;
/// A client the member logged in from this recently is the member's own.
const KNOWN_CLIENT_DAYS: i64 = 30;

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("wrong address or password")]
    InvalidCredentials,
    #[error("too many attempts")]
    RateLimited(RetryAfter),
    #[error("the address is locked for a while")]
    Locked(RetryAfter),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A staff member who proved who they are.
#[derive(Debug, Clone)]
pub struct StaffIdentity {
    pub id: i64,
    pub role: StaffRole,
    /// The token generation its tokens carry.
    pub generation: i64,
}

/// The keys of a staff address's failed logins: from anywhere, and from this client.
fn lock_keys(email: &str, client: &str) -> (String, String) {
    (sha256_hex(&format!("staff:{email}")), sha256_hex(&format!("staff:{email}|{client}")))
}

/// What a failed login typed as the address, fit for the audit log: a mail address
/// normalised, anything else (a password typed into the wrong field, control characters)
/// only as its length.
pub fn typed_address(typed: &str) -> String {
    match Email::parse(typed.trim()) {
        Ok(email) => email.normalized(),
        Err(_) => format!("(not a mail address: {} characters)", typed.chars().count().min(10_000)),
    }
}

/// Whether the member logged in from this client lately.
async fn known_client(scope: Scope<'_>, id: i64, client: &str) -> Result<bool, DbErr> {
    Ok(audit_event::Entity::find()
        .filter(audit_event::Column::UniversityId.eq(scope.university.id))
        .filter(audit_event::Column::Action.eq("staff.login"))
        .filter(audit_event::Column::ActorKind.eq(ActorKind::Staff))
        .filter(audit_event::Column::ActorId.eq(id))
        .filter(audit_event::Column::ClientAddress.eq(client))
        .filter(audit_event::Column::CreatedAt.gt(scope.now - Duration::days(KNOWN_CLIENT_DAYS)))
        .one(scope.db)
        .await?
        .is_some())
}

/// Checks a staff member's address and password; every attempt is an audit event. Only
/// failures count toward a lock: five in a row from one client lock the address for that
/// client, twenty from anywhere lock it for clients the member has not logged in from in
/// the last 30 days. Either lock mails the member.
pub async fn login(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    email: &str,
    password: SecretString,
    client: &str,
) -> Result<StaffIdentity, LoginError> {
    let now = scope.now;
    let university = scope.university.id;
    let typed = email;
    let email = email::normalize(email);
    rate_limit::hit(scope.db, &LOGIN_PER_CLIENT, client, now).await?.map_err(LoginError::RateLimited)?;
    // Not an address (a NUL byte, which PostgreSQL refuses in text): nobody, same work.
    let user = match Email::parse(&email) {
        Ok(_) => {
            staff_user::Entity::find()
                .filter(staff_user::Column::UniversityId.eq(university))
                .filter(staff_user::Column::Email.eq(&email))
                .one(scope.db)
                .await?
        }
        Err(_) => None,
    };
    let (anywhere, here) = lock_keys(&email, client);
    if let Some(until) = lockout::locked_until(scope.db, university, &here, now).await? {
        return Err(LoginError::Locked(lockout::retry_after(until, now)));
    }
    if let Some(until) = lockout::locked_until(scope.db, university, &anywhere, now).await? {
        let own = match &user {
            Some(user) => known_client(scope, user.id, client).await?,
            None => false,
        };
        if !own {
            return Err(LoginError::Locked(lockout::retry_after(until, now)));
        }
    }

    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| crypto::dummy_hash().to_owned());
    let matches = crypto::verify_secret(password, hash).await?;
    match user.as_ref().filter(|u| matches && !u.disabled) {
        Some(user) => {
            let txn = crate::db::begin_write(scope.db).await?;
            lockout::succeed(&txn, university, &here).await?;
            lockout::succeed(&txn, university, &anywhere).await?;
            let event = audit::Event {
                actor: Actor::Staff(user.id),
                action: "staff.login",
                target: None,
                detail: None,
                client_address: Some(client),
            };
            audit::record(&txn, university, event, now).await?;
            txn.commit().await?;
            Ok(StaffIdentity { id: user.id, role: user.role, generation: user.token_version })
        }
        None => {
            record_failure(scope, mailer, typed, user.as_ref(), (&here, &anywhere), client).await?;
            Err(LoginError::InvalidCredentials)
        }
    }
}

/// Counts a failed staff login against the client's key and the address's; a lock it sets
/// is audited as `staff.login_locked` and mailed to the member, when there is one.
async fn record_failure(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    typed: &str,
    member: Option<&staff_user::Model>,
    (here, anywhere): (&str, &str),
    client: &str,
) -> Result<(), LoginError> {
    let (university, now) = (scope.university.id, scope.now);
    let txn = crate::db::begin_write(scope.db).await?;
    let here_lock = lockout::fail(&txn, university, here, FAILURES_FROM_ONE_CLIENT, now).await?;
    let anywhere_lock = lockout::fail(&txn, university, anywhere, FAILURES_FROM_ANYWHERE, now).await?;
    let typed = typed_address(typed);
    let mut failed = audit::Event {
        actor: Actor::Anonymous,
        action: "staff.login_failed",
        target: None,
        detail: Some(typed.clone()),
        client_address: Some(client),
    };
    if let Some((lock, everywhere)) = anywhere_lock.map(|l| (l, true)).or(here_lock.map(|l| (l, false))) {
        failed.action = "staff.login_locked";
        failed.detail = Some(format!("{typed} ({} minutes)", lock.minutes));
        if let Some(member) = member {
            failed.target = Some(("staff_user", member.id));
            let template =
                StaffLoginLockedMail { display_name: member.display_name.clone(), until: lock.until, everywhere };
            let mail = render(&template, &member.email, Locale::Ja, &scope.university.name);
            mailer.enqueue(&txn, scope, &mail).await?;
        }
    }
    audit::record(&txn, university, failed, now).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(())
}

/// The staff member behind a token of this generation, if still enabled.
pub async fn active(scope: Scope<'_>, id: i64, generation: i64) -> Result<Option<StaffIdentity>, sea_orm::DbErr> {
    Ok(staff_user::Entity::find_by_id(id)
        .filter(staff_user::Column::UniversityId.eq(scope.university.id))
        .filter(staff_user::Column::Disabled.eq(false))
        .filter(staff_user::Column::TokenVersion.eq(generation))
        .one(scope.db)
        .await?
        .map(|u| StaffIdentity { id: u.id, role: u.role, generation: u.token_version }))
}

/// Ends every token of the member (logout); audit `staff.logout`.
pub async fn log_out(scope: Scope<'_>, who: &StaffIdentity, client: &str) -> Result<(), sea_orm::DbErr> {
    let now = scope.now;
    let txn = crate::db::begin_write(scope.db).await?;
    advance_generation(&txn, who.id).await?;
    let event = audit::Event {
        actor: Actor::Staff(who.id),
        action: "staff.logout",
        target: None,
        detail: None,
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, now).await?;
    txn.commit().await
}

async fn advance_generation(db: &impl sea_orm::ConnectionTrait, id: i64) -> Result<(), sea_orm::DbErr> {
    staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::TokenVersion,
            sea_orm::sea_query::Expr::col(staff_user::Column::TokenVersion).add(1),
        )
        .filter(staff_user::Column::Id.eq(id))
        .exec(db)
        .await
        .map(drop)
}

#[derive(Debug, thiserror::Error)]
pub enum StaffAdminError {
    #[error("no such staff member")]
    NotFound,
    #[error("the address is taken")]
    EmailTaken,
    #[error("administrators cannot disable or demote themselves")]
    OwnAccount,
    #[error("invalid input")]
    Invalid(Vec<(String, ErrorCode)>),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

fn to_dto(user: &staff_user::Model) -> StaffUser {
    StaffUser {
        id: user.id,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        disabled: user.disabled,
        created_at: user.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

/// A staff member's display name: one line of text (the applicant form's rule), trimmed,
/// at most 100 characters.
fn display_name(input: &str) -> Result<String, ErrorCode> {
    // As typed, as the document's `maxLength` counts it; then without the spaces around it.
    if input.chars().count() > 100 {
        return Err(ErrorCode::TooLong);
    }
    cis_shared::fields::parse_line(input.trim(), 100).map(str::to_owned)
}

async fn find_user(scope: Scope<'_>, id: i64) -> Result<staff_user::Model, StaffAdminError> {
    staff_user::Entity::find_by_id(id)
        .filter(staff_user::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
        .ok_or(StaffAdminError::NotFound)
}

/// The staff member behind a token.
pub async fn profile(scope: Scope<'_>, id: i64) -> Result<StaffUser, StaffAdminError> {
    Ok(to_dto(&find_user(scope, id).await?))
}

/// Every staff member of the university, administrators first, then by address.
pub async fn list(scope: Scope<'_>) -> Result<Vec<StaffUser>, sea_orm::DbErr> {
    let users = staff_user::Entity::find()
        .filter(staff_user::Column::UniversityId.eq(scope.university.id))
        .order_by_asc(staff_user::Column::Email)
        .all(scope.db)
        .await?;
    let mut list: Vec<StaffUser> = users.iter().map(to_dto).collect();
    list.sort_by_key(|u| u.role != StaffRole::Administrator);
    Ok(list)
}

fn password_mail(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    user: &staff_user::Model,
    password: &SecretString,
    reset: bool,
) -> crate::mail::Mail {
    let template = StaffPasswordMail {
        display_name: user.display_name.clone(),
        password: password.expose_secret().to_owned(),
        login_link: mailer.link("/staff/login"),
        reset,
    };
    render(&template, &user.email, cis_shared::Locale::Ja, &scope.university.name)
}

/// Creates a staff member with a generated password, mailed to them.
pub async fn create(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    admin: &StaffIdentity,
    new: NewStaffUser,
    client: &str,
) -> Result<StaffUser, StaffAdminError> {
    let now = scope.now;
    let (email, name) = match (Email::parse(&new.email), display_name(&new.display_name)) {
        (Ok(email), Ok(name)) => (email, name),
        (email, name) => {
            let violations = [("/email", email.err()), ("/display_name", name.err())];
            let violations = violations.into_iter().filter_map(|(f, code)| Some((f.to_owned(), code?))).collect();
            return Err(StaffAdminError::Invalid(violations));
        }
    };
    let password = crypto::generate_password(16);
    let hash = crypto::hash_secret(password.clone()).await?;
    let txn = crate::db::begin_write(scope.db).await?;
    let taken = staff_user::Entity::find()
        .filter(staff_user::Column::UniversityId.eq(scope.university.id))
        .filter(staff_user::Column::Email.eq(email.normalized()))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(StaffAdminError::EmailTaken);
    }
    let user = staff_user::ActiveModel {
        university_id: Set(scope.university.id),
        email: Set(email.normalized()),
        display_name: Set(name),
        role: Set(new.role),
        password_hash: Set(hash),
        disabled: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    mailer.enqueue(&txn, scope, &password_mail(scope, mailer, &user, &password, false)).await?;
    let event = audit::Event {
        actor: Actor::Staff(admin.id),
        action: "staff.create",
        target: Some(("staff_user", user.id)),
        detail: Some(format!("{} ({})", user.email, user.role)),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, now).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(to_dto(&user))
}

/// Disables, enables, renames or changes the role of a staff member. Administrators cannot
/// disable or demote themselves (someone must be able to manage staff).
pub async fn change(
    scope: Scope<'_>,
    admin: &StaffIdentity,
    id: i64,
    change: StaffUserChange,
    client: &str,
) -> Result<StaffUser, StaffAdminError> {
    let now = scope.now;
    let user = find_user(scope, id).await?;
    if user.id == admin.id
        && (change.disabled == Some(true) || change.role.is_some_and(|r| r != StaffRole::Administrator))
    {
        return Err(StaffAdminError::OwnAccount);
    }
    let name = change
        .display_name
        .as_deref()
        .map(display_name)
        .transpose()
        .map_err(|code| StaffAdminError::Invalid(vec![("/display_name".to_owned(), code)]))?;
    let mut actions = Vec::new();
    let mut active: staff_user::ActiveModel = user.clone().into();
    if let Some(disabled) = change.disabled.filter(|d| *d != user.disabled) {
        active.disabled = Set(disabled);
        actions.push(if disabled { "staff.disable" } else { "staff.enable" });
    }
    if let Some(role) = change.role.filter(|r| *r != user.role) {
        active.role = Set(role);
        actions.push("staff.change_role");
    }
    if let Some(name) = name.filter(|n| *n != user.display_name) {
        active.display_name = Set(name);
        actions.push("staff.rename");
    }
    if actions.is_empty() {
        return Ok(to_dto(&user));
    }
    let txn = crate::db::begin_write(scope.db).await?;
    let updated = active.update(&txn).await?;
    if actions.contains(&"staff.disable") {
        // Every token issued before stays dead, also after the member is enabled again.
        advance_generation(&txn, updated.id).await?;
    }
    for action in actions {
        let event = audit::Event {
            actor: Actor::Staff(admin.id),
            action,
            target: Some(("staff_user", updated.id)),
            detail: Some(format!("{} ({})", updated.email, updated.role)),
            client_address: Some(client),
        };
        audit::record(&txn, scope.university.id, event, now).await?;
    }
    txn.commit().await?;
    Ok(to_dto(&updated))
}

/// Replaces a staff member's password with a generated one, mailed to them.
pub async fn reset_password(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    admin: &StaffIdentity,
    id: i64,
    client: &str,
) -> Result<(), StaffAdminError> {
    let now = scope.now;
    let user = find_user(scope, id).await?;
    // It would end the administrator's own session and mail a password they must wait for.
    if user.id == admin.id {
        return Err(StaffAdminError::OwnAccount);
    }
    let password = crypto::generate_password(16);
    let hash = crypto::hash_secret(password.clone()).await?;
    let txn = crate::db::begin_write(scope.db).await?;
    let mut active: staff_user::ActiveModel = user.clone().into();
    active.password_hash = Set(hash);
    active.update(&txn).await?;
    advance_generation(&txn, user.id).await?;
    mailer.enqueue(&txn, scope, &password_mail(scope, mailer, &user, &password, true)).await?;
    let event = audit::Event {
        actor: Actor::Staff(admin.id),
        action: "staff.reset_password",
        target: Some(("staff_user", user.id)),
        detail: Some(user.email.clone()),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, now).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(())
}
