//! One line of a notice, one レセプト: its 区分 and its amounts, as stored and as the
//! member sees it.

use serde::{Deserialize, Serialize};

/// 区分: the kind of care a レセプト bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 医科入院
    Inpatient,
    /// 医科外来
    Outpatient,
    /// 歯科
    Dental,
    /// 調剤 (a pharmacy)
    Pharmacy,
    /// 訪問看護
    HomeNursing,
}

impl Category {
    /// The 区分 as the レセプト system writes it (several spellings).
    pub fn parse(raw: &str) -> Option<Category> {
        match kit::input::normalize(raw).as_str() {
            "医科入院" | "入院" => Some(Category::Inpatient),
            "医科外来" | "外来" | "医科" => Some(Category::Outpatient),
            "歯科" => Some(Category::Dental),
            "調剤" | "薬局" => Some(Category::Pharmacy),
            "訪問看護" => Some(Category::HomeNursing),
            _ => None,
        }
    }
}

kit::codes!(Category {
    Inpatient => "inpatient": "医科入院", "Hospital stay",
    Outpatient => "outpatient": "医科外来", "Outpatient",
    Dental => "dental": "歯科", "Dental",
    Pharmacy => "pharmacy": "調剤", "Pharmacy",
    HomeNursing => "home_nursing": "訪問看護", "Home nursing",
});

/// One line (one レセプト) as stored and as the member sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRow {
    pub member_id: i64,
    pub month: String,
    pub provider: String,
    pub category: Category,
    pub days: i64,
    pub total_cost: i64,
    pub copay: i64,
    pub high_cost: i64,
    pub additional: i64,
}

impl NoticeRow {
    /// 補てんされる金額: what the society paid back of the 窓口負担額.
    pub fn compensated(&self) -> i64 {
        self.high_cost.saturating_add(self.additional)
    }

    /// The month number (1–12) of `month`.
    pub fn month_number(&self) -> Option<u32> {
        self.month.get(5..7).and_then(|m| m.parse().ok()).filter(|m| (1..=12).contains(m))
    }
}
