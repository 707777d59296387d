//! The one way the portal speaks: every user-facing string lives in a catalogue made by
//! [`catalogue!`], one per feature, each entry's Japanese beside its English, so a missing
//! translation is a compile error. This module also holds the identity and staff pages'
//! catalogue ([`IdText`]).

/// One catalogue of messages:
///
/// ```
/// kit::catalogue! { PageText, page_text;
///     title: "お申し出", "Your requests";
/// }
/// kit::catalogue! { impl PageText;
///     days_left(n: i64): "あと{n}営業日", "{n} business days left";
/// }
/// use kit::i18n::Lang;
/// assert_eq!(PageText::of(Lang::En).title, "Your requests");
/// assert_eq!(PageText::of(Lang::Ja).days_left(3), "あと3営業日");
/// ```
///
/// The first form makes the struct `PageText` (its `lang` and one `&'static str` field per
/// text), `PageText::of(lang)` for server code that is handed a language (letters, files),
/// and `page_text()`, the catalogue of the page's language. The second adds texts with
/// values to the same catalogue: a method per entry, returning the formatted `String`.
#[macro_export]
macro_rules! catalogue {
    (impl $t:ident; $($f:ident($($arg:ident: $ty:ty),* $(,)?): $ja:literal, $en:literal;)*) => {
        impl $t {
            $(
                pub fn $f(&self, $($arg: $ty),*) -> String {
                    match self.lang {
                        $crate::i18n::Lang::Ja => format!($ja),
                        $crate::i18n::Lang::En => format!($en),
                    }
                }
            )*
        }
    };
    ($(#[$meta:meta])* $t:ident, $get:ident; $($name:ident: $ja:expr, $en:expr;)*) => {
        $(#[$meta])*
        pub struct $t {
            pub lang: $crate::i18n::Lang,
            $(pub $name: &'static str,)*
        }

        impl $t {
            /// The catalogue in `lang`.
            pub fn of(lang: $crate::i18n::Lang) -> &'static $t {
                static JA: $t = $t { lang: $crate::i18n::Lang::Ja, $($name: $ja,)* };
                static EN: $t = $t { lang: $crate::i18n::Lang::En, $($name: $en,)* };
                match lang {
                    $crate::i18n::Lang::Ja => &JA,
                    $crate::i18n::Lang::En => &EN,
                }
            }
        }

        /// The catalogue in the page's language.
        pub fn $get() -> &'static $t {
            $t::of($crate::i18n::use_lang())
        }
    };
}

catalogue! { IdText, id_text;
    loading: "読み込み中です…", "Loading…";
    fix_fields: "入力内容をご確認ください。各項目の下に理由を表示しています。", "Please check your entries; the reason is shown under each field.";
    choose_files_again: "ファイルは保存していません。もう一度選んでください。", "Files are not kept: please choose the file(s) again.";
    p_required: "入力してください。", "Please fill this in.";
    p_too_long: "長すぎます。", "This is too long.";
    p_digits: "数字で入力してください（全角でもかまいません）。", "Please use digits (full-width digits are fine).";
    p_date_format: "日付として読み取れません。例: 1975年4月2日、昭和50年4月2日、1975-04-02", "This is not a date we can read. For example: 1975-04-02 or 昭和50年4月2日.";
    p_no_such_date: "その日付はありません（和暦の年や月日をご確認ください）。", "That date does not exist (please check the era year, month and day).";
    p_password_short: "8文字以上にしてください。長い文（例: 好きな言葉をつなげたもの）がおすすめです。", "Please use at least 8 characters. A long phrase is best.";
    p_password_long: "256文字以内にしてください。", "Please use at most 256 characters.";
    p_password_common: "よく使われている（または流出したことのある）パスワードのため使えません。", "This password is commonly used or has appeared in a breach, so it cannot be used.";
    p_password_personal: "記号・番号や生年月日など、他の人が知りうる情報を含むため使えません。", "It contains information others may know (your insurance number or birth date).";
    p_password_repetitive: "同じ文字の繰り返しは使えません。", "A single repeated character cannot be used.";
    p_current_password: "現在のパスワードが違います。いまお使いのパスワードを入力してください。", "This is not your current password. Please enter the password you use now.";
    p_mismatch: "入力が一致しません。", "The entries do not match.";
    p_code_invalid: "コードが正しくないか、有効期限切れ・使用済みです。お手紙のコードをご確認ください。", "The code is wrong, expired or already used. Please check the code in your letter.";
    p_totp_invalid: "確認コードが正しくないか、すでに使われています。アプリに表示されている最新の6桁を入力してください。", "The confirmation code is wrong or was already used. Please enter the latest 6 digits shown in the app.";
    p_email: "メールアドレスの形式をご確認ください。", "Please check the email address.";
    p_login_id: "このログインIDは使えません。", "This login ID cannot be used.";
    p_login_id_tries: "今日はこれ以上ログインIDを試せません。明日もう一度お試しください。", "No more login IDs can be tried today. Please try again tomorrow.";
    p_staff_number: "職員番号をご確認ください。", "Please check the staff number.";
    p_role: "役割を選んでください。", "Please choose a role.";
    p_choice: "表示されている選択肢から選んでください。", "Please choose one of the options shown.";
    p_nothing_chosen: "開示を求める情報を1つ以上選ぶか、期間を入力してください。", "Please choose at least one kind of information, or enter a period.";
    p_none_picked: "一覧で1件以上にチェックを付けてください。", "Tick at least one line of the list.";
    p_confirm_first: "申し出る前に、確認の画面で内容を確かめてください。まだ申し出は受け付けていません。", "Please check your answers on the confirmation page before sending. Nothing has been sent yet.";
    p_changed_since_confirmed: "確認した後に内容が変わりました。もう一度、確認の画面で内容を確かめてください。まだ申し出は受け付けていません。", "Your answers changed after you checked them. Please check them again. Nothing has been sent yet.";
    p_fee_changed: "確認した後に手数料が変わりました。新しい手数料を確かめてから申し出てください。まだ申し出は受け付けていません。", "The fee changed after you checked it. Please check the new fee before sending. Nothing has been sent yet.";
    p_month: "年月として読み取れません。例: 2025-04、2025年4月", "This is not a month we can read. For example: 2025-04.";
    p_period_order: "終わりの月が始まりの月より前になっています。", "The period ends before it starts.";
    p_future_month: "まだ来ていない月は選べません。", "The period cannot reach into the future.";
    p_ground_mismatch: "この理由は、選んだ内容（利用停止・消去／第三者提供の停止）には使えません。", "This ground does not apply to the measure you chose.";
    p_unchanged: "現在の登録内容と同じです。正しい内容を入力してください。", "This is the same as what we hold. Please enter the correct value.";
    p_file_missing: "この申し出には、この書類の添付が必要です。", "This request needs this document attached.";
    p_file_empty: "ファイルが空です。", "The file is empty.";
    p_file_too_large: "ファイルが大きすぎます。上限をご確認ください（スマートフォンの写真は縮小してください）。", "The file is too large. Please check the limit (shrink phone photos).";
    p_file_type: "PDF・JPEG・PNG のファイルだけ受け付けています。", "Only PDF, JPEG and PNG files are accepted.";
    p_file_damaged: "ファイルが壊れているか、途中までしかありません。もう一度保存してからお送りください。", "The file is damaged or incomplete. Please save it again and resend.";
    p_file_active: "プログラム（JavaScript 等）や埋め込みファイルを含む PDF は受け付けられません。印刷して PDF にし直すか、写真でお送りください。", "PDFs containing scripts or embedded files are not accepted. Please print to a new PDF or send a photo.";
    p_too_many_files: "一度に送れるファイルは3つまでです。", "You can send at most 3 files at a time.";
    p_reason_required: "お断りする場合やお申し出と異なる対応をする場合は、理由を書いてください（個人情報保護法第36条）。", "When refusing or acting otherwise than asked, write the reason (APPI Art. 36).";
    p_own_decision: "ご自身が行った決定は承認できません。別の責任者が承認してください。", "You cannot approve your own decision. Another responsible person must approve it.";
    p_page: "ページ番号は1以上の数字で入力してください。", "Enter a page number of 1 or more.";
    p_arrival_date: "届いた日は、今日以前で、60日前までの日付を入れてください。", "Enter the day it arrived: today or earlier, at most 60 days ago.";
    p_not_in_registry: "この記号・番号と生年月日の方は資格情報にありません。依頼書の記載を確かめてください。", "No one with this symbol, number and date of birth is in the registry. Check what the form says.";
    p_not_third_party: "公表している委託先・共同利用先への提供は、第三者提供ではないため、この台帳には記録しません。", "Outsourcing and joint use as published are not provision to a third party and are not recorded in this ledger.";
    p_kept_by_law: "第三者提供の記録は、法令（個人情報保護法施行規則第14条・第18条）により保存が義務付けられているため、消去・利用停止できません。保存期間の満了後に廃棄します。", "Records of provision to third parties must be kept by law (Enforcement Rules Arts. 14, 18) and cannot be erased or stopped; they are disposed of when their period ends.";
    p_scope_not_for_measure: "この情報は、お申出の請求の処理にだけ使っているため、利用停止ではなく消去の対象です。消去を選ぶか、別の決定をしてください。", "This data serves only the request it came with: it can be erased, not stopped. Choose erasure or another decision.";
    p_provision_stopped: "この相手方への第三者提供は、本人の請求により停止が決定されています（受付番号は下に表示しています）。法令に基づく提供の場合だけ、根拠を「法令に基づく提供」として記録できます。", "Provision to this recipient has been stopped at the person's request (the receipt number is shown below). Only a provision required or permitted by law can still be recorded, with that basis.";
    p_future_date: "未来の日付は入力できません。", "The date cannot be in the future.";
    p_no_payment_method: "手数料を定めるときは、お支払い方法を一つ以上入力してください。", "A fee needs at least one way to pay it.";
    p_no_fee: "この申出には手数料がかかりません。記録するものはありません。", "This request carries no fee: there is nothing to record.";
    p_fee_amount: "お支払いの額が手数料の額と合っていません。", "The amount paid is not the fee.";
    p_fee_unpaid: "この決定では情報をお渡しします。先に手数料のお支払い（または免除）を記録してください。", "This decision delivers data: record the fee's payment (or its waiver) first.";
    p_fee_settled: "手数料はすでに記録されています。", "The fee is already recorded.";
    p_before_receipt: "受付日より前の日付です。", "The date is before the request was received.";
    p_year_out_of_range: "医療費のお知らせは、今年と過去5年分を表示できます。その中から年を選んでください。", "Notices are kept for this year and the five before: please choose one of those years.";
    p_not_shared: "この方の医療費のお知らせは表示できません。18歳以上の方の分は、ご本人が同意したときだけ表示します（同意はご本人のアカウントか、書面でできます）。", "You cannot see this person's notices. An adult's notices are shown only with their consent, given in their own account or on paper.";
    p_duplicate: "同じ名前のものがすでにあります。別の名前にするか、既存のものを編集してください。", "Another entry already has this name. Use a different name or edit the existing one.";
    p_unknown_placeholder: "使えない差し込み項目があります。{ } の中は、下の一覧にある項目名だけにしてください。", "The text names a placeholder that does not exist. Use only the names in the list below between { }.";
    p_unclosed_placeholder: "「{」が閉じられていません。差し込み項目は {受付番号} のように { } で囲んでください。", "A “{” is not closed. Write a placeholder between braces, like {receipt}.";
    p_list_full: "これ以上は保存できません。使わなくなったものを削除してから保存してください。", "No more can be saved. Delete one you no longer use first.";
    p_last_item: "最後の1件は削除できません。先に新しいものを追加してから削除してください。", "The last entry cannot be removed. Add a new one first, then remove this one.";
    p_past_effective_date: "適用日は今日以降の日付にしてください。過去の日付では公表できません。", "The effective date must be today or later; a version cannot be published for a past date.";
    p_advance_publication: "共同利用の利用目的や責任者の変更は、あらかじめ公表する必要があります（個人情報保護法27条6項）。明日以降の適用日にしてください。", "A change to a joint use's purpose or responsible party must be published in advance (APPI art. 27(6)). Choose tomorrow or later.";
    p_far_effective_date: "適用日は2年以内の日付にしてください。", "The effective date must be within two years.";
    p_own_draft: "ご自身が作成・編集した下書きは承認できません。別の責任者が承認してください。", "You cannot approve a draft you created or edited. Another responsible person must approve it.";
    p_draft_exists: "編集中の下書きがすでにあります。同時に作れる下書きは1つです。その下書きを編集するか、破棄してから作成してください。", "A draft is already open; only one draft at a time. Edit that draft, or discard it first.";
    p_package_missing: "開示する決定の前に、開示資料（開示パッケージ）を作成してください。", "Assemble the disclosure package before deciding to disclose.";
    p_nothing_withheld: "一部開示では、開示しない項目を開示資料で選んでください（33条2項の根拠とともに）。", "For a partial disclosure, choose in the package what is withheld (with its 33条2項 ground).";
    p_something_withheld: "開示資料に開示しない項目があります。全部開示にするには除外を取り消すか、一部開示を選んでください。", "The package withholds something: undo the exclusions, or choose partial disclosure.";
    p_correction_value: "訂正後の値が、この項目の値として正しくありません（日付は 2026-01-31 の形、性別は 男性・女性、続柄は 本人・配偶者・子・父母・その他）。", "The corrected value is not a valid value of this item (dates as 2026-01-31, sex 男性/女性, relationship 本人/配偶者/子/父母/その他).";
    p_delete_held_item: "この項目は保険の資格に必要なため削除できません。内容が違うときは「訂正」を選んでください。削除は「その他」の項目でお求めいただけます。", "This item is needed for your insurance and cannot be deleted. If it is wrong, choose “correct”. Deletion is for items under “other”.";
    p_representation_ended: "ご本人が18歳になり、法定代理人（未成年後見人）としての代理権がなくなりました。この方には回答をお渡しできません。「却下」を選び、根拠「代理権がなくなったため」としてください（ご本人には改めてお申し出いただけることをお知らせします）。", "The person has turned 18: the legal representative's authority has ended and the answer cannot go to them. Choose 却下 with the ground that the authority ended (the person is told they may ask in their own name).";
    p_no_electronic_method: "この変更で、電磁的記録（ダウンロードや媒体）で受け取る方法がなくなります。ご本人は電磁的記録を選べます（個人情報保護法33条1項）。方法を残すか、「手続」の欄に電磁的記録を用意しない理由を書いてください。", "After this change no electronic method (download or medium) is left. The person may choose electronic records (APPI Art. 33(1)): keep one, or give the reason none is offered under 'Procedure'.";
    p_download_for_own_account: "ダウンロードは、ご本人がご自分のポータルのアカウントで受け取る方法です。代理人からの依頼では、媒体の郵送か書面を選んでください。", "The download is received by the person in their own portal account. For an agent's request choose a medium by post or paper.";
    p_no_account_for_download: "受け取る方がポータルのアカウントをお持ちでないため、ダウンロードでは渡せません。アカウントを作っていただくか、「ご指定の方法による開示が困難なため、書面の交付により開示」を選び、その理由を書いてください（手紙で33条3項のお知らせをします）。", "Whoever receives the result has no portal account, so it cannot be downloaded. Ask them to open an account, or choose 'disclosed on paper: the chosen method is difficult' with the reason (the letter gives the Art. 33(3) notice).";
    p_complaint_only: "電話・匿名・本人確認なしで受け付けられるのは苦情だけです。開示などの請求は、様式と本人確認書類で受け付けてください。", "Only a complaint can be taken by phone, anonymously or without checking identity. Other requests need the form and an identity document.";
    p_unchecked_registry: "本人確認をしていない方を加入者として記録することはできません。「その他」か「匿名」を選び、名乗ったお名前を書いてください。", "Someone whose identity was not checked cannot be recorded as a member. Choose 'Other' or 'Anonymous' and write the name they gave.";
    p_no_inquiry: "レセプトの開示には、医療機関への照会が必要です。「医療機関への照会」で照会を作成してください。", "Disclosing medical claims needs an inquiry to each medical institution first. Create the inquiries.";
    p_inquiry_pending: "医療機関への照会に、まだ回答のないものがあります。すべての回答を記録してから決定してください。", "A medical institution has not answered the inquiry yet. Record every answer before deciding.";
    p_receipt_copy_missing: "開示する資料に、レセプトの写しがありません。基幹システムから出したレセプトの写しを追加してください。", "The package holds no copy of the medical claims. Add the copies from the core system.";
    p_objection_withheld: "医療機関から「支障あり」の回答があります。その医療機関のレセプトを除いて、一部開示か不開示で決定してください。", "A medical institution answered that disclosure could cause harm. Withhold its claims: decide a partial disclosure or non-disclosure.";
    p_objection_ground: "医療機関から「支障あり」の回答があるため、根拠は「33条2項1号（本人等の権利利益を害するおそれ）」を選んでください。", "A medical institution answered that disclosure could cause harm: the ground is Article 33(2)(i).";
    p_no_objection_ground: "すべての医療機関が「支障なし」と回答しているため、レセプトについて「33条2項1号」は使えません。", "Every medical institution answered that there is no harm: Article 33(2)(i) cannot be cited for the claims.";
    p_no_receipts_asked: "このお申し出は、レセプトの開示を求めていません。医療機関への照会はできません。", "This request does not ask for medical claims: there is no inquiry to a medical institution.";
    p_already_answered: "この照会には回答が記録されています。回答は一度だけ記録できます。", "An answer to this inquiry is already recorded. An answer is recorded once.";
    p_objection_no_copy: "「支障あり」と回答した医療機関のレセプトは、開示する資料に入れられません。", "The claims of a medical institution that answered 'harm' cannot go into the package.";
    p_bereaved: "亡くなった方についてのご遺族からのお求めは、このお申し出としては受け付けられません。別の手続きです（死亡の事実と続柄がわかる書類が必要です）。ご遺族には、その手続きをご案内してください。", "A request from the family of a deceased member is not taken as a request here: it is a separate procedure (documents showing the death and the relationship). Tell the family about that procedure.";
    p_own_reissue: "準備した人とは別の責任者が承認します。ご自身が準備した再交付は承認できません。", "Another responsible person approves: you cannot approve a re-issue you prepared.";
    p_reissue_pending: "再交付の準備がすでにあり、承認を待っています。承認するか取り消してから、もう一度準備してください。", "A re-issue is already prepared and waiting for approval. Approve or cancel it before preparing another.";
    p_not_a_minor: "法定代理人としての依頼は、届いた日に18歳未満の方についてだけ受け付けます。", "A legal representative may ask only for someone under 18 on the day the request arrived.";
    key_legend: "記号・番号・枝番", "Symbol, number and branch";
    key_hint: "保険証（資格確認書）に書かれている記号・番号・枝番です。", "As printed on your insurance card (資格確認書).";
    symbol: "記号", "Symbol (記号)";
    number: "番号", "Number (番号)";
    branch: "枝番", "Branch (枝番)";
    birth_date: "生年月日", "Date of birth";
    birth_date_hint: "例: 1975年4月2日、昭和50年4月2日、S50.4.2、1975-04-02", "For example: 1975-04-02, 1975/4/2 or 昭和50年4月2日.";
    password: "パスワード", "Password";
    new_password: "新しいパスワード", "New password";
    new_password_again: "新しいパスワード（確認のため、もう一度）", "New password (again, to check)";
    password_hint: "8文字以上。記号や大文字は不要です。覚えやすい長い文がおすすめです。", "At least 8 characters. No symbols or capitals needed; a long phrase you remember is best.";
    totp_code: "確認コード（6桁）", "Confirmation code (6 digits)";
    totp_hint: "認証アプリに表示される6桁の数字です。", "The 6 digits shown in your authenticator app.";
    totp_or_recovery_hint: "認証アプリの6桁の数字。スマートフォンをなくした場合は、回復コードを入力できます。", "The 6 digits in your authenticator app. If you lost your phone, you can enter a recovery code.";
    identifier: "記号・番号・枝番、またはログインID", "Symbol-number-branch, or login ID";
    identifier_hint: "例: 1001-23-00（区切りは空白でもかまいません）", "For example: 1001-23-00 (spaces are fine too).";
    login_title: "ログイン", "Sign in";
    login_button: "ログインする", "Sign in";
    logout: "ログアウト", "Sign out";
    signed_out: "ログアウトしました。", "You have signed out.";
    sign_in_needed: "このページを見るにはログインが必要です。しばらく操作がなかった場合（30分）も、安全のためログインし直していただいています。", "Please sign in to see this page. For your safety we also ask you to sign in again after 30 minutes without activity.";
    reset_done: "パスワードを変更しました。新しいパスワードでログインしてください。", "Your password has been changed. Please sign in with the new password.";
    wait_prefix: "次に試せるまで、およそ", "You can try again in about";
    minutes: "分お待ちください。", " minute(s).";
    seconds: "秒お待ちください。", " second(s).";
    go_register: "はじめての方（利用登録）", "First time here? Register";
    go_reset: "パスワードを忘れた方", "Forgot your password?";
    go_recover_second_factor: "確認コードの再設定（職員から手紙が届いた方）", "Set up your confirmation code again (letter from the society)";
    register_title: "利用登録", "Register";
    register_lead: "ご本人確認のため、登録コードを保険証に登録されているご住所へ郵送します。", "To confirm it is you, we post a registration code to the address we hold for you.";
    register_step1: "保険証の記号・番号・枝番と生年月日を入力します。", "Enter the symbol, number and branch on your insurance card, and your date of birth.";
    register_step2: "登録コードを書いたお手紙が、ご登録のご住所に届きます（1週間ほど）。", "A letter with a registration code arrives at your registered address (about a week).";
    register_step3: "お手紙のコードでパスワードを決め、スマートフォンの認証アプリを設定します。", "With the code you choose a password and set up an authenticator app on your phone.";
    register_button: "登録コードを郵送してもらう", "Post me a registration code";
    register_sent_title: "受け付けました", "Request received";
    reset_sent_title: "受け付けました", "Request received";
    letter_sent_body: "ご入力の内容が当組合の記録と一致した場合は、登録されているご住所へコードを書いたお手紙をお送りします。", "If the details match our records, we will post a letter with a code to the address we hold for you.";
    letter_sent_detail: "お手紙は1週間ほどで届きます。コードの有効期限は30日です。届かない場合や住所が変わった場合は、お勤め先の担当者または当組合へご連絡ください。", "The letter arrives in about a week; its code is valid for 30 days. If it does not arrive, or you have moved, please contact your employer's contact person or the society.";
    have_letter: "お手紙が届いた方はこちら", "I have the letter";
    complete_title: "登録コードの入力", "Enter your registration code";
    complete_lead: "お手紙のコードを入力し、パスワードを決めてください。", "Enter the code from your letter and choose a password.";
    letter_code: "お手紙のコード", "Code from the letter";
    letter_code_hint: "例: KM3T-XQ7A-PC4W（区切りや大文字・小文字は気にしなくてかまいません）", "For example KM3T-XQ7A-PC4W (dashes and letter case do not matter).";
    next_button: "次へ", "Continue";
    enrol_title: "確認コード（二段階認証）の設定", "Set up your confirmation code (two-step sign-in)";
    enrol_lead: "ログインのたびに、パスワードに加えてスマートフォンの認証アプリに表示される6桁の数字を入力します。他の人があなたになりすますことを防ぎます。", "Each time you sign in you enter, besides your password, 6 digits shown by an authenticator app on your phone. This stops others pretending to be you.";
    enrol_step1: "スマートフォンに認証アプリ（Google Authenticator、Microsoft Authenticator など）を入れます。", "Install an authenticator app on your phone (for example Google Authenticator or Microsoft Authenticator).";
    enrol_same_phone: "この画面をスマートフォンで見ている場合は、次のボタンを押します。認証アプリが開き、登録を確かめる画面になります。", "If you are reading this on your phone, press the button below: the authenticator app opens and asks you to confirm.";
    enrol_add_button: "認証アプリに追加する", "Add to the authenticator app";
    enrol_step2: "パソコンなど別の画面で見ている場合は、スマートフォンの認証アプリで次のQRコードを読み取ります。", "If you are reading this on another screen (a computer), scan this QR code with the app on your phone.";
    enrol_step3: "アプリに表示された6桁の数字を入力します。", "Enter the 6 digits the app shows.";
    enrol_manual: "読み取れない場合は、アプリに次の文字を入力してください。", "If you cannot scan it, type this key into the app:";
    qr_label: "認証アプリ用のQRコード", "QR code for the authenticator app";
    enrol_button: "設定を完了する", "Finish setup";
    recovery_title: "回復コード", "Recovery codes";
    recovery_once: "回復コードは、この画面でしかお知らせしません。印刷するか書き写して、大切に保管してください。保管したら、下の欄にチェックを入れて「次へ」を押してください。", "These recovery codes are shown on this page only. Please print or copy them and keep them safe. Then tick the box below and press “Next”.";
    recovery_print: "回復コードを印刷する", "Print the recovery codes";
    recovery_stored_label: "回復コードを印刷するか書き写して、安全な場所に保管しました", "I have printed or copied the recovery codes and put them somewhere safe";
    recovery_stored_button: "次へ", "Next";
    recovery_stored_done: "回復コードの保管を確認しました。回復コードはもう表示されません。", "Thank you: the recovery codes are kept. They will not be shown again.";
    password_change_title: "パスワードの変更", "Change your password";
    password_change_lead: "いまのパスワードと、新しいパスワードを入力してください。変更すると、ほかの端末（パソコンやスマートフォン）ではログアウトされます。", "Enter your current password and a new one. Other devices (computers and phones) will be signed out.";
    current_password: "現在のパスワード", "Current password";
    password_change_button: "パスワードを変更する", "Change the password";
    password_changed: "パスワードを変更しました。ほかの端末ではログアウトしました。", "Your password was changed. Other devices were signed out.";
    go_password: "パスワードの変更", "Change your password";
    recovery_use: "スマートフォンをなくしたときは、確認コードの代わりに回復コードを1つ入力してログインできます。各コードは1回だけ使えます。", "If you lose your phone, you can sign in by entering one recovery code instead of the confirmation code. Each works once.";
    recovery_already_shown: "回復コードはすでに表示済みです。新しく発行する場合はアカウントのページから行ってください。", "The recovery codes were already shown. You can issue new ones from your account page.";
    recovery_used_notice: "回復コードでログインしました。スマートフォンをなくした場合は、当組合にご連絡のうえ、確認コードを再設定してください。", "You signed in with a recovery code. If you lost your phone, please contact the society to set up your confirmation code again.";
    account_title: "アカウント", "Your account";
    you_heading: "ご本人の情報", "About you";
    name: "氏名", "Name";
    email: "メールアドレス", "Email address";
    verified: "確認済み", "verified";
    no_email: "未登録", "not registered";
    recovery_left: "未使用の回復コード", "Unused recovery codes";
    former_prefix: "資格喪失日: ", "Coverage ended on ";
    former_suffix: "。保有している情報についての請求は、引き続きこのポータルからできます。", ". You can still make requests about the information we hold through this portal.";
    failures_prefix: "前回のログイン以降、あなたのアカウントへのログインに ", "Since your last sign-in there were ";
    failures_suffix: " 回失敗しています。心当たりがない場合は、パスワードを変更してください。", " failed sign-ins to your account. If that was not you, please change your password.";
    household_heading: "ご家族（同じ保険証の被扶養者）", "Your household (dependents on your card)";
    minor_rule: "未成年のため、被保険者であるあなたが法定代理人として請求できます。成年（18歳）になる日: ", "A minor: as the insured person you can make requests as their legal representative. Becomes an adult (18) on ";
    minor_rule_suffix: "", "";
    adult_rule: "成年のため、ご本人の同意（または委任状）がある場合に限り、その方の情報を扱えます。", "An adult: you can handle their information only with their consent (or a power of attorney).";
    rel_insured: "被保険者", "insured person";
    rel_spouse: "配偶者", "spouse";
    rel_child: "子", "child";
    rel_parent: "父母", "parent";
    rel_other: "その他", "other";
    security_heading: "安全のための設定", "Security";
    go_sessions: "ログイン中の端末", "Devices signed in";
    nav_requests: "お申し出", "Requests";
    nav_notices: "医療費のお知らせ", "Medical costs";
    nav_medical: "医療費", "Medical costs";
    nav_menu: "メニュー", "Menu";
    footer_public: "組合のご案内", "About the society";
    footer_paper: "書面でのお申し出（様式）", "Requests on paper (forms)";
    go_access_history: "アクセス履歴（職員があなたの情報を見た記録）", "Access history (when staff looked at your data)";
    go_email: "メールアドレスの登録・変更", "Register or change your email address";
    go_account: "アカウントへ戻る", "Back to your account";
    step_up_note: "回復コードを新しく発行すると、古い回復コードは使えなくなります（パスワードと確認コードの再入力が必要です）。", "Issuing new recovery codes cancels the old ones (you will be asked for your password and code again).";
    regenerate_codes: "回復コードを新しく発行する", "Issue new recovery codes";
    sessions_title: "ログイン中の端末", "Devices signed in";
    sessions_lead: "心当たりのない端末があれば「ログアウトさせる」を押し、パスワードを変更してください。", "If you do not recognise a device, sign it out and change your password.";
    this_device: "（この端末）", " (this device)";
    started: "ログイン", "Signed in";
    last_seen: "最終利用", "Last used";
    revoke: "ログアウトさせる", "Sign this device out";
    email_title: "メールアドレス", "Email address";
    email_lead: "請求の状況をお知らせするメールの宛先です。確認用のリンクをお送りし、確認できるまでは他のメールは送りません。", "We send news about your requests here. We first send a confirmation link, and nothing else until it is confirmed.";
    email_sent: "確認用のメールを送りました。メールのリンクを開いて確認を完了してください（24時間有効）。", "We sent a confirmation email. Please open its link to finish (valid for 24 hours).";
    email_button: "確認メールを送る", "Send the confirmation email";
    email_verify_title: "メールアドレスの確認", "Confirm your email address";
    email_verify_lead: "下のボタンを押すと、このメールアドレスの確認が完了します。", "Press the button to confirm this email address.";
    email_verify_button: "確認する", "Confirm";
    email_verified: "メールアドレスを確認しました。", "Your email address is confirmed.";
    link_invalid: "このリンクは無効か、有効期限が切れています。もう一度メールの送信からやり直してください。", "This link is invalid or has expired. Please send a new confirmation email.";
    mail_verify_subject: "【加入者ポータル「窓口」】メールアドレスの確認", "[Member portal Madoguchi] Confirm your email address";
    mail_verify_body: "健康保険組合の加入者ポータル「窓口」でメールアドレスが登録されました。次のリンクを開いて確認を完了してください（24時間有効）。", "This address was registered on the member portal “Madoguchi”. Open the link to confirm it (valid for 24 hours).";
    mail_verify_footer: "心当たりがない場合は、このメールを破棄してください。", "If this was not you, please ignore this email.";
    confirm_title: "ご本人の確認", "Confirm it is you";
    confirm_lead: "大切な操作の前に、パスワードと確認コードをもう一度入力してください（10分間有効です）。", "Before an important step, please enter your password and code again (valid for 10 minutes).";
    confirm_button: "確認する", "Confirm";
    reset_title: "パスワードの再設定", "Reset your password";
    reset_lead: "再設定用のコードを、登録されているご住所へ郵送します。", "We post a reset code to the address we hold for you.";
    reset_button: "再設定コードを郵送してもらう", "Post me a reset code";
    reset_complete_title: "新しいパスワードの設定", "Set a new password";
    reset_complete_button: "パスワードを変更する", "Change password";
    recover_title: "確認コードの再設定", "Set up your confirmation code again";
    recover_lead: "窓口で本人確認のうえ再設定を受け付けた方に、コードを郵送しています。お手紙のコードとパスワードを入力してください。", "After we checked your identity at the counter, we posted you a code. Enter it with your password.";
    staff_login_title: "職員ログイン", "Staff sign-in";
    staff_login_lead: "業務課の職員専用です。職員番号ごとの個人アカウントでログインしてください。", "For society staff only. Sign in with your own staff account.";
    staff_number: "職員番号", "Staff number";
    staff_setup_link: "初回設定（管理者から設定コードを受け取った方）", "First-time setup (with a setup code from the administrator)";
    staff_setup_title: "職員アカウントの初回設定", "Staff account setup";
    staff_setup_lead: "管理者から手渡された設定コードで、パスワードと確認コードを設定します。", "With the setup code the administrator gave you, set a password and a confirmation code.";
    setup_code: "設定コード", "Setup code";
    staff_home_title: "業務メニュー", "Staff menu";
    your_roles: "権限", "Roles";
    letters_title: "郵送待ちのお手紙", "Letters to post";
    letters_lead: "印刷して封入・郵送したら「郵送済み」にしてください。郵送済みにするとコードは記録から消去されます。", "Print, enclose and post each letter, then mark it posted; its code is then erased.";
    no_letters: "郵送待ちのお手紙はありません。", "No letters are waiting.";
    col_letter: "種類", "Letter";
    col_created: "作成日", "Created";
    col_printed: "印刷済み", "Printed";
    yes: "はい", "yes";
    no: "いいえ", "no";
    letter_title: "お手紙（印刷用）", "Letter (for printing)";
    letter_registration: "利用登録コード", "Registration code";
    letter_password_reset: "パスワード再設定コード", "Password reset code";
    letter_second_factor: "確認コード再設定コード", "Confirmation code reset";
    posted_hint: "郵送したら押してください。コードは記録から消去され、再印刷できなくなります。", "Press once posted: the code is erased and cannot be printed again.";
    mark_posted: "郵送済みにする", "Mark as posted";
    print_letter: "印刷する", "Print";
    print_letter_hint: "印刷したことが記録されます。", "Printing is recorded.";
    access_title: "アクセス権限管理簿", "Access rights register";
    access_lead: "職員ごとの権限、有効期間、承認者と定期確認の記録です。退職者の権限は退職日で終わります。", "Each staff member's roles, their period, who approved them and the periodic review. A leaver's access ends on their leaving date.";
    col_role: "権限", "Role";
    col_period: "有効期間", "Period";
    col_approved_by: "承認者", "Approved by";
    col_reviewed: "定期確認", "Reviewed";
    col_in_effect: "有効", "In effect";
    not_reviewed: "未確認", "not reviewed";
    mark_reviewed: "確認済みにする", "Mark reviewed";
    setup_code_for: "設定コード 職員番号", "Setup code for staff number";
    setup_code_once: "この表示は一度だけです。ご本人に直接手渡してください（7日間有効）。", "Shown only once. Hand it to the staff member in person (valid 7 days).";
    add_staff_heading: "職員の追加", "Add a staff member";
    valid_from: "権限の開始日", "Roles start on";
    add_staff_button: "追加して設定コードを発行する", "Add and issue a setup code";
    leaver_heading: "退職・異動", "Leaver";
    leaver_lead: "退職日（または異動日）の翌日から、その職員はログインできなくなります。", "From the day after the leaving date the staff member can no longer sign in.";
    left_on: "退職日", "Leaving date";
    leaver_button: "退職日を記録する", "Record the leaving date";
    valid_until: "終了日", "End date";
    end_grant: "この権限を終了する", "End this role";
    login_id: "ログインID", "Login ID";
    login_id_hint: "記号・番号・枝番の代わりにログインに使えます。英小文字で始まる4〜32文字（英小文字・数字・. _ -）。", "Use it instead of symbol-number-branch to sign in: 4–32 characters, starting with a letter (a–z, 0–9, . _ -).";
    login_id_button: "ログインIDを設定する", "Set login ID";
    member_help_title: "加入者のアカウント対応", "Member account help";
    done: "処理しました。記録に残しています。", "Done, and recorded.";
    search: "検索する", "Search";
    no_member: "該当する加入者はいません（記号-番号-枝番で入力してください）。", "No member found (enter symbol-number-branch).";
    account_none: "未登録", "not registered";
    account_enrolling: "登録手続中", "registration in progress";
    account_active: "利用中", "active";
    account_closed: "閉鎖", "closed";
    reissue_heading: "お手紙の再発行", "Re-issue the letter";
    reissue_lead: "お手紙が届かない・なくした場合に、新しいコードのお手紙を作成します（前のコードは使えなくなります）。登録前なら登録コード、登録済みならパスワード再設定コードです。", "When a letter was lost, issue a new one (the old code stops working): a registration code before registration, a password reset code after.";
    reissue_button: "お手紙を再発行する", "Re-issue the letter";
    reset_2fa_heading: "確認コード（二段階認証）の再設定", "Reset the second factor";
    reset_2fa_lead: "スマートフォンと回復コードの両方をなくした方について、窓口で本人確認書類を確認したうえで行います。ログイン中の端末はすべてログアウトされ、再設定用のお手紙が作成されます。", "For a member who lost both phone and recovery codes, after checking an identity document at the counter. All their sessions end and a reset letter is issued.";
    document_checked: "確認した本人確認書類", "Identity document checked";
    doc_mynumber: "マイナンバーカード", "My Number card";
    doc_license: "運転免許証", "Driver's licence";
    doc_insurance: "資格確認書・保険証", "Insurance card";
    doc_passport: "パスポート", "Passport";
    doc_other: "その他（記録に残してください）", "Other (note it in the file)";
    reset_2fa_button: "本人確認のうえ再設定する", "Identity checked: reset";
    close_heading: "アカウントの閉鎖（ご逝去）", "Close the account (death)";
    close_lead: "ご家族などからご逝去の連絡があった場合に閉鎖します。以後ログインできません。", "When the family reports the member's death. Sign-in ends for good.";
    close_confirm: "ご逝去の連絡を受け、閉鎖することを確認しました", "I confirm the death was reported and the account is to be closed";
    close_button: "アカウントを閉鎖する", "Close the account";
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    crate::catalogue! { Sample, sample_text;
        title: "お申し出", "Your requests";
    }
    crate::catalogue! { impl Sample;
        days_left(n: i64): "あと{n}営業日", "{n} business days left";
        between(a: &str, b: &str): "{a}から{b}まで", "from {a} to {b}";
    }

    #[test]
    fn a_catalogue_speaks_the_language_it_is_asked_for() {
        assert_eq!(Sample::of(Lang::Ja).title, "お申し出");
        assert_eq!(Sample::of(Lang::En).title, "Your requests");
        assert_eq!(Sample::of(Lang::Ja).days_left(3), "あと3営業日");
        assert_eq!(Sample::of(Lang::En).between("April", "May"), "from April to May");
        assert_eq!(Sample::of(Lang::En).lang, Lang::En);
    }

    #[test]
    fn without_a_language_chosen_a_catalogue_speaks_japanese() {
        assert_eq!(sample_text().lang, Lang::Ja);
    }
}
