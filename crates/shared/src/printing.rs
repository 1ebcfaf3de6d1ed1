//! Printing stations (issue 11): the convenience-store networks' multi-copy machines and the
//! university's counter, which look up a reservation, collect the amount due and print the
//! copies.

#[cfg(feature = "db")]
use sea_orm::entity::prelude::StringLen;
use serde::{Deserialize, Serialize};

use crate::application::Violations;
use crate::fields;
use crate::messages::ErrorCode;

/// Where a station prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum StationKind {
    /// A convenience-store network's multi-copy machines.
    #[cfg_attr(feature = "db", sea_orm(string_value = "convenience_store"))]
    ConvenienceStore,
    /// The university's counter.
    #[cfg_attr(feature = "db", sea_orm(string_value = "counter"))]
    Counter,
}

/// The most characters of a station's name.
pub const MAX_STATION_NAME: usize = 100;

/// An administrator registers a station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Seven-Eleven multi-copy", "kind": "convenience_store"})))]
pub struct NewPrintStation {
    /// 1 to 100 characters, on one line.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    pub kind: StationKind,
}

/// The station's name, trimmed, or what is wrong with it.
pub fn check_station(station: &NewPrintStation) -> Result<String, Violations> {
    match fields::parse_line(station.name.trim(), MAX_STATION_NAME) {
        Ok("") => Err(vec![("/name".into(), ErrorCode::Required)]),
        Ok(name) => Ok(name.to_owned()),
        Err(code) => Err(vec![("/name".into(), code)]),
    }
}

/// A station just registered, with its API key: shown this once, stored only hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": 3, "api_key": "cis_ps_3_6QvJ0mQw0l6kq1X8t3o1nqgYq0O3sW2e4f5Zk8m9pAc"})))]
pub struct PrintStationKey {
    pub id: i64,
    /// Sent by the station as `Authorization: Bearer <api_key>`.
    pub api_key: String,
}

/// A registered station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrintStation {
    pub id: i64,
    pub name: String,
    pub kind: StationKind,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// When an administrator revoked its key (RFC 3339, UTC).
    pub revoked_at: Option<String>,
    /// When it last called the API (RFC 3339, UTC).
    pub last_used_at: Option<String>,
}

/// A certificate the reservation prints: one per copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReservedCopy {
    pub certificate_type_id: i64,
    /// The certificate's name in the language it is printed in.
    pub name: String,
    /// A4 sheets this copy takes.
    pub sheets: u32,
}

/// What a station shows once a reservation number is keyed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "reservation_number": "123456789012", "print_deadline": "2026-12-03T14:59:59Z",
    "copies": [{"certificate_type_id": 5, "name": "卒業証明書", "sheets": 1}],
    "amount_due_yen": 220
})))]
pub struct ReservationLookup {
    /// 12 digits.
    pub reservation_number: String,
    /// RFC 3339, UTC.
    pub print_deadline: String,
    pub copies: Vec<ReservedCopy>,
    /// What the station collects: the printing fee for every sheet, and the commissions and
    /// handling fee when the graduate chose to pay at the store.
    pub amount_due_yen: u32,
}

/// A station starts printing, with the amount it collected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reservation_number": "123456789012", "amount_yen": 220})))]
pub struct NewPrintJob {
    /// 12 digits; spaces and hyphens are ignored.
    pub reservation_number: String,
    /// Exactly the reservation's `amount_due_yen`.
    #[cfg_attr(feature = "openapi", schema(maximum = 100000000))]
    #[serde(deserialize_with = "crate::json::count")]
    pub amount_yen: u32,
}

/// A copy of a print job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrintJobCopy {
    pub id: i64,
    /// Printed on every page, in groups of four.
    pub verification_code: String,
    /// Where the station fetches the copy's PDF (with the same key).
    pub pdf_url: String,
}

/// A print job: what the station prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 41, "state": "started",
    "copies": [{"id": 88, "verification_code": "7KQ2-9XGA-M3TD-H0VE", "pdf_url": "/api/v1/print-stations/copies/88/pdf"}]
})))]
pub struct PrintJob {
    pub id: i64,
    pub state: PrintJobState,
    pub copies: Vec<PrintJobCopy>,
}

/// Where a print job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum PrintJobState {
    /// The amount is collected and the copies are being printed.
    #[cfg_attr(feature = "db", sea_orm(string_value = "started"))]
    Started,
    /// The station reported every copy printed: the order is completed.
    #[cfg_attr(feature = "db", sea_orm(string_value = "completed"))]
    Completed,
    /// The station reported the printing failed: the copies may be printed again.
    #[cfg_attr(feature = "db", sea_orm(string_value = "failed"))]
    Failed,
}

/// The counter (staff area): an order found by reservation or order number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterOrder {
    pub order_number: String,
    pub holder_name: String,
    #[serde(flatten)]
    pub reservation: ReservationLookup,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_written_as_the_api_documents_them() {
        assert_eq!(serde_json::to_value(StationKind::ConvenienceStore).unwrap(), "convenience_store");
        assert_eq!(serde_json::to_value(PrintJobState::Started).unwrap(), "started");
    }
}
