//! Rust names for an operation's parameters that do not collide: real documents have query
//! parameters such as `DateCreated`, `DateCreated<` and `DateCreated>` (inequality filters),
//! which are one `date_created` in Rust. The wire names stay; each later one gets a `rust`
//! name of its own, and the import says which.

use super::Importer;
use super::yaml::Yaml;
use crate::ir::Ident;

/// What an operator in a parameter's name says, for its Rust name (`DateCreated<` →
/// `date_created_lt`).
const OPERATORS: &[(&str, &str)] = &[
    ("<=", "lte"),
    (">=", "gte"),
    ("!=", "ne"),
    ("<", "lt"),
    (">", "gt"),
    ("!", "not"),
    ("[]", "list"),
];

impl Importer<'_> {
    /// Gives each query parameter and header of an operation a Rust name no path parameter,
    /// and no parameter before it, has; reports each one it chose, at `at`.
    pub(super) fn distinct_rust_names(
        &mut self,
        at: &str,
        params: &Yaml,
        inputs: [(&str, &mut Yaml); 3],
    ) {
        let mut taken: Vec<(String, String)> = Vec::new();
        if let Yaml::Map(entries) = params {
            for (wire, _) in entries {
                if let Some(rust) = Ident::snake(wire) {
                    taken.push((rust.as_str().to_owned(), wire.clone()));
                }
            }
        }
        for (place, inputs) in inputs {
            let Yaml::Map(entries) = inputs else {
                continue;
            };
            for (wire, input) in entries.iter_mut() {
                // A constant has no Rust name.
                if input.get("const").is_some() {
                    continue;
                }
                let given = match input.get("rust") {
                    Some(Yaml::Str(rust)) => Some(rust.clone()),
                    _ => Ident::snake(wire)
                        .map(|i| i.as_str().to_owned())
                        .or_else(|| spelled(wire)),
                };
                let free =
                    |name: &str, taken: &[(String, String)]| !taken.iter().any(|(t, _)| t == name);
                if let Some(rust) = given.as_ref().filter(|r| free(r, &taken)) {
                    taken.push((rust.clone(), wire.clone()));
                    continue;
                }
                let base = given.clone().unwrap_or_else(|| "param".to_owned());
                let operator = OPERATORS
                    .iter()
                    .find(|(op, _)| wire.ends_with(op))
                    .map(|(_, word)| format!("{base}_{word}"));
                let chosen = operator
                    .filter(|name| free(name, &taken))
                    .or_else(|| {
                        (2..)
                            .map(|n| format!("{base}_{n}"))
                            .find(|name| free(name, &taken))
                    })
                    .unwrap_or(base);
                let reason = match (
                    &given,
                    taken.iter().find(|(t, _)| Some(t) == given.as_ref()),
                ) {
                    (Some(rust), Some((_, other))) => {
                        format!("`{rust}` is `{other}`'s")
                    }
                    _ => "its name is no Rust name".to_owned(),
                };
                self.problem(
                    at,
                    format!("{place} `{wire}` is `{chosen}` in Rust, as {reason} (a `rust` name, chosen by the import)"),
                );
                if let Yaml::Str(ty) = input {
                    let mut mapping = Yaml::map();
                    mapping.set("type", ty.as_str());
                    *input = mapping;
                }
                input.set("rust", chosen.as_str());
                taken.push((chosen, wire.clone()));
            }
        }
    }
}

const DIGITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// A snake_case Rust name for a wire name that has none because of how it starts: a sign
/// or digits, spelled (`+1` → `plus_one`, `-1` → `minus_one`, `1_clicks` → `one_clicks`,
/// `2fa` → `two_fa`); `None` when spelling does not help.
pub(super) fn spelled(wire: &str) -> Option<String> {
    let (sign, rest) = match wire.as_bytes().first() {
        Some(b'+') => (Some("plus"), &wire[1..]),
        Some(b'-') => (Some("minus"), &wire[1..]),
        _ => (None, wire),
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if sign.is_none() && digits == 0 {
        return None;
    }
    let mut words: Vec<&str> = sign.into_iter().collect();
    words.extend(
        rest[..digits]
            .bytes()
            .map(|d| DIGITS[usize::from(d - b'0')]),
    );
    let tail = Ident::snake(&format!("x_{}", &rest[digits..]))
        .map(|i| i.as_str()[1..].to_owned())
        .unwrap_or_default();
    let name = format!(
        "{}{}",
        words.join("_"),
        if tail == "_" { "" } else { &tail }
    );
    Ident::snake(&name).map(|i| i.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::spelled;

    #[test]
    fn a_name_that_starts_with_a_sign_or_digits_is_spelled() {
        assert_eq!(spelled("+1").as_deref(), Some("plus_one"));
        assert_eq!(spelled("-1").as_deref(), Some("minus_one"));
        assert_eq!(spelled("1_clicks").as_deref(), Some("one_clicks"));
        assert_eq!(spelled("2fa").as_deref(), Some("two_fa"));
        assert_eq!(
            spelled("1ClickApplications").as_deref(),
            Some("one_click_applications")
        );
        assert_eq!(spelled("name"), None);
        assert_eq!(spelled("@type"), None);
    }
}
