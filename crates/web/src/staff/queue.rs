//! The review queue: filters by state and kind, a search, pages; each line opens the
//! application. The filters live in the address, so Back from an application returns to
//! the same page of the same list.

use cis_shared::staff::{ApplicationPage, ApplicationState, ApplicationSummary};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::texts::{kind_code, KINDS, STATES};
use super::{local_time, use_staff, Pager, SearchField, StaffFrame};
use crate::api::ApiFailure;
use crate::components::ProblemBanner;
use crate::i18n::use_i18n;

const PER_PAGE: u64 = 20;

/// What the queue shows; the default is the applications waiting for a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
struct QueueFilter {
    /// A state code, or `all`.
    state: String,
    /// `new`, `reapplication`, or empty for both.
    kind: String,
    q: String,
    page: u64,
}

impl QueueFilter {
    fn to_query(&self) -> String {
        let mut parts = vec![format!("state={}", self.state)];
        if !self.kind.is_empty() {
            parts.push(format!("kind={}", self.kind));
        }
        if !self.q.trim().is_empty() {
            parts.push(format!("q={}", encode(self.q.trim())));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }

    fn api_path(&self) -> String {
        let mut path = format!("/api/v1/staff/applications?per_page={PER_PAGE}&page={}", self.page);
        if ApplicationState::parse(&self.state).is_some() {
            path.push_str(&format!("&state={}", self.state));
        }
        if !self.kind.is_empty() {
            path.push_str(&format!("&kind={}", self.kind));
        }
        if !self.q.trim().is_empty() {
            path.push_str(&format!("&q={}", encode(self.q.trim())));
        }
        path
    }
}

pub(super) fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// A page of applications, once the session is known.
type QueueList = LocalResource<Option<Result<ApplicationPage, ApiFailure>>>;

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let query = use_query_map();
    let navigate = use_navigate();

    let filter = Memo::new(move |_| {
        query.with(|q| QueueFilter {
            state: q.get("state").unwrap_or_else(|| ApplicationState::Submitted.as_str().to_owned()),
            kind: q.get("kind").filter(|k| KINDS.iter().any(|c| kind_code(*c) == k)).unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        })
    });
    let go = Callback::new(move |f: QueueFilter| {
        navigate(&format!("/staff?{}", f.to_query()), NavigateOptions::default());
    });

    let list: QueueList = LocalResource::new(move || {
        let path = filter.get().api_path();
        let locale = untrack(|| i18n.locale());
        async move {
            if !session.logged_in() {
                return None;
            }
            Some(session.get::<ApplicationPage>(&path, locale).await)
        }
    });

    view! {
        <StaffFrame title=Signal::derive(move || i18n.staff().queue_title)>
            <QueueFilters filter go/>
            <section class="card"><QueueTable list filter go/></section>
        </StaffFrame>
    }
}

/// The state and kind filters, each applied when chosen, and the search; any of them starts
/// again at the first page.
#[component]
fn QueueFilters(filter: Memo<QueueFilter>, go: Callback<QueueFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let search = RwSignal::new(filter.get_untracked().q);
    Effect::new(move |_| search.set(filter.get().q));
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        go.run(QueueFilter { q: search.get_untracked(), page: 1, ..filter.get_untracked() });
    };
    let option = |selected: &str, (code, text): (&'static str, &'static str)| {
        view! { <option value=code selected=selected == code>{text}</option> }
    };
    view! {
        <form class="card filters" on:submit=on_search>
            <div class="field">
                <label for="filter-state">{move || s().state}</label>
                <select id="filter-state" on:change=move |ev| {
                    go.run(QueueFilter { state: event_target_value(&ev), page: 1, ..filter.get_untracked() })
                }>
                    {move || {
                        let selected = filter.get().state;
                        STATES
                            .into_iter()
                            .map(|st| (st.as_str(), s().state(st)))
                            .chain([("all", s().all)])
                            .map(|choice| option(&selected, choice))
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="filter-kind">{move || s().kind}</label>
                <select id="filter-kind" on:change=move |ev| {
                    go.run(QueueFilter { kind: event_target_value(&ev), page: 1, ..filter.get_untracked() })
                }>
                    {move || {
                        let selected = filter.get().kind;
                        [("", s().all)]
                            .into_iter()
                            .chain(KINDS.into_iter().map(|k| (kind_code(k), s().kind_name(k))))
                            .map(|choice| option(&selected, choice))
                            .collect_view()
                    }}
                </select>
            </div>
            <SearchField value=search hint=Signal::derive(move || s().search_hint)/>
        </form>
    }
}

/// The page of applications found, and the pager.
#[component]
fn QueueTable(list: QueueList, filter: Memo<QueueFilter>, go: Callback<QueueFilter>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let s = i18n.staff();
        match list.get().flatten() {
            None => view! { <p class="loading">{s.loading}</p> }.into_any(),
            Some(Err(failure)) => {
                view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any()
            }
            Some(Ok(page)) if page.items.is_empty() => {
                view! { <p class="empty" id="no-applications">{s.no_applications}</p> }.into_any()
            }
            Some(Ok(page)) => {
                let current = page.page;
                view! {
                    <div class="table-scroll">
                        <table class="staff-table" id="applications">
                            <thead>
                                <tr>
                                    <th>{s.reception_number}</th>
                                    <th>{s.kind}</th>
                                    <th>{s.state}</th>
                                    <th>{s.name}</th>
                                    <th>{s.mail_address}</th>
                                    <th>{s.submitted_at}</th>
                                </tr>
                            </thead>
                            <tbody>{page.items.into_iter().map(|application| view! { <ApplicationRow application/> }).collect_view()}</tbody>
                        </table>
                    </div>
                    <Pager total=page.total page=current per_page=page.per_page
                        on_page=Callback::new(move |p| go.run(QueueFilter { page: p, ..filter.get_untracked() }))/>
                }
                .into_any()
            }
        }
    }
}

/// One application; its number and the applicant's name open it.
#[component]
fn ApplicationRow(application: ApplicationSummary) -> impl IntoView {
    let i18n = use_i18n();
    let (s, locale) = (i18n.staff(), i18n.locale());
    let a = application;
    let href = format!("/staff/applications/{}", a.id);
    let (number, name) = (a.reception_number.clone(), a.applicant_name);
    view! {
        <tr class="application-row" data-reception=a.reception_number>
            <td class="nowrap"><A href=href.clone()>{number}</A></td>
            <td>{s.kind_name(a.kind)}</td>
            <td><span class=format!("state state-{}", a.state.as_str())>{s.state(a.state)}</span></td>
            <td>
                <A href=href>{name}</A>
                <span class="kana">{a.applicant_name_kana}</span>
            </td>
            <td class="break">{a.email}</td>
            <td class="nowrap">{local_time(&a.submitted_at, locale)}</td>
        </tr>
    }
}
