//! The form kept in the browser while it is filled in: sessionStorage, under the applicant's
//! mail address (the link's), so a reload, Back and forward, or a new link mailed to the same
//! address after this one expired bring the entries back in the same tab. Every text, choice
//! and radio button is kept; of the identity document images only their ids, and only for
//! the link they were uploaded under (the API attaches nothing else): never the images.
//! The draft is forgotten once the application is received.

use cis_shared::application::ApplicationForm;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::link::LinkKind;
use super::state::FormState;

#[derive(Serialize, Deserialize)]
pub struct Draft {
    /// The API path of the link the images were uploaded under.
    base: String,
    form: ApplicationForm,
    uploaded: Vec<i64>,
}

/// A draft brought back for a link.
pub struct Restored {
    pub form: ApplicationForm,
    pub uploaded: Vec<i64>,
    /// The draft was made under this very link (a reload, Back).
    pub same_link: bool,
    /// Images of the draft's link were left out: the applicant attaches them again.
    pub images_dropped: bool,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn key(kind: LinkKind, email: &str) -> String {
    let kind = match kind {
        LinkKind::Registration => "registration",
        LinkKind::Resubmission => "resubmission",
        LinkKind::StudentId => "student_id",
    };
    format!("cis.draft.{kind}.{}", cis_shared::email::normalize(email))
}

impl Draft {
    pub fn load(kind: LinkKind, email: &str) -> Option<Draft> {
        let text = storage()?.get_item(&key(kind, email)).ok()??;
        serde_json::from_str(&text).ok()
    }

    pub fn save(kind: LinkKind, email: &str, base: &str, state: &FormState) {
        let draft = Draft { base: base.to_owned(), form: state.form.get(), uploaded: state.uploaded.get() };
        if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&draft)) {
            let _ = storage.set_item(&key(kind, email), &text);
        }
    }

    pub fn clear(kind: LinkKind, email: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&key(kind, email));
        }
    }

    /// The draft for the link `base`, whose own form is `given` with the images `attached`:
    /// images of another link are dropped unless the link itself still has them.
    pub fn restore(self, base: &str, given: ApplicationForm, attached: &[i64]) -> Restored {
        let same_link = self.base == base;
        let mut form = self.form;
        let mut uploaded = attached.to_vec();
        if same_link {
            uploaded.extend(self.uploaded.iter().filter(|id| !attached.contains(id)));
        }
        let usable = |id: &Option<i64>| id.filter(|id| uploaded.contains(id));
        let images_dropped = [form.identity_document.front, form.identity_document.back]
            .iter()
            .any(|id| id.is_some() && usable(id).is_none());
        form.identity_document.front = usable(&form.identity_document.front);
        form.identity_document.back = usable(&form.identity_document.back);
        // The address the link was sent to stays the one the API knows.
        if form.contact_email.trim().is_empty() {
            form.contact_email = given.contact_email;
        }
        Restored { form, uploaded, same_link, images_dropped }
    }
}
