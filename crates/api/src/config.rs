//! Typed settings: defaults, then an optional `cis.toml`, then `CIS_*` environment
//! variables. A bad setting stops start-up with a message that names it.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Deserialize;

/// Why the settings could not be read; `setting` is the environment variable's name.
#[derive(Debug, thiserror::Error)]
#[error("invalid setting {setting}: {message}")]
pub struct ConfigError {
    pub setting: String,
    pub message: String,
}

fn invalid(setting: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { setting: setting.to_owned(), message: message.into() }
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `CIS_BIND`: the address and port to listen on.
    pub bind: SocketAddr,
    /// `CIS_PUBLIC_URL`: the base of the links in mails, without a trailing slash.
    pub public_url: String,
    /// `CIS_DATA_DIR`: the SQLite file, uploads, generated secrets and file mail live here.
    pub data_dir: PathBuf,
    /// `CIS_FONT_DIR`: where IPAex Mincho and Gothic (`ipaexm.ttf`, `ipaexg.ttf`) are found,
    /// searched to any depth; default `/usr/share/fonts` (Debian's `fonts-ipaexfont`).
    pub font_dir: PathBuf,
    /// `CIS_DATABASE_URL`: `sqlite://...` or `postgres://...`; default a SQLite file in the
    /// data directory.
    pub database_url: String,
    /// `CIS_SMTP_URL`: `smtp://host:port` or `smtps://...`; unset: mail goes to
    /// `<data dir>/mail/*.eml`.
    pub smtp_url: Option<String>,
    /// `CIS_MAIL_FROM`: the sender of every mail.
    pub mail_from: String,
    /// `CIS_WEB_DIR`: the built SPA; default `./dist` when it exists.
    pub web_dir: Option<PathBuf>,
    /// `CIS_UNIVERSITY`: the code of the university this deployment serves.
    pub university: String,
    /// `CIS_DEMO`: seed the demo university and catalogue at start-up.
    pub seed_demo: bool,
    /// `CIS_ADMIN_EMAIL`: the bootstrap staff administrator.
    pub admin_email: String,
    /// `CIS_ADMIN_PASSWORD`: generated and printed once when unset.
    pub admin_password: Option<SecretString>,
    /// `CIS_JWT_SECRET`: generated and kept in the data directory when unset.
    pub jwt_secret: Option<SecretString>,
    /// `CIS_DATA_KEY`: seals queued mail at rest; generated and kept in the data directory
    /// when unset. Every instance of a deployment needs the same one.
    pub data_key: Option<SecretString>,
    /// `CIS_REGISTRATION_LINK_MINUTES`: how long a registration link works.
    pub registration_link_minutes: i64,
    /// `CIS_TRUST_PROXY`: take the client address from `X-Forwarded-For` (behind a proxy).
    pub trust_proxy: bool,
    /// `CIS_METRICS_ALLOW`: the addresses and networks `GET /metrics` answers (the
    /// connection's peer, never `X-Forwarded-For`); default loopback.
    pub metrics_allow: Networks,
    /// `CIS_INITIAL_PASSWORD_DAYS`: how long the initial password of an approved account works.
    pub initial_password_days: i64,
    /// `CIS_IDLE_TIMEOUT_MINUTES`: a graduate's session idle this long is over (manual 2.2 Note).
    pub idle_timeout_minutes: i64,
    /// `CIS_SESSION_MAX_HOURS`: a graduate's session ends this long after the login, however
    /// active it is (ARCHITECTURE.md 6: an overall lifetime besides the idle timeout).
    pub session_max_hours: i64,
    /// `CIS_WORKERS`: HTTP worker threads; default the number of cores.
    pub workers: Option<usize>,
    /// `CIS_MAIL_POLL_MS`: how often the mail worker looks for due mail.
    pub mail_poll_ms: u64,
    /// `CIS_UPLOAD_MIN_FREE_MB`: below this much free space in the data directory, uploads
    /// answer 503 instead of filling the disk.
    pub upload_min_free_mb: u64,
    /// `CIS_UPLOAD_MB_PER_CLIENT_HOUR`: the bytes of identity-document images one client
    /// address may upload in an hour.
    pub upload_mb_per_client_hour: u64,
    /// `CIS_REGISTRATIONS_PER_CLIENT_HOUR`: registration links one client address may ask
    /// for in an hour (a campus network's applicants share one address).
    pub registrations_per_client_hour: u64,
    /// `CIS_NOTIFY_UNKNOWN_RECIPIENTS`: a password reset asked for an address that no
    /// account uses mails that address a short notice saying so (default: nothing is sent).
    pub notify_unknown_recipients: bool,
    /// Card payment through Stripe Checkout: offered only when both its secrets are set.
    pub stripe: Option<StripeSettings>,
}

/// How the service reaches Stripe (issue 10: card payment). The secrets are never logged
/// (`SecretString` prints as redacted).
#[derive(Debug, Clone)]
pub struct StripeSettings {
    /// `CIS_STRIPE_SECRET_KEY`: the account's secret API key (`sk_live_…`, `sk_test_…`).
    pub secret_key: SecretString,
    /// `CIS_STRIPE_WEBHOOK_SECRET`: the signing secret of the webhook endpoint (`whsec_…`).
    pub webhook_secret: SecretString,
    /// `CIS_STRIPE_API_BASE`: where Stripe's API is, without a trailing slash (the tests
    /// point it at a local server that speaks the endpoints used).
    pub api_base: String,
}

/// The keys of `cis.toml`: the environment variables' names without `CIS_`, in lower case.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    public_url: Option<String>,
    data_dir: Option<String>,
    font_dir: Option<String>,
    database_url: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    web_dir: Option<String>,
    university: Option<String>,
    demo: Option<bool>,
    admin_email: Option<String>,
    admin_password: Option<String>,
    jwt_secret: Option<String>,
    data_key: Option<String>,
    registration_link_minutes: Option<i64>,
    trust_proxy: Option<bool>,
    metrics_allow: Option<String>,
    initial_password_days: Option<i64>,
    idle_timeout_minutes: Option<i64>,
    session_max_hours: Option<i64>,
    workers: Option<usize>,
    mail_poll_ms: Option<u64>,
    upload_min_free_mb: Option<u64>,
    upload_mb_per_client_hour: Option<u64>,
    registrations_per_client_hour: Option<u64>,
    notify_unknown_recipients: Option<bool>,
    stripe_secret_key: Option<String>,
    stripe_webhook_secret: Option<String>,
    stripe_api_base: Option<String>,
}

impl FileSettings {
    /// The file's values as `CIS_*` variables, so both sources share one parser.
    fn into_vars(self) -> HashMap<String, String> {
        let entries: [(&str, Option<String>); 29] = [
            ("CIS_BIND", self.bind),
            ("CIS_PUBLIC_URL", self.public_url),
            ("CIS_DATA_DIR", self.data_dir),
            ("CIS_FONT_DIR", self.font_dir),
            ("CIS_DATABASE_URL", self.database_url),
            ("CIS_SMTP_URL", self.smtp_url),
            ("CIS_MAIL_FROM", self.mail_from),
            ("CIS_WEB_DIR", self.web_dir),
            ("CIS_UNIVERSITY", self.university),
            ("CIS_DEMO", self.demo.map(|b| b.to_string())),
            ("CIS_ADMIN_EMAIL", self.admin_email),
            ("CIS_ADMIN_PASSWORD", self.admin_password),
            ("CIS_JWT_SECRET", self.jwt_secret),
            ("CIS_DATA_KEY", self.data_key),
            ("CIS_REGISTRATION_LINK_MINUTES", self.registration_link_minutes.map(|n| n.to_string())),
            ("CIS_TRUST_PROXY", self.trust_proxy.map(|b| b.to_string())),
            ("CIS_METRICS_ALLOW", self.metrics_allow),
            ("CIS_INITIAL_PASSWORD_DAYS", self.initial_password_days.map(|n| n.to_string())),
            ("CIS_IDLE_TIMEOUT_MINUTES", self.idle_timeout_minutes.map(|n| n.to_string())),
            ("CIS_SESSION_MAX_HOURS", self.session_max_hours.map(|n| n.to_string())),
            ("CIS_WORKERS", self.workers.map(|n| n.to_string())),
            ("CIS_MAIL_POLL_MS", self.mail_poll_ms.map(|n| n.to_string())),
            ("CIS_UPLOAD_MIN_FREE_MB", self.upload_min_free_mb.map(|n| n.to_string())),
            ("CIS_UPLOAD_MB_PER_CLIENT_HOUR", self.upload_mb_per_client_hour.map(|n| n.to_string())),
            ("CIS_REGISTRATIONS_PER_CLIENT_HOUR", self.registrations_per_client_hour.map(|n| n.to_string())),
            ("CIS_NOTIFY_UNKNOWN_RECIPIENTS", self.notify_unknown_recipients.map(|b| b.to_string())),
            ("CIS_STRIPE_SECRET_KEY", self.stripe_secret_key),
            ("CIS_STRIPE_WEBHOOK_SECRET", self.stripe_webhook_secret),
            ("CIS_STRIPE_API_BASE", self.stripe_api_base),
        ];
        entries.into_iter().filter_map(|(k, v)| Some((k.to_owned(), v?))).collect()
    }
}

impl Settings {
    /// Reads `CIS_CONFIG` (or `./cis.toml` when present), then the process environment.
    pub fn load() -> Result<Settings, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().filter(|(k, _)| k.starts_with("CIS_")).collect();
        let file = match env.get("CIS_CONFIG") {
            Some(path) => Some(PathBuf::from(path)),
            None => Some(PathBuf::from("cis.toml")).filter(|p| p.exists()),
        };
        let mut vars = match file {
            Some(path) => read_file(&path)?,
            None => HashMap::new(),
        };
        vars.extend(env);
        Settings::from_vars(&vars)
    }

    /// Builds settings from `CIS_*` variables over the defaults, concern by concern.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Settings, ConfigError> {
        let vars = Vars(vars);
        let bind = vars.bind()?;
        let data_dir = PathBuf::from(vars.get("CIS_DATA_DIR").unwrap_or("./data"));
        Ok(Settings {
            // Where the service is reached.
            public_url: match vars.get("CIS_PUBLIC_URL") {
                Some(url) => parse_public_url(url)?,
                None => default_public_url(bind),
            },
            bind,
            workers: match vars.get("CIS_WORKERS") {
                Some(_) => Some(vars.number("CIS_WORKERS", "threads", 1..=256, 1)? as usize),
                None => None,
            },
            trust_proxy: vars.flag("CIS_TRUST_PROXY", false)?,
            metrics_allow: Networks::parse(vars.get("CIS_METRICS_ALLOW").unwrap_or("127.0.0.0/8, ::1"))
                .map_err(|message| invalid("CIS_METRICS_ALLOW", message))?,
            web_dir: vars.web_dir()?,
            // What it keeps.
            database_url: vars.database_url(&data_dir)?,
            data_dir,
            font_dir: PathBuf::from(vars.get("CIS_FONT_DIR").unwrap_or("/usr/share/fonts")),
            upload_min_free_mb: vars.number("CIS_UPLOAD_MIN_FREE_MB", "megabytes", 0..=1_000_000_000, 1024)?,
            // How it mails.
            smtp_url: vars.smtp_url()?,
            mail_from: vars.mail_from()?,
            mail_poll_ms: vars.number("CIS_MAIL_POLL_MS", "milliseconds", 10..=600_000, 2_000)?,
            notify_unknown_recipients: vars.flag("CIS_NOTIFY_UNKNOWN_RECIPIENTS", false)?,
            // Whom it serves, and its first administrator.
            university: vars.university()?,
            seed_demo: vars.flag("CIS_DEMO", true)?,
            admin_email: vars.admin_email()?,
            admin_password: vars.secret("CIS_ADMIN_PASSWORD", 12)?,
            // Its keys.
            jwt_secret: vars.secret("CIS_JWT_SECRET", 32)?,
            data_key: vars.secret("CIS_DATA_KEY", 32)?,
            // How long links, passwords and sessions last.
            registration_link_minutes: vars.number("CIS_REGISTRATION_LINK_MINUTES", "minutes", 5..=1440, 30)? as i64,
            initial_password_days: vars.number("CIS_INITIAL_PASSWORD_DAYS", "days", 1..=90, 14)? as i64,
            idle_timeout_minutes: vars.number("CIS_IDLE_TIMEOUT_MINUTES", "minutes", 2..=720, 30)? as i64,
            session_max_hours: vars.number("CIS_SESSION_MAX_HOURS", "hours", 1..=720, 12)? as i64,
            // What one client address may do.
            upload_mb_per_client_hour: vars.number("CIS_UPLOAD_MB_PER_CLIENT_HOUR", "megabytes", 1..=1_000_000, 300)?,
            registrations_per_client_hour: vars.number(
                "CIS_REGISTRATIONS_PER_CLIENT_HOUR",
                "registrations",
                1..=1_000_000,
                200,
            )?,
            // How it takes card payments.
            stripe: vars.stripe()?,
        })
    }
}

/// The `CIS_*` variables, each read and checked by the setting it makes.
struct Vars<'a>(&'a HashMap<String, String>);

impl Vars<'_> {
    /// A variable's value; blank counts as unset.
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    fn number(
        &self,
        name: &str,
        unit: &str,
        range: std::ops::RangeInclusive<u64>,
        default: u64,
    ) -> Result<u64, ConfigError> {
        match self.get(name) {
            Some(n) => n.parse::<u64>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
                invalid(name, format!("'{n}' is not a number of {unit} from {} to {}", range.start(), range.end()))
            }),
            None => Ok(default),
        }
    }

    fn flag(&self, name: &str, default: bool) -> Result<bool, ConfigError> {
        self.get(name).map_or(Ok(default), |text| parse_bool(name, text))
    }

    /// A secret of at least `min` characters, if set.
    fn secret(&self, name: &str, min: usize) -> Result<Option<SecretString>, ConfigError> {
        match self.get(name) {
            Some(s) if s.chars().count() < min => Err(invalid(name, format!("use at least {min} characters"))),
            Some(s) => Ok(Some(SecretString::from(s.to_owned()))),
            None => Ok(None),
        }
    }

    fn bind(&self) -> Result<SocketAddr, ConfigError> {
        let text = self.get("CIS_BIND").unwrap_or("127.0.0.1:8080");
        text.parse().map_err(|_| invalid("CIS_BIND", format!("'{text}' is not an address:port such as 127.0.0.1:8080")))
    }

    fn database_url(&self, data_dir: &Path) -> Result<String, ConfigError> {
        match self.get("CIS_DATABASE_URL") {
            Some(url) if is_supported_database(url) => Ok(url.to_owned()),
            Some(url) => {
                Err(invalid("CIS_DATABASE_URL", format!("'{}' is neither sqlite:// nor postgres://", redact_url(url))))
            }
            None => Ok(format!("sqlite://{}?mode=rwc", data_dir.join("cis.sqlite3").display())),
        }
    }

    fn smtp_url(&self) -> Result<Option<String>, ConfigError> {
        match self.get("CIS_SMTP_URL") {
            Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => {
                url::Url::parse(url).map_err(|e| invalid("CIS_SMTP_URL", format!("not a URL ({e})")))?;
                Ok(Some(url.to_owned()))
            }
            Some(url) => Err(invalid("CIS_SMTP_URL", format!("'{}' is neither smtp:// nor smtps://", redact_url(url)))),
            None => Ok(None),
        }
    }

    fn mail_from(&self) -> Result<String, ConfigError> {
        let mail_from = self.get("CIS_MAIL_FROM").unwrap_or("no-reply@cis.localhost").to_owned();
        mail_from
            .parse::<lettre::message::Mailbox>()
            .map_err(|e| invalid("CIS_MAIL_FROM", format!("'{mail_from}' is not a mailbox ({e})")))?;
        Ok(mail_from)
    }

    fn web_dir(&self) -> Result<Option<PathBuf>, ConfigError> {
        match self.get("CIS_WEB_DIR") {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                if !dir.join("index.html").is_file() {
                    return Err(invalid(
                        "CIS_WEB_DIR",
                        format!("{} has no index.html (build the SPA with `cargo xtask run`)", dir.display()),
                    ));
                }
                Ok(Some(dir))
            }
            None => Ok(Some(PathBuf::from("dist")).filter(|d| d.join("index.html").is_file())),
        }
    }

    fn university(&self) -> Result<String, ConfigError> {
        let university = self.get("CIS_UNIVERSITY").unwrap_or("demo").to_owned();
        if university.is_empty()
            || university.len() > 32
            || !university.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err(invalid("CIS_UNIVERSITY", "use up to 32 lower-case letters, digits, '-' or '_'"));
        }
        Ok(university)
    }

    /// Both Stripe secrets, or neither (one alone is a mistake worth stopping for); the API
    /// base an http(s) URL.
    fn stripe(&self) -> Result<Option<StripeSettings>, ConfigError> {
        let secret_key = self.secret("CIS_STRIPE_SECRET_KEY", 8)?;
        let webhook_secret = self.secret("CIS_STRIPE_WEBHOOK_SECRET", 8)?;
        let base = self.get("CIS_STRIPE_API_BASE").unwrap_or("https://api.stripe.com");
        let url = url::Url::parse(base)
            .map_err(|e| invalid("CIS_STRIPE_API_BASE", format!("'{base}' is not a URL ({e})")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(invalid("CIS_STRIPE_API_BASE", format!("'{base}' is not an http(s) URL")));
        }
        match (secret_key, webhook_secret) {
            (Some(secret_key), Some(webhook_secret)) => {
                Ok(Some(StripeSettings { secret_key, webhook_secret, api_base: base.trim_end_matches('/').to_owned() }))
            }
            (None, None) => Ok(None),
            (Some(_), None) => Err(invalid("CIS_STRIPE_SECRET_KEY", "set CIS_STRIPE_WEBHOOK_SECRET with it")),
            (None, Some(_)) => Err(invalid("CIS_STRIPE_WEBHOOK_SECRET", "set CIS_STRIPE_SECRET_KEY with it")),
        }
    }

    fn admin_email(&self) -> Result<String, ConfigError> {
        let admin_email = self.get("CIS_ADMIN_EMAIL").unwrap_or("admin@cis.localhost").to_owned();
        cis_shared::email::Email::parse(&admin_email)
            .map_err(|_| invalid("CIS_ADMIN_EMAIL", format!("'{admin_email}' is not a mail address")))?;
        Ok(admin_email)
    }
}

/// Addresses and networks (`127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`), comma-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Networks(Vec<(IpAddr, u8)>);

impl Networks {
    pub fn parse(text: &str) -> Result<Networks, String> {
        let networks = text.split(',').map(str::trim).filter(|part| !part.is_empty()).map(|part| {
            let (address, prefix) = part.split_once('/').unwrap_or((part, ""));
            let address: IpAddr =
                address.parse().map_err(|_| format!("'{part}' is not an address or network such as 10.0.0.0/8"))?;
            let most = if address.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                "" => most,
                n => n
                    .parse::<u8>()
                    .ok()
                    .filter(|n| *n <= most)
                    .ok_or_else(|| format!("'{part}': the prefix is 0 to {most}"))?,
            };
            Ok((address, prefix))
        });
        networks.collect::<Result<Vec<_>, String>>().map(Networks)
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        self.0.iter().any(|(network, prefix)| match (network, address) {
            (IpAddr::V4(n), IpAddr::V4(a)) => same_prefix(u32::from(*n).into(), u32::from(a).into(), *prefix, 32),
            (IpAddr::V6(n), IpAddr::V6(a)) => same_prefix(u128::from(*n), u128::from(a), *prefix, 128),
            _ => false,
        })
    }
}

/// Whether the first `prefix` of `width` bits agree.
fn same_prefix(a: u128, b: u128, prefix: u8, width: u32) -> bool {
    let shift = width - u32::from(prefix);
    shift >= width || (a >> shift) == (b >> shift)
}

/// Links point at the bound address unless `CIS_PUBLIC_URL` says otherwise.
pub fn default_public_url(bind: SocketAddr) -> String {
    match bind {
        SocketAddr::V4(a) if a.ip().is_unspecified() => format!("http://127.0.0.1:{}", a.port()),
        SocketAddr::V4(a) => format!("http://{}:{}", a.ip(), a.port()),
        SocketAddr::V6(a) if a.ip().is_unspecified() => format!("http://[::1]:{}", a.port()),
        SocketAddr::V6(a) => format!("http://[{}]:{}", a.ip(), a.port()),
    }
}

fn read_file(path: &Path) -> Result<HashMap<String, String>, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| invalid("CIS_CONFIG", format!("cannot read {}: {e}", path.display())))?;
    let file: FileSettings =
        toml::from_str(&text).map_err(|e| invalid("CIS_CONFIG", format!("{}: {}", path.display(), e.message())))?;
    Ok(file.into_vars())
}

fn parse_public_url(text: &str) -> Result<String, ConfigError> {
    let url = url::Url::parse(text).map_err(|e| invalid("CIS_PUBLIC_URL", format!("'{text}' is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid("CIS_PUBLIC_URL", format!("'{text}' is not an http(s) URL")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("CIS_PUBLIC_URL", "use a URL without query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn parse_bool(setting: &str, text: &str) -> Result<bool, ConfigError> {
    match text.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(invalid(setting, format!("'{text}' is not true or false"))),
    }
}

fn is_supported_database(url: &str) -> bool {
    url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// A URL fit for an error message: any password in it replaced.
pub fn redact_url(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn metrics_are_for_the_listed_networks_only() {
        let loopback = Settings::from_vars(&HashMap::new()).unwrap().metrics_allow;
        for allowed in ["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1"] {
            assert!(loopback.contains(allowed.parse().unwrap()), "{allowed}");
        }
        for refused in ["10.0.0.1", "::2", "192.168.1.1"] {
            assert!(!loopback.contains(refused.parse().unwrap()), "{refused}");
        }
        let listed = Networks::parse("10.1.0.0/16, fd00::/8,203.0.113.9").unwrap();
        assert!(listed.contains("10.1.200.3".parse().unwrap()));
        assert!(!listed.contains("10.2.0.1".parse().unwrap()));
        assert!(listed.contains("fd12::1".parse().unwrap()));
        assert!(listed.contains("203.0.113.9".parse().unwrap()));
        assert!(!listed.contains("203.0.113.10".parse().unwrap()));
        assert!(Networks::parse("0.0.0.0/0").unwrap().contains("198.51.100.1".parse().unwrap()));
        assert!(Networks::parse("").unwrap() == Networks(vec![]));
        for bad in ["10.0.0.0/33", "localhost", "::/129", "10.0.0.0/x"] {
            let error = Settings::from_vars(&vars(&[("CIS_METRICS_ALLOW", bad)])).unwrap_err();
            assert_eq!(error.setting, "CIS_METRICS_ALLOW", "{bad}");
        }
    }

    #[test]
    fn defaults_are_the_embedded_service() {
        let s = Settings::from_vars(&HashMap::new()).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.public_url, "http://127.0.0.1:8080");
        assert_eq!(s.database_url, "sqlite://./data/cis.sqlite3?mode=rwc");
        assert!(s.smtp_url.is_none());
        assert_eq!(s.university, "demo");
        assert!(s.seed_demo);
        assert_eq!((s.idle_timeout_minutes, s.session_max_hours), (30, 12));
    }

    #[test]
    fn a_bad_setting_is_named() {
        for (name, value) in [
            ("CIS_BIND", "localhost"),
            ("CIS_PUBLIC_URL", "ftp://example.jp"),
            ("CIS_DATABASE_URL", "mysql://db"),
            ("CIS_SMTP_URL", "http://mail"),
            ("CIS_ADMIN_EMAIL", "admin"),
            ("CIS_ADMIN_PASSWORD", "short"),
            ("CIS_JWT_SECRET", "short"),
            ("CIS_DEMO", "maybe"),
            ("CIS_WORKERS", "0"),
            ("CIS_WEB_DIR", "/nonexistent"),
            ("CIS_UNIVERSITY", "Not Valid"),
            ("CIS_DATA_KEY", "short"),
            ("CIS_REGISTRATION_LINK_MINUTES", "1"),
            ("CIS_TRUST_PROXY", "sometimes"),
            ("CIS_UPLOAD_MIN_FREE_MB", "-1"),
            ("CIS_UPLOAD_MB_PER_CLIENT_HOUR", "0"),
            ("CIS_REGISTRATIONS_PER_CLIENT_HOUR", "0"),
            ("CIS_SESSION_MAX_HOURS", "0"),
            ("CIS_SESSION_MAX_HOURS", "721"),
            ("CIS_NOTIFY_UNKNOWN_RECIPIENTS", "perhaps"),
            ("CIS_STRIPE_SECRET_KEY", "sk_test_0123456789"),
            ("CIS_STRIPE_WEBHOOK_SECRET", "whsec_0123456789"),
            ("CIS_STRIPE_API_BASE", "ftp://stripe.example"),
        ] {
            let err = Settings::from_vars(&vars(&[(name, value)])).unwrap_err();
            assert_eq!(err.setting, name);
            assert!(err.to_string().starts_with(&format!("invalid setting {name}:")));
        }
    }

    #[test]
    fn the_file_uses_the_same_names_and_rejects_typos() {
        let file: FileSettings = toml::from_str("bind = \"0.0.0.0:9000\"\ndemo = false").unwrap();
        let s = Settings::from_vars(&file.into_vars()).unwrap();
        assert_eq!(s.bind.port(), 9000);
        assert_eq!(s.public_url, "http://127.0.0.1:9000");
        assert!(!s.seed_demo);
        assert!(toml::from_str::<FileSettings>("bnid = \"x\"").is_err());
    }

    #[test]
    fn card_payment_needs_both_stripe_secrets_and_never_shows_them() {
        assert!(Settings::from_vars(&HashMap::new()).unwrap().stripe.is_none());
        let both =
            vars(&[("CIS_STRIPE_SECRET_KEY", "sk_test_0123456789"), ("CIS_STRIPE_WEBHOOK_SECRET", "whsec_0123456789")]);
        let stripe = Settings::from_vars(&both).unwrap().stripe.unwrap();
        assert_eq!(stripe.api_base, "https://api.stripe.com");
        let shown = format!("{stripe:?}");
        assert!(!shown.contains("sk_test_0123456789") && !shown.contains("whsec_0123456789"), "{shown}");
    }

    #[test]
    fn passwords_in_database_urls_never_reach_messages() {
        let err = Settings::from_vars(&vars(&[("CIS_DATABASE_URL", "mysql://u:secret@db/x")])).unwrap_err();
        assert!(!err.to_string().contains("secret"));
    }
}
