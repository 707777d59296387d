//! The request lifecycle: which actor may take which step in which status. Pure, and
//! tested over every status × actor × action.
//!
//! Member words (電子申請 practice): 受付 → 本人確認中 → 審査中 ⇄ 補正依頼中 → 決定 →
//! 通知済 → 完了, or 取下げ / 却下 / 補正なしで終了. Internally 補正依頼中 remembers whether
//! the society waits on identity documents or on the request itself, so the answer returns
//! to the right step, and 審査中 includes the wait for the 責任者's approval (four-eyes),
//! of a decision or of a 却下. Every request ends: a 補正依頼 left unanswered is reminded
//! and then closed by the system (補正なしで終了), never left open for ever.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 受付: received, not yet taken up.
    Received,
    /// 本人確認中: an agent's documents (委任状, 登記事項証明書) are being checked.
    IdentityCheck,
    /// 補正依頼中 about identity documents: answering returns to [`Status::IdentityCheck`].
    NeedsDocuments,
    /// 審査中.
    InReview,
    /// 補正依頼中 about the request: answering returns to [`Status::InReview`].
    NeedsInput,
    /// 審査中 for the member; a decision waits for the 責任者's approval.
    PendingApproval,
    /// 決定.
    Decided,
    /// 通知済: the result reached the member.
    Notified,
    /// 完了.
    Completed,
    /// 取下げ.
    Withdrawn,
    /// 却下: rejected as invalid, with a ground and a reason, approved by the 責任者.
    Rejected,
    /// 審査中 for the member; a 却下 waits for the 責任者's approval.
    PendingDismissal,
    /// 補正なしで終了: a 補正依頼 went unanswered past the reminder; the person may ask again.
    Lapsed,
}

/// The status as the member reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Received,
    IdentityCheck,
    InReview,
    NeedsInput,
    Decided,
    Notified,
    Completed,
    Withdrawn,
    Rejected,
    Lapsed,
}

kit::codes!(Stage {
    Received => "received": "受付", "Received",
    IdentityCheck => "identity_check": "本人確認中", "Checking identity",
    InReview => "in_review": "審査中", "In review",
    NeedsInput => "needs_input": "補正依頼中", "Waiting for you",
    Decided => "decided": "決定", "Decided",
    Notified => "notified": "通知済", "Notified",
    Completed => "completed": "完了", "Completed",
    Withdrawn => "withdrawn": "取下げ", "Withdrawn",
    Rejected => "rejected": "却下", "Rejected",
    Lapsed => "lapsed": "補正なしで終了", "Closed without your reply",
});

impl Stage {
    /// The steps of the ordinary path, for the progress display.
    pub const PATH: [Stage; 6] =
        [Stage::Received, Stage::IdentityCheck, Stage::InReview, Stage::Decided, Stage::Notified, Stage::Completed];
}

// The labels are the staff's words: more precise than the member's stage.
kit::codes!(Status {
    Received => "received": "受付", "Received",
    IdentityCheck => "identity_check": "本人確認中", "Checking identity",
    NeedsDocuments => "needs_documents": "補正依頼中（本人確認書類）", "Waiting for identity documents",
    InReview => "in_review": "審査中", "In review",
    NeedsInput => "needs_input": "補正依頼中（内容）", "Waiting for information",
    PendingApproval => "pending_approval": "責任者の承認待ち（決定）", "Decision awaiting approval",
    Decided => "decided": "決定", "Decided",
    Notified => "notified": "通知済", "Notified",
    Completed => "completed": "完了", "Completed",
    Withdrawn => "withdrawn": "取下げ", "Withdrawn",
    Rejected => "rejected": "却下", "Rejected",
    PendingDismissal => "pending_dismissal": "責任者の承認待ち（却下）", "Dismissal awaiting approval",
    Lapsed => "lapsed": "補正なしで終了", "Closed without a reply",
});

impl Status {
    pub fn stage(self) -> Stage {
        match self {
            Status::Received => Stage::Received,
            Status::IdentityCheck => Stage::IdentityCheck,
            Status::InReview | Status::PendingApproval | Status::PendingDismissal => Stage::InReview,
            Status::NeedsDocuments | Status::NeedsInput => Stage::NeedsInput,
            Status::Decided => Stage::Decided,
            Status::Notified => Stage::Notified,
            Status::Completed => Stage::Completed,
            Status::Withdrawn => Stage::Withdrawn,
            Status::Rejected => Stage::Rejected,
            Status::Lapsed => Stage::Lapsed,
        }
    }

    /// Nothing more happens.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Completed | Status::Withdrawn | Status::Rejected | Status::Lapsed)
    }

    /// The society owes an answer and the deadline runs (or is paused).
    pub fn clock_runs(self) -> bool {
        !matches!(self, Status::Notified | Status::Completed | Status::Withdrawn | Status::Rejected | Status::Lapsed)
    }

    /// The society waits on the member: the deadline is paused.
    pub fn waits_on_member(self) -> bool {
        matches!(self, Status::NeedsDocuments | Status::NeedsInput)
    }

    /// Not yet decided: the member may still withdraw.
    pub fn before_decision(self) -> bool {
        matches!(
            self,
            Status::Received
                | Status::IdentityCheck
                | Status::NeedsDocuments
                | Status::InReview
                | Status::NeedsInput
                | Status::PendingApproval
                | Status::PendingDismissal
        )
    }
}

/// Who acts, as the lifecycle sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The member who made the request (themselves or as an agent).
    Requester,
    /// The person a request is about, when someone else made it (an agent's request).
    Subject,
    /// 受付.
    Intake,
    /// 審査.
    Reviewer,
    /// 個人情報取扱責任者.
    Approver,
    /// 監査: reads, never acts.
    Auditor,
    /// A background job.
    System,
}

impl Role {
    pub const ALL: [Role; 7] =
        [Role::Requester, Role::Subject, Role::Intake, Role::Reviewer, Role::Approver, Role::Auditor, Role::System];

    pub fn from_staff(role: kit::access::StaffRole) -> Option<Role> {
        use kit::access::StaffRole as S;
        match role {
            S::Intake => Some(Role::Intake),
            S::Reviewer => Some(Role::Reviewer),
            S::Approver => Some(Role::Approver),
            S::Auditor => Some(Role::Auditor),
            S::Admin => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Take a received request up for review.
    StartReview,
    /// The agent's documents are in order.
    AcceptDocuments,
    /// The agent's documents are not in order: ask for others (補正依頼).
    RejectDocuments,
    /// 補正依頼: ask the member for something the request needs.
    AskMember,
    /// The member answers a 補正依頼.
    Answer,
    /// A decision that needs no approval (e.g. 全部開示 is approved; 苦情's 対応内容 is not).
    DecideDirectly,
    /// A decision that the 責任者 must approve (disclosures, every refusal).
    DecideForApproval,
    /// The 責任者 approves (never their own decision; checked where the decider is known).
    Approve,
    /// The 責任者 sends a decision back for rework.
    SendBack,
    /// The result reached the member.
    Notify,
    Complete,
    /// 取下げ by the member, while not yet decided.
    Withdraw,
    /// 却下 proposed (with its ground and reason, as a decision): waits for the 責任者.
    Dismiss,
    /// 却下: the 責任者 approves a proposed dismissal; the letter goes out.
    Reject,
    /// The system reminds the requester of an unanswered 補正依頼; changes no status.
    Remind,
    /// 補正なしで終了: the system closes a request whose 補正依頼 stayed unanswered.
    Lapse,
    /// The person the request is about says they did not ask anyone to make it: the
    /// agent must prove their authority again (the clock pauses) and staff are alerted.
    Disown,
    /// A message; changes no status.
    Message,
    /// An internal note, never shown to the member; changes no status.
    Note,
    /// Assignment and 重要度・緊急度; changes no status.
    Assign,
    /// 手数料 (38条): staff record its payment; changes no status.
    FeePaid,
    /// 手数料 waived, with the reason; changes no status.
    FeeWaived,
    /// The system reminds the requester of an unpaid fee; changes no status.
    RemindFee,
    /// The system closes a request whose fee stayed unpaid past its reminder (as a 補正
    /// left unanswered is closed: 補正なしで終了).
    LapseUnpaid,
}

// The labels are the member's timeline words (staff read the same).
kit::codes!(Action {
    StartReview => "start_review": "審査を始めました", "Review started",
    AcceptDocuments => "accept_documents": "書類を確認しました", "Documents accepted",
    RejectDocuments => "reject_documents": "書類の再提出をお願いしました", "Asked for other documents",
    AskMember => "ask_member": "補正（追加のご連絡）をお願いしました", "Asked you for more information",
    Answer => "answer": "補正に回答しました", "You replied",
    DecideDirectly => "decide": "決定しました", "Decided",
    DecideForApproval => "decide_for_approval": "決定しました", "Decided",
    Approve => "approve": "決定しました", "Decided",
    SendBack => "send_back": "審査中", "In review",
    Notify => "notify": "結果をお知らせしました", "Result sent",
    Complete => "complete": "完了しました", "Completed",
    Withdraw => "withdraw": "取り下げました", "Withdrawn",
    Dismiss => "dismiss": "却下を決定しました（責任者の承認待ち）", "Dismissal decided (awaiting approval)",
    Reject => "reject": "却下しました", "Rejected",
    Remind => "remind": "補正のご回答をお待ちしています（再度のお知らせ）", "Reminder: we are waiting for your reply",
    Lapse => "lapse": "補正のご回答がなかったため終了しました", "Closed: no reply to our request for information",
    Disown => "disown": "ご本人から「この依頼はしていない」とのお申し出がありました", "The person said they did not ask for this",
    Message => "message": "メッセージ", "Message",
    Note => "note": "内部メモ（本人には表示されません）", "Internal note (never shown to the member)",
    Assign => "assign": "担当・重要度・緊急度を設定", "Assignment and priority set",
    FeePaid => "fee_paid": "手数料のお支払いを確認しました", "We received your fee",
    FeeWaived => "fee_waived": "手数料を免除しました", "The fee was waived",
    RemindFee => "remind_fee": "手数料のお支払いをお待ちしています（再度のお知らせ）", "Reminder: we are waiting for the fee",
    LapseUnpaid => "lapse_unpaid": "手数料のお支払いがなかったため終了しました", "Closed: the fee was not paid",
});

impl Action {
    /// Who may ever take this step.
    fn allowed(self, role: Role) -> bool {
        use Role::*;
        let staff = matches!(role, Intake | Reviewer | Approver);
        match self {
            Action::Answer | Action::Withdraw => role == Requester,
            Action::StartReview | Action::AcceptDocuments | Action::RejectDocuments | Action::AskMember => staff,
            Action::DecideDirectly | Action::DecideForApproval | Action::Dismiss => matches!(role, Reviewer | Approver),
            Action::Approve | Action::SendBack | Action::Reject => role == Approver,
            Action::Notify | Action::Complete => staff || role == System,
            Action::Remind | Action::Lapse | Action::RemindFee | Action::LapseUnpaid => role == System,
            Action::FeePaid | Action::FeeWaived => staff,
            Action::Disown => role == Subject,
            Action::Message => staff || role == Requester,
            Action::Note | Action::Assign => staff,
        }
    }

    /// A reason (shown to the member) is required.
    pub fn needs_reason(self) -> bool {
        matches!(self, Action::RejectDocuments | Action::AskMember | Action::SendBack)
    }

    /// The member sees this step in their timeline (and is notified of it).
    pub fn visible_to_member(self) -> bool {
        !matches!(
            self,
            Action::DecideForApproval
                | Action::SendBack
                | Action::DecideDirectly
                | Action::Dismiss
                | Action::Note
                | Action::Assign
        )
    }
}

/// Why a step is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// This actor may never take this step.
    NotYours,
    /// Not in the request's current status (e.g. withdrawing a decided request).
    NotNow,
}

/// The status after `action` by `role` in `status`.
pub fn next(status: Status, role: Role, action: Action) -> Result<Status, Refusal> {
    use Status::*;
    if !action.allowed(role) {
        return Err(Refusal::NotYours);
    }
    let to = match (action, status) {
        (Action::StartReview, Received) => InReview,
        (Action::AcceptDocuments, IdentityCheck) => InReview,
        (Action::RejectDocuments, IdentityCheck) => NeedsDocuments,
        (Action::AskMember, Received | InReview) => NeedsInput,
        (Action::Answer, NeedsDocuments) => IdentityCheck,
        (Action::Answer, NeedsInput) => InReview,
        (Action::DecideDirectly, InReview) => Decided,
        (Action::DecideForApproval, InReview) => PendingApproval,
        (Action::Approve, PendingApproval) => Decided,
        (Action::SendBack, PendingApproval) => InReview,
        // A dismissal sent back returns to 本人確認中, the safe place: nothing is decided
        // for an agent whose documents were never accepted.
        (Action::SendBack, PendingDismissal) => IdentityCheck,
        (Action::Dismiss, Received | IdentityCheck | NeedsDocuments | InReview | NeedsInput) => PendingDismissal,
        (Action::Reject, PendingDismissal) => Rejected,
        (Action::Notify, Decided) => Notified,
        (Action::Complete, Notified) => Completed,
        (Action::Withdraw, s) if s.before_decision() => Withdrawn,
        (Action::Remind, s) if s.waits_on_member() => s,
        (Action::Lapse, NeedsDocuments | NeedsInput) => Lapsed,
        // An unpaid fee is a wait of its own while the society works (a 補正 wait has its
        // own reminder; a pending decision delivers nothing unpaid).
        (Action::RemindFee, s @ (Received | IdentityCheck | InReview)) => s,
        (Action::LapseUnpaid, Received | IdentityCheck | InReview) => Lapsed,
        (Action::FeePaid | Action::FeeWaived, s) if !s.is_closed() => s,
        // Whatever stage it reached before the decision, the agent's authority is in doubt:
        // back to proving it, with the clock paused.
        (Action::Disown, s) if s.before_decision() => NeedsDocuments,
        (Action::Message | Action::Note | Action::Assign, s) if !s.is_closed() => s,
        _ => return Err(Refusal::NotNow),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Role as R;
    use Status as S;

    /// Every allowed step, written out. Everything else is refused: the test below
    /// walks all 13 × 7 × 24 combinations.
    const ALLOWED: &[(Status, Action, &[Role], Status)] = &[
        (S::Received, A::StartReview, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
        (S::Received, A::AskMember, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
        (S::Received, A::Withdraw, &[R::Requester], S::Withdrawn),
        (S::Received, A::Disown, &[R::Subject], S::NeedsDocuments),
        (S::Received, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
        (S::Received, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::Received),
        (S::Received, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::Received),
        (S::Received, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::Received),
        (S::IdentityCheck, A::AcceptDocuments, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
        (S::IdentityCheck, A::RejectDocuments, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
        (S::IdentityCheck, A::Withdraw, &[R::Requester], S::Withdrawn),
        (S::IdentityCheck, A::Disown, &[R::Subject], S::NeedsDocuments),
        (S::IdentityCheck, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
        (S::IdentityCheck, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
        (S::IdentityCheck, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
        (S::IdentityCheck, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
        (S::NeedsDocuments, A::Answer, &[R::Requester], S::IdentityCheck),
        (S::NeedsDocuments, A::Withdraw, &[R::Requester], S::Withdrawn),
        (S::NeedsDocuments, A::Disown, &[R::Subject], S::NeedsDocuments),
        (S::NeedsDocuments, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
        (S::NeedsDocuments, A::Remind, &[R::System], S::NeedsDocuments),
        (S::NeedsDocuments, A::Lapse, &[R::System], S::Lapsed),
        (S::NeedsDocuments, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
        (S::NeedsDocuments, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
        (S::NeedsDocuments, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
        (S::InReview, A::AskMember, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
        (S::InReview, A::DecideDirectly, &[R::Reviewer, R::Approver], S::Decided),
        (S::InReview, A::DecideForApproval, &[R::Reviewer, R::Approver], S::PendingApproval),
        (S::InReview, A::Withdraw, &[R::Requester], S::Withdrawn),
        (S::InReview, A::Disown, &[R::Subject], S::NeedsDocuments),
        (S::InReview, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
        (S::InReview, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::InReview),
        (S::InReview, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
        (S::InReview, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
        (S::NeedsInput, A::Answer, &[R::Requester], S::InReview),
        (S::NeedsInput, A::Withdraw, &[R::Requester], S::Withdrawn),
        (S::NeedsInput, A::Disown, &[R::Subject], S::NeedsDocuments),
        (S::NeedsInput, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
        (S::NeedsInput, A::Remind, &[R::System], S::NeedsInput),
        (S::NeedsInput, A::Lapse, &[R::System], S::Lapsed),
        (S::NeedsInput, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
        (S::NeedsInput, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
        (S::NeedsInput, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
        (S::PendingApproval, A::Approve, &[R::Approver], S::Decided),
        (S::PendingApproval, A::SendBack, &[R::Approver], S::InReview),
        (S::PendingApproval, A::Withdraw, &[R::Requester], S::Withdrawn),
        (S::PendingApproval, A::Disown, &[R::Subject], S::NeedsDocuments),
        (S::PendingApproval, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
        (S::PendingApproval, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
        (S::PendingApproval, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
        (S::PendingDismissal, A::Reject, &[R::Approver], S::Rejected),
        (S::PendingDismissal, A::SendBack, &[R::Approver], S::IdentityCheck),
        (S::PendingDismissal, A::Withdraw, &[R::Requester], S::Withdrawn),
        (S::PendingDismissal, A::Disown, &[R::Subject], S::NeedsDocuments),
        (S::PendingDismissal, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
        (S::PendingDismissal, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
        (S::PendingDismissal, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
        (S::Decided, A::Notify, &[R::Intake, R::Reviewer, R::Approver, R::System], S::Notified),
        (S::Decided, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::Decided),
        (S::Decided, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::Decided),
        (S::Decided, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::Decided),
        (S::Notified, A::Complete, &[R::Intake, R::Reviewer, R::Approver, R::System], S::Completed),
        (S::Notified, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::Notified),
        (S::Notified, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::Notified),
        (S::Notified, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::Notified),        (S::Received, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::Received),
        (S::Received, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::Received),
        (S::IdentityCheck, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
        (S::IdentityCheck, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
        (S::NeedsDocuments, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
        (S::NeedsDocuments, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
        (S::InReview, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
        (S::InReview, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
        (S::NeedsInput, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
        (S::NeedsInput, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
        (S::PendingApproval, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
        (S::PendingApproval, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
        (S::PendingDismissal, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
        (S::PendingDismissal, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
        (S::Decided, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::Decided),
        (S::Decided, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::Decided),
        (S::Notified, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::Notified),
        (S::Notified, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::Notified),
        (S::Received, A::RemindFee, &[R::System], S::Received),
        (S::Received, A::LapseUnpaid, &[R::System], S::Lapsed),
        (S::IdentityCheck, A::RemindFee, &[R::System], S::IdentityCheck),
        (S::IdentityCheck, A::LapseUnpaid, &[R::System], S::Lapsed),
        (S::InReview, A::RemindFee, &[R::System], S::InReview),
        (S::InReview, A::LapseUnpaid, &[R::System], S::Lapsed),
    ];

    fn expected(status: Status, role: Role, action: Action) -> Option<Status> {
        ALLOWED.iter().find(|(s, a, roles, _)| *s == status && *a == action && roles.contains(&role)).map(|(_, _, _, to)| *to)
    }

    #[test]
    fn every_status_actor_and_action_is_allowed_exactly_as_listed() {
        let mut allowed = 0;
        for status in Status::ALL {
            for role in Role::ALL {
                for action in Action::ALL {
                    let got = next(status, role, action).ok();
                    assert_eq!(got, expected(status, role, action), "{status:?} × {role:?} × {action:?}");
                    allowed += usize::from(got.is_some());
                }
            }
        }
        assert_eq!(allowed, ALLOWED.iter().map(|(_, _, roles, _)| roles.len()).sum::<usize>());
    }

    #[test]
    fn closed_requests_accept_nothing() {
        for status in [S::Completed, S::Withdrawn, S::Rejected, S::Lapsed] {
            for role in Role::ALL {
                for action in Action::ALL {
                    assert!(next(status, role, action).is_err(), "{status:?} {role:?} {action:?}");
                }
            }
        }
    }

    #[test]
    fn an_auditor_never_acts() {
        for status in Status::ALL {
            for action in Action::ALL {
                assert_eq!(next(status, R::Auditor, action), Err(Refusal::NotYours));
            }
        }
    }

    #[test]
    fn a_member_only_answers_withdraws_and_writes() {
        for action in Action::ALL {
            let ever = Status::ALL.into_iter().any(|s| next(s, R::Requester, action).is_ok());
            assert_eq!(ever, matches!(action, A::Answer | A::Withdraw | A::Message), "{action:?}");
        }
    }

    #[test]
    fn the_person_asked_about_can_only_say_they_did_not_ask_and_only_before_the_decision() {
        for status in Status::ALL {
            for action in Action::ALL {
                let got = next(status, R::Subject, action);
                if action == A::Disown && status.before_decision() {
                    assert_eq!(got, Ok(S::NeedsDocuments), "{status:?}");
                } else {
                    assert!(got.is_err(), "{status:?} {action:?}");
                }
            }
        }
        assert!(S::NeedsDocuments.waits_on_member(), "the clock pauses while the agent proves it");
    }

    #[test]
    fn withdrawal_is_possible_exactly_until_the_decision() {
        for status in Status::ALL {
            assert_eq!(next(status, R::Requester, A::Withdraw).is_ok(), status.before_decision(), "{status:?}");
        }
        assert_eq!(next(S::Decided, R::Requester, A::Withdraw), Err(Refusal::NotNow));
    }

    #[test]
    fn an_answer_returns_to_the_step_that_asked() {
        assert_eq!(next(S::IdentityCheck, R::Intake, A::RejectDocuments), Ok(S::NeedsDocuments));
        assert_eq!(next(S::NeedsDocuments, R::Requester, A::Answer), Ok(S::IdentityCheck));
        assert_eq!(next(S::InReview, R::Reviewer, A::AskMember), Ok(S::NeedsInput));
        assert_eq!(next(S::NeedsInput, R::Requester, A::Answer), Ok(S::InReview));
    }

    #[test]
    fn only_the_approver_approves_and_rejects() {
        for role in Role::ALL {
            let approves = next(S::PendingApproval, role, A::Approve).is_ok();
            assert_eq!(approves, role == R::Approver, "{role:?}");
            assert_eq!(next(S::PendingDismissal, role, A::Reject).is_ok(), role == R::Approver, "{role:?}");
        }
        // A 却下 is never one person's act: it is proposed, then approved.
        for status in Status::ALL {
            assert!(!next(status, R::Reviewer, A::Dismiss).is_ok_and(|s| s.is_closed()), "{status:?}");
            assert!(next(status, R::Approver, A::Reject).is_err() || status == S::PendingDismissal, "{status:?}");
        }
    }

    #[test]
    fn every_request_can_end_whatever_it_waits_on() {
        // From every open status some path of steps reaches a closed one without the
        // requester doing anything: the society can always bring a request to its end.
        for start in Status::ALL.into_iter().filter(|s| !s.is_closed()) {
            let mut seen = vec![start];
            let mut frontier = vec![start];
            while let Some(s) = frontier.pop() {
                for role in [R::Intake, R::Reviewer, R::Approver, R::System] {
                    for action in Action::ALL {
                        if let Ok(to) = next(s, role, action)
                            && !seen.contains(&to)
                        {
                            seen.push(to);
                            frontier.push(to);
                        }
                    }
                }
            }
            assert!(seen.iter().any(|s| s.is_closed()), "{start:?} can stay open for ever");
        }
        // Waiting on the requester ends by the system alone: reminded, then closed.
        for waiting in [S::NeedsDocuments, S::NeedsInput] {
            assert_eq!(next(waiting, R::System, A::Remind), Ok(waiting));
            assert_eq!(next(waiting, R::System, A::Lapse), Ok(S::Lapsed));
        }
        assert_eq!(next(S::InReview, R::System, A::Lapse), Err(Refusal::NotNow));
    }

    #[test]
    fn the_clock_pauses_exactly_while_waiting_on_the_member() {
        let paused: Vec<_> = Status::ALL.into_iter().filter(|s| s.waits_on_member()).collect();
        assert_eq!(paused, vec![S::NeedsDocuments, S::NeedsInput]);
        for s in Status::ALL {
            assert_eq!(s.stage() == Stage::NeedsInput, s.waits_on_member(), "{s:?}");
            if s.is_closed() {
                assert!(!s.clock_runs());
            }
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::from_code(a.code()), Some(a));
        }
        assert_eq!(Status::from_code("deleted"), None);
        assert_eq!(Action::from_code(""), None);
        for s in Stage::ALL {
            assert_eq!(Stage::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_string(&s).ok(), Some(format!("\"{}\"", s.code())));
        }
    }

    #[test]
    fn every_stage_and_step_has_words_in_both_languages() {
        use kit::i18n::Lang;
        for s in Stage::ALL {
            assert!(!s.label(Lang::Ja).is_empty() && s.label(Lang::En).is_ascii(), "{s:?}");
        }
        for a in Action::ALL {
            assert!(!a.label(Lang::Ja).is_empty() && a.label(Lang::En).is_ascii(), "{a:?}");
        }
        assert_eq!(Stage::InReview.label(Lang::Ja), "審査中");
        assert_eq!(Action::SendBack.label(Lang::En), "In review");
    }

    #[test]
    fn steps_that_ask_or_refuse_need_a_reason() {
        for a in Action::ALL {
            assert_eq!(a.needs_reason(), matches!(a, A::RejectDocuments | A::AskMember | A::SendBack));
        }
    }
}
