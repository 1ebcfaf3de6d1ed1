use cis_shared::application::Completion;
use cis_shared::auth::EnrollmentInfo;
use cis_shared::catalog::{subject_names, AffiliationNode};
use sea_orm::entity::prelude::*;

/// A graduate's student record (one per student ID number).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrollments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    pub account_id: i64,
    pub name: String,
    pub name_kana: String,
    pub name_roman: String,
    pub affiliation_id: i64,
    pub degree_program: String,
    pub student_id: String,
    pub matriculation: String,
    pub graduation: String,
    pub completion: Completion,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The record as the graduate and the reviewer read it, its affiliation named from the
    /// catalogue's `tree`.
    pub fn info(&self, tree: &[AffiliationNode]) -> EnrollmentInfo {
        EnrollmentInfo {
            id: self.id,
            affiliation_path: subject_names(tree, self.affiliation_id),
            student_id: self.student_id.clone(),
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            name_roman: self.name_roman.clone(),
            affiliation_id: self.affiliation_id,
            degree_program: self.degree_program.clone(),
            matriculation: self.matriculation.clone(),
            graduation: self.graduation.clone(),
            completion: self.completion,
        }
    }

    /// The account's records, oldest first.
    pub async fn of_account(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<Model>, DbErr> {
        use sea_orm::QueryOrder;
        Entity::find().filter(Column::AccountId.eq(account_id)).order_by_asc(Column::Id).all(db).await
    }
}
