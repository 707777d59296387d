//! `madoguchi sweep-waiting`: reminds and closes requests that wait on the requester now —
//! a 補正 unanswered, a fee unpaid — (the server also does this hourly), and prints how many.

use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::startup::{StartError, build_state};

pub async fn run(config: &Config, leptos_options: LeptosOptions) -> Result<(), StartError> {
    let state = build_state(config, leptos_options).await?;
    let meta = app::platform::audit::RequestMeta::default();
    let swept = app::requests::store::sweep(&state, &meta).await.map_err(|e| StartError::Config(e.to_string()))?;
    println!("補正の回答待ち: {} 件にお知らせを送り、{} 件を終了しました", swept.reminded, swept.closed);
    println!("手数料のお支払い待ち: {} 件にお知らせを送り、{} 件を終了しました", swept.fees_reminded, swept.fees_closed);
    Ok(())
}
