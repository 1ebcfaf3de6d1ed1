//! Equal answers: login, registration, forgotten password and mail change, each asked with
//! an address that has an account and one that has none (and, for login, each locked),
//! interleaved, some hundreds of times: the same status and body, and median times within
//! 10 ms of each other (figures also against one argon2 verification). Rate limits and
//! failure counts are cleared between requests: what is measured is one request's answer.

use std::time::{Duration, Instant};

use cis_api::db::{login_attempt, rate_limit_hit};
use cis_api::domain::session::lock_key;
use cis_tests::{on_both_databases_with, Options, TestApp, PASSWORD};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::{json, Value};

use crate::{budget, figure};

const KNOWN: &str = "taro@example.jp";
const UNKNOWN: &str = "nobody-here@example.jp";

fn options() -> Options {
    let mut options = cis_tests::behind_a_proxy();
    options.vars.push(("CIS_REGISTRATIONS_PER_CLIENT_HOUR", "1000000".into()));
    options
}

/// Forgets every rate-limit hit, and the failed logins of the given addresses.
async fn clear(app: &TestApp, logins_of: &[&str]) {
    rate_limit_hit::Entity::delete_many().exec(app.db()).await.unwrap();
    for address in logins_of {
        login_attempt::Entity::delete_many()
            .filter(login_attempt::Column::EmailHash.eq(lock_key(address)))
            .exec(app.db())
            .await
            .unwrap();
    }
}

/// One request's answer: status, body without its request id, and time.
async fn timed(request: reqwest::RequestBuilder) -> (u16, Value, Duration) {
    let started = Instant::now();
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let mut body: Value = response.json().await.unwrap_or(Value::Null);
    let elapsed = started.elapsed();
    if let Some(map) = body.as_object_mut() {
        map.remove("request_id");
        map.remove("detail");
    }
    (status, body, elapsed)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// One argon2 verification here, the median of a few.
async fn one_argon2() -> Duration {
    let hash = cis_api::crypto::hash_secret(SecretString::from("Password-1234".to_owned())).await.unwrap();
    let mut times = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        cis_api::crypto::verify_secret(SecretString::from("Wrong-1234".to_owned()), hash.clone()).await.unwrap();
        times.push(started.elapsed());
    }
    median(times)
}

/// Asks `pairs` rounds of each case in turn (their order shuffled each round) and compares.
async fn compare<F, Fut>(app: &TestApp, what: &str, cases: &[&str], rounds: usize, argon2: Duration, ask: F)
where
    F: Fn(usize, usize) -> Fut,
    Fut: std::future::Future<Output = (u16, Value, Duration)>,
{
    let mut answers: Vec<Option<(u16, Value)>> = vec![None; cases.len()];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..cases.len()).collect();
        order.sort_by_key(|i| uuid::Uuid::new_v4().as_u128() ^ *i as u128);
        for case in order {
            let (status, body, elapsed) = ask(case, round).await;
            match &answers[case] {
                None => answers[case] = Some((status, body)),
                Some(first) => assert_eq!(first, &(status, body), "{what}: {} answered differently", cases[case]),
            }
            times[case].push(elapsed);
        }
    }
    let first = answers[0].clone().unwrap();
    for (case, answer) in cases.iter().zip(&answers) {
        assert_eq!(answer.as_ref().unwrap(), &first, "{what}: {case} answered otherwise than {}", cases[0]);
    }
    let medians: Vec<Duration> = times.into_iter().map(median).collect();
    let spread = *medians.iter().max().unwrap() - *medians.iter().min().unwrap();
    figure!(
        "equal answers ({:?}) {what}: {} each {rounds} times, answered {} {}; medians {}; spread {:.2} ms = {:.1} % of one argon2 ({:.1} ms)",
        app.backend,
        cases.join(" / "),
        first.0,
        first.1.get("code").and_then(Value::as_str).unwrap_or(""),
        cases.iter().zip(&medians).map(|(c, m)| format!("{c} {:.2} ms", m.as_secs_f64() * 1e3)).collect::<Vec<_>>().join(", "),
        spread.as_secs_f64() * 1e3,
        100.0 * spread.as_secs_f64() / argon2.as_secs_f64(),
        argon2.as_secs_f64() * 1e3,
    );
    assert!(spread <= Duration::from_millis(10), "{what}: medians differ by {spread:?}");
}

fn from_client(request: reqwest::RequestBuilder, n: usize) -> reqwest::RequestBuilder {
    request.header("x-forwarded-for", format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255))
}

on_both_databases_with! {
    options();
    async fn known_unknown_and_locked_addresses_get_the_same_answers_in_the_same_time(app) {
        let rounds = budget(60, 300);
        let app = &app;
        let graduate = app.active_graduate(KNOWN).await.access_token;
        app.active_graduate("hanako@example.jp").await;
        let argon2 = one_argon2().await;
        let login = |email: &'static str, n: usize| {
            let body = json!({"email": email, "password": "Wrong-password-1", "second_password": "Wrong-second-1"});
            from_client(app.client.post(app.url("/api/v1/auth/login")).json(&body), n)
        };

        // A wrong password for an account, and any password for no account.
        compare(app, "login", &["known", "unknown"], rounds, argon2, |case, round| {
            let email = [KNOWN, UNKNOWN][case];
            async move {
                clear(app, &[KNOWN, UNKNOWN]).await;
                timed(login(email, round * 2 + case)).await
            }
        })
        .await;

        // Both locked by failures in a row.
        for email in [KNOWN, UNKNOWN] {
            for n in 0..6 {
                login(email, 90_000 + n).send().await.unwrap();
            }
        }
        compare(app, "login while locked", &["known locked", "unknown locked"], rounds, argon2, |case, round| {
            let email = [KNOWN, UNKNOWN][case];
            async move { timed(login(email, 100_000 + round * 2 + case)).await }
        })
        .await;

        compare(app, "registration", &["known", "unknown"], rounds, argon2, |case, round| {
            let email = ["hanako@example.jp", UNKNOWN][case];
            async move {
                clear(app, &[]).await;
                let body = json!({"email": email, "locale": "ja"});
                timed(from_client(app.client.post(app.url("/api/v1/registrations")).json(&body), 200_000 + round)).await
            }
        })
        .await;

        compare(app, "forgotten password", &["known", "unknown"], rounds, argon2, |case, round| {
            let email = ["hanako@example.jp", UNKNOWN][case];
            async move {
                clear(app, &[]).await;
                let body = json!({"email": email, "locale": "ja"});
                timed(from_client(app.client.post(app.url("/api/v1/password-resets")).json(&body), 300_000 + round)).await
            }
        })
        .await;

        let graduate = &graduate;
        compare(app, "mail change", &["taken", "free"], rounds, argon2, |case, round| {
            let email = ["hanako@example.jp", "free-address@example.jp"][case];
            async move {
                clear(app, &[]).await;
                let body = json!({"new_email": email, "password": PASSWORD});
                let request = app.client.post(app.url("/api/v1/me/mail-change")).bearer_auth(graduate).json(&body);
                timed(from_client(request, 400_000 + round)).await
            }
        })
        .await;
    }
}
