//! Login history (beyond the manual): the account's live sessions, ending another one, and
//! the maximum age of a session however active it is.

use chrono::Duration;
use cis_shared::messages::ErrorCode;
use cis_tests::{
    behind_a_proxy, on_both_databases_with, problem, GraduateSession, Options, TestApp, PASSWORD, SECOND_PASSWORD,
};
use sea_orm::EntityTrait;
use serde_json::Value;

const FIREFOX_ON_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0";
const SAFARI_ON_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                                (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/// A login from `client` (behind the trusted proxy) with this `User-Agent`.
async fn log_in_from(app: &TestApp, email: &str, user_agent: &str, client: &str) -> GraduateSession {
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("user-agent", user_agent)
        .header("x-forwarded-for", client)
        .json(&serde_json::json!({"email": email, "password": PASSWORD, "second_password": SECOND_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    GraduateSession::from_response(response).await
}

async fn me(app: &TestApp, access_token: &str) -> reqwest::Response {
    app.client.get(app.url("/api/v1/me")).bearer_auth(access_token).send().await.unwrap()
}

async fn sessions(app: &TestApp, access_token: &str) -> Vec<Value> {
    let response = app.client.get(app.url("/api/v1/me/sessions")).bearer_auth(access_token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.unwrap()
}

async fn end(app: &TestApp, access_token: &str, id: i64) -> reqwest::Response {
    let path = format!("/api/v1/me/sessions/{id}");
    app.client.delete(app.url(&path)).bearer_auth(access_token).send().await.unwrap()
}

fn max_one_hour() -> Options {
    let mut options = behind_a_proxy();
    options.vars.push(("CIS_SESSION_MAX_HOURS", "1".into()));
    options
}

on_both_databases_with! { behind_a_proxy();
    async fn two_logins_are_listed_and_one_ends_the_other_at_once(app) {
        let setup = app.active_graduate("taro@example.jp").await;
        app.clock.advance(Duration::minutes(1));
        let pc = log_in_from(&app, "taro@example.jp", FIREFOX_ON_WINDOWS, "203.0.113.7").await;
        app.clock.advance(Duration::minutes(1));
        let phone = log_in_from(&app, "taro@example.jp", SAFARI_ON_IPHONE, "198.51.100.20").await;
        // The phone's session is in use (and held in memory).
        assert_eq!(me(&app, &phone.access_token).await.status(), 200);

        let listed = sessions(&app, &pc.access_token).await;
        assert_eq!(listed.len(), 3, "{listed:?}");
        // Newest first: the phone, the PC, the first login's session.
        assert_eq!(listed[0]["user_agent"], SAFARI_ON_IPHONE);
        assert_eq!(listed[0]["client_address"], "198.51.100.20");
        assert_eq!(listed[1]["user_agent"], FIREFOX_ON_WINDOWS);
        assert_eq!(listed[1]["client_address"], "203.0.113.7");
        let current: Vec<bool> = listed.iter().map(|s| s["current"].as_bool().unwrap()).collect();
        assert_eq!(current, [false, true, false]);
        assert!(listed[0]["started_at"].as_str().unwrap() > listed[1]["started_at"].as_str().unwrap());
        assert!(listed[0]["last_active_at"].as_str().unwrap().ends_with('Z'));
        // No token in it.
        let text = serde_json::to_string(&listed).unwrap();
        for secret in [&pc.access_token, &pc.refresh_token, &phone.access_token, &phone.refresh_token] {
            assert!(!text.contains(secret.as_str()));
        }
        // The phone sees the same sessions, itself current.
        let from_phone = sessions(&app, &phone.access_token).await;
        assert_eq!(from_phone.iter().map(|s| s["current"].as_bool().unwrap()).collect::<Vec<_>>(), [true, false, false]);

        // The PC ends the phone's session: its access token and its refresh cookie stop at once.
        let phone_id = listed[0]["id"].as_i64().unwrap();
        assert_eq!(end(&app, &pc.access_token, phone_id).await.status(), 204);
        assert_eq!(problem(me(&app, &phone.access_token).await, 401).await.code, ErrorCode::Unauthorized);
        assert_eq!(problem(app.refresh(&phone.refresh_token).await, 401).await.code, ErrorCode::Unauthorized);
        assert_eq!(me(&app, &pc.access_token).await.status(), 200);
        assert_eq!(me(&app, &setup.access_token).await.status(), 200);
        let left = sessions(&app, &pc.access_token).await;
        assert_eq!(left.len(), 2);
        assert!(left.iter().all(|s| s["id"] != phone_id));

        // Ended, unknown, another account's: the same 404; one's own: log out instead.
        assert_eq!(problem(end(&app, &pc.access_token, phone_id).await, 404).await.code, ErrorCode::NotFound);
        assert_eq!(problem(end(&app, &pc.access_token, 999_999).await, 404).await.code, ErrorCode::NotFound);
        let pc_id = left[0]["id"].as_i64().unwrap();
        let own = problem(end(&app, &pc.access_token, pc_id).await, 409).await;
        assert_eq!(own.code, ErrorCode::SessionIsCurrent);
        let other = app.active_graduate("hanako@example.jp").await;
        assert_eq!(problem(end(&app, &other.access_token, pc_id).await, 404).await.code, ErrorCode::NotFound);
        assert_eq!(me(&app, &pc.access_token).await.status(), 200);
        assert_eq!(sessions(&app, &other.access_token).await.len(), 1);

        let ended = cis_api::db::session::Entity::find_by_id(phone_id).one(app.db()).await.unwrap().unwrap();
        assert_eq!(ended.end_reason.map(|r| sea_orm::ActiveEnum::to_value(&r)).as_deref(), Some("ended_elsewhere"));
        let events = cis_api::db::audit_event::Entity::find().all(app.db()).await.unwrap();
        let event = events.iter().find(|e| e.action == "graduate.session_ended").expect("an audit event");
        assert_eq!((event.target_kind.as_deref(), event.target_id), (Some("session"), Some(phone_id)));
    }
}

on_both_databases_with! { max_one_hour();
    async fn a_session_ends_at_its_maximum_age_however_active(app) {
        let first = app.active_graduate("taro@example.jp").await;
        let second = log_in_from(&app, "taro@example.jp", FIREFOX_ON_WINDOWS, "203.0.113.7").await;
        let account: Value = me(&app, &first.access_token).await.json().await.unwrap();
        let ends = chrono::DateTime::parse_from_rfc3339(account["session_ends_at"].as_str().unwrap()).unwrap();
        let left = ends.with_timezone(&chrono::Utc) - app.clock.now();
        assert!(left > Duration::minutes(59) && left <= Duration::hours(1), "{left}");

        // Active all along: a refresh every 20 minutes keeps both sessions from idling...
        let (mut first, mut second) = (first, second);
        for _ in 0..2 {
            app.clock.advance(Duration::minutes(20));
            first = GraduateSession::from_response(app.refresh(&first.refresh_token).await).await;
            second = GraduateSession::from_response(app.refresh(&second.refresh_token).await).await;
        }
        app.clock.advance(Duration::minutes(10));
        assert_eq!(me(&app, &first.access_token).await.status(), 200);
        assert_eq!(sessions(&app, &first.access_token).await.len(), 2);
        app.clock.advance(Duration::minutes(9));
        first = GraduateSession::from_response(app.refresh(&first.refresh_token).await).await;
        second = GraduateSession::from_response(app.refresh(&second.refresh_token).await).await;
        // ...but an hour after the login, both are over: the access token and the refresh.
        app.clock.advance(Duration::minutes(1));
        assert_eq!(problem(me(&app, &first.access_token).await, 401).await.code, ErrorCode::SessionExpired);
        assert_eq!(problem(app.refresh(&first.refresh_token).await, 401).await.code, ErrorCode::SessionExpired);
        assert_eq!(problem(app.refresh(&second.refresh_token).await, 401).await.code, ErrorCode::SessionExpired);
        let rows = cis_api::db::session::Entity::find().all(app.db()).await.unwrap();
        let reasons: Vec<_> = rows.iter().map(|r| r.end_reason.map(|r| sea_orm::ActiveEnum::to_value(&r))).collect();
        assert_eq!(reasons, [Some("max_age".to_owned()), Some("max_age".to_owned())]);

        // A new login starts a new hour; a session left idle is not listed.
        let idle = log_in_from(&app, "taro@example.jp", SAFARI_ON_IPHONE, "198.51.100.20").await;
        app.clock.advance(Duration::minutes(31));
        let fresh = log_in_from(&app, "taro@example.jp", FIREFOX_ON_WINDOWS, "203.0.113.7").await;
        let listed = sessions(&app, &fresh.access_token).await;
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(listed[0]["current"], true);
        assert_eq!(problem(app.refresh(&idle.refresh_token).await, 401).await.code, ErrorCode::SessionExpired);
    }
}
