//! Undelivered mail in the staff area (issue 12): a mail the SMTP server refused for good is
//! listed for administrators with the server's answer and sent again from there, in
//! Japanese and English.

use cis_api::db::outbox;
use cis_tests::webdriver::Browser;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::app_with_built_spa;
use super::staff::administrator_logged_in;

struct Words {
    lang: &'static str,
    title: &'static str,
    resent: &'static str,
    none: &'static str,
}

async fn an_administrator_sends_a_refused_mail_again(words: Words) {
    let Some(app) = app_with_built_spa().await else { return };
    let address = "nobody-here@example.jp";
    app.mail.refuse(address);
    assert_eq!(app.start_registration(address, "ja").await.status(), 202);
    for _ in 0..250 {
        let failed =
            outbox::Entity::find().filter(outbox::Column::FailedAt.is_not_null()).count(app.db()).await.unwrap();
        if failed == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let browser = Browser::start(1280, 900).await;
    administrator_logged_in(&browser, &app, words.lang).await;
    browser.click_on("#nav-mail").await;
    browser.wait_for_text(".screen-title", words.title).await;
    let row = browser.text(&browser.wait_for("tr.failed-mail").await).await;
    assert!(row.contains(address) && row.contains("550"), "{row}");
    browser.screenshot(&format!("staff-undelivered-mail-{}", words.lang)).await;

    app.mail.refuse_none();
    browser.click_on("tr.failed-mail .send-again").await;
    browser.wait_for_text("#mail-resent", words.resent).await;
    browser.wait_for_text("#no-failed-mail", words.none).await;
    app.mail.wait_for(address).await;
    browser.quit().await;
}

#[tokio::test]
async fn an_administrator_sends_a_refused_mail_again_in_japanese() {
    an_administrator_sends_a_refused_mail_again(Words {
        lang: "ja",
        title: "未配達メール",
        resent: "再送しました。",
        none: "未配達のメールはありません。",
    })
    .await;
}

#[tokio::test]
async fn an_administrator_sends_a_refused_mail_again_in_english() {
    an_administrator_sends_a_refused_mail_again(Words {
        lang: "en",
        title: "Undelivered mail",
        resent: "Sent again.",
        none: "No mail is undelivered.",
    })
    .await;
}
