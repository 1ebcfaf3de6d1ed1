//! Use cases in the product's words, one module per area; no HTTP types inside.

pub mod academic_records;
pub mod accounts;
pub mod audit;
pub mod card;
pub mod catalog;
pub mod catalog_admin;
pub mod certificate_text;
pub mod credentials;
pub mod decision;
pub mod delivery;
pub mod delivery_status;
pub mod demo;
pub mod documents;
pub mod fulfilment;
pub mod guessable;
pub mod images;
pub mod live_sessions;
pub mod lockout;
pub mod login_history;
pub mod mail_change;
pub mod mail_failures;
pub mod order_basis;
pub mod order_deadlines;
pub mod ordering;
pub mod orders;
pub mod password_reset;
pub mod payments;
pub mod post_bundle;
pub mod prepared;
pub mod printing;
pub mod profile;
pub mod rate_limit;
pub mod registration;
pub mod retention;
pub mod review;
pub mod seal;
pub mod session;
pub mod settlement;
pub mod staff;
pub mod staff_orders;
pub mod student_id;
pub mod university;
pub mod vc;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use crate::crypto::Sealer;
use crate::mail::worker::MailQueue;
use crate::mail::{outbox, Mail};
use university::CurrentUniversity;

/// Where a use case runs: the database, the university served and the time of the request,
/// read once (kanidm's actors receive the identity, the event id and the time). A test or
/// a worker makes one without a server.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub db: &'a DatabaseConnection,
    pub university: &'a CurrentUniversity,
    pub now: DateTime<Utc>,
}

/// What a use case that sends mail needs: the sealer that keeps queued mail sealed at rest,
/// the queue to wake after the commit, and the base of the links in mails.
#[derive(Clone, Copy)]
pub struct Mailer<'a> {
    pub sealer: &'a Sealer,
    pub queue: &'a MailQueue,
    /// `CIS_PUBLIC_URL`, without a trailing slash.
    pub public_url: &'a str,
}

impl Mailer<'_> {
    /// The base of links in mails joined with a path such as `/login`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.public_url, path)
    }

    /// Queues the mail, sealed, in the caller's transaction.
    pub async fn enqueue(&self, txn: &impl ConnectionTrait, scope: Scope<'_>, mail: &Mail) -> Result<i64, DbErr> {
        outbox::enqueue(txn, self.sealer, scope.university.id, mail, scope.now).await
    }

    /// Call after the transaction that queued mail has committed.
    pub fn wake(&self) {
        self.queue.wake();
    }
}
