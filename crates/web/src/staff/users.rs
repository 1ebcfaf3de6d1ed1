//! Staff members (administrators only): the list, adding a reviewer or administrator
//! (a generated password is mailed), disabling and enabling, resetting a password. Every
//! change is confirmed first.

use cis_shared::email::Email;
use cis_shared::messages::ErrorCode;
use cis_shared::staff::{NewStaffUser, StaffRole, StaffUser, StaffUserChange};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{local_time, use_staff, ConfirmDialog, FailureBanner, StaffFrame};
use crate::api::{ApiFailure, Method};
use crate::components::Field;
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

    let pending = RwSignal::new(None::<Change>);
    let done = RwSignal::new(None::<Change>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let busy = RwSignal::new(false);

    // The form to add a member.
    let email = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(StaffRole::Reviewer);
    let email_error = RwSignal::new(None::<ErrorCode>);
    let name_error = RwSignal::new(None::<ErrorCode>);
    let add_failure = RwSignal::new(None::<ApiFailure>);

    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parsed = Email::parse(&email.get_untracked());
        email_error.set(parsed.as_ref().err().copied());
        let name = display_name.get_untracked().trim().to_owned();
        name_error.set(name.is_empty().then_some(ErrorCode::Required));
        add_failure.set(None);
        if let (Ok(parsed), None) = (parsed, name_error.get_untracked()) {
            failure.set(None);
            pending.set(Some(Change::Add(NewStaffUser {
                email: parsed.as_str().to_owned(),
                display_name: name,
                role: role.get_untracked(),
            })));
        }
    };

    let confirm = Callback::new(move |_| {
        let Some(change) = pending.get_untracked() else { return };
        let locale = i18n.locale();
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = match &change {
                Change::Add(new) => {
                    session.call::<_, StaffUser>(Method::POST, "/api/v1/staff/users", Some(new), locale).await.map(drop)
                }
                Change::Disable(u) | Change::Enable(u) => {
                    let body =
                        StaffUserChange { disabled: Some(matches!(change, Change::Disable(_))), ..Default::default() };
                    session
                        .call::<_, StaffUser>(
                            Method::PATCH,
                            &format!("/api/v1/staff/users/{}", u.id),
                            Some(&body),
                            locale,
                        )
                        .await
                        .map(drop)
                }
                Change::ResetPassword(u) => {
                    let path = format!("/api/v1/staff/users/{}/password-reset", u.id);
                    session.call_no_content::<()>(Method::POST, &path, None, locale).await
                }
            };
            match result {
                Ok(()) => {
                    if matches!(change, Change::Add(_)) {
                        email.set(String::new());
                        display_name.set(String::new());
                        role.set(StaffRole::Reviewer);
                    }
                    pending.set(None);
                    done.set(Some(change));
                    users.refetch();
                }
                Err(err) => {
                    if let (Change::Add(_), ApiFailure::Problem(p)) = (&change, &err) {
                        // The form's own mistakes go back to its fields.
                        for e in &p.errors {
                            match e.field.as_str() {
                                "/email" => email_error.set(Some(e.code)),
                                "/display_name" => name_error.set(Some(e.code)),
                                _ => {}
                            }
                        }
                        pending.set(None);
                        add_failure.set(Some(err));
                    } else {
                        failure.set(Some(err));
                    }
                }
            }
            busy.set(false);
        });
    });

    let notice = move || {
        done.get().map(|change| {
            let s = s();
            let text = match &change {
                Change::Add(_) => (s.done_add)(change.subject()),
                Change::Disable(_) => (s.done_disable)(change.subject()),
                Change::Enable(_) => (s.done_enable)(change.subject()),
                Change::ResetPassword(_) => (s.done_reset)(change.subject()),
            };
            view! { <p class="notice ok" role="status" id="done">{text}</p> }
        })
    };

    let list = move || {
        let s = s();
        let locale = i18n.locale();
        let me = session.me();
        match users.get().flatten() {
            None => view! { <p class="loading">{s.loading}</p> }.into_any(),
            Some(Err(failure)) => {
                view! { <FailureBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any()
            }
            Some(Ok(list)) => {
                let rows = list
                    .into_iter()
                    .map(|u| {
                        let own = me.as_ref().is_some_and(|m| m.id == u.id);
                        let toggle = u.clone();
                        let reset = u.clone();
                        let disabled = u.disabled;
                        view! {
                            <tr class="user-row" class:disabled=disabled data-email=u.email.clone()>
                                <td>{u.display_name.clone()}{own.then_some(s.you)}</td>
                                <td class="break">{u.email.clone()}</td>
                                <td>{s.role_name(u.role)}</td>
                                <td>
                                    <span class=if disabled { "state state-rejected" } else { "state state-approved" }>
                                        {if disabled { s.disabled } else { s.active }}
                                    </span>
                                </td>
                                <td class="nowrap">{local_time(&u.created_at, locale)}</td>
                                <td>
                                    <div class="operations">
                                        {(!own).then(|| view! {
                                            <button type="button" class="small secondary toggle"
                                                on:click=move |_| {
                                                    failure.set(None);
                                                    pending.set(Some(if disabled {
                                                        Change::Enable(toggle.clone())
                                                    } else {
                                                        Change::Disable(toggle.clone())
                                                    }))
                                                }>
                                                {if disabled { s.enable } else { s.disable }}
                                            </button>
                                        })}
                                        <button type="button" class="small secondary reset"
                                            on:click=move |_| {
                                                failure.set(None);
                                                pending.set(Some(Change::ResetPassword(reset.clone())))
                                            }>
                                            {s.reset_password}
                                        </button>
                                    </div>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
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
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        }
    };

    let dialog = move || {
        pending.get().map(|change| {
            let s = s();
            let (title, message) = match &change {
                Change::Add(_) => (s.new_user_section, (s.confirm_add)(change.subject())),
                Change::Disable(_) => (s.disable, (s.confirm_disable)(change.subject())),
                Change::Enable(_) => (s.enable, (s.confirm_enable)(change.subject())),
                Change::ResetPassword(_) => (s.reset_password, (s.confirm_reset)(change.subject())),
            };
            let action = match &change {
                Change::Add(_) => s.add,
                _ => title,
            };
            view! {
                <ConfirmDialog
                    title=Signal::stored(title)
                    message=Signal::stored(message)
                    action=Signal::stored(action)
                    busy=busy.into()
                    failure=failure.into()
                    on_confirm=confirm
                    on_cancel=Callback::new(move |_| pending.set(None))
                />
            }
        })
    };

    let page = move || {
        if session.me().is_none() {
            return view! { <p class="loading">{s().loading}</p> }.into_any();
        }
        if !session.is_administrator() {
            return view! { <section class="card"><p class="banner" id="administrators-only">{s().administrators_only}</p></section> }
                .into_any();
        }
        view! {
            {notice}
            <section class="card">{list}</section>
            <form class="card new-user" id="new-user" on:submit=add novalidate>
                <h2>{move || s().new_user_section}</h2>
                <p class="hint">{move || s().new_user_note}</p>
                <div class="form-row">
                    <Field id="new-email" label=Signal::derive(move || s().mail_address) required=true error=email_error>
                        <input id="new-email" type="email" inputmode="email" autocomplete="off" bind:value=email/>
                    </Field>
                    <Field id="new-name" label=Signal::derive(move || s().display_name) required=true error=name_error>
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
                <FailureBanner failure=add_failure.into() id="add-problem"/>
                <button type="submit" class="primary narrow" id="add-user">{move || s().add}</button>
            </form>
        }
        .into_any()
    };

    view! {
        <StaffFrame title=Signal::derive(move || s().users_title)>
            {page}
            {dialog}
        </StaffFrame>
    }
}
