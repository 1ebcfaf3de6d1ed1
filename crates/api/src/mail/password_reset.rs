//! The mails of a forgotten password (manual 2.4 (f)), in both languages: the reset link,
//! the notice to an address no account uses (only with `CIS_NOTIFY_UNKNOWN_RECIPIENTS`),
//! and the notice that the secrets were reset. Kept apart from `templates` (the layout and
//! the other mails), which had reached its size.

use cis_shared::Locale;

use super::templates::{japan_time, Template};

/// Manual 2.4 (f) "Email message": the one-time link that sets the password again.
pub struct PasswordResetMail {
    pub link: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub minutes: i64,
}

impl Template for PasswordResetMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("パスワードの再設定", "Password reset").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let until = japan_time(self.expires_at, locale);
        match locale {
            Locale::Ja => format!(
                "パスワード再設定のご依頼を受け付けました。\n\
                 以下のURLにアクセスし、パスワードを再設定してください。\n\n{}\n\n\
                 URLの有効期限：{until}まで（{}分間）\n\n\
                 ※お心当たりのない場合は、このメールを削除してください。URLにアクセスしない限り、\
                 現在のパスワードは変わりません。",
                self.link, self.minutes
            ),
            Locale::En => format!(
                "Your password has been reset.\n\
                 Access the following URL to set the password again.\n\n{}\n\n\
                 Due date for the URL: {until} ({} minutes)\n\n\
                 * If you did not ask for a password reset, please delete this message: \
                 nothing changes unless the URL is used.",
                self.link, self.minutes
            ),
        }
    }
}

/// A reset asked for an address that no account uses, where the deployment says so
/// (`CIS_NOTIFY_UNKNOWN_RECIPIENTS=true`): the owner may have registered another address.
pub struct NoAccountMail {
    pub register_link: String,
}

impl Template for NoAccountMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("パスワード再設定のご依頼について", "About your password reset request").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        match locale {
            Locale::Ja => format!(
                "このメールアドレスでパスワード再設定のご依頼がありましたが、\
                 このメールアドレスを使用している証明書発行サービスのアカウントはありません。\n\n\
                 アカウントをお持ちの場合は、別のメールアドレスで登録されている可能性があります。\
                 そのメールアドレスで再設定をお試しください。\n\
                 初めてご利用になる場合は、以下から新規登録してください。\n{}\n\n\
                 ※お心当たりのない場合は、このメールを削除してください。",
                self.register_link
            ),
            Locale::En => format!(
                "A password reset was requested for this mail address, but no account of the \
                 certificate issuance service uses it.\n\n\
                 If you have an account, it may be registered under another mail address: \
                 try the reset with that address.\n\
                 If you use the service for the first time, register here:\n{}\n\n\
                 * Please delete this message if you don't recognize it.",
                self.register_link
            ),
        }
    }
}

/// The password and the second password were set through a reset link: every session has
/// ended. A reset the owner did not make means someone else reads their mail.
pub struct PasswordResetDoneMail {
    pub at: chrono::DateTime<chrono::Utc>,
    pub reset_link: String,
}

impl Template for PasswordResetDoneMail {
    fn subject(&self, locale: Locale) -> String {
        locale
            .pick("パスワードと第2パスワードを再設定しました", "Your password and second password have been reset")
            .to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let at = japan_time(self.at, locale);
        match locale {
            Locale::Ja => format!(
                "{at}に、このメールアドレスに送信したURLから証明書発行サービスのパスワードと第2パスワードを\
                 再設定しました。ログイン中の画面はすべてログアウトしました。\n\n\
                 お心当たりのない場合は、第三者がお客様のメールを読んでいる可能性があります。\
                 メールのパスワードを変更したうえで、以下から再設定をやり直し、大学までご連絡ください。\n{}",
                self.reset_link
            ),
            Locale::En => format!(
                "The password and the second password of your certificate issuance service account were \
                 reset at {at} through the URL mailed to this address. Every session has been logged out.\n\n\
                 If you did not do this, someone else may be reading your mail: change the password of your \
                 mail, reset again here and contact the university.\n{}",
                self.reset_link
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reset_mail_carries_the_link_and_its_due_date_in_both_languages() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-26T03:30:00Z").unwrap().to_utc();
        let mail =
            PasswordResetMail { link: "https://cis.example/password-reset/abc".into(), expires_at: at, minutes: 30 };
        let en = mail.body(Locale::En);
        assert!(en.starts_with("Your password has been reset.\nAccess the following URL"), "{en}");
        assert!(en.contains("https://cis.example/password-reset/abc"));
        assert!(en.contains("Due date for the URL: 12:30 on 26 Nov 2026 (Japan time, UTC+9) (30 minutes)"), "{en}");
        let ja = mail.body(Locale::Ja);
        assert!(ja.contains("URLの有効期限：2026年11月26日 12:30（日本時間）まで（30分間）"), "{ja}");
    }
}
