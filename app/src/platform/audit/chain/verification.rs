//! What verification found, as the auditor's page and the CLI show it: the first broken
//! link and why, stale and inserted events, and the words for each.

use serde::{Deserialize, Serialize};

/// Why a link is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Break {
    /// The event no longer hashes to its link: it was changed.
    Changed,
    /// The link's event is gone.
    Missing,
    /// A position is missing: links were removed.
    Gap,
    /// The chain disagrees with a checkpoint written outside the database: it was rebuilt
    /// (or cut short).
    Checkpoint,
    /// The event carries no valid MAC (or repeats another's): the application did not
    /// write it as it stands — it was added behind its back, or changed and sealed again.
    Forged,
}

// What happened, in words for the auditor's page and the CLI (the codes are the serde names).
kit::codes!(Break {
    Changed => "changed": "封印後に記録が書き換えられています", "the event was changed after it was sealed",
    Missing => "missing": "封印された記録が削除されています", "the event was deleted",
    Gap => "gap": "連結の一部が取り除かれています", "links were removed from the chain",
    Checkpoint => "checkpoint":
        "データベース外のチェックポイントと一致しません（作り直し・切り詰めの疑い）",
        "the chain differs from the checkpoint written outside the database (rebuilt or cut short)",
    Forged => "forged":
        "アプリケーションの署名（MAC）が合いません：記録が追加されたか、書き換えて封印し直されています",
        "no valid MAC from the application: the event was added, or changed and sealed again",
});

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broken {
    pub position: i64,
    /// The event at that position, where there is one.
    pub event_id: Option<i64>,
    pub why: Break,
}

/// What verification found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// Links checked.
    pub sealed: i64,
    /// The first broken link (lowest position), if any.
    pub broken: Option<Broken>,
    /// Events older than [`STALE_SECONDS`](super::STALE_SECONDS) that no seal covers.
    pub unsealed_stale: i64,
    /// The first event outside the chain that was added behind the application's back: it
    /// carries no valid MAC, or it lies among sealed events, where the sealer never looks.
    #[serde(default)]
    pub inserted: Option<i64>,
    pub checkpoints_checked: usize,
}

kit::catalogue! {
    /// What verification found, in words for the auditor's page and the CLI.
    ChainText, chain_text;
    // What [`Verification::inserted`] means.
    inserted: "アプリケーションを通さずに追加された記録です（有効な署名（MAC）がないか、封印済みの記録の間にあります）",
        "added behind the application's back (no valid MAC, or placed among sealed events)";
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.broken.is_none() && self.unsealed_stale == 0 && self.inserted.is_none()
    }
}
