//! What the runtime prints about a request or a response, without the secrets in it: URL
//! credentials and query values, credential headers, and the values of a response body.

use std::fmt::Write as _;

use http::HeaderMap;

/// What stands in for a secret in a URL: URL-safe, so a redacted URL is still a URL.
const REDACTED: &str = "REDACTED";

/// `url` with its user information, query values and fragment replaced by `REDACTED`.
///
/// Works on text, so that a URL too broken to parse is redacted too:
/// `https://user:pw@host/p?access_token=abc#x` → `https://REDACTED@host/p?access_token=REDACTED#REDACTED`.
pub(crate) fn url(url: &str) -> String {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (before_fragment, None),
    };
    let authority_start = before_query.find("://").map_or(0, |i| i + 3);
    let authority_end = before_query[authority_start..]
        .find('/')
        .map_or(before_query.len(), |i| authority_start + i);
    let authority = &before_query[authority_start..authority_end];

    let mut out = String::with_capacity(url.len());
    out.push_str(&before_query[..authority_start]);
    match authority.rfind('@') {
        Some(at) => {
            out.push_str(REDACTED);
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    out.push_str(&before_query[authority_end..]);
    if let Some(query) = query {
        out.push('?');
        for (i, pair) in query.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((key, _)) => {
                    out.push_str(key);
                    out.push('=');
                    out.push_str(REDACTED);
                }
                // A bare item may be a token itself.
                None if pair.is_empty() => {}
                None => out.push_str(REDACTED),
            }
        }
    }
    if let Some(fragment) = fragment {
        out.push('#');
        if !fragment.is_empty() {
            out.push_str(REDACTED);
        }
    }
    out
}

/// A reqwest error whose URL (which its `Display` quotes) has been redacted as [`url`] does.
pub(crate) fn reqwest_error(mut error: reqwest::Error) -> reqwest::Error {
    let Some(target) = error.url_mut() else {
        return error;
    };
    match reqwest::Url::parse(&url(target.as_str())) {
        Ok(redacted) => {
            *target = redacted;
            error
        }
        Err(_) => error.without_url(),
    }
}

/// Whether a header carries a credential or a session: its value is never printed.
///
/// The standard ones, and any name that says it holds a token, a key, a secret, a password
/// or a session (`X-Auth-Token`, `X-Api-Key`, …).
pub(crate) fn is_secret_header(name: &http::HeaderName) -> bool {
    use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION, SET_COOKIE};
    if [&AUTHORIZATION, &PROXY_AUTHORIZATION, &COOKIE, &SET_COOKIE].contains(&name) {
        return true;
    }
    let name = name.as_str();
    [
        "token", "secret", "password", "session", "api-key", "apikey",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// Whether a header holds a URL, whose query may carry a code or a token (a redirect's
/// `Location`): `Debug` shows it [redacted](url).
pub(crate) fn is_url_header(name: &http::HeaderName) -> bool {
    name == http::header::LOCATION || name == http::header::CONTENT_LOCATION
}

/// Marks the values of [secret headers](is_secret_header) and [URL headers](is_url_header)
/// sensitive, so that http's own `Debug` of the map shows `Sensitive` instead of them.
pub(crate) fn mark_secret_headers(headers: &mut HeaderMap) {
    for (name, value) in headers.iter_mut() {
        if is_secret_header(name) || is_url_header(name) {
            value.set_sensitive(true);
        }
    }
}

/// serde's message without the values it quotes.
///
/// serde_json says `invalid type: string "SplxlOBeZQQYbYS6WxSbIA", expected u64 at line 1
/// column 9`; a response body's values can be an authorization code or a token, so that
/// becomes `invalid type: a string, expected u64 at line 1 column 9`. Field and variant names
/// are kept: they come from the spec.
pub(crate) fn serde_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = ["invalid type: ", "invalid value: "]
        .iter()
        .filter_map(|prefix| rest.find(prefix).map(|at| at + prefix.len()))
        .min()
    {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let (kind, unexpected_len) = unexpected(rest);
        out.push_str(kind);
        rest = &rest[unexpected_len..];
    }
    out.push_str(rest);
    out
}

/// What kind of value serde's `Unexpected` text at the start of `text` shows, and how long
/// that text is.
fn unexpected(text: &str) -> (&'static str, usize) {
    if let Some(quoted) = text.strip_prefix("string \"") {
        // A Rust string literal: ends at the first `"` not escaped by a `\`.
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return ("a string", "string \"".len() + i + 1),
                _ => escaped = false,
            }
        }
        return ("a string", text.len());
    }
    for (prefix, kind) in [
        ("integer `", "an integer"),
        ("floating point `", "a number"),
        ("boolean `", "a boolean"),
        ("character `", "a character"),
    ] {
        if let Some(value) = text.strip_prefix(prefix) {
            let end = value.find('`').map_or(text.len(), |i| prefix.len() + i + 1);
            return (kind, end);
        }
    }
    // `unit value`, `map`, `sequence`, …: no value to hide.
    ("", 0)
}

/// The body's shape, without its values (keys in alphabetical order): `a JSON object {"id": string, "expires_in": number}`,
/// `an empty body`, `1234 bytes, not JSON`. At most about 300 characters.
pub(crate) fn shape(body: &[u8]) -> String {
    const MAX: usize = 300;
    if body.iter().all(u8::is_ascii_whitespace) {
        return "an empty body".to_owned();
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return format!("{} bytes, not JSON", body.len());
    };
    let mut out = String::from(match &value {
        serde_json::Value::Object(_) => "a JSON object ",
        serde_json::Value::Array(_) => "a JSON array ",
        _ => "JSON ",
    });
    write_shape(&mut out, &value, 0);
    if out.chars().count() > MAX {
        let end = out.char_indices().nth(MAX).map_or(out.len(), |(i, _)| i);
        out.truncate(end);
        out.push('…');
    }
    out
}

fn write_shape(out: &mut String, value: &serde_json::Value, depth: usize) {
    use serde_json::Value;
    const DEPTH: usize = 3;
    const KEYS: usize = 12;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(_) => out.push_str("boolean"),
        Value::Number(_) => out.push_str("number"),
        Value::String(_) => out.push_str("string"),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(_) | Value::Object(_) if depth >= DEPTH => out.push('…'),
        Value::Array(items) => {
            out.push('[');
            write_shape(out, &items[0], depth + 1);
            if items.len() > 1 {
                let _ = write!(out, ", … {} items", items.len());
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            // In key order, whichever order the map keeps (serde_json's `preserve_order`
            // feature, which another crate in a build may turn on, keeps the body's).
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by_key(|(key, _)| *key);
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i == KEYS {
                    let _ = write!(out, ", … {} keys", map.len());
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{key:?}: ");
                write_shape(out, value, depth + 1);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_credentials_query_values_and_fragments() {
        let cases = [
            (
                "https://user:pw@auth.example.com/p?access_token=abc&x=1#code=2",
                "https://REDACTED@auth.example.com/p?access_token=REDACTED&x=REDACTED#REDACTED",
            ),
            ("http://127.0.0.1:8080/a/b", "http://127.0.0.1:8080/a/b"),
            ("user:pw@host/x", "REDACTED@host/x"),
            ("https://host?secret", "https://host?REDACTED"),
            ("https://host/?", "https://host/?"),
            ("not a url at all", "not a url at all"),
            ("https://a@b@host/", "https://REDACTED@host/"),
        ];
        for (input, redacted) in cases {
            assert_eq!(url(input), redacted, "{input}");
        }
    }

    #[test]
    fn serde_messages_keep_names_and_lose_values() {
        let cases = [
            (
                r#"invalid type: string "SplxlOBeZQQYbYS6WxSbIA", expected u64 at line 1 column 9"#,
                "invalid type: a string, expected u64 at line 1 column 9",
            ),
            (
                r#"invalid value: string "a \"quoted\" value", expected a date"#,
                "invalid value: a string, expected a date",
            ),
            (
                "invalid type: integer `12345`, expected a string at line 3 column 1",
                "invalid type: an integer, expected a string at line 3 column 1",
            ),
            (
                "invalid type: floating point `1.5`, expected i64",
                "invalid type: a number, expected i64",
            ),
            (
                "invalid type: boolean `true`, expected a string",
                "invalid type: a boolean, expected a string",
            ),
            (
                "invalid type: map, expected a string",
                "invalid type: map, expected a string",
            ),
            (
                "missing field `access_token` at line 1 column 2",
                "missing field `access_token` at line 1 column 2",
            ),
        ];
        for (message, clean) in cases {
            assert_eq!(serde_message(message), clean);
        }
    }

    #[test]
    fn shapes_show_keys_and_kinds_not_values() {
        let token = br#"{"access_token":"eyJhbGciOi.secret","expires_in":3600,"scope":["a","b"],"x":null,"ok":true,"n":{"m":{"o":{}}}}"#;
        assert_eq!(
            shape(token),
            r#"a JSON object {"access_token": string, "expires_in": number, "n": {"m": {"o": …}}, "ok": boolean, "scope": [string, … 2 items], "x": null}"#
        );
        assert_eq!(shape(b""), "an empty body");
        assert_eq!(shape(b" \r\n"), "an empty body");
        assert_eq!(shape(b"<html>secret</html>"), "19 bytes, not JSON");
        assert_eq!(shape(b"[]"), "a JSON array []");
        assert_eq!(shape(b"\"code-123\""), "JSON string");
    }

    #[test]
    fn credential_headers_are_secret() {
        for name in [
            "authorization",
            "proxy-authorization",
            "cookie",
            "set-cookie",
            "x-auth-token",
            "x-api-key",
            "x-session-id",
        ] {
            let name = http::HeaderName::from_static(name);
            assert!(is_secret_header(&name), "{name}");
        }
        for name in ["content-type", "retry-after", "location", "x-request-id"] {
            let name = http::HeaderName::from_static(name);
            assert!(!is_secret_header(&name), "{name}");
        }
    }
}
