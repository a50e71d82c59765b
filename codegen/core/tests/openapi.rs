//! The OpenAPI export: operations that share a URL stay apart, and what OpenAPI cannot say
//! is kept in `x-apigen-…` extensions. (CI checks every exported document with an OpenAPI
//! 3.1 validator; these check what the document says.)

use serde_json::{Value, json};

const SPEC: &str = "\
api:
  name: Desk
  auth: bearer
  error: Problem
schemes:
  app:
    type: form
    id: client_id
    secret: client_secret
  partner:
    type: basic
    form_encoded: true
ids:
  TicketId: A ticket.
resources:
  tickets:
    operations:
      close:
        method: POST
        path: /tickets/{ticketID}
        params:
          ticketID: TicketId
        content_type: application/vnd.desk.close+json
        body: Close
        responses:
          200: Ticket
      reopen:
        method: POST
        path: /tickets/{ticketID}
        params:
          ticketID: TicketId
        content_type: application/vnd.desk.reopen+json
        auth: none
        responses:
          200: Ticket
        examples:
          reopen:
            params:
              ticketID: t-1
            response:
              status: 200
              body: {id: t-1, note: null}
      list:
        method: GET
        path: /tickets
        query:
          tag:
            type: list<string>?
            style: comma
          view:
            const: full
        auth: [bearer, none]
        responses:
          200: list<Ticket>
  tokens:
    operations:
      password:
        method: POST
        path: /token
        content_type: application/x-www-form-urlencoded
        body: PasswordGrant
        auth: [partner, app]
        responses:
          200: Token
      refresh:
        method: POST
        path: /token
        content_type: application/x-www-form-urlencoded
        body: RefreshGrant
        auth: [partner, app]
        responses:
          200: Token
models:
  Close:
    fields:
      reason: string
  Ticket:
    fields:
      id: TicketId
      note:
        type: string?
        nullable: true
  PasswordGrant:
    fields:
      grant_type:
        const: password
      username: string
  RefreshGrant:
    fields:
      grant_type:
        const: refresh_token
      refresh_token:
        type: string
        secret: true
  Token:
    fields:
      access_token: string
  Problem:
    fields:
      title: string
";

fn document() -> Value {
    let api = apigen::lower("spec/desk.yaml", SPEC).unwrap_or_else(|e| panic!("{e}"));
    apigen::openapi::export(&api, "spec/desk.yaml")
}

#[test]
fn operations_on_one_url_are_one_openapi_operation_and_each_whole_beside_it() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    let post = &doc["paths"]["/tickets/{ticketID}"]["post"];
    assert_eq!(post["operationId"], "tickets.post");
    let content = &post["requestBody"]["content"];
    assert_eq!(
        content["application/vnd.desk.close+json"]["schema"],
        json!({ "$ref": "#/components/schemas/Close" })
    );
    // Reopen sends its media type and no body.
    assert_eq!(
        content["application/vnd.desk.reopen+json"]["x-apigen-empty-body"],
        json!(["tickets.reopen"])
    );
    assert_eq!(post["requestBody"]["required"], false);
    let each = post["x-apigen-operations"]
        .as_array()
        .unwrap_or_else(|| panic!("{post}"));
    let ids: Vec<&Value> = each.iter().map(|op| &op["operationId"]).collect();
    assert_eq!(ids, ["tickets.close", "tickets.reopen"]);
    assert_eq!(
        each[0]["security"],
        json!([{ "bearer": [] }]),
        "close needs the token"
    );
    assert_eq!(each[1]["security"], json!([]), "reopen sends none");
    assert_eq!(
        each[1]["x-apigen-identity"],
        json!({ "content-type": "application/vnd.desk.reopen+json" })
    );
    // The merged operation may be sent with the token or without.
    assert_eq!(post["security"], json!([{ "bearer": [] }, {}]));
    // Reopen's example response, in its own operation.
    assert_eq!(
        each[1]["responses"]["200"]["content"]["application/json"]["examples"]["reopen"]["value"],
        json!({ "id": "t-1", "note": null })
    );
}

#[test]
fn bodies_that_share_a_media_type_are_told_apart_by_their_constant() {
    let doc = document();
    let token = &doc["paths"]["/token"]["post"];
    assert_eq!(
        token["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"],
        json!({
            "oneOf": [
                { "$ref": "#/components/schemas/PasswordGrant" },
                { "$ref": "#/components/schemas/RefreshGrant" },
            ],
            "discriminator": {
                "propertyName": "grant_type",
                "mapping": {
                    "password": "#/components/schemas/PasswordGrant",
                    "refresh_token": "#/components/schemas/RefreshGrant",
                },
            },
        })
    );
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["RefreshGrant"]["properties"]["grant_type"],
        json!({ "const": "refresh_token" })
    );
    assert_eq!(
        schemas["RefreshGrant"]["required"],
        json!(["refresh_token", "grant_type"])
    );
    assert_eq!(
        schemas["RefreshGrant"]["properties"]["refresh_token"]["x-apigen-secret"],
        true
    );
}

#[test]
fn what_openapi_cannot_say_is_kept_in_extensions() {
    let doc = document();
    let components = &doc["components"];
    // A form-field client scheme is no OpenAPI security scheme.
    assert_eq!(
        components["x-apigen-form-schemes"]["app"],
        json!({ "id": "client_id", "secret": "client_secret" })
    );
    assert_eq!(components["securitySchemes"].get("app"), None);
    assert_eq!(
        components["securitySchemes"]["partner"],
        json!({ "type": "http", "scheme": "basic", "x-apigen-form-encoded": true })
    );
    let password = &doc["paths"]["/token"]["post"]["x-apigen-operations"][0];
    assert_eq!(password["security"], json!([{ "partner": [] }]));
    assert_eq!(
        password["x-apigen-auth"],
        json!({ "schemes": ["partner", "app"], "optional": false })
    );
    // Nullable: null is a value; optional alone is not required.
    assert_eq!(
        components["schemas"]["Ticket"]["properties"]["note"],
        json!({ "anyOf": [{ "type": "string" }, { "type": "null" }], "x-apigen-nullable": true })
    );
    assert_eq!(components["schemas"]["Ticket"]["required"], json!(["id"]));
    assert_eq!(
        components["schemas"]["TicketId"],
        json!({ "type": "string", "description": "A ticket.", "x-apigen-id": true })
    );
    let list = &doc["paths"]["/tickets"]["get"];
    assert_eq!(
        list["parameters"],
        json!([
            {
                "name": "tag",
                "in": "query",
                "required": false,
                "schema": { "type": "array", "items": { "type": "string" } },
                "style": "form",
                "explode": false,
            },
            {
                "name": "view",
                "in": "query",
                "required": true,
                "schema": { "type": "string", "const": "full" },
            },
        ])
    );
    assert_eq!(list["security"], json!([{ "bearer": [] }, {}]));
    assert_eq!(
        list["responses"]["default"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Problem" })
    );
}

/// The checked-in documents are what the generator writes now (as `cargo xtask codegen
/// --check` also says).
#[test]
fn the_checked_in_documents_are_fresh() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for spec in ["spec/pingone.yaml", "spec/github.yaml"] {
        let source = std::fs::read_to_string(root.join(spec)).unwrap_or_else(|e| panic!("{e}"));
        let api = apigen::lower_in(spec, &source, Some(root.join("spec")))
            .unwrap_or_else(|e| panic!("{e}"));
        let path = root.join(apigen::openapi::document_path(spec));
        let checked_in = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            checked_in == apigen::openapi::document_text(&api, spec),
            "{} is stale: run `cargo xtask codegen`",
            path.display()
        );
    }
}

/// `spec` → export → import → the same API: the two specs generate the same files (the
/// operations, their wire and their types; examples aside, which an OpenAPI document keeps
/// only as documentation).
fn round_trip(spec: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let source = std::fs::read_to_string(root.join(spec)).unwrap_or_else(|e| panic!("{e}"));
    let dir = root.join(spec).parent().map(std::path::Path::to_path_buf);
    let api = apigen::lower_in(spec, &source, dir).unwrap_or_else(|e| panic!("{e}"));
    let document = apigen::openapi::export(&api, spec);
    let imported = apigen::openapi::import(&document);
    assert_eq!(imported.problems, [], "{}", imported.spec);
    let again = apigen::lower("imported.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    let before = apigen::render::files(spec, &api);
    let after = apigen::render::files(spec, &again);
    let names = |files: &[(String, String)]| -> Vec<String> {
        files.iter().map(|(name, _)| name.clone()).collect()
    };
    assert_eq!(names(&before), names(&after));
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        if a != b {
            let line = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            let show = |text: &str| -> String {
                text.lines()
                    .skip(line.saturating_sub(3))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{name} differs at line {}:\n--- from the spec\n{}\n--- from the import\n{}\n\n{}",
                line + 1,
                show(a),
                show(b),
                imported.spec
            );
        }
    }
}

#[test]
fn pingone_round_trips_through_openapi() {
    round_trip("spec/pingone.yaml");
}

#[test]
fn github_round_trips_through_openapi() {
    round_trip("spec/github.yaml");
}

#[test]
fn the_vocabulary_round_trips_through_openapi() {
    round_trip("tests/ui/specs/vocabulary.yaml");
}

/// Public documents nobody here wrote (tests/openapi/): each imports into a spec that passes
/// apigen's checks, and what it does not convert is exactly this, at these pointers
/// (tests/openapi/README.md says why).
#[test]
fn public_documents_import_into_specs_that_pass_the_checks() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/openapi");
    let cases: &[(&str, &[&str])] = &[
        ("petstore-expanded.yaml", &[]),
        (
            "uspto.yaml",
            &["/paths/~1{dataset}~1{version}~1fields/get/responses/404"],
        ),
        (
            "tictactoe.yaml",
            // `app2AppOauth` is a client-credentials flow: converted.
            &[
                "/components/securitySchemes/user2AppOauth",
                "/paths/~1board~1{row}~1{column}/get/responses/400",
                "/paths/~1board~1{row}~1{column}/put/responses/400",
            ],
        ),
        ("api-with-examples.yaml", &["/paths/~1/get/responses/300"]),
        (
            "swagger-petstore.yaml",
            &[
                "/components/securitySchemes/petstore_auth",
                "/paths/~1pet/put/requestBody/content/application~1x-www-form-urlencoded",
                "/paths/~1pet/post/requestBody/content/application~1x-www-form-urlencoded",
            ],
        ),
    ];
    for (file, expected) in cases {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{e}"));
        let doc = apigen::openapi::parse_document(&text).unwrap_or_else(|e| panic!("{e}"));
        let imported = apigen::openapi::import(&doc);
        let pointers: Vec<&str> = imported
            .problems
            .iter()
            .map(|p| p.pointer.as_str())
            .collect();
        assert_eq!(pointers, *expected, "{file}: {:#?}", imported.problems);
        let api = apigen::lower(file, &imported.spec)
            .unwrap_or_else(|e| panic!("{file}: {e}\n{}", imported.spec));
        assert!(!api.resources.is_empty(), "{file}");
    }
}

/// What an import cannot map is reported where it is, and the rest still converts.
#[test]
fn what_does_not_map_is_reported_by_pointer_and_the_rest_converts() {
    let doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "Mixed", "version": "1" },
        "components": {
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": "sid" } },
            "schemas": {
                "Item": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": { "type": "string" },
                        "shape": { "oneOf": [{ "type": "string" }, { "type": "integer" }] },
                        "size": { "type": "integer", "nullable": true },
                    },
                },
            },
        },
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                        { "name": "sid", "in": "cookie", "schema": { "type": "string" } },
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Item" } } },
                        },
                        "4XX": { "description": "A client error" },
                    },
                },
            },
        },
    });
    let imported = apigen::openapi::import(&doc);
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "#/components/securitySchemes/session: a security scheme apigen has no kind for (a cookie API key, mutual TLS, another HTTP scheme): left out",
            "#/paths/~1items~1{id}/get/responses/4XX: status `4XX` (a range): left out",
        ]
    );
    let api = apigen::lower("mixed.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    let ops = &api.resources[0].operations;
    assert_eq!(ops[0].name.as_str(), "items.getItem");
    // `oneOf` of distinct types without a discriminator is a union by shape.
    assert!(
        imported.spec.contains("shape: ItemShape?")
            && imported
                .spec
                .contains("one_of:\n    - string\n    - integer")
            && imported.spec.contains("size: integer?"),
        "{}",
        imported.spec
    );
    // A cookie parameter is one of the operation's cookies.
    assert!(
        imported.spec.contains("cookies:\n          sid: string?\n"),
        "{}",
        imported.spec
    );
    assert_eq!(ops[0].cookies.len(), 1);
}

/// Shapes a large real document has (OpenAI's, 3 MB): each converts, or is reported and the
/// spec still passes the checks.
#[test]
fn shapes_of_a_large_real_document_convert() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "Shapes", "version": "1" },
        "tags": [{ "name": "models" }],
        "paths": {
            "/models?beta=true": {
                "post": {
                    "tags": ["models"],
                    "operationId": "createModel",
                    "parameters": [
                        { "name": "openai-beta", "in": "header", "schema": { "type": "array", "items": { "type": "string" } } },
                        { "name": "metadata", "in": "query", "schema": { "type": "object", "additionalProperties": { "type": "string" } } },
                    ],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewModel" } } },
                    },
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Model" } } },
                        },
                    },
                },
            },
        },
        "components": {
            "schemas": {
                // Models first, the plain type and the union they name after them.
                "NewModel": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": { "type": "string" },
                        "metadata": { "$ref": "#/components/schemas/Metadata" },
                        "tool": { "$ref": "#/components/schemas/Tool" },
                    },
                },
                "Model": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": { "type": "string" },
                        "summary": { "anyOf": [{ "type": "string", "enum": ["auto", "short"] }, { "type": "null" }] },
                        "tool": { "$ref": "#/components/schemas/Tool" },
                    },
                },
                "Metadata": {
                    "anyOf": [{ "type": "object", "additionalProperties": { "type": "string" } }, { "type": "null" }],
                },
                "Tool": {
                    "oneOf": [{ "$ref": "#/components/schemas/Search" }],
                    "discriminator": { "propertyName": "type", "mapping": { "search": "#/components/schemas/Search" } },
                },
                "Search": { "type": "object", "properties": { "query": { "type": "string" } } },
            },
        },
    });
    let imported = apigen::openapi::import(&doc);
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "#/paths/~1models?beta=true/post/parameters/0: a header of type `list<string>`: sent as one text, `string`",
            "#/paths/~1models?beta=true/post/parameters/1: a query parameter of type `map<string>`, which is not one value: left out",
        ],
        "{}",
        imported.spec
    );
    let api = apigen::lower("shapes.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    // `models` is the crate's own module: the resource is `modelsApi`.
    let resource = &api.resources[0];
    assert_eq!(resource.wire, "modelsApi");
    let op = &resource.operations[0];
    // The query in the path is a constant of the operation.
    assert_eq!(op.path_template, "/models");
    assert!(
        matches!(&op.query[..], [q] if q.wire.as_str() == "beta"
            && matches!(&q.kind, apigen::ir::InputKind::Const(v) if v.as_str() == "true")),
        "{:?}",
        op.query
    );
    for expected in [
        // A plain type named before it is defined is written out where it is used.
        "metadata: map<string>?",
        // A field named `summary` is a field like any other.
        "summary: ModelSummary?",
        // The union stays typed where it is received, and where it is sent.
        "      tool: Tool?\n  ModelSummary:",
        "      tool: Tool?\n  Tool:",
    ] {
        assert!(
            imported.spec.contains(expected),
            "{expected}\n{}",
            imported.spec
        );
    }
}

/// A document whose references lead back to themselves is reported, not followed forever.
#[test]
fn references_in_a_circle_end() {
    let doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "Cycle", "version": "1" },
        "paths": { "/a": { "get": {
            "operationId": "getA",
            "responses": { "200": {
                "description": "OK",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } },
            } },
        } } },
        "components": { "schemas": {
            "A": { "allOf": [{ "$ref": "#/components/schemas/B" }] },
            "B": { "allOf": [{ "$ref": "#/components/schemas/A" }] },
            "Alias": { "$ref": "#/components/schemas/Alias2" },
            "Alias2": { "$ref": "#/components/schemas/Alias" },
        } },
    });
    let imported = apigen::openapi::import(&doc);
    assert!(
        imported
            .problems
            .iter()
            .any(|p| p.message.contains("leads back to itself")),
        "{:#?}",
        imported.problems
    );
    assert!(
        apigen::lower("cycle.yaml", &imported.spec).is_ok(),
        "{}",
        imported.spec
    );
}

/// Parameters inside a segment, as real documents write them (Twilio's `{Sid}.json`, a
/// file's `thumbnail.{extension}`, Google's `{name}:cancel`), import as they are and pass the
/// checks, with nothing reported.
#[test]
fn parameters_inside_a_segment_import_as_they_are() {
    let param = |name: &str| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } });
    let ok = json!({ "204": { "description": "Done" } });
    let doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "Segments", "version": "1" },
        "paths": {
            "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json": {
                "delete": { "operationId": "calls.delete", "parameters": [param("AccountSid"), param("Sid")], "responses": ok },
            },
            "/files/{file_id}/thumbnail.{extension}": {
                "get": { "operationId": "files.thumbnail", "parameters": [param("file_id"), param("extension")], "responses": ok },
            },
            "/v1/{name}:cancel": {
                "post": { "operationId": "operations.cancel", "parameters": [param("name")], "responses": ok },
            },
        },
    });
    let imported = apigen::openapi::import(&doc);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let api = apigen::lower("segments.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    let templates: Vec<&str> = api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .map(|op| op.path_template.as_str())
        .collect();
    assert_eq!(
        templates,
        [
            "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
            "/files/{file_id}/thumbnail.{extension}",
            "/v1/{name}:cancel",
        ]
    );
}

/// Names that are one name in Rust (Twilio's inequality filters, a resource and its
/// operation both `Search`) get distinct Rust names from the import, which says which; the
/// wire names stay.
#[test]
fn names_that_collide_in_rust_are_renamed_by_the_import() {
    let query = |name: &str| json!({ "name": name, "in": "query", "schema": { "type": "string", "format": "date" } });
    let doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "Names", "version": "1" },
        "paths": {
            "/Calls.json": {
                "get": {
                    "operationId": "listCalls",
                    "tags": ["calls"],
                    "parameters": [query("DateCreated"), query("DateCreated<"), query("DateCreated>"), query("date_created")],
                    "responses": { "204": { "description": "Done" } },
                },
            },
            "/search": {
                "get": {
                    "operationId": "search",
                    "tags": ["search"],
                    "responses": { "204": { "description": "Done" } },
                },
            },
        },
    });
    let imported = apigen::openapi::import(&doc);
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "#/paths/~1Calls.json/get: query parameter `DateCreated<` is `date_created_lt` in Rust, as `date_created` is `DateCreated`'s (a `rust` name, chosen by the import)",
            "#/paths/~1Calls.json/get: query parameter `DateCreated>` is `date_created_gt` in Rust, as `date_created` is `DateCreated`'s (a `rust` name, chosen by the import)",
            "#/paths/~1Calls.json/get: query parameter `date_created` is `date_created_2` in Rust, as `date_created` is `DateCreated`'s (a `rust` name, chosen by the import)",
            "#/paths/~1search/get: operation `search` is `getSearch`, as its resource `search` is `Search` in Rust too",
        ]
    );
    let api = apigen::lower("names.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    let list = &api.resources[0].operations[0];
    let names: Vec<(&str, &str)> = list
        .query
        .iter()
        .map(|q| (q.wire.as_str(), q.rust.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("DateCreated", "date_created"),
            ("DateCreated<", "date_created_lt"),
            ("DateCreated>", "date_created_gt"),
            ("date_created", "date_created_2"),
        ]
    );
    assert_eq!(
        api.resources[1].operations[0].name.as_str(),
        "search.getSearch"
    );
}

/// Box's convention: several operations on one URL, told apart by a `#fragment` of the path
/// key (never sent). Each imports as its own operation, on the URL without the fragment, and
/// the later ones say they send the same request on purpose, so both functions exist.
#[test]
fn operations_keyed_by_a_fragment_import_as_operations_on_one_url() {
    let body = |field: Value| json!({ "content": { "application/json": { "schema": { "type": "object", "properties": { "shared_link": field } } } } });
    let id = json!([{ "name": "web_link_id", "in": "path", "required": true, "schema": { "type": "string" } }]);
    let ok = json!({ "200": { "description": "OK" } });
    let doc = json!({
        "openapi": "3.0.0",
        "info": { "title": "Box", "version": "2" },
        "paths": {
            "/web_links/{web_link_id}#add_shared_link": {
                "put": { "tags": ["Shared links (Web Links)"], "parameters": id, "requestBody": body(json!({ "type": "object", "properties": { "access": { "type": "string" } } })), "responses": ok },
            },
            "/web_links/{web_link_id}#remove_shared_link": {
                "put": { "tags": ["Shared links (Web Links)"], "parameters": id, "requestBody": body(json!({ "type": "object", "nullable": true })), "responses": ok },
            },
        },
    });
    let imported = apigen::openapi::import(&doc);
    let api = apigen::lower("box.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    let ops: Vec<(&str, &str, Vec<&str>)> = api.resources[0]
        .operations
        .iter()
        .map(|op| {
            let same: Vec<&str> = op.same_request_as.iter().map(|n| n.as_str()).collect();
            (op.name.as_str(), op.path_template.as_str(), same)
        })
        .collect();
    let resource = api.resources[0].wire.as_str();
    let first = format!("{resource}.addSharedLink");
    assert_eq!(
        ops,
        [
            (first.as_str(), "/web_links/{web_link_id}", vec![]),
            (
                format!("{resource}.removeSharedLink").as_str(),
                "/web_links/{web_link_id}",
                vec![first.as_str()]
            ),
        ]
    );
}

/// A success that comes in several media types is one operation per media type, told apart
/// by the `Accept` each sends: nothing is dropped.
#[test]
fn several_response_media_types_are_one_operation_each() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "Reports", "version": "1" },
        "paths": {
            "/reports": {
                "get": {
                    "operationId": "reports.list",
                    "responses": { "200": { "description": "OK", "content": {
                        "application/json": { "schema": { "type": "array", "items": { "type": "string" } } },
                        "text/csv": { "schema": { "type": "string" } },
                    } } },
                },
            },
        },
    });
    let imported = apigen::openapi::import(&doc);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let api = apigen::lower("reports.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    let ops: Vec<(&str, Option<&str>)> = api.resources[0]
        .operations
        .iter()
        .map(|op| (op.name.as_str(), op.accept.as_ref().map(|a| a.as_str())))
        .collect();
    assert_eq!(
        ops,
        [
            ("reports.listJson", Some("application/json")),
            ("reports.listCsv", Some("text/csv")),
        ]
    );
}

/// Response headers of text and numbers import typed, as Discord's rate limits (`number`)
/// are declared; others are reported (Twilio's `Access-Control-Allow-Credentials`, a
/// `boolean`).
#[test]
fn response_headers_of_plain_types_import_typed() {
    let header = |schema: Value| json!({ "schema": schema });
    let doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "Limits", "version": "1" },
        "paths": { "/me": { "get": {
            "operationId": "getMe",
            "responses": { "200": {
                "description": "OK",
                "headers": {
                    "X-RateLimit-Remaining": header(json!({ "type": "integer" })),
                    "X-RateLimit-Reset-After": header(json!({ "type": "number" })),
                    "Access-Control-Allow-Credentials": header(json!({ "type": "boolean" })),
                    "X-Tags": header(json!({ "type": "array", "items": { "type": "string" } })),
                },
                "content": { "application/json": { "schema": { "type": "object", "properties": { "id": { "type": "string" } } } } },
            } },
        } } },
    });
    let imported = apigen::openapi::import(&doc);
    let spec = &imported.spec;
    let api = apigen::lower("limits.yaml", spec).unwrap_or_else(|e| panic!("{e}\n{spec}"));
    let headers: Vec<(&str, apigen::ir::Scalar)> = api.resources[0].operations[0].responses[0]
        .headers
        .iter()
        .map(|h| (h.wire.as_str(), h.ty.clone()))
        .collect();
    assert_eq!(
        headers,
        [
            ("x-ratelimit-remaining", apigen::ir::Scalar::Integer),
            ("x-ratelimit-reset-after", apigen::ir::Scalar::Number),
        ]
    );
    assert_eq!(
        imported
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>(),
        [
            "a header of type `boolean`: left out",
            "a header of type `list<string>`: left out"
        ]
    );
}

/// An OAuth 2.0 client-credentials flow (Discord's) becomes the operation that gets its
/// token at the flow's `tokenUrl`, tied to the scheme, so the client gets and refreshes its
/// token itself; the flows that need a user are reported.
#[test]
fn a_client_credentials_flow_imports_as_the_token_request_of_its_scheme() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "Chat", "version": "1" },
        "servers": [{ "url": "https://chat.example.com/api/v10" }],
        "security": [{ "OAuth2": [] }],
        "paths": { "/users/@me": { "get": {
            "operationId": "getMyUser",
            "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object", "properties": { "id": { "type": "string" } } } } } } },
        } } },
        "components": { "securitySchemes": { "OAuth2": {
            "type": "oauth2",
            "flows": {
                "clientCredentials": { "tokenUrl": "https://chat.example.com/api/oauth2/token", "scopes": { "identify": "Who you are" } },
                "implicit": { "authorizationUrl": "https://chat.example.com/oauth2/authorize", "scopes": {} },
            },
        } } },
    });
    let imported = apigen::openapi::import(&doc);
    let spec = &imported.spec;
    let api = apigen::lower("chat.yaml", spec).unwrap_or_else(|e| panic!("{e}\n{spec}"));
    let bearer = api
        .schemes
        .iter()
        .find(|s| s.wire.as_str() == "OAuth2")
        .unwrap_or_else(|| panic!("no OAuth2 scheme in\n{spec}"));
    assert!(
        bearer.token.is_some(),
        "the scheme's token comes from its token request\n{spec}"
    );
    let token = api
        .resources
        .iter()
        .find(|r| r.module.as_str() == "o_auth2_token")
        .unwrap_or_else(|| panic!("no token resource in\n{spec}"));
    let op = &token.operations[0];
    assert_eq!(op.method.as_str(), "POST");
    for expected in [
        "path: /api/oauth2/token",
        "content_type: application/x-www-form-urlencoded",
        "auth: OAuth2Client",
        "OAuth2Client:\n    type: basic\n    form_encoded: true",
        "grant_type:\n        const: client_credentials",
        "access_token:\n        type: string\n        secret: true",
        "send it with a client whose base URL is `https://chat.example.com`",
        "token: oAuth2Token.requestToken",
    ] {
        assert!(spec.contains(expected), "{expected}\n{spec}");
    }
    assert!(
        op.examples.is_empty(),
        "no example: the document's server does not hold it"
    );
    assert_eq!(
        imported
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>(),
        [
            "an OAuth 2.0 scheme: its client-credentials flow gets the token; the others (implicit) are not converted"
        ]
    );
}

/// What the corpus of real documents (tests/openapi/README.md) showed, each in a few lines:
/// Box's plain and `#fragment` keys on one URL, OpenAI's unions without a mapping whose
/// variants say their tag and nest a union on the same tag, GitHub's `+1`, DigitalOcean's
/// `1-Click` tag, Stripe's empty GET bodies and Discord's `allOf` of one enum with `enum: []`.
#[test]
fn shapes_of_the_corpus_convert() {
    let ok = |schema: &str| json!({ "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } } });
    let doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "Corpus", "version": "1" },
        "tags": [{ "name": "1-Click Apps" }],
        "paths": {
            "/files/{id}": { "get": { "operationId": "getFile", "tags": ["1-Click Apps"], "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }], "responses": ok("Reactions") } },
            // A `$ref` whose fragment is URI-encoded, as DigitalOcean's are.
            "/files/{id}#shared_link": { "get": { "operationId": "getSharedLink", "tags": ["1-Click Apps"], "parameters": [{ "$ref": "#/paths/~1files~1%7Bid%7D/get/parameters/0" }], "responses": ok("Reactions") } },
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "tags": ["1-Click Apps"],
                    "parameters": [{ "name": "status", "in": "query", "schema": { "type": "string", "enum": [], "allOf": [{ "$ref": "#/components/schemas/Status" }] } }],
                    "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object", "properties": {}, "additionalProperties": false } } } },
                    "responses": ok("Reactions"),
                },
                "post": {
                    "operationId": "createItem",
                    "tags": ["1-Click Apps"],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Input" } } } },
                    "responses": ok("Reactions"),
                },
            },
        },
        "components": { "schemas": {
            "Status": { "type": "string", "enum": ["open", "closed"] },
            "Reactions": { "type": "object", "properties": { "+1": { "type": "integer" }, "-1": { "type": "integer" }, "1_clicks": { "type": "integer" } } },
            "Input": { "oneOf": [{ "$ref": "#/components/schemas/Message" }, { "$ref": "#/components/schemas/Item" }], "discriminator": { "propertyName": "type" } },
            "Item": { "type": "object", "oneOf": [{ "$ref": "#/components/schemas/Click" }, { "$ref": "#/components/schemas/Scroll" }], "discriminator": { "propertyName": "type" } },
            "Message": { "type": "object", "properties": { "type": { "type": "string", "enum": ["message"] }, "text": { "type": "string" } } },
            "Click": { "type": "object", "properties": { "type": { "type": "string", "enum": ["click"] }, "x": { "type": "integer" } } },
            "Scroll": { "type": "object", "properties": { "type": { "type": "string", "enum": ["scroll"] }, "dy": { "type": "integer" } } },
        } },
    });
    let imported = apigen::openapi::import(&doc);
    let spec = &imported.spec;
    let api = apigen::lower("corpus.yaml", spec).unwrap_or_else(|e| panic!("{e}\n{spec}"));
    for expected in [
        // The tag's words spelled: a resource name cannot start with a digit.
        "  oneClickApps:\n",
        // The fragment's operation sends what the plain key's does, on purpose.
        "same_request_as:\n        - oneClickApps.getFile",
        // Field names spelled, the wire names kept.
        "\"+1\":\n        type: integer?\n        rust: plus_one",
        "\"-1\":\n        type: integer?\n        rust: minus_one",
        "1_clicks:\n        type: integer?\n        rust: one_clicks",
        // An `allOf` of one part is that part, an empty `enum` beside it ignored.
        "status: Status?",
        // The union without a mapping: each variant's one tag value; the nested union on
        // the same tag gives its own variants; and a union can be sent.
        "      variants:\n        message: Message\n        click: Click\n        scroll: Scroll\n",
        "body: Input",
    ] {
        assert!(spec.contains(expected), "{expected}\n{spec}");
    }
    assert!(
        !imported
            .problems
            .iter()
            .any(|p| p.message.contains("not declared")),
        "{:#?}",
        imported.problems
    );
    // The GET's empty form body sends nothing: no body, no problem.
    let list = api.resources[0]
        .operations
        .iter()
        .find(|op| op.fn_name.as_str() == "list_items")
        .unwrap_or_else(|| panic!("{spec}"));
    assert!(list.body.is_none(), "{spec}");
    assert!(
        !imported
            .problems
            .iter()
            .any(|p| p.pointer.contains("/items/get/requestBody")),
        "{:#?}",
        imported.problems
    );
}

/// Each operation gets a `minimal` example (required arguments) and a `full` one (every
/// optional query parameter and body field too), from the document's examples or made from
/// its schemas (a `pattern`, a `format`, a `const` among `oneOf` options, bounds); the spec
/// passes the checks with them, so each is a generated test.
#[test]
fn operations_get_examples_from_the_document_or_its_schemas() {
    let doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "Calls", "version": "1" },
        "paths": { "/Accounts/{Sid}/Calls.json": {
            "post": {
                "operationId": "createCall",
                "parameters": [
                    { "name": "Sid", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^AC[0-9a-f]{4}$" } },
                    { "name": "PageSize", "in": "query", "schema": { "type": "integer", "minimum": 20 } },
                    { "name": "StartTime", "in": "query", "schema": { "type": "string", "format": "date-time" } },
                    { "name": "X-Trace", "in": "header", "required": true, "schema": { "type": "string" }, "example": "t-1" },
                ],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewCall" } } } },
                "responses": { "204": { "description": "OK" } },
            },
        } },
        "components": { "schemas": {
            "NewCall": {
                "type": "object",
                "required": ["to", "kind", "ids", "labels", "events", "reply"],
                "properties": {
                    "to": { "type": "string", "format": "email" },
                    "kind": { "oneOf": [{ "type": "null" }, { "type": "integer", "const": 3 }] },
                    "note": { "type": "string", "minLength": 8 },
                    "ids": { "type": "array", "minItems": 2, "uniqueItems": true, "items": { "type": "string", "pattern": "^(0|[1-9][0-9]*)$" } },
                    "labels": { "type": "object", "additionalProperties": { "type": "string" }, "minProperties": 1 },
                    "events": { "type": "array", "items": { "type": "string", "enum": ["ended", "ringing"], "allOf": [{ "$ref": "#/components/schemas/Event" }] } },
                    "reply": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Reply" }] },
                },
            },
            "Event": { "type": "string", "enum": ["started", "ringing", "ended"] },
            "Reply": { "type": "object", "required": ["to"], "properties": { "to": { "type": "string", "pattern": "^[1-9][0-9]*$" } } },
        } },
    });
    let imported = apigen::openapi::import(&doc);
    let spec = &imported.spec;
    apigen::lower("calls.yaml", spec).unwrap_or_else(|e| panic!("{e}\n{spec}"));
    for expected in [
        "        examples:\n          minimal:\n",
        // The first text the pattern matches; the document's own example; no optional
        // query in `minimal`, but the required field that may be null. Items that must
        // differ, differ (IDs as text too); a map that must have an entry has one; a list
        // of the values an enum's schema narrows to, the first it allows; a model that may be
        // `null`, made from its own schema.
        "            params:\n              Sid: AC0000\n            headers:\n              X-Trace: t-1\n            body:\n              to: user@example.com\n              kind: 3\n              ids:\n              - \"0\"\n              - \"1\"\n              labels:\n                string: string\n              events:\n              - ended\n              - ended\n              reply:\n                to: \"1\"\n          full:\n",
        // `full`: the optional ones too, each within its schema (the `const` of a `oneOf`).
        "            query:\n              PageSize: 20\n              StartTime: \"2024-01-01T00:00:00Z\"\n",
        "              to: user@example.com\n              kind: 3\n              note: stringxx\n",
    ] {
        assert!(spec.contains(expected), "{expected}\n{spec}");
    }
}

#[test]
fn a_broken_reference_is_reported_at_its_line_and_the_rest_converts() {
    let text = r##"openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pets"}
  /owners:
    post:
      operationId: addOwner
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Owner"}
      responses:
        "204": {description: added}
components:
  schemas:
    Owner:
      type: object
      required: [name]
      properties:
        name: {type: string}
        password: {type: string}
        pet: {$ref: "shared.yaml#/Pet"}
"##;
    let imported = apigen::openapi::import_text(text).unwrap_or_else(|e| panic!("{e}"));
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "12:15: #/paths/~1pets/get/responses/200/content/application~1json/schema: `$ref` to `#/components/schemas/Pets`: the document has nothing there (a typo, or a part left out of the bundle): kept as `json`",
            "30:9: #/components/schemas/Owner/properties/pet: `$ref` to another document (`shared.yaml#/Pet`): not followed, kept as `json`; bundle the documents into one first (`npx @redocly/cli bundle`)",
        ]
    );
    // What the references lead to is `json`; the rest converts, and passes the checks.
    let api = apigen::lower("pets.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    assert!(
        imported
            .spec
            .contains("          200:\n            type: json\n")
            && imported.spec.contains("      pet: json?\n"),
        "{}",
        imported.spec
    );
    // A text field named like a credential is secret: `Debug` never shows it.
    let owner = api.models.iter().find(|m| m.name.as_str() == "Owner");
    let password = owner.and_then(|m| match &m.kind {
        apigen::ir::ModelKind::Struct(fields, _) => {
            fields.iter().find(|f| f.wire.as_str() == "password")
        }
        _ => None,
    });
    assert_eq!(password.map(|f| f.secret), Some(true), "{}", imported.spec);
}

#[test]
fn enum_values_that_are_no_variant_as_they_are_get_named_variants() {
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Versions", "version": "1"},
        "paths": {"/v": {"get": {
            "operationId": "getVersion",
            "parameters": [{"name": "v", "in": "query", "schema": {"$ref": "#/components/schemas/Version"}}],
            "responses": {"204": {"description": "ok"}},
        }}},
        "components": {"schemas": {"Version": {
            "type": "string",
            "enum": ["", "2025-10-15", "1.0.2", "+1", ".", "Unknown", "ABC", "abc", "active", "*"],
        }}},
    });
    let imported = apigen::openapi::import(&doc);
    assert_eq!(imported.problems, []);
    let api = apigen::lower("versions.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    let Some(apigen::ir::ModelKind::Enum(values)) = api
        .models
        .iter()
        .find(|m| m.name.as_str() == "Version")
        .map(|m| &m.kind)
    else {
        panic!("{}", imported.spec);
    };
    let named: Vec<(&str, &str)> = values
        .iter()
        .map(|v| (v.wire.as_str(), v.variant.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("", "Empty"),
            ("2025-10-15", "V2025_10_15"),
            ("1.0.2", "V1_0_2"),
            ("+1", "PlusOne"),
            (".", "Dot"),
            ("Unknown", "UnknownValue"),
            ("ABC", "Abc"),
            ("abc", "Abc2"),
            ("active", "Active"),
            ("*", "Star"),
        ]
    );
}

#[test]
fn a_reference_to_a_nullable_component_is_optional() {
    // GitHub's `nullable-simple-user`: OpenAPI 3.0's `nullable: true` on the schema itself.
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Issues", "version": "1"},
        "paths": {"/issue": {"get": {
            "operationId": "getIssue",
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/issue"}}}}},
        }}},
        "components": {"schemas": {
            "issue": {
                "type": "object",
                "required": ["assignee", "closer"],
                "properties": {
                    "assignee": {"$ref": "#/components/schemas/nullable-simple-user"},
                    "closer": {"$ref": "#/components/schemas/user-or-null"},
                },
            },
            "nullable-simple-user": {
                "type": "object", "nullable": true,
                "properties": {"login": {"type": "string"}},
            },
            "user-or-null": {
                "type": ["object", "null"],
                "properties": {"login": {"type": "string"}},
            },
        }},
    });
    let imported = apigen::openapi::import(&doc);
    assert!(
        imported
            .spec
            .contains("      assignee: NullableSimpleUser?\n")
            && imported.spec.contains("      closer: UserOrNull?\n"),
        "{}",
        imported.spec
    );
}

#[test]
fn unions_that_mean_one_plain_type_import_as_that_type() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "Shapes", "version": "1"},
        "paths": {"/settings": {"patch": {
            "operationId": "updateSettings",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Settings",
            }}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Change"},
            }}}},
        }}},
        "components": {"schemas": {
            "Settings": {
                "type": "object",
                "properties": {
                    "theme": {"$ref": "#/components/schemas/Theme"},
                    "level": {"$ref": "#/components/schemas/Level"},
                    "model": {"anyOf": [{"type": "string"}, {"type": "string", "enum": ["gpt-4o", "o3"]}]},
                    "site": {"anyOf": [{"type": "string", "maxLength": 50}, {"type": "string", "enum": [""]}]},
                    "privacy": {"type": "integer", "oneOf": [{"const": 2, "title": "GUILD_ONLY"}]},
                    "change": {"$ref": "#/components/schemas/Change"},
                },
                "required": ["privacy", "change"],
                "anyOf": [{"required": ["theme"]}, {"required": ["level"]}],
            },
            "Theme": {"oneOf": [
                {"const": "dark", "title": "DARK_MODE"},
                {"const": "light", "title": "LIGHT"},
                {"type": "null"},
            ]},
            "Level": {"oneOf": [{"const": 1, "title": "LOW"}, {"const": 2, "title": "HIGH"}]},
            "Change": {"oneOf": [
                {"type": "object", "properties": {"note": {"type": "string"}}},
                {"type": "object", "properties": {"from": {"type": "string"}, "to": {"type": "string"}}, "required": ["from", "to"]},
            ]},
        }},
    });
    let imported = apigen::openapi::import(&doc);
    let pointers: Vec<&str> = imported
        .problems
        .iter()
        .map(|p| p.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["/components/schemas/Settings"],
        "{:?}",
        imported.problems
    );
    assert!(
        imported.problems[0]
            .message
            .contains("which of them must be set together is not checked")
    );
    // The minimal example gives what the first of those options requires.
    assert!(
        imported.spec.contains("          minimal:\n            docs: \"The required arguments (imported: from the document's examples, else its schemas).\"\n            body:\n              theme: dark\n              privacy: 2\n              change:\n                from: string\n                to: string\n          full:"),
        "{}",
        imported.spec
    );
    let api = apigen::lower("shapes.yaml", &imported.spec)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.spec));
    let model = |name: &str| {
        api.models
            .iter()
            .find(|m| m.name.as_str() == name)
            .unwrap_or_else(|| panic!("no model {name}:\n{}", imported.spec))
    };
    // Constants: an enum, the titles naming the variants.
    let apigen::ir::ModelKind::Enum(values) = &model("Theme").kind else {
        panic!("{}", imported.spec);
    };
    let named: Vec<(&str, &str)> = values
        .iter()
        .map(|v| (v.wire.as_str(), v.variant.as_str()))
        .collect();
    assert_eq!(named, [("dark", "DarkMode"), ("light", "Light")]);
    assert!(
        !imported.spec.contains("rust: Light"),
        "a title that names the variant the value would have is not written"
    );
    // Integer constants and texts are fields of their plain types; the texts that list
    // values are the open enum of them.
    let spec = &imported.spec;
    for field in [
        "level: integer?",
        "site: string?",
        "privacy: integer\n",
        "theme: Theme?",
        "model: SettingsModel?",
    ] {
        assert!(spec.contains(field), "{field} in\n{spec}");
    }
    let apigen::ir::ModelKind::Enum(models) = &model("SettingsModel").kind else {
        panic!("{spec}");
    };
    let wires: Vec<&str> = models.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["gpt-4o", "o3"]);
    // Objects in place are variants of their own, the one that requires more first.
    holds(
        spec,
        &["  Change:\n    one_of:\n    - Change2\n    - Change1\n"],
    );
    holds(spec, &["  Change2:\n    fields:\n      from: string\n"]);
}

#[test]
fn an_all_of_that_makes_a_part_s_fields_required_requires_them() {
    let doc = json!({
        "openapi": "3.0.0",
        "info": {"title": "Projects", "version": "1"},
        "paths": {"/projects": {"post": {
            "operationId": "createProject",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "allOf": [{"$ref": "#/components/schemas/Project"}],
                "required": ["name"],
            }}}},
            "responses": {"201": {"description": "made", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Project"},
            }}}},
        }}},
        "components": {"schemas": {"Project": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "purpose": {"type": "string"}},
        }}},
    });
    let imported = apigen::openapi::import(&doc);
    assert_eq!(imported.problems, []);
    let spec = &imported.spec;
    // The body requires `name`; the answer, the shared model, does not.
    holds(spec, &["      name: string\n      purpose: string?\n"]);
    holds(spec, &["  Project:\n    fields:\n      name: string?\n"]);
    // The minimal example gives it.
    holds(spec, &["body:\n              name: "]);
}

#[test]
fn a_list_in_an_example_holds_two_items_where_it_may() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "Calls", "version": "1"},
        "paths": {"/calls": {"post": {
            "operationId": "createCall",
            "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object",
                "required": ["Events", "Tags", "One", "Many"],
                "properties": {
                    "Events": {"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ["initiated", "ringing"]}},
                    "Tags": {"type": "array", "items": {"type": "string"}},
                    "One": {"type": "array", "maxItems": 1, "items": {"type": "integer"}},
                    "Many": {"type": "array", "minItems": 3, "items": {"type": "boolean"}},
                },
            }}}},
            "responses": {"204": {"description": "made"}},
        }}},
    });
    let imported = apigen::openapi::import(&doc);
    let spec = &imported.spec;
    for list in [
        "Events:\n              - initiated\n              - ringing\n",
        "Tags:\n              - string\n              - string\n",
        "One:\n              - 1\n              Many:",
        "Many:\n              - true\n              - true\n              - true\n",
    ] {
        assert!(spec.contains(list), "{list} in\n{spec}");
    }
}

#[test]
fn multipart_bodies_import_with_their_binary_fields_as_files() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "Files", "version": "1"},
        "paths": {
            "/files": {"post": {
                "operationId": "createFile",
                "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {
                    "$ref": "#/components/schemas/CreateFileRequest",
                }}}},
                "responses": {"204": {"description": "made"}},
            }},
            "/images": {"post": {
                "operationId": "createImage",
                "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {
                    "$ref": "#/components/schemas/Image",
                }}}},
                "responses": {"200": {"description": "the image", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Image"},
                }}}},
            }},
        },
        "components": {"schemas": {
            "CreateFileRequest": {
                "type": "object",
                "required": ["file", "purpose"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "purpose": {"type": "string"},
                    "pages": {"type": "array", "items": {"type": "string", "format": "binary"}},
                },
            },
            "Image": {
                "type": "object",
                "properties": {"data": {"type": "string", "format": "binary"}, "prompt": {"type": "string"}},
            },
        }},
    });
    let imported = apigen::openapi::import(&doc);
    assert_eq!(imported.problems, []);
    let spec = &imported.spec;
    // Only multipart bodies name it: the component is the body, its binary fields files.
    holds(spec, &["body: CreateFileRequest\n"]);
    holds(
        spec,
        &[
            "  CreateFileRequest:\n    fields:\n      file: file\n      purpose: string\n      pages: list<file>?\n",
        ],
    );
    // Also an answer: the body is a model of its own, and the component keeps its text.
    holds(spec, &["body: CreateImageMultipartBody\n"]);
    holds(
        spec,
        &["  CreateImageMultipartBody:\n    fields:\n      data: file?\n"],
    );
    holds(spec, &["  Image:\n    fields:\n      data: string?\n"]);
    let api = apigen::lower("files.yaml", spec).unwrap_or_else(|e| panic!("{e}\n{spec}"));
    let body = api.resources[0].operations[0]
        .body
        .as_ref()
        .map(|b| b.encoding);
    assert_eq!(body, Some(apigen::ir::Encoding::Multipart));
}

#[test]
fn an_example_that_breaks_its_own_format_is_replaced_by_one_that_fits() {
    let doc = json!({
        "openapi": "3.0.0",
        "info": {"title": "Calls", "version": "1"},
        "paths": {"/calls": {"get": {
            "operationId": "listCall",
            "parameters": [
                {"name": "StartTime", "in": "query", "required": true, "schema": {"type": "string", "format": "date-time"}, "example": "2009-07-06"},
                {"name": "EndTime", "in": "query", "required": true, "schema": {"type": "string", "format": "date-time"}, "example": "2009-07-06T10:00:00.5+02:00"},
                {"name": "Day", "in": "query", "required": true, "schema": {"type": "string", "format": "date"}, "example": "2009-07-06"},
                {"name": "Id", "in": "query", "required": true, "schema": {"type": "string", "format": "uuid"}, "example": "not-a-uuid"},
            ],
            "responses": {"204": {"description": "ok"}},
        }}},
    });
    let spec = apigen::openapi::import(&doc).spec;
    for value in [
        "StartTime: \"2024-01-01T00:00:00Z\"",
        "EndTime: \"2009-07-06T10:00:00.5+02:00\"",
        "Day: \"2009-07-06\"",
        "Id: 00000000-0000-4000-8000-000000000000",
    ] {
        assert!(spec.contains(value), "{value} in\n{spec}");
    }
}

/// Asserts that the imported `spec` holds each of `parts`, showing it where one is missing.
fn holds(spec: &str, parts: &[&str]) {
    for part in parts {
        assert!(spec.contains(part), "{part:?} in\n{spec}");
    }
}

#[test]
fn a_required_field_that_may_be_null_is_in_the_minimal_example() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "Chats", "version": "1"},
        "paths": {"/chats/{id}": {"post": {
            "operationId": "updateChat",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["metadata"],
                "properties": {
                    "metadata": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}}, {"type": "null"}]},
                    "note": {"type": "string"},
                },
            }}}},
            "responses": {"204": {"description": "done"}},
        }}},
    });
    let spec = apigen::openapi::import(&doc).spec;
    holds(
        &spec,
        &[
            "      metadata: map<string>?\n",
            "minimal:\n            docs: \"The required arguments (imported: from the document's examples, else its schemas).\"\n            params:\n              id: string\n            body:\n              metadata: {}\n",
        ],
    );
}
