//! The texts of the mail address change (manual 2.4 (b)), in both languages.

use cis_shared::Locale;
use leptos::prelude::*;

use super::I18n;

/// The texts of "Change mail address", the page of the link mailed to the new address and
/// the page of the undo link mailed to the old one.
pub struct MailChangeTexts {
    pub menu_item: &'static str,
    pub title: &'static str,
    pub current_address: &'static str,
    pub new_address: &'static str,
    pub current_password: &'static str,
    /// A wrong current password (401 `invalid_credentials`, whose text speaks of the login).
    pub wrong_password: &'static str,
    pub notes: [&'static str; 6],
    pub sent: &'static str,
    pub to_top: &'static str,

    pub link_text: &'static str,
    pub valid_until: &'static str,
    pub change_button: &'static str,
    pub changed: &'static str,
    pub changed_next: &'static str,

    pub undo_title: &'static str,
    pub undo_text: &'static str,
    pub undo_button: &'static str,
    pub undone: &'static str,
    pub undone_next: &'static str,

    /// What to do next, after a link that does not work.
    pub next_invalid: &'static str,
    pub next_expired: &'static str,
    pub next_used: &'static str,
    pub next_taken: &'static str,
    pub undo_next_expired: &'static str,
    pub undo_next_used: &'static str,
    pub undo_next_taken: &'static str,
}

pub const MAIL_CHANGE_JA: MailChangeTexts = MailChangeTexts {
    menu_item: "メールアドレス変更",
    title: "メールアドレス変更",
    current_address: "現在のメールアドレス",
    new_address: "新しいメールアドレス",
    current_password: "現在のパスワード",
    wrong_password: "現在のパスワードが正しくありません。",
    notes: [
        "「確認」ボタンを押すと、新しいメールアドレスに確認メールが送信されます。",
        "確認メールに記載されたURLにアクセスし、表示された画面のボタンを押すと変更が完了します。",
        "URLの有効期限は30分です。もう一度申請すると、前に送られたURLは使えなくなります。",
        "確認メールの送信には時間がかかる場合があります。",
        "フリーメールアドレスでは確認メールを受信できない場合があります。",
        "変更が完了すると、現在のメールアドレスにお知らせが届きます。",
    ],
    sent: "新しいメールアドレスに確認メールを送信しました。メールに記載されたURLにアクセスし、メールアドレスの変更を完了してください。",
    to_top: "トップページへ",

    link_text: "アカウントのメールアドレスを次のメールアドレスに変更します。よろしければ下のボタンを押してください。",
    valid_until: "有効期限",
    change_button: "メールアドレスを変更する",
    changed: "メールアドレスを変更しました。",
    changed_next: "次回からは新しいメールアドレスでログインしてください。",

    undo_title: "メールアドレス変更の取り消し",
    undo_text: "メールアドレスの変更を取り消し、このお知らせが届いた元のメールアドレスに戻します。ログイン中の画面はすべてログアウトされます。",
    undo_button: "変更を取り消す",
    undone: "メールアドレスの変更を取り消しました。元のメールアドレスでログインできます。",
    undone_next: "ご自身で変更していない場合は、ログイン画面の「パスワードを忘れた方はこちら」からパスワードを再設定し、大学までご連絡ください。",

    next_invalid: "メールに記載されたURLを、途中で切れていないかご確認ください。解決しない場合は、ログインしてメニュー「⚙」の「メールアドレス変更」からもう一度申請してください。",
    next_expired: "有効期限が切れたか、新しい申請により使えなくなったURLです。ログインしてメニュー「⚙」の「メールアドレス変更」からもう一度申請してください。",
    next_used: "このURLでの変更は完了しています。トップページで現在のメールアドレスをご確認ください。",
    next_taken: "このメールアドレスは別のアカウントで使われるようになりました。ログインして別のメールアドレスで申請してください。",
    undo_next_expired: "取り消しの期限（7日間）が過ぎました。大学までご連絡ください。",
    undo_next_used: "この変更は既に取り消されています。元のメールアドレスでログインしてください。",
    undo_next_taken: "元のメールアドレスは別のアカウントで使われるようになったため、戻せません。大学までご連絡ください。",
};

pub const MAIL_CHANGE_EN: MailChangeTexts = MailChangeTexts {
    menu_item: "Change mail address",
    title: "Change mail address",
    current_address: "Current mail address",
    new_address: "New mail address",
    current_password: "Current password",
    wrong_password: "The current password is incorrect.",
    notes: [
        "Press the \"Check\" button. A confirmation message will be sent to the new email address.",
        "Access the URL in the confirmation message and press the button on the page it opens to finish changing your email address.",
        "The URL is valid for 30 minutes. A new request makes the URL sent before it stop working.",
        "It may take a while to send the confirmation message.",
        "You may not be able to receive the confirmation message addressed to a free email address.",
        "When the change is complete, a notice is sent to your current email address.",
    ],
    sent: "A confirmation mail has been sent to the new address. Access the URL in the mail to finish changing your mail address.",
    to_top: "To the top page",

    link_text: "The mail address of your account will be changed to the following address. Press the button below to change it.",
    valid_until: "Valid until",
    change_button: "Change the mail address",
    changed: "The mail address has been changed.",
    changed_next: "From now on, log in with the new mail address.",

    undo_title: "Undo the mail address change",
    undo_text: "The change of your mail address will be undone: your account gets back the address this notice was sent to. Every session of the account is logged out.",
    undo_button: "Undo the change",
    undone: "The change has been undone. You can log in with your previous mail address.",
    undone_next: "If you did not make the change, set a new password with \"If you have forgotten your password\" on the login screen and contact the university.",

    next_invalid: "Check that the URL from the mail is complete. If it still does not work, log in and ask again from the menu \"⚙\" > \"Change mail address\".",
    next_expired: "The URL has expired, or a newer request replaced it. Log in and ask again from the menu \"⚙\" > \"Change mail address\".",
    next_used: "The change with this URL is complete. See your current mail address on the top page.",
    next_taken: "This address is now used by another account. Log in and ask for another address.",
    undo_next_expired: "The 7 days to undo the change have passed. Contact the university.",
    undo_next_used: "This change has already been undone. Log in with your previous mail address.",
    undo_next_taken: "Your previous address is now used by another account, so it cannot be restored. Contact the university.",
};

impl I18n {
    pub fn mc(&self) -> &'static MailChangeTexts {
        match self.locale.get() {
            Locale::Ja => &MAIL_CHANGE_JA,
            Locale::En => &MAIL_CHANGE_EN,
        }
    }
}
