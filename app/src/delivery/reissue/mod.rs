//! 再交付: a 開示 result carried out again after its download period ended (33条1項・2項,
//! the same decision). Staff prepare a new archive from the data as it is now (the same
//! assembly, the same exclusions and files), see what differs from the first delivery, and
//! a 責任者 other than the preparer approves it: the package then holds the new archive
//! with a new download period.
//!
//! This module holds the record of what an archive contained (the [`Manifest`], kept when
//! the archive itself is disposed of), the pure comparison of two of them ([`diff`]), the
//! reason's rule, and the types the staff page gets. `api` has the endpoints, `views` the
//! section of the staff package page, `texts` the words; the database half is
//! `delivery::store`'s `reissue.rs` (it shares the package's rows and assembly).

pub mod api;
pub mod texts;
pub mod views;

use serde::{Deserialize, Serialize};

use super::package::Ground;
use kit::access::StaffRole;
use kit::form::{FieldError, Problem};

/// Who prepares a re-issue (as who assembles a package).
pub const PREPARE_ROLES: &[StaffRole] = super::PACKAGE_ROLES;

/// Who approves or cancels one: a 責任者 (and for approval, not the preparer).
pub const DECIDE_ROLES: &[StaffRole] = &[StaffRole::Approver];

/// Longest reason note, in characters.
pub const REASON_MAX: usize = 200;

/// One file of an archive: its name, size and SHA-256.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub name: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// One section of the member's records as it went out: its title, how many rows were
/// disclosed, and the SHA-256 of its CSV (so a changed value shows even when the count
/// stays).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestSection {
    pub id: String,
    pub title: String,
    pub rows: usize,
    #[serde(default)]
    pub sha256: String,
}

/// One item withheld, as the member reads it, with its ground.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestWithheld {
    pub section: String,
    pub label: String,
    pub ground: Ground,
}

/// What an archive contained, file by file and as staff read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub entries: Vec<ManifestEntry>,
    pub sections: Vec<ManifestSection>,
    /// The added files' titles (a redacted version marked by its ground).
    pub files: Vec<String>,
    pub withheld: Vec<ManifestWithheld>,
}

impl Manifest {
    /// As stored (JSON text); None when it is absent or unreadable.
    pub fn parse(text: Option<&str>) -> Option<Manifest> {
        text.and_then(|t| serde_json::from_str(t).ok())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// How one section compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SectionChange {
    /// Same rows, same content.
    Same,
    /// The number of rows changed.
    Count,
    /// Same number of rows, different content (e.g. a corrected address).
    Content,
    /// Not in the first delivery.
    Added,
    /// In the first delivery, not now.
    Removed,
}

/// One section's line of the comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionDiff {
    pub title: String,
    pub change: SectionChange,
    pub before: usize,
    pub after: usize,
}

/// A list (files, withheld items) compared: what came, what went, how many stayed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListDiff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub kept: usize,
}

impl ListDiff {
    pub fn same(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// The first delivery compared with the re-issue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diff {
    pub sections: Vec<SectionDiff>,
    pub files: ListDiff,
    pub withheld: ListDiff,
}

impl Diff {
    /// Nothing the member receives differs.
    pub fn same(&self) -> bool {
        self.sections.iter().all(|s| s.change == SectionChange::Same) && self.files.same() && self.withheld.same()
    }
}

/// A withheld item in one line: 「資格情報: 住所（33条2項2号）」.
pub fn withheld_line(w: &ManifestWithheld) -> String {
    format!("{}: {}（{}）", w.section, w.label, w.ground.article())
}

/// Compares two lists as multisets, keeping the order in which they appear.
fn list_diff(before: &[String], after: &[String]) -> ListDiff {
    let mut left: Vec<&String> = before.iter().collect();
    let mut added = Vec::new();
    for a in after {
        match left.iter().position(|b| *b == a) {
            Some(i) => {
                left.remove(i);
            }
            None => added.push(a.clone()),
        }
    }
    let removed: Vec<String> = left.into_iter().cloned().collect();
    let kept = after.len() - added.len();
    ListDiff { added, removed, kept }
}

/// What differs between the first delivery and the re-issue, section by section (in the
/// re-issue's order, then the sections gone), then the files and the withheld items.
pub fn diff(first: &Manifest, now: &Manifest) -> Diff {
    let mut sections: Vec<SectionDiff> = now
        .sections
        .iter()
        .map(|s| match first.sections.iter().find(|f| f.id == s.id) {
            None => SectionDiff { title: s.title.clone(), change: SectionChange::Added, before: 0, after: s.rows },
            Some(f) => {
                let change = if f.rows != s.rows {
                    SectionChange::Count
                } else if !f.sha256.is_empty() && f.sha256 != s.sha256 {
                    SectionChange::Content
                } else {
                    SectionChange::Same
                };
                SectionDiff { title: s.title.clone(), change, before: f.rows, after: s.rows }
            }
        })
        .collect();
    sections.extend(
        first
            .sections
            .iter()
            .filter(|f| !now.sections.iter().any(|s| s.id == f.id))
            .map(|f| SectionDiff { title: f.title.clone(), change: SectionChange::Removed, before: f.rows, after: 0 }),
    );
    let lines = |m: &Manifest| m.withheld.iter().map(withheld_line).collect::<Vec<_>>();
    Diff { sections, files: list_diff(&first.files, &now.files), withheld: list_diff(&lines(first), &lines(now)) }
}

/// The reason note: required, at most [`REASON_MAX`] characters; returned trimmed.
pub fn reason(raw: &str) -> Result<String, FieldError> {
    let r = kit::input::normalize(raw).trim().to_string();
    if r.is_empty() {
        return Err(FieldError::new("reason", Problem::Required));
    }
    if r.chars().count() > REASON_MAX {
        return Err(FieldError::new("reason", Problem::TooLong));
    }
    Ok(r)
}

/// A re-issue's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReissueStatus {
    Pending,
    Approved,
    Cancelled,
}

kit::codes!(ReissueStatus {
    Pending => "pending": "承認待ち", "Awaiting approval",
    Approved => "approved": "承認済み（再交付しました）", "Approved (re-issued)",
    Cancelled => "cancelled": "取り消し", "Cancelled",
});

/// One re-issue as the staff page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReissueLine {
    pub id: i64,
    pub status: ReissueStatus,
    pub reason: String,
    pub prepared_by: String,
    /// Asia/Tokyo, `YYYY-MM-DD HH:MM`.
    pub prepared_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    /// Compared with the first delivery; None when the first delivery has no record
    /// file by file (frozen before the portal kept one).
    pub diff: Option<Diff>,
    /// The first delivery's digest and size (always on record).
    pub first_sha256: Option<String>,
    pub first_bytes: Option<i64>,
    pub sha256: String,
    pub bytes: i64,
    /// The caller prepared it (and so may not approve it).
    pub own: bool,
}

/// The re-issue section of the staff package page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReissuePanel {
    /// Released for download and its period over: a re-issue may be prepared.
    pub eligible: bool,
    pub can_prepare: bool,
    /// The caller is a 責任者 (approves or cancels).
    pub can_decide: bool,
    pub pending: Option<ReissueLine>,
    /// Earlier re-issues, newest first.
    pub history: Vec<ReissueLine>,
}

#[cfg(test)]
mod tests;
