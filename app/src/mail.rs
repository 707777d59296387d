//! Outgoing email (server only): each message is written as an RFC 5322 file into a drop
//! directory, atomically (temp file, then rename), for the mail transfer agent to send
//! (e.g. a spool that postfix or an SMTP relay picks up). Only verified addresses receive
//! mail other than the verification itself. Message bodies are never logged.

use std::path::PathBuf;

use base64::Engine;

use crate::error::AppError;

#[derive(Clone, Debug, Default)]
pub enum Mailer {
    /// No transport configured: sending fails with "unavailable".
    #[default]
    Disabled,
    DropDir(PathBuf),
}

impl Mailer {
    pub async fn send(&self, from: &str, to: &str, subject: &str, body: &str) -> Result<(), AppError> {
        let Mailer::DropDir(dir) = self else {
            tracing::warn!("mail not sent: no mail transport configured (MADOGUCHI_MAIL_DIR)");
            return Err(AppError::Unavailable);
        };
        let message = format_message(from, to, subject, body);
        let name = format!(
            "{}-{}.eml",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
            hex::encode(crate::identity::secrets::random_bytes::<6>())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_cannot_be_injected() {
        let m = format_message("a@example.jp", "b@example.jp\r\nBcc: evil@example.com", "件名\r\nX: y", "本文");
        assert!(!m.contains("\r\nBcc:"));
        assert!(!m.contains("\r\nX: y"));
        assert!(m.contains("Subject: =?UTF-8?B?"));
    }
}
