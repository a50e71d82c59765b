//! Servers and security: the document's servers, its security schemes (and apigen's form
//! schemes), and `security` requirements as `auth`.

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::schemas::model_name;
use super::yaml::{Yaml, one_or_list};
use super::{Importer, token};

impl Importer<'_> {
    pub(super) fn servers(&mut self) -> Option<Yaml> {
        let list = self.doc["servers"].as_array()?;
        let named = &self.doc["x-apigen-servers"];
        let mut values = Yaml::map();
        for (i, server) in list.iter().enumerate() {
            let Some(url) = server["url"].as_str() else {
                continue;
            };
            // Variables take their defaults.
            let mut url = url.to_owned();
            if let Some(variables) = server["variables"].as_object() {
                for (name, variable) in variables {
                    if let Some(default) = variable["default"].as_str() {
                        url = url.replace(&format!("{{{name}}}"), default);
                    }
                }
            }
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.problem(&format!("/servers/{i}"), format!("`{url}` is not an absolute http(s) URL: left out; give the client its base URL"));
                continue;
            }
            let name = server["x-apigen-name"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| {
                    server["description"]
                        .as_str()
                        .map(model_name)
                        .filter(|n| !n.is_empty() && n.len() <= 32)
                        .unwrap_or_else(|| format!("Server{}", i + 1))
                });
            let mut value = Yaml::map();
            value.set("url", url.trim_end_matches('/'));
            if let Some(docs) = server["description"].as_str() {
                value.set("docs", docs);
            }
            values.set(&name, value);
        }
        if values.is_empty_map() {
            return None;
        }
        let mut servers = Yaml::map();
        servers.set("name", named["name"].as_str().unwrap_or("Server"));
        if let Some(docs) = named["description"].as_str() {
            servers.set("docs", docs);
        }
        servers.set("values", values);
        Some(servers)
    }

    pub(super) fn schemes(&mut self) -> Yaml {
        let mut schemes: Vec<(String, Yaml)> = Vec::new();
        if let Some(declared) = self.doc["components"]["securitySchemes"].as_object() {
            for (name, scheme) in declared {
                let at = format!("/components/securitySchemes/{}", token(name));
                let scheme = self.resolved(scheme);
                let mut out = Yaml::map();
                match (
                    scheme["type"].as_str(),
                    scheme["scheme"]
                        .as_str()
                        .map(str::to_ascii_lowercase)
                        .as_deref(),
                    scheme["in"].as_str(),
                ) {
                    (Some("http"), Some("bearer"), _)
                    | (Some("oauth2" | "openIdConnect"), _, _) => {
                        out.set("type", "bearer");
                        if let Some(token) = scheme["x-apigen-token"].as_str() {
                            out.set("token", token);
                        }
                        let flows: Vec<&str> = scheme["flows"]
                            .as_object()
                            .map(|f| {
                                f.keys()
                                    .map(String::as_str)
                                    .filter(|f| *f != "clientCredentials")
                                    .collect()
                            })
                            .unwrap_or_default();
                        // A client-credentials flow becomes the scheme's token request
                        // (`token_requests`); flows that need a user are reported.
                        let client_credentials =
                            scheme["flows"]["clientCredentials"]["tokenUrl"].is_string();
                        if scheme["type"] == "http" || client_credentials && flows.is_empty() {
                            // Nothing left out.
                        } else if client_credentials {
                            self.problem(&at, format!("an OAuth 2.0 scheme: its client-credentials flow gets the token; the others ({}) are not converted", flows.join(", ")));
                        } else {
                            self.problem(&at, "an OAuth 2.0 or OpenID Connect scheme: sent as its bearer token; the flows are not converted");
                        }
                    }
                    (Some("http"), Some("basic"), _) => {
                        out.set("type", "basic");
                        if scheme["x-apigen-form-encoded"] == Value::Bool(true) {
                            out.set("form_encoded", true);
                        }
                    }
                    (Some("apiKey"), _, Some(place @ ("header" | "query"))) => {
                        out.set("type", "api_key");
                        out.set(place, scheme["name"].as_str().unwrap_or(name));
                    }
                    _ => {
                        self.problem(&at, "a security scheme apigen has no kind for (a cookie API key, mutual TLS, another HTTP scheme): left out");
                        continue;
                    }
                }
                if let Some(docs) = scheme["description"].as_str() {
                    out.set("docs", docs);
                }
                schemes.push((scheme_name(name), out));
            }
        }
        if let Some(forms) = self.doc["components"]["x-apigen-form-schemes"].as_object() {
            for (name, form) in forms {
                let mut out = Yaml::map();
                out.set("type", "form");
                out.set("id", form["id"].as_str().unwrap_or("client_id"));
                if let Some(secret) = form["secret"].as_str() {
                    out.set("secret", secret);
                }
                if let Some(docs) = form["description"].as_str() {
                    out.set("docs", docs);
                }
                schemes.push((scheme_name(name), out));
            }
        }
        if let Some(order) = self.doc["x-apigen-schemes"].as_array() {
            let position = |name: &str| order.iter().position(|o| o == name).unwrap_or(usize::MAX);
            schemes.sort_by_key(|(name, _)| position(name));
        }
        Yaml::Map(schemes)
    }

    /// `api.auth`: the extension, or the document's `security` when it names one scheme
    /// per requirement.
    pub(super) fn default_auth(&mut self, schemes: &Yaml) -> Option<Yaml> {
        if let Some(names) = self.doc["x-apigen-default-auth"].as_array() {
            let names: Vec<Yaml> = names
                .iter()
                .filter_map(|n| n.as_str().map(Yaml::from))
                .collect();
            return Some(one_or_list(names));
        }
        let security = self.doc["security"].as_array()?;
        let names = self.requirements(security, "/security", schemes);
        (!names.is_empty()).then(|| one_or_list(names))
    }

    /// Security requirements as scheme names (`none` for `{}`).
    pub(super) fn requirements(
        &mut self,
        security: &[Value],
        pointer: &str,
        schemes: &Yaml,
    ) -> Vec<Yaml> {
        let mut names = Vec::new();
        for (i, requirement) in security.iter().enumerate() {
            let Some(requirement) = requirement.as_object() else {
                continue;
            };
            let mut keys = requirement.keys();
            let Some(first) = keys.next() else {
                names.push(Yaml::from("none"));
                continue;
            };
            if keys.next().is_some() {
                self.problem(
                    &format!("{pointer}/{i}"),
                    "a requirement of several schemes at once: only the first is kept",
                );
            }
            // Only a scheme the spec declares (those apigen has no kind for are left out).
            let name = scheme_name(first);
            if schemes.get(&name).is_some() {
                names.push(Yaml::from(name));
            }
        }
        names
    }
}

pub(super) fn scheme_name(name: &str) -> String {
    if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "none"
    {
        name.to_owned()
    } else {
        format!("scheme{}", name.to_upper_camel_case())
    }
}

impl Importer<'_> {
    /// For each OAuth 2.0 scheme with a client-credentials flow (RFC 6749 §4.4), the
    /// operation that gets its token at the flow's `tokenUrl`, tied to the scheme with
    /// `token:` so that the client can get and refresh the token itself: a form
    /// `grant_type=client_credentials` (and an optional `scope`), sent with the client's ID
    /// and secret as form-encoded Basic (`client_secret_basic`, RFC 6749 §2.3.1, a scheme
    /// of its own), answered by a token (§5.1). Its path is the token URL's; the token URL's
    /// origin is in its docs, for the token client's base URL (it is often not the API's).
    /// It has no examples: the document does not hold it, so no server of it answers it.
    pub(super) fn token_requests(&mut self, schemes: &mut Yaml, resources: &mut Yaml) {
        let Some(declared) = self.doc["components"]["securitySchemes"].as_object() else {
            return;
        };
        let (Yaml::Map(scheme_list), Yaml::Map(resource_list)) = (schemes, resources) else {
            return;
        };
        for (name, scheme) in declared {
            let scheme = self.resolved(scheme);
            let Some(url) = scheme["flows"]["clientCredentials"]["tokenUrl"].as_str() else {
                continue;
            };
            let Some((origin, path)) = token_url_parts(url) else {
                let at = format!(
                    "/components/securitySchemes/{}/flows/clientCredentials/tokenUrl",
                    token(name)
                );
                self.problem(&at, format!("`{url}` is not an absolute http(s) URL: the scheme's token is not fetched by the client"));
                continue;
            };
            let bearer = scheme_name(name);
            let stem = model_name(&bearer);
            let client = format!("{bearer}Client");
            let module = format!(
                "{}Token",
                heck::ToLowerCamelCase::to_lower_camel_case(bearer.as_str())
            );
            let (request_model, token_model) =
                (format!("{stem}TokenRequest"), format!("{stem}Token"));
            let taken = |n: &str| {
                scheme_list.iter().any(|(k, _)| k == n)
                    || self.models.iter().any(|(k, _)| k == n)
                    || self.ids.iter().any(|(k, _)| k == n)
            };
            if [&client, &request_model, &token_model]
                .iter()
                .any(|n| taken(n))
                || resource_list.iter().any(|(k, _)| *k == module)
            {
                let at = format!("/components/securitySchemes/{}", token(name));
                self.problem(&at, format!("the names of its token request (`{module}`, `{client}`, `{token_model}`) are taken: the scheme's token is not fetched by the client"));
                continue;
            }
            let Some((_, bearer_scheme)) = scheme_list.iter_mut().find(|(k, _)| *k == bearer)
            else {
                continue;
            };
            bearer_scheme.set("token", format!("{module}.requestToken"));

            let mut basic = Yaml::map();
            basic.set("type", "basic");
            basic.set("form_encoded", true);
            basic.set("docs", format!("The client ID and secret that get a token of `{bearer}` (OAuth 2.0 `client_secret_basic`)."));
            scheme_list.push((client.clone(), basic));

            let mut grant = Yaml::map();
            let mut constant = Yaml::map();
            constant.set("const", "client_credentials");
            grant.set("grant_type", constant);
            grant.set("scope", "string?");
            self.models.push((request_model.clone(), model("The client credentials grant (RFC 6749 §4.4): `scope`, space-separated, limits the token.", grant)));

            let mut fields = Yaml::map();
            let mut access = Yaml::map();
            access.set("type", "string");
            access.set("secret", true);
            fields.set("access_token", access);
            fields.set("token_type", "string");
            fields.set("expires_in", "integer?");
            fields.set("scope", "string?");
            self.models.push((
                token_model.clone(),
                model("A token the token URL issues (RFC 6749 §5.1).", fields),
            ));

            let mut operation = Yaml::map();
            operation.set("docs", format!("Gets a token of `{bearer}` with the client's ID and secret (OAuth 2.0 client credentials), at `{url}`: send it with a client whose base URL is `{origin}`. `with_{}_token_from` sends it, and again before the token expires.", heck::ToSnakeCase::to_snake_case(bearer.as_str())));
            operation.set("method", "POST");
            operation.set("path", path);
            operation.set("content_type", "application/x-www-form-urlencoded");
            operation.set("body", request_model);
            operation.set("auth", client);
            let mut responses = Yaml::map();
            responses.set("200", token_model);
            operation.set("responses", responses);
            let mut operations = Yaml::map();
            operations.set("requestToken", operation);
            let mut resource = Yaml::map();
            resource.set(
                "docs",
                format!(
                    "Getting a token of `{bearer}` (imported from its client-credentials flow)."
                ),
            );
            resource.set("operations", operations);
            resource_list.push((module, resource));
        }
    }
}

/// A token URL's origin (`https://host[:port]`) and path; `None` unless absolute http(s)
/// with a path of no `{…}`, query or fragment.
fn token_url_parts(url: &str) -> Option<(String, String)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let scheme_len = url.len() - rest.len();
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    if host.is_empty() || path.contains(['{', '}', '?', '#']) {
        return None;
    }
    Some((
        url[..scheme_len + host.len()].to_owned(),
        format!("/{path}"),
    ))
}

/// A model of the spec: its docs and fields.
fn model(docs: &str, fields: Yaml) -> Yaml {
    let mut model = Yaml::map();
    model.set("docs", docs);
    model.set("fields", fields);
    model
}
