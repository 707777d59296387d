//! The server-only half of CSV imports: decoding the bytes, reading the lines on all cores,
//! and the imports running from staff pages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::{JobStatus, JobView, LineProblem, RejectedLine};

/// Bytes of a core-system export as text: UTF-8 (with or without BOM) or Shift_JIS/CP932.
/// Returns the text and whether it was decoded as CP932.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), false),
        // Undecodable bytes become U+FFFD and are reported per line as unmappable.
        Err(_) => (encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes).0.into_owned(), true),
    }
}

/// Lines checked on one thread; a larger file is split among the cores (a month of
/// 医療費のお知らせ is about 165,000 lines, and checking them is most of an import's work
/// before it writes).
const LINES_PER_THREAD: usize = 16_384;

/// Reads every data line of `text`, whose header names `columns` in any order, and hands
/// each non-blank line to `parse` with a lookup by column position in `columns`. Lines
/// `parse` refuses, lines of the wrong width and unreadable lines are collected with
/// their line numbers, in line order; a missing column rejects the header and reads nothing.
pub fn read_lines<T: Send, const N: usize>(
    text: &str,
    columns: &[&str; N],
    parse: impl for<'r> Fn(&'r dyn Fn(usize) -> &'r str) -> Result<T, Vec<LineProblem>> + Sync,
) -> (Vec<(usize, T)>, Vec<RejectedLine>) {
    use kit::input::normalize;
    // Records end at a line feed only: a lone CR (a stray byte, or an old Mac file) would
    // otherwise end a record without starting a line, and two records would share a line
    // number (found by fuzzing). A CR before the LF is trimmed with the field's spaces.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(text.as_bytes());
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

#[cfg(test)]
mod tests {
    use super::{Jobs, KEPT, read_lines};
    use crate::csv_import::{JobStatus, LineProblem};

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
    fn a_lone_carriage_return_never_makes_two_records_share_a_line_number() {
        // Found by fuzzing the notice import: "…,0\r\0\0\0\n" was read as two records on
        // one line, one kept and one refused under the same number.
        let text = "a,b\r\n1,2\r3,4\n5,6\r\n7,8\r\x00\x00\n";
        let (kept, rejected) = read_lines(text, &["a", "b"], |field| Ok::<_, Vec<LineProblem>>(format!("{}|{}", field(0), field(1))));
        let numbers: Vec<usize> = kept.iter().map(|(l, _)| *l).chain(rejected.iter().map(|r| r.line)).collect();
        let mut unique = numbers.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), numbers.len(), "{numbers:?}");
        // The CRLF line reads as its two fields; the lines with a lone CR inside are refused
        // as having the wrong number of fields, or kept with the stray bytes for the
        // line's own checks to refuse.
        assert_eq!(rejected.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2]);
        assert_eq!(kept.iter().map(|(l, v)| (*l, v.trim_end().to_string())).collect::<Vec<_>>(), vec![(3, "5|6".to_string()), (4, "7|8\r\u{0}\u{0}".to_string())]);
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
