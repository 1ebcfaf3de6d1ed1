//! The mail path: a mail queued in the outbox within a transaction reaches the SMTP server
//! in the recipient's language, and survives the server's temporary failures.

use cis_api::crypto::Sealer;
use cis_api::db::outbox;
use cis_api::mail::outbox::enqueue;
use cis_api::mail::templates::{render, Template};
use cis_shared::Locale;
use cis_tests::{on_both_databases, TestApp};
use sea_orm::{EntityTrait, TransactionTrait};

struct Greeting;

impl Template for Greeting {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("ご案内", "Information").to_owned()
    }
    fn body(&self, locale: Locale) -> String {
        locale
            .pick(
                "証明書発行サービスのご案内です。\nhttps://cis.example/login",
                "About the certificate issuance service.\nhttps://cis.example/login",
            )
            .to_owned()
    }
}

async fn queue(app: &TestApp, to: &str, locale: Locale) -> i64 {
    queue_sealed_with(app, &app.state.sealer, to, locale).await
}

/// Queues a mail whose body is sealed with `sealer` (the server's own, or another key's).
async fn queue_sealed_with(app: &TestApp, sealer: &Sealer, to: &str, locale: Locale) -> i64 {
    let mail = render(&Greeting, to, locale, &app.state.university.name);
    let txn = app.db().begin().await.unwrap();
    let id = enqueue(&txn, sealer, app.state.university.id, &mail, app.clock.now()).await.unwrap();
    txn.commit().await.unwrap();
    app.state.mail.wake();
    id
}

on_both_databases! {
    async fn queued_mail_is_delivered_in_the_recipients_language(app) {
        queue(&app, "hanako@example.jp", Locale::Ja).await;
        queue(&app, "taro@example.jp", Locale::En).await;

        let ja = app.mail.wait_for("hanako@example.jp").await;
        assert_eq!(ja.subject(), "[The University] ご案内");
        assert!(ja.text().contains("証明書発行サービスのご案内です。"), "{}", ja.text());
        assert!(ja.text().contains("このメールは送信専用です"));
        assert_eq!(ja.links(), ["https://cis.example/login"]);
        assert_eq!(ja.envelope_from, "no-reply@the-university.example");

        let en = app.mail.wait_for("taro@example.jp").await;
        assert_eq!(en.subject(), "[The University] Information");
        assert!(en.text().contains("This email is for sending only"));
    }

    async fn a_mail_server_failure_delays_mail_and_loses_none(app) {
        app.mail.fail_next(1);
        let id = queue(&app, "jiro@example.jp", Locale::Ja).await;

        // The first attempt is refused (451) and recorded for a retry after the backoff.
        let row = loop {
            let row = outbox::Entity::find_by_id(id).one(app.db()).await.unwrap().unwrap();
            if row.attempts == 1 {
                break row;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        };
        assert!(row.sent_at.is_none());
        assert!(row.body_text.starts_with("v1.") && !row.body_text.contains("cis.example"), "sealed at rest");
        assert!(row.last_error.as_deref().unwrap_or("").contains("451"), "{:?}", row.last_error);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(app.mail.to("jiro@example.jp").is_empty(), "not retried before the backoff");

        app.clock.advance(chrono::Duration::seconds(11));
        let mail = app.mail.wait_for("jiro@example.jp").await;
        assert_eq!(mail.subject(), "[The University] ご案内");
        let mut delivered = false;
        for _ in 0..200 {
            let row = outbox::Entity::find_by_id(id).one(app.db()).await.unwrap().unwrap();
            if row.sent_at.is_some() {
                delivered = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(delivered, "the outbox row is marked sent");
        let row = outbox::Entity::find_by_id(id).one(app.db()).await.unwrap().unwrap();
        assert_eq!(row.body_text, "", "nothing of a delivered body is kept");
        assert_eq!(app.mail.to("jiro@example.jp").len(), 1, "delivered once");
    }

    async fn mail_of_a_rolled_back_change_is_never_sent(app) {
        let mail = render(&Greeting, "ghost@example.jp", Locale::Ja, &app.state.university.name);
        let txn = app.db().begin().await.unwrap();
        enqueue(&txn, &app.state.sealer, app.state.university.id, &mail, app.clock.now()).await.unwrap();
        txn.rollback().await.unwrap();
        queue(&app, "after@example.jp", Locale::Ja).await;
        app.mail.wait_for("after@example.jp").await;
        assert!(app.mail.to("ghost@example.jp").is_empty());
    }

    async fn a_mail_sealed_under_another_data_key_fails_for_good_and_is_listed(app) {
        // Queued before CIS_DATA_KEY changed: no retry can open it, an administrator must see it.
        let old_key = Sealer::new(&secrecy::SecretString::from("o".repeat(40)));
        let id = queue_sealed_with(&app, &old_key, "sealed@example.jp", Locale::Ja).await;
        let row = row_when(&app, id, |row| row.failed_at.is_some()).await;
        assert_eq!(row.attempts, 1);
        let admin = app.staff_token().await;
        let list: serde_json::Value = app.staff_get(&admin, "/api/v1/staff/mail/failed").await.json().await.unwrap();
        assert_eq!(list["items"][0]["id"], id, "{list}");
        assert!(list["items"][0]["reason"].as_str().unwrap().contains("CIS_DATA_KEY"), "{list}");
        assert_not_retried_on_its_own(&app, id).await;
    }
}

/// A mail that failed for good, once: two hours later and woken, still one attempt.
async fn assert_not_retried_on_its_own(app: &TestApp, id: i64) {
    app.clock.advance(chrono::Duration::hours(2));
    app.state.mail.wake();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let row = outbox::Entity::find_by_id(id).one(app.db()).await.unwrap().unwrap();
    assert_eq!(row.attempts, 1, "not retried on its own, however long it waits");
}

/// Polls the outbox row until `done` holds (up to 5 s).
async fn row_when(app: &TestApp, id: i64, done: impl Fn(&outbox::Model) -> bool) -> outbox::Model {
    for _ in 0..250 {
        let row = outbox::Entity::find_by_id(id).one(app.db()).await.unwrap().unwrap();
        if done(&row) {
            return row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("outbox row {id} never reached the expected state");
}

on_both_databases! {
    async fn a_mail_refused_for_good_waits_for_an_administrator_who_sends_it_again(app) {
        app.mail.refuse("nobody@example.jp");
        let id = queue(&app, "nobody@example.jp", Locale::Ja).await;
        let other = queue(&app, "somebody@example.jp", Locale::Ja).await;
        app.mail.wait_for("somebody@example.jp").await;
        let row = row_when(&app, id, |row| row.failed_at.is_some()).await;
        assert_eq!(row.attempts, 1);
        assert!(row.last_error.as_deref().unwrap_or("").contains("550"), "{:?}", row.last_error);

        assert_not_retried_on_its_own(&app, id).await;

        // Administrators see it with the server's answer; reviewers do not.
        let admin = app.staff_token().await;
        let list: serde_json::Value = app.staff_get(&admin, "/api/v1/staff/mail/failed").await.json().await.unwrap();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{list}");
        assert_eq!(items[0]["id"], id);
        assert_eq!(items[0]["recipient"], "nobody@example.jp");
        assert_eq!(items[0]["subject"], "[The University] ご案内");
        assert!(items[0]["reason"].as_str().unwrap().contains("No such user"), "{list}");
        assert!(list.to_string().find("証明書発行サービスのご案内").is_none(), "the body is never shown");
        let reviewer = app.reviewer_token(&admin, "reviewer@the-university.example").await;
        assert_eq!(app.staff_get(&reviewer, "/api/v1/staff/mail/failed").await.status(), 403);
        let metrics = app.get("/metrics").await.text().await.unwrap();
        assert!(metrics.contains("cis_mails_failed 1\n"), "{metrics}");
        assert!(metrics.contains("cis_mail_attempts_failed_total{kind=\"permanent\"} 1\n"), "{metrics}");

        // The address is fixed at the recipient's end; sent again, it arrives, once.
        app.mail.refuse_none();
        let retry = format!("/api/v1/staff/mail/failed/{id}/retry");
        let answer = app.client.post(app.url(&retry)).bearer_auth(&admin).send().await.unwrap();
        assert_eq!(answer.status(), 204);
        let mail = app.mail.wait_for("nobody@example.jp").await;
        assert_eq!(mail.subject(), "[The University] ご案内");
        let row = row_when(&app, id, |row| row.sent_at.is_some()).await;
        assert!(row.failed_at.is_none());
        let list: serde_json::Value = app.staff_get(&admin, "/api/v1/staff/mail/failed").await.json().await.unwrap();
        assert_eq!(list["items"], serde_json::json!([]));
        // Sent now: a second retry finds nothing to send.
        let again = app.client.post(app.url(&retry)).bearer_auth(&admin).send().await.unwrap();
        assert_eq!(cis_tests::problem(again, 404).await.code, cis_shared::messages::ErrorCode::NotFound);
        let audit: serde_json::Value = app.staff_get(&admin, "/api/v1/staff/audit-events").await.json().await.unwrap();
        assert!(audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "mail.retry" && e["target_id"] == id));
        assert_eq!(app.mail.to("nobody@example.jp").len(), 1);
        let _ = other;
    }

    async fn every_attempt_of_a_mail_carries_the_same_message_id(app) {
        app.mail.fail_next(1);
        let id = queue(&app, "jiro@example.jp", Locale::Ja).await;
        row_when(&app, id, |row| row.attempts == 1).await;
        app.clock.advance(chrono::Duration::seconds(11));
        let first = app.mail.wait_for("jiro@example.jp").await;
        let message_id = first.header("Message-ID").unwrap();
        assert!(message_id.starts_with(&format!("<outbox.{id}.")), "{message_id}");
        assert!(message_id.ends_with("@the-university.example>"), "{message_id}");
        // Another mail has another.
        let second = queue(&app, "jiro@example.jp", Locale::Ja).await;
        let next = app.mail.wait_for_nth("jiro@example.jp", 2).await;
        assert!(next.header("Message-ID").unwrap().starts_with(&format!("<outbox.{second}.")));
    }
}
