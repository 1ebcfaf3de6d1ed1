//! The Certificate Issuance Service in the browser (Leptos CSR), as two applications that
//! share this library: the graduates' screens of the manual at `/` (`src/bin/graduate.rs`)
//! and the staff area at `/staff` (`src/bin/staff.rs`). Each is its own bundle, so a
//! graduate never downloads the staff area.

pub mod api;
pub mod components;
pub mod i18n;
pub mod menu;
pub mod pages;
pub mod session;
pub mod staff;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use pages::application::ApplicationPage;
use pages::home::TopPage;
use pages::login::LoginPage;
use pages::not_found::NotFoundPage;
use pages::password_setting::PasswordSettingPage;
use pages::register::MailAddressPage;
use pages::resubmit::ResubmissionPage;

/// The graduates' application: every route outside `/staff`.
#[component]
pub fn GraduateApp() -> impl IntoView {
    i18n::provide_i18n();
    components::provide_university();
    session::provide_session();
    view! {
        <Router>
            <session::SessionWatch/>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/") view=LoginPage/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/register") view=MailAddressPage/>
                <Route path=path!("/register/:token") view=ApplicationPage/>
                <Route path=path!("/password/setting") view=PasswordSettingPage/>
                <Route path=path!("/home") view=TopPage/>
                <Route path=path!("/resubmit/:token") view=ResubmissionPage/>
            </Routes>
        </Router>
    }
}

/// The staff area's application: the routes below `/staff`.
#[component]
pub fn StaffApp() -> impl IntoView {
    i18n::provide_i18n();
    components::provide_university();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <staff::StaffRoutes/>
            </Routes>
        </Router>
    }
}

/// Starts an application in the page's body.
pub fn start<V: IntoView + 'static>(app: fn() -> V) {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app);
}
