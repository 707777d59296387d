//! The fee's words: what the member reads (how to pay, the 領収書), what staff record, and
//! the messages the timeline keeps. Plain Japanese first.

use kit::catalogue;

catalogue! { FeeText, fee_text;
    title: "手数料", "Fee";
    due_title: "手数料のお支払い待ち", "Waiting for the fee";
    due_lead: "このお申し出には手数料がかかります。次のいずれかの方法でお支払いください。お支払いを確認してから結果をお渡しします。", "This request carries a fee. Please pay it in one of the ways below: we hand the result over once we have received it.";
    write_receipt: "お支払いの際は、受付番号をお書き添えください（振込の場合は、振込人名の前に受付番号を入れてください）。", "When you pay, please give the receipt number (for a transfer, put it before your name).";
    no_methods: "お支払い方法は、お問い合わせ窓口にお尋ねください。", "Please ask our enquiry desk how to pay.";
    amount: "金額", "Amount";
    methods_title: "お支払い方法", "Ways to pay";
    paid_title: "手数料はお支払い済みです", "The fee is paid";
    waived_title: "手数料は免除されました", "The fee was waived";
    paid_on: "お支払い日", "Paid on";
    paid_method: "お支払い方法", "Paid by";
    waiver_reason: "免除の理由", "Why it was waived";
    receipt_link: "領収書を表示・印刷する", "Show and print the receipt";
    receipt_title: "領収書", "Receipt";
    receipt_for: "個人情報の開示等の請求に係る手数料として", "As the fee for a request about personal information";
    receipt_received: "上記の金額を領収しました。", "We have received the amount above.";
    receipt_number: "受付番号", "Receipt number";
    issued_on: "発行日", "Issued on";
    payer: "お支払いいただいた方", "Paid by";
    receipt_missing: "この手数料の領収書はありません（お支払いの記録がないか、免除されています）。", "There is no receipt for this fee (no payment is recorded, or it was waived).";
    no_fee_receipt_back: "お申し出の画面に戻る", "Back to the request";
    inquiry_title: "お問い合わせ先", "Enquiries";
    fee_lapse_message: "手数料のお支払いが確認できなかったため、このお申し出は終了しました（補正なしで終了）。お申し出の権利がなくなったわけではありません。いつでも改めてお申し出いただけます。ご不明な点は、お問い合わせ窓口までご連絡ください。", "We did not receive the fee, so this request has been closed. You have not lost your right: you may ask again at any time. If anything is unclear, please contact our enquiry desk.";
    // Staff.
    staff_title: "手数料の記録", "The fee";
    staff_due: "未納（お支払い待ち）", "Unpaid";
    staff_state: "状況", "Status";
    staff_payment_legend: "お支払いを記録する", "Record the payment";
    staff_waiver_legend: "免除する（理由を記録）", "Waive the fee (with the reason)";
    staff_paid_on: "お支払い日", "Date paid";
    staff_paid_on_hint: "例: 2026-11-20 または 令和8年11月20日", "e.g. 2026-11-20";
    staff_method: "お支払い方法", "Way of payment";
    staff_amount: "金額（円）", "Amount (yen)";
    staff_record_payment: "お支払いを記録する", "Record the payment";
    staff_record_waiver: "免除を記録する", "Record the waiver";
    staff_guidance_letter: "手数料のご案内（郵送用）を印刷する", "Print the fee letter (for post)";
    staff_recorded_by: "記録した職員", "Recorded by";
    letter_title: "手数料のお支払いについて（ご案内）", "How to pay the fee";
    letter_lead: "このたびは、個人情報の開示等のお申し出をいただきありがとうございます。お申し出には、次の手数料がかかります。下記のいずれかの方法でお支払いください。お支払いを確認してから、結果をお渡しします。", "Thank you for your request. It carries the fee below; please pay it in one of the ways listed. We hand the result over once we have received it.";
    letter_deadline_note: "お支払いがないまま期間が過ぎた場合は、一度お知らせしたうえで、お申し出を終了します。終了後も、いつでも改めてお申し出いただけます。", "If the fee does not arrive, we remind you once and then close the request; you may ask again at any time afterwards.";
    letter_no_fee_for: "お支払い前に、情報をお渡ししない決定（保有していない など）となった場合、お支払いは不要です。", "If, before you pay, the answer is one that hands nothing over (e.g. we hold no such data), no fee is due.";
}

catalogue! { impl FeeText;
    yen(n: i64): "{n}円", "{n} yen";
    fee_paid_message(amount: &str, on: &str, method: &str): "手数料{amount}のお支払いを確認しました（{on}、{method}）。領収書はこの画面から印刷できます。", "We received the fee of {amount} ({on}, {method}). You can print the receipt from this page.";
    fee_waived_message(reason: &str): "手数料を免除しました。理由: {reason}", "The fee was waived. Reason: {reason}";
    fee_reminder_message(last_day: &str): "手数料のお支払いをお待ちしています。{last_day}までにお支払いが確認できない場合、このお申し出は終了します（終了後も、いつでも改めてお申し出いただけます）。お支払い方法はこの画面に表示しています。", "We are still waiting for the fee. If it has not reached us by {last_day}, this request will be closed (you may ask again at any time afterwards). How to pay is shown on this page.";
    pay_by(last_day: &str): "{last_day}までにお支払いください。", "Please pay by {last_day}.";
}
