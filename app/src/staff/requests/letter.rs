//! The decision letter as staff see it: as it will reach (or reached) the member.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::requests::views::letter_view;
use kit::error::AppError;
use kit::i18n::use_lang;
use kit::page::page_error;
use kit::page_data;


#[server(prefix = "/api/staff", endpoint = "requests/letter", input = GetUrl)]
pub async fn staff_letter(receipt: String) -> Result<crate::requests::Letter, AppError> {
    use crate::staff::requests::READ_ROLES;
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(READ_ROLES)).await?;
    crate::requests::letters::letter(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, &receipt).await
}

/// `/staff/requests/:receipt/letter`: the letter as it will reach (or reached) the member.
#[component]
pub fn StaffLetterPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = page_data::load(receipt, staff_letter);
    view! {
        <Title text="決定通知書"/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/requests"),
                Ok(l) => letter_view(l, lang).into_any(),
            }
        })}
    }
}
