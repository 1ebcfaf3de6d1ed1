use cis_shared::staff::ActorKind;
use sea_orm::entity::prelude::*;

/// Who did what, when, to what, why, from where.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub created_at: DateTimeUtc,
    pub actor_kind: ActorKind,
    pub actor_id: Option<i64>,
    /// `staff.login`, `staff.login_failed`, `application.approve` ...
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub detail: Option<String>,
    pub client_address: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
