//! Real documents, rewritten into what the OpenAPI 3.0 model (`openapiv3`) reads, without
//! losing what they say.
//!
//! An OpenAPI 3.1 document's schemas are JSON Schema 2020-12; each 3.1 spelling becomes its 3.0
//! equivalent here:
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `type: [string, "null"]` | `type: string`, `nullable: true` |
//! | a `{type: "null"}` branch of `anyOf`/`oneOf` | the branch dropped, `nullable: true` |
//! | `type: "null"` alone | `enum: [null]`, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n`, `exclusiveMinimum: true` (the same for maximum) |
//! | `$ref` with sibling keywords | `allOf: [{$ref}]` beside the siblings, so they are kept |
//! | `contentEncoding: base64` | `format: byte` |
//! | `contentMediaType` of binary media | `format: binary` |
//! | the schema `true` | `{}` |
//! | no `paths` | `paths: {}` |
//!
//! What 3.0 cannot express (a `type` list of two non-null types) is a [`Problem`] that says so.
//! In every document, an integer bound beyond the 64-bit range (OpenAI's `minimum:
//! -9223372036854776000`, a rounded `i64::MIN`) is clamped to it: a 64-bit integer can hold
//! nothing beyond it, so the bound says the same.

use serde_yaml::{Mapping, Number, Value};

use super::pointer::push_segment;

/// Something a document says that the 3.0 model cannot hold: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub pointer: String,
    pub message: String,
}

/// Rewrites `document` in place; `openapi_31` says whether its schemas are 3.1's.
pub(super) fn normalise(document: &mut Value, openapi_31: bool) -> Result<(), Problem> {
    let walker = Walker { openapi_31 };
    if let Value::Mapping(map) = document {
        if openapi_31 && !map.contains_key("paths") {
            map.insert(key("paths"), Value::Mapping(Mapping::new()));
        }
    }
    walker.document(document, &mut String::new())
}

fn key(text: &str) -> Value {
    Value::String(text.to_owned())
}

struct Walker {
    openapi_31: bool,
}

impl Walker {
    /// Any node outside a schema: looks for the schemas in it.
    fn document(&self, node: &mut Value, pointer: &mut String) -> Result<(), Problem> {
        self.node(node, pointer, false)
    }

    /// [`Walker::document`] on a node that is a map of names (`names`: a response's `headers`,
    /// a `content` map, a map of components), whose keys are names even when they start with
    /// `x-` (a header `x-request-id`), rather than an object that may have extensions.
    fn node(&self, node: &mut Value, pointer: &mut String, names: bool) -> Result<(), Problem> {
        match node {
            Value::Mapping(map) => {
                let in_components = pointer.as_str() == "/components";
                for (name, value) in map.iter_mut() {
                    let Some(name) = name.as_str() else { continue };
                    // Extensions and examples are data, whatever keys they hold.
                    let data = name.starts_with("x-") || name == "example" || name == "examples";
                    if data && !names {
                        continue;
                    }
                    let len = push(pointer, name);
                    let of_names = (in_components && !name.starts_with("x-"))
                        || matches!(
                            name,
                            "headers" | "content" | "encoding" | "callbacks" | "links" | "webhooks"
                        );
                    let result = match name {
                        "schema" if !names => self.schema(value, pointer),
                        "schemas" if pointer.as_str() == "/components/schemas" => {
                            self.each_schema(value, pointer)
                        }
                        _ if names => self.node(value, pointer, false),
                        _ => self.node(value, pointer, of_names),
                    };
                    pointer.truncate(len);
                    result?;
                }
                Ok(())
            }
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let len = push(pointer, &index.to_string());
                    let result = self.document(item, pointer);
                    pointer.truncate(len);
                    result?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Every value of a mapping of schemas (`properties`, `components/schemas`, `$defs`).
    fn each_schema(&self, node: &mut Value, pointer: &mut String) -> Result<(), Problem> {
        if let Value::Mapping(map) = node {
            for (name, value) in map.iter_mut() {
                let name = name.as_str().unwrap_or_default().to_owned();
                let len = push(pointer, &name);
                let result = self.schema(value, pointer);
                pointer.truncate(len);
                result?;
            }
        }
        Ok(())
    }

    /// One schema, then the schemas inside it.
    fn schema(&self, node: &mut Value, pointer: &mut String) -> Result<(), Problem> {
        if self.openapi_31 && *node == Value::Bool(true) {
            *node = Value::Mapping(Mapping::new());
        }
        let Value::Mapping(map) = node else {
            return Ok(());
        };
        if self.openapi_31 {
            downgrade(map, pointer)?;
        }
        clamp_integer_bounds(map);
        for (name, value) in map.iter_mut() {
            let Some(name) = name.as_str() else { continue };
            let len = push(pointer, name);
            let result = match name {
                "properties" | "$defs" | "patternProperties" => self.each_schema(value, pointer),
                "items" | "additionalProperties" | "not" => self.schema(value, pointer),
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => self.each_item(value, pointer),
                _ => Ok(()),
            };
            pointer.truncate(len);
            result?;
        }
        Ok(())
    }

    fn each_item(&self, node: &mut Value, pointer: &mut String) -> Result<(), Problem> {
        if let Value::Sequence(items) = node {
            for (index, item) in items.iter_mut().enumerate() {
                let len = push(pointer, &index.to_string());
                let result = self.schema(item, pointer);
                pointer.truncate(len);
                result?;
            }
        }
        Ok(())
    }
}

/// Appends a segment to a pointer, returning the length to truncate back to.
fn push(pointer: &mut String, segment: &str) -> usize {
    let len = pointer.len();
    push_segment(pointer, segment);
    len
}

/// One 3.1 schema's own keywords, in their 3.0 spelling.
fn downgrade(map: &mut Mapping, pointer: &str) -> Result<(), Problem> {
    if let Some(Value::Sequence(types)) = map.get("type").cloned() {
        let null = Value::String("null".to_owned());
        let others: Vec<&Value> = types.iter().filter(|t| **t != null).collect();
        let nullable = others.len() < types.len();
        match others.as_slice() {
            [] => {
                map.remove("type");
            }
            [one] => {
                map.insert(key("type"), (*one).clone());
            }
            _ => {
                let names: Vec<String> = others
                    .iter()
                    .map(|t| t.as_str().unwrap_or("?").to_owned())
                    .collect();
                return Err(Problem {
                    pointer: format!("{pointer}/type"),
                    message: format!(
                        "a type list of {} has no OpenAPI 3.0 spelling; write it as an anyOf of one schema per type",
                        names.join(", ")
                    ),
                });
            }
        }
        if nullable {
            map.insert(key("nullable"), Value::Bool(true));
            if others.is_empty() {
                map.insert(key("enum"), Value::Sequence(vec![Value::Null]));
            }
        }
    } else if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert(key("nullable"), Value::Bool(true));
        map.insert(key("enum"), Value::Sequence(vec![Value::Null]));
    }
    for union in ["anyOf", "oneOf"] {
        if let Some(Value::Sequence(branches)) = map.get_mut(union) {
            let before = branches.len();
            branches.retain(|branch| !is_null_schema(branch));
            if branches.len() < before {
                map.insert(key("nullable"), Value::Bool(true));
            }
        }
    }
    if let Some(value) = map.remove("const") {
        map.insert(key("enum"), Value::Sequence(vec![value]));
    }
    if let Some(Value::Sequence(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let (false, Some(first)) = (map.contains_key("example"), examples.into_iter().next()) {
            map.insert(key("example"), first);
        }
    }
    for (bound, flag) in [
        ("minimum", "exclusiveMinimum"),
        ("maximum", "exclusiveMaximum"),
    ] {
        if let Some(Value::Number(limit)) = map.get(flag).cloned() {
            map.insert(key(bound), Value::Number(limit));
            map.insert(key(flag), Value::Bool(true));
        }
    }
    if !map.contains_key("format") {
        let format = match (
            map.get("contentEncoding").and_then(Value::as_str),
            map.get("contentMediaType").and_then(Value::as_str),
        ) {
            (Some("base64"), _) => Some("byte"),
            (None, Some(media)) if is_binary_media(media) => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            map.insert(key("format"), key(format));
        }
    }
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").unwrap_or(Value::Null);
        let mut target = Mapping::new();
        target.insert(key("$ref"), reference);
        let all_of = match map.remove("allOf") {
            Some(Value::Sequence(mut parts)) => {
                parts.insert(0, Value::Mapping(target));
                parts
            }
            _ => vec![Value::Mapping(target)],
        };
        map.insert(key("allOf"), Value::Sequence(all_of));
    }
    Ok(())
}

/// `{type: "null"}` (with nothing that says more than a description).
fn is_null_schema(schema: &Value) -> bool {
    let Value::Mapping(map) = schema else {
        return false;
    };
    map.get("type").and_then(Value::as_str) == Some("null")
        && map.keys().all(|k| {
            matches!(
                k.as_str(),
                Some("type" | "description" | "title" | "nullable")
            )
        })
}

fn is_binary_media(media: &str) -> bool {
    !(media.starts_with("text/") || media.ends_with("json") || media.ends_with("xml"))
}

/// An integer schema's bounds beyond the 64-bit range become its ends.
fn clamp_integer_bounds(map: &mut Mapping) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for bound in ["minimum", "maximum"] {
        let Some(Value::Number(n)) = map.get(bound) else {
            continue;
        };
        if n.as_i64().is_some() {
            continue;
        }
        let clamped = match n.as_f64() {
            Some(f) if f <= i64::MIN as f64 => Number::from(i64::MIN),
            Some(f) if f >= i64::MAX as f64 => Number::from(i64::MAX),
            _ => continue,
        };
        map.insert(key(bound), Value::Number(clamped));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(yaml: &str, openapi_31: bool) -> Result<Value, Problem> {
        let mut document = super::super::tree::parse(yaml).expect("YAML");
        normalise(&mut document, openapi_31).map(|()| document)
    }

    fn schema_of(document: &Value, name: &str) -> Value {
        document["components"]["schemas"][name].clone()
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("YAML")
    }

    #[test]
    fn type_lists_with_null_become_nullable() {
        let doc = normalised(
            "components:\n  schemas:\n    A: { type: [string, 'null'], maxLength: 3 }\n    B: { type: 'null' }",
            true,
        )
        .expect("normalised");
        assert_eq!(
            schema_of(&doc, "A"),
            yaml("{ type: string, maxLength: 3, nullable: true }")
        );
        assert_eq!(
            schema_of(&doc, "B"),
            yaml("{ nullable: true, enum: [null] }")
        );
    }

    #[test]
    fn null_branches_of_unions_make_the_union_nullable() {
        let doc = normalised(
            "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                anyOf:\n                  - $ref: '#/components/schemas/A'\n                  - type: 'null'",
            true,
        )
        .expect("normalised");
        let schema =
            &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(
            *schema,
            yaml("{ anyOf: [{ $ref: '#/components/schemas/A' }], nullable: true }")
        );
    }

    #[test]
    fn const_examples_and_numeric_exclusive_bounds() {
        let doc = normalised(
            "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        kind: { const: card }\n        n: { type: integer, exclusiveMinimum: 0, examples: [5, 6] }",
            true,
        )
        .expect("normalised");
        let a = schema_of(&doc, "A");
        assert_eq!(a["properties"]["kind"], yaml("{ enum: [card] }"));
        assert_eq!(
            a["properties"]["n"],
            yaml("{ type: integer, exclusiveMinimum: true, minimum: 0, example: 5 }")
        );
    }

    #[test]
    fn ref_siblings_are_kept_beside_an_all_of() {
        let doc = normalised(
            "components:\n  schemas:\n    A:\n      properties:\n        b: { $ref: '#/components/schemas/B', description: The b. }",
            true,
        )
        .expect("normalised");
        assert_eq!(
            schema_of(&doc, "A")["properties"]["b"],
            yaml("{ description: The b., allOf: [{ $ref: '#/components/schemas/B' }] }")
        );
    }

    #[test]
    fn a_property_named_like_a_keyword_is_a_property() {
        let doc = normalised(
            "components:\n  schemas:\n    A:\n      properties:\n        $ref: { type: [string, 'null'] }\n        const: { type: string }",
            true,
        )
        .expect("normalised");
        let properties = &schema_of(&doc, "A")["properties"];
        assert_eq!(properties["$ref"], yaml("{ type: string, nullable: true }"));
        assert_eq!(properties["const"], yaml("{ type: string }"));
    }

    #[test]
    fn what_3_0_cannot_say_is_a_problem_with_its_place() {
        let problem = normalised(
            "components:\n  schemas:\n    A: { type: [string, integer] }",
            true,
        )
        .expect_err("a problem");
        assert_eq!(problem.pointer, "/components/schemas/A/type");
        assert!(
            problem.message.contains("string, integer"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn documents_of_3_0_keep_their_spelling_but_integer_bounds_are_clamped() {
        let text = "components:\n  schemas:\n    A: { type: integer, minimum: -9223372036854776000, const: 1 }";
        let doc = normalised(text, false).expect("normalised");
        assert_eq!(
            schema_of(&doc, "A"),
            yaml("{ type: integer, minimum: -9223372036854775808, const: 1 }")
        );
    }

    #[test]
    fn a_header_named_like_an_extension_is_a_header() {
        // Found by tests/totality.rs: the schema of a response header `x-request-id-2` was
        // left in its 3.1 spelling, which the 3.0 model then refused.
        let text = "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          headers:\n            x-request-id-2:\n              schema: { type: integer, exclusiveMaximum: 100 }\ncomponents:\n  headers:\n    x-limit:\n      schema: { type: [integer, 'null'] }";
        let doc = normalised(text, true).expect("normalised");
        let header = &doc["paths"]["/a"]["get"]["responses"]["200"]["headers"]["x-request-id-2"];
        assert_eq!(
            header["schema"],
            yaml("{ type: integer, maximum: 100, exclusiveMaximum: true }")
        );
        assert_eq!(
            doc["components"]["headers"]["x-limit"]["schema"],
            yaml("{ type: integer, nullable: true }")
        );
    }

    #[test]
    fn examples_and_extensions_are_left_as_data() {
        let text = "components:\n  schemas:\n    A:\n      type: object\n      x-shape: { schema: { type: [string, 'null'] } }\n      example: { schema: { const: 1 } }";
        let doc = normalised(text, true).expect("normalised");
        assert_eq!(
            schema_of(&doc, "A"),
            yaml("{ type: object, x-shape: { schema: { type: [string, 'null'] } }, example: { schema: { const: 1 } } }")
        );
    }
}
