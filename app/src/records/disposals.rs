//! 廃棄記録, read back (`/staff/audit/disposals`): every disposal the portal made — the
//! retention job's batches and the erasures decided on requests (35条) — with what kind,
//! how many, why and when. The auditor reads them here; reading them is itself recorded.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::page::page_error;
use kit::page_data;

/// One 廃棄記録, as the auditor reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisposalLine {
    pub id: i64,
    /// Asia/Tokyo, to the minute.
    pub disposed_at: String,
    /// What was disposed of, in words.
    pub kind: String,
    pub count: i64,
    /// Why: the period that ended, or the decision.
    pub reason: String,
    /// The first and last item (ids, receipt numbers), where they say something.
    pub range: String,
}

#[server(prefix = "/api/staff", endpoint = "audit/disposals", input = GetUrl)]
pub async fn disposal_records() -> Result<Vec<DisposalLine>, AppError> {
    use crate::platform::audit::{Action, AuditEvent, DataCategory};
    let state = crate::platform::state::app_state()?;
    let meta = crate::platform::audit::store::request_meta();
    let caller = crate::identity::store::guard(kit::access::Access::Staff(super::auditor::AUDIT_ROLES)).await?;
    let event = AuditEvent::by(caller, Action::AuditSearch).data(DataCategory::Retention).record("disposal_records").purpose("disposal records");
    crate::platform::audit::store::audited_read(&state, &meta, event, || async { store::latest(&state).await }).await
}

#[cfg(feature = "ssr")]
mod store {
    use super::DisposalLine;
    use crate::platform::state::AppState;
    use crate::records::texts::RecordsText;
    use crate::retention::Kind;
    use kit::error::AppError;

    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        kind: String,
        older_than: String,
        count: i64,
        first_ref: Option<String>,
        last_ref: Option<String>,
        reason: Option<String>,
        disposed_at: String,
    }

    /// The latest 500 records, newest first.
    pub async fn latest(state: &AppState) -> Result<Vec<DisposalLine>, AppError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, kind, older_than, count, first_ref, last_ref, reason, disposed_at FROM disposal_records ORDER BY id DESC LIMIT 500",
        )
        .fetch_all(&state.db.pool)
        .await?;
        let t = RecordsText::of(kit::i18n::Lang::Ja);
        Ok(rows
            .into_iter()
            .map(|r| {
                let minute = |at: &str| kit::time::tokyo_time(at).get(..16).unwrap_or_default().to_string();
                let erasure = r.kind == crate::retention::erasure::ERASURE;
                DisposalLine {
                    id: r.id,
                    disposed_at: minute(&r.disposed_at),
                    kind: match Kind::from_code(&r.kind) {
                        Some(k) => k.words().to_string(),
                        None if erasure => t.disposal_erasure.to_string(),
                        None => r.kind.clone(),
                    },
                    count: r.count,
                    reason: match r.reason {
                        Some(reason) => reason,
                        None => t.disposal_period_ended(&minute(&r.older_than)),
                    },
                    range: match (r.first_ref, r.last_ref) {
                        // An erasure names its decision in the reason already.
                        _ if erasure => String::new(),
                        (Some(a), Some(b)) if a == b => a,
                        (Some(a), Some(b)) => format!("{a} 〜 {b}"),
                        _ => String::new(),
                    },
                }
            })
            .collect())
    }
}

#[component]
pub fn DisposalsPage() -> impl IntoView {
    let t = super::texts::records_text();
    let data = page_data::load(|| (), |()| disposal_records());
    view! {
        <Title text=t.disposals_title/>
        <h1>{t.disposals_title}</h1>
        <p>{t.disposals_lead}</p>
        <p><a href="/staff/audit">{t.back_to_audit}</a></p>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/audit/disposals"),
                Ok(lines) if lines.is_empty() => view! { <p role="status">{t.disposals_none}</p> }.into_any(),
                Ok(lines) => view! {
                    <div class="table-wrap"><table class="table table--stack disposals">
                        <caption class="visually-hidden">{t.disposals_title}</caption>
                        <thead><tr>
                            <th scope="col">{t.col_disposed_at}</th>
                            <th scope="col">{t.col_disposal_kind}</th>
                            <th scope="col">{t.col_disposal_count}</th>
                            <th scope="col">{t.col_disposal_reason}</th>
                            <th scope="col">{t.col_disposal_range}</th>
                        </tr></thead>
                        <tbody>{lines.into_iter().map(|l| view! {
                            <tr data-disposal=l.id>
                                <td data-label=t.col_disposed_at>{l.disposed_at}</td>
                                <td data-label=t.col_disposal_kind>{l.kind}</td>
                                <td data-label=t.col_disposal_count>{l.count}</td>
                                <td data-label=t.col_disposal_reason>{l.reason}</td>
                                <td data-label=t.col_disposal_range>{l.range}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any(),
            }
        })}
    }
}
