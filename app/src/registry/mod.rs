//! The member registry (資格情報): a copy of the society's core system (基幹システム),
//! loaded from its CSV export. The records and their rules are here; reading the CSV and
//! storage are in [`store`] (server only).
//!
//! The CSV has a header row with these columns, in any order:
//! 保険者番号, 記号, 番号, 枝番, 氏名, 氏名カナ, 生年月日, 性別, 続柄, 郵便番号, 住所,
//! 資格取得日, 資格喪失日 (empty while a member).

#[cfg(feature = "ssr")]
pub mod store;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use kit::input::normalize;

/// 続柄: how a person is related to the 被保険者.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// 本人 (被保険者).
    Insured,
    Spouse,
    Child,
    Parent,
    Other,
}

impl Relationship {
    pub fn parse(raw: &str) -> Option<Relationship> {
        match normalize(raw).as_str() {
            "本人" | "被保険者" => Some(Self::Insured),
            "配偶者" | "妻" | "夫" => Some(Self::Spouse),
            "子" | "長男" | "長女" | "次男" | "次女" | "三男" | "三女" => Some(Self::Child),
            "父" | "母" | "父母" | "養父" | "養母" => Some(Self::Parent),
            "その他" | "孫" | "兄" | "姉" | "弟" | "妹" | "祖父" | "祖母" => Some(Self::Other),
            _ => None,
        }
    }

}

// The labels are the registry's own words for what it holds (shown as held, in Japanese).
kit::codes!(Relationship {
    Insured => "insured": "本人（被保険者）", "本人（被保険者）",
    Spouse => "spouse": "配偶者", "配偶者",
    Child => "child": "子", "子",
    Parent => "parent": "父母", "父母",
    Other => "other": "その他", "その他",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn parse(raw: &str) -> Option<Sex> {
        match normalize(raw).as_str() {
            "1" | "男" | "男性" => Some(Sex::Male),
            "2" | "女" | "女性" => Some(Sex::Female),
            _ => None,
        }
    }
}

kit::codes!(Sex { Male => "male": "男性", "男性", Female => "female": "女性", "女性" });

/// 保険者番号・記号・番号・枝番: identifies one person in the registry. Never a secret.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MemberKey {
    pub insurer_number: String,
    pub symbol: String,
    pub number: String,
    pub branch: String,
}

/// One person as the core system exports them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryRecord {
    pub key: MemberKey,
    pub name: String,
    pub name_kana: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub relationship: Relationship,
    pub postal_code: String,
    pub address: String,
    pub acquired_on: NaiveDate,
    pub lost_on: Option<NaiveDate>,
}

impl RegistryRecord {
    /// The fields a correction (34条) can name, with their stored text, in a fixed order.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("name_kana", self.name_kana.clone()),
            ("birth_date", self.birth_date.to_string()),
            ("sex", self.sex.code().to_string()),
            ("relationship", self.relationship.code().to_string()),
            ("postal_code", self.postal_code.clone()),
            ("address", self.address.clone()),
            ("acquired_on", self.acquired_on.to_string()),
            ("lost_on", self.lost_on.map(|d| d.to_string()).unwrap_or_default()),
        ]
    }
}

pub const COLUMNS: [&str; 13] = [
    "保険者番号",
    "記号",
    "番号",
    "枝番",
    "氏名",
    "氏名カナ",
    "生年月日",
    "性別",
    "続柄",
    "郵便番号",
    "住所",
    "資格取得日",
    "資格喪失日",
];

pub use crate::csv_import::{LineProblem, RejectedLine};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ParsedRegistry {
    pub records: Vec<(usize, RegistryRecord)>,
    pub rejected: Vec<RejectedLine>,
}
