//! The ledger page's words (第三者提供記録), Japanese first.

kit::catalogue! {
    /// The words of the provision ledger's page.
    LedgerText, ledger_text;
    title: "第三者提供記録", "Third-party provision ledger";
    lead: "個人データを第三者に提供したとき（個人情報保護法29条）、第三者から受け取ったとき（30条）の記録です。記録は本人の開示請求（33条5項）の対象になります。", "Each provision of a member's data to a third party (APPI art. 29) and each receipt from one (art. 30). Members may ask for these records (art. 33(5)).";
    recorded: "記録しました。", "Recorded.";
    no_such_import: "その取込みは見つかりません。", "No such import.";
    filter_key: "記号・番号・枝番で絞り込む", "Member (記号・番号・枝番)";
    show: "表示", "Show";
    key_not_found: "その記号・番号・枝番の方は見つかりません。", "No member has that 記号・番号・枝番.";
    no_records: "記録はありません。", "No records.";
    col_date: "年月日", "Date";
    col_kind: "区分", "Kind";
    col_counterparty: "相手方", "Counterparty";
    col_member: "本人（記号・番号・枝番）", "Member";
    col_items: "項目", "Items";
    col_basis: "根拠", "Basis";
    col_recorded_by: "記録者", "Recorded by";
    record_heading: "記録する", "Record a provision";
    kept_apart_hint: "公表している委託先・共同利用先への提供は第三者提供ではないため、ここには記録しません：", "Outsourcing and joint use as published are not third-party provision and are not recorded here:";
    provided_option: "第三者への提供（29条）", "Provided to a third party (art. 29)";
    received_option: "第三者からの受領（30条）", "Received from a third party (art. 30)";
    occurred_on: "提供・受領の年月日", "Date";
    occurred_on_hint: "例: 2026-11-20", "e.g. 2026-11-20";
    counterparty: "相手方の氏名又は名称", "Counterparty";
    counterparty_address: "相手方の住所（受領のとき必須）", "Counterparty's address (required for a receipt)";
    counterparty_representative: "相手方の代表者氏名（法人・団体から受領したとき必須）", "Counterparty's representative (required for a receipt from a corporation or other body)";
    counterparty_representative_hint: "例: 代表取締役 架空 一郎", "e.g. 代表取締役 架空 一郎";
    subject_key: "本人の記号・番号・枝番", "Member's 記号・番号・枝番";
    subject_key_hint: "例: 1001-23-00", "e.g. 1001-23-00";
    items: "個人データの項目", "Data items";
    items_hint: "例: 氏名、記号・番号、受傷日", "e.g. name, number, date of injury";
    other_law_option: "その他の法令に基づく提供（下に条項を記入）", "Another law (name it below)";
    consent_option: "本人の同意（下に同意の記録を記入）", "The member's consent (describe it below)";
    basis_detail: "同意の記録・法令の条項", "Consent record or legal provision";
    basis_detail_hint: "公表している法令に基づく提供を選んだときは空欄でかまいません", "May be empty for a published provision by law";
    acquisition: "相手方による取得の経緯（受領のとき必須）", "How the counterparty obtained it (required for a receipt)";
    record_button: "記録する", "Record";
    import_heading: "CSVで取り込む", "Import a CSV file";
    import_hint: "列: 区分（提供・受領）、年月日、相手方、相手方の住所、相手方の代表者氏名、記号・番号・枝番、項目、根拠（同意・法令、または公表している法令に基づく提供）、根拠の内容、取得の経緯。1行でも問題があれば何も取り込みません。", "Columns: 区分 (提供/受領), 年月日, 相手方, 相手方の住所, 相手方の代表者氏名, 記号・番号・枝番, 項目, 根拠 (同意/法令 or a published provision), 根拠の内容, 取得の経緯. One bad line imports nothing.";

    received: "受領（30条）", "Received (art. 30)";
    provided: "提供（29条）", "Provided (art. 29)";
    basis_consent: "本人の同意", "the member's consent";
    basis_law: "法令に基づく提供", "permitted by law";
    stops_heading: "第三者提供の停止（35条3項）", "Stops of provision (art. 35(3))";
    stops_hint: "これらの相手方への提供は、法令に基づくもの（27条1項各号）に限り記録できます。", "Provision to these recipients can be recorded only when based on law (art. 27(1)).";
}

kit::catalogue! { impl LedgerText;
    stop_line(recipient: &str, receipt: &str, on: &str): "{recipient}への提供は停止されています（受付番号 {receipt}、{on}決定）。", "Provision to {recipient} is stopped (receipt {receipt}, decided {on}).";
    recorded_despite_stop(receipt: &str): "記録しました。この相手方への提供は本人の請求により停止されています（受付番号 {receipt}）。法令に基づく提供として記録しましたので、根拠の条項が正しいか確かめてください。", "Recorded. Provision to this recipient is stopped at the person's request (receipt {receipt}); it was recorded as a provision by law — check the legal provision named.";
    obtained(how: &str): "取得の経緯: {how}", "Obtained: {how}";
    represented_by(name: &str): "代表者: {name}", "Representative: {name}";
    basis(words: &str, detail: &str): "{words}：{detail}", "{words}：{detail}";
    by_law(provision: &str): "法令に基づく: {provision}", "By law: {provision}";
    with_consent(provision: &str): "本人の同意を得て: {provision}", "With consent: {provision}";
}
