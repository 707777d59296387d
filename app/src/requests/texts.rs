//! The request pages' messages, Japanese first, in plain words: the member's pages
//! ([`RqText`]), the staff's paper and counter intake ([`IntakeText`]), the public
//! procedure page ([`ProcedureText`]) and the blank paper forms ([`PaperFormText`]).

use super::agency::Document;
use kit::rights::RequestType;
use kit::catalogue;

catalogue! { RqText, rq_text;
    decision_title: "決定の内容", "The decision";
    decision_outcome: "決定", "Decision";
    decision_ground: "根拠", "Legal ground";
    decision_reason: "理由・対応内容", "Reason / response";
    decision_change: "訂正した内容", "What was changed";
    decision_date: "決定日", "Date of decision";
    decision_fee: "手数料", "Fee";
    letter_link: "決定通知書を表示・印刷する", "View or print the decision letter";
    letter_title: "決定通知書", "Decision letter";
    letter_print: "印刷する", "Print";
    letter_intro: "あなたから受け付けた次のお申し出について、下記のとおり決定しましたので通知します。", "We have decided on the following request you made, as set out below.";
    letter_dear: "様", "";
    letter_request: "お申し出の内容", "Your request";
    letter_inquiry: "この決定についてのお問い合わせ・苦情の申出先", "Questions or complaints about this decision";
    letter_delivery: "開示する資料の受け取り方", "How you receive the disclosed data";
    letter_download: "開示する資料は、加入者ポータル「窓口」でダウンロードしてください（電磁的記録の提供）。ログインして、マイページの「お申し出」からこの受付番号のお申し出を開くと、「内容を読む（PDF）」と「すべてのファイル（ZIP：PDF・CSV・JSON）」のボタンがあります。", "Please download the disclosed data in the member portal (electronic delivery). Sign in and open this request from “Your requests”: there are buttons to read it (PDF) and to download all the files (ZIP: PDF, CSV, JSON).";
    letter_download_where: "ダウンロードする場所", "Where to download";
    letter_download_until: "ダウンロードの期限", "Download until";
    letter_by_post: "開示する資料は、書面にして、この通知とともに郵送します。", "The disclosed data is printed and posted to you with this letter.";
    letter_post_instead: "ご指定の方法による開示が困難なため、開示する資料は書面にして、この通知とともに郵送します。", "As the method you chose is difficult, the disclosed data is printed and posted to you with this letter.";
    before: "訂正前", "Before";
    after: "訂正後", "After";
    deleted_value: "（削除）", "(deleted)";
    lapse_message: "補正のお願いにご回答がなかったため、このお申し出は終了しました（補正なしで終了）。お申し出の権利がなくなったわけではありません。いつでも改めてお申し出いただけます。ご不明な点は、お問い合わせ窓口までご連絡ください。", "We did not receive a reply to our request for information, so this request has been closed. You have not lost your right: you may ask again at any time. If anything is unclear, please contact our enquiry desk.";
    decided_by_system: "システム（補正の回答期限を過ぎたため自動で終了）", "The system (closed automatically after the reply period)";
    list_title: "お申し出", "Your requests";
    list_intro: "個人情報について、当組合へのお申し出（通知・開示・訂正・利用停止・苦情）をこの画面から送り、回答まで確認できます。", "Here you can send requests about your personal information (notice of purpose, disclosure, correction, suspension, complaints) and follow each to its answer.";
    new_request: "新しくお申し出をする", "Make a new request";
    none_yet: "まだお申し出はありません。", "You have no requests yet.";
    receipt: "受付番号", "Receipt number";
    received_at: "受付日時", "Received";
    status: "状況", "Status";
    about: "対象の方", "About";
    due: "回答予定日", "Answer due";
    due_today: "本日が回答予定日です", "The answer is due today";
    overdue: "回答予定日を過ぎています。お待たせして申し訳ありません。", "The answer is overdue. We apologise for the delay.";
    paused: "補正（追加のご連絡）をお待ちしています。その間、期限は止まっています。", "We are waiting for your reply; the deadline is paused meanwhile.";
    unread: "新しいお知らせ", "New";
    choose_title: "どのお申し出をしますか", "Which request would you like to make?";
    choose_intro: "内容に合うものを選んでください。迷ったときは「苦情・ご相談」からお送りください。", "Choose the one that fits. If unsure, use 'Complaint or question'.";
    what_it_is: "このお申し出について", "About this request";
    fee: "手数料", "Fee";
    fee_none: "手数料はかかりません。", "There is no fee.";
    fee_payment: "手数料は、受付のあと、次のいずれかの方法でお支払いください（お申し出の画面にも表示します）。お支払いを確認してから結果をお渡しします。お支払い前に、情報をお渡ししない決定（保有していない など）となった場合、お支払いは不要です。", "After we receive the request, please pay the fee in one of these ways (the request's page shows them too). We hand the result over once it is paid. If, before you pay, the answer is one that hands nothing over (e.g. we hold no such data), no fee is due.";
    next_steps_title: "送信したあと", "What happens next";
    who_legend: "どなたについてのお申し出ですか", "Whose information is this about?";
    who_step_up: "ご家族の代わりにお申し出になるときは、安全のため、はじめにパスワードと確認コードをもう一度入力してください。", "To ask for a family member, please first enter your password and code again, for your safety.";
    who_step_up_link: "入力して、ご家族の分を選ぶ", "Enter them and choose a family member";
    who_hint: "ご家族の分もお申し出いただけます。代わりにお申し出になるときは、その立場を確かめる書類（戸籍謄抄本・住民票の写し・委任状・登記事項証明書など）を添えてください。書類を確認するまでは「本人確認中」となります。", "You may also ask for a family member. When you act for someone, attach the document that shows your standing (family register, resident record, power of attorney or certificate of registration). Until we have checked it, the request shows as “checking identity”.";
    who_self: "ご本人", "Yourself";
    who_others: "ご家族など、ほかの方の代わりに申し出る", "I am asking for a family member or someone else";
    steps_label: "お申し出の手順", "Steps of the request";
    step_done: "完了", "Done";
    step_next: "次へ", "Next";
    step_back: "戻る", "Back";
    step_restart: "入力を消して最初からやり直す", "Clear my answers and start again";
    step_kept: "前回の入力の続きです（送信するまで、1日のあいだ保存しています）。", "You are continuing your earlier answers (kept for a day until you send them).";
    scope_all: "すべての情報", "All the information";
    scope_all_hint: "当組合が保有している、あなたについての情報すべてです。", "Everything the society holds about the person.";
    scope_some: "種類を選んで申し出る", "Choose the kinds of information";
    confirm_title: "内容の確認", "Check your request";
    confirm_hint: "まだ送信していません。内容を確かめて、いちばん下の「この内容で申し出る」を押してください。", "Nothing has been sent yet. Check your answers, then press “Send this request” at the bottom.";
    confirm_edit: "直す", "Change";
    confirm_send: "この内容で申し出る", "Send this request";
    confirm_type: "お申し出の種類", "Request";
    confirm_who: "どなたの", "For whom";
    confirm_documents: "添付する書類", "Documents to attach";
    confirm_no_documents: "ご本人のお申し出には、書類の添付は要りません。補足の資料があれば添えてください（任意）。", "A request about yourself needs no documents. You may attach anything that helps (optional).";
    all_categories: "すべての情報", "All the information";
    method_download: "ポータルでダウンロード（電磁的記録）：結果ができたら、この「お申し出」の画面から、スマートフォンでも読めるPDFと、CSV・JSONのファイルで受け取れます。", "Download in the portal (electronic): once ready, you get it on this request's page as a PDF you can read on a phone, with CSV and JSON files.";
    method_medium: "CD-Rなどを郵送（電磁的記録）：データを記録した媒体を、ご登録の住所に郵送します。", "A disc or memory stick by post (electronic): the data on a medium, posted to your registered address.";
    method_paper: "郵送（書面）：紙に印刷して、ご登録の住所に郵送します。", "By post (paper): printed and posted to your registered address.";
    as_legal_rep: "の法定代理人（親権者）として（戸籍謄抄本または住民票の写しが必要です）", " — as legal representative (parent; needs a family register or resident record)";
    as_minor_guardian: "の未成年後見人として（戸籍謄抄本が必要です）", " — as guardian of a minor (needs the family register)";
    as_proxy: "の任意代理人として（委任状が必要です）", " — as their proxy (needs a power of attorney)";
    as_guardian: "の成年後見人として（登記事項証明書が必要です）", " — as their guardian (needs a certificate of registration)";
    categories_legend: "開示を求める情報", "Information you want disclosed";
    categories_hint: "当組合が公表している情報の種類です。いくつでも選べます。", "The kinds of information the society publishes. Choose any number.";
    purpose_categories_legend: "利用目的を知りたい情報（任意）", "Information whose purposes you want to know (optional)";
    receipts_legend: "レセプト（診療報酬明細書）の期間（任意）", "Period of medical claims (レセプト), optional";
    checkups_legend: "健康診断の結果の期間（任意）", "Period of health check-up results, optional";
    period_from: "から（年月）", "From (year-month)";
    period_to: "まで（年月）", "To (year-month)";
    period_hint: "例: 2025-04", "e.g. 2025-04";
    third_party_period_legend: "記録の期間（任意。空欄ならすべて）", "Period of the records (optional; blank for all)";
    method_legend: "受け取り方法", "How you want to receive it";
    method_hint: "電磁的記録（データ）か書面か、受け取りたい方法をお選びください（個人情報保護法33条1項）。その方法での開示に多額の費用がかかるなど難しいときは、書面でお渡しし、その旨をお知らせします（33条2項・3項）。", "Choose how you want to receive it: as data or on paper (APPI Art. 33(1)). Where your choice would cost too much or is otherwise difficult, we send it on paper and tell you so (Art. 33(2), (3)).";
    deliver_to_subject: "開示の結果は、代理人ではなく本人に直接送ってください", "Send the result to the person directly, not to me as their proxy";
    note: "補足（任意）", "Anything else (optional)";
    item: "訂正を求める項目", "Item to correct";
    item_hint: "いま当組合に登録されている内容を表示しています。", "What we hold now is shown.";
    current_value: "現在の登録内容", "What we hold";
    item_other: "その他の場合、項目の名前", "If other: the name of the item";
    change: "求める内容", "What should happen";
    requested: "正しい内容", "The correct value";
    reason: "誤っている理由", "Why it is wrong";
    reason_hint: "分かる範囲で結構です。確認できる書類があれば添付してください。", "As far as you know. Attach any document that shows it.";
    measure: "求める措置", "Measure asked for";
    target: "対象の情報", "Which information";
    target_hint: "例: 口座情報、特定の医療機関への提供", "e.g. bank account details; provision to a particular institution";
    ground: "理由（法律上の根拠）", "Ground (legal basis)";
    explanation: "具体的な事情", "Details";
    body: "内容", "What happened";
    category: "どのようなことについてですか", "What is it about?";
    category_hint: "わからなければ「その他・わからない」のままで結構です。個人情報が漏れたおそれがあるときは、責任者がすぐに確認します。", "If unsure, leave 'Other, or not sure'. If data may have leaked, the officer in charge looks at it at once.";
    body_hint: "いつ・どの手続きで・何があったかを書いてください。個人情報の取扱いについてのご相談も承ります。", "Please say when, in which procedure, and what happened. Questions about how we handle personal information are welcome too.";
    documents_legend: "添付書類", "Documents";
    power_of_attorney: "委任状（任意代理人の場合。未成年の方の代理では、その方の法定代理人が書いたもの）", "Power of attorney (if acting as proxy; for a minor, written by the minor's legal representative)";
    guardianship_certificate: "登記事項証明書（成年後見人の場合）", "Certificate of registration (if acting as guardian)";
    kinship_record: "戸籍謄抄本、または続柄が記載された住民票の写し（個人番号（マイナンバー）の記載のないもの）（法定代理人の場合、または未成年の方の任意代理人の場合は委任した法定代理人のもの）", "Family register extract, or a resident record showing the relationship, without the My Number (for a legal representative; for a minor's proxy, that of the representative who gave the power)";
    minor_guardian_record: "未成年後見人であることが記載された、未成年の方の戸籍謄抄本（未成年後見人の場合）", "The minor's family register extract naming you as guardian (for a guardian of a minor)";
    supporting: "その他の資料（任意）", "Other documents (optional)";
    submit: "この内容で送信する", "Send";
    submit_hint: "送信すると、すぐに受付番号が表示されます。二度押しても、お申し出は1件だけ受け付けます。", "You get a receipt number at once. Pressing twice still sends one request.";
    submitted: "お申し出を受け付けました。受付番号を控えておくと、お問い合わせの際に便利です。", "Your request was received. Keep the receipt number for any enquiry.";
    detail_title: "お申し出の状況", "Request status";
    timeline: "経過", "Timeline";
    by_you: "あなた", "You";
    by_society: "組合", "The society";
    your_request: "お申し出の内容", "What you asked";
    answer_title: "補正のお願いへの回答", "Reply to our request for more information";
    answer_hint: "組合からのお願いを読み、回答や書類を送ってください。送ると審査が再開します。", "Read our request, then send your reply or documents. Review resumes when you send.";
    message_label: "メッセージ", "Message";
    send_answer: "回答を送る", "Send reply";
    write_title: "組合へ連絡する", "Write to the society";
    send_message: "送る", "Send";
    disown_title: "このお申し出に心当たりがないとき", "If you did not ask for this";
    disown_hint: "あなたの代理人としてのお申し出です。あなたが頼んでいない場合は、下のボタンでお知らせください。手続は止まり、代理人であることの確認をやり直します（結果は代理人に届きません）。担当者からご連絡することがあります。", "Someone made this request as your agent. If you did not ask them to, tell us below: the request stops, the agent must prove their authority again (nothing is sent to them meanwhile), and we may contact you.";
    disown_button: "この依頼はしていません", "I did not ask for this";
    withdraw_title: "お申し出を取り下げる", "Withdraw the request";
    withdraw_hint: "決定の前なら取り下げられます。取り下げたお申し出は元に戻せません（もう一度お申し出いただくことはできます）。", "You can withdraw until a decision is made. This cannot be undone (you may make a new request).";
    withdraw_confirm: "取り下げることを確認しました", "I confirm I want to withdraw";
    withdraw_button: "取り下げる", "Withdraw";
    done_answer: "回答を送りました。審査を再開します。", "Your reply was sent. Review resumes.";
    done_message: "メッセージを送りました。", "Your message was sent.";
    done_withdraw: "お申し出を取り下げました。", "The request was withdrawn.";
    result_title: "結果", "Result";
    fee_label: "手数料", "Fee";
    method_label: "受け取り方法", "Delivery";
    to_subject_label: "結果の送り先", "Result goes to";
    to_subject_value: "ご本人に直接", "The person directly";
    files_label: "添付", "Attached";
    back_to_list: "お申し出の一覧へ", "Back to your requests";
    bytes_kb: "KB", "KB";
    progress_label: "progress", "progress";
    type_purpose_notice: "利用目的の通知", "Notice of purposes of use";
    type_disclosure: "開示", "Disclosure";
    type_third_party_records: "第三者提供記録の開示", "Disclosure of third-party provision records";
    type_correction: "訂正・追加・削除", "Correction, addition or deletion";
    type_suspension: "利用停止・消去・第三者提供の停止", "Suspension of use, erasure, or stopping provision";
    type_complaint: "苦情・ご相談", "Complaint or question";
    explain_purpose_notice: "当組合があなたの個人情報を何のために使っているかをお知らせします（個人情報保護法32条2項）。公表している内容で明らかな場合は、その旨をお知らせします。", "We tell you what we use your personal information for (APPI 32(2)). Where the published purposes already make it clear, we tell you so.";
    explain_disclosure: "当組合が保有しているあなたの個人情報の内容をお見せします（33条）。受け取り方法は、電磁的記録（データ）か書面かをあなたが選べます。", "We show you the personal information we hold about you (Art. 33). You choose how to receive it: as data or on paper.";
    explain_third_party_records: "あなたの個人情報を第三者に提供した記録・第三者から受け取った記録をお見せします（33条5項）。委託や共同利用は含みません。", "We show the records of providing your information to, or receiving it from, third parties (Art. 33(5)). Outsourcing and joint use are not included.";
    explain_correction: "登録されている内容が事実と違うとき、訂正・追加・削除を求められます（34条）。調査のうえ、結果と訂正した内容をお知らせします。", "If what we hold is not true, you can ask us to correct, add or delete it (Art. 34). We investigate and tell you the result and what changed.";
    explain_suspension: "法律に反する取扱いや、使う必要がなくなった場合などに、利用の停止・消去、第三者への提供の停止を求められます（35条）。", "Where handling breaks the law, or the data is no longer needed, you can ask us to stop using or erase it, or to stop providing it (Art. 35).";
    measures_title: "実施した措置", "What we did";
    measure_core_instructed: "組合の基幹システムにも同じ措置を指示しました。完了したらお知らせします。", "We instructed the society's core system to do the same and will tell you when it has.";
    measure_core_done: "組合の基幹システムでも完了しました。", "The society's core system has done it too.";
    measures_kept: "保存するもの: この請求と決定の記録（受付番号・お申出の内容・決定）と、消去の記録（何を何件消去したか。消去した内容そのものは含みません）。お申出への対応を説明できるよう、組合が定める保存期間（公表事項の「安全管理措置」に記載）の満了まで保存し、その後廃棄します。第三者提供の記録は、法令（個人情報保護法施行規則第14条・第18条）により保存期間の満了まで保存します。", "What we keep: the record of this request and its decision (receipt number, what you asked, the decision) and the record of the erasure (what and how many, never the data itself), until the period the society sets (see 安全管理措置 in the published notice), so that we can account for how we answered; then they are disposed of. Records of provision to third parties are kept for the period the law requires (Enforcement Rules Arts. 14, 18).";
    mynaportal_hint: "マイナンバーを使って他の機関とやりとりした記録（情報提供等記録）は、マイナポータルでご自身で確認できます（番号法第23条）。", "The record of information exchanged with other bodies using your My Number (情報提供等記録) can be seen on マイナポータル yourself (番号法 art. 23).";
    no_my_number: "マイナンバーカードの裏面（個人番号の面）や、個人番号（マイナンバー）が記載された住民票の写しは送らないでください。法律（番号法第20条）により当組合では保管できず、届いても削除します。マイナンバーカードは表面だけで足ります。", "Do not send the back of a マイナンバーカード (the side with the number), or a 住民票の写し showing your My Number: the law (番号法 art. 20) does not let the society keep them, and they are deleted if they arrive. The front of the card is enough.";
    explain_complaint: "個人情報の取扱いについての苦情やご相談を受け付けます（40条）。担当者が内容を確認し、対応をお知らせします。", "We take complaints and questions about how we handle personal information (Art. 40). We look into it and tell you what we did.";
}

catalogue! { impl RqText;
    letter_until(date: &str, time: &str): "{date} {time}まで", "until {time} on {date}";
    letter_until_days(days: i64): "この通知の日から{days}日間（承認の日に日時が決まります）", "{days} days from the date of this letter (the exact time is set on approval)";
    letter_page_words(receipt: &str): "マイページの「お申し出」→ 受付番号 {receipt}", "“Your requests” → receipt number {receipt}";
    bereaved_note(contact: &str): "亡くなったご家族のレセプトなどをご遺族として求めるときは、このフォームではお申し込みいただけません（別の手続きです）。{contact} にお電話のうえ、死亡の事実と続柄がわかる書類（戸籍謄本など）をご用意ください。", "The family of a member who has died cannot ask for that member's medical claims with this form (it is a separate procedure). Please call {contact} and have a document showing the death and your relationship (such as a family register).";
    measure_erased(what: &str, n: i64): "{what}を消去しました（{n}件）。", "We erased: {what} ({n} records).";
    measure_use_stopped(what: &str): "{what}の利用を停止しました。このポータルでは表示しません（開示請求では、引き続きお受け取りいただけます）。", "We stopped using: {what}. The portal no longer shows it (you can still obtain it by a disclosure request).";
    measure_provision_stopped(to: &str): "{to}への第三者提供を停止しました。法令に基づく提供（法令で義務付けられ、または認められたもの）は、停止の対象になりません。", "We stopped providing your data to {to}. Provision required or permitted by law is not affected.";
    methods_offered(names: &str): "当組合が公表している受け取り方法: {names}。", "The ways of receiving it the society publishes: {names}.";
    reminder_message(last_day: &str): "補正のお願いへのご回答をお待ちしています。{last_day}までにご回答がない場合、このお申し出は終了します（終了後も、いつでも改めてお申し出いただけます）。", "We are still waiting for your reply to our request for information. If none reaches us by {last_day}, this request will be closed (you may ask again at any time afterwards).";
    days_left(n: i64): "あと{n}営業日", "{n} business days left";
    yen(n: i64): "{n}円", "{n} yen";
    next_steps(days: u32): "受付番号をすぐにお知らせします。回答は受付の翌日から数えて{days}営業日以内（土日・祝日・年末年始を除く）を目安にお送りします。書類の確認や追加のご連絡をお願いしている間は、期限が止まります。状況はこの「お申し出」の画面でいつでも確認できます。", "You get a receipt number at once. We answer within {days} business days from the day after receipt (weekends, holidays and the year-end break excepted). While we wait on you, the deadline pauses. You can follow the status here at any time.";
    documents_hint(mb: u64): "PDF・JPEG・PNG、1つ{mb}MBまで、3つまで。スマートフォンで撮った写真でかまいません。", "PDF, JPEG or PNG, each up to {mb} MB, at most three. A phone photo is fine.";
    pending_value(value: &str): "訂正手続中→{value}", "correction under way → {value}";
}

impl RqText {
    /// A corrected value as the member, the letter and the core system read it: an empty
    /// value after a 削除 says so.
    pub fn shown_after<'a>(&self, value: &'a str) -> &'a str {
        if value.is_empty() { self.deleted_value } else { value }
    }

    /// A delivery method in the member's words, before the society's name for it.
    pub fn method_plain(&self, kind: crate::publication::model::MethodKind) -> &'static str {
        use crate::publication::model::MethodKind;
        match kind {
            MethodKind::Download => self.method_download,
            MethodKind::Medium => self.method_medium,
            MethodKind::Paper => self.method_paper,
        }
    }

    /// A request type's name on the request pages (the member's and the staff's).
    pub fn type_name(&self, t: RequestType) -> &'static str {
        match t {
            RequestType::PurposeNotice => self.type_purpose_notice,
            RequestType::Disclosure => self.type_disclosure,
            RequestType::ThirdPartyRecordDisclosure => self.type_third_party_records,
            RequestType::Correction => self.type_correction,
            RequestType::Suspension => self.type_suspension,
            RequestType::Complaint => self.type_complaint,
        }
    }

    /// What each request is, in plain words, with its article.
    pub fn type_explanation(&self, t: RequestType) -> &'static str {
        match t {
            RequestType::PurposeNotice => self.explain_purpose_notice,
            RequestType::Disclosure => self.explain_disclosure,
            RequestType::ThirdPartyRecordDisclosure => self.explain_third_party_records,
            RequestType::Correction => self.explain_correction,
            RequestType::Suspension => self.explain_suspension,
            RequestType::Complaint => self.explain_complaint,
        }
    }

    /// A document's field on the member's forms.
    pub fn document(&self, d: Document) -> &'static str {
        match d {
            Document::PowerOfAttorney => self.power_of_attorney,
            Document::GuardianshipCertificate => self.guardianship_certificate,
            Document::KinshipRecord => self.kinship_record,
            Document::MinorGuardianRecord => self.minor_guardian_record,
            Document::Supporting => self.supporting,
        }
    }
}

catalogue! { IntakeText, intake_text;
    record_title: "受付の記録（紙・窓口・電話）", "Intake record (paper, counter or phone)";
    no_my_number_scan: "個人番号（マイナンバー）が見える書類は取り込まないでください（番号法第20条）。マイナンバーカードは表面だけ、住民票の写しは個人番号の部分を見えないようにしてから取り込みます。", "Do not scan a document showing an 個人番号 (番号法 art. 20): the front of a マイナンバーカード only, and a 住民票の写し with the number covered.";
    channel: "受付方法", "Channel";
    arrived_on: "到達日", "Arrived on";
    subject_kind: "対象者の区分", "Subject";
    requester: "請求者", "Requester";
    postal_address: "送付先住所", "Postal address";
    phone: "電話", "Phone";
    id_document: "本人確認書類", "Identity document";
    how_checked: "確認方法", "How checked";
    checked_by: "確認した職員", "Checked by";
    entered_by: "入力した職員・日時", "Entered by, at";
    title: "紙・窓口・電話のお申し出を受け付ける", "Enter a paper, counter or phone request";
    lead: "郵送で届いた依頼書（様式1・様式2）や窓口でのお申し出を、オンラインと同じ手続・期限で管理します。ポータルのアカウントがない方（資格を喪失した方、代理人、組合会議員・職員など）も受け付けられます。苦情は電話や手紙でも、名乗らない方からも受け付けます。", "Requests that arrive by post (forms 1 and 2) or at the counter follow the same steps and deadlines as online ones — also for people without a portal account. Complaints are taken by phone or letter too, also from people who give no name.";
    blank_forms: "白紙の様式1・様式2（印刷用）", "Blank forms 1 and 2 (to print)";
    arrival: "受付", "Arrival";
    arrived_on_field: "到達日（届いた日・来所した日）", "Arrived on";
    arrived_on_hint: "期限はこの日から数えます。例: 2026-11-20 または 令和8年11月20日", "The deadline counts from this day. E.g. 2026-11-20";
    subject_legend: "対象となる方（本人）", "Whose data (the subject)";
    kind: "区分", "Kind";
    subject_hint: "加入者・元加入者は記号・番号と生年月日で資格情報と照合します。それ以外の方は氏名を入力してください。", "Members and former members are matched in the registry by symbol, number and date of birth; for others enter the name.";
    subject_key: "記号・番号・枝番（例: 1002-45-00）", "Symbol-number-branch (e.g. 1002-45-00)";
    subject_birth: "生年月日", "Date of birth";
    subject_name: "氏名（資格情報にない方）", "Name (if not in the registry)";
    acting_as: "本人との関係", "Acting as";
    bereaved: "亡くなった方のご遺族", "Family of a member who has died";
    requester_name: "代理人の氏名（本人以外が請求するとき）", "Agent's name (when not the subject)";
    requester_address: "決定通知書の送付先住所", "Postal address for the decision letter";
    requester_phone: "電話番号（任意）", "Phone (optional)";
    identity_legend: "本人確認", "Identity check";
    complaint_identity_hint: "苦情は、名乗らない方・電話の方からも受け付けます。本人確認をしていないときは「確認していない」を選びます（その方を加入者の情報と結びつけません）。", "Complaints are taken from anyone, anonymous or by phone. If identity was not checked, choose 'Not checked' (the caller is then not tied to a member's data).";
    document_checked: "確認した書類", "Document";
    how: "確認方法", "How";
    documents_legend: "書類（PDF・JPEG・PNG）", "Documents (PDF, JPEG, PNG)";
    scan: "依頼書（様式）のスキャン（郵送のときは必須）", "Scan of the form (required for post)";
    power_of_attorney: "委任状（任意代理人のとき）", "Power of attorney (for a proxy)";
    guardianship_certificate: "登記事項証明書（成年後見人のとき）", "Guardianship certificate (for a guardian)";
    kinship_record: "戸籍謄抄本または住民票の写し（個人番号の記載のないもの）（法定代理人のとき）", "Family register or resident record without My Number (for a legal representative)";
    minor_guardian_record: "未成年後見の記載のある戸籍謄抄本（未成年後見人のとき）", "Family register naming the guardian of a minor (for a guardian of a minor)";
    submit: "受け付ける", "Enter the request";
}

catalogue! { impl IntakeText;
    form_title(kind: &str): "{kind}（紙・窓口）", "{kind}（paper or counter）";
}

impl IntakeText {
    /// A document's field on the intake form.
    pub fn document(&self, d: Document) -> &'static str {
        match d {
            Document::PowerOfAttorney => self.power_of_attorney,
            Document::GuardianshipCertificate => self.guardianship_certificate,
            Document::KinshipRecord => self.kinship_record,
            Document::MinorGuardianRecord => self.minor_guardian_record,
            Document::Supporting => self.scan,
        }
    }
}

catalogue! { ProcedureText, procedure_text;
    title: "開示等の請求の手続", "How to make a request";
    online_heading: "ポータルで請求する（加入者の方）", "Online (members)";
    online_lead: "ログインして「お申し出」から請求できます。受付番号がすぐに出て、進み具合と結果をこの画面で確かめられます。", "Sign in and choose Requests. You get a receipt number at once and can follow it to the decision.";
    online_button: "ポータルで請求する", "Make a request online";
    paper_heading: "郵送・窓口で請求する", "By post or at the counter";
    paper_lead: "アカウントがない方（資格を喪失した方、代理人の方、組合会議員・職員の方など）も、次の様式で請求できます。印刷して記入し、本人確認書類の写しを添えて郵送するか、窓口にお持ちください。", "Anyone, also without an account, can use these forms: print, fill in, and post them with a copy of an identity document, or bring them to the counter.";
    complaints: "苦情は様式を問いません。手紙・電話・窓口でお申し出ください。", "Complaints need no form: write, call or visit.";
    address_heading: "送付先・窓口", "Address";
    identity_heading: "本人確認書類", "Identity documents";
    fees_heading: "手数料", "Fees";
    inquiries: "お問い合わせ", "Inquiries";
    to_print: "（印刷用）", " (to print)";
    bereaved_call: "まずお電話でご相談ください：", "Please call first: ";
    bereaved_heading: "亡くなった方のご遺族の方へ", "For the family of a member who has died";
    bereaved_lead: "亡くなったご家族の情報（レセプト〈診療報酬明細書〉など）をご遺族が求めるときは、このページの請求（ポータル・様式1・様式2）ではお受けできません。個人情報保護法による請求は、生きているご本人（またはその代理人）のためのものだからです。当組合では、別の手続きでご相談をお受けします。", "The family of a member who has died cannot ask for that member's data (such as medical claims) with the requests on this page (online, form 1 or form 2): requests under the personal information law are for the living person or their agent. The society handles such a wish through a separate procedure.";
    bereaved_documents: "ご用意いただくもの：亡くなった方の死亡の事実と、あなたとのご関係（続柄）がわかる書類（戸籍謄本など）と、あなたの本人確認書類。", "Please bring: a document showing the death and your relationship to the person (such as a family register), and your own identity document.";
}

// The blank forms are printed in Japanese whatever the page's language (`lang="ja"`):
// they are read with `PaperFormText::of(Lang::Ja)`, and have no English.
catalogue! { PaperFormText, paper_form_text;
    form_1: "様式1 保有個人データ等開示依頼書", "";
    form_2: "様式2 保有個人データ等利用停止等依頼書", "";
    download_note: "（ご本人がご自分のポータルのアカウントで受け取る方法です）", "";
    free: "無料", "";
    print: "印刷する", "";
    date_line: "請求日　　　　年　　月　　日", "";
    intro: "個人情報の保護に関する法律に基づき、次のとおり請求します。", "";
    kinds_heading: "請求の種類", "";
    requester_heading: "請求者", "";
    name: "氏名（ふりがな）", "";
    address: "住所（〒）", "";
    phone: "電話番号", "";
    relation: "本人との関係", "";
    relation_self: "本人", "";
    relation_legal: "法定代理人（未成年者の親権者等）", "";
    relation_proxy: "任意代理人（委任状を添付）", "";
    relation_guardian: "成年後見人（登記事項証明書を添付）", "";
    subject_heading: "本人（請求者が代理人の場合）", "";
    birth_date: "生年月日", "";
    card: "記号・番号（加入者・元加入者の方）", "";
    kind_member: "加入者", "";
    kind_former: "元加入者", "";
    kind_councillor: "組合会議員", "";
    kind_employee: "職員", "";
    kind_other: "その他", "";
    identity_heading: "本人確認書類（写しを添付、窓口では原本を提示）", "";
    office_heading: "組合記入欄", "";
    office_receipt: "受付番号", "";
    office_arrived: "到達日", "";
    office_identity: "本人確認（書類・確認者）", "";
    disclosure_heading: "開示を求める個人データ", "";
    receipts_period: "レセプト（診療報酬明細書）: 期間（年月〜年月）", "";
    checkups_period: "健診結果: 期間（年月〜年月）", "";
    method_heading: "開示の方法", "";
    correction_heading: "訂正・追加・削除（第34条）", "";
    item: "項目", "";
    current: "現在の内容", "";
    corrected: "訂正・追加後の内容", "";
    reason: "理由", "";
    suspension_heading: "利用停止・消去・第三者提供の停止（第35条）", "";
    target: "対象となる個人データ", "";
    explanation: "具体的な事情", "";
}

catalogue! { impl PaperFormText;
    fee(yen: u32): "{yen}円", "";
    fee_with_note(yen: u32, note: &str): "{yen}円（{note}）", "";
    kind_with_fee(kind: &str, fee: &str): "{kind}（手数料 {fee}）", "";
    ground_with_article(ground: &str, article: &str): "{ground}（{article}）", "";
    addressee(society: &str, representative: &str): "{society} {representative} 様", "";
    send_to(postal_code: &str, address: &str, society: &str, inquiry: &str): "送付先: 〒{postal_code} {address} {society}（{inquiry}）", "";
}
