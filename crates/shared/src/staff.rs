//! The staff area's requests and answers: login and the review queue.

#[cfg(feature = "db")]
use sea_orm::entity::prelude::StringLen;
use serde::{Deserialize, Serialize};

use crate::application::{ApplicationForm, ApplicationType};

/// Staff login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "registrar@the-university.example", "password": "Registrar-2026-pass"})))]
pub struct StaffLogin {
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    pub password: String,
}

/// A bearer token for the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"access_token": "eyJ0eXAiOiJKV1Qi...", "token_type": "Bearer", "expires_in": 3600})))]
pub struct AccessToken {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// Where an application stands (ARCHITECTURE.md 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    #[cfg_attr(feature = "db", sea_orm(string_value = "submitted"))]
    Submitted,
    #[cfg_attr(feature = "db", sea_orm(string_value = "approved"))]
    Approved,
    #[cfg_attr(feature = "db", sea_orm(string_value = "rejected"))]
    Rejected,
    #[cfg_attr(feature = "db", sea_orm(string_value = "resubmission_requested"))]
    ResubmissionRequested,
    #[cfg_attr(feature = "db", sea_orm(string_value = "resubmitted"))]
    Resubmitted,
}

impl ApplicationState {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationState::Submitted => "submitted",
            ApplicationState::Approved => "approved",
            ApplicationState::Rejected => "rejected",
            ApplicationState::ResubmissionRequested => "resubmission_requested",
            ApplicationState::Resubmitted => "resubmitted",
        }
    }

    pub fn parse(text: &str) -> Option<ApplicationState> {
        [
            ApplicationState::Submitted,
            ApplicationState::Approved,
            ApplicationState::Rejected,
            ApplicationState::ResubmissionRequested,
            ApplicationState::Resubmitted,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// One line of the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 12, "reception_number": "2611-4821-0375", "kind": "new", "state": "submitted",
    "applicant_name": "電電 太郎", "applicant_name_kana": "デンデン タロウ", "email": "taro@example.jp",
    "submitted_at": "2026-11-25T13:12:45Z"
})))]
pub struct ApplicationSummary {
    pub id: i64,
    pub reception_number: String,
    pub kind: ApplicationType,
    pub state: ApplicationState,
    pub applicant_name: String,
    pub applicant_name_kana: String,
    /// The address verified by the registration link.
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    /// RFC 3339, UTC.
    pub submitted_at: String,
}

/// A page of the review queue, oldest waiting first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationPage {
    pub items: Vec<ApplicationSummary>,
    /// How many applications match, on all pages.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// An image attached to an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentInfo {
    pub id: i64,
    /// `front` or `back`.
    pub side: String,
    pub content_type: String,
    pub width: u32,
    pub height: u32,
}

/// Everything submitted, for the reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationDetail {
    pub summary: ApplicationSummary,
    /// The form as submitted. For an `additional_student_id` (manual 2.3): the student
    /// record to add (`enrollment`) and the applicant as the account stood; the other parts
    /// are empty (no identity document: the graduate applied from the logged-in account).
    pub form: ApplicationForm,
    /// The affiliation's names from faculty to subject, in Japanese and English.
    pub affiliation_path: Vec<crate::catalog::LocalizedName>,
    pub documents: Vec<DocumentInfo>,
    /// For an `additional_student_id`: the account it adds to, as it stands now, with the
    /// student records it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<ApplicantAccount>,
}

/// The account an additional student ID number is for, for the reviewer to compare the
/// record sent with the person and the records the university knows already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "email": "taro@example.jp", "name": "電電 太郎", "name_kana": "デンデン タロウ",
    "birth_date": "1990-09-09", "state": "active", "created_at": "2026-11-25T13:20:01Z",
    "enrollments": [{"id": 3, "student_id": "A1234567", "name": "電電 太郎", "name_kana": "デンデン タロウ",
        "name_roman": "DENDEN TAROU", "affiliation_id": 12,
        "affiliation_path": [{"ja": "文学部", "en": "Faculty of Letters"}, {"ja": "外国語学科", "en": "Department of Foreign Languages"}, {"ja": "英語専攻", "en": "English Studies"}],
        "degree_program": "undergraduate", "matriculation": "2011-04", "graduation": "2015-03", "completion": "graduated"}]
})))]
pub struct ApplicantAccount {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    pub name: String,
    pub name_kana: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub state: AccountState,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub enrollments: Vec<crate::application::EnrollmentInfo>,
}

/// What a reviewer decides about an application (manual 2.1 step 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// Creates the account and mails the initial password; for an `additional_student_id`,
    /// adds the student record to the account and mails the graduate.
    Approve,
    /// Mails the reason to the applicant.
    Reject,
    /// Mails the reason and a one-time link (7 days) that reopens the form, filled in.
    RequestResubmission,
}

/// A reviewer's decision. The reason is required unless approving, and is quoted in the mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"decision": "reject", "reason": "The identity document image is unreadable."})))]
pub struct Decision {
    pub decision: DecisionKind,
    /// Required (not blank) to reject or to request a resubmission; at most 1000 characters
    /// after trimming (`reason_too_long`).
    #[serde(default)]
    pub reason: Option<String>,
    /// Approving a `reapplication` (manual 2.4 (c)): the existing account it replaces, whose
    /// mail address becomes the application's.
    #[serde(default, deserialize_with = "crate::json::optional_integer")]
    pub replaces_account_id: Option<i64>,
}

/// The longest reason for a decision, in characters (it is quoted in the applicant's mail).
pub const MAX_REASON_CHARS: usize = 1000;

impl Decision {
    /// The reason as stored and mailed: trimmed; required to reject or to ask for a
    /// resubmission (`required`); at most [`MAX_REASON_CHARS`] characters (`too_long`).
    /// Checked by the decision dialog as typed and by the API.
    pub fn checked_reason(&self) -> Result<Option<String>, crate::messages::ErrorCode> {
        decision_reason(self.decision, self.reason.as_deref().unwrap_or(""))
    }
}

/// [`Decision::checked_reason`] for a reason being typed.
pub fn decision_reason(kind: DecisionKind, text: &str) -> Result<Option<String>, crate::messages::ErrorCode> {
    use crate::messages::ErrorCode;
    let text = text.trim();
    if text.is_empty() {
        return if kind == DecisionKind::Approve { Ok(None) } else { Err(ErrorCode::Required) };
    }
    if text.chars().count() > MAX_REASON_CHARS {
        return Err(ErrorCode::TooLong);
    }
    Ok(Some(text.to_owned()))
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 41, "at": "2026-11-25T13:20:01Z", "actor_kind": "staff", "actor_id": 1, "actor_email": "admin@cis.localhost",
    "action": "application.reject", "target_kind": "application", "target_id": 12,
    "detail": "The identity document image is unreadable.", "client_address": "203.0.113.7"
})))]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_kind: ActorKind,
    pub actor_id: Option<i64>,
    /// The staff member's address, when the actor is staff.
    pub actor_email: Option<String>,
    /// `staff.login`, `staff.login_failed`, `application.approve`, `application.reject` ...
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    /// The reason given, or the address tried for a failed login.
    pub detail: Option<String>,
    pub client_address: Option<String>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The two staff roles: reviewers decide applications; administrators also manage staff
/// and read the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    #[cfg_attr(feature = "db", sea_orm(string_value = "reviewer"))]
    Reviewer,
    #[cfg_attr(feature = "db", sea_orm(string_value = "administrator"))]
    Administrator,
}

impl StaffRole {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Reviewer => "reviewer",
            StaffRole::Administrator => "administrator",
        }
    }

    pub fn parse(text: &str) -> Option<StaffRole> {
        [StaffRole::Reviewer, StaffRole::Administrator].into_iter().find(|r| r.as_str() == text)
    }
}

impl std::fmt::Display for StaffRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A staff member, as administrators see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 2, "email": "reviewer@the-university.example", "display_name": "Hanako Sato", "role": "reviewer",
    "disabled": false, "created_at": "2026-11-25T13:00:00Z"
})))]
pub struct StaffUser {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    pub display_name: String,
    pub role: StaffRole,
    pub disabled: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A new staff member; a generated password is mailed to the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "reviewer@the-university.example", "display_name": "Hanako Sato", "role": "reviewer"
})))]
pub struct NewStaffUser {
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    /// Shown in the staff area and the audit log: one line, not blank, at most 100 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
        )
    )]
    pub display_name: String,
    pub role: StaffRole,
}

/// A change to a staff member; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"disabled": true})))]
pub struct StaffUserChange {
    #[serde(default)]
    pub disabled: Option<bool>,
    #[serde(default)]
    pub role: Option<StaffRole>,
    #[serde(default)]
    /// Shown in the staff area and the audit log: one line, not blank, at most 100 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
        )
    )]
    pub display_name: Option<String>,
}

/// Where a graduate account stands (ARCHITECTURE.md 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// Approved; the initial password from the mail has not been replaced yet.
    #[cfg_attr(feature = "db", sea_orm(string_value = "awaiting_first_login"))]
    AwaitingFirstLogin,
    #[cfg_attr(feature = "db", sea_orm(string_value = "active"))]
    Active,
    #[cfg_attr(feature = "db", sea_orm(string_value = "locked"))]
    Locked,
    #[cfg_attr(feature = "db", sea_orm(string_value = "closed"))]
    Closed,
}

impl AccountState {
    pub const ALL: [AccountState; 4] =
        [AccountState::AwaitingFirstLogin, AccountState::Active, AccountState::Locked, AccountState::Closed];

    /// The value in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::AwaitingFirstLogin => "awaiting_first_login",
            AccountState::Active => "active",
            AccountState::Locked => "locked",
            AccountState::Closed => "closed",
        }
    }
}

/// Who did something recorded in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    #[cfg_attr(feature = "db", sea_orm(string_value = "staff"))]
    Staff,
    #[cfg_attr(feature = "db", sea_orm(string_value = "graduate"))]
    Graduate,
    /// Not logged in (a failed login, a refresh token replayed).
    #[cfg_attr(feature = "db", sea_orm(string_value = "anonymous"))]
    Anonymous,
    /// The service itself (a sweep, a worker).
    #[cfg_attr(feature = "db", sea_orm(string_value = "system"))]
    System,
}

/// A graduate account, as staff find it (to choose the account a reapplication replaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "email": "taro@example.jp", "name": "電電 太郎", "name_kana": "デンデン タロウ",
    "birth_date": "1990-09-09", "state": "active", "created_at": "2026-11-25T13:20:01Z",
    "login_locked_until": "2026-11-25T13:35:01Z"
})))]
pub struct AccountSummary {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    pub name: String,
    pub name_kana: String,
    pub birth_date: String,
    pub state: AccountState,
    pub created_at: String,
    /// Failed logins locked the address until then (RFC 3339); absent when it is not locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_locked_until: Option<String>,
}

/// A page of graduate accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountPage {
    pub items: Vec<AccountSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ErrorCode;

    #[test]
    fn a_reason_is_trimmed_required_to_refuse_and_bounded() {
        assert_eq!(decision_reason(DecisionKind::Approve, "  "), Ok(None));
        assert_eq!(decision_reason(DecisionKind::Reject, " \n "), Err(ErrorCode::Required));
        assert_eq!(decision_reason(DecisionKind::RequestResubmission, ""), Err(ErrorCode::Required));
        assert_eq!(decision_reason(DecisionKind::Reject, "  Blurred.\n"), Ok(Some("Blurred.".to_owned())));
        assert_eq!(
            decision_reason(DecisionKind::Reject, &"写".repeat(MAX_REASON_CHARS)).map(|r| r.is_some()),
            Ok(true)
        );
        assert_eq!(decision_reason(DecisionKind::Reject, &"写".repeat(MAX_REASON_CHARS + 1)), Err(ErrorCode::TooLong));
    }
}

/// A mail the SMTP server refused for good (a 5xx answer such as `550 no such user`):
/// not retried until an administrator sends it again. The body is never shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 311, "recipient": "taro@example.jp", "subject": "【証明書発行サービス】ご登録用URLのお知らせ",
    "created_at": "2026-11-30T09:12:03Z", "failed_at": "2026-11-30T09:12:04Z", "attempts": 1,
    "reason": "permanent error (550): 5.1.1 <taro@example.jp>: no such user"
})))]
pub struct FailedMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    /// When the change that sent it happened (RFC 3339, UTC).
    pub created_at: String,
    /// When the server refused it for good.
    pub failed_at: String,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// The server's answer.
    pub reason: String,
}

/// The mail refused for good, newest first (at most 200).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailedMailList {
    pub items: Vec<FailedMail>,
}
