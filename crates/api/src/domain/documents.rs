//! Issued copies (issue 11): every copy of an order is rendered once, with its own
//! verification code (80 random bits), stored, and from then on served as stored; the public
//! verification finds a copy by its code or by the SHA-256 of its file; staff revoke copies.

use std::sync::Arc;

use chrono::Duration;
use cis_shared::catalog::{subject_names, CertificateLanguage, LocalizedName};
use cis_shared::documents::{
    group_code, normalize_code, printed_title, CertificateSource, CopyStatus, FileVerification, IssuedCopy,
    Verification, CODE_ALPHABET, CODE_LENGTH,
};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};

use super::audit::{self, Actor};
use super::catalog::Catalogue;
use super::certificate_text::{self, CopyFacts};
use super::rate_limit::{self, Limit, RetryAfter};
use super::{seal, Scope};
use crate::clock::in_japan;
use crate::crypto::{sha256_hex, Sealer};
use crate::db::{academic_record, enrollment, graduate_account, issued_copy, order, order_item, prepared_document};
use crate::pdf::{self, Fonts};
use crate::storage::DocumentStore;

/// What issuing copies needs besides the database.
#[derive(Clone, Copy)]
pub struct Press<'a> {
    pub fonts: &'a Arc<Fonts>,
    /// The rendered copies, under `<data dir>/certificates/`.
    pub store: &'a DocumentStore,
    pub sealer: &'a Sealer,
    pub public_url: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// A type staff prepare has no document attached to the order yet.
    #[error("the order waits for a document staff prepare")]
    NotPrepared,
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("rendering a certificate: {0}")]
    Render(String),
    #[error("storing a certificate: {0}")]
    Io(#[from] std::io::Error),
    #[error("reading the seal: {0}")]
    Seal(#[from] seal::SealError),
}

/// Misses (unknown or malformed codes, files that match nothing) a client may make.
pub const VERIFICATION_MISSES: Limit = Limit { scope: "verification_miss", max: 30, window: Duration::minutes(10) };

/// A new code: 16 letters of [`CODE_ALPHABET`], 5 random bits each.
fn new_code() -> String {
    let mut bytes = [0u8; CODE_LENGTH];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| CODE_ALPHABET[usize::from(b & 31)] as char).collect()
}

/// Every copy of the order, issued now where not yet, in the order's item order. Nothing is
/// issued while a line staff prepare has no document attached.
pub async fn issue_order(
    scope: Scope<'_>,
    press: Press<'_>,
    catalogue: &Catalogue,
    order: &order::Model,
) -> Result<Vec<issued_copy::Model>, IssueError> {
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order.id))
        .order_by_asc(order_item::Column::Position)
        .all(scope.db)
        .await?;
    let existing = copies_of(scope, order.id).await?;
    let prepared =
        prepared_document::Entity::find().filter(prepared_document::Column::OrderId.eq(order.id)).all(scope.db).await?;
    if waiting(catalogue, &items, &existing, &prepared) {
        return Err(IssueError::NotPrepared);
    }
    let mut copies = Vec::new();
    let mut holder: Option<Holder> = None;
    for item in &items {
        for number in 1..=item.copies {
            if let Some(copy) = existing.iter().find(|c| c.order_item_id == item.id && c.copy_number == number) {
                copies.push(copy.clone());
                continue;
            }
            let content = match source_of(catalogue, item.certificate_type_id) {
                CertificateSource::StaffPrepared => {
                    let document =
                        prepared.iter().find(|p| p.order_item_id == item.id).ok_or(IssueError::NotPrepared)?;
                    Content::Prepared(press.store.read(&document.pdf_file).await?)
                }
                source => Content::Records(source),
            };
            if holder.is_none() {
                holder = Some(Holder::read(scope, press, order).await?);
            }
            let holder = holder.as_ref().expect("read above");
            let line = Line { order, item, number };
            copies.push(issue_copy(scope, press, catalogue, line, content, holder).await?);
        }
    }
    Ok(copies)
}

/// Whether a line staff prepare has copies to issue and no document attached.
fn waiting(
    catalogue: &Catalogue,
    items: &[order_item::Model],
    existing: &[issued_copy::Model],
    prepared: &[prepared_document::Model],
) -> bool {
    items.iter().any(|item| {
        source_of(catalogue, item.certificate_type_id) == CertificateSource::StaffPrepared
            && !prepared.iter().any(|p| p.order_item_id == item.id)
            && existing.iter().filter(|c| c.order_item_id == item.id).count() < item.copies.max(0) as usize
    })
}

/// Whether the order waits for a document staff prepare: nothing of it can be issued, so a
/// station has nothing to collect for yet.
pub async fn waits_for_document(scope: Scope<'_>, catalogue: &Catalogue, order: &order::Model) -> Result<bool, DbErr> {
    let items = order_item::Entity::find().filter(order_item::Column::OrderId.eq(order.id)).all(scope.db).await?;
    if !items.iter().any(|i| source_of(catalogue, i.certificate_type_id) == CertificateSource::StaffPrepared) {
        return Ok(false);
    }
    let existing = copies_of(scope, order.id).await?;
    let prepared =
        prepared_document::Entity::find().filter(prepared_document::Column::OrderId.eq(order.id)).all(scope.db).await?;
    Ok(waiting(catalogue, &items, &existing, &prepared))
}

/// The copies issued for an order, by id.
pub async fn copies_of(scope: Scope<'_>, order_id: i64) -> Result<Vec<issued_copy::Model>, DbErr> {
    issued_copy::Entity::find()
        .filter(issued_copy::Column::UniversityId.eq(scope.university.id))
        .filter(issued_copy::Column::OrderId.eq(order_id))
        .order_by_asc(issued_copy::Column::Id)
        .all(scope.db)
        .await
}

fn source_of(catalogue: &Catalogue, type_id: i64) -> CertificateSource {
    catalogue.managed_types.iter().find(|t| t.id == type_id).map(|t| t.spec.source).unwrap_or_default()
}

/// The holder's records a copy prints, and the university's seal as it is now.
struct Holder {
    enrollment: enrollment::Model,
    birth_date: String,
    courses: Vec<academic_record::Model>,
    seal_png: Option<Arc<Vec<u8>>>,
}

impl Holder {
    async fn read(scope: Scope<'_>, press: Press<'_>, order: &order::Model) -> Result<Holder, IssueError> {
        let enrollment = enrollment::Entity::find_by_id(order.enrollment_id)
            .one(scope.db)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound(format!("enrollment {}", order.enrollment_id)))?;
        let birth_date = graduate_account::Entity::find_by_id(order.account_id)
            .one(scope.db)
            .await?
            .map(|a| a.birth_date)
            .unwrap_or_default();
        let courses = academic_record::Entity::find()
            .filter(academic_record::Column::UniversityId.eq(scope.university.id))
            .filter(academic_record::Column::StudentId.eq(&enrollment.student_id))
            .order_by_asc(academic_record::Column::Position)
            .all(scope.db)
            .await?;
        let seal_png = seal::image(scope, press.store).await?.map(Arc::new);
        Ok(Holder { enrollment, birth_date, courses, seal_png })
    }
}

/// One copy of an order line.
#[derive(Clone, Copy)]
struct Line<'a> {
    order: &'a order::Model,
    item: &'a order_item::Model,
    /// 1 to the line's copies.
    number: i32,
}

/// What a copy is made from: the records (`enrollment`, `academic_record`), or the PDF staff
/// attached to the line.
enum Content {
    Records(CertificateSource),
    Prepared(Vec<u8>),
}

/// What a new copy says besides its content: its language, title, code, date and serial.
struct Draft {
    language: CertificateLanguage,
    title: LocalizedName,
    /// Canonical (16 characters).
    code: String,
    issued_on: chrono::NaiveDate,
    serial: String,
}

impl Draft {
    fn new(scope: Scope<'_>, line: Line<'_>) -> Draft {
        let item = line.item;
        Draft {
            language: CertificateLanguage::from_stored(&item.language),
            title: LocalizedName { ja: item.name_ja.clone(), en: item.name_en.clone() },
            code: new_code(),
            issued_on: in_japan(scope.now).date_naive(),
            serial: format!("{}-{}-{}", line.order.order_number, item.position + 1, line.number),
        }
    }
}

/// The certificate a copy made from the records prints.
fn certificate(
    scope: Scope<'_>,
    press: Press<'_>,
    catalogue: &Catalogue,
    holder: &Holder,
    draft: &Draft,
    source: CertificateSource,
) -> pdf::Certificate {
    let affiliation = subject_names(&catalogue.affiliations, holder.enrollment.affiliation_id);
    let program = catalogue.degree_programs.iter().find(|p| p.code == holder.enrollment.degree_program);
    certificate_text::certificate(&CopyFacts {
        language: draft.language,
        source,
        title: &draft.title,
        enrollment: &holder.enrollment,
        birth_date: &holder.birth_date,
        affiliation: &affiliation,
        program: program.map(|p| &p.name),
        undergraduate: holder.enrollment.degree_program == "undergraduate",
        courses: &holder.courses,
        university: &scope.university.name,
        seal_png: holder.seal_png.clone(),
        serial: draft.serial.clone(),
        issued_on: draft.issued_on,
        code: &draft.code,
        public_url: press.public_url,
    })
}

async fn issue_copy(
    scope: Scope<'_>,
    press: Press<'_>,
    catalogue: &Catalogue,
    line: Line<'_>,
    content: Content,
    holder: &Holder,
) -> Result<issued_copy::Model, IssueError> {
    let draft = Draft::new(scope, line);
    let fonts = press.fonts.clone();
    let rendered = match content {
        Content::Prepared(original) => {
            let stamp =
                certificate_text::stamp(draft.language, &draft.title, &draft.serial, &draft.code, press.public_url);
            tokio::task::spawn_blocking(move || pdf::stamp(&fonts, &stamp, &original)).await
        }
        Content::Records(source) => {
            let certificate = certificate(scope, press, catalogue, holder, &draft, source);
            tokio::task::spawn_blocking(move || pdf::render(&fonts, &certificate)).await
        }
    }
    .map_err(|e| IssueError::Render(e.to_string()))?
    .map_err(IssueError::Render)?;
    let (language, item) = (draft.language, line.item);
    let row = issued_copy::ActiveModel {
        university_id: Set(scope.university.id),
        order_id: Set(line.order.id),
        order_item_id: Set(item.id),
        copy_number: Set(line.number),
        certificate_type_id: Set(item.certificate_type_id),
        title: Set(printed_title(draft.title.get(locale_of(language))).to_owned()),
        language: Set(language.as_str().to_owned()),
        holder_name: Set(certificate_text::holder_name(&holder.enrollment, language)),
        university_name: Set(scope.university.name.get(locale_of(language)).to_owned()),
        issued_on: Set(draft.issued_on.format("%Y-%m-%d").to_string()),
        code_hash: Set(sha256_hex(&draft.code)),
        code_sealed: Set(press.sealer.seal(&draft.code)),
        pages: Set(rendered.pages as i32),
        issued_at: Set(scope.now),
        status: Set(CopyStatus::Valid),
        ..Default::default()
    };
    record_copy(scope, press, line, row, rendered.bytes).await
}

/// Stores a copy's file and its row. The SHA-256 is of the file as served, so verification
/// by file finds it.
async fn record_copy(
    scope: Scope<'_>,
    press: Press<'_>,
    line: Line<'_>,
    mut row: issued_copy::ActiveModel,
    bytes: Vec<u8>,
) -> Result<issued_copy::Model, IssueError> {
    let sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&bytes))
    };
    let file = press.store.save(bytes, "pdf").await?;
    row.pdf_file = Set(file.clone());
    row.pdf_sha256 = Set(sha256);
    match row.insert(scope.db).await {
        Ok(row) => Ok(row),
        // Another request issued this copy first: theirs stands, this file goes.
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            press.store.remove(&file).await?;
            issued_copy::Entity::find()
                .filter(issued_copy::Column::OrderItemId.eq(line.item.id))
                .filter(issued_copy::Column::CopyNumber.eq(line.number))
                .one(scope.db)
                .await?
                .ok_or(IssueError::Db(e))
        }
        Err(e) => {
            press.store.remove(&file).await?;
            Err(e.into())
        }
    }
}

fn locale_of(language: CertificateLanguage) -> cis_shared::Locale {
    match language {
        CertificateLanguage::Ja => cis_shared::Locale::Ja,
        CertificateLanguage::En => cis_shared::Locale::En,
    }
}

/// The copy's code as printed, read back from its sealed form.
pub fn code_of(copy: &issued_copy::Model, sealer: &Sealer) -> String {
    sealer.open(&copy.code_sealed).map(|c| group_code(&c)).unwrap_or_default()
}

/// What verification tells about a copy.
fn verification(copy: issued_copy::Model) -> Verification {
    Verification {
        status: copy.status,
        certificate_type: copy.title,
        language: copy.language,
        holder_name: copy.holder_name,
        issued_on: copy.issued_on,
        university: copy.university_name,
        revoked_at: copy.revoked_at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        revocation_reason: copy.revocation_reason,
    }
}

/// The copy a code names; a malformed code is the same miss as an unknown one, and a client
/// that misses too often waits.
pub async fn verify(
    scope: Scope<'_>,
    client: &str,
    input: &str,
) -> Result<Result<Option<Verification>, RetryAfter>, DbErr> {
    if let Err(wait) = rate_limit::check(scope.db, &VERIFICATION_MISSES, client, scope.now).await? {
        return Ok(Err(wait));
    }
    let found = match normalize_code(input) {
        Some(code) => {
            issued_copy::Entity::find()
                .filter(issued_copy::Column::UniversityId.eq(scope.university.id))
                .filter(issued_copy::Column::CodeHash.eq(sha256_hex(&code)))
                .one(scope.db)
                .await?
        }
        None => None,
    };
    if found.is_none() {
        rate_limit::record(scope.db, &VERIFICATION_MISSES, client, 1, scope.now).await?;
    }
    Ok(Ok(found.map(verification)))
}

/// Whether `bytes` are exactly an issued copy's file.
pub async fn verify_file(
    scope: Scope<'_>,
    client: &str,
    bytes: &[u8],
) -> Result<Result<FileVerification, RetryAfter>, DbErr> {
    if let Err(wait) = rate_limit::check(scope.db, &VERIFICATION_MISSES, client, scope.now).await? {
        return Ok(Err(wait));
    }
    let sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(bytes))
    };
    let found = issued_copy::Entity::find()
        .filter(issued_copy::Column::UniversityId.eq(scope.university.id))
        .filter(issued_copy::Column::PdfSha256.eq(sha256))
        .one(scope.db)
        .await?;
    if found.is_none() {
        rate_limit::record(scope.db, &VERIFICATION_MISSES, client, 1, scope.now).await?;
    }
    Ok(Ok(FileVerification { matches: found.is_some(), copy: found.map(verification) }))
}

/// A copy as staff see it.
pub fn staff_view(copy: issued_copy::Model, sealer: &Sealer) -> IssuedCopy {
    let at = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    IssuedCopy {
        id: copy.id,
        certificate_type_id: copy.certificate_type_id,
        verification_code: code_of(&copy, sealer),
        certificate_type: copy.title,
        sha256: copy.pdf_sha256,
        issued_at: at(copy.issued_at),
        printed_at: copy.printed_at.map(at),
        status: copy.status,
        revoked_at: copy.revoked_at.map(at),
        revocation_reason: copy.revocation_reason,
    }
}

/// Staff withdraw a copy: verification says revoked, since when and why. Revoking a revoked
/// copy keeps its first reason.
pub async fn revoke(
    scope: Scope<'_>,
    (staff_id, client): (i64, &str),
    sealer: &Sealer,
    copy_id: i64,
    reason: String,
) -> Result<Option<IssuedCopy>, DbErr> {
    let txn = crate::db::begin_write(scope.db).await?;
    let Some(copy) = issued_copy::Entity::find_by_id(copy_id)
        .filter(issued_copy::Column::UniversityId.eq(scope.university.id))
        .one(&txn)
        .await?
    else {
        return Ok(None);
    };
    if copy.status == CopyStatus::Revoked {
        return Ok(Some(staff_view(copy, sealer)));
    }
    let mut active = copy.into_active_model();
    active.status = Set(CopyStatus::Revoked);
    active.revoked_at = Set(Some(scope.now));
    active.revocation_reason = Set(Some(reason.clone()));
    active.revoked_by = Set(Some(staff_id));
    let copy = active.update(&txn).await?;
    let event = audit::Event {
        actor: Actor::Staff(staff_id),
        action: "copy.revoked",
        target: Some(("issued_copy", copy.id)),
        detail: Some(reason),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    Ok(Some(staff_view(copy, sealer)))
}

/// A copy's stored PDF.
pub async fn pdf_of(press: Press<'_>, copy: &issued_copy::Model) -> std::io::Result<Vec<u8>> {
    press.store.read(&copy.pdf_file).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_carry_eighty_random_bits_in_the_printed_alphabet() {
        let a = new_code();
        assert_eq!(a.len(), CODE_LENGTH);
        assert_eq!(normalize_code(&group_code(&a)).as_deref(), Some(a.as_str()));
        assert_ne!(a, new_code());
    }
}
