//! The closed lists a request chooses from: the registry item to correct (34条), the
//! change asked (訂正・追加・削除), the measure and its ground (35条), and what a complaint
//! is about (40条), each with its code and its words.

use serde::{Deserialize, Serialize};

/// An item of the registry a member may ask to correct (34条).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeldItem {
    Name,
    NameKana,
    BirthDate,
    Sex,
    Relationship,
    PostalCode,
    Address,
    /// Anything else the society holds; the member describes it.
    Other,
}

kit::codes!(HeldItem {
    Name => "name": "氏名", "Name",
    NameKana => "name_kana": "氏名（カナ）", "Name (kana)",
    BirthDate => "birth_date": "生年月日", "Date of birth",
    Sex => "sex": "性別", "Sex",
    Relationship => "relationship": "続柄", "Relationship",
    PostalCode => "postal_code": "郵便番号", "Postal code",
    Address => "address": "住所", "Address",
    Other => "other": "その他", "Other",
});

/// 訂正・追加・削除 (34条1項).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Correct,
    Add,
    Delete,
}

/// 利用停止・消去 (35条1項・5項) or 第三者提供の停止 (35条3項・5項).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    StopUse,
    Erase,
    StopProvision,
}

/// The legal grounds a member can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// 35条1項: used beyond its purpose (18条) or improperly (19条).
    UnlawfulUse,
    /// 35条1項: acquired by deception or other unlawful means (20条1項).
    UnlawfulAcquisition,
    /// 35条1項: 要配慮個人情報 acquired without the person's consent (20条2項).
    SensitiveWithoutConsent,
    /// 35条3項: provided to a third party without consent (27条1項) or abroad (28条).
    UnlawfulProvision,
    /// 35条5項: the society no longer needs it.
    NoLongerNeeded,
    /// 35条5項: a leak (漏えい等) occurred.
    Leak,
    /// 35条5項: the member's rights or legitimate interests may be harmed.
    RightsHarmed,
}

impl Ground {
    /// Which measure this ground supports (35条1項 grounds for use and erasure, 3項 for
    /// provision, 5項 for both).
    pub fn supports(self, measure: Measure) -> bool {
        match self {
            Ground::UnlawfulUse | Ground::UnlawfulAcquisition | Ground::SensitiveWithoutConsent => measure != Measure::StopProvision,
            Ground::UnlawfulProvision => measure == Measure::StopProvision,
            Ground::NoLongerNeeded | Ground::Leak | Ground::RightsHarmed => true,
        }
    }

    /// The article, as shown next to the choice.
    pub fn article(self) -> &'static str {
        match self {
            Ground::UnlawfulUse | Ground::UnlawfulAcquisition | Ground::SensitiveWithoutConsent => "35条1項",
            Ground::UnlawfulProvision => "35条3項",
            Ground::NoLongerNeeded | Ground::Leak | Ground::RightsHarmed => "35条5項",
        }
    }
}

kit::codes!(ChangeKind {
    Correct => "correct": "訂正（内容を正しくする）", "Correct it",
    Add => "add": "追加（抜けている内容を加える）", "Add what is missing",
    Delete => "delete": "削除（誤って登録された内容を消す）", "Delete what should not be there",
});
kit::codes!(Measure {
    StopUse => "stop_use": "利用の停止", "Stop using it",
    Erase => "erase": "消去", "Erase it",
    StopProvision => "stop_provision": "第三者への提供の停止", "Stop providing it to third parties",
});
kit::codes!(Ground {
    UnlawfulUse => "unlawful_use": "目的の範囲を超えて、または不適正に使われている（18条・19条）", "Used beyond its purpose or improperly (Arts. 18, 19)",
    UnlawfulAcquisition => "unlawful_acquisition": "偽りその他不正な手段で取得された（20条1項）", "Acquired by deception or other unlawful means (Art. 20(1))",
    SensitiveWithoutConsent => "sensitive_without_consent": "病歴など要配慮個人情報を、本人の同意なく取得された（20条2項）", "Sensitive data (such as medical history) acquired without my consent (Art. 20(2))",
    UnlawfulProvision => "unlawful_provision": "本人の同意なく第三者に提供されている（27条1項・28条）", "Provided to a third party without consent (Arts. 27(1), 28)",
    NoLongerNeeded => "no_longer_needed": "組合が使う必要がなくなった（35条5項）", "No longer needed by the society (Art. 35(5))",
    Leak => "leak": "個人情報保護委員会への報告が必要な漏えい等が起きた（35条5項・26条1項）", "A leak reportable to the Commission occurred (Arts. 35(5), 26(1))",
    RightsHarmed => "rights_harmed": "本人の権利や正当な利益が害されるおそれがある（35条5項）", "My rights or legitimate interests may be harmed (Art. 35(5))",
});

/// What a complaint is about (苦情の区分): how the society sorts and reports them, and which
/// go to the 責任者 at once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintCategory {
    /// 取扱い: use beyond the purposes, provision to others, collection.
    Handling,
    /// 漏えい等のおそれ: data lost, leaked, sent to the wrong person (26条).
    SuspectedLeak,
    /// 開示等の請求の手続・対応.
    Requests,
    /// 窓口・職員の対応.
    Service,
    #[default]
    Other,
}

kit::codes!(ComplaintCategory {
    Handling => "handling": "個人情報の使い方（目的外の利用、第三者への提供など）", "How personal data is used (beyond its purposes, given to others …)",
    SuspectedLeak => "suspected_leak": "個人情報が漏れた・なくなった・別の人に届いたおそれ", "Data may have leaked, been lost or reached the wrong person",
    Requests => "requests": "開示などの手続や対応", "Requests for disclosure and the like, and how they were handled",
    Service => "service": "窓口や職員の対応", "The desk or staff",
    Other => "other": "その他・わからない", "Other, or not sure",
});

impl ComplaintCategory {
    /// A suspected 漏えい等 may be a 26条 matter (report to the Commission, notice to the
    /// person): the 責任者 is told at once, not when the complaint reaches the top of a queue.
    pub fn escalates(self) -> bool {
        self == ComplaintCategory::SuspectedLeak
    }
}
