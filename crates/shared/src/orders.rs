//! A graduate's order of certificates (manual 2.3 steps 14–15): what is sent, what the
//! server answers, the order's states, and the rules an order must keep against the options
//! of its channel and student record (the same check in the SPA and the API).

#[cfg(feature = "db")]
use sea_orm::entity::prelude::StringLen;
use serde::{Deserialize, Serialize};

use crate::application::{Address, Check, Violations};
use crate::catalog::{CertificateLanguage, LocalizedName};
use crate::delivery::{DigitalDelivery, Recipient};
use crate::fields;
use crate::fulfilment::{OrderEvent, Shipment};
use crate::messages::ErrorCode;
use crate::ordering::{Channel, OrderOptions, PaymentMethod};

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// Waits for a payment (a money order or transfer staff record, or a card).
    #[cfg_attr(feature = "db", sea_orm(string_value = "awaiting_payment"))]
    AwaitingPayment,
    /// Convenience store: the reservation number can be printed until the deadline.
    #[cfg_attr(feature = "db", sea_orm(string_value = "ready_to_print"))]
    ReadyToPrint,
    /// Post: paid; the university prints and sends it.
    #[cfg_attr(feature = "db", sea_orm(string_value = "in_preparation"))]
    InPreparation,
    /// Post: on its way, with the carrier's tracking number.
    #[cfg_attr(feature = "db", sea_orm(string_value = "shipped"))]
    Shipped,
    /// Printed at the store, or delivered.
    #[cfg_attr(feature = "db", sea_orm(string_value = "completed"))]
    Completed,
    /// Convenience store: not printed by the deadline.
    #[cfg_attr(feature = "db", sea_orm(string_value = "expired"))]
    Expired,
    /// Cancelled by the graduate or the university.
    #[cfg_attr(feature = "db", sea_orm(string_value = "cancelled"))]
    Cancelled,
    /// Held by the university, with a reason.
    #[cfg_attr(feature = "db", sea_orm(string_value = "on_hold"))]
    OnHold,
}

impl OrderState {
    pub const ALL: [OrderState; 8] = [
        OrderState::AwaitingPayment,
        OrderState::ReadyToPrint,
        OrderState::InPreparation,
        OrderState::Shipped,
        OrderState::Completed,
        OrderState::Expired,
        OrderState::Cancelled,
        OrderState::OnHold,
    ];

    /// The states staff may hold an order in: before it is printed at the store or shipped.
    pub const HOLDABLE: [OrderState; 3] =
        [OrderState::AwaitingPayment, OrderState::ReadyToPrint, OrderState::InPreparation];

    /// The states staff may cancel from: every one not finished or shipped.
    pub const STAFF_CANCELLABLE: [OrderState; 4] =
        [OrderState::AwaitingPayment, OrderState::ReadyToPrint, OrderState::InPreparation, OrderState::OnHold];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::AwaitingPayment => "awaiting_payment",
            OrderState::ReadyToPrint => "ready_to_print",
            OrderState::InPreparation => "in_preparation",
            OrderState::Shipped => "shipped",
            OrderState::Completed => "completed",
            OrderState::Expired => "expired",
            OrderState::Cancelled => "cancelled",
            OrderState::OnHold => "on_hold",
        }
    }

    pub fn parse(text: &str) -> Option<OrderState> {
        OrderState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The states the graduate may still cancel from: until it is paid or printed.
    pub const CANCELLABLE: [OrderState; 2] = [OrderState::AwaitingPayment, OrderState::ReadyToPrint];

    /// Whether the graduate may still cancel.
    pub fn cancellable(self) -> bool {
        OrderState::CANCELLABLE.contains(&self)
    }

    /// Whether the order is finished (listed under "Application list", not "Current").
    pub fn finished(self) -> bool {
        matches!(self, OrderState::Completed | OrderState::Expired | OrderState::Cancelled)
    }

    /// The state in the graduate's words.
    pub fn label(self, locale: crate::Locale) -> &'static str {
        match self {
            OrderState::AwaitingPayment => locale.pick("お支払い待ち", "Awaiting payment"),
            OrderState::ReadyToPrint => locale.pick("印刷可能", "Ready to print"),
            OrderState::InPreparation => locale.pick("発送準備中", "In preparation"),
            OrderState::Shipped => locale.pick("発送済み", "Shipped"),
            OrderState::Completed => locale.pick("完了", "Completed"),
            OrderState::Expired => locale.pick("期限切れ", "Expired"),
            OrderState::Cancelled => locale.pick("取消済み", "Cancelled"),
            OrderState::OnHold => locale.pick("保留中", "On hold"),
        }
    }
}

/// One certificate type and its number of copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewOrderItem {
    #[serde(deserialize_with = "crate::json::integer")]
    pub certificate_type_id: i64,
    /// 1 to the type's `max_copies`.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    #[serde(deserialize_with = "crate::json::count")]
    pub copies: u32,
}

/// Where a post order goes: in Japan, the applicant form's address; abroad, its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum DeliveryAddress {
    /// For `country` `JP`.
    Japan(Address),
    /// For any other country: 2 to 6 lines as the post of that country writes them.
    Abroad { lines: Vec<String> },
}

/// The delivery of a post order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// Who receives it (the graduate, or an organisation and a person), 1 to 100 characters.
    pub recipient: String,
    /// ISO 3166-1 alpha-2 (`JP`, `US`, …).
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{2}$"))]
    pub country: String,
    pub address: DeliveryAddress,
    /// A postage option's `code` (domestic for `JP`, overseas elsewhere).
    pub postage: String,
    /// In a sealed envelope (厳封), where the university offers it.
    #[serde(default)]
    pub sealed_envelope: bool,
}

/// An order as the graduate sends it (manual 2.3 step 15, then the confirmation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "channel": "convenience_store", "enrollment_id": 3,
    "items": [{"certificate_type_id": 5, "copies": 2}, {"certificate_type_id": 4, "copies": 1}],
    "delivery": null, "payment_method": "at_store"
})))]
pub struct NewOrder {
    pub channel: Channel,
    /// One of the graduate's student records.
    #[serde(deserialize_with = "crate::json::integer")]
    pub enrollment_id: i64,
    /// At least one; each type once.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub items: Vec<NewOrderItem>,
    /// Post only (absent or null for the other channels).
    #[serde(default)]
    pub delivery: Option<Delivery>,
    /// Digital delivery only (absent or null for the other channels): who receives the link.
    #[serde(default)]
    pub recipient: Option<Recipient>,
    /// One of the channel's `payment_methods` in the options.
    pub payment_method: PaymentMethod,
}

/// What a fee beside the commissions is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    Handling,
    Postage,
    SealedEnvelope,
}

impl FeeKind {
    /// What the fee is called, on screens, in mails and on the card payment page.
    pub fn label(self, locale: crate::Locale) -> &'static str {
        match self {
            FeeKind::Handling => locale.pick("事務手数料", "Handling fee"),
            FeeKind::Postage => locale.pick("郵送料", "Postage"),
            FeeKind::SealedEnvelope => locale.pick("厳封料", "Sealed envelope"),
        }
    }
}

/// A fee beside the commissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fee {
    pub kind: FeeKind,
    pub amount_yen: u32,
}

/// A line of an order, with the name and commission it was ordered with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    pub certificate_type_id: i64,
    pub name: LocalizedName,
    pub language: CertificateLanguage,
    pub copies: u32,
    pub unit_fee_yen: u32,
    pub amount_yen: u32,
}

/// The fees of an order, computed from the options (the server's catalogue) alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub items: Vec<OrderLine>,
    pub fees: Vec<Fee>,
    /// Commissions and fees: what is paid to the university.
    pub total_yen: u32,
    /// Convenience store: the store's printing fee for every sheet, paid at the store
    /// besides the total (0 for post).
    pub store_print_fee_yen: u32,
}

/// An order as the graduate and staff read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "order_number": "2611-5307-1142", "state": "ready_to_print", "channel": "convenience_store", "enrollment_id": 3,
    "student_id": "1234567", "payment_method": "at_store",
    "items": [{"certificate_type_id": 5, "name": {"ja": "卒業証明書", "en": "Certificate of Graduation"}, "language": "ja",
        "copies": 2, "unit_fee_yen": 200, "amount_yen": 400}],
    "fees": [], "total_yen": 400, "store_print_fee_yen": 40,
    "reservation_number": "4187-2290-5516", "print_deadline": "2026-12-03T09:00:00Z", "delivery": null,
    "created_at": "2026-11-26T09:00:00Z", "paid_at": null, "cancellable": true,
    "reason": null, "printed_at": null, "shipment": null, "shipped_at": null, "transfer_instructions": null,
    "payment": {"method": "at_store", "checkout_url": null}
})))]
pub struct Order {
    /// `YYMM-NNNN-NNNN`.
    pub order_number: String,
    pub state: OrderState,
    pub channel: Channel,
    pub enrollment_id: i64,
    pub student_id: String,
    pub payment_method: PaymentMethod,
    pub items: Vec<OrderLine>,
    pub fees: Vec<Fee>,
    pub total_yen: u32,
    pub store_print_fee_yen: u32,
    /// Convenience store: 12 digits (the last a check digit) in groups of four, to key in at
    /// the store's multi-copy machine.
    pub reservation_number: Option<String>,
    /// Convenience store: print before this time (RFC 3339, UTC).
    pub print_deadline: Option<String>,
    pub delivery: Option<Delivery>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub paid_at: Option<String>,
    /// Whether the graduate may still cancel it.
    pub cancellable: bool,
    /// Held or cancelled by the university: why, as the graduate was told.
    pub reason: Option<String>,
    /// Post: when the university printed it (RFC 3339, UTC).
    pub printed_at: Option<String>,
    /// Post: its carrier and tracking number, once shipped.
    pub shipment: Option<Shipment>,
    pub shipped_at: Option<String>,
    /// While it waits for a postal money order or bank transfer: how to pay, as the
    /// university writes it (its order settings); null otherwise.
    #[serde(default)]
    pub transfer_instructions: Option<LocalizedName>,
    /// How it is paid; for a card order awaiting payment, the page to pay on.
    #[serde(default)]
    pub payment: Option<OrderPayment>,
    /// Digital delivery: who receives it.
    #[serde(default)]
    pub recipient: Option<Recipient>,
    /// Digital delivery, once sent: whether it was opened, and every download.
    #[serde(default)]
    pub digital_delivery: Option<DigitalDelivery>,
}

/// How an order is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "method": "card", "checkout_url": "https://checkout.stripe.com/c/pay/cs_test_a1b2c3"
})))]
pub struct OrderPayment {
    pub method: PaymentMethod,
    /// `card` while `awaiting_payment`: Stripe Checkout's page, where the graduate pays
    /// (then comes back to `/orders/{order_number}?payment=done`); null otherwise.
    pub checkout_url: Option<String>,
}

impl Order {
    /// Whether it waits for a money order or transfer that staff record.
    pub fn waits_for_transfer(&self) -> bool {
        self.state == OrderState::AwaitingPayment && self.payment_method == PaymentMethod::StaffConfirmed
    }

    /// The order's lines, fees and totals as they were quoted.
    pub fn quote(&self) -> Quote {
        Quote {
            items: self.items.clone(),
            fees: self.fees.clone(),
            total_yen: self.total_yen,
            store_print_fee_yen: self.store_print_fee_yen,
        }
    }
}

/// A whole number of yen with thousands separators: `1,450`.
pub fn thousands(yen: u32) -> String {
    let digits = yen.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A payment staff record for an order paid by postal money order or bank transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "amount_yen": 1060, "method": "staff_confirmed", "note": "Postal money order received 2026-11-27"
})))]
pub struct PaymentRecord {
    /// The order's `total_yen`, exactly.
    #[cfg_attr(feature = "openapi", schema(maximum = 100000000))]
    #[serde(deserialize_with = "crate::json::count")]
    pub amount_yen: u32,
    /// `staff_confirmed`: the order's payment method.
    pub method: PaymentMethod,
    /// What was received and how (at most 200 characters); may be empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub note: String,
}

/// A payment of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    pub method: PaymentMethod,
    pub amount_yen: u32,
    pub note: String,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    /// A card payment of an order cancelled or expired: its refund through Stripe.
    #[serde(default)]
    pub refund: Option<PaymentRefund>,
}

/// Whether a card payment went back to the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    /// Stripe took the refund.
    Refunded,
    /// Stripe could not be asked or refused: staff refund it in Stripe's dashboard.
    Failed,
}

/// The refund of a card payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentRefund {
    pub status: RefundStatus,
    /// Stripe's refund (`re_…`), once made.
    pub refund_id: Option<String>,
    /// Why it failed, as Stripe or the connection said.
    pub error: Option<String>,
    /// RFC 3339, UTC: when it was made or tried.
    pub at: Option<String>,
}

/// An order as the staff's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffOrderSummary {
    pub order_number: String,
    pub state: OrderState,
    pub channel: Channel,
    pub payment_method: PaymentMethod,
    pub total_yen: u32,
    /// The graduate's name and address.
    pub name: String,
    pub email: String,
    pub reservation_number: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub paid_at: Option<String>,
}

/// A page of orders: those in preparation oldest paid first (the fulfilment queue), the
/// others newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffOrderPage {
    pub items: Vec<StaffOrderSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// What an order waits for, as the staff's list filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WaitingFor {
    /// A line's certificate is prepared by staff and its document is not attached yet (the
    /// order is neither finished nor shipped).
    Document,
}

/// An order with its graduate and payments, for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffOrderDetail {
    pub order: Order,
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub payments: Vec<Payment>,
    /// Every change, oldest first.
    pub history: Vec<OrderEvent>,
    /// The lines whose certificate staff prepare, with the document attached to each.
    #[serde(default)]
    pub prepared_documents: Vec<crate::documents::PreparedDocument>,
}

/// The most lines of an address abroad, and the longest line.
const ABROAD_LINES: usize = 6;
const LINE: usize = 100;

/// Every broken rule of an order against the options of its channel and student record,
/// each at its JSON pointer; and the quote when there is none.
pub fn check_order(order: &NewOrder, options: &OrderOptions) -> Result<Quote, Violations> {
    let mut c = Check(Vec::new());
    let mut lines = Vec::new();
    if order.channel != options.channel || order.enrollment_id != options.enrollment_id {
        c.0.push(("/enrollment_id".into(), ErrorCode::UnknownChoice));
    }
    if order.items.is_empty() {
        c.0.push(("/items".into(), ErrorCode::Required));
    }
    let mut sheets = 0;
    for (i, item) in order.items.iter().enumerate() {
        let pointer = format!("/items/{i}");
        if order.items[..i].iter().any(|o| o.certificate_type_id == item.certificate_type_id) {
            c.0.push((format!("{pointer}/certificate_type_id"), ErrorCode::Duplicate));
            continue;
        }
        let Some(t) = options.types.iter().find(|t| t.certificate_type_id == item.certificate_type_id) else {
            c.0.push((format!("{pointer}/certificate_type_id"), ErrorCode::UnknownChoice));
            continue;
        };
        if !t.orderable {
            c.0.push((format!("{pointer}/certificate_type_id"), ErrorCode::NotOrderable));
            continue;
        }
        if item.copies == 0 || item.copies > t.max_copies {
            c.0.push((format!("{pointer}/copies"), ErrorCode::OutOfRange));
            continue;
        }
        sheets += item.copies * t.sheets;
        lines.push(OrderLine {
            certificate_type_id: t.certificate_type_id,
            name: t.name.clone(),
            language: t.language,
            copies: item.copies,
            unit_fee_yen: t.unit_fee_yen,
            amount_yen: item.copies * t.unit_fee_yen,
        });
    }
    if !options.payment_methods.contains(&order.payment_method) {
        c.0.push(("/payment_method".into(), ErrorCode::UnknownChoice));
    }
    let mut fees = Vec::new();
    if options.handling_fee_yen > 0 {
        fees.push(Fee { kind: FeeKind::Handling, amount_yen: options.handling_fee_yen });
    }
    match (order.channel, &order.delivery) {
        (Channel::Post, None) => c.0.push(("/delivery".into(), ErrorCode::Required)),
        (Channel::Post, Some(delivery)) => c.delivery(delivery, options, &mut fees),
        (_, Some(_)) => c.0.push(("/delivery".into(), ErrorCode::UnknownChoice)),
        (_, None) => {}
    }
    match (order.channel, &order.recipient) {
        (Channel::Digital, None) => c.0.push(("/recipient".into(), ErrorCode::Required)),
        (Channel::Digital, Some(recipient)) => c.recipient(recipient),
        (_, Some(_)) => c.0.push(("/recipient".into(), ErrorCode::UnknownChoice)),
        (_, None) => {}
    }
    if order.channel == Channel::Digital {
        // One copy reaches one recipient: a second would be the same file.
        for (i, item) in order.items.iter().enumerate() {
            let pointer = format!("/items/{i}/copies");
            if item.copies > 1 && !c.0.iter().any(|(p, _)| *p == pointer) {
                c.0.push((pointer, ErrorCode::OutOfRange));
            }
        }
    }
    if !c.0.is_empty() {
        return Err(c.0);
    }
    let total_yen = lines.iter().map(|l| l.amount_yen).chain(fees.iter().map(|f| f.amount_yen)).sum();
    Ok(Quote { items: lines, fees, total_yen, store_print_fee_yen: sheets * options.print_fee_per_sheet_yen })
}

impl Check {
    fn delivery(&mut self, d: &Delivery, options: &OrderOptions, fees: &mut Vec<Fee>) {
        self.field("/delivery/recipient", fields::parse_line(&d.recipient, LINE));
        let country_valid = d.country.len() == 2 && d.country.bytes().all(|b| b.is_ascii_uppercase());
        if !country_valid {
            self.0.push(("/delivery/country".into(), ErrorCode::UnknownChoice));
        }
        let domestic = d.country == "JP";
        match (&d.address, domestic) {
            (DeliveryAddress::Japan(address), true) => {
                let before = self.0.len();
                self.address(address);
                for (pointer, _) in &mut self.0[before..] {
                    *pointer = format!("/delivery{pointer}");
                }
            }
            (DeliveryAddress::Abroad { lines }, false) => {
                if lines.iter().filter(|l| !l.trim().is_empty()).count() < 2 {
                    self.0.push(("/delivery/address/lines".into(), ErrorCode::Required));
                } else if lines.len() > ABROAD_LINES {
                    self.0.push(("/delivery/address/lines".into(), ErrorCode::TooLong));
                }
                for (i, line) in lines.iter().enumerate().take(ABROAD_LINES) {
                    if !line.is_empty() {
                        self.field(&format!("/delivery/address/lines/{i}"), fields::parse_line(line, LINE));
                    }
                }
            }
            // An address abroad for Japan, or a Japanese one for another country.
            _ => self.0.push(("/delivery/address".into(), ErrorCode::UnknownChoice)),
        }
        match options.postage_options.iter().find(|p| p.code == d.postage) {
            Some(p) if p.overseas != domestic => fees.push(Fee { kind: FeeKind::Postage, amount_yen: p.fee_yen }),
            _ => self.0.push(("/delivery/postage".into(), ErrorCode::UnknownChoice)),
        }
        if d.sealed_envelope {
            if !options.sealed_envelope {
                self.0.push(("/delivery/sealed_envelope".into(), ErrorCode::UnknownChoice));
            } else if options.sealed_envelope_fee_yen > 0 {
                fees.push(Fee { kind: FeeKind::SealedEnvelope, amount_yen: options.sealed_envelope_fee_yen });
            }
        }
    }
}

/// The check digit of a reservation number's digits (Luhn): one mistyped digit, or two
/// neighbours swapped, makes a number that does not check.
pub fn luhn_digit(digits: &str) -> u32 {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Whether a reservation number as keyed in (spaces and hyphens allowed) has 12 digits whose
/// last is the check digit of the others; its digits when it has.
pub fn parse_reservation_number(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.len() != 12 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (body, check) = digits.split_at(11);
    (luhn_digit(body) == check.parse::<u32>().ok()?).then_some(digits)
}

/// `NNNN-NNNN-NNNN`.
pub fn grouped(digits: &str) -> String {
    digits.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(800), "800");
        assert_eq!(thousands(1450), "1,450");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
    use crate::ordering::{NotOrderable, OrderableType, PostageOption};

    fn options(channel: Channel) -> OrderOptions {
        let t = |id: i64, fee: u32, orderable: bool| OrderableType {
            certificate_type_id: id,
            code: format!("t{id}"),
            name: LocalizedName { ja: "証明書".into(), en: "Certificate".into() },
            language: CertificateLanguage::Ja,
            unit_fee_yen: fee,
            max_copies: 10,
            sheets: 1,
            orderable,
            reason: (!orderable).then_some(NotOrderable::DegreeProgram),
        };
        let post = channel == Channel::Post;
        let option = |code: &str, fee_yen: u32, overseas: bool| PostageOption {
            code: code.into(),
            name: LocalizedName { ja: code.into(), en: code.into() },
            fee_yen,
            overseas,
        };
        OrderOptions {
            channel,
            enrollment_id: 3,
            types: vec![t(1, 800, false), t(5, 200, true), t(4, 200, true)],
            handling_fee_yen: 100,
            print_fee_per_sheet_yen: if post { 0 } else { 20 },
            print_deadline_days: 7,
            payment_methods: vec![if post { PaymentMethod::StaffConfirmed } else { PaymentMethod::AtStore }],
            postage_options: if post {
                vec![option("ordinary", 110, false), option("airmail", 190, true)]
            } else {
                vec![]
            },
            sealed_envelope: post,
            sealed_envelope_fee_yen: if post { 50 } else { 0 },
        }
    }

    fn store_order() -> NewOrder {
        NewOrder {
            channel: Channel::ConvenienceStore,
            enrollment_id: 3,
            items: vec![
                NewOrderItem { certificate_type_id: 5, copies: 2 },
                NewOrderItem { certificate_type_id: 4, copies: 1 },
            ],
            delivery: None,
            recipient: None,
            payment_method: PaymentMethod::AtStore,
        }
    }

    #[test]
    fn a_digital_order_names_its_recipient_and_sends_one_copy_of_each() {
        let mut opts = options(Channel::Post);
        opts.channel = Channel::Digital;
        opts.postage_options.clear();
        let mut order = store_order();
        order.channel = Channel::Digital;
        order.payment_method = PaymentMethod::StaffConfirmed;
        let pointers = |order: &NewOrder| -> Vec<String> {
            check_order(order, &opts).unwrap_err().into_iter().map(|(p, _)| p).collect()
        };
        assert_eq!(pointers(&order), ["/recipient", "/items/0/copies"]);
        order.items[0].copies = 1;
        order.recipient = Some(crate::delivery::Recipient {
            name: "Hanako Suzuki".into(),
            organisation: "Example Trading".into(),
            email: "hr@example.com".into(),
        });
        let quote = check_order(&order, &opts).unwrap();
        assert_eq!(quote.total_yen, 200 + 200 + 100);
        assert_eq!(quote.store_print_fee_yen, 0);
        order.delivery = Some(delivery());
        assert_eq!(pointers(&order), ["/delivery"]);
        // A recipient belongs to digital delivery only.
        let mut store = store_order();
        store.recipient = order.recipient.clone();
        assert_eq!(check_order(&store, &options(Channel::ConvenienceStore)).unwrap_err()[0].0, "/recipient");
    }

    fn delivery() -> Delivery {
        Delivery {
            recipient: "電電 太郎".into(),
            country: "JP".into(),
            address: DeliveryAddress::Japan(Address {
                postal_code: "100-0001".into(),
                prefecture: "東京都".into(),
                city: "千代田区".into(),
                street: "千代田1-1".into(),
                apartment: None,
            }),
            postage: "ordinary".into(),
            sealed_envelope: true,
        }
    }

    #[test]
    fn a_store_order_adds_up_commissions_and_the_handling_fee() {
        let quote = check_order(&store_order(), &options(Channel::ConvenienceStore)).unwrap();
        assert_eq!(quote.items.iter().map(|l| l.amount_yen).collect::<Vec<_>>(), [400, 200]);
        assert_eq!(quote.fees, [Fee { kind: FeeKind::Handling, amount_yen: 100 }]);
        assert_eq!(quote.total_yen, 700);
        assert_eq!(quote.store_print_fee_yen, 60);
    }

    #[test]
    fn a_post_order_adds_postage_and_the_sealed_envelope() {
        let mut order = store_order();
        order.channel = Channel::Post;
        order.payment_method = PaymentMethod::StaffConfirmed;
        order.delivery = Some(delivery());
        let quote = check_order(&order, &options(Channel::Post)).unwrap();
        let kinds: Vec<_> = quote.fees.iter().map(|f| (f.kind, f.amount_yen)).collect();
        assert_eq!(kinds, [(FeeKind::Handling, 100), (FeeKind::Postage, 110), (FeeKind::SealedEnvelope, 50)]);
        assert_eq!(quote.total_yen, 600 + 100 + 110 + 50);
        assert_eq!(quote.store_print_fee_yen, 0);

        // Abroad: lines and an overseas postage; a domestic one is refused.
        let mut d = delivery();
        d.country = "US".into();
        d.address = DeliveryAddress::Abroad { lines: vec!["1 Main St".into(), "Springfield, IL 62701".into()] };
        order.delivery = Some(d.clone());
        let found = check_order(&order, &options(Channel::Post)).unwrap_err();
        assert_eq!(found, vec![("/delivery/postage".into(), ErrorCode::UnknownChoice)]);
        d.postage = "airmail".into();
        order.delivery = Some(d);
        assert!(check_order(&order, &options(Channel::Post)).is_ok());
    }

    #[test]
    fn every_broken_rule_of_an_order_is_named_at_its_field() {
        let mut order = store_order();
        order.items = vec![
            NewOrderItem { certificate_type_id: 1, copies: 1 },
            NewOrderItem { certificate_type_id: 5, copies: 11 },
            NewOrderItem { certificate_type_id: 99, copies: 1 },
            NewOrderItem { certificate_type_id: 5, copies: 1 },
            NewOrderItem { certificate_type_id: 4, copies: 0 },
        ];
        order.payment_method = PaymentMethod::StaffConfirmed;
        order.delivery = Some(delivery());
        let found = check_order(&order, &options(Channel::ConvenienceStore)).unwrap_err();
        assert_eq!(
            found,
            vec![
                ("/items/0/certificate_type_id".into(), ErrorCode::NotOrderable),
                ("/items/1/copies".into(), ErrorCode::OutOfRange),
                ("/items/2/certificate_type_id".into(), ErrorCode::UnknownChoice),
                ("/items/3/certificate_type_id".into(), ErrorCode::Duplicate),
                ("/items/4/copies".into(), ErrorCode::OutOfRange),
                ("/payment_method".into(), ErrorCode::UnknownChoice),
                ("/delivery".into(), ErrorCode::UnknownChoice),
            ]
        );
        order.items.clear();
        assert!(check_order(&order, &options(Channel::ConvenienceStore))
            .unwrap_err()
            .contains(&("/items".into(), ErrorCode::Required)));
    }

    #[test]
    fn a_post_address_is_checked_by_the_application_forms_rules() {
        let mut order = store_order();
        order.channel = Channel::Post;
        order.payment_method = PaymentMethod::StaffConfirmed;
        let mut d = delivery();
        if let DeliveryAddress::Japan(a) = &mut d.address {
            a.postal_code = "1000001".into();
        }
        d.recipient = String::new();
        order.delivery = Some(d);
        let found = check_order(&order, &options(Channel::Post)).unwrap_err();
        assert_eq!(
            found,
            vec![
                ("/delivery/recipient".into(), ErrorCode::Required),
                ("/delivery/address/postal_code".into(), ErrorCode::PostalCodeInvalid),
            ]
        );
        order.delivery = None;
        assert_eq!(
            check_order(&order, &options(Channel::Post)).unwrap_err(),
            vec![("/delivery".into(), ErrorCode::Required)]
        );
    }

    #[test]
    fn reservation_numbers_check_their_last_digit() {
        let body = "41872290551";
        let number = format!("{body}{}", luhn_digit(body));
        assert_eq!(parse_reservation_number(&grouped(&number)), Some(number.clone()));
        // One digit mistyped, or two neighbours swapped.
        let mistyped = format!("5{}", &number[1..]);
        assert_eq!(parse_reservation_number(&mistyped), None);
        let swapped = format!("{}{}{}", &number[..1], &number[2..3], &number[1..2]) + &number[3..];
        if swapped != number {
            assert_eq!(parse_reservation_number(&swapped), None);
        }
        assert_eq!(parse_reservation_number("1234"), None);
        assert_eq!(grouped("418722905516"), "4187-2290-5516");
    }
}
