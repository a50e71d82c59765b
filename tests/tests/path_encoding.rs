//! An ID is one path segment, whatever it holds: it can never move a request, and its
//! bearer token, to another path.

use apigen_tests::{client, fixture, json, only_request, requests, server};
use pingone::models::{Cancel, CancelReason};
use pingone::{DeviceAuthenticationId, EnvironmentId, Error, FlowId};

#[tokio::test]
async fn awkward_ids_arrive_as_one_encoded_segment_each() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("a?b=c", "a%3Fb%3Dc"),
        ("a#b", "a%23b"),
        ("100%", "100%25"),
        ("%2E%2E", "%252E%252E"),
        ("a b", "a%20b"),
        ("ünïcødé-ü", "%C3%BCn%C3%AFc%C3%B8d%C3%A9-%C3%BC"),
        ("../../admin", "..%2F..%2Fadmin"),
        ("...", "..."),
    ];
    for (flow_id, encoded) in cases {
        let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
        client(&server)
            .flows()
            .cancel(
                &EnvironmentId::new("env/1"),
                &FlowId::new(flow_id),
                &Cancel::new(CancelReason::AddDevice),
            )
            .await
            .unwrap_or_else(|e| panic!("{flow_id:?}: {e}"));
        let request = only_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/env%2F1/flows/{encoded}"),
            "flow ID {flow_id:?}"
        );
        assert_eq!(request.url.query(), None, "flow ID {flow_id:?}");
        assert_eq!(request.url.fragment(), None, "flow ID {flow_id:?}");
    }
}

#[tokio::test]
async fn ids_that_cannot_be_a_segment_are_refused_before_sending() {
    for bad in ["", ".", ".."] {
        let server = server(json(
            200,
            &fixture("pingone/cancel-device-authentication.200.json"),
        ))
        .await;
        let error = client(&server)
            .device_authentications()
            .cancel(
                &EnvironmentId::new("env"),
                &DeviceAuthenticationId::new(bad),
                &Cancel::new(CancelReason::Signout),
            )
            .await
            .err()
            .unwrap_or_else(|| panic!("{bad:?} must be refused"));
        let Error::InvalidPathParameter {
            operation, name, ..
        } = &error
        else {
            panic!("{bad:?}: {error:?}")
        };
        assert_eq!(
            (*operation, *name),
            ("deviceAuthentications.cancel", "deviceAuthID")
        );
        assert!(error.to_string().ends_with("nothing was sent"), "{error}");
        assert!(
            requests(&server).await.is_empty(),
            "{bad:?} reached the server"
        );
    }
}
