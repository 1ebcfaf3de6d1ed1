//! Printing at the university's counter (issue 11): a graduate gives a reservation or order
//! number; staff look it up (the copies, their sheets and the amount due), take the amount,
//! start the print job, open each copy's PDF to print it, and report the job printed (the
//! order is completed) or failed (the same copies may be printed again). For the API the
//! counter is a station like a store's machine: the same rules, the same problem codes.

use cis_shared::messages::ErrorCode;
use cis_shared::orders::grouped;
use cis_shared::printing::{CounterOrder, NewPrintJob, PrintJob};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::copies::PdfLink;
use super::{local_time, use_staff, StaffFrame};
use crate::api::{self, ApiFailure, Method};
use crate::components::{failure_of, focus_first_invalid, Field, ProblemBanner, Submit};
use crate::i18n::use_i18n;

/// Where the graduate at the counter stands.
#[derive(Clone)]
enum Stage {
    Found(CounterOrder),
    Printing(CounterOrder, PrintJob),
}

/// How the last job ended.
#[derive(Clone)]
enum Outcome {
    Printed(String),
    Failed,
}

/// What the screen's pieces share.
#[derive(Clone, Copy)]
struct Counter {
    number: RwSignal<String>,
    stage: RwSignal<Option<Stage>>,
    outcome: RwSignal<Option<Outcome>>,
    lookup: Submit<String, CounterOrder>,
}

#[component]
pub fn CounterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let t = move || i18n.printing();
    let (number, stage) = (RwSignal::new(String::new()), RwSignal::new(None::<Stage>));
    let number_error = RwSignal::new(None::<ErrorCode>);
    let lookup: Submit<String, CounterOrder> = Action::new_local(move |typed: &String| {
        let path = format!("/api/v1/staff/counter/{}", String::from(js_sys::encode_uri_component(typed.trim())));
        let locale = i18n.locale();
        async move {
            let answer = session.get::<CounterOrder>(&path, locale).await;
            stage.set(answer.as_ref().ok().cloned().map(Stage::Found));
            answer
        }
    });
    let counter = Counter { number, stage, outcome: RwSignal::new(None), lookup };
    provide_context(counter);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        counter.outcome.set(None);
        let typed = number.get_untracked();
        number_error.set(typed.trim().is_empty().then_some(ErrorCode::Required));
        if typed.trim().is_empty() {
            focus_first_invalid();
        } else {
            lookup.dispatch(typed);
        }
    };
    let outcome = move || {
        counter.outcome.get().map(|o| {
            let text = match o {
                Outcome::Printed(number) => (t().done_printed)(&number),
                Outcome::Failed => t().done_failed.to_owned(),
            };
            view! { <p class="notice ok" role="status" id="counter-done">{text}</p> }
        })
    };
    let body = move || match stage.get()? {
        Stage::Found(order) => Some(view! { <OrderCard order=order.clone()/><TakeForm order/> }.into_any()),
        Stage::Printing(order, job) => Some(view! { <OrderCard order=order.clone()/><JobPanel order job/> }.into_any()),
    };
    view! {
        <StaffFrame title=Signal::derive(move || t().counter_title)>
            {outcome}
            <form class="card" id="counter-form" on:submit=submit novalidate>
                <p class="hint">{move || t().counter_note}</p>
                <Field id="counter-number" label=Signal::derive(move || t().number) required=true error=number_error>
                    <div class="search-row">
                        <input id="counter-number" type="text" autocomplete="off" placeholder=move || t().number_hint bind:value=number/>
                        <button type="submit" class="primary" id="look-up" disabled=move || lookup.pending().get()>{move || t().look_up}</button>
                    </div>
                </Field>
                <ProblemBanner failure=failure_of(lookup) id="lookup-problem"/>
            </form>
            {body}
        </StaffFrame>
    }
}

/// The order found: whose it is, its copies and sheets, and the amount to take.
#[component]
fn OrderCard(order: CounterOrder) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, locale, yen) = (i18n.printing(), i18n.locale(), i18n.orders().yen);
        let r = &order.reservation;
        let rows = r
            .copies
            .iter()
            .map(
                |c| view! { <tr class="counter-copy"><td>{c.name.clone()}</td><td class="number">{c.sheets}</td></tr> },
            )
            .collect_view();
        view! {
            <section class="card" id="counter-order">
                <dl class="confirm">
                    <dt>{t.order_number}</dt><dd id="counter-order-number">{order.order_number.clone()}</dd>
                    <dt>{t.holder}</dt><dd id="holder-name">{order.holder_name.clone()}</dd>
                    <dt>{t.reservation_number}</dt><dd id="counter-reservation">{grouped(&r.reservation_number)}</dd>
                    <dt>{t.print_deadline}</dt><dd>{local_time(&r.print_deadline, locale)}</dd>
                </dl>
                <div class="table-scroll">
                    <table class="staff-table" id="counter-copies">
                        <thead><tr><th>{t.certificate}</th><th>{t.sheets}</th></tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr><th scope="row">{t.amount_due}</th><td class="number strong" id="amount-due">{yen(r.amount_due_yen)}</td></tr></tfoot>
                    </table>
                </div>
            </section>
        }
    }
}

/// The amount taken, then the print job. Its `Idempotency-Key` is made for this order: a
/// second click, or a retry after a lost answer, starts nothing twice; a refusal started
/// nothing, so the next try takes a new one.
#[component]
fn TakeForm(order: CounterOrder) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let counter = expect_context::<Counter>();
    let amount = RwSignal::new(String::new());
    let amount_error = RwSignal::new(None::<ErrorCode>);
    let key = StoredValue::new(api::idempotency_key());
    let reservation = order.reservation.reservation_number.clone();
    let start: Submit<NewPrintJob, PrintJob> = Action::new_local(move |job: &NewPrintJob| {
        let (job, locale, order) = (job.clone(), i18n.locale(), order.clone());
        async move {
            let path = "/api/v1/staff/counter/print-jobs";
            let answer: Result<PrintJob, ApiFailure> = session.call_once(path, &job, locale, &key.get_value()).await;
            match &answer {
                Ok(started) => counter.stage.set(Some(Stage::Printing(order, started.clone()))),
                Err(ApiFailure::Problem(p)) => {
                    key.set_value(api::idempotency_key());
                    amount_error.set(p.errors.iter().find(|e| e.field == "/amount_yen").map(|e| e.code));
                }
                Err(ApiFailure::Network) => {}
            }
            answer
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // As the payment form of an order: the API says whether it is the amount due.
        let amount_yen = amount.get_untracked().trim().parse().unwrap_or(0);
        start.dispatch(NewPrintJob { reservation_number: reservation.clone(), amount_yen });
    };
    let t = move || i18n.printing();
    view! {
        <form class="card action-form" id="take-form" on:submit=submit novalidate>
            <Field id="amount-taken" label=Signal::derive(move || t().amount_taken) required=true error=amount_error>
                <input id="amount-taken" type="text" inputmode="numeric" autocomplete="off" bind:value=amount/>
            </Field>
            <ProblemBanner failure=failure_of(start) id="start-problem"/>
            <button type="submit" class="primary" id="start-printing" disabled=move || start.pending().get()>
                {move || t().start_printing}
            </button>
        </form>
    }
}

/// The job started: each copy's PDF to print, then Printed or Printing failed.
#[component]
fn JobPanel(order: CounterOrder, job: PrintJob) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let counter = expect_context::<Counter>();
    let t = move || i18n.printing();
    let (id, number) = (job.id, order.order_number.clone());
    let reservation = order.reservation.reservation_number.clone();
    let report: Submit<bool, ()> = Action::new_local(move |printed: &bool| {
        let (printed, locale) = (*printed, i18n.locale());
        let (number, reservation) = (number.clone(), reservation.clone());
        async move {
            let path = format!("/api/v1/staff/counter/print-jobs/{id}/{}", if printed { "complete" } else { "fail" });
            let answer = session.call_no_content::<()>(Method::POST, &path, None, locale).await;
            if answer.is_ok() {
                counter.stage.set(None);
                if printed {
                    counter.number.set(String::new());
                    counter.outcome.set(Some(Outcome::Printed(number)));
                } else {
                    // The same copies may be printed again: the order is shown once more.
                    counter.outcome.set(Some(Outcome::Failed));
                    counter.lookup.dispatch(reservation);
                }
            }
            answer
        }
    });
    // The job's copies come in the order of the reservation's.
    let names: Vec<String> = order.reservation.copies.iter().map(|c| c.name.clone()).collect();
    let copies = job
        .copies
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            view! {
                <li class="job-copy" data-code=c.verification_code.clone()>
                    <span>{names.get(i).cloned().unwrap_or_default()}</span>" "
                    <code class="nowrap">{c.verification_code.clone()}</code>" "
                    <PdfLink path=c.pdf_url.clone() id=format!("copy-pdf-{i}")/>
                </li>
            }
        })
        .collect_view();
    let busy = move || report.pending().get();
    view! {
        <section class="card" id="print-job">
            <p class="section-note">{move || t().printing_note}</p>
            <ul class="job-copies">{copies}</ul>
            <ProblemBanner failure=failure_of(report) id="report-problem"/>
            <div class="actions">
                <button type="button" class="secondary danger" id="print-failed" disabled=busy on:click=move |_| { report.dispatch(false); }>
                    {move || t().failed}
                </button>
                <button type="button" class="primary" id="print-done" disabled=busy on:click=move |_| { report.dispatch(true); }>
                    {move || t().printed}
                </button>
            </div>
        </section>
    }
}
