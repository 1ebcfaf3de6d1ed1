//! The Certificate Issuance Service in the browser (Leptos CSR), as four applications
//! that share this library, each its own bundle so that nobody downloads screens they will
//! not open: the graduates' screens at `/` (`src/bin/graduate.rs`: login, the first
//! login's credentials, a forgotten password, the top page and its menu), the application
//! for an account under `/register`, `/resubmit` and `/student-id` (`src/bin/applicant.rs`:
//! manual 2.1 steps 1–16, 2.3 steps 7–10, 2.4 (c)), the staff area at `/staff`
//! (`src/bin/staff.rs`), and the public verification of a certificate at `/verify`
//! (`src/bin/verifier.rs`, issue 11: for employers, who open it from a copy's QR code).
//! Links between them are page loads (`rel="external"`).

pub mod api;
pub mod components;
pub mod i18n;
pub mod menu;
pub mod pages;
pub mod secret_form;
pub mod session;
pub mod staff;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use pages::application::ApplicationPage;
use pages::forgot_password::ForgotPasswordPage;
use pages::home::TopPage;
use pages::login::LoginPage;
use pages::login_history::LoginHistoryPage;
use pages::mail_change::MailChangePage;
use pages::mail_change_link::{MailChangeLinkPage, MailChangeUndoPage};
use pages::manual::ManualPage;
use pages::not_found::NotFoundPage;
use pages::order::OrderPage;
use pages::order_detail::OrderDetailPage;
use pages::password_reset::PasswordResetPage;
use pages::password_setting::PasswordSettingPage;
use pages::profile::ProfilePage;
use pages::register::MailAddressPage;
use pages::resubmit::ResubmissionPage;
use pages::secret_change::{PasswordChangePage, SecondPasswordChangePage};
use pages::student_id::StudentIdPage;
use pages::student_id_request::StudentIdRequestPage;
use pages::verify::VerifyPage;

/// The graduates' application: login and what comes after it.
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
                <Route path=path!("/password/setting") view=PasswordSettingPage/>
                <Route path=path!("/password/forgot") view=ForgotPasswordPage/>
                <Route path=path!("/password-reset/:token") view=PasswordResetPage/>
                <Route path=path!("/home") view=TopPage/>
                <Route path=path!("/manual") view=ManualPage/>
                <Route path=path!("/profile") view=ProfilePage/>
                <Route path=path!("/password/change") view=PasswordChangePage/>
                <Route path=path!("/second-password/change") view=SecondPasswordChangePage/>
                <Route path=path!("/mail-change") view=MailChangePage/>
                <Route path=path!("/mail-change/:token") view=MailChangeLinkPage/>
                <Route path=path!("/mail-change-undo/:token") view=MailChangeUndoPage/>
                <Route path=path!("/sessions") view=LoginHistoryPage/>
                <Route path=path!("/add-student-id") view=StudentIdRequestPage/>
                <Route path=path!("/order/:channel") view=OrderPage/>
                <Route path=path!("/orders/:number") view=OrderDetailPage/>
            </Routes>
        </Router>
    }
}

/// The application for an account: the mail address, the form behind the mailed link,
/// and a resubmission; and the form behind an additional student ID link (manual 2.3),
/// which is the same form's student record part.
#[component]
pub fn ApplicantApp() -> impl IntoView {
    i18n::provide_i18n();
    components::provide_university();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/register") view=MailAddressPage/>
                <Route path=path!("/register/:token") view=ApplicationPage/>
                <Route path=path!("/resubmit/:token") view=ResubmissionPage/>
                <Route path=path!("/student-id/:token") view=StudentIdPage/>
            </Routes>
        </Router>
    }
}

/// The public verification of a certificate, and a digital delivery's recipient page
/// (`/receive`): no login, so no router, no session and none of the graduates' screens. A
/// path below `/verify` is no screen.
#[component]
pub fn VerifierApp() -> impl IntoView {
    i18n::provide_i18n();
    components::provide_university();
    let path = window().location().pathname().unwrap_or_default();
    match path.trim_end_matches('/') {
        "/verify" => view! { <VerifyPage/> }.into_any(),
        "/receive" => view! { <pages::receive::ReceivePage/> }.into_any(),
        _ => view! { <NotFoundPage/> }.into_any(),
    }
}

pub use staff::StaffApp;

/// Starts an application in the page's body.
pub fn start<V: IntoView + 'static>(app: fn() -> V) {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app);
}
