//! The printed letter that carries a one-time code (利用登録, パスワード再設定, 確認コード
//! 再設定): a letter that stands on its own for a member who has never seen the portal —
//! who sends it and when, what it is for, what the member will need, three steps, the
//! page's full address with a QR code, what to do without a smartphone, and what to do
//! if they never asked for it. A4, the address block placed for a 長3 window envelope.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{Letter, MarkLetterPosted, load_letter};
use kit::page::page_error;
use kit::page_data;
use kit::texts::id_text;

kit::catalogue! {
    /// The letter's words (the letter itself is printed in Japanese).
    LetterText, letter_text;
    service: "加入者ポータル「窓口」", "the member portal “Madoguchi”";
    issued: "発行日", "Issued";
    phone: "電話", "Phone";
    hours: "受付時間", "Hours";
    title_registration: "加入者ポータル「窓口」利用登録のご案内", "Registering for the member portal “Madoguchi”";
    title_password_reset: "加入者ポータル「窓口」パスワード再設定のご案内", "Resetting your password for the member portal";
    title_second_factor: "加入者ポータル「窓口」確認方法の再設定のご案内", "Setting up your sign-in confirmation again";
    intro_registration: "お申し込みいただいた、加入者ポータル「窓口」の利用登録のためのコードをお送りします。「窓口」では、インターネットで、医療費のお知らせを見たり、当組合がお預かりしている個人情報について、開示・訂正などのお申し出をしたりできます。", "Here is the code you asked for to register for the member portal. There you can read your medical cost notices and ask about the personal information the society holds on you (disclosure, correction and more).";
    intro_password_reset: "お申し込みいただいた、パスワードを再設定するためのコードをお送りします。", "Here is the code you asked for to reset your password.";
    intro_second_factor: "ログインの確認方法（スマートフォンの認証アプリやパスキー）を設定し直すためのコードをお送りします。", "Here is the code to set up your sign-in confirmation (authenticator app or passkey) again.";
    need_heading: "ご用意いただくもの", "What you will need";
    need_device: "スマートフォン（またはパソコン）。インターネットにつながるもの", "A smartphone (or a computer) connected to the internet";
    need_letter: "このお手紙と、保険証（記号・番号・枝番が書いてあります）", "This letter and your insurance card (it shows your 記号・番号・枝番)";
    need_factor: "ログインの確認に使うもの：スマートフォンの指紋・顔・暗証番号による確認（パスキー）、または認証アプリ（Google Authenticator など）", "Something to confirm your sign-in: your phone's fingerprint, face or PIN (a passkey), or an authenticator app (such as Google Authenticator)";
    steps_heading: "手順", "Steps";
    step1: "下のQRコードをスマートフォンのカメラで読み取るか、ページのアドレスを入力して、ページを開きます。", "Scan the QR code below with your phone's camera, or type the page's address, to open the page.";
    step2_registration: "記号・番号・枝番と、このお手紙のコードを入力します。", "Enter your 記号・番号・枝番 and the code in this letter.";
    step3_registration: "パスワードを決めて、パスキーまたは認証アプリを設定します。これで登録は完了です。", "Choose a password and set up a passkey or an authenticator app. That completes your registration.";
    step2_password_reset: "記号・番号・枝番、このお手紙のコード、新しいパスワードを入力します。", "Enter your 記号・番号・枝番, the code in this letter and a new password.";
    step3_password_reset: "認証アプリの6桁の数字（または回復コード）を入力して、完了です。", "Enter the 6 digits of your authenticator app (or a recovery code) to finish.";
    step2_second_factor: "記号・番号・枝番、このお手紙のコード、パスワードを入力します。", "Enter your 記号・番号・枝番, the code in this letter and your password.";
    step3_second_factor: "パスキーまたは認証アプリを設定し直して、完了です。", "Set up a passkey or an authenticator app again to finish.";
    key: "記号・番号・枝番", "Insurance card number";
    code: "コード", "Code";
    expires: "有効期限", "Valid until";
    until: "まで", "";
    page: "ページのアドレス", "Page address";
    qr_caption: "スマートフォンのカメラで読み取ると、上のページが開きます。", "Scan with your phone's camera to open the page above.";
    without_heading: "スマートフォンやパソコンをお使いでない方へ", "If you do not use a smartphone or computer";
    without_body: "「窓口」を使わなくても、これまでどおり、個人情報についてのお申し出は、郵送（書面）や当組合の窓口で受け付けます。医療費のお知らせの郵送をご希望の方は、下記までお電話ください。", "You do not need the portal: requests about your personal information are accepted by post or at our counter as before. If you would like your medical cost notices by post, please call us.";
    unasked_heading: "お心当たりがない場合", "If you did not ask for this";
    unasked_body: "このお手紙にお心当たりがない場合は、コードを使わずに、お手数ですが下記までお電話ください。ほかの人があなたの名前で申し込んだおそれがあります。", "If you did not ask for this letter, do not use the code and please call us: someone else may have applied in your name.";
    warning: "コードは、他の人に教えたり、見せたりしないでください。当組合の職員が電話などでコードをおたずねすることはありません。", "Never tell or show the code to anyone. Society staff will never ask you for it.";
}

/// `/staff/letters/:id`: the printable letter. On screen it has a "posted" button; on
/// paper only the letter.
#[component]
pub fn LetterPage() -> impl IntoView {
    let t = id_text();
    let params = use_params_map();
    let data =
        page_data::load(move || params.read_untracked().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0), load_letter);
    view! {
        <Title text=t.letter_title/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/letters"),
                Ok(l) => view! {
                    {letter_view(l.clone())}
                    <crate::platform::print::PrintButton label=t.print_letter.to_string()/>
                    <form method="post" action=MarkLetterPosted::url() class="no-print">
                        <input type="hidden" name="id" value=l.id/>
                        <p class="field__hint">{t.posted_hint}</p>
                        <button type="submit" class="button">{t.mark_posted}</button>
                    </form>
                }.into_any(),
            }
        })}
        <p class="no-print"><a href="/staff/letters">{t.letters_title}</a></p>
    }
}

/// The letter itself, always in Japanese (it goes to the member by post).
fn letter_view(l: Letter) -> impl IntoView {
    let w = LetterText::of(kit::i18n::Lang::Ja);
    let (title, intro, step2, step3) = match l.purpose.as_str() {
        "registration" => (w.title_registration, w.intro_registration, w.step2_registration, w.step3_registration),
        "password_reset" => (w.title_password_reset, w.intro_password_reset, w.step2_password_reset, w.step3_password_reset),
        _ => (w.title_second_factor, w.intro_second_factor, w.step2_second_factor, w.step3_second_factor),
    };
    // 「令和9年1月6日」: the dates a member reads on paper.
    let expires = chrono::NaiveDate::parse_from_str(&l.expires, "%Y-%m-%d").ok().and_then(kit::time::format_wareki).unwrap_or_else(|| l.expires.clone());
    let sender = l.sender.clone().map(|s| view! {
        <p class="reg-letter__society">{s.name}</p>
        <p>{format!("〒{} {}", s.postal_code, s.address)}</p>
        <p>{format!("{} {}", w.phone, s.phone)}</p>
        <p>{format!("{} {}", w.hours, s.hours)}</p>
    });
    let qr = (!l.qr_svg.is_empty()).then(|| view! {
        <figure class="reg-letter__qr" data-letter-qr="">
            <div inner_html=l.qr_svg.clone()></div>
            <figcaption>{w.qr_caption}</figcaption>
        </figure>
    });
    view! {
        <article class="letter reg-letter" lang="ja" data-code-letter=l.purpose.clone()>
            <div class="reg-letter__window" data-letter-address="">
                <p>{format!("〒{}", l.postal_code)}</p>
                <p>{l.address.clone()}</p>
                <p class="letter__name">{format!("{} 様", l.name)}</p>
            </div>
            <div class="reg-letter__sender" data-letter-sender="">
                <p data-letter-issued="">{format!("{} {}", w.issued, l.issued)}</p>
                {sender}
            </div>
            <div class="reg-letter__body">
                <h1>{title}</h1>
                <p>{intro}</p>
                <h2>{w.need_heading}</h2>
                <ul>
                    <li>{w.need_device}</li>
                    <li>{w.need_letter}</li>
                    <li>{w.need_factor}</li>
                </ul>
                <h2>{w.steps_heading}</h2>
                <ol class="reg-letter__steps">
                    <li>{w.step1}</li>
                    <li>{step2}</li>
                    <li>{step3}</li>
                </ol>
                <div class="reg-letter__code">
                    <dl class="facts">
                        <div><dt>{w.key}</dt><dd>{l.key.clone()}</dd></div>
                        <div><dt>{w.code}</dt><dd><code class="letter__code" data-letter-code="">{l.code.clone().unwrap_or_default()}</code></dd></div>
                        <div><dt>{w.expires}</dt><dd>{format!("{expires}{}", w.until)}</dd></div>
                        <div><dt>{w.page}</dt><dd data-letter-url="">{l.page_url.clone()}</dd></div>
                    </dl>
                    {qr}
                </div>
                <p><strong>{w.warning}</strong></p>
                <h2>{w.without_heading}</h2>
                <p>{w.without_body}</p>
                <h2>{w.unasked_heading}</h2>
                <p>{w.unasked_body}</p>
            </div>
        </article>
    }
}
