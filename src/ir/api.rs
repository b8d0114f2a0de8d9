//! Assembling one API: its schemas, operations and security schemes lowered, the type graph
//! finished, and what `info` and the `x-specforge-*` settings say.

use super::cycles;
use super::examples::example_tests;
use super::model::{Api, DocsStyle, ErrorBody, Origin};
use super::names;
use super::operations::lower_operations;
use super::schemas::Lowerer;
use super::security::lower_security_schemes;
use crate::error::Result;
use crate::spec::{pointer_join, Spec};

/// Lowers one loaded spec into the IR.
pub fn lower(spec: &Spec) -> Result<Api> {
    let doc = &spec.document;
    let mut cx = Lowerer::new(spec);
    cx.lower_components()?;
    let operations = lower_operations(&mut cx)?;
    let security_schemes = lower_security_schemes(spec)?;
    let mut types = cx.types;
    if let Some(def) = cycles::alias_cycle(&types) {
        return Err(spec.error(
            &def.origin.pointer,
            format!(
                "schema \"{}\" refers to itself through $ref alone, so it has no shape to generate",
                def.name.wire
            ),
        ));
    }
    cycles::finish(&mut types, &operations);
    let request_objects = cycles::request_objects(&types, &operations);
    let examples = example_tests(&types, &operations);

    let docs = doc
        .info
        .extensions
        .get("x-specforge-docs")
        .map(|value| DocsStyle {
            style: value
                .get("style")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            model_style: value
                .get("model-style")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
        })
        .unwrap_or_default();
    let error_bodies = lower_error_bodies(spec)?;
    Ok(Api {
        name: spec.name.clone(),
        type_name: names::type_ident(&spec.name),
        models_crate: names::crate_name(&spec.name, "models"),
        server_crate: names::crate_name(&spec.name, "server"),
        server_trait: format!("{}Api", names::type_ident(&spec.name)),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        docs,
        servers: doc
            .servers
            .iter()
            .map(|server| server.url.clone())
            .collect(),
        types,
        operations,
        security_schemes,
        error_bodies,
        request_objects,
        examples,
        origin: Origin::new(&spec.file, ""),
    })
}

/// `x-specforge-server: { errors: { default: {...}, "401": {...} } }` at the document's top.
fn lower_error_bodies(spec: &Spec) -> Result<Vec<ErrorBody>> {
    let Some(server) = spec.document.extensions.get("x-specforge-server") else {
        return Ok(Vec::new());
    };
    let Some(errors) = server.get("errors").and_then(|e| e.as_object()) else {
        return Err(spec.error(
            "/x-specforge-server",
            "expected an `errors` mapping of status (or `default`) to an error body template",
        ));
    };
    errors
        .iter()
        .map(|(key, template)| {
            let status = match key.as_str() {
                "default" => None,
                code => Some(code.parse::<u16>().map_err(|_| {
                    spec.error(
                        &pointer_join("/x-specforge-server/errors", key),
                        format!("expected a status code or `default`, found \"{key}\""),
                    )
                })?),
            };
            Ok(ErrorBody {
                status,
                template: template.clone(),
                origin: Origin::new(&spec.file, &pointer_join("/x-specforge-server/errors", key)),
            })
        })
        .collect()
}
