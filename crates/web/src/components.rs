//! The manual's recurring pieces: the screen frame with the university header and the
//! LANG pull-down, the Note box, a labelled field with its error.

use cis_shared::catalog::University;
use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::i18n::use_i18n;

/// The university, fetched once for every screen's header.
#[derive(Clone, Copy)]
pub struct UniversityInfo(pub LocalResource<Result<University, ApiFailure>>);

pub fn provide_university() {
    provide_context(UniversityInfo(LocalResource::new(|| api::university(Locale::Ja))));
}

/// A screen: "The University" and the screen's title in the header, the LANG pull-down,
/// then the screen's content.
#[component]
pub fn Layout(title: Signal<&'static str>, children: Children) -> impl IntoView {
    view! { <Frame title=title corner=view! { <LangSelect/> }.into_any()>{children()}</Frame> }
}

/// The frame every screen shares: the university and the screen's title, `corner` at the
/// header's right (the LANG pull-down, or the ⚙ menu after login), a banner when the API
/// cannot be reached, then the content.
#[component]
pub fn Frame(title: Signal<&'static str>, corner: AnyView, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let university = expect_context::<UniversityInfo>().0;
    let university_name = move || match university.get() {
        Some(Ok(u)) => u.name.get(i18n.locale()).to_owned(),
        Some(Err(_)) => String::new(),
        None => i18n.t().university_loading.to_owned(),
    };
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="university">{university_name}</span>
                <h1 class="screen-title">{title}</h1>
            </div>
            {corner}
        </header>
        <main class="content">
            {move || matches!(university.get(), Some(Err(ApiFailure::Network)))
                .then(|| view! { <p class="banner" role="alert">{i18n.t().network_error}</p> })}
            {children()}
        </main>
    }
}

/// "LANG:日本語" (manual 2.5).
#[component]
pub fn LangSelect() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="lang">
            <span>{move || i18n.t().lang_label}":"</span>
            <select
                id="lang"
                on:change=move |ev| {
                    if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
                        i18n.set(locale);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|l| view! {
                        <option value=l.tag() prop:selected=move || i18n.locale() == l>{l.native_name()}</option>
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The Note box: "!Be sure to read the Notes." and the points of the screen.
#[component]
pub fn NoteBox(points: Signal<Vec<&'static str>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="note">
            <h2>{move || i18n.t().note}</h2>
            <p class="must-read">{move || i18n.t().note_must_read}</p>
            <ul>{move || points.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
        </section>
    }
}

/// A label, its input (the children), and the translated error under it.
#[component]
pub fn Field(
    id: &'static str,
    label: Signal<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<ErrorCode>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="required">{move || i18n.t().required}</span> })}
            </label>
            {children()}
            <p class="error" id=error_id role="alert">
                {move || error.get().map(|code| code.message(i18n.locale()))}
            </p>
        </div>
    }
}

/// A padlock drawn inline, in front of a password field: an emoji would show as an empty
/// box where no emoji font is installed.
#[component]
pub fn LockIcon() -> impl IntoView {
    view! {
        <svg class="input-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6"/>
            <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor"/>
        </svg>
    }
}

/// The text of a failed call: the problem's title, or the network message.
#[component]
pub fn ProblemBanner(failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        failure.get().map(|f| {
            let text = match f {
                ApiFailure::Problem(p) => p.text(i18n.locale()),
                ApiFailure::Network => i18n.t().network_error.to_owned(),
            };
            view! { <p class="banner" role="alert" id="problem">{text}</p> }
        })
    }
}
