//! Digital delivery (issue 11, a third channel beyond the manual). Once a `digital` order is
//! paid, a worker issues its copies and sends the recipient a link, valid three months, to a
//! page that downloads each copy as its PDF and as a Verifiable Credential; the order is then
//! `shipped`. Every download is logged with its time and client, and the first one opens
//! the delivery (the order is `completed`). Until then the graduate may cancel it: the link
//! stops working, the copies are revoked and the order is cancelled (a card refunded).
//!
//! The link's token travels in the URL's fragment and in request bodies, never in a path a
//! server logs; the database keeps its SHA-256 only.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Months, Utc};
use cis_shared::catalog::CertificateLanguage;
use cis_shared::delivery::{
    token_well_formed, DeliveredDocument, DownloadFormat, ReceivedDelivery, Recipient, LINK_MONTHS,
};
use cis_shared::documents::CopyStatus;
use cis_shared::ordering::Channel;
use cis_shared::orders::{Order, OrderState};
use cis_shared::Locale;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    SqlErr,
};
use secrecy::ExposeSecret;
use tokio::sync::watch;

use super::audit::{self, Actor};
use super::card;
use super::catalog::Catalogue;
use super::documents::{self, IssueError, Press, VERIFICATION_MISSES};
use super::orders;
use super::payments::Payments;
use super::rate_limit::{self, RetryAfter};
use super::session::GraduateIdentity;
use super::vc;
use super::{Mailer, Scope};
use crate::clock::rfc3339;
use crate::crypto::{random_token, sha256_hex};
use crate::db::{delivery, delivery_download, graduate_account, issued_copy, order};
use crate::mail::templates::{render, DeliveryCancelledMail, DeliveryLinkMail, DeliverySentMail};
use crate::state::AppState;

/// How often the worker looks for paid orders to send, besides being woken by a payment.
const EVERY: StdDuration = StdDuration::from_secs(60);
/// The most orders one round sends.
const BATCH: u64 = 100;
/// The reason a cancelled delivery's copies are revoked with.
const CANCELLED_REASON: &str = "The holder cancelled the digital delivery before it was opened.";

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// No delivery has this token (or the token is malformed).
    #[error("no delivery has this link")]
    Unknown,
    #[error("the delivery's link has expired")]
    Expired,
    #[error("the delivery was cancelled")]
    Cancelled,
    /// The copy asked for is not one of the delivery's, or it was revoked.
    #[error("no such document in this delivery")]
    NoSuchDocument,
    /// The recipient has downloaded it: it can no longer be cancelled.
    #[error("the delivery was opened")]
    Opened,
    /// Not a digital order, or not sent yet.
    #[error("the order has no digital delivery")]
    NotSent,
    #[error("too many unknown links")]
    RateLimited(RetryAfter),
    #[error(transparent)]
    Order(#[from] orders::OrderError),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Sends every paid digital order not sent yet (those waiting for a document staff prepare
/// wait on); how many were sent.
pub async fn send_due(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    press: Press<'_>,
    catalogue: &Catalogue,
) -> Result<usize, DeliveryError> {
    let rows = order::Entity::find()
        .filter(order::Column::UniversityId.eq(scope.university.id))
        .filter(order::Column::Channel.eq(Channel::Digital.as_str()))
        .filter(order::Column::State.eq(OrderState::InPreparation))
        .order_by_asc(order::Column::PaidAt)
        .order_by_asc(order::Column::Id)
        .limit(BATCH)
        .all(scope.db)
        .await?;
    let mut sent = 0;
    for row in rows {
        match documents::issue_order(scope, press, catalogue, &row).await {
            Ok(copies) => sent += usize::from(send(scope, mailer, &row, &copies).await?),
            Err(IssueError::NotPrepared) => {}
            Err(e) => tracing::warn!(order = %row.order_number, error = %e, "a digital delivery could not be issued"),
        }
    }
    Ok(sent)
}

/// Sends one order's copies: the delivery, the order `shipped`, the recipient's link and the
/// graduate's notice, in one transaction. `false` when another round sent it first, or the
/// order left preparation meanwhile (held or cancelled by staff).
async fn send(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    row: &order::Model,
    copies: &[issued_copy::Model],
) -> Result<bool, DeliveryError> {
    let Some(recipient) =
        row.recipient.as_deref().map(serde_json::from_str::<Recipient>).transpose().map_err(anyhow::Error::from)?
    else {
        return Err(anyhow::anyhow!("digital order {} has no recipient", row.id).into());
    };
    let token = random_token(32);
    let expires_at = scope.now.checked_add_months(Months::new(LINK_MONTHS)).unwrap_or(scope.now);
    let txn = crate::db::begin_write(scope.db).await?;
    let updated = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(OrderState::Shipped))
        .col_expr(order::Column::ShippedAt, Expr::value(Some(scope.now)))
        .col_expr(order::Column::UpdatedAt, Expr::value(scope.now))
        .filter(order::Column::Id.eq(row.id))
        .filter(order::Column::State.eq(OrderState::InPreparation))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(false);
    }
    let inserted = delivery::ActiveModel {
        university_id: Set(scope.university.id),
        order_id: Set(row.id),
        token_hash: Set(sha256_hex(token.expose_secret())),
        sent_at: Set(scope.now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => return Ok(false),
        Err(err) => return Err(err.into()),
    }
    announce(&txn, (scope, mailer), row, (&recipient, copies), (token.expose_secret(), expires_at)).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(true)
}

/// Inside the sending transaction: the recipient's link, the graduate's notice and the audit
/// event `order.delivered`.
async fn announce(
    txn: &DatabaseTransaction,
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    row: &order::Model,
    (recipient, copies): (&Recipient, &[issued_copy::Model]),
    (token, expires_at): (&str, DateTime<Utc>),
) -> Result<(), DeliveryError> {
    let account = graduate_account::Entity::find_by_id(row.account_id)
        .one(txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("order {} has no account", row.id))?;
    let holder_name = copies.first().map(|c| c.holder_name.clone()).unwrap_or_else(|| account.name.clone());
    let titles: Vec<String> = copies.iter().map(|c| c.title.clone()).collect();
    // In English when every certificate is, else in the graduate's language.
    let all_english = copies.iter().all(|c| c.language == CertificateLanguage::En.as_str());
    let locale = if all_english { Locale::En } else { account.locale };
    let link = DeliveryLinkMail {
        recipient_name: recipient.name.clone(),
        holder_name,
        titles: titles.clone(),
        link: mailer.link(&format!("/receive#{token}")),
        verify_link: mailer.link("/verify"),
        expires_at,
    };
    mailer.enqueue(txn, scope, &render(&link, &recipient.email, locale, &scope.university.name)).await?;
    let notice = DeliverySentMail {
        order_number: row.order_number.clone(),
        recipient: recipient.clone(),
        titles,
        expires_at,
        order_link: mailer.link(&format!("/orders/{}", row.order_number)),
    };
    mailer.enqueue(txn, scope, &render(&notice, &account.email, account.locale, &scope.university.name)).await?;
    let event = audit::Event {
        actor: Actor::System,
        action: "order.delivered",
        target: Some(("order", row.id)),
        detail: Some(row.order_number.clone()),
        client_address: None,
    };
    audit::record(txn, scope.university.id, event, scope.now).await?;
    Ok(())
}

/// Sends what is due every [`EVERY`], and whenever `wake` is notified (a payment), until
/// `stopped` turns true.
pub async fn run(state: AppState, mut stopped: watch::Receiver<bool>) {
    loop {
        let round = async {
            let catalogue = state.catalogue.current(&state.db).await?;
            send_due((state.scope(), state.mailer()), state.press(), &catalogue).await
        };
        match round.await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "digital deliveries sent"),
            Err(e) => tracing::warn!(error = %e, "digital deliveries failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = state.deliveries.notified() => {}
            _ = stopped.changed() => return,
        }
        if *stopped.borrow() {
            return;
        }
    }
}

/// The delivery a recipient's token opens, while it may be opened. An unknown token counts
/// as a verification miss (a client that misses too often waits).
async fn by_token(scope: Scope<'_>, client: &str, token: &str) -> Result<delivery::Model, DeliveryError> {
    if let Err(wait) = rate_limit::check(scope.db, &VERIFICATION_MISSES, client, scope.now).await? {
        return Err(DeliveryError::RateLimited(wait));
    }
    let found = match token_well_formed(token) {
        true => {
            delivery::Entity::find()
                .filter(delivery::Column::UniversityId.eq(scope.university.id))
                .filter(delivery::Column::TokenHash.eq(sha256_hex(token)))
                .one(scope.db)
                .await?
        }
        false => None,
    };
    let Some(found) = found else {
        rate_limit::record(scope.db, &VERIFICATION_MISSES, client, 1, scope.now).await?;
        return Err(DeliveryError::Unknown);
    };
    if found.cancelled_at.is_some() {
        Err(DeliveryError::Cancelled)
    } else if found.expires_at <= scope.now {
        Err(DeliveryError::Expired)
    } else {
        Ok(found)
    }
}

/// What the recipient's page shows.
pub async fn open(
    scope: Scope<'_>,
    sealer: &crate::crypto::Sealer,
    client: &str,
    token: &str,
) -> Result<ReceivedDelivery, DeliveryError> {
    let found = by_token(scope, client, token).await?;
    let row = order::Entity::find_by_id(found.order_id).one(scope.db).await?.ok_or(DeliveryError::Unknown)?;
    let recipient: Recipient =
        serde_json::from_str(row.recipient.as_deref().unwrap_or("null")).map_err(anyhow::Error::from)?;
    let copies = documents::copies_of(scope, row.id).await?;
    let documents = copies
        .iter()
        .filter(|c| c.status == CopyStatus::Valid)
        .map(|c| DeliveredDocument {
            copy_id: c.id,
            title: c.title.clone(),
            issued_on: c.issued_on.clone(),
            verification_code: documents::code_of(c, sealer),
        })
        .collect();
    Ok(ReceivedDelivery {
        university: scope.university.name.clone(),
        holder_name: copies.first().map(|c| c.holder_name.clone()).unwrap_or_default(),
        recipient,
        expires_at: rfc3339(found.expires_at),
        documents,
    })
}

/// A file the recipient downloads: its bytes, media type and file name.
pub struct Download {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    pub file_name: String,
}

/// One copy of the delivery as its PDF or its credential, logged (time, client, browser);
/// the first download opens the delivery and completes the order.
pub async fn download(
    scope: Scope<'_>,
    press: Press<'_>,
    (client, user_agent): (&str, &str),
    (token, copy_id, format): (&str, i64, DownloadFormat),
) -> Result<Download, DeliveryError> {
    let found = by_token(scope, client, token).await?;
    let copy = issued_copy::Entity::find_by_id(copy_id)
        .filter(issued_copy::Column::OrderId.eq(found.order_id))
        .filter(issued_copy::Column::Status.eq(CopyStatus::Valid))
        .one(scope.db)
        .await?
        .ok_or(DeliveryError::NoSuchDocument)?;
    let file = file_of(scope, press, &copy, format).await?;
    let txn = crate::db::begin_write(scope.db).await?;
    // A cancellation that won the race leaves nothing to open.
    let still_open = delivery::Entity::update_many()
        .col_expr(
            delivery::Column::OpenedAt,
            Func::coalesce([Expr::col(delivery::Column::OpenedAt).into(), Expr::value(scope.now)]).into(),
        )
        .filter(delivery::Column::Id.eq(found.id))
        .filter(delivery::Column::CancelledAt.is_null())
        .exec(&txn)
        .await?;
    if still_open.rows_affected != 1 {
        return Err(DeliveryError::Cancelled);
    }
    delivery_download::ActiveModel {
        delivery_id: Set(found.id),
        copy_id: Set(copy.id),
        format: Set(format.as_str().to_owned()),
        at: Set(scope.now),
        client_address: Set(client.chars().take(64).collect()),
        user_agent: Set(user_agent.chars().take(200).collect()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(OrderState::Completed))
        .col_expr(order::Column::UpdatedAt, Expr::value(scope.now))
        .filter(order::Column::Id.eq(found.order_id))
        .filter(order::Column::State.eq(OrderState::Shipped))
        .exec(&txn)
        .await?;
    if found.opened_at.is_none() {
        let event = audit::Event {
            actor: Actor::System,
            action: "delivery.opened",
            target: Some(("order", found.order_id)),
            detail: Some(format!("copy {} {}", copy.id, format.as_str())),
            client_address: Some(client),
        };
        audit::record(&txn, scope.university.id, event, scope.now).await?;
    }
    txn.commit().await?;
    Ok(file)
}

/// A copy as the file a recipient downloads: the stored PDF, or its credential signed now.
async fn file_of(
    scope: Scope<'_>,
    press: Press<'_>,
    copy: &issued_copy::Model,
    format: DownloadFormat,
) -> Result<Download, DeliveryError> {
    let code = documents::code_of(copy, press.sealer);
    let name = format!("certificate-{}", code.replace('-', ""));
    Ok(match format {
        DownloadFormat::Pdf => Download {
            bytes: documents::pdf_of(press, copy).await.map_err(anyhow::Error::from)?,
            media_type: "application/pdf",
            file_name: format!("{name}.pdf"),
        },
        DownloadFormat::Credential => {
            let key = vc::signing_key(scope, press.sealer).await?;
            let jwt = vc::sign(&key, press.sealer, &vc::credential(copy, &code, press.public_url))?;
            Download { bytes: jwt.into_bytes(), media_type: vc::MEDIA_TYPE, file_name: format!("{name}.jwt") }
        }
    })
}

/// The graduate cancels a delivery the recipient has not opened: the link stops working,
/// the copies are revoked, the order is cancelled (a card payment refunded) and a mail says
/// so. Audit event `delivery.cancelled`.
pub async fn cancel(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    who: &GraduateIdentity,
    (number, client): (&str, &str),
    payments: &Payments,
) -> Result<Order, DeliveryError> {
    let row = orders::own(scope.db, scope, who, number).await?;
    let found = delivery::Entity::find()
        .filter(delivery::Column::OrderId.eq(row.id))
        .one(scope.db)
        .await?
        .ok_or(DeliveryError::NotSent)?;
    if found.cancelled_at.is_some() {
        return Err(DeliveryError::Cancelled);
    }
    let txn = crate::db::begin_write(scope.db).await?;
    let cancelled = delivery::Entity::update_many()
        .col_expr(delivery::Column::CancelledAt, Expr::value(Some(scope.now)))
        .filter(delivery::Column::Id.eq(found.id))
        .filter(delivery::Column::OpenedAt.is_null())
        .filter(delivery::Column::CancelledAt.is_null())
        .exec(&txn)
        .await?;
    if cancelled.rows_affected != 1 {
        return Err(DeliveryError::Opened);
    }
    issued_copy::Entity::update_many()
        .col_expr(issued_copy::Column::Status, Expr::value(CopyStatus::Revoked))
        .col_expr(issued_copy::Column::RevokedAt, Expr::value(Some(scope.now)))
        .col_expr(issued_copy::Column::RevocationReason, Expr::value(Some(CANCELLED_REASON.to_owned())))
        .filter(issued_copy::Column::OrderId.eq(row.id))
        .filter(issued_copy::Column::Status.eq(CopyStatus::Valid))
        .exec(&txn)
        .await?;
    order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(OrderState::Cancelled))
        .col_expr(order::Column::UpdatedAt, Expr::value(scope.now))
        .filter(order::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    let account = &who.account;
    let template =
        DeliveryCancelledMail { order_number: row.order_number.clone(), paid_by_card: row.payment_intent_id.is_some() };
    mailer.enqueue(&txn, scope, &render(&template, &account.email, account.locale, &scope.university.name)).await?;
    let event = audit::Event {
        actor: Actor::Graduate(who.account_id),
        action: "delivery.cancelled",
        target: Some(("order", row.id)),
        detail: Some(row.order_number.clone()),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    mailer.wake();
    let row = order::Entity::find_by_id(row.id).one(scope.db).await?.ok_or(orders::OrderError::NotFound)?;
    card::refund(scope, payments.card(), &row).await;
    Ok(orders::get(scope, who, number).await?)
}
