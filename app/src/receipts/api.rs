//! The endpoints of the レセプト 照会: the staff section, creating inquiries, recording an
//! answer and the 照会書. Staff only; each checks its caller first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::{InquiryLetter, Inquiries};
use kit::error::AppError;

/// The staff request page, where the forms send the browser back (to the section).
pub fn section_page(receipt: &str) -> String {
    format!("/staff/requests/{}", receipt.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(32).collect::<String>())
}

#[server(prefix = "/api/staff", endpoint = "receipts/inquiries", input = GetUrl)]
pub async fn staff_receipt_inquiries(receipt: String) -> Result<Inquiries, AppError> {
    let caller = crate::identity::store::guard(kit::access::Access::Staff(crate::requests::READ_ROLES)).await?;
    let state = crate::platform::state::app_state()?;
    super::store::view(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt).await
}

/// Creates an inquiry to the 医療機関 named (`provider`), or to every one proposed (`all`).
#[server(prefix = "/api/staff", endpoint = "receipts/inquiries/create")]
pub async fn staff_receipt_inquiry_create(receipt: String, #[server(default)] provider: String, #[server(default)] all: String) -> Result<(), AppError> {
    let page = section_page(&receipt);
    let result = async {
        let caller = crate::identity::store::guard(kit::access::Access::Staff(crate::requests::CASE_ROLES)).await?;
        let state = crate::platform::state::app_state()?;
        super::store::create(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt, &provider, !all.is_empty()).await?;
        Ok(format!("{page}#receipt-inquiries"))
    }
    .await;
    kit::form::respond(result, &format!("{page}#receipt-inquiries"))
}

/// Records a 医療機関's answer (`answer`: no_objection | objection, with `objection_reason`).
#[server(prefix = "/api/staff", endpoint = "receipts/inquiries/answer")]
pub async fn staff_receipt_inquiry_answer(receipt: String, inquiry: String, #[server(default)] answer: String, #[server(default)] objection_reason: String) -> Result<(), AppError> {
    let page = section_page(&receipt);
    let result = async {
        let caller = crate::identity::store::guard(kit::access::Access::Staff(crate::requests::CASE_ROLES)).await?;
        let id: i64 = inquiry.parse().map_err(|_| AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        super::store::answer(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt, id, &answer, &objection_reason).await?;
        Ok(format!("{page}#receipt-inquiries"))
    }
    .await;
    kit::form::respond(result, &format!("{page}#receipt-inquiries"))
}

#[server(prefix = "/api/staff", endpoint = "receipts/inquiries/letter", input = GetUrl)]
pub async fn staff_receipt_inquiry_letter(receipt: String, inquiry: String) -> Result<InquiryLetter, AppError> {
    let caller = crate::identity::store::guard(kit::access::Access::Staff(crate::requests::READ_ROLES)).await?;
    let id: i64 = inquiry.parse().map_err(|_| AppError::NotFound)?;
    let state = crate::platform::state::app_state()?;
    super::store::letter(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt, id).await
}
