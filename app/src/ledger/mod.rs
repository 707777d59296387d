//! 第三者提供記録: the ledger of each provision of a member's data to a third party (APPI
//! 29条) and each receipt from one (30条), with the items the rules ask for. 委託 and 共同利用
//! are not third-party provision (27条5項): the publication types its recipients, and a
//! counterparty published as a 委託先 or 共同利用先 is refused here. The ledger feeds 33条5項
//! disclosure: a reviewer deciding a 第三者提供記録の開示 sees the subject's entries.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::form::{FieldError, FormError, Problem, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::access::StaffRole;
use kit::page::page_error;
use kit::page_data;
use kit::page::problem_view;

/// Who records provisions (the case roles); the auditor reads.
pub const RECORD_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver];
pub const READ_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver, StaffRole::Auditor];

/// Longest free text accepted in a ledger field.
pub const TEXT_MAX: usize = 200;

/// One ledger entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionLine {
    pub id: i64,
    /// `provided` (29条) or `received` (30条).
    pub direction: String,
    pub occurred_on: String,
    pub counterparty: String,
    pub counterparty_address: Option<String>,
    /// 記号・番号・枝番 of the subject.
    pub subject_key: String,
    pub items: String,
    /// `consent` or `law`.
    pub basis: String,
    pub basis_detail: String,
    pub acquisition: Option<String>,
    pub recorded_by: String,
}

/// The ledger page: entries (newest first) and what the publication says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub lines: Vec<ProvisionLine>,
    /// Provisions the publication names as permitted by law (27条1項), to choose from.
    pub by_law: Vec<String>,
    /// Published 委託 and 共同利用 uses: never recorded here.
    pub kept_apart: Vec<String>,
    pub can_record: bool,
}

/// A checked entry, before the subject is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub direction: &'static str,
    pub occurred_on: chrono::NaiveDate,
    pub counterparty: String,
    pub counterparty_address: Option<String>,
    pub subject_key: (String, String, String),
    pub items: String,
    pub basis: &'static str,
    pub basis_detail: String,
    pub acquisition: Option<String>,
}

/// 記号・番号・枝番 as typed (full-width, `-`, `・` or spaces between).
pub fn parse_key(raw: &str) -> Option<(String, String, String)> {
    let s = kit::input::normalize(raw);
    let parts: Vec<&str> = s.split(|c: char| c.is_whitespace() || matches!(c, '-' | '・' | '‐' | '−')).filter(|p| !p.is_empty()).collect();
    (parts.len() == 3 && parts.iter().all(|p| p.len() <= 10 && p.bytes().all(|b| b.is_ascii_digit())))
        .then(|| (parts[0].to_string(), parts[1].to_string(), parts[2].to_string()))
}

/// The largest ledger file accepted from the page.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;

/// The columns of a ledger CSV (see the README), in any order.
pub const IMPORT_COLUMNS: [&str; 9] =
    ["区分", "年月日", "相手方", "相手方の住所", "記号・番号・枝番", "項目", "根拠", "根拠の内容", "取得の経緯"];

/// The form field each column fills, for naming a column in a rejected line's reasons.
#[cfg(feature = "ssr")]
const FIELDS: [&str; 9] =
    ["direction", "occurred_on", "counterparty", "counterparty_address", "subject_key", "items", "basis", "basis_detail", "acquisition"];

/// Every line of a ledger CSV, checked by the same rules as the form.
#[cfg(feature = "ssr")]
pub fn parse_import(
    text: &str,
    today: chrono::NaiveDate,
    kept_apart: &[String],
    by_law: &[String],
) -> (Vec<(usize, Draft)>, Vec<crate::csv_import::RejectedLine>) {
    use crate::csv_import::LineProblem;
    crate::csv_import::read_lines(text, &IMPORT_COLUMNS, |field| {
        let direction = match kit::input::normalize(field(0)).as_str() {
            "提供" | "第三者提供" | "provided" => "provided".to_string(),
            "受領" | "第三者からの受領" | "received" => "received".to_string(),
            other => other.to_string(),
        };
        let basis = match kit::input::normalize(field(6)).as_str() {
            "同意" | "本人の同意" | "consent" => "consent".to_string(),
            "法令" | "法令に基づく" | "law" => "law".to_string(),
            other => other.to_string(),
        };
        let form = EntryForm {
            direction,
            occurred_on: field(1).to_string(),
            counterparty: field(2).to_string(),
            counterparty_address: field(3).to_string(),
            subject_key: field(4).to_string(),
            items: field(5).to_string(),
            basis,
            basis_detail: field(7).to_string(),
            acquisition: field(8).to_string(),
        };
        form.check(today, kept_apart, by_law).map_err(|errors| {
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

/// The raw form, as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryForm {
    pub direction: String,
    pub occurred_on: String,
    pub counterparty: String,
    #[serde(default)]
    pub counterparty_address: String,
    pub subject_key: String,
    pub items: String,
    pub basis: String,
    #[serde(default)]
    pub basis_detail: String,
    #[serde(default)]
    pub acquisition: String,
}

fn text(raw: &str) -> String {
    kit::input::normalize_text(raw).trim().to_string()
}

impl EntryForm {
    /// Checks every field against the rules and the publication: `kept_apart` are the
    /// published 委託・共同利用 uses, `by_law` the published provisions permitted by law.
    pub fn check(&self, today: chrono::NaiveDate, kept_apart: &[String], by_law: &[String]) -> Result<Draft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut bad = |f: &str, p: Problem| errors.push(FieldError::new(f, p));
        let direction = match self.direction.as_str() {
            "provided" => "provided",
            "received" => "received",
            _ => {
                bad("direction", Problem::Choice);
                "provided"
            }
        };
        let occurred_on = match kit::input::parse_date(&self.occurred_on) {
            Ok(d) if d > today => {
                bad("occurred_on", Problem::FutureDate);
                today
            }
            Ok(d) => d,
            Err(e) => {
                bad("occurred_on", Problem::Date(e.into()));
                today
            }
        };
        let mut required = |name: &str, value: &str| -> String {
            let v = text(value);
            if v.is_empty() {
                bad(name, Problem::Required);
            } else if v.chars().count() > TEXT_MAX {
                bad(name, Problem::TooLong);
            }
            v
        };
        let counterparty = required("counterparty", &self.counterparty);
        let items = required("items", &self.items);
        let (basis, basis_detail) = match self.basis.as_str() {
            "consent" => ("consent", required("basis_detail", &self.basis_detail)),
            // A published provision permitted by law, by its text.
            b if by_law.iter().any(|l| l == b) => ("law", b.to_string()),
            "law" => ("law", required("basis_detail", &self.basis_detail)),
            _ => {
                bad("basis", Problem::Choice);
                ("consent", String::new())
            }
        };
        let optional = |value: &str| Some(text(value)).filter(|v| !v.is_empty());
        let counterparty_address = optional(&self.counterparty_address);
        let acquisition = optional(&self.acquisition);
        if direction == "received" {
            // 30条: the provider's address and how they obtained the data.
            if counterparty_address.is_none() {
                bad("counterparty_address", Problem::Required);
            }
            if acquisition.is_none() {
                bad("acquisition", Problem::Required);
            }
        }
        for (name, v) in [("counterparty_address", &counterparty_address), ("acquisition", &acquisition)] {
            if v.as_ref().is_some_and(|v| v.chars().count() > TEXT_MAX) {
                bad(name, Problem::TooLong);
            }
        }
        // 委託・共同利用 as published: not a third party.
        // (A name of three characters or fewer is too short to match inside a use's text.)
        let named = |k: &String| counterparty.contains(k.as_str()) || (counterparty.chars().count() > 3 && k.contains(&counterparty));
        if !counterparty.is_empty() && kept_apart.iter().any(named) {
            bad("counterparty", Problem::NotThirdParty);
        }
        let subject_key = parse_key(&self.subject_key).unwrap_or_else(|| {
            bad("subject_key", Problem::NotInRegistry);
            Default::default()
        });
        if errors.is_empty() {
            Ok(Draft { direction, occurred_on, counterparty, counterparty_address, subject_key, items, basis, basis_detail, acquisition })
        } else {
            Err(errors)
        }
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use kit::access::Caller;
    use crate::publication::model::UseKind;
    use crate::platform::audit::{Actor, AuditEvent, RequestMeta, append, audited_read};
    use crate::platform::state::AppState;

    /// The publication's typed uses: (permitted by law, 委託・共同利用).
    pub async fn published_uses(state: &AppState) -> Result<(Vec<String>, Vec<String>), AppError> {
        let (_, p) = crate::publication::ssr::current_shared(state).await?.ok_or(AppError::Unavailable)?;
        let mut by_law = Vec::new();
        let mut apart = Vec::new();
        for area in &p.purpose_areas {
            for u in &area.uses {
                match &u.kind {
                    UseKind::ProvisionByLaw { .. } => by_law.push(u.text.clone()),
                    UseKind::Outsourced => apart.push(u.text.clone()),
                    UseKind::JointUse(j) => {
                        apart.push(u.text.clone());
                        apart.push(j.responsible_party.name.clone());
                    }
                    UseKind::Internal => {}
                }
            }
        }
        Ok((by_law, apart))
    }

    type Row = (i64, String, String, String, Option<String>, String, String, String, String, Option<String>, String);
    const COLUMNS: &str = "p.id, p.direction, p.occurred_on, p.counterparty, p.counterparty_address, \
        m.symbol || '-' || m.number || '-' || m.branch, p.items, p.basis, p.basis_detail, p.acquisition, s.staff_number";

    fn line(r: Row) -> ProvisionLine {
        ProvisionLine {
            id: r.0,
            direction: r.1,
            occurred_on: r.2,
            counterparty: r.3,
            counterparty_address: r.4,
            subject_key: r.5,
            items: r.6,
            basis: r.7,
            basis_detail: r.8,
            acquisition: r.9,
            recorded_by: r.10,
        }
    }

    /// Entries, newest first: of one member, or the latest 200 of all.
    pub async fn entries(state: &AppState, subject: Option<i64>) -> Result<Vec<ProvisionLine>, AppError> {
        let from = "FROM provision_records p JOIN members m ON m.id = p.subject_member_id JOIN staff s ON s.id = p.recorded_by";
        let rows: Vec<Row> = match subject {
            Some(id) => {
                sqlx::query_as(&format!("SELECT {COLUMNS} {from} WHERE p.subject_member_id = $1 ORDER BY p.occurred_on DESC, p.id DESC"))
                    .bind(id)
                    .fetch_all(&state.db.pool)
                    .await?
            }
            None => sqlx::query_as(&format!("SELECT {COLUMNS} {from} ORDER BY p.id DESC LIMIT 200")).fetch_all(&state.db.pool).await?,
        };
        Ok(rows.into_iter().map(line).collect())
    }

    pub async fn member_by_key(state: &AppState, key: &(String, String, String)) -> Result<Option<i64>, AppError> {
        crate::registry::store::find_id_by_card(state, &key.0, &key.1, &key.2).await
    }

    /// The ledger page (of one member when `key` names one); the read is recorded.
    pub async fn ledger(state: &AppState, meta: &RequestMeta, caller: &Caller, key: &str) -> Result<Ledger, AppError> {
        let Caller::Staff { roles, .. } = caller else { return Err(AppError::Forbidden) };
        let subject = match key.trim() {
            "" => None,
            k => {
                let found = match parse_key(k) {
                    Some(parsed) => member_by_key(state, &parsed).await?,
                    None => None,
                };
                Some(found.ok_or_else(|| AppError::BadQuery(vec![FieldError::new("key", Problem::NotInRegistry)]))?)
            }
        };
        let mut event = AuditEvent::new(Actor::Caller(caller.clone()), "provision.list");
        event.data_category = Some("provision");
        event.subject_member_id = subject;
        event.record_ref = subject.map(|s| format!("provision_records?member={s}"));
        event.purpose = Some("third-party provision ledger".into());
        let (by_law, kept_apart) = published_uses(state).await?;
        let can_record = roles.iter().any(|r| RECORD_ROLES.contains(r));
        audited_read(state, meta, event, || async {
            Ok(Ledger { lines: entries(state, subject).await?, by_law, kept_apart, can_record })
        })
        .await
    }

    /// Records one entry (checked against the publication), with its audit event, in one
    /// transaction.
    pub async fn record(state: &AppState, meta: &RequestMeta, caller: &Caller, form: &EntryForm) -> Result<i64, AppError> {
        let Caller::Staff { staff_id, .. } = *caller else { return Err(AppError::Forbidden) };
        let now = state.clock.now();
        let (by_law, kept_apart) = published_uses(state).await?;
        let draft = form.check(kit::time::tokyo_date(now), &kept_apart, &by_law).map_err(AppError::Invalid)?;
        let subject = member_by_key(state, &draft.subject_key)
            .await?
            .ok_or_else(|| AppError::Invalid(vec![FieldError::new("subject_key", Problem::NotInRegistry)]))?;
        let _turn = state.db.write_turn().await;
        let mut tx = state.db.begin().await?;
        let id = insert_entry(&mut tx, meta, caller, staff_id, subject, &draft, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One entry and its audit event (naming its subject), in the caller's transaction.
    async fn insert_entry(
        tx: &mut sqlx::AnyConnection,
        meta: &RequestMeta,
        caller: &Caller,
        staff_id: i64,
        subject: i64,
        draft: &Draft,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<i64, AppError> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO provision_records (direction, occurred_on, counterparty, counterparty_address, subject_member_id, items, \
             basis, basis_detail, acquisition, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(draft.direction)
        .bind(draft.occurred_on.to_string())
        .bind(&draft.counterparty)
        .bind(draft.counterparty_address.as_deref())
        .bind(subject)
        .bind(&draft.items)
        .bind(draft.basis)
        .bind(&draft.basis_detail)
        .bind(draft.acquisition.as_deref())
        .bind(staff_id)
        .bind(crate::platform::db::instant_text(now))
        .fetch_one(&mut *tx)
        .await?;
        let mut event = AuditEvent::new(Actor::Caller(caller.clone()), "provision.record");
        event.subject_member_id = Some(subject);
        event.data_category = Some("provision");
        event.record_ref = Some(format!("provision_records/{id}"));
        event.purpose = Some("third-party provision ledger".into());
        event.detail = Some(serde_json::json!({ "direction": draft.direction, "basis": draft.basis }));
        append(tx, now, meta, &event).await?;
        Ok(id)
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
        let (text, cp932) = crate::csv_import::decode(bytes);
        let now = state.clock.now();
        let (by_law, kept_apart) = published_uses(state).await?;
        let (drafts, mut rejected) = parse_import(&text, kit::time::tokyo_date(now), &kept_apart, &by_law);
        let mut found = Vec::with_capacity(drafts.len());
        for (line, draft) in drafts {
            match member_by_key(state, &draft.subject_key).await? {
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
}

#[server(prefix = "/api/staff", endpoint = "provisions", input = GetUrl)]
pub async fn provision_ledger(#[server(default)] key: String) -> Result<Ledger, AppError> {
    let caller = crate::identity::guard(kit::access::Access::Staff(READ_ROLES)).await?;
    ssr::ledger(&crate::platform::state::app_state()?, &crate::platform::audit::request_meta(), &caller, &key).await
}

#[server(prefix = "/api/staff", endpoint = "provisions/record")]
pub async fn record_provision(entry: EntryForm) -> Result<(), AppError> {
    let result = async {
        let caller = crate::identity::guard(kit::access::Access::Staff(RECORD_ROLES)).await?;
        ssr::record(&crate::platform::state::app_state()?, &crate::platform::audit::request_meta(), &caller, &entry).await?;
        let key = parse_key(&entry.subject_key).map(|k| format!("{}-{}-{}", k.0, k.1, k.2)).unwrap_or_default();
        Ok(format!("/staff/provisions?key={key}&recorded=1"))
    }
    .await;
    kit::form::respond(result, "/staff/provisions")
}

fn basis_words(basis: &str, ja: bool) -> &'static str {
    match (basis, ja) {
        ("consent", true) => "本人の同意",
        ("consent", false) => "the member's consent",
        (_, true) => "法令に基づく提供",
        (_, false) => "permitted by law",
    }
}

#[component]
pub fn ProvisionsPage() -> impl IntoView {
    let ja = use_lang() == Lang::Ja;
    let query = use_query_map();
    let key = move || query.with(|q| q.get("key").unwrap_or_default());
    let recorded = move || query.with(|q| q.get("recorded").is_some());
    let data = page_data::load(key, provision_ledger);
    let job = query.with_untracked(|q| q.get("job").unwrap_or_default());
    let missing = query.with_untracked(|q| q.get("missing").is_some());
    let import = (!job.is_empty()).then(|| page_data::load(move || job, crate::csv_import::import_status));
    let posted = use_feedback();
    let title = if ja { "第三者提供記録" } else { "Third-party provision ledger" };
    let input = move |name: &'static str, label: &'static str, hint: &'static str| {
        let id = format!("p-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {(!hint.is_empty()).then(|| view! { <span class="field__hint">{hint}</span> })}
                {problem_view(posted, name)}
                <input id=id name=format!("entry[{name}]") type="text" maxlength="200"/>
            </div>
        }
    };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{if ja {
            "個人データを第三者に提供したとき（個人情報保護法29条）、第三者から受け取ったとき（30条）の記録です。記録は本人の開示請求（33条5項）の対象になります。"
        } else {
            "Each provision of a member's data to a third party (APPI art. 29) and each receipt from one (art. 30). Members may ask for these records (art. 33(5))."
        }}</p>
        {kit::page::done_notice(recorded, if ja { "記録しました。" } else { "Recorded." })}
        {import.map(|data| view! {
            {Suspend::new(async move {
                match data.await {
                    Ok(Some(j)) if j.kind == "provisions" => crate::csv_import::job_panel(j, ja).into_any(),
                    Ok(_) => view! { <p class="notice notice--error" role="alert">{if ja { "その取込みは見つかりません。" } else { "No such import." }}</p> }.into_any(),
                    Err(e) => page_error(e, "/staff/provisions"),
                }
            })}
        })}
        <FormError feedback=posted/>
        <form method="get" action="/staff/provisions" class="form filters" role="search">
            <div class="field field--inline">
                <label for="p-key">{if ja { "記号・番号・枝番で絞り込む" } else { "Member (記号・番号・枝番)" }}</label>
                <input id="p-key" name="key" type="text" maxlength="40" value=key()/>
            </div>
            <button type="submit" class="button">{if ja { "表示" } else { "Show" }}</button>
        </form>
        {Suspend::new(async move {
            match data.await {
                Err(AppError::BadQuery(_)) => view! {
                    <p class="field__error" id="f-key-error">{if ja { "その記号・番号・枝番の方は見つかりません。" } else { "No member has that 記号・番号・枝番." }}</p>
                }.into_any(),
                Err(e) => page_error(e, "/staff/provisions"),
                Ok(l) => view! {
                    {if l.lines.is_empty() {
                        view! { <p role="status">{if ja { "記録はありません。" } else { "No records." }}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table class="table provisions">
                                    <caption class="visually-hidden">{title}</caption>
                                    <thead><tr>
                                        <th scope="col">{if ja { "年月日" } else { "Date" }}</th>
                                        <th scope="col">{if ja { "区分" } else { "Kind" }}</th>
                                        <th scope="col">{if ja { "相手方" } else { "Counterparty" }}</th>
                                        <th scope="col">{if ja { "本人（記号・番号・枝番）" } else { "Member" }}</th>
                                        <th scope="col">{if ja { "項目" } else { "Items" }}</th>
                                        <th scope="col">{if ja { "根拠" } else { "Basis" }}</th>
                                        <th scope="col">{if ja { "記録者" } else { "Recorded by" }}</th>
                                    </tr></thead>
                                    <tbody>
                                        {l.lines.into_iter().map(|p| view! {
                                            <tr data-provision=p.id>
                                                <td>{p.occurred_on.clone()}</td>
                                                <td>{match (p.direction.as_str(), ja) { ("received", true) => "受領（30条）", ("received", false) => "Received (art. 30)", (_, true) => "提供（29条）", (_, false) => "Provided (art. 29)" }}</td>
                                                <td>{p.counterparty.clone()}{p.counterparty_address.clone().map(|a| view! { <br/><small>{a}</small> })}</td>
                                                <td>{p.subject_key.clone()}</td>
                                                <td>{p.items.clone()}{p.acquisition.clone().map(|a| view! { <br/><small>{format!("{}{a}", if ja { "取得の経緯: " } else { "Obtained: " })}</small> })}</td>
                                                <td>{format!("{}：{}", basis_words(&p.basis, ja), p.basis_detail)}</td>
                                                <td>{p.recorded_by.clone()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    {l.can_record.then(|| view! {
                        <section aria-labelledby="new-provision">
                            <h2 id="new-provision">{if ja { "記録する" } else { "Record a provision" }}</h2>
                            <p class="field__hint">{if ja {
                                "公表している委託先・共同利用先への提供は第三者提供ではないため、ここには記録しません："
                            } else {
                                "Outsourcing and joint use as published are not third-party provision and are not recorded here:"
                            }}</p>
                            <ul class="kept-apart">{l.kept_apart.iter().map(|k| view! { <li><small>{k.clone()}</small></li> }).collect_view()}</ul>
                            <form method="post" action=RecordProvision::url() class="form">
                                <div class="field">
                                    <label for="p-direction">{if ja { "区分" } else { "Kind" }}</label>
                                    {problem_view(posted, "direction")}
                                    <select id="p-direction" name="entry[direction]">
                                        <option value="provided">{if ja { "第三者への提供（29条）" } else { "Provided to a third party (art. 29)" }}</option>
                                        <option value="received">{if ja { "第三者からの受領（30条）" } else { "Received from a third party (art. 30)" }}</option>
                                    </select>
                                </div>
                                {input("occurred_on", if ja { "提供・受領の年月日" } else { "Date" }, if ja { "例: 2026-11-20" } else { "e.g. 2026-11-20" })}
                                {input("counterparty", if ja { "相手方の氏名又は名称" } else { "Counterparty" }, "")}
                                {input("counterparty_address", if ja { "相手方の住所（受領のとき必須）" } else { "Counterparty's address (required for a receipt)" }, "")}
                                {input("subject_key", if ja { "本人の記号・番号・枝番" } else { "Member's 記号・番号・枝番" }, if ja { "例: 1001-23-00" } else { "e.g. 1001-23-00" })}
                                {input("items", if ja { "個人データの項目" } else { "Data items" }, if ja { "例: 氏名、記号・番号、受傷日" } else { "e.g. name, number, date of injury" })}
                                <div class="field">
                                    <label for="p-basis">{if ja { "根拠" } else { "Basis" }}</label>
                                    {problem_view(posted, "basis")}
                                    <select id="p-basis" name="entry[basis]">
                                        {l.by_law.iter().map(|b| view! { <option value=b.clone()>{format!("{}{b}", if ja { "法令に基づく: " } else { "By law: " })}</option> }).collect_view()}
                                        <option value="law">{if ja { "その他の法令に基づく提供（下に条項を記入）" } else { "Another law (name it below)" }}</option>
                                        <option value="consent">{if ja { "本人の同意（下に同意の記録を記入）" } else { "The member's consent (describe it below)" }}</option>
                                    </select>
                                </div>
                                {input("basis_detail", if ja { "同意の記録・法令の条項" } else { "Consent record or legal provision" }, if ja { "公表している法令に基づく提供を選んだときは空欄でかまいません" } else { "May be empty for a published provision by law" })}
                                {input("acquisition", if ja { "相手方による取得の経緯（受領のとき必須）" } else { "How the counterparty obtained it (required for a receipt)" }, "")}
                                <button type="submit" class="button">{if ja { "記録する" } else { "Record" }}</button>
                            </form>
                        </section>
                        <section aria-labelledby="import-provisions">
                            <h2 id="import-provisions">{if ja { "CSVで取り込む" } else { "Import a CSV file" }}</h2>
                            <p class="field__hint">{if ja {
                                "列: 区分（提供・受領）、年月日、相手方、相手方の住所、記号・番号・枝番、項目、根拠（同意・法令、または公表している法令に基づく提供）、根拠の内容、取得の経緯。1行でも問題があれば何も取り込みません。"
                            } else {
                                "Columns: 区分 (提供/受領), 年月日, 相手方, 相手方の住所, 記号・番号・枝番, 項目, 根拠 (同意/法令 or a published provision), 根拠の内容, 取得の経緯. One bad line imports nothing."
                            }}</p>
                            {crate::csv_import::upload_form("/staff/provisions/import/upload", missing, ja)}
                        </section>
                    })}
                }.into_any(),
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn by_law() -> Vec<String> {
        vec!["損保会社等へ第三者行為にかかる求償情報の提供".into()]
    }

    fn apart() -> Vec<String> {
        vec!["健保連の高額医療給付の共同事業".into(), "健康保険組合連合会".into()]
    }

    fn form() -> EntryForm {
        EntryForm {
            direction: "provided".into(),
            occurred_on: "2026-11-20".into(),
            counterparty: "架空損害保険株式会社".into(),
            subject_key: "１００１－２３－００".into(),
            items: "氏名、記号・番号、受傷日、療養費".into(),
            basis: by_law()[0].clone(),
            ..EntryForm::default()
        }
    }

    fn problems(f: EntryForm) -> Vec<(String, Problem)> {
        f.check(today(), &apart(), &by_law()).err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_published_provision_by_law_needs_no_further_detail() {
        let d = form().check(today(), &apart(), &by_law()).unwrap();
        assert_eq!((d.direction, d.basis), ("provided", "law"));
        assert_eq!(d.basis_detail, by_law()[0]);
        assert_eq!(d.subject_key, ("1001".into(), "23".into(), "00".into()));
    }

    #[test]
    fn consent_and_other_laws_must_be_described() {
        let f = EntryForm { basis: "consent".into(), ..form() };
        assert_eq!(problems(f.clone()), vec![("basis_detail".into(), Problem::Required)]);
        assert!(EntryForm { basis_detail: "2026-11-01 同意書（署名）".into(), ..f }.check(today(), &apart(), &by_law()).is_ok());
        assert_eq!(problems(EntryForm { basis: "law".into(), ..form() }), vec![("basis_detail".into(), Problem::Required)]);
        assert_eq!(problems(EntryForm { basis: "because".into(), ..form() }), vec![("basis".into(), Problem::Choice)]);
    }

    #[test]
    fn a_receipt_needs_the_providers_address_and_how_they_obtained_it() {
        let f = EntryForm { direction: "received".into(), ..form() };
        assert_eq!(
            problems(f.clone()),
            vec![("counterparty_address".into(), Problem::Required), ("acquisition".into(), Problem::Required)]
        );
        let ok = EntryForm { counterparty_address: "東京都千代田区（架空）".into(), acquisition: "事故の当事者から".into(), ..f };
        assert_eq!(ok.check(today(), &apart(), &by_law()).unwrap().direction, "received");
    }

    #[test]
    fn outsourcing_and_joint_use_are_not_third_party_provision() {
        assert_eq!(problems(EntryForm { counterparty: "健康保険組合連合会".into(), ..form() }), vec![("counterparty".into(), Problem::NotThirdParty)]);
        assert_eq!(problems(EntryForm { counterparty: "健保連の共同事業".into(), ..form() }), vec![]);
        assert_eq!(problems(EntryForm { counterparty: "健康保険組合連合会 東京連合会".into(), ..form() }), vec![("counterparty".into(), Problem::NotThirdParty)]);
        // Too short to tell: not refused on a partial match.
        assert!(problems(EntryForm { counterparty: "東京".into(), ..form() }).is_empty());
    }

    #[test]
    fn dates_keys_and_lengths_are_checked() {
        assert_eq!(problems(EntryForm { occurred_on: "2026-11-23".into(), ..form() }), vec![("occurred_on".into(), Problem::FutureDate)]);
        assert_eq!(problems(EntryForm { occurred_on: "yesterday".into(), ..form() }).len(), 1);
        assert_eq!(problems(EntryForm { subject_key: "1001-23".into(), ..form() }), vec![("subject_key".into(), Problem::NotInRegistry)]);
        assert_eq!(problems(EntryForm { items: " ".into(), ..form() }), vec![("items".into(), Problem::Required)]);
        assert_eq!(problems(EntryForm { counterparty: "あ".repeat(201), ..form() }), vec![("counterparty".into(), Problem::TooLong)]);
        assert_eq!(problems(EntryForm { direction: "sold".into(), ..form() }), vec![("direction".into(), Problem::Choice)]);
    }
}
