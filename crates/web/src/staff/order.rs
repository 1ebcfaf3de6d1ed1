//! One order for staff (issue 10): where it stands, its lines and fees, the graduate, the
//! payments and the history; and what can be done from its state — record a money order or
//! transfer, download a post order's PDF and mark it printed, record the shipment, hold or
//! release, cancel with a reason; and its issued copies, each revocable (issue 11).

use cis_shared::fulfilment::{Carrier, Shipment, StaffReason};
use cis_shared::ordering::{Channel, PaymentMethod};
use cis_shared::orders::{OrderState, PaymentRecord, StaffOrderDetail};
use cis_shared::staff::ActorKind;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::copies::{CopiesReload, OrderCopies, PostPdf};
use super::order_texts::order_action;
use super::{local_time, use_staff, StaffFrame};
use crate::api::{self, ApiFailure, Method};
use crate::components::{failure_of, ProblemBanner, Submit};
use crate::i18n::use_i18n;
use crate::pages::order_detail::{quote_table, status, OrderFacts};

/// What staff do to the order.
#[derive(Clone)]
enum Command {
    Pay(PaymentRecord, String),
    Printed,
    Ship(Shipment),
    Hold(String),
    Release,
    Cancel(String),
}

#[component]
pub fn StaffOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number")).unwrap_or_default();
    let detail = RwSignal::new(None::<Result<StaffOrderDetail, ApiFailure>>);
    Effect::new(move |_| {
        let (number, locale) = (number(), untrack(|| i18n.locale()));
        if !session.logged_in() {
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/staff/orders/{number}");
            detail.set(Some(session.get::<StaffOrderDetail>(&path, locale).await));
        });
    });
    let done = RwSignal::new(false);
    let act: Submit<Command, StaffOrderDetail> = Action::new_local(move |command: &Command| {
        let (command, base, locale) = (command.clone(), format!("/api/v1/staff/orders/{}", number()), i18n.locale());
        done.set(false);
        async move {
            let answer: Result<StaffOrderDetail, ApiFailure> = match command {
                Command::Pay(record, key) => {
                    session.call_once(&format!("{base}/payments"), &record, locale, &key).await
                }
                Command::Printed => session.call::<(), _>(Method::POST, &format!("{base}/printed"), None, locale).await,
                Command::Ship(s) => session.call(Method::POST, &format!("{base}/shipment"), Some(&s), locale).await,
                Command::Hold(reason) => {
                    session.call(Method::POST, &format!("{base}/hold"), Some(&StaffReason { reason }), locale).await
                }
                Command::Release => session.call::<(), _>(Method::POST, &format!("{base}/release"), None, locale).await,
                Command::Cancel(reason) => {
                    session.call(Method::POST, &format!("{base}/cancel"), Some(&StaffReason { reason }), locale).await
                }
            };
            if let Ok(d) = &answer {
                detail.set(Some(Ok(d.clone())));
                done.set(true);
            }
            answer
        }
    });
    provide_context(act);
    provide_context(CopiesReload(RwSignal::new(0)));
    let body = move || match detail.get()? {
        Ok(d) => Some(view! { <OrderDetail d/> }.into_any()),
        Err(failure) => Some(view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any()),
    };
    view! {
        <StaffFrame title=Signal::derive(move || i18n.staff_orders().detail_title)>
            <p><A href="/staff/orders" attr:id="back-to-orders">{move || i18n.staff_orders().back_to_list}</A></p>
            {move || detail.get().is_none().then(|| view! { <p class="loading">{i18n.staff().loading}</p> })}
            <ProblemBanner failure=failure_of(act) id="action-problem"/>
            {move || field_errors(failure_of(act).get())}
            {move || (done.get() && !act.pending().get()).then(|| view! { <p class="notice" role="status" id="updated">{i18n.staff_orders().done}</p> })}
            {body}
        </StaffFrame>
    }
}

#[component]
fn OrderDetail(d: StaffOrderDetail) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, locale) = (i18n.staff_orders(), i18n.locale());
        let order = d.order.clone();
        let (quote, facts) = (order.quote(), OrderFacts::of(&order));
        let payments = d
            .payments
            .iter()
            .map(|p| view! { <li class="payment">{local_time(&p.recorded_at, locale)}" — "{(i18n.orders().yen)(p.amount_yen)}" "{p.note.clone()}</li> })
            .collect_view();
        let history = d
            .history
            .iter()
            .map(|e| {
                let by = match e.by {
                    ActorKind::Staff => e.staff_name.clone().unwrap_or_default(),
                    ActorKind::Graduate => t.by_graduate.to_owned(),
                    _ => t.by_system.to_owned(),
                };
                view! {
                    <li class="event" data-action=e.action.clone()>
                        <span class="nowrap">{local_time(&e.at, locale)}</span>" "<strong>{order_action(&e.action, locale).to_owned()}</strong>" "{by}
                        {e.detail.clone().map(|d| view! { <span class="kana">{d}</span> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card" id="staff-order">
                <h2>{t.order_number}" "<span id="order-number">{order.order_number.clone()}</span></h2>
                <p><span id="graduate-name">{d.name.clone()}</span>" "<span class="kana">{d.email.clone()}</span></p>
                {status(&order, i18n)}
                {quote_table(&quote, i18n)}
                {facts.view(i18n)}
            </section>
            <Actions d=d.clone()/>
            <super::prepared::PreparedDocuments number=order.order_number.clone() lines=d.prepared_documents.clone()/>
            <OrderCopies number=order.order_number.clone()/>
            <section class="card" id="payments">
                <h2>{t.payments}</h2>
                {d.payments.is_empty().then(|| view! { <p class="empty">{t.no_payments}</p> })}
                <ul>{payments}</ul>
            </section>
            <section class="card" id="history"><h2>{t.history}</h2><ul class="history">{history}</ul></section>
        }
    }
}

/// The forms and buttons the order's state allows.
#[component]
fn Actions(d: StaffOrderDetail) -> impl IntoView {
    let i18n = use_i18n();
    let act = expect_context::<Submit<Command, StaffOrderDetail>>();
    let order = d.order;
    let busy = move || act.pending().get();
    let pay = (order.state == OrderState::AwaitingPayment && order.payment_method == PaymentMethod::StaffConfirmed)
        .then(|| view! { <PaymentForm total=order.total_yen/> });
    let to_print = order.state == OrderState::InPreparation && order.printed_at.is_none();
    let pdf =
        (to_print && order.channel == Channel::Post).then(|| view! { <PostPdf number=order.order_number.clone()/> });
    let printed = to_print.then(|| {
        view! { <button type="button" class="primary" id="mark-printed" disabled=busy on:click=move |_| { act.dispatch(Command::Printed); }>
            {move || i18n.staff_orders().printed}</button> }
    });
    let ship =
        (order.state == OrderState::InPreparation && order.printed_at.is_some()).then(|| view! { <ShipmentForm/> });
    let release = (order.state == OrderState::OnHold).then(|| {
        view! { <button type="button" class="primary" id="release" disabled=busy on:click=move |_| { act.dispatch(Command::Release); }>
            {move || i18n.staff_orders().release}</button> }
    });
    let hold = OrderState::HOLDABLE.contains(&order.state).then(|| view! { <ReasonForm id="hold" cancel=false/> });
    let cancel =
        OrderState::STAFF_CANCELLABLE.contains(&order.state).then(|| view! { <ReasonForm id="cancel" cancel=true/> });
    let any =
        pay.is_some() || pdf.is_some() || printed.is_some() || ship.is_some() || release.is_some() || cancel.is_some();
    any.then(|| view! { <section class="card order-actions" id="actions">{pay}{pdf}{printed}{ship}{release}{hold}{cancel}</section> })
}

#[component]
fn PaymentForm(total: u32) -> impl IntoView {
    let i18n = use_i18n();
    let act = expect_context::<Submit<Command, StaffOrderDetail>>();
    let (amount, note) = (RwSignal::new(total.to_string()), RwSignal::new(String::new()));
    let key = StoredValue::new(api::idempotency_key());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let record = PaymentRecord {
            amount_yen: amount.get_untracked().trim().parse().unwrap_or(0),
            method: PaymentMethod::StaffConfirmed,
            note: note.get_untracked(),
        };
        act.dispatch(Command::Pay(record, key.get_value()));
    };
    view! {
        <form class="action-form" id="payment-form" on:submit=submit>
            <div class="field"><label for="amount">{move || i18n.staff_orders().amount}</label>
                <input id="amount" type="text" inputmode="numeric" bind:value=amount/></div>
            <div class="field"><label for="payment-note">{move || i18n.staff_orders().note}</label>
                <input id="payment-note" type="text" maxlength="200" bind:value=note/></div>
            <button type="submit" class="primary" id="record-payment" disabled=move || act.pending().get()>
                {move || i18n.staff_orders().record_payment}</button>
        </form>
    }
}

#[component]
fn ShipmentForm() -> impl IntoView {
    let i18n = use_i18n();
    let act = expect_context::<Submit<Command, StaffOrderDetail>>();
    let (carrier, tracking) = (RwSignal::new(Carrier::JapanPost), RwSignal::new(String::new()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        act.dispatch(Command::Ship(Shipment {
            carrier: carrier.get_untracked(),
            tracking_number: tracking.get_untracked(),
        }));
    };
    let choices = move || {
        Carrier::ALL
            .into_iter()
            .map(|c| view! { <option value=c.as_str() selected=carrier.get_untracked() == c>{c.label(i18n.locale())}</option> })
            .collect_view()
    };
    view! {
        <form class="action-form" id="shipment-form" on:submit=submit>
            <div class="field"><label for="carrier">{move || i18n.staff_orders().carrier}</label>
                <select id="carrier" on:change=move |ev| {
                    if let Some(c) = Carrier::parse(&event_target_value(&ev)) { carrier.set(c) }
                }>{choices}</select></div>
            <div class="field"><label for="tracking-number">{move || i18n.staff_orders().tracking_number}</label>
                <input id="tracking-number" type="text" bind:value=tracking/></div>
            <button type="submit" class="primary" id="record-shipment" disabled=move || act.pending().get()>
                {move || i18n.staff_orders().ship}</button>
        </form>
    }
}

/// Hold or cancel, each with the reason the graduate is mailed.
#[component]
fn ReasonForm(id: &'static str, cancel: bool) -> impl IntoView {
    let i18n = use_i18n();
    let act = expect_context::<Submit<Command, StaffOrderDetail>>();
    let reason = RwSignal::new(String::new());
    // A cancellation is asked once more: it mails the graduate and refunds a card.
    let asking = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if cancel && !asking.get_untracked() {
            asking.set(true);
            return;
        }
        asking.set(false);
        let reason = reason.get_untracked();
        act.dispatch(if cancel { Command::Cancel(reason) } else { Command::Hold(reason) });
    };
    let t = move || i18n.staff_orders();
    let (field, button) = (format!("{id}-reason"), format!("{id}-order"));
    view! {
        <form class="action-form" id=format!("{id}-form") on:submit=submit>
            <div class="field"><label for=field.clone()>{move || t().reason}</label>
                <textarea id=field rows="2" maxlength="200" placeholder=move || t().reason_hint bind:value=reason></textarea></div>
            {move || asking.get().then(|| view! {
                <p class="note" role="alert" id="cancel-question">{t().cancel_confirm}</p>
                <button type="button" class="secondary" id="keep-order" on:click=move |_| asking.set(false)>{i18n.staff().cancel}</button>
            })}
            <button type="submit" class=if cancel { "secondary danger" } else { "secondary" } id=button disabled=move || act.pending().get()>
                {move || if cancel { t().cancel_order } else { t().hold }}</button>
        </form>
    }
}

/// The fields an action's 422 named, each with the API's message in the screen's language.
fn field_errors(failure: Option<ApiFailure>) -> Option<impl IntoView> {
    let Some(ApiFailure::Problem(problem)) = failure else { return None };
    (!problem.errors.is_empty()).then(|| {
        let items =
            problem.errors.into_iter().map(|e| view! { <li data-field=e.field>{e.message}</li> }).collect_view();
        view! { <ul class="error" role="alert" id="action-errors">{items}</ul> }
    })
}
