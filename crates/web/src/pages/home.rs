//! The top page after login (manual 2.4 (a)): the graduate by name and their student records.

use cis_shared::auth::{EnrollmentInfo, Me};
use cis_shared::catalog::DegreeProgram;
use cis_shared::Locale;
use leptos::prelude::*;

use crate::api::{self, ApiFailure, Method};
use crate::components::ProblemBanner;
use crate::i18n::use_i18n;
use crate::menu::GraduateLayout;
use crate::session::use_session;

#[component]
pub fn TopPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = LocalResource::new(move || async move {
        let me = session.call::<(), Me>(Method::GET, "/api/v1/me", None, Locale::Ja).await;
        if let Ok(me) = &me {
            session.set_idle_timeout(me.idle_timeout_seconds);
        }
        me
    });
    let programs = LocalResource::new(move || api::degree_programs(Locale::Ja));
    let failure = RwSignal::new(None::<ApiFailure>);
    Effect::new(move |_| {
        // 401s take the graduate to the login screen; the rest is said here.
        if let Some(Err(err)) = me.get() {
            if err.unauthorized().is_none() {
                failure.set(Some(err));
            }
        }
    });

    let body = move || {
        let me = me.get()?.ok()?;
        let s = i18n.s();
        let programs = programs.get().and_then(Result::ok).unwrap_or_default();
        let records = me.enrollments.iter().map(|e| enrollment(e, i18n.locale(), &programs)).collect_view();
        Some(view! {
            <section class="card" id="welcome">
                <h2 id="graduate-name">{s.greeting_before}{me.name.clone()}{s.greeting_after}</h2>
                <p class="applying-as">{me.email.clone()}</p>
            </section>
            <section class="card" id="enrollments">
                <h2>{s.enrollments}</h2>
                {records}
            </section>
        })
    };

    view! {
        <GraduateLayout title=Signal::derive(move || i18n.s().top_title)>
            <ProblemBanner failure/>
            {move || me.get().is_none().then(|| view! { <p class="card">{i18n.r().loading}</p> })}
            {body}
        </GraduateLayout>
    }
}

/// One student record: student ID, affiliation path and degree program in the screen's
/// language, graduation year/month.
fn enrollment(e: &EnrollmentInfo, locale: Locale, programs: &[DegreeProgram]) -> impl IntoView {
    let r = use_i18n().r();
    let path = e.affiliation_path.iter().map(|n| n.get(locale).to_owned()).collect::<Vec<_>>().join(" / ");
    let program = programs
        .iter()
        .find(|p| p.code == e.degree_program)
        .map(|p| p.name.get(locale).to_owned())
        .unwrap_or_else(|| e.degree_program.clone());
    view! {
        <dl class="confirm enrollment">
            <dt>{r.student_id}</dt>
            <dd class="student-id">{e.student_id.clone()}</dd>
            <dt>{r.affiliation_all}</dt>
            <dd class="affiliation">{path}</dd>
            <dt>{r.degree_program}</dt>
            <dd class="program">{program}</dd>
            <dt>{r.graduation}</dt>
            <dd class="graduation">{e.graduation.replace('-', "/")}</dd>
        </dl>
    }
}
