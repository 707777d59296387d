//! Who is calling and what they may call: the caller, staff roles and access policies,
//! as pure data and one pure decision. The server-side guard that applies them lives in
//! `app::identity`; these types are here because every layer (the audit record, pages in
//! the browser) names them.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Staff roles (seed 003's アクセス権限管理簿).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// 受付.
    Intake,
    /// 審査.
    Reviewer,
    /// 個人情報取扱責任者: approves disclosures and refusals.
    Approver,
    /// 監査 (監事): read-only.
    Auditor,
    /// 管理者: staff accounts and access rights.
    Admin,
}

crate::codes!(StaffRole {
    Intake => "intake": "受付", "Intake",
    Reviewer => "reviewer": "審査", "Reviewer",
    Approver => "approver": "責任者", "Approver",
    Auditor => "auditor": "監査", "Auditor",
    Admin => "admin": "管理者", "Administrator",
});

impl StaffRole {
    /// A role's code as typed (surrounding spaces ignored).
    pub fn parse(code: &str) -> Option<StaffRole> {
        Self::from_code(code.trim())
    }
}

/// The authenticated party behind a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Caller {
    Anonymous,
    Member { member_id: i64 },
    Staff { staff_id: i64, roles: Vec<StaffRole> },
}

/// Who may call a server function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (the 公表事項 is public by law).
    Public,
    /// A signed-in member doing this; [`MemberAction::needs_step_up`] says whether a
    /// recent sign-in is asked for too.
    Member(MemberAction),
    /// Staff holding any of these roles.
    Staff(&'static [StaffRole]),
}

/// What a signed-in member does, as the step-up rule sees it. This is the one table of
/// where a recent sign-in (password and code again, or a passkey, within the last
/// minutes) is asked for: where an open session left on a shared or stolen phone would
/// let someone else take data away, change how the member signs in, or act for others.
/// Reading one's own pages needs a full sign-in only: asking again every few minutes to
/// read 医療費のお知らせ protects nothing a signed-in session does not already show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemberAction {
    /// Reading one's own pages: notices, requests, letters, access history, the account.
    Read,
    /// Acting on one's own matters: a request about oneself, answering a 補正依頼,
    /// withdrawing, acknowledging a publication change, ending a session.
    Act,
    /// Acting for someone else: a request as 代理人 or 法定代理人 for another person.
    ActForOthers,
    /// Downloading a 開示 package (the data leaves the portal).
    DownloadPackage,
    /// Downloading 医療費 files (the 医療費控除 statement as CSV, PDF or Excel).
    DownloadMedicalFile,
    /// Changing how one signs in: password, second factor, passkeys, recovery codes, login id.
    ChangeCredentials,
    /// Changing the e-mail address notices go to.
    ChangeEmail,
    /// Giving or withdrawing consent (e.g. showing one's notices to the 被保険者).
    ChangeConsent,
}

impl MemberAction {
    pub const ALL: [MemberAction; 8] = [
        MemberAction::Read,
        MemberAction::Act,
        MemberAction::ActForOthers,
        MemberAction::DownloadPackage,
        MemberAction::DownloadMedicalFile,
        MemberAction::ChangeCredentials,
        MemberAction::ChangeEmail,
        MemberAction::ChangeConsent,
    ];

    /// The step-up table.
    pub const fn needs_step_up(self) -> bool {
        match self {
            MemberAction::Read | MemberAction::Act => false,
            MemberAction::ActForOthers
            | MemberAction::DownloadPackage
            | MemberAction::DownloadMedicalFile
            | MemberAction::ChangeCredentials
            | MemberAction::ChangeEmail
            | MemberAction::ChangeConsent => true,
        }
    }
}

/// The pure decision: may this caller use a function with this policy? (The step-up
/// part needs the session's age and is checked by the server-side guard.)
pub fn decide(access: Access, caller: &Caller) -> Result<(), AppError> {
    match (access, caller) {
        (Access::Public, _) => Ok(()),
        (Access::Member(_), Caller::Member { .. }) => Ok(()),
        (Access::Staff(allowed), Caller::Staff { roles, .. }) if roles.iter().any(|r| allowed.contains(r)) => Ok(()),
        (_, Caller::Anonymous) => Err(AppError::Unauthorized),
        _ => Err(AppError::Forbidden),
    }
}

/// Every staff role: pages any staff member may open.
pub const ANY_ROLE: &[StaffRole] = &StaffRole::ALL;

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_ROLES: [StaffRole; 5] = StaffRole::ALL;

    #[test]
    fn role_codes_round_trip() {
        for r in StaffRole::ALL {
            assert_eq!(StaffRole::from_code(r.code()), Some(r));
        }
        assert_eq!(StaffRole::from_code("root"), None);
        assert_eq!(StaffRole::parse(" admin "), Some(StaffRole::Admin));
    }

    #[test]
    fn roles_are_named_in_both_languages() {
        use crate::i18n::Lang;
        assert_eq!(StaffRole::Approver.label(Lang::Ja), "責任者");
        assert_eq!(StaffRole::Admin.label(Lang::En), "Administrator");
        for r in StaffRole::ALL {
            assert!(!r.label(Lang::Ja).is_empty() && r.label(Lang::En).is_ascii());
        }
    }

    fn callers() -> Vec<Caller> {
        let mut v = vec![Caller::Anonymous, Caller::Member { member_id: 1 }];
        v.extend(ALL_ROLES.iter().map(|r| Caller::Staff { staff_id: 9, roles: vec![*r] }));
        v
    }

    #[test]
    fn public_admits_everyone() {
        for c in callers() {
            assert_eq!(decide(Access::Public, &c), Ok(()));
        }
    }

    #[test]
    fn member_policy_admits_only_members() {
        for c in callers() {
            let expected = match c {
                Caller::Member { .. } => Ok(()),
                Caller::Anonymous => Err(AppError::Unauthorized),
                Caller::Staff { .. } => Err(AppError::Forbidden),
            };
            for a in MemberAction::ALL {
                assert_eq!(decide(Access::Member(a), &c), expected, "{c:?}");
            }
        }
    }

    #[test]
    fn staff_policy_admits_only_listed_roles() {
        let policy = Access::Staff(&[StaffRole::Reviewer, StaffRole::Approver]);
        for c in callers() {
            let allowed = matches!(&c, Caller::Staff { roles, .. } if roles.contains(&StaffRole::Reviewer) || roles.contains(&StaffRole::Approver));
            assert_eq!(decide(policy, &c).is_ok(), allowed, "{c:?}");
        }
        assert_eq!(decide(policy, &Caller::Anonymous), Err(AppError::Unauthorized));
    }

    #[test]
    fn step_up_guards_what_leaves_changes_or_acts_for_others_and_not_reading() {
        let asked: Vec<MemberAction> = MemberAction::ALL.into_iter().filter(|a| a.needs_step_up()).collect();
        assert_eq!(
            asked,
            [
                MemberAction::ActForOthers,
                MemberAction::DownloadPackage,
                MemberAction::DownloadMedicalFile,
                MemberAction::ChangeCredentials,
                MemberAction::ChangeEmail,
                MemberAction::ChangeConsent,
            ]
        );
        assert!(!MemberAction::Read.needs_step_up());
        assert!(!MemberAction::Act.needs_step_up());
    }
}
