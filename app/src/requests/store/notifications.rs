//! What tells the member a request moved: the in-portal notification and, to a verified
//! address, an email without personal data.

use sqlx::AnyConnection;

use crate::platform::db::instant_text;
use kit::error::AppError;

/// The in-portal notification, and an email (without personal data) to a verified
/// address through the outbox.
pub(crate) async fn notify(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    request_id: i64,
    member_id: i64,
    receipt: &str,
    kind: &str,
) -> Result<(), AppError> {
    let to = verified_email(&mut *conn, member_id).await?;
    notify_to(conn, now, (request_id, member_id), to.as_deref(), receipt, kind).await
}

/// The member's verified email address, if they gave one.
pub(super) async fn verified_email<'c>(conn: impl sqlx::Executor<'c, Database = sqlx::Any>, member_id: i64) -> Result<Option<String>, AppError> {
    let email: Option<String> = sqlx::query_scalar(
        "SELECT email FROM member_accounts WHERE member_id = $1 AND status = 'active' \
         AND email IS NOT NULL AND email_verified_at IS NOT NULL",
    )
    .bind(member_id)
    .fetch_optional(conn)
    .await?;
    Ok(email)
}

/// Queues an email (subject, body) in the outbox, in the caller's transaction: it leaves
/// only if what it tells of is committed.
pub(super) async fn queue_mail(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    to: &str,
    (subject, body): (String, String),
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO mail_outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(to)
        .bind(subject)
        .bind(body)
        .bind(instant_text(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// [`notify`] with the address already looked up (outside the write, where it can be).
pub(super) async fn notify_to(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    (request_id, member_id): (i64, i64),
    to: Option<&str>,
    receipt: &str,
    kind: &str,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO member_notifications (member_id, request_id, kind, created_at) VALUES ($1, $2, $3, $4)")
        .bind(member_id)
        .bind(request_id)
        .bind(kind)
        .bind(instant_text(now))
        .execute(&mut *conn)
        .await?;
    if let Some(to) = to {
        queue_mail(conn, now, to, crate::platform::mail::request_update(receipt, kind == "submitted")).await?;
    }
    Ok(())
}

/// 再交付: the in-portal notification, and an email (the receipt and the new download
/// period, no personal data) to a verified address.
pub(crate) async fn notify_reissued(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    (request_id, member_id): (i64, i64),
    receipt: &str,
    until: &str,
) -> Result<(), AppError> {
    let to = verified_email(&mut *conn, member_id).await?;
    sqlx::query("INSERT INTO member_notifications (member_id, request_id, kind, created_at) VALUES ($1, $2, 'reissue', $3)")
        .bind(member_id)
        .bind(request_id)
        .bind(instant_text(now))
        .execute(&mut *conn)
        .await?;
    if let Some(to) = to {
        queue_mail(conn, now, &to, crate::platform::mail::package_reissued(receipt, until)).await?;
    }
    Ok(())
}
