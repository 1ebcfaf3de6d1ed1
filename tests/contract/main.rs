//! The OpenAPI document is the contract: schemathesis (installed by `cargo xtask test` into a
//! virtual environment under the target directory) generates requests from it against the
//! real server and checks every answer against it, with all of its checks and phases, once
//! as an anonymous caller, once as a staff administrator and once as a graduate, each
//! logging in through the API as the document describes (Web Fuzzing Commons auth file), and
//! once as a printing station with its API key.
//!
//! Without `CIS_TEST_SCHEMATHESIS` (plain `cargo test`) the tests are skipped, unless
//! `CIS_TEST_REQUIRE_SCHEMATHESIS` is set, as `cargo xtask test` does.
//! `CIS_SCHEMATHESIS_LONG=1` (`cargo xtask schemathesis --long`) runs many more cases.

use std::path::{Path, PathBuf};
use std::process::Command;

use cis_tests::{spawn_with, Backend, Options, TestApp, ADMIN_PASSWORD, PASSWORD, SECOND_PASSWORD};

/// Who schemathesis speaks as, and which operations that run covers.
#[derive(Debug, Clone, Copy)]
enum Caller {
    /// Every operation, without credentials.
    Anonymous,
    /// The staff area's operations, as the bootstrap administrator (who may do all of them).
    Staff,
    /// The graduate's operations (`/api/v1/me…`, `/api/v1/orders…`), as an active graduate.
    Graduate,
    /// The station API (`/api/v1/print-stations/…`), with a registered station's key and a
    /// reservation ready to print.
    Station,
}

const GRADUATE_EMAIL: &str = "contract.graduate@alumni.example";
/// Not the address of the documented examples, which the generated logins try with wrong
/// passwords until it is locked.
const ADMIN_EMAIL: &str = "contract.registrar@the-university.example";
/// The logins of the auth file come from their own client address (behind the trusted
/// proxy), so the generated logins from 127.0.0.1 never use up their budget.
const LOGIN_CLIENT: &str = "192.0.2.10";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_callers_get_what_the_document_promises() {
    check(Caller::Anonymous, Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_get_what_the_document_promises() {
    check(Caller::Staff, Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graduates_get_what_the_document_promises() {
    check(Caller::Graduate, Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn printing_stations_get_what_the_document_promises() {
    check(Caller::Station, Backend::Postgres).await;
}

async fn check(caller: Caller, backend: Backend) {
    let Some(program) = schemathesis() else { return };
    // Generated requests come fast from one address: the per-client budgets are raised so
    // that the answers exercise the rules rather than the budgets (429 stays documented).
    let mut options = Options {
        vars: vec![
            ("CIS_REGISTRATIONS_PER_CLIENT_HOUR", "100000".into()),
            ("CIS_UPLOAD_MB_PER_CLIENT_HOUR", "100000".into()),
            ("CIS_UPLOAD_MIN_FREE_MB", "0".into()),
            ("CIS_TRUST_PROXY", "true".into()),
        ],
        ..Options::default()
    };
    if let Caller::Staff = caller {
        options.vars.push(("CIS_ADMIN_EMAIL", ADMIN_EMAIL.into()));
    }
    let Some(app) = spawn_with(backend, options).await else { return };
    if let Caller::Graduate = caller {
        app.active_graduate(GRADUATE_EMAIL).await;
    }
    let report = app.data_dir.join(format!("schemathesis-{caller:?}"));
    let mut args = arguments(&app, caller, &report);
    if let Caller::Station = caller {
        let key = station_with_reservation(&app).await;
        args.extend(["--header".into(), format!("Authorization: Bearer {key}")]);
    }
    let data_dir = app.data_dir.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(program)
            .args(&args)
            .env("NO_COLOR", "1")
            .env("SCHEMATHESIS_HOOKS", "")
            // Its example database (`.schemathesis/`) stays with the server's temporary data.
            .current_dir(&data_dir)
            .output()
            .expect("schemathesis runs")
    })
    .await
    .unwrap();
    let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{printed}");
    assert!(output.status.success(), "schemathesis found contract failures as {caller:?} on {backend:?}:\n{printed}");
}

fn arguments(app: &TestApp, caller: Caller, report: &Path) -> Vec<String> {
    let long = std::env::var_os("CIS_SCHEMATHESIS_LONG").is_some();
    let mut args: Vec<String> = vec![
        "--config-file".into(),
        config_file().display().to_string(),
        "run".into(),
        app.url("/api/openapi.json"),
        "--checks".into(),
        "all".into(),
        "--phases".into(),
        // A graduate's one operation so far (`/me`) links nowhere: no stateful scenario yet.
        match caller {
            Caller::Graduate | Caller::Station => "examples,coverage,fuzzing",
            _ => "examples,coverage,fuzzing,stateful",
        }
        .into(),
        "--max-examples".into(),
        if long { "500" } else { "20" }.into(),
        // One worker: hypothesis' lambda descriptions parse source with `ast`, which is not
        // safe across threads on CPython 3.11 ("AST constructor recursion depth mismatch").
        "--workers".into(),
        "1".into(),
        "--report".into(),
        "junit".into(),
        "--report-dir".into(),
        report.display().to_string(),
    ];
    if let Ok(seed) = std::env::var("CIS_SCHEMATHESIS_SEED") {
        args.extend(["--seed".into(), seed]);
    }
    match caller {
        Caller::Anonymous => {}
        Caller::Staff => {
            let file = auth_file(
                app,
                "staff",
                "/api/v1/staff/login",
                serde_json::json!({
                    "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD,
                }),
            );
            args.extend(["--auth-wfc".into(), file.display().to_string()]);
            // Logging out would end the session schemathesis logs in for once per run; the
            // API tests cover logout, the anonymous run the login.
            args.extend(["--include-path-regex".into(), "^/api/v1/staff/".into()]);
            args.extend(["--exclude-path-regex".into(), "^/api/v1/staff/log(in|out)$".into()]);
        }
        Caller::Graduate => {
            let file = auth_file(
                app,
                "graduate",
                "/api/v1/auth/login",
                serde_json::json!({
                    "email": GRADUATE_EMAIL, "password": PASSWORD, "second_password": SECOND_PASSWORD,
                }),
            );
            args.extend(["--auth-wfc".into(), file.display().to_string()]);
            // The graduate's own operations; login, refresh and logout (cookie-authenticated,
            // and ending the session) are the anonymous run's and the API tests'.
            args.extend(["--include-path-regex".into(), "^/api/v1/(me|orders)(/|$)".into()]);
        }
        // The key is a header of its own (`--header`, added by `check`): no login.
        Caller::Station => args.extend(["--include-path-regex".into(), "^/api/v1/print-stations/".into()]),
    }
    args
}

/// A convenience-store station registered by the administrator, and a graduate's order
/// ready to print, so that generated lookups and jobs meet a real reservation too; the key.
async fn station_with_reservation(app: &TestApp) -> String {
    let admin = app.staff_token().await;
    let body = serde_json::json!({"name": "Contract multi-copy", "kind": "convenience_store"});
    let response = app.staff_send(reqwest::Method::POST, &admin, "/api/v1/staff/print-stations", Some(body)).await;
    assert_eq!(response.status(), 201);
    let station: serde_json::Value = response.json().await.unwrap();
    let graduate = app.active_graduate(GRADUATE_EMAIL).await.access_token;
    let me: serde_json::Value =
        app.client.get(app.url("/api/v1/me")).bearer_auth(&graduate).send().await.unwrap().json().await.unwrap();
    let types: serde_json::Value =
        app.client.get(app.url("/api/v1/catalog/certificate-types")).send().await.unwrap().json().await.unwrap();
    let graduation = types.as_array().unwrap().iter().find(|t| t["code"] == "graduation").unwrap()["id"].clone();
    let order = serde_json::json!({
        "channel": "convenience_store", "enrollment_id": me["enrollments"][0]["id"], "payment_method": "at_store",
        "items": [{"certificate_type_id": graduation, "copies": 1}]
    });
    let placed = app
        .client
        .post(app.url("/api/v1/orders"))
        .bearer_auth(&graduate)
        .header("Idempotency-Key", "contract-station-order-1")
        .json(&order)
        .send()
        .await
        .unwrap();
    assert_eq!(placed.status(), 201);
    station["api_key"].as_str().unwrap().to_owned()
}

/// A Web Fuzzing Commons auth document: log in at `endpoint` with `payload`, send the
/// `access_token` of the answer as a bearer token.
fn auth_file(app: &TestApp, name: &str, endpoint: &str, payload: serde_json::Value) -> PathBuf {
    let document = serde_json::json!({
        "schemaVersion": "0.1.0",
        "auth": [{
            "name": name,
            "loginEndpointAuth": {
                "endpoint": endpoint,
                "verb": "POST",
                "contentType": "application/json",
                "headers": [{"name": "X-Forwarded-For", "value": LOGIN_CLIENT}],
                "payloadRaw": payload.to_string(),
                "token": {
                    "extractFrom": "body",
                    "extractSelector": "/access_token",
                    "sendIn": "header",
                    "sendName": "Authorization",
                    "sendTemplate": "Bearer {token}",
                },
            },
        }],
    });
    let path = app.data_dir.join(format!("auth-{name}.json"));
    std::fs::create_dir_all(&app.data_dir).unwrap();
    std::fs::write(&path, document.to_string()).unwrap();
    path
}

fn config_file() -> PathBuf {
    cis_tests::workspace_root().join("tests").join("contract").join("schemathesis.toml")
}

/// The schemathesis program, or `None` when this run has none and need not.
fn schemathesis() -> Option<PathBuf> {
    match std::env::var_os("CIS_TEST_SCHEMATHESIS") {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            assert!(
                std::env::var_os("CIS_TEST_REQUIRE_SCHEMATHESIS").is_none() && std::env::var_os("CI").is_none(),
                "CIS_TEST_SCHEMATHESIS must name schemathesis (run `cargo xtask test`)"
            );
            eprintln!("skipped: CIS_TEST_SCHEMATHESIS is not set (run `cargo xtask test`)");
            None
        }
    }
}
