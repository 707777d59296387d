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
    pub const ALL: [Category; 5] =
        [Category::Inpatient, Category::Outpatient, Category::Dental, Category::Pharmacy, Category::HomeNursing];

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

    pub fn code(self) -> &'static str {
        match self {
            Category::Inpatient => "inpatient",
            Category::Outpatient => "outpatient",
            Category::Dental => "dental",
            Category::Pharmacy => "pharmacy",
            Category::HomeNursing => "home_nursing",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self, ja: bool) -> &'static str {
        match (self, ja) {
            (Category::Inpatient, true) => "医科入院",
            (Category::Outpatient, true) => "医科外来",
            (Category::Dental, true) => "歯科",
            (Category::Pharmacy, true) => "調剤",
            (Category::HomeNursing, true) => "訪問看護",
            (Category::Inpatient, false) => "Hospital stay",
            (Category::Outpatient, false) => "Outpatient",
            (Category::Dental, false) => "Dental",
            (Category::Pharmacy, false) => "Pharmacy",
            (Category::HomeNursing, false) => "Home nursing",
        }
    }
}

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
