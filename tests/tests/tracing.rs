//! The `tracing` feature: one span per HTTP request, with the operation, method, path
//! template, attempt, status and duration, and never a path argument, a header value or a
//! body (issue 13).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apigen_tests::{TOKEN, client, fixture, json};
use pingone::models::UsernamePasswordCheck;
use pingone::{EnvironmentId, FlowId, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A span's name and its fields, as text.
type Span = (String, BTreeMap<String, String>);

/// Every span, in the order they were made.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<Span>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Spans {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut spans = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        spans.push((span.metadata().name().to_owned(), fields));
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, fields)) = usize::try_from(span.into_u64())
            .ok()
            .and_then(|i| spans.get_mut(i - 1))
        {
            values.record(&mut Fields(fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl Spans {
    fn requests(&self) -> Vec<BTreeMap<String, String>> {
        let spans = self.0.lock().unwrap_or_else(|e| e.into_inner());
        spans
            .iter()
            .filter(|(name, _)| name == "apigen.request")
            .map(|(_, fields)| fields.clone())
            .collect()
    }
}

const ENV: &str = "env-PRIVATE-1";
const FLOW: &str = "flow-PRIVATE-2";

#[tokio::test]
async fn each_request_is_a_span_without_arguments_headers_or_bodies() {
    let spans = Spans::default();
    let _guard = tracing::subscriber::set_default(spans.clone());
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            json(200, &fixture("pingone/flow.200.json")).insert_header("Set-Cookie", "ST=PRIVATE"),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let policy = RetryPolicy::new(2).with_backoff(Duration::from_millis(1), Duration::from_secs(1));
    let client = client(&server).with_retry(policy);
    let (env, flow) = (EnvironmentId::new(ENV), FlowId::new(FLOW));
    let read = client.flows().read(&env, &flow).await;
    assert!(read.is_ok(), "{read:?}");
    let check = UsernamePasswordCheck::new("ada-PRIVATE", "pw-PRIVATE");
    let checked = client
        .flows()
        .check_username_password(&env, &flow, &check)
        .await;
    assert!(checked.is_ok(), "{checked:?}");

    let requests = spans.requests();
    let summary: Vec<Vec<&str>> = requests
        .iter()
        .map(|fields| {
            ["operation", "method", "path", "attempt", "status"]
                .iter()
                .map(|name| fields.get(*name).map_or("-", String::as_str))
                .collect()
        })
        .collect();
    assert_eq!(
        summary,
        [
            ["flows.read", "GET", "/{envID}/flows/{flowID}", "1", "503"],
            ["flows.read", "GET", "/{envID}/flows/{flowID}", "2", "200"],
            [
                "flows.checkUsernamePassword",
                "POST",
                "/{envID}/flows/{flowID}",
                "1",
                "200"
            ],
        ]
    );
    for fields in &requests {
        let duration = fields
            .get("duration_ms")
            .and_then(|d| d.parse::<f64>().ok());
        assert!(duration.is_some_and(|d| d >= 0.0), "{fields:?}");
        let all = format!("{fields:?}");
        assert!(!all.contains("PRIVATE") && !all.contains(TOKEN), "{all}");
    }
}

#[tokio::test]
async fn a_failed_request_says_how_in_its_span() {
    let spans = Spans::default();
    let _guard = tracing::subscriber::set_default(spans.clone());
    let nowhere =
        pingone::Client::from_base_url("http://127.0.0.1:1").unwrap_or_else(|e| panic!("{e}"));
    let (env, flow) = (EnvironmentId::new(ENV), FlowId::new(FLOW));
    let read = nowhere.flows().reset(&env, &flow).await;
    assert!(read.is_err());
    let requests = spans.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].get("error").map(String::as_str),
        Some("transport")
    );
    assert_eq!(requests[0].get("status"), None);
}
