//! The staff page that records a paper consent or opt-out to household display, and the
//! server function behind it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use kit::access::StaffRole;
use kit::error::AppError;
use kit::form::{FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::page::problem_view;

/// Who may record a paper consent or opt-out: the counter (受付) and the reviewers.
pub const PAPER_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer];

/// A paper consent or opt-out, as staff enter it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperChoice {
    /// 記号・番号・枝番 of the person who signed.
    pub key: String,
    pub choice: String,
    /// The date on the form.
    pub signed_on: String,
}

#[server(prefix = "/api/staff", endpoint = "notices/consent")]
pub async fn record_paper_choice(form: PaperChoice) -> Result<(), AppError> {
    let result = async {
        use crate::platform::audit::{Actor, request_meta};
        use kit::form::{FieldError, Problem};
        let caller = crate::identity::guard(kit::access::Access::Staff(PAPER_ROLES)).await?;
        let kit::access::Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
        let state = crate::platform::state::app_state()?;
        let today = kit::time::tokyo_date(state.clock.now());
        let mut problems = Vec::new();
        let key = crate::ledger::parse_key(&form.key);
        let choice = crate::notices::model::DisplayChoice::from_code(&form.choice);
        let signed_on = kit::input::parse_date(&form.signed_on).ok();
        if key.is_none() {
            problems.push(FieldError::new("key", Problem::NotInRegistry));
        }
        if choice.is_none() {
            problems.push(FieldError::new("choice", Problem::Choice));
        }
        match signed_on {
            None => problems.push(FieldError::new("signed_on", Problem::Date(kit::form::DateErrorKind::Format))),
            Some(d) if d > today => problems.push(FieldError::new("signed_on", Problem::FutureDate)),
            Some(_) => {}
        }
        let member = match &key {
            Some(k) => crate::registry::store::find_id_by_card(&state, &k.0, &k.1, &k.2).await?,
            None => None,
        };
        if key.is_some() && member.is_none() {
            problems.push(FieldError::new("key", Problem::NotInRegistry));
        }
        let (Some(member), Some(choice), Some(signed_on), true) = (member, choice, signed_on, problems.is_empty()) else {
            return Err(AppError::Invalid(problems));
        };
        let actor = Actor::Caller(caller.clone());
        crate::notices::store::record_choice(&state, &request_meta(), actor, member, choice, Some((staff_id, signed_on))).await?;
        Ok("/staff/notices?recorded=1".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/notices")
}

#[component]
pub fn StaffNoticesPage() -> impl IntoView {
    let ja = use_lang() == Lang::Ja;
    let query = use_query_map();
    let recorded = move || query.with(|q| q.get("recorded").is_some());
    let posted = use_feedback();
    let title = if ja { "医療費のお知らせ：書面による同意・表示しない旨の記録" } else { "Medical cost notices: recording a paper consent or opt-out" };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{if ja {
            "18歳以上のご家族が書面で「被保険者の医療費のお知らせに自分の分を表示すること」に同意したとき、またはご家族が表示しないことを書面で申し出たときに記録します。記録は取り消さず、新しい記録が優先します。"
        } else {
            "Record a family member's paper consent to appear in the insured person's notices, or their paper request not to. Records are kept; the newest one counts."
        }}</p>
        {kit::page::done_notice(recorded, if ja { "記録しました。" } else { "Recorded." })}
        <FormError feedback=posted/>
        <form method="post" action=RecordPaperChoice::url() class="form">
            <div class="field">
                <label for="pc-key">{if ja { "ご本人（署名した方）の記号・番号・枝番" } else { "The signer's 記号・番号・枝番" }}</label>
                <span class="field__hint">{if ja { "例: 1001-23-01" } else { "e.g. 1001-23-01" }}</span>
                {problem_view(posted, "key")}
                <input id="pc-key" name="form[key]" type="text" maxlength="40" autocomplete="off"/>
            </div>
            <div class="field">
                <label for="pc-choice">{if ja { "内容" } else { "Choice" }}</label>
                {problem_view(posted, "choice")}
                <select id="pc-choice" name="form[choice]">
                    <option value="consent">{if ja { "表示に同意する" } else { "Consents to showing" }}</option>
                    <option value="opt_out">{if ja { "表示しない（同意の取消し）" } else { "Not to be shown (withdrawal)" }}</option>
                </select>
            </div>
            <div class="field">
                <label for="pc-date">{if ja { "書面の日付" } else { "Date on the form" }}</label>
                <span class="field__hint">{if ja { "例: 2026-11-20" } else { "e.g. 2026-11-20" }}</span>
                {problem_view(posted, "signed_on")}
                <input id="pc-date" name="form[signed_on]" type="text" maxlength="20" autocomplete="off"/>
            </div>
            <button type="submit" class="button">{if ja { "記録する" } else { "Record" }}</button>
        </form>
    }
}
