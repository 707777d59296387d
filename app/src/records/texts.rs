//! The words of the audit record read back: a member's access history, the auditor's page
//! and the plain words for an access's purpose. Japanese first.

kit::catalogue! {
    /// The records pages' words.
    RecordsText, records_text;
    // Why an access was made (see `access::purpose_words`).
    purpose_none: "記録なし", "Not recorded";
    purpose_account_help: "アカウントのお手伝い", "Help with your account";
    purpose_second_factor_reset: "認証アプリの再設定", "Resetting your authenticator app";
    purpose_letter_outbox: "郵送待ちの書面の確認", "Letters waiting to be posted";
    purpose_letter: "書面の郵送", "Posting a letter";
    purpose_other: "その他の業務", "Other work";
    // The member's access history.
    history_title: "アクセス履歴", "Access history";
    history_lead: "健康保険組合の職員が、このポータルを通じてあなたの情報を見たり扱ったりした記録です。いつ、どの役割の職員（職員番号）が、何のために行ったかを表示します。", "A record of each time staff of the society looked at or handled your data through this portal: when, which role (staff number), and for what.";
    history_scope: "この履歴は、このポータルを通じたアクセスだけを表示しています。紙の書類や、組合の他のシステム（レセプト・基幹システムなど）での取扱いは含まれません。それらについては「開示」のお申し出で確認できます。", "This covers access through this portal only. Paper files and the society's other systems are not included; you can ask about those with a disclosure request.";
    history_none: "職員によるアクセスの記録はまだありません。", "No staff access has been recorded yet.";
    col_when: "日時", "When";
    col_staff: "職員", "Staff";
    col_what: "内容", "What";
    col_for: "目的", "For";
    back_to_account: "アカウントに戻る", "Back to your account";

    newer: "新しい記録へ", "Newer";
    older: "古い記録へ", "Older";
    // The auditor's page.
    chain_unverified: "まだ検証の記録がありません。", "The chain has not been verified yet.";
    chain_intact: "正常：封印済みの記録はすべて改ざんされておらず、チェックポイントと一致しています。", "Intact: every sealed event is unchanged and matches the checkpoints.";
    col_actor_roles: "操作者（役割）", "Actor (roles)";
    col_subject: "対象者", "Subject";
    col_action: "操作", "Action";
    col_purpose: "目的", "Purpose";
    col_outcome: "結果", "Outcome";
    col_from: "接続元", "From";
    outcome_allowed: "許可", "allowed";
    outcome_refused: "拒否", "refused";
    audit_title: "監査記録", "Audit record";
    audit_lead: "個人データへのすべてのアクセスと変更の記録です（閲覧のみ）。この画面での検索・出力も記録されます。", "Every access to and change of personal data (read-only). Searches and exports here are recorded too.";
    actor: "操作者", "Actor";
    actor_hint: "職員番号、member:番号、system", "staff number, member:id or system";
    subject: "対象者（会員番号）", "Subject (member id)";
    subject_hint: "数字", "digits";
    period_from: "期間（から）", "From";
    period_from_hint: "例: 2026-11-01", "e.g. 2026-11-01";
    period_to: "期間（まで）", "To";
    period_to_hint: "例: 2026-11-30", "e.g. 2026-11-30";
    outcome_all: "すべて", "All";
    outcome_allowed_option: "許可", "Allowed";
    outcome_refused_option: "拒否", "Refused";
    search: "検索", "Search";
    chain_heading: "改ざん検知（ハッシュチェーン）", "Tamper evidence (hash chain)";
    verify_now: "今すぐ検証する", "Verify now";
    results_heading: "検索結果（新しい順）", "Results (newest first)";
    export_csv: "この条件でCSVを出力（記録されます）", "Export this search as CSV (recorded)";
    nothing_matches: "該当する記録はありません。", "Nothing matches.";
    results: "検索結果", "Results";
    unusual_lead: "職員が会員の情報を見た時点で、その会員のお申し出が受付中でなく、郵送待ちの書面もなかったものです（期間・操作者・対象者の条件が適用されます。新しい順に最大200件）。業務上の理由を確認してください。", "Staff reads of a member's data at a moment when that member had no open request and no letter in preparation (the period, actor and subject filters apply; newest 200). Check each has a reason.";
    unusual_none: "該当するアクセスはありません。", "None.";
    unusual_caption: "要確認のアクセス", "Accesses to review";

    previous: "前へ", "Previous";
    next: "次へ", "Next";
    no_checkpoint_file: "チェックポイントファイルは設定されていません", "no checkpoint file is configured";
    disposals_title: "廃棄記録", "Disposal records";
    disposals_lead: "このポータルが廃棄・消去した記録の一覧です。保存期間を過ぎて廃棄したもの（一括処理ごとに1件）と、ご本人の請求による消去（35条、種類ごとに1件）を記録しています。消去した内容そのものは残していません。", "Every disposal the portal made: records past their retention period (one record per batch) and erasures decided on a person's request (art. 35, one per kind of data). The data disposed of is not kept.";
    disposals_none: "廃棄記録はまだありません。", "No disposal records yet.";
    back_to_audit: "監査記録に戻る", "Back to the audit record";
    disposals_link: "廃棄記録（保存期間の満了・請求による消去）", "Disposal records";
    disposal_erasure: "ご本人の請求による消去（35条）", "Erasure on the person's request (art. 35)";
    col_disposed_at: "日時", "When";
    col_disposal_kind: "種類", "Kind";
    col_disposal_count: "件数", "Count";
    col_disposal_reason: "理由", "Why";
    col_disposal_range: "範囲", "Range";
}

kit::catalogue! { impl RecordsText;
    disposal_period_ended(before: &str): "保存期間の満了（{before}より前の記録）", "Retention period ended (records before {before})";
    purpose_request(receipt: &str): "お申し出 {receipt} の処理", "Request {receipt}";
    chain_broken(position: i64, event: &str, why: &str):
        "異常：位置 {position}{event} で最初の不整合 — {why}",
        "Broken: first broken link at position {position}{event} — {why}";
    chain_inserted(id: i64, why: &str): "異常：連結の外の記録（event {id}）— {why}", "Inserted: event {id}, outside the chain — {why}";
    chain_unsealed(count: i64): "異常：1分以上封印されていない記録が {count} 件あります", "Not sealed: {count} event(s) older than a minute are outside the chain";
    checked_against(count: usize): "チェックポイント {count} 件と照合", "checked against {count} checkpoint(s)";
    last_verified(at: &str, sealed: i64, files: &str):
        "最終検証: {at}。封印済み {sealed} 件を再計算、{files}。",
        "Last verified {at}: {sealed} link(s) recomputed, {files}.";
    unusual_heading(count: usize): "要確認のアクセス（{count}件）", "Accesses to review ({count})";
}

#[cfg(test)]
mod tests {
    use super::RecordsText;
    use kit::i18n::Lang;

    #[test]
    fn texts_with_values_read_as_before() {
        let (ja, en) = (RecordsText::of(Lang::Ja), RecordsText::of(Lang::En));
        assert_eq!(ja.chain_broken(4, " / event 9", "理由"), "異常：位置 4 / event 9 で最初の不整合 — 理由");
        assert_eq!(en.chain_unsealed(2), "Not sealed: 2 event(s) older than a minute are outside the chain");
        assert_eq!(ja.last_verified("2026-11-22 10:00", 5, &ja.checked_against(1)), "最終検証: 2026-11-22 10:00。封印済み 5 件を再計算、チェックポイント 1 件と照合。");
        assert_eq!(en.unusual_heading(0), "Accesses to review (0)");
    }
}
