//! Each staff member's saved queue filters and shortcut setting in the database.

use super::super::saved::{SAVED_MAX, SavedFilter};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::{FieldError, Problem};

#[derive(sqlx::FromRow)]
struct SavedRow {
    id: i64,
    name: String,
    query: String,
}

/// The caller's saved filters, by name.
pub async fn of(state: &AppState, staff_id: i64) -> Result<Vec<SavedFilter>, AppError> {
    let rows: Vec<SavedRow> = sqlx::query_as("SELECT id, name, query FROM saved_filters WHERE staff_id = $1 ORDER BY name, id")
        .bind(staff_id)
        .fetch_all(&state.db.reads)
        .await?;
    Ok(rows.into_iter().map(|r| SavedFilter { id: r.id, name: r.name, query: r.query }).collect())
}

/// Saves a checked filter; a name already used, or a full list, is refused next to the name.
pub async fn save(state: &AppState, staff_id: i64, name: &str, query: &str) -> Result<(), AppError> {
    let refuse = |p: Problem| AppError::Invalid(vec![FieldError::new("name", p)]);
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM saved_filters WHERE staff_id = $1").bind(staff_id).fetch_one(&mut *tx).await?;
    if kept >= SAVED_MAX {
        return Err(refuse(Problem::ListFull));
    }
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO saved_filters (staff_id, name, query, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (staff_id, name) DO NOTHING RETURNING id",
    )
    .bind(staff_id)
    .bind(name)
    .bind(query)
    .bind(instant_text(state.clock.now()))
    .fetch_optional(&mut *tx)
    .await?;
    if id.is_none() {
        return Err(refuse(Problem::Duplicate));
    }
    tx.commit().await?;
    Ok(())
}

/// Removes one of the caller's own filters; anyone else's is Not found.
pub async fn remove(state: &AppState, staff_id: i64, id: i64) -> Result<(), AppError> {
    let _turn = state.db.write_turn().await;
    let gone = sqlx::query("DELETE FROM saved_filters WHERE id = $1 AND staff_id = $2")
        .bind(id)
        .bind(staff_id)
        .execute(&state.db.pool)
        .await?
        .rows_affected();
    if gone == 0 { Err(AppError::NotFound) } else { Ok(()) }
}

/// Whether the caller's single-key shortcuts are on (they are until switched off).
pub async fn shortcuts_on(state: &AppState, staff_id: i64) -> Result<bool, AppError> {
    let off: Option<i64> = sqlx::query_scalar("SELECT shortcuts_off FROM staff WHERE id = $1").bind(staff_id).fetch_optional(&state.db.reads).await?;
    Ok(off.unwrap_or(0) == 0)
}

pub async fn set_shortcuts(state: &AppState, staff_id: i64, on: bool) -> Result<(), AppError> {
    let _turn = state.db.write_turn().await;
    sqlx::query("UPDATE staff SET shortcuts_off = $1 WHERE id = $2").bind(i64::from(!on)).bind(staff_id).execute(&state.db.pool).await?;
    Ok(())
}
