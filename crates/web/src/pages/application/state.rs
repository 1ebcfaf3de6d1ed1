//! The applicant form's state, shared by its pieces as a context: the form, the images
//! uploaded under the link, the catalogue its checks need, and which errors show where.
//! The additional student ID's form (manual 2.3) uses it too, checked by its own rules.
//! The form's pieces, the draft and the confirmation import it; it imports none of them.

use std::collections::HashSet;

use cis_shared::application::{self as rules, ApplicationForm, Violations};
use cis_shared::catalog::{AffiliationNode, DegreeProgram};
use cis_shared::fields::Date;
use cis_shared::messages::ErrorCode;
use cis_shared::student_id;
use cis_shared::Locale;
use leptos::prelude::*;

use crate::api;
use crate::components::focus;

/// The form and what its checks need, shared by its pieces (context).
#[derive(Clone, Copy)]
pub struct FormState {
    pub form: RwSignal<ApplicationForm>,
    /// The images uploaded under the link (and, for a resubmission, attached before).
    pub uploaded: RwSignal<Vec<i64>>,
    pub tree: Memo<Vec<AffiliationNode>>,
    pub programs: Memo<Vec<DegreeProgram>>,
    violations: Memo<Violations>,
    touched: RwSignal<HashSet<&'static str>>,
    checked: RwSignal<bool>,
    /// The API's refusals (422), each until its field is edited.
    server: RwSignal<Violations>,
    /// The problems listed at the top after a refused Check, until the next Check.
    summary: RwSignal<Option<Violations>>,
}

fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date { year: now.get_full_year() as u16, month: now.get_month() as u8 + 1, day: now.get_date() as u8 }
}

/// What the form is checked by.
#[derive(Clone)]
pub enum Rules {
    /// Rules of the whole form: the application for use's (manual 2.1 steps 9–13), or those
    /// of some of its sections.
    Form(fn(&ApplicationForm, &rules::Context<'_>) -> Violations),
    /// Only its student record, for an additional student ID number (manual 2.3 step 7),
    /// whose student ID must not be one of these (the account's).
    StudentRecord(Vec<String>),
}

impl FormState {
    pub fn new(form: ApplicationForm, uploaded: Vec<i64>) -> FormState {
        FormState::with_rules(form, uploaded, Rules::Form(rules::validate))
    }

    /// A form checked by other rules than the whole application's (Personal setting checks
    /// only its own sections, an additional student ID only its student record).
    pub fn with_rules(form: ApplicationForm, uploaded: Vec<i64>, checked_by: Rules) -> FormState {
        let affiliations = LocalResource::new(move || api::affiliations(Locale::Ja));
        let programs = LocalResource::new(move || api::degree_programs(Locale::Ja));
        let tree = Memo::new(move |_| affiliations.get().and_then(Result::ok).unwrap_or_default());
        let programs = Memo::new(move |_| programs.get().and_then(Result::ok).unwrap_or_default());
        let (form, uploaded) = (RwSignal::new(form), RwSignal::new(uploaded));
        let violations = Memo::new(move |_| {
            let (tree, programs, uploaded) = (tree.get(), programs.get(), uploaded.get());
            let context = rules::Context {
                today: today(),
                affiliations: &tree,
                degree_programs: &programs,
                uploaded_documents: &uploaded,
            };
            form.with(|f| match &checked_by {
                Rules::Form(validate) => validate(f, &context),
                Rules::StudentRecord(taken) => student_id::validate(&f.enrollment, &tree, &programs, taken),
            })
        });
        FormState {
            form,
            uploaded,
            tree,
            programs,
            violations,
            touched: RwSignal::new(HashSet::new()),
            checked: RwSignal::new(false),
            server: RwSignal::new(Vec::new()),
            summary: RwSignal::new(None),
        }
    }

    /// The error to show at a field: the API's, or the form's own once the field has been
    /// left or after Check.
    pub fn error(self, pointer: &'static str) -> Signal<Option<ErrorCode>> {
        Signal::derive(move || {
            let find = |v: &Violations| v.iter().find(|(p, _)| p == pointer).map(|(_, c)| *c);
            let shown = self.checked.get() || self.touched.with(|t| t.contains(pointer));
            self.server.with(find).or_else(|| shown.then(|| self.violations.with(find)).flatten())
        })
    }

    pub fn touch(self, pointer: &'static str) {
        self.touched.update(|t| {
            t.insert(pointer);
        });
    }

    /// Changes the form at `pointer`; the API's refusal of the old value goes.
    pub fn edit(self, pointer: &'static str, change: impl FnOnce(&mut ApplicationForm)) {
        self.form.update(change);
        if self.server.with_untracked(|s| s.iter().any(|(p, _)| p == pointer)) {
            self.server.update(|s| s.retain(|(p, _)| p != pointer));
        }
    }

    /// Check: every problem, the API's first. A form without any goes on (`true`) and the
    /// summary at the top goes; otherwise the summary lists them and takes the focus.
    pub fn check(self) -> bool {
        self.checked.set(true);
        let mut problems = self.server.get_untracked();
        for (pointer, code) in self.violations.get_untracked() {
            if !problems.iter().any(|(p, _)| *p == pointer) {
                problems.push((pointer, code));
            }
        }
        if problems.is_empty() {
            self.summary.set(None);
            true
        } else {
            self.refuse(problems);
            false
        }
    }

    /// The problems listed at the top after a refused Check (tracked).
    pub fn summary(self) -> Option<Violations> {
        self.summary.get()
    }

    /// A refused Check: the summary at the top lists the problems and takes the focus.
    fn refuse(self, problems: Violations) {
        self.summary.set(Some(problems));
        request_animation_frame(|| {
            if let Some(summary) = document().get_element_by_id("error-summary") {
                summary.scroll_into_view();
                focus(&summary);
            }
        });
    }

    /// The API refused the form (422): its field errors, at their fields and in the summary.
    pub fn refuse_from_server(self, problems: Violations) {
        self.server.set(problems.clone());
        self.checked.set(true);
        self.refuse(problems);
    }
}
