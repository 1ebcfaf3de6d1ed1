//! From the link in the mail to the Application reception screen (manual 2.1 steps 6–16):
//! Permission for use, the applicant form, the confirmation, the reception. The same flow
//! reopens a submitted form from a resubmission link (`pages::resubmit`): the API paths hang
//! off a base path, `/api/v1/registrations/{token}` or `/api/v1/resubmissions/{token}`.
//!
//! The form is kept in the browser as it is filled in (`draft`), so a reload, Back, or a
//! new link for the same address after this one expired brings it back.

mod confirmation;
mod documents;
mod draft;
mod fields;
mod form;
mod link;
mod state;

use cis_shared::application::ApplicationForm;
use cis_shared::messages::ErrorCode;
use cis_shared::registration::{ApplicationReceipt, RegistrationLink};
use cis_shared::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure};
use crate::components::Layout;
use crate::i18n::{use_i18n, I18n};
use confirmation::Confirmation;
pub use confirmation::{personal_sections, submitted_form};
use draft::Draft;
use form::ApplicantForm;
pub use form::{AddressSection, ApplicantFields, EmployerSection, ErrorSummary};
pub use link::LinkKind;
use link::{Link, LinkClock, RenewLink};
pub use state::{FormState, Rules};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step {
    Terms,
    Form,
    Confirm,
    Received,
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let base = format!("/api/v1/registrations/{token}");
    let link = LocalResource::new({
        let base = base.clone();
        move || {
            let base = base.clone();
            async move { api::get::<RegistrationLink>(&base, Locale::Ja).await }
        }
    });
    move || match link.get() {
        None => view! {
            <Layout title=Signal::derive(move || i18n.r().terms_title)>
                <p class="card">{move || i18n.r().loading}</p>
            </Layout>
        }
        .into_any(),
        Some(Err(failure)) => view! { <LinkProblem failure/> }.into_any(),
        Some(Ok(link)) => {
            let form = ApplicationForm { contact_email: link.email.clone(), ..Default::default() };
            view! {
                <ApplicationFlow
                    kind=LinkKind::Registration
                    base=base.clone()
                    email=link.email
                    expires_at=link.expires_at
                    form
                    first_step=Step::Terms
                />
            }
            .into_any()
        }
    }
}

/// An expired, used or unknown link explains itself and offers to start again (for a
/// student ID link: from the ⚙ menu after login).
#[component]
pub fn LinkProblem(failure: ApiFailure, #[prop(optional)] student_id: bool) -> impl IntoView {
    let i18n = use_i18n();
    let code = match &failure {
        ApiFailure::Problem(p) => p.code,
        ApiFailure::Network => ErrorCode::ServiceUnavailable,
    };
    let (title, again, href): (fn(I18n) -> &'static str, fn(I18n) -> &'static str, _) = if student_id {
        (|i| i.sid_form().title, |i| i.sid_form().new_link, "/home")
    } else {
        (|i| i.r().mail_setting_title, |i| i.r().start_again, "/register")
    };
    view! {
        <Layout title=Signal::derive(move || title(i18n))>
            <section class="card" id="link-problem">
                <p class="banner" role="alert">{move || code.message(i18n.locale())}</p>
                <a href=href rel="external" class="button secondary" id="start-again">{move || again(i18n)}</a>
            </section>
        </Layout>
    }
}

fn scroll_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The steps from `first_step` to the reception, for the link whose API path is `base`:
/// `form` starts filled in as given (or as the draft kept in this browser for `email`),
/// `uploaded` lists the images already attached to it, and `reason` is the reviewer's,
/// when the university asked for a resubmission. Under a student ID link (manual 2.3
/// steps 7–10) only the student record is asked for, and its student ID must not be one of
/// the account's, `registered`.
#[component]
pub fn ApplicationFlow(
    kind: LinkKind,
    base: String,
    email: String,
    expires_at: String,
    form: ApplicationForm,
    first_step: Step,
    #[prop(optional)] uploaded: Vec<i64>,
    #[prop(default = None)] reason: Option<String>,
    #[prop(optional)] registered: Vec<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let restored = Draft::load(kind, &email).map(|draft| draft.restore(&base, form.clone(), &uploaded));
    let (form, uploaded, first_step) = match &restored {
        // The same link (a reload, Back): straight back to the form; a new link asks for
        // the agreement again.
        Some(r) if r.same_link && r.form.agreed_to_terms => (r.form.clone(), r.uploaded.clone(), Step::Form),
        Some(r) => (r.form.clone(), r.uploaded.clone(), first_step),
        None => (form, uploaded, first_step),
    };
    let images_dropped = restored.as_ref().is_some_and(|r| r.images_dropped);
    let link = Link { base: base.clone(), email: email.clone(), expired: RwSignal::new(false) };
    provide_context(link.clone());
    let step = RwSignal::new(first_step);
    let rules = match kind {
        LinkKind::StudentId => Rules::StudentRecord(registered.clone()),
        LinkKind::Registration | LinkKind::Resubmission => Rules::Form(cis_shared::application::validate),
    };
    let state = FormState::with_rules(form, uploaded, rules);
    provide_context(state);
    let receipt = RwSignal::new(None::<ApplicationReceipt>);

    // Kept as it is filled in; forgotten once received.
    Effect::new({
        let (email, base) = (email.clone(), base.clone());
        move |_| match step.get() {
            Step::Form | Step::Confirm => Draft::save(kind, &email, &base, &state),
            Step::Received => Draft::clear(kind, &email),
            Step::Terms => {}
        }
    });

    let title = Signal::derive(move || match step.get() {
        Step::Terms => i18n.r().terms_title,
        Step::Form if kind == LinkKind::StudentId => i18n.sid_form().title,
        Step::Form => i18n.r().form_title,
        Step::Confirm => i18n.r().confirm_title,
        Step::Received => i18n.r().reception_title,
    });
    let reason = reason.map(|reason| {
        view! {
            <section class="banner" id="resubmission-reason" role="alert">
                <p class="strong">{move || i18n.s().resubmission_reason}</p>
                <p>{reason}</p>
            </section>
        }
    });
    let restored_notice = restored.is_some().then(|| {
        view! {
            <p class="notice" role="status" id="draft-restored">
                {move || i18n.r().draft_restored}
                {move || images_dropped.then(|| format!(" {}", i18n.r().draft_images_again))}
            </p>
        }
    });
    let in_progress = move || step.get() != Step::Received;
    view! {
        <Layout title=title>
            <p class="applying-as">{email}</p>
            <div hidden=move || !in_progress()>
                <LinkClock expires_at/>
                {(kind == LinkKind::Registration).then(|| view! { <RenewLink/> })}
                {(kind == LinkKind::StudentId).then(|| view! { <StudentIdNote registered/> })}
                {reason}
                <div hidden=move || step.get() != Step::Form>{restored_notice}</div>
            </div>
            {move || match step.get() {
                Step::Terms => view! {
                    <Terms on_agree=Callback::new(move |_| {
                        state.form.update(|f| f.agreed_to_terms = true);
                        step.set(Step::Form);
                        scroll_top();
                    })/>
                }
                .into_any(),
                Step::Form => view! {
                    <ApplicantForm
                        kind
                        on_back=Callback::new(move |_| step.set(Step::Terms))
                        on_check=Callback::new(move |_| {
                            step.set(Step::Confirm);
                            scroll_top();
                        })
                    />
                }
                .into_any(),
                Step::Confirm => view! {
                    <Confirmation
                        kind
                        on_back=Callback::new(move |_| step.set(Step::Form))
                        on_refused=Callback::new(move |problems| {
                            step.set(Step::Form);
                            state.refuse_from_server(problems);
                        })
                        on_received=Callback::new(move |r: ApplicationReceipt| {
                            receipt.set(Some(r));
                            step.set(Step::Received);
                            scroll_top();
                        })
                    />
                }
                .into_any(),
                Step::Received => view! { <Reception receipt/> }.into_any(),
            }}
        </Layout>
    }
}

/// Manual 2.3 step 7: what to enter, the student ID numbers the account has, and, once the
/// link has expired, where a new one comes from.
#[component]
fn StudentIdNote(registered: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.sid_form();
    let expired = link::use_link().expired;
    let ids = registered.into_iter().filter(|id| !id.is_empty()).collect::<Vec<_>>().join(", ");
    view! {
        <p class="section-note">{move || t().intro}</p>
        <p class="section-note" id="registered-student-ids">{move || t().registered}": "{ids}</p>
        <p class="banner" role="alert" id="link-expired" hidden=move || !expired.get()>{move || t().new_link}</p>
    }
}

/// Manual 2.1 steps 7–8.
#[component]
fn Terms(on_agree: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let agreed = RwSignal::new(false);
    view! {
        <section class="card" id="terms">
            <ol class="terms">{move || i18n.r().terms.iter().map(|t| view! { <li>{*t}</li> }).collect_view()}</ol>
            <label class="check">
                <input type="checkbox" id="agree-check" bind:checked=agreed/>
                {move || i18n.r().agree_label}
            </label>
            <div class="actions">
                <button type="button" class="primary" id="agree" disabled=move || !agreed.get() on:click=move |_| on_agree.run(())>
                    {move || i18n.r().agree}
                </button>
            </div>
        </section>
    }
}

/// Manual 2.1 step 16: Application reception.
#[component]
fn Reception(receipt: RwSignal<Option<ApplicationReceipt>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" id="reception">
            <p>{move || i18n.r().reception_checked}</p>
            <p>{move || i18n.r().reception_result}</p>
            <p class="strong">
                {move || i18n.r().reception_number}": "
                <span id="reception-number">{move || receipt.get().map(|r| r.reception_number)}</span>
            </p>
            <a href="/" rel="external" class="button secondary">{move || i18n.t().to_login}</a>
        </section>
    }
}
