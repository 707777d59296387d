//! The staff area's words (業務課): the menu, the reports, the queue and one request's
//! page with its forms. Japanese first. The identity and sign-in words are
//! `kit::texts::IdText`; the request words shared with members are `requests::texts`.

kit::catalogue! {
    /// The staff pages' words.
    StaffText, staff_text;
    // The staff menu.
    menu_requests: "お申し出の一覧", "Requests";
    menu_intake: "紙・窓口・電話のお申し出を受け付ける", "Enter a paper, counter or phone request";
    menu_corrections: "基幹システムへの指示（訂正・利用停止・消去）", "Instructions for the core system";
    menu_reports: "報告（自己点検・監査）", "Reports";
    menu_provisions: "第三者提供記録（29条・30条）", "Third-party provision ledger";
    menu_notice_consents: "医療費のお知らせ：書面の同意・表示しない旨の記録", "Medical cost notices: paper consents";
    menu_notice_import: "医療費のお知らせの取込み（レセプトデータ）", "Import medical cost notices";
    menu_publication: "公表事項の改定（下書き・承認・公表）", "Revise the published statement";
    menu_audit: "監査記録（検索・改ざん検知・要確認のアクセス）", "Audit record";
    // The staff header and its navigation.
    staff_area: "職員用（業務画面）", "Staff area";
    nav_label: "業務メニュー", "Staff tasks";
    nav_queue: "受付一覧", "Requests";
    nav_intake: "紙・窓口の受付", "Paper and counter";
    nav_members: "加入者", "Members";
    nav_publication: "公表事項", "Privacy notice";
    nav_provisions: "台帳", "Ledger";
    nav_reports: "報告", "Reports";
    nav_audit: "監査", "Audit";
    // Reports.
    reports_title: "報告（自己点検・監査）", "Reports";
    reports_heading: "報告（自己点検・監査）", "Reports for self-inspection and audit";
    fiscal_year: "年度", "Fiscal year";
    show: "表示する", "Show";
    col_type: "種類", "Type";
    col_total: "計", "Total";
    decisions_heading: "決定の内訳と所要日数", "Decisions and the time they took";
    decisions_hint: "所要日数は、受付の翌日から決定日までの営業日数です（回答期限と同じ数え方）。", "Business days from the day after receipt to the decision, counted like the deadline.";
    no_decisions: "この年度の決定はまだありません。", "No decisions in this year yet.";
    col_decision: "決定", "Decision";
    col_count: "件数", "Count";
    col_decided: "決定件数", "Decided";
    col_median: "中央値", "Median";
    col_p90: "90パーセンタイル", "90th percentile";
    overdue_cut: "先頭の500件を表示しています。残りは一覧で確認してください。", "The first 500 are shown; see the queue for the rest.";
    none_overdue: "期限を過ぎているお申し出はありません。", "None is past its due date.";
    col_receipt: "受付番号", "Receipt number";
    col_due: "回答期限", "Due";
    col_over_by: "超過", "Over by";
    col_assignee: "担当", "Assignee";
    open_overdue: "期限超過のお申し出を一覧で開く", "Open the overdue requests in the queue";
    unassigned: "未割当", "Unassigned";
    month_suffix: "月", "";
    // The queue.
    queue_heading: "お申し出の一覧", "Requests";
    all: "すべて", "All";
    status_open: "対応中（未通知）", "Open";
    status_waiting: "ご本人の回答待ち（補正依頼中のすべて）", "Waiting for the requester (every kind)";
    status_groups: "まとめて", "Groups";
    status_each: "状態ごと", "One status";
    sort: "並び順", "Sort";
    queue_search: "検索（受付番号・氏名）", "Search (receipt number or name)";
    filter_button: "絞り込む", "Filter";
    queue_export: "この条件でCSVを出力（記録されます）", "Export this filter as CSV (recorded)";
    col_priority: "重要度・緊急度", "Priority";
    due_soon: "5営業日未満・期限超過", "Under 5 business days or overdue";
    due_overdue: "期限超過", "Overdue";
    due_three_days: "3日以内・期限超過", "Within 3 days or overdue";
    assignee_me: "自分", "Me";
    sort_due: "回答期限の近い順", "Due date";
    sort_received: "新しい順", "Newest";
    sort_priority: "重要度・緊急度順", "Priority";
    previous: "前へ", "Previous";
    next: "次へ", "Next";
    // One request.
    entered: "受け付けました。期限は届いた日から数えています。", "Entered. The deadline counts from the day it arrived.";
    escalation_heading: "責任者への報告（漏えい等のおそれ）", "Reported to the officer in charge (possible leak)";
    escalation_waiting: "責任者の確認を待っています。", "Waiting for the officer in charge.";
    escalation_hint: "内容を読み、個人情報保護委員会への報告や本人への通知（26条）が要るかの判断を始めたら押してください。", "Press once you have read it and begun to decide whether a report to the Commission or a notice to the person (Art. 26) is needed.";
    escalation_acknowledge: "確認しました（責任者）", "Acknowledge (officer in charge)";
    escalations_open: "漏えい等のおそれがある苦情が、責任者の確認を待っています:", "Complaints suggesting a leak are waiting for the officer in charge:";
    asked_heading: "お申し出の内容", "What was asked";
    package_heading: "開示資料（開示パッケージ）", "Disclosure package";
    package_hint: "開示する資料を作成し、開示しない項目を根拠とともに選びます。開示の決定の前に作成してください。", "Assemble what will be disclosed and choose, with its ground, what is withheld. Do this before deciding.";
    package_open: "開示資料を開く", "Open the package";
    held_heading: "対象者の保有個人データ", "The subject's held data";
    held_show: "保有個人データを表示する（閲覧は記録されます）", "Show held data (the view is recorded)";
    steps_heading: "手続の操作・連絡", "Steps and messages";
    step_label: "操作", "Step";
    message_label: "本人へのメッセージ・理由（内部メモは本人に表示されません）", "Message or reason (internal notes are never shown to the member)";
    step_button: "実行する", "Do it";
    state_pending: "（責任者の承認待ち）", "(awaiting approval)";
    state_approved: "（承認済）", "(approved)";
    state_final: "（承認不要の決定）", "(needed no approval)";
    state_sent_back: "（差戻し）", "(sent back)";
    // The forms of one request.
    decide_heading: "決定する", "Decide";
    dismiss_heading: "却下する", "Dismiss";
    dismiss_hint: "本人確認や代理権の書類が整わない、対象を特定できないなど、このままでは受け付けられないときに却下します。根拠と理由は本人に届き、別の責任者の承認の後に確定します。", "Dismiss a request that cannot be taken up as made (identity or authority not shown, the data not identified). The ground and reason reach the person, after another responsible person approves.";
    decide_hint: "開示の決定と、お断り・お申し出と異なる決定は、別の責任者の承認の後に本人へ届きます。お断りする場合や異なる対応をする場合は、理由が必要です（第36条）。", "Disclosures, refusals and decisions that differ from the request reach the member only after another responsible person approves. Refusing or acting otherwise needs a reason (Art. 36).";
    decision_legend: "決定", "Decision";
    legal_ground: "根拠", "Legal ground";
    ground_automatic: "（決定に一つしかない場合は自動）", "(automatic where only one applies)";
    reason_label: "理由・対応内容（本人に届きます）", "Reason or response (sent to the member)";
    corrected_value: "訂正後の内容（訂正する場合）", "Corrected value (when correcting)";
    erase_my_number: "個人番号の記載があるため削除する", "Delete: it shows an 個人番号";
    measure_scope_erase: "消去する情報（実施する場合）", "Data to erase (when carrying it out)";
    measure_scope_stop: "利用を停止する情報（実施する場合）", "Data whose use stops (when carrying it out)";
    measure_scope_hint: "承認されると、このポータルの控えはすぐに消去・停止され、基幹システムにあるものには指示が出ます。法令で保存が必要な記録は対象にできません。", "On approval the portal's copies are erased or stopped at once, and the core system is instructed for what it holds. Records the law requires to be kept cannot be chosen.";
    measure_recipient: "提供を停止する相手方（実施する場合）", "Recipient whose provision stops (when carrying it out)";
    measure_recipient_hint: "第三者提供記録に記録する相手方の名称で入力してください。以後、この方の情報をこの相手方に提供した記録は、法令に基づく提供に限り登録できます。", "As the ledger names the recipient. Afterwards, provision of this person's data to it can be recorded only when based on law.";
    approval_heading: "責任者の承認", "Approval";
    approval_hint: "決定の内容と決定通知書を確認してください。承認すると、決定通知書が本人に届きます。", "Check the decision and its letter. Once approved, the letter reaches the member.";
    send_back_reason: "差戻しの理由（差し戻す場合）", "Reason for sending back";
    approve_button: "承認して本人に通知する", "Approve and notify the member";
    send_back_button: "差し戻す", "Send back";
    assign_heading: "担当・重要度・緊急度（受付票）", "Assignment and priority";
    assignee: "担当者", "Assignee";
    importance: "重要度", "Importance";
    urgency: "緊急度", "Urgency";
    assign_button: "設定する", "Save";
    record_decision_approval: "決定を登録する（必要な場合は承認へ）", "Record the decision";
    record_decision: "決定を登録する", "Record the decision";
    // What staff do to a request, as its button says it (the lifecycle's labels are the
    // member's timeline words).
    act_start_review: "審査を始める（自分の担当にする）", "Start the review (take it)";
    act_accept_documents: "書類を確認済みにする", "Accept the documents";
    act_reject_documents: "書類の再提出を依頼する", "Ask for other documents";
    act_ask_member: "補正を依頼する", "Ask for more information";
    act_answer: "補正に回答する", "Reply to the request for information";
    act_decide: "決定を登録する", "Record the decision";
    act_decide_for_approval: "決定案を作る（責任者の承認へ）", "Draft the decision (for approval)";
    act_approve: "承認する", "Approve";
    act_send_back: "差し戻す", "Send back";
    act_notify: "結果を通知済みにする", "Mark the result as sent";
    act_complete: "完了にする", "Mark as completed";
    act_withdraw: "取り下げる", "Withdraw";
    act_dismiss: "却下を提案する", "Propose a dismissal";
    act_reject: "却下を承認する", "Approve the dismissal";
    act_remind: "回答の催促を送る", "Send a reminder";
    act_lapse: "補正なしで終了する", "Close without a reply";
    act_disown: "依頼していない旨を申し出る", "Say they did not ask for this";
    act_message: "メッセージを送る", "Send the message";
    act_note: "内部メモとして残す", "Keep as an internal note";
    act_assign: "担当・優先度を設定する", "Set assignment and priority";
    act_fee_paid: "手数料の支払いを記録する", "Record the fee as paid";
    act_fee_waived: "手数料を免除する", "Waive the fee";
    act_remind_fee: "手数料の催促を送る", "Send a fee reminder";
    act_lapse_unpaid: "未納のため終了する", "Close for the unpaid fee";
    act_reissue_prepare: "再交付を準備する", "Prepare a re-issue";
    act_reissue: "再交付を承認する", "Approve the re-issue";
    act_reissue_cancel: "再交付を取り消す", "Cancel the re-issue";
    steps_hint: "いま行える操作だけを表示しています。補正依頼・書類の再提出・メッセージには本文が必要です。", "Only what can be done now is shown. A request for information, for other documents or a message needs a text.";
    // Who did what, in the staff's timeline.
    who_requester: "申出人（本人）", "Requester (the person)";
    who_agent: "代理人", "Agent";
    who_subject: "本人", "The person";
    who_system: "システム", "System";
    who_staff: "職員", "Staff";
    submitted: "お申し出", "Request received";
    reassign_reason: "担当を替える理由（担当者を替える場合は必須）", "Reason for reassigning (required when changing the assignee)";
    bulk_heading: "チェックしたお申し出の担当者をまとめて設定する", "Assign the ticked requests at once";
    bulk_reason: "担当を替える理由（すでに担当者がいるお申し出を含む場合は必須）", "Reason for reassigning (required if a ticked request already has an assignee)";
    bulk_button: "チェックしたお申し出の担当者を設定する", "Assign the ticked requests";
    col_pick: "選択", "Tick";
    // 文例.
    nav_templates: "文例", "Templates";
    templates_heading: "文例（補正依頼・返信）", "Templates (requests for information, replies)";
    templates_intro: "お申し出のページで、メッセージ欄に入れて使います。{受付番号} のような差し込み項目は、そのお申し出の内容に置き換わります。入れたあとで、文面を直してから送れます。", "Used on a request's page: inserted into the message box, with placeholders such as {receipt} replaced by that request's facts. The text can be edited before it is sent.";
    templates_none: "文例はまだありません。下の欄から追加してください。", "No templates yet. Add one below.";
    template_add_heading: "文例を追加する", "Add a template";
    template_edit_heading: "文例を直す", "Edit the template";
    template_title: "題名（一覧に表示します）", "Title (shown in the list)";
    template_kind: "使う場面", "Used for";
    template_body: "本文", "Text";
    template_placeholders: "使える差し込み項目", "Placeholders you can use";
    template_unknown: "使えない項目:", "Not a placeholder:";
    template_save: "文例を保存する", "Save the template";
    template_saved: "文例を保存しました。", "The template was saved.";
    template_edit: "直す", "Edit";
    template_remove: "削除する", "Delete";
    template_cancel: "追加に戻る", "Back to adding";
    template_updated: "最終更新", "Last changed";
    template_pick: "文例", "Template";
    template_pick_none: "（文例を選ぶ）", "(choose a template)";
    template_insert: "文例を入れる", "Insert the template";
    template_manage: "文例を管理する", "Manage templates";
    // Saved filters and shortcuts on the queue.
    saved_heading: "保存した条件", "Saved filters";
    queue_empty: "この条件に合うお申し出はありません。", "No request matches this filter.";
    save_filter_label: "今の条件に名前を付けて保存", "Save the current filter as";
    save_filter_button: "条件を保存する", "Save the filter";
    keys_heading: "キーボード操作", "Keyboard shortcuts";
    keys_hint: "文字を入力している間は働きません。", "They do nothing while you type in a field.";
    keys_on_label: "1文字のキー操作（j・k・/・?）を使う", "Use single-key shortcuts (j, k, /, ?)";
    keys_save: "設定を保存する", "Save the setting";
    keys_off: "いまは使わない設定です。", "They are switched off.";
}

impl StaffText {
    /// What a step's button says: the staff's imperative, one for every lifecycle action.
    pub fn action_button(&self, a: crate::requests::lifecycle::Action) -> &'static str {
        use crate::requests::lifecycle::Action as A;
        match a {
            A::StartReview => self.act_start_review,
            A::AcceptDocuments => self.act_accept_documents,
            A::RejectDocuments => self.act_reject_documents,
            A::AskMember => self.act_ask_member,
            A::Answer => self.act_answer,
            A::DecideDirectly => self.act_decide,
            A::DecideForApproval => self.act_decide_for_approval,
            A::Approve => self.act_approve,
            A::SendBack => self.act_send_back,
            A::Notify => self.act_notify,
            A::Complete => self.act_complete,
            A::Withdraw => self.act_withdraw,
            A::Dismiss => self.act_dismiss,
            A::Reject => self.act_reject,
            A::Remind => self.act_remind,
            A::Lapse => self.act_lapse,
            A::Disown => self.act_disown,
            A::Message => self.act_message,
            A::Note => self.act_note,
            A::Assign => self.act_assign,
            A::FeePaid => self.act_fee_paid,
            A::FeeWaived => self.act_fee_waived,
            A::RemindFee => self.act_remind_fee,
            A::LapseUnpaid => self.act_lapse_unpaid,
            A::ReissuePrepare => self.act_reissue_prepare,
            A::Reissue => self.act_reissue,
            A::ReissueCancel => self.act_reissue_cancel,
        }
    }

    /// Who took a step, as the staff timeline names them (「受付：山田」).
    pub fn actor(&self, a: &crate::requests::Actor, lang: kit::i18n::Lang) -> String {
        use crate::requests::Actor;
        match a {
            Actor::Requester => self.who_requester.to_string(),
            Actor::Agent => self.who_agent.to_string(),
            Actor::Subject => self.who_subject.to_string(),
            Actor::System => self.who_system.to_string(),
            Actor::Staff { role, name } => {
                let role = role.map(|r| r.label(lang)).unwrap_or(self.who_staff);
                if name.is_empty() { role.to_string() } else { format!("{role}：{name}") }
            }
        }
    }
}

kit::catalogue! { impl StaffText;
    pick_label(receipt: &str): "{receipt} を選ぶ", "Tick {receipt}";
    saved_remove(name: &str): "「{name}」を削除", "Delete “{name}”";
    bulk_done(n: usize): "{n}件のお申し出の担当者を設定しました。", "Assigned {n} requests.";
    my_number_erased_message(file: &str): "お送りいただいた書類「{file}」には個人番号（マイナンバー）が記載されていたため、法律（番号法第20条）により当組合では保管できず、削除しました。本人確認には、個人番号の記載のない書類（マイナンバーカードは表面のみ、住民票の写しは個人番号の記載を省略したもの）をお送りください。", "The document “{file}” you sent showed your My Number (個人番号), which the law (番号法 art. 20) does not let the society keep, so it was deleted. Please send a document without the number (the front of a マイナンバーカード only, or a 住民票の写し without the number).";
    my_number_erased_reason(receipt: &str): "番号法第20条（特定個人情報の収集・保管の制限）: 個人番号が記載された提出書類のため削除（受付番号 {receipt}）", "番号法 art. 20: a document showing an 個人番号 (receipt {receipt})";
    // Reports.
    business_days(days: &str): "{days}営業日", "{days} business days";
    fiscal_year_label(year: i32): "{year}年度", "FY{year}";
    received_heading(year: &str): "{year}の受付件数（月別・種類別）", "Requests received in {year}, by month and type";
    overdue_heading(count: usize): "回答期限を過ぎているお申し出（{count}件）", "Requests past their due date ({count})";
    // The queue.
    queue_count(total: i64, page: i64, pages: i64): "{total}件（{page}/{pages}ページ）", "{total} requests (page {page} of {pages})";
    queue_count_capped(total: i64, page: i64):
        "{total}件以上（{page}ページ目）。条件で絞り込んでください。",
        "More than {total} requests (page {page}). Narrow the filter.";
    // One request.
    decided_by(name: &str, approved: &str): "決定者: {name}{approved}", "Decided by: {name}{approved}";
    approved_by(name: &str): " / 承認者: {name}", " / Approved by: {name}";
    fee_due_hint(yen: i64): "手数料（{yen}円）が未納です。情報をお渡しする決定（開示・利用目的の通知）は、上の「手数料の記録」でお支払いか免除を記録してからできます。不存在・不開示・却下は、未納のままでも決定できます。", "The fee ({yen} yen) is unpaid. A decision that hands data over (disclosure, notice of purpose) needs its payment or waiver recorded above first; not held, non-disclosure and dismissal can be decided while it is unpaid.";
    escalation_sent(at: &str): "{at} に責任者へ報告しました。", "Reported to the officer in charge at {at}.";
    escalation_seen(by: &str, at: &str): "{by} が {at} に確認しました。", "{by} acknowledged it at {at}.";
}

#[cfg(test)]
mod tests {
    use super::StaffText;
    use kit::i18n::Lang;

    #[test]
    fn texts_with_values_read_as_before() {
        let (ja, en) = (StaffText::of(Lang::Ja), StaffText::of(Lang::En));
        assert_eq!(ja.queue_count(12, 1, 2), "12件（1/2ページ）");
        assert_eq!(en.queue_count_capped(1000, 3), "More than 1000 requests (page 3). Narrow the filter.");
        assert_eq!(ja.fiscal_year_label(2026), "2026年度");
        assert_eq!(en.received_heading(&en.fiscal_year_label(2026)), "Requests received in FY2026, by month and type");
        assert_eq!(ja.decided_by("S001", &ja.approved_by("S002")), "決定者: S001 / 承認者: S002");
        assert_eq!(en.business_days("2.5"), "2.5 business days");
        assert!(ja.fee_due_hint(300).starts_with("手数料（300円）"));
        assert_eq!((ja.month_suffix, en.month_suffix), ("月", ""));
    }
}
