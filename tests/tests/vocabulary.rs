//! The rest of the HTTP vocabulary (tests/ui/specs/vocabulary.yaml, generated into
//! tests/vocabulary) on a loopback server: the exact wire of each operation and what its
//! responses decode into.

use apigen_tests::{TOKEN, header, json, only_request, requests, server as serve};
use apigen_vocabulary::models::{CountSheet, Item, Kind, PasswordGrant, RefreshGrant};
use apigen_vocabulary::stock::{PutError, PutResponse};
use apigen_vocabulary::{Client, SiteId};
use wiremock::matchers::query_param;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn client(server: &MockServer) -> Client {
    ok(ok(Client::from_base_url(&server.uri())).with_bearer_token(TOKEN))
}

fn site() -> SiteId {
    SiteId::new("north/1")
}

fn item(sku: &str, count: i64) -> Item {
    Item::new(sku, count)
}

#[tokio::test]
async fn an_enum_value_named_in_the_spec_goes_on_the_wire_as_its_value() {
    let server =
        serve(json(200, r#"{"items":[]}"#).insert_header("x-ratelimit-remaining", "1")).await;
    ok(client(&server)
        .stock()
        .search(&site(), &["a"], "req-1")
        .with_kind(Kind::Any)
        .await);
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), Some("view=compact&sku=a&kind="));
    // And back: `""` is `Any`, and its text is empty.
    assert_eq!(Kind::from(""), Kind::Any);
    assert_eq!(Kind::Any.as_str(), "");
    assert_eq!(ok("".parse::<Kind>()), Kind::Any);
}

/// A response header that does not hold its type is a decode error that names it, with the
/// status and the body kept.
#[tokio::test]
async fn a_response_header_that_is_not_its_type_is_a_decode_error_naming_it() {
    let server = serve(
        json(200, r#"{"items":[]}"#)
            .insert_header("x-ratelimit-remaining", "1")
            .insert_header("x-ratelimit-reset", "soon"),
    )
    .await;
    let error = client(&server)
        .stock()
        .search(&site(), &["a"], "req-1")
        .await
        .err()
        .unwrap_or_else(|| panic!("`x-ratelimit-reset: soon` is not a number"));
    assert!(
        matches!(&error, apigen_runtime::Error::Decode { status, reason, body, .. }
            if status.as_u16() == 200
                && reason.contains("response header `x-ratelimit-reset` is not a number")
                && body.as_slice() == br#"{"items":[]}"#),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_search_sends_lists_numbers_booleans_enums_ids_and_headers() {
    let server = serve(
        json(200, r#"{"items":[{"sku":"a","@type":"crate","count":2}]}"#)
            .insert_header("x-ratelimit-remaining", "4999")
            .insert_header("x-ratelimit-reset", "1712.25"),
    )
    .await;
    let page = ok(client(&server)
        .stock()
        .search(&site(), &["a b", "c&d"], "req-1")
        .with_bins([3, 14])
        .with_minimum(0.5)
        .with_in_stock(true)
        .with_kind(Kind::Pallet)
        .with_near(SiteId::new("south 2"))
        .with_x_trace("t=1")
        .await);
    assert_eq!(page.x_ratelimit_remaining, 4999);
    assert_eq!(page.x_ratelimit_reset, Some(1712.25));
    assert_eq!(page.x_next_hint, None);
    let items = page.body.items.unwrap_or_default();
    assert_eq!(items[0].at_type.as_deref(), Some("crate"));

    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "GET");
    assert_eq!(sent.url.path(), "/sites/north%2F1/stock");
    assert_eq!(
        sent.url.query(),
        Some(
            "view=compact&sku=a%20b&sku=c%26d&bins=3,14&minimum=0.5&inStock=true&kind=pallet&near=south%202"
        )
    );
    assert_eq!(header(&sent, "x-request-id"), Some("req-1"));
    assert_eq!(header(&sent, "x-trace"), Some("t=1"));
    assert_eq!(
        header(&sent, "x-api-version"),
        Some("2"),
        "the API-wide header"
    );
    assert_eq!(header(&sent, "accept"), Some("application/json"));
    assert_eq!(
        header(&sent, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn cookies_go_in_one_header_encoded_before_the_jar_s_and_stay_out_of_debug() {
    let server =
        serve(json(200, r#"{"items":[]}"#).insert_header("x-ratelimit-remaining", "1")).await;
    let with_jar = client(&server);
    with_jar.add_cookie("sid=s-1; Path=/");
    let north = site();
    let search = with_jar
        .stock()
        .search(&north, &["a"], "req-1")
        .with_stock_view("v 1; admin=1\r\nx-evil: 1");
    assert!(!format!("{search:?}").contains("admin"), "{search:?}");
    ok(search.await);
    let sent = only_request(&server).await;
    let cookies: Vec<&str> = sent
        .headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert_eq!(
        cookies,
        ["tenant=north; stock_view=v%201%3B%20admin%3D1%0D%0Ax-evil%3A%201; sid=s-1"]
    );
    assert_eq!(header(&sent, "x-evil"), None);

    // Without a value, and an empty jar: the constant alone.
    let server =
        serve(json(200, r#"{"items":[]}"#).insert_header("x-ratelimit-remaining", "1")).await;
    ok(client(&server)
        .stock()
        .search(&site(), &["a"], "req-1")
        .await);
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "cookie"), Some("tenant=north"));
}

#[tokio::test]
async fn a_multipart_body_is_a_part_per_field_and_names_cannot_add_a_header() {
    let server = serve(ResponseTemplate::new(204)).await;
    let sheet = ok(apigen_runtime::File::new(b"sku,count\nA-1,3\n".to_vec())
        .with_name("count \"1\".csv\r\nX-Evil: 1")
        .with_media_type("text/csv"));
    let body = CountSheet::new("recount", sheet)
        .with_extra(vec![apigen_runtime::File::from("x")])
        .with_bins(vec![3, 4])
        .with_kind(Kind::Pallet)
        .with_source(item("A-1", 3));
    ok(client(&server).stock().upload_sheet(&site(), &body).await);
    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), "/sites/north%2F1/sheets");
    let content_type = header(&sent, "content-type").unwrap_or_default();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let part = |headers: &str, body: &str| {
        format!("--{boundary}\r\nContent-Disposition: form-data; {headers}\r\n\r\n{body}\r\n")
    };
    let expected = [
        part("name=\"purpose\"", "recount"),
        part(
            "name=\"sheet\"; filename=\"count %221%22.csv%0D%0AX-Evil: 1\"\r\nContent-Type: text/csv",
            "sku,count\nA-1,3\n",
        ),
        part(
            "name=\"extra\"; filename=\"\"\r\nContent-Type: application/octet-stream",
            "x",
        ),
        part("name=\"bins\"", "3"),
        part("name=\"bins\"", "4"),
        part("name=\"kind\"", "pallet"),
        part(
            "name=\"source\"\r\nContent-Type: application/json",
            r#"{"sku":"A-1","count":3}"#,
        ),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    assert_eq!(String::from_utf8_lossy(&sent.body), expected);
    assert_eq!(header(&sent, "x-evil"), None);
}

#[tokio::test]
async fn a_required_response_header_that_is_missing_is_a_decode_error() {
    let server = serve(json(200, r#"{"items":[]}"#)).await;
    let error = client(&server)
        .stock()
        .search(&site(), &["a"], "req-1")
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("x-ratelimit-remaining"), "{error}");
    assert!(error.contains("missing"), "{error}");
}

#[tokio::test]
async fn cursor_pages_send_the_cursor_until_there_is_none() {
    let server = MockServer::start().await;
    for (cursor, body) in [
        (
            None,
            r#"{"items":[{"sku":"a","count":1}],"next_cursor":"c 2"}"#,
        ),
        (
            Some("c 2"),
            r#"{"items":[{"sku":"b","count":1}],"next_cursor":"c&3"}"#,
        ),
        (Some("c&3"), r#"{"items":[{"sku":"c","count":1}]}"#),
    ] {
        let answer = json(200, body).insert_header("x-ratelimit-remaining", "1");
        match cursor {
            Some(cursor) => {
                Mock::given(query_param("cursor", cursor))
                    .respond_with(answer)
                    .with_priority(1)
                    .mount(&server)
                    .await;
            }
            None => {
                Mock::given(wiremock::matchers::any())
                    .respond_with(answer)
                    .mount(&server)
                    .await
            }
        }
    }
    let client = client(&server);
    let site = site();
    let mut pages = client.stock().search(&site, &["x"], "req-2").pages();
    let mut skus = Vec::new();
    while let Some(page) = pages.next_page().await {
        skus.extend(ok(page).into_iter().map(|item| item.sku));
    }
    assert_eq!(skus, ["a", "b", "c"]);
    let sent = requests(&server).await;
    let queries: Vec<&str> = sent
        .iter()
        .map(|r| r.url.query().unwrap_or_default())
        .collect();
    assert_eq!(
        queries,
        [
            "view=compact&sku=x",
            "view=compact&sku=x&cursor=c%202",
            "view=compact&sku=x&cursor=c%263"
        ]
    );
    assert!(
        sent.iter()
            .all(|r| header(r, "x-request-id") == Some("req-2")),
        "every page carries the first request's headers"
    );
}

#[tokio::test]
async fn operations_on_one_url_are_told_apart_by_what_they_send() {
    let server = serve(json(200, r#"{"a":{"sku":"a","count":1}}"#)).await;
    let client = client(&server);
    let by_sku = ok(client.stock().search_v3(&site()).await);
    assert_eq!(by_sku.get("a").map(|i| i.count), Some(1));
    ok(client.stock().count(&site()).await);
    let sent = requests(&server).await;
    assert_eq!(
        header(&sent[0], "x-api-version"),
        Some("3"),
        "its own constant"
    );
    assert_eq!(sent[0].url.query(), None);
    assert_eq!(sent[1].url.query(), Some("view=count"));
    assert_eq!(header(&sent[1], "x-api-version"), Some("2"));

    let csv = serve_text("sku,count\na,1\n").await;
    let text = ok(self::client(&csv).stock().csv(&site()).await);
    assert_eq!(text, "sku,count\na,1\n");
    assert_eq!(
        header(&only_request(&csv).await, "accept"),
        Some("text/csv")
    );
}

async fn serve_text(text: &str) -> MockServer {
    serve(ResponseTemplate::new(200).set_body_raw(text.as_bytes().to_vec(), "text/csv")).await
}

#[tokio::test]
async fn a_put_answers_one_variant_per_status() {
    let items = [item("a", 1), item("b", 2)];
    let server = serve(json(200, r#"[{"sku":"a","count":1}]"#)).await;
    let answer = ok(client(&server).stock().put(&site(), 7, &items).await);
    assert_eq!(answer, PutResponse::Ok(vec![item("a", 1)]));
    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "PUT");
    assert_eq!(sent.url.path(), "/sites/north%2F1/bins/7");
    assert_eq!(header(&sent, "content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"[{"sku":"a","count":1},{"sku":"b","count":2}]"#
    );

    let server = serve(ResponseTemplate::new(202)).await;
    let answer = ok(client(&server).stock().put(&site(), 7, &items).await);
    assert_eq!(answer, PutResponse::Accepted);

    let server = serve(
        ResponseTemplate::new(303).insert_header("location", "/sites/south/bins?site=south&bin=9"),
    )
    .await;
    let answer = ok(client(&server).stock().put(&site(), 7, &items).await);
    let PutResponse::SeeOther(moved) = answer else {
        panic!("expected 303, got {answer:?}");
    };
    assert_eq!(moved.params().site, SiteId::new("south"));
    assert_eq!(moved.params().bin.as_deref(), Some("9"));
    assert_eq!(requests(&server).await.len(), 1, "not followed");

    // A status the operation names, the resource's, and the API's.
    for (status, body) in [
        (422, r#"{"title":"bad count"}"#),
        (409, r#"{"reason":"locked"}"#),
        (500, r#"{"title":"oops"}"#),
    ] {
        let server = serve(json(status, body)).await;
        let error = client(&server).stock().put(&site(), 7, &items).await.err();
        let model = error.as_ref().and_then(|e| e.api()).and_then(|a| a.body());
        match (status, model) {
            (422, Some(PutError::UnprocessableEntity(problem))) => {
                assert_eq!(problem.title, "bad count")
            }
            (409, Some(PutError::Conflict(conflict))) => assert_eq!(conflict.reason, "locked"),
            (500, Some(PutError::Other(problem))) => assert_eq!(problem.title, "oops"),
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn bytes_and_optional_text_bodies_go_as_they_are() {
    let server = serve(ResponseTemplate::new(201).insert_header("location", "/photos/1")).await;
    let png = [0x89, b'P', b'N', b'G', 0, 0xff];
    let created = ok(client(&server).stock().upload(&site(), &png).await);
    assert_eq!(created.location, "/photos/1");
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "content-type"), Some("image/png"));
    assert_eq!(sent.body, png);

    let server = serve(ResponseTemplate::new(204)).await;
    let client = client(&server);
    ok(client.stock().note(&site()).with_body("# Note\n").await);
    ok(client.stock().note(&site()).await);
    let sent = requests(&server).await;
    assert_eq!(header(&sent[0], "content-type"), Some("text/markdown"));
    assert_eq!(sent[0].body, b"# Note\n");
    assert_eq!(
        header(&sent[1], "content-type"),
        None,
        "no body, no media type"
    );
    assert_eq!(header(&sent[1], "content-length"), Some("0"));
}

#[tokio::test]
async fn form_grants_differ_by_their_constant_and_keep_secrets_out_of_debug() {
    let server = serve(json(
        200,
        r#"{"access_token":"at-SECRET","expires_in":3600}"#,
    ))
    .await;
    let client = client(&server);
    let grant = PasswordGrant::new("ada", "pa ss&word")
        .with_scope(vec!["read".to_owned(), "write".to_owned()]);
    assert!(!format!("{grant:?}").contains("pa ss"), "{grant:?}");
    let token = ok(client.tokens().password(&grant).await);
    assert_eq!(token.access_token, "at-SECRET");
    assert!(!format!("{token:?}").contains("at-SECRET"), "{token:?}");
    ok(client.tokens().refresh(&RefreshGrant::new("rt-1")).await);

    let sent = requests(&server).await;
    assert_eq!(
        String::from_utf8_lossy(&sent[0].body),
        "grant_type=password&username=ada&password=pa+ss%26word&scope=read&scope=write"
    );
    assert_eq!(
        String::from_utf8_lossy(&sent[1].body),
        "grant_type=refresh_token&refresh_token=rt-1"
    );
    for request in &sent {
        assert_eq!(request.url.path(), "/token");
        assert_eq!(
            header(request, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(header(request, "authorization"), None, "auth: none");
    }
}

/// A body that does not fit its model says where, as a path into it (what an imported API's
/// user needs when the document got one field wrong), and never what the value was.
#[tokio::test]
async fn a_body_that_does_not_decode_names_the_field_by_its_path() {
    let items = [item("a", 1)];
    let server = serve(json(
        200,
        r#"[{"sku":"a","count":1},{"sku":"b","count":"many-SECRET"}]"#,
    ))
    .await;
    let error = client(&server)
        .stock()
        .put(&site(), 7, &items)
        .await
        .err()
        .unwrap_or_else(|| panic!("a count is an integer"));
    let shown = error.to_string();
    assert!(
        shown.contains("does not decode: at `[1].count`: invalid type: a string, expected i64"),
        "{shown}"
    );
    assert!(!shown.contains("SECRET"), "{shown}");
}

/// A union by shape decodes as the first of its types the value fits; a value that fits none
/// is a decode error that says why each did not, and where.
#[tokio::test]
async fn a_union_by_shape_takes_the_first_type_that_fits_or_says_why_none_did() {
    use apigen_vocabulary::models::Marker;
    let items = [item("a", 1)];
    let server = serve(json(
        200,
        r#"[{"sku":"a","count":1,"marker":7},{"sku":"b","count":1,"marker":"B-7"},
            {"sku":"c","count":1,"marker":{"text":"fragile"}},{"sku":"d","count":1,"marker":[]}]"#,
    ))
    .await;
    let PutResponse::Ok(answer) = ok(client(&server).stock().put(&site(), 7, &items).await) else {
        panic!("a 200");
    };
    let markers: Vec<Option<Marker>> = answer.into_iter().map(|i| i.marker).collect();
    assert!(
        matches!(markers[0], Some(Marker::Integer(7))),
        "{markers:?}"
    );
    assert!(
        matches!(&markers[1], Some(Marker::String(s)) if s == "B-7"),
        "{markers:?}"
    );
    assert!(
        matches!(&markers[2], Some(Marker::Label(l)) if l.text == "fragile"),
        "{markers:?}"
    );
    assert!(
        matches!(&markers[3], Some(Marker::LabelList(l)) if l.is_empty()),
        "{markers:?}"
    );

    let server = serve(json(200, r#"[{"sku":"a","count":1,"marker":true}]"#)).await;
    let error = client(&server)
        .stock()
        .put(&site(), 7, &items)
        .await
        .err()
        .unwrap_or_else(|| panic!("a boolean is no marker"));
    let shown = error.to_string();
    assert!(
        shown.contains(
            "at `[0].marker`: the value fits none of the shapes of Marker: as `integer`: invalid type: a boolean, expected i64; \
             as `string`: invalid type: a boolean, expected a string; as `Label`: invalid type: a boolean, expected a Label object; \
             as `list<Label>`: invalid type: a boolean, expected a sequence"
        ),
        "{shown}"
    );
}

#[tokio::test]
async fn a_tagged_union_is_sent_tag_first_with_its_variant_s_fields() {
    use apigen_vocabulary::models::{Adjustment, StockMove, Transfer};
    let server = serve(ResponseTemplate::new(204)).await;
    let client = client(&server);
    let transfer = StockMove::Transfer(Box::new(Transfer::new(9, 3)));
    ok(client.stock().r#move(&site(), 7, &transfer).await);
    // A variant that lists the tag as a field of its own: the tag is written once, with the
    // variant's value, whatever the field holds.
    let adjust = StockMove::Adjust(Box::new(
        Adjustment::new("anything", -2).with_reason("recount"),
    ));
    ok(client.stock().r#move(&site(), 7, &adjust).await);
    let sent = requests(&server).await;
    assert_eq!(sent[0].url.path(), "/sites/north%2F1/bins/7/moves");
    assert_eq!(header(&sent[0], "content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8_lossy(&sent[0].body),
        r#"{"kind":"transfer","to_bin":9,"quantity":3}"#
    );
    assert_eq!(
        String::from_utf8_lossy(&sent[1].body),
        r#"{"kind":"adjust","delta":-2,"reason":"recount"}"#
    );
}
