//! Every status × actor × action of the lifecycle, written out and walked.

use super::*;
use Action as A;
use Role as R;
use Status as S;

/// Every allowed step, written out. Everything else is refused: the test below
/// walks all 13 × 7 × 24 combinations.
const ALLOWED: &[(Status, Action, &[Role], Status)] = &[
    (S::Received, A::StartReview, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
    (S::Received, A::AskMember, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
    (S::Received, A::Withdraw, &[R::Requester], S::Withdrawn),
    (S::Received, A::Disown, &[R::Subject], S::NeedsDocuments),
    (S::Received, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
    (S::Received, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::Received),
    (S::Received, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::Received),
    (S::Received, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::Received),
    (S::IdentityCheck, A::AcceptDocuments, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
    (S::IdentityCheck, A::RejectDocuments, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
    (S::IdentityCheck, A::Withdraw, &[R::Requester], S::Withdrawn),
    (S::IdentityCheck, A::Disown, &[R::Subject], S::NeedsDocuments),
    (S::IdentityCheck, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
    (S::IdentityCheck, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
    (S::IdentityCheck, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
    (S::IdentityCheck, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
    (S::NeedsDocuments, A::Answer, &[R::Requester], S::IdentityCheck),
    (S::NeedsDocuments, A::Withdraw, &[R::Requester], S::Withdrawn),
    (S::NeedsDocuments, A::Disown, &[R::Subject], S::NeedsDocuments),
    (S::NeedsDocuments, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
    (S::NeedsDocuments, A::Remind, &[R::System], S::NeedsDocuments),
    (S::NeedsDocuments, A::Lapse, &[R::System], S::Lapsed),
    (S::NeedsDocuments, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
    (S::NeedsDocuments, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
    (S::NeedsDocuments, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
    (S::InReview, A::AskMember, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
    (S::InReview, A::DecideDirectly, &[R::Reviewer, R::Approver], S::Decided),
    (S::InReview, A::DecideForApproval, &[R::Reviewer, R::Approver], S::PendingApproval),
    (S::InReview, A::Withdraw, &[R::Requester], S::Withdrawn),
    (S::InReview, A::Disown, &[R::Subject], S::NeedsDocuments),
    (S::InReview, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
    (S::InReview, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::InReview),
    (S::InReview, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
    (S::InReview, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
    (S::NeedsInput, A::Answer, &[R::Requester], S::InReview),
    (S::NeedsInput, A::Withdraw, &[R::Requester], S::Withdrawn),
    (S::NeedsInput, A::Disown, &[R::Subject], S::NeedsDocuments),
    (S::NeedsInput, A::Dismiss, &[R::Reviewer, R::Approver], S::PendingDismissal),
    (S::NeedsInput, A::Remind, &[R::System], S::NeedsInput),
    (S::NeedsInput, A::Lapse, &[R::System], S::Lapsed),
    (S::NeedsInput, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
    (S::NeedsInput, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
    (S::NeedsInput, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
    (S::PendingApproval, A::Approve, &[R::Approver], S::Decided),
    (S::PendingApproval, A::SendBack, &[R::Approver], S::InReview),
    (S::PendingApproval, A::Withdraw, &[R::Requester], S::Withdrawn),
    (S::PendingApproval, A::Disown, &[R::Subject], S::NeedsDocuments),
    (S::PendingApproval, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
    (S::PendingApproval, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
    (S::PendingApproval, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
    (S::PendingDismissal, A::Reject, &[R::Approver], S::Rejected),
    (S::PendingDismissal, A::SendBack, &[R::Approver], S::IdentityCheck),
    (S::PendingDismissal, A::Withdraw, &[R::Requester], S::Withdrawn),
    (S::PendingDismissal, A::Disown, &[R::Subject], S::NeedsDocuments),
    (S::PendingDismissal, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
    (S::PendingDismissal, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
    (S::PendingDismissal, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
    (S::Decided, A::Notify, &[R::Intake, R::Reviewer, R::Approver, R::System], S::Notified),
    (S::Decided, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::Decided),
    (S::Decided, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::Decided),
    (S::Decided, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::Decided),
    (S::Notified, A::Complete, &[R::Intake, R::Reviewer, R::Approver, R::System], S::Completed),
    (S::Notified, A::Message, &[R::Requester, R::Intake, R::Reviewer, R::Approver], S::Notified),
    (S::Notified, A::Note, &[R::Intake, R::Reviewer, R::Approver], S::Notified),
    (S::Notified, A::Assign, &[R::Intake, R::Reviewer, R::Approver], S::Notified),        (S::Received, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::Received),
    (S::Received, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::Received),
    (S::IdentityCheck, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
    (S::IdentityCheck, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::IdentityCheck),
    (S::NeedsDocuments, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
    (S::NeedsDocuments, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::NeedsDocuments),
    (S::InReview, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
    (S::InReview, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::InReview),
    (S::NeedsInput, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
    (S::NeedsInput, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::NeedsInput),
    (S::PendingApproval, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
    (S::PendingApproval, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::PendingApproval),
    (S::PendingDismissal, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
    (S::PendingDismissal, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::PendingDismissal),
    (S::Decided, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::Decided),
    (S::Decided, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::Decided),
    (S::Notified, A::FeePaid, &[R::Intake, R::Reviewer, R::Approver], S::Notified),
    (S::Notified, A::FeeWaived, &[R::Intake, R::Reviewer, R::Approver], S::Notified),
    (S::Received, A::RemindFee, &[R::System], S::Received),
    (S::Received, A::LapseUnpaid, &[R::System], S::Lapsed),
    (S::IdentityCheck, A::RemindFee, &[R::System], S::IdentityCheck),
    (S::IdentityCheck, A::LapseUnpaid, &[R::System], S::Lapsed),
    (S::InReview, A::RemindFee, &[R::System], S::InReview),
    (S::InReview, A::LapseUnpaid, &[R::System], S::Lapsed),
];

fn expected(status: Status, role: Role, action: Action) -> Option<Status> {
    ALLOWED.iter().find(|(s, a, roles, _)| *s == status && *a == action && roles.contains(&role)).map(|(_, _, _, to)| *to)
}

#[test]
fn every_status_actor_and_action_is_allowed_exactly_as_listed() {
    let mut allowed = 0;
    for status in Status::ALL {
        for role in Role::ALL {
            for action in Action::ALL {
                let got = next(status, role, action).ok();
                assert_eq!(got, expected(status, role, action), "{status:?} × {role:?} × {action:?}");
                allowed += usize::from(got.is_some());
            }
        }
    }
    assert_eq!(allowed, ALLOWED.iter().map(|(_, _, roles, _)| roles.len()).sum::<usize>());
}

#[test]
fn closed_requests_accept_nothing() {
    for status in [S::Completed, S::Withdrawn, S::Rejected, S::Lapsed] {
        for role in Role::ALL {
            for action in Action::ALL {
                assert!(next(status, role, action).is_err(), "{status:?} {role:?} {action:?}");
            }
        }
    }
}

#[test]
fn an_auditor_never_acts() {
    for status in Status::ALL {
        for action in Action::ALL {
            assert_eq!(next(status, R::Auditor, action), Err(Refusal::NotYours));
        }
    }
}

#[test]
fn a_member_only_answers_withdraws_and_writes() {
    for action in Action::ALL {
        let ever = Status::ALL.into_iter().any(|s| next(s, R::Requester, action).is_ok());
        assert_eq!(ever, matches!(action, A::Answer | A::Withdraw | A::Message), "{action:?}");
    }
}

#[test]
fn the_person_asked_about_can_only_say_they_did_not_ask_and_only_before_the_decision() {
    for status in Status::ALL {
        for action in Action::ALL {
            let got = next(status, R::Subject, action);
            if action == A::Disown && status.before_decision() {
                assert_eq!(got, Ok(S::NeedsDocuments), "{status:?}");
            } else {
                assert!(got.is_err(), "{status:?} {action:?}");
            }
        }
    }
    assert!(S::NeedsDocuments.waits_on_member(), "the clock pauses while the agent proves it");
}

#[test]
fn withdrawal_is_possible_exactly_until_the_decision() {
    for status in Status::ALL {
        assert_eq!(next(status, R::Requester, A::Withdraw).is_ok(), status.before_decision(), "{status:?}");
    }
    assert_eq!(next(S::Decided, R::Requester, A::Withdraw), Err(Refusal::NotNow));
}

#[test]
fn an_answer_returns_to_the_step_that_asked() {
    assert_eq!(next(S::IdentityCheck, R::Intake, A::RejectDocuments), Ok(S::NeedsDocuments));
    assert_eq!(next(S::NeedsDocuments, R::Requester, A::Answer), Ok(S::IdentityCheck));
    assert_eq!(next(S::InReview, R::Reviewer, A::AskMember), Ok(S::NeedsInput));
    assert_eq!(next(S::NeedsInput, R::Requester, A::Answer), Ok(S::InReview));
}

#[test]
fn only_the_approver_approves_and_rejects() {
    for role in Role::ALL {
        let approves = next(S::PendingApproval, role, A::Approve).is_ok();
        assert_eq!(approves, role == R::Approver, "{role:?}");
        assert_eq!(next(S::PendingDismissal, role, A::Reject).is_ok(), role == R::Approver, "{role:?}");
    }
    // A 却下 is never one person's act: it is proposed, then approved.
    for status in Status::ALL {
        assert!(!next(status, R::Reviewer, A::Dismiss).is_ok_and(|s| s.is_closed()), "{status:?}");
        assert!(next(status, R::Approver, A::Reject).is_err() || status == S::PendingDismissal, "{status:?}");
    }
}

#[test]
fn every_request_can_end_whatever_it_waits_on() {
    // From every open status some path of steps reaches a closed one without the
    // requester doing anything: the society can always bring a request to its end.
    for start in Status::ALL.into_iter().filter(|s| !s.is_closed()) {
        let mut seen = vec![start];
        let mut frontier = vec![start];
        while let Some(s) = frontier.pop() {
            for role in [R::Intake, R::Reviewer, R::Approver, R::System] {
                for action in Action::ALL {
                    if let Ok(to) = next(s, role, action)
                        && !seen.contains(&to)
                    {
                        seen.push(to);
                        frontier.push(to);
                    }
                }
            }
        }
        assert!(seen.iter().any(|s| s.is_closed()), "{start:?} can stay open for ever");
    }
    // Waiting on the requester ends by the system alone: reminded, then closed.
    for waiting in [S::NeedsDocuments, S::NeedsInput] {
        assert_eq!(next(waiting, R::System, A::Remind), Ok(waiting));
        assert_eq!(next(waiting, R::System, A::Lapse), Ok(S::Lapsed));
    }
    assert_eq!(next(S::InReview, R::System, A::Lapse), Err(Refusal::NotNow));
}

#[test]
fn the_clock_pauses_exactly_while_waiting_on_the_member() {
    let paused: Vec<_> = Status::ALL.into_iter().filter(|s| s.waits_on_member()).collect();
    assert_eq!(paused, vec![S::NeedsDocuments, S::NeedsInput]);
    for s in Status::ALL {
        assert_eq!(s.stage() == Stage::NeedsInput, s.waits_on_member(), "{s:?}");
        if s.is_closed() {
            assert!(!s.clock_runs());
        }
    }
}

#[test]
fn codes_round_trip() {
    for s in Status::ALL {
        assert_eq!(Status::from_code(s.code()), Some(s));
    }
    for a in Action::ALL {
        assert_eq!(Action::from_code(a.code()), Some(a));
    }
    assert_eq!(Status::from_code("deleted"), None);
    assert_eq!(Action::from_code(""), None);
    for s in Stage::ALL {
        assert_eq!(Stage::from_code(s.code()), Some(s));
        assert_eq!(serde_json::to_string(&s).ok(), Some(format!("\"{}\"", s.code())));
    }
}

#[test]
fn every_stage_and_step_has_words_in_both_languages() {
    use kit::i18n::Lang;
    for s in Stage::ALL {
        assert!(!s.label(Lang::Ja).is_empty() && s.label(Lang::En).is_ascii(), "{s:?}");
    }
    for a in Action::ALL {
        assert!(!a.label(Lang::Ja).is_empty() && a.label(Lang::En).is_ascii(), "{a:?}");
    }
    assert_eq!(Stage::InReview.label(Lang::Ja), "審査中");
    assert_eq!(Action::SendBack.label(Lang::En), "In review");
}

#[test]
fn steps_that_ask_or_refuse_need_a_reason() {
    for a in Action::ALL {
        assert_eq!(a.needs_reason(), matches!(a, A::RejectDocuments | A::AskMember | A::SendBack));
    }
}
