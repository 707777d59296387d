//! The publication's own words, Japanese first: the staff editor of the 公表事項 with its
//! preview, and the members' banner announcing a change. (The public pages' words are the
//! portal's shared `kit::i18n::Messages`; the 公表事項 itself is the society's legal text.)

kit::catalogue! {
    /// The staff editor (`/staff/publication`) and its preview.
    EditorText, editor_text;
    save: "保存", "Save";
    add: "追加", "Add";
    move_up: "上へ", "Move up";
    move_down: "下へ", "Move down";
    remove: "削除", "Remove";
    title: "公表事項の改定", "Revising the published statement";
    lead: "個人情報の利用目的などの公表事項を改定します。現行版から下書きを作り、項目ごとに編集し、プレビューと変更点を確かめてから、別の責任者が適用日を決めて承認すると公表されます。公表すると、登録している加入者全員にポータルとメールでお知らせします。", "Revise the published statement: start a draft from the current version, edit it section by section, check the preview and the changes; another responsible person approves it with an effective date, which publishes it and tells every registered member in the portal and by email.";
    started: "下書きを作成しました。", "Draft started.";
    saved: "下書きを保存しました。", "Draft saved.";
    discarded: "下書きを破棄しました。", "Draft discarded.";
    published: "承認し、公表しました。", "Approved and published.";
    in_force: "現行版: ", "In force: ";
    history: "改定履歴", "History";
    start_draft: "現行版から下書きを作る", "Start a draft from the current version";
    society: "事業者", "Society";
    intro: "表題・前文", "Title and introduction";
    categories: "個人情報の類型と利用目的", "Categories and purposes";
    areas: "利用目的の区分と利用先", "Purpose areas and recipients";
    exceptions: "例外", "Exceptions";
    measures: "安全管理措置", "Safety measures";
    procedure_and_fees: "手続・手数料", "Procedure and fees";
    delivery_methods: "開示の方法", "Delivery methods";
    complaint_desk: "苦情の申出先", "Complaint desk";
    approval: "承認・公表", "Approval";
    draft_heading: "編集中の下書き", "The open draft";
    preview_link: "プレビュー（公開ページと同じ表示）", "Preview (as the public page will show it)";
    sections_label: "編集する項目", "Sections";
    diff_heading: "現行版との違い", "Changes from the current version";
    discard_heading: "下書きの破棄", "Discard the draft";
    discard_button: "この下書きを破棄する", "Discard this draft";
    society_name: "名称", "Name";
    postal_code: "郵便番号", "Postal code";
    address: "住所", "Address";
    representative: "代表者", "Representative";
    phone: "電話番号", "Phone";
    sample_notice: "見本の表示（任意）", "Sample notice (optional)";
    intro_title: "表題", "Title";
    purposes_intro: "利用目的の前文", "Introduction to the purposes";
    category_notes: "表の注記（1行に1つ）", "Notes under the table (one per line)";
    exceptions_intro: "例外の前文", "Introduction to the exceptions";
    intro_item: "表題・前文", "Introduction";
    category_name: "類型の名称", "Category name";
    category_purposes: "利用目的（1行に1つ）", "Purposes (one per line)";
    new_category: "新しい類型", "new category";
    area_name: "区分の名称", "Area name";
    uses_heading: "利用先", "Uses";
    new_area_name: "新しい区分の名称", "New area name";
    new_area: "新しい区分", "new area";
    new_item: "新規", "new";
    exception_text: "例外の内容", "Exception";
    measure_title: "見出し", "Title";
    measure_body: "内容", "Description";
    method_name: "方法の名称", "Method";
    method_description: "説明", "Description";
    method_kind: "法律上の方法（33条1項）", "What it is in law (Art. 33(1))";
    no_electronic_reason: "電磁的記録を用意しない理由（電磁的記録の方法がない場合だけ）", "Why no electronic method is offered (only where none is)";
    procedure_description: "手続の説明", "Procedure";
    identity_documents: "本人確認書類（1行に1つ）", "Identity documents (one per line)";
    inquiry: "手続の問合せ先", "Where to ask";
    procedure_item: "手続", "Procedure";
    hours: "受付時間", "Hours";
    society_heading: "事業者（名称・住所・代表者）", "Society";
    areas_heading: "利用目的の区分と利用先（内部・委託・共同利用・法令に基づく提供）", "Purpose areas and recipients";
    exceptions_heading: "利用目的を通知・公表しない場合（21条4項）", "Exceptions (art. 21(4))";
    procedure_heading: "開示等の手続・手数料", "Procedure and fees";
    use_internal: "組合の内部で利用", "Used within the society";
    use_outsourced: "委託（27条5項1号）", "Outsourced (art. 27(5)(i))";
    use_joint: "共同利用（27条5項3号）", "Joint use (art. 27(5)(iii))";
    use_by_law: "法令に基づく第三者提供", "Provision required by law";
    use_text: "利用先・内容", "Use";
    use_kind: "種類", "Kind";
    by_law_legend: "法令に基づく提供の場合", "For a provision required by law";
    by_law_basis: "根拠となる法令", "Legal basis";
    use_with_consent: "本人の同意に基づく第三者提供", "Provision with the person's consent";
    consent_legend: "本人の同意に基づく提供の場合", "For a provision with the person's consent";
    consent_how: "同意の取り方（例: 第三者行為による傷病届に添付する同意書）", "How consent is obtained";
    joint_legend: "共同利用の場合（27条5項3号の事項）", "For a joint use (the items of art. 27(5)(iii))";
    joint_items: "共同して利用する項目（1行に1つ）", "Items used jointly (one per line)";
    joint_users: "共同して利用する者の範囲", "Who uses them jointly";
    joint_purpose: "利用する者の利用目的", "Their purpose";
    rp_name: "管理の責任者の名称", "Responsible party";
    rp_address: "責任者の住所", "Its address";
    rp_representative: "責任者の代表者", "Its representative";
    new_use: "新しい利用先", "new use";
    needs_approver: "公表するには、別の責任者の承認が必要です。責任者にこの画面で確かめてもらってください。", "Another responsible person (責任者) must approve the draft to publish it.";
    effective_date: "適用日", "Effective date";
    approve_button: "承認して公表する", "Approve and publish";
    approval_heading: "承認・公表", "Approval and publication";
    unchanged: "まだ変更がありません。", "Nothing has changed yet.";
    preview_title: "下書きのプレビュー", "Draft preview";
    preview_note: "これは下書きのプレビューです。公表されるまで、加入者には表示されません。", "This is a preview of the draft. Members do not see it until it is published.";
    back_to_editor: "編集に戻る", "Back to the editor";
    no_draft: "編集中の下書きはありません。", "There is no open draft.";
    draft_label: "下書き", "Draft";
    answered: "回答を記録しました。", "Answer recorded.";
    purposes_toc: "利用目的の変更の確認", "Changed purposes";
    purposes_heading: "利用目的の変更の確認（17条2項・18条1項）", "Changed purposes (arts. 17(2) and 18(1))";
    purposes_lead: "この下書きで新しく加えた利用目的と、文言を変えた利用目的です。利用目的を変えられるのは、変更前の利用目的と関連性を有すると合理的に認められる範囲内に限られます（17条2項）。その範囲を超えるときは、その目的で個人情報を扱う前に本人の同意が必要です（18条1項）。一つずつ判断して記録してください。すべてに回答するまで、承認・公表はできません。", "The purposes this draft adds or rewords. A purpose may be changed only within the range reasonably recognised as related to the purpose before the change (art. 17(2)); beyond it, the person's consent is needed before the data is used for it (art. 18(1)). Record your judgement on each; the draft cannot be approved until every one is answered.";
    purpose_added: "追加", "Added";
    purpose_reworded: "変更", "Reworded";
    purpose_previous: "変更前の文言: ", "Before: ";
    purposes_before: "変更前の利用目的（同じ類型・区分）", "The purposes before the change (same category or area)";
    purposes_before_none: "同じ類型・区分に、変更前の利用目的はありません（新しく設けたものです）。", "There were no purposes here before (it is new).";
    purpose_question: "この利用目的は、変更前の利用目的と関連性を有すると合理的に認められる範囲内ですか。", "Is this purpose within the range reasonably recognised as related to the purposes before the change?";
    consent_note: "本人の同意を得る方法・得た方法（「範囲を超える」を選んだときは必ず書いてください）", "How the person's consent is or was obtained (required when beyond the range)";
    answer_button: "回答を記録する", "Record the answer";
    answer_again_button: "回答を記録し直す", "Record a new answer";
    answer_label: "回答: ", "Answer: ";
    consent_note_label: "同意を得る方法: ", "How consent is obtained: ";
    unanswered: "未回答", "Not answered yet";
    purpose_answer_missing: "承認するには、この利用目的についての回答が必要です。", "This purpose needs an answer before the draft can be approved.";
    purposes_refused: "利用目的の変更に回答のないものがあるため、承認できません。「利用目的の変更の確認」で回答を記録してから、もう一度承認してください。", "Some changed purposes have no answer, so the draft cannot be approved. Record the answers under “Changed purposes”, then approve again.";
}

kit::catalogue! { impl EditorText;
    edited_by(names: &str): "作成・編集した職員: {names}", "Created or edited by: {names}";
    based_on(version: &str): "もとにした版: {version}", "Based on: {version}";
    // A fee's field, named by its request type.
    fee_label(request_type: &str): "手数料（円）：{request_type}", "{request_type}";
    payment_label(kind: &str): "お支払い方法：{kind}（案内を入力。空欄なら受け付けません）", "Way to pay: {kind} (instructions; leave empty if not offered)";
    effective_date_hint(today: chrono::NaiveDate):
        "今日（{today}）以降。共同利用の追加・変更（利用目的、責任者、項目や利用する者の追加）は明日以降（27条5項3号・6項）。例: 2026-12-01",
        "Today ({today}) or later; a joint use added or changed (its purpose, responsible party, added items or users) from tomorrow (art. 27(5)(iii), (6)). e.g. 2026-12-01";
    purpose_in_category(name: &str): "類型「{name}」の利用目的", "A purpose of the category “{name}”";
    purpose_in_area(name: &str): "区分「{name}」の利用先", "A use in the area “{name}”";
    purpose_of_joint_use(area: &str, joint_use: &str):
        "区分「{area}」の共同利用「{joint_use}」の利用目的（利用する者の利用目的）",
        "The purpose of the joint use “{joint_use}” in the area “{area}”";
    answered_by(staff: &str, at: &str): "回答した職員: {staff}（{at}）", "Answered by {staff} ({at})";
    purposes_open(count: usize): "回答のない利用目的の変更: {count}件", "Changed purposes without an answer: {count}";
}

kit::catalogue! {
    /// The home page's banner announcing a published change.
    NewsText, news_text;
    what_changed: "変更のあった項目: ", "What changed: ";
    see_changes: "変更点を見る", "See the changes";
    acknowledge: "確認しました", "I have read this";
}

kit::catalogue! { impl NewsText;
    heading_scheduled(date: &str): "個人情報の利用目的など（公表事項）を{date}から改定します", "Our statement on personal information changes on {date}";
    heading_changed(date: &str): "個人情報の利用目的など（公表事項）を{date}に改定しました", "Our statement on personal information changed on {date}";
}

#[cfg(test)]
mod tests {
    use super::{EditorText, NewsText};
    use kit::i18n::Lang;

    #[test]
    fn texts_with_values_read_as_before() {
        let (ja, en) = (EditorText::of(Lang::Ja), EditorText::of(Lang::En));
        assert_eq!(ja.fee_label("開示"), "手数料（円）：開示");
        assert_eq!(en.fee_label("Disclosure"), "Disclosure");
        assert_eq!(ja.edited_by("S001、S002"), "作成・編集した職員: S001、S002");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        assert!(en.effective_date_hint(today).starts_with("Today (2026-11-22) or later"));
        assert_eq!(ja.purposes_open(3), "回答のない利用目的の変更: 3件");
        assert_eq!(ja.answered_by("S700", "2026-11-22 10:00:00"), "回答した職員: S700（2026-11-22 10:00:00）");
        assert_eq!(ja.purpose_of_joint_use("保険給付", "健保連との共同事業"), "区分「保険給付」の共同利用「健保連との共同事業」の利用目的（利用する者の利用目的）");
        assert_eq!(NewsText::of(Lang::Ja).heading_changed("2026年12月1日"), "個人情報の利用目的など（公表事項）を2026年12月1日に改定しました");
    }
}
