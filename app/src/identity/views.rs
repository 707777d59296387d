//! The member's identity pages: sign-in, registration by letter, second factor,
//! recovery codes, account, sessions, email, step-up and password reset. Every form is a
//! plain post that works without JavaScript.

use leptos::prelude::*;
use kit::page::page_error;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::*;
use kit::texts::{IdText, id_text};
use kit::page_data;
use kit::error::AppError;
use kit::form::{Feedback, Field, FormError, use_feedback};

fn query(name: &'static str) -> Signal<Option<String>> {
    let q = use_query_map();
    Signal::derive(move || q.with(|q| q.get(name)))
}

/// 記号・番号・枝番, as on the insurance card.
#[component]
pub fn KeyFields(feedback: Signal<Feedback>) -> impl IntoView {
    let t = id_text();
    view! {
        <fieldset class="key-fields">
            <legend>{t.key_legend}</legend>
            <p class="field__hint">{t.key_hint}</p>
            <Field name="symbol" label=t.symbol inputmode="numeric" maxlength=16 autocomplete="off" feedback/>
            <Field name="number" label=t.number inputmode="numeric" maxlength=16 autocomplete="off" feedback/>
            <Field name="branch" label=t.branch inputmode="numeric" maxlength=4 autocomplete="off" feedback/>
        </fieldset>
    }
}

#[component]
fn PasswordFields(feedback: Signal<Feedback>, t: &'static IdText) -> impl IntoView {
    view! {
        <Field name="password" label=t.new_password hint=t.password_hint kind="password" autocomplete="new-password" maxlength=1024 feedback/>
        <Field name="password_confirm" label=t.new_password_again kind="password" autocomplete="new-password" maxlength=1024 feedback/>
    }
}

/// After sign-in, the failed attempts since the last one (someone may be trying the
/// account): on the home and the account page, whichever the member opens first.
pub fn failures_notice(failures: i64) -> impl IntoView {
    let t = id_text();
    (failures > 0).then(|| view! {
        <div class="notice notice--warn" role="alert" data-failures=failures>
            <p>{format!("{}{}{}", t.failures_prefix, failures, t.failures_suffix)}</p>
            <p><a href="/account/password">{t.go_password}</a></p>
        </div>
    })
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    let next = query("next");
    let notice = move || {
        if query("reset").get().is_some() {
            Some(t.reset_done)
        } else if query("signed_out").get().is_some() {
            Some(t.signed_out)
        } else if query("next").get().is_some() {
            Some(t.sign_in_needed)
        } else {
            None
        }
    };
    let wait = move || {
        feedback.with(|f| match f.error {
            Some(AppError::TooManyAttempts { wait_seconds }) => {
                Some(format!("{} {}", t.wait_prefix, wait_text(wait_seconds, t)))
            }
            _ => None,
        })
    };
    view! {
        <Title text=t.login_title/>
        <h1>{t.login_title}</h1>
        {move || notice().map(|n| view! { <div class="notice notice--ok" role="status"><p>{n}</p></div> })}
        <FormError feedback/>
        {move || wait().map(|w| view! { <p class="notice notice--error">{w}</p> })}
        <super::passkeys::views::SignInPasskey who=super::passkeys::Who::Member next=next.get_untracked().unwrap_or_default()/>
        <form method="post" action=Login::url() class="form">
            <Field name="identifier" label=t.identifier hint=t.identifier_hint autocomplete="username" maxlength=64 feedback/>
            <Field name="password" label=t.password kind="password" autocomplete="current-password" maxlength=1024 feedback/>
            <Field name="code" label=t.totp_code hint=t.totp_or_recovery_hint inputmode="numeric" autocomplete="one-time-code" maxlength=64 feedback/>
            <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
            <button type="submit" class="button">{t.login_button}</button>
        </form>
        <ul class="link-list">
            <li><a href="/register">{t.go_register}</a></li>
            <li><a href="/reset">{t.go_reset}</a></li>
            <li><a href="/recover/second-factor">{t.go_recover_second_factor}</a></li>
        </ul>
    }
}

fn wait_text(seconds: i64, t: &IdText) -> String {
    if seconds >= 60 { format!("{}{}", (seconds + 59) / 60, t.minutes) } else { format!("{seconds}{}", t.seconds) }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    view! {
        <Title text=t.register_title/>
        <h1>{t.register_title}</h1>
        <p class="lead">{t.register_lead}</p>
        <ol class="steps">
            <li>{t.register_step1}</li>
            <li>{t.register_step2}</li>
            <li>{t.register_step3}</li>
        </ol>
        <FormError feedback/>
        <form method="post" action=RequestRegistration::url() class="form">
            <KeyFields feedback/>
            <Field name="birth_date" label=t.birth_date hint=t.birth_date_hint maxlength=40 autocomplete="bday" feedback/>
            <button type="submit" class="button">{t.register_button}</button>
        </form>
        <p><a href="/register/complete">{t.have_letter}</a></p>
    }
}

#[component]
pub fn LetterSentPage(#[prop(optional)] reset: bool) -> impl IntoView {
    let t = id_text();
    let (title, next_href) =
        if reset { (t.reset_sent_title, "/reset/complete") } else { (t.register_sent_title, "/register/complete") };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <div class="notice notice--ok" role="status"><p>{t.letter_sent_body}</p></div>
        <p>{t.letter_sent_detail}</p>
        <p><a class="button" href=next_href>{t.have_letter}</a></p>
    }
}

#[component]
pub fn ResetSentPage() -> impl IntoView {
    view! { <LetterSentPage reset=true/> }
}

#[component]
pub fn RegisterCompletePage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    view! {
        <Title text=t.complete_title/>
        <h1>{t.complete_title}</h1>
        <p class="lead">{t.complete_lead}</p>
        <FormError feedback/>
        <form method="post" action=CompleteRegistration::url() class="form">
            <KeyFields feedback/>
            <Field name="code" label=t.letter_code hint=t.letter_code_hint autocomplete="off" maxlength=64 feedback/>
            <PasswordFields feedback t/>
            <button type="submit" class="button">{t.next_button}</button>
        </form>
    }
}

/// Second-factor enrolment, for members and staff (the staff area passes its own
/// confirmation endpoint, `action`).
#[component]
pub fn EnrolPage(
    #[prop(default = "member")] kind: &'static str,
    #[prop(optional)] action: Option<&'static str>,
) -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    let data = page_data::load(move || kind, |k| load_enrolment(k.to_string()));
    let action = action.unwrap_or_else(ConfirmSecondFactor::url);
    let here = if kind == "staff" { "/staff/setup/second-factor" } else { "/account/second-factor" };
    let passkey_who = if kind == "staff" { super::passkeys::Who::Staff } else { super::passkeys::Who::Member };
    view! {
        <Title text=t.enrol_title/>
        <h1>{t.enrol_title}</h1>
        <p class="lead">{t.enrol_lead}</p>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, here),
                Ok(v) => view! {
                    // The passkey first, where the browser has one (the island shows itself).
                    <super::passkeys::views::EnrolPasskey who=passkey_who/>
                    <ol class="steps">
                        <li>{t.enrol_step1}</li>
                        <li>
                            // One phone both shows the page and holds the app: a tap, not a scan.
                            <p>{t.enrol_same_phone}</p>
                            <p><a class="button" href=v.uri.clone() data-otpauth="">{t.enrol_add_button}</a></p>
                            <p>{t.enrol_step2}</p>
                            <div class="qr" role="img" aria-label=t.qr_label inner_html=v.qr_svg></div>
                            <p>{t.enrol_manual}</p>
                            <p><code class="secret" data-totp-secret=v.secret.clone()>{v.secret.clone()}</code></p>
                        </li>
                        <li>{t.enrol_step3}</li>
                    </ol>
                    <FormError feedback/>
                    <form method="post" action=action class="form">
                        <Field name="code" label=t.totp_code hint=t.totp_hint inputmode="numeric" autocomplete="one-time-code" maxlength=16 feedback/>
                        <button type="submit" class="button">{t.enrol_button}</button>
                    </form>
                }.into_any(),
            }
        })}
    }
}

#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    let codes = page_data::load(|| (), |_| recovery_codes_once());
    view! {
        <Title text=t.recovery_title/>
        <h1>{t.recovery_title}</h1>
        {Suspend::new(async move {
            match codes.await {
                Err(e) => page_error(e, "/account/recovery-codes"),
                Ok(codes) if codes.is_empty() => view! {
                    <p>{t.recovery_already_shown}</p>
                    <p><a class="button" href="/account/email">{t.go_email}</a></p>
                    <p><a href="/account">{t.go_account}</a></p>
                }.into_any(),
                // The way on is the 「保管しました」 check: the codes leave the page only then.
                Ok(codes) => view! {
                    <div class="notice notice--warn" role="status"><p>{t.recovery_once}</p></div>
                    <ul class="recovery-codes" data-recovery-codes="">
                        {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                    <p>{t.recovery_use}</p>
                    <crate::platform::print::PrintButton label=t.recovery_print.to_string()/>
                    <FormError feedback/>
                    <form method="post" action=RecoveryCodesStored::url() class="form no-print">
                        {kit::page::problem_view(feedback, "stored")}
                        <label class="choice__item" for="f-stored">
                            <input type="checkbox" id="f-stored" name="stored" value="1" required=true aria-describedby="f-stored-error"/>
                            <span>{t.recovery_stored_label}</span>
                        </label>
                        <button type="submit" class="button">{t.recovery_stored_button}</button>
                    </form>
                }.into_any(),
            }
        })}
    }
}

/// `/account/password`: a password change (after a recent sign-in).
#[component]
pub fn PasswordChangePage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    view! {
        <Title text=t.password_change_title/>
        <h1>{t.password_change_title}</h1>
        <p class="lead">{t.password_change_lead}</p>
        <FormError feedback/>
        <form method="post" action=ChangePassword::url() class="form">
            <Field name="current_password" label=t.current_password kind="password" autocomplete="current-password" maxlength=1024 feedback/>
            <PasswordFields feedback t/>
            <button type="submit" class="button">{t.password_change_button}</button>
        </form>
        <p><a href="/account">{t.go_account}</a></p>
    }
}

pub(crate) fn relationship_label(code: &str, t: &IdText) -> &'static str {
    match code {
        "insured" => t.rel_insured,
        "spouse" => t.rel_spouse,
        "child" => t.rel_child,
        "parent" => t.rel_parent,
        _ => t.rel_other,
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = id_text();
    let data = page_data::load(|| (), |_| load_account_overview());
    let recovery_used = query("recovery");
    let done = move || {
        if query("password_changed").get().is_some() {
            Some(t.password_changed)
        } else if query("codes_stored").get().is_some() {
            Some(t.recovery_stored_done)
        } else {
            None
        }
    };
    let feedback = use_feedback();
    view! {
        <Title text=t.account_title/>
        <h1>{t.account_title}</h1>
        {move || done().map(|n| view! { <div class="notice notice--ok" role="status"><p>{n}</p></div> })}
        {move || recovery_used.get().map(|_| view! {
            <div class="notice notice--warn" role="status"><p>{t.recovery_used_notice}</p></div>
        })}
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/account"),
                Ok(a) => view! {
                    {failures_notice(a.failures_since_last)}
                    <section class="card" aria-labelledby="me">
                        <h2 id="me">{t.you_heading}</h2>
                        <dl class="facts">
                            <div><dt>{t.name}</dt><dd data-member-name="" lang="ja">{a.name.clone()}</dd></div>
                            <div><dt>{t.key_legend}</dt><dd>{a.key.clone()}</dd></div>
                            <div><dt>{t.email}</dt><dd>{match (&a.email, a.email_verified) {
                                (Some(e), true) => format!("{e}（{}）", t.verified),
                                _ => t.no_email.to_string(),
                            }}</dd></div>
                            <div><dt>{t.login_id}</dt><dd data-login-id="">{a.login_id.clone().unwrap_or_else(|| t.no_email.to_string())}</dd></div>
                            <div><dt>{t.recovery_left}</dt><dd>{a.recovery_codes_left}</dd></div>
                        </dl>
                        {a.former_member_since.clone().map(|d| view! { <p class="notice">{format!("{}{d}{}", t.former_prefix, t.former_suffix)}</p> })}
                    </section>
                    {(!a.household.is_empty()).then(|| view! {
                        <section class="card" aria-labelledby="household">
                            <h2 id="household">{t.household_heading}</h2>
                            <ul class="household">
                                {a.household.iter().map(|p| {
                                    let rule = match p.access.as_str() {
                                        "legal_representative" => format!("{}{}{}", t.minor_rule, p.adult_from.clone().unwrap_or_default(), t.minor_rule_suffix),
                                        _ => t.adult_rule.to_string(),
                                    };
                                    view! {
                                        <li data-access=p.access.clone()>
                                            <strong lang="ja">{p.name.clone()}</strong>" （"{relationship_label(&p.relationship, t)}"）"
                                            <p>{rule}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                }.into_any(),
            }
        })}
        <section class="card" aria-labelledby="security">
            <h2 id="security">{t.security_heading}</h2>
            <ul class="link-list">
                <li><a href="/account/password">{t.go_password}</a></li>
                <li><a href="/account/passkeys">{super::passkeys::texts::pk_text().go_passkeys}</a></li>
                <li><a href="/account/sessions">{t.go_sessions}</a></li>
                <li><a href="/account/email">{t.go_email}</a></li>
                <li><a href="/account/access-history">{t.go_access_history}</a></li>
            </ul>
            <FormError feedback/>
            <form method="post" action=SetLoginId::url() class="form">
                <Field name="login_id" label=t.login_id hint=t.login_id_hint maxlength=32 autocomplete="username" feedback/>
                <button type="submit" class="button button--secondary">{t.login_id_button}</button>
            </form>
            <form method="post" action=RegenerateRecoveryCodes::url()>
                <p class="field__hint">{t.step_up_note}</p>
                <button type="submit" class="button button--secondary">{t.regenerate_codes}</button>
            </form>
        </section>
    }
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let t = id_text();
    let data = page_data::load(|| (), |_| my_sessions());
    let feedback = use_feedback();
    view! {
        <Title text=t.sessions_title/>
        <h1>{t.sessions_title}</h1>
        <p class="lead">{t.sessions_lead}</p>
        <FormError feedback/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/account/sessions"),
                Ok(lines) => view! {
                    <ul class="sessions">
                        {lines.into_iter().map(|s| view! {
                            <li class="card" data-session-id=s.id>
                                <p><strong>{s.device.clone()}</strong>{s.current.then_some(t.this_device)}</p>
                                <p class="muted">{format!("{}: {} / {}: {} / IP: {}", t.started, s.started, t.last_seen, s.last_seen, s.ip)}</p>
                                {(!s.current).then(|| view! {
                                    <form method="post" action=RevokeSession::url()>
                                        <input type="hidden" name="id" value=s.id/>
                                        <button type="submit" class="button button--secondary">{t.revoke}</button>
                                    </form>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }
        })}
        <p><a href="/account">{t.go_account}</a></p>
    }
}

#[component]
pub fn EmailPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    let sent = query("sent");
    view! {
        <Title text=t.email_title/>
        <h1>{t.email_title}</h1>
        <p class="lead">{t.email_lead}</p>
        {move || sent.get().map(|_| view! { <div class="notice notice--ok" role="status"><p>{t.email_sent}</p></div> })}
        <FormError feedback/>
        <form method="post" action=StartEmail::url() class="form">
            <Field name="email" label=t.email kind="email" autocomplete="email" maxlength=254 feedback/>
            <button type="submit" class="button">{t.email_button}</button>
        </form>
        <p><a href="/account">{t.go_account}</a></p>
    }
}

#[component]
pub fn EmailVerifyPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    let token = query("token");
    view! {
        <Title text=t.email_verify_title/>
        <h1>{t.email_verify_title}</h1>
        <FormError feedback/>
        {move || feedback.with(|f| f.field("token")).map(|_| view! { <p class="field__error">{t.link_invalid}</p> })}
        <p>{t.email_verify_lead}</p>
        <form method="post" action=VerifyEmail::url() class="form">
            <input type="hidden" name="token" value=move || token.get().unwrap_or_default()/>
            <button type="submit" class="button">{t.email_verify_button}</button>
        </form>
    }
}

#[component]
pub fn EmailVerifiedPage() -> impl IntoView {
    let t = id_text();
    view! {
        <Title text=t.email_verify_title/>
        <h1>{t.email_verify_title}</h1>
        <div class="notice notice--ok" role="status"><p>{t.email_verified}</p></div>
        <p><a href="/account">{t.go_account}</a></p>
    }
}

/// Step-up: confirm password and code again before a protected action.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    let next = query("next");
    view! {
        <Title text=t.confirm_title/>
        <h1>{t.confirm_title}</h1>
        <p class="lead">{t.confirm_lead}</p>
        <super::passkeys::views::ConfirmPasskey next=next.get_untracked().unwrap_or_default()/>
        <FormError feedback/>
        <form method="post" action=ConfirmIdentity::url() class="form">
            <Field name="password" label=t.password kind="password" autocomplete="current-password" maxlength=1024 feedback/>
            <Field name="code" label=t.totp_code hint=t.totp_or_recovery_hint inputmode="numeric" autocomplete="one-time-code" maxlength=64 feedback/>
            <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
            <button type="submit" class="button">{t.confirm_button}</button>
        </form>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    view! {
        <Title text=t.reset_title/>
        <h1>{t.reset_title}</h1>
        <p class="lead">{t.reset_lead}</p>
        <FormError feedback/>
        <form method="post" action=RequestPasswordReset::url() class="form">
            <KeyFields feedback/>
            <Field name="birth_date" label=t.birth_date hint=t.birth_date_hint maxlength=40 autocomplete="bday" feedback/>
            <button type="submit" class="button">{t.reset_button}</button>
        </form>
        <p><a href="/reset/complete">{t.have_letter}</a></p>
    }
}

#[component]
pub fn ResetCompletePage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    view! {
        <Title text=t.reset_complete_title/>
        <h1>{t.reset_complete_title}</h1>
        <FormError feedback/>
        <form method="post" action=CompletePasswordReset::url() class="form">
            <KeyFields feedback/>
            <Field name="code" label=t.letter_code hint=t.letter_code_hint autocomplete="off" maxlength=64 feedback/>
            <PasswordFields feedback t/>
            <Field name="second_factor" label=t.totp_code hint=t.totp_or_recovery_hint inputmode="numeric" autocomplete="one-time-code" maxlength=64 feedback/>
            <button type="submit" class="button">{t.reset_complete_button}</button>
        </form>
    }
}

#[component]
pub fn RecoverSecondFactorPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    view! {
        <Title text=t.recover_title/>
        <h1>{t.recover_title}</h1>
        <p class="lead">{t.recover_lead}</p>
        <FormError feedback/>
        <form method="post" action=RestartSecondFactor::url() class="form">
            <KeyFields feedback/>
            <Field name="code" label=t.letter_code hint=t.letter_code_hint autocomplete="off" maxlength=64 feedback/>
            <Field name="password" label=t.password kind="password" autocomplete="current-password" maxlength=1024 feedback/>
            <button type="submit" class="button">{t.next_button}</button>
        </form>
    }
}

/// The sign-out button in the header (a form post: no JavaScript needed).
#[component]
pub fn LogoutButton() -> impl IntoView {
    let t = id_text();
    view! {
        <form method="post" action=Logout::url() class="logout">
            <button type="submit" class="button button--secondary">{t.logout}</button>
        </form>
    }
}
