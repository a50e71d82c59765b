//! An operation's `# Example` docs, from its first example: the call as a `no_run` doctest,
//! then the request it sends and the response it answers.

use std::fmt::Write as _;

use super::Emitter;
use crate::ir::{self, Api};

/// The longest body a doc shows in full; a longer one shows its first lines.
const DOC_BODY_LINES: usize = 30;

/// The `# Example` section of an operation's docs, from its first example: the call as a
/// `no_run` doctest against the crate `krate`, then the request it sends and the response
/// it reads, as the example states them. `None` for an operation without examples.
pub(in crate::emit) fn doc_section(
    api: &Api,
    krate: &str,
    resource: &ir::Resource,
    op: &ir::Operation,
) -> Option<String> {
    let ex = op.examples.first()?;
    let emitter = Emitter {
        api,
        krate,
        doc: true,
    };
    let mut lets = String::new();
    let (args, setters) = emitter.arguments(&mut lets, op, ex);
    let mut code = String::new();
    for line in lets.lines() {
        w!(code, "{}\n", line.trim_start());
    }
    let value = response_name(op, &args);
    let bind = value
        .as_ref()
        .map_or(String::new(), |v| format!("let {v} = "));
    let call = format!("{}({})", op.fn_name, args.join(", "));
    let line = format!(
        "{bind}client.{}().{call}{}.await?;",
        resource.module,
        setters.join("")
    );
    if line.len() <= 92 {
        w!(code, "{line}\n");
    } else {
        w!(
            code,
            "{bind}client\n    .{}()\n    .{call}\n",
            resource.module
        );
        for setter in &setters {
            w!(code, "    {setter}\n");
        }
        code.push_str("    .await?;\n");
    }
    let code = code
        .replace(&format!("::{krate}::"), &format!("{krate}::"))
        .replace("::std::vec!", "vec!")
        .replace("::std::option::Option::None", "None")
        .replace("::std::collections::", "std::collections::")
        .replace("::apigen_runtime::", "apigen_runtime::");
    let mut text = String::from("# Example\n\n");
    if let Some(docs) = &ex.docs {
        w!(text, "{}\n\n", docs.trim());
    }
    let signature = format!(
        "async fn example<A>(client: &{krate}::Client<A>) -> Result<(), Box<dyn std::error::Error>>"
    );
    w!(text, "```no_run\n# {signature}\n");
    match crate::emit::auth::holds_bound(&api.schemes, &op.auth) {
        Some(holds) => w!(
            text,
            "# where\n#     A: {},\n# {{\n",
            holds.replace("super::", &format!("{krate}::"))
        ),
        None => text.push_str("# {\n"),
    }
    text.push_str(&code);
    if let Some(value) = &value {
        w!(text, "# let _ = {value};\n");
    }
    text.push_str("# Ok(())\n# }\n```\n");
    text.push_str(&sent(op, &ex.sends));
    if let Some(response) = &ex.response {
        text.push_str("\nIt answers:\n\n```text\n");
        w!(text, "{}\n", response.status);
        for (name, value) in &response.headers {
            w!(text, "{}: {}\n", name.as_str(), value.as_str());
        }
        body(&mut text, response.body.as_str());
        text.push_str("```\n");
    }
    Some(text)
}

/// The documented request, as the example states it.
fn sent(op: &ir::Operation, sends: &ir::Sends) -> String {
    let (Some(path), method) = (&sends.path, &sends.method) else {
        return String::new();
    };
    let mut text = String::from("\nIt sends (under the base URL):\n\n```text\n");
    let method = method.as_ref().map_or(op.method.as_str(), ir::Lit::as_str);
    w!(text, "{method} {}", path.as_str());
    match &sends.query {
        Some(query) if !query.as_str().is_empty() => w!(text, "?{}\n", query.as_str()),
        _ => text.push('\n'),
    }
    for (name, value) in &sends.headers {
        w!(text, "{}: {}\n", name.as_str(), value.as_str());
    }
    match &sends.body {
        Some(ir::SentBody::Json(json) | ir::SentBody::Exact(json)) => {
            body(&mut text, json.as_str())
        }
        None => {}
    }
    text.push_str("```\n");
    if !sends.absent_headers.is_empty() {
        let names: Vec<String> = sends
            .absent_headers
            .iter()
            .map(|name| format!("`{}`", name.as_str()))
            .collect();
        w!(text, "\nand no {} header.\n", names.join(" or "));
    }
    text
}

/// A body after its headers, as the example gives it, cut after [`DOC_BODY_LINES`] lines.
fn body(text: &mut String, body: &str) {
    if body.is_empty() {
        return;
    }
    text.push('\n');
    let lines: Vec<&str> = body.lines().collect();
    for line in lines.iter().take(DOC_BODY_LINES) {
        w!(text, "{line}\n");
    }
    if lines.len() > DOC_BODY_LINES {
        w!(text, "… ({} more lines)\n", lines.len() - DOC_BODY_LINES);
    }
}

/// What the doc calls the call's answer: its model's name in `snake_case` when it answers
/// one model, `response` otherwise, `None` when it answers nothing.
fn response_name(op: &ir::Operation, args: &[String]) -> Option<String> {
    use heck::ToSnakeCase as _;
    match op.responses.as_slice() {
        [only] if matches!(only.kind, ir::ResponseKind::None) && only.headers.is_empty() => None,
        [only] => {
            let name = match &only.kind {
                ir::ResponseKind::Json(ir::Type::Model(model)) if only.headers.is_empty() => {
                    model.as_str().to_snake_case()
                }
                _ => "response".to_owned(),
            };
            let taken = name == "client"
                || args.iter().any(|a| a.trim_start_matches('&') == name)
                || crate::rust::is_keyword(&name);
            Some(if taken { "response".to_owned() } else { name })
        }
        _ => Some("response".to_owned()),
    }
}
