//! What the 医療費のお知らせ pages say, Japanese first ([`NoticeText`]), and the words of
//! the statement files, which are in Japanese whatever the page's language
//! ([`NoticeFileText`]).

use kit::catalogue;

catalogue! { NoticeText, notice_text;
    title: "医療費のお知らせ", "Medical cost notices";
    lead: "健康保険で受けた診療の内容と医療費です。年ごと・月ごと・ご家族ごとに確認でき、医療費控除の明細書としても使えます。", "The care you received under the health insurance and what it cost, by year, month and family member. It can also serve as the statement for a medical expense deduction.";
    please_note: "ご注意", "Please note";
    caveat_amounts: "金額は、医療機関等から健康保険組合に届いた診療報酬明細書（レセプト）によるものです。窓口で支払った額と異なることがあります。", "Amounts come from the bills (レセプト) providers sent to the society and can differ from what you paid at the counter.";
    caveat_delay: "レセプトが届くまで、受診からおよそ3か月かかります。最近の受診はまだ表示されません。", "Bills reach the society about three months after the visit: recent care is not shown yet.";
    caveat_adults: "18歳以上のご家族の分は、ご本人の同意があるときだけ表示します。", "Adult family members' care is shown only with their consent.";
    show_table: "グラフの数値を表で見る", "Show the figures as a table";
    col_month_short: "月", "Month";
    col_paid_yen: "窓口負担額（円）", "Paid (yen)";
    show_latest: "医療費のお知らせを表示する", "Show the medical cost notices";
    year: "年", "Year";
    person: "受診者", "Person";
    everyone: "表示できる全員", "Everyone shown";
    show: "表示", "Show";
    col_bills: "件数", "Bills";
    col_total_cost: "医療費総額", "Total cost";
    col_copay: "窓口負担額", "Paid at the counter";
    col_paid_back: "給付金（払い戻し）", "Paid back";
    paid_back: "給付金", "Paid back";
    total: "合計", "Total";
    sharing_link: "ご家族への表示の設定", "Sharing with your household";
    lines_heading: "月ごとの明細", "Month by month";
    lines_hint: "月を押すと、その月に受診した医療機関ごとの明細が開きます。", "Tap a month to see each bill of that month.";
    per_person: "受診した方ごとの合計", "Totals per person";
    statement_link: "明細を表示・印刷する", "Show and print the statement";
    pdf_link: "明細をPDFでダウンロード", "Download the statement (PDF)";
    csv_link: "明細をCSVでダウンロード", "Download the statement (CSV)";
    receipts_summary: "領収書で申告する方へ（Excel形式の集計フォーム）", "If you itemise receipts (a spreadsheet)";
    no_lines: "この年の明細はまだありません。", "No lines for this year yet.";
    col_month: "診療年月", "Month";
    col_provider: "医療機関等", "Provider";
    col_kind: "区分", "Kind";
    col_days: "日数", "Days";
    col_paid: "窓口負担額", "Paid";
    deduction_heading: "医療費控除に使う", "For a medical expense deduction";
    deduction_lead: "確定申告の医療費控除で、このお知らせを「医療費控除の明細書」の代わりに使えます。同じ医療費を、このお知らせと領収書の両方で申告しないでください（どちらか一方だけです）。", "You can use this notice instead of itemising receipts for a medical expense deduction. Claim each expense one way only: with this notice or with receipts, never both.";
    receipts_lead: "国税庁の「医療費集計フォーム」と同じ列の表（Excel形式）も用意しています。医療費のお知らせで申告する分は、表から削除してください。", "A spreadsheet in the columns of the tax office's 医療費集計フォーム. Delete the rows you claim with this notice.";
    statement_title: "医療費控除用の明細", "Statement for a medical expense deduction";
    insured: "被保険者等の氏名", "Insured person";
    insurer: "保険者等の名称", "Insurer";
    insurer_number: "保険者番号", "Insurer number";
    card: "記号・番号", "Card number";
    masked: "保険者番号と記号・番号は、確定申告書に添付するためマスキング（伏せ字）にしています。", "The insurer and card numbers are masked because this page is attached to a tax return.";
    col_care_month: "療養を受けた年月", "Month of care";
    col_patient: "療養を受けた者", "Patient";
    col_provider_name: "医療機関等の名称", "Provider";
    col_paid_amount_yen: "支払った医療費の額（円）", "Paid (yen)";
    col_compensated_yen: "左のうち補てんされる金額（円）", "Of which paid back (yen)";
    col_paid_amount: "支払った医療費の額", "Paid";
    col_compensated: "補てんされる金額", "Paid back";
    one_way: "同じ医療費を、このお知らせと領収書（医療費集計フォーム）の両方で申告しないでください。どちらか一方で申告します。", "Claim each expense one way only: with this notice or with receipts (the 医療費集計フォーム), never both.";
    back: "医療費のお知らせに戻る", "Back to the notices";
    print_hint: "ブラウザーの印刷機能（メニューの「印刷」）でも印刷できます。A4の用紙に収まります。", "Your browser's print command (in its menu) prints it too; the page fits A4.";
    print: "印刷する", "Print";
    about_heading: "この金額について", "About these amounts";
    sharing_title: "ご家族への表示の設定（医療費のお知らせ）", "Sharing your medical cost notices with your household";
    saved: "設定を保存しました。", "Saved.";
    sharing_insured_lead: "被保険者のあなたには、18歳未満のご家族の分を表示します。18歳以上のご家族の分は、その方ご本人が同意したときだけ表示します。同意は、ご本人がこのポータルのご自分のアカウントで、または書面（窓口・郵送）ですることができ、いつでも取り消せます。", "You see the notices of family members under 18. An adult family member's notices are shown only when they consent, in their own account or on paper, and they can withdraw it at any time.";
    sharing_dependent_lead: "被保険者（世帯主）の「医療費のお知らせ」に、あなたの受診の分を表示するかどうかを選べます。18歳以上の方は、同意したときだけ表示します。18歳未満の方は、表示しないことを選べます。", "Choose whether your care appears in the insured person's notices. For adults it appears only with consent; under 18, you may choose not to show it.";
    sharing_now: "いまの設定: ", "Now: ";
    consent: "表示することに同意する", "I consent to showing them";
    opt_out: "表示しない（同意を取り消す）", "Do not show them (withdraw consent)";
    paper_title: "医療費のお知らせ：書面による同意・表示しない旨の記録", "Medical cost notices: recording a paper consent or opt-out";
    paper_lead: "18歳以上のご家族が書面で「被保険者の医療費のお知らせに自分の分を表示すること」に同意したとき、またはご家族が表示しないことを書面で申し出たときに記録します。記録は取り消さず、新しい記録が優先します。", "Record a family member's paper consent to appear in the insured person's notices, or their paper request not to. Records are kept; the newest one counts.";
    recorded: "記録しました。", "Recorded.";
    signer: "ご本人（署名した方）の記号・番号・枝番", "The signer's 記号・番号・枝番";
    signer_hint: "例: 1001-23-01", "e.g. 1001-23-01";
    choice: "内容", "Choice";
    paper_consent: "表示に同意する", "Consents to showing";
    paper_opt_out: "表示しない（同意の取消し）", "Not to be shown (withdrawal)";
    signed_on: "書面の日付", "Date on the form";
    signed_on_hint: "例: 2026-11-20", "e.g. 2026-11-20";
    record: "記録する", "Record";
    import_title: "医療費のお知らせの取込み", "Import medical cost notices";
    import_lead: "レセプトシステムから出力した医療費のお知らせのCSV（UTF-8またはShift_JIS）を取り込みます。全行を確認してから取り込み、1行でも問題があれば何も取り込まずに、問題のある行と理由を表示します。同じファイルを何度取り込んでも結果は変わりません。", "Load the notice CSV exported from the レセプト system (UTF-8 or Shift_JIS). Every line is checked first; if any has a problem nothing is imported and each problem line is listed. Importing the same file again changes nothing.";
    no_such_import: "その取込みは見つかりません（サーバーの再起動で消えます）。", "No such import (the list is cleared when the server restarts).";
}

catalogue! { impl NoticeText;
    month(year: &str, month: u32, name: &str): "{year}年{month}月", "{name} {year}";
    shown_up_to(month: &str): "現在、{month}診療分までを表示しています。", "Care up to {month} is shown so far.";
    chart_title(year: i32): "{year}年 月別の窓口負担額", "Amount paid at the counter by month, {year}";
    chart_summary(total: &str): "1月から12月までの窓口負担額の棒グラフです。合計{total}円。数値は下の表にもあります。", "Bar chart of the amount paid at the counter, January to December; total ¥{total}. The figures are also in the table below.";
    month_number(n: usize): "{n}月", "{n}";
    year_option(year: i32): "{year}年", "{year}";
    totals_heading(year: i32): "{year}年の合計", "Totals for {year}";
    yen(amount: &str): "{amount}円", "¥{amount}";
    deduction_year(year: i32): "{year}年分の医療費控除", "Medical expense deduction, {year}";
    bills(count: usize): "{count}件", "{count} bills";
    cost_of(amount: &str): "医療費 {amount}円", "cost ¥{amount}";
    paid_of(amount: &str): "窓口負担 {amount}円", "paid ¥{amount}";
    not_over(year: i32, month: &str): "{year}年はまだ終わっていないため、この明細は{month}診療分までの途中のものです。このままでは確定申告に使えない場合があります。", "{year} is not over yet, so this statement only covers care up to {month}. As it is, it may not be accepted for a tax return.";
    not_over_yet(year: i32): "{year}年はまだ終わっていないため、この明細は途中のものです。このままでは確定申告に使えない場合があります。", "{year} is not over yet, so this statement is not complete. As it is, it may not be accepted for a tax return.";
    arriving(year: i32, month: &str): "{year}年の分は、まだすべて届いていません。この明細は{month}診療分までです。それより後の受診の分は、領収書で申告してください。", "Not all of {year}'s bills have reached us yet: this statement covers care up to {month}. Claim later care with your receipts.";
    arriving_none(year: i32): "{year}年の分は、まだ届いていません。", "No bills for {year} have reached us yet.";
    xlsx_link(year: i32): "{year}年分の医療費集計フォーム（Excel形式）をダウンロード", "Download the {year} 医療費集計フォーム (xlsx)";
    statement_heading(year: i32): "医療費のお知らせ（{year}年分・医療費控除用）", "Medical cost notice for {year} (for a deduction)";
    based_on(month: &str): "{month}診療分までのレセプトに基づきます。それ以降の分は、届きしだい追加されます。", "Based on bills up to {month}; later care is added as bills arrive.";
    use_stopped(name: &str, receipt: &str): "{name}さんの医療費のお知らせは、利用停止のお申出（受付番号 {receipt}）により表示を停止しています。内容は開示請求でお受け取りいただけます。", "The notices of {name} are not shown: their use was stopped at the person's request (receipt {receipt}). Their content can still be obtained by a disclosure request.";
}

// The PDF statement and the 医療費集計フォーム are in Japanese whatever the page's
// language: read with `NoticeFileText::of(Lang::Ja)`; there is no English.
catalogue! { NoticeFileText, notice_file_text;
    insured: "被保険者等の氏名", "";
    insurer: "保険者等の名称", "";
    insurer_number: "保険者番号", "";
    card: "記号・番号", "";
    masked: "保険者番号と記号・番号は、確定申告書に添付するためマスキング（伏せ字）にしています。", "";
    col_care_month: "療養を受けた年月", "";
    col_patient: "療養を受けた者", "";
    col_provider: "医療機関等の名称", "";
    col_paid: "支払った医療費の額", "";
    col_compensated: "うち補てんされる金額", "";
    total: "合計", "";
    one_way: "同じ医療費を、医療費通知（このお知らせ）と領収書（医療費集計フォーム）の両方で申告しないでください。どちらか一方で申告します。", "";
    one_way_end: "どちらか一方で申告します。", "";
    form_sheet: "医療費集計フォーム", "";
    form_note: "医療費のお知らせから作成しました。領収書で申告する分だけを残し、支払年月日は領収書の日付を入力してください。", "";
    applies: "該当する", "";
}

catalogue! { impl NoticeFileText;
    statement_heading(year: i32): "医療費のお知らせ（{year}年分・医療費控除用）", "";
    pharmacy(provider: &str): "{provider}（調剤）", "";
    yen(amount: &str): "{amount}円", "";
    based_on(month: &str): "{month}診療分までのレセプトに基づきます。", "";
    not_over(year: i32, month: &str): "{year}年はまだ終わっていないため、この明細は{month}診療分までの途中のものです。", "";
    not_over_yet(year: i32): "{year}年はまだ終わっていないため、この明細は途中のものです。", "";
    arriving(year: i32, month: &str): "{year}年の分はまだすべて届いていないため、この明細は{month}診療分までです。", "";
    arriving_none(year: i32): "{year}年の分は、まだ届いていません。", "";
    form_title(year: i32): "医療費集計フォーム（{year}年分）", "";
}
