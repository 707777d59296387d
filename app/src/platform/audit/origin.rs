//! Proof that the application wrote an audit event. The hash chain shows that a sealed
//! event has not changed since; it cannot tell a row added behind the application's back —
//! the sealer seals whatever it finds. So every event carries, from the moment it is
//! written, a MAC over its canonical form keyed by the server's secret key (which is kept
//! away from the database): a row written without the key fails verification, and a copy
//! of a genuine row repeats its nonce.
//!
//! The key is process-wide: events are appended on bare connections inside many features'
//! transactions, and one key serves them all. The server installs it from its secret key at
//! start; a process that installs none (tests) uses a random key of its own.

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

static KEY: OnceLock<Hmac<Sha256>> = OnceLock::new();

/// Bytes of the nonce (16 characters once encoded).
const NONCE: usize = 12;
/// Bytes of the tag kept (a truncated HMAC-SHA256, 22 characters once encoded).
const TAG: usize = 16;

/// Installs the MAC key derived from the server's secret key. The first key installed stays
/// for the life of the process.
pub fn install(secret_key: &[u8; 32]) {
    let _ = KEY.set(keyed(&derive(secret_key)));
}

/// HMAC-SHA256 keyed with 32 bytes: the key zero-padded to the block, as HMAC does, so
/// keying cannot fail.
fn keyed(key: &[u8; 32]) -> Hmac<Sha256> {
    let mut block = hmac::digest::Key::<Hmac<Sha256>>::default();
    block[..32].copy_from_slice(key);
    <Hmac<Sha256> as hmac::digest::KeyInit>::new(&block)
}

/// A key of its own for audit MACs, so the secret key itself signs nothing here.
fn derive(secret_key: &[u8; 32]) -> [u8; 32] {
    let mut m = keyed(secret_key);
    m.update(b"madoguchi audit event MAC v1");
    m.finalize().into_bytes().into()
}

/// The keyed state, cloned for each MAC (keying once, not per event).
fn key() -> &'static Hmac<Sha256> {
    KEY.get_or_init(|| keyed(&crate::platform::secrets::random_bytes()))
}

/// The part of a canonical form a MAC covers: everything after the id, which the database
/// assigns only once the row is written (`[id,` is cut off; an id holds no comma).
pub fn body(canonical: &str) -> &str {
    canonical.split_once(',').map_or(canonical, |(_, rest)| rest)
}

fn tag(nonce: &str, body: &str) -> Hmac<Sha256> {
    let mut m = key().clone();
    m.update(nonce.as_bytes());
    m.update(b".");
    m.update(body.as_bytes());
    m
}

/// The MAC of a new event whose canonical form after the id is `body`: `nonce.tag`.
pub fn sign(body: &str) -> String {
    let nonce = B64.encode(rand::random::<[u8; NONCE]>());
    let tag = tag(&nonce, body).finalize().into_bytes();
    format!("{nonce}.{}", B64.encode(&tag[..TAG]))
}

/// Whether `mac` was made with this process's key for an event of this canonical form.
pub fn verifies(mac: &str, canonical: &str) -> bool {
    let Some((nonce, encoded)) = mac.split_once('.') else { return false };
    let Ok(expected) = B64.decode(encoded) else { return false };
    expected.len() == TAG && tag(nonce, body(canonical)).verify_truncated_left(&expected).is_ok()
}

/// The MAC's nonce as a fixed-size key, to find copies among a million events without
/// allocating; None for a MAC of another shape (which does not verify anyway).
pub fn nonce_key(mac: &str) -> Option<[u8; 16]> {
    let nonce = mac.split_once('.')?.0.as_bytes();
    nonce.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_event_verifies_under_any_id_and_only_with_its_own_content() {
        let canonical = r#"[7,"2026-11-22T01:00:00Z","member","3",null,3,"request.view",null,null,null,"allowed",null,null,"r1",null]"#;
        let mac = sign(body(canonical));
        assert!(verifies(&mac, canonical));
        // The id is not covered: the database assigns it after the MAC is made.
        assert!(verifies(&mac, &canonical.replacen("[7,", "[12345,", 1)));
        assert!(!verifies(&mac, &canonical.replace("\"3\"", "\"4\"")));
        assert!(!verifies(&mac, &canonical.replace("allowed", "refused")));
    }

    #[test]
    fn a_forged_or_malformed_mac_does_not_verify() {
        let canonical = r#"[1,"2026-11-22T01:00:00Z","system","seal",null,null,"x",null,null,null,"allowed",null,null,null,null]"#;
        let mac = sign(body(canonical));
        let (nonce, _) = mac.split_once('.').unwrap();
        assert!(!verifies(&format!("{nonce}.AAAAAAAAAAAAAAAAAAAAAA"), canonical));
        // Another nonce with the same tag: the nonce is covered.
        let other = sign(body(canonical));
        let (other_nonce, _) = other.split_once('.').unwrap();
        let (_, tag) = mac.split_once('.').unwrap();
        assert!(!verifies(&format!("{other_nonce}.{tag}"), canonical));
        for bad in ["", ".", "-", "nonce", "a.b", &format!("{nonce}.{}", &tag[..10])] {
            assert!(!verifies(bad, canonical), "{bad}");
        }
    }

    #[test]
    fn every_mac_has_its_own_nonce() {
        let macs: std::collections::HashSet<_> = (0..1000).map(|_| nonce_key(&sign("x]")).unwrap()).collect();
        assert_eq!(macs.len(), 1000);
        assert_eq!(nonce_key("short.tag"), None);
    }

    #[test]
    fn keying_pads_as_hmac_does() {
        let key = [7u8; 32];
        let mut padded = keyed(&key);
        let mut sliced = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        padded.update(b"x");
        sliced.update(b"x");
        assert_eq!(padded.finalize().into_bytes(), sliced.finalize().into_bytes());
    }

    #[test]
    fn the_derived_key_depends_on_the_secret_key() {
        assert_ne!(derive(&[1; 32]), derive(&[2; 32]));
        assert_ne!(derive(&[1; 32]), [1; 32]);
    }
}
