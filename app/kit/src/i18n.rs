//! The message catalogue: every user-facing string of the portal, Japanese first.
//! One struct, one instance per language, so a missing translation is a compile error.
//! (The publication's own text is the society's legal text and stays as published.)

use leptos::prelude::*;
use serde::{Deserialize, Serialize};


#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// The refusal of an oversized body (before any page can render).
pub fn too_large(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "送信された内容が大きすぎます。添付ファイルの大きさと数の上限をご確認ください。",
        Lang::En => "What was sent is too large. Please check the size and number of attached files.",
    }
}

impl Lang {
    pub const COOKIE: &'static str = "lang";

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Strict parse: anything but a known code is `None` (never a panic).
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language chosen in a `Cookie` header, Japanese by default.
    pub fn from_cookie_header(header: Option<&str>) -> Lang {
        header
            .into_iter()
            .flat_map(|h| h.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == Self::COOKIE)
            .and_then(|(_, v)| Lang::parse(v))
            .unwrap_or_default()
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }
}

/// The current language (provided once by the shell; read-only during a page's life:
/// switching language is a form post that re-renders the page).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The catalogue of the current language.
pub fn t() -> &'static Messages {
    use_lang().messages()
}

pub struct Messages {
    pub portal_name: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_privacy: &'static str,
    pub nav_history: &'static str,
    pub switch_language_label: &'static str,
    /// The name of the *other* language, in that language, on the switch button.
    pub switch_to_other: &'static str,
    pub footer_note: &'static str,

    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_publication_heading: &'static str,
    pub home_publication_body: &'static str,
    pub home_publication_link: &'static str,
    pub home_history_body: &'static str,
    pub home_history_link: &'static str,
    pub home_rights_heading: &'static str,
    pub home_rights_body: &'static str,
    pub home_contact_heading: &'static str,

    pub privacy_title: &'static str,
    pub privacy_effective: &'static str,
    pub privacy_version: &'static str,
    pub publication_language_note: &'static str,
    pub section_purposes: &'static str,
    pub col_category: &'static str,
    pub col_purposes: &'static str,
    pub section_purpose_areas: &'static str,
    pub col_area: &'static str,
    pub col_internal: &'static str,
    pub col_external: &'static str,
    pub kind_outsourced: &'static str,
    pub kind_joint_use: &'static str,
    pub kind_by_law: &'static str,
    pub joint_items: &'static str,
    pub joint_use_details: &'static str,
    pub joint_users: &'static str,
    pub joint_purpose: &'static str,
    pub joint_responsible: &'static str,
    pub section_exceptions: &'static str,
    pub section_safety: &'static str,
    pub section_procedure: &'static str,
    pub col_request_type: &'static str,
    pub col_fee: &'static str,
    pub fee_free: &'static str,
    pub fee_yen_suffix: &'static str,
    pub delivery_methods: &'static str,
    pub identity_documents: &'static str,
    pub inquiry: &'static str,
    pub procedure_link: &'static str,
    pub section_complaints: &'static str,
    pub section_specific: &'static str,
    pub col_received: &'static str,
    pub col_provided: &'static str,
    pub society_heading: &'static str,
    pub society_name: &'static str,
    pub home_categories_heading: &'static str,
    pub home_categories_body: &'static str,
    pub representative: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
    pub hours: &'static str,
    pub see_history: &'static str,
    pub no_publication: &'static str,

    pub history_title: &'static str,
    pub history_lead: &'static str,
    pub status_current: &'static str,
    pub status_past: &'static str,
    pub status_scheduled: &'static str,
    pub view_version: &'static str,
    pub compare_heading: &'static str,
    pub compare_from: &'static str,
    pub compare_to: &'static str,
    pub compare_submit: &'static str,
    pub diff_heading: &'static str,
    pub diff_none: &'static str,
    pub diff_added: &'static str,
    pub diff_removed: &'static str,
    pub diff_renamed: &'static str,
    pub diff_purposes_changed: &'static str,
    pub diff_purposes_added: &'static str,
    pub diff_purposes_removed: &'static str,
    pub diff_reordered: &'static str,
    pub diff_categories: &'static str,
    pub diff_areas: &'static str,
    pub diff_other_sections: &'static str,
    pub version_title: &'static str,
    pub back_to_history: &'static str,

    pub error_not_found_title: &'static str,
    pub error_not_found_body: &'static str,
    pub error_bad_version_id: &'static str,
    pub error_version_not_found: &'static str,
    pub error_bad_request: &'static str,
    pub error_forbidden: &'static str,
    pub error_unauthorized: &'static str,
    pub error_unavailable: &'static str,
    pub error_invalid: &'static str,
    pub error_sign_in_failed: &'static str,
    pub error_too_many_attempts: &'static str,
    pub error_step_up: &'static str,
    pub error_conflict: &'static str,
    pub error_gone: &'static str,
    pub error_internal: &'static str,
    pub error_reference: &'static str,
    pub loading: &'static str,
    pub go_home: &'static str,
    /// In the order of the request types (`requests::types::RequestType::ALL`).
    pub request_type_names: [&'static str; 6],
}

pub static JA: Messages = Messages {
    portal_name: "加入者ポータル「窓口」",
    skip_to_content: "本文へ移動",
    nav_label: "メインメニュー",
    nav_home: "ホーム",
    nav_privacy: "個人情報の公表事項",
    nav_history: "公表事項の改訂履歴",
    switch_language_label: "表示言語",
    switch_to_other: "English",
    footer_note: "個人情報の取扱いについてのご質問・苦情は、公表事項の「苦情の申出先」までご連絡ください。",

    home_title: "加入者ポータル「窓口」",
    home_lead: "健康保険組合が、みなさまの個人情報を何のために使い、どのように守っているかをお知らせするページです。",
    home_publication_heading: "個人情報の取扱い",
    home_publication_body: "当組合が取り扱う個人情報の種類と利用目的、安全管理の取組み、開示などの請求の手続、苦情の申出先を公表しています。",
    home_publication_link: "公表事項を読む",
    home_history_body: "公表事項を変更したときは、変更前と変更後の違いをこちらで確認できます。",
    home_history_link: "改訂履歴と変更点を見る",
    home_rights_heading: "ご本人が請求できること",
    home_rights_body: "個人情報保護法により、ご本人は当組合に次のことを求めることができます。",
    home_contact_heading: "お問い合わせ・苦情の申出先",

    privacy_title: "個人情報の公表事項",
    privacy_effective: "施行日",
    privacy_version: "版",
    publication_language_note: "",
    section_purposes: "個人情報の利用目的",
    col_category: "個人情報の類型",
    col_purposes: "利用目的",
    section_purpose_areas: "利用目的ごとの利用先",
    col_area: "利用目的",
    col_internal: "当組合の内部で利用するもの",
    col_external: "業務委託・共同利用など",
    kind_outsourced: "委託",
    kind_joint_use: "共同利用",
    kind_by_law: "法令に基づく提供",
    joint_items: "共同して利用する項目",
    joint_use_details: "共同利用の内容（項目・範囲・目的・責任者）",
    joint_users: "共同して利用する者の範囲",
    joint_purpose: "利用する者の利用目的",
    joint_responsible: "管理について責任を有する者",
    section_exceptions: "利用目的の通知・公表を行わない場合",
    section_safety: "安全管理措置の内容",
    section_procedure: "開示等の請求に応じる手続",
    col_request_type: "請求の種類",
    col_fee: "手数料",
    fee_free: "無料",
    fee_yen_suffix: "円",
    delivery_methods: "開示の方法（お選びいただけます）",
    identity_documents: "本人確認書類",
    inquiry: "手続のお問い合わせ先",
    procedure_link: "請求の方法（ポータル・郵送・窓口）と印刷用の様式1・様式2",
    section_complaints: "苦情の申出先",
    section_specific: "特定個人情報（マイナンバー）",
    col_received: "他機関から情報を受ける場合",
    col_provided: "他機関へ情報を提供する場合",
    society_heading: "組合の名称・住所・代表者",
    society_name: "名称",
    home_categories_heading: "取り扱う個人情報と利用目的",
    home_categories_body: "当組合が取り扱う個人情報の類型ごとの利用目的です（現行の公表事項より）。",
    representative: "代表者",
    address: "住所",
    phone: "電話",
    hours: "受付時間",
    see_history: "過去の公表事項と変更点",
    no_publication: "公表事項はまだ登録されていません。",

    history_title: "公表事項の改訂履歴",
    history_lead: "これまでに公表した版と、その施行日です。2つの版を選ぶと、個人情報の類型ごとに変更点を表示します。",
    status_current: "現行",
    status_past: "過去の版",
    status_scheduled: "予定",
    view_version: "この版を読む",
    compare_heading: "2つの版を比べる",
    compare_from: "変更前の版",
    compare_to: "変更後の版",
    compare_submit: "変更点を表示",
    diff_heading: "変更点",
    diff_none: "2つの版に違いはありません。",
    diff_added: "追加",
    diff_removed: "削除",
    diff_renamed: "名称の変更",
    diff_purposes_changed: "利用目的の変更",
    diff_purposes_added: "追加された利用目的",
    diff_purposes_removed: "削除された利用目的",
    diff_reordered: "利用目的の並び順の変更",
    diff_categories: "個人情報の類型",
    diff_areas: "利用目的ごとの利用先",
    diff_other_sections: "その他の変更された項目",
    version_title: "公表事項",
    back_to_history: "改訂履歴に戻る",

    error_not_found_title: "ページが見つかりません",
    error_not_found_body: "お探しのページは移動したか、削除された可能性があります。アドレスをご確認ください。",
    error_bad_version_id: "版の番号が正しくありません。改訂履歴の一覧から版を選んでください。",
    error_version_not_found: "指定された版はありません。改訂履歴の一覧から版を選んでください。",
    error_bad_request: "入力内容を確認してください。",
    error_forbidden: "この操作は受け付けられませんでした。ページを開き直してから、もう一度お試しください。",
    error_unauthorized: "ログインが必要です。",
    error_unavailable: "ただいま混み合っているか、一時的に利用できません。しばらくしてからもう一度お試しください。",
    error_invalid: "入力内容に確認が必要な項目があります。各項目のメッセージをご覧ください。",
    error_sign_in_failed: "ログインできませんでした。記号・番号・枝番（またはログインID）、パスワード、確認コードをご確認ください。",
    error_too_many_attempts: "ログインの失敗が続いたため、少し時間をおいてからお試しください。",
    error_step_up: "この操作の前に、本人確認のためパスワードと確認コードをもう一度入力してください。",
    error_conflict: "状況が変わったため、この操作はできませんでした。ページを開き直して、いまの状況をご確認ください。",
    error_gone: "このリンクは使えません。ダウンロードの期限が過ぎたか、すでに使われたリンクです。お申出のページを開き直してください。期限が過ぎたときは、お問い合わせ窓口で再交付をご相談ください。",
    error_internal: "申し訳ありません。処理中に問題が発生しました。時間をおいてもう一度お試しください。",
    error_reference: "お問い合わせ番号",
    loading: "読み込み中…",
    go_home: "ホームへ戻る",
    request_type_names: [
        "利用目的の通知",
        "開示",
        "第三者提供記録の開示",
        "訂正・追加・削除",
        "利用停止・消去・第三者提供の停止",
        "苦情",
    ],
};

pub static EN: Messages = Messages {
    portal_name: "Member portal “Madoguchi”",
    skip_to_content: "Skip to main content",
    nav_label: "Main menu",
    nav_home: "Home",
    nav_privacy: "Privacy notice",
    nav_history: "Notice history",
    switch_language_label: "Language",
    switch_to_other: "日本語",
    footer_note: "For questions or complaints about how your personal information is handled, contact the complaints desk named in the privacy notice.",

    home_title: "Member portal “Madoguchi”",
    home_lead: "What your health insurance society uses your personal information for, and how it protects it.",
    home_publication_heading: "How we handle personal information",
    home_publication_body: "We publish the kinds of personal information we handle and why, our safety measures, how to make a request about your data, and where to complain.",
    home_publication_link: "Read the privacy notice",
    home_history_body: "When we change the notice, you can see exactly what changed here.",
    home_history_link: "See the history and the changes",
    home_rights_heading: "What you can ask us to do",
    home_rights_body: "Under the Act on the Protection of Personal Information, you may ask us for the following.",
    home_contact_heading: "Questions and complaints",

    privacy_title: "Privacy notice",
    privacy_effective: "In effect from",
    privacy_version: "Version",
    publication_language_note: "The notice itself is the society’s legal text and is published in Japanese only.",
    section_purposes: "Purposes of use of personal information",
    col_category: "Kind of information",
    col_purposes: "Purposes of use",
    section_purpose_areas: "Who uses the information, by purpose",
    col_area: "Purpose",
    col_internal: "Used within the society",
    col_external: "Outsourced or used jointly",
    kind_outsourced: "Outsourced",
    kind_joint_use: "Joint use",
    kind_by_law: "Provision required by law",
    joint_items: "Items used jointly",
    joint_use_details: "About this joint use (items, users, purpose, responsible party)",
    joint_users: "Who uses them jointly",
    joint_purpose: "Their purpose",
    joint_responsible: "Party responsible for the data",
    section_exceptions: "When purposes are not notified or published",
    section_safety: "Safety measures",
    section_procedure: "How to make a request about your data",
    col_request_type: "Request",
    col_fee: "Fee",
    fee_free: "Free",
    fee_yen_suffix: " yen",
    delivery_methods: "How a disclosure is delivered (your choice)",
    identity_documents: "Identity documents",
    inquiry: "Questions about the procedure",
    procedure_link: "How to make a request (online, by post, at the counter) and forms 1 and 2 to print",
    section_complaints: "Where to complain",
    section_specific: "Specific personal information (My Number)",
    col_received: "Received from other bodies",
    col_provided: "Provided to other bodies",
    society_heading: "Name, address and representative of the society",
    society_name: "Name",
    home_categories_heading: "The information we hold and why",
    home_categories_body: "The purposes of use for each kind of personal information, from the current privacy notice (in Japanese).",
    representative: "Representative",
    address: "Address",
    phone: "Telephone",
    hours: "Hours",
    see_history: "Earlier versions and what changed",
    no_publication: "No privacy notice has been published yet.",

    history_title: "History of the privacy notice",
    history_lead: "Every version we have published, with the date it took effect. Pick two versions to see what changed, kind of information by kind.",
    status_current: "Current",
    status_past: "Earlier version",
    status_scheduled: "Scheduled",
    view_version: "Read this version",
    compare_heading: "Compare two versions",
    compare_from: "Older version",
    compare_to: "Newer version",
    compare_submit: "Show the changes",
    diff_heading: "What changed",
    diff_none: "The two versions are the same.",
    diff_added: "Added",
    diff_removed: "Removed",
    diff_renamed: "Renamed",
    diff_purposes_changed: "Purposes changed",
    diff_purposes_added: "Purposes added",
    diff_purposes_removed: "Purposes removed",
    diff_reordered: "Purposes reordered",
    diff_categories: "Kinds of information",
    diff_areas: "Who uses the information",
    diff_other_sections: "Other sections that changed",
    version_title: "Privacy notice",
    back_to_history: "Back to the history",

    error_not_found_title: "Page not found",
    error_not_found_body: "The page may have moved or been removed. Please check the address.",
    error_bad_version_id: "That version number is not valid. Please choose a version from the history.",
    error_version_not_found: "There is no such version. Please choose a version from the history.",
    error_bad_request: "Please check what you entered.",
    error_forbidden: "This action was refused. Please reload the page and try again.",
    error_unauthorized: "Please sign in.",
    error_unavailable: "The service is busy or briefly unavailable. Please try again shortly.",
    error_invalid: "Some entries need checking. Please see the message next to each field.",
    error_sign_in_failed: "We could not sign you in. Please check your symbol, number and branch (or login ID), password and confirmation code.",
    error_too_many_attempts: "There have been several failed sign-ins. Please wait a little before trying again.",
    error_step_up: "Before this step, please confirm it is you by entering your password and confirmation code again.",
    error_conflict: "The situation changed, so this could not be done. Please reload the page to see where things stand.",
    error_gone: "This link can no longer be used: the download period has ended or the link was already used. Please open your request page again; if the period has ended, ask the inquiry desk about a new copy.",
    error_internal: "Sorry, something went wrong on our side. Please try again later.",
    error_reference: "Reference",
    loading: "Loading…",
    go_home: "Back to the home page",
    request_type_names: [
        "Notice of purposes of use",
        "Disclosure",
        "Disclosure of third-party provision records",
        "Correction, addition or deletion",
        "Suspension of use, erasure, or stopping provision to third parties",
        "Complaint",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_parsing_defaults_to_japanese_and_never_panics() {
        assert_eq!(Lang::from_cookie_header(None), Lang::Ja);
        assert_eq!(Lang::from_cookie_header(Some("lang=en")), Lang::En);
        assert_eq!(Lang::from_cookie_header(Some("a=b; lang=en; c")), Lang::En);
        assert_eq!(Lang::from_cookie_header(Some("lang=xx")), Lang::Ja);
        assert_eq!(Lang::from_cookie_header(Some(";;==;lang")), Lang::Ja);
        assert_eq!(Lang::from_cookie_header(Some("\u{0}\u{ffff}")), Lang::Ja);
    }
}
