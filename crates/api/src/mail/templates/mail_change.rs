//! The mails of a mail address change (manual 2.4 (b)): the link to the new address, the
//! notice to the old one with its undo link, and the notice to the owner of an address
//! another account tried to move to.

use cis_shared::Locale;

use super::{japan_time, Template};

/// Manual 2.4 (b) step 4: the one-time link that completes the change, to the new address.
pub struct MailChangeLinkMail {
    pub link: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub minutes: i64,
}

impl Template for MailChangeLinkMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("メールアドレス変更の確認", "Confirm your new mail address").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let until = japan_time(self.expires_at, locale);
        match locale {
            Locale::Ja => format!(
                "メールアドレスの変更を受け付けました。\n\
                 以下のURLにアクセスし、メールアドレスを変更してください。\n\n{}\n\n\
                 URLの有効期限：{until}まで（{}分間）\n\n\
                 ※このメールに心当たりのない場合は、このメールを削除してください。",
                self.link, self.minutes
            ),
            Locale::En => format!(
                "You can change your email address.\n\
                 Access the following URL and change your email address:\n\n{}\n\n\
                 Due date for the URL: {until} ({} minutes)\n\n\
                 * Please delete this message if you don't recognize it.",
                self.link, self.minutes
            ),
        }
    }
}

/// To the old address once the change is done: what it was changed to (masked), when, and
/// the link that undoes it.
pub struct MailChangedMail {
    /// The new address as `n***@example.jp`.
    pub new_email_masked: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub undo_link: String,
    pub undo_until: chrono::DateTime<chrono::Utc>,
}

impl Template for MailChangedMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("メールアドレスを変更しました", "Your mail address has been changed").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let (at, until) = (japan_time(self.at, locale), japan_time(self.undo_until, locale));
        let masked = &self.new_email_masked;
        match locale {
            Locale::Ja => format!(
                "{at}に、証明書発行サービスのアカウントのメールアドレスを {masked} に変更しました。\
                 今後のお知らせは新しいメールアドレスに送られます。\n\n\
                 お心当たりのない場合は、{until}までに以下のURLにアクセスし、変更を取り消してください。\
                 元のメールアドレス（このメールアドレス）に戻り、ログイン中の画面はすべてログアウトされます。\n\n{}\n\n\
                 取り消した後は、ログイン画面の「パスワードを忘れた方はこちら」からパスワードを再設定し、大学までご連絡ください。",
                self.undo_link
            ),
            Locale::En => format!(
                "The mail address of your certificate issuance service account was changed to {masked} at {at}. \
                 From now on, messages go to the new address.\n\n\
                 If it wasn't you, undo the change by {until} at the following URL. \
                 Your account gets this address back and every session is logged out.\n\n{}\n\n\
                 After undoing it, set a new password with \"If you have forgotten your password\" on the login \
                 screen and contact the university.",
                self.undo_link
            ),
        }
    }
}

/// To the owner of an address that a change on another account asked for: nothing was
/// changed, no link was sent; the requester is not told.
pub struct MailAddressInUseMail {
    pub login_link: String,
}

impl Template for MailAddressInUseMail {
    fn subject(&self, locale: Locale) -> String {
        locale
            .pick(
                "お使いのメールアドレスへの変更が申請されました",
                "Someone asked to move an account to your mail address",
            )
            .to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        match locale {
            Locale::Ja => format!(
                "証明書発行サービスで、別のアカウントのメールアドレスをこのメールアドレスに変更する申請がありました。\
                 このメールアドレスは既にお客様のアカウントで使われているため、変更は行われていません。\
                 お客様のアカウントに影響はありません。\n\n\
                 ご自身で申請された場合は、お使いのアカウントに以下からログインしてください。\n{}\n\n\
                 ※このメールに心当たりのない場合は、このメールを削除してください。",
                self.login_link
            ),
            Locale::En => format!(
                "Someone asked the certificate issuance service to change the mail address of another account to \
                 this address. This address already belongs to your account, so nothing was changed; your account \
                 is not affected.\n\n\
                 If it was you, log in to your account here:\n{}\n\n\
                 * Please delete this message if you don't recognize it.",
                self.login_link
            ),
        }
    }
}
