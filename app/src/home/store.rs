//! Gathering the home's list from the features that own each part (server only).

use chrono::Duration;

use super::{EXPIRY_WARNING_DAYS, EndingDownload, HomeData, OwedFee, attention};
use crate::platform::audit::RequestMeta;
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::rights::RequestType;

/// The member's home: their requests (a recorded read, as the list of requests is), the
/// fees they owe, the downloads about to expire and the changes to acknowledge.
pub async fn home(state: &AppState, meta: &RequestMeta, member_id: i64) -> Result<HomeData, AppError> {
    let lines = crate::requests::store::list_for_member(state, meta, member_id).await?;
    let fees: Vec<OwedFee> = crate::requests::fees::store::due_for_requester(state, member_id)
        .await?
        .into_iter()
        .filter_map(|f| Some(OwedFee { request_type: RequestType::from_code(&f.request_type)?, receipt: f.receipt_number, amount_yen: f.fee_yen }))
        .collect();
    let downloads: Vec<EndingDownload> =
        crate::delivery::store::expiring_for_member(state, member_id, Duration::days(EXPIRY_WARNING_DAYS))
            .await?
            .into_iter()
            .filter_map(|e| Some(EndingDownload { request_type: RequestType::from_code(&e.request_type)?, receipt: e.receipt, until: e.until }))
            .collect();
    let news = crate::publication::drafts::store::news(state, member_id).await?.len();
    Ok(HomeData {
        attention: attention(&lines, &fees, &downloads),
        news,
        open_requests: lines.iter().filter(|l| !l.status.is_closed()).count(),
        failures_since_last: 0,
    })
}
