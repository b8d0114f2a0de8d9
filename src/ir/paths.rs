//! Path templates: `/tokens/{id}` must be one a router can match.

use openapiv3::Parameter as SpecParameter;

use crate::error::Result;
use crate::spec::Spec;

/// The path template must be one a router can match: `{name}` segments with non-empty names,
/// each declared as a path parameter, and every path parameter in the template.
pub(super) fn check_path_template(
    spec: &Spec,
    path: &str,
    pointer: &str,
    parameters: &[(&SpecParameter, String)],
) -> Result<()> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(spec.error(
                pointer,
                format!("path \"{path}\" has a `{{` without its `}}`"),
            ));
        };
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(spec.error(
                pointer,
                format!("path \"{path}\" has an empty or nested parameter name"),
            ));
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(spec.error(
            pointer,
            format!("path \"{path}\" has a `}}` without its `{{`"),
        ));
    }
    for name in &names {
        let declared = parameters.iter().any(|(parameter, _)| {
            matches!(parameter, SpecParameter::Path { .. })
                && parameter.parameter_data_ref().name == *name
        });
        if !declared {
            return Err(spec.error(
                pointer,
                format!("path parameter `{name}` of \"{path}\" is not declared (`in: path`)"),
            ));
        }
    }
    for (parameter, parameter_pointer) in parameters {
        let name = &parameter.parameter_data_ref().name;
        if matches!(parameter, SpecParameter::Path { .. }) && !names.contains(&name.as_str()) {
            return Err(spec.error(
                parameter_pointer,
                format!("path parameter `{name}` does not appear in \"{path}\""),
            ));
        }
    }
    Ok(())
}
