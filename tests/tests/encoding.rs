//! Property tests: whatever text a caller passes as a path, query, header or form value, the
//! request carries exactly that value where it belongs, read back by an independent parser
//! (the `url` crate), and the value never changes the path, adds a parameter or adds a
//! header. Requests are built without I/O (`Operation::to_http_request`), as they would be
//! sent.

use apigen_runtime::Error;
use github::{BaseUrl, BearerToken, CredentialSet, Operation};
use proptest::prelude::*;

fn base() -> BaseUrl {
    BaseUrl::parse("https://api.github.com/").unwrap_or_else(|e| panic!("{e}"))
}

fn token() -> BearerToken {
    BearerToken::new("ghp_16C7e42F292c6912E7710c838347Ae178B4a").unwrap_or_else(|e| panic!("{e}"))
}

/// Any text, weighted towards what breaks URLs and headers.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[ &=#+%?/\\\\;,:@!$'()*\\[\\]{}|^`\"<>~.\r\n\t\0é€😀a-zA-Z0-9-]{0,24}",
    ]
}

fn uri_of<O: Operation>(operation: &O) -> Result<url::Url, TestCaseError> {
    let request = operation
        .to_http_request(&base(), &CredentialSet::bearer(token()))
        .map_err(|e| TestCaseError::fail(format!("not built: {e}")))?;
    url::Url::parse(&request.uri().to_string())
        .map_err(|e| TestCaseError::fail(format!("{e}: {}", request.uri())))
}

fn pairs(url: &url::Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn pair(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_query_value_is_exactly_one_parameter(q in text(), milestone in text()) {
        let search = github::search::Issues::new(&q);
        let url = uri_of(&search)?;
        prop_assert_eq!(url.path(), "/search/issues");
        prop_assert_eq!(url.fragment(), None);
        prop_assert_eq!(pairs(&url), vec![pair("q", &q)]);
        // Per RFC 3986 as one component: never `+` for a space, nothing unescaped that a
        // query gives meaning to.
        let raw = url.query().unwrap_or_default();
        prop_assert!(!raw[2..].contains(['+', '&', '=', '#', ' ']), "{}", raw);

        let list = github::issues::List::new("octocat", "Hello-World")
            .with_milestone(milestone.as_str())
            .with_per_page(100);
        let url = uri_of(&list)?;
        prop_assert_eq!(url.path(), "/repos/octocat/Hello-World/issues");
        prop_assert_eq!(
            pairs(&url),
            vec![pair("milestone", &milestone), pair("per_page", "100")]
        );
    }

    #[test]
    fn comma_joined_items_come_back_item_by_item(
        labels in proptest::collection::vec(text(), 1..5),
    ) {
        let list = github::issues::List::new("o", "r").with_labels(labels.iter().map(String::as_str));
        let url = uri_of(&list)?;
        let all = pairs(&url);
        prop_assert_eq!(all.len(), 1, "{:?}", all);
        // The joined value splits at the commas the list put there; a comma inside an item
        // is escaped, so it splits nowhere.
        let raw = url.query().unwrap_or_default();
        let joined = raw.strip_prefix("labels=").unwrap_or_default();
        let items: Vec<String> = joined
            .split(',')
            .map(|item| {
                percent_encoding::percent_decode_str(item)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        prop_assert_eq!(items, labels);
    }

    #[test]
    fn path_values_stay_in_their_segment(owner in text(), repo in text()) {
        let list = github::issues::List::new(&owner, &repo);
        // A segment that would be no segment, or a step up, is refused before sending.
        if [&owner, &repo].iter().any(|s| ["", ".", ".."].contains(&s.as_str())) {
            prop_assert!(list.to_http_request(&base(), &CredentialSet::bearer(token())).is_err());
            return Ok(());
        }
        let url = uri_of(&list)?;
        let segments: Vec<String> = url
            .path_segments()
            .map(|s| {
                s.map(|segment| {
                    percent_encoding::percent_decode_str(segment)
                        .decode_utf8_lossy()
                        .into_owned()
                })
                .collect()
            })
            .unwrap_or_default();
        prop_assert_eq!(segments, vec!["repos".to_owned(), owner, repo, "issues".to_owned()]);
        prop_assert_eq!(url.query(), None);
        prop_assert_eq!(url.fragment(), None);
    }

    #[test]
    fn a_header_value_is_sent_as_it_is_or_refused(etag in text()) {
        let get = github::issues::Get::new("octocat", "Hello-World", 1347)
            .with_if_none_match(etag.as_str());
        match get.to_http_request(&base(), &CredentialSet::bearer(token())) {
            Ok(request) => {
                let mut names: Vec<&str> = request.headers().keys().map(|n| n.as_str()).collect();
                names.sort_unstable();
                prop_assert_eq!(
                    names,
                    vec!["accept", "authorization", "if-none-match", "x-github-api-version"]
                );
                prop_assert_eq!(request.headers().len(), 4, "one value per header");
                let sent = request.headers().get("if-none-match").map(|v| v.as_bytes());
                prop_assert_eq!(sent, Some(etag.as_bytes()));
                prop_assert!(!etag.contains(['\r', '\n', '\0']));
            }
            Err(Error::InvalidHeader { name, .. }) => {
                prop_assert_eq!(name, "if-none-match");
                // Only what a header cannot carry is refused.
                prop_assert!(http::HeaderValue::from_str(&etag).is_err(), "{:?}", etag);
            }
            Err(other) => prop_assert!(false, "{}", other),
        }
    }

    #[test]
    fn a_form_field_is_exactly_one_field(client_id in text(), scope in text()) {
        let form = github::models::DeviceCodeRequest::new(client_id.as_str()).with_scope(scope.as_str());
        let request = github::device_flow::RequestCode::new(&form)
            .to_http_request(&base(), &CredentialSet::new())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let fields: Vec<(String, String)> = url::form_urlencoded::parse(request.body())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        prop_assert_eq!(fields, vec![pair("client_id", &client_id), pair("scope", &scope)]);
        prop_assert_eq!(request.uri().path(), "/login/device/code");
        prop_assert_eq!(request.uri().query(), None);
    }
}

/// The raw segments of `uri`'s path, as sent (not decoded).
fn raw_segments(uri: &http::Uri) -> Vec<String> {
    uri.path().split('/').skip(1).map(str::to_owned).collect()
}

fn decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// `{photoID}.{format}` shares one segment: whatever each holds, the segment has exactly
    /// one literal `.`, the one between them, and each value comes back whole; nothing leaves
    /// the segment.
    #[test]
    fn values_within_a_segment_stay_on_their_side_of_its_literal_text(
        photo in text(),
        format in text(),
    ) {
        use apigen_vocabulary::{CredentialSet, Operation, SiteId};
        let base = apigen_vocabulary::BaseUrl::parse("https://api.example.test")
            .unwrap_or_else(|e| panic!("{e}"));
        let credentials = CredentialSet::bearer(
            apigen_vocabulary::BearerToken::new("t").unwrap_or_else(|e| panic!("{e}")),
        );
        let site = SiteId::new("s-1");
        let built = apigen_vocabulary::stock::Photo::new(&site, &photo, &format)
            .to_http_request(&base, &credentials);
        if [&photo, &format].iter().any(|s| ["", ".", ".."].contains(&s.as_str())) {
            prop_assert!(built.is_err());
            return Ok(());
        }
        let request = built.map_err(|e| TestCaseError::fail(format!("not built: {e}")))?;
        let segments = raw_segments(request.uri());
        prop_assert_eq!(segments.len(), 4, "{:?}", segments);
        prop_assert_eq!(segments[3].matches('.').count(), 1, "{}", segments[3]);
        let (id, fmt) = segments[3].split_once('.').unwrap_or_default();
        prop_assert_eq!(decoded(id), photo.as_str());
        prop_assert_eq!(decoded(fmt), format);
        prop_assert_eq!(request.uri().query(), None);

        // `{siteID}:archive`: the value never holds a raw `:`, so the method is what follows
        // the only one.
        let site = SiteId::new(photo.as_str());
        let request = apigen_vocabulary::stock::Archive::new(&site)
            .to_http_request(&base, &credentials)
            .map_err(|e| TestCaseError::fail(format!("not built: {e}")))?;
        let segments = raw_segments(request.uri());
        prop_assert_eq!(segments.len(), 2, "{:?}", segments);
        let (id, method) = segments[1].split_once(':').unwrap_or_default();
        prop_assert_eq!(method, "archive");
        prop_assert_eq!(decoded(id), photo);
    }
}
