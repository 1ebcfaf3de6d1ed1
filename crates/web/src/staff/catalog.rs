//! The catalogue, for administrators (issue 10): the certificate types — names in both
//! languages, the language printed in, the commission, the most copies, sheets, the
//! destinations and who may order each — and the university's order settings — fees,
//! the print deadline, sealed envelopes, payment methods per destination and postage. The
//! shared validators check each form before it is sent; the API checks it again.

use cis_shared::application::{Completion, Violations};
use cis_shared::catalog::{CertificateLanguage, DegreeProgram, LocalizedName};
use cis_shared::ordering::{
    validate_certificate_type, validate_order_settings, CertificateTypeSpec, Channel, ManagedCertificateType,
    OrderSettings, PaymentMethod, PostageOption,
};
use cis_shared::Locale;
use leptos::prelude::*;

use super::{use_staff, StaffFrame};
use crate::api::{self, ApiFailure, Method};
use crate::components::ProblemBanner;
use crate::i18n::{payment_method, use_i18n};

/// A form's value and the rules it breaks, by JSON pointer.
struct Form<T: Send + Sync + 'static> {
    value: RwSignal<T>,
    errors: RwSignal<Violations>,
}

impl<T: Send + Sync + 'static> Clone for Form<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Form<T> {}

impl<T: Clone + Send + Sync + 'static> Form<T> {
    fn new(value: T) -> Form<T> {
        Form { value: RwSignal::new(value), errors: RwSignal::new(Vec::new()) }
    }

    fn error(self, pointer: &str) -> Option<&'static str> {
        let locale = untrack(|| use_i18n().locale());
        self.errors.with(|e| e.iter().find(|(p, _)| p == pointer).map(|(_, code)| code.message(locale)))
    }
}

/// A labelled text box editing one part of the form; its error under it.
fn text<T: Clone + Send + Sync + 'static>(
    form: Form<T>,
    (id, pointer): (String, String),
    label: &'static str,
    get: impl Fn(&T) -> String + Send + Sync + 'static,
    set: impl Fn(&mut T, String) + Send + Sync + 'static,
) -> AnyView {
    // Boxed, so that the view below is built once per form type, not once per field.
    text_field(form, (id, pointer), label, Box::new(get), Box::new(set))
}

type Getter<T> = Box<dyn Fn(&T) -> String + Send + Sync>;
type Setter<T> = Box<dyn Fn(&mut T, String) + Send + Sync>;

fn text_field<T: Clone + Send + Sync + 'static>(
    form: Form<T>,
    (id, pointer): (String, String),
    label: &'static str,
    get: Getter<T>,
    set: Setter<T>,
) -> AnyView {
    let error_pointer = pointer.clone();
    let error = Signal::derive(move || form.error(&error_pointer));
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input type="text" id=id prop:value=move || form.value.with(|v| get(v))
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    form.value.update(|v| set(v, value));
                    form.errors.update(|e| e.retain(|(p, _)| *p != pointer));
                }/>
            <p class="error">{error}</p>
        </div>
    }
    .into_any()
}

/// A whole number typed in a text box: empty is 0, anything else out of range.
fn number(text: &str) -> u32 {
    let text = text.trim();
    if text.is_empty() {
        0
    } else {
        text.parse().unwrap_or(u32::MAX)
    }
}

/// A check box for one element of a list in the form.
fn member<T: Clone + Send + Sync + 'static, E: PartialEq + Copy + Send + Sync + 'static>(
    form: Form<T>,
    (id, label): (String, String),
    element: E,
    list: fn(&mut T) -> &mut Vec<E>,
) -> AnyView {
    let checked = move || form.value.with(|v| list(&mut v.clone()).contains(&element));
    view! {
        <label class="choice">
            <input type="checkbox" id=id prop:checked=checked on:change=move |ev| {
                let on = event_target_checked(&ev);
                form.value.update(|v| {
                    let items = list(v);
                    items.retain(|e| *e != element);
                    if on { items.push(element) }
                });
            }/>
            <span>{label}</span>
        </label>
    }
    .into_any()
}

fn channel_name(channel: Channel, locale: Locale) -> &'static str {
    match channel {
        Channel::ConvenienceStore => locale.pick("コンビニエンスストア", "Convenience store"),
        Channel::Post => locale.pick("郵送", "Post"),
        Channel::Digital => locale.pick("電子データで送信", "Digital delivery"),
    }
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let reload = RwSignal::new(0u32);
    let types = LocalResource::new(move || {
        reload.track();
        let locale = untrack(|| i18n.locale());
        async move { session.get::<Vec<ManagedCertificateType>>("/api/v1/staff/catalog/certificate-types", locale).await }
    });
    let settings = LocalResource::new(move || {
        let locale = untrack(|| i18n.locale());
        async move { session.get::<OrderSettings>("/api/v1/staff/catalog/order-settings", locale).await }
    });
    let programs = LocalResource::new(move || api::degree_programs(Locale::Ja));
    let types_view = move || {
        let programs = programs.get().and_then(Result::ok).unwrap_or_default();
        match types.get()? {
            Ok(list) => Some(view! { <TypesSection list programs reload/> }.into_any()),
            Err(failure) => {
                Some(view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any())
            }
        }
    };
    let settings_view = move || match settings.get()? {
        Ok(current) => Some(view! { <SettingsSection current/> }.into_any()),
        Err(failure) => {
            Some(view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="settings-problem"/> }.into_any())
        }
    };
    view! {
        <StaffFrame title=Signal::derive(move || i18n.catalog().title)>
            {types_view}
            {settings_view}
            <super::seal::SealSection/>
        </StaffFrame>
    }
}

/// The types in a table; Edit or Add opens the form below it.
#[component]
fn TypesSection(
    list: Vec<ManagedCertificateType>,
    programs: Vec<DegreeProgram>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(None::<(Option<i64>, CertificateTypeSpec)>);
    let (c, locale) = (i18n.catalog(), i18n.locale());
    let rows = list
        .into_iter()
        .map(|t| {
            let (id, spec) = (t.id, t.spec);
            let channels = spec.channels.iter().map(|ch| channel_name(*ch, locale)).collect::<Vec<_>>().join(", ");
            let edit = spec.clone();
            view! {
                <tr class="type-row" data-code=spec.code.clone()>
                    <td><code>{spec.code.clone()}</code></td>
                    <td>{spec.name.get(locale).to_owned()}</td>
                    <td class="nowrap">{(i18n.orders().yen)(spec.fee_yen)}</td>
                    <td>{spec.max_copies}</td>
                    <td>{channels}</td>
                    <td>{if spec.on_sale { c.on_sale } else { c.withdrawn }}</td>
                    <td><button type="button" class="secondary edit-type" on:click=move |_| editing.set(Some((Some(id), edit.clone())))>{c.edit}</button></td>
                </tr>
            }
        })
        .collect_view();
    let blank = CertificateTypeSpec {
        code: String::new(),
        name: LocalizedName { ja: String::new(), en: String::new() },
        language: CertificateLanguage::Ja,
        fee_yen: 0,
        max_copies: 10,
        sheets: 1,
        channels: vec![Channel::ConvenienceStore, Channel::Post],
        degree_programs: Vec::new(),
        completions: Vec::new(),
        on_sale: true,
        source: Default::default(),
    };
    let form =
        move || editing.get().map(|(id, spec)| view! { <TypeForm id spec programs=programs.clone() editing reload/> });
    view! {
        <section class="card" id="certificate-types">
            <h2>{c.types}</h2>
            <div class="table-scroll">
                <table class="staff-table">
                    <thead><tr><th>{c.code}</th><th>{c.name}</th><th>{c.fee}</th><th>{c.max_copies}</th><th>{c.channels}</th><th>{c.on_sale}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <button type="button" class="secondary" id="add-type" on:click=move |_| editing.set(Some((None, blank.clone())))>{c.add_type}</button>
        </section>
        {form}
    }
}

#[component]
fn TypeForm(
    id: Option<i64>,
    spec: CertificateTypeSpec,
    programs: Vec<DegreeProgram>,
    editing: RwSignal<Option<(Option<i64>, CertificateTypeSpec)>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let (c, locale) = (i18n.catalog(), i18n.locale());
    let form = Form::new(spec);
    let checked_programs = programs.clone();
    let save = Action::new_local(move |spec: &CertificateTypeSpec| {
        let (spec, locale) = (spec.clone(), i18n.locale());
        async move {
            let answer: Result<ManagedCertificateType, ApiFailure> = match id {
                Some(id) => {
                    let path = format!("/api/v1/staff/catalog/certificate-types/{id}");
                    session.call(Method::PUT, &path, Some(&spec), locale).await
                }
                None => {
                    session.call(Method::POST, "/api/v1/staff/catalog/certificate-types", Some(&spec), locale).await
                }
            };
            match &answer {
                Ok(_) => {
                    editing.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(ApiFailure::Problem(p)) => {
                    form.errors.set(p.errors.iter().map(|e| (e.field.clone(), e.code)).collect())
                }
                Err(_) => {}
            }
            answer
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let spec = form.value.get_untracked();
        let broken = validate_certificate_type(&spec, &checked_programs);
        if broken.is_empty() {
            save.dispatch(spec);
        } else {
            form.errors.set(broken);
        }
    };
    let program_boxes = programs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (code, name) = (p.code.clone(), p.name.get(locale).to_owned());
            let checked = code.clone();
            view! {
                <label class="choice">
                    <input type="checkbox" id=format!("program-{i}")
                        prop:checked=move || form.value.with(|s| s.degree_programs.contains(&checked))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let code = code.clone();
                            form.value.update(|s| {
                                s.degree_programs.retain(|c| *c != code);
                                if on { s.degree_programs.push(code) }
                            });
                        }/>
                    <span>{name}</span>
                </label>
            }
        })
        .collect_view();
    let failure = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <form class="card" id="type-form" novalidate on:submit=submit>
            {text(form, ("type-code".into(), "/code".into()), c.code, |s| s.code.clone(), |s, v| s.code = v)}
            {text(form, ("type-name-ja".into(), "/name/ja".into()), c.name_ja, |s| s.name.ja.clone(), |s, v| s.name.ja = v)}
            {text(form, ("type-name-en".into(), "/name/en".into()), c.name_en, |s| s.name.en.clone(), |s, v| s.name.en = v)}
            <fieldset class="field"><legend>{c.language}</legend>
                {[CertificateLanguage::Ja, CertificateLanguage::En].into_iter().enumerate().map(|(i, l)| view! {
                    <label class="choice"><input type="radio" name="type-language" prop:checked=move || form.value.with(|s| s.language == l)
                        on:change=move |_| form.value.update(|s| s.language = l)/><span>{c.languages[i]}</span></label>
                }).collect_view()}
            </fieldset>
            {text(form, ("type-fee".into(), "/fee_yen".into()), c.fee, |s| s.fee_yen.to_string(), |s, v| s.fee_yen = number(&v))}
            {text(form, ("type-max-copies".into(), "/max_copies".into()), c.max_copies, |s| s.max_copies.to_string(), |s, v| s.max_copies = number(&v))}
            {text(form, ("type-sheets".into(), "/sheets".into()), c.sheets, |s| s.sheets.to_string(), |s, v| s.sheets = number(&v))}
            <fieldset class="field" class:invalid=move || form.error("/channels").is_some()><legend>{c.channels}</legend>
                {Channel::ALL.into_iter().map(|ch| member(form, (format!("channel-{}", ch.as_str()), channel_name(ch, locale).to_owned()), ch, |s: &mut CertificateTypeSpec| &mut s.channels)).collect_view()}
                <p class="error">{move || form.error("/channels")}</p>
            </fieldset>
            <fieldset class="field"><legend>{c.programs}</legend><p class="section-note">{c.programs_note}</p>{program_boxes}</fieldset>
            <fieldset class="field"><legend>{c.completions}</legend><p class="section-note">{c.completions_note}</p>
                {[Completion::Graduated, Completion::Withdrawn].into_iter().enumerate().map(|(i, done)| member(form, (format!("completion-{i}"), c.completion_names[i].to_owned()), done, |s: &mut CertificateTypeSpec| &mut s.completions)).collect_view()}
            </fieldset>
            <label class="choice"><input type="checkbox" id="type-on-sale" prop:checked=move || form.value.with(|s| s.on_sale)
                on:change=move |ev| form.value.update(|s| s.on_sale = event_target_checked(&ev))/><span>{c.on_sale}</span></label>
            <ProblemBanner failure id="type-problem"/>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| editing.set(None)>{i18n.staff().cancel}</button>
                <button type="submit" class="primary" id="save-type" disabled=move || save.pending().get()>{c.save}</button>
            </div>
        </form>
    }
}

/// The order settings, one form, saved whole.
#[component]
fn SettingsSection(current: OrderSettings) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let (c, locale) = (i18n.catalog(), i18n.locale());
    let form = Form::new(current);
    let save = Action::new_local(move |settings: &OrderSettings| {
        let (settings, locale) = (settings.clone(), i18n.locale());
        async move {
            let answer: Result<OrderSettings, ApiFailure> =
                session.call(Method::PUT, "/api/v1/staff/catalog/order-settings", Some(&settings), locale).await;
            if let Err(ApiFailure::Problem(p)) = &answer {
                form.errors.set(p.errors.iter().map(|e| (e.field.clone(), e.code)).collect());
            }
            answer
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = form.value.get_untracked();
        let broken = validate_order_settings(&settings);
        if broken.is_empty() {
            save.dispatch(settings);
        } else {
            form.errors.set(broken);
        }
    };
    let methods = move |channel: Channel, choices: [PaymentMethod; 2]| {
        let list: fn(&mut OrderSettings) -> &mut Vec<PaymentMethod> = match channel {
            Channel::ConvenienceStore => |s| &mut s.payment_methods.convenience_store,
            Channel::Post => |s| &mut s.payment_methods.post,
            Channel::Digital => |s| &mut s.payment_methods.digital,
        };
        let pointer = format!("/payment_methods/{}", channel.as_str());
        let error_pointer = pointer.clone();
        view! {
            <fieldset class="field"><legend>{c.methods}" — "{channel_name(channel, locale)}</legend>
                {choices.into_iter().map(|m| member(form, (format!("method-{}-{}", channel.as_str(), m.as_str()), payment_method(m, locale).to_owned()), m, list)).collect_view()}
                <p class="error">{move || form.error(&error_pointer)}</p>
            </fieldset>
        }
    };
    let failure = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || {
        save.value()
            .get()
            .and_then(Result::ok)
            .map(|_| view! { <p class="notice" role="status" id="settings-saved">{c.saved}</p> })
    };
    view! {
        <form class="card" id="order-settings" novalidate on:submit=submit>
            <h2>{c.settings}</h2>
            {text(form, ("handling-fee".into(), "/handling_fee_yen".into()), c.handling_fee, |s| s.handling_fee_yen.to_string(), |s, v| s.handling_fee_yen = number(&v))}
            {text(form, ("print-fee".into(), "/print_fee_per_sheet_yen".into()), c.print_fee, |s| s.print_fee_per_sheet_yen.to_string(), |s, v| s.print_fee_per_sheet_yen = number(&v))}
            {text(form, ("deadline-days".into(), "/print_deadline_days".into()), c.deadline_days, |s| s.print_deadline_days.to_string(), |s, v| s.print_deadline_days = number(&v))}
            <label class="choice"><input type="checkbox" id="sealed" prop:checked=move || form.value.with(|s| s.sealed_envelope)
                on:change=move |ev| form.value.update(|s| s.sealed_envelope = event_target_checked(&ev))/><span>{c.sealed}</span></label>
            {text(form, ("sealed-fee".into(), "/sealed_envelope_fee_yen".into()), c.sealed_fee, |s| s.sealed_envelope_fee_yen.to_string(), |s, v| s.sealed_envelope_fee_yen = number(&v))}
            {methods(Channel::ConvenienceStore, [PaymentMethod::AtStore, PaymentMethod::Card])}
            {methods(Channel::Post, [PaymentMethod::StaffConfirmed, PaymentMethod::Card])}
            {methods(Channel::Digital, [PaymentMethod::StaffConfirmed, PaymentMethod::Card])}
            <h3>{c.postage}</h3>
            <PostageRows form/>
            <h3>{c.instructions}</h3>
            <p class="section-note">{c.instructions_note}</p>
            {[(0, "ja"), (1, "en")].into_iter().map(|(i, lang)| {
                let pointer = format!("/transfer_instructions/{lang}");
                let label = [c.name_ja, c.name_en][i];
                let error = Signal::derive(move || form.error(&pointer));
                view! {
                    <div class="field" class:invalid=move || error.get().is_some()>
                        <label for=format!("instructions-{lang}")>{c.instructions}" — "{label}</label>
                        <textarea id=format!("instructions-{lang}") rows="4" maxlength="1000"
                            prop:value=move || form.value.with(|s| s.transfer_instructions.as_ref().map(|t| if i == 0 { t.ja.clone() } else { t.en.clone() }).unwrap_or_default())
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                form.value.update(|s| set_instructions(s, i, value));
                            }></textarea>
                        <p class="error">{move || error.get()}</p>
                    </div>
                }
            }).collect_view()}
            <ProblemBanner failure id="settings-problem"/>
            {saved}
            <div class="actions"><button type="submit" class="primary" id="save-settings" disabled=move || save.pending().get()>{c.save}</button></div>
        </form>
    }
}

/// The postage options, one row each, with Remove; and Add.
#[component]
fn PostageRows(form: Form<OrderSettings>) -> impl IntoView {
    let i18n = use_i18n();
    let c = i18n.catalog();
    let count = move || form.value.with(|s| s.postage_options.len());
    let rows = move || {
        (0..count())
            .map(|i| {
                let p = format!("/postage_options/{i}");
                view! {
                    <fieldset class="field postage-option">
                        {text(form, (format!("postage-{i}-code"), format!("{p}/code")), c.code, move |s| s.postage_options.get(i).map(|o| o.code.clone()).unwrap_or_default(), move |s, v| if let Some(o) = s.postage_options.get_mut(i) { o.code = v })}
                        {text(form, (format!("postage-{i}-ja"), format!("{p}/name/ja")), c.name_ja, move |s| s.postage_options.get(i).map(|o| o.name.ja.clone()).unwrap_or_default(), move |s, v| if let Some(o) = s.postage_options.get_mut(i) { o.name.ja = v })}
                        {text(form, (format!("postage-{i}-en"), format!("{p}/name/en")), c.name_en, move |s| s.postage_options.get(i).map(|o| o.name.en.clone()).unwrap_or_default(), move |s, v| if let Some(o) = s.postage_options.get_mut(i) { o.name.en = v })}
                        {text(form, (format!("postage-{i}-fee"), format!("{p}/fee_yen")), c.postage_fee, move |s| s.postage_options.get(i).map(|o| o.fee_yen.to_string()).unwrap_or_default(), move |s, v| if let Some(o) = s.postage_options.get_mut(i) { o.fee_yen = number(&v) })}
                        <label class="choice"><input type="checkbox" id=format!("postage-{i}-overseas")
                            prop:checked=move || form.value.with(|s| s.postage_options.get(i).is_some_and(|o| o.overseas))
                            on:change=move |ev| form.value.update(|s| if let Some(o) = s.postage_options.get_mut(i) { o.overseas = event_target_checked(&ev) })/>
                            <span>{c.overseas}</span></label>
                        <button type="button" class="secondary" on:click=move |_| form.value.update(|s| { s.postage_options.remove(i); })>{c.remove}</button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let add = move |_| {
        form.value.update(|s| {
            let name = LocalizedName { ja: String::new(), en: String::new() };
            s.postage_options.push(PostageOption { code: String::new(), name, fee_yen: 0, overseas: false })
        })
    };
    view! {
        {rows}
        <button type="button" class="secondary" id="add-postage" on:click=add>{c.add_postage}</button>
    }
}

/// One language of the transfer instructions; none at all when both are empty.
fn set_instructions(settings: &mut OrderSettings, index: usize, value: String) {
    let mut text =
        settings.transfer_instructions.take().unwrap_or(LocalizedName { ja: String::new(), en: String::new() });
    if index == 0 {
        text.ja = value;
    } else {
        text.en = value;
    }
    let empty = text.ja.trim().is_empty() && text.en.trim().is_empty();
    settings.transfer_instructions = (!empty).then_some(text);
}
