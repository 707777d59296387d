//! What a decision can be: the outcomes each request type allows, the legal ground each
//! rests on as the letter cites it, the fee, and when a reason or an approval is owed.

use serde::{Deserialize, Serialize};

use crate::requests::draft::{Details, Ground as AskedGround};
use kit::form::Problem;
use kit::rights::RequestType;

/// What the society decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 全部開示.
    FullDisclosure,
    /// 一部開示: part withheld under 33条2項.
    PartialDisclosure,
    /// 不開示 (33条2項1–3号).
    NonDisclosure,
    /// 不存在: the data asked for is not held (33条3項).
    NotHeld,
    /// The chosen method is difficult; disclosed 書面の交付 instead (33条1項括弧書・3項).
    MethodDifficult,
    /// 訂正する (34条2項), with the change.
    Corrected,
    /// 訂正しない.
    NotCorrected,
    /// 利用停止等を実施する (35条2・4・6項).
    Suspended,
    /// 代替措置 instead of the measure asked for (35条2・4・6項ただし書).
    Alternative,
    /// 実施しない.
    NotSuspended,
    /// 利用目的を通知する (32条2項).
    PurposeNotified,
    /// 通知しない (32条2項ただし書).
    PurposeNotNotified,
    /// 苦情への対応内容 (40条).
    Responded,
    /// 却下: the request cannot be taken up as made (identity or agency not shown, the
    /// data not identified, a 補正 refused); open to every type, always with a reason and
    /// the 責任者's approval.
    Dismissed,
    /// 補正なしで終了: the system closed a request whose 補正依頼 stayed unanswered past
    /// its reminder. Never chosen on a form.
    Lapsed,
}

/// The legal ground a decision rests on, as the letter cites it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalGround {
    /// 33条1項: disclosure as asked.
    #[serde(rename = "33-1")]
    Art33Para1,
    /// 33条5項 (1項の準用): the 第三者提供記録 disclosed as asked.
    #[serde(rename = "33-5")]
    Art33Para5,
    /// 33条2項1号: 本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ.
    #[serde(rename = "33-2-1")]
    Art33Para2No1,
    /// 33条2項2号: 業務の適正な実施に著しい支障を及ぼすおそれ.
    #[serde(rename = "33-2-2")]
    Art33Para2No2,
    /// 33条2項3号: 他の法令に違反することとなる場合.
    #[serde(rename = "33-2-3")]
    Art33Para2No3,
    /// 33条3項: the data does not exist.
    #[serde(rename = "33-3-not-held")]
    Art33Para3NotHeld,
    /// 33条2項括弧書: the chosen method costs too much or is otherwise difficult; 書面の交付
    /// instead, with the 33条3項 notice saying so.
    #[serde(rename = "33-3-method")]
    Art33Para3Method,
    /// 34条2項: found not to be true, corrected within the purpose of use.
    #[serde(rename = "34-2")]
    Art34Para2,
    /// 34条2項: the investigation found the held data true.
    #[serde(rename = "34-true")]
    Art34True,
    /// 34条1項: another law sets a special procedure for this correction.
    #[serde(rename = "34-other-law")]
    Art34OtherLaw,
    /// 35条2項 (grounds of 1項).
    #[serde(rename = "35-2")]
    Art35Para2,
    /// 35条4項 (grounds of 3項).
    #[serde(rename = "35-4")]
    Art35Para4,
    /// 35条6項 (grounds of 5項), as decided before each ground had its own; kept so that
    /// those decisions still read, never offered.
    #[serde(rename = "35-6")]
    Art35Para6,
    /// 35条6項: 利用する必要がなくなった.
    #[serde(rename = "35-6-no-longer-needed")]
    Art35Para6NoLongerNeeded,
    /// 35条6項: 26条1項本文に規定する事態（漏えい等の報告対象）が生じた.
    #[serde(rename = "35-6-leak")]
    Art35Para6Leak,
    /// 35条6項: 本人の権利又は正当な利益が害されるおそれがある.
    #[serde(rename = "35-6-rights")]
    Art35Para6Rights,
    /// 35条2・4・6項ただし書: the measure costs too much or is difficult; an alternative protects the person.
    #[serde(rename = "35-proviso")]
    Art35Proviso,
    /// The request does not meet 35条1・3・5項.
    #[serde(rename = "35-not-met")]
    Art35NotMet,
    /// 32条2項本文.
    #[serde(rename = "32-2")]
    Art32Para2,
    /// 32条2項1号: the purpose is already clear from the publication (32条1項).
    #[serde(rename = "32-2-1")]
    Art32Para2No1,
    /// 32条2項2号 via 21条4項1号: harm to the person or a third party.
    #[serde(rename = "21-4-1")]
    Art21Para4No1,
    /// 32条2項2号 via 21条4項2号: harm to the society's rights or legitimate interests.
    #[serde(rename = "21-4-2")]
    Art21Para4No2,
    /// 32条2項2号 via 21条4項3号: cooperation with a public authority.
    #[serde(rename = "21-4-3")]
    Art21Para4No3,
    /// 40条.
    #[serde(rename = "40")]
    Art40,
    /// 却下: identity or the agent's authority could not be confirmed (37条1項, 施行令12条3号・13条).
    #[serde(rename = "37-identity")]
    DismissIdentity,
    /// 却下: the data asked about could not be identified (37条2項).
    #[serde(rename = "37-unspecified")]
    DismissUnspecified,
    /// 却下 / 補正なしで終了: what the request needed was asked for and not given (37条1項).
    #[serde(rename = "37-no-answer")]
    DismissNoAnswer,
    /// 補正なしで終了: the fee (38条) stayed unpaid past its reminder; the fee is collected
    /// as the society set it (37条1項, 施行令12条4号), and the person may ask again.
    #[serde(rename = "38-unpaid")]
    FeeUnpaid,
    /// 却下: a minor's representative asked and the person has turned 18 since (37条3項,
    /// 施行令13条1号): the authority ended; the person may ask in their own name.
    #[serde(rename = "37-representation-ended")]
    DismissRepresentationEnded,
}

/// The fee (38条), where one is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fee {
    /// No fee for this type, or none published.
    NotCharged,
    Paid,
    Waived,
}

// The labels are the words the letter and the pages use.
kit::codes!(Outcome {
    FullDisclosure => "full_disclosure": "全部開示", "Disclosed in full",
    PartialDisclosure => "partial_disclosure": "一部開示", "Disclosed in part",
    NonDisclosure => "non_disclosure": "不開示", "Not disclosed",
    NotHeld => "not_held": "不存在（お求めの個人データを保有していません）", "Not held (the society holds no such data)",
    MethodDifficult => "method_difficult": "ご指定の方法による開示が困難なため、書面の交付により開示", "Disclosed on paper: the chosen method is difficult",
    Corrected => "corrected": "訂正する", "Corrected",
    NotCorrected => "not_corrected": "訂正しない", "Not corrected",
    Suspended => "suspended": "お求めの措置を実施する", "The measure asked for is taken",
    Alternative => "alternative": "代替措置を実施する", "An alternative measure is taken",
    NotSuspended => "not_suspended": "実施しない", "Not taken",
    PurposeNotified => "purpose_notified": "利用目的を通知する", "Purposes of use notified",
    PurposeNotNotified => "purpose_not_notified": "利用目的を通知しない", "Purposes of use not notified",
    Responded => "responded": "苦情への対応", "Response to the complaint",
    Dismissed => "dismissed": "却下", "Dismissed",
    Lapsed => "lapsed": "補正なしで終了", "Closed without your reply",
});
// The labels say what each ground means, in plain words next to its article.
kit::codes!(LegalGround {
    Art33Para1 => "33-1": "お求めのとおり開示します", "Disclosed as asked",
    Art33Para5 => "33-5": "お求めのとおり第三者提供記録を開示します", "The third-party provision records disclosed as asked",
    Art33Para2No1 => "33-2-1": "本人または第三者の生命、身体、財産その他の権利利益を害するおそれがあるため", "Disclosure may harm the life, body, property or other rights of the person or a third party",
    Art33Para2No2 => "33-2-2": "組合の業務の適正な実施に著しい支障を及ぼすおそれがあるため", "Disclosure may seriously hinder the society's proper conduct of its business",
    Art33Para2No3 => "33-2-3": "開示すると他の法令に違反することとなるため", "Disclosure would violate another law",
    Art33Para3NotHeld => "33-3-not-held": "お求めの保有個人データが存在しないため", "The data asked for does not exist",
    Art33Para3Method => "33-3-method": "ご指定の方法による開示には多額の費用を要するなど困難であるため、書面の交付により開示します（第33条第3項によりその旨をお知らせします）", "Disclosure by the chosen method would cost too much or is otherwise difficult, so it is disclosed on paper (as Art. 33(3) requires us to tell you)",
    Art34Para2 => "34-2": "調査の結果、内容が事実でないことが確認されたため", "The investigation found the data untrue",
    Art34True => "34-true": "調査の結果、保有している内容が事実であることが確認されたため", "The investigation found the held data true",
    Art34OtherLaw => "34-other-law": "他の法令の規定により特別の手続が定められているため", "Another law sets a special procedure",
    Art35Para2 => "35-2": "目的外利用・不適正利用・不正取得に当たるため", "Use beyond purpose, improper use or unlawful acquisition",
    Art35Para4 => "35-4": "本人の同意のない第三者提供に当たるため", "Provision to a third party without consent",
    Art35Para6 => "35-6": "利用の必要がなくなった、漏えい等が生じた、または本人の権利利益が害されるおそれがあるため", "No longer needed, a leak occurred, or the person's rights may be harmed",
    Art35Para6NoLongerNeeded => "35-6-no-longer-needed": "当組合が利用する必要がなくなったため", "The society no longer needs to use the data",
    Art35Para6Leak => "35-6-leak": "個人情報保護委員会への報告の対象となる漏えい等（第26条第1項本文の事態）が生じたため", "A leak reportable to the Personal Information Protection Commission (Art. 26(1)) occurred",
    Art35Para6Rights => "35-6-rights": "本人の権利または正当な利益が害されるおそれがあるため", "The person's rights or legitimate interests may be harmed",
    Art35Proviso => "35-proviso": "お求めの措置に多額の費用を要する等困難なため、本人の権利利益を保護する代替措置をとります", "The measure is too costly or difficult; an alternative protects the person",
    Art35NotMet => "35-not-met": "法に定める利用停止等の要件に当たらないため", "The legal conditions for the measure are not met",
    Art32Para2 => "32-2": "お求めのとおり利用目的を通知します", "Purposes notified as asked",
    Art32Para2No1 => "32-2-1": "利用目的が公表により既に明らかであるため", "The purposes are already clear from the publication",
    Art21Para4No1 => "21-4-1": "通知により本人または第三者の生命、身体、財産その他の権利利益を害するおそれがあるため", "Notice may harm the person or a third party",
    Art21Para4No2 => "21-4-2": "通知により組合の権利または正当な利益を害するおそれがあるため", "Notice may harm the society's rights or legitimate interests",
    Art21Para4No3 => "21-4-3": "国の機関等の法令の定める事務への協力に支障を及ぼすおそれがあるため", "Notice may hinder cooperation with a public authority",
    Art40 => "40": "苦情の適切かつ迅速な処理", "Appropriate and prompt handling of complaints",
    DismissIdentity => "37-identity": "ご本人または代理人であることを確認できなかったため", "Your identity, or the agent's authority, could not be confirmed",
    DismissUnspecified => "37-unspecified": "お求めの保有個人データを特定できなかったため", "The data asked about could not be identified",
    DismissNoAnswer => "37-no-answer": "お願いした補正（書類・情報）のご提出がなかったため", "What we asked for (documents or information) did not reach us",
    FeeUnpaid => "38-unpaid": "手数料のお支払いがなかったため", "The fee was not paid",
    DismissRepresentationEnded => "37-representation-ended": "ご本人が18歳になり、法定代理人としての代理権がなくなったため（ご本人から改めてお申し出いただけます）", "The person turned 18 and the legal representative's authority ended (the person may ask in their own name)",
});
/// Where a request's fee stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeeState {
    /// No fee: the type carries none, or none was published.
    None,
    /// 手数料のお支払い待ち.
    Due,
    Paid,
    Waived,
}

impl FeeState {
    /// `settled`: Some(true) paid, Some(false) waived, None not yet.
    pub fn of(fee_yen: i64, settled: Option<bool>) -> FeeState {
        match settled {
            _ if fee_yen <= 0 => FeeState::None,
            None => FeeState::Due,
            Some(true) => FeeState::Paid,
            Some(false) => FeeState::Waived,
        }
    }
}

/// The fee a decision records, or why it cannot be decided yet: one that delivers data
/// needs the fee paid or waived; one that delivers nothing records what happened and
/// asks for nothing.
pub fn decision_fee(state: FeeState, outcome: Outcome) -> Result<Fee, Problem> {
    match state {
        FeeState::None => Ok(Fee::NotCharged),
        FeeState::Paid => Ok(Fee::Paid),
        FeeState::Waived => Ok(Fee::Waived),
        FeeState::Due if outcome.delivers_data() => Err(Problem::FeeUnpaid),
        FeeState::Due => Ok(Fee::NotCharged),
    }
}

kit::codes!(Fee {
    NotCharged => "not_charged": "手数料なし", "No fee",
    Paid => "paid": "納付済", "Paid",
    Waived => "waived": "免除", "Waived",
});

impl Outcome {
    /// The outcomes staff may decide on a request of this type (却下 is open to every type).
    pub fn for_type(t: RequestType) -> &'static [Outcome] {
        use Outcome::*;
        match t {
            RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure => {
                &[FullDisclosure, PartialDisclosure, NonDisclosure, NotHeld, MethodDifficult, Dismissed]
            }
            RequestType::Correction => &[Corrected, NotCorrected, Dismissed],
            RequestType::Suspension => &[Suspended, Alternative, NotSuspended, Dismissed],
            RequestType::PurposeNotice => &[PurposeNotified, PurposeNotNotified, Dismissed],
            RequestType::Complaint => &[Responded, Dismissed],
        }
    }

    /// The answer hands data over (開示, 利用目的の通知): 38条's fee is paid or waived first;
    /// one that hands nothing over (不存在, 不開示, 却下) does not wait for it.
    pub fn delivers_data(self) -> bool {
        matches!(self, Outcome::FullDisclosure | Outcome::PartialDisclosure | Outcome::MethodDifficult | Outcome::PurposeNotified)
    }

    /// The request ends here without an answer on its merits (却下, 補正なしで終了): the
    /// status closes instead of becoming 通知済.
    pub fn ends_the_request(self) -> bool {
        matches!(self, Outcome::Dismissed | Outcome::Lapsed)
    }

    /// The society refuses or does otherwise than asked: 36条 asks it to explain why.
    pub fn refuses_or_differs(self) -> bool {
        use Outcome::*;
        match self {
            PartialDisclosure | NonDisclosure | NotHeld | MethodDifficult | NotCorrected | Alternative
            | NotSuspended | PurposeNotNotified | Dismissed | Lapsed => true,
            FullDisclosure | Corrected | Suspended | PurposeNotified | Responded => false,
        }
    }

    /// Written text the member reads is required: the 36条 reason, or the 対応内容 of a 苦情.
    pub fn needs_reason(self) -> bool {
        self.refuses_or_differs() || self == Outcome::Responded
    }

    /// Four-eyes: every disclosure (personal data leaves the society) and every refusal.
    pub fn needs_approval(self, t: RequestType) -> bool {
        matches!(t, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure) || self.refuses_or_differs()
    }

    /// The grounds this outcome can rest on, given what was asked.
    pub fn grounds(self, details: &Details) -> Vec<LegalGround> {
        use LegalGround as G;
        use Outcome::*;
        match self {
            // 第三者提供記録 are disclosed under 33条5項 (which applies 1項 to them).
            FullDisclosure => match details {
                Details::ThirdPartyRecords { .. } => vec![G::Art33Para5],
                _ => vec![G::Art33Para1],
            },
            PartialDisclosure | NonDisclosure => vec![G::Art33Para2No1, G::Art33Para2No2, G::Art33Para2No3],
            NotHeld => vec![G::Art33Para3NotHeld],
            MethodDifficult => vec![G::Art33Para3Method],
            Corrected => vec![G::Art34Para2],
            NotCorrected => vec![G::Art34True, G::Art34OtherLaw],
            // The measure rests on the paragraph that matches the member's ground.
            Suspended => match details {
                Details::Suspension { ground, .. } => vec![suspension_paragraph(*ground)],
                _ => Vec::new(),
            },
            Alternative => vec![G::Art35Proviso],
            NotSuspended => vec![G::Art35NotMet],
            PurposeNotified => vec![G::Art32Para2],
            PurposeNotNotified => vec![G::Art32Para2No1, G::Art21Para4No1, G::Art21Para4No2, G::Art21Para4No3],
            Responded => vec![G::Art40],
            Dismissed => vec![G::DismissIdentity, G::DismissUnspecified, G::DismissNoAnswer, G::DismissRepresentationEnded],
            Lapsed => vec![G::DismissNoAnswer, G::FeeUnpaid],
        }
    }
}

/// 35条2項 answers 1項's grounds, 4項 answers 3項's, 6項 answers 5項's — naming which of
/// 5項's three the member gave, so the letter says the one decided.
fn suspension_paragraph(ground: AskedGround) -> LegalGround {
    match ground {
        AskedGround::UnlawfulUse | AskedGround::UnlawfulAcquisition | AskedGround::SensitiveWithoutConsent => LegalGround::Art35Para2,
        AskedGround::UnlawfulProvision => LegalGround::Art35Para4,
        AskedGround::NoLongerNeeded => LegalGround::Art35Para6NoLongerNeeded,
        AskedGround::Leak => LegalGround::Art35Para6Leak,
        AskedGround::RightsHarmed => LegalGround::Art35Para6Rights,
    }
}

impl LegalGround {
    /// The article as the letter cites it.
    pub fn article(self) -> &'static str {
        use LegalGround as G;
        match self {
            G::Art33Para1 => "個人情報保護法第33条第1項",
            G::Art33Para2No1 => "個人情報保護法第33条第2項第1号",
            G::Art33Para2No2 => "個人情報保護法第33条第2項第2号",
            G::Art33Para2No3 => "個人情報保護法第33条第2項第3号",
            G::Art33Para5 => "個人情報保護法第33条第5項（同条第1項の準用）",
            G::Art33Para3NotHeld => "個人情報保護法第33条第3項",
            G::Art33Para3Method => "個人情報保護法第33条第2項括弧書・第3項",
            G::Art34Para2 | G::Art34True => "個人情報保護法第34条第2項",
            G::Art34OtherLaw => "個人情報保護法第34条第1項",
            G::Art35Para2 => "個人情報保護法第35条第2項",
            G::Art35Para4 => "個人情報保護法第35条第4項",
            G::Art35Para6 | G::Art35Para6NoLongerNeeded | G::Art35Para6Leak | G::Art35Para6Rights => "個人情報保護法第35条第6項",
            G::Art35Proviso => "個人情報保護法第35条第2項・第4項・第6項ただし書",
            G::Art35NotMet => "個人情報保護法第35条第1項・第3項・第5項",
            G::Art32Para2 => "個人情報保護法第32条第2項",
            G::Art32Para2No1 => "個人情報保護法第32条第2項第1号",
            G::Art21Para4No1 => "個人情報保護法第32条第2項第2号（第21条第4項第1号）",
            G::Art21Para4No2 => "個人情報保護法第32条第2項第2号（第21条第4項第2号）",
            G::Art21Para4No3 => "個人情報保護法第32条第2項第2号（第21条第4項第3号）",
            G::Art40 => "個人情報保護法第40条",
            G::DismissIdentity => "個人情報保護法第37条第1項（同法施行令第12条第3号・第13条）",
            G::DismissUnspecified => "個人情報保護法第37条第2項",
            G::DismissNoAnswer => "個人情報保護法第37条第1項",
            G::FeeUnpaid => "個人情報保護法第38条第1項・第37条第1項（同法施行令第12条第4号）",
            G::DismissRepresentationEnded => "個人情報保護法第37条第3項（同法施行令第13条第1号）",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::decision::fixtures::{details_for, suspension};

    #[test]
    fn each_type_has_exactly_its_outcomes_and_each_outcome_one_type_family() {
        for o in Outcome::ALL {
            let types: Vec<_> = RequestType::ALL.into_iter().filter(|t| Outcome::for_type(*t).contains(&o)).collect();
            match o {
                // 却下 is open to every request; the automatic close is never chosen.
                Outcome::Dismissed => assert_eq!(types, RequestType::ALL.to_vec()),
                Outcome::Lapsed => assert!(types.is_empty()),
                _ => {
                    assert!(!types.is_empty(), "{o:?} belongs to no type");
                    let disclosure_family = types.iter().all(|t| matches!(t, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure));
                    assert!(types.len() == 1 || disclosure_family, "{o:?}: {types:?}");
                }
            }
            assert_eq!(o.ends_the_request(), matches!(o, Outcome::Dismissed | Outcome::Lapsed), "{o:?}");
        }
        assert_eq!(Outcome::for_type(RequestType::Complaint), &[Outcome::Responded, Outcome::Dismissed]);
    }

    #[test]
    fn a_dismissal_always_gives_its_ground_and_reason_and_waits_for_approval() {
        for t in RequestType::ALL {
            assert!(Outcome::Dismissed.needs_reason() && Outcome::Dismissed.needs_approval(t), "{t:?}");
            assert_eq!(Outcome::Dismissed.grounds(&details_for(t)).len(), 4);
        }
        assert_eq!(Outcome::Lapsed.grounds(&details_for(RequestType::Disclosure)), vec![LegalGround::DismissNoAnswer, LegalGround::FeeUnpaid]);
    }

    #[test]
    fn every_outcome_has_a_ground_for_every_request_of_its_type() {
        for t in RequestType::ALL {
            for o in Outcome::for_type(t) {
                assert!(!o.grounds(&details_for(t)).is_empty(), "{t:?} {o:?}");
            }
        }
        for g in AskedGround::ALL {
            let grounds = Outcome::Suspended.grounds(&suspension(g));
            let want = match (g.article(), g) {
                ("35条1項", _) => LegalGround::Art35Para2,
                ("35条3項", _) => LegalGround::Art35Para4,
                (_, AskedGround::NoLongerNeeded) => LegalGround::Art35Para6NoLongerNeeded,
                (_, AskedGround::Leak) => LegalGround::Art35Para6Leak,
                _ => LegalGround::Art35Para6Rights,
            };
            assert_eq!(grounds, vec![want], "{g:?}");
        }
    }

    #[test]
    fn refusals_and_every_disclosure_need_the_responsible_persons_approval() {
        for t in RequestType::ALL {
            for o in Outcome::for_type(t) {
                let disclosure = matches!(t, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure);
                assert_eq!(o.needs_approval(t), disclosure || o.refuses_or_differs(), "{t:?} {o:?}");
            }
        }
        assert!(!Outcome::Corrected.needs_approval(RequestType::Correction));
        assert!(Outcome::NotCorrected.needs_approval(RequestType::Correction));
        assert!(Outcome::FullDisclosure.needs_approval(RequestType::Disclosure));
        assert!(!Outcome::PurposeNotified.needs_approval(RequestType::PurposeNotice));
        assert!(Outcome::PurposeNotNotified.needs_approval(RequestType::PurposeNotice));
    }

    #[test]
    fn the_letter_names_the_ground_decided_and_the_right_paragraph() {
        // Each of 35条5項's three grounds has its own words; the old combined ground is
        // never offered any more (decisions made with it still read).
        for g in [AskedGround::NoLongerNeeded, AskedGround::Leak, AskedGround::RightsHarmed] {
            let offered = Outcome::Suspended.grounds(&suspension(g));
            assert_eq!(offered.len(), 1);
            assert_ne!(offered[0], LegalGround::Art35Para6);
            assert_eq!(offered[0].article(), "個人情報保護法第35条第6項");
        }
        let records = details_for(RequestType::ThirdPartyRecordDisclosure);
        assert_eq!(Outcome::FullDisclosure.grounds(&records), vec![LegalGround::Art33Para5]);
        assert_eq!(Outcome::FullDisclosure.grounds(&details_for(RequestType::Disclosure)), vec![LegalGround::Art33Para1]);
        assert_eq!(LegalGround::Art33Para3Method.article(), "個人情報保護法第33条第2項括弧書・第3項");
        assert!(LegalGround::Art33Para3Method.label(kit::i18n::Lang::Ja).contains("第33条第3項"));
        for t in RequestType::ALL {
            for o in Outcome::ALL {
                assert!(!o.grounds(&details_for(t)).contains(&LegalGround::Art35Para6), "{t:?} {o:?}");
            }
        }
    }

    #[test]
    fn codes_round_trip() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_code(o.code()), Some(o));
        }
        for g in LegalGround::ALL {
            assert_eq!(LegalGround::from_code(g.code()), Some(g));
            assert_eq!(serde_json::to_string(&g).unwrap(), format!("\"{}\"", g.code()));
            assert!(g.article().starts_with("個人情報保護法第"), "{g:?}");
        }
        for f in Fee::ALL {
            assert_eq!(Fee::from_code(f.code()), Some(f));
        }
    }
}
