//! Checkpoints: the chain's head after a seal, written outside the database one line each,
//! and read back from that file.

use serde::{Deserialize, Serialize};

/// The head of the chain after a seal, as written outside the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub position: i64,
    pub hash: String,
    pub sealed_at: String,
}

impl Checkpoint {
    /// One line of the checkpoint file: `position hash sealed_at`.
    pub fn line(&self) -> String {
        format!("{} {} {}", self.position, self.hash, self.sealed_at)
    }

    /// Reads a checkpoint file; lines that are not checkpoints are reported by number.
    pub fn parse_file(text: &str) -> Result<Vec<Checkpoint>, usize> {
        let mut out = Vec::new();
        for (n, l) in text.lines().enumerate() {
            if l.trim().is_empty() {
                continue;
            }
            let mut parts = l.split_whitespace();
            let (Some(p), Some(h), Some(at), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
                return Err(n + 1);
            };
            let position = p.parse::<i64>().map_err(|_| n + 1)?;
            if h.len() != 64 || !h.chars().all(|c| c.is_ascii_hexdigit()) || position < 1 {
                return Err(n + 1);
            }
            out.push(Checkpoint { position, hash: h.to_string(), sealed_at: at.to_string() });
        }
        Ok(out)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::platform::audit::chain::GENESIS;
    use crate::platform::audit::chain::store::link;

    #[test]
    fn checkpoint_files_round_trip_and_bad_lines_are_numbered() {
        let c = Checkpoint { position: 12, hash: link(GENESIS, "x"), sealed_at: "2026-11-22T00:00:00.000000Z".into() };
        let text = format!("{}\n\n{}\n", c.line(), c.line());
        assert_eq!(Checkpoint::parse_file(&text), Ok(vec![c.clone(), c.clone()]));
        assert_eq!(Checkpoint::parse_file(&format!("{}\n12 nothex t\n", c.line())), Err(2));
        assert_eq!(Checkpoint::parse_file("0 abc"), Err(1));
    }
}
