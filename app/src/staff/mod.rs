//! The staff area (業務課): sign-in, account setup, the letter outbox and the access-rights
//! review list. Its endpoints live under `/api/staff/` and its pages under `/staff`, where
//! only the staff session cookie is read.

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod admin;
pub mod bar;
pub mod codes;
pub mod letter;
pub mod members;
pub mod queue;
pub mod reports;
pub mod requests;
#[cfg(feature = "ssr")]
pub mod store;
pub mod templates;
pub mod texts;
pub mod views;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::access::StaffRole;

/// Who may print and post letters.
pub const LETTER_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Admin];
/// Who may read the access-rights review list.
pub const REVIEW_ROLES: &[StaffRole] = &[StaffRole::Admin, StaffRole::Auditor];

#[server(prefix = "/api/staff", endpoint = "login")]
pub async fn staff_login(staff_number: String, password: String, code: String) -> Result<(), AppError> {
    use crate::identity::{session::{self, SessionKind}, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::staff::accounts;
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let result = async {
        let previous = session::current().filter(|s| s.kind == SessionKind::Staff);
        let token =
            accounts::login(&state, &request_meta(), &staff_number, &password, &code, previous.as_ref()).await?;
        session::set_cookie(&session::cookie(SessionKind::Staff, &token))?;
        Ok("/staff".to_string())
    }
    .await;
    respond(result, "/staff/login")
}

#[server(prefix = "/api/staff", endpoint = "logout")]
pub async fn staff_logout() -> Result<(), AppError> {
    use crate::identity::{session::{self, SessionKind}, store::guard};
    use crate::platform::{audit::{Action, AuditEvent, DataCategory, store::request_meta}, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    if let Some(s) = session::current().filter(|s| s.kind == SessionKind::Staff) {
        session::end(&state, s.id, "logout").await?;
        let e = AuditEvent::by(crate::identity::store::caller(), Action::StaffLogout).data(DataCategory::Staff);
        crate::platform::audit::store::record_standalone(&state, &request_meta(), &e).await;
    }
    session::set_cookie(&session::clear_cookie(SessionKind::Staff))?;
    respond(Ok("/staff/login".to_string()), "/staff/login")
}

#[server(prefix = "/api/staff", endpoint = "setup")]
pub async fn staff_setup(
    staff_number: String,
    code: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    use crate::identity::{session::{self, SessionKind}, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::staff::accounts;
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let result = async {
        let token =
            accounts::setup(&state, &request_meta(), &staff_number, &code, &password, &password_confirm).await?;
        session::set_cookie(&session::cookie(SessionKind::Staff, &token))?;
        Ok("/staff/setup/second-factor".to_string())
    }
    .await;
    respond(result, "/staff/setup")
}

#[server(prefix = "/api/staff", endpoint = "second-factor/confirm")]
pub async fn confirm_staff_second_factor(code: String) -> Result<(), AppError> {
    use crate::identity::{session::{self, SessionKind, Stage}, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let result = async {
        let s = session::current()
            .filter(|s| s.kind == SessionKind::Staff && s.stage == Stage::Enrolment)
            .ok_or(AppError::Unauthorized)?;
        let token = crate::identity::accounts::confirm_second_factor(&state, &request_meta(), &s, &code).await?;
        session::set_cookie(&session::cookie(SessionKind::Staff, &token))?;
        Ok("/staff".to_string())
    }
    .await;
    respond(result, "/staff/setup/second-factor")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffHome {
    pub staff_number: String,
    pub name: String,
    pub roles: Vec<StaffRole>,
    pub letters_waiting: Option<i64>,
    /// The society's name, from the publication in force (the staff header).
    #[serde(default)]
    pub society: String,
}

#[server(prefix = "/api/staff", endpoint = "home", input = server_fn::codec::GetUrl)]
pub async fn load_staff_home() -> Result<StaffHome, AppError> {
    use crate::identity::store::guard;
    use crate::platform::state::app_state;
    use crate::staff::store::StaffName;
    use kit::access::{ANY_ROLE, Access, Caller};
    let caller = guard(Access::Staff(ANY_ROLE)).await?;
    let Caller::Staff { staff_id, roles } = caller else { return Err(AppError::Unauthorized) };
    let state = app_state()?;
    let me: StaffName = sqlx::query_as("SELECT staff_number, name FROM staff WHERE id = $1")
        .bind(staff_id)
        .fetch_one(&state.db.pool)
        .await?;
    let StaffName { staff_number, name } = me;
    let letters_waiting = if roles.iter().any(|r| LETTER_ROLES.contains(r)) {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM letters WHERE posted_at IS NULL AND code_sealed IS NOT NULL")
                .fetch_one(&state.db.pool)
                .await?;
        Some(n)
    } else {
        None
    };
    let society = crate::publication::store::current_shared(&state).await?.map(|(_, p)| p.society.name.clone()).unwrap_or_default();
    Ok(StaffHome { staff_number, name, roles, letters_waiting, society })
}

/// A letter in the outbox, with what the printed letter needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub id: i64,
    pub purpose: String,
    pub created: String,
    pub expires: String,
    pub name: String,
    pub postal_code: String,
    pub address: String,
    pub key: String,
    /// Only on the single-letter (print) view.
    pub code: Option<String>,
    pub printed: bool,
    /// The print view's: the date it is issued (和暦), the page's full address and its QR
    /// code, and who sends it.
    #[serde(default)]
    pub issued: String,
    #[serde(default)]
    pub page_url: String,
    #[serde(default)]
    pub qr_svg: String,
    #[serde(default)]
    pub sender: Option<LetterSender>,
}

/// The society as the letter's sender names it, from the publication in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterSender {
    pub name: String,
    pub postal_code: String,
    pub address: String,
    pub phone: String,
    pub hours: String,
}

/// The page a letter's code is entered on.
pub fn letter_path(purpose: &str) -> &'static str {
    match purpose {
        "registration" => "/register/complete",
        "password_reset" => "/reset/complete",
        _ => "/recover/second-factor",
    }
}

/// Letters waiting to be posted (addresses: personal data, so the read is audited).
#[server(prefix = "/api/staff", endpoint = "letters", input = server_fn::codec::GetUrl)]
pub async fn pending_letters() -> Result<Vec<Letter>, AppError> {
    use crate::identity::store::guard;
    use crate::platform::{audit::{Action, AuditEvent, DataCategory, store::{audited_read, request_meta}}, state::app_state};
    use crate::staff::store::{LETTER_SELECT, LetterRow, letter_of};
    use kit::access::Access;
    let caller = guard(Access::Staff(LETTER_ROLES)).await?;
    let state = app_state()?;
    let e = AuditEvent::by(caller, Action::LettersList)
        .data(DataCategory::Registry)
        .purpose("letter outbox");
    audited_read(&state, &request_meta(), e, || async {
        let rows: Vec<LetterRow> = sqlx::query_as(&format!(
            "{LETTER_SELECT} WHERE l.posted_at IS NULL AND l.code_sealed IS NOT NULL ORDER BY l.id"
        ))
        .fetch_all(&state.db.pool)
        .await?;
        Ok(rows.into_iter().map(|r| letter_of(r, None)).collect())
    })
    .await
}

/// One letter for printing, with its code (a read, recorded as one). Printing itself is
/// recorded by [`print_letter`], a POST: a GET must never change anything.
#[server(prefix = "/api/staff", endpoint = "letter", input = server_fn::codec::GetUrl)]
pub async fn load_letter(id: i64) -> Result<Letter, AppError> {
    use crate::identity::store::guard;
    use crate::platform::{audit::{Action, AuditEvent, DataCategory, store::{audited_read, request_meta}}, state::app_state};
    use crate::staff::store::{LETTER_SELECT, LetterRow, letter_of};
    use kit::access::Access;
    let caller = guard(Access::Staff(LETTER_ROLES)).await?;
    let state = app_state()?;
    let row: Option<LetterRow> = sqlx::query_as(&format!("{LETTER_SELECT} WHERE l.id = $1 AND l.posted_at IS NULL"))
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?;
    let row = row.ok_or(AppError::NotFound)?;
    let sealed = row.code_sealed.clone().ok_or(AppError::NotFound)?;
    let e = AuditEvent::by(caller, Action::LetterView)
        .about(row.member_id)
        .data(DataCategory::Registry)
        .record(format!("letters/{id}"))
        .purpose(format!("letter {}", row.purpose));
    let mut letter = audited_read(&state, &request_meta(), e, || async {
        let code = state.secrets.open(&sealed).and_then(|b| String::from_utf8(b).ok());
        Ok(letter_of(row, code))
    })
    .await?;
    // The address, not the code: a QR code's URL ends up in scanner apps' histories and
    // server logs, and the code is a one-time secret (docs/ARCHITECTURE.md).
    let base = state.feature::<crate::identity::PortalAddress>().0;
    letter.page_url = format!("{base}{}", letter_path(&letter.purpose));
    if !base.is_empty() {
        letter.qr_svg = crate::platform::qr::svg(&letter.page_url, 160)?;
    }
    letter.issued = kit::time::format_wareki(state.clock.today_tokyo()).unwrap_or_default();
    letter.sender = crate::publication::store::current_shared(&state).await?.map(|(_, p)| LetterSender {
        name: p.society.name.clone(),
        postal_code: p.society.postal_code.clone(),
        address: p.society.address.clone(),
        phone: p.society.phone.clone(),
        hours: p.complaint_desk.hours.clone(),
    });
    Ok(letter)
}

/// Staff print a letter: the first print is stamped on the letter and recorded, then the
/// printable page opens.
#[server(prefix = "/api/staff", endpoint = "letter/print")]
pub async fn print_letter(id: i64) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use crate::platform::{audit::{Action, AuditEvent, DataCategory, store::{append, request_meta}}, state::app_state};
    use crate::staff::store::{LETTER_SELECT, LetterRow};
    use kit::{access::{Access, Caller}, form::respond};
    let result = async {
        let caller = guard(Access::Staff(LETTER_ROLES)).await?;
        let Caller::Staff { staff_id, .. } = caller.clone() else { return Err(AppError::Unauthorized) };
        let state = app_state()?;
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        let row: Option<LetterRow> =
            sqlx::query_as(&format!("{LETTER_SELECT} WHERE l.id = $1 AND l.posted_at IS NULL AND l.code_sealed IS NOT NULL"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(LetterRow { member_id, purpose, .. }) = row else { return Err(AppError::NotFound) };
        sqlx::query(
            "UPDATE letters SET printed_at = COALESCE(printed_at, $1), printed_by = COALESCE(printed_by, $2) WHERE id = $3",
        )
        .bind(crate::platform::db::instant_text(now))
        .bind(staff_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let e = AuditEvent::by(caller, Action::LetterPrint)
            .about(member_id)
            .data(DataCategory::Registry)
            .record(format!("letters/{id}"))
            .purpose(format!("letter {purpose}"));
        append(&mut tx, now, &request_meta(), &e).await?;
        tx.commit().await?;
        Ok(format!("/staff/letters/{id}"))
    }
    .await;
    respond(result, "/staff/letters")
}

/// The letter went into the post: its code is erased from the outbox for good.
#[server(prefix = "/api/staff", endpoint = "letter/posted")]
pub async fn mark_letter_posted(id: i64) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use crate::platform::{audit::{Action, AuditEvent, DataCategory, store::{append, request_meta}}, state::app_state};
    use kit::{access::{Access, Caller}, form::respond};
    let result = async {
        let caller = guard(Access::Staff(LETTER_ROLES)).await?;
        let Caller::Staff { staff_id, .. } = caller.clone() else { return Err(AppError::Unauthorized) };
        let state = app_state()?;
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        let posted: Option<i64> = sqlx::query_scalar(
            "UPDATE letters SET posted_at = $1, posted_by = $2, code_sealed = NULL WHERE id = $3 AND posted_at IS NULL \
             RETURNING member_id",
        )
        .bind(crate::platform::db::instant_text(now))
        .bind(staff_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(member_id) = posted else { return Err(AppError::NotFound) };
        let e = AuditEvent::by(caller, Action::LetterPosted)
            .about(member_id)
            .data(DataCategory::Account)
            .record(format!("letters/{id}"))
            .purpose(format!("letter {id}"));
        append(&mut tx, now, &request_meta(), &e).await?;
        tx.commit().await?;
        Ok("/staff/letters?posted=1".to_string())
    }
    .await;
    respond(result, "/staff/letters")
}

/// One line of the access-rights review list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantLine {
    pub id: i64,
    pub staff_number: String,
    pub name: String,
    pub status: String,
    pub role: StaffRole,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub approved_by: String,
    pub reviewed_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub in_effect: bool,
}

/// The register as the viewer may act on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRegister {
    pub lines: Vec<GrantLine>,
    /// The viewer is an administrator (may add staff, end grants, record leavers).
    pub can_admin: bool,
    pub today: String,
}

#[server(prefix = "/api/staff", endpoint = "grants", input = server_fn::codec::GetUrl)]
pub async fn grant_review_list() -> Result<GrantRegister, AppError> {
    use crate::identity::store::guard;
    use crate::platform::state::app_state;
    use crate::staff::store::GrantRow;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(REVIEW_ROLES)).await?;
    let can_admin = matches!(&caller, Caller::Staff { roles, .. } if roles.contains(&StaffRole::Admin));
    let state = app_state()?;
    let today = kit::time::tokyo_date(state.clock.now()).to_string();
    let rows: Vec<GrantRow> = sqlx::query_as(
        "SELECT g.id, s.staff_number, s.name, s.status, g.role, g.valid_from, g.valid_until, g.approved_by, \
         g.reviewed_at, g.reviewed_by, s.left_on FROM staff_grants g JOIN staff s ON s.id = g.staff_id \
         ORDER BY s.staff_number, g.role, g.id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let lines = rows
        .into_iter()
        .filter_map(|r| {
            let role = StaffRole::from_code(&r.role)?;
            let in_effect = r.valid_from <= today
                && r.valid_until.as_ref().is_none_or(|u| *u >= today)
                && r.left_on.as_ref().is_none_or(|l| *l >= today)
                && r.status != "left";
            Some(GrantLine {
                id: r.id,
                staff_number: r.staff_number,
                name: r.name,
                status: r.status,
                role,
                valid_from: r.valid_from,
                valid_until: r.valid_until,
                approved_by: r.approved_by,
                reviewed_at: r.reviewed_at.map(|t| t.chars().take(10).collect()),
                reviewed_by: r.reviewed_by,
                in_effect,
            })
        })
        .collect();
    Ok(GrantRegister { lines, can_admin, today })
}

/// The periodic review: an admin confirms a grant is still needed.
#[server(prefix = "/api/staff", endpoint = "grants/review")]
pub async fn review_grant(id: i64) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use crate::platform::{audit::{Action, AuditEvent, DataCategory, store::{append, request_meta}}, state::app_state};
    use kit::{access::{Access, Caller}, form::respond};
    let result = async {
        let caller = guard(Access::Staff(&[StaffRole::Admin])).await?;
        let Caller::Staff { staff_id, .. } = caller.clone() else { return Err(AppError::Unauthorized) };
        let state = app_state()?;
        let reviewer: String = sqlx::query_scalar("SELECT staff_number FROM staff WHERE id = $1")
            .bind(staff_id)
            .fetch_one(&state.db.pool)
            .await?;
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        let done = sqlx::query("UPDATE staff_grants SET reviewed_at = $1, reviewed_by = $2 WHERE id = $3")
            .bind(crate::platform::db::instant_text(now))
            .bind(&reviewer)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        let e = AuditEvent::by(caller, Action::GrantReviewed)
            .data(DataCategory::Staff)
            .record(format!("staff_grants/{id}"));
        append(&mut tx, now, &request_meta(), &e).await?;
        tx.commit().await?;
        Ok("/staff/access?reviewed=1".to_string())
    }
    .await;
    respond(result, "/staff/access")
}
