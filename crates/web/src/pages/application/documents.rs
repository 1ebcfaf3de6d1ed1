//! Manual 2.1 step 13: the identity document, its images and the remarks. Each image can be
//! looked at full size, replaced (choose another file: the upload names the one it
//! `replaces`, which the API deletes) or removed from the form before the Check.

use cis_shared::application::{ApplicationForm, IdentityDocumentKind};
use leptos::prelude::*;

use super::fields::{Choice, ChoiceGroup};
use super::link::use_link;
use super::state::FormState;
use crate::api::{self, ApiFailure};
use crate::components::{Field, ProblemBanner, ZoomableImage};
use crate::i18n::use_i18n;

/// The two images of the document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Front,
    Back,
}

impl Side {
    fn pointer(self) -> &'static str {
        match self {
            Side::Front => "/identity_document/front",
            Side::Back => "/identity_document/back",
        }
    }

    /// The file input's id; the preview is `{id}-preview`, the Remove button `{id}-remove`.
    fn id(self) -> &'static str {
        match self {
            Side::Front => "front",
            Side::Back => "back",
        }
    }

    fn get(self, f: &ApplicationForm) -> Option<i64> {
        match self {
            Side::Front => f.identity_document.front,
            Side::Back => f.identity_document.back,
        }
    }

    fn set(self, f: &mut ApplicationForm, id: Option<i64>) {
        match self {
            Side::Front => f.identity_document.front = id,
            Side::Back => f.identity_document.back = id,
        }
    }
}

#[component]
pub fn DocumentSection() -> impl IntoView {
    let i18n = use_i18n();
    let r = move || i18n.r();
    let state = expect_context::<FormState>();
    let form = state.form;
    view! {
        <h2>{move || r().document_section}</h2>
        <p class="section-note">{move || r().document_note}</p>
        <ChoiceGroup pointer="/identity_document/kind">
            {IdentityDocumentKind::ALL.into_iter().enumerate().map(|(i, kind)| view! {
                <Choice name="document_kind" id=format!("kind-{i}")
                    checked=Signal::derive(move || form.with(|f| f.identity_document.kind == kind))
                    on_choose=Callback::new(move |_| form.update(|f| f.identity_document.kind = kind))>
                    {move || r().document_kinds[i]}
                </Choice>
            }).collect_view()}
        </ChoiceGroup>
        <ImageUpload side=Side::Front/>
        <ImageUpload side=Side::Back/>
        <p class="hint">{move || r().image_shown}</p>
        <Field id="remarks" label=Signal::derive(move || i18n.r().remarks) error=state.error("/remarks")>
            <textarea id="remarks" rows="3"
                prop:value=move || form.with(|f| f.remarks.clone())
                on:input=move |ev| state.edit("/remarks", |f| f.remarks = event_target_value(&ev))></textarea>
        </Field>
    }
}

/// One image: the file input (uploading with progress), the preview that opens full size,
/// and Remove.
#[component]
fn ImageUpload(side: Side) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<FormState>();
    let link = use_link();
    let (form, uploaded) = (state.form, state.uploaded);
    let progress = RwSignal::new(None::<f64>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let (base, preview_base) = (link.base.clone(), link.base.clone());
    let upload = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        // The same file chosen again after Remove is a change again.
        input.set_value("");
        progress.set(Some(0.0));
        failure.set(None);
        let (base, link, locale) = (base.clone(), link.clone(), i18n.locale());
        let replaces = form.with_untracked(|f| side.get(f));
        leptos::task::spawn_local(async move {
            let result = api::upload_document(&base, file, replaces, locale, move |p| progress.set(Some(p))).await;
            progress.set(None);
            match result {
                Ok(doc) => {
                    uploaded.update(|u| u.push(doc.id));
                    state.edit(side.pointer(), |f| side.set(f, Some(doc.id)));
                    state.touch(side.pointer());
                }
                Err(err) if link.note(&err) => {}
                Err(err) => failure.set(Some(err)),
            }
        });
    };
    let label = Signal::derive(move || match side {
        Side::Front => i18n.r().front_image,
        Side::Back => i18n.r().back_image,
    });
    let preview = move || {
        let id = form.with(|f| side.get(f))?;
        let src = api::document_path(&preview_base, id);
        Some(view! {
            <div class="uploaded">
                <ZoomableImage src=src alt=Signal::derive(move || label.get().to_owned()) id=format!("{}-preview", side.id())/>
                <div class="uploaded-actions">
                    <p class="hint">{move || i18n.r().replace_hint}</p>
                    <button type="button" class="secondary small" id=format!("{}-remove", side.id())
                        on:click=move |_| {
                            state.edit(side.pointer(), |f| side.set(f, None));
                            focus_input(side.id());
                        }>
                        {move || i18n.r().remove_image}
                    </button>
                </div>
            </div>
        })
    };
    let problem_id = if side == Side::Front { "front-problem" } else { "back-problem" };
    view! {
        <Field id=side.id() label required={side == Side::Front} error=state.error(side.pointer())>
            <input id=side.id() type="file" accept="image/jpeg,image/gif,image/png" on:change=upload/>
            {move || progress.get().map(|p| view! {
                // In whole percent: formatting an f64 would bring 10 KB of float printing into the bundle.
                <progress max="100" value=(p * 100.0).round() as u32></progress><span class="uploading">{i18n.r().uploading}</span>
            })}
            <ProblemBanner failure id=problem_id/>
            {preview}
        </Field>
    }
}

/// After Remove, the focus goes to the file input that took the image's place.
fn focus_input(id: &'static str) {
    request_animation_frame(move || {
        if let Some(input) = document().get_element_by_id(id) {
            crate::components::focus(&input);
        }
    });
}
