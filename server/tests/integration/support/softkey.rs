//! A software passkey for the tests: a real P-256 key (OpenSSL), real ECDSA signatures,
//! the authenticator data and client data a browser and authenticator would produce, built
//! by hand from the WebAuthn specification. Nothing of webauthn-rs is mocked: the server
//! verifies these exactly as it verifies a phone's.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcKey};
use openssl::ecdsa::EcdsaSig;
use openssl::nid::Nid;
use openssl::pkey::Private;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The flags of authenticator data.
const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).unwrap()
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

/// CBOR: a byte string's or text string's head.
fn cbor_head(major: u8, len: usize) -> Vec<u8> {
    match len {
        0..=23 => vec![(major << 5) | len as u8],
        24..=255 => vec![(major << 5) | 24, len as u8],
        _ => vec![(major << 5) | 25, (len >> 8) as u8, len as u8],
    }
}

fn cbor_text(s: &str) -> Vec<u8> {
    let mut v = cbor_head(3, s.len());
    v.extend_from_slice(s.as_bytes());
    v
}

fn cbor_bytes(b: &[u8]) -> Vec<u8> {
    let mut v = cbor_head(2, b.len());
    v.extend_from_slice(b);
    v
}

/// One passkey held by the soft authenticator.
pub struct SoftKey {
    key: EcKey<Private>,
    pub credential_id: Vec<u8>,
    pub user_handle: Vec<u8>,
    pub rp_id: String,
    pub counter: u32,
}

/// How the soft authenticator misbehaves, for the refusals.
#[derive(Clone, Copy, Debug, Default)]
pub struct Twist<'a> {
    /// Leave the user-verified flag unset.
    pub no_user_verification: bool,
    /// Sign for this origin instead of the real one.
    pub origin: Option<&'a str>,
    /// Sign for this RP id instead of the real one.
    pub rp_id: Option<&'a str>,
    /// Claim this user handle instead of the key's own.
    pub user_handle: Option<&'a [u8]>,
}

impl SoftKey {
    /// Answers `navigator.credentials.create(options)` at `origin`: the new key and the
    /// credential JSON the browser posts.
    pub fn register(options: &Value, origin: &str, twist: Twist) -> (SoftKey, String) {
        let pk = &options["publicKey"];
        let rp_id = pk["rp"]["id"].as_str().unwrap().to_string();
        let user_handle = unb64(pk["user"]["id"].as_str().unwrap());
        let challenge = pk["challenge"].as_str().unwrap();
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = EcKey::generate(&group).unwrap();
        let mut ctx = BigNumContext::new().unwrap();
        let (mut x, mut y) = (BigNum::new().unwrap(), BigNum::new().unwrap());
        key.public_key().affine_coordinates(&group, &mut x, &mut y, &mut ctx).unwrap();
        let credential_id: Vec<u8> = (0..32).map(|_| rand::random::<u8>()).collect();
        // COSE key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}.
        let mut cose = vec![0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21];
        cose.extend(cbor_bytes(&x.to_vec_padded(32).unwrap()));
        cose.push(0x22);
        cose.extend(cbor_bytes(&y.to_vec_padded(32).unwrap()));
        let flags = UP | AT | if twist.no_user_verification { 0 } else { UV };
        let mut auth_data = sha256(twist.rp_id.unwrap_or(&rp_id).as_bytes());
        auth_data.push(flags);
        auth_data.extend_from_slice(&0u32.to_be_bytes());
        auth_data.extend_from_slice(&[0u8; 16]);
        auth_data.extend_from_slice(&(credential_id.len() as u16).to_be_bytes());
        auth_data.extend_from_slice(&credential_id);
        auth_data.extend(cose);
        let mut attestation = vec![0xa3];
        attestation.extend(cbor_text("fmt"));
        attestation.extend(cbor_text("none"));
        attestation.extend(cbor_text("attStmt"));
        attestation.push(0xa0);
        attestation.extend(cbor_text("authData"));
        attestation.extend(cbor_bytes(&auth_data));
        let client_data = json!({
            "type": "webauthn.create",
            "challenge": challenge,
            "origin": twist.origin.unwrap_or(origin),
            "crossOrigin": false,
        })
        .to_string();
        let credential = json!({
            "id": b64(&credential_id),
            "rawId": b64(&credential_id),
            "type": "public-key",
            "response": { "attestationObject": b64(&attestation), "clientDataJSON": b64(client_data.as_bytes()) },
            "extensions": {},
        });
        (SoftKey { key, credential_id, user_handle, rp_id, counter: 0 }, credential.to_string())
    }

    /// Answers `navigator.credentials.get(options)` at `origin`: the assertion JSON.
    pub fn assert(&mut self, options: &Value, origin: &str, twist: Twist) -> String {
        let challenge = options["publicKey"]["challenge"].as_str().unwrap();
        self.counter += 1;
        let flags = UP | if twist.no_user_verification { 0 } else { UV };
        let mut auth_data = sha256(twist.rp_id.unwrap_or(&self.rp_id).as_bytes());
        auth_data.push(flags);
        auth_data.extend_from_slice(&self.counter.to_be_bytes());
        let client_data = json!({
            "type": "webauthn.get",
            "challenge": challenge,
            "origin": twist.origin.unwrap_or(origin),
            "crossOrigin": false,
        })
        .to_string();
        let mut signed = auth_data.clone();
        signed.extend(sha256(client_data.as_bytes()));
        let signature = EcdsaSig::sign(&sha256(&signed), &self.key).unwrap().to_der().unwrap();
        json!({
            "id": b64(&self.credential_id),
            "rawId": b64(&self.credential_id),
            "type": "public-key",
            "response": {
                "authenticatorData": b64(&auth_data),
                "clientDataJSON": b64(client_data.as_bytes()),
                "signature": b64(&signature),
                "userHandle": b64(twist.user_handle.unwrap_or(&self.user_handle)),
            },
            "extensions": {},
        })
        .to_string()
    }
}
