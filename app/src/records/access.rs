//! Reading the record back: what a member sees of staff access to their data (アクセス履歴)
//! and what the auditor (監査) searches. Types, plain-word labels and query parsing — pure.

use serde::{Deserialize, Serialize};

use kit::form::{DateErrorKind, FieldError, Problem};
use kit::i18n::Lang;
use kit::access::StaffRole;

use super::texts::RecordsText;
use crate::platform::audit::Action;

/// Lines per page of the access history and the auditor's search.
pub const PAGE_SIZE: i64 = 50;
/// The highest page number accepted (beyond it, narrow the search).
pub const PAGE_MAX: i64 = 10_000;

/// One staff access to a member's data, as the member sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLine {
    /// Asia/Tokyo, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub staff_number: String,
    /// The staff member's roles at the time of the access.
    pub roles: Vec<StaffRole>,
    pub action: String,
    pub purpose: Option<String>,
}

/// One page of a member's access history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessHistory {
    pub lines: Vec<AccessLine>,
    pub page: i64,
    pub has_next: bool,
}

/// What the access was, in plain words: the action's label from the one vocabulary
/// ([`Action`]). Unknown actions read as a generic access rather than leaking a code.
pub fn action_words(action: &str, lang: Lang) -> &'static str {
    match Action::from_code(action) {
        Some(a) => a.label(lang),
        None => if lang == Lang::Ja { "あなたの情報にアクセスしました" } else { "Accessed your data" },
    }
}

/// Why, in plain words: a receipt number names the request; known tasks are described.
pub fn purpose_words(purpose: Option<&str>, lang: Lang) -> String {
    let t = RecordsText::of(lang);
    match purpose {
        None => t.purpose_none.to_string(),
        Some("account help") => t.purpose_account_help.into(),
        Some("second factor reset") => t.purpose_second_factor_reset.into(),
        Some("letter outbox") => t.purpose_letter_outbox.into(),
        Some(p) if p.starts_with("letter ") => t.purpose_letter.into(),
        Some(p) if is_receipt(p) => t.purpose_request(p),
        Some(_) => t.purpose_other.into(),
    }
}

/// A 受付番号 (`YYYYMMDD-NNNN…`).
fn is_receipt(s: &str) -> bool {
    let Some((day, n)) = s.split_once('-') else { return false };
    day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
}

/// An audit event's roles column (`reviewer,approver`), as roles.
pub fn roles_of(column: Option<&str>) -> Vec<StaffRole> {
    column.unwrap_or_default().split(',').filter_map(StaffRole::from_code).collect()
}


/// A page number from a query string: empty is 1; anything else must be 1..=PAGE_MAX.
pub fn parse_page(raw: &str) -> Option<i64> {
    match raw.trim() {
        "" => Some(1),
        p => p.parse::<i64>().ok().filter(|n| (1..=PAGE_MAX).contains(n)),
    }
}

/// The auditor's search as it arrives (every field a string, so that malformed values are
/// named back field by field instead of failing the whole request).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditParams {
    /// A staff number, or `member:<id>`, or `system`.
    #[serde(default)]
    pub actor: String,
    /// The subject member's id.
    #[serde(default)]
    pub subject: String,
    /// An action code, or its prefix ending in `.` (e.g. `request.`).
    #[serde(default)]
    pub action: String,
    /// Tokyo dates, `YYYY-MM-DD`, both ends included.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// `allowed`, `refused` or empty for both.
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub page: String,
}

/// Whose actions to find.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActorFilter {
    Staff(String),
    Member(i64),
    System,
}

/// A checked search.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub actor: Option<ActorFilter>,
    pub subject: Option<i64>,
    /// Exact code, or a prefix when it ends with `.`.
    pub action: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    /// `Some(true)` allowed only, `Some(false)` refused only.
    pub allowed: Option<bool>,
    pub page: i64,
}

/// Longest accepted actor or action text.
const TEXT_MAX: usize = 64;

fn strict_date(raw: &str) -> Result<Option<chrono::NaiveDate>, Problem> {
    let raw = kit::input::normalize(raw);
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let shape = raw.len() == 10 && raw.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return Err(Problem::Date(DateErrorKind::Format));
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").map(Some).map_err(|_| Problem::Date(DateErrorKind::NoSuchDate))
}

impl AuditParams {
    pub fn parse(&self) -> Result<AuditQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, problem: Problem| errors.push(FieldError::new(field, problem));
        let actor_raw = kit::input::normalize(&self.actor).trim().to_string();
        let actor = if actor_raw.is_empty() {
            None
        } else if actor_raw.chars().count() > TEXT_MAX {
            bad("actor", Problem::TooLong);
            None
        } else if actor_raw == "system" {
            Some(ActorFilter::System)
        } else if let Some(id) = actor_raw.strip_prefix("member:") {
            match id.parse::<i64>() {
                Ok(n) if n > 0 => Some(ActorFilter::Member(n)),
                _ => {
                    bad("actor", Problem::Digits);
                    None
                }
            }
        } else if actor_raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            Some(ActorFilter::Staff(actor_raw.to_uppercase()))
        } else {
            bad("actor", Problem::StaffNumber);
            None
        };
        let subject_raw = kit::input::normalize(&self.subject).trim().to_string();
        let subject = match subject_raw.as_str() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    bad("subject", Problem::Digits);
                    None
                }
            },
        };
        let action_raw = self.action.trim();
        let action = if action_raw.is_empty() {
            None
        } else if action_raw.len() <= TEXT_MAX && action_raw.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_') {
            Some(action_raw.to_string())
        } else {
            bad("action", Problem::Choice);
            None
        };
        let from = strict_date(&self.from).unwrap_or_else(|p| {
            bad("from", p);
            None
        });
        let to = strict_date(&self.to).unwrap_or_else(|p| {
            bad("to", p);
            None
        });
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            bad("to", Problem::PeriodOrder);
        }
        let allowed = match self.outcome.as_str() {
            "" => None,
            "allowed" => Some(true),
            "refused" => Some(false),
            _ => {
                bad("outcome", Problem::Choice);
                None
            }
        };
        let page = parse_page(&self.page).unwrap_or_else(|| {
            bad("page", Problem::Page);
            1
        });
        if errors.is_empty() { Ok(AuditQuery { actor, subject, action, from, to, allowed, page }) } else { Err(errors) }
    }
}

impl AuditQuery {
    /// The query string that reproduces this search on another page.
    pub fn to_params(&self, page: i64) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        match &self.actor {
            Some(ActorFilter::Staff(n)) => pairs.push(("actor", n.clone())),
            Some(ActorFilter::Member(id)) => pairs.push(("actor", format!("member:{id}"))),
            Some(ActorFilter::System) => pairs.push(("actor", "system".into())),
            None => {}
        }
        if let Some(s) = self.subject {
            pairs.push(("subject", s.to_string()));
        }
        if let Some(a) = &self.action {
            pairs.push(("action", a.clone()));
        }
        if let Some(f) = self.from {
            pairs.push(("from", f.to_string()));
        }
        if let Some(t) = self.to {
            pairs.push(("to", t.to_string()));
        }
        match self.allowed {
            Some(true) => pairs.push(("outcome", "allowed".into())),
            Some(false) => pairs.push(("outcome", "refused".into())),
            None => {}
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", urlencoding::encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The UTC instants bounding the Tokyo dates (from inclusive, to exclusive), in the
    /// stored text form.
    pub fn instants(&self) -> (Option<String>, Option<String>) {
        let start = |d: chrono::NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(kit::time::tokyo()).single())
                .map(|t| t.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string())
        };
        (self.from.and_then(start), self.to.and_then(|d| d.succ_opt()).and_then(start))
    }
}

/// One audit event as the auditor sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    /// Asia/Tokyo.
    pub at: String,
    /// `staff S001`, `member 12`, `system sealer`, `anonymous`.
    pub actor: String,
    pub roles: Vec<StaffRole>,
    pub subject_member_id: Option<i64>,
    pub action: String,
    pub data_category: Option<String>,
    pub record_ref: Option<String>,
    pub purpose: Option<String>,
    pub allowed: bool,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditResults {
    pub query: AuditQuery,
    pub lines: Vec<AuditLine>,
    pub has_next: bool,
}

/// The chain's state as last verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainStatus {
    /// When (Tokyo).
    pub verified_at: String,
    /// By whom, as recorded (`staff S001` or `system`): the page says it in words.
    #[serde(default)]
    pub verified_by: String,
    pub ok: bool,
    pub sealed: i64,
    pub checkpoints_checked: usize,
    /// Whether a checkpoint file is configured for this server.
    pub checkpoint_file: bool,
    pub broken: Option<crate::platform::audit::chain::Broken>,
    /// The first event outside the chain added behind the application's back.
    pub inserted: Option<i64>,
    pub unsealed_stale: i64,
}

/// Everything the auditor's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditorPage {
    pub results: AuditResults,
    /// Staff reads of a member's data while no request of that member was open.
    pub unusual: Vec<AuditLine>,
    pub chain: Option<ChainStatus>,
}

/// The CSV header of an audit export.
pub const CSV_COLUMNS: [&str; 12] = [
    "id", "occurred_at_jst", "actor", "roles", "subject_member_id", "action", "data_category", "record_ref", "purpose",
    "outcome", "ip", "user_agent",
];

/// One audit line as a CSV row.
pub fn csv_row(l: &AuditLine) -> String {
    let roles = l.roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(" ");
    let cells = [
        l.id.to_string(),
        l.at.clone(),
        l.actor.clone(),
        roles,
        l.subject_member_id.map(|s| s.to_string()).unwrap_or_default(),
        l.action.clone(),
        l.data_category.clone().unwrap_or_default(),
        l.record_ref.clone().unwrap_or_default(),
        l.purpose.clone().unwrap_or_default(),
        if l.allowed { "allowed" } else { "refused" }.to_string(),
        l.ip.clone().unwrap_or_default(),
        l.user_agent.clone().unwrap_or_default(),
    ];
    kit::csv::line(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> AuditParams {
        let mut p = AuditParams::default();
        for (k, v) in pairs {
            let v = v.to_string();
            match *k {
                "actor" => p.actor = v,
                "subject" => p.subject = v,
                "action" => p.action = v,
                "from" => p.from = v,
                "to" => p.to = v,
                "outcome" => p.outcome = v,
                "page" => p.page = v,
                _ => unreachable!(),
            }
        }
        p
    }

    fn problems(p: AuditParams) -> Vec<(String, Problem)> {
        p.parse().err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn an_empty_search_finds_everything_from_page_one() {
        assert_eq!(AuditParams::default().parse(), Ok(AuditQuery { page: 1, ..AuditQuery::default() }));
    }

    #[test]
    fn a_full_search_reads_every_field() {
        let q = params(&[
            ("actor", "s001"),
            ("subject", "１２"),
            ("action", "registry.view"),
            ("from", "2026-11-01"),
            ("to", "2026-11-30"),
            ("outcome", "allowed"),
            ("page", "2"),
        ])
        .parse()
        .unwrap();
        assert_eq!(q.actor, Some(ActorFilter::Staff("S001".into())));
        assert_eq!(q.subject, Some(12));
        assert_eq!(q.action.as_deref(), Some("registry.view"));
        assert_eq!(q.allowed, Some(true));
        assert_eq!(q.page, 2);
        // The query string round-trips.
        let back = q.to_params(2);
        assert_eq!(back, "actor=S001&subject=12&action=registry.view&from=2026-11-01&to=2026-11-30&outcome=allowed&page=2");
        assert_eq!(params(&[("actor", "member:7")]).parse().unwrap().actor, Some(ActorFilter::Member(7)));
        assert_eq!(params(&[("actor", "system")]).parse().unwrap().actor, Some(ActorFilter::System));
    }

    #[test]
    fn malformed_filters_are_named_by_field() {
        let p = params(&[
            ("actor", "S001'; DROP"),
            ("subject", "12a"),
            ("action", "Registry View"),
            ("from", "2026/11/01"),
            ("to", "2026-02-30"),
            ("outcome", "maybe"),
            ("page", "0"),
        ]);
        assert_eq!(
            problems(p),
            vec![
                ("actor".into(), Problem::StaffNumber),
                ("subject".into(), Problem::Digits),
                ("action".into(), Problem::Choice),
                ("from".into(), Problem::Date(DateErrorKind::Format)),
                ("to".into(), Problem::Date(DateErrorKind::NoSuchDate)),
                ("outcome".into(), Problem::Choice),
                ("page".into(), Problem::Page),
            ]
        );
        for subject in ["0", "-3", "99999999999999999999999"] {
            assert_eq!(problems(params(&[("subject", subject)])), vec![("subject".into(), Problem::Digits)], "{subject}");
        }
        assert_eq!(problems(params(&[("actor", "member:x")])), vec![("actor".into(), Problem::Digits)]);
        assert_eq!(problems(params(&[("actor", &"A".repeat(65))])), vec![("actor".into(), Problem::TooLong)]);
        assert_eq!(problems(params(&[("page", "10001")])), vec![("page".into(), Problem::Page)]);
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused() {
        assert_eq!(
            problems(params(&[("from", "2026-11-10"), ("to", "2026-11-09")])),
            vec![("to".into(), Problem::PeriodOrder)]
        );
        assert!(params(&[("from", "2026-11-10"), ("to", "2026-11-10")]).parse().is_ok());
    }

    #[test]
    fn tokyo_dates_bound_utc_instants() {
        let q = params(&[("from", "2026-11-22"), ("to", "2026-11-22")]).parse().unwrap();
        assert_eq!(
            q.instants(),
            (Some("2026-11-21T15:00:00.000000Z".into()), Some("2026-11-22T15:00:00.000000Z".into()))
        );
        assert_eq!(AuditQuery::default().instants(), (None, None));
    }

    #[test]
    fn purposes_and_actions_are_plain_words() {
        assert_eq!(purpose_words(Some("20261122-0001"), Lang::Ja), "お申し出 20261122-0001 の処理");
        assert_eq!(purpose_words(Some("account help"), Lang::Ja), "アカウントのお手伝い");
        assert_eq!(purpose_words(None, Lang::En), "Not recorded");
        assert_eq!(purpose_words(Some("20261122-"), Lang::Ja), "その他の業務");
        assert!(action_words("registry.view", Lang::Ja).contains("登録情報"));
        assert_eq!(action_words("something.new", Lang::Ja), "あなたの情報にアクセスしました");
        assert_eq!(action_words("something.new", Lang::En), "Accessed your data");
    }

    /// The words members already read in their access history stay as they were.
    #[test]
    fn the_words_members_read_stay_the_same() {
        for (code, ja, en) in [
            ("registry.view", "登録情報（資格・住所など）を確認しました", "Looked at your registered details (coverage, address)"),
            ("staff.member_lookup", "窓口・電話でのお手伝いのため、登録情報を確認しました", "Looked up your registration to help you at the counter or by phone"),
            ("staff.identity_checked", "窓口で本人確認をして、認証アプリの再設定を行いました", "Checked your identity at the counter and reset your authenticator app"),
            ("account.closed", "アカウントを閉じました", "Closed the account"),
            ("letter.issued", "郵送する書面（確認コード）を作成しました", "Prepared a letter (confirmation code) for you"),
            ("letter.print", "郵送する書面を宛名付きで印刷しました", "Printed a letter addressed to you"),
            ("letter.posted", "書面を郵送しました", "Posted a letter to you"),
            ("request.view", "お申し出の内容を確認しました", "Read your request"),
            ("request.attachment", "お申し出の添付書類を確認しました", "Opened a document attached to your request"),
            ("request.act", "お申し出の手続を進めました", "Worked on your request"),
            ("request.intake", "紙・窓口のお申し出を受け付けました", "Entered your paper or counter request"),
            ("request.letter", "お申し出への回答書を確認しました", "Read the answer letter to your request"),
        ] {
            assert_eq!(action_words(code, Lang::Ja), ja, "{code}");
            assert_eq!(action_words(code, Lang::En), en, "{code}");
        }
    }

    #[test]
    fn roles_are_read_from_the_stored_list() {
        assert_eq!(roles_of(Some("reviewer,approver")), vec![StaffRole::Reviewer, StaffRole::Approver]);
        assert_eq!(roles_of(Some("reviewer,unknown")), vec![StaffRole::Reviewer]);
        assert!(roles_of(None).is_empty());
    }

    #[test]
    fn csv_rows_quote_and_defuse() {
        let l = AuditLine {
            id: 1,
            at: "2026-11-22 10:00:00".into(),
            actor: "staff S001".into(),
            roles: vec![StaffRole::Reviewer, StaffRole::Approver],
            subject_member_id: Some(3),
            action: "registry.view".into(),
            data_category: Some("registry".into()),
            record_ref: Some("members/3".into()),
            purpose: Some("=HYPERLINK(\"x\")".into()),
            allowed: true,
            ip: Some("127.0.0.1".into()),
            user_agent: Some("Mozilla, 5.0".into()),
        };
        assert_eq!(
            csv_row(&l),
            "1,2026-11-22 10:00:00,staff S001,reviewer approver,3,registry.view,registry,members/3,\"'=HYPERLINK(\"\"x\"\")\",allowed,127.0.0.1,\"Mozilla, 5.0\"\r\n"
        );
    }
}
