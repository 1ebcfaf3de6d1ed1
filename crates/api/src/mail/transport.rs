//! How mail leaves: SMTP (`CIS_SMTP_URL`) or, in the embedded default, `.eml` files under
//! `<data dir>/mail/` with the message's links in the log so a developer can follow them.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::db::outbox;

/// Why a mail did not go out, and whether trying again could help.
#[derive(Debug)]
pub struct SendError {
    pub message: String,
    /// Refused for good: the row waits for an administrator instead of a retry.
    pub permanent: bool,
}

impl SendError {
    fn permanent(message: String) -> SendError {
        SendError { message, permanent: true }
    }

    fn temporary(message: String) -> SendError {
        SendError { message, permanent: false }
    }
}

/// `<outbox.{id}.{created, µs}@{sender's domain}>`: unique per queued mail, stable over
/// its attempts.
fn message_id(row: &outbox::Model, from: &Mailbox) -> String {
    format!("<outbox.{}.{}@{}>", row.id, row.created_at.timestamp_micros(), from.email.domain())
}

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files { transport: AsyncFileTransport<Tokio1Executor>, dir: PathBuf },
}

impl Transport {
    pub fn smtp(url: &str) -> anyhow::Result<Transport> {
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.timeout(Some(Duration::from_secs(20))).build();
        Ok(Transport::Smtp(transport))
    }

    pub fn files(dir: PathBuf) -> anyhow::Result<Transport> {
        std::fs::create_dir_all(&dir)?;
        Ok(Transport::Files { transport: AsyncFileTransport::<Tokio1Executor>::new(&dir), dir })
    }

    /// Sends one outbox row. Its `Message-ID` is the row's, the same on every attempt, so a
    /// mail sent twice (a crash between the server's OK and the row's update) is one
    /// message to the recipient's mail system.
    pub async fn send(&self, from: &Mailbox, row: &outbox::Model, body: &str) -> Result<(), SendError> {
        let to: Mailbox = row.recipient.parse().map_err(|e| SendError::permanent(format!("bad recipient: {e}")))?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(message_id(row, from)))
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| SendError::permanent(format!("cannot build message: {e}")))?;
        match self {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(|e| SendError {
                // A 5xx answer (`550 no such user`): sending again would be refused again.
                permanent: e.is_permanent(),
                message: e.to_string(),
            }),
            Transport::Files { transport, dir } => {
                let id = transport.send(message).await.map_err(|e| SendError::temporary(e.to_string()))?;
                // The embedded default has no mailbox to click in: say where the mail is
                // and which links it carries (development only; SMTP never logs them).
                let links: Vec<&str> =
                    body.split_whitespace().filter(|w| w.starts_with("http://") || w.starts_with("https://")).collect();
                tracing::info!(outbox_id = row.id, file = %dir.join(format!("{id}.eml")).display(), links = ?links, "mail written to file");
                Ok(())
            }
        }
    }
}
