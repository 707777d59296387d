//! 公表事項 (APPI 32条1項): the published, versioned statement of purposes of use,
//! safety measures, procedure and complaint desk. Public, no login.

pub mod diff;
pub mod drafts;
pub mod editing;
pub mod model;
pub mod payment;
pub mod texts;
pub mod views;

#[cfg(feature = "ssr")]
pub mod store;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use diff::PublicationDiff;
use model::Publication;

/// Whether a version is in effect today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionStatus {
    /// 現行: the latest version whose effective date has come.
    Current,
    /// Superseded.
    Past,
    /// 予定: effective date still ahead.
    Scheduled,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub id: i64,
    pub label: String,
    pub effective_date: NaiveDate,
    pub status: VersionStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedVersion {
    pub summary: VersionSummary,
    pub publication: Publication,
    /// The portal's retention periods, shown under the 安全管理措置 of the version in
    /// force (the periods are the portal's configuration, not part of a version).
    #[serde(default)]
    pub retention: Option<crate::retention::RetentionPolicy>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub from: VersionSummary,
    pub to: VersionSummary,
    pub diff: PublicationDiff,
}

/// The status of each version on `today` (Tokyo). Versions are `(id, effective_date)`;
/// among versions effective on the same day the later-published (higher id) wins.
pub fn classify(versions: &[(i64, NaiveDate)], today: NaiveDate) -> Vec<(i64, VersionStatus)> {
    let current =
        versions.iter().filter(|(_, date)| *date <= today).max_by_key(|(id, date)| (*date, *id)).map(|(id, _)| *id);
    versions
        .iter()
        .map(|(id, date)| {
            let status = if Some(*id) == current {
                VersionStatus::Current
            } else if *date > today {
                VersionStatus::Scheduled
            } else {
                VersionStatus::Past
            };
            (*id, status)
        })
        .collect()
}

/// A version id from a URL: a positive decimal integer, nothing else.
pub fn parse_version_id(raw: &str) -> Result<i64, AppError> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 18 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::BadVersionId);
    }
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(AppError::BadVersionId),
    }
}

/// The publication in effect today, if any has been published.
#[server(prefix = "/api", endpoint = "publication/current", input = GetUrl)]
pub async fn current_publication() -> Result<Option<PublishedVersion>, AppError> {
    crate::identity::store::guard(kit::access::Access::Public).await?;
    let state = crate::platform::state::app_state()?;
    let retention = state.feature::<crate::retention::RetentionPolicy>();
    Ok(store::current(&state).await?.map(|v| PublishedVersion { retention: Some(retention), ..v }))
}

/// Every published version, newest effective date first.
#[server(prefix = "/api", endpoint = "publication/versions", input = GetUrl)]
pub async fn publication_versions() -> Result<Vec<VersionSummary>, AppError> {
    crate::identity::store::guard(kit::access::Access::Public).await?;
    let state = crate::platform::state::app_state()?;
    let mut list = store::summaries(&state).await?;
    list.reverse();
    Ok(list)
}

/// One version by id (as typed in a URL).
#[server(prefix = "/api", endpoint = "publication/version", input = GetUrl)]
pub async fn publication_version(id: String) -> Result<PublishedVersion, AppError> {
    crate::identity::store::guard(kit::access::Access::Public).await?;
    let id = parse_version_id(&id)?;
    let state = crate::platform::state::app_state()?;
    store::version(&state, id).await
}

/// What changed between two versions.
#[server(prefix = "/api", endpoint = "publication/compare", input = GetUrl)]
pub async fn compare_versions(from: String, to: String) -> Result<Comparison, AppError> {
    crate::identity::store::guard(kit::access::Access::Public).await?;
    let (from, to) = (parse_version_id(&from)?, parse_version_id(&to)?);
    let state = crate::platform::state::app_state()?;
    let (old, new) = (store::version(&state, from).await?, store::version(&state, to).await?);
    Ok(Comparison { diff: diff::diff(&old.publication, &new.publication), from: old.summary, to: new.summary })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn current_is_latest_effective_version_and_future_ones_are_scheduled() {
        let versions = [(1, d("2024-04-01")), (2, d("2025-04-01")), (3, d("2026-12-01"))];
        assert_eq!(
            classify(&versions, d("2026-11-22")),
            vec![(1, VersionStatus::Past), (2, VersionStatus::Current), (3, VersionStatus::Scheduled)]
        );
        // On its effective date a scheduled version becomes current without anyone acting.
        assert_eq!(classify(&versions, d("2026-12-01"))[2], (3, VersionStatus::Current));
        assert_eq!(classify(&versions, d("2026-12-01"))[1], (2, VersionStatus::Past));
    }

    #[test]
    fn same_day_versions_resolve_to_the_later_published() {
        let versions = [(4, d("2025-04-01")), (5, d("2025-04-01"))];
        assert_eq!(classify(&versions, d("2025-04-01")), vec![(4, VersionStatus::Past), (5, VersionStatus::Current)]);
    }

    #[test]
    fn before_any_effective_date_nothing_is_current() {
        let versions = [(1, d("2030-01-01"))];
        assert_eq!(classify(&versions, d("2026-01-01")), vec![(1, VersionStatus::Scheduled)]);
    }

    #[test]
    fn version_ids_are_positive_integers_only() {
        assert_eq!(parse_version_id("12"), Ok(12));
        assert_eq!(parse_version_id(" 7 "), Ok(7));
        for bad in ["", "0", "-1", "1.5", "abc", "1e3", "１２", "99999999999999999999", "1; DROP TABLE x", "+3"] {
            assert_eq!(parse_version_id(bad), Err(AppError::BadVersionId), "{bad:?}");
        }
    }
}
