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
    /// A signed-in member.
    Member,
    /// A member who signed in (or confirmed their password and code) within the last
    /// 10 minutes: step-up for submitting requests, downloads and 医療費.
    MemberRecent,
    /// Staff holding any of these roles.
    Staff(&'static [StaffRole]),
}

/// The pure decision: may this caller use a function with this policy?
pub fn decide(access: Access, caller: &Caller) -> Result<(), AppError> {
    match (access, caller) {
        (Access::Public, _) => Ok(()),
        (Access::Member | Access::MemberRecent, Caller::Member { .. }) => Ok(()),
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
            assert_eq!(decide(Access::Member, &c), expected, "{c:?}");
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
}
