//! The committed spec is the one the code generates and the server serves.

use cis_tests::{spawn_app, workspace_root};

fn committed() -> String {
    std::fs::read_to_string(workspace_root().join("openapi/openapi.json")).expect("openapi/openapi.json is committed")
}

#[test]
fn the_committed_spec_matches_the_code() {
    assert!(
        committed() == cis_api::openapi::spec_json(),
        "openapi/openapi.json differs from the code: run `cargo xtask openapi` and commit the result"
    );
}

#[tokio::test]
async fn the_served_spec_is_the_committed_one() {
    let app = spawn_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let served: serde_json::Value = response.json().await.unwrap();
    let committed: serde_json::Value = serde_json::from_str(&committed()).unwrap();
    assert_eq!(served, committed);
}

/// A response as written, or the shared one it refers to (`#/components/responses/BadRequest`).
fn resolved<'a>(spec: &'a serde_json::Value, response: &'a serde_json::Value) -> &'a serde_json::Value {
    match response["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/responses/")) {
        Some(name) => &spec["components"]["responses"][name],
        None => response,
    }
}

#[test]
fn every_operation_documents_its_answers_and_every_error_is_a_problem() {
    let spec: serde_json::Value = serde_json::from_str(&cis_api::openapi::spec_json()).unwrap();
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/catalog/affiliations"));
    let mut operation_ids = std::collections::HashSet::new();
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                operation["summary"].is_string() || operation["description"].is_string(),
                "{method} {path} undocumented"
            );
            let id = operation["operationId"].as_str().unwrap_or_default();
            assert!(operation_ids.insert(id.to_owned()), "{method} {path}: operationId '{id}' is not unique");
            assert!(responses.keys().any(|s| s.starts_with('2')), "{method} {path} has no success answer");
            for status in ["405", "500"] {
                assert!(responses.contains_key(status), "{method} {path} does not document {status}");
            }
            let allow = &resolved(&spec, &responses["405"])["headers"]["Allow"];
            assert!(allow.is_object(), "{method} {path}: its 405 names no Allow header");
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        resolved(&spec, response)["content"]["application/problem+json"].is_object(),
                        "{method} {path} {status} is not a problem"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_interactive_docs_are_served_without_any_other_origin() {
    let app = spawn_app().await;
    let redirect = app.get("/api/docs").await;
    assert_eq!(redirect.status(), 308);
    let page = app.get("/api/docs/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    for asset in ["/api/docs/swagger-ui.css", "/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-initializer.js"] {
        let response = app.get(asset).await;
        assert_eq!(response.status(), 200, "{asset}");
        let text = response.text().await.unwrap();
        if asset.ends_with("initializer.js") {
            assert!(text.contains("/api/openapi.json"), "{text}");
        }
    }
    assert!(!html.contains("https://") && !html.contains("http://"), "the docs page loads nothing from elsewhere");
}
