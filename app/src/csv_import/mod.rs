//! What every import of a core-system CSV export shares (the registry, the レセプト
//! system's 医療費 lines): decoding UTF-8 or Shift_JIS/CP932, finding the columns by their
//! Japanese headers, and a report that names every rejected line with its reasons.
//! A caller imports only when nothing was rejected, so nothing is ever half-imported.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;

/// Why a line was rejected (the column is named where one is at fault).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum LineProblem {
    MissingColumn(String),
    WrongFieldCount {
        expected: usize,
        found: usize,
    },
    Empty(&'static str),
    Invalid(&'static str),
    TooLong(&'static str),
    /// 外字 or a byte sequence that does not map to Unicode.
    Unmappable(&'static str),
    LostBeforeAcquired,
    DuplicateKey {
        first_line: usize,
    },
    Unreadable,
    /// An amount below zero.
    Negative(&'static str),
    /// A part larger than its whole (e.g. 窓口負担額 above 医療費総額).
    Exceeds {
        part: &'static str,
        whole: &'static str,
    },
    /// The 記号・番号・枝番 is not in the registry.
    UnknownMember,
    /// A month of care that has not happened yet, or before the records kept.
    MonthOutOfRange,
    /// A column breaks one of its form's rules (the same rules as typing it in).
    Rule {
        column: &'static str,
        problem: kit::form::Problem,
    },
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineProblem::MissingColumn(c) => write!(f, "見出し行に列「{c}」がありません"),
            LineProblem::WrongFieldCount { expected, found } => {
                write!(f, "項目数が{found}です（{expected}のはずです）")
            }
            LineProblem::Empty(c) => write!(f, "「{c}」が空です"),
            LineProblem::Invalid(c) => write!(f, "「{c}」の形式が正しくありません"),
            LineProblem::TooLong(c) => write!(f, "「{c}」が長すぎます"),
            LineProblem::Unmappable(c) => write!(f, "「{c}」に変換できない文字（外字）があります"),
            LineProblem::LostBeforeAcquired => write!(f, "資格喪失日が資格取得日より前です"),
            LineProblem::DuplicateKey { first_line } => write!(f, "{first_line}行目と同じ内容の行です（キーが重複しています）"),
            LineProblem::Unreadable => write!(f, "CSVとして読み取れません"),
            LineProblem::Negative(c) => write!(f, "「{c}」がマイナスです"),
            LineProblem::Exceeds { part, whole } => write!(f, "「{part}」が「{whole}」を超えています"),
            LineProblem::UnknownMember => write!(f, "その記号・番号・枝番の方は資格情報にありません"),
            LineProblem::MonthOutOfRange => write!(f, "「診療年月」が範囲外です（未来の月、または保存期間より前）"),
            LineProblem::Rule { column, problem } => {
                write!(f, "「{column}」: {}", kit::form::problem_message(*problem, kit::texts::IdText::of(kit::i18n::Lang::Ja)))
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectedLine {
    /// 1-based line number in the file (the header is line 1).
    pub line: usize,
    pub problems: Vec<LineProblem>,
}

/// 外字: CP932's user-defined area decodes into the Private Use Area; U+FFFD marks bytes
/// that decode to nothing.
pub fn unmappable(s: &str) -> bool {
    s.chars().any(|c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c))
}

/// The whole report as people read it: one line per rejected line, its reasons joined.
pub fn describe(rejected: &[RejectedLine]) -> Vec<String> {
    rejected
        .iter()
        .map(|r| {
            let reasons: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
            format!("{}行目: {}", r.line, reasons.join("、"))
        })
        .collect()
}

/// How an import started from a staff page ended (or that it is still running).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobStatus {
    Running,
    /// `lines` imported: `inserted` new, `updated` corrected, `unchanged` as they were.
    Imported { lines: usize, inserted: u64, updated: u64, unchanged: u64 },
    /// Nothing imported: every rejected line with its reasons.
    Rejected { lines: Vec<String> },
    /// Nothing imported: the database failed (details are in the server log).
    Failed,
}

/// An import started from a staff page, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    pub id: u64,
    /// `notices` or `provisions`: which page it belongs to.
    pub kind: String,
    /// The roles of that page: only they may follow the job (kept on the server).
    #[serde(skip)]
    pub roles: Vec<kit::access::StaffRole>,
    pub file_name: String,
    pub done: usize,
    pub total: usize,
    pub cp932: bool,
    pub status: JobStatus,
}

impl JobView {
    pub fn percent(&self) -> usize {
        match self.status {
            JobStatus::Running => (self.done * 100).checked_div(self.total).unwrap_or(0),
            _ => 100,
        }
    }
}

kit::catalogue! {
    /// The words of an import's page (staff pages only).
    ImportText, import_text;
    importing: "取り込んでいます。この画面は自動で更新されます。", "Importing; this page refreshes by itself.";
    failed: "取り込めませんでした（何も登録していません）。時間をおいてやり直してください。", "The import failed and nothing was stored; please try again later.";
    csv_file: "CSVファイル", "CSV file";
    choose_file: "ファイルを選んでください。", "Please choose a file.";
    import_button: "取り込む", "Import";
}
kit::catalogue! { impl ImportText;
    progress(percent: usize, done: usize, total: usize): "進み具合: {percent}%（{done} / {total} 行）", "Progress: {percent}% ({done} of {total} lines)";
    imported(lines: usize, inserted: u64, updated: u64, unchanged: u64):
        "取込完了: {lines} 行（新規 {inserted} 件、訂正 {updated} 件、変更なし {unchanged} 件）",
        "Imported {lines} lines: {inserted} new, {updated} corrected, {unchanged} unchanged.";
    rejected(count: usize): "取り込みませんでした: {count} 行に問題があります（1行も登録していません）", "Nothing imported: {count} lines have problems.";
}

/// An import's progress and outcome on its page. While it runs, the page asks the browser
/// to reload it every second, so the bar moves without JavaScript.
pub fn job_panel(j: JobView) -> impl IntoView {
    let t = import_text();
    let running = j.status == JobStatus::Running;
    let percent = j.percent();
    let state = match &j.status {
        JobStatus::Running => "running",
        JobStatus::Imported { .. } => "imported",
        JobStatus::Rejected { .. } => "rejected",
        JobStatus::Failed => "failed",
    };
    view! {
        {running.then(|| view! { <leptos_meta::Meta http_equiv="refresh" content="1"/> })}
        <section class="card import-job" aria-labelledby="job" data-status=state>
            <h2 id="job">{j.file_name.clone()}</h2>
            <label for="job-progress">{t.progress(percent, j.done, j.total)}</label>
            <progress id="job-progress" max="100" value=percent.to_string()>{format!("{percent}%")}</progress>
            {match j.status {
                JobStatus::Running => view! { <p role="status">{t.importing}</p> }.into_any(),
                JobStatus::Imported { lines, inserted, updated, unchanged } => view! {
                    <p class="notice notice--ok" role="status">{t.imported(lines, inserted, updated, unchanged)}</p>
                }.into_any(),
                JobStatus::Rejected { lines } => view! {
                    <div class="notice notice--error" role="alert">
                        <p>{t.rejected(lines.len())}</p>
                        <ul class="import-problems">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                JobStatus::Failed => view! { <p class="notice notice--error" role="alert">{t.failed}</p> }.into_any(),
            }}
        </section>
    }
}

/// A file field and its button, posting (multipart) to an upload handler of the server.
pub fn upload_form(action: &'static str, missing: bool) -> impl IntoView {
    let t = import_text();
    view! {
        <form method="post" action=action enctype="multipart/form-data" class="form">
            <div class="field">
                <label for="import-file">{t.csv_file}</label>
                {missing.then(|| view! { <p class="field__error" id="f-file-error">{t.choose_file}</p> })}
                <input id="import-file" name="file" type="file" accept=".csv,text/csv" required/>
            </div>
            <button type="submit" class="button">{t.import_button}</button>
        </form>
    }
}

/// The status of an import started from a staff page, for the roles of its page.
#[server(prefix = "/api/staff", endpoint = "imports/status", input = leptos::server_fn::codec::GetUrl)]
pub async fn import_status(#[server(default)] job: String) -> Result<Option<JobView>, kit::error::AppError> {
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(kit::access::StaffRole::ALL.as_slice())).await?;
    let state = crate::platform::state::app_state()?;
    let Some(j) = job.trim().parse::<u64>().ok().and_then(|id| state.feature::<crate::csv_import::store::Jobs>().get(id)) else { return Ok(None) };
    match &caller {
        Caller::Staff { roles: held, .. } if held.iter().any(|r| j.roles.contains(r)) => Ok(Some(j)),
        _ => Err(kit::error::AppError::Forbidden),
    }
}
