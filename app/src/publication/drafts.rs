//! Changing the 公表事項 (17条2項, 21条3項): a 管理者 or 責任者 starts a draft from the
//! version in force, edits it section by section, previews it and sees what changed; a
//! second 責任者 approves it with an effective date, which publishes it as a new immutable
//! version and tells every registered member (in the portal and by email). Members see a
//! banner on the home page until they acknowledge the change. A draft that adds or rewords
//! a 利用目的 is approved only once each such purpose carries staff's answer: within the
//! range related to the purposes before (17条2項), or beyond it, with the person's consent
//! (18条1項) and how it is obtained.

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::diff::PublicationDiff;
use super::editing::PurposeQuestion;
use super::model::Publication;
use super::VersionSummary;
use kit::error::AppError;
use kit::access::StaffRole;

/// Who may start, edit and discard a draft: 管理者 and 責任者.
pub const EDIT_ROLES: &[StaffRole] = &[StaffRole::Admin, StaffRole::Approver];
/// Who may approve and publish: 責任者 (and never the draft's own editors).
pub const APPROVE_ROLES: &[StaffRole] = &[StaffRole::Approver];

/// The open draft, as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    pub id: i64,
    pub revision: i64,
    pub base: VersionSummary,
    pub publication: Publication,
    /// Staff numbers of whoever created or edited it.
    pub editors: Vec<String>,
    pub diff: PublicationDiff,
    /// Each purpose the draft adds or rewords, with its answer once given.
    pub purposes: Vec<PurposeQuestion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorPage {
    pub current: Option<VersionSummary>,
    pub draft: Option<DraftView>,
    /// The caller holds the 責任者 role.
    pub approver: bool,
    /// The caller created or edited the open draft (so cannot approve it).
    pub own_draft: bool,
    pub today: NaiveDate,
}

/// A published change a member has not yet acknowledged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsItem {
    pub version: VersionSummary,
    pub from_version_id: i64,
    pub diff: PublicationDiff,
}

#[server(prefix = "/api/staff", endpoint = "publication/draft", input = GetUrl)]
pub async fn load_editor() -> Result<EditorPage, AppError> {
    let (caller, staff_id) = store::staff(EDIT_ROLES).await?;
    let state = crate::platform::state::app_state()?;
    let approver = matches!(&caller, kit::access::Caller::Staff { roles, .. } if roles.contains(&StaffRole::Approver));
    store::editor(&state, staff_id, approver).await
}

#[server(prefix = "/api/staff", endpoint = "publication/draft/start")]
pub async fn start_draft() -> Result<(), AppError> {
    let result = async {
        let (caller, staff_id) = store::staff(EDIT_ROLES).await?;
        let state = crate::platform::state::app_state()?;
        store::start(&state, &crate::platform::audit::store::request_meta(), &caller, staff_id).await?;
        Ok("/staff/publication?started=1".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/publication")
}

/// One editor form: `form[draft]`, `form[rev]`, `form[section]`, `form[op]` and the
/// section's fields (see [`super::editing::parse`]).
#[server(prefix = "/api/staff", endpoint = "publication/draft/edit")]
pub async fn edit_draft(form: HashMap<String, String>) -> Result<(), AppError> {
    let anchor = match super::editing::Section::from_code(form.get("section").map_or("", String::as_str)) {
        Some(super::editing::Section::Use) => "area",
        Some(s) => s.code(),
        None => "draft-heading",
    };
    let result = async {
        let (caller, staff_id) = store::staff(EDIT_ROLES).await?;
        let state = crate::platform::state::app_state()?;
        let (draft, revision) = store::draft_and_revision(&form)?;
        let edit = super::editing::parse(&form)?;
        store::edit(&state, &crate::platform::audit::store::request_meta(), &caller, staff_id, draft, revision, edit).await?;
        Ok(format!("/staff/publication?saved=1#{anchor}"))
    }
    .await;
    kit::form::respond(result, &format!("/staff/publication#{anchor}"))
}

/// The answer on one purpose the draft adds or rewords (17条2項 or 18条1項): `form[draft]`,
/// `form[rev]`, `form[index]` (its place in the editor's list), `form[answer]` and, with
/// consent, `form[note]` (how it is obtained). Who answered is the caller.
#[server(prefix = "/api/staff", endpoint = "publication/draft/purpose")]
pub async fn answer_purpose(form: HashMap<String, String>) -> Result<(), AppError> {
    // Back to the question answered, when its index is a plain number.
    let anchor = match form.get("index").map(|s| s.trim()) {
        Some(i) if !i.is_empty() && i.len() <= 4 && i.bytes().all(|b| b.is_ascii_digit()) => format!("purpose-{i}"),
        _ => "purposes".to_string(),
    };
    let result = async {
        let (caller, staff_id) = store::staff(EDIT_ROLES).await?;
        let state = crate::platform::state::app_state()?;
        let (draft, revision) = store::draft_and_revision(&form)?;
        let answer = super::editing::parse_answer(&form)?;
        let meta = crate::platform::audit::store::request_meta();
        store::answer_purpose(&state, &meta, &caller, staff_id, draft, revision, answer).await?;
        Ok(format!("/staff/publication?answered=1#{anchor}"))
    }
    .await;
    kit::form::respond(result, &format!("/staff/publication#{anchor}"))
}

#[server(prefix = "/api/staff", endpoint = "publication/draft/discard")]
pub async fn discard_draft(form: HashMap<String, String>) -> Result<(), AppError> {
    let result = async {
        let (caller, staff_id) = store::staff(EDIT_ROLES).await?;
        let state = crate::platform::state::app_state()?;
        let (draft, revision) = store::draft_and_revision(&form)?;
        store::discard(&state, &crate::platform::audit::store::request_meta(), &caller, staff_id, draft, revision).await?;
        Ok("/staff/publication?discarded=1".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/publication")
}

/// Approval by a second 責任者 with the effective date: publishes the draft.
#[server(prefix = "/api/staff", endpoint = "publication/draft/approve")]
pub async fn approve_draft(form: HashMap<String, String>) -> Result<(), AppError> {
    let result = async {
        let (caller, staff_id) = store::staff(APPROVE_ROLES).await?;
        let state = crate::platform::state::app_state()?;
        let (draft, revision) = store::draft_and_revision(&form)?;
        let date = form.get("effective_date").map_or("", String::as_str);
        let version =
            store::approve(&state, &crate::platform::audit::store::request_meta(), &caller, staff_id, draft, revision, date).await?;
        Ok(format!("/staff/publication?published={version}"))
    }
    .await;
    kit::form::respond(result, "/staff/publication#approve")
}

/// The signed-in member's unacknowledged changes (none for anyone else).
#[server(prefix = "/api", endpoint = "publication/news", input = GetUrl)]
pub async fn publication_news() -> Result<Vec<NewsItem>, AppError> {
    let caller = crate::identity::store::guard(kit::access::Access::Public).await?;
    let kit::access::Caller::Member { member_id } = caller else { return Ok(Vec::new()) };
    store::news(&crate::platform::state::app_state()?, member_id).await
}

/// A member's 「確認しました」 on a change.
#[server(prefix = "/api", endpoint = "publication/news/acknowledge")]
pub async fn acknowledge_news(version: String) -> Result<(), AppError> {
    let result = async {
        let caller = crate::identity::store::guard(kit::access::Access::Member(kit::access::MemberAction::Act)).await?;
        let kit::access::Caller::Member { member_id } = caller else { return Err(AppError::Unauthorized) };
        let version = super::parse_version_id(&version)?;
        let state = crate::platform::state::app_state()?;
        store::acknowledge(&state, &crate::platform::audit::store::request_meta(), &caller, member_id, version).await?;
        Ok(format!("{}?acknowledged=1", crate::identity::MEMBER_HOME))
    }
    .await;
    kit::form::respond(result, crate::identity::MEMBER_HOME)
}

#[cfg(feature = "ssr")]
pub mod store;

pub use views::{NewsBanner, StaffPublicationPage, StaffPublicationPreviewPage};

mod views;
