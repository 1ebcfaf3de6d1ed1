//! Orders as the university's staff handle them (issue 10): finding one, reading it with its
//! graduate and payments, and recording a payment that arrived by postal money order or
//! bank transfer — once, whoever presses at the same time.

use cis_shared::fulfilment::OrderEvent;
use cis_shared::messages::ErrorCode;
use cis_shared::ordering::{Channel, PaymentMethod};
use cis_shared::orders::{
    OrderState, Payment, PaymentRecord, PaymentRefund, RefundStatus, StaffOrderDetail, StaffOrderPage,
    StaffOrderSummary, WaitingFor,
};
use cis_shared::staff::ActorKind;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};

use super::audit::{self, Actor};
pub use super::order_basis::find;
use super::orders::{read, OrderError};
use super::review::contains_any;
use super::{prepared, Mailer, Scope};
use crate::clock::rfc3339;
use crate::crypto::sha256_hex;
use crate::db::{audit_event, enrollment, graduate_account, order, payment, staff_user};
use crate::mail::templates::{render, PaymentReceivedMail};

/// What the staff's order list shows.
pub struct Filter {
    pub state: Option<OrderState>,
    /// Part of the order number, the reservation number, the graduate's name (kanji or
    /// katakana) or mail address.
    pub search: Option<String>,
    /// Only orders waiting for this (a document staff prepare: the queue, oldest first).
    pub waiting_for: Option<WaitingFor>,
    pub page: u64,
    pub per_page: u64,
}

/// A page of orders: in preparation, oldest paid first (the fulfilment queue); waiting for a
/// document, oldest first (the preparation queue); otherwise newest first.
pub async fn list(scope: Scope<'_>, filter: Filter) -> Result<StaffOrderPage, OrderError> {
    let mut query = order::Entity::find().filter(order::Column::UniversityId.eq(scope.university.id));
    if let Some(state) = filter.state {
        query = query.filter(order::Column::State.eq(state));
    }
    if let Some(search) = filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let accounts: Vec<i64> = graduate_account::Entity::find()
            .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
            .filter(contains_any(
                search,
                [graduate_account::Column::Name, graduate_account::Column::NameKana, graduate_account::Column::Email],
            ))
            .all(scope.db)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        query = query.filter(search_condition(search, accounts));
    }
    if filter.waiting_for == Some(WaitingFor::Document) {
        query = query.filter(prepared::waiting_for_document(scope).await?);
    }
    query = match (filter.state, filter.waiting_for) {
        (_, Some(WaitingFor::Document)) => query.order_by_asc(order::Column::CreatedAt).order_by_asc(order::Column::Id),
        (Some(OrderState::InPreparation), _) => {
            query.order_by_asc(order::Column::PaidAt).order_by_asc(order::Column::Id)
        }
        _ => query.order_by_desc(order::Column::CreatedAt).order_by_desc(order::Column::Id),
    };
    let paginator = query.paginate(scope.db, filter.per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(filter.page.saturating_sub(1)).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.account_id).collect();
    let accounts =
        graduate_account::Entity::find().filter(graduate_account::Column::Id.is_in(ids)).all(scope.db).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let account = accounts.iter().find(|a| a.id == row.account_id);
            StaffOrderSummary {
                state: row.state,
                channel: Channel::parse(&row.channel).unwrap_or(Channel::Post),
                payment_method: PaymentMethod::parse(&row.payment_method).unwrap_or(PaymentMethod::StaffConfirmed),
                total_yen: row.total_yen.max(0) as u32,
                name: account.map(|a| a.name.clone()).unwrap_or_default(),
                email: account.map(|a| a.email.clone()).unwrap_or_default(),
                reservation_number: row.reservation_number,
                created_at: rfc3339(row.created_at),
                paid_at: row.paid_at.map(rfc3339),
                order_number: row.order_number,
            }
        })
        .collect();
    Ok(StaffOrderPage { items, total, page: filter.page, per_page: filter.per_page })
}

/// The orders a search finds: part of the order number, of the reservation number (its
/// digits, four or more), or one of the `accounts` whose name or address has it. Order
/// numbers are `YYMM-NNNN-NNNN` and reservation numbers twelve digits, so a part no number
/// can contain is not looked for, and a whole number is looked up by its unique index:
/// what `LIKE '%…%'` would find, without reading every order.
fn search_condition(search: &str, accounts: Vec<i64>) -> Condition {
    let needle = search.trim().to_lowercase();
    let mut any = Condition::any();
    match fits_order_number(&needle) {
        Some(true) => any = any.add(order::Column::OrderNumber.eq(needle)),
        Some(false) => any = any.add(contains_any(search, [order::Column::OrderNumber])),
        None => {}
    }
    if !accounts.is_empty() {
        any = any.add(order::Column::AccountId.is_in(accounts));
    }
    let digits: String = search.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        RESERVATION_DIGITS => any = any.add(order::Column::ReservationNumber.eq(digits)),
        4..RESERVATION_DIGITS => any = any.add(contains_any(&digits, [order::Column::ReservationNumber])),
        _ => {}
    }
    if any.is_empty() {
        // Nothing can match (an empty `any` would be no condition at all).
        any = any.add(order::Column::Id.is_in(Vec::<i64>::new()));
    }
    any
}

/// The shape of an order number: `YYMM-NNNN-NNNN`.
const ORDER_NUMBER_SHAPE: &[u8] = b"0000-0000-0000";
/// The length of a reservation number, its check digit included.
const RESERVATION_DIGITS: usize = 12;

/// Whether `needle` can be part of an order number: `Some(true)` when it is a whole one,
/// `Some(false)` when a part, `None` when no order number contains it.
fn fits_order_number(needle: &str) -> Option<bool> {
    let (needle, shape) = (needle.as_bytes(), ORDER_NUMBER_SHAPE);
    if needle.len() > shape.len() {
        return None;
    }
    let fits_at = |at: usize| {
        needle.iter().zip(&shape[at..]).all(|(c, s)| if *s == b'-' { *c == b'-' } else { c.is_ascii_digit() })
    };
    (0..=shape.len() - needle.len()).any(fits_at).then_some(needle.len() == shape.len())
}

/// An order with its graduate and payments.
pub async fn detail(scope: Scope<'_>, number: &str) -> Result<StaffOrderDetail, OrderError> {
    let row = find(scope, number).await?;
    let account = graduate_account::Entity::find_by_id(row.account_id)
        .one(scope.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("order {} has no account", row.id))?;
    let payments = payment::Entity::find()
        .filter(payment::Column::OrderId.eq(row.id))
        .order_by_asc(payment::Column::Id)
        .all(scope.db)
        .await?
        .into_iter()
        .map(|p| Payment {
            method: PaymentMethod::parse(&p.method).unwrap_or(PaymentMethod::StaffConfirmed),
            amount_yen: p.amount_yen.max(0) as u32,
            recorded_at: rfc3339(p.created_at),
            refund: refund_of(&p),
            note: p.note,
        })
        .collect();
    let history = history(scope, row.id).await?;
    let prepared_documents = prepared::documents_of(scope, &row).await?;
    let enrollments = enrollment::Model::of_account(scope.db, account.id).await?;
    let order = read(scope, row, &enrollments).await?;
    Ok(StaffOrderDetail {
        order,
        account_id: account.id,
        name: account.name,
        email: account.email,
        payments,
        history,
        prepared_documents,
    })
}

/// A card payment's refund: made, or failed with Stripe's reason (staff then act).
fn refund_of(p: &payment::Model) -> Option<PaymentRefund> {
    match (&p.refund_id, &p.refund_error) {
        (Some(id), _) => Some(PaymentRefund {
            status: RefundStatus::Refunded,
            refund_id: Some(id.clone()),
            error: None,
            at: p.refunded_at.map(rfc3339),
        }),
        (None, Some(error)) => {
            Some(PaymentRefund { status: RefundStatus::Failed, refund_id: None, error: Some(error.clone()), at: None })
        }
        (None, None) => None,
    }
}

/// The order's audit events, oldest first, with the names of the staff who acted.
async fn history(scope: Scope<'_>, order_id: i64) -> Result<Vec<OrderEvent>, OrderError> {
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::UniversityId.eq(scope.university.id))
        .filter(audit_event::Column::TargetKind.eq("order"))
        .filter(audit_event::Column::TargetId.eq(order_id))
        .order_by_asc(audit_event::Column::Id)
        .all(scope.db)
        .await?;
    let staff_ids: Vec<i64> =
        events.iter().filter(|e| e.actor_kind == ActorKind::Staff).filter_map(|e| e.actor_id).collect();
    let staff = staff_user::Entity::find().filter(staff_user::Column::Id.is_in(staff_ids)).all(scope.db).await?;
    Ok(events
        .into_iter()
        .map(|e| OrderEvent {
            staff_name: (e.actor_kind == ActorKind::Staff)
                .then(|| staff.iter().find(|s| Some(s.id) == e.actor_id).map(|s| s.display_name.clone()))
                .flatten(),
            by: e.actor_kind,
            action: e.action,
            detail: e.detail,
            at: rfc3339(e.created_at),
        })
        .collect())
}

/// Whether a payment was recorded (`true`) or had been, with the same key and body (`false`).
pub struct Recorded {
    pub detail: StaffOrderDetail,
    pub created: bool,
}

/// Records the payment of an order that waits for a money order or transfer: the amount
/// must be its total. A post order moves to `in_preparation` (the fulfilment queue) and the
/// graduate is mailed; the payment is an audit event. One payment an order: of two staff
/// pressing at once, one records it (the other: `order_not_awaiting_payment`). The same
/// `key` and body answer the payment recorded with it.
pub async fn record_payment(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    (staff_id, client): (i64, &str),
    number: &str,
    key: &str,
    record: PaymentRecord,
) -> Result<Recorded, OrderError> {
    let note = cis_shared::fields::parse_text(&record.note, 200)
        .map_err(|code| OrderError::Invalid(vec![("/note".into(), code)]))?
        .to_owned();
    let request_hash = sha256_hex(&serde_json::to_string(&record).map_err(anyhow::Error::from)?);
    let row = find(scope, number).await?;
    let before = payment::Entity::find().filter(payment::Column::OrderId.eq(row.id)).one(scope.db).await?;
    if let Some(before) = before.filter(|p| p.idempotency_key == key) {
        if before.request_hash != request_hash {
            return Err(OrderError::KeyReused);
        }
        return Ok(Recorded { detail: detail(scope, number).await?, created: false });
    }
    let next = state_when_paid(&row, &record)?;

    let txn = crate::db::begin_write(scope.db).await?;
    let updated = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(next))
        .col_expr(order::Column::PaidAt, Expr::value(Some(scope.now)))
        .col_expr(order::Column::UpdatedAt, Expr::value(scope.now))
        .filter(order::Column::Id.eq(row.id))
        .filter(order::Column::State.eq(OrderState::AwaitingPayment))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(OrderError::NotAwaitingPayment);
    }
    let inserted = payment::ActiveModel {
        order_id: Set(row.id),
        method: Set(record.method.as_str().to_owned()),
        amount_yen: Set(record.amount_yen as i32),
        note: Set(note),
        recorded_by: Set(Some(staff_id)),
        idempotency_key: Set(key.to_owned()),
        request_hash: Set(request_hash),
        created_at: Set(scope.now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(OrderError::NotAwaitingPayment);
        }
        Err(err) => return Err(err.into()),
    }
    announce_payment(&txn, (scope, mailer), (staff_id, client), &row, record.amount_yen).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(Recorded { detail: detail(scope, number).await?, created: true })
}

/// The state a payment moves the order to, when it is the order's own method and total: a
/// post order goes to the fulfilment queue.
fn state_when_paid(row: &order::Model, record: &PaymentRecord) -> Result<OrderState, OrderError> {
    let expected = PaymentMethod::parse(&row.payment_method);
    if record.method != PaymentMethod::StaffConfirmed || expected != Some(record.method) {
        return Err(OrderError::Invalid(vec![("/method".into(), ErrorCode::UnknownChoice)]));
    }
    if i64::from(record.amount_yen) != i64::from(row.total_yen) {
        return Err(OrderError::Invalid(vec![("/amount_yen".into(), ErrorCode::AmountMismatch)]));
    }
    Ok(match Channel::parse(&row.channel) {
        Some(channel) if channel.sent_by_university() => OrderState::InPreparation,
        _ => OrderState::ReadyToPrint,
    })
}

/// Inside the payment's transaction: the mail to the graduate and the audit event.
async fn announce_payment(
    txn: &DatabaseTransaction,
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    (staff_id, client): (i64, &str),
    row: &order::Model,
    amount_yen: u32,
) -> Result<(), OrderError> {
    let account = graduate_account::Entity::find_by_id(row.account_id)
        .one(txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("order {} has no account", row.id))?;
    let template = PaymentReceivedMail {
        order_number: row.order_number.clone(),
        amount_yen,
        digital: row.channel == Channel::Digital.as_str(),
        reservation: None,
        order_link: mailer.link(&format!("/orders/{}", row.order_number)),
    };
    mailer.enqueue(txn, scope, &render(&template, &account.email, account.locale, &scope.university.name)).await?;
    let event = audit::Event {
        actor: Actor::Staff(staff_id),
        action: "order.payment_recorded",
        target: Some(("order", row.id)),
        detail: Some(format!("{} {amount_yen} yen", row.order_number)),
        client_address: Some(client),
    };
    audit::record(txn, scope.university.id, event, scope.now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fits_order_number;

    #[test]
    fn a_search_fits_an_order_number_when_its_digits_and_dashes_line_up() {
        assert_eq!(fits_order_number("2611-0042-1234"), Some(true));
        for part in ["2611", "0042-1234", "1-0", "-", "2611-0042-123"] {
            assert_eq!(fits_order_number(part), Some(false), "{part}");
        }
        for other in ["佐藤", "taro@example.jp", "26110042", "2611--0042", "2611-0042-12345", "261100421234", ""] {
            assert_eq!(fits_order_number(other), if other.is_empty() { Some(false) } else { None }, "{other}");
        }
    }
}
