//! What a live run's outcomes say: each request accepted or refused (and why), each answer
//! decoded or not, and what Prism itself misread or broke, counted apart.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::Counts;

/// Whether Prism refused a request only for what it misreads, whatever the document says:
/// it keeps the last value of a form field or a multipart part given twice (so a list is
/// "must be array"), and reads every multipart part as text (so a JSON part, RFC 7578's and
/// OpenAPI's default for an object, is "must be object").
fn misread(outcome: &Value, objections: &[Value]) -> bool {
    let media = outcome["content_type"].as_str().unwrap_or("");
    let multipart = media.starts_with("multipart/form-data");
    let form = multipart || media.starts_with("application/x-www-form-urlencoded");
    let at_body = |o: &Value| {
        let place: Vec<&str> = o["location"]
            .as_array()
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        matches!(
            place.as_slice(),
            ["body", _, ..] | ["request", "body", _, ..]
        )
    };
    // What a value read as text, where the document wants a list or an object, is told:
    // `must be array`, `must be object,null`, and, where it tries each option of a union
    // (`oneOf: [null, Object]`), `must be null` and `must match exactly one schema in oneOf`.
    let as_text = |message: &str| {
        let wanted = message.rsplit(" must ").next().unwrap_or("");
        wanted.starts_with("be array")
            || multipart
                && (wanted.starts_with("be object")
                    || wanted == "be null"
                    || wanted.starts_with("match exactly one schema")
                    || wanted.starts_with("match a schema"))
    };
    // What it says of its own answer (made for the request it refused) does not count.
    let of_request: Vec<&Value> = objections
        .iter()
        .filter(|o| o["location"][0] != "response")
        .collect();
    form && !of_request.is_empty()
        && of_request
            .iter()
            .all(|o| at_body(o) && as_text(o["message"].as_str().unwrap_or("")))
}

/// The error Prism gives for an answer it cannot write (an object as `text/*`: an event
/// stream), after it accepted the request.
const PRISM_CANNOT_ANSWER: &str = "https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT";

pub(super) fn count_live(report: &Path, counts: &mut Counts) -> Result<(), String> {
    let text = fs::read_to_string(report).unwrap_or_default();
    for line in text.lines() {
        let outcome: Value =
            serde_json::from_str(line).map_err(|e| format!("a report line is not JSON: {e}"))?;
        counts.sent += 1;
        let status = outcome["status"].as_u64().unwrap_or(0);
        let violations = outcome["violations"].as_str();
        // Prism says why in a header (for the request: "Too many violations! [...]" before
        // a list it cuts short), and in the body of a refusal (`validation`: with `--errors`,
        // a 422 for the request, a 500 for its own answer, which may be the error it made
        // for a refused request): both count.
        let listed = |v: Option<Value>| v.and_then(|v| v.as_array().cloned()).unwrap_or_default();
        let mut objections: Vec<Value> = listed(violations.map(|v| {
            let v = v.trim_start_matches("Too many violations! ");
            serde_json::from_str(v).unwrap_or_else(|_| {
                // Cut short: where its objections are, by what it names.
                let at = if v.contains(r#""location":["request""#) {
                    "request"
                } else {
                    "response"
                };
                serde_json::json!([{"location": [at], "message": v}])
            })
        }));
        objections.extend(listed(
            outcome
                .get("objections")
                .filter(|o| o.is_array())
                .cloned()
                .or_else(|| {
                    let refusal = outcome["refusal"].as_str()?;
                    Some(serde_json::from_str::<Value>(refusal).ok()?["validation"].take())
                }),
        ));
        // Prism found the request valid but its own answer breaks the document (a
        // `pattern` or `format` its generated value misses), or it cannot make one (an
        // event stream of objects, which it has no way to write): counted apart.
        let unanswerable = objections.is_empty()
            && outcome["refusal"]
                .as_str()
                .is_some_and(|r| r.contains(PRISM_CANNOT_ANSWER));
        if unanswerable
            || !objections.is_empty() && objections.iter().all(|o| o["location"][0] == "response")
        {
            counts.accepted += 1;
            counts.prism_broke += 1;
            continue;
        }
        if misread(&outcome, &objections) {
            counts.prism_misread += 1;
            continue;
        }
        if (200..300).contains(&status) && violations.is_none() {
            counts.accepted += 1;
            if outcome["decoded"] == Value::Bool(true) {
                counts.decoded += 1;
            } else {
                let error = outcome["error"].as_str().unwrap_or("");
                *counts
                    .misses
                    .entry(format!("answer does not decode: {}", generic(error)))
                    .or_default() += 1;
            }
        } else {
            let why = if objections.is_empty() {
                format!("status {status}")
            } else {
                objections
                    .iter()
                    .map(|v| {
                        format!(
                            "{}: {}",
                            v["location"]
                                .as_array()
                                .map(|l| l
                                    .iter()
                                    .take(2)
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join("."))
                                .unwrap_or_default(),
                            v["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            *counts
                .misses
                .entry(format!("request refused: {}", generic(&why)))
                .or_default() += 1;
        }
    }
    Ok(())
}

/// A message with what varies from one place to the next (names in backticks, numbers,
/// quoted values) made generic, so that misses of one kind count together.
pub(super) fn generic(message: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut last_digit = false;
    for c in message.chars() {
        if c == '`' || c == '"' || c == '\'' {
            if !in_code {
                out.push_str("`…`");
            }
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if c.is_ascii_digit() {
            if !last_digit {
                out.push('N');
            }
            last_digit = true;
            continue;
        }
        last_digit = false;
        out.push(c);
    }
    out.chars().take(160).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prism_misreads_a_list_in_a_form_and_a_json_part_and_nothing_else() {
        let outcome = |media: &str| serde_json::json!({"content_type": media});
        let objection = |location: &[&str], message: &str| serde_json::json!({"location": location, "message": message});
        let list = [objection(
            &["body", "Events"],
            "Request body property Events must be array",
        )];
        let object = [objection(
            &["request", "body", "attributes"],
            "Request body property attributes must be object",
        )];
        let form = outcome("application/x-www-form-urlencoded");
        let multipart = outcome("multipart/form-data; boundary=apigen-0");
        assert!(misread(&form, &list));
        assert!(misread(&multipart, &list));
        assert!(misread(&multipart, &object));
        let union = [
            objection(
                &["request", "body", "embeds"],
                "Request body property embeds must be array,null",
            ),
            objection(
                &["request", "body", "mention"],
                "Request body property mention must be null",
            ),
            objection(
                &["request", "body", "mention"],
                "Request body property mention must match exactly one schema in oneOf",
            ),
        ];
        assert!(misread(&multipart, &union));
        assert!(!misread(&form, &union[1..]));
        // Not a multipart body, or an objection of another kind too: a refusal.
        assert!(!misread(&form, &object));
        assert!(!misread(&outcome("application/json"), &list));
        let both = [
            list[0].clone(),
            objection(&["query", "limit"], "must be integer"),
        ];
        assert!(!misread(&form, &both));
        assert!(!misread(&form, &[]));
        // What Prism says of the answer it made for the refusal does not count, either way.
        let answer = objection(
            &["response", "body", "id"],
            "Response body property id must match pattern",
        );
        assert!(misread(&multipart, &[union[0].clone(), answer.clone()]));
        assert!(!misread(&multipart, &[answer]));
    }
}
