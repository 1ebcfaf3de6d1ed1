//! The mails of an additional student ID number (manual 2.3): the one-time link, the
//! reception, and the university's decision. Always to the account's own address.

use cis_shared::Locale;

use super::{japan_time, Template};

/// Manual 2.3 step 6: the one-time link to the form of the student record to add.
pub struct StudentIdLinkMail {
    pub link: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub minutes: i64,
}

impl Template for StudentIdLinkMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("学籍番号追加登録のご案内", "Register an additional student ID number").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let until = japan_time(self.expires_at, locale);
        match locale {
            Locale::Ja => format!(
                "学籍番号追加登録の手続きを受け付けました。\n\
                 以下のURLにアクセスし、追加する学籍番号の在学時の情報を入力してください。\n\n{}\n\n\
                 URLの有効期限：{until}まで（{}分間）\n\n\
                 ※お心当たりのない場合は、第三者がお客様のアカウントを使用している可能性があります。\
                 ログインしてパスワードを変更し、大学までご連絡ください。",
                self.link, self.minutes
            ),
            Locale::En => format!(
                "We have received your request to register an additional student ID number.\n\
                 Access the following URL and enter your information as of the time you were enrolled.\n\n{}\n\n\
                 Due date for the URL: {until} ({} minutes)\n\n\
                 * If you did not ask for this, someone else may be using your account: log in, change your \
                 password and contact the university.",
                self.link, self.minutes
            ),
        }
    }
}

/// Manual 2.3 step 10: the application has been accepted and will be checked.
pub struct StudentIdReceivedMail {
    pub reception_number: String,
}

impl Template for StudentIdReceivedMail {
    fn subject(&self, locale: Locale) -> String {
        locale
            .pick(
                "学籍番号追加登録の申請受付のお知らせ",
                "Your application for an additional student ID number has been received",
            )
            .to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        match locale {
            Locale::Ja => format!(
                "学籍番号追加登録の申請を受け付けました。\n\n受付番号：{}\n\n\
                 大学で申請内容を確認のうえ、結果を登録のメールアドレスにお送りします。",
                self.reception_number
            ),
            Locale::En => format!(
                "Your application to register an additional student ID number has been received.\n\n\
                 Reception number: {}\n\n\
                 Your application will be checked. The result will be sent to the registered mail address later.",
                self.reception_number
            ),
        }
    }
}

/// The subject of every decision mail.
fn result_subject(locale: Locale) -> String {
    locale
        .pick("学籍番号追加登録の結果について", "Result of the application for an additional student ID number")
        .to_owned()
}

/// Manual 2.3 step 11: approved; the service can be used with the new student ID number.
pub struct StudentIdApprovedMail {
    /// Empty when the graduate did not give one.
    pub student_id: String,
    pub login_link: String,
}

impl Template for StudentIdApprovedMail {
    fn subject(&self, locale: Locale) -> String {
        result_subject(locale)
    }

    fn body(&self, locale: Locale) -> String {
        let id = self.student_id.trim();
        match locale {
            Locale::Ja => format!(
                "学籍番号追加登録の申請が承認されました。{}証明書発行サービスをご利用いただけます。\n\
                 ログインし、証明書の発行で追加した学籍番号を選択できることをご確認ください。\n\nログインはこちら\n{}",
                if id.is_empty() { "追加した学籍番号で".to_owned() } else { format!("学籍番号 {id} で") },
                self.login_link
            ),
            Locale::En => format!(
                "Your application for an additional student ID number has been approved: the certificate issuance \
                 service is now available with {}.\n\
                 Log in and check that the student ID number can be selected when you issue certificates.\n\n\
                 Log in here\n{}",
                if id.is_empty() {
                    "the added student ID number".to_owned()
                } else {
                    format!("student ID number {id}")
                },
                self.login_link
            ),
        }
    }
}

/// Rejected, with the reviewer's reason.
pub struct StudentIdRejectedMail {
    pub reason: String,
}

impl Template for StudentIdRejectedMail {
    fn subject(&self, locale: Locale) -> String {
        result_subject(locale)
    }

    fn body(&self, locale: Locale) -> String {
        match locale {
            Locale::Ja => format!(
                "学籍番号追加登録の申請は承認されませんでした。\n\n理由：\n{}\n\n\
                 内容をご確認のうえ、必要に応じて改めて申請してください。",
                self.reason
            ),
            Locale::En => format!(
                "Your application for an additional student ID number was not accepted.\n\nReason:\n{}\n\n\
                 Please check it and apply again if needed.",
                self.reason
            ),
        }
    }
}

/// The university asks for a resubmission: the reason, and a one-time link to the form,
/// filled in as sent.
pub struct StudentIdResubmissionMail {
    pub reason: String,
    pub link: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

impl Template for StudentIdResubmissionMail {
    fn subject(&self, locale: Locale) -> String {
        locale
            .pick(
                "学籍番号追加登録の再提出のお願い",
                "Result of the application for an additional student ID number: please resubmit",
            )
            .to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let until = japan_time(self.expires_at, locale);
        match locale {
            Locale::Ja => format!(
                "学籍番号追加登録の申請について、以下の理由により再提出をお願いします。\n\n理由：\n{}\n\n\
                 以下のURLから申請内容を修正し、再度申請してください。\n{}\n\nURLの有効期限：{until}まで",
                self.reason, self.link
            ),
            Locale::En => format!(
                "Please resubmit your application for an additional student ID number, for this reason:\n\n{}\n\n\
                 Correct the application at the address below and apply again.\n{}\n\nThe link is valid until {until}.",
                self.reason, self.link
            ),
        }
    }
}
