use cis_shared::staff::AccountState;
use cis_shared::Locale;
use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "graduate_accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub email: String,
    /// Lower-cased: one account per address without regard to case.
    pub email_normalized: String,
    pub state: AccountState,
    pub locale: Locale,
    pub created_at: DateTimeUtc,
    /// argon2id; the initial password while `awaiting_first_login`.
    pub password_hash: Option<String>,
    /// argon2id; none until the first login sets it.
    pub second_password_hash: Option<String>,
    /// When the initial password stops working.
    pub initial_password_expires_at: Option<DateTimeUtc>,
    pub name: String,
    pub name_kana: String,
    pub birth_date: String,
    /// Address, phones, contact address and employer as submitted (JSON).
    pub profile: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Leaves the hashes out of every log line.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraduateAccount").field("id", &self.id).field("state", &self.state).finish_non_exhaustive()
    }
}
