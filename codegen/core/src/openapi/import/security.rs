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
                        if scheme["type"] != "http" {
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
