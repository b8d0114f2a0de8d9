//! Assembling one API: its schemas, operations and security schemes lowered, the type graph
//! finished, and what `info` and the `x-specforge-*` settings say.

use super::cycles;
use super::examples::example_tests;
use super::model::{Api, DocsStyle, ErrorBody, Name, Origin};
use super::names;
use super::operations::lower_operations;
use super::same;
use super::schemas::Lowerer;
use super::security::lower_security_schemes;
use super::settings::Settings;
use super::webhooks::lower_webhooks;
use crate::error::{Error, Result};
use crate::spec::units::Part;
use crate::spec::{pointer_join, Skipped, Spec};

/// At most this many broken parts are left out before a document is given up on.
const MOST_PROBLEMS: usize = 200;

/// Most times [`leave_out_invalid`] lowers the document: each part left out, a problem or a part
/// that refers to one, costs a lowering of the whole document, so a long chain of schemas each
/// referring to the next broken one would cost as many.
const MOST_ROUNDS: usize = 250;

/// Lowers one loaded spec into the IR.
///
/// A problem in one operation or component does not hide the others: see
/// [`leave_out_invalid`]. Without `skip_invalid` a broken document is an error listing every
/// problem found; with it, the API without the broken parts, and [`Api::skipped`] says what
/// was left out and why.
pub fn lower(spec: &Spec) -> Result<Api> {
    lower_with(spec, &Settings::default())
}

/// [`lower`], with the settings a configuration gives the API.
pub fn lower_with(spec: &Spec, settings: &Settings) -> Result<Api> {
    match lower_whole(spec, settings) {
        Ok(mut api) => {
            api.skipped = spec.skipped.clone();
            Ok(api)
        }
        Err(_) => {
            let mut pruned = spec.clone();
            leave_out_invalid_with(&mut pruned, settings)?;
            let mut api = lower_whole(&pruned, settings)?;
            api.skipped = pruned.skipped;
            Ok(api)
        }
    }
}

/// Lowers the document, and while that fails, leaves out the operation, path item, webhook or
/// component the problem is in and tries again, so that every problem is found in one run.
/// With `skip_invalid` the spec keeps the parts that lower (each one left out is added to
/// [`Spec::skipped`]); without it, any problem is an error listing them all. A problem in no
/// such part (in `info`, say) ends the search.
pub fn leave_out_invalid(spec: &mut Spec) -> Result<()> {
    leave_out_invalid_with(spec, &Settings::default())
}

/// [`leave_out_invalid`], lowering with the settings a configuration gives the API.
pub fn leave_out_invalid_with(spec: &mut Spec, settings: &Settings) -> Result<()> {
    let mut problems = Vec::new();
    // The components left out, as the `$ref` that names each: a part that fails only because
    // it refers to one is a consequence, not a problem of its own.
    let mut left_out: Vec<(Part, String)> = Vec::new();
    let mut rounds = 0;
    while let Err(err) = lower_whole(spec, settings) {
        rounds += 1;
        let part = err.pointer().and_then(Part::of);
        let removed = part
            .as_ref()
            .is_some_and(|part| part.remove_from_document(&mut spec.document, &mut spec.webhooks));
        let more = problems.len() < MOST_PROBLEMS && rounds < MOST_ROUNDS;
        let Some(part) = part.filter(|_| removed && more) else {
            problems.push(err);
            return Err(Error::several(problems));
        };
        let message = err.to_string();
        let cause = left_out
            .iter()
            .find(|(_, reference)| message.contains(&format!("\"{reference}\"")));
        let reason = match cause {
            Some((cause, _)) => format!("it refers to {cause}, which is left out"),
            None => {
                problems.push(err);
                message
            }
        };
        if let Some(reference) = part.reference() {
            left_out.push((part.clone(), reference));
        }
        spec.skipped.push(Skipped {
            what: part.to_string(),
            reason,
        });
    }
    if spec.skip_invalid || problems.is_empty() {
        Ok(())
    } else {
        Err(Error::several(problems))
    }
}

/// Lowers the whole document, failing at its first problem.
fn lower_whole(spec: &Spec, settings: &Settings) -> Result<Api> {
    let doc = &spec.document;
    let mut cx = Lowerer::new(spec, settings);
    cx.lower_components()?;
    let operations = lower_operations(&mut cx)?;
    let (webhooks, webhook_type) = lower_webhooks(&mut cx)?;
    let security_schemes = lower_security_schemes(spec)?;
    let mut types = cx.types;
    if let Some(def) = cycles::alias_cycle(&types) {
        return Err(spec.error(
            &def.origin.node,
            format!(
                "schema \"{}\" refers to itself through $ref alone, so it has no shape to generate",
                def.name.wire
            ),
        ));
    }
    cycles::finish(&mut types, &operations, &webhooks);
    // Three passes that read the finished types, side by side; none reads what the first sets.
    let (repeats, (request_objects, examples)) = rayon::join(
        || same::repeats(&types),
        || {
            rayon::join(
                || cycles::request_objects(&types, &operations),
                || example_tests(&types, &operations, &webhooks),
            )
        },
    );
    for (def, same) in types.iter_mut().zip(repeats) {
        def.same_as = same;
    }

    let mut docs = doc
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
    if let Some(style) = &settings.docs_style {
        docs.style = Some(style.clone());
    }
    if let Some(style) = &settings.model_docs_style {
        docs.model_style = Some(style.clone());
    }
    let crate_name = |given: &Option<String>, suffix: &str| match given {
        Some(package) => Name {
            wire: package.clone(),
            rust: package.replace('-', "_"),
        },
        None => names::crate_name(&spec.name, suffix),
    };
    let mut package = super::package::Package::new(
        &doc.info.version,
        spec.license_identifier.as_deref(),
        doc.info
            .license
            .as_ref()
            .map(|license| license.name.as_str()),
        doc.info.description.as_deref(),
    );
    package.set_homepage([
        doc.info
            .contact
            .as_ref()
            .and_then(|contact| contact.url.as_deref()),
        doc.external_docs.as_ref().map(|docs| docs.url.as_str()),
    ]);
    if let Some(version) = &settings.version {
        package.set_version(version, &doc.info.version);
    }
    let error_bodies = lower_error_bodies(spec)?;
    Ok(Api {
        name: spec.name.clone(),
        type_name: names::type_ident(&spec.name),
        models_crate: crate_name(&settings.models_crate, "models"),
        server_crate: crate_name(&settings.server_crate, "server"),
        server_trait: format!("{}Api", names::type_ident(&spec.name)),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        package,
        docs,
        servers: doc
            .servers
            .iter()
            .map(|server| server.url.clone())
            .collect(),
        types,
        operations,
        webhooks,
        webhook_type,
        security_schemes,
        error_bodies,
        request_objects,
        examples,
        skipped: Vec::new(),
        derives: settings.derives.clone(),
        dependencies: settings.dependencies.clone(),
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
