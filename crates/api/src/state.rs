//! What every request handler can reach.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::crypto::Sealer;
use crate::domain::catalog::CatalogueCache;
use crate::domain::live_sessions::LiveSessions;
use crate::domain::university::CurrentUniversity;
use crate::mail::worker::MailQueue;
use crate::storage::DocumentStore;
use crate::tokens::TokenKeys;
use crate::{Clock, Settings};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub university: Arc<CurrentUniversity>,
    /// The university's catalogue, held in memory.
    pub catalogue: Arc<CatalogueCache>,
    /// Live graduate sessions, held in memory (the database stays the truth).
    pub sessions: Arc<LiveSessions>,
    pub settings: Arc<Settings>,
    pub mail: MailQueue,
    /// Signs and checks access tokens; from `CIS_JWT_SECRET` or generated into the data
    /// directory.
    pub tokens: Arc<TokenKeys>,
    /// Seals queued mail at rest.
    pub sealer: Arc<Sealer>,
    /// Uploaded identity documents.
    pub documents: Arc<DocumentStore>,
}
