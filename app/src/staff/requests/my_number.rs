//! A document that shows an 個人番号 (マイナンバー) anyway — the back of a マイナンバーカード,
//! a 住民票の写し with the number — is deleted as soon as staff see it: the portal may not
//! keep it (番号法20条: 特定個人情報の収集・保管の制限), and no original is kept. The
//! deletion leaves a 廃棄記録 (what, why, never the file), an audit event, and a message on
//! the request telling the person what happened and what to send instead.

use leptos::prelude::*;

use kit::access::StaffRole;
use kit::error::AppError;

/// Who deletes such a document: whoever handles the request's documents.
pub const ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver];

#[server(prefix = "/api/staff", endpoint = "requests/attachment/my-number")]
pub async fn erase_my_number_attachment(receipt: String, attachment: String) -> Result<(), AppError> {
    let page = super::store::case_page(&receipt);
    let result = async {
        let caller = crate::identity::store::guard(kit::access::Access::Staff(ROLES)).await?;
        let id: i64 = attachment.parse().map_err(|_| AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        store::erase(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt, id).await?;
        Ok(format!("{page}#timeline"))
    }
    .await;
    kit::form::respond(result, &page)
}

/// The button next to a file on the staff request page.
pub fn erase_button(receipt: &str, attachment: i64, label: &'static str) -> impl IntoView + use<> {
    use leptos::server_fn::ServerFn;
    view! {
        <form method="post" action=EraseMyNumberAttachment::url() class="form form--inline">
            <input type="hidden" name="receipt" value=receipt.to_string()/>
            <input type="hidden" name="attachment" value=attachment/>
            <button type="submit" class="button button--secondary button--small">{label}</button>
        </form>
    }
}

#[cfg(feature = "ssr")]
mod store {
    use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta};
    use crate::platform::state::AppState;
    use crate::requests::store::{insert_event, row_parts, seen_by};
    use kit::access::Caller;
    use kit::error::AppError;

    /// The file, as the 廃棄記録 and the message name it.
    #[derive(sqlx::FromRow)]
    struct Found {
        file_name: String,
    }

    pub async fn erase(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, id: i64) -> Result<(), AppError> {
        let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
        let row = seen_by(state, meta, caller, receipt, AuditAction::AttachmentMyNumberErase, DataCategory::Request).await?;
        let (_, status, _) = row_parts(&row)?;
        let now = state.clock.now();
        let _turn = state.db.write_turn().await;
        let mut tx = state.db.begin().await?;
        let found: Option<Found> = sqlx::query_as("SELECT file_name FROM request_attachments WHERE id = $1 AND request_id = $2")
            .bind(id)
            .bind(row.id)
            .fetch_optional(&mut *tx)
            .await?;
        // Already gone (a second click), or another request's file: nothing to do here.
        let Some(Found { file_name }) = found else { return Err(AppError::Conflict) };
        crate::requests::store::erase_attachment(&mut tx, row.id, id).await?;
        let ja = crate::staff::texts::StaffText::of(kit::i18n::Lang::Ja);
        let message = ja.my_number_erased_message(&file_name);
        insert_event(&mut tx, now, row.id, ("staff", Some(*staff_id)), (crate::requests::lifecycle::Action::Message.code(), true), Some(status), status, Some(&message))
            .await?;
        let event = AuditEvent::by(caller.clone(), AuditAction::AttachmentMyNumberErase)
            .about(row.subject_member_id)
            .data(DataCategory::Request)
            .record(format!("requests/{}/attachments/{id}", row.id))
            .purpose(row.receipt.clone());
        let erased = crate::retention::erasure::Erased {
            receipt: &row.receipt,
            scope: "my_number_document",
            reason: ja.my_number_erased_reason(&row.receipt),
            refs: vec![id.to_string()],
            count: 1,
        };
        crate::retention::erasure::record(&mut tx, now, meta, event, &erased).await?;
        tx.commit().await?;
        Ok(())
    }
}
