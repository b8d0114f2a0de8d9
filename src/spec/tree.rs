//! Reading a document's text into a YAML tree, once.
//!
//! `serde_yaml::Value` refuses integers beyond 64 bits, which real documents write (OpenAI's
//! `minimum: -9223372036854776000`, a rounded `i64::MIN`); this reader keeps such a number as
//! the nearest float, so that the document loads and normalisation can say what it means.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Number, Value};

use crate::error::Error;

/// Parses YAML (or JSON) text into a tree. Text that starts as a JSON object is read by the
/// JSON reader, which reads it about ten times faster than the YAML reader (GitHub's 4 MiB
/// document: 11 ms against 140); text that turns out not to be JSON is read as YAML, which
/// also reads JSON, and whose error says where the text is wrong.
pub(super) fn parse(text: &str) -> Result<Value, serde_yaml::Error> {
    if text.trim_start().starts_with('{') {
        let mut json = serde_json::Deserializer::from_str(text);
        if let Ok(Node(tree)) = Node::deserialize(&mut json) {
            if json.end().is_ok() {
                return Ok(tree);
            }
        }
    }
    Node::deserialize(serde_yaml::Deserializer::from_str(text)).map(|node| node.0)
}

struct Node(Value);

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node(Value::Number(value.into())))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node(Value::Number(value.into())))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Node, E> {
        Ok(Node(Value::Number(match i64::try_from(value) {
            Ok(small) => small.into(),
            Err(_) => Number::from(value as f64),
        })))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Node, E> {
        Ok(Node(Value::Number(match u64::try_from(value) {
            Ok(small) => small.into(),
            Err(_) => Number::from(value as f64),
        })))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node(Value::Number(value.into())))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node(Value::String(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node(Value::String(value)))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(Node(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node(Value::Sequence(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut mapping = Mapping::new();
        while let Some((Node(key), Node(value))) = map.next_entry()? {
            mapping.insert(key, value);
        }
        Ok(Node(Value::Mapping(mapping)))
    }
}

/// A syntax error of a file's text, at its line and column.
pub(super) fn syntax_error(file: &str, text: &str, err: &serde_yaml::Error) -> Error {
    let (line, column) = err
        .location()
        .map(|mark| (mark.line(), mark.column()))
        .unwrap_or((1, 1));
    Error::Syntax {
        file: file.to_owned(),
        line,
        column,
        message: err.to_string(),
        quoted: super::lines::source_column(text, line, column),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_become_floats_and_the_rest_is_yaml() {
        let tree = parse("a: -9223372036854776000\nb: [1, 2.5, x, null, true]\nc: { d: e }")
            .expect("a tree");
        assert_eq!(tree["a"].as_f64(), Some(-9223372036854776000.0));
        let plain: Value =
            serde_yaml::from_str("b: [1, 2.5, x, null, true]\nc: { d: e }").expect("plain YAML");
        assert_eq!(tree["b"], plain["b"]);
        assert_eq!(tree["c"], plain["c"]);
    }

    #[test]
    fn json_is_read_as_the_yaml_reader_reads_it() {
        let text = r#"{"a": -9223372036854776000, "b": [1, -2, 2.5, "x", null, true],
            "c": {"d": "e\u00e9\/"}, "d": 1e3, "e": {},
            "f": [15.790164208041347, 0.30000000000000004, 1.7976931348623157e308]}"#;
        let yaml = Node::deserialize(serde_yaml::Deserializer::from_str(text))
            .expect("YAML reads JSON")
            .0;
        assert_eq!(parse(text).expect("a tree"), yaml);
        // Not JSON after all (a comment): read as YAML.
        let tree = parse("{\"a\": 1} # one").expect("YAML");
        assert_eq!(tree["a"].as_u64(), Some(1));
        let err = parse("{\"a\": [1, 2}").expect_err("neither");
        assert!(err.location().is_some());
    }

    #[test]
    fn syntax_errors_keep_their_place() {
        let err = parse("a: [1, 2\nb: c").expect_err("invalid YAML");
        assert!(err.location().is_some_and(|mark| mark.line() >= 1));
    }
}
