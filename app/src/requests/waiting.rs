//! Waiting on the requester: one rule for every wait (a 補正依頼 about the request or about
//! an agent's documents, and later an unpaid fee). The society reminds once after a
//! period, and after a second period ends the request as 補正なしで終了 with a letter
//! saying why and that the person may ask again at any time — never silently, never
//! open for ever. Pure; the store applies it daily.

use chrono::{Days, NaiveDate};

/// The two periods, in calendar days (configurable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitPolicy {
    /// From the 補正依頼 to the reminder (default 14).
    pub remind_after_days: u32,
    /// From the reminder to the close (default 30).
    pub close_after_days: u32,
}

impl Default for WaitPolicy {
    fn default() -> Self {
        WaitPolicy { remind_after_days: 14, close_after_days: 30 }
    }
}

/// What the wait calls for today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitStep {
    Nothing,
    Remind,
    Close,
}

impl WaitPolicy {
    /// `since`: the day the society asked; `reminded`: the day it reminded, if it did.
    /// A request is never closed without a reminder first.
    pub fn step(&self, since: NaiveDate, reminded: Option<NaiveDate>, today: NaiveDate) -> WaitStep {
        let after = |from: NaiveDate, days: u32| from.checked_add_days(Days::new(u64::from(days))).is_some_and(|d| today >= d);
        match reminded {
            None if after(since, self.remind_after_days) => WaitStep::Remind,
            Some(on) if after(on, self.close_after_days) => WaitStep::Close,
            _ => WaitStep::Nothing,
        }
    }

    /// The last day a reply is awaited after a reminder sent on `reminded` (the letter
    /// and the reminder name it).
    pub fn last_day(&self, reminded: NaiveDate) -> NaiveDate {
        reminded.checked_add_days(Days::new(u64::from(self.close_after_days.saturating_sub(1)))).unwrap_or(reminded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn a_wait_is_reminded_after_the_first_period_and_closed_after_the_second() {
        let p = WaitPolicy::default();
        let asked = day(11, 1);
        assert_eq!(p.step(asked, None, day(11, 1)), WaitStep::Nothing);
        assert_eq!(p.step(asked, None, day(11, 14)), WaitStep::Nothing);
        assert_eq!(p.step(asked, None, day(11, 15)), WaitStep::Remind);
        // However late the job runs, the first thing is the reminder, never the close.
        assert_eq!(p.step(asked, None, day(12, 31)), WaitStep::Remind);
        let reminded = day(11, 15);
        assert_eq!(p.step(asked, Some(reminded), day(11, 16)), WaitStep::Nothing);
        assert_eq!(p.step(asked, Some(reminded), day(12, 14)), WaitStep::Nothing);
        assert_eq!(p.last_day(reminded), day(12, 14));
        assert_eq!(p.step(asked, Some(reminded), day(12, 15)), WaitStep::Close);
    }

    #[test]
    fn every_day_of_a_year_gives_the_step_its_periods_say() {
        let p = WaitPolicy { remind_after_days: 3, close_after_days: 5 };
        let asked = day(1, 10);
        for offset in 0..365u64 {
            let today = asked.checked_add_days(Days::new(offset)).unwrap();
            let want = if offset >= 3 { WaitStep::Remind } else { WaitStep::Nothing };
            assert_eq!(p.step(asked, None, today), want, "{today}");
            let reminded = day(1, 13);
            if today >= reminded {
                let want = if today >= day(1, 18) { WaitStep::Close } else { WaitStep::Nothing };
                assert_eq!(p.step(asked, Some(reminded), today), want, "{today}");
            }
        }
    }
}
