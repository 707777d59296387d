//! What members read of the retention periods, next to the 公表事項's 安全管理措置. The
//! publication is the society's own text; this is the portal's, from its configuration.

kit::catalogue! {
    /// The periods on the public page (`/privacy`).
    RetentionText, retention_text;
    heading: "このポータルでの保存期間と廃棄", "Retention and disposal in this portal";
    lead: "このポータルが保存する記録は、次の期間を過ぎると消去します（個人情報保護法22条）。消去するたびに、何を何件消去したかを廃棄記録に残します。この欄は、ポータルの設定から表示しています。",
        "Records this portal keeps are erased once the periods below are over (APPI Article 22). Each erasure leaves a disposal record of what was erased and how many. This part is shown from the portal's settings.";
}

kit::catalogue! { impl RetentionText;
    notices(years: u32): "医療費のお知らせの明細: 診療を受けた年の翌年から{years}年間（{years}年目の12月31日まで）",
        "Medical cost notice lines: {years} years after the end of the year of care";
    requests(years: u32): "終了したお申し出（経過・添付書類・決定・開示資料を含む）: 最後の処理から{years}年間",
        "Closed requests (with their history, attachments, decisions and disclosure packages): {years} years after their last step";
    provisions(years: u32): "第三者提供の記録（提供・受領）: 提供・受領の日と記録した日から{years}年間",
        "Records of provision to and receipt from third parties: {years} years from the provision and from the record";
    audit(years: u32): "操作の記録（監査記録）: {years}年間。ただし、記録の対象のお申し出などが保存されている間は消去しません",
        "The record of operations (audit record): {years} years, and never while what it records is still kept";
    authentication(days: i64): "ログイン・ログアウトなど認証の記録: {days}日間",
        "Sign-in, sign-out and other authentication records: {days} days";
    former_members(years: u32): "資格を喪失した方の資格情報とアカウント: 資格喪失日から{years}年間（ログインできる期間）を過ぎ、その方に関する上記の記録がすべて消去された後",
        "Former members' registry data and accounts: after {years} years from the loss of coverage (the period they can still sign in), once every record above about them is gone";
}
