//! The warning for a field or parameter that is named like a credential but not marked
//! `secret`, so that its value would show in `Debug`: an authorization code, a token, a
//! password. A spec says `secret: false` where the name misleads (an error `code`).

use heck::ToSnakeCase as _;
use serde_saphyr::Location;

use crate::diagnostic::Sink;
use crate::spec;

/// The last words that name a credential: `access_token`, `client_secret`, `otp`.
const CREDENTIALS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "passcode",
    "passphrase",
    "otp",
    "assertion",
    "verifier",
    "credential",
    "credentials",
    "apikey",
    "cookie",
];

/// Whether `name` (a JSON key or a parameter, any case) names a credential: it ends in one
/// of [`CREDENTIALS`], is an authorization or device `code`, an API or private `key`, or a
/// token hint (`id_token_hint`).
pub(crate) fn looks_like_credential(name: &str) -> bool {
    let snake = name.to_snake_case();
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    let Some((last, before)) = words.split_last() else {
        return false;
    };
    let previous = before.last().copied();
    match *last {
        // A page's token is where a listing goes on (`PageToken`, `next_token`), no secret.
        "token" if matches!(previous, Some("page" | "next" | "continuation" | "sync")) => false,
        word if CREDENTIALS.contains(&word) => true,
        // `code` alone is an authorization response's; `country_code` or `user_code` (shown
        // to the user to type) are not secrets.
        "code" => matches!(previous, None | Some("authorization" | "auth" | "device")),
        "key" => matches!(previous, Some("api" | "private" | "secret" | "access")),
        "hint" => previous == Some("token"),
        _ => false,
    }
}

/// Warns at `at` when `wire`, the name of text the spec does not mark `secret`, names a
/// credential; `secret: false` says it does not. `subject` says what it is, for the message.
pub(super) fn check(
    sink: &mut Sink,
    at: Location,
    subject: impl FnOnce() -> String,
    wire: &str,
    text: bool,
    secret: Option<&spec::Spanned<bool>>,
) {
    if text && secret.is_none() && looks_like_credential(wire) {
        sink.warn(
            at,
            format!("{} is named like a credential, and is not marked `secret`", subject()),
        )
        .label("its value shows in `Debug`")
        .hint("add `secret: true` so that `Debug` shows it as `<redacted>`, or `secret: false` if it is no credential");
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_credential;

    #[test]
    fn credentials_by_their_last_word() {
        for name in [
            "access_token",
            "refreshToken",
            "id_token_hint",
            "client_secret",
            "password",
            "otp",
            "client_assertion",
            "code_verifier",
            "code",
            "device_code",
            "authorizationCode",
            "api_key",
            "X-Api-Key",
        ] {
            assert!(looks_like_credential(name), "{name}");
        }
        for name in [
            "token_type",
            "token_type_hint",
            "token_endpoint",
            "code_challenge",
            "code_challenge_method",
            "user_code",
            "country_code",
            "error_code",
            "keys",
            "kid",
            "expires_in",
            "PageToken",
            "next_token",
            "",
        ] {
            assert!(!looks_like_credential(name), "{name}");
        }
    }
}
