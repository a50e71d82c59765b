//! What a request can carry: a form only flat fields, and no body a union (apigen receives
//! unions but does not send them).

use std::collections::BTreeSet;

use super::yaml::{Yaml, names_in, set_type, type_text};
use super::{Importer, Problem, token};

impl Importer<'_> {
    /// Whether `ty` is a struct model a form can carry: each field one value (text, a
    /// number, a boolean, an enum, an ID) or a list of them.
    pub(super) fn flat(&self, ty: &str) -> bool {
        let Some((_, Yaml::Map(model))) = self.models.iter().find(|(n, _)| n == ty) else {
            return false;
        };
        let Some((_, Yaml::Map(fields))) = model.iter().find(|(k, _)| k == "fields") else {
            return false;
        };
        fields.iter().all(|(_, field)| {
            let expression = match field {
                Yaml::Str(text) => text.as_str(),
                other => match other.get("type") {
                    Some(Yaml::Str(text)) => text.as_str(),
                    _ => return other.get("const").is_some(),
                },
            };
            let base = expression.trim_end_matches('?');
            let base = base
                .strip_prefix("list<")
                .and_then(|b| b.strip_suffix('>'))
                .unwrap_or(base);
            self.scalar(base)
        })
    }

    /// apigen receives unions but cannot send them: in what a request body reaches, a field
    /// (or a body) of a union type becomes `json`, reported.
    pub(super) fn no_unions_in_requests(&mut self, resources: &mut Yaml) {
        let unions: BTreeSet<String> = self
            .models
            .iter()
            .filter(|(_, m)| m.get("union").is_some())
            .map(|(n, _)| n.clone())
            .collect();
        let used_by = |text: &str| -> Vec<String> {
            let mut names = Vec::new();
            names_in(text, &mut names);
            names
        };
        let mut pending: Vec<String> = Vec::new();
        if let Yaml::Map(resources) = resources {
            for (resource_name, resource) in resources {
                let Yaml::Map(entries) = resource else {
                    continue;
                };
                let Some((_, Yaml::Map(ops))) = entries.iter_mut().find(|(k, _)| k == "operations")
                else {
                    continue;
                };
                for (name, op) in ops {
                    let Yaml::Map(op) = op else { continue };
                    let Some((_, body)) = op.iter_mut().find(|(k, _)| k == "body") else {
                        continue;
                    };
                    let Some(ty) = type_text(body).map(str::to_owned) else {
                        continue;
                    };
                    let names = used_by(&ty);
                    if names.iter().any(|n| unions.contains(n)) {
                        self.problems.push(Problem {
                            pointer: self
                                .places
                                .get(&format!("{resource_name}.{name}"))
                                .cloned()
                                .unwrap_or_default(),
                            message: format!("the request body of `{name}` is a union, which apigen cannot send: sent as `json`"),
                        });
                        set_type(body, "json");
                        continue;
                    }
                    pending.extend(names);
                }
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let place = self.places.get(&name).cloned().unwrap_or_default();
            let Some((_, model)) = self.models.iter_mut().find(|(n, _)| *n == name) else {
                continue;
            };
            let Yaml::Map(entries) = model else { continue };
            let Some((_, Yaml::Map(fields))) = entries.iter_mut().find(|(k, _)| k == "fields")
            else {
                continue;
            };
            let mut found = Vec::new();
            for (key, field) in fields {
                let Some(ty) = type_text(field).map(str::to_owned) else {
                    continue;
                };
                let names = used_by(&ty);
                if names.iter().any(|n| unions.contains(n)) {
                    let json = if ty.ends_with('?') { "json?" } else { "json" };
                    set_type(field, json);
                    found.push(Problem {
                        pointer: format!("{place}/properties/{}", token(key)),
                        message: "a union in a request body, which apigen cannot send: `json`"
                            .to_owned(),
                    });
                } else {
                    pending.extend(names);
                }
            }
            for problem in found {
                if !self.problems.contains(&problem) {
                    self.problems.push(problem);
                }
            }
        }
    }
}
