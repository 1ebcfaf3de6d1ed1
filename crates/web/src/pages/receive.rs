//! The recipient's page of a digital delivery (issue 11), at `/receive#<token>`, without
//! login: who sends which certificates from which university, until when the link works,
//! and per certificate a button for its PDF and one for its Verifiable Credential. The
//! token is in the fragment, so it never reaches a server log; it is sent in request bodies.

use cis_shared::delivery::{
    token_well_formed, DeliveredDocument, DeliveryToken, DownloadFormat, DownloadRequest, ReceivedDelivery,
};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{failure_of, local_time, Layout, ProblemBanner, Submit};
use crate::i18n::use_i18n;

#[component]
pub fn ReceivePage() -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.delivery();
    let hash = window().location().hash().unwrap_or_default();
    let token = hash.trim_start_matches('#').to_owned();
    let well_formed = token_well_formed(&token);
    let opened = LocalResource::new({
        let token = token.clone();
        move || {
            let (token, locale) = (token.clone(), i18n.locale());
            async move {
                match well_formed {
                    true => {
                        api::post::<_, ReceivedDelivery>("/api/v1/deliveries/open", &DeliveryToken { token }, locale)
                            .await
                    }
                    false => Err(ApiFailure::Network),
                }
            }
        }
    });
    let body = move || {
        if !well_formed {
            return Some(view! { <p class="banner" role="alert" id="link-invalid">{d().link_invalid}</p> }.into_any());
        }
        match opened.get()? {
            Ok(delivery) => Some(view! { <Delivery delivery token=token.clone()/> }.into_any()),
            Err(failure) => Some(view! { <ProblemBanner failure=Some(failure)/> }.into_any()),
        }
    };
    view! {
        <Layout title=Signal::derive(move || d().receive_title)>
            {move || (well_formed && opened.get().is_none()).then(|| view! { <p class="card">{i18n.r().loading}</p> })}
            {body}
            <p class="verify-intro">{move || d().verify_note}" "<a href="/verify" id="to-verify">{move || d().verify_link}</a></p>
        </Layout>
    }
}

#[component]
fn Delivery(delivery: ReceivedDelivery, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.delivery();
    let (holder, university) = (delivery.holder_name.clone(), delivery.university.clone());
    let intro = move || (d().receive_intro)(&holder, university.get(i18n.locale()));
    let r = &delivery.recipient;
    let to = match r.organisation.is_empty() {
        true => r.name.clone(),
        false => format!("{} ({})", r.name, r.organisation),
    };
    let expires = delivery.expires_at.clone();
    let documents = delivery
        .documents
        .into_iter()
        .map(|document| view! { <Document document token=token.clone()/> })
        .collect_view();
    view! {
        <section class="card" id="delivery">
            <p id="delivery-intro">{intro}</p>
            <dl class="confirm">
                <dt>{move || d().to}</dt><dd id="delivery-to">{to}</dd>
                <dt>{move || d().link_until}</dt><dd id="delivery-until">{move || local_time(&expires, i18n.locale())}</dd>
            </dl>
        </section>
        {documents}
        <p class="section-note">{move || d().credential_note}</p>
    }
}

/// One certificate with its two downloads.
#[component]
fn Document(document: DeliveredDocument, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.delivery();
    let copy_id = document.copy_id;
    let code = document.verification_code.clone();
    let download: Submit<DownloadFormat, ()> = Action::new_local(move |format: &DownloadFormat| {
        let (format, locale) = (*format, i18n.locale());
        let request = DownloadRequest { token: token.clone(), copy_id, format };
        let compact = code.replace('-', "");
        let file_name = match format {
            DownloadFormat::Pdf => format!("certificate-{compact}.pdf"),
            DownloadFormat::Credential => format!("certificate-{compact}.jwt"),
        };
        async move { api::save_download("/api/v1/deliveries/download", &request, None, (locale, &file_name)).await }
    });
    let done = move || {
        download
            .value()
            .get()
            .and_then(Result::ok)
            .map(|_| view! { <p class="notice" role="status">{move || d().downloaded}</p> })
    };
    view! {
        <section class="card document" data-copy=copy_id>
            <h2 class="document-title">{document.title}</h2>
            <dl class="confirm">
                <dt>{move || d().issued_on}</dt><dd class="issued-on">{document.issued_on.replace('-', "/")}</dd>
                <dt>{move || d().verification_code}</dt><dd class="verification-code">{document.verification_code}</dd>
            </dl>
            <div class="actions">
                <button type="button" class="primary download-pdf" disabled=move || download.pending().get()
                    on:click=move |_| { download.dispatch_local(DownloadFormat::Pdf); }>{move || d().download_pdf}</button>
                <button type="button" class="secondary download-credential" disabled=move || download.pending().get()
                    on:click=move |_| { download.dispatch_local(DownloadFormat::Credential); }>{move || d().download_credential}</button>
            </div>
            {done}
            <ProblemBanner failure=failure_of(download)/>
        </section>
    }
}
