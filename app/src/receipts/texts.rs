//! What the レセプト 照会 pages say: the staff section and the 照会書.

kit::catalogue! {
    /// The words of the 照会 section and letter.
    ReceiptText, receipt_text;
    heading: "医療機関への照会（レセプトの開示）", "Inquiries to medical institutions (disclosing medical claims)";
    lead: "レセプト（診療報酬明細書）を開示する前に、医療機関ごとに、開示によってご本人に病名等が知られることで支障が生じるおそれがないかを照会します。すべての回答がそろうまで、決定はできません。", "Before the medical claims are disclosed, each medical institution is asked whether disclosure could cause harm, for example by revealing a diagnosis. No decision can be made until every answer is in.";
    period: "対象の期間", "Period";
    whole_period: "期間の指定なし（保有しているすべての月）", "No period given (every month held)";
    proposals_heading: "照会先の候補（お知らせの記録から）", "Suggested medical institutions (from the notice records)";
    proposals_none: "この期間の記録に、医療機関は見つかりませんでした。", "No medical institution was found in the records of this period.";
    proposals_done: "記録にある医療機関には、すべて照会しました。", "Every medical institution in the records has been asked.";
    ask_all: "候補のすべてに照会する", "Send an inquiry to every suggestion";
    ask_one: "照会する", "Send an inquiry";
    add_label: "医療機関名を入力して照会先に加える", "Add a medical institution by name";
    add_hint: "候補にない医療機関（基幹システムのレセプトにある医療機関など）を加えます。", "For an institution not suggested above (for example one on the claims in the core system).";
    add_button: "照会先に加える", "Add";
    list_heading: "照会の状況", "Inquiries";
    none_yet: "まだ照会していません。", "No inquiry yet.";
    col_provider: "医療機関", "Medical institution";
    col_reply_by: "回答期限", "Reply by";
    col_answer: "回答", "Answer";
    waiting: "回答待ち", "Waiting";
    letter_link: "照会書を印刷する", "Print the inquiry letter";
    answer_legend: "回答を記録する", "Record the answer";
    reason_label: "支障ありの理由（医療機関の回答のとおり）", "Reason for the harm (as the institution answered)";
    reason_hint: "「支障あり」のときは必ず書いてください。決定で開示しない部分の根拠になります。", "Required when harm is expected: it is the basis for withholding.";
    record_button: "回答を記録する", "Record";
    basis: "決定の根拠（支障ありの回答）", "Basis for the decision (answers expecting harm)";
    basis_hint: "支障ありと回答した医療機関のレセプトは開示せず、決定では「33条2項1号」を根拠にします。", "The claims of an institution that expects harm are withheld; the decision cites Article 33(2)(i).";
    copies: "開示資料のレセプトの写し", "Copies of the claims in the package";
    copies_none: "なし", "None";
    copies_hint: "レセプトは基幹システムから出した写し（PDF・画像）を、開示資料の画面で医療機関を選んで追加します。", "The claims are copies from the core system (PDF or image), added on the package page with their institution chosen.";
    package_link: "開示資料の画面を開く", "Open the package page";
    // The 照会書.
    letter_title: "診療報酬明細書等の開示に関する照会書", "Inquiry about disclosing medical claims";
    letter_to: "御中", "";
    letter_intro: "当組合の加入者から、下記の方の診療報酬明細書（レセプト）の開示を求められています。開示に先立ち、貴院のご意見をうかがいます。お手数ですが、下の回答欄にご記入のうえ、回答期限までにご返送ください。", "A member has asked the society to disclose the medical claims of the person below. Before disclosing, we ask for your opinion. Please fill in the reply below and return it by the date given.";
    patient: "患者（受診者）の氏名", "Patient";
    birth_date: "生年月日", "Date of birth";
    claims_period: "対象の診療年月", "Months of care";
    question_heading: "照会事項", "Question";
    question: "開示により本人に病名等が知られることで支障が生じるおそれの有無", "Whether disclosure could cause harm by letting the patient learn a diagnosis or the like";
    reply_by: "回答期限", "Reply by";
    receipt: "受付番号", "Reference";
    contact: "お問い合わせ・ご返送先", "Contact and return address";
    slip_heading: "回答書", "Reply";
    slip_to: "宛", "";
    slip_no_objection: "□ 支障なし", "□ No harm expected";
    slip_objection: "□ 支障あり（理由をご記入ください）", "□ Harm expected (please give the reason)";
    slip_reason: "理由", "Reason";
    slip_signed: "医療機関名・回答者・回答日", "Institution, person answering, date";
    print: "印刷する", "Print";
    back: "お申し出に戻る", "Back to the request";
}

kit::catalogue! { impl ReceiptText;
    period_words(from: &str, to: &str): "{from}〜{to}", "{from} to {to}";
    answered_by(by: &str, at: &str): "{at} {by} が記録", "Recorded by {by} on {at}";
    copies_count(n: i64): "{n}件", "{n}";
    letter_page_title(provider: &str): "照会書（{provider}）", "Inquiry letter ({provider})";
}
