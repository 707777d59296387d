//! The member's request form in steps, on the server: which page to show, what a step's
//! post keeps, and the final post that sends only what was confirmed. Each step checks
//! the whole form with [`validate`] and keeps its answers only when its own part passes;
//! the final post re-checks everything and sends nothing that differs from the
//! confirmation (answers, subject, fee).

use super::drafts::{self, SavedAnswers};
use super::Upload;
use super::submission::record_forged_capacity;
use crate::platform::audit::RequestMeta;
use crate::platform::state::AppState;
use crate::requests::draft::steps::{self, Step};
use crate::requests::draft::{Draft, Fields, one, validate, Context};
use crate::requests::{Confirmed, FormSetup, RequestForm};
use kit::error::AppError;
use kit::form::{FieldError, Problem};
use kit::rights::RequestType;

/// Where a step is.
pub fn step_path(request_type: RequestType, step: Step) -> String {
    format!("/requests/new/{}?step={}", request_type.slug(), step.code())
}

/// The steps of this form: 「どなたの」 only when someone else can be chosen.
fn steps_of(setup: &FormSetup) -> Vec<Step> {
    use crate::requests::agency::Capacity;
    let others = setup.others_after_step_up || setup.subjects.iter().any(|s| s.capacities.iter().any(|c| *c != Capacity::Own));
    steps::steps(setup.request_type, others)
}

fn check(state: &AppState, setup: &FormSetup, answers: &Fields) -> Result<Draft, Vec<FieldError>> {
    let ctx = Context {
        category_ids: setup.categories.iter().map(|(id, _)| id.as_str()).collect(),
        method_ids: setup.methods.iter().map(|(id, _, _)| id.as_str()).collect(),
        subjects: &setup.subjects,
        today: state.clock.today_tokyo(),
    };
    validate(setup.request_type, answers, &ctx)
}

/// The page for `asked` (the first step when none or an unknown one is asked): an earlier
/// unfinished step is shown instead, with its problems, so the confirmation is reached
/// only with every step done.
pub async fn form_page(state: &AppState, member_id: i64, mut setup: FormSetup, asked: Option<&str>) -> Result<RequestForm, AppError> {
    let all = steps_of(&setup);
    let first = all.first().copied().unwrap_or(Step::What);
    let saved = drafts::load(state, member_id, setup.request_type).await?;
    let answers = saved.as_ref().map(|s| s.answers.clone()).unwrap_or_else(|| vec![("for".to_string(), "self".to_string())]);
    let asked = asked.and_then(Step::from_code).filter(|s| all.contains(s)).unwrap_or(first);
    // Nothing kept yet: any step but the confirmation can be opened (a link, a bookmark),
    // without problems to show; the confirmation needs answers, so the form begins.
    let Some(saved) = saved else {
        let step = if asked == Step::Confirm { first } else { asked };
        return Ok(RequestForm { setup, steps: all, step, answers, problems: Vec::new(), confirm: None });
    };
    setup.idempotency_key.clone_from(&saved.idempotency_key);
    let checked = check(state, &setup, &answers);
    let errors = checked.as_ref().err().cloned().unwrap_or_default();
    let step = steps::first_unfinished(setup.request_type, &all, &errors, asked).unwrap_or(asked);
    let problems = if step == asked { Vec::new() } else { steps::problems_of(setup.request_type, &errors, step) };
    let confirm = match (step, checked) {
        (Step::Confirm, Ok(draft)) => Some(confirmed(&setup, &saved, member_id, &draft)),
        _ => None,
    };
    Ok(RequestForm { setup, steps: all, step, answers, problems, confirm })
}

fn confirmed(setup: &FormSetup, saved: &SavedAnswers, member_id: i64, draft: &Draft) -> Confirmed {
    let subject = setup.subjects.iter().find(|s| s.member_id == draft.subject_member_id);
    let category_names = match &draft.details {
        crate::requests::draft::Details::PurposeNotice { categories, .. } | crate::requests::draft::Details::Disclosure { categories, .. } => {
            // In the publication's order, whatever order they were ticked in.
            setup.categories.iter().filter(|(id, _)| categories.contains(id)).map(|(_, n)| n.clone()).collect()
        }
        _ => Vec::new(),
    };
    Confirmed {
        subject_name: subject.map(|s| s.name.clone()).unwrap_or_default(),
        capacity: draft.capacity,
        deliver_to_subject: draft.deliver_to_subject,
        details: draft.details.clone(),
        category_names,
        method_name: draft.details.method().and_then(|m| setup.methods.iter().find(|(id, _, _)| id == m)).map(|(_, n, _)| n.clone()),
        documents: draft.capacity.required_documents(subject.is_some_and(|s| s.minor)),
        confirmation: drafts::confirmation(saved, member_id, setup.request_type, setup.fee_yen),
    }
}

/// A step's post: `go` = `next` keeps the step's answers if its part of the form passes
/// and leads to the next step; `back` keeps them as they are and leads to the previous
/// one; `restart` forgets everything. Returns where to go, or the problems and the step.
pub async fn post_step(state: &AppState, meta: &RequestMeta, member_id: i64, setup: &FormSetup, posted: &Fields) -> Result<String, (AppError, String)> {
    let request_type = setup.request_type;
    let all = steps_of(setup);
    let step = Step::from_code(one(posted, "step")).filter(|s| all.contains(s) && *s != Step::Confirm);
    let Some(step) = step else { return Err((AppError::BadRequest, step_path(request_type, Step::What))) };
    let here = step_path(request_type, step);
    let fail = |e: AppError| (e, here.clone());
    if one(posted, "go") == "restart" {
        drafts::discard(state, member_id, request_type).await.map_err(fail)?;
        return Ok(format!("/requests/new/{}", request_type.slug()));
    }
    let saved = drafts::load(state, member_id, request_type).await.map_err(fail)?;
    let kept = saved.as_ref().map(|s| s.answers.clone()).unwrap_or_default();
    let answers = steps::merge(request_type, &kept, step, posted);
    let key = saved.as_ref().map(|s| s.idempotency_key.as_str());
    if one(posted, "go") == "back" {
        drafts::save(state, member_id, request_type, &answers, key).await.map_err(fail)?;
        return Ok(steps::previous(&all, step).map_or_else(|| here.clone(), |s| step_path(request_type, s)));
    }
    let errors = check(state, setup, &answers).err().unwrap_or_default();
    let problems = steps::problems_of(request_type, &errors, step);
    if !problems.is_empty() {
        record_forged_capacity(state, meta, member_id, &problems).await;
        return Err(fail(AppError::Invalid(problems)));
    }
    drafts::save(state, member_id, request_type, &answers, key).await.map_err(fail)?;
    Ok(steps::next(&all, step).map_or_else(|| here.clone(), |s| step_path(request_type, s)))
}

/// The final post, from the confirmation page: the kept answers are sent if the post
/// returns their confirmation at today's fee and changes none of them; the files come
/// with it. Returns the new request's 受付番号.
pub async fn send(
    state: &AppState,
    meta: &RequestMeta,
    member_id: i64,
    setup: &FormSetup,
    saved: Option<SavedAnswers>,
    posted: &Fields,
    uploads: Vec<Upload>,
) -> Result<String, (AppError, String)> {
    let request_type = setup.request_type;
    let here = step_path(request_type, Step::Confirm);
    let refuse = |problem: Problem| (AppError::Invalid(vec![FieldError::new("confirmation", problem)]), here.clone());
    let Some(saved) = saved else {
        // Sent already (a second click, a reload): the same request. Otherwise the steps
        // were skipped.
        let key = one(posted, "idempotency_key");
        if !key.is_empty()
            && let Some(receipt) = super::submission::existing(state, member_id, key).await.map_err(|e| (e, here.clone()))?
        {
            return Ok(receipt);
        }
        return Err((AppError::Invalid(vec![FieldError::new("confirmation", Problem::ConfirmFirst)]), format!("/requests/new/{}", request_type.slug())));
    };
    let confirmation = one(posted, "confirmation");
    if confirmation.is_empty() {
        return Err(refuse(Problem::ConfirmFirst));
    }
    if one(posted, "fee_yen").parse::<u32>().ok() != Some(setup.fee_yen) {
        return Err(refuse(Problem::FeeChanged));
    }
    if steps::changed_after_confirming(&saved.answers, posted) || confirmation != drafts::confirmation(&saved, member_id, request_type, setup.fee_yen) {
        return Err(refuse(Problem::ChangedSinceConfirmed));
    }
    let mut fields = saved.answers.clone();
    fields.push(("idempotency_key".to_string(), saved.idempotency_key.clone()));
    super::submit(state, meta, member_id, request_type, &fields, uploads).await.map_err(|e| (e, here))
}
