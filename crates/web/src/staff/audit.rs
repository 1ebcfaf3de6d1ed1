//! The audit log, newest first (administrators only): logins, failed logins, decisions,
//! changes to staff members.

use cis_shared::staff::AuditPage as AuditLog;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::{local_time, use_staff, Pager, StaffFrame};
use crate::components::ProblemBanner;
use crate::i18n::use_i18n;

const PER_PAGE: u64 = 50;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let session = use_staff();
    let query = use_query_map();
    let navigate = use_navigate();
    let page = Memo::new(move |_| {
        query.with(|q| q.get("page").and_then(|p| p.parse::<u64>().ok()).filter(|p| *p >= 1).unwrap_or(1))
    });
    let go = Callback::new(move |p: u64| navigate(&format!("/staff/audit?page={p}"), NavigateOptions::default()));

    let log = LocalResource::new(move || {
        let path = format!("/api/v1/staff/audit-events?per_page={PER_PAGE}&page={}", page.get());
        let locale = untrack(|| i18n.locale());
        async move {
            if !session.logged_in() {
                return None;
            }
            Some(session.get::<AuditLog>(&path, locale).await)
        }
    });

    let table = move || {
        let locale = i18n.locale();
        let s = s();
        match log.get().flatten() {
            None => view! { <p class="loading">{s.loading}</p> }.into_any(),
            Some(Err(failure)) => {
                view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any()
            }
            Some(Ok(log)) if log.items.is_empty() => view! { <p class="empty">{s.no_events}</p> }.into_any(),
            Some(Ok(log)) => {
                let rows = log
                    .items
                    .into_iter()
                    .map(|e| {
                        let actor = match &e.actor_email {
                            Some(email) => format!("{} {}", s.actor_kind(e.actor_kind), email),
                            None => match e.actor_id {
                                Some(id) => format!("{} #{id}", s.actor_kind(e.actor_kind)),
                                None => s.actor_kind(e.actor_kind).to_owned(),
                            },
                        };
                        let target = match (&e.target_kind, e.target_id) {
                            (Some(kind), Some(id)) => format!("{kind} #{id}"),
                            (Some(kind), None) => kind.clone(),
                            (None, Some(id)) => format!("#{id}"),
                            (None, None) => String::new(),
                        };
                        view! {
                            <tr class="audit-row" data-action=e.action.clone()>
                                <td class="nowrap">{local_time(&e.at, locale)}</td>
                                <td class="break">{actor}</td>
                                <td>{s.action_name(&e.action).to_owned()}<br/><code>{e.action.clone()}</code></td>
                                <td class="nowrap">{target}</td>
                                <td class="break">{e.detail.clone().unwrap_or_default()}</td>
                                <td class="nowrap">{e.client_address.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-scroll">
                        <table class="staff-table" id="audit-events">
                            <thead>
                                <tr>
                                    <th>{s.at}</th>
                                    <th>{s.actor}</th>
                                    <th>{s.action}</th>
                                    <th>{s.target}</th>
                                    <th>{s.detail}</th>
                                    <th>{s.client_address}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <Pager total=log.total page=log.page per_page=log.per_page on_page=go/>
                }
                .into_any()
            }
        }
    };

    view! {
        <StaffFrame title=Signal::derive(move || s().audit_title)>
            <section class="card">{table}</section>
        </StaffFrame>
    }
}
