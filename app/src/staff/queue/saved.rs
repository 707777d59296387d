//! What each staff member keeps of the queue: filters saved under a name (「自分の担当・期限3日
//! 以内」), one click away above the queue, and whether their single-key shortcuts are on
//! (WCAG 2.1.4 lets them be switched off).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::QueueParams;
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// How many filters one person keeps, and the longest name.
pub const SAVED_MAX: i64 = 20;
pub const NAME_MAX: usize = 40;

/// A saved filter: its name and the queue's query string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFilter {
    pub id: i64,
    pub name: String,
    pub query: String,
}

/// A query string read back into the queue's parameters (unknown keys ignored, as the
/// queue's own GET form would send them).
pub fn params_of(query: &str) -> QueueParams {
    let mut p = QueueParams::default();
    for pair in query.split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = urlencoding::decode(&v.replace('+', " ")).map(|v| v.into_owned()).unwrap_or_default();
        // A saved filter always opens at its first page.
        if k != "page" {
            p.set(k, v);
        }
    }
    p
}

/// A filter as posted, checked: its name, and its query as the queue writes it (always
/// from the first page).
pub fn check(name: &str, query: &str) -> Result<(String, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = kit::input::normalize(name).trim().to_string();
    if name.is_empty() {
        errors.push(FieldError::new("name", Problem::Required));
    } else if name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        errors.push(FieldError::new("name", Problem::TooLong));
    }
    let query = match params_of(query).parse() {
        Ok(q) => q.to_params(1),
        Err(mut e) => {
            errors.append(&mut e);
            String::new()
        }
    };
    if errors.is_empty() { Ok((name, query)) } else { Err(errors) }
}

/// The queue's address for a query string.
pub fn queue_link(query: &str) -> String {
    if query.is_empty() { "/staff/requests".to_string() } else { format!("/staff/requests?{query}") }
}

/// Saves the filter the queue shows now under a name; back to that queue, or to it with the
/// problem next to the name.
#[server(prefix = "/api/staff", endpoint = "queue/filters/save")]
pub async fn save_queue_filter(name: String, query: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(crate::requests::READ_ROLES)).await?;
    let back = queue_link(&params_of(&query).parse().map(|q| q.to_params(1)).unwrap_or_default());
    let result = async {
        let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
        let (name, query) = check(&name, &query).map_err(AppError::Invalid)?;
        let state = crate::platform::state::app_state()?;
        super::store::saved::save(&state, staff_id, &name, &query).await?;
        Ok(queue_link(&query))
    }
    .await;
    kit::form::respond(result, &back)
}

/// Removes one of the caller's own saved filters (another's is Not found).
#[server(prefix = "/api/staff", endpoint = "queue/filters/remove")]
pub async fn remove_queue_filter(id: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(crate::requests::READ_ROLES)).await?;
    let result = async {
        let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
        let id = id.trim().parse::<i64>().map_err(|_| AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        super::store::saved::remove(&state, staff_id, id).await?;
        Ok("/staff/requests".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/requests")
}

/// Switches the caller's single-key shortcuts on (`on=1`) or off; back to the queue as it was.
#[server(prefix = "/api/staff", endpoint = "queue/shortcuts")]
pub async fn set_queue_shortcuts(#[server(default)] on: String, #[server(default)] back: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(crate::requests::READ_ROLES)).await?;
    let back = queue_link(&params_of(back.strip_prefix("/staff/requests?").unwrap_or("")).parse().map(|q| q.to_params(1)).unwrap_or_default());
    let result = async {
        let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
        let on = match on.as_str() {
            "1" => true,
            "" | "0" => false,
            _ => return Err(AppError::BadRequest),
        };
        let state = crate::platform::state::app_state()?;
        super::store::saved::set_shortcuts(&state, staff_id, on).await?;
        Ok(back.clone())
    }
    .await;
    kit::form::respond(result, &back)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_filter_is_the_queue_query_as_the_queue_writes_it() {
        assert_eq!(check(" 自分の担当・期限3日以内 ", "assignee=me&due=3days&page=4"), Ok(("自分の担当・期限3日以内".into(), "due=3days&assignee=me".into())));
        assert_eq!(check("名前検索", "q=%E5%B1%B1%E7%94%B0+%E5%A4%AA%E9%83%8E&x=1"), Ok(("名前検索".into(), "q=%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E".into())));
        assert_eq!(check("すべて", ""), Ok(("すべて".into(), String::new())));
    }

    #[test]
    fn a_bad_name_or_query_is_named_by_field() {
        let fields = |r: Result<(String, String), Vec<FieldError>>| r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect::<Vec<_>>();
        assert_eq!(fields(check("  ", "due=3days")), vec![("name".into(), Problem::Required)]);
        assert_eq!(fields(check(&"名".repeat(NAME_MAX + 1), "")), vec![("name".into(), Problem::TooLong)]);
        assert_eq!(fields(check("改行\u{7}", "")), vec![("name".into(), Problem::TooLong)]);
        assert_eq!(fields(check("壊れた条件", "due=tomorrow&sort=x")), vec![("due".into(), Problem::Choice), ("sort".into(), Problem::Choice)]);
        // Broken percent-encoding reads as nothing rather than failing.
        assert_eq!(check("壊れた文字", "q=%FF%FE"), Ok(("壊れた文字".into(), String::new())));
    }

    #[test]
    fn links_go_to_the_queue_only() {
        assert_eq!(queue_link(""), "/staff/requests");
        assert_eq!(queue_link("due=3days"), "/staff/requests?due=3days");
    }
}
