//! Importing a ledger CSV (see the README): each line checked by the same rules as the
//! form, and the whole file stored in one transaction or not at all.

use super::{insert_entry, member_by_key, published_uses, stop_for};
use crate::ledger::{Draft, EntryForm, IMPORT_COLUMNS};
use crate::platform::audit::RequestMeta;
use crate::platform::state::AppState;
use kit::access::Caller;
use kit::error::AppError;

/// The form field each column fills, for naming a column in a rejected line's reasons.
const FIELDS: [&str; 10] =
    ["direction", "occurred_on", "counterparty", "counterparty_address", "counterparty_representative", "subject_key", "items", "basis", "basis_detail", "acquisition"];

/// Every line of a ledger CSV, checked by the same rules as the form.
pub fn parse_import(
    text: &str,
    today: chrono::NaiveDate,
    uses: &crate::ledger::PublishedUses,
) -> (Vec<(usize, Draft)>, Vec<crate::csv_import::RejectedLine>) {
    use crate::csv_import::LineProblem;
    crate::csv_import::store::read_lines(text, &IMPORT_COLUMNS, |field| {
        let direction = match kit::input::normalize(field(0)).as_str() {
            "提供" | "第三者提供" | "provided" => "provided".to_string(),
            "受領" | "第三者からの受領" | "received" => "received".to_string(),
            other => other.to_string(),
        };
        let basis = match kit::input::normalize(field(7)).as_str() {
            "同意" | "本人の同意" | "consent" => "consent".to_string(),
            "法令" | "法令に基づく" | "law" => "law".to_string(),
            other => other.to_string(),
        };
        let form = EntryForm {
            direction,
            occurred_on: field(1).to_string(),
            counterparty: field(2).to_string(),
            counterparty_address: field(3).to_string(),
            counterparty_representative: field(4).to_string(),
            subject_key: field(5).to_string(),
            items: field(6).to_string(),
            basis,
            basis_detail: field(8).to_string(),
            acquisition: field(9).to_string(),
        };
        form.check(today, uses).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    let column = FIELDS.iter().position(|f| *f == e.field).map_or("", |i| IMPORT_COLUMNS[i]);
                    LineProblem::Rule { column, problem: e.problem }
                })
                .collect()
        })
    })
}

/// Imports a ledger CSV (UTF-8 or Shift_JIS): every line checked by the form's rules and
/// its subject looked up; one bad line imports nothing. Otherwise every entry, each with
/// its audit event, in one transaction. Returns whether the file was CP932 and how the
/// import ended.
pub async fn import(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    bytes: &[u8],
) -> Result<(bool, crate::csv_import::JobStatus), AppError> {
    use crate::csv_import::{JobStatus, LineProblem, RejectedLine, describe};
    let Caller::Staff { staff_id, .. } = *caller else { return Err(AppError::Forbidden) };
    let (text, cp932) = crate::csv_import::store::decode(bytes);
    let now = state.clock.now();
    let uses = published_uses(state).await?;
    let (drafts, mut rejected) = parse_import(&text, kit::time::tokyo_date(now), &uses);
    let mut found = Vec::with_capacity(drafts.len());
    for (line, draft) in drafts {
        match member_by_key(state, &draft.subject_key).await? {
            // A decided 第三者提供の停止 refuses the line as it refuses the form (35条3項).
            Some(subject) if draft.direction == "provided" && draft.basis != "law" && stop_for(state, subject, &draft.counterparty).await?.is_some() => {
                rejected.push(RejectedLine {
                    line,
                    problems: vec![LineProblem::Rule { column: IMPORT_COLUMNS[2], problem: kit::form::Problem::ProvisionStopped }],
                })
            }
            Some(subject) => found.push((subject, draft)),
            None => rejected.push(RejectedLine { line, problems: vec![LineProblem::UnknownMember] }),
        }
    }
    rejected.sort_by_key(|r| r.line);
    if !rejected.is_empty() {
        return Ok((cp932, JobStatus::Rejected { lines: describe(&rejected) }));
    }
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    for (subject, draft) in &found {
        insert_entry(&mut tx, meta, caller, staff_id, *subject, draft, now).await?;
    }
    tx.commit().await?;
    let n = found.len();
    Ok((cp932, JobStatus::Imported { lines: n, inserted: n as u64, updated: 0, unchanged: 0 }))
}
