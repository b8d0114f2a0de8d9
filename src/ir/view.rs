//! The normalised view of a schema: what it is, whichever way OpenAPI spelled it, and the
//! limits and constraints it sets on its value.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::model::{Limits, TypeRef};

/// What a schema is, whichever way OpenAPI spelled it (`type: object`, a bare `properties`, …).
pub(super) struct View<'s> {
    pub typ: Option<&'s str>,
    pub format: Option<String>,
    pub enum_values: Vec<serde_json::Value>,
    pub properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
    pub items: Option<&'s ReferenceOr<Box<Schema>>>,
    pub one_of: &'s [ReferenceOr<Schema>],
    pub any_of: &'s [ReferenceOr<Schema>],
    pub all_of: &'s [ReferenceOr<Schema>],
    pub not: Option<&'s ReferenceOr<Schema>>,
}

pub(super) const KNOWN_TYPES: &[&str] =
    &["string", "number", "integer", "boolean", "object", "array"];

pub(super) fn view(schema: &Schema) -> View<'_> {
    let empty = View {
        typ: None,
        format: None,
        enum_values: Vec::new(),
        properties: None,
        required: &[],
        additional: None,
        items: None,
        one_of: &[],
        any_of: &[],
        all_of: &[],
        not: None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => View {
            typ: Some("string"),
            format: match &string.format {
                VariantOrUnknownOrEmpty::Item(format) => Some(
                    match format {
                        StringFormat::Date => "date",
                        StringFormat::DateTime => "date-time",
                        StringFormat::Password => "password",
                        StringFormat::Byte => "byte",
                        StringFormat::Binary => "binary",
                    }
                    .to_owned(),
                ),
                VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
                VariantOrUnknownOrEmpty::Empty => None,
            },
            enum_values: string
                .enumeration
                .iter()
                .map(|value| match value {
                    Some(text) => serde_json::Value::String(text.clone()),
                    None => serde_json::Value::Null,
                })
                .collect(),
            ..empty
        },
        SchemaKind::Type(Type::Number(number)) => View {
            typ: Some("number"),
            format: match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float".to_owned()),
                VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => Some("double".to_owned()),
                VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
                VariantOrUnknownOrEmpty::Empty => None,
            },
            ..empty
        },
        SchemaKind::Type(Type::Integer(integer)) => View {
            typ: Some("integer"),
            format: match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32".to_owned()),
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64".to_owned()),
                VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
                VariantOrUnknownOrEmpty::Empty => None,
            },
            enum_values: integer
                .enumeration
                .iter()
                .map(|value| value.map_or(serde_json::Value::Null, serde_json::Value::from))
                .collect(),
            ..empty
        },
        SchemaKind::Type(Type::Boolean(_)) => View {
            typ: Some("boolean"),
            ..empty
        },
        SchemaKind::Type(Type::Object(object)) => View {
            typ: Some("object"),
            properties: (!object.properties.is_empty()).then_some(&object.properties),
            required: &object.required,
            additional: object.additional_properties.as_ref(),
            ..empty
        },
        SchemaKind::Type(Type::Array(array)) => View {
            typ: Some("array"),
            items: array.items.as_ref(),
            ..empty
        },
        SchemaKind::OneOf { one_of } => View { one_of, ..empty },
        SchemaKind::AnyOf { any_of } => View { any_of, ..empty },
        SchemaKind::AllOf { all_of } => View { all_of, ..empty },
        SchemaKind::Not { not } => View {
            not: Some(not.as_ref()),
            ..empty
        },
        SchemaKind::Any(any) => View {
            typ: any.typ.as_deref(),
            format: any.format.clone(),
            enum_values: any.enumeration.clone(),
            properties: (!any.properties.is_empty()).then_some(&any.properties),
            required: &any.required,
            additional: any.additional_properties.as_ref(),
            items: any.items.as_ref(),
            one_of: &any.one_of,
            any_of: &any.any_of,
            all_of: &any.all_of,
            not: any.not.as_deref(),
        },
    }
}

pub(super) fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("uuid") => TypeRef::Uuid,
        Some("byte") => TypeRef::Base64Bytes,
        Some(other) => TypeRef::FormattedString(other.to_owned()),
        None => TypeRef::String,
    }
}

/// The limits a schema sets on its value, if any.
pub(super) fn limits_of(schema: &Schema) -> Option<Limits> {
    let mut limits = Limits::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            limits.pattern = string.pattern.clone();
            limits.min_length = string.min_length;
            limits.max_length = string.max_length;
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            limits.minimum = integer.minimum.map(|n| n as f64);
            limits.maximum = integer.maximum.map(|n| n as f64);
            limits.exclusive_minimum = integer.exclusive_minimum;
            limits.exclusive_maximum = integer.exclusive_maximum;
        }
        SchemaKind::Type(Type::Number(number)) => {
            limits.minimum = number.minimum;
            limits.maximum = number.maximum;
            limits.exclusive_minimum = number.exclusive_minimum;
            limits.exclusive_maximum = number.exclusive_maximum;
        }
        SchemaKind::Type(Type::Array(array)) => {
            limits.min_items = array.min_items;
            limits.max_items = array.max_items;
        }
        SchemaKind::Any(any) => {
            limits.pattern = any.pattern.clone();
            limits.min_length = any.min_length;
            limits.max_length = any.max_length;
            limits.minimum = any.minimum;
            limits.maximum = any.maximum;
            limits.exclusive_minimum = any.exclusive_minimum.unwrap_or(false);
            limits.exclusive_maximum = any.exclusive_maximum.unwrap_or(false);
            limits.min_items = any.min_items;
            limits.max_items = any.max_items;
        }
        _ => {}
    }
    (limits != Limits::default()).then_some(limits)
}

/// Whether a schema sets a constraint combinations do not model (`enum` on numbers or
/// booleans, `multipleOf`, `uniqueItems`, `minProperties`/`maxProperties`): such a branch keeps
/// the schema a union rather than being checked loosely.
pub(super) fn unmodelled(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Number(number)) => {
            !number.enumeration.is_empty() || number.multiple_of.is_some()
        }
        SchemaKind::Type(Type::Integer(integer)) => integer.multiple_of.is_some(),
        SchemaKind::Type(Type::Boolean(boolean)) => !boolean.enumeration.is_empty(),
        SchemaKind::Type(Type::Array(array)) => array.unique_items,
        SchemaKind::Type(Type::Object(object)) => {
            object.min_properties.is_some() || object.max_properties.is_some()
        }
        SchemaKind::Any(any) => {
            any.multiple_of.is_some()
                || any.unique_items == Some(true)
                || any.min_properties.is_some()
                || any.max_properties.is_some()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn a_bare_properties_schema_reads_as_an_object() {
        let s = schema("properties: { a: { type: string } }\nrequired: [a]");
        let v = view(&s);
        assert_eq!(v.typ, None);
        assert!(v.properties.is_some_and(|p| p.contains_key("a")));
        assert_eq!(v.required, ["a".to_owned()]);
    }

    #[test]
    fn limits_are_read_whichever_way_the_schema_is_spelled() {
        let typed = schema("type: string\nminLength: 2\npattern: '^a'");
        let limits = limits_of(&typed).expect("limits");
        assert_eq!(limits.min_length, Some(2));
        assert_eq!(limits.pattern.as_deref(), Some("^a"));
        let untyped = schema("maximum: 5\nexclusiveMaximum: true");
        let limits = limits_of(&untyped).expect("limits");
        assert_eq!(
            (limits.maximum, limits.exclusive_maximum),
            (Some(5.0), true)
        );
        assert_eq!(limits_of(&schema("type: string")), None);
    }

    #[test]
    fn string_formats_pick_their_types() {
        assert_eq!(string_type(Some("date-time")), TypeRef::DateTime);
        assert_eq!(string_type(Some("date")), TypeRef::Date);
        assert_eq!(string_type(Some("uuid")), TypeRef::Uuid);
        assert_eq!(string_type(Some("byte")), TypeRef::Base64Bytes);
        // Whether binary is a body's bytes or a file part depends on where it is.
        assert_eq!(
            string_type(Some("binary")),
            TypeRef::FormattedString("binary".to_owned())
        );
        assert_eq!(
            string_type(Some("email")),
            TypeRef::FormattedString("email".to_owned())
        );
        assert_eq!(string_type(None), TypeRef::String);
    }

    #[test]
    fn unmodelled_constraints_are_noticed() {
        assert!(unmodelled(&schema("type: integer\nmultipleOf: 2")));
        assert!(unmodelled(&schema("type: array\nuniqueItems: true")));
        assert!(!unmodelled(&schema("type: string\nenum: [a]")));
    }
}
