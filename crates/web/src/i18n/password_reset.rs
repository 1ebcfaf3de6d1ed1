//! The texts of a forgotten password (manual 2.4 (f)), in both languages.

use cis_shared::Locale;
use leptos::prelude::*;

use super::I18n;

/// "Reset password", "Password reset mail sent", and the page of the mailed link.
pub struct ResetTexts {
    pub forgot_title: &'static str,
    pub forgot_notes: [&'static str; 4],
    pub checks_intro: &'static str,
    pub checks: [&'static str; 3],
    pub send: &'static str,
    pub back: &'static str,

    pub sent_title: &'static str,
    pub sent_text: &'static str,
    pub sent_points: [&'static str; 2],

    pub reset_title: &'static str,
    pub loading: &'static str,
    pub account: &'static str,
    /// The last point of the Note, after the rules of the Password Setting.
    pub not_old_secrets: &'static str,
    pub reset_done_login: &'static str,

    pub link_invalid_title: &'static str,
    pub link_invalid_text: &'static str,
    pub link_expired_title: &'static str,
    pub link_expired_text: &'static str,
    pub link_used_title: &'static str,
    pub link_used_text: &'static str,
    pub ask_again: &'static str,
}

pub const RESET_JA: ResetTexts = ResetTexts {
    forgot_title: "パスワード再設定",
    forgot_notes: [
        "登録済みのメールアドレスを入力し、「送信」ボタンを押してください。",
        "「送信」ボタンを押すと、登録済みのメールアドレスにパスワード再設定メールが送信されます。",
        "メールに記載されたURLにアクセスし、再設定を完了してください。",
        "パスワード再設定メールが届くまでに時間がかかる場合があります。",
    ],
    checks_intro: "30分以上経ってもパスワード再設定メールが届かない場合は、以下をご確認ください。",
    checks: [
        "入力したメールアドレスに誤りはありませんか？",
        "余分な空白などを誤って入力していませんか？",
        "半角英数字で入力しましたか？",
    ],
    send: "送信",
    back: "戻る",

    sent_title: "パスワード再設定メール送信完了",
    sent_text: "パスワード再設定メールを送信しました。",
    sent_points: [
        "登録済みのメールアドレスにパスワード再設定メールが送信されます。",
        "メールに記載されたURLを開き、パスワードの再設定を完了してください。",
    ],

    reset_title: "パスワード再設定",
    loading: "読み込み中…",
    account: "アカウント（メールアドレス）",
    not_old_secrets: "以前のパスワード・第2パスワードはどちらにも使用できません。",
    reset_done_login: "新しいパスワードと第2パスワードでログインしてください。",

    link_invalid_title: "このURLは無効です",
    link_invalid_text: "メールに記載されたURLを最後まで正しく開いたかご確認ください。解決しない場合は、パスワード再設定メールをもう一度送信してください。",
    link_expired_title: "このURLは有効期限が切れています",
    link_expired_text: "URLの有効期限は30分です。パスワード再設定メールをもう一度送信し、届いたURLから30分以内に設定してください。",
    link_used_title: "このURLは使用済みです",
    link_used_text: "URLは1回しか使用できません。設定済みのパスワードでログインするか、パスワード再設定メールをもう一度送信してください。",
    ask_again: "パスワード再設定メールをもう一度送信する",
};

pub const RESET_EN: ResetTexts = ResetTexts {
    forgot_title: "Reset password",
    forgot_notes: [
        "Input a registered mail address and press the \"Send\" button.",
        "Pressing the \"Send\" button sends a reset mail to the registered mail address.",
        "Access the URL shown in the reset mail and complete re-setting.",
        "It may take some time until the reset mail is sent.",
    ],
    checks_intro: "If 30 minutes or longer has passed and the reset mail still does not come, check the following:",
    checks: [
        "Is the input mail address correct?",
        "Were extra spaces or other entries input by mistake?",
        "Was the information input in half-width alphanumeric characters?",
    ],
    send: "Send",
    back: "Back",

    sent_title: "Password reset mail sent",
    sent_text: "A password reset mail has been sent.",
    sent_points: [
        "The password reset mail will be sent to the registered mail address.",
        "Open the URL shown in the password reset mail and complete resetting of your password.",
    ],

    reset_title: "Reset password",
    loading: "Loading…",
    account: "Account (mail address)",
    not_old_secrets: "Neither may be your previous password or second password.",
    reset_done_login: "Log in with the new password and second password.",

    link_invalid_title: "This link is not valid",
    link_invalid_text: "Check that you opened the whole URL shown in the mail. If that does not help, send the password reset mail again.",
    link_expired_title: "This link has expired",
    link_expired_text: "The URL works for 30 minutes. Send the password reset mail again and set your password within 30 minutes from the new URL.",
    link_used_title: "This link has already been used",
    link_used_text: "The URL works only once. Log in with the password you set, or send the password reset mail again.",
    ask_again: "Send the password reset mail again",
};

impl I18n {
    pub fn reset(&self) -> &'static ResetTexts {
        match self.locale.get() {
            Locale::Ja => &RESET_JA,
            Locale::En => &RESET_EN,
        }
    }
}
