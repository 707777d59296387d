//! The queue's filter as the GET form sends it: parsed into a query (a malformed value is
//! answered next to its field) and written back as a query string for the next page.

use serde::{Deserialize, Serialize};

use crate::requests::lifecycle::Status;
use kit::form::{FieldError, Problem};
use kit::rights::RequestType;

/// Which statuses to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    /// The society still owes something (the default).
    Open,
    /// 補正依頼中: waiting on the requester (the sweep reminds, then closes).
    Waiting,
    All,
    One(Status),
}

impl StatusFilter {
    /// The statuses a filter shows (empty: no restriction).
    pub fn statuses(self) -> Vec<Status> {
        match self {
            StatusFilter::Open => Status::ALL.into_iter().filter(|s| s.clock_runs()).collect(),
            StatusFilter::Waiting => Status::ALL.into_iter().filter(|s| s.waits_on_member()).collect(),
            StatusFilter::All => Vec::new(),
            StatusFilter::One(s) => vec![s],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueFilter {
    Overdue,
    /// Fewer than 5 business days left (amber), or overdue.
    Soon,
    /// Due within 3 days from today (calendar days), or overdue: 「期限3日以内」.
    ThreeDays,
}

impl DueFilter {
    fn code(self) -> &'static str {
        match self {
            DueFilter::Overdue => "overdue",
            DueFilter::Soon => "soon",
            DueFilter::ThreeDays => "3days",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssigneeFilter {
    Me,
    Nobody,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Earliest due first (the default): what must be answered next.
    Due,
    /// Newest first.
    Received,
    /// 重要度, then 緊急度, then due.
    Priority,
}

/// What to search for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Search {
    /// A 受付番号 or its beginning (`20261122-0001`, `20261122`).
    Receipt(String),
    /// The beginning of a subject's name or kana.
    Name(String),
}

/// A parsed queue query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueQuery {
    pub request_type: Option<RequestType>,
    pub status: StatusFilter,
    pub due: Option<DueFilter>,
    pub assignee: Option<AssigneeFilter>,
    pub search: Option<Search>,
    pub sort: Sort,
    /// 1-based.
    pub page: i64,
}

impl Default for QueueQuery {
    fn default() -> Self {
        QueueQuery { request_type: None, status: StatusFilter::Open, due: None, assignee: None, search: None, sort: Sort::Due, page: 1 }
    }
}

/// The raw query as the form sends it (every field optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueParams {
    #[serde(default)]
    pub r#type: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub assignee: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

/// The longest search accepted.
pub const SEARCH_MAX: usize = 40;

impl QueueParams {
    /// Sets the field a query key names (a saved filter read back); false for a key the
    /// queue does not have.
    pub fn set(&mut self, key: &str, value: String) -> bool {
        match key {
            "type" => self.r#type = value,
            "status" => self.status = value,
            "due" => self.due = value,
            "assignee" => self.assignee = value,
            "q" => self.q = value,
            "sort" => self.sort = value,
            "page" => self.page = value,
            _ => return false,
        }
        true
    }

    pub fn parse(&self) -> Result<QueueQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, problem: Problem| errors.push(FieldError::new(field, problem));
        let request_type = match self.r#type.as_str() {
            "" => None,
            code => RequestType::from_code(code).or_else(|| {
                bad("type", Problem::Choice);
                None
            }),
        };
        let status = match self.status.as_str() {
            "" | "open" => StatusFilter::Open,
            "waiting" => StatusFilter::Waiting,
            "all" => StatusFilter::All,
            code => Status::from_code(code).map(StatusFilter::One).unwrap_or_else(|| {
                bad("status", Problem::Choice);
                StatusFilter::Open
            }),
        };
        let due = match self.due.as_str() {
            "" => None,
            "overdue" => Some(DueFilter::Overdue),
            "soon" => Some(DueFilter::Soon),
            "3days" => Some(DueFilter::ThreeDays),
            _ => {
                bad("due", Problem::Choice);
                None
            }
        };
        let assignee = match self.assignee.as_str() {
            "" => None,
            "me" => Some(AssigneeFilter::Me),
            "nobody" => Some(AssigneeFilter::Nobody),
            _ => {
                bad("assignee", Problem::Choice);
                None
            }
        };
        let sort = match self.sort.as_str() {
            "" | "due" => Sort::Due,
            "received" => Sort::Received,
            "priority" => Sort::Priority,
            _ => {
                bad("sort", Problem::Choice);
                Sort::Due
            }
        };
        let page = match self.page.trim() {
            "" => 1,
            p => match p.parse::<i64>() {
                Ok(n) if (1..=100_000).contains(&n) => n,
                _ => {
                    bad("page", Problem::Page);
                    1
                }
            },
        };
        let q = kit::input::normalize(&self.q).trim().to_string();
        let search = if q.chars().count() > SEARCH_MAX {
            bad("q", Problem::TooLong);
            None
        } else if q.is_empty() {
            None
        } else if q.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            Some(Search::Receipt(q))
        } else if q.chars().any(char::is_control) {
            bad("q", Problem::Choice);
            None
        } else {
            Some(Search::Name(q))
        };
        if errors.is_empty() {
            Ok(QueueQuery { request_type, status, due, assignee, search, sort, page })
        } else {
            Err(errors)
        }
    }
}

impl QueueQuery {
    /// The query string that reproduces this query on another page.
    pub fn to_params(&self, page: i64) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if let Some(t) = self.request_type {
            parts.push(("type", t.code().into()));
        }
        match self.status {
            StatusFilter::Open => {}
            StatusFilter::Waiting => parts.push(("status", "waiting".into())),
            StatusFilter::All => parts.push(("status", "all".into())),
            StatusFilter::One(s) => parts.push(("status", s.code().into())),
        }
        if let Some(d) = self.due {
            parts.push(("due", d.code().into()));
        }
        if let Some(a) = self.assignee {
            parts.push(("assignee", if a == AssigneeFilter::Me { "me" } else { "nobody" }.into()));
        }
        match &self.search {
            Some(Search::Receipt(q) | Search::Name(q)) => parts.push(("q", q.clone())),
            None => {}
        }
        match self.sort {
            Sort::Due => {}
            Sort::Received => parts.push(("sort", "received".into())),
            Sort::Priority => parts.push(("sort", "priority".into())),
        }
        if page > 1 {
            parts.push(("page", page.to_string()));
        }
        parts.iter().map(|(k, v)| format!("{k}={}", urlencoding::encode(v))).collect::<Vec<_>>().join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> QueueParams {
        let mut p = QueueParams::default();
        for (k, v) in pairs {
            assert!(p.set(k, v.to_string()), "{k}");
        }
        p
    }

    fn fields(r: Result<QueueQuery, Vec<FieldError>>) -> Vec<(String, Problem)> {
        r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn the_open_queue_is_every_status_the_society_still_owes_an_answer_in() {
        let open = StatusFilter::Open.statuses();
        for s in Status::ALL {
            assert_eq!(open.contains(&s), !s.is_closed() && s != Status::Notified, "{s:?}");
        }
        assert!(open.contains(&Status::PendingDismissal), "a proposed 却下 stays in the queue");
        assert_eq!(StatusFilter::Waiting.statuses(), vec![Status::NeedsDocuments, Status::NeedsInput]);
        assert!(StatusFilter::All.statuses().is_empty());
    }

    #[test]
    fn an_empty_query_is_the_open_queue_by_due_date() {
        assert_eq!(QueueParams::default().parse(), Ok(QueueQuery::default()));
        assert_eq!(QueueQuery::default().to_params(1), "");
    }

    #[test]
    fn every_filter_is_parsed_and_written_back_the_same() {
        let q = params(&[
            ("type", "disclosure"),
            ("status", "pending_approval"),
            ("due", "overdue"),
            ("assignee", "me"),
            ("q", "20261122-00"),
            ("sort", "priority"),
            ("page", "3"),
        ])
        .parse()
        .unwrap();
        assert_eq!(q.request_type, Some(RequestType::Disclosure));
        assert_eq!(q.status, StatusFilter::One(Status::PendingApproval));
        assert_eq!(q.search, Some(Search::Receipt("20261122-00".into())));
        assert_eq!((q.sort, q.page), (Sort::Priority, 3));
        assert_eq!(
            q.to_params(3),
            "type=disclosure&status=pending_approval&due=overdue&assignee=me&q=20261122-00&sort=priority&page=3"
        );
    }

    #[test]
    fn each_due_filter_is_written_back_as_it_was_chosen() {
        for (code, due) in [("overdue", DueFilter::Overdue), ("soon", DueFilter::Soon), ("3days", DueFilter::ThreeDays)] {
            let q = params(&[("due", code), ("assignee", "me")]).parse().unwrap();
            assert_eq!(q.due, Some(due));
            assert_eq!(q.to_params(1), format!("due={code}&assignee=me"));
        }
    }

    #[test]
    fn a_name_search_is_normalised_and_kept_as_a_name() {
        let q = params(&[("q", " 山田　太郎 ")]).parse().unwrap();
        assert_eq!(q.search, Some(Search::Name("山田 太郎".into())));
        assert_eq!(q.to_params(1), "q=%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E");
    }

    #[test]
    fn malformed_values_are_named_by_field() {
        let r = params(&[("type", "x"), ("status", "deleted"), ("due", "yesterday"), ("assignee", "7"), ("sort", "name; DROP"), ("page", "0")]).parse();
        assert_eq!(
            fields(r),
            vec![
                ("type".into(), Problem::Choice),
                ("status".into(), Problem::Choice),
                ("due".into(), Problem::Choice),
                ("assignee".into(), Problem::Choice),
                ("sort".into(), Problem::Choice),
                ("page".into(), Problem::Page),
            ]
        );
        for page in ["-1", "abc", "1e3", "99999999999999999999", "100001"] {
            assert_eq!(fields(params(&[("page", page)]).parse()), vec![("page".into(), Problem::Page)], "{page}");
        }
        assert_eq!(fields(params(&[("q", &"あ".repeat(SEARCH_MAX + 1))]).parse()), vec![("q".into(), Problem::TooLong)]);
    }
}
