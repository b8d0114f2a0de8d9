//! Security: the API's schemes, and what each operation requires of them.

use openapiv3::{ReferenceOr, SecurityRequirement, SecurityScheme as SpecScheme};

use super::model::{Origin, ParamLocation, SecurityKind, SecurityScheme, SecurityUse};
use crate::error::Result;
use crate::spec::{pointer_join, Spec};

pub(super) fn security_scheme_keys(spec: &Spec) -> Vec<String> {
    spec.document
        .components
        .as_ref()
        .map(|components| components.security_schemes.keys().cloned().collect())
        .unwrap_or_default()
}

pub(super) fn lower_requirements(
    spec: &Spec,
    requirements: &[SecurityRequirement],
    schemes: &[String],
    pointer: &str,
) -> Result<Vec<Vec<SecurityUse>>> {
    requirements
        .iter()
        .enumerate()
        .map(|(index, requirement)| {
            requirement
                .iter()
                .map(|(key, scopes)| {
                    let scheme = schemes.iter().position(|known| known == key).ok_or_else(|| {
                        spec.error(
                            &format!("{pointer}/security/{index}"),
                            format!("security requirement names \"{key}\", which is not under #/components/securitySchemes"),
                        )
                    })?;
                    Ok(SecurityUse {
                        scheme,
                        scopes: scopes.clone(),
                    })
                })
                .collect()
        })
        .collect()
}

pub(super) fn lower_security_schemes(spec: &Spec) -> Result<Vec<SecurityScheme>> {
    let Some(components) = spec.document.components.as_ref() else {
        return Ok(Vec::new());
    };
    components
        .security_schemes
        .iter()
        .map(|(key, scheme)| {
            let pointer = pointer_join("/components/securitySchemes", key);
            let ReferenceOr::Item(scheme) = scheme else {
                return Err(spec.unsupported(&pointer, "security schemes given as $ref"));
            };
            let (kind, description) = match scheme {
                SpecScheme::HTTP {
                    scheme,
                    bearer_format,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (
                        SecurityKind::Bearer {
                            format: bearer_format.clone(),
                        },
                        description,
                    ),
                    "basic" => (SecurityKind::Basic, description),
                    other => {
                        return Err(spec.unsupported(
                            &format!("{pointer}/scheme"),
                            format!("HTTP authentication scheme \"{other}\" (bearer and basic are supported)"),
                        ))
                    }
                },
                SpecScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    SecurityKind::ApiKey {
                        location: match location {
                            openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                            openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                            openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                        },
                        name: name.clone(),
                    },
                    description,
                ),
                SpecScheme::OAuth2 { description, .. } | SpecScheme::OpenIDConnect { description, .. } => {
                    (SecurityKind::Bearer { format: None }, description)
                }
            };
            Ok(SecurityScheme {
                key: key.clone(),
                kind,
                description: description.clone(),
                origin: Origin::of(spec, &pointer),
            })
        })
        .collect()
}
