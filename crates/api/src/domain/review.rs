//! The review queue (staff): submitted applications, oldest waiting first, with everything
//! the applicant sent; for an additional student ID number, the account and its records.

use cis_shared::application::{ApplicationForm, ApplicationType};
use cis_shared::catalog::{subject_names, AffiliationNode};
use cis_shared::staff::{
    ApplicantAccount, ApplicationDetail, ApplicationPage, ApplicationState, ApplicationSummary, DocumentInfo,
};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::catalog::CatalogueCache;
use super::Scope;
use crate::db::{application, enrollment, graduate_account, identity_document};
use crate::storage::DocumentStore;

/// What the queue is narrowed to.
#[derive(Debug, Default)]
pub struct Filter {
    pub state: Option<ApplicationState>,
    pub kind: Option<ApplicationType>,
    /// Part of a name (kanji or katakana), of the mail address, or of the reception number.
    pub search: Option<String>,
    pub page: u64,
    pub per_page: u64,
}

fn summary(row: &application::Model) -> ApplicationSummary {
    ApplicationSummary {
        id: row.id,
        reception_number: row.reception_number.clone(),
        kind: row.kind,
        state: row.state,
        applicant_name: row.applicant_name.clone(),
        applicant_name_kana: row.applicant_name_kana.clone(),
        email: row.email.clone(),
        submitted_at: row.submitted_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

/// Rows where any of `columns` contains `search`, case-insensitive on every backend; LIKE
/// wildcards typed by the user match literally. Blank searches match everything.
pub fn contains_any<C: ColumnTrait>(search: &str, columns: impl IntoIterator<Item = C>) -> Condition {
    let search = search.trim();
    if search.is_empty() {
        return Condition::all();
    }
    let escaped = search.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    columns.into_iter().fold(Condition::any(), |any, column| {
        any.add(
            Expr::expr(Func::lower(Expr::col(column))).like(sea_orm::sea_query::LikeExpr::new(&pattern).escape('\\')),
        )
    })
}

pub async fn list(scope: Scope<'_>, filter: Filter) -> Result<ApplicationPage, sea_orm::DbErr> {
    let mut query = application::Entity::find().filter(application::Column::UniversityId.eq(scope.university.id));
    if let Some(s) = filter.state {
        query = query.filter(application::Column::State.eq(s));
    }
    if let Some(k) = filter.kind {
        query = query.filter(application::Column::Kind.eq(k));
    }
    if let Some(search) = filter.search.as_deref() {
        query = query.filter(contains_any(
            search,
            [
                application::Column::ApplicantName,
                application::Column::ApplicantNameKana,
                application::Column::Email,
                application::Column::ReceptionNumber,
            ],
        ));
    }
    let paginator = query
        .order_by_asc(application::Column::SubmittedAt)
        .order_by_asc(application::Column::Id)
        .paginate(scope.db, filter.per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(filter.page.saturating_sub(1)).await?;
    Ok(ApplicationPage {
        items: rows.iter().map(summary).collect(),
        total,
        page: filter.page,
        per_page: filter.per_page,
    })
}

pub async fn detail(
    scope: Scope<'_>,
    catalogue: &CatalogueCache,
    id: i64,
) -> Result<Option<ApplicationDetail>, anyhow::Error> {
    let Some(row) = application::Entity::find_by_id(id)
        .filter(application::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
    else {
        return Ok(None);
    };
    let form: ApplicationForm = serde_json::from_str(&row.form)?;
    let catalogue = catalogue.current(scope.db).await?;
    let tree = &catalogue.affiliations;
    let documents = attached_documents(scope.db, row.id, &form).await?;
    let account = match (row.kind, row.account_id) {
        (ApplicationType::AdditionalStudentId, Some(id)) => applicant_account(scope, id, tree).await?,
        _ => None,
    };
    Ok(Some(ApplicationDetail {
        summary: summary(&row),
        affiliation_path: subject_names(tree, form.enrollment.affiliation_id),
        form,
        documents,
        account,
    }))
}

/// The account an additional student ID is for, with the student records it has now.
async fn applicant_account(
    scope: Scope<'_>,
    id: i64,
    tree: &[AffiliationNode],
) -> Result<Option<ApplicantAccount>, sea_orm::DbErr> {
    let Some(account) = graduate_account::Entity::find_by_id(id)
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
    else {
        return Ok(None);
    };
    let enrollments = enrollment::Model::of_account(scope.db, id).await?.iter().map(|e| e.info(tree)).collect();
    Ok(Some(ApplicantAccount {
        id: account.id,
        email: account.email,
        name: account.name,
        name_kana: account.name_kana,
        birth_date: account.birth_date,
        state: account.state,
        created_at: account.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        enrollments,
    }))
}

/// The images attached to an application, each named as the form's front or back side.
pub async fn attached_documents(
    db: &impl ConnectionTrait,
    application_id: i64,
    form: &ApplicationForm,
) -> Result<Vec<DocumentInfo>, sea_orm::DbErr> {
    Ok(identity_document::Entity::find()
        .filter(identity_document::Column::ApplicationId.eq(application_id))
        .order_by_asc(identity_document::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|d| DocumentInfo {
            id: d.id,
            side: if Some(d.id) == form.identity_document.back { "back" } else { "front" }.to_owned(),
            content_type: d.content_type,
            width: d.width as u32,
            height: d.height as u32,
        })
        .collect())
}

/// An identity document image attached to an application of this university.
pub async fn document(
    scope: Scope<'_>,
    documents: &DocumentStore,
    id: i64,
) -> Result<Option<(String, Vec<u8>)>, anyhow::Error> {
    let Some(row) = identity_document::Entity::find_by_id(id)
        .filter(identity_document::Column::UniversityId.eq(scope.university.id))
        .filter(identity_document::Column::ApplicationId.is_not_null())
        .one(scope.db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some((row.content_type, documents.read(&row.storage_name).await?)))
}
