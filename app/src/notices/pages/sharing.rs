//! The household display setting (世帯表示): what the member's household sees of whom,
//! the member's own consent or opt-out, and the page where they set it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::words::visibility_words;
use crate::identity::views::relationship_label;
use crate::notices::model::Visibility;
use kit::error::AppError;
use kit::form::{FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
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
    use crate::platform::audit::{Action, AuditEvent, DataCategory, audited_read, request_meta};
    let (_, member_id) = crate::identity::server_fns::member_session(kit::access::Access::Member).await?;
    let state = crate::platform::state::app_state()?;
    let event = AuditEvent::by(crate::identity::caller(), Action::NoticeSharingView)
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
            // What the 被保険者 of this household sees of me.
            let insured: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM members WHERE insurer_number = $1 AND symbol = $2 AND number = $3 \
                 AND relationship = 'insured' ORDER BY id LIMIT 1",
            )
            .bind(&me.insurer_number)
            .bind(&me.symbol)
            .bind(&me.number)
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
        use crate::platform::audit::{Actor, request_meta};
        use kit::form::{FieldError, Problem};
        let (_, member_id) = crate::identity::server_fns::member_session(kit::access::Access::MemberRecent).await?;
        let choice = crate::notices::model::DisplayChoice::from_code(&choice)
            .ok_or_else(|| AppError::Invalid(vec![FieldError::new("choice", Problem::Choice)]))?;
        let state = crate::platform::state::app_state()?;
        let actor = Actor::Caller(crate::identity::caller());
        crate::notices::store::record_choice(&state, &request_meta(), actor, member_id, choice, None).await?;
        Ok("/notices/sharing?saved=1".to_string())
    }
    .await;
    kit::form::respond(result, "/notices/sharing")
}

#[component]
pub fn SharingPage() -> impl IntoView {
    let ja = use_lang() == Lang::Ja;
    let t = id_text();
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("saved").is_some());
    let feedback = use_feedback();
    let data = page_data::load(|| (), |_| notice_sharing());
    let title = if ja { "ご家族への表示の設定（医療費のお知らせ）" } else { "Sharing your medical cost notices with your household" };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {kit::page::done_notice(saved, if ja { "設定を保存しました。" } else { "Saved." })}
        <FormError feedback/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/notices/sharing"),
                Ok(s) if s.is_insured => view! {
                    <p>{if ja {
                        "被保険者のあなたには、18歳未満のご家族の分を表示します。18歳以上のご家族の分は、その方ご本人が同意したときだけ表示します。同意は、ご本人がこのポータルのご自分のアカウントで、または書面（窓口・郵送）ですることができ、いつでも取り消せます。"
                    } else {
                        "You see the notices of family members under 18. An adult family member's notices are shown only when they consent, in their own account or on paper, and they can withdraw it at any time."
                    }}</p>
                    <ul class="household-sharing">
                        {s.household.into_iter().map(|(name, rel, v)| view! {
                            <li data-visibility=format!("{v:?}")>{format!("{name}（{}）: {}", relationship_label(&rel, t), visibility_words(v, ja))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Ok(s) => view! {
                    <p>{if ja {
                        "被保険者（世帯主）の「医療費のお知らせ」に、あなたの受診の分を表示するかどうかを選べます。18歳以上の方は、同意したときだけ表示します。18歳未満の方は、表示しないことを選べます。"
                    } else {
                        "Choose whether your care appears in the insured person's notices. For adults it appears only with consent; under 18, you may choose not to show it."
                    }}</p>
                    <p class="sharing-now" data-visibility=format!("{:?}", s.own)><strong>{if ja { "いまの設定: " } else { "Now: " }}</strong>{visibility_words(s.own, ja)}</p>
                    <form method="post" action=SetNoticeSharing::url() class="form">
                        {problem_view(feedback, "choice")}
                        <button type="submit" name="choice" value="consent" class="button">{if ja { "表示することに同意する" } else { "I consent to showing them" }}</button>
                        " "
                        <button type="submit" name="choice" value="opt_out" class="button button--secondary">{if ja { "表示しない（同意を取り消す）" } else { "Do not show them (withdraw consent)" }}</button>
                    </form>
                }.into_any(),
            }
        })}
        <p><a href="/notices">{if ja { "医療費のお知らせに戻る" } else { "Back to the notices" }}</a></p>
    }
}
