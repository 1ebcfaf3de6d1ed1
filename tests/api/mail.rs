//! The mail path: a mail queued in the outbox within a transaction reaches the SMTP server
//! in the recipient's language, and survives the server's temporary failures.

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
    let mail = render(&Greeting, to, locale, &app.state.university.name);
    let txn = app.db().begin().await.unwrap();
    let id = enqueue(&txn, &app.state.sealer, app.state.university.id, &mail, app.clock.now()).await.unwrap();
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
}
