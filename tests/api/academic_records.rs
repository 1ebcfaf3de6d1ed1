//! Academic records imported by CSV (issue 11): a preview names each row's problems at its
//! column and saves nothing; a student ID number the university has not registered is
//! refused; a good file replaces each of its students' records in one go, as an audit event.

use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, TestApp};
use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

const HEADER: &str = "student_id,term,course_code,title_ja,title_en,credits,grade\n";

async fn import(app: &TestApp, token: &str, csv: &str, dry_run: bool) -> reqwest::Response {
    let part =
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("records.csv").mime_str("text/csv").unwrap();
    let path = format!("/api/v1/staff/academic-records/imports?dry_run={dry_run}");
    let form = reqwest::multipart::Form::new().part("file", part);
    app.client.post(app.url(&path)).bearer_auth(token).multipart(form).send().await.unwrap()
}

async fn stored(app: &TestApp) -> i64 {
    let db = app.db();
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) AS n FROM academic_records"))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

fn errors(report: &Value) -> Vec<(u64, String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

on_both_databases! {
    async fn a_csv_import_is_previewed_refused_at_its_faults_and_replaces_each_record(app) {
        app.active_graduate("taro@example.jp").await;
        let staff = app.staff_token().await;
        let good = format!("{HEADER}1234567,2024 前期,ECO-101,経済学入門,Introduction to Economics,2,A\n1234567,2024 後期,ECO-102,経済学演習,Seminar in Economics,1.5,S\n");

        // The preview: counted, nothing saved.
        let report: Value = import(&app, &staff, &good, true).await.json().await.unwrap();
        assert_eq!(report, json!({"rows": 2, "students": 1, "errors": [], "saved": false}));
        assert_eq!(stored(&app).await, 0);

        // A bad cell and an unknown student: named, and nothing saved.
        let bad = format!("{HEADER}1234567,2024 前期,ECO-101,経済学入門,Introduction,25,A\n9999999,2024,ECO-1,a,b,1,A\n");
        let response = import(&app, &staff, &bad, false).await;
        assert_eq!(response.status(), 200);
        let report: Value = response.json().await.unwrap();
        assert_eq!(errors(&report), [(2, "credits".into(), ErrorCode::OutOfRange.as_str().into())]);
        let unknown = format!("{HEADER}9999999,2024,ECO-1,a,b,1,A\n");
        let report: Value = import(&app, &staff, &unknown, false).await.json().await.unwrap();
        assert_eq!(errors(&report), [(2, "student_id".into(), "student_unknown".into())]);
        assert_eq!(report["saved"], false);
        assert_eq!(stored(&app).await, 0);

        // Saved; a later file replaces the student's record whole.
        let report: Value = import(&app, &staff, &good, false).await.json().await.unwrap();
        assert_eq!(report["saved"], true);
        assert_eq!(stored(&app).await, 2);
        let one = format!("{HEADER}1234567,2025 前期,LAW-201,民法,Civil Law,2,B\n");
        let report: Value = import(&app, &staff, &one, false).await.json().await.unwrap();
        assert_eq!(report["saved"], true);
        assert_eq!(stored(&app).await, 1);
        let log: Value = app.staff_send(Method::GET, &staff, "/api/v1/staff/audit-events", None).await.json().await.unwrap();
        let imports = log["items"].as_array().unwrap().iter().filter(|e| e["action"] == "academic_records.imported").count();
        assert_eq!(imports, 2);

        // Not CSV at all.
        let report: Value = import(&app, &staff, "\"unclosed", true).await.json().await.unwrap();
        assert_eq!(errors(&report)[0].2, "csv_invalid");
    }
}
