use sea_orm::entity::prelude::*;

/// A university's Ed25519 key for its Verifiable Credentials.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signing_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub university_id: i64,
    /// The JWK thumbprint (RFC 7638).
    pub kid: String,
    /// The public key, URL-safe base64 without padding (a JWK's `x`).
    pub public_key: String,
    /// The 32-byte seed, sealed with the server's key.
    pub private_sealed: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
