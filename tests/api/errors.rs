use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, problem, problem_with_headers};

on_both_databases! {
    async fn an_unknown_api_path_is_a_problem_in_the_requested_language(app) {
        let (ja, headers) = problem_with_headers(app.get("/api/v1/no-such-thing").await, 404).await;
        assert_eq!(ja.code, ErrorCode::NotFound);
        assert_eq!(ja.status, 404);
        assert_eq!(ja.type_uri, "urn:cis:problem:not_found");
        assert_eq!(ja.title, "お探しのページまたはデータは見つかりません。");
        assert_eq!(ja.request_id.as_deref(), Some(headers["x-request-id"].to_str().unwrap()));

        let en = problem(app.get_in("/api/nothing/here", "en-GB,en;q=0.9").await, 404).await;
        assert_eq!(en.code, ErrorCode::NotFound);
        assert_eq!(en.title, "The page or data you asked for does not exist.");
    }

    async fn a_wrong_method_is_a_problem(app) {
        let response = app.client.post(app.url("/api/v1/catalog/certificate-types")).send().await.unwrap();
        let (body, headers) = problem_with_headers(response, 405).await;
        assert_eq!(body.code, ErrorCode::MethodNotAllowed);
        assert_eq!(headers["allow"], "GET");
        let response = app.client.delete(app.url("/api/v1/staff/users/3")).send().await.unwrap();
        let (_, headers) = problem_with_headers(response, 405).await;
        assert_eq!(headers["allow"], "PATCH");
    }

    async fn a_stored_state_outside_its_set_is_an_error_not_a_default(app) {
        use sea_orm::ConnectionTrait;
        app.submitted_application("taro@example.jp", "電電 太郎", "デンデン タロウ").await;
        let token = app.staff_token().await;
        assert_eq!(app.staff_get(&token, "/api/v1/staff/applications").await.status(), 200);
        app.db().execute_unprepared("UPDATE applications SET state = 'misplaced'").await.unwrap();
        let broken = problem(app.staff_get(&token, "/api/v1/staff/applications").await, 500).await;
        assert_eq!(broken.code, ErrorCode::Internal);
    }

    async fn readiness_checks_the_database(app) {
        let response = app.get("/readyz").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.json::<serde_json::Value>().await.unwrap()["status"], "ready");
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 200);

        app.db().clone().close().await.unwrap();
        let body = problem(app.get("/readyz").await, 503).await;
        assert_eq!(body.code, ErrorCode::ServiceUnavailable);
    }
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_security_headers() {
    let app = cis_tests::spawn_app().await;
    let a = app.get("/api/v1/university").await;
    let b = app.get("/api/v1/university").await;
    let id = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id(&a), id(&b));
    assert_eq!(a.headers()["x-content-type-options"], "nosniff");
    assert_eq!(a.headers()["referrer-policy"], "no-referrer");
    assert!(a.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));

    let traced = app.client.get(app.url("/healthz")).header("x-request-id", "proxy-1234abcd").send().await.unwrap();
    assert_eq!(traced.headers()["x-request-id"], "proxy-1234abcd");
}
