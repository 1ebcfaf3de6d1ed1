//! The frame of the screens after login (manual 2.4 (a)): the university and the screen's
//! title, and the menu button "⚙" at the upper right. The LANG pull-down is shown only on
//! the top page, where printing destinations are chosen (manual 2.5 (c)).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::components::{Frame, LangSelect};
use crate::i18n::{use_i18n, I18n};
use crate::session::use_session;

/// `lang`: the LANG pull-down beside the menu, on the top page (manual 2.5 (c)).
#[component]
pub fn GraduateLayout(title: Signal<&'static str>, #[prop(optional)] lang: bool, children: Children) -> impl IntoView {
    let corner = view! {
        <div class="corner">
            {lang.then(|| view! { <LangSelect/> })}
            <GearMenu/>
        </div>
    };
    view! { <Frame title=title corner=corner.into_any()>{children()}</Frame> }
}

/// Moves the focus `step` items on among the menu's items, round the ends; `None` goes to
/// the first, `Some(i32::MAX)` to the last.
fn focus_item(list: &web_sys::Element, step: Option<i32>) {
    let Ok(nodes) = list.query_selector_all("[role=menuitem]:not([disabled])") else { return };
    let items: Vec<web_sys::HtmlElement> =
        (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).collect();
    if items.is_empty() {
        return;
    }
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    // Every item has an id.
    let current = items.iter().position(|item| active.as_ref().is_some_and(|a| a.id() == item.id()));
    let count = items.len() as i32;
    let next = match (step, current) {
        (None, _) | (Some(_), None) => 0,
        (Some(i32::MAX), _) => count - 1,
        (Some(step), Some(at)) => (at as i32 + step).rem_euclid(count),
    };
    let _ = items[next as usize].focus();
}

/// The ⚙ menu, its items in the manual's order (2.4 (a)): Top page, Manual, Personal
/// setting, Change mail address, Register additional student ID number, Change password,
/// Change second password, then Login history (beyond the manual) and Logout.
/// From the keyboard: opening puts the focus on the first item, ArrowDown / ArrowUp move
/// between items (Home / End to the ends), Escape closes it and returns to the button, and
/// Tab closes it as the focus moves on.
#[component]
fn GearMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let list = NodeRef::<leptos::html::Ul>::new();
    let focus_first = move || {
        request_animation_frame(move || {
            if let Some(list) = list.get_untracked() {
                focus_item(&list, None);
            }
        })
    };
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
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    });
    let on_menu_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            // Tab leaves the menu (WAI-ARIA's menu button): it closes, and the focus moves on.
            "Tab" => {
                open.set(false);
                return;
            }
            "ArrowDown" => Some(1),
            "ArrowUp" => Some(-1),
            "Home" => None,
            "End" => Some(i32::MAX),
            _ => return,
        };
        ev.prevent_default();
        if let Some(list) = list.get_untracked() {
            focus_item(&list, step);
        }
    };
    on_cleanup(move || {
        outside.remove();
        escape.remove();
    });
    // One link of the menu; choosing it closes the menu.
    let item = move |href: &'static str, id: &'static str, text: fn(I18n) -> &'static str| {
        view! {
            <li role="none">
                <A href=href attr:role="menuitem" attr:id=id on:click=move |_| open.set(false)>
                    {move || text(i18n)}
                </A>
            </li>
        }
    };
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
                node_ref=button
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        focus_first();
                    }
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "ArrowDown" {
                        ev.prevent_default();
                        open.set(true);
                        focus_first();
                    }
                }
            >
                "⚙"
            </button>
            <ul id="menu" class="gear-menu" role="menu" node_ref=list hidden=move || !open.get() on:keydown=on_menu_key>
                {item("/home", "menu-top", |i| i.s().menu_top)}
                {item("/manual", "menu-manual", |i| i.s().menu_manual)}
                {item("/profile", "menu-profile", |i| i.s().menu_profile)}
                {item("/mail-change", "menu-mail-change", |i| i.mc().menu_item)}
                {item("/add-student-id", "menu-student-id", |i| i.sid().menu_item)}
                {item("/password/change", "menu-password", |i| i.s().menu_password)}
                {item("/second-password/change", "menu-second-password", |i| i.s().menu_second_password)}
                {item("/sessions", "menu-sessions", |i| i.history().menu_item)}
                <li role="none">
                    <button type="button" role="menuitem" id="logout" disabled=move || logging_out.get() on:click=logout>
                        {move || i18n.s().menu_logout}
                    </button>
                </li>
            </ul>
        </nav>
    }
}
