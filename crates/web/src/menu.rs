//! The frame of the screens after login (manual 2.4 (a)): the university and the screen's
//! title, and the menu button "⚙" at the upper right. The LANG pull-down is not shown here
//! (manual 2.5: only on the login screen and Select Printing Destination).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::components::Frame;
use crate::i18n::use_i18n;
use crate::session::use_session;

#[component]
pub fn GraduateLayout(title: Signal<&'static str>, children: Children) -> impl IntoView {
    view! { <Frame title=title corner=view! { <GearMenu/> }.into_any()>{children()}</Frame> }
}

/// The ⚙ menu. Only the items that work so far: Top page and Logout (Manual, Personal
/// setting, the mail address, student ID and password changes come with their screens).
#[component]
fn GearMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let open = RwSignal::new(false);
    // A click anywhere else, or Escape, closes the menu.
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        let inside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.closest(".gear").ok().flatten().is_some());
        if !inside {
            open.set(false);
        }
    });
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            open.set(false);
        }
    });
    on_cleanup(move || {
        outside.remove();
        escape.remove();
    });
    let logging_out = RwSignal::new(false);
    let logout = move |_| {
        open.set(false);
        logging_out.set(true);
        let locale = i18n.locale();
        spawn_local(async move { session.logout(locale).await });
    };
    view! {
        <nav class="gear">
            <button
                type="button"
                id="menu-button"
                class="gear-button"
                aria-haspopup="true"
                aria-controls="menu"
                aria-expanded=move || open.get().to_string()
                aria-label=move || i18n.s().menu
                title=move || i18n.s().menu
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "⚙"
            </button>
            <ul id="menu" class="gear-menu" role="menu" hidden=move || !open.get()>
                <li role="none">
                    <A href="/home" attr:role="menuitem" attr:id="menu-top" on:click=move |_| open.set(false)>
                        {move || i18n.s().menu_top}
                    </A>
                </li>
                <li role="none">
                    <button type="button" role="menuitem" id="logout" disabled=move || logging_out.get() on:click=logout>
                        {move || i18n.s().menu_logout}
                    </button>
                </li>
            </ul>
        </nav>
    }
}
