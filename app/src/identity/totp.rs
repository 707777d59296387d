//! TOTP (RFC 6238, on HOTP RFC 4226): the second factor. SHA-1, 6 digits, 30-second steps,
//! as every authenticator app supports. A code is accepted one step either side of now
//! (clock drift on a phone), and never twice: the caller stores the last step used.

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;

/// HOTP value for `counter` (RFC 4226 §5.3 dynamic truncation), `digits` long.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else { return 0 };
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[19] & 0x0f);
    let binary = (u32::from(hash[offset]) & 0x7f) << 24
        | u32::from(hash[offset + 1]) << 16
        | u32::from(hash[offset + 2]) << 8
        | u32::from(hash[offset + 3]);
    binary % 10u32.pow(digits)
}

/// The time step of a Unix time.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The 6-digit code for a Unix time, zero-padded.
pub fn code_at(secret: &[u8], unix_seconds: i64) -> String {
    let step = u64::try_from(step_of(unix_seconds)).unwrap_or(0);
    format!("{:06}", hotp(secret, step, DIGITS))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TotpError {
    /// Not six digits after normalisation.
    Malformed,
    /// Wrong, or outside ±1 step.
    Mismatch,
    /// Right code, but its step was already used (a replay).
    Reused,
}

/// Checks a code typed by a person (full-width digits and spaces allowed) at `now`.
/// Returns the step it matched, which the caller stores as the last used step; a step at
/// or before `last_used_step` is refused, so a code works once.
pub fn verify(secret: &[u8], typed: &str, now_unix: i64, last_used_step: Option<i64>) -> Result<i64, TotpError> {
    let code = kit::input::normalize_code(typed);
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TotpError::Malformed);
    }
    let now = step_of(now_unix);
    let mut matched = None;
    // Check all three steps (not stopping early) so timing does not tell which matched.
    for step in [now - 1, now, now + 1] {
        let Ok(counter) = u64::try_from(step) else { continue };
        let expected = format!("{:06}", hotp(secret, counter, DIGITS));
        if constant_time_eq(expected.as_bytes(), code.as_bytes()) {
            matched = Some(step);
        }
    }
    match matched {
        None => Err(TotpError::Mismatch),
        Some(step) if last_used_step.is_some_and(|last| step <= last) => Err(TotpError::Reused),
        Some(step) => Ok(step),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// RFC 4648 base32 without padding: how authenticator apps take the secret.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn otpauth_uri(secret: &[u8], issuer: &str, account: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc_6238_sha1_test_vectors() {
        // RFC 6238 Appendix B, SHA-1, 8 digits.
        for (time, expected) in [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(hotp(RFC_SECRET, step_of(time) as u64, 8), expected, "t={time}");
        }
    }

    #[test]
    fn rfc_4226_hotp_test_vectors() {
        let expected = [755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489];
        for (counter, value) in expected.into_iter().enumerate() {
            assert_eq!(hotp(RFC_SECRET, counter as u64, 6), value);
        }
    }

    #[test]
    fn one_step_of_drift_either_way_and_no_more() {
        let now = 1_790_000_000;
        let step = step_of(now);
        assert_eq!(verify(RFC_SECRET, &code_at(RFC_SECRET, now), now, None), Ok(step));
        assert_eq!(verify(RFC_SECRET, &code_at(RFC_SECRET, now - 30), now, None), Ok(step - 1));
        assert_eq!(verify(RFC_SECRET, &code_at(RFC_SECRET, now + 30), now, None), Ok(step + 1));
        assert_eq!(verify(RFC_SECRET, &code_at(RFC_SECRET, now - 60), now, None), Err(TotpError::Mismatch));
        assert_eq!(verify(RFC_SECRET, &code_at(RFC_SECRET, now + 60), now, None), Err(TotpError::Mismatch));
    }

    #[test]
    fn a_code_works_once() {
        let now = 1_790_000_000;
        let code = code_at(RFC_SECRET, now);
        let used = verify(RFC_SECRET, &code, now, None).unwrap();
        assert_eq!(verify(RFC_SECRET, &code, now + 5, Some(used)), Err(TotpError::Reused));
        // An older code is refused after a newer one was used.
        let previous = code_at(RFC_SECRET, now - 30);
        assert_eq!(verify(RFC_SECRET, &previous, now, Some(used)), Err(TotpError::Reused));
        // The next step's code still works.
        assert!(verify(RFC_SECRET, &code_at(RFC_SECRET, now + 30), now + 30, Some(used)).is_ok());
    }

    #[test]
    fn codes_as_people_type_them() {
        let now = 1_790_000_000;
        let code = code_at(RFC_SECRET, now);
        let full_width: String =
            code.chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect();
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(verify(RFC_SECRET, &full_width, now, None).is_ok());
        assert!(verify(RFC_SECRET, &spaced, now, None).is_ok());
        for bad in ["", "12345", "1234567", "abcdef", "１２３４５"] {
            assert_eq!(verify(RFC_SECRET, bad, now, None), Err(TotpError::Malformed), "{bad}");
        }
    }

    #[test]
    fn base32_matches_rfc_4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(RFC_SECRET), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let uri = otpauth_uri(RFC_SECRET, "あおば健保", "1001-23-00");
        assert!(uri.starts_with("otpauth://totp/%E3%81%82"), "{uri}");
        assert!(uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&"));
    }
}
