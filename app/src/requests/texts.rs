//! The request pages' messages, Japanese first, in plain words.

use super::agency::{Capacity, Document};
use super::draft::{ChangeKind, Ground, HeldItem, Measure};
use super::decision::{Fee, LegalGround, Outcome};
use super::lifecycle::{Action, Stage};
use kit::rights::RequestType;
use kit::i18n::Lang;
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
    before: "訂正前", "Before";
    after: "訂正後", "After";
    list_title: "お申し出", "Your requests";
    list_intro: "個人情報について、当組合へのお申し出（通知・開示・訂正・利用停止・苦情）をこの画面から送り、回答まで確認できます。", "Here you can send requests about your personal information (notice of purpose, disclosure, correction, suspension, complaints) and follow each to its answer.";
    new_request: "新しくお申し出をする", "Make a new request";
    none_yet: "まだお申し出はありません。", "You have no requests yet.";
    receipt: "受付番号", "Receipt number";
    received_at: "受付日時", "Received";
    status: "状況", "Status";
    about: "対象の方", "About";
    due: "回答予定日", "Answer due";
    days_left_prefix: "あと", "";
    days_left_suffix: "営業日", " business days left";
    due_today: "本日が回答予定日です", "The answer is due today";
    overdue: "回答予定日を過ぎています。お待たせして申し訳ありません。", "The answer is overdue. We apologise for the delay.";
    paused: "補正（追加のご連絡）をお待ちしています。その間、期限は止まっています。", "We are waiting for your reply; the deadline is paused meanwhile.";
    unread: "新しいお知らせ", "New";
    choose_title: "どのお申し出をしますか", "Which request would you like to make?";
    choose_intro: "内容に合うものを選んでください。迷ったときは「苦情・ご相談」からお送りください。", "Choose the one that fits. If unsure, use 'Complaint or question'.";
    what_it_is: "このお申し出について", "About this request";
    fee: "手数料", "Fee";
    fee_none: "手数料はかかりません。", "There is no fee.";
    fee_yen_suffix: "円", " yen";
    fee_payment: "お支払い方法は、受付後にご案内します。", "We will tell you how to pay after we receive the request.";
    next_steps_title: "送信したあと", "What happens next";
    next_steps_prefix: "受付番号をすぐにお知らせします。回答は受付の翌日から数えて", "You get a receipt number at once. We answer within ";
    next_steps_suffix: "営業日以内（土日・祝日・年末年始を除く）を目安にお送りします。書類の確認や追加のご連絡をお願いしている間は、期限が止まります。状況はこの「お申し出」の画面でいつでも確認できます。", " business days from the day after receipt (weekends, holidays and the year-end break excepted). While we wait on you, the deadline pauses. You can follow the status here at any time.";
    who_legend: "どなたについてのお申し出ですか", "Whose information is this about?";
    who_hint: "ご家族の分は、未成年のお子さまは被保険者が法定代理人として、成人のご家族は委任状（任意代理人）または登記事項証明書（成年後見人）を添えてお申し出いただけます。", "For family members: the insured acts for minor children as their legal representative; for an adult, attach a power of attorney (任意代理人) or a guardianship certificate (成年後見人).";
    who_self: "ご本人", "Yourself";
    as_legal_rep: "の法定代理人（親権者）として", " — as legal representative (parent)";
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
    method_hint: "当組合が用意している方法から選んでください（個人情報保護法33条1項）。", "Choose one of the methods the society offers (APPI 33(1)).";
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
    body_hint: "いつ・どの手続きで・何があったかを書いてください。個人情報の取扱いについてのご相談も承ります。", "Please say when, in which procedure, and what happened. Questions about how we handle personal information are welcome too.";
    documents_legend: "添付書類", "Documents";
    documents_hint: "PDF・JPEG・PNG、1つ", "PDF, JPEG or PNG, each up to ";
    documents_hint_suffix: "MBまで、3つまで。スマートフォンで撮った写真でかまいません。", " MB, at most three. A phone photo is fine.";
    power_of_attorney: "委任状（任意代理人の場合）", "Power of attorney (if acting as proxy)";
    guardianship_certificate: "登記事項証明書（成年後見人の場合）", "Certificate of registration (if acting as guardian)";
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
}

pub fn type_name(t: RequestType, lang: Lang) -> &'static str {
    use RequestType::*;
    match (t, lang) {
        (PurposeNotice, Lang::Ja) => "利用目的の通知",
        (PurposeNotice, Lang::En) => "Notice of purposes of use",
        (Disclosure, Lang::Ja) => "開示",
        (Disclosure, Lang::En) => "Disclosure",
        (ThirdPartyRecordDisclosure, Lang::Ja) => "第三者提供記録の開示",
        (ThirdPartyRecordDisclosure, Lang::En) => "Disclosure of third-party provision records",
        (Correction, Lang::Ja) => "訂正・追加・削除",
        (Correction, Lang::En) => "Correction, addition or deletion",
        (Suspension, Lang::Ja) => "利用停止・消去・第三者提供の停止",
        (Suspension, Lang::En) => "Suspension of use, erasure, or stopping provision",
        (Complaint, Lang::Ja) => "苦情・ご相談",
        (Complaint, Lang::En) => "Complaint or question",
    }
}

/// What each request is, in plain words, with its article.
pub fn type_explanation(t: RequestType, lang: Lang) -> &'static str {
    use RequestType::*;
    match (t, lang) {
        (PurposeNotice, Lang::Ja) => "当組合があなたの個人情報を何のために使っているかをお知らせします（個人情報保護法32条2項）。公表している内容で明らかな場合は、その旨をお知らせします。",
        (PurposeNotice, Lang::En) => "We tell you what we use your personal information for (APPI 32(2)). Where the published purposes already make it clear, we tell you so.",
        (Disclosure, Lang::Ja) => "当組合が保有しているあなたの個人情報の内容をお見せします（33条）。受け取り方法はポータルでのダウンロードか郵送から選べます。",
        (Disclosure, Lang::En) => "We show you the personal information we hold about you (Art. 33). Choose download in the portal or post.",
        (ThirdPartyRecordDisclosure, Lang::Ja) => "あなたの個人情報を第三者に提供した記録・第三者から受け取った記録をお見せします（33条5項）。委託や共同利用は含みません。",
        (ThirdPartyRecordDisclosure, Lang::En) => "We show the records of providing your information to, or receiving it from, third parties (Art. 33(5)). Outsourcing and joint use are not included.",
        (Correction, Lang::Ja) => "登録されている内容が事実と違うとき、訂正・追加・削除を求められます（34条）。調査のうえ、結果と訂正した内容をお知らせします。",
        (Correction, Lang::En) => "If what we hold is not true, you can ask us to correct, add or delete it (Art. 34). We investigate and tell you the result and what changed.",
        (Suspension, Lang::Ja) => "法律に反する取扱いや、使う必要がなくなった場合などに、利用の停止・消去、第三者への提供の停止を求められます（35条）。",
        (Suspension, Lang::En) => "Where handling breaks the law, or the data is no longer needed, you can ask us to stop using or erase it, or to stop providing it (Art. 35).",
        (Complaint, Lang::Ja) => "個人情報の取扱いについての苦情やご相談を受け付けます（40条）。担当者が内容を確認し、対応をお知らせします。",
        (Complaint, Lang::En) => "We take complaints and questions about how we handle personal information (Art. 40). We look into it and tell you what we did.",
    }
}

pub fn stage_name(s: Stage, lang: Lang) -> &'static str {
    match (s, lang) {
        (Stage::Received, Lang::Ja) => "受付",
        (Stage::Received, Lang::En) => "Received",
        (Stage::IdentityCheck, Lang::Ja) => "本人確認中",
        (Stage::IdentityCheck, Lang::En) => "Checking identity",
        (Stage::InReview, Lang::Ja) => "審査中",
        (Stage::InReview, Lang::En) => "In review",
        (Stage::NeedsInput, Lang::Ja) => "補正依頼中",
        (Stage::NeedsInput, Lang::En) => "Waiting for you",
        (Stage::Decided, Lang::Ja) => "決定",
        (Stage::Decided, Lang::En) => "Decided",
        (Stage::Notified, Lang::Ja) => "通知済",
        (Stage::Notified, Lang::En) => "Notified",
        (Stage::Completed, Lang::Ja) => "完了",
        (Stage::Completed, Lang::En) => "Completed",
        (Stage::Withdrawn, Lang::Ja) => "取下げ",
        (Stage::Withdrawn, Lang::En) => "Withdrawn",
        (Stage::Rejected, Lang::Ja) => "却下",
        (Stage::Rejected, Lang::En) => "Rejected",
    }
}

/// A timeline step in member words.
pub fn action_name(a: Action, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match a {
        Action::StartReview => if ja { "審査を始めました" } else { "Review started" },
        Action::AcceptDocuments => if ja { "書類を確認しました" } else { "Documents accepted" },
        Action::RejectDocuments => if ja { "書類の再提出をお願いしました" } else { "Asked for other documents" },
        Action::AskMember => if ja { "補正（追加のご連絡）をお願いしました" } else { "Asked you for more information" },
        Action::Answer => if ja { "補正に回答しました" } else { "You replied" },
        Action::DecideDirectly | Action::DecideForApproval | Action::Approve => if ja { "決定しました" } else { "Decided" },
        Action::SendBack => if ja { "審査中" } else { "In review" },
        Action::Notify => if ja { "結果をお知らせしました" } else { "Result sent" },
        Action::Complete => if ja { "完了しました" } else { "Completed" },
        Action::Withdraw => if ja { "取り下げました" } else { "Withdrawn" },
        Action::Reject => if ja { "却下しました" } else { "Rejected" },
        Action::Message => if ja { "メッセージ" } else { "Message" },
        Action::Note => if ja { "内部メモ（本人には表示されません）" } else { "Internal note (never shown to the member)" },
        Action::Assign => if ja { "担当・重要度・緊急度を設定" } else { "Assignment and priority set" },
    }
}

/// A decision's outcome, as the letter and the pages name it.
pub fn outcome_name(o: Outcome, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match o {
        Outcome::FullDisclosure => if ja { "全部開示" } else { "Disclosed in full" },
        Outcome::PartialDisclosure => if ja { "一部開示" } else { "Disclosed in part" },
        Outcome::NonDisclosure => if ja { "不開示" } else { "Not disclosed" },
        Outcome::NotHeld => if ja { "不存在（お求めの個人データを保有していません）" } else { "Not held (the society holds no such data)" },
        Outcome::MethodDifficult => if ja { "ご指定の方法による開示が困難なため、書面の交付により開示" } else { "Disclosed on paper: the chosen method is difficult" },
        Outcome::Corrected => if ja { "訂正する" } else { "Corrected" },
        Outcome::NotCorrected => if ja { "訂正しない" } else { "Not corrected" },
        Outcome::Suspended => if ja { "お求めの措置を実施する" } else { "The measure asked for is taken" },
        Outcome::Alternative => if ja { "代替措置を実施する" } else { "An alternative measure is taken" },
        Outcome::NotSuspended => if ja { "実施しない" } else { "Not taken" },
        Outcome::PurposeNotified => if ja { "利用目的を通知する" } else { "Purposes of use notified" },
        Outcome::PurposeNotNotified => if ja { "利用目的を通知しない" } else { "Purposes of use not notified" },
        Outcome::Responded => if ja { "苦情への対応" } else { "Response to the complaint" },
    }
}

/// What a legal ground means, in plain words next to its article.
pub fn legal_ground_name(g: LegalGround, lang: Lang) -> &'static str {
    use LegalGround as G;
    let ja = lang == Lang::Ja;
    match g {
        G::Art33Para1 => if ja { "お求めのとおり開示します" } else { "Disclosed as asked" },
        G::Art33Para2No1 => if ja { "本人または第三者の生命、身体、財産その他の権利利益を害するおそれがあるため" } else { "Disclosure may harm the life, body, property or other rights of the person or a third party" },
        G::Art33Para2No2 => if ja { "組合の業務の適正な実施に著しい支障を及ぼすおそれがあるため" } else { "Disclosure may seriously hinder the society's proper conduct of its business" },
        G::Art33Para2No3 => if ja { "開示すると他の法令に違反することとなるため" } else { "Disclosure would violate another law" },
        G::Art33Para3NotHeld => if ja { "お求めの保有個人データが存在しないため" } else { "The data asked for does not exist" },
        G::Art33Para3Method => if ja { "ご指定の方法による開示が困難であるため" } else { "Disclosure by the chosen method is difficult" },
        G::Art34Para2 => if ja { "調査の結果、内容が事実でないことが確認されたため" } else { "The investigation found the data untrue" },
        G::Art34True => if ja { "調査の結果、保有している内容が事実であることが確認されたため" } else { "The investigation found the held data true" },
        G::Art34OtherLaw => if ja { "他の法令の規定により特別の手続が定められているため" } else { "Another law sets a special procedure" },
        G::Art35Para2 => if ja { "目的外利用・不適正利用・不正取得に当たるため" } else { "Use beyond purpose, improper use or unlawful acquisition" },
        G::Art35Para4 => if ja { "本人の同意のない第三者提供に当たるため" } else { "Provision to a third party without consent" },
        G::Art35Para6 => if ja { "利用の必要がなくなった、漏えい等が生じた、または本人の権利利益が害されるおそれがあるため" } else { "No longer needed, a leak occurred, or the person's rights may be harmed" },
        G::Art35Proviso => if ja { "お求めの措置に多額の費用を要する等困難なため、本人の権利利益を保護する代替措置をとります" } else { "The measure is too costly or difficult; an alternative protects the person" },
        G::Art35NotMet => if ja { "法に定める利用停止等の要件に当たらないため" } else { "The legal conditions for the measure are not met" },
        G::Art32Para2 => if ja { "お求めのとおり利用目的を通知します" } else { "Purposes notified as asked" },
        G::Art32Para2No1 => if ja { "利用目的が公表により既に明らかであるため" } else { "The purposes are already clear from the publication" },
        G::Art21Para4No1 => if ja { "通知により本人または第三者の生命、身体、財産その他の権利利益を害するおそれがあるため" } else { "Notice may harm the person or a third party" },
        G::Art21Para4No2 => if ja { "通知により組合の権利または正当な利益を害するおそれがあるため" } else { "Notice may harm the society's rights or legitimate interests" },
        G::Art21Para4No3 => if ja { "国の機関等の法令の定める事務への協力に支障を及ぼすおそれがあるため" } else { "Notice may hinder cooperation with a public authority" },
        G::Art40 => if ja { "苦情の適切かつ迅速な処理" } else { "Appropriate and prompt handling of complaints" },
    }
}

pub fn fee_name(f: Fee, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match f {
        Fee::NotCharged => if ja { "手数料なし" } else { "No fee" },
        Fee::Paid => if ja { "手数料 納付済" } else { "Fee paid" },
        Fee::Waived => if ja { "手数料 免除" } else { "Fee waived" },
    }
}

pub fn capacity_name(c: Capacity, lang: Lang) -> &'static str {
    match (c, lang) {
        (Capacity::Own, Lang::Ja) => "本人",
        (Capacity::Own, Lang::En) => "Self",
        (Capacity::LegalRepresentative, Lang::Ja) => "法定代理人",
        (Capacity::LegalRepresentative, Lang::En) => "Legal representative",
        (Capacity::Proxy, Lang::Ja) => "任意代理人",
        (Capacity::Proxy, Lang::En) => "Proxy",
        (Capacity::Guardian, Lang::Ja) => "成年後見人",
        (Capacity::Guardian, Lang::En) => "Guardian",
    }
}

pub fn document_name(d: Document, t: &RqText) -> &'static str {
    match d {
        Document::PowerOfAttorney => t.power_of_attorney,
        Document::GuardianshipCertificate => t.guardianship_certificate,
        Document::Supporting => t.supporting,
    }
}

pub fn item_name(i: HeldItem, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match i {
        HeldItem::Name => if ja { "氏名" } else { "Name" },
        HeldItem::NameKana => if ja { "氏名（カナ）" } else { "Name (kana)" },
        HeldItem::BirthDate => if ja { "生年月日" } else { "Date of birth" },
        HeldItem::Sex => if ja { "性別" } else { "Sex" },
        HeldItem::Relationship => if ja { "続柄" } else { "Relationship" },
        HeldItem::PostalCode => if ja { "郵便番号" } else { "Postal code" },
        HeldItem::Address => if ja { "住所" } else { "Address" },
        HeldItem::Other => if ja { "その他" } else { "Other" },
    }
}

pub fn change_name(c: ChangeKind, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match c {
        ChangeKind::Correct => if ja { "訂正（内容を正しくする）" } else { "Correct it" },
        ChangeKind::Add => if ja { "追加（抜けている内容を加える）" } else { "Add what is missing" },
        ChangeKind::Delete => if ja { "削除（誤って登録された内容を消す）" } else { "Delete what should not be there" },
    }
}

pub fn measure_name(m: Measure, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match m {
        Measure::StopUse => if ja { "利用の停止" } else { "Stop using it" },
        Measure::Erase => if ja { "消去" } else { "Erase it" },
        Measure::StopProvision => if ja { "第三者への提供の停止" } else { "Stop providing it to third parties" },
    }
}

pub fn ground_name(g: Ground, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match g {
        Ground::UnlawfulUse => if ja { "目的の範囲を超えて、または不適正に使われている（18条・19条）" } else { "Used beyond its purpose or improperly (Arts. 18, 19)" },
        Ground::UnlawfulAcquisition => if ja { "不正な手段で取得された（20条）" } else { "Acquired unlawfully (Art. 20)" },
        Ground::UnlawfulProvision => if ja { "本人の同意なく第三者に提供されている（27条1項・28条）" } else { "Provided to a third party without consent (Arts. 27(1), 28)" },
        Ground::NoLongerNeeded => if ja { "組合が使う必要がなくなった（35条5項）" } else { "No longer needed by the society (Art. 35(5))" },
        Ground::Leak => if ja { "漏えい等が起きた（35条5項）" } else { "A leak occurred (Art. 35(5))" },
        Ground::RightsHarmed => if ja { "本人の権利や正当な利益が害されるおそれがある（35条5項）" } else { "My rights or legitimate interests may be harmed (Art. 35(5))" },
    }
}
