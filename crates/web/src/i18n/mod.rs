//! Every text of the SPA in Japanese and English. One struct, two values: a text missing in
//! either language does not compile.

use cis_shared::Locale;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

mod delivery;
mod login_history;
mod mail_change;
mod manual;
mod orders;
mod password_reset;
mod registration;
mod session;
mod student_id;
mod verification;

pub use delivery::DeliveryTexts;
pub use login_history::LoginHistoryTexts;
pub use mail_change::MailChangeTexts;
pub use manual::{Chapter, Manual};
pub use orders::{channel_name, payment_method, OrderTexts};
pub use password_reset::ResetTexts;
pub use registration::RegistrationTexts;
pub use session::SessionTexts;
pub use student_id::{StudentIdFormTexts, StudentIdRequestTexts};
pub use verification::{copy_status, VerificationTexts};

/// The texts of the screens.
pub struct Texts {
    pub lang_label: &'static str,
    pub university_loading: &'static str,
    pub to_login: &'static str,
    pub note: &'static str,
    pub note_must_read: &'static str,
    pub required: &'static str,

    // manual 2.2: Graduate login
    pub login_title: &'static str,
    pub mail_address: &'static str,
    pub password: &'static str,
    pub second_password: &'static str,
    pub forgot_password: &'static str,
    pub login_notes: [&'static str; 4],
    pub login_button: &'static str,
    pub new_registration: &'static str,
    pub new_registration_text: &'static str,
    pub new_registration_procedure: &'static str,
    /// Manual 3.1: the operating manual, linked from the login screen too.
    pub operating_manual: &'static str,

    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub network_error: &'static str,
    /// An image shown small: the button that opens it full size, and the viewer's Close.
    pub show_full_size: &'static str,
    pub close: &'static str,
}

pub const JA: Texts = Texts {
    lang_label: "LANG",
    university_loading: "読み込み中…",
    to_login: "ログイン画面へ",
    note: "注意事項",
    note_must_read: "！注意事項は必ずお読みください",
    required: "必須",

    login_title: "卒業生ログイン",
    mail_address: "メールアドレス",
    password: "パスワード",
    second_password: "第2パスワード",
    forgot_password: "パスワードを忘れた方はこちら",
    login_notes: [
        "本サイトを離れる際は、必ずログアウトしてブラウザを閉じてください。",
        "ログイン後、一定時間操作がない場合は自動的にログアウトします。",
        "パスワードは定期的に変更してください。",
        "セキュリティ上、ブラウザへのパスワードの保存はお勧めしません。",
    ],
    login_button: "ログイン",
    new_registration: "新規登録",
    new_registration_text: "初めて本サービスをご利用になる方は、こちらから登録してください。",
    new_registration_procedure: "新規登録手続き",
    operating_manual: "操作マニュアル",

    not_found_title: "ページが見つかりません",
    not_found_text: "お探しのページは存在しないか、移動しました。",
    network_error: "サーバーに接続できません。通信環境をご確認ください。",
    show_full_size: "原寸で表示",
    close: "閉じる",
};

pub const EN: Texts = Texts {
    lang_label: "LANG",
    university_loading: "Loading…",
    to_login: "To the login screen",
    note: "Note",
    note_must_read: "!Be sure to read the Notes.",
    required: "Required",

    login_title: "Graduate login",
    mail_address: "Mail address",
    password: "Password",
    second_password: "Second password",
    forgot_password: "If you have forgotten your password",
    login_notes: [
        "Be sure to log out and close your browser when you leave this site.",
        "You will log out automatically if you do not make any operation for a while after logging in.",
        "Change your passwords on a regular basis.",
        "Storing your passwords on the browser is not recommended for security reasons.",
    ],
    login_button: "Login",
    new_registration: "New registration",
    new_registration_text: "Register yourself from here if you use this service for the first time.",
    new_registration_procedure: "New registration procedure",
    operating_manual: "Operating manual",

    not_found_title: "Page not found",
    not_found_text: "The page you asked for does not exist or has moved.",
    network_error: "Cannot reach the server. Check your connection.",
    show_full_size: "Show full size",
    close: "Close",
};

const STORAGE_KEY: &str = "cis.lang";

/// The language of the screens: chosen with the LANG pull-down, remembered across screens
/// and visits (manual 2.5: "Subsequent screens will be displayed in the selected language").
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    pub fn t(&self) -> &'static Texts {
        match self.locale.get() {
            Locale::Ja => &JA,
            Locale::En => &EN,
        }
    }

    /// The graduates' operating manual (manual 3.1).
    pub fn manual(&self) -> &'static Manual {
        match self.locale.get() {
            Locale::Ja => &manual::MANUAL_JA,
            Locale::En => &manual::MANUAL_EN,
        }
    }

    pub fn set(&self, locale: Locale) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, locale.tag());
        }
        self.locale.set(locale);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The remembered language; on a first visit the browser's, by `navigator.languages` (the
/// first entry naming Japanese or English by its primary subtag); else Japanese, as in the
/// manual. LANG switches it and is remembered from then on.
fn initial_locale() -> Locale {
    local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Locale::from_tag(&tag))
        .or_else(|| browser_languages().iter().find_map(|tag| Locale::from_tag(tag)))
        .unwrap_or_default()
}

/// `navigator.languages`, read through `Reflect` (no web-sys feature needed for it).
fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let navigator = js_sys::Reflect::get(&window, &"navigator".into()).unwrap_or_default();
    let languages = js_sys::Reflect::get(&navigator, &"languages".into()).unwrap_or_default();
    match languages.dyn_into::<js_sys::Array>() {
        Ok(list) => list.iter().filter_map(|v| v.as_string()).collect(),
        Err(_) => Vec::new(),
    }
}

/// Provides the language to every screen and keeps `<html lang>` in step with it.
pub fn provide_i18n() -> I18n {
    let i18n = I18n { locale: RwSignal::new(initial_locale()) };
    provide_context(i18n);
    Effect::new(move |_| {
        let tag = i18n.locale().tag();
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", tag);
        }
    });
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
