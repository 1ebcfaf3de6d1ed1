//! The top page after login (manual 2.4 (a)): the graduate by name, their applications and
//! orders (current and finished), "Issue certificate" with its two destinations (manual 2.3
//! step 14: the Select Printing Destination screen, with LANG), and their student records.

use cis_shared::application::ApplicationType;
use cis_shared::auth::{AccountApplication, EnrollmentInfo, Me};
use cis_shared::catalog::DegreeProgram;
use cis_shared::mail_change::PendingEmailChange;
use cis_shared::orders::{grouped, Order, OrderState};
use cis_shared::staff::ApplicationState;
use cis_shared::Locale;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiFailure, Method};
use crate::components::{japan_date, local_time, ProblemBanner};
use crate::i18n::{channel_name, use_i18n};
use crate::menu::GraduateLayout;
use crate::session::use_session;

#[component]
pub fn TopPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = LocalResource::new(move || async move {
        let me = session.call::<(), Me>(Method::GET, "/api/v1/me", None, Locale::Ja).await;
        if let Ok(me) = &me {
            session.set_idle_timeout(me.idle_timeout_seconds);
        }
        me
    });
    let programs = LocalResource::new(move || api::degree_programs(Locale::Ja));
    let orders = LocalResource::new(move || async move {
        session.call::<(), Vec<Order>>(Method::GET, "/api/v1/orders", None, Locale::Ja).await.unwrap_or_default()
    });
    let failure = RwSignal::new(None::<ApiFailure>);
    Effect::new(move |_| {
        // 401s take the graduate to the login screen; the rest is said here.
        if let Some(Err(err)) = me.get() {
            if err.unauthorized().is_none() {
                failure.set(Some(err));
            }
        }
    });

    let body = move || {
        let me = me.get()?.ok()?;
        let s = i18n.s();
        let programs = programs.get().and_then(Result::ok).unwrap_or_default();
        let records = me.enrollments.iter().map(|e| enrollment(e, i18n.locale(), &programs)).collect_view();
        let orders = orders.get().unwrap_or_default();
        let (finished, current): (Vec<&Order>, Vec<&Order>) = orders.iter().partition(|o| o.state.finished());
        let mut current: Vec<AnyView> = current.into_iter().map(order_item).collect();
        if let Some(change) = me.pending_email_change.as_ref() {
            current.insert(0, pending_mail_change(change));
        }
        let finished: Vec<AnyView> = finished.into_iter().map(order_item).collect();
        Some(view! {
            <section class="card" id="welcome">
                <h2 id="graduate-name">{s.greeting_before}{me.name.clone()}{s.greeting_after}</h2>
                <p class="applying-as">{me.email.clone()}</p>
            </section>
            {applications(s.current_applications, "current-applications", me.applications.iter().filter(|a| a.in_progress()), current)}
            {applications(s.application_history, "application-history", me.applications.iter().filter(|a| !a.in_progress()), finished)}
            <IssueCertificate/>
            <section class="card" id="enrollments">
                <h2>{s.enrollments}</h2>
                {records}
            </section>
        })
    };

    view! {
        <GraduateLayout title=Signal::derive(move || i18n.s().top_title) lang=true>
            <ProblemBanner failure/>
            {move || me.get().is_none().then(|| view! { <p class="card">{i18n.r().loading}</p> })}
            {body}
        </GraduateLayout>
    }
}

/// One student record: student ID, affiliation path and degree program in the screen's
/// language, graduation year/month.
fn enrollment(e: &EnrollmentInfo, locale: Locale, programs: &[DegreeProgram]) -> impl IntoView {
    let r = use_i18n().r();
    let path = e.affiliation_path.iter().map(|n| n.get(locale).to_owned()).collect::<Vec<_>>().join(" / ");
    let program = programs
        .iter()
        .find(|p| p.code == e.degree_program)
        .map(|p| p.name.get(locale).to_owned())
        .unwrap_or_else(|| e.degree_program.clone());
    view! {
        <dl class="confirm enrollment">
            <dt>{r.student_id}</dt>
            <dd class="student-id">{e.student_id.clone()}</dd>
            <dt>{r.affiliation_all}</dt>
            <dd class="affiliation">{path}</dd>
            <dt>{r.degree_program}</dt>
            <dd class="program">{program}</dd>
            <dt>{r.graduation}</dt>
            <dd class="graduation">{e.graduation.replace('-', "/")}</dd>
        </dl>
    }
}

/// "Current application list" or "Application list" (manual 2.4 (a)): each application's
/// kind, state, reception number and dates, after `first` (orders, a mail address change).
fn applications<'a>(
    title: &'static str,
    id: &'static str,
    items: impl Iterator<Item = &'a AccountApplication>,
    first: Vec<AnyView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (s, r) = (i18n.s(), i18n.r());
    let rows = items
        .map(|a| {
            let kind = match a.kind {
                ApplicationType::New => s.application_kinds[0],
                ApplicationType::Reapplication => s.application_kinds[1],
                ApplicationType::AdditionalStudentId => s.application_kinds[2],
            };
            let state = match a.state {
                ApplicationState::Submitted => s.application_states[0],
                ApplicationState::Resubmitted => s.application_states[1],
                ApplicationState::ResubmissionRequested => s.application_states[2],
                ApplicationState::Approved => s.application_states[3],
                ApplicationState::Rejected => s.application_states[4],
            };
            let decided = a.decided_at.as_deref().map(|at| view! { <dt>{s.decided_on}</dt><dd>{japan_date(at)}</dd> });
            view! {
                <li class="application">
                    <p class="strong"><span class="kind">{kind}</span>" — "<span class="state">{state}</span></p>
                    <dl class="confirm">
                        <dt>{r.reception_number}</dt>
                        <dd class="reception-number">{a.reception_number.clone()}</dd>
                        <dt>{s.submitted_on}</dt>
                        <dd>{japan_date(&a.submitted_at)}</dd>
                        {decided}
                    </dl>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let empty = (rows.is_empty() && first.is_empty()).then(|| view! { <p class="empty">{s.no_applications}</p> });
    view! {
        <section class="card" id=id>
            <h2>{title}</h2>
            {empty}
            <ul class="applications">{first}{rows}</ul>
        </section>
    }
}

/// A mail address change waiting for the new address's confirmation (manual 2.4 (b)).
fn pending_mail_change(change: &PendingEmailChange) -> AnyView {
    let s = use_i18n().s();
    view! {
        <li class="application" id="pending-mail-change">
            <p class="strong"><span class="kind">{s.mail_change_kind}</span>" — "<span class="state">{s.mail_change_waiting}</span></p>
            <dl class="confirm">
                <dt>{s.mail_change_new}</dt>
                <dd class="new-email">{change.new_email.clone()}</dd>
                <dt>{s.mail_change_until}</dt>
                <dd>{local_time(&change.expires_at, use_i18n().locale())}</dd>
            </dl>
        </li>
    }
    .into_any()
}

/// "Issue certificate" (manual 2.3 step 14, 2.4 (d)): the two ways to receive certificates.
#[component]
fn IssueCertificate() -> impl IntoView {
    let i18n = use_i18n();
    let o = move || i18n.orders();
    view! {
        <section class="card" id="issue-certificate">
            <h2>{move || o().issue_certificate}</h2>
            <p class="section-note">{move || o().issue_note}</p>
            <div class="issue-buttons">
                <A href="/order/convenience-store" attr:class="button primary" attr:id="order-convenience-store">{move || o().convenience_store}</A>
                <A href="/order/post" attr:class="button primary" attr:id="order-post">{move || o().by_post}</A>
                <A href="/order/digital" attr:class="button primary" attr:id="order-digital">{move || i18n.delivery().by_digital}</A>
            </div>
        </section>
    }
}

/// An order in a list: its destination, state, order number, and the reservation number
/// and deadline or the tracking number; linked to its page.
fn order_item(order: &Order) -> AnyView {
    let i18n = use_i18n();
    let (o, locale) = (i18n.orders(), i18n.locale());
    let destination = channel_name(order.channel, i18n);
    let reservation =
        order.reservation_number.as_deref().filter(|_| order.state == OrderState::ReadyToPrint).map(|n| {
            let deadline = order.print_deadline.as_deref().map(|d| local_time(d, locale)).unwrap_or_default();
            view! {
                <dt>{o.reservation_number}</dt><dd class="reservation-number">{grouped(n)}</dd>
                <dt>{o.print_deadline}</dt><dd class="print-deadline">{deadline}</dd>
            }
        });
    let tracking = order
        .shipment
        .as_ref()
        .map(|s| view! { <dt>{o.tracking_number}</dt><dd class="tracking-number">{s.tracking_number.clone()}</dd> });
    let href = format!("/orders/{}", order.order_number);
    view! {
        <li class="application order-item" data-order=order.order_number.clone()>
            <p class="strong"><span class="kind">{o.order_kind}" ("{destination}")"</span>" — "<span class="state">{order.state.label(locale)}</span></p>
            <dl class="confirm">
                <dt>{o.order_number}</dt><dd class="order-number">{order.order_number.clone()}</dd>
                <dt>{o.ordered_at}</dt><dd>{japan_date(&order.created_at)}</dd>
                {reservation}
                {tracking}
            </dl>
            <A href=href attr:class="order-link">{o.details}</A>
        </li>
    }
    .into_any()
}
