//! A real SMTP server on loopback that keeps what it receives, for tests to read. It can be
//! told to answer the next transactions with a temporary failure (451), as a mail server
//! in trouble does, to refuse an address for good (550), and to stop listening and start
//! again on the same port (an outage).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One message as delivered.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub raw: Vec<u8>,
}

impl ReceivedMail {
    fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default().parse(&self.raw).expect("a parsable message")
    }

    /// The decoded subject.
    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_owned()
    }

    /// The decoded plain-text body.
    pub fn text(&self) -> String {
        self.parsed().body_text(0).map(|t| t.into_owned()).unwrap_or_default()
    }

    /// A header's raw value.
    pub fn header(&self, name: &str) -> Option<String> {
        self.parsed().header_raw(name).map(|v| v.trim().to_owned())
    }

    /// Every http(s) link in the body, in order.
    pub fn links(&self) -> Vec<String> {
        self.text()
            .split_whitespace()
            .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
            .map(str::to_owned)
            .collect()
    }
}

#[derive(Default)]
struct Inbox {
    mail: Mutex<Vec<ReceivedMail>>,
    arrived: Notify,
    fail_next: AtomicUsize,
    /// Answered `451` while set (a server in trouble for a while).
    failing: AtomicBool,
    /// Recipients refused with `550`.
    refused: Mutex<Vec<String>>,
    /// Stopped: open connections are dropped at their next command.
    down: AtomicBool,
}

#[derive(Clone)]
pub struct SmtpSink {
    port: u16,
    inbox: Arc<Inbox>,
    /// The task accepting connections; aborted (the port closed) while stopped.
    accepting: Arc<Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP sink");
        let port = listener.local_addr().unwrap().port();
        let inbox = Arc::new(Inbox::default());
        let accepting = Arc::new(Mutex::new(Some(accept(listener, inbox.clone()))));
        SmtpSink { port, inbox, accepting }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Closes the port: connections are refused until [`SmtpSink::resume`].
    pub async fn stop(&self) {
        self.inbox.down.store(true, Ordering::SeqCst);
        if let Some(task) = self.accepting.lock().unwrap().take() {
            task.abort();
        }
        // The aborted task drops the listener at its next poll.
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    /// Listens again on the same port.
    pub async fn resume(&self) {
        let listener = loop {
            match TcpListener::bind(("127.0.0.1", self.port)).await {
                Ok(listener) => break listener,
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        };
        self.inbox.down.store(false, Ordering::SeqCst);
        *self.accepting.lock().unwrap() = Some(accept(listener, self.inbox.clone()));
    }

    /// While `on`, every transaction is answered `451` (try again later).
    pub fn failing(&self, on: bool) {
        self.inbox.failing.store(on, Ordering::SeqCst);
    }

    /// Refuses mail to `address` for good: `550 5.1.1 no such user`.
    pub fn refuse(&self, address: &str) {
        self.inbox.refused.lock().unwrap().push(address.to_ascii_lowercase());
    }

    /// Accepts mail to every address again.
    pub fn refuse_none(&self) {
        self.inbox.refused.lock().unwrap().clear();
    }

    /// Answers the next `n` transactions with `451` (try again later).
    pub fn fail_next(&self, n: usize) {
        self.inbox.fail_next.store(n, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        self.inbox.mail.lock().unwrap().clone()
    }

    /// The mails delivered to an address so far.
    pub fn to(&self, address: &str) -> Vec<ReceivedMail> {
        self.received()
            .into_iter()
            .filter(|m| m.envelope_to.iter().any(|to| to.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Waits (up to 10 s) until `count` mails have reached `address`, and returns the last.
    pub async fn wait_for_nth(&self, address: &str, count: usize) -> ReceivedMail {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let arrived = self.inbox.arrived.notified();
            let mail = self.to(address);
            if mail.len() >= count {
                return mail[count - 1].clone();
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("no mail #{count} for {address} within 10 s; received: {:?}", self.received().len());
            }
        }
    }

    /// Waits for the latest mail to `address` whose text contains `needle`, beyond the
    /// first `skip` mails to it.
    pub async fn wait_for_text(&self, address: &str, skip: usize, needle: &str) -> ReceivedMail {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let arrived = self.inbox.arrived.notified();
            if let Some(mail) = self.to(address).into_iter().skip(skip).rfind(|m| m.text().contains(needle)) {
                return mail;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("no mail to {address} containing {needle:?} within 10 s");
            }
        }
    }

    /// Waits for the first mail to `address`.
    pub async fn wait_for(&self, address: &str) -> ReceivedMail {
        self.wait_for_nth(address, 1).await
    }
}

fn accept(listener: TcpListener, inbox: Arc<Inbox>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(session(stream, inbox.clone()));
        }
    })
}

async fn session(stream: TcpStream, inbox: Arc<Inbox>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 || inbox.down.load(Ordering::SeqCst) {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") {
            b"250 sink.test\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            let failing = inbox.failing.load(Ordering::SeqCst)
                || inbox.fail_next.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
            if failing {
                b"451 4.3.0 Temporary failure, try again later\r\n"
            } else {
                from = address_in(&command[10..]);
                to.clear();
                b"250 2.1.0 OK\r\n"
            }
        } else if upper.starts_with("RCPT TO:") {
            let address = address_in(&command[8..]);
            if inbox.refused.lock().unwrap().contains(&address.to_ascii_lowercase()) {
                b"550 5.1.1 No such user here\r\n"
            } else {
                to.push(address);
                b"250 2.1.5 OK\r\n"
            }
        } else if upper == "DATA" {
            write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
            let mut raw = Vec::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let unstuffed = line.strip_prefix('.').unwrap_or(&line);
                raw.extend_from_slice(unstuffed.as_bytes());
            }
            inbox.mail.lock().unwrap().push(ReceivedMail {
                envelope_from: std::mem::take(&mut from),
                envelope_to: std::mem::take(&mut to),
                raw,
            });
            inbox.arrived.notify_waiters();
            b"250 2.0.0 OK queued\r\n"
        } else if upper == "RSET" || upper == "NOOP" {
            from.clear();
            to.clear();
            b"250 2.0.0 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 5.5.2 Command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

/// `<a@b.c> SIZE=123` → `a@b.c`
fn address_in(argument: &str) -> String {
    let argument = argument.trim();
    match (argument.find('<'), argument.find('>')) {
        (Some(start), Some(end)) if start < end => argument[start + 1..end].to_owned(),
        _ => argument.split_whitespace().next().unwrap_or("").to_owned(),
    }
}
