//! The Certificate Issuance Service in the browser: graduates' screens of the manual and
//! the staff area, rendered client-side (Leptos CSR), talking to the API.

mod api;
mod components;
mod i18n;
mod menu;
mod pages;
mod session;
mod staff;

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

#[component]
fn App() -> impl IntoView {
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
                <staff::StaffRoutes/>
            </Routes>
        </Router>
    }
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
