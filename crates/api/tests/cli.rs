//! The `cis` binary as an operator meets it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn cis() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cis"));
    cmd.env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd
}

#[test]
fn a_bad_setting_stops_start_up_and_is_named() {
    let data = tempfile::tempdir().unwrap();
    let output = cis().env("CIS_BIND", "localhost").env("CIS_DATA_DIR", data.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid setting CIS_BIND"), "{stderr}");
}

#[test]
fn the_printed_spec_is_the_committed_one() {
    let output = cis().arg("openapi").output().unwrap();
    assert!(output.status.success());
    // Read at run time: a target directory shared by checkouts may hold this test built elsewhere.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
    let committed = std::fs::read(std::path::Path::new(&manifest_dir).join("../../openapi/openapi.json")).unwrap();
    assert!(output.stdout == committed, "run `cargo xtask openapi`");
}

#[test]
fn migrate_creates_the_schema_and_exits() {
    let data = tempfile::tempdir().unwrap();
    let status = cis().arg("migrate").env("CIS_DATA_DIR", data.path()).status().unwrap();
    assert!(status.success());
    assert!(data.path().join("cis.sqlite3").exists());
}

#[test]
fn serve_prints_the_generated_administrator_once_and_stops_gracefully_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let start = |data: &std::path::Path| {
        cis()
            .arg("serve")
            .env("CIS_BIND", "127.0.0.1:0")
            .env("CIS_DATA_DIR", data)
            .env("CIS_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let stop = |mut child: std::process::Child| {
        // Wait until it listens, then SIGTERM, and expect a clean exit.
        let stderr = child.stderr.take().unwrap();
        let (seen_tx, seen_rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            use std::io::BufRead;
            let mut text = String::new();
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("Certificate Issuance Service listening") {
                    let _ = seen_tx.send(());
                }
                text.push_str(&line);
                text.push('\n');
            }
            text
        });
        let listening = seen_rx.recv_timeout(Duration::from_secs(30)).is_ok();
        let pid = child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        let started = Instant::now();
        let output = child.wait_with_output().unwrap();
        let stderr = reader.join().unwrap();
        assert!(listening, "cis did not start listening: {stderr}");
        assert!(output.status.success(), "exit after SIGTERM: {:?}", output.status);
        assert!(started.elapsed() < Duration::from_secs(20));
        (String::from_utf8_lossy(&output.stdout).into_owned(), stderr)
    };

    let (stdout, stderr) = stop(start(data.path()));
    assert!(stderr.contains("Staff administrator created: admin@cis.localhost"), "{stderr}");
    assert!(stderr.contains("Password (shown only now):"));
    assert!(stderr.contains("Certificate Issuance Service listening"));
    assert!(!stdout.contains("Password"));

    let (_, stderr) = stop(start(data.path()));
    assert!(!stderr.contains("Password"), "shown once only: {stderr}");
}

#[test]
fn a_bad_log_format_stops_start_up_and_is_named() {
    let data = tempfile::tempdir().unwrap();
    let output = cis().env("CIS_LOG_FORMAT", "xml").env("CIS_DATA_DIR", data.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("CIS_LOG_FORMAT: 'xml' is neither text nor json"), "{stderr}");
}

#[test]
fn json_logs_are_one_object_a_line_with_the_request_id() {
    use std::io::{BufRead, Read, Write};
    let data = tempfile::tempdir().unwrap();
    let mut child = cis()
        .arg("serve")
        .env("CIS_BIND", "127.0.0.1:0")
        .env("CIS_DATA_DIR", data.path())
        .env("CIS_ADMIN_PASSWORD", "Registrar-2026-pass")
        .env("CIS_LOG_FORMAT", "json")
        .env("CIS_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines().map_while(Result::ok);
    let address = lines
        .by_ref()
        .find_map(|line| {
            let event: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}"));
            (event["message"] == "Certificate Issuance Service listening")
                .then(|| event["address"].as_str().unwrap().to_owned())
        })
        .expect("the service says where it listens");
    let mut stream = std::net::TcpStream::connect(address.trim_start_matches("http://")).unwrap();
    stream
        .write_all(
            b"GET /readyz HTTP/1.1\r\nHost: x\r\nX-Request-Id: req-0123456789abcdef\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let logged = lines
        .by_ref()
        .map(|line| serde_json::from_str::<serde_json::Value>(&line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .find(|event| event["message"] == "request")
        .expect("the request is logged");
    assert_eq!(logged["span"]["request_id"], "req-0123456789abcdef", "{logged}");
    assert_eq!(logged["route"], "/readyz");
    assert_eq!(logged["status"], 200);
    assert_eq!(logged["level"], "INFO");
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    for line in lines {
        serde_json::from_str::<serde_json::Value>(&line).unwrap_or_else(|_| panic!("not JSON: {line}"));
    }
    assert!(child.wait().unwrap().success());
}
