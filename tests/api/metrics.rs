//! `GET /metrics`: what an operator's Prometheus reads, to loopback only by default, never
//! a token of a path.

use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, on_both_databases_with, problem, Options, TestApp, ADMIN_EMAIL};
use serde_json::json;

async fn metrics(app: &TestApp) -> String {
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    response.text().await.unwrap()
}

/// The value of one series (`name{labels}` exactly as printed), if present.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

fn only_loopback_elsewhere() -> Options {
    let mut options = cis_tests::behind_a_proxy();
    options.vars.push(("CIS_METRICS_ALLOW", "10.0.0.0/8".into()));
    options
}

on_both_databases! {
    async fn requests_logins_and_the_queue_are_counted_by_route_never_by_path(app) {
        assert_eq!(app.get("/readyz").await.status(), 200);
        assert_eq!(app.get("/api/v1/registrations/Secret-Token-123").await.status(), 404);
        let wrong = json!({"email": ADMIN_EMAIL, "password": "not the password"});
        let refused = app.client.post(app.url("/api/v1/staff/login")).json(&wrong).send().await.unwrap();
        assert_eq!(refused.status(), 401);
        app.start_registration("hanako@example.jp", "ja").await;

        let text = metrics(&app).await;
        assert_eq!(value(&text, r#"cis_http_requests_total{method="GET",route="/readyz",status="200"}"#), Some(1.0), "{text}");
        assert_eq!(value(&text, r#"cis_http_requests_total{method="GET",route="/api/v1/registrations/{token}",status="404"}"#), Some(1.0));
        assert!(!text.contains("Secret-Token-123"), "a path's token never becomes a label");
        assert_eq!(value(&text, r#"cis_logins_refused_total{reason="invalid_credentials",who="staff"}"#), Some(1.0));
        assert!(value(&text, r#"cis_http_request_duration_seconds_count{method="POST",route="/api/v1/staff/login"}"#) == Some(1.0));
        for gauge in ["cis_outbox_pending", "cis_outbox_oldest_pending_age_seconds", "cis_mails_failed", "cis_login_locks_active",
            "cis_argon2_waiting", "cis_argon2_running", "cis_db_pool_connections", "cis_db_pool_connections_in_use"] {
            assert!(value(&text, gauge).is_some(), "{gauge} in {text}");
        }
        assert!(value(&text, "cis_process_resident_memory_bytes").unwrap() > 1e6);
        assert!(value(&text, "cis_process_open_fds").unwrap() > 3.0);
        let (in_use, held) = (value(&text, "cis_process_heap_in_use_bytes").unwrap(), value(&text, "cis_process_heap_held_bytes").unwrap());
        assert!(in_use > 1e5 && held >= in_use, "heap in use {in_use}, held {held}");
        if app.backend == cis_tests::Backend::Sqlite {
            assert!(value(&text, "cis_sqlite_memory_bytes").unwrap() > 1e4, "SQLite's page caches are counted");
        }
        assert_eq!(value(&text, "cis_mails_failed"), Some(0.0));
        assert!(value(&text, "cis_db_pool_connections").unwrap() >= 1.0);
    }

    async fn orders_are_counted_by_state(app) {
        let graduate = crate::orders::graduate(&app, crate::orders::TARO).await;
        let placed = crate::orders::place(&app, &graduate.token, Some("metrics-order-0001"), &crate::orders::store_order(&graduate)).await;
        assert_eq!(placed.status(), 201);
        let state = placed.json::<serde_json::Value>().await.unwrap()["state"].as_str().unwrap().to_owned();
        let text = metrics(&app).await;
        assert_eq!(value(&text, &format!("cis_orders{{state=\"{state}\"}}")), Some(1.0), "{text}");
    }
}

on_both_databases_with! {
    only_loopback_elsewhere();
    async fn metrics_are_refused_to_addresses_not_allowed_whatever_a_proxy_header_says(app) {
        let refused = app.client.get(app.url("/metrics")).header("x-forwarded-for", "10.1.2.3").send().await.unwrap();
        let refused = problem(refused, 403).await;
        assert_eq!(refused.code, ErrorCode::MetricsNotAllowed);
        // Not the SPA's page either.
        assert_eq!(app.get("/readyz").await.status(), 200);
    }
}
