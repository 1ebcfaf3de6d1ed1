//! An order's issued copies for staff (issue 11): the certificate, its verification code,
//! whether it stands, when it was issued and printed, and Revoke with a reason; and the PDFs
//! staff print (a post order's one file, the counter's copies), fetched with the staff token.

use cis_shared::documents::{CopyStatus, IssuedCopy};
use cis_shared::fulfilment::{check_reason, StaffReason};
use cis_shared::messages::ErrorCode;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{local_time, revoke_object_url, use_staff, Dialog};
use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, focus_first_invalid, Field, ProblemBanner, Submit};
use crate::i18n::{copy_status, use_i18n};

/// Bumped when the order's copies may have changed (the post order's PDF issues them).
#[derive(Clone, Copy)]
pub struct CopiesReload(pub RwSignal<u32>);

/// A PDF served to staff only, fetched with the staff token as soon as it is shown, then a
/// link that saves it as `file_name` (opened from the browser's downloads to print it: a
/// `blob:` document would inherit the SPA's CSP, whose `object-src 'none'` may keep the
/// browser's PDF viewer out). `on_ready` runs once it is fetched.
#[component]
pub fn PdfLink(
    path: String,
    id: String,
    file_name: String,
    #[prop(optional)] on_ready: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let url = RwSignal::new(None::<Result<String, ApiFailure>>);
    let locale = untrack(|| i18n.locale());
    spawn_local(async move {
        let result = session.blob_url(&path, "application/pdf", locale).await;
        let fetched = result.is_ok();
        match url.try_set(Some(result)) {
            // The screen went while the file loaded.
            Some(Some(Ok(url))) => revoke_object_url(&url),
            Some(_) => {}
            None => {
                if let (true, Some(ready)) = (fetched, on_ready) {
                    ready.run(());
                }
            }
        }
    });
    on_cleanup(move || {
        if let Some(Some(Ok(url))) = url.try_get_untracked() {
            revoke_object_url(&url);
        }
    });
    move || match url.get() {
        None => view! { <span class="loading">{i18n.staff().loading}</span> }.into_any(),
        Some(Ok(href)) => view! {
            <a class="pdf-link" id=id.clone() href=href download=file_name.clone()>{i18n.printing().open_pdf}</a>
        }
        .into_any(),
        Some(Err(failure)) => {
            view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="pdf-problem"/> }.into_any()
        }
    }
}

/// A post order's one file to print, the cover letter and every copy: fetched only when
/// asked for, since its first download issues the copies (which the list then shows).
#[component]
pub fn PostPdf(number: String) -> impl IntoView {
    let i18n = use_i18n();
    let reload = expect_context::<CopiesReload>().0;
    let asked = RwSignal::new(false);
    let (path, file_name) = (format!("/api/v1/staff/orders/{number}/pdf"), format!("order-{number}.pdf"));
    let ready = Callback::new(move |_| reload.update(|n| *n += 1));
    // The order's screen is drawn again when the language changes: its texts are read once.
    let t = i18n.printing();
    view! {
        <div class="action-form" id="post-pdf">
            <p class="section-note">{t.pdf_note}</p>
            {move || if asked.get() {
                view! { <PdfLink path=path.clone() id="order-pdf".to_owned() file_name=file_name.clone() on_ready=ready/> }.into_any()
            } else {
                view! {
                    <button type="button" class="secondary" id="download-pdf" on:click=move |_| asked.set(true)>
                        {t.download_pdf}
                    </button>
                }
                .into_any()
            }}
        </div>
    }
}

/// The copies issued for the order, each with Revoke while it stands.
#[component]
pub fn OrderCopies(number: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let reload = expect_context::<CopiesReload>().0;
    // A signal filled by a task rather than a resource: the staff bundle is weighed.
    let copies = RwSignal::new(None::<Result<Vec<IssuedCopy>, ApiFailure>>);
    Effect::new(move |_| {
        reload.track();
        let (path, locale) = (format!("/api/v1/staff/orders/{number}/copies"), untrack(|| i18n.locale()));
        spawn_local(async move {
            let _ = copies.try_set(Some(session.get::<Vec<IssuedCopy>>(&path, locale).await));
        });
    });
    let revoking = RwSignal::new(None::<IssuedCopy>);
    let (done, reason_error) = (RwSignal::new(None::<String>), RwSignal::new(None::<ErrorCode>));
    // Owned here, not by the dialog, which closes before the answer is read.
    let revoke: Submit<(i64, String, StaffReason), IssuedCopy> =
        Action::new_local(move |(id, code, body): &(i64, String, StaffReason)| {
            let (path, code, body, locale) =
                (format!("/api/v1/staff/copies/{id}/revocation"), code.clone(), body.clone(), i18n.locale());
            async move {
                let answer = session.call::<_, IssuedCopy>(Method::POST, &path, Some(&body), locale).await;
                match &answer {
                    Ok(_) => {
                        revoking.set(None);
                        done.set(Some(code));
                        reload.update(|n| *n += 1);
                    }
                    Err(ApiFailure::Problem(p)) => {
                        reason_error.set(p.errors.iter().find(|e| e.field == "/reason").map(|e| e.code))
                    }
                    Err(ApiFailure::Network) => {}
                }
                answer
            }
        });
    let p = i18n.printing();
    let table = move || {
        let rows = match copies.get()? {
            Err(failure) => {
                return Some(
                    view! { <ProblemBanner failure=Signal::stored(Some(failure)) id="copies-problem"/> }.into_any(),
                )
            }
            Ok(list) if list.is_empty() => {
                return Some(view! { <p class="empty" id="no-copies">{p.no_copies}</p> }.into_any())
            }
            Ok(list) => list.into_iter().map(|c| copy_row(c, revoking, i18n)).collect_view(),
        };
        Some(
            view! {
                <div class="table-scroll">
                    <table class="staff-table" id="copy-list">
                        <thead><tr>
                            <th>{p.certificate}</th><th>{p.verification_code}</th><th>{p.status}</th>
                            <th>{p.issued_at}</th><th>{p.printed_at}</th><th></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any(),
        )
    };
    view! {
        <section class="card" id="copies">
            <h2>{p.copies}</h2>
            {move || done.get().map(|code| view! { <p class="notice ok" role="status" id="copy-revoked">{(p.done_revoke)(&code)}</p> })}
            {table}
        </section>
        {move || revoking.get().map(|copy| view! { <RevokeDialog copy revoking revoke error=reason_error/> })}
    }
}

fn copy_row(c: IssuedCopy, revoking: RwSignal<Option<IssuedCopy>>, i18n: crate::i18n::I18n) -> impl IntoView {
    let (p, locale) = (i18n.printing(), i18n.locale());
    let revoked = c.status == CopyStatus::Revoked;
    let when = c.revoked_at.as_deref().map(|at| local_time(at, locale));
    let reason = c.revocation_reason.clone();
    let (code, issued, printed) = (
        c.verification_code.clone(),
        local_time(&c.issued_at, locale),
        c.printed_at.as_deref().map(|at| local_time(at, locale)),
    );
    let (title, status) = (c.certificate_type.clone(), copy_status(c.status, locale));
    let row_code = code.clone();
    view! {
        <tr class="copy-row" class:revoked=revoked data-code=row_code>
            <td>{title}</td>
            <td class="nowrap"><code class="verification-code">{code}</code></td>
            <td>
                <span class=if revoked { "state state-rejected" } else { "state state-approved" }>{status}</span>
                {when.map(|w| view! { " "<span class="nowrap">{w}</span> })}
                {reason.map(|r| view! { <br/><span class="kana revocation-reason">{r}</span> })}
            </td>
            <td class="nowrap">{issued}</td>
            <td class="nowrap">{printed}</td>
            <td>{(!revoked).then(|| view! {
                <button type="button" class="small secondary revoke-copy" on:click=move |_| revoking.set(Some(c.clone()))>{p.revoke}</button>
            })}</td>
        </tr>
    }
}

/// Revoke, confirmed with its consequence, and the reason the verification shows (checked
/// here as the API will).
#[component]
fn RevokeDialog(
    copy: IssuedCopy,
    revoking: RwSignal<Option<IssuedCopy>>,
    revoke: Submit<(i64, String, StaffReason), IssuedCopy>,
    error: RwSignal<Option<ErrorCode>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = i18n.printing();
    let reason = RwSignal::new(String::new());
    error.set(None);
    let (id, code) = (copy.id, copy.verification_code.clone());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match check_reason(&StaffReason { reason: reason.get_untracked() }) {
            Ok(reason) => {
                error.set(None);
                revoke.dispatch((id, code.clone(), StaffReason { reason }));
            }
            Err(broken) => {
                error.set(broken.first().map(|(_, code)| *code));
                focus_first_invalid();
            }
        }
    };
    let close = Callback::new(move |_| revoking.set(None));
    view! {
        <Dialog id="revoke-dialog" title=Signal::stored(p.revoke) on_close=close>
            <form on:submit=submit novalidate>
                <p class="dialog-text">{p.revoke_text}</p>
                <p class="dialog-subject"><span>{copy.certificate_type.clone()}</span>" "<code>{copy.verification_code.clone()}</code></p>
                <Field id="revoke-reason" label=Signal::stored(p.reason) required=true error>
                    <textarea id="revoke-reason" rows="3" maxlength="200" bind:value=reason></textarea>
                </Field>
                <ProblemBanner failure=failure_of(revoke) id="revoke-problem"/>
                <div class="actions">
                    <button type="button" class="secondary" id="revoke-cancel" on:click=move |_| close.run(())>
                        {i18n.staff().cancel}
                    </button>
                    <button type="submit" class="danger" id="revoke-confirm" disabled=move || revoke.pending().get()>
                        {p.revoke}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
