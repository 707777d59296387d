//! The passkey island (the one button that runs a ceremony in the browser) and the
//! passkeys pages of members and staff.
//!
//! The island renders hidden; in the browser it shows itself only where there is
//! `window.PublicKeyCredential` and the portal offers passkeys. Without JavaScript, or in
//! a browser without passkeys, the page's password and code forms are all there is.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::Who;
use super::api::*;
use super::texts::pk_text;
use kit::form::{FormError, use_feedback};
use kit::page::page_error;
use kit::page_data;

/// What the button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Ceremony {
    /// Register a passkey (at enrolment, or to add one later).
    Register,
    /// Sign in with a passkey.
    SignIn,
}

/// A passkey button with its heading and words; hidden until the browser shows it can.
#[island]
pub fn PasskeyButton(
    who: Who,
    ceremony: Ceremony,
    heading: String,
    lead: String,
    label: String,
    working: String,
    failed: String,
    /// Below the button: what to do instead (e.g. "or use the app below"); may be empty.
    after: String,
    /// Where a member goes after signing in (empty: the account page).
    next: String,
) -> impl IntoView {
    let (shown, set_shown) = signal(false);
    let (status, set_status) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let offered = match who {
                Who::Member => passkey_available().await,
                Who::Staff => staff_passkey_available().await,
            };
            if browser::supported() && matches!(offered, Ok(true)) {
                set_shown.set(true);
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = set_shown;
    });
    let run = move |_| {
        if busy.get_untracked() {
            return;
        }
        set_busy.set(true);
        set_status.set(Some(working.clone()));
        let (failed, next) = (failed.clone(), next.clone());
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match browser::run(who, ceremony, &next).await {
                Some(path) => browser::go(&path),
                None => {
                    set_status.set(Some(failed));
                    set_busy.set(false);
                }
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (failed, next, who, ceremony);
    };
    view! {
        <section class="card passkey" hidden=move || !shown.get() data-passkey=move || if shown.get() { "ready" } else { "hidden" }>
            <h2>{heading}</h2>
            <p>{lead}</p>
            <p><button type="button" class="button" on:click=run disabled=move || busy.get()>{label}</button></p>
            <p role="status" aria-live="polite">{move || status.get()}</p>
            {(!after.is_empty()).then(|| view! { <p class="muted">{after}</p> })}
        </section>
    }
}

/// The browser's half: the credentials API through web-sys.
#[cfg(feature = "hydrate")]
mod browser {
    use super::{Ceremony, Who};
    use crate::identity::passkeys::api::*;
    use web_sys::wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    pub fn supported() -> bool {
        web_sys::window()
            .is_some_and(|w| js_sys::Reflect::has(&w, &"PublicKeyCredential".into()).unwrap_or(false))
    }

    pub fn go(path: &str) {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_href(path);
        }
    }

    /// Runs the ceremony; the page to go on to, or `None` if it did not work.
    pub async fn run(who: Who, ceremony: Ceremony, next: &str) -> Option<String> {
        let credentials = web_sys::window()?.navigator().credentials();
        match ceremony {
            Ceremony::SignIn => {
                let options = match who {
                    Who::Member => passkey_sign_in_start().await,
                    Who::Staff => staff_passkey_sign_in_start().await,
                }
                .ok()?;
                let rcr: webauthn_rs_proto::RequestChallengeResponse = serde_json::from_str(&options).ok()?;
                let promise = credentials.get_with_options(&web_sys::CredentialRequestOptions::from(rcr)).ok()?;
                let pkc = JsFuture::from(promise).await.ok()?.dyn_into::<web_sys::PublicKeyCredential>().ok()?;
                let json = serde_json::to_string(&webauthn_rs_proto::PublicKeyCredential::from(pkc)).ok()?;
                match who {
                    Who::Member => passkey_sign_in_finish(json, next.to_string()).await,
                    Who::Staff => staff_passkey_sign_in_finish(json).await,
                }
                .ok()
            }
            Ceremony::Register => {
                let started = match who {
                    Who::Member => passkey_register_start().await,
                    Who::Staff => staff_passkey_register_start().await,
                };
                // Adding one later is a change of credentials: confirm, then come back.
                if matches!(started, Err(kit::error::AppError::StepUpRequired)) {
                    return Some("/account/confirm?next=%2Faccount%2Fpasskeys".to_string());
                }
                let started = started.ok()?;
                let mut started: serde_json::Value = serde_json::from_str(&started).ok()?;
                let ceremony = started.get("ceremony")?.as_str()?.to_string();
                let ccr: webauthn_rs_proto::CreationChallengeResponse =
                    serde_json::from_value(started.get_mut("options")?.take()).ok()?;
                let promise = credentials.create_with_options(&web_sys::CredentialCreationOptions::from(ccr)).ok()?;
                let pkc = JsFuture::from(promise).await.ok()?.dyn_into::<web_sys::PublicKeyCredential>().ok()?;
                let json = serde_json::to_string(&webauthn_rs_proto::RegisterPublicKeyCredential::from(pkc)).ok()?;
                match who {
                    Who::Member => passkey_register_finish(ceremony, json).await,
                    Who::Staff => staff_passkey_register_finish(ceremony, json).await,
                }
                .ok()
            }
        }
    }
}

/// The passkey offered first on the enrolment page (members and staff).
#[component]
pub fn EnrolPasskey(who: Who) -> impl IntoView {
    let p = pk_text();
    view! {
        <PasskeyButton
            who ceremony=Ceremony::Register
            heading=p.enrol_heading.to_string() lead=p.enrol_lead.to_string() label=p.enrol_button.to_string()
            working=p.working.to_string() failed=p.failed.to_string() after=p.enrol_or_app.to_string() next=String::new()
        />
    }
}

/// The passkey sign-in offered first on the sign-in pages (members and staff).
#[component]
pub fn SignInPasskey(who: Who, #[prop(optional)] next: String) -> impl IntoView {
    let p = pk_text();
    view! {
        <PasskeyButton
            who ceremony=Ceremony::SignIn
            heading=p.sign_in_button.to_string() lead=p.sign_in_hint.to_string() label=p.sign_in_button.to_string()
            working=p.working.to_string() failed=p.failed.to_string() after=p.or_password.to_string() next
        />
    }
}

/// Step-up with a passkey on `/account/confirm`: a fresh sign-in with the passkey is as
/// recent as a sign-in can be, so a passkey-only member spends no recovery code on it.
#[component]
pub fn ConfirmPasskey(#[prop(optional)] next: String) -> impl IntoView {
    let p = pk_text();
    view! {
        <PasskeyButton
            who=Who::Member ceremony=Ceremony::SignIn
            heading=p.confirm_button.to_string() lead=p.confirm_hint.to_string() label=p.confirm_button.to_string()
            working=p.working.to_string() failed=p.failed.to_string() after=p.or_password_confirm.to_string() next
        />
    }
}

fn query(name: &'static str) -> Signal<Option<String>> {
    let q = use_query_map();
    Signal::derive(move || q.with(|q| q.get(name)))
}

/// The caller's passkeys: the list, a remove button each, and the button to add this
/// device. `/account/passkeys` for members, `/staff/passkeys` for staff.
#[component]
pub fn PasskeysPage(who: Who) -> impl IntoView {
    let p = pk_text();
    let feedback = use_feedback();
    let here = match who {
        Who::Member => "/account/passkeys",
        Who::Staff => "/staff/passkeys",
    };
    let data = page_data::load(move || who, |w| async move {
        match w {
            Who::Member => my_passkeys().await,
            Who::Staff => staff_passkeys().await,
        }
    });
    let remove_url = match who {
        Who::Member => RemovePasskey::url(),
        Who::Staff => StaffRemovePasskey::url(),
    };
    let notice = move || {
        if query("added").get().is_some() {
            Some(p.added)
        } else if query("removed").get().is_some() {
            Some(p.removed)
        } else {
            None
        }
    };
    view! {
        <Title text=p.title/>
        <h1>{p.title}</h1>
        <p class="lead">{p.lead}</p>
        {move || notice().map(|n| view! { <div class="notice notice--ok" role="status"><p>{n}</p></div> })}
        <FormError feedback/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, here),
                Ok(lines) if lines.is_empty() => view! { <p data-passkeys="0">{p.none}</p> }.into_any(),
                Ok(lines) => { let count = lines.len(); view! {
                    <ul class="sessions" data-passkeys=count>
                        {lines.into_iter().enumerate().map(|(i, l)| view! {
                            <li class="card" data-passkey-id=l.id>
                                <p><strong>{format!("{} {}", p.item, i + 1)}</strong></p>
                                <p class="muted">{format!(
                                    "{}: {} / {}: {}",
                                    p.added_on,
                                    kit::time::tokyo_time(&l.created_at),
                                    p.last_used,
                                    l.last_used_at.as_deref().map(kit::time::tokyo_time).unwrap_or_else(|| p.never_used.to_string()),
                                )}</p>
                                <form method="post" action=remove_url>
                                    <input type="hidden" name="id" value=l.id/>
                                    <button type="submit" class="button button--secondary">{p.remove}</button>
                                </form>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any() }
            }
        })}
        <PasskeyButton
            who ceremony=Ceremony::Register
            heading=p.add_button.to_string() lead=p.add_note.to_string() label=p.add_button.to_string()
            working=p.working.to_string() failed=p.failed.to_string() after=String::new() next=String::new()
        />
        <p class="muted">{p.lost}</p>
    }
}
