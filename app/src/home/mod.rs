//! The signed-in member's home (`/mypage`): what needs their attention first — a 補正依頼
//! to answer, a fee to pay, a download about to expire, a decision or message to read, a
//! change of the 公表事項 to acknowledge — then their tasks. It coordinates requests,
//! fees, delivery and publication, so it sits above them all.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::requests::RequestLine;
use crate::requests::lifecycle::Stage;
use kit::error::AppError;
use kit::rights::RequestType;

#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;
pub mod views;

/// How long before its end a download not fetched yet is shown on the home.
pub const EXPIRY_WARNING_DAYS: i64 = 7;

/// One thing the member should do, most pressing first (see [`attention`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attention {
    /// The society asked for more information (補正依頼): the deadline waits on the member.
    Answer { receipt: String, request_type: RequestType },
    /// A fee (38条) neither paid nor waived: the result waits for it.
    PayFee { receipt: String, request_type: RequestType, amount_yen: i64 },
    /// A download not fetched yet whose period ends soon.
    Download { receipt: String, request_type: RequestType, until: String },
    /// The society's answer reached the member and they have not read it.
    ReadDecision { receipt: String, request_type: RequestType },
    /// A message on a request still under way.
    ReadMessage { receipt: String, request_type: RequestType },
}

impl Attention {
    pub fn receipt(&self) -> &str {
        match self {
            Attention::Answer { receipt, .. }
            | Attention::PayFee { receipt, .. }
            | Attention::Download { receipt, .. }
            | Attention::ReadDecision { receipt, .. }
            | Attention::ReadMessage { receipt, .. } => receipt,
        }
    }

    /// Most pressing first: what stops the request (an answer, a fee), what will be lost
    /// (a download), then what is only to be read.
    fn rank(&self) -> u8 {
        match self {
            Attention::Answer { .. } => 0,
            Attention::PayFee { .. } => 1,
            Attention::Download { .. } => 2,
            Attention::ReadDecision { .. } => 3,
            Attention::ReadMessage { .. } => 4,
        }
    }
}

/// A fee still owed, as the home needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwedFee {
    pub receipt: String,
    pub request_type: RequestType,
    pub amount_yen: i64,
}

/// A download waiting in the portal whose period ends soon, as the home needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndingDownload {
    pub receipt: String,
    pub request_type: RequestType,
    /// Asia/Tokyo, `YYYY-MM-DD HH:MM`.
    pub until: String,
}

/// Whether a stage means the society's answer has reached the member.
fn answered(stage: Stage) -> bool {
    matches!(stage, Stage::Notified | Stage::Completed | Stage::Rejected | Stage::Lapsed)
}

/// What needs the member's attention, most pressing first, each request once for reading
/// (an unread note on a request that asks an answer is read when answering it).
pub fn attention(lines: &[RequestLine], fees: &[OwedFee], downloads: &[EndingDownload]) -> Vec<Attention> {
    let mut out: Vec<Attention> = Vec::new();
    for l in lines.iter().filter(|l| l.stage == Stage::NeedsInput) {
        out.push(Attention::Answer { receipt: l.receipt.clone(), request_type: l.request_type });
    }
    for f in fees {
        out.push(Attention::PayFee { receipt: f.receipt.clone(), request_type: f.request_type, amount_yen: f.amount_yen });
    }
    for d in downloads {
        out.push(Attention::Download { receipt: d.receipt.clone(), request_type: d.request_type, until: d.until.clone() });
    }
    for l in lines.iter().filter(|l| l.unread > 0) {
        if out.iter().any(|a| a.receipt() == l.receipt) {
            continue;
        }
        out.push(if answered(l.stage) {
            Attention::ReadDecision { receipt: l.receipt.clone(), request_type: l.request_type }
        } else {
            Attention::ReadMessage { receipt: l.receipt.clone(), request_type: l.request_type }
        });
    }
    out.sort_by_key(Attention::rank);
    out
}

/// The home's data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub attention: Vec<Attention>,
    /// Changes of the 公表事項 not yet acknowledged (shown with the attention).
    pub news: usize,
    /// Requests still under way.
    pub open_requests: usize,
    /// Failed sign-ins since the last one, told once after signing in.
    pub failures_since_last: i64,
}

/// The signed-in member's home.
#[server(prefix = "/api", endpoint = "home", input = GetUrl)]
pub async fn member_home() -> Result<HomeData, AppError> {
    let (session, member_id) = crate::identity::store::member_session(kit::access::Access::Member(kit::access::MemberAction::Read)).await?;
    let state = crate::platform::state::app_state()?;
    let mut home = store::home(&state, &crate::platform::audit::store::request_meta(), member_id).await?;
    home.failures_since_last = crate::identity::session::take_failures(&state, &session).await?;
    Ok(home)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::agency::Capacity;
    use crate::requests::lifecycle::Status;

    fn line(receipt: &str, stage: Stage, unread: i64) -> RequestLine {
        RequestLine {
            receipt: receipt.into(),
            request_type: RequestType::Disclosure,
            status: Status::Received,
            stage,
            received_at: String::new(),
            subject_name: String::new(),
            capacity: Capacity::Own,
            deadline: None,
            unread,
        }
    }

    #[test]
    fn nothing_to_do_is_an_empty_list() {
        assert!(attention(&[line("1", Stage::InReview, 0), line("2", Stage::Completed, 0)], &[], &[]).is_empty());
    }

    #[test]
    fn an_answer_comes_before_a_fee_a_download_and_what_is_only_to_be_read() {
        let lines = [line("read", Stage::Notified, 1), line("msg", Stage::InReview, 2), line("ask", Stage::NeedsInput, 1)];
        let fees = [OwedFee { receipt: "fee".into(), request_type: RequestType::Disclosure, amount_yen: 300 }];
        let got = attention(&lines, &fees, &[EndingDownload { receipt: "dl".into(), request_type: RequestType::Disclosure, until: "2026-12-10 09:00".into() }]);
        let order: Vec<&str> = got.iter().map(Attention::receipt).collect();
        assert_eq!(order, ["ask", "fee", "dl", "read", "msg"]);
        assert!(matches!(got[3], Attention::ReadDecision { .. }));
        assert!(matches!(got[4], Attention::ReadMessage { .. }));
    }

    #[test]
    fn a_request_that_asks_an_answer_is_not_listed_again_for_its_unread_note() {
        let got = attention(&[line("ask", Stage::NeedsInput, 3)], &[], &[]);
        assert_eq!(got, [Attention::Answer { receipt: "ask".into(), request_type: RequestType::Disclosure }]);
    }

    #[test]
    fn a_fee_and_an_answer_on_one_request_are_both_things_to_do() {
        let fees = [OwedFee { receipt: "x".into(), request_type: RequestType::Disclosure, amount_yen: 300 }];
        let got = attention(&[line("x", Stage::NeedsInput, 1)], &fees, &[]);
        assert_eq!(got.len(), 2);
        assert!(matches!(got[0], Attention::Answer { .. }) && matches!(got[1], Attention::PayFee { amount_yen: 300, .. }));
    }

    #[test]
    fn every_answered_stage_makes_an_unread_note_a_decision_to_read() {
        for stage in Stage::ALL {
            let got = attention(&[line("r", stage, 1)], &[], &[]);
            let is_decision = matches!(got.first(), Some(Attention::ReadDecision { .. }));
            let expected = matches!(stage, Stage::Notified | Stage::Completed | Stage::Rejected | Stage::Lapsed);
            if stage == Stage::NeedsInput {
                assert!(matches!(got.first(), Some(Attention::Answer { .. })));
            } else {
                assert_eq!(is_decision, expected, "{stage:?}");
            }
        }
    }
}
