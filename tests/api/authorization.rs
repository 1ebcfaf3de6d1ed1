//! Who may call what: every operation of the OpenAPI document, called as an anonymous
//! visitor, a graduate, another graduate, a reviewer and an administrator. A new operation
//! that is not in the table fails the test.

use std::collections::BTreeSet;

use cis_tests::on_both_databases;
use reqwest::Method;
use serde_json::{json, Value};

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Access {
    /// Anyone (links carry their own token; login and refresh take credentials).
    Public,
    /// A graduate in a live session: 401 without a token, 403 with a staff token.
    Graduate,
    /// Any enabled staff member: 401 without a token, 403 with a graduate token.
    Staff,
    /// Administrators only: also 403 for reviewers.
    Administrator,
    /// A printing station with its API key: 401 for every other caller.
    Station,
}

/// (method, path in the document, path called, body, access).
fn table() -> Vec<(Method, &'static str, &'static str, Option<Value>, Access)> {
    use Access::*;
    let form = json!({});
    // Bodies of the right shape that break a rule: the operations answer 404 or 422 and
    // change nothing (a body of the wrong shape is 400 before the caller is checked).
    let bad_certificate_type = json!({
        "code": "Bad Code", "name": {"ja": "x", "en": "x"}, "language": "ja", "fee_yen": 0, "max_copies": 1,
        "sheets": 1, "channels": ["post"], "degree_programs": [], "completions": [], "on_sale": true
    });
    let bad_order_settings = json!({
        "handling_fee_yen": 0, "print_fee_per_sheet_yen": 20, "print_deadline_days": 0, "sealed_envelope": false,
        "sealed_envelope_fee_yen": 0, "payment_methods": {"convenience_store": ["at_store"], "post": ["staff_confirmed"]},
        "postage_options": []
    });
    vec![
        (Method::GET, "/healthz", "/healthz", None, Public),
        (Method::GET, "/readyz", "/readyz", None, Public),
        // From loopback, as every test calls: in `CIS_METRICS_ALLOW` by default.
        (Method::GET, "/metrics", "/metrics", None, Public),
        (Method::GET, "/api/v1/university", "/api/v1/university", None, Public),
        (Method::GET, "/api/v1/catalog/affiliations", "/api/v1/catalog/affiliations", None, Public),
        (Method::GET, "/api/v1/catalog/certificate-types", "/api/v1/catalog/certificate-types", None, Public),
        (Method::GET, "/api/v1/catalog/degree-programs", "/api/v1/catalog/degree-programs", None, Public),
        (
            Method::POST,
            "/api/v1/registrations",
            "/api/v1/registrations",
            Some(json!({"email": "not-an-address"})),
            Public,
        ),
        (Method::GET, "/api/v1/registrations/{token}", "/api/v1/registrations/unknown", None, Public),
        (
            Method::POST,
            "/api/v1/registrations/{token}/application",
            "/api/v1/registrations/unknown/application",
            Some(form.clone()),
            Public,
        ),
        (
            Method::POST,
            "/api/v1/registrations/{token}/documents",
            "/api/v1/registrations/unknown/documents",
            None,
            Public,
        ),
        (
            Method::GET,
            "/api/v1/registrations/{token}/documents/{id}",
            "/api/v1/registrations/unknown/documents/1",
            None,
            Public,
        ),
        (Method::GET, "/api/v1/resubmissions/{token}", "/api/v1/resubmissions/unknown", None, Public),
        (
            Method::POST,
            "/api/v1/resubmissions/{token}/application",
            "/api/v1/resubmissions/unknown/application",
            Some(form),
            Public,
        ),
        (
            Method::POST,
            "/api/v1/resubmissions/{token}/documents",
            "/api/v1/resubmissions/unknown/documents",
            None,
            Public,
        ),
        (
            Method::GET,
            "/api/v1/resubmissions/{token}/documents/{id}",
            "/api/v1/resubmissions/unknown/documents/1",
            None,
            Public,
        ),
        (
            Method::POST,
            "/api/v1/auth/login",
            "/api/v1/auth/login",
            Some(json!({"email": "x@example.jp", "password": "Wrong2024pass"})),
            Public,
        ),
        (
            Method::POST,
            "/api/v1/auth/credentials",
            "/api/v1/auth/credentials",
            Some(json!({"setup_token": "x", "password": "Kobe2024pass", "second_password": "Second2024pw"})),
            Public,
        ),
        (Method::POST, "/api/v1/auth/refresh", "/api/v1/auth/refresh", Some(json!({})), Public),
        // An address that is not one: 422 for everyone, before any rate limit counts.
        (
            Method::POST,
            "/api/v1/password-resets",
            "/api/v1/password-resets",
            Some(json!({"email": "not-an-address", "locale": "en"})),
            Public,
        ),
        (Method::GET, "/api/v1/password-resets/{token}", "/api/v1/password-resets/unknown", None, Public),
        (
            Method::POST,
            "/api/v1/password-resets/{token}",
            "/api/v1/password-resets/unknown",
            Some(json!({"password": "Osaka2025pass", "second_password": "Second2025pw"})),
            Public,
        ),
        (Method::GET, "/api/v1/me", "/api/v1/me", None, Graduate),
        // The new value equal to the current one: 422 for a graduate, before any secret is checked.
        (
            Method::POST,
            "/api/v1/me/password",
            "/api/v1/me/password",
            Some(json!({"current_password": "Kobe2024pass", "new_password": "Kobe2024pass"})),
            Graduate,
        ),
        (
            Method::POST,
            "/api/v1/me/second-password",
            "/api/v1/me/second-password",
            Some(json!({"current_second_password": "Second2024pw", "new_second_password": "Second2024pw"})),
            Graduate,
        ),
        (Method::GET, "/api/v1/me/profile", "/api/v1/me/profile", None, Graduate),
        // An empty profile: 422 for a graduate, nothing saved.
        (Method::PUT, "/api/v1/me/profile", "/api/v1/me/profile", Some(json!({})), Graduate),
        // An address that is not one: 422 for a graduate, before the password is checked.
        (
            Method::POST,
            "/api/v1/me/mail-change",
            "/api/v1/me/mail-change",
            Some(json!({"new_email": "not-an-address", "password": "Kobe2024pass"})),
            Graduate,
        ),
        (Method::GET, "/api/v1/mail-changes/{token}", "/api/v1/mail-changes/unknown", None, Public),
        (Method::POST, "/api/v1/mail-changes/{token}", "/api/v1/mail-changes/unknown", None, Public),
        (Method::POST, "/api/v1/mail-change-undos/{token}", "/api/v1/mail-change-undos/unknown", None, Public),
        (Method::GET, "/api/v1/me/sessions", "/api/v1/me/sessions", None, Graduate),
        // An unknown session: 404 for a graduate (their own would be 409, another's 404 too).
        (Method::DELETE, "/api/v1/me/sessions/{id}", "/api/v1/me/sessions/99999", None, Graduate),
        (Method::POST, "/api/v1/me/student-id-requests", "/api/v1/me/student-id-requests", None, Graduate),
        (
            Method::GET,
            "/api/v1/student-id-applications/{token}",
            "/api/v1/student-id-applications/unknown",
            None,
            Public,
        ),
        (
            Method::POST,
            "/api/v1/student-id-applications/{token}",
            "/api/v1/student-id-applications/unknown",
            Some(json!({"enrollment": {}})),
            Public,
        ),
        (
            Method::POST,
            "/api/v1/staff/login",
            "/api/v1/staff/login",
            Some(json!({"email": "x@example.jp", "password": "x"})),
            Public,
        ),
        (Method::GET, "/api/v1/staff/me", "/api/v1/staff/me", None, Staff),
        (Method::GET, "/api/v1/staff/applications", "/api/v1/staff/applications", None, Staff),
        (Method::GET, "/api/v1/staff/applications/{id}", "/api/v1/staff/applications/99999", None, Staff),
        (
            Method::POST,
            "/api/v1/staff/applications/{id}/decision",
            "/api/v1/staff/applications/99999/decision",
            Some(json!({"decision": "reject", "reason": "r"})),
            Staff,
        ),
        (Method::GET, "/api/v1/staff/documents/{id}", "/api/v1/staff/documents/99999", None, Staff),
        (Method::GET, "/api/v1/staff/accounts", "/api/v1/staff/accounts", None, Staff),
        (
            Method::POST,
            "/api/v1/staff/accounts/{id}/initial-password",
            "/api/v1/staff/accounts/99999/initial-password",
            None,
            Staff,
        ),
        (Method::GET, "/api/v1/staff/audit-events", "/api/v1/staff/audit-events", None, Administrator),
        (Method::GET, "/api/v1/staff/users", "/api/v1/staff/users", None, Administrator),
        (
            Method::POST,
            "/api/v1/staff/users",
            "/api/v1/staff/users",
            Some(json!({"email": "bad", "display_name": "X", "role": "reviewer"})),
            Administrator,
        ),
        (
            Method::PATCH,
            "/api/v1/staff/users/{id}",
            "/api/v1/staff/users/99999",
            Some(json!({"disabled": true})),
            Administrator,
        ),
        (
            Method::POST,
            "/api/v1/staff/users/{id}/password-reset",
            "/api/v1/staff/users/99999/password-reset",
            None,
            Administrator,
        ),
        (
            Method::DELETE,
            "/api/v1/staff/accounts/{id}/login-lock",
            "/api/v1/staff/accounts/1/login-lock",
            None,
            Administrator,
        ),
        (
            Method::GET,
            "/api/v1/orders/options",
            "/api/v1/orders/options?channel=post&enrollment_id=99999",
            None,
            Graduate,
        ),
        (
            Method::POST,
            "/api/v1/orders",
            "/api/v1/orders",
            Some(json!({"channel": "post", "enrollment_id": 99999, "items": [], "payment_method": "at_store"})),
            Graduate,
        ),
        (Method::GET, "/api/v1/orders", "/api/v1/orders", None, Graduate),
        (Method::GET, "/api/v1/orders/{order_number}", "/api/v1/orders/0000-0000-0000", None, Graduate),
        (Method::POST, "/api/v1/orders/{order_number}/cancel", "/api/v1/orders/0000-0000-0000/cancel", None, Graduate),
        (
            Method::POST,
            "/api/v1/orders/{order_number}/delivery/cancellation",
            "/api/v1/orders/0000-0000-0000/delivery/cancellation",
            None,
            Graduate,
        ),
        (Method::GET, "/api/v1/staff/orders", "/api/v1/staff/orders", None, Staff),
        (Method::GET, "/api/v1/staff/orders/{order_number}", "/api/v1/staff/orders/0000-0000-0000", None, Staff),
        (
            Method::POST,
            "/api/v1/staff/orders/{order_number}/payments",
            "/api/v1/staff/orders/0000-0000-0000/payments",
            Some(json!({"amount_yen": 1, "method": "staff_confirmed", "note": ""})),
            Staff,
        ),
        (
            Method::POST,
            "/api/v1/staff/academic-records/imports",
            "/api/v1/staff/academic-records/imports?dry_run=true",
            None,
            Staff,
        ),
        (
            Method::POST,
            "/api/v1/staff/orders/{order_number}/hold",
            "/api/v1/staff/orders/0000-0000-0000/hold",
            Some(json!({"reason": "Name differs"})),
            Staff,
        ),
        (
            Method::POST,
            "/api/v1/staff/orders/{order_number}/release",
            "/api/v1/staff/orders/0000-0000-0000/release",
            None,
            Staff,
        ),
        (
            Method::POST,
            "/api/v1/staff/orders/{order_number}/cancel",
            "/api/v1/staff/orders/0000-0000-0000/cancel",
            Some(json!({"reason": "Name differs"})),
            Staff,
        ),
        (
            Method::POST,
            "/api/v1/staff/orders/{order_number}/printed",
            "/api/v1/staff/orders/0000-0000-0000/printed",
            None,
            Staff,
        ),
        (
            Method::POST,
            "/api/v1/staff/orders/{order_number}/shipment",
            "/api/v1/staff/orders/0000-0000-0000/shipment",
            Some(json!({"carrier": "japan_post", "tracking_number": "123456789012"})),
            Staff,
        ),
        (
            Method::GET,
            "/api/v1/staff/catalog/certificate-types",
            "/api/v1/staff/catalog/certificate-types",
            None,
            Administrator,
        ),
        (
            Method::POST,
            "/api/v1/staff/catalog/certificate-types",
            "/api/v1/staff/catalog/certificate-types",
            Some(bad_certificate_type.clone()),
            Administrator,
        ),
        (
            Method::PUT,
            "/api/v1/staff/catalog/certificate-types/{id}",
            "/api/v1/staff/catalog/certificate-types/99999",
            Some(bad_certificate_type),
            Administrator,
        ),
        (
            Method::GET,
            "/api/v1/staff/catalog/order-settings",
            "/api/v1/staff/catalog/order-settings",
            None,
            Administrator,
        ),
        (
            Method::PUT,
            "/api/v1/staff/catalog/order-settings",
            "/api/v1/staff/catalog/order-settings",
            Some(bad_order_settings),
            Administrator,
        ),
        (
            Method::GET,
            "/api/v1/staff/orders/{order_number}/pdf",
            "/api/v1/staff/orders/0000-0000-0000/pdf",
            None,
            Staff,
        ),
        (
            Method::GET,
            "/api/v1/staff/orders/{order_number}/copies",
            "/api/v1/staff/orders/0000-0000-0000/copies",
            None,
            Staff,
        ),
        (
            Method::POST,
            "/api/v1/staff/copies/{id}/revocation",
            "/api/v1/staff/copies/99999/revocation",
            Some(json!({"reason": "Reissued"})),
            Staff,
        ),
        (Method::GET, "/api/v1/staff/print-stations", "/api/v1/staff/print-stations", None, Administrator),
        (
            Method::POST,
            "/api/v1/staff/print-stations",
            "/api/v1/staff/print-stations",
            Some(json!({"name": "", "kind": "counter"})),
            Administrator,
        ),
        (
            Method::DELETE,
            "/api/v1/staff/print-stations/{id}",
            "/api/v1/staff/print-stations/99999",
            None,
            Administrator,
        ),
        (Method::GET, "/api/v1/staff/counter/{number}", "/api/v1/staff/counter/000000000000", None, Staff),
        (
            Method::POST,
            "/api/v1/staff/counter/print-jobs",
            "/api/v1/staff/counter/print-jobs",
            Some(json!({"reservation_number": "000000000000", "amount_yen": 0})),
            Staff,
        ),
        (Method::GET, "/api/v1/staff/counter/copies/{id}/pdf", "/api/v1/staff/counter/copies/99999/pdf", None, Staff),
        (
            Method::POST,
            "/api/v1/staff/counter/print-jobs/{id}/complete",
            "/api/v1/staff/counter/print-jobs/99999/complete",
            None,
            Staff,
        ),
        (
            Method::POST,
            "/api/v1/staff/counter/print-jobs/{id}/fail",
            "/api/v1/staff/counter/print-jobs/99999/fail",
            None,
            Staff,
        ),
        (
            Method::GET,
            "/api/v1/print-stations/reservations/{reservation_number}",
            "/api/v1/print-stations/reservations/000000000000",
            None,
            Station,
        ),
        (
            Method::POST,
            "/api/v1/print-stations/print-jobs",
            "/api/v1/print-stations/print-jobs",
            Some(json!({"reservation_number": "000000000000", "amount_yen": 0})),
            Station,
        ),
        (
            Method::GET,
            "/api/v1/print-stations/copies/{id}/pdf",
            "/api/v1/print-stations/copies/99999/pdf",
            None,
            Station,
        ),
        (
            Method::POST,
            "/api/v1/print-stations/print-jobs/{id}/complete",
            "/api/v1/print-stations/print-jobs/99999/complete",
            None,
            Station,
        ),
        (
            Method::POST,
            "/api/v1/print-stations/print-jobs/{id}/fail",
            "/api/v1/print-stations/print-jobs/99999/fail",
            None,
            Station,
        ),
        (Method::GET, "/api/v1/verifications/{code}", "/api/v1/verifications/0000-0000-0000-0000", None, Public),
        (Method::POST, "/api/v1/verifications/files", "/api/v1/verifications/files", None, Public),
        (Method::POST, "/api/v1/deliveries/open", "/api/v1/deliveries/open", Some(json!({"token": "x"})), Public),
        (
            Method::POST,
            "/api/v1/deliveries/download",
            "/api/v1/deliveries/download",
            Some(json!({"token": "x", "copy_id": 1, "format": "pdf"})),
            Public,
        ),
        (Method::GET, "/.well-known/jwks.json", "/.well-known/jwks.json", None, Public),
        // Stripe's webhook: no signature anyone here can make, so 400 for every caller.
        (
            Method::POST,
            "/api/v1/payments/stripe/webhook",
            "/api/v1/payments/stripe/webhook",
            Some(json!({"id": "evt_x", "type": "checkout.session.completed", "data": {"object": {}}})),
            Public,
        ),
        // Not multipart: 415 for staff, nothing attached.
        (
            Method::PUT,
            "/api/v1/staff/orders/{order_number}/lines/{line}/document",
            "/api/v1/staff/orders/0000-0000-0000/lines/1/document",
            None,
            Staff,
        ),
        (Method::GET, "/api/v1/staff/university/seal", "/api/v1/staff/university/seal", None, Administrator),
        // Not multipart: 415 for administrators, the seal unchanged.
        (Method::PUT, "/api/v1/staff/university/seal", "/api/v1/staff/university/seal", None, Administrator),
        // No seal uploaded: removing it changes nothing.
        (Method::DELETE, "/api/v1/staff/university/seal", "/api/v1/staff/university/seal", None, Administrator),
        (Method::GET, "/api/v1/staff/mail/failed", "/api/v1/staff/mail/failed", None, Administrator),
        // No such failed mail: 404 for administrators.
        (
            Method::POST,
            "/api/v1/staff/mail/failed/{id}/retry",
            "/api/v1/staff/mail/failed/999999/retry",
            None,
            Administrator,
        ),
        // Last: they end the sessions and tokens of the callers.
        (Method::POST, "/api/v1/auth/logout", "/api/v1/auth/logout", Some(json!({})), Public),
        (Method::POST, "/api/v1/staff/logout", "/api/v1/staff/logout", None, Staff),
    ]
}

/// Every operation of the served document, as "METHOD /path".
fn documented_operations() -> BTreeSet<String> {
    let spec: Value = serde_json::from_str(&cis_api::openapi::spec_json()).unwrap();
    let mut operations = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            operations.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    operations
}

#[test]
fn the_table_names_every_documented_operation() {
    let listed: BTreeSet<String> = table().iter().map(|(m, path, ..)| format!("{m} {path}")).collect();
    let documented = documented_operations();
    let missing: Vec<_> = documented.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&documented).collect();
    assert!(missing.is_empty(), "operations with no row in the authorization table: {missing:?}");
    assert!(stale.is_empty(), "rows for operations that are not documented: {stale:?}");
}

on_both_databases! {
    async fn each_kind_of_user_reaches_exactly_its_operations(app) {
        let admin = app.staff_token().await;
        let reviewer = app.reviewer_token(&admin, "reviewer@the-university.example").await;
        let graduate = app.active_graduate("taro@example.jp").await.access_token;
        let other = app.active_graduate("hanako@example.jp").await.access_token;
        let station = crate::printing::register_station(&app, &admin, "convenience_store").await.1;
        let callers: [(&str, Option<&str>); 6] = [
            ("anonymous", None),
            ("station", Some(&station)),
            ("graduate", Some(&graduate)),
            ("another graduate", Some(&other)),
            ("reviewer", Some(&reviewer)),
            ("administrator", Some(&admin)),
        ];

        // Each graduate sees only their own account.
        for (token, email) in [(&graduate, "taro@example.jp"), (&other, "hanako@example.jp")] {
            let me: Value = app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
            assert_eq!(me["email"], email);
        }

        for (method, documented, path, body, access) in table() {
            let mut public_answer = None;
            for (who, token) in callers {
                // A public operation answers a station as anyone (and login's rate limit counts callers).
                if who == "station" && access == Access::Public {
                    continue;
                }
                let expected = match (access, who) {
                    (Access::Public, _) => None,
                    (Access::Station, "station") => None,
                    (Access::Station, _) | (_, "anonymous" | "station") => Some(401),
                    (Access::Graduate, "graduate" | "another graduate") => None,
                    (Access::Graduate, _) => Some(403),
                    (Access::Staff | Access::Administrator, "graduate" | "another graduate") => Some(403),
                    (Access::Administrator, "reviewer") => Some(403),
                    (Access::Staff | Access::Administrator, _) => None,
                };
                let mut request = app.client.request(method.clone(), app.url(path));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                if let Some(body) = &body {
                    request = request.json(body);
                }
                let status = request.send().await.unwrap().status().as_u16();
                match (expected, access) {
                    (Some(code), _) => assert_eq!(status, code, "{who} on {method} {documented}"),
                    // Public: a token changes nothing (a wrong password is 401 for everyone).
                    (None, Access::Public) => {
                        assert_eq!(*public_answer.get_or_insert(status), status, "{who} on {method} {documented}")
                    }
                    (None, _) => assert!(status != 401 && status != 403, "{who} on {method} {documented}: {status}"),
                }
            }
        }

    }
}
