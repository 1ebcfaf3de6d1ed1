//! The texts of the graduate's session, in both languages.

use cis_shared::Locale;
use leptos::prelude::*;

use super::I18n;

/// The texts of the graduate's session: Password Setting (manual 2.1 steps 21–23), the top
/// page and its ⚙ menu (2.4 (a)), logout and the automatic logout (2.2 Note).
pub struct SessionTexts {
    pub logged_out: &'static str,

    pub password_setting_title: &'static str,
    pub password_confirmation: &'static str,
    pub second_password_confirmation: &'static str,
    pub password_setting_notes: [&'static str; 5],
    pub set: &'static str,
    pub setting_done: &'static str,
    pub setting_available: &'static str,
    pub ok: &'static str,

    pub top_title: &'static str,
    pub menu: &'static str,
    pub menu_top: &'static str,
    pub menu_logout: &'static str,
    pub greeting_before: &'static str,
    pub greeting_after: &'static str,
    pub enrollments: &'static str,

    pub idle_warning: &'static str,
    pub idle_continue: &'static str,

    pub resubmission_reason: &'static str,
}

pub const SESSION_JA: SessionTexts = SessionTexts {
    logged_out: "ログアウトしました。",

    password_setting_title: "パスワード設定",
    password_confirmation: "パスワード（確認）",
    second_password_confirmation: "第2パスワード（確認）",
    password_setting_notes: [
        "パスワード・第2パスワードは半角8文字以上で設定してください。",
        "英大文字（A〜Z）、英小文字（a〜z）、数字（0〜9）をそれぞれ1文字以上含めてください。",
        "半角英数字以外の文字は使用できません。",
        "パスワードと第2パスワードは異なるものを設定してください。",
        "初期パスワードはパスワード・第2パスワードのどちらにも使用できません。",
    ],
    set: "設定",
    setting_done: "パスワードと第2パスワードの設定が完了しました。",
    setting_available: "証明書発行サービスがご利用いただけるようになりました。",
    ok: "OK",

    top_title: "トップページ",
    menu: "メニュー",
    menu_top: "トップページ",
    menu_logout: "ログアウト",
    greeting_before: "ようこそ、",
    greeting_after: " 様",
    enrollments: "登録済みの学籍情報",

    idle_warning: "操作がないため、約1分後に自動的にログアウトします。ログインを続けますか？",
    idle_continue: "ログインを続ける",

    resubmission_reason: "再提出をお願いする理由",
};

pub const SESSION_EN: SessionTexts = SessionTexts {
    logged_out: "You have logged out.",

    password_setting_title: "Password Setting",
    password_confirmation: "Password (confirmation)",
    second_password_confirmation: "Second password (confirmation)",
    password_setting_notes: [
        "Set a password and a second password of at least 8 half-width characters.",
        "Each must contain an uppercase letter (A to Z), a lowercase letter (a to z) and a digit (0 to 9).",
        "Characters other than half-width letters and digits cannot be used.",
        "The password and the second password must be different.",
        "Neither the password nor the second password may be the initial password.",
    ],
    set: "Set",
    setting_done: "The password and the second password have been set.",
    setting_available: "The Certificate Issuance Service is now available.",
    ok: "OK",

    top_title: "Top page",
    menu: "Menu",
    menu_top: "Top page",
    menu_logout: "Logout",
    greeting_before: "Welcome, ",
    greeting_after: "",
    enrollments: "Your student records",

    idle_warning: "You will be logged out automatically in about a minute because there has been no activity. Do you want to continue?",
    idle_continue: "Continue",

    resubmission_reason: "Why the university asks you to resubmit",
};

impl I18n {
    pub fn s(&self) -> &'static SessionTexts {
        match self.locale.get() {
            Locale::Ja => &SESSION_JA,
            Locale::En => &SESSION_EN,
        }
    }
}
