//! The request types APPI gives a person (32–35条, 40条): the law's vocabulary, shared
//! by the publication (which publishes a fee per type) and the requests feature (which
//! carries each request through its lifecycle).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestType {
    /// 利用目的の通知の求め (32条2項).
    PurposeNotice,
    /// 開示 (33条1項).
    Disclosure,
    /// 第三者提供記録の開示 (33条5項).
    ThirdPartyRecordDisclosure,
    /// 訂正・追加・削除 (34条).
    Correction,
    /// 利用停止・消去・第三者提供の停止 (35条).
    Suspension,
    /// 苦情 (40条).
    Complaint,
}

crate::codes!(RequestType {
    PurposeNotice => "purpose_notice": "利用目的の通知", "Notice of purposes of use",
    Disclosure => "disclosure": "開示", "Disclosure",
    ThirdPartyRecordDisclosure => "third_party_record_disclosure": "第三者提供記録の開示", "Disclosure of third-party provision records",
    Correction => "correction": "訂正・追加・削除", "Correction, addition or deletion",
    Suspension => "suspension": "利用停止・消去・第三者提供の停止", "Suspension of use, erasure, or stopping provision to third parties",
    Complaint => "complaint": "苦情", "Complaint",
});

impl RequestType {
    /// The name of a request type (the law's own term in Japanese).
    pub fn name(self, m: &crate::i18n::Messages) -> &'static str {
        self.label(m.lang)
    }

    /// The form's address segment (`/requests/new/disclosure`).
    pub fn slug(self) -> &'static str {
        match self {
            Self::PurposeNotice => "purpose",
            Self::Disclosure => "disclosure",
            Self::ThirdPartyRecordDisclosure => "third-party-records",
            Self::Correction => "correction",
            Self::Suspension => "suspension",
            Self::Complaint => "complaint",
        }
    }

    pub fn from_slug(slug: &str) -> Option<RequestType> {
        Self::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// 38条1項: a fee may be charged only for 利用目的の通知 and 開示
    /// (which includes 第三者提供記録の開示, 33条5項).
    pub fn may_charge_fee(self) -> bool {
        matches!(self, Self::PurposeNotice | Self::Disclosure | Self::ThirdPartyRecordDisclosure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_type_names_exist_in_both_languages() {
        for t in RequestType::ALL {
            assert!(!t.name(crate::i18n::Lang::Ja.messages()).is_empty());
            assert!(t.name(crate::i18n::Lang::En.messages()).is_ascii());
            assert_eq!(RequestType::ALL[t as usize], t);
        }
    }

    #[test]
    fn codes_match_the_serialised_names_and_round_trip() {
        for t in RequestType::ALL {
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.code()));
            assert_eq!(RequestType::from_code(t.code()), Some(t));
            assert_eq!(RequestType::from_slug(t.slug()), Some(t));
        }
        assert_eq!(RequestType::from_slug("../admin"), None);
    }

    #[test]
    fn only_notice_and_disclosure_types_may_charge_a_fee() {
        let charged: Vec<_> = RequestType::ALL.into_iter().filter(|t| t.may_charge_fee()).collect();
        assert_eq!(
            charged,
            vec![RequestType::PurposeNotice, RequestType::Disclosure, RequestType::ThirdPartyRecordDisclosure]
        );
    }
}
