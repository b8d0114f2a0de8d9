//! The parts of a document that can be left out on their own when they are broken: an
//! operation, a path item, a webhook, a component. `--skip-invalid` leaves out the part a problem is in
//! (and, in turn, what refers to it) and generates the rest.

use std::fmt;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde_yaml::Value;

use super::pointer::{escape_segment, unescape_segment};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A part of a document that can be left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// `/paths/<path>/<method>`.
    Operation { path: String, method: String },
    /// `/paths/<path>`, where the problem is in what its operations share.
    PathItem { path: String },
    /// `/webhooks/<name>`: a webhook, with all its operations.
    Webhook { name: String },
    /// `/components/<kind>/<name>`.
    Component { kind: String, name: String },
}

impl Part {
    /// The part the node at `pointer` belongs to, if it belongs to one.
    pub fn of(pointer: &str) -> Option<Part> {
        let segments: Vec<String> = pointer
            .strip_prefix('/')?
            .split('/')
            .map(unescape_segment)
            .collect();
        match segments.as_slice() {
            [paths, path, method, ..] if paths == "paths" && METHODS.contains(&method.as_str()) => {
                Some(Part::Operation {
                    path: path.clone(),
                    method: method.clone(),
                })
            }
            [paths, path, ..] if paths == "paths" => Some(Part::PathItem { path: path.clone() }),
            [webhooks, name, ..] if webhooks == "webhooks" => {
                Some(Part::Webhook { name: name.clone() })
            }
            [components, kind, name, ..] if components == "components" => Some(Part::Component {
                kind: kind.clone(),
                name: name.clone(),
            }),
            _ => None,
        }
    }

    /// The `$ref` that names a component (`#/components/schemas/Pet`); `None` for operations,
    /// path items and webhooks, which nothing refers to.
    pub fn reference(&self) -> Option<String> {
        match self {
            Part::Component { kind, name } => Some(format!(
                "#/components/{}/{}",
                escape_segment(kind),
                escape_segment(name)
            )),
            _ => None,
        }
    }

    /// Takes the part out of the document's YAML tree; `false` if it is not there.
    pub fn remove_from_tree(&self, root: &mut Value) -> bool {
        let (parent, key): (Vec<&str>, &str) = match self {
            Part::Operation { path, method } => (vec!["paths", path], method),
            Part::PathItem { path } => (vec!["paths"], path),
            Part::Webhook { name } => (vec!["webhooks"], name),
            Part::Component { kind, name } => (vec!["components", kind], name),
        };
        let mut node = root;
        for segment in parent {
            let Some(next) = node.get_mut(segment) else {
                return false;
            };
            node = next;
        }
        node.as_mapping_mut()
            .and_then(|map| map.remove(key))
            .is_some()
    }

    /// Takes the part out of the parsed document, or out of its `webhooks` (which are read
    /// beside it); `false` if it is not there.
    pub fn remove_from_document(
        &self,
        document: &mut OpenAPI,
        webhooks: &mut IndexMap<String, ReferenceOr<PathItem>>,
    ) -> bool {
        match self {
            Part::Operation { path, method } => {
                let Some(ReferenceOr::Item(item)) = document.paths.paths.get_mut(path) else {
                    return false;
                };
                let slot = match method.as_str() {
                    "get" => &mut item.get,
                    "put" => &mut item.put,
                    "post" => &mut item.post,
                    "delete" => &mut item.delete,
                    "options" => &mut item.options,
                    "head" => &mut item.head,
                    "patch" => &mut item.patch,
                    "trace" => &mut item.trace,
                    _ => return false,
                };
                let removed = slot.take().is_some();
                if item.iter().next().is_none() {
                    document.paths.paths.shift_remove(path);
                }
                removed
            }
            Part::PathItem { path } => document.paths.paths.shift_remove(path).is_some(),
            Part::Webhook { name } => webhooks.shift_remove(name).is_some(),
            Part::Component { kind, name } => {
                let Some(components) = document.components.as_mut() else {
                    return false;
                };
                match kind.as_str() {
                    "schemas" => components.schemas.shift_remove(name).is_some(),
                    "responses" => components.responses.shift_remove(name).is_some(),
                    "parameters" => components.parameters.shift_remove(name).is_some(),
                    "examples" => components.examples.shift_remove(name).is_some(),
                    "requestBodies" => components.request_bodies.shift_remove(name).is_some(),
                    "headers" => components.headers.shift_remove(name).is_some(),
                    "securitySchemes" => components.security_schemes.shift_remove(name).is_some(),
                    "links" => components.links.shift_remove(name).is_some(),
                    "callbacks" => components.callbacks.shift_remove(name).is_some(),
                    _ => false,
                }
            }
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::Operation { path, method } => {
                write!(f, "operation {} {path}", method.to_uppercase())
            }
            Part::PathItem { path } => write!(f, "path {path} (all its operations)"),
            Part::Webhook { name } => write!(f, "webhook {name}"),
            Part::Component { kind, name } => {
                let kind = match kind.as_str() {
                    "schemas" => "schema",
                    "responses" => "response",
                    "parameters" => "parameter",
                    "examples" => "example",
                    "requestBodies" => "request body",
                    "headers" => "header",
                    "securitySchemes" => "security scheme",
                    other => other,
                };
                write!(f, "{kind} {name}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_belongs_to_the_part_it_is_in() {
        assert_eq!(
            Part::of("/paths/~1a~1{id}/put/requestBody/$ref"),
            Some(Part::Operation {
                path: "/a/{id}".into(),
                method: "put".into()
            })
        );
        assert_eq!(
            Part::of("/paths/~1a/parameters/0"),
            Some(Part::PathItem { path: "/a".into() })
        );
        assert_eq!(
            Part::of("/components/schemas/Pet/properties/x"),
            Some(Part::Component {
                kind: "schemas".into(),
                name: "Pet".into()
            })
        );
        assert_eq!(
            Part::of("/webhooks/order~1paid/post/requestBody"),
            Some(Part::Webhook {
                name: "order/paid".into()
            })
        );
        assert_eq!(Part::of("/info/title"), None);
        assert_eq!(
            Part::of("/components/requestBodies/Body").map(|part| part.to_string()),
            Some("request body Body".to_owned())
        );
    }
}
