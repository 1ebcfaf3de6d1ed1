//! Login history (beyond the manual): the account's live sessions as the graduate sees
//! them, and the device a session's `User-Agent` names ("Chrome on Windows"), read here so
//! that the API's tests and the screen agree.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// One live session of the logged-in graduate's account (`GET /api/v1/me/sessions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 42, "current": true,
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "client_address": "203.0.113.7", "started_at": "2026-11-26T09:00:00Z", "last_active_at": "2026-11-26T09:12:30Z"
})))]
pub struct SessionInfo {
    /// For `DELETE /api/v1/me/sessions/{id}`.
    pub id: i64,
    /// The session of the token that asked.
    pub current: bool,
    /// The `User-Agent` of the login (its first 200 characters), if it sent one.
    pub user_agent: Option<String>,
    /// The client address of the login, as the server saw it (behind `CIS_TRUST_PROXY`, the
    /// proxy's `X-Forwarded-For`).
    pub client_address: Option<String>,
    /// The login, RFC 3339.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub started_at: String,
    /// The last request of the session (written every few seconds at most), RFC 3339.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub last_active_at: String,
}

/// The browsers a user agent is recognised as; the others are left unnamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    Edge,
    Opera,
    SamsungInternet,
    Firefox,
    Chrome,
    Safari,
    InternetExplorer,
}

impl Browser {
    pub fn name(self) -> &'static str {
        match self {
            Browser::Edge => "Edge",
            Browser::Opera => "Opera",
            Browser::SamsungInternet => "Samsung Internet",
            Browser::Firefox => "Firefox",
            Browser::Chrome => "Chrome",
            Browser::Safari => "Safari",
            Browser::InternetExplorer => "Internet Explorer",
        }
    }
}

/// The systems a user agent is recognised as running on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    Windows,
    MacOs,
    Iphone,
    Ipad,
    Android,
    ChromeOs,
    Linux,
}

impl System {
    pub fn name(self) -> &'static str {
        match self {
            System::Windows => "Windows",
            System::MacOs => "macOS",
            System::Iphone => "iPhone",
            System::Ipad => "iPad",
            System::Android => "Android",
            System::ChromeOs => "ChromeOS",
            System::Linux => "Linux",
        }
    }
}

/// What a `User-Agent` says of the device: a browser and a system, each when recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Device {
    pub browser: Option<Browser>,
    pub system: Option<System>,
}

/// Markers in the order they are tried: browsers built on Chrome or Safari name those too
/// (Edge says `Chrome/… Edg/…`, Chrome says `Safari/…`), so the specific ones come first.
const BROWSERS: &[(&str, Browser)] = &[
    ("Edg/", Browser::Edge),
    ("EdgA/", Browser::Edge),
    ("EdgiOS/", Browser::Edge),
    ("Edge/", Browser::Edge),
    ("OPR/", Browser::Opera),
    ("Opera", Browser::Opera),
    ("SamsungBrowser/", Browser::SamsungInternet),
    ("Firefox/", Browser::Firefox),
    ("FxiOS/", Browser::Firefox),
    ("CriOS/", Browser::Chrome),
    ("Chrome/", Browser::Chrome),
    ("Chromium/", Browser::Chrome),
    ("Trident/", Browser::InternetExplorer),
    ("MSIE ", Browser::InternetExplorer),
    ("Safari/", Browser::Safari),
];

/// Android and ChromeOS say `Linux` too, and iPhones `like Mac OS X`: the specific first.
const SYSTEMS: &[(&str, System)] = &[
    ("iPhone", System::Iphone),
    ("iPod", System::Iphone),
    ("iPad", System::Ipad),
    ("Android", System::Android),
    ("CrOS", System::ChromeOs),
    ("Windows", System::Windows),
    ("Macintosh", System::MacOs),
    ("Mac OS X", System::MacOs),
    ("Linux", System::Linux),
];

/// The value of the first marker the text contains.
fn first_marked<T: Copy>(text: &str, markers: &[(&str, T)]) -> Option<T> {
    markers.iter().find(|(marker, _)| text.contains(marker)).map(|(_, value)| *value)
}

impl Device {
    /// Reads a `User-Agent` header; what it does not recognise stays `None`.
    pub fn from_user_agent(user_agent: &str) -> Device {
        Device { browser: first_marked(user_agent, BROWSERS), system: first_marked(user_agent, SYSTEMS) }
    }

    /// "Chrome on Windows" (「Windows の Chrome」), or what is known of it; `None` when
    /// nothing is.
    pub fn describe(self, locale: Locale) -> Option<String> {
        match (self.browser, self.system) {
            (Some(browser), Some(system)) => Some(locale.pick(
                format!("{} の {}", system.name(), browser.name()),
                format!("{} on {}", browser.name(), system.name()),
            )),
            (Some(browser), None) => Some(browser.name().to_owned()),
            (None, Some(system)) => Some(system.name().to_owned()),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(user_agent: &str) -> (Option<&'static str>, Option<&'static str>) {
        let d = Device::from_user_agent(user_agent);
        (d.browser.map(Browser::name), d.system.map(System::name))
    }

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                ("Chrome", "Windows"),
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                ("Edge", "Windows"),
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                ("Safari", "iPhone"),
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
                ("Chrome", "iPad"),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
                ("Safari", "macOS"),
            ),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0", ("Firefox", "macOS")),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
                ("Samsung Internet", "Android"),
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                ("Chrome", "Android"),
            ),
            ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0", ("Firefox", "Linux")),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
                ("Chrome", "Linux"),
            ),
            (
                "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                ("Chrome", "ChromeOS"),
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
                ("Opera", "Windows"),
            ),
            ("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", ("Internet Explorer", "Windows")),
        ];
        for (user_agent, (browser, system)) in cases {
            assert_eq!(device(user_agent), (Some(browser), Some(system)), "{user_agent}");
        }
    }

    #[test]
    fn a_device_reads_in_both_languages() {
        let chrome = Device::from_user_agent(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        );
        assert_eq!(chrome.describe(Locale::En).as_deref(), Some("Chrome on Windows"));
        assert_eq!(chrome.describe(Locale::Ja).as_deref(), Some("Windows の Chrome"));
        let only_system = Device { browser: None, system: Some(System::Iphone) };
        assert_eq!(only_system.describe(Locale::En).as_deref(), Some("iPhone"));
        assert_eq!(Device::from_user_agent("curl/8.5.0").describe(Locale::Ja), None);
    }

    #[test]
    fn what_is_not_recognised_stays_unnamed() {
        assert_eq!(device("curl/8.5.0"), (None, None));
        assert_eq!(device(""), (None, None));
        assert_eq!(device("Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet)"), (None, None));
        assert_eq!(device("okhttp/4.12.0 (Linux)"), (None, Some("Linux")));
    }
}
