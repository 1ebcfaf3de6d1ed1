//! Printing at the university's counter (issue 11): a graduate gives a reservation or order
//! number; staff look it up (the copies, their sheets and the amount due), take the amount,
//! start the print job, open each copy's PDF to print it, and report the job printed (the
//! order is completed) or failed (the same copies may be printed again). For the API the
//! counter is a station like a store's machine: the same rules, the same problem codes.
//!
//! The staff bundle is weighed (crates/xtask/src/web.rs): one action for the screen's three
//! calls, and texts read once per render of the screen, which a language change redoes.

use cis_shared::messages::ErrorCode;
use cis_shared::orders::grouped;
use cis_shared::printing::{CounterOrder, NewPrintJob, PrintJob};
use cis_shared::Locale;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::copies::PdfLink;
use super::{local_time, use_staff, StaffFrame, StaffSession};
use crate::api::{self, ApiFailure, Method};
use crate::components::{failure_of, Field, ProblemBanner, Submit};
use crate::i18n::use_i18n;

/// Where the graduate at the counter stands.
#[derive(Clone)]
enum Stage {
    Found(CounterOrder),
    Printing(CounterOrder, PrintJob),
}

/// What staff do at the counter.
#[derive(Clone)]
enum Step {
    LookUp(String),
    /// The print job with the amount taken, and its `Idempotency-Key`.
    Start(CounterOrder, NewPrintJob, String),
    Report(CounterOrder, PrintJob, bool),
}

async fn look_up(session: StaffSession, number: &str, locale: Locale) -> Result<CounterOrder, ApiFailure> {
    let path = format!("/api/v1/staff/counter/{}", String::from(js_sys::encode_uri_component(number.trim())));
    session.get::<CounterOrder>(&path, locale).await
}

/// The call a step makes and where the counter stands after it: nothing shown once the
/// copies are handed over; after a failure the order again, as the same copies may be
/// printed again.
async fn take(session: StaffSession, step: Step, locale: Locale) -> Result<Option<Stage>, ApiFailure> {
    match step {
        Step::LookUp(number) => look_up(session, &number, locale).await.map(|o| Some(Stage::Found(o))),
        Step::Start(order, job, key) => {
            let path = "/api/v1/staff/counter/print-jobs";
            let job: PrintJob = session.call_once(path, &job, locale, &key).await?;
            Ok(Some(Stage::Printing(order, job)))
        }
        Step::Report(order, job, printed) => {
            let path =
                format!("/api/v1/staff/counter/print-jobs/{}/{}", job.id, if printed { "complete" } else { "fail" });
            session.call_no_content::<()>(Method::POST, &path, None, locale).await?;
            if printed {
                return Ok(None);
            }
            let again = look_up(session, &order.reservation.reservation_number, locale).await?;
            Ok(Some(Stage::Found(again)))
        }
    }
}

/// The notice a step leaves once done: the order printed, or the failure recorded.
fn notice(step: &Step) -> Option<Result<String, ()>> {
    match step {
        Step::Report(order, _, true) => Some(Ok(order.order_number.clone())),
        Step::Report(_, _, false) => Some(Err(())),
        _ => None,
    }
}

#[component]
pub fn CounterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let (number, stage) = (RwSignal::new(String::new()), RwSignal::new(None::<Stage>));
    let (number_error, amount_error) = (RwSignal::new(None::<ErrorCode>), RwSignal::new(None::<ErrorCode>));
    // The order printed (its number), or the failure recorded.
    let done = RwSignal::new(None::<Result<String, ()>>);
    let act: Submit<Step, Option<Stage>> = Action::new_local(move |step: &Step| {
        let (step, locale) = (step.clone(), i18n.locale());
        async move {
            let answer = take(session, step.clone(), locale).await;
            amount_error.set(match &answer {
                Err(ApiFailure::Problem(p)) => p.errors.iter().find(|e| e.field == "/amount_yen").map(|e| e.code),
                _ => None,
            });
            match (&answer, &step) {
                (Ok(next), _) => {
                    stage.set(next.clone());
                    done.set(notice(&step));
                    if next.is_none() {
                        number.set(String::new());
                    }
                }
                (Err(_), Step::LookUp(_)) => stage.set(None),
                _ => {}
            }
            answer
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let typed = number.get_untracked();
        number_error.set(typed.trim().is_empty().then_some(ErrorCode::Required));
        if number_error.get_untracked().is_none() {
            act.dispatch(Step::LookUp(typed));
        }
    };
    let screen = move || {
        let t = i18n.printing();
        let body = match stage.get() {
            Some(Stage::Found(order)) => {
                Some(view! { <OrderCard order=order.clone()/><TakeForm order act amount_error/> }.into_any())
            }
            Some(Stage::Printing(order, job)) => {
                Some(view! { <OrderCard order=order.clone()/><JobPanel order job act/> }.into_any())
            }
            None => None,
        };
        let done = done.get().map(|d| d.map_or_else(|_| t.done_failed.to_owned(), |number| (t.done_printed)(&number)));
        view! {
            {done.map(|text| view! { <p class="notice ok" role="status" id="counter-done">{text}</p> })}
            <form class="card" id="counter-form" on:submit=submit novalidate>
                <p class="hint">{t.counter_note}</p>
                <Field id="counter-number" label=Signal::stored(t.number) required=true error=number_error>
                    <div class="search-row">
                        <input id="counter-number" type="text" autocomplete="off" placeholder=t.number_hint bind:value=number/>
                        <button type="submit" class="primary" id="look-up">{t.look_up}</button>
                    </div>
                </Field>
            </form>
            <ProblemBanner failure=failure_of(act) id="counter-problem"/>
            {body}
        }
    };
    view! { <StaffFrame title=Signal::derive(move || i18n.printing().counter_title)>{screen}</StaffFrame> }
}

/// The order found: whose it is, its copies and sheets, and the amount to take.
#[component]
fn OrderCard(order: CounterOrder) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale, yen) = (i18n.printing(), i18n.locale(), i18n.orders().yen);
    let r = order.reservation;
    let rows = r
        .copies
        .into_iter()
        .map(|c| view! { <tr class="counter-copy"><td>{c.name}</td><td class="number">{c.sheets}</td></tr> })
        .collect_view();
    view! {
        <section class="card" id="counter-order">
            <dl class="confirm">
                <dt>{t.order_number}</dt><dd id="counter-order-number">{order.order_number}</dd>
                <dt>{t.holder}</dt><dd id="holder-name">{order.holder_name}</dd>
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

/// The amount taken, then the print job. Its `Idempotency-Key` is made for this order: a
/// second click, or a retry after a lost answer, starts nothing twice. (A refused job
/// started nothing, and the API keeps no key of it.)
#[component]
fn TakeForm(
    order: CounterOrder,
    act: Submit<Step, Option<Stage>>,
    amount_error: RwSignal<Option<ErrorCode>>,
) -> impl IntoView {
    let t = use_i18n().printing();
    let amount = RwSignal::new(String::new());
    let key = api::idempotency_key();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // As the payment form of an order: the API says whether it is the amount due.
        let amount_yen = amount.get_untracked().trim().parse().unwrap_or(0);
        let job = NewPrintJob { reservation_number: order.reservation.reservation_number.clone(), amount_yen };
        act.dispatch(Step::Start(order.clone(), job, key.clone()));
    };
    view! {
        <form class="card action-form" id="take-form" on:submit=submit novalidate>
            <Field id="amount-taken" label=Signal::stored(t.amount_taken) required=true error=amount_error>
                <input id="amount-taken" type="text" inputmode="numeric" autocomplete="off" bind:value=amount/>
            </Field>
            <button type="submit" class="primary" id="start-printing" disabled=move || act.pending().get()>{t.start_printing}</button>
        </form>
    }
}

/// The job started: each copy's PDF to print, then Printed or Printing failed.
#[component]
fn JobPanel(order: CounterOrder, job: PrintJob, act: Submit<Step, Option<Stage>>) -> impl IntoView {
    let t = use_i18n().printing();
    // The job's copies come in the order of the reservation's.
    let copies = job
        .copies
        .iter()
        .zip(order.reservation.copies.iter().map(|c| c.name.clone()).chain(std::iter::repeat(String::new())))
        .enumerate()
        .map(|(i, (c, name))| {
            view! {
                <li class="job-copy" data-code=c.verification_code.clone()>
                    <span>{name}</span>" "<code class="nowrap">{c.verification_code.clone()}</code>" "
                    <PdfLink path=c.pdf_url.clone() id=format!("copy-pdf-{i}") file_name=format!("{}.pdf", c.verification_code)/>
                </li>
            }
        })
        .collect_view();
    let report = move |printed: bool| act.dispatch(Step::Report(order.clone(), job.clone(), printed));
    let report_failed = report.clone();
    view! {
        <section class="card" id="print-job">
            <p class="section-note">{t.printing_note}</p>
            <ul class="job-copies">{copies}</ul>
            <div class="actions">
                <button type="button" class="secondary danger" id="print-failed" disabled=move || act.pending().get()
                    on:click=move |_| { report_failed(false); }>{t.failed}</button>
                <button type="button" class="primary" id="print-done" disabled=move || act.pending().get()
                    on:click=move |_| { report(true); }>{t.printed}</button>
            </div>
        </section>
    }
}
