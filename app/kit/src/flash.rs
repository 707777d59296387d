//! What a failed form post keeps for the next page: the feedback and the values the
//! person typed, secrets excepted.
//!
//! The server reads the text fields of a browser's form post ([`Typed`], put into the
//! request by a middleware). When the post fails, [`crate::form::respond`] keeps the
//! feedback and the values that may be kept ([`keep`]) in a [`FlashStore`] in memory, for
//! ten minutes at most, and sends the browser back to the form with only an opaque token
//! in the URL. The token is bound to the browser by an HttpOnly cookie; the next page view
//! with both takes the entry (once) and the form is shown again as it was typed.

#[cfg(feature = "ssr")]
use std::collections::HashMap;
#[cfg(feature = "ssr")]
use std::sync::{Arc, Mutex};
#[cfg(feature = "ssr")]
use std::time::{Duration, Instant};

use crate::form::Feedback;

/// The text fields of a browser's form post, in order (a name may repeat: checkboxes).
/// File parts are not included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed(pub Vec<(String, String)>);

/// The feedback of a failed post, taken for this page view (a request extension).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kept(pub Feedback);

/// Pages whose `code` is the 12-character code printed on the letter in the member's hand.
const LETTER_PAGES: [&str; 2] = ["/register/complete", "/reset/complete"];

/// The one rule for what is never kept nor echoed: passwords, second-factor and recovery
/// codes, the step-up confirmation code, tokens, CSRF and idempotency keys.
pub fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    // Nested names (`form[x]`) are judged by their last part.
    let last = name.rsplit('[').next().unwrap_or(&name).trim_end_matches(']');
    ["password", "passwd", "csrf", "token", "secret", "totp", "recovery", "passkey", "credential"]
        .iter()
        .any(|s| name.contains(s))
        || matches!(last, "code" | "second_factor" | "one_time_code" | "otp" | "idempotency_key" | "confirm_code")
}

/// The values of a failed post that may be shown again on its form. Secrets never are.
/// The letter's code is the exception: it is on paper in the member's hand and retyping
/// it is the pain, so it is kept when another field was refused — never when it was
/// itself refused, and never for a refusal that names no field (a guess must not be
/// replayed by the page).
pub fn keep(typed: &[(String, String)], feedback: &Feedback, form_path: &str) -> Vec<(String, String)> {
    let path = form_path.split(['?', '#']).next().unwrap_or(form_path);
    let letter_page = LETTER_PAGES.contains(&path);
    let letter_code_ok = letter_page && feedback.field("code").is_none() && !feedback.fields.is_empty();
    typed
        .iter()
        .filter(|(name, _)| !is_secret(name) || (name == "code" && letter_code_ok))
        .cloned()
        .collect()
}

/// The cookie that binds a kept entry to the browser that posted.
pub const FLASH_COOKIE: &str = "madoguchi-form";

/// How long an entry waits for its page.
#[cfg(feature = "ssr")]
pub const FLASH_TTL: Duration = Duration::from_secs(10 * 60);
/// How many entries are held at most (the oldest goes first).
#[cfg(feature = "ssr")]
pub const MAX_ENTRIES: usize = 1000;
/// How many bytes of typed values one entry holds at most (further values are dropped).
pub const MAX_ENTRY_BYTES: usize = 64 * 1024;

#[cfg(feature = "ssr")]
struct Entry {
    browser: String,
    expires: Instant,
    feedback: Feedback,
}

/// The kept feedback of failed posts, in memory, for the next page only.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct FlashStore {
    inner: Arc<Mutex<HashMap<String, Entry>>>,
    /// Cookies get `Secure` when served over TLS.
    pub secure: bool,
    ttl: Duration,
    max_entries: usize,
}

#[cfg(feature = "ssr")]
fn random_hex() -> String {
    use rand::RngCore;
    let mut raw = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut raw);
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

/// 128 bits as 32 lower-case hex digits: what tokens look like.
pub fn well_formed(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Keeps values in order until the entry's byte bound is reached.
pub fn bounded(values: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut used = 0usize;
    values
        .into_iter()
        .filter(|(n, v)| {
            let size = n.len().saturating_add(v.len());
            if used.saturating_add(size) > MAX_ENTRY_BYTES {
                false
            } else {
                used = used.saturating_add(size);
                true
            }
        })
        .collect()
}

#[cfg(feature = "ssr")]
impl FlashStore {
    pub fn new(secure: bool) -> FlashStore {
        FlashStore::with_limits(secure, FLASH_TTL, MAX_ENTRIES)
    }

    pub fn with_limits(secure: bool, ttl: Duration, max_entries: usize) -> FlashStore {
        FlashStore { inner: Arc::new(Mutex::new(HashMap::new())), secure, ttl, max_entries: max_entries.max(1) }
    }

    /// Keeps `feedback` for the browser `browser` (its cookie value); the token for the URL.
    pub fn put_at(&self, mut feedback: Feedback, browser: &str, now: Instant) -> Option<String> {
        feedback.values = bounded(std::mem::take(&mut feedback.values));
        let mut map = self.inner.lock().ok()?;
        map.retain(|_, e| e.expires > now);
        while map.len() >= self.max_entries {
            let oldest = map.iter().min_by_key(|(_, e)| e.expires).map(|(k, _)| k.clone())?;
            map.remove(&oldest);
        }
        let token = random_hex();
        map.insert(token.clone(), Entry { browser: browser.to_string(), expires: now + self.ttl, feedback });
        Some(token)
    }

    pub fn put(&self, feedback: Feedback, browser: &str) -> Option<String> {
        self.put_at(feedback, browser, Instant::now())
    }

    /// The entry of `token`, once, if `browser` is the browser it was kept for and it has
    /// not expired. Another browser's attempt leaves the entry for its owner.
    pub fn take_at(&self, token: &str, browser: Option<&str>, now: Instant) -> Option<Feedback> {
        let mut map = self.inner.lock().ok()?;
        let entry = map.get(token)?;
        if entry.expires <= now {
            map.remove(token);
            return None;
        }
        if browser != Some(entry.browser.as_str()) {
            return None;
        }
        map.remove(token).map(|e| e.feedback)
    }

    pub fn take(&self, token: &str, browser: Option<&str>) -> Option<Feedback> {
        self.take_at(token, browser, Instant::now())
    }

    /// A fresh value for the binding cookie.
    pub fn new_browser_id() -> String {
        random_hex()
    }

    /// The `Set-Cookie` value binding kept entries to this browser.
    pub fn cookie(&self, browser: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{FLASH_COOKIE}={browser}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}", self.ttl.as_secs())
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The binding cookie's value in a `Cookie` header, if well-formed.
pub fn browser_id(cookie_header: Option<&str>) -> Option<&str> {
    cookie_header?
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == FLASH_COOKIE)
        .map(|(_, v)| v.trim())
        .filter(|v| well_formed(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{FieldError, Problem};

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    fn refused(fields: &[&str]) -> Feedback {
        Feedback { fields: fields.iter().map(|f| FieldError::new(f, Problem::Required)).collect(), ..Feedback::default() }
    }

    #[test]
    fn feedback_gives_the_typed_values_and_choices() {
        let f = Feedback {
            fields: vec![FieldError::new("period", Problem::PeriodOrder)],
            values: vec![
                ("symbol".into(), "12".into()),
                ("categories".into(), "claims".into()),
                ("categories".into(), "checkups".into()),
                ("method".into(), "download".into()),
            ],
            posted: true,
            ..Feedback::default()
        };
        assert_eq!(f.value("symbol").as_deref(), Some("12"));
        assert_eq!(f.value("nothing"), None);
        assert_eq!(f.value_or("nothing", "default"), "default");
        assert_eq!(f.value_or("symbol", "default"), "12");
        assert_eq!(f.values_of("categories"), vec!["claims".to_string(), "checkups".to_string()]);
        assert!(f.checked("categories", "checkups") && !f.checked("categories", "other"));
        assert!(!f.checked_or("categories", "other", true), "the post, not the default, decides");
        assert!(f.selected("method", "download") && !f.selected("method", "post"));
        assert!(f.selected_or("method", "download", false) && !f.selected_or("method", "post", true));
        assert!(f.selected_or("unposted", "x", true), "a select the post did not have keeps its default");
        let none = Feedback::default();
        assert!(none.checked_or("categories", "other", true) && !none.checked_or("categories", "other", false));
        assert!(none.is_empty());
    }

    #[test]
    fn secrets_are_never_kept() {
        for name in [
            "password",
            "password_confirm",
            "current_password",
            "new_password",
            "code",
            "second_factor",
            "token",
            "csrf_token",
            "idempotency_key",
            "recovery_code",
            "totp",
            "form[code]",
            "PASSWORD",
        ] {
            assert!(is_secret(name), "{name}");
        }
        for name in ["symbol", "number", "birth_date", "identifier", "note", "categories", "form[name]", "postal_code"] {
            assert!(!is_secret(name), "{name}");
        }
        let typed = pairs(&[("identifier", "taro"), ("password", "hunter2hunter2"), ("code", "123456"), ("next", "/a")]);
        assert_eq!(keep(&typed, &refused(&["password"]), "/login"), pairs(&[("identifier", "taro"), ("next", "/a")]));
        // `code` on any page but the letter's is a second factor.
        assert_eq!(keep(&typed, &refused(&["identifier"]), "/account/confirm?next=/x").len(), 2);
    }

    #[test]
    fn the_letter_code_is_kept_only_when_another_field_was_refused() {
        let typed = pairs(&[("symbol", "12"), ("code", "ABCDEFGHJKLM"), ("password", "x"), ("password_confirm", "x")]);
        let kept = keep(&typed, &refused(&["birth_date"]), "/register/complete");
        assert_eq!(kept, pairs(&[("symbol", "12"), ("code", "ABCDEFGHJKLM")]));
        assert_eq!(keep(&typed, &refused(&["birth_date"]), "/reset/complete").len(), 2);
        let own = keep(&typed, &refused(&["birth_date", "code"]), "/register/complete");
        assert_eq!(own, pairs(&[("symbol", "12")]), "its own field refused");
        let general = Feedback { error: Some(crate::error::AppError::Forbidden), ..Feedback::default() };
        assert_eq!(keep(&typed, &general, "/register/complete"), pairs(&[("symbol", "12")]), "no field named");
        assert_eq!(keep(&typed, &refused(&["birth_date"]), "/register"), pairs(&[("symbol", "12")]), "another page");
    }

    #[cfg(feature = "ssr")]
    fn with_values(v: &[(&str, &str)]) -> Feedback {
        Feedback { values: pairs(v), posted: true, ..refused(&["birth_date"]) }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn an_entry_is_taken_once_by_its_browser() {
        let store = FlashStore::new(false);
        let now = Instant::now();
        let token = store.put_at(with_values(&[("symbol", "12")]), "b1", now).unwrap();
        assert!(well_formed(&token));
        assert_eq!(store.take_at(&token, None, now), None, "no cookie");
        assert_eq!(store.take_at(&token, Some("b2"), now), None, "another browser");
        assert_eq!(store.take_at("0".repeat(32).as_str(), Some("b1"), now), None, "another token");
        let taken = store.take_at(&token, Some("b1"), now).unwrap();
        assert_eq!(taken.value("symbol").as_deref(), Some("12"));
        assert_eq!(store.take_at(&token, Some("b1"), now), None, "only once");
        assert!(store.is_empty());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn entries_expire() {
        let store = FlashStore::with_limits(false, Duration::from_secs(600), 10);
        let now = Instant::now();
        let token = store.put_at(with_values(&[]), "b", now).unwrap();
        let late = now + Duration::from_secs(601);
        assert_eq!(store.take_at(&token, Some("b"), late), None);
        assert!(store.is_empty(), "an expired entry is dropped when seen");
        store.put_at(with_values(&[]), "b", now).unwrap();
        store.put_at(with_values(&[]), "b", late).unwrap();
        assert_eq!(store.len(), 1, "expired entries are swept on the next put");
        let fresh = store.put_at(with_values(&[]), "b", now + Duration::from_secs(599)).unwrap();
        assert!(store.take_at(&fresh, Some("b"), now + Duration::from_secs(600)).is_some());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_store_and_each_entry_are_bounded() {
        let store = FlashStore::with_limits(false, Duration::from_secs(600), 3);
        let now = Instant::now();
        let first = store.put_at(with_values(&[]), "b", now).unwrap();
        for i in 1..10u64 {
            store.put_at(with_values(&[]), "b", now + Duration::from_secs(i)).unwrap();
        }
        assert_eq!(store.len(), 3);
        assert_eq!(store.take_at(&first, Some("b"), now), None, "the oldest went first");
        let big = "x".repeat(40 * 1024);
        let token = store.put_at(with_values(&[("a", &big), ("b", &big), ("c", "small")]), "b", now).unwrap();
        let taken = store.take_at(&token, Some("b"), now).unwrap();
        assert_eq!(taken.values.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), vec!["a", "c"]);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_cookie_is_httponly_lax_and_secure_over_tls() {
        let c = FlashStore::new(true).cookie("abc");
        for attr in ["madoguchi-form=abc;", "Path=/", "HttpOnly", "SameSite=Lax", "Secure", "Max-Age=600"] {
            assert!(c.contains(attr), "{attr}");
        }
        assert!(!FlashStore::new(false).cookie("abc").contains("Secure"));
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(browser_id(Some(&format!("lang=ja; {FLASH_COOKIE}={id}"))), Some(id));
        assert_eq!(browser_id(Some(&format!("{FLASH_COOKIE}=<script>"))), None);
        assert_eq!(browser_id(None), None);
    }
}
