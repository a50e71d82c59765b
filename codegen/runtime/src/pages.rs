//! Following an operation's pages: the next request is the first one with its URL (or one
//! query parameter) changed, so it keeps the first request's auth, headers and body, and it
//! never leaves the base URL's origin.

use http::header::LINK;

use crate::client::copy;
use crate::operation::Pagination;
use crate::query::Query;
use crate::{Client, Error, Operation, SchemeKind};

/// An operation whose results come in pages: generated code says where a page's items are
/// and, for cursor pagination, where its cursor is.
pub trait Paginated: Operation {
    /// One item of a page.
    type Item;

    /// A page's items.
    fn items(output: Self::Output) -> Vec<Self::Item>;

    /// The cursor of the next page, for [`Pagination::Cursor`]; `None` on the last page.
    fn cursor(output: &Self::Output) -> Option<String> {
        let _ = output;
        None
    }
}

/// The pages of an operation, one request each, from [`Client::pages`]: call
/// [`Pages::next_page`] until it returns `None`.
#[must_use = "pages are fetched only when `next_page` is awaited"]
pub struct Pages<'c, O: Paginated> {
    client: &'c Client,
    next: Option<NextRequest<O>>,
    page: u64,
}

/// The next page's request, or why it cannot be made.
type NextRequest<O> = Result<http::Request<Vec<u8>>, Error<<O as Operation>::ErrorModel>>;

impl<O: Paginated> std::fmt::Debug for Pages<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &O::METADATA.name)
            .field("page", &self.page)
            .field("done", &self.next.is_none())
            .finish()
    }
}

impl<'c, O: Paginated> Pages<'c, O> {
    pub(crate) fn new(client: &'c Client, operation: &O) -> Self {
        let first = operation.to_http_request(client.base_url(), client.credentials());
        let page = match (&first, O::METADATA.pagination) {
            (Ok(request), Some(Pagination::Page { query })) => query_value(request, query)
                .and_then(|v| v.parse().ok())
                .unwrap_or(1),
            _ => 1,
        };
        Self {
            client,
            next: Some(first),
            page,
        }
    }

    /// The next page's items, `None` after the last page. After an error, there are no more
    /// pages.
    pub async fn next_page(&mut self) -> Option<Result<Vec<O::Item>, Error<O::ErrorModel>>> {
        let request = match self.next.take()? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let metadata = O::METADATA;
        let response = match self
            .client
            .send_with_retry(copy(&request), metadata.clone())
            .await
        {
            Ok(response) => response,
            Err(failure) => return Some(Err(failure.into_error(metadata.name))),
        };
        let link = response
            .headers()
            .get_all(LINK)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(next_link)
            .map(str::to_owned);
        let output = match O::from_http_response(response) {
            Ok(output) => output,
            Err(error) => return Some(Err(error)),
        };
        let cursor = O::cursor(&output);
        let items = O::items(output);
        self.next = match metadata.pagination {
            _ if items.is_empty() => None,
            Some(Pagination::LinkHeader) => link.map(|link| self.follow(&request, &link)),
            Some(Pagination::Cursor { query }) => cursor
                .filter(|cursor| !cursor.is_empty())
                .map(|cursor| with_query(&request, query, &cursor, metadata.name)),
            Some(Pagination::Page { query }) => {
                self.page += 1;
                Some(with_query(
                    &request,
                    query,
                    &(self.page as i64).to_string(),
                    metadata.name,
                ))
            }
            None => None,
        };
        Some(Ok(items))
    }

    /// The request for the `Link` header's next URL: refused unless it is on the base URL's
    /// origin, under its path, so that the token goes nowhere else.
    fn follow(
        &self,
        request: &http::Request<Vec<u8>>,
        link: &str,
    ) -> Result<http::Request<Vec<u8>>, Error<O::ErrorModel>> {
        let operation = O::METADATA.name;
        let refused = |problem| Error::InvalidNextPage { operation, problem };
        let base: http::Uri = self
            .client
            .base_url()
            .as_str()
            .parse()
            .map_err(|_| refused("the base URL does not parse"))?;
        let target = if link.starts_with('/') && !link.starts_with("//") {
            format!("{}{link}", origin(&base))
        } else {
            link.to_owned()
        };
        let uri: http::Uri = target
            .parse()
            .map_err(|_| refused("its URL does not parse"))?;
        if origin(&uri) != origin(&base)
            || uri.authority().is_some_and(|a| a.as_str().contains('@'))
        {
            return Err(refused(
                "its URL is on another origin than the base URL's; it was not followed",
            ));
        }
        let prefix = base.path().trim_end_matches('/');
        let path = uri.path();
        if !path.starts_with(prefix)
            || path
                .split('/')
                .any(|segment| segment == ".." || segment == ".")
            || path.to_ascii_lowercase().contains("%2e")
        {
            return Err(refused(
                "its URL is outside the base URL's path; it was not followed",
            ));
        }
        let mut next = copy(request);
        *next.uri_mut() = uri;
        // The link names the page, not the credential: an API key the first request sent
        // in the query goes with it (to the base URL's origin and path, checked above).
        if let Some((scheme, _)) = self.client.credentials().choose(&O::METADATA.auth)
            && let SchemeKind::Query(name) = scheme.kind
            && let Some(key) = query_value(request, name)
            && query_value(&next, name).is_none()
        {
            next = with_query(&next, name, &key, operation)?;
        }
        Ok(next)
    }
}

/// `scheme://host:port` of a URI, lower case, with the default port made explicit.
fn origin(uri: &http::Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or("").to_ascii_lowercase();
    let host = uri.host().unwrap_or("").to_ascii_lowercase();
    let port = uri.port_u16().unwrap_or(match scheme.as_str() {
        "https" => 443,
        _ => 80,
    });
    format!("{scheme}://{host}:{port}")
}

/// The URL of `rel="next"` in a `Link` header value: `<https://…?page=2>; rel="next", …`.
fn next_link(header: &str) -> Option<&str> {
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let close = open + rest[open..].find('>')?;
        let url = &rest[open + 1..close];
        let params_end = rest[close..].find('<').map_or(rest.len(), |i| close + i);
        let params = &rest[close + 1..params_end];
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_end_matches(',')
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(url);
        }
        rest = &rest[params_end..];
    }
    None
}

/// The decoded value of query parameter `name` of `request`'s URI.
fn query_value(request: &http::Request<Vec<u8>>, name: &str) -> Option<String> {
    let query = request.uri().query()?;
    form_urlencoded::parse(query.as_bytes())
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .last()
}

/// `request` with query parameter `name` set to `value` (its other parameters kept).
fn with_query<E>(
    request: &http::Request<Vec<u8>>,
    name: &str,
    value: &str,
    operation: &'static str,
) -> Result<http::Request<Vec<u8>>, Error<E>> {
    let uri = request.uri();
    let mut query = Query::default();
    for pair in uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let key = pair.split_once('=').map_or(pair, |(k, _)| k);
        let decoded = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
        if decoded != name {
            query.push_encoded(pair);
        }
    }
    query.push(name, value);
    let target = format!("{}?{}", uri.path(), query.as_str());
    let mut parts = uri.clone().into_parts();
    parts.path_and_query =
        Some(
            target
                .parse()
                .map_err(|e: http::uri::InvalidUri| Error::Build {
                    operation,
                    source: e.into(),
                })?,
        );
    let mut next = copy(request);
    *next.uri_mut() = http::Uri::from_parts(parts).map_err(|e| Error::Build {
        operation,
        source: e.into(),
    })?;
    Ok(next)
}

impl Client {
    /// The pages of `operation`, fetched one at a time with [`Pages::next_page`].
    pub fn pages<O: Paginated>(&self, operation: &O) -> Pages<'_, O> {
        Pages::new(self, operation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_next_link() {
        let header = r#"<https://api.example.com/x?page=2>; rel="next", <https://api.example.com/x?page=5>; rel="last""#;
        assert_eq!(next_link(header), Some("https://api.example.com/x?page=2"));
        assert_eq!(
            next_link(r#"<https://a/?p=1,2>; rel="prev", </x?p=3>; rel="next""#),
            Some("/x?p=3")
        );
        assert_eq!(next_link(r#"<https://a/>; rel="last""#), None);
        assert_eq!(next_link("garbage <"), None);
    }

    #[test]
    fn a_query_parameter_is_replaced_and_the_rest_kept() {
        let mut request = http::Request::new(Vec::new());
        *request.uri_mut() = "https://h/p?a=1&cursor=old&b=x%20y"
            .parse()
            .unwrap_or_default();
        let next = with_query::<()>(&request, "cursor", "n&w", "op")
            .map(|r| r.uri().to_string())
            .ok();
        assert_eq!(
            next.as_deref(),
            Some("https://h/p?a=1&b=x%20y&cursor=n%26w")
        );
        assert_eq!(query_value(&request, "cursor").as_deref(), Some("old"));
    }
}
