use sea_orm::entity::prelude::*;

/// An order's payment (one an order).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    /// `staff_confirmed`, `at_store` or `card`.
    pub method: String,
    pub amount_yen: i32,
    pub note: String,
    /// The staff member who recorded it.
    pub recorded_by: Option<i64>,
    pub idempotency_key: String,
    pub request_hash: String,
    pub created_at: DateTimeUtc,
    /// Card, when the order was cancelled or expired after it was paid: Stripe's refund
    /// and when it was made; or why it could not be (staff then refund by hand).
    pub refund_id: Option<String>,
    pub refunded_at: Option<DateTimeUtc>,
    pub refund_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
