//! Outgoing email (server only), by one of two transports: SMTP to a relay (the society's
//! mail server or a local MTA, which carries it on with TLS), or RFC 5322 files written
//! atomically into a drop directory for a mail transfer agent to pick up. Without either,
//! messages are only logged as due (never their address or body). Only verified
//! addresses receive mail other than the verification itself.

use std::path::PathBuf;

use base64::Engine;

use kit::error::AppError;

#[derive(Clone, Debug, Default)]
pub enum Mailer {
    /// No transport configured: sending fails with "unavailable".
    #[default]
    Disabled,
    DropDir(PathBuf),
    /// Plain SMTP to a relay on a trusted network (`host`, `port`).
    Smtp { host: String, port: u16 },
}

impl Mailer {
    pub async fn send(&self, from: &str, to: &str, subject: &str, body: &str) -> Result<(), AppError> {
        if let Mailer::Smtp { host, port } = self {
            return send_smtp(host, *port, from, to, subject, body).await;
        }
        let Mailer::DropDir(dir) = self else {
            tracing::warn!("mail not sent: no mail transport configured (MADOGUCHI_MAIL_DIR)");
            return Err(AppError::Unavailable);
        };
        let message = format_message(from, to, subject, body);
        let name = format!(
            "{}-{}.eml",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
            hex::encode(crate::platform::secrets::random_bytes::<6>())
        );
        let dir = dir.clone();
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            std::fs::create_dir_all(&dir)?;
            let tmp = dir.join(format!(".{name}.tmp"));
            std::fs::write(&tmp, message)?;
            std::fs::rename(&tmp, dir.join(&name))
        })
        .await
        .map_err(|e| AppError::internal("mail task", e))?
        .map_err(|e| AppError::internal("mail drop", e))?;
        tracing::info!("mail queued");
        Ok(())
    }
}

async fn send_smtp(host: &str, port: u16, from: &str, to: &str, subject: &str, body: &str) -> Result<(), AppError> {
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
    let message = Message::builder()
        .from(from.parse().map_err(|e| AppError::internal("mail from", e))?)
        .to(to.parse().map_err(|e| AppError::internal("mail to", e))?)
        .subject(subject)
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(body.to_string())
        .map_err(|e| AppError::internal("mail message", e))?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .timeout(Some(std::time::Duration::from_secs(20)))
        .build();
    transport.send(message).await.map_err(|e| AppError::internal("smtp relay", e))?;
    tracing::info!("mail relayed");
    Ok(())
}

/// A plain-text UTF-8 message; the subject is RFC 2047 encoded.
pub fn format_message(from: &str, to: &str, subject: &str, body: &str) -> String {
    let clean = |s: &str| s.chars().filter(|c| !c.is_control()).collect::<String>();
    let subject = format!("=?UTF-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(clean(subject)));
    let body = base64::engine::general_purpose::STANDARD.encode(body.replace('\n', "\r\n"));
    let wrapped: Vec<&str> = body.as_bytes().chunks(76).filter_map(|c| std::str::from_utf8(c).ok()).collect();
    format!(
        "From: {}\r\nTo: {}\r\nSubject: {subject}\r\nDate: {}\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        clean(from),
        clean(to),
        chrono::Utc::now().to_rfc2822(),
        wrapped.join("\r\n")
    )
}

/// The message for a change to a request: the receipt number only, never what was
/// asked or about whom (mail leaves the society's systems).
pub fn request_update(receipt: &str, submitted: bool) -> (String, String) {
    let subject = if submitted { "お申し出を受け付けました（加入者ポータル「窓口」）" } else { "お申し出の状況が変わりました（加入者ポータル「窓口」）" };
    let first = if submitted {
        format!("お申し出を受け付けました。受付番号: {receipt}")
    } else {
        format!("お申し出（受付番号: {receipt}）の状況が変わりました。")
    };
    let body = format!(
        "{first}\n\n内容は、ポータルにログインし「お申し出」の画面でご確認ください。\n\
         このメールには個人情報を記載していません。お心当たりのない場合は、保険証に記載の組合窓口へご連絡ください。\n\n\
         Your request ({receipt}) has an update. Please sign in to the portal to read it.\n"
    );
    (subject.to_string(), body)
}

/// The message telling the member a 開示 result can be downloaded again (再交付), until
/// when: the receipt and the period, nothing about the person.
pub fn package_reissued(receipt: &str, until: &str) -> (String, String) {
    let subject = "開示する資料を、もう一度ダウンロードできます（加入者ポータル「窓口」）".to_string();
    let body = format!(
        "お申し出（受付番号: {receipt}）の開示する資料を、もう一度ダウンロードできるようにしました。\n\
         ダウンロードの期限: {until}\n\n\
         ポータルにログインし「お申し出」の画面からダウンロードしてください。\n\
         このメールには個人情報を記載していません。お心当たりのない場合は、保険証に記載の組合窓口へご連絡ください。\n\n\
         The disclosed data of your request ({receipt}) can be downloaded again until {until} (Japan time). Please sign in to the portal.\n"
    );
    (subject, body)
}

/// The message telling the 責任者 a complaint suggests a 漏えい等: the receipt and where
/// to read it, nothing about the person.
pub fn leak_suspected(receipt: &str) -> (String, String) {
    let subject = format!("【至急】漏えい等のおそれがある苦情を受け付けました（{receipt}）");
    let body = format!(
        "漏えい等のおそれがある苦情を受け付けました。受付番号: {receipt}\n\n\
         職員画面の「お申し出」（/staff/requests/{receipt}）で内容を確認し、確認したことを記録してください。\n\
         個人情報保護委員会への報告や本人への通知（個人情報保護法26条）が必要かどうかの判断をお願いします。\n\
         このメールには個人情報を記載していません。\n"
    );
    (subject, body)
}

/// The message telling members the 公表事項 changed (21条3項). The publication is public,
/// so naming the changed categories discloses nothing about the member.
pub fn publication_changed(label: &str, effective: chrono::NaiveDate, changed: &[String]) -> (String, String) {
    let subject = "個人情報の利用目的など（公表事項）を改定しました（加入者ポータル「窓口」）".to_string();
    let changed_line =
        if changed.is_empty() { String::new() } else { format!("変更された項目: {}\n", changed.join("、")) };
    let body = format!(
        "当組合の「個人情報保護法に基づく公表事項」を改定しました（{label}、{} から適用）。\n{changed_line}\n\
         変更点は、ポータルの「公表事項の改定履歴」（/privacy/history）でご確認いただけます。\n\n\
         We have revised our statement on the use of personal information (effective {}). \
         The changes are shown on the portal's history page (/privacy/history).\n",
        effective.format("%Y年%-m月%-d日"),
        effective,
    );
    (subject, body)
}

/// A message waiting in the outbox.
#[derive(sqlx::FromRow)]
struct Pending {
    id: i64,
    to_address: String,
    subject: String,
    body: String,
}

/// Sends what the outbox holds (a background job calls this every few seconds). Each
/// message is marked sent, or its attempt and a short reason are recorded for a retry.
pub async fn deliver_outbox(state: &crate::platform::state::AppState) -> Result<usize, AppError> {
    let pending: Vec<Pending> = sqlx::query_as(
        "SELECT id, to_address, subject, body FROM mail_outbox WHERE sent_at IS NULL AND attempts < 5 ORDER BY id LIMIT 50",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut sent = 0;
    for Pending { id, to_address, subject, body } in pending {
        let result = match &state.mail {
            // No transport: the log says a message was due (not to whom, not what).
            Mailer::Disabled => {
                tracing::info!(outbox_id = id, "mail not sent (no transport configured); marked as logged");
                Ok(())
            }
            mailer => mailer.send("madoguchi@localhost", &to_address, &subject, &body).await,
        };
        let now = crate::platform::db::instant_text(state.clock.now());
        match result {
            Ok(()) => {
                sqlx::query("UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2")
                    .bind(now)
                    .bind(id)
                    .execute(&state.db.pool)
                    .await?;
                sent += 1;
            }
            Err(_) => {
                sqlx::query("UPDATE mail_outbox SET attempts = attempts + 1, last_error = 'transport' WHERE id = $1")
                    .bind(id)
                    .execute(&state.db.pool)
                    .await?;
            }
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_mail_carries_only_the_receipt_number() {
        let (subject, body) = request_update("20261122-0001", false);
        assert!(subject.contains("状況"));
        assert!(body.contains("20261122-0001"));
        assert!(body.contains("個人情報を記載していません"));
    }

    #[test]
    fn headers_cannot_be_injected() {
        let m = format_message("a@example.jp", "b@example.jp\r\nBcc: evil@example.com", "件名\r\nX: y", "本文");
        assert!(!m.contains("\r\nBcc:"));
        assert!(!m.contains("\r\nX: y"));
        assert!(m.contains("Subject: =?UTF-8?B?"));
    }
}
