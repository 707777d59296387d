//! Forms that work without JavaScript.
//!
//! Every form is a plain `<form method="post">` to a server function. The server function
//! ends with [`respond`]: on success the browser is sent on to the next page; on failure
//! it is sent back to the form, and the page shows each problem next to its field and
//! each value as it was typed (secrets excepted). The feedback and the values are kept on
//! the server for that next page only ([`crate::flash`]); the URL carries an opaque token
//! and no value. Clients that are not browsers (JSON) get the error itself with its HTTP
//! status.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::input::DateError;
use crate::texts::{IdText, id_text};

/// What is wrong with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong,
    /// Only digits (and the like) are accepted here.
    Digits,
    Date(DateErrorKind),
    Password(PasswordProblem),
    /// The two passwords differ.
    Mismatch,
    /// The code from the letter is wrong, used, superseded or expired (one answer for all,
    /// so a guesser learns nothing).
    CodeInvalid,
    /// The 6-digit code from the authenticator app is wrong or was already used.
    TotpInvalid,
    Email,
    /// The login id is taken or malformed.
    LoginIdUnavailable,
    /// Too many login ids refused today: no more are checked until tomorrow.
    LoginIdTries,
    StaffNumber,
    Role,
    /// Not one of the choices offered.
    Choice,
    /// At least one thing must be chosen.
    NothingChosen,
    /// No line of a list was ticked (a step on several at once).
    NonePicked,
    /// A request was sent without its confirmation step.
    ConfirmFirst,
    /// The answers changed after the member confirmed them (another tab, an edited page).
    ChangedSinceConfirmed,
    /// The published fee is not the one the member confirmed.
    FeeChanged,
    /// Not a month (e.g. 2025-04).
    Month,
    /// The period ends before it starts.
    PeriodOrder,
    /// The period reaches into the future.
    FutureMonth,
    /// The legal ground does not fit the measure asked for.
    GroundMismatch,
    /// The requested value is what is already held.
    Unchanged,
    /// The document this capacity needs is missing.
    FileMissing,
    File(FileProblem),
    /// Too many files in one post.
    TooManyFiles,
    /// 36条: a decision that refuses or differs from the request needs a reason.
    ReasonRequired,
    /// Four eyes: the person who decided cannot approve.
    OwnDecision,
    /// Not a page number.
    Page,
    /// A paper request's arrival date is in the future or too long ago to be a typo-free entry.
    ArrivalDate,
    /// The 記号・番号 and 生年月日 do not match one person in the registry.
    NotInRegistry,
    /// A 法定代理人 acts only for a minor (under 18 on the day the request arrived).
    NotAMinor,
    /// 委託 and 共同利用 are not third-party provision (27条5項): not for the ledger.
    NotThirdParty,
    /// A law requires the portal to keep this data: a 消去 (or 利用停止) cannot be carried out.
    KeptByLaw,
    /// The measure does not apply to this kind of data.
    ScopeNotForMeasure,
    /// A decided 第三者提供の停止 names this recipient (35条3項): only a provision the law
    /// requires or permits may still be recorded.
    ProvisionStopped,
    /// The date is in the future.
    FutureDate,
    /// A year of 医療費のお知らせ outside this year and the five before.
    YearOutOfRange,
    /// Lines of a person this member may not see (an adult without consent, or opted out).
    NotShared,
    /// Another entry of the list already has this name.
    Duplicate,
    /// The last entry of a list the publication needs cannot be removed.
    LastItem,
    /// A new version cannot take effect before today.
    PastEffectiveDate,
    /// 27条6項: a joint use's change must be published before it takes effect.
    AdvancePublication,
    /// More than two years ahead: almost certainly a typo.
    FarEffectiveDate,
    /// Four eyes: whoever edited the draft cannot approve it.
    OwnDraft,
    /// Another draft is open (one at a time).
    DraftExists,
    /// A disclosing decision needs the package assembled first.
    PackageMissing,
    /// 一部開示 with nothing left out of the package.
    NothingWithheld,
    /// 全部開示 while the package leaves something out.
    SomethingWithheld,
    /// A corrected value that is not a valid value of the item (e.g. a date, 男性・女性).
    CorrectionValue,
    /// 削除 asked of an item the registry must hold (氏名, 住所 …): only a correction fits.
    DeleteHeldItem,
    /// The person turned 18 since a minor's representative asked: only a 却下 can end it.
    RepresentationEnded,
    /// 33条1項: the publication would offer no 電磁的記録, and says not why.
    NoElectronicMethod,
    /// The portal's download goes to the 本人's own account: not for an agent's paper request.
    DownloadForOwnAccount,
    /// Whoever receives the result has no portal account to download it with.
    NoAccountForDownload,
    /// By phone, without a name or without identity checked: complaints only.
    ComplaintOnly,
    /// Someone whose identity was not checked is not tied to a member's data.
    UncheckedRegistry,
    /// The current password, typed to change it, is wrong.
    CurrentPassword,
    /// A fee is published and no way to pay it (38条).
    NoPaymentMethod,
    /// A payment or waiver recorded on a request that carries no fee.
    NoFee,
    /// A payment whose amount is not the fee asked.
    FeeAmount,
    /// A decision that delivers data before the fee is paid or waived.
    FeeUnpaid,
    /// The fee is already recorded as paid or waived.
    FeeSettled,
    /// A date before the request was received.
    BeforeReceipt,
    /// A レセプト 開示: no 医療機関 was asked yet (照会).
    NoInquiry,
    /// A レセプト 開示: a 医療機関 has not answered yet.
    InquiryPending,
    /// A レセプト 開示 that delivers needs the レセプト copies from the core system.
    ReceiptCopyMissing,
    /// A 医療機関 answered 支障あり: that part is withheld (一部開示 or 不開示).
    ObjectionWithheld,
    /// A 医療機関 answered 支障あり: the ground is 33条2項1号.
    ObjectionGround,
    /// Every 医療機関 answered 支障なし: 33条2項1号 cannot be cited for the レセプト.
    NoObjectionGround,
    /// The request does not ask for レセプト: no 照会 belongs to it.
    NoReceiptsAsked,
    /// The 照会 was answered already: an answer is recorded once.
    AlreadyAnswered,
    /// The レセプト of a 医療機関 that answered 支障あり cannot go into the package.
    ObjectionNoCopy,
    /// A deceased member's 遺族 ask through a separate procedure, not as a request.
    Bereaved,
    /// A 文例 names a placeholder that does not exist.
    UnknownPlaceholder,
    /// A 文例 opens a placeholder with `{` and does not close it.
    UnclosedPlaceholder,
    /// A list that holds only so many entries is full.
    ListFull,
    /// 再交付: whoever prepared the re-issue cannot approve it.
    OwnReissue,
    /// 再交付: one is already prepared and waits for approval.
    ReissuePending,
}

/// Why a password is refused; each has a message the member sees next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// On the list of common and breached passwords.
    Common,
    /// Contains the member's 記号・番号, birth date or login id: easy for others to know.
    ContainsPersonalInfo,
    /// One character repeated.
    Repetitive,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileProblem {
    Empty,
    TooLarge,
    NotAllowedType,
    Damaged,
    ActiveContent,
}

/// [`DateError`] as it travels in a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateErrorKind {
    Empty,
    Format,
    NoSuchDate,
}

impl From<DateError> for DateErrorKind {
    fn from(e: DateError) -> Self {
        match e {
            DateError::Empty => DateErrorKind::Empty,
            DateError::Format => DateErrorKind::Format,
            DateError::NoSuchDate => DateErrorKind::NoSuchDate,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> Self {
        FieldError { field: field.to_string(), problem }
    }
}

/// What a form page is told after a failed post.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<AppError>,
    /// What was typed in the failed post, secrets removed ([`crate::flash::keep`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(String, String)>,
    /// Whether this feedback follows a post whose fields were read: then its values, not
    /// the page's defaults, say what is chosen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub posted: bool,
}

impl Feedback {
    pub fn from_error(e: AppError) -> Self {
        match e {
            AppError::Invalid(fields) | AppError::BadQuery(fields) => Feedback { fields, ..Feedback::default() },
            other => Feedback { error: Some(other), ..Feedback::default() },
        }
    }

    pub fn field(&self, name: &str) -> Option<Problem> {
        self.fields.iter().find(|f| f.field == name).map(|f| f.problem)
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.error.is_none()
    }

    /// The first value typed in `name`, if it was kept.
    pub fn value(&self, name: &str) -> Option<String> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    /// The typed value of `name`, or the page's own value when there was none.
    pub fn value_or(&self, name: &str, default: impl Into<String>) -> String {
        self.value(name).unwrap_or_else(|| default.into())
    }

    /// Every value typed in `name` (checkboxes of one name).
    pub fn values_of(&self, name: &str) -> Vec<String> {
        self.values.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect()
    }

    /// Whether the checkbox or radio `name`=`value` was ticked in the failed post.
    pub fn checked(&self, name: &str, value: &str) -> bool {
        self.values.iter().any(|(n, v)| n == name && v == value)
    }

    /// Ticked as in the failed post, or as the page would have it when there was none.
    pub fn checked_or(&self, name: &str, value: &str, default: bool) -> bool {
        if self.posted { self.checked(name, value) } else { default }
    }

    /// Whether the option `value` of the select `name` was chosen in the failed post.
    pub fn selected(&self, name: &str, value: &str) -> bool {
        self.checked(name, value)
    }

    /// Chosen as in the failed post, or as the page would have it when there was none.
    pub fn selected_or(&self, name: &str, value: &str, default: bool) -> bool {
        if self.posted && self.value(name).is_some() { self.checked(name, value) } else { default }
    }
}

/// Collects field problems; `finish` fails with all of them at once.
#[derive(Default)]
pub struct Check {
    fields: Vec<FieldError>,
}

impl Check {
    pub fn fail(&mut self, field: &str, problem: Problem) {
        if !self.fields.iter().any(|f| f.field == field) {
            self.fields.push(FieldError::new(field, problem));
        }
    }

    /// A required text field of at most `max` characters, normalised (NFKC, spaces).
    pub fn text(&mut self, field: &str, raw: &str, max: usize) -> String {
        let value = crate::input::normalize(raw);
        if value.is_empty() {
            self.fail(field, Problem::Required);
        } else if value.chars().count() > max {
            self.fail(field, Problem::TooLong);
        }
        value
    }

    /// A text field that may be left empty, of at most `max` characters, normalised.
    pub fn optional_text(&mut self, field: &str, raw: &str, max: usize) -> String {
        let value = crate::input::normalize(raw);
        if value.chars().count() > max {
            self.fail(field, Problem::TooLong);
        }
        value
    }

    /// A required code of ASCII digits of at most `max` characters (full-width accepted).
    pub fn digits(&mut self, field: &str, raw: &str, max: usize) -> String {
        let value = crate::input::normalize_code(raw);
        if value.is_empty() {
            self.fail(field, Problem::Required);
        } else if value.chars().count() > max {
            self.fail(field, Problem::TooLong);
        } else if !value.chars().all(|c| c.is_ascii_digit()) {
            self.fail(field, Problem::Digits);
        }
        value
    }

    pub fn date(&mut self, field: &str, raw: &str) -> Option<chrono::NaiveDate> {
        if raw.chars().count() > 40 {
            self.fail(field, Problem::TooLong);
            return None;
        }
        match crate::input::parse_date(raw) {
            Ok(d) => Some(d),
            Err(DateError::Empty) => {
                self.fail(field, Problem::Required);
                None
            }
            Err(e) => {
                self.fail(field, Problem::Date(e.into()));
                None
            }
        }
    }

    pub fn ok(&self) -> bool {
        self.fields.is_empty()
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.fields.is_empty() { Ok(()) } else { Err(AppError::Invalid(self.fields)) }
    }
}

/// Ends a form post. On success the browser goes to `next`. On failure a browser goes
/// back to `form_path` with the feedback and what may be kept of what was typed (or to
/// sign-in when the session is missing); other clients get the error.
#[cfg(feature = "ssr")]
pub fn respond(result: Result<String, AppError>, form_path: &str) -> Result<(), AppError> {
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    let is_browser_form = parts.as_ref().is_some_and(|p| {
        p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
    });
    match result {
        Ok(next) => {
            leptos_axum::redirect(&next);
            Ok(())
        }
        Err(e) if is_browser_form => {
            let target = match &e {
                AppError::Unauthorized if form_path.starts_with("/staff") => "/staff/login".to_string(),
                AppError::Unauthorized => format!("/login?next={}", urlencoding::encode(form_path)),
                AppError::StepUpRequired => format!("/account/confirm?next={}", urlencoding::encode(form_path)),
                _ => {
                    let mut feedback = Feedback::from_error(e.clone());
                    let typed = parts.as_ref().and_then(|p| p.extensions.get::<crate::flash::Typed>());
                    if let Some(typed) = typed {
                        feedback.values = crate::flash::keep(&typed.0, &feedback, form_path);
                        feedback.posted = true;
                    }
                    let token = parts.as_ref().and_then(|p| p.extensions.get::<crate::flash::FlashStore>()).and_then(
                        |store| {
                            let browser = crate::flash::FlashStore::new_browser_id();
                            let token = store.put(feedback, &browser)?;
                            let cookie = http::HeaderValue::from_str(&store.cookie(&browser)).ok()?;
                            leptos::prelude::use_context::<leptos_axum::ResponseOptions>()?
                                .append_header(http::header::SET_COOKIE, cookie);
                            Some(token)
                        },
                    );
                    // The token goes in the query, before any `#fragment` of the form.
                    let (path, fragment) = form_path.split_once('#').map_or((form_path, ""), |(p, f)| (p, f));
                    let sep = if path.contains('?') { '&' } else { '?' };
                    let hash = if fragment.is_empty() { String::new() } else { format!("#{fragment}") };
                    match token {
                        Some(token) => format!("{path}{sep}e={token}{hash}"),
                        None => format!("{path}{hash}"),
                    }
                }
            };
            leptos_axum::redirect(&target);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// The feedback of the current page: what the server kept of a failed post for this
/// browser (taken by the server before the page renders). Empty in the browser: the
/// forms are rendered on the server only.
pub fn use_feedback() -> Signal<Feedback> {
    #[cfg(feature = "ssr")]
    let kept = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<crate::flash::Kept>().cloned())
        .map(|k| k.0)
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let kept = Feedback::default();
    Signal::stored(kept)
}

/// The localised message for a field problem.
pub fn problem_message(problem: Problem, t: &IdText) -> &'static str {
    match problem {
        Problem::Required => t.p_required,
        Problem::TooLong => t.p_too_long,
        Problem::Digits => t.p_digits,
        Problem::Date(DateErrorKind::Empty) => t.p_required,
        Problem::Date(DateErrorKind::Format) => t.p_date_format,
        Problem::Date(DateErrorKind::NoSuchDate) => t.p_no_such_date,
        Problem::Password(PasswordProblem::TooShort) => t.p_password_short,
        Problem::Password(PasswordProblem::TooLong) => t.p_password_long,
        Problem::Password(PasswordProblem::Common) => t.p_password_common,
        Problem::Password(PasswordProblem::ContainsPersonalInfo) => t.p_password_personal,
        Problem::Password(PasswordProblem::Repetitive) => t.p_password_repetitive,
        Problem::Mismatch => t.p_mismatch,
        Problem::CodeInvalid => t.p_code_invalid,
        Problem::TotpInvalid => t.p_totp_invalid,
        Problem::Email => t.p_email,
        Problem::LoginIdUnavailable => t.p_login_id,
        Problem::LoginIdTries => t.p_login_id_tries,
        Problem::StaffNumber => t.p_staff_number,
        Problem::Role => t.p_role,
        Problem::Choice => t.p_choice,
        Problem::NothingChosen => t.p_nothing_chosen,
        Problem::NonePicked => t.p_none_picked,
        Problem::ConfirmFirst => t.p_confirm_first,
        Problem::ChangedSinceConfirmed => t.p_changed_since_confirmed,
        Problem::FeeChanged => t.p_fee_changed,
        Problem::Month => t.p_month,
        Problem::PeriodOrder => t.p_period_order,
        Problem::FutureMonth => t.p_future_month,
        Problem::GroundMismatch => t.p_ground_mismatch,
        Problem::Unchanged => t.p_unchanged,
        Problem::FileMissing => t.p_file_missing,
        Problem::File(FileProblem::Empty) => t.p_file_empty,
        Problem::File(FileProblem::TooLarge) => t.p_file_too_large,
        Problem::File(FileProblem::NotAllowedType) => t.p_file_type,
        Problem::File(FileProblem::Damaged) => t.p_file_damaged,
        Problem::File(FileProblem::ActiveContent) => t.p_file_active,
        Problem::TooManyFiles => t.p_too_many_files,
        Problem::ReasonRequired => t.p_reason_required,
        Problem::OwnDecision => t.p_own_decision,
        Problem::Page => t.p_page,
        Problem::ArrivalDate => t.p_arrival_date,
        Problem::NotInRegistry => t.p_not_in_registry,
        Problem::NotAMinor => t.p_not_a_minor,
        Problem::NotThirdParty => t.p_not_third_party,
        Problem::KeptByLaw => t.p_kept_by_law,
        Problem::ScopeNotForMeasure => t.p_scope_not_for_measure,
        Problem::ProvisionStopped => t.p_provision_stopped,
        Problem::FutureDate => t.p_future_date,
        Problem::YearOutOfRange => t.p_year_out_of_range,
        Problem::NotShared => t.p_not_shared,
        Problem::Duplicate => t.p_duplicate,
        Problem::UnknownPlaceholder => t.p_unknown_placeholder,
        Problem::UnclosedPlaceholder => t.p_unclosed_placeholder,
        Problem::ListFull => t.p_list_full,
        Problem::LastItem => t.p_last_item,
        Problem::PastEffectiveDate => t.p_past_effective_date,
        Problem::AdvancePublication => t.p_advance_publication,
        Problem::FarEffectiveDate => t.p_far_effective_date,
        Problem::OwnDraft => t.p_own_draft,
        Problem::DraftExists => t.p_draft_exists,
        Problem::PackageMissing => t.p_package_missing,
        Problem::NothingWithheld => t.p_nothing_withheld,
        Problem::SomethingWithheld => t.p_something_withheld,
        Problem::CorrectionValue => t.p_correction_value,
        Problem::DeleteHeldItem => t.p_delete_held_item,
        Problem::RepresentationEnded => t.p_representation_ended,
        Problem::NoElectronicMethod => t.p_no_electronic_method,
        Problem::DownloadForOwnAccount => t.p_download_for_own_account,
        Problem::NoAccountForDownload => t.p_no_account_for_download,
        Problem::ComplaintOnly => t.p_complaint_only,
        Problem::UncheckedRegistry => t.p_unchecked_registry,
        Problem::CurrentPassword => t.p_current_password,
        Problem::NoPaymentMethod => t.p_no_payment_method,
        Problem::NoFee => t.p_no_fee,
        Problem::FeeAmount => t.p_fee_amount,
        Problem::FeeUnpaid => t.p_fee_unpaid,
        Problem::FeeSettled => t.p_fee_settled,
        Problem::BeforeReceipt => t.p_before_receipt,
        Problem::NoInquiry => t.p_no_inquiry,
        Problem::InquiryPending => t.p_inquiry_pending,
        Problem::ReceiptCopyMissing => t.p_receipt_copy_missing,
        Problem::ObjectionWithheld => t.p_objection_withheld,
        Problem::ObjectionGround => t.p_objection_ground,
        Problem::NoObjectionGround => t.p_no_objection_ground,
        Problem::NoReceiptsAsked => t.p_no_receipts_asked,
        Problem::AlreadyAnswered => t.p_already_answered,
        Problem::ObjectionNoCopy => t.p_objection_no_copy,
        Problem::Bereaved => t.p_bereaved,
        Problem::OwnReissue => t.p_own_reissue,
        Problem::ReissuePending => t.p_reissue_pending,
    }
}

/// A labelled input with its hint and its problem, wired for screen readers.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = 256)] maxlength: usize,
    #[prop(default = true)] required: bool,
    feedback: Signal<Feedback>,
) -> impl IntoView {
    let t = id_text();
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let problem = move || feedback.with(|f| f.field(name));
    // A password is never shown again, whatever was kept.
    let value = (kind != "password").then(|| feedback.with(|f| f.value(name))).flatten();
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || problem().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{h}</p> })}
            {move || problem().map(|p| view! {
                <p class="field__error" id=error_id.clone()>{problem_message(p, t)}</p>
            })}
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength.to_string()
                value=value
                required=required
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described
            />
        </div>
    }
}

/// The form-level message (a refusal that is not about one field).
#[component]
pub fn FormError(feedback: Signal<Feedback>) -> impl IntoView {
    let m = crate::i18n::t();
    let t = id_text();
    move || {
        feedback.with(|f| {
            let field_count = f.fields.len();
            f.error.clone().map(|e| e.message(m)).or_else(|| (field_count > 0).then_some(t.fix_fields)).map(|msg| {
                view! { <div class="notice notice--error" role="alert"><p>{msg}</p></div> }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_collect_every_problem_once() {
        let mut c = Check::default();
        assert_eq!(c.digits("number", "１２３", 8), "123");
        c.digits("symbol", "12a", 8);
        c.text("name", "   ", 10);
        c.date("birth", "平成32年1月1日");
        c.fail("symbol", Problem::Required);
        let Err(AppError::Invalid(fields)) = c.finish() else { panic!("expected field errors") };
        assert_eq!(
            fields,
            vec![
                FieldError::new("symbol", Problem::Digits),
                FieldError::new("name", Problem::Required),
                FieldError::new("birth", Problem::Date(DateErrorKind::NoSuchDate)),
            ]
        );
    }

    #[test]
    fn every_problem_has_a_message_in_both_languages() {
        use crate::texts::IdText;
        use crate::i18n::Lang;
        let all = [
            Problem::Required,
            Problem::TooLong,
            Problem::Digits,
            Problem::Date(DateErrorKind::Format),
            Problem::Date(DateErrorKind::NoSuchDate),
            Problem::Password(PasswordProblem::TooShort),
            Problem::Password(PasswordProblem::TooLong),
            Problem::Password(PasswordProblem::Common),
            Problem::Password(PasswordProblem::ContainsPersonalInfo),
            Problem::Password(PasswordProblem::Repetitive),
            Problem::Mismatch,
            Problem::CodeInvalid,
            Problem::TotpInvalid,
            Problem::Email,
            Problem::LoginIdUnavailable,
            Problem::LoginIdTries,
            Problem::StaffNumber,
            Problem::Role,
            Problem::ReasonRequired,
            Problem::OwnDecision,
            Problem::Page,
            Problem::GroundMismatch,
            Problem::ArrivalDate,
            Problem::NotInRegistry,
            Problem::NotAMinor,
            Problem::NotThirdParty,
            Problem::KeptByLaw,
            Problem::ScopeNotForMeasure,
            Problem::ProvisionStopped,
            Problem::FutureDate,
            Problem::YearOutOfRange,
            Problem::NotShared,
            Problem::NoInquiry,
            Problem::InquiryPending,
            Problem::ReceiptCopyMissing,
            Problem::ObjectionWithheld,
            Problem::ObjectionGround,
            Problem::NoObjectionGround,
            Problem::NoReceiptsAsked,
            Problem::AlreadyAnswered,
            Problem::ObjectionNoCopy,
            Problem::Bereaved,
            Problem::UnknownPlaceholder,
            Problem::UnclosedPlaceholder,
            Problem::ListFull,
            Problem::OwnReissue,
            Problem::ReissuePending,
        ];
        for p in all {
            assert!(!problem_message(p, IdText::of(Lang::Ja)).is_empty() && !problem_message(p, IdText::of(Lang::En)).is_empty());
        }
    }
}
