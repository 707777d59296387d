//! The staff page that records a paper consent or opt-out to household display, and the
//! server function behind it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::notices::texts::notice_text;
use kit::access::StaffRole;
use kit::error::AppError;
use kit::form::{FormError, use_feedback};
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
        use crate::platform::audit::Actor;
        use crate::platform::audit::store::request_meta;
        use kit::form::{FieldError, Problem};
        let caller = crate::identity::store::guard(kit::access::Access::Staff(PAPER_ROLES)).await?;
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
    let w = notice_text();
    let query = use_query_map();
    let recorded = move || query.with(|q| q.get("recorded").is_some());
    let posted = use_feedback();
    let title = w.paper_title;
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{w.paper_lead}</p>
        {kit::page::done_notice(recorded, w.recorded)}
        <FormError feedback=posted/>
        <form method="post" action=RecordPaperChoice::url() class="form">
            <div class="field">
                <label for="pc-key">{w.signer}</label>
                <span class="field__hint">{w.signer_hint}</span>
                {problem_view(posted, "key")}
                <input id="pc-key" name="form[key]" type="text" maxlength="40" autocomplete="off" value=posted.with_untracked(|f| f.value("form[key]"))/>
            </div>
            <div class="field">
                <label for="pc-choice">{w.choice}</label>
                {problem_view(posted, "choice")}
                <select id="pc-choice" name="form[choice]">
                    <option value="consent">{w.paper_consent}</option>
                    <option value="opt_out" selected=posted.with_untracked(|f| f.selected("form[choice]", "opt_out"))>{w.paper_opt_out}</option>
                </select>
            </div>
            <div class="field">
                <label for="pc-date">{w.signed_on}</label>
                <span class="field__hint">{w.signed_on_hint}</span>
                {problem_view(posted, "signed_on")}
                <input id="pc-date" name="form[signed_on]" type="text" maxlength="20" autocomplete="off" value=posted.with_untracked(|f| f.value("form[signed_on]"))/>
            </div>
            <button type="submit" class="button">{w.record}</button>
        </form>
    }
}
