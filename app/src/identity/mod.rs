//! Who is calling, and the guard every server function passes first.
//!
//! Each server function declares an [`Access`] policy; [`guard`] checks the caller
//! against it on the server, every time. The caller comes from the session the server's
//! session layer resolved from the request's cookie ([`session`]).

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod input;
pub mod lifecycle;
pub mod password;
pub mod registry;
#[cfg(feature = "ssr")]
pub mod registry_db;
#[cfg(feature = "ssr")]
pub mod secrets;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod session;
pub mod texts;
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod totp;
pub mod views;
pub mod views_data;

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

impl StaffRole {
    pub const ALL: [StaffRole; 5] =
        [StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver, StaffRole::Auditor, StaffRole::Admin];

    pub fn code(self) -> &'static str {
        match self {
            StaffRole::Intake => "intake",
            StaffRole::Reviewer => "reviewer",
            StaffRole::Approver => "approver",
            StaffRole::Auditor => "auditor",
            StaffRole::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<StaffRole> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim())
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

/// The caller of the current request, as established by the server's session layer.
#[cfg(feature = "ssr")]
pub fn caller() -> Caller {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Caller>().cloned())
        .unwrap_or(Caller::Anonymous)
}

/// Checks the current caller against `access`; every server function starts here.
/// A refusal is recorded in the audit log by the caller-facing helper.
#[cfg(feature = "ssr")]
pub async fn guard(access: Access) -> Result<Caller, AppError> {
    let caller = caller();
    match decide(access, &caller) {
        Ok(()) if access == Access::MemberRecent => {
            let state = crate::state::app_state()?;
            let recent = session::current().is_some_and(|s| s.is_recent(state.clock.now(), &state.sessions));
            if recent {
                Ok(caller)
            } else {
                crate::records::record_refusal(&caller, "guard.step_up", "MemberRecent").await;
                Err(AppError::StepUpRequired)
            }
        }
        Ok(()) => Ok(caller),
        Err(e) => {
            crate::records::record_refusal(&caller, "guard", &format!("{access:?}")).await;
            Err(e)
        }
    }
}

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
