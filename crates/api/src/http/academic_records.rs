//! Academic records for staff over HTTP (issue 11): a CSV import with its preview.

use actix_multipart::Multipart;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::academic_records::ImportReport;
use cis_shared::Problem;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::auth::StaffAuth;
use super::graduate::no_store;
use super::problem::ApiError;
use super::registration::read_file;
use super::{client_address, documented_routes};
use crate::domain::academic_records;
use crate::state::AppState;

/// The largest import: 50,000 rows of a few dozen characters.
const MAX_CSV_BYTES: usize = 8 * 1024 * 1024;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; import_academic_records)
        .register(cfg, |_, resource| resource.app_data(web::PayloadConfig::new(MAX_CSV_BYTES + 64 * 1024)));
}

/// A `multipart/form-data` body with one part, `file`, and no other.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct CsvUpload {
    /// UTF-8 CSV (a byte order mark allowed), at most 8 MiB and 50,000 rows; the first row
    /// names the columns `student_id`, `term`, `course_code`, `title_ja`, `title_en`,
    /// `credits`, `grade`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true`: only check the file (the preview); nothing is saved.
    #[serde(default)]
    dry_run: bool,
}

/// Imports course records by CSV. Every problem is named by its row (1 is the header) and
/// column, and a student ID number must be one of the university's registered student
/// records (`student_unknown`). With `dry_run=true`, or with any problem, nothing is saved
/// (`saved: false`); otherwise each student in the file has their record replaced by the
/// file's rows, in one transaction, recorded as `academic_records.imported`.
#[utoipa::path(
    post, path = "/api/v1/staff/academic-records/imports", tag = "staff",
    params(ImportQuery),
    request_body(content = CsvUpload, content_type = "multipart/form-data"),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The file's rows and students, its problems, and whether it was saved", body = ImportReport),
        (status = 413, description = "Over 8 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "A multipart body that cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No `file` part, or another part beside it (`unknown_choice` at its name)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn import_academic_records(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let bytes = read_file(form, MAX_CSV_BYTES, true).await?;
    let client = client_address(&req, state.settings.trust_proxy);
    let report = academic_records::import(state.scope(), (staff.0.id, &client), &bytes, query.dry_run)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(no_store(HttpResponse::Ok()).json(report))
}
