//! The mail layout every message shares, and the trait each kind of mail implements in
//! both languages. Plain text: it reads the same in every mail client and cannot hide links.

use cis_shared::catalog::LocalizedName;
use cis_shared::Locale;

use super::Mail;

mod delivery;
mod fulfilment;
mod orders;
mod student_id;
pub use delivery::{DeliveryCancelledMail, DeliveryLinkMail, DeliverySentMail};
pub use fulfilment::{
    CancelledBy, OrderCancelledByUniversityMail, OrderHeldMail, OrderPrintedMail, OrderReleasedMail, OrderShippedMail,
    PrintedAtStationMail, ReservationExpiredMail, ReservationReminderMail,
};
pub use orders::{OrderCancelledMail, OrderPlacedMail, PaymentReceivedMail};
pub use student_id::{
    StudentIdApprovedMail, StudentIdLinkMail, StudentIdReceivedMail, StudentIdRejectedMail, StudentIdResubmissionMail,
};

/// One kind of mail, written in both languages.
pub trait Template {
    fn subject(&self, locale: Locale) -> String;
    /// The message itself, without greeting header or the closing notes of [`render`].
    fn body(&self, locale: Locale) -> String;
}

/// Renders a template for one recipient: the university's name above, the body, and the
/// closing notes of the manual's mails (2.1 step 17: "This email is for sending only").
pub fn render(template: &(impl Template + ?Sized), to: &str, locale: Locale, university: &LocalizedName) -> Mail {
    let footer = locale.pick(
        "※このメールは送信専用です。返信はできません。\n※お問い合わせは大学の担当窓口までご連絡ください。",
        "* This email is for sending only; replies are not read.\n* For more information, contact the administrative representative.",
    );
    let subject = format!("[{}] {}", university.get(locale), template.subject(locale));
    let body = format!(
        "{}\n\n{}\n\n----------------------------------------\n{}\n",
        university.get(locale),
        template.body(locale).trim_end(),
        footer
    );
    Mail { to: to.to_owned(), locale, subject, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Hello;
    impl Template for Hello {
        fn subject(&self, locale: Locale) -> String {
            locale.pick("こんにちは", "Hello").to_owned()
        }
        fn body(&self, locale: Locale) -> String {
            locale.pick("本文です。", "This is the body.").to_owned()
        }
    }

    #[test]
    fn layout_wraps_the_body_in_the_recipients_language() {
        let name = LocalizedName { ja: "大学".into(), en: "The University".into() };
        let ja = render(&Hello, "taro@example.jp", Locale::Ja, &name);
        assert_eq!(ja.subject, "[大学] こんにちは");
        assert!(ja.body.starts_with("大学\n\n本文です。"));
        assert!(ja.body.contains("送信専用"));
        let en = render(&Hello, "taro@example.jp", Locale::En, &name);
        assert_eq!(en.subject, "[The University] Hello");
        assert!(en.body.contains("This email is for sending only"));
    }
}

/// A time as people in Japan read it (the service's time zone, UTC+9, no daylight saving).
pub fn japan_time(at: chrono::DateTime<chrono::Utc>, locale: Locale) -> String {
    let local = crate::clock::in_japan(at);
    match locale {
        Locale::Ja => local.format("%Y年%m月%d日 %H:%M（日本時間）").to_string(),
        Locale::En => local.format("%H:%M on %d %b %Y (Japan time, UTC+9)").to_string(),
    }
}

/// Manual 2.1 step 5–6: the one-time link to register the applicant information.
pub struct RegistrationLinkMail {
    pub link: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub minutes: i64,
}

impl Template for RegistrationLinkMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("メールアドレスの確認", "Confirm your mail address").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let until = japan_time(self.expires_at, locale);
        match locale {
            Locale::Ja => format!(
                "証明書発行サービスの利用申請を受け付けるため、メールアドレスの確認を行います。\n\
                 以下のURLにアクセスし、申請者情報を登録してください。\n\n{}\n\n\
                 URLの有効期限：{until}まで（{}分間）\n\n\
                 ※このメールに心当たりのない場合は、このメールを削除してください。",
                self.link, self.minutes
            ),
            Locale::En => format!(
                "To apply for use of the certificate issuance service, confirm your mail address.\n\
                 Access the following URL and register the applicant information.\n\n{}\n\n\
                 Due date for the URL: {until} ({} minutes)\n\n\
                 * Please delete this message if you don't recognize it.",
                self.link, self.minutes
            ),
        }
    }
}

/// Sent instead of a link when the address already has an account: the same answer on the
/// screen, and the owner learns where to go.
pub struct AlreadyRegisteredMail {
    pub login_link: String,
    pub reset_link: String,
}

impl Template for AlreadyRegisteredMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("ご登録済みのメールアドレスです", "This mail address is already registered").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        match locale {
            Locale::Ja => format!(
                "このメールアドレスで新規登録の手続きが行われましたが、このメールアドレスは既に登録されています。\n\
                 以下からログインしてください。\n\n{}\n\n\
                 パスワードをお忘れの場合は、以下から再設定してください。\n\n{}\n\n\
                 ※このメールに心当たりのない場合は、このメールを削除してください。",
                self.login_link, self.reset_link
            ),
            Locale::En => format!(
                "A new registration was requested for this mail address, which is already registered.\n\
                 Log in here:\n\n{}\n\n\
                 If you have forgotten your password, reset it here:\n\n{}\n\n\
                 * Please delete this message if you don't recognize it.",
                self.login_link, self.reset_link
            ),
        }
    }
}

/// Manual 2.1 step 16: the application has been received.
pub struct ApplicationReceivedMail {
    pub reception_number: String,
}

impl Template for ApplicationReceivedMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("利用申請受付のお知らせ", "Your application for use has been received").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        match locale {
            Locale::Ja => format!(
                "証明書発行サービスの利用申請を受け付けました。\n\n受付番号：{}\n\n\
                 大学で申請内容を確認のうえ、結果を登録のメールアドレスにお送りします。",
                self.reception_number
            ),
            Locale::En => format!(
                "Your application for use of the certificate issuance service has been received.\n\n\
                 Reception number: {}\n\n\
                 The university will check the application and send the result to the registered mail address.",
                self.reception_number
            ),
        }
    }
}

/// Manual 2.1 steps 17–18: "Result of the application for use", approved.
pub struct ApprovedMail {
    pub initial_password: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub login_link: String,
}

impl Template for ApprovedMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("利用申請の結果について", "Result of the application for use").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let until = japan_time(self.expires_at, locale);
        match locale {
            Locale::Ja => format!(
                "証明書発行サービスの利用申請が承認されました。以下の初期パスワードでログインしてください。\n\
                 ※ログイン後、パスワードを変更してください。\n\n初期パスワード：{}\n\
                 （有効期限：{until}まで）\n\nログインはこちら\n{}",
                self.initial_password, self.login_link
            ),
            Locale::En => format!(
                "The application for use of the certificate issuance service has been accepted. \
                 Use the initial password below to log in.\n*After you log in, change the password.\n\n\
                 Initial password: {}\n(valid until {until})\n\nLog in here\n{}",
                self.initial_password, self.login_link
            ),
        }
    }
}

/// "Result of the application for use", rejected, with the reviewer's reason.
pub struct RejectedMail {
    pub reason: String,
}

impl Template for RejectedMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("利用申請の結果について", "Result of the application for use").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        match locale {
            Locale::Ja => format!(
                "証明書発行サービスの利用申請は承認されませんでした。\n\n理由：\n{}\n\n\
                 内容をご確認のうえ、必要に応じて改めて申請してください。",
                self.reason
            ),
            Locale::En => format!(
                "The application for use of the certificate issuance service was not accepted.\n\nReason:\n{}\n\n\
                 Please check it and apply again if needed.",
                self.reason
            ),
        }
    }
}

/// "Result of the application for use": the university asks for a resubmission, with the
/// reason and a one-time link that reopens the form, filled in.
pub struct ResubmissionRequestedMail {
    pub reason: String,
    pub link: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

impl Template for ResubmissionRequestedMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("利用申請の再提出のお願い", "Result of the application for use: please resubmit").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let until = japan_time(self.expires_at, locale);
        match locale {
            Locale::Ja => format!(
                "証明書発行サービスの利用申請について、以下の理由により再提出をお願いします。\n\n理由：\n{}\n\n\
                 以下のURLから申請内容を修正し、再度申請してください。\n{}\n\nURLの有効期限：{until}まで",
                self.reason, self.link
            ),
            Locale::En => format!(
                "Please resubmit your application for use of the certificate issuance service, for this reason:\n\n{}\n\n\
                 Correct the application at the address below and apply again.\n{}\n\nThe link is valid until {until}.",
                self.reason, self.link
            ),
        }
    }
}

/// To the owner of an address whose logins failed too often: login is suspended for a while.
pub struct LoginLockedMail {
    pub until: chrono::DateTime<chrono::Utc>,
    pub reset_link: String,
}

impl Template for LoginLockedMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("ログインを一時的に停止しました", "Login suspended for a while").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let until = japan_time(self.until, locale);
        match locale {
            Locale::Ja => format!(
                "お客様のメールアドレスでのログインに続けて失敗したため、{until}までログインを停止しました。\n\n\
                 お心当たりのない場合は、第三者がログインを試みた可能性があります。\
                 パスワードをお忘れの場合は以下から再設定してください。\n{}",
                self.reset_link
            ),
            Locale::En => format!(
                "Logins with your mail address failed several times in a row, so login is suspended until {until}.\n\n\
                 If this was not you, someone else may have tried to log in. \
                 If you have forgotten your password, reset it here:\n{}",
                self.reset_link
            ),
        }
    }
}

/// A staff member's password, new or reset by an administrator. Staff accounts carry no
/// language, so the mail is in both, the recipient's locale first.
pub struct StaffPasswordMail {
    pub display_name: String,
    pub password: String,
    pub login_link: String,
    pub reset: bool,
}

impl Template for StaffPasswordMail {
    fn subject(&self, locale: Locale) -> String {
        let (ja, en) = match self.reset {
            false => ("スタッフアカウントの登録", "Your staff account"),
            true => ("スタッフアカウントのパスワード再発行", "Your staff account's new password"),
        };
        locale.pick(&format!("{ja} / {en}"), &format!("{en} / {ja}")).to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let ja = format!(
            "{} 様\n\n証明書発行サービスのスタッフ用{}\n\nパスワード：{}\n\nログインはこちら\n{}",
            self.display_name,
            if self.reset {
                "パスワードを再発行しました。"
            } else {
                "アカウントを登録しました。"
            },
            self.password,
            self.login_link
        );
        let en = format!(
            "Dear {},\n\n{} for the certificate issuance service's staff area.\n\nPassword: {}\n\nLog in here\n{}",
            self.display_name,
            if self.reset { "A new password was issued" } else { "An account was created for you" },
            self.password,
            self.login_link
        );
        match locale {
            Locale::Ja => format!("{ja}\n\n----\n\n{en}"),
            Locale::En => format!("{en}\n\n----\n\n{ja}"),
        }
    }
}

/// Failed logins locked a staff member's login (from one client, or from everywhere but
/// the clients the member logged in from before). In both languages, as staff mail is.
pub struct StaffLoginLockedMail {
    pub display_name: String,
    pub until: chrono::DateTime<chrono::Utc>,
    /// Locked for every client the member has not logged in from lately.
    pub everywhere: bool,
}

impl Template for StaffLoginLockedMail {
    fn subject(&self, locale: Locale) -> String {
        let (ja, en) = ("スタッフログインの一時停止", "Staff login suspended for a while");
        locale.pick(&format!("{ja} / {en}"), &format!("{en} / {ja}")).to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let (until_ja, until_en) = (japan_time(self.until, Locale::Ja), japan_time(self.until, Locale::En));
        let (scope_ja, scope_en) = match self.everywhere {
            true => (
                "多数の接続元から失敗が続いたため、最近ログインしたことのない接続元からのログインを",
                "Logins failed from many places, so login from any place you have not logged in from lately is",
            ),
            false => ("同じ接続元からのログインを", "Login from the place where they failed is"),
        };
        let ja = format!(
            "{} 様\n\n証明書発行サービスのスタッフ用アカウントへのログインに続けて失敗しました。\n\
             {scope_ja}{until_ja}まで停止しています。\n\n\
             お心当たりのない場合は、第三者がログインを試みた可能性があります。管理者にご連絡ください。",
            self.display_name
        );
        let en = format!(
            "Dear {},\n\nLogins to your staff account of the certificate issuance service failed several times in a row.\n\
             {scope_en} suspended until {until_en}.\n\n\
             If this was not you, someone else may have tried to log in: tell an administrator.",
            self.display_name
        );
        match locale {
            Locale::Ja => format!("{ja}\n\n----\n\n{en}"),
            Locale::En => format!("{en}\n\n----\n\n{ja}"),
        }
    }
}

/// To a graduate whose password or second password was just changed (manual 2.4 (d), (e)):
/// a change they did not make is a sign of someone else in the account, who now knows the
/// secret, so the way back is the reset link's page (manual 2.4 (f)), not the login.
pub struct SecretChangedMail {
    pub second_password: bool,
    pub at: chrono::DateTime<chrono::Utc>,
    pub reset_link: String,
}

impl Template for SecretChangedMail {
    fn subject(&self, locale: Locale) -> String {
        match self.second_password {
            false => locale.pick("パスワードを変更しました", "Your password has been changed"),
            true => locale.pick("第2パスワードを変更しました", "Your second password has been changed"),
        }
        .to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let at = japan_time(self.at, locale);
        let (ja, en) = match self.second_password {
            false => ("パスワード", "password"),
            true => ("第2パスワード", "second password"),
        };
        match locale {
            Locale::Ja => format!(
                "{at}に証明書発行サービスの{ja}を変更しました。ほかのログイン中の画面はログアウトしました。\n\n\
                 お心当たりのない場合は、第三者がお客様のアカウントを使用している可能性があります。\
                 すぐに以下からパスワードと第2パスワードを再設定し（すべての端末がログアウトされます）、大学までご連絡ください。\n{}",
                self.reset_link
            ),
            Locale::En => format!(
                "The {en} of your certificate issuance service account was changed at {at}. \
                 Your other sessions have been logged out.\n\n\
                 If you did not make this change, someone else may be using your account: reset your password and \
                 second password at once here (every device is logged out), and contact the university.\n{}",
                self.reset_link
            ),
        }
    }
}

mod mail_change;
pub use mail_change::{MailAddressInUseMail, MailChangeLinkMail, MailChangedMail};
