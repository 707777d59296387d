//! The member's request pages: the list, the choice of type, one form per type, and a
//! request's status page. Every form is a plain post that works without JavaScript.
//!
//! - `list`: the member's requests and the choice of type; `forms`: one form per type and
//!   the fields they share; `request`: the parts of one request's page (what was asked,
//!   progress, the form to act); `letter`: the decision and its 決定通知書.

mod forms;
mod letter;
mod list;
mod request;
mod steps;

use leptos::prelude::*;

use super::calendar::{Deadline, Urgency};
use super::texts::RqText;
use kit::form::Feedback;

pub use steps::RequestFormPage;
pub(crate) use forms::{TextInput, TypeFields};
pub use letter::LetterPage;
pub(crate) use crate::platform::print::PrintButton;
pub(crate) use letter::{decision_view, letter_view, measures_view};
pub use list::{NewRequestPage, RequestsPage};
pub(crate) use request::{ActForm, details_view, progress};

fn invalid(feedback: Signal<Feedback>, name: &'static str) -> impl Fn() -> Option<&'static str> + Send + Sync {
    move || feedback.with(|f| f.field(name)).map(|_| "true")
}

pub fn deadline_text(d: &Deadline, t: &RqText) -> String {
    match (d.urgency(), d.due) {
        (Urgency::Paused, _) => t.paused.to_string(),
        (_, None) => String::new(),
        (Urgency::Overdue, Some(due)) => format!("{}: {due} — {}", t.due, t.overdue),
        (_, Some(due)) if d.business_days_left == 0 => format!("{}: {due}（{}）", t.due, t.due_today),
        (_, Some(due)) => {
            format!("{}: {due}（{}）", t.due, t.days_left(d.business_days_left))
        }
    }
}

pub(crate) fn urgency_class(d: &Deadline) -> &'static str {
    match d.urgency() {
        Urgency::Comfortable => "due due--ok",
        Urgency::Soon => "due due--soon",
        Urgency::Overdue => "due due--late",
        Urgency::Paused => "due due--paused",
    }
}
