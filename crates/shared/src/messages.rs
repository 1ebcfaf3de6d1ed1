//! Stable error codes and their texts in both languages, in one table. The API writes them
//! into problem documents and the SPA shows them next to the fields.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// Defines [`ErrorCode`] from rows of `Variant = "code", "doc", "Japanese", "English";`.
macro_rules! error_codes {
    ($($variant:ident = $code:literal, $doc:literal, $ja:literal, $en:literal;)*) => {
        /// A stable, machine-readable error code. New codes may be added; a client should
        /// treat an unknown code by its HTTP status.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ErrorCode {
            $(#[doc = $doc] $variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of the table.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code as it appears in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The text a person reads for this code.
            pub fn message(self, locale: Locale) -> &'static str {
                match self {
                    $(ErrorCode::$variant => locale.pick($ja, $en),)*
                }
            }
        }
    };
}

#[rustfmt::skip]
error_codes! {
    NotFound = "not_found", "No resource at this path.", "お探しのページまたはデータは見つかりません。", "The page or data you asked for does not exist.";
    MethodNotAllowed = "method_not_allowed", "The path exists but not for this HTTP method.", "この操作はこのアドレスでは使えません。", "This operation is not allowed on this address.";
    BadRequest = "bad_request", "The request could not be read (malformed JSON, wrong types, bad parameters).", "リクエストの形式が正しくありません。", "The request could not be understood.";
    ValidationFailed = "validation_failed", "One or more fields broke a rule; see `errors`.", "入力内容に誤りがあります。各項目をご確認ください。", "The input has errors. Check each field.";
    PayloadTooLarge = "payload_too_large", "The request body is larger than this operation accepts.", "送信されたデータが大きすぎます。", "The data sent is too large.";
    UnsupportedMediaType = "unsupported_media_type", "The body's media type is not accepted by this operation.", "この形式のデータは受け付けられません。", "This kind of data is not accepted.";
    RateLimited = "rate_limited", "Too many requests; retry after the `Retry-After` header.", "操作が多すぎます。しばらく待ってからもう一度お試しください。", "Too many attempts. Wait a while and try again.";
    ServiceUnavailable = "service_unavailable", "A dependency (the database) is not available.", "ただいまサービスを利用できません。しばらくしてからお試しください。", "The service is not available right now. Try again later.";
    MetricsNotAllowed = "metrics_not_allowed", "`GET /metrics` answers only the addresses in `CIS_METRICS_ALLOW`.", "このアドレスにはメトリクスを提供していません。", "The metrics are not served to this address.";
    Internal = "internal", "An unexpected error on the server; the request id identifies it in the log.", "システムエラーが発生しました。時間をおいてもう一度お試しください。", "A system error occurred. Try again later.";
    Required = "required", "A required field was left empty.", "必須項目です。", "This item is required.";
    TooLong = "too_long", "A field is longer than allowed.", "入力が長すぎます。", "This entry is too long.";
    EmailInvalid = "email_invalid", "Not a valid mail address.", "メールアドレスの形式が正しくありません。半角英数字で入力してください。", "Enter a valid mail address in half-width alphanumeric characters.";
    NameSpace = "name_space", "Family and given name are not separated by exactly one space.", "姓と名の間に空白を1つ入れてください。", "Place one space between the family name and the given name.";
    NameCharacters = "name_characters", "A name holds characters other than letters.", "氏名に使用できない文字が含まれています。", "The name contains characters that cannot be used.";
    KatakanaOnly = "katakana_only", "Only full-width katakana, the long-vowel mark and a space are allowed.", "全角カタカナで入力してください。", "Enter in full-width katakana.";
    RomanOnly = "roman_only", "Only upper-case A–Z and half-width spaces are allowed.", "半角英大文字（A〜Z）で入力してください。", "Enter in half-width capital letters (A to Z).";
    DateInvalid = "date_invalid", "Not a real date in the form YYYY-MM-DD.", "正しい日付を西暦で入力してください。", "Enter a real date in the Western calendar.";
    DateNotPast = "date_not_past", "The date must be in the past.", "過去の日付を入力してください。", "Enter a date in the past.";
    YearMonthInvalid = "year_month_invalid", "Not a year and month in the form YYYY-MM.", "正しい年月を西暦で入力してください。", "Enter a real year and month in the Western calendar.";
    GraduationBeforeMatriculation = "graduation_before_matriculation", "Graduation is before matriculation.", "卒業（修了）年月は入学年月より後にしてください。", "The graduation (completion) year and month must not be before matriculation.";
    PostalCodeInvalid = "postal_code_invalid", "Not a postal code of the form NNN-NNNN.", "郵便番号は半角数字で「100-0001」の形式で入力してください。", "Enter the postal code in half-width digits as 100-0001.";
    PhoneInvalid = "phone_invalid", "Not a phone number of half-width digits and hyphens.", "電話番号は半角数字とハイフンで入力してください。", "Enter the phone number in half-width digits and hyphens.";
    StudentIdInvalid = "student_id_invalid", "A student ID holds characters other than half-width letters, digits and hyphens.", "学籍番号は半角英数字とハイフンで入力してください。", "Enter the student ID number in half-width letters, digits and hyphens.";
    TextInvalid = "text_invalid", "The text holds control characters.", "使用できない文字が含まれています。", "The text contains characters that cannot be used.";
    AffiliationNotSubject = "affiliation_not_subject", "The affiliation is not a subject (third selection) of the catalogue.", "所属（第三選択）まで選択してください。", "Select the affiliation down to the third selection.";
    UnknownChoice = "unknown_choice", "The value is not one of the choices offered.", "選択肢から選んでください。", "Choose one of the options.";
    MustAgree = "must_agree", "The terms of use have not been agreed to.", "利用許諾に同意してください。", "Agree to the permission for use.";
    DocumentMissing = "document_missing", "The identity document image is missing or was not uploaded with this link.", "本人確認書類の画像を添付してください。", "Attach the image of the identification document.";
    TokenInvalid = "token_invalid", "The link is unknown.", "このURLは無効です。メールに記載されたURLをご確認ください。", "This link is not valid. Check the URL in the mail.";
    TokenExpired = "token_expired", "The link has expired.", "このURLは有効期限が切れています。もう一度最初から手続きしてください。", "This link has expired. Please start the procedure again.";
    TokenUsed = "token_used", "The link has been used already.", "このURLは使用済みです。もう一度最初から手続きしてください。", "This link has already been used. Please start the procedure again.";
    ImageInvalid = "image_invalid", "The file is not a readable JPEG, GIF or PNG image.", "画像を読み込めません。jpeg・gif・png 形式の画像を選択してください。", "The image cannot be read. Choose a jpeg, gif or png image.";
    ImageTooManyPixels = "image_too_many_pixels", "The image has more pixels than accepted (40 megapixels).", "画像の解像度が大きすぎます。", "The image resolution is too high.";
    PasswordTooShort = "password_too_short", "Shorter than eight characters.", "8文字以上で入力してください。", "Use eight or more characters.";
    PasswordNeedsUpper = "password_needs_upper", "No half-width upper-case letter (A–Z).", "半角英大文字（A〜Z）を1文字以上含めてください。", "Include one or more half-width uppercase letters (A to Z).";
    PasswordNeedsLower = "password_needs_lower", "No half-width lower-case letter (a–z).", "半角英小文字（a〜z）を1文字以上含めてください。", "Include one or more half-width lowercase letters (a to z).";
    PasswordNeedsDigit = "password_needs_digit", "No half-width digit (0–9).", "半角数字（0〜9）を1文字以上含めてください。", "Include one or more half-width numerals (0 to 9).";
    PasswordCharacters = "password_characters", "Characters other than half-width letters and digits.", "半角英数字以外の文字は使用できません。", "Use only half-width alphanumeric characters.";
    Unauthorized = "unauthorized", "No valid access token: log in first.", "ログインしてください。", "Please log in.";
    Forbidden = "forbidden", "The access token does not allow this operation.", "この操作を行う権限がありません。", "You are not allowed to do this.";
    InvalidCredentials = "invalid_credentials", "The mail address or password is wrong.", "メールアドレスまたはパスワードが正しくありません。", "The mail address or password is incorrect.";
    AlreadyDecided = "already_decided", "The application has been decided already.", "この申請は既に判定済みです。", "This application has already been decided.";
    SessionExpired = "session_expired", "The session ended after a time without activity (`CIS_IDLE_TIMEOUT_MINUTES`) or at its maximum age (`CIS_SESSION_MAX_HOURS`); log in again.", "一定時間操作がなかったか、ログインから一定時間が経過したため、自動的にログアウトしました。もう一度ログインしてください。", "You were logged out automatically: there was no activity for a while, or the time a login may last has passed. Please log in again.";
    LoginLocked = "login_locked", "Too many failed logins for this address; retry after the `Retry-After` header.", "ログインに続けて失敗したため、しばらくの間ログインできません。時間をおいてからお試しください。", "Too many failed login attempts. Login is suspended for a while; try again later.";
    PasswordsSame = "passwords_same", "The password and the second password are the same.", "パスワードと第2パスワードは異なるものを設定してください。", "The password and the second password must be different.";
    PasswordIsInitial = "password_is_initial", "The initial password cannot be kept as the password or the second password.", "初期パスワードとは異なるパスワードを設定してください。", "Use a password other than the initial password.";
    PasswordUnchanged = "password_unchanged", "The new password (or second password) is the one it replaces.", "現在とは異なるパスワードを設定してください。", "Choose a password different from the current one.";
    PasswordTooCommon = "password_too_common", "One of the passwords most used elsewhere (or one with digits added): easy to guess.", "よく使われていて推測されやすいパスワードです。別のものを設定してください。", "This password is widely used and easy to guess. Choose another one.";
    PasswordHasPersonalInfo = "password_has_personal_info", "Contains the graduate's name, the mail address's name or the university's name.", "氏名・メールアドレス・大学名などを含むパスワードは設定できません。", "Do not use your name, your mail address or the university's name in the password.";
    PasswordReused = "password_reused", "A password set through a reset link is the old password or the old second password.", "以前のパスワード・第2パスワードとは異なるものを設定してください。", "Use a password different from your previous password and second password.";
    ConfirmationMismatch = "confirmation_mismatch", "The confirmation differs from the value it confirms.", "確認用の入力が一致しません。", "The confirmation does not match.";
    OwnAccount = "own_account", "Administrators cannot disable, demote or reset the password of themselves.", "ご自身のアカウントを無効化したり、権限を下げたり、パスワードを再発行したりすることはできません。", "You cannot disable, demote or reset the password of your own account.";
    NotAwaitingFirstLogin = "not_awaiting_first_login", "The account has set its credentials already.", "このアカウントは既にパスワードを設定済みです。", "This account has already set its passwords.";
    DecisionNotAllowed = "decision_not_allowed", "The decision does not fit the application (a reapplication needs the account it replaces; a new application must not name one).", "この申請には選択した判定を行えません。", "This decision cannot be made for this application.";
    CrossOrigin = "cross_origin", "A browser sent the request from another site (`Origin` or `Sec-Fetch-Site`); refused.", "他のサイトからの操作は受け付けられません。このサービスの画面から操作してください。", "Requests from other sites are not accepted. Use this service's own screens.";
    TooManyUploads = "too_many_uploads", "The link has stored as many images as it may (six, replacements included).", "このURLでアップロードできる画像の数を超えました。新しいURLを取得してやり直してください。", "This link cannot take more images. Request a new link and try again.";
    StorageFull = "storage_full", "The server is short of storage; uploads are paused. Try again later.", "ただいま画像を受け付けられません。しばらくしてからお試しください。", "Images cannot be accepted right now. Try again later.";
    EmailTaken = "email_taken", "An account with this mail address exists already.", "このメールアドレスのアカウントは既に存在します。", "An account with this mail address already exists.";
    EmailUnchanged = "email_unchanged", "The new mail address is the current one.", "現在のメールアドレスとは異なるメールアドレスを入力してください。", "Enter a mail address other than the current one.";
    SessionIsCurrent = "session_is_current", "The session to end is the caller's own: log out instead (`POST /api/v1/auth/logout`).", "ご利用中のこの端末のログインは、ここでは終了できません。ログアウトしてください。", "This is the login you are using now. To end it, log out.";
    StudentIdRegistered = "student_id_registered", "The account has this student ID number already, or has applied for it and waits for the decision (manual 2.3); for staff deciding, an account (this one or another) holds it.", "この学籍番号は既に登録済み、または申請中です。", "This student ID number is already registered to your account or is under review.";
    CodeInvalid = "code_invalid", "A code holds characters other than half-width lower-case letters, digits and underscores.", "コードは半角英小文字・数字・アンダースコア（_）で入力してください。", "Use half-width lower-case letters, digits and underscores (_) only.";
    OutOfRange = "out_of_range", "A number is outside the range the field allows (see the OpenAPI document's minimum and maximum).", "入力できる範囲外の数値です。", "This number is outside the allowed range.";
    Duplicate = "duplicate", "The same value appears twice where each must be unique.", "同じ値が重複しています。", "This value appears more than once.";
    CodeTaken = "code_taken", "Another certificate type of the university has this code.", "このコードは別の証明書で使われています。", "Another certificate type uses this code.";
    NotOrderable = "not_orderable", "The certificate type cannot be ordered for this student record through this channel (see `GET /api/v1/orders/options`).", "この証明書はこの学籍・受取方法では申し込めません。", "This certificate cannot be ordered for this student ID and destination.";
    IdempotencyKeyReused = "idempotency_key_reused", "The `Idempotency-Key` was sent before with another body.", "同じ送信キー（Idempotency-Key）で異なる内容が送信されました。画面を開き直してからもう一度操作してください。", "This request was already sent with different contents. Reload the page and try again.";
    IdempotencyKeyMissing = "idempotency_key_missing", "The operation needs an `Idempotency-Key` header (8 to 64 letters, digits, `-` or `_`).", "リクエストを受け付けられませんでした。画面を開き直してからもう一度お試しください。", "The request could not be accepted. Reload the page and try again.";
    AmountMismatch = "amount_mismatch", "The amount is not the order's total.", "金額が申込の合計と一致しません。", "The amount does not match the order's total.";
    OrderNotAwaitingPayment = "order_not_awaiting_payment", "The order does not wait for a payment of this method (paid already, cancelled, or paid another way).", "この申込は入金待ちではありません（入金済み・取消済み、または別の支払方法）。", "This order is not waiting for this payment (already paid, cancelled, or paid another way).";
    TrackingNumberInvalid = "tracking_number_invalid", "A tracking number is not 8 to 30 half-width letters and digits.", "追跡番号は半角英数字8〜30文字で入力してください（ハイフンは省略できます）。", "Enter the tracking number as 8 to 30 half-width letters and digits (hyphens may be left out).";
    OrderStateConflict = "order_state_conflict", "The order is not in a state that allows this (someone changed it, or it is finished).", "この申込は現在の状態ではこの操作ができません（他の担当者が変更したか、完了しています）。最新の状態を確認してください。", "This order is not in a state that allows this (someone else changed it, or it is finished). Check where it stands now.";
    PaymentProviderUnavailable = "payment_provider_unavailable", "The card payment provider (Stripe) did not answer or refused; the order is kept, awaiting payment. Send the same request again (same `Idempotency-Key`) to get the payment page.", "現在カード決済を開始できません。お申し込みは受け付けています。しばらくしてからもう一度お試しください。", "Card payment cannot be started right now. Your order has been kept; try again in a moment.";
    WebhookSignatureInvalid = "webhook_signature_invalid", "The `Stripe-Signature` header does not sign this body with the webhook secret, or its timestamp is more than five minutes away; nothing was changed.", "署名を確認できないため受け付けませんでした。", "The signature could not be verified; the request was not accepted.";
    CsvInvalid = "csv_invalid", "The file is not CSV (an unclosed or misplaced double quote).", "CSVファイルとして読めません（ダブルクォートが閉じていないか、位置が正しくありません）。", "The file cannot be read as CSV (a double quote is not closed or is misplaced).";
    ColumnMissing = "column_missing", "The CSV file's first row lacks a column.", "1行目に必要な列名がありません。", "The first row lacks a required column name.";
    StudentUnknown = "student_unknown", "No approved student record of the university has this student ID number.", "この学籍番号の学籍は登録されていません。", "No registered student record has this student ID number.";
    ReservationUnknown = "reservation_unknown", "No reservation ready to print has this number (unknown, awaiting a card payment, or held by the university).", "この予約番号で印刷できる証明書はありません。番号をお確かめください。", "No certificates can be printed with this reservation number. Check the number.";
    ReservationExpired = "reservation_expired", "The reservation is past its print deadline, or cancelled.", "この予約番号は印刷期限を過ぎたか、取り消されています。", "This reservation number is past its print deadline or has been cancelled.";
    AlreadyPrinted = "already_printed", "The reservation's copies were printed, or another job is printing them.", "この予約番号の証明書は印刷済みか、印刷中です。", "The certificates of this reservation have been printed, or are being printed.";
    AmountDueMismatch = "amount_due_mismatch", "The amount collected is not the reservation's `amount_due_yen`.", "受け取った金額が支払額と一致しません。", "The amount collected does not match the amount due.";
    PrintJobClosed = "print_job_closed", "The print job was already reported printed or failed.", "この印刷ジョブは完了または失敗として報告済みです。", "This print job has already been reported printed or failed.";
    DocumentNotPrepared = "document_not_prepared", "A certificate of the order is prepared by staff and not attached yet.", "この申込の証明書は大学で準備中です。準備ができるまでお待ちください。", "A certificate of this order is still being prepared by the university.";
    OrderNotCancellable = "order_not_cancellable", "The order has been paid, printed or sent, or is cancelled already.", "この申込は支払い済み・印刷済み・発送済み、または取消済みのため取り消せません。", "This order has been paid, printed or sent, or is already cancelled, and cannot be cancelled.";
    VerificationCodeInvalid = "verification_code_invalid", "Not a verification code (16 letters and digits, in groups of four). The API answers such a code as it answers an unknown one (404, `not_found`): only a form shows this.", "証明書検証コードは、証明書に印刷された16文字の英数字で入力してください（例: 7KQ2-9XGA-M3TD-H0VE）。", "Enter the 16 letters and digits printed on the certificate (for example 7KQ2-9XGA-M3TD-H0VE).";
    DeliveryUnknown = "delivery_unknown", "No digital delivery has this link (unknown or malformed token).", "このリンクの証明書は見つかりません。メールのリンクをそのまま開いてください。", "No certificates were found for this link. Open the link exactly as it is in the mail.";
    DeliveryExpired = "delivery_expired", "The delivery's link is past its three months.", "このリンクは有効期限（3か月）を過ぎています。証明書が必要な場合は、ご本人に再度の送信を依頼してください。", "This link is past its three months. If you still need the certificates, ask their holder to send them again.";
    DeliveryCancelled = "delivery_cancelled", "The holder cancelled the delivery; its copies are revoked.", "この証明書の送信は、ご本人により取り消されました。", "The holder of these certificates has cancelled this delivery.";
    DeliveryOpened = "delivery_opened", "The recipient has downloaded the certificates: the delivery can no longer be cancelled.", "受取人がすでにダウンロードしたため、送信を取り消せません。", "The recipient has already downloaded the certificates, so the delivery can no longer be cancelled.";
    DeliveryNotSent = "delivery_not_sent", "The order is not a digital delivery, or it has not been sent yet.", "この申込には取り消せる電子送信がありません。", "This order has no digital delivery to cancel.";
    PdfInvalid = "pdf_invalid", "The file is not a PDF that can be read: it does not begin with `%PDF-`, is damaged, has no page, or is locked with a password.", "PDFファイルとして読み込めません。パスワードのかかっていないPDFファイルを選択してください。", "The file cannot be read as a PDF. Choose a PDF file that is not locked with a password.";
    PdfTooManyPages = "pdf_too_many_pages", "The PDF has more pages than a prepared document may (50).", "PDFのページ数が多すぎます（50ページまで）。", "The PDF has too many pages (50 at most).";
    DocumentNotExpected = "document_not_expected", "The line's certificate is generated from the records: only a line of a certificate type staff prepare (`source` `staff_prepared`) takes a document.", "この証明書は記録から作成されるため、書類を添付できません。", "This certificate is generated from the records; no document can be attached to it.";
    DocumentAlreadyIssued = "document_already_issued", "A copy was issued from the attached document: it stays as issued and can no longer be replaced.", "添付された書類から既に証明書が発行されたため、差し替えできません。", "A certificate has already been issued from the attached document; it can no longer be replaced.";
    SealInvalid = "seal_invalid", "The seal is not a readable PNG image.", "印影の画像を読み込めません。PNG形式の画像を選択してください。", "The seal image cannot be read. Choose a PNG image.";
    SealShape = "seal_shape", "The seal image is not nearly square (one side longer than 5/4 of the other) or a side is outside 100 to 2,000 pixels.", "印影の画像は、一辺100〜2,000ピクセルのほぼ正方形（縦横比5:4以内）にしてください。", "The seal image must be nearly square (sides within 5:4) and 100 to 2,000 pixels a side.";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_is_the_stable_code() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
    }

    #[test]
    fn every_code_reads_differently_in_each_language() {
        for &code in ErrorCode::ALL {
            let (ja, en) = (code.message(Locale::Ja), code.message(Locale::En));
            assert!(!ja.is_empty() && !en.is_empty());
            assert_ne!(ja, en, "{code} has no Japanese text");
            assert!(!ja.is_ascii(), "{code}: Japanese text is ASCII");
        }
    }
}
