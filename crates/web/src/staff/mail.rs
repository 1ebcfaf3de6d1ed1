//! Undelivered mail (administrators only): the mail the SMTP server refused for good, with
//! its answer, and a Send again button for each. Temporary failures are not here: the
//! service retries them on its own.

use cis_shared::staff::{FailedMail, FailedMailList};
use cis_shared::Locale;
use leptos::prelude::*;

use super::{local_time, use_staff, StaffFrame};
use crate::api::Method;
use crate::components::ProblemBanner;
use crate::i18n::{use_i18n, I18n};

pub struct MailTexts {
    pub nav: &'static str,
    pub title: &'static str,
    pub note: &'static str,
    pub none: &'static str,
    pub recipient: &'static str,
    pub subject: &'static str,
    pub queued_at: &'static str,
    pub failed_at: &'static str,
    pub reason: &'static str,
    pub send_again: &'static str,
    pub sent_again: &'static str,
}

const JA: MailTexts = MailTexts {
    nav: "未配達メール",
    title: "未配達メール",
    note: "メールサーバーが受け取りを拒否したメールです（宛先不明など）。自動では再送しません。原因を確認のうえ「再送」を押してください。一時的な障害によるメールは自動で再送されるため、ここには表示されません。",
    none: "未配達のメールはありません。",
    recipient: "宛先",
    subject: "件名",
    queued_at: "作成日時",
    failed_at: "拒否日時",
    reason: "サーバーの応答",
    send_again: "再送",
    sent_again: "再送しました。",
};

const EN: MailTexts = MailTexts {
    nav: "Undelivered mail",
    title: "Undelivered mail",
    note: "Mail the mail server refused for good (an unknown address, for example). It is not sent again on its own: check the reason, then press Send again. Mail delayed by a temporary fault is retried automatically and is not listed here.",
    none: "No mail is undelivered.",
    recipient: "To",
    subject: "Subject",
    queued_at: "Written",
    failed_at: "Refused",
    reason: "The server's answer",
    send_again: "Send again",
    sent_again: "Sent again.",
};

impl I18n {
    pub fn mail(&self) -> &'static MailTexts {
        match self.locale() {
            Locale::Ja => &JA,
            Locale::En => &EN,
        }
    }
}

#[component]
pub fn UndeliveredMailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let reload = RwSignal::new(0u32);
    let resent = RwSignal::new(false);
    let list = LocalResource::new(move || {
        reload.track();
        let locale = untrack(|| i18n.locale());
        async move {
            if !session.logged_in() {
                return None;
            }
            Some(session.get::<FailedMailList>("/api/v1/staff/mail/failed", locale).await)
        }
    });
    let send_again = Action::new_local(move |id: &i64| {
        let path = format!("/api/v1/staff/mail/failed/{id}/retry");
        let locale = i18n.locale();
        async move {
            let result = session.call_no_content::<()>(Method::POST, &path, None, locale).await;
            resent.set(result.is_ok());
            reload.update(|n| *n += 1);
            result
        }
    });
    let failure = Signal::derive(move || send_again.value().get().and_then(Result::err));
    let page = move || {
        let (s, t) = (i18n.staff(), i18n.mail());
        if session.me().is_none() {
            return view! { <p class="loading">{s.loading}</p> }.into_any();
        }
        if !session.is_administrator() {
            return view! { <p class="banner" id="administrators-only">{s.administrators_only}</p> }.into_any();
        }
        match list.get().flatten() {
            None => view! { <p class="loading">{s.loading}</p> }.into_any(),
            Some(Err(failure)) => {
                view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="problem"/> }.into_any()
            }
            Some(Ok(list)) if list.items.is_empty() => {
                view! { <p class="empty" id="no-failed-mail">{t.none}</p> }.into_any()
            }
            Some(Ok(list)) => view! { <FailedMailTable items=list.items send_again/> }.into_any(),
        }
    };
    view! {
        <StaffFrame title=Signal::derive(move || i18n.mail().title)>
            <section class="card">
                <p class="hint">{move || i18n.mail().note}</p>
                {move || resent.get().then(|| view! { <p class="notice ok" role="status" id="mail-resent">{i18n.mail().sent_again}</p> })}
                <ProblemBanner failure id="retry-problem"/>
                {page}
            </section>
        </StaffFrame>
    }
}

#[component]
fn FailedMailTable(
    items: Vec<FailedMail>,
    send_again: Action<i64, Result<(), crate::api::ApiFailure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.mail(), i18n.locale());
    let rows = items
        .into_iter()
        .map(|mail| {
            let id = mail.id;
            view! {
                <tr class="failed-mail" data-id=id.to_string()>
                    <td class="break">{mail.recipient}</td>
                    <td class="break">{mail.subject}</td>
                    <td class="nowrap">{local_time(&mail.created_at, locale)}</td>
                    <td class="nowrap">{local_time(&mail.failed_at, locale)}</td>
                    <td class="break reason"><code>{mail.reason}</code></td>
                    <td class="nowrap"><button type="button" class="small send-again" disabled=move || send_again.pending().get()
                        on:click=move |_| { send_again.dispatch(id); }>{t.send_again}</button></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="staff-table" id="failed-mail">
                <thead><tr>
                    <th>{t.recipient}</th><th>{t.subject}</th><th>{t.queued_at}</th><th>{t.failed_at}</th>
                    <th>{t.reason}</th><th>{i18n.staff().operations}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
