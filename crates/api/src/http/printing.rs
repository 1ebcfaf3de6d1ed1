//! Printing over HTTP (issue 11): the station API the convenience-store networks call with
//! their key, the administrators' registry of stations, and the counter screen's calls.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::messages::ErrorCode;
use cis_shared::printing::{
    check_station, CounterOrder, NewPrintJob, NewPrintStation, PrintJob, PrintStation, PrintStationKey,
    ReservationLookup,
};
use cis_shared::Problem;

use super::auth::{AdminAuth, StaffAuth, StationAuth};
use super::body::JsonObject;
use super::graduate::no_store;
use super::orders::idempotency_key;
use super::problem::ApiError;
use super::{client_address, documented_routes};
use crate::domain::documents::IssueError;
use crate::domain::printing::{self, JobRequest, PrintError, Printer};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1";
        register_station, stations, revoke_station,
        station_reservation, station_print_job, station_copy_pdf, station_job_complete, station_job_fail,
        // Before `/staff/counter/{number}`, which would take `print-jobs` for a number.
        counter_print_job, counter_copy_pdf, counter_job_complete, counter_job_fail, counter_order,
    )
    .register(cfg, |_, resource| resource);
}

impl From<PrintError> for ApiError {
    fn from(err: PrintError) -> Self {
        let refused = |status, code| ApiError::Refused { status, code };
        match err {
            PrintError::Unknown => refused(StatusCode::NOT_FOUND, ErrorCode::ReservationUnknown),
            PrintError::Gone => refused(StatusCode::GONE, ErrorCode::ReservationExpired),
            PrintError::AlreadyPrinted => refused(StatusCode::CONFLICT, ErrorCode::AlreadyPrinted),
            PrintError::AmountMismatch { .. } => {
                ApiError::Validation(vec![("/amount_yen".into(), ErrorCode::AmountDueMismatch)])
            }
            PrintError::KeyReused => refused(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::IdempotencyKeyReused),
            PrintError::JobNotOpen => refused(StatusCode::CONFLICT, ErrorCode::PrintJobClosed),
            PrintError::Issue(IssueError::NotPrepared) => refused(StatusCode::CONFLICT, ErrorCode::DocumentNotPrepared),
            PrintError::Issue(e) => ApiError::Internal(e.into()),
            PrintError::Database(e) => ApiError::Internal(e.into()),
            PrintError::Internal(e) => ApiError::Internal(e),
        }
    }
}

/// A PDF, never cached on the way.
pub(super) fn pdf_response(bytes: Vec<u8>, file_name: &str) -> HttpResponse {
    no_store(HttpResponse::Ok())
        .content_type("application/pdf")
        .insert_header(("Content-Disposition", format!("inline; filename=\"{file_name}\"")))
        .body(bytes)
}

/// Registers a printing station: a convenience-store network's multi-copy machines or the
/// university's counter. The answer holds its API key, shown this once and stored only as a
/// hash; the station sends it as `Authorization: Bearer <api_key>`. Audit event
/// `print_station.registered`.
#[utoipa::path(
    post, path = "/api/v1/staff/print-stations", tag = "printing",
    request_body = NewPrintStation,
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Registered; the key is shown once", body = PrintStationKey),
        (status = 403, response = super::problem::AdminOnly),
        (status = 422, description = "No name, one over 100 characters or with control characters (`/name`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn register_station(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    body: JsonObject<NewPrintStation>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let name = check_station(&body).map_err(ApiError::Validation)?;
    let client = client_address(&req, state.settings.trust_proxy);
    let key = printing::register_station(state.scope(), (admin.0.id, &client), name, body.kind).await?;
    Ok(no_store(HttpResponse::Created()).json(key))
}

/// The registered stations, newest first, revoked ones included.
#[utoipa::path(
    get, path = "/api/v1/staff/print-stations", tag = "printing",
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The stations", body = Vec<PrintStation>),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn stations(state: web::Data<AppState>, _admin: AdminAuth) -> Result<HttpResponse, ApiError> {
    Ok(no_store(HttpResponse::Ok()).json(printing::stations(state.scope()).await?))
}

/// Revokes a station's key: its next call answers 401. Revoking twice is no error. Audit
/// event `print_station.revoked`.
#[utoipa::path(
    delete, path = "/api/v1/staff/print-stations/{id}", tag = "printing",
    params(("id" = i64, Path, description = "The station's id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, response = super::problem::AdminOnly),
        (status = 404, description = "No such station (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn revoke_station(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    printing::revoke_station(state.scope(), &state.station_keys, (admin.0.id, &client), *id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(no_store(HttpResponse::NoContent()).finish())
}

/// A reservation keyed in at a multi-copy machine: its copies, their sheets and the amount
/// to collect (the printing fee for every sheet, plus the commissions and handling fee when
/// the graduate pays at the store).
#[utoipa::path(
    get, path = "/api/v1/print-stations/reservations/{reservation_number}", tag = "printing",
    params(("reservation_number" = String, Path, description = "12 digits (spaces and hyphens ignored)")),
    security(("station_key" = [])),
    responses(
        (status = 200, description = "Ready to print", body = ReservationLookup),
        (status = 401, description = "No key, or a wrong or revoked one (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No reservation ready to print: unknown, awaiting a card payment, or held (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Printed already (`already_printed`), or a certificate the university still prepares (`document_not_prepared`): nothing to collect yet", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Past its print deadline, or cancelled (`reservation_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn station_reservation(
    state: web::Data<AppState>,
    _station: StationAuth,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let catalogue = state.catalogue.current(&state.db).await?;
    Ok(no_store(HttpResponse::Ok()).json(printing::lookup(state.scope(), &catalogue, &number).await?))
}

async fn start(
    state: &AppState,
    req: &HttpRequest,
    printer: Printer,
    body: NewPrintJob,
    pdf_base: &str,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(req)?;
    let catalogue = state.catalogue.current(&state.db).await?;
    let request = JobRequest {
        reservation: &body.reservation_number,
        amount_yen: body.amount_yen,
        idempotency_key: &key,
        pdf_base,
    };
    let (job, created) = printing::start_job(state.scope(), state.press(), &catalogue, printer, request).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(no_store(HttpResponse::build(status)).json(job))
}

/// Starts printing a reservation with the amount collected, which must be its
/// `amount_due_yen`. Every copy is issued now (once: printing again after a failure gives
/// the same copies) with its own verification code, and fetched from its `pdf_url` with the
/// same key. The same `Idempotency-Key` and body answer the job started with it (200).
#[utoipa::path(
    post, path = "/api/v1/print-stations/print-jobs", tag = "printing",
    params(("Idempotency-Key" = String, Header, description = "8 to 64 letters, digits, `-` or `_`, new for each job (a UUID)",
        min_length = 8, max_length = 64, pattern = "^[A-Za-z0-9_-]{8,64}$")),
    request_body = NewPrintJob,
    security(("station_key" = [])),
    responses(
        (status = 201, description = "Started: print the copies, then report the job", body = PrintJob),
        (status = 200, description = "Started before with this key and body", body = PrintJob),
        (status = 400, description = "No `Idempotency-Key` (`idempotency_key_missing`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key, or a wrong or revoked one (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No reservation ready to print (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Printed already or being printed (`already_printed`), or a certificate the university still prepares (`document_not_prepared`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Past its print deadline, or cancelled (`reservation_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not the amount due (`/amount_yen` `amount_due_mismatch`), or the key used with another body (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn station_print_job(
    state: web::Data<AppState>,
    station: StationAuth,
    req: HttpRequest,
    body: JsonObject<NewPrintJob>,
) -> Result<HttpResponse, ApiError> {
    start(&state, &req, Printer::Station(station.0), body.into_inner(), "/api/v1/print-stations/copies").await
}

/// A copy's PDF (A4), while the job printing it is open.
#[utoipa::path(
    get, path = "/api/v1/print-stations/copies/{id}/pdf", tag = "printing",
    params(("id" = i64, Path, description = "The copy's id (in the job's `copies`)")),
    security(("station_key" = [])),
    responses(
        (status = 200, description = "The copy", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "No key, or a wrong or revoked one (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No copy of an open job of this station (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Its job was reported printed or failed (`print_job_closed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn station_copy_pdf(
    state: web::Data<AppState>,
    station: StationAuth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let bytes = printing::copy_pdf(state.scope(), state.press(), Printer::Station(station.0), *id).await?;
    Ok(pdf_response(bytes, &format!("certificate-{id}.pdf")))
}

/// Every copy of the job came out: the order is completed, and a payment at the store is
/// recorded. Reporting it again is no error.
#[utoipa::path(
    post, path = "/api/v1/print-stations/print-jobs/{id}/complete", tag = "printing",
    params(("id" = i64, Path, description = "The job's id")),
    security(("station_key" = [])),
    responses(
        (status = 204, description = "Recorded"),
        (status = 401, description = "No key, or a wrong or revoked one (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No job of this station (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The job was reported failed (`print_job_closed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn station_job_complete(
    state: web::Data<AppState>,
    station: StationAuth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    printing::complete_job((state.scope(), state.mailer()), Printer::Station(station.0), *id).await?;
    Ok(no_store(HttpResponse::NoContent()).finish())
}

/// The job failed: nothing was handed out, and the reservation may be printed again (the
/// same copies). Reporting it again is no error.
#[utoipa::path(
    post, path = "/api/v1/print-stations/print-jobs/{id}/fail", tag = "printing",
    params(("id" = i64, Path, description = "The job's id")),
    security(("station_key" = [])),
    responses(
        (status = 204, description = "Recorded"),
        (status = 401, description = "No key, or a wrong or revoked one (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No job of this station (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The job was reported printed (`print_job_closed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn station_job_fail(
    state: web::Data<AppState>,
    station: StationAuth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    printing::fail_job(state.scope(), Printer::Station(station.0), *id).await?;
    Ok(no_store(HttpResponse::NoContent()).finish())
}

/// The counter: a graduate's order found by its reservation number or its order number,
/// with the copies and the amount to take.
#[utoipa::path(
    get, path = "/api/v1/staff/counter/{number}", tag = "printing",
    params(("number" = String, Path, description = "A reservation number (12 digits) or an order number (`YYMM-NNNN-NNNN`)")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Ready to print", body = CounterOrder),
        (status = 404, description = "No order ready to print has this number (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Printed already (`already_printed`), or a certificate the university still prepares (`document_not_prepared`): nothing to collect yet", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Past its print deadline, or cancelled (`reservation_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn counter_order(
    state: web::Data<AppState>,
    _staff: StaffAuth,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let catalogue = state.catalogue.current(&state.db).await?;
    let (row, reservation) = printing::counter_lookup(state.scope(), &catalogue, &number).await?;
    let holder_name = crate::db::enrollment::Entity::find_by_id(row.enrollment_id)
        .one(&state.db)
        .await?
        .map(|e| e.name)
        .unwrap_or_default();
    use sea_orm::EntityTrait;
    Ok(no_store(HttpResponse::Ok()).json(CounterOrder { order_number: row.order_number, holder_name, reservation }))
}

/// The counter prints an order after taking its amount: as a station's print job, with the
/// reservation or order number in `reservation_number`.
#[utoipa::path(
    post, path = "/api/v1/staff/counter/print-jobs", tag = "printing",
    params(("Idempotency-Key" = String, Header, description = "8 to 64 letters, digits, `-` or `_`, new for each job (a UUID)",
        min_length = 8, max_length = 64, pattern = "^[A-Za-z0-9_-]{8,64}$")),
    request_body = NewPrintJob,
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Started: print the copies, then report the job", body = PrintJob),
        (status = 200, description = "Started before with this key and body", body = PrintJob),
        (status = 400, description = "No `Idempotency-Key` (`idempotency_key_missing`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No order ready to print (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Printed already or being printed (`already_printed`), or a certificate still being prepared (`document_not_prepared`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Past its print deadline, or cancelled (`reservation_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not the amount due (`/amount_yen` `amount_due_mismatch`), or the key used with another body (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn counter_print_job(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    body: JsonObject<NewPrintJob>,
) -> Result<HttpResponse, ApiError> {
    start(&state, &req, Printer::Counter(staff.0.id), body.into_inner(), "/api/v1/staff/counter/copies").await
}

/// A copy's PDF, for the counter's printer, while its job is open.
#[utoipa::path(
    get, path = "/api/v1/staff/counter/copies/{id}/pdf", tag = "printing",
    params(("id" = i64, Path, description = "The copy's id (in the job's `copies`)")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The copy", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No copy of an open counter job (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Its job was reported printed or failed (`print_job_closed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn counter_copy_pdf(
    state: web::Data<AppState>,
    staff: StaffAuth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let bytes = printing::copy_pdf(state.scope(), state.press(), Printer::Counter(staff.0.id), *id).await?;
    Ok(pdf_response(bytes, &format!("certificate-{id}.pdf")))
}

/// The counter handed the copies out: the order is completed.
#[utoipa::path(
    post, path = "/api/v1/staff/counter/print-jobs/{id}/complete", tag = "printing",
    params(("id" = i64, Path, description = "The job's id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Recorded"),
        (status = 404, description = "No counter job (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The job was reported failed (`print_job_closed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn counter_job_complete(
    state: web::Data<AppState>,
    staff: StaffAuth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    printing::complete_job((state.scope(), state.mailer()), Printer::Counter(staff.0.id), *id).await?;
    Ok(no_store(HttpResponse::NoContent()).finish())
}

/// The counter's printing failed: the same copies may be printed again.
#[utoipa::path(
    post, path = "/api/v1/staff/counter/print-jobs/{id}/fail", tag = "printing",
    params(("id" = i64, Path, description = "The job's id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Recorded"),
        (status = 404, description = "No counter job (`reservation_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The job was reported printed (`print_job_closed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn counter_job_fail(
    state: web::Data<AppState>,
    staff: StaffAuth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    printing::fail_job(state.scope(), Printer::Counter(staff.0.id), *id).await?;
    Ok(no_store(HttpResponse::NoContent()).finish())
}
