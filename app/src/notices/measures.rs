//! 35条 measures on notice lines (server only): a decided 消去 erases a member's lines
//! (and an import does not bring them back), a decided 利用停止 stops showing them as
//! 医療費のお知らせ. The lines stay disclosable while only their use is stopped: a 開示 is
//! the person's right, not a use for the notices' purpose.

use std::collections::HashMap;

use kit::error::AppError;
use kit::time::Month;

use crate::platform::db::{Bind, bind_all, param};

/// Erases every notice line of `member` the portal holds, in the caller's transaction:
/// (how many lines, the months they concerned).
pub async fn erase_member_lines(tx: &mut sqlx::AnyConnection, member: i64) -> Result<(i64, Vec<String>), AppError> {
    let span: (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT (SELECT month FROM notice_lines ORDER BY month LIMIT 1), (SELECT month FROM notice_latest WHERE member_id = $1)",
    )
    .bind(member)
    .fetch_one(&mut *tx)
    .await?;
    let (Some(oldest), Some(newest)) = (span.0.as_deref().and_then(Month::parse), span.1.as_deref().and_then(Month::parse)) else {
        return Ok((0, Vec::new()));
    };
    // The table is keyed month first: each month named is a short look-up.
    let months: Vec<String> = super::model::months_between(oldest, newest).into_iter().map(|m| m.to_string()).collect();
    let marks = (2..months.len() + 2).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    let which = format!("FROM notice_lines WHERE member_id = $1 AND month IN ({marks})");
    let select = format!("SELECT DISTINCT month {which} ORDER BY month");
    let mut q = sqlx::query_scalar(&select).bind(member);
    for m in &months {
        q = q.bind(m);
    }
    let held: Vec<String> = q.fetch_all(&mut *tx).await?;
    let delete = format!("DELETE {which}");
    let mut q = sqlx::query(&delete).bind(member);
    for m in &months {
        q = q.bind(m);
    }
    let erased = q.execute(&mut *tx).await?.rows_affected();
    sqlx::query("DELETE FROM notice_latest WHERE member_id = $1").bind(member).execute(&mut *tx).await?;
    Ok((erased as i64, held))
}

/// Members whose notice lines were erased by a decision, with the newest month erased:
/// an import skips their lines up to that month (the core system may still send them
/// until it has carried out its instruction).
pub async fn erased_through(db: &sqlx::AnyPool) -> Result<HashMap<i64, String>, AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT member_id, MAX(created_at) FROM data_restrictions WHERE marking = 'erased' AND scope = 'notice_lines' GROUP BY member_id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(member, at)| {
            let day = kit::time::tokyo_date(chrono::DateTime::parse_from_rfc3339(&at).ok()?.with_timezone(&chrono::Utc));
            Some((member, format!("{}", Month::of(day))))
        })
        .collect())
}

/// The members among `members` whose notice lines' use is stopped, with the receipt
/// number of the decision.
pub async fn use_stopped(db: &sqlx::AnyPool, members: &[i64]) -> Result<Vec<(i64, String)>, AppError> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let mut binds = Vec::new();
    let list = members.iter().map(|m| param(Bind::Int(*m), &mut binds)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT member_id, MIN(receipt_number) FROM data_restrictions WHERE marking = 'use_stopped' AND scope = 'notice_lines' \
         AND member_id IN ({list}) GROUP BY member_id ORDER BY member_id"
    );
    Ok(bind_all(sqlx::query_as(&sql), &binds).fetch_all(db).await?)
}
