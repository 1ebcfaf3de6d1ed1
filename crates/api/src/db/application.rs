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
    /// The submitted form as JSON (`ApplicationForm`).
    pub form: String,
    pub token_id: Option<i64>,
    pub submitted_at: DateTimeUtc,
    /// The account the approval created or replaced.
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
