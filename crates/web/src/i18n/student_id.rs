//! The texts of registering an additional student ID number (manual 2.3), in both
//! languages: the ⚙ menu's screen (graduate bundle) and the form behind the mailed link
//! (applicant bundle), apart so that each bundle carries only its own.

use cis_shared::Locale;

use super::I18n;

/// Manual 2.3 steps 3–5: the menu item, the Note and Send, Application Completed.
pub struct StudentIdRequestTexts {
    pub menu_item: &'static str,
    pub title: &'static str,
    pub notes: [&'static str; 4],
    pub send: &'static str,
    pub completed_title: &'static str,
    pub completed: &'static str,
    /// The address the mail went to, and how long its link works.
    pub mail_sent: fn(&str, i64) -> String,
    pub ok: &'static str,
}

pub const REQUEST_JA: StudentIdRequestTexts = StudentIdRequestTexts {
    menu_item: "学籍番号追加登録",
    title: "学籍番号追加登録",
    notes: [
        "学部と大学院など、複数の学籍番号をお持ちの方が、学籍番号を追加登録するための手続きです。",
        "「送信」ボタンを押すと、登録のメールアドレスにワンタイムURLを記載したメールが送信されます。",
        "ワンタイムURLの有効期限は30分です。期限内に追加する学籍番号の在学時の情報を入力してください。",
        "申請は大学で確認のうえ承認されます。結果は登録のメールアドレスにお送りします。",
    ],
    send: "送信",
    completed_title: "申請完了",
    completed: "学籍番号追加登録の手続きを受け付けました。",
    mail_sent: |email, minutes| {
        format!("{email} にワンタイムURLを記載したメールを送信しました。URLの有効期限は{minutes}分です。")
    },
    ok: "OK",
};

pub const REQUEST_EN: StudentIdRequestTexts = StudentIdRequestTexts {
    menu_item: "Register additional student ID number",
    title: "Register additional student ID number",
    notes: [
        "This is for graduates who have several student ID numbers, for example of undergraduate and graduate \
         school, to register another one.",
        "When you click \"Send\", a mail with a one-time URL is sent to your registered mail address.",
        "The URL is valid for 30 minutes. Enter your information as of the time you were enrolled within that time.",
        "The university checks and approves the application. The result is sent to your registered mail address.",
    ],
    send: "Send",
    completed_title: "Application Completed",
    completed: "Your request to register an additional student ID number has been accepted.",
    mail_sent: |email, minutes| {
        format!("A mail with a one-time URL has been sent to {email}. The URL is valid for {minutes} minutes.")
    },
    ok: "OK",
};

/// Manual 2.3 step 7: the form behind the link (its confirmation and reception are the
/// registration's, whose texts say what manual 2.3 steps 9–10 say).
pub struct StudentIdFormTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub registered: &'static str,
    pub new_link: &'static str,
}

pub const FORM_JA: StudentIdFormTexts = StudentIdFormTexts {
    title: "学籍番号追加登録",
    intro: "追加する学部または大学院に在学していたときの情報を入力してください。",
    registered: "登録済みの学籍番号",
    new_link: "ログイン後、メニュー「学籍番号追加登録」から新しいURLを取得してください。",
};

pub const FORM_EN: StudentIdFormTexts = StudentIdFormTexts {
    title: "Register additional student ID number",
    intro: "Enter your information as of the time you were enrolled at the undergraduate or graduate school you \
            want to add.",
    registered: "Student ID numbers registered",
    new_link: "Log in and ask for a new URL from the menu \"Register additional student ID number\".",
};

impl I18n {
    pub fn sid(&self) -> &'static StudentIdRequestTexts {
        match self.locale() {
            Locale::Ja => &REQUEST_JA,
            Locale::En => &REQUEST_EN,
        }
    }

    pub fn sid_form(&self) -> &'static StudentIdFormTexts {
        match self.locale() {
            Locale::Ja => &FORM_JA,
            Locale::En => &FORM_EN,
        }
    }
}
