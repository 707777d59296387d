//! Passwords, as the medical-information security guidance and NIST SP 800-63B advise:
//! long rather than complex (8+ characters with a second factor, up to 256, any Unicode,
//! no composition rules), never a common or breached password, never the member's own
//! identifiers — and stored only as an Argon2id hash.

#[cfg(feature = "ssr")]
pub mod store;

use unicode_normalization::UnicodeNormalization;

pub const MIN_CHARS: usize = 8;
/// Generous for passphrases; bounds the hashing work an attacker can ask for.
pub const MAX_CHARS: usize = 256;

pub use kit::form::PasswordProblem;

/// Passwords are compared and hashed in NFKC, so the same password typed on a phone
/// (full-width) and on a PC (half-width) is the same password.
pub fn normalize(password: &str) -> String {
    password.nfkc().collect()
}

/// Checks a new password. `personal` holds what others may know about the member
/// (記号, 番号, birth date as digits, login id); parts shorter than 4 characters are ignored.
pub fn check(password: &str, personal: &[&str]) -> Result<(), PasswordProblem> {
    let normalized = normalize(password);
    let chars = normalized.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = normalized.to_lowercase();
    let mut distinct = lower.chars().collect::<Vec<_>>();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() == 1 {
        return Err(PasswordProblem::Repetitive);
    }
    if is_common(&lower) {
        return Err(PasswordProblem::Common);
    }
    let compact: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    for item in personal {
        let item: String = normalize(item).to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
        if item.chars().count() >= 4 && compact.contains(&item) {
            return Err(PasswordProblem::ContainsPersonalInfo);
        }
    }
    Ok(())
}

static COMMON: &str = include_str!("common-passwords.txt");

fn is_common(lower: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect()).contains(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_not_composition() {
        assert_eq!(check("kj3#x", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check("7文字のパスワ", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check("うちの猫はミケです", &[]), Ok(()));
        assert_eq!(check("correct horse battery staple", &[]), Ok(()));
        assert_eq!(check(&"長".repeat(MAX_CHARS), &[]), Err(PasswordProblem::Repetitive));
        assert_eq!(check(&"長い".repeat(MAX_CHARS / 2), &[]), Ok(()));
        assert_eq!(check(&"長い".repeat(MAX_CHARS / 2 + 1), &[]), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn common_and_breached_passwords_are_refused() {
        for p in ["password", "PASSWORD", "12345678", "qwertyuiop", "ｐａｓｓｗｏｒｄ", "iloveyou"] {
            assert_eq!(check(p, &[]), Err(PasswordProblem::Common), "{p}");
        }
        assert_eq!(check("aaaaaaaaaa", &[]), Err(PasswordProblem::Repetitive));
    }

    #[test]
    fn the_members_own_identifiers_are_refused() {
        let personal = ["1001", "23", "19800115"];
        assert_eq!(check("tanaka1001pass", &personal), Err(PasswordProblem::ContainsPersonalInfo));
        assert_eq!(check("born-1980-01-15!", &personal), Err(PasswordProblem::ContainsPersonalInfo));
        // Short parts (番号 23) are too common a substring to refuse on.
        assert_eq!(check("spring23flowers", &personal), Ok(()));
    }

    #[test]
    fn full_width_and_half_width_are_the_same_password() {
        assert_eq!(normalize("ｐａｓｓ１２３"), normalize("pass123"));
    }
}
