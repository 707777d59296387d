//! A recorded decision and where it stands: its state, the four-eyes rule for approving
//! it, and the 重要度・緊急度 the queue ranks requests by.

use serde::{Deserialize, Serialize};

use super::validation::Decision;

/// Where a decision stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionState {
    /// Waits for the 責任者.
    Pending,
    /// Approved by a second person.
    Approved,
    /// Needed no approval.
    Final,
    /// The 責任者 sent it back for rework.
    SentBack,
}
kit::codes!(DecisionState { Pending => "pending", Approved => "approved", Final => "final", SentBack => "sent_back" });

/// 重要度 or 緊急度 of a request (seed 003: 受付票 ranked by importance and urgency).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    Normal,
    Low,
}
kit::codes!(Priority { High => "high": "高", "High", Normal => "normal": "中", "Normal", Low => "low": "低", "Low" });

impl Priority {
    fn rank(self) -> i64 {
        match self {
            Priority::High => 0,
            Priority::Normal => 1,
            Priority::Low => 2,
        }
    }

    /// The queue's sort key: 重要度 first, then 緊急度 (0 = both high … 8 = both low).
    pub fn combined_rank(importance: Priority, urgency: Priority) -> i64 {
        importance.rank() * 3 + urgency.rank()
    }
}

/// A recorded decision, as a page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub decision: Decision,
    /// 訂正: the value before.
    pub previous_value: Option<String>,
    pub state: DecisionState,
    /// The date of the final decision (approval, or the decision itself), Asia/Tokyo.
    pub decided_on: String,
    /// Staff number and name; staff only.
    pub decided_by: Option<String>,
    pub approved_by: Option<String>,
}

/// Why an approval is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApprovalRefusal {
    /// Only a 個人情報取扱責任者 approves.
    NotApprover,
    /// Four eyes: the person who decided cannot approve their own decision.
    OwnDecision,
}

/// May `approver` (with `is_approver` role) approve a decision made by `decided_by`?
pub fn may_approve(decided_by: i64, approver: i64, is_approver: bool) -> Result<(), ApprovalRefusal> {
    if !is_approver {
        Err(ApprovalRefusal::NotApprover)
    } else if decided_by == approver {
        Err(ApprovalRefusal::OwnDecision)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_eyes_the_decider_never_approves_their_own_decision() {
        assert_eq!(may_approve(7, 7, true), Err(ApprovalRefusal::OwnDecision));
        assert_eq!(may_approve(7, 8, false), Err(ApprovalRefusal::NotApprover));
        assert_eq!(may_approve(7, 8, true), Ok(()));
    }

    #[test]
    fn priority_ranks_order_importance_before_urgency() {
        use Priority::*;
        let mut pairs = vec![(Low, High), (High, Low), (Normal, Normal), (High, High), (Low, Low), (Normal, High)];
        pairs.sort_by_key(|(i, u)| Priority::combined_rank(*i, *u));
        assert_eq!(pairs, vec![(High, High), (High, Low), (Normal, High), (Normal, Normal), (Low, High), (Low, Low)]);
        assert_eq!(Priority::combined_rank(Normal, Normal), 4, "the schema's default");
    }

}
