//! Card payment through Stripe Checkout (issue 10). A card order is stored first
//! (`awaiting_payment`), then gets its Checkout Session, outside the transaction; the
//! graduate pays on Stripe's page, and Stripe's signed `checkout.session.completed` webhook
//! marks the order paid, once however often or however concurrently it is delivered: a
//! convenience-store order then gets its reservation number and print deadline, a post
//! order goes to the fulfilment queue. A cancelled order's session is expired; a paid order
//! cancelled by the university or expired is refunded, after that change has committed.

use chrono::Duration;
use cis_shared::catalog::LocalizedName;
use cis_shared::ordering::{Channel, PaymentMethod};
use cis_shared::orders::{Fee, Order, OrderState};
use cis_shared::Locale;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set, SqlErr};

use super::audit::{self, Actor};
use super::order_basis::{unused_reservation_number, OrderError};
use super::session::GraduateIdentity;
use super::{Mailer, Scope};
use crate::crypto::sha256_hex;
use crate::db::{graduate_account, order, payment};
use crate::mail::templates::{render, PaymentReceivedMail};
use crate::stripe::{CheckoutRequest, CompletedSession, LineItem, Stripe, Webhook};

/// The smallest charge Stripe takes in yen.
pub const MINIMUM_YEN: u32 = 50;

/// Gives a card order that waits for payment its Checkout Session, unless it has one: the
/// order with `payment.checkout_url`. Stripe's `Idempotency-Key` is the order's, so a retry
/// after a lost answer gets the same session. Other orders pass unchanged.
pub async fn checkout(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    stripe: Option<&Stripe>,
    who: &GraduateIdentity,
    mut order: Order,
) -> Result<Order, OrderError> {
    let waiting = order.payment_method == PaymentMethod::Card && order.state == OrderState::AwaitingPayment;
    let has_page = order.payment.as_ref().is_some_and(|p| p.checkout_url.is_some());
    if !waiting || has_page {
        return Ok(order);
    }
    let stripe = stripe.ok_or_else(|| OrderError::PaymentUnavailable(anyhow::anyhow!("card payment is off")))?;
    let locale = who.account.locale;
    let number = &order.order_number;
    let request = CheckoutRequest {
        order_number: number.clone(),
        lines: line_items(&order, locale),
        customer_email: who.account.email.clone(),
        locale,
        success_url: mailer.link(&format!("/orders/{number}?payment=done")),
        cancel_url: mailer.link(&format!("/orders/{number}?payment=cancelled")),
        idempotency_key: format!("cis-{}-checkout-{number}", scope.university.code),
    };
    let session = stripe.create_checkout_session(&request).await.map_err(|e| {
        tracing::warn!(order = %number, error = %e, "no Checkout Session: the order waits for a retry");
        OrderError::PaymentUnavailable(e.into())
    })?;
    let url = session.url.ok_or_else(|| OrderError::PaymentUnavailable(anyhow::anyhow!("a session without a page")))?;
    order::Entity::update_many()
        .col_expr(order::Column::CheckoutSessionId, Expr::value(Some(session.id)))
        .col_expr(order::Column::CheckoutUrl, Expr::value(Some(url.clone())))
        .filter(order::Column::OrderNumber.eq(number.as_str()))
        .filter(order::Column::UniversityId.eq(scope.university.id))
        .filter(order::Column::CheckoutSessionId.is_null())
        .exec(scope.db)
        .await?;
    if let Some(payment) = order.payment.as_mut() {
        payment.checkout_url = Some(url);
    }
    Ok(order)
}

/// What the graduate pays, from the order as stored (priced from the catalogue when it was
/// placed): a line for each certificate type, one for each fee, in the graduate's language.
fn line_items(order: &Order, locale: Locale) -> Vec<LineItem> {
    let name = |n: &LocalizedName| locale.pick(n.ja.as_str(), n.en.as_str()).to_owned();
    let certificates = order.items.iter().map(|l| LineItem {
        name: name(&l.name),
        unit_amount_yen: l.unit_fee_yen,
        quantity: l.copies,
    });
    let fees = order.fees.iter().map(|Fee { kind, amount_yen }| LineItem {
        name: kind.label(locale).to_owned(),
        unit_amount_yen: *amount_yen,
        quantity: 1,
    });
    certificates.chain(fees).filter(|l| l.unit_amount_yen > 0).collect()
}

/// After a graduate cancelled an unpaid card order: its session can no longer be paid. A
/// failure is logged (the session lapses by itself after 24 hours).
pub async fn expire(stripe: Option<&Stripe>, row: &order::Model) {
    let (Some(stripe), Some(session)) = (stripe, row.checkout_session_id.as_deref()) else { return };
    if let Err(e) = stripe.expire_checkout_session(session).await {
        tracing::warn!(order = %row.order_number, error = %e, "the Checkout Session of a cancelled order stays open");
    }
}

/// What a webhook delivery did. Stripe retries anything but a 2xx, so all are answered 200.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    Paid,
    /// Paid before (the same event again, or another delivery at the same moment).
    AlreadyPaid,
    /// Another event, or a session that pays no order here as it should.
    Ignored,
}

/// A delivery of Stripe's webhook: the signature checked against the raw body (else
/// `BadSignature`, nothing changed), then a `checkout.session.completed` that is paid
/// settles its order. `print_deadline_days` starts a store order's deadline.
pub async fn receive(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    stripe: Option<&Stripe>,
    print_deadline_days: u32,
    (signature, body): (&str, &[u8]),
) -> Result<Received, OrderError> {
    // Without Stripe's keys no signature can be checked, so none is valid.
    let stripe = stripe.ok_or(OrderError::BadSignature)?;
    match stripe.read_webhook(signature, body, scope.now).map_err(|_| OrderError::BadSignature)? {
        Webhook::Completed { event_id, session } => {
            settle((scope, mailer), print_deadline_days, &event_id, session).await
        }
        Webhook::Ignored => Ok(Received::Ignored),
    }
}

#[tracing::instrument(skip_all, fields(event = %event_id, session = %session.id))]
async fn settle(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    print_deadline_days: u32,
    event_id: &str,
    session: CompletedSession,
) -> Result<Received, OrderError> {
    let row = order::Entity::find()
        .filter(order::Column::CheckoutSessionId.eq(session.id.as_str()))
        .filter(order::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?;
    let reference = session.client_reference_id.as_deref().or(session.metadata.get("order_number").map(|s| s.as_str()));
    let Some(row) = row.filter(|r| reference == Some(r.order_number.as_str())) else {
        tracing::warn!("a completed Checkout Session of no order here: ignored");
        return Ok(Received::Ignored);
    };
    if session.payment_status != "paid" {
        return Ok(Received::Ignored);
    }
    if session.amount_total != Some(i64::from(row.total_yen)) || session.currency.as_deref() != Some("jpy") {
        tracing::error!(order = %row.order_number, amount = ?session.amount_total, currency = ?session.currency,
            "a card payment that is not the order's total: the order is left for staff");
        return Ok(Received::Ignored);
    }
    if row.state != OrderState::AwaitingPayment {
        return Ok(Received::AlreadyPaid);
    }
    let intent = session.payment_intent.unwrap_or_default();
    let txn = crate::db::begin_write(scope.db).await?;
    if !mark_paid(&txn, (scope, mailer), print_deadline_days, &row, (event_id, &session.id, &intent)).await? {
        return Ok(Received::AlreadyPaid);
    }
    txn.commit().await?;
    mailer.wake();
    Ok(Received::Paid)
}

/// Inside `txn`: the order paid if it still waits (`false` when another delivery came
/// first), with its payment row (one an order), the mail to the graduate and the audit event.
async fn mark_paid(
    txn: &DatabaseTransaction,
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    print_deadline_days: u32,
    row: &order::Model,
    (event_id, session_id, intent): (&str, &str, &str),
) -> Result<bool, OrderError> {
    use order::Column as C;
    let mut update = order::Entity::update_many()
        .col_expr(C::PaidAt, Expr::value(Some(scope.now)))
        .col_expr(C::UpdatedAt, Expr::value(scope.now))
        .col_expr(C::PaymentIntentId, Expr::value(Some(intent.to_owned())))
        .filter(C::Id.eq(row.id))
        .filter(C::State.eq(OrderState::AwaitingPayment));
    let reservation = match Channel::parse(&row.channel) {
        Some(channel) if channel.sent_by_university() => {
            update = update.col_expr(C::State, Expr::value(OrderState::InPreparation));
            None
        }
        _ => {
            let number = unused_reservation_number(txn).await?;
            let deadline = scope.now + Duration::days(i64::from(print_deadline_days));
            update = update
                .col_expr(C::State, Expr::value(OrderState::ReadyToPrint))
                .col_expr(C::ReservationNumber, Expr::value(Some(number.clone())))
                .col_expr(C::PrintDeadline, Expr::value(Some(deadline)));
            Some((number, deadline, row.store_print_fee_yen.max(0) as u32))
        }
    };
    if update.exec(txn).await?.rows_affected != 1 {
        return Ok(false);
    }
    let inserted = payment::ActiveModel {
        order_id: Set(row.id),
        method: Set(PaymentMethod::Card.as_str().to_owned()),
        amount_yen: Set(row.total_yen),
        note: Set(format!("Stripe {intent}")),
        recorded_by: Set(None),
        idempotency_key: Set(event_id.chars().take(64).collect()),
        request_hash: Set(sha256_hex(session_id)),
        created_at: Set(scope.now),
        ..Default::default()
    }
    .insert(txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => return Ok(false),
        Err(err) => return Err(err.into()),
    }
    announce(txn, (scope, mailer), row, reservation, intent).await?;
    Ok(true)
}

/// The mail "We have received your payment" (with the reservation number for the store)
/// and the audit event `order.paid_by_card`.
async fn announce(
    txn: &DatabaseTransaction,
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    row: &order::Model,
    reservation: Option<(String, chrono::DateTime<chrono::Utc>, u32)>,
    intent: &str,
) -> Result<(), OrderError> {
    let account = graduate_account::Entity::find_by_id(row.account_id)
        .one(txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("order {} has no account", row.id))?;
    let amount_yen = row.total_yen.max(0) as u32;
    let template = PaymentReceivedMail {
        order_number: row.order_number.clone(),
        amount_yen,
        digital: row.channel == Channel::Digital.as_str(),
        reservation,
        order_link: mailer.link(&format!("/orders/{}", row.order_number)),
    };
    mailer.enqueue(txn, scope, &render(&template, &account.email, account.locale, &scope.university.name)).await?;
    let event = audit::Event {
        actor: Actor::System,
        action: "order.paid_by_card",
        target: Some(("order", row.id)),
        detail: Some(format!("{} {amount_yen} yen {intent}", row.order_number)),
        client_address: None,
    };
    audit::record(txn, scope.university.id, event, scope.now).await?;
    Ok(())
}

/// After a card-paid order was cancelled or expired (that change committed): the payment
/// back to the card through Stripe, recorded on the payment with an audit event
/// (`order.refunded`), or, when Stripe cannot be asked or refuses, the reason recorded and
/// logged (`order.refund_failed`) so staff see it in the order and refund by hand. Orders
/// paid another way, or refunded before, are left alone.
pub async fn refund(scope: Scope<'_>, stripe: Option<&Stripe>, row: &order::Model) {
    if row.payment_method != PaymentMethod::Card.as_str() || row.paid_at.is_none() {
        return;
    }
    if let Err(e) = try_refund(scope, stripe, row).await {
        tracing::error!(order = %row.order_number, error = %e, "a refund could not be recorded");
    }
}

async fn try_refund(scope: Scope<'_>, stripe: Option<&Stripe>, row: &order::Model) -> Result<(), OrderError> {
    let paid = payment::Entity::find().filter(payment::Column::OrderId.eq(row.id)).one(scope.db).await?;
    let Some(paid) = paid.filter(|p| p.refund_id.is_none()) else { return Ok(()) };
    let key = format!("cis-{}-refund-{}", scope.university.code, row.order_number);
    let outcome = match (stripe, row.payment_intent_id.as_deref().filter(|i| !i.is_empty())) {
        (Some(stripe), Some(intent)) => stripe.refund(intent, &key).await.map_err(|e| e.to_string()),
        (None, _) => Err("card payment is not configured on this server".to_owned()),
        (_, None) => Err("the payment names no payment intent".to_owned()),
    };
    let number = &row.order_number;
    let mut change: payment::ActiveModel = paid.into();
    let (action, detail) = match outcome {
        Ok(refund) => {
            change.refund_id = Set(Some(refund.id.clone()));
            change.refunded_at = Set(Some(scope.now));
            change.refund_error = Set(None);
            ("order.refunded", format!("{number} {} ({})", refund.id, refund.status))
        }
        Err(message) => {
            tracing::error!(order = %number, error = %message, "a card payment was not refunded: staff must refund it");
            let message: String = message.chars().take(400).collect();
            change.refund_error = Set(Some(message.clone()));
            ("order.refund_failed", format!("{number}: {message}"))
        }
    };
    let txn = crate::db::begin_write(scope.db).await?;
    change.update(&txn).await?;
    let event = audit::Event {
        actor: Actor::System,
        action,
        target: Some(("order", row.id)),
        detail: Some(detail),
        client_address: None,
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    Ok(())
}
