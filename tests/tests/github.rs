//! The GitHub crate (`spec/github.yaml`) against a real HTTP server on 127.0.0.1: each
//! operation's exact request (method, raw path, raw query, headers, body bytes), and the
//! response examples of GitHub's REST docs decoded into their models.

use apigen_tests::{TOKEN, fixture, header, json, only_request, requests, server as serve};
use github::issues::{CreateError, GetResponse};
use github::models::{
    AuthorAssociation, DeviceCodeRequest, Direction, IssueSort, IssueState, IssueStateFilter,
    IssueUpdate, LockReason, LockRequest, MarkdownMode, MarkdownRender, NewComment, NewIssue,
    StateReason,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const USER_AGENT: &str = concat!("github/", env!("CARGO_PKG_VERSION"));

fn client(server: &MockServer) -> github::Client {
    github::Client::from_base_url(&server.uri())
        .unwrap_or_else(|e| panic!("{e}"))
        .with_bearer_token(TOKEN)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// What a request must be on the wire, all of it.
struct Exact<'a> {
    method: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    accept: Option<&'a str>,
    content_type: Option<&'a str>,
    /// Besides the headers every GitHub request carries.
    headers: &'a [(&'a str, &'a str)],
    authorized: bool,
    body: &'a [u8],
}

impl<'a> Exact<'a> {
    /// An authorized GET that asks for JSON and sends no body.
    fn get(path: &'a str, query: Option<&'a str>) -> Self {
        Exact {
            method: "GET",
            path,
            query,
            accept: Some("application/json"),
            content_type: None,
            headers: &[],
            authorized: true,
            body: b"",
        }
    }
}

fn assert_exact(request: &Request, exact: &Exact<'_>) {
    assert_eq!(request.method.as_str(), exact.method, "method");
    assert_eq!(request.url.path(), exact.path, "raw path");
    assert_eq!(request.url.query(), exact.query, "raw query");
    assert_eq!(header(request, "accept"), exact.accept, "accept");
    assert_eq!(
        header(request, "content-type"),
        exact.content_type,
        "content-type"
    );
    let bearer = format!("Bearer {TOKEN}");
    assert_eq!(
        header(request, "authorization"),
        exact.authorized.then_some(bearer.as_str()),
        "authorization"
    );
    assert_eq!(
        header(request, "x-github-api-version"),
        Some("2022-11-28"),
        "the API-wide header"
    );
    assert_eq!(
        header(request, "user-agent"),
        Some(USER_AGENT),
        "user-agent"
    );
    for (name, value) in exact.headers {
        assert_eq!(header(request, name), Some(*value), "{name}");
    }
    let expected: Vec<&str> = [
        "accept",
        "authorization",
        "content-type",
        "content-length",
        "x-github-api-version",
        "user-agent",
        "host",
    ]
    .into_iter()
    .chain(exact.headers.iter().map(|(name, _)| *name))
    .collect();
    let extra: Vec<&str> = request
        .headers
        .keys()
        .map(http::HeaderName::as_str)
        .filter(|name| !expected.contains(name))
        .collect();
    assert_eq!(extra, Vec::<&str>::new(), "headers nobody declared");
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(exact.body),
        "body"
    );
    let length = exact.body.len().to_string();
    // A GET says nothing of a body; any other method says how long it is, `0` for none.
    let expected_length = (exact.method != "GET").then_some(length.as_str());
    assert_eq!(
        header(request, "content-length"),
        expected_length,
        "content-length"
    );
}

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn listing_issues_sends_its_filters_and_follows_link_to_every_page() {
    let server = MockServer::start().await;
    // GitHub's next link names the repository by ID: another path than the template's.
    let next = format!(
        "{}/repositories/1296269/issues?state=all&labels=bug,good%20first%20issue&per_page=1&page=2",
        server.uri()
    );
    Mock::given(path("/repos/octocat/Hello-World/issues"))
        .respond_with(
            json(200, &fixture("github/issues-page-1.200.json")).insert_header(
                "link",
                format!("<{next}>; rel=\"next\", <{next}>; rel=\"last\"").as_str(),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(path("/repositories/1296269/issues"))
        .respond_with(json(200, &fixture("github/issues-page-2.200.json")))
        .mount(&server)
        .await;

    let client = client(&server);
    let mut pages = client
        .issues()
        .list("octocat", "Hello-World")
        .with_state(IssueStateFilter::All)
        .with_labels(["bug", "good first issue"])
        .with_sort(IssueSort::Updated)
        .with_direction(Direction::Asc)
        .with_since("2011-04-22T13:33:48Z")
        .with_per_page(1)
        .pages();
    let mut numbers = Vec::new();
    while let Some(page) = pages.next_page().await {
        numbers.extend(ok(page).into_iter().map(|issue| issue.number));
    }
    assert_eq!(numbers, [1347, 1348]);

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2, "one request per page, none after the last");
    assert_exact(
        &sent[0],
        &Exact::get(
            "/repos/octocat/Hello-World/issues",
            Some(
                "state=all&labels=bug,good%20first%20issue&sort=updated&direction=asc&since=2011-04-22T13%3A33%3A48Z&per_page=1",
            ),
        ),
    );
    // The next page is the link as given, with the same token and headers.
    assert_exact(
        &sent[1],
        &Exact::get(
            "/repositories/1296269/issues",
            Some("state=all&labels=bug,good%20first%20issue&per_page=1&page=2"),
        ),
    );
}

#[tokio::test]
async fn one_page_of_issues_decodes_the_docs_example_and_its_link_header() {
    let server = serve(
        json(200, &fixture("github/issues-page-1.200.json")).insert_header(
            "link",
            "<https://api.github.com/repositories/1296269/issues?page=2>; rel=\"next\"",
        ),
    )
    .await;
    let page = ok(client(&server)
        .issues()
        .list("octocat", "Hello-World")
        .await);
    assert_eq!(
        page.link.as_deref(),
        Some("<https://api.github.com/repositories/1296269/issues?page=2>; rel=\"next\"")
    );
    let issue = &page.body[0];
    assert_eq!(issue.number, 1347);
    assert_eq!(issue.state, IssueState::Open);
    assert_eq!(issue.state_reason, Some(StateReason::Completed));
    assert_eq!(issue.title, "Found a bug");
    assert_eq!(issue.labels[0].name, "bug");
    assert_eq!(issue.labels[0].color.as_deref(), Some("f29513"));
    assert_eq!(issue.milestone.as_ref().map(|m| m.number), Some(1));
    assert_eq!(
        issue.author_association,
        Some(AuthorAssociation::Collaborator)
    );
    assert!(issue.pull_request.is_some());
    assert_eq!(issue.closed_at, None);
    assert_exact(
        &only_request(&server).await,
        &Exact::get("/repos/octocat/Hello-World/issues", None),
    );
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed_and_the_token_stays_home() {
    let elsewhere = MockServer::start().await;
    let server = serve(
        json(200, &fixture("github/issues-page-1.200.json")).insert_header(
            "link",
            format!(
                "<{}/repositories/1296269/issues?page=2>; rel=\"next\"",
                elsewhere.uri()
            )
            .as_str(),
        ),
    )
    .await;
    let client = client(&server);
    let mut pages = client.issues().list("octocat", "Hello-World").pages();
    assert!(pages.next_page().await.is_some_and(|p| p.is_ok()));
    let refused = pages.next_page().await;
    let error = match refused {
        Some(Err(error)) => error.to_string(),
        other => panic!("expected a refused next page, got {other:?}"),
    };
    assert!(error.contains("another origin"), "{error}");
    assert!(pages.next_page().await.is_none(), "no pages after an error");
    assert!(
        requests(&elsewhere).await.is_empty(),
        "nothing went to the other origin"
    );
}

#[tokio::test]
async fn a_conditional_get_says_not_modified() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::header(
        "if-none-match",
        "\"644b5b0155e6404a9cc4bd9d8b1ae730\"",
    ))
    .respond_with(ResponseTemplate::new(304))
    .with_priority(1)
    .mount(&server)
    .await;
    Mock::given(method("GET"))
        .respond_with(
            json(200, &fixture("github/issue.200.json"))
                .insert_header("etag", "\"644b5b0155e6404a9cc4bd9d8b1ae730\""),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    let first = ok(client.issues().get("octocat", "Hello-World", 1347).await);
    let GetResponse::Ok(found) = first else {
        panic!("expected 200, got {first:?}");
    };
    assert_eq!(found.body.title, "Found a bug");
    assert_eq!(
        found.body.body.as_deref(),
        Some("I'm having a problem with this.")
    );
    let etag = found.etag.unwrap_or_default();
    assert_eq!(etag, "\"644b5b0155e6404a9cc4bd9d8b1ae730\"");

    let second = ok(client
        .issues()
        .get("octocat", "Hello-World", 1347)
        .with_if_none_match(etag.as_str())
        .await);
    assert_eq!(second, GetResponse::NotModified);

    let sent = requests(&server).await;
    assert_exact(
        &sent[1],
        &Exact {
            method: "GET",
            path: "/repos/octocat/Hello-World/issues/1347",
            query: None,
            accept: Some("application/json"),
            content_type: None,
            headers: &[("if-none-match", "\"644b5b0155e6404a9cc4bd9d8b1ae730\"")],
            authorized: true,
            body: b"",
        },
    );
}

#[tokio::test]
async fn a_transferred_issue_is_a_typed_redirect_not_followed() {
    let server = serve(ResponseTemplate::new(301).insert_header(
        "location",
        "https://api.github.com/repositories/42/issues/7",
    ))
    .await;
    let moved = ok(client(&server)
        .issues()
        .get("octocat", "Hello-World", 1347)
        .await);
    let GetResponse::MovedPermanently(redirect) = moved else {
        panic!("expected 301, got {moved:?}");
    };
    assert_eq!(
        redirect.location(),
        "https://api.github.com/repositories/42/issues/7"
    );
    assert_eq!(requests(&server).await.len(), 1, "not followed");
}

#[tokio::test]
async fn a_header_value_that_would_add_a_header_is_refused_before_sending() {
    let server = serve(ResponseTemplate::new(304)).await;
    let error = client(&server)
        .issues()
        .get("octocat", "Hello-World", 1347)
        .with_if_none_match("\"x\"\r\nX-Injected: 1")
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("if-none-match"), "{error}");
    assert!(
        !error.contains("X-Injected"),
        "the value is not echoed: {error}"
    );
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_html_representation_is_asked_for_by_accept() {
    let server = serve(json(200, &fixture("github/issue-html.200.json"))).await;
    let issue = ok(client(&server)
        .issues()
        .get_html("octocat", "Hello-World", 1347)
        .await);
    assert_eq!(
        issue.body_html.as_deref(),
        Some("<p>I'm having a problem with this.</p>")
    );
    assert_eq!(issue.body, None);
    assert_exact(
        &only_request(&server).await,
        &Exact {
            method: "GET",
            path: "/repos/octocat/Hello-World/issues/1347",
            query: None,
            accept: Some("application/vnd.github.html+json"),
            content_type: None,
            headers: &[],
            authorized: true,
            body: b"",
        },
    );
}

#[tokio::test]
async fn creating_an_issue_answers_201_with_its_location() {
    let server = serve(json(201, &fixture("github/issue.200.json")).insert_header(
        "location",
        "https://api.github.com/repos/octocat/Hello-World/issues/1347",
    ))
    .await;
    let new = NewIssue::new("Found a bug")
        .with_body("I'm having a problem with this.")
        .with_assignees(vec!["octocat".to_owned()])
        .with_milestone(1)
        .with_labels(vec!["bug".to_owned()]);
    let created = ok(client(&server)
        .issues()
        .create("octocat", "Hello-World", &new)
        .await);
    assert_eq!(
        created.location,
        "https://api.github.com/repos/octocat/Hello-World/issues/1347"
    );
    assert_eq!(created.body.number, 1347);
    assert_exact(
        &only_request(&server).await,
        &Exact {
            method: "POST",
            path: "/repos/octocat/Hello-World/issues",
            query: None,
            accept: Some("application/json"),
            content_type: Some("application/json"),
            headers: &[],
            authorized: true,
            body: br#"{"title":"Found a bug","body":"I'm having a problem with this.","assignees":["octocat"],"milestone":1,"labels":["bug"]}"#,
        },
    );
}

#[tokio::test]
async fn errors_decode_into_the_model_of_their_status() {
    let server = serve(json(422, &fixture("github/validation-error.422.json"))).await;
    let error = client(&server)
        .issues()
        .create("octocat", "Hello-World", &NewIssue::new(""))
        .await
        .err();
    let api = error.as_ref().and_then(|e| e.api());
    assert_eq!(api.map(|a| a.status().as_u16()), Some(422));
    let Some(CreateError::UnprocessableEntity(invalid)) = api.and_then(|a| a.body()) else {
        panic!("expected a ValidationError, got {error:?}");
    };
    assert_eq!(invalid.message, "Validation Failed");
    let detail = invalid.errors.as_ref().and_then(|e| e.first());
    assert_eq!(detail.map(|d| d.code.as_str()), Some("missing_field"));
    assert_eq!(detail.and_then(|d| d.field.as_deref()), Some("title"));

    let server = serve(json(404, &fixture("github/basic-error.404.json"))).await;
    let error = client(&server)
        .issues()
        .create("octocat", "Hello-World", &NewIssue::new("x"))
        .await
        .err();
    let body = error.as_ref().and_then(|e| e.api()).and_then(|a| a.body());
    let Some(CreateError::NotFound(missing)) = body else {
        panic!("expected a BasicError, got {error:?}");
    };
    assert_eq!(missing.message.as_deref(), Some("Not Found"));

    // A status the operation does not name gets the API's error model.
    let server = serve(json(401, r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}"#)).await;
    let error = client(&server)
        .issues()
        .create("octocat", "Hello-World", &NewIssue::new("x"))
        .await
        .err();
    let body = error.as_ref().and_then(|e| e.api()).and_then(|a| a.body());
    let Some(CreateError::Other(other)) = body else {
        panic!("expected the API's error model, got {error:?}");
    };
    assert_eq!(other.message.as_deref(), Some("Bad credentials"));
}

#[tokio::test]
async fn an_error_body_that_is_not_its_model_keeps_the_status_and_raw_body() {
    let server = serve(json(422, r#"{"message": 42}"#)).await;
    let error = client(&server)
        .issues()
        .create("octocat", "Hello-World", &NewIssue::new("x"))
        .await
        .err();
    let api = error.as_ref().and_then(|e| e.api());
    assert_eq!(api.map(|a| a.status().as_u16()), Some(422));
    assert!(api.is_some_and(|a| a.body().is_none()));
    assert_eq!(api.map(|a| a.raw_body()), Some(&br#"{"message": 42}"#[..]));
}

#[tokio::test]
async fn an_update_sends_null_to_clear_and_leaves_out_what_it_keeps() {
    let server = serve(json(200, &fixture("github/issue.200.json"))).await;
    let update = IssueUpdate::new()
        .with_state(IssueState::Closed)
        .with_state_reason(StateReason::NotPlanned)
        .with_milestone_null();
    let issue = ok(client(&server)
        .issues()
        .update("octocat", "Hello-World", 1347, &update)
        .await);
    assert_eq!(issue.number, 1347);
    assert_exact(
        &only_request(&server).await,
        &Exact {
            method: "PATCH",
            path: "/repos/octocat/Hello-World/issues/1347",
            query: None,
            accept: Some("application/json"),
            content_type: Some("application/json"),
            headers: &[],
            authorized: true,
            body: br#"{"state":"closed","state_reason":"not_planned","milestone":null}"#,
        },
    );
}

#[tokio::test]
async fn a_lock_sends_its_optional_body_or_none_at_all() {
    let server = serve(ResponseTemplate::new(204)).await;
    let client = client(&server);
    ok(client.issues().lock("octocat", "Hello-World", 1347).await);
    let reason = LockRequest::new().with_lock_reason(LockReason::TooHeated);
    ok(client
        .issues()
        .lock("octocat", "Hello-World", 1347)
        .with_body(&reason)
        .await);
    let sent = requests(&server).await;
    let without = Exact {
        method: "PUT",
        path: "/repos/octocat/Hello-World/issues/1347/lock",
        query: None,
        // It declares no response body: anything will do.
        accept: Some("*/*"),
        content_type: None,
        headers: &[],
        authorized: true,
        body: b"",
    };
    assert_exact(&sent[0], &without);
    assert_exact(
        &sent[1],
        &Exact {
            content_type: Some("application/json"),
            body: br#"{"lock_reason":"too heated"}"#,
            ..without
        },
    );
}

#[tokio::test]
async fn deleting_a_comment_answers_204_and_nothing_else() {
    let server = serve(ResponseTemplate::new(204)).await;
    ok(client(&server)
        .comments()
        .delete("octocat", "Hello-World", 1)
        .await);
    assert_exact(
        &only_request(&server).await,
        &Exact {
            method: "DELETE",
            path: "/repos/octocat/Hello-World/issues/comments/1",
            query: None,
            accept: Some("*/*"),
            content_type: None,
            headers: &[],
            authorized: true,
            body: b"",
        },
    );
    // With one success status declared, another 2xx is taken as it, and a body where none
    // was declared is fine.
    let server = serve(json(200, r#"{"deleted":true}"#)).await;
    ok(client(&server)
        .comments()
        .delete("octocat", "Hello-World", 1)
        .await);
}

#[tokio::test]
async fn a_comment_decodes_reactions_whose_keys_are_not_identifiers() {
    let server = serve(json(201, &fixture("github/issue-comment.201.json"))).await;
    let comment = ok(client(&server)
        .comments()
        .create("octocat", "Hello-World", 1347, &NewComment::new("Me too"))
        .await);
    assert_eq!(comment.body.as_deref(), Some("Me too"));
    let reactions = comment.reactions.unwrap_or_else(|| panic!("reactions"));
    assert_eq!((reactions.plus_one, reactions.minus_one), (3, 1));
    assert_exact(
        &only_request(&server).await,
        &Exact {
            method: "POST",
            path: "/repos/octocat/Hello-World/issues/1347/comments",
            query: None,
            accept: Some("application/json"),
            content_type: Some("application/json"),
            headers: &[],
            authorized: true,
            body: br#"{"body":"Me too"}"#,
        },
    );
}

#[tokio::test]
async fn comments_page_by_number_until_a_page_is_empty() {
    let server = MockServer::start().await;
    let comment = fixture("github/issue-comment.201.json");
    for page in ["1", "2"] {
        Mock::given(wiremock::matchers::query_param("page", page))
            .respond_with(json(200, &format!("[{comment}]")))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .respond_with(json(200, "[]"))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut pages = client
        .comments()
        .list("octocat", "Hello-World", 1347)
        .with_per_page(1)
        .with_page(1)
        .pages();
    let mut count = 0;
    while let Some(page) = pages.next_page().await {
        count += ok(page).len();
    }
    assert_eq!(count, 2);
    let queries: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        queries,
        [
            "per_page=1&page=1",
            "per_page=1&page=2",
            "per_page=1&page=3"
        ]
    );
}

#[tokio::test]
async fn a_search_query_of_qualifiers_is_one_component_and_pages_through_items() {
    let server = serve(json(200, &fixture("github/search-issues.200.json"))).await;
    let client = client(&server);
    let found = ok(client
        .search()
        .issues("repo:octocat/Hello-World is:open label:\"good first issue\" a&b=c#d+e%")
        .with_order(Direction::Desc)
        .await);
    assert_eq!(found.total_count, 280);
    assert!(!found.incomplete_results);
    assert_eq!(found.items[0].number, 1347);
    assert_exact(
        &only_request(&server).await,
        &Exact::get(
            "/search/issues",
            Some(
                "q=repo%3Aoctocat%2FHello-World%20is%3Aopen%20label%3A%22good%20first%20issue%22%20a%26b%3Dc%23d%2Be%25&order=desc",
            ),
        ),
    );
    let mut pages = client.search().issues("is:open").pages();
    let first = pages.next_page().await.map(|p| ok(p).len());
    assert_eq!(first, Some(1), "the items of the body's `items` field");
    assert!(pages.next_page().await.is_none(), "no Link, no next page");
}

#[tokio::test]
async fn markdown_renders_to_html_text_from_json_or_from_plain_text() {
    let server = serve(ResponseTemplate::new(200).set_body_raw(
        b"<p>Hello <strong>world</strong></p>\n".to_vec(),
        "text/html;charset=utf-8",
    ))
    .await;
    let client = client(&server);
    let render = MarkdownRender::new("Hello **world**")
        .with_mode(MarkdownMode::Gfm)
        .with_context("octocat/Hello-World");
    let html = ok(client.markdown().render(&render).await);
    assert_eq!(html, "<p>Hello <strong>world</strong></p>\n");
    let raw = ok(client.markdown().render_raw("Hello **world**").await);
    assert_eq!(raw, html);

    let sent = requests(&server).await;
    assert_exact(
        &sent[0],
        &Exact {
            method: "POST",
            path: "/markdown",
            query: None,
            accept: Some("text/html"),
            content_type: Some("application/json"),
            headers: &[],
            authorized: true,
            body: br#"{"text":"Hello **world**","mode":"gfm","context":"octocat/Hello-World"}"#,
        },
    );
    assert_exact(
        &sent[1],
        &Exact {
            method: "POST",
            path: "/markdown/raw",
            query: None,
            accept: Some("text/html"),
            content_type: Some("text/plain"),
            headers: &[],
            authorized: true,
            body: b"Hello **world**",
        },
    );
}

#[tokio::test]
async fn a_readme_comes_as_metadata_or_as_its_raw_bytes() {
    let bytes = b"# Hello-World\n\xF0\x9F\x91\x8B and one byte that is not UTF-8: \xFF\n".to_vec();
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::header(
        "accept",
        "application/vnd.github.raw+json",
    ))
    .respond_with(
        ResponseTemplate::new(200).set_body_raw(bytes.clone(), "application/vnd.github.raw+json"),
    )
    .with_priority(1)
    .mount(&server)
    .await;
    Mock::given(method("GET"))
        .respond_with(json(200, &fixture("github/readme.200.json")))
        .mount(&server)
        .await;
    let client = client(&server);
    let raw = ok(client
        .repos()
        .readme_raw("octocat", "Hello-World")
        .with_git_ref("v1.0")
        .await);
    assert_eq!(raw, bytes);
    let file = ok(client.repos().readme("octocat", "Hello-World").await);
    assert_eq!(file.name, "README.md");
    assert_eq!(file.encoding.as_deref(), Some("base64"));
    assert_eq!(file.size, 5362);

    let sent = requests(&server).await;
    assert_exact(
        &sent[0],
        &Exact {
            method: "GET",
            path: "/repos/octocat/Hello-World/readme",
            query: Some("ref=v1.0"),
            accept: Some("application/vnd.github.raw+json"),
            content_type: None,
            headers: &[],
            authorized: true,
            body: b"",
        },
    );
}

#[tokio::test]
async fn the_device_flow_posts_a_form_and_sends_no_token() {
    let server = serve(json(200, &fixture("github/device-code.200.json"))).await;
    let request = DeviceCodeRequest::new("Iv1.8a61f9b3a7aba766").with_scope("repo read:org");
    let code = ok(client(&server).device_flow().request_code(&request).await);
    assert_eq!(code.user_code, "WDJB-MJHT");
    assert_eq!(code.device_code, "3584d83530557fdd1f46af8289938c8ef79f9dc5");
    let shown = format!("{code:?}");
    assert!(
        !shown.contains("3584d835"),
        "the device code is a secret: {shown}"
    );
    assert!(shown.contains("device_code: <redacted>"), "{shown}");
    assert!(
        shown.contains("WDJB-MJHT"),
        "the user code is for the user to see: {shown}"
    );
    assert_eq!(code.verification_uri, "https://github.com/login/device");
    assert_eq!((code.expires_in, code.interval), (900, 5));
    assert_exact(
        &only_request(&server).await,
        &Exact {
            method: "POST",
            path: "/login/device/code",
            query: None,
            accept: Some("application/json"),
            content_type: Some("application/x-www-form-urlencoded"),
            headers: &[],
            authorized: false,
            body: b"client_id=Iv1.8a61f9b3a7aba766&scope=repo+read%3Aorg",
        },
    );
}

#[tokio::test]
async fn the_user_agent_is_the_crate_unless_the_caller_names_another() {
    let server = serve(ResponseTemplate::new(204)).await;
    let named = ok(client(&server).with_user_agent("octo-app/2.1"));
    ok(named.issues().unlock("octocat", "Hello-World", 1347).await);
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "user-agent"), Some("octo-app/2.1"));
}
