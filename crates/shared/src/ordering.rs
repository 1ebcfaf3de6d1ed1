//! What can be ordered, through which channel, by whom and for how much (manual 2.3 step
//! 15, 2.5 (c)): the certificate types as administrators keep them, the university's order
//! settings (handling fee, the store's printing fee, postage, payment methods, the print
//! deadline), and what a graduate's enrollment may order through a channel.

use serde::{Deserialize, Serialize};

use crate::application::{Check, Completion, Violations};
use crate::catalog::{CertificateLanguage, DegreeProgram, LocalizedName};
use crate::fields;
use crate::messages::ErrorCode;

/// How the certificates reach the graduate (manual 2.5 (c), "Select Printing Destination").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Printed at a convenience store's multi-copy machine with a reservation number.
    ConvenienceStore,
    /// Printed by the university and sent by post.
    Post,
    /// Sent as a PDF and a Verifiable Credential to a recipient the graduate names, by a
    /// link valid three months (issue 11, beyond the manual).
    Digital,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::ConvenienceStore, Channel::Post, Channel::Digital];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::ConvenienceStore => "convenience_store",
            Channel::Post => "post",
            Channel::Digital => "digital",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The payment methods that fit the channel: at the store's terminal only for the
    /// store; money order or transfer for post and digital delivery; a card for all.
    pub fn allows(self, method: PaymentMethod) -> bool {
        match method {
            PaymentMethod::AtStore => self == Channel::ConvenienceStore,
            PaymentMethod::StaffConfirmed => self != Channel::ConvenienceStore,
            PaymentMethod::Card => true,
        }
    }

    /// Whether the university sends what is ordered (post and digital delivery), rather than
    /// the graduate printing it: paid orders wait in preparation.
    pub fn sent_by_university(self) -> bool {
        self != Channel::ConvenienceStore
    }
}

/// How an order is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Paid at the convenience store's terminal when printing.
    AtStore,
    /// Paid by postal money order or bank transfer; staff record the payment.
    StaffConfirmed,
    /// Paid online by card (Stripe Checkout); offered only where the server has its keys.
    Card,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 3] = [PaymentMethod::AtStore, PaymentMethod::StaffConfirmed, PaymentMethod::Card];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::AtStore => "at_store",
            PaymentMethod::StaffConfirmed => "staff_confirmed",
            PaymentMethod::Card => "card",
        }
    }

    pub fn parse(text: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// The most a fee may be, in yen.
pub const MAX_FEE_YEN: u32 = 1_000_000;
/// The most copies of one type an administrator may allow in one order.
pub const MAX_COPIES_LIMIT: u32 = 99;
/// The most sheets one copy may take.
pub const MAX_SHEETS: u32 = 20;
/// The longest print deadline, in days.
pub const MAX_PRINT_DEADLINE_DAYS: u32 = 60;

/// A certificate type as administrators keep it (sent whole to create or replace one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "graduation", "name": {"ja": "卒業証明書", "en": "Certificate of Graduation"}, "language": "ja",
    "fee_yen": 200, "max_copies": 10, "sheets": 1, "channels": ["convenience_store", "post"],
    "degree_programs": [], "completions": ["graduated"], "on_sale": true
})))]
pub struct CertificateTypeSpec {
    /// A stable code, unique within the university: half-width lower-case letters, digits
    /// and underscores.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_]{1,40}$"))]
    pub code: String,
    /// Each name 1 to 100 characters.
    pub name: LocalizedName,
    /// The language the certificate is printed in.
    pub language: CertificateLanguage,
    /// The commission for one copy, in yen.
    #[cfg_attr(feature = "openapi", schema(maximum = 1000000))]
    #[serde(deserialize_with = "crate::json::count")]
    pub fee_yen: u32,
    /// The most copies of this type in one order.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    #[serde(deserialize_with = "crate::json::count")]
    pub max_copies: u32,
    /// The sheets one copy takes (the store's printing fee is per sheet).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 20))]
    #[serde(deserialize_with = "crate::json::count")]
    pub sheets: u32,
    /// The channels it may be ordered through; at least one, each once.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub channels: Vec<Channel>,
    /// The degree program codes (of `GET /api/v1/catalog/degree-programs`) whose enrollments
    /// may order it, each once; empty for every program.
    pub degree_programs: Vec<String>,
    /// The completion states whose enrollments may order it, each once; empty for every state.
    pub completions: Vec<Completion>,
    /// `false` withdraws it from sale; orders placed before keep it.
    pub on_sale: bool,
    /// Where the printed certificate's content comes from; `enrollment` when absent.
    #[serde(default)]
    pub source: crate::documents::CertificateSource,
}

/// A certificate type with its id, as administrators read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 5, "code": "graduation", "name": {"ja": "卒業証明書", "en": "Certificate of Graduation"}, "language": "ja",
    "fee_yen": 200, "max_copies": 10, "sheets": 1, "channels": ["convenience_store", "post"],
    "degree_programs": [], "completions": ["graduated"], "on_sale": true
})))]
pub struct ManagedCertificateType {
    pub id: i64,
    #[serde(flatten)]
    pub spec: CertificateTypeSpec,
}

/// A way of sending a post order, with its fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "registered", "name": {"ja": "簡易書留", "en": "Registered mail"}, "fee_yen": 460, "overseas": false
})))]
pub struct PostageOption {
    /// Unique among the university's postage options; the same form as a type's code.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_]{1,40}$"))]
    pub code: String,
    pub name: LocalizedName,
    #[cfg_attr(feature = "openapi", schema(maximum = 1000000))]
    #[serde(deserialize_with = "crate::json::count")]
    pub fee_yen: u32,
    /// For addresses outside Japan (`true`) or inside (`false`).
    pub overseas: bool,
}

/// The payment methods offered per channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethods {
    /// `at_store` and/or `card`; at least one, each once.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub convenience_store: Vec<PaymentMethod>,
    /// `staff_confirmed` and/or `card`; at least one, each once.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub post: Vec<PaymentMethod>,
    /// `staff_confirmed` and/or `card`, each once; empty (or absent) when the university
    /// does not offer digital delivery.
    #[serde(default)]
    pub digital: Vec<PaymentMethod>,
}

impl PaymentMethods {
    pub fn of(&self, channel: Channel) -> &[PaymentMethod] {
        match channel {
            Channel::ConvenienceStore => &self.convenience_store,
            Channel::Post => &self.post,
            Channel::Digital => &self.digital,
        }
    }
}

/// The university's order settings (sent whole to replace them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "handling_fee_yen": 0, "print_fee_per_sheet_yen": 20, "print_deadline_days": 7,
    "sealed_envelope": true, "sealed_envelope_fee_yen": 0,
    "transfer_instructions": {"ja": "ゆうちょ銀行 〇一九店 当座 0123456 ザイダンホウジン ザ ユニバーシティ", "en": "Japan Post Bank, branch 019, current account 0123456, The University"},
    "payment_methods": {"convenience_store": ["at_store", "card"], "post": ["staff_confirmed", "card"], "digital": ["card"]},
    "postage_options": [
        {"code": "ordinary", "name": {"ja": "普通郵便", "en": "Ordinary mail"}, "fee_yen": 110, "overseas": false},
        {"code": "airmail", "name": {"ja": "国際航空郵便", "en": "International airmail"}, "fee_yen": 190, "overseas": true}
    ]
})))]
pub struct OrderSettings {
    /// Charged once per order, in yen.
    #[cfg_attr(feature = "openapi", schema(maximum = 1000000))]
    #[serde(deserialize_with = "crate::json::count")]
    pub handling_fee_yen: u32,
    /// The convenience store's printing fee per sheet, paid at the store; shown to the graduate.
    #[cfg_attr(feature = "openapi", schema(maximum = 1000000))]
    #[serde(deserialize_with = "crate::json::count")]
    pub print_fee_per_sheet_yen: u32,
    /// Days from the order within which a reservation number can be printed.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    #[serde(deserialize_with = "crate::json::count")]
    pub print_deadline_days: u32,
    /// Whether a post order may ask for a sealed envelope (厳封).
    pub sealed_envelope: bool,
    #[cfg_attr(feature = "openapi", schema(maximum = 1000000))]
    #[serde(deserialize_with = "crate::json::count")]
    pub sealed_envelope_fee_yen: u32,
    pub payment_methods: PaymentMethods,
    /// In display order; codes unique. Post needs at least one.
    pub postage_options: Vec<PostageOption>,
    /// How to pay by postal money order or bank transfer (the account, the payee, what to
    /// write), shown and mailed with every order that waits for such a payment; each language
    /// 1 to 1,000 characters, line breaks allowed; null for none.
    #[serde(default)]
    pub transfer_instructions: Option<LocalizedName>,
}

/// The longest transfer instructions, in each language.
pub const INSTRUCTIONS_MAX: usize = 1000;

impl Default for OrderSettings {
    /// The settings of a university that has set none: no handling fee, 20 yen a sheet at
    /// the store (the stores' usual fee), a week to print, payment at the store or by
    /// money order, no postage (so no post orders until staff add some).
    fn default() -> Self {
        OrderSettings {
            handling_fee_yen: 0,
            print_fee_per_sheet_yen: 20,
            print_deadline_days: 7,
            sealed_envelope: false,
            sealed_envelope_fee_yen: 0,
            payment_methods: PaymentMethods {
                convenience_store: vec![PaymentMethod::AtStore],
                post: vec![PaymentMethod::StaffConfirmed],
                digital: Vec::new(),
            },
            postage_options: Vec::new(),
            transfer_instructions: None,
        }
    }
}

/// A code: 1 to 40 half-width lower-case letters, digits and underscores.
pub fn parse_code(text: &str) -> Result<&str, ErrorCode> {
    if text.is_empty() {
        Err(ErrorCode::Required)
    } else if text.len() > 40 {
        Err(ErrorCode::TooLong)
    } else if text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        Ok(text)
    } else {
        Err(ErrorCode::CodeInvalid)
    }
}

fn fee(yen: u32) -> Result<u32, ErrorCode> {
    if yen <= MAX_FEE_YEN {
        Ok(yen)
    } else {
        Err(ErrorCode::OutOfRange)
    }
}

fn within(value: u32, max: u32) -> Result<u32, ErrorCode> {
    if (1..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ErrorCode::OutOfRange)
    }
}

impl Check {
    fn name(&mut self, pointer: &str, name: &LocalizedName) {
        self.field(&format!("{pointer}/ja"), fields::parse_line(&name.ja, 100));
        self.field(&format!("{pointer}/en"), fields::parse_line(&name.en, 100));
    }

    /// Each element once; the repeated one named at its index.
    fn distinct<T: PartialEq>(&mut self, pointer: &str, items: &[T]) {
        for (i, item) in items.iter().enumerate() {
            if items[..i].contains(item) {
                self.0.push((format!("{pointer}/{i}"), ErrorCode::Duplicate));
            }
        }
    }
}

/// Every broken rule of a certificate type; `degree_programs` is the catalogue's list.
pub fn validate_certificate_type(spec: &CertificateTypeSpec, degree_programs: &[DegreeProgram]) -> Violations {
    let mut c = Check(Vec::new());
    c.field("/code", parse_code(&spec.code));
    c.name("/name", &spec.name);
    c.field("/fee_yen", fee(spec.fee_yen));
    c.field("/max_copies", within(spec.max_copies, MAX_COPIES_LIMIT));
    c.field("/sheets", within(spec.sheets, MAX_SHEETS));
    if spec.channels.is_empty() {
        c.0.push(("/channels".into(), ErrorCode::Required));
    }
    c.distinct("/channels", &spec.channels);
    for (i, code) in spec.degree_programs.iter().enumerate() {
        if !degree_programs.iter().any(|p| &p.code == code) {
            c.0.push((format!("/degree_programs/{i}"), ErrorCode::UnknownChoice));
        }
    }
    c.distinct("/degree_programs", &spec.degree_programs);
    c.distinct("/completions", &spec.completions);
    c.0
}

/// Every broken rule of the order settings.
pub fn validate_order_settings(settings: &OrderSettings) -> Violations {
    let mut c = Check(Vec::new());
    c.field("/handling_fee_yen", fee(settings.handling_fee_yen));
    c.field("/print_fee_per_sheet_yen", fee(settings.print_fee_per_sheet_yen));
    c.field("/print_deadline_days", within(settings.print_deadline_days, MAX_PRINT_DEADLINE_DAYS));
    c.field("/sealed_envelope_fee_yen", fee(settings.sealed_envelope_fee_yen));
    if let Some(text) = &settings.transfer_instructions {
        for (pointer, value) in [("/transfer_instructions/ja", &text.ja), ("/transfer_instructions/en", &text.en)] {
            match fields::parse_text(value, INSTRUCTIONS_MAX) {
                Ok(v) if v.trim().is_empty() => c.0.push((pointer.into(), ErrorCode::Required)),
                other => {
                    c.field(pointer, other);
                }
            }
        }
    }
    for channel in Channel::ALL {
        let pointer = format!("/payment_methods/{}", channel.as_str());
        let methods = settings.payment_methods.of(channel);
        if methods.is_empty() && channel != Channel::Digital {
            c.0.push((pointer.clone(), ErrorCode::Required));
        }
        for (i, method) in methods.iter().enumerate() {
            if !channel.allows(*method) {
                c.0.push((format!("{pointer}/{i}"), ErrorCode::UnknownChoice));
            }
        }
        c.distinct(&pointer, methods);
    }
    for (i, option) in settings.postage_options.iter().enumerate() {
        let pointer = format!("/postage_options/{i}");
        c.field(&format!("{pointer}/code"), parse_code(&option.code));
        c.name(&format!("{pointer}/name"), &option.name);
        c.field(&format!("{pointer}/fee_yen"), fee(option.fee_yen));
        if settings.postage_options[..i].iter().any(|o| o.code == option.code) {
            c.0.push((format!("{pointer}/code"), ErrorCode::Duplicate));
        }
    }
    c.0
}

/// Why an enrollment cannot order a type through a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotOrderable {
    /// Not offered through this channel (post only, say).
    Channel,
    /// Not for this enrollment's degree program.
    DegreeProgram,
    /// Not for this enrollment's completion (a certificate of graduation for a withdrawal).
    Completion,
}

impl NotOrderable {
    /// The reason in the graduate's words.
    pub fn message(self, locale: crate::Locale) -> &'static str {
        match self {
            NotOrderable::Channel => locale.pick(
                "この証明書はこの受取方法では申し込めません。",
                "This certificate cannot be ordered for this destination.",
            ),
            NotOrderable::DegreeProgram => locale.pick(
                "この学籍の課程では申し込めない証明書です。",
                "This certificate is not issued for this student ID's degree program.",
            ),
            NotOrderable::Completion => locale.pick(
                "この学籍の卒業（修了）区分では申し込めない証明書です。",
                "This certificate is not issued for this student ID's completion status.",
            ),
        }
    }
}

/// Whether an enrollment (its degree program and completion) may order the type through
/// the channel; the first reason it may not.
pub fn orderable(
    spec: &CertificateTypeSpec,
    channel: Channel,
    degree_program: &str,
    completion: Completion,
) -> Result<(), NotOrderable> {
    if !spec.channels.contains(&channel) {
        Err(NotOrderable::Channel)
    } else if !spec.degree_programs.is_empty() && !spec.degree_programs.iter().any(|p| p == degree_program) {
        Err(NotOrderable::DegreeProgram)
    } else if !spec.completions.is_empty() && !spec.completions.contains(&completion) {
        Err(NotOrderable::Completion)
    } else {
        Ok(())
    }
}

/// A certificate type as the graduate's order form shows it for one channel and enrollment
/// (manual 2.3 step 15: type, commission, number of copies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderableType {
    pub certificate_type_id: i64,
    pub code: String,
    pub name: LocalizedName,
    pub language: CertificateLanguage,
    /// The commission for one copy, in yen.
    pub unit_fee_yen: u32,
    pub max_copies: u32,
    pub sheets: u32,
    /// `false`: shown greyed, with `reason`.
    pub orderable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NotOrderable>,
}

/// What an enrollment may order through a channel, and the fees that apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "channel": "convenience_store", "enrollment_id": 1,
    "types": [
        {"certificate_type_id": 5, "code": "graduation", "name": {"ja": "卒業証明書", "en": "Certificate of Graduation"},
            "language": "ja", "unit_fee_yen": 200, "max_copies": 10, "sheets": 1, "orderable": true},
        {"certificate_type_id": 2, "code": "completion_en", "name": {"ja": "修了証明書（英文）", "en": "Certificate of Completion (English)"},
            "language": "en", "unit_fee_yen": 800, "max_copies": 10, "sheets": 1, "orderable": false, "reason": "channel"}
    ],
    "handling_fee_yen": 0, "print_fee_per_sheet_yen": 20, "print_deadline_days": 7,
    "payment_methods": ["at_store"], "postage_options": [], "sealed_envelope": false, "sealed_envelope_fee_yen": 0
})))]
pub struct OrderOptions {
    pub channel: Channel,
    pub enrollment_id: i64,
    /// Every type on sale, in display order; those this enrollment may not order through
    /// this channel with `orderable: false` and the reason.
    pub types: Vec<OrderableType>,
    pub handling_fee_yen: u32,
    /// Paid at the store per sheet (convenience store only; 0 for post).
    pub print_fee_per_sheet_yen: u32,
    /// Days to print a reservation number (convenience store).
    pub print_deadline_days: u32,
    /// The payment methods offered for this channel (`card` only where the server has its keys).
    pub payment_methods: Vec<PaymentMethod>,
    /// Post only (empty for the convenience store).
    pub postage_options: Vec<PostageOption>,
    /// Post only: whether a sealed envelope may be asked for, and its fee.
    pub sealed_envelope: bool,
    pub sealed_envelope_fee_yen: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> CertificateTypeSpec {
        CertificateTypeSpec {
            code: "graduation".into(),
            name: LocalizedName { ja: "卒業証明書".into(), en: "Certificate of Graduation".into() },
            language: CertificateLanguage::Ja,
            fee_yen: 200,
            max_copies: 10,
            sheets: 1,
            channels: vec![Channel::ConvenienceStore, Channel::Post],
            degree_programs: vec![],
            completions: vec![Completion::Graduated],
            on_sale: true,
            source: Default::default(),
        }
    }

    fn programs() -> Vec<DegreeProgram> {
        let name = LocalizedName { ja: "学部".into(), en: "Undergraduate Program".into() };
        vec![DegreeProgram { code: "undergraduate".into(), name }]
    }

    #[test]
    fn a_plausible_type_keeps_the_rules() {
        assert_eq!(validate_certificate_type(&spec(), &programs()), vec![]);
    }

    #[test]
    fn every_broken_rule_of_a_type_is_named_at_its_field() {
        let mut bad = spec();
        bad.code = "Graduation!".into();
        bad.name.en = String::new();
        bad.fee_yen = MAX_FEE_YEN + 1;
        bad.max_copies = 0;
        bad.sheets = MAX_SHEETS + 1;
        bad.channels = vec![Channel::Post, Channel::Post];
        bad.degree_programs = vec!["astrology".into()];
        let found = validate_certificate_type(&bad, &programs());
        assert_eq!(
            found,
            vec![
                ("/code".into(), ErrorCode::CodeInvalid),
                ("/name/en".into(), ErrorCode::Required),
                ("/fee_yen".into(), ErrorCode::OutOfRange),
                ("/max_copies".into(), ErrorCode::OutOfRange),
                ("/sheets".into(), ErrorCode::OutOfRange),
                ("/channels/1".into(), ErrorCode::Duplicate),
                ("/degree_programs/0".into(), ErrorCode::UnknownChoice),
            ]
        );
        bad.channels.clear();
        assert!(validate_certificate_type(&bad, &programs()).contains(&("/channels".into(), ErrorCode::Required)));
    }

    #[test]
    fn payment_methods_must_fit_their_channel_and_postage_codes_be_unique() {
        let mut settings = OrderSettings::default();
        assert_eq!(validate_order_settings(&settings), vec![]);
        settings.payment_methods.convenience_store = vec![PaymentMethod::StaffConfirmed];
        settings.payment_methods.post = vec![];
        let option = PostageOption {
            code: "ordinary".into(),
            name: LocalizedName { ja: "普通郵便".into(), en: "Ordinary mail".into() },
            fee_yen: 110,
            overseas: false,
        };
        settings.postage_options = vec![option.clone(), option];
        settings.print_deadline_days = 0;
        assert_eq!(
            validate_order_settings(&settings),
            vec![
                ("/print_deadline_days".into(), ErrorCode::OutOfRange),
                ("/payment_methods/convenience_store/0".into(), ErrorCode::UnknownChoice),
                ("/payment_methods/post".into(), ErrorCode::Required),
                ("/postage_options/1/code".into(), ErrorCode::Duplicate),
            ]
        );
    }

    #[test]
    fn what_an_enrollment_may_order_follows_channel_program_and_completion() {
        let mut s = spec();
        assert_eq!(orderable(&s, Channel::Post, "masters", Completion::Graduated), Ok(()));
        assert_eq!(orderable(&s, Channel::Post, "masters", Completion::Withdrawn), Err(NotOrderable::Completion));
        s.degree_programs = vec!["undergraduate".into()];
        assert_eq!(orderable(&s, Channel::Post, "masters", Completion::Graduated), Err(NotOrderable::DegreeProgram));
        s.channels = vec![Channel::Post];
        let store = orderable(&s, Channel::ConvenienceStore, "undergraduate", Completion::Graduated);
        assert_eq!(store, Err(NotOrderable::Channel));
    }

    #[test]
    fn channels_and_methods_read_back_from_their_codes() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.as_str()), Some(m));
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
    }
}
