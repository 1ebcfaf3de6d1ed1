//! Password hashing and random secrets, in one place so every path uses the same policy.
//! Hashing runs on the blocking pool, never on an async worker.

use std::sync::atomic::{AtomicUsize, Ordering};

use argon2::{Argon2, PasswordHash, PasswordHasher};
use rand::{distributions::Alphanumeric, Rng};
use secrecy::{ExposeSecret, SecretString};

/// argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane): the crate's defaults.
fn hasher() -> Argon2<'static> {
    Argon2::default()
}

/// argon2 runs at most twice per core at a time (one running, one ready to take the core
/// the moment it is free), first come first served: a burst of logins queues here instead
/// of spreading over hundreds of blocking threads each holding a 19 MiB buffer.
async fn argon2_slot() -> tokio::sync::SemaphorePermit<'static> {
    let waiting = Waiting::start();
    let permit = argon2_slots().acquire().await.expect("the semaphore is never closed");
    drop(waiting);
    permit
}

static ARGON2_WAITING: AtomicUsize = AtomicUsize::new(0);

/// Counts a waiter until it has its slot or gives up (its request was dropped).
struct Waiting;

impl Waiting {
    fn start() -> Waiting {
        ARGON2_WAITING.fetch_add(1, Ordering::Relaxed);
        Waiting
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        ARGON2_WAITING.fetch_sub(1, Ordering::Relaxed);
    }
}

fn argon2_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| tokio::sync::Semaphore::new(ARGON2_SLOTS.get_or_init(slot_count).to_owned()))
}

static ARGON2_SLOTS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

fn slot_count() -> usize {
    2 * std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Hashings waiting for a slot and holding one, in this process (the metrics).
pub struct Argon2Load {
    pub waiting: usize,
    pub running: usize,
}

pub fn argon2_load() -> Argon2Load {
    let slots = *ARGON2_SLOTS.get_or_init(slot_count);
    Argon2Load {
        waiting: ARGON2_WAITING.load(Ordering::Relaxed),
        running: slots.saturating_sub(argon2_slots().available_permits()),
    }
}

/// Hashes a secret into a PHC string, on the blocking pool.
pub async fn hash_secret(secret: SecretString) -> anyhow::Result<String> {
    let _slot = argon2_slot().await;
    tokio::task::spawn_blocking(move || {
        // A random 16-byte salt (the recommended length), from the operating system.
        hasher()
            .hash_password(secret.expose_secret().as_bytes())
            .map(|h: PasswordHash| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await?
}

/// Whether a secret matches a PHC string, on the blocking pool. A malformed hash is `false`.
pub async fn verify_secret(secret: SecretString, phc: String) -> anyhow::Result<bool> {
    let _slot = argon2_slot().await;
    Ok(tokio::task::spawn_blocking(move || verify_reusing_memory(secret.expose_secret().as_bytes(), &phc)).await?)
}

/// argon2 verification with the hash's own parameters, in a memory buffer kept per thread:
/// a fresh 19 MiB buffer per verification costs page faults and zeroing (about a seventh
/// of a login's CPU, measured by `cargo xtask bench`). The comparison is constant-time.
fn verify_reusing_memory(secret: &[u8], phc: &str) -> bool {
    use argon2::{Algorithm, Block, Params, Version};
    use std::cell::RefCell;
    thread_local! {
        static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
    }
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let (Ok(algorithm), Some(salt), Some(expected)) =
        (Algorithm::try_from(parsed.algorithm.as_str()), &parsed.salt, &parsed.hash)
    else {
        return false;
    };
    let Ok(version) = parsed.version.map(Version::try_from).transpose().map(Option::unwrap_or_default) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else { return false };
    let count = params.block_count();
    let argon = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    let hashed = BLOCKS.with_borrow_mut(|blocks| {
        if blocks.len() < count {
            blocks.resize(count, Block::default());
        }
        argon.hash_password_into_with_memory(secret, salt, &mut out, &mut blocks[..count])
    });
    hashed.is_ok() && argon2::password_hash::phc::Output::new(&out).is_ok_and(|computed| computed == *expected)
}

/// A hash to verify against when there is no account, so that a wrong address takes as
/// long as a wrong password and the answer tells nothing.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let hash: PasswordHash =
            hasher().hash_password_with_salt(b"no account has this password", b"cis-dummy-salt!!").expect("hash");
        hash.to_string()
    })
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

    /// The buffer-reusing verifier agrees with the argon2 crate's own, for the production
    /// parameters and for hashes made with other ones (smaller, then larger: the buffer grows).
    #[test]
    fn verification_agrees_with_the_reference_for_any_parameters() {
        use argon2::password_hash::PasswordVerifier;
        use argon2::{Algorithm, Params, Version};
        for (m, t, p) in [(19456, 2, 1), (1024, 1, 1), (8192, 3, 2), (32768, 1, 1)] {
            let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(m, t, p, None).unwrap());
            let phc = PasswordHasher::<PasswordHash>::hash_password(&argon, b"Kobe2024pass").unwrap().to_string();
            for candidate in [&b"Kobe2024pass"[..], b"Kobe2024pasS", b""] {
                let reference = argon.verify_password(candidate, &PasswordHash::new(&phc).unwrap()).is_ok();
                assert_eq!(verify_reusing_memory(candidate, &phc), reference, "m={m} t={t} p={p}");
            }
        }
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x10, Params::new(1024, 1, 1, None).unwrap());
        let phc = PasswordHasher::<PasswordHash>::hash_password(&argon2i, b"Kobe2024pass").unwrap().to_string();
        assert!(verify_reusing_memory(b"Kobe2024pass", &phc));
        assert!(!verify_reusing_memory(b"Kobe2024pass", &phc.replace("$argon2i$", "$argon2id$")));
    }

    /// A hash stored before the argon2 0.6 upgrade (made by argon2 0.5 with the production
    /// parameters and the salt "0123456789abcdef") still verifies, and hashing with the same
    /// salt gives the same string: stored passwords keep working.
    #[tokio::test]
    async fn hashes_stored_by_earlier_releases_still_verify() {
        const STORED: &str =
            "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$nnKl6Rqh6GSCYrdOePqHqRritrw7Y8GXviPmnI+77B8";
        assert!(verify_secret(SecretString::from("Kobe2024pass"), STORED.into()).await.unwrap());
        assert!(!verify_secret(SecretString::from("Kobe2024pasS"), STORED.into()).await.unwrap());
        let again: PasswordHash = hasher().hash_password_with_salt(b"Kobe2024pass", b"0123456789abcdef").unwrap();
        assert_eq!(again.to_string(), STORED);
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

/// Seals text stored at rest that must be read back (queued mail carrying one-time links or
/// initial passwords): ChaCha20-Poly1305 under a key derived from `CIS_DATA_KEY`.
pub struct Sealer {
    cipher: chacha20poly1305::ChaCha20Poly1305,
}

const SEALED_PREFIX: &str = "v1.";

impl Sealer {
    pub fn new(secret: &SecretString) -> Sealer {
        use chacha20poly1305::KeyInit;
        use sha2::Digest;
        let key = sha2::Sha256::digest(secret.expose_secret().as_bytes());
        Sealer { cipher: chacha20poly1305::ChaCha20Poly1305::new(&key) }
    }

    pub fn seal(&self, plaintext: &str) -> String {
        use base64::Engine;
        use chacha20poly1305::aead::{Aead, AeadCore};
        let nonce = chacha20poly1305::ChaCha20Poly1305::generate_nonce(&mut chacha20poly1305::aead::OsRng);
        let mut sealed = nonce.to_vec();
        sealed.extend(self.cipher.encrypt(&nonce, plaintext.as_bytes()).expect("encryption of a string"));
        format!("{SEALED_PREFIX}{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(sealed))
    }

    pub fn open(&self, sealed: &str) -> anyhow::Result<String> {
        use base64::Engine;
        use chacha20poly1305::aead::Aead;
        let body = sealed.strip_prefix(SEALED_PREFIX).ok_or_else(|| anyhow::anyhow!("not sealed"))?;
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD.decode(body)?;
        anyhow::ensure!(bytes.len() > 12, "sealed text too short");
        let (nonce, ciphertext) = bytes.split_at(12);
        let plain = self
            .cipher
            .decrypt(chacha20poly1305::Nonce::from_slice(nonce), ciphertext)
            .map_err(|_| anyhow::anyhow!("sealed text does not open with this key (CIS_DATA_KEY changed?)"))?;
        Ok(String::from_utf8(plain)?)
    }
}

/// SHA-256 of a text, hex: how one-time tokens and rate-limit keys are stored.
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod sealer_tests {
    use super::*;

    #[test]
    fn sealed_text_opens_with_the_same_key_only() {
        let sealer = Sealer::new(&SecretString::from("k".repeat(40)));
        let sealed = sealer.seal("https://cis.example/register/secret-token");
        assert!(sealed.starts_with("v1.") && !sealed.contains("secret-token"));
        assert_eq!(sealer.open(&sealed).unwrap(), "https://cis.example/register/secret-token");
        assert_ne!(sealer.seal("same"), sealer.seal("same"), "a fresh nonce each time");
        let other = Sealer::new(&SecretString::from("x".repeat(40)));
        assert!(other.open(&sealed).is_err());
    }
}
