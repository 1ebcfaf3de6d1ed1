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
    pub password_setting_notes: [&'static str; 6],
    pub set: &'static str,
    pub setting_done: &'static str,
    pub setting_available: &'static str,
    pub ok: &'static str,

    pub top_title: &'static str,
    pub menu: &'static str,
    pub menu_top: &'static str,
    pub menu_manual: &'static str,
    pub menu_profile: &'static str,
    pub menu_password: &'static str,
    pub menu_second_password: &'static str,
    pub menu_logout: &'static str,
    pub greeting_before: &'static str,
    pub greeting_after: &'static str,
    pub enrollments: &'static str,
    pub current_applications: &'static str,
    pub application_history: &'static str,
    pub no_applications: &'static str,
    pub mail_change_kind: &'static str,
    pub mail_change_waiting: &'static str,
    pub mail_change_new: &'static str,
    pub mail_change_until: &'static str,
    pub submitted_on: &'static str,
    pub decided_on: &'static str,
    /// New, reapplication.
    pub application_kinds: [&'static str; 3],
    /// Submitted, resubmitted, resubmission requested, approved, rejected.
    pub application_states: [&'static str; 5],

    pub idle_warning: &'static str,
    pub idle_continue: &'static str,

    // manual 2.4 (d), (e): Change password, Change second password
    pub password_change_title: &'static str,
    pub second_password_change_title: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub new_password_confirmation: &'static str,
    pub current_second_password: &'static str,
    pub new_second_password: &'static str,
    pub new_second_password_confirmation: &'static str,
    pub password_rules_lead: &'static str,
    pub second_password_rules_lead: &'static str,
    pub secret_rules: [&'static str; 7],
    pub back: &'static str,
    pub change: &'static str,
    pub change_complete: &'static str,
    pub password_changed: &'static str,
    pub second_password_changed: &'static str,
    /// A wrong current secret on the change screens (the API's text speaks of the login).
    pub wrong_current_password: &'static str,
    pub wrong_current_second_password: &'static str,
    pub other_sessions_ended: &'static str,
    pub profile_changed: &'static str,

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
        "パスワード・第2パスワードには、よく使われているものや、氏名・メールアドレス・大学名を含むものは使用できません。",
    ],
    set: "設定",
    setting_done: "パスワードと第2パスワードの設定が完了しました。",
    setting_available: "証明書発行サービスがご利用いただけるようになりました。",
    ok: "OK",

    top_title: "トップページ",
    menu: "メニュー",
    menu_top: "トップページ",
    menu_manual: "マニュアル",
    menu_profile: "個人設定",
    menu_password: "パスワード変更",
    menu_second_password: "第2パスワード変更",
    menu_logout: "ログアウト",
    greeting_before: "ようこそ、",
    greeting_after: " 様",
    enrollments: "登録済みの学籍情報",
    current_applications: "現在の申請一覧",
    application_history: "申請一覧",
    no_applications: "ありません。",
    mail_change_kind: "メールアドレス変更",
    mail_change_waiting: "新しいメールアドレスでの確認待ち",
    mail_change_new: "新しいメールアドレス",
    mail_change_until: "確認URLの有効期限",
    submitted_on: "申請日",
    decided_on: "結果通知日",
    application_kinds: ["利用申請", "利用申請（再申請）", "学籍番号追加登録"],
    application_states: ["審査中", "審査中（再提出）", "再提出のお願い", "承認", "却下"],

    idle_warning: "操作がないため、約1分後に自動的にログアウトします。ログインを続けますか？",
    idle_continue: "ログインを続ける",

    password_change_title: "パスワード変更",
    second_password_change_title: "第2パスワード変更",
    current_password: "現在のパスワード",
    new_password: "新しいパスワード",
    new_password_confirmation: "新しいパスワード（確認）",
    current_second_password: "現在の第2パスワード",
    new_second_password: "新しい第2パスワード",
    new_second_password_confirmation: "新しい第2パスワード（確認）",
    password_rules_lead: "パスワードは次の規則に従って設定してください。",
    second_password_rules_lead: "第2パスワードは次の規則に従って設定してください。",
    secret_rules: [
        "8文字以上であること。",
        "半角英大文字（A〜Z）を1文字以上含むこと。",
        "半角英小文字（a〜z）を1文字以上含むこと。",
        "半角数字（0〜9）を1文字以上含むこと。",
        "半角英数字以外の文字を含まないこと。",
        "現在のものと異なり、パスワードと第2パスワードが同じでないこと。",
        "パスワード・第2パスワードには、よく使われているものや、氏名・メールアドレス・大学名を含むものは使用できません。",
    ],
    back: "戻る",
    change: "変更",
    change_complete: "変更完了",
    password_changed: "パスワードを変更しました。",
    second_password_changed: "第2パスワードを変更しました。",
    wrong_current_password: "現在のパスワードが正しくありません。",
    wrong_current_second_password: "現在の第2パスワードが正しくありません。",
    profile_changed: "申請者情報を変更しました。",
    other_sessions_ended: "ほかの端末やブラウザでのログインは終了しました。変更のお知らせを登録メールアドレスに送信しました。",

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
        "Passwords that are easy to guess cannot be used: common ones, or ones containing your name, your mail address or the university's name.",
    ],
    set: "Set",
    setting_done: "The password and the second password have been set.",
    setting_available: "The Certificate Issuance Service is now available.",
    ok: "OK",

    top_title: "Top page",
    menu: "Menu",
    menu_top: "Top page",
    menu_manual: "Manual",
    menu_profile: "Personal setting",
    menu_password: "Change password",
    menu_second_password: "Change second password",
    menu_logout: "Logout",
    greeting_before: "Welcome, ",
    greeting_after: "",
    enrollments: "Your student records",
    current_applications: "Current application list",
    application_history: "Application list",
    no_applications: "None.",
    mail_change_kind: "Change of mail address",
    mail_change_waiting: "Waiting for the confirmation from the new address",
    mail_change_new: "New mail address",
    mail_change_until: "The confirmation URL is valid until",
    submitted_on: "Submitted",
    decided_on: "Decided",
    application_kinds: [
        "Application for use",
        "Application for use (reapplication)",
        "Registration of an additional student ID number",
    ],
    application_states: ["Under review", "Under review (resubmitted)", "Resubmission requested", "Approved", "Rejected"],

    idle_warning: "You will be logged out automatically in about a minute because there has been no activity. Do you want to continue?",
    idle_continue: "Continue",

    password_change_title: "Change password",
    second_password_change_title: "Change second password",
    current_password: "Current password",
    new_password: "New password",
    new_password_confirmation: "New password (check)",
    current_second_password: "Old second password",
    new_second_password: "New second password",
    new_second_password_confirmation: "New second password (check)",
    password_rules_lead: "Set a password according to these rules:",
    second_password_rules_lead: "Set the second password according to these rules:",
    secret_rules: [
        "It must be made up of eight or more characters.",
        "One or more half-width, uppercase alphabetic characters (A to Z) must be contained.",
        "One or more half-width, lowercase alphabetic characters (a to z) must be contained.",
        "One or more half-width numerals (0 to 9) must be contained.",
        "Characters and numerals other than half-width alphanumeric characters must not be contained.",
        "It must differ from the current one, and the password and the second password must differ.",
        "Passwords that are easy to guess cannot be used: common ones, or ones containing your name, your mail address or the university's name.",
    ],
    back: "Back",
    change: "Change",
    change_complete: "Change complete",
    password_changed: "The password has been changed.",
    second_password_changed: "The second password has been changed.",
    wrong_current_password: "The current password is incorrect.",
    wrong_current_second_password: "The old second password is incorrect.",
    profile_changed: "Applicant information has been changed.",
    other_sessions_ended: "You have been logged out on your other devices and browsers. A notice of the change has been sent to your registered mail address.",

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
