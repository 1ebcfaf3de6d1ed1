//! Graduate accounts as staff see them: finding the account a reapplication replaces, and
//! issuing a new initial password when the first one expired unused.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use cis_shared::staff::{AccountPage, AccountState, AccountSummary};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use secrecy::ExposeSecret;

use super::audit::{self, Actor};
use super::lockout;
use super::review::contains_any;
use super::session;
use super::{Mailer, Scope};
use crate::crypto;
use crate::db::graduate_account;
use crate::mail::templates::{render, ApprovedMail};

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("no such account")]
    NotFound,
    #[error("the account has set its credentials")]
    NotAwaitingFirstLogin,
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

fn summary(a: &graduate_account::Model, locks: &HashMap<String, DateTime<Utc>>) -> AccountSummary {
    AccountSummary {
        id: a.id,
        email: a.email.clone(),
        name: a.name.clone(),
        name_kana: a.name_kana.clone(),
        birth_date: a.birth_date.clone(),
        state: a.state,
        created_at: a.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        login_locked_until: locks
            .get(&session::lock_key(&a.email_normalized))
            .map(|until| until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    }
}

/// The university's account with this id.
async fn find(scope: Scope<'_>, id: i64) -> Result<graduate_account::Model, AccountError> {
    graduate_account::Entity::find_by_id(id)
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
        .ok_or(AccountError::NotFound)
}

/// Accounts whose name (kanji or katakana), address or birth date contains `search`, by id.
pub async fn search(scope: Scope<'_>, search: &str, page: u64, per_page: u64) -> Result<AccountPage, sea_orm::DbErr> {
    let paginator = graduate_account::Entity::find()
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .filter(contains_any(
            search,
            [
                graduate_account::Column::Name,
                graduate_account::Column::NameKana,
                graduate_account::Column::EmailNormalized,
                graduate_account::Column::BirthDate,
            ],
        ))
        .order_by_asc(graduate_account::Column::Id)
        .paginate(scope.db, per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page.saturating_sub(1)).await?;
    let keys = rows.iter().map(|a| session::lock_key(&a.email_normalized)).collect();
    let locks: HashMap<_, _> =
        lockout::locks_among(scope.db, scope.university.id, keys, scope.now).await?.into_iter().collect();
    Ok(AccountPage { items: rows.iter().map(|a| summary(a, &locks)).collect(), total, page, per_page })
}

/// A new initial password for an account that has not logged in yet, mailed as the
/// approval was ("Result of the application for use"); the old one stops working and the
/// new one works for `initial_password_days`.
pub async fn reissue_initial_password(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    initial_password_days: i64,
    staff_id: i64,
    account_id: i64,
    client: &str,
) -> Result<(), AccountError> {
    let now = scope.now;
    let account = find(scope, account_id).await?;
    if account.state != AccountState::AwaitingFirstLogin {
        return Err(AccountError::NotAwaitingFirstLogin);
    }
    let initial = crypto::generate_password(12);
    let hash = crypto::hash_secret(initial.clone()).await?;
    let expires_at = now + Duration::days(initial_password_days);
    let txn = crate::db::begin_write(scope.db).await?;
    let mut active: graduate_account::ActiveModel = account.clone().into();
    active.password_hash = Set(Some(hash));
    active.initial_password_expires_at = Set(Some(expires_at));
    active.update(&txn).await?;
    let template = ApprovedMail {
        initial_password: initial.expose_secret().to_owned(),
        expires_at,
        login_link: mailer.link("/login"),
    };
    let locale = account.locale;
    let mail = render(&template, &account.email, locale, &scope.university.name);
    mailer.enqueue(&txn, scope, &mail).await?;
    let event = audit::Event {
        actor: Actor::Staff(staff_id),
        action: "account.reissue_initial_password",
        target: Some(("graduate_account", account.id)),
        detail: None,
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, now).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(())
}

/// Lifts the lock that failed logins put on an account's address (the owner called the
/// university); an audit event records who lifted it. Lifting no lock changes nothing.
pub async fn lift_login_lock(
    scope: Scope<'_>,
    staff_id: i64,
    account_id: i64,
    client: &str,
) -> Result<(), AccountError> {
    let now = scope.now;
    let account = find(scope, account_id).await?;
    let txn = crate::db::begin_write(scope.db).await?;
    if lockout::lift(&txn, scope.university.id, &session::lock_key(&account.email_normalized), now).await? {
        let event = audit::Event {
            actor: Actor::Staff(staff_id),
            action: "account.lift_login_lock",
            target: Some(("graduate_account", account.id)),
            detail: None,
            client_address: Some(client),
        };
        audit::record(&txn, scope.university.id, event, now).await?;
    }
    txn.commit().await?;
    Ok(())
}
