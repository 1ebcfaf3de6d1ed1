//! What every use case of orders shares: their error, and new order and reservation numbers
//! (below both the graduate's orders and card payment, which assigns a reservation number
//! when a card pays a convenience-store order).

use chrono::{DateTime, Utc};
use cis_shared::application::Violations;
use cis_shared::orders::luhn_digit;
use rand::Rng;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::registration::reception_number;
use super::Scope;
use crate::db::order;

#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error("no such order")]
    NotFound,
    #[error("invalid order")]
    Invalid(Violations),
    #[error("the idempotency key was used with another body")]
    KeyReused,
    #[error("the order can no longer be cancelled")]
    NotCancellable,
    #[error("the order does not wait for this payment")]
    NotAwaitingPayment,
    #[error("the order's state does not allow this")]
    StateConflict,
    #[error("the card payment provider is unavailable")]
    PaymentUnavailable(#[source] anyhow::Error),
    #[error("the webhook's signature is not valid")]
    BadSignature,
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Any order of the university by its number, as staff reach it.
pub async fn find(scope: Scope<'_>, number: &str) -> Result<order::Model, OrderError> {
    order::Entity::find()
        .filter(order::Column::OrderNumber.eq(number))
        .filter(order::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
        .ok_or(OrderError::NotFound)
}

/// `YYMM-NNNN-NNNN`, as reception numbers read, unused among orders (a few tries; the
/// unique index has the last word).
pub(super) async fn unused_order_number(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<String, DbErr> {
    let mut number = reception_number(now);
    for _ in 0..5 {
        if order::Entity::find().filter(order::Column::OrderNumber.eq(&number)).one(db).await?.is_none() {
            break;
        }
        number = reception_number(now);
    }
    Ok(number)
}

/// Eleven random digits and their check digit, used by no order yet (reservation numbers
/// are never reused, expired or not).
pub(super) async fn unused_reservation_number(db: &impl ConnectionTrait) -> Result<String, DbErr> {
    let mut number = String::new();
    for _ in 0..5 {
        let body: String = (0..11).map(|_| char::from(b'0' + rand::thread_rng().gen_range(0..10u8))).collect();
        number = format!("{body}{}", luhn_digit(&body));
        let taken = order::Entity::find().filter(order::Column::ReservationNumber.eq(&number)).one(db).await?.is_some();
        if !taken {
            break;
        }
    }
    Ok(number)
}
