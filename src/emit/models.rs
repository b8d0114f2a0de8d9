//! The models crate of an API: serde types for every schema, per operation its parameter
//! structs and response enum, and the enum of its webhooks ([`webhooks`]).

mod derives;
mod webhooks;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use derives::Derives;

use super::rust::{
    doc_line, docs, ident, inner_docs, named_in, print_file, print_file_par, raw_string,
    type_tokens, uses_base64, uses_chrono, uses_uuid,
};
use crate::error::Result;
use crate::ir::{
    Api, BodyType, Enum, ExampleTest, Field, Holding, Media, Operation, Response, Status, Struct,
    TypeDef, TypeId, TypeKind, TypeRef, TypeSource, Union,
};
use crate::output::FileSet;
use crate::templates::Templates;

/// The crate's package name (`awx-models`).
pub fn package_name(api: &Api) -> String {
    api.models_crate.wire.clone()
}

/// All files of the models crate, relative to the crate's folder.
pub fn emit(api: &Api, templates: &Templates) -> Result<FileSet> {
    let mut files = FileSet::default();
    let chrono = api_uses(api, uses_chrono);
    let uuid = api_uses(api, uses_uuid);
    let mut context = tera::Context::new();
    context.insert("package", &package_name(api));
    context.insert("manifest", &api.package);
    context.insert("dependencies", &api.dependencies);
    context.insert("runtime_version", super::runtime::VERSION);
    context.insert("kind", "models");
    context.insert("library", &api.models_crate.rust);
    context.insert("description", &api.description);
    context.insert("server_trait", &api.server_trait);
    context.insert("api", &api.name);
    context.insert("spec_file", &api.origin.file);
    context.insert("title", &api.title);
    context.insert("version", &api.version);
    context.insert("chrono", &chrono);
    context.insert("uuid", &uuid);
    files.insert(
        "src/lib.rs",
        print_file(&format!("{}/models/src/lib.rs", api.name), lib_rs(api))?,
    );
    // The three large files are independent: each is built and printed on its own core (token
    // streams stay on the thread that made them; only the text crosses).
    let file = |name: &str| format!("{}/models/src/{name}", api.name);
    // Which configured derives each type can take, planned once for both files.
    let derives = Derives::plan(api);
    let (types, (operations, examples)) = rayon::join(
        || {
            let (head, defs) = types_rs(api);
            print_file_par(&file("types.rs"), head, &defs, |&(id, def)| {
                type_item(api, def, &derives, id)
            })
        },
        || {
            rayon::join(
                || {
                    print_file_par(
                        &file("operations.rs"),
                        operations_rs(api),
                        &api.operations,
                        |op| operation_items(api, op, &derives),
                    )
                },
                || {
                    examples_rs(api)
                        .map(|(head, tests)| {
                            print_file_par(
                                &format!("{}/models/tests/examples/round_trips.rs", api.name),
                                head,
                                &tests,
                                |&(example, unordered)| example_test(api, example, unordered),
                            )
                        })
                        .transpose()
                },
            )
        },
    );
    files.insert("src/types.rs", types?);
    files.insert("src/operations.rs", operations?);
    if let Some(webhooks) = webhooks::webhooks_rs(api) {
        files.insert(
            "src/webhooks.rs",
            print_file(&file("webhooks.rs"), webhooks)?,
        );
    }
    // The examples' round trips are an integration test of the crate, not a module of it:
    // `cargo test` then checks the crate once, and the small test crate beside it.
    if let Some(examples) = examples? {
        files.insert(
            "tests/examples.rs",
            print_file(
                &format!("{}/models/tests/examples.rs", api.name),
                examples_root(api),
            )?,
        );
        files.insert("tests/examples/round_trips.rs", examples);
    }
    files.insert(
        "Cargo.toml",
        templates.render("crate/models.Cargo.toml", &context)?,
    );
    files.insert("README.md", templates.render("crate/README.md", &context)?);
    Ok(files)
}

/// Whether any type the crate spells (in its types, its response enums or its examples' tests)
/// is one that `uses` says needs something: a dependency, a re-export.
pub(super) fn api_uses(api: &Api, uses: fn(&TypeRef) -> bool) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| uses(&f.ty))
                || s.additional.as_ref().is_some_and(|a| uses(&a.ty))
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| uses(&v.ty)),
        TypeKind::Alias(ty) => uses(ty),
        TypeKind::Enum(_) => false,
    }) || api.operations.iter().flat_map(|op| &op.responses).any(|r| {
        r.body.iter().flat_map(|b| b.types()).any(uses) || r.headers.iter().any(|h| uses(&h.ty))
    }) || api
        .operations
        .iter()
        .filter_map(|op| op.request_body.as_ref()?.ty.as_ref())
        .filter(|body| body.one().is_none())
        .flat_map(|body| body.types())
        .any(uses)
        || api
            .webhooks
            .iter()
            .filter_map(|w| w.payload.as_ref()?.ty.as_ref())
            .flat_map(|body| body.types())
            .any(uses)
        || api.examples.iter().any(|example| uses(&example.ty))
}

fn lib_rs(api: &Api) -> TokenStream {
    let title = format!("Models of {} {}.", api.title, api.version);
    let origin = format!(
        "Generated by specforge from `{}`; do not edit by hand. Run `cargo xtask generate` after changing the spec.",
        api.origin.file
    );
    let crate_docs = inner_docs([
        title.as_str(),
        api.description.as_deref().unwrap_or(""),
        origin.as_str(),
    ]);
    // The modules are printed by prettyplease, not rustfmt: `rustfmt::skip` keeps `cargo fmt`
    // from rewriting them, which would make `generated/` drift from the generator.
    let webhooks = api.webhook_type.as_ref().map(|_| {
        quote! {
            #[rustfmt::skip]
            mod webhooks;
        }
    });
    let webhooks_use = api.webhook_type.as_ref().map(|_| {
        quote!(
            pub use webhooks::*;
        )
    });
    // A glob import of an empty module is an unused import.
    let operations_use = (!api.operations.is_empty()).then(|| {
        quote!(
            pub use operations::*;
        )
    });
    let types_use = api
        .types
        .iter()
        .any(|def| !is_operation_type(def))
        .then(|| {
            quote!(
                pub use types::*;
            )
        });
    let file_part_use = api.types.iter().any(holds_files).then(|| {
        quote!(
            pub use specforge_runtime::FilePart;
        )
    });
    // The types spell it by its path; the re-export lets users name it from this crate.
    let base64_use = api_uses(api, uses_base64).then(|| {
        quote!(
            pub use specforge_runtime::Base64Bytes;
        )
    });
    quote! {
        #crate_docs

        #[rustfmt::skip]
        mod operations;
        #[rustfmt::skip]
        mod types;
        #webhooks

        #operations_use
        #base64_use
        #file_part_use
        pub use specforge_runtime::Nullable;
        #types_use
        #webhooks_use
    }
}

/// Whether the optional, non-nullable fields of a type refuse `null`: those of every type a
/// request can carry are held to the spec. Types read only from responses stay lenient, so
/// that a server sending `null` for an absent value does not break its clients.
fn rejects_null(def: &TypeDef) -> bool {
    def.in_request
}

/// The head of `types.rs`, and the types it holds, each printed by [`type_item`].
fn types_rs(api: &Api) -> (TokenStream, Vec<(TypeId, &TypeDef)>) {
    let defs: Vec<(TypeId, &TypeDef)> = api
        .types
        .iter()
        .enumerate()
        .map(|(index, def)| (TypeId(index), def))
        .filter(|(_, def)| !is_operation_type(def))
        .collect();
    let nullable = defs.iter().any(|(_, def)| has_tristate(def)).then(|| {
        quote!(
            use crate::Nullable;
        )
    });
    // An alias derives nothing: a file of aliases alone needs no serde.
    let derives_serde = defs
        .iter()
        .any(|(_, def)| def.same_as.is_none() && !matches!(def.kind, TypeKind::Alias(_)));
    let serde = derives_serde.then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let file_part = defs.iter().any(|(_, def)| holds_files(def)).then(|| {
        quote!(
            use crate::FilePart;
        )
    });
    let head = quote! {
        //! One type per schema of the spec; inline schemas are named after where they appear.

        #serde
        #file_part
        #nullable
    };
    (head, defs)
}

fn has_tristate(def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .any(|f| matches!(f.holding(), Holding::Tristate)),
        _ => false,
    }
}

/// Whether a type has file parts (of a multipart body) among its fields.
fn holds_files(def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| f.ty.holds_files()),
        _ => false,
    }
}

/// Parameter structs live with their operation, in `operations.rs`.
fn is_operation_type(def: &TypeDef) -> bool {
    def.source == TypeSource::Parameters
}

/// The type's doc comment: its title and description (or where it is), and then `note`.
fn type_docs(def: &TypeDef, note: Option<&str>) -> TokenStream {
    let origin = match &def.source {
        TypeSource::Component(name) => format!("The `{name}` schema."),
        TypeSource::Inline | TypeSource::Parameters => {
            format!("Inline schema at `{}`.", def.origin.display())
        }
    };
    let fallback = (def.title.is_none() && def.description.is_none()).then_some(origin.as_str());
    docs(
        def.title
            .as_deref()
            .into_iter()
            .chain(def.description.as_deref())
            .chain(fallback)
            .chain(note),
    )
}

fn type_item(api: &Api, def: &TypeDef, derives: &Derives, id: TypeId) -> TokenStream {
    let name = ident(&def.name.rust);
    if let Some(same) = def.same_as {
        let first = &api.types[same.0].name.rust;
        let note = format!("The same type as [`{first}`], which the spec writes out again here.");
        let doc = type_docs(def, Some(&note));
        let first = ident(first);
        return quote! {
            #doc
            pub type #name = #first;
        };
    }
    // Enums of strings derive `Eq` and `Hash` already.
    let already: &[&str] = match &def.kind {
        TypeKind::Enum(_) => &["Eq", "Hash"],
        _ => &[],
    };
    let (notes, extra) = derives.of(id, already);
    let doc = type_docs(def, None);
    let doc = quote!(#doc #notes);
    match &def.kind {
        TypeKind::Struct(s) => struct_item(api, def, s, doc, extra),
        TypeKind::Enum(e) => enum_item(def, e, doc, extra),
        TypeKind::Union(u) => union_item(api, def, u, doc, extra),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(api, ty);
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

/// A struct; `extra` holds the configured derives it gets, and why it lacks the others.
fn struct_item(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    doc: TokenStream,
    extra: TokenStream,
) -> TokenStream {
    let name = ident(&def.name.rust);
    let doc = match &s.combinations {
        Some(combinations) => {
            let how = combinations.rule();
            let key = combinations.keyword();
            let intro = format!(
                " The fields must fit {how} of these combinations (`{key}`). Deserialising does \
                 not check them; the generated server checks them in the request bodies and \
                 parameters it reads, before calling the implementation."
            );
            let lines = combinations
                .branches
                .iter()
                .enumerate()
                .map(|(index, branch)| doc_line(&format!(" {}. {}.", index + 1, branch.summary)));
            let excluded = combinations
                .excluded
                .iter()
                .map(|branch| doc_line(&format!(" Not allowed (`not`): {}.", branch.summary)));
            quote! {
                #doc
                #[doc = ""]
                #[doc = #intro]
                #[doc = ""]
                #(#[doc = #lines])*
                #(#[doc = ""] #[doc = #excluded])*
            }
        }
        None => doc,
    };
    let mut fields = Vec::new();
    let mut default_fns = Vec::new();
    let mut default_inits = Vec::new();
    let mut all_optional = true;
    for field in &s.fields {
        let field_name = ident(&field.name.rust);
        let mut ty = type_tokens(api, &field.ty);
        if field.boxed {
            ty = quote!(Box<#ty>);
        }
        let mut serde_args: Vec<TokenStream> = Vec::new();
        if field.name.wire != field.name.bare() {
            let wire = &field.name.wire;
            serde_args.push(quote!(rename = #wire));
        }
        let held = match field.holding() {
            Holding::Plain => {
                all_optional = false;
                ty
            }
            Holding::RequiredNullable => {
                all_optional = false;
                serde_args.push(quote!(
                    deserialize_with = "specforge_runtime::nullable::required"
                ));
                quote!(Option<#ty>)
            }
            Holding::Optional => {
                serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
                if rejects_null(def) {
                    serde_args.push(quote!(
                        deserialize_with = "specforge_runtime::nullable::non_null"
                    ));
                }
                default_inits.push(quote!(#field_name: None));
                quote!(Option<#ty>)
            }
            Holding::Tristate => {
                serde_args.push(quote!(default, skip_serializing_if = "Nullable::is_absent"));
                default_inits.push(quote!(#field_name: Nullable::Absent));
                quote!(Nullable<#ty>)
            }
            Holding::Defaulted => {
                let fn_name = field.default_fn.clone().unwrap_or_default();
                let fn_ident = format_ident!("{}", fn_name);
                let path = format!("{}::{fn_name}", def.name.rust);
                serde_args.push(quote!(default = #path));
                let value = field
                    .default
                    .as_ref()
                    .map(|v| default_value(api, &field.ty, v));
                let doc = format!(" The default of `{}.{}`.", def.name.rust, field.name.wire);
                default_fns.push(quote! {
                    #[doc = #doc]
                    fn #fn_ident() -> #ty {
                        #value
                    }
                });
                default_inits.push(quote!(#field_name: Self::#fn_ident()));
                ty
            }
        };
        let attrs = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        let field_doc = field_docs(field);
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        fields.push(quote! {
            #field_doc
            #deprecated
            #attrs
            pub #field_name: #held,
        });
    }
    if let Some(union) = &s.union {
        let field_name = ident(&union.name);
        let mut ty = type_tokens(api, &union.ty);
        if union.boxed {
            ty = quote!(Box<#ty>);
        }
        let how = if union.exactly_one {
            "exactly one"
        } else {
            "at least one"
        };
        let doc = format!(
            " The keys of {how} of the shapes the schema combines with the fields above, in \
             the same JSON object."
        );
        all_optional = false;
        fields.push(quote! {
            #[doc = #doc]
            #[serde(flatten)]
            pub #field_name: #ty,
        });
    }
    if let Some(additional) = &s.additional {
        let field_name = ident(&additional.name);
        let ty = type_tokens(api, &additional.ty);
        fields.push(quote! {
            /// Properties beyond those the schema lists.
            #[serde(flatten)]
            pub #field_name: std::collections::BTreeMap<String, #ty>,
        });
        default_inits.push(quote!(#field_name: std::collections::BTreeMap::new()));
    }
    let default_fns_impl = (!default_fns.is_empty()).then(|| {
        quote! {
            impl #name {
                #(#default_fns)*
            }
        }
    });
    // Every field optional: `Default` is the empty value (with the spec's defaults applied).
    let derive_default = (all_optional && default_fns.is_empty()).then(|| quote!(Default,));
    let default_impl = (all_optional && !default_fns.is_empty()).then(|| {
        quote! {
            // A deprecated field is still a field to initialise.
            #[allow(deprecated)]
            impl Default for #name {
                fn default() -> Self {
                    Self { #(#default_inits),* }
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, #derive_default PartialEq, Serialize, Deserialize)]
        #extra
        pub struct #name {
            #(#fields)*
        }

        #default_impl

        #default_fns_impl
    }
}

fn field_docs(field: &Field) -> TokenStream {
    let default_note = field
        .spec_default
        .as_ref()
        .map(|value| format!("Default: `{value}`."));
    let read_only = field
        .read_only
        .then_some("Read-only: set by the server, never sent in a request.");
    let write_only = field
        .write_only
        .then_some("Write-only: sent in requests, never returned.");
    docs(
        field
            .title
            .as_deref()
            .into_iter()
            .chain(field.description.as_deref())
            .chain(default_note.as_deref())
            .chain(read_only)
            .chain(write_only),
    )
}

/// A Rust expression for a spec default the type can hold (checked during lowering).
fn default_value(api: &Api, ty: &TypeRef, value: &serde_json::Value) -> TokenStream {
    match (ty, value) {
        (TypeRef::Named(id), serde_json::Value::String(text)) => {
            let def = api.type_def(*id);
            let type_name = ident(&def.name.rust);
            match &def.kind {
                TypeKind::Enum(e) => match e.variants.iter().find(|v| &v.name.wire == text) {
                    Some(variant) => {
                        let variant = ident(&variant.name.rust);
                        quote!(#type_name::#variant)
                    }
                    None => quote!(Default::default()),
                },
                _ => quote!(Default::default()),
            }
        }
        (_, serde_json::Value::String(text)) if text.is_empty() => quote!(String::new()),
        (_, serde_json::Value::String(text)) => quote!(String::from(#text)),
        (_, serde_json::Value::Bool(flag)) => quote!(#flag),
        (TypeRef::Integer(_), serde_json::Value::Number(number)) => {
            let literal = proc_macro2::Literal::i64_unsuffixed(number.as_i64().unwrap_or_default());
            quote!(#literal)
        }
        (_, serde_json::Value::Number(number)) => {
            let literal = proc_macro2::Literal::f64_unsuffixed(number.as_f64().unwrap_or_default());
            quote!(#literal)
        }
        _ => quote!(Default::default()),
    }
}

fn enum_item(def: &TypeDef, e: &Enum, doc: TokenStream, extra: TokenStream) -> TokenStream {
    let name = ident(&def.name.rust);
    let variants: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|variant| {
            let variant_ident = ident(&variant.name.rust);
            let wire = &variant.name.wire;
            let variant_doc = format!(" `{wire}`");
            quote! {
                #[doc = #variant_doc]
                #[serde(rename = #wire)]
                #variant_ident
            }
        })
        .collect();
    let arms: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|variant| {
            let variant_ident = ident(&variant.name.rust);
            let wire = &variant.name.wire;
            quote!(Self::#variant_ident => #wire)
        })
        .collect();
    match &e.unknown {
        Some(unknown) => {
            let unknown = ident(&unknown.rust);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
                #extra
                pub enum #name {
                    #(#variants,)*
                    /// A value the spec does not list, kept as sent so that newer servers do not
                    /// break this client.
                    #[serde(untagged)]
                    #unknown(String),
                }

                impl #name {
                    /// The value as it is on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(#arms,)*
                            Self::#unknown(value) => value,
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            }
        }
        None => quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
            #extra
            pub enum #name {
                #(#variants,)*
            }

            impl #name {
                /// The value as it is on the wire.
                pub fn as_str(&self) -> &'static str {
                    match self {
                        #(#arms,)*
                    }
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        },
    }
}

fn union_item(
    api: &Api,
    def: &TypeDef,
    u: &Union,
    doc: TokenStream,
    extra: TokenStream,
) -> TokenStream {
    let name = ident(&def.name.rust);
    let variants: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|variant| {
            let variant_ident = ident(&variant.name.rust);
            let mut ty = type_tokens(api, &variant.ty);
            if variant.boxed {
                ty = quote!(Box<#ty>);
            }
            let variant_doc = match &variant.tag {
                Some(tag) => format!(
                    " Selected by `{}: \"{tag}\"`.",
                    u.discriminator.as_deref().unwrap_or_default()
                ),
                None => format!(" A `{}` value.", variant.name.rust),
            };
            quote! {
                #[doc = #variant_doc]
                #variant_ident(#ty)
            }
        })
        .collect();
    let how = if u.holds_itself {
        "It holds itself, so it is an enum of its one shape rather than an alias, which would be \
         an infinite type; it reads and writes as that shape."
    } else if u.any_of {
        "Any of several shapes (`anyOf`); the first that fits is read."
    } else {
        "One of several shapes (`oneOf`)."
    };
    let how_doc = format!(" {how}");
    let Some(property) = &u.discriminator else {
        return quote! {
            #doc
            #[doc = ""]
            #[doc = #how_doc]
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #extra
            #[serde(untagged)]
            pub enum #name {
                #(#variants,)*
            }
        };
    };
    let expected = u
        .variants
        .iter()
        .filter_map(|v| v.tag.as_deref())
        .map(|tag| format!("\"{tag}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let arms: Vec<TokenStream> = u
        .variants
        .iter()
        .filter_map(|variant| {
            let tag = variant.tag.as_ref()?;
            let variant_ident = ident(&variant.name.rust);
            let wrap = if variant.boxed {
                quote!(|value| Self::#variant_ident(Box::new(value)))
            } else {
                quote!(Self::#variant_ident)
            };
            Some(quote! {
                Some(#tag) => serde_json::from_value(value).map(#wrap).map_err(D::Error::custom)
            })
        })
        .collect();
    let unknown_message = format!("unknown `{property}` \"{{other}}\": expected one of {expected}");
    quote! {
        #doc
        #[doc = ""]
        #[doc = #how_doc]
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #extra
        #[serde(untagged)]
        pub enum #name {
            #(#variants,)*
        }

        impl<'de> Deserialize<'de> for #name {
            /// Reads the discriminator first, then the variant it names.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms,)*
                    Some(other) => Err(D::Error::custom(format!(#unknown_message))),
                    None => Err(D::Error::missing_field(#property)),
                }
            }
        }
    }
}

/// The head of `operations.rs`; each operation's items follow it ([`operation_items`]).
fn operations_rs(api: &Api) -> TokenStream {
    let param_defs: Vec<&TypeDef> = api
        .operations
        .iter()
        .flat_map(|op| &op.param_structs)
        .map(|params| api.type_def(params.id))
        .collect();
    // The schema types this file mentions, imported by name.
    let mut used = Vec::new();
    for def in &param_defs {
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                named_in(&field.ty, &mut used);
            }
        }
    }
    let request_enums = api
        .operations
        .iter()
        .filter_map(|op| op.request_body.as_ref()?.ty.as_ref())
        .filter(|body| body.one().is_none());
    for ty in request_enums.flat_map(|body| body.types()) {
        named_in(ty, &mut used);
    }
    for response in api.operations.iter().flat_map(|op| &op.responses) {
        for body in response.body.iter().flat_map(|body| body.types()) {
            named_in(body, &mut used);
        }
        for header in response.headers.iter().filter(|h| !h.framework) {
            named_in(&header.ty, &mut used);
        }
    }
    let mut used: Vec<String> = used
        .into_iter()
        .map(|id| api.type_def(id).name.rust.clone())
        .collect();
    used.sort();
    used.dedup();
    let used: Vec<_> = used.iter().map(|name| ident(name)).collect();
    let types = (!used.is_empty()).then(|| quote!(use crate::types::{#(#used),*};));
    let serde = (!param_defs.is_empty()).then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let nullable = param_defs.iter().any(|def| has_tristate(def)).then(|| {
        quote!(
            use crate::Nullable;
        )
    });
    let head = quote! {
        //! Per operation: its parameter structs and its response enum, with one variant per
        //! documented status or status range.

        #serde
        #nullable
        #types
    };
    head
}

fn operation_items(api: &Api, op: &Operation, derives: &Derives) -> TokenStream {
    let params = op
        .param_structs
        .iter()
        .map(|params| type_item(api, api.type_def(params.id), derives, params.id));
    let name = ident(&op.response_type.rust);
    let summary = format!(
        "Responses of `{}`: `{} {}`.",
        op.name.wire, op.method, op.path
    );
    let doc = docs([summary.as_str()].into_iter().chain(op.summary.as_deref()));
    let variants = op
        .responses
        .iter()
        .map(|response| response_variant(api, response));
    let arms = op.responses.iter().map(response_status_arm);
    let request_enum = op.request_body.as_ref().and_then(|body| {
        let what = format!("The request body of `{}`", op.name.wire);
        media_enum_item(api, body.ty.as_ref()?, &body.content, &what)
    });
    let response_enums = op.responses.iter().filter_map(|response| {
        let what = format!(
            "The `{}` response body of `{}`",
            response.status_text, op.name.wire
        );
        media_enum_item(api, response.body.as_ref()?, &response.content, &what)
    });
    quote! {
        #(#params)*

        #request_enum

        #(#response_enums)*

        #doc
        // A response is built once per request and moved straight into the HTTP response:
        // boxing its largest body would cost every implementor a `Box::new` for nothing.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The HTTP status code of this response.
            pub fn status(&self) -> u16 {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn response_variant(api: &Api, response: &Response) -> TokenStream {
    let variant = ident(&response.variant.rust);
    let status_doc = format!("`{}`: {}", response.status_text, response.description);
    let doc = docs([status_doc.as_str()]);
    let body = response.body.as_ref().map(|ty| body_tokens(api, ty));
    let headers: Vec<TokenStream> = response
        .headers
        .iter()
        .filter(|header| !header.framework)
        .map(|header| {
            let name = ident(&header.name.rust);
            let ty = type_tokens(api, &header.ty);
            let ty = if header.required {
                ty
            } else {
                quote!(Option<#ty>)
            };
            let header_doc = docs(
                [format!("The `{}` header.", header.name.wire).as_str()]
                    .into_iter()
                    .chain(header.description.as_deref()),
            );
            quote! {
                #header_doc
                #name: #ty,
            }
        })
        .collect();
    let has_status = !matches!(response.status, Status::Code(_));
    match (has_status, body, headers.is_empty()) {
        (false, None, true) => quote! {
            #doc
            #variant,
        },
        (false, Some(body), true) => quote! {
            #doc
            #variant(#body),
        },
        (has_status, body, _) => {
            let status = has_status.then(|| {
                quote! {
                    /// The status code sent.
                    status: u16,
                }
            });
            let body = body.map(|body| {
                quote! {
                    /// The response body.
                    body: #body,
                }
            });
            quote! {
                #doc
                #variant {
                    #status
                    #body
                    #(#headers)*
                },
            }
        }
    }
}

/// A body's type as the models crate spells it: its one type, or its enum per media type.
pub(super) fn body_tokens(api: &Api, body: &BodyType) -> TokenStream {
    match body {
        BodyType::One(ty) => type_tokens(api, ty),
        BodyType::PerMedia(body) => {
            let name = ident(&body.name.rust);
            quote!(#name)
        }
    }
}

/// The enum of a body whose media types have different schemas: a variant per schema, named
/// for its media type, which says which variant a body is. It has no
/// serde form of its own: each variant is read and written as its media type says.
fn media_enum_item(
    api: &Api,
    body: &BodyType,
    content: &[Media],
    what: &str,
) -> Option<TokenStream> {
    let BodyType::PerMedia(body) = body else {
        return None;
    };
    let name = ident(&body.name.rust);
    let summary = format!("{what}, by its media type, which says which variant it is.");
    let doc = docs([summary.as_str()]);
    let variants = body.variants.iter().map(|variant| {
        let media: Vec<String> = variant
            .media
            .iter()
            .filter_map(|&i| content.get(i))
            .map(|media| format!("`{}`", media.media_type))
            .collect();
        let variant_doc = format!("Sent as {}.", media.join(" or "));
        let variant_doc = docs([variant_doc.as_str()]);
        let variant_name = ident(&variant.name.rust);
        let ty = type_tokens(api, &variant.ty);
        quote! {
            #variant_doc
            #variant_name(#ty),
        }
    });
    Some(quote! {
        #doc
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn response_status_arm(response: &Response) -> TokenStream {
    let variant = ident(&response.variant.rust);
    let has_fields = response.body.is_some() || response.headers.iter().any(|h| !h.framework);
    match response.status {
        Status::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            let tuple = response.headers.iter().all(|h| h.framework);
            match (response.body.is_some(), has_fields && !tuple) {
                (_, true) => quote!(Self::#variant { .. } => #code,),
                (true, false) => quote!(Self::#variant(..) => #code,),
                (false, false) => quote!(Self::#variant => #code,),
            }
        }
        Status::Range(_) | Status::Default => quote!(Self::#variant { status, .. } => *status,),
    }
}

/// A round-trip test for every JSON example in the spec: read into its type, written back, the
/// bytes are the same (so absent stays absent and `null` stays `null`): the file's head (its
/// helpers), and each example with whether it is compared as a value ([`example_test`]).
fn examples_rs(api: &Api) -> Option<(TokenStream, Vec<(&ExampleTest, bool)>)> {
    if api.examples.is_empty() {
        return None;
    }
    // serde_json's `Value` keeps object keys sorted or in insertion order depending on the
    // features of the whole build, so an example of a free-form object is compared as a value.
    let tests: Vec<(&ExampleTest, bool)> = api
        .examples
        .iter()
        .map(|example| (example, free_form_object(api, &example.ty, &example.value)))
        .collect();
    let by_value = tests.iter().any(|&(_, unordered)| unordered);
    let by_bytes = tests.iter().any(|&(_, unordered)| !unordered);
    let bytes_helper = by_bytes.then(|| {
        quote! {
        /// Reads `json` into `T` and writes it back: the bytes must be `expected`, which is `json`
        /// itself, or `json` with its keys in the order of the type's fields where the example
        /// lists them in another order.
        fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(json: &str, expected: &str) {
            let value: T = match serde_json::from_str(json) {
                Ok(value) => value,
                Err(err) => panic!("the example does not deserialise: {err}\n{json}"),
            };
            let written = serde_json::to_string(&value).unwrap_or_else(|err| panic!("cannot serialise: {err}"));
            assert_eq!(written, expected, "the example does not round-trip");
        }
        }
    });
    let value_helper = by_value.then(|| {
        quote! {
        /// Reads `json` into `T` and writes it back: the result must be the same JSON value
        /// (absent stays absent and `null` stays `null`; only the order of keys may differ).
        fn round_trip_as_value<T: serde::Serialize + serde::de::DeserializeOwned>(json: &str) {
            let value: T = match serde_json::from_str(json) {
                Ok(value) => value,
                Err(err) => panic!("the example does not deserialise: {err}\n{json}"),
            };
            let written = serde_json::to_value(&value).unwrap_or_else(|err| panic!("cannot serialise: {err}"));
            let read: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|err| panic!("{err}"));
            assert_eq!(written, read, "the example does not round-trip");
        }
        }
    });
    let head = quote! {
        //! Every JSON example of the spec, read into its type and written back byte for byte.

        use super::*;

        #bytes_helper
        #value_helper
    };
    Some((head, tests))
}

/// The round-trip test of one example, compared as a value if `unordered`.
fn example_test(api: &Api, example: &ExampleTest, unordered: bool) -> TokenStream {
    let fn_name = ident(&example.test_name);
    let ty = &example.ty;
    // Raw strings: the JSON reads as itself, quotes unescaped.
    let literal = |json: String| raw_string(&json).unwrap_or_else(|| Literal::string(&json));
    let json = literal(serde_json::to_string(&example.value).unwrap_or_default());
    let doc = format!(" From `{}`.", example.origin.display());
    let call = if unordered {
        let ty = type_tokens(api, ty);
        quote!(round_trip_as_value::<#ty>(#json);)
    } else {
        let expected = literal(
            serde_json::to_string(&in_field_order(api, ty, &example.value)).unwrap_or_default(),
        );
        let ty = type_tokens(api, ty);
        quote!(round_trip::<#ty>(#json, #expected);)
    };
    quote! {
        #[doc = #doc]
        #[test]
        fn #fn_name() {
            #call
        }
    }
}

/// The root of the examples' test crate: the crate's types, and the round trips in a module
/// that `cargo fmt` leaves as printed.
fn examples_root(api: &Api) -> TokenStream {
    let library = ident(&api.models_crate.rust);
    quote! {
        //! The spec's examples, each read into its type and written back.

        #[rustfmt::skip]
        #[path = "examples/round_trips.rs"]
        mod round_trips;

        use #library::*;
    }
}

/// An example with the keys of every object that is a struct of ours in the order of the
/// struct's fields (then any extra keys), which is the order serde writes them in, and each
/// UUID and base64 string spelled as its type writes it.
fn in_field_order(api: &Api, ty: &TypeRef, value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match (ty, value) {
        (TypeRef::Uuid, Value::String(text)) => Value::String(written_uuid(text)),
        (TypeRef::Base64Bytes, Value::String(text)) => Value::String(written_base64(text)),
        // Free-form values are `serde_json::Value`, whose objects keep their keys sorted.
        (TypeRef::Json, Value::Object(map)) => {
            let mut sorted: Vec<(&String, &Value)> = map.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                sorted
                    .into_iter()
                    .map(|(key, item)| (key.clone(), in_field_order(api, &TypeRef::Json, item)))
                    .collect(),
            )
        }
        (TypeRef::Json, Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|item| in_field_order(api, &TypeRef::Json, item))
                .collect(),
        ),
        (TypeRef::Array(inner), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|item| in_field_order(api, inner, item))
                .collect(),
        ),
        (TypeRef::Map(inner), Value::Object(map)) => {
            let mut sorted: Vec<(&String, &Value)> = map.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                sorted
                    .into_iter()
                    .map(|(key, item)| (key.clone(), in_field_order(api, inner, item)))
                    .collect(),
            )
        }
        (TypeRef::Named(id), _) => match (&api.type_def(*id).kind, value) {
            (TypeKind::Alias(inner), _) => in_field_order(api, inner, value),
            (TypeKind::Struct(s), Value::Object(map)) => {
                let mut ordered = serde_json::Map::new();
                for field in &s.fields {
                    if let Some(item) = map.get(&field.name.wire) {
                        ordered.insert(
                            field.name.wire.clone(),
                            in_field_order(api, &field.ty, item),
                        );
                    } else if let Some(default) = &field.default {
                        // An absent field with a default is read as the default and written.
                        ordered.insert(field.name.wire.clone(), default.clone());
                    }
                }
                let mut extra: Vec<(&String, &Value)> = map
                    .iter()
                    .filter(|(key, _)| !ordered.contains_key(*key))
                    .collect();
                extra.sort_by(|a, b| a.0.cmp(b.0));
                for (key, item) in extra {
                    let item = match &s.additional {
                        Some(additional) => in_field_order(api, &additional.ty, item),
                        None => item.clone(),
                    };
                    ordered.insert(key.clone(), item);
                }
                Value::Object(ordered)
            }
            _ => value.clone(),
        },
        _ => value.clone(),
    }
}

/// A UUID as `uuid::Uuid` writes it: hyphenated and in lower case, whichever of the spellings
/// it reads (`{…}`, `urn:uuid:…`, 32 bare digits) the example uses. Text that is no UUID is left
/// as it is, for the example's test to report.
fn written_uuid(text: &str) -> String {
    let bare = text
        .strip_prefix("urn:uuid:")
        .or_else(|| {
            text.strip_prefix('{')
                .and_then(|rest| rest.strip_suffix('}'))
        })
        .unwrap_or(text)
        .to_ascii_lowercase();
    let digits: String = bare.chars().filter(|c| *c != '-').collect();
    let hyphens_in_place = bare.len() == 36
        && bare
            .char_indices()
            .all(|(at, c)| (c == '-') == matches!(at, 8 | 13 | 18 | 23));
    let well_formed = digits.len() == 32
        && digits.chars().all(|c| c.is_ascii_hexdigit())
        && (bare.len() == 32 || hyphens_in_place);
    if !well_formed {
        return text.to_owned();
    }
    let groups = [
        &digits[..8],
        &digits[8..12],
        &digits[12..16],
        &digits[16..20],
        &digits[20..],
    ];
    groups.join("-")
}

/// Base64 text as `Base64Bytes` writes it: with its padding, which it reads without.
fn written_base64(text: &str) -> String {
    let mut written = text.to_owned();
    if !text.ends_with('=') && text.len() % 4 > 1 {
        written.push_str(&"=".repeat(4 - text.len() % 4));
    }
    written
}

/// Whether an example holds a free-form object of two or more keys: serde_json's `Value`
/// orders such keys by the features of the whole build, so its bytes are not predictable.
fn free_form_object(api: &Api, ty: &TypeRef, value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (ty, value) {
        (TypeRef::Json, Value::Object(map)) => {
            map.len() > 1 || map.values().any(|item| free_form_object(api, ty, item))
        }
        (TypeRef::Json, Value::Array(items)) => {
            items.iter().any(|item| free_form_object(api, ty, item))
        }
        (TypeRef::Array(inner), Value::Array(items)) => {
            items.iter().any(|item| free_form_object(api, inner, item))
        }
        (TypeRef::Map(inner), Value::Object(map)) => {
            map.values().any(|item| free_form_object(api, inner, item))
        }
        (TypeRef::Named(id), _) => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => free_form_object(api, inner, value),
            // The union beside the fields writes its keys in its variant's order.
            TypeKind::Struct(s) if s.union.is_some() => {
                matches!(value, Value::Object(map) if map.len() > 1)
            }
            TypeKind::Struct(s) => match value {
                Value::Object(map) => map.iter().any(|(key, item)| {
                    match s.fields.iter().find(|field| &field.name.wire == key) {
                        Some(field) => free_form_object(api, &field.ty, item),
                        None => s
                            .additional
                            .as_ref()
                            .is_some_and(|extra| free_form_object(api, &extra.ty, item)),
                    }
                }),
                _ => false,
            },
            // A union's variant is not known here: compare as a value to be safe.
            TypeKind::Union(_) => matches!(value, Value::Object(map) if map.len() > 1),
            TypeKind::Enum(_) => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{emit, written_base64, written_uuid};
    use crate::templates::Templates;
    use crate::{ir, spec};

    /// The manifest and `lib.rs` of the models crate of a spec with one schema, `Thing`.
    fn manifest_and_lib(thing: &str) -> (String, String) {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{ title: T, version: \"1\" }}\npaths: {{}}\ncomponents:\n  schemas:\n    Thing: {thing}\n"
        );
        let spec = spec::parse("t.yaml", "t", &text).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let templates =
            Templates::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"))
                .expect("the templates load");
        let files = emit(&api, &templates).expect("it emits");
        let file = |path: &str| files.get(path).expect("the file is written").to_owned();
        (file("Cargo.toml"), file("src/lib.rs"))
    }

    #[test]
    fn uuid_and_base64bytes_come_in_where_a_type_holds_them() {
        let (manifest, lib) = manifest_and_lib(
            "{ type: object, properties: { ids: { type: array, items: { type: string, format: uuid } } } }",
        );
        assert!(
            manifest.contains("\nuuid = { version = \"1\""),
            "{manifest}"
        );
        assert!(!lib.contains("Base64Bytes"), "{lib}");
        let (manifest, lib) = manifest_and_lib(
            "{ type: object, additionalProperties: { type: string, format: byte } }",
        );
        assert!(!manifest.contains("uuid"), "{manifest}");
        assert!(
            lib.contains("pub use specforge_runtime::Base64Bytes;"),
            "{lib}"
        );
    }

    #[test]
    fn uuids_are_expected_as_uuid_writes_them() {
        let written = "123e4567-e89b-12d3-a456-426614174000";
        for spelling in [
            written,
            "123E4567-E89B-12D3-A456-426614174000",
            "{123e4567-e89b-12d3-a456-426614174000}",
            "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
            "123e4567e89b12d3a456426614174000",
        ] {
            assert_eq!(written_uuid(spelling), written, "{spelling}");
        }
        // Not a UUID: left for the example's test to refuse.
        for text in [
            "",
            "string",
            "123e4567-e89b12d3-a456-4266141740000",
            "ü23e4567",
        ] {
            assert_eq!(written_uuid(text), text);
        }
    }

    #[test]
    fn base64_is_expected_with_its_padding() {
        assert_eq!(written_base64("aGVsbG8"), "aGVsbG8=");
        assert_eq!(written_base64("aGk"), "aGk=");
        assert_eq!(written_base64("aA"), "aA==");
        assert_eq!(written_base64("aGVsbG8="), "aGVsbG8=");
        assert_eq!(written_base64(""), "");
    }
}
