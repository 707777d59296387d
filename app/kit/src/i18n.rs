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
        Messages::of(self)
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

crate::catalogue! {
    /// The portal's shared words: the shell, the publication pages and errors.
    Messages, t;
    portal_name: "加入者ポータル「窓口」", "Member portal “Madoguchi”";
    skip_to_content: "本文へ移動", "Skip to main content";
    nav_label: "メインメニュー", "Main menu";
    nav_home: "ホーム", "Home";
    nav_privacy: "個人情報の公表事項", "Privacy notice";
    nav_history: "公表事項の改訂履歴", "Notice history";
    switch_language_label: "表示言語", "Language";
    // The name of the *other* language, in that language, on the switch button.
    switch_to_other: "English", "日本語";
    footer_note: "個人情報の取扱いについてのご質問・苦情は、公表事項の「苦情の申出先」までご連絡ください。", "For questions or complaints about how your personal information is handled, contact the complaints desk named in the privacy notice.";
    home_title: "加入者ポータル「窓口」", "Member portal “Madoguchi”";
    home_lead: "健康保険組合が、みなさまの個人情報を何のために使い、どのように守っているかをお知らせするページです。", "What your health insurance society uses your personal information for, and how it protects it.";
    home_publication_heading: "個人情報の取扱い", "How we handle personal information";
    home_publication_body: "当組合が取り扱う個人情報の種類と利用目的、安全管理の取組み、開示などの請求の手続、苦情の申出先を公表しています。", "We publish the kinds of personal information we handle and why, our safety measures, how to make a request about your data, and where to complain.";
    home_publication_link: "公表事項を読む", "Read the privacy notice";
    home_history_body: "公表事項を変更したときは、変更前と変更後の違いをこちらで確認できます。", "When we change the notice, you can see exactly what changed here.";
    home_history_link: "改訂履歴と変更点を見る", "See the history and the changes";
    home_rights_heading: "ご本人が請求できること", "What you can ask us to do";
    home_rights_body: "個人情報保護法により、ご本人は当組合に次のことを求めることができます。", "Under the Act on the Protection of Personal Information, you may ask us for the following.";
    home_contact_heading: "お問い合わせ・苦情の申出先", "Questions and complaints";
    privacy_title: "個人情報の公表事項", "Privacy notice";
    privacy_effective: "施行日", "In effect from";
    privacy_version: "版", "Version";
    publication_language_note: "", "The notice itself is the society’s legal text and is published in Japanese only.";
    section_purposes: "個人情報の利用目的", "Purposes of use of personal information";
    col_category: "個人情報の類型", "Kind of information";
    col_purposes: "利用目的", "Purposes of use";
    section_purpose_areas: "利用目的ごとの利用先", "Who uses the information, by purpose";
    col_area: "利用目的", "Purpose";
    col_internal: "当組合の内部で利用するもの", "Used within the society";
    col_external: "業務委託・共同利用など", "Outsourced or used jointly";
    kind_outsourced: "委託", "Outsourced";
    kind_joint_use: "共同利用", "Joint use";
    kind_by_law: "法令に基づく提供", "Provision required by law";
    kind_with_consent: "本人の同意を得て提供", "Provided with your consent";
    joint_items: "共同して利用する項目", "Items used jointly";
    joint_use_details: "共同利用の内容（項目・範囲・目的・責任者）", "About this joint use (items, users, purpose, responsible party)";
    joint_users: "共同して利用する者の範囲", "Who uses them jointly";
    joint_purpose: "利用する者の利用目的", "Their purpose";
    joint_responsible: "管理について責任を有する者", "Party responsible for the data";
    section_exceptions: "利用目的の通知・公表を行わない場合", "When purposes are not notified or published";
    section_safety: "安全管理措置の内容", "Safety measures";
    section_procedure: "開示等の請求に応じる手続", "How to make a request about your data";
    col_request_type: "請求の種類", "Request";
    col_fee: "手数料", "Fee";
    fee_free: "無料", "Free";
    fee_yen_suffix: "円", " yen";
    delivery_methods: "開示の方法（お選びいただけます）", "How a disclosure is delivered (your choice)";
    payment_methods: "手数料のお支払い方法", "Ways to pay the fee";
    identity_documents: "本人確認書類", "Identity documents";
    inquiry: "手続のお問い合わせ先", "Questions about the procedure";
    procedure_link: "請求の方法（ポータル・郵送・窓口）と印刷用の様式1・様式2", "How to make a request (online, by post, at the counter) and forms 1 and 2 to print";
    section_complaints: "苦情の申出先", "Where to complain";
    section_specific: "特定個人情報（マイナンバー）", "Specific personal information (My Number)";
    col_received: "他機関から情報を受ける場合", "Received from other bodies";
    col_provided: "他機関へ情報を提供する場合", "Provided to other bodies";
    society_heading: "組合の名称・住所・代表者", "Name, address and representative of the society";
    society_name: "名称", "Name";
    home_categories_heading: "取り扱う個人情報と利用目的", "The information we hold and why";
    home_categories_body: "当組合が取り扱う個人情報の類型ごとの利用目的です（現行の公表事項より）。", "The purposes of use for each kind of personal information, from the current privacy notice (in Japanese).";
    representative: "代表者", "Representative";
    address: "住所", "Address";
    phone: "電話", "Telephone";
    hours: "受付時間", "Hours";
    see_history: "過去の公表事項と変更点", "Earlier versions and what changed";
    no_publication: "公表事項はまだ登録されていません。", "No privacy notice has been published yet.";
    history_title: "公表事項の改訂履歴", "History of the privacy notice";
    history_lead: "これまでに公表した版と、その施行日です。2つの版を選ぶと、個人情報の類型ごとに変更点を表示します。", "Every version we have published, with the date it took effect. Pick two versions to see what changed, kind of information by kind.";
    status_current: "現行", "Current";
    status_past: "過去の版", "Earlier version";
    status_scheduled: "予定", "Scheduled";
    view_version: "この版を読む", "Read this version";
    compare_heading: "2つの版を比べる", "Compare two versions";
    compare_from: "変更前の版", "Older version";
    compare_to: "変更後の版", "Newer version";
    compare_submit: "変更点を表示", "Show the changes";
    diff_heading: "変更点", "What changed";
    diff_none: "2つの版に違いはありません。", "The two versions are the same.";
    diff_added: "追加", "Added";
    diff_removed: "削除", "Removed";
    diff_renamed: "名称の変更", "Renamed";
    diff_respelled: "表記だけの変更", "Notation only";
    diff_respelled_hint: "（全角・半角や空白だけが変わりました）", " (only full-width or half-width forms or spacing changed)";
    diff_entries_respelled: "表記だけ変わった利用目的", "Purposes whose notation changed";
    diff_purposes_changed: "利用目的の変更", "Purposes changed";
    diff_purposes_added: "追加された利用目的", "Purposes added";
    diff_purposes_removed: "削除された利用目的", "Purposes removed";
    diff_reordered: "利用目的の並び順の変更", "Purposes reordered";
    diff_categories: "個人情報の類型", "Kinds of information";
    diff_areas: "利用目的ごとの利用先", "Who uses the information";
    diff_other_sections: "その他の変更された項目", "Other sections that changed";
    version_title: "公表事項", "Privacy notice";
    back_to_history: "改訂履歴に戻る", "Back to the history";
    error_not_found_title: "ページが見つかりません", "Page not found";
    error_not_found_body: "お探しのページは移動したか、削除された可能性があります。アドレスをご確認ください。", "The page may have moved or been removed. Please check the address.";
    error_bad_version_id: "版の番号が正しくありません。改訂履歴の一覧から版を選んでください。", "That version number is not valid. Please choose a version from the history.";
    error_version_not_found: "指定された版はありません。改訂履歴の一覧から版を選んでください。", "There is no such version. Please choose a version from the history.";
    error_bad_request: "入力内容を確認してください。", "Please check what you entered.";
    error_forbidden: "この操作は受け付けられませんでした。ページを開き直してから、もう一度お試しください。", "This action was refused. Please reload the page and try again.";
    error_unauthorized: "ログインが必要です。", "Please sign in.";
    error_unavailable: "ただいま混み合っているか、一時的に利用できません。しばらくしてからもう一度お試しください。", "The service is busy or briefly unavailable. Please try again shortly.";
    error_invalid: "入力内容に確認が必要な項目があります。各項目のメッセージをご覧ください。", "Some entries need checking. Please see the message next to each field.";
    error_sign_in_failed: "ログインできませんでした。記号・番号・枝番（またはログインID）、パスワード、確認コードをご確認ください。", "We could not sign you in. Please check your symbol, number and branch (or login ID), password and confirmation code.";
    error_too_many_attempts: "ログインの失敗が続いたため、少し時間をおいてからお試しください。", "There have been several failed sign-ins. Please wait a little before trying again.";
    error_step_up: "この操作の前に、本人確認のためパスワードと確認コードをもう一度入力してください。", "Before this step, please confirm it is you by entering your password and confirmation code again.";
    error_conflict: "状況が変わったため、この操作はできませんでした。ページを開き直して、いまの状況をご確認ください。", "The situation changed, so this could not be done. Please reload the page to see where things stand.";
    error_gone: "このリンクは使えません。ダウンロードの期限が過ぎたか、すでに使われたリンクです。お申出のページを開き直してください。期限が過ぎたときは、お問い合わせ窓口で再交付をご相談ください。", "This link can no longer be used: the download period has ended or the link was already used. Please open your request page again; if the period has ended, ask the inquiry desk about a new copy.";
    error_internal: "申し訳ありません。処理中に問題が発生しました。時間をおいてもう一度お試しください。", "Sorry, something went wrong on our side. Please try again later.";
    error_reference: "お問い合わせ番号", "Reference";
    loading: "読み込み中…", "Loading…";
    go_home: "ホームへ戻る", "Back to the home page";
    // The refusal of an oversized body (before any page can render).
    too_large: "送信された内容が大きすぎます。添付ファイルの大きさと数の上限をご確認ください。", "What was sent is too large. Please check the size and number of attached files.";
    pager_label: "ページ", "Pages";
}

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
