//! A graduate's orders (manual 2.3 steps 14–15): placing one (checked and priced on the
//! server from the catalogue, once per `Idempotency-Key`), reading them, cancelling one.
//! A convenience-store order paid at the store gets its reservation number at once; the
//! others wait for their payment (a card order in a Stripe Checkout Session, see `card`).

use chrono::{DateTime, Duration, Utc};
use cis_shared::catalog::{CertificateLanguage, LocalizedName};
use cis_shared::delivery::Recipient;
use cis_shared::fulfilment::{Carrier, Shipment};
use cis_shared::messages::ErrorCode;
use cis_shared::ordering::{Channel, PaymentMethod};
use cis_shared::orders::{check_order, Delivery, Fee, NewOrder, Order, OrderLine, OrderPayment, OrderState, Quote};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr,
};

use super::audit::{self, Actor};
use super::card;
use super::catalog::Catalogue;
use super::delivery_status;
use super::order_basis::{unused_order_number, unused_reservation_number};
use super::ordering;
use super::payments::{OnPlacing, Payments};
use super::session::GraduateIdentity;
use super::{Mailer, Scope};
use crate::clock::rfc3339;
use crate::crypto::sha256_hex;
use crate::db::{order, order_item};
use crate::mail::templates::{render, OrderCancelledMail, OrderPlacedMail};

pub use super::order_basis::OrderError;

/// An order placed (`true`), or the one placed before with the same key and body (`false`).
pub struct Placed {
    pub order: Order,
    pub created: bool,
}

/// Places an order for one of the graduate's student records: checked against what the
/// record may order through the channel, priced from the catalogue (never from the client),
/// stored with its lines and fees as they are now, mailed, audited, in one transaction. The
/// same `key` with the same body answers the order placed with it; with another body,
/// `KeyReused`. A card order then gets its Stripe Checkout Session, outside the
/// transaction: when Stripe fails the order stays `awaiting_payment` and the answer is
/// `PaymentUnavailable`; the same request again (the same key) makes the session.
pub async fn place(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    catalogue: &Catalogue,
    who: &GraduateIdentity,
    key: &str,
    new: NewOrder,
    payments: &Payments,
) -> Result<Placed, OrderError> {
    let request_hash = sha256_hex(&serde_json::to_string(&new).map_err(anyhow::Error::from)?);
    let placed = match placed_before(scope, who, key, &request_hash).await? {
        Some(placed) => placed,
        None => store((scope, mailer), catalogue, who, (key, &request_hash), new, payments).await?,
    };
    let order = card::checkout((scope, mailer), payments.card(), who, placed.order).await?;
    Ok(Placed { order, created: placed.created })
}

/// Stores a new order (see [`place`]).
async fn store(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    catalogue: &Catalogue,
    who: &GraduateIdentity,
    (key, request_hash): (&str, &str),
    new: NewOrder,
    payments: &Payments,
) -> Result<Placed, OrderError> {
    let card_offered = payments.card_offered();
    let Some(options) = ordering::options(catalogue, &who.enrollments, new.channel, new.enrollment_id, card_offered)
    else {
        return Err(OrderError::Invalid(vec![("/enrollment_id".into(), ErrorCode::UnknownChoice)]));
    };
    let quote = check_order(&new, &options).map_err(OrderError::Invalid)?;
    let unknown_method = || OrderError::Invalid(vec![("/payment_method".into(), ErrorCode::UnknownChoice)]);
    let provider = payments.provider(new.payment_method).ok_or_else(unknown_method)?;
    // Stripe takes no card payment under 50 yen.
    if provider.on_placing() == OnPlacing::AwaitingCheckout && quote.total_yen < card::MINIMUM_YEN {
        return Err(unknown_method());
    }

    let now = scope.now;
    let at_store = provider.on_placing() == OnPlacing::ReadyToPrint;
    let txn = crate::db::begin_write(scope.db).await?;
    let order_number = unused_order_number(&txn, now).await?;
    let reservation = match at_store {
        true => {
            let deadline = now + Duration::days(i64::from(options.print_deadline_days));
            Some((unused_reservation_number(&txn).await?, deadline))
        }
        false => None,
    };
    let row = new_row(scope, who, (key, request_hash), &new, &quote, (&order_number, &reservation))?.insert(&txn).await;
    let row = match row {
        Ok(row) => row,
        // The same key raced in on another request: answer as that one.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            drop(txn);
            return placed_before(scope, who, key, request_hash).await?.ok_or(OrderError::Database(err));
        }
        Err(err) => return Err(err.into()),
    };
    insert_lines(&txn, row.id, &quote).await?;
    let template = OrderPlacedMail {
        order_number: order_number.clone(),
        channel: new.channel,
        payment_method: new.payment_method,
        items: quote.items,
        fees: quote.fees,
        total_yen: quote.total_yen,
        store_print_fee_yen: quote.store_print_fee_yen,
        delivery: new.delivery.clone(),
        recipient: new.recipient.clone(),
        transfer_instructions: catalogue.order_settings.transfer_instructions.clone(),
        reservation,
        order_link: mailer.link(&format!("/orders/{order_number}")),
    };
    let account = &who.account;
    mailer.enqueue(&txn, scope, &render(&template, &account.email, account.locale, &scope.university.name)).await?;
    record(&txn, scope, who.account_id, "order.placed", row.id, &order_number).await?;
    txn.commit().await?;
    mailer.wake();
    let order = read(scope, row, &who.enrollments).await?;
    Ok(Placed { order, created: true })
}

/// The order's row as placed: `ready_to_print` with its reservation when paid at the store,
/// else `awaiting_payment`; fees and delivery as JSON.
fn new_row(
    scope: Scope<'_>,
    who: &GraduateIdentity,
    (key, request_hash): (&str, &str),
    new: &NewOrder,
    quote: &Quote,
    (order_number, reservation): (&str, &Option<(String, DateTime<Utc>)>),
) -> Result<order::ActiveModel, OrderError> {
    let now = scope.now;
    let state = if reservation.is_some() { OrderState::ReadyToPrint } else { OrderState::AwaitingPayment };
    let delivery = new.delivery.as_ref().map(serde_json::to_string).transpose().map_err(anyhow::Error::from)?;
    let recipient = new.recipient.as_ref().map(serde_json::to_string).transpose().map_err(anyhow::Error::from)?;
    Ok(order::ActiveModel {
        university_id: Set(scope.university.id),
        order_number: Set(order_number.to_owned()),
        account_id: Set(who.account_id),
        enrollment_id: Set(new.enrollment_id),
        channel: Set(new.channel.as_str().to_owned()),
        state: Set(state),
        payment_method: Set(new.payment_method.as_str().to_owned()),
        fees: Set(serde_json::to_string(&quote.fees).map_err(anyhow::Error::from)?),
        total_yen: Set(quote.total_yen as i32),
        store_print_fee_yen: Set(quote.store_print_fee_yen as i32),
        reservation_number: Set(reservation.as_ref().map(|(n, _)| n.clone())),
        print_deadline: Set(reservation.as_ref().map(|(_, d)| *d)),
        delivery: Set(delivery),
        recipient: Set(recipient),
        idempotency_key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        paid_at: Set(None),
        ..Default::default()
    })
}

/// The order placed before with `key`, when the body is the same; `KeyReused` when not.
async fn placed_before(
    scope: Scope<'_>,
    who: &GraduateIdentity,
    key: &str,
    request_hash: &str,
) -> Result<Option<Placed>, OrderError> {
    let row = order::Entity::find()
        .filter(order::Column::AccountId.eq(who.account_id))
        .filter(order::Column::IdempotencyKey.eq(key))
        .one(scope.db)
        .await?;
    match row {
        None => Ok(None),
        Some(row) if row.request_hash != request_hash => Err(OrderError::KeyReused),
        Some(row) => Ok(Some(Placed { order: read(scope, row, &who.enrollments).await?, created: false })),
    }
}

async fn insert_lines(db: &impl ConnectionTrait, order_id: i64, quote: &Quote) -> Result<(), DbErr> {
    for (position, line) in quote.items.iter().enumerate() {
        order_item::ActiveModel {
            order_id: Set(order_id),
            certificate_type_id: Set(line.certificate_type_id),
            name_ja: Set(line.name.ja.clone()),
            name_en: Set(line.name.en.clone()),
            language: Set(line.language.as_str().to_owned()),
            copies: Set(line.copies as i32),
            unit_fee_yen: Set(line.unit_fee_yen as i32),
            amount_yen: Set(line.amount_yen as i32),
            position: Set(position as i32),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The graduate's orders, newest first.
pub async fn list(scope: Scope<'_>, who: &GraduateIdentity) -> Result<Vec<Order>, OrderError> {
    let rows = order::Entity::find()
        .filter(order::Column::AccountId.eq(who.account_id))
        .filter(order::Column::UniversityId.eq(scope.university.id))
        .order_by_desc(order::Column::CreatedAt)
        .order_by_desc(order::Column::Id)
        .all(scope.db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut lines = order_item::Entity::find()
        .filter(order_item::Column::OrderId.is_in(ids.clone()))
        .order_by_asc(order_item::Column::Position)
        .all(scope.db)
        .await?;
    let mut orders = Vec::with_capacity(rows.len());
    for row in rows {
        let (own, rest): (Vec<_>, Vec<_>) = lines.into_iter().partition(|l| l.order_id == row.id);
        lines = rest;
        orders.push(view(row, own, &who.enrollments)?);
    }
    delivery_status::attach(scope.db, &mut orders, &ids, scope.now).await?;
    Ok(orders)
}

/// One of the graduate's orders; another graduate's is `NotFound`, as is one that does not exist.
pub async fn get(scope: Scope<'_>, who: &GraduateIdentity, number: &str) -> Result<Order, OrderError> {
    let row = own(scope.db, scope, who, number).await?;
    read(scope, row, &who.enrollments).await
}

pub(super) async fn own(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    who: &GraduateIdentity,
    number: &str,
) -> Result<order::Model, OrderError> {
    order::Entity::find()
        .filter(order::Column::OrderNumber.eq(number))
        .filter(order::Column::AccountId.eq(who.account_id))
        .filter(order::Column::UniversityId.eq(scope.university.id))
        .one(db)
        .await?
        .ok_or(OrderError::NotFound)
}

/// Cancels an order that is neither paid nor printed: its reservation number stops working
/// and a mail says so; a card order's Checkout Session is expired, so it can no longer be
/// paid. Of two requests at once, one cancels; the other finds it cancelled.
pub async fn cancel(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    who: &GraduateIdentity,
    (number, client): (&str, &str),
    payments: &Payments,
) -> Result<Order, OrderError> {
    let txn = crate::db::begin_write(scope.db).await?;
    let row = own(&txn, scope, who, number).await?;
    let updated = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(OrderState::Cancelled))
        .col_expr(order::Column::UpdatedAt, Expr::value(scope.now))
        .filter(order::Column::Id.eq(row.id))
        .filter(order::Column::State.is_in(OrderState::CANCELLABLE))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(OrderError::NotCancellable);
    }
    let account = &who.account;
    let template = OrderCancelledMail {
        order_number: row.order_number.clone(),
        had_reservation: row.reservation_number.is_some(),
    };
    mailer.enqueue(&txn, scope, &render(&template, &account.email, account.locale, &scope.university.name)).await?;
    let event = audit::Event {
        actor: Actor::Graduate(who.account_id),
        action: "order.cancelled",
        target: Some(("order", row.id)),
        detail: Some(row.order_number.clone()),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    let row = order::Entity::find_by_id(row.id).one(&txn).await?.ok_or(OrderError::NotFound)?;
    txn.commit().await?;
    mailer.wake();
    card::expire(payments.card(), &row).await;
    read(scope, row, &who.enrollments).await
}

async fn record(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    account_id: i64,
    action: &str,
    order_id: i64,
    number: &str,
) -> Result<(), DbErr> {
    let event = audit::Event {
        actor: Actor::Graduate(account_id),
        action,
        target: Some(("order", order_id)),
        detail: Some(number.to_owned()),
        client_address: None,
    };
    audit::record(db, scope.university.id, event, scope.now).await
}

/// The order with its lines, as the API shows it.
pub(super) async fn read(
    scope: Scope<'_>,
    row: order::Model,
    enrollments: &[crate::db::enrollment::Model],
) -> Result<Order, OrderError> {
    let lines = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(row.id))
        .order_by_asc(order_item::Column::Position)
        .all(scope.db)
        .await?;
    let id = row.id;
    let mut order = [view(row, lines, enrollments)?];
    delivery_status::attach(scope.db, &mut order, &[id], scope.now).await?;
    let [order] = order;
    Ok(order)
}

fn view(
    row: order::Model,
    lines: Vec<order_item::Model>,
    enrollments: &[crate::db::enrollment::Model],
) -> Result<Order, OrderError> {
    let fees: Vec<Fee> = serde_json::from_str(&row.fees).map_err(anyhow::Error::from)?;
    let delivery: Option<Delivery> =
        row.delivery.as_deref().map(serde_json::from_str).transpose().map_err(anyhow::Error::from)?;
    let recipient: Option<Recipient> =
        row.recipient.as_deref().map(serde_json::from_str).transpose().map_err(anyhow::Error::from)?;
    let channel = Channel::parse(&row.channel).ok_or_else(|| anyhow::anyhow!("order {}: channel", row.id))?;
    let payment_method =
        PaymentMethod::parse(&row.payment_method).ok_or_else(|| anyhow::anyhow!("order {}: payment", row.id))?;
    let awaiting_card = payment_method == PaymentMethod::Card && row.state == OrderState::AwaitingPayment;
    let payment = OrderPayment { method: payment_method, checkout_url: row.checkout_url.filter(|_| awaiting_card) };
    let student_id =
        enrollments.iter().find(|e| e.id == row.enrollment_id).map(|e| e.student_id.clone()).unwrap_or_default();
    Ok(Order {
        order_number: row.order_number,
        state: row.state,
        channel,
        enrollment_id: row.enrollment_id,
        student_id,
        payment_method,
        items: lines
            .into_iter()
            .map(|l| OrderLine {
                certificate_type_id: l.certificate_type_id,
                name: LocalizedName { ja: l.name_ja, en: l.name_en },
                language: CertificateLanguage::from_stored(&l.language),
                copies: l.copies.max(0) as u32,
                unit_fee_yen: l.unit_fee_yen.max(0) as u32,
                amount_yen: l.amount_yen.max(0) as u32,
            })
            .collect(),
        fees,
        total_yen: row.total_yen.max(0) as u32,
        store_print_fee_yen: row.store_print_fee_yen.max(0) as u32,
        reservation_number: row.reservation_number,
        print_deadline: row.print_deadline.map(rfc3339),
        delivery,
        created_at: rfc3339(row.created_at),
        paid_at: row.paid_at.map(rfc3339),
        cancellable: row.state.cancellable(),
        reason: row.reason,
        printed_at: row.printed_at.map(rfc3339),
        shipment: match (row.carrier.as_deref().and_then(Carrier::parse), row.tracking_number) {
            (Some(carrier), Some(tracking_number)) => Some(Shipment { carrier, tracking_number }),
            _ => None,
        },
        shipped_at: row.shipped_at.map(rfc3339),
        transfer_instructions: None,
        payment: Some(payment),
        recipient,
        digital_delivery: None,
    })
}
