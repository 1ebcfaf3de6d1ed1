//! The mails of an order after it is placed (issue 10): held and released by the
//! university, cancelled by it (with the reason, or when a hold ran out), printed, shipped
//! with the tracking number, and the print deadline of a reservation number near and past.

use chrono::{DateTime, Utc};
use cis_shared::fulfilment::Carrier;
use cis_shared::orders::grouped;
use cis_shared::Locale;

use super::{japan_time, Template};

/// The closing line every order mail has: where the order can be read.
fn where_it_stands(link: &str, locale: Locale) -> String {
    format!("{}\n{link}", locale.pick("お申し込みの内容と状況：", "The order and where it stands:"))
}

/// The university holds the order.
pub struct OrderHeldMail {
    pub order_number: String,
    pub reason: String,
    pub order_link: String,
}

impl Template for OrderHeldMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書のお申し込みを保留しています", "Your order for certificates is on hold").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let (number, reason) = (&self.order_number, &self.reason);
        let text = match locale {
            Locale::Ja => format!(
                "申込番号 {number} のお申し込みを、次の理由により保留しています。\n\n{reason}\n\n\
                 大学までご連絡ください。30日以内に保留が解除されない場合、お申し込みは自動的に取り消されます。"
            ),
            Locale::En => format!(
                "Order {number} is on hold for the following reason.\n\n{reason}\n\n\
                 Please contact the university. If the hold is not lifted within 30 days, the order is cancelled \
                 automatically."
            ),
        };
        format!("{text}\n\n{}", where_it_stands(&self.order_link, locale))
    }
}

/// The university lifted the hold.
pub struct OrderReleasedMail {
    pub order_number: String,
    /// A reservation number's deadline, moved on by the time it was held.
    pub print_deadline: Option<DateTime<Utc>>,
    pub order_link: String,
}

impl Template for OrderReleasedMail {
    fn subject(&self, locale: Locale) -> String {
        locale
            .pick("証明書のお申し込みの保留を解除しました", "The hold on your order for certificates is lifted")
            .to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let number = &self.order_number;
        let mut text = match locale {
            Locale::Ja => format!("申込番号 {number} のお申し込みの保留を解除し、手続きを再開しました。"),
            Locale::En => format!("The hold on order {number} has been lifted; the order goes ahead."),
        };
        if let Some(deadline) = self.print_deadline {
            let deadline = japan_time(deadline, locale);
            text.push_str(&match locale {
                Locale::Ja => format!("\n印刷期限は{deadline}までに延長しました。"),
                Locale::En => format!("\nThe print deadline is now {deadline}."),
            });
        }
        format!("{text}\n\n{}", where_it_stands(&self.order_link, locale))
    }
}

/// Why the university cancelled an order.
pub enum CancelledBy {
    /// Staff, with their reason.
    Staff(String),
    /// A hold of 30 days that nobody lifted; the hold's reason.
    HoldRanOut(String),
}

/// The university cancelled the order.
pub struct OrderCancelledByUniversityMail {
    pub order_number: String,
    pub why: CancelledBy,
    /// Whether it had been paid: the university refunds it.
    pub paid: bool,
    pub order_link: String,
}

impl Template for OrderCancelledByUniversityMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書のお申し込みは取り消されました", "Your order for certificates has been cancelled").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let number = &self.order_number;
        let mut text = match (&self.why, locale) {
            (CancelledBy::Staff(reason), Locale::Ja) => {
                format!("申込番号 {number} のお申し込みは、次の理由により大学が取り消しました。\n\n{reason}")
            }
            (CancelledBy::Staff(reason), Locale::En) => {
                format!("The university has cancelled order {number} for the following reason.\n\n{reason}")
            }
            (CancelledBy::HoldRanOut(reason), Locale::Ja) => format!(
                "申込番号 {number} のお申し込みは、保留（理由：{reason}）が30日以内に解除されなかったため、\
                 自動的に取り消されました。"
            ),
            (CancelledBy::HoldRanOut(reason), Locale::En) => format!(
                "Order {number} was on hold ({reason}) and has been cancelled automatically, as the hold was not \
                 lifted within 30 days."
            ),
        };
        text.push_str("\n\n");
        text.push_str(match (self.paid, locale) {
            (true, Locale::Ja) => "お支払い済みの手数料は返金します。返金の方法は大学からご連絡します。",
            (true, Locale::En) => "The fees you paid are refunded; the university tells you how.",
            (false, Locale::Ja) => "予約番号は使えなくなりました。必要な場合は、あらためてお申し込みください。",
            (false, Locale::En) => {
                "Its reservation number no longer works. Please order again if you still need the certificates."
            }
        });
        format!("{text}\n\n{}", where_it_stands(&self.order_link, locale))
    }
}

/// A post order has been printed; it is sent next.
pub struct OrderPrintedMail {
    pub order_number: String,
    pub order_link: String,
}

impl Template for OrderPrintedMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書を印刷しました", "Your certificates have been printed").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let number = &self.order_number;
        let text = match locale {
            Locale::Ja => {
                format!("申込番号 {number} の証明書を印刷しました。発送しましたら、追跡番号をメールでお知らせします。")
            }
            Locale::En => format!(
                "The certificates of order {number} have been printed. We mail you the tracking number when they \
                 are on their way."
            ),
        };
        format!("{text}\n\n{}", where_it_stands(&self.order_link, locale))
    }
}

/// A reservation was printed at a convenience store or at the university's counter.
pub struct PrintedAtStationMail {
    pub order_number: String,
    /// Printed at the university's counter (else at a convenience store).
    pub counter: bool,
    pub order_link: String,
}

impl Template for PrintedAtStationMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書が印刷されました", "Your certificates have been printed").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let number = &self.order_number;
        let text = match (locale, self.counter) {
            (Locale::Ja, false) => format!(
                "申込番号 {number} の証明書がコンビニエンスストアで印刷されました。お申し込みはこれで完了です。\n\
                 証明書の真正性は、各ページの検証コードまたはQRコードで確認できます。"
            ),
            (Locale::Ja, true) => format!(
                "申込番号 {number} の証明書を窓口でお渡ししました。お申し込みはこれで完了です。\n\
                 証明書の真正性は、各ページの検証コードまたはQRコードで確認できます。"
            ),
            (Locale::En, false) => format!(
                "The certificates of order {number} have been printed at a convenience store. The order is \
                 complete.\nAnyone who receives them can check them with the verification code or QR code on \
                 every page."
            ),
            (Locale::En, true) => format!(
                "The certificates of order {number} have been handed to you at the counter. The order is \
                 complete.\nAnyone who receives them can check them with the verification code or QR code on \
                 every page."
            ),
        };
        format!("{text}\n\n{}", where_it_stands(&self.order_link, locale))
    }
}

/// A post order is on its way.
pub struct OrderShippedMail {
    pub order_number: String,
    pub carrier: Carrier,
    pub tracking_number: String,
    pub order_link: String,
}

impl Template for OrderShippedMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書を発送しました", "Your certificates are on their way").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let (number, tracking) = (&self.order_number, &self.tracking_number);
        let carrier = self.carrier.label(locale);
        let text = match locale {
            Locale::Ja => format!(
                "申込番号 {number} の証明書を発送しました。\n\n配送業者：{carrier}\n追跡番号：{tracking}\n\n\
                 配送状況は配送業者のウェブサイトで追跡番号を入力してご確認ください。"
            ),
            Locale::En => format!(
                "The certificates of order {number} are on their way.\n\nCarrier: {carrier}\nTracking number: \
                 {tracking}\n\nEnter the tracking number on the carrier's website to follow the parcel."
            ),
        };
        format!("{text}\n\n{}", where_it_stands(&self.order_link, locale))
    }
}

/// Two days before a reservation number's deadline, while it is unprinted.
pub struct ReservationReminderMail {
    pub order_number: String,
    pub reservation_number: String,
    pub print_deadline: DateTime<Utc>,
    pub order_link: String,
}

impl Template for ReservationReminderMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書の印刷期限が近づいています", "The print deadline of your certificates is near").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let (number, reservation) = (&self.order_number, grouped(&self.reservation_number));
        let deadline = japan_time(self.print_deadline, locale);
        let text = match locale {
            Locale::Ja => format!(
                "申込番号 {number} の証明書はまだ印刷されていません。\n\n予約番号：{reservation}\n\
                 印刷期限：{deadline}まで\n\n期限までにセブン-イレブン、ファミリーマート、ローソンのマルチコピー機で\
                 印刷してください。期限を過ぎると予約番号は無効になります。"
            ),
            Locale::En => format!(
                "The certificates of order {number} have not been printed yet.\n\nReservation number: \
                 {reservation}\nPrint by: {deadline}\n\nPrint them at a multi-copy machine of 7-Eleven, FamilyMart \
                 or Lawson before the deadline; after it, the reservation number stops working."
            ),
        };
        format!("{text}\n\n{}", where_it_stands(&self.order_link, locale))
    }
}

/// A reservation number's deadline passed with the certificates unprinted.
pub struct ReservationExpiredMail {
    pub order_number: String,
    /// Paid online beforehand: refunded.
    pub paid: bool,
    pub order_link: String,
}

impl Template for ReservationExpiredMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書の印刷期限が過ぎました", "The print deadline of your certificates has passed").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let number = &self.order_number;
        let charged = match (self.paid, locale) {
            (true, Locale::Ja) => "お支払い済みの手数料は返金します。",
            (true, Locale::En) => "The fees you paid are refunded.",
            (false, Locale::Ja) => "手数料はかかっていません。",
            (false, Locale::En) => "Nothing was charged.",
        };
        let text = match locale {
            Locale::Ja => format!(
                "申込番号 {number} の証明書は印刷期限までに印刷されなかったため、予約番号は無効になりました。\
                 {charged}必要な場合は、あらためてお申し込みください。"
            ),
            Locale::En => format!(
                "The certificates of order {number} were not printed by the deadline, so the reservation number no \
                 longer works. {charged} Please order again if you still need them."
            ),
        };
        format!("{text}\n\n{}", where_it_stands(&self.order_link, locale))
    }
}
