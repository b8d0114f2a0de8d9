//! Types as documentation shows them: every type use as a structured value a template can
//! spell in its own vocabulary (`*string*[]`, `` `array` of `object` ``, `string(date-time)`),
//! and every object as a table of fields with their resolved types.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use foldhash::{HashMap, HashSet};
use serde::{Serialize, Serializer};

use super::pages::Pages;
use crate::ir::{Api, Field, FloatWidth, IntWidth, TypeDef, TypeId, TypeKind, TypeRef, TypeSource};

/// How deep aliases and unions are followed when spelling a type (a guard against types that
/// nest many levels deep; a type that holds itself stops where it comes round again).
const MAX_DEPTH: usize = 8;

/// A use of a type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeView {
    /// `string`, `integer`, `number`, `boolean`, `date_time`, `date`, `json`, `bytes`, `file`
    /// (a file part of a multipart body), `array`, `map`, `struct`, `enum` or `union`. An alias has the kind of the type it stands for.
    pub kind: &'static str,
    /// The OpenAPI `type` word: `string`, `integer`, `number`, `boolean`, `array`, `object`, or
    /// `any` for a schema that allows every JSON value.
    pub schema_type: &'static str,
    /// The OpenAPI `format` where the type has one (`date-time`, `uri`, `int32`, `float`).
    /// Integers and numbers of the default width (`int64`, `double`) have none.
    pub format: Option<String>,
    /// The items of an array, or the values of a map.
    pub item: Option<Box<TypeView>>,
    /// The named type this is a use of.
    pub named: Option<NamedView>,
    /// The values of an enum.
    pub enum_values: Vec<String>,
    /// The shapes of a union.
    pub variants: Vec<TypeView>,
    /// The object this type holds: itself, or its items' or values' object. Templates name it
    /// and follow its `key` to the object's fields in the page's `schemas`
    /// ([`super::ApiView::schemas`]).
    pub object: Option<NamedView>,
    /// Whether this is an array (of anything).
    pub is_array: bool,
}

/// A named type, as a link target.
#[derive(Debug, Clone, Serialize)]
pub struct NamedView {
    /// Unique among the API's types (the Rust type name): the key in `schemas`.
    pub key: String,
    /// The schema name the spec gives it, or the empty string for an inline schema.
    pub schema: String,
    /// The Rust type name in the models crate.
    pub rust: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The link from any docs page to the type's model page, where the API has model pages.
    pub link: Option<String>,
}

/// A property of an object, with everything a table row or a list entry shows.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// The property name on the wire.
    pub name: String,
    /// The field name in the Rust model.
    pub rust: String,
    #[serde(rename = "type")]
    pub ty: TypeView,
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The spec's default, as text (strings bare: `write`; anything else as JSON: `false`).
    pub default: Option<String>,
    /// An example value, as text (strings bare, anything else as JSON).
    pub example: Option<String>,
    /// The allowed values: the field's enum, or its items' enum.
    pub enum_values: Vec<String>,
}

/// A named type with its fields, values or shapes: a table in an operation page, or a model page.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaView {
    #[serde(flatten)]
    pub named: NamedView,
    /// `struct`, `enum`, `union` or the kind of the type an alias stands for.
    pub kind: &'static str,
    pub fields: Vec<FieldView>,
    /// The type of the values under keys beyond `fields` (`additionalProperties`).
    pub additional: Option<TypeView>,
    pub enum_values: Vec<String>,
    /// An enum's values with their Rust variant names.
    pub values: Vec<ValueView>,
    /// A union's shapes, or the type an alias stands for.
    pub variants: Vec<TypeView>,
    /// Whether the Rust model implements `Default` (every field optional).
    pub has_default: bool,
    /// For an object whose `oneOf`/`anyOf` narrows its fields: which must hold ("exactly one"
    /// or "at least one"), and each combination in words.
    pub combinations_rule: Option<&'static str>,
    pub combinations: Vec<String>,
    /// For an object whose `allOf` combines its fields with a `oneOf`/`anyOf`: how many of
    /// the shapes the object also holds the keys of ("exactly one" or "at least one").
    pub union_rule: Option<&'static str>,
    /// Those shapes, whose keys sit in the same object as `fields`.
    pub union_variants: Vec<TypeView>,
}

/// A table a body shows: the key of its view among every table of the API's pages
/// ([`super::ApiView::schemas`]), and the view. Serialised as the key alone, so that a page's
/// context holds each table once however many bodies show it.
#[derive(Debug, Clone)]
pub struct TableRef {
    /// The object's key ([`NamedView::key`]), or, for a table whose fields name objects the
    /// body shows no table of (and so name none), the key with those objects after it
    /// (`Invoice without Customer Plan`).
    pub key: String,
    pub table: Arc<SchemaView>,
}

impl Deref for TableRef {
    type Target = SchemaView;

    fn deref(&self) -> &SchemaView {
        &self.table
    }
}

impl Serialize for TableRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key)
    }
}

/// A value of an enum.
#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant.
    pub rust: String,
}

/// Which schema a type is of: its schema name and its origin (file, pointer, node).
type SchemaOf<'a> = (&'a str, &'a str, &'a str, &'a str);

fn schema_of(def: &TypeDef) -> SchemaOf<'_> {
    let origin = &def.origin;
    (&def.name.wire, &origin.file, &origin.pointer, &origin.node)
}

/// Spells types for one API's docs.
pub(super) struct Catalog<'a> {
    pub api: &'a Api,
    pub pages: &'a Pages,
    /// Each type's table as operation pages show it, made the first time a page shows it and
    /// shared by every page after: an object of a large API is on hundreds of pages.
    documented: Vec<OnceLock<Arc<SchemaView>>>,
    /// The tables that name fewer objects than their type's (see [`Catalog::tables`]), by
    /// their keys: the same one for every body that shows it so.
    narrowed: Mutex<BTreeMap<String, Arc<SchemaView>>>,
    /// The tables of each body type, made the first time a body of that type is shown: an
    /// API's bodies share types (Stripe's every error response is an `error`).
    tables_of: Mutex<HashMap<TypeRef, Vec<TableRef>>>,
    /// The types of one schema, by its name and origin (the sides the IR split a schema with
    /// readOnly and writeOnly fields into, or the schema's one type), in type order.
    sides: HashMap<SchemaOf<'a>, Vec<TypeId>>,
}

impl<'a> Catalog<'a> {
    pub fn new(api: &'a Api, pages: &'a Pages) -> Self {
        Catalog {
            api,
            pages,
            documented: (0..api.types.len()).map(|_| OnceLock::new()).collect(),
            narrowed: Mutex::new(BTreeMap::new()),
            tables_of: Mutex::new(HashMap::default()),
            sides: api.types.iter().enumerate().fold(
                HashMap::default(),
                |mut sides: HashMap<_, Vec<TypeId>>, (index, def)| {
                    sides.entry(schema_of(def)).or_default().push(TypeId(index));
                    sides
                },
            ),
        }
    }

    /// Every table made so far, by key: each documented type's under its key, and each
    /// narrowed table under its own ([`TableRef::key`]).
    pub fn into_tables(self) -> BTreeMap<String, Arc<SchemaView>> {
        let mut tables = self
            .narrowed
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        for table in self.documented.into_iter().filter_map(OnceLock::into_inner) {
            tables.insert(table.named.key.clone(), table);
        }
        tables
    }

    pub fn type_view(&self, ty: &TypeRef) -> TypeView {
        self.type_view_at(ty, &mut Vec::new())
    }

    /// `ty` inside the aliases and unions `expanding` (outermost first) being spelled.
    fn type_view_at(&self, ty: &TypeRef, expanding: &mut Vec<TypeId>) -> TypeView {
        let plain = |kind, schema_type, format: Option<&str>| TypeView {
            kind,
            schema_type,
            format: format.map(str::to_owned),
            item: None,
            named: None,
            enum_values: Vec::new(),
            variants: Vec::new(),
            object: None,
            is_array: false,
        };
        match ty {
            TypeRef::String => plain("string", "string", None),
            TypeRef::FormattedString(format) => plain("string", "string", Some(format)),
            // On the wire both are strings, and the docs describe the wire.
            TypeRef::Uuid => plain("string", "string", Some("uuid")),
            TypeRef::Base64Bytes => plain("string", "string", Some("byte")),
            TypeRef::Integer(IntWidth::I32) => plain("integer", "integer", Some("int32")),
            TypeRef::Integer(IntWidth::I64) => plain("integer", "integer", None),
            TypeRef::Number(FloatWidth::F32) => plain("number", "number", Some("float")),
            TypeRef::Number(FloatWidth::F64) => plain("number", "number", None),
            TypeRef::Boolean => plain("boolean", "boolean", None),
            TypeRef::DateTime => plain("date_time", "string", Some("date-time")),
            TypeRef::Date => plain("date", "string", Some("date")),
            TypeRef::Json => plain("json", "any", None),
            TypeRef::Bytes => plain("bytes", "string", Some("binary")),
            TypeRef::File => plain("file", "string", Some("binary")),
            TypeRef::Array(inner) | TypeRef::Map(inner) => {
                let item = self.type_view_at(inner, expanding);
                let is_array = matches!(ty, TypeRef::Array(_));
                TypeView {
                    object: item.object.clone(),
                    item: Some(Box::new(item)),
                    is_array,
                    ..plain(
                        if is_array { "array" } else { "map" },
                        if is_array { "array" } else { "object" },
                        None,
                    )
                }
            }
            TypeRef::Named(id) => self.named_view_of(*id, expanding),
            // The docs describe the wire, which the user's type reads and writes.
            TypeRef::External(external) => self.type_view_at(&external.wire, expanding),
        }
    }

    fn named_view_of(&self, id: TypeId, expanding: &mut Vec<TypeId>) -> TypeView {
        let def = self.api.type_def(id);
        let named = Some(self.named(id));
        let base = TypeView {
            kind: "struct",
            schema_type: "object",
            format: None,
            item: None,
            named: None,
            enum_values: Vec::new(),
            variants: Vec::new(),
            object: None,
            is_array: false,
        };
        // An alias or union spelled inside itself (`Tree: array of Tree`) would be spelled
        // forever: where it comes round again it is any value, under its name.
        let unfolds = matches!(def.kind, TypeKind::Alias(_) | TypeKind::Union(_));
        if unfolds && (expanding.contains(&id) || expanding.len() >= MAX_DEPTH) {
            return TypeView {
                kind: "json",
                schema_type: "any",
                named,
                ..base
            };
        }
        let mut unfold = |ty: &TypeRef| {
            expanding.push(id);
            let view = self.type_view_at(ty, expanding);
            expanding.pop();
            view
        };
        match &def.kind {
            TypeKind::Struct(_) => TypeView {
                object: named.clone(),
                named,
                ..base
            },
            TypeKind::Enum(e) => TypeView {
                kind: "enum",
                schema_type: "string",
                enum_values: e.variants.iter().map(|v| v.name.wire.clone()).collect(),
                named,
                ..base
            },
            // A list or map that holds itself is a union of one variant in the IR (as an alias
            // it would be an infinite Rust type); on the wire it is that variant.
            TypeKind::Union(u) if u.holds_itself => TypeView {
                named,
                ..unfold(&u.variants[0].ty)
            },
            TypeKind::Union(u) => TypeView {
                kind: "union",
                variants: u.variants.iter().map(|v| unfold(&v.ty)).collect(),
                named,
                ..base
            },
            TypeKind::Alias(inner) => TypeView {
                named,
                ..unfold(inner)
            },
        }
    }

    pub fn named(&self, id: TypeId) -> NamedView {
        let def = self.api.type_def(id);
        NamedView {
            key: def.name.rust.clone(),
            schema: schema_name(def),
            rust: def.name.rust.clone(),
            title: def.title.clone(),
            description: def.description.clone(),
            link: self.pages.model_link(id),
        }
    }

    /// A type as its own model page shows it: the Rust model's fields.
    pub fn model(&self, id: TypeId) -> SchemaView {
        self.schema(id, false)
    }

    /// A type as an operation page shows it: the schema the spec defines. Where the IR split
    /// the schema into a request and a response type (readOnly and writeOnly fields), the table
    /// lists the fields of both sides, each marked read-only or write-only, the way API
    /// references document one schema for both directions.
    pub fn documented(&self, id: TypeId) -> Arc<SchemaView> {
        self.documented[id.0]
            .get_or_init(|| Arc::new(self.schema(id, true)))
            .clone()
    }

    fn schema(&self, id: TypeId, both_sides: bool) -> SchemaView {
        let def = self.api.type_def(id);
        let mut view = SchemaView {
            named: self.named(id),
            kind: "struct",
            fields: Vec::new(),
            additional: None,
            enum_values: Vec::new(),
            values: Vec::new(),
            variants: Vec::new(),
            has_default: false,
            combinations_rule: None,
            combinations: Vec::new(),
            union_rule: None,
            union_variants: Vec::new(),
        };
        match &def.kind {
            TypeKind::Struct(s) => {
                let fields: Vec<&Field> = if both_sides {
                    self.fields_of_both_sides(id)
                } else {
                    s.fields.iter().collect()
                };
                view.fields = fields.into_iter().map(|f| self.field(f)).collect();
                if both_sides {
                    self.schema_defaults(def, &mut view.fields);
                }
                view.additional = s.additional.as_ref().map(|a| self.type_view(&a.ty));
                view.has_default =
                    s.union.is_none() && s.fields.iter().all(|f| !f.presence.required);
                if let Some(union) = &s.union {
                    view.union_rule = Some(if union.exactly_one {
                        "exactly one"
                    } else {
                        "at least one"
                    });
                    let shapes = self.type_view(&union.ty);
                    view.union_variants = if shapes.kind == "union" {
                        shapes.variants
                    } else {
                        vec![shapes]
                    };
                }
                if let Some(combinations) = &s.combinations {
                    view.combinations_rule = Some(combinations.rule());
                    view.combinations = combinations
                        .branches
                        .iter()
                        .map(|branch| branch.summary.clone())
                        .collect();
                }
            }
            TypeKind::Enum(e) => {
                view.kind = "enum";
                view.enum_values = e.variants.iter().map(|v| v.name.wire.clone()).collect();
                view.values = e
                    .variants
                    .iter()
                    .map(|v| ValueView {
                        wire: v.name.wire.clone(),
                        rust: v.name.rust.clone(),
                    })
                    .collect();
            }
            TypeKind::Union(u) => {
                view.kind = "union";
                view.variants = u.variants.iter().map(|v| self.type_view(&v.ty)).collect();
            }
            TypeKind::Alias(inner) => {
                let inner = self.type_view(inner);
                view.kind = inner.kind;
                view.variants = vec![inner];
            }
        }
        view
    }

    /// The defaults the schema gives where this type of it has none: a partial-update body
    /// applies no default (absent means unchanged), but documented as its schema, its fields
    /// state the schema's defaults, as the schema's other uses do.
    fn schema_defaults(&self, def: &TypeDef, fields: &mut [FieldView]) {
        if !matches!(def.source, TypeSource::Component(_)) {
            return;
        }
        for view in fields.iter_mut().filter(|view| view.default.is_none()) {
            view.default = self
                .sides_of(def)
                .iter()
                .flat_map(|other| struct_fields(self.api.type_def(*other)))
                .filter(|field| field.name.wire == view.name)
                .find_map(|field| field.spec_default.as_ref().map(value_text));
        }
    }

    /// Every type of `def`'s schema, `def` among them, in type order.
    fn sides_of(&self, def: &'a TypeDef) -> &[TypeId] {
        self.sides
            .get(&schema_of(def))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The fields of a struct together with those its other side of the same schema has: the
    /// fields in the order of the side that has most of them, then the fields the others add,
    /// each as this type has it where it has it (so a partial-update body keeps its optional
    /// fields). Every side of a schema lists the same fields.
    fn fields_of_both_sides(&self, id: TypeId) -> Vec<&'a Field> {
        let api = self.api;
        let def = api.type_def(id);
        let own = struct_fields(def);
        if !matches!(def.source, TypeSource::Component(_)) {
            return own.iter().collect();
        }
        let sides: Vec<&[Field]> = self
            .sides_of(def)
            .iter()
            .map(|other| api.type_def(*other))
            .filter(|other| other.access != def.access)
            .map(struct_fields)
            .chain(std::iter::once(own))
            .collect();
        let fullest = sides
            .iter()
            .copied()
            .max_by_key(|fields| fields.len())
            .unwrap_or(own);
        let mut out: Vec<&Field> = fullest
            .iter()
            .map(|f| {
                own.iter()
                    .find(|mine| mine.name.wire == f.name.wire)
                    .unwrap_or(f)
            })
            .collect();
        // Then the fields only this side has, and those only the others have: both sides'
        // tables list every field of the schema.
        for field in own
            .iter()
            .chain(sides.iter().flat_map(|fields| fields.iter()))
        {
            if !out.iter().any(|f| f.name.wire == field.name.wire) {
                out.push(field);
            }
        }
        out
    }

    pub fn field(&self, field: &Field) -> FieldView {
        let ty = self.type_view(&field.ty);
        let enum_values = match &ty.item {
            Some(item) if ty.enum_values.is_empty() => item.enum_values.clone(),
            _ => ty.enum_values.clone(),
        };
        FieldView {
            name: field.name.wire.clone(),
            rust: field.name.rust.clone(),
            ty,
            required: field.presence.required,
            nullable: field.presence.nullable,
            read_only: field.read_only,
            write_only: field.write_only,
            deprecated: field.deprecated,
            title: field.title.clone(),
            description: field.description.clone(),
            default: field.spec_default.as_ref().map(value_text),
            example: field.example.as_ref().map(value_text),
            enum_values,
        }
    }

    /// The objects a type leads to, breadth first: the tables a page shows for a body (the
    /// body's own object first, then the objects of its fields, and so on, down to
    /// [`TABLE_LEVELS`] fields below the body). A named object is shown once; an inline one
    /// once for each field holding it, since a page can point to an object without a name only
    /// as "the next table". A field holding an object deeper than that names no object, so
    /// that no page points to a table it does not show: its table is narrowed, under a key of
    /// its own, shared by every body that narrows it alike.
    pub fn tables(&self, root: &TypeRef) -> Vec<TableRef> {
        let tables_of = || {
            self.tables_of
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        let made = tables_of().get(root).cloned();
        made.unwrap_or_else(|| {
            // Made outside the lock: two threads making the same body type's make equal tables.
            let tables = self.tables_anew(root);
            tables_of().insert(root.clone(), tables.clone());
            tables
        })
    }

    /// [`Catalog::tables`], made.
    fn tables_anew(&self, root: &TypeRef) -> Vec<TableRef> {
        let mut seen = BTreeMap::new();
        let mut queue = VecDeque::new();
        let mut out = Vec::new();
        enqueue_objects(self.api, root, &mut seen, &mut queue, 0, 0);
        while let Some((id, level)) = queue.pop_front() {
            let view = self.documented(id);
            if level < TABLE_LEVELS {
                for field in self.fields_of_both_sides(id) {
                    enqueue_objects(self.api, &field.ty, &mut seen, &mut queue, level + 1, 0);
                }
                if let TypeKind::Struct(s) = &self.api.type_def(id).kind {
                    if let Some(additional) = &s.additional {
                        enqueue_objects(
                            self.api,
                            &additional.ty,
                            &mut seen,
                            &mut queue,
                            level + 1,
                            0,
                        );
                    }
                }
            }
            out.push(view);
        }
        let shown: HashSet<String> = out.iter().map(|table| table.named.key.clone()).collect();
        // The fields and the values beyond them are what lead to further tables.
        out.into_iter()
            .map(|table| {
                let mut unshown = BTreeSet::new();
                for ty in table
                    .fields
                    .iter()
                    .map(|field| &field.ty)
                    .chain(&table.additional)
                {
                    objects_unshown(ty, &shown, &mut unshown);
                }
                if unshown.is_empty() {
                    return TableRef {
                        key: table.named.key.clone(),
                        table,
                    };
                }
                let key = format!(
                    "{} without {}",
                    table.named.key,
                    unshown.into_iter().collect::<Vec<_>>().join(" ")
                );
                let mut narrowed = self.narrowed.lock().unwrap_or_else(PoisonError::into_inner);
                let table = narrowed
                    .entry(key.clone())
                    .or_insert_with(|| {
                        let mut table = SchemaView::clone(&table);
                        for field in &mut table.fields {
                            name_only_shown(&mut field.ty, &shown);
                        }
                        if let Some(additional) = &mut table.additional {
                            name_only_shown(additional, &shown);
                        }
                        Arc::new(table)
                    })
                    .clone();
                TableRef { key, table }
            })
            .collect()
    }
}

/// How many fields below a body a page shows objects' tables: the styles that nest an object's
/// fields under the field holding it go three (`mintlify`) and four (`docusaurus`) levels down,
/// and an API whose objects hold each other (Stripe's: an invoice holds its customer, who holds
/// invoices…) would otherwise show every object it has on every page.
///
/// A template that follows fields' objects through `schemas[field.type.object.key]` (rather
/// than listing a body's `tables`) may go this deep and no deeper: every object within it has
/// its table in `schemas`, but a link from a table at this level may name an object no page
/// shows, whose key `schemas` does not hold.
const TABLE_LEVELS: usize = 4;

/// Adds to `unshown` the keys of the objects `ty` names (its own, its items' and its
/// variants') that have no table in `shown`.
fn objects_unshown<'v>(ty: &'v TypeView, shown: &HashSet<String>, unshown: &mut BTreeSet<&'v str>) {
    if let Some(object) = ty
        .object
        .as_ref()
        .filter(|object| !shown.contains(&object.key))
    {
        unshown.insert(&object.key);
    }
    if let Some(item) = &ty.item {
        objects_unshown(item, shown, unshown);
    }
    for variant in &ty.variants {
        objects_unshown(variant, shown, unshown);
    }
}

/// Forgets the objects of `ty` (its own, its items' and its variants') that have no table in
/// `shown`.
fn name_only_shown(ty: &mut TypeView, shown: &HashSet<String>) {
    if ty
        .object
        .as_ref()
        .is_some_and(|object| !shown.contains(&object.key))
    {
        ty.object = None;
    }
    if let Some(item) = &mut ty.item {
        name_only_shown(item, shown);
    }
    for variant in &mut ty.variants {
        name_only_shown(variant, shown);
    }
}

/// Queues the structs a type use holds (through arrays, maps, aliases and unions).
fn enqueue_objects(
    api: &Api,
    ty: &TypeRef,
    seen: &mut BTreeMap<TypeId, usize>,
    queue: &mut VecDeque<(TypeId, usize)>,
    level: usize,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => {
            enqueue_objects(api, inner, seen, queue, level, depth)
        }
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Struct(_) => {
                let times = seen.entry(*id).or_default();
                let inline = schema_name(api.type_def(*id)).is_empty();
                if *times == 0 || (inline && *times < MAX_DEPTH) {
                    *times += 1;
                    queue.push_back((*id, level));
                }
            }
            TypeKind::Union(u) => {
                for variant in &u.variants {
                    enqueue_objects(api, &variant.ty, seen, queue, level, depth + 1);
                }
            }
            TypeKind::Alias(inner) => enqueue_objects(api, inner, seen, queue, level, depth + 1),
            TypeKind::Enum(_) => {}
        },
        _ => {}
    }
}

fn struct_fields(def: &TypeDef) -> &[Field] {
    match &def.kind {
        TypeKind::Struct(s) => &s.fields,
        _ => &[],
    }
}

/// The schema name a type is documented under: its component's name; for an inline `allOf`
/// whose every property comes from one component (a use that only tightens `required`, say),
/// that component's name; otherwise none, as for any inline schema.
fn schema_name(def: &TypeDef) -> String {
    if let TypeSource::Component(name) = &def.source {
        return name.clone();
    }
    let fields = struct_fields(def);
    let mut names = fields.iter().map(|field| field.declared_in.clone());
    match names.next() {
        Some(Some(first)) if names.all(|name| name.as_deref() == Some(first.as_str())) => first,
        _ => String::new(),
    }
}

/// A JSON value as docs show it: strings bare, anything else as JSON.
pub(super) fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ir, spec};

    /// `L0` holds `L1`, which holds `L2`, … down to `L7`.
    fn chain() -> Api {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: Chain, version: '1'}\npaths:\n  /l:\n    post:\n      \
             operationId: post\n      requestBody:\n        content:\n          \
             application/json:\n            schema: {$ref: '#/components/schemas/L0'}\n      \
             responses:\n        '204': {description: Done.}\ncomponents:\n  schemas:\n",
        );
        for level in 0..8 {
            text.push_str(&format!(
                "    L{level}:\n      type: object\n      properties:\n        name: {{type: string}}\n"
            ));
            if level < 7 {
                text.push_str(&format!(
                    "        next: {{$ref: '#/components/schemas/L{}'}}\n",
                    level + 1
                ));
            }
        }
        let spec = spec::parse("chain.yaml", "chain", &text).unwrap_or_else(|err| panic!("{err}"));
        ir::lower(&spec).unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn a_page_shows_objects_four_fields_below_its_body_and_points_to_none_further() {
        let api = chain();
        let pages = Pages::plan(&api, &[]);
        let catalog = Catalog::new(&api, &pages);
        let body = api.operations[0].request_body.as_ref().expect("a body");
        let ty = match &body.ty {
            Some(ir::BodyType::One(ty)) => ty.clone(),
            other => panic!("one body type, not {other:?}"),
        };
        let tables = catalog.tables(&ty);
        let names: Vec<&str> = tables.iter().map(|t| t.named.schema.as_str()).collect();
        assert_eq!(names, ["L0", "L1", "L2", "L3", "L4"]);
        let next = |table: &SchemaView| {
            let field = table
                .fields
                .iter()
                .find(|f| f.name == "next")
                .expect("next");
            field.ty.object.as_ref().map(|object| object.schema.clone())
        };
        assert_eq!(next(&tables[3]).as_deref(), Some("L4"));
        // L5 has no table on the page, so L4's field names no object to look for below.
        assert_eq!(next(&tables[4]), None);
        assert_eq!(tables[4].fields.len(), 2);
        // The table shared with other pages keeps its object.
        let l4 = api
            .types
            .iter()
            .position(|def| def.name.rust == "L4")
            .expect("L4");
        assert_eq!(next(&catalog.documented(TypeId(l4))).as_deref(), Some("L5"));
        // The narrowed table has a key of its own; the others are their objects' keys.
        let keys: Vec<&str> = tables.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["L0", "L1", "L2", "L3", "L4 without L5"]);
        // A body that narrows it alike shares it, and the API's tables hold every key a body
        // names and every object a table above the last level points to.
        let again = catalog.tables(&TypeRef::Named(TypeId(
            api.types
                .iter()
                .position(|def| def.name.rust == "L0")
                .expect("L0"),
        )));
        assert!(Arc::ptr_eq(&again[4].table, &tables[4].table));
        let all = catalog.into_tables();
        for table in &tables {
            assert!(all.contains_key(&table.key), "{} is in schemas", table.key);
        }
        for table in &tables[..4] {
            for field in &table.fields {
                if let Some(object) = &field.ty.object {
                    assert!(
                        all.contains_key(&object.key),
                        "{} is in schemas",
                        object.key
                    );
                }
            }
        }
        assert_eq!(all["L4 without L5"].named.key, "L4");
    }
}
