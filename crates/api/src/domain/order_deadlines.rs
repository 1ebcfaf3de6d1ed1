//! The clocks of orders (issue 10), run by a worker every few minutes: a reminder two days
//! before an unprinted reservation's deadline, expiry past it, cancellation of an order
//! held for 30 days, and completion of a post order 30 days after it was shipped. Each
//! order changes in its own transaction, from the state it was read in, so a staff
//! member's change at the same moment wins cleanly. An expired or cancelled order paid by
//! card is refunded through Stripe after its change commits.

use std::time::Duration as StdDuration;

use chrono::Duration;
use cis_shared::orders::OrderState;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::watch;

use super::audit::Actor;
use super::card;
use super::fulfilment::{apply, cancellation, Change, HOLD_LIMIT, REMINDER_BEFORE};
use super::order_basis::OrderError;
use super::{Mailer, Scope};
use crate::db::order;
use crate::mail::templates::{CancelledBy, ReservationExpiredMail, ReservationReminderMail};
use crate::state::AppState;
use crate::stripe::Stripe;

/// How long after shipping a post order counts as delivered.
pub const DELIVERED_AFTER: Duration = Duration::days(30);
/// The most orders of each kind one sweep changes.
const BATCH: u64 = 500;
/// How often the sweep runs.
const EVERY: StdDuration = StdDuration::from_secs(300);

/// What one sweep changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub reminded: usize,
    pub expired: usize,
    pub cancelled: usize,
    pub completed: usize,
}

/// Changes every order whose time has come; `card` refunds the card-paid ones that end.
pub async fn sweep((scope, mailer): (Scope<'_>, Mailer<'_>), card: Option<&Stripe>) -> Result<Swept, OrderError> {
    use order::Column as C;
    let now = scope.now;
    let link = |row: &order::Model| mailer.link(&format!("/orders/{}", row.order_number));
    let mut swept = Swept::default();

    let due = rows(scope, OrderState::ReadyToPrint, C::PrintDeadline.lte(now + REMINDER_BEFORE)).await?;
    for row in due {
        let Some(deadline) = row.print_deadline else { continue };
        let (Some(reservation_number), None) = (row.reservation_number.clone(), row.reminded_at) else { continue };
        // An order placed within the reminder's lead is not reminded at once.
        if deadline <= now || row.created_at + REMINDER_BEFORE > deadline {
            continue;
        }
        let change = Change {
            guard: Some(Expr::col(C::RemindedAt).is_null()),
            set: vec![(C::RemindedAt, Expr::value(Some(now)))],
            mail: Some(Box::new(ReservationReminderMail {
                order_number: row.order_number.clone(),
                reservation_number,
                print_deadline: deadline,
                order_link: link(&row),
            })),
            action: "order.reminded",
            detail: row.order_number.clone(),
        };
        swept.reminded += usize::from(change_one(scope, mailer, &row, change).await?);
    }

    for row in rows(scope, OrderState::ReadyToPrint, C::PrintDeadline.lt(now)).await? {
        let change = Change {
            guard: None,
            set: vec![(C::State, Expr::value(OrderState::Expired))],
            mail: Some(Box::new(ReservationExpiredMail {
                order_number: row.order_number.clone(),
                paid: row.paid_at.is_some(),
                order_link: link(&row),
            })),
            action: "order.expired",
            detail: row.order_number.clone(),
        };
        let expired = change_one(scope, mailer, &row, change).await?;
        if expired {
            card::refund(scope, card, &row).await;
        }
        swept.expired += usize::from(expired);
    }

    for row in rows(scope, OrderState::OnHold, C::HeldAt.lt(now - HOLD_LIMIT)).await? {
        let why = CancelledBy::HoldRanOut(row.reason.clone().unwrap_or_default());
        let change = cancellation(&row, why, link(&row));
        let cancelled = change_one(scope, mailer, &row, change).await?;
        if cancelled {
            card::refund(scope, card, &row).await;
        }
        swept.cancelled += usize::from(cancelled);
    }

    for row in rows(scope, OrderState::Shipped, C::ShippedAt.lt(now - DELIVERED_AFTER)).await? {
        let change = Change {
            guard: None,
            set: vec![(C::State, Expr::value(OrderState::Completed))],
            mail: None,
            action: "order.completed",
            detail: row.order_number.clone(),
        };
        swept.completed += usize::from(change_one(scope, mailer, &row, change).await?);
    }
    Ok(swept)
}

async fn rows(
    scope: Scope<'_>,
    state: OrderState,
    when: sea_orm::sea_query::SimpleExpr,
) -> Result<Vec<order::Model>, OrderError> {
    Ok(order::Entity::find()
        .filter(order::Column::UniversityId.eq(scope.university.id))
        .filter(order::Column::State.eq(state))
        .filter(when)
        .order_by_asc(order::Column::Id)
        .limit(BATCH)
        .all(scope.db)
        .await?)
}

async fn change_one(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    row: &order::Model,
    change: Change,
) -> Result<bool, OrderError> {
    let txn = crate::db::begin_write(scope.db).await?;
    let changed = apply(&txn, (scope, mailer), (Actor::System, None), row, change).await?;
    txn.commit().await?;
    if changed {
        mailer.wake();
    }
    Ok(changed)
}

/// Sweeps every [`EVERY`] until `stopped` turns true.
pub async fn run(state: AppState, mut stopped: watch::Receiver<bool>) {
    loop {
        match sweep((state.scope(), state.mailer()), state.payments.card()).await {
            Ok(swept) if swept == Swept::default() => {}
            Ok(swept) => tracing::info!(?swept, "order deadlines swept"),
            Err(e) => tracing::warn!(error = %e, "order sweep failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = stopped.changed() => return,
        }
        if *stopped.borrow() {
            return;
        }
    }
}
