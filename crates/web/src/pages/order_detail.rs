//! An order's page (`/orders/{order_number}`, linked from every order mail and the top
//! page): where it stands, the reservation number and deadline with how to print, or the
//! payment, printing and shipment of a post order; the lines and fees; and Cancel while the
//! order is neither paid nor printed.

use cis_shared::delivery::{DeliveryDownload, DigitalDelivery, DownloadFormat, Recipient};
use cis_shared::ordering::{Channel, PaymentMethod};
use cis_shared::orders::{grouped, Delivery, DeliveryAddress, FeeKind, Order, OrderState, Quote};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, local_time, ProblemBanner, Submit};
use crate::i18n::{channel_name, payment_method, use_i18n, I18n};
use crate::menu::GraduateLayout;
use crate::session::use_session;

/// The lines, the fees beside them and the total; for the store, its printing fee.
pub fn quote_table(quote: &Quote, i18n: I18n) -> impl IntoView {
    let o = i18n.orders();
    let locale = i18n.locale();
    let lines = quote
        .items
        .iter()
        .map(|l| {
            view! {
                <tr class="line">
                    <th scope="row">{l.name.get(locale).to_owned()}</th>
                    <td class="number copies">{l.copies}</td>
                    <td class="number amount">{(o.yen)(l.amount_yen)}</td>
                </tr>
            }
        })
        .collect_view();
    let fees = quote
        .fees
        .iter()
        .map(|f| {
            view! {
                <tr class="fee"><th scope="row" colspan="2">{f.kind.label(locale)}</th><td class="number amount">{(o.yen)(f.amount_yen)}</td></tr>
            }
        })
        .collect_view();
    let store = (quote.store_print_fee_yen > 0)
        .then(|| view! { <p class="section-note" id="store-fee">{(o.store_fee_line)(quote.store_print_fee_yen)}</p> });
    view! {
        <div class="table-scroll">
            <table class="certificates order-lines">
                <thead><tr>
                    <th scope="col">{o.type_column}</th>
                    <th scope="col" class="number">{o.copies_column}</th>
                    <th scope="col" class="number">{o.amount_column}</th>
                </tr></thead>
                <tbody>{lines}{fees}</tbody>
                <tfoot><tr><th scope="row" colspan="2">{o.total}</th><td class="number" id="total">{(o.yen)(quote.total_yen)}</td></tr></tfoot>
            </table>
        </div>
        {store}
    }
}

/// Where an order goes and how it is paid.
#[derive(Clone)]
pub struct OrderFacts {
    pub channel: Channel,
    pub payment_method: PaymentMethod,
    pub delivery: Option<Delivery>,
    pub recipient: Option<Recipient>,
    pub student_id: Option<String>,
}

impl OrderFacts {
    /// The facts of a placed order, with its student ID number.
    pub fn of(order: &Order) -> OrderFacts {
        OrderFacts {
            channel: order.channel,
            payment_method: order.payment_method,
            delivery: order.delivery.clone(),
            recipient: order.recipient.clone(),
            student_id: Some(order.student_id.clone()),
        }
    }

    pub fn view(&self, i18n: I18n) -> impl IntoView {
        let o = i18n.orders();
        let destination = channel_name(self.channel, i18n);
        let recipient = self.recipient.as_ref().map(|r| {
            let d = i18n.delivery();
            let organisation = (!r.organisation.is_empty()).then(
                || view! { <dt>{d.organisation}</dt><dd class="recipient-organisation">{r.organisation.clone()}</dd> },
            );
            view! {
                <dt>{d.name}</dt><dd class="recipient-name">{r.name.clone()}</dd>
                {organisation}
                <dt>{d.email}</dt><dd class="recipient-email">{r.email.clone()}</dd>
            }
        });
        let student_id =
            self.student_id.clone().map(|id| view! { <dt>{o.student_id}</dt><dd class="student-id">{id}</dd> });
        let delivery = self.delivery.as_ref().map(|d| {
            let address = match &d.address {
                DeliveryAddress::Japan(a) => {
                    let apartment = a.apartment.clone().unwrap_or_default();
                    format!("〒{} {}{}{} {}", a.postal_code, a.prefecture, a.city, a.street, apartment)
                }
                DeliveryAddress::Abroad { lines } => {
                    format!(
                        "{}, {}",
                        lines.join(", "),
                        super::order::delivery::country_name(&d.country, i18n.locale().tag())
                    )
                }
            };
            let sealed =
                d.sealed_envelope.then(|| view! { <dt>{FeeKind::SealedEnvelope.label(i18n.locale())}</dt><dd class="sealed">{o.sealed_envelope}</dd> });
            view! {
                <dt>{o.recipient}</dt><dd class="recipient">{d.recipient.clone()}</dd>
                <dt>{o.delivery_section}</dt><dd class="address">{address.trim_end().to_owned()}</dd>
                {sealed}
            }
        });
        view! {
            <dl class="confirm order-facts">
                {student_id}
                <dt>{o.destination}</dt><dd class="destination">{destination}</dd>
                {delivery}
                {recipient}
                <dt>{o.payment}</dt><dd class="payment">{payment_method(self.payment_method, i18n.locale())}</dd>
            </dl>
        }
    }
}

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number")).unwrap_or_default();
    let session = use_session();
    let order = RwSignal::new(None::<Result<Order, ApiFailure>>);
    Effect::new(move |_| {
        let (number, locale) = (number(), i18n.locale());
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/orders/{number}");
            order.set(Some(session.call::<(), Order>(Method::GET, &path, None, locale).await));
        });
    });
    let body = move || match order.get()? {
        Ok(o) => Some(view! { <OrderView order=o on_change=move |o| order.set(Some(Ok(o)))/> }.into_any()),
        Err(ApiFailure::Problem(p)) if p.status == 404 => Some(
            view! { <p class="card banner" role="alert" id="order-not-found">{i18n.orders().not_found}</p> }.into_any(),
        ),
        Err(failure) => Some(view! { <ProblemBanner failure=Some(failure)/> }.into_any()),
    };
    view! {
        <GraduateLayout title=Signal::derive(move || i18n.orders().detail_title)>
            {move || order.get().is_none().then(|| view! { <p class="card">{i18n.r().loading}</p> })}
            {body}
            <p><A href="/home" attr:id="to-top">{i18n.orders().to_top}</A></p>
        </GraduateLayout>
    }
}

#[component]
fn OrderView(order: Order, on_change: impl Fn(Order) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let o = i18n.orders();
    let query = use_query_map();
    let waiting = order.state == OrderState::AwaitingPayment;
    let cancelled = order.state == OrderState::Cancelled;
    let placed = move || {
        let notice = query.with(|q| match q.get("payment").as_deref() {
            Some("done") if waiting => Some(("payment-done", o.payment_done)),
            Some("cancelled") if waiting => Some(("payment-cancelled", o.payment_cancelled)),
            Some("done") => Some(("placed", o.placed_notice)),
            _ => q.get("placed").map(|_| ("placed", o.placed_notice)),
        });
        let notice = match cancelled {
            true => Some(("cancelled", o.cancelled_notice)),
            false => notice,
        };
        notice.map(|(id, text)| view! { <p class="card notice" role="status" id=id>{text}</p> })
    };
    let (mut quote, facts) = (order.quote(), OrderFacts::of(&order));
    if order.state.finished() {
        // Nothing is printed at the store any more.
        quote.store_print_fee_yen = 0;
    }
    let order_for_status = order.clone();
    view! {
        {placed}
        <section class="card order" id="order">
            <h2>{o.order_number}" "<span id="order-number">{order.order_number.clone()}</span></h2>
            {status(&order_for_status, i18n)}
            {quote_table(&quote, i18n)}
            {facts.view(i18n)}
            {order.cancellable.then(|| view! { <CancelOrder number=order.order_number.clone() on_change/> })}
        </section>
        {(order.channel == Channel::Digital).then(|| view! {
            <DeliveryStatus number=order.order_number.clone() delivery=order.digital_delivery.clone() on_change/>
        })}
    }
}

/// Where the order stands, with what the graduate does next.
pub fn status(order: &Order, i18n: I18n) -> impl IntoView {
    let (o, locale) = (i18n.orders(), i18n.locale());
    let at = |t: &Option<String>| t.as_deref().map(|t| local_time(t, locale));
    let row = |label: &'static str, class: &'static str, value: Option<String>| {
        value.map(|v| view! { <dt>{label}</dt><dd class=class>{v}</dd> })
    };
    let printable = order.state == OrderState::ReadyToPrint;
    let cancelled = order.state == OrderState::Cancelled;
    let how = printable.then(|| {
        let steps = o.how_to_print.iter().map(|s| view! { <li>{*s}</li> }).collect_view();
        view! { <h3>{o.how_to_print_title}</h3><ol class="how-to-print">{steps}</ol> }
    });
    let waiting = order.state == OrderState::AwaitingPayment;
    let instructions = order.transfer_instructions.as_ref().map(|t| t.get(locale).to_owned());
    let transfer = order.waits_for_transfer().then(|| {
        view! {
            <p class="section-note" id="pay-by-transfer">{o.pay_by_transfer}</p>
            {instructions.map(|text| view! { <p class="instructions" id="transfer-instructions">{text}</p> })}
        }
    });
    let card = order.payment.as_ref().and_then(|p| p.checkout_url.clone()).filter(|_| waiting).map(|url| {
        view! {
            <p class="section-note">{o.card_note}</p>
            <div class="actions"><a class="button primary" id="pay-by-card" href=url rel="external">{o.pay_by_card}</a></div>
        }
    });
    let shipment = order.shipment.as_ref();
    view! {
        <dl class="confirm order-status">
            <dt>{o.state}</dt><dd class="state" id="order-state">{order.state.label(locale)}</dd>
            {row(o.ordered_at, "ordered-at", Some(local_time(&order.created_at, locale)))}
            {row(o.reservation_number, "reservation-number", order.reservation_number.as_deref().filter(|_| !cancelled).map(grouped))}
            {row(o.print_deadline, "print-deadline", at(&order.print_deadline).filter(|_| !cancelled))}
            {row(o.reason, "reason", order.reason.clone())}
            {row(o.paid_at, "paid-at", at(&order.paid_at))}
            {row(o.printed_at, "printed-at", at(&order.printed_at))}
            {row(o.carrier, "carrier", shipment.map(|s| s.carrier.label(locale).to_owned()))}
            {row(o.tracking_number, "tracking-number", shipment.map(|s| s.tracking_number.clone()))}
            {row(o.shipped_at, "shipped-at", at(&order.shipped_at))}
        </dl>
        {transfer}
        {card}
        {how}
    }
}

/// Cancel, asked once more before it is done.
#[component]
fn CancelOrder(number: String, on_change: impl Fn(Order) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let o = i18n.orders();
    let session = use_session();
    let asking = RwSignal::new(false);
    let cancel: Submit<String, Order> = Action::new_local(move |number: &String| {
        let (path, locale) = (format!("/api/v1/orders/{number}/cancel"), i18n.locale());
        async move {
            let answer = session.call::<(), Order>(Method::POST, &path, None, locale).await;
            if let Ok(order) = &answer {
                on_change(order.clone());
            }
            answer
        }
    });
    let confirm = move || {
        asking.get().then(|| {
            let number = number.clone();
            view! {
                <div class="note" role="alertdialog" aria-labelledby="cancel-question" id="cancel-dialog">
                    <p id="cancel-question">{o.cancel_confirm}</p>
                    <div class="dialog-actions">
                        <button type="button" class="secondary" id="keep-order" on:click=move |_| asking.set(false)>{o.keep_order}</button>
                        <button type="button" class="primary danger" id="confirm-cancel" disabled=move || cancel.pending().get()
                            on:click=move |_| { cancel.dispatch(number.clone()); }>{o.cancel_order}</button>
                    </div>
                </div>
            }
        })
    };
    view! {
        <ProblemBanner failure=failure_of(cancel)/>
        {confirm}
        {move || (!asking.get()).then(|| view! {
            <div class="actions"><button type="button" class="secondary" id="cancel-order" on:click=move |_| asking.set(true)>{o.cancel_order}</button></div>
        })}
    }
}

/// A digital delivery: not sent yet, or sent with whether the recipient opened it, every
/// download, and Cancel while it is unopened.
#[component]
fn DeliveryStatus(
    number: String,
    delivery: Option<DigitalDelivery>,
    on_change: impl Fn(Order) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let (d, locale) = (i18n.delivery(), i18n.locale());
    let Some(delivery) = delivery else {
        return view! {
            <section class="card" id="digital-delivery"><h2>{d.status_title}</h2><p class="section-note" id="delivery-waiting">{d.waiting_note}</p></section>
        }
        .into_any();
    };
    let at = |t: &Option<String>| t.as_deref().map(|t| local_time(t, locale));
    view! {
        <section class="card" id="digital-delivery">
            <h2>{d.status_title}</h2>
            <dl class="confirm">
                <dt>{d.status}</dt><dd id="delivery-status">{delivery.status.label(locale)}</dd>
                <dt>{d.sent_at}</dt><dd id="delivery-sent-at">{local_time(&delivery.sent_at, locale)}</dd>
                <dt>{d.expires_at}</dt><dd id="delivery-expires-at">{local_time(&delivery.expires_at, locale)}</dd>
                {at(&delivery.opened_at).map(|t| view! { <dt>{d.opened_at}</dt><dd id="delivery-opened-at">{t}</dd> })}
            </dl>
            <h3>{d.downloads}</h3>
            {downloads(&delivery.downloads, i18n)}
            {delivery.cancellable.then(|| view! { <CancelDelivery number on_change/> })}
        </section>
    }
    .into_any()
}

/// Every download with its time and format, or that there is none yet.
fn downloads(downloads: &[DeliveryDownload], i18n: I18n) -> AnyView {
    let (d, locale) = (i18n.delivery(), i18n.locale());
    if downloads.is_empty() {
        return view! { <p class="section-note" id="no-downloads">{d.no_downloads}</p> }.into_any();
    }
    let rows = downloads
        .iter()
        .map(|x| {
            let format = match x.format {
                DownloadFormat::Pdf => d.pdf,
                DownloadFormat::Credential => d.credential,
            };
            view! { <li class="download">{local_time(&x.at, locale)}" — "{format}</li> }
        })
        .collect_view();
    view! { <ul id="downloads">{rows}</ul> }.into_any()
}

/// Cancel the delivery, asked once more before it is done.
#[component]
fn CancelDelivery(number: String, on_change: impl Fn(Order) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let d = i18n.delivery();
    let session = use_session();
    let cancel: Submit<String, Order> = Action::new_local(move |number: &String| {
        let (path, locale) = (format!("/api/v1/orders/{number}/delivery/cancellation"), i18n.locale());
        async move {
            let answer = session.call::<(), Order>(Method::POST, &path, None, locale).await;
            if let Ok(order) = &answer {
                on_change(order.clone());
            }
            answer
        }
    });
    let asking = RwSignal::new(false);
    let confirm = move || {
        let number = number.clone();
        match asking.get() {
            true => view! {
                <div class="note" role="alertdialog" aria-labelledby="cancel-delivery-question" id="cancel-delivery-dialog">
                    <p id="cancel-delivery-question">{d.cancel_confirm}</p>
                    <div class="dialog-actions">
                        <button type="button" class="secondary" id="keep-delivery" on:click=move |_| asking.set(false)>{d.keep}</button>
                        <button type="button" class="primary danger" id="confirm-cancel-delivery" disabled=move || cancel.pending().get()
                            on:click=move |_| { cancel.dispatch(number.clone()); }>{d.cancel}</button>
                    </div>
                </div>
            }
            .into_any(),
            false => view! {
                <div class="actions"><button type="button" class="secondary" id="cancel-delivery" on:click=move |_| asking.set(true)>{d.cancel}</button></div>
            }
            .into_any(),
        }
    };
    view! { <ProblemBanner failure=failure_of(cancel)/>{confirm} }
}
