//! A clock read from a file, for browser tests that need the server's time to move (a
//! session kept active for 40 minutes, say) without waiting: the test rewrites the file.
//! Set by `MADOGUCHI_CLOCK_FILE`; never in production (the server warns at start).

use std::path::PathBuf;
use std::sync::RwLock;

use chrono::{DateTime, Utc};
use kit::time::Clock;

#[derive(Debug)]
pub struct FileClock {
    path: PathBuf,
    /// The last time read: kept when the file is missing or half-written.
    last: RwLock<DateTime<Utc>>,
}

impl FileClock {
    pub fn new(path: PathBuf) -> FileClock {
        FileClock { path, last: RwLock::new(Utc::now()) }
    }
}

impl Clock for FileClock {
    fn now(&self) -> DateTime<Utc> {
        let read = std::fs::read_to_string(&self.path).ok().and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok());
        match read {
            Some(at) => {
                let at = at.with_timezone(&Utc);
                if let Ok(mut last) = self.last.write() {
                    *last = at;
                }
                at
            }
            None => self.last.read().map(|t| *t).unwrap_or_else(|e| *e.into_inner()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_is_what_the_file_says_and_a_bad_file_keeps_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("now.txt");
        std::fs::write(&path, "2026-12-06T01:00:00Z\n").unwrap();
        let clock = FileClock::new(path.clone());
        assert_eq!(clock.now().to_rfc3339(), "2026-12-06T01:00:00+00:00");
        std::fs::write(&path, "2026-12-06T01:40:00Z").unwrap();
        assert_eq!(clock.now().to_rfc3339(), "2026-12-06T01:40:00+00:00");
        std::fs::write(&path, "not a time").unwrap();
        assert_eq!(clock.now().to_rfc3339(), "2026-12-06T01:40:00+00:00");
    }
}
