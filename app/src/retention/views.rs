//! The retention periods as members read them (on the 公表事項's page).

use leptos::prelude::*;

use super::RetentionPolicy;
use super::texts::retention_text;

/// The periods configured, one line each, under the 安全管理措置.
#[component]
pub fn RetentionPeriods(policy: RetentionPolicy) -> impl IntoView {
    let t = retention_text();
    let lines = [
        t.notices(policy.notice_years),
        t.requests(policy.closed_request_years),
        t.provisions(policy.provision_years),
        t.audit(policy.audit_years),
        t.authentication(policy.authentication_days),
        t.former_members(policy.former_member_years),
    ];
    view! {
        <section class="measure retention" data-kind="retention" lang=kit::i18n::use_lang().code()>
            <h3>{t.heading}</h3>
            <p>{t.lead}</p>
            <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        </section>
    }
}
