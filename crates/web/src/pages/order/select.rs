//! Manual 2.3 step 15: the student ID number (a choice when there are several) and the
//! table of certificate types — type, commission, number of copies — where what this
//! student record may not order through this channel is greyed, with the reason.

use cis_shared::auth::EnrollmentInfo;
use cis_shared::ordering::{Channel, OrderableType};
use leptos::prelude::*;
use leptos_router::components::A;

use super::OrderState;
use crate::i18n::use_i18n;

#[component]
pub fn Selection(enrollments: Vec<EnrollmentInfo>, on_next: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let o = i18n.orders();
    let state = expect_context::<OrderState>();
    let student_ids = match enrollments.len() {
        0 => view! { <p class="banner" id="no-student-id">{o.no_student_id}</p> }.into_any(),
        1 => view! {
            <dl class="confirm"><dt>{o.student_id}</dt><dd class="student-id">{enrollments[0].student_id.clone()}</dd></dl>
        }
        .into_any(),
        _ => view! { <StudentIdChoice enrollments/> }.into_any(),
    };
    let rows = move || {
        state.options.get().map(|options| options.types.into_iter().map(|t| view! { <TypeRow t/> }).collect_view())
    };
    let store_note = move || {
        let options = state.options.get()?;
        (state.channel == Channel::ConvenienceStore)
            .then(|| view! { <p class="section-note" id="store-note">{(o.store_note)(options.print_fee_per_sheet_yen, options.print_deadline_days)}</p> })
    };
    let none_chosen = move || {
        state.error("/items").map(|_| view! { <p class="error" role="alert" id="none-chosen">{o.none_chosen}</p> })
    };
    view! {
        <form class="card order-select" novalidate on:submit=move |ev| { ev.prevent_default(); on_next(); }>
            {student_ids}
            <div class="table-scroll">
                <table class="certificates">
                    <thead><tr>
                        <th scope="col">{o.type_column}</th>
                        <th scope="col" class="number">{o.commission_column}</th>
                        <th scope="col" class="number">{o.copies_column}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {store_note}
            {(state.channel == Channel::ConvenienceStore).then(|| view! { <super::delivery::PaymentChoice/> })}
            {none_chosen}
            <div class="actions">
                <A href="/home" attr:class="button secondary" attr:id="back">{o.back}</A>
                <button type="submit" class="primary" id="next">{o.next}</button>
            </div>
        </form>
    }
}

/// The student ID numbers as radio buttons (manual 2.3 step 15: "Check that two student ID
/// numbers are selectable"); another one reads that record's options and clears the copies.
#[component]
fn StudentIdChoice(enrollments: Vec<EnrollmentInfo>) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<OrderState>();
    let choices = enrollments
        .into_iter()
        .map(|e| {
            let id = e.id;
            view! {
                <label class="choice">
                    <input type="radio" name="enrollment" value=id.to_string() class="student-id-choice"
                        prop:checked=move || state.enrollment.get() == id
                        on:change=move |_| state.enrollment.set(id)/>
                    <span>{e.student_id.clone()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field" id="student-ids">
            <legend>{i18n.orders().student_id}</legend>
            <p class="section-note">{i18n.orders().student_id_note}</p>
            {choices}
        </fieldset>
    }
}

/// One certificate type: its name, commission and a choice of 0 to its most copies;
/// greyed with the reason when it cannot be ordered.
#[component]
fn TypeRow(t: OrderableType) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<OrderState>();
    let id = t.certificate_type_id;
    let copies = move || state.copies.with(|c| c.iter().find(|(i, _)| *i == id).map(|(_, n)| *n).unwrap_or(0));
    let set = move |n: u32| {
        state.copies.update(|c| {
            c.retain(|(i, _)| *i != id);
            c.push((id, n));
        });
        state.errors.update(|e| e.retain(|(p, _)| p != "/items"));
    };
    let options = (0..=t.max_copies)
        .map(|n| view! { <option value=n.to_string() selected=move || copies() == n>{n}</option> })
        .collect_view();
    let name = t.name.clone();
    let reason = t.reason.map(|r| view! { <span class="reason">{r.message(i18n.locale())}</span> });
    let label = format!("copies-{}", t.code);
    view! {
        <tr class:disabled=!t.orderable class="certificate-type" data-code=t.code.clone()>
            <th scope="row">
                <label for=label.clone()>{name.get(i18n.locale()).to_owned()}</label>
                {reason}
            </th>
            <td class="number commission">{(i18n.orders().yen)(t.unit_fee_yen)}</td>
            <td class="number">
                <select id=label class="copies" disabled=!t.orderable
                    on:change=move |ev| set(event_target_value(&ev).parse().unwrap_or(0))>
                    {options}
                </select>
            </td>
        </tr>
    }
}
