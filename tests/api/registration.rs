//! Manual 2.1 steps 1–16 over the API, as a portal or the SPA drives them.

use cis_api::db::{application, graduate_account, one_time_token, outbox};
use cis_shared::messages::ErrorCode;
use cis_tests::{application_form, images, on_both_databases, problem, TestApp};
use sea_orm::{ActiveEnum, ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use serde_json::Value;

async fn an_account_exists(app: &TestApp, email: &str) {
    graduate_account::ActiveModel {
        university_id: Set(app.state.university.id),
        email: Set(email.to_owned()),
        email_normalized: Set(email.to_ascii_lowercase()),
        state: Set(cis_shared::staff::AccountState::Active),
        locale: Set(cis_shared::Locale::Ja),
        created_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .unwrap();
}

on_both_databases! {
    async fn the_link_in_the_mail_works_for_thirty_minutes(app) {
        let response = app.start_registration("taro@example.jp", "ja").await;
        assert_eq!(response.status(), 202);
        assert_eq!(response.json::<Value>().await.unwrap(), serde_json::json!({"link_valid_minutes": 30}));

        let mail = app.mail.wait_for("taro@example.jp").await;
        assert_eq!(mail.subject(), "[The University] メールアドレスの確認");
        assert!(mail.text().contains("URLの有効期限："), "{}", mail.text());
        assert!(mail.text().contains("（日本時間）"));
        let link = mail.links().into_iter().find(|l| l.contains("/register/")).unwrap();
        assert!(link.starts_with(&format!("{}/register/", app.address)), "{link}");
        let token = link.rsplit('/').next().unwrap();
        assert_eq!(token.len(), 43, "256 random bits");

        let response = app.get(&format!("/api/v1/registrations/{token}")).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["email"], "taro@example.jp");
        assert_eq!(body["locale"], "ja");

        // Stored only as its SHA-256.
        let rows = one_time_token::Entity::find().all(app.db()).await.unwrap();
        assert!(rows.iter().all(|r| r.token_hash != token && r.token_hash.len() == 64));

        app.clock.advance(chrono::Duration::minutes(31));
        let expired = problem(app.get_in(&format!("/api/v1/registrations/{token}"), "en").await, 410).await;
        assert_eq!(expired.code, ErrorCode::TokenExpired);
        assert_eq!(expired.title, "This link has expired. Please start the procedure again.");
    }

    async fn known_and_unknown_addresses_get_the_same_answer(app) {
        an_account_exists(&app, "hanako@example.jp").await;
        let known = app.start_registration("Hanako@Example.jp", "en").await;
        let unknown = app.start_registration("jiro@example.jp", "en").await;
        assert_eq!(known.status(), unknown.status());
        assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());

        let mail = app.mail.wait_for("Hanako@Example.jp").await;
        assert_eq!(mail.subject(), "[The University] This mail address is already registered");
        assert!(mail.links().iter().any(|l| l.ends_with("/login")));
        assert!(!mail.links().iter().any(|l| l.contains("/register/")));
        app.mail.wait_for("jiro@example.jp").await;
        assert_eq!(one_time_token::Entity::find().count(app.db()).await.unwrap(), 1, "a link for the unknown address only");
    }

    async fn an_applicant_completes_the_application_and_gets_a_reception_number(app) {
        let token = app.registration_token("denden@example.jp").await;
        let front = app.upload_photo(&token).await;
        let back = app.upload_document(&token, images::gif(300, 200), "back.gif", "image/gif").await;
        assert_eq!(back.status(), 201);
        let back: Value = back.json().await.unwrap();
        assert_eq!(back["content_type"], "image/png", "GIF is stored re-encoded as PNG");
        assert_eq!((back["width"].as_i64(), back["height"].as_i64()), (Some(300), Some(200)));

        // manual 2.1 step 13-*: the preview
        let preview = app.get(&format!("/api/v1/registrations/{token}/documents/{front}")).await;
        assert_eq!(preview.status(), 200);
        assert_eq!(preview.headers()["content-type"], "image/jpeg");
        assert!(preview.headers()["cache-control"].to_str().unwrap().contains("no-store"));
        let bytes = preview.bytes().await.unwrap();
        assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 640);

        let mut form = application_form(app.first_subject_id().await, front);
        form["identity_document"]["back"] = back["id"].clone();
        let response = app.submit_application(&token, &form).await;
        assert_eq!(response.status(), 201);
        let receipt: Value = response.json().await.unwrap();
        let number = receipt["reception_number"].as_str().unwrap().to_owned();
        assert!(number.len() == 14 && number.chars().filter(|c| *c == '-').count() == 2, "{number}");

        let mail = app.mail.wait_for_nth("denden@example.jp", 2).await;
        assert_eq!(mail.subject(), "[The University] Your application for use has been received");
        assert!(mail.text().contains(&format!("Reception number: {number}")));

        let rows = application::Entity::find().all(app.db()).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].state.to_value(), rows[0].kind.to_value()), ("submitted".to_owned(), "new".to_owned()));
        assert_eq!(rows[0].email, "denden@example.jp");

        // The link is used up.
        let used = problem(app.get(&format!("/api/v1/registrations/{token}")).await, 410).await;
        assert_eq!(used.code, ErrorCode::TokenUsed);
        let again = problem(app.submit_application(&token, &form).await, 410).await;
        assert_eq!(again.code, ErrorCode::TokenUsed);
        assert_eq!(application::Entity::find().count(app.db()).await.unwrap(), 1);
    }

    async fn a_rejected_form_names_every_field_and_loses_nothing(app) {
        let token = app.registration_token("saburo@example.jp").await;
        let front = app.upload_photo(&token).await;
        let mut form = application_form(app.first_subject_id().await, front);
        form["applicant"]["name"] = "電電太郎".into();
        form["applicant"]["name_kana"] = "でんでん たろう".into();
        form["applicant"]["birth_date"] = "1990-02-30".into();
        form["enrollment"]["name_roman"] = "Denden Tarou".into();
        form["enrollment"]["affiliation_id"] = 1.into();
        form["enrollment"]["graduation"] = "2010-03".into();
        form["address"]["postal_code"] = "1000001".into();
        form["phone"] = "03-1111-222２".into();
        form["identity_document"]["front"] = Value::Null;

        let response = app.client
            .post(app.url(&format!("/api/v1/registrations/{token}/application")))
            .header("Accept-Language", "ja")
            .json(&form)
            .send()
            .await
            .unwrap();
        let rejected = problem(response, 422).await;
        assert_eq!(rejected.code, ErrorCode::ValidationFailed);
        let fields: Vec<(&str, ErrorCode)> = rejected.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(fields, [
            ("/applicant/name", ErrorCode::NameSpace),
            ("/applicant/name_kana", ErrorCode::KatakanaOnly),
            ("/applicant/birth_date", ErrorCode::DateInvalid),
            ("/enrollment/name_roman", ErrorCode::RomanOnly),
            ("/enrollment/affiliation_id", ErrorCode::AffiliationNotSubject),
            ("/enrollment/graduation", ErrorCode::GraduationBeforeMatriculation),
            ("/address/postal_code", ErrorCode::PostalCodeInvalid),
            ("/phone", ErrorCode::PhoneInvalid),
            ("/identity_document/front", ErrorCode::DocumentMissing),
        ]);
        assert_eq!(rejected.errors[1].message, "全角カタカナで入力してください。");

        // Nothing accepted is lost: the link and the uploaded photo still serve.
        assert_eq!(app.get(&format!("/api/v1/registrations/{token}")).await.status(), 200);
        let form = application_form(app.first_subject_id().await, front);
        assert_eq!(app.submit_application(&token, &form).await.status(), 201);
    }

    async fn uploads_are_judged_by_content_and_bounded(app) {
        let token = app.registration_token("shiro@example.jp").await;
        for (bytes, name, mime) in [
            (images::jpeg(800, 600), "a.jpg", "image/jpeg"),
            (images::png(800, 600), "a.png", "image/png"),
            (images::gif(80, 60), "a.gif", "image/gif"),
            (images::png(90, 60), "photo.jpeg", "application/octet-stream"),
        ] {
            assert_eq!(app.upload_document(&token, bytes, name, mime).await.status(), 201, "{name}");
        }

        let text = problem(app.upload_document(&token, b"hello, I am text".to_vec(), "photo.png", "image/png").await, 415).await;
        assert_eq!(text.code, ErrorCode::UnsupportedMediaType);
        let truncated = images::png(400, 400)[..200].to_vec();
        let broken = problem(app.upload_document(&token, truncated, "cut.png", "image/png").await, 422).await;
        assert_eq!(broken.code, ErrorCode::ImageInvalid);
        let huge = images::png_declaring(11_000, 11_000);
        let bomb = problem(app.upload_document(&token, huge, "bomb.png", "image/png").await, 422).await;
        assert_eq!(bomb.code, ErrorCode::ImageTooManyPixels);
        let mut big = images::png(10, 10);
        big.resize(10 * 1024 * 1024 + 10, 0);
        let too_big = problem(app.upload_document(&token, big, "big.png", "image/png").await, 413).await;
        assert_eq!(too_big.code, ErrorCode::PayloadTooLarge);

        // Another link cannot read this link's documents.
        let front = app.upload_photo(&token).await;
        let other = app.registration_token("goro@example.jp").await;
        let response = app.get(&format!("/api/v1/registrations/{other}/documents/{front}")).await;
        assert_eq!(problem(response, 404).await.code, ErrorCode::NotFound);
        // Nor can its form name them.
        let form = application_form(app.first_subject_id().await, front);
        let rejected = problem(app.submit_application(&other, &form).await, 422).await;
        assert_eq!(rejected.errors[0].field, "/identity_document/front");
    }

    async fn registrations_are_limited_per_address_without_telling_whether_it_is_known(app) {
        an_account_exists(&app, "known@example.jp").await;
        for address in ["known@example.jp", "unknown@example.jp"] {
            for _ in 0..5 {
                assert_eq!(app.start_registration(address, "ja").await.status(), 202);
            }
            let response = app.start_registration(address, "ja").await;
            let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!(retry_after > 3000 && retry_after <= 3600, "{retry_after}");
            assert_eq!(problem(response, 429).await.code, ErrorCode::RateLimited);
        }
        app.clock.advance(chrono::Duration::minutes(61));
        assert_eq!(app.start_registration("unknown@example.jp", "ja").await.status(), 202);
    }

    async fn tokens_and_mail_bodies_never_rest_in_clear(app) {
        app.mail.fail_next(1);
        app.start_registration("rokuro@example.jp", "en").await;
        // Held back by the SMTP failure, the mail waits in the outbox: sealed.
        let row = loop {
            let rows = outbox::Entity::find().all(app.db()).await.unwrap();
            if rows.first().is_some_and(|r| r.attempts == 1) {
                break rows[0].clone();
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        };
        assert!(!row.body_text.contains("/register/"));
        app.clock.advance(chrono::Duration::seconds(11));
        let mail = app.mail.wait_for("rokuro@example.jp").await;
        let token = mail.links().into_iter().find(|l| l.contains("/register/")).unwrap();
        let token = token.rsplit('/').next().unwrap();
        let stored = one_time_token::Entity::find().one(app.db()).await.unwrap().unwrap();
        assert_ne!(stored.token_hash, token);
    }
}

#[tokio::test]
async fn unknown_links_and_bad_addresses_are_clear_problems() {
    let app = cis_tests::spawn_app().await;
    let unknown = problem(app.get("/api/v1/registrations/not-a-real-token").await, 404).await;
    assert_eq!(unknown.code, ErrorCode::TokenInvalid);

    let response = app
        .client
        .post(app.url("/api/v1/registrations"))
        .header("Accept-Language", "en")
        .json(&serde_json::json!({"email": "taro @example.jp", "locale": "en"}))
        .send()
        .await
        .unwrap();
    let bad = problem(response, 422).await;
    assert_eq!(bad.errors[0].field, "/email");
    assert_eq!(bad.errors[0].code, ErrorCode::EmailInvalid);

    let response = app
        .client
        .post(app.url("/api/v1/registrations"))
        .header("content-type", "application/json")
        .body("{\"email\": 12")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(response, 400).await.code, ErrorCode::BadRequest);

    let not_multipart =
        app.client.post(app.url("/api/v1/registrations/whatever/documents")).body("plain").send().await.unwrap();
    assert_eq!(problem(not_multipart, 415).await.code, ErrorCode::UnsupportedMediaType);
}

on_both_databases! {
    async fn uploads_never_attached_to_an_application_are_deleted_after_their_link_ends(app) {
        use cis_api::db::identity_document;
        use sea_orm::EntityTrait;
        // One applicant gives up after uploading; another uploads twice and submits one image.
        let abandoned = app.registration_token("gaveup@example.jp").await;
        app.upload_photo(&abandoned).await;
        let token = app.registration_token("taro@example.jp").await;
        let unused = app.upload_photo(&token).await;
        let front = app.upload_photo(&token).await;
        let form = cis_tests::application_form(app.first_subject_id().await, front);
        assert_eq!(app.submit_application(&token, &form).await.status(), 201);
        let sweep = || cis_api::domain::retention::sweep(app.db(), &app.clock, &app.state.documents);

        // Within the link's life and its hour of grace nothing goes.
        app.clock.advance(chrono::Duration::minutes(30));
        assert_eq!(sweep().await.unwrap(), 0);
        app.clock.advance(chrono::Duration::minutes(61));
        assert_eq!(sweep().await.unwrap(), 2, "the abandoned upload and the one left out of the form");

        let left = identity_document::Entity::find().all(app.db()).await.unwrap();
        assert_eq!(left.iter().map(|d| d.id).collect::<Vec<_>>(), [front]);
        assert!(app.state.documents.exists(&left[0].storage_name));
        let files = std::fs::read_dir(app.data_dir.join("uploads")).unwrap().count();
        assert_eq!(files, 1, "only the attached image stays on disk");
        assert!(unused != front);
        assert_eq!(sweep().await.unwrap(), 0);
    }
}

fn twenty_registrations_per_client() -> cis_tests::Options {
    cis_tests::Options { vars: vec![("CIS_REGISTRATIONS_PER_CLIENT_HOUR", "20".into())], ..Default::default() }
}

cis_tests::on_both_databases_with! { twenty_registrations_per_client();
    async fn one_client_cannot_send_links_to_many_addresses(app) {
        for n in 0..20 {
            assert_eq!(app.start_registration(&format!("user{n}@example.jp"), "en").await.status(), 202);
        }
        let response = app.start_registration("user20@example.jp", "en").await;
        assert!(response.headers().contains_key("retry-after"));
        assert_eq!(problem(response, 429).await.code, ErrorCode::RateLimited);
        assert_eq!(one_time_token::Entity::find().count(app.db()).await.unwrap(), 20);
    }
}
