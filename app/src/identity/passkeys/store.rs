//! Passkeys on the server: the relying party, the ceremonies and the stored credentials.
//!
//! Every refusal is recorded (`passkey.refused`, with its reason) and saves nothing. A
//! sign-in goes through the same throttle, account checks, session creation and audit as
//! a password sign-in (`accounts::complete_sign_in`): the passkey is its second factor.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use sqlx::AnyConnection;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use super::{CEREMONY_MINUTES, MAX_PER_ACCOUNT, PasskeyLine};
use crate::identity::accounts::{
    SecondFactor, SignInAttempt, complete_enrolment, complete_sign_in, event, member_of_account, record_failure,
    table_of, throttle_gate,
};
use crate::identity::session::{SessionInfo, SessionKind, Stage};
use crate::identity::{Caller, SessionPolicy, lifecycle, session};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::audit::{Action, AuditEvent, DataCategory, Outcome, RequestMeta};
use crate::platform::db::instant_text;
use crate::platform::secrets::{new_token, random_bytes, sha256_hex};
use crate::platform::state::AppState;
use kit::error::AppError;

/// The cookie that carries a sign-in ceremony's id (HttpOnly, five minutes).
pub const CEREMONY_COOKIE: &str = "__Host-madoguchi-passkey";

/// The relying party, when the portal has a host name to be one (browsers refuse an IP
/// address as the RP id): the feature's state, set at start.
#[derive(Clone, Default)]
pub struct RelyingParty(pub Option<Arc<Webauthn>>);

impl RelyingParty {
    /// From the public origins: the RP id is the host of the first origin that has a host
    /// name; every origin on that host (or under it) is allowed. `None` if there is none.
    pub fn from_origins(origins: &[String], name: &str) -> RelyingParty {
        let urls: Vec<Url> = origins.iter().filter_map(|o| Url::parse(o).ok()).collect();
        let Some(first) = urls.iter().find(|u| u.domain().is_some()) else { return RelyingParty(None) };
        let Some(rp_id) = first.domain().map(str::to_string) else { return RelyingParty(None) };
        let Ok(mut builder) = WebauthnBuilder::new(&rp_id, first) else { return RelyingParty(None) };
        for u in urls.iter().filter(|u| *u != first && u.domain().is_some_and(|d| d == rp_id || d.ends_with(&format!(".{rp_id}")))) {
            builder = builder.append_allowed_origin(u);
        }
        RelyingParty(builder.rp_name(name).build().ok().map(Arc::new))
    }

    fn get(&self) -> Result<&Webauthn, AppError> {
        self.0.as_deref().ok_or(AppError::NotFound)
    }
}

/// Whether passkeys can be used on the page the request came from: the portal has a
/// relying party, and the request's host is one of its origins' (a page opened at an IP
/// address cannot use a passkey of a host name).
pub fn available(state: &AppState) -> bool {
    let rp = state.feature::<RelyingParty>();
    let Some(webauthn) = rp.0.as_deref() else { return false };
    let host = leptos::prelude::use_context::<http::request::Parts>().and_then(|p| {
        p.headers.get(http::header::HOST).and_then(|v| v.to_str().ok()).map(str::to_string)
    });
    host.is_some_and(|host| {
        webauthn.get_allowed_origins().iter().any(|o| {
            let port = o.port_or_known_default().map(|p| format!(":{p}")).unwrap_or_default();
            o.host_str().is_some_and(|h| host == h || host == format!("{h}{port}"))
        })
    })
}

fn kind_of(k: SessionKind) -> &'static str {
    k.code()
}

/// Why a passkey was refused, for the audit record.
async fn refuse(state: &AppState, meta: &RequestMeta, kind: SessionKind, subject: Option<i64>, reason: &str) {
    let e = event(
        Caller::Anonymous,
        Action::PasskeyRefused,
        Outcome::Refused,
        subject,
        serde_json::json!({ "kind": kind.code(), "reason": reason }),
    );
    let e = if kind == SessionKind::Staff { e.data(DataCategory::Staff).purpose("account") } else { e };
    record_standalone(state, meta, &e).await;
}

/// A stored passkey row.
#[derive(sqlx::FromRow)]
struct PasskeyRow {
    id: i64,
    account_id: i64,
    user_handle: String,
    passkey: String,
}

/// A ceremony's stored state.
#[derive(sqlx::FromRow)]
struct CeremonyRow {
    id: i64,
    state: String,
}

/// What a registration ceremony keeps on the server.
#[derive(serde::Serialize, serde::Deserialize)]
struct Registering {
    user_handle: Uuid,
    reg: PasskeyRegistration,
}

async fn save_ceremony(
    state: &AppState,
    purpose: &str,
    kind: SessionKind,
    session_id: Option<i64>,
    json: String,
) -> Result<String, AppError> {
    let token = new_token();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM passkey_ceremonies WHERE expires_at < $1")
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO passkey_ceremonies (token_hash, purpose, account_kind, session_id, state, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(sha256_hex(&token))
    .bind(purpose)
    .bind(kind_of(kind))
    .bind(session_id)
    .bind(json)
    .bind(instant_text(now))
    .bind(instant_text(now + Duration::minutes(CEREMONY_MINUTES)))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Takes a ceremony (single use: deleted whether or not it then succeeds). `None` if there
/// is no such live ceremony for this purpose, kind and session.
async fn take_ceremony(
    state: &AppState,
    token: &str,
    purpose: &str,
    kind: SessionKind,
    session_id: Option<i64>,
) -> Result<Option<String>, AppError> {
    let now = state.clock.now();
    let bound = if session_id.is_some() { "session_id = $5" } else { "session_id IS NULL" };
    let sql = format!(
        "SELECT id, state FROM passkey_ceremonies WHERE token_hash = $1 AND purpose = $2 AND account_kind = $3 \
         AND expires_at > $4 AND {bound}"
    );
    let mut q = sqlx::query_as::<_, CeremonyRow>(&sql)
        .bind(sha256_hex(token))
        .bind(purpose)
        .bind(kind_of(kind))
        .bind(instant_text(now));
    if let Some(id) = session_id {
        q = q.bind(id);
    }
    let row = q.fetch_optional(&state.db.pool).await?;
    let Some(row) = row else { return Ok(None) };
    let mut tx = state.db.begin().await?;
    let taken = sqlx::query("DELETE FROM passkey_ceremonies WHERE id = $1").bind(row.id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok((taken.rows_affected() == 1).then_some(row.state))
}

/// The label an authenticator shows for the account (no name: passkeys may sync).
async fn account_label(state: &AppState, s: &SessionInfo) -> Result<String, AppError> {
    #[derive(sqlx::FromRow)]
    struct Key {
        label: String,
    }
    let sql = match s.kind {
        SessionKind::Member => {
            "SELECT m.symbol || '-' || m.number || '-' || m.branch AS label FROM member_accounts a \
             JOIN members m ON m.id = a.member_id WHERE a.id = $1"
        }
        SessionKind::Staff => "SELECT 'staff-' || staff_number AS label FROM staff WHERE id = $1",
    };
    let row: Option<Key> = sqlx::query_as(sql).bind(s.account_id).fetch_optional(&state.db.pool).await?;
    row.map(|k| k.label).ok_or(AppError::Unauthorized)
}

/// Starts registering a passkey for the session's account (an enrolment session, or a
/// full session that the caller has step-up checked). Returns the ceremony id and the
/// options for `navigator.credentials.create`, as JSON.
pub async fn start_registration(state: &AppState, s: &SessionInfo) -> Result<String, AppError> {
    let rp = state.feature::<RelyingParty>();
    let webauthn = rp.get()?;
    let existing: Vec<PasskeyRow> = sqlx::query_as(
        "SELECT id, account_id, user_handle, passkey FROM passkeys WHERE account_kind = $1 AND account_id = $2 ORDER BY id",
    )
    .bind(kind_of(s.kind))
    .bind(s.account_id)
    .fetch_all(&state.db.pool)
    .await?;
    if existing.len() as i64 >= MAX_PER_ACCOUNT {
        return Err(AppError::BadRequest);
    }
    let user_handle = existing
        .first()
        .and_then(|p| Uuid::parse_str(&p.user_handle).ok())
        .unwrap_or_else(|| Uuid::from_bytes(random_bytes::<16>()));
    let exclude: Vec<_> = existing
        .iter()
        .filter_map(|p| serde_json::from_str::<Passkey>(&p.passkey).ok())
        .map(|p| p.cred_id().clone())
        .collect();
    let label = account_label(state, s).await?;
    let (ccr, reg) = webauthn
        .start_passkey_registration(user_handle, &label, &label, Some(exclude))
        .map_err(|e| AppError::internal("passkey", e))?;
    let json = serde_json::to_string(&Registering { user_handle, reg }).map_err(|e| AppError::internal("passkey", e))?;
    let token = save_ceremony(state, "register", s.kind, Some(s.id), json).await?;
    // A discoverable credential (a "resident key"), so that signing in needs no name.
    let mut options = serde_json::to_value(&ccr).map_err(|e| AppError::internal("passkey", e))?;
    if let Some(sel) = options.pointer_mut("/publicKey/authenticatorSelection").and_then(|v| v.as_object_mut()) {
        sel.insert("residentKey".into(), "required".into());
        sel.insert("requireResidentKey".into(), true.into());
    }
    Ok(serde_json::json!({ "ceremony": token, "options": options }).to_string())
}

/// Finishes a registration: the ceremony must be this session's. At enrolment the passkey
/// completes it (the account becomes active; returns the new session's token); later it
/// is added to the account (returns `None`).
pub async fn finish_registration(
    state: &AppState,
    meta: &RequestMeta,
    s: &SessionInfo,
    ceremony: &str,
    credential: &str,
) -> Result<Option<String>, AppError> {
    let rp = state.feature::<RelyingParty>();
    let webauthn = rp.get()?;
    let subject = match s.kind {
        SessionKind::Member => member_of_account(state, s.account_id).await?,
        SessionKind::Staff => None,
    };
    let Some(saved) = take_ceremony(state, ceremony, "register", s.kind, Some(s.id)).await? else {
        refuse(state, meta, s.kind, subject, "no_ceremony_for_this_session").await;
        return Err(AppError::BadRequest);
    };
    let Ok(Registering { user_handle, reg }) = serde_json::from_str::<Registering>(&saved) else {
        return Err(AppError::internal("passkey", "ceremony state"));
    };
    let Ok(cred) = serde_json::from_str::<RegisterPublicKeyCredential>(credential) else {
        refuse(state, meta, s.kind, subject, "malformed").await;
        return Err(AppError::BadRequest);
    };
    let passkey = match webauthn.finish_passkey_registration(&cred, &reg) {
        Ok(p) => p,
        Err(e) => {
            refuse(state, meta, s.kind, subject, &format!("registration: {e:?}")).await;
            return Err(AppError::BadRequest);
        }
    };
    let credential_id = URL_SAFE_NO_PAD.encode(passkey.cred_id().as_ref());
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM passkeys WHERE credential_id = $1")
        .bind(&credential_id)
        .fetch_optional(&state.db.pool)
        .await?;
    if taken.is_some() {
        refuse(state, meta, s.kind, subject, "credential_already_registered").await;
        return Err(AppError::BadRequest);
    }
    let json = serde_json::to_string(&passkey).map_err(|e| AppError::internal("passkey", e))?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO passkeys (account_kind, account_id, credential_id, user_handle, passkey, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(kind_of(s.kind))
    .bind(s.account_id)
    .bind(&credential_id)
    .bind(user_handle.to_string())
    .bind(json)
    .bind(instant_text(now))
    .fetch_one(&mut *tx)
    .await?;
    let actor = match (s.kind, s.stage, subject) {
        (SessionKind::Member, Stage::Full, Some(member_id)) => Caller::Member { member_id },
        _ => Caller::Anonymous,
    };
    let mut e = event(actor, Action::PasskeyAdded, Outcome::Allowed, subject, serde_json::json!({ "kind": s.kind.code(), "passkey": id }));
    if s.kind == SessionKind::Staff {
        e = e.data(DataCategory::Staff).record(format!("staff/{}", s.account_id));
    }
    append(&mut tx, now, meta, &e).await?;
    if s.stage == Stage::Enrolment {
        // Passkey only: the app's secret shown on the page was never confirmed.
        sqlx::query(&format!("UPDATE {} SET totp_sealed = NULL, totp_last_step = NULL WHERE id = $1", table_of(s.kind)))
            .bind(s.account_id)
            .execute(&mut *tx)
            .await?;
        return complete_enrolment(tx, state, meta, s, subject, "passkey").await.map(Some);
    }
    tx.commit().await?;
    Ok(None)
}

/// Starts a sign-in with any passkey of this portal (discoverable: no name typed).
/// Returns the ceremony id (for the HttpOnly cookie) and the options for
/// `navigator.credentials.get`, as JSON.
pub async fn start_sign_in(state: &AppState, kind: SessionKind) -> Result<(String, String), AppError> {
    let rp = state.feature::<RelyingParty>();
    let webauthn = rp.get()?;
    let (rcr, auth) = webauthn.start_discoverable_authentication().map_err(|e| AppError::internal("passkey", e))?;
    let json = serde_json::to_string(&auth).map_err(|e| AppError::internal("passkey", e))?;
    let token = save_ceremony(state, "sign_in", kind, None, json).await?;
    // A button, not the autofill list: the browser asks at once.
    let mut options = serde_json::to_value(&rcr).map_err(|e| AppError::internal("passkey", e))?;
    if let Some(o) = options.as_object_mut() {
        o.remove("mediation");
    }
    Ok((token, options.to_string()))
}

/// The account a passkey sign-in is for, with what eligibility checks.
#[derive(sqlx::FromRow)]
struct MemberStanding {
    member_id: i64,
    status: String,
    lost_on: Option<String>,
}

/// Finishes a sign-in: the ceremony (from the cookie) is taken, the credential found by
/// its id among `kind`'s passkeys and its user handle checked, the assertion verified
/// (origin, RP id, challenge, signature, user verification), then the common end of every
/// sign-in. Returns the new session's token.
pub async fn finish_sign_in(
    state: &AppState,
    meta: &RequestMeta,
    kind: SessionKind,
    ceremony: Option<&str>,
    credential: &str,
    previous: Option<&SessionInfo>,
) -> Result<String, AppError> {
    let rp = state.feature::<RelyingParty>();
    let webauthn = rp.get()?;
    let failed = match kind {
        SessionKind::Member => Action::LoginFailed,
        SessionKind::Staff => Action::StaffLoginFailed,
    };
    // Until the account is known, the attempt is throttled like an unknown identifier: by
    // this credential and by the address.
    let unknown_key = format!("unknown-passkey:{}", sha256_hex(credential));
    throttle_gate(state, meta, &unknown_key, None).await?;
    let unknown = |reason: &'static str| {
        let key = unknown_key.clone();
        async move {
            refuse(state, meta, kind, None, reason).await;
            record_failure(state, meta, &key, None, failed).await?;
            Err::<String, AppError>(AppError::SignInFailed)
        }
    };
    let saved = match ceremony {
        Some(token) => take_ceremony(state, token, "sign_in", kind, None).await?,
        None => None,
    };
    let Some(saved) = saved else { return unknown("no_ceremony").await };
    let auth: DiscoverableAuthentication =
        serde_json::from_str(&saved).map_err(|e| AppError::internal("passkey", e))?;
    let Ok(cred) = serde_json::from_str::<PublicKeyCredential>(credential) else { return unknown("malformed").await };
    let Ok((user_handle, cred_id)) = webauthn.identify_discoverable_authentication(&cred) else {
        return unknown("no_user_handle").await;
    };
    let row: Option<PasskeyRow> = sqlx::query_as(
        "SELECT id, account_id, user_handle, passkey FROM passkeys WHERE credential_id = $1 AND account_kind = $2",
    )
    .bind(URL_SAFE_NO_PAD.encode(cred_id))
    .bind(kind_of(kind))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else { return unknown("unknown_credential").await };
    let (account_key, subject) = match kind {
        SessionKind::Member => (format!("member:{}", row.account_id), member_of_account(state, row.account_id).await?),
        SessionKind::Staff => (format!("staff:{}", row.account_id), None),
    };
    throttle_gate(state, meta, &account_key, subject).await?;
    if row.user_handle != user_handle.to_string() {
        refuse(state, meta, kind, subject, "passkey_of_another_account").await;
        record_failure(state, meta, &account_key, subject, failed).await?;
        return Err(AppError::SignInFailed);
    }
    let mut passkey: Passkey = serde_json::from_str(&row.passkey).map_err(|e| AppError::internal("passkey", e))?;
    let result = match webauthn.finish_discoverable_authentication(&cred, auth, &[DiscoverableKey::from(&passkey)]) {
        Ok(r) if r.user_verified() => r,
        Ok(_) => {
            refuse(state, meta, kind, subject, "no_user_verification").await;
            record_failure(state, meta, &account_key, subject, failed).await?;
            return Err(AppError::SignInFailed);
        }
        Err(e) => {
            refuse(state, meta, kind, subject, &format!("assertion: {e:?}")).await;
            record_failure(state, meta, &account_key, subject, failed).await?;
            return Err(AppError::SignInFailed);
        }
    };
    // The account as a password sign-in checks it: active, not closed or locked, a former
    // member within the period, staff with a role today.
    let success = match kind {
        SessionKind::Member => {
            let standing: Option<MemberStanding> = sqlx::query_as(
                "SELECT m.id AS member_id, a.status, m.lost_on FROM member_accounts a JOIN members m ON m.id = a.member_id \
                 WHERE a.id = $1",
            )
            .bind(row.account_id)
            .fetch_optional(&state.db.pool)
            .await?;
            let today = kit::time::tokyo_date(state.clock.now());
            standing
                .filter(|m| {
                    m.status == "active"
                        && lifecycle::may_sign_in(m.lost_on.as_deref(), today, &state.feature::<SessionPolicy>())
                })
                .map(|m| event(Caller::Member { member_id: m.member_id }, Action::LoginSucceeded, Outcome::Allowed, Some(m.member_id), serde_json::json!({})))
        }
        SessionKind::Staff => session::staff_caller(state, row.account_id)
            .await?
            .map(|caller| AuditEvent::by(caller, Action::StaffLoginSucceeded).data(DataCategory::Staff)),
    };
    let Some(success) = success else {
        refuse(state, meta, kind, subject, "account_not_active").await;
        record_failure(state, meta, &account_key, subject, failed).await?;
        return Err(AppError::SignInFailed);
    };
    passkey.update_credential(&result);
    let after = serde_json::to_string(&passkey).map_err(|e| AppError::internal("passkey", e))?;
    let factor = SecondFactor::Passkey { id: row.id, before: row.passkey, after };
    let attempt = SignInAttempt { kind, account_id: row.account_id, account_key: &account_key, previous };
    let Some(token) = complete_sign_in(state, meta, attempt, factor, success, false).await? else {
        refuse(state, meta, kind, subject, "used_meanwhile").await;
        record_failure(state, meta, &account_key, subject, failed).await?;
        return Err(AppError::SignInFailed);
    };
    Ok(token)
}

/// The passkeys of an account, oldest first.
pub async fn list(state: &AppState, kind: SessionKind, account_id: i64) -> Result<Vec<PasskeyLine>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Line {
        id: i64,
        created_at: String,
        last_used_at: Option<String>,
    }
    let rows: Vec<Line> = sqlx::query_as(
        "SELECT id, created_at, last_used_at FROM passkeys WHERE account_kind = $1 AND account_id = $2 ORDER BY id",
    )
    .bind(kind_of(kind))
    .bind(account_id)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| PasskeyLine { id: r.id, created_at: r.created_at, last_used_at: r.last_used_at }).collect())
}

/// Removes one of the account's own passkeys (never another's), recorded.
pub async fn remove(
    state: &AppState,
    meta: &RequestMeta,
    s: &SessionInfo,
    actor: Caller,
    id: i64,
) -> Result<(), AppError> {
    let subject = match s.kind {
        SessionKind::Member => member_of_account(state, s.account_id).await?,
        SessionKind::Staff => None,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let done = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND account_kind = $2 AND account_id = $3")
        .bind(id)
        .bind(kind_of(s.kind))
        .bind(s.account_id)
        .execute(&mut *tx)
        .await?;
    let mut e = event(actor, Action::PasskeyRemoved, Outcome::Allowed, subject, serde_json::json!({ "kind": s.kind.code(), "passkey": id }));
    if s.kind == SessionKind::Staff {
        e = e.data(DataCategory::Staff).record(format!("staff/{}", s.account_id));
    }
    if done.rows_affected() != 1 {
        drop(tx);
        record_standalone(state, meta, &e.refused()).await;
        return Err(AppError::NotFound);
    }
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes every passkey of an account (a lost second factor), on the caller's
/// transaction. Returns how many there were.
pub async fn remove_all(conn: &mut AnyConnection, kind: SessionKind, account_id: i64) -> Result<u64, AppError> {
    let done = sqlx::query("DELETE FROM passkeys WHERE account_kind = $1 AND account_id = $2")
        .bind(kind_of(kind))
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The ceremony id of the request's cookie, if any.
pub fn ceremony_cookie() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let header = parts.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok());
    session::cookie_value(header, CEREMONY_COOKIE).map(str::to_string)
}

/// The `Set-Cookie` value for a sign-in ceremony (empty token: clear it).
pub fn ceremony_cookie_value(token: &str) -> String {
    let age = if token.is_empty() { 0 } else { CEREMONY_MINUTES * 60 };
    format!("{CEREMONY_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={age}")
}

/// The session that may register a passkey: an enrolment session of `kind`, or else a
/// signed-in member who signed in recently (step-up) or a signed-in staff member.
pub async fn registering_session(kind: SessionKind) -> Result<(SessionInfo, Caller), AppError> {
    if let Ok(s) = crate::identity::store::enrolment_session(kind) {
        return Ok((s, Caller::Anonymous));
    }
    match kind {
        SessionKind::Member => {
            let (s, member_id) = crate::identity::store::member_session(kit::access::Access::Member(kit::access::MemberAction::ChangeCredentials)).await?;
            Ok((s, Caller::Member { member_id }))
        }
        SessionKind::Staff => staff_session().await,
    }
}

/// The signed-in staff member's session and caller.
pub async fn staff_session() -> Result<(SessionInfo, Caller), AppError> {
    let caller = crate::identity::store::guard(kit::access::Access::Staff(kit::access::ANY_ROLE)).await?;
    let s = session::current().filter(|s| s.kind == SessionKind::Staff && s.stage == Stage::Full).ok_or(AppError::Unauthorized)?;
    Ok((s, caller))
}
