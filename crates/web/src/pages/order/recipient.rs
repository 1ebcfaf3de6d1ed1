//! A digital delivery's recipient (issue 11): the person the certificates are for, their
//! organisation and mail address, and the payment method when there is a choice. The
//! recipient gets a link valid three months once the order is paid.

use leptos::prelude::*;

use super::delivery::{DeliveryField, PaymentChoice};
use super::OrderState;
use crate::i18n::use_i18n;

#[component]
pub fn RecipientForm(
    on_back: impl Fn() + Send + Sync + 'static,
    on_check: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let (o, d) = (i18n.orders(), i18n.delivery());
    let state = expect_context::<OrderState>();
    let offered = move || state.options.with(|o| o.as_ref().is_none_or(|o| !o.payment_methods.is_empty()));
    view! {
        <form class="card order-delivery" novalidate on:submit=move |ev| { ev.prevent_default(); on_check(); }>
            <h2>{d.recipient_section}</h2>
            <p class="section-note">{d.recipient_note}</p>
            {move || (!offered()).then(|| view! { <p class="banner" role="alert" id="digital-not-offered">{d.not_offered}</p> })}
            <DeliveryField id="recipient-name" pointer="/recipient/name".into() label=d.name.to_owned() required=true
                get=|r| r.to.name.clone() set=|r, v| r.to.name = v/>
            <DeliveryField id="recipient-organisation" pointer="/recipient/organisation".into() label=d.organisation.to_owned()
                get=|r| r.to.organisation.clone() set=|r, v| r.to.organisation = v/>
            <DeliveryField id="recipient-email" pointer="/recipient/email".into() label=d.email.to_owned() required=true
                get=|r| r.to.email.clone() set=|r, v| r.to.email = v/>
            <p class="section-note">{d.one_copy_note}</p>
            <PaymentChoice/>
            <div class="actions">
                <button type="button" class="secondary" id="back" on:click=move |_| on_back()>{o.back}</button>
                <button type="submit" class="primary" id="check">{o.check}</button>
            </div>
        </form>
    }
}
