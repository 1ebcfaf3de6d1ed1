//! Administrators keep what can be ordered: certificate types (added, changed, withdrawn from
//! sale; never deleted, so past orders keep them) and the university's order settings. Every
//! change is an audit event and reloads the catalogue every request reads.

use cis_shared::application::Violations;
use cis_shared::ordering::{
    validate_certificate_type, validate_order_settings, CertificateTypeSpec, ManagedCertificateType, OrderSettings,
};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set,
};

use super::audit::{self, Actor};
use super::catalog::{completion_text, managed_types, CatalogueCache};
use super::Scope;
use crate::db::{certificate_type, order_settings};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("no such certificate type")]
    NotFound,
    #[error("invalid entry")]
    Invalid(Violations),
    #[error("another type has the code")]
    CodeTaken,
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

/// Who changes the catalogue, from where.
pub struct Editor<'a> {
    pub staff_id: i64,
    pub client: &'a str,
}

/// Adds a certificate type at the end of the display order.
pub async fn create_type(
    scope: Scope<'_>,
    cache: &CatalogueCache,
    editor: Editor<'_>,
    spec: CertificateTypeSpec,
) -> Result<ManagedCertificateType, CatalogError> {
    let programs = cache.current(scope.db).await?.degree_programs.clone();
    invalid(validate_certificate_type(&spec, &programs))?;
    let txn = crate::db::begin_write(scope.db).await?;
    code_free(&txn, scope, &spec.code, None).await?;
    let last: Option<i32> = certificate_type::Entity::find()
        .select_only()
        .column_as(certificate_type::Column::SortOrder.max(), "last")
        .filter(certificate_type::Column::UniversityId.eq(scope.university.id))
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    let mut row = columns(&spec);
    row.university_id = Set(scope.university.id);
    row.sort_order = Set(last.map_or(0, |l| l + 1));
    let id = row.insert(&txn).await?.id;
    record(&txn, scope, &editor, "catalog.certificate_type_created", Some(id), Some(spec.code.clone())).await?;
    txn.commit().await?;
    cache.reload(scope.db).await?;
    Ok(ManagedCertificateType { id, spec })
}

/// Replaces a certificate type's entry (withdrawing it from sale with `on_sale: false`). Orders
/// placed before keep the names and fees they were placed with.
pub async fn replace_type(
    scope: Scope<'_>,
    cache: &CatalogueCache,
    editor: Editor<'_>,
    id: i64,
    spec: CertificateTypeSpec,
) -> Result<ManagedCertificateType, CatalogError> {
    let txn = crate::db::begin_write(scope.db).await?;
    let before = certificate_type::Entity::find_by_id(id)
        .filter(certificate_type::Column::UniversityId.eq(scope.university.id))
        .one(&txn)
        .await?
        .ok_or(CatalogError::NotFound)?;
    // Checked after the lookup (an unknown id is 404 whatever the body) and against the
    // catalogue read inside the transaction (never a second connection while it is open).
    let programs = super::catalog::degree_programs(&txn, scope.university.id).await?;
    invalid(validate_certificate_type(&spec, &programs))?;
    code_free(&txn, scope, &spec.code, Some(id)).await?;
    let mut row = columns(&spec);
    row.id = Set(before.id);
    row.university_id = Set(before.university_id);
    row.sort_order = Set(before.sort_order);
    row.update(&txn).await?;
    let action = match (before.active, spec.on_sale) {
        (true, false) => "catalog.certificate_type_withdrawn",
        (false, true) => "catalog.certificate_type_restored",
        _ => "catalog.certificate_type_changed",
    };
    record(&txn, scope, &editor, action, Some(id), Some(spec.code.clone())).await?;
    txn.commit().await?;
    cache.reload(scope.db).await?;
    Ok(ManagedCertificateType { id, spec })
}

/// Replaces the university's order settings whole.
pub async fn replace_settings(
    scope: Scope<'_>,
    cache: &CatalogueCache,
    editor: Editor<'_>,
    settings: OrderSettings,
) -> Result<OrderSettings, CatalogError> {
    invalid(validate_order_settings(&settings))?;
    let txn = crate::db::begin_write(scope.db).await?;
    let json = serde_json::to_string(&settings).map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    let row = order_settings::ActiveModel {
        university_id: Set(scope.university.id),
        settings: Set(json.clone()),
        updated_at: Set(scope.now),
    };
    order_settings::Entity::insert(row)
        .on_conflict(
            OnConflict::column(order_settings::Column::UniversityId)
                .value(order_settings::Column::Settings, Expr::value(json))
                .value(order_settings::Column::UpdatedAt, Expr::value(scope.now))
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    record(&txn, scope, &editor, "catalog.order_settings_changed", None, None).await?;
    txn.commit().await?;
    cache.reload(scope.db).await?;
    Ok(settings)
}

fn invalid(violations: Violations) -> Result<(), CatalogError> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(CatalogError::Invalid(violations))
    }
}

/// No other type of the university has the code.
async fn code_free(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    code: &str,
    except: Option<i64>,
) -> Result<(), CatalogError> {
    let mut query = certificate_type::Entity::find()
        .filter(certificate_type::Column::UniversityId.eq(scope.university.id))
        .filter(certificate_type::Column::Code.eq(code));
    if let Some(id) = except {
        query = query.filter(certificate_type::Column::Id.ne(id));
    }
    if query.one(txn).await?.is_some() {
        return Err(CatalogError::CodeTaken);
    }
    Ok(())
}

/// The columns a spec sets.
fn columns(spec: &CertificateTypeSpec) -> certificate_type::ActiveModel {
    let joined = |items: Vec<&str>| items.join(",");
    certificate_type::ActiveModel {
        code: Set(spec.code.clone()),
        name_ja: Set(spec.name.ja.clone()),
        name_en: Set(spec.name.en.clone()),
        language: Set(spec.language.as_str().to_owned()),
        fee_yen: Set(spec.fee_yen as i32),
        active: Set(spec.on_sale),
        max_copies: Set(spec.max_copies as i32),
        sheets: Set(spec.sheets as i32),
        channels: Set(joined(spec.channels.iter().map(|c| c.as_str()).collect())),
        degree_programs: Set(joined(spec.degree_programs.iter().map(String::as_str).collect())),
        completions: Set(joined(spec.completions.iter().map(|c| completion_text(*c)).collect())),
        source: Set(spec.source),
        ..Default::default()
    }
}

async fn record(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    editor: &Editor<'_>,
    action: &str,
    target: Option<i64>,
    detail: Option<String>,
) -> Result<(), sea_orm::DbErr> {
    let event = audit::Event {
        actor: Actor::Staff(editor.staff_id),
        action,
        target: target.map(|id| ("certificate_type", id)),
        detail,
        client_address: Some(editor.client),
    };
    audit::record(db, scope.university.id, event, scope.now).await
}

/// Every type, withdrawn ones too, read from the database (not the cache).
pub async fn list_types(scope: Scope<'_>) -> Result<Vec<ManagedCertificateType>, sea_orm::DbErr> {
    managed_types(scope.db, scope.university.id).await
}
