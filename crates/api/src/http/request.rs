//! The request being handled, as every part of a handler may ask: its id (in logs and
//! error answers) and its language (of problem texts). Set by `context::middleware`.

use cis_shared::Locale;

/// The request id and language of the request being handled.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub id: String,
    pub locale: Locale,
}

tokio::task_local! {
    pub(super) static CONTEXT: RequestContext;
}

/// The context of the request this task is handling, if any.
pub fn current() -> Option<RequestContext> {
    CONTEXT.try_with(Clone::clone).ok()
}
