//! A post order's delivery: the recipient, an address in Japan (prefilled from the profile)
//! or abroad (country and lines), the postage that fits it, a sealed envelope where the
//! university offers one, and the payment method when there is a choice.

use cis_shared::ordering::PaymentMethod;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::{DeliveryDraft, OrderState};
use crate::i18n::{payment_method, use_i18n};

/// ISO 3166-1 alpha-2, without Japan (the "In Japan" choice); named by the browser.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS \
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM \
FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO KE \
KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW \
MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE \
SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE \
VG VI VN VU WF WS YE YT ZA ZM ZW";

/// The countries by their names in `tag`'s language (`Intl.DisplayNames`), sorted by name.
fn countries(tag: &str) -> Vec<(&'static str, String)> {
    let names = display_names(tag);
    let mut list: Vec<(&'static str, String)> = COUNTRIES
        .split_whitespace()
        .map(|code| {
            let name = names
                .as_ref()
                .and_then(|of| of.call1(&JsValue::NULL, &JsValue::from_str(code)).ok())
                .and_then(|n| n.as_string())
                .unwrap_or_else(|| code.to_owned());
            (code, name)
        })
        .collect();
    // In the language's own order (Japanese: by reading, kanji names among the rest).
    let collator = js_sys::Intl::Collator::new(&js_sys::Array::of1(&tag.into()), &js_sys::Object::new());
    let compare = collator.compare();
    list.sort_by(|a, b| {
        let order = compare.call2(&JsValue::NULL, &JsValue::from_str(&a.1), &JsValue::from_str(&b.1));
        order
            .ok()
            .and_then(|n| n.as_f64())
            .map_or(a.1.cmp(&b.1), |n| n.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal))
    });
    list
}

/// A country's name in `tag`'s language (`US` → "United States" / "アメリカ合衆国").
pub fn country_name(code: &str, tag: &str) -> String {
    display_names(tag)
        .and_then(|of| of.call1(&JsValue::NULL, &JsValue::from_str(code)).ok())
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| code.to_owned())
}

/// `new Intl.DisplayNames([tag], {type: "region"})`'s `of`, bound.
fn display_names(tag: &str) -> Option<js_sys::Function> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &"DisplayNames".into()).ok()?.into();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &"region".into()).ok()?;
    let args = js_sys::Array::of2(&js_sys::Array::of1(&tag.into()), &options);
    let names = js_sys::Reflect::construct(&constructor, &args).ok()?;
    let of: js_sys::Function = js_sys::Reflect::get(&names, &"of".into()).ok()?.into();
    Some(of.bind0(&names))
}

/// A text field of the delivery (or of a digital delivery's recipient), with its error
/// under it.
#[component]
pub(super) fn DeliveryField(
    id: &'static str,
    pointer: String,
    label: String,
    #[prop(optional)] required: bool,
    get: fn(&DeliveryDraft) -> String,
    set: fn(&mut DeliveryDraft, String),
) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<OrderState>();
    let error_pointer = pointer.clone();
    let error = Signal::derive(move || state.error(&error_pointer));
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id>{label}{required.then(|| view! { <span class="required">{move || i18n.t().required}</span> })}</label>
            <input type="text" id=id prop:value=move || state.delivery.with(get)
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=error_id.clone()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    state.delivery.update(|d| set(d, value));
                    state.errors.update(|e| e.retain(|(p, _)| *p != pointer));
                }/>
            <p class="error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

#[component]
pub fn DeliveryForm(
    on_back: impl Fn() + Send + Sync + 'static,
    on_check: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let o = i18n.orders();
    let state = expect_context::<OrderState>();
    let label = move |f: fn(&crate::i18n::OrderTexts) -> &'static str| f(o).to_owned();
    let abroad = move || state.delivery.with(|d| d.abroad);
    let set_abroad = move |value: bool| {
        state.delivery.update(|d| {
            d.abroad = value;
            d.postage.clear();
        });
        state.errors.set(Vec::new());
    };
    let japan = move || {
        (!abroad()).then(|| {
            view! {
                <DeliveryField id="postal-code" pointer="/delivery/address/postal_code".into() label=label(|t| t.postal_code) required=true
                    get=|d| d.japan.postal_code.clone() set=|d, v| d.japan.postal_code = v/>
                <DeliveryField id="prefecture" pointer="/delivery/address/prefecture".into() label=label(|t| t.prefecture) required=true
                    get=|d| d.japan.prefecture.clone() set=|d, v| d.japan.prefecture = v/>
                <DeliveryField id="city" pointer="/delivery/address/city".into() label=label(|t| t.city) required=true
                    get=|d| d.japan.city.clone() set=|d, v| d.japan.city = v/>
                <DeliveryField id="street" pointer="/delivery/address/street".into() label=label(|t| t.street) required=true
                    get=|d| d.japan.street.clone() set=|d, v| d.japan.street = v/>
                <DeliveryField id="apartment" pointer="/delivery/address/apartment".into() label=label(|t| t.apartment)
                    get=|d| d.japan.apartment.clone().unwrap_or_default()
                    set=|d, v| d.japan.apartment = Some(v).filter(|v| !v.trim().is_empty())/>
            }
        })
    };
    view! {
        <form class="card order-delivery" novalidate on:submit=move |ev| { ev.prevent_default(); on_check(); }>
            <h2>{o.delivery_section}</h2>
            <DeliveryField id="recipient" pointer="/delivery/recipient".into() label=label(|t| t.recipient) required=true
                get=|d| d.recipient.clone() set=|d, v| d.recipient = v/>
            <p class="section-note">{o.recipient_note}</p>
            <fieldset class="field" id="where">
                <label class="choice"><input type="radio" name="where" id="in-japan" prop:checked=move || !abroad() on:change=move |_| set_abroad(false)/>
                    <span>{o.in_japan}</span></label>
                <label class="choice"><input type="radio" name="where" id="abroad" prop:checked=abroad on:change=move |_| set_abroad(true)/>
                    <span>{o.abroad}</span></label>
            </fieldset>
            {japan}
            {move || abroad().then(|| view! { <AbroadAddress/> })}
            <Postage/>
            <PaymentChoice/>
            <div class="actions">
                <button type="button" class="secondary" id="back" on:click=move |_| on_back()>{o.back}</button>
                <button type="submit" class="primary" id="check">{o.check}</button>
            </div>
        </form>
    }
}

/// An address abroad: the country, by name, and up to four lines.
#[component]
fn AbroadAddress() -> impl IntoView {
    let i18n = use_i18n();
    let o = i18n.orders();
    let state = expect_context::<OrderState>();
    let country_error = Signal::derive(move || state.error("/delivery/country"));
    let choices = move || {
        let chosen = state.delivery.with_untracked(|d| d.country.clone());
        countries(i18n.locale().tag())
            .into_iter()
            .map(|(code, name)| view! { <option value=code selected=chosen == code>{name}</option> })
            .collect_view()
    };
    let lines_error = Signal::derive(move || state.error("/delivery/address/lines"));
    view! {
        <div class="field" class:invalid=move || country_error.get().is_some()>
            <label for="country">{o.country}<span class="required">{move || i18n.t().required}</span></label>
            <select id="country" aria-invalid=move || country_error.get().is_some().to_string()
                on:change=move |ev| {
                    let code = event_target_value(&ev);
                    state.delivery.update(|d| d.country = code);
                    state.errors.update(|e| e.retain(|(p, _)| p != "/delivery/country"));
                }>
                <option value="">"—"</option>
                {choices}
            </select>
            <p class="error">{move || country_error.get()}</p>
        </div>
        <p class="section-note">{o.address_lines_note}</p>
        <p class="error" role="alert" id="lines-error">{move || lines_error.get()}</p>
        <DeliveryField id="line-1" pointer="/delivery/address/lines/0".into() label=(o.address_line)(1) required=true
            get=|d| d.lines[0].clone() set=|d, v| d.lines[0] = v/>
        <DeliveryField id="line-2" pointer="/delivery/address/lines/1".into() label=(o.address_line)(2) required=true
            get=|d| d.lines[1].clone() set=|d, v| d.lines[1] = v/>
        <DeliveryField id="line-3" pointer="/delivery/address/lines/2".into() label=(o.address_line)(3)
            get=|d| d.lines[2].clone() set=|d, v| d.lines[2] = v/>
        <DeliveryField id="line-4" pointer="/delivery/address/lines/3".into() label=(o.address_line)(4)
            get=|d| d.lines[3].clone() set=|d, v| d.lines[3] = v/>
    }
}

/// The postage options that fit the destination, and the sealed envelope.
#[component]
fn Postage() -> impl IntoView {
    let i18n = use_i18n();
    let o = i18n.orders();
    let state = expect_context::<OrderState>();
    let error = Signal::derive(move || state.error("/delivery/postage"));
    let choices = move || {
        let options = state.options.get()?;
        let abroad = state.delivery.with(|d| d.abroad);
        Some(
            options
                .postage_options
                .into_iter()
                .filter(|p| p.overseas == abroad)
                .map(|p| {
                    let code = p.code.clone();
                    let checked = code.clone();
                    view! {
                        <label class="choice">
                            <input type="radio" name="postage" class="postage" value=code.clone()
                                prop:checked=move || state.delivery.with(|d| d.postage == checked)
                                on:change=move |_| {
                                    state.delivery.update(|d| d.postage = code.clone());
                                    state.errors.update(|e| e.retain(|(p, _)| p != "/delivery/postage"));
                                }/>
                            <span>{p.name.get(i18n.locale()).to_owned()}" "{(o.yen)(p.fee_yen)}</span>
                        </label>
                    }
                })
                .collect_view(),
        )
    };
    let sealed = move || {
        let options = state.options.get()?;
        options.sealed_envelope.then(|| {
            let fee = (options.sealed_envelope_fee_yen > 0).then(|| format!(" (+{})", (o.yen)(options.sealed_envelope_fee_yen)));
            view! {
                <label class="choice">
                    <input type="checkbox" id="sealed-envelope" prop:checked=move || state.delivery.with(|d| d.sealed_envelope)
                        on:change=move |ev| state.delivery.update(|d| d.sealed_envelope = event_target_checked(&ev))/>
                    <span>{o.sealed_envelope}{fee}</span>
                </label>
                <p class="section-note">{o.sealed_note}</p>
            }
        })
    };
    view! {
        <fieldset class="field" id="postage" class:invalid=move || error.get().is_some()>
            <legend>{o.postage}<span class="required">{move || i18n.t().required}</span></legend>
            {choices}
            <p class="error" role="alert">{move || error.get()}</p>
        </fieldset>
        {sealed}
    }
}

/// The payment methods of the channel, when there is more than one.
#[component]
pub(super) fn PaymentChoice() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<OrderState>();
    move || {
        let methods: Vec<PaymentMethod> = state.options.get()?.payment_methods;
        (methods.len() > 1).then(|| {
            let choices = methods
                .into_iter()
                .map(|m| {
                    view! {
                        <label class="choice">
                            <input type="radio" name="payment" class="payment-choice" value=m.as_str()
                                prop:checked=move || state.method.get() == Some(m) on:change=move |_| state.method.set(Some(m))/>
                            <span>{payment_method(m, i18n.locale())}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field" id="payment">
                    <legend>{i18n.orders().payment}</legend>
                    {choices}
                </fieldset>
            }
        })
    }
}
