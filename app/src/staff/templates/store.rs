//! The 文例 in the database, and a request's values for filling one (server only).

use super::{CaseTemplates, FillValues, Template, TemplateKind};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::{FieldError, Problem};
use kit::i18n::Lang;

/// A 文例 as stored, with the name of who last changed it.
#[derive(sqlx::FromRow)]
struct TemplateRow {
    id: i64,
    title: String,
    kind: String,
    body: String,
    updated_at: String,
    updated_by: String,
}

impl TemplateRow {
    fn template(self) -> Option<Template> {
        Some(Template {
            id: self.id,
            title: self.title,
            kind: TemplateKind::from_code(&self.kind)?,
            body: self.body,
            updated_at: kit::time::tokyo_time(&self.updated_at).chars().take(16).collect(),
            updated_by: self.updated_by,
        })
    }
}

/// Every 文例, 補正依頼 first, then by title.
pub async fn all(state: &AppState) -> Result<Vec<Template>, AppError> {
    let rows: Vec<TemplateRow> = sqlx::query_as(
        "SELECT t.id, t.title, t.kind, t.body, t.updated_at, s.name AS updated_by FROM reply_templates t \
         JOIN staff s ON s.id = t.updated_by ORDER BY CASE t.kind WHEN 'ask_member' THEN 0 ELSE 1 END, t.title, t.id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows.into_iter().filter_map(TemplateRow::template).collect())
}

/// Adds (`id` none) or changes a checked 文例. A title another 文例 has is refused next to
/// the title; an id that does not exist (removed meanwhile) is Not found.
pub async fn save(state: &AppState, staff_id: i64, id: Option<i64>, title: &str, kind: TemplateKind, body: &str) -> Result<i64, AppError> {
    let now = instant_text(state.clock.now());
    let duplicate = || AppError::Invalid(vec![FieldError::new("title", Problem::Duplicate)]);
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM reply_templates WHERE title = $1")
        .bind(title)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some_and(|t| Some(t) != id) {
        return Err(duplicate());
    }
    let saved = match id {
        None => sqlx::query_scalar(
            "INSERT INTO reply_templates (title, kind, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (title) DO NOTHING RETURNING id",
        )
        .bind(title)
        .bind(kind.code())
        .bind(body)
        .bind(staff_id)
        .bind(&now)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(duplicate)?,
        Some(id) => {
            let changed = sqlx::query("UPDATE reply_templates SET title = $1, kind = $2, body = $3, updated_by = $4, updated_at = $5 WHERE id = $6")
                .bind(title)
                .bind(kind.code())
                .bind(body)
                .bind(staff_id)
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(AppError::NotFound);
            }
            id
        }
    };
    tx.commit().await?;
    Ok(saved)
}

pub async fn remove(state: &AppState, id: i64) -> Result<(), AppError> {
    let _turn = state.db.write_turn().await;
    let gone = sqlx::query("DELETE FROM reply_templates WHERE id = $1").bind(id).execute(&state.db.pool).await?.rows_affected();
    if gone == 0 { Err(AppError::NotFound) } else { Ok(()) }
}

/// The request's facts a 文例 can take.
#[derive(sqlx::FromRow)]
struct CaseFacts {
    received_at: String,
    due_on: Option<String>,
    /// The member who asked, or, on paper or at the counter, the name the intake recorded.
    requester: Option<String>,
    staff: Option<String>,
}

/// The 文例 and the values of this request, as `staff_id` would insert them. Read only for
/// a request the caller has already been shown (the case page's own check and record).
pub async fn for_case(state: &AppState, receipt: &str, request_type: &str, staff_id: i64, lang: Lang) -> Result<CaseTemplates, AppError> {
    let choices = all(state).await?;
    if choices.is_empty() {
        return Ok(CaseTemplates::default());
    }
    let facts: Option<CaseFacts> = sqlx::query_as(
        "SELECT r.received_at, r.due_on, COALESCE(m.name, i.requester_name) AS requester, \
         (SELECT name FROM staff WHERE id = $2) AS staff FROM requests r \
         LEFT JOIN members m ON m.id = r.requester_member_id LEFT JOIN request_intakes i ON i.request_id = r.id \
         WHERE r.receipt_number = $1",
    )
    .bind(receipt)
    .bind(staff_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(facts) = facts else { return Err(AppError::NotFound) };
    let society = crate::publication::store::current_shared(state).await?.map(|(_, p)| p.society.name.clone()).unwrap_or_default();
    let date = |d: chrono::NaiveDate| kit::time::format_date(d, lang);
    let received_on = chrono::DateTime::parse_from_rfc3339(&facts.received_at)
        .map(|r| date(kit::time::tokyo_date(r.with_timezone(&chrono::Utc))))
        .unwrap_or_default();
    let due_on = facts.due_on.as_deref().and_then(|d| d.parse::<chrono::NaiveDate>().ok()).map(date).unwrap_or_default();
    Ok(CaseTemplates {
        choices,
        values: FillValues {
            requester: facts.requester.unwrap_or_default(),
            receipt: receipt.to_string(),
            request_type: request_type.to_string(),
            received_on,
            due_on,
            society,
            staff: facts.staff.unwrap_or_default(),
        },
    })
}
