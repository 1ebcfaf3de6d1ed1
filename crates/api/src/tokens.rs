//! Access tokens: JWT pinned to one algorithm (HS256), each kind with its own audience and
//! type (`staff`, `graduate`, and `credential_setup` for the first login's setup token),
//! issued and checked against the application's clock. Below both the use cases (which mint
//! graduate and setup tokens) and HTTP (which reads them from requests).

use chrono::{DateTime, Utc};
use jsonwebtoken::{decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

const ISSUER: &str = "cis";
const ALGORITHM: Algorithm = Algorithm::HS256;

/// Who a token is for: each kind is refused on the others' paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Staff,
    Graduate,
    /// The first login's setup token: good only for setting the credentials.
    CredentialSetup,
}

impl Audience {
    const ALL: [Audience; 3] = [Audience::Staff, Audience::Graduate, Audience::CredentialSetup];

    /// The `aud` claim.
    fn claim(self) -> &'static str {
        match self {
            Audience::Staff => "staff",
            Audience::Graduate => "graduate",
            Audience::CredentialSetup => "credential_setup",
        }
    }

    /// The header's `typ` (RFC 8725 section 3.11: explicit typing, so that one kind of token
    /// can never be taken for another).
    fn typ(self) -> &'static str {
        match self {
            Audience::Staff => "staff-at+jwt",
            Audience::Graduate => "graduate-at+jwt",
            Audience::CredentialSetup => "credential-setup+jwt",
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The user's id, as a string (RFC 7519 `sub` is a string).
    sub: String,
    aud: String,
    iss: String,
    /// The university the token was issued for.
    uni: i64,
    iat: i64,
    exp: i64,
    /// The graduate's session, or the staff member's token generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sid: Option<i64>,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Missing, malformed, forged, expired, or for another university: log in (401).
    #[error("no valid token")]
    Invalid,
    /// A valid token of another kind: not allowed here (403).
    #[error("a token of another audience")]
    WrongAudience,
}

/// What a valid token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub subject: i64,
    /// The graduate's session, or the staff member's token generation.
    pub session: Option<i64>,
}

/// The keys of one deployment, made once from `CIS_JWT_SECRET`.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    university: i64,
}

impl TokenKeys {
    pub fn new(secret: &SecretString, university: i64) -> TokenKeys {
        let bytes = secret.expose_secret().as_bytes();
        TokenKeys { encoding: EncodingKey::from_secret(bytes), decoding: DecodingKey::from_secret(bytes), university }
    }

    /// A token for `subject` in `audience`, bound to a session (graduates) or a token
    /// generation (staff) when given, valid for `seconds` from `now`.
    pub fn issue(
        &self,
        audience: Audience,
        subject: i64,
        session: Option<i64>,
        seconds: i64,
        now: DateTime<Utc>,
    ) -> String {
        let now = now.timestamp();
        let claims = Claims {
            sub: subject.to_string(),
            aud: audience.claim().to_owned(),
            iss: ISSUER.to_owned(),
            uni: self.university,
            iat: now,
            exp: now + seconds,
            sid: session,
        };
        let header = Header { typ: Some(audience.typ().to_owned()), ..Header::new(ALGORITHM) };
        encode(&header, &claims, &self.encoding).expect("HS256 signing cannot fail")
    }

    /// The subject and session of a valid token of `audience`. `exp`, `aud`, `iss` and `sub`
    /// are required; the algorithm is HS256 and nothing else.
    pub fn verify(&self, token: &str, audience: Audience, now: DateTime<Utc>) -> Result<Verified, TokenError> {
        let token = token.trim();
        let header = decode_header(token).map_err(|_| TokenError::Invalid)?;
        let kind = Audience::ALL.into_iter().find(|a| header.typ.as_deref() == Some(a.typ()));
        let mut validation = Validation::new(ALGORITHM);
        // Expiry is checked against the application's clock, the audience below (403, not 401).
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let claims = decode::<Claims>(token, &self.decoding, &validation).map_err(|_| TokenError::Invalid)?.claims;
        if claims.exp <= now.timestamp() || claims.uni != self.university {
            return Err(TokenError::Invalid);
        }
        // The type and the audience name the same kind, or the token was not made here.
        let kind = kind.filter(|k| k.claim() == claims.aud).ok_or(TokenError::Invalid)?;
        if kind != audience {
            return Err(TokenError::WrongAudience);
        }
        let subject = claims.sub.parse().map_err(|_| TokenError::Invalid)?;
        Ok(Verified { subject, session: claims.sid })
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use chrono::Duration;

    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(&SecretString::from("a-secret-of-at-least-thirty-two-characters"), 1)
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z").unwrap().with_timezone(&Utc)
    }

    /// The token with its header or claims changed, keeping the signature.
    fn tampered(token: &str, part: usize, change: impl FnOnce(&mut serde_json::Value)) -> String {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        let mut json: serde_json::Value = serde_json::from_slice(&engine.decode(&parts[part]).unwrap()).unwrap();
        change(&mut json);
        parts[part] = engine.encode(serde_json::to_vec(&json).unwrap());
        parts.join(".")
    }

    #[test]
    fn each_kind_works_only_where_it_belongs() {
        let keys = keys();
        for kind in Audience::ALL {
            let token = keys.issue(kind, 7, Some(3), 60, now());
            assert_eq!(keys.verify(&token, kind, now()), Ok(Verified { subject: 7, session: Some(3) }));
            for other in Audience::ALL.into_iter().filter(|o| *o != kind) {
                assert_eq!(keys.verify(&token, other, now()), Err(TokenError::WrongAudience));
            }
        }
    }

    #[test]
    fn expired_forged_foreign_and_untyped_tokens_are_invalid() {
        let keys = keys();
        let token = keys.issue(Audience::Graduate, 7, Some(3), 60, now());
        let invalid = |t: &str| keys.verify(t, Audience::Graduate, now());
        assert_eq!(keys.verify(&token, Audience::Graduate, now() + Duration::seconds(60)), Err(TokenError::Invalid));
        assert_eq!(invalid(&tampered(&token, 1, |c| c["sub"] = "8".into())), Err(TokenError::Invalid));
        assert_eq!(invalid(&tampered(&token, 1, |c| c["exp"] = 4_102_444_800i64.into())), Err(TokenError::Invalid));
        assert_eq!(invalid(&tampered(&token, 0, |h| h["alg"] = "none".into())), Err(TokenError::Invalid));
        assert_eq!(invalid(&tampered(&token, 0, |h| h["alg"] = "HS512".into())), Err(TokenError::Invalid));
        assert_eq!(invalid(&tampered(&token, 0, |h| h["typ"] = "JWT".into())), Err(TokenError::Invalid));
        assert_eq!(invalid("not-a-jwt"), Err(TokenError::Invalid));
        let other_university = TokenKeys::new(&SecretString::from("a-secret-of-at-least-thirty-two-characters"), 2);
        assert_eq!(other_university.verify(&token, Audience::Graduate, now()), Err(TokenError::Invalid));
        let other_key = TokenKeys::new(&SecretString::from("another-secret-of-at-least-thirty-two-chars"), 1);
        assert_eq!(other_key.verify(&token, Audience::Graduate, now()), Err(TokenError::Invalid));
    }

    /// A token minted before the jsonwebtoken 11 upgrade (by jsonwebtoken 9, same key, claims
    /// and header) is minted byte for byte the same now, and verifies.
    #[test]
    fn tokens_are_minted_as_before() {
        const MINTED: &str = "eyJ0eXAiOiJncmFkdWF0ZS1hdCtqd3QiLCJhbGciOiJIUzI1NiJ9.\
eyJzdWIiOiI3IiwiYXVkIjoiZ3JhZHVhdGUiLCJpc3MiOiJjaXMiLCJ1bmkiOjEsImlhdCI6MTc5NTYwODAwMCwiZXhwIjoxNzk1NjA4MDYwLCJzaWQiOjN9.\
v_xc_pbl8aMdDvHHByOAUTFKnWII7_3HgwEg_exmA78";
        let keys = keys();
        assert_eq!(keys.issue(Audience::Graduate, 7, Some(3), 60, now()), MINTED);
        assert_eq!(keys.verify(MINTED, Audience::Graduate, now()), Ok(Verified { subject: 7, session: Some(3) }));
    }

    #[test]
    fn claims_that_are_required_cannot_be_left_out() {
        let keys = keys();
        for claim in ["exp", "aud", "iss", "sub"] {
            let mut claims = serde_json::json!({"sub": "7", "aud": "graduate", "iss": "cis", "uni": 1, "iat": 0,
                "exp": now().timestamp() + 60});
            claims.as_object_mut().unwrap().remove(claim);
            let header = Header { typ: Some("graduate-at+jwt".into()), ..Header::new(ALGORITHM) };
            let token = encode(&header, &claims, &keys.encoding).unwrap();
            assert_eq!(keys.verify(&token, Audience::Graduate, now()), Err(TokenError::Invalid), "without {claim}");
        }
    }
}
