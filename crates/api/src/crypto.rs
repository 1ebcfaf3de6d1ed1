//! Password hashing and random secrets, in one place so every path uses the same policy.
//! Hashing runs on the blocking pool, never on an async worker.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::{distributions::Alphanumeric, Rng};
use secrecy::{ExposeSecret, SecretString};

/// argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane): the crate's defaults.
fn hasher() -> Argon2<'static> {
    Argon2::default()
}

/// Hashes a secret into a PHC string, on the blocking pool.
pub async fn hash_secret(secret: SecretString) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(secret.expose_secret().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await?
}

/// Whether a secret matches a PHC string, on the blocking pool. A malformed hash is `false`.
pub async fn verify_secret(secret: SecretString, phc: String) -> anyhow::Result<bool> {
    Ok(tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc)
            .map(|parsed| hasher().verify_password(secret.expose_secret().as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await?)
}

/// A random password of ASCII letters and digits with at least one upper-case letter,
/// one lower-case letter and one digit.
pub fn generate_password(len: usize) -> SecretString {
    assert!(len >= 8);
    let mut rng = rand::thread_rng();
    loop {
        let candidate: String = (&mut rng).sample_iter(&Alphanumeric).take(len).map(char::from).collect();
        if candidate.chars().any(|c| c.is_ascii_uppercase())
            && candidate.chars().any(|c| c.is_ascii_lowercase())
            && candidate.chars().any(|c| c.is_ascii_digit())
        {
            return SecretString::from(candidate);
        }
    }
}

/// `bytes` random bytes as URL-safe base64 without padding.
pub fn random_token(bytes: usize) -> SecretString {
    use base64::Engine;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill(buf.as_mut_slice());
    SecretString::from(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_secret_only() {
        let phc = hash_secret(SecretString::from("Kobe2024pass")).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_secret(SecretString::from("Kobe2024pass"), phc.clone()).await.unwrap());
        assert!(!verify_secret(SecretString::from("kobe2024pass"), phc).await.unwrap());
        assert!(!verify_secret(SecretString::from("x"), "not a hash".into()).await.unwrap());
    }

    #[test]
    fn generated_passwords_mix_cases_and_digits() {
        for _ in 0..50 {
            let p = generate_password(16);
            let p = p.expose_secret();
            assert_eq!(p.len(), 16);
            assert!(p.chars().all(|c| c.is_ascii_alphanumeric()));
            assert!(p.chars().any(|c| c.is_ascii_uppercase()) && p.chars().any(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (random_token(32), random_token(32));
        assert_eq!(a.expose_secret().len(), 43);
        assert_ne!(a.expose_secret(), b.expose_secret());
    }
}
