//! Lowering schemas: every component and inline schema becomes a [`TypeRef`], and every object,
//! enum and union among them a named [`TypeDef`]. The recursive core: structs, unions and the
//! merging of `allOf`.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;

use foldhash::HashMap;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaData};

use super::access::{self, schema_ref_name, AsSchema, Usage};
use super::combinations::combination_summary;
use super::model::{
    Access, AdditionalField, Enum, EnumVariant, Field, FloatWidth, IntWidth, Name, Origin,
    Presence, Struct, TypeDef, TypeId, TypeKind, TypeRef, TypeSource, Union, UnionField,
    UnionVariant,
};
use super::names::{self, Scope};
use super::refs;
use super::settings::Settings;
use super::shape::{annotates, shape, Shape};
use super::view::{limits_of, view};
use crate::error::Result;
use crate::spec::{pointer_join, unescape_segment, Spec};

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
    /// The configuration's replacements of schemas and formats.
    settings: &'a Settings,
    usage: Usage,
    pub types: Vec<TypeDef>,
    type_names: Scope,
    components: IndexMap<String, ComponentIds>,
    /// Partial-update copies of types, by the type they copy.
    partials: HashMap<TypeId, TypeId>,
    /// Inline schemas already lowered, by pointer and side.
    inline: HashMap<(String, Access), Lowered>,
    /// Inline string enums already made, by what they say: the same enum written inline in
    /// several places (Stripe's 296 merchant categories, a dozen times) is one type.
    inline_enums: HashMap<SameEnum, TypeId>,
    /// How many inline schemas the one being lowered is inside: bounded by
    /// [`MAX_INLINE_NESTING`].
    nesting: usize,
    /// Example values already copied out of the document, by pointer: a response component's
    /// examples are lowered once per operation that refers to it, and share one copy.
    example_values: RefCell<HashMap<String, Arc<serde_json::Value>>>,
}

/// Most levels of inline schemas (items of items, properties of properties, …) lowered inside
/// one another. Each level is a frame of the lowering, and items of items one more `Vec<…>` the
/// emitters parse and print recursively; real documents nest a handful.
const MAX_INLINE_NESTING: usize = 24;

/// Everything an inline string enum's type says: two inline enums equal in all of it are one
/// type, named after the first place it appears.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SameEnum {
    values: Vec<String>,
    access: Access,
    title: Option<String>,
    description: Option<String>,
    example: Option<String>,
}

impl<'a> Lowerer<'a> {
    pub fn origin(&self, pointer: &str) -> Origin {
        Origin::of(self.spec, pointer)
    }

    /// The example `value` found at `pointer`, copied out of the document once.
    pub fn example_value(
        &self,
        pointer: &str,
        value: &serde_json::Value,
    ) -> Arc<serde_json::Value> {
        let mut copies = self.example_values.borrow_mut();
        if let Some(copy) = copies.get(pointer) {
            return Arc::clone(copy);
        }
        let copy = Arc::new(value.clone());
        copies.insert(pointer.to_owned(), Arc::clone(&copy));
        copy
    }

    pub fn new(spec: &'a Spec, settings: &'a Settings) -> Self {
        Lowerer {
            spec,
            doc: &spec.document,
            settings,
            usage: access::analyse(&spec.document, &spec.webhooks),
            types: Vec::new(),
            type_names: Scope::camel(),
            components: IndexMap::new(),
            partials: HashMap::default(),
            inline: HashMap::default(),
            inline_enums: HashMap::default(),
            nesting: 0,
            example_values: RefCell::new(HashMap::default()),
        }
    }

    /// Claims names for every component schema (both sides of split ones) before anything
    /// inline is named, so that inline types never take a component's name.
    fn plan_components(&mut self) {
        let Some(components) = self.doc.components.as_ref() else {
            return;
        };
        let mut split = Vec::new();
        // A replaced schema is the user's type: it gets none here.
        let own = components
            .schemas
            .keys()
            .filter(|name| !self.settings.replace.contains_key(*name));
        for name in own {
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
            let source = TypeSource::Component(name.clone());
            let id = self.reserve_type(name, &names::type_ident(name), access, source, &pointer);
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
            let source = TypeSource::Component(name.clone());
            let id = self.reserve_type(&name, &ident, Access::Request, source, &pointer);
            if let Some(ids) = self.components.get_mut(&name) {
                ids.request = Some(id);
            }
        }
    }

    fn reserve_type(
        &mut self,
        wire: &str,
        ident: &str,
        access: Access,
        source: TypeSource,
        pointer: &str,
    ) -> TypeId {
        let rust = self.type_names.claim(names::type_name(ident));
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: Name {
                wire: wire.to_owned(),
                rust,
            },
            title: None,
            description: None,
            access,
            source,
            in_response: false,
            in_request: false,
            kind: TypeKind::Alias(TypeRef::Json),
            example: None,
            origin: self.origin(pointer),
            same_as: None,
        });
        id
    }

    /// The component schema a type was made from, if it was made from one.
    fn component_name(&self, id: TypeId) -> Option<String> {
        match &self.types[id.0].source {
            TypeSource::Component(name) => Some(name.clone()),
            TypeSource::Inline | TypeSource::Parameters => None,
        }
    }

    /// Claims a name for a type the IR makes up (parameter structs, response enums).
    pub fn claim_type_name(&mut self, ident: &str) -> String {
        self.type_names.claim(names::type_name(ident))
    }

    /// Adds a type the IR makes up, under an already claimed name.
    pub fn push_type(&mut self, def: TypeDef) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(def);
        id
    }

    /// Lowers every component schema, after claiming all their names.
    pub fn lower_components(&mut self) -> Result<()> {
        self.plan_components();
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
                        self.types[id.0].example = schema.schema_data.example.clone().map(Arc::new);
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
        let base = match &def.source {
            TypeSource::Component(name) => names::type_ident(name),
            TypeSource::Inline | TypeSource::Parameters => def.name.rust.clone(),
        };
        def.name.rust = self
            .type_names
            .claim(names::type_name(&format!("{base}Patch")));
        def.description = Some(match def.description.take() {
            Some(text) => format!("{text}\n\n{note}"),
            None => note.to_owned(),
        });
        let partial = self.push_type(def);
        self.partials.insert(id, partial);
        TypeRef::Named(partial)
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
                self.lower_reference(reference, access, pointer, 0)
            }
            ReferenceOr::Item(schema) => {
                self.lower_inline(schema.as_schema(), base, access, pointer)
            }
        }
    }

    /// Lowers a `$ref`: a component is its planned type; a schema inside a component is
    /// lowered where it is written, once, and named after its place.
    fn lower_reference(
        &mut self,
        reference: &str,
        access: Access,
        pointer: &str,
        depth: usize,
    ) -> Result<Lowered> {
        if depth > 32 {
            return Err(self.spec.unsupported(
                pointer,
                format!("\"{reference}\" leads through more than 32 references (a cycle?)"),
            ));
        }
        match refs::schema_target(self.spec, reference, pointer)? {
            refs::Target::Component(name, target) => {
                let ty = self.component_type(name, access, pointer, reference)?;
                let nullable = match target {
                    ReferenceOr::Item(target) => target.schema_data.nullable,
                    ReferenceOr::Reference { .. } => false,
                };
                Ok(Lowered { ty, nullable })
            }
            refs::Target::Inside(target, refs::Inner::Schema(schema)) => {
                let base = names::type_ident(&inside_name(&target));
                self.lower_inline(schema, &base, access, &target)
            }
            refs::Target::Inside(target, refs::Inner::Reference(next)) => {
                self.lower_reference(next, access, &target, depth + 1)
            }
        }
    }

    /// The type of a component schema on one side: its planned type, or the user's type that
    /// replaces it.
    fn component_type(
        &self,
        name: &str,
        access: Access,
        pointer: &str,
        reference: &str,
    ) -> Result<TypeRef> {
        if let Some(path) = self.settings.replace.get(name) {
            return Ok(TypeRef::Json.replaced_by(path));
        }
        self.components
            .get(name)
            .and_then(|ids| ids.for_access(access))
            .map(TypeRef::Named)
            .ok_or_else(|| {
                self.spec
                    .error(pointer, format!("unresolved schema \"{reference}\""))
            })
    }

    /// What a schema lowers to, with the configuration's type for its format, if it has one.
    fn shape<'s>(&self, schema: &'s Schema, pointer: &str) -> Result<Shape<'s>> {
        let shape = shape(self.spec, schema, pointer)?;
        let replaced = || {
            let format = view(schema).format?;
            self.settings.formats.get(&format).cloned()
        };
        Ok(match shape {
            Shape::Plain(ty) => match replaced() {
                Some(path) => Shape::Plain(ty.replaced_by(&path)),
                None => Shape::Plain(ty),
            },
            other => other,
        })
    }

    fn lower_inline(
        &mut self,
        schema: &Schema,
        base: &str,
        access: Access,
        pointer: &str,
    ) -> Result<Lowered> {
        // A schema is lowered once per side: a `$ref` into it and its own place share a type.
        let key = (pointer.to_owned(), access);
        if let Some(lowered) = self.inline.get(&key) {
            return Ok(lowered.clone());
        }
        if self.nesting >= MAX_INLINE_NESTING {
            return Err(self.spec.unsupported(
                pointer,
                format!("schema nested more than {MAX_INLINE_NESTING} inline schemas deep"),
            ));
        }
        self.nesting += 1;
        let lowered = self.lower_inline_once(schema, base, access, pointer);
        self.nesting -= 1;
        let lowered = lowered?;
        self.inline.insert(key, lowered.clone());
        Ok(lowered)
    }

    fn lower_inline_once(
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
                let lowered = self.lower_schema(inner.schema, base, access, &inner.pointer)?;
                return Ok(Lowered {
                    ty: lowered.ty,
                    nullable: nullable || inner.nullable || lowered.nullable,
                });
            }
            Shape::Enum(values) => {
                let same = SameEnum {
                    values,
                    access,
                    title: schema.schema_data.title.clone(),
                    description: schema.schema_data.description.clone(),
                    example: schema.schema_data.example.as_ref().map(|e| e.to_string()),
                };
                if let Some(&id) = self.inline_enums.get(&same) {
                    return Ok(Lowered {
                        ty: TypeRef::Named(id),
                        nullable,
                    });
                }
                let ty = self.inline_type(schema, base, access, pointer)?;
                if let TypeRef::Named(id) = ty {
                    self.inline_enums.insert(same, id);
                }
                ty
            }
            Shape::Object(_) | Shape::AllOf | Shape::Union { .. } | Shape::Contradiction(_) => {
                self.inline_type(schema, base, access, pointer)?
            }
        };
        Ok(Lowered { ty, nullable })
    }

    /// A named type for an inline schema, named `base` (after its parent and field).
    fn inline_type(
        &mut self,
        schema: &Schema,
        base: &str,
        access: Access,
        pointer: &str,
    ) -> Result<TypeRef> {
        let ident = if base.is_empty() {
            "Inline".to_owned()
        } else {
            base.to_owned()
        };
        let id = self.reserve_type("", &ident, access, TypeSource::Inline, pointer);
        self.types[id.0].title = schema.schema_data.title.clone();
        self.types[id.0].description = schema.schema_data.description.clone();
        self.types[id.0].example = schema.schema_data.example.clone().map(Arc::new);
        let kind = self.kind_of(schema, id, access, pointer)?;
        self.types[id.0].kind = kind;
        Ok(TypeRef::Named(id))
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
                self.lower_schema(inner.schema, &owner, access, &inner.pointer)?
                    .ty,
            ),
            Shape::Enum(values) => TypeKind::Enum(Enum {
                variants: enum_variants(&values, &self.origin(&format!("{pointer}/enum"))),
                unknown: None,
            }),
            Shape::Object(combinations) => {
                let v = view(schema);
                let declared_in = self.component_name(id);
                let properties: Vec<PropertyUse<'_>> = v
                    .properties
                    .into_iter()
                    .flatten()
                    .map(|(name, property)| PropertyUse {
                        name: name.clone(),
                        schema: property,
                        pointer: pointer_join(&format!("{pointer}/properties"), name),
                        declared_in: declared_in.clone(),
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
                    s.combinations = combinations.map(Box::new);
                }
                kind
            }
            Shape::AllOf => {
                let mut merged = Merged::default();
                let declared_in = self.component_name(id);
                self.merge_into(schema, pointer, declared_in.as_deref(), &mut merged, 0)?;
                match &merged.union {
                    Some(part) => self.lower_combined(&owner, &merged, part, access, pointer)?,
                    None => self.lower_struct(
                        &owner,
                        &merged.properties,
                        &merged.required,
                        merged.additional,
                        access,
                        pointer,
                    )?,
                }
            }
            Shape::Contradiction(why) => {
                // Skipping the schema would drop every operation that uses it for what it
                // does say; the doc comment says what the type cannot check.
                let note = format!(
                    "No value fits this schema: {why}. It is held as any JSON value, and \
                     nothing checks it against its parts."
                );
                let description = &mut self.types[id.0].description;
                *description = Some(match description.take() {
                    Some(text) => format!("{text}\n\n{note}"),
                    None => note,
                });
                TypeKind::Alias(TypeRef::Json)
            }
            Shape::Union { any_of } => {
                let v = view(schema);
                let (list, key) = if any_of {
                    (v.any_of, "anyOf")
                } else {
                    (v.one_of, "oneOf")
                };
                self.lower_union(&owner, schema, list, key, any_of, access, pointer, None)?
            }
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
            let base = format!("{owner}{}", names::type_part(&property.name));
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
                    .map(|_| format!("default_{}", names::suffix(&field_rust))),
                default,
                spec_default: data.and_then(|d| d.default.clone()),
                read_only,
                write_only,
                boxed: false,
                title: data.filter(|_| inline).and_then(|d| d.title.clone()),
                description: data
                    .filter(|_| inline)
                    .and_then(|d| d.description.clone())
                    .or_else(|| annotated_description(property.schema)),
                example: data.filter(|_| inline).and_then(|d| d.example.clone()),
                deprecated: data.is_some_and(|d| d.deprecated),
                limits: match property.schema {
                    ReferenceOr::Item(item) => limits_of(item),
                    ReferenceOr::Reference { .. } => None,
                },
                declared_in: property.declared_in.clone(),
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
        .map(|ty| AdditionalField {
            name: field_names.claim("additional_properties".to_owned()),
            ty,
            origin: self.origin(&format!("{pointer}/additionalProperties")),
        });
        Ok(TypeKind::Struct(Struct {
            fields,
            additional,
            combinations: None,
            union: None,
        }))
    }

    /// The schema data of a property: its own, or for a bare `$ref` the target's.
    fn schema_data_of<'s>(&self, schema: &'s ReferenceOr<Box<Schema>>) -> Option<&'s SchemaData>
    where
        'a: 's,
    {
        refs::schema_of(self.spec, schema).map(|schema| &schema.schema_data)
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
        distributed: Option<(&Merged<'_>, &[Option<Merged<'_>>])>,
    ) -> Result<TypeKind> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variant_names = Scope::camel();
        let mut variants = Vec::new();
        for (index, member) in list.iter().enumerate() {
            let member_pointer = format!("{pointer}/{key}/{index}");
            let object = match distributed {
                // A variant that is not an object fits no value an `allOf` of objects allows.
                Some((_, objects)) => match objects.get(index) {
                    Some(Some(object)) => Some(object),
                    _ => continue,
                },
                None => None,
            };
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
            let base = format!("{owner}{rust}");
            let lowered = match (distributed, object) {
                (Some((common, _)), Some(object)) => Lowered {
                    ty: self.lower_distributed(
                        &base,
                        member,
                        object,
                        common,
                        access,
                        &member_pointer,
                    )?,
                    nullable: false,
                },
                _ => self.lower_schema(member, &base, access, &member_pointer)?,
            };
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
            holds_itself: false,
        }))
    }

    /// The schema an `allOf` part's `$ref` leads to, through any chain of references: the
    /// schema, its pointer, and the component whose own properties it holds, if it is one.
    fn merge_target(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&'a Schema, String, Option<String>)> {
        let mut reference = reference.to_owned();
        let mut pointer = pointer.to_owned();
        for _ in 0..32 {
            let next = match refs::schema_target(self.spec, &reference, &pointer)? {
                refs::Target::Component(name, ReferenceOr::Item(schema)) => {
                    let at = pointer_join("/components/schemas", name);
                    return Ok((schema, at, Some(name.to_owned())));
                }
                refs::Target::Inside(at, refs::Inner::Schema(schema)) => {
                    return Ok((schema, at, None));
                }
                refs::Target::Component(name, ReferenceOr::Reference { reference }) => {
                    (reference.clone(), pointer_join("/components/schemas", name))
                }
                refs::Target::Inside(at, refs::Inner::Reference(next)) => (next.to_owned(), at),
            };
            (reference, pointer) = next;
        }
        Err(self.spec.unsupported(
            &pointer,
            "allOf part leads through more than 32 references (a cycle?)",
        ))
    }

    /// Gathers the properties of an `allOf` (and of the schema holding it) into one object.
    fn merge_into<'s>(
        &self,
        schema: &'s Schema,
        pointer: &str,
        declared_in: Option<&str>,
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
        merged.parts += 1;
        if merged.parts > MAX_MERGED_PARTS {
            return Err(self.spec.unsupported(
                pointer,
                format!(
                    "allOf gathers more than {MAX_MERGED_PARTS} schemas through its parts and \
                     theirs (parts that repeat a schema double at every level)"
                ),
            ));
        }
        let v = view(schema);
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            self.merge_union(schema, pointer, declared_in, merged, depth)?;
        }
        for (index, part) in v.all_of.iter().enumerate() {
            let part_pointer = format!("{pointer}/allOf/{index}");
            match part {
                ReferenceOr::Reference { reference } => {
                    let (target, target_pointer, declared_in) =
                        self.merge_target(reference, &part_pointer)?;
                    self.merge_into(
                        target,
                        &target_pointer,
                        declared_in.as_deref(),
                        merged,
                        depth + 1,
                    )?
                }
                ReferenceOr::Item(part) => {
                    self.merge_into(part, &part_pointer, None, merged, depth + 1)?
                }
            }
        }
        if let Some(typ) = v.typ {
            if typ != "object" {
                return Err(self.spec.unsupported(
                    pointer,
                    format!(
                        "allOf of a \"{typ}\" schema and objects: no value is both, and only \
                         objects can be merged"
                    ),
                ));
            }
        }
        if let Some(properties) = v.properties {
            for (name, property) in properties {
                let property_pointer = pointer_join(&format!("{pointer}/properties"), name);
                let declared_in = declared_in.map(str::to_owned);
                if let Some(existing) = merged.properties.iter_mut().find(|p| &p.name == name) {
                    existing.schema = property;
                    existing.pointer = property_pointer;
                    existing.declared_in = declared_in;
                } else {
                    merged.properties.push(PropertyUse {
                        name: name.clone(),
                        schema: property,
                        pointer: property_pointer,
                        declared_in,
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

    /// Records the `oneOf`/`anyOf` of a schema an `allOf` gathers: the one union the merged
    /// object is combined with. A one-member list is that member, merged like any part.
    fn merge_union<'s>(
        &self,
        schema: &'s Schema,
        pointer: &str,
        declared_in: Option<&str>,
        merged: &mut Merged<'s>,
        depth: usize,
    ) -> Result<()>
    where
        'a: 's,
    {
        let v = view(schema);
        let (list, key) =
            match (v.one_of.is_empty(), v.any_of.is_empty()) {
                (false, true) => (v.one_of, "oneOf"),
                (true, false) => (v.any_of, "anyOf"),
                _ => return Err(self.spec.unsupported(
                    pointer,
                    "oneOf and anyOf in one schema of an allOf: only one union can be combined \
                     with objects",
                )),
            };
        if let [only] = list {
            let only_pointer = format!("{pointer}/{key}/0");
            return match only {
                ReferenceOr::Reference { reference } => {
                    let (target, at, declared_in) = self.merge_target(reference, &only_pointer)?;
                    self.merge_into(target, &at, declared_in.as_deref(), merged, depth + 1)
                }
                ReferenceOr::Item(item) => {
                    self.merge_into(item, &only_pointer, None, merged, depth + 1)
                }
            };
        }
        if let Some(first) = &merged.union {
            return Err(self.spec.unsupported(
                pointer,
                format!(
                    "allOf of two unions (this {key} and the one at {}): only one oneOf/anyOf \
                     can be combined with objects",
                    first.pointer
                ),
            ));
        }
        // A part that is nothing but the union (a component, or an inline `oneOf`) keeps its
        // own type; a union written beside properties or other parts gets one of its own.
        let alone = depth > 0
            && v.properties.is_none()
            && v.all_of.is_empty()
            && v.additional.is_none()
            && matches!(v.typ, None | Some("object"));
        merged.union = Some(UnionPart {
            schema,
            list,
            key,
            pointer: pointer.to_owned(),
            alone,
            component: declared_in.filter(|_| alone).map(str::to_owned),
        });
        Ok(())
    }

    /// A variant of a union an `allOf` combines with objects, as its own struct: the variant's
    /// properties with the common parts' merged in (`allOf: [{oneOf: [A, B]}, C]` is
    /// `oneOf: [allOf: [A, C], allOf: [B, C]]`).
    fn lower_distributed(
        &mut self,
        base: &str,
        member: &ReferenceOr<Schema>,
        object: &Merged<'_>,
        common: &Merged<'_>,
        access: Access,
        pointer: &str,
    ) -> Result<TypeRef> {
        let id = self.reserve_type("", base, access, TypeSource::Inline, pointer);
        if let Some(schema) = refs::schema_of(self.spec, member) {
            self.types[id.0].title = schema.schema_data.title.clone();
            self.types[id.0].description = schema.schema_data.description.clone();
        }
        let owner = self.types[id.0].name.rust.clone();
        let kind = self.lower_merged_variant(&owner, object, common, access, pointer)?;
        self.types[id.0].kind = kind;
        Ok(TypeRef::Named(id))
    }

    /// The struct of one union variant's properties and the common parts' together.
    fn lower_merged_variant(
        &mut self,
        owner: &str,
        object: &Merged<'_>,
        common: &Merged<'_>,
        access: Access,
        pointer: &str,
    ) -> Result<TypeKind> {
        if let Some(inner) = &object.union {
            return Err(self.spec.unsupported(
                &inner.pointer,
                "a union inside a variant of a union that allOf combines with objects",
            ));
        }
        let mut properties = object.properties.clone();
        for property in &common.properties {
            match properties.iter_mut().find(|p| p.name == property.name) {
                Some(existing) => *existing = property.clone(),
                None => properties.push(property.clone()),
            }
        }
        let required: BTreeSet<String> = object.required.union(&common.required).cloned().collect();
        let additional = common.additional.or(object.additional);
        self.lower_struct(owner, &properties, &required, additional, access, pointer)
    }

    /// The union an `allOf` combines with objects, lowered: the struct of the common fields
    /// with the union beside them where the variants are objects that share no property with
    /// those fields (`#[serde(flatten)]` reads and writes them apart); otherwise the union of
    /// each variant merged with the common parts (what `allOf` means, distributed), leaving
    /// out variants that cannot be objects.
    fn lower_combined(
        &mut self,
        owner: &str,
        merged: &Merged<'_>,
        part: &UnionPart<'_>,
        access: Access,
        pointer: &str,
    ) -> Result<TypeKind> {
        let mut variants = Vec::new();
        for (index, member) in part.list.iter().enumerate() {
            let member_pointer = format!("{}/{}/{index}", part.pointer, part.key);
            variants.push(self.variant_object(member, &member_pointer)?);
        }
        let common: BTreeSet<&str> = merged.properties.iter().map(|p| p.name.as_str()).collect();
        let apart = !common.is_empty()
            && merged.additional.is_none()
            && merged
                .required
                .iter()
                .all(|name| common.contains(name.as_str()))
            && variants.iter().all(|variant| {
                variant.as_ref().is_some_and(|v| {
                    v.union.is_none()
                        && v.properties
                            .iter()
                            .all(|p| !common.contains(p.name.as_str()))
                        && v.required
                            .iter()
                            .all(|name| !common.contains(name.as_str()))
                })
            });
        if apart {
            return self.lower_beside(owner, merged, part, access, pointer);
        }
        let mut objects = variants.iter().enumerate().filter(|(_, v)| v.is_some());
        match (objects.next(), objects.next()) {
            (None, _) => {
                return Err(self.spec.unsupported(
                    pointer,
                    format!(
                        "allOf of objects and a {} none of whose variants is an object: no \
                         value fits",
                        part.key
                    ),
                ))
            }
            // Only one variant can be an object: the type is that variant, merged.
            (Some((_, Some(object))), None) => {
                return self.lower_merged_variant(owner, object, merged, access, pointer);
            }
            _ => {}
        }
        let any_of = part.key == "anyOf";
        self.lower_union(
            owner,
            part.schema,
            part.list,
            part.key,
            any_of,
            access,
            &part.pointer,
            Some((merged, &variants)),
        )
    }

    /// The struct of an `allOf`'s common fields with its union in a field beside them.
    fn lower_beside(
        &mut self,
        owner: &str,
        merged: &Merged<'_>,
        part: &UnionPart<'_>,
        access: Access,
        pointer: &str,
    ) -> Result<TypeKind> {
        let base = format!("{owner}Variant");
        let ty = match &part.component {
            Some(name) => self.component_type(name, access, &part.pointer, name)?,
            None if part.alone => {
                self.lower_inline(part.schema, &base, access, &part.pointer)?
                    .ty
            }
            None => {
                let at = format!("{}/{}", part.pointer, part.key);
                let id = self.reserve_type("", &base, access, TypeSource::Inline, &at);
                let union_owner = self.types[id.0].name.rust.clone();
                let any_of = part.key == "anyOf";
                let kind = self.lower_union(
                    &union_owner,
                    part.schema,
                    part.list,
                    part.key,
                    any_of,
                    access,
                    &part.pointer,
                    None,
                )?;
                self.types[id.0].kind = kind;
                TypeRef::Named(id)
            }
        };
        let mut kind = self.lower_struct(
            owner,
            &merged.properties,
            &merged.required,
            None,
            access,
            pointer,
        )?;
        if let TypeKind::Struct(s) = &mut kind {
            let mut field_names = Scope::snake();
            for field in &s.fields {
                field_names.reserve(&field.name.rust);
            }
            let name = match &part.component {
                Some(component) => names::snake_ident(component),
                None => "variant".to_owned(),
            };
            s.union = Some(Box::new(UnionField {
                name: field_names.claim(name),
                ty,
                exactly_one: part.key == "oneOf",
                boxed: false,
                origin: self.origin(&format!("{}/{}", part.pointer, part.key)),
            }));
        }
        Ok(kind)
    }

    /// The properties of a union variant as one object, or `None` if the variant is not an
    /// object (so that no value fits it and an object at once).
    fn variant_object<'s>(
        &self,
        member: &'s ReferenceOr<Schema>,
        pointer: &str,
    ) -> Result<Option<Merged<'s>>>
    where
        'a: 's,
    {
        let (schema, at, declared_in) = match member {
            ReferenceOr::Reference { reference } => self.merge_target(reference, pointer)?,
            ReferenceOr::Item(item) => (item, pointer.to_owned(), None),
        };
        if !matches!(view(schema).typ, None | Some("object")) {
            return Ok(None);
        }
        let mut merged = Merged::default();
        self.merge_into(schema, &at, declared_in.as_deref(), &mut merged, 1)?;
        Ok(Some(merged))
    }
}

/// The `oneOf`/`anyOf` an `allOf` combines with objects.
struct UnionPart<'s> {
    /// The schema the list is written in (for its discriminator).
    schema: &'s Schema,
    list: &'s [ReferenceOr<Schema>],
    /// `oneOf` or `anyOf`.
    key: &'static str,
    /// Where `schema` is.
    pointer: String,
    /// Whether `schema` is nothing but the union (it then has a type of its own).
    alone: bool,
    /// The component `schema` is, when it is nothing but the union.
    component: Option<String>,
}

#[derive(Clone)]
struct PropertyUse<'s> {
    name: String,
    schema: &'s ReferenceOr<Box<Schema>>,
    pointer: String,
    /// The component schema whose own `properties` hold this one, if any.
    declared_in: Option<String>,
}

#[derive(Default)]
struct Merged<'s> {
    properties: Vec<PropertyUse<'s>>,
    required: BTreeSet<String>,
    additional: Option<&'s AdditionalProperties>,
    /// The one `oneOf`/`anyOf` among the parts, if there is one.
    union: Option<UnionPart<'s>>,
    /// How many schemas have been gathered so far, counting one reached twice twice: bounded by
    /// [`MAX_MERGED_PARTS`].
    parts: usize,
}

/// Most schemas one `allOf` may gather, through all its levels. Parts that name the same schema
/// twice (`S0: {allOf: [S1, S1]}`, `S1: {allOf: [S2, S2]}`, …) double the count at every level,
/// so the depth limit alone would let a short document ask for 2^32 merges.
const MAX_MERGED_PARTS: usize = 1000;

/// The description an inline `allOf` alias's annotating parts give
/// (`allOf: [{$ref: A}, {description: …}]`).
fn annotated_description(schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
    let ReferenceOr::Item(schema) = schema else {
        return None;
    };
    view(schema)
        .all_of
        .iter()
        .filter(|part| annotates(part))
        .find_map(|part| match part {
            ReferenceOr::Item(part) => part.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        })
}

/// The name of a schema inside a component, from its pointer: the component and the places
/// below it (`/components/schemas/Tag/allOf/0` gives `Tag allOf 0`, and
/// `/components/parameters/kind/schema` gives `parameters kind`).
fn inside_name(pointer: &str) -> String {
    let pointer = pointer.trim_start_matches("/components/");
    let pointer = pointer.strip_prefix("schemas/").unwrap_or(pointer);
    pointer
        .split('/')
        .filter(|segment| !matches!(*segment, "properties" | "schema" | "content"))
        .map(unescape_segment)
        .collect::<Vec<_>>()
        .join(" ")
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
            origin: origin.child(&index.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::ir::{self, TypeKind, TypeRef, TypeSource};
    use crate::spec;

    const SCHEMAS: &str = r##"
openapi: 3.0.3
info: { title: T, version: "1" }
paths: {}
components:
  schemas:
    Base:
      type: object
      properties:
        id: { type: string }
    Pet:
      type: object
      required: [name]
      properties:
        name: { type: string }
        owner:
          type: object
          properties:
            email: { type: string }
    Tightened:
      allOf:
        - $ref: "#/components/schemas/Base"
        - required: [id]
"##;

    #[test]
    fn each_type_knows_its_source_and_each_field_where_it_is_declared() {
        let spec = spec::parse("t.yaml", "t", SCHEMAS).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let def = |rust: &str| {
            api.types
                .iter()
                .find(|def| def.name.rust == rust)
                .unwrap_or_else(|| panic!("no type {rust}"))
        };
        assert_eq!(def("Pet").source, TypeSource::Component("Pet".to_owned()));
        assert_eq!(def("PetOwner").source, TypeSource::Inline);
        let TypeKind::Struct(tightened) = &def("Tightened").kind else {
            panic!("Tightened is a struct");
        };
        let id = &tightened.fields[0];
        assert_eq!(id.name.wire, "id");
        assert!(id.presence.required, "the allOf part makes it required");
        assert_eq!(id.declared_in.as_deref(), Some("Base"));
        let TypeKind::Struct(owner) = &def("PetOwner").kind else {
            panic!("PetOwner is a struct");
        };
        assert_eq!(owner.fields[0].declared_in, None);
    }

    const COMBINED: &str = r##"
openapi: 3.0.3
info: { title: T, version: "1" }
paths: {}
components:
  schemas:
    A: { type: object, required: [kind], properties: { kind: { type: string } } }
    B: { type: object, properties: { kind: { type: string }, size: { type: integer } } }
    Either: { oneOf: [{ $ref: "#/components/schemas/A" }, { $ref: "#/components/schemas/B" }] }
    Tagged:
      allOf:
        - $ref: "#/components/schemas/Either"
        - properties: { note: { type: string } }
    Tightened:
      allOf:
        - $ref: "#/components/schemas/Either"
        - required: [size]
    TextOrA:
      allOf:
        - anyOf: [{ type: string }, { $ref: "#/components/schemas/A" }]
        - properties: { kind: { type: string } }
    Word: { type: string }
    Colour:
      allOf:
        - $ref: "#/components/schemas/Word"
        - enum: [red, green]
"##;

    #[test]
    fn a_union_beside_fields_it_shares_none_with_is_a_field_of_its_own() {
        let spec = spec::parse("t.yaml", "t", COMBINED).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let def = |rust: &str| {
            api.types
                .iter()
                .find(|def| def.name.rust == rust)
                .unwrap_or_else(|| panic!("no type {rust}"))
        };
        let TypeKind::Struct(tagged) = &def("Tagged").kind else {
            panic!("Tagged is a struct");
        };
        assert_eq!(tagged.fields.len(), 1);
        let union = tagged.union.as_ref().expect("the union sits beside `note`");
        assert_eq!(union.name, "either");
        assert!(union.exactly_one);
        // `required: [size]` names a variant's property: each variant gets it.
        let TypeKind::Union(tightened) = &def("Tightened").kind else {
            panic!("Tightened is a union of its variants merged");
        };
        let sizes: Vec<bool> = tightened
            .variants
            .iter()
            .map(|variant| {
                let ir::TypeRef::Named(id) = variant.ty else {
                    panic!("a named variant");
                };
                let TypeKind::Struct(s) = &api.types[id.0].kind else {
                    panic!("a struct variant");
                };
                s.fields
                    .iter()
                    .any(|f| f.name.wire == "size" && f.presence.required)
            })
            .collect();
        // A declares no `size` (a required key without a property is not a field, as in any
        // merged allOf); B's becomes required.
        assert_eq!(sizes, [false, true]);
        // A string cannot also be an object: only `A` is left, merged.
        let TypeKind::Struct(text_or_a) = &def("TextOrA").kind else {
            panic!("TextOrA is the one variant that can be an object");
        };
        assert!(text_or_a.union.is_none());
        assert!(text_or_a.fields[0].presence.required);
        let TypeKind::Enum(colour) = &def("Colour").kind else {
            panic!("Colour is the enum its parts leave");
        };
        assert_eq!(colour.variants.len(), 2);
    }

    #[test]
    fn contradictory_parts_are_errors_that_say_so() {
        for (parts, expected) in [
            (
                "[{ oneOf: [{ type: string }, { type: integer }] }, { properties: { a: { type: string } } }]",
                "none of whose variants is an object",
            ),
            (
                "[{ oneOf: [{ type: object }, { type: object, properties: { b: { type: string } } }] }, { anyOf: [{ type: object }, { type: object }] }]",
                "two unions",
            ),
        ] {
            let text = format!(
                "openapi: 3.0.3\ninfo: {{ title: T, version: \"1\" }}\npaths: {{}}\ncomponents:\n  schemas:\n    X:\n      allOf: {parts}\n"
            );
            let spec = spec::parse("t.yaml", "t", &text).expect("a valid spec");
            let err = ir::lower(&spec).expect_err("no Rust type fits").to_string();
            assert!(err.contains(expected), "{err}");
        }
    }

    #[test]
    fn an_allof_no_value_fits_is_any_value_with_a_doc_comment_that_says_why() {
        for (parts, expected) in [
            (
                "[{ type: string }, { type: integer }]",
                "both a \"string\" (`#/components/schemas/X/allOf/0`) and a \"integer\"",
            ),
            (
                "[{ $ref: '#/components/schemas/Text' }, { type: object, properties: { a: { type: string } } }]",
                "both a \"string\" (`#/components/schemas/Text`) and an object (an inline part)",
            ),
            (
                "[{ type: string, enum: [a] }, { type: string, enum: [b] }]",
                "string enums that share no value",
            ),
        ] {
            let text = format!(
                "openapi: 3.0.3\ninfo: {{ title: T, version: \"1\" }}\npaths: {{}}\ncomponents:\n  schemas:\n    Text: {{ type: string }}\n    X:\n      description: Said of X.\n      allOf: {parts}\n"
            );
            let spec = spec::parse("t.yaml", "t", &text).expect("a valid spec");
            let api = ir::lower(&spec).expect("it lowers");
            let x = api
                .types
                .iter()
                .find(|def| def.name.rust == "X")
                .expect("a type X");
            assert!(matches!(x.kind, TypeKind::Alias(TypeRef::Json)), "{:?}", x.kind);
            let description = x.description.as_deref().unwrap_or_default();
            assert!(description.starts_with("Said of X.\n\nNo value fits"), "{description}");
            assert!(description.contains(expected), "{description}");
        }
    }
}
