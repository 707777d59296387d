//! How a fee (手数料, 38条) is paid: the ways the society publishes. 38条2項 asks for a
//! reasonable fee; 32条1項3号 (施行令10条) asks that the amount be published, so the
//! ways to pay are published beside it — a member must not phone to learn how to pay.

use serde::{Deserialize, Serialize};

/// A way to pay, as the law-abiding societies offer it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    /// 現金書留: cash sent by registered post.
    RegisteredMail,
    /// 窓口での現金: cash at the society's counter.
    CounterCash,
    /// 振込: a bank transfer to the society's account.
    BankTransfer,
}

kit::codes!(PaymentKind {
    RegisteredMail => "registered_mail": "現金書留", "Cash by registered post",
    CounterCash => "counter_cash": "窓口で現金", "Cash at our counter",
    BankTransfer => "bank_transfer": "銀行振込", "Bank transfer",
});

/// One published way to pay, with what the payer must know (the address, the hours,
/// the account).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentMethod {
    pub kind: PaymentKind,
    /// e.g. 「みずほ銀行 丸の内支店 普通 1234567 アオバケンコウホケンクミアイ」.
    pub instructions: String,
}
