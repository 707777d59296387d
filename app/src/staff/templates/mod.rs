//! 文例: the reply and 補正依頼 texts staff keep and insert into a message on the case page,
//! with placeholders (`{受付番号}`, `{申出人氏名}` …) filled from the request.
//!
//! Here: the placeholders and the pure rules (parse, check at save, fill), what the pages
//! carry, and the endpoints; `store` (server only) keeps them, `views` is the page where
//! staff maintain them and the picker on the case page.

#[cfg(feature = "ssr")]
pub mod store;
pub mod views;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::form::{FieldError, Problem};
use kit::i18n::Lang;

/// Who keep and use the 文例: those who write to requesters.
pub use crate::requests::CASE_ROLES as TEMPLATE_ROLES;

/// The longest title and body.
pub const TITLE_MAX: usize = 60;
pub const BODY_MAX: usize = 4000;

/// What a 文例 is for: it is offered under this heading on the case page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplateKind {
    /// 補正依頼: asking the requester for a document or a missing answer.
    AskMember,
    /// A reply (a message).
    Reply,
}

kit::codes!(TemplateKind {
    AskMember => "ask_member": "補正依頼", "Request for more information",
    Reply => "reply": "返信", "Reply",
});

/// A value taken from the request into the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placeholder {
    Requester,
    Receipt,
    RequestType,
    ReceivedOn,
    DueOn,
    Society,
    Staff,
}

impl Placeholder {
    pub const ALL: [Placeholder; 7] = [
        Placeholder::Requester,
        Placeholder::Receipt,
        Placeholder::RequestType,
        Placeholder::ReceivedOn,
        Placeholder::DueOn,
        Placeholder::Society,
        Placeholder::Staff,
    ];

    /// The name typed between braces: Japanese, or English.
    fn names(self) -> [&'static str; 2] {
        match self {
            Placeholder::Requester => ["申出人氏名", "requester"],
            Placeholder::Receipt => ["受付番号", "receipt"],
            Placeholder::RequestType => ["申出の種類", "request_type"],
            Placeholder::ReceivedOn => ["受付日", "received_on"],
            Placeholder::DueOn => ["回答期限", "due_on"],
            Placeholder::Society => ["組合名", "society"],
            Placeholder::Staff => ["担当者名", "staff"],
        }
    }

    pub fn named(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.names().contains(&name.trim()))
    }

    /// As staff type it, in the page's language (`{受付番号}`).
    pub fn token(self, lang: Lang) -> String {
        let [ja, en] = self.names();
        format!("{{{}}}", if lang == Lang::Ja { ja } else { en })
    }

    /// What it becomes, for the list beside the form.
    pub fn meaning(self, lang: Lang) -> &'static str {
        let ja = lang == Lang::Ja;
        match self {
            Placeholder::Requester => if ja { "申し出た方の氏名（代理人のときは代理人）" } else { "the requester's name (the agent, for an agent)" },
            Placeholder::Receipt => if ja { "受付番号" } else { "the receipt number" },
            Placeholder::RequestType => if ja { "申出の種類（開示、訂正等 など）" } else { "the kind of request" },
            Placeholder::ReceivedOn => if ja { "受け付けた日" } else { "the day it was received" },
            Placeholder::DueOn => if ja { "回答の期限" } else { "the answer's due date" },
            Placeholder::Society => if ja { "健康保険組合の名前" } else { "the society's name" },
            Placeholder::Staff => if ja { "文例を入れた職員の氏名" } else { "the name of the staff member inserting it" },
        }
    }
}

/// A part of a 文例: text as written, or a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Slot(Placeholder),
}

/// Why a body cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Names between braces that are not placeholders, in order, each once.
    Unknown(Vec<String>),
    /// A `{` with no `}` after it.
    Unclosed,
}

/// The body as text and placeholders. `{` opens a placeholder up to the next `}`; a `}`
/// on its own is text. Every unknown name is reported, so staff fix them all at once.
pub fn parse(body: &str) -> Result<Vec<Piece<'_>>, BodyError> {
    let mut pieces = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { return Err(BodyError::Unclosed) };
        let name = &after[..close];
        if name.contains('{') || name.contains('\n') {
            return Err(BodyError::Unclosed);
        }
        match Placeholder::named(name) {
            Some(p) => pieces.push(Piece::Slot(p)),
            None if !unknown.iter().any(|u| u == name.trim()) => unknown.push(name.trim().to_string()),
            None => {}
        }
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    if unknown.is_empty() { Ok(pieces) } else { Err(BodyError::Unknown(unknown)) }
}

/// The values of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FillValues {
    pub requester: String,
    pub receipt: String,
    pub request_type: String,
    pub received_on: String,
    pub due_on: String,
    pub society: String,
    pub staff: String,
}

impl FillValues {
    fn get(&self, p: Placeholder) -> &str {
        match p {
            Placeholder::Requester => &self.requester,
            Placeholder::Receipt => &self.receipt,
            Placeholder::RequestType => &self.request_type,
            Placeholder::ReceivedOn => &self.received_on,
            Placeholder::DueOn => &self.due_on,
            Placeholder::Society => &self.society,
            Placeholder::Staff => &self.staff,
        }
    }
}

/// The text with its placeholders filled. A body that does not parse (saved before a
/// placeholder was renamed, say) comes back as written, for staff to correct by hand.
pub fn fill(body: &str, values: &FillValues) -> String {
    match parse(body) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_string(),
                Piece::Slot(s) => values.get(s).to_string(),
            })
            .collect(),
        Err(_) => body.to_string(),
    }
}

/// A 文例 as posted, checked: every problem named by its field.
pub fn check(title: &str, kind: &str, body: &str) -> Result<(String, TemplateKind, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = kit::input::normalize(title).trim().to_string();
    if title.is_empty() {
        errors.push(FieldError::new("title", Problem::Required));
    } else if title.chars().count() > TITLE_MAX {
        errors.push(FieldError::new("title", Problem::TooLong));
    }
    let kind = TemplateKind::from_code(kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", Problem::Choice));
    }
    let body = body.replace("\r\n", "\n").trim().to_string();
    if body.is_empty() {
        errors.push(FieldError::new("body", Problem::Required));
    } else if body.chars().count() > BODY_MAX {
        errors.push(FieldError::new("body", Problem::TooLong));
    } else {
        match parse(&body) {
            Ok(_) => {}
            Err(BodyError::Unknown(_)) => errors.push(FieldError::new("body", Problem::UnknownPlaceholder)),
            Err(BodyError::Unclosed) => errors.push(FieldError::new("body", Problem::UnclosedPlaceholder)),
        }
    }
    match (errors.is_empty(), kind) {
        (true, Some(kind)) => Ok((title, kind, body)),
        _ => Err(errors),
    }
}

/// A kept 文例.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: i64,
    pub title: String,
    pub kind: TemplateKind,
    pub body: String,
    /// Tokyo time, to the minute.
    pub updated_at: String,
    pub updated_by: String,
}

/// The 文例 page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatesPage {
    pub templates: Vec<Template>,
}

/// What the case page needs to insert a 文例: the choices and this request's values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTemplates {
    pub choices: Vec<Template>,
    pub values: FillValues,
}

#[server(prefix = "/api/staff", endpoint = "templates", input = GetUrl)]
pub async fn load_templates() -> Result<TemplatesPage, AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    guard(Access::Staff(TEMPLATE_ROLES)).await?;
    let state = crate::platform::state::app_state()?;
    Ok(TemplatesPage { templates: store::all(&state).await? })
}

/// Adds a 文例 (`id` empty) or changes one; back to the list, or to the form with the
/// problem next to its field.
#[server(prefix = "/api/staff", endpoint = "templates/save")]
pub async fn save_template(#[server(default)] id: String, title: String, kind: String, body: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(TEMPLATE_ROLES)).await?;
    let back = if id.is_empty() { "/staff/templates".to_string() } else { format!("/staff/templates?edit={}", urlencoding::encode(&id)) };
    let result = async {
        let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
        let id = match id.trim() {
            "" => None,
            n => Some(n.parse::<i64>().map_err(|_| AppError::BadRequest)?),
        };
        let (title, kind, body) = check(&title, &kind, &body).map_err(AppError::Invalid)?;
        let state = crate::platform::state::app_state()?;
        store::save(&state, staff_id, id, &title, kind, &body).await?;
        Ok("/staff/templates?saved=1".to_string())
    }
    .await;
    kit::form::respond(result, &back)
}

#[server(prefix = "/api/staff", endpoint = "templates/remove")]
pub async fn remove_template(id: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    guard(Access::Staff(TEMPLATE_ROLES)).await?;
    let result = async {
        let id = id.trim().parse::<i64>().map_err(|_| AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        store::remove(&state, id).await?;
        Ok("/staff/templates".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/templates")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> FillValues {
        FillValues {
            requester: "山田 花子".into(),
            receipt: "20261207-0001".into(),
            request_type: "開示".into(),
            received_on: "2026年12月7日".into(),
            due_on: "2027年1月6日".into(),
            society: "みなと健康保険組合".into(),
            staff: "佐藤".into(),
        }
    }

    #[test]
    fn every_placeholder_is_filled_by_its_japanese_or_english_name() {
        for p in Placeholder::ALL {
            for lang in [Lang::Ja, Lang::En] {
                let body = format!("[{}]", p.token(lang));
                assert_eq!(fill(&body, &values()), format!("[{}]", values().get(p)), "{body}");
            }
        }
    }

    #[test]
    fn a_template_reads_as_the_request_it_is_used_on() {
        let body = "{申出人氏名} 様\n受付番号 {受付番号}（{申出の種類}）について、{回答期限}までに書類をお送りください。\n{組合名} {担当者名}";
        assert_eq!(
            fill(body, &values()),
            "山田 花子 様\n受付番号 20261207-0001（開示）について、2027年1月6日までに書類をお送りください。\nみなと健康保険組合 佐藤"
        );
    }

    #[test]
    fn text_without_placeholders_and_a_lone_closing_brace_stay_as_written() {
        assert_eq!(parse(""), Ok(vec![]));
        assert_eq!(fill("ありがとうございます。", &values()), "ありがとうございます。");
        assert_eq!(fill("顔文字 } も", &values()), "顔文字 } も");
        assert_eq!(parse("{ 受付番号 }"), Ok(vec![Piece::Slot(Placeholder::Receipt)]), "spaces inside are forgiven");
    }

    #[test]
    fn unknown_names_are_all_reported_once_each() {
        assert_eq!(parse("{氏名}と{住所}と{氏名}と{受付番号}"), Err(BodyError::Unknown(vec!["氏名".into(), "住所".into()])));
        assert_eq!(parse("{}"), Err(BodyError::Unknown(vec![String::new()])));
    }

    #[test]
    fn an_unclosed_brace_is_refused() {
        for body in ["{受付番号", "{受付{番号}", "{受付\n番号}", "ok {受付番号} then {"] {
            assert_eq!(parse(body), Err(BodyError::Unclosed), "{body}");
        }
    }

    #[test]
    fn a_body_that_no_longer_parses_is_inserted_as_written() {
        assert_eq!(fill("{旧項目} 様", &values()), "{旧項目} 様");
    }

    #[test]
    fn check_names_each_field_and_normalises() {
        assert_eq!(check(" 書類のお願い ", "ask_member", "本文\r\n二行目 "), Ok(("書類のお願い".into(), TemplateKind::AskMember, "本文\n二行目".into())));
        let problems = |r: Result<(String, TemplateKind, String), Vec<FieldError>>| {
            r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect::<Vec<_>>()
        };
        assert_eq!(
            problems(check("", "other", "")),
            vec![("title".into(), Problem::Required), ("kind".into(), Problem::Choice), ("body".into(), Problem::Required)]
        );
        assert_eq!(
            problems(check(&"題".repeat(TITLE_MAX + 1), "reply", &"本".repeat(BODY_MAX + 1))),
            vec![("title".into(), Problem::TooLong), ("body".into(), Problem::TooLong)]
        );
        assert_eq!(problems(check("題", "reply", "{氏名} 様")), vec![("body".into(), Problem::UnknownPlaceholder)]);
        assert_eq!(problems(check("題", "reply", "{受付番号")), vec![("body".into(), Problem::UnclosedPlaceholder)]);
        assert_eq!(check("題", "reply", &"本".repeat(BODY_MAX)).map(|(_, k, _)| k), Ok(TemplateKind::Reply));
    }
}
