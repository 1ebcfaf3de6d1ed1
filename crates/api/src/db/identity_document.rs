use sea_orm::entity::prelude::*;

/// An uploaded image of an identity document, re-encoded, stored outside the web root.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "identity_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    /// The registration link it was uploaded under.
    pub token_id: i64,
    pub application_id: Option<i64>,
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub byte_size: i64,
    /// The file's name under `<data dir>/uploads/`: random, not guessable.
    pub storage_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
