//! The manual's recurring pieces: the screen frame with the university header and the
//! LANG pull-down, the Note box, a labelled field with its error.

use cis_shared::catalog::University;
use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiFailure};
use crate::i18n::{use_i18n, I18n};

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

/// The Note box: "!Be sure to read the Notes.", a `lead` line when given ("Set a password
/// according to these rules:"), and the points of the screen.
#[component]
pub fn NoteBox(
    points: Signal<Vec<&'static str>>,
    #[prop(optional, into)] lead: Option<Signal<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="note">
            <h2>{move || i18n.t().note}</h2>
            <p class="must-read">{move || i18n.t().note_must_read}</p>
            {lead.map(|lead| view! { <p class="lead">{lead}</p> })}
            <ul>{move || points.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
        </section>
    }
}

/// A label, its input (the children), and the translated error under it. The control
/// (the element whose id is `id`) is marked `aria-invalid` and described by the error while
/// there is one; the error itself is no live region: a refused submit says it once, by
/// moving the focus (see [`focus_first_invalid`] and the applicant form's error summary).
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
    mark_invalid(id, Signal::derive(move || error.get().is_some()));
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="required">{move || i18n.t().required}</span> })}
            </label>
            {children()}
            <p class="error" id=error_id>
                {move || error.get().map(|code| code.message(i18n.locale()))}
            </p>
        </div>
    }
}

/// Keeps the control `id` marked: `aria-invalid="true"` and `aria-describedby` naming its
/// error (`{id}-error`) while `invalid`. A `<fieldset>` of radio buttons is described as a
/// whole and each of its inputs marked.
pub fn mark_invalid(id: &'static str, invalid: Signal<bool>) {
    Effect::new(move |_| {
        let invalid = invalid.get();
        let Some(element) = document().get_element_by_id(id) else { return };
        let error_id = format!("{id}-error");
        let controls = if element.tag_name().eq_ignore_ascii_case("fieldset") {
            let _ = element.set_attribute("aria-describedby", &error_id);
            let inputs = element.query_selector_all("input").ok();
            let count = inputs.as_ref().map_or(0, |n| n.length());
            (0..count).filter_map(|i| inputs.as_ref()?.item(i)?.dyn_into::<web_sys::Element>().ok()).collect::<Vec<_>>()
        } else {
            vec![element]
        };
        for control in controls {
            if invalid {
                let _ = control.set_attribute("aria-invalid", "true");
                let _ = control.set_attribute("aria-describedby", &error_id);
            } else {
                let _ = control.remove_attribute("aria-invalid");
                let _ = control.remove_attribute("aria-describedby");
            }
        }
    });
}

/// After a refused submit: the focus goes to the first field marked invalid, so its label,
/// state and error are read out once (instead of every error announcing itself).
pub fn focus_first_invalid() {
    request_animation_frame(|| {
        if let Some(element) = document().query_selector("[aria-invalid=true]").ok().flatten() {
            focus(&element);
        }
    });
}

/// Moves the focus to `element`, when it can take it.
pub fn focus(element: &web_sys::Element) {
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
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

/// The one banner for a failed call: the problem's text (with the wait after a 429), or
/// the network message. Pages and dialogs name it by `id` when they have several.
#[component]
pub fn ProblemBanner(
    #[prop(into)] failure: Signal<Option<ApiFailure>>,
    #[prop(default = "problem")] id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || failure.get().map(|f| view! { <p class="banner" role="alert" id=id>{failure_text(&f, i18n)}</p> })
}

/// The text of a failed call, in the screen's language.
pub fn failure_text(failure: &ApiFailure, i18n: I18n) -> String {
    match failure {
        ApiFailure::Problem(p) => p.text(i18n.locale()),
        ApiFailure::Network => i18n.t().network_error.to_owned(),
    }
}

/// A submit to the API (`Action::new_local`): one call at a time, `pending()` while it runs.
/// [`failure_of`] gives its failure for the banner.
pub type Submit<I, T> = Action<I, Result<T, ApiFailure>>;

/// The failure of the last call of `submit`, hidden while the next one runs.
pub fn failure_of<I: 'static, T: 'static>(submit: Submit<I, T>) -> Signal<Option<ApiFailure>> {
    Signal::derive(move || {
        if submit.pending().get() {
            return None;
        }
        submit.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()))
    })
}

/// An image shown small that opens at full size: the thumbnail is a button (a click,
/// Enter or Space), the viewer a modal dialog over the screen showing the image at its
/// own size, scrolled when larger than the window. Close or Escape shuts it and the focus
/// goes back to the thumbnail. `src` may be a `blob:` URL fetched with a bearer token.
#[component]
pub fn ZoomableImage(
    #[prop(into)] src: Signal<String>,
    #[prop(into)] alt: Signal<String>,
    /// The thumbnail `<img>`'s id.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    let close_button = NodeRef::<leptos::html::Button>::new();
    let close = move || {
        open.set(false);
        if let Some(button) = opener.get_untracked() {
            let _ = button.focus();
        }
    };
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(button) = close_button.get_untracked() {
                    let _ = button.focus();
                }
            });
        }
    });
    let viewer = move || {
        open.get().then(|| {
            view! {
                <div class="viewer-backdrop" on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                    <div class="viewer" role="dialog" aria-modal="true" aria-label=alt id="image-viewer">
                        <div class="viewer-bar">
                            <span class="viewer-title">{alt}</span>
                            <button type="button" class="secondary" id="viewer-close" node_ref=close_button
                                on:click=move |_| close()>
                                {move || i18n.t().close}
                            </button>
                        </div>
                        <div class="viewer-image" tabindex="0">
                            <img id="viewer-image" src=src alt=alt/>
                        </div>
                    </div>
                </div>
            }
        })
    };
    view! {
        <button type="button" class="image-button" node_ref=opener aria-haspopup="dialog"
            title=move || i18n.t().show_full_size
            on:click=move |_| open.set(true)>
            <img class="preview" id=id src=src alt=alt/>
        </button>
        {viewer}
    }
}

/// An RFC 3339 instant in Japan time, where the university and its deadlines are, as the
/// mails write it: `2026/12/03 22:54 (日本時間)` or `2026/12/03 22:54 (JST)`, whatever the
/// browser's own time zone.
pub fn local_time(rfc3339: &str, locale: Locale) -> String {
    match japan(rfc3339) {
        Some(t) => format!(
            "{} {:02}:{:02} {}",
            japan_date_of(&t),
            t.get_utc_hours(),
            t.get_utc_minutes(),
            locale.pick("(日本時間)", "(JST)")
        ),
        None => rfc3339.to_owned(),
    }
}

/// The date in Japan of an RFC 3339 instant: `2026/12/03`.
pub fn japan_date(rfc3339: &str) -> String {
    japan(rfc3339).map(|t| japan_date_of(&t)).unwrap_or_else(|| rfc3339.to_owned())
}

/// The instant moved on by nine hours, so that its UTC fields read Japan's clock.
fn japan(rfc3339: &str) -> Option<js_sys::Date> {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    let ms = date.get_time();
    (!ms.is_nan()).then(|| js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms + 9.0 * 3_600_000.0)))
}

fn japan_date_of(t: &js_sys::Date) -> String {
    format!("{}/{:02}/{:02}", t.get_utc_full_year(), t.get_utc_month() + 1, t.get_utc_date())
}
