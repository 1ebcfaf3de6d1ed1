//! The mails of a digital delivery (issue 11): the recipient's link, the graduate's notice
//! that it went out, and the notice of its cancellation.

use chrono::{DateTime, Utc};
use cis_shared::delivery::Recipient;
use cis_shared::Locale;

use super::orders::recipient_line;
use super::{japan_time, Template};

fn where_it_stands(link: &str, locale: Locale) -> String {
    format!("{}\n{link}", locale.pick("お申し込みの内容と状況：", "The order and where it stands:"))
}

fn listed(titles: &[String], locale: Locale) -> String {
    titles.iter().map(|t| format!("{}{t}", locale.pick("・", "- "))).collect::<Vec<_>>().join("\n")
}

/// To the recipient: certificates are waiting behind a link (its token in the fragment).
pub struct DeliveryLinkMail {
    pub recipient_name: String,
    /// The graduate, as the certificates print the name.
    pub holder_name: String,
    pub titles: Vec<String>,
    pub link: String,
    /// The public verification page.
    pub verify_link: String,
    pub expires_at: DateTime<Utc>,
}

impl Template for DeliveryLinkMail {
    fn subject(&self, locale: Locale) -> String {
        match locale {
            Locale::Ja => format!("{}さんの証明書が届いています", self.holder_name),
            Locale::En => format!("Certificates of {} for you", self.holder_name),
        }
    }

    fn body(&self, locale: Locale) -> String {
        let (name, holder, link, verify) = (&self.recipient_name, &self.holder_name, &self.link, &self.verify_link);
        let (titles, until) = (listed(&self.titles, locale), japan_time(self.expires_at, locale));
        match locale {
            Locale::Ja => format!(
                "{name} 様\n\n{holder} さんのご依頼により、次の証明書を電子データでお送りします。\n{titles}\n\n\
                 次のリンクを開き、「ダウンロード」ボタンから PDF と検証可能な資格情報（Verifiable Credential）を\
                 取得できます。リンクの有効期限は{until}です。\n{link}\n\n\
                 証明書が本物で取り消されていないことは、各ページの検証コードまたはQRコード、\
                 あるいはPDFファイルを次のページに置くことで確認できます。\n{verify}\n\n\
                 ※このリンクはあなた宛てのものです。ほかの方に転送しないでください。ダウンロードの日時は記録され、\
                 {holder} さんに通知されます。"
            ),
            Locale::En => format!(
                "Dear {name},\n\nAt the request of {holder}, the university sends you these certificates digitally:\n\
                 {titles}\n\nOpen the link below and use the Download buttons to get each certificate as a PDF and as \
                 a Verifiable Credential. The link works until {until}.\n{link}\n\n\
                 Anyone can check that a certificate is genuine and has not been revoked with the verification code \
                 or QR code on every page, or by dropping the PDF file on this page:\n{verify}\n\n\
                 * The link is meant for you: please do not forward it. Downloads are recorded with their time, and \
                 {holder} can see them."
            ),
        }
    }
}

/// To the graduate: the delivery went out.
pub struct DeliverySentMail {
    pub order_number: String,
    pub recipient: Recipient,
    pub titles: Vec<String>,
    pub expires_at: DateTime<Utc>,
    pub order_link: String,
}

impl Template for DeliverySentMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書を受取人に送信しました", "Your certificates have been sent to the recipient").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let (number, to) = (&self.order_number, recipient_line(&self.recipient));
        let (titles, until) = (listed(&self.titles, locale), japan_time(self.expires_at, locale));
        let text = match locale {
            Locale::Ja => format!(
                "申込番号 {number} の証明書を、次の受取人に電子データで送信しました。\n送信先：{to}\n{titles}\n\n\
                 受取人のリンクは{until}まで有効です。受取人がダウンロードしたかどうかはお申し込みの画面で確認でき、\
                 ダウンロードされる前であれば送信を取り消せます。"
            ),
            Locale::En => format!(
                "The certificates of order {number} have been sent digitally to:\n{to}\n{titles}\n\n\
                 The recipient's link works until {until}. The order's page shows whether they have downloaded \
                 the certificates; until they do, you can cancel the delivery there."
            ),
        };
        format!("{text}\n\n{}", where_it_stands(&self.order_link, locale))
    }
}

/// To the graduate: they cancelled the delivery before it was opened.
pub struct DeliveryCancelledMail {
    pub order_number: String,
    /// Paid by card: the payment goes back to the card.
    pub paid_by_card: bool,
}

impl Template for DeliveryCancelledMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書の送信を取り消しました", "The digital delivery has been cancelled").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let number = &self.order_number;
        let refund = match (self.paid_by_card, locale) {
            (true, Locale::Ja) => "カードのお支払いは返金されます。",
            (true, Locale::En) => " The card payment is refunded.",
            (false, Locale::Ja) => "返金については大学の担当窓口にお問い合わせください。",
            (false, Locale::En) => " For a refund, contact the university.",
        };
        match locale {
            Locale::Ja => format!(
                "申込番号 {number} の証明書の送信を取り消しました。受取人のリンクは使えなくなり、\
                 送信した証明書は無効（取消）になりました。{refund}\n\
                 ※お心当たりのない場合は、大学までご連絡ください。"
            ),
            Locale::En => format!(
                "The digital delivery of order {number} has been cancelled. The recipient's link no longer works \
                 and the certificates sent are revoked.{refund}\n* If you did not cancel it, contact the university."
            ),
        }
    }
}
