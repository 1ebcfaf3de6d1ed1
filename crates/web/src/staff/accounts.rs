//! Graduate accounts, for every staff member: a search by name, katakana, mail address or
//! birth date, pages, and for an account that has not logged in yet a new initial password
//! (the first one expired unused, or its mail was lost), confirmed first. An address that
//! failed logins locked shows the lock and its end; administrators may lift it. The search
//! lives in the address, like the queue's.

use cis_shared::staff::{AccountPage, AccountState, AccountSummary};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::queue::encode;
use super::{local_time, use_staff, ConfirmDialog, Pager, SearchField, StaffFrame};
use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, ProblemBanner, Submit};
use crate::i18n::use_i18n;

const PER_PAGE: u64 = 20;

/// What staff may do to an account from this screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    IssueInitialPassword,
    LiftLoginLock,
}

impl Operation {
    fn request(self, id: i64) -> (Method, String) {
        match self {
            Operation::IssueInitialPassword => (Method::POST, format!("/api/v1/staff/accounts/{id}/initial-password")),
            Operation::LiftLoginLock => (Method::DELETE, format!("/api/v1/staff/accounts/{id}/login-lock")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct AccountFilter {
    q: String,
    page: u64,
}

impl AccountFilter {
    fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.trim().is_empty() {
            parts.push(format!("q={}", encode(self.q.trim())));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }

    fn api_path(&self) -> String {
        let mut path = format!("/api/v1/staff/accounts?per_page={PER_PAGE}&page={}", self.page);
        if !self.q.trim().is_empty() {
            path.push_str(&format!("&q={}", encode(self.q.trim())));
        }
        path
    }
}

/// A page of accounts, once the session is known.
type AccountList = LocalResource<Option<Result<AccountPage, ApiFailure>>>;
/// An operation chosen on an account, or done to it.
type Chosen = RwSignal<Option<(Operation, AccountSummary)>>;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let query = use_query_map();
    let navigate = use_navigate();

    let filter = Memo::new(move |_| {
        query.with(|q| AccountFilter {
            q: q.get("q").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        })
    });
    let go = Callback::new(move |f: AccountFilter| {
        let query = f.to_query();
        let path = if query.is_empty() { "/staff/accounts".to_owned() } else { format!("/staff/accounts?{query}") };
        navigate(&path, NavigateOptions::default());
    });

    let list: AccountList = LocalResource::new(move || {
        let path = filter.get().api_path();
        let locale = untrack(|| i18n.locale());
        async move {
            if !session.logged_in() {
                return None;
            }
            Some(session.get::<AccountPage>(&path, locale).await)
        }
    });

    // An operation on an account: waiting for confirmation, then the one done.
    let pending: Chosen = RwSignal::new(None);
    let done: Chosen = RwSignal::new(None);
    let confirm: Submit<(Operation, AccountSummary), ()> =
        Action::new_local(move |account: &(Operation, AccountSummary)| {
            let (account, locale) = (account.clone(), i18n.locale());
            async move {
                let (method, path) = account.0.request(account.1.id);
                let result = session.call_no_content::<()>(method, &path, None, locale).await;
                if result.is_ok() {
                    pending.set(None);
                    done.set(Some(account));
                    list.refetch();
                }
                result
            }
        });

    view! {
        <StaffFrame title=Signal::derive(move || i18n.staff().accounts_title)>
            <DoneNotice done/>
            <AccountSearch filter go/>
            <section class="card"><AccountTable list filter go pending/></section>
            <OperationDialog pending confirm/>
        </StaffFrame>
    }
}

/// What the last operation did.
#[component]
fn DoneNotice(done: Chosen) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        done.get().map(|(operation, account)| {
            let s = i18n.staff();
            let text = match operation {
                Operation::IssueInitialPassword => (s.done_issue_initial_password)(&account.email),
                Operation::LiftLoginLock => (s.done_lift_login_lock)(&account.email),
            };
            view! { <p class="notice ok" role="status" id="done">{text}</p> }
        })
    }
}

/// The search box; a search starts again at the first page.
#[component]
fn AccountSearch(filter: Memo<AccountFilter>, go: Callback<AccountFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let search = RwSignal::new(filter.get_untracked().q);
    Effect::new(move |_| search.set(filter.get().q));
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        go.run(AccountFilter { q: search.get_untracked(), page: 1 });
    };
    view! {
        <form class="card filters" on:submit=on_search>
            <SearchField value=search hint=Signal::derive(move || s().accounts_search_hint)/>
        </form>
    }
}

/// The page of accounts found, and the pager.
#[component]
fn AccountTable(
    list: AccountList,
    filter: Memo<AccountFilter>,
    go: Callback<AccountFilter>,
    pending: Chosen,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let s = i18n.staff();
        match list.get().flatten() {
            None => view! { <p class="loading">{s.loading}</p> }.into_any(),
            Some(Err(failure)) => {
                view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any()
            }
            Some(Ok(page)) if page.items.is_empty() => {
                view! { <p class="empty" id="no-accounts">{s.no_accounts}</p> }.into_any()
            }
            Some(Ok(page)) => {
                let current = page.page;
                view! {
                    <div class="table-scroll">
                        <table class="staff-table" id="accounts">
                            <thead>
                                <tr>
                                    <th>{s.name}</th>
                                    <th>{s.mail_address}</th>
                                    <th>{s.birth_date}</th>
                                    <th>{s.state}</th>
                                    <th>{s.created_at}</th>
                                    <th>{s.operations}</th>
                                </tr>
                            </thead>
                            <tbody>{page.items.into_iter().map(|account| view! { <AccountRow account pending/> }).collect_view()}</tbody>
                        </table>
                    </div>
                    <Pager total=page.total page=current per_page=page.per_page
                        on_page=Callback::new(move |p| go.run(AccountFilter { page: p, ..filter.get_untracked() }))/>
                }
                .into_any()
            }
        }
    }
}

/// The operation chosen, to confirm or cancel.
#[component]
fn OperationDialog(pending: Chosen, confirm: Submit<(Operation, AccountSummary), ()>) -> impl IntoView {
    let i18n = use_i18n();
    // The dialog's banner: the last refusal of the operation it shows, not an earlier one's.
    let shown = RwSignal::new(0usize);
    Effect::new(move |_| {
        if pending.get().is_some() {
            shown.set(confirm.version().get_untracked());
        }
    });
    let failure =
        Signal::derive(move || (confirm.version().get() > shown.get()).then(|| failure_of(confirm).get()).flatten());
    move || {
        pending.get().map(|(operation, account)| {
            let s = i18n.staff();
            let (title, message) = match operation {
                Operation::IssueInitialPassword => {
                    (s.issue_initial_password, (s.confirm_issue_initial_password)(&account.name, &account.email))
                }
                Operation::LiftLoginLock => {
                    (s.lift_login_lock, (s.confirm_lift_login_lock)(&account.name, &account.email))
                }
            };
            view! {
                <ConfirmDialog
                    title=Signal::stored(title)
                    message=Signal::stored(message)
                    action=Signal::stored(title)
                    busy=confirm.pending().into()
                    failure
                    on_confirm=Callback::new(move |_| { confirm.dispatch((operation, account.clone())); })
                    on_cancel=Callback::new(move |_| pending.set(None))
                />
            }
        })
    }
}

/// One account, with the operations staff may do to it.
#[component]
fn AccountRow(account: AccountSummary, pending: Chosen) -> impl IntoView {
    let i18n = use_i18n();
    let s = i18n.staff();
    let session = use_staff();
    let a = account;
    let awaiting = a.state == AccountState::AwaitingFirstLogin;
    let (reissue, lift) = (a.clone(), a.clone());
    let may_lift = a.login_locked_until.is_some() && session.is_administrator();
    let lock = a.login_locked_until.as_deref().map(|until| {
        let text = (s.login_locked_until)(&local_time(until, i18n.locale()));
        view! { <span class="state state-locked login-lock">{text}</span> }
    });
    view! {
        <tr class="account-row" data-email=a.email.clone() data-state=a.state.as_str()>
            <td>
                {a.name.clone()}
                <span class="kana">{a.name_kana.clone()}</span>
            </td>
            <td class="break">{a.email.clone()}</td>
            <td class="nowrap">{a.birth_date.replace('-', "/")}</td>
            <td>
                <span class=format!("state state-{}", a.state.as_str())>{s.account_state(a.state)}</span>
                {lock}
            </td>
            <td class="nowrap">{local_time(&a.created_at, i18n.locale())}</td>
            <td>
                <div class="operations">
                    {awaiting.then(|| view! {
                        <button type="button" class="small secondary issue-initial-password"
                            on:click=move |_| pending.set(Some((Operation::IssueInitialPassword, reissue.clone())))>
                            {s.issue_initial_password}
                        </button>
                    })}
                    {may_lift.then(|| view! {
                        <button type="button" class="small secondary lift-login-lock"
                            on:click=move |_| pending.set(Some((Operation::LiftLoginLock, lift.clone())))>
                            {s.lift_login_lock}
                        </button>
                    })}
                </div>
            </td>
        </tr>
    }
}
