//! An application as the reviewer sees it (manual 2.1 step 17): everything submitted, the
//! identity document images (for an additional student ID number, manual 2.3: the account
//! and the student records it has), and the decision: approve (for a reapplication, with the
//! account it replaces, manual 2.4 (c)), reject, or request resubmission, each with a
//! reason quoted in the applicant's mail.

use cis_shared::application::ApplicationType;
use cis_shared::catalog::DegreeProgram;
use cis_shared::messages::ErrorCode;
use cis_shared::staff::{
    decision_reason, AccountPage, AccountSummary, ApplicationDetail, ApplicationState, Decision, DecisionKind,
    DocumentInfo,
};
use cis_shared::Locale;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::Deserialize;

use super::records::{path_names, program_name, AccountRecords};
use super::{local_time, revoke_object_url, use_staff, Dialog, StaffFrame};
use crate::api::{self, ApiFailure, Method};
use crate::components::{failure_of, focus_first_invalid, Field, ProblemBanner, Submit, ZoomableImage};
use crate::i18n::{use_i18n, I18n};
use crate::pages::application::submitted_form;

/// The answer to a decision: the application's new state (with the rest of its summary).
#[derive(Deserialize)]
struct Decided {
    state: ApplicationState,
}

#[component]
pub fn ApplicationReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let session = use_staff();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));

    let detail = LocalResource::new(move || {
        let id = id.get();
        let locale = untrack(|| i18n.locale());
        async move {
            match id {
                Some(id) if session.logged_in() => {
                    Some(session.get::<ApplicationDetail>(&format!("/api/v1/staff/applications/{id}"), locale).await)
                }
                _ => None,
            }
        }
    });
    let programs = LocalResource::new(|| api::degree_programs(Locale::Ja));
    let programs = Memo::new(move |_| programs.get().and_then(Result::ok).unwrap_or_default());
    let decided = RwSignal::new(None::<ApplicationState>);

    let body = move || {
        match detail.get().flatten() {
        None => view! { <p class="loading">{s().loading}</p> }.into_any(),
        Some(Err(failure)) => {
            view! { <section class="card"><ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/></section> }
                .into_any()
        }
        Some(Ok(application)) => view! {
            <Review application programs decided on_decided=Callback::new(move |state| {
                decided.set(Some(state));
                detail.refetch();
            })/>
        }
        .into_any(),
    }
    };

    view! {
        <StaffFrame title=Signal::derive(move || s().detail_title)>
            <p class="back-link"><A href="/staff" attr:id="back-to-queue">{move || s().back_to_queue}</A></p>
            {body}
        </StaffFrame>
    }
}

#[component]
fn Review(
    application: ApplicationDetail,
    programs: Memo<Vec<DegreeProgram>>,
    decided: RwSignal<Option<ApplicationState>>,
    on_decided: Callback<ApplicationState>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let open = RwSignal::new(None::<DecisionKind>);
    let summary = application.summary.clone();
    let state = summary.state;
    let waiting = matches!(state, ApplicationState::Submitted | ApplicationState::Resubmitted);

    let reception = {
        let summary = summary.clone();
        move || {
            let s = s();
            let rows = [
                (s.reception_number, summary.reception_number.clone(), "reception-number"),
                (s.kind, s.kind_name(summary.kind).to_owned(), "kind"),
                (s.submitted_at, local_time(&summary.submitted_at, i18n.locale()), "submitted-at"),
                (s.verified_email, summary.email.clone(), "verified-email"),
            ];
            view! {
                <dl class="confirm">
                    <dt>{s.state}</dt>
                    <dd><span id="state" class=format!("state state-{}", state.as_str())>{s.state(state)}</span></dd>
                    {rows.into_iter().map(|(k, v, id)| view! { <dt>{k}</dt><dd id=id>{v}</dd> }).collect_view()}
                </dl>
            }
        }
    };

    let form_sections = {
        let application = application.clone();
        move || form_rows(&application, &programs.get(), i18n)
    };

    // An additional student ID (manual 2.3) has no identity documents: the account it is
    // for stands beside the record instead.
    let side = match application.account.clone() {
        Some(account) => view! {
            <section class="card" id="applicant-account">
                <h2>{move || s().account_section}</h2>
                <p class="hint">{move || s().no_documents_student_id}</p>
                <AccountRecords account programs/>
            </section>
        }
        .into_any(),
        None => view! {
            <section class="card" id="documents">
                <h2>{move || s().documents_section}</h2>
                {document_images(application.documents.clone(), i18n)}
            </section>
        }
        .into_any(),
    };

    let decision = move || {
        if !waiting {
            return view! { <p id="decided-already">{s().decided_already}</p> }.into_any();
        }
        view! {
            <div class="decision-buttons">
                <button type="button" class="approve" id="approve" on:click=move |_| open.set(Some(DecisionKind::Approve))>
                    {s().approve}
                </button>
                <button type="button" class="secondary" id="request-resubmission"
                    on:click=move |_| open.set(Some(DecisionKind::RequestResubmission))>
                    {s().request_resubmission}
                </button>
                <button type="button" class="danger" id="reject" on:click=move |_| open.set(Some(DecisionKind::Reject))>
                    {s().reject}
                </button>
            </div>
        }
        .into_any()
    };

    let dialog = move || {
        open.get().map(|kind| {
            view! {
                <DecisionDialog
                    kind
                    application=summary.clone()
                    on_close=Callback::new(move |_| open.set(None))
                    on_decided=Callback::new(move |state| {
                        open.set(None);
                        on_decided.run(state);
                    })
                />
            }
        })
    };

    view! {
        <div class="review">
            <div class="review-main">
                <section class="card" id="reception">
                    <h2>{move || s().reception_section}</h2>
                    {move || decided.get().map(|state| view! {
                        <p class="notice ok" role="status" id="decided">{s().decided}" "{s().state(state)}</p>
                    })}
                    {reception}
                </section>
                <section class="card application-detail" id="application-form">{form_sections}</section>
            </div>
            <div class="review-side">
                {side}
                <section class="card" id="decision">
                    <h2>{move || s().decision_section}</h2>
                    {decision}
                </section>
            </div>
        </div>
        {dialog}
    }
}

/// The form as submitted, with the registration screens' labels (the applicant's
/// confirmation screen shows the same); of an additional student ID, only the student
/// record to add.
fn form_rows(application: &ApplicationDetail, programs: &[DegreeProgram], i18n: I18n) -> impl IntoView {
    let (r, s, locale) = (i18n.r(), i18n.staff(), i18n.locale());
    let f = &application.form;
    let affiliation = path_names(&application.affiliation_path, locale);
    let program = program_name(programs, &f.enrollment.degree_program, locale);
    let application_type = s.kind_name(f.application_type);
    view! {
        {(f.application_type == ApplicationType::AdditionalStudentId)
            .then(|| view! { <p class="section-note" id="added-record">{s.added_record_section}</p> })}
        {submitted_form(f, r, application_type, affiliation, program)}
    }
}

/// The identity document images of an application, or "no images".
fn document_images(documents: Vec<DocumentInfo>, i18n: I18n) -> AnyView {
    if documents.is_empty() {
        return view! { <p>{move || i18n.staff().no_documents}</p> }.into_any();
    }
    view! {
        <div class="documents">
            {documents.into_iter().map(|doc| view! { <DocumentImage doc/> }).collect_view()}
        </div>
    }
    .into_any()
}

/// One identity document image, fetched with the staff token and shown from a `blob:` URL;
/// the image is a button that opens it at full size (a 4000×3000 photo is read at its own
/// size, scrolled, instead of at the side column's width).
#[component]
fn DocumentImage(doc: DocumentInfo) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let url = RwSignal::new(None::<Result<String, ApiFailure>>);
    let locale = untrack(|| i18n.locale());
    let content_type = doc.content_type.clone();
    spawn_local(async move {
        let result = session.document_url(doc.id, &content_type, locale).await;
        // The screen may have gone while the image loaded.
        if let Some(Some(Ok(url))) = url.try_set(Some(result)) {
            revoke_object_url(&url);
        }
    });
    on_cleanup(move || {
        if let Some(Some(Ok(url))) = url.try_get_untracked() {
            revoke_object_url(&url);
        }
    });
    let side = doc.side.clone();
    let element_id = format!("document-{}", doc.side);
    let caption = Signal::derive(move || format!("{} ({} × {})", i18n.staff().side(&side), doc.width, doc.height));
    view! {
        <figure class="document">
            {move || match url.get() {
                None => view! { <p class="loading">{i18n.staff().loading}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="error">{i18n.staff().image_failed}</p> }.into_any(),
                Some(Ok(src)) => view! {
                    <ZoomableImage src=src alt=caption id=element_id.clone()/>
                }
                .into_any(),
            }}
            <figcaption>{caption}</figcaption>
        </figure>
    }
}

/// The decision dialog: the consequence in words, a reason for reject and resubmission,
/// the replaced account for a reapplication's approval.
#[component]
fn DecisionDialog(
    kind: DecisionKind,
    application: cis_shared::staff::ApplicationSummary,
    on_close: Callback<()>,
    on_decided: Callback<ApplicationState>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let session = use_staff();
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<ErrorCode>);
    let replaces = RwSignal::new(None::<i64>);
    let replaces_error = RwSignal::new(None::<ErrorCode>);
    let needs_reason = kind != DecisionKind::Approve;
    let needs_account = kind == DecisionKind::Approve && application.kind == ApplicationType::Reapplication;
    let id = application.id;

    let title = move || match kind {
        DecisionKind::Approve => s().approve,
        DecisionKind::Reject => s().reject,
        DecisionKind::RequestResubmission => s().request_resubmission,
    };
    let adds_student_id = application.kind == ApplicationType::AdditionalStudentId;
    let text = move || match kind {
        DecisionKind::Approve if adds_student_id => s().approve_student_id_text,
        DecisionKind::Approve => s().approve_text,
        DecisionKind::Reject => s().reject_text,
        DecisionKind::RequestResubmission => s().resubmission_text,
    };

    let decide: Submit<Decision, Decided> = Action::new_local(move |body: &Decision| {
        let (body, locale) = (body.clone(), i18n.locale());
        async move {
            let path = format!("/api/v1/staff/applications/{id}/decision");
            let answer = session.call::<_, Decided>(Method::POST, &path, Some(&body), locale).await;
            match &answer {
                Ok(decided) => on_decided.run(decided.state),
                Err(ApiFailure::Problem(p)) => {
                    reason_error.set(p.errors.iter().find(|e| e.field == "/reason").map(|e| e.code));
                    if let Some(e) = p.errors.iter().find(|e| e.field == "/replaces_account_id") {
                        replaces_error.set(Some(e.code));
                    }
                }
                Err(ApiFailure::Network) => {}
            }
            answer
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let checked = decision_reason(kind, &reason.get_untracked());
        reason_error.set(checked.as_ref().err().copied());
        replaces_error.set((needs_account && replaces.get_untracked().is_none()).then_some(ErrorCode::Required));
        if reason_error.get_untracked().is_some() || replaces_error.get_untracked().is_some() {
            focus_first_invalid();
            return;
        }
        let body = Decision {
            decision: kind,
            reason: checked.ok().flatten(),
            replaces_account_id: if needs_account { replaces.get_untracked() } else { None },
        };
        decide.dispatch(body);
    };

    let dialog_id = match kind {
        DecisionKind::Approve => "approve-dialog",
        DecisionKind::Reject => "reject-dialog",
        DecisionKind::RequestResubmission => "resubmission-dialog",
    };
    view! {
        <Dialog id=dialog_id title=Signal::derive(title) on_close>
            <form on:submit=submit novalidate>
                <p class="dialog-text">{text}</p>
                <p class="dialog-subject">
                    <span class="nowrap">{application.reception_number.clone()}</span>" "
                    <span>{application.applicant_name.clone()}</span>
                </p>
                {needs_account.then(|| view! { <AccountChooser applicant=application.applicant_name.clone() replaces error=replaces_error/> })}
                {needs_reason.then(|| view! {
                    <Field id="reason" label=Signal::derive(move || s().reason) required=true error=reason_error>
                        <textarea id="reason" rows="5" bind:value=reason></textarea>
                    </Field>
                })}
                <ProblemBanner failure=failure_of(decide) id="decision-problem"/>
                <div class="actions">
                    <button type="button" class="secondary" id="decision-cancel" on:click=move |_| on_close.run(())>
                        {move || s().cancel}
                    </button>
                    <button type="submit" class=if kind == DecisionKind::Reject { "danger" } else { "primary" }
                        id="decision-confirm" disabled=move || decide.pending().get()>
                        {title}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

/// Finds the graduate account a reapplication replaces (`GET /staff/accounts?q=`).
#[component]
fn AccountChooser(
    applicant: String,
    replaces: RwSignal<Option<i64>>,
    error: RwSignal<Option<ErrorCode>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let session = use_staff();
    let typed = RwSignal::new(applicant.clone());
    let query = RwSignal::new(applicant);
    let found = LocalResource::new(move || {
        let q = query.get();
        let locale = untrack(|| i18n.locale());
        async move {
            let path = format!(
                "/api/v1/staff/accounts?per_page=10&q={}",
                String::from(js_sys::encode_uri_component(q.trim()))
            );
            session.get::<AccountPage>(&path, locale).await
        }
    });
    let search = move || query.set(typed.get_untracked());
    let results = move || match found.get() {
        None => view! { <p class="loading">{s().loading}</p> }.into_any(),
        Some(Err(failure)) => {
            view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="accounts-problem"/> }.into_any()
        }
        Some(Ok(page)) if page.items.is_empty() => view! { <p id="no-accounts">{s().no_accounts}</p> }.into_any(),
        Some(Ok(page)) => view! {
            <ul class="accounts" id="accounts">
                {page.items.into_iter().map(|a| view! { <AccountChoice account=a replaces error/> }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <div class="account-chooser" class:invalid=move || error.get().is_some()>
            <p>{move || s().replaces_text}</p>
            <label for="account-search">{move || s().account_search}</label>
            <div class="search-row">
                <input id="account-search" type="search" placeholder=move || s().account_search_hint bind:value=typed
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); search() }/>
                <button type="button" class="secondary" id="account-search-button" on:click=move |_| search()>
                    {move || s().search_button}
                </button>
            </div>
            {results}
            <p class="error" id="replaces-error" role="alert">
                {move || error.get().map(|_| s().choose_account)}
            </p>
        </div>
    }
}

#[component]
fn AccountChoice(
    account: AccountSummary,
    replaces: RwSignal<Option<i64>>,
    error: RwSignal<Option<ErrorCode>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = account.id;
    view! {
        <li>
            <label class="choice">
                <input type="radio" name="replaces" value=id.to_string()
                    prop:checked=move || replaces.get() == Some(id)
                    on:change=move |_| {
                        replaces.set(Some(id));
                        error.set(None);
                    }/>
                <span>
                    <strong>{account.name.clone()}</strong>" "<span class="kana">{account.name_kana.clone()}</span>
                    <span class="break">{account.email.clone()}</span>" · "
                    {move || i18n.staff().birth_date}" "{account.birth_date.replace('-', "/")}
                </span>
            </label>
        </li>
    }
}
