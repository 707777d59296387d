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

#[cfg(feature = "ssr")]
pub mod store;

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
    measure_words(field).unwrap_or_else(|| HeldItem::from_code(field).unwrap_or(HeldItem::Other).label(kit::i18n::Lang::Ja))
}

/// The instruction field of a 35条 measure for the core system (`correction_instructions.field`).
pub fn measure_field(measure: crate::requests::draft::Measure) -> &'static str {
    use crate::requests::draft::Measure;
    match measure {
        Measure::StopUse => "measure_stop_use",
        Measure::Erase => "measure_erase",
        Measure::StopProvision => "measure_stop_provision",
    }
}

/// A 35条 measure's instruction field in words (None: a 訂正's field).
pub fn measure_words(field: &str) -> Option<&'static str> {
    use crate::requests::draft::Measure;
    Measure::ALL.into_iter().find(|m| measure_field(*m) == field).map(|m| m.label(kit::i18n::Lang::Ja))
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
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(CORRECTION_ROLES)).await?;
    store::overview(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller).await
}

/// Settles a flagged import: `keep` the corrected value, or `accept` the imported one.
#[server(prefix = "/api/staff", endpoint = "corrections/conflict")]
pub async fn settle_conflict(id: String, choice: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(CORRECTION_ROLES)).await?;
    let result = async {
        let id = id.parse().map_err(|_| AppError::BadRequest)?;
        let accept = match choice.as_str() {
            "accept" => true,
            "keep" => false,
            _ => return Err(AppError::BadRequest),
        };
        store::resolve(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, id, accept).await?;
        Ok("/staff/corrections#conflicts".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/corrections")
}

/// Marks a その他 instruction done in the core system (no import can carry it); the member
/// is told (34条3項).
#[server(prefix = "/api/staff", endpoint = "corrections/done")]
pub async fn finish_instruction(id: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(CORRECTION_ROLES)).await?;
    let result = async {
        let id = id.parse().map_err(|_| AppError::BadRequest)?;
        store::finish(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, id).await?;
        Ok("/staff/corrections#pending".to_string())
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
        let last = if done { t.col_done } else { t.col_exported };
        // Nothing to list: no empty grid of headings. On a phone each line is a card.
        (!lines.is_empty()).then(|| view! {
            <div class="table-wrap"><table class="table table--stack">
                <thead><tr>
                    <th scope="col">{t.col_receipt}</th>
                    <th scope="col">{t.col_card}</th>
                    <th scope="col">{t.col_item}</th>
                    <th scope="col">{t.col_before}</th>
                    <th scope="col">{t.col_after}</th>
                    <th scope="col">{last}</th>
                </tr></thead>
                <tbody>{lines.into_iter().map(|l| view! {
                    <tr data-instruction=l.id>
                        <td data-label=t.col_receipt><a href=format!("/staff/requests/{}", l.receipt)>{l.receipt.clone()}</a></td>
                        <td data-label=t.col_card>{l.member_key.clone()}</td>
                        <td data-label=t.col_item>{field_label(&l.field)}</td>
                        <td data-label=t.col_before>{l.old_value.clone()}</td>
                        <td data-label=t.col_after>{crate::requests::texts::rq_text().shown_after(&l.new_value).to_string()}</td>
                        <td data-label=last>{if done { l.done_on.clone().unwrap_or_default() } else if l.exported { t.exported_yes.into() } else { t.exported_no.into() }}
                            // No import carries a その他 item: staff say when the core system has it.
                            {(!done && (l.field == "other" || measure_words(&l.field).is_some())).then(|| view! {
                                <form method="post" action=FinishInstruction::url() class="form form--inline">
                                    <input type="hidden" name="id" value=l.id/>
                                    <button type="submit" class="button button--secondary">{t.finish_other}</button>
                                </form>
                            }.into_any())}
                        </td>
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
        }.into_any())
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
                        // Exporting marks the instructions exported: a POST, answered with the file.
                        {(!p.pending.is_empty()).then(|| view! {
                            <form method="post" action="/staff/corrections.csv">
                                <button type="submit" class="button">{t.export_csv}</button>
                            </form>
                        })}
                        {table(p.pending, false)}
                    </section>
                    <section class="card" id="conflicts" aria-labelledby="conflicts-h">
                        <h2 id="conflicts-h">{t.conflicts_heading(p.conflicts.len())}</h2>
                        // The lead tells of an import that went back: only where there was one.
                        {(!p.conflicts.is_empty()).then(|| view! { <p>{t.conflicts_lead}</p> })}
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
