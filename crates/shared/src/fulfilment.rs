//! What the university's staff do with an order after it is placed (issue 10): hold it or
//! cancel it with a reason, mark a post order printed, then shipped with its carrier and
//! tracking number; and the order's history as staff read it.

use serde::{Deserialize, Serialize};

use crate::application::Violations;
use crate::fields;
use crate::messages::ErrorCode;

/// Who carries a post order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    /// Japan Post (Yu-Pack, Letter Pack, registered mail, EMS).
    JapanPost,
    /// Yamato Transport.
    Yamato,
    /// Sagawa Express.
    Sagawa,
    Dhl,
    Fedex,
    Ups,
}

impl Carrier {
    pub const ALL: [Carrier; 6] =
        [Carrier::JapanPost, Carrier::Yamato, Carrier::Sagawa, Carrier::Dhl, Carrier::Fedex, Carrier::Ups];

    pub fn as_str(self) -> &'static str {
        match self {
            Carrier::JapanPost => "japan_post",
            Carrier::Yamato => "yamato",
            Carrier::Sagawa => "sagawa",
            Carrier::Dhl => "dhl",
            Carrier::Fedex => "fedex",
            Carrier::Ups => "ups",
        }
    }

    pub fn parse(text: &str) -> Option<Carrier> {
        Carrier::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The carrier's name as the graduate knows it.
    pub fn label(self, locale: crate::Locale) -> &'static str {
        match self {
            Carrier::JapanPost => locale.pick("日本郵便", "Japan Post"),
            Carrier::Yamato => locale.pick("ヤマト運輸", "Yamato Transport"),
            Carrier::Sagawa => locale.pick("佐川急便", "Sagawa Express"),
            Carrier::Dhl => "DHL",
            Carrier::Fedex => "FedEx",
            Carrier::Ups => "UPS",
        }
    }
}

/// A post order handed to its carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"carrier": "japan_post", "tracking_number": "1234-5678-9012"})))]
pub struct Shipment {
    pub carrier: Carrier,
    /// 8 to 30 half-width letters and digits; hyphens and spaces between them are dropped
    /// (`1234-5678-9012`, `EJ123456789JP`).
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 40))]
    pub tracking_number: String,
}

/// A tracking number as carriers print it, without its hyphens and spaces, in capitals.
pub fn parse_tracking_number(input: &str) -> Result<String, ErrorCode> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ErrorCode::Required);
    }
    let kept: String = trimmed.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let well_formed = kept.chars().all(|c| c.is_ascii_alphanumeric()) && (8..=30).contains(&kept.len());
    if well_formed && trimmed.chars().count() <= 40 {
        Ok(kept.to_ascii_uppercase())
    } else {
        Err(ErrorCode::TrackingNumberInvalid)
    }
}

/// The shipment with its tracking number as stored, or the field at fault.
pub fn check_shipment(shipment: &Shipment) -> Result<Shipment, Violations> {
    parse_tracking_number(&shipment.tracking_number)
        .map(|tracking_number| Shipment { carrier: shipment.carrier, tracking_number })
        .map_err(|code| vec![("/tracking_number".into(), code)])
}

/// Why staff hold or cancel an order: told to the graduate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "The name on the order differs from our records; please contact the office."})))]
pub struct StaffReason {
    /// 1 to 200 characters; line breaks allowed.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub reason: String,
}

/// The longest reason.
pub const REASON_MAX: usize = 200;

/// The reason, trimmed, or the field at fault.
pub fn check_reason(reason: &StaffReason) -> Result<String, Violations> {
    let trimmed = reason.reason.trim();
    let code = match fields::parse_text(trimmed, REASON_MAX) {
        Ok("") => ErrorCode::Required,
        Ok(text) => return Ok(text.to_owned()),
        Err(code) => code,
    };
    Err(vec![("/reason".into(), code)])
}

/// One change of an order, from the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderEvent {
    /// `order.placed`, `order.payment_recorded`, `order.held`, `order.released`,
    /// `order.cancelled`, `order.printed`, `order.shipped`, `order.expired`, `order.reminded`, …
    pub action: String,
    pub by: crate::staff::ActorKind,
    /// The staff member's name, where staff did it.
    pub staff_name: Option<String>,
    pub detail: Option<String>,
    /// RFC 3339, UTC.
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_numbers_lose_their_hyphens_and_keep_their_letters() {
        assert_eq!(parse_tracking_number("1234-5678-9012").as_deref(), Ok("123456789012"));
        assert_eq!(parse_tracking_number(" ej123456789jp ").as_deref(), Ok("EJ123456789JP"));
        assert_eq!(parse_tracking_number(""), Err(ErrorCode::Required));
        assert_eq!(parse_tracking_number("1234567"), Err(ErrorCode::TrackingNumberInvalid));
        assert_eq!(parse_tracking_number("1234/5678/9012"), Err(ErrorCode::TrackingNumberInvalid));
        assert_eq!(parse_tracking_number("１２３４５６７８９"), Err(ErrorCode::TrackingNumberInvalid));
        assert_eq!(parse_tracking_number(&"1".repeat(31)), Err(ErrorCode::TrackingNumberInvalid));
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        let reason = |r: &str| check_reason(&StaffReason { reason: r.into() });
        assert_eq!(reason("  Name differs  ").unwrap(), "Name differs");
        assert_eq!(reason("   ").unwrap_err()[0].1, ErrorCode::Required);
        assert_eq!(reason(&"x".repeat(201)).unwrap_err()[0].1, ErrorCode::TooLong);
        assert_eq!(reason("a\u{0}b").unwrap_err()[0].1, ErrorCode::TextInvalid);
        assert!(reason("line one\nline two").is_ok());
    }
}
