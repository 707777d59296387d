//! Staff pages: sign-in, setup, home, the letter outbox (printable letters) and the
//! access-rights review list.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::*;
use kit::page_data;
use kit::form::{Field, FormError, use_feedback};
use kit::texts::{IdText, id_text};
use kit::page::page_error;
use super::texts::staff_text;

#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    view! {
        <Title text=t.staff_login_title/>
        <h1>{t.staff_login_title}</h1>
        <p class="lead">{t.staff_login_lead}</p>
        <FormError feedback/>
        <crate::identity::passkeys::views::SignInPasskey who=crate::identity::passkeys::Who::Staff/>
        <form method="post" action=StaffLogin::url() class="form">
            <Field name="staff_number" label=t.staff_number autocomplete="username" maxlength=16 feedback/>
            <Field name="password" label=t.password kind="password" autocomplete="current-password" maxlength=1024 feedback/>
            <Field name="code" label=t.totp_code inputmode="numeric" autocomplete="one-time-code" maxlength=16 feedback/>
            <button type="submit" class="button">{t.login_button}</button>
        </form>
        <p><a href="/staff/setup">{t.staff_setup_link}</a></p>
    }
}

#[component]
pub fn StaffSetupPage() -> impl IntoView {
    let t = id_text();
    let feedback = use_feedback();
    view! {
        <Title text=t.staff_setup_title/>
        <h1>{t.staff_setup_title}</h1>
        <p class="lead">{t.staff_setup_lead}</p>
        <FormError feedback/>
        <form method="post" action=StaffSetup::url() class="form">
            <Field name="staff_number" label=t.staff_number autocomplete="username" maxlength=16 feedback/>
            <Field name="code" label=t.setup_code autocomplete="off" maxlength=64 feedback/>
            <Field name="password" label=t.new_password hint=t.password_hint kind="password" autocomplete="new-password" maxlength=1024 feedback/>
            <Field name="password_confirm" label=t.new_password_again kind="password" autocomplete="new-password" maxlength=1024 feedback/>
            <button type="submit" class="button">{t.next_button}</button>
        </form>
    }
}

#[component]
pub fn StaffEnrolPage() -> impl IntoView {
    view! { <crate::identity::views::EnrolPage kind="staff" action=super::ConfirmStaffSecondFactor::url()/> }
}

#[component]
pub fn StaffHomePage() -> impl IntoView {
    let t = id_text();
    let data = page_data::load(|| (), |_| load_staff_home());
    let st = staff_text();
    view! {
        <Title text=t.staff_home_title/>
        <h1>{t.staff_home_title}</h1>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff"),
                Ok(h) => {
                    let roles = h.roles.iter().map(|r| r.label(t.lang)).collect::<Vec<_>>().join("・");
                    let reviews = h.roles.iter().any(|r| REVIEW_ROLES.contains(r));
                    view! {
                        <p data-staff-area=""><span lang="ja">{h.name.clone()}</span>{format!("（{}）", h.staff_number)}</p>
                        <p>{format!("{}: {roles}", t.your_roles)}</p>
                        <ul class="link-list">
                            {h.roles.iter().any(|r| crate::requests::READ_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/requests">{st.menu_requests}</a></li>
                            })}
                            {h.roles.iter().any(|r| crate::requests::intake::INTAKE_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/intake">{st.menu_intake}</a></li>
                            })}
                            {h.roles.iter().any(|r| crate::delivery::corrections::CORRECTION_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/corrections">{st.menu_corrections}</a></li>
                            })}
                            {h.roles.iter().any(|r| crate::staff::reports::REPORT_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/reports">{st.menu_reports}</a></li>
                            })}
                            {h.letters_waiting.map(|n| view! {
                                <li><a href="/staff/letters">{format!("{}（{n}）", t.letters_title)}</a></li>
                            })}
                            {reviews.then(|| view! { <li><a href="/staff/access">{t.access_title}</a></li> })}
                            <li><a href="/staff/passkeys">{crate::identity::passkeys::texts::pk_text().go_passkeys}</a></li>
                            {h.roles.iter().any(|r| crate::ledger::READ_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/provisions">{st.menu_provisions}</a></li>
                            })}
                            {h.roles.iter().any(|r| crate::notices::pages::PAPER_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/notices">{st.menu_notice_consents}</a></li>
                            })}
                            {h.roles.iter().any(|r| crate::notices::pages::IMPORT_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/notices/import">{st.menu_notice_import}</a></li>
                            })}
                            {h.roles.iter().any(|r| crate::publication::drafts::EDIT_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/publication">{st.menu_publication}</a></li>
                            })}
                            {h.roles.iter().any(|r| crate::records::auditor::AUDIT_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/audit">{st.menu_audit}</a></li>
                            })}
                            {h.roles.iter().any(|r| members::HELP_ROLES.contains(r) || members::CLOSE_ROLES.contains(r)).then(|| view! {
                                <li><a href="/staff/members">{t.member_help_title}</a></li>
                            })}
                        </ul>
                    }.into_any()
                }
            }
        })}
    }
}

fn purpose_label(code: &str, t: &IdText) -> &'static str {
    match code {
        "registration" => t.letter_registration,
        "password_reset" => t.letter_password_reset,
        _ => t.letter_second_factor,
    }
}

#[component]
pub fn LettersPage() -> impl IntoView {
    let t = id_text();
    let data = page_data::load(|| (), |_| pending_letters());
    view! {
        <Title text=t.letters_title/>
        <h1>{t.letters_title}</h1>
        <p class="lead">{t.letters_lead}</p>
        <p class="field__hint">{t.print_letter_hint}</p>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/letters"),
                Ok(letters) if letters.is_empty() => view! { <p>{t.no_letters}</p> }.into_any(),
                Ok(letters) => view! {
                    <div class="table-wrap">
                        // On a phone each letter is a card, each value labelled.
                        <table class="table--stack">
                            <thead><tr><th>{t.col_letter}</th><th>{t.name}</th><th>{t.key_legend}</th><th>{t.col_created}</th><th>{t.col_printed}</th><th>{t.print_letter}</th></tr></thead>
                            <tbody>
                                {letters.into_iter().map(|l| view! {
                                    <tr data-letter-id=l.id data-letter-key=l.key.clone()>
                                        <td data-label=t.col_letter>{purpose_label(&l.purpose, t)}</td>
                                        <td data-label=t.name>{l.name.clone()}</td>
                                        <td data-label=t.key_legend>{l.key.clone()}</td>
                                        <td data-label=t.col_created>{l.created.clone()}</td>
                                        <td data-label=t.col_printed>{if l.printed { t.yes } else { t.no }}</td>
                                        <td>
                                            // Printing is recorded, so it is a POST; the printable page follows.
                                            <form method="post" action=PrintLetter::url()>
                                                <input type="hidden" name="id" value=l.id/>
                                                <button type="submit" class="button button--secondary" aria-label=format!("{}（{}）", t.print_letter, l.name)>{t.print_letter}</button>
                                            </form>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }
        })}
        <p><a href="/staff">{t.staff_home_title}</a></p>
    }
}

#[component]
pub fn AccessReviewPage() -> impl IntoView {
    let t = id_text();
    let data = page_data::load(|| (), |_| grant_review_list());
    let new_code = page_data::load(|| (), |_| admin::take_new_staff_code());
    let feedback = use_feedback();
    view! {
        <Title text=t.access_title/>
        <h1>{t.access_title}</h1>
        <p class="lead">{t.access_lead}</p>
        <FormError feedback/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/access"),
                Ok(register) => {
                    let (can_admin, today) = (register.can_admin, register.today.clone());
                    view! {
                    {can_admin.then(|| view! { <admin::AdminForms feedback code=new_code/> }.into_any())}
                    <div class="table-wrap">
                        <table>
                            <thead><tr>
                                <th>{t.staff_number}</th><th>{t.name}</th><th>{t.col_role}</th><th>{t.col_period}</th>
                                <th>{t.col_approved_by}</th><th>{t.col_reviewed}</th><th>{t.col_in_effect}</th><th></th>
                            </tr></thead>
                            <tbody>
                                {register.lines.into_iter().map(|g| view! {
                                    <tr data-grant-id=g.id data-in-effect=g.in_effect.to_string()>
                                        <td>{g.staff_number.clone()}</td>
                                        <td>{g.name.clone()}</td>
                                        <td>{g.role.label(t.lang)}</td>
                                        <td>{format!("{} 〜 {}", g.valid_from, g.valid_until.clone().unwrap_or_default())}</td>
                                        <td>{g.approved_by.clone()}</td>
                                        <td>{g.reviewed_at.clone().map(|d| format!("{d} ({})", g.reviewed_by.clone().unwrap_or_default())).unwrap_or_else(|| t.not_reviewed.to_string())}</td>
                                        <td>{if g.in_effect { t.yes } else { t.no }}</td>
                                        <td>
                                            {can_admin.then(|| view! {
                                                <form method="post" action=ReviewGrant::url()>
                                                    <input type="hidden" name="id" value=g.id/>
                                                    <button type="submit" class="button button--secondary">{t.mark_reviewed}</button>
                                                </form>
                                                {g.in_effect.then(|| view! { <admin::EndGrantForm id=g.id today=today.clone()/> })}
                                            }.into_any())}
                                        </td>
                                    </tr>
                                }.into_any()).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
                }
            }
        })}
        <p><a href="/staff">{t.staff_home_title}</a></p>
    }
}
