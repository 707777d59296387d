//! `madoguchi add-staff`: adds a staff member (the first administrator, or any staff
//! member) and prints the one-time setup code to hand over in person.

use kit::access::StaffRole;
use app::platform::audit::{Actor, RequestMeta};
use app::platform::state::AppState;
use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::startup::{StartError, build_state};

pub async fn run(
    config: &Config,
    leptos_options: LeptosOptions,
    staff_number: &str,
    name: &str,
    roles: &[String],
) -> Result<(), StartError> {
    // Roles are checked before the database is opened.
    let parsed: Option<Vec<_>> = roles.iter().map(|r| StaffRole::parse(r)).collect();
    let roles = parsed
        .ok_or_else(|| StartError::Config("unknown role (use intake, reviewer, approver, auditor, admin)".into()))?;
    let state = build_state(config, leptos_options).await?;
    let code = add(&state, staff_number, name, &roles).await?;
    println!("staff {staff_number} added; setup code (hand over in person, valid 7 days): {code}");
    Ok(())
}

/// Adds the staff member from today, approved as "cli"; returns their setup code.
pub async fn add(state: &AppState, staff_number: &str, name: &str, roles: &[StaffRole]) -> Result<String, StartError> {
    let today = kit::time::tokyo_date(state.clock.now());
    app::staff::accounts::add_staff(
        state,
        &RequestMeta::default(),
        Actor::System("add-staff"),
        "cli",
        staff_number,
        name,
        roles,
        today,
    )
    .await
    .map_err(|e| StartError::Config(format!("cannot add staff member: {e:?}")))
}
