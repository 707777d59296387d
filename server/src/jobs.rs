//! The background jobs `serve` starts: mail outbox delivery, audit sealing with its
//! checkpoint file, and the hourly upkeep (retention disposal, planner statistics).

use std::path::{Path, PathBuf};
use std::time::Duration;

use app::platform::audit::chain::Checkpoint;
use app::retention::RetentionPolicy;
use app::platform::state::AppState;

use crate::config::Config;

/// Delivers the mail outbox every few seconds, in the background.
pub fn spawn_outbox(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3));
        loop {
            tick.tick().await;
            if let Err(e) = app::platform::mail::deliver_outbox(&state).await {
                tracing::warn!(error = ?e, "mail outbox delivery failed; will retry");
            }
        }
    });
}

/// Seals the audit record every two seconds (a new head only when events arrived) and
/// writes each new head out of the database: to the log and to the checkpoint file.
pub fn spawn_sealer(state: AppState, checkpoint_file: PathBuf) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(2));
        loop {
            tick.tick().await;
            match app::platform::audit::chain::store::seal_all(&state).await {
                Ok(Some(head)) => {
                    tracing::info!(position = head.position, hash = %head.hash, "audit chain sealed");
                    if let Err(e) = write_checkpoint(&checkpoint_file, &head) {
                        tracing::error!(error = %e, file = %checkpoint_file.display(), "audit checkpoint not written");
                    }
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = ?e, "audit sealing failed; will retry"),
            }
        }
    });
}

/// Appends one checkpoint line (and syncs it: a checkpoint that a crash loses is no proof).
pub fn write_checkpoint(file: &Path, head: &Checkpoint) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(file)?;
    writeln!(f, "{}", head.line())?;
    f.sync_data()
}

/// Database upkeep, at start and then hourly: records past their retention period are
/// disposed of (廃棄, with a record per batch), and the planner's statistics refreshed so
/// queries keep their indexes as the tables grow.
pub fn spawn_maintenance(state: AppState, retention: RetentionPolicy) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match app::retention::store::run(&state, &retention).await {
                Ok(report) => {
                    for d in report.into_iter().filter(|d| d.count > 0) {
                        tracing::info!(
                            kind = d.kind.code(),
                            removed = d.count,
                            batches = d.batches,
                            "retention: disposed of records past their period"
                        );
                    }
                }
                // A failed batch left nothing half done; the next round resumes.
                Err(e) => tracing::warn!(error = ?e, "retention job failed; will retry"),
            }
            // 補正依頼 left unanswered: reminded, then closed with a letter (never left open).
            match app::requests::store::sweep(&state, &app::platform::audit::RequestMeta::default()).await {
                Ok(swept) if swept != app::requests::store::Swept::default() => {
                    tracing::info!(
                        reminded = swept.reminded,
                        closed = swept.closed,
                        fees_reminded = swept.fees_reminded,
                        fees_closed = swept.fees_closed,
                        "waiting requests swept"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "waiting-request sweep failed; will retry"),
            }
            // Answers of request forms left unsent for a day.
            match app::requests::store::drafts::purge_expired(&state).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "unsent request answers removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "unsent-answers purge failed; will retry"),
            }
            if let Err(e) = state.db.optimize().await {
                tracing::warn!(error = ?e, "database optimize failed; will retry");
            }
        }
    });
}

/// The retention periods configured (for the hourly job and for `madoguchi purge`).
pub fn retention_policy(config: &Config) -> RetentionPolicy {
    RetentionPolicy {
        authentication_days: config.retention_auth_days,
        closed_request_years: config.retention_request_years,
        notice_years: config.retention_notice_years,
        provision_years: config.retention_provision_years,
        audit_years: config.retention_audit_years,
        former_member_years: config.former_member_years,
    }
    .clamped()
}
