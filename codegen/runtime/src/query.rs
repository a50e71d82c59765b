//! Query strings, form bodies and header values, each encoded so that no value can change
//! the request's structure: a query or form value cannot add a parameter, a header value
//! cannot add a header.

use std::fmt::Write as _;

use http::HeaderValue;
use percent_encoding::utf8_percent_encode;

use crate::request::SEGMENT;

/// A value that can be one query or form component: text, a number or a boolean.
/// Generated code passes enums and IDs as their text.
pub trait QueryValue {
    /// Appends the value, not yet encoded, to `out`.
    fn write_raw(&self, out: &mut String);
}

impl QueryValue for str {
    fn write_raw(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl QueryValue for String {
    fn write_raw(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl QueryValue for i64 {
    fn write_raw(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl QueryValue for f64 {
    fn write_raw(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl QueryValue for bool {
    fn write_raw(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn write_raw(&self, out: &mut String) {
        (**self).write_raw(out);
    }
}

/// How a list goes into a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// The key once per item: `a=1&a=2`.
    Repeated,
    /// One key, the items joined by commas: `a=1,2` (a comma inside an item is encoded).
    Comma,
}

/// A query string being built, `a=1&b=x%20y`: each name and value is percent-encoded as one
/// RFC 3986 component, everything but letters, digits and `-._~` escaped, so a space is
/// `%20` (never `+`) and `&`, `=`, `#`, `+`, `%` and non-ASCII cannot end a value.
#[derive(Debug, Clone, Default)]
pub struct Query {
    text: String,
    scratch: String,
}

impl Query {
    /// A query holding `constants` first, in order.
    pub fn with_constants(constants: &[(&str, &str)]) -> Self {
        let mut query = Self::default();
        for (name, value) in constants {
            query.push(name, *value);
        }
        query
    }

    /// Appends `name=value`.
    pub fn push(&mut self, name: &str, value: impl QueryValue) {
        self.key(name);
        self.value(&value);
    }

    /// Appends `name=value` when there is a value.
    pub fn push_optional<V: QueryValue>(&mut self, name: &str, value: Option<V>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// Appends a list as `style` says; an empty list adds nothing.
    pub fn push_list<V: QueryValue>(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = V>,
        style: ListStyle,
    ) {
        let mut values = values.into_iter().peekable();
        if values.peek().is_none() {
            return;
        }
        match style {
            ListStyle::Repeated => values.for_each(|value| self.push(name, value)),
            ListStyle::Comma => {
                self.key(name);
                for (i, value) in values.enumerate() {
                    if i > 0 {
                        self.text.push(',');
                    }
                    self.value(&value);
                }
            }
        }
    }

    /// Appends a `name=value` pair that is already encoded (from a URI being changed).
    pub(crate) fn push_encoded(&mut self, pair: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(pair);
    }

    fn key(&mut self, name: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.extend(utf8_percent_encode(name, SEGMENT));
        self.text.push('=');
    }

    fn value(&mut self, value: &impl QueryValue) {
        self.scratch.clear();
        value.write_raw(&mut self.scratch);
        self.text
            .extend(utf8_percent_encode(&self.scratch, SEGMENT));
    }

    /// The encoded query, without the `?`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// An `application/x-www-form-urlencoded` body being built, the way HTML forms and OAuth
/// token requests encode it (a space is `+`): one `name=value` pair per field, a list as the
/// name repeated.
pub struct Form {
    form: form_urlencoded::Serializer<'static, String>,
    scratch: String,
}

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A form can hold a client secret or a password.
        f.write_str("Form(<redacted>)")
    }
}

impl Default for Form {
    fn default() -> Self {
        Self {
            form: form_urlencoded::Serializer::new(String::new()),
            scratch: String::new(),
        }
    }
}

impl Form {
    /// Appends `name=value`.
    pub fn field(&mut self, name: &str, value: impl QueryValue) {
        self.scratch.clear();
        value.write_raw(&mut self.scratch);
        self.form.append_pair(name, &self.scratch);
    }

    /// Appends `name=value` when there is a value.
    pub fn optional<V: QueryValue>(&mut self, name: &str, value: Option<V>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// Appends `name=item` for each item.
    pub fn list<V: QueryValue>(&mut self, name: &str, values: impl IntoIterator<Item = V>) {
        for value in values {
            self.field(name, value);
        }
    }

    /// The encoded body.
    pub fn finish(mut self) -> Vec<u8> {
        self.form.finish().into_bytes()
    }
}

/// A struct sent as a form body: one call on [`Form`] per field.
pub trait FormBody {
    /// Writes every field.
    fn write_form(&self, form: &mut Form);
}

/// Request headers that an operation's parameters add. A value that cannot be sent as a
/// header (it holds a CR, an LF, a NUL or another control character) is refused before
/// anything is sent: it could otherwise end the header and start another.
#[derive(Debug)]
pub struct Headers<'h> {
    map: &'h mut http::HeaderMap,
    refused: Option<&'static str>,
    scratch: String,
}

impl<'h> Headers<'h> {
    pub(crate) fn new(map: &'h mut http::HeaderMap) -> Self {
        Self {
            map,
            refused: None,
            scratch: String::new(),
        }
    }

    /// Sets header `name` (lower case, checked by the generator) to `value`.
    pub fn push(&mut self, name: &'static str, value: impl QueryValue) {
        self.scratch.clear();
        value.write_raw(&mut self.scratch);
        let parsed = http::HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(HeaderValue::from_str(&self.scratch).ok());
        match parsed {
            Some((name, value)) => {
                self.map.insert(name, value);
            }
            None => self.refused = self.refused.or(Some(name)),
        }
    }

    /// Sets header `name` when there is a value.
    pub fn push_optional<V: QueryValue>(&mut self, name: &'static str, value: Option<V>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// The first header whose value was refused.
    pub(crate) fn refused(&self) -> Option<&'static str> {
        self.refused
    }
}

/// The cookies an operation declares, as one `Cookie` header value (RFC 6265 §4.2):
/// `name=value` pairs joined by `; `, in the order pushed. Each value is percent-encoded as
/// one RFC 3986 component (everything but letters, digits and `-._~`), so that no value can
/// end its cookie (`;`), start another, or hold what a cookie value may not (a space, `"`,
/// `,`, `\\`, a control character). Names are checked by the generator.
#[derive(Debug, Default)]
pub struct Cookies {
    text: String,
    scratch: String,
}

impl Cookies {
    /// Adds cookie `name` with `value`.
    pub fn push(&mut self, name: &str, value: impl QueryValue) {
        if !self.text.is_empty() {
            self.text.push_str("; ");
        }
        self.text.push_str(name);
        self.text.push('=');
        self.scratch.clear();
        value.write_raw(&mut self.scratch);
        self.text
            .extend(utf8_percent_encode(&self.scratch, SEGMENT));
    }

    /// Adds cookie `name` when there is a value.
    pub fn push_optional<V: QueryValue>(&mut self, name: &str, value: Option<V>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// The `Cookie` header's value, marked sensitive (a cookie is often a session), or
    /// `None` when no cookie was pushed.
    pub(crate) fn header(&self) -> Option<HeaderValue> {
        if self.text.is_empty() {
            return None;
        }
        // Names are tokens and values are encoded: always a header value.
        let mut value = HeaderValue::from_str(&self.text).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_components_are_encoded_as_rfc_3986_says() {
        let mut query = Query::with_constants(&[("response_mode", "pi.flow")]);
        query.push("q", "a b&c=d#e+f%g/é");
        query.push("n", 42_i64);
        query.push("x", 1.5_f64);
        query.push("ok", true);
        query.push_optional::<&str>("absent", None);
        query.push_list("r", ["1", "2"], ListStyle::Repeated);
        query.push_list("c", ["a,b", "c"], ListStyle::Comma);
        query.push_list::<&str>("empty", [], ListStyle::Comma);
        assert_eq!(
            query.as_str(),
            "response_mode=pi.flow&q=a%20b%26c%3Dd%23e%2Bf%25g%2F%C3%A9&n=42&x=1.5&ok=true&r=1&r=2&c=a%2Cb,c"
        );
    }

    #[test]
    fn cookie_values_cannot_end_their_cookie_or_start_another() {
        let mut cookies = Cookies::default();
        assert!(cookies.header().is_none());
        cookies.push("theme", "dark");
        cookies.push("q", "a; admin=1, \"x\" \\ é\r\n");
        cookies.push("n", 7_i64);
        cookies.push_optional::<&str>("absent", None);
        let header = cookies.header();
        assert!(header.as_ref().is_some_and(HeaderValue::is_sensitive));
        assert_eq!(
            header.as_ref().and_then(|h| h.to_str().ok()),
            Some("theme=dark; q=a%3B%20admin%3D1%2C%20%22x%22%20%5C%20%C3%A9%0D%0A; n=7")
        );
    }

    #[test]
    fn forms_use_the_form_encoding() {
        let mut form = Form::default();
        form.field("grant_type", "client_credentials");
        form.field("scope", "openid profile");
        form.list("a", ["1", "&2"]);
        form.optional::<&str>("none", None);
        assert_eq!(
            String::from_utf8(form.finish()).unwrap_or_default(),
            "grant_type=client_credentials&scope=openid+profile&a=1&a=%262"
        );
    }

    #[test]
    fn header_values_that_could_end_the_header_are_refused() {
        let mut map = http::HeaderMap::new();
        let mut headers = Headers::new(&mut map);
        headers.push("x-fine", "ok value");
        headers.push("x-bad", "a\r\nX-Injected: 1");
        headers.push("x-nul", "a\0b");
        assert_eq!(headers.refused(), Some("x-bad"));
        assert_eq!(
            map.get("x-fine").map(|v| v.as_bytes()),
            Some(&b"ok value"[..])
        );
        assert!(map.get("x-bad").is_none() && map.get("x-injected").is_none());
    }
}
