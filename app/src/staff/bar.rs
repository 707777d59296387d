//! The staff area's own header: the society, who is signed in with their roles in
//! Japanese, sign-out, and a navigation showing only the tasks the roles may use.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{StaffLogout, load_staff_home};
use crate::staff::texts::StaffText;
use kit::access::StaffRole;
use kit::i18n::use_lang;
use kit::texts::id_text;

/// The staff tasks of the navigation: the page and who may use it.
fn tasks(tx: &'static StaffText) -> [(&'static str, &'static str, &'static [StaffRole]); 8] {
    [
        ("/staff/requests", tx.nav_queue, crate::requests::READ_ROLES),
        ("/staff/intake", tx.nav_intake, crate::requests::intake::INTAKE_ROLES),
        // The member help page's HELP_ROLES and CLOSE_ROLES together.
        ("/staff/members", tx.nav_members, &[StaffRole::Intake, StaffRole::Approver, StaffRole::Admin]),
        ("/staff/publication", tx.nav_publication, crate::publication::drafts::EDIT_ROLES),
        ("/staff/provisions", tx.nav_provisions, crate::ledger::READ_ROLES),
        ("/staff/templates", tx.nav_templates, super::templates::TEMPLATE_ROLES),
        ("/staff/reports", tx.nav_reports, super::reports::REPORT_ROLES),
        ("/staff/audit", tx.nav_audit, crate::records::auditor::AUDIT_ROLES),
    ]
}

/// Who is signed in and the navigation, under the header of every `/staff` page (the shell
/// adds the area's name and the language switch); nothing without a staff session.
#[component]
pub fn StaffBar(signed_in: bool, current: String) -> impl IntoView {
    let lang = use_lang();
    let tx = StaffText::of(lang);
    let who = signed_in.then(|| Suspend::new(async move {
        let home = load_staff_home().await.ok()?;
        let roles = home.roles.iter().map(|r| r.label(lang)).collect::<Vec<_>>().join("・");
        let links = tasks(tx)
            .into_iter()
            .filter(|(_, _, may)| home.roles.iter().any(|r| may.contains(r)))
            .map(|(href, label, _)| {
                let here = current == href || current.starts_with(&format!("{href}/"));
                view! { <li><a href=href aria-current=here.then_some("page")>{label}</a></li> }
            })
            .collect_view();
        Some(view! {
            <div class="staff-header__who">
                <span class="staff-header__society" lang="ja">{home.society.clone()}</span>
                <span data-staff-who=""><span lang="ja">{home.name.clone()}</span>{format!("（{roles}）")}</span>
                <form method="post" action=StaffLogout::url() class="logout">
                    <button type="submit" class="button button--secondary button--small">{id_text().logout}</button>
                </form>
            </div>
            <nav class="staff-nav" aria-label=tx.nav_label>
                <ul>{links}</ul>
            </nav>
        })
    }));
    view! { {who} }
}
