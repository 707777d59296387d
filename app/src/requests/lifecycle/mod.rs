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
    // 再交付 of a 開示 result after its download period: recorded by the package's own
    // re-issue (`delivery::reissue`), never a step taken here; changes no status.
    /// Staff prepared a re-issue (internal).
    ReissuePrepare,
    /// A 責任者 approved it: the member may download the result again.
    Reissue,
    /// A prepared re-issue was cancelled (internal).
    ReissueCancel,
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
    ReissuePrepare => "reissue_prepare": "開示資料の再交付を準備しました（責任者の承認待ち）", "Re-issue of the disclosed data prepared (awaiting approval)",
    Reissue => "reissue": "開示する資料を、もう一度ダウンロードできるようにしました", "Your disclosed data can be downloaded again",
    ReissueCancel => "reissue_cancel": "開示資料の再交付の準備を取り消しました", "Re-issue of the disclosed data cancelled",
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
            // Written by the package's re-issue with its own four eyes, not through `next`.
            Action::ReissuePrepare | Action::Reissue | Action::ReissueCancel => false,
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
                | Action::ReissuePrepare
                | Action::ReissueCancel
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
mod tests;
