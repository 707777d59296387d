//! Carrying decisions out. A decision helps the member only once it is done:
//! - [`package`]: the 開示 package (33条) as files, with redaction that removes (pure);
//! - `store` (server only): assembling, freezing with the decision, releasing on approval,
//!   one-time download tickets, the posting record of 書面;
//! - [`corrections`]: approved 訂正 (34条) as instructions for the core system, settled by
//!   a later registry import, and 利用停止等 (35条) markings;
//! - [`views`]: the staff package page and the member's download section;
//! - [`texts`]: what they say (35条 markings in plain words among it).

pub mod corrections;
pub mod package;
pub mod reissue;
#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;
pub mod views;

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::access::StaffRole;
use kit::rights::RequestType;
use package::{Ground, Section};

/// Who assembles packages (the approver may fix one before approving).
pub const PACKAGE_ROLES: &[StaffRole] = &[StaffRole::Reviewer, StaffRole::Approver];

/// A file added to a package, as staff see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLine {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub size_bytes: i64,
    /// This is the redacted replacement of that file.
    pub replaces: Option<i64>,
    pub ground: Option<Ground>,
    pub note: String,
    pub withdrawn: bool,
    /// A copy of the レセプト from the core system: the 医療機関 it is from.
    #[serde(default)]
    pub receipt_of: Option<String>,
}

/// One file inside the frozen archive.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveEntry {
    pub name: String,
    pub size_bytes: i64,
}

/// One item left out of a package, as the member reads it (「資格情報: 住所」) and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withheld {
    pub item: String,
    pub ground: Ground,
}

/// The staff package page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageView {
    pub receipt: String,
    pub request_type: RequestType,
    pub exists: bool,
    pub can_start: bool,
    pub editable: bool,
    /// open, frozen or released.
    pub status: String,
    pub revision: i64,
    pub by_download: bool,
    pub sections: Vec<Section>,
    /// (item key, ground, note).
    pub exclusions: Vec<(String, Ground, String)>,
    /// The exclusions as the member will read them, each with its ground.
    pub withheld: Vec<Withheld>,
    pub files: Vec<FileLine>,
    pub archive: Vec<ArchiveEntry>,
    pub archive_sha256: Option<String>,
    pub expires_at: Option<String>,
    pub posted_on: Option<String>,
    pub status_final: bool,
    pub approval_pending: bool,
    /// The 医療機関 that answered 支障なし to the 照会: a レセプト copy may name one (id, name).
    #[serde(default)]
    pub receipt_providers: Vec<(i64, String)>,
    /// 再交付 after the download period.
    #[serde(default)]
    pub reissue: reissue::ReissuePanel,
}

impl Default for PackageView {
    fn default() -> Self {
        PackageView {
            receipt: String::new(),
            request_type: RequestType::Disclosure,
            exists: false,
            can_start: false,
            editable: false,
            status: String::new(),
            revision: 0,
            by_download: false,
            sections: Vec::new(),
            exclusions: Vec::new(),
            withheld: Vec::new(),
            files: Vec::new(),
            archive: Vec::new(),
            archive_sha256: None,
            expires_at: None,
            posted_on: None,
            status_final: false,
            approval_pending: false,
            receipt_providers: Vec::new(),
            reissue: reissue::ReissuePanel::default(),
        }
    }
}

/// What the member's request page shows of a released package.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPackage {
    /// Download in the portal (else it is posted).
    pub by_download: bool,
    /// Asia/Tokyo, `YYYY-MM-DD HH:MM`.
    pub expires_at: Option<String>,
    pub expired: bool,
    /// The package holds the PDF summary the member can open on its own.
    #[serde(default)]
    pub has_pdf: bool,
    pub size_bytes: i64,
    pub sha256: String,
    pub posted_on: Option<String>,
    /// Each download, Asia/Tokyo.
    pub downloads: Vec<String>,
}

/// Requests whose result is a package.
pub fn packaged(t: RequestType) -> bool {
    matches!(t, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure)
}

/// The staff page of a request's package, where its endpoints send the browser back.
pub fn package_page(receipt: &str) -> String {
    format!("/staff/requests/{}/package", receipt.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(32).collect::<String>())
}

#[server(prefix = "/api/staff", endpoint = "package", input = GetUrl)]
pub async fn staff_package(receipt: String) -> Result<PackageView, AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(crate::requests::READ_ROLES)).await?;
    store::view(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, &receipt).await
}

#[server(prefix = "/api/staff", endpoint = "package/start")]
pub async fn package_start(receipt: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(PACKAGE_ROLES)).await?;
    let page = package_page(&receipt);
    let result = async {
        store::start(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, &receipt).await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// Leaves `item` out under `ground` (33条2項), or puts it back when `ground` is `include`.
#[server(prefix = "/api/staff", endpoint = "package/exclude")]
pub async fn package_exclude(receipt: String, revision: String, item: String, ground: String, #[server(default)] note: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(PACKAGE_ROLES)).await?;
    let page = package_page(&receipt);
    let result = async {
        let revision = revision.parse().map_err(|_| AppError::BadRequest)?;
        let ground = (ground != "include").then_some(ground.as_str());
        let state = crate::platform::state::app_state()?;
        store::set_exclusion(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt, revision, &item, ground, &note).await?;
        Ok(format!("{page}#item-{}", item.replace('.', "-")))
    }
    .await;
    kit::form::respond(result, &page)
}

/// Adds a file (`title`, `supporting` file; `inquiry`: the 照会 of the 医療機関 whose
/// レセプト copy it is) or its redacted version (`replaces`, `ground`, `note`).
#[server(prefix = "/api/staff", endpoint = "package/file", input = MultipartFormData)]
pub async fn package_file(data: MultipartData) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = match guard(Access::Staff(PACKAGE_ROLES)).await {
        Ok(c) => c,
        Err(e) => return Err(crate::requests::store::refuse_unread(data, e).await),
    };
    let state = crate::platform::state::app_state()?;
    let read = crate::requests::store::read_multipart(data, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes).await;
    let (fields, uploads) = match read {
        Ok(r) => r,
        Err(e) => return Err(e),
    };
    let one = |name: &str| crate::requests::draft::one(&fields, name).to_string();
    let receipt = one("receipt");
    let page = package_page(&receipt);
    let result = async {
        let revision = one("revision").parse().map_err(|_| AppError::BadRequest)?;
        let replaces = match one("replaces").as_str() {
            "" => None,
            id => Some(id.parse::<i64>().map_err(|_| AppError::BadRequest)?),
        };
        let (ground, note) = (one("ground"), one("note"));
        let inquiry = match one("inquiry").as_str() {
            "" => None,
            id => Some(id.parse::<i64>().map_err(|_| AppError::Invalid(vec![kit::form::FieldError::new("inquiry", kit::form::Problem::Choice)]))?),
        };
        let upload = uploads.first().map(|u| (u.file_name.as_str(), u.bytes.as_slice()));
        store::add_file(
            &state,
            &crate::platform::audit::store::request_meta(),
            &caller,
            &receipt,
            revision,
            store::NewFile { title: &one("title"), receipt_inquiry: inquiry },
            upload,
            replaces.map(|id| (id, ground.as_str(), note.as_str())),
        )
        .await?;
        Ok(format!("{page}#file-list"))
    }
    .await;
    kit::form::respond(result, &format!("{page}#file-list"))
}

#[server(prefix = "/api/staff", endpoint = "package/withdraw")]
pub async fn package_withdraw(receipt: String, revision: String, file: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(PACKAGE_ROLES)).await?;
    let page = package_page(&receipt);
    let result = async {
        let revision = revision.parse().map_err(|_| AppError::BadRequest)?;
        let file = file.parse().map_err(|_| AppError::BadRequest)?;
        store::withdraw_file(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, &receipt, revision, file).await?;
        Ok(format!("{page}#file-list"))
    }
    .await;
    kit::form::respond(result, &format!("{page}#file-list"))
}

/// 書面: the date the package was posted.
#[server(prefix = "/api/staff", endpoint = "package/posted")]
pub async fn package_posted(receipt: String, posted_on: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(crate::requests::CASE_ROLES)).await?;
    let page = package_page(&receipt);
    let result = async {
        store::record_posting(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, &receipt, &posted_on).await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &format!("{page}#posting"))
}

/// The member asks to download: after a recent sign-in (step-up), a one-time ticket,
/// and the browser goes to it — for the whole archive, or (`file` = `summary.pdf`) the PDF
/// summary alone, which a phone opens as it is.
#[server(prefix = "/api", endpoint = "package/download")]
pub async fn package_download(receipt: String, #[server(default)] file: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let page = format!("/requests/{}", receipt.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(32).collect::<String>());
    let result = async {
        let caller = guard(Access::Member(kit::access::MemberAction::DownloadPackage)).await?;
        let token = store::ticket(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, &receipt).await?;
        Ok(if file == package::SUMMARY_PDF { format!("/packages/{token}?file={}", package::SUMMARY_PDF) } else { format!("/packages/{token}") })
    }
    .await;
    kit::form::respond(result, &format!("{page}#package"))
}
