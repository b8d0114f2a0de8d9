//! The JSON shape a value must have where serde would bend it, with the limits and
//! combinations the spec sets on the way: checked before the value is read into its type
//! (shapes, limits) and after (combinations).

use serde_json::Value;

use super::combinations::Combinations;
use super::limits::Limits;
use super::rejection::Rejection;

/// The JSON shape a body must have where serde would bend it: a derived struct also
/// accepts a JSON array of its fields in order, which the spec does not allow.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Whatever serde checks by itself (scalars, enums, unions, free-form values).
    Any,
    /// An object whose fields are entry `n` of the API's object table.
    Object(usize),
    Array(&'static Shape),
    Map(&'static Shape),
    /// A value with limits the spec sets, and its own shape.
    Limited(&'static Limits, &'static Shape),
    /// An object whose fields must also fit the combinations of a `oneOf`/`anyOf`
    /// that narrows them, and its own shape.
    Combined(&'static Combinations, &'static Shape),
}

/// Per object type: its fields by wire name, and their shapes.
pub type Objects = &'static [&'static [(&'static str, Shape)]];

/// Checks that every place the schema wants an object holds an object (or `null`,
/// which serde judges against nullability), and every value its limits.
pub fn check_shape(
    value: &Value,
    shape: Shape,
    objects: Objects,
    path: &mut String,
) -> Result<(), Rejection> {
    walk(value, shape, objects, path, Pass::Shapes)
}

/// Checks the combinations (`oneOf`/`anyOf` rules) of every object that has them. Run
/// after the value has been read into its type, so that a wrong field is named by the
/// type's own message first.
pub fn check_combinations(
    value: &Value,
    shape: Shape,
    objects: Objects,
    path: &mut String,
) -> Result<(), Rejection> {
    walk(value, shape, objects, path, Pass::Combinations)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Shapes,
    Combinations,
}

fn walk(
    value: &Value,
    shape: Shape,
    objects: Objects,
    path: &mut String,
    pass: Pass,
) -> Result<(), Rejection> {
    match (shape, value) {
        (_, Value::Null) | (Shape::Any, _) => Ok(()),
        (Shape::Limited(limits, inner), _) => {
            let problem = match pass {
                Pass::Shapes => limits.violation(value),
                Pass::Combinations => None,
            };
            if let Some(problem) = problem {
                return Err(invalid_at(path, &problem));
            }
            walk(value, *inner, objects, path, pass)
        }
        (Shape::Combined(combinations, inner), _) => {
            walk(value, *inner, objects, path, pass)?;
            let problem = match value {
                Value::Object(members) if pass == Pass::Combinations => {
                    combinations.violation(members)
                }
                _ => None,
            };
            match problem {
                Some(problem) => Err(invalid_at(path, &problem)),
                None => Ok(()),
            }
        }
        (Shape::Object(index), Value::Object(members)) => {
            let fields = objects.get(index).copied().unwrap_or_default();
            for (name, member) in members {
                let Some((_, inner)) = fields.iter().find(|(field, _)| field == name) else {
                    continue;
                };
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                let result = walk(member, *inner, objects, path, pass);
                path.truncate(len);
                result?;
            }
            Ok(())
        }
        (Shape::Array(inner), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{index}]"));
                let result = walk(item, *inner, objects, path, pass);
                path.truncate(len);
                result?;
            }
            Ok(())
        }
        (Shape::Map(inner), Value::Object(members)) => {
            for (name, member) in members {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                let result = walk(member, *inner, objects, path, pass);
                path.truncate(len);
                result?;
            }
            Ok(())
        }
        (expected, found) => {
            let expected = match expected {
                Shape::Object(_) | Shape::Map(_) => "an object",
                Shape::Array(_) => "an array",
                Shape::Any | Shape::Limited(..) | Shape::Combined(..) => "a value",
            };
            let found = match found {
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::String(_) => "a string",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
                Value::Null => "null",
            };
            Err(invalid_at(
                path,
                &format!("expected {expected}, found {found}"),
            ))
        }
    }
}

/// A 400 naming the field at `path` (the body itself when `path` is empty) and what is
/// wrong with it.
fn invalid_at(path: &str, problem: &str) -> Rejection {
    match path {
        "" => Rejection::invalid(None, format!("invalid body: {problem}")),
        field => Rejection::invalid(
            Some(field.to_owned()),
            format!("invalid field `{field}`: {problem}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{check_shape, Limits, Objects, Shape};

    const HANDLE: Limits = Limits {
        min_length: Some(3),
        ..Limits::NONE
    };
    /// A team whose members (object 1) each have a handle of at least three characters.
    const TEAM: Objects = &[
        &[("members", Shape::Array(&Shape::Object(1)))],
        &[("handle", Shape::Limited(&HANDLE, &Shape::Any))],
    ];

    /// The field named and the message, or `None` when the body passes.
    fn problem(body: serde_json::Value) -> Option<(Option<String>, String)> {
        check_shape(&body, Shape::Object(0), TEAM, &mut String::new())
            .err()
            .map(|rejection| (rejection.field, rejection.message))
    }

    #[test]
    fn a_field_deep_in_a_body_is_named_by_its_path() {
        assert_eq!(problem(json!({"members": [{"handle": "ada"}]})), None);
        assert_eq!(
            problem(json!({"members": [{"handle": "ada"}, {"handle": "x"}]})),
            Some((
                Some("members[1].handle".to_owned()),
                "invalid field `members[1].handle`: expected at least 3 characters, found 1"
                    .to_owned()
            ))
        );
        assert_eq!(
            problem(json!({"members": [["ada"]]})),
            Some((
                Some("members[0]".to_owned()),
                "invalid field `members[0]`: expected an object, found an array".to_owned()
            ))
        );
    }
}
