//! What a decision on an application leaves behind, for every kind of application: the
//! error, the outcome, the states that wait and the student record an approval adds. Used by
//! `decision` (new applications and reapplications) and `student_id` (manual 2.3).

use cis_shared::application::Enrollment;
use cis_shared::messages::ErrorCode;
use cis_shared::staff::ApplicationState;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};

use super::Scope;
use crate::db::enrollment;
use crate::mail::Mail;

#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    #[error("no such application")]
    NotFound,
    #[error("decided already")]
    AlreadyDecided,
    #[error("the address has an account")]
    EmailTaken,
    #[error("the account has the student ID number already")]
    StudentIdRegistered,
    #[error("invalid decision")]
    Invalid(Vec<(String, ErrorCode)>),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The states of an application waiting for a decision.
pub const WAITING: [ApplicationState; 2] = [ApplicationState::Submitted, ApplicationState::Resubmitted];
/// How long a resubmission link works.
pub const RESUBMISSION_LINK_DAYS: i64 = 7;

/// What a decision leaves behind: the application's new state, the account it created or
/// re-addressed, and the mail to the applicant.
pub(super) struct Outcome {
    pub(super) state: ApplicationState,
    /// The account the decision created or changed, whose live sessions are forgotten.
    pub(super) account_id: Option<i64>,
    pub(super) mail: Mail,
}

/// Gives the account a student record.
pub(super) async fn add_enrollment(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    account_id: i64,
    e: &Enrollment,
) -> Result<(), sea_orm::DbErr> {
    enrollment::ActiveModel {
        university_id: Set(scope.university.id),
        account_id: Set(account_id),
        name: Set(e.name.clone()),
        name_kana: Set(e.name_kana.clone()),
        name_roman: Set(e.name_roman.clone()),
        affiliation_id: Set(e.affiliation_id),
        degree_program: Set(e.degree_program.clone()),
        student_id: Set(e.student_id.clone()),
        matriculation: Set(e.matriculation.clone()),
        graduation: Set(e.graduation.clone()),
        completion: Set(e.completion),
        created_at: Set(scope.now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
