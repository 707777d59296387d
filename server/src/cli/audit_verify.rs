//! `madoguchi audit-verify`: seals what is waiting (writing its checkpoint), then
//! verifies the whole audit chain against the checkpoint file and reconciles the request
//! tables with the record (a row deleted or added behind the application's back is named).

use std::path::{Path, PathBuf};

use app::platform::state::AppState;
use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::jobs::write_checkpoint;
use crate::startup::{StartError, build_state};

pub async fn run(
    config: &Config,
    leptos_options: LeptosOptions,
    checkpoints: Option<PathBuf>,
) -> Result<(), StartError> {
    let file = checkpoints.unwrap_or_else(|| config.audit_checkpoint_file.clone());
    let state = build_state(config, leptos_options).await?;
    let (report, ok) = verify(&state, &file).await?;
    print!("{report}");
    if ok { Ok(()) } else { Err(StartError::Config("the audit record does not verify".into())) }
}

/// Seals, then verifies. Returns the report and whether all is well.
pub async fn verify(state: &AppState, checkpoint_file: &Path) -> Result<(String, bool), StartError> {
    use app::platform::audit::chain::store;
    let fail = |e: kit::error::AppError| StartError::Config(format!("audit chain: {e:?}"));
    if let Some(head) = store::seal_all(state).await.map_err(fail)? {
        write_checkpoint(checkpoint_file, &head)
            .map_err(|e| StartError::Config(format!("cannot write {}: {e}", checkpoint_file.display())))?;
    }
    let checkpoints = app::records::store::read_checkpoints(checkpoint_file).map_err(StartError::Config)?;
    let actor = app::platform::audit::Actor::System("audit-verify");
    let v =
        app::records::store::verify_recorded(state, &app::platform::audit::RequestMeta::default(), actor, &checkpoints, true)
            .await
            .map_err(fail)?;
    let mut out = format!(
        "audit chain: {} link(s) recomputed, {} checkpoint(s) from {}\n",
        v.sealed,
        v.checkpoints_checked,
        checkpoint_file.display()
    );
    if let Some(b) = &v.broken {
        let why = b.why.label(kit::i18n::Lang::En);
        let event = b.event_id.map(|id| format!(" (audit event {id})")).unwrap_or_default();
        out.push_str(&format!("BROKEN: first broken link at position {}{event}: {why}\n", b.position));
    }
    if let Some(id) = v.inserted {
        out.push_str(&format!(
            "INSERTED: audit event {id}, outside the chain: {}\n",
            app::platform::audit::chain::ChainText::of(kit::i18n::Lang::En).inserted
        ));
    }
    if v.unsealed_stale > 0 {
        out.push_str(&format!("NOT SEALED: {} event(s) older than a minute are outside the chain\n", v.unsealed_stale));
    }
    // The chain protects the events; reconciling ties the tables to them.
    let findings = app::records::store::reconcile(state).await.map_err(fail)?;
    for f in &findings {
        out.push_str(&format!("{}\n", f.line()));
    }
    if v.ok() {
        out.push_str("OK: every sealed event is intact and matches the checkpoints\n");
    }
    if findings.is_empty() {
        out.push_str("OK: every request, decision, package and correction instruction has its creation event, and every creation event its row\n");
    }
    Ok((out, v.ok() && findings.is_empty()))
}
