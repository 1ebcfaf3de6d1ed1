//! Staff members (administrators only): the list, adding a reviewer or administrator
//! (a generated password is mailed), disabling and enabling, resetting a password. Every
//! change is confirmed first.

use cis_shared::email::Email;
use cis_shared::messages::ErrorCode;
use cis_shared::staff::{NewStaffUser, StaffRole, StaffUser, StaffUserChange};
use cis_shared::Locale;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::{local_time, use_staff, ConfirmDialog, StaffFrame, StaffSession};
use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, focus_first_invalid, Field, ProblemBanner, Submit};
use crate::i18n::use_i18n;

/// A change waiting for the administrator's confirmation, and then its notice.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    Add(NewStaffUser),
    Disable(StaffUser),
    Enable(StaffUser),
    ResetPassword(StaffUser),
}

impl Change {
    fn subject(&self) -> &str {
        match self {
            Change::Add(new) => &new.email,
            Change::Disable(u) | Change::Enable(u) | Change::ResetPassword(u) => &u.display_name,
        }
    }
}

const ROLES: [StaffRole; 2] = [StaffRole::Reviewer, StaffRole::Administrator];

/// What the screen shares between its pieces: the list, the change waiting for confirmation
/// and the one done, and the form's errors the API sent back.
#[derive(Clone, Copy)]
struct UsersScreen {
    users: LocalResource<Option<Result<Vec<StaffUser>, ApiFailure>>>,
    pending: RwSignal<Option<Change>>,
    done: RwSignal<Option<Change>>,
    email_error: RwSignal<Option<ErrorCode>>,
    name_error: RwSignal<Option<ErrorCode>>,
    /// The last Add the API refused, for the form's own banner.
    add_failure: RwSignal<Option<ApiFailure>>,
}

#[component]
pub fn StaffUsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let session = use_staff();
    let users = LocalResource::new(move || {
        let locale = untrack(|| i18n.locale());
        let administrator = session.is_administrator();
        async move {
            if !administrator {
                return None;
            }
            Some(session.get::<Vec<StaffUser>>("/api/v1/staff/users", locale).await)
        }
    });
    let screen = UsersScreen {
        users,
        pending: RwSignal::new(None),
        done: RwSignal::new(None),
        email_error: RwSignal::new(None),
        name_error: RwSignal::new(None),
        add_failure: RwSignal::new(None),
    };
    provide_context(screen);

    let page = move || {
        if session.me().is_none() {
            return view! { <p class="loading">{s().loading}</p> }.into_any();
        }
        if !session.is_administrator() {
            return view! { <section class="card"><p class="banner" id="administrators-only">{s().administrators_only}</p></section> }
                .into_any();
        }
        view! {
            <DoneNotice/>
            <section class="card"><UsersTable/></section>
            <NewUserForm/>
        }
        .into_any()
    };
    view! {
        <StaffFrame title=Signal::derive(move || s().users_title)>
            {page}
            <ChangeDialog/>
        </StaffFrame>
    }
}

#[component]
fn DoneNotice() -> impl IntoView {
    let i18n = use_i18n();
    let done = expect_context::<UsersScreen>().done;
    move || {
        done.get().map(|change| {
            let s = i18n.staff();
            let text = match &change {
                Change::Add(_) => (s.done_add)(change.subject()),
                Change::Disable(_) => (s.done_disable)(change.subject()),
                Change::Enable(_) => (s.done_enable)(change.subject()),
                Change::ResetPassword(_) => (s.done_reset)(change.subject()),
            };
            view! { <p class="notice ok" role="status" id="done">{text}</p> }
        })
    }
}

#[component]
fn UsersTable() -> impl IntoView {
    let i18n = use_i18n();
    let screen = expect_context::<UsersScreen>();
    move || {
        let s = i18n.staff();
        match screen.users.get().flatten() {
            None => view! { <p class="loading">{s.loading}</p> }.into_any(),
            Some(Err(failure)) => {
                view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any()
            }
            Some(Ok(list)) => view! {
                <div class="table-scroll">
                    <table class="staff-table" id="users">
                        <thead>
                            <tr>
                                <th>{s.display_name}</th>
                                <th>{s.mail_address}</th>
                                <th>{s.role}</th>
                                <th>{s.status}</th>
                                <th>{s.created_at}</th>
                                <th>{s.operations}</th>
                            </tr>
                        </thead>
                        <tbody>{list.into_iter().map(|user| view! { <UserRow user/> }).collect_view()}</tbody>
                    </table>
                </div>
            }
            .into_any(),
        }
    }
}

/// One member, with Disable / Enable (not for oneself) and Reset password.
#[component]
fn UserRow(user: StaffUser) -> impl IntoView {
    let i18n = use_i18n();
    let s = i18n.staff();
    let session = use_staff();
    let pending = expect_context::<UsersScreen>().pending;
    let own = session.me().is_some_and(|m| m.id == user.id);
    let disabled = user.disabled;
    let (toggle, reset) = (user.clone(), user.clone());
    view! {
        <tr class="user-row" class:disabled=disabled data-email=user.email.clone()>
            <td>{user.display_name.clone()}{own.then_some(s.you)}</td>
            <td class="break">{user.email.clone()}</td>
            <td>{s.role_name(user.role)}</td>
            <td>
                <span class=if disabled { "state state-rejected" } else { "state state-approved" }>
                    {if disabled { s.disabled } else { s.active }}
                </span>
            </td>
            <td class="nowrap">{local_time(&user.created_at, i18n.locale())}</td>
            <td>
                <div class="operations">
                    {(!own).then(|| view! {
                        <button type="button" class="small secondary toggle" on:click=move |_| {
                            pending.set(Some(if disabled { Change::Enable(toggle.clone()) } else { Change::Disable(toggle.clone()) }))
                        }>
                            {if disabled { s.enable } else { s.disable }}
                        </button>
                    })}
                    <button type="button" class="small secondary reset"
                        on:click=move |_| pending.set(Some(Change::ResetPassword(reset.clone())))>
                        {s.reset_password}
                    </button>
                </div>
            </td>
        </tr>
    }
}

/// Adding a member: checked here as the API will, then confirmed in the dialog.
#[component]
fn NewUserForm() -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let screen = expect_context::<UsersScreen>();
    let email = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(StaffRole::Reviewer);
    // After an Add went through, the form starts again.
    Effect::new(move |_| {
        if matches!(screen.done.get(), Some(Change::Add(_))) {
            email.set(String::new());
            display_name.set(String::new());
            role.set(StaffRole::Reviewer);
        }
    });
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parsed = Email::parse(&email.get_untracked());
        screen.email_error.set(parsed.as_ref().err().copied());
        let name = display_name.get_untracked().trim().to_owned();
        screen.name_error.set(name.is_empty().then_some(ErrorCode::Required));
        screen.add_failure.set(None);
        match (parsed, screen.name_error.get_untracked()) {
            (Ok(parsed), None) => screen.pending.set(Some(Change::Add(NewStaffUser {
                email: parsed.as_str().to_owned(),
                display_name: name,
                role: role.get_untracked(),
            }))),
            _ => focus_first_invalid(),
        }
    };
    view! {
        <form class="card new-user" id="new-user" on:submit=add novalidate>
            <h2>{move || s().new_user_section}</h2>
            <p class="hint">{move || s().new_user_note}</p>
            <div class="form-row">
                <Field id="new-email" label=Signal::derive(move || s().mail_address) required=true error=screen.email_error>
                    <input id="new-email" type="email" inputmode="email" autocomplete="off" bind:value=email/>
                </Field>
                <Field id="new-name" label=Signal::derive(move || s().display_name) required=true error=screen.name_error>
                    <input id="new-name" type="text" autocomplete="off" bind:value=display_name/>
                </Field>
                <div class="field">
                    <label for="new-role">{move || s().role}</label>
                    <select id="new-role" on:change=move |ev| {
                        if let Some(r) = StaffRole::parse(&event_target_value(&ev)) {
                            role.set(r);
                        }
                    }>
                        {move || ROLES.into_iter().map(|r| view! {
                            <option value=r.as_str() prop:selected=move || role.get() == r>{s().role_name(r)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <ProblemBanner failure=screen.add_failure id="add-problem"/>
            <button type="submit" class="primary narrow" id="add-user">{move || s().add}</button>
        </form>
    }
}

/// The API call a confirmed change makes.
async fn apply(session: StaffSession, change: &Change, locale: Locale) -> Result<(), ApiFailure> {
    match change {
        Change::Add(new) => {
            session.call::<_, StaffUser>(Method::POST, "/api/v1/staff/users", Some(new), locale).await.map(drop)
        }
        Change::Disable(u) | Change::Enable(u) => {
            let body = StaffUserChange { disabled: Some(matches!(change, Change::Disable(_))), ..Default::default() };
            let path = format!("/api/v1/staff/users/{}", u.id);
            session.call::<_, StaffUser>(Method::PATCH, &path, Some(&body), locale).await.map(drop)
        }
        Change::ResetPassword(u) => {
            let path = format!("/api/v1/staff/users/{}/password-reset", u.id);
            session.call_no_content::<()>(Method::POST, &path, None, locale).await
        }
    }
}

/// Every change is confirmed first; an Add the API refuses goes back to the form with its
/// field errors, any other refusal is said in the dialog.
#[component]
fn ChangeDialog() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let screen = expect_context::<UsersScreen>();
    let confirm: Submit<Change, ()> = Action::new_local(move |change: &Change| {
        let (change, locale) = (change.clone(), i18n.locale());
        async move {
            let result = apply(session, &change, locale).await;
            match &result {
                Ok(()) => {
                    screen.pending.set(None);
                    screen.done.set(Some(change));
                    screen.users.refetch();
                }
                Err(err @ ApiFailure::Problem(p)) if matches!(change, Change::Add(_)) => {
                    // The form's own mistakes go back to its fields.
                    for e in &p.errors {
                        match e.field.as_str() {
                            "/email" => screen.email_error.set(Some(e.code)),
                            "/display_name" => screen.name_error.set(Some(e.code)),
                            _ => {}
                        }
                    }
                    screen.pending.set(None);
                    screen.add_failure.set(Some(err.clone()));
                }
                Err(_) => {}
            }
            result
        }
    });
    // The dialog's banner: the last refusal of the change it shows, not an earlier one's.
    let shown = RwSignal::new(0usize);
    Effect::new(move |_| {
        if screen.pending.get().is_some() {
            shown.set(confirm.version().get_untracked());
        }
    });
    let failure =
        Signal::derive(move || (confirm.version().get() > shown.get()).then(|| failure_of(confirm).get()).flatten());
    move || {
        screen.pending.get().map(|change| {
            let s = i18n.staff();
            let (title, message) = match &change {
                Change::Add(_) => (s.new_user_section, (s.confirm_add)(change.subject())),
                Change::Disable(_) => (s.disable, (s.confirm_disable)(change.subject())),
                Change::Enable(_) => (s.enable, (s.confirm_enable)(change.subject())),
                Change::ResetPassword(_) => (s.reset_password, (s.confirm_reset)(change.subject())),
            };
            let action = if matches!(change, Change::Add(_)) { s.add } else { title };
            view! {
                <ConfirmDialog
                    title=Signal::stored(title)
                    message=Signal::stored(message)
                    action=Signal::stored(action)
                    busy=confirm.pending().into()
                    failure
                    on_confirm=Callback::new(move |_| { confirm.dispatch(change.clone()); })
                    on_cancel=Callback::new(move |_| screen.pending.set(None))
                />
            }
        })
    }
}
