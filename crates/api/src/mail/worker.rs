//! Delivers due outbox mail, retrying failures with backoff, until shut down.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use sea_orm::DatabaseConnection;
use tokio::sync::{watch, Notify};

use super::outbox;
use super::transport::{SendError, Transport};
use crate::Clock;

/// Wakes the worker when new mail is committed, so it need not wait for its next poll.
#[derive(Clone, Default)]
pub struct MailQueue {
    wake: Arc<Notify>,
}

impl MailQueue {
    /// Call after the transaction that queued mail has committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

pub struct MailWorker {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub transport: Transport,
    pub from: Mailbox,
    pub poll: Duration,
    pub queue: MailQueue,
    pub sealer: std::sync::Arc<crate::crypto::Sealer>,
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl MailWorker {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            self.deliver_due().await;
            tokio::select! {
                _ = self.queue.wake.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
                _ = shutdown.changed() => break,
            }
        }
    }

    /// Sends every due mail once; returns how many went out.
    pub async fn deliver_due(&self) -> usize {
        let mut sent = 0;
        loop {
            let batch = match outbox::claim_due(&self.db, self.clock.now(), 20).await {
                Ok(batch) => batch,
                Err(error) => {
                    tracing::warn!(%error, "cannot read the outbox");
                    return sent;
                }
            };
            if batch.is_empty() {
                return sent;
            }
            for mut row in batch {
                match outbox::renew_claim(&self.db, &mut row, self.clock.now()).await {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(error) => {
                        tracing::warn!(outbox_id = row.id, %error, "cannot renew the claim on a mail");
                        continue;
                    }
                }
                let row = &row;
                let delivery = match self.sealer.open(&row.body_text) {
                    Ok(body) => self.transport.send(&self.from, row, &body).await,
                    // Sealed under another CIS_DATA_KEY: no later attempt opens it; listed
                    // for administrators, who can send it again once the key is back.
                    Err(error) => Err(SendError { message: error.to_string(), permanent: true }),
                };
                let result = match delivery {
                    Ok(()) => {
                        sent += 1;
                        outbox::mark_sent(&self.db, row.id, self.clock.now()).await
                    }
                    Err(SendError { message, permanent }) => {
                        self.metrics.mail_attempt_failed(permanent);
                        if permanent {
                            tracing::warn!(outbox_id = row.id, error = %message, "mail refused for good; an administrator may send it again");
                        } else {
                            tracing::warn!(outbox_id = row.id, attempts = row.attempts + 1, error = %message, "mail delivery failed; will retry");
                        }
                        outbox::mark_failed(&self.db, row, &message, permanent, self.clock.now()).await
                    }
                };
                if let Err(error) = result {
                    tracing::warn!(outbox_id = row.id, %error, "cannot record delivery");
                }
            }
        }
    }
}
