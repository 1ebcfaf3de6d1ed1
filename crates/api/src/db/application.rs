use cis_shared::application::ApplicationType;
use cis_shared::staff::ApplicationState;
use cis_shared::Locale;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub kind: ApplicationType,
    pub state: ApplicationState,
    #[sea_orm(unique)]
    pub reception_number: String,
    /// The address verified by the registration link.
    pub email: String,
    pub locale: Locale,
    pub applicant_name: String,
    pub applicant_name_kana: String,
    /// The submitted form as JSON (`ApplicationForm`); for an `additional_student_id`, the
    /// student record sent with the applicant as the account stood, the rest left empty.
    pub form: String,
    pub token_id: Option<i64>,
    pub submitted_at: DateTimeUtc,
    /// The account the approval created or replaced; for an `additional_student_id`, the
    /// account that applied, from the submission on.
    pub account_id: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    /// The staff member who decided.
    pub decided_by: Option<i64>,
    /// Quoted in the mail when rejecting or asking for resubmission.
    pub decision_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The states of an application the university has not finished with: waiting for a
/// decision, or sent back to the graduate.
pub const IN_PROGRESS: [ApplicationState; 3] =
    [ApplicationState::Submitted, ApplicationState::Resubmitted, ApplicationState::ResubmissionRequested];

impl Model {
    /// The account's applications in progress ([`IN_PROGRESS`]), oldest first.
    pub async fn in_progress_of(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<Model>, DbErr> {
        use sea_orm::QueryOrder;
        Entity::find()
            .filter(Column::AccountId.eq(account_id))
            .filter(Column::State.is_in(IN_PROGRESS))
            .order_by_asc(Column::SubmittedAt)
            .order_by_asc(Column::Id)
            .all(db)
            .await
    }
}
