//! An operation's responses: its successes and redirects, and its errors by status.

use serde_json::{Map, Value};

use super::operations::{essence, header_name, reason};
use super::schemas::model_name;
use super::yaml::{Yaml, shortest};
use super::{Importer, Kind, token};

impl Importer<'_> {
    /// The media types the operation's successes answer in, when there are several: one
    /// apigen operation each, told apart by `Accept` (`getJson`, `getCsv`).
    pub(super) fn success_media_types(operation: &Value) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        if let Some(declared) = operation["responses"].as_object() {
            for (status, response) in declared {
                if !status.starts_with('2') {
                    continue;
                }
                for media in response["content"]
                    .as_object()
                    .into_iter()
                    .flat_map(|c| c.keys())
                {
                    if !all.contains(media) {
                        all.push(media.clone());
                    }
                }
            }
        }
        if all.len() > 1 { all } else { Vec::new() }
    }

    /// `responses` and `errors` of an operation; `media`, when given, is the media type its
    /// successes are read in (one of [`Self::success_media_types`]).
    pub(super) fn responses(
        &mut self,
        name: &str,
        operation: &Value,
        at: &str,
        media: Option<&str>,
    ) -> (Yaml, Yaml) {
        let mut responses = Yaml::map();
        let mut errors = Yaml::map();
        let Some(declared) = operation["responses"].as_object() else {
            self.problem(at, "no responses: taken as `200: none`");
            responses.set("200", "none");
            return (responses, errors);
        };
        let mut same_as = Vec::new();
        for (status, declared) in declared {
            let pointer = format!("{at}/responses/{}", token(status));
            let response = self.resolved(declared);
            if status == "default" {
                continue;
            }
            if let (Some(same), Ok(code)) = (response["x-apigen-same-as"].as_str(), status.parse())
            {
                same_as.push((code, same.to_owned(), pointer));
                continue;
            }
            let Ok(code) = status.parse::<u16>() else {
                self.problem(&pointer, format!("status `{status}` (a range): left out"));
                continue;
            };
            let docs = response["description"]
                .as_str()
                .filter(|d| *d != reason(code) && !d.is_empty());
            let content = response["content"].as_object();
            let wanted = media;
            let media = content.and_then(|c| {
                c.keys()
                    .find(|k| Some(k.as_str()) == wanted)
                    .or_else(|| c.keys().find(|k| k.as_str() == "application/json"))
                    .or_else(|| c.keys().next())
            });
            if content.is_some_and(|c| c.len() > 1)
                && (wanted.is_none() || !(200..300).contains(&code))
            {
                self.problem(&pointer, "several media types: only one is kept");
            }
            if (200..400).contains(&code) {
                let mut out = Yaml::map();
                if (300..400).contains(&code) && content.is_some() {
                    self.problem(&pointer, format!("status {code} with a body: a 3xx is a redirect or nothing, so it is taken as `none`"));
                    responses.set(status, "none");
                    continue;
                }
                let location = response["headers"]
                    .as_object()
                    .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("location")));
                if (300..400).contains(&code)
                    && content.is_none()
                    && (location || response.get("x-apigen-redirect").is_some())
                {
                    match response["x-apigen-redirect"]["$ref"]
                        .as_str()
                        .and_then(|t| t.strip_prefix("#/components/schemas/"))
                    {
                        Some(model) => out.set("redirect", self.name_of(model)),
                        None => {
                            out = Yaml::from("redirect");
                        }
                    }
                } else if let Some(media) = media {
                    let entry = &content.unwrap_or(&Map::new())[media].clone();
                    let essence = essence(media);
                    let ty = if essence.starts_with("text/") {
                        "string".to_owned()
                    } else if essence == "application/json" || essence.ends_with("+json") {
                        let (ty, _) = self.ty(
                            &entry["schema"],
                            &format!("{pointer}/content/{}/schema", token(media)),
                            &format!("{}Response", model_name(name)),
                        );
                        ty
                    } else {
                        "bytes".to_owned()
                    };
                    out.set("type", ty);
                    if essence != "application/json" {
                        out.set("media_type", media.as_str());
                    }
                } else {
                    out.set("type", "none");
                }
                if let Some(headers) = response["headers"].as_object() {
                    let mut hs = Yaml::map();
                    for (header, value) in headers {
                        if (300..400).contains(&code) && header.eq_ignore_ascii_case("location") {
                            continue;
                        }
                        let value = self.resolved(value);
                        let (ty, _) = self.ty(
                            &value["schema"],
                            &format!("{pointer}/headers/{}", token(header)),
                            "Header",
                        );
                        if !matches!(ty.as_str(), "string" | "integer" | "number") {
                            self.problem(
                                &format!("{pointer}/headers/{}", token(header)),
                                format!("a header of type `{ty}`: left out"),
                            );
                            continue;
                        }
                        let required = value["required"] == Value::Bool(true);
                        hs.set(
                            &header_name(header),
                            if required { ty } else { format!("{ty}?") },
                        );
                    }
                    if !hs.is_empty_map()
                        && let Yaml::Map(_) = out
                    {
                        out.set("headers", hs);
                    }
                }
                if let (Some(docs), Yaml::Map(_)) = (docs, &out) {
                    out.set("docs", docs);
                }
                // The short form where nothing else is said.
                let out = shortest(out);
                responses.set(status, out);
            } else if (400..600).contains(&code) {
                let target = media
                    .and_then(|m| response["content"][m]["schema"]["$ref"].as_str())
                    .and_then(|t| t.strip_prefix("#/components/schemas/"));
                // An object given in place (or by a `$ref` into another part of the
                // document) is a model of its own, named after the shared response it
                // comes from (`Unauthorized`), else `Error`; the same shape twice is one.
                let inline = || {
                    let media = media?;
                    let schema = &response["content"][media]["schema"];
                    let hint = declared["$ref"]
                        .as_str()
                        .and_then(|t| t.strip_prefix("#/components/responses/"))
                        .map_or_else(|| "Error".to_owned(), model_name);
                    Some((
                        schema.clone(),
                        format!("{pointer}/content/{}/schema", token(media)),
                        hint,
                    ))
                };
                match target {
                    Some(model) if matches!(self.kinds.get(model), Some(Some(Kind::Struct))) => {
                        errors.set(status, self.name_of(model));
                    }
                    None if let Some((schema, at, hint)) = inline()
                        && self.resolved(&schema)["type"] == "object"
                        && let (ty, false) = self.ty(&schema, &at, &hint)
                        && self.is_struct_model(&ty) =>
                    {
                        errors.set(status, ty);
                    }
                    _ if content.is_some() => {
                        self.problem(
                            &pointer,
                            "an error body that is not an object: kept as JSON",
                        );
                    }
                    _ => {}
                }
            } else {
                self.problem(&pointer, format!("status {code}: left out"));
            }
        }
        for (code, same, pointer) in same_as {
            match &mut responses {
                Yaml::Map(entries) if entries.iter().any(|(k, _)| *k == same) => {
                    let Some((_, value)) = entries.iter_mut().find(|(k, _)| *k == same) else {
                        continue;
                    };
                    if let Yaml::Str(short) = value {
                        *value = Yaml::Map(vec![("type".to_owned(), Yaml::from(short.as_str()))]);
                    }
                    let mut also = match value.get("also") {
                        Some(Yaml::List(items)) => items.clone(),
                        _ => Vec::new(),
                    };
                    also.push(Yaml::Int(code));
                    value.set("also", Yaml::List(also));
                }
                _ => self.problem(
                    &pointer,
                    format!("the same as status {same}, which is not declared: left out"),
                ),
            }
        }
        if responses.is_empty_map() {
            self.problem(at, "no success response: taken as `200: none`");
            responses.set("200", "none");
        }
        (responses, errors)
    }
}
