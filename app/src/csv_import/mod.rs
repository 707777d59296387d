//! What every import of a core-system CSV export shares (the registry, the レセプト
//! system's 医療費 lines): decoding UTF-8 or Shift_JIS/CP932, finding the columns by their
//! Japanese headers, and a report that names every rejected line with its reasons.
//! A caller imports only when nothing was rejected, so nothing is ever half-imported.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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

/// Bytes of a core-system export as text: UTF-8 (with or without BOM) or Shift_JIS/CP932.
/// Returns the text and whether it was decoded as CP932.
#[cfg(feature = "ssr")]
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), false),
        // Undecodable bytes become U+FFFD and are reported per line as unmappable.
        Err(_) => (encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes).0.into_owned(), true),
    }
}

/// 外字: CP932's user-defined area decodes into the Private Use Area; U+FFFD marks bytes
/// that decode to nothing.
pub fn unmappable(s: &str) -> bool {
    s.chars().any(|c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c))
}

/// Lines checked on one thread; a larger file is split among the cores (a month of
/// 医療費のお知らせ is about 165,000 lines, and checking them is most of an import's work
/// before it writes).
#[cfg(feature = "ssr")]
const LINES_PER_THREAD: usize = 16_384;

/// Reads every data line of `text`, whose header names `columns` in any order, and hands
/// each non-blank line to `parse` with a lookup by column position in `columns`. Lines
/// `parse` refuses, lines of the wrong width and unreadable lines are collected with
/// their line numbers, in line order; a missing column rejects the header and reads nothing.
#[cfg(feature = "ssr")]
pub fn read_lines<T: Send, const N: usize>(
    text: &str,
    columns: &[&str; N],
    parse: impl for<'r> Fn(&'r dyn Fn(usize) -> &'r str) -> Result<T, Vec<LineProblem>> + Sync,
) -> (Vec<(usize, T)>, Vec<RejectedLine>) {
    use kit::input::normalize;
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(normalize).collect(),
        Err(_) => return (Vec::new(), vec![RejectedLine { line: 1, problems: vec![LineProblem::Unreadable] }]),
    };
    let mut index = [0usize; N];
    let mut missing = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        match headers.iter().position(|h| h == column) {
            Some(p) => index[i] = p,
            None => missing.push(LineProblem::MissingColumn((*column).to_string())),
        }
    }
    if !missing.is_empty() {
        return (Vec::new(), vec![RejectedLine { line: 1, problems: missing }]);
    }
    // First the records (quick), then the checks (the work), so that the checks can share
    // the cores: a record may span lines, so the text cannot simply be cut in parts.
    let mut records: Vec<(usize, Result<csv::StringRecord, LineProblem>)> = Vec::new();
    loop {
        let line = reader.position().line() as usize;
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line() as usize);
                if !record.iter().all(|f| f.trim().is_empty()) {
                    records.push((line, Ok(record)));
                }
            }
            Err(e) => records.push((e.position().map_or(line, |p| p.line() as usize), Err(LineProblem::Unreadable))),
        }
    }
    let check = |part: &[(usize, Result<csv::StringRecord, LineProblem>)]| {
        let (mut good, mut rejected) = (Vec::new(), Vec::new());
        for (line, record) in part {
            let result = match record {
                Err(problem) => Err(vec![problem.clone()]),
                Ok(record) if record.len() != headers.len() => {
                    Err(vec![LineProblem::WrongFieldCount { expected: headers.len(), found: record.len() }])
                }
                Ok(record) => {
                    let field = |i: usize| index.get(i).and_then(|&p| record.get(p)).unwrap_or("");
                    parse(&field)
                }
            };
            match result {
                Ok(value) => good.push((*line, value)),
                Err(problems) => rejected.push(RejectedLine { line: *line, problems }),
            }
        }
        (good, rejected)
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let per_thread = records.len().div_ceil(threads).max(LINES_PER_THREAD);
    if records.len() <= per_thread {
        return check(&records);
    }
    let parts: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = records.chunks(per_thread).map(|part| scope.spawn(|| check(part))).collect();
        // A panic in a check is a bug; it is passed on as it would be on one thread.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let (mut good, mut rejected) = (Vec::with_capacity(records.len()), Vec::new());
    for (g, r) in parts {
        good.extend(g);
        rejected.extend(r);
    }
    (good, rejected)
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

#[cfg(feature = "ssr")]
pub use jobs::Jobs;

#[cfg(feature = "ssr")]
mod jobs {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, MutexGuard};

    use super::{JobStatus, JobView};

    /// How many jobs are remembered; running jobs are never forgotten.
    pub const KEPT: usize = 100;

    /// The imports started from staff pages since the server started. Progress lives in
    /// memory: on SQLite a running import holds the write lock, so it cannot be written to
    /// the database meanwhile.
    #[derive(Clone, Debug, Default)]
    pub struct Jobs(Arc<(Mutex<(u64, HashMap<u64, JobView>)>, tokio::sync::Notify)>);

    impl Jobs {
        fn lock(&self) -> MutexGuard<'_, (u64, HashMap<u64, JobView>)> {
            // A panic while holding the lock leaves plain data behind: keep using it.
            self.0.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
        }

        pub fn start(&self, kind: &str, roles: &[kit::access::StaffRole], file_name: &str) -> u64 {
            let mut jobs = self.lock();
            jobs.0 += 1;
            let id = jobs.0;
            let view = JobView {
                id,
                kind: kind.to_string(),
                roles: roles.to_vec(),
                file_name: file_name.to_string(),
                done: 0,
                total: 0,
                cp932: false,
                status: JobStatus::Running,
            };
            jobs.1.insert(id, view);
            // Forget the oldest finished jobs beyond KEPT (their pages then say so); a
            // rejected file's report can be long, and the server runs for months.
            let mut finished: Vec<u64> = jobs.1.values().filter(|j| j.status != JobStatus::Running).map(|j| j.id).collect();
            finished.sort_unstable();
            let excess = jobs.1.len().saturating_sub(KEPT);
            for old in finished.into_iter().take(excess) {
                jobs.1.remove(&old);
            }
            id
        }

        pub fn progress(&self, id: u64, done: usize, total: usize) {
            if let Some(j) = self.lock().1.get_mut(&id) {
                (j.done, j.total) = (done, total);
            }
        }

        pub fn finish(&self, id: u64, cp932: bool, status: JobStatus) {
            if let Some(j) = self.lock().1.get_mut(&id) {
                j.cp932 = cp932;
                if let JobStatus::Imported { lines, .. } = status {
                    (j.done, j.total) = (lines, lines);
                }
                j.status = status;
            }
            self.0.1.notify_waiters();
        }

        pub fn get(&self, id: u64) -> Option<JobView> {
            self.lock().1.get(&id).cloned()
        }

        /// Waits until job `id` has ended (for callers that cannot poll a page).
        pub async fn finished(&self, id: u64) -> Option<JobView> {
            loop {
                let ended = self.0.1.notified();
                tokio::pin!(ended);
                ended.as_mut().enable();
                match self.get(id) {
                    Some(j) if j.status == JobStatus::Running => ended.await,
                    other => return other,
                }
            }
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
    use crate::identity::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(kit::access::StaffRole::ALL.as_slice())).await?;
    let state = crate::platform::state::app_state()?;
    let Some(j) = job.trim().parse::<u64>().ok().and_then(|id| state.feature::<crate::csv_import::Jobs>().get(id)) else { return Ok(None) };
    match &caller {
        Caller::Staff { roles: held, .. } if held.iter().any(|r| j.roles.contains(r)) => Ok(Some(j)),
        _ => Err(kit::error::AppError::Forbidden),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::jobs::KEPT;
    use super::{JobStatus, Jobs, LineProblem, read_lines};

    /// A file large enough to be checked on several threads gives what one thread would:
    /// every line, numbered as in the file (a quoted line break included), in order.
    #[test]
    fn a_large_file_is_checked_in_parts_with_line_numbers_kept() {
        let mut text = String::from("b,a\n");
        let mut want_bad = Vec::new();
        let mut line = 1;
        for i in 0..50_000 {
            line += 1;
            if i == 20_000 {
                // One record over two lines.
                text.push_str("\"two\nlines\",x\n");
                line += 1;
                continue;
            }
            if i % 997 == 0 {
                want_bad.push(line);
                text.push_str("bad,\n");
            } else {
                text.push_str(&format!("{i},{line}\n"));
            }
        }
        let (good, rejected) = read_lines(&text, &["a", "b"], |field| {
            if field(0).is_empty() { Err(vec![LineProblem::Empty("a")]) } else { Ok((field(0).to_string(), field(1).to_string())) }
        });
        assert_eq!(rejected.iter().map(|r| r.line).collect::<Vec<_>>(), want_bad);
        assert_eq!(good.len() + rejected.len(), 50_000);
        assert!(good.windows(2).all(|w| w[0].0 < w[1].0), "in line order");
        for (line, (a, b)) in &good {
            if b == "two\nlines" {
                assert_eq!((*line, a.as_str()), (20_002, "x"));
            } else {
                assert_eq!(a.parse::<usize>().ok(), Some(*line), "line {line} read as {a}");
            }
        }
    }

    #[test]
    fn the_oldest_finished_jobs_are_forgotten_and_running_ones_never() {
        let jobs = Jobs::default();
        let running = jobs.start("notices", &[], "long.csv");
        let first = jobs.start("notices", &[], "a.csv");
        jobs.finish(first, false, JobStatus::Failed);
        let mut last = first;
        for i in 0..KEPT {
            last = jobs.start("provisions", &[], &format!("{i}.csv"));
            jobs.finish(last, false, JobStatus::Rejected { lines: vec!["2行目: …".into()] });
        }
        assert!(jobs.get(running).is_some(), "a running job is kept");
        assert!(jobs.get(first).is_none(), "the oldest finished job is forgotten");
        assert!(jobs.get(first + 1).is_none(), "as many as exceed the limit");
        assert!(jobs.get(first + 2).is_some());
        assert_eq!(jobs.get(last).map(|j| j.file_name), Some(format!("{}.csv", KEPT - 1)));
    }
}
