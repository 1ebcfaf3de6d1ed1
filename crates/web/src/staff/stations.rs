//! The print stations, for administrators (issue 11): the convenience-store networks and the
//! university's counter that may look up reservations and print them. Registering one shows
//! its API key once, in a dialog that says so; revoking one is confirmed first.

use cis_shared::messages::ErrorCode;
use cis_shared::printing::{check_station, NewPrintStation, PrintStation, PrintStationKey, StationKind};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::{local_time, use_staff, ConfirmDialog, Dialog, StaffFrame};
use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, focus_first_invalid, Field, ProblemBanner, Submit};
use crate::i18n::use_i18n;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn write_text(text: &str) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

const KINDS: [StationKind; 2] = [StationKind::ConvenienceStore, StationKind::Counter];

fn kind_code(kind: StationKind) -> &'static str {
    match kind {
        StationKind::ConvenienceStore => "convenience_store",
        StationKind::Counter => "counter",
    }
}

/// What the screen's pieces share.
#[derive(Clone, Copy)]
struct StationsScreen {
    stations: RwSignal<Option<Result<Vec<PrintStation>, ApiFailure>>>,
    /// Bumped to read the list again.
    reload: RwSignal<u32>,
    /// The key just registered, with the station's name: shown until the dialog closes.
    key: RwSignal<Option<(String, PrintStationKey)>>,
    revoking: RwSignal<Option<PrintStation>>,
    revoked: RwSignal<Option<String>>,
}

#[component]
pub fn StationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    // A signal filled by a task rather than a resource: the staff bundle is weighed.
    let (stations, reload) = (RwSignal::new(None), RwSignal::new(0u32));
    Effect::new(move |_| {
        reload.track();
        if !session.is_administrator() {
            return;
        }
        let locale = untrack(|| i18n.locale());
        leptos::task::spawn_local(async move {
            let _ =
                stations.try_set(Some(session.get::<Vec<PrintStation>>("/api/v1/staff/print-stations", locale).await));
        });
    });
    let screen = StationsScreen {
        stations,
        reload,
        key: RwSignal::new(None),
        revoking: RwSignal::new(None),
        revoked: RwSignal::new(None),
    };
    provide_context(screen);
    let page = move || {
        let s = i18n.staff();
        if session.me().is_none() {
            return view! { <p class="loading">{s.loading}</p> }.into_any();
        }
        if !session.is_administrator() {
            return view! { <section class="card"><p class="banner" id="administrators-only">{s.administrators_only}</p></section> }
                .into_any();
        }
        view! {
            {move || screen.revoked.get().map(|name| view! {
                <p class="notice ok" role="status" id="station-revoked">{(i18n.printing().done_revoke_key)(&name)}</p>
            })}
            <section class="card"><StationsTable/></section>
            <NewStationForm/>
        }
        .into_any()
    };
    view! {
        <StaffFrame title=Signal::derive(move || i18n.printing().stations_title)>
            {page}
            <KeyDialog/>
            <RevokeDialog/>
        </StaffFrame>
    }
}

#[component]
fn StationsTable() -> impl IntoView {
    let i18n = use_i18n();
    let screen = expect_context::<StationsScreen>();
    move || {
        let (t, locale) = (i18n.printing(), i18n.locale());
        let list = match screen.stations.get() {
            None => return view! { <p class="loading">{i18n.staff().loading}</p> }.into_any(),
            Some(Err(failure)) => {
                return view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any()
            }
            Some(Ok(list)) if list.is_empty() => {
                return view! { <p class="empty" id="no-stations">{t.no_stations}</p> }.into_any()
            }
            Some(Ok(list)) => list,
        };
        let rows = list
            .into_iter()
            .map(|station| {
                let revoked = station.revoked_at.clone();
                let used = station.last_used_at.as_deref().map_or_else(|| t.never.to_owned(), |at| local_time(at, locale));
                let revoke = station.clone();
                view! {
                    <tr class="station-row" class:disabled=revoked.is_some() data-id=station.id.to_string()>
                        <td class="break">{station.name.clone()}</td>
                        <td>{t.kind_name(station.kind)}</td>
                        <td class="nowrap">{local_time(&station.created_at, locale)}</td>
                        <td class="nowrap">{used}</td>
                        <td>{match &revoked {
                            Some(at) => view! { <span class="state state-rejected">{t.revoked}</span>" "<span class="nowrap">{local_time(at, locale)}</span> }.into_any(),
                            None => view! { <span class="state state-approved">{t.in_use}</span> }.into_any(),
                        }}</td>
                        <td>{revoked.is_none().then(|| view! {
                            <button type="button" class="small secondary revoke-station"
                                on:click=move |_| screen.revoking.set(Some(revoke.clone()))>{t.revoke_key}</button>
                        })}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="staff-table" id="stations">
                    <thead><tr>
                        <th>{t.name}</th><th>{t.kind}</th><th>{t.registered_at}</th><th>{t.last_used_at}</th>
                        <th>{i18n.staff().status}</th><th>{i18n.staff().operations}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

/// Registering a station: the name checked here as the API will, then the key in its dialog.
#[component]
fn NewStationForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let screen = expect_context::<StationsScreen>();
    let t = i18n.printing();
    let (name, kind) = (RwSignal::new(String::new()), RwSignal::new(StationKind::ConvenienceStore));
    let name_error = RwSignal::new(None::<ErrorCode>);
    let register: Submit<NewPrintStation, PrintStationKey> = Action::new_local(move |station: &NewPrintStation| {
        let (station, locale) = (station.clone(), i18n.locale());
        async move {
            let path = "/api/v1/staff/print-stations";
            let answer = session.call::<_, PrintStationKey>(Method::POST, path, Some(&station), locale).await;
            match &answer {
                Ok(key) => {
                    screen.key.set(Some((station.name, key.clone())));
                    name.set(String::new());
                    screen.reload.update(|n| *n += 1);
                }
                Err(ApiFailure::Problem(p)) => {
                    name_error.set(p.errors.iter().find(|e| e.field == "/name").map(|e| e.code))
                }
                Err(ApiFailure::Network) => {}
            }
            answer
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let station = NewPrintStation { name: name.get_untracked(), kind: kind.get_untracked() };
        match check_station(&station) {
            Ok(name) => {
                name_error.set(None);
                register.dispatch(NewPrintStation { name, ..station });
            }
            Err(broken) => {
                name_error.set(broken.first().map(|(_, code)| *code));
                focus_first_invalid();
            }
        }
    };
    view! {
        <form class="card" id="new-station" on:submit=submit novalidate>
            <h2>{t.register_section}</h2>
            <p class="hint">{t.register_note}</p>
            <div class="form-row">
                <Field id="station-name" label=Signal::stored(t.name) required=true error=name_error>
                    <input id="station-name" type="text" maxlength="100" autocomplete="off" bind:value=name/>
                </Field>
                <div class="field">
                    <label for="station-kind">{t.kind}</label>
                    <select id="station-kind" on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(k) = KINDS.into_iter().find(|k| kind_code(*k) == value) {
                            kind.set(k);
                        }
                    }>
                        {KINDS.into_iter().map(|k| view! {
                            <option value=kind_code(k) prop:selected=move || kind.get() == k>{t.kind_name(k)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <ProblemBanner failure=failure_of(register) id="register-problem"/>
            <button type="submit" class="primary narrow" id="register-station" disabled=move || register.pending().get()>
                {t.register}
            </button>
        </form>
    }
}

/// The new station's key, this once: the warning, the key, Copy, and Close.
#[component]
fn KeyDialog() -> impl IntoView {
    let i18n = use_i18n();
    let screen = expect_context::<StationsScreen>();
    let copied = RwSignal::new(false);
    let close = Callback::new(move |_| {
        copied.set(false);
        screen.key.set(None);
    });
    move || {
        screen.key.get().map(|(name, key)| {
            let t = i18n.printing();
            let secret = key.api_key.clone();
            // Copied once the browser took it (a page without clipboard access says nothing).
            let copy = move |_| copied.set(write_text(&secret).is_ok());
            view! {
                <Dialog id="station-key-dialog" title=Signal::stored(t.key_title) on_close=close>
                    <p class="dialog-subject">{name}</p>
                    <p class="banner" role="alert" id="key-warning">{t.key_warning}</p>
                    <p><code class="break" id="station-key">{key.api_key.clone()}</code></p>
                    <div class="actions">
                        <button type="button" class="secondary" id="copy-key" on:click=copy>{t.copy_key}</button>
                        {move || copied.get().then(|| view! { <span role="status" id="key-copied">{t.key_copied}</span> })}
                        <button type="button" class="primary" id="close-key" on:click=move |_| close.run(())>{t.key_noted}</button>
                    </div>
                </Dialog>
            }
        })
    }
}

/// Revoking a station's key, confirmed first.
#[component]
fn RevokeDialog() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let screen = expect_context::<StationsScreen>();
    let revoke: Submit<PrintStation, ()> = Action::new_local(move |station: &PrintStation| {
        let (station, locale) = (station.clone(), i18n.locale());
        async move {
            let path = format!("/api/v1/staff/print-stations/{}", station.id);
            let answer = session.call_no_content::<()>(Method::DELETE, &path, None, locale).await;
            if answer.is_ok() {
                screen.revoking.set(None);
                screen.revoked.set(Some(station.name));
                screen.reload.update(|n| *n += 1);
            }
            answer
        }
    });
    move || {
        screen.revoking.get().map(|station| {
            let t = i18n.printing();
            let message = (t.confirm_revoke_key)(&station.name);
            view! {
                <ConfirmDialog
                    title=Signal::stored(t.revoke_key)
                    message=Signal::stored(message)
                    action=Signal::stored(t.revoke_key)
                    busy=revoke.pending().into()
                    failure=failure_of(revoke)
                    on_confirm=Callback::new(move |_| { revoke.dispatch(station.clone()); })
                    on_cancel=Callback::new(move |_| screen.revoking.set(None))
                />
            }
        })
    }
}
