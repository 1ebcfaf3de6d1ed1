//! The university's seal (issue 11): administrators upload its image, a PNG that goes
//! through the image pipeline (judged by content, decoded within bounds, re-encoded, so
//! nothing hidden is kept), nearly square; certificates rendered from then on print it
//! instead of the generated seal. Copies issued before are stored files and stay as they
//! were. Removing the image returns to the generated seal.

use cis_shared::documents::{check_seal_shape, MAX_SEAL_BYTES};
use image::ImageFormat;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};

use super::audit::{self, Actor};
use super::images::{self, ImageError};
use super::Scope;
use crate::db::university;
use crate::storage::DocumentStore;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("not a readable PNG image")]
    Invalid,
    #[error("not nearly square, or a side outside the bounds")]
    Shape,
    #[error("larger than the seal's limit")]
    TooLarge,
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error("storing the seal: {0}")]
    Io(#[from] std::io::Error),
}

/// The seal image certificates print now, or `None` for the generated seal.
pub async fn image(scope: Scope<'_>, store: &DocumentStore) -> Result<Option<Vec<u8>>, SealError> {
    let row = university::Entity::find_by_id(scope.university.id).one(scope.db).await?;
    match row.and_then(|u| u.seal_file) {
        Some(file) => Ok(Some(store.read(&file).await?)),
        None => Ok(None),
    }
}

/// A PNG upload, cleaned: re-encoded by the image pipeline and of a seal's shape.
async fn clean(bytes: Vec<u8>) -> Result<images::CleanImage, SealError> {
    if bytes.len() > MAX_SEAL_BYTES {
        return Err(SealError::TooLarge);
    }
    if image::guess_format(&bytes).ok() != Some(ImageFormat::Png) {
        return Err(SealError::Invalid);
    }
    let clean = tokio::task::spawn_blocking(move || images::sanitize(&bytes))
        .await
        .map_err(|_| SealError::Invalid)?
        .map_err(|e| match e {
            ImageError::TooManyPixels => SealError::Shape,
            ImageError::TooLarge => SealError::TooLarge,
            ImageError::UnsupportedType | ImageError::Undecodable => SealError::Invalid,
        })?;
    check_seal_shape(clean.width, clean.height).map_err(|_| SealError::Shape)?;
    Ok(clean)
}

/// Replaces the seal with an uploaded PNG. Audit event `university.seal_replaced`.
#[tracing::instrument(skip_all)]
pub async fn replace(
    scope: Scope<'_>,
    store: &DocumentStore,
    (staff_id, client): (i64, &str),
    bytes: Vec<u8>,
) -> Result<(), SealError> {
    let clean = clean(bytes).await?;
    let detail = format!("{}x{} px", clean.width, clean.height);
    let file = store.save(clean.bytes, "png").await?;
    match set_seal(scope, (staff_id, client), Some(file.clone()), detail).await {
        Ok(before) => {
            if let Some(before) = before {
                store.remove(&before).await?;
            }
            Ok(())
        }
        Err(e) => {
            store.remove(&file).await?;
            Err(e.into())
        }
    }
}

/// Returns to the generated seal. Audit event `university.seal_removed`, when there was one.
#[tracing::instrument(skip_all)]
pub async fn remove(scope: Scope<'_>, store: &DocumentStore, (staff_id, client): (i64, &str)) -> Result<(), SealError> {
    if let Some(before) = set_seal(scope, (staff_id, client), None, String::new()).await? {
        store.remove(&before).await?;
    }
    Ok(())
}

/// Sets the university's seal file in one transaction with its audit event; answers the file
/// it replaced, to delete once committed.
async fn set_seal(
    scope: Scope<'_>,
    (staff_id, client): (i64, &str),
    file: Option<String>,
    detail: String,
) -> Result<Option<String>, DbErr> {
    let txn = crate::db::begin_write(scope.db).await?;
    let before = university::Entity::find_by_id(scope.university.id).one(&txn).await?.and_then(|u| u.seal_file);
    if before.is_none() && file.is_none() {
        return Ok(None);
    }
    university::Entity::update_many()
        .col_expr(university::Column::SealFile, Expr::value(file.clone()))
        .filter(university::Column::Id.eq(scope.university.id))
        .exec(&txn)
        .await?;
    let event = audit::Event {
        actor: Actor::Staff(staff_id),
        action: if file.is_some() { "university.seal_replaced" } else { "university.seal_removed" },
        target: Some(("university", scope.university.id)),
        detail: Some(detail).filter(|d| !d.is_empty()),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    Ok(before)
}
