//! The household display setting (世帯表示): what the member's household sees of whom,
//! the member's own consent or opt-out, and the page where they set it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::identity::views::relationship_label;
use crate::notices::model::Visibility;
use crate::notices::texts::notice_text;
use kit::error::AppError;
use kit::form::{FormError, use_feedback};
use kit::page::{page_error, problem_view};
use kit::page_data;
use kit::texts::id_text;

/// The household display setting as the setting page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sharing {
    pub is_insured: bool,
    /// For a dependent: whether their lines are shown to the 被保険者 now.
    pub own: Visibility,
    /// For the 被保険者: each other person and what they see of them.
    pub household: Vec<(String, String, Visibility)>,
}

#[server(prefix = "/api", endpoint = "notices/sharing", input = GetUrl)]
pub async fn notice_sharing() -> Result<Sharing, AppError> {
    use crate::platform::audit::{Action, AuditEvent, DataCategory};
    use crate::platform::audit::store::{audited_read, request_meta};
    let (_, member_id) = crate::identity::store::member_session(kit::access::Access::Member(kit::access::MemberAction::Read)).await?;
    let state = crate::platform::state::app_state()?;
    let event = AuditEvent::by(crate::identity::store::caller(), Action::NoticeSharingView)
        .about(member_id)
        .data(DataCategory::Consent)
        .record(format!("household_display?member={member_id}"))
        .purpose("household display setting");
    audited_read(&state, &request_meta(), event, || async {
        let (me, people) = crate::notices::store::household(&state, member_id).await?;
        let is_insured = me.relationship == "insured";
        let own = if is_insured {
            Visibility::Own
        } else {
            // What the current 被保険者 of this household sees of me (a former one, past the
            // 資格喪失日, sees nothing of me).
            let today = kit::time::tokyo_date(state.clock.now()).to_string();
            let insured: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM members WHERE insurer_number = $1 AND symbol = $2 AND number = $3 \
                 AND relationship = 'insured' AND (lost_on IS NULL OR lost_on > $4) ORDER BY id LIMIT 1",
            )
            .bind(&me.insurer_number)
            .bind(&me.symbol)
            .bind(&me.number)
            .bind(today)
            .fetch_optional(&state.db.pool)
            .await?;
            match insured {
                Some(insured) => crate::notices::store::household(&state, insured)
                    .await?
                    .1
                    .into_iter()
                    .find(|(p, _)| p.member_id == member_id)
                    .map_or(Visibility::NotHousehold, |(_, v)| v),
                None => Visibility::NotHousehold,
            }
        };
        let household = people.into_iter().skip(1).map(|(p, v)| (p.name, p.relationship, v)).collect();
        Ok(Sharing { is_insured, own, household })
    })
    .await
}

#[server(prefix = "/api", endpoint = "notices/sharing/set")]
pub async fn set_notice_sharing(choice: String) -> Result<(), AppError> {
    let result = async {
        use crate::platform::audit::Actor;
        use crate::platform::audit::store::request_meta;
        use kit::form::{FieldError, Problem};
        let (_, member_id) = crate::identity::store::member_session(kit::access::Access::Member(kit::access::MemberAction::ChangeConsent)).await?;
        let choice = crate::notices::model::DisplayChoice::from_code(&choice)
            .ok_or_else(|| AppError::Invalid(vec![FieldError::new("choice", Problem::Choice)]))?;
        let state = crate::platform::state::app_state()?;
        let actor = Actor::Caller(crate::identity::store::caller());
        crate::notices::store::record_choice(&state, &request_meta(), actor, member_id, choice, None).await?;
        Ok("/notices/sharing?saved=1".to_string())
    }
    .await;
    kit::form::respond(result, "/notices/sharing")
}

#[component]
pub fn SharingPage() -> impl IntoView {
    let w = notice_text();
    let t = id_text();
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("saved").is_some());
    let feedback = use_feedback();
    let data = page_data::load(|| (), |_| notice_sharing());
    let title = w.sharing_title;
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {kit::page::done_notice(saved, w.saved)}
        <FormError feedback/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/notices/sharing"),
                Ok(s) if s.is_insured => view! {
                    <p>{w.sharing_insured_lead}</p>
                    <ul class="household-sharing">
                        {s.household.into_iter().map(|(name, rel, v)| view! {
                            <li data-visibility=format!("{v:?}")>{format!("{name}（{}）: {}", relationship_label(&rel, t), v.label(w.lang))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Ok(s) => view! {
                    <p>{w.sharing_dependent_lead}</p>
                    <p class="sharing-now" data-visibility=format!("{:?}", s.own)><strong>{w.sharing_now}</strong>{s.own.label(w.lang)}</p>
                    <form method="post" action=SetNoticeSharing::url() class="form">
                        {problem_view(feedback, "choice")}
                        <button type="submit" name="choice" value="consent" class="button">{w.consent}</button>
                        " "
                        <button type="submit" name="choice" value="opt_out" class="button button--secondary">{w.opt_out}</button>
                    </form>
                }.into_any(),
            }
        })}
        <p><a href="/notices">{w.back}</a></p>
    }
}
