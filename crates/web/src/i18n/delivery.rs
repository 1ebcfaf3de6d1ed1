//! The texts of digital delivery (issue 11), in both languages: the graduate's order form and
//! order page, and the recipient's page (`/receive`), which speaks to someone who has no
//! account — an employer, a school.

use cis_shared::Locale;

use super::I18n;

pub struct DeliveryTexts {
    pub by_digital: &'static str,
    pub title: &'static str,
    pub recipient_section: &'static str,
    pub recipient_note: &'static str,
    pub name: &'static str,
    pub organisation: &'static str,
    pub email: &'static str,
    pub not_offered: &'static str,
    pub one_copy_note: &'static str,
    pub status_title: &'static str,
    pub status: &'static str,
    pub sent_at: &'static str,
    pub expires_at: &'static str,
    pub opened_at: &'static str,
    pub downloads: &'static str,
    /// A download's format: the PDF or the credential.
    pub pdf: &'static str,
    pub credential: &'static str,
    pub no_downloads: &'static str,
    pub cancel: &'static str,
    pub cancel_confirm: &'static str,
    pub keep: &'static str,
    pub waiting_note: &'static str,
    // The recipient's page.
    pub receive_title: &'static str,
    /// Who sends it, from which university.
    pub receive_intro: fn(&str, &str) -> String,
    pub to: &'static str,
    pub link_until: &'static str,
    pub verification_code: &'static str,
    pub issued_on: &'static str,
    pub download_pdf: &'static str,
    pub download_credential: &'static str,
    pub credential_note: &'static str,
    pub verify_note: &'static str,
    pub verify_link: &'static str,
    pub link_invalid: &'static str,
    pub downloaded: &'static str,
}

pub const DELIVERY_JA: DeliveryTexts = DeliveryTexts {
    by_digital: "電子データで送信",
    title: "証明書の申込（電子データで送信）",
    recipient_section: "送信先",
    recipient_note: "証明書を提出する相手（企業の採用担当者、進学先など）を入力してください。お支払いの確認後、この方にダウンロード用のリンクをメールで送ります。リンクの有効期限は3か月です。",
    name: "受取人の氏名",
    organisation: "所属（会社名・学校名など）",
    email: "受取人のメールアドレス",
    not_offered: "この大学は電子データでの送信を行っていません。",
    one_copy_note: "電子データでの送信では、各証明書を1通ずつお送りします。",
    status_title: "送信状況",
    status: "状況",
    sent_at: "送信日時",
    expires_at: "リンクの有効期限",
    opened_at: "初回ダウンロード",
    downloads: "ダウンロード履歴",
    pdf: "PDF",
    credential: "検証可能な資格情報",
    no_downloads: "まだダウンロードされていません。",
    cancel: "送信を取り消す",
    cancel_confirm: "送信を取り消します。受取人のリンクは使えなくなり、送信した証明書は無効になります。よろしいですか？",
    keep: "取り消さない",
    waiting_note: "お支払いを確認した後、証明書を受取人に送信します。",
    receive_title: "証明書の受け取り",
    receive_intro: |holder, university| format!("{holder} さんのご依頼により、{university}から証明書をお送りします。"),
    to: "宛先",
    link_until: "このページの有効期限",
    verification_code: "証明書検証コード",
    issued_on: "発行日",
    download_pdf: "PDFをダウンロード",
    download_credential: "検証可能な資格情報（JWT）をダウンロード",
    credential_note: "検証可能な資格情報（W3C Verifiable Credential）は、大学の電子署名付きのデータです。大学の公開鍵（/.well-known/jwks.json）を使って、オフラインでも真正性を確認できます。",
    verify_note: "証明書が本物で取り消されていないことは、証明書検証コードまたはPDFファイルで確認できます。",
    verify_link: "証明書の確認ページへ",
    link_invalid: "このリンクは正しくありません。メールに記載されたリンクを、そのまま開いてください。",
    downloaded: "ダウンロードしました。",
};

pub const DELIVERY_EN: DeliveryTexts = DeliveryTexts {
    by_digital: "Send digitally",
    title: "Order certificates (sent digitally)",
    recipient_section: "Recipient",
    recipient_note: "Enter the person you submit the certificates to (an employer's recruiter, a school). Once the payment is confirmed, they receive a mail with a link to download them. The link works for three months.",
    name: "Recipient's name",
    organisation: "Organisation (company, school)",
    email: "Recipient's mail address",
    not_offered: "The university does not send certificates digitally.",
    one_copy_note: "A digital delivery sends one copy of each certificate.",
    status_title: "Digital delivery",
    status: "Status",
    sent_at: "Sent",
    expires_at: "Link works until",
    opened_at: "First downloaded",
    downloads: "Downloads",
    pdf: "PDF",
    credential: "Verifiable Credential",
    no_downloads: "Not downloaded yet.",
    cancel: "Cancel the delivery",
    cancel_confirm: "Cancel the delivery? The recipient's link stops working and the certificates sent are revoked.",
    keep: "Keep it",
    waiting_note: "Once the payment is confirmed, the certificates are sent to the recipient.",
    receive_title: "Certificates for you",
    receive_intro: |holder, university| format!("At the request of {holder}, {university} sends you these certificates."),
    to: "To",
    link_until: "This page works until",
    verification_code: "Verification code",
    issued_on: "Issued on",
    download_pdf: "Download the PDF",
    download_credential: "Download the Verifiable Credential (JWT)",
    credential_note: "The Verifiable Credential (W3C) is the certificate's data signed by the university. It can be checked offline with the university's public keys (/.well-known/jwks.json).",
    verify_note: "You can check that a certificate is genuine and has not been revoked with its verification code or its PDF file.",
    verify_link: "To the verification page",
    link_invalid: "This link is not valid. Open the link exactly as it is in the mail.",
    downloaded: "Downloaded.",
};

impl I18n {
    pub fn delivery(&self) -> &'static DeliveryTexts {
        match self.locale() {
            Locale::Ja => &DELIVERY_JA,
            Locale::En => &DELIVERY_EN,
        }
    }
}
