//! The mails of an order (issue 10): placed (with the reservation number and how to print at
//! a convenience store, or how the payment of a post order is made) and cancelled. Always to
//! the account's own address, in its language.

use cis_shared::catalog::LocalizedName;
use cis_shared::delivery::Recipient;
use cis_shared::ordering::{Channel, PaymentMethod};
use cis_shared::orders::{grouped, Delivery, DeliveryAddress, Fee, OrderLine};
use cis_shared::Locale;

use super::{japan_time, Template};

pub(super) use cis_shared::orders::thousands as yen;

fn lines(items: &[OrderLine], fees: &[Fee], locale: Locale) -> String {
    let certificates = items.iter().map(|l| match locale {
        Locale::Ja => format!("・{} {}通 {}円", l.name.ja, l.copies, yen(l.amount_yen)),
        Locale::En => format!("- {} x {}: {} yen", l.name.en, l.copies, yen(l.amount_yen)),
    });
    let fees = fees.iter().map(|f| match locale {
        Locale::Ja => format!("・{} {}円", f.kind.label(locale), yen(f.amount_yen)),
        Locale::En => format!("- {}: {} yen", f.kind.label(locale), yen(f.amount_yen)),
    });
    certificates.chain(fees).collect::<Vec<_>>().join("\n")
}

/// Who receives a digital delivery, as one line.
pub(super) fn recipient_line(r: &Recipient) -> String {
    match r.organisation.is_empty() {
        true => format!("{} <{}>", r.name, r.email),
        false => format!("{} ({}) <{}>", r.name, r.organisation, r.email),
    }
}

/// Where a post order goes, as one line.
fn destination(delivery: &Delivery) -> String {
    let address = match &delivery.address {
        DeliveryAddress::Japan(a) => {
            format!(
                "〒{} {}{}{} {}",
                a.postal_code,
                a.prefecture,
                a.city,
                a.street,
                a.apartment.as_deref().unwrap_or("")
            )
        }
        DeliveryAddress::Abroad { lines } => format!("{}, {}", lines.join(", "), delivery.country),
    };
    format!("{} — {}", delivery.recipient, address.trim_end())
}

/// The order has been placed.
pub struct OrderPlacedMail {
    pub order_number: String,
    pub channel: Channel,
    pub payment_method: PaymentMethod,
    pub items: Vec<OrderLine>,
    pub fees: Vec<Fee>,
    pub total_yen: u32,
    pub store_print_fee_yen: u32,
    /// Post: where it goes.
    pub delivery: Option<Delivery>,
    /// Digital delivery: who receives it.
    pub recipient: Option<Recipient>,
    /// How to pay by money order or transfer, as the university writes it.
    pub transfer_instructions: Option<LocalizedName>,
    /// Convenience store: the 12 digits and the deadline.
    pub reservation: Option<(String, chrono::DateTime<chrono::Utc>)>,
    pub order_link: String,
}

impl Template for OrderPlacedMail {
    fn subject(&self, locale: Locale) -> String {
        match self.reservation {
            Some(_) => locale.pick("証明書の予約番号のお知らせ", "Your reservation number for certificates"),
            None => locale.pick("証明書のお申し込みを受け付けました", "We have received your order for certificates"),
        }
        .to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let items = lines(&self.items, &self.fees, locale);
        let to = self
            .delivery
            .as_ref()
            .map(|d| format!("\n{}{}", locale.pick("送付先：", "Send to: "), destination(d)))
            .or_else(|| {
                let r = self.recipient.as_ref()?;
                Some(format!("\n{}{}", locale.pick("送信先：", "Send to: "), recipient_line(r)))
            })
            .unwrap_or_default();
        let (number, total) = (&self.order_number, yen(self.total_yen));
        let next = match (&self.reservation, self.payment_method) {
            (Some((reservation, deadline)), _) => {
                let (reservation, deadline) = (grouped(reservation), japan_time(*deadline, locale));
                let print_fee = yen(self.store_print_fee_yen);
                match locale {
                    Locale::Ja => format!(
                        "予約番号：{reservation}\n印刷期限：{deadline}まで\n\n\
                         セブン-イレブン、ファミリーマート、ローソンのマルチコピー機で「行政サービス」（証明書交付サービス）を選び、\
                         予約番号を入力してください。内容を確認し、手数料合計{total}円と印刷料金{print_fee}円を\
                         コピー機でお支払いのうえ印刷してください。\n印刷期限を過ぎると予約番号は無効になります。"
                    ),
                    Locale::En => format!(
                        "Reservation number: {reservation}\nPrint by: {deadline}\n\n\
                         At a multi-copy machine of 7-Eleven, FamilyMart or Lawson, choose the administrative \
                         services (certificate printing) and key in the reservation number. Check the certificates, \
                         pay the total of {total} yen and the printing fee of {print_fee} yen at the machine, and \
                         print them.\nThe reservation number stops working after the deadline."
                    ),
                }
            }
            (None, PaymentMethod::StaffConfirmed) => {
                let how = locale
                    .pick(
                        "大学の案内に従い、郵便為替または銀行振込で手数料合計をお支払いください。\
                     入金を確認した後、証明書を印刷して発送し、メールでお知らせします。",
                        "Please pay the total by postal money order or bank transfer as the university instructs. \
                     Once the payment has been confirmed, the certificates are printed and sent, and we let you know \
                     by mail.",
                    )
                    .to_owned();
                match &self.transfer_instructions {
                    Some(text) => format!("{how}\n\n{}", text.get(locale)),
                    None => how,
                }
            }
            (None, _) => locale
                .pick("お支払いが完了すると手続きを進めます。", "The order goes ahead once it is paid.")
                .to_owned(),
        };
        let how = match self.channel {
            Channel::ConvenienceStore => locale.pick("コンビニエンスストアで印刷", "Printing at a convenience store"),
            Channel::Post => locale.pick("郵送", "Sending by post"),
            Channel::Digital => locale.pick("電子データで受取人に送信", "Sent digitally to a recipient"),
        };
        match locale {
            Locale::Ja => format!(
                "証明書のお申し込みを受け付けました。\n\n申込番号：{number}\n受取方法：{how}{to}\n{items}\n\
                 手数料合計：{total}円\n\n{next}\n\nお申し込みの内容と状況：\n{}",
                self.order_link
            ),
            Locale::En => format!(
                "We have received your order for certificates.\n\nOrder number: {number}\nDestination: {how}{to}\n{items}\n\
                 Total: {total} yen\n\n{next}\n\nThe order and where it stands:\n{}",
                self.order_link
            ),
        }
    }
}

/// The graduate cancelled the order.
pub struct OrderCancelledMail {
    pub order_number: String,
    /// Whether it had a reservation number, which stops working.
    pub had_reservation: bool,
}

impl Template for OrderCancelledMail {
    fn subject(&self, locale: Locale) -> String {
        locale.pick("証明書のお申し込みを取り消しました", "Your order for certificates has been cancelled").to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let number = &self.order_number;
        let reservation = match (self.had_reservation, locale) {
            (true, Locale::Ja) => "予約番号は使えなくなりました。",
            (true, Locale::En) => " Its reservation number no longer works.",
            (false, _) => "",
        };
        match locale {
            Locale::Ja => format!(
                "申込番号 {number} のお申し込みを取り消しました。{reservation}\n\
                 ※お心当たりのない場合は、大学までご連絡ください。"
            ),
            Locale::En => format!(
                "Order {number} has been cancelled.{reservation}\n\
                 * If you did not cancel it, contact the university."
            ),
        }
    }
}

/// The payment of an order was received: recorded by staff, or by card through Stripe. A
/// post order is printed and sent next; a convenience-store order gets its reservation
/// number now.
pub struct PaymentReceivedMail {
    pub order_number: String,
    pub amount_yen: u32,
    /// Convenience store: the 12 digits, the deadline and the store's printing fee, paid
    /// at the machine.
    pub reservation: Option<(String, chrono::DateTime<chrono::Utc>, u32)>,
    /// Digital delivery: sent to the recipient next, rather than printed and posted.
    pub digital: bool,
    pub order_link: String,
}

impl Template for PaymentReceivedMail {
    fn subject(&self, locale: Locale) -> String {
        match self.reservation {
            Some(_) => locale.pick(
                "お支払いを確認しました（証明書の予約番号のお知らせ）",
                "We have received your payment: your reservation number",
            ),
            None => locale.pick("お支払いを確認しました", "We have received your payment"),
        }
        .to_owned()
    }

    fn body(&self, locale: Locale) -> String {
        let (number, amount, link) = (&self.order_number, yen(self.amount_yen), &self.order_link);
        let Some((reservation, deadline, print_fee)) = &self.reservation else {
            if self.digital {
                return match locale {
                    Locale::Ja => format!(
                        "申込番号 {number} のお支払い（{amount}円）を確認しました。証明書を電子データで受取人に送信します。\n\
                         受取人がダウンロードしたかどうかは、お申し込みの画面で確認できます。\n\nお申し込みの内容と状況：\n{link}"
                    ),
                    Locale::En => format!(
                        "We have received the payment of {amount} yen for order {number}. The certificates are sent \
                         digitally to the recipient next; the order's page shows whether they have downloaded them.\n\n\
                         The order and where it stands:\n{link}"
                    ),
                };
            }
            return match locale {
                Locale::Ja => format!(
                    "申込番号 {number} のお支払い（{amount}円）を確認しました。証明書を印刷して発送します。\n\
                     発送しましたら、追跡番号をメールでお知らせします。\n\nお申し込みの内容と状況：\n{link}"
                ),
                Locale::En => format!(
                    "We have received the payment of {amount} yen for order {number}. The certificates are printed \
                     and sent next; we mail you the tracking number when they are on their way.\n\n\
                     The order and where it stands:\n{link}"
                ),
            };
        };
        let (reservation, deadline, print_fee) = (grouped(reservation), japan_time(*deadline, locale), yen(*print_fee));
        match locale {
            Locale::Ja => format!(
                "申込番号 {number} のお支払い（{amount}円）を確認しました。\n\n予約番号：{reservation}\n\
                 印刷期限：{deadline}まで\n\nセブン-イレブン、ファミリーマート、ローソンのマルチコピー機で\
                 「行政サービス」（証明書交付サービス）を選び、予約番号を入力してください。\
                 印刷料金{print_fee}円をコピー機でお支払いのうえ印刷してください。\n\
                 印刷期限を過ぎると予約番号は無効になります。\n\nお申し込みの内容と状況：\n{link}"
            ),
            Locale::En => format!(
                "We have received the payment of {amount} yen for order {number}.\n\n\
                 Reservation number: {reservation}\nPrint by: {deadline}\n\n\
                 At a multi-copy machine of 7-Eleven, FamilyMart or Lawson, choose the administrative services \
                 (certificate printing), key in the reservation number, pay the printing fee of {print_fee} yen \
                 at the machine and print the certificates.\nThe reservation number stops working after the \
                 deadline.\n\nThe order and where it stands:\n{link}"
            ),
        }
    }
}
