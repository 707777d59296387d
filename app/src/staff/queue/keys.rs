//! The queue's keyboard shortcuts: `j`/`k` to the next or previous request, `/` to the
//! search, `?` to the list of keys. All are single keys, so they can be switched off
//! (WCAG 2.1.4), never act while typing in a field, and leave keys with Ctrl, Alt or ⌘ to
//! the browser and the screen reader.

use leptos::prelude::*;

/// What a key does on the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    Next,
    Previous,
    Search,
    Help,
}

impl Shortcut {
    pub const ALL: [Shortcut; 4] = [Shortcut::Next, Shortcut::Previous, Shortcut::Search, Shortcut::Help];

    /// The key, as `KeyboardEvent.key` gives it and as the help shows it.
    pub fn key(self) -> &'static str {
        match self {
            Shortcut::Next => "j",
            Shortcut::Previous => "k",
            Shortcut::Search => "/",
            Shortcut::Help => "?",
        }
    }

    pub fn meaning(self, lang: kit::i18n::Lang) -> &'static str {
        let ja = lang == kit::i18n::Lang::Ja;
        match self {
            Shortcut::Next => if ja { "次のお申し出へ（Enterで開く）" } else { "Next request (Enter opens it)" },
            Shortcut::Previous => if ja { "前のお申し出へ" } else { "Previous request" },
            Shortcut::Search => if ja { "検索欄へ" } else { "To the search box" },
            Shortcut::Help => if ja { "この一覧を開く・閉じる" } else { "Open or close this list" },
        }
    }
}

/// The shortcut of a key press, if any: none while typing in a field or with a modifier
/// other than Shift (`?` is typed with Shift).
pub fn shortcut(key: &str, modified: bool, typing: bool) -> Option<Shortcut> {
    if modified || typing {
        return None;
    }
    Shortcut::ALL.into_iter().find(|s| s.key() == key)
}

/// The row to go to from `current` among `rows`: the first on the first `j`, and the ends
/// stay where they are.
pub fn step(current: Option<usize>, rows: usize, s: Shortcut) -> Option<usize> {
    if rows == 0 {
        return None;
    }
    match (s, current) {
        (Shortcut::Next, None) => Some(0),
        (Shortcut::Next, Some(i)) => Some((i + 1).min(rows - 1)),
        (Shortcut::Previous, None) => Some(0),
        (Shortcut::Previous, Some(i)) => Some(i.saturating_sub(1)),
        _ => current,
    }
}

/// Listens for the shortcuts once the page is live (nothing without JavaScript, nothing when
/// switched off). The rows are the queue's receipt links; the help is `#queue-keys`.
#[island]
pub fn QueueKeys(on: bool) -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if on {
            listen();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = on;
    });
}

#[cfg(feature = "hydrate")]
fn listen() {
    use web_sys::wasm_bindgen::JsCast;
    let handle = window_event_listener(leptos::ev::keydown, |e: web_sys::KeyboardEvent| {
        let doc = document();
        let active = doc.active_element();
        let typing = active.as_ref().is_some_and(|a| {
            matches!(a.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || a.get_attribute("contenteditable").is_some()
        });
        let Some(s) = shortcut(&e.key(), e.ctrl_key() || e.alt_key() || e.meta_key(), typing) else { return };
        e.prevent_default();
        match s {
            Shortcut::Next | Shortcut::Previous => {
                let Ok(rows) = doc.query_selector_all("table.queue tbody tr td.receipt a") else { return };
                let links: Vec<web_sys::HtmlElement> =
                    (0..rows.length()).filter_map(|i| rows.item(i)).filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok()).collect();
                let current = active.as_ref().and_then(|a| links.iter().position(|l| l.is_same_node(Some(&**a))));
                if let Some(i) = step(current, links.len(), s) {
                    let _ = links[i].focus();
                }
            }
            Shortcut::Search => {
                if let Some(search) = doc.get_element_by_id("q-q").and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = search.focus();
                }
            }
            Shortcut::Help => {
                if let Some(help) = doc.get_element_by_id("queue-keys") {
                    if help.has_attribute("open") {
                        let _ = help.remove_attribute("open");
                    } else {
                        let _ = help.set_attribute("open", "");
                    }
                }
            }
        }
    });
    // The page lives as long as the listener: a navigation loads a new page.
    std::mem::forget(handle);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_its_shortcut_and_nothing_else_does() {
        for s in Shortcut::ALL {
            assert_eq!(shortcut(s.key(), false, false), Some(s));
        }
        for key in ["J", "Enter", "a", " ", "Escape", "ArrowDown"] {
            assert_eq!(shortcut(key, false, false), None, "{key}");
        }
    }

    #[test]
    fn nothing_happens_while_typing_or_with_a_modifier() {
        for s in Shortcut::ALL {
            assert_eq!(shortcut(s.key(), false, true), None);
            assert_eq!(shortcut(s.key(), true, false), None);
        }
    }

    #[test]
    fn moving_starts_at_the_first_row_and_stops_at_the_ends() {
        assert_eq!(step(None, 3, Shortcut::Next), Some(0));
        assert_eq!(step(Some(0), 3, Shortcut::Next), Some(1));
        assert_eq!(step(Some(2), 3, Shortcut::Next), Some(2));
        assert_eq!(step(Some(2), 3, Shortcut::Previous), Some(1));
        assert_eq!(step(Some(0), 3, Shortcut::Previous), Some(0));
        assert_eq!(step(None, 3, Shortcut::Previous), Some(0));
        assert_eq!(step(None, 0, Shortcut::Next), None);
        assert_eq!(step(Some(1), 3, Shortcut::Search), Some(1));
    }
}
