//! Staff help with a member's account: find it by 記号・番号・枝番, re-issue a lost letter,
//! reset a lost second factor after checking identity at the counter, and close the
//! account on the member's death. Every look-up and action is audited.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use kit::page_data;
use kit::error::AppError;
use kit::form::{FormError, use_feedback};
use kit::access::StaffRole;
use kit::texts::id_text;
use kit::page::page_error;

pub const HELP_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Admin];
pub const CLOSE_ROLES: &[StaffRole] = &[StaffRole::Approver, StaffRole::Admin];

use crate::identity::documents::{DOCUMENTS, document_label};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberAccountView {
    pub member_id: i64,
    pub name: String,
    pub key: String,
    pub lost_on: Option<String>,
    /// "none", "enrolling", "active" or "closed".
    pub account: String,
    pub letters_waiting: i64,
}

#[server(prefix = "/api/staff", endpoint = "member", input = server_fn::codec::GetUrl)]
pub async fn find_member_account(key: String) -> Result<Option<MemberAccountView>, AppError> {
    use crate::identity::store::guard;
    use crate::platform::{audit::{Action as AuditAction, AuditEvent, DataCategory, store::{audited_read, request_meta}}, state::app_state};
    use crate::staff::store::members::MemberAccountRow;
    use kit::access::Access;
    let caller = guard(Access::Staff(HELP_ROLES)).await?;
    let state = app_state()?;
    let parts = match crate::identity::accounts::parse_identifier(&key) {
        Some(crate::identity::accounts::Identifier::Key { symbol, number, branch }) => (symbol, number, branch),
        _ => return Ok(None),
    };
    // Only the id is looked up before the record is written, so that the record names whose
    // data was read (an unknown key is recorded without a subject).
    let subject = crate::registry::store::find_id_by_card(&state, &parts.0, &parts.1, &parts.2).await?;
    let e = AuditEvent::by(caller, AuditAction::StaffMemberLookup)
        .data(DataCategory::Registry)
        .about(subject)
        .record(subject.map(|s| format!("members/{s}")))
        .purpose("account help")
        .detail(serde_json::json!({ "key": format!("{}-{}-{}", parts.0, parts.1, parts.2) }));
    audited_read(&state, &request_meta(), e, || async {
        let Some(member_id) = subject else { return Ok(None) };
        let row: Option<MemberAccountRow> = sqlx::query_as(
            "SELECT m.id, m.name, m.lost_on, a.status FROM members m LEFT JOIN member_accounts a ON a.member_id = m.id \
             WHERE m.id = $1",
        )
        .bind(member_id)
        .fetch_optional(&state.db.pool)
        .await?;
        let Some(MemberAccountRow { id: member_id, name, lost_on, status }) = row else { return Ok(None) };
        let letters_waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM letters WHERE member_id = $1 AND posted_at IS NULL AND code_sealed IS NOT NULL",
        )
        .bind(member_id)
        .fetch_one(&state.db.pool)
        .await?;
        Ok(Some(MemberAccountView {
            member_id,
            name,
            key: format!("{}-{}-{}", parts.0, parts.1, parts.2),
            lost_on,
            account: status.unwrap_or_else(|| "none".into()),
            letters_waiting,
        }))
    })
    .await
}

/// Re-issues a lost letter: a registration code if the member has no account yet, a
/// password-reset code if they do. The earlier code stops working.
#[server(prefix = "/api/staff", endpoint = "member/reissue-letter")]
pub async fn reissue_letter(member_id: i64, key: String) -> Result<(), AppError> {
    use crate::identity::{accounts::{LetterPurpose, issue_letter}, store::guard};
    use crate::platform::{audit::{Actor, store::request_meta}, state::app_state};
    use crate::staff::store::members::{account_status, back_to};
    use kit::access::Access;
    let result = async {
        let caller = guard(Access::Staff(HELP_ROLES)).await?;
        let state = app_state()?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_optional(&state.db.pool)
            .await?;
        if exists.is_none() {
            return Err(AppError::NotFound);
        }
        let purpose = match account_status(&state, member_id).await?.map(|a| a.status) {
            None => LetterPurpose::Registration,
            Some(s) if s == "active" => LetterPurpose::PasswordReset,
            Some(_) => return Err(AppError::Forbidden),
        };
        let mut tx = state.db.begin().await?;
        issue_letter(&mut tx, &state, &request_meta(), Actor::Caller(caller), member_id, purpose).await?;
        tx.commit().await?;
        Ok(format!("{}&done=letter", back_to(&key)))
    }
    .await;
    kit::form::respond(result, &back_to(&key))
}

/// A lost second factor, after the member's identity was checked at the counter: the
/// check is recorded, the account waits for a new enrolment, and a letter is issued.
#[server(prefix = "/api/staff", endpoint = "member/reset-second-factor")]
pub async fn reset_second_factor(member_id: i64, key: String, document: String) -> Result<(), AppError> {
    use crate::identity::{accounts::{LetterPurpose, issue_letter}, session::{self, SessionKind}, store::guard};
    use crate::platform::{audit::{Action as AuditAction, Actor, AuditEvent, DataCategory, store::{append, request_meta}}, state::app_state};
    use crate::staff::store::members::{AccountStatus, account_status, back_to};
    use kit::access::Access;
    let result = async {
        let caller = guard(Access::Staff(HELP_ROLES)).await?;
        if !DOCUMENTS.contains(&document.as_str()) {
            return Err(AppError::Invalid(vec![kit::form::FieldError::new(
                "document",
                kit::form::Problem::Required,
            )]));
        }
        let state = app_state()?;
        let Some(AccountStatus { id: account_id, status }) = account_status(&state, member_id).await? else {
            return Err(AppError::NotFound);
        };
        if status != "active" {
            return Err(AppError::Forbidden);
        }
        let now = state.clock.now();
        let meta = request_meta();
        let mut tx = state.db.begin().await?;
        let e = AuditEvent::by(caller.clone(), AuditAction::StaffIdentityChecked)
            .about(member_id)
            .data(DataCategory::Account)
            .record(format!("members/{member_id}"))
            .purpose("second factor reset")
            .detail(serde_json::json!({ "document": document, "where": "counter" }));
        append(&mut tx, now, &meta, &e).await?;
        session::end_all(&mut tx, now, SessionKind::Member, account_id, "second_factor_reset").await?;
        issue_letter(&mut tx, &state, &meta, Actor::Caller(caller), member_id, LetterPurpose::SecondFactorReset)
            .await?;
        tx.commit().await?;
        Ok(format!("{}&done=second_factor", back_to(&key)))
    }
    .await;
    kit::form::respond(result, &back_to(&key))
}

/// Closes the account on the member's death (reported by the family or the employer).
#[server(prefix = "/api/staff", endpoint = "member/close")]
pub async fn close_account(member_id: i64, key: String, confirm: String) -> Result<(), AppError> {
    use crate::identity::{session::{self, SessionKind}, store::guard};
    use crate::platform::{audit::{Action as AuditAction, AuditEvent, DataCategory, store::{append, request_meta}}, state::app_state};
    use crate::staff::store::members::{AccountStatus, account_status, back_to};
    use kit::access::Access;
    let result = async {
        let caller = guard(Access::Staff(CLOSE_ROLES)).await?;
        if confirm != "death" {
            return Err(AppError::Invalid(vec![kit::form::FieldError::new(
                "confirm",
                kit::form::Problem::Required,
            )]));
        }
        let state = app_state()?;
        let Some(AccountStatus { id: account_id, status }) = account_status(&state, member_id).await? else {
            return Err(AppError::NotFound);
        };
        if status == "closed" {
            return Err(AppError::Forbidden);
        }
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        sqlx::query(
            "UPDATE member_accounts SET status = 'closed', closed_at = $1, closed_reason = 'death' WHERE id = $2",
        )
        .bind(crate::platform::db::instant_text(now))
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        session::end_all(&mut tx, now, SessionKind::Member, account_id, "account_closed").await?;
        let e = AuditEvent::by(caller, AuditAction::AccountClosed)
            .about(member_id)
            .data(DataCategory::Account)
            .record(format!("members/{member_id}"))
            .purpose("account closure")
            .detail(serde_json::json!({ "reason": "death" }));
        append(&mut tx, now, &request_meta(), &e).await?;
        tx.commit().await?;
        Ok(format!("{}&done=closed", back_to(&key)))
    }
    .await;
    kit::form::respond(result, &back_to(&key))
}

#[component]
pub fn MemberHelpPage() -> impl IntoView {
    let t = id_text();
    let q = use_query_map();
    let feedback = use_feedback();
    let key = move || q.with(|q| q.get("key")).unwrap_or_default();
    let done = move || q.with(|q| q.get("done"));
    let data =
        page_data::load(key, |k| async move { if k.is_empty() { Ok(None) } else { find_member_account(k).await } });
    let document_label = |d: &str| document_label(d, t);
    view! {
        <Title text=t.member_help_title/>
        <h1>{t.member_help_title}</h1>
        {move || done().map(|_| view! { <div class="notice notice--ok" role="status"><p>{t.done}</p></div> })}
        <FormError feedback/>
        <form method="get" action="/staff/members" class="form">
            <div class="field">
                <label for="f-key">{t.key_legend}</label>
                <p class="field__hint" id="f-key-hint">{t.identifier_hint}</p>
                <input id="f-key" name="key" type="text" maxlength="32" aria-describedby="f-key-hint" value=key/>
            </div>
            <button type="submit" class="button">{t.search}</button>
        </form>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/members"),
                Ok(None) => view! { <p>{t.no_member}</p> }.into_any(),
                Ok(Some(m)) => {
                    let status = match m.account.as_str() {
                        "none" => t.account_none,
                        "enrolling" => t.account_enrolling,
                        "active" => t.account_active,
                        _ => t.account_closed,
                    };
                    let active = m.account == "active";
                    let can_reissue = m.account == "none" || active;
                    view! {
                        <section class="card" data-member-account=m.account.clone()>
                            <h2>{format!("{}（{}）", m.name, m.key)}</h2>
                            <p>{format!("{}: {status}", t.account_title)}</p>
                            {m.lost_on.clone().map(|d| view! { <p>{format!("{}{d}", t.former_prefix)}</p> })}
                            <p>{format!("{}: {}", t.letters_title, m.letters_waiting)}</p>
                        </section>
                        {can_reissue.then(|| view! {
                            <form method="post" action=ReissueLetter::url() class="card">
                                <h2>{t.reissue_heading}</h2>
                                <p>{t.reissue_lead}</p>
                                <input type="hidden" name="member_id" value=m.member_id/>
                                <input type="hidden" name="key" value=m.key.clone()/>
                                <button type="submit" class="button">{t.reissue_button}</button>
                            </form>
                        })}
                        {active.then(|| view! {
                            <form method="post" action=ResetSecondFactor::url() class="card">
                                <h2>{t.reset_2fa_heading}</h2>
                                <p>{t.reset_2fa_lead}</p>
                                <input type="hidden" name="member_id" value=m.member_id/>
                                <input type="hidden" name="key" value=m.key.clone()/>
                                <div class="field">
                                    <label for="f-document">{t.document_checked}</label>
                                    <select id="f-document" name="document" required=true>
                                        {DOCUMENTS.iter().map(|d| view! { <option value=*d selected=feedback.with_untracked(|f| f.selected("document", d))>{document_label(d)}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">{t.reset_2fa_button}</button>
                            </form>
                        })}
                        {(m.account != "none" && m.account != "closed").then(|| view! {
                            <form method="post" action=CloseAccount::url() class="card">
                                <h2>{t.close_heading}</h2>
                                <p>{t.close_lead}</p>
                                <input type="hidden" name="member_id" value=m.member_id/>
                                <input type="hidden" name="key" value=m.key.clone()/>
                                <div class="field">
                                    <input id="f-confirm" type="checkbox" name="confirm" value="death" required=true checked=feedback.with_untracked(|f| f.checked("confirm", "death"))/>
                                    <label for="f-confirm">{t.close_confirm}</label>
                                </div>
                                <button type="submit" class="button button--secondary">{t.close_button}</button>
                            </form>
                        })}
                    }.into_any()
                }
            }
        })}
        <p><a href="/staff">{t.staff_home_title}</a></p>
    }
}
