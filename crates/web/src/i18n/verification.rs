//! The texts of the public verification page (`/verify`, issue 11), in both languages: for
//! employers and anyone else handed a certificate, so they speak of "the university" and
//! "the certificate", never of an account.

use cis_shared::documents::CopyStatus;
use cis_shared::Locale;

use super::I18n;

/// The texts of the verification page.
pub struct VerificationTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub by_code: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub check: &'static str,
    pub by_file: &'static str,
    pub file_hint: &'static str,
    pub drop_here: &'static str,
    pub choose_file: &'static str,
    pub file_too_large: &'static str,
    pub checking: &'static str,
    /// 404 to a well-formed code.
    pub no_such_code: &'static str,
    pub no_match: &'static str,
    /// The file is a copy: the issue date (`2026/11/26`).
    pub file_matches: fn(&str) -> String,
    pub valid: &'static str,
    /// A revoked copy: since when (Japan time).
    pub revoked_since: fn(&str) -> String,
    pub certificate: &'static str,
    pub holder: &'static str,
    pub issued_on: &'static str,
    pub university: &'static str,
    pub status: &'static str,
    pub revoked_at: &'static str,
    pub reason: &'static str,
    pub notes: [&'static str; 3],
}

pub const VERIFICATION_JA: VerificationTexts = VerificationTexts {
    title: "証明書の確認",
    intro: "本学が発行した証明書であるかを、証明書に印刷された証明書検証コード、または証明書のPDFファイルで確認できます。ログインは不要です。",
    by_code: "証明書検証コードで確認",
    code_label: "証明書検証コード",
    code_hint: "証明書の下部、QRコードの横に印刷された16文字の英数字です。大文字・小文字、空白、ハイフンは区別しません。",
    check: "確認する",
    by_file: "PDFファイルで確認",
    file_hint: "受け取ったPDFファイルを、変更を加えずにそのまま確認します。ファイルの内容は照合にのみ使用し、保存しません。",
    drop_here: "ここにPDFファイルをドロップ",
    choose_file: "またはファイルを選択",
    file_too_large: "ファイルが大きすぎます（10MBまで）。証明書のPDFファイルを選択してください。",
    checking: "確認中…",
    no_such_code: "この証明書検証コードに該当する証明書はありません。コードをお確かめください。",
    no_match: "このファイルに一致する証明書はありません。",
    file_matches: |date| format!("このファイルは、{date} に発行された証明書そのものです。"),
    valid: "この証明書は有効です。",
    revoked_since: |at| format!("この証明書は {at} に本学により取り消されています。"),
    certificate: "証明書",
    holder: "氏名",
    issued_on: "発行日",
    university: "発行者",
    status: "状態",
    revoked_at: "取消日時",
    reason: "取消理由",
    notes: [
        "確認結果には、証明書に印刷された内容のうち、証明書の種類・氏名・発行日・発行者のみを表示します。",
        "表示された内容と手元の証明書の記載が一致することをご確認ください。",
        "取り消された証明書は、本学が発行したものであっても現在は効力がありません。",
    ],
};

pub const VERIFICATION_EN: VerificationTexts = VerificationTexts {
    title: "Certificate verification",
    intro: "Check that a certificate was issued by the university, by the verification code printed on it or by its PDF file. No login is needed.",
    by_code: "Check by verification code",
    code_label: "Verification code",
    code_hint: "The 16 letters and digits printed at the foot of the certificate, beside the QR code. Case, spaces and hyphens do not matter.",
    check: "Check",
    by_file: "Check by PDF file",
    file_hint: "The PDF file is checked exactly as you received it, unchanged. Its contents are used for the comparison only and are not kept.",
    drop_here: "Drop the PDF file here",
    choose_file: "or choose a file",
    file_too_large: "The file is too large (10 MB at most). Choose the certificate's PDF file.",
    checking: "Checking…",
    no_such_code: "No certificate has this code. Check the code.",
    no_match: "No certificate matches this file.",
    file_matches: |date| format!("This file is exactly the certificate issued on {date}."),
    valid: "This certificate is valid.",
    revoked_since: |at| format!("This certificate was revoked by the university on {at}."),
    certificate: "Certificate",
    holder: "Name",
    issued_on: "Issued on",
    university: "Issued by",
    status: "Status",
    revoked_at: "Revoked on",
    reason: "Reason",
    notes: [
        "The result shows only part of what is printed on the certificate: its type, the holder's name, the issue date and the issuer.",
        "Make sure that what is shown matches the certificate you hold.",
        "A revoked certificate, although issued by the university, is no longer in force.",
    ],
};

/// How a copy's status reads.
pub fn copy_status(status: CopyStatus, locale: Locale) -> &'static str {
    match status {
        CopyStatus::Valid => locale.pick("有効", "Valid"),
        CopyStatus::Revoked => locale.pick("取消済み", "Revoked"),
    }
}

impl I18n {
    pub fn verification(&self) -> &'static VerificationTexts {
        match self.locale() {
            Locale::Ja => &VERIFICATION_JA,
            Locale::En => &VERIFICATION_EN,
        }
    }
}
