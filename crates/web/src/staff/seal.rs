//! The university's seal, on the catalogue screen (issue 11): the image certificates print
//! (or the generated seal), an upload that replaces it, and the way back to the generated
//! one. Administrators only, as the catalogue screen is.

use cis_shared::Locale;
use leptos::prelude::*;

use super::upload::chosen_file;
use super::use_staff;
use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, ProblemBanner, Submit};
use crate::i18n::{use_i18n, I18n};

const SEAL: &str = "/api/v1/staff/university/seal";

pub struct SealTexts {
    pub title: &'static str,
    pub generated: &'static str,
    pub rule: &'static str,
    pub upload: &'static str,
    pub remove: &'static str,
}

const JA: SealTexts = SealTexts {
    title: "大学の印影",
    generated: "画像はありません。証明書には自動生成の印影を印刷します。",
    rule: "PNG形式、2MBまで、一辺100〜2,000ピクセルのほぼ正方形。これから発行する証明書に印刷します（発行済みの証明書は変わりません）。",
    upload: "印影を登録",
    remove: "自動生成の印影に戻す",
};

const EN: SealTexts = SealTexts {
    title: "The university's seal",
    generated: "No image: certificates print the generated seal.",
    rule: "PNG, up to 2 MB, nearly square, 100 to 2,000 pixels a side. Certificates issued from now on print it (those issued before stay as they are).",
    upload: "Upload the seal",
    remove: "Return to the generated seal",
};

impl I18n {
    pub fn seal(&self) -> &'static SealTexts {
        match self.locale() {
            Locale::Ja => &JA,
            Locale::En => &EN,
        }
    }
}

/// What is done to the seal.
#[derive(Clone, Copy)]
enum Change {
    Upload,
    Remove,
}

#[component]
pub fn SealSection() -> impl IntoView {
    let (i18n, session) = (use_i18n(), use_staff());
    let reload = RwSignal::new(0u32);
    let image = LocalResource::new(move || {
        reload.track();
        let locale = untrack(|| i18n.locale());
        async move { session.image_url(SEAL, "image/png", locale).await }
    });
    let chosen = RwSignal::new(false);
    let change: Submit<Change, Option<()>> = Action::new_local(move |change: &Change| {
        let (change, locale) = (*change, i18n.locale());
        async move {
            let answer = match change {
                Change::Upload => match chosen_file("seal-file") {
                    Some(file) => session.send_file::<()>(Method::PUT, SEAL, &file, locale).await,
                    None => Ok(None),
                },
                Change::Remove => session.call_no_content::<()>(Method::DELETE, SEAL, None, locale).await.map(Some),
            };
            if answer.is_ok() {
                reload.update(|n| *n += 1);
            }
            answer
        }
    });
    let current = move || match image.get()? {
        Ok(Some(url)) => {
            Some(view! { <img class="seal" id="seal-image" src=url alt="" width="96" height="96"/> }.into_any())
        }
        Ok(None) => Some(view! { <p id="seal-generated">{i18n.seal().generated}</p> }.into_any()),
        Err(failure) => Some(
            view! { <ProblemBanner failure=Signal::stored(Some::<ApiFailure>(failure)) id="seal-load-problem"/> }
                .into_any(),
        ),
    };
    let busy = move || change.pending().get();
    view! {
        <section class="card" id="seal">
            <h2>{move || i18n.seal().title}</h2>
            <Transition>{current}</Transition>
            <p class="note">{move || i18n.seal().rule}</p>
            <ProblemBanner failure=failure_of(change) id="seal-problem"/>
            <input type="file" accept="image/png" id="seal-file" on:change=move |_| chosen.set(true)/>
            <button type="button" class="primary" id="upload-seal" disabled=move || !chosen.get() || busy()
                on:click=move |_| { change.dispatch(Change::Upload); }>{move || i18n.seal().upload}</button>
            <button type="button" class="secondary" id="remove-seal" disabled=busy
                on:click=move |_| { change.dispatch(Change::Remove); }>{move || i18n.seal().remove}</button>
        </section>
    }
}
