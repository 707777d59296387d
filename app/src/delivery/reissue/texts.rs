//! What the re-issue section of the staff package page says, Japanese first.

use kit::catalogue;

catalogue! { ReissueText, reissue_text;
    heading: "再交付（ダウンロード期限が過ぎたあと）", "Re-issue (after the download period)";
    lead: "本人から、もう一度受け取りたいとの申出があったときに使います。いまのデータから、同じ開示しない項目と同じ添付ファイルで資料を作り直し、前回交付したものとの違いを示します。別の責任者が承認すると、新しいダウンロード期限で本人がダウンロードできるようになります。", "Use this when the member asks to receive the result again. The package is rebuilt from the data as it is now, with the same withheld items and files, and compared with what was delivered last. Once another responsible person approves, the member can download it again, with a new download period.";
    not_yet: "再交付は、ポータルでのダウンロードで交付した資料の期限が過ぎてから準備できます。", "A re-issue can be prepared once a package delivered by download is past its download period.";
    by_post: "郵送で交付した資料です。もう一度必要なときは、印刷して郵送してください。", "This package was delivered by post; print and post it again if needed.";
    reason_label: "再交付の理由（内部の記録）", "Why it is re-issued (internal record)";
    reason_hint: "例：期限切れのため本人から電話で依頼。200字まで。", "e.g. the member phoned after the period ended. Up to 200 characters.";
    prepare_button: "再交付を準備する", "Prepare a re-issue";
    prepare_roles: "準備できるのは審査担当と責任者です。", "Reviewers and responsible persons can prepare a re-issue.";
    pending_heading: "承認待ちの再交付", "Re-issue awaiting approval";
    compared_heading: "前回交付したものとの違い", "What differs from the last delivery";
    all_same: "前回交付したものと、内容は変わりません。", "Nothing differs from the last delivery.";
    no_record: "前回交付した資料は、ファイルごとの記録がありません（この記録を残す前に作成した資料です）。残っている記録は、資料全体の SHA-256 と大きさだけです。", "The last delivery has no file-by-file record (it was built before the portal kept one). Only its SHA-256 and size are on record.";
    first_record: "前回交付した資料", "Last delivery";
    new_record: "再交付する資料", "Re-issue";
    section_same: "変わりません", "unchanged";
    files_label: "追加した資料", "Added files";
    withheld_label: "開示しない項目", "Withheld items";
    none: "なし", "none";
    approve_button: "承認して再交付する", "Approve and re-issue";
    cancel_button: "取り消す", "Cancel";
    own_note: "あなたが準備した再交付です。承認は別の責任者がします。", "You prepared this re-issue; another responsible person approves it.";
    decide_roles: "承認・取消しは責任者がします。", "A responsible person approves or cancels it.";
    approve_hint: "承認すると、本人に新しいダウンロード期限をお知らせします。", "Approving tells the member, with the new download period.";
    history_heading: "これまでの再交付", "Earlier re-issues";
}

catalogue! { impl ReissueText;
    section_count_changed(title: &str, before: usize, after: usize): "{title}：{before}件 → {after}件（変わりました）", "{title}: {before} → {after} (changed)";
    section_content_changed(title: &str, count: usize): "{title}：{count}件（内容が変わりました）", "{title}: {count} (content changed)";
    section_added(title: &str, after: usize): "{title}：新しく{after}件", "{title}: {after}, new";
    section_removed(title: &str, before: usize): "{title}：{before}件 → なし（変わりました）", "{title}: {before} → none (changed)";
    section_unchanged(title: &str, count: usize): "{title}：変わりません（{count}件）", "{title}: unchanged ({count})";
    list_same(label: &str, count: usize): "{label}：変わりません（{count}件）", "{label}: unchanged ({count})";
    list_heading(label: &str): "{label}：", "{label}:";
    list_added(item: &str): "加わる：{item}", "added: {item}";
    list_removed(item: &str): "なくなる：{item}", "removed: {item}";
    prepared(by: &str, at: &str): "{at} {by} が準備", "Prepared by {by} on {at}";
    decided(status: &str, by: &str, at: &str): "{status}（{at} {by}）", "{status} ({by}, {at})";
    reason(text: &str): "理由：{text}", "Reason: {text}";
    digest(size: &str, sha: &str): "{size}　SHA-256 {sha}", "{size}  SHA-256 {sha}";
}
