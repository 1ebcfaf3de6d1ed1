//! Ordering certificates (manual 2.3 steps 14–15): from the top page's "Issue certificate"
//! (Convenience store, Sending by post or Send digitally) → the student ID number and the
//! table of certificate types with their commission and number of copies → for post, the
//! delivery (prefilled from the profile), postage, sealed envelope and payment; for digital
//! delivery, the recipient and payment → the confirmation
//! with every fee → Order → the order's page. The rules and the fees are the shared
//! `check_order`'s, the same the API applies; the API prices the order itself.

pub mod delivery;
mod recipient;
mod select;

use cis_shared::application::{Address, Violations};
use cis_shared::auth::Me;
use cis_shared::delivery::Recipient;
use cis_shared::messages::ErrorCode;
use cis_shared::ordering::{Channel, OrderOptions, PaymentMethod};
use cis_shared::orders::{check_order, Delivery, DeliveryAddress, NewOrder, NewOrderItem, Order, Quote};
use cis_shared::profile::Profile;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use super::not_found::NotFoundPage;
use super::order_detail::{quote_table, OrderFacts};
use crate::api::{self, ApiFailure, Method};
use crate::components::{failure_of, focus_first_invalid, ProblemBanner, Submit};
use crate::i18n::use_i18n;
use crate::menu::GraduateLayout;
use crate::session::use_session;

/// A post order's delivery as the form holds it: both kinds of address, one of them sent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeliveryDraft {
    pub recipient: String,
    pub abroad: bool,
    pub country: String,
    pub japan: Address,
    pub lines: [String; 4],
    pub postage: String,
    pub sealed_envelope: bool,
    /// Digital delivery: who receives the link.
    pub to: Recipient,
}

impl DeliveryDraft {
    fn of_profile(name: &str, profile: Option<Profile>) -> DeliveryDraft {
        DeliveryDraft {
            recipient: name.to_owned(),
            japan: profile.map(|p| p.address).unwrap_or_default(),
            ..DeliveryDraft::default()
        }
    }

    fn delivery(&self) -> Delivery {
        let (country, address) = match self.abroad {
            false => ("JP".to_owned(), DeliveryAddress::Japan(self.japan.clone())),
            true => {
                let lines = self.lines.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
                (self.country.clone(), DeliveryAddress::Abroad { lines })
            }
        };
        Delivery {
            recipient: self.recipient.trim().to_owned(),
            country,
            address,
            postage: self.postage.clone(),
            sealed_envelope: self.sealed_envelope,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Select,
    Delivery,
    Confirm,
}

/// The order being made: what each step edits, and what the API refused.
#[derive(Clone, Copy)]
pub struct OrderState {
    pub channel: Channel,
    pub enrollment: RwSignal<i64>,
    pub options: RwSignal<Option<OrderOptions>>,
    pub copies: RwSignal<Vec<(i64, u32)>>,
    pub delivery: RwSignal<DeliveryDraft>,
    pub method: RwSignal<Option<PaymentMethod>>,
    /// Broken rules at their JSON pointers, shown at their fields.
    pub errors: RwSignal<Violations>,
}

impl OrderState {
    fn order(&self) -> NewOrder {
        let items = self
            .copies
            .get_untracked()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(certificate_type_id, copies)| NewOrderItem { certificate_type_id, copies })
            .collect();
        let method = self.method.get_untracked();
        NewOrder {
            channel: self.channel,
            enrollment_id: self.enrollment.get_untracked(),
            items,
            delivery: (self.channel == Channel::Post).then(|| self.delivery.get_untracked().delivery()),
            recipient: (self.channel == Channel::Digital).then(|| {
                let to = self.delivery.get_untracked().to;
                Recipient {
                    name: to.name.trim().to_owned(),
                    organisation: to.organisation.trim().to_owned(),
                    email: to.email.trim().to_owned(),
                }
            }),
            payment_method: method.unwrap_or(PaymentMethod::AtStore),
        }
    }

    /// The quote of the order as it stands, or its broken rules (set on the fields).
    fn check(&self) -> Option<Quote> {
        let options = self.options.get_untracked()?;
        match check_order(&self.order(), &options) {
            Ok(quote) => {
                self.errors.set(Vec::new());
                Some(quote)
            }
            Err(violations) => {
                self.errors.set(violations);
                None
            }
        }
    }

    /// The message of the first broken rule at `pointer`, in the screen's language.
    pub fn error(&self, pointer: &str) -> Option<&'static str> {
        let locale = use_i18n().locale();
        self.errors.with(|e| e.iter().find(|(p, _)| p == pointer).map(|(_, code)| code.message(locale)))
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let channel = move || match params.with(|p| p.get("channel")).as_deref() {
        Some("convenience-store") => Some(Channel::ConvenienceStore),
        Some("post") => Some(Channel::Post),
        Some("digital") => Some(Channel::Digital),
        _ => None,
    };
    let session = use_session();
    let me = LocalResource::new(move || async move {
        session.call::<(), Me>(Method::GET, "/api/v1/me", None, i18n.locale()).await
    });
    move || {
        let Some(channel) = channel() else { return view! { <NotFoundPage/> }.into_any() };
        let o = i18n.orders();
        let title = Signal::derive(move || match channel {
            Channel::ConvenienceStore => o.title_store,
            Channel::Post => o.title_post,
            Channel::Digital => i18n.delivery().title,
        });
        let body = move || match me.get()? {
            Ok(me) => Some(view! { <OrderSteps channel me/> }.into_any()),
            Err(failure) => Some(view! { <ProblemBanner failure=Some(failure)/> }.into_any()),
        };
        view! {
            <GraduateLayout title>
                {move || me.get().is_none().then(|| view! { <p class="card">{i18n.r().loading}</p> })}
                {body}
            </GraduateLayout>
        }
        .into_any()
    }
}

#[component]
fn OrderSteps(channel: Channel, me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let first = me.enrollments.first().map(|e| e.id).unwrap_or_default();
    let state = OrderState {
        channel,
        enrollment: RwSignal::new(first),
        options: RwSignal::new(None),
        copies: RwSignal::new(Vec::new()),
        delivery: RwSignal::new(DeliveryDraft::of_profile(&me.name, None)),
        method: RwSignal::new(None),
        errors: RwSignal::new(Vec::new()),
    };
    provide_context(state);
    let loaded = LocalResource::new(move || {
        let enrollment = state.enrollment.get();
        async move {
            let path = format!("/api/v1/orders/options?channel={}&enrollment_id={enrollment}", channel.as_str());
            session.call::<(), OrderOptions>(Method::GET, &path, None, i18n.locale()).await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(options)) = loaded.get() {
            state.copies.set(Vec::new());
            let method = state.method.get_untracked().filter(|m| options.payment_methods.contains(m));
            state.method.set(method.or_else(|| options.payment_methods.first().copied()));
            state.options.set(Some(options));
        }
    });
    if channel == Channel::Post {
        let name = me.name.clone();
        spawn_profile(state, name);
    }
    let step = RwSignal::new(Step::Select);
    let quote = RwSignal::new(None::<Quote>);
    let key = StoredValue::new(String::new());
    let to_confirm = move || {
        if let Some(q) = state.check() {
            key.set_value(api::idempotency_key());
            quote.set(Some(q));
            step.set(Step::Confirm);
        } else {
            focus_first_invalid();
        }
    };
    let next = move || {
        let chosen = state.copies.with_untracked(|c| c.iter().any(|(_, n)| *n > 0));
        if !chosen {
            state.errors.set(vec![("/items".into(), ErrorCode::Required)]);
            return;
        }
        state.errors.set(Vec::new());
        match channel {
            Channel::Post | Channel::Digital => step.set(Step::Delivery),
            Channel::ConvenienceStore => to_confirm(),
        }
    };
    let failure = Signal::derive(move || loaded.get().and_then(Result::err));
    let enrollments = me.enrollments.clone();
    move || match step.get() {
        Step::Select => view! {
            <ProblemBanner failure/>
            <select::Selection enrollments=enrollments.clone() on_next=next/>
        }
        .into_any(),
        Step::Delivery if channel == Channel::Digital => view! {
            <recipient::RecipientForm on_back=move || step.set(Step::Select) on_check=to_confirm/>
        }
        .into_any(),
        Step::Delivery => view! {
            <delivery::DeliveryForm on_back=move || step.set(Step::Select) on_check=to_confirm/>
        }
        .into_any(),
        Step::Confirm => view! {
            <Confirmation quote=quote.get().unwrap_or_else(empty_quote) key=key.get_value()
                on_back=move || step.set(if channel.sent_by_university() { Step::Delivery } else { Step::Select })/>
        }
        .into_any(),
    }
}

fn empty_quote() -> Quote {
    Quote { items: Vec::new(), fees: Vec::new(), total_yen: 0, store_print_fee_yen: 0 }
}

/// Prefills the delivery address from the profile (manual 2.4 (a)), once it is read.
fn spawn_profile(state: OrderState, name: String) {
    let session = use_session();
    let locale = use_i18n().locale();
    leptos::task::spawn_local(async move {
        let profile = session.call::<(), Profile>(Method::GET, "/api/v1/me/profile", None, locale).await.ok();
        state.delivery.update(|d| {
            if d.japan == Address::default() {
                *d = DeliveryDraft { postage: d.postage.clone(), ..DeliveryDraft::of_profile(&name, profile) };
            }
        });
    });
}

/// The confirmation: every line and fee, the total, where it goes and how it is paid;
/// Order places it with the key made for this confirmation (a second press, or a retry
/// after a lost answer, places nothing twice).
#[component]
fn Confirmation(quote: Quote, key: String, on_back: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let o = i18n.orders();
    let state = expect_context::<OrderState>();
    let session = use_session();
    let navigate = use_navigate();
    let place: Submit<NewOrder, Order> = Action::new_local(move |body: &NewOrder| {
        let (body, key, locale) = (body.clone(), key.clone(), i18n.locale());
        let navigate = navigate.clone();
        async move {
            let answer = session.call_once::<_, Order>("/api/v1/orders", &body, locale, &key).await;
            match &answer {
                Ok(order) => match order.payment.as_ref().and_then(|p| p.checkout_url.as_deref()) {
                    // Card: on to the provider's payment page, which comes back to the order.
                    Some(url) => {
                        if let Some(window) = web_sys::window() {
                            let _ = window.location().assign(url);
                        }
                    }
                    None => navigate(&format!("/orders/{}?placed=1", order.order_number), NavigateOptions::default()),
                },
                Err(ApiFailure::Problem(p)) if !p.errors.is_empty() => {
                    state.errors.set(p.errors.iter().map(|e| (e.field.clone(), e.code)).collect());
                }
                Err(_) => {}
            }
            answer
        }
    });
    let new = state.order();
    let facts = OrderFacts {
        channel: state.channel,
        payment_method: new.payment_method,
        delivery: new.delivery.clone(),
        recipient: new.recipient.clone(),
        student_id: None,
    };
    view! {
        <section class="card confirmation order-confirmation" id="confirmation">
            <h2>{o.confirm_title}</h2>
            <p>{o.confirm_note}</p>
            {quote_table(&quote, i18n)}
            {facts.view(i18n)}
            <ProblemBanner failure=failure_of(place)/>
            <div class="actions">
                <button type="button" class="secondary" id="back" on:click=move |_| on_back()>{o.back}</button>
                <button type="button" class="primary" id="place-order" disabled=move || place.pending().get()
                    on:click=move |_| { place.dispatch(state.order()); }>
                    {o.order_button}
                </button>
            </div>
        </section>
    }
}
