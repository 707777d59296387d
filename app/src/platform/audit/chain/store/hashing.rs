//! The link over an event: SHA-256 of the previous link and the event's canonical form,
//! checked without building its text.

use sha2::{Digest, Sha256};

/// The link after `previous` for an event of this canonical form.
pub fn link(previous: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(previous.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
}

/// Whether `stored` is the link after `previous` for `canonical` — [`link`] without
/// building the hex text, for verification's million comparisons.
pub fn link_matches(previous: &str, canonical: &str, stored: &str) -> bool {
    let mut h = Sha256::new();
    h.update(previous.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    let mut hex = [0u8; 64];
    hex::encode_to_slice(h.finalize(), &mut hex).is_ok() && hex.as_slice() == stored.as_bytes()
}

/// What checking one link against its event found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkCheck {
    Matches,
    Differs,
    Missing,
}

impl LinkCheck {
    /// Each link builds on the stored one before it, so links can be checked apart (and in
    /// parallel) and the walk only reads the outcomes.
    pub fn of(previous: &str, canonical: Option<&str>, stored: &str) -> LinkCheck {
        match canonical {
            None => LinkCheck::Missing,
            Some(text) if link_matches(previous, text, stored) => LinkCheck::Matches,
            Some(_) => LinkCheck::Differs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::audit::chain::GENESIS;

    #[test]
    fn a_link_matches_exactly_the_hash_the_sealer_wrote() {
        let stored = link(GENESIS, "text");
        assert!(link_matches(GENESIS, "text", &stored));
        assert!(!link_matches(GENESIS, "text.", &stored), "another event");
        assert!(!link_matches(&stored, "text", &stored), "another predecessor");
        assert!(!link_matches(GENESIS, "text", &stored.to_uppercase()), "the stored text, not its value");
        assert!(!link_matches(GENESIS, "text", &stored[..63]));
        assert!(!link_matches(GENESIS, "text", ""));
        assert_eq!(LinkCheck::of(GENESIS, None, &stored), LinkCheck::Missing);
        assert_eq!(LinkCheck::of(GENESIS, Some("text"), &stored), LinkCheck::Matches);
        assert_eq!(LinkCheck::of(GENESIS, Some("txet"), &stored), LinkCheck::Differs);
    }
}
