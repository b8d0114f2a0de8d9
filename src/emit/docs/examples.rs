//! Examples for the docs: JSON bodies (the spec's own examples, or a sample built from the type),
//! and Rust code that builds a value with the API's generated models crate.
//!
//! The Rust is built like every other Rust this crate writes, with `quote!` and `prettyplease`.
//! It must compile against the models crate, so it mirrors how `emit::models` holds each field
//! (`Option`, `Nullable`, a defaulted plain value, `Box`); `tests/docs_fidelity.rs` compiles
//! the seed model's example to keep the two in step.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::emit::rust::{ident, print_file};
use crate::error::Result;
use crate::ir::{Api, Field, Holding, TypeId, TypeKind, TypeRef, Webhook};

/// How deep a sample follows nested objects (recursive types end in an empty value).
const MAX_DEPTH: usize = 6;

/// The sample of a `format: uuid` string: RFC 4122's own example.
const SAMPLE_UUID: &str = "123e4567-e89b-12d3-a456-426614174000";

/// The sample of a `format: byte` string: `hello`, in base64.
const SAMPLE_BASE64: &str = "aGVsbG8=";

/// A JSON sample of a type: where the spec gives no example, a value of the right shape with
/// placeholders (`"<string>"`, `0`, `true`), every property included.
pub(super) fn json_sample(api: &Api, ty: &TypeRef) -> Value {
    sample(api, ty, 0)
}

fn sample(api: &Api, ty: &TypeRef, depth: usize) -> Value {
    match ty {
        TypeRef::String | TypeRef::FormattedString(_) => Value::from("<string>"),
        TypeRef::Integer(_) => Value::from(0),
        TypeRef::Number(_) => Value::from(0.0),
        TypeRef::Boolean => Value::from(true),
        TypeRef::DateTime => Value::from("2024-01-01T00:00:00Z"),
        TypeRef::Date => Value::from("2024-01-01"),
        TypeRef::Uuid => Value::from(SAMPLE_UUID),
        TypeRef::Base64Bytes => Value::from(SAMPLE_BASE64),
        TypeRef::Json => Value::Object(Default::default()),
        TypeRef::Bytes => Value::from("<bytes>"),
        TypeRef::File => Value::from("<file>"),
        TypeRef::External(external) => sample(api, &external.wire, depth),
        TypeRef::Array(inner) if depth < MAX_DEPTH => {
            Value::Array(vec![sample(api, inner, depth + 1)])
        }
        TypeRef::Array(_) => Value::Array(Vec::new()),
        TypeRef::Map(inner) if depth < MAX_DEPTH => {
            let mut map = serde_json::Map::new();
            map.insert("<key>".to_owned(), sample(api, inner, depth + 1));
            Value::Object(map)
        }
        TypeRef::Map(_) => Value::Object(Default::default()),
        TypeRef::Named(id) => {
            let def = api.type_def(*id);
            if let Some(example) = &def.example {
                return example.as_ref().clone();
            }
            match &def.kind {
                TypeKind::Struct(s) if depth < MAX_DEPTH => {
                    let mut map = serde_json::Map::new();
                    for field in &s.fields {
                        let value = field
                            .example
                            .clone()
                            .or_else(|| field.spec_default.clone())
                            .unwrap_or_else(|| sample(api, &field.ty, depth + 1));
                        map.insert(field.name.wire.clone(), value);
                    }
                    // The union's keys sit beside the fields.
                    if let Some(union) = &s.union {
                        if let Value::Object(keys) = sample(api, &union.ty, depth + 1) {
                            map.extend(keys);
                        }
                    }
                    Value::Object(map)
                }
                TypeKind::Struct(_) => Value::Object(Default::default()),
                TypeKind::Enum(e) => e
                    .variants
                    .first()
                    .map_or(Value::Null, |v| Value::from(v.name.wire.clone())),
                TypeKind::Union(u) if depth < MAX_DEPTH => u
                    .variants
                    .first()
                    .map_or(Value::Null, |v| sample(api, &v.ty, depth + 1)),
                TypeKind::Alias(inner) if depth < MAX_DEPTH => sample(api, inner, depth + 1),
                TypeKind::Union(_) | TypeKind::Alias(_) => Value::Null,
            }
        }
    }
}

/// One `let` of a Rust example: `let <binding> = <a value of ty built from example>;`.
pub(super) struct Binding<'v> {
    pub name: &'v str,
    pub ty: &'v TypeRef,
    /// The value to build, where there is one; placeholders fill in what it leaves out.
    pub example: Option<&'v Value>,
    /// The enum and variant that hold the value (a body per media type), if any.
    pub variant: Option<(&'v str, &'v str)>,
}

/// Rust code that builds each binding's value with the models crate `krate`: a `use` of the
/// types it names, then one `let` per binding.
pub(super) fn rust_code(api: &Api, krate: &str, bindings: &[Binding<'_>]) -> Result<String> {
    let mut builder = RustValues {
        api,
        used: BTreeSet::new(),
    };
    let lets: Vec<TokenStream> = bindings
        .iter()
        .map(|binding| {
            let name = ident(binding.name);
            let value = builder.value(binding.ty, binding.example, 0);
            let value = match binding.variant {
                Some((holder, variant)) => {
                    builder.used.insert(holder.to_owned());
                    let (holder, variant) = (ident(holder), ident(variant));
                    quote!(#holder::#variant(#value))
                }
                None => value,
            };
            quote!(let #name = #value;)
        })
        .collect();
    let krate_ident = ident(krate);
    let names: Vec<_> = builder.used.iter().map(|name| ident(name)).collect();
    let uses = match names.len() {
        0 => quote!(),
        1 => quote!(use #krate_ident::#(#names)*;),
        _ => quote!(use #krate_ident::{#(#names),*};),
    };
    statements(uses, quote!(#(#lets)*))
}

/// Rust that reads a delivery of a webhook into the models crate's webhook enum, and matches
/// the webhook's variant.
pub(super) fn delivery_code(api: &Api, krate: &str, webhook: &Webhook) -> Result<String> {
    let Some(enum_name) = api.webhook_type.as_deref() else {
        return Ok(String::new());
    };
    let krate = ident(krate);
    let enum_ident = ident(enum_name);
    let variant = ident(&webhook.name.rust);
    let wire = &webhook.name.wire;
    let read = quote!(#enum_ident::from_json(#wire, &body));
    let handled = match webhook.payload.as_ref().and_then(|p| p.ty.as_ref()) {
        Some(_) => quote! {
            if let Some(Ok(#enum_ident::#variant(payload))) = #read {
                println!("{payload:?}");
            }
        },
        None => quote! {
            if let Some(Ok(delivery)) = #read {
                println!("{}", delivery.name());
            }
        },
    };
    statements(quote!(use #krate::#enum_ident;), handled)
}

/// `uses` and the statements `body`, printed: the `use` lines, then the statements unindented.
fn statements(uses: TokenStream, body: TokenStream) -> Result<String> {
    // prettyplease prints items, so the statements go in a function whose body is then
    // taken out and unindented.
    let printed = print_file(
        "docs example",
        quote! {
            #uses
            fn example() {
                #body
            }
        },
    )?;
    let mut out = Vec::new();
    let mut in_body = false;
    for line in printed.lines() {
        if line == "fn example() {" {
            in_body = true;
        } else if in_body && line == "}" {
            in_body = false;
        } else if in_body {
            out.push(line.strip_prefix("    ").unwrap_or(line).to_owned());
        } else {
            out.push(line.to_owned());
        }
    }
    Ok(out.join("\n").trim().to_owned() + "\n")
}

struct RustValues<'a> {
    api: &'a Api,
    /// The models crate's types the code names, for its `use`.
    used: BTreeSet<String>,
}

impl RustValues<'_> {
    fn value(&mut self, ty: &TypeRef, example: Option<&Value>, depth: usize) -> TokenStream {
        if depth > 4 * MAX_DEPTH {
            // Only a type that requires itself gets here, and no finite value has such a type.
            return quote!(todo!());
        }
        match ty {
            TypeRef::String | TypeRef::FormattedString(_) => {
                let text = example.and_then(Value::as_str).unwrap_or("<value>");
                quote!(#text.to_owned())
            }
            TypeRef::Integer(_) => {
                let literal = Literal::i64_unsuffixed(example.and_then(Value::as_i64).unwrap_or(0));
                quote!(#literal)
            }
            TypeRef::Number(_) => {
                let literal =
                    Literal::f64_unsuffixed(example.and_then(Value::as_f64).unwrap_or(0.0));
                quote!(#literal)
            }
            TypeRef::Boolean => {
                let flag = example.and_then(Value::as_bool).unwrap_or(false);
                quote!(#flag)
            }
            TypeRef::DateTime | TypeRef::Date => {
                let fallback = if matches!(ty, TypeRef::Date) {
                    "2024-01-01"
                } else {
                    "2024-01-01T00:00:00Z"
                };
                let text = example.and_then(Value::as_str).unwrap_or(fallback);
                quote!(#text.parse().expect("a valid date"))
            }
            TypeRef::Uuid => {
                let text = example.and_then(Value::as_str).unwrap_or(SAMPLE_UUID);
                quote!(#text.parse().expect("a valid UUID"))
            }
            TypeRef::Base64Bytes => {
                self.used.insert("Base64Bytes".to_owned());
                let text = example.and_then(Value::as_str).unwrap_or(SAMPLE_BASE64);
                quote!(Base64Bytes::from_base64(#text).expect("base64 text"))
            }
            TypeRef::Json => match example {
                Some(value) => {
                    let tokens = json_tokens(value);
                    quote!(serde_json::json!(#tokens))
                }
                None => quote!(serde_json::Value::Null),
            },
            TypeRef::Bytes => quote!(Vec::new()),
            TypeRef::File => {
                self.used.insert("FilePart".to_owned());
                quote!(FilePart::default())
            }
            TypeRef::Array(inner) => {
                let items: Vec<TokenStream> = match example.and_then(Value::as_array) {
                    Some(values) if depth < MAX_DEPTH => values
                        .iter()
                        .map(|value| self.value(inner, Some(value), depth + 1))
                        .collect(),
                    _ => Vec::new(),
                };
                if items.is_empty() {
                    quote!(Vec::new())
                } else {
                    quote!(vec![#(#items),*])
                }
            }
            TypeRef::Map(inner) => {
                let entries: Vec<TokenStream> = match example.and_then(Value::as_object) {
                    Some(map) if depth < MAX_DEPTH => map
                        .iter()
                        .map(|(key, value)| {
                            let value = self.value(inner, Some(value), depth + 1);
                            quote!((#key.to_owned(), #value))
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                if entries.is_empty() {
                    quote!(std::collections::BTreeMap::new())
                } else {
                    quote!(std::collections::BTreeMap::from([#(#entries),*]))
                }
            }
            TypeRef::Named(id) => self.named(*id, example, depth),
            // The user's type is read from the JSON the spec's type would write.
            TypeRef::External(external) => {
                let json = example
                    .cloned()
                    .unwrap_or_else(|| json_sample(self.api, &external.wire));
                let tokens = json_tokens(&json);
                quote!(serde_json::from_value(serde_json::json!(#tokens)).expect("a valid value"))
            }
        }
    }

    fn named(&mut self, id: TypeId, example: Option<&Value>, depth: usize) -> TokenStream {
        let def = self.api.type_def(id);
        let name = ident(&def.name.rust);
        let example = example.or(def.example.as_deref());
        match &def.kind {
            TypeKind::Struct(s) => {
                self.used.insert(def.name.rust.clone());
                let given = example.and_then(Value::as_object);
                let has_default =
                    s.union.is_none() && s.fields.iter().all(|f| !f.presence.required);
                if depth >= MAX_DEPTH && has_default {
                    return quote!(#name::default());
                }
                let mut inits = Vec::new();
                for field in &s.fields {
                    let value = given.and_then(|map| map.get(&field.name.wire));
                    if has_default && value.is_none() {
                        continue;
                    }
                    let field_name = ident(&field.name.rust);
                    let held = self.held(field, value, depth);
                    inits.push(quote!(#field_name: #held));
                }
                if has_default && inits.is_empty() {
                    return quote!(#name::default());
                }
                let rest = has_default.then(|| quote!(..Default::default()));
                let additional = (!has_default)
                    .then_some(s.additional.as_ref())
                    .flatten()
                    .map(|extra| {
                        let extra = ident(&extra.name);
                        quote!(#extra: std::collections::BTreeMap::new(),)
                    });
                // The union reads its variant from the same example object as the fields.
                let union = s.union.as_ref().map(|union| {
                    let union_name = ident(&union.name);
                    let mut value = self.value(&union.ty, example, depth + 1);
                    if union.boxed {
                        value = quote!(Box::new(#value));
                    }
                    quote!(#union_name: #value,)
                });
                quote!(#name { #(#inits,)* #union #additional #rest })
            }
            TypeKind::Enum(e) => {
                self.used.insert(def.name.rust.clone());
                let wanted = example.and_then(Value::as_str);
                let variant = e
                    .variants
                    .iter()
                    .find(|v| Some(v.name.wire.as_str()) == wanted)
                    .or(e.variants.first());
                match (variant, &e.unknown) {
                    (Some(variant), _) => {
                        let variant = ident(&variant.name.rust);
                        quote!(#name::#variant)
                    }
                    (None, Some(unknown)) => {
                        let unknown = ident(&unknown.rust);
                        let text = wanted.unwrap_or("<value>");
                        quote!(#name::#unknown(#text.to_owned()))
                    }
                    (None, None) => quote!(unreachable!("an enum without values")),
                }
            }
            TypeKind::Union(u) => {
                self.used.insert(def.name.rust.clone());
                match u.variants.first() {
                    Some(variant) if depth < MAX_DEPTH => {
                        let variant_name = ident(&variant.name.rust);
                        // Without an example, a tagged variant still carries its tag.
                        let tagged = match (&u.discriminator, &variant.tag) {
                            (Some(property), Some(tag)) => {
                                Some(serde_json::json!({ property.as_str(): tag }))
                            }
                            _ => None,
                        };
                        let example = example.or(tagged.as_ref());
                        let mut inner = self.value(&variant.ty, example, depth + 1);
                        if variant.boxed {
                            inner = quote!(Box::new(#inner));
                        }
                        quote!(#name::#variant_name(#inner))
                    }
                    _ => quote!(todo!()),
                }
            }
            TypeKind::Alias(inner) if depth < MAX_DEPTH => self.value(inner, example, depth + 1),
            TypeKind::Alias(_) => quote!(Default::default()),
        }
    }

    /// A field's value as the models crate holds it ([`Field::holding`]).
    fn held(&mut self, field: &Field, value: Option<&Value>, depth: usize) -> TokenStream {
        let build = |this: &mut Self, value: Option<&Value>| {
            let inner = this.value(&field.ty, value, depth + 1);
            if field.boxed {
                quote!(Box::new(#inner))
            } else {
                inner
            }
        };
        match (field.holding(), value) {
            (Holding::Plain, value) => build(self, value),
            (Holding::RequiredNullable | Holding::Optional, None | Some(Value::Null)) => {
                quote!(None)
            }
            (Holding::RequiredNullable | Holding::Optional, value) => {
                let inner = build(self, value);
                quote!(Some(#inner))
            }
            (Holding::Tristate, None) => {
                self.used.insert("Nullable".to_owned());
                quote!(Nullable::Absent)
            }
            (Holding::Tristate, Some(Value::Null)) => {
                self.used.insert("Nullable".to_owned());
                quote!(Nullable::Null)
            }
            (Holding::Tristate, value) => {
                self.used.insert("Nullable".to_owned());
                let inner = build(self, value);
                quote!(Nullable::Value(#inner))
            }
            (Holding::Defaulted, None | Some(Value::Null)) => build(self, field.default.as_ref()),
            (Holding::Defaulted, value) => build(self, value),
        }
    }
}

/// A JSON value as the tokens of a `serde_json::json!` invocation.
fn json_tokens(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(null),
        Value::Bool(flag) => quote!(#flag),
        Value::Number(number) => match (number.as_i64(), number.as_f64()) {
            (Some(int), _) => {
                let literal = Literal::i64_unsuffixed(int);
                quote!(#literal)
            }
            (None, Some(float)) => {
                let literal = Literal::f64_unsuffixed(float);
                quote!(#literal)
            }
            (None, None) => quote!(null),
        },
        Value::String(text) => quote!(#text),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(map) => {
            let entries = map.iter().map(|(key, value)| {
                let value = json_tokens(value);
                quote!(#key: #value)
            });
            quote!({ #(#entries),* })
        }
    }
}
