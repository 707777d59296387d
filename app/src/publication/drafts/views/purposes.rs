//! The editor's questions on changed purposes (17条2項・18条1項): each purpose the draft
//! adds or rewords, with its answer and a form to give one.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::Ctx;
use super::super::AnswerPurpose;
use crate::publication::editing::{PurposeAnswer, PurposeQuestion, PurposeScope, purpose_field};
use kit::form::{Problem, problem_message};
use kit::texts::id_text;

/// Each purpose the draft adds or rewords: where it is, its words and those it replaces,
/// the question of 17条2項, the answer once given and who gave it, and a form to answer.
pub(super) fn purposes(ctx: Ctx, questions: &[PurposeQuestion]) -> Option<AnyView> {
    if questions.is_empty() {
        return None;
    }
    let items: Vec<AnyView> = questions.iter().enumerate().map(|(i, q)| purpose_question(ctx, i, q)).collect();
    Some(
        view! {
            <section class="editor-section" id="purposes" aria-labelledby="purposes-heading">
                <h2 id="purposes-heading">{ctx.t.purposes_heading}</h2>
                <p>{ctx.t.purposes_lead}</p>
                {items}
            </section>
        }
        .into_any(),
    )
}

fn purpose_question(ctx: Ctx, i: usize, q: &PurposeQuestion) -> AnyView {
    let c = &q.change;
    let place = match c.key.scope {
        PurposeScope::Category => ctx.t.purpose_in_category(&c.place),
        PurposeScope::Use => ctx.t.purpose_in_area(&c.place),
        PurposeScope::JointUse => ctx.t.purpose_of_joint_use(&c.place, c.joint_use.as_deref().unwrap_or_default()),
    };
    let (badge, kind) = match &c.previous {
        Some(_) => ("badge badge--scheduled", ctx.t.purpose_reworded),
        None => ("badge badge--added", ctx.t.purpose_added),
    };
    let before = if c.before.is_empty() {
        view! { <p>{ctx.t.purposes_before_none}</p> }.into_any()
    } else {
        view! {
            <p>{ctx.t.purposes_before}</p>
            <ul>{c.before.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
        }
        .into_any()
    };
    let lang = ctx.t.lang;
    let answered = q.answer.as_ref().map(|a| {
        view! {
            <div class="notice" data-purpose-answer=a.answer.code()>
                <p>{ctx.t.answer_label}<strong>{a.answer.label(lang)}</strong></p>
                {a.consent_note.clone().map(|n| view! { <p class="pre">{ctx.t.consent_note_label}{n}</p> })}
                <p>{ctx.t.answered_by(&a.answered_by, &kit::time::tokyo_time(&a.answered_at))}</p>
            </div>
        }
        .into_any()
    });
    let current = q.answer.as_ref().map(|a| a.answer);
    let answer_key = purpose_field(i, "answer");
    let answer_problem = ctx.feedback.with_untracked(|f| f.field(&answer_key));
    let answer_message = answer_problem.map(|p| match p {
        Problem::Required => ctx.t.purpose_answer_missing,
        other => problem_message(other, id_text()),
    });
    let note_key = purpose_field(i, "note");
    let note_problem = ctx.feedback.with_untracked(|f| f.field(&note_key));
    let (answer_error, note_id) = (format!("e-purpose-{i}-answer-error"), format!("e-purpose-{i}-note"));
    let note_error = format!("{note_id}-error");
    // This question's form was the one posted: what was typed, not what is held.
    let here = ctx.feedback.with_untracked(|f| {
        f.posted && f.value("form[section]").is_none() && f.value("form[index]") == Some(i.to_string())
    });
    let typed_answer = here.then(|| ctx.feedback.with_untracked(|f| f.value("form[answer]"))).flatten();
    let note_value = here
        .then(|| ctx.feedback.with_untracked(|f| f.value("form[note]")))
        .flatten()
        .unwrap_or_else(|| q.answer.as_ref().and_then(|a| a.consent_note.clone()).unwrap_or_default());
    let choices = PurposeAnswer::ALL.map(|a| {
        let (input_id, for_id) = (format!("e-purpose-{i}-{}", a.code()), format!("e-purpose-{i}-{}", a.code()));
        view! {
            <label class="choice__item" for=for_id>
                <input type="radio" id=input_id name="form[answer]" value=a.code() checked=if here { typed_answer.as_deref() == Some(a.code()) } else { current == Some(a) }/>
                <span>{a.label(lang)}</span>
            </label>
        }
    });
    view! {
        <article class="editor-item card" id=format!("purpose-{i}") aria-labelledby=format!("purpose-{i}-heading")
            data-purpose-scope=c.key.scope.code()>
            <h3 id=format!("purpose-{i}-heading")>{place}</h3>
            <p><span class=badge>{kind}</span>" "<strong>{c.key.purpose.clone()}</strong></p>
            {c.previous.clone().map(|p| view! { <p>{ctx.t.purpose_previous}{p}</p> })}
            {before}
            {answered.unwrap_or_else(|| view! { <div class="notice" data-purpose-answer="none"><p>{ctx.t.unanswered}</p></div> }.into_any())}
            <form method="post" action=AnswerPurpose::url()>
                <input type="hidden" name="form[draft]" value=ctx.draft.to_string()/>
                <input type="hidden" name="form[rev]" value=ctx.rev.to_string()/>
                <input type="hidden" name="form[index]" value=i.to_string()/>
                <fieldset class="field choice" class:field--invalid=answer_problem.is_some()
                    aria-describedby=answer_problem.map(|_| answer_error.clone())>
                    <legend>{ctx.t.purpose_question}</legend>
                    {answer_message.map(|m| view! { <p class="field__error" id=answer_error.clone()>{m}</p> })}
                    {choices}
                </fieldset>
                <div class="field" class:field--invalid=note_problem.is_some()>
                    <label for=note_id.clone()>{ctx.t.consent_note}</label>
                    {note_problem.map(|p| view! { <p class="field__error" id=note_error.clone()>{problem_message(p, id_text())}</p> })}
                    <textarea id=note_id name="form[note]" rows="3" aria-invalid=note_problem.map(|_| "true")
                        aria-describedby=note_problem.map(|_| note_error.clone())>{note_value}</textarea>
                </div>
                <button type="submit" class="button">
                    {if current.is_some() { ctx.t.answer_again_button } else { ctx.t.answer_button }}
                </button>
            </form>
        </article>
    }
    .into_any()
}
