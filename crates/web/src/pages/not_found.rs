//! A client route that does not exist.

use leptos::prelude::*;

use crate::components::Layout;
use crate::i18n::use_i18n;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Layout title=Signal::derive(move || i18n.t().not_found_title)>
            <section class="card">
                <p>{move || i18n.t().not_found_text}</p>
                // A page load, not a client route: the staff area is another application.
                <a href="/" rel="external" class="button secondary">{move || i18n.t().to_login}</a>
            </section>
        </Layout>
    }
}
