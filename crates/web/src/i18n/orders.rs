//! The texts of ordering certificates (manual 2.3 steps 14–15, 2.5 (c)): the top page's
//! "Issue certificate", the order form, its confirmation and an order's page.

use cis_shared::ordering::PaymentMethod;
use cis_shared::orders::FeeKind;
use cis_shared::Locale;

use super::I18n;

/// The texts of ordering, in one language.
pub struct OrderTexts {
    pub issue_certificate: &'static str,
    pub issue_note: &'static str,
    pub convenience_store: &'static str,
    pub by_post: &'static str,
    pub title_store: &'static str,
    pub title_post: &'static str,
    pub student_id: &'static str,
    pub student_id_note: &'static str,
    pub no_student_id: &'static str,
    pub type_column: &'static str,
    pub commission_column: &'static str,
    pub copies_column: &'static str,
    pub amount_column: &'static str,
    pub yen: fn(u32) -> String,
    /// The store's fee a sheet, and the days to print.
    pub store_note: fn(u32, u32) -> String,
    pub none_chosen: &'static str,
    pub next: &'static str,
    pub back: &'static str,
    pub check: &'static str,
    pub delivery_section: &'static str,
    pub recipient: &'static str,
    pub recipient_note: &'static str,
    pub in_japan: &'static str,
    pub abroad: &'static str,
    pub country: &'static str,
    pub postal_code: &'static str,
    pub prefecture: &'static str,
    pub city: &'static str,
    pub street: &'static str,
    pub apartment: &'static str,
    pub address_line: fn(usize) -> String,
    pub address_lines_note: &'static str,
    pub postage: &'static str,
    pub sealed_envelope: &'static str,
    pub sealed_note: &'static str,
    pub payment: &'static str,
    pub confirm_title: &'static str,
    pub confirm_note: &'static str,
    pub total: &'static str,
    /// Handling, postage, sealed envelope.
    pub fees: [&'static str; 3],
    /// The store's printing fee for the whole order, paid at the store.
    pub store_fee_line: fn(u32) -> String,
    pub order_button: &'static str,
    pub detail_title: &'static str,
    pub order_number: &'static str,
    pub state: &'static str,
    pub ordered_at: &'static str,
    pub destination: &'static str,
    pub reservation_number: &'static str,
    pub print_deadline: &'static str,
    pub how_to_print_title: &'static str,
    pub how_to_print: [&'static str; 3],
    pub placed_notice: &'static str,
    pub pay_by_transfer: &'static str,
    pub pay_by_card: &'static str,
    pub card_note: &'static str,
    pub payment_done: &'static str,
    pub payment_cancelled: &'static str,
    pub carrier: &'static str,
    pub tracking_number: &'static str,
    pub shipped_at: &'static str,
    pub printed_at: &'static str,
    pub paid_at: &'static str,
    pub reason: &'static str,
    pub cancel_order: &'static str,
    pub cancel_confirm: &'static str,
    pub keep_order: &'static str,
    pub cancelled_notice: &'static str,
    pub to_top: &'static str,
    pub details: &'static str,
    pub order_kind: &'static str,
    pub not_found: &'static str,
}

pub const ORDERS_JA: OrderTexts = OrderTexts {
    issue_certificate: "証明書発行",
    issue_note: "証明書の受け取り方法を選択してください。",
    convenience_store: "コンビニエンスストア",
    by_post: "郵送",
    title_store: "証明書の申込（コンビニエンスストアで印刷）",
    title_post: "証明書の申込（郵送）",
    student_id: "学籍番号",
    student_id_note: "証明書を申し込む学籍番号を選択してください。",
    no_student_id: "登録されている学籍番号がありません。",
    type_column: "証明書の種類",
    commission_column: "手数料",
    copies_column: "部数",
    amount_column: "金額",
    yen: |n| format!("{}円", thousands(n)),
    store_note: |fee, days| {
        format!("印刷料金（1枚{fee}円）はコンビニエンスストアで印刷するときにお支払いください。予約番号は申込から{days}日間有効です。")
    },
    none_chosen: "証明書を1部以上選択してください。",
    next: "次へ",
    back: "戻る",
    check: "確認",
    delivery_section: "送付先",
    recipient: "宛名",
    recipient_note: "ご本人以外（提出先など）に送る場合は、その宛名を入力してください。",
    in_japan: "国内",
    abroad: "海外",
    country: "国・地域",
    postal_code: "郵便番号",
    prefecture: "都道府県",
    city: "市区町村",
    street: "町名・番地",
    apartment: "建物名・部屋番号",
    address_line: |i| format!("住所（{i}行目）"),
    address_lines_note: "送付先の国の書き方で、2行以上入力してください。",
    postage: "郵送方法",
    sealed_envelope: "厳封を希望する",
    sealed_note: "提出先から厳封（封筒に封印したもの）を求められている場合に選択してください。",
    payment: "お支払い方法",
    confirm_title: "申込内容の確認",
    confirm_note: "内容を確認し、「申し込む」を押してください。",
    total: "合計",
    fees: ["事務手数料", "郵送料", "厳封料"],
    store_fee_line: |fee| {
        format!("このほかに、印刷時にコンビニエンスストアで印刷料金{}円をお支払いください。", thousands(fee))
    },
    order_button: "申し込む",
    detail_title: "申込内容",
    order_number: "申込番号",
    state: "状況",
    ordered_at: "申込日時",
    destination: "受取方法",
    reservation_number: "予約番号",
    print_deadline: "印刷期限",
    how_to_print_title: "コンビニエンスストアでの印刷方法",
    how_to_print: [
        "セブン-イレブン、ファミリーマート、ローソンのマルチコピー機で「行政サービス」（証明書交付サービス）を選びます。",
        "予約番号を入力し、証明書の内容を確認します。",
        "手数料と印刷料金をマルチコピー機で支払い、印刷します。",
    ],
    placed_notice: "お申し込みを受け付けました。確認のメールを送信しました。",
    pay_by_transfer: "大学の案内に従い、郵便為替または銀行振込で合計額をお支払いください。入金を確認した後、証明書を印刷して発送します。",
    pay_by_card: "カードで支払う",
    card_note: "お支払いはStripeの決済画面で行います。お支払いが確認されると、手続きを進めてメールでお知らせします。",
    payment_done: "お支払いの手続きが完了しました。決済の確認ができ次第、この画面に反映され、メールでお知らせします。",
    payment_cancelled: "お支払いは完了していません。もう一度お支払いいただくか、申込を取り消してください。",
    carrier: "配送業者",
    tracking_number: "追跡番号",
    shipped_at: "発送日時",
    printed_at: "印刷日時",
    paid_at: "入金確認日時",
    reason: "理由",
    cancel_order: "申込を取り消す",
    cancel_confirm: "この申込を取り消します。予約番号は使えなくなります。よろしいですか？",
    keep_order: "取り消さない",
    cancelled_notice: "申込を取り消しました。",
    to_top: "トップページへ",
    details: "詳細",
    order_kind: "証明書の申込",
    not_found: "この申込は見つかりません。",
};

pub const ORDERS_EN: OrderTexts = OrderTexts {
    issue_certificate: "Issue certificate",
    issue_note: "Choose how you receive the certificates.",
    convenience_store: "Convenience store",
    by_post: "Sending by post",
    title_store: "Order certificates (print at a convenience store)",
    title_post: "Order certificates (by post)",
    student_id: "Student ID number",
    student_id_note: "Select the student ID number you want certificates for.",
    no_student_id: "No student ID number is registered.",
    type_column: "Type of certificate",
    commission_column: "Commission",
    copies_column: "Number of copies",
    amount_column: "Amount",
    yen: |n| format!("{} yen", thousands(n)),
    store_note: |fee, days| {
        format!("The printing fee ({fee} yen a sheet) is paid at the convenience store when printing. The reservation number can be printed for {days} days after the order.")
    },
    none_chosen: "Choose at least one copy of a certificate.",
    next: "Next",
    back: "Back",
    check: "Check",
    delivery_section: "Delivery",
    recipient: "Recipient",
    recipient_note: "To send it to someone else (where you submit it), enter their name.",
    in_japan: "In Japan",
    abroad: "Abroad",
    country: "Country or region",
    postal_code: "Postal code",
    prefecture: "Prefecture",
    city: "City",
    street: "Street address",
    apartment: "Building and room",
    address_line: |i| format!("Address line {i}"),
    address_lines_note: "Write the address as the post of that country does, in at least two lines.",
    postage: "Postage",
    sealed_envelope: "In a sealed envelope (厳封)",
    sealed_note: "Choose this when the recipient asks for certificates in a sealed envelope.",
    payment: "Payment",
    confirm_title: "Confirm your order",
    confirm_note: "Check the order and press Order.",
    total: "Total",
    fees: ["Handling fee", "Postage", "Sealed envelope"],
    store_fee_line: |fee| format!("Besides, pay the printing fee of {} yen at the convenience store when printing.", thousands(fee)),
    order_button: "Order",
    detail_title: "Order",
    order_number: "Order number",
    state: "Status",
    ordered_at: "Ordered",
    destination: "Destination",
    reservation_number: "Reservation number",
    print_deadline: "Print by",
    how_to_print_title: "How to print at a convenience store",
    how_to_print: [
        "At a multi-copy machine of 7-Eleven, FamilyMart or Lawson, choose the administrative services (certificate printing).",
        "Key in the reservation number and check the certificates.",
        "Pay the commission and the printing fee at the machine, and print.",
    ],
    placed_notice: "Your order has been received. We have sent you a confirmation mail.",
    pay_by_transfer: "Please pay the total by postal money order or bank transfer as the university instructs. Once the payment is confirmed, the certificates are printed and sent.",
    pay_by_card: "Pay by card",
    card_note: "You pay on Stripe's payment page. Once the payment is confirmed, the order goes ahead and we let you know by mail.",
    payment_done: "Thank you. As soon as the payment is confirmed, this page shows it and we let you know by mail.",
    payment_cancelled: "The payment was not completed. Pay again, or cancel the order.",
    carrier: "Carrier",
    tracking_number: "Tracking number",
    shipped_at: "Shipped",
    printed_at: "Printed",
    paid_at: "Payment confirmed",
    reason: "Reason",
    cancel_order: "Cancel the order",
    cancel_confirm: "Cancel this order? Its reservation number stops working.",
    keep_order: "Keep it",
    cancelled_notice: "The order has been cancelled.",
    to_top: "To the top page",
    details: "Details",
    order_kind: "Order of certificates",
    not_found: "This order was not found.",
};

/// A whole number of yen with thousands separators.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl OrderTexts {
    /// What a fee beside the commissions is called.
    pub fn fee(&self, kind: FeeKind) -> &'static str {
        match kind {
            FeeKind::Handling => self.fees[0],
            FeeKind::Postage => self.fees[1],
            FeeKind::SealedEnvelope => self.fees[2],
        }
    }
}

/// How a payment method reads to the graduate.
pub fn payment_method(method: PaymentMethod, locale: Locale) -> &'static str {
    match method {
        PaymentMethod::AtStore => {
            locale.pick("コンビニエンスストアで印刷時に支払う", "At the convenience store when printing")
        }
        PaymentMethod::StaffConfirmed => locale.pick("郵便為替・銀行振込", "Postal money order or bank transfer"),
        PaymentMethod::Card => locale.pick("クレジットカード", "Credit card"),
    }
}

impl I18n {
    pub fn orders(&self) -> &'static OrderTexts {
        match self.locale() {
            Locale::Ja => &ORDERS_JA,
            Locale::En => &ORDERS_EN,
        }
    }
}
