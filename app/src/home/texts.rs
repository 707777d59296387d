//! What the member's home says, Japanese first.

use kit::catalogue;

catalogue! { HomeText, home_text;
    title: "マイページ", "My page";
    attention_heading: "お手続きが必要なこと", "What needs your attention";
    nothing_to_do: "いま、お手続きが必要なことはありません。", "Nothing needs your attention now.";
    answer: "追加の情報・書類をお願いしています。回答してください", "We asked you for more information: please answer";
    decision: "お申し出の結果が届いています", "The answer to your request has arrived";
    message: "お申し出について、新しいお知らせがあります", "There is news about your request";
    news: "個人情報の取扱い（公表事項）が変わりました。内容をご確認ください", "The privacy notice has changed: please read what changed";
    open: "開く", "Open";
    tasks_heading: "できること", "What you can do";
    task_notices: "医療費のお知らせを見る", "See your medical costs";
    task_notices_hint: "かかった医療費の明細と、確定申告（医療費控除）に使える明細書", "Your medical costs, and the statement for the tax deduction";
    task_new_request: "個人情報についてお申し出をする", "Make a request about your personal information";
    task_new_request_hint: "開示・訂正・利用停止・苦情など", "Disclosure, correction, stop of use, complaint and more";
    task_requests: "お申し出の一覧と進み具合", "Your requests and how they are going";
    task_account: "アカウントの設定", "Your account";
    task_account_hint: "パスワード、確認コード、メールアドレス、ログインの記録", "Password, sign-in code, e-mail address, sign-in history";
}

catalogue! { impl HomeText;
    pay_fee(yen: i64): "手数料（{yen}円）のお支払いをお待ちしています", "Please pay the fee ({yen} yen)";
    download(until: &str): "資料のダウンロード期限が近づいています（{until}まで）", "Your download ends soon (until {until})";
    about(kind: &str, receipt: &str): "{kind}（受付番号 {receipt}）", "{kind} (receipt {receipt})";
    requests_open(n: usize): "進行中のお申し出: {n}件", "Requests under way: {n}";
}
