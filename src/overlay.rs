//! OpenAPI Overlay 1.0: what a spec adds beyond its pages, as actions on the imported document.
//!
//! ```yaml
//! overlay: 1.0.0
//! info: { title: …, version: … }
//! actions:
//!   - target: $.paths['/v1/x'].post      # an RFC 9535 JSONPath
//!     description: Not on the page. …    # where the addition comes from
//!     update: { operationId: updateX }   # merged into every node the target selects
//!   - target: $.components.securitySchemes.authorization
//!     remove: true                       # removes every node the target selects
//! ```
//!
//! An `update` merges into an object (members of both objects merge, others are replaced) and
//! is appended to an array (an array's items one by one). Actions apply in order. A target
//! that selects nothing is an error: an overlay that silently does nothing is out of date with
//! its pages.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::error::{Error, Result};
use crate::spec::pointer::unescape_segment;

/// An overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub file: String,
    pub title: String,
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone)]
pub struct Action {
    pub target: String,
    pub description: Option<String>,
    pub change: Change,
    /// The 1-based line the action starts on, when the overlay is block YAML.
    pub line: Option<usize>,
}

/// What an action does to the nodes its target selects.
#[derive(Debug, Clone)]
pub enum Change {
    Update(Value),
    Remove,
}

impl Overlay {
    /// Reads an overlay from its text; `file` is how errors name it.
    pub fn parse(file: &str, text: &str) -> Result<Overlay> {
        let document: Value = serde_yaml::from_str(text).map_err(|err| Error::Overlay {
            file: file.to_string(),
            quoted: None,
            line: err.location().map(|location| location.line()),
            message: format!("not YAML: {err}"),
        })?;
        let fail = |line: Option<usize>, message: String| Error::Overlay {
            file: file.to_string(),
            quoted: None,
            line,
            message,
        };
        let Some(root) = document.as_object() else {
            return Err(fail(
                Some(1),
                "an overlay is a mapping with `overlay`, `info` and `actions`".into(),
            ));
        };
        let version = match root.get("overlay") {
            Some(Value::String(version)) => version.clone(),
            Some(Value::Number(number)) => number.to_string(),
            _ => {
                return Err(fail(
                    Some(1),
                    "not an OpenAPI Overlay document: it has no `overlay: 1.0.0` field".into(),
                ))
            }
        };
        if !(version == "1.0" || version.starts_with("1.0.")) {
            return Err(fail(
                line_of(text, "overlay:"),
                format!("overlay version {version}: only Overlay 1.0 (`overlay: 1.0.0`) is read"),
            ));
        }
        let title = root
            .get("info")
            .and_then(|info| info.get("title"))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                fail(
                    line_of(text, "info:"),
                    "`info.title` is required by Overlay 1.0".into(),
                )
            })?
            .to_string();
        let Some(Value::Array(actions)) = root.get("actions") else {
            return Err(fail(
                line_of(text, "actions:"),
                "`actions` must be a list of actions".into(),
            ));
        };
        let lines = action_lines(text);
        let mut out = Vec::new();
        for (index, action) in actions.iter().enumerate() {
            let line = lines.get(index).copied();
            let Some(action) = action.as_object() else {
                return Err(fail(line, format!("action {} is not a mapping", index + 1)));
            };
            let target = action
                .get("target")
                .and_then(Value::as_str)
                .ok_or_else(|| fail(line, format!("action {} has no `target`", index + 1)))?
                .to_string();
            JsonPath::parse(&target).map_err(|err| {
                fail(
                    line,
                    format!("`target: {target}` is not an RFC 9535 JSONPath: {err}"),
                )
            })?;
            let description = action
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string);
            let remove = action
                .get("remove")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let change = match (action.get("update"), remove) {
                (Some(_), true) => {
                    return Err(fail(
                        line,
                        format!("action {} has both `update` and `remove: true`", index + 1),
                    ))
                }
                (Some(update), false) => Change::Update(update.clone()),
                (None, true) => Change::Remove,
                (None, false) => {
                    return Err(fail(
                        line,
                        format!(
                            "action {} has neither `update` nor `remove: true`",
                            index + 1
                        ),
                    ))
                }
            };
            out.push(Action {
                target,
                description,
                change,
                line,
            });
        }
        Ok(Overlay {
            file: file.to_string(),
            title,
            actions: out,
        })
    }

    /// Applies every action, in order.
    pub fn apply(&self, document: &mut Value) -> Result<()> {
        for action in &self.actions {
            self.apply_action(action, document)?;
        }
        Ok(())
    }

    /// Applies one action.
    pub fn apply_action(&self, action: &Action, document: &mut Value) -> Result<()> {
        let fail = |message: String| Error::Overlay {
            file: self.file.clone(),
            quoted: None,
            line: action.line,
            message,
        };
        let path = JsonPath::parse(&action.target)
            .map_err(|err| fail(format!("`{}` is not a JSONPath: {err}", action.target)))?;
        let pointers: Vec<String> = path
            .query_located(document)
            .locations()
            .map(|location| location.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            return Err(fail(format!(
                "target `{}` selects nothing in the imported document",
                action.target
            )));
        }
        match &action.change {
            Change::Update(update) => {
                for pointer in &pointers {
                    let Some(node) = document.pointer_mut(pointer) else {
                        continue;
                    };
                    match node {
                        Value::Object(target) => match update {
                            Value::Object(update) => merge(target, update),
                            _ => {
                                return Err(fail(format!(
                                    "target `{}` selects an object; its update must be a mapping",
                                    action.target
                                )))
                            }
                        },
                        Value::Array(items) => match update {
                            Value::Array(more) => items.extend(more.iter().cloned()),
                            other => items.push(other.clone()),
                        },
                        _ => {
                            return Err(fail(format!(
                                "target `{}` selects a {}; Overlay 1.0 updates objects and arrays \
                                 (target the object that holds it)",
                                action.target,
                                kind_of(node)
                            )))
                        }
                    }
                }
            }
            Change::Remove => {
                // Deepest and last first, so that removing one node moves no other.
                let mut pointers = pointers;
                pointers.sort_by(|a, b| b.cmp(a));
                for pointer in &pointers {
                    remove(document, pointer);
                }
            }
        }
        Ok(())
    }
}

/// Merges `update` into `target`: members of both that are objects merge, others are replaced.
fn merge(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match (target.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(more)) => merge(inner, more),
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = unescape_segment(last);
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
    }
}

/// The 1-based line of the first line starting with `key` (at any indentation).
fn line_of(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.trim_start().starts_with(key))
        .map(|at| at + 1)
}

/// The 1-based lines the items of the top-level `actions:` list start on (block YAML).
fn action_lines(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|line| line.starts_with("actions:")) else {
        return Vec::new();
    };
    let mut indent = None;
    let mut out = Vec::new();
    for (at, line) in lines.iter().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let width = line.len() - trimmed.len();
        if width == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            let indent = *indent.get_or_insert(width);
            if width == indent {
                out.push(at + 1);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: &str) -> String {
        format!("overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\nactions:\n{actions}")
    }

    #[test]
    fn updates_merge_into_objects_and_append_to_arrays() {
        let text = overlay(
            "  - target: $.info\n    description: d\n    update:\n      version: v1\n  - target: $.tags\n    update:\n      - b\n",
        );
        let overlay = Overlay::parse("o.yaml", &text).unwrap();
        let mut document = json!({ "info": { "title": "x" }, "tags": ["a"] });
        overlay.apply(&mut document).unwrap();
        assert_eq!(
            document,
            json!({ "info": { "title": "x", "version": "v1" }, "tags": ["a", "b"] })
        );
        assert_eq!(overlay.actions[0].line, Some(6));
        assert_eq!(overlay.actions[1].line, Some(10));
    }

    #[test]
    fn remove_drops_every_selected_node() {
        let text = overlay("  - target: $.paths['/a/{id}'].*.security\n    remove: true\n");
        let overlay = Overlay::parse("o.yaml", &text).unwrap();
        let mut document = json!({ "paths": { "/a/{id}": { "get": { "security": [] }, "put": { "security": [], "x": 1 } } } });
        overlay.apply(&mut document).unwrap();
        assert_eq!(
            document,
            json!({ "paths": { "/a/{id}": { "get": {}, "put": { "x": 1 } } } })
        );
    }

    #[test]
    fn a_target_that_selects_nothing_is_an_error_with_its_line() {
        let text =
            overlay("  - target: $.info\n    update: {}\n  - target: $.servers\n    update: []\n");
        let overlay = Overlay::parse("specs/x.overlay.yaml", &text).unwrap();
        let err = overlay
            .apply(&mut json!({ "info": {} }))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "specs/x.overlay.yaml:8: target `$.servers` selects nothing in the imported document"
        );
    }

    #[test]
    fn a_document_that_is_not_overlay_1_0_is_refused() {
        let err = Overlay::parse("o.yaml", "openapi: 3.0.3\ninfo: {}\n").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("o.yaml:1: not an OpenAPI Overlay document"));
        let err = Overlay::parse("o.yaml", "overlay: 2.0.0\ninfo: {title: t}\nactions: []\n")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "o.yaml:1: overlay version 2.0.0: only Overlay 1.0 (`overlay: 1.0.0`) is read"
        );
        let err = Overlay::parse(
            "o.yaml",
            &overlay("  - target: 'paths['\n    remove: true\n"),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("o.yaml:6: `target: paths[` is not an RFC 9535 JSONPath"),
            "{err}"
        );
    }
}
