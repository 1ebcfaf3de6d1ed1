//! What the university's staff do with an order after it is placed (issue 10): hold it
//! with a reason (lifted by a release, or cancelled by the sweep after 30 days), cancel it
//! with a reason, mark a post order printed, then shipped with its carrier and tracking
//! number. Each change starts from the state staff saw (two desks pressing at once change
//! the order once), is an audit event and is mailed to the graduate in their language. A
//! cancelled order paid by card is refunded through Stripe once the cancellation commits.

use chrono::{DateTime, Duration, Utc};
use cis_shared::fulfilment::{check_reason, check_shipment, Shipment, StaffReason};
use cis_shared::orders::{OrderState, StaffOrderDetail};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use super::audit::{self, Actor};
use super::card;
use super::order_basis::OrderError;
use super::staff_orders::{detail, find};
use super::{Mailer, Scope};
use crate::db::{graduate_account, order};
use crate::mail::templates::{
    render, CancelledBy, OrderCancelledByUniversityMail, OrderHeldMail, OrderPrintedMail, OrderReleasedMail,
    OrderShippedMail, Template,
};
use crate::stripe::Stripe;

/// How long before its print deadline the graduate is reminded of an unprinted reservation.
pub const REMINDER_BEFORE: Duration = Duration::days(2);
/// How long an order stays on hold before it is cancelled.
pub const HOLD_LIMIT: Duration = Duration::days(30);

/// What staff do.
pub enum Action {
    Hold(StaffReason),
    Release,
    Cancel(StaffReason),
    Printed,
    Ship(Shipment),
}

/// A change of one order: the further condition on its row, the columns it sets, the mail
/// to the graduate (where they should know) and the audit event.
pub(super) struct Change {
    pub guard: Option<SimpleExpr>,
    pub set: Vec<(order::Column, SimpleExpr)>,
    pub mail: Option<Box<dyn Template + Send + Sync>>,
    pub action: &'static str,
    pub detail: String,
}

/// Does `action` to the order, as staff member `staff_id` from `client`; the order as it
/// is now. A state that does not allow it (another desk changed it first): `StateConflict`.
/// A cancellation of a card-paid order refunds it through `card` (Stripe) afterwards.
pub async fn act(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    (staff_id, client): (i64, &str),
    (number, action): (&str, Action),
    card: Option<&Stripe>,
) -> Result<StaffOrderDetail, OrderError> {
    let action = checked(action)?;
    let cancelling = matches!(action, Action::Cancel(_));
    let row = find(scope, number).await?;
    let change = plan(&row, action, scope.now, mailer)?;
    let txn = crate::db::begin_write(scope.db).await?;
    if !apply(&txn, (scope, mailer), (Actor::Staff(staff_id), Some(client)), &row, change).await? {
        return Err(OrderError::StateConflict);
    }
    txn.commit().await?;
    mailer.wake();
    if cancelling {
        card::refund(scope, card, &row).await;
    }
    detail(scope, number).await
}

/// The action with its reason trimmed and its tracking number as stored, or the fields at fault.
fn checked(action: Action) -> Result<Action, OrderError> {
    Ok(match action {
        Action::Hold(r) => Action::Hold(StaffReason { reason: check_reason(&r).map_err(OrderError::Invalid)? }),
        Action::Cancel(r) => Action::Cancel(StaffReason { reason: check_reason(&r).map_err(OrderError::Invalid)? }),
        Action::Ship(s) => Action::Ship(check_shipment(&s).map_err(OrderError::Invalid)?),
        other => other,
    })
}

fn plan(row: &order::Model, action: Action, now: DateTime<Utc>, mailer: Mailer<'_>) -> Result<Change, OrderError> {
    use order::Column as C;
    let link = mailer.link(&format!("/orders/{}", row.order_number));
    let number = row.order_number.clone();
    let change = match action {
        Action::Hold(StaffReason { reason }) if OrderState::HOLDABLE.contains(&row.state) => Change {
            guard: None,
            set: vec![
                (C::State, Expr::value(OrderState::OnHold)),
                (C::HeldFrom, Expr::value(Some(row.state.as_str()))),
                (C::HeldAt, Expr::value(Some(now))),
                (C::Reason, Expr::value(Some(reason.clone()))),
            ],
            mail: Some(Box::new(OrderHeldMail { order_number: number, reason: reason.clone(), order_link: link })),
            action: "order.held",
            detail: format!("{}: {reason}", row.order_number),
        },
        Action::Release if row.state == OrderState::OnHold => release(row, now, link)?,
        Action::Cancel(StaffReason { reason }) if OrderState::STAFF_CANCELLABLE.contains(&row.state) => {
            cancellation(row, CancelledBy::Staff(reason), link)
        }
        Action::Printed if row.state == OrderState::InPreparation && row.printed_at.is_none() => Change {
            guard: Some(Expr::col(C::PrintedAt).is_null()),
            set: vec![(C::PrintedAt, Expr::value(Some(now)))],
            mail: Some(Box::new(OrderPrintedMail { order_number: number, order_link: link })),
            action: "order.printed",
            detail: row.order_number.clone(),
        },
        Action::Ship(Shipment { carrier, tracking_number })
            if row.state == OrderState::InPreparation && row.printed_at.is_some() =>
        {
            Change {
                guard: None,
                set: vec![
                    (C::State, Expr::value(OrderState::Shipped)),
                    (C::ShippedAt, Expr::value(Some(now))),
                    (C::Carrier, Expr::value(Some(carrier.as_str()))),
                    (C::TrackingNumber, Expr::value(Some(tracking_number.clone()))),
                ],
                detail: format!("{} {} {tracking_number}", row.order_number, carrier.as_str()),
                mail: Some(Box::new(OrderShippedMail {
                    order_number: number,
                    carrier,
                    tracking_number,
                    order_link: link,
                })),
                action: "order.shipped",
            }
        }
        _ => return Err(OrderError::StateConflict),
    };
    Ok(change)
}

/// Back to the state it was held in; a reservation's deadline moves on by the time it was
/// held (and its reminder is due again when that leaves more than the reminder's lead).
fn release(row: &order::Model, now: DateTime<Utc>, link: String) -> Result<Change, OrderError> {
    use order::Column as C;
    let back = row.held_from.as_deref().and_then(OrderState::parse).ok_or(OrderError::StateConflict)?;
    let mut set = vec![
        (C::State, Expr::value(back)),
        (C::HeldFrom, Expr::value(None::<String>)),
        (C::HeldAt, Expr::value(None::<DateTime<Utc>>)),
        (C::Reason, Expr::value(None::<String>)),
    ];
    let deadline = match (back, row.print_deadline, row.held_at) {
        (OrderState::ReadyToPrint, Some(deadline), Some(held_at)) => {
            let moved = deadline + (now - held_at).max(Duration::zero());
            set.push((C::PrintDeadline, Expr::value(Some(moved))));
            if moved - now > REMINDER_BEFORE {
                set.push((C::RemindedAt, Expr::value(None::<DateTime<Utc>>)));
            }
            Some(moved)
        }
        _ => None,
    };
    Ok(Change {
        guard: None,
        set,
        mail: Some(Box::new(OrderReleasedMail {
            order_number: row.order_number.clone(),
            print_deadline: deadline,
            order_link: link,
        })),
        action: "order.released",
        detail: row.order_number.clone(),
    })
}

/// Cancelled by the university: by staff with a reason, or by the sweep when a hold ran out.
pub(super) fn cancellation(row: &order::Model, why: CancelledBy, link: String) -> Change {
    use order::Column as C;
    let (reason, detail) = match &why {
        CancelledBy::Staff(reason) => (reason.clone(), format!("{}: {reason}", row.order_number)),
        CancelledBy::HoldRanOut(reason) => {
            (reason.clone(), format!("{}: held {} days", row.order_number, HOLD_LIMIT.num_days()))
        }
    };
    Change {
        guard: None,
        set: vec![
            (C::State, Expr::value(OrderState::Cancelled)),
            (C::HeldFrom, Expr::value(None::<String>)),
            (C::Reason, Expr::value(Some(reason))),
        ],
        mail: Some(Box::new(OrderCancelledByUniversityMail {
            order_number: row.order_number.clone(),
            why,
            paid: row.paid_at.is_some(),
            order_link: link,
        })),
        action: "order.cancelled",
        detail,
    }
}

/// Inside `txn`: changes the row if it is still in the state it was read in (and meets the
/// change's guard), then queues the mail and records the event. `false` when another
/// change came first.
pub(super) async fn apply(
    txn: &DatabaseTransaction,
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    (actor, client): (Actor, Option<&str>),
    row: &order::Model,
    change: Change,
) -> Result<bool, OrderError> {
    let mut update = order::Entity::update_many()
        .col_expr(order::Column::UpdatedAt, Expr::value(scope.now))
        .filter(order::Column::Id.eq(row.id))
        .filter(order::Column::State.eq(row.state));
    for (column, value) in change.set {
        update = update.col_expr(column, value);
    }
    if let Some(guard) = change.guard {
        update = update.filter(guard);
    }
    if update.exec(txn).await?.rows_affected != 1 {
        return Ok(false);
    }
    if let Some(template) = change.mail {
        let account = graduate_account::Entity::find_by_id(row.account_id)
            .one(txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("order {} has no account", row.id))?;
        let mail = render(template.as_ref(), &account.email, account.locale, &scope.university.name);
        mailer.enqueue(txn, scope, &mail).await?;
    }
    let event = audit::Event {
        actor,
        action: change.action,
        target: Some(("order", row.id)),
        detail: Some(change.detail),
        client_address: client,
    };
    audit::record(txn, scope.university.id, event, scope.now).await?;
    Ok(true)
}
