//! SMTP outage: the mail server is stopped during a burst of registrations, then answers
//! 451 for a while, then refuses one address for good (550), then recovers. The API keeps
//! answering 202; every mail arrives once the server is back, each once (counted by
//! `Message-ID`); the refused one ends as failed, visible to administrators with its reason,
//! and is sent from there.

use std::collections::HashMap;
use std::time::Duration;

use cis_tests::{on_both_databases_with, Options, TestApp};
use serde_json::Value;

use crate::{budget, figure, gauge};

fn many_registrations() -> Options {
    Options { vars: vec![("CIS_REGISTRATIONS_PER_CLIENT_HOUR", "100000".into())], ..Options::default() }
}

fn address(i: usize) -> String {
    format!("applicant{i:04}@example.jp")
}

async fn register(app: &TestApp, from: usize, to: usize) {
    for i in from..to {
        let response = app.start_registration(&address(i), if i % 2 == 0 { "ja" } else { "en" }).await;
        assert_eq!(response.status(), 202, "registration {i} while the mail server is in trouble");
    }
}

/// Lets the worker's backoff pass and wakes it, until `done` or 20 s.
async fn pass_time_until(app: &TestApp, what: &str, done: impl AsyncFn() -> bool) {
    for _ in 0..200 {
        if done().await {
            return;
        }
        app.clock.advance(chrono::Duration::minutes(2));
        app.state.mail.wake();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: not within 20 s");
}

/// Mails received per `Message-ID`.
fn by_message_id(app: &TestApp) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for mail in app.mail.received() {
        *seen.entry(mail.header("Message-ID").expect("every mail has a Message-ID")).or_insert(0) += 1;
    }
    seen
}

on_both_databases_with! {
    many_registrations();
    async fn an_smtp_outage_delays_mail_and_loses_none(app) {
        let burst = budget(24, 200);
        let refused = address(3);
        // 1. The server is down during the first half of the burst.
        app.mail.stop().await;
        register(&app, 0, burst / 2).await;
        assert_eq!(gauge(&app, "cis_outbox_pending").await, (burst / 2) as f64);
        // 2. Back, but answering 451 to everything, while the second half arrives.
        app.mail.resume().await;
        app.mail.failing(true);
        register(&app, burst / 2, burst).await;
        pass_time_until(&app, "attempts refused with 451", async || {
            let text = app.get("/metrics").await.text().await.unwrap();
            text.contains("cis_mail_attempts_failed_total{kind=\"temporary\"}")
                && gauge(&app, "cis_outbox_pending").await == burst as f64
        })
        .await;
        assert!(app.mail.received().is_empty(), "nothing delivered while the server refuses");
        // 3. Recovered, but one address refused for good.
        app.mail.refuse(&refused);
        app.mail.failing(false);
        pass_time_until(&app, "every other mail delivered", async || app.mail.received().len() == burst - 1).await;
        pass_time_until(&app, "the refused mail failed", async || gauge(&app, "cis_mails_failed").await == 1.0).await;
        assert_eq!(gauge(&app, "cis_outbox_pending").await, 0.0);
        let temporary = gauge(&app, "cis_mail_attempts_failed_total{kind=\"temporary\"}").await;

        // Administrators see it with the server's answer and send it again.
        let admin = app.staff_token().await;
        let list: Value = app.staff_get(&admin, "/api/v1/staff/mail/failed").await.json().await.unwrap();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{list}");
        assert_eq!(items[0]["recipient"], refused.as_str());
        assert!(items[0]["reason"].as_str().unwrap().contains("550"), "{list}");
        app.mail.refuse_none();
        let retry = format!("/api/v1/staff/mail/failed/{}/retry", items[0]["id"]);
        assert_eq!(app.client.post(app.url(&retry)).bearer_auth(&admin).send().await.unwrap().status(), 204);
        app.mail.wait_for(&refused).await;

        // Every address got its link, each mail once.
        for i in 0..burst {
            let mail = app.mail.to(&address(i));
            assert_eq!(mail.len(), 1, "{} received {} mails", address(i), mail.len());
            assert!(mail[0].links().iter().any(|l| l.contains("/register/")));
        }
        let ids = by_message_id(&app);
        let duplicates: usize = ids.values().map(|n| n - 1).sum();
        assert_eq!(ids.len(), burst);
        figure!(
            "smtp outage ({:?}): {burst} registrations acknowledged, {burst} mails delivered after the outage, \
             {temporary} temporary failures retried, 1 refused for good and sent again by an administrator, \
             {duplicates} duplicates",
            app.backend
        );
        assert_eq!(duplicates, 0);
    }
}
