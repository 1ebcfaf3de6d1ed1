//! Documents staff prepare (issue 11): a certificate type whose source is `staff_prepared`
//! (the medical examination certificate) is not generated from the records. Staff attach
//! its PDF to the order line; each copy is then that PDF with the copy's verification code,
//! QR code and page numbers stamped on every page (`documents::issue_order`). Until then the
//! order waits in the staff's queue and does not print. The document may be replaced until
//! a copy is issued from it; after, the copy stands as issued.

use cis_shared::catalog::LocalizedName;
use cis_shared::documents::{looks_like_pdf, CertificateSource, PreparedDocument, MAX_PREPARED_PAGES};
use cis_shared::orders::OrderState;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TryIntoModel,
};

use super::audit::{self, Actor};
use super::documents::Press;
use super::order_basis::find;
use super::order_basis::OrderError;
use super::{certificate_text, Scope};
use crate::clock::rfc3339;
use crate::db::{certificate_type, issued_copy, order, order_item, prepared_document};
use crate::pdf;

/// The states in which a document may be attached: the order is neither finished nor shipped.
const OPEN: [OrderState; 4] = OrderState::STAFF_CANCELLABLE;

#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    /// No such order or line (`NotFound`), or an order finished or shipped (`StateConflict`).
    #[error(transparent)]
    Order(#[from] OrderError),
    #[error("the line's certificate is generated from the records")]
    NotExpected,
    #[error("a copy was issued from the attached document")]
    AlreadyIssued,
    #[error("not a PDF that can be read")]
    Unreadable,
    #[error("more pages than a prepared document may have")]
    TooManyPages,
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error("storing the document: {0}")]
    Io(#[from] std::io::Error),
}

/// The university's certificate types that staff prepare.
async fn prepared_types(scope: Scope<'_>) -> Result<Vec<i64>, DbErr> {
    let rows = certificate_type::Entity::find()
        .filter(certificate_type::Column::UniversityId.eq(scope.university.id))
        .filter(certificate_type::Column::Source.eq(CertificateSource::StaffPrepared))
        .all(scope.db)
        .await?;
    Ok(rows.into_iter().map(|t| t.id).collect())
}

/// The staff's queue: orders neither finished nor shipped with a line staff prepare that has
/// no document yet.
pub async fn waiting_for_document(scope: Scope<'_>) -> Result<Condition, DbErr> {
    let lines = Query::select()
        .column(order_item::Column::OrderId)
        .from(order_item::Entity)
        .and_where(order_item::Column::CertificateTypeId.is_in(prepared_types(scope).await?))
        .and_where(order_item::Column::Id.not_in_subquery(
            Query::select().column(prepared_document::Column::OrderItemId).from(prepared_document::Entity).to_owned(),
        ))
        .to_owned();
    Ok(Condition::all().add(order::Column::State.is_in(OPEN)).add(order::Column::Id.in_subquery(lines)))
}

/// The lines of an order whose certificate staff prepare, each with its document.
pub async fn documents_of(scope: Scope<'_>, row: &order::Model) -> Result<Vec<PreparedDocument>, DbErr> {
    let types = prepared_types(scope).await?;
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(row.id))
        .filter(order_item::Column::CertificateTypeId.is_in(types))
        .order_by_asc(order_item::Column::Position)
        .all(scope.db)
        .await?;
    let attached =
        prepared_document::Entity::find().filter(prepared_document::Column::OrderId.eq(row.id)).all(scope.db).await?;
    let issued = issued_copy::Entity::find().filter(issued_copy::Column::OrderId.eq(row.id)).all(scope.db).await?;
    Ok(items
        .iter()
        .map(|item| {
            let document = attached.iter().find(|d| d.order_item_id == item.id);
            let from_it = issued.iter().any(|c| c.order_item_id == item.id);
            view(item, document, OPEN.contains(&row.state) && !from_it)
        })
        .collect())
}

fn view(item: &order_item::Model, document: Option<&prepared_document::Model>, replaceable: bool) -> PreparedDocument {
    PreparedDocument {
        line: (item.position + 1).max(1) as u32,
        certificate_type_id: item.certificate_type_id,
        name: LocalizedName { ja: item.name_ja.clone(), en: item.name_en.clone() },
        attached_at: document.map(|d| rfc3339(d.attached_at)),
        pages: document.map(|d| d.pages.max(0) as u32),
        sha256: document.map(|d| d.pdf_sha256.clone()),
        replaceable,
    }
}

/// The order line `line` (from 1) of an open order, if staff prepare its certificate and no
/// copy was issued from it yet.
async fn attachable_line(
    scope: Scope<'_>,
    number: &str,
    line: u32,
) -> Result<(order::Model, order_item::Model), AttachError> {
    let row = find(scope, number).await?;
    let item = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(row.id))
        .filter(order_item::Column::Position.eq(i64::from(line) - 1))
        .one(scope.db)
        .await?
        .ok_or(OrderError::NotFound)?;
    if !prepared_types(scope).await?.contains(&item.certificate_type_id) {
        return Err(AttachError::NotExpected);
    }
    if !OPEN.contains(&row.state) {
        return Err(OrderError::StateConflict.into());
    }
    Ok((row, item))
}

/// Checks that a PDF is one every copy can be stamped on: it reads, has 1 to
/// [`MAX_PREPARED_PAGES`] pages, and a trial stamp succeeds. Answers its pages.
async fn check_pdf(press: Press<'_>, bytes: Vec<u8>) -> Result<(Vec<u8>, usize), AttachError> {
    if !looks_like_pdf(&bytes) {
        return Err(AttachError::Unreadable);
    }
    let fonts = press.fonts.clone();
    let trial = certificate_text::stamp(
        cis_shared::catalog::CertificateLanguage::Ja,
        &LocalizedName { ja: String::new(), en: String::new() },
        "0000-0000-0000-1-1",
        "0000000000000000",
        press.public_url,
    );
    // A hostile file may make the reader panic: that is an unreadable file too.
    tokio::task::spawn_blocking(move || {
        let pages = pdf::pages_of(&bytes).ok_or(AttachError::Unreadable)?;
        if pages > MAX_PREPARED_PAGES {
            return Err(AttachError::TooManyPages);
        }
        pdf::stamp(&fonts, &trial, &bytes).map_err(|_| AttachError::Unreadable)?;
        Ok((bytes, pages))
    })
    .await
    .map_err(|_| AttachError::Unreadable)?
}

/// Attaches (or replaces) the PDF of an order line staff prepare. Audit event
/// `order.document_attached` or `order.document_replaced`.
#[tracing::instrument(skip_all, fields(order_number = %number, line))]
pub async fn attach(
    scope: Scope<'_>,
    press: Press<'_>,
    (staff_id, client): (i64, &str),
    (number, line): (&str, u32),
    bytes: Vec<u8>,
) -> Result<PreparedDocument, AttachError> {
    let (row, item) = attachable_line(scope, number, line).await?;
    let (bytes, pages) = check_pdf(press, bytes).await?;
    let sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&bytes))
    };
    let file = press.store.save(bytes, "pdf").await?;
    let stored = store_row(scope, (staff_id, client), (&row, &item), (&file, &sha256, pages)).await;
    match stored {
        Ok((document, before)) => {
            if let Some(before) = before {
                press.store.remove(&before).await?;
            }
            Ok(view(&item, Some(&document), true))
        }
        Err(e) => {
            press.store.remove(&file).await?;
            Err(e)
        }
    }
}

/// The document's row, new or replacing the line's, with its audit event; answers the file it
/// replaced, to delete once committed. A copy issued meanwhile keeps the document it has.
async fn store_row(
    scope: Scope<'_>,
    (staff_id, client): (i64, &str),
    (row, item): (&order::Model, &order_item::Model),
    (file, sha256, pages): (&str, &str, usize),
) -> Result<(prepared_document::Model, Option<String>), AttachError> {
    let txn = crate::db::begin_write(scope.db).await?;
    let issued = issued_copy::Entity::find().filter(issued_copy::Column::OrderItemId.eq(item.id)).one(&txn).await?;
    if issued.is_some() {
        return Err(AttachError::AlreadyIssued);
    }
    let before =
        prepared_document::Entity::find().filter(prepared_document::Column::OrderItemId.eq(item.id)).one(&txn).await?;
    let replaced = before.as_ref().map(|b| b.pdf_file.clone());
    let mut active = match before {
        Some(before) => before.into_active_model(),
        None => prepared_document::ActiveModel {
            university_id: Set(scope.university.id),
            order_id: Set(row.id),
            order_item_id: Set(item.id),
            ..Default::default()
        },
    };
    active.pdf_file = Set(file.to_owned());
    active.pdf_sha256 = Set(sha256.to_owned());
    active.pages = Set(pages as i32);
    active.attached_at = Set(scope.now);
    active.attached_by = Set(Some(staff_id));
    let document = active.save(&txn).await?.try_into_model()?;
    let event = audit::Event {
        actor: Actor::Staff(staff_id),
        action: if replaced.is_some() { "order.document_replaced" } else { "order.document_attached" },
        target: Some(("order", row.id)),
        detail: Some(format!("{} line {}: {} ({pages} pages)", row.order_number, item.position + 1, item.name_ja)),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    Ok((document, replaced))
}
