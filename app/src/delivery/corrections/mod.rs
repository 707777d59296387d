//! 訂正等 carried out (34条). The portal's registry is a copy of the core system, so an
//! approved 訂正 is not written into it: it becomes an instruction staff export for the
//! core system. The item shows 「訂正手続中」 until a registry import carries the new
//! value; the instruction is then done and the member gets the 34条3項 notice of what
//! changed. An import that would bring the old value back is flagged for staff and the
//! corrected value kept.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::access::StaffRole;
use crate::requests::draft::HeldItem;

/// Who sees and exports instructions and settles conflicts.
pub const CORRECTION_ROLES: &[StaffRole] = &[StaffRole::Reviewer, StaffRole::Approver];

/// An approved correction as the member's request page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionStatus {
    pub item_label: String,
    pub new_value: String,
    pub done: bool,
    /// Asia/Tokyo date it was carried into the registry.
    pub done_on: Option<String>,
}

/// The registry column an item corrects; `Other` items are described in words only.
pub fn field(item: HeldItem) -> Option<&'static str> {
    match item {
        HeldItem::Name => Some("name"),
        HeldItem::NameKana => Some("name_kana"),
        HeldItem::BirthDate => Some("birth_date"),
        HeldItem::Sex => Some("sex"),
        HeldItem::Relationship => Some("relationship"),
        HeldItem::PostalCode => Some("postal_code"),
        HeldItem::Address => Some("address"),
        HeldItem::Other => None,
    }
}

/// The corrected value as the registry stores it (the form the import compares), or None
/// when it is not a valid value of the item.
pub fn stored_value(item: HeldItem, raw: &str) -> Option<String> {
    use kit::input::normalize;
    use crate::registry::{Relationship, Sex};
    let v = normalize(raw).trim().to_string();
    match item {
        _ if v.is_empty() => None,
        HeldItem::Name | HeldItem::NameKana | HeldItem::Address | HeldItem::Other => Some(v),
        HeldItem::BirthDate => kit::input::parse_date(&v).ok().map(|d| d.to_string()),
        HeldItem::Sex => Sex::parse(&v).map(|s| s.code().to_string()),
        HeldItem::Relationship => Relationship::parse(&v).map(|r| r.code().to_string()),
        HeldItem::PostalCode => {
            let digits: String = v.chars().filter(|c| *c != '-').collect();
            (digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{}-{}", &digits[..3], &digits[3..]))
        }
    }
}

/// The state of an instruction, as an import meets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Pending,
    Done,
}

/// What an import's change to one field does to an instruction on that field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settle {
    /// The import carries the corrected value: the instruction is done.
    Done,
    /// The import would put back the value the correction replaced: keep, flag for staff.
    Conflict,
    /// Nothing to do with this instruction.
    Unrelated,
}

/// `stored` → `imported` is the import's change; `old` → `new` the instruction's.
pub fn settle(standing: Standing, (old, new): (&str, &str), (stored, imported): (&str, &str)) -> Settle {
    match standing {
        Standing::Pending if imported == new => Settle::Done,
        Standing::Done if stored == new && imported == old && old != new => Settle::Conflict,
        _ => Settle::Unrelated,
    }
}

/// The label of a registry column, for letters and staff pages (in Japanese, as the
/// core system names it): the corrected item's label.
pub fn field_label(field: &str) -> &'static str {
    HeldItem::from_code(field).unwrap_or(HeldItem::Other).label(kit::i18n::Lang::Ja)
}

/// One line of the staff corrections page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructionLine {
    pub id: i64,
    pub receipt: String,
    pub member_key: String,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub created_on: String,
    pub exported: bool,
    pub done_on: Option<String>,
}

/// A flagged import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictLine {
    pub id: i64,
    pub receipt: String,
    pub member_key: String,
    pub field: String,
    pub imported_value: String,
    pub kept_value: String,
    pub created_on: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionsPage {
    pub pending: Vec<InstructionLine>,
    pub done: Vec<InstructionLine>,
    pub conflicts: Vec<ConflictLine>,
}

#[server(prefix = "/api/staff", endpoint = "corrections", input = GetUrl)]
pub async fn staff_corrections() -> Result<CorrectionsPage, AppError> {
    use crate::identity::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(CORRECTION_ROLES)).await?;
    store::overview(&crate::platform::state::app_state()?, &crate::platform::audit::request_meta(), &caller).await
}

/// Settles a flagged import: `keep` the corrected value, or `accept` the imported one.
#[server(prefix = "/api/staff", endpoint = "corrections/conflict")]
pub async fn settle_conflict(id: String, choice: String) -> Result<(), AppError> {
    use crate::identity::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(CORRECTION_ROLES)).await?;
    let result = async {
        let id = id.parse().map_err(|_| AppError::BadRequest)?;
        let accept = match choice.as_str() {
            "accept" => true,
            "keep" => false,
            _ => return Err(AppError::BadRequest),
        };
        store::resolve(&crate::platform::state::app_state()?, &crate::platform::audit::request_meta(), &caller, id, accept).await?;
        Ok("/staff/corrections#conflicts".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/corrections")
}

#[component]
pub fn StaffCorrectionsPage() -> impl IntoView {
    let t = super::texts::delivery_text();
    let data = kit::page_data::load(|| (), |()| staff_corrections());
    let feedback = kit::form::use_feedback();
    let title = t.corrections_title;
    let table = move |lines: Vec<InstructionLine>, done: bool| {
        view! {
            <div class="table-wrap"><table class="table">
                <thead><tr>
                    <th scope="col">{t.col_receipt}</th>
                    <th scope="col">{t.col_card}</th>
                    <th scope="col">{t.col_item}</th>
                    <th scope="col">{t.col_before}</th>
                    <th scope="col">{t.col_after}</th>
                    <th scope="col">{if done { t.col_done } else { t.col_exported }}</th>
                </tr></thead>
                <tbody>{lines.into_iter().map(|l| view! {
                    <tr data-instruction=l.id>
                        <td><a href=format!("/staff/requests/{}", l.receipt)>{l.receipt.clone()}</a></td>
                        <td>{l.member_key.clone()}</td>
                        <td>{field_label(&l.field)}</td>
                        <td>{l.old_value.clone()}</td>
                        <td>{l.new_value.clone()}</td>
                        <td>{if done { l.done_on.clone().unwrap_or_default() } else if l.exported { t.exported_yes.into() } else { t.exported_no.into() }}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
        }
    };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <kit::form::FormError feedback/>
        <p>{t.corrections_lead}</p>
        {Suspend::new(async move {
            match data.await {
                Err(e) => kit::page::page_error(e, "/staff/corrections"),
                Ok(p) => view! {
                    <section class="card" aria-labelledby="pending">
                        <h2 id="pending">{t.pending_heading(p.pending.len())}</h2>
                        <p><a class="button" href="/staff/corrections.csv">{t.export_csv}</a></p>
                        {table(p.pending, false)}
                    </section>
                    <section class="card" id="conflicts" aria-labelledby="conflicts-h">
                        <h2 id="conflicts-h">{t.conflicts_heading(p.conflicts.len())}</h2>
                        <p>{t.conflicts_lead}</p>
                        <ul class="list">{p.conflicts.into_iter().map(|c| view! {
                            <li data-conflict=c.id>
                                <p>{t.conflict_line(&c.receipt, &c.member_key, field_label(&c.field), &c.imported_value, &c.kept_value, &c.created_on)}</p>
                                <form method="post" action=SettleConflict::url() class="form form--inline">
                                    <input type="hidden" name="id" value=c.id/>
                                    <button type="submit" name="choice" value="keep" class="button button--secondary">{t.keep_corrected}</button>
                                    <button type="submit" name="choice" value="accept" class="button button--secondary">{t.take_imported}</button>
                                </form>
                            </li>
                        }).collect_view()}</ul>
                    </section>
                    <section class="card" aria-labelledby="done">
                        <h2 id="done">{t.done_heading}</h2>
                        {table(p.done, true)}
                    </section>
                }.into_any(),
            }
        })}
    }
}

#[cfg(feature = "ssr")]
pub mod store {
    //! Instructions and their settling in the database (server only).

    use chrono::{DateTime, Utc};
    use sqlx::AnyConnection;

    use super::*;
    use crate::platform::db::instant_text;
    use kit::access::Caller;
    use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta, append, audited_read};
    use crate::requests::lifecycle::{Action, Status};
    use crate::platform::state::AppState;

    /// Inside the approval: the instruction for the core system.
    #[allow(clippy::too_many_arguments)]
    pub async fn instruct(
        tx: &mut AnyConnection,
        now: DateTime<Utc>,
        request_id: i64,
        member_id: i64,
        item: HeldItem,
        old: &str,
        new: &str,
        approved_by: i64,
    ) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO correction_instructions (request_id, member_id, field, old_value, new_value, approved_by, created_at, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending')",
        )
        .bind(request_id)
        .bind(member_id)
        .bind(field(item).unwrap_or("other"))
        .bind(old)
        .bind(new)
        .bind(approved_by)
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
        Ok(())
    }

    fn day(text: &str) -> String {
        kit::time::tokyo_time(text).get(..10).unwrap_or_default().to_string()
    }

    /// The instructions of one request, for its page.
    pub async fn for_request(state: &AppState, request_id: i64) -> Result<Vec<CorrectionStatus>, AppError> {
        let rows: Vec<StatusRow> = sqlx::query_as(
            "SELECT field, new_value, status, done_at FROM correction_instructions WHERE request_id = $1 ORDER BY id",
        )
        .bind(request_id)
        .fetch_all(&state.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| CorrectionStatus {
                item_label: field_label(&r.field).into(),
                new_value: r.new_value,
                done: r.status == "done",
                done_on: r.done_at.as_deref().map(day),
            })
            .collect())
    }

    /// Where one instruction of a request stands.
    #[derive(sqlx::FromRow)]
    struct StatusRow {
        field: String,
        new_value: String,
        status: String,
        done_at: Option<String>,
    }

    /// An instruction as the import compares it with what it brings.
    #[derive(sqlx::FromRow)]
    struct Instruction {
        id: i64,
        request_id: i64,
        field: String,
        old_value: String,
        new_value: String,
        status: String,
    }

    pub use crate::registry::store::Reconciled;

    /// The 訂正 instructions, as the registry import's [`crate::registry::store::Reconcile`]
    /// seam: an import that carries a correction settles it.
    pub struct Instructions;

    impl crate::registry::store::Reconcile for Instructions {
        /// Inside a registry import, for one member whose fields change (`field`, stored,
        /// imported): settles the instructions on those fields.
        async fn reconcile(
            &self,
            tx: &mut AnyConnection,
            now: DateTime<Utc>,
            meta: &RequestMeta,
            member_id: i64,
            changed: &[(&str, &String, &String)],
            source: &str,
        ) -> Result<Reconciled, AppError> {
            let open: Vec<Instruction> = sqlx::query_as(
                "SELECT id, request_id, field, old_value, new_value, status FROM correction_instructions \
                 WHERE member_id = $1 AND field <> 'other' ORDER BY id DESC",
            )
            .bind(member_id)
            .fetch_all(&mut *tx)
            .await?;
            let mut out = Reconciled::default();
            for (f, stored, imported) in changed {
                // The latest instruction on the field decides.
                let Some(instruction) = open.iter().find(|i| i.field == *f) else { continue };
                let Instruction { id, request_id, old_value: old, new_value: new, .. } = instruction;
                let standing = if instruction.status == "done" { Standing::Done } else { Standing::Pending };
                match settle(standing, (old, new), (stored, imported)) {
                    Settle::Unrelated => {}
                    Settle::Done => {
                        sqlx::query("UPDATE correction_instructions SET status = 'done', done_at = $1, done_source = $2 WHERE id = $3")
                            .bind(instant_text(now))
                            .bind(source)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        let receipt = tell_member(tx, now, meta, *request_id, member_id, f, old, new).await?;
                        out.settled.push((f.to_string(), receipt));
                    }
                    Settle::Conflict => {
                        sqlx::query(
                            "INSERT INTO registry_conflicts (instruction_id, member_id, field, imported_value, kept_value, source, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(id)
                        .bind(member_id)
                        .bind(*f)
                        .bind(imported.as_str())
                        .bind(stored.as_str())
                        .bind(source)
                        .bind(instant_text(now))
                        .execute(&mut *tx)
                        .await?;
                        let a = AuditEvent::system("registry-import", AuditAction::CorrectionConflict)
                            .about(member_id)
                            .data(DataCategory::Registry)
                            .record(format!("correction_instructions/{id}"));
                        append(tx, now, meta, &a).await?;
                        if let Some(col) = field_static(f) {
                            out.kept.push(col);
                        }
                    }
                }
            }
            Ok(out)
        }
    }

    fn field_static(f: &str) -> Option<&'static str> {
        HeldItem::ALL.into_iter().filter_map(field).find(|c| *c == f)
    }

    /// 34条3項: the member is told the correction was made, and what changed.
    #[allow(clippy::too_many_arguments)]
    async fn tell_member(
        tx: &mut AnyConnection,
        now: DateTime<Utc>,
        meta: &RequestMeta,
        request_id: i64,
        member_id: i64,
        f: &str,
        old: &str,
        new: &str,
    ) -> Result<String, AppError> {
        let request: Addressing = sqlx::query_as(
            "SELECT receipt_number, status, requester_member_id, subject_member_id, deliver_to_subject FROM requests WHERE id = $1",
        )
        .bind(request_id)
        .fetch_one(&mut *tx)
        .await?;
        let receipt = request.receipt_number;
        let status = Status::from_code(&request.status).ok_or_else(|| AppError::internal("requests.status", &request.status))?;
        let message = crate::delivery::texts::DeliveryFileText::of(kit::i18n::Lang::Ja).correction_done_message(field_label(f), old, new);
        crate::requests::store::insert_event(tx, now, request_id, ("system", None), (Action::Message.code(), true), Some(status), status, Some(&message))
            .await?;
        if let Some(to) = if request.deliver_to_subject == 1 { request.subject_member_id } else { request.requester_member_id } {
            crate::requests::store::notify(tx, now, request_id, to, &receipt, "correction_done").await?;
        }
        let a = AuditEvent::system("registry-import", AuditAction::CorrectionDone)
            .about(member_id)
            .data(DataCategory::Registry)
            .record(format!("requests/{request_id}"))
            .purpose(receipt.clone());
        append(tx, now, meta, &a).await?;
        Ok(receipt)
    }

    /// A request's number, status and whom its news goes to.
    #[derive(sqlx::FromRow)]
    struct Addressing {
        receipt_number: String,
        status: String,
        requester_member_id: Option<i64>,
        subject_member_id: Option<i64>,
        deliver_to_subject: i64,
    }

    /// An instruction with its request and member, read as [`LINE_SQL`].
    #[derive(sqlx::FromRow)]
    struct LineRow {
        id: i64,
        receipt_number: String,
        /// 記号・番号・枝番
        member_key: String,
        field: String,
        old_value: String,
        new_value: String,
        created_at: String,
        insurer_number: String,
        exported_at: Option<String>,
        done_at: Option<String>,
    }
    const LINE_SQL: &str = "SELECT c.id, r.receipt_number, m.symbol || '・' || m.number || '・' || m.branch AS member_key, c.field, \
        c.old_value, c.new_value, c.created_at, m.insurer_number, c.exported_at, c.done_at FROM correction_instructions c \
        JOIN requests r ON r.id = c.request_id JOIN members m ON m.id = c.member_id";

    fn line(r: LineRow) -> InstructionLine {
        InstructionLine {
            id: r.id,
            receipt: r.receipt_number,
            member_key: r.member_key,
            field: r.field,
            old_value: r.old_value,
            new_value: r.new_value,
            created_on: day(&r.created_at),
            exported: r.exported_at.is_some(),
            done_on: r.done_at.as_deref().map(day),
        }
    }

    /// An import flagged for going back on a done instruction, not yet settled.
    #[derive(sqlx::FromRow)]
    struct ConflictRow {
        id: i64,
        receipt_number: String,
        /// 記号・番号・枝番
        member_key: String,
        field: String,
        imported_value: String,
        kept_value: String,
        created_at: String,
    }

    /// A flagged import, as its settlement needs it.
    #[derive(sqlx::FromRow)]
    struct OpenConflict {
        member_id: i64,
        field: String,
        imported_value: String,
        kept_value: String,
    }

    fn audit(caller: &Caller, action: AuditAction) -> AuditEvent {
        AuditEvent::by(caller.clone(), action)
            .data(DataCategory::Registry)
            .record("correction_instructions")
    }

    pub async fn overview(state: &AppState, meta: &RequestMeta, caller: &Caller) -> Result<CorrectionsPage, AppError> {
        audited_read(state, meta, audit(caller, AuditAction::CorrectionList), || async {
            let db = &state.db.pool;
            let pending: Vec<LineRow> = sqlx::query_as(&format!("{LINE_SQL} WHERE c.status = 'pending' ORDER BY c.id")).fetch_all(db).await?;
            let done: Vec<LineRow> = sqlx::query_as(&format!("{LINE_SQL} WHERE c.status = 'done' ORDER BY c.done_at DESC, c.id DESC LIMIT 50")).fetch_all(db).await?;
            let conflicts: Vec<ConflictRow> = sqlx::query_as(
                "SELECT k.id, r.receipt_number, m.symbol || '・' || m.number || '・' || m.branch AS member_key, k.field, \
                 k.imported_value, k.kept_value, k.created_at \
                 FROM registry_conflicts k JOIN correction_instructions c ON c.id = k.instruction_id JOIN requests r ON r.id = c.request_id \
                 JOIN members m ON m.id = k.member_id WHERE k.resolved_at IS NULL ORDER BY k.id",
            )
            .fetch_all(db)
            .await?;
            Ok(CorrectionsPage {
                pending: pending.into_iter().map(line).collect(),
                done: done.into_iter().map(line).collect(),
                conflicts: conflicts
                    .into_iter()
                    .map(|c| ConflictLine {
                        id: c.id,
                        receipt: c.receipt_number,
                        member_key: c.member_key,
                        field: c.field,
                        imported_value: c.imported_value,
                        kept_value: c.kept_value,
                        created_on: day(&c.created_at),
                    })
                    .collect(),
            })
        })
        .await
    }

    /// The CSV for the core system: every pending instruction (marked exported).
    pub async fn export(state: &AppState, meta: &RequestMeta, caller: &Caller) -> Result<String, AppError> {
        let now = state.clock.now();
        let _turn = state.db.write_turn().await;
        let mut tx = state.db.begin().await?;
        let rows: Vec<LineRow> = sqlx::query_as(&format!("{LINE_SQL} WHERE c.status = 'pending' ORDER BY c.id")).fetch_all(&mut *tx).await?;
        sqlx::query("UPDATE correction_instructions SET exported_at = $1 WHERE status = 'pending' AND exported_at IS NULL")
            .bind(instant_text(now))
            .execute(&mut *tx)
            .await?;
        let a = audit(caller, AuditAction::CorrectionExport).detail(serde_json::json!({ "lines": rows.len() }));
        append(&mut tx, now, meta, &a).await?;
        tx.commit().await?;
        let cell = kit::csv::csv_field;
        let header = crate::delivery::texts::DeliveryFileText::of(kit::i18n::Lang::Ja).instructions_csv_header;
        let mut out = format!("\u{FEFF}{header}\r\n");
        for r in rows {
            let created = day(&r.created_at);
            let cells = [
                r.id.to_string(),
                r.receipt_number,
                r.insurer_number,
                r.member_key,
                field_label(&r.field).to_string(),
                r.old_value,
                r.new_value,
                created,
            ];
            out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        Ok(out)
    }

    /// Settles a flagged import.
    pub async fn resolve(state: &AppState, meta: &RequestMeta, caller: &Caller, id: i64, accept: bool) -> Result<(), AppError> {
        let found: Option<OpenConflict> =
            sqlx::query_as("SELECT member_id, field, imported_value, kept_value FROM registry_conflicts WHERE id = $1 AND resolved_at IS NULL")
                .bind(id)
                .fetch_optional(&state.db.pool)
                .await?;
        let Some(OpenConflict { member_id, field: f, imported_value: imported, kept_value: kept }) = found else {
            return Err(AppError::Conflict);
        };
        let now = state.clock.now();
        let _turn = state.db.write_turn().await;
        let mut tx = state.db.begin().await?;
        let changed = sqlx::query("UPDATE registry_conflicts SET resolved_at = $1 WHERE id = $2 AND resolved_at IS NULL")
            .bind(instant_text(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if changed.rows_affected() != 1 {
            return Err(AppError::Conflict);
        }
        if accept && let Some(col) = field_static(&f) {
            // `col` comes from the fixed list of registry columns, never from input.
            sqlx::query(&format!("UPDATE members SET {col} = $1, updated_at = $2 WHERE id = $3"))
                .bind(&imported)
                .bind(instant_text(now))
                .bind(member_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO member_history (member_id, field, old_value, new_value, source, changed_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(member_id)
            .bind(col)
            .bind(&kept)
            .bind(&imported)
            .bind(format!("conflict:{id}"))
            .bind(instant_text(now))
            .execute(&mut *tx)
            .await?;
        }
        let a = audit(caller, AuditAction::CorrectionConflictResolve)
            .about(member_id)
            .detail(serde_json::json!({ "conflict": id, "accepted_import": accept }));
        append(&mut tx, now, meta, &a).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrected_values_take_the_registry_s_form() {
        assert_eq!(stored_value(HeldItem::Sex, "女性").as_deref(), Some("female"));
        assert_eq!(stored_value(HeldItem::Sex, "2").as_deref(), Some("female"));
        assert_eq!(stored_value(HeldItem::Sex, "不明"), None);
        assert_eq!(stored_value(HeldItem::BirthDate, "1980-02-29").as_deref(), Some("1980-02-29"));
        assert_eq!(stored_value(HeldItem::BirthDate, "1981-02-29"), None);
        assert_eq!(stored_value(HeldItem::Relationship, "長女").as_deref(), Some("child"));
        assert_eq!(stored_value(HeldItem::PostalCode, "１００００１４").as_deref(), Some("100-0014"));
        assert_eq!(stored_value(HeldItem::PostalCode, "100-001"), None);
        assert_eq!(stored_value(HeldItem::Address, "  東京都千代田区永田町１－７－１ ").as_deref(), Some("東京都千代田区永田町1-7-1"));
        assert_eq!(stored_value(HeldItem::Name, "   "), None);
    }

    #[test]
    fn every_item_but_other_names_a_registry_column() {
        for item in HeldItem::ALL {
            assert_eq!(field(item).is_none(), item == HeldItem::Other);
            if let Some(f) = field(item) {
                assert_ne!(field_label(f), "その他");
            }
        }
    }

    #[test]
    fn an_import_carrying_the_new_value_settles_a_pending_instruction() {
        let change = ("旧住所", "新住所");
        assert_eq!(settle(Standing::Pending, change, ("旧住所", "新住所")), Settle::Done);
        // The core system has not done it yet, or changed something else.
        assert_eq!(settle(Standing::Pending, change, ("旧住所", "別の住所")), Settle::Unrelated);
    }

    #[test]
    fn an_import_bringing_back_the_old_value_is_flagged_not_applied() {
        let change = ("旧住所", "新住所");
        assert_eq!(settle(Standing::Done, change, ("新住所", "旧住所")), Settle::Conflict);
        // A later, different change (the member moved again) is the core system's to make.
        assert_eq!(settle(Standing::Done, change, ("新住所", "三番目の住所")), Settle::Unrelated);
        // Pending instructions are never in conflict: the old value is still what is held.
        assert_eq!(settle(Standing::Pending, change, ("旧住所", "旧住所")), Settle::Unrelated);
    }
}
