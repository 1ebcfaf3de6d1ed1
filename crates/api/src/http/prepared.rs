//! Documents staff prepare over HTTP (issue 11): attaching the PDF of an order line whose
//! certificate is not generated from the records. The queue of orders waiting for one is the
//! staff's order list with `waiting_for=document`.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::documents::{PreparedDocument, MAX_PDF_BYTES};
use cis_shared::messages::ErrorCode;
use cis_shared::Problem;

use super::auth::StaffAuth;
use super::graduate::no_store;
use super::problem::ApiError;
use super::registration::read_file;
use super::verification::PdfUpload;
use super::{client_address, documented_routes};
use crate::domain::prepared::{self, AttachError};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; attach_document)
        .register(cfg, |_, resource| resource.app_data(web::PayloadConfig::new(MAX_PDF_BYTES + 64 * 1024)));
}

impl From<AttachError> for ApiError {
    fn from(err: AttachError) -> Self {
        let refused = |status, code| ApiError::Refused { status, code };
        match err {
            AttachError::Order(e) => e.into(),
            AttachError::NotExpected => refused(StatusCode::CONFLICT, ErrorCode::DocumentNotExpected),
            AttachError::AlreadyIssued => refused(StatusCode::CONFLICT, ErrorCode::DocumentAlreadyIssued),
            AttachError::Unreadable => refused(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::PdfInvalid),
            AttachError::TooManyPages => refused(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::PdfTooManyPages),
            AttachError::Database(e) => ApiError::Internal(e.into()),
            AttachError::Io(e) => ApiError::Internal(e.into()),
        }
    }
}

/// Attaches the PDF of an order line whose certificate staff prepare (a certificate type
/// with `source` `staff_prepared`, such as the medical examination certificate), or replaces
/// the one attached. The file must be a PDF (judged by its content, `%PDF-`) of 1 to 50
/// pages that can be read without a password. Each copy of the line is then this document,
/// every page scaled onto A4 above a footer with the copy's verification code, QR code and
/// page number; the order prints once every such line has its document. Replacing is
/// allowed until a copy is issued from it, while the order is neither finished nor shipped.
/// Audit event `order.document_attached` (or `order.document_replaced`).
#[utoipa::path(
    put, path = "/api/v1/staff/orders/{order_number}/lines/{line}/document", tag = "staff",
    params(
        ("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`"),
        ("line" = u32, Path, minimum = 1, description = "The line's number in the order's `items`, from 1 (`prepared_documents[].line` of the order)"),
    ),
    request_body(content = PdfUpload, content_type = "multipart/form-data"),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Attached: the line with its document", body = PreparedDocument),
        (status = 400, description = "A multipart body that cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or no such line (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The line's certificate is generated from the records (`document_not_expected`), a copy was issued from the attached document (`document_already_issued`), or the order is finished or shipped (`order_state_conflict`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:document_already_issued", "title": "A certificate has already been issued from the attached document; it can no longer be replaced.", "status": 409, "code": "document_already_issued"})),
        (status = 413, description = "Over 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a PDF that can be read: not `%PDF-`, damaged, without pages or locked with a password (`pdf_invalid`); over 50 pages (`pdf_too_many_pages`); no `file` part (`required`), or another part beside it (`unknown_choice` at its name)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:pdf_invalid", "title": "The file cannot be read as a PDF. Choose a PDF file that is not locked with a password.", "status": 422, "code": "pdf_invalid"})),
    )
)]
pub async fn attach_document(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    path: web::Path<(String, u32)>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let (number, line) = path.into_inner();
    let bytes = read_file(form, MAX_PDF_BYTES, true).await?;
    let client = client_address(&req, state.settings.trust_proxy);
    let document =
        prepared::attach(state.scope(), state.press(), (staff.0.id, &client), (&number, line), bytes).await?;
    // A paid digital order waiting for this document goes out now.
    state.deliveries.notify_one();
    Ok(no_store(HttpResponse::Ok()).json(document))
}
