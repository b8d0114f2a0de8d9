//! Reading the OpenAPI model from the normalised tree on every core. openapiv3's `OpenAPI`,
//! `Paths` and `Components` each flatten their extensions, so serde reads each of them by
//! first copying the whole object into its own buffer: the document is copied once at the top,
//! its paths and components once more, and all of it on one thread. Here the entries of
//! `paths` and of each map of `components` are read one by one, on every core, and the rest
//! of the document (without those two objects) is read as before.
//!
//! The result is the model the whole document reads as: an entry is read from the same tree
//! node, keys are taken as openapiv3 takes them (a path starts with `/`, an extension with
//! `x-`, anything else is ignored), and the entries keep their order. Where the fast reading
//! cannot promise that (a key that is not a string, a map that is not a mapping) or any entry
//! fails to read, it gives up, and the caller reads the whole document, which finds the error
//! and says where.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Paths};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

/// The document read in parts, or `None` where it must be read whole, and then `raw` is as it
/// was. Once read, `raw` is left without its paths and components.
pub(super) fn read_in_parts(raw: &mut Value) -> Option<OpenAPI> {
    let top = raw.as_mapping_mut()?;
    let paths = std::mem::replace(top.get_mut("paths")?, Value::Mapping(Mapping::new()));
    let components = top
        .get_mut("components")
        .map(|node| std::mem::replace(node, Value::Null));
    let (rest, (paths_read, components_read)) = rayon::join(
        || OpenAPI::deserialize(&*raw).ok(),
        || {
            rayon::join(
                || read_paths(&paths),
                || match &components {
                    None | Some(Value::Null) => None,
                    Some(node) => Some(read_components(node)),
                },
            )
        },
    );
    let read = (|| {
        let mut document = rest?;
        document.paths = paths_read?;
        if let Some(components) = components_read {
            document.components = Some(components?);
        }
        Some(document)
    })();
    if read.is_some() {
        // The two large trees are freed on both cores.
        rayon::join(|| drop(paths), || drop(components));
    } else {
        // Everything back in its place, for the whole reading.
        let top = raw.as_mapping_mut()?;
        if let Some(node) = top.get_mut("paths") {
            *node = paths;
        }
        if let (Some(node), Some(components)) = (top.get_mut("components"), components) {
            *node = components;
        }
    }
    read
}

/// `paths`: each path item (a key starting with `/`) and each extension (`x-`), in order.
fn read_paths(node: &Value) -> Option<Paths> {
    let map = node.as_mapping()?;
    let (paths, extensions) = rayon::join(
        || read_entries(map, |key| key.starts_with('/')),
        || read_entries(map, |key| key.starts_with("x-")),
    );
    Some(Paths {
        paths: paths?,
        extensions: extensions?,
    })
}

/// `components`: each of its maps read entry by entry, and its extensions; `None` if it is not
/// a mapping, or a key of it is not a string.
fn read_components(node: &Value) -> Option<Components> {
    let map = node.as_mapping()?;
    if map.keys().any(|key| !key.is_string()) {
        return None;
    }
    // A map that is not a mapping (`schemas: null` is an error) is left to the whole reading,
    // which says so.
    let field = |name: &str| -> Option<&Mapping> {
        match map.get(name) {
            None => Some(empty()),
            Some(Value::Mapping(entries)) => Some(entries),
            Some(_) => None,
        }
    };
    let (schemas, responses, parameters, examples, request_bodies) = (
        field("schemas")?,
        field("responses")?,
        field("parameters")?,
        field("examples")?,
        field("requestBodies")?,
    );
    let (headers, security_schemes, links, callbacks) = (
        field("headers")?,
        field("securitySchemes")?,
        field("links")?,
        field("callbacks")?,
    );
    let every = |_: &str| true;
    let ((schemas, responses), ((parameters, request_bodies), rest)) = rayon::join(
        || {
            rayon::join(
                || read_entries(schemas, every),
                || read_entries(responses, every),
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || read_entries(parameters, every),
                        || read_entries(request_bodies, every),
                    )
                },
                || {
                    (
                        read_entries(examples, every),
                        read_entries(headers, every),
                        read_entries(security_schemes, every),
                        read_entries(links, every),
                        read_entries(callbacks, every),
                        read_entries(map, |key| key.starts_with("x-")),
                    )
                },
            )
        },
    );
    let (examples, headers, security_schemes, links, callbacks, extensions) = rest;
    Some(Components {
        schemas: schemas?,
        responses: responses?,
        parameters: parameters?,
        examples: examples?,
        request_bodies: request_bodies?,
        headers: headers?,
        security_schemes: security_schemes?,
        links: links?,
        callbacks: callbacks?,
        extensions: extensions?,
    })
}

/// An empty mapping, for a field of `components` the document does not write.
fn empty() -> &'static Mapping {
    static EMPTY: std::sync::OnceLock<Mapping> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Mapping::new)
}

/// The entries of `map` whose keys `keep`, each read as a `T` on whichever core is free, in
/// the map's order; `None` if a key is not a string or an entry does not read.
fn read_entries<T>(map: &Mapping, keep: impl Fn(&str) -> bool + Sync) -> Option<IndexMap<String, T>>
where
    T: DeserializeOwned + Send,
{
    let kept: Vec<(&str, &Value)> = map
        .iter()
        .map(|(key, value)| Some((key.as_str()?, value)))
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .filter(|(key, _)| keep(key))
        .collect();
    let read: Option<Vec<(String, T)>> = kept
        .into_par_iter()
        .map(|(key, value)| Some((key.to_owned(), T::deserialize(value).ok()?)))
        .collect();
    Some(read?.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` in parts and whole, and checks both give the same model.
    fn same_both_ways(text: &str) -> Option<OpenAPI> {
        let mut raw: Value = serde_yaml::from_str(text).expect("test YAML parses");
        let before = raw.clone();
        let parts = read_in_parts(&mut raw);
        if parts.is_none() {
            assert_eq!(raw, before, "the tree is put back as it was");
        }
        let whole = OpenAPI::deserialize(&before).ok();
        if let Some(parts) = &parts {
            assert_eq!(Some(parts), whole.as_ref());
        }
        parts
    }

    #[test]
    fn paths_components_and_extensions_read_as_the_whole_document_reads() {
        let document = same_both_ways(
            r##"
openapi: 3.0.3
info: {title: T, version: "1", x-logo: {url: "https://example.com/logo.png"}}
x-top: [1, 2.5, null, {a: true}]
paths:
  x-paths-note: {kept: yes}
  not-a-path: {get: {responses: {"200": {description: ignored}}}}
  /b:
    get:
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/B"}}}}
  /a:
    $ref: "#/components/pathItems/A"
components:
  x-components-note: 3
  unknownField: {ignored: true}
  schemas:
    B: {type: object, properties: {id: {type: integer, format: int64}}}
    A: {$ref: "#/components/schemas/B"}
  responses:
    NotFound: {description: Not found}
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
"##,
        )
        .expect("reads in parts");
        let paths: Vec<&String> = document.paths.paths.keys().collect();
        assert_eq!(paths, ["/b", "/a"]);
        assert!(document.paths.extensions.contains_key("x-paths-note"));
        let components = document.components.expect("components");
        let schemas: Vec<&String> = components.schemas.keys().collect();
        assert_eq!(schemas, ["B", "A"]);
        assert!(components.extensions.contains_key("x-components-note"));
        assert_eq!(document.extensions.len(), 1);
    }

    #[test]
    fn what_the_parts_cannot_promise_is_left_to_the_whole_reading() {
        // A path item that does not read, a map of components that is not a mapping, and a
        // key that is not a string.
        for text in [
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {/a: {get: 7}}\n",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: null}\n",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {1: {}}\n",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: []\n",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n",
        ] {
            assert_eq!(same_both_ways(text), None, "{text}");
        }
    }

    #[test]
    fn no_components_and_null_components_read_as_none() {
        for text in [
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: null\n",
        ] {
            let document = same_both_ways(text).expect("reads in parts");
            assert_eq!(document.components, None, "{text}");
        }
    }
}
