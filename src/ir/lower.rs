//! Lowering schemas: every component and inline schema becomes a [`TypeRef`], and every object,
//! enum and union among them a named [`TypeDef`].

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::access::{self, schema_ref_name, AsSchema, Usage};
use super::names::{self, Name, Scope};
use super::{
    Access, Allowed, Api, Combination, Combinations, DocsStyle, Enum, EnumVariant, Field,
    FloatWidth, IntWidth, JsonKind, Origin, Presence, Struct, TypeDef, TypeId, TypeKind, TypeRef,
    Union, UnionVariant,
};
use crate::error::Result;
use crate::spec::{escape_segment, Spec};

pub(super) fn lower_api(spec: &Spec) -> Result<Api> {
    let doc = &spec.document;
    let mut cx = Lowerer {
        spec,
        doc,
        usage: access::analyse(doc),
        types: Vec::new(),
        type_names: Scope::camel(),
        components: IndexMap::new(),
        partials: std::collections::HashMap::new(),
    };
    cx.plan_components();
    cx.lower_components()?;
    let operations = super::operations::lower_operations(&mut cx)?;
    let security_schemes = super::operations::lower_security_schemes(spec)?;
    let mut types = cx.types;
    if let Some(def) = super::cycles::alias_cycle(&types) {
        return Err(spec.error(
            &def.origin.pointer,
            format!(
                "schema \"{}\" refers to itself through $ref alone, so it has no shape to generate",
                def.name.wire
            ),
        ));
    }
    super::cycles::finish(&mut types, &operations);

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
        origin: Origin {
            file: spec.file.clone(),
            pointer: String::new(),
        },
    })
}

/// `x-specforge-server: { errors: { default: {...}, "401": {...} } }` at the document's top.
fn lower_error_bodies(spec: &Spec) -> Result<Vec<super::ErrorBody>> {
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
            Ok(super::ErrorBody {
                status,
                template: template.clone(),
                origin: Origin {
                    file: spec.file.clone(),
                    pointer: pointer_join("/x-specforge-server/errors", key),
                },
            })
        })
        .collect()
}

/// The type ids a component schema lowers to: one per side when its sides differ.
#[derive(Debug, Default, Clone, Copy)]
struct ComponentIds {
    request: Option<TypeId>,
    response: Option<TypeId>,
    both: Option<TypeId>,
}

impl ComponentIds {
    fn for_access(self, access: Access) -> Option<TypeId> {
        match access {
            Access::Request => self.request.or(self.both).or(self.response),
            Access::Response => self.response.or(self.both).or(self.request),
            Access::Both => self.both.or(self.response).or(self.request),
        }
    }
}

/// A lowered schema use: its type, and whether `null` is allowed.
#[derive(Debug, Clone)]
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

pub(super) struct Lowerer<'a> {
    pub spec: &'a Spec,
    pub doc: &'a OpenAPI,
    usage: Usage,
    pub types: Vec<TypeDef>,
    type_names: Scope,
    components: IndexMap<String, ComponentIds>,
    /// Partial-update copies of types, by the type they copy.
    partials: std::collections::HashMap<TypeId, TypeId>,
}

/// What a schema is, whichever way OpenAPI spelled it (`type: object`, a bare `properties`, …).
struct View<'s> {
    typ: Option<&'s str>,
    format: Option<String>,
    enum_values: Vec<serde_json::Value>,
    properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    items: Option<&'s ReferenceOr<Box<Schema>>>,
    one_of: &'s [ReferenceOr<Schema>],
    any_of: &'s [ReferenceOr<Schema>],
    all_of: &'s [ReferenceOr<Schema>],
    not: bool,
}

const KNOWN_TYPES: &[&str] = &["string", "number", "integer", "boolean", "object", "array"];

fn view(schema: &Schema) -> View<'_> {
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
        not: false,
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
        SchemaKind::Not { .. } => View { not: true, ..empty },
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
            not: any.not.is_some(),
        },
    }
}

/// What a schema lowers to, before any type is created for it.
enum Shape<'s> {
    Plain(TypeRef),
    Array(Option<&'s ReferenceOr<Box<Schema>>>),
    Map(Option<&'s ReferenceOr<Schema>>),
    /// A single-element `allOf`/`oneOf`/`anyOf`: the element, with the wrapper's flags.
    Transparent(&'s ReferenceOr<Schema>),
    /// An object, with the combinations its `oneOf`/`anyOf` puts on its fields, if any.
    Object(Option<Combinations>),
    AllOf,
    Union {
        any_of: bool,
    },
    Enum(Vec<String>),
}

pub(super) fn pointer_join(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape_segment(segment))
}

impl<'a> Lowerer<'a> {
    pub fn origin(&self, pointer: &str) -> Origin {
        Origin {
            file: self.spec.file.clone(),
            pointer: pointer.to_owned(),
        }
    }

    /// Claims names for every component schema (both sides of split ones) before anything
    /// inline is named, so that inline types never take a component's name.
    fn plan_components(&mut self) {
        let Some(components) = self.doc.components.as_ref() else {
            return;
        };
        let mut split = Vec::new();
        for name in components.schemas.keys() {
            let sensitive = self.usage.sensitive.contains(name);
            let request = self.usage.request.contains(name);
            let response = self.usage.response.contains(name);
            let pointer = pointer_join("/components/schemas", name);
            let mut ids = ComponentIds::default();
            let access = match (sensitive, request, response) {
                (true, true, true) => {
                    split.push(name.clone());
                    Access::Response
                }
                (true, true, false) => Access::Request,
                (true, false, true) => Access::Response,
                _ => Access::Both,
            };
            let id = self.reserve_type(name, &names::type_ident(name), access, &pointer);
            match access {
                Access::Request => ids.request = Some(id),
                Access::Response => ids.response = Some(id),
                Access::Both => ids.both = Some(id),
            }
            self.components.insert(name.clone(), ids);
        }
        for name in split {
            let pointer = pointer_join("/components/schemas", &name);
            let ident = format!("{}Request", names::type_ident(&name));
            let id = self.reserve_type(&name, &ident, Access::Request, &pointer);
            if let Some(ids) = self.components.get_mut(&name) {
                ids.request = Some(id);
            }
        }
    }

    fn reserve_type(&mut self, wire: &str, ident: &str, access: Access, pointer: &str) -> TypeId {
        let rust = self.type_names.claim(ident.to_owned());
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: Name {
                wire: wire.to_owned(),
                rust,
            },
            title: None,
            description: None,
            access,
            in_response: false,
            in_request: false,
            kind: TypeKind::Alias(TypeRef::Json),
            example: None,
            origin: self.origin(pointer),
        });
        id
    }

    /// Claims a name for a type the IR makes up (parameter structs, response enums).
    pub fn claim_type_name(&mut self, ident: &str) -> String {
        self.type_names.claim(ident.to_owned())
    }

    /// Adds a type the IR makes up, under an already claimed name.
    pub fn push_type(&mut self, def: TypeDef) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(def);
        id
    }

    fn lower_components(&mut self) -> Result<()> {
        let Some(components) = self.doc.components.as_ref() else {
            return Ok(());
        };
        let planned: Vec<(String, ComponentIds)> = self
            .components
            .iter()
            .map(|(name, ids)| (name.clone(), *ids))
            .collect();
        for (name, ids) in planned {
            let pointer = pointer_join("/components/schemas", &name);
            let Some(schema) = components.schemas.get(&name) else {
                continue;
            };
            for id in [ids.request, ids.response, ids.both].into_iter().flatten() {
                let access = self.types[id.0].access;
                match schema {
                    ReferenceOr::Item(schema) => {
                        self.types[id.0].title = schema.schema_data.title.clone();
                        self.types[id.0].description = schema.schema_data.description.clone();
                        self.types[id.0].example = schema.schema_data.example.clone();
                        let kind = self.kind_of(schema, id, access, &pointer)?;
                        self.types[id.0].kind = kind;
                    }
                    ReferenceOr::Reference { .. } => {
                        let lowered = self.lower_schema(schema, "", access, &pointer)?;
                        self.types[id.0].kind = TypeKind::Alias(lowered.ty);
                    }
                }
            }
        }
        Ok(())
    }

    /// The partial-update form of a body type: for an object, a copy named `…Patch` whose
    /// fields are all optional and carry no default (absent means "leave unchanged"); any
    /// other type is its own partial form. Made once per type.
    pub fn partial_of(&mut self, ty: TypeRef) -> TypeRef {
        let TypeRef::Named(id) = ty else {
            return ty;
        };
        if let Some(existing) = self.partials.get(&id) {
            return TypeRef::Named(*existing);
        }
        let mut def = self.types[id.0].clone();
        let TypeKind::Struct(s) = &mut def.kind else {
            return ty;
        };
        // Absent means unchanged, so no combination may require a field, and a patch that
        // sends only some fields may fit several combinations: at least one must hold.
        if let Some(combinations) = &mut s.combinations {
            combinations.exactly_one = false;
            for branch in &mut combinations.branches {
                branch.required.clear();
                branch.summary = combination_summary(&branch.fields, &[]);
            }
        }
        for field in &mut s.fields {
            field.presence.required = false;
            field.default = None;
            field.default_fn = None;
            field.spec_default = None;
        }
        let note =
            "Partial update: every field is optional, and an absent field is left unchanged.";
        let base = if def.name.wire.is_empty() {
            def.name.rust.clone()
        } else {
            names::type_ident(&def.name.wire)
        };
        def.name.rust = self.type_names.claim(format!("{base}Patch"));
        def.description = Some(match def.description.take() {
            Some(text) => format!("{text}\n\n{note}"),
            None => note.to_owned(),
        });
        let partial = self.push_type(def);
        self.partials.insert(id, partial);
        TypeRef::Named(partial)
    }

    /// Looks up a `$ref` to a component schema.
    fn resolve_ref(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&'a str, &'a ReferenceOr<Schema>)> {
        let doc = self.doc;
        let found = schema_ref_name(reference).and_then(|name| {
            doc.components
                .as_ref()?
                .schemas
                .get_full(name)
                .map(|(_, key, schema)| (key.as_str(), schema))
        });
        found.ok_or_else(|| {
            self.spec.error(
                &format!("{pointer}/$ref"),
                format!("expected a reference to a schema under #/components/schemas, found \"{reference}\""),
            )
        })
    }

    /// Lowers a schema use. `base` names any type made for an inline schema.
    pub fn lower_schema<S: AsSchema>(
        &mut self,
        schema: &ReferenceOr<S>,
        base: &str,
        access: Access,
        pointer: &str,
    ) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let (name, target) = self.resolve_ref(reference, pointer)?;
                let id = self
                    .components
                    .get(name)
                    .and_then(|ids| ids.for_access(access))
                    .ok_or_else(|| {
                        self.spec
                            .error(pointer, format!("unresolved schema \"{reference}\""))
                    })?;
                let nullable = match target {
                    ReferenceOr::Item(target) => target.schema_data.nullable,
                    ReferenceOr::Reference { .. } => false,
                };
                Ok(Lowered {
                    ty: TypeRef::Named(id),
                    nullable,
                })
            }
            ReferenceOr::Item(schema) => {
                self.lower_inline(schema.as_schema(), base, access, pointer)
            }
        }
    }

    fn lower_inline(
        &mut self,
        schema: &Schema,
        base: &str,
        access: Access,
        pointer: &str,
    ) -> Result<Lowered> {
        let nullable = schema.schema_data.nullable;
        let ty = match self.shape(schema, pointer)? {
            Shape::Plain(ty) => ty,
            Shape::Array(items) => {
                TypeRef::Array(Box::new(self.lower_items(items, base, access, pointer)?))
            }
            Shape::Map(values) => TypeRef::Map(Box::new(match values {
                Some(values) => {
                    self.lower_schema(
                        values,
                        &format!("{base}Value"),
                        access,
                        &format!("{pointer}/additionalProperties"),
                    )?
                    .ty
                }
                None => TypeRef::Json,
            })),
            Shape::Transparent(inner) => {
                let lowered =
                    self.lower_schema(inner, base, access, &transparent_pointer(schema, pointer))?;
                return Ok(Lowered {
                    ty: lowered.ty,
                    nullable: nullable || lowered.nullable,
                });
            }
            Shape::Object(_) | Shape::AllOf | Shape::Union { .. } | Shape::Enum(_) => {
                let ident = if base.is_empty() {
                    "Inline".to_owned()
                } else {
                    base.to_owned()
                };
                let id = self.reserve_type("", &ident, access, pointer);
                self.types[id.0].title = schema.schema_data.title.clone();
                self.types[id.0].description = schema.schema_data.description.clone();
                self.types[id.0].example = schema.schema_data.example.clone();
                let kind = self.kind_of(schema, id, access, pointer)?;
                self.types[id.0].kind = kind;
                TypeRef::Named(id)
            }
        };
        Ok(Lowered { ty, nullable })
    }

    fn lower_items(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        base: &str,
        access: Access,
        pointer: &str,
    ) -> Result<TypeRef> {
        match items {
            Some(items) => Ok(self
                .lower_schema(
                    items,
                    &format!("{base}Item"),
                    access,
                    &format!("{pointer}/items"),
                )?
                .ty),
            None => Ok(TypeRef::Json),
        }
    }

    /// The definition of a named type made from `schema`.
    fn kind_of(
        &mut self,
        schema: &Schema,
        id: TypeId,
        access: Access,
        pointer: &str,
    ) -> Result<TypeKind> {
        let owner = self.types[id.0].name.rust.clone();
        Ok(match self.shape(schema, pointer)? {
            Shape::Plain(ty) => TypeKind::Alias(ty),
            Shape::Array(items) => TypeKind::Alias(TypeRef::Array(Box::new(
                self.lower_items(items, &owner, access, pointer)?,
            ))),
            Shape::Map(values) => TypeKind::Alias(TypeRef::Map(Box::new(match values {
                Some(values) => {
                    self.lower_schema(
                        values,
                        &format!("{owner}Value"),
                        access,
                        &format!("{pointer}/additionalProperties"),
                    )?
                    .ty
                }
                None => TypeRef::Json,
            }))),
            Shape::Transparent(inner) => TypeKind::Alias(
                self.lower_schema(inner, &owner, access, &transparent_pointer(schema, pointer))?
                    .ty,
            ),
            Shape::Enum(values) => TypeKind::Enum(Enum {
                variants: enum_variants(&values, &self.origin(&format!("{pointer}/enum"))),
                unknown: None,
            }),
            Shape::Object(combinations) => {
                let v = view(schema);
                let properties: Vec<PropertyUse<'_>> = v
                    .properties
                    .into_iter()
                    .flatten()
                    .map(|(name, property)| PropertyUse {
                        name: name.clone(),
                        schema: property,
                        pointer: pointer_join(&format!("{pointer}/properties"), name),
                    })
                    .collect();
                let required: BTreeSet<String> = v.required.iter().cloned().collect();
                let mut kind = self.lower_struct(
                    &owner,
                    &properties,
                    &required,
                    v.additional,
                    access,
                    pointer,
                )?;
                if let TypeKind::Struct(s) = &mut kind {
                    s.combinations = combinations;
                }
                kind
            }
            Shape::AllOf => {
                let mut merged = Merged::default();
                self.merge_into(schema, pointer, &mut merged, 0)?;
                let properties: Vec<PropertyUse<'_>> = merged.properties;
                self.lower_struct(
                    &owner,
                    &properties,
                    &merged.required,
                    merged.additional,
                    access,
                    pointer,
                )?
            }
            Shape::Union { any_of } => {
                let v = view(schema);
                let (list, key) = if any_of {
                    (v.any_of, "anyOf")
                } else {
                    (v.one_of, "oneOf")
                };
                self.lower_union(&owner, schema, list, key, any_of, access, pointer)?
            }
        })
    }

    fn shape<'s>(&self, schema: &'s Schema, pointer: &str) -> Result<Shape<'s>> {
        let v = view(schema);
        if let Some(typ) = v.typ {
            if !KNOWN_TYPES.contains(&typ) {
                return Err(self.spec.error(
                    &format!("{pointer}/type"),
                    format!(
                        "unknown schema type \"{typ}\": expected one of {}",
                        KNOWN_TYPES.join(", ")
                    ),
                ));
            }
        }
        if v.not {
            return Err(self.spec.unsupported(
                &format!("{pointer}/not"),
                "`not` schemas cannot be expressed as a Rust type",
            ));
        }
        if !v.all_of.is_empty() {
            if v.all_of.len() == 1
                && v.properties.is_none()
                && v.one_of.is_empty()
                && v.any_of.is_empty()
            {
                return Ok(Shape::Transparent(&v.all_of[0]));
            }
            return Ok(Shape::AllOf);
        }
        if let Some(combinations) = self.combinations(&v, pointer) {
            return Ok(Shape::Object(Some(combinations)));
        }
        for (list, any_of) in [(v.one_of, false), (v.any_of, true)] {
            match list.len() {
                0 => {}
                1 => return Ok(Shape::Transparent(&list[0])),
                _ => return Ok(Shape::Union { any_of }),
            }
        }
        let typ = v
            .typ
            .or(if v.properties.is_some() || v.additional.is_some() {
                Some("object")
            } else if v.items.is_some() {
                Some("array")
            } else {
                None
            });
        Ok(match typ {
            Some("string") => {
                let values: Vec<String> = v
                    .enum_values
                    .iter()
                    .filter_map(|value| value.as_str().map(str::to_owned))
                    .collect();
                if values.is_empty() {
                    Shape::Plain(string_type(v.format.as_deref()))
                } else {
                    Shape::Enum(values)
                }
            }
            Some("integer") => Shape::Plain(TypeRef::Integer(match v.format.as_deref() {
                Some("int32") => IntWidth::I32,
                _ => IntWidth::I64,
            })),
            Some("number") => Shape::Plain(TypeRef::Number(match v.format.as_deref() {
                Some("float") => FloatWidth::F32,
                _ => FloatWidth::F64,
            })),
            Some("boolean") => Shape::Plain(TypeRef::Boolean),
            Some("array") => Shape::Array(v.items),
            Some("object") => match (v.properties, v.additional) {
                (Some(_), _) => Shape::Object(None),
                (None, Some(AdditionalProperties::Schema(values))) => {
                    Shape::Map(Some(values.as_ref()))
                }
                (None, Some(AdditionalProperties::Any(true))) => Shape::Map(None),
                (None, Some(AdditionalProperties::Any(false))) => Shape::Object(None),
                (None, None) => Shape::Plain(TypeRef::Json),
            },
            _ => {
                let values: Vec<String> = v
                    .enum_values
                    .iter()
                    .filter_map(|value| value.as_str().map(str::to_owned))
                    .collect();
                if !values.is_empty()
                    && values.len()
                        == v.enum_values
                            .iter()
                            .filter(|value| !value.is_null())
                            .count()
                {
                    Shape::Enum(values)
                } else {
                    Shape::Plain(TypeRef::Json)
                }
            }
        })
    }

    /// The `oneOf`/`anyOf` next to an object's `properties` as rules on its fields, when every
    /// branch only narrows properties the object declares (their `type`, `nullable`, `enum`
    /// and `items`, and which are `required`). Branches that add properties or use other
    /// keywords make the schema a union instead (`None`).
    fn combinations(&self, v: &View<'_>, pointer: &str) -> Option<Combinations> {
        let parent = v.properties?;
        let (list, key, exactly_one) = match (v.one_of.is_empty(), v.any_of.is_empty()) {
            (false, true) => (v.one_of, "oneOf", true),
            (true, false) => (v.any_of, "anyOf", false),
            _ => return None,
        };
        let mut branches = Vec::new();
        for member in list {
            let schema = self.schema_of(member)?;
            let b = view(schema);
            let plain = matches!(b.typ, None | Some("object"))
                && b.items.is_none()
                && b.additional.is_none()
                && b.one_of.is_empty()
                && b.any_of.is_empty()
                && b.all_of.is_empty()
                && !b.not
                && b.enum_values.is_empty();
            if !plain
                || unmodelled(schema)
                || b.required.iter().any(|name| !parent.contains_key(name))
            {
                return None;
            }
            let mut fields = Vec::new();
            for (name, property) in b.properties.into_iter().flatten() {
                if !parent.contains_key(name) {
                    return None;
                }
                fields.push((name.clone(), self.allowed(property, 0)?));
            }
            let required = b.required.to_vec();
            let summary = combination_summary(&fields, &required);
            branches.push(Combination {
                required,
                fields,
                summary,
            });
        }
        Some(Combinations {
            exactly_one,
            branches,
            origin: self.origin(&format!("{pointer}/{key}")),
        })
    }

    /// What a branch's property schema allows, if it only uses `type`, `nullable`, `enum` (of
    /// strings and integers) and `items`; `None` for anything else, or nesting deeper than a
    /// few levels (a `$ref` cycle).
    fn allowed<S: AsSchema>(&self, schema: &ReferenceOr<S>, depth: usize) -> Option<Allowed> {
        if depth > 8 {
            return None;
        }
        let schema = self.schema_of(schema)?;
        let v = view(schema);
        if v.properties.is_some()
            || v.additional.is_some()
            || !v.one_of.is_empty()
            || !v.any_of.is_empty()
            || !v.all_of.is_empty()
            || v.not
            || limits_of(schema).is_some()
            || unmodelled(schema)
            || v.enum_values
                .iter()
                .any(|value| !(value.is_string() || value.is_i64() || value.is_null()))
        {
            return None;
        }
        let kind = match v.typ {
            None => None,
            Some("string") => Some(JsonKind::String),
            Some("integer") => Some(JsonKind::Integer),
            Some("number") => Some(JsonKind::Number),
            Some("boolean") => Some(JsonKind::Boolean),
            Some("array") => Some(JsonKind::Array),
            Some("object") => Some(JsonKind::Object),
            Some(_) => return None,
        };
        let items = match v.items {
            Some(items) => Some(Box::new(self.allowed(items, depth + 1)?)),
            None => None,
        };
        Some(Allowed {
            values: v.enum_values,
            kind,
            nullable: schema.schema_data.nullable,
            items,
        })
    }

    fn lower_struct(
        &mut self,
        owner: &str,
        properties: &[PropertyUse<'_>],
        required: &BTreeSet<String>,
        additional: Option<&AdditionalProperties>,
        access: Access,
        pointer: &str,
    ) -> Result<TypeKind> {
        let mut field_names = Scope::snake();
        let mut fields = Vec::new();
        for property in properties {
            let data = self.schema_data_of(property.schema);
            let read_only = data.is_some_and(|d| d.read_only);
            let write_only = data.is_some_and(|d| d.write_only);
            if (access == Access::Request && read_only)
                || (access == Access::Response && write_only)
            {
                continue;
            }
            let base = format!(
                "{owner}{}",
                names::camel_ident(&property.name, "T", "Unnamed")
            );
            let lowered = self.lower_schema(property.schema, &base, access, &property.pointer)?;
            let presence = Presence {
                required: required.contains(&property.name),
                nullable: lowered.nullable,
            };
            let inline = matches!(property.schema, ReferenceOr::Item(_));
            let default = data.and_then(|d| d.default.clone()).filter(|value| {
                !presence.required && !presence.nullable && self.default_fits(&lowered.ty, value)
            });
            let field_rust = field_names.claim(names::snake_ident(&property.name));
            fields.push(Field {
                name: Name {
                    wire: property.name.clone(),
                    rust: field_rust.clone(),
                },
                ty: lowered.ty,
                presence,
                default_fn: default
                    .as_ref()
                    .map(|_| format!("default_{}", field_rust.trim_start_matches("r#"))),
                default,
                spec_default: data.and_then(|d| d.default.clone()),
                read_only,
                write_only,
                boxed: false,
                title: data.filter(|_| inline).and_then(|d| d.title.clone()),
                description: data.filter(|_| inline).and_then(|d| d.description.clone()),
                example: data.filter(|_| inline).and_then(|d| d.example.clone()),
                deprecated: data.is_some_and(|d| d.deprecated),
                limits: match property.schema {
                    ReferenceOr::Item(item) => limits_of(item),
                    ReferenceOr::Reference { .. } => None,
                },
                origin: self.origin(&property.pointer),
            });
        }
        let additional = match additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(values)) => Some(
                self.lower_schema(
                    values.as_ref(),
                    &format!("{owner}Value"),
                    access,
                    &format!("{pointer}/additionalProperties"),
                )?
                .ty,
            ),
        }
        .map(|ty| super::AdditionalField {
            name: field_names.claim("additional_properties".to_owned()),
            ty,
            origin: self.origin(&format!("{pointer}/additionalProperties")),
        });
        Ok(TypeKind::Struct(Struct {
            fields,
            additional,
            combinations: None,
        }))
    }

    /// The schema data of a property: its own, or for a bare `$ref` the target's.
    fn schema_data_of<'s>(&self, schema: &'s ReferenceOr<Box<Schema>>) -> Option<&'s SchemaData>
    where
        'a: 's,
    {
        self.schema_of(schema).map(|schema| &schema.schema_data)
    }

    /// A schema use itself, or for a bare `$ref` its target (`None` for a dangling reference or
    /// one to another reference).
    fn schema_of<'s, S: AsSchema>(&self, schema: &'s ReferenceOr<S>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(item) => Some(item.as_schema()),
            ReferenceOr::Reference { reference } => match self.resolve_ref(reference, "").ok()? {
                (_, ReferenceOr::Item(target)) => Some(target),
                (_, ReferenceOr::Reference { .. }) => None,
            },
        }
    }

    /// Whether the type can carry the spec's default as a Rust value.
    fn default_fits(&self, ty: &TypeRef, value: &serde_json::Value) -> bool {
        match ty {
            TypeRef::String | TypeRef::FormattedString(_) => value.is_string(),
            TypeRef::Integer(IntWidth::I32) => {
                value.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
            }
            TypeRef::Integer(IntWidth::I64) => value.is_i64(),
            TypeRef::Number(FloatWidth::F32) => {
                value.as_f64().is_some_and(|n| (n as f32).is_finite())
            }
            TypeRef::Number(FloatWidth::F64) => value.is_number(),
            TypeRef::Boolean => value.is_boolean(),
            TypeRef::Named(id) => match &self.types[id.0].kind {
                TypeKind::Enum(e) => value
                    .as_str()
                    .is_some_and(|text| e.variants.iter().any(|variant| variant.name.wire == text)),
                _ => false,
            },
            _ => false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_union(
        &mut self,
        owner: &str,
        schema: &Schema,
        list: &[ReferenceOr<Schema>],
        key: &str,
        any_of: bool,
        access: Access,
        pointer: &str,
    ) -> Result<TypeKind> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variant_names = Scope::camel();
        let mut variants = Vec::new();
        for (index, member) in list.iter().enumerate() {
            let member_pointer = format!("{pointer}/{key}/{index}");
            let (ident, tag) = match member {
                ReferenceOr::Reference { reference } => {
                    let name = schema_ref_name(reference).unwrap_or(reference);
                    let tag = discriminator.map(|d| {
                        d.mapping
                            .iter()
                            .find(|(_, target)| *target == reference)
                            .map(|(value, _)| value.clone())
                            .unwrap_or_else(|| name.to_owned())
                    });
                    (names::variant_ident(name), tag)
                }
                ReferenceOr::Item(item) => {
                    let ident = match (&item.schema_data.title, view(item).typ) {
                        (Some(title), _) => names::variant_ident(title),
                        (None, Some(typ)) if typ != "object" => names::variant_ident(typ),
                        _ => format!("Variant{}", index + 1),
                    };
                    (ident, None)
                }
            };
            let rust = variant_names.claim(ident);
            let lowered =
                self.lower_schema(member, &format!("{owner}{rust}"), access, &member_pointer)?;
            variants.push(UnionVariant {
                name: Name {
                    wire: match member {
                        ReferenceOr::Reference { reference } => reference.clone(),
                        ReferenceOr::Item(_) => String::new(),
                    },
                    rust,
                },
                ty: lowered.ty,
                tag,
                boxed: false,
                origin: self.origin(&member_pointer),
            });
        }
        let tagged =
            discriminator.is_some() && variants.iter().all(|variant| variant.tag.is_some());
        if !tagged {
            for variant in &mut variants {
                variant.tag = None;
            }
        }
        Ok(TypeKind::Union(Union {
            variants,
            discriminator: discriminator
                .filter(|_| tagged)
                .map(|d| d.property_name.clone()),
            any_of,
        }))
    }

    /// Gathers the properties of an `allOf` (and of the schema holding it) into one object.
    fn merge_into<'s>(
        &self,
        schema: &'s Schema,
        pointer: &str,
        merged: &mut Merged<'s>,
        depth: usize,
    ) -> Result<()>
    where
        'a: 's,
    {
        if depth > 32 {
            return Err(self
                .spec
                .unsupported(pointer, "allOf nested more than 32 levels deep (a cycle?)"));
        }
        let v = view(schema);
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            return Err(self
                .spec
                .unsupported(pointer, "allOf combined with oneOf/anyOf"));
        }
        for (index, part) in v.all_of.iter().enumerate() {
            let part_pointer = format!("{pointer}/allOf/{index}");
            match part {
                ReferenceOr::Reference { reference } => {
                    let (name, target) = self.resolve_ref(reference, &part_pointer)?;
                    match target {
                        ReferenceOr::Item(target) => self.merge_into(
                            target,
                            &pointer_join("/components/schemas", name),
                            merged,
                            depth + 1,
                        )?,
                        ReferenceOr::Reference { .. } => {
                            return Err(self.spec.unsupported(
                                &part_pointer,
                                "allOf of a schema that is itself only a $ref",
                            ))
                        }
                    }
                }
                ReferenceOr::Item(part) => {
                    self.merge_into(part, &part_pointer, merged, depth + 1)?
                }
            }
        }
        if let Some(typ) = v.typ {
            if typ != "object" {
                return Err(self.spec.unsupported(
                    pointer,
                    format!("allOf of a \"{typ}\" schema: only objects can be merged"),
                ));
            }
        }
        if let Some(properties) = v.properties {
            for (name, property) in properties {
                let property_pointer = pointer_join(&format!("{pointer}/properties"), name);
                if let Some(existing) = merged.properties.iter_mut().find(|p| &p.name == name) {
                    existing.schema = property;
                    existing.pointer = property_pointer;
                } else {
                    merged.properties.push(PropertyUse {
                        name: name.clone(),
                        schema: property,
                        pointer: property_pointer,
                    });
                }
            }
        }
        merged.required.extend(v.required.iter().cloned());
        if v.additional.is_some() {
            merged.additional = v.additional;
        }
        Ok(())
    }
}

struct PropertyUse<'s> {
    name: String,
    schema: &'s ReferenceOr<Box<Schema>>,
    pointer: String,
}

#[derive(Default)]
struct Merged<'s> {
    properties: Vec<PropertyUse<'s>>,
    required: BTreeSet<String>,
    additional: Option<&'s AdditionalProperties>,
}

fn transparent_pointer(schema: &Schema, pointer: &str) -> String {
    let v = view(schema);
    let key = if !v.all_of.is_empty() {
        "allOf"
    } else if !v.one_of.is_empty() {
        "oneOf"
    } else {
        "anyOf"
    };
    format!("{pointer}/{key}/0")
}

fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some(other) => TypeRef::FormattedString(other.to_owned()),
        None => TypeRef::String,
    }
}

/// The variants of a string enum; `origin` is the `enum` list's.
fn enum_variants(values: &[String], origin: &Origin) -> Vec<EnumVariant> {
    let mut scope = Scope::camel();
    values
        .iter()
        .enumerate()
        .map(|(index, value)| EnumVariant {
            name: Name {
                wire: value.clone(),
                rust: scope.claim(names::variant_ident(value)),
            },
            origin: Origin {
                file: origin.file.clone(),
                pointer: format!("{}/{index}", origin.pointer),
            },
        })
        .collect()
}

/// The limits a schema sets on its value, if any.
pub(super) fn limits_of(schema: &Schema) -> Option<super::Limits> {
    let mut limits = super::Limits::default();
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
    (limits != super::Limits::default()).then_some(limits)
}

/// A combination in words: "`op` is add, replace or test; `value` (required) is a string".
pub(super) fn combination_summary(fields: &[(String, Allowed)], required: &[String]) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .map(|(name, allowed)| {
            let need = if required.contains(name) {
                " (required)"
            } else {
                ""
            };
            format!("`{name}`{need} is {}", allowed_summary(allowed))
        })
        .collect();
    for name in required {
        if !fields.iter().any(|(field, _)| field == name) {
            parts.push(format!("`{name}` is present"));
        }
    }
    if parts.is_empty() {
        "any value".to_owned()
    } else {
        parts.join("; ")
    }
}

fn allowed_summary(allowed: &Allowed) -> String {
    let mut text = if !allowed.values.is_empty() {
        let values: Vec<String> = allowed
            .values
            .iter()
            .map(|value| match value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect();
        match values.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => values.concat(),
        }
    } else {
        match allowed.kind {
            None => "any value".to_owned(),
            Some(JsonKind::String) => "a string".to_owned(),
            Some(JsonKind::Integer) => "an integer".to_owned(),
            Some(JsonKind::Number) => "a number".to_owned(),
            Some(JsonKind::Boolean) => "a boolean".to_owned(),
            Some(JsonKind::Object) => "an object".to_owned(),
            Some(JsonKind::Array) => match &allowed.items {
                Some(items) => match (items.kind, items.values.is_empty(), items.nullable) {
                    (Some(JsonKind::String), true, false) => "a list of strings".to_owned(),
                    (Some(JsonKind::Integer), true, false) => "a list of integers".to_owned(),
                    (Some(JsonKind::Number), true, false) => "a list of numbers".to_owned(),
                    (Some(JsonKind::Boolean), true, false) => "a list of booleans".to_owned(),
                    (Some(JsonKind::Object), true, false) => "a list of objects".to_owned(),
                    _ => format!("a list whose items are each {}", allowed_summary(items)),
                },
                None => "a list".to_owned(),
            },
        }
    };
    if allowed.nullable && !allowed.values.iter().any(serde_json::Value::is_null) {
        text.push_str(" or null");
    }
    text
}

/// Whether a schema sets a constraint combinations do not model (`enum` on numbers or
/// booleans, `multipleOf`, `uniqueItems`, `minProperties`/`maxProperties`): such a branch keeps
/// the schema a union rather than being checked loosely.
fn unmodelled(schema: &Schema) -> bool {
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
