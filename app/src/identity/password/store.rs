//! Argon2 hashing and verifying of passwords (server only).

use super::normalize;

/// Argon2id parameters. Chosen so one hash takes 50–250 ms on the 2-core machines this
/// runs on (measured by `make bench`; see docs/BENCHMARKS.md): memory 64 MiB, 3 passes, 1 lane.
pub fn hasher() -> argon2::Argon2<'static> {
    let params = argon2::Params::new(64 * 1024, 3, 1, None).unwrap_or_default();
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// The PHC string (`$argon2id$v=19$m=…`) of a password, with a fresh random salt.
pub fn hash(password: &str) -> Result<String, kit::error::AppError> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(normalize(password).as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| kit::error::AppError::internal("password hash", e))
}

/// Whether `password` matches a stored PHC string (parameters are read from the string,
/// so hashes made with older parameters keep working).
pub fn verify(password: &str, phc: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher().verify_password(normalize(password).as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_salted() {
        let a = hash("うちの猫はミケです").unwrap();
        let b = hash("うちの猫はミケです").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(verify("うちの猫はミケです", &a));
        assert!(!verify("うちの犬はポチです", &a));
        assert!(!verify("anything", "not a hash"));
    }
}
