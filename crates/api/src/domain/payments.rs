//! How an order is paid (issue 10): three providers, chosen per channel in the catalogue.
//! `at_store`: paid at the convenience store's machine when printing, so the order is ready
//! to print as soon as it is placed; `staff_confirmed`: a postal money order or transfer that
//! staff record; `card`: Stripe Checkout, offered only where the server has Stripe's keys
//! (`CIS_STRIPE_SECRET_KEY`, `CIS_STRIPE_WEBHOOK_SECRET`). Placing an order asks its
//! method's provider what happens next.

use std::sync::Arc;

use cis_shared::ordering::PaymentMethod;

use crate::stripe::Stripe;

/// The payment providers this server has.
#[derive(Clone, Default)]
pub struct Payments {
    card: Option<Arc<Stripe>>,
}

/// A method's provider.
#[derive(Clone, Copy)]
pub enum Provider<'a> {
    AtStore,
    StaffConfirmed,
    Card(&'a Stripe),
}

/// What placing an order leaves to its payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnPlacing {
    /// Paid when printed: the reservation number is given at once.
    ReadyToPrint,
    /// Waits until staff record the payment.
    AwaitingStaff,
    /// Waits for the graduate to pay in a Stripe Checkout Session, made after the order
    /// is stored.
    AwaitingCheckout,
}

impl Payments {
    /// The providers, with card payment when Stripe is configured.
    pub fn new(card: Option<Stripe>) -> Payments {
        Payments { card: card.map(Arc::new) }
    }

    /// Stripe, when card payment is configured.
    pub fn card(&self) -> Option<&Stripe> {
        self.card.as_deref()
    }

    /// Whether card payment may be offered.
    pub fn card_offered(&self) -> bool {
        self.card.is_some()
    }

    /// The provider of `method`; `None` for a card where Stripe is not configured.
    pub fn provider(&self, method: PaymentMethod) -> Option<Provider<'_>> {
        match method {
            PaymentMethod::AtStore => Some(Provider::AtStore),
            PaymentMethod::StaffConfirmed => Some(Provider::StaffConfirmed),
            PaymentMethod::Card => self.card().map(Provider::Card),
        }
    }
}

impl Provider<'_> {
    /// What happens to an order paid this way when it is placed.
    pub fn on_placing(self) -> OnPlacing {
        match self {
            Provider::AtStore => OnPlacing::ReadyToPrint,
            Provider::StaffConfirmed => OnPlacing::AwaitingStaff,
            Provider::Card(_) => OnPlacing::AwaitingCheckout,
        }
    }
}
