//! YAML text → a tree of nodes, each with its place. Only a YAML syntax error stops here;
//! everything about the tree's shape is checked later, so that every problem is reported.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

/// A YAML node and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub at: Location,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// In file order; duplicates are kept, so that they can be reported.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// What kind of value this is, for messages: "a list", "`true`".
    pub fn describe(&self) -> String {
        match self {
            Self::Null => "nothing (null)".to_owned(),
            Self::Bool(b) => format!("`{b}`"),
            Self::Int(i) => format!("the number `{i}`"),
            Self::Float(x) => format!("the number `{x}`"),
            Self::Str(s) => format!("the text `{s}`"),
            Self::Seq(_) => "a list".to_owned(),
            Self::Map(_) => "a mapping".to_owned(),
        }
    }
}

/// How deeply mappings and lists may nest in a spec.
pub const MAX_DEPTH: usize = 32;

/// Parses `source` into a tree. The error is serde-saphyr's, with its place.
pub fn parse(source: &str) -> Result<Node, serde_saphyr::Error> {
    // Repeated keys reach `Value::Map`, so the loader reports each one and goes on. A spec
    // nests about seven levels deep; the cap keeps the recursive tree building well inside
    // a 2 MiB thread stack whatever the input (serde-saphyr's defaults allow 256 for flow
    // collections, enough to overflow one in a debug build).
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::PassThrough,
        budget: Some(budget(source, MAX_DEPTH)),
    };
    serde_saphyr::from_str_with_options(source, options)
}

/// serde-saphyr's limits for reading `source`: as many nodes, events and scalar bytes as
/// text that long can hold without aliases (its defaults stop at 250,000 nodes, about a
/// 5 MB document), nesting at most `depth`; aliases keep their default limits, which stop a
/// document that expands far beyond its text.
pub(crate) fn budget(source: &str, depth: usize) -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    let room = source.len().saturating_mul(2).saturating_add(1024);
    budget.max_depth = depth;
    budget.flow_nesting_limit = depth;
    budget.max_nodes = budget.max_nodes.max(room);
    budget.max_events = budget.max_events.max(room);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(room);
    budget
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Self {
            at: spanned.referenced,
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<Node, Node>()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(node: &Node, out: &mut Vec<String>) {
        let span = node.at.span();
        let range = span.byte_offset().zip(span.byte_len());
        out.push(format!(
            "{}:{} {range:?} {}",
            node.at.line(),
            node.at.column(),
            node.value.describe()
        ));
        match &node.value {
            Value::Seq(items) => items.iter().for_each(|n| places(n, out)),
            Value::Map(entries) => entries.iter().for_each(|(k, v)| {
                places(k, out);
                places(v, out);
            }),
            _ => {}
        }
    }

    /// Every node keeps its place (1-based line and column, byte span) and repeated keys are
    /// kept, for the loader to report. Scalars are typed as YAML types them (`yes` and `ON` are
    /// `true`); the loader reads a scalar's exact text back from its span where text is meant.
    #[test]
    fn nodes_keep_their_places_and_repeated_keys() {
        let source = "a: yes\nb: [1, ON, \"x\"]\n200: Flow\nc:\n  d: ~\n  e: 1.5\nd: d\nd: again\n";
        let node = parse(source).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        places(&node, &mut out);
        assert_eq!(
            out,
            [
                "1:1 Some((0, 0)) a mapping",
                "1:1 Some((0, 1)) the text `a`",
                "1:4 Some((3, 3)) `true`",
                "2:1 Some((7, 1)) the text `b`",
                "2:4 Some((10, 1)) a list",
                "2:5 Some((11, 1)) the number `1`",
                "2:8 Some((14, 2)) `true`",
                "2:12 Some((18, 3)) the text `x`",
                "3:1 Some((23, 3)) the number `200`",
                "3:6 Some((28, 4)) the text `Flow`",
                "4:1 Some((33, 1)) the text `c`",
                "5:3 Some((38, 0)) a mapping",
                "5:3 Some((38, 1)) the text `d`",
                "5:6 Some((41, 1)) nothing (null)",
                "6:3 Some((45, 1)) the text `e`",
                "6:6 Some((48, 3)) the number `1.5`",
                "7:1 Some((52, 1)) the text `d`",
                "7:4 Some((55, 1)) the text `d`",
                "8:1 Some((57, 1)) the text `d`",
                "8:4 Some((60, 5)) the text `again`",
            ]
        );
    }
}
