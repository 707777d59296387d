//! Secrets at rest and random tokens (server only).
//!
//! - Codes, tokens and recovery codes are random and stored only as SHA-256 hashes: they
//!   have 60+ bits of entropy and are single-use, so a slow hash adds nothing.
//! - TOTP secrets must be read back to check a code, so they are sealed with
//!   XChaCha20-Poly1305 under a key from configuration, never stored in clear.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Letters' codes and recovery codes use this alphabet: no 0/O, 1/I/L, 2/Z, 5/S, 8/B,
/// so that a code read from paper is typed right.
const ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

#[derive(Clone)]
pub struct Secrets {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

impl Secrets {
    pub fn from_key(key: [u8; 32]) -> Secrets {
        Secrets { cipher: XChaCha20Poly1305::new(&key.into()) }
    }

    /// A key that lives as long as the process (tests and throwaway runs).
    pub fn ephemeral() -> Secrets {
        Self::from_key(random_bytes())
    }

    /// Reads a key written as base64 (32 bytes).
    pub fn parse_key(text: &str) -> Option<[u8; 32]> {
        let bytes = base64::engine::general_purpose::STANDARD.decode(text.trim()).ok()?;
        bytes.try_into().ok()
    }

    pub fn seal(&self, plain: &[u8]) -> Option<String> {
        let nonce: [u8; 24] = random_bytes();
        let sealed = self.cipher.encrypt(XNonce::from_slice(&nonce), plain).ok()?;
        Some(format!("{}.{}", B64.encode(nonce), B64.encode(sealed)))
    }

    /// `None` for anything not sealed under this key (tampered, or another key).
    pub fn open(&self, sealed: &str) -> Option<Vec<u8>> {
        let (nonce, body) = sealed.split_once('.')?;
        let nonce = B64.decode(nonce).ok()?;
        if nonce.len() != 24 {
            return None;
        }
        self.cipher.decrypt(XNonce::from_slice(&nonce), B64.decode(body).ok()?.as_slice()).ok()
    }
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut out);
    out
}

/// A 256-bit token for cookies and links (URL-safe).
pub fn new_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// A code of `groups` × 4 characters from [`ALPHABET`] (4.6 bits each), e.g. `KM3T-…`.
pub fn new_code(groups: usize) -> String {
    let mut chars = Vec::with_capacity(groups * 5);
    for g in 0..groups {
        if g > 0 {
            chars.push('-');
        }
        for _ in 0..4 {
            // Rejection sampling keeps every character equally likely.
            let c = loop {
                let b = random_bytes::<1>()[0];
                if (b as usize) < 250 {
                    break ALPHABET[(b as usize) % ALPHABET.len()];
                }
            };
            chars.push(c as char);
        }
    }
    chars.into_iter().collect()
}

/// A code as typed: NFKC, upper case, without spaces and dashes.
pub fn canonical_code(typed: &str) -> String {
    kit::input::normalize_code(typed).to_uppercase()
}

/// The stored hash of a code as typed.
pub fn code_hash(typed: &str) -> String {
    sha256_hex(&canonical_code(typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key() {
        let a = Secrets::ephemeral();
        let sealed = a.seal(b"totp secret").unwrap();
        assert_eq!(a.open(&sealed).as_deref(), Some(&b"totp secret"[..]));
        assert_eq!(Secrets::ephemeral().open(&sealed), None);
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(a.open(&tampered), None);
        assert_eq!(a.open("garbage"), None);
        assert_ne!(a.seal(b"x"), a.seal(b"x"), "fresh nonce each time");
    }

    #[test]
    fn codes_are_readable_and_typed_any_way() {
        let code = new_code(3);
        assert_eq!(code.len(), 14);
        assert!(code.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(code_hash(&typed), code_hash(&code));
        let full_width: String =
            code.chars().map(|c| if c == '-' { 'ー' } else { char::from_u32(c as u32 + 0xFEE0).unwrap() }).collect();
        assert_eq!(code_hash(&full_width), code_hash(&code));
    }

    #[test]
    fn keys_parse_from_base64_of_32_bytes() {
        let text = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        assert_eq!(Secrets::parse_key(&text), Some([7u8; 32]));
        assert_eq!(Secrets::parse_key("c2hvcnQ="), None);
    }
}
