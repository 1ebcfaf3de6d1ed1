//! What every request handler can reach, and the parts of it each use case receives.

use std::sync::Arc;

use chrono::Duration;
use sea_orm::DatabaseConnection;

use crate::crypto::Sealer;
use crate::domain::catalog::CatalogueCache;
use crate::domain::documents::Press;
use crate::domain::live_sessions::LiveSessions;
use crate::domain::password_reset::ResetSettings;
use crate::domain::payments::Payments;
use crate::domain::printing::StationKeys;
use crate::domain::registration::{RegistrationSettings, UploadLimits};
use crate::domain::session::Lifetime;
use crate::domain::university::CurrentUniversity;
use crate::domain::{Mailer, Scope};
use crate::mail::worker::MailQueue;
use crate::pdf::Fonts;
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
    /// Issued certificates' PDFs.
    pub certificates: Arc<DocumentStore>,
    /// The faces certificates are set in.
    pub fonts: Arc<Fonts>,
    /// Printing stations' keys verified lately.
    pub station_keys: Arc<StationKeys>,
    /// How orders are paid: card payment (Stripe) when configured.
    pub payments: Payments,
    /// Wakes the digital delivery worker (after a payment).
    pub deliveries: Arc<tokio::sync::Notify>,
    /// What `GET /metrics` tells.
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl AppState {
    /// The database, the university and the time, read now: one per use case call.
    pub fn scope(&self) -> Scope<'_> {
        Scope { db: &self.db, university: &self.university, now: self.clock.now() }
    }

    /// What issuing certificates needs.
    pub fn press(&self) -> Press<'_> {
        Press {
            fonts: &self.fonts,
            store: &self.certificates,
            sealer: &self.sealer,
            public_url: &self.settings.public_url,
        }
    }

    /// What a use case needs to send mail.
    pub fn mailer(&self) -> Mailer<'_> {
        Mailer { sealer: &self.sealer, queue: &self.mail, public_url: &self.settings.public_url }
    }

    /// `CIS_IDLE_TIMEOUT_MINUTES`: a graduate's session idle this long is over.
    pub fn idle_timeout(&self) -> Duration {
        Duration::minutes(self.settings.idle_timeout_minutes)
    }

    /// How long a graduate's session lasts: `CIS_IDLE_TIMEOUT_MINUTES` without a request, and
    /// `CIS_SESSION_MAX_HOURS` after the login however active.
    pub fn session_lifetime(&self) -> Lifetime {
        Lifetime { idle: self.idle_timeout(), max: Duration::hours(self.settings.session_max_hours) }
    }

    /// How long registration links work and how many one client may ask for.
    pub fn registration_settings(&self) -> RegistrationSettings {
        RegistrationSettings {
            link_minutes: self.settings.registration_link_minutes,
            per_client_hour: self.settings.registrations_per_client_hour,
        }
    }

    /// What one client may upload, and the free space uploads leave on the disk.
    pub fn upload_limits(&self) -> UploadLimits {
        UploadLimits {
            mb_per_client_hour: self.settings.upload_mb_per_client_hour,
            min_free_mb: self.settings.upload_min_free_mb,
        }
    }

    /// Whether a reset asked for an address without an account tells that address so.
    pub fn reset_settings(&self) -> ResetSettings {
        ResetSettings { notify_unknown: self.settings.notify_unknown_recipients }
    }
}
