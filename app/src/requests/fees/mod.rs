//! 手数料 (38条): what a request owes, how its payment or waiver is recorded, and what a
//! decision needs of it. Pure; `store` keeps the record, `api` takes staff's entries,
//! `views` shows the member what to do and prints the 領収書.
//!
//! The rules chosen (docs/LEGAL.md, *Fees*): the fee is the one published when the
//! request was made; the member is told the amount and the published ways to pay on
//! receipt; staff record a payment (date, way, amount — the full fee, never more or
//! less) or a waiver with its reason, once; a decision that delivers data (開示, 利用目的の
//! 通知) needs one of them, a decision that delivers nothing (不存在, 不開示, 却下) does
//! not; an unpaid fee is reminded and then ends the request as a 補正 does, never open
//! for ever.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::publication::model::{PaymentKind, PaymentMethod};
use crate::requests::decision::FeeState;
#[cfg(test)]
use crate::requests::decision::{Fee, Outcome, decision_fee};
use kit::form::{FieldError, Problem};

#[cfg(feature = "ssr")]
pub mod store;
pub mod api;
pub mod texts;
pub mod views;

/// The fee as the request page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeInfo {
    pub amount_yen: i64,
    pub state: FeeState,
    pub settlement: Option<Settlement>,
    /// The ways to pay the publication in force when the request came names.
    pub methods: Vec<PaymentMethod>,
    /// The last day to pay, once the member was reminded.
    pub last_day: Option<NaiveDate>,
}

/// The fee on paper: the 案内 (how to pay, for post) while due, the 領収書 once paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeePaper {
    pub society_name: String,
    pub society_address: String,
    pub representative: String,
    pub inquiry: String,
    /// The requester, who pays: their registry name online, the name and address the
    /// intake recorded on paper.
    pub addressee: String,
    pub addressee_address: Option<String>,
    pub receipt: String,
    pub received_on: NaiveDate,
    pub issued_on: NaiveDate,
    pub fee: FeeInfo,
}

impl Settlement {
    /// For [`FeeState::of`]: paid (true) or waived (false).
    pub fn paid(&self) -> bool {
        matches!(self, Settlement::Paid { .. })
    }
}

/// How a fee was settled, as recorded by staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settlement {
    /// 納付: the full fee, on a day, in one of the published ways.
    Paid { on: NaiveDate, method: PaymentKind, amount_yen: i64 },
    /// 免除, with the reason the approver and the member read.
    Waived { reason: String },
}

/// A payment as staff type it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentForm {
    pub paid_on: String,
    pub method: String,
    pub amount_yen: String,
}

/// What a payment or waiver is checked against.
#[derive(Clone, Copy, Debug)]
pub struct FeeContext<'a> {
    pub fee_yen: i64,
    pub received_on: NaiveDate,
    pub today: NaiveDate,
    /// The ways to pay the publication in force names.
    pub methods: &'a [PaymentKind],
    pub already: Option<&'a Settlement>,
}

fn settled(c: &FeeContext) -> Option<FieldError> {
    if c.fee_yen <= 0 {
        Some(FieldError::new("fee", Problem::NoFee))
    } else if c.already.is_some() {
        Some(FieldError::new("fee", Problem::FeeSettled))
    } else {
        None
    }
}

/// Checks a payment: a day not in the future nor before the receipt, a published way, the
/// full fee in yen (全角 digits and 「円」 accepted). Every problem is named at its field.
pub fn check_payment(c: &FeeContext, form: &PaymentForm) -> Result<Settlement, Vec<FieldError>> {
    if let Some(e) = settled(c) {
        return Err(vec![e]);
    }
    let mut errors = Vec::new();
    let on = match kit::input::parse_date(&form.paid_on) {
        Ok(d) if d > c.today => Err(Problem::FutureDate),
        Ok(d) if d < c.received_on => Err(Problem::BeforeReceipt),
        Ok(d) => Ok(d),
        Err(e) => Err(Problem::Date(e.into())),
    };
    let method = match PaymentKind::from_code(form.method.trim()) {
        Some(m) if c.methods.contains(&m) => Ok(m),
        _ if form.method.trim().is_empty() => Err(Problem::Required),
        _ => Err(Problem::Choice),
    };
    // NFKC (３００円 → 300円), digit grouping and spaces dropped; a minus sign stays, to be refused.
    let raw: String = kit::input::normalize(&form.amount_yen).chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    let raw = raw.trim_end_matches('円');
    // Unsigned: a negative amount is not an amount at all.
    let amount = match raw.parse::<u32>().map(i64::from) {
        _ if raw.is_empty() => Err(Problem::Required),
        Ok(a) if a == c.fee_yen => Ok(a),
        Ok(_) => Err(Problem::FeeAmount),
        // A minus sign or letters: not an amount.
        Err(_) => Err(Problem::Digits),
    };
    for (field, r) in [("paid_on", on.err()), ("method", method.err()), ("amount_yen", amount.err())] {
        if let Some(p) = r {
            errors.push(FieldError::new(field, p));
        }
    }
    match (on, method, amount) {
        (Ok(on), Ok(method), Ok(amount_yen)) if errors.is_empty() => Ok(Settlement::Paid { on, method, amount_yen }),
        _ => Err(errors),
    }
}

/// Checks a waiver: a reason, up to 1,000 characters.
pub fn check_waiver(c: &FeeContext, reason: &str) -> Result<Settlement, Vec<FieldError>> {
    if let Some(e) = settled(c) {
        return Err(vec![e]);
    }
    let reason = kit::input::normalize_text(reason);
    match reason.chars().count() {
        0 => Err(vec![FieldError::new("waiver_reason", Problem::ReasonRequired)]),
        n if n > 1000 => Err(vec![FieldError::new("waiver_reason", Problem::TooLong)]),
        _ => Ok(Settlement::Waived { reason }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    const METHODS: [PaymentKind; 2] = [PaymentKind::RegisteredMail, PaymentKind::BankTransfer];

    fn ctx(fee_yen: i64) -> FeeContext<'static> {
        FeeContext { fee_yen, received_on: day(11, 2), today: day(11, 20), methods: &METHODS, already: None }
    }

    fn pay(on: &str, method: &str, amount: &str) -> PaymentForm {
        PaymentForm { paid_on: on.into(), method: method.into(), amount_yen: amount.into() }
    }

    fn problems<T>(r: Result<T, Vec<FieldError>>) -> Vec<(String, Problem)> {
        r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_payment_of_the_full_fee_in_a_published_way_is_recorded() {
        let s = check_payment(&ctx(300), &pay("2026-11-10", "bank_transfer", "３００円")).unwrap();
        assert_eq!(s, Settlement::Paid { on: day(11, 10), method: PaymentKind::BankTransfer, amount_yen: 300 });
        // The day of receipt and today are both possible.
        assert!(check_payment(&ctx(300), &pay("2026-11-02", "registered_mail", "300")).is_ok());
        assert!(check_payment(&ctx(300), &pay("令和8年11月20日", "registered_mail", "300")).is_ok());
    }

    #[test]
    fn a_payment_is_refused_at_each_wrong_field() {
        assert_eq!(problems(check_payment(&ctx(300), &pay("2026-11-21", "bank_transfer", "300"))), vec![("paid_on".into(), Problem::FutureDate)]);
        assert_eq!(problems(check_payment(&ctx(300), &pay("2026-11-01", "bank_transfer", "300"))), vec![("paid_on".into(), Problem::BeforeReceipt)]);
        assert_eq!(problems(check_payment(&ctx(300), &pay("2026-11-10", "counter_cash", "300"))), vec![("method".into(), Problem::Choice)]);
        assert_eq!(problems(check_payment(&ctx(300), &pay("2026-11-10", "cheque", "300"))), vec![("method".into(), Problem::Choice)]);
        assert_eq!(problems(check_payment(&ctx(300), &pay("2026-11-10", "", "300"))), vec![("method".into(), Problem::Required)]);
        assert_eq!(problems(check_payment(&ctx(300), &pay("2026-11-10", "bank_transfer", "-300"))), vec![("amount_yen".into(), Problem::Digits)]);
        assert_eq!(problems(check_payment(&ctx(300), &pay("2026-11-10", "bank_transfer", "200"))), vec![("amount_yen".into(), Problem::FeeAmount)]);
        assert_eq!(problems(check_payment(&ctx(300), &pay("2026-11-10", "bank_transfer", "0"))), vec![("amount_yen".into(), Problem::FeeAmount)]);
        assert_eq!(problems(check_payment(&ctx(300), &pay("2026-11-10", "bank_transfer", ""))), vec![("amount_yen".into(), Problem::Required)]);
        // All at once, each at its field.
        assert_eq!(problems(check_payment(&ctx(300), &pay("x", "", "abc"))).len(), 3);
    }

    #[test]
    fn nothing_is_recorded_on_a_request_without_a_fee_or_twice() {
        assert_eq!(problems(check_payment(&ctx(0), &pay("2026-11-10", "bank_transfer", "300"))), vec![("fee".into(), Problem::NoFee)]);
        assert_eq!(problems(check_waiver(&ctx(0), "生活保護受給中のため")), vec![("fee".into(), Problem::NoFee)]);
        let paid = Settlement::Paid { on: day(11, 3), method: PaymentKind::RegisteredMail, amount_yen: 300 };
        let c = FeeContext { already: Some(&paid), ..ctx(300) };
        assert_eq!(problems(check_payment(&c, &pay("2026-11-10", "bank_transfer", "300"))), vec![("fee".into(), Problem::FeeSettled)]);
        assert_eq!(problems(check_waiver(&c, "理由")), vec![("fee".into(), Problem::FeeSettled)]);
    }

    #[test]
    fn a_waiver_needs_its_reason() {
        assert_eq!(problems(check_waiver(&ctx(300), "  ")), vec![("waiver_reason".into(), Problem::ReasonRequired)]);
        assert_eq!(check_waiver(&ctx(300), " 災害救助法の適用地域 ").unwrap(), Settlement::Waived { reason: "災害救助法の適用地域".into() });
        assert_eq!(problems(check_waiver(&ctx(300), &"あ".repeat(1001))), vec![("waiver_reason".into(), Problem::TooLong)]);
    }

    #[test]
    fn the_state_follows_the_fee_and_its_settlement() {
        assert_eq!(FeeState::of(0, None), FeeState::None);
        assert_eq!(FeeState::of(0, Some(true)), FeeState::None);
        assert_eq!(FeeState::of(300, None), FeeState::Due);
        assert_eq!(FeeState::of(300, Some(true)), FeeState::Paid);
        assert_eq!(FeeState::of(300, Some(false)), FeeState::Waived);
    }

    #[test]
    fn only_a_decision_that_delivers_data_waits_for_the_fee() {
        for outcome in Outcome::ALL.iter().copied() {
            let due = decision_fee(FeeState::Due, outcome);
            if outcome.delivers_data() {
                assert_eq!(due, Err(Problem::FeeUnpaid), "{outcome:?}");
            } else {
                assert_eq!(due, Ok(Fee::NotCharged), "{outcome:?}");
            }
            assert_eq!(decision_fee(FeeState::Paid, outcome), Ok(Fee::Paid));
            assert_eq!(decision_fee(FeeState::Waived, outcome), Ok(Fee::Waived));
            assert_eq!(decision_fee(FeeState::None, outcome), Ok(Fee::NotCharged));
        }
        for delivering in [Outcome::FullDisclosure, Outcome::PartialDisclosure, Outcome::MethodDifficult, Outcome::PurposeNotified] {
            assert!(delivering.delivers_data());
        }
        for nothing in [Outcome::NotHeld, Outcome::NonDisclosure, Outcome::Dismissed, Outcome::Lapsed, Outcome::PurposeNotNotified] {
            assert!(!nothing.delivers_data());
        }
    }
}
