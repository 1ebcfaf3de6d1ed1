//! The university's Verifiable Credentials (issue 11): a digitally delivered copy is also a
//! W3C Verifiable Credential 2.0 secured as a JWT (VC-JOSE-COSE: `typ` `vc+jwt`, the claims
//! set is the credential), signed with the university's Ed25519 key (`EdDSA`). The public
//! keys are at `/.well-known/jwks.json`, so a credential checks offline once they are known.
//!
//! The key is made on first use and kept in `signing_keys`, its private seed sealed with the
//! server's key (ARCHITECTURE.md 6: no secret in the database in clear).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use cis_shared::delivery::{Jwk, Jwks};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::Scope;
use crate::crypto::Sealer;
use crate::db::{issued_copy, signing_key};

/// The media type of a credential's JWT (VC-JOSE-COSE section 3.1.1).
pub const MEDIA_TYPE: &str = "application/vc+jwt";

/// The PKCS #8 v1 wrapping of an Ed25519 seed (RFC 8410): this prefix, then the 32 bytes.
const PKCS8_PREFIX: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/// The university's signing key, made and stored on first use. Two first uses at once meet
/// at the unique index; the second reads the first's key.
pub async fn signing_key(scope: Scope<'_>, sealer: &Sealer) -> Result<signing_key::Model, DbErr> {
    if let Some(key) = current(scope).await? {
        return Ok(key);
    }
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let x = URL_SAFE_NO_PAD.encode(ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes());
    let inserted = signing_key::ActiveModel {
        university_id: Set(scope.university.id),
        kid: Set(thumbprint(&x)),
        public_key: Set(x),
        private_sealed: Set(sealer.seal(&URL_SAFE_NO_PAD.encode(seed))),
        created_at: Set(scope.now),
        ..Default::default()
    }
    .insert(scope.db)
    .await;
    match inserted {
        Ok(key) => Ok(key),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            current(scope).await?.ok_or(err)
        }
        Err(err) => Err(err),
    }
}

async fn current(scope: Scope<'_>) -> Result<Option<signing_key::Model>, DbErr> {
    signing_key::Entity::find()
        .filter(signing_key::Column::UniversityId.eq(scope.university.id))
        .order_by_desc(signing_key::Column::Id)
        .one(scope.db)
        .await
}

/// The university's public keys (made on first use, so that the set is never empty).
pub async fn jwks(scope: Scope<'_>, sealer: &Sealer) -> Result<Jwks, DbErr> {
    signing_key(scope, sealer).await?;
    let keys = signing_key::Entity::find()
        .filter(signing_key::Column::UniversityId.eq(scope.university.id))
        .order_by_asc(signing_key::Column::Id)
        .all(scope.db)
        .await?;
    Ok(Jwks {
        keys: keys
            .into_iter()
            .map(|k| Jwk {
                kty: "OKP".into(),
                crv: "Ed25519".into(),
                x: k.public_key,
                kid: k.kid,
                use_: "sig".into(),
                alg: "EdDSA".into(),
            })
            .collect(),
    })
}

/// The JWK thumbprint of an Ed25519 public key (RFC 7638: the required members in
/// lexicographic order, no spaces).
fn thumbprint(x: &str) -> String {
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// The credential of an issued copy: what the copy says, its verification page as its id,
/// and the PDF's SHA-256 (`digestSRI`), so the credential and the file vouch for each other.
pub fn credential(copy: &issued_copy::Model, code: &str, public_url: &str) -> serde_json::Value {
    let digest = STANDARD.encode(hex::decode(&copy.pdf_sha256).unwrap_or_default());
    let id = format!("{public_url}/verify#{}", code.replace('-', ""));
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": id,
        "type": ["VerifiableCredential", "CertificateOfStudiesCredential"],
        "issuer": {"id": public_url, "name": copy.university_name},
        "name": copy.title,
        "validFrom": copy.issued_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "credentialSubject": {
            "name": copy.holder_name,
            "certificate": {
                "title": copy.title,
                "language": copy.language,
                "issuedOn": copy.issued_on,
                "verificationCode": code,
            }
        },
        "relatedResource": [{"id": id, "mediaType": "application/pdf", "digestSRI": format!("sha256-{digest}")}],
    })
}

/// The credential secured as a JWT: header `{"alg":"EdDSA","typ":"vc+jwt","cty":"vc","kid"}`,
/// the claims set the credential with `iss`, `jti` and `iat`.
pub fn sign(key: &signing_key::Model, sealer: &Sealer, credential: &serde_json::Value) -> anyhow::Result<String> {
    let seed = URL_SAFE_NO_PAD.decode(sealer.open(&key.private_sealed)?)?;
    anyhow::ensure!(seed.len() == 32, "signing key {}: not an Ed25519 seed", key.id);
    let der: Vec<u8> = PKCS8_PREFIX.iter().chain(&seed).copied().collect();
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some("vc+jwt".into());
    header.cty = Some("vc".into());
    header.kid = Some(key.kid.clone());
    let mut claims = credential.clone();
    if let Some(map) = claims.as_object_mut() {
        map.insert("iss".into(), credential["issuer"]["id"].clone());
        map.insert("jti".into(), credential["id"].clone());
        map.insert("iat".into(), json!(key_time(credential)));
    }
    Ok(jsonwebtoken::encode(&header, &claims, &EncodingKey::from_ed_der(&der))?)
}

/// `validFrom` as seconds since the epoch (0 when it cannot be read).
fn key_time(credential: &serde_json::Value) -> i64 {
    credential["validFrom"]
        .as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thumbprint_is_rfc_7638s() {
        // RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
        assert_eq!(
            thumbprint("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }

    #[test]
    fn the_pkcs8_wrapping_is_what_the_signer_reads() {
        use ed25519_dalek::pkcs8::DecodePrivateKey;
        let seed = [7u8; 32];
        let der: Vec<u8> = PKCS8_PREFIX.iter().chain(&seed).copied().collect();
        let key = ed25519_dalek::SigningKey::from_pkcs8_der(&der).unwrap();
        assert_eq!(key.to_bytes(), seed);
    }
}
