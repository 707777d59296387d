//! Login throttling: growing delays, never a lockout.
//!
//! 記号・番号 are easy for others to know, so a stranger must not be able to lock a member
//! out by failing on purpose. Three counters of recent failures each impose a delay before
//! the next attempt is even checked:
//! - this account from this address: doubles after 3 failures, up to 15 minutes — a
//!   guesser on one address is slowed to a crawl;
//! - this account from anywhere: doubles after 10 failures, but never beyond 60 seconds —
//!   a distributed guesser is slowed, and the real member waits at most a minute;
//! - this address against any account: doubles after 20 failures, up to 15 minutes —
//!   one address spraying many accounts is slowed.
//!
//! The required wait is the longest of the three, counted from the latest failure.

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rule {
    free: u32,
    first_delay_seconds: i64,
    cap_seconds: i64,
}

const ACCOUNT_AND_ADDRESS: Rule = Rule { free: 3, first_delay_seconds: 2, cap_seconds: 15 * 60 };
const ACCOUNT: Rule = Rule { free: 10, first_delay_seconds: 2, cap_seconds: 60 };
const ADDRESS: Rule = Rule { free: 20, first_delay_seconds: 2, cap_seconds: 15 * 60 };

/// Failures are counted over this window; older ones are forgotten.
pub const WINDOW_HOURS: i64 = 24;

impl Rule {
    fn delay(self, failures: u32) -> i64 {
        if failures < self.free {
            return 0;
        }
        let doublings = (failures - self.free).min(20);
        (self.first_delay_seconds << doublings).min(self.cap_seconds)
    }
}

/// Recent failures (within [`WINDOW_HOURS`]) as the store counted them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failures {
    pub account_and_address: u32,
    pub account: u32,
    pub address: u32,
    pub latest: Option<DateTime<Utc>>,
}

/// When the next attempt may be checked, or `None` if now. An attempt before then gets
/// the same refusal as a wrong password plus the wait, and is not counted again.
pub fn next_allowed(f: Failures) -> Option<DateTime<Utc>> {
    let wait =
        ACCOUNT_AND_ADDRESS.delay(f.account_and_address).max(ACCOUNT.delay(f.account)).max(ADDRESS.delay(f.address));
    match (wait, f.latest) {
        (0, _) | (_, None) => None,
        (seconds, Some(latest)) => Some(latest + Duration::seconds(seconds)),
    }
}

/// Whether an attempt at `now` may be checked.
pub fn may_attempt(f: Failures, now: DateTime<Utc>) -> bool {
    next_allowed(f).is_none_or(|t| now >= t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_first_failures_cost_nothing() {
        let f = Failures { account_and_address: 2, account: 2, address: 2, latest: Some(at("2026-11-22T00:00:00Z")) };
        assert_eq!(next_allowed(f), None);
    }

    #[test]
    fn delays_double_from_one_address() {
        let latest = at("2026-11-22T00:00:00Z");
        let waits: Vec<i64> = (3..=14)
            .map(|n| {
                let f = Failures { account_and_address: n, account: n, address: n, latest: Some(latest) };
                (next_allowed(f).unwrap() - latest).num_seconds()
            })
            .collect();
        assert_eq!(waits, vec![2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    }

    #[test]
    fn a_stranger_elsewhere_can_delay_the_member_by_a_minute_at_most() {
        let latest = at("2026-11-22T00:00:00Z");
        // Thousands of failures on the member's account from other addresses; none from the member's.
        let f = Failures { account_and_address: 0, account: 5000, address: 0, latest: Some(latest) };
        let allowed = next_allowed(f).unwrap();
        assert_eq!((allowed - latest).num_seconds(), 60);
        assert!(!may_attempt(f, latest + Duration::seconds(59)));
        assert!(may_attempt(f, latest + Duration::seconds(60)));
    }

    #[test]
    fn one_address_spraying_many_accounts_is_slowed() {
        let latest = at("2026-11-22T00:00:00Z");
        let f = Failures { account_and_address: 1, account: 1, address: 40, latest: Some(latest) };
        assert_eq!((next_allowed(f).unwrap() - latest).num_seconds(), 900);
    }

    #[test]
    fn huge_counts_do_not_overflow() {
        let f = Failures {
            account_and_address: u32::MAX,
            account: u32::MAX,
            address: u32::MAX,
            latest: Some(at("2026-11-22T00:00:00Z")),
        };
        assert_eq!((next_allowed(f).unwrap() - at("2026-11-22T00:00:00Z")).num_seconds(), 900);
    }
}
