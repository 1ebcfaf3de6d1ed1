//! The staff area under `/staff`: login, the review queue, an application with its
//! documents and the decision, graduate accounts (a new initial password for one that has
//! not logged in yet), certificate orders (the fulfilment queue, payments, holds, printing
//! and shipment, the issued copies and their revocation), printing at the counter, the
//! academic records import, and for administrators the staff members, the audit log, the
//! catalogue, the print stations and the undelivered mail.
//!
//! The staff token lives in memory and in sessionStorage, so a reload keeps the member
//! logged in while closing the tab forgets it. Any answer 401 forgets the token and goes
//! back to the login screen with a message.

mod accounts;
mod application;
mod audit;
mod catalog;
mod copies;
mod counter;
mod imports;
mod login;
mod mail;
mod order;
mod order_texts;
mod orders;
mod prepared;
mod printing_texts;
mod queue;
mod records;
mod seal;
mod stations;
mod texts;
mod upload;
mod users;

use cis_shared::staff::{StaffRole, StaffUser};
use cis_shared::Locale;
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::{self, ApiFailure, Method};
pub use crate::components::local_time;
use crate::components::{LangSelect, ProblemBanner};
use crate::i18n::use_i18n;
use crate::pages::not_found::NotFoundPage;

/// The staff area's application: the routes below `/staff`.
#[component]
pub fn StaffApp() -> impl IntoView {
    crate::i18n::provide_i18n();
    crate::components::provide_university();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <ParentRoute path=path!("/staff") view=StaffArea>
                    <Route path=path!("") view=queue::QueuePage/>
                    <Route path=path!("login") view=login::StaffLoginPage/>
                    <Route path=path!("applications/:id") view=application::ApplicationReviewPage/>
                    <Route path=path!("accounts") view=accounts::AccountsPage/>
                    <Route path=path!("orders") view=orders::OrdersPage/>
                    <Route path=path!("orders/:number") view=order::StaffOrderPage/>
                    <Route path=path!("users") view=users::StaffUsersPage/>
                    <Route path=path!("audit") view=audit::AuditPage/>
                    <Route path=path!("catalog") view=catalog::CatalogPage/>
                    <Route path=path!("counter") view=counter::CounterPage/>
                    <Route path=path!("print-stations") view=stations::StationsPage/>
                    <Route path=path!("academic-records") view=imports::ImportPage/>
                    <Route path=path!("mail") view=mail::UndeliveredMailPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

const TOKEN_KEY: &str = "cis.staff_token";
pub const LOGIN_PATH: &str = "/staff/login";

/// Why the login screen is shown again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Farewell {
    Expired,
    LoggedOut,
}

/// The logged-in staff member: the token, who they are, and the way out.
#[derive(Clone, Copy)]
pub struct StaffSession {
    token: RwSignal<Option<String>>,
    me: LocalResource<Option<StaffUser>>,
    farewell: RwSignal<Option<Farewell>>,
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

impl StaffSession {
    fn provide() -> StaffSession {
        let token = RwSignal::new(session_storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten()));
        let farewell = RwSignal::new(None);
        let token_signal = token;
        let me = LocalResource::new(move || {
            let token = token.get();
            async move {
                let token = token?;
                let me = api::call::<(), StaffUser>(Method::GET, "/api/v1/staff/me", None, Some(&token), Locale::Ja);
                watch(token_signal, farewell, me.await).ok()
            }
        });
        let session = StaffSession { token, me, farewell };
        provide_context(session);
        session
    }

    pub fn token(&self) -> Option<String> {
        self.token.get_untracked()
    }

    pub fn logged_in(&self) -> bool {
        self.token.with(Option::is_some)
    }

    /// The member, once `GET /staff/me` has answered.
    pub fn me(&self) -> Option<StaffUser> {
        self.me.get().flatten()
    }

    pub fn is_administrator(&self) -> bool {
        self.me().is_some_and(|m| m.role == StaffRole::Administrator)
    }

    pub fn farewell(&self) -> Option<Farewell> {
        self.farewell.get()
    }

    pub fn log_in(&self, token: String) {
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(TOKEN_KEY, &token);
        }
        self.farewell.set(None);
        self.token.set(Some(token));
    }

    /// Ends the member's tokens on the server (`POST /staff/logout`), then forgets the token
    /// here whatever the answer: leaving must always work.
    pub fn log_out(&self) {
        let (token, farewell) = (self.token, self.farewell);
        let bearer = self.token();
        leptos::task::spawn_local(async move {
            let _ =
                api::call_no_content::<()>(Method::POST, "/api/v1/staff/logout", None, bearer.as_deref(), Locale::Ja)
                    .await;
            forget(token, farewell, Farewell::LoggedOut);
        });
    }

    /// A call with the staff token; a 401 ends the session.
    pub async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        locale: Locale,
    ) -> Result<T, ApiFailure> {
        let token = self.token();
        let result = api::call(method, path, body, token.as_deref(), locale).await;
        watch(self.token, self.farewell, result)
    }

    /// A POST sent with an `Idempotency-Key` (recording a payment): sent again, it is
    /// answered as the first time, never done twice.
    pub async fn call_once<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        locale: Locale,
        key: &str,
    ) -> Result<T, ApiFailure> {
        let token = self.token();
        let result = api::call_once(Method::POST, path, Some(body), token.as_deref(), (locale, key)).await;
        watch(self.token, self.farewell, result)
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str, locale: Locale) -> Result<T, ApiFailure> {
        self.call::<(), T>(Method::GET, path, None, locale).await
    }

    /// [`StaffSession::call`] for answers without a body.
    pub async fn call_no_content<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        locale: Locale,
    ) -> Result<(), ApiFailure> {
        let token = self.token();
        let result = api::call_no_content(method, path, body, token.as_deref(), locale).await;
        watch(self.token, self.farewell, result)
    }

    /// An identity document image as a `blob:` URL (the SPA's CSP allows `img-src blob:`).
    pub async fn document_url(&self, id: i64, content_type: &str, locale: Locale) -> Result<String, ApiFailure> {
        self.blob_url(&format!("/api/v1/staff/documents/{id}"), content_type, locale).await
    }

    /// A file served to staff only (an identity document image, a certificate's PDF) as a
    /// `blob:` URL: neither an `<img>` nor a link can send the bearer header, so the file is
    /// fetched and handed over as an object URL. Revoke it with [`revoke_object_url`] when done.
    pub async fn blob_url(&self, path: &str, content_type: &str, locale: Locale) -> Result<String, ApiFailure> {
        let token = self.token().unwrap_or_default();
        let response = gloo_net::http::Request::get(path)
            .header("Accept-Language", locale.tag())
            .header("Authorization", &format!("Bearer {token}"))
            .send()
            .await
            .map_err(|_| ApiFailure::Network)?;
        if !response.ok() {
            let failure = match response.json::<cis_shared::Problem>().await {
                Ok(problem) => ApiFailure::Problem(problem),
                Err(_) => ApiFailure::Network,
            };
            return watch(self.token, self.farewell, Err(failure));
        }
        let bytes = response.binary().await.map_err(|_| ApiFailure::Network)?;
        crate::api::object_url::of_bytes(&bytes, content_type).map_err(|_| ApiFailure::Network)
    }

    /// A file POSTed as the one part `file` of a multipart form (a CSV import).
    pub async fn post_file<T: DeserializeOwned>(
        &self,
        path: &str,
        file: &web_sys::File,
        locale: Locale,
    ) -> Result<T, ApiFailure> {
        let token = self.token();
        let result = api::post_file(path, file, token.as_deref(), locale).await;
        watch(self.token, self.farewell, result)
    }
}

pub use crate::api::object_url::revoke as revoke_object_url;

fn forget(token: RwSignal<Option<String>>, farewell: RwSignal<Option<Farewell>>, why: Farewell) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(TOKEN_KEY);
    }
    farewell.set(Some(why));
    token.set(None);
}

/// The one place a 401 is handled in the staff area: every answer passes here, and a 401
/// forgets the token, which takes the member to the login screen saying the session ended.
fn watch<T>(
    token: RwSignal<Option<String>>,
    farewell: RwSignal<Option<Farewell>>,
    result: Result<T, ApiFailure>,
) -> Result<T, ApiFailure> {
    if let Err(failure) = &result {
        if failure.unauthorized().is_some() {
            forget(token, farewell, Farewell::Expired);
        }
    }
    result
}

pub fn use_staff() -> StaffSession {
    expect_context::<StaffSession>()
}

/// The parent of every staff screen: holds the session, and sends a member without a
/// token to the login screen.
#[component]
fn StaffArea() -> impl IntoView {
    let session = StaffSession::provide();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if !session.logged_in() && location.pathname.get() != LOGIN_PATH {
            navigate(LOGIN_PATH, NavigateOptions { replace: true, ..Default::default() });
        }
    });
    view! { <div class="staff"><Outlet/></div> }
}

/// A staff screen: the header with the member, the menu (Queue, Accounts, Orders, Counter
/// and Records import for every member; Staff, Audit log, Catalogue, Print stations and
/// Undelivered mail for administrators only), LANG and Logout; then the content.
#[component]
pub fn StaffFrame(title: Signal<&'static str>, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let s = move || i18n.staff();
    let location = use_location();
    let current = move |prefix: &'static str| {
        let path = location.pathname.get();
        if prefix == "/staff" {
            path == "/staff" || path.starts_with("/staff/applications")
        } else {
            path.starts_with(prefix)
        }
    };
    let who = move || {
        session.me().map(|me| {
            view! {
                <span class="staff-user">
                    <span id="staff-name">{me.display_name.clone()}</span>
                    <span class="staff-role" id="staff-role">{move || s().role_name(me.role)}</span>
                </span>
            }
        })
    };
    view! {
        <header class="topbar staff-topbar">
            <div class="brand">
                <span class="university">{move || s().area}</span>
                <h1 class="screen-title">{title}</h1>
            </div>
            <nav class="staff-nav" aria-label="staff">
                <A href="/staff" attr:id="nav-queue" attr:class=move || nav_class(current("/staff"))>
                    {move || s().nav_queue}
                </A>
                <A href="/staff/accounts" attr:id="nav-accounts" attr:class=move || nav_class(current("/staff/accounts"))>
                    {move || s().nav_accounts}
                </A>
                <A href="/staff/orders" attr:id="nav-orders" attr:class=move || nav_class(current("/staff/orders"))>
                    {move || i18n.staff_orders().nav_orders}
                </A>
                <A href="/staff/counter" attr:id="nav-counter" attr:class=move || nav_class(current("/staff/counter"))>
                    {move || i18n.printing().nav_counter}
                </A>
                <A href="/staff/academic-records" attr:id="nav-import" attr:class=move || nav_class(current("/staff/academic-records"))>
                    {move || i18n.printing().nav_import}
                </A>
                <Show when=move || session.is_administrator()>
                    <A href="/staff/users" attr:id="nav-users" attr:class=move || nav_class(current("/staff/users"))>
                        {move || s().nav_users}
                    </A>
                    <A href="/staff/audit" attr:id="nav-audit" attr:class=move || nav_class(current("/staff/audit"))>
                        {move || s().nav_audit}
                    </A>
                    <A href="/staff/catalog" attr:id="nav-catalog" attr:class=move || nav_class(current("/staff/catalog"))>
                        {move || i18n.catalog().nav}
                    </A>
                    <A href="/staff/print-stations" attr:id="nav-stations" attr:class=move || nav_class(current("/staff/print-stations"))>
                        {move || i18n.printing().nav_stations}
                    </A>
                    <A href="/staff/mail" attr:id="nav-mail" attr:class=move || nav_class(current("/staff/mail"))>
                        {move || i18n.mail().nav}
                    </A>
                </Show>
            </nav>
            <div class="staff-session">
                {who}
                <LangSelect/>
                <button type="button" class="logout" id="logout" on:click=move |_| session.log_out()>
                    {move || s().logout}
                </button>
            </div>
        </header>
        <main class="content staff-content">{children()}</main>
    }
}

fn nav_class(current: bool) -> &'static str {
    if current {
        "current"
    } else {
        ""
    }
}

/// The free-text search of a staff list: label, box and button, in the list's form.
#[component]
pub fn SearchField(value: RwSignal<String>, hint: Signal<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field grow">
            <label for="search">{move || i18n.staff().search}</label>
            <div class="search-row">
                <input id="search" type="search" placeholder=hint bind:value=value/>
                <button type="submit" class="secondary" id="search-button">{move || i18n.staff().search_button}</button>
            </div>
        </div>
    }
}

/// Previous / Page n of m / Next.
#[component]
pub fn Pager(total: u64, page: u64, per_page: u64, on_page: Callback<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let pages = total.div_ceil(per_page.max(1)).max(1);
    view! {
        <nav class="pager" aria-label="pages">
            <span class="count" id="count">{move || (i18n.staff().count)(total)}</span>
            <button type="button" class="secondary" id="previous-page" disabled={page <= 1}
                on:click=move |_| on_page.run(page - 1)>{move || i18n.staff().previous}</button>
            <span id="page">{move || (i18n.staff().page_of)(page, pages)}</span>
            <button type="button" class="secondary" id="next-page" disabled={page >= pages}
                on:click=move |_| on_page.run(page + 1)>{move || i18n.staff().next}</button>
        </nav>
    }
}

/// A modal dialog over the screen, closed with its Cancel button or Escape.
#[component]
pub fn Dialog(
    id: &'static str,
    title: Signal<&'static str>,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <div class="dialog-backdrop" on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=labelled_by id=id>
                <h2 id=title_id>{title}</h2>
                {children()}
            </div>
        </div>
    }
}

/// A question with Cancel and a button that does it.
#[component]
pub fn ConfirmDialog(
    title: Signal<&'static str>,
    message: Signal<String>,
    action: Signal<&'static str>,
    busy: Signal<bool>,
    failure: Signal<Option<ApiFailure>>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Dialog id="confirm-dialog" title on_close=on_cancel>
            <p id="confirm-message">{message}</p>
            <ProblemBanner failure id="confirm-problem"/>
            <div class="actions">
                <button type="button" class="secondary" id="confirm-cancel" on:click=move |_| on_cancel.run(())>
                    {move || i18n.staff().cancel}
                </button>
                <button type="button" class="primary" id="confirm-ok" disabled=busy on:click=move |_| on_confirm.run(())>
                    {action}
                </button>
            </div>
        </Dialog>
    }
}
