//! What the portal holds about a request's subject, section by section: the registry and its
//! history, requests and messages, notices, staff access, third-party provisions and 利用停止等.


use crate::delivery::package::{Row, Section};
use crate::delivery::texts::DeliveryFileText;
use crate::platform::state::AppState;
use crate::requests::draft::{Details, HeldItem, Period};
use crate::requests::lifecycle::Status;
use crate::requests::texts::RqText;
use kit::error::AppError;
use kit::i18n::Lang;
use kit::rights::RequestType;
use kit::time::Month;

/// What the portal holds is written down in Japanese.
fn words() -> &'static DeliveryFileText {
    DeliveryFileText::of(Lang::Ja)
}

fn in_period(month: &str, period: Option<&Period>) -> bool {
    match (Month::parse(month), period) {
        (Some(m), Some(p)) => p.from <= m && m <= p.to,
        (_, None) => true,
        (None, Some(_)) => false,
    }
}

/// What a request asked, in words: categories and the delivery method by the names the
/// publication the person chose from gives them, never by their stored ids.
fn details_text(d: &Details, publication: Option<&crate::publication::model::Publication>) -> String {
    let w = words();
    let period = |p: &Option<Period>| p.map(|p| w.period(&p.from.to_string(), &p.to.to_string())).unwrap_or_default();
    let choices = publication.map(|p| p.category_choices()).unwrap_or_default();
    let names = |ids: &[String]| {
        ids.iter().filter_map(|id| choices.iter().find(|(c, _)| c == id).map(|(_, name)| name.clone())).collect::<Vec<_>>().join("・")
    };
    let method = |m: &str| publication.and_then(|p| p.method(m)).map(|m| m.name.clone()).unwrap_or_default();
    match d {
        Details::PurposeNotice { categories, note } => w.details_purpose_notice(&names(categories), note),
        Details::Disclosure { categories, receipts, checkups, method: m, note } => {
            // Only what was asked: a period not asked for is not named.
            let parts = [
                names(categories),
                receipts.map(|_| w.details_receipts(&period(receipts))).unwrap_or_default(),
                checkups.map(|_| w.details_checkups(&period(checkups))).unwrap_or_default(),
                w.details_method(&method(m)),
                note.clone(),
            ];
            w.details_disclosure(&parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" "))
        }
        Details::ThirdPartyRecords { period: p, method: m } => w.details_third_party_records(&period(p), &method(m)),
        Details::Correction { item_label, current, requested, reason, .. } => w.details_correction(item_label, current, requested, reason),
        Details::Suspension { target, explanation, .. } => w.details_suspension(target, explanation),
        Details::Complaint { body, .. } => w.details_complaint(body),
    }
}

/// One change of the subject's registry entry.
#[derive(sqlx::FromRow)]
struct HistoryRow {
    id: i64,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    /// Where the change came from: an import, or `correction:{受付番号}`.
    source: String,
    changed_at: String,
}

/// A request about the subject.
#[derive(sqlx::FromRow)]
struct RequestLineRow {
    receipt_number: String,
    request_type: String,
    status: String,
    received_on: String,
    details: String,
    publication_version_id: i64,
}

/// A message on a request about the subject, as the member saw it.
#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    receipt_number: String,
    occurred_at: String,
    actor_kind: String,
    message: Option<String>,
}

/// A staff member's allowed access to the subject's data, from the audit record.
#[derive(sqlx::FromRow)]
struct AccessRow {
    id: i64,
    occurred_at: String,
    staff_number: Option<String>,
    action: String,
    purpose: Option<String>,
}

/// A 利用停止等 marked on the subject's data.
#[derive(sqlx::FromRow)]
struct RestrictionRow {
    id: i64,
    receipt_number: String,
    target: String,
    scope: Option<String>,
    marking: String,
    created_at: String,
}

/// What a 35条 measure applied to: the kind of data staff named, else the member's words.
pub fn scoped(target: &str, scope: Option<&str>) -> String {
    match scope.and_then(crate::requests::decision::DataScope::from_code) {
        Some(s) => s.label(kit::i18n::Lang::Ja).to_string(),
        None => target.to_string(),
    }
}

/// What the portal holds about the subject, section by section, for this request.
pub async fn sections(state: &AppState, subject: Option<i64>, t: RequestType, details: &Details) -> Result<Vec<Section>, AppError> {
    let Some(member) = subject else { return Ok(Vec::new()) };
    let w = words();
    let db = &state.db.pool;
    let mut out = Vec::new();
    let provisions_period = match details {
        Details::ThirdPartyRecords { period, .. } => period.as_ref(),
        _ => None,
    };
    let provisions = crate::ledger::store::entries(state, Some(member)).await?;
    let provisions = Section {
        id: "third_party_provisions".into(),
        title: w.provisions_title.into(),
        columns: [w.col_date, w.col_kind, w.col_counterparty, w.col_item, w.col_ground].map(String::from).to_vec(),
        rows: provisions
            .into_iter()
            .filter(|p| in_period(p.occurred_on.get(..7).unwrap_or_default(), provisions_period))
            .map(|p| {
                let kind = if p.direction == "received" { w.received } else { w.provided };
                // 30条1項1号: a corporation's representative goes with its name.
                let counterparty = match p.counterparty_representative {
                    Some(r) => format!("{}（{}）", p.counterparty, r),
                    None => p.counterparty,
                };
                Row {
                    key: format!("provision.{}", p.id),
                    label: w.provision_label(&p.occurred_on),
                    cells: vec![p.occurred_on, kind.into(), counterparty, p.items, p.basis_detail],
                    scrub: false,
                }
            })
            .collect(),
    };
    if t == RequestType::ThirdPartyRecordDisclosure {
        return Ok(vec![provisions]);
    }
    let Some(m) = crate::registry::store::held(db, member).await? else { return Ok(vec![provisions]) };
    let (sex, relationship) = (m.sex_words(), m.relationship_words());
    let held = RqText::of(w.lang);
    let item = |i: HeldItem| i.label(w.lang);
    let fields: [(&str, &str, String); 11] = [
        ("card", w.card, format!("{}・{}・{}", m.symbol, m.number, m.branch)),
        ("name", item(HeldItem::Name), m.name),
        ("name_kana", item(HeldItem::NameKana), m.name_kana),
        ("birth_date", item(HeldItem::BirthDate), m.birth_date),
        ("sex", item(HeldItem::Sex), sex.into()),
        ("relationship", item(HeldItem::Relationship), relationship.into()),
        ("postal_code", item(HeldItem::PostalCode), m.postal_code),
        ("address", item(HeldItem::Address), m.address),
        ("acquired_on", w.acquired_on, m.acquired_on),
        ("lost_on", w.lost_on, m.lost_on.unwrap_or_default()),
        ("society", w.insurer, String::new()),
    ];
    out.push(Section {
        id: "registry".into(),
        title: w.registry_title.into(),
        columns: vec![w.col_item.into(), w.col_content.into()],
        rows: fields
            .into_iter()
            .filter(|(k, _, _)| *k != "society")
            .map(|(k, label, v)| Row { key: format!("registry.{k}"), label: label.into(), cells: vec![label.into(), v], scrub: true })
            .collect(),
    });
    let history: Vec<HistoryRow> = sqlx::query_as(
        "SELECT id, field, old_value, new_value, source, changed_at FROM member_history WHERE member_id = $1 ORDER BY id",
    )
    .bind(member)
    .fetch_all(db)
    .await?;
    out.push(Section {
        id: "registry_history".into(),
        title: w.history_title.into(),
        columns: [w.col_datetime, w.col_item, w.col_old, w.col_new, w.col_how].map(String::from).to_vec(),
        rows: history
            .into_iter()
            .map(|h| {
                let at = kit::time::tokyo_time(&h.changed_at);
                let source = match h.source.split_once(':') {
                    Some(("correction", receipt)) => w.by_correction(receipt),
                    _ => w.from_core_system.into(),
                };
                Row {
                    key: format!("history.{}", h.id),
                    label: w.history_label(at.get(..10).unwrap_or_default()),
                    cells: vec![at, h.field, h.old_value.unwrap_or_default(), h.new_value.unwrap_or_default(), source],
                    scrub: false,
                }
            })
            .collect(),
    });
    let requests: Vec<RequestLineRow> = sqlx::query_as(
        "SELECT id, receipt_number, request_type, status, received_on, details, publication_version_id FROM requests \
         WHERE subject_member_id = $1 ORDER BY id",
    )
    .bind(member)
    .fetch_all(db)
    .await?;
    let lang = w.lang;
    let mut publications = std::collections::HashMap::new();
    for id in requests.iter().map(|r| r.publication_version_id) {
        if let std::collections::hash_map::Entry::Vacant(slot) = publications.entry(id) {
            slot.insert(crate::publication::store::body(state, id).await?);
        }
    }
    out.push(Section {
        id: "requests".into(),
        title: w.requests_title.into(),
        columns: [w.col_receipt, w.col_type, w.col_received_on, w.col_status, w.col_content].map(String::from).to_vec(),
        rows: requests
            .iter()
            .map(|r| {
                let receipt = &r.receipt_number;
                let kind = RequestType::from_code(&r.request_type).map(|t| held.type_name(t)).unwrap_or_default();
                let status = Status::from_code(&r.status).map(|s| s.stage().label(lang)).unwrap_or_default();
                let text = serde_json::from_str::<Details>(&r.details).map(|d| details_text(&d, publications.get(&r.publication_version_id).and_then(|p| p.as_deref()))).unwrap_or_default();
                Row {
                    key: format!("request.{receipt}"),
                    label: w.request_label(receipt),
                    cells: vec![receipt.clone(), kind.into(), r.received_on.clone(), status.into(), text],
                    scrub: false,
                }
            })
            .collect(),
    });
    let messages: Vec<MessageRow> = sqlx::query_as(
        "SELECT e.id, r.receipt_number, e.occurred_at, e.actor_kind, e.message FROM request_events e \
         JOIN requests r ON r.id = e.request_id WHERE r.subject_member_id = $1 AND e.member_visible = 1 \
         AND e.message IS NOT NULL ORDER BY e.id",
    )
    .bind(member)
    .fetch_all(db)
    .await?;
    out.push(Section {
        id: "messages".into(),
        title: w.messages_title.into(),
        columns: [w.col_receipt, w.col_datetime, w.col_from, w.col_content].map(String::from).to_vec(),
        rows: messages
            .into_iter()
            .map(|m| {
                let at = kit::time::tokyo_time(&m.occurred_at);
                let from = if m.actor_kind == "member" { w.from_member } else { w.from_society };
                Row {
                    key: format!("message.{}", m.id),
                    label: w.message_label(&m.receipt_number, &at),
                    cells: vec![m.receipt_number, at, from.into(), m.message.unwrap_or_default()],
                    scrub: false,
                }
            })
            .collect(),
    });
    // レセプト are never built from the notice lines: they are copies from the core system
    // that staff add to the package as files, each naming the 医療機関 that was asked
    // (`receipts`), once it answered 支障なし.
    let access: Vec<AccessRow> = sqlx::query_as(&format!(
        "SELECT e.id, e.occurred_at, s.staff_number, e.action, e.purpose FROM audit_events e {} \
         WHERE e.subject_member_id = $1 AND e.actor_kind = 'staff' AND e.outcome = 'allowed' ORDER BY e.id",
        crate::records::store::STAFF_JOIN
    ))
    .bind(member)
    .fetch_all(db)
    .await?;
    out.push(Section {
        id: "access_history".into(),
        title: w.access_title.into(),
        columns: [w.col_datetime, w.col_staff_number, w.col_content, w.col_purpose].map(String::from).to_vec(),
        rows: access
            .into_iter()
            .map(|a| {
                let at = kit::time::tokyo_time(&a.occurred_at);
                Row {
                    key: format!("access.{}", a.id),
                    label: w.access_label(&at),
                    cells: vec![
                        at,
                        a.staff_number.unwrap_or_else(|| "—".into()),
                        crate::records::access::action_words(&a.action, lang).into(),
                        crate::records::access::purpose_words(a.purpose.as_deref(), lang),
                    ],
                    scrub: false,
                }
            })
            .collect(),
    });
    out.push(provisions);
    let restrictions: Vec<RestrictionRow> = sqlx::query_as(
        "SELECT d.id, d.receipt_number, COALESCE(d.recipient, d.target) AS target, d.scope, d.marking, d.created_at \
         FROM data_restrictions d WHERE d.member_id = $1 ORDER BY d.id",
    )
    .bind(member)
    .fetch_all(db)
    .await?;
    out.push(Section {
        id: "restrictions".into(),
        title: w.restrictions_title.into(),
        columns: [w.col_receipt, w.col_target, w.col_measure, w.col_datetime].map(String::from).to_vec(),
        rows: restrictions
            .into_iter()
            .map(|r| Row {
                key: format!("restriction.{}", r.id),
                label: w.restriction_label(&r.receipt_number),
                cells: vec![r.receipt_number, scoped(&r.target, r.scope.as_deref()), w.marking(&r.marking).into(), kit::time::tokyo_time(&r.created_at)],
                scrub: false,
            })
            .collect(),
    });
    Ok(out)
}
