//! Printing stations (issue 11): administrators register the convenience-store networks and
//! the university's counter, each with an API key shown once and kept as an argon2id hash. A
//! station looks a reservation up, starts a print job with the amount it collected (the same
//! `Idempotency-Key` gives the same job), fetches the copies' PDFs and reports the job
//! printed (the order is completed, the store payment recorded) or failed (the same copies
//! may be printed again). A printed copy is never handed out twice.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use cis_shared::ordering::PaymentMethod;
use cis_shared::orders::OrderState;
use cis_shared::printing::{
    PrintJob, PrintJobCopy, PrintJobState, PrintStation, PrintStationKey, ReservationLookup, ReservedCopy, StationKind,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use secrecy::{ExposeSecret, SecretString};

use super::audit::{self, Actor};
use super::catalog::Catalogue;
use super::documents::{self, IssueError, Press};
use super::fulfilment::{apply, Change};
use super::{Mailer, Scope};
use crate::crypto::{hash_secret, random_token, verify_secret};
use crate::db::{issued_copy, order, order_item, payment, print_job, print_station};
use crate::mail::templates::PrintedAtStationMail;

/// Who prints: a station with its key, or a staff member at the counter screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printer {
    Station(i64),
    Counter(i64),
}

impl Printer {
    fn client(self) -> String {
        match self {
            Printer::Station(id) => format!("station:{id}"),
            Printer::Counter(id) => format!("staff:{id}"),
        }
    }

    fn actor(self) -> Actor {
        match self {
            Printer::Station(_) => Actor::System,
            Printer::Counter(id) => Actor::Staff(id),
        }
    }

    /// A job belongs to the station that started it; at the counter, to any staff member.
    fn owns(self, job: &print_job::Model) -> bool {
        match self {
            Printer::Station(_) => job.client == self.client(),
            Printer::Counter(_) => job.client.starts_with("staff:"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("no printable reservation has this number")]
    Unknown,
    #[error("the reservation is past its deadline or cancelled")]
    Gone,
    #[error("the reservation's copies were printed, or are being printed")]
    AlreadyPrinted,
    #[error("the amount collected is not the amount due")]
    AmountMismatch { due: u32 },
    #[error("the idempotency key was used with another body")]
    KeyReused,
    #[error("the job is not open")]
    JobNotOpen,
    #[error(transparent)]
    Issue(#[from] IssueError),
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

const KEY_PREFIX: &str = "cis_ps_";

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn station_view(row: print_station::Model) -> PrintStation {
    PrintStation {
        id: row.id,
        name: row.name,
        kind: row.kind,
        created_at: at(row.created_at),
        revoked_at: row.revoked_at.map(at),
        last_used_at: row.last_used_at.map(at),
    }
}

/// Registers a station; its key is in the answer and nowhere else.
pub async fn register_station(
    scope: Scope<'_>,
    (staff_id, client): (i64, &str),
    name: String,
    kind: StationKind,
) -> Result<PrintStationKey, PrintError> {
    let secret = random_token(32);
    let key_hash = hash_secret(secret.clone()).await?;
    let txn = crate::db::begin_write(scope.db).await?;
    let row = print_station::ActiveModel {
        university_id: Set(scope.university.id),
        name: Set(name.clone()),
        kind: Set(kind),
        key_hash: Set(key_hash),
        created_at: Set(scope.now),
        created_by: Set(Some(staff_id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let event = audit::Event {
        actor: Actor::Staff(staff_id),
        action: "print_station.registered",
        target: Some(("print_station", row.id)),
        detail: Some(name),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    Ok(PrintStationKey { id: row.id, api_key: format!("{KEY_PREFIX}{}_{}", row.id, secret.expose_secret()) })
}

/// Every station, newest first.
pub async fn stations(scope: Scope<'_>) -> Result<Vec<PrintStation>, DbErr> {
    let rows = print_station::Entity::find()
        .filter(print_station::Column::UniversityId.eq(scope.university.id))
        .order_by_desc(print_station::Column::Id)
        .all(scope.db)
        .await?;
    Ok(rows.into_iter().map(station_view).collect())
}

/// Revokes a station's key: its next call is refused. `None` for no such station.
pub async fn revoke_station(
    scope: Scope<'_>,
    keys: &StationKeys,
    (staff_id, client): (i64, &str),
    id: i64,
) -> Result<Option<()>, DbErr> {
    let txn = crate::db::begin_write(scope.db).await?;
    let found = print_station::Entity::find_by_id(id)
        .filter(print_station::Column::UniversityId.eq(scope.university.id))
        .one(&txn)
        .await?;
    let Some(row) = found else { return Ok(None) };
    if row.revoked_at.is_none() {
        print_station::Entity::update_many()
            .col_expr(print_station::Column::RevokedAt, Expr::value(Some(scope.now)))
            .filter(print_station::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        let event = audit::Event {
            actor: Actor::Staff(staff_id),
            action: "print_station.revoked",
            target: Some(("print_station", id)),
            detail: Some(row.name),
            client_address: Some(client),
        };
        audit::record(&txn, scope.university.id, event, scope.now).await?;
    }
    txn.commit().await?;
    keys.forget(id);
    Ok(Some(()))
}

/// Keys verified lately, by station: argon2id runs once per station and key in
/// [`StationKeys::FRESH`], not on every call of a busy multi-copy machine.
#[derive(Default)]
pub struct StationKeys {
    verified: Mutex<HashMap<i64, Verified>>,
}

/// The SHA-256 of a station's secret, and when it last passed argon2id.
type Verified = ([u8; 32], DateTime<Utc>);

impl StationKeys {
    const FRESH: Duration = Duration::minutes(5);

    fn digest(secret: &str) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(secret.as_bytes()).into()
    }

    fn known(&self, id: i64, secret: &str, now: DateTime<Utc>) -> bool {
        let verified = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        verified.get(&id).is_some_and(|(digest, at)| *digest == Self::digest(secret) && now - *at < Self::FRESH)
    }

    fn remember(&self, id: i64, secret: &str, now: DateTime<Utc>) {
        self.verified.lock().unwrap_or_else(|e| e.into_inner()).insert(id, (Self::digest(secret), now));
    }

    fn forget(&self, id: i64) {
        self.verified.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }
}

/// The station a key belongs to, unless it is unknown, wrong or revoked.
pub async fn authenticate(scope: Scope<'_>, keys: &StationKeys, key: &str) -> Result<Option<i64>, PrintError> {
    let Some((id, secret)) = key.strip_prefix(KEY_PREFIX).and_then(|rest| rest.split_once('_')) else {
        return Ok(None);
    };
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    let found = print_station::Entity::find_by_id(id)
        .filter(print_station::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?;
    let Some(station) = found.filter(|s| s.revoked_at.is_none()) else { return Ok(None) };
    if !keys.known(id, secret, scope.now) {
        if !verify_secret(SecretString::from(secret.to_owned()), station.key_hash.clone()).await? {
            return Ok(None);
        }
        keys.remember(id, secret, scope.now);
    }
    if station.last_used_at.is_none_or(|t| scope.now - t > Duration::minutes(1)) {
        print_station::Entity::update_many()
            .col_expr(print_station::Column::LastUsedAt, Expr::value(Some(scope.now)))
            .filter(print_station::Column::Id.eq(id))
            .exec(scope.db)
            .await?;
    }
    Ok(Some(id))
}

/// The order a reservation number names, if it can be printed now.
async fn printable(scope: Scope<'_>, reservation: &str) -> Result<order::Model, PrintError> {
    let digits = cis_shared::orders::parse_reservation_number(reservation).ok_or(PrintError::Unknown)?;
    let row = order::Entity::find()
        .filter(order::Column::UniversityId.eq(scope.university.id))
        .filter(order::Column::ReservationNumber.eq(digits))
        .one(scope.db)
        .await?
        .ok_or(PrintError::Unknown)?;
    printable_state(scope, row)
}

fn printable_state(scope: Scope<'_>, row: order::Model) -> Result<order::Model, PrintError> {
    let past_deadline = row.print_deadline.is_some_and(|d| d < scope.now);
    match row.state {
        OrderState::Completed => Err(PrintError::AlreadyPrinted),
        OrderState::Expired | OrderState::Cancelled => Err(PrintError::Gone),
        OrderState::ReadyToPrint if past_deadline => Err(PrintError::Gone),
        OrderState::ReadyToPrint => Ok(row),
        _ => Err(PrintError::Unknown),
    }
}

/// What the station collects: the printing fee, and the order's total when it is paid at
/// the store.
fn amount_due(row: &order::Model) -> u32 {
    let fee = u32::try_from(row.store_print_fee_yen).unwrap_or(0);
    let total = u32::try_from(row.total_yen).unwrap_or(0);
    if row.payment_method == PaymentMethod::AtStore.as_str() && row.paid_at.is_none() {
        fee + total
    } else {
        fee
    }
}

/// What a station shows before it collects: refused while a certificate of the order waits
/// for the document staff prepare (the job could not print it).
async fn lookup_of(
    scope: Scope<'_>,
    catalogue: &Catalogue,
    row: &order::Model,
) -> Result<ReservationLookup, PrintError> {
    if documents::waits_for_document(scope, catalogue, row).await? {
        return Err(IssueError::NotPrepared.into());
    }
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(row.id))
        .order_by_asc(order_item::Column::Position)
        .all(scope.db)
        .await?;
    let mut copies = Vec::new();
    for item in items {
        let sheets =
            catalogue.managed_types.iter().find(|t| t.id == item.certificate_type_id).map_or(1, |t| t.spec.sheets);
        let name = if item.language == "en" { &item.name_en } else { &item.name_ja };
        for _ in 0..item.copies {
            copies.push(ReservedCopy { certificate_type_id: item.certificate_type_id, name: name.clone(), sheets });
        }
    }
    Ok(ReservationLookup {
        reservation_number: row.reservation_number.clone().unwrap_or_default(),
        print_deadline: row.print_deadline.map(at).unwrap_or_default(),
        copies,
        amount_due_yen: amount_due(row),
    })
}

/// A reservation as a station shows it.
pub async fn lookup(
    scope: Scope<'_>,
    catalogue: &Catalogue,
    reservation: &str,
) -> Result<ReservationLookup, PrintError> {
    let row = printable(scope, reservation).await?;
    lookup_of(scope, catalogue, &row).await
}

/// The counter: an order found by its reservation number or its order number.
pub async fn counter_lookup(
    scope: Scope<'_>,
    catalogue: &Catalogue,
    number: &str,
) -> Result<(order::Model, ReservationLookup), PrintError> {
    let row = match printable(scope, number).await {
        Err(PrintError::Unknown) => {
            let row = order::Entity::find()
                .filter(order::Column::UniversityId.eq(scope.university.id))
                .filter(order::Column::OrderNumber.eq(number.trim()))
                .filter(order::Column::ReservationNumber.is_not_null())
                .one(scope.db)
                .await?
                .ok_or(PrintError::Unknown)?;
            printable_state(scope, row)?
        }
        other => other?,
    };
    let lookup = lookup_of(scope, catalogue, &row).await?;
    Ok((row, lookup))
}

/// A print job's copies, with where to fetch each.
async fn job_view(
    scope: Scope<'_>,
    press: Press<'_>,
    job: &print_job::Model,
    pdf_base: &str,
) -> Result<PrintJob, DbErr> {
    let copies = issued_copy::Entity::find()
        .filter(issued_copy::Column::PrintJobId.eq(job.id))
        .order_by_asc(issued_copy::Column::Id)
        .all(scope.db)
        .await?;
    Ok(PrintJob {
        id: job.id,
        state: job.state,
        copies: copies
            .iter()
            .map(|c| PrintJobCopy {
                id: c.id,
                verification_code: documents::code_of(c, press.sealer),
                pdf_url: format!("{pdf_base}/{}/pdf", c.id),
            })
            .collect(),
    })
}

/// What a station asks to print.
pub struct JobRequest<'a> {
    pub reservation: &'a str,
    pub amount_yen: u32,
    pub idempotency_key: &'a str,
    /// Where the copies' PDFs are fetched, before `/{id}/pdf`.
    pub pdf_base: &'a str,
}

/// Starts printing a reservation, or answers the job this key already started (`false`).
pub async fn start_job(
    scope: Scope<'_>,
    press: Press<'_>,
    catalogue: &Catalogue,
    printer: Printer,
    request: JobRequest<'_>,
) -> Result<(PrintJob, bool), PrintError> {
    let request_hash = crate::crypto::sha256_hex(&format!("{}|{}", request.reservation.trim(), request.amount_yen));
    let client = printer.client();
    let earlier = print_job::Entity::find()
        .filter(print_job::Column::Client.eq(&client))
        .filter(print_job::Column::IdempotencyKey.eq(request.idempotency_key))
        .one(scope.db)
        .await?;
    if let Some(job) = earlier {
        if job.request_hash != request_hash {
            return Err(PrintError::KeyReused);
        }
        return Ok((job_view(scope, press, &job, request.pdf_base).await?, false));
    }
    let row = match printer {
        Printer::Counter(_) => counter_lookup(scope, catalogue, request.reservation).await?.0,
        Printer::Station(_) => printable(scope, request.reservation).await?,
    };
    let due = amount_due(&row);
    if request.amount_yen != due {
        return Err(PrintError::AmountMismatch { due });
    }
    let copies = documents::issue_order(scope, press, catalogue, &row).await?;
    let txn = crate::db::begin_write(scope.db).await?;
    // One open or finished job per reservation: a second station is refused, as is a second
    // job after the copies were printed.
    let open = print_job::Entity::find()
        .filter(print_job::Column::OrderId.eq(row.id))
        .filter(print_job::Column::State.is_in([PrintJobState::Started, PrintJobState::Completed]))
        .one(&txn)
        .await?;
    if open.is_some() {
        return Err(PrintError::AlreadyPrinted);
    }
    let job = print_job::ActiveModel {
        university_id: Set(scope.university.id),
        order_id: Set(row.id),
        client: Set(client),
        idempotency_key: Set(request.idempotency_key.to_owned()),
        request_hash: Set(request_hash),
        amount_yen: Set(request.amount_yen as i32),
        state: Set(PrintJobState::Started),
        created_at: Set(scope.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    issued_copy::Entity::update_many()
        .col_expr(issued_copy::Column::PrintJobId, Expr::value(Some(job.id)))
        .filter(issued_copy::Column::Id.is_in(copies.iter().map(|c| c.id)))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok((job_view(scope, press, &job, request.pdf_base).await?, true))
}

/// The job, if `printer` may act on it.
async fn job_of(scope: Scope<'_>, printer: Printer, id: i64) -> Result<print_job::Model, PrintError> {
    print_job::Entity::find_by_id(id)
        .filter(print_job::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
        .filter(|job| printer.owns(job))
        .ok_or(PrintError::Unknown)
}

/// A copy's PDF, for the station printing it: only while its job is open.
pub async fn copy_pdf(
    scope: Scope<'_>,
    press: Press<'_>,
    printer: Printer,
    copy_id: i64,
) -> Result<Vec<u8>, PrintError> {
    let copy = issued_copy::Entity::find_by_id(copy_id)
        .filter(issued_copy::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
        .ok_or(PrintError::Unknown)?;
    let job = job_of(scope, printer, copy.print_job_id.ok_or(PrintError::Unknown)?).await?;
    if job.state != PrintJobState::Started {
        return Err(PrintError::JobNotOpen);
    }
    Ok(documents::pdf_of(press, &copy).await.map_err(anyhow::Error::from)?)
}

/// The station printed every copy: the order is completed (and paid, when paid at the store).
pub async fn complete_job(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    printer: Printer,
    id: i64,
) -> Result<(), PrintError> {
    let job = job_of(scope, printer, id).await?;
    match job.state {
        PrintJobState::Completed => return Ok(()),
        PrintJobState::Failed => return Err(PrintError::JobNotOpen),
        PrintJobState::Started => {}
    }
    let row = order::Entity::find_by_id(job.order_id).one(scope.db).await?.ok_or(PrintError::Unknown)?;
    let txn = crate::db::begin_write(scope.db).await?;
    let finished = print_job::Entity::update_many()
        .col_expr(print_job::Column::State, Expr::value(PrintJobState::Completed))
        .col_expr(print_job::Column::FinishedAt, Expr::value(Some(scope.now)))
        .filter(print_job::Column::Id.eq(job.id))
        .filter(print_job::Column::State.eq(PrintJobState::Started))
        .exec(&txn)
        .await?;
    if finished.rows_affected != 1 {
        return Err(PrintError::JobNotOpen);
    }
    issued_copy::Entity::update_many()
        .col_expr(issued_copy::Column::PrintedAt, Expr::value(Some(scope.now)))
        .filter(issued_copy::Column::PrintJobId.eq(job.id))
        .exec(&txn)
        .await?;
    let paid_here = row.payment_method == PaymentMethod::AtStore.as_str() && row.paid_at.is_none();
    if paid_here {
        payment::ActiveModel {
            order_id: Set(row.id),
            method: Set(PaymentMethod::AtStore.as_str().to_owned()),
            amount_yen: Set(row.total_yen),
            note: Set(format!("print job {}", job.id)),
            recorded_by: Set(None),
            idempotency_key: Set(format!("print-job-{}", job.id)),
            request_hash: Set(String::new()),
            created_at: Set(scope.now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    use order::Column as C;
    let mut set = vec![(C::State, Expr::value(OrderState::Completed)), (C::PrintedAt, Expr::value(Some(scope.now)))];
    if paid_here {
        set.push((C::PaidAt, Expr::value(Some(scope.now))));
    }
    let change = Change {
        guard: None,
        set,
        mail: Some(Box::new(PrintedAtStationMail {
            order_number: row.order_number.clone(),
            counter: matches!(printer, Printer::Counter(_)),
            order_link: mailer.link(&format!("/orders/{}", row.order_number)),
        })),
        action: "order.printed",
        detail: format!("{} print job {}", row.order_number, job.id),
    };
    let client = printer.client();
    if !apply(&txn, (scope, mailer), (printer.actor(), Some(&client)), &row, change).await.map_err(order_error)? {
        return Err(PrintError::AlreadyPrinted);
    }
    txn.commit().await?;
    mailer.wake();
    Ok(())
}

/// The station could not print: the job closes and the same copies may be printed again.
pub async fn fail_job(scope: Scope<'_>, printer: Printer, id: i64) -> Result<(), PrintError> {
    let job = job_of(scope, printer, id).await?;
    match job.state {
        PrintJobState::Failed => return Ok(()),
        PrintJobState::Completed => return Err(PrintError::JobNotOpen),
        PrintJobState::Started => {}
    }
    let txn = crate::db::begin_write(scope.db).await?;
    print_job::Entity::update_many()
        .col_expr(print_job::Column::State, Expr::value(PrintJobState::Failed))
        .col_expr(print_job::Column::FinishedAt, Expr::value(Some(scope.now)))
        .filter(print_job::Column::Id.eq(job.id))
        .filter(print_job::Column::State.eq(PrintJobState::Started))
        .exec(&txn)
        .await?;
    issued_copy::Entity::update_many()
        .col_expr(issued_copy::Column::PrintJobId, Expr::value(None::<i64>))
        .filter(issued_copy::Column::PrintJobId.eq(job.id))
        .exec(&txn)
        .await?;
    let event = audit::Event {
        actor: printer.actor(),
        action: "print_job.failed",
        target: Some(("order", job.order_id)),
        detail: Some(format!("print job {}", job.id)),
        client_address: Some(&printer.client()),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    Ok(())
}

fn order_error(e: super::order_basis::OrderError) -> PrintError {
    match e {
        super::order_basis::OrderError::Database(e) => PrintError::Database(e),
        other => PrintError::Internal(anyhow::anyhow!(other.to_string())),
    }
}
