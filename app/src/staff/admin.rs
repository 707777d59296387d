//! 管理者: adding staff members with their roles, ending a grant, recording a leaver.
//! An administrator approves grants for others, never for themselves.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::form::{Feedback, Field, FormError};
use kit::access::StaffRole;
use kit::texts::id_text;

pub const ADMIN: &[StaffRole] = &[StaffRole::Admin];

/// Adds a staff member; the setup code is shown once to the administrator, who hands it
/// over in person.
#[server(prefix = "/api/staff", endpoint = "admin/add")]
#[allow(clippy::too_many_arguments)]
pub async fn admin_add_staff(
    staff_number: String,
    name: String,
    valid_from: String,
    intake: Option<String>,
    reviewer: Option<String>,
    approver: Option<String>,
    auditor: Option<String>,
    admin_role: Option<String>,
) -> Result<(), AppError> {
    use crate::identity::session;
    use crate::platform::{audit::{Actor, store::request_meta}, state::app_state};
    use crate::staff::store::admin::{admin, parse_day};
    use kit::form::Check;
    let result = async {
        let (_, admin_number, caller) = admin().await?;
        let state = app_state()?;
        let mut c = Check::default();
        let from = parse_day(&mut c, "valid_from", &valid_from);
        c.finish()?;
        let from = from.ok_or(AppError::BadRequest)?;
        let roles: Vec<StaffRole> = [
            (intake, StaffRole::Intake),
            (reviewer, StaffRole::Reviewer),
            (approver, StaffRole::Approver),
            (auditor, StaffRole::Auditor),
            (admin_role, StaffRole::Admin),
        ]
        .into_iter()
        .filter_map(|(on, role)| on.filter(|v| !v.is_empty()).map(|_| role))
        .collect();
        let code = super::accounts::add_staff(
            &state,
            &request_meta(),
            Actor::Caller(caller),
            &admin_number,
            &staff_number,
            &name,
            &roles,
            from,
        )
        .await?;
        let s = session::current().ok_or(AppError::Unauthorized)?;
        let number = kit::input::normalize_code(&staff_number).to_uppercase();
        let mut conn = state.db.pool.acquire().await?;
        session::stash_flash(&mut conn, &state, s.id, &format!("setup:{number}:{code}")).await?;
        Ok("/staff/access?added=1".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/access")
}

/// Ends a grant on a date (inclusive). Ending an administrator's own grant is refused, so
/// the last administrator cannot lock everyone out by mistake.
#[server(prefix = "/api/staff", endpoint = "admin/end-grant")]
pub async fn end_grant(id: i64, valid_until: String) -> Result<(), AppError> {
    use crate::platform::{audit::{Action as AuditAction, AuditEvent, DataCategory, store::{append, request_meta}}, state::app_state};
    use crate::staff::store::admin::{GrantRow, admin, parse_day};
    use kit::form::{Check, FieldError, Problem};
    let result = async {
        let (admin_id, _, caller) = admin().await?;
        let state = app_state()?;
        let mut c = Check::default();
        let until = parse_day(&mut c, "valid_until", &valid_until);
        c.finish()?;
        let until = until.ok_or(AppError::BadRequest)?;
        let grant: Option<GrantRow> =
            sqlx::query_as("SELECT staff_id, valid_from FROM staff_grants WHERE id = $1")
                .bind(id)
                .fetch_optional(&state.db.pool)
                .await?;
        let GrantRow { staff_id, valid_from: from } = grant.ok_or(AppError::NotFound)?;
        if staff_id == admin_id {
            return Err(AppError::Forbidden);
        }
        if until.to_string() < from {
            return Err(AppError::Invalid(vec![FieldError::new(
                "valid_until",
                Problem::Date(kit::form::DateErrorKind::NoSuchDate),
            )]));
        }
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        sqlx::query("UPDATE staff_grants SET valid_until = $1 WHERE id = $2")
            .bind(until.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let e = AuditEvent::by(caller, AuditAction::GrantEnded)
            .data(DataCategory::Staff)
            .record(format!("staff_grants/{id}"))
            .detail(serde_json::json!({ "valid_until": until.to_string() }));
        append(&mut tx, now, &request_meta(), &e).await?;
        tx.commit().await?;
        Ok("/staff/access?ended=1".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/access")
}

/// A leaver: access ends on their leaving date; from then on they cannot sign in.
#[server(prefix = "/api/staff", endpoint = "admin/leaver")]
pub async fn record_leaver(leaver_number: String, left_on: String) -> Result<(), AppError> {
    use crate::identity::session::{self, SessionKind};
    use crate::platform::{audit::{Action as AuditAction, AuditEvent, DataCategory, store::{append, request_meta}}, state::app_state};
    use crate::staff::store::admin::{admin, parse_day};
    use kit::form::{Check, FieldError, Problem};
    let result = async {
        let (admin_id, _, caller) = admin().await?;
        let state = app_state()?;
        let mut c = Check::default();
        let day = parse_day(&mut c, "left_on", &left_on);
        c.finish()?;
        let day = day.ok_or(AppError::BadRequest)?;
        let number = kit::input::normalize_code(&leaver_number).to_uppercase();
        let row: Option<i64> = sqlx::query_scalar("SELECT id FROM staff WHERE staff_number = $1")
            .bind(&number)
            .fetch_optional(&state.db.pool)
            .await?;
        let Some(staff_id) = row else {
            return Err(AppError::Invalid(vec![FieldError::new("leaver_number", Problem::StaffNumber)]));
        };
        if staff_id == admin_id {
            return Err(AppError::Forbidden);
        }
        let now = state.clock.now();
        let today = kit::time::tokyo_date(now);
        let mut tx = state.db.begin().await?;
        sqlx::query("UPDATE staff SET left_on = $1 WHERE id = $2")
            .bind(day.to_string())
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        if day < today {
            session::end_all(&mut tx, now, SessionKind::Staff, staff_id, "left").await?;
        }
        let e = AuditEvent::by(caller, AuditAction::StaffLeft)
            .data(DataCategory::Staff)
            .record(format!("staff/{staff_id}"))
            .detail(serde_json::json!({ "left_on": day.to_string() }));
        append(&mut tx, now, &request_meta(), &e).await?;
        tx.commit().await?;
        Ok("/staff/access?left=1".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/access")
}

/// The setup code of a staff member just added, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStaffCode {
    pub staff_number: String,
    pub code: String,
}

#[server(prefix = "/api/staff", endpoint = "admin/new-code", input = server_fn::codec::GetUrl)]
pub async fn take_new_staff_code() -> Result<Option<NewStaffCode>, AppError> {
    use crate::identity::{session, store::guard};
    use crate::platform::state::app_state;
    use kit::access::{Access, Caller};
    // Readers of the register (auditors too) load the page; only an administrator has codes.
    let caller = guard(Access::Staff(super::REVIEW_ROLES)).await?;
    if !matches!(&caller, Caller::Staff { roles, .. } if roles.contains(&StaffRole::Admin)) {
        return Ok(None);
    }
    let state = app_state()?;
    let s = session::current().ok_or(AppError::Unauthorized)?;
    let text = session::take_flash(&state, &s).await?.unwrap_or_default();
    let mut parts = text.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("setup"), Some(number), Some(code)) => {
            Ok(Some(NewStaffCode { staff_number: number.to_string(), code: code.to_string() }))
        }
        _ => Ok(None),
    }
}

/// The administrator's forms under the access register. `code` is the page's one read of
/// a just-issued setup code (made at the page's top level: reading it consumes it).
#[component]
pub fn AdminForms(
    feedback: Signal<Feedback>,
    code: kit::page_data::PageData<Result<Option<NewStaffCode>, AppError>>,
) -> AnyView {
    let t = id_text();
    view! {
        {Suspend::new(async move {
            code.await.ok().flatten().map(|c| view! {
                <div class="notice notice--warn" role="status" data-new-staff=c.staff_number.clone()>
                    <p>{format!("{} {}: ", t.setup_code_for, c.staff_number)}<code data-setup-code="">{c.code}</code></p>
                    <p>{t.setup_code_once}</p>
                </div>
            })
        })}
        <FormError feedback/>
        <form method="post" action=AdminAddStaff::url() class="form card">
            <h2>{t.add_staff_heading}</h2>
            <Field name="staff_number" label=t.staff_number maxlength=16 autocomplete="off" feedback/>
            <Field name="name" label=t.name maxlength=64 autocomplete="off" feedback/>
            <Field name="valid_from" label=t.valid_from hint=t.birth_date_hint maxlength=40 autocomplete="off" feedback/>
            <fieldset>
                <legend>{t.col_role}</legend>
                {[("intake", StaffRole::Intake), ("reviewer", StaffRole::Reviewer), ("approver", StaffRole::Approver),
                  ("auditor", StaffRole::Auditor), ("admin_role", StaffRole::Admin)].into_iter().map(|(name, role)| {
                    let id = format!("f-role-{name}");
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() name=name value="on" checked=feedback.with_untracked(|f| f.checked(name, "on"))/>
                            <label for=id>{role.label(t.lang)}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">{t.add_staff_button}</button>
        </form>
        <form method="post" action=RecordLeaver::url() class="form card">
            <h2>{t.leaver_heading}</h2>
            <p>{t.leaver_lead}</p>
            <Field name="leaver_number" label=t.staff_number maxlength=16 autocomplete="off" feedback/>
            <Field name="left_on" label=t.left_on hint=t.birth_date_hint maxlength=40 autocomplete="off" feedback/>
            <button type="submit" class="button button--secondary">{t.leaver_button}</button>
        </form>
    }
    .into_any()
}

/// The small form that ends one grant (in the register's table).
#[component]
pub fn EndGrantForm(id: i64, today: String) -> impl IntoView {
    let t = id_text();
    let field = format!("f-until-{id}");
    // Only the grant whose form was posted gets its typed date back.
    let kept = kit::form::use_feedback().with_untracked(|f| {
        (f.value("id") == Some(id.to_string())).then(|| f.value("valid_until")).flatten()
    });
    let today = kept.unwrap_or(today);
    view! {
        <form method="post" action=EndGrant::url() class="inline-form">
            <input type="hidden" name="id" value=id/>
            <label for=field.clone()>{t.valid_until}</label>
            <input id=field type="date" name="valid_until" value=today required=true/>
            <button type="submit" class="button button--secondary">{t.end_grant}</button>
        </form>
    }
}
