//! A small W3C WebDriver client for Debian's headless Chromium and chromedriver: enough to
//! open pages, find elements, click, type, choose options, read text and take screenshots.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Chromium driven over WebDriver; the driver process ends with it.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    client: reqwest::Client,
    _profile: tempfile::TempDir,
}

#[derive(Debug, Clone)]
pub struct Element(String);

/// Whether the machine has the browser; `cargo xtask test` installs it and sets
/// `CIS_TEST_REQUIRE_BROWSER`, where its absence fails the test.
pub fn browser_available() -> bool {
    let present = Path::new("/usr/bin/chromium").exists() && which("chromedriver").is_some();
    if !present {
        assert!(
            std::env::var_os("CIS_TEST_REQUIRE_BROWSER").is_none() && std::env::var_os("CI").is_none(),
            "chromium and chromedriver are required here (cargo xtask test installs them)"
        );
        eprintln!("skipped: chromium or chromedriver missing (run `cargo xtask test`)");
    }
    present
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|p| p.join(program)).find(|p| p.is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile and the given
    /// window size, preferring Japanese (the SPA follows the browser's language on a first
    /// visit; the manual's screens are Japanese).
    pub async fn start(width: u32, height: u32) -> Browser {
        Browser::launch(width, height, None, "ja").await
    }

    /// [`Browser::start`] for a browser whose preferred languages are `languages`
    /// (`Accept-Language` style, `en-GB,en`): `navigator.languages` reads them.
    pub async fn start_preferring(width: u32, height: u32, languages: &str) -> Browser {
        Browser::launch(width, height, None, languages).await
    }

    /// A phone: 375×812 CSS pixels at twice the density, with a phone's user agent.
    pub async fn start_phone() -> Browser {
        let emulation = json!({
            "deviceMetrics": {"width": 375, "height": 812, "pixelRatio": 2.0, "touch": true, "mobile": true},
            "userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
        });
        Browser::launch(500, 900, Some(emulation), "ja").await
    }

    async fn launch(width: u32, height: u32, mobile_emulation: Option<Value>, languages: &str) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        cis_api::stripe::install_crypto_provider();
        let client = reqwest::Client::new();
        for _ in 0..100 {
            if let Ok(r) = client.get(format!("{base}/status")).send().await {
                if r.json::<Value>().await.is_ok_and(|v| v["value"]["ready"] == true) {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
            // The machine's locale must not decide the SPA's first language in a test.
            format!("--lang={}", languages.split(',').next().unwrap_or(languages)),
        ];
        let prefs = json!({"intl.accept_languages": languages});
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args, "prefs": prefs}
        }}});
        let mut caps = caps;
        if let Some(emulation) = mobile_emulation {
            caps["capabilities"]["alwaysMatch"]["goog:chromeOptions"]["mobileEmulation"] = emulation;
        }
        let response: Value =
            client.post(format!("{base}/session")).json(&caps).send().await.expect("new session").json().await.unwrap();
        let session =
            response["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {response}")).to_owned();
        Browser { driver, base, session, client, _profile: profile }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let mut request = self.client.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let value: Value = request.send().await.expect("webdriver answers").json().await.expect("webdriver JSON");
        value["value"].clone()
    }

    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url }))).await;
    }

    pub async fn find(&self, css: &str) -> Option<Element> {
        let v =
            self.call(reqwest::Method::POST, "/element", Some(json!({"using": "css selector", "value": css}))).await;
        v[ELEMENT].as_str().map(|id| Element(id.to_owned()))
    }

    /// Waits up to 10 s for an element.
    pub async fn wait_for(&self, css: &str) -> Element {
        for _ in 0..100 {
            if let Some(e) = self.find(css).await {
                return e;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no element {css} within 10 s");
    }

    pub async fn text(&self, element: &Element) -> String {
        self.call(reqwest::Method::GET, &format!("/element/{}/text", element.0), None)
            .await
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    /// Waits up to 10 s until the element's text is `expected`; returns what it last read.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        self.wait_for_text_where(css, expected, |text| text == expected).await
    }

    /// Waits up to 10 s until the element's text contains `part` (a time in the browser's
    /// zone around it, say); returns the whole text.
    pub async fn wait_for_text_containing(&self, css: &str, part: &str) -> String {
        self.wait_for_text_where(css, part, |text| text.contains(part)).await
    }

    async fn wait_for_text_where(&self, css: &str, wanted: &str, fits: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            if let Some(e) = self.find(css).await {
                last = self.text(&e).await;
                if fits(&last) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} reads {last:?}, not {wanted:?}, after 10 s");
    }

    pub async fn click(&self, element: &Element) {
        self.call(reqwest::Method::POST, &format!("/element/{}/click", element.0), Some(json!({}))).await;
    }

    pub async fn type_into(&self, element: &Element, text: &str) {
        self.call(reqwest::Method::POST, &format!("/element/{}/value", element.0), Some(json!({ "text": text }))).await;
    }

    /// Waits up to 10 s for the element, then clicks it.
    pub async fn click_on(&self, css: &str) {
        self.click(&self.wait_for(css).await).await;
    }

    /// Waits up to 10 s for the field, then types `text` after what it holds.
    pub async fn type_in(&self, css: &str, text: &str) {
        self.type_into(&self.wait_for(css).await, text).await;
    }

    /// Replaces what a field holds, as typing would.
    pub async fn fill(&self, css: &str, text: &str) {
        self.eval_on(css, "el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true}));").await;
        self.type_in(css, text).await;
    }

    /// The id of the element that has the focus ("" when none has one).
    pub async fn focused(&self) -> String {
        let id = self.eval("return document.activeElement ? document.activeElement.id : ''").await;
        id.as_str().unwrap_or("").to_owned()
    }

    /// Waits up to 10 s for the element with this id to have the focus.
    pub async fn wait_for_focus(&self, id: &str) {
        for _ in 0..100 {
            if self.focused().await == id {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("#{id} did not get the focus within 10 s");
    }

    /// Waits up to 10 s until `script` (`return …`) returns `true`.
    pub async fn wait_until(&self, script: &str) {
        for _ in 0..100 {
            if self.eval(script).await == true {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("not true within 10 s: {script}");
    }

    /// Presses `key` (a WebDriver key code, say) on the element that has the focus.
    pub async fn press(&self, key: &str) {
        let id = self.focused().await;
        self.type_in(&format!("#{id}"), key).await;
    }

    /// Runs a script in the page and returns its result.
    /// Waits up to 10 s for the element, then runs `script` with it as `el`
    /// (`return el.disabled`): never a script on a node that may not be there yet.
    pub async fn eval_on(&self, css: &str, script: &str) -> Value {
        let element = self.wait_for(css).await;
        let body = json!({"script": format!("const el = arguments[0]; {script}"), "args": [{ ELEMENT: element.0 }]});
        self.call(reqwest::Method::POST, "/execute/sync", Some(body)).await
    }

    /// Drops a file on the element, as a person dragging it from their desktop does: a
    /// `dragover`, then a `drop` whose `DataTransfer` carries the file (WebDriver has no
    /// drag from outside the page).
    pub async fn drop_file(&self, css: &str, name: &str, mime: &str, bytes: &[u8]) {
        use base64::Engine;
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        let script = format!(
            "const bytes = Uint8Array.from(atob({data:?}), c => c.charCodeAt(0)); \
             const transfer = new DataTransfer(); \
             transfer.items.add(new File([bytes], {name:?}, {{type: {mime:?}}})); \
             for (const kind of ['dragenter', 'dragover', 'drop']) {{ \
               el.dispatchEvent(new DragEvent(kind, {{dataTransfer: transfer, bubbles: true, cancelable: true}})); \
             }}"
        );
        self.eval_on(css, &script).await;
    }

    pub async fn eval(&self, script: &str) -> Value {
        self.call(reqwest::Method::POST, "/execute/sync", Some(json!({"script": script, "args": []}))).await
    }

    /// Saves a PNG of the window under `target/screenshots/`, for a person to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine;
        let data = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD.decode(data.as_str().unwrap_or("")).unwrap_or_default();
        let dir = crate::workspace_root().join("target").join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    pub async fn quit(mut self) {
        let url = format!("{}/session/{}", self.base, self.session);
        let _ = self.client.delete(url).send().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
