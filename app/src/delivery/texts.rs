//! What carrying decisions out says, Japanese first: the pages ([`DeliveryText`]) and
//! what is written in Japanese whatever the page's language ([`DeliveryFileText`]): the
//! 開示 archive, the instructions for the core system, the 34条3項 notice.

use kit::catalogue;

catalogue! { DeliveryText, delivery_text;
    title: "開示資料（開示パッケージ）", "Disclosure package";
    back: "お申し出に戻る", "Back to the request";
    status_open: "作成中", "Being assembled";
    status_frozen: "決定済み・責任者の承認待ち（内容は固定されています）", "Decided, awaiting approval (contents fixed)";
    status_released: "交付済み", "Released";
    status_none: "未作成", "Not started";
    by_download: "交付方法: 電磁的記録の提供（ポータルでダウンロード）", "Delivery: download in the portal";
    by_post: "交付方法: 書面の交付（郵送）", "Delivery: by post";
    start_lead: "対象者について、このポータルが保有する情報（資格情報とその履歴、お申出とやりとり、医療費のお知らせ、アクセスの記録、第三者提供の記録など）から開示資料を作成します。他のシステムの記録は、ファイルとして追加できます。", "The package is assembled from what the portal holds about the subject; records from other systems can be added as files.";
    start_button: "開示資料の作成を始める", "Start the package";
    redaction_note: "開示しない項目は、資料から取り除かれます（黒塗りではありません）。値が他の記録に書かれていても、すべてのファイルから取り除きます。根拠（33条2項各号）を選んでください。", "Withheld items are removed from the package, not covered; their value is also removed wherever else it appears. Choose the 33条2項 ground.";
    disclose_column: "開示", "Disclose";
    withheld: "開示しない", "Withheld";
    disclose_again: "開示に戻す", "Disclose again";
    note_internal: "メモ（内部）", "Note (internal)";
    note_optional: "メモ（任意）", "Note (optional)";
    withhold: "開示しない", "Withhold";
    disclosed: "開示", "Disclosed";
    files_heading: "他のシステムの記録（ファイル）", "Files from other systems";
    replace_label: "一部不開示版（黒塗り済みのPDFか画像）に差し替える", "Replace with a redacted version (PDF or images)";
    ground: "根拠", "Ground";
    replace: "差し替える", "Replace";
    remove: "資料から外す", "Remove";
    file_title: "資料名（例: 健診結果 2025年度）", "Title (e.g. health check 2025)";
    file: "ファイル（PDF・JPEG・PNG）", "File (PDF, JPEG, PNG)";
    add_file: "ファイルを追加する", "Add the file";
    receipt_copy_label: "レセプトの写しのとき：どの医療機関のものか", "If this is a copy of medical claims: which medical institution";
    receipt_copy_hint: "基幹システムから出したレセプトの写しです。照会に「支障なし」と回答した医療機関だけを選べます。", "A copy of the claims from the core system. Only institutions that answered 'no harm' can be chosen.";
    receipt_copy_none: "レセプトではない", "Not medical claims";
    withheld_heading: "開示しないもの（本人に示す理由）", "Withheld, and why (as the member reads it)";
    receive_heading: "本人が受け取るもの", "What the member will receive";
    receive_records: "本人の記録（PDF・一覧表・CSV・JSON）", "The member's records (PDF, printable list, CSV, JSON)";
    receive_files: "他のシステムの記録（添付ファイル）", "Records from other systems (attached files)";
    receive_no_files: "ありません。", "None.";
    receive_by_download: "ポータルでお渡しします。内容を日本語でまとめたPDF（スマートフォンでそのまま読めます）と、すべてのファイルをまとめたZIP（PDF、印刷用の一覧、表計算ソフトで開けるCSV、JSON、添付ファイル）です。", "In the portal: a PDF summary in Japanese (readable on a phone) and one ZIP of all the files (the PDF, a printable list, CSV, JSON and the attached files).";
    receive_by_post: "印刷用の一覧と添付ファイルを印刷し、決定通知書とともに郵送します。", "The printable list and the attached files are printed and posted with the decision letter.";
    tools_records_edit: "記録ごとに開示・不開示を選ぶ", "Choose what to disclose, record by record";
    tools_records_view: "記録の一覧（開示・不開示）", "The records (disclosed or withheld)";
    tools_files_edit: "他のシステムの記録（ファイル）を追加・差し替える", "Add or replace files from other systems";
    withheld_none: "ありません（全部開示）。", "None (full disclosure).";
    archive_heading: "交付する資料（固定済み）", "What will be delivered (fixed)";
    archive_lead: "決定の時点で作成した資料です。承認すると、この内容がそのまま交付されます。", "Built when the decision was recorded; approval delivers exactly this.";
    archive_disposed: "ダウンロード期限を過ぎたため、保存期間の定めにより資料を廃棄しました（廃棄記録があります）。下の SHA-256 は記録として残しています。", "The download period ended, so the archive was disposed of under the retention rules (a disposal record is kept). Its SHA-256 remains on record.";
    open_summary: "開示資料の一覧（印刷用）をダウンロード", "Download the printable summary";
    download_archive: "資料（ZIP）をダウンロード（記録されます）", "Download the archive (recorded)";
    download_until: "ダウンロード期限", "Download until";
    posting_heading: "書面の交付（郵送）", "Delivery by post";
    print_letter: "決定通知書を印刷する", "Print the decision letter";
    print_summary: "開示資料の一覧（印刷用）をダウンロード", "Download the printable summary";
    posted_on: "発送日", "Posted on";
    record_posting: "発送を記録する", "Record the posting";
    package_heading: "開示する資料", "Your disclosed data";
    sent_by_post: "開示する資料は、書面でご登録の住所に郵送します。", "The disclosed data is sent to you by post.";
    download: "資料をダウンロードする", "Download";
    read_pdf: "内容を読む（PDF）", "Read it (PDF)";
    pdf_hint: "開示する内容を日本語でまとめたPDFです。スマートフォンでもそのまま読めます。", "Your data summarised in one PDF (in Japanese), readable on a phone.";
    download_all: "すべてのファイル（ZIP：PDF・CSV・JSON）", "All the files (ZIP: PDF, CSV, JSON)";
    where_later: "期限までは、何度でもこのページ（マイページの「お申し出」から開けます）でダウンロードできます。", "Until then you can download it here as often as you like (open this page from “Your requests”).";
    step_up_hint: "ダウンロードの前に、パスワードと確認コードをもう一度お聞きすることがあります。", "You may be asked for your password and code again first.";
    downloads: "ダウンロードの記録", "Downloads";
    correction_heading: "訂正の手続", "The correction";
    correction_pending: "訂正手続中（基幹システムに反映されると、ここと通知でお知らせします）", "In progress (you will be told here when the core system has it)";
    corrections_title: "基幹システムへの指示（訂正・利用停止・消去）", "Instructions for the core system (corrections, stops, erasures)";
    corrections_lead: "承認された訂正は、このポータルの資格情報を直接書き換えません。基幹システムで訂正し、次の資格情報の取込みで新しい値が届いたときに「反映済み」になり、本人に訂正の通知（34条3項）が届きます。資格情報にない「その他」の項目（削除・追加を含む）と、利用停止・消去・第三者提供の停止（35条）は取込みで確認できないため、基幹システムで対応したらこの画面で対応済みにしてください。", "Approved corrections do not edit the portal's registry. They are made in the core system; when the next registry import carries the new value they are marked done and the member is notified (34条3項). Items under “other” (deletions and additions included) and stops, erasures and stops of provision (35条) are not in the registry import: mark them done here once the core system has them.";
    col_receipt: "受付番号", "Receipt";
    col_card: "記号・番号・枝番", "Card";
    col_item: "項目", "Item";
    col_before: "訂正前", "Before";
    col_after: "訂正後", "After";
    col_done: "反映日", "Done";
    finish_other: "基幹システムで対応済みにする（本人に通知）", "Mark done in the core system (tells the member)";
    col_exported: "出力", "Exported";
    exported_yes: "済", "済";
    exported_no: "未", "未";
    export_csv: "基幹システム用に CSV を出力する（記録されます）", "Export CSV for the core system (recorded)";
    conflicts_lead: "訂正前の値に戻す取込みがありました。訂正後の値を残しています。基幹システムを確認して、どちらにするか決めてください。", "An import carried the value a correction replaced; the corrected value was kept. Check the core system and settle it.";
    keep_corrected: "訂正後の値を残す", "Keep the corrected value";
    take_imported: "取込みの値にする", "Take the imported value";
    done_heading: "反映済み（最近の50件）", "Done (latest 50)";
}

catalogue! { impl DeliveryText;
    ground_option(article: &str, words: &str): "{article}（{words}）", "{article} ({words})";
    withhold_ground_label(item: &str): "{item} を開示しない根拠", "{item} : ground to withhold";
    section_heading(title: &str, count: usize): "{title}（{count}件）", "{title}（{count}件）";
    section_kept(title: &str, kept: usize): "{title}：{kept}件", "{title}: {kept}";
    section_kept_withheld(title: &str, kept: usize, withheld: usize): "{title}：{kept}件（ほかに{withheld}件は開示しない）", "{title}: {kept} ({withheld} more withheld)";
    redacted_version(title: &str, article: &str): "{title}（一部不開示版: {article}）", "{title}（一部不開示版: {article}）";
    receipt_copy_of(title: &str, provider: &str): "{title}（レセプトの写し：{provider}）", "{title} (copy of the medical claims: {provider})";
    original_kept(title: &str): "{title}（原本: 交付しません）", "{title}（原本: 交付しません）";
    expired(until: &str): "ダウンロードの期限が過ぎたため、この資料はダウンロードできません。もう一度必要なときは、お問い合わせ窓口にご相談ください（{until}）", "The download period has ended, so this package can no longer be downloaded. If you need it again, please contact the inquiry desk（{until}）";
    can_download(until: &str): "開示する資料を、{until}までダウンロードできます。", "You can download the disclosed data until {until}.";
    zip_hint(size: &str): "パソコンで保存・加工するときに。PDF、ブラウザで開いて印刷できる一覧、表計算ソフトで開けるCSV、JSONが入っています（{size}）。", "For keeping or processing on a computer: the PDF, a summary to open in a browser and print, CSV and JSON ({size}).";
    correction_done(on: &str): "訂正済み（{on}）", "Done ({on})";
    pending_heading(n: usize): "反映待ち（{n}件）", "Waiting ({n})";
    conflicts_heading(n: usize): "取込みで戻りそうになった値（{n}件）", "Imports that would undo a correction ({n})";
    conflict_line(receipt: &str, card: &str, item: &str, imported: &str, kept: &str, on: &str): "{receipt} {card} {item}: 取込み「{imported}」／現在「{kept}」（{on}）", "{receipt} {card} {item}: 取込み「{imported}」／現在「{kept}」（{on}）";
}

impl DeliveryText {
    /// A package's state (`open`, `frozen`, `released`, or none yet).
    pub fn package_status(&self, status: &str) -> &'static str {
        match status {
            "open" => self.status_open,
            "frozen" => self.status_frozen,
            "released" => self.status_released,
            _ => self.status_none,
        }
    }
}

// Written in Japanese whatever the page's language: read with
// `DeliveryFileText::of(Lang::Ja)`; there is no English.
catalogue! { DeliveryFileText, delivery_file_text;
    redacted: "［不開示］", "";
    archive_title: "保有個人データの開示", "";
    receipt: "受付番号", "";
    built_on: "作成日", "";
    readme_pdf: "summary.pdf    内容を読むためのPDF（スマートフォンでもそのまま読めます）\r\n", "";
    pdf_intro: "当組合が保有するあなたの個人データを、区分ごとにまとめました。同じ内容を、表計算ソフトで開けるCSVと、機械可読形式のJSONでもお渡ししています（ZIPファイルの中）。", "";
    pdf_files_note: "次のファイルは、ZIPファイルの files フォルダに入っています。", "";
    pdf_foot: "ご家族など、他の方の情報は含まれていません。この決定に疑問があるときは、決定通知書に記載の窓口にお問い合わせください。", "";
    readme_files: "files/         他のシステムの記録（健診結果・基幹システムの記録など）\r\n", "";
    readme_sections: "\r\n収録した区分:\r\n", "";
    readme_no_exclusions: "\r\n開示しなかった項目はありません。\r\n", "";
    readme_exclusions: "\r\n開示しなかった項目（csv/exclusions.csv にも記載）:\r\n", "";
    readme_foot: "\r\nご家族など、他の方の情報は含まれていません。他の方の情報は、その方ご本人（又は代理人）からお申し出ください。\r\n\
         この決定に疑問があるときは、決定通知書に記載の窓口にお問い合わせください。\r\n", "";
    no_records: "記録はありません。", "";
    other_systems: "他のシステムの記録", "";
    not_disclosed: "開示しなかった項目", "";
    none: "ありません。", "";
    col_section: "区分", "";
    col_item: "項目", "";
    col_ground: "根拠", "";
    col_reason: "理由", "";
    col_content: "内容", "";
    col_date: "日付", "";
    col_kind: "区分", "";
    col_counterparty: "相手方", "";
    col_datetime: "日時", "";
    col_old: "変更前", "";
    col_new: "変更後", "";
    col_how: "経緯", "";
    col_receipt: "受付番号", "";
    col_type: "種類", "";
    col_received_on: "受付日", "";
    col_status: "状況", "";
    col_from: "差出", "";
    col_month: "診療年月", "";
    col_provider: "医療機関等の名称", "";
    col_days: "日数", "";
    col_total_cost: "医療費総額", "";
    col_copay: "窓口負担額", "";
    col_high_cost: "高額療養費", "";
    col_additional: "付加給付", "";
    col_staff_number: "職員番号", "";
    col_purpose: "目的", "";
    col_target: "対象", "";
    col_measure: "措置", "";
    provisions_title: "第三者提供・受領の記録（29・30条）", "";
    received: "受領", "";
    provided: "提供", "";
    registry_title: "資格情報", "";
    card: "記号・番号・枝番", "";
    acquired_on: "資格取得日", "";
    lost_on: "資格喪失日", "";
    insurer: "保険者", "";
    history_title: "資格情報の変更履歴", "";
    from_core_system: "基幹システムからの取込", "";
    requests_title: "お申出（開示等の請求・苦情）", "";
    messages_title: "お申出に関するやりとり", "";
    from_member: "お申出人", "";
    from_society: "健康保険組合", "";
    access_title: "職員によるアクセスの記録（このポータル）", "";
    restrictions_title: "利用停止等の措置（35条）", "";
    marking_excluded_from_use: "利用を停止（対象の利用から除外）", "";
    marking_provision_stopped: "第三者への提供を停止", "";
    marking_erase_at_retention_end: "保存期間の満了時に消去", "";
    marking_alternative: "代替措置", "";
    marking_use_stopped: "利用を停止", "";
    marking_erased: "消去", "";
    instructions_csv_header: "指示番号,受付番号,保険者番号,記号・番号・枝番,項目,訂正前,訂正後,承認日", "";
}

catalogue! { impl DeliveryFileText;
    readme_head(society: &str, receipt: &str, built_on: &str): "保有個人データの開示（個人情報の保護に関する法律 第33条）\r\n{society}\r\n受付番号: {receipt}\r\n作成日: {built_on}\r\n\r\n\
         summary.html   印刷できる一覧（ブラウザで開いてください）\r\n\
         data.json      同じ内容の機械可読形式（JSON）\r\n\
         csv/           区分ごとの CSV（表計算ソフトで開けます）\r\n", "";
    readme_section(title: &str, count: usize): "  {title}（{count}件）\r\n", "";
    readme_exclusion(section: &str, item: &str, article: &str, words: &str): "  {section}: {item} — {article}（{words}）\r\n", "";
    section_heading(title: &str, count: usize): "{title}（{count}件）", "";
    partly_withheld(article: &str): "（一部不開示: {article}）", "";
    month(year: i32, month: u32): "{year}年{month}月", "";
    period(from: &str, to: &str): "{from}〜{to}", "";
    details_purpose_notice(categories: &str, note: &str): "利用目的の通知 {categories} {note}", "";
    details_disclosure(parts: &str): "開示 {parts}", "";
    details_receipts(period: &str): "レセプト（{period}）", "";
    details_checkups(period: &str): "健診（{period}）", "";
    details_method(method: &str): "受け取り方：{method}", "";
    details_third_party_records(period: &str, method: &str): "第三者提供記録の開示 {period} 受け取り方：{method}", "";
    details_correction(item: &str, current: &str, requested: &str, reason: &str): "訂正等 {item}: {current} → {requested}（理由: {reason}）", "";
    details_suspension(target: &str, explanation: &str): "利用停止等 {target}（{explanation}）", "";
    details_complaint(body: &str): "苦情 {body}", "";
    provision_label(on: &str): "第三者提供記録 {on}", "";
    by_correction(receipt: &str): "訂正（受付番号 {receipt}）", "";
    history_label(on: &str): "変更履歴 {on}", "";
    request_label(receipt: &str): "お申出 {receipt}", "";
    message_label(receipt: &str, at: &str): "やりとり {receipt} {at}", "";
    access_label(at: &str): "アクセス記録 {at}", "";
    restriction_label(receipt: &str): "利用停止等 {receipt}", "";
    correction_done_message(item: &str, old: &str, new: &str): "訂正が完了しました（個人情報の保護に関する法律第34条第3項に基づくお知らせ）。\n項目: {item}\n訂正前: {old}\n訂正後: {new}", "";
    measure_done_message(measure: &str, target: &str): "組合の基幹システムでも、{target}の{measure}が完了しました（個人情報の保護に関する法律第35条第7項に基づくお知らせ）。", "";
}

impl DeliveryFileText {
    /// A 35条 marking (`data_restrictions.marking`) in plain words; nothing for an unknown one.
    pub fn marking(&self, code: &str) -> &'static str {
        match code {
            "excluded_from_use" => self.marking_excluded_from_use,
            "provision_stopped" => self.marking_provision_stopped,
            "erase_at_retention_end" => self.marking_erase_at_retention_end,
            "alternative" => self.marking_alternative,
            "use_stopped" => self.marking_use_stopped,
            "erased" => self.marking_erased,
            _ => "",
        }
    }
}
