//! Certificate orders for staff (issue 10): the fulfilment queue (post orders paid and in
//! preparation, oldest paid first) by default, every state on demand, a search by order or
//! reservation number, name or address; each line opens the order. The filter lives in the
//! address, so Back returns to the same list.

use cis_shared::orders::{OrderState, StaffOrderPage, StaffOrderSummary};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::queue::encode;
use super::{local_time, use_staff, Pager, SearchField, StaffFrame};
use crate::api::ApiFailure;
use crate::components::ProblemBanner;
use crate::i18n::use_i18n;

const PER_PAGE: u64 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Filter {
    /// A state code, or `all`.
    state: String,
    q: String,
    page: u64,
}

impl Filter {
    fn to_query(&self) -> String {
        let mut query = format!("state={}", self.state);
        if !self.q.trim().is_empty() {
            query.push_str(&format!("&q={}", encode(self.q.trim())));
        }
        if self.page > 1 {
            query.push_str(&format!("&page={}", self.page));
        }
        query
    }

    fn api_path(&self) -> String {
        let mut path = format!("/api/v1/staff/orders?per_page={PER_PAGE}&page={}", self.page);
        if OrderState::parse(&self.state).is_some() {
            path.push_str(&format!("&state={}", self.state));
        }
        if !self.q.trim().is_empty() {
            path.push_str(&format!("&q={}", encode(self.q.trim())));
        }
        path
    }
}

type OrderList = LocalResource<Option<Result<StaffOrderPage, ApiFailure>>>;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let query = use_query_map();
    let navigate = use_navigate();
    let filter = Memo::new(move |_| {
        query.with(|q| Filter {
            state: q.get("state").unwrap_or_else(|| OrderState::InPreparation.as_str().to_owned()),
            q: q.get("q").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        })
    });
    let go = Callback::new(move |f: Filter| {
        navigate(&format!("/staff/orders?{}", f.to_query()), NavigateOptions::default())
    });
    let list: OrderList = LocalResource::new(move || {
        let path = filter.get().api_path();
        let locale = untrack(|| i18n.locale());
        async move {
            if !session.logged_in() {
                return None;
            }
            Some(session.get::<StaffOrderPage>(&path, locale).await)
        }
    });
    view! {
        <StaffFrame title=Signal::derive(move || i18n.staff_orders().list_title)>
            <OrderFilters filter go/>
            <section class="card"><OrderTable list filter go/></section>
        </StaffFrame>
    }
}

#[component]
fn OrderFilters(filter: Memo<Filter>, go: Callback<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(filter.get_untracked().q);
    Effect::new(move |_| search.set(filter.get().q));
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        go.run(Filter { q: search.get_untracked(), page: 1, ..filter.get_untracked() });
    };
    let choices = move || {
        let (selected, locale) = (filter.get().state, i18n.locale());
        OrderState::ALL
            .into_iter()
            .map(|s| (s.as_str(), s.label(locale)))
            .chain([("all", i18n.staff_orders().all)])
            .map(|(code, text)| view! { <option value=code selected=selected == code>{text}</option> })
            .collect_view()
    };
    view! {
        <form class="card filters" on:submit=on_search>
            <div class="field">
                <label for="filter-state">{move || i18n.staff_orders().state}</label>
                <select id="filter-state" on:change=move |ev| {
                    go.run(Filter { state: event_target_value(&ev), page: 1, ..filter.get_untracked() })
                }>{choices}</select>
            </div>
            <SearchField value=search hint=Signal::derive(move || i18n.staff_orders().search_hint)/>
        </form>
        {move || (filter.get().state == OrderState::InPreparation.as_str())
            .then(|| view! { <p class="section-note" id="queue-note">{i18n.staff_orders().queue_note}</p> })}
    }
}

#[component]
fn OrderTable(list: OrderList, filter: Memo<Filter>, go: Callback<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let t = i18n.staff_orders();
        match list.get().flatten() {
            None => view! { <p class="loading">{i18n.staff().loading}</p> }.into_any(),
            Some(Err(failure)) => {
                view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any()
            }
            Some(Ok(page)) if page.items.is_empty() => {
                view! { <p class="empty" id="no-orders">{t.no_orders}</p> }.into_any()
            }
            Some(Ok(page)) => view! {
                <div class="table-scroll">
                    <table class="staff-table" id="orders">
                        <thead><tr>
                            <th>{t.order_number}</th><th>{t.state}</th><th>{t.channel}</th><th>{t.graduate}</th>
                            <th>{t.total}</th><th>{t.ordered_at}</th><th>{t.paid_at}</th>
                        </tr></thead>
                        <tbody>{page.items.into_iter().map(|order| view! { <OrderRow order/> }).collect_view()}</tbody>
                    </table>
                </div>
                <Pager total=page.total page=page.page per_page=page.per_page
                    on_page=Callback::new(move |p| go.run(Filter { page: p, ..filter.get_untracked() }))/>
            }
            .into_any(),
        }
    }
}

#[component]
fn OrderRow(order: StaffOrderSummary) -> impl IntoView {
    let i18n = use_i18n();
    let (o, locale) = (i18n.orders(), i18n.locale());
    let href = format!("/staff/orders/{}", order.order_number);
    let channel = crate::i18n::channel_name(order.channel, i18n);
    let number = order.order_number.clone();
    view! {
        <tr class="order-row" data-order=order.order_number>
            <td class="nowrap"><A href=href>{number}</A></td>
            <td><span class=format!("state state-{}", order.state.as_str())>{order.state.label(locale)}</span></td>
            <td>{channel}</td>
            <td>{order.name}<span class="kana break">{order.email}</span></td>
            <td class="nowrap">{(o.yen)(order.total_yen)}</td>
            <td class="nowrap">{local_time(&order.created_at, locale)}</td>
            <td class="nowrap">{order.paid_at.as_deref().map(|t| local_time(t, locale))}</td>
        </tr>
    }
}
