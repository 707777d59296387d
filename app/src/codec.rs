//! How page data travels from the server render to the browser for hydration.
//!
//! Leptos embeds each resource in the page as a Rust `{:?}` string literal. For every
//! non-ASCII character that escaping consults Unicode tables, and this portal's data is
//! Japanese: it took half the server's time on `/privacy`. [`AsciiJson`] writes JSON with
//! every non-ASCII character as a `\uXXXX` escape, which any JSON parser reads back as the
//! same text, so the embedding stays on the fast ASCII path.

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub struct AsciiJson;

impl<T: Serialize> Encoder<T> for AsciiJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(val: &T) -> Result<String, serde_json::Error> {
        Ok(ascii_only(&serde_json::to_string(val)?))
    }
}

impl<T: DeserializeOwned> Decoder<T> for AsciiJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(val)
    }
}

/// JSON text with every non-ASCII character escaped. Outside strings JSON is ASCII, so
/// escaping everywhere is valid.
pub fn ascii_only(json: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(json.len() * 2);
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(char::from(HEX[usize::from((*unit >> shift) & 0xf)]));
                }
            }
        }
    }
    out
}

/// A resource for page data, serialised with [`AsciiJson`].
pub fn page_resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, AsciiJson>
where
    S: Send + Sync + Clone + PartialEq + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_and_astral_text_round_trips_through_ascii_json() {
        let value =
            vec!["個人情報の公表事項".to_string(), "𠮷野家 🍣".to_string(), "\"quote\" \\ </script>".to_string()];
        let encoded = <AsciiJson as Encoder<Vec<String>>>::encode(&value).unwrap();
        assert!(encoded.is_ascii(), "{encoded}");
        let decoded: Vec<String> = <AsciiJson as Decoder<Vec<String>>>::decode(&encoded).unwrap();
        assert_eq!(decoded, value);
    }
}
