use cis_shared::orders::OrderState;
use sea_orm::entity::prelude::*;

/// A graduate's order: lines in `order_items`; fees and delivery as JSON, as ordered.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub order_number: String,
    pub account_id: i64,
    pub enrollment_id: i64,
    /// `convenience_store`, `post` or `digital`.
    pub channel: String,
    pub state: OrderState,
    /// `at_store`, `staff_confirmed` or `card`.
    pub payment_method: String,
    /// `Vec<cis_shared::orders::Fee>` as JSON.
    pub fees: String,
    pub total_yen: i32,
    pub store_print_fee_yen: i32,
    /// 12 digits, the last a check digit.
    pub reservation_number: Option<String>,
    pub print_deadline: Option<DateTimeUtc>,
    /// `cis_shared::orders::Delivery` as JSON (post).
    pub delivery: Option<String>,
    pub idempotency_key: String,
    /// SHA-256 of the request body it was created with.
    pub request_hash: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub paid_at: Option<DateTimeUtc>,
    /// On hold: the state it held (`OrderState` as stored) and since when.
    pub held_from: Option<String>,
    pub held_at: Option<DateTimeUtc>,
    /// Why the university holds or cancelled it, as the graduate was told.
    pub reason: Option<String>,
    pub printed_at: Option<DateTimeUtc>,
    pub shipped_at: Option<DateTimeUtc>,
    /// `cis_shared::fulfilment::Carrier` as stored.
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    /// When the graduate was reminded of the print deadline.
    pub reminded_at: Option<DateTimeUtc>,
    /// Card: the Stripe Checkout Session the graduate pays in, and its page.
    pub checkout_session_id: Option<String>,
    pub checkout_url: Option<String>,
    /// Card, once paid: Stripe's payment intent, which a refund names.
    pub payment_intent_id: Option<String>,
    /// `cis_shared::delivery::Recipient` as JSON (digital delivery).
    pub recipient: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
