//! How the orders of issue 10 hold up at 100,000 orders (`cargo xtask bench`, or
//! `cargo run --release -p cis-tests --example bench_orders`).
//!
//! 1. Seeding: a few graduates register, are approved and set their passwords through the
//!    API, and the first of them places a convenience-store order and a post order. Those
//!    rows are the pattern for the rest, written straight into the database in batches:
//!    more accounts with their student records, then orders with their lines, payments and
//!    audit events, spread over two years and in the states their age gives them (valid
//!    order and reservation numbers; nothing the order sweep would change at once). The
//!    first graduate ends with 20 orders among them all. Seeding is timed on its own.
//! 2. Through the real server over HTTP, one phase after the other with the same number of
//!    clients: `GET /api/v1/me`, the baseline; `GET /api/v1/orders` of the first graduate;
//!    the staff's `GET /api/v1/staff/orders`: the fulfilment queue, a search by a
//!    graduate's name, by an order number, by a reservation number, and every order newest
//!    first (each read's p50 and p99 also as a multiple of the `/me` p50); last, `POST
//!    /api/v1/orders` by the other graduates (store and post orders in turn, each with its
//!    own `Idempotency-Key`: priced, stored with its lines, mail in the outbox and an audit
//!    event), orders/s as a share of `/me` requests/s. The mail sent meanwhile is counted;
//!    what still waits after the phase is marked sent, so that its delivery does not load
//!    the next backend.
//!
//! `/me` is the baseline because it is the cheapest request that goes the same way as the
//! measured ones (HTTP, the access token, a read of the database) on the same backend and
//! the same busy machine; what an order costs beyond that is what the ratios show. The bare
//! handler of `bench_auth` would leave the database out.
//!
//! The server runs in this process (`CIS_TRUST_PROXY=true`, each request with its own
//! `X-Forwarded-For`), on SQLite, and on PostgreSQL too when `CIS_TEST_DATABASE_URL` is set.
//! The databases
//! are dropped at the end unless `BENCH_KEEP_DATABASES=1` (then they are named, for
//! EXPLAIN). Access tokens last 15 minutes: the measured phases take 8 × (warm-up + seconds).
//!
//! Settings (environment): `BENCH_ORDERS` (100000), `BENCH_ACCOUNTS` (seeded accounts,
//! 5000), `BENCH_GRADUATES` (through the API, 4), `BENCH_CLIENTS` (4), `BENCH_SECONDS` (10),
//! `BENCH_WARMUP_SECONDS` (2), `BENCH_BATCH` (rows an INSERT, 500), `BENCH_WORKERS`
//! (server's `CIS_WORKERS`, cores), `CIS_BENCH_OUT` (the JSON file, default
//! `<target dir>/bench/orders.json`).

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use cis_api::db::{audit_event, enrollment, graduate_account, order, order_item, outbox, payment, staff_user};
use cis_shared::orders::{luhn_digit, OrderState};
use cis_shared::staff::ActorKind;
use cis_tests::{Backend, Options, TestApp, PASSWORD, SECOND_PASSWORD};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Statement, TransactionTrait,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use support::{load_average, run, setting, Request, Stats, Window};

struct Config {
    cores: usize,
    seconds: u64,
    warmup: u64,
    orders: usize,
    accounts: usize,
    graduates: usize,
    clients: usize,
    workers: usize,
    batch: usize,
}

impl Config {
    fn from_env() -> Config {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Config {
            cores,
            seconds: setting("BENCH_SECONDS", 10) as u64,
            warmup: setting("BENCH_WARMUP_SECONDS", 2) as u64,
            orders: setting("BENCH_ORDERS", 100_000).max(MEASURED_ORDERS),
            accounts: setting("BENCH_ACCOUNTS", 5000).max(1),
            graduates: setting("BENCH_GRADUATES", 4).max(2),
            clients: setting("BENCH_CLIENTS", 4).max(1),
            workers: setting("BENCH_WORKERS", cores).max(1),
            batch: setting("BENCH_BATCH", 500).clamp(1, 1000),
        }
    }

    fn window(&self) -> Window {
        Window { warmup: self.warmup, seconds: self.seconds }
    }
}

/// The orders of the first graduate, whose list is measured.
const MEASURED_ORDERS: usize = 20;

fn main() {
    support::prepare();
    let config = Config::from_env();
    support::run_to_exit(config.cores, bench(config));
}

async fn bench(config: Config) -> i32 {
    let load_before = load_average();
    let mut backends = vec![Backend::Sqlite];
    if std::env::var_os("CIS_TEST_DATABASE_URL").is_some() {
        backends.push(Backend::Postgres);
    }
    // Each server runs on to the end (its mail sink with it): dropping one would leave its
    // mail worker failing, on the CPU the next backend is measured with.
    let (mut runs, mut apps) = (Vec::new(), Vec::new());
    for backend in backends {
        let (run, app) = server_bench(&config, backend).await;
        runs.push(run);
        apps.extend(app);
    }
    let failed = runs.iter().any(|r| r["errors"].as_u64().unwrap_or(0) > 0);
    let report = json!({
        "machine": {"cores": config.cores, "load_average_before": load_before, "load_average_after": load_average()},
        "settings": {
            "orders": config.orders, "accounts": config.accounts, "api_graduates": config.graduates,
            "clients": config.clients, "seconds": config.seconds, "warmup_seconds": config.warmup,
            "server_workers": config.workers, "batch": config.batch,
        },
        "runs": runs,
    });
    print_table(&report);
    support::write_report("orders.json", &report);
    clean_up(apps).await;
    if failed {
        eprintln!("bench: some requests failed (see `errors` and `first_error`)");
        1
    } else {
        0
    }
}

/// Seeding and the measured phases on one backend: the report, and the server.
async fn server_bench(config: &Config, backend: Backend) -> (Value, Option<TestApp>) {
    let name = format!("{backend:?}").to_lowercase();
    let vars = vec![("CIS_TRUST_PROXY", "true".to_owned()), ("CIS_WORKERS", config.workers.to_string())];
    let Some(mut app) = cis_tests::spawn_with(backend, Options { vars, ..Default::default() }).await else {
        return (json!({"backend": name, "skipped": true}), None);
    };
    eprintln!("bench[{name}]: {} graduates through the API", config.graduates);
    let started = Instant::now();
    let graduates = create_graduates(&mut app, config.graduates).await;
    let pattern = Pattern::read(&app, &graduates[0]).await;
    let api_seconds = started.elapsed().as_secs_f64();
    eprintln!("bench[{name}]: seeding {} orders over {} accounts", config.orders, config.accounts);
    drain_outbox(app.db()).await;
    let started = Instant::now();
    let seeded = seed(app.db(), config, &pattern).await;
    let seed_seconds = started.elapsed().as_secs_f64();
    eprintln!("bench[{name}]: seeded in {seed_seconds:.1}s");

    let target = Target::new(&app.address);
    let mut tokens = Vec::new();
    for graduate in &graduates {
        tokens.push(target.login(&graduate.email).await);
    }
    let staff = app.staff_token().await;
    let window = config.window();
    eprintln!("bench[{name}]: GET /me");
    let me = run(window, config.clients, target.get(&tokens[0], "/api/v1/me")).await;
    eprintln!("bench[{name}]: GET /orders");
    let list = run(window, config.clients, target.get(&tokens[0], "/api/v1/orders")).await;
    let mut reads = vec![("GET /orders".to_owned(), MEASURED_ORDERS as u64, list)];
    for (label, query) in searches(&seeded) {
        eprintln!("bench[{name}]: staff {label}");
        let path = format!("/api/v1/staff/orders?{query}");
        let total = target.total(&staff, &path).await;
        reads.push((format!("staff: {label}"), total, run(window, config.clients, target.get(&staff, &path)).await));
    }
    // Last: the orders placed would add to the ones read.
    eprintln!("bench[{name}]: POST /orders");
    let placers: Vec<Value> = graduates[1..].iter().zip(&tokens[1..]).map(|(g, t)| g.bodies(t)).collect();
    let sent_before = sent_mail(app.db()).await;
    let placing = run(window, config.clients, target.place(Arc::new(placers))).await;
    let mail = mail_backlog(app.db(), sent_before, window).await;
    let mut report = run_json(&name, (api_seconds, seed_seconds), &seeded, &me, &placing, &reads);
    report["mail"] = mail;
    (report, Some(app))
}

async fn sent_mail(db: &DatabaseConnection) -> u64 {
    use sea_orm::PaginatorTrait;
    outbox::Entity::find().filter(outbox::Column::SentAt.is_not_null()).count(db).await.unwrap()
}

/// The mail sent while orders were placed (per second of the phase) and the mail still
/// waiting after it, which is then marked sent: the worker delivering it would take the
/// CPU the next backend is measured with.
async fn mail_backlog(db: &DatabaseConnection, sent_before: u64, window: Window) -> Value {
    let sent = sent_mail(db).await - sent_before;
    let waiting = outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, sea_orm::sea_query::Expr::value(Some(Utc::now())))
        .filter(outbox::Column::SentAt.is_null())
        .exec(db)
        .await
        .unwrap()
        .rows_affected;
    json!({
        "sent_during_phase": sent,
        "sent_per_s": sent as f64 / (window.warmup + window.seconds) as f64,
        "waiting_after_phase": waiting,
    })
}

/// Waits (two minutes at most) until the outbox has no mail to send: the pattern's mail
/// goes out before seeding takes the database.
async fn drain_outbox(db: &DatabaseConnection) {
    use sea_orm::PaginatorTrait;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        let waiting = outbox::Entity::find().filter(outbox::Column::SentAt.is_null()).count(db).await.unwrap();
        if waiting == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A backend's report: seeding, the baseline, placing and the reads with their ratios.
fn run_json(
    name: &str,
    (api_seconds, seed_seconds): (f64, f64),
    seeded: &Seeded,
    me: &Stats,
    placing: &Stats,
    reads: &[(String, u64, Stats)],
) -> Value {
    let me_p50 = me.percentile_ms(50.0);
    let reads: Vec<Value> = reads
        .iter()
        .map(|(label, total, stats)| {
            json!({
                "label": label, "orders_found": total,
                "p50_to_me_p50": stats.percentile_ms(50.0) / me_p50,
                "p99_to_me_p50": stats.percentile_ms(99.0) / me_p50,
                "stats": stats.json(),
            })
        })
        .collect();
    let errors = me.errors + placing.errors + reads.iter().map(|r| r["stats"]["errors"].as_u64().unwrap()).sum::<u64>();
    json!({
        "backend": name,
        "seed": {
            "api_graduates_seconds": api_seconds, "seconds": seed_seconds,
            "orders_per_s": seeded.orders as f64 / seed_seconds, "rows": seeded.rows_json(),
        },
        "me": me.json(),
        "place": {"per_s_to_me_per_s": placing.per_second() / me.per_second(), "stats": placing.json()},
        "reads": reads,
        "errors": errors,
    })
}

/// The staff's searches: label and query string.
fn searches(seeded: &Seeded) -> Vec<(String, String)> {
    let q = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    vec![
        ("fulfilment queue".to_owned(), "state=in_preparation".to_owned()),
        (format!("name \"{}\"", seeded.name), format!("q={}", q(&seeded.name))),
        ("order number".to_owned(), format!("q={}", q(&seeded.order_number))),
        ("reservation number".to_owned(), format!("q={}", q(&seeded.reservation_number))),
        ("all orders".to_owned(), String::new()),
    ]
}

/// Names of the seeded graduates (kanji, katakana, romaji): family × given.
const FAMILY: [(&str, &str, &str); 32] = [
    ("佐藤", "サトウ", "SATO"),
    ("鈴木", "スズキ", "SUZUKI"),
    ("高橋", "タカハシ", "TAKAHASHI"),
    ("田中", "タナカ", "TANAKA"),
    ("伊藤", "イトウ", "ITO"),
    ("渡辺", "ワタナベ", "WATANABE"),
    ("山本", "ヤマモト", "YAMAMOTO"),
    ("中村", "ナカムラ", "NAKAMURA"),
    ("小林", "コバヤシ", "KOBAYASHI"),
    ("加藤", "カトウ", "KATO"),
    ("吉田", "ヨシダ", "YOSHIDA"),
    ("山田", "ヤマダ", "YAMADA"),
    ("佐々木", "ササキ", "SASAKI"),
    ("山口", "ヤマグチ", "YAMAGUCHI"),
    ("松本", "マツモト", "MATSUMOTO"),
    ("井上", "イノウエ", "INOUE"),
    ("木村", "キムラ", "KIMURA"),
    ("林", "ハヤシ", "HAYASHI"),
    ("斎藤", "サイトウ", "SAITO"),
    ("清水", "シミズ", "SHIMIZU"),
    ("山崎", "ヤマザキ", "YAMAZAKI"),
    ("森", "モリ", "MORI"),
    ("池田", "イケダ", "IKEDA"),
    ("橋本", "ハシモト", "HASHIMOTO"),
    ("阿部", "アベ", "ABE"),
    ("石川", "イシカワ", "ISHIKAWA"),
    ("山下", "ヤマシタ", "YAMASHITA"),
    ("中島", "ナカジマ", "NAKAJIMA"),
    ("石井", "イシイ", "ISHII"),
    ("小川", "オガワ", "OGAWA"),
    ("前田", "マエダ", "MAEDA"),
    ("岡田", "オカダ", "OKADA"),
];
const GIVEN: [(&str, &str, &str); 32] = [
    ("太郎", "タロウ", "TARO"),
    ("花子", "ハナコ", "HANAKO"),
    ("一郎", "イチロウ", "ICHIRO"),
    ("美咲", "ミサキ", "MISAKI"),
    ("健太", "ケンタ", "KENTA"),
    ("陽菜", "ヒナ", "HINA"),
    ("翔太", "ショウタ", "SHOTA"),
    ("結衣", "ユイ", "YUI"),
    ("大輔", "ダイスケ", "DAISUKE"),
    ("葵", "アオイ", "AOI"),
    ("拓也", "タクヤ", "TAKUYA"),
    ("さくら", "サクラ", "SAKURA"),
    ("直樹", "ナオキ", "NAOKI"),
    ("愛", "アイ", "AI"),
    ("亮", "リョウ", "RYO"),
    ("舞", "マイ", "MAI"),
    ("和也", "カズヤ", "KAZUYA"),
    ("優子", "ユウコ", "YUKO"),
    ("誠", "マコト", "MAKOTO"),
    ("彩", "アヤ", "AYA"),
    ("達也", "タツヤ", "TATSUYA"),
    ("恵", "メグミ", "MEGUMI"),
    ("浩二", "コウジ", "KOJI"),
    ("真由美", "マユミ", "MAYUMI"),
    ("修", "オサム", "OSAMU"),
    ("京子", "キョウコ", "KYOKO"),
    ("剛", "ツヨシ", "TSUYOSHI"),
    ("智子", "トモコ", "TOMOKO"),
    ("学", "マナブ", "MANABU"),
    ("由美", "ユミ", "YUMI"),
    ("隆", "タカシ", "TAKASHI"),
    ("裕子", "ユウコ", "YUKO"),
];

/// The `i`th name of the pool: kanji, katakana and romaji, each "family given".
fn name_of(i: usize) -> (String, String, String) {
    let (family, given) = (FAMILY[i % FAMILY.len()], GIVEN[(i / FAMILY.len() + i * 7) % GIVEN.len()]);
    (format!("{} {}", family.0, given.0), format!("{} {}", family.1, given.1), format!("{} {}", given.2, family.2))
}

/// A graduate created through the API: the account, a student record and the catalogue's
/// types to order.
struct Graduate {
    email: String,
    account_id: i64,
    enrollment: i64,
    graduation: i64,
    academic_record: i64,
}

impl Graduate {
    /// The two orders a placer sends in turn (a store and a post order), with its token.
    fn bodies(&self, token: &str) -> Value {
        json!({"token": token, "bodies": [
            {"channel": "convenience_store", "enrollment_id": self.enrollment, "payment_method": "at_store",
             "items": [{"certificate_type_id": self.graduation, "copies": 2},
                       {"certificate_type_id": self.academic_record, "copies": 1}]},
            {"channel": "post", "enrollment_id": self.enrollment, "payment_method": "staff_confirmed",
             "items": [{"certificate_type_id": self.academic_record, "copies": 3}],
             "delivery": {"recipient": "電電 太郎", "country": "JP",
                "address": {"postal_code": "100-0001", "prefecture": "東京都", "city": "千代田区",
                            "street": "千代田1-1", "apartment": null},
                "postage": "registered", "sealed_envelope": true}},
        ]})
    }
}

/// Active graduates `bench-<i>@example.jp` with names of the pool, each registering from
/// its own address, approved by the administrator.
async fn create_graduates(app: &mut TestApp, count: usize) -> Vec<Graduate> {
    let staff = app.staff_token().await;
    let mut graduates = Vec::new();
    for i in 0..count {
        let email = format!("bench-{i}@example.jp");
        app.client = client_from(&format!("10.250.{}.{}", i / 250, i % 250 + 1));
        let (name, kana, roman) = name_of(i);
        let reception = app
            .submit_with(&email, |form| {
                form["applicant"]["name"] = name.as_str().into();
                form["applicant"]["name_kana"] = kana.as_str().into();
                form["enrollment"]["name"] = name.as_str().into();
                form["enrollment"]["name_kana"] = kana.as_str().into();
                form["enrollment"]["name_roman"] = roman.as_str().into();
            })
            .await;
        let id = app.application_id(&staff, &reception).await;
        let before = app.mail.to(&email).len();
        assert_eq!(app.decide(&staff, id, json!({"decision": "approve"})).await.status(), 200, "approving {email}");
        let mail = app.mail.wait_for_text(&email, before, "Initial password: ").await;
        let initial = cis_tests::initial_password(&mail.text());
        let first: Value = app.graduate_login(&email, &initial, "").await.json().await.unwrap();
        let setup = first["setup_token"].as_str().expect("a setup token");
        let response = app.set_credentials(setup, PASSWORD, SECOND_PASSWORD).await;
        assert_eq!(response.status(), 200, "setting the credentials of {email}");
        let token = response.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
        graduates.push(graduate(app, &email, &token).await);
    }
    graduates
}

/// The graduate's account, first student record and the types it may order by post.
async fn graduate(app: &TestApp, email: &str, token: &str) -> Graduate {
    let get = |path: String| async move {
        let response = app.client.get(app.url(&path)).bearer_auth(token).send().await.unwrap();
        response.json::<Value>().await.unwrap()
    };
    let me = get("/api/v1/me".to_owned()).await;
    let enrollment = me["enrollments"][0]["id"].as_i64().unwrap();
    let options = get(format!("/api/v1/orders/options?channel=post&enrollment_id={enrollment}")).await;
    let type_id = |code: &str| {
        let types = options["types"].as_array().unwrap();
        types.iter().find(|t| t["code"] == code).unwrap()["certificate_type_id"].as_i64().unwrap()
    };
    let account = graduate_account::Entity::find().filter(graduate_account::Column::Email.eq(email));
    let account = account.one(app.db()).await.unwrap().expect("the account");
    Graduate {
        email: email.to_owned(),
        account_id: account.id,
        enrollment,
        graduation: type_id("graduation"),
        academic_record: type_id("academic_record"),
    }
}

fn client_from(address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", address.parse().unwrap());
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).default_headers(headers).build().unwrap()
}

/// What the service wrote for the first graduate: its account and student record, and a
/// store and a post order with their lines, which the seeded rows copy.
struct Pattern {
    account: graduate_account::Model,
    enrollment: enrollment::Model,
    store: (order::Model, Vec<order_item::Model>),
    post: (order::Model, Vec<order_item::Model>),
    staff_id: i64,
}

impl Pattern {
    /// Places the two orders through the API and reads the rows back.
    async fn read(app: &TestApp, first: &Graduate) -> Pattern {
        let target = Target::new(&app.address);
        let token = target.login(&first.email).await;
        let placer = first.bodies(&token);
        for (i, body) in placer["bodies"].as_array().unwrap().iter().enumerate() {
            let request = target.http.post(app.url("/api/v1/orders")).bearer_auth(&token).json(body);
            let response = request.header("Idempotency-Key", format!("pattern-order-{i}")).send().await.unwrap();
            assert_eq!(response.status(), 201, "placing the pattern orders");
        }
        let db = app.db();
        let orders = order::Entity::find().filter(order::Column::AccountId.eq(first.account_id));
        let orders = orders.order_by_asc(order::Column::Id).all(db).await.unwrap();
        let mut with_lines = Vec::new();
        for row in orders {
            let lines = order_item::Entity::find().filter(order_item::Column::OrderId.eq(row.id));
            with_lines.push((row, lines.order_by_asc(order_item::Column::Position).all(db).await.unwrap()));
        }
        let post = with_lines.pop().expect("the post order");
        let store = with_lines.pop().expect("the store order");
        Pattern {
            account: graduate_account::Entity::find_by_id(first.account_id).one(db).await.unwrap().unwrap(),
            enrollment: enrollment::Entity::find_by_id(first.enrollment).one(db).await.unwrap().unwrap(),
            staff_id: staff_user::Entity::find().one(db).await.unwrap().expect("the administrator").id,
            store,
            post,
        }
    }

    fn deadline_days(&self) -> i64 {
        let (store, _) = &self.store;
        (store.print_deadline.expect("a reservation's deadline") - store.created_at).num_days().max(1)
    }
}

/// What seeding wrote, and what the searches look for.
struct Seeded {
    orders: usize,
    accounts: usize,
    lines: usize,
    payments: usize,
    audit_events: usize,
    states: Vec<(String, usize)>,
    name: String,
    order_number: String,
    reservation_number: String,
}

impl Seeded {
    fn rows_json(&self) -> Value {
        let states: serde_json::Map<String, Value> = self.states.iter().map(|(s, n)| (s.clone(), json!(n))).collect();
        json!({
            "orders": self.orders, "accounts": self.accounts, "order_items": self.lines,
            "payments": self.payments, "audit_events": self.audit_events, "order_states": states,
        })
    }
}

/// Accounts with their student records, then the orders (the first graduate's included)
/// with their lines, payments and audit events; batched INSERTs, a transaction a table.
async fn seed(db: &DatabaseConnection, config: &Config, pattern: &Pattern) -> Seeded {
    let now = Utc::now();
    let mut rng = Rng(0x5eed_0f00_0de7_5eed);
    let first_account = next_id(db, "graduate_accounts").await;
    let first_enrollment = next_id(db, "enrollments").await;
    let (accounts, enrollments): (Vec<_>, Vec<_>) = (0..config.accounts)
        .map(|i| seeded_account(pattern, &mut rng, now, (first_account + i as i64, first_enrollment + i as i64)))
        .unzip();
    let mut owners = vec![(pattern.account.id, pattern.enrollment.id); MEASURED_ORDERS - 2];
    let others = config.orders - MEASURED_ORDERS;
    owners.extend((0..others).map(|_| {
        let e = &enrollments[rng.below(enrollments.len() as u64) as usize];
        (e.account_id, e.id)
    }));
    let accounts_written =
        insert_all(db, config.batch, accounts.into_iter().map(graduate_account::ActiveModel::from)).await;
    insert_all(db, config.batch, enrollments.into_iter().map(enrollment::ActiveModel::from)).await;

    let first_order = next_id(db, "orders").await;
    let mut created: Vec<DateTime<Utc>> = owners.iter().map(|_| now - seconds(rng.below(730 * 86_400))).collect();
    created.sort();
    let mut rows = Vec::with_capacity(owners.len());
    for (i, (owner, at)) in owners.iter().zip(created).enumerate() {
        rows.push(seeded_order(pattern, &mut rng, now, (first_order + i as i64, *owner, at)));
    }
    let states = count_states(rows.iter().map(|r| &r.0));
    let measured = rows.iter().rev().find(|r| r.0.account_id == pattern.account.id);
    let order_number = measured.expect("an order of the first graduate").0.order_number.clone();
    let (orders, lines, payments, events) = split(rows);
    let seeded_orders = insert_all(db, config.batch, orders.into_iter().map(order::ActiveModel::from)).await;
    let lines = insert_all(db, config.batch, lines.into_iter().map(without_id_item)).await;
    let payments = insert_all(db, config.batch, payments.into_iter().map(without_id_payment)).await;
    let audit_events = insert_all(db, config.batch, events.into_iter().map(without_id_event)).await;
    reset_sequences(db, &["graduate_accounts", "enrollments", "orders"]).await;
    Seeded {
        orders: seeded_orders + 2,
        accounts: accounts_written,
        lines,
        payments,
        audit_events,
        states,
        name: pattern.account.name.clone(),
        order_number,
        reservation_number: pattern.store.0.reservation_number.clone().expect("a reservation number"),
    }
}

type SeededOrder = (order::Model, Vec<order_item::Model>, Option<payment::Model>, audit_event::Model);

fn split(
    rows: Vec<SeededOrder>,
) -> (Vec<order::Model>, Vec<order_item::Model>, Vec<payment::Model>, Vec<audit_event::Model>) {
    let (mut orders, mut lines, mut payments, mut events) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (row, items, paid, event) in rows {
        orders.push(row);
        lines.extend(items);
        payments.extend(paid);
        events.push(event);
    }
    (orders, lines, payments, events)
}

fn count_states<'a>(rows: impl Iterator<Item = &'a order::Model>) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for row in rows {
        let state = row.state.as_str().to_owned();
        match counts.iter_mut().find(|(s, _)| *s == state) {
            Some((_, n)) => *n += 1,
            None => counts.push((state, 1)),
        }
    }
    counts.sort();
    counts
}

fn without_id_item(model: order_item::Model) -> order_item::ActiveModel {
    order_item::ActiveModel { id: ActiveValue::NotSet, ..model.into() }
}

fn without_id_payment(model: payment::Model) -> payment::ActiveModel {
    payment::ActiveModel { id: ActiveValue::NotSet, ..model.into() }
}

fn without_id_event(model: audit_event::Model) -> audit_event::ActiveModel {
    audit_event::ActiveModel { id: ActiveValue::NotSet, ..model.into() }
}

/// A seeded account like the pattern's (same passwords), with a name of the pool, and its
/// student record.
fn seeded_account(
    pattern: &Pattern,
    rng: &mut Rng,
    now: DateTime<Utc>,
    (id, enrollment_id): (i64, i64),
) -> (graduate_account::Model, enrollment::Model) {
    let (name, kana, roman) = name_of(rng.below(FAMILY.len() as u64 * GIVEN.len() as u64) as usize);
    let created_at = now - seconds(730 * 86_400 + rng.below(365 * 86_400));
    let email = format!("seed-{id}@example.jp");
    let account = graduate_account::Model {
        id,
        email: email.clone(),
        email_normalized: email,
        name: name.clone(),
        name_kana: kana.clone(),
        created_at,
        ..pattern.account.clone()
    };
    let student_id = format!("{:07}", 3_000_000 + id);
    let enrollment = enrollment::Model {
        id: enrollment_id,
        account_id: id,
        name,
        name_kana: kana,
        name_roman: roman,
        student_id,
        created_at,
        ..pattern.enrollment.clone()
    };
    (account, enrollment)
}

/// An order like the pattern's of its channel (every third a post order), the first line's
/// copies varied and the amounts with them, in the state its age gives it; its lines, its
/// payment when one was recorded, and the audit event of its placing.
fn seeded_order(
    pattern: &Pattern,
    rng: &mut Rng,
    now: DateTime<Utc>,
    (id, (account_id, enrollment_id), created_at): (i64, (i64, i64), DateTime<Utc>),
) -> SeededOrder {
    let post = rng.below(3) == 0;
    let (template, template_lines) = if post { &pattern.post } else { &pattern.store };
    let mut lines = template_lines.clone();
    let sheets_before: i32 = lines.iter().map(|l| l.copies).sum();
    let copies = 1 + rng.below(3) as i32;
    let extra = (copies - lines[0].copies) * lines[0].unit_fee_yen;
    lines[0].copies = copies;
    lines[0].amount_yen = copies * lines[0].unit_fee_yen;
    for line in &mut lines {
        line.order_id = id;
    }
    let sheets: i32 = lines.iter().map(|l| l.copies).sum();
    let key = format!("seed-order-{id:010}");
    let mut row = order::Model {
        id,
        order_number: order_number(created_at, id as u64),
        account_id,
        enrollment_id,
        total_yen: template.total_yen + extra,
        store_print_fee_yen: template.store_print_fee_yen / sheets_before.max(1) * sheets,
        reservation_number: (!post).then(|| reservation_number(id as u64)),
        request_hash: sha256_hex(&key),
        idempotency_key: key,
        created_at,
        updated_at: created_at,
        ..template.clone()
    };
    if post {
        progress_post(&mut row, rng, now);
    } else {
        progress_store(&mut row, rng, now, pattern.deadline_days());
    }
    let paid = (post && row.paid_at.is_some()).then(|| payment_of(&row, pattern.staff_id));
    let event = audit_event::Model {
        id: 0,
        university_id: row.university_id,
        created_at,
        actor_kind: ActorKind::Graduate,
        actor_id: Some(account_id),
        action: "order.placed".to_owned(),
        target_kind: Some("order".to_owned()),
        target_id: Some(id),
        detail: Some(row.order_number.clone()),
        client_address: None,
    };
    (row, lines, paid, event)
}

/// The payment staff recorded for a paid post order.
fn payment_of(row: &order::Model, staff_id: i64) -> payment::Model {
    let key = format!("seed-payment-{:010}", row.id);
    payment::Model {
        id: 0,
        order_id: row.id,
        method: row.payment_method.clone(),
        amount_yen: row.total_yen,
        note: String::new(),
        recorded_by: Some(staff_id),
        request_hash: sha256_hex(&key),
        idempotency_key: key,
        created_at: row.paid_at.expect("paid"),
        refund_id: None,
        refunded_at: None,
        refund_error: None,
    }
}

/// A convenience-store order: waiting to be printed while its deadline is ahead (reminded
/// when it is near), else mostly printed, some expired or cancelled.
fn progress_store(row: &mut order::Model, rng: &mut Rng, now: DateTime<Utc>, deadline_days: i64) {
    let deadline = row.created_at + chrono::Duration::days(deadline_days);
    row.print_deadline = Some(deadline);
    let (roll, created) = (rng.below(100), row.created_at);
    let printed =
        |rng: &mut Rng| created + seconds(rng.below((deadline.min(now) - created).num_seconds().max(1) as u64));
    let (state, at) = if deadline > now && roll < 60 {
        if deadline - now <= chrono::Duration::days(2) {
            row.reminded_at = Some(deadline - chrono::Duration::days(2));
        }
        (OrderState::ReadyToPrint, None)
    } else if roll < 88 || deadline > now && roll < 95 {
        let at = printed(rng);
        row.printed_at = Some(at);
        row.paid_at = Some(at);
        (OrderState::Completed, Some(at))
    } else if deadline <= now && roll < 96 {
        (OrderState::Expired, Some(deadline))
    } else {
        (OrderState::Cancelled, Some(printed(rng)))
    };
    row.state = state;
    row.updated_at = at.unwrap_or(row.created_at);
}

/// A post order: recent ones wait for their payment, are prepared, shipped or held; older
/// ones were delivered, and some were cancelled or never paid.
fn progress_post(row: &mut order::Model, rng: &mut Rng, now: DateTime<Utc>) {
    let age = (now - row.created_at).num_seconds().max(1) as u64;
    let within = |rng: &mut Rng, from: DateTime<Utc>, most: u64| from + seconds(rng.below(most.max(1)));
    let (roll, day) = (rng.below(100), 86_400u64);
    let paid = within(rng, row.created_at, (age / 2).min(3 * day));
    let state = match age {
        a if a < 3 * day => [(60, OrderState::AwaitingPayment), (90, OrderState::InPreparation)],
        a if a < 30 * day => [(10, OrderState::AwaitingPayment), (30, OrderState::InPreparation)],
        _ => [(8, OrderState::AwaitingPayment), (8, OrderState::AwaitingPayment)],
    }
    .iter()
    .find(|(below, _)| roll < *below)
    .map(|(_, s)| *s);
    let state = state.unwrap_or(match (age < 30 * day, roll) {
        (_, r) if r >= 90 => OrderState::Cancelled,
        (true, r) if r >= 85 => OrderState::OnHold,
        (true, _) => OrderState::Shipped,
        (false, _) => OrderState::Completed,
    });
    row.state = state;
    if matches!(state, OrderState::AwaitingPayment | OrderState::Cancelled) {
        row.updated_at = if state == OrderState::Cancelled { paid } else { row.created_at };
        return;
    }
    row.paid_at = Some(paid);
    row.updated_at = paid;
    if state == OrderState::OnHold {
        row.held_from = Some(OrderState::InPreparation.as_str().to_owned());
        row.held_at = Some(within(rng, paid, (now - paid).num_seconds().max(1) as u64));
        row.reason = Some("住所の確認をお待ちしています".to_owned());
        row.updated_at = row.held_at.unwrap();
    } else if matches!(state, OrderState::Shipped | OrderState::Completed) {
        let printed = within(rng, paid, ((now - paid).num_seconds().max(1) as u64).min(2 * day));
        let shipped = within(rng, printed, ((now - printed).num_seconds().max(1) as u64).min(day));
        row.printed_at = Some(printed);
        row.shipped_at = Some(shipped);
        row.carrier = Some("japan_post".to_owned());
        row.tracking_number = Some(format!("{:012}", 100_000_000_000 + row.id as u64));
        row.updated_at = shipped;
    }
}

fn seconds(n: u64) -> chrono::Duration {
    chrono::Duration::seconds(n as i64)
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// `YYMM-NNNN-NNNN` of the month it was placed in, the eight digits a permutation of `n`
/// (distinct for distinct `n`; the API's are random and retried when taken).
fn order_number(created_at: DateTime<Utc>, n: u64) -> String {
    let digits = (n * 48_271 + 12_345) % 100_000_000;
    format!("{}-{:04}-{:04}", created_at.format("%y%m"), digits / 10_000, digits % 10_000)
}

/// Eleven digits, a permutation of `n`, and their check digit.
fn reservation_number(n: u64) -> String {
    let body = format!("{:011}", (n * 7_919_111 + 31) % 100_000_000_000);
    format!("{body}{}", luhn_digit(&body))
}

/// A small deterministic generator (xorshift64*): the same rows every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

/// One more than the table's largest id: where explicit ids start.
async fn next_id(db: &DatabaseConnection, table: &str) -> i64 {
    let sql = format!("SELECT COALESCE(MAX(id), 0) AS m FROM {table}");
    let row = db.query_one(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get::<i64>("", "m").unwrap() + 1
}

/// On PostgreSQL the id sequences start after the explicit ids (SQLite does so itself).
async fn reset_sequences(db: &DatabaseConnection, tables: &[&str]) {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return;
    }
    for table in tables {
        let sql = format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
        db.execute_unprepared(&sql).await.unwrap();
    }
    db.execute_unprepared("ANALYZE").await.unwrap();
}

/// Inserts the rows `batch` at a time in one transaction; how many.
async fn insert_all<A>(db: &DatabaseConnection, batch: usize, rows: impl Iterator<Item = A>) -> usize
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let txn = db.begin().await.unwrap();
    let (mut rows, mut count) = (rows.peekable(), 0);
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(batch).collect();
        count += chunk.len();
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(&txn).await.unwrap();
    }
    txn.commit().await.unwrap();
    count
}

/// The databases of the runs, with 100,000 orders each, dropped (the SQLite ones with their
/// temporary directories); kept with `BENCH_KEEP_DATABASES=1`, and named, for EXPLAIN.
async fn clean_up(apps: Vec<TestApp>) {
    if std::env::var("BENCH_KEEP_DATABASES").is_ok_and(|v| v == "1") {
        for app in apps {
            eprintln!("bench: kept {}", app.state.settings.database_url);
            std::mem::forget(app);
        }
        return;
    }
    let (postgres, sqlite): (Vec<_>, Vec<_>) = apps.into_iter().partition(|a| a.backend == Backend::Postgres);
    drop(sqlite);
    let Ok(base) = std::env::var("CIS_TEST_DATABASE_URL") else { return };
    let admin = sea_orm::Database::connect(&base).await.expect("CIS_TEST_DATABASE_URL answers");
    for app in postgres {
        let url = app.state.settings.database_url.clone();
        let name = url::Url::parse(&url).unwrap().path().trim_start_matches('/').to_owned();
        let dropped = admin.execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)")).await;
        if let Err(e) = dropped {
            eprintln!("bench: could not drop {name}: {e}");
        }
    }
}

/// The server under load, shared by every client task.
#[derive(Clone)]
struct Target {
    http: reqwest::Client,
    address: String,
    /// Numbers the requests: `X-Forwarded-For` (10.x.y.z, below the setup's 10.250/16) and
    /// idempotency keys.
    next: Arc<AtomicU64>,
}

impl Target {
    fn new(address: &str) -> Target {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
        Target { http, address: address.to_owned(), next: Default::default() }
    }

    fn client_address(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        format!("10.{}.{}.{}", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff)
    }

    /// A graduate's access token.
    async fn login(&self, email: &str) -> String {
        let body = json!({"email": email, "password": PASSWORD, "second_password": SECOND_PASSWORD});
        let request = self.http.post(format!("{}/api/v1/auth/login", self.address)).json(&body);
        let response = request.header("x-forwarded-for", self.client_address()).send().await.unwrap();
        assert_eq!(response.status(), 200, "logging {email} in");
        response.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
    }

    /// The `total` of a staff order page.
    async fn total(&self, token: &str, path: &str) -> u64 {
        let response = self.http.get(format!("{}{path}", self.address)).bearer_auth(token).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.json::<Value>().await.unwrap()["total"].as_u64().unwrap()
    }

    fn get(&self, token: &str, path: &str) -> impl Fn(u64) -> Request + Clone {
        let (target, token, url) = (self.clone(), token.to_owned(), format!("{}{path}", self.address));
        move |_| {
            let (target, token, url) = (target.clone(), token.clone(), url.clone());
            Box::pin(async move {
                let request = target.http.get(&url).bearer_auth(&token);
                expect(request.header("x-forwarded-for", target.client_address()), 200).await
            })
        }
    }

    /// Each request a new order of one of the placers, with a key of its own.
    fn place(&self, placers: Arc<Vec<Value>>) -> impl Fn(u64) -> Request + Clone {
        let (target, url) = (self.clone(), format!("{}/api/v1/orders", self.address));
        move |n| {
            let (target, placers, url) = (target.clone(), placers.clone(), url.clone());
            Box::pin(async move {
                let placer = &placers[n as usize % placers.len()];
                let body = &placer["bodies"][(n as usize / placers.len()) % 2];
                let request = target.http.post(&url).bearer_auth(placer["token"].as_str().unwrap()).json(body);
                let request = request.header("Idempotency-Key", format!("bench-order-{n:010}"));
                expect(request.header("x-forwarded-for", target.client_address()), 201).await
            })
        }
    }
}

/// Sends the request and reads the whole answer; an error unless it has `status`.
async fn expect(request: reqwest::RequestBuilder, status: u16) -> Result<(), String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    let got = response.status();
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    if got != status {
        return Err(format!("{got} {}", String::from_utf8_lossy(&body)));
    }
    Ok(())
}

fn print_table(report: &Value) {
    let machine = &report["machine"];
    println!(
        "\norders bench: {} orders, {} cores, load average before {} after {}",
        report["settings"]["orders"],
        machine["cores"],
        machine["load_average_before"].as_str().unwrap_or("?"),
        machine["load_average_after"].as_str().unwrap_or("?")
    );
    for run in report["runs"].as_array().unwrap() {
        println!("\nserver on {}", run["backend"].as_str().unwrap());
        if run["skipped"].as_bool() == Some(true) {
            println!("  skipped");
            continue;
        }
        let seed = &run["seed"];
        println!(
            "  seeding: {} orders, {} accounts in {:.1}s ({:.0} orders/s; the API's graduates before: {:.1}s)",
            seed["rows"]["orders"],
            seed["rows"]["accounts"],
            seed["seconds"].as_f64().unwrap_or(f64::NAN),
            seed["orders_per_s"].as_f64().unwrap_or(f64::NAN),
            seed["api_graduates_seconds"].as_f64().unwrap_or(f64::NAN)
        );
        println!(
            "  {:<34} {:>7} {:>8} {:>9} {:>8} {:>8} {:>9} {:>9} {:>6}",
            "", "found", "clients", "req/s", "p50 ms", "p99 ms", "p50 ×/me", "p99 ×/me", "errors"
        );
        let me_p50 = run["me"]["p50_ms"].as_f64().unwrap_or(f64::NAN);
        let row = |label: &str, found: &Value, stats: &Value| {
            let ms = |key: &str| stats[key].as_f64().unwrap_or(f64::NAN);
            println!(
                "  {:<34} {:>7} {:>8} {:>9.1} {:>8.1} {:>8.1} {:>9.2} {:>9.2} {:>6}",
                label,
                found.as_u64().map_or(String::new(), |n| n.to_string()),
                stats["clients"].to_string(),
                ms("per_s"),
                ms("p50_ms"),
                ms("p99_ms"),
                ms("p50_ms") / me_p50,
                ms("p99_ms") / me_p50,
                stats["errors"].to_string()
            );
        };
        row("GET /me (baseline)", &Value::Null, &run["me"]);
        for read in run["reads"].as_array().unwrap() {
            row(read["label"].as_str().unwrap(), &read["orders_found"], &read["stats"]);
        }
        row("POST /orders (last)", &Value::Null, &run["place"]["stats"]);
        println!(
            "  orders placed: {:.1}/s = {:.1}% of GET /me requests/s; mail meanwhile sent {:.1}/s, {} left waiting",
            run["place"]["stats"]["per_s"].as_f64().unwrap_or(f64::NAN),
            run["place"]["per_s_to_me_per_s"].as_f64().unwrap_or(f64::NAN) * 100.0,
            run["mail"]["sent_per_s"].as_f64().unwrap_or(f64::NAN),
            run["mail"]["waiting_after_phase"]
        );
        for stats in [&run["me"], &run["place"]["stats"]]
            .into_iter()
            .chain(run["reads"].as_array().unwrap().iter().map(|r| &r["stats"]))
        {
            if let Some(error) = stats["first_error"].as_str() {
                println!("  first error: {error}");
            }
        }
    }
    println!("\n×/me: the latency as a multiple of GET /me's p50 in the same run; found: the orders the page counts");
}
